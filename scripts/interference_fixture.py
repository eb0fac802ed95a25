"""Expected outputs of nvinx 0.3.0a2's fractional_coresidency_v2, for the planner's differential test.

Generates benches and calibrations from a seed (random cards, odd names, profiles for some
cards, theta missing, zero kernels or zero active time, gamma None/0/fitted, idle-delay
polynomials, thresholds, pair lookups in either orientation), runs nvinx 0.3.0a2's own
``fractional_coresidency_v2`` and ``predict_pair_latency`` on each, and prints JSON: the
inputs (a calibration as nvinx-calibrate writes calibration_result.json, the cards, the
window) and what nvinx gives (the notes, and each measured pair's prediction).

nvinx 0.3.0a2's source is not part of this repository: point PYTHONPATH at its ``src``
(``git -C <nvinx mirror> archive v0.3.0a2 src/nvinx | tar -x -C DIR``; PYTHONPATH=DIR/src).

    python3 scripts/interference_fixture.py [--seed N] [--cases N] > src/core/testdata/interference-v2.json
"""

import argparse
import json
import random
import sys
import warnings

from nvinx.catalog import HardwareSpec, ModelSpec, Residency
from nvinx.interference import (
    HardwareCoefficients,
    InterferenceProfile,
    PairLookupEntry,
    predict_pair_latency,
)
from nvinx.patterns import fractional_coresidency_v2

NAMES = ["esm2", "qwen_05b", "whisper", "a", "b", "job 7", "Ünïcode", "\U0001f600emoji", "\uff5ewide", "x+y", "__proto__", "z"]


def rnd_ms(r):
    return r.choice([0.0, round(r.uniform(0.01, 0.5), 3), round(r.uniform(1, 200), r.choice([1, 2, 3])), r.uniform(0.1, 500)])


def make_case(r, i):
    n = r.randint(1, 6)
    names = r.sample(NAMES, n)
    cards = []
    for name in names:
        residency = r.choices(["GPU_SHARED", "CPU_ONLY", "GPU_EXCLUSIVE"], weights=[8, 1, 1])[0]
        cards.append(
            {
                "name": name,
                "vram_gb": r.choice([0.5, 0.6, 1.0, round(r.uniform(0.1, 3), 2), round(r.uniform(0.1, 2), 1)]),
                "residency": residency,
                "cpu_fallback_supported": r.random() < 0.3,
            }
        )
    vram = r.choice([4.0, 8.0, 24.0, 2.5])
    headroom_int = r.random() < 0.15
    headroom = r.choice([0, 1]) if headroom_int else r.choice([0.5, 0.25, 1.5])
    profiles = {}
    for c in cards:
        if r.random() < 0.8:
            act = rnd_ms(r)
            kernels = r.choice([0, r.randint(1, 3000)])
            pname = c["name"] if r.random() < 0.9 else c["name"] + "_profiled"
            profiles[c["name"]] = {
                "name": pname,
                "kernels": kernels,
                "baseidle_ms": r.choice([0.0, round(r.uniform(0, 1), 3)]),
                "act_solo_ms": act,
                "l2_saturation_pct": round(r.uniform(0, 60), 1),
                "k_l2": 0.0,
                "theta": None if r.random() < 0.15 else r.choice([0.0, round(r.uniform(0, 6), 2), r.uniform(0, 10)]),
                "power_w": round(r.uniform(0, 40), 1),
                "architecture_class": r.choice(["unknown", "encoder_transformer", "decoder_transformer"]),
            }
    poly = r.choice([[], [6.42, -7.0], [r.uniform(-2, 2), r.uniform(-5, 5), r.uniform(0, 3)], [0.5]])
    gamma = r.choice([None, 0.0, 0.75, r.uniform(-0.2, 1.5)])
    keys = list(profiles)
    pairs = []
    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            if r.random() < 0.6:
                pairs.append([keys[a], keys[b], round(r.uniform(1, 300), 2), round(r.uniform(1, 300), 2)])
    lookup = None
    if r.random() < 0.4 and len(keys) >= 2:
        lookup = []
        seen = set()
        for _ in range(r.randint(1, 3)):
            pa, pb = r.sample(keys, 2)
            na, nb = profiles[pa]["name"], profiles[pb]["name"]
            canon = tuple(sorted([na, nb]))
            if canon in seen:
                continue
            seen.add(canon)
            lookup.append(
                {"pair": [na, nb], "measured_latency_a_ms": round(r.uniform(1, 300), 1), "measured_latency_b_ms": round(r.uniform(1, 300), 1), "measured_at": ""}
            )
    threshold = r.choice([None, None, 10.0, 50, r.uniform(0, 200)])
    calibration = {
        "hw_coefs": {"idlef_polynomial": poly, "powerp_linear": [0.0], "nominal_freq_mhz": 1530.0, "tdp_watts": 40.0, "substrate_name": f"bench_{i}"},
        "profiles": profiles,
        "pair_measurements": pairs,
        "lopo_mean_pct": round(r.uniform(5, 30), 2),
        "lopo_max_pct": round(r.uniform(30, 60), 2),
        "gamma_kernel_size": gamma,
        "lopo_mean_pct_v5": None if gamma is None else round(r.uniform(5, 30), 2),
        "lopo_max_pct_v5": None if gamma is None else round(r.uniform(30, 60), 2),
        "notes": [f"generated case {i}"],
    }
    if lookup is not None:
        calibration["pair_lookup"] = lookup
    if threshold is not None:
        calibration["max_kernel_rate_threshold"] = threshold
    return {"hardware": {"vram_gb": vram, "ram_gb": 32.0, "cpu_cores": 8}, "cards": cards, "headroom_gb": headroom, "headroom_is_int": headroom_int, "calibration": calibration}


def run(case):
    cal = case["calibration"]
    hw = HardwareSpec(**case["hardware"])
    specs = [
        ModelSpec(name=c["name"], vram_gb=c["vram_gb"], residency=Residency[c["residency"]], cpu_fallback_supported=c["cpu_fallback_supported"])
        for c in case["cards"]
    ]
    h = cal["hw_coefs"]
    coefs = HardwareCoefficients(
        idlef_polynomial=tuple(h["idlef_polynomial"]), powerp_linear=tuple(h["powerp_linear"]),
        nominal_freq_mhz=h["nominal_freq_mhz"], tdp_watts=h["tdp_watts"], substrate_name=h["substrate_name"],
    )
    profiles = {k: InterferenceProfile(**p) for k, p in cal["profiles"].items()}
    lookup = None
    if "pair_lookup" in cal:
        lookup = {}
        for e in cal["pair_lookup"]:
            lookup[tuple(sorted(e["pair"]))] = PairLookupEntry(
                pair=tuple(e["pair"]), measured_latency_a_ms=e["measured_latency_a_ms"],
                measured_latency_b_ms=e["measured_latency_b_ms"], measured_at=e["measured_at"],
            )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the substrate-class gate's RuntimeWarning (no GPU here)
        plan = fractional_coresidency_v2(
            specs, hw, headroom_gb=case["headroom_gb"], interference_profiles=profiles, hw_coefs=coefs,
            pair_lookup=lookup, max_kernel_rate_threshold=cal.get("max_kernel_rate_threshold"),
            gamma_kernel_size=cal["gamma_kernel_size"],
        )
        measured = []
        for a, b, _ma, _mb in cal["pair_measurements"]:
            pa, pb, src = predict_pair_latency(profiles[a], profiles[b], coefs, pair_lookup=lookup, gamma_kernel_size=cal["gamma_kernel_size"])
            measured.append([pa, pb, src])
    return {**case, "notes": plan.notes, "measured_predictions": measured}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--cases", type=int, default=40)
    args = ap.parse_args()
    r = random.Random(args.seed)
    cases = [run(make_case(r, i)) for i in range(args.cases)]
    json.dump({"nvinx": "v0.3.0a2", "generator": "scripts/interference_fixture.py", "seed": args.seed, "cases": cases}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
