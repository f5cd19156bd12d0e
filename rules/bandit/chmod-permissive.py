import os
import stat
from os import chmod as change_mode
from pathlib import Path


def cases(path, fd, mode):
    # ruleid: chmod-permissive
    os.chmod(path, 0o777)
    # ruleid: chmod-permissive
    change_mode(path, 0o666)
    # ruleid: chmod-permissive
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
    # ruleid: chmod-permissive
    os.fchmod(
        fd,
        mode=stat.S_IRUSR | stat.S_IWOTH,
    )
    # ruleid: chmod-permissive
    Path(path).chmod(0o777)
    # ruleid: chmod-permissive
    os.chmod(path, 0o4755)
    # ruleid: chmod-permissive -- hygiene: group-executable
    os.chmod(path, 0o755)
    # ok: chmod-permissive
    os.chmod(path, 0o600)
    # ok: chmod-permissive
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    # ok: chmod-permissive
    os.chmod(path, mode)
    # ok: chmod-permissive
    Path(path).chmod(0o644)
    # ok: chmod-permissive
    os.chmod(path, 0o777)  # nosec B103
    # ok: chmod-permissive
    os.chmod(path, 0o777)  # noqa: S103


def _advised_fix_chmod_permissive(path):
    import os

    # fix: chmod-permissive
    os.chmod(path, 0o600)
