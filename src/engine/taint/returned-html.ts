/**
 * `return f"<h1>Hello {name}</h1>"` in a Flask view: the framework sends a returned str as
 * text/html, so the return statement is the sink. Only strings whose constant text holds
 * markup (`<`) are looked at: a view returning plain text or a dict is not HTML.
 */
import type { Node } from 'web-tree-sitter';
import { returnsHtml, type SourceSet } from './source-set.js';

const RETURN_RE = /\breturn\b[ \t]+(?=[^\n]*<)/g;
/** Expressions that build a string: an f-string, `+`, `%`, `.format(...)`, or a conditional of them. */
const BUILT_STRING_TYPES = new Set(['string', 'concatenated_string', 'binary_operator', 'call', 'conditional_expression', 'parenthesized_expression']);

export interface ReturnedHtml {
  /** The return statement, where the finding goes. */
  readonly statement: Node;
  /** The markup it returns, whose taint decides. */
  readonly value: Node;
}

/** Markup returned by HTML-returning handlers, in document order. */
export function returnedHtml(root: Node, source: string, sources: SourceSet): ReturnedHtml[] {
  const out: ReturnedHtml[] = [];
  const seen = new Set<number>();
  for (const m of source.matchAll(RETURN_RE)) {
    const leaf = root.descendantForIndex(m.index, m.index + 'return'.length);
    const statement = leaf?.type === 'return_statement' ? leaf : leaf?.parent?.type === 'return_statement' ? leaf.parent : null;
    if (!statement || seen.has(statement.id)) continue;
    seen.add(statement.id);
    const value = statement.namedChildren[0];
    if (!value || !BUILT_STRING_TYPES.has(value.type) || !value.text.includes('<')) continue;
    if (value.type === 'call' && value.childForFieldName('function')?.childForFieldName('attribute')?.text !== 'format') continue;
    const fn = enclosingFunction(statement);
    if (!fn || !returnsHtml(sources, fn)) continue;
    out.push({ statement, value });
  }
  return out;
}

function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return n;
    if (n.type === 'class_definition' || n.type === 'lambda') return null;
  }
  return null;
}
