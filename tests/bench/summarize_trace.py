#!/usr/bin/env python3
"""Summarises a Kineto Chrome trace (bench_train --profile): GPU kernel time by kind, the top kernels by time and by launches,
plus how much of the traced span the GPU sat idle. Prints one JSON object.
    tests/bench/summarize_trace.py TRACE.json [--top 40]"""
import argparse
import json
import re
from collections import defaultdict

KINDS = [  # first match wins: cuDNN's attention kernels carry "sm90_" too, so attention comes before gemm
    ("attention", r"flash|fmha|attention|sdpa"),
    ("gemm", r"gemm|cutlass|xmma|nvjet|cublas|sm90_|splitK"),
    ("nf4", r"dequant|quantize4|Quantize"),
    ("fused_norm_swiglu_rope", r"rmsNorm|swiglu|rotary"),
    ("optimizer", r"multi_tensor|foreach|Adam"),
    ("reduce", r"reduce|Reduce|norm|softmax|logsumexp|LogSumExp"),
    ("copy_cast", r"copy|Copy|cast|memcpy|Memcpy|memset|fill|Fill"),
    ("elementwise", r"elementwise|vectorized|Elementwise|unrolled"),
]
SMALL_US = 20


def kind(name):
    for k, pattern in KINDS:
        if re.search(pattern, name):
            return k
    return "other"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    with open(args.trace) as f:
        events = json.load(f)
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    kernels = [e for e in events if e.get("ph") == "X" and e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset")]
    if not kernels:
        print(json.dumps({"trace": args.trace, "error": "no GPU kernels in the trace"}))
        return
    by_name, by_kind, counts, name_counts = defaultdict(float), defaultdict(float), defaultdict(int), defaultdict(int)
    # GEMMs under SMALL_US each: the rank-r ones, bound by launch and tail, not arithmetic.
    small_gemm_launches, small_gemm_us = 0, 0.0
    for e in kernels:
        k = kind(e["name"])
        by_name[e["name"]] += e["dur"]
        name_counts[e["name"]] += 1
        by_kind[k] += e["dur"]
        counts[k] += 1
        if k == "gemm" and e["dur"] < SMALL_US:
            small_gemm_launches += 1
            small_gemm_us += e["dur"]
    spans = sorted((e["ts"], e["ts"] + e["dur"]) for e in kernels)
    busy, end = 0.0, spans[0][0]
    for s, t in spans:
        if t > end:
            busy += t - max(s, end)
            end = t
    wall = spans[-1][1] - spans[0][0]
    total = sum(by_kind.values())
    print(json.dumps({
        "trace": args.trace,
        "kernels": len(kernels),
        "gpu_span_ms": round(wall / 1000, 2),
        "gpu_busy_ms": round(busy / 1000, 2),
        "gpu_idle_share": round(1 - busy / wall, 3),
        "by_kind_ms": {k: round(v / 1000, 2) for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])},
        "by_kind_launches": dict(counts),
        "small_gemms": {"under_us": SMALL_US, "launches": small_gemm_launches, "ms": round(small_gemm_us / 1000, 2)},
        "by_kind_share": {k: round(v / total, 3) for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])},
        "top": [[n[:110], round(v / 1000, 2)] for n, v in sorted(by_name.items(), key=lambda kv: -kv[1])[:args.top]],
        # The most launched kernels: where many small launches add up (casts, fills, rank-r GEMMs).
        "most_launched": [[n[:110], c, round(by_name[n] / 1000, 2)]
                          for n, c in sorted(name_counts.items(), key=lambda kv: -kv[1])[:args.top]],
    }))


if __name__ == "__main__":
    main()
