import os


def remove_quietly(path):
    try:
        os.remove(path)
    # ruleid: swallowed-exception -- Bandit B110
    except:
        pass
    try:
        os.rmdir(os.path.dirname(path))
    # ruleid: swallowed-exception -- Bandit B110
    except Exception:
        pass
    try:
        os.remove(path + ".lock")
    # ruleid: swallowed-exception-explained -- Bandit B110
    except Exception:
        # another worker may have removed it first
        pass
