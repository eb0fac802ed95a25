/**
 * `npm run bench:suggest-gpus`: Suggest a day on random benches of several GPUs (bench:suggest's
 * benches, with 2 or 4 GPUs of 24 GB, or a 24 GB + 12 GB pair): the time it takes, how far its
 * day is from the lower bound (an upper figure for the distance to the optimum), how many are
 * proved, and the day against the same cards' best day on one of those GPUs. Prints a table;
 * asserts nothing (timings are not tests).
 */
import { cpus, loadavg } from 'node:os';
import { suggestDay } from '../src/core/suggest';
import type { Bench, BenchGpu } from '../src/core/types';
import { randomBench } from './suggest.bench';

const med = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function withGpus(b: Bench, more: readonly BenchGpu[]): Bench {
  return { ...b, hardware: { ...b.hardware, more_gpus: more } };
}

function main() {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
  console.log(`Suggest a day on several GPUs (${cpus().length} CPUs, load average ${load})`);
  console.log(
    'cards  GPUs           benches  wall ms (median, max)  gap to bound (median, max)  proved  day ÷ one-GPU day (mean)',
  );
  const rows: [number, string, BenchGpu[], number][] = [
    [10, '2 × 24 GB', [{ vram_gb: 24 }], 20],
    [10, '4 × 24 GB', [{ vram_gb: 24 }, { vram_gb: 24 }, { vram_gb: 24 }], 20],
    [10, '24 + 12 GB', [{ vram_gb: 12 }], 20],
    [100, '2 × 24 GB', [{ vram_gb: 24 }], 5],
    [100, '4 × 24 GB', [{ vram_gb: 24 }, { vram_gb: 24 }, { vram_gb: 24 }], 5],
    [1000, '2 × 24 GB', [{ vram_gb: 24 }], 2],
  ];
  for (const [n, label, more, count] of rows) {
    const walls: number[] = [];
    const gaps: number[] = [];
    let ratio = 0;
    let proved = 0;
    for (let k = 0; k < count; k++) {
      const one = randomBench(n, 1 + k);
      const b = withGpus(one, more);
      const t = performance.now();
      const s = suggestDay(b);
      walls.push(performance.now() - t);
      gaps.push(s.lowerBound.hi > 0 ? (s.planned.hi - s.lowerBound.hi) / s.lowerBound.hi : 0);
      if (s.optimal) proved++;
      const alone = suggestDay(one);
      ratio += alone.planned.hi > 0 ? s.planned.hi / alone.planned.hi : 1;
    }
    console.log(
      `${String(n).padStart(5)}  ${label.padEnd(13)}  ${String(count).padStart(7)}  ` +
        `${`${med(walls).toFixed(0)}, ${Math.max(...walls).toFixed(0)}`.padStart(21)}  ` +
        `${`${(med(gaps) * 100).toFixed(1)} %, ${(Math.max(...gaps) * 100).toFixed(1)} %`.padStart(26)}  ` +
        `${`${proved}/${count}`.padStart(6)}  ${(ratio / count).toFixed(2)}`,
    );
  }
}

if (process.argv[1]?.endsWith('suggest-gpus.bench.ts')) main();
