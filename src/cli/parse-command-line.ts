/** Turns argv into one validated command; anything wrong is a UsageError (exit code 2). */
import { parseArgs } from 'node:util';
import type { Severity } from '../engine/types.js';
import { DEFAULT_FILE_DEADLINE_MS } from '../engine-pool/engine-runner.js';

export type OutputFormat = 'text' | 'json' | 'sarif';
/** `review` also prints what the App would send GitHub: as JSON (`github`) or for people (`markdown`). */
export type ReviewFormat = OutputFormat | 'github' | 'markdown';

export type Command =
  | {
      readonly kind: 'scan';
      readonly paths: readonly string[];
      readonly format: OutputFormat;
      readonly failOn: Severity;
      /** Per-file deadline (`--timeout`); undefined: DEFAULT_FILE_DEADLINE_MS, as in the App. */
      readonly timeoutMs: number | undefined;
    }
  | {
      readonly kind: 'review';
      readonly base: string | undefined;
      readonly head: string;
      readonly format: ReviewFormat;
      /** Undefined: the repository's `fail_on` setting (default high). */
      readonly failOn: Severity | undefined;
      /** Per-file deadline (`--timeout`); undefined: DEFAULT_FILE_DEADLINE_MS, as in the App. */
      readonly timeoutMs: number | undefined;
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
  --format FORMAT     text (default), json or sarif; for review also github
                      (the review and check run the App would send, as
                      JSON) or markdown (the same for people, e.g. a CI
                      job summary)
  --fail-on LEVEL     low, medium or high (default high; for review, the
                      repository's fail_on setting): exit 1 when a finding
                      is at or above this severity
  --base REF          review: compare against REF (default: the merge base
                      with origin/HEAD, main or master)
  --head REF          review: the commit to review (default HEAD)
  --timeout SECONDS   scan, review: stop analysing a file after this long and
                      list it as not analysed (default ${DEFAULT_FILE_DEADLINE_MS / 1000}, as in the App)
  --write             docs: write the files
  --check             docs: exit 1 when the files on disk are out of date (default)
  --dir DIR           docs: the output folder (default: hunkwise's docs/rules)
  -h, --help          show this help
  --version           show the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage or internal error, or a file not analysed for want of time or
memory (--timeout, the memory limit) or because its analysis crashed.
`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const REVIEW_FORMATS: readonly ReviewFormat[] = [...FORMATS, 'github', 'markdown'];
const LEVELS: readonly Severity[] = ['low', 'medium', 'high'];

/** Which options each command accepts; the rest are rejected rather than silently ignored. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  scan: ['format', 'fail-on', 'timeout'],
  review: ['format', 'fail-on', 'base', 'head', 'timeout'],
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
        timeout: { type: 'string' },
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

  const format = name === 'review' ? 'text' : pick(values.format, FORMATS, 'text', '--format');
  const failOnGiven = values['fail-on'] === undefined ? undefined : pick(values['fail-on'], LEVELS, 'high', '--fail-on');
  const failOn = failOnGiven ?? 'high';
  switch (name) {
    case 'scan':
      if (rest.length === 0) throw new UsageError('scan needs at least one file or folder');
      return { kind: 'scan', paths: rest, format, failOn, timeoutMs: timeoutMs(values.timeout) };
    case 'review':
      return {
        kind: 'review',
        base: values.base === undefined ? undefined : checkRef(values.base, '--base'),
        head: checkRef(values.head ?? 'HEAD', '--head'),
        format: pick(values.format, REVIEW_FORMATS, 'text', '--format'),
        failOn: failOnGiven,
        timeoutMs: timeoutMs(values.timeout),
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

/** An hour per file is already far past any real file; a longer wait is a mistake. */
export const MAX_TIMEOUT_SECONDS = 3600;

function timeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (got "${value}")`);
  }
  return Math.round(seconds * 1000);
}

/** A ref that starts with "-" would be read by git as an option. */
function checkRef(ref: string, option: string): string {
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) {
    throw new UsageError(`${option}: not a valid git ref: "${ref}"`);
  }
  return ref;
}
