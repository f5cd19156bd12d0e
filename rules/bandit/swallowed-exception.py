import json
import os


def load(paths):
    for p in paths:
        try:
            os.remove(p)
        # ruleid: swallowed-exception
        except:
            pass
        try:
            json.loads(p)
        # ruleid: swallowed-exception
        except Exception:
            continue
        try:
            json.loads(p)
        # ruleid: swallowed-exception
        except BaseException as e:
            pass
        try:
            os.remove(p)
        # ok: swallowed-exception
        except FileNotFoundError:
            pass
        try:
            os.remove(p)
        # ok: swallowed-exception
        except (OSError, ValueError):
            pass
        try:
            os.remove(p)
        # ok: swallowed-exception
        except Exception:
            # the file may already be gone; nothing else to do
            pass
        try:
            os.remove(p)
        # ok: swallowed-exception
        except Exception:
            log(p)
        try:
            os.remove(p)
        # ok: swallowed-exception
        except Exception:  # nosec B110
            pass
        try:
            os.remove(p)
        # ok: swallowed-exception
        except Exception:
            continue  # noqa: S112


def commented(p):
    try:
        os.remove(p)
    # ok: swallowed-exception
    except Exception:
        # nothing to do: the file is a cache entry
        pass
    try:
        os.remove(p)
    # ok: swallowed-exception
    except Exception:  # a cache entry; gone is fine
        pass


def log(p):
    print(p)


def _advised_fix_swallowed_exception(path):
    import os

    try:
        os.remove(path)
    # fix: swallowed-exception
    except FileNotFoundError:
        pass  # first run, nothing cached yet
