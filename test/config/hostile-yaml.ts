/** YAML written to hurt a parser, shared by the configuration and rule tests. */

/** "Billion laughs": nine levels of nine aliases, 9^9 strings once expanded; 400 bytes as written. */
export const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');
