import os
# ruleid: subprocess-import -- Bandit B404
import subprocess


def tools(path):
    # ruleid: partial-executable-path, subprocess-call-audit -- Bandit B603, B607
    subprocess.run(["git", "pull"], check=True)
    # ruleid: partial-executable-path, subprocess-shell-true -- Bandit B602, B607
    subprocess.Popen("ls", shell=True)
    # ruleid: partial-executable-path, shell-command-call -- Bandit B605, B607
    os.system("make")
    # ruleid: partial-executable-path, process-command-from-data, process-start-no-shell -- Bandit B606, B607
    os.execvp("rsync", ["rsync", "-a", path, "/srv/backup"])
    # ruleid: subprocess-call-audit -- Bandit B603
    subprocess.run(["/usr/bin/git", "pull"], check=True)
