import os
import subprocess
import subprocess as sp
import sys
from subprocess import DEVNULL as QUIET, Popen as P, check_output, run as sh


class KubeTestCluster:
    def __init__(self, namespace):
        self.namespace = namespace

    def start(self, local_port):
        cmd = ["kubectl", "port-forward", "-n", self.namespace, "svc/api", f"{local_port}:80"]
        # ruleid: process-command-from-data
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)

    def logs(self):
        # ruleid: process-command-from-data
        return sp.run(["kubectl", "logs", "-n", self.namespace, "deploy/api"], check=True)


def appended(branch):
    cmd = ["git", "log"]
    cmd.append("--oneline")
    cmd.append(branch)
    # ruleid: process-command-from-data
    return check_output(cmd)


def extended(paths):
    cmd = ["tar", "czf", "out.tgz"]
    cmd += paths
    # ruleid: process-command-from-data
    P(
        cmd,
        stdout=subprocess.DEVNULL,
    )


def concatenated(extra):
    base = ["pytest", "-q"]
    # ruleid: process-command-from-data
    subprocess.check_call(base + extra)


def from_environment():
    editor = os.environ.get("EDITOR", "vi")
    # ruleid: process-command-from-data
    subprocess.call([editor, "notes.txt"])


def exec_from_data(program, args):
    # ruleid: process-command-from-data
    os.execvp(program, [program] + args)


def spawn_with_mode(path):
    # ruleid: process-command-from-data
    os.spawnl(os.P_WAIT, "/usr/bin/file", "file", path)


class Forwarder(subprocess.Popen):
    def __init__(self, target):
        # ruleid: process-command-from-data
        super().__init__(["ssh", "-N", target])


def constant_list():
    # ok: process-command-from-data
    subprocess.run(["git", "status", "--short"], check=True)


def constant_through_names():
    cmd = ["git", "log"]
    cmd.append("--oneline")
    cmd += ["-n", "5"]
    # ok: process-command-from-data
    subprocess.run(cmd, check=True)


def interpreter():
    # ok: process-command-from-data
    subprocess.run([sys.executable, "-m", "pip", "--version"], check=True)


def shell_is_another_rule(host):
    # ok: process-command-from-data
    subprocess.run("ping -c 1 " + host, shell=True)


def explicit_no_shell(host):
    # ruleid: process-command-from-data
    subprocess.run(["ping", "-c", "1", host], shell=False)


def suppressed(host):
    # ok: process-command-from-data
    subprocess.run(["ping", "-c", "1", host])  # hunkwise: ignore[process-command-from-data]


def loop_variable(hosts):
    for host in hosts:
        # ruleid: process-command-from-data
        subprocess.run(["ping", "-c", "1", host])


def wrapper(cmd, **kwargs):
    # ok: process-command-from-data
    return subprocess.run(cmd, check=True, **kwargs)


def wrapper_copying(cmd):
    cmd = list(cmd)
    # ok: process-command-from-data
    return subprocess.Popen(cmd)


class QuietPopen(subprocess.Popen):
    def __init__(self, args, **kwargs):
        # ok: process-command-from-data
        super().__init__(args, stdout=subprocess.DEVNULL, **kwargs)


def subclass_instantiated(namespace):
    # ruleid: process-command-from-data
    QuietPopen(["kubectl", "get", "pods", "-n", namespace])


def found_tool(version):
    tool = find_tool(version)
    # ruleid: process-command-from-data
    subprocess.run([tool, "--version"])


def find_tool(version):
    return f"/opt/tool-{version}/bin/tool"


def load_config():
    return {"kubectl": "/usr/local/bin/kubectl"}


CONFIG = load_config()
TOOLS = ["git", "hg"]


def from_configuration():
    # ruleid: process-command-from-data
    subprocess.run([CONFIG["kubectl"], "version"])


def from_a_literal_table():
    # ok: process-command-from-data
    subprocess.run([TOOLS[0], "--version"])


def with_bare_nosec(host):
    # ok: process-command-from-data
    subprocess.run(["ping", host])  # nosec


def interpreter_facts():
    from pathlib import Path

    script = Path(__file__).parent / "tools" / "gen.py"
    # ok: process-command-from-data
    subprocess.run([sys.executable, str(script), "--prefix", sys.prefix], check=True)


def split_option_is_not_a_part(command_line):
    import shlex

    # ruleid: process-command-from-data
    subprocess.run(shlex.split(command_line, posix=os.name == "posix"))


class Installer:
    INSTALLER = "/opt/install.sh"

    def run(self):
        # ok: process-command-from-data
        subprocess.check_call([self.INSTALLER, "--quiet"])


def from_settings():
    from django.conf import settings

    # ruleid: process-command-from-data
    subprocess.run([settings.KUBECTL_PATH, "version"])


def builtins_are_not_data():
    # ok: process-command-from-data
    subprocess.run(["echo", *map(str, (1, 2, 3))])


def second_alias_on_a_line(host):
    # ruleid: process-command-from-data
    sh(["ping", "-c", "1", host], stdout=QUIET)


def end_of_options(host, paths):
    # fix: process-command-from-data
    subprocess.run(["git", "log", "--", host], check=True)
    # ok: process-command-from-data
    subprocess.run(["tar", "czf", "out.tgz", "--"] + paths, check=True)


class NamespacedHelper(subprocess.Popen):
    def __init__(self, cmd, namespace_cmd):
        self.namespace_cmd = namespace_cmd
        # ruleid: process-command-from-data
        super().__init__([self.namespace_cmd] + cmd)


def run_configured_hook():
    import shlex

    from django.conf import settings

    # ruleid: process-command-from-data
    subprocess.run(shlex.split(settings.POST_DEPLOY_HOOK), check=True)


def already_reviewed_for_bandit_and_ruff(host):
    # ok: process-command-from-data
    subprocess.run(["ping", "-c", "1", host])  # noqa: S603
    # ok: process-command-from-data
    subprocess.run(["ping", "-c", "1", host])  # nosec B603
