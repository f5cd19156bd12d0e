import { EMPTY_ENV, addTaint, joinAll, joinEnv, passThrough, sameEnv, setVar, sourceTaint, unionTaint, withPrefix } from '../../../src/engine/taint/taint-value.js';

const args = sourceTaint({ group: 'flask', text: 'request.args', line: 3 });
const argv = sourceTaint({ group: 'argv', text: 'sys.argv', line: 7 });

describe('taint values', () => {
  test('a union keeps both origins once', () => {
    const u = unionTaint(args, argv);
    expect(u?.flows.map((f) => f.origin.text)).toEqual(['request.args', 'sys.argv']);
    expect(unionTaint(u, args)).toBe(u);
    expect(unionTaint(undefined, args)).toBe(args);
    expect(unionTaint(args, undefined)).toBe(args);
  });

  test('a call adds itself to the path, once per consecutive call', () => {
    const quoted = passThrough(args, 'shlex.quote');
    expect(quoted.flows[0].through).toEqual(['shlex.quote']);
    expect(passThrough(quoted, 'shlex.quote').flows[0].through).toEqual(['shlex.quote']);
    // The sanitised and the raw flow are different flows.
    expect(unionTaint(args, quoted)?.flows).toHaveLength(2);
  });

  test('a prefix survives a union only when both sides agree', () => {
    const a = withPrefix(args, 'https://api/');
    expect(unionTaint(a, withPrefix(args, 'https://api/'))?.prefix).toBe('https://api/');
    expect(unionTaint(a, withPrefix(argv, 'http://x/'))?.prefix).toBeUndefined();
    expect(passThrough(a, 'f').prefix).toBeUndefined();
  });
});

describe('environments', () => {
  test('binding a clean value to a name forgets the name and its attributes', () => {
    let env = setVar(EMPTY_ENV, 'x', args);
    env = setVar(env, 'x.path', argv);
    expect([...env.keys()]).toEqual(['x', 'x.path']);
    env = setVar(env, 'x', undefined);
    expect(env.size).toBe(0);
  });

  test('a clean attribute path is pinned clean so it does not fall back to its object', () => {
    const env = setVar(EMPTY_ENV, 'self.name', undefined);
    expect(env.get('self.name')).toBeNull();
  });

  test('setting the same value again keeps the same map', () => {
    const env = setVar(EMPTY_ENV, 'x', args);
    expect(setVar(env, 'x', args)).toBe(env);
    expect(setVar(EMPTY_ENV, 'y', undefined)).toBe(EMPTY_ENV);
  });

  test('a weak update adds to what the target held, or to its fallback', () => {
    const env = addTaint(setVar(EMPTY_ENV, 'parts', args), 'parts', argv, undefined);
    expect(env.get('parts')?.flows).toHaveLength(2);
    expect(addTaint(EMPTY_ENV, 'd', args, argv).get('d')?.flows).toHaveLength(2);
    expect(addTaint(EMPTY_ENV, 'd', undefined, argv)).toBe(EMPTY_ENV);
  });

  test('a join is tainted where either side is; an unreachable side adds nothing', () => {
    const a = setVar(EMPTY_ENV, 'x', args);
    const b = setVar(EMPTY_ENV, 'y', argv);
    const j = joinEnv(a, b);
    expect([...(j?.keys() ?? [])].sort()).toEqual(['x', 'y']);
    expect(joinEnv(a, undefined)).toBe(a);
    expect(joinAll([undefined, undefined])).toBeUndefined();
    expect(joinAll([a, a])).toBe(a);
  });

  test('a path pinned clean on one side only falls back after the join', () => {
    const pinned = setVar(EMPTY_ENV, 'self.p', undefined);
    expect(joinEnv(pinned, EMPTY_ENV)?.has('self.p')).toBe(false);
    expect(joinEnv(pinned, pinned)?.get('self.p')).toBeNull();
  });

  test('environments with the same flows are the same', () => {
    expect(sameEnv(setVar(EMPTY_ENV, 'x', args), setVar(EMPTY_ENV, 'x', unionTaint(args, args)))).toBe(true);
    expect(sameEnv(setVar(EMPTY_ENV, 'x', args), setVar(EMPTY_ENV, 'x', argv))).toBe(false);
    expect(sameEnv(EMPTY_ENV, setVar(EMPTY_ENV, 'x', argv))).toBe(false);
  });
});
