/**
 * Suggest a day: the windows, their cards and the CPU work riding along that give the best
 * day the bench allows, in this order, never traded (docs/suggest.md):
 * 1. every card that can run, runs (those that cannot are listed with the reason);
 * 2. the shortest planned day (its upper end, then its lower end);
 * 3. fewer windows.
 * The model is suggest-model.ts; the bound suggest-bound.ts. The solver: first fit by
 * hours and first fit by VRAM, each improved by local search; then, on small benches, a
 * branch and bound over the whole model that proves the answer optimal (or stops at a node
 * limit). Deterministic: the same bench gives the same day.
 */
import { gpuCount } from './bench-gpus';
import { planBench } from './day';
import { suggestOnGpus } from './suggest-gpus';
import { lowerBound } from './suggest-bound';
import {
  fitsTogether,
  gpuSpan,
  hosts,
  modelOf,
  specOf,
  cpuSpan,
  type Context,
  type Item,
  type ModelWindow,
} from './suggest-model';
import { formatHours, formatSpan, timeDay, type Span } from './timing';
import { plural } from './words';
import type { Bench, PatternName, WindowSpec } from './types';
import type { DaySuggestion, SuggestOptions } from './suggest-types';

const EPS = 1e-9;

/** A window in the search, with its figures cached. */
interface W extends ModelWindow {
  readonly gpu: Item[];
  readonly cpu: Item[];
  readonly span: Span;
  /** The packed cards' VRAM (a plain sum), the CPU work's core-hours, the GPU part's hours. */
  readonly vram: number;
  readonly load: number;
  readonly gpuPart: number;
  /** Core-hours its cores are idle: cores × span − load. */
  readonly idle: number;
}

function make(ctx: Context, pattern: PatternName, gpu: Item[], cpu: Item[]): W {
  let vram = 0;
  for (const it of gpu) vram += it.card.vram_gb;
  let load = 0;
  for (const it of cpu) load += it.coreHours;
  const w = { pattern, gpu, cpu };
  const gpuPart = gpuSpan(ctx, w);
  // windowSpan's figure, with the GPU part computed once.
  const h = pattern === 'ram_overflow' ? 0 : Math.max(gpuPart, cpuSpan(ctx, w));
  const span = pattern === 'ram_overflow' ? gpu[0]!.overflow! : { lo: h, hi: h };
  return { pattern, gpu, cpu, span, vram, load, gpuPart, idle: ctx.cores * span.hi - load };
}

/** a is better than b: shorter upper end, then lower end, then fewer windows. */
function better(a: Span, aw: number, b: Span, bw: number): boolean {
  if (a.hi < b.hi - EPS) return true;
  if (a.hi > b.hi + EPS) return false;
  if (a.lo < b.lo - EPS) return true;
  if (a.lo > b.lo + EPS) return false;
  return aw < bw;
}

function total(ws: readonly W[]): Span {
  let lo = 0;
  let hi = 0;
  for (const w of ws) {
    lo += w.span.lo;
    hi += w.span.hi;
  }
  return { lo, hi };
}

// ---------------------------------------------------------------------------------------
// First guesses

const byHours = (a: Item, b: Item) => b.gpuHours - a.gpuHours || b.card.vram_gb - a.card.vram_gb || a.index - b.index;
const byVram = (a: Item, b: Item) => b.card.vram_gb - a.card.vram_gb || a.index - b.index;
const byCpuHours = (a: Item, b: Item) => b.cpuHours - a.cpuHours || b.cores - a.cores || a.index - b.index;

/**
 * First fit in `order`, each bin holding what Pattern B packs (its float sum within the
 * budget). The bins' sums sit in a tree of maxima of their room, so each card finds the
 * first bin with room in O(log bins) steps instead of looking at every bin.
 */
function firstFit(ctx: Context, cards: readonly Item[], order: (a: Item, b: Item) => number): Item[][] {
  const bins: { cards: Item[]; sum: number }[] = [];
  const slack = 1e-7;
  const budget = ctx.budget;
  let size = 1;
  while (size < Math.max(1, cards.length)) size *= 2;
  // room[size + i]: budget − bin i's sum (−∞ for no bin yet); room[j]: the larger of its two children.
  const room = new Float64Array(2 * size).fill(-Infinity);
  const set = (i: number, r: number) => {
    let j = size + i;
    room[j] = r;
    for (j >>= 1; j >= 1; j >>= 1) room[j] = Math.max(room[2 * j]!, room[2 * j + 1]!);
  };
  /** The first bin at or after `from` with at least `need` room, or −1. */
  const find = (from: number, need: number): number => {
    const go = (j: number, lo: number, hi: number): number => {
      if (hi <= from || room[j]! < need) return -1;
      if (hi - lo === 1) return lo;
      const mid = (lo + hi) >> 1;
      const l = go(2 * j, lo, mid);
      return l >= 0 ? l : go(2 * j + 1, mid, hi);
    };
    return go(1, 0, size);
  };
  for (const it of [...cards].sort(order)) {
    const v = it.card.vram_gb;
    let i = find(0, v - slack);
    // Near the budget nvinx's float sum decides: skip a bin it would not pack this in.
    while (i >= 0) {
      const b = bins[i]!;
      const s = b.sum + v;
      if (s < budget - slack || fitsTogether(ctx, b.cards, it)) break;
      i = find(i + 1, v - slack);
    }
    if (i < 0) {
      bins.push({ cards: [it], sum: v });
      set(bins.length - 1, budget - v);
    } else {
      const b = bins[i]!;
      b.cards.push(it);
      b.sum += v;
      set(i, budget - b.sum);
    }
  }
  return bins.map((b) => b.cards);
}

/** A small binary heap of windows by a key (largest first). */
class Heap {
  private readonly a: { w: W; k: number }[] = [];
  get size() {
    return this.a.length;
  }
  push(w: W, k: number) {
    const a = this.a;
    a.push({ w, k });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.k >= a[i]!.k) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): W | undefined {
    return this.popEntry()?.w;
  }
  popEntry(): { w: W; k: number } | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.k > a[m]!.k) m = l;
        if (r < a.length && a[r]!.k > a[m]!.k) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** A co-residency window with nothing packed: it hosts CPU work nvinx would not pack. */
const CPU_ONLY_WINDOW: ModelWindow = { pattern: 'fractional_coresidency', gpu: [], cpu: [] };

/** A window's CPU figures for the estimates: GPU part, longest CPU job, core-hours. */
interface Load {
  gpu: number;
  longest: number;
  load: number;
}

/**
 * CPU work onto the windows, longest first: each job to the window where the estimate
 * max(GPU part, longest job, core-hours ÷ cores) grows least (ties: the most idle), among
 * the most idle windows that can host it; a co-residency window of CPU work when none can.
 */
function assignCpu(ctx: Context, windows: W[], jobs: readonly Item[]): W[] | null {
  const r = assignSome(ctx, windows, jobs);
  return r.left.length > 0 ? null : r.windows;
}

/** As assignCpu; the jobs no window can host are given back. */
function assignSome(ctx: Context, windows: W[], jobs: readonly Item[]): { windows: W[]; left: Item[] } {
  const left: Item[] = [];
  const P = ctx.cores;
  const loads = new Map<W, Load>();
  const cpu = new Map<W, Item[]>();
  for (const w of windows) {
    if (w.pattern === 'ram_overflow') continue;
    const longest = w.cpu.reduce((m, it) => Math.max(m, it.cpuHours), 0);
    loads.set(w, { gpu: w.gpuPart, longest, load: w.load });
    cpu.set(w, [...w.cpu]);
  }
  const base = (l: Load) => Math.max(l.gpu, l.longest, l.load / P);
  const idle = (w: W) => {
    const l = loads.get(w)!;
    return P * base(l) - l.load;
  };
  const handoffs = new Heap();
  const stacks = new Heap();
  for (const w of loads.keys()) (w.pattern === 'serial_handoff' ? handoffs : stacks).push(w, idle(w));
  const extra: W[] = [];
  const PEEK = 8;
  for (const it of [...jobs].sort(byCpuHours)) {
    let best: W | null = null;
    let bestD = Infinity;
    let bestIdle = -Infinity;
    const popped: [Heap, W][] = [];
    const heaps = it.cpuHost === 'any' ? [handoffs, stacks] : [handoffs];
    for (const h of heaps) {
      let seen = 0;
      while (seen < PEEK && h.size > 0) {
        const w = h.pop()!;
        popped.push([h, w]);
        if (!hosts(ctx, w, it)) continue;
        seen++;
        const l = loads.get(w)!;
        const b = base(l);
        const d = Math.max(b, it.cpuHours, (l.load + it.coreHours) / P) - b;
        const id = idle(w);
        if (d < bestD - EPS || (d <= bestD + EPS && id > bestIdle)) {
          best = w;
          bestD = d;
          bestIdle = id;
        }
      }
    }
    if (best === null && it.cpuHost === 'any' && ctx.hasCoresidency && hosts(ctx, CPU_ONLY_WINDOW, it)) {
      best = make(ctx, 'fractional_coresidency', [], []);
      loads.set(best, { gpu: 0, longest: 0, load: 0 });
      cpu.set(best, []);
      extra.push(best);
      popped.push([stacks, best]);
    }
    if (best === null) {
      for (const [h, w] of popped) h.push(w, idle(w));
      left.push(it);
      continue;
    }
    const l = loads.get(best)!;
    l.longest = Math.max(l.longest, it.cpuHours);
    l.load += it.coreHours;
    cpu.get(best)!.push(it);
    for (const [h, w] of popped) h.push(w, idle(w));
  }
  // A window whose CPU work did not change is the same object.
  return {
    windows: [...windows, ...extra].map((w) => {
      const c = cpu.get(w);
      return c === undefined || (c.length === w.cpu.length && extra.indexOf(w) < 0)
        ? w
        : make(ctx, w.pattern, w.gpu, c);
    }),
    left,
  };
}

/**
 * A first day: GPU where a card can, bins in `order`, overflow or CPU for the rest. With
 * `cpuFirst`, cards that may be packed or run on the CPU start on the CPU, and only those no
 * window can host are packed (after the others, into the bins' room or bins of their own).
 */
function firstGuess(ctx: Context, order: (a: Item, b: Item) => number, cpuFirst: boolean): W[] | null {
  const runnable = ctx.items.filter((it) => it.modes.length > 0);
  const windows: W[] = [];
  const exclusive = runnable.filter((it) => it.modes[0] === 'exclusive').sort(byHours);
  for (const it of exclusive) windows.push(make(ctx, 'serial_handoff', [it], []));
  const toCpu = (it: Item) =>
    it.modes[0] === 'cpu' || (cpuFirst && it.modes[0] === 'shared' && it.modes.includes('cpu'));
  const shared = runnable.filter((it) => it.modes[0] === 'shared' && !toCpu(it));
  const bins = firstFit(ctx, shared, order);
  const jobs: Item[] = [];
  const overflow: W[] = [];
  for (const it of runnable) {
    if (toCpu(it)) jobs.push(it);
    else if (it.modes[0] === 'overflow') overflow.push(make(ctx, 'ram_overflow', [it], []));
  }
  if (!cpuFirst) {
    for (const bin of bins) windows.push(make(ctx, 'fractional_coresidency', bin, []));
    return assignCpu(ctx, [...windows, ...overflow], jobs);
  }
  const first = assignSome(ctx, [...windows, ...bins.map((b) => make(ctx, 'fractional_coresidency', b, []))], jobs);
  // The ones left are packed: into a bin with room (its CPU work stays on the CPU), or bins of their own.
  const out = first.windows;
  const fresh: Item[] = [];
  for (const it of [...first.left].sort(order)) {
    if (!it.modes.includes('shared')) return null;
    const i = out.findIndex(
      (w) => w.pattern === 'fractional_coresidency' && w.gpu.length > 0 && fitsTogether(ctx, w.gpu, it),
    );
    if (i < 0) fresh.push(it);
    else out[i] = make(ctx, 'fractional_coresidency', [...out[i]!.gpu, it], out[i]!.cpu);
  }
  for (const bin of firstFit(ctx, fresh, order)) out.push(make(ctx, 'fractional_coresidency', bin, []));
  return [...out, ...overflow];
}

// ---------------------------------------------------------------------------------------
// Local search

const byIdle = (a: W, b: W) => b.idle - a.idle;

/** Bins a packed card tries to join at most, per move (those with the most room first). */
const BIN_TRIES = 24;

class Search {
  /** The windows of the day (insertion order: deterministic). */
  private readonly live = new Set<W>();
  cost: Span;
  /** Work done (window evaluations), to stop deterministically. */
  work = 0;
  /** The window each card is in. */
  private readonly where = new Map<Item, W>();
  /** Windows by idle core-hours (largest first) as of the last sort; those made since; those replaced since. */
  private order: W[] = [];
  private fresh: W[] = [];
  private gone = 0;
  /** Co-residency windows with packed cards by VRAM left (most first); replaced ones dropped when met. */
  private readonly room = new Heap();
  constructor(
    readonly ctx: Context,
    windows: readonly W[],
    readonly limit: number,
    private readonly deadline: number,
  ) {
    this.cost = total(windows);
    for (const w of windows) this.add(w);
  }

  get windows(): W[] {
    return [...this.live];
  }

  private add(w: W) {
    if (w.pattern === 'fractional_coresidency' && w.gpu.length === 0 && w.cpu.length === 0) return;
    this.live.add(w);
    for (const it of w.gpu) this.where.set(it, w);
    for (const it of w.cpu) this.where.set(it, w);
    this.fresh.push(w);
    if (w.pattern === 'fractional_coresidency' && w.gpu.length > 0) this.room.push(w, this.ctx.budget - w.vram);
  }

  /** The window that runs `it` on the CPU. */
  cpuWindow(it: Item): W | undefined {
    const w = this.where.get(it);
    return w !== undefined && w.cpu.includes(it) ? w : undefined;
  }

  /** The co-residency window that packs `it` on the GPU. */
  binOf(it: Item): W | undefined {
    const w = this.where.get(it);
    return w !== undefined && w.pattern === 'fractional_coresidency' && w.gpu.includes(it) ? w : undefined;
  }

  /** Replace some windows (null: remove) and add others, if that makes the day better. */
  try(replace: readonly (readonly [W, W | null])[], add: readonly W[]): boolean {
    let lo = 0;
    let hi = 0;
    let dw = add.length;
    for (const [old, w] of replace) {
      lo -= old.span.lo;
      hi -= old.span.hi;
      if (w === null) dw--;
      else {
        lo += w.span.lo;
        hi += w.span.hi;
      }
    }
    for (const w of add) {
      lo += w.span.lo;
      hi += w.span.hi;
    }
    this.work += replace.length + add.length;
    if (!better({ lo, hi }, dw, { lo: 0, hi: 0 }, 0)) return false;
    for (const [old] of replace) this.live.delete(old);
    this.gone += replace.length;
    for (const [, w] of replace) if (w !== null) this.add(w);
    for (const w of add) this.add(w);
    this.cost = { lo: this.cost.lo + lo, hi: this.cost.hi + hi };
    return true;
  }

  /** Out of work, or out of time (the clock is read every 1,024 units of work). */
  get spent(): boolean {
    if (this.work >= this.limit) return true;
    if (this.deadline === Infinity || (this.work & 1023) !== 0) return false;
    if (Date.now() < this.deadline) return false;
    this.work = this.limit;
    return true;
  }

  /**
   * The windows `accept` takes, most idle first, at most `k`. Windows never change (a move
   * makes new ones), so their idle core-hours are exact: the windows sorted once, and the
   * few made since, merged; sorted again once the replaced ones and the new ones add up.
   */
  mostIdle(except: W | null, k: number, accept: (w: W) => boolean): W[] {
    if (this.fresh.length + this.gone > Math.max(32, this.order.length / 8)) {
      this.order = [...this.live].sort(byIdle);
      this.fresh = [];
      this.gone = 0;
      this.work += this.order.length;
    }
    const out: W[] = [];
    for (const w of this.order) {
      this.work++;
      if (w === except || !this.live.has(w) || !accept(w)) continue;
      out.push(w);
      if (out.length >= k) break;
    }
    const more = this.fresh.filter((w) => w !== except && this.live.has(w) && accept(w));
    this.work += this.fresh.length;
    if (more.length === 0) return out;
    return [...out, ...more].sort(byIdle).slice(0, k);
  }

  /** `it` leaves `from` (becoming `fromNext`) for the CPU of another window, where that saves more than `saves` costs. */
  private toCpu(it: Item, from: W, fromNext: () => W | null, saves: number): boolean {
    const ctx = this.ctx;
    const P = ctx.cores;
    for (const to of this.mostIdle(from, 12, (w) => hosts(ctx, w, it))) {
      // What joining costs at least: no move when it is not below what leaving saves.
      const costs = Math.max(to.span.hi, it.cpuHours, (to.load + it.coreHours) / P) - to.span.hi;
      if (costs >= saves - EPS) continue;
      if (
        this.try(
          [
            [from, fromNext()],
            [to, make(ctx, to.pattern, to.gpu, [...to.cpu, it])],
          ],
          [],
        )
      )
        return true;
    }
    return false;
  }

  /**
   * `it` leaves `from` (becoming `fromNext`) to be packed in a co-residency window that lasts
   * at least `minSpan` (shorter ones would only grow). The CPU work of the window it joins
   * stays on the CPU: adding a card never makes room for another.
   */
  private toBin(it: Item, from: W, fromNext: W | null, minSpan: number): boolean {
    const ctx = this.ctx;
    // The bins with the most room first; those without room for it end the look.
    const seen: { w: W; k: number }[] = [];
    let moved = false;
    for (let tried = 0; tried < BIN_TRIES;) {
      const e = this.room.popEntry();
      if (e === undefined) break;
      const to = e.w;
      if (!this.live.has(to)) continue;
      seen.push(e);
      this.work++;
      if (e.k + 1e-7 < it.card.vram_gb) break;
      if (to === from || to.span.hi + EPS < minSpan || !fitsTogether(ctx, to.gpu, it, to.vram)) continue;
      tried++;
      const next = make(ctx, to.pattern, [...to.gpu, it], to.cpu);
      if (
        this.try(
          [
            [from, fromNext],
            [to, next],
          ],
          [],
        )
      ) {
        moved = true;
        break;
      }
    }
    for (const e of seen) if (this.live.has(e.w)) this.room.push(e.w, e.k);
    return moved;
  }

  /** Move CPU jobs to other windows where the day gets shorter. */
  moveCpu(): boolean {
    let improved = false;
    const ctx = this.ctx;
    const P = ctx.cores;
    const jobs = this.windows.flatMap((w) => w.cpu);
    jobs.sort(byCpuHours);
    for (const it of jobs) {
      if (this.spent) break;
      const from = this.cpuWindow(it);
      if (from === undefined) continue;
      const rest = from.cpu.filter((x) => x !== it);
      // What leaving can save at most.
      let floor = Math.max(from.gpuPart, (from.load - it.coreHours) / P);
      for (const x of rest) floor = Math.max(floor, x.cpuHours);
      const saves = from.span.hi - floor;
      if (saves <= EPS) continue;
      if (this.toCpu(it, from, () => make(ctx, from.pattern, from.gpu, rest), saves)) improved = true;
    }
    return improved;
  }

  /** Move packed cards between co-residency windows, and flexible cards between GPU and CPU. */
  moveCards(): boolean {
    let improved = false;
    const ctx = this.ctx;
    const items = this.windows
      .filter((w) => w.pattern === 'fractional_coresidency')
      .flatMap((w) => w.gpu)
      .sort(byHours);
    const plain = ctx.slowdown === 1 && ctx.bench.interference === undefined;
    for (const it of items) {
      if (this.spent) break;
      const from = this.binOf(it);
      if (from === undefined) continue;
      const rest = from.gpu.filter((x) => x !== it);
      // Without a slowdown a window lasts its longest card: leaving helps only the longest alone.
      if (plain && rest.length > 0 && rest.some((x) => x.gpuHours >= it.gpuHours) && !it.modes.includes('cpu'))
        continue;
      this.work++;
      // Its CPU work must stay on the CPU once the card leaves.
      const after = make(ctx, from.pattern, rest, from.cpu);
      if (!from.cpu.every((c) => hosts(ctx, after, c))) continue;
      const fromNext = rest.length === 0 && from.cpu.length === 0 ? null : after;
      if (this.toBin(it, from, fromNext, it.gpuHours * ctx.kappa)) improved = true;
      else if (
        it.modes.includes('cpu') &&
        this.toCpu(it, from, () => fromNext, from.span.hi - (fromNext?.span.hi ?? 0))
      )
        improved = true;
    }
    // CPU jobs that could run on the GPU: into a bin, or a bin of their own.
    for (const it of this.windows.flatMap((w) => w.cpu)) {
      if (this.spent) break;
      if (!it.modes.includes('shared')) continue;
      const from = this.cpuWindow(it);
      if (from === undefined) continue;
      const fromNext = this.without(from, it);
      if (this.toBin(it, from, fromNext, 0)) improved = true;
      else if (this.try([[from, fromNext]], [make(ctx, 'fractional_coresidency', [it], [])])) improved = true;
    }
    return improved;
  }

  /** `from` without the CPU job `it`. */
  private without(from: W, it: Item): W {
    return make(
      this.ctx,
      from.pattern,
      from.gpu,
      from.cpu.filter((x) => x !== it),
    );
  }

  /** Exclusive cards with fallback between their own window and the CPU; CPU jobs to a window of their own. */
  moveModes(): boolean {
    let improved = false;
    const ctx = this.ctx;
    for (const w of this.windows) {
      if (this.spent) break;
      if (!this.live.has(w)) continue;
      const it = w.gpu[0];
      if (it === undefined || !it.modes.includes('cpu')) continue;
      if (w.pattern !== 'serial_handoff' && w.pattern !== 'ram_overflow') continue;
      // The window goes; its card and its CPU work go to the most idle windows that can host them.
      const jobs = [it, ...w.cpu];
      const others = this.mostIdle(w, 12 + jobs.length, (x) => jobs.some((j) => hosts(ctx, x, j)));
      const moved = assignCpu(ctx, others, jobs);
      if (moved === null) continue;
      const replace: [W, W | null][] = [[w, null]];
      const add: W[] = [];
      moved.forEach((m, i) => {
        if (i >= others.length) add.push(m);
        else if (m !== others[i]) replace.push([others[i]!, m]);
      });
      if (this.try(replace, add)) improved = true;
    }
    // CPU jobs that may overflow or hold their own serial_handoff window instead.
    for (const it of this.windows.flatMap((w) => w.cpu)) {
      if (this.spent) break;
      if (!it.modes.includes('exclusive') && !it.modes.includes('overflow')) continue;
      const from = this.cpuWindow(it);
      if (from === undefined) continue;
      const fromNext = this.without(from, it);
      if (it.modes.includes('exclusive') && this.try([[from, fromNext]], [make(ctx, 'serial_handoff', [it], [])]))
        improved = true;
      else if (it.modes.includes('overflow') && this.try([[from, fromNext]], [make(ctx, 'ram_overflow', [it], [])]))
        improved = true;
    }
    return improved;
  }

  run(): void {
    for (let pass = 0; pass < 20 && !this.spent; pass++) {
      const a = this.moveCpu();
      const b = this.moveCards();
      const c = this.moveModes();
      if (!a && !b && !c) break;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Branch and bound (small benches): every way of the model, pruned by bounds.

interface Node {
  pattern: PatternName;
  gpu: Item[];
  cpu: Item[];
  /** Lower figure of the GPU part (exact when it only grows as cards join). */
  gpuLow: number;
  longest: number;
  load: number;
}

function branchAndBound(
  ctx: Context,
  incumbent: { windows: W[]; cost: Span },
  nodeLimit: number,
  deadline: number,
  onProgress?: (done: number) => void,
): { windows: W[]; cost: Span; complete: boolean } {
  const P = ctx.cores;
  const runnable = ctx.items.filter((it) => it.modes.length > 0);
  const phase1 = [
    ...runnable.filter((it) => it.modes.includes('exclusive')).sort(byHours),
    ...runnable.filter((it) => it.modes.includes('shared')).sort(byHours),
    ...runnable.filter((it) => !it.modes.includes('exclusive') && !it.modes.includes('shared')),
  ];
  let best = incumbent;
  let nodes = 0;
  let aborted = false;
  const windows: Node[] = [];
  const pending: Item[] = [];
  let ovLo = 0;
  let ovHi = 0;

  const lowOf = (n: Node): number => {
    if (n.pattern !== 'fractional_coresidency' || n.gpu.length === 0) return n.gpuLow;
    return ctx.monotone ? gpuSpan(ctx, n) : ctx.kappa * Math.max(...n.gpu.map((g) => g.gpuHours));
  };
  // A node goes when nothing under it can beat the best day found (its windows only grow in number).
  const cut = (hi: number, lo: number, count: number): boolean =>
    !better({ lo, hi }, count, best.cost, best.windows.length);

  const tick = (): boolean => {
    nodes++;
    if (nodes > nodeLimit) aborted = true;
    if ((nodes & 0xfff) === 0) {
      if (deadline !== Infinity && Date.now() >= deadline) aborted = true;
      onProgress?.(0.3 + 0.69 * Math.min(1, nodes / nodeLimit));
    }
    return aborted;
  };

  function gpuPhase(k: number): void {
    if (tick()) return;
    let gpu = 0;
    let cpu = 0;
    for (const n of windows) {
      if (n.pattern !== 'ram_overflow') gpu += n.gpuLow;
    }
    for (const it of pending) cpu += it.coreHours;
    const d = Math.max(gpu, cpu / P);
    if (cut(ovHi + d, ovLo + d, windows.length)) return;
    if (k === phase1.length) {
      cpuPhase([...pending].sort(byCpuHours), 0);
      return;
    }
    const it = phase1[k]!;
    for (const mode of it.modes) {
      if (mode === 'exclusive') {
        windows.push({ pattern: 'serial_handoff', gpu: [it], cpu: [], gpuLow: it.gpuHours, longest: 0, load: 0 });
        gpuPhase(k + 1);
        windows.pop();
      } else if (mode === 'shared') {
        for (const n of windows) {
          if (n.pattern !== 'fractional_coresidency' || !fitsTogether(ctx, n.gpu, it)) continue;
          const old = n.gpuLow;
          n.gpu.push(it);
          n.gpuLow = lowOf(n);
          gpuPhase(k + 1);
          n.gpu.pop();
          n.gpuLow = old;
          if (aborted) return;
        }
        const n: Node = { pattern: 'fractional_coresidency', gpu: [it], cpu: [], gpuLow: 0, longest: 0, load: 0 };
        n.gpuLow = lowOf(n);
        windows.push(n);
        gpuPhase(k + 1);
        windows.pop();
      } else if (mode === 'cpu') {
        pending.push(it);
        gpuPhase(k + 1);
        pending.pop();
      } else {
        ovLo += it.overflow!.lo;
        ovHi += it.overflow!.hi;
        windows.push({ pattern: 'ram_overflow', gpu: [it], cpu: [], gpuLow: 0, longest: 0, load: 0 });
        gpuPhase(k + 1);
        windows.pop();
        ovLo -= it.overflow!.lo;
        ovHi -= it.overflow!.hi;
      }
      if (aborted) return;
    }
  }

  function cpuPhase(jobs: readonly Item[], k: number): void {
    if (tick()) return;
    let d = 0;
    let idle = 0;
    let rest = 0;
    for (const n of windows) {
      if (n.pattern === 'ram_overflow') continue;
      const b = Math.max(n.gpuLow, n.longest, n.load / P);
      d += b;
      idle += P * b - n.load;
    }
    for (let i = k; i < jobs.length; i++) rest += jobs[i]!.coreHours;
    d += Math.max(0, rest - idle) / P;
    if (cut(ovHi + d, ovLo + d, windows.length)) return;
    if (k === jobs.length) {
      const ws = windows.map((n) => make(ctx, n.pattern, [...n.gpu], [...n.cpu]));
      const cost = total(ws);
      if (better(cost, ws.length, best.cost, best.windows.length)) best = { windows: ws, cost };
      return;
    }
    const it = jobs[k]!;
    const tried: number[] = [];
    for (const n of windows) {
      if (!hosts(ctx, n, it)) continue;
      // Empty serial_handoff windows of the same length are alike for this job.
      if (n.pattern === 'serial_handoff' && n.cpu.length === 0) {
        if (tried.includes(n.gpuLow)) continue;
        tried.push(n.gpuLow);
      }
      const { longest, load } = n;
      n.cpu.push(it);
      n.longest = Math.max(longest, it.cpuHours);
      n.load = load + it.coreHours;
      cpuPhase(jobs, k + 1);
      n.cpu.pop();
      n.longest = longest;
      n.load = load;
      if (aborted) return;
    }
    if (it.cpuHost === 'any' && ctx.hasCoresidency && hosts(ctx, CPU_ONLY_WINDOW, it)) {
      windows.push({
        pattern: 'fractional_coresidency',
        gpu: [],
        cpu: [it],
        gpuLow: 0,
        longest: it.cpuHours,
        load: it.coreHours,
      });
      cpuPhase(jobs, k + 1);
      windows.pop();
    }
  }

  gpuPhase(0);
  return { ...best, complete: !aborted };
}

// ---------------------------------------------------------------------------------------

/** The windows in the order the day runs them, named. */
function ordered(ctx: Context, ws: readonly W[]): { model: W[]; specs: WindowSpec[] } {
  const rank = (w: W) =>
    w.pattern === 'serial_handoff' ? 0 : w.pattern === 'ram_overflow' ? 3 : w.gpu.length > 0 ? 1 : 2;
  const model = [...ws].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) === 3 ? a.gpu[0]!.index - b.gpu[0]!.index : b.span.hi - a.span.hi) ||
      (a.gpu[0]?.index ?? a.cpu[0]?.index ?? 0) - (b.gpu[0]?.index ?? b.cpu[0]?.index ?? 0),
  );
  // CPU work longest first, the packed cards as Pattern B orders them (both as the plan lists them).
  const tidy = model.map((w) =>
    make(
      ctx,
      w.pattern,
      w.pattern === 'fractional_coresidency' ? [...w.gpu].sort(byVram) : w.gpu,
      [...w.cpu].sort(byCpuHours),
    ),
  );
  const stacks = tidy.filter((w) => w.pattern === 'fractional_coresidency' && w.gpu.length > 0).length;
  const cpuOnly = tidy.filter((w) => w.pattern === 'fractional_coresidency' && w.gpu.length === 0).length;
  let s = 0;
  let c = 0;
  const specs = tidy.map((w) => {
    if (w.pattern === 'serial_handoff') return specOf(w, `exclusive: ${w.gpu[0]!.card.name}`);
    if (w.pattern === 'ram_overflow') return specOf(w, `overflow: ${w.gpu[0]!.card.name}`);
    if (w.gpu.length > 0) return specOf(w, stacks === 1 ? 'co-resident stack' : `co-resident stack ${++s}`);
    return specOf(w, cpuOnly === 1 ? 'CPU work' : `CPU work ${++c}`);
  });
  return { model: tidy, specs };
}

/** Branch and bound runs when the bench has at most this many cards that can run. */
const EXACT_CARDS = 24;

/**
 * Suggest the day's windows from the cards. A bench with several GPUs goes to suggest-gpus.ts
 * (which places each GPU's cards with the one-GPU optimiser below); one GPU is answered here.
 */
export function suggestDay(bench: Bench, options: SuggestOptions = {}): DaySuggestion {
  if (gpuCount(bench.hardware) > 1) {
    const s = suggestOnGpus(bench, options, { suggest: suggestOneGpu, better, closeness });
    return { ...s, model: [], cost: s.planned };
  }
  return suggestOneGpu(bench, options);
}

/** The best day of a one-GPU bench. */
function suggestOneGpu(bench: Bench, options: SuggestOptions): DaySuggestion {
  const ctx = modelOf(bench);
  const bound = lowerBound(ctx);
  const runnable = ctx.items.filter((it) => it.modes.length > 0);
  const n = runnable.length;
  const work = 200_000 + 200 * n;
  const start = Date.now();
  const limit = options.timeLimitMs;
  // With a time limit: the three searches share three quarters of it, one after another;
  // branch and bound has what is left.
  const until = (share: number) => (limit === undefined ? Infinity : start + limit * share);
  const reached = (c: Span) => c.hi <= bound.hi + EPS && c.lo <= bound.lo + EPS;
  let best: { windows: W[]; cost: Span; label: string } | null = null;
  const guesses = [
    ['first fit by hours, improved by local search', byHours, false],
    ['first fit by VRAM, improved by local search', byVram, false],
    ['CPU work first, then first fit by hours, improved by local search', byHours, true],
  ] as const;
  for (const [i, [label, order, cpuFirst]] of guesses.entries()) {
    if (best !== null && reached(best.cost)) break;
    const first = firstGuess(ctx, order, cpuFirst);
    if (first === null) continue;
    const s = new Search(ctx, first, work, until((0.75 * (i + 1)) / guesses.length));
    s.run();
    if (best === null || better(s.cost, s.windows.length, best.cost, best.windows.length))
      best = { windows: s.windows, cost: s.cost, label };
    // The searches are the whole work when branch and bound does not run.
    options.onProgress?.(((n <= EXACT_CARDS ? 0.3 : 0.95) * (i + 1)) / guesses.length);
  }
  if (best === null) best = { windows: [], cost: { lo: 0, hi: 0 }, label: 'nothing to run' };
  let optimal = reached(best.cost);
  if (!optimal && n <= EXACT_CARDS) {
    const bb = branchAndBound(ctx, best, options.nodeLimit ?? 200_000, until(1), options.onProgress);
    if (bb.windows !== best.windows) best = { ...bb, label: 'branch and bound' };
    optimal = bb.complete;
  }
  options.onProgress?.(1);
  const { model, specs } = ordered(ctx, best.windows);
  const cost = total(model);
  const withWindows: Bench = { ...bench, windows: specs };
  const planned = timeDay(withWindows, planBench(withWindows)).planned;
  // Proved: the bound is the day itself (its lower end stays the bound's: a day with a longer
  // upper end might have a shorter lower end).
  const ranged = runnable.some((it) => it.overflow !== null && it.overflow.lo !== it.overflow.hi);
  const lowerBoundSpan = optimal ? { lo: ranged ? Math.min(bound.lo, cost.lo) : cost.lo, hi: cost.hi } : bound;
  const reasons = [
    `Runs ${n === bench.models.length ? `all ${plural(n, 'card')}` : `${n} of ${plural(bench.models.length, 'card')}`}` +
      ` in ${plural(specs.length, 'window')}: a planned day of ${formatSpan(planned)}.`,
    closeness(planned, lowerBoundSpan, optimal),
    `Found by ${optimal && best.label === 'branch and bound' ? 'branch and bound, which proved it' : best.label}.`,
  ];
  return {
    windows: specs,
    model,
    unplaced: ctx.unrunnable,
    runs: n,
    planned,
    cost,
    lowerBound: lowerBoundSpan,
    optimal,
    reasons,
  };
}

/** "the shortest possible day (proved)" or "within 4 % of the shortest possible (bound 9.4 h)". */
function closeness(planned: Span, bound: Span, optimal: boolean): string {
  if (optimal) return 'The shortest possible day (proved).';
  const gap = bound.hi > 0 ? ((planned.hi - bound.hi) / bound.hi) * 100 : Infinity;
  const pct = gap < 1 ? '1' : Number.isFinite(gap) ? String(Math.ceil(gap)) : '∞';
  return `Within ${pct} % of the shortest possible (bound ${formatHours(bound.hi)} h).`;
}
