/**
 * A Python script that reproduces the planner's plan with nvinx 0.1 (HardwareSpec,
 * ModelSpec and each window's pattern call) and checks nvinx's answer against what the
 * planner decided, window by window, so a reader can verify the planner with the library.
 */
import type { Bench, ModelCard, SplitWindow, WindowSpec } from '../core/types';
import { gpuCount, gpuHardware, gpusOf, windowGpus } from '../core/bench-gpus';
import { formatRepr, pyNumber, pyStr } from '../core/pyformat';
import { planBench, type WindowResult } from '../core/day';
import { HARDWARE_FIELDS, MODEL_FIELDS, WINDOW_FIELDS, type FieldSpec } from '../bench/bench-schema';

const pyNum = (n: number) => formatRepr(n);
const pyBool = (b: boolean) => (b ? 'True' : 'False');
const pyList = (items: readonly string[]) => `[${items.join(', ')}]`;
const names = (cards: readonly ModelCard[]) => pyList(cards.map((c) => pyStr(c.name)));

/** A `# ...` comment line; control characters in user text (line breaks, NUL) become spaces. */
const comment = (s: string) => `# ${[...s].map((c) => (c < ' ' || c === '\x7f' ? ' ' : c)).join('')}`;

/** A field's value as Python source, by its type in the bench schema. */
function pyValue(f: FieldSpec, v: unknown): string {
  if (v === null || v === undefined) return 'None';
  switch (f.type.type) {
    case 'number':
      return f.type.rule.integer === true ? String(v) : pyNum(v as number);
    case 'boolean':
      return pyBool(v as boolean);
    case 'residency':
      return `Residency.${String(v)}`;
    default:
      return pyStr(String(v));
  }
}

/** nvinx's keyword arguments for an object, from the schema's fields that nvinx has. */
function pyArgs(fields: readonly FieldSpec[], obj: object): string {
  const rec = obj as Record<string, unknown>;
  return fields
    .filter((f) => f.python !== undefined)
    .map((f) => `${f.python}=${pyValue(f, rec[f.key] ?? ('default' in f ? f.default : undefined))}`)
    .join(', ');
}

const modelSpec = (m: ModelCard): string => `ModelSpec(${pyArgs(MODEL_FIELDS, m)})`;

/**
 * A window's pattern call, from its fields in the schema: the cards positional (in the
 * table's order), the hardware, then the keyword arguments, each left out at nvinx's
 * default. A figure written as an integer stays an int (`headroom_gb=0`), as PyYAML would
 * give it to nvinx, so nvinx's note reads `(+ 0 GB headroom)`.
 */
function patternCall(w: Exclude<WindowSpec, SplitWindow>, hw: string): string {
  const rec = w as unknown as Record<string, unknown>;
  const m = (n: string) => `M[${pyStr(n)}]`;
  const args: string[] = [];
  const keywords: string[] = [];
  for (const f of WINDOW_FIELDS[w.pattern] as readonly FieldSpec[]) {
    const v = rec[f.key];
    if (f.type.type === 'card') args.push(m(v as string));
    else if (f.type.type === 'cards') args.push(pyList((v as readonly string[]).map(m)));
    else if (f.python !== undefined) {
      const isInt = f.intKey !== undefined && rec[f.intKey] === true;
      if (v === f.default && !isInt) continue;
      keywords.push(`${f.python}=${typeof v === 'number' ? pyNumber(v, isInt) : pyValue(f, v)}`);
    }
  }
  return `${w.pattern}(${[...args, hw, ...keywords].join(', ')})`;
}

/** A multi_gpu_split window: the planner's own pattern, its max_memory recomputed in plain Python. */
function splitBlock(r: WindowResult, w: SplitWindow, title: string, bench: Bench): string[] {
  const lines = [comment("multi_gpu_split is the planner's own pattern (nvinx 0.1 has none): its max_memory,")];
  lines.push(comment('recomputed below in plain Python from the GPUs, the footprint and the headroom.'));
  if (r.kind === 'refused') {
    lines.push(comment(`The planner refuses it: ${r.error.message}.`));
    return lines;
  }
  if (r.kind !== 'split') return lines;
  const h = r.hint;
  const vram = gpusOf(bench.hardware).map((g) => g.vram_gb);
  const gpus = pyList([...w.gpus].sort((a, b) => a - b).map((k) => `(${k}, ${pyNum(vram[k]!)})`));
  const mm = Object.entries(h.max_memory).map(([k, v]) => `${pyStr(k)}: ${pyStr(v)}`);
  lines.push(
    `check_split(${pyStr(title)}, ${gpus}, ${pyNum(h.total_gb)}, ${pyNumber(w.headroom_gb, w.headroom_is_int === true)}, {${mm.join(', ')}})`,
  );
  return lines;
}

function windowBlock(r: WindowResult, index: number, bench: Bench): string[] {
  const w = r.window;
  const several = gpuCount(bench.hardware) > 1;
  const title = `${index + 1}. ${w.name} (${w.pattern}${several ? ` on GPU ${windowGpus(w).join(' + ')}` : ''})`;
  const t = pyStr(title);
  const lines = ['', comment(`Window ${title}`)];
  if (w.pattern === 'multi_gpu_split') return [...lines, ...splitBlock(r, w, title, bench)];
  // One HardwareSpec per GPU: each one-GPU window is checked on its own GPU's.
  const call = patternCall(w, several ? `HW[${w.gpu ?? 0}]` : 'hw');
  if (r.kind === 'refused' && r.error.code === 'unknown_gpu') {
    lines.push(comment(`Skipped: ${r.error.message}.`));
  } else if (r.kind === 'refused' && r.error.code === 'unknown_card') {
    lines.push(comment(`Skipped: ${r.error.message}.`));
  } else if (r.kind === 'refused') {
    lines.push(comment(`The planner says nvinx refuses: ${r.error.message}.`));
    lines.push(`expect_refusal(${t}, lambda: ${call})`);
  } else if (r.kind === 'overflow') {
    const h = r.hint;
    lines.push(`check_hint(${t}, lambda: ${call}, {`);
    lines.push(`    "device_map": ${pyStr(h.device_map)},`);
    lines.push(`    "max_memory": {0: ${pyStr(h.max_memory['0'])}, "cpu": ${pyStr(h.max_memory.cpu)}},`);
    lines.push(`    "estimated_slowdown": ${pyStr(h.estimated_slowdown)},`);
    lines.push(`    "notes": ${pyStr(h.notes)},`);
    lines.push('})');
  } else if (r.kind === 'plan') {
    const p = r.plan;
    lines.push(`check_plan(${t}, lambda: ${call}, {`);
    lines.push(`    "gpu_foreground": ${p.gpu_foreground === null ? 'None' : pyStr(p.gpu_foreground.name)},`);
    lines.push(`    "gpu_coresident": ${names(p.gpu_coresident)},`);
    lines.push(`    "cpu_parallel": ${names(p.cpu_parallel)},`);
    lines.push(`    "overflow": ${names(p.overflow)},`);
    lines.push(`    "unscheduled": ${names(p.unscheduled)},`);
    lines.push(`    "notes": ${pyList(p.notes.map(pyStr))},`);
    lines.push('})');
  }
  return lines;
}

const HELPERS = `failures = 0
sys.stdout.reconfigure(errors="backslashreplace")  # a name the console cannot show still prints


def report(title, diffs):
    """Print OK or DIFF for one window, with one line per difference."""
    global failures
    print(("DIFF " if diffs else "OK   ") + title)
    for line in diffs:
        print("     " + line)
    if diffs:
        failures += 1


def same(a, b):
    """Equal and of the same types all the way down (0 is not False, "0" is not 0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        keys = {(type(k), k) for k in a}
        return keys == {(type(k), k) for k in b} and all(same(a[k], b[k]) for _, k in keys)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def differences(got, expected):
    """What differs between nvinx's answer and the planner's, one line per key."""
    lines = []
    for k in list(expected) + [k for k in got if k not in expected]:
        if k not in got:
            lines.append(f"{k}: nvinx has none vs planner {expected[k]!r}")
        elif k not in expected:
            lines.append(f"{k}: nvinx {got[k]!r} vs planner has none")
        elif not same(got[k], expected[k]):
            lines.append(f"{k}: nvinx {got[k]!r} vs planner {expected[k]!r}")
    return lines


def raised(e):
    return f"nvinx raised {type(e).__name__}: {e}"


def check_plan(title, call, expected):
    """Run the window's pattern; every field of nvinx's SchedulingPlan must match the planner's."""
    try:
        plan = call()
        got = {
            "gpu_foreground": None if plan.gpu_foreground is None else plan.gpu_foreground.name,
            "gpu_coresident": [m.name for m in plan.gpu_coresident],
            "cpu_parallel": [m.name for m in plan.cpu_parallel],
            "overflow": [m.name for m in plan.overflow],
            "unscheduled": [m.name for m in plan.unscheduled],
            "notes": plan.notes,
        }
    except Exception as e:
        return report(title, [raised(e) + "; the planner planned this window"])
    report(title, differences(got, expected))


def check_hint(title, call, expected):
    """Run ram_overflow; nvinx's hint must have exactly the planner's keys and values."""
    try:
        hint = call()
    except Exception as e:
        return report(title, [raised(e) + "; the planner planned this window"])
    if not isinstance(hint, dict):
        return report(title, [f"nvinx returned {hint!r}, not a dict"])
    report(title, differences(hint, expected))


def expect_refusal(title, call):
    """The planner refused this window: nvinx must raise ValueError, its refusal, and nothing else."""
    try:
        call()
    except Exception as e:
        if type(e) is ValueError:
            report(title, [])
            print("     nvinx: " + str(e))
        else:
            report(title, [raised(e) + ", not ValueError; the planner refused this window"])
    else:
        report(title, ["nvinx planned this window; the planner refused it"])
`;

const SPLIT_HELPER = `

def check_split(title, gpus, total_gb, headroom_gb, expected):
    """The planner's multi_gpu_split: each GPU (in index order) up to its VRAM - headroom, the rest to RAM."""
    got, caps = {}, 0.0
    for k, vram in gpus:
        cap = max(0.0, vram - headroom_gb)
        got[str(k)] = f"{cap:.1f}GiB"
        caps += cap
    got["cpu"] = f"{max(0.0, total_gb - caps):.1f}GiB"
    report(title, differences(got, expected))
    print("     planner max_memory:   " + repr(expected))
    print("     recomputed in Python: " + repr(got))
`;

/** `hw = HardwareSpec(…)` on one GPU; `HW = [HardwareSpec(…), …]`, one per GPU, on several. */
function hardwareLines(bench: Bench): string[] {
  const hw = bench.hardware;
  const n = gpuCount(hw);
  if (n === 1) return [`hw = HardwareSpec(${pyArgs(HARDWARE_FIELDS, hw)})`];
  return [
    comment(`${n} GPUs: nvinx plans one GPU at a time, so each GPU is a HardwareSpec of its own.`),
    'HW = [',
    ...Array.from(
      { length: n },
      (_, k) => `    HardwareSpec(${pyArgs(HARDWARE_FIELDS, gpuHardware(hw, k)!)}),  # GPU ${k}`,
    ),
    ']',
  ];
}

/** The script for this bench; `fileName` is only used in its usage line. */
export function writePythonScript(bench: Bench, fileName = 'plan.py'): string {
  const plan = planBench(bench);
  const anySplit = plan.windows.some((r) => r.window.pattern === 'multi_gpu_split');
  const out = [
    '#!/usr/bin/env python3',
    comment(`${bench.name ?? 'Bench'}: the nvinx planner's plan, reproduced with nvinx 0.1.`),
    comment(`Usage: pip install "nvinx==0.1.*" && python ${fileName}`),
    comment('Each window calls its nvinx pattern and compares the answer with the planner (OK or DIFF);'),
    comment('the script exits 1 if any window differs.'),
    ...(plan.composed ? [comment('The bench has no windows: these are the ones the planner composed.')] : []),
    'import sys',
    '',
    'from nvinx.catalog import HardwareSpec, ModelSpec, Residency',
    'from nvinx.patterns import fractional_coresidency, ram_overflow, serial_handoff',
    '',
    ...hardwareLines(bench),
    '',
    'M = {',
    ...bench.models.map((m) => `    ${pyStr(m.name)}: ${modelSpec(m)},`),
    '}',
    '',
    HELPERS + (anySplit ? SPLIT_HELPER : ''),
    ...plan.windows.flatMap((r, i) => windowBlock(r, i, bench)),
    '',
    'sys.exit(1 if failures else 0)',
    '',
  ];
  return out.join('\n');
}
