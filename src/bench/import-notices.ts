/**
 * What the page says after an import that is not a bench document's own read (that is
 * `importSummary`, `messages.ts`): a calibration attached or refused, a share link opened;
 * and the name a bench imported from a file takes. Each is a notice: its sentence, its tone
 * (an error when something was refused or repaired) and the lines listed under it.
 */
import { profilesOnBench } from '../core/interference';
import type { Bench, Calibration } from '../core/types';
import { listNames, plural } from '../core/words';
import type { Issue } from './issues';

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
  readonly details: readonly string[];
}

/** An issue as a notice lists it: where, when it is known, and what. @internal exported for its test. */
export const issueLine = (i: Issue): string =>
  i.line > 0 ? `line ${i.line}, column ${i.column}: ${i.message}` : i.message;

/** A bench read from a file keeps its own name, else takes the file's (without .yaml, .yml or .txt). */
export function namedFromSource(bench: Bench, source: string): Bench {
  return bench.name === undefined ? { ...bench, name: source.replace(/\.(ya?ml|txt)$/i, '') } : bench;
}

/** A calibration file refused whole: each problem listed; the bench is unchanged. */
export function calibrationRefused(source: string, errors: readonly Issue[], warnings: readonly Issue[]): Notice {
  return {
    text: `${source} was not imported as a calibration: ${plural(errors.length, 'problem')} (listed). Your bench is unchanged.`,
    tone: 'error',
    details: [...errors, ...warnings].map(issueLine),
  };
}

/** A calibration attached to a bench: its profiles, how many match the bench's cards (and which do not), its pairs. */
export function calibrationAttached(
  source: string,
  calibration: Calibration,
  models: Bench['models'],
  warnings: readonly Issue[],
): Notice {
  const { matched, elsewhere } = profilesOnBench(calibration, models);
  return {
    text:
      `Calibration imported from ${source}: ${plural(matched.length + elsewhere.length, 'profile')}, ${matched.length} matched to cards` +
      (elsewhere.length === 0 ? '' : ` (not on this bench: ${listNames(elsewhere, 5)})`) +
      `, ${plural(calibration.pair_measurements.length, 'measured pair')}. ` +
      "Co-residency windows now carry nvinx 0.3's interference predictions and are timed from them. Undo removes it.",
    tone: 'info',
    details: warnings.map(issueLine),
  };
}

/**
 * A shared bench opened from a link: at once (the open bench was one the user had not
 * edited), or after asking (it replaced theirs). A repaired one says so, as an error, with
 * each change listed.
 */
export function sharedBenchOpened(bench: Bench, changes: readonly string[], asked: boolean): Notice {
  const name = bench.name ?? 'unnamed';
  const repaired = changes.length === 0 ? '' : plural(changes.length, 'change');
  const text = asked
    ? `Opened the shared bench “${name}”. ` +
      (repaired === '' ? '' : `It was repaired (${repaired}, listed). `) +
      'Undo brings back yours.'
    : `Opened the shared bench “${name}”: ${plural(bench.models.length, 'card')}. ` +
      (repaired === '' ? '' : `Some of it could not be kept as it was, and was repaired (${repaired}, listed). `) +
      'Undo brings back the previous one.';
  return { text, tone: changes.length === 0 ? 'info' : 'error', details: changes };
}
