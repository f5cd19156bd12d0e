import os
import subprocess
import sys
from subprocess import run as execute

GIT = "/usr/bin/git"


def cases(path):
    # ruleid: partial-executable-path
    subprocess.run(["git", "status"], check=True)
    # ruleid: partial-executable-path
    execute(("ls", "-l", path))
    # ruleid: partial-executable-path
    os.system("ls -l")
    # ruleid: partial-executable-path
    os.popen2("uptime")
    # ruleid: partial-executable-path
    subprocess.Popen(
        args=["tar", "czf", "out.tgz", path],
    )
    # ok: partial-executable-path
    subprocess.run(["/usr/bin/git", "status"], check=True)
    # ok: partial-executable-path
    subprocess.run([GIT, "status"], check=True)
    # ok: partial-executable-path
    subprocess.run([sys.executable, "-m", "pip", "list"], check=True)
    # ok: partial-executable-path
    subprocess.run(["./build.sh"], check=True)
    # ok: partial-executable-path
    subprocess.run([r"C:\Tools\tool.exe"], check=True)
    # ok: partial-executable-path
    subprocess.run(path)
    # ok: partial-executable-path
    subprocess.run(["git", "status"])  # nosec B607
    # ok: partial-executable-path
    subprocess.run(["git", "status"])  # noqa: S607


def _advised_fix_partial_executable_path():
    import shutil
    import subprocess

    git = shutil.which("git", path="/usr/bin:/bin")
    # fix: partial-executable-path
    subprocess.run([git, "status"], check=True)
