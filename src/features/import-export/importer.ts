/**
 * YAML for the page: reading a file, a drop or pasted text into a bench, and writing the
 * export formats. The `yaml` package runs only in a worker (reads with a time limit, so
 * neither a slow parse nor a hostile file can freeze the tab); where workers are missing
 * (the tests' jsdom) the test setup supplies a Worker that runs the same handler in-thread.
 */
import type { Bench, CaseStudyInfo } from '../../core';
import { LIMITS, type ReadResult } from '../../io';
import type { ExportFormat } from '../../io/yaml';
import type { YamlRequest, YamlResponse } from './yaml-protocol';

/** How long a read may take before the page gives up on it. */
export const READ_TIMEOUT_MS = 15_000;

const refusal = (message: string): ReadResult => ({
  ok: false,
  errors: [{ severity: 'error', message, path: '', line: 0, column: 0 }],
  warnings: [],
});

const newWorker = () => new Worker(new URL('./yaml.worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;

function readInWorker(text: string): Promise<ReadResult> {
  return new Promise((resolve) => {
    // A worker per read, so a read that runs too long can be stopped.
    const worker = newWorker();
    const timer = setTimeout(() => {
      worker.terminate();
      resolve(refusal(`reading the file took longer than ${READ_TIMEOUT_MS / 1000} s; it was stopped`));
    }, READ_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<YamlResponse>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(e.data.op === 'read' ? e.data.result : refusal('the file could not be read'));
    };
    worker.onerror = () => {
      clearTimeout(timer);
      worker.terminate();
      resolve(refusal('the file could not be read'));
    };
    const req: YamlRequest = { id: nextId++, op: 'read', text };
    worker.postMessage(req);
  });
}

/** Read YAML text into a bench. Never rejects. */
export async function readYaml(text: string): Promise<ReadResult> {
  try {
    if (typeof Worker === 'undefined') return refusal('this browser cannot read YAML here (it has no Web Workers)');
    return await readInWorker(text);
  } catch {
    return refusal('the file could not be read');
  }
}

let writer: Worker | null = null;
const waiting = new Map<number, (text: string) => void>();

/** Write a bench as YAML (bench document, nvinx config or case study). */
export async function writeYaml(format: ExportFormat, bench: Bench, info: CaseStudyInfo): Promise<string> {
  if (typeof Worker === 'undefined') return '# This browser cannot write YAML here (it has no Web Workers).\n';
  if (writer === null) {
    writer = newWorker();
    writer.onmessage = (e: MessageEvent<YamlResponse>) => {
      if (e.data.op !== 'write') return;
      waiting.get(e.data.id)?.(e.data.text);
      waiting.delete(e.data.id);
    };
  }
  const id = nextId++;
  const req: YamlRequest = { id, op: 'write', format, bench, info };
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    writer!.postMessage(req);
  });
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
