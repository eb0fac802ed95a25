/**
 * YAML for the page: reading a file, a drop or pasted text into a bench, and writing the
 * export formats. The `yaml` package runs only in a worker (reads with a time limit, so
 * neither a slow parse nor a hostile file can freeze the tab); where workers are missing
 * (the tests' jsdom) the test setup supplies a Worker that runs the same handler in-thread.
 */
import type { Bench, CaseStudyInfo } from '../../core/types';
import { LIMITS } from '../../core/limits';
import type { ReadResult } from '../../bench/issues';
import { decodeText } from '../../bench/text-file';
import type { CalibrationRead } from '../../bench/calibration-file';
import type { FormatName } from '../../bench/format-names';
import type { YamlRequest, YamlResponse } from './yaml-protocol';

/** How long a read may take before the page gives up on it. */
const READ_TIMEOUT_MS = 15_000;

const refusal = (message: string): ReadResult => ({
  ok: false,
  errors: [{ severity: 'error', message, path: '', line: 0, column: 0 }],
  warnings: [],
});

const newWorker = () => new Worker(new URL('./yaml.worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;

/** Run one read in its own worker (so a read that runs too long can be stopped). */
function inWorker<T>(req: YamlRequest, pick: (r: YamlResponse) => T | null, failed: (why: string) => T): Promise<T> {
  return new Promise((resolve) => {
    const worker = newWorker();
    const timer = setTimeout(() => {
      worker.terminate();
      resolve(failed(`reading the file took longer than ${READ_TIMEOUT_MS / 1000} s; it was stopped`));
    }, READ_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<YamlResponse>) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(pick(e.data) ?? failed('the file could not be read'));
    };
    worker.onerror = () => {
      clearTimeout(timer);
      worker.terminate();
      resolve(failed('the file could not be read'));
    };
    worker.postMessage(req);
  });
}

/** Read YAML text into a bench. Never rejects. */
export async function readYaml(text: string): Promise<ReadResult> {
  try {
    if (typeof Worker === 'undefined') return refusal('this browser cannot read YAML here (it has no Web Workers)');
    return await inWorker({ id: nextId++, op: 'read', text }, (r) => (r.op === 'read' ? r.result : null), refusal);
  } catch {
    return refusal('the file could not be read');
  }
}

/** Read a calibration_result.json (in the worker: the reader uses `yaml` for positions). Never rejects. */
export async function readCalibration(text: string): Promise<CalibrationRead> {
  const failed = (message: string): CalibrationRead => ({
    ok: false,
    errors: [{ severity: 'error', message, path: '', line: 0, column: 0 }],
    warnings: [],
  });
  try {
    if (typeof Worker === 'undefined') return failed('this browser cannot read files here (it has no Web Workers)');
    return await inWorker(
      { id: nextId++, op: 'calibration', text },
      (r) => (r.op === 'calibration' ? r.result : null),
      failed,
    );
  } catch {
    return failed('the file could not be read');
  }
}

let writer: Worker | null = null;
const waiting = new Map<number, (text: string) => void>();

/** Write a bench as YAML (bench document, nvinx config or case study). */
export async function writeYaml(format: FormatName, bench: Bench, info: CaseStudyInfo): Promise<string> {
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
    return { text: decodeText(new Uint8Array(await file.arrayBuffer())) };
  } catch {
    return { error: refusal('the file could not be opened') };
  }
}
