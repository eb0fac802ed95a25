/** What the page says about a read: where a problem is, the lines around it, what loaded. */
import { plural } from '../core/words';
import type { Issue, ReadResult } from './issues';
import { FORMAT_LABELS } from './format-names';

export const where = (i: Issue) => (i.line > 0 ? `line ${i.line}, column ${i.column}` : 'whole document');

/**
 * An issue's message split at its field path: messages name their field as their subject
 * (`models[0].residency unknown residency …`, as the CLI prints them), so a page that marks
 * the path up shows it once, from the message itself, never in front of it again.
 */
export function messageParts(i: Issue): { readonly path: string; readonly rest: string } {
  if (i.path !== '' && i.message.startsWith(`${i.path} `))
    return { path: i.path, rest: i.message.slice(i.path.length) };
  return { path: '', rest: i.message };
}

/** The offending lines of the text around an issue, numbered, with a caret under the column. */
export function excerpt(text: string, line: number, column: number, around = 1): string | null {
  if (line <= 0) return null;
  const lines = text.split(/\r\n|\r|\n/);
  if (line > lines.length) return null;
  const from = Math.max(1, line - around);
  const to = Math.min(lines.length, line + around);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const body = (lines[n - 1] ?? '').slice(0, 200);
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${body}`);
    if (n === line && column > 0) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.min(column - 1, 200))}^`);
  }
  return out.join('\n');
}

function warningText(ws: readonly Issue[]): string {
  if (ws.length === 0) return 'No warnings.';
  const shown = ws.slice(0, 3).map((w) => `${where(w)}: ${w.message}`);
  return `${plural(ws.length, 'warning')}: ${shown.join('; ')}${ws.length > 3 ? '; …' : ''}.`;
}

/** What an import loaded, in one sentence. */
export function importSummary(source: string, r: Extract<ReadResult, { ok: true }>): string {
  const b = r.bench;
  const windows =
    b.windows === undefined ? 'no windows (the day is composed from the cards)' : plural(b.windows.length, 'window');
  return `Imported ${source} (${FORMAT_LABELS[r.format]}): ${plural(b.models.length, 'card')}, ${windows}. ${warningText(r.warnings)} Undo brings back your previous bench.`;
}
