import tempfile
from tempfile import mktemp


def scratch():
    # ruleid: tempfile-mktemp -- Bandit B306
    name = tempfile.mktemp()
    # ruleid: tempfile-mktemp -- Bandit B306
    other = mktemp(suffix=".csv")
    return name, other
