import { useId, useLayoutEffect, useRef, useState } from 'react';
import { UndoNote } from '../../components/UndoNote';
import {
  GPU_CATALOG,
  RAM_PRESETS,
  describeLink,
  hardwareFromGpu,
  ramBandwidthGbps,
  searchGpus,
  type GpuSpec,
} from '../../core/gpus';
import { OVERFLOW_SLOWDOWN, SPLIT_PATTERN, type Bench, type BenchGpu, type WindowSpec } from '../../core/types';
import { gpuLabel, gpusOf } from '../../core/bench-gpus';
import { onGpu, windowsOnGpu } from '../../core/edits';
import { gpusWithNoWindow } from '../../core/bench-check';
import { NoWindowNote, type WindowChoice } from '../../components/NoWindowNote';
import { LIMITS } from '../../core/limits';
import { listNames } from '../../core/words';
import { fieldOf, GPU_FIELDS, HARDWARE_FIELDS, numberField } from '../../bench/bench-schema';
import { usePlanner } from '../../store/store';
import { NumberField } from '../../components/NumberField';
import { Live } from '../../components/Live';

const optionText = (g: GpuSpec) => `${g.name} — ${g.vram_gb} GB, ${g.bandwidth_gbps} GB/s, ${describeLink(g)}`;

const gpuFrom = (gpuId: string) => {
  const g = GPU_CATALOG.find((x) => x.id === gpuId);
  return g === undefined ? null : hardwareFromGpu(g);
};

/**
 * The GPU picker: a search box filtering a native select (keyboard and screen-reader
 * friendly as it is), and how many of it. Picking sets the bench's GPUs to that many of the
 * one picked ("2 × RTX 3090" in one step), each with its VRAM, model and both bandwidths: one
 * undo step; every field stays editable.
 */
function GpuPicker({ count }: { count: number }) {
  const id = useId();
  const setGpus = usePlanner((s) => s.setGpus);
  const [query, setQuery] = useState('');
  // How many: the bench's own count until the user types another.
  const [typed, setTyped] = useState<string | null>(null);
  const n = typed === null ? count : /^\s*\d+\s*$/.test(typed) ? Number(typed) : NaN;
  const nValid = Number.isInteger(n) && n >= 1 && n <= LIMITS.gpus;
  const found = searchGpus(query);
  const pick = (gpuId: string) => {
    const g = gpuFrom(gpuId);
    if (g === null || !nValid) return;
    void setGpus(Array.from({ length: n }, () => g)).then((r) => r.ok && setTyped(null));
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
      <div className="field gpu-count">
        <label htmlFor={`${id}-n`}>How many</label>
        <input
          id={`${id}-n`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={typed ?? String(count)}
          aria-invalid={!nValid}
          aria-describedby={`${id}-n-hint`}
          onChange={(e) => setTyped(e.target.value)}
        />
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
        <p className="field-hint" id={`${id}-n-hint`}>
          {nValid
            ? n === 1
              ? 'Fills the GPU’s VRAM, model and bandwidths (all editable).'
              : `Sets the bench to ${n} GPUs of the one picked (VRAM, model, bandwidths; all editable).`
            : `How many must be a whole number from 1 to ${LIMITS.gpus}.`}
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
    <div className="field field-wide">
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

const GPU_NUMBERS = ['vram_gb', 'gpu_bandwidth_gbps', 'pcie_bandwidth_gbps'] as const;

/** A GPU no window of the day runs on: said in its box, with Move a window here and Suggest windows. */
function GpuInNoWindow({ k, idle, windows }: { k: number; idle: boolean; windows: readonly WindowSpec[] }) {
  const updateWindow = usePlanner((s) => s.updateWindow);
  // A split names its GPUs; the windows on one GPU may move.
  const choices: WindowChoice[] = windows.flatMap((w, index) =>
    w.pattern === SPLIT_PATTERN ? [] : [{ index, name: w.name, pattern: w.pattern }],
  );
  return (
    <NoWindowNote
      text={
        idle
          ? `No window runs on GPU ${k}: it is idle all day. Move a window here, or let Suggest windows use every GPU.`
          : null
      }
      choices={choices}
      preferred={null}
      placeLabel={`Move to GPU ${k}`}
      place={async (index) => {
        const w = windows[index];
        if (w === undefined || !(await updateWindow(index, onGpu(w, k))).ok) return null;
        return `Window ${w.name} now runs on GPU ${k}. Undo takes it back.`;
      }}
    />
  );
}

/**
 * One GPU of the bench: its VRAM and bandwidths (GPU 0's are the hardware card's own), on a
 * bench of several also a catalog picker for this GPU alone and Remove.
 */
function GpuFields({
  k,
  gpu,
  several,
  onRemove,
}: {
  k: number;
  gpu: BenchGpu;
  several: boolean;
  onRemove: () => void;
}) {
  const id = useId();
  const setGpu = usePlanner((s) => s.setGpu);
  // On a bench of several GPUs whose windows are its own: whether none runs on this GPU.
  const windows = usePlanner((s) => (several ? (s.bench.windows ?? null) : null));
  const idle = usePlanner((s) => several && gpusWithNoWindow(s.bench).includes(k));
  // GPU 0's keys are the card's own (hw.vram_gb …), as before GPUs were a list.
  const key = (field: string) => (k === 0 ? `hw.${field}` : `hw.gpu${k}.${field}`);
  return (
    // One GPU: its fields sit in the hardware card as before GPUs were a list (the legend kept for screen readers).
    <fieldset className={several ? 'gpu' : 'gpu single'}>
      <legend className={several ? undefined : 'sr-only'}>{several ? `GPU ${k}` : 'GPU'}</legend>
      <div className="row">
        {GPU_NUMBERS.map((field) => (
          <NumberField
            key={field}
            {...numberField(GPU_FIELDS, field)}
            value={gpu[field] ?? null}
            optional={field !== 'vram_gb'}
            fieldKey={key(field)}
            // One GPU: each bandwidth says what it is; several: one line under the GPUs says it once.
            hint={field === 'vram_gb' || several ? null : fieldOf(GPU_FIELDS, field).help}
            onCommit={(v) => {
              if (field === 'vram_gb' && v === null) return;
              setGpu(k, { [field]: v ?? undefined }, key(field));
            }}
          />
        ))}
        {several ? (
          <div className="field field-wide">
            <label htmlFor={`${id}-cat`}>GPU {k} from the catalog</label>
            <select
              id={`${id}-cat`}
              value=""
              onChange={(e) => {
                const g = gpuFrom(e.target.value);
                if (g !== null) setGpu(k, g);
              }}
            >
              <option value="">Pick a GPU for GPU {k}…</option>
              {GPU_CATALOG.map((g) => (
                <option key={g.id} value={g.id}>
                  {optionText(g)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <GpuSource model={gpu.model} />
      {windows === null ? null : <GpuInNoWindow k={k} idle={idle} windows={windows} />}
      {several ? (
        <div className="row">
          <button type="button" className="danger" onClick={onRemove} aria-label={`Remove GPU ${k}`}>
            Remove GPU {k}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}

/** What the last Remove did, with Undo beside it (focus moves there: the button pressed is gone). */
export function HardwareEditor() {
  const hw = usePlanner((s) => s.bench.hardware);
  const setHardware = usePlanner((s) => s.setHardware);
  const addGpus = usePlanner((s) => s.addGpus);
  const removeGpu = usePlanner((s) => s.removeGpu);
  const undo = usePlanner((s) => s.undo);
  const [removed, setRemoved] = useState<{ text: string; bench: Bench; n: number; k: number } | null>(null);
  // Where the focus goes once drawn (a selector): Undo brings a GPU back, to its Remove button;
  // Add a GPU, to the new GPU's first field (VRAM), the button pressed staying below it.
  const section = useRef<HTMLElement>(null);
  const refocus = useRef<string | null>(null);
  useLayoutEffect(() => {
    const to = refocus.current === null ? null : section.current?.querySelector<HTMLElement>(refocus.current);
    if (to === null || to === undefined) return;
    refocus.current = null;
    to.focus();
    // A new GPU's VRAM is its neighbour's, selected: what is typed replaces it (as a new card's name).
    if (to instanceof HTMLInputElement) to.select();
  });
  const [added, setAdded] = useState<{ text: string; bench: Bench } | null>(null);
  // The removal note stays while the bench is the one it left (no re-render on other edits).
  const showRemoved = usePlanner((s) => removed !== null && s.bench === removed.bench);
  const showAdded = usePlanner((s) => added !== null && s.bench === added.bench);
  const gpus = gpusOf(hw);
  const several = gpus.length > 1;
  const last = gpus[gpus.length - 1]!;
  const remove = async (k: number) => {
    const before = usePlanner.getState().bench;
    const moved = windowsOnGpu(before, k);
    const label = gpuLabel(before.hardware, k);
    if (!(await removeGpu(k)).ok) return;
    const after = usePlanner.getState().bench;
    setAdded(null);
    setRemoved({
      text:
        `Removed ${label}.` +
        (moved.length === 0
          ? ''
          : ` ${moved.length === 1 ? 'Window' : 'Windows'} ${listNames(moved, 6)} moved to GPU 0 (a split keeps its other GPUs).`) +
        (k < gpus.length - 1 ? ` The GPUs after it are numbered one lower.` : ''),
      bench: after,
      n: (removed?.n ?? 0) + 1,
      k,
    });
  };
  const add = async () => {
    const k = gpus.length;
    const copied = last.model === undefined ? `${last.vram_gb} GB` : last.model;
    if (!(await addGpus(last)).ok) return;
    refocus.current = `.gpus > fieldset:nth-of-type(${k + 1}) input`;
    setRemoved(null);
    setAdded({
      text: `Added GPU ${k}, a copy of GPU ${k - 1} (${copied}).`,
      bench: usePlanner.getState().bench,
    });
  };
  return (
    <section className="panel" aria-labelledby="hw-title" ref={section}>
      <h2 id="hw-title">Hardware</h2>
      <GpuPicker count={gpus.length} />
      <div className="gpus" role="group" aria-label={`GPUs (${gpus.length})`}>
        {gpus.map((g, k) => (
          <GpuFields key={k} k={k} gpu={g} several={several} onRemove={() => void remove(k)} />
        ))}
      </div>
      {several ? (
        <p className="field-hint">
          GPU bandwidth: how fast a GPU reads its VRAM (spec sheet). PCIe bandwidth: the link&apos;s effective
          host-to-device rate (≈ 80% of theoretical). Both time a spilled or split model.
        </p>
      ) : null}
      {/* One status line: what the last Remove (with Undo) or Add a GPU did. */}
      <Live>
        {removed !== null && showRemoved ? (
          <UndoNote
            key={removed.n}
            className="gpu-removed"
            text={removed.text}
            onUndo={() => {
              refocus.current = `[aria-label="Remove GPU ${removed.k}"]`;
              undo();
              setRemoved(null);
            }}
          />
        ) : added !== null && showAdded ? (
          <p className="field-hint">{added.text}</p>
        ) : null}
      </Live>
      <div className="row add-gpu">
        <button
          type="button"
          onClick={() => void add()}
          disabled={gpus.length >= LIMITS.gpus}
          aria-describedby="hw-add-gpu-hint"
        >
          Add a GPU
        </button>
        <p className="field-hint" id="hw-add-gpu-hint">
          A copy of GPU {gpus.length - 1}
          {last.model === undefined ? ` (${last.vram_gb} GB)` : ` (${last.model})`}; each window then picks its GPU.
        </p>
      </div>
      {several ? (
        <div className="row">
          <NumberField
            {...numberField(HARDWARE_FIELDS, 'interconnect_gbps')}
            value={hw.interconnect_gbps ?? null}
            optional
            fieldKey="hw.interconnect_gbps"
            hint={
              'GPU-to-GPU bandwidth: NVLink, or PCIe peer-to-peer (then about the PCIe bandwidth). A model split across ' +
              'GPUs hands a few KB of hidden state per token from one GPU to the next over it: microseconds, said in the ' +
              'split’s time and left out of it. Optional.'
            }
            onCommit={(v) => setHardware({ interconnect_gbps: v ?? undefined }, 'hw.interconnect_gbps')}
          />
        </div>
      ) : null}
      <div className="row">
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
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'ram_bandwidth_gbps')}
          value={hw.ram_bandwidth_gbps ?? null}
          optional
          fieldKey="hw.ram_bandwidth_gbps"
          hint={fieldOf(HARDWARE_FIELDS, 'ram_bandwidth_gbps').help}
          onCommit={(v) => setHardware({ ram_bandwidth_gbps: v ?? undefined }, 'hw.ram_bandwidth_gbps')}
        />
        <RamPreset />
      </div>
      <p className="field-hint">
        Optional. With the GPU bandwidth and the PCIe or RAM bandwidth, a ram_overflow window is timed from them instead
        of nvinx&apos;s stated {OVERFLOW_SLOWDOWN.words} (see the plan).
      </p>
    </section>
  );
}
