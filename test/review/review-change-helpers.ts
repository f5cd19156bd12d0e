/** GitHub's patch for a file added whole. */
export function addedPatchOf(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
}
