/**
 * nvinx planner CLI: `npm run -s plan -- [--json] FILE...`
 * Exit 0 when every file was read (a refusing window is an answer), 1 when any file was
 * invalid, 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { runPlanCli } from './plan';

const { code, stdout, stderr } = runPlanCli(process.argv.slice(2), (file) => readFileSync(file));
if (stdout !== '') process.stdout.write(stdout);
if (stderr !== '') process.stderr.write(stderr);
process.exitCode = code;
