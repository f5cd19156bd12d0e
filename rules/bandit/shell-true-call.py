import subprocess
import subprocess as sp

from invoke import run as invoke_run

from helpers import run_command


class Runner(subprocess.Popen):
    pass


def cases(cmd, ctx):
    # ruleid: shell-true-call
    run_command(cmd, shell=True)
    # ruleid: shell-true-call
    ctx.execute(
        cmd,
        shell=True,
    )
    # ruleid: shell-true-call
    invoke_run(cmd, shell=True)
    # ok: shell-true-call
    subprocess.run(cmd, shell=True)
    # ok: shell-true-call
    sp.Popen(cmd, shell=True)
    # ok: shell-true-call
    Runner(cmd, shell=True)
    # ok: shell-true-call
    run_command(cmd, shell=False)
    # ok: shell-true-call
    run_command(cmd)
    # ok: shell-true-call
    run_command(cmd, shell=True)  # nosec B604
    # ok: shell-true-call
    run_command(cmd, shell=True)  # noqa: S604


def _advised_fix_shell_true_call(path):
    import subprocess

    # fix: shell-true-call
    subprocess.run(["ls", "-l", "--", path], check=True)
