/** Every export the page and the CLI write: the three YAML formats, the Python check, the cluster schedulers. */
import { FORMATS } from '../bench/format-names';
import { SCHEDULER_TARGETS } from './schedulers';

export const EXPORT_FORMATS = [...FORMATS, 'python', ...SCHEDULER_TARGETS] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
