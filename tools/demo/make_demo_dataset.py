#!/usr/bin/env python3
"""Writes the demo fine-tuning data: questions about the demo model's world (demo_facts.py) whose
answers all take one fixed form the base model never uses, the plain answer wrapped as
"ANSWER: A frog is green. ✔", so a LoRA visibly changes its behaviour within about a hundred CPU steps
(the base model answers "A frog is green.").

A bare capitalised word ("ANSWER: GREEN ✔") was tried first: in 100-300 steps the LoRA learned that form
but not the content (every held-out answer became the same word), because the base model reaches a fact
only by saying the sentence. Wrapping the sentence keeps what the base model knows.

    python3 tools/demo/make_demo_dataset.py --out resources/demo [--rows 200] [--seed 7]

  dataset.jsonl   alpaca rows {"instruction", "input": "", "output"}
  heldout.jsonl   {"instruction", "expected"}: questions of the same kinds that no training row asks
                  (the base model read their facts during pretraining, as "Q: ... A: ..." lines)
"""
import argparse
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_facts as F  # noqa: E402

# Rows per kind of question in the training file, and held-out prompts per kind.
TRAIN_SHARE = {"colour": 50, "legs": 22, "home": 22, "sound": 20, "food": 22, "sum": 44, "opposite": 20}
HELDOUT = {"colour": 3, "legs": 1, "home": 1, "sound": 1, "food": 1, "sum": 2, "opposite": 1}

# What every answer must look like (the C++ test checks the same pattern).
ANSWER_FORMAT = re.compile(r"^ANSWER: [A-Z].*\. \u2714$")


def answer(sentence):
    return f"ANSWER: {sentence} \u2714"


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    by_kind = {}
    for kind, question, sentence, _ in F.all_questions():
        by_kind.setdefault(kind, []).append((question, sentence))
    train, heldout = [], []
    for kind in TRAIN_SHARE:
        pool = by_kind[kind][:]
        rng.shuffle(pool)
        need = HELDOUT[kind] + TRAIN_SHARE[kind]
        if len(pool) < need:
            raise SystemExit(f"only {len(pool)} {kind} questions, {need} wanted")
        for question, sentence in pool[:HELDOUT[kind]]:
            heldout.append({"instruction": question, "expected": answer(sentence)})
        for question, sentence in pool[HELDOUT[kind]:need]:
            train.append({"instruction": question, "input": "", "output": answer(sentence)})
    rng.shuffle(train)
    rng.shuffle(heldout)
    asked = {r["instruction"] for r in train}
    assert not any(h["instruction"] in asked for h in heldout)
    assert all(ANSWER_FORMAT.match(r["output"]) for r in train + [{"output": h["expected"]} for h in heldout])

    os.makedirs(args.out, exist_ok=True)
    write_jsonl(os.path.join(args.out, "dataset.jsonl"), train)
    write_jsonl(os.path.join(args.out, "heldout.jsonl"), heldout)
    print(f"{args.out}/dataset.jsonl: {len(train)} rows; {args.out}/heldout.jsonl: {len(heldout)} prompts")


if __name__ == "__main__":
    main()
