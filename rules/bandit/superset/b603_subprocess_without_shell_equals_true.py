# ruleid: subprocess-import -- Bandit B404
import subprocess
import sys

GIT = "/usr/bin/git"


def run(cmd, path, tool):
    # ruleid: partial-executable-path, subprocess-call-audit -- Bandit B603, B607
    subprocess.run(["git", "status"])
    # ruleid: subprocess-call-audit -- Bandit B603
    subprocess.run([GIT, "log", "--", path], check=True)
    # ruleid: subprocess-call-audit -- Bandit B603
    subprocess.call([sys.executable, "-m", "pip", "list"])
    # ruleid: partial-executable-path, process-command-from-data, subprocess-call-audit -- Bandit B603, B607
    subprocess.check_output(["ls", "-l", path], shell=False)
    # ruleid: subprocess-without-shell -- Bandit B603
    subprocess.Popen(cmd)
    # ruleid: process-command-from-data, subprocess-without-shell -- Bandit B603
    subprocess.check_call([tool, "--version"])
    # ruleid: partial-executable-path, subprocess-call-audit -- Bandit B603, B607
    subprocess.run("uname")
