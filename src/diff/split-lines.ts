/**
 * Splits diff text into lines, dropping the final empty element a trailing
 * newline leaves and one \r per line (CRLF files, or a diff saved with CRLF).
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}
