from fabric import Connection


def deploy(c, runner, cmd):
    # ruleid: shell-true-call -- Bandit B604
    runner.execute(cmd, shell=True)
    # ruleid: shell-true-call -- Bandit B604
    c.local("make build", shell=True)
    # ruleid: shell-true-call -- Bandit B604
    Connection("web1").sudo("systemctl restart app", shell=True)
