# Bandit 1.7.5+ (B415); the installed Bandit may not run it.
# ruleid: ipmi-import -- Bandit B415
from pyghmi.ipmi import command


def power_on(host, user, secret):
    return command.Command(bmc=host, userid=user, password=secret).set_power("on")
