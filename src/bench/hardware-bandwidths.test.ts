import { describe, expect, it } from 'vitest';
import { decodeShareFragment, encodeShareFragment } from './share';
import { writePythonScript } from '../exports/python';
import { writeBench, writeNvinxConfig } from './write';
import { writeExport } from '../exports/write-export';
import { readBench } from './read';
import type { ReadResult } from './issues';
import { restoreBench } from './restore';

const doc = (hw: string) => `hardware:
  vram_gb: 4.0
  ram_gb: 32.0
  cpu_cores: 8
${hw}models:
  - {name: big, vram_gb: 6.0, residency: GPU_RAM_OVERFLOW, ram_overflow_supported: true, ram_gb_needed: 10.0}
`;

const ok = (r: ReadResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};

const BW = '  gpu_bandwidth_gbps: 192\n  pcie_bandwidth_gbps: 6.3\n  ram_bandwidth_gbps: 51.2\n';

describe('the hardware card’s bandwidths (optional)', () => {
  it('are read, with no warning', () => {
    const r = ok(readBench(doc(BW)));
    expect(r.bench.hardware).toEqual({
      vram_gb: 4,
      ram_gb: 32,
      cpu_cores: 8,
      gpu_bandwidth_gbps: 192,
      pcie_bandwidth_gbps: 6.3,
      ram_bandwidth_gbps: 51.2,
    });
    expect(r.warnings).toEqual([]);
  });

  it('refuse a word, zero or a negative figure, saying where', () => {
    const r = readBench(doc('  gpu_bandwidth_gbps: fast\n  pcie_bandwidth_gbps: 0\n  ram_bandwidth_gbps: -3\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.path, e.line])).toEqual([
      ['hardware.gpu_bandwidth_gbps', 5],
      ['hardware.pcie_bandwidth_gbps', 6],
      ['hardware.ram_bandwidth_gbps', 7],
    ]);
    expect(r.errors[0]!.message).toContain('must be a number');
    expect(r.errors[1]!.message).toBe('hardware.pcie_bandwidth_gbps must be greater than 0, got 0');
  });

  it('are written in the bench document and the case study, never in the nvinx config', () => {
    const b = ok(readBench(doc(BW))).bench;
    const bench = writeBench(b);
    expect(bench).toContain('gpu_bandwidth_gbps: 192\n');
    expect(bench).toContain('pcie_bandwidth_gbps: 6.3\n');
    expect(bench).toContain('ram_bandwidth_gbps: 51.2\n');
    expect(ok(readBench(bench)).bench.hardware).toEqual(b.hardware);
    const cs = writeExport('case-study', b, {});
    expect(cs).toContain('pcie_bandwidth_gbps: 6.3\n');
    expect(ok(readBench(cs)).bench.hardware).toEqual(b.hardware);
    expect(writeNvinxConfig(b)).not.toContain('bandwidth');
  });

  it('are never passed to nvinx’s HardwareSpec', () => {
    const b = ok(readBench(doc(BW))).bench;
    const py = writePythonScript(b);
    expect(py).toContain('hw = HardwareSpec(vram_gb=4.0, ram_gb=32.0, cpu_cores=8)\n');
    expect(py).not.toContain('bandwidth');
  });

  it('travel in a share link, and a saved bench with a broken one is repaired, not dropped', () => {
    const b = ok(readBench(doc(BW))).bench;
    expect(ok(decodeShareFragment(encodeShareFragment(b))).bench.hardware).toEqual(b.hardware);
    const r = restoreBench({ ...b, hardware: { ...b.hardware, ram_bandwidth_gbps: 'lots' } }, b);
    expect(r.bench.hardware.ram_bandwidth_gbps).toBeUndefined();
    expect(r.bench.hardware.gpu_bandwidth_gbps).toBe(192);
    expect(r.bench.models).toEqual(b.models);
    expect(r.changes.map((c) => c.path)).toEqual(['hardware.ram_bandwidth_gbps']);
  });
});
