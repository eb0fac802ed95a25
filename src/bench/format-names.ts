/**
 * The YAML formats' names and labels, apart from the field tables (`bench-schema.ts`, which
 * imports them): what the page says after an import names the format without loading the tables.
 */

/** The YAML formats: the planner's bench document, nvinx's config, nvinx's case study (read and written). */
export const FORMATS = ['bench', 'nvinx', 'case-study'] as const;
export type FormatName = (typeof FORMATS)[number];

/** What each format is called where the page or the CLI names it. */
export const FORMAT_LABELS: Readonly<Record<FormatName, string>> = {
  bench: 'planner bench document',
  nvinx: 'nvinx config',
  'case-study': 'nvinx case study',
};
