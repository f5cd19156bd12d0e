/**
 * A rule's prose (why, fix) as GitHub markdown. Pure.
 *
 * Rule files hard-wrap their prose with single newlines, which GitHub keeps as
 * line breaks in comments; here a paragraph's lines are joined into one line.
 * Blank lines still separate paragraphs, list items stay items, and a fenced
 * code block keeps its lines. Repository rules write this prose too, so it is
 * never trusted as markdown: paragraphs and items go through textWithCode, a
 * code block through codeBlock (shown verbatim, fenced longer than anything
 * inside), and nothing else has a meaning: no heading, link, HTML or quote.
 */
import { codeBlock, textWithCode } from './markdown-text.js';

type Block =
  | { readonly kind: 'paragraph'; readonly lines: string[] }
  | { readonly kind: 'item'; readonly ordered: boolean; readonly lines: string[] }
  | { readonly kind: 'code'; readonly info: string; readonly lines: string[] };

/** A fence opens a code block when it is alone on its line with at most a plain info word (`python`). */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+-]*)[ \t]*$/;
const LIST_ITEM = /^[ \t]{0,3}(?:([-*+])|(\d{1,9})[.)])[ \t]+(\S.*)$/;

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let fence: { readonly char: string; readonly length: number } | undefined;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (fence !== undefined && current?.kind === 'code') {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(raw);
      if (close !== null && close[1][0] === fence.char && close[1].length >= fence.length) {
        fence = undefined;
        current = undefined;
      } else {
        current.lines.push(raw);
      }
      continue;
    }
    const open = FENCE_OPEN.exec(raw);
    if (open !== null) {
      fence = { char: open[1][0], length: open[1].length };
      current = { kind: 'code', info: open[2], lines: [] };
      blocks.push(current);
      continue;
    }
    const line = raw.trim();
    if (line === '') {
      current = undefined;
      continue;
    }
    const item = LIST_ITEM.exec(raw);
    if (item !== null) {
      current = { kind: 'item', ordered: item[1] === undefined, lines: [item[3].trim()] };
      blocks.push(current);
    } else if (current === undefined) {
      current = { kind: 'paragraph', lines: [line] };
      blocks.push(current);
    } else {
      // A wrapped line continues its paragraph or list item.
      current.lines.push(line);
    }
  }
  return blocks;
}

/**
 * `text` as paragraphs, lists and code blocks, each paragraph and item on one
 * line. `label` (markdown of ours, e.g. `**Why it matters.**`) starts the first
 * paragraph, or stands as its own when the text starts with a list or code.
 */
export function ruleProse(text: string, label?: string): string {
  const out: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = (): void => {
    if (list === undefined) return;
    const { ordered, items } = list;
    out.push(items.map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${item}`).join('\n'));
    list = undefined;
  };
  for (const block of parseBlocks(text)) {
    if (block.kind === 'item') {
      if (list !== undefined && list.ordered !== block.ordered) flush();
      list ??= { ordered: block.ordered, items: [] };
      list.items.push(textWithCode(block.lines.join(' ')));
      continue;
    }
    flush();
    if (block.kind === 'code') out.push(codeBlock(block.lines.join('\n'), block.info));
    else out.push(textWithCode(block.lines.join(' ')));
  }
  flush();
  if (label !== undefined) {
    const blocks = parseBlocks(text);
    if (blocks[0]?.kind === 'paragraph') out[0] = `${label} ${out[0]}`;
    else out.unshift(label);
  }
  return out.join('\n\n');
}

/**
 * The first sentence of `text`'s first paragraph, unwrapped, as plain text
 * with its code spans (render it with textWithCode): a one-line mitigation
 * taken from a rule's `fix`. A sentence ends at `.`, `!`, `?` or `:` followed
 * by a space or the end, outside code spans; a closing `:` becomes `.`.
 * Cut to `maxChars` at a word boundary, with `…`.
 */
export function firstSentence(text: string, maxChars: number): string {
  const first = parseBlocks(text).find((b) => b.kind !== 'code');
  if (first === undefined) return '';
  const paragraph = first.lines.join(' ');
  let end = paragraph.length;
  let inCode = 0; // the length of the backtick run that opened the current code span
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i];
    if (ch === '`') {
      let j = i;
      while (paragraph[j] === '`') j++;
      const run = j - i;
      if (inCode === 0) inCode = run;
      else if (run === inCode) inCode = 0;
      i = j - 1;
      continue;
    }
    if (inCode !== 0 || !/[.!?:]/.test(ch)) continue;
    const next = paragraph[i + 1];
    if (next !== undefined && next !== ' ') continue;
    // "e.g. " and "i.e. " do not end a sentence.
    if (ch === '.' && /(?:^|\W)(?:e\.g|i\.e|etc|vs)$/i.test(paragraph.slice(Math.max(0, i - 4), i))) continue;
    end = i + 1;
    break;
  }
  let sentence = paragraph.slice(0, end).trim().replace(/:$/, '.');
  if (sentence.length > maxChars) {
    const cut = sentence.slice(0, maxChars - 1);
    const space = cut.lastIndexOf(' ');
    sentence = `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return sentence;
}
