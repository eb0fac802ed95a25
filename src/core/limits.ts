/** Bounds on what the planner reads. Absurd values are refused, not planned. */
export const LIMITS = {
  /** Largest YAML text read (characters). A 10,000-card bench is about 1 MB. */
  maxTextLength: 8 * 1024 * 1024,
  /** Deepest flow nesting ([ or {) and deepest block indentation accepted before parsing. */
  maxFlowDepth: 64,
  maxIndent: 256,
  maxCompactSeqPerLine: 32,
  /** Aliases expanded when a document is read (YAML alias bombs). */
  maxAliasCount: 100,
  hardwareVramGb: 1024,
  hardwareRamGb: 65536,
  cpuCores: 4096,
  /** GPUs on one bench (a node); window `gpu` indices are below it. */
  gpus: 64,
  modelGb: 65536,
  headroomGb: 1024,
  hours: 100000,
  nameLength: 200,
  textLength: 20000,
  slowdown: 100,
  /** GB/s: above any memory system a bench has (HBM3e is about 8,000). */
  bandwidthGbps: 100000,
} as const;
