import shlex

import paramiko

UPTIME = "uptime"


def cases(host, path, cmd):
    client = paramiko.SSHClient()
    client.connect(host)
    # ruleid: paramiko-exec-command
    client.exec_command("ls -l " + path)
    # ruleid: paramiko-exec-command
    client.exec_command(f"cat {path}")
    # ruleid: paramiko-exec-command
    client.exec_command(cmd)
    # ruleid: paramiko-exec-command
    paramiko.SSHClient().exec_command(
        command="rm -rf %s" % path,
        timeout=10,
    )
    # ruleid: paramiko-exec-command -- hygiene
    client.exec_command("uptime")
    # ruleid: paramiko-exec-command -- hygiene
    client.exec_command(UPTIME)
    # ok: paramiko-exec-command
    client.open_sftp().listdir(path)
    # ok: paramiko-exec-command
    client.exec_command(cmd)  # nosec B601
    # ok: paramiko-exec-command
    client.exec_command(cmd)  # noqa: S601
    # ruleid: paramiko-exec-command -- hygiene
    client.exec_command("ls -l " + shlex.quote(path))
    # ruleid: paramiko-exec-command
    client.exec_command("ls -l " + shlex.quote(path) + " " + path)


def _advised_fix_paramiko_exec_command(client, path):
    import shlex

    # fix: paramiko-exec-command
    return client.exec_command(f"ls -l {shlex.quote(path)}")
