#!/usr/bin/env python3
"""Side by side on the GPU machine: for each configuration, transformers + PEFT (shared/bench/peft_baseline.py)
and LoRA Studio's bench_train on the same weights folder and the same token ids (torch.manual_seed(seed), one
randint on the GPU), checks that the first-step losses agree within 1e-2, and prints one JSON line with both
figures, the ratios and the engine's MFU.

    tests/bench/compare_peft.py --bench BUILD/tests/bench/bench_train --baseline peft_baseline.py \
        --models DIR [--config llama-1b:lora:4:1024 ...] [--steps 5] [--deadline-s 0]

A configuration is SHAPE:METHOD:BATCH:SEQ[:ckpt][:offload][:streamN][:ourckpt]; the default set is the issue's
table. "offload" turns on LoRA Studio's activation offload, "streamN" its weight streaming of N layers, and
"ourckpt" its checkpointing (PEFT has none of these; its run is unchanged, and the row says so). Missing shapes are made
with `peft_baseline.py make`. MFU counts 4 x (matmul parameters) + 12 x layers x hidden x seq FLOPs per token
(forward and backward of the frozen matmuls, and attention without a causal discount) against 989 TFLOPS,
the H100/H200 dense bf16 peak.
"""
import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time

LOSS_TOLERANCE = 1e-2
PEAK_TFLOPS = 989.0
DEFAULT_CONFIGS = [
    "llama-1b:lora:4:1024", "llama-1b:lora-fa:4:1024", "llama-1b:qlora:4:1024",
    "llama-8b:lora:2:1024", "llama-8b:lora-fa:2:1024", "llama-8b:qlora:2:1024",
    "llama-8b:qlora:1:1024:ckpt",
    "llama-8b:lora:4:2048", "llama-8b:lora:4:2048:ckpt", "llama-8b:qlora:4:2048:ckpt",
]


def peft_in_process(baseline, argv):
    """Runs peft_baseline.py's `train` here and adds the loss of its first forward (a hook on the PEFT model)."""
    import importlib.util
    import peft
    original = peft.get_peft_model
    first = {}

    def patched(model, config, *a, **k):
        wrapped = original(model, config, *a, **k)

        def hook(module, inputs, output):
            if "loss" not in first and getattr(output, "loss", None) is not None:
                first["loss"] = float(output.loss.detach())
        wrapped.register_forward_hook(hook)
        return wrapped

    peft.get_peft_model = patched
    spec = importlib.util.spec_from_file_location("peft_baseline", baseline)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.argv = [baseline, "train"] + argv
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main()
    line = [l for l in out.getvalue().splitlines() if l.startswith("{")][-1]
    result = json.loads(line)
    result["first_loss"] = first.get("loss")
    print(json.dumps(result))


def matmul_params(cfg):
    h, layers, inter, vocab = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["intermediate_size"], cfg["vocab_size"]
    heads = cfg["num_attention_heads"]
    kv = cfg.get("num_key_value_heads", heads)
    hd = cfg.get("head_dim") or h // heads
    per_layer = h * heads * hd * 2 + h * kv * hd * 2 + 3 * h * inter
    return layers * per_layer + h * vocab


def run_json(cmd, timeout, env=None):
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if not lines:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        if "out of memory" in p.stderr.lower() or "OutOfMemoryError" in p.stderr:
            tail = "out of memory"
        return {"error": tail[:300], "wall_s": round(time.time() - t0, 1)}
    r = json.loads(lines[-1])
    r["wall_s"] = round(time.time() - t0, 1)
    return r


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode")
    one = sub.add_parser("peft-run", help="internal: one PEFT run in this process")
    one.add_argument("--baseline", required=True)
    one.add_argument("rest", nargs=argparse.REMAINDER)
    ap.add_argument("--bench")
    ap.add_argument("--baseline")
    ap.add_argument("--models", default="/tmp/ls-bench-models")
    ap.add_argument("--config", action="append")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--timeout-s", type=int, default=300)
    ap.add_argument("--deadline-s", type=float, default=0, help="stop starting new configurations after this")
    ap.add_argument("--skip-peft", action="store_true")
    args = ap.parse_args()
    if args.mode == "peft-run":
        rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
        return peft_in_process(args.baseline, rest)

    start = time.time()
    for spec in args.config or DEFAULT_CONFIGS:
        if args.deadline_s and time.time() - start > args.deadline_s:
            print(json.dumps({"config": spec, "skipped": "deadline"}), flush=True)
            continue
        parts = spec.split(":")
        shape, method, batch, seq = parts[0], parts[1], int(parts[2]), int(parts[3])
        options = set(parts[4:])
        streams = [o for o in options if o.startswith("stream") and o[6:].isdigit()]
        unknown = options - {"ckpt", "offload", "ourckpt"} - set(streams)
        if unknown or len(streams) > 1:
            sys.exit(f"compare_peft.py: unknown option {sorted(unknown or streams)[0]!r} in {spec} "
                     "(ckpt, offload, streamN or ourckpt)")
        ckpt, offload, our_ckpt = "ckpt" in options, "offload" in options, "ourckpt" in options
        ours_only = (["--offload-activations"] if offload else []) + \
            (["--grad-ckpt"] if our_ckpt and not ckpt else []) + \
            (["--stream-layers", streams[0][6:]] if streams else [])
        model = os.path.join(args.models, shape)
        if not os.path.exists(os.path.join(model, "config.json")):
            subprocess.run([sys.executable, args.baseline, "make", "--shape", shape, "--out", model],
                           check=True, capture_output=True)
        common = ["--model", model, "--method", method, "--rank", "16", "--batch", str(batch), "--seq", str(seq),
                  "--steps", str(args.steps), "--warmup", str(args.warmup)] + (["--grad-ckpt"] if ckpt else [])
        ours = run_json([args.bench] + common + ours_only, args.timeout_s)
        theirs = {"skipped": "--skip-peft"} if args.skip_peft else run_json(
            [sys.executable, os.path.abspath(__file__), "peft-run", "--baseline", args.baseline, "--"] + common,
            args.timeout_s)
        with open(os.path.join(model, "config.json")) as f:
            cfg = json.load(f)
        flops_per_token = 4 * matmul_params(cfg) + 12 * cfg["num_hidden_layers"] * cfg["hidden_size"] * seq
        row = {"config": spec, "shape": shape, "method": method, "batch": batch, "seq": seq, "grad_ckpt": ckpt,
               "offload": offload, "lora_studio": ours, "peft": theirs}
        if ours_only:
            row["lora_studio_only"] = " ".join(ours_only)
        if "tokens_per_s" in ours:
            row["mfu"] = round(ours["tokens_per_s"] * flops_per_token / (PEAK_TFLOPS * 1e12), 3)
        if "tokens_per_s" in ours and "tokens_per_s" in theirs:
            row["speed_ratio"] = round(ours["tokens_per_s"] / theirs["tokens_per_s"], 3)
            row["memory_ratio"] = round(ours["peak_mem_gib"] / theirs["peak_mem_gib"], 3)
            if ours.get("first_loss") is not None and theirs.get("first_loss") is not None:
                diff = abs(ours["first_loss"] - theirs["first_loss"])
                row["first_loss_diff"] = round(diff, 5)
                row["losses_agree"] = diff <= LOSS_TOLERANCE
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
