/**
 * Attack 4 of issue 9: text from the pull request must render inert. Every
 * renderer is run twice, once with a benign value and once with a hostile
 * one in the same place; a real CommonMark/GFM parser (micromark, raw HTML
 * passed through so an injection would show) must produce the same HTML
 * elements for both.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import type { Rule } from '../../src/engine/rule-schema.js';
import type { Finding } from '../../src/engine/types.js';
import { annotationText } from '../../src/render/annotation.js';
import { renderCheckSummary, renderCrashOutput, type CheckSummaryInput, type LinkedFinding } from '../../src/render/check-summary.js';
import { MAX_ANNOTATION_MESSAGE_CHARS, MAX_ANNOTATION_TITLE_CHARS, MAX_COMMENT_BODY_CHARS } from '../../src/render/github-limits.js';
import {
  codeBlock,
  codeSpan,
  encodePathSegments,
  inlineText,
  linkTarget,
  plainLine,
  textWithCode,
} from '../../src/render/markdown-text.js';
import { renderReviewBody } from '../../src/render/review-body.js';
import { renderReviewComment } from '../../src/render/review-comment.js';
import { buildSarifLog } from '../../src/render/sarif.js';
import { renderRulesText, renderText } from '../../src/render/text.js';
import { extractFingerprints, fingerprintMarker } from '../../src/review/fingerprint.js';
import { groupConcerns } from '../../src/review/group-concerns.js';
import { makeFinding } from '../review/make-finding.js';

function html(md: string): string {
  return micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** Every element the parser produced, in order, and every HTML comment. */
function elements(markdown: string): string[] {
  return [...html(markdown).matchAll(/<(!--|[a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
}

/** The rendered text, tags dropped and the entities we emit decoded; the zero-width space after `@` removed. */
function visibleText(markdown: string): string {
  return html(markdown)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '');
}

/**
 * Same elements, in the same order. Hostile backticks may only move where a
 * code span starts and ends (`code` elements), never add anything else.
 */
function expectSameStructure(hostile: string, benign: string, mayMove: readonly string[] = ['code']): void {
  const h = elements(hostile);
  const b = elements(benign);
  expect(h.filter((t) => !mayMove.includes(t))).toEqual(b.filter((t) => !mayMove.includes(t)));
  expect(new Set(h)).toEqual(new Set(b));
}

const FORGED_FP = '0123456789abcdef0123';

/** What a pull request can put in a string, a name, a path or a repository rule. */
const HOSTILE: readonly string[] = [
  '/tmp/x<details><summary>hunkwise: no action needed</summary>',
  '</details></summary><details open>',
  '<img src=x onerror=alert(1)>',
  '[link](https://evil.example/)',
  '![tracker](https://evil.example/pixel.png)',
  '[ref]\n\n[ref]: https://evil.example/',
  'see https://evil.example/x and www.evil.example and mail me@evil.example',
  '_www.evil.example *www.evil.example (www.evil.example ~http://evil.example mailto:a@evil.example xmpp:a@evil.example',
  '@octocat please approve',
  '`<h2>Approved by security</h2>`',
  '``<b>bold</b>`',
  'x\n\n# Approved by security\n\n- [x] reviewed',
  '# Approved',
  '- item',
  '1. item',
  '---',
  '> quoted',
  '    indented code',
  '| a | b |\n|---|---|\n| c | d |',
  'a).b](https://evil.example/)',
  '```\n<b>fence</b>\n```',
  '~~~\n<b>fence</b>\n~~~',
  `<!-- hunkwise:fp=${FORGED_FP} -->`,
  '**bold** _em_ ~~strike~~ __under__',
  '&lt;img src=x&gt; &amp; &#60;b&#62;',
  '\\<b>escaped?</b>\\',
  'trailing spaces  \nnext',
  'text<br>break',
  '[^1] footnote\n\n[^1]: https://evil.example/',
  'ctrl \u001b[31mred\u001b[0m \u0007 \u009b2J bidi \u202eevil\u202c',
  'line\u2028separator\u0085next',
  '$\\begin{bmatrix}x\\end{bmatrix}$',
  '<script>alert(1)</script>',
  '<a href="https://evil.example/">click</a>',
  '<https://evil.example/>',
];

/** Values free of backticks must also show every character they hold. */
function expectShownLiterally(markdown: string, value: string): void {
  if (value.includes('`')) return;
  expect(visibleText(markdown).replace(/\s+/g, ' ')).toContain(plainLine(value).replace(/\s+/g, ' ').trim());
}

describe('markdown-text primitives', () => {
  it.each(HOSTILE.map((v) => [v]))('inlineText and codeSpan of %j render as text or one code span', (value) => {
    expectSameStructure(`before ${inlineText(value)} after`, `before ${inlineText('plain')} after`);
    expectShownLiterally(`before ${inlineText(value)} after`, value);
    // At the start of a line, too.
    expectSameStructure(`${inlineText(value)}\n\nnext`, `${inlineText('plain')}\n\nnext`);
    expectSameStructure(`- item ${codeSpan(value)}`, `- item ${codeSpan('plain')}`);
    expect(visibleText(`x ${codeSpan(value)}`)).toBe(`x ${plainLine(value)}`);
    // Text with code spans: paragraph and code elements only.
    expect(new Set(elements(`says ${textWithCode(value)}`)).size).toBeLessThanOrEqual(2);
    expect(elements(`says ${textWithCode(value)}`).filter((t) => t !== 'p' && t !== 'code')).toEqual([]);
  });

  it('keeps ordinary text readable: no escapes where none is needed', () => {
    expect(inlineText('subprocess.call runs a shell with a command built at run time.')).toBe(
      'subprocess.call runs a shell with a command built at run time.',
    );
    expect(codeSpan('app/run.py:10')).toBe('`app/run.py:10`');
    expect(textWithCode('{callee} used for `password`')).toBe('{callee} used for `password`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
  });

  it('fences a code block longer than any backtick run inside', () => {
    const code = 'a = "```"\nb = "`````"\n~~~~\n';
    const block = codeBlock(code, 'suggestion');
    expect(block.startsWith('``````suggestion\n')).toBe(true);
    expect(elements(block)).toEqual(['pre', 'code']);
    expect(visibleText(block)).toBe('a = "```"\nb = "`````"\n~~~~\n');
  });

  it('percent-encodes everything that could end or bend a link', () => {
    expect(linkTarget('https://github.com/o/r/blob/s/a).py#L1')).toBe('https://github.com/o/r/blob/s/a%29.py#L1');
    expect(linkTarget('https://x.example/a b<c>`d\ne')).toBe('https://x.example/a%20b%3Cc%3E%60d%0Ae');
    expect(linkTarget('https://x.example/100%')).toBe('https://x.example/100%25');
    expect(linkTarget('javascript:alert(1)')).toBe('#');
    expect(encodePathSegments('app/a )(#?%\n.py')).toBe('app/a%20%29%28%23%3F%25%0A.py');
    expect(encodePathSegments('a/\ud800.py')).toBe('a/%EF%BF%BD.py');
  });
});

// ── review comments ─────────────────────────────────────────────────────────

const benignRule = {
  id: 'repo-rule',
  why: 'A shell parses the command: `;` in the input runs another command.\n\nSo do not.',
  fix: 'Pass a list of arguments: `subprocess.run([a, b])`.',
} as Pick<Rule, 'id' | 'why' | 'fix'> as Rule;

function comment(value: string, suggestionLines?: string, proseValue = 'benign'): string {
  const finding = makeFinding({
    ruleId: 'repo-rule',
    title: `Repository rule ${value}`,
    message: `{value} is used as \`${value}\` and as ${value} here`,
    path: `app/${value}.py`,
    cwe: [`CWE-${value}`],
    bandit: [`B${value}`],
    ...(suggestionLines === undefined ? {} : { fix: { line: 10, endLine: 11, replacement: suggestionLines } }),
  });
  const rule = { ...benignRule, why: `${benignRule.why} ${proseValue}`, fix: `${proseValue}\n\n${benignRule.fix}` } as Rule;
  return renderReviewComment({
    finding,
    rule,
    fingerprint: 'abcdef0123456789abcd',
    docsUrl: `https://docs.example/rules/${value}.md`,
    suggestion: suggestionLines !== undefined,
  });
}

describe('review comment', () => {
  it.each(HOSTILE.map((v) => [v]))('%j in title, message, ids and docs link adds no element', (value) => {
    const body = comment(value);
    expectSameStructure(body, comment('benign'));
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
    // Exactly one HTML comment, the marker, which is the last line.
    expect(elements(body).filter((t) => t === '!--')).toHaveLength(1);
    expect(html(body).match(/<a href="([^"]*)"/g)?.every((a) => a.startsWith('<a href="https://docs.example/rules/'))).toBe(true);
  });

  it.each(HOSTILE.map((v) => [v]))('%j in a repository rule\'s why/fix adds paragraphs, list items and code blocks at most', (value) => {
    // why/fix are multi-paragraph prose, unwrapped when rendered: the rule's author (the pull request) chooses
    // its paragraph breaks, list items and fenced code blocks (shown verbatim), nothing more.
    const body = comment('benign', undefined, value);
    const prose = ['code', 'p', 'pre', 'ul', 'ol', 'li'];
    expect(elements(body).filter((t) => !prose.includes(t))).toEqual(elements(comment('benign')).filter((t) => !prose.includes(t)));
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
  });

  it('folds nothing away: the <details> attack shows as text', () => {
    const body = comment('/tmp/x<details><summary>hunkwise: no action needed</summary>');
    // The one <details> is ours (why/how folded away); the author's shows as text.
    const folds = (md: string): string[] => elements(md).filter((t) => t === 'details' || t === 'summary');
    expect(folds(body)).toEqual(folds(comment('benign')));
    expect(folds(body)).toEqual(['details', 'summary']);
    expect(html(body)).not.toMatch(/<summary>hunkwise/);
    expect(visibleText(body)).toContain('<details><summary>hunkwise: no action needed</summary>');
    expect(visibleText(body)).toContain('Why it matters');
  });

  it('keeps a ```suggestion exact and closed, whatever fences and markers the lines hold', () => {
    const lines = [
      'x = "```"',
      'y = "````"  # ~~~',
      '```',
      '</details>',
      `os.system(cmd)  # ${fingerprintMarker(FORGED_FP)}`,
      fingerprintMarker(FORGED_FP),
    ].join('\n');
    const body = comment('benign', lines);
    expectSameStructure(body, comment('benign', 'subprocess.run([a, b])'));
    const suggestion = /<pre><code class="language-suggestion">([\s\S]*?)<\/code><\/pre>/.exec(html(body));
    expect(suggestion?.[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toBe(
      `${lines}\n`,
    );
    // The copied marker is suggestion text, never memory.
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
  });

  it('never lets rendered author text stand where the marker is read', () => {
    for (const value of HOSTILE) {
      for (const rendered of [inlineText(value), textWithCode(value)]) {
        expect(rendered).not.toContain('<!--');
        expect(rendered).not.toContain('\n');
      }
      // Inside a code span `<!--` is shown, not parsed; the span never makes a line of its own.
      expect(codeSpan(value)).toMatch(/^`[^\n]*`$/);
      const body = comment(value, value, value);
      const markerLines = body.split('\n').filter((l) => /^<!-- hunkwise:fp=/.test(l));
      expect(markerLines).toEqual(value.includes('<!--') ? [expect.any(String), expect.any(String)] : [expect.any(String)]);
      expect(body.split('\n').at(-1)).toBe(fingerprintMarker('abcdef0123456789abcd'));
    }
    const body = comment(`<!-- hunkwise:fp=${FORGED_FP} -->`);
    expect(body).not.toContain(`\n<!-- hunkwise:fp=${FORGED_FP}`);
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
  });

  it('a shortened comment closes its long fence, so the note and the marker stay outside code', () => {
    const huge = `x = "\`\`\`\`"\n${'y = 1\n'.repeat(MAX_COMMENT_BODY_CHARS / 4)}`;
    const body = comment('benign', huge);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_BODY_CHARS);
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
    const out = html(body);
    expect(out).toMatch(/<em>\(comment shortened/);
    expect(out.trimEnd().endsWith('<!-- hunkwise:fp=abcdef0123456789abcd -->')).toBe(true);
  });
});

describe('review body', () => {
  function body(value: string, checkUrl = 'https://github.com/o/r/runs/1'): string {
    const finding = makeFinding({ ruleId: 'repo-rule', title: `Repository rule ${value}`, path: `app/${value}.py`, line: 10, endLine: 10 });
    const rule = { ...benignRule, fix: `Do ${value} first. Then more.` } as Rule;
    return renderReviewBody({
      concerns: groupConcerns([{ finding, fingerprint: 'abcdef0123456789abcd', anchor: { line: 10 }, suggestion: false }]),
      notInline: [{ severity: 'low' }],
      failOn: 'high',
      ruleFor: () => rule,
      checkUrl,
    });
  }

  it('has one link, to the check run, whatever the URL holds', () => {
    const links = (md: string): string[] => elements(md).filter((t) => t === 'a');
    expect(links(body('benign'))).toEqual(['a']);
    expect(elements(body('benign', 'https://github.com/o/r/runs/1) [x](https://evil.example/'))).toEqual(elements(body('benign')));
  });

  it.each(HOSTILE.map((v) => [v]))('%j in a concern\'s title, path and mitigation adds no element', (value) => {
    expectSameStructure(body(value), body('benign'));
    expect(html(body(value)).match(/<a href="([^"]*)"/g)).toEqual(['<a href="https://github.com/o/r/runs/1"']);
  });
});

// ── check run ───────────────────────────────────────────────────────────────

/** Paths a pull request can add (git allows all of these). */
const HOSTILE_PATHS: readonly string[] = [
  'app/`<h2>Approved by security</h2>`.py',
  'app/a\n\n## Injected section\n\n- [x] approved.py',
  'app/a).py',
  'app/x](https://evil.example/).py',
  'app/``` .py',
  'app/a|b\\|c.py',
  'app/<details><summary>ok</summary>.py',
  'app/@octocat.py',
  'app/\u001b[2J\u202e.py',
  'app/ leading  and trailing .py ',
];

function linkedAt(path: string, value: string, rawUrl: boolean): LinkedFinding {
  const finding = makeFinding({ path, title: `Title ${value}`, message: `uses \`${value}\` and ${value}`, ruleId: `rule-${value}` });
  // The job builds the URL; a raw one (as encodeURIComponent leaves `)`) must still make one link.
  const url = `https://github.com/o/r/blob/sha/${rawUrl ? path : encodePathSegments(path)}#L10`;
  return { finding, url, notInline: `GitHub refused the line (${value})` };
}

function summaryInput(path: string, value: string, rawUrl = false): CheckSummaryInput {
  return {
    headSha: '0123456789abcdef',
    conclusion: 'neutral',
    failOn: 'high',
    incomplete: true,
    filesAnalysed: 3,
    onAddedLines: [linkedAt(path, value, rawUrl)],
    outsideDiff: [linkedAt(path, value, rawUrl)],
    skippedFiles: [{ path, reason: `not analysed: ${value}`, incomplete: true }],
    notes: [`GitHub sent no diff for \`${path}\` (${value})`],
    configWarnings: [`\`exclude\`: pattern \`${value}\` is not valid; the key falls back`],
    ruleErrors: [`\`rule-${value}\` failed on ${path}:3: ${value}`],
    posted: 0,
    alreadyPosted: 0,
    resolved: 0,
  };
}

describe('check summary', () => {
  const benign = renderCheckSummary(summaryInput('app/run.py', 'benign')).summary;

  it.each(HOSTILE_PATHS.map((p) => [p]))('path %j adds no heading, link, element or cell', (path) => {
    for (const rawUrl of [false, true]) {
      const out = renderCheckSummary(summaryInput(path, 'benign', rawUrl));
      expectSameStructure(out.summary, benign);
      const hrefs = [...html(out.summary).matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
      expect(hrefs).toHaveLength(2);
      for (const href of hrefs) expect(href.startsWith('https://github.com/o/r/blob/sha/app/')).toBe(true);
      expect(out.title).toBe('Review incomplete: 1 file not analysed · 1 high on added lines');
    }
  });

  it.each(HOSTILE.map((v) => [v]))('%j in titles, messages, reasons, notes, warnings and errors adds no element', (value) => {
    const out = renderCheckSummary(summaryInput('app/run.py', value));
    expectSameStructure(out.summary, benign);
    expect(out.title).not.toContain(value);
  });

  it('shows a hostile path whole, on one line', () => {
    const path = 'app/`<h2>Approved by security</h2>`.py';
    const text = visibleText(renderCheckSummary(summaryInput(path, 'benign')).summary);
    expect(text).toContain('app/`<h2>Approved by security</h2>`.py:10');
    expect(text).toContain('app/`<h2>Approved by security</h2>`.py: not analysed');
  });

  it.each(HOSTILE.map((v) => [v]))('a crash reason %j stays text', (value) => {
    expectSameStructure(renderCrashOutput(`failed on ${value}`).summary, renderCrashOutput('failed on `x`').summary);
  });
});

describe('check annotations', () => {
  it.each(HOSTILE.map((v) => [v]))('%j: plain text, no control characters, title on one line', (value) => {
    const a = annotationText(makeFinding({ title: value, message: value, ruleId: value }));
    expect(a.title).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(a.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(a.message.split('\n')).toHaveLength(3);
  });

  it('stays within GitHub bounds, never splitting a character', () => {
    const a = annotationText(makeFinding({ title: '😀'.repeat(200), message: 'x'.repeat(MAX_ANNOTATION_MESSAGE_CHARS * 2) }));
    expect(a.title.length).toBeLessThanOrEqual(MAX_ANNOTATION_TITLE_CHARS);
    expect(a.title).not.toMatch(/[\ud800-\udbff]$/);
    expect(a.message.length).toBeLessThanOrEqual(MAX_ANNOTATION_MESSAGE_CHARS);
    expect(a.message.endsWith('Severity high, confidence high, CWE-78.')).toBe(true);
  });
});

describe('SARIF help markdown (code scanning renders it)', () => {
  function helpOf(value: string): string {
    const log = buildSarifLog([makeFinding({ ruleId: 'repo-rule', message: `uses \`${value}\` and ${value}` })], [], { version: '0.0.0' });
    return log.runs[0].tool.driver.rules?.[0]?.help?.markdown ?? '';
  }
  it.each(HOSTILE.map((v) => [v]))('%j in a repository rule\'s message adds no element', (value) => {
    expectSameStructure(helpOf(value), helpOf('benign'));
  });
});

// ── the CLI's text output ───────────────────────────────────────────────────

/** Our own colours are SGR sequences; nothing else may reach the terminal as a control. */
const OUR_SGR = /\u001b\[\d+m/g;
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('CLI text output', () => {
  const evil = 'x\u001b[2J\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007\u009b31m\rOK\u202e';
  const finding: Finding = makeFinding({ path: `app/${evil}.py`, message: `msg ${evil}`, ruleId: `rule${evil}`, line: 1 });

  it.each([false, true])('lets no control character of the input through (color %s)', (color) => {
    const out = renderText(
      {
        findings: [finding],
        errors: [{ path: `app/${evil}.py`, kind: 'parse', message: `bad ${evil}` }],
        notAnalysed: [],
        filesScanned: 1,
        sources: new Map([[`app/${evil}.py`, `os.system(${evil})\n`]]),
        heading: `Heading ${evil}`,
        notes: [`note ${evil}`],
        conclusion: { conclusion: 'failure', reason: `because ${evil}` },
      },
      { color },
    );
    expect(out.replace(OUR_SGR, '')).not.toMatch(TERMINAL_CONTROLS);
    expect(out).toContain('app/x\ufffd[2J');
  });

  it('sanitises repository rules in the rule list', () => {
    const out = renderRulesText([{ id: `r${evil}`, title: `t${evil}`, severity: 'high', confidence: 'high', cwe: [78] }]);
    expect(out).not.toMatch(TERMINAL_CONTROLS);
  });
});
