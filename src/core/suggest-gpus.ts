/**
 * Suggest a day on a bench with several GPUs (issue 18; docs/suggest.md, "Several GPUs"),
 * under the same objective as on one GPU: every card that can run, runs (a card runs if it
 * runs on some GPU, or split across GPUs); then the shortest planned day (upper end, then
 * lower end) as `timeDay` gives it (GPUs at the same time, one pool of CPU cores, a split
 * waiting for all its GPUs, RAM spills never over the bench's RAM); then fewer windows.
 *
 * The model: every card that runs on one GPU belongs to one GPU's group, and that group's
 * windows are the one-GPU optimiser's best day for those cards on that GPU's HardwareSpec
 * (suggest.ts: every window still nvinx's pattern, its CPU work riding its windows); a card
 * that no single GPU can run on the GPU may instead be split over some GPUs
 * (multi_gpu_split), a window of its own that holds them all. The day lists the splits first
 * (every GPU is free at the start), then each GPU's windows.
 *
 * The solver: a first assignment of cards to GPUs (longest first, to the GPU whose load
 * grows least), then moves of single cards between GPUs (and between a split and a GPU)
 * kept when the day gets better; on small benches every assignment is enumerated (with
 * identical GPUs taken once), each group solved by the one-GPU optimiser, which also gives a
 * bound per assignment. One GPU never comes here: suggest.ts answers it as it always has.
 */
import { gpuCount, gpuHardware, gpusOf } from './bench-gpus';
import { planBench, windowCardNames, type UnplacedCard } from './day';
import { multiGpuSplit, splitSlowdown } from './split';
import { binIntegral, relaxed } from './suggest-bound';
import { modelOf, type Context } from './suggest-model';
import { DEFAULT_HOURS } from './defaults';
import { formatSpan, timeDay, type Span } from './timing';
import { DEFAULT_HEADROOM_GB, PlanRefusal, type Bench, type ModelCard, type WindowSpec } from './types';
import { plural } from './words';
import { fewestGpusHolding } from './split-advice';
import type { OneGpuSolver, SuggestedDay, SuggestOptions } from './suggest-types';

/** A split of one card over some GPUs, and how long it holds them. */
interface SplitOption {
  readonly gpus: readonly number[];
  readonly span: Span;
}

/** Where a card runs: a GPU's group (its index), or a split. */
type Place = number | SplitOption;

interface CardInfo {
  /** Its place among the bench's cards. */
  readonly index: number;
  readonly card: ModelCard;
  /** GPUs whose one-GPU model runs it (with the bench's other cards there to host its CPU run). */
  readonly on: readonly number[];
  /** Splits over two GPUs or more (only for a card no single GPU runs on the GPU), shortest first. */
  readonly splits: readonly SplitOption[];
  /** Rough GPU-hours it adds to GPU k's day (first guess only); Infinity where it cannot run. */
  readonly weight: readonly number[];
  /** On GPU k it runs only as CPU work a serial_handoff window must host. */
  readonly needsHandoff: readonly boolean[];
  /** GPU k can hold its serial_handoff window (so it can host such CPU work). */
  readonly anchors: readonly boolean[];
}

/** Cards runnable on at most this many, with at most this many assignments: every assignment is tried. */
const EXACT_GPU_CARDS = 8;
const EXACT_ASSIGNMENTS = 4096;
/** The one-GPU optimiser's node limit for each group of the enumeration. */
const GROUP_NODES = 20_000;
const EPS = 1e-9;

/** Every subset of 2 or more of `n` GPUs (all of them when n ≤ 4; else the fewest largest and all). */
function splitSets(bench: Bench, need: number): number[][] {
  const gpus = gpusOf(bench.hardware);
  const n = gpus.length;
  if (n <= 4) {
    const out: number[][] = [];
    for (let mask = 1; mask < 1 << n; mask++) {
      const s = gpus.map((_, k) => k).filter((k) => (mask >> k) & 1);
      if (s.length >= 2) out.push(s);
    }
    return out;
  }
  // More than four GPUs: the fewest largest that hold it (split-advice's rule, at least two), and all.
  const all = gpus.map((_, k) => k);
  const caps = gpus.map((g) => Math.max(0, g.vram_gb - DEFAULT_HEADROOM_GB));
  const largest = all.reduce((best, k) => (caps[k]! > caps[best]! ? k : best), 0);
  const fewest = fewestGpusHolding(caps, need, largest);
  return fewest === null || fewest.length < 2 || fewest.length === n ? [all] : [[...fewest], all];
}

/** The splits of a card over sets of GPUs, shortest first (then fewer GPUs), or why none. */
function splitsOf(bench: Bench, card: ModelCard): { options: SplitOption[]; why: string | null } {
  const options: SplitOption[] = [];
  let why: string | null = null;
  for (const gpus of splitSets(bench, card.ram_gb_needed ?? card.vram_gb)) {
    try {
      const hint = multiGpuSplit(card, bench.hardware, gpus, DEFAULT_HEADROOM_GB);
      // A GPU that holds no part is not split over: that set is a smaller split (or one GPU's spill).
      if (hint.parts.some((p) => p.gb <= 0)) continue;
      const est = splitSlowdown(hint, bench.hardware);
      const h = card.hours ?? DEFAULT_HOURS;
      options.push({ gpus, span: { lo: h * est.lo, hi: h * est.hi } });
    } catch (e) {
      if (!(e instanceof PlanRefusal)) throw e;
      why ??= e.message;
    }
  }
  options.sort((a, b) => a.span.hi - b.span.hi || a.span.lo - b.span.lo || a.gpus.length - b.gpus.length);
  return { options, why };
}

/** The bench on GPU k alone, with these cards and no windows. */
function onGpu(bench: Bench, k: number, models: readonly ModelCard[]): Bench {
  const { windows: _w, ...rest } = bench;
  return { ...rest, hardware: gpuHardware(bench.hardware, k)!, models };
}

/** Two GPUs that plan alike (the same HardwareSpec but the model's name) share a key. */
function gpuKey(bench: Bench, k: number): string {
  const { model: _m, ...spec } = gpuHardware(bench.hardware, k)!;
  return JSON.stringify(spec);
}

/**
 * A lower bound on any day of several GPUs that runs these cards: D ≥ each card's shortest way
 * of running; n·D ≥ the GPU-hours (a window holds its GPUs for at least its GPU part; a split
 * holds |S| GPUs for its span); P·D ≥ the CPU core-hours (one pool of P cores); cards that may
 * run on a GPU or on the CPU add to one side or the other (the same weak-duality relaxation as
 * on one GPU). Co-residency windows: κ × the bin integral with the largest budget (no window
 * on any GPU packs more), or κ × VRAM-hours ÷ that budget. Each end (lo, hi) on its own.
 */
function lowerBoundOnGpus(ctxs: readonly Context[], splits: readonly (readonly SplitOption[])[]): Span {
  const n = ctxs.length;
  const P = ctxs[0]!.cores;
  const kappa = Math.min(...ctxs.map((c) => c.kappa));
  const B = Math.max(...ctxs.map((c) => c.budget));
  const end = (pick: (s: Span) => number): number => {
    let g1 = 0;
    let g2 = 0;
    let cpuLoad = 0;
    let longest = 0;
    const packed: Context['items'][number][] = [];
    const flex: { bins: number; area: number; cpu: number }[] = [];
    ctxs[0]!.items.forEach((first, i) => {
      let least = Infinity;
      let gpu1 = Infinity;
      let gpu2 = Infinity;
      let shared = false;
      let only = true;
      let cpu = false;
      for (const ctx of ctxs) {
        const it = ctx.items[i]!;
        for (const m of it.modes) {
          if (m === 'exclusive') {
            least = Math.min(least, it.gpuHours);
            gpu1 = Math.min(gpu1, it.gpuHours);
            gpu2 = Math.min(gpu2, it.gpuHours);
            only = false;
          } else if (m === 'shared') {
            least = Math.min(least, kappa * it.gpuHours);
            gpu1 = 0;
            gpu2 = Math.min(gpu2, B > 0 ? (kappa * it.gpuHours * it.card.vram_gb) / B : 0);
            shared = true;
          } else if (m === 'cpu') {
            least = Math.min(least, it.cpuHours);
            cpu = true;
            only = false;
          } else {
            const s = pick(it.overflow!);
            least = Math.min(least, s);
            gpu1 = Math.min(gpu1, s);
            gpu2 = Math.min(gpu2, s);
            only = false;
          }
        }
      }
      for (const s of splits[i] ?? []) {
        least = Math.min(least, pick(s.span));
        gpu1 = Math.min(gpu1, s.gpus.length * pick(s.span));
        gpu2 = Math.min(gpu2, s.gpus.length * pick(s.span));
        only = false;
      }
      if (least === Infinity) return;
      longest = Math.max(longest, least);
      if (shared && only) {
        packed.push(first);
        g2 += gpu2;
      } else if (!cpu) {
        g1 += gpu1;
        g2 += gpu2;
      } else if (gpu2 === Infinity) cpuLoad += first.coreHours;
      else flex.push({ bins: gpu1 / n, area: gpu2 / n, cpu: first.coreHours });
    });
    g1 += kappa * binIntegral(packed, B);
    return Math.max(relaxed(g1 / n, g2 / n, cpuLoad, flex, P), longest);
  };
  return { lo: end((s) => s.lo), hi: end((s) => s.hi) };
}

/** Windows of GPU k's one-GPU day on the bench's GPU k (names that say the GPU where they name no card). */
function onGpuWindows(ws: readonly WindowSpec[], k: number): WindowSpec[] {
  return ws.map((w) => {
    if (w.pattern === 'multi_gpu_split') return w;
    const named = w.pattern === 'fractional_coresidency' ? `${w.name} on GPU ${k}` : w.name;
    return { ...w, name: named, gpu: k };
  });
}

class Solver {
  readonly n: number;
  private readonly memo = new Map<string, SuggestedDay>();
  private readonly keys: string[];
  /** One-GPU solves done (cards in them, summed): the local search's budget. */
  spent = 0;
  constructor(
    readonly bench: Bench,
    readonly ctxs: readonly Context[],
    readonly cards: readonly CardInfo[],
    readonly one: OneGpuSolver,
    readonly groupNodes: number,
    /** Date.now() after which the search stops (Infinity: no time limit, a fixed amount of work). */
    readonly deadline: number,
  ) {
    this.n = gpuCount(bench.hardware);
    this.keys = Array.from({ length: this.n }, (_, k) => gpuKey(bench, k));
  }

  /** GPU k's best one-GPU day for these cards (by their places in `cards`). */
  group(k: number, members: readonly number[]): SuggestedDay {
    const key = `${this.keys[k]}|${members.join(',')}`;
    let s = this.memo.get(key);
    if (s === undefined) {
      s = this.one.suggest(
        onGpu(
          this.bench,
          k,
          members.map((i) => this.cards[i]!.card),
        ),
        this.deadline === Infinity
          ? { nodeLimit: this.groupNodes }
          : { nodeLimit: this.groupNodes, timeLimitMs: Math.max(20, (this.deadline - Date.now()) / (2 * this.n)) },
      );
      this.spent += members.length + 1;
      this.memo.set(key, s);
    }
    return s;
  }

  /** The day of an assignment: its windows, the groups' answers, and whether every card runs. */
  day(place: readonly Place[]): Day {
    const members: number[][] = Array.from({ length: this.n }, () => []);
    const splits: WindowSpec[] = [];
    place.forEach((p, i) => {
      if (typeof p === 'number') members[p]!.push(i);
      else {
        const c = this.cards[i]!.card;
        splits.push({
          name: `split: ${c.name}`,
          pattern: 'multi_gpu_split',
          model: c.name,
          gpus: [...p.gpus],
          headroom_gb: DEFAULT_HEADROOM_GB,
        });
      }
    });
    const groups = members.map((m, k) => (m.length === 0 ? null : this.group(k, m)));
    const complete = groups.every((g, k) => g === null || g.runs === members[k]!.length);
    const windows = [...splits, ...groups.flatMap((g, k) => (g === null ? [] : onGpuWindows(g.windows, k)))];
    return { place: [...place], groups, members, windows, complete, planned: null, ends: null, cardEnds: null };
  }

  /** Time a day (once): the planned day and when each GPU's last window ends, latest first. */
  time(d: Day): Span {
    if (d.planned === null) {
      const b: Bench = { ...this.bench, windows: d.windows };
      const t = timeDay(b, planBench(b));
      const ends = Array<number>(this.n).fill(0);
      const cardEnds = new Map<string, number>();
      for (const w of t.windows) {
        for (const k of w.gpus) ends[k] = Math.max(ends[k]!, w.end.hi);
        for (const j of w.jobs) cardEnds.set(j.name, Math.max(cardEnds.get(j.name) ?? 0, j.end.hi));
      }
      d.planned = t.planned;
      d.ends = ends;
      d.cardEnds = cardEnds;
    }
    return d.planned;
  }

  get late(): boolean {
    return this.deadline !== Infinity && Date.now() >= this.deadline;
  }

  /** When GPU k's last window ends in the day (upper end). */
  endOf(d: Day, k: number): number {
    this.time(d);
    return d.ends![k]!;
  }

  /**
   * a is better than b: it runs every card where b does not; then the objective's order
   * (upper end, lower end); the search also prefers, at equal days, GPUs that end earlier
   * (latest first: a move that shortens one of two GPUs ending together is progress); then
   * fewer windows.
   */
  better(a: Day, b: Day, search = false): boolean {
    if (a.complete !== b.complete) return a.complete;
    const pa = this.time(a);
    const pb = this.time(b);
    if (this.one.better(pa, 0, pb, 0)) return true;
    if (this.one.better(pb, 0, pa, 0)) return false;
    if (search) {
      const ea = [...a.ends!].sort((x, y) => y - x);
      const eb = [...b.ends!].sort((x, y) => y - x);
      for (let i = 0; i < ea.length; i++) {
        if (ea[i]! < eb[i]! - EPS) return true;
        if (ea[i]! > eb[i]! + EPS) return false;
      }
    }
    return a.windows.length < b.windows.length;
  }
}

interface Day {
  readonly place: Place[];
  readonly groups: readonly (SuggestedDay | null)[];
  readonly members: readonly (readonly number[])[];
  readonly windows: readonly WindowSpec[];
  /** Every group runs every card given it. */
  readonly complete: boolean;
  planned: Span | null;
  ends: number[] | null;
  /** When each card's run ends (upper end). */
  cardEnds: Map<string, number> | null;
}

/** A first assignment: longest first, each card to where the day's load grows least. */
function firstAssignment(cards: readonly CardInfo[], n: number): Place[] {
  const load = Array<number>(n).fill(0);
  const hasAnchor = Array<boolean>(n).fill(false);
  const place: Place[] = cards.map(() => 0);
  const heaviest = (c: CardInfo) => Math.min(...c.weight, ...c.splits.map((s) => s.span.hi * s.gpus.length));
  const order = cards.map((_, i) => i).sort((a, b) => heaviest(cards[b]!) - heaviest(cards[a]!) || a - b);
  // Splits first (they hold their GPUs from the start), then the rest; CPU work a handoff must host last.
  const late = (c: CardInfo) => c.on.length > 0 && c.on.every((k) => c.needsHandoff[k]);
  for (const pass of [0, 1] as const) {
    for (const i of order) {
      const c = cards[i]!;
      if (late(c) !== (pass === 1)) continue;
      const split = c.splits[0];
      const options = c.on.filter((k) => !c.needsHandoff[k] || hasAnchor[k]);
      let best = -1;
      let bestLoad = Infinity;
      for (const k of options.length > 0 ? options : c.on) {
        const w = Number.isFinite(c.weight[k]!) ? c.weight[k]! : 0;
        const l = load[k]! + w;
        if (l < bestLoad - EPS) {
          best = k;
          bestLoad = l;
        }
      }
      if (split !== undefined && (best < 0 || split.span.hi < (c.weight[best] ?? Infinity) * 0.999)) {
        place[i] = split;
        for (const k of split.gpus) load[k]! += split.span.hi;
        continue;
      }
      place[i] = best;
      load[best]! += Number.isFinite(c.weight[best]!) ? c.weight[best]! : 0;
      if (c.anchors[best]) hasAnchor[best] = true;
    }
  }
  return place;
}

/**
 * A second first assignment: the one-GPU optimiser's day for the cards GPU `k` runs, its
 * windows dealt to the GPUs longest first, each to the GPU that ends first among those that
 * run all its cards (the other cards as `base` places them).
 */
function dealWindows(s: Solver, base: readonly Place[], k: number): Place[] | null {
  const idx = s.cards.flatMap((c, i) => (typeof base[i] === 'number' && c.on.includes(k) ? [i] : []));
  if (idx.length === 0) return null;
  const sub = onGpu(
    s.bench,
    k,
    idx.map((i) => s.cards[i]!.card),
  );
  const one = s.one.suggest(sub, { nodeLimit: 2_000 });
  s.spent += idx.length;
  const withWindows: Bench = { ...sub, windows: one.windows };
  const t = timeDay(withWindows, planBench(withWindows));
  const byName = new Map(idx.map((i) => [s.cards[i]!.card.name, i] as const));
  const place = [...base];
  const load = Array<number>(s.n).fill(0);
  for (const p of base) if (typeof p !== 'number') for (const g of p.gpus) load[g]! += p.span.hi;
  const order = one.windows.map((w, i) => ({ cards: windowCardNames(w), hours: t.windows[i]!.hours.hi }));
  order.sort((a, b) => b.hours - a.hours);
  for (const w of order) {
    const members = w.cards.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
    let best = k;
    for (let g = 0; g < s.n; g++)
      if (members.every((i) => s.cards[i]!.on.includes(g)) && load[g]! < load[best]! - EPS) best = g;
    load[best]! += w.hours;
    for (const i of members) place[i] = best;
  }
  return place;
}

/** Every card's places: its GPUs, then its splits. */
const placesOf = (c: CardInfo): Place[] => [...c.on, ...c.splits];

/**
 * Every assignment (GPUs that plan alike taken in order: the first card on one of them takes
 * the lowest), best first found kept; the bound is the least, over the assignments, of the
 * longest GPU's splits plus its group's one-GPU bound. Null when there are too many.
 */
function enumerate(
  s: Solver,
  limit: number,
  onProgress?: (done: number) => void,
): { best: Day | null; bound: Span | null; complete: boolean } | null {
  const cards = s.cards;
  let count = 1;
  for (const c of cards) count *= placesOf(c).length;
  if (cards.length > EXACT_GPU_CARDS || count > Math.min(limit, EXACT_ASSIGNMENTS)) return null;
  const n = s.n;
  const keys = Array.from({ length: n }, (_, k) => gpuKey(s.bench, k));
  // A GPU alike to a lower one may take a card only once that lower one has one.
  const twinBefore = keys.map((key, k) => (n > 4 ? -1 : keys.slice(0, k).lastIndexOf(key)));
  // The per-assignment bound is sound when every span is a point (docs/suggest.md).
  const points = cards.every(
    (c) =>
      c.splits.every((o) => o.span.lo === o.span.hi) &&
      c.on.every((k) => {
        const ov = s.ctxs[k]!.items[c.index]!.overflow;
        return ov === null || ov.lo === ov.hi;
      }),
  );
  let best: Day | null = null;
  let bound: number | null = null;
  const place: Place[] = [];
  const used = Array<number>(n).fill(0);
  let done = 0;
  let aborted = false;
  const visit = (i: number): void => {
    if (aborted) return;
    if (i === cards.length) {
      done++;
      if (s.late) aborted = true;
      if (onProgress !== undefined && (done & 31) === 0) onProgress(Math.min(0.95, 0.3 + (0.65 * done) / count));
      const d = s.day(place);
      if (!d.complete) return;
      // The bound of this assignment: each GPU's splits and its group's own bound, one after another.
      let hi = 0;
      for (let k = 0; k < n; k++) {
        let g = d.groups[k]?.lowerBound.hi ?? 0;
        for (const p of place) if (typeof p !== 'number' && p.gpus.includes(k)) g += p.span.hi;
        hi = Math.max(hi, g);
      }
      if (bound === null || hi < bound) bound = hi;
      // Nothing here can beat the best day found: no need to time it.
      if (best !== null && hi > s.time(best).hi + EPS) return;
      if (best === null || s.better(d, best)) best = d;
      return;
    }
    for (const p of placesOf(cards[i]!)) {
      if (typeof p === 'number' && twinBefore[p]! >= 0 && used[twinBefore[p]!] === 0) continue;
      place.push(p);
      if (typeof p === 'number') used[p]!++;
      visit(i + 1);
      if (typeof p === 'number') used[p]!--;
      place.pop();
    }
  };
  visit(0);
  return { best, bound: points && bound !== null && !aborted ? { lo: bound, hi: bound } : null, complete: !aborted };
}

/**
 * Moves kept when the day gets better (at equal days: when the GPUs that end last end
 * earlier): one card to another place, or two cards of two GPUs swapped; the cards of the
 * GPUs that end last first; within a budget of one-GPU work.
 */
function improve(s: Solver, start: Day, budget: number): Day {
  let cur = start;
  const endOf = (d: Day, p: Place) =>
    typeof p === 'number' ? s.endOf(d, p) : Math.max(...p.gpus.map((k) => s.endOf(d, k)));
  const attempt = (next: Place[]): boolean => {
    const d = s.day(next);
    if (!s.better(d, cur, true)) return false;
    cur = d;
    return true;
  };
  for (let pass = 0; pass < 50; pass++) {
    let moved = false;
    s.time(cur);
    // Every card whose run ends with the day leaves the GPUs that end last together (ties need them all to move).
    const lastEnd = Math.max(...cur.ends!);
    const critical = s.cards.flatMap((c, i) => {
      const p = cur.place[i]!;
      return typeof p === 'number' && (cur.cardEnds!.get(c.card.name) ?? 0) >= lastEnd - EPS ? [i] : [];
    });
    if (critical.length > 1) {
      const ends = [...cur.ends!];
      const next = [...cur.place];
      for (const i of critical) {
        const c = s.cards[i]!;
        let to = -1;
        for (const k of c.on) if (k !== cur.place[i] && (to < 0 || ends[k]! < ends[to]!)) to = k;
        if (to < 0) continue;
        next[i] = to;
        ends[to]! += Number.isFinite(c.weight[to]!) ? c.weight[to]! : 0;
      }
      if (s.spent <= budget && attempt(next)) continue;
    }
    const order = s.cards
      .map((_, i) => i)
      .sort((a, b) => endOf(cur, cur.place[b]!) - endOf(cur, cur.place[a]!) || a - b);
    const latest = endOf(cur, cur.place[order[0]!]!);
    for (const i of order) {
      if (s.spent > budget || s.late) return cur;
      const here = cur.place[i]!;
      // Only the cards of the GPUs that end last can shorten the day.
      if (endOf(cur, here) < latest - EPS) break;
      for (const p of placesOf(s.cards[i]!)) {
        if (p === here) continue;
        const next = [...cur.place];
        next[i] = p;
        if (attempt(next)) {
          moved = true;
          break;
        }
        if (s.spent > budget || s.late) return cur;
      }
      if (moved) break;
      // A swap with a card of another GPU that may run here.
      if (typeof here !== 'number') continue;
      for (const j of order) {
        const there = cur.place[j]!;
        if (typeof there !== 'number' || there === here) continue;
        if (!s.cards[i]!.on.includes(there) || !s.cards[j]!.on.includes(here)) continue;
        const next = [...cur.place];
        next[i] = there;
        next[j] = here;
        if (attempt(next)) {
          moved = true;
          break;
        }
        if (s.spent > budget || s.late) return cur;
      }
      if (moved) break;
    }
    if (!moved) break;
  }
  return cur;
}

/** The cards on each GPU: each GPU's one-GPU model, each card's places, the cards that cannot run. */
interface GpusModel {
  readonly ctxs: readonly Context[];
  readonly cards: readonly CardInfo[];
  /** Each bench card's splits (by its index among the bench's cards). */
  readonly splitsByCard: readonly (readonly SplitOption[])[];
  readonly unplaced: readonly UnplacedCard[];
  /** The GPU with the most VRAM (ties: the lower index). */
  readonly largest: number;
}

/**
 * nvinx's ram_overflow accepts a GPU whose budget (VRAM − headroom) is 0: the model then sits
 * wholly in RAM, the GPU holding no part of it. On one GPU that is nvinx's decision and stays; on
 * several, a card that some GPU can hold a part of never overflows onto a GPU that holds none
 * (which would be a CPU run by another name, made to look like a second GPU's work).
 */
function withoutEmptyOverflows(ctxs: readonly Context[]): Context[] {
  const holds = ctxs.map((c) => c.budget > 0);
  if (holds.every(Boolean) || !holds.some(Boolean)) return [...ctxs];
  const overflowsOnAHolder = ctxs[0]!.items.map((_, i) =>
    ctxs.some((c, k) => holds[k] && c.items[i]!.modes.includes('overflow')),
  );
  return ctxs.map((c, k) =>
    holds[k]
      ? c
      : {
          ...c,
          items: c.items.map((it, i) =>
            overflowsOnAHolder[i] ? { ...it, modes: it.modes.filter((m) => m !== 'overflow') } : it,
          ),
        },
  );
}

function modelOnGpus(bench: Bench): GpusModel {
  const hw = bench.hardware;
  const n = gpuCount(hw);
  const ctxs = withoutEmptyOverflows(Array.from({ length: n }, (_, k) => modelOf(onGpu(bench, k, bench.models))));
  const largest = gpusOf(hw)
    .map((g, k) => [g.vram_gb, k] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])[0]![1];
  const cards: CardInfo[] = [];
  const splitsByCard: SplitOption[][] = [];
  const unplaced: UnplacedCard[] = [];
  bench.models.forEach((card, index) => {
    const items = ctxs.map((c) => c.items[index]!);
    const on = items.flatMap((it, k) => (it.modes.length > 0 ? [k] : []));
    const onGpuAtAll = items.some((it) => it.modes.includes('exclusive') || it.modes.includes('shared'));
    // multiGpuSplit refuses the rest with the reason (no ram_overflow_supported, too big for the RAM).
    const splittable = !onGpuAtAll && (card.residency === 'GPU_EXCLUSIVE' || card.residency === 'GPU_RAM_OVERFLOW');
    const sp = splittable ? splitsOf(bench, card) : { options: [], why: null };
    splitsByCard.push(sp.options);
    if (on.length === 0 && sp.options.length === 0) {
      const why = ctxs[largest]!.unrunnable.find((u) => u.name === card.name)?.reason ?? `${card.name} cannot run`;
      unplaced.push({
        name: card.name,
        reason:
          `${why} (on GPU ${largest}, the largest of ${n})` +
          (sp.why === null ? '' : `; multi_gpu_split refuses it: ${sp.why}`),
      });
      return;
    }
    cards.push({
      index,
      card,
      on,
      splits: sp.options,
      weight: items.map((it, k) => {
        if (it.modes.length === 0) return Infinity;
        if (it.modes[0] === 'exclusive') return it.gpuHours;
        if (it.modes[0] === 'shared')
          return ctxs[k]!.budget > 0 ? (it.gpuHours * it.card.vram_gb) / ctxs[k]!.budget : it.gpuHours;
        if (it.modes[0] === 'overflow') return it.overflow!.hi;
        return it.coreHours / ctxs[k]!.cores;
      }),
      needsHandoff: items.map(
        (it, k) =>
          it.modes.length > 0 &&
          it.modes.every((m) => m === 'cpu') &&
          (it.cpuHost === 'handoff' || !ctxs[k]!.hasCoresidency),
      ),
      anchors: items.map((it) => it.modes.includes('exclusive')),
    });
  });
  return { ctxs, cards, splitsByCard, unplaced, largest };
}

/**
 * The lower bound of a bench of several GPUs (`lowerBoundOnGpus` on its model).
 * @internal exported for the property tests of the bound against brute force.
 */
export function boundOnGpus(bench: Bench): Span {
  const m = modelOnGpus(bench);
  return lowerBoundOnGpus(m.ctxs, m.splitsByCard);
}

/** Suggest the day's windows on a bench with several GPUs (suggest.ts sends it here). */
export function suggestOnGpus(bench: Bench, options: SuggestOptions, one: OneGpuSolver): SuggestedDay {
  const hw = bench.hardware;
  const n = gpuCount(hw);
  const { ctxs, cards, splitsByCard, unplaced, largest } = modelOnGpus(bench);
  const bound0 = lowerBoundOnGpus(ctxs, splitsByCard);
  const deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
  const solver = new Solver(bench, ctxs, cards, one, GROUP_NODES, deadline);
  const nodeLimit = options.nodeLimit ?? 200_000;
  let label = 'an assignment of cards to GPUs (longest first, to the GPU whose day grows least), improved by moves';
  let best: Day;
  let bound = bound0;
  let proved = false;
  const exact = enumerate(solver, nodeLimit, options.onProgress);
  if (exact !== null && exact.best !== null) {
    best = exact.best;
    label = exact.complete
      ? 'trying every assignment of cards to GPUs, each GPU’s cards by the one-GPU optimiser'
      : 'trying assignments of cards to GPUs until the time limit, each GPU’s cards by the one-GPU optimiser';
    if (exact.bound !== null) {
      bound = {
        lo: Math.max(bound0.lo, Math.min(exact.bound.lo, solver.time(best).lo)),
        hi: Math.max(bound0.hi, exact.bound.hi),
      };
    }
  } else {
    const greedy = firstAssignment(cards, n);
    let first = solver.day(greedy);
    const dealt = dealWindows(solver, greedy, largest);
    if (dealt !== null) {
      const d = solver.day(dealt);
      if (solver.better(d, first, true)) first = d;
    }
    options.onProgress?.(0.5);
    best = improve(solver, first, solver.spent + Math.min(40 * cards.length + 400, 4000));
  }
  const planned = solver.time(best);
  proved = best.complete && planned.hi <= bound.hi + EPS && planned.lo <= bound.lo + EPS;
  if (proved) bound = { lo: Math.min(bound.lo, planned.lo), hi: planned.hi };
  options.onProgress?.(1);
  const runs = cards.length;
  const total = bench.models.length;
  const reasons = [
    `Runs ${runs === total ? `all ${plural(runs, 'card')}` : `${runs} of ${plural(total, 'card')}`}` +
      ` in ${plural(best.windows.length, 'window')} on ${n} GPUs: a planned day of ${formatSpan(planned)}.`,
    one.closeness(planned, bound, proved),
    `Found by ${label}${proved ? ', proved against the bound' : ''}.`,
  ];
  return {
    windows: best.windows,
    unplaced: [...unplaced, ...(best.complete ? [] : notRunIn(best))],
    runs: best.complete ? runs : runs - notRunIn(best).length,
    planned,
    lowerBound: bound,
    optimal: proved,
    reasons,
  };
}

/** Cards a group could not run (never expected: a card is given only to a GPU that runs it). */
function notRunIn(d: Day): UnplacedCard[] {
  const out: UnplacedCard[] = [];
  d.groups.forEach((g, k) => {
    if (g === null) return;
    for (const u of g.unplaced) out.push({ name: u.name, reason: `${u.reason} (on GPU ${k})` });
  });
  return out;
}
