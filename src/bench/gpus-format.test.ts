import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbGpusBench } from '../test/arbitraries';
import type { Bench } from '../core/types';
import { EMPTY_BENCH } from '../core/defaults';
import { readBench } from './read';
import { restoreBench } from './restore';
import { decodeShareFragment, encodeShareFragment } from './share';
import { writeBench, writeNvinxConfig } from './write';
import { writeExport } from '../exports/write-export';

const TWO = `name: two GPUs
hardware:
  gpus:
    - vram_gb: 24.0
      model: RTX 3090
      gpu_bandwidth_gbps: 936
    - vram_gb: 12.0
      model: RTX 3060
  interconnect_gbps: 25
  ram_gb: 64.0
  cpu_cores: 16
models:
  - name: big
    vram_gb: 30.0
    residency: GPU_EXCLUSIVE
    ram_overflow_supported: true
  - name: small
    vram_gb: 8.0
    residency: GPU_EXCLUSIVE
windows:
  - name: split
    pattern: multi_gpu_split
    model: big
    gpus: [0, 1]
    headroom_gb: 0.5
  - name: second
    pattern: serial_handoff
    gpu_job: small
    candidates: []
    gpu: 1
`;

const ok = (text: string): Bench => {
  const r = readBench(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.bench;
};
const errors = (text: string) => {
  const r = readBench(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
};

describe('hardware.gpus', () => {
  it('reads every GPU: GPU 0 into the card, the rest as more GPUs; windows on their GPUs', () => {
    const b = ok(TWO);
    expect(b.hardware).toEqual({
      vram_gb: 24,
      model: 'RTX 3090',
      gpu_bandwidth_gbps: 936,
      ram_gb: 64,
      cpu_cores: 16,
      more_gpus: [{ vram_gb: 12, model: 'RTX 3060' }],
      interconnect_gbps: 25,
    });
    expect(b.windows?.[0]).toEqual({
      name: 'split',
      pattern: 'multi_gpu_split',
      model: 'big',
      gpus: [0, 1],
      headroom_gb: 0.5,
    });
    expect(b.windows?.[1]).toMatchObject({ gpu: 1 });
  });

  it('writes every GPU under gpus and reads back the same bench', () => {
    const b = ok(TWO);
    const text = writeBench(b);
    expect(text).toMatch(/hardware:\n {2}gpus:\n {4}- vram_gb: 24\.0\n {6}model: RTX 3090/);
    expect(text).not.toMatch(/^ {2}vram_gb/m);
    expect(ok(text)).toEqual(b);
  });

  it('round-trips any bench of several GPUs, through YAML, a share link and saved state', () => {
    fc.assert(
      fc.property(arbGpusBench, (b) => {
        const r = readBench(writeBench(b));
        expect(r.ok && r.bench).toEqual(b);
        const s = decodeShareFragment(encodeShareFragment(b));
        expect(s.ok && s.bench).toEqual(b);
        expect(restoreBench(JSON.parse(JSON.stringify(b)), EMPTY_BENCH).bench).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses both forms at once, with the line and column', () => {
    const text = TWO.replace('hardware:\n', 'hardware:\n  vram_gb: 8.0\n');
    const [e] = errors(text);
    expect(e!.message).toMatch(/^hardware\.vram_gb is given with hardware\.gpus/);
    expect([e!.line, e!.column]).toEqual([3, 3]);
  });

  it('refuses a window on a GPU the bench lacks, with the line and column; a restore moves it to GPU 0 and says so', () => {
    const text = TWO.replace('    gpu: 1\n', '    gpu: 2\n');
    const [e] = errors(text);
    expect(e!.message).toBe('windows[1].gpu is GPU 2, but the bench has GPUs 0–1');
    expect([e!.line, e!.column]).toEqual([TWO.split('\n').findIndex((l) => l.includes('gpu: 1')) + 1, 10]);
    const saved = JSON.parse(JSON.stringify({ ...ok(TWO), windows: [{ ...ok(TWO).windows![1]!, gpu: 5 }] }));
    const r = restoreBench(saved, EMPTY_BENCH);
    expect(r.bench.windows?.[0]).not.toHaveProperty('gpu');
    expect(r.changes.map((c) => c.message)).toEqual([
      'windows[0].gpu is GPU 5, but the bench has GPUs 0–1: moved to GPU 0',
    ]);
  });

  it('a split naming a GPU the bench lacks, or a GPU twice, or a bad index, says where', () => {
    expect(errors(TWO.replace('gpus: [0, 1]', 'gpus: [0, 3]'))[0]!.message).toBe(
      'windows[0].gpus[1] is GPU 3, but the bench has GPUs 0–1',
    );
    expect(errors(TWO.replace('gpus: [0, 1]', 'gpus: [0, 0]'))[0]!.message).toBe(
      'windows[0].gpus[1] names GPU 0 again',
    );
    expect(errors(TWO.replace('gpus: [0, 1]', 'gpus: [0, -1]'))[0]!.message).toMatch(/^windows\[0\]\.gpus\[1\] /);
  });

  it('an interconnect on one GPU is refused (it joins several), and a one-GPU file reads as before', () => {
    const one = 'hardware:\n  vram_gb: 8.0\n  ram_gb: 32.0\n  cpu_cores: 4\n  interconnect_gbps: 10\nmodels: []\n';
    expect(errors(one)[0]!.message).toMatch(/^hardware\.interconnect_gbps is given for one GPU/);
    expect(ok(one.replace('  interconnect_gbps: 10\n', '')).hardware).toEqual({ vram_gb: 8, ram_gb: 32, cpu_cores: 4 });
  });

  it('the nvinx config of a bench of several GPUs is one file per GPU, and refused as one', () => {
    const b = ok(TWO);
    expect(() => writeNvinxConfig(b)).toThrow(
      "nvinx's config holds one GPU (HardwareSpec has one vram_gb) and this bench has 2: export one nvinx config per GPU (GPU 0 to GPU 1), each with that GPU's hardware and every model",
    );
    const second = writeNvinxConfig(b, 1);
    expect(second).toMatch(/nvinx config for GPU 1 of 2 \(RTX 3060\)/);
    expect(second).toMatch(/hardware:\n {2}vram_gb: 12\.0\n {2}ram_gb: 64\.0\n {2}cpu_cores: 16\n/);
    expect(ok(second).hardware).toEqual({ vram_gb: 12, ram_gb: 64, cpu_cores: 16 });
  });
});

describe('the case study of a bench of several GPUs', () => {
  it('carries every GPU and every window on its GPU, and reads back', () => {
    const b = ok(TWO);
    const text = writeExport('case-study', b, {});
    expect(text).toMatch(/hardware:\n {2}ram_gb: 64\.0\n {2}cpu_cores: 16\n {2}gpus:\n/);
    const back = ok(text);
    expect(back.hardware).toEqual(b.hardware);
    expect(back.windows).toEqual(b.windows);
  });
});
