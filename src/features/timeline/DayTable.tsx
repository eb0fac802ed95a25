import { useMemo, useState } from 'react';
import { formatSpan, type DayTiming } from '../../core/timing';
import { dayRows } from './layout';

const TABLE_ROWS = 300;

/** The day table's columns after the job's (each cell repeats its column's name on a phone, where a row stacks). */
const COLUMNS = ['Window', 'Runs on', 'Planned (h)', 'Waiting bench (h)', 'Why that long'] as const;
type Column = (typeof COLUMNS)[number];

/** Every job of the day, in both days (rendered only when opened; long days page). */
export function DayTable({ day }: { day: DayTiming }) {
  const [all, setAll] = useState(false);
  const rows = useMemo(() => dayRows(day), [day]);
  const shown = all ? rows : rows.slice(0, TABLE_ROWS);
  return (
    <>
      {/* The roles spelled out: a phone draws the rows as blocks, and some browsers drop a table's
          semantics with its table display. */}
      <table role="table">
        <caption className="sr-only">Every job of the day: where it runs, when, and alone on the waiting bench</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Job
            </th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" role="columnheader">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {shown.map(({ key, window: w, job: j, alone }) => {
            const cells: Record<Column, string> = {
              Window: w.name,
              'Runs on':
                j.lane.kind === 'gpu'
                  ? day.gpuCount > 1
                    ? `GPU${w.gpus.length > 1 ? 's' : ''} ${w.gpus.join(' + ')}`
                    : 'GPU'
                  : `CPU ${j.lane.cores.length === 1 ? 'core' : 'cores'} ${j.lane.cores.map((c) => c + 1).join(', ')}`,
              'Planned (h)': `${formatSpan(j.start, '')} → ${formatSpan(j.end, '')}`,
              'Waiting bench (h)':
                alone === undefined ? '—' : `${formatSpan(alone.start, '')} → ${formatSpan(alone.end, '')}`,
              'Why that long': j.basis,
            };
            return (
              <tr key={key} role="row">
                <th scope="row" role="rowheader">
                  {j.name}
                </th>
                {COLUMNS.map((c) => (
                  <td key={c} role="cell" data-label={c}>
                    {cells[c]}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length ? (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {rows.length}
        </button>
      ) : null}
    </>
  );
}
