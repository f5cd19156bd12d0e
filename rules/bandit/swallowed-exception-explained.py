import os


def cleanup(paths):
    for p in paths:
        try:
            os.remove(p)
        # ruleid: swallowed-exception-explained
        except Exception:
            # a cache entry: gone already is fine
            continue
        try:
            os.rmdir(os.path.dirname(p))
        # ruleid: swallowed-exception-explained
        except:  # the directory may still hold other entries
            pass
        try:
            os.remove(p + ".lock")
        # ok: swallowed-exception-explained
        except Exception:
            pass
        try:
            os.remove(p + ".tmp")
        # ok: swallowed-exception-explained
        except Exception:
            # the temporary file may be gone
            print(p)
        try:
            os.remove(p + ".bak")
        # ok: swallowed-exception-explained
        except Exception:  # nosec B110 -- a backup; gone is fine
            pass


def _advised_fix_swallowed_exception_explained(p):
    try:
        os.remove(p)
    # fix: swallowed-exception-explained
    except FileNotFoundError:  # a cache entry; gone is fine
        pass
