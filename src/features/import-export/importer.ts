/**
 * Reading a file, a drop or pasted text into a bench, for the page. The YAML reader
 * (and the `yaml` package) run in a worker with a time limit, so neither a slow parse
 * nor a hostile file can freeze the tab; where workers are missing (tests) the reader
 * is loaded lazily on this thread.
 */
import { LIMITS, type Format, type Issue, type ReadResult } from '../../io';

/** How long a read may take before the page gives up on it. */
export const READ_TIMEOUT_MS = 15_000;

const refusal = (message: string): ReadResult => ({
  ok: false,
  errors: [{ severity: 'error', message, path: '', line: 0, column: 0 }],
  warnings: [],
});

function readInWorker(text: string): Promise<ReadResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => {
      worker.terminate();
      resolve(refusal(`reading the file took longer than ${READ_TIMEOUT_MS / 1000} s; it was stopped`));
    }, READ_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<ReadResult>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = () => {
      clearTimeout(timer);
      worker.terminate();
      resolve(refusal('the file could not be read'));
    };
    worker.postMessage(text);
  });
}

/** Read YAML text into a bench. Never rejects. */
export async function readYaml(text: string): Promise<ReadResult> {
  try {
    if (typeof Worker !== 'undefined') return await readInWorker(text);
    const { readBench } = await import('../../io/yaml');
    return readBench(text);
  } catch {
    return refusal('the file could not be read');
  }
}

/** A file's text, refused before reading when it is too large to be a bench. */
export async function readFileText(file: Blob): Promise<{ text: string } | { error: ReadResult }> {
  if (file.size > LIMITS.maxTextLength) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return {
      error: refusal(
        `the file is too large (${mb} MB); the planner reads at most ${LIMITS.maxTextLength / 1024 / 1024} MB`,
      ),
    };
  }
  try {
    return { text: await file.text() };
  } catch {
    return { error: refusal('the file could not be opened') };
  }
}

export const FORMAT_LABEL: Record<Format, string> = {
  bench: 'planner bench document',
  'nvinx-config': 'nvinx config',
  'case-study': 'nvinx case study',
};

export const where = (i: Issue) => (i.line > 0 ? `line ${i.line}, column ${i.column}` : 'whole document');

/** The offending lines of the text around an issue, numbered, with a caret under the column. */
export function excerpt(text: string, line: number, column: number, around = 1): string | null {
  if (line <= 0) return null;
  const lines = text.split(/\r\n|\r|\n/);
  if (line > lines.length) return null;
  const from = Math.max(1, line - around);
  const to = Math.min(lines.length, line + around);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const body = (lines[n - 1] ?? '').slice(0, 200);
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${body}`);
    if (n === line && column > 0) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.min(column - 1, 200))}^`);
  }
  return out.join('\n');
}
