import type { Bench, CaseStudyInfo } from '../../core';
import type { ReadResult } from '../../io';

export type YamlFormat = 'bench' | 'nvinx' | 'case-study';

export type YamlRequest =
  | { readonly id: number; readonly op: 'read'; readonly text: string }
  | {
      readonly id: number;
      readonly op: 'write';
      readonly format: YamlFormat;
      readonly bench: Bench;
      readonly info: CaseStudyInfo;
    };

export type YamlResponse =
  | { readonly id: number; readonly op: 'read'; readonly result: ReadResult }
  | { readonly id: number; readonly op: 'write'; readonly text: string };
