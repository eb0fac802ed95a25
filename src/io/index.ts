// The yaml-free part of io: what the page needs at start-up. YAML text in and out is in
// `./yaml` (which pulls in the `yaml` package), loaded by the CLI and lazily by the page.
export * from './limits';
export * from './field-rules';
export * from './bench-schema';
export * from './bench-reader';
export * from './snippets';
export * from './share';
export * from './python';
export * from './case-study';
export * from './messages';
export * from './measured';
export * from './model-files';
export * from './gguf';
export * from './model-file';
export * from './model-file-kind';
// Both bench-reader and model-files name a ReadResult: the bench's keeps the name.
export type { ReadResult } from './bench-reader';
export type { ReadResult as ModelReadResult } from './model-files';
export * from './hub';
export * from './interference-reader';
