import logging
import os
import tempfile
from pathlib import Path

# ruleid: hardcoded-tmp-path
LOCK_FILE = "/tmp/myapp.lock"
# ok: hardcoded-tmp-path
CANDIDATE_DIRS = ["/tmp", "/var/tmp", "/dev/shm"]


# ruleid: hardcoded-tmp-path
def dump(data, path="/var/tmp/dump.json"):
    # ruleid: hardcoded-tmp-path
    with open("/tmp/report.csv", "w") as f:
        f.write(data)
    # ruleid: hardcoded-tmp-path
    os.makedirs(f"/dev/shm/{data}", exist_ok=True)
    # ruleid: hardcoded-tmp-path
    logging.FileHandler(filename="/tmp/app.log")
    # ruleid: hardcoded-tmp-path
    target = os.path.join("/tmp", "upload.bin")
    # ruleid: hardcoded-tmp-path
    cache = Path("/tmp") / "cache.db"
    # ok: hardcoded-tmp-path
    fd, name = tempfile.mkstemp(dir="/tmp")
    # ok: hardcoded-tmp-path
    private = os.path.join(tempfile.mkdtemp(), "upload.bin")
    # ok: hardcoded-tmp-path
    print("writing /tmp/report.csv")
    # ok: hardcoded-tmp-path
    logging.info("stale lock in /tmp/myapp.lock")
    # ok: hardcoded-tmp-path
    if path.startswith("/tmp/"):
        return None
    # ok: hardcoded-tmp-path
    open("/tmp/known.txt")  # nosec B108
    # ok: hardcoded-tmp-path
    open("/tmp/known.txt")  # noqa: S108
    return target, cache, fd, name, private


def _advised_fix_hardcoded_tmp_path():
    import os
    import tempfile

    tmpdir = tempfile.mkdtemp()
    # fix: hardcoded-tmp-path
    return os.path.join(tmpdir, "out.json")
