"""Test shim: nvinx 0.1's three patterns as its README states them."""
from .catalog import Residency, SchedulingPlan


def serial_handoff(gpu_job, cpu_candidates, hw):
    if gpu_job.residency != Residency.GPU_EXCLUSIVE:
        raise ValueError(f"{gpu_job.name} is not GPU_EXCLUSIVE")
    if gpu_job.vram_gb > hw.vram_gb:
        raise ValueError(f"{gpu_job.name} exceeds VRAM")
    plan = SchedulingPlan(gpu_foreground=gpu_job)
    for c in cpu_candidates:
        if c.residency == Residency.CPU_ONLY or c.cpu_fallback_supported:
            plan.cpu_parallel.append(c)
        else:
            plan.unscheduled.append(c)
    plan.notes.append(
        f"Pattern A (serial_handoff): GPU held by {gpu_job.name}; "
        f"{len(plan.cpu_parallel)} CPU workload(s) run in parallel."
    )
    return plan


def fractional_coresidency(candidates, hw, headroom_gb=0.5):
    budget = hw.vram_gb - headroom_gb
    if budget <= 0:
        raise ValueError("no VRAM budget")
    plan = SchedulingPlan()
    used = 0.0
    for c in sorted(candidates, key=lambda m: m.vram_gb, reverse=True):
        if c.residency == Residency.GPU_EXCLUSIVE:
            plan.unscheduled.append(c)
        elif c.residency == Residency.CPU_ONLY:
            plan.cpu_parallel.append(c)
        elif used + c.vram_gb <= budget:
            plan.gpu_coresident.append(c)
            used += c.vram_gb
        elif c.cpu_fallback_supported:
            plan.cpu_parallel.append(c)
        else:
            plan.unscheduled.append(c)
    plan.notes.append(
        f"Pattern B (fractional_coresidency): {len(plan.gpu_coresident)} model(s) "
        f"co-resident; {used:.2f}/{budget:.2f} GB VRAM used (+ {headroom_gb} GB headroom)."
    )
    return plan


def ram_overflow(model, hw, headroom_gb=0.5):
    if not model.ram_overflow_supported or model.ram_gb_needed is None or model.ram_gb_needed > hw.ram_gb:
        raise ValueError(f"{model.name} cannot overflow")
    gpu = max(0.0, hw.vram_gb - headroom_gb)
    cpu = max(0.0, model.ram_gb_needed - gpu)
    return {
        "device_map": "auto",
        "max_memory": {0: f"{gpu:.1f}GiB", "cpu": f"{cpu:.1f}GiB"},
        "estimated_slowdown": "3-5x vs. pure-GPU inference",
        "notes": f"Pattern C (ram_overflow): {model.name} split across GPU ({gpu:.1f} GB) and system RAM ({cpu:.1f} GB).",
    }
