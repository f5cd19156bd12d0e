/** Models as data: validation of model files, and what they add to taint rules. */
import { createEngine, loadBuiltinModels, loadRuleFiles, parseModelFile, MAX_MODEL_FILE_BYTES, type Engine, type Model } from '../../../src/engine/index.js';
import { applyModels } from '../../../src/engine/models/apply-models.js';
import { taintRule } from '../taint/taint-rule.js';

const lines = (...l: string[]): string => l.join('\n') + '\n';

function model(text: string): Model {
  const parsed = parseModelFile(text, 'models/m.yml');
  if (parsed.error !== undefined) throw new Error(parsed.error);
  return parsed.model;
}

describe('model files', () => {
  test('the built-in models load, with unique ids and the frameworks the rules name', () => {
    const models = loadBuiltinModels();
    const ids = models.map((m) => m.model);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['flask', 'django', 'fastapi', 'aiohttp', 'tornado', 'jinja2', 'sqlalchemy', 'sql-drivers', 'http-clients', 'python']));
    const groups = models.flatMap((m) => m.sources.map((s) => s.group));
    expect(groups).toEqual(expect.arrayContaining(['flask', 'django', 'fastapi', 'aiohttp', 'tornado', 'argv', 'input', 'environment']));
  });

  test('every sink category a built-in rule names is declared by a model', () => {
    expect(() => applyModels(loadRuleFiles().map((f) => f.rule), loadBuiltinModels())).not.toThrow();
  });

  test.each([
    ['an unknown field', 'model: m\ntitle: M\nsinks:\n  - category: sql\n    callees: [x.run]\n    colour: red\n', 'field "sinks.0": Unrecognized key: "colour"'],
    ['a group not in kebab-case', 'model: m\ntitle: M\nsources:\n  - group: My_Group\n', 'field "sources.0.group": a source group is named in kebab-case'],
    ['a sink without callees', 'model: m\ntitle: M\nsinks:\n  - category: sql\n    callees: []\n', 'field "sinks.0.callees"'],
    ['a request attribute that is not a name', 'model: m\ntitle: M\nsources:\n  - group: g\n    requestObjects:\n      - attributes: ["a b"]\n', 'field "sources.0.requestObjects.0.attributes.0": must be one Python identifier'],
    ['invalid YAML', 'model: [m\n', 'models/m.yml: invalid YAML'],
    [
      'a regex in a repository model',
      'model: m\ntitle: M\nsinks:\n  - category: sql\n    callees: [x.run]\n    where: [{ position: 1, matches: "(a+)+$" }]\n',
      'field "sinks.0.where.0.matches": a repository model may not carry regular expressions',
    ],
  ])('%s is refused with the field and the reason', (_name, text, message) => {
    const parsed = parseModelFile(text, 'models/m.yml');
    expect(parsed.model).toBeUndefined();
    expect(parsed.error).toContain('models/m.yml');
    expect(parsed.error).toContain(message);
  });

  test('a model file larger than the bound is refused', () => {
    const parsed = parseModelFile(`model: m\ntitle: M\n# ${'x'.repeat(MAX_MODEL_FILE_BYTES)}\n`, 'models/big.yml');
    expect(parsed.error).toBe(`models/big.yml: larger than ${MAX_MODEL_FILE_BYTES} bytes`);
  });

  test('a rule naming a category no model declares is refused by name', () => {
    const rule = taintRule('t-cat', { sources: ['flask'], sinks: [{ category: 'no-such-thing' }] });
    expect(() => applyModels([rule], loadBuiltinModels())).toThrow('rule t-cat: match.sinks.0: no model declares the sink category "no-such-thing"');
  });
});

describe("a repository's models", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({ rules: loadRuleFiles().map((f) => f.rule).filter((r) => ['tainted-url', 'tainted-command'].includes(r.id)) });
  });

  test("a wrapper around requests, modelled as an outbound-url sink, reaches the built-in SSRF rule", () => {
    const src = lines('from flask import request', 'from ourlib.http import fetch', '', 'def proxy():', '    return fetch(request.args["u"])');
    expect(engine.scanFile('a.py', src).findings.map((f) => f.ruleId)).toEqual([]);
    const own = model('model: ourlib\ntitle: Our HTTP helper\nsinks:\n  - category: outbound-url\n    callees: [ourlib.http.fetch]\n    position: 0\n    argument: URL\n');
    const found = engine.withRules([], [own]).scanFile('a.py', src).findings;
    expect(found.map((f) => `${f.line}:${f.ruleId}`)).toEqual(['5:tainted-url']);
    expect(found[0].message).toContain('request.args');
  });

  test('a source group of its own (a request object by name) feeds a rule of its own', () => {
    const own = model(
      lines('model: ourframework', 'title: Our framework', 'sources:', '  - group: ourframework', '    requestObjects:', '      - parameters: [ctx]', '        attributes: [params]'),
    );
    const rule = taintRule('our-command', { sources: ['ourframework'], sinks: [{ callees: ['os.system'], position: 0 }] });
    const src = lines('import os', '', 'def handler(ctx):', '    os.system(ctx.params["cmd"])', '    os.system(ctx.user)');
    expect(engine.withRules([rule], [own]).scanFile('a.py', src).findings.map((f) => `${f.line}:${f.ruleId}`)).toEqual(['4:our-command']);
  });
});

describe('sources the models declare', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine({
      rules: [taintRule('t-cmd', { sources: ['aiohttp', 'tornado', 'fastapi'], sinks: [{ callees: ['os.system'], position: 0 }] })],
    });
  });
  const found = (src: string): string[] => engine.scanFile('a.py', src).findings.map((f) => `${f.line}:${f.ruleId}`);

  // A model's tokens gate which expressions are looked at: r.post() of an `r` shows none of aiohttp's.
  test('aiohttp: a request parameter found by its name or annotation; app state is not data', () => {
    expect(
      found(
        lines(
          'import os',
          'from aiohttp import web',
          '',
          'async def h(r: web.Request):',
          '    os.system(r.match_info["name"])',
          '    os.system(r.app["cmd"])',
          '',
          'async def g(request):',
          '    os.system((await request.post())["x"])',
        ),
      ),
    ).toEqual(['5:t-cmd', '9:t-cmd']);
  });

  test("Tornado: a handler's own argument readers and its path arguments, through a base class of the file", () => {
    expect(
      found(
        lines(
          'import os',
          'import tornado.web',
          '',
          'class Base(tornado.web.RequestHandler):',
          '    pass',
          '',
          'class H(Base):',
          '    def get(self, slug):',
          '        os.system(self.get_argument("c"))',
          '        os.system(self.request.body)',
          '        os.system(self.settings["cmd"])',
          '',
          'class NotAHandler:',
          '    def get(self, slug):',
          '        os.system(self.get_argument("c"))',
          '        os.system(slug)',
        ),
      ),
    ).toEqual(['9:t-cmd', '10:t-cmd']);
  });

  test("aiohttp's common attribute names count only in a file that imports aiohttp", () => {
    const adapter = lines('import os', '', 'class LocalAdapter:', '    def send(self, request):', '        os.system(request.url)', '        os.system(self.request.body)');
    expect(found(adapter)).toEqual([]);
    expect(found('from aiohttp import web\n' + adapter)).toEqual(['6:t-cmd']);
  });

  test('FastAPI: an annotated Request of another name', () => {
    expect(found(lines('import os', 'from fastapi import Request', '', 'async def h(r: Request):', '    os.system(r.query_params["c"])'))).toEqual(['5:t-cmd']);
  });
});

describe('compileRepositoryModels', () => {
  test('keeps valid models, refuses the rest with a sentence each', async () => {
    const { compileRepositoryModels, undeclaredCategories } = await import('../../../src/config/repository-models.js');
    const ok = 'model: ourlib\ntitle: Ours\nsinks:\n  - category: outbound-url\n    callees: [ourlib.fetch]\n    position: 0\n';
    const result = compileRepositoryModels(
      [
        { name: 'ours.yml', text: ok },
        { name: 'flask.yml', text: 'model: flask\ntitle: Shadow\n' },
        { name: 'bad.yml', text: 'model: bad\ntitle: B\nextra: 1\n' },
        { name: 'big.yml', text: '', unread: 'larger than 64 KiB' },
        { name: 'README.md', text: '# not a model' },
      ],
      parseModelFile,
      new Set(loadBuiltinModels().map((m) => m.model)),
    );
    expect(result.models.map((m) => m.model)).toEqual(['ourlib']);
    expect(result.errors).toEqual([
      '.github/hunkwise/models/flask.yml: id `flask` is taken by a built-in model.',
      '.github/hunkwise/models/bad.yml: field "(top level)": Unrecognized key: "extra"',
      '.github/hunkwise/models/big.yml: not loaded, larger than 64 KiB.',
    ]);
    const rule = taintRule('r', { sources: ['flask'], sinks: [{ category: 'outbound-url' }, { category: 'nope' }] });
    expect(undeclaredCategories(rule, new Set(['outbound-url']))).toEqual(['nope']);
  });
});

test("a repository rule naming a category no model declares is left out; the engine still builds", async () => {
  const engine = await createEngine({ rules: loadRuleFiles().map((f) => f.rule).filter((r) => r.id === 'tainted-url') });
  const bad = taintRule('our-bad', { sources: ['flask'], sinks: [{ category: 'no-such-thing' }] });
  const withBad = engine.withRules([bad]);
  const src = lines('import requests', 'from flask import request', '', 'def v():', '    requests.get(request.args["u"])');
  expect(withBad.scanFile('a.py', src).findings.map((f) => `${f.line}:${f.ruleId}`)).toEqual(['5:tainted-url']);
});
