/**
 * A Python script that reproduces the planner's plan with nvinx 0.1 (HardwareSpec,
 * ModelSpec and each window's pattern call) and checks nvinx's answer against what the
 * planner decided, window by window, so a reader can verify the planner with the library.
 */
import { DEFAULT_HEADROOM_GB, formatRepr, planBench, type Bench, type ModelCard, type WindowResult } from '../core';

/** A Python string literal (JSON's escapes are valid Python escapes). */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

const pyNum = (n: number) => formatRepr(n);
const pyBool = (b: boolean) => (b ? 'True' : 'False');
const pyList = (items: readonly string[]) => `[${items.join(', ')}]`;
const names = (cards: readonly ModelCard[]) => pyList(cards.map((c) => pyStr(c.name)));

/** A `# ...` comment line, with line breaks in user text flattened. */
const comment = (s: string) => `# ${s.replace(/[\r\n]+/g, ' ')}`;

function modelSpec(m: ModelCard): string {
  return (
    `ModelSpec(name=${pyStr(m.name)}, vram_gb=${pyNum(m.vram_gb)}, residency=Residency.${m.residency}, ` +
    `cpu_fallback_supported=${pyBool(m.cpu_fallback_supported)}, ` +
    `ram_overflow_supported=${pyBool(m.ram_overflow_supported)}, ` +
    `ram_gb_needed=${m.ram_gb_needed === null ? 'None' : pyNum(m.ram_gb_needed)})`
  );
}

const headroomArg = (h: number) => (h === DEFAULT_HEADROOM_GB ? '' : `, headroom_gb=${pyNum(h)}`);

function windowBlock(r: WindowResult, index: number): string[] {
  const w = r.window;
  const title = `${index + 1}. ${w.name} (${w.pattern})`;
  const lines = ['', comment(`Window ${title}`)];
  const m = (n: string) => `M[${pyStr(n)}]`;
  const call =
    w.pattern === 'serial_handoff'
      ? `serial_handoff(${m(w.gpu_job)}, ${pyList(w.candidates.map(m))}, hw)`
      : w.pattern === 'fractional_coresidency'
        ? `fractional_coresidency(${pyList(w.candidates.map(m))}, hw${headroomArg(w.headroom_gb)})`
        : `ram_overflow(${m(w.model)}, hw${headroomArg(w.headroom_gb)})`;
  if (r.kind === 'refused' && r.error.code === 'unknown_card') {
    lines.push(comment(`Skipped: ${r.error.message}.`));
  } else if (r.kind === 'refused') {
    lines.push(comment(`The planner says nvinx refuses: ${r.error.message}.`));
    lines.push(`expect_refusal(${pyStr(title)}, lambda: ${call})`);
  } else if (r.kind === 'overflow') {
    const mm = r.hint.max_memory;
    lines.push(`hint = ${call}`);
    lines.push(
      `check_hint(${pyStr(title)}, hint, {0: ${pyStr(mm['0'])}, "cpu": ${pyStr(mm.cpu)}}, ${pyStr(r.hint.notes)})`,
    );
  } else {
    const p = r.plan;
    lines.push(`plan = ${call}`);
    lines.push(`check_plan(${pyStr(title)}, plan, {`);
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


def report(title, ok, detail=""):
    global failures
    print(("OK   " if ok else "DIFF ") + title + ("" if ok else "\\n     " + detail))
    if not ok:
        failures += 1


def check_plan(title, plan, expected):
    got = {
        "gpu_foreground": plan.gpu_foreground.name if plan.gpu_foreground else None,
        "gpu_coresident": [m.name for m in plan.gpu_coresident],
        "cpu_parallel": [m.name for m in plan.cpu_parallel],
        "overflow": [m.name for m in plan.overflow],
        "unscheduled": [m.name for m in plan.unscheduled],
        "notes": list(plan.notes),
    }
    diff = {k: (got[k], v) for k, v in expected.items() if got[k] != v}
    report(title, not diff, "nvinx vs planner: " + repr(diff))


def check_hint(title, hint, max_memory, notes):
    ok = hint["device_map"] == "auto" and hint["max_memory"] == max_memory
    report(title, ok, "nvinx " + repr(hint["max_memory"]) + " vs planner " + repr(max_memory))
    if hint.get("notes") not in (None, notes):
        print("     note differs: " + repr(hint.get("notes")))


def expect_refusal(title, call):
    try:
        call()
    except Exception as e:  # nvinx raises ValueError
        report(title, True)
        print("     nvinx: " + str(e))
    else:
        report(title, False, "nvinx planned this window; the planner refused it")
`;

/** The script for this bench; `fileName` is only used in its usage line. */
export function writePythonScript(bench: Bench, fileName = 'plan.py'): string {
  const plan = planBench(bench);
  const hw = bench.hardware;
  const out = [
    '#!/usr/bin/env python3',
    comment(`${bench.name ?? 'Bench'}: the nvinx planner's plan, reproduced with nvinx 0.1.`),
    comment(`Usage: pip install "nvinx==0.1.*" && python ${fileName}`),
    comment('Each window calls its nvinx pattern and compares the answer with the planner (OK or DIFF).'),
    ...(plan.composed ? [comment('The bench has no windows: these are the ones the planner composed.')] : []),
    'import sys',
    '',
    'from nvinx.catalog import HardwareSpec, ModelSpec, Residency',
    'from nvinx.patterns import fractional_coresidency, ram_overflow, serial_handoff',
    '',
    `hw = HardwareSpec(vram_gb=${pyNum(hw.vram_gb)}, ram_gb=${pyNum(hw.ram_gb)}, cpu_cores=${hw.cpu_cores})`,
    '',
    'M = {',
    ...bench.models.map((m) => `    ${pyStr(m.name)}: ${modelSpec(m)},`),
    '}',
    '',
    HELPERS,
    ...plan.windows.flatMap(windowBlock),
    '',
    'sys.exit(1 if failures else 0)',
    '',
  ];
  return out.join('\n');
}
