import { describe, expect, it } from 'vitest';
import {
  GPU_CATALOG,
  RAM_PRESETS,
  describeLink,
  hardwareFromGpu,
  pcieEffectiveGbps,
  ramBandwidthGbps,
  searchGpus,
  smallestGpusHolding,
} from './gpus';

describe('the GPU catalog', () => {
  it('has at least 22 rows, unique ids and names, each with a source URL and sane figures', () => {
    expect(GPU_CATALOG.length).toBeGreaterThanOrEqual(22);
    expect(new Set(GPU_CATALOG.map((g) => g.id)).size).toBe(GPU_CATALOG.length);
    expect(new Set(GPU_CATALOG.map((g) => g.name)).size).toBe(GPU_CATALOG.length);
    for (const g of GPU_CATALOG) {
      expect(g.source, g.name).toMatch(/^https:\/\//);
      if (g.checked !== undefined) expect(g.checked, g.name).toMatch(/^https:\/\//);
      expect(g.vram_gb).toBeGreaterThanOrEqual(4);
      expect(g.bandwidth_gbps).toBeGreaterThan(100);
      expect([4, 8, 16]).toContain(g.pcie.lanes);
    }
  });

  it('is ordered by VRAM, smallest first', () => {
    const v = GPU_CATALOG.map((g) => g.vram_gb);
    expect(v).toEqual([...v].sort((a, b) => a - b));
  });

  it('bandwidth = bus width ÷ 8 × data rate for rows whose memory is known by hand', () => {
    const bw = (id: string) => GPU_CATALOG.find((g) => g.id === id)!.bandwidth_gbps;
    expect(bw('rtx-3060-12')).toBe((192 / 8) * 15); // 192-bit GDDR6 at 15 Gbps
    expect(bw('rtx-4060-ti-16')).toBe((128 / 8) * 18); // 128-bit at 18 Gbps
    expect(bw('t4')).toBe((256 / 8) * 10); // 256-bit at 10 Gbps
    expect(bw('rtx-4090')).toBe((384 / 8) * 21); // 384-bit GDDR6X at 21 Gbps
    expect(bw('rtx-5060-ti-16')).toBe((128 / 8) * 28); // 128-bit GDDR7 at 28 Gbps
  });

  it('effective PCIe: theoretical per lane × lanes × 80%, one decimal', () => {
    expect(pcieEffectiveGbps(3, 8)).toBe(6.3); // 0.985 × 8 × 0.8 = 6.304
    expect(pcieEffectiveGbps(3, 16)).toBe(12.6); // 12.608
    expect(pcieEffectiveGbps(4, 8)).toBe(12.6); // 1.969 × 8 × 0.8 = 12.6016
    expect(pcieEffectiveGbps(4, 16)).toBe(25.2); // 25.2032
    expect(pcieEffectiveGbps(5, 8)).toBe(25.2); // 3.938 × 8 × 0.8 = 25.2032
    expect(pcieEffectiveGbps(4, 4)).toBe(6.3);
  });

  it('picking a GPU gives the card its VRAM, name and both bandwidths', () => {
    const g = GPU_CATALOG.find((x) => x.id === 'rtx-4060-ti-16')!;
    expect(hardwareFromGpu(g)).toEqual({
      vram_gb: 16,
      model: 'GeForce RTX 4060 Ti 16 GB',
      gpu_bandwidth_gbps: 288,
      pcie_bandwidth_gbps: 12.6,
    });
    expect(describeLink(g)).toBe('PCIe 4.0 ×8 (12.6 GB/s effective)');
  });

  it('search matches every word, any case, in any order', () => {
    expect(searchGpus('4060 16').map((g) => g.id)).toEqual(['rtx-4060-ti-16']);
    expect(searchGpus('LAPTOP').map((g) => g.id)).toEqual(['gtx-1650-laptop-4', 'rtx-3050-laptop-4']);
    expect(searchGpus('  ')).toBe(GPU_CATALOG);
    expect(searchGpus('nonexistent card')).toEqual([]);
  });

  it('the smallest cards that hold a model after headroom (10 GB + 0.5 GB: the 12 GB cards)', () => {
    expect(smallestGpusHolding(10, 0.5).map((g) => g.id)).toEqual(['rtx-3060-12', 'rtx-a2000-12', 'rtx-4070']);
    expect(smallestGpusHolding(11.6, 0.5).map((g) => g.vram_gb)).toEqual([16, 16, 16, 16, 16, 16]);
    expect(smallestGpusHolding(30, 0.5)).toEqual([]);
  });
});

describe('RAM presets', () => {
  it('MT/s × 8 bytes × channels', () => {
    const gbps = Object.fromEntries(RAM_PRESETS.map((p) => [p.id, ramBandwidthGbps(p)]));
    expect(gbps['ddr4-2400-2']).toBe(38.4);
    expect(gbps['ddr4-3200-2']).toBe(51.2);
    expect(gbps['ddr4-3200-1']).toBe(25.6);
    expect(gbps['ddr5-6000-2']).toBe(96);
  });
});
