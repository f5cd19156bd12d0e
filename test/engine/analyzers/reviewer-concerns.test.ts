/**
 * The review a careful human gives a realistic test helper: no explicit defect, but four
 * concerns, each at its line: a timeout from the environment without bounds, a process
 * command built from an attribute, a "free" port that another process can take before it
 * is bound, and a SIGKILL with no graceful attempt first. Runs the full built-in engine.
 */
import { createEngine, type Engine, type Finding } from '../../../src/engine/index.js';

const HELPER = `"""Test helper: a port-forward to a Kubernetes test namespace."""
import os
import signal
import socket
import subprocess
import time

import requests


class KubeTestCluster:
    """Forwards a local port to the API service of a test namespace."""

    def __init__(self, namespace, service="svc/api"):
        self.namespace = namespace
        self.service = service
        self.startup_timeout = int(os.environ.get("STARTUP_TIMEOUT", "30"))
        self.proc = None
        self.local_port = None

    def _free_port(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return port

    def start(self):
        self.local_port = self._free_port()
        cmd = [
            "kubectl",
            "port-forward",
            "-n",
            self.namespace,
            self.service,
            f"{self.local_port}:80",
        ]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kubectl port-forward exited with {self.proc.returncode}")
            try:
                requests.get(self.url("/healthz"), timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise TimeoutError(f"port-forward to {self.namespace} not ready after {self.startup_timeout}s")

    def url(self, path):
        return f"http://127.0.0.1:{self.local_port}{path}"

    def stop(self):
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
`;

/** 1-based line of the first line containing `text`. */
const lineOf = (text: string): number => HELPER.split('\n').findIndex((l) => l.includes(text)) + 1;

let engine: Engine;
let findings: readonly Finding[];

beforeAll(async () => {
  engine = await createEngine();
  const result = engine.scanFile('tests/helpers/kube_cluster.py', HELPER);
  expect(result.errors).toEqual([]);
  findings = result.findings;
});

describe('a test helper with no defect and four concerns', () => {
  test('nothing is reported as a defect', () => {
    expect(findings.filter((f) => f.category === 'defect')).toEqual([]);
  });

  test('exactly the four concerns, each at its line', () => {
    const concerns = findings.filter((f) => f.category === 'concern').map((f) => [f.line, f.ruleId, f.cwe[0]]);
    expect(concerns).toEqual([
      [lineOf('int(os.environ.get("STARTUP_TIMEOUT"'), 'env-unbounded-number', 'CWE-400'],
      [lineOf('s.bind(("127.0.0.1", 0))'), 'free-port-race', 'CWE-367'],
      [lineOf('self.proc = subprocess.Popen(cmd'), 'process-command-from-data', 'CWE-78'],
      [lineOf('os.kill(self.proc.pid, signal.SIGKILL)'), 'hard-kill-without-grace', 'CWE-404'],
    ]);
  });

  test('no other rule reports anything at medium or high', () => {
    const mine = new Set(['env-unbounded-number', 'free-port-race', 'process-command-from-data', 'hard-kill-without-grace']);
    expect(findings.filter((f) => !mine.has(f.ruleId) && f.severity !== 'low')).toEqual([]);
  });

  test('each message says what to do', () => {
    const byRule = new Map(findings.map((f) => [f.ruleId, f.message]));
    expect(byRule.get('env-unbounded-number')).toMatch(/STARTUP_TIMEOUT.*max\(1, min\(int\(v\), 300\)\)/);
    expect(byRule.get('process-command-from-data')).toMatch(/the command includes `self\.namespace`/);
    expect(byRule.get('free-port-race')).toMatch(/`_free_port`.*bind to port 0 and keep the socket.*EADDRINUSE/i);
    expect(byRule.get('hard-kill-without-grace')).toMatch(/terminate, wait with a timeout, then kill/i);
  });

  test('the concerns are low or medium', () => {
    for (const f of findings.filter((x) => x.category === 'concern')) expect(['low', 'medium']).toContain(f.severity);
  });
});

describe('the same helper written the careful way has no concerns', () => {
  const CAREFUL = `import os
import signal
import socket
import subprocess
import re


class KubeTestCluster:
    def __init__(self, namespace):
        if not re.fullmatch(r"[a-z0-9-]{1,63}", namespace):
            raise ValueError(namespace)
        self.namespace = namespace
        timeout = int(os.environ.get("STARTUP_TIMEOUT", "30"))
        if not 1 <= timeout <= 600:
            raise ValueError("STARTUP_TIMEOUT must be between 1 and 600")
        self.startup_timeout = timeout

    def _listening_socket(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        return s

    def start(self):
        self.proc = subprocess.Popen(["kubectl", "version", "--client"])

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
`;

  test('no concern fires', () => {
    const result = engine.scanFile('tests/helpers/careful.py', CAREFUL);
    expect(result.findings.filter((f) => f.category === 'concern').map((f) => `${f.line}:${f.ruleId}`)).toEqual([]);
  });
});
