#!/usr/bin/env python3
"""GPU-machine check that LoRA Studio's adapters interoperate with PEFT and transformers.

1. PEFT makes an adapter with non-zero B (init_lora_weights=False) on a fixture model and saves it.
2. `lora-studio-cli merge` folds that adapter into the base and writes a full folder.
3. transformers loads the merged folder; its logits must equal PEFT's logits of base + adapter.

    python3 tests/reference/check_peft_interop.py --cli BUILD/app/lora-studio-cli --model tests/fixtures/models/llama3
Prints one JSON line; exit 1 when the logits disagree beyond the tolerance.
"""
import argparse, json, subprocess, sys, tempfile, os

import torch
from transformers import AutoModelForCausalLM
from peft import LoraConfig, get_peft_model

TOLERANCE = 1e-4  # fp32 everywhere


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True)
    a = ap.parse_args()
    torch.manual_seed(0)
    work = tempfile.mkdtemp()
    base = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32, attn_implementation="eager").eval()
    cfg = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj", "down_proj"], init_lora_weights=False,
                     task_type="CAUSAL_LM")
    peft_model = get_peft_model(base, cfg).eval()
    adapter_dir = os.path.join(work, "adapter")
    peft_model.save_pretrained(adapter_dir)
    ids = torch.tensor([[1, 5, 9, 42, 100, 7, 3, 250, 11, 60]])
    with torch.no_grad():
        want = peft_model(input_ids=ids).logits
    merged_dir = os.path.join(work, "merged")
    run = subprocess.run([a.cli, "merge", "--model", a.model, "--adapter", adapter_dir, "--out", merged_dir,
                          "--dtype", "fp32"], capture_output=True, text=True)
    if run.returncode != 0:
        print(json.dumps({"check": "peft->engine merge", "ok": False, "error": run.stderr.strip()}))
        sys.exit(1)
    merged = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32, attn_implementation="eager").eval()
    with torch.no_grad():
        got = merged(input_ids=ids).logits
    diff = (got - want).abs().max().item()
    ok = diff <= TOLERANCE
    print(json.dumps({"check": "PEFT adapter -> lora-studio-cli merge -> transformers", "max_abs_diff": diff,
                      "tolerance": TOLERANCE, "ok": ok}))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
