/**
 * The node types a tree-sitter query's patterns can match at their top: `call` for
 * `(call function: ...)`, both for `[(assignment ...) (return_statement ...)]`. A rule's
 * prefilter hit then needs a query run only on such a node around it.
 */

/** Undefined when some pattern's top is not a plain named node (a wildcard, a literal, ...). */
export function patternRootTypes(query: string): ReadonlySet<string> | undefined {
  const tokens = tokenize(query);
  if (!tokens) return undefined;
  const out = new Set<string>();
  let i = 0;
  while (i < tokens.length) {
    const next = rootsOf(tokens, i, out);
    if (next === undefined) return undefined;
    i = next;
  }
  return out.size > 0 ? out : undefined;
}

type Token = '(' | ')' | '[' | ']' | { readonly word: string };

/**
 * Alternations and groups nested deeper than this (a repository's query) get no root types:
 * the rule then runs on the statements around its prefilter hits instead, which is correct,
 * only slower. Keeps rootsOf's recursion shallow whatever the query.
 */
const MAX_QUERY_NESTING = 32;

/** Brackets and bare words; strings and comments dropped (undefined if one is unterminated). */
function tokenize(query: string): Token[] | undefined {
  const out: Token[] = [];
  for (let i = 0; i < query.length; ) {
    const c = query[i];
    if (c === ';') {
      const end = query.indexOf('\n', i);
      i = end < 0 ? query.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < query.length && query[j] !== '"') j += query[j] === '\\' ? 2 : 1;
      if (j >= query.length) return undefined;
      out.push({ word: '"' });
      i = j + 1;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      out.push(c);
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      let j = i;
      while (j < query.length && !/[\s()[\]";]/.test(query[j])) j++;
      out.push({ word: query.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/**
 * Adds the root types of the pattern starting at tokens[i] and returns the index after it
 * (with its quantifier and capture), or undefined when a root cannot be named.
 */
function rootsOf(tokens: readonly Token[], i: number, out: Set<string>, depth = 0): number | undefined {
  if (depth > MAX_QUERY_NESTING) return undefined;
  const t = tokens[i];
  let end: number | undefined;
  if (t === '[') {
    let j = i + 1;
    while (j < tokens.length && tokens[j] !== ']') {
      const next = rootsOf(tokens, j, out, depth + 1);
      if (next === undefined) return undefined;
      j = next;
    }
    end = j + 1;
  } else if (t === '(') {
    const head = tokens[i + 1];
    if (head === '(' || head === '[') {
      // A group: its node patterns are the roots; predicates (`(#eq? ...)`) are skipped.
      let j = i + 1;
      while (j < tokens.length && tokens[j] !== ')') {
        const inner = tokens[j + 1];
        if (tokens[j] === '(' && typeof inner === 'object' && inner.word.startsWith('#')) {
          j = skipBalanced(tokens, j);
          continue;
        }
        const next = rootsOf(tokens, j, out, depth + 1);
        if (next === undefined) return undefined;
        j = next;
      }
      end = j + 1;
    } else if (typeof head === 'object' && /^[a-z][a-z0-9_]*$/.test(head.word)) {
      out.add(head.word);
      end = skipBalanced(tokens, i);
    } else {
      return undefined;
    }
  } else {
    return undefined;
  }
  // Quantifiers and captures after a pattern.
  while (end < tokens.length) {
    const after = tokens[end];
    if (typeof after === 'object' && /^(@[\w.-]+|[*+?])$/.test(after.word)) end++;
    else break;
  }
  return end;
}

/** The index after the bracketed group opening at tokens[i]. */
function skipBalanced(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j];
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    if (depth === 0) return j + 1;
  }
  return tokens.length;
}
