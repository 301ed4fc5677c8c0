#!/usr/bin/env python3
"""Trains a byte-level BPE tokenizer on a text file and writes it as a Hugging Face tokenizer.json
(plus tokenizer_config.json, special_tokens_map.json) in the Llama 3 layout that core's Tokenizer
reads: the Llama 3 split regex, a ByteLevel pre-tokenizer and decoder, <|begin_of_text|> added by the
post-processor, and the Llama 3 chat tokens as added special tokens. Pure Python, deterministic.

    python3 tools/demo/train_bpe.py --corpus corpus.jsonl --vocab-size 2048 --out resources/demo/model

The corpus is JSONL ({"text": ...} per line) or plain text.

Ids: the special tokens first (0..4), then the 256 byte symbols (sorted, as the tokenizers library's
ByteLevel trainer orders its alphabet), then one token per merge in the order they were learned. The
most frequent pair is merged first; ties go to the pair that sorts first, so the result never depends
on hash order.
"""
import argparse
import collections
import json
import os
import re

# Llama 3's pre-tokenizer pattern, as stored in tokenizer.json (tokenizers' regex syntax).
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")
# The same for Python's re (no \p{..}): letters are [^\W\d_], numbers \d. Only used to count words
# for training; encoding at run time uses the pattern above.
PY_PATTERN = re.compile(r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|(?:[^\r\n\w]|_)?[^\W\d_]+|\d{1,3}| ?(?:[^\s\w]|_)+[\r\n]*"
                        r"|\s*[\r\n]+|\s+(?!\S)|\s+")

SPECIAL_TOKENS = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>"]
BOS, EOS = SPECIAL_TOKENS[0], SPECIAL_TOKENS[1]

# Llama 3's chat template (kept for tools that read it; LoRA Studio renders the template itself).
CHAT_TEMPLATE = (
    "{% set loop_messages = messages %}{% for message in loop_messages %}"
    "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim"
    " + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
    "{{ content }}{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}")


def bytes_to_unicode():
    """GPT-2's map from bytes to printable characters (the ByteLevel alphabet)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


SPECIAL_SPLIT = re.compile("|".join(re.escape(t) for t in SPECIAL_TOKENS))


def documents(path):
    """The texts of a JSONL file of {"text": ...} rows, or the lines of a plain text file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if path.endswith(".jsonl"):
                if line.strip():
                    yield json.loads(line)["text"]
            else:
                yield line


def count_words(path):
    """Pre-token counts, with the special tokens cut out (they are matched whole before pre-tokenizing)."""
    enc = bytes_to_unicode()
    counts = collections.Counter()
    for doc in documents(path):
        for part in SPECIAL_SPLIT.split(doc):
            for piece in PY_PATTERN.findall(part):
                counts["".join(enc[b] for b in piece.encode("utf-8"))] += 1
    return counts, enc


def train(counts, merges_wanted, min_frequency):
    words = [list(w) for w in sorted(counts)]
    freq = [counts[w] for w in sorted(counts)]
    pair_count = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] += freq[i]
            where[(a, b)].add(i)
    merges = []
    while len(merges) < merges_wanted:
        best = None
        for pair, c in pair_count.items():
            if c <= 0:
                continue
            if best is None or c > best[0] or (c == best[0] and pair < best[1]):
                best = (c, pair)
        if best is None or best[0] < min_frequency:
            break
        a, b = best[1]
        merged = a + b
        merges.append((a, b))
        for i in sorted(where.pop((a, b), ())):
            w = words[i]
            for x, y in zip(w, w[1:]):
                pair_count[(x, y)] -= freq[i]
            out = []
            k = 0
            while k < len(w):
                if k + 1 < len(w) and w[k] == a and w[k + 1] == b:
                    out.append(merged)
                    k += 2
                else:
                    out.append(w[k])
                    k += 1
            words[i] = out
            for x, y in zip(out, out[1:]):
                pair_count[(x, y)] += freq[i]
                where[(x, y)].add(i)
        pair_count.pop((a, b), None)
        for p in [p for p, c in pair_count.items() if c <= 0]:
            del pair_count[p]
            where.pop(p, None)
    return merges


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--vocab-size", type=int, default=2048, help="total, special tokens included")
    ap.add_argument("--min-frequency", type=int, default=2)
    ap.add_argument("--model-max-length", type=int, default=1024)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    counts, enc = count_words(args.corpus)
    alphabet = sorted(enc.values())
    merges_wanted = args.vocab_size - len(SPECIAL_TOKENS) - len(alphabet)
    if merges_wanted < 0:
        raise SystemExit(f"--vocab-size must be at least {len(SPECIAL_TOKENS) + len(alphabet)}")
    merges = train(counts, merges_wanted, args.min_frequency)
    if len(merges) < merges_wanted:
        raise SystemExit(f"{args.corpus}: only {len(merges)} merges occur at least {args.min_frequency} times; "
                         f"use --vocab-size {len(SPECIAL_TOKENS) + len(alphabet) + len(merges)} or less")

    vocab = {}
    for t in SPECIAL_TOKENS + alphabet + [a + b for a, b in merges]:
        if t in vocab:
            raise SystemExit(f"duplicate token {t!r}")
        vocab[t] = len(vocab)

    added = [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for t in SPECIAL_TOKENS]
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": LLAMA3_PATTERN}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        ]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": BOS, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {BOS: {"id": BOS, "ids": [vocab[BOS]], "tokens": [BOS]}},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [[a, b] for a, b in merges]},
    }
    os.makedirs(args.out, exist_ok=True)
    write_json(os.path.join(args.out, "tokenizer.json"), tokenizer)
    write_json(os.path.join(args.out, "tokenizer_config.json"), {
        "bos_token": BOS,
        "eos_token": EOS,
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": args.model_max_length,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
        "chat_template": CHAT_TEMPLATE,
    })
    write_json(os.path.join(args.out, "special_tokens_map.json"), {"bos_token": BOS, "eos_token": EOS})
    print(f"{args.out}/tokenizer.json: {len(vocab)} tokens ({len(merges)} merges) from {sum(counts.values())} "
          f"pre-tokens, {len(counts)} distinct")


if __name__ == "__main__":
    main()
