import paramiko


def remote(host, pattern):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.connect(host)
    # ruleid: paramiko-exec-command -- Bandit B601
    client.exec_command("uptime")
    # ruleid: paramiko-exec-command -- Bandit B601
    client.exec_command("grep " + pattern + " /var/log/syslog")
    # ruleid: paramiko-exec-command -- Bandit B601
    stdin, stdout, stderr = client.exec_command(f"ls {pattern}")
    return stdout.read()
