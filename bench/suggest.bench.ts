/**
 * `npm run bench:suggest`: Suggest a day on random benches of 10, 100, 1,000 and 10,000
 * cards — the time it takes, and how far its day is from the lower bound (the gap is an
 * upper estimate of the distance to the optimum). Also the day nvinx's composing rules give,
 * and the cards it leaves unrun. Prints a table; asserts nothing (timings are not tests).
 */
import { planBench } from '../src/core/day';
import { suggestDay } from '../src/core/suggest';
import { timeDay } from '../src/core/timing';
import type { Bench, ModelCard, Residency } from '../src/core/types';

/** A bench like a user's: an RTX 4090 workstation, mostly shared models, some CPU work, a few big jobs. */
export function randomBench(n: number, seed = 1): Bench {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const half = (lo: number, hi: number) => Math.round((lo + rnd() * (hi - lo)) * 2) / 2;
  const vram = 24;
  const models: ModelCard[] = Array.from({ length: n }, (_, i) => {
    const r = rnd();
    const residency: Residency =
      r < 0.06 ? 'GPU_EXCLUSIVE' : r < 0.08 ? 'GPU_RAM_OVERFLOW' : r < 0.78 ? 'GPU_SHARED' : 'CPU_ONLY';
    const fallback = residency !== 'CPU_ONLY' && rnd() < 0.3;
    const card: ModelCard = {
      name: `m${i}`,
      vram_gb:
        residency === 'CPU_ONLY'
          ? 0
          : residency === 'GPU_SHARED'
            ? Math.round(vram * (0.05 + rnd() * 0.5) * 10) / 10
            : residency === 'GPU_EXCLUSIVE'
              ? Math.round((8 + rnd() * 20) * 10) / 10
              : Math.round((30 + rnd() * 40) * 10) / 10,
      residency,
      cpu_fallback_supported: fallback,
      ram_overflow_supported: residency === 'GPU_RAM_OVERFLOW',
      ram_gb_needed: residency === 'GPU_RAM_OVERFLOW' ? Math.round(40 + rnd() * 40) : null,
      hours: half(0.5, 8),
      ...(fallback ? { cpu_hours: half(1, 24) } : {}),
      ...(residency === 'CPU_ONLY' && rnd() < 0.3 ? { cores: 4 } : {}),
    };
    return card;
  });
  return { name: `random ${n}`, hardware: { vram_gb: vram, ram_gb: 128, cpu_cores: 16 }, models };
}

function main() {
  const rows: string[] = [];
  console.log(
    'cards   benches  suggest (median ms)  max ms  gap to bound (median, max)  proved  composed day (runs, h)',
  );
  for (const [n, count] of [
    [10, 20],
    [100, 10],
    [1000, 5],
    [10000, 3],
  ] as const) {
    const times: number[] = [];
    const gaps: number[] = [];
    let proved = 0;
    let composedRuns = 0;
    let suggestedRuns = 0;
    let composedHours = 0;
    let suggestedHours = 0;
    for (let k = 0; k < count; k++) {
      const b = randomBench(n, 1 + k);
      const t = performance.now();
      const s = suggestDay(b);
      times.push(performance.now() - t);
      gaps.push(s.lowerBound.hi > 0 ? (s.planned.hi - s.lowerBound.hi) / s.lowerBound.hi : 0);
      if (s.optimal) proved++;
      const plan = planBench(b);
      const d = timeDay(b, plan);
      composedRuns += d.basis.jobs;
      suggestedRuns += s.runs;
      composedHours += d.planned.hi;
      suggestedHours += s.planned.hi;
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    rows.push(
      `${String(n).padStart(5)}  ${String(count).padStart(7)}  ${med(times).toFixed(0).padStart(19)}  ` +
        `${Math.max(...times)
          .toFixed(0)
          .padStart(
            6,
          )}  ${`${(med(gaps) * 100).toFixed(1)} %, ${(Math.max(...gaps) * 100).toFixed(1)} %`.padStart(26)}  ` +
        `${`${proved}/${count}`.padStart(6)}  suggested ${suggestedRuns} cards in ${(suggestedHours / count).toFixed(1)} h, ` +
        `composed ${composedRuns} jobs in ${(composedHours / count).toFixed(1)} h (means)`,
    );
    console.log(rows[rows.length - 1]);
  }
}

if (process.argv[2] === undefined) main();
