import type { Bench, CaseStudyInfo } from '../../core';
import type { ExportFormat, ReadResult } from '../../io/yaml';

export type YamlRequest =
  | { readonly id: number; readonly op: 'read'; readonly text: string }
  | {
      readonly id: number;
      readonly op: 'write';
      readonly format: ExportFormat;
      readonly bench: Bench;
      readonly info: CaseStudyInfo;
    };

export type YamlResponse =
  | { readonly id: number; readonly op: 'read'; readonly result: ReadResult }
  | { readonly id: number; readonly op: 'write'; readonly text: string };
