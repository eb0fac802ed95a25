"""The Python side of `npm run bench`: load a bench YAML with PyYAML's C loader and run
the three patterns as nvinx 0.1 specifies them (a re-statement of the published
behaviour, since nvinx itself is not installable on this machine), composing windows
with the planner's rules. Prints nothing but the number of windows planned."""
import sys
import yaml


def serial_handoff(job, cands, hw):
    if job["residency"] != "GPU_EXCLUSIVE" or job["vram_gb"] > hw["vram_gb"]:
        raise ValueError(job["name"])
    cpu, uns = [], []
    for c in cands:
        (cpu if c["residency"] == "CPU_ONLY" or c.get("cpu_fallback_supported") else uns).append(c)
    return cpu, uns


def fractional_coresidency(cands, hw, headroom=0.5):
    budget = hw["vram_gb"] - headroom
    if budget <= 0:
        raise ValueError("budget")
    packed, cpu, uns, used = [], [], [], 0.0
    for c in sorted(cands, key=lambda m: m["vram_gb"], reverse=True):
        if c["residency"] == "GPU_EXCLUSIVE":
            uns.append(c)
        elif c["residency"] == "CPU_ONLY":
            cpu.append(c)
        elif used + c["vram_gb"] <= budget:
            packed.append(c)
            used += c["vram_gb"]
        elif c.get("cpu_fallback_supported"):
            cpu.append(c)
        else:
            uns.append(c)
    return packed, cpu, uns


def ram_overflow(m, hw, headroom=0.5):
    if not m.get("ram_overflow_supported") or m.get("ram_gb_needed") is None or m["ram_gb_needed"] > hw["ram_gb"]:
        raise ValueError(m["name"])
    g = max(0.0, hw["vram_gb"] - headroom)
    return {0: f"{g:.1f}GiB", "cpu": f"{max(0.0, m['ram_gb_needed'] - g):.1f}GiB"}


def main(path):
    with open(path) as f:
        doc = yaml.load(f, Loader=yaml.CLoader)
    hw, models = doc["hardware"], doc["models"]
    n = 0
    excl = [m for m in models if m["residency"] == "GPU_EXCLUSIVE" and m["vram_gb"] <= hw["vram_gb"]]
    cpu = [m for m in models if m["residency"] == "CPU_ONLY"]
    for i, job in enumerate(excl):
        serial_handoff(job, cpu if i == 0 else [], hw)
        n += 1
    shared = [m for m in models if m["residency"] == "GPU_SHARED"]
    if shared:
        fractional_coresidency(shared, hw)
        n += 1
    for m in models:
        if m["residency"] == "GPU_RAM_OVERFLOW":
            try:
                ram_overflow(m, hw)
            except ValueError:
                pass
            n += 1
    print(n)


if __name__ == "__main__":
    main(sys.argv[1])
