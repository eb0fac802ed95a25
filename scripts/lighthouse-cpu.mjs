// node scripts/lighthouse-cpu.mjs SRC DST: copies a Lighthouse gather (`-G`) with each main-thread
// task compressed to its CPU time (the thread's own time, `tdur`), its events scaled within it so
// their nesting holds. Audited (`-A`), it gives what Lighthouse's simulation makes of the page's own
// work, without the time a loaded machine's other processes took from it: the TBT of a quiet run,
// measured on a busy one (docs/benchmarks.md, Lighthouse).
/* global process, console */
import fs from 'node:fs';

const [src, dst] = process.argv.slice(2);
fs.mkdirSync(dst, { recursive: true });
for (const f of fs.readdirSync(src)) fs.copyFileSync(`${src}/${f}`, `${dst}/${f}`);
const file = `${dst}/defaultPass.trace.json`;
const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
const events = trace.traceEvents ?? trace;
const byThread = new Map();
for (const e of events) {
  if (e.ph !== 'X') continue;
  const k = `${e.pid}:${e.tid}`;
  if (!byThread.has(k)) byThread.set(k, []);
  byThread.get(k).push(e);
}
let compressed = 0;
for (const list of byThread.values()) {
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let start = 0;
  let end = -1;
  let f = 1;
  for (const e of list) {
    if (e.ts >= end) {
      // A task at the top of its thread: its CPU time over its wall time.
      start = e.ts;
      end = e.ts + e.dur;
      f = e.name === 'RunTask' && typeof e.tdur === 'number' && e.dur > 0 && e.tdur < e.dur ? e.tdur / e.dur : 1;
      if (f < 1) compressed++;
    }
    if (f < 1) {
      e.ts = start + (e.ts - start) * f;
      e.dur *= f;
    }
  }
}
fs.writeFileSync(file, JSON.stringify(trace));
console.error(`${compressed} tasks compressed to their CPU time`);
