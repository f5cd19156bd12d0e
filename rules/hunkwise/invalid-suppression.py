import os
import subprocess


def run(host):
    # ruleid: invalid-suppression
    os.system("ping " + host)  # nosec B60
    # ruleid: invalid-suppression
    os.system("ping " + host)  # nosec XYZ123
    # ruleid: invalid-suppression
    subprocess.run(host, shell=True)  # hunkwise: ignore[subprocess-shell-ture]
    # ok: invalid-suppression
    os.system("ping " + host)  # nosec b605
    # ok: invalid-suppression
    os.system("ping " + host)  # NOSEC
    # ok: invalid-suppression
    subprocess.run(host, shell=True)  # nosec B602 -- reviewed: host is validated above
    # ok: invalid-suppression
    x = 1  # noqa: E501


def _advised_fix_invalid_suppression(cmd):
    import subprocess

    # fix: invalid-suppression
    subprocess.run(cmd, shell=True)  # nosec B602
