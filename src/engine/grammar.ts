/**
 * Loads tree-sitter and the Python grammar once per process.
 * WASM (web-tree-sitter) rather than the native binding: measured on the Python standard
 * library it parses faster here, uses about a third of the memory, frees trees
 * deterministically (tree.delete()), and needs no compiler at install time.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;

export function loadPython(): Promise<Language> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    return Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  })();
  return loading;
}
