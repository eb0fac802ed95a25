import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Bench, CaseStudyInfo, CoresidencyWindow, Hardware, ModelCard, VramEstimate } from '../core/types';
import { EMPTY_BENCH, NEW_CARD } from '../core/defaults';
import {
  allKeysOf,
  BENCH_KEYS,
  CASE_STUDY_FIELDS,
  ESTIMATE_FIELDS,
  HARDWARE_FIELDS,
  MODEL_FIELDS,
  tableOf,
  WINDOW_FIELDS,
  type MissingKeys,
} from './bench-schema';
import { restoreBench } from './restore';
import { writeBench } from './write';
import { readBench } from './read';

describe('the field tables are typed against the interfaces', () => {
  it('a key the interface has and the table lacks fails the type check, naming it', () => {
    expectTypeOf<MissingKeys<ModelCard, typeof MODEL_FIELDS>>().toEqualTypeOf<never>();
    expectTypeOf<
      MissingKeys<ModelCard & { readonly priority?: number }, typeof MODEL_FIELDS>
    >().toEqualTypeOf<'priority'>();
    // @ts-expect-error a card field (`priority`) the table does not list
    tableOf<ModelCard & { readonly priority?: number }>()(MODEL_FIELDS);
    // @ts-expect-error a hardware field the table does not list
    tableOf<Hardware & { readonly gpus?: readonly string[] }>()(HARDWARE_FIELDS);
    // @ts-expect-error an estimate field the table does not list
    tableOf<VramEstimate & { readonly rope_scaling?: number }>()(ESTIMATE_FIELDS);
    // @ts-expect-error a case-study field the table does not list
    tableOf<CaseStudyInfo & { readonly repo?: string }>()(CASE_STUDY_FIELDS);
    // @ts-expect-error a window field the table does not list
    tableOf<CoresidencyWindow & { readonly priority?: number }>()(WINDOW_FIELDS.fractional_coresidency);
    // @ts-expect-error a top-level bench key the order does not list
    allKeysOf<Bench & { readonly notes?: string }>()(BENCH_KEYS);
  });

  it('a key the table has and the interface lacks fails the type check', () => {
    // @ts-expect-error the table lists `command`, which this card type does not have
    tableOf<Omit<ModelCard, 'command'>>()(MODEL_FIELDS);
    // @ts-expect-error the table lists `headroom_is_int` (as the headroom's intKey), which this window lacks
    tableOf<Omit<CoresidencyWindow, 'headroom_is_int'>>()(WINDOW_FIELDS.fractional_coresidency);
  });

  it('a required key of the interface is required in the table or has a default of its type', () => {
    interface Card2 extends ModelCard {
      readonly priority: number;
    }
    const priority = { key: 'priority', label: 'P', type: { type: 'text' }, formats: [], help: '' } as const;
    // @ts-expect-error `priority` is required by the type: the table needs `required: true` or a number default
    tableOf<Card2>()([...MODEL_FIELDS, { ...priority, required: false }]);
    // @ts-expect-error a default of the wrong type
    tableOf<Card2>()([...MODEL_FIELDS, { ...priority, required: false, default: true }]);
    tableOf<Card2>()([...MODEL_FIELDS, { ...priority, required: false, default: 3 }]);
  });
});

describe('defaults come from one place', () => {
  it("every default in the card table is the new card's value", () => {
    const withDefault = MODEL_FIELDS.filter((f) => 'default' in f);
    expect(withDefault.map((f) => f.key)).toEqual([
      'cpu_fallback_supported',
      'ram_overflow_supported',
      'ram_gb_needed',
    ]);
    for (const f of withDefault) expect(f.default).toBe(NEW_CARD[f.key as keyof typeof NEW_CARD]);
  });

  it('a saved bench with no hardware falls back on the empty bench', () => {
    const r = restoreBench({ models: [] }, EMPTY_BENCH);
    expect(r.bench.hardware).toEqual(EMPTY_BENCH.hardware);
    expect(r.changes.map((c) => c.message)).toEqual([
      "the document is missing the required field hardware: the default bench's hardware is used",
    ]);
  });

  it('the bench document is written in the schema’s key order', () => {
    const bench: Bench = {
      case_study: { submitter: 'octocat' },
      coresidency_slowdown: 1.5,
      windows: [],
      models: [{ name: 'a', ...NEW_CARD }],
      hardware: EMPTY_BENCH.hardware,
      name: 'n',
    };
    const text = writeBench(bench);
    const keys = [...text.matchAll(/^([a-z_]+):/gm)].map((m) => m[1]);
    expect(keys).toEqual(BENCH_KEYS.filter((k) => k !== 'interference'));
    const back = readBench(text);
    expect(back.ok && back.bench).toEqual(bench);
  });
});
