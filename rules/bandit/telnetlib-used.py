import telnetlib
from telnetlib import Telnet as T


def connect(host, password):
    # ruleid: telnetlib-used
    tn = telnetlib.Telnet(host, 23, timeout=5)
    tn.write(password.encode() + b"\n")
    # ruleid: telnetlib-used
    session = T(
        host,
    )
    # ok: telnetlib-used
    tn.read_until(b"$ ")
    # ok: telnetlib-used
    legacy = telnetlib.Telnet(host)  # nosec B312
    return session, legacy


def _advised_fix_telnetlib_used(host, user, key):
    import paramiko

    client = paramiko.SSHClient()
    # fix: telnetlib-used
    client.connect(host, username=user, key_filename=key)
