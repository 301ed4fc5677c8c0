#!/usr/bin/env python3
"""GPU-machine check that LoRA Studio's adapters interoperate with PEFT and transformers, both ways.

1. engine -> PEFT: `lora-studio-cli train` trains a LoRA and a LoRA-FA adapter on a small alpaca file;
   PEFT's PeftModel.from_pretrained loads each onto the transformers model and must reproduce the
   engine's logits (`lora-studio-cli logits --adapter`).
2. PEFT -> engine: PEFT trains an adapter (AdamW on random tokens, so B is non-zero) and saves it; the
   engine loads it and must reproduce PEFT's logits.
3. merge: `lora-studio-cli merge` folds each adapter into the base; transformers loads the merged folder
   and must reproduce the adapted logits.

    python3 tests/reference/check_peft_interop.py --cli BUILD/app/lora-studio-cli --model tests/fixtures/models/llama3
Prints one JSON line per check; exit 1 when any disagrees beyond the tolerance.
"""
import argparse, json, os, subprocess, sys, tempfile

import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM
from peft import LoraConfig, PeftModel, get_peft_model

TOLERANCE = 1e-4  # fp32 everywhere, max |logit difference|
IDS = [[1, 5, 9, 42, 100, 7, 3, 250, 11, 60], [4, 8, 15, 16, 23, 42, 99, 300, 2, 17]]


def cli(args, *cmd):
    run = subprocess.run([args.cli, *cmd], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(" ".join(cmd[:1]) + ": " + run.stderr.strip().splitlines()[-1])
    return run.stdout


def engine_logits(args, work, adapter=None, model=None):
    out = os.path.join(work, "logits-%d.safetensors" % len(os.listdir(work)))
    cmd = ["logits", "--model", model or args.model, "--ids", ";".join(" ".join(map(str, r)) for r in IDS), "--out", out]
    if adapter:
        cmd += ["--adapter", adapter]
    cli(args, *cmd)
    return load_file(out)["logits"]


def hf_logits(model):
    with torch.no_grad():
        return model(input_ids=torch.tensor(IDS)).logits.float()


def base_model(path):
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="eager").eval()


def report(name, got, want, results, **extra):
    diff = (got - want).abs().max().item()
    ok = diff <= TOLERANCE
    results.append(ok)
    print(json.dumps({"check": name, "max_abs_diff": diff, "tolerance": TOLERANCE, "ok": ok, **extra}), flush=True)


def write_data(path):
    words = ["red", "blue", "green", "cat", "dog", "sun", "moon", "tree"]
    with open(path, "w") as f:
        for i in range(24):
            f.write(json.dumps({"instruction": "Name thing %d" % i, "output": "ANSWER: %s." % words[i % 8]}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--device", default="cpu", help="where the engine trains (cpu or cuda)")
    a = ap.parse_args()
    torch.manual_seed(0)
    work = tempfile.mkdtemp()
    results = []
    data = os.path.join(work, "data.jsonl")
    write_data(data)

    # 1. engine -> PEFT, and the merged folder -> transformers.
    for method in ["lora", "lora-fa"]:
        run = os.path.join(work, "run-" + method)
        cli(a, "train", "--model", a.model, "--data", data, "--method", method, "--rank", "8", "--alpha", "16",
            "--targets", "q_proj,v_proj,down_proj", "--steps", "20", "--lr", "0.01", "--batch", "4", "--seq", "64",
            "--out", run, "--device", a.device, "--dtype", "fp32", "--quiet")
        adapter = os.path.join(run, "adapter")
        want = engine_logits(a, work, adapter)
        peft = PeftModel.from_pretrained(base_model(a.model), adapter).eval()
        report("engine %s adapter -> PEFT PeftModel.from_pretrained" % method, hf_logits(peft), want, results,
               base_diff=(hf_logits(base_model(a.model)) - want).abs().max().item())
        merged = os.path.join(work, "merged-" + method)
        cli(a, "merge", "--model", a.model, "--adapter", adapter, "--out", merged, "--dtype", "fp32")
        report("engine %s adapter -> lora-studio-cli merge -> transformers" % method, hf_logits(base_model(merged)),
               want, results)

    # 2. PEFT -> engine: a PEFT-trained adapter.
    base = base_model(a.model)
    cfg = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "o_proj", "up_proj"], task_type="CAUSAL_LM")
    peft = get_peft_model(base, cfg)
    opt = torch.optim.AdamW([p for p in peft.parameters() if p.requires_grad], lr=1e-2)
    ids = torch.randint(0, base.config.vocab_size, (4, 32))
    peft.train()
    for _ in range(10):
        loss = peft(input_ids=ids, labels=ids).loss
        loss.backward()
        opt.step()
        opt.zero_grad()
    peft.eval()
    adapter = os.path.join(work, "peft-adapter")
    peft.save_pretrained(adapter)
    want = hf_logits(peft)
    report("PEFT-trained adapter -> engine", engine_logits(a, work, adapter), want, results)
    merged = os.path.join(work, "merged-peft")
    cli(a, "merge", "--model", a.model, "--adapter", adapter, "--out", merged, "--dtype", "fp32")
    report("PEFT-trained adapter -> lora-studio-cli merge -> transformers", hf_logits(base_model(merged)), want, results)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
