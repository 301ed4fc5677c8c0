#!/usr/bin/env python3
"""Turns compare_peft.py's JSON lines into README's Markdown table (one row per configuration).
    tests/bench/compare_table.py RESULTS.jsonl [MORE.jsonl ...]
A PEFT run that failed shows its error ("out of memory") in the PEFT columns; ratios are bold where they
meet issue 8's goals (speed >= 2x, memory <= 0.5x)."""
import json
import sys

METHODS = {"lora": "LoRA", "lora-fa": "LoRA-FA", "qlora": "QLoRA"}


def shape_cell(r):
    ours = r.get("lora_studio", {})
    text = f"{r['shape']}, {r['batch']} × {r['seq']}"
    text += ", checkpointing" if r.get("grad_ckpt") else ""
    # LoRA Studio's memory options that PEFT's run in the same row does not have.
    extra = []
    if ours.get("grad_ckpt") and not r.get("grad_ckpt"):
        extra.append("checkpointing")
    if r.get("offload"):
        extra.append("activation offload")
    if ours.get("streamed_layers"):
        extra.append(f"{ours['streamed_layers']} streamed layers")
    if extra:
        text += ", LoRA Studio with " + (", ".join(extra[:-1]) + " and " + extra[-1] if len(extra) > 1 else extra[0])
    return text


def ratio(value, goal_met):
    # Two decimals, or three where two would round onto a goal's bound (0.497 is not shown as 0.50).
    text = f"{value:.2f}"
    if text in ("0.50", "2.00"):
        text = f"{value:.3f}"
    return f"**{text}×**" if goal_met else f"{text}×"


def signed_percent(x):
    return ("+" if x >= 0 else "−") + f"{abs(100 * x):.1f}%"


def row(r):
    ours, peft = r["lora_studio"], r.get("peft", {})
    if "error" in ours:
        return f"| {shape_cell(r)} | {METHODS[r['method']]} | error: {ours['error']} |" + " |" * 8
    peft_failed = "error" in peft or not peft
    cells = [shape_cell(r), METHODS[r["method"]], f"{ours['tokens_per_s']:,.0f}"]
    if peft_failed:
        cells += [peft.get("error", "not run"), "—"]
    else:
        cells += [f"{peft['tokens_per_s']:,.0f}", ratio(r["speed_ratio"], r["speed_ratio"] >= 2.0)]
    cells.append(f"{ours['peak_mem_gib']:.2f} GiB")
    if peft_failed:
        cells += ["—", "—"]
    else:
        cells += [f"{peft['peak_mem_gib']:.2f} GiB", ratio(r["memory_ratio"], r["memory_ratio"] <= 0.5)]
    cells.append(f"{100 * r['mfu']:.1f}%")
    diff = r.get("first_loss_diff")
    cells.append("—" if diff is None else ("0" if diff == 0 else f"{diff:.0e}"))
    cells.append(signed_percent(ours["estimate_error"]))
    return "| " + " | ".join(cells) + " |"


def main():
    print("| shape, batch × seq | method | LoRA Studio tokens/s | PEFT tokens/s | speed | LoRA Studio peak | PEFT peak "
          "| memory | MFU | loss Δ | estimate |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for path in sys.argv[1:]:
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                if "lora_studio" in r:
                    print(row(r))


if __name__ == "__main__":
    main()
