import paramiko
from paramiko import AutoAddPolicy as Auto
from paramiko.client import WarningPolicy


class TrustAll(paramiko.AutoAddPolicy):
    pass


def cases(client):
    # ruleid: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # ruleid: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(Auto())
    # ruleid: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(WarningPolicy)
    # ruleid: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(
        TrustAll(),
    )
    # ok: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    # ok: ssh-host-key-auto-accept
    client.load_system_host_keys()
    # ok: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # nosec B507
    # ok: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # noqa: S507


def _advised_fix_ssh_host_key_auto_accept(client):
    import paramiko

    client.load_system_host_keys()
    # fix: ssh-host-key-auto-accept
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
