/**
 * The hunkwise command line: `scan`, `review`, `rules`, `docs`. `main` does all the work
 * with injected streams and returns the exit code, so tests run it in-process;
 * `runCli` binds it to the real process for bin/hunkwise.js.
 */
import path from 'node:path';
import type { CliDeps, CliIo } from './cli/cli-io.js';
import { loadBuiltinRulesQuickly } from './engine/rule-snapshot.js';
import { prestartEngineThread } from './engine-pool/engine-pool.js';
import { EXIT_ERROR, EXIT_OK } from './cli/emit-report.js';
import { parseCommandLine, USAGE, UsageError } from './cli/parse-command-line.js';
import { readPackageInfo } from './cli/read-package-info.js';

export type { CliDeps, CliIo } from './cli/cli-io.js';

const DEFAULT_DEPS: CliDeps = { createEngine: async () => ({ rules: await loadBuiltinRulesQuickly() }) };

export async function main(argv: readonly string[], io: CliIo, deps: CliDeps = DEFAULT_DEPS): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    // The engine thread loads the grammar while this one reads the rules and the files.
    if ((command.kind === 'scan' || command.kind === 'review') && deps === DEFAULT_DEPS) prestartEngineThread();
    if (command.kind === 'help') {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    const pkg = await readPackageInfo();
    if (command.kind === 'version') {
      io.stdout.write(`${pkg.version}\n`);
      return EXIT_OK;
    }
    const engine = await deps.createEngine();
    // Each command's modules load only when it runs: a scan needs no git, review or docs code.
    switch (command.kind) {
      case 'scan':
        return await (await import('./cli/run-scan.js')).runScan(command, io, engine, pkg.version);
      case 'review':
        return await (await import('./cli/run-review.js')).runReview(command, io, engine, pkg.version);
      case 'rules':
        return (await import('./cli/run-rules.js')).runRules(command.format, io, engine.rules, pkg.version);
      case 'docs': {
        const dir = command.dir === undefined ? path.join(pkg.root, 'docs', 'rules') : path.resolve(io.cwd, command.dir);
        return await (await import('./cli/run-docs.js')).runDocs(command.mode, dir, io, engine.rules);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`hunkwise: ${error.message}\nRun "hunkwise --help" for usage.\n`);
    } else {
      io.stderr.write(`hunkwise: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return EXIT_ERROR;
  }
}

/** Runs against the real process; the caller sets process.exitCode so output is flushed first. */
export async function runCli(): Promise<number> {
  // Piping into `head` closes stdout early: that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
}
