import { useId, useState } from 'react';
import {
  GPU_CATALOG,
  RAM_PRESETS,
  describeLink,
  hardwareFromGpu,
  ramBandwidthGbps,
  searchGpus,
  type GpuSpec,
} from '../../core/gpus';
import { OVERFLOW_SLOWDOWN } from '../../core/types';
import { fieldOf, HARDWARE_FIELDS, numberField } from '../../bench/bench-schema';
import { usePlanner } from '../../store/store';
import { NumberField } from '../../components/NumberField';

const BANDWIDTHS = ['gpu_bandwidth_gbps', 'pcie_bandwidth_gbps', 'ram_bandwidth_gbps'] as const;

const optionText = (g: GpuSpec) => `${g.name} — ${g.vram_gb} GB, ${g.bandwidth_gbps} GB/s, ${describeLink(g)}`;

/**
 * The GPU picker: a search box filtering a native select (keyboard and screen-reader
 * friendly as it is). Picking fills VRAM, the GPU model and both bandwidths in one step
 * (one undo); every field stays editable.
 */
function GpuPicker() {
  const id = useId();
  const setHardware = usePlanner((s) => s.setHardware);
  const [query, setQuery] = useState('');
  const found = searchGpus(query);
  const pick = (gpuId: string) => {
    const g = GPU_CATALOG.find((x) => x.id === gpuId);
    if (g !== undefined) setHardware(hardwareFromGpu(g));
  };
  return (
    <div className="row gpu-picker">
      <div className="field">
        <label htmlFor={`${id}-q`}>Find a GPU</label>
        <input
          id={`${id}-q`}
          type="search"
          value={query}
          placeholder="e.g. 4060 16"
          aria-controls={`${id}-pick`}
          aria-describedby={`${id}-count`}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
        <p className="field-hint" id={`${id}-count`} aria-live="polite">
          {found.length === GPU_CATALOG.length
            ? `${GPU_CATALOG.length} GPUs in the catalog`
            : `${found.length} of ${GPU_CATALOG.length} GPUs match`}
        </p>
      </div>
      <div className="field field-wide">
        <label htmlFor={`${id}-pick`}>Pick a GPU…</label>
        <select id={`${id}-pick`} value="" onChange={(e) => pick(e.target.value)}>
          <option value="">{found.length === 0 ? 'No GPU matches the search' : `Pick a GPU… (${found.length})`}</option>
          {found.map((g) => (
            <option key={g.id} value={g.id}>
              {optionText(g)}
            </option>
          ))}
        </select>
        <p className="field-hint">
          Fills VRAM, the GPU model and the GPU and PCIe bandwidths; every field stays editable.
        </p>
      </div>
    </div>
  );
}

/** Where the card's figures come from, when its GPU model is a catalog row. */
function GpuSource({ model }: { model: string | undefined }) {
  if (model === undefined) return null;
  const g = GPU_CATALOG.find((x) => x.name === model);
  return (
    <p className="field-hint gpu-source">
      GPU model: {model}
      {g === undefined ? null : (
        <>
          {' '}
          — catalog figures: {g.vram_gb} GB, {g.bandwidth_gbps} GB/s, {describeLink(g)}
          {g.laptop === true ? ' (a laptop part: clocks and link vary by laptop)' : ''}. Source:{' '}
          <a href={g.source} target="_blank" rel="noreferrer">
            spec page
          </a>
          {g.checked === undefined ? (
            ' (not cross-checked here)'
          ) : (
            <>
              , checked against{' '}
              <a href={g.checked} target="_blank" rel="noreferrer">
                a second page
              </a>
            </>
          )}
          .
        </>
      )}
    </p>
  );
}

function RamPreset() {
  const id = useId();
  const setHardware = usePlanner((s) => s.setHardware);
  return (
    <div className="field">
      <label htmlFor={id}>Typical RAM…</label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const p = RAM_PRESETS.find((x) => x.id === e.target.value);
          if (p !== undefined) setHardware({ ram_bandwidth_gbps: ramBandwidthGbps(p) });
        }}
      >
        <option value="">Pick a RAM type…</option>
        {RAM_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}: {ramBandwidthGbps(p)} GB/s
          </option>
        ))}
      </select>
      <p className="field-hint">MT/s × 8 bytes × channels (the theoretical peak).</p>
    </div>
  );
}

export function HardwareEditor() {
  const hw = usePlanner((s) => s.bench.hardware);
  const setHardware = usePlanner((s) => s.setHardware);
  return (
    <section className="panel" aria-labelledby="hw-title">
      <h2 id="hw-title">Hardware</h2>
      <GpuPicker />
      <div className="row">
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'vram_gb')}
          value={hw.vram_gb}
          fieldKey="hw.vram_gb"
          onCommit={(v) => v !== null && setHardware({ vram_gb: v }, 'hw.vram_gb')}
        />
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'ram_gb')}
          value={hw.ram_gb}
          fieldKey="hw.ram_gb"
          onCommit={(v) => v !== null && setHardware({ ram_gb: v }, 'hw.ram_gb')}
        />
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'cpu_cores')}
          value={hw.cpu_cores}
          fieldKey="hw.cpu_cores"
          onCommit={(v) => v !== null && setHardware({ cpu_cores: v }, 'hw.cpu_cores')}
        />
      </div>
      <GpuSource model={hw.model} />
      <div className="row">
        {BANDWIDTHS.map((key) => (
          <NumberField
            key={key}
            {...numberField(HARDWARE_FIELDS, key)}
            value={hw[key] ?? null}
            optional
            fieldKey={`hw.${key}`}
            hint={fieldOf(HARDWARE_FIELDS, key).help}
            onCommit={(v) => setHardware({ [key]: v ?? undefined }, `hw.${key}`)}
          />
        ))}
        <RamPreset />
      </div>
      <p className="field-hint">
        Optional. With the GPU bandwidth and the PCIe or RAM bandwidth, a ram_overflow window is timed from them instead
        of nvinx&apos;s stated {OVERFLOW_SLOWDOWN.words} (see the plan).
      </p>
    </section>
  );
}
