/**
 * Scans one whole file: decode → parse → imports, classes and the calls rules name, found
 * from the text → query rules → analyzers → suppressions. Never throws; every problem
 * becomes a ScanError.
 */
import type { Node, Parser, QueryMatch, Tree } from 'web-tree-sitter';
import type { AnalysisContext, CallSite, ReportOverrides } from './analyzer-api.js';
import { ArgumentView, callArguments } from './arguments.js';
import type { CallMatcher, CompiledRules, ImportMatcher, QueryMatcher } from './compile-rules.js';
import { INVALID_SUPPRESSION_ANALYZER } from './analyzers/index.js';
import { decodeSource } from './decode.js';
import type { ScanOptions, UnusedSuppressionScope } from './engine-api.js';
import { NameResolver } from './names.js';
import type { Pattern } from './pattern.js';
import type { Rule } from './rule-schema.js';
import { concernsHunkwise, findSuppressions, hasSuppressionMarker, suppresses, type Suppression } from './suppressions.js';
import { parseClassHeader, parseImportStatement, type ImportStatement } from './import-text.js';
import { anchoredTreeOf, calleeChain, findCalls, findClasses, findImportStatements, nodesAroundMatches } from './text-anchors.js';
import { TooComplex } from './too-complex.js';
import { severityRank, type FileResult, type Finding, type Fix, type ScanError } from './types.js';

/** Parse errors listed per file; past this the file is simply "broken in N places". */
const MAX_PARSE_ERRORS_LISTED = 3;
/** Snippets feed fingerprints and messages; a minified line must not bloat them. */
const MAX_SNIPPET_CHARS = 400;
const MAX_PLACEHOLDER_CHARS = 80;

class BudgetExceeded extends Error {}

interface Candidate {
  readonly finding: Finding;
  /** Lines of the whole statement, so a suppression on any of them applies. */
  readonly statementStart: number;
  readonly statementEnd: number;
  readonly rule: Rule;
}

export function scanFile(
  compiled: CompiledRules,
  parser: Parser,
  path: string,
  content: Uint8Array | string,
  options: ScanOptions = {},
): FileResult {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    return skipped(path, 'too-large', `${formatBytes(size)} is over the ${formatBytes(options.maxBytes)} limit; not analysed`);
  }
  const decoded = decodeSource(content);
  if ('error' in decoded) return skipped(path, decoded.error.kind, decoded.error.message);
  const source = decoded.text;

  const deadline = options.timeBudgetMs !== undefined ? Date.now() + options.timeBudgetMs : Infinity;
  const overBudget = deadline === Infinity ? undefined : () => Date.now() > deadline;
  let tree: Tree | null;
  try {
    tree = parser.parse(source, null, overBudget ? { progressCallback: overBudget as never } : undefined);
  } catch (err) {
    return skipped(path, 'parse', `the parser failed: ${(err as Error).message}`);
  }
  if (!tree) return skipped(path, 'timeout', `parsing took longer than the ${options.timeBudgetMs} ms budget; not analysed`);
  try {
    const result = analyse(compiled, tree, path, source, overBudget, options);
    return decoded.lineMap ? onRawLines(result, decoded.lineMap) : result;
  } catch (err) {
    if (err instanceof BudgetExceeded) {
      return skipped(path, 'timeout', `analysis took longer than the ${options.timeBudgetMs} ms budget; not analysed`);
    }
    if (err instanceof TooComplex) return skipped(path, 'too-complex', `not analysed: ${err.what} at line ${err.line}`);
    return { path, findings: [], errors: [{ path, kind: 'rule', message: `internal error: ${(err as Error).message}` }], analysed: false };
  } finally {
    tree.delete();
  }
}

function analyse(
  compiled: CompiledRules,
  tree: Tree,
  path: string,
  source: string,
  overBudget: (() => boolean) | undefined,
  options: ScanOptions,
): FileResult {
  const root = tree.rootNode;
  // Split only when something is reported: most files report nothing.
  let splitLines: string[] | undefined;
  const lines = (): string[] => (splitLines ??= source.split('\n'));
  const errors: ScanError[] = [];
  if (root.hasError) errors.push(...parseErrors(root, path));

  const names = new NameResolver(root, compiled.receiverMethods);
  const anchored = anchoredTreeOf(root, source);
  const imports = findImportStatements(anchored).map((node) => readImport(node, source));
  for (const { node, statement } of imports) {
    if (statement) names.addImportStatement(statement);
    else names.addImport(node);
  }
  for (const { definition, keywordAt } of findClasses(anchored)) {
    const header = parseClassHeader(source, keywordAt);
    if (header) names.addClassBases(header.name, header.bases);
    else if (!CLASS_WITHOUT_BASES.test(source.slice(keywordAt, keywordAt + 200))) names.addClass(definition);
  }
  if (overBudget?.()) throw new BudgetExceeded();

  const candidates: Candidate[] = [];
  const ruleErrors = new Set<string>();
  const guarded = (rule: Rule, work: () => void): void => {
    try {
      work();
    } catch (err) {
      if (err instanceof BudgetExceeded) throw err;
      if (ruleErrors.has(rule.id)) return;
      ruleErrors.add(rule.id);
      if (err instanceof TooComplex) {
        // Not a broken rule: the code is nested past a bound. The file counts as not fully analysed.
        errors.push({
          path,
          kind: 'too-complex',
          ruleId: rule.id,
          line: err.line,
          message: `not fully analysed: ${err.what} at line ${err.line}; rule ${rule.id} skipped this file`,
        });
        return;
      }
      errors.push({ path, kind: 'rule', ruleId: rule.id, message: `rule ${rule.id} failed on this file and was skipped: ${(err as Error).message}` });
    }
  };
  const report = (rule: Rule, node: Node, over: ReportOverrides & { callee?: string; captures?: QueryMatch['captures'] } = {}): void => {
    candidates.push(makeCandidate(rule, node, lines(), path, over, compiled.autofixes.get(rule.id)));
  };

  for (const imported of imports) {
    const bound = lazyImports(imported);
    for (const matcher of compiled.imports) guarded(matcher.rule, () => matchImport(matcher, imported.node, bound, report));
  }

  const calls: CallSite[] = [];
  for (const found of findCalls(anchored, (name) => isWantedCallee(compiled, names, name), overBudget)) {
    const { call, key, bare } = found;
    const site = lazyCallSite(call, bare ? lastSegment(names.importedAs(key) ?? key) : key, found.keyEnd, names, source);
    calls.push(site);
    const matchers = candidateCallMatchers(compiled, names, call, key, bare);
    if (matchers.length === 0) continue;
    const calleeNames = site.names();
    let view: ArgumentView | undefined;
    for (const matcher of matchers) {
      guarded(matcher.rule, () => {
        const callee = calleeNames.find((n) => matcher.callees.some((re) => re.test(n)));
        if (callee === undefined) return;
        view ??= new ArgumentView(callArguments(call), names);
        matchCall(matcher, view, call, callee, report);
      });
    }
  }
  if (overBudget?.()) throw new BudgetExceeded();

  if (compiled.query) {
    let cancelled = false;
    const matches = compiled.query.matches(
      root,
      overBudget ? { progressCallback: (() => (cancelled = cancelled || overBudget())) as never } : undefined,
    );
    if (cancelled) throw new BudgetExceeded();
    for (const m of matches) {
      const matcher = compiled.queryMatchers[m.patternIndex];
      guarded(matcher.rule, () => matchQuery(matcher, m, names, report));
    }
  }

  for (const { matcher, prefilter, query, roots } of compiled.prefiltered) {
    if (overBudget?.()) throw new BudgetExceeded();
    guarded(matcher.rule, () => {
      let n = 0;
      for (const node of nodesAroundMatches(anchored, prefilter, roots)) {
        if (overBudget && ++n % 64 === 0 && overBudget()) throw new BudgetExceeded();
        for (const m of query.matches(node)) matchQuery(matcher, m, names, report);
      }
    });
  }

  for (const analyzer of compiled.analyzers) {
    if (overBudget?.()) throw new BudgetExceeded();
    const ctx: AnalysisContext = {
      root,
      source,
      names,
      calls,
      report: (node, over) => report(analyzer.rule, node, over),
    };
    guarded(analyzer.rule, () => analyzer.analyzer.run(ctx));
  }

  const all = applySuppressions(compiled, candidates, root, source, lines, path, options.reportUnusedSuppressions ?? 'hunkwise');
  const findings = options.isTest ? judgedAsTestCode(all, compiled.inTests) : all;
  const kept = options.keepSuperseded ? findings : withoutSuperseded(findings, compiled.supersedes);
  return { path, findings: sortAndDedupe(kept), errors, analysed: true };
}

function lazyCallSite(node: Node, key: string, keyEnd: number, names: NameResolver, source: string): CallSite {
  let cached: string[] | undefined;
  const resolve = (): string[] => {
    const chain = calleeChain(source, node.startIndex, keyEnd);
    return (chain && names.namesOfChain(chain)) ?? names.calleeNames(node);
  };
  return { node, key, keyEnd, names: () => (cached ??= resolve()) };
}

/**
 * Could a call whose callee's last name reads `name` concern any rule or analyzer? Its own
 * name, the name an import gave it (`from subprocess import Popen as P`), or a local class
 * (which may subclass one) decides.
 */
function isWantedCallee(compiled: CompiledRules, names: NameResolver, name: string): boolean {
  if (isWantedKey(compiled, name)) return true;
  return names.importedAsAll(name).some((target) => isWantedKey(compiled, lastSegment(target))) || names.isClass(name);
}

function isWantedKey(compiled: CompiledRules, key: string): boolean {
  return compiled.callKeys.has(key) || compiled.callKeyPrefixes.some((p) => key.startsWith(p));
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The cheap filter that keeps most calls from ever being resolved. */
function candidateCallMatchers(compiled: CompiledRules, names: NameResolver, call: Node, key: string, bareName: boolean): CallMatcher[] {
  let keys: string[] = [key];
  if (bareName) {
    const targets = names.importedAsAll(key);
    if (targets.length) keys = targets.map(lastSegment);
    if (names.isClass(key)) keys = names.calleeNames(call).map(lastSegment);
  } else if (key === '__init__') {
    keys = [key, ...names.calleeNames(call).map(lastSegment)];
  }
  const out: CallMatcher[] = [];
  for (const k of keys) {
    for (const m of compiled.callsByKey.get(k) ?? []) if (!out.includes(m)) out.push(m);
    for (const [prefix, list] of compiled.callsByPrefix) {
      if (k.startsWith(prefix)) for (const m of list) if (!out.includes(m)) out.push(m);
    }
  }
  return out;
}

type Reporter = (rule: Rule, node: Node, over?: ReportOverrides & { callee?: string; captures?: QueryMatch['captures'] }) => void;

function matchCall(matcher: CallMatcher, view: ArgumentView, call: Node, callee: string, report: Reporter): void {
  if (!view.holdsAll(matcher.where)) return;
  for (const c of matcher.cases) {
    if (!view.holdsAll(c.where)) continue;
    if (c.skip) return;
    report(matcher.rule, call, { callee, severity: c.severity, confidence: c.confidence, message: c.message, category: c.category });
    return;
  }
  report(matcher.rule, call, { callee });
}

interface ImportedByStatement {
  modules(): readonly string[];
  names(): readonly string[];
}

const CLASS_WITHOUT_BASES = /^class\s+[A-Za-z_]\w*\s*:/;

interface ReadImport {
  readonly node: Node;
  /** Undefined when the text is unusual enough that the tree must be asked. */
  readonly statement?: ImportStatement;
}

function readImport(node: Node, source: string): ReadImport {
  const statement = node.type === 'future_import_statement' ? undefined : parseImportStatement(source.slice(node.startIndex, node.endIndex));
  return { node, statement };
}

/** Read once per statement, whatever the number of import rules. */
function lazyImports({ node, statement }: ReadImport): ImportedByStatement {
  let modules: string[] | undefined;
  let names: string[] | undefined;
  return {
    modules: () => (modules ??= statement ? modulesOf(statement) : importedModules(node)),
    names: () => (names ??= statement ? namesOf(statement) : importedNames(node)),
  };
}

/** importedModules, from the text. */
function modulesOf(statement: ImportStatement): string[] {
  const from = statement.from;
  if (from === undefined) return statement.names.map((n) => n.name);
  return [from, ...statement.names.map((n) => `${from}.${n.name}`)];
}

/** importedNames, from the text. */
function namesOf(statement: ImportStatement): string[] {
  const from = statement.from;
  if (from === undefined) return modulesOf(statement);
  return statement.names.length > 0 ? statement.names.map((n) => `${from}.${n.name}`) : [from];
}

function matchImport(matcher: ImportMatcher, node: Node, bound: ImportedByStatement, report: Reporter): void {
  const excepted = matcher.except;
  const candidates = excepted ? bound.names().filter((n) => !excepted.some((e) => n === e || n.startsWith(`${e}.`))) : bound.modules();
  const listed = (module: string): boolean => matcher.modules.some((m) => module === m || module.startsWith(`${m}.`));
  for (const module of candidates) {
    if (listed(module)) {
      report(matcher.rule, node, { callee: module });
      return;
    }
  }
  const grade = matcher.exceptGrade;
  if (excepted && grade) {
    const module = bound.modules().find(listed);
    if (module !== undefined) report(matcher.rule, node, { ...grade, callee: module });
  }
}

/** Every module an import statement brings in: `from a import b` brings `a` and `a.b`. */
function importedModules(node: Node): string[] {
  if (node.type === 'import_statement') {
    return node.namedChildren.flatMap((c) => {
      if (c?.type === 'dotted_name') return [c.text];
      if (c?.type === 'aliased_import') return [c.childForFieldName('name')?.text ?? ''];
      return [];
    });
  }
  const module = node.childForFieldName('module_name')?.text;
  if (!module) return [];
  const out = [module];
  for (const child of node.childrenForFieldName('name')) {
    const name = child?.type === 'aliased_import' ? child.childForFieldName('name')?.text : child?.text;
    if (name) out.push(`${module}.${name}`);
  }
  return out;
}

/**
 * What an import statement binds, one name each: `import a.b` → `a.b`; `from a import b, c`
 * → `a.b`, `a.c`; `from a import *` → `a`.
 */
function importedNames(node: Node): string[] {
  if (node.type === 'import_statement') return importedModules(node);
  const module = node.childForFieldName('module_name')?.text;
  if (!module) return [];
  const names = node.childrenForFieldName('name').flatMap((child) => {
    const name = child?.type === 'aliased_import' ? child.childForFieldName('name')?.text : child?.text;
    return name ? [`${module}.${name}`] : [];
  });
  return names.length > 0 ? names : [module];
}

function matchQuery(matcher: QueryMatcher, m: QueryMatch, names: NameResolver, report: Reporter): void {
  if (matcher.accepts && !matcher.accepts(m)) return;
  const qualifiedNames = (node: Node): string[] => (node.type === 'call' ? names.calleeNames(node) : [names.qualify(node) ?? node.text]);
  for (const [capture, globs] of matcher.resolves) {
    const node = m.captures.find((c) => c.name === capture)?.node;
    if (!node) return;
    if (!qualifiedNames(node).some((q) => globs.some((re) => re.test(q)))) return;
  }
  for (const [capture, globs] of matcher.excludes) {
    const node = m.captures.find((c) => c.name === capture)?.node;
    if (node && qualifiedNames(node).some((q) => globs.some((re) => re.test(q)))) return;
  }
  const target = (matcher.report ? m.captures.find((c) => c.name === matcher.report) : m.captures[0])?.node;
  if (target) report(matcher.rule, target, { captures: m.captures });
}

function makeCandidate(
  rule: Rule,
  node: Node,
  lines: readonly string[],
  path: string,
  over: ReportOverrides & { callee?: string; captures?: QueryMatch['captures'] },
  autofix?: Pattern,
): Candidate {
  const end = over.until ?? node;
  const line = node.startPosition.row + 1;
  let endLine = end.endPosition.row + 1;
  let endColumn = end.endPosition.column + 1;
  // A node ending at column 0 of the next line really ends on the line before.
  if (end.endPosition.column === 0 && endLine > line) {
    endLine -= 1;
    endColumn = (lines[endLine - 1] ?? '').length + 1;
  }
  const snippet = snippetOf(lines, line, endLine);
  const message = fillPlaceholders(over.message ?? rule.message, over.callee, over.captures);
  const statement = statementLines(node);
  const finding: Finding = {
    ruleId: rule.id,
    path,
    line,
    endLine,
    column: node.startPosition.column + 1,
    endColumn,
    severity: over.severity ?? rule.severity,
    confidence: over.confidence ?? rule.confidence,
    cwe: rule.cwe.map((n) => `CWE-${n}`),
    bandit: rule.bandit,
    ruff: rule.ruff,
    message,
    title: rule.title,
    category: over.category ?? rule.category,
    snippet,
    ...(rule.autofix && autofix ? optionalFix(autofix, rule.autofix.replace, lines, line, endLine) : {}),
  };
  return { finding, rule, statementStart: Math.min(statement[0], line), statementEnd: Math.max(statement[1], endLine) };
}

/** `find` is the rule's `autofix.find`, compiled by compileRules (RE2 for a repository's rule). */
function optionalFix(find: Pattern, replace: string, lines: readonly string[], line: number, endLine: number): { fix?: Fix } {
  const original = lines.slice(line - 1, endLine).map(stripCr).join('\n');
  const replacement = find.replaceFirst(original, replace);
  return replacement === original ? {} : { fix: { line, endLine, replacement } };
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function snippetOf(lines: readonly string[], line: number, endLine: number): string {
  const text = lines
    .slice(line - 1, endLine)
    .map((l) => l.trim())
    .join('\n');
  return text.length > MAX_SNIPPET_CHARS ? text.slice(0, MAX_SNIPPET_CHARS) : text;
}

function fillPlaceholders(message: string, callee: string | undefined, captures: QueryMatch['captures'] | undefined): string {
  if (!message.includes('{')) return message;
  return message.replace(/\{([a-zA-Z_][\w.]*)\}/g, (whole, name: string) => {
    if (name === 'callee' && callee !== undefined) return callee;
    const node = captures?.find((c) => c.name === name)?.node;
    if (!node) return whole;
    const text = node.text.replace(/\s+/g, ' ');
    return text.length > MAX_PLACEHOLDER_CHARS ? `${text.slice(0, MAX_PLACEHOLDER_CHARS)}…` : text;
  });
}

const COMPOUND = new Set([
  'if_statement',
  'for_statement',
  'while_statement',
  'with_statement',
  'try_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
]);

/** The 1-based line range of the statement holding a node (a compound statement: its header). */
function statementLines(node: Node): [number, number] {
  let n: Node = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  const start = n.startPosition.row + 1;
  if (COMPOUND.has(n.type)) {
    const body = n.namedChildren.find((c) => c?.type === 'block');
    const headerEnd = body ? Math.max(body.startPosition.row, n.startPosition.row) : n.endPosition.row;
    return [start, Math.max(start, headerEnd + (body && body.startPosition.row === n.startPosition.row ? 1 : 0))];
  }
  return [start, n.endPosition.row + 1];
}

function applySuppressions(
  compiled: CompiledRules,
  candidates: readonly Candidate[],
  root: Node,
  source: string,
  splitLines: () => readonly string[],
  path: string,
  unusedScope: UnusedSuppressionScope,
): Finding[] {
  if (!hasSuppressionMarker(source)) return candidates.map((c) => c.finding);
  const lines = splitLines();
  const isComment = (line: number, column: number): boolean =>
    root.descendantForPosition({ row: line - 1, column: column - 1 })?.type === 'comment';
  const markers = findSuppressions(lines, isComment, compiled.knownCodes);
  if (markers.length === 0) return candidates.map((c) => c.finding);
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  for (const c of candidates) {
    const hit = markers.filter((s) => s.line >= c.statementStart && s.line <= c.statementEnd && suppresses(s, c.rule));
    hit.forEach((s) => used.add(s));
    if (hit.length === 0) kept.push(c.finding);
  }
  const invalidRule = compiled.analyzers.find(
    (a) => a.rule.match.kind === 'analyzer' && a.rule.match.analyzer === INVALID_SUPPRESSION_ANALYZER,
  )?.rule;
  if (invalidRule) {
    // `# nosec b60`, `# hunkwise: ignore[typo]`: said, since it silences nothing. `# noqa` codes are other tools' too.
    for (const s of markers) {
      if (s.invalid.length === 0 || s.source === 'noqa') continue;
      const lineText = stripCr(lines[s.line - 1] ?? '');
      kept.push({
        ...markerFinding(invalidRule, s, lineText, path),
        message: invalidRule.message.replace('{marker}', s.text.trim()).replace('{codes}', s.invalid.join(', ')),
      });
    }
  }
  const rule = compiled.unusedSuppressionRule;
  if (rule) {
    for (const s of markers) {
      if (used.has(s) || s.invalid.length > 0 || !concernsHunkwise(s, compiled.knownCodes)) continue;
      // A `# nosec` / `# noqa` may be there for the repository's Bandit or Ruff job, which we do not see.
      if (s.source !== 'hunkwise' && unusedScope !== 'all') continue;
      const finding = markerFinding(rule, s, stripCr(lines[s.line - 1] ?? ''), path);
      kept.push({ ...finding, message: rule.message.replace('{marker}', s.text.trim()) });
    }
  }
  return kept;
}

/** A finding about a suppression marker itself, from its line to the end of that line. */
function markerFinding(rule: Rule, s: Suppression, lineText: string, path: string): Finding {
  return {
    ruleId: rule.id,
    path,
    line: s.line,
    endLine: s.line,
    column: s.column,
    endColumn: lineText.length + 1,
    severity: rule.severity,
    confidence: rule.confidence,
    cwe: rule.cwe.map((n) => `CWE-${n}`),
    bandit: rule.bandit,
    ruff: rule.ruff,
    message: rule.message,
    title: rule.title,
    category: rule.category,
    snippet: lineText.trim(),
  };
}

const IN_TEST_CODE = 'in test code: ';

/**
 * A test file's findings as each rule's `inTests` says: `low` ones become low-severity
 * hygiene (summary only, never failing the check at the default threshold), `skip` ones go.
 */
function judgedAsTestCode(findings: readonly Finding[], inTests: CompiledRules['inTests']): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const how = inTests.get(f.ruleId);
    if (how === 'skip') continue;
    if (how === undefined) {
      out.push(f);
      continue;
    }
    out.push({
      ...f,
      severity: 'low',
      category: 'practice',
      message: f.message.startsWith(IN_TEST_CODE) ? f.message : IN_TEST_CODE + f.message,
    });
  }
  return out;
}

/**
 * One finding per code where rules overlap (Rule.supersedes): the more severe stays, on a tie
 * the superseding rule's, which takes over the other's fix if it has none.
 */
function withoutSuperseded(findings: readonly Finding[], supersedes: ReadonlyMap<string, ReadonlySet<string>>): Finding[] {
  if (supersedes.size === 0 || findings.length < 2) return [...findings];
  const at = (f: Finding): string => `${f.line}:${f.column}:${f.endLine}:${f.endColumn}`;
  const bySite = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = bySite.get(at(f));
    if (list) list.push(f);
    else bySite.set(at(f), [f]);
  }
  const dropped = new Set<Finding>();
  const replaced = new Map<Finding, Finding>();
  for (const site of bySite.values()) {
    if (site.length < 2) continue;
    for (const winner of site) {
      const beaten = supersedes.get(winner.ruleId);
      if (!beaten) continue;
      for (const other of site) {
        if (other === winner || dropped.has(other) || dropped.has(winner) || !beaten.has(other.ruleId)) continue;
        if (severityRank(other.severity) > severityRank(winner.severity)) {
          dropped.add(winner);
          continue;
        }
        dropped.add(other);
        if (other.fix && !winner.fix) replaced.set(winner, { ...(replaced.get(winner) ?? winner), fix: other.fix });
      }
    }
  }
  return findings.filter((f) => !dropped.has(f)).map((f) => replaced.get(f) ?? f);
}

/**
 * One finding per rule and start position: a chained call (`Path(p).read_text()`) is two sinks
 * of one rule that start at the same place and would read as the same comment twice. The most
 * severe one stays.
 */
function sortAndDedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  const sorted = [...findings].sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      a.ruleId.localeCompare(b.ruleId) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.endLine - b.endLine ||
      a.endColumn - b.endColumn,
  );
  for (const f of sorted) {
    const key = `${f.ruleId}:${f.line}:${f.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function parseErrors(root: Node, path: string): ScanError[] {
  const found: Node[] = [];
  const cursor = root.walk();
  // Depth-first, skipping subtrees without errors, until a few error nodes are found.
  let more = true;
  while (more && found.length < MAX_PARSE_ERRORS_LISTED) {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) {
      found.push(node);
    } else if (node.hasError && cursor.gotoFirstChild()) {
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        more = false;
        break;
      }
    }
  }
  cursor.delete();
  return found.map((n) => ({
    path,
    kind: 'parse' as const,
    line: n.startPosition.row + 1,
    message: `${n.isMissing ? `missing "${n.type}"` : 'syntax error'} at line ${n.startPosition.row + 1}, column ${n.startPosition.column + 1}; findings in the parts that parse are still reported`,
  }));
}

/**
 * Findings on the raw lines the diff shows, where decoding made extra lines (UTF-7). A fix
 * written against decoded lines cannot be a suggestion on raw ones: it is dropped.
 */
function onRawLines(result: FileResult, lineMap: readonly number[]): FileResult {
  const raw = (line: number): number => lineMap[line - 1] ?? line;
  return {
    ...result,
    findings: result.findings.map((f) => {
      const { fix, ...rest } = f;
      const line = raw(f.line);
      const endLine = raw(f.endLine);
      const moved = line !== f.line || endLine !== f.endLine;
      return moved || fix ? { ...rest, line, endLine } : f;
    }),
    errors: result.errors.map((e) => (e.line === undefined ? e : { ...e, line: raw(e.line) })),
  };
}

function skipped(path: string, kind: ScanError['kind'], message: string): FileResult {
  return { path, findings: [], errors: [{ path, kind, message }], analysed: false };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${n} bytes`;
}
