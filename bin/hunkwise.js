#!/usr/bin/env node
// A tiny launcher: the command line itself is compiled TypeScript in dist/.
let cli;
try {
  cli = await import('../dist/src/cli.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli.js')) {
    process.stderr.write('hunkwise: not built yet; run `npm run build` first.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.runCli();
