/**
 * The GitHub Action's entry point (action.yml `runs.main`): no logic, it hands the
 * runner's environment and streams to runAction and sets the exit code.
 */
import { runAction } from './run-action.js';

process.exitCode = await runAction(process.env, { stdout: process.stdout, stderr: process.stderr });
