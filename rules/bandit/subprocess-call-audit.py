import subprocess
import sys
from subprocess import check_output as read_output

TOOLS = ["git", "--version"]


def status(path, program):
    # ruleid: subprocess-call-audit
    subprocess.run(["git", "status", "--short"], check=True)
    # ruleid: subprocess-call-audit
    subprocess.check_call([sys.executable, "-m", "pip", "list"])
    # ruleid: subprocess-call-audit
    read_output(
        TOOLS,
        shell=False,
    )
    # ruleid: subprocess-call-audit
    subprocess.Popen(program)
    # ok: subprocess-call-audit
    subprocess.run("git status", shell=True)
    # ok: subprocess-call-audit
    subprocess.run(["git", "status"])  # nosec B603
    # ok: subprocess-call-audit
    subprocess.run(["git", "status"])  # noqa: S603


def _advised_fix_subprocess_call_audit(path):
    import subprocess

    # fix: subprocess-call-audit
    subprocess.run(["git", "log", "--", path], check=True)
