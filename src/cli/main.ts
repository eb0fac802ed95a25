/**
 * nvinx planner CLI: `nvinx-plan [--json] FILE...`, `nvinx-plan --to FORMAT FILE` or
 * `nvinx-plan estimate [--json] … MODEL_FILE` (a model file opened for slices, header only)
 * (`npm run -s plan -- …` in this repository). Exit 0 when every file was read (a refusing
 * window is an answer), 1 when any file was invalid, 2 for a usage error.
 */
import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { setFlagsFromString } from 'node:v8';
import { openFileSlices } from './file-slices';
import { runPlanCli } from './plan';

/** The reader of a pipe went away (`nvinx-plan --json … | head`): stop quietly, as a pipe's writer does. */
function stopOnClosedPipe(e: unknown): void {
  if ((e as { code?: unknown } | null)?.code !== 'EPIPE') throw e;
  process.exit();
}

/**
 * A writer for fd 1 or 2. A file or a device such as /dev/null is written directly, string
 * to bytes in one step (the stream would first copy a large output into a Buffer);
 * pipes and terminals go through the stream, which waits for a slow reader (a direct write
 * to a non-blocking pipe or terminal could fail with EAGAIN).
 */
function writer(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let direct = false;
  try {
    const s = fstatSync(fd);
    direct = s.isFile() || (s.isCharacterDevice() && !isatty(fd));
  } catch {
    /* closed or unknown: use the stream */
  }
  if (direct) return (text) => void writeSync(fd, text);
  let opened: NodeJS.WriteStream | null = null;
  return (text) => {
    if (opened === null) opened = stream().on('error', stopOnClosedPipe);
    opened.write(text);
  };
}

/**
 * V8's young generation starts at 1 MB and doubles as it fills, to 16 MB per semi-space; on the
 * machines measured (docs/benchmarks.md, the CLI section), touching those new pages costs more
 * than it saves on a short run: a 1–3 MB bench is planned with ~25 % fewer page faults and ~10–30 %
 * less CPU when the young generation stays at 1 MB. On larger inputs the many more collections
 * cost more than the pages (+7 % at 5 MB), so growth is left on once the files read pass
 * `KEEP_YOUNG_SMALL_BELOW` bytes. Set through V8's runtime flag only on the V8 versions it was
 * measured on (an unknown flag prints an error on stderr).
 */
const KEEP_YOUNG_SMALL_BELOW = 3 << 20;
const youngFlag = /^1[12]\./.test(process.versions.v8);
if (youngFlag) setFlagsFromString('--semi-space-growth-factor=1');
let bytesRead = 0;
function readInput(file: string): Uint8Array {
  const bytes = readFileSync(file);
  bytesRead += bytes.length;
  if (youngFlag && bytesRead > KEEP_YOUNG_SMALL_BELOW) setFlagsFromString('--semi-space-growth-factor=2');
  return bytes;
}

const { code, stdout, stderr } = runPlanCli(process.argv.slice(2), readInput, {
  open: openFileSlices,
  stdout: writer(1, () => process.stdout),
  stderr: writer(2, () => process.stderr),
});
// Usage and --help come back as text; everything else was written as it was produced.
if (stdout !== '') process.stdout.write(stdout);
if (stderr !== '') process.stderr.write(stderr);
process.exitCode = code;
