/** Turns argv into one validated command; anything wrong is a UsageError (exit code 2). */
import { parseArgs } from 'node:util';
import type { Severity } from '../engine/types.js';

export type OutputFormat = 'text' | 'json' | 'sarif';

export type Command =
  | { readonly kind: 'scan'; readonly paths: readonly string[]; readonly format: OutputFormat; readonly failOn: Severity }
  | {
      readonly kind: 'review';
      readonly base: string | undefined;
      readonly head: string;
      readonly format: OutputFormat;
      /** Undefined: the repository's `fail_on` setting (default high). */
      readonly failOn: Severity | undefined;
    }
  | { readonly kind: 'rules'; readonly format: OutputFormat }
  | { readonly kind: 'docs'; readonly mode: 'write' | 'check'; readonly dir: string | undefined }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: hunkwise <command> [options]

Commands:
  scan PATH...        scan Python files and folders (*.py, *.pyi)
  review              review the current branch like a pull request:
                      only findings on lines the change adds, with the
                      settings in .github/hunkwise.yml of the base branch
  rules               list the rules
  docs                generate docs/rules from the rule metadata

Options:
  --format FORMAT     text (default), json or sarif
  --fail-on LEVEL     low, medium or high (default high; for review, the
                      repository's fail_on setting): exit 1 when a finding
                      is at or above this severity
  --base REF          review: compare against REF (default: the merge base
                      with origin/HEAD, main or master)
  --head REF          review: the commit to review (default HEAD)
  --write             docs: write the files
  --check             docs: exit 1 when the files on disk are out of date (default)
  --dir DIR           docs: the output folder (default: hunkwise's docs/rules)
  -h, --help          show this help
  --version           show the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or internal error.
`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const LEVELS: readonly Severity[] = ['low', 'medium', 'high'];

/** Which options each command accepts; the rest are rejected rather than silently ignored. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  scan: ['format', 'fail-on'],
  review: ['format', 'fail-on', 'base', 'head'],
  rules: ['format', 'fail-on'],
  docs: ['write', 'check', 'dir'],
};

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'fail-on': { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        write: { type: 'boolean' },
        check: { type: 'boolean' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [name, ...rest] = positionals;
  if (name === undefined) throw new UsageError('no command given');
  if (name === 'help') return { kind: 'help' };
  const allowed = ALLOWED[name];
  if (allowed === undefined) throw new UsageError(`unknown command "${name}"`);
  for (const key of Object.keys(values)) {
    if (values[key as keyof typeof values] !== undefined && !allowed.includes(key)) {
      throw new UsageError(`--${key} does not apply to "${name}"`);
    }
  }
  if (name !== 'scan' && rest.length > 0) throw new UsageError(`"${name}" takes no arguments (got "${rest[0]}")`);

  const format = pick(values.format, FORMATS, 'text', '--format');
  const failOnGiven = values['fail-on'] === undefined ? undefined : pick(values['fail-on'], LEVELS, 'high', '--fail-on');
  const failOn = failOnGiven ?? 'high';
  switch (name) {
    case 'scan':
      if (rest.length === 0) throw new UsageError('scan needs at least one file or folder');
      return { kind: 'scan', paths: rest, format, failOn };
    case 'review':
      return {
        kind: 'review',
        base: values.base === undefined ? undefined : checkRef(values.base, '--base'),
        head: checkRef(values.head ?? 'HEAD', '--head'),
        format,
        failOn: failOnGiven,
      };
    case 'rules':
      return { kind: 'rules', format };
    default:
      if (values.write && values.check) throw new UsageError('use either --write or --check, not both');
      return { kind: 'docs', mode: values.write ? 'write' : 'check', dir: values.dir };
  }
}

function pick<T extends string>(value: string | undefined, choices: readonly T[], fallback: T, option: string): T {
  if (value === undefined) return fallback;
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new UsageError(`${option} must be one of ${choices.join(', ')} (got "${value}")`);
  return found;
}

/** A ref that starts with "-" would be read by git as an option. */
function checkRef(ref: string, option: string): string {
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) {
    throw new UsageError(`${option}: not a valid git ref: "${ref}"`);
  }
  return ref;
}
