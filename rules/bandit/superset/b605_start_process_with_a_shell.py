import os
import popen2
import commands


def backup(name):
    # ruleid: partial-executable-path, shell-command-call -- Bandit B605, B607
    os.system("tar czf /srv/backup.tgz /srv/data")
    # ruleid: shell-command-call -- Bandit B605
    os.system("cp %s /srv/backup/" % name)
    # ruleid: shell-command-call -- Bandit B605
    os.popen("ls -l " + name)
    # ruleid: partial-executable-path, shell-command-call -- Bandit B605, B607
    os.popen2("ls")
    # ruleid: partial-executable-path, shell-command-call -- Bandit B605, B607
    popen2.popen3("ls")
    # ruleid: partial-executable-path, shell-command-call -- Bandit B605, B607
    commands.getoutput("uptime")
