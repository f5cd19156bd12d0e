/**
 * How values carry taint through a function, seen through a small command rule:
 * `os.system` is the sink, `shlex.quote` the sanitiser.
 */
import { createEngine, type Engine } from '../../../src/engine/index.js';
import { taintRule } from './taint-rule.js';

const commandRule = taintRule('t-command', {
  sources: ['flask', 'django', 'fastapi', 'argv', 'input', 'environment'],
  message: "{source} (line {line}) reaches {callee}'s {argument}",
  sinks: [{ callees: ['os.system'], position: 0, argument: 'command' }],
  sanitizers: ['shlex.quote'],
  bySource: [{ sources: ['argv', 'input', 'environment'], severity: 'low' }],
});

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ rules: [commandRule] });
});

const HEADER = 'import os, shlex, re, sys\nfrom flask import request, abort\n';
/** Lines (1-based, counted from the body's first line) where the rule fires; messages name file lines. */
function firing(body: string): number[] {
  const r = engine.scanFile('x.py', HEADER + body);
  expect(r.errors).toEqual([]);
  return r.findings.map((f) => f.line - 2);
}
function messages(body: string): string[] {
  return engine.scanFile('x.py', HEADER + body).findings.map((f) => `${f.line - 2} ${f.severity} ${f.message}`);
}
const fn = (...lines: string[]): string => ['def view():', ...lines.map((l) => `    ${l}`)].join('\n') + '\n';

describe('assignments', () => {
  test('a chain of assignments carries the source, and the message names its line', () => {
    expect(messages(fn('a = request.args["x"]', 'b = a', 'c = b', 'os.system(c)'))).toEqual([
      "5 high request.args (line 4) reaches os.system's command",
    ]);
  });

  test('a constant assigned after the source kills the taint', () => {
    expect(firing(fn('a = request.args["x"]', 'a = "ls"', 'os.system(a)'))).toEqual([]);
  });

  test('a, b = b, a style unpacking pairs values; other unpacking taints every target', () => {
    expect(firing(fn('a, b = request.args["x"], "ok"', 'os.system(b)', 'os.system(a)'))).toEqual([4]);
    expect(firing(fn('a, b = request.args["x"].split(",")', 'os.system(b)'))).toEqual([3]);
    expect(firing(fn('first, *rest = request.args["x"].split()', 'os.system(rest[0])'))).toEqual([3]);
  });

  test('chained assignment and augmented assignment', () => {
    expect(firing(fn('a = b = request.args["x"]', 'os.system(b)'))).toEqual([3]);
    expect(firing(fn('cmd = "ls "', 'cmd += request.args["x"]', 'os.system(cmd)'))).toEqual([4]);
  });

  test('attributes of objects hold taint by path', () => {
    expect(firing(fn('self.cmd = request.args["x"]', 'os.system(self.cmd)', 'self.cmd = "ls"', 'os.system(self.cmd)'))).toEqual([3]);
  });

  test('storing into a container taints the container', () => {
    expect(firing(fn('opts = {}', 'opts["c"] = request.args["x"]', 'os.system(opts["c"])'))).toEqual([4]);
    expect(firing(fn('parts = ["ls"]', 'parts.append(request.args["x"])', 'os.system(" ".join(parts))'))).toEqual([4]);
  });

  test('a walrus binds its name', () => {
    expect(firing(fn('if (c := request.args.get("c")):', '    os.system(c)'))).toEqual([3]);
  });
});

describe('expressions', () => {
  test.each([
    ['concatenation', '"ls " + x'],
    ['% formatting', '"ls %s" % x'],
    ['% with a tuple', '"ls %s %s" % ("-l", x)'],
    ['.format', '"ls {}".format(x)'],
    ['.format keyword', '"ls {d}".format(d=x)'],
    ['f-string', 'f"ls {x}"'],
    ['f-string in a format spec', 'f"ls {1:{x}}"'],
    ['join', '" ".join(["ls", x])'],
    ['a list', '["ls", x]'],
    ['a dict value', '{"c": x}["c"]'],
    ['a subscript', 'x[0]'],
    ['a slice', 'x[1:]'],
    ['a method result', 'x.strip().lower()'],
    ['a plain call', 'wrap(x)'],
    ['a conditional', 'x if flag else "ls"'],
    ['or', 'x or "ls"'],
    ['a comprehension', '" ".join([p.upper() for p in x.split()])'],
    ['a generator', '" ".join(p for p in x.split())'],
    ['await', 'await fetch(x)'],
    ['a getter default', 'CONFIG.get("cmd", x)'],
    ['a getter on tainted data', 'request.args.get("y", "ls") + x'],
  ])('%s carries taint', (_name, expr) => {
    expect(firing(['async def view(flag):', '    x = request.args["x"]', `    os.system(${expr})`].join('\n') + '\n')).toEqual([3]);
  });

  test.each([
    ['len', 'str(len(x))'],
    ['int', '"seq %d" % int(x)'],
    ['float', 'str(float(x))'],
    ['bool', 'str(bool(x))'],
    ['a comparison', 'str(x == "a")'],
    ['not', 'str(not x)'],
    ['a truth method', 'str(x.isdigit())'],
    ['a count', 'str(x.count("a"))'],
    ['a lambda', 'str(lambda: x)'],
    ['a sanitiser', '"ls " + shlex.quote(x)'],
    ['a comprehension that drops the item', '" ".join(["a" for p in x])'],
    ['a lookup by a tainted key', 'ALLOWED.get(x, "ls")'],
    ['a converting getter', 'str(request.args.get("n", type=int))'],
  ])('%s gives a clean value', (_name, expr) => {
    expect(firing(fn('x = request.args["x"]', `os.system(${expr})`))).toEqual([]);
  });

  test('a sanitiser inside a larger string does not clean the rest', () => {
    expect(firing(fn('x = request.args["x"]', 'y = request.args["y"]', 'os.system(shlex.quote(x) + y)'))).toEqual([4]);
  });

  test('only the taint in the sink argument counts', () => {
    expect(firing(fn('x = request.args["x"]', 'os.system("ls", x)'))).toEqual([]);
  });

  test('a comprehension variable at a sink takes the taint of what it iterates', () => {
    expect(firing(fn('xs = request.args.getlist("x")', '[os.system(v) for v in xs]'))).toEqual([3]);
    expect(firing(fn('[os.system(v) for v in ["a", "b"]]'))).toEqual([]);
  });

  test('a lambda parameter is not the outer variable', () => {
    expect(firing(fn('x = request.args["x"]', 'f = lambda x: os.system(x)'))).toEqual([]);
  });
});

describe('large inputs', () => {
  test('a long concatenation is followed to its end', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `"p${i}"`).join(' + ');
    expect(firing(fn('x = request.args["x"]', `os.system(${chain} + x)`))).toEqual([3]);
  });

  test('an expression nested past the depth limit is not followed, and nothing fails', () => {
    const deep = `${'('.repeat(1000)}x${')'.repeat(1000)}`;
    const r = engine.scanFile('x.py', HEADER + fn('x = request.args["x"]', `os.system(${deep})`));
    expect(r.errors.filter((e) => e.kind === 'rule')).toEqual([]);
  });
});

describe('control flow', () => {
  test('a value tainted on one branch is tainted after the if', () => {
    expect(firing(fn('c = "ls"', 'if flag():', '    c = request.args["x"]', 'os.system(c)'))).toEqual([5]);
    expect(firing(fn('if flag():', '    c = request.args["x"]', 'else:', '    c = "ls"', 'os.system(c)'))).toEqual([6]);
    expect(firing(fn('c = request.args["x"]', 'if flag():', '    c = "a"', 'elif other():', '    c = "b"', 'else:', '    c = "c"', 'os.system(c)'))).toEqual([]);
  });

  test('a branch that returns, raises or aborts does not reach what follows', () => {
    expect(firing(fn('c = "ls"', 'if flag():', '    c = request.args["x"]', '    return', 'os.system(c)'))).toEqual([]);
    expect(firing(fn('c = "ls"', 'if flag():', '    c = request.args["x"]', '    raise ValueError()', 'os.system(c)'))).toEqual([]);
    expect(firing(fn('c = "ls"', 'if flag():', '    c = request.args["x"]', '    abort(400)', 'os.system(c)'))).toEqual([]);
    expect(firing(fn('c = "ls"', 'if flag():', '    c = request.args["x"]', '    sys.exit(1)', 'os.system(c)'))).toEqual([]);
  });

  test('taint goes around a loop', () => {
    expect(firing(fn('cmd = "ls"', 'for w in request.args.getlist("w"):', '    cmd = cmd + " " + w', 'os.system(cmd)'))).toEqual([5]);
    expect(firing(fn('a = "x"', 'b = "y"', 'while flag():', '    os.system(b)', '    b = a', '    a = request.args["x"]'))).toEqual([5]);
  });

  test('a break carries its environment out of the loop', () => {
    expect(firing(fn('c = "ls"', 'while True:', '    c = request.args["x"]', '    break', 'os.system(c)'))).toEqual([6]);
    expect(firing(fn('c = "ls"', 'for i in range(3):', '    if i:', '        c = request.args["x"]', '        break', 'os.system(c)'))).toEqual([7]);
  });

  test('a handler may start before or after the body; finally follows both', () => {
    expect(firing(fn('c = "ls"', 'try:', '    c = request.args["x"]', '    run()', 'except ValueError:', '    os.system(c)'))).toEqual([7]);
    expect(firing(fn('try:', '    c = request.args["x"]', 'finally:', '    pass', 'os.system(c)'))).toEqual([6]);
  });

  test('with ... as binds the value of its expression', () => {
    expect(firing(fn('with opener(request.args["f"]) as f:', '    os.system(f.read())'))).toEqual([3]);
  });

  test('match capture patterns bind parts of the subject', () => {
    expect(firing(fn('match request.get_json():', '    case {"cmd": cmd}:', '        os.system(cmd)', '    case _:', '        pass'))).toEqual([4]);
  });

  test('a nested def is analysed on its own, with what the outer function left', () => {
    expect(firing(fn('c = request.args["x"]', 'def inner():', '    os.system(c)', 'return inner'))).toEqual([4]);
    expect(firing(fn('c = request.args["x"]', 'def inner(c):', '    os.system(c)', 'return inner'))).toEqual([]);
  });

  test('module globals read by a function keep their taint', () => {
    expect(firing('HOOK = os.environ["HOOK"]\ndef run():\n    os.system(HOOK)\n')).toEqual([3]);
    expect(firing('HOOK = os.environ["HOOK"]\ndef run(HOOK):\n    os.system(HOOK)\n')).toEqual([]);
  });

  test('module-level code is a scope too', () => {
    expect(firing('if __name__ == "__main__":\n    os.system("echo " + sys.argv[1])\n')).toEqual([2]);
  });
});

describe('guards', () => {
  const guarded = (...lines: string[]): number[] => firing(fn('x = request.args["x"]', ...lines));

  test('an allow-list check that returns cleans the value after it', () => {
    expect(guarded('if x not in ALLOWED:', '    return "no"', 'os.system(x)')).toEqual([]);
    expect(guarded('if not x in ALLOWED:', '    abort(400)', 'os.system(x)')).toEqual([]);
    expect(guarded('if x not in ALLOWED:', '    log("no")', 'os.system(x)')).toEqual([5]);
  });

  test('an allow-list check cleans the value inside the if, not after it', () => {
    expect(guarded('if x in ALLOWED:', '    os.system(x)', 'os.system(x)')).toEqual([5]);
  });

  test('an allow-list built from the request is no allow-list', () => {
    expect(guarded('if x not in request.args.getlist("ok"):', '    return', 'os.system(x)')).toEqual([5]);
  });

  test('equality with a constant, both guards of an and, and assert', () => {
    expect(guarded('if x == "ls":', '    os.system(x)')).toEqual([]);
    expect(guarded('if x != "ls":', '    return', 'os.system(x)')).toEqual([]);
    expect(guarded('y = request.args["y"]', 'if x in A and y in B:', '    os.system(x + y)')).toEqual([]);
    expect(guarded('y = request.args["y"]', 'if x in A or y in B:', '    os.system(x + y)')).toEqual([5]);
    expect(guarded('assert x in ALLOWED', 'os.system(x)')).toEqual([]);
  });

  test('validation by a strict pattern or a character check', () => {
    expect(guarded('if not re.fullmatch(r"[a-z0-9]+", x):', '    return', 'os.system(x)')).toEqual([]);
    expect(guarded('if re.match(r"^[a-z]+$", x):', '    os.system(x)')).toEqual([]);
    expect(guarded('if re.match(r"^[a-z]+", x):', '    os.system(x)')).toEqual([4]);
    expect(guarded('if re.fullmatch(r".+", x):', '    os.system(x)')).toEqual([4]);
    expect(guarded('if NAME_RE.fullmatch(x):', '    os.system(x)')).toEqual([]);
    expect(guarded('if x.isalnum():', '    os.system(x)')).toEqual([]);
    expect(guarded('if isinstance(x, int):', '    os.system(x)')).toEqual([]);
  });

  test('a prefix check counts only on a normalised path or a URL with a fixed host', () => {
    expect(guarded('p = os.path.realpath(x)', 'if not p.startswith("/srv/"):', '    abort(403)', 'os.system(p)')).toEqual([]);
    expect(guarded('p = os.path.join("/srv", x)', 'if not p.startswith("/srv/"):', '    abort(403)', 'os.system(p)')).toEqual([6]);
    expect(guarded('if x.startswith("https://api.example.com/"):', '    os.system(x)')).toEqual([]);
    expect(guarded('if x.startswith("https://api.example.com"):', '    os.system(x)')).toEqual([4]);
  });
});

describe('grading and messages', () => {
  test('local sources are graded by bySource; request data keeps the rule severity', () => {
    expect(messages(fn('os.system(sys.argv[1])', 'os.system(input())', 'os.system(os.getenv("X"))'))).toEqual([
      "2 low sys.argv (line 4) reaches os.system's command",
      "3 low input() (line 5) reaches os.system's command",
      "4 low os.getenv() (line 6) reaches os.system's command",
    ]);
  });

  test('with flows from both, the more severe one is reported', () => {
    expect(messages(fn('a = sys.argv[1]', 'b = request.form["b"]', 'os.system(a + b)'))).toEqual([
      "4 high request.form (line 5) reaches os.system's command",
    ]);
  });

  test('the program name sys.argv[0] is not data', () => {
    expect(firing(fn('os.system("echo " + sys.argv[0])'))).toEqual([]);
  });

  test('a suppression on the sink line silences the finding', () => {
    expect(firing(fn('os.system(request.args["x"])  # hunkwise: ignore[t-command]'))).toEqual([]);
  });
});
