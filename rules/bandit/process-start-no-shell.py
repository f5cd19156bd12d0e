import os
import sys
from os import execvp


def cases(program, args, path):
    # ruleid: process-start-no-shell
    os.execv(program, args)
    # ruleid: process-start-no-shell
    execvp(program, [program, "status"])
    # ruleid: process-start-no-shell
    os.spawnv(os.P_WAIT, program, args)
    # ruleid: process-start-no-shell -- hygiene: a fixed program
    os.spawnlp(os.P_WAIT, "ls", "ls", path)
    # ruleid: process-start-no-shell -- hygiene: a fixed program
    execvp("git", ["git", "status"])
    # ruleid: process-start-no-shell -- hygiene: a fixed program
    os.execv(sys.executable, [sys.executable] + args)
    # ruleid: process-start-no-shell -- hygiene: a fixed document
    os.startfile("report.pdf")
    # ruleid: process-start-no-shell
    os.posix_spawn(
        program,
        args,
        os.environ,
    )
    # ok: process-start-no-shell
    os.path.exists(path)
    # ok: process-start-no-shell
    os.execv(program, args)  # nosec B606
    # ok: process-start-no-shell
    os.execv(program, args)  # noqa: S606


def _advised_fix_process_start_no_shell(args):
    import subprocess

    # fix: process-start-no-shell
    subprocess.run(["/usr/bin/rsync", "--", *args], check=True)
