import os
# ruleid: subprocess-import -- Bandit B404
import subprocess


def archive():
    # ruleid: partial-executable-path, shell-command-call, wildcard-injection -- Bandit B605, B607, B609
    os.system("tar czf /srv/backup.tgz *")
    # ruleid: shell-command-call, wildcard-injection -- Bandit B605, B609
    os.system("/bin/chown -R app:app *")
    # ruleid: partial-executable-path, shell-command-call, wildcard-injection -- Bandit B605, B607, B609
    os.popen("chmod 640 *")
    # ruleid: partial-executable-path, subprocess-shell-true, wildcard-injection -- Bandit B602, B607, B609
    subprocess.Popen("rsync -a * backup:/srv/", shell=True)
    # ruleid: partial-executable-path, subprocess-shell-true, wildcard-injection -- Bandit B602, B607, B609
    subprocess.run("tar czf out.tgz -- *", shell=True)
    # ruleid: partial-executable-path, subprocess-call-audit -- Bandit B603, B607
    subprocess.Popen(["tar", "czf", "out.tgz", "*"])
