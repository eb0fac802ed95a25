import type { Bench, CaseStudyInfo } from '../../core/types';
import type { CalibrationRead } from '../../bench/calibration-file';
import type { FormatName } from '../../bench/format-names';
import type { ReadResult } from '../../bench/issues';

export type YamlRequest =
  | { readonly id: number; readonly op: 'read'; readonly text: string }
  /** A calibration_result.json (nvinx-calibrate's), read strictly. */
  | { readonly id: number; readonly op: 'calibration'; readonly text: string }
  | {
      readonly id: number;
      readonly op: 'write';
      readonly format: FormatName;
      readonly bench: Bench;
      readonly info: CaseStudyInfo;
    };

export type YamlResponse =
  | { readonly id: number; readonly op: 'read'; readonly result: ReadResult }
  | { readonly id: number; readonly op: 'calibration'; readonly result: CalibrationRead }
  | { readonly id: number; readonly op: 'write'; readonly text: string };
