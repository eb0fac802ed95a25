/**
 * nvinx-calibrate's `calibration_result.json`, imported by hand: strict JSON (Python's
 * `json.dumps` may write NaN or Infinity, which no calibration figure may be), every
 * problem at once with its field path, line and column; any error refuses the whole file;
 * keys the planner does not know are warned about and ignored.
 */
import type { Calibration } from '../core/types';
import { precheck } from './bench-reader';
import { Reader, type Issue } from './issues';
import { readInterference } from './interference-reader';
import { locator, parseWithPositions, type Located } from './read';

export type CalibrationRead =
  | { readonly ok: true; readonly calibration: Calibration; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

const refusal = (message: string, line = 0, column = 0): CalibrationRead => ({
  ok: false,
  errors: [{ severity: 'error', message, path: '', line, column }],
  warnings: [],
});

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Where JSON.parse stopped, from its message ("… at position 42 …"), if it says. */
function jsonErrorAt(text: string, e: unknown): { line: number; column: number } {
  const m = e instanceof Error ? /position (\d+)/.exec(e.message) : null;
  return m === null ? { line: 0, column: 0 } : lineColumn(text, Number(m[1]));
}

/**
 * Where Python's json wrote a NaN or an Infinity as a value (outside any string: a note
 * saying "loss NaN" is not one), for a clear refusal.
 */
function nonFiniteOutsideStrings(text: string): { index: number; 0: string } | null {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch !== 'N' && ch !== 'I' && ch !== '-') continue;
    const m = /^-?(NaN|Infinity)(?![\w"])/.exec(text.slice(i, i + 10));
    if (m !== null && !/[\w"]/.test(text[i - 1] ?? ' ')) return { index: i, 0: m[0] };
  }
  return null;
}

/** Read a calibration_result.json. Never throws. */
export function readCalibrationFile(text: string): CalibrationRead {
  const pre = precheck(text);
  if (pre !== null && !pre.ok) return { ok: false, errors: pre.errors, warnings: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const nonFinite = nonFiniteOutsideStrings(text);
    if (nonFinite !== null) {
      const at = lineColumn(text, nonFinite.index);
      return refusal(
        `the file has ${nonFinite[0]} at line ${at.line} (Python's json writes it for a figure that is not a number); ` +
          'a calibration needs finite figures: re-run nvinx-calibrate, or fix that figure',
        at.line,
        at.column,
      );
    }
    const at = jsonErrorAt(text, e);
    const why = e instanceof Error ? e.message.replace(/ in JSON at position \d+.*$/, '') : 'not JSON';
    const where = at.line > 0 ? ` (line ${at.line}, column ${at.column})` : '';
    return refusal(`this is not a calibration_result.json: the JSON does not read${where}: ${why}`, at.line, at.column);
  }
  // Positions for messages come from yaml's reading of the same text (JSON is YAML); its
  // unique-key check also catches a key written twice, which JSON.parse would hide.
  let located: Located | null = null;
  const locate = () => (located ??= parseWithPositions(text, { uniqueKeys: true }));
  const duplicates = locate().doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (duplicates.length > 0) {
    const at = lineColumn(text, duplicates[0]!.pos[0]);
    return refusal(
      `a key is written twice (line ${at.line}): the file is ambiguous, and nothing of it is imported`,
      at.line,
      at.column,
    );
  }
  const r = new Reader(locator(locate), 'strict');
  const calibration = readInterference(r, value, []);
  if (calibration === undefined || r.errors.length > 0) return { ok: false, errors: r.errors, warnings: r.warnings };
  return { ok: true, calibration, warnings: r.warnings };
}
