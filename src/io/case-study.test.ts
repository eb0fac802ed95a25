import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planBench, timeDay, type Bench } from '../core';
import { defaultBench } from '../store/presets';
import { caseStudyDefaults, caseStudyFileName, checkGithubHandle, SUBMITTER_PLACEHOLDER } from './case-study';
import { readBench } from './read';
import { writeCaseStudy, writeNvinxConfig } from './write';

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
  const text = writeCaseStudy(b, full);
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
    expect(keys(doc['hardware'])).toEqual(keys(template['hardware']));
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
    const r = readBench(writeCaseStudy(b, { gpu_model: 'RTX A1000' }));
    if (!r.ok) throw new Error('unreadable');
    expect(r.bench.hardware.model).toBe('RTX A1000');
    const plan = planBench(r.bench);
    expect(caseStudyDefaults(r.bench, plan, timeDay(r.bench, plan), 'x').gpu_model).toBe('RTX A1000');
  });
});
