# ruleid: subprocess-import
import subprocess
# ruleid: subprocess-import
import subprocess as sp
# ruleid: subprocess-import
from subprocess import Popen, PIPE
# ruleid: subprocess-import -- hygiene: Bandit reports it
from subprocess import CalledProcessError, PIPE
# ok: subprocess-import
import subprocess32x
# ok: subprocess-import
import subprocess  # nosec B404
# ok: subprocess-import
from subprocess import run  # noqa: S404


def _advised_fix_subprocess_import():
    # fix: subprocess-import
    subprocess.run(["git", "status"], check=True)
