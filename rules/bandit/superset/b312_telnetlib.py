# ruleid: cleartext-protocol-import -- Bandit B401
import telnetlib


def switch_config(host, user, password):
    # ruleid: telnetlib-used -- Bandit B312
    tn = telnetlib.Telnet(host)
    tn.read_until(b"login: ")
    tn.write(user.encode() + b"\n")
    tn.write(password.encode() + b"\n")
    return tn.read_all()
