/**
 * The bench's cross-field rules, in one place: the rules that compare one field with
 * another (names unique and not blank, references to cards that exist, a card's cores
 * within the bench's, a card in two windows). The reader, the store's commit and the
 * editors all ask this check, so what the editors accept is exactly what a reload, a
 * share link or an export reads back. Linear in the size of the bench.
 */
import { footprintOf, vramGbOf } from './footprint';
import { gpuCount, windowGpus } from './bench-gpus';
import type { Bench, ModelCard, WindowSpec } from './types';
import { windowCardNames } from './day';

export type CheckPath = readonly (string | number)[];

export type BenchProblemCode =
  | 'blank_name'
  | 'duplicate_card'
  | 'duplicate_window'
  | 'missing_card'
  | 'repeated_candidate'
  | 'cores_over_bench'
  | 'card_in_two_windows'
  | 'job_is_candidate'
  | 'name_spaces'
  | 'invisible_chars'
  | 'overflow_refused'
  | 'overflow_surprise'
  | 'estimate_differs'
  | 'estimate_missing'
  | 'unknown_gpu';

export interface BenchProblem {
  /** Errors are never committed nor imported; warnings are said and kept. */
  readonly severity: 'error' | 'warning';
  readonly code: BenchProblemCode;
  /** Where, in the bench document's terms (`models[2].name`, `windows[0].candidates[3]`). */
  readonly path: CheckPath;
  /** A predicate that reads after the path: `is 12, more than the bench's 8 CPU cores`. */
  readonly message: string;
  /** The card the problem is about, where it is about one. */
  readonly card?: string;
  /**
   * With `card`: problems with the same group are one problem about different cards (the same
   * rule, in the same list, in the same words but for the card), which a report may say at once.
   */
  readonly group?: string;
}

/** The path inside the window of its `i`-th card name (`windowCardNames`), after `before` (the window's own path). */
function refPath(w: WindowSpec, i: number, before: (string | number)[] = []): CheckPath {
  if (w.pattern === 'serial_handoff') {
    if (i === 0) before.push('gpu_job');
    else before.push('candidates', i - 1);
  } else if (w.pattern === 'fractional_coresidency') before.push('candidates', i);
  else before.push('model');
  return before;
}

/** Every card name a window refers to, with its path inside the window. */
export function windowRefs(w: WindowSpec): { name: string; at: CheckPath }[] {
  return windowCardNames(w).map((name, i) => ({ name, at: refPath(w, i) }));
}

const quote = (s: string) => JSON.stringify(s);

/**
 * What a name may hold that shows nothing or changes how what follows is shown: Unicode's format
 * characters (Cf: the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
 * the marks U+200E/U+200F, zero-width spaces and joiners, the BOM U+FEFF, the soft hyphen, the
 * tag characters) and the line and paragraph separators. A name holding one displays
 * differently from what it is ("abc" may read "cba", or look like another card's name). The
 * zero-width joiner and non-joiner between two characters that are not ASCII are writing, not
 * hiding: they join an emoji ("👩‍💻") and keep Persian letters apart ("می‌خواهم").
 */
const INVISIBLE =
  /(?![\u200c\u200d])[\p{Cf}\u2028\u2029]|(?<=^|[\0-\x7f])[\u200c\u200d]|[\u200c\u200d](?=$|[\0-\x7f])/gu;

/** Each invisible character of `s`, once, as `U+202E`. */
export function invisibleIn(s: string): string[] {
  const out = new Set<string>();
  for (const m of s.matchAll(INVISIBLE))
    out.add(`U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return [...out];
}

/** A character's escape: `\u001b`, `\u202e`, or `\u{e0041}` beyond the first plane. */
export function escapeChar(c: string): string {
  const n = c.codePointAt(0)!;
  return n > 0xffff ? `\\u{${n.toString(16)}}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** `s` with each invisible character written as its escape (`\u202e`, `\u{e0041}`): what it is, shown. */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, escapeChar);
}

/** The warning on a name that holds invisible characters, or null. */
function invisibleWarning(name: string): string | null {
  const found = invisibleIn(name);
  if (found.length === 0) return null;
  return (
    `${showInvisible(quote(name))} holds invisible or direction-changing characters (${found.join(', ')}): ` +
    'it displays differently from what it is; kept as written'
  );
}

/** The group of a card's problem (`BenchProblem.group`): its rule and what else it shares with the others. */
const groupOf = (code: BenchProblemCode, shared: string) => `${code}\u0000${shared}`;

/** A card that says its VRAM was estimated, when the estimate does not say the same. */
function estimateProblem(
  m: ModelCard,
): { code: BenchProblemCode; field: 'vram_gb' | 'vram_estimate' | 'vram_source'; message: string } | null {
  const e = m.vram_estimate;
  if (e === undefined)
    return m.vram_source === 'estimated'
      ? { code: 'estimate_missing', field: 'vram_source', message: 'is estimated, but the card keeps no vram_estimate' }
      : null;
  const r = footprintOf(e);
  if ('error' in r)
    return { code: 'estimate_missing', field: 'vram_estimate', message: `cannot be estimated: ${r.error}` };
  const total = vramGbOf(r.footprint.totalGb);
  if (m.vram_source === 'estimated' && total !== m.vram_gb)
    return {
      code: 'estimate_differs',
      field: 'vram_gb',
      message: `is ${m.vram_gb} GB, but its estimate (from ${e.from}) totals ${total} GB; it is planned as written`,
    };
  return null;
}

/** A card's field that makes nvinx's ram_overflow refuse it, or do what one would not expect. */
export interface OverflowProblem {
  readonly code: 'overflow_refused' | 'overflow_surprise';
  readonly field: 'ram_overflow_supported' | 'ram_gb_needed';
  /** A predicate that reads after the field: `is not true on a GPU_RAM_OVERFLOW card: …`. */
  readonly message: string;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * What nvinx 0.1's `ram_overflow` does with a card spilled to RAM (a GPU_RAM_OVERFLOW card, or
 * one a ram_overflow window names), said on the field to change: it refuses a card without
 * `ram_overflow_supported`, without `ram_gb_needed`, or needing more RAM than the bench has; and
 * it takes `ram_gb_needed` as the whole footprint, so one below `vram_gb` gives a split smaller
 * than the model. On several GPUs only the first rule (such a card may be split across the GPUs
 * instead; `day.ts`).
 */
export function overflowProblems(m: ModelCard, hardware: Bench['hardware'], spilled: boolean): OverflowProblem[] {
  if (!spilled) return [];
  const refused = "nvinx's ram_overflow refuses the card, so its window plans nothing";
  if (!m.ram_overflow_supported)
    return [
      {
        code: 'overflow_refused',
        field: 'ram_overflow_supported',
        message: `is not true on a card spilled to RAM (${m.residency === 'GPU_RAM_OVERFLOW' ? 'GPU_RAM_OVERFLOW' : 'a ram_overflow window'}): ${refused}`,
      },
    ];
  if (gpuCount(hardware) > 1) return [];
  const need = m.ram_gb_needed;
  if (need === null)
    return [
      {
        code: 'overflow_refused',
        field: 'ram_gb_needed',
        message: `is not given (the whole footprint in GB): ${refused}`,
      },
    ];
  if (need > hardware.ram_gb)
    return [
      {
        code: 'overflow_refused',
        field: 'ram_gb_needed',
        message: `is ${fmt(need)} GB, more than the bench's ${fmt(hardware.ram_gb)} GB of RAM: ${refused}`,
      },
    ];
  if (need < m.vram_gb)
    return [
      {
        code: 'overflow_surprise',
        field: 'ram_gb_needed',
        message:
          `is ${fmt(need)} GB, less than the card's vram_gb (${fmt(m.vram_gb)} GB): nvinx takes it as the whole ` +
          `footprint, so its max_memory split holds ${fmt(need)} GB, not ${fmt(m.vram_gb)}`,
      },
    ];
  return [];
}

/** The cards nvinx's ram_overflow would take: GPU_RAM_OVERFLOW cards and those a ram_overflow window names. */
export function spilledCards(bench: {
  readonly models: readonly ModelCard[];
  readonly windows?: readonly WindowSpec[] | undefined;
}): Set<string> {
  const out = new Set<string>();
  for (const m of bench.models) if (m.residency === 'GPU_RAM_OVERFLOW') out.add(m.name);
  for (const w of bench.windows ?? []) if (w.pattern === 'ram_overflow') out.add(w.model);
  return out;
}

/** Check the cross-field rules of a bench. Problems come in document order. */
export function checkBench(bench: Pick<Bench, 'hardware' | 'models' | 'windows' | 'name'>): BenchProblem[] {
  const out: BenchProblem[] = [];
  const error = (code: BenchProblemCode, path: CheckPath, message: string) =>
    out.push({ severity: 'error', code, path, message });
  const warn = (code: BenchProblemCode, path: CheckPath, message: string) =>
    out.push({ severity: 'warning', code, path, message });
  /** A card's warning, one of `group` (`groupOf`: said in the same words for each card). */
  const warnCard = (code: BenchProblemCode, path: CheckPath, message: string, card: string, group: string) =>
    out.push({ severity: 'warning', code, path, message, card, group });

  /**
   * Each card name: its first card (index), the first window that names it and the last window
   * that named it (-1: none yet), so that each name a window lists costs one look-up.
   */
  const cards = new Map<string, { readonly index: number; firstWindow: number; lastWindow: number }>();
  const spilled = spilledCards(bench);
  bench.models.forEach((m, i) => {
    const trimmed = m.name.trim();
    if (trimmed === '') error('blank_name', ['models', i, 'name'], 'must not be empty');
    else if (trimmed !== m.name)
      warn('name_spaces', ['models', i, 'name'], `${quote(m.name)} has spaces at its start or end; kept as written`);
    const hidden = invisibleWarning(m.name);
    if (hidden !== null) warn('invisible_chars', ['models', i, 'name'], hidden);
    const first = cards.get(m.name);
    if (first !== undefined)
      error(
        'duplicate_card',
        ['models', i, 'name'],
        `${quote(m.name)} is already the name of models[${first.index}]; names must be unique`,
      );
    else cards.set(m.name, { index: i, firstWindow: -1, lastWindow: -1 });
    const est = estimateProblem(m);
    if (est !== null) warnCard(est.code, ['models', i, est.field], est.message, m.name, groupOf(est.code, est.message));
    for (const o of overflowProblems(m, bench.hardware, spilled.has(m.name)))
      warnCard(o.code, ['models', i, o.field], o.message, m.name, groupOf(o.code, o.message.replace(/ \(.*?\)/, '')));
    if (m.cores !== undefined && m.cores > bench.hardware.cpu_cores) {
      warnCard(
        'cores_over_bench',
        ['models', i, 'cores'],
        `is ${m.cores}, more than the bench's ${bench.hardware.cpu_cores} CPU cores; the day gives it all ${bench.hardware.cpu_cores}`,
        m.name,
        groupOf('cores_over_bench', String(m.cores)),
      );
    }
  });

  const windows = bench.windows ?? [];
  const windowNames = new Map<string, number>();
  const alsoIn: string[] = [];
  windows.forEach((w, k) => {
    const wp = ['windows', k] as const;
    if (w.name.trim() === '') error('blank_name', [...wp, 'name'], 'must not be empty');
    const hidden = invisibleWarning(w.name);
    if (hidden !== null) warn('invisible_chars', [...wp, 'name'], hidden);
    const first = windowNames.get(w.name);
    if (first !== undefined)
      error(
        'duplicate_window',
        [...wp, 'name'],
        `${quote(w.name)} is already the name of windows[${first}]; window names must be unique`,
      );
    else windowNames.set(w.name, k);
    // A window on a GPU the bench lacks (issue 18): an error; a restore moves it to GPU 0.
    const gpus = gpuCount(bench.hardware);
    const range = gpus === 1 ? 'only GPU 0' : `GPUs 0–${gpus - 1}`;
    if (w.pattern === 'multi_gpu_split') {
      w.gpus.forEach((g, j) => {
        if (g >= gpus) error('unknown_gpu', [...wp, 'gpus', j], `is GPU ${g}, but the bench has ${range}`);
      });
    } else if (w.gpu !== undefined && w.gpu >= gpus) {
      error('unknown_gpu', [...wp, 'gpu'], `is GPU ${w.gpu}, but the bench has ${range}`);
    }
    const job = w.pattern === 'serial_handoff' ? w.gpu_job : null;
    const names = windowCardNames(w);
    // A name's path is put together only for a problem (a 10,000-card day names most cards once).
    const path = (i: number) => refPath(w, i, ['windows', k]);
    // This window's group of cards another window runs too, by that window.
    const groupIn: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const card = cards.get(name);
      if (card === undefined) {
        error('missing_card', path(i), `names ${quote(name)}, but no model card has that name`);
        continue;
      }
      if (card.lastWindow === k) {
        if (name === job)
          warn('job_is_candidate', path(i), `names ${quote(name)}, the window's GPU job, as a candidate too`);
        else error('repeated_candidate', path(i), `names ${quote(name)} twice; a card runs once per window`);
        continue;
      }
      card.lastWindow = k;
      const other = card.firstWindow;
      if (other < 0) card.firstWindow = k;
      else {
        // The other window's words are put together once (a day may name thousands of cards twice).
        const also = (alsoIn[other] ??=
          `, which window ${quote(windows[other]!.name)} runs too: it runs in both windows (twice in the day)`);
        const group = (groupIn[other] ??= groupOf('card_in_two_windows', `${k}\u0000${other}`));
        warnCard('card_in_two_windows', path(i), `names ${quote(name)}${also}`, name, group);
      }
    }
  });
  return out;
}

/** True when the bench breaks no cross-field rule that would stop it being saved or read. */
export function hasErrors(problems: readonly BenchProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Per window (by index), the cards an earlier window runs too: the check's own warnings. */
export function runTwiceByWindow(bench: Pick<Bench, 'hardware' | 'models' | 'windows'>): string[][] {
  const out: string[][] = (bench.windows ?? []).map(() => []);
  for (const p of checkBench(bench))
    if (p.code === 'card_in_two_windows' && typeof p.path[1] === 'number' && p.card !== undefined)
      out[p.path[1]]!.push(p.card);
  return out;
}

/** The indexes of the cards that ask for more cores than the bench has: the check's own warnings. */
export function cardsOverCores(bench: Pick<Bench, 'hardware' | 'models'>): Set<number> {
  const out = new Set<number>();
  for (const p of checkBench(bench))
    if (p.code === 'cores_over_bench' && typeof p.path[1] === 'number') out.add(p.path[1]);
  return out;
}

/**
 * On a bench whose windows are its own (not composed), the cards no window names: the day
 * never runs them, and nothing else says so where the card is. A composed day's leftovers
 * have their own reasons (plan.unplaced).
 */
export function cardsInNoWindow(bench: {
  readonly models: readonly ModelCard[];
  readonly windows?: readonly WindowSpec[] | undefined;
}): Set<string> {
  const out = new Set<string>();
  if (bench.windows === undefined) return out;
  const named = new Set<string>();
  for (const w of bench.windows) for (const n of windowCardNames(w)) named.add(n);
  for (const m of bench.models) if (!named.has(m.name)) out.add(m.name);
  return out;
}

/**
 * On a bench of several GPUs whose windows are its own, the GPUs (by index) no window runs on:
 * they sit idle all day. None on one GPU, or on a composed day (which uses every GPU it can).
 */
export function gpusWithNoWindow(bench: {
  readonly hardware: Bench['hardware'];
  readonly windows?: readonly WindowSpec[] | undefined;
}): number[] {
  const n = gpuCount(bench.hardware);
  if (bench.windows === undefined || n < 2) return [];
  const used = new Set<number>();
  for (const w of bench.windows) for (const k of windowGpus(w)) used.add(k);
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (!used.has(k)) out.push(k);
  return out;
}
