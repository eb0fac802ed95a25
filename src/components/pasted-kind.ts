/**
 * What pasted text is, told apart as a dropped file is: a model's config.json (JSON with a
 * config's keys: `looksLikeModelFile`), a calibration_result.json (`looksLikeCalibration`), or
 * a bench — anything else, which the bench reader reads (and says what is wrong with).
 */
import { looksLikeCalibration } from '../bench/interference-reader';
import { looksLikeModelFile, MODEL_FILE_HEAD } from '../model-files/kind';

export function pastedKind(text: string): 'model' | 'calibration' | 'bench' {
  if (!text.trimStart().startsWith('{')) return 'bench';
  if (looksLikeModelFile('config.json', text.slice(0, MODEL_FILE_HEAD))) return 'model';
  if (looksLikeCalibration('pasted.json', text)) return 'calibration';
  return 'bench';
}
