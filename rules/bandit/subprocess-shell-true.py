import subprocess
import subprocess as sp
from subprocess import Popen as P, run

cmd = "ls -l"


def cases(user_dir, branch):
    # ruleid: subprocess-shell-true
    subprocess.call("rm -rf " + user_dir, shell=True)
    # ruleid: subprocess-shell-true
    sp.Popen(f"git log {branch}", shell=True)
    # ruleid: subprocess-shell-true
    P("echo %s" % branch, shell=True)
    # ruleid: subprocess-shell-true
    run(
        "du -sh {}".format(user_dir),
        shell=True,
    )
    # ruleid: subprocess-shell-true
    subprocess.run("ls -l", shell=True)
    # ruleid: subprocess-shell-true
    subprocess.check_output(cmd, shell=True)
    # ruleid: subprocess-shell-true
    subprocess.run(user_dir, shell=True)
    # ok: subprocess-shell-true
    subprocess.run(["git", "log", branch])
    # ok: subprocess-shell-true
    subprocess.run("ls", shell=False)
    # ok: subprocess-shell-true
    subprocess.run("ls -l", shell=True)  # nosec B602
    # ok: subprocess-shell-true
    subprocess.run(
        "ls -l",
        shell=True,  # noqa: S602
    )
    # ok: subprocess-shell-true
    subprocess.run("ls", shell=True)  # hunkwise: ignore[subprocess-shell-true]


class Runner(subprocess.Popen):
    def __init__(self, command):
        # ruleid: subprocess-shell-true
        super().__init__(command, shell=True)


def subclass_call(x):
    # ruleid: subprocess-shell-true
    Runner(x, shell=True)


def quoted(path):
    import shlex

    # ruleid: subprocess-shell-true
    subprocess.run("ls -l " + shlex.quote(path), shell=True)


def wrapper(command, use_shell):
    # ruleid: subprocess-shell-true
    subprocess.run(command, shell=use_shell)


def _advised_fix_subprocess_shell_true(branch):
    import subprocess

    # fix: subprocess-shell-true
    subprocess.run(["git", "log", branch])
    # fix: subprocess-shell-true
    subprocess.call(["ping", host_of(branch)])
