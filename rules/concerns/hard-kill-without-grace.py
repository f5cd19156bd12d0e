import os
import signal
import threading
import subprocess
from signal import SIGKILL, SIGTERM
from signal import SIGKILL as HARD_STOP
import signal as sg


class KubeTestCluster:
    def stop(self):
        if self.proc is not None:
            # ruleid: hard-kill-without-grace
            os.kill(self.proc.pid, signal.SIGKILL)

    def stop_group(self):
        # ruleid: hard-kill-without-grace
        os.killpg(os.getpgid(self.proc.pid), SIGKILL)

    def stop_popen(self):
        # ruleid: hard-kill-without-grace
        self.proc.kill()
        self.proc.wait()

    def stop_by_signal(self):
        # ruleid: hard-kill-without-grace
        self.proc.send_signal(signal.SIGKILL)

    def _signal_all(self, sig):
        for proc in self.procs:
            proc.send_signal(sig)

    def stop_all(self):
        # ruleid: hard-kill-without-grace
        self._signal_all(signal.SIGKILL)


# ruleid: hard-kill-without-grace
def shutdown(pid, sig=signal.SIGKILL):
    os.kill(pid, sig)


def kill_command(pid):
    # ruleid: hard-kill-without-grace
    subprocess.run(["kill", "-9", str(pid)], check=False)


def kill_string(name):
    # ruleid: hard-kill-without-grace
    os.system(f"pkill -9 {name}")


def by_number(pid):
    # ruleid: hard-kill-without-grace
    os.kill(pid, 9)


def escalate(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # ok: hard-kill-without-grace
        proc.kill()


def escalate_pid(pid, deadline):
    os.kill(pid, SIGTERM)
    if not wait_for_exit(pid, deadline):
        # ok: hard-kill-without-grace
        os.kill(pid, signal.SIGKILL)


def kill_after_timeout(proc):
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        # ok: hard-kill-without-grace
        proc.kill()
        proc.communicate()


def graceful_helper(pid):
    # ok: hard-kill-without-grace
    os.kill(pid, signal.SIGTERM)


def not_a_send(status):
    # ok: hard-kill-without-grace
    return status == -signal.SIGKILL


def in_a_sequence(pid):
    # ok: hard-kill-without-grace
    for sig in (signal.SIGTERM, signal.SIGKILL):
        os.kill(pid, sig)


class Process:
    def kill(self):
        # ok: hard-kill-without-grace
        self._send_signal(signal.SIGKILL)


def suppressed(proc):
    # ok: hard-kill-without-grace
    proc.kill()  # hunkwise: ignore[hard-kill-without-grace]


def wait_for_exit(pid, deadline):
    return True


def died_of(proc, sig):
    return proc.returncode == -sig


def checks_not_sends(proc):
    # ok: hard-kill-without-grace
    assert died_of(proc, signal.SIGKILL)
    # ok: hard-kill-without-grace
    if died_of(proc, signal.SIGKILL):
        return True
    return False


def run_with_timeout(proc, timeout):
    def on_timeout():
        # ok: hard-kill-without-grace
        proc.kill()

    timer = threading.Timer(timeout, on_timeout)
    timer.start()


def aliased(pid, pgid):
    # ruleid: hard-kill-without-grace
    os.kill(pid, HARD_STOP)
    # ruleid: hard-kill-without-grace
    os.killpg(
        pgid,
        sg.SIGKILL,
    )


def terminate_first_by_signal(proc):
    proc.send_signal(signal.SIGTERM)
    if not proc.wait_until_exit(5):
        # ok: hard-kill-without-grace
        proc.send_signal(signal.SIGKILL)


def only_a_name_like_kill(game):
    # ok: hard-kill-without-grace
    game.player.skill()


def handler_registration(loop, test):
    # ok: hard-kill-without-grace
    test.assertFalse(loop.remove_signal_handler(signal.SIGKILL))
    # ok: hard-kill-without-grace
    test.assertTrue(died_of(test.proc, signal.SIGKILL))


class RootHelperProcess(subprocess.Popen):
    # ruleid: hard-kill-without-grace
    def kill(self, sig=signal.SIGKILL):
        pid = self.child_pid or str(self.pid)
        execute(["kill", "-%d" % sig, pid], run_as_root=True)


class Agent:
    # ruleid: hard-kill-without-grace
    def kill(self, sig=signal.SIGKILL):
        os.kill(self.pid, sig)

    # ruleid: hard-kill-without-grace
    def stop(self, signum=9):
        subprocess.call("kill -%d %s" % (signum, self.pid), shell=True)

    # ruleid: hard-kill-without-grace
    def halt(self, sig: int = SIGKILL):
        os.system(f"kill -{sig} {self.pid}")

    # ruleid: hard-kill-without-grace
    def signal_group(
        self,
        sig=signal.SIGKILL,
    ):
        execute(["kill", "-s", str(sig), "--", "-%d" % self.pgid])

    def kill_hard(self):
        # ruleid: hard-kill-without-grace
        execute("kill -9 %s" % self.pid, shell=True)

    def kill_listed(self):
        # ruleid: hard-kill-without-grace
        execute(["kill", "-9", str(self.pid)])

    # ok: hard-kill-without-grace
    def kill_gently(self, sig=signal.SIGTERM):
        execute(["kill", "-%d" % sig, str(self.pid)])

    # ok: hard-kill-without-grace
    def kill_escalating(self, sig=signal.SIGKILL):
        self.terminate()
        if not self.wait_until_exit(10):
            os.kill(self.pid, sig)

    # ok: hard-kill-without-grace
    def describe(self, signum=9):
        return signal.Signals(signum).name

    # ok: hard-kill-without-grace
    def retry(self, count=9):
        os.kill(self.pid, count)


class Recorder:
    # ok: hard-kill-without-grace
    def kill(self, sig=signal.SIGKILL):
        self.sent.append(sig)


def execute(cmd, run_as_root=False, shell=False):
    return cmd


def _advised_fix_hard_kill_without_grace(proc):
    import subprocess

    # fix: hard-kill-without-grace
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
