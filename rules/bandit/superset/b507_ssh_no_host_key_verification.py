import paramiko
from paramiko import AutoAddPolicy, WarningPolicy


def connect(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # ruleid: ssh-host-key-auto-accept -- Bandit B507
    client.set_missing_host_key_policy(AutoAddPolicy)
    client.set_missing_host_key_policy(WarningPolicy())
    client.connect(host)
    return client
