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
