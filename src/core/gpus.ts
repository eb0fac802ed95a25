/**
 * A catalog of common small GPUs (issue 10): VRAM, memory bandwidth and the PCIe link, each
 * row with where its figures come from. Picking one fills the hardware card (VRAM, GPU model,
 * GPU and PCIe bandwidths); the card stays editable. Pure data and arithmetic.
 *
 * Sources. VRAM, bandwidth and the link are the vendor's spec sheet figures (NVIDIA's product
 * pages, cited per row); VRAM also agrees with `@huggingface/tasks`' hardware list (MIT,
 * `packages/tasks/src/hardware.ts`) where that list has the card. Rows whose figures were
 * cross-checked against a second, independent page carry it in `checked`; rows without one
 * are from the vendor page alone (not cross-checked here) and say so in the picker.
 *
 * The PCIe figure the card gets is the *effective host-to-device* rate: the link's
 * theoretical rate per lane (PCIe 3.0: 8 GT/s, 4.0: 16 GT/s, 5.0: 32 GT/s, all with 128b/130b
 * encoding, so 0.985, 1.969 and 3.938 GB/s per lane and direction) × lanes × 80 % (what a
 * pinned-memory copy typically reaches; protocol overhead takes the rest). A laptop's link
 * depends on the laptop: its row gives the usual wiring and says so.
 */

type PcieGen = 3 | 4 | 5;

/** Theoretical GB/s per lane and direction (PCI-SIG; 128b/130b encoding). */
const PCIE_GBPS_PER_LANE: Readonly<Record<PcieGen, number>> = { 3: 0.985, 4: 1.969, 5: 3.938 };

/** The share of the theoretical rate a host-to-device copy reaches (the catalog's rule). */
const PCIE_EFFICIENCY = 0.8;

/**
 * Effective host-to-device GB/s of a link, to one decimal: per-lane rate × lanes × 80 %.
 * @internal exported for the test of PCIe generations × lanes.
 */
export function pcieEffectiveGbps(gen: PcieGen, lanes: number): number {
  return Math.round(PCIE_GBPS_PER_LANE[gen] * lanes * PCIE_EFFICIENCY * 10) / 10;
}

export interface GpuSpec {
  /** Stable id (used by the picker). */
  readonly id: string;
  /** The name the hardware card's GPU model gets. */
  readonly name: string;
  readonly vram_gb: number;
  /** Memory bandwidth, GB/s (bus width ÷ 8 × data rate per pin). */
  readonly bandwidth_gbps: number;
  readonly pcie: { readonly gen: PcieGen; readonly lanes: number };
  /** Laptop part: clocks and link vary by laptop (the row gives the usual figures). */
  readonly laptop?: boolean;
  /** Where the figures come from (the vendor's spec page, or the database named). */
  readonly source: string;
  /** A second page the figures were checked against; absent: not cross-checked here. */
  readonly checked?: string;
}

const NV = 'https://www.nvidia.com/en-us/geforce/graphics-cards';
const NVDC = 'https://www.nvidia.com/en-us/data-center';
const NVWS = 'https://www.nvidia.com/en-us/design-visualization';
const XDA_4060 = 'https://www.xda-developers.com/nvidia-rtx-4060-rtx-4060-ti-launch-300/';

/** The catalog, smallest VRAM first (then name). */
export const GPU_CATALOG: readonly GpuSpec[] = [
  {
    id: 'gtx-1650-laptop-4',
    name: 'GeForce GTX 1650 Laptop 4 GB (GDDR6)',
    vram_gb: 4,
    bandwidth_gbps: 192,
    pcie: { gen: 3, lanes: 16 },
    laptop: true,
    source:
      'https://www.notebookcheck.net/GeForce-GTX-1650-Mobile-vs-GeForce-GTX-1650-Ti-Mobile_9828_10227.247598.0.html',
    checked: 'https://technical.city/en/video/GeForce-GTX-1650-mobile-Refresh-vs-GeForce-RTX-4070-mobile',
  },
  {
    id: 'rtx-3050-laptop-4',
    name: 'GeForce RTX 3050 Laptop 4 GB',
    vram_gb: 4,
    bandwidth_gbps: 192,
    pcie: { gen: 4, lanes: 8 },
    laptop: true,
    source: `${NV}/30-series/rtx-3080-3070-3060-laptops/`,
  },
  {
    id: 'rtx-3050-6',
    name: 'GeForce RTX 3050 6 GB',
    vram_gb: 6,
    bandwidth_gbps: 168,
    pcie: { gen: 4, lanes: 8 },
    source: `${NV}/30-series/rtx-3050/`,
  },
  {
    id: 'rtx-2060-6',
    name: 'GeForce RTX 2060 6 GB',
    vram_gb: 6,
    bandwidth_gbps: 336,
    pcie: { gen: 3, lanes: 16 },
    source: `${NV}/rtx-2060/`,
  },
  {
    id: 'rtx-3050-8',
    name: 'GeForce RTX 3050 8 GB',
    vram_gb: 8,
    bandwidth_gbps: 224,
    pcie: { gen: 4, lanes: 8 },
    source: `${NV}/30-series/rtx-3050/`,
  },
  {
    id: 'rtx-3060-ti',
    name: 'GeForce RTX 3060 Ti 8 GB',
    vram_gb: 8,
    bandwidth_gbps: 448,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/30-series/rtx-3060-3060ti/`,
    checked: XDA_4060,
  },
  {
    id: 'rtx-3070',
    name: 'GeForce RTX 3070 8 GB',
    vram_gb: 8,
    bandwidth_gbps: 448,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/30-series/rtx-3070-3070ti/`,
  },
  {
    id: 'rtx-4060',
    name: 'GeForce RTX 4060 8 GB',
    vram_gb: 8,
    bandwidth_gbps: 272,
    pcie: { gen: 4, lanes: 8 },
    source: `${NV}/40-series/rtx-4060-4060ti/`,
    checked: XDA_4060,
  },
  {
    id: 'rtx-4060-ti-8',
    name: 'GeForce RTX 4060 Ti 8 GB',
    vram_gb: 8,
    bandwidth_gbps: 288,
    pcie: { gen: 4, lanes: 8 },
    source: `${NV}/40-series/rtx-4060-4060ti/`,
    checked: XDA_4060,
  },
  {
    id: 'rtx-3080-10',
    name: 'GeForce RTX 3080 10 GB',
    vram_gb: 10,
    bandwidth_gbps: 760,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/30-series/rtx-3080-3080ti/`,
  },
  {
    id: 'rtx-3060-12',
    name: 'GeForce RTX 3060 12 GB',
    vram_gb: 12,
    bandwidth_gbps: 360,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/30-series/rtx-3060-3060ti/`,
    checked: XDA_4060,
  },
  {
    id: 'rtx-a2000-12',
    name: 'NVIDIA RTX A2000 12 GB',
    vram_gb: 12,
    bandwidth_gbps: 288,
    pcie: { gen: 4, lanes: 16 },
    source: `${NVWS}/rtx-a2000/`,
    checked: 'https://cputronic.com/pt/gpu/nvidia-rtx-a2000-12-gb',
  },
  {
    id: 'rtx-4070',
    name: 'GeForce RTX 4070 12 GB',
    vram_gb: 12,
    bandwidth_gbps: 504,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/40-series/rtx-4070-family/`,
    checked: 'https://www.aroged.com/2024/08/05/updated-geforce-rtx-4070-to-get-20-gt-s-gddr6-chips/',
  },
  {
    id: 't4',
    name: 'NVIDIA T4 16 GB',
    vram_gb: 16,
    bandwidth_gbps: 320,
    pcie: { gen: 3, lanes: 16 },
    source: `${NVDC}/tesla-t4/`,
    checked: 'https://manualmachine.com/pny/tcst4mpb/8129101-user-manual',
  },
  {
    id: 'rtx-a4000',
    name: 'NVIDIA RTX A4000 16 GB',
    vram_gb: 16,
    bandwidth_gbps: 448,
    pcie: { gen: 4, lanes: 16 },
    source: `${NVWS}/rtx-a4000/`,
    checked: 'https://technical.city/en/video/RTX-A4000-vs-A2-PCIe',
  },
  {
    id: 'rtx-4060-ti-16',
    name: 'GeForce RTX 4060 Ti 16 GB',
    vram_gb: 16,
    bandwidth_gbps: 288,
    pcie: { gen: 4, lanes: 8 },
    source: `${NV}/40-series/rtx-4060-4060ti/`,
    checked: XDA_4060,
  },
  {
    id: 'rtx-5060-ti-16',
    name: 'GeForce RTX 5060 Ti 16 GB',
    vram_gb: 16,
    bandwidth_gbps: 448,
    pcie: { gen: 5, lanes: 8 },
    source: `${NV}/50-series/rtx-5060-family/`,
    checked: 'https://joshua8.ai/blackwell-gpu-shootout',
  },
  {
    id: 'rtx-4070-ti-super',
    name: 'GeForce RTX 4070 Ti SUPER 16 GB',
    vram_gb: 16,
    bandwidth_gbps: 672,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/40-series/rtx-4070-family/`,
  },
  {
    id: 'rtx-4080',
    name: 'GeForce RTX 4080 16 GB',
    vram_gb: 16,
    bandwidth_gbps: 716.8,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/40-series/rtx-4080-family/`,
  },
  {
    id: 'rtx-a4500',
    name: 'NVIDIA RTX A4500 20 GB',
    vram_gb: 20,
    bandwidth_gbps: 640,
    pcie: { gen: 4, lanes: 16 },
    source: `${NVWS}/rtx-a4500/`,
    checked: 'https://cputronic.com/gpu/compare/nvidia-rtx-a4500-vs-nvidia-rtx-pro-2000-blackwell',
  },
  {
    id: 'a10',
    name: 'NVIDIA A10 24 GB',
    vram_gb: 24,
    bandwidth_gbps: 600,
    pcie: { gen: 4, lanes: 16 },
    source: `${NVDC}/products/a10-gpu/`,
  },
  {
    id: 'l4',
    name: 'NVIDIA L4 24 GB',
    vram_gb: 24,
    bandwidth_gbps: 300,
    pcie: { gen: 4, lanes: 16 },
    source: `${NVDC}/l4/`,
    checked: 'https://fpsbench.com/compare/gpu/nvidia-l4-vs-nvidia-tesla-m40',
  },
  {
    id: 'rtx-3090',
    name: 'GeForce RTX 3090 24 GB',
    vram_gb: 24,
    bandwidth_gbps: 936,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/30-series/rtx-3090-3090ti/`,
    checked:
      'https://cpu-gpu.alldbin.com/graphics-card-comparison/GeForce-RTX-3090-and-GeForce-RTX-3050-6GB-mobile-comparison.html',
  },
  {
    id: 'rtx-4090',
    name: 'GeForce RTX 4090 24 GB',
    vram_gb: 24,
    bandwidth_gbps: 1008,
    pcie: { gen: 4, lanes: 16 },
    source: `${NV}/40-series/rtx-4090/`,
  },
];

/** What picking a GPU puts on the hardware card. */
export function hardwareFromGpu(g: GpuSpec): {
  vram_gb: number;
  model: string;
  gpu_bandwidth_gbps: number;
  pcie_bandwidth_gbps: number;
} {
  return {
    vram_gb: g.vram_gb,
    model: g.name,
    gpu_bandwidth_gbps: g.bandwidth_gbps,
    pcie_bandwidth_gbps: pcieEffectiveGbps(g.pcie.gen, g.pcie.lanes),
  };
}

/** "PCIe 4.0 ×8 (12.6 GB/s effective)". */
export function describeLink(g: GpuSpec): string {
  return `PCIe ${g.pcie.gen}.0 ×${g.pcie.lanes} (${pcieEffectiveGbps(g.pcie.gen, g.pcie.lanes)} GB/s effective)`;
}

/** Find GPUs by any word of their name, case-insensitive ("4060 16" finds the 4060 Ti 16 GB). */
export function searchGpus(query: string, catalog: readonly GpuSpec[] = GPU_CATALOG): readonly GpuSpec[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return catalog;
  return catalog.filter((g) => {
    const name = g.name.toLowerCase();
    return words.every((w) => name.includes(w));
  });
}

/**
 * The catalog's cards with the least VRAM that still hold `gb` after `headroomGb` (all cards
 * of that size), or none when no card does.
 */
export function smallestGpusHolding(
  gb: number,
  headroomGb: number,
  catalog: readonly GpuSpec[] = GPU_CATALOG,
): readonly GpuSpec[] {
  const fits = catalog.filter((g) => g.vram_gb - headroomGb >= gb);
  if (fits.length === 0) return [];
  const least = Math.min(...fits.map((g) => g.vram_gb));
  return fits.filter((g) => g.vram_gb === least);
}

/** System RAM presets for `ram_bandwidth_gbps`: MT/s × 8 bytes per transfer × channels. */
export interface RamPreset {
  readonly id: string;
  readonly label: string;
  readonly mts: number;
  readonly channels: number;
}

export const RAM_PRESETS: readonly RamPreset[] = [
  { id: 'ddr4-2400-2', label: 'DDR4-2400, dual channel', mts: 2400, channels: 2 },
  { id: 'ddr4-2666-2', label: 'DDR4-2666, dual channel', mts: 2666, channels: 2 },
  { id: 'ddr4-3200-1', label: 'DDR4-3200, single channel (one laptop module)', mts: 3200, channels: 1 },
  { id: 'ddr4-3200-2', label: 'DDR4-3200, dual channel', mts: 3200, channels: 2 },
  { id: 'ddr5-4800-2', label: 'DDR5-4800, dual channel', mts: 4800, channels: 2 },
  { id: 'ddr5-5600-2', label: 'DDR5-5600, dual channel', mts: 5600, channels: 2 },
  { id: 'ddr5-6000-2', label: 'DDR5-6000, dual channel', mts: 6000, channels: 2 },
];

/** Theoretical peak GB/s of a RAM configuration: MT/s × 8 bytes × channels ÷ 1000. */
export function ramBandwidthGbps(p: Pick<RamPreset, 'mts' | 'channels'>): number {
  return Math.round(p.mts * 8 * p.channels) / 1000;
}
