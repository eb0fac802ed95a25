"""The Python side of the CLI benchmarks (`npm run bench`, `npm run bench:cli`).

What a user of nvinx 0.1 would run on a bench file: load it with PyYAML's C loader
(yaml.CLoader), build nvinx's HardwareSpec and ModelSpec objects, and call nvinx's pattern
for every window of the file, in order (a file without windows gets the planner's composed
day, as the CLI does). Uses the installed nvinx when there is one, else the copy of nvinx's
source kept for the tests (src/exports/testdata/nvinx_shim: nvinx cannot be installed on this
project's machines).

Prints one line of JSON shaped like the planner CLI's `--json` line, so the benchmark can
check that both did the same work: for each window its name, pattern, whether it was
refused, and for a plan the card names per placement and nvinx's notes (for ram_overflow,
max_memory and the note).

usage: python3 bench/nvinx_equivalent.py FILE [FILE...]   (one line per file, in order;
src/cli/nvinx-equivalent.test.ts runs it on random benches in one process)
"""
import json
import os
import sys

import yaml

try:
    import nvinx  # noqa: F401  (a real install wins)
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src", "exports", "testdata", "nvinx_shim"))

from nvinx.catalog import HardwareSpec, ModelSpec, Residency
from nvinx.patterns import fractional_coresidency, ram_overflow, serial_handoff

DEFAULT_HEADROOM_GB = 0.5


def model_spec(m):
    return ModelSpec(
        name=m["name"],
        vram_gb=float(m["vram_gb"]),
        residency=Residency[m["residency"]],
        cpu_fallback_supported=bool(m.get("cpu_fallback_supported") or False),
        ram_overflow_supported=bool(m.get("ram_overflow_supported") or False),
        ram_gb_needed=None if m.get("ram_gb_needed") is None else float(m["ram_gb_needed"]),
    )


def compose(models, hw):
    """The planner's composed day (src/core/day.ts composeWindows), for files without windows."""
    fits = lambda m: m.vram_gb <= hw.vram_gb  # noqa: E731
    ex, sh, co = Residency.GPU_EXCLUSIVE, Residency.GPU_SHARED, Residency.CPU_ONLY
    fitting = [m for m in models if m.residency is ex and fits(m)]
    cpu_eligible = [
        m for m in models if m.residency is co or (m.residency is ex and not fits(m) and m.cpu_fallback_supported)
    ]
    windows = [
        {
            "name": f"exclusive: {job.name}",
            "pattern": "serial_handoff",
            "gpu_job": job.name,
            "candidates": [m.name for m in cpu_eligible] if i == 0 else [],
        }
        for i, job in enumerate(fitting)
    ]
    eligible = {id(m) for m in cpu_eligible}
    stack = [m for m in models if m.residency is sh or (not fitting and id(m) in eligible)]
    # Co-resident stacks in turn (src/core/day.ts coresidentStacks): the first over every shared
    # candidate; the shared cards nvinx's plan of it leaves unscheduled, though they fit alone
    # (vram_gb <= VRAM - headroom), packed by nvinx's rule (VRAM descending, used + vram <= budget)
    # into stack after stack, each naming the cards it packs, in card order.
    if stack:
        windows.append({"name": "co-resident stack", "pattern": "fractional_coresidency", "candidates": [m.name for m in stack]})
        budget = hw.vram_gb - DEFAULT_HEADROOM_GB
        try:
            plan = fractional_coresidency(stack, hw, headroom_gb=DEFAULT_HEADROOM_GB)
            left = [m for m in plan.unscheduled if m.residency is sh and m.vram_gb <= budget]
        except ValueError:
            left = []
        order = {id(m): i for i, m in enumerate(stack)}
        while left:
            used, packed, rest = 0.0, [], []
            for m in left:
                if used + m.vram_gb <= budget:
                    packed.append(m)
                    used += m.vram_gb
                else:
                    rest.append(m)
            if not packed:
                break
            packed.sort(key=lambda m: order[id(m)])
            n = sum(1 for w in windows if w["pattern"] == "fractional_coresidency") + 1
            windows.append(
                {"name": f"co-resident stack {n}", "pattern": "fractional_coresidency", "candidates": [m.name for m in packed]}
            )
            left = rest
    for m in models:
        if m.residency is Residency.GPU_RAM_OVERFLOW:
            windows.append({"name": f"overflow: {m.name}", "pattern": "ram_overflow", "model": m.name})
    return windows


def names(ms):
    return [m.name for m in ms]


def run_window(w, by_name, hw):
    out = {"name": w["name"], "pattern": w["pattern"], "refused": False, "plan": None, "hint": None}
    headroom = w.get("headroom_gb")
    headroom = DEFAULT_HEADROOM_GB if headroom is None else float(headroom)
    try:
        if w["pattern"] == "serial_handoff":
            plan = serial_handoff(by_name[w["gpu_job"]], [by_name[n] for n in w.get("candidates") or []], hw)
        elif w["pattern"] == "fractional_coresidency":
            plan = fractional_coresidency([by_name[n] for n in w["candidates"]], hw, headroom_gb=headroom)
        else:
            hint = ram_overflow(by_name[w["model"]], hw, headroom_gb=headroom)
            out["hint"] = {"max_memory": {"0": hint["max_memory"][0], "cpu": hint["max_memory"]["cpu"]}, "notes": hint["notes"]}
            return out
    except ValueError:
        out["refused"] = True
        return out
    out["plan"] = {
        "gpu_foreground": plan.gpu_foreground.name if plan.gpu_foreground else None,
        "gpu_coresident": names(plan.gpu_coresident),
        "cpu_parallel": names(plan.cpu_parallel),
        "overflow": names(plan.overflow),
        "unscheduled": names(plan.unscheduled),
        "notes": list(plan.notes),
    }
    return out


def main(path):
    with open(path, "rb") as f:
        doc = yaml.load(f, Loader=yaml.CLoader)
    h = doc["hardware"]
    hw = HardwareSpec(vram_gb=float(h["vram_gb"]), ram_gb=float(h["ram_gb"]), cpu_cores=int(h["cpu_cores"]))
    raw_models = doc["workload"]["models"] if "workload" in doc else doc["models"]
    models = [model_spec(m) for m in raw_models or []]
    by_name = {m.name: m for m in models}
    windows = doc.get("windows")
    if windows is None and isinstance(doc.get("workload"), dict):
        windows = doc["workload"].get("windows")
    composed = windows is None
    if composed:
        windows = compose(models, hw)
    result = {"file": path, "composed": composed, "windows": [run_window(w, by_name, hw) for w in windows]}
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        main(arg)
