/**
 * SARIF 2.1.0 output, shaped for GitHub code scanning: rule metadata with CWE tags and
 * security-severity, one result per finding, and fingerprints that survive line moves.
 */
import type { Finding, ScanError, Severity, Confidence } from '../engine/types.js';
import type { Rule } from '../engine/rule-schema.js';
import { fingerprintFindings } from '../review/fingerprint.js';
import { inlineText, link, linkTarget, prose, textWithCode } from './markdown-text.js';
import { HUNKWISE_REPOSITORY_URL, ruleDocUrl } from './rule-docs.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub maps these scores to its critical/high/medium/low labels (>= 7.0 is high, >= 4.0 medium). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { high: '8.0', medium: '5.0', low: '2.0' };
const PRECISION: Readonly<Record<Confidence, string>> = { high: 'high', medium: 'medium', low: 'low' };

export interface SarifMessage {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: {
    readonly tags: readonly string[];
    readonly precision: string;
    readonly 'security-severity': string;
  };
}

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly [
    {
      readonly physicalLocation: {
        readonly artifactLocation: { readonly uri: string; readonly uriBaseId: '%SRCROOT%' };
        readonly region: SarifRegion;
      };
    },
  ];
  readonly partialFingerprints: Readonly<Record<string, string>>;
}

export interface SarifNotification {
  readonly level: 'warning';
  readonly message: { readonly text: string };
  readonly locations: readonly [
    {
      readonly physicalLocation: {
        readonly artifactLocation: { readonly uri: string; readonly uriBaseId: '%SRCROOT%' };
        readonly region?: { readonly startLine: number };
      };
    },
  ];
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [
    {
      readonly tool: {
        readonly driver: {
          readonly name: 'hunkwise';
          readonly informationUri: string;
          readonly version: string;
          readonly rules: readonly SarifReportingDescriptor[];
        };
      };
      /** The engine's columns count UTF-16 code units, as JavaScript strings do. */
      readonly columnKind: 'utf16CodeUnits';
      readonly invocations: readonly [
        { readonly executionSuccessful: true; readonly toolExecutionNotifications: readonly SarifNotification[] },
      ];
      readonly results: readonly SarifResult[];
    },
  ];
}

export interface SarifOptions {
  /** hunkwise's version, for tool.driver.version. */
  readonly version: string;
  /** Files or parts of files not analysed; they become tool execution notifications. */
  readonly errors?: readonly ScanError[];
}

/** A path as a relative URI reference: each segment percent-encoded, so spaces or "#" stay part of the name. */
export function pathToUri(path: string): string {
  return path.split('/').map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

/** "shell-injection" → "ShellInjection": SARIF's human-readable rule name. */
function ruleName(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A reference as markdown: a link showing its own URL when it is http(s), plain text otherwise. */
function referenceMarkdown(ref: string): string {
  return linkTarget(ref) === '#' ? inlineText(ref) : link(inlineText(ref), ref);
}

function descriptorFromRule(rule: Rule): SarifReportingDescriptor {
  const references = rule.references.length > 0 ? `\n\nReferences:\n${rule.references.map((r) => `- ${r}`).join('\n')}` : '';
  // Repository rules come from the pull request: their prose is rendered inert, like in review comments.
  const referencesMarkdown =
    rule.references.length > 0 ? `\n\nReferences:\n\n${rule.references.map((r) => `- ${referenceMarkdown(r)}`).join('\n')}` : '';
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why.trim() },
    help: {
      text: `${rule.why.trim()}\n\nHow to fix it: ${rule.fix.trim()}${references}`,
      markdown: `${prose(rule.why)}\n\n**How to fix it:** ${prose(rule.fix)}${referencesMarkdown}\n\n${link('Rule documentation', ruleDocUrl(rule.id))}`,
    },
    helpUri: ruleDocUrl(rule.id),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', ...rule.cwe.map((n) => `external/cwe/cwe-${n}`)],
      precision: PRECISION[rule.confidence],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

/** A finding from a rule the catalogue does not know (e.g. a repository's own) still gets a descriptor. */
function descriptorFromFinding(f: Finding): SarifReportingDescriptor {
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: f.title },
    fullDescription: { text: f.title },
    help: { text: f.message, markdown: textWithCode(f.message) },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      tags: ['security', ...f.cwe.map((c) => `external/cwe/${c.toLowerCase()}`)],
      precision: PRECISION[f.confidence],
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  };
}

function region(f: Finding): SarifRegion {
  const startLine = Math.max(1, f.line);
  const endLine = Math.max(startLine, f.endLine);
  const startColumn = Math.max(1, f.column);
  // SARIF's endColumn is exclusive; an empty span on one line would be invalid.
  const endColumn = endLine === startLine ? Math.max(startColumn + 1, f.endColumn) : Math.max(1, f.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

export function buildSarifLog(findings: readonly Finding[], rules: readonly Rule[], options: SarifOptions): SarifLog {
  const descriptors: SarifReportingDescriptor[] = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(descriptorFromRule);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  // The App's own fingerprints (rule, path, normalised text, occurrence): they survive line moves.
  const fingerprints = fingerprintFindings(findings);
  const results: SarifResult[] = findings.map((f, i) => {
    let ruleIndex = index.get(f.ruleId);
    if (ruleIndex === undefined) {
      ruleIndex = descriptors.push(descriptorFromFinding(f)) - 1;
      index.set(f.ruleId, ruleIndex);
    }
    return {
      ruleId: f.ruleId,
      ruleIndex,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathToUri(f.path), uriBaseId: '%SRCROOT%' },
            region: region(f),
          },
        },
      ],
      partialFingerprints: { 'hunkwise/v1': fingerprints[i].fingerprint },
    };
  });
  const notifications: SarifNotification[] = (options.errors ?? []).map((e) => ({
    level: 'warning',
    message: { text: `${e.kind}: ${e.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(e.path), uriBaseId: '%SRCROOT%' },
          ...(e.line === undefined ? {} : { region: { startLine: Math.max(1, e.line) } }),
        },
      },
    ],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: { name: 'hunkwise', informationUri: HUNKWISE_REPOSITORY_URL, version: options.version, rules: descriptors },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function renderSarif(findings: readonly Finding[], rules: readonly Rule[], options: SarifOptions): string {
  return `${JSON.stringify(buildSarifLog(findings, rules, options), null, 2)}\n`;
}
