# ruleid: subprocess-import -- Bandit B404
import subprocess
# ruleid: subprocess-import -- Bandit B404
from subprocess import Popen as start


def run(cmd, name):
    # ruleid: partial-executable-path, subprocess-shell-true -- Bandit B602, B607
    subprocess.call("ls -l", shell=True)
    # ruleid: subprocess-shell-true -- Bandit B602
    subprocess.run("grep -r %s ." % name, shell=True)
    # ruleid: subprocess-shell-true -- Bandit B602
    subprocess.Popen(cmd, shell=True)
    # ruleid: subprocess-shell-true -- Bandit B602
    subprocess.check_output(f"du -sh {name}", shell=True)
    # ruleid: partial-executable-path, subprocess-shell-true -- Bandit B602, B607
    subprocess.check_call(["echo", "ok"], shell=True)
    # ruleid: partial-executable-path, subprocess-shell-true -- Bandit B607, B602 (on the shell= line)
    start(
        "make all",
        shell=True,
    )
