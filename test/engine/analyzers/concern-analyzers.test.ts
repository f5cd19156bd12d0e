/** Behaviour of the four reviewer-concern analyzers that fixtures cannot show: messages, counts, order. */
import { createEngine, loadBuiltinRules, type Engine } from '../../../src/engine/index.js';

const IDS = ['env-unbounded-number', 'process-command-from-data', 'free-port-race', 'hard-kill-without-grace'];
let engine: Engine;

beforeAll(async () => {
  engine = await createEngine({ rules: loadBuiltinRules().filter((r) => IDS.includes(r.id)) });
});

const scan = (src: string) => engine.scanFile('x.py', src).findings;
const messages = (src: string, id: string) => scan(src).filter((f) => f.ruleId === id).map((f) => `${f.line}: ${f.message}`);

describe('process-command-from-data', () => {
  test('names the external parts it found through a local list, append, += and concatenation', () => {
    const src = [
      'import subprocess',
      'def deploy(self, tag, extra):',
      '    cmd = ["helm", "upgrade", self.release]',
      '    cmd.append(f"--set=image.tag={tag}")',
      '    cmd += ["--namespace", self.namespace]',
      '    subprocess.run(cmd + extra, check=True)',
    ].join('\n');
    const [m] = messages(src, 'process-command-from-data');
    expect(m).toMatch(/^6: subprocess\.run: the command includes `self\.release`, `tag`, `self\.namespace` and 1 more/);
  });

  test('only assignments before the call count', () => {
    const src = [
      'import subprocess',
      'def run(cmd):',
      '    cmd = list(cmd)',
      '    try:',
      '        subprocess.run(cmd)',
      '    except OSError:',
      '        cmd = cmd[0]',
      '        raise',
    ].join('\n');
    expect(messages(src, 'process-command-from-data')).toEqual([]);
  });

  test('a name bound by a loop is data; a literal table is not', () => {
    const src = [
      'import subprocess',
      'TOOLS = ("git", "hg")',
      'def versions(hosts):',
      '    subprocess.run([TOOLS[0], "--version"])',
      '    for host in hosts:',
      '        subprocess.run(["ssh", host, "uptime"])',
    ].join('\n');
    expect(messages(src, 'process-command-from-data').map((m) => m.slice(0, 50))).toEqual(['6: subprocess.run: the command includes `host` (a ']);
  });

  test('a nested function sees the names of the function around it', () => {
    const src = [
      'import subprocess',
      'def outer(namespace):',
      '    def inner():',
      '        subprocess.run(["kubectl", "-n", namespace, "get", "pods"])',
      '    return inner',
    ].join('\n');
    expect(messages(src, 'process-command-from-data')).toHaveLength(1);
  });
});

describe('env-unbounded-number', () => {
  test('says which variable and which environment variable', () => {
    const src = 'import os\nclass C:\n    def __init__(self):\n        self.max_retries = int(os.getenv("MAX_RETRIES", "3"))\n';
    expect(messages(src, 'env-unbounded-number')).toEqual([
      expect.stringMatching(/^4: `self\.max_retries` comes from environment variable MAX_RETRIES with no bounds; validate env values with bounds/),
    ]);
  });

  test('a bound checked later on the same attribute counts', () => {
    const src = [
      'import os',
      'class C:',
      '    def __init__(self):',
      '        self.timeout = float(os.environ["TIMEOUT"])',
      '        if self.timeout <= 0 or self.timeout > 300:',
      '            raise ValueError("TIMEOUT must be in (0, 300]")',
    ].join('\n');
    expect(messages(src, 'env-unbounded-number')).toEqual([]);
  });

  test('a comparison in another function does not count', () => {
    const src = [
      'import os',
      'def read():',
      '    return int(os.environ.get("BATCH_SIZE", "100"))',
      'def use(batch_size):',
      '    if batch_size > 1000:',
      '        raise ValueError',
    ].join('\n');
    expect(messages(src, 'env-unbounded-number')).toHaveLength(1);
  });
});

describe('free-port-race', () => {
  test('one finding per function, at the probe, naming the function', () => {
    const src = [
      'import random, socket',
      'def pick_port():',
      '    while True:',
      '        port = random.randint(20000, 30000)',
      '        s = socket.socket()',
      '        try:',
      '            s.bind(("127.0.0.1", port))',
      '        except OSError:',
      '            continue',
      '        s.close()',
      '        return port',
    ].join('\n');
    const found = scan(src).filter((f) => f.ruleId === 'free-port-race');
    expect(found.map((f) => [f.line, f.severity])).toEqual([[7, 'medium']]);
    expect(found[0].message).toMatch(/^`pick_port` returns a port that is free now/);
  });

  test('a socket handed to a server is the fix', () => {
    const src = [
      'import socket',
      'def serve(app):',
      '    sock = socket.socket()',
      '    sock.bind(("127.0.0.1", 0))',
      '    port = sock.getsockname()[1]',
      '    app.run(sock=sock)',
      '    return port',
    ].join('\n');
    expect(messages(src, 'free-port-race')).toEqual([]);
  });
});

describe('hard-kill-without-grace', () => {
  test('a kill after terminate() in the same function is the escalation, not a finding', () => {
    const src = [
      'import os, signal',
      'def stop(proc):',
      '    proc.terminate()',
      '    if proc.wait_for_exit(5) is None:',
      '        os.kill(proc.pid, signal.SIGKILL)',
      'def stop_now(proc):',
      '    os.kill(proc.pid, signal.SIGKILL)',
    ].join('\n');
    expect(messages(src, 'hard-kill-without-grace').map((m) => m.split(':')[0])).toEqual(['7']);
  });

  test('a SIGKILL default the function sends is reported once, from its name to the send', () => {
    const src = 'import os, signal\ndef stop(pid, sig=signal.SIGKILL):\n    os.kill(pid, sig)\n';
    const [f, ...rest] = scan(src).filter((x) => x.ruleId === 'hard-kill-without-grace');
    expect(rest).toEqual([]);
    expect([f.line, f.column, f.endLine, f.message]).toEqual([2, 5, 3, expect.stringMatching(/^`stop` sends SIGKILL by default \(`sig=signal\.SIGKILL`/)]);
  });

  test('a SIGKILL default kept for later is reported at the parameter', () => {
    const src = 'import os, signal\ndef stop(pid, sig=signal.SIGKILL):\n    return {"pid": pid, "signal": sig}\n';
    const [f] = scan(src).filter((x) => x.ruleId === 'hard-kill-without-grace');
    expect([f.line, f.column, f.message]).toEqual([2, 15, expect.stringMatching(/^`sig` defaults to SIGKILL/)]);
  });

  test('the kill method of a process class is the primitive, not a finding', () => {
    const src = 'import signal\nclass P:\n    def kill(self):\n        self._send_signal(signal.SIGKILL)\n';
    expect(messages(src, 'hard-kill-without-grace')).toEqual([]);
  });
});
