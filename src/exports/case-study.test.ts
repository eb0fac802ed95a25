import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planBench } from '../core/day';
import { timeDay } from '../core/timing';
import type { Bench } from '../core/types';
import { defaultBench } from '../store/presets/default';
import { caseStudyDefaults, caseStudyFileName, checkGithubHandle, SUBMITTER_PLACEHOLDER } from './case-study';
import { readBench } from '../bench/read';
import { restoreBench } from '../bench/restore';
import { writeBench, writeNvinxConfig } from '../bench/write';
import { writeExport } from './write-export';

const template = parse(readFileSync(new URL('../../fixtures/case-study-template.yaml', import.meta.url), 'utf8')) as {
  [k: string]: Record<string, unknown>;
};
const keys = (o: unknown) => Object.keys(o as object);

const withTiming = (): Bench => {
  const b = defaultBench();
  return { ...b, models: b.models.map((m) => ({ ...m, hours: 2, cpu_hours: 3, cores: 2, command: 'run.sh' })) };
};

function exported(b: Bench, info = {}) {
  const plan = planBench(b);
  const full = { ...caseStudyDefaults(b, plan, timeDay(b, plan), '2026-04-19'), ...info };
  const text = writeExport('case-study', b, full);
  return {
    text,
    doc: parse(text) as Record<string, Record<string, unknown>>,
    name: caseStudyFileName(full, b.name ?? ''),
  };
}

describe('the case-study export', () => {
  it("has nvinx's template's shape: its sections, hardware keys and experience keys", () => {
    const { doc } = exported(withTiming(), { submitter: 'ada', gpu_model: 'RTX A1000' });
    expect(keys(doc)).toEqual(keys(template));
    // The template's hardware keys first, in its order; then the planner's optional bandwidths (the default bench has them).
    expect(keys(doc['hardware'])).toEqual([
      ...keys(template['hardware']),
      'gpu_bandwidth_gbps',
      'pcie_bandwidth_gbps',
      'ram_bandwidth_gbps',
    ]);
    expect(keys(doc['experience'])).toEqual(keys(template['experience']));
    expect(keys(doc['workload']).slice(0, 3)).toEqual(keys(template['workload']));
  });

  it('models carry no planner-only field, exactly as the nvinx config export', () => {
    const b = withTiming();
    const { doc } = exported(b, { submitter: 'ada' });
    const models = (doc['workload'] as { models: Record<string, unknown>[] }).models;
    const nvinx = (parse(writeNvinxConfig(b)) as { models: Record<string, unknown>[] }).models;
    expect(models).toEqual(nvinx);
    for (const m of models) for (const k of ['hours', 'cpu_hours', 'cores', 'command']) expect(m).not.toHaveProperty(k);
  });

  it('an empty submitter: the YAML and the file name both say your-github-handle', () => {
    const { doc, name } = exported(defaultBench());
    expect(doc['submitter']).toBe(SUBMITTER_PLACEHOLDER);
    expect(name).toBe('your-github-handle_4-GB-bench-a-composed-day.yaml');
  });

  it('takes only a GitHub handle as the submitter (a leading @ dropped); otherwise the placeholder, in both', () => {
    expect(checkGithubHandle('octocat')).toEqual({ ok: true, value: 'octocat' });
    expect(checkGithubHandle(' @ada-l ')).toEqual({ ok: true, value: 'ada-l' });
    for (const bad of ['', 'a b', '-ada', 'ada-', 'a--b', 'x'.repeat(40), 'ada@example.org', '../x'])
      expect(checkGithubHandle(bad).ok).toBe(false);
    const ok = exported(defaultBench(), { submitter: '@ada' });
    expect(ok.doc['submitter']).toBe('ada');
    expect(ok.name).toBe('ada_4-GB-bench-a-composed-day.yaml');
    const bad = exported(defaultBench(), { submitter: 'Ada Lovelace' });
    expect(bad.doc['submitter']).toBe(SUBMITTER_PLACEHOLDER);
    expect(bad.name).toMatch(/^your-github-handle_/);
  });

  it('pattern_tried is one pattern, as the template has it (the day’s most used)', () => {
    const { doc } = exported(defaultBench());
    expect(doc['experience']!['pattern_tried']).toBe('serial_handoff');
    expect(typeof template['experience']!['pattern_tried']).toBe('string');
  });

  it("the GPU model typed in the form goes to the case study's hardware.model, never into the bench", () => {
    const b = defaultBench();
    const { doc } = exported(b, { gpu_model: 'RTX A1000' });
    expect(doc['hardware']!['model']).toBe('RTX A1000');
    expect(b.hardware.model).toBeUndefined();
    // Read back: the case study's hardware.model is the bench's GPU model, and the form's again.
    const r = readBench(writeExport('case-study', b, { gpu_model: 'RTX A1000' }));
    if (!r.ok) throw new Error('unreadable');
    expect(r.bench.hardware.model).toBe('RTX A1000');
    const plan = planBench(r.bench);
    expect(caseStudyDefaults(r.bench, plan, timeDay(r.bench, plan), 'x').gpu_model).toBe('RTX A1000');
  });
});

describe('where a VRAM figure came from travels with the card', () => {
  const estimate = {
    from: 'config.json',
    architecture: 'llama',
    parameters: 1e9,
    dtype: 'fp16' as const,
    context: 2048,
  };
  const b = defaultBench();
  const withSource: typeof b = {
    ...b,
    models: b.models.map((m, i) =>
      i === 0
        ? { ...m, vram_gb: 3.01, vram_source: 'estimated' as const, vram_estimate: estimate }
        : i === 1
          ? { ...m, vram_source: 'measured' as const }
          : m,
    ),
  };

  it('the case study and the bench document carry vram_source and vram_estimate; the nvinx config only vram_gb', () => {
    const { doc } = exported(withSource, { submitter: 'ada' });
    const models = (doc['workload'] as { models: Record<string, unknown>[] }).models;
    expect(models[0]).toMatchObject({ vram_gb: 3.01, vram_source: 'estimated', vram_estimate: estimate });
    expect(models[1]).toMatchObject({ vram_source: 'measured' });
    expect(models[2]).not.toHaveProperty('vram_source');
    const nvinx = (parse(writeNvinxConfig(withSource)) as { models: Record<string, unknown>[] }).models;
    for (const m of nvinx) {
      expect(m).not.toHaveProperty('vram_source');
      expect(m).not.toHaveProperty('vram_estimate');
    }
    expect(nvinx[0]).toMatchObject({ vram_gb: 3.01 });
    const back = readBench(writeExport('case-study', withSource, { submitter: 'ada' }));
    if (!back.ok) throw new Error('the case study did not read back');
    // The case study leaves the planner's timing fields out, as nvinx's template does.
    const { hours: _hours, ...first } = withSource.models[0]!;
    expect(back.bench.models[0]).toEqual(first);
  });

  it('a bad estimate in a file is an error at its field; restoring saved state drops only the estimate', () => {
    const text = writeBench(withSource).replace('dtype: fp16', 'dtype: fp17');
    const r = readBench(text);
    if (r.ok) throw new Error('a bad dtype was read');
    expect(r.errors.map((e) => [e.path, e.line > 0])).toEqual([['models[0].vram_estimate.dtype', true]]);
    expect(r.errors[0]?.message).toContain('unknown dtype "fp17" (did you mean fp16?)');
    const saved = JSON.parse(JSON.stringify(withSource)) as { models: { vram_estimate?: { dtype: string } }[] };
    saved.models[0]!.vram_estimate!.dtype = 'fp17';
    const restored = restoreBench(saved, b);
    expect(restored.bench.models[0]).not.toHaveProperty('vram_estimate');
    expect(restored.bench.models[0]?.vram_gb).toBe(3.01);
    expect(restored.changes.map((c) => c.message)).toEqual([
      'models[0].vram_estimate.dtype unknown dtype "fp17" (did you mean fp16?); allowed: ' +
        'fp32, bf16, fp16, fp8, int8, int4, F32, F16, BF16, Q8_0, Q6_K, Q5_1, Q5_0, Q4_1, Q4_0, IQ4_NL, IQ4_XS, ' +
        'Q5_K_M, Q5_K_S, Q4_K_M, Q4_K_S, Q3_K_L, Q3_K_M, Q3_K_S, Q2_K: dropped',
    ]);
  });
});
