import type { Finding } from '../../src/engine/types.js';
import type { Rule } from '../../src/engine/rule-schema.js';
import { buildSarifLog, pathToUri, renderSarif } from '../../src/render/sarif.js';
import { fingerprintFindings } from '../../src/review/fingerprint.js';

/**
 * A structural check of SARIF 2.1.0 (OASIS standard, sarif-schema-2.1.0.json): for each
 * object kind hunkwise emits, the required properties, the allowed ones (the schema sets
 * additionalProperties: false on them), and the kind of every nested object.
 */
interface ObjectSpec {
  readonly required: readonly string[];
  readonly anyOf?: readonly string[];
  readonly allowed: readonly string[];
  readonly objects?: Readonly<Record<string, string>>;
  readonly arrays?: Readonly<Record<string, string>>;
}

const SPECS: Readonly<Record<string, ObjectSpec>> = {
  sarifLog: {
    required: ['version', 'runs'],
    allowed: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
    arrays: { runs: 'run' },
  },
  run: {
    required: ['tool'],
    allowed: [
      'tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts',
      'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens',
      'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences',
      'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses',
      'specialLocations', 'properties',
    ],
    objects: { tool: 'tool' },
    arrays: { results: 'result', invocations: 'invocation' },
  },
  tool: { required: ['driver'], allowed: ['driver', 'extensions', 'properties'], objects: { driver: 'toolComponent' } },
  toolComponent: {
    required: ['name'],
    allowed: [
      'guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName',
      'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri',
      'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive',
      'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent',
      'translationMetadata', 'supportedTaxonomies', 'properties',
    ],
    arrays: { rules: 'reportingDescriptor' },
  },
  reportingDescriptor: {
    required: ['id'],
    allowed: [
      'id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription',
      'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties',
    ],
    objects: {
      shortDescription: 'multiformatMessageString',
      fullDescription: 'multiformatMessageString',
      help: 'multiformatMessageString',
      defaultConfiguration: 'reportingConfiguration',
      properties: 'propertyBag',
    },
  },
  multiformatMessageString: { required: ['text'], allowed: ['text', 'markdown', 'properties'] },
  reportingConfiguration: { required: [], allowed: ['enabled', 'level', 'rank', 'parameters', 'properties'] },
  propertyBag: { required: [], allowed: [] /* open */ },
  result: {
    required: ['message'],
    allowed: [
      'guid', 'correlationGuid', 'ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations',
      'hostedViewerUri', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals',
      'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'workItemUris', 'provenance', 'fixes',
      'taxa', 'webRequest', 'webResponse', 'properties',
    ],
    objects: { message: 'message' },
    arrays: { locations: 'location' },
  },
  message: { required: [], anyOf: ['text', 'id'], allowed: ['text', 'markdown', 'id', 'arguments', 'properties'] },
  location: {
    required: [],
    allowed: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
    objects: { physicalLocation: 'physicalLocation' },
  },
  physicalLocation: {
    required: [],
    anyOf: ['address', 'artifactLocation'],
    allowed: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
    objects: { artifactLocation: 'artifactLocation', region: 'region' },
  },
  artifactLocation: { required: [], allowed: ['uri', 'uriBaseId', 'index', 'description', 'properties'] },
  region: {
    required: [],
    allowed: [
      'startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength',
      'snippet', 'message', 'sourceLanguage', 'properties',
    ],
  },
  invocation: {
    required: ['executionSuccessful'],
    allowed: [
      'commandLine', 'arguments', 'responseFiles', 'startTimeUtc', 'endTimeUtc', 'exitCode', 'ruleConfigurationOverrides',
      'notificationConfigurationOverrides', 'toolExecutionNotifications', 'toolConfigurationNotifications',
      'exitCodeDescription', 'exitSignalName', 'exitSignalNumber', 'processStartFailureMessage', 'executionSuccessful',
      'machine', 'account', 'processId', 'executableLocation', 'workingDirectory', 'environmentVariables', 'stdin',
      'stdout', 'stderr', 'stdoutStderr', 'properties',
    ],
    arrays: { toolExecutionNotifications: 'notification' },
  },
  notification: {
    required: ['message'],
    allowed: ['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'],
    objects: { message: 'message' },
    arrays: { locations: 'location' },
  },
};

const LEVELS = ['none', 'note', 'warning', 'error'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems found, as "path: what"; empty when the value is valid. */
function validate(value: unknown, kind: string, at: string, problems: string[]): void {
  const spec = SPECS[kind];
  if (!isObject(value)) {
    problems.push(`${at}: ${kind} must be an object`);
    return;
  }
  for (const key of spec.required) if (!(key in value)) problems.push(`${at}: ${kind} requires "${key}"`);
  if (spec.anyOf && !spec.anyOf.some((k) => k in value)) problems.push(`${at}: ${kind} needs one of ${spec.anyOf.join(', ')}`);
  if (kind !== 'propertyBag') {
    for (const key of Object.keys(value)) if (!spec.allowed.includes(key)) problems.push(`${at}: ${kind} does not allow "${key}"`);
  }
  for (const [key, child] of Object.entries(spec.objects ?? {})) {
    if (key in value) validate(value[key], child, `${at}.${key}`, problems);
  }
  for (const [key, child] of Object.entries(spec.arrays ?? {})) {
    if (!(key in value)) continue;
    const items = value[key];
    if (!Array.isArray(items)) problems.push(`${at}.${key}: must be an array`);
    else items.forEach((item, i) => validate(item, child, `${at}.${key}[${i}]`, problems));
  }
  checkValues(value, kind, at, problems);
}

const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

function checkValues(value: Record<string, unknown>, kind: string, at: string, problems: string[]): void {
  const fail = (what: string): number => problems.push(`${at}: ${what}`);
  switch (kind) {
    case 'sarifLog':
      if (value.version !== '2.1.0') fail('version must be "2.1.0"');
      if (typeof value.$schema !== 'string' || !/^https:\/\//.test(value.$schema)) fail('$schema must be a URI');
      break;
    case 'run':
      if ('columnKind' in value && !['utf16CodeUnits', 'unicodeCodePoints'].includes(value.columnKind as string)) fail('bad columnKind');
      break;
    case 'toolComponent':
      if ('informationUri' in value && !/^https?:\/\//.test(String(value.informationUri))) fail('informationUri must be absolute');
      break;
    case 'reportingDescriptor':
      if (typeof value.id !== 'string' || value.id === '') fail('id must be a non-empty string');
      if ('helpUri' in value && !/^https?:\/\//.test(String(value.helpUri))) fail('helpUri must be absolute');
      break;
    case 'reportingConfiguration':
    case 'notification':
      if ('level' in value && !LEVELS.includes(value.level as string)) fail(`bad level ${String(value.level)}`);
      break;
    case 'propertyBag':
      if ('tags' in value) {
        const tags = value.tags;
        if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string') || new Set(tags).size !== tags.length) {
          fail('tags must be unique strings');
        }
      }
      break;
    case 'result':
      if ('level' in value && !LEVELS.includes(value.level as string)) fail(`bad level ${String(value.level)}`);
      if ('ruleIndex' in value && !(Number.isInteger(value.ruleIndex) && (value.ruleIndex as number) >= -1)) fail('bad ruleIndex');
      if ('partialFingerprints' in value) {
        const fp = value.partialFingerprints;
        if (!isObject(fp) || Object.values(fp).some((v) => typeof v !== 'string')) fail('partialFingerprints must map to strings');
      }
      break;
    case 'message':
    case 'multiformatMessageString':
      if ('text' in value && typeof value.text !== 'string') fail('text must be a string');
      break;
    case 'artifactLocation':
      if (typeof value.uri !== 'string' || /[\s#?\\]/.test(value.uri) || /^[a-z]+:/i.test(value.uri)) {
        fail(`uri must be a relative URI reference (got ${String(value.uri)})`);
      }
      break;
    case 'region':
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
        if (key in value && !positiveInt(value[key])) fail(`${key} must be an integer >= 1`);
      }
      if ('endLine' in value && (value.endLine as number) < (value.startLine as number)) fail('endLine before startLine');
      if (value.endLine === value.startLine && 'endColumn' in value && (value.endColumn as number) < (value.startColumn as number)) {
        fail('endColumn before startColumn');
      }
      break;
  }
}

function validateSarif(log: unknown): string[] {
  const problems: string[] = [];
  validate(log, 'sarifLog', '$', problems);
  // Cross-references the schema cannot express: ruleIndex must point at the rule named by ruleId.
  if (problems.length === 0) {
    const run = (log as { runs: { tool: { driver: { rules?: { id: string }[] } }; results?: { ruleId?: string; ruleIndex?: number }[] }[] }).runs[0];
    (run.results ?? []).forEach((r, i) => {
      if (r.ruleIndex !== undefined && run.tool.driver.rules?.[r.ruleIndex]?.id !== r.ruleId) {
        problems.push(`$.runs[0].results[${i}]: ruleIndex ${r.ruleIndex} does not name ${r.ruleId}`);
      }
    });
  }
  return problems;
}

function rule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: 'shell-injection',
    title: 'Shell command built from data',
    severity: 'high',
    confidence: 'medium',
    category: 'defect',
    cwe: [78, 88],
    bandit: ['B602'],
    ruff: ['S602'],
    message: 'shell',
    why: 'A shell reads metacharacters.',
    fix: 'Pass a list.',
    references: ['https://docs.python.org/3/library/subprocess.html'],
    match: { kind: 'call', callees: ['subprocess.run'], where: [] },
    ...overrides,
  };
}

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'shell-injection',
    path: 'app/run.py',
    line: 3,
    endLine: 3,
    column: 5,
    endColumn: 20,
    severity: 'high',
    confidence: 'medium',
    cwe: ['CWE-78', 'CWE-88'],
    bandit: ['B602'],
    ruff: ['S602'],
    message: 'subprocess.run runs a built command through a shell',
    title: 'Shell command built from data',
    category: 'defect',
    snippet: 'subprocess.run(cmd, shell=True)',
    ...overrides,
  };
}

describe('the structural validator itself', () => {
  it('rejects what SARIF 2.1.0 forbids', () => {
    expect(validateSarif({ version: '2.0.0', runs: [] })).toEqual(
      expect.arrayContaining(['$: version must be "2.1.0"', '$: $schema must be a URI']),
    );
    expect(validateSarif({ $schema: 'https://x', version: '2.1.0', runs: [{ tool: { driver: {} }, extra: 1 }] })).toEqual([
      '$.runs[0]: run does not allow "extra"',
      '$.runs[0].tool.driver: toolComponent requires "name"',
    ]);
    expect(
      validateSarif({
        $schema: 'https://x',
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'info', message: {}, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }],
      }),
    ).toEqual([
      '$.runs[0].results[0].message: message needs one of text, id',
      '$.runs[0].results[0].locations[0].physicalLocation: physicalLocation needs one of address, artifactLocation',
      '$.runs[0].results[0].locations[0].physicalLocation.region: startLine must be an integer >= 1',
      '$.runs[0].results[0]: bad level info',
    ]);
  });
});

describe('renderSarif', () => {
  const findings = [
    finding(),
    finding({ ruleId: 'yaml-load', severity: 'medium', line: 9, endLine: 11, column: 3, endColumn: 2, cwe: ['CWE-502'], snippet: 'yaml.load(x)' }),
    finding({ ruleId: 'hard-kill', severity: 'low', path: 'dir with space/#odd.py', column: 1, endColumn: 1, cwe: ['CWE-404'] }),
  ];
  const rules = [
    rule({ id: 'yaml-load', severity: 'medium', confidence: 'high', cwe: [502], bandit: ['B506'], ruff: ['S506'] }),
    rule(),
  ];
  const text = renderSarif(findings, rules, {
    version: '1.2.3',
    errors: [{ path: 'bin.py', kind: 'binary', message: 'binary file' }, { path: 'b.py', kind: 'parse', message: 'syntax error', line: 4 }],
  });
  const log = JSON.parse(text) as ReturnType<typeof buildSarifLog>;
  const run = log.runs[0];

  it('is structurally valid SARIF 2.1.0', () => {
    expect(validateSarif(log)).toEqual([]);
  });

  it('names the tool, its version and the schema', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'hunkwise', version: '1.2.3', informationUri: expect.stringMatching(/^https:\/\//) });
  });

  it('describes each rule as GitHub code scanning expects', () => {
    const shell = run.tool.driver.rules.find((r) => r.id === 'shell-injection');
    expect(shell).toEqual({
      id: 'shell-injection',
      name: 'ShellInjection',
      shortDescription: { text: 'Shell command built from data' },
      fullDescription: { text: 'A shell reads metacharacters.' },
      help: { text: expect.stringContaining('Pass a list.'), markdown: expect.stringContaining('**How to fix it:** Pass a list.') },
      helpUri: expect.stringMatching(/\/docs\/rules\/shell-injection\.md$/),
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'external/cwe/cwe-78', 'external/cwe/cwe-88'], precision: 'medium', 'security-severity': '8.0' },
    });
    expect(run.tool.driver.rules.find((r) => r.id === 'yaml-load')?.properties['security-severity']).toBe('5.0');
  });

  it('maps severities to levels and keeps positions (endColumn exclusive, at least one column wide)', () => {
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['shell-injection', 'error'],
      ['yaml-load', 'warning'],
      ['hard-kill', 'note'],
    ]);
    expect(run.results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'app/run.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 20 },
    });
    expect(run.results[1].locations[0].physicalLocation.region).toEqual({ startLine: 9, startColumn: 3, endLine: 11, endColumn: 2 });
    expect(run.results[2].locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 2 });
  });

  it('adds a descriptor for a rule missing from the catalogue', () => {
    const hardKill = run.tool.driver.rules[run.results[2].ruleIndex];
    expect(hardKill.id).toBe('hard-kill');
    expect(hardKill.properties.tags).toEqual(['security', 'external/cwe/cwe-404']);
    expect(hardKill.defaultConfiguration.level).toBe('note');
  });

  it('percent-encodes paths into relative URIs', () => {
    expect(run.results[2].locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/%23odd.py');
    expect(pathToUri('../a b/c.py')).toBe('../a%20b/c.py');
  });

  it('fingerprints by rule, path and text as the App does, so moving a line keeps the fingerprint', () => {
    const moved = buildSarifLog([finding({ line: 40, endLine: 40 })], rules, { version: '1' });
    expect(moved.runs[0].results[0].partialFingerprints).toEqual(run.results[0].partialFingerprints);
    const twice = buildSarifLog([finding(), finding({ line: 7, endLine: 7 })], rules, { version: '1' });
    const [a, b] = twice.runs[0].results.map((r) => r.partialFingerprints['hunkwise/v1']);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{20}$/);
    expect(run.results[0].partialFingerprints['hunkwise/v1']).toBe(fingerprintFindings([findings[0]])[0].fingerprint);
  });

  it('reports files not analysed as tool execution notifications', () => {
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: 'binary: binary file' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'bin.py', uriBaseId: '%SRCROOT%' } } }] },
      {
        level: 'warning',
        message: { text: 'parse: syntax error' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'b.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } } }],
      },
    ]);
  });

  it('is valid with no findings and no rules', () => {
    expect(validateSarif(buildSarifLog([], [], { version: '0.0.0' }))).toEqual([]);
  });
});
