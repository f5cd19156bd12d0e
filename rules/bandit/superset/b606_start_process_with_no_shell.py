import os


def launch(program, args, doc):
    # ruleid: process-start-no-shell -- Bandit B606
    os.execl("/bin/ls", "ls", "-l")
    # ruleid: process-start-no-shell -- Bandit B606
    os.execv(program, args)
    # ruleid: partial-executable-path, process-start-no-shell -- Bandit B606, B607
    os.execvp("git", ["git", "status"])
    # ruleid: process-start-no-shell -- Bandit B606
    os.spawnl(os.P_WAIT, "/bin/ls", "ls")
    # ruleid: process-start-no-shell -- Bandit B606
    os.spawnvp(os.P_NOWAIT, program, args)
    # ruleid: process-start-no-shell -- Bandit B606
    os.startfile(doc)
    # ruleid: process-start-no-shell -- Bandit B606
    os.startfile("/srv/reports/summary.pdf")
