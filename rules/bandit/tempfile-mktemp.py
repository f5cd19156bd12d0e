import tempfile
from tempfile import mktemp as make_name


def scratch():
    # ruleid: tempfile-mktemp
    path = tempfile.mktemp()
    # ruleid: tempfile-mktemp
    other = make_name(
        suffix=".txt",
    )
    # ok: tempfile-mktemp
    fd, safe = tempfile.mkstemp()
    # ok: tempfile-mktemp
    legacy = tempfile.mktemp()  # nosec B306
    return path, other, fd, safe, legacy


def _advised_fix_tempfile_mktemp():
    import tempfile

    # fix: tempfile-mktemp
    fd, path = tempfile.mkstemp()
    return fd, path
