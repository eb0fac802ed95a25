import { planBench } from '../core';
import { benchPlanJson, benchPlanText, failureJson, issueText, readBench, type Issue } from '../io/yaml';

export const USAGE = `usage: npm run -s plan -- [--json] FILE...

Plans each bench YAML file (nvinx config, planner bench document or case study).
  --json   one line of JSON per FILE, in order
  --help   this text
Exit status: 0 every file read, 1 a file was invalid, 2 usage error.
`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

const fileIssue = (message: string): Issue => ({ severity: 'error', message, path: '', line: 0, column: 0 });

export function runPlanCli(args: readonly string[], read: (file: string) => Uint8Array): CliResult {
  let json = false;
  const files: string[] = [];
  let onlyFiles = false;
  for (const a of args) {
    if (!onlyFiles && a === '--') onlyFiles = true;
    else if (!onlyFiles && a === '--json') json = true;
    else if (!onlyFiles && (a === '--help' || a === '-h')) return { code: 0, stdout: USAGE, stderr: '' };
    else if (!onlyFiles && a.startsWith('-') && a !== '-')
      return { code: 2, stdout: '', stderr: `unknown option ${a}\n${USAGE}` };
    else files.push(a);
  }
  if (files.length === 0) return { code: 2, stdout: '', stderr: `no FILE given\n${USAGE}` };

  let code = 0;
  const out: string[] = [];
  const err: string[] = [];
  for (const file of files) {
    let text: string | null;
    let errors: Issue[] = [];
    try {
      text = decode(read(file));
      if (text === null) errors = [fileIssue('this is not a UTF-8 text file')];
    } catch (e) {
      text = null;
      const why = e instanceof Error && 'code' in e ? String((e as { code: unknown }).code) : 'unreadable';
      errors = [
        fileIssue(why === 'ENOENT' ? 'no such file' : why === 'EISDIR' ? 'is a directory' : `cannot be read (${why})`),
      ];
    }
    const result = text === null ? null : readBench(text);
    if (result === null || !result.ok) {
      code = 1;
      const errs = result === null ? errors : result.errors;
      const warns = result === null ? [] : result.warnings;
      if (json) out.push(JSON.stringify(failureJson(file, errs, warns)));
      else err.push(...errs.map((i) => issueText(file, i)), ...warns.map((i) => issueText(file, i)));
      continue;
    }
    const plan = planBench(result.bench);
    if (json) out.push(JSON.stringify(benchPlanJson(result.bench, file, plan, result.warnings)));
    else out.push(benchPlanText(result.bench, file, plan, result.warnings));
  }
  const join = (lines: string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return { code, stdout: join(out), stderr: join(err) };
}
