import subprocess
import subprocess as sp
import sys
from subprocess import check_output as out

GIT = ["git", "status", "--short"]


def cases(path, cmd, flag):
    # ruleid: subprocess-without-shell
    sp.Popen(cmd)
    # ruleid: subprocess-without-shell
    out(
        [cmd, "--version"],
        shell=False,
    )
    # ruleid: subprocess-without-shell
    subprocess.run(args=cmd)
    # ok: subprocess-without-shell
    subprocess.run(["git", "log", "--", path], check=True)
    # ok: subprocess-without-shell
    subprocess.run([sys.executable, "-c", "print(1)"], check=True)
    # ok: subprocess-without-shell
    subprocess.run(["git", "status"], check=True)
    # ok: subprocess-without-shell
    subprocess.run(GIT)
    # ok: subprocess-without-shell
    subprocess.call("true")
    # ok: subprocess-without-shell
    subprocess.run(cmd, shell=True)
    # ok: subprocess-without-shell
    subprocess.run(cmd, shell=flag)
    # ok: subprocess-without-shell
    subprocess.run(cmd)  # nosec B603
    # ok: subprocess-without-shell
    subprocess.run(cmd)  # noqa: S603


GIT_PROGRAM = "/usr/bin/git"


def _advised_fix_subprocess_without_shell(path):
    import subprocess

    # fix: subprocess-without-shell
    subprocess.run([GIT_PROGRAM, "log", "--", path], check=True)
