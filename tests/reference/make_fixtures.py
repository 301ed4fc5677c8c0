#!/usr/bin/env python3
"""Makes the golden fixtures that LoRA Studio's core tests compare against.

Runs on the GPU machine (torch, transformers, tokenizers; no network). Everything is random-init or
trained here from a corpus this script writes, so nothing is downloaded.

    python3 tests/reference/make_fixtures.py --out tests/fixtures

Layout written under --out:
  tokenizers/<kind>/tokenizer.json, tokenizer_config.json, cases.json
      cases.json: {"versions": {...}, "cases": [{"text", "ids" (no specials), "ids_special" (with the
      post-processor's specials), "decoded" (decode(ids, skip_special_tokens=False)),
      "decoded_skip" (decode(ids_special, skip_special_tokens=True))}]}
  models/<case>/ config.json, model.safetensors (or shards + index), tokenizer files,
      reference.json: input ids, attention mask, position ids, greedy generation, versions
      reference_logits.safetensors: "logits" float32 [batch, seq, vocab]
"""
import argparse, json, os, random, shutil, sys

import torch
import tokenizers
from tokenizers import Tokenizer, Regex, models, normalizers, pre_tokenizers, decoders, processors, trainers
import transformers

LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                 r"|\s*[\r\n]+|\s+(?!\S)|\s+")

# Strings every tokenizer must encode exactly as the tokenizers library does.
TEST_STRINGS = [
    "Hello world",
    "Hello, world! How are you doing today?",
    " leading space and trailing space ",
    "multiple   spaces\tand\ttabs\n\nand newlines\r\n",
    "      ",
    "\n",
    "",
    "Numbers: 1 12 123 1234 12345 3.14159 -42 1,000,000",
    "Zürich, Ærøskøbing, naïve café, Łódź",
    "Cafe\u0301 with a combining accent",
    "日本語のテキスト、中文文本和한국어",
    "Emoji: 😀🎉👍🏽 and 👨‍👩‍👧‍👦 family",
    "def foo(x):\n    return x ** 2  # square\n",
    "for (int i = 0; i < n; ++i) { sum += a[i]; }",
    "I'm sure they'll say it's John's, we've done it, you'd see, they're HERE'S",
    "Special <s> inside </s> text and <|begin_of_text|> and <|im_start|>user",
    "Mixed\u00a0nbsp\u2003em-space\u3000ideographic space",
    "Greek: Καλημέρα κόσμε; Russian: Привет мир; Arabic: مرحبا بالعالم",
    "   indented\n\tcode\n",
    "A" * 40 + " " + "xyz" * 10,
    "tab\tseparated\tvalues\t1\t2\t3",
    "Ünïcödé ßtraße ﬁ ligature ½ fraction ² superscript",
    "URL: https://example.com/path?query=1&b=two#frag",
    "!!!???...---",
    "\u200b zero width \u200d joiner",
]


def corpus_lines():
    """A small English-ish corpus so BPE learns merges; some scripts stay rare to exercise byte fallback."""
    rng = random.Random(1234)
    words = ("the quick brown fox jumps over lazy dog model train adapter weight layer rank alpha "
             "learning rate token data hello world you are doing today code return sum value fine tune "
             "memory quantize block scale low rank matrix attention head query key value output").split()
    lines = []
    for _ in range(3000):
        n = rng.randint(3, 14)
        s = " ".join(rng.choice(words) for _ in range(n))
        if rng.random() < 0.3:
            s = s.capitalize() + rng.choice([".", "!", "?", ","])
        if rng.random() < 0.2:
            s += " " + str(rng.randint(0, 99999))
        if rng.random() < 0.1:
            s = "    " + s.replace(" ", "_") + "()\n"
        lines.append(s)
    # The test strings themselves (once each) so their characters are known; CJK/emoji appear rarely.
    lines += [t for t in TEST_STRINGS if t]
    return lines


def byte_level_tokenizer(pattern, bos, eos, extra_special, nfc, vocab_size):
    tok = Tokenizer(models.BPE())
    if nfc:
        tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(pattern), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    specials = [bos, eos] + extra_special
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus_lines(), trainer)
    return tok


def gpt2_tokenizer(vocab_size):
    """Classic GPT-2 layout: ByteLevel pre-tokenizer with its own regex, ByteLevel post-processor."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus_lines(), trainer)
    return tok


def spm_tokenizer(vocab_size, metaspace):
    """SentencePiece-style BPE with byte fallback (Llama 2 / TinyLlama / Mistral layout).

    Vocabulary: <unk>=0, <s>=1, </s>=2, <0x00>..<0xFF>=3..258, then the learned pieces."""
    base = Tokenizer(models.BPE(unk_token="<unk>"))
    base.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    base.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False) \
        if metaspace else None
    if metaspace:
        base.normalizer = None
    trainer = trainers.BpeTrainer(vocab_size=vocab_size - 256, special_tokens=["<unk>", "<s>", "</s>"],
                                  limit_alphabet=80, show_progress=False)
    base.train_from_iterator(corpus_lines(), trainer)
    data = json.loads(base.to_str())
    learned = data["model"]["vocab"]
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab["<0x%02X>" % b] = 3 + b
    for piece, _ in sorted(learned.items(), key=lambda kv: kv[1]):
        if piece not in vocab:
            vocab[piece] = len(vocab)
    data["model"]["vocab"] = vocab
    data["model"]["byte_fallback"] = True
    data["model"]["fuse_unk"] = True
    for t in data["added_tokens"]:
        t["id"] = vocab[t["content"]]
    tok = Tokenizer.from_str(json.dumps(data))
    if metaspace:
        tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="first", split=False)
    else:
        tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                         decoders.Strip(" ", 1, 0)])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                       special_tokens=[("<s>", 1)])
    return tok


def save_tokenizer(tok, folder, bos, eos, chat_template=None):
    os.makedirs(folder, exist_ok=True)
    tok.save(os.path.join(folder, "tokenizer.json"))
    cfg = {"bos_token": bos, "eos_token": eos, "tokenizer_class": "PreTrainedTokenizerFast",
           "model_max_length": 2048, "clean_up_tokenization_spaces": False}
    if chat_template:
        cfg["chat_template"] = chat_template
    with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
        json.dump(cfg, f, indent=2, ensure_ascii=False)
    # Reference ids come from tokenizers itself (reference-pitfalls.md: AutoTokenizer can differ).
    ref = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    cases = []
    for text in TEST_STRINGS:
        plain = ref.encode(text, add_special_tokens=False).ids
        special = ref.encode(text, add_special_tokens=True).ids
        cases.append({"text": text, "ids": plain, "ids_special": special,
                      "decoded": ref.decode(plain, skip_special_tokens=False),
                      "decoded_skip": ref.decode(special, skip_special_tokens=True)})
    with open(os.path.join(folder, "cases.json"), "w") as f:
        json.dump({"versions": versions(), "vocab_size": ref.get_vocab_size(), "cases": cases}, f,
                  indent=1, ensure_ascii=False)
    return ref.get_vocab_size()


def versions():
    return {"torch": torch.__version__, "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__}


TOKENIZERS = {
    # kind: (builder, bos, eos, chat template or None)
    "llama3-bytelevel": (lambda: byte_level_tokenizer(LLAMA3_PATTERN, "<|begin_of_text|>", "<|end_of_text|>",
                                                      ["<|eot_id|>", "<|start_header_id|>", "<|end_header_id|>"],
                                                      False, 700),
                         "<|begin_of_text|>", "<|end_of_text|>", "{{ bos_token }}{% for m in messages %}...{% endfor %}"),
    "qwen2-bytelevel": (lambda: byte_level_tokenizer(QWEN2_PATTERN, "<|endoftext|>", "<|im_end|>",
                                                     ["<|im_start|>"], True, 640),
                        None, "<|im_end|>", "{% for m in messages %}<|im_start|>...{% endfor %}"),
    "gpt2-bytelevel": (lambda: gpt2_tokenizer(600), None, "<|endoftext|>", None),
    "llama2-spm": (lambda: spm_tokenizer(600, metaspace=False), "<s>", "</s>", None),
    "mistral-spm-metaspace": (lambda: spm_tokenizer(560, metaspace=True), "<s>", "</s>", None),
}


def add_llama3_post_processor(tok):
    bos = "<|begin_of_text|>"
    tok.post_processor = processors.TemplateProcessing(single=bos + " $A", pair=bos + " $A " + bos + " $B",
                                                       special_tokens=[(bos, tok.token_to_id(bos))])


def make_tokenizers(out):
    made = {}
    for kind, (build, bos, eos, chat) in TOKENIZERS.items():
        tok = build()
        if kind.startswith("llama3"):
            add_llama3_post_processor(tok)
        vs = save_tokenizer(tok, os.path.join(out, "tokenizers", kind), bos, eos, chat)
        made[kind] = vs
        print(f"tokenizer {kind}: vocab {vs}", flush=True)
    return made


# ---------------------------------------------------------------- models

MODEL_CASES = {
    # case: (config class name, tokenizer kind, config kwargs, shard)
    "llama3": ("LlamaConfig", "llama3-bytelevel",
               dict(hidden_size=64, intermediate_size=160, num_hidden_layers=2, num_attention_heads=4,
                    num_key_value_heads=2, max_position_embeddings=256, rms_norm_eps=1e-5,
                    tie_word_embeddings=False,
                    rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                  "high_freq_factor": 4.0, "original_max_position_embeddings": 64},
                    rope_theta=500000.0), False),
    "llama2-tied": ("LlamaConfig", "llama2-spm",
                    dict(hidden_size=64, intermediate_size=176, num_hidden_layers=2, num_attention_heads=4,
                         num_key_value_heads=4, max_position_embeddings=256, rms_norm_eps=1e-6,
                         tie_word_embeddings=True, rope_theta=10000.0), False),
    "mistral": ("MistralConfig", "mistral-spm-metaspace",
                dict(hidden_size=64, intermediate_size=192, num_hidden_layers=3, num_attention_heads=8,
                     num_key_value_heads=2, head_dim=16, max_position_embeddings=256, rms_norm_eps=1e-5,
                     tie_word_embeddings=False, rope_theta=1000000.0, sliding_window=None), True),
    "qwen2": ("Qwen2Config", "qwen2-bytelevel",
              dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                   num_key_value_heads=2, max_position_embeddings=256, rms_norm_eps=1e-6,
                   tie_word_embeddings=True, rope_theta=1000000.0, use_sliding_window=False), False),
    # Qwen3: per-head q/k RMSNorm before RoPE, no q/k/v bias, head_dim other than hidden / heads.
    "qwen3": ("Qwen3Config", "qwen2-bytelevel",
              dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                   num_key_value_heads=2, head_dim=32, max_position_embeddings=256, rms_norm_eps=1e-6,
                   tie_word_embeddings=True, rope_theta=1000000.0, use_sliding_window=False), False),
    # Sliding-window attention shorter than the reference prompt (14 tokens), so the window bites.
    "mistral-sliding": ("MistralConfig", "mistral-spm-metaspace",
                        dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                             num_key_value_heads=2, max_position_embeddings=256, rms_norm_eps=1e-5,
                             tie_word_embeddings=False, rope_theta=10000.0, sliding_window=5), False),
}

GEN_NEW_TOKENS = 12


def make_models(out, vocab_sizes, cases):
    from transformers import AutoModelForCausalLM
    for case, (cfg_name, tok_kind, kwargs, shard) in MODEL_CASES.items():
        if cases and case not in cases:
            continue
        torch.manual_seed(sum(map(ord, case)))  # stable across processes
        cfg_cls = getattr(transformers, cfg_name)
        cfg = cfg_cls(vocab_size=vocab_sizes[tok_kind], **kwargs)
        cfg._attn_implementation = "eager"
        model = AutoModelForCausalLM.from_config(cfg, attn_implementation="eager").float().eval()
        # Random init is small; widen it so logits differ visibly and greedy paths are not ties.
        with torch.no_grad():
            for name, p in model.named_parameters():
                if "norm" in name:
                    p.copy_(1.0 + 0.2 * torch.randn_like(p))
                elif p.dim() >= 1:
                    p.copy_(torch.randn_like(p) * (0.08 if p.dim() == 2 else 0.05))
        folder = os.path.join(out, "models", case)
        if os.path.exists(folder):
            shutil.rmtree(folder)
        model.save_pretrained(folder, safe_serialization=True, max_shard_size="60KB" if shard else "2GB")
        src = os.path.join(out, "tokenizers", tok_kind)
        for f in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copy(os.path.join(src, f), os.path.join(folder, f))

        # Reload exactly as a user would, then compute the references from the saved files.
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager").eval()
        tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        a = tok.encode("Hello world, the quick brown fox jumps over the lazy dog.").ids[:14]
        b = tok.encode("Fine tune a low rank adapter").ids[:9]
        seq = max(len(a), len(b))
        pad = 0
        ids = [a + [pad] * (seq - len(a)), [pad] * (seq - len(b)) + b]  # row 0 right-padded, row 1 left-padded
        mask = [[1] * len(a) + [0] * (seq - len(a)), [0] * (seq - len(b)) + [1] * len(b)]
        ids_t, mask_t = torch.tensor(ids), torch.tensor(mask)
        pos_t = (mask_t.cumsum(-1) - 1).clamp(min=0)
        with torch.no_grad():
            logits = model(input_ids=ids_t, attention_mask=mask_t, position_ids=pos_t).logits.float()
            gen = model.generate(torch.tensor([a]), attention_mask=torch.ones(1, len(a), dtype=torch.long),
                                 max_new_tokens=GEN_NEW_TOKENS, do_sample=False, eos_token_id=None,
                                 pad_token_id=0)[0].tolist()
        from safetensors.torch import save_file
        save_file({"logits": logits.contiguous()}, os.path.join(folder, "reference_logits.safetensors"))
        ref = {"versions": versions(), "input_ids": ids, "attention_mask": mask, "position_ids": pos_t.tolist(),
               "logits_shape": list(logits.shape),
               "greedy": {"prompt_ids": a, "max_new_tokens": GEN_NEW_TOKENS, "output_ids": gen[len(a):]}}
        with open(os.path.join(folder, "reference.json"), "w") as f:
            json.dump(ref, f, indent=1)
        with open(os.path.join(folder, "config.json")) as f:
            print(f"model {case}: saved config keys {sorted(json.load(f).keys())}", flush=True)
        print(f"model {case}: logits {list(logits.shape)} gen {gen[len(a):]}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--cases", nargs="*", default=[], help="model cases to make (default: all)")
    args = ap.parse_args()
    torch.manual_seed(0)
    vocab_sizes = make_tokenizers(args.out)
    make_models(args.out, vocab_sizes, set(args.cases))
    print(json.dumps({"fixtures": args.out, "versions": versions()}))


if __name__ == "__main__":
    main()
