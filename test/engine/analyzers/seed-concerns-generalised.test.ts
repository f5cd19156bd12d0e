/**
 * The two reviewer concerns that seed-review.md raises and a narrower analyzer missed,
 * generalised: a port picked from a range minus the ports seen in use (and the functions that
 * return such a helper's result), and a method whose default signal is SIGKILL that builds a
 * `kill` command from it. Spans, counts and messages, which fixtures cannot show.
 */
import { createEngine, loadBuiltinRules, type Engine, type Finding } from '../../../src/engine/index.js';

const IDS = ['free-port-race', 'hard-kill-without-grace'];
let engine: Engine;

beforeAll(async () => {
  engine = await createEngine({ rules: loadBuiltinRules().filter((r) => IDS.includes(r.id)) });
});

const code = (...lines: string[]): string => `${lines.join('\n')}\n`;
const of = (src: string, id: string): Finding[] => engine.scanFile('helpers.py', src).findings.filter((f) => f.ruleId === id);
const spans = (src: string, id: string): string[] => of(src, id).map((f) => `${f.line}-${f.endLine}`);

describe('free-port-race: a pick from a range minus the ports in use', () => {
  const HELPERS = code(
    'import random',
    'from agent.linux import ip_lib',
    '',
    'def get_unused_port(used, start=1024, end=65535):',
    '    candidates = set(range(start, end + 1))',
    '    return random.choice(list(candidates - used))',
    '',
    'def get_free_namespace_port(namespace, start=1024, end=65535):',
    '    output = ip_lib.IPWrapper(namespace=namespace).netns.execute(["ss", "-tna"])',
    '    used_ports = parse_ss(output)',
    '    return get_unused_port(used_ports, start, end)',
    '',
    'def agent_port(namespace):',
    '    port = get_free_namespace_port(namespace)',
    '    return port',
    '',
    'def start_agent(namespace):',
    '    port = get_free_namespace_port(namespace)',
    '    return launch(port)',
  );

  test('the helper and each function that returns its result, each from its def to the pick or return', () => {
    expect(spans(HELPERS, 'free-port-race')).toEqual(['4-6', '8-11', '13-14']);
  });

  test('the wrapper names the helper whose port it returns', () => {
    const [, wrapper] = of(HELPERS, 'free-port-race');
    expect(wrapper.message).toMatch(/^`get_free_namespace_port` returns the port that `get_unused_port` finds, free now but bound later/);
    expect(wrapper.message).toMatch(/Bind to port 0 and keep the socket/);
  });

  test('a port from psutil, excluded in a comprehension, and from netstat, excluded with difference()', () => {
    const src = code(
      'import random, subprocess, psutil',
      'def pick_port(low=20000, high=30000):',
      '    in_use = {c.laddr.port for c in psutil.net_connections()}',
      '    return random.choice([p for p in range(low, high) if p not in in_use])',
      'def netstat_port():',
      '    out = subprocess.run(["netstat", "-tln"], capture_output=True, text=True).stdout',
      '    busy = parse(out)',
      '    free = set(range(30000, 40000)).difference(busy)',
      '    port = random.sample(sorted(free), 1)[0]',
      '    return port',
    );
    expect(spans(src, 'free-port-race')).toEqual(['2-4', '5-9']);
  });

  test('not a port, or nothing left out, or the number not returned: quiet', () => {
    const src = code(
      'import random',
      'def pick_member(population, excluded):',
      '    return random.choice(list(population - excluded))',
      'def any_port():',
      '    return random.choice(range(20000, 30000))',
      'def last_port(start, end):',
      '    return random.choice(range(start, end - 1))',
      'def log_port(used):',
      '    port = random.choice(sorted(set(range(1024, 9000)) - used))',
      '    print(port)',
    );
    expect(of(src, 'free-port-race')).toEqual([]);
  });

  test('wrappers are followed a bounded number of levels, and recursion ends', () => {
    const chain = ['import random', 'def port_0(used):', '    return random.choice(sorted(set(range(1024, 9000)) - used))'];
    for (let i = 1; i <= 10; i++) chain.push(`def port_${i}(used):`, `    return port_${i - 1}(used)`);
    chain.push('def port_again(used):', '    return port_again(used) or port_0(used)');
    const found = of(code(...chain), 'free-port-race').map((f) => f.message.split('`')[1]);
    expect(found).toEqual(['port_0', 'port_1', 'port_2', 'port_3', 'port_4']);
  });
});

describe('hard-kill-without-grace: a method whose default signal is SIGKILL', () => {
  test('`def kill(self, sig=signal.SIGKILL)` building `kill -%d` is one finding, from def to the send', () => {
    const src = code(
      'import signal',
      'class RootHelperProcess:',
      '    def kill(self, sig=signal.SIGKILL):',
      '        pid = self.child_pid or str(self.pid)',
      '        execute(["kill", "-%d" % sig, pid], run_as_root=True)',
      '        execute("kill -9 %s" % pid, shell=True)',
    );
    const found = of(src, 'hard-kill-without-grace');
    expect(found.map((f) => `${f.line}-${f.endLine}`)).toEqual(['3-5']);
    expect(found[0].message).toMatch(/^`kill` sends SIGKILL by default \(`sig=signal\.SIGKILL`, in `\["kill", "-%d" % sig, pid\]`\)/);
    expect(found[0].message).toMatch(/Default to SIGTERM and escalate/);
  });

  test('`sig=9` counts only where it is sent as a signal', () => {
    const src = code(
      'import os, signal',
      'class Agent:',
      '    def stop(self, signum=9):',
      '        os.system("kill -%d %s" % (signum, self.pid))',
      '    def name_of(self, signum=9):',
      '        return signal.Signals(signum).name',
      '    def kill(self, sig=signal.SIGKILL):',
      '        self.sent.append(sig)',
    );
    expect(spans(src, 'hard-kill-without-grace')).toEqual(['3-4']);
  });

  test('after a graceful attempt the SIGKILL default is the escalation', () => {
    const src = code(
      'import os, signal',
      'def stop(proc, sig=signal.SIGKILL):',
      '    proc.terminate()',
      '    if not proc.wait_until_exit(10):',
      '        os.kill(proc.pid, sig)',
    );
    expect(of(src, 'hard-kill-without-grace')).toEqual([]);
  });
});
