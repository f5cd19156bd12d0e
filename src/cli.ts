/**
 * The hunkwise command line: `scan`, `review`, `rules`, `docs`. `main` does all the work
 * with injected streams and returns the exit code, so tests run it in-process;
 * `runCli` binds it to the real process for bin/hunkwise.js.
 */
import path from 'node:path';
import type { CliDeps, CliIo } from './cli/cli-io.js';
import { createEngine } from './engine/index.js';
import { EXIT_ERROR, EXIT_OK } from './cli/emit-report.js';
import { parseCommandLine, USAGE, UsageError } from './cli/parse-command-line.js';
import { readPackageInfo } from './cli/read-package-info.js';
import { runDocs } from './cli/run-docs.js';
import { runReview } from './cli/run-review.js';
import { runRules } from './cli/run-rules.js';
import { runScan } from './cli/run-scan.js';

export type { CliDeps, CliIo } from './cli/cli-io.js';

const DEFAULT_DEPS: CliDeps = { createEngine: () => createEngine() };

export async function main(argv: readonly string[], io: CliIo, deps: CliDeps = DEFAULT_DEPS): Promise<number> {
  try {
    const command = parseCommandLine(argv);
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
    switch (command.kind) {
      case 'scan':
        return await runScan(command, io, engine, pkg.version);
      case 'review':
        return await runReview(command, io, engine, pkg.version);
      case 'rules':
        return runRules(command.format, io, engine.rules, pkg.version);
      case 'docs': {
        const dir = command.dir === undefined ? path.join(pkg.root, 'docs', 'rules') : path.resolve(io.cwd, command.dir);
        return await runDocs(command.mode, dir, io, engine.rules);
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
