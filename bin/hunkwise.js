#!/usr/bin/env node
// A tiny launcher: the command line itself is compiled TypeScript in dist/.
let cli;
try {
  // Commands that scan start their engine thread first: it loads the grammar while the
  // command line loads the rest of itself.
  if (process.argv[2] === 'scan' || process.argv[2] === 'review') {
    (await import('../dist/src/engine-pool/engine-pool.js')).prestartEngineThread();
  }
  cli = await import('../dist/src/cli.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && /dist\/src\/(cli|engine-pool\/engine-pool)\.js/.test(String(error.message))) {
    process.stderr.write('hunkwise: not built yet; run `npm run build` first.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.runCli();
