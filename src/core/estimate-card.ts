/**
 * How a VRAM estimate or a measurement becomes a card's fields, and what the estimate panel
 * says about it: the figure a card takes (the total rounded up), the system RAM a model needs
 * (nvinx's `ram_gb_needed`: the whole footprint for a model that may spill, the VRAM and RAM
 * parts for one with experts in RAM), what a large estimate means for the bench and what would
 * shrink it, and how far the estimate can be trusted. The panel draws these; it decides none.
 */
import type { CardPatch } from './edits';
import { expertsSplitOf, footprintOf, QUICK_ESTIMATE_FROM, vramGbOf, type Footprint } from './footprint';
import { expertsInRamSlowdown, type Bandwidths, type StyleEstimate } from './overflow-time';
import type { Confidence, ModelCard, VramEstimate } from './types';

/** An estimate worked out: its breakdown and the figures a card would take from it. */
export type EstimateOutcome =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      readonly footprint: Footprint;
      /** The VRAM figure a card takes: the total, rounded up to the next 0.01 GB. */
      readonly vramGb: number;
      /** Experts placed in RAM: the system RAM the model needs (its VRAM part and its RAM part), else null. */
      readonly ramGb: number | null;
      /** Experts placed in RAM: the time per token they cost, from the bench's bandwidths (null without them). */
      readonly slowdown: StyleEstimate | null;
    };

/** Work out an estimate for a bench with these bandwidths. */
export function estimateOutcome(e: VramEstimate, bandwidths: Bandwidths): EstimateOutcome {
  const r = footprintOf(e);
  if ('error' in r) return { ok: false, error: r.error };
  const f = r.footprint;
  const split = expertsSplitOf(e, f);
  return {
    ok: true,
    footprint: f,
    vramGb: vramGbOf(f.totalGb),
    ramGb: f.ram === null ? null : vramGbOf(f.totalGb + f.ramGb),
    slowdown: split === null ? null : expertsInRamSlowdown(split, bandwidths),
  };
}

type SpillCard = Pick<ModelCard, 'ram_overflow_supported'>;

/**
 * The `ram_gb_needed` a card takes with a new VRAM figure: the estimate's RAM need when its
 * experts sit in RAM; else, for a model that may spill to RAM, its whole footprint (nvinx's
 * `ram_gb_needed` is the total, not the part beyond VRAM); else it is left as it is (undefined).
 * @internal exported for its test: the rule `takeEstimate` and `takeMeasured` apply.
 */
export function ramNeededWith(card: SpillCard, vramGb: number, ramGb: number | null = null): number | undefined {
  if (ramGb !== null) return ramGb;
  return card.ram_overflow_supported ? vramGb : undefined;
}

/** A card's fields once it takes a figure, and the sentence that says so. */
export interface FigureUse {
  readonly patch: CardPatch;
  readonly said: string;
}

const withRamNeeded = (gb: number | undefined): CardPatch => (gb === undefined ? {} : { ram_gb_needed: gb });

/** The card takes the estimate: its figure, the estimate itself (its inputs and source), and the RAM it needs. */
export function takeEstimate(
  card: SpillCard & Pick<ModelCard, 'name'>,
  e: VramEstimate,
  o: Extract<EstimateOutcome, { ok: true }>,
): FigureUse {
  return {
    patch: {
      vram_gb: o.vramGb,
      vram_source: 'estimated',
      vram_estimate: e,
      ...withRamNeeded(ramNeededWith(card, o.vramGb, o.ramGb)),
    },
    said: `${card.name} now plans with ${o.vramGb} GB, estimated from ${e.from}.`,
  };
}

/** The card takes a measured figure (which wins over the estimate, kept beside it). */
export function takeMeasured(card: SpillCard & Pick<ModelCard, 'name'>, gb: number, e: VramEstimate | null): FigureUse {
  return {
    patch: {
      vram_gb: gb,
      vram_source: 'measured',
      ...(e === null ? {} : { vram_estimate: e }),
      ...withRamNeeded(ramNeededWith(card, gb)),
    },
    said: `${card.name} now plans with ${gb} GB, measured.`,
  };
}

/** What taking a figure does to the card's RAM need, for the button that takes it ('' when nothing). */
export function ramNeededWords(card: SpillCard, ramGb: number | null = null): string {
  if (ramGb !== null) return `, ${ramGb} GB as RAM needed`;
  return card.ram_overflow_supported ? ', also as RAM needed' : '';
}

/** What a large estimate means for this bench (its VRAM in GB), and what would shrink it; empty when nothing. */
export function estimateAdvice(e: VramEstimate, f: Footprint, vramGb: number, benchVramGb: number): string[] {
  const lines: string[] = [];
  if (e.training !== undefined && f.activationsGb > f.weightsGb) {
    const ways = [
      e.gradient_checkpointing === true ? null : 'gradient checkpointing',
      e.flash_attention === true ? null : 'flash attention',
      'a shorter context or a smaller batch',
    ].filter((x) => x !== null);
    lines.push(`Most of this is activations (${f.activationsGb.toFixed(1)} GB): ${ways.join(', ')} would cut them.`);
  }
  if (vramGb > benchVramGb)
    lines.push(
      `${vramGb} GB is more than this bench’s ${benchVramGb} GB of VRAM: the card will not fit a window unless it may spill to RAM (ram_overflow).`,
    );
  return lines;
}

/** How far an estimate can be trusted: its own confidence, else approximate for parameters × dtype (undefined: not said). */
export function confidenceOf(e: VramEstimate): Confidence | undefined {
  return e.confidence ?? (e.from === QUICK_ESTIMATE_FROM ? 'approximate' : undefined);
}

/** What each confidence means, in words. */
export const CONFIDENCE_WORDS: Readonly<Record<Confidence, string>> = {
  exact: 'exact: the weights’ bytes were read from the file',
  counted: 'counted: an architecture the reader knows, counted from its config',
  approximate: 'approximate: read as a generic decoder, or a part could not be counted (see the notes)',
};
