function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeTwo(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  if (isRecord(base) && isRecord(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      out[key] = key in base ? mergeTwo(base[key], value) : value;
    }
    return out;
  }
  return over;
}

/**
 * Merges configuration layers, base first (an `_extends` target) and the
 * repository's own file last. Same semantics as Probot's `context.config`
 * (deepmerge defaults): mappings merge key by key, lists concatenate, and a
 * scalar in a later layer wins. So `rules.disable` accumulates across
 * layers, which is why `rules.enable` exists to take a rule back.
 */
export function mergeConfigLayers(layers: readonly unknown[]): unknown {
  const present = layers.filter((l) => l !== null && l !== undefined);
  if (present.length === 0) return null;
  return present.reduce<unknown>((acc, layer) => mergeTwo(acc, layer), {});
}
