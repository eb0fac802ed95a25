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
