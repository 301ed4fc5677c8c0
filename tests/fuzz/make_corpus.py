#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from tests/fixtures and the demo
model: small valid files and near-valid ones (one field wrong, truncated, ...). Deterministic; the output is
committed, so the fuzz run needs no Python. Usage: tests/fuzz/make_corpus.py"""
import json
import os
import shutil
import struct

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FIX = os.path.join(ROOT, "tests", "fixtures")
DEMO = os.path.join(ROOT, "resources", "demo", "model")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
DTYPE_SIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class Writer:
    def __init__(self, target):
        self.dir = os.path.join(OUT, target)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)

    def put(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(data)


def read_header(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n))


def safetensors_bytes(tensors, metadata=None, pad=True):
    """tensors: list of (name, dtype, shape); data bytes are a counting pattern."""
    header, offset, data = {}, 0, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape in tensors:
        n = DTYPE_SIZE[dtype]
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        data += bytes((offset + i) % 251 for i in range(n))
        offset += n
    text = compact(header).encode()
    if pad:
        text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def shrunk(path, limit=2):
    """A fixture's tensors (names, dtypes, ranks) with every dimension cut to at most `limit`."""
    h = read_header(path)
    meta = h.pop("__metadata__", None)
    ts = sorted(h.items(), key=lambda kv: kv[1]["data_offsets"][0])
    return [(k, v["dtype"], [min(d, limit) for d in v["shape"]]) for k, v in ts], meta


def safetensors():
    w = Writer("safetensors")
    ts, meta = shrunk(os.path.join(FIX, "models", "llama3", "model.safetensors"))
    w.put("llama3_shrunk.safetensors", safetensors_bytes(ts, meta))
    ts, meta = shrunk(os.path.join(FIX, "models", "llama3-bnb-nf4", "model.safetensors"), 1)
    w.put("bnb_nf4_shrunk.safetensors", safetensors_bytes(ts[:30], meta))
    ts, meta = shrunk(os.path.join(FIX, "models", "mistral", "model-00003-of-00017.safetensors"))
    w.put("mistral_shard.safetensors", safetensors_bytes(ts, meta))
    every = [("t_" + d.lower(), d, [2, 3]) for d in DTYPE_SIZE]
    w.put("every_dtype.safetensors", safetensors_bytes(every, {"format": "pt"}))
    w.put("scalar_and_empty.safetensors",
          safetensors_bytes([("scalar", "F32", []), ("empty", "F16", [0, 4]), ("v", "BF16", [3])], None, pad=False))
    w.put("empty_header.safetensors", safetensors_bytes([], {}))
    good = safetensors_bytes([("a", "F32", [2, 2]), ("b", "I64", [1])], {"format": "pt"})
    w.put("near_truncated.safetensors", good[:-3])
    w.put("near_extra_byte.safetensors", good + b"\0")
    hdr = {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
           "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}
    text = compact(hdr).encode()
    w.put("near_overlap.safetensors", struct.pack("<Q", len(text)) + text + bytes(12))
    hdr = {"a": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 16]}}
    text = compact(hdr).encode()
    w.put("near_huge_shape.safetensors", struct.pack("<Q", len(text)) + text + bytes(16))
    w.put("near_header_length.safetensors", struct.pack("<Q", 1 << 40) + b"{}")


def model_config():
    w = Writer("model_config")
    for name in ["llama3", "llama2-tied", "mistral", "qwen2", "llama3-bnb-nf4"]:
        with open(os.path.join(FIX, "models", name, "config.json"), encoding="utf-8") as f:
            w.put(name + ".json", compact(json.load(f)))
    with open(os.path.join(DEMO, "config.json"), encoding="utf-8") as f:
        demo = json.load(f)
    w.put("demo.json", compact(demo))
    w.put("near_heads.json", compact(dict(demo, num_key_value_heads=3)))
    w.put("near_rope_params.json", compact(dict(demo, rope_parameters={"rope_type": "llama3", "rope_theta": 5e5,
                                                                       "factor": 8.0, "low_freq_factor": 1.0,
                                                                       "high_freq_factor": 4.0,
                                                                       "original_max_position_embeddings": 8192})))
    w.put("near_types.json", compact(dict(demo, hidden_size="256", tie_word_embeddings=1)))
    w.put("near_quant_types.json", compact(dict(demo, quantization_config={
        "quant_method": "bitsandbytes", "load_in_4bit": "true", "bnb_4bit_quant_type": 4,
        "bnb_4bit_use_double_quant": 1})))


def trim_tokenizer(tok, keep):
    m = tok["model"]
    added_ids = {a["id"] for a in tok.get("added_tokens", [])}
    vocab = {k: v for k, v in m["vocab"].items() if v < keep or v in added_ids}
    merges = []
    for mg in m["merges"]:
        a, b = mg.split(" ", 1) if isinstance(mg, str) else mg
        if a in vocab and b in vocab and a + b in vocab:
            merges.append(mg)
    m["vocab"], m["merges"] = vocab, merges
    return tok


def tokenizer():
    w = Writer("tokenizer")
    sep = "\n\x01\n"
    for name in ["gpt2-bytelevel", "llama2-spm", "llama3-bytelevel", "mistral-spm-metaspace", "qwen2-bytelevel"]:
        d = os.path.join(FIX, "tokenizers", name)
        with open(os.path.join(d, "tokenizer.json"), encoding="utf-8") as f:
            tok = trim_tokenizer(json.load(f), 300)
        text = compact(tok)
        w.put(name + ".json", text)
        cfg = os.path.join(d, "tokenizer_config.json")
        if os.path.exists(cfg):
            with open(cfg, encoding="utf-8") as f:
                w.put(name + "+config.json", text + sep + compact(json.load(f)))
    with open(os.path.join(DEMO, "tokenizer.json"), encoding="utf-8") as f:
        w.put("demo.json", compact(trim_tokenizer(json.load(f), 280)))


def dataset():
    w = Writer("dataset")
    d = os.path.join(FIX, "data")
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            w.put(name, f.read())
    with open(os.path.join(ROOT, "resources", "demo", "dataset.jsonl"), "rb") as f:
        w.put("demo_head.jsonl", b"".join(f.readlines()[:6]))
    w.put("chat_lines.jsonl", compact({"messages": [{"role": "system", "content": "Be brief."},
                                                    {"role": "user", "content": "Hi \u00e9\u65e5"},
                                                    {"role": "assistant", "content": "Hello."}]}) + "\n" +
          compact({"messages": [{"role": "user", "content": "<|eot_id|> [INST]"},
                                {"role": "assistant", "content": "x" * 120}]}) + "\n")
    w.put("alpaca_array.json", compact([{"instruction": "Add", "input": "2 3", "output": "5"},
                                        {"instruction": "Long", "input": "", "output": "word " * 40}]))
    w.put("near_role.jsonl", compact({"messages": [{"role": "robot", "content": "x"}]}) + "\n")


def adapter_config():
    w = Writer("adapter_config")
    peft = {"alpha_pattern": {}, "auto_mapping": None, "base_model_name_or_path": "demo", "bias": "none",
            "fan_in_fan_out": False, "inference_mode": True, "init_lora_weights": True, "lora_alpha": 16,
            "lora_dropout": 0.0, "modules_to_save": None, "peft_type": "LORA", "r": 8, "rank_pattern": {},
            "target_modules": ["q_proj", "v_proj"], "task_type": "CAUSAL_LM", "use_dora": False,
            "use_rslora": False}
    w.put("peft.json", compact(peft))
    w.put("peft_regex.json", compact(dict(peft, target_modules=r".*\.(q|k|v)_proj", r=16, use_rslora=True)))
    w.put("near_peft_dora.json", compact(dict(peft, use_dora=True)))
    w.put("near_peft_rank.json", compact(dict(peft, r=0)))
    run = {"r": 8, "lora_alpha": 16.0, "lora_dropout": 0.05, "use_rslora": False,
           "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"], "first_layer": 0, "last_layer": -1,
           "method": "qlora", "init_seed": 7}
    w.put("run_options.json", compact(run))
    w.put("run_all_linear.json", compact(dict(run, target_modules="all-linear", method="lora-fa")))
    w.put("run_regex.json", compact(dict(run, target_modules=r"model\.layers\.[0-3]\.mlp\.(up|down)_proj")))
    w.put("near_run_layers.json", compact(dict(run, first_layer=3, last_layer=1)))
    w.put("near_run_float_layer.json", compact(dict(run, first_layer=1e300, last_layer=2.5)))
    # Inputs that found bugs, kept as seeds (regressions): a back-reference overflowing std::regex's int.
    w.put("regress_regex_backref.json", compact(dict(run, target_modules="model\\.layers\\18446744073709551615")))


DICT_SOURCES = {
    "safetensors": ["core/src/safetensors.cpp", "core/src/dtype.cpp"],
    "model_config": ["core/src/model_config.cpp"],
    "tokenizer": ["core/src/tokenizer"],
    "dataset": ["core/src/data"],
    "adapter_config": ["core/src/lora/options.cpp", "core/src/lora/peft_config.cpp"],
}


def dictionaries():
    """libFuzzer dictionaries: the JSON keys and names the parsers look for (string literals in their
    sources), plus JSON punctuation."""
    import re
    lit = re.compile(r'"([A-Za-z_<|\[][A-Za-z0-9_.<>|\[\] -]{1,40})"')
    for target, paths in DICT_SOURCES.items():
        words = set()
        for p in paths:
            full = os.path.join(ROOT, p)
            files = [os.path.join(full, f) for f in sorted(os.listdir(full))] if os.path.isdir(full) else [full]
            for f in files:
                with open(f, encoding="utf-8") as src:
                    for m in lit.finditer(src.read()):
                        w = m.group(1)
                        if "\\" not in w and " " not in w.strip() and not w.endswith(" "):
                            words.add(w)
        lines = ['"\\""', '"{"', '"}"', '"["', '"]"', '":"', '","', '"null"', '"true"', '"false"', '"-1"',
                 '"1e999"', '"18446744073709551615"', '"\\\\u0000"', '"\\\\ud800"']
        lines += ['"\\"%s\\""' % w for w in sorted(words)]
        with open(os.path.join(ROOT, "tests", "fuzz", target + ".dict"), "w", encoding="utf-8") as f:
            f.write("# Made by tests/fuzz/make_corpus.py from the parser's sources.\n")
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    dictionaries()
    safetensors()
    model_config()
    tokenizer()
    dataset()
    adapter_config()
    for t in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, t))
        size = sum(os.path.getsize(os.path.join(OUT, t, f)) for f in files)
        print(f"{t}: {len(files)} files, {size} bytes")
