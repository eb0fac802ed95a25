import { memo, useState } from 'react';
import { farWorseThan, formatTimes, hintSlowdown } from '../../core/overflow-time';
import { overflowFixes } from '../../core/overflow-fixes';
import { gb } from '../../core/pyformat';
import { listNames, plural } from '../../core/words';
import {
  OVERFLOW_SLOWDOWN,
  type Decision,
  type Hardware,
  type OverflowHint,
  type SchedulingPlan,
  type SplitHint,
} from '../../core/types';
import { gpuCount, gpuHardware, gpuLabel, gpusOf, windowGpus } from '../../core/bench-gpus';
import { splitSlowdown } from '../../core/split';
import { adviceCard, splitAdviceOn } from '../../core/split-advice';
import type { BenchPlan, WindowResult } from '../../core/day';
import type { Calibration, ModelCard } from '../../core/types';
import { fromPretrainedSnippet, splitSnippet } from '../../exports/snippets';
import { useShallow } from 'zustand/react/shallow';
import { usePlan } from '../../store/plan';
import { usePlanner } from '../../store/store';
import { ChartFigure } from '../../components/charts/ChartFigure';
import { FREE_COLOR, HEADROOM_COLOR, OTHERS_COLOR, cardColor, type Segment } from '../../components/charts/palette';
import { useCardColors } from '../../components/charts/useCardColors';
import { InterferencePanel } from './InterferencePanel';
import { Live } from '../../components/Live';
import { PlanSection } from './PlanSection';

/** Card colours by name (one colour per card on the whole page). */
type Colors = ReadonlyMap<string, string>;
const colorIn = (colors: Colors, name: string) => colors.get(name) ?? cardColor(0);

const free = (value: number): Segment => ({ key: 'free', label: 'Free', value: Math.max(0, value), color: FREE_COLOR });

const SHOWN_REASONS = 25;

function Reasons({ title, decisions, empty }: { title: string; decisions: readonly Decision[]; empty: string }) {
  // Long lists show their first entries; the rest is one click away (a 2,000-card bench stays quick).
  const [all, setAll] = useState(false);
  const shown = all ? decisions : decisions.slice(0, SHOWN_REASONS);
  return (
    <div className="reasons">
      <h4>
        {title}
        {decisions.length > 0 ? ` (${decisions.length})` : ''}
      </h4>
      {decisions.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {shown.map((d) => (
            <li key={d.name}>{d.reason}</li>
          ))}
        </ul>
      )}
      {decisions.length > shown.length ? (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {decisions.length}
        </button>
      ) : null}
    </div>
  );
}

/** At most this many bar segments; the smallest of the rest are summed as "N others". */
const MAX_SEGMENTS = 10;

function modelSegments(
  items: readonly { name: string; value: number }[],
  colors: Colors,
  unit: 'GB' | 'cores',
): Segment[] {
  const segs = items.map((m, i) => ({
    key: `s${i}`,
    label: m.name,
    value: m.value,
    color: colorIn(colors, m.name),
  }));
  if (segs.length <= MAX_SEGMENTS) return segs;
  const head = segs.slice(0, MAX_SEGMENTS - 1);
  const rest = segs.slice(MAX_SEGMENTS - 1);
  const total = rest.reduce((a, s) => a + s.value, 0);
  const label = `${rest.length} others (${unit === 'GB' ? `${gb(total)} GB` : plural(total, 'core')})`;
  return [...head, { key: 'others', label, value: total, color: OTHERS_COLOR }];
}

const pick = (plan: SchedulingPlan, placement: Decision['placement']) =>
  plan.decisions.filter((d) => d.placement === placement);

/** What every pattern's panel draws with: the GPU it runs on, the cards' colours, its VRAM chart's title. */
interface PanelProps {
  readonly hw: Hardware;
  readonly colors: Colors;
  /** "VRAM", or on a bench of several GPUs "VRAM, GPU 1 (RTX 3060)". */
  readonly vramTitle: string;
}

function CoresidencyPanel({ plan, hw, colors, vramTitle }: PanelProps & { plan: SchedulingPlan }) {
  const budget = plan.budget_gb ?? hw.vram_gb;
  const used = plan.used_gb ?? 0;
  const headroom = plan.headroom_gb ?? 0;
  const segments: Segment[] = [
    ...modelSegments(
      plan.gpu_coresident.map((m) => ({ name: m.name, value: m.vram_gb })),
      colors,
      'GB',
    ),
    free(budget - used),
    { key: 'headroom', label: 'Headroom', value: headroom, color: HEADROOM_COLOR, hatched: true },
  ];
  return (
    <>
      <ChartFigure
        title={vramTitle}
        unit="GB"
        max={hw.vram_gb}
        segments={segments}
        reference={{ value: budget, label: `Budget ${gb(budget)} GB` }}
        summary={`${plan.gpu_coresident.length} model(s) co-resident, ${gb(used)} of ${gb(budget)} GB budget used (+ ${gb(headroom)} GB headroom).`}
      />
      <div className="reason-grid">
        <Reasons
          title="On the GPU together"
          decisions={pick(plan, 'gpu_coresident')}
          empty="Nothing fits the budget."
        />
        <Reasons
          title="On the CPU meanwhile"
          decisions={pick(plan, 'cpu_parallel')}
          empty="No CPU work in this window."
        />
        <Reasons title="Cannot run here" decisions={pick(plan, 'unscheduled')} empty="Every candidate runs." />
      </div>
    </>
  );
}

function HandoffPanel({ plan, hw, colors, vramTitle }: PanelProps & { plan: SchedulingPlan }) {
  const job = plan.gpu_foreground!;
  const cores = plan.cpu_parallel.map((m) => m.cores ?? 1);
  const usedCores = cores.reduce((a, b) => a + b, 0);
  const cpuSegments: Segment[] = [
    ...modelSegments(
      plan.cpu_parallel.map((m, i) => ({ name: m.name, value: cores[i] ?? 1 })),
      colors,
      'cores',
    ),
    { key: 'idle', label: 'Idle cores', value: Math.max(0, hw.cpu_cores - usedCores), color: FREE_COLOR },
  ];
  return (
    <>
      <ChartFigure
        title={vramTitle}
        unit="GB"
        max={hw.vram_gb}
        segments={[
          { key: 'job', label: job.name, value: job.vram_gb, color: colorIn(colors, job.name) },
          free(hw.vram_gb - job.vram_gb),
        ]}
        summary={`${job.name} holds the GPU (${gb(job.vram_gb)} of ${gb(hw.vram_gb)} GB); no other model shares it.`}
      />
      <ChartFigure
        title="CPU cores"
        unit="cores"
        max={Math.max(hw.cpu_cores, usedCores)}
        segments={cpuSegments}
        summary={
          usedCores > hw.cpu_cores
            ? `${plan.cpu_parallel.length} CPU job(s) want ${usedCores} cores; the bench has ${hw.cpu_cores}, so some wait their turn.`
            : `${plan.cpu_parallel.length} CPU job(s) run meanwhile on ${usedCores} of ${hw.cpu_cores} cores.`
        }
      />
      <div className="reason-grid">
        <Reasons
          title="On the CPU meanwhile"
          decisions={pick(plan, 'cpu_parallel')}
          empty="No CPU work chosen for this window: the CPU waits too."
        />
        <Reasons title="Cannot run here" decisions={pick(plan, 'unscheduled')} empty="Every candidate runs." />
      </div>
    </>
  );
}

/** A slowdown, or its range, in words: "1.65×", "2.79×–20.16×". */
const timesOf = (e: { readonly lo: number; readonly hi: number }) =>
  e.lo === e.hi ? formatTimes(e.lo) : `${formatTimes(e.lo)}–${formatTimes(e.hi)}`;

/** nvinx's hint's cost, attributed: one rule of thumb for every spill, not a figure of this bench (its text as nvinx gives it). */
const nvinxRule = (hint: OverflowHint) => `nvinx's rule of thumb for any spill, “${hint.estimated_slowdown}”`;

/**
 * The slowdown the hardware card's bandwidths give, with the formulas and figures, in place of
 * nvinx's rule of thumb (named as nvinx's; the hint and the exports keep its text as nvinx
 * gives it), and what would fix a spill far worse than nvinx's figure. Without the bandwidths:
 * nvinx's rule, and what to add for a figure of this bench.
 */
function OverflowEstimate({ hint, e }: { hint: OverflowHint; e: ReturnType<typeof hintSlowdown> }) {
  if (e === null) {
    return (
      <p className="overflow-estimate muted">
        Cost: {nvinxRule(hint)}, not a figure of this bench. Give the hardware card its GPU bandwidth and its PCIe or
        RAM bandwidth (or pick a GPU) for an estimate from them.
      </p>
    );
  }
  const times = timesOf(e);
  const total = hint.model.ram_gb_needed ?? 0;
  const fixes = overflowFixes(total, hint.gpu_gb, hint.headroom_gb);
  const style = (s: 'llama.cpp' | 'accelerate') =>
    s === 'llama.cpp'
      ? 'llama.cpp style, the spilled layers run on the CPU, reading RAM'
      : 'accelerate style (device_map="auto", as nvinx\'s hint runs it), the spilled weights cross PCIe every forward pass';
  return (
    <section className="overflow-estimate" aria-label="Overflow time from your bandwidths">
      <p>
        <strong>From your bandwidths: {times} slower than all-in-VRAM</strong>: this bench&apos;s figure, in place of{' '}
        {nvinxRule(hint)}.
      </p>
      <ul>
        {e.styles.map((s) => (
          <li key={s.style}>
            {style(s.style)}: {s.formula}
          </li>
        ))}
      </ul>
      {farWorseThan(e, OVERFLOW_SLOWDOWN.max) ? (
        <p className="overflow-fix">
          <strong>
            That is {formatTimes(e.hi / OVERFLOW_SLOWDOWN.max)} nvinx&apos;s {OVERFLOW_SLOWDOWN.max}× at its worst.
          </strong>{' '}
          What would fix it: quantize {hint.model.name} to fit the {gb(hint.gpu_gb)} GB of VRAM (read as 16-bit weights,
          its {gb(total)} GB would be{' '}
          {fixes.quantized.map((q, i) => (
            <span key={q.name}>
              {i > 0 ? ' and ' : ''}
              {gb(q.gb)} GB in {q.name} ({q.fits ? 'fits' : 'does not fit'})
            </span>
          ))}
          )
          {fixes.cards.length > 0 ? (
            <>
              , or a card that holds all {gb(total)} GB with {gb(hint.headroom_gb)} GB headroom:{' '}
              {listNames(fixes.cards.map((g) => `${g.name} (${g.bandwidth_gbps} GB/s)`))}
            </>
          ) : (
            ', or a card with more VRAM than the catalog lists'
          )}
          .
        </p>
      ) : null}
      <p className="field-hint">
        Σ bytes on each path ÷ its bandwidth, at one token per pass; leaves out prompt processing, copies overlapping
        compute and the CPU&apos;s own limits. Measured offload is often slower.
      </p>
    </section>
  );
}

/** A code snippet to pass on, with a Copy button and what the copy did (one for every hint). */
function SnippetBox({ title, label, snippet }: { title: string; label: string; snippet: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Could not copy: select the text and copy it by hand.');
    }
  };
  return (
    <div className="hint">
      <h4>{title}</h4>
      <pre tabIndex={0} aria-label={label}>
        <code>{snippet}</code>
      </pre>
      <button type="button" onClick={() => void copy()}>
        Copy snippet
      </button>
      <span role="status" className="muted">
        {copied}
      </span>
    </div>
  );
}

function OverflowPanel({ hint, hw, colors, vramTitle }: PanelProps & { hint: OverflowHint }) {
  const gpuShown = Math.min(hint.gpu_gb, hw.vram_gb);
  const color = colorIn(colors, hint.model.name);
  const slowdown = hintSlowdown(hint, hw);
  return (
    <>
      <ChartFigure
        title={vramTitle}
        unit="GB"
        max={hw.vram_gb}
        segments={[
          { key: 'gpu', label: `${hint.model.name} on the GPU`, value: gpuShown, color },
          {
            key: 'headroom',
            label: 'Headroom',
            value: Math.min(hint.headroom_gb, hw.vram_gb - gpuShown),
            color: HEADROOM_COLOR,
            hatched: true,
          },
          free(hw.vram_gb - gpuShown - hint.headroom_gb),
        ]}
        summary={`${gb(hint.gpu_gb)} GB of ${hint.model.name} stays in VRAM.`}
      />
      <ChartFigure
        title="System RAM"
        unit="GB"
        max={hw.ram_gb}
        segments={[
          { key: 'spill', label: `${hint.model.name} spilled to RAM`, value: hint.cpu_gb, color },
          free(hw.ram_gb - hint.cpu_gb),
        ]}
        summary={`${gb(hint.cpu_gb)} GB spills to system RAM, ${gb(hw.ram_gb - hint.cpu_gb)} GB of RAM stays free. ${
          slowdown === null
            ? `Cost: ${nvinxRule(hint)}.`
            : `From your bandwidths: ${timesOf(slowdown)} slower than all-in-VRAM (in place of ${nvinxRule(hint)}).`
        }`}
      />
      <OverflowEstimate hint={hint} e={slowdown} />
      <SnippetBox
        title="Pass to from_pretrained"
        label="from_pretrained snippet"
        snippet={fromPretrainedSnippet(hint)}
      />
    </>
  );
}

/** A model split across GPUs: one VRAM bar per GPU, the RAM part, the time and the hint as code. */
function SplitPanel({ hint, hw, colors }: { hint: SplitHint; hw: Hardware; colors: Colors }) {
  const color = colorIn(colors, hint.model.name);
  const gpus = gpusOf(hw);
  const e = splitSlowdown(hint, hw);
  const times = timesOf(e);
  return (
    <>
      {hint.parts.map((p) => {
        const vram = gpus[p.gpu]?.vram_gb ?? p.cap_gb;
        const shown = Math.min(p.gb, vram);
        return (
          <ChartFigure
            key={p.gpu}
            title={`VRAM, ${gpuLabel(hw, p.gpu)}`}
            unit="GB"
            max={vram}
            segments={[
              { key: 'gpu', label: `${hint.model.name}'s part`, value: shown, color },
              {
                key: 'headroom',
                label: 'Headroom',
                value: Math.min(hint.headroom_gb, vram - shown),
                color: HEADROOM_COLOR,
                hatched: true,
              },
              free(vram - shown - hint.headroom_gb),
            ]}
            summary={`${gb(p.gb)} GB of ${hint.model.name} on GPU ${p.gpu} (up to ${gb(p.cap_gb)} GB: its VRAM − ${gb(hint.headroom_gb)} GB headroom).`}
          />
        );
      })}
      {hint.cpu_gb > 0 ? (
        <ChartFigure
          title="System RAM"
          unit="GB"
          max={hw.ram_gb}
          segments={[
            { key: 'spill', label: `${hint.model.name} spilled to RAM`, value: hint.cpu_gb, color },
            free(hw.ram_gb - hint.cpu_gb),
          ]}
          summary={`${gb(hint.cpu_gb)} GB the GPUs cannot hold spills to system RAM.`}
        />
      ) : null}
      <p className="muted">
        Time: {times} as long as all in one GPU&apos;s VRAM — {e.basis}.
      </p>
      <SnippetBox title="Pass to from_pretrained (or llama.cpp)" label="split snippet" snippet={splitSnippet(hint)} />
    </>
  );
}

/** Memoized: after an edit, only the windows whose result changed re-render (and redraw their charts). */
const WindowPanel = memo(function WindowPanel({
  result,
  hw,
  index,
  colors,
  calibration,
  models,
}: {
  result: WindowResult;
  hw: Hardware;
  /** The bench's cards (what a refused window's split advice reads). */
  models: readonly ModelCard[];
  index: number;
  colors: Colors;
  calibration: Calibration | undefined;
}) {
  const w = result.window;
  const bench = hw;
  // A one-GPU window is drawn on its own GPU's card (a one-GPU bench: the hardware card).
  const gpus = windowGpus(w);
  const own = gpuHardware(bench, gpus[0] ?? 0) ?? bench;
  const several = gpuCount(bench) > 1;
  const vramTitle = several ? `VRAM, ${gpuLabel(bench, gpus[0] ?? 0)}` : 'VRAM';
  // A job too big for its GPU: another GPU, or a split, may hold it (or why not).
  const card = adviceCard(w);
  const advice =
    several && result.kind === 'refused' && card !== null
      ? splitAdviceOn(
          bench,
          w,
          models.find((m) => m.name === card),
        )
      : null;
  return (
    <article className="panel plan-window" aria-labelledby={`plan-${index}`}>
      <h3 id={`plan-${index}`}>
        <span className="step">{index + 1}</span> {w.name} <span className="pattern-tag">{result.pattern}</span>
        {several ? (
          <span className="gpu-tag">
            {' '}
            {gpus.length > 1 ? `GPUs ${gpus.join(' + ')}` : gpuLabel(bench, gpus[0] ?? 0)}
          </span>
        ) : null}
      </h3>
      {result.kind === 'refused' ? (
        <div className="refusal" role="note">
          <p>
            <strong>Refused:</strong> {result.error.message}.
          </p>
          <p>
            <strong>What would fix it:</strong> {result.error.fix}
          </p>
          {advice === null ? null : (
            <p>
              <strong>On this bench&apos;s GPUs:</strong> {advice.text}
            </p>
          )}
        </div>
      ) : result.kind === 'plan' && result.pattern === 'fractional_coresidency' ? (
        <CoresidencyPanel plan={result.plan} hw={own} colors={colors} vramTitle={vramTitle} />
      ) : result.kind === 'plan' ? (
        <HandoffPanel plan={result.plan} hw={own} colors={colors} vramTitle={vramTitle} />
      ) : result.kind === 'split' ? (
        <SplitPanel hint={result.hint} hw={bench} colors={colors} />
      ) : (
        <OverflowPanel hint={result.hint} hw={own} colors={colors} vramTitle={vramTitle} />
      )}
      {result.kind === 'plan' && result.interference !== undefined && calibration !== undefined ? (
        <InterferencePanel result={result} plan={result.plan} report={result.interference} calibration={calibration} />
      ) : null}
      {result.kind === 'plan' ? <p className="nvinx-note">nvinx: {result.plan.notes.join(' ')}</p> : null}
      {result.kind === 'overflow' ? <p className="nvinx-note">nvinx: {result.hint.notes}</p> : null}
      {result.kind === 'split' ? <p className="nvinx-note">planner: {result.hint.notes}</p> : null}
    </article>
  );
});

function PlanList({
  plan,
  hw,
  models,
  colors,
  calibration,
}: {
  plan: BenchPlan;
  hw: Hardware;
  models: readonly ModelCard[];
  colors: Colors;
  calibration?: Calibration | undefined;
}) {
  return (
    <>
      {plan.windows.length === 0 ? <p className="muted">No windows yet: add one, or press “Suggest windows”.</p> : null}
      {plan.windows.map((r, i) => (
        <WindowPanel key={i} result={r} hw={hw} models={models} index={i} colors={colors} calibration={calibration} />
      ))}
      {plan.unplaced.length > 0 ? (
        <section className="panel" aria-labelledby="unplaced-title">
          <h3 id="unplaced-title">Cards no window runs ({plan.unplaced.length})</h3>
          <ul>
            {plan.unplaced.slice(0, 50).map((u) => (
              <li key={u.name}>{u.reason}</li>
            ))}
          </ul>
          {plan.unplaced.length > 50 ? <p className="muted">…and {plan.unplaced.length - 50} more.</p> : null}
        </section>
      ) : null}
    </>
  );
}

/** Fields whose text is not valid: the plan says it still uses their last valid value. */
function InvalidFields() {
  const fields = usePlanner(useShallow((s) => Object.values(s.invalidFields)));
  return (
    <Live>
      {fields.length === 0 ? null : (
        <p className="stale-note">
          {fields.length === 1 ? 'A field is' : `${fields.length} fields are`} not valid; the plan uses the last valid{' '}
          {fields.length === 1 ? 'value' : 'values'}: {fields.slice(0, 5).join('; ')}
          {fields.length > 5 ? '; …' : ''}. Fix the {fields.length === 1 ? 'field' : 'fields'} to re-plan.
        </p>
      )}
    </Live>
  );
}

export function PlanView() {
  const { plan, bench } = usePlan();
  const hw = bench.hardware;
  const colors = useCardColors();
  return (
    <PlanSection>
      <InvalidFields />
      <PlanList plan={plan} hw={hw} models={bench.models} colors={colors} calibration={bench.interference} />
    </PlanSection>
  );
}
