import asyncio
import os
import subprocess
from os import system as sh

CLEAR = "clear"


async def cases(host, path, cmd):
    # ruleid: shell-command-call
    os.system("ping -c 1 " + host)
    # ruleid: shell-command-call
    os.popen(f"ls {path}").read()
    # ruleid: shell-command-call
    sh("rm -rf %s" % path)
    # ruleid: shell-command-call
    subprocess.getoutput("du -sh {}".format(path))
    # ruleid: shell-command-call
    os.system(cmd)
    # ruleid: shell-command-call
    await asyncio.create_subprocess_shell(
        cmd,
    )
    # ruleid: shell-command-call
    os.system("clear")
    # ruleid: shell-command-call
    os.system(CLEAR)
    # ok: shell-command-call
    subprocess.run(["ping", "-c", "1", host], check=True)
    # ok: shell-command-call
    os.path.join(path, "x")
    # ok: shell-command-call
    os.system(cmd)  # nosec B605
    # ok: shell-command-call
    os.system(cmd)  # noqa: S605


def _advised_fix_shell_command_call(host):
    import subprocess

    # fix: shell-command-call
    subprocess.run(["ping", "-c", "1", host], check=True)
