import sh
from sh import bash


def run_tool(tool, target):
    # ruleid: sh-command-from-data
    program = sh.Command(tool)
    return program(target)


def archive(path):
    # ruleid: sh-command-from-data
    return bash("-c", f"tar -czf /backups/out.tgz {path}")


def script(body):
    # ruleid: sh-command-from-data
    return sh.sh("-c", body)


def ok_cases(path, url, dest):
    # ok: sh-command-from-data
    a = sh.Command("/usr/bin/git")
    # ok: sh-command-from-data
    b = sh.bash("-c", "echo ready")
    # ok: sh-command-from-data
    c = sh.git("clone", "--", url, dest)
    return a, b, c


def _advised_fix_sh_command_from_data(path):
    # fix: sh-command-from-data
    return sh.tar("-czf", "/backups/out.tgz", "--", path)
