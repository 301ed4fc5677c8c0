#!/usr/bin/env python3
"""Hostile inputs through lora-studio-cli (issue 9, items 2 and 4), one table.

Every case builds a damaged copy of a fixture (model folder, safetensors, config.json, tokenizer.json,
tokenizer_config.json, adapter folder, dataset, run folder) and runs the command a user would run on it.
Each must end with exit status 1 and exactly one stderr line "error: ..." that names the damaged file
and the problem, within a time limit and without ballooning memory: the peak resident memory of the
process is compared with that of the same command on good input (a file claiming 2^60 bytes must fail
before anything is sized from that number). A few cases (chat templates with code in them) must instead
succeed and leave no trace of the code having run.

Usage: test_hostile_inputs.py PATH/TO/lora-studio-cli FIXTURES_DIR
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

CLI, FX = sys.argv[1], sys.argv[2]
MODEL = os.path.join(FX, "models", "llama3")
TMP = tempfile.mkdtemp(prefix="ls_hostile_")
TIME_LIMIT_S = 60
# Peak RSS may exceed the good-input baseline by at most this much (a 50 MB line must not be held
# several times over; a 2^60-byte claim must allocate nothing).
RSS_SLACK_KB = 96 * 1024

passed = failed = 0
tried = 0


def ok(name):
    global passed
    passed += 1
    print("[ PASS ]", name)


def bad(name, why):
    global failed
    failed += 1
    print("[ FAIL ]", name + ":", why)


def run(argv, env=None):
    """Runs the CLI; returns (rc, stdout, stderr, seconds, peak RSS of that process in KiB)."""
    full_env = dict(os.environ, **(env or {}))
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([CLI] + argv, stdout=out, stderr=err, env=full_env)
        timer = threading.Timer(TIME_LIMIT_S, p.kill)
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = 0  # reaped above; keep Popen from waiting again
        secs = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        o, e = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if os.WIFSIGNALED(status):
        rc = 124 if secs >= TIME_LIMIT_S else 128 + os.WTERMSIG(status)
    else:
        rc = os.WEXITSTATUS(status)
    return rc, o, e, secs, usage.ru_maxrss


# ---------------------------------------------------------------- builders


def fresh(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def copy_model(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(MODEL, d)
    return d


def read_st(path):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    return json.loads(b[8:8 + n]), b[8 + n:]


def write_st(path, header, data, header_len=None):
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    n = len(text) if header_len is None else header_len
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", n) + text + data)


def model_with_weights(name, mutate):
    """A copy of the llama3 fixture whose model.safetensors header (and data) `mutate` changes."""
    d = copy_model(name)
    p = os.path.join(d, "model.safetensors")
    header, data = read_st(p)
    res = mutate(header, data)
    if res is not None:
        header, data = res
    write_st(p, header, data)
    return d


def model_with_raw(name, raw):
    d = copy_model(name)
    with open(os.path.join(d, "model.safetensors"), "wb") as f:
        f.write(raw)
    return d


def model_with_json(name, filename, mutate=None, text=None):
    d = copy_model(name)
    p = os.path.join(d, filename)
    if text is None:
        j = json.load(open(p))
        mutate(j)
        text = json.dumps(j)
    with open(p, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode())
    return d


def generate(d):
    return ["generate", d, "--prompt", "Hello", "--max-new-tokens", "2", "--greedy"]


def sharded(name, shard_name, extra=None):
    """The llama3 fixture split into an index + one shard; one weight_map entry names `shard_name`."""
    d = copy_model(name)
    os.rename(os.path.join(d, "model.safetensors"), os.path.join(d, "model-00001-of-00001.safetensors"))
    header, _ = read_st(os.path.join(d, "model-00001-of-00001.safetensors"))
    wm = {k: "model-00001-of-00001.safetensors" for k in header if k != "__metadata__"}
    wm["lm_head.weight"] = shard_name
    if extra:
        extra(d)
    json.dump({"metadata": {}, "weight_map": wm}, open(os.path.join(d, "model.safetensors.index.json"), "w"))
    return d


def overwrite(d, filename, text):
    with open(os.path.join(d, filename), "w") as f:
        f.write(text)
    return d


def set_tensor(name, **fields):
    def m(h, data):
        h[name].update(fields)
    return m


def alpaca_rows(n=12):
    return "".join(json.dumps({"instruction": "Name thing %d" % i, "output": "ANSWER: x%d." % (i % 4)}) + "\n"
                   for i in range(n))


def data_file(name, content):
    p = os.path.join(TMP, name)
    with open(p, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())
    return p


_run_counter = [0]


def train_on(data):
    _run_counter[0] += 1
    return ["train", "--model", MODEL, "--data", data, "--steps", "1", "--seq", "32", "--quiet",
            "--out", os.path.join(TMP, "runs", "r%d" % _run_counter[0])]


# A trained run to damage: adapter, checkpoints, config.json.
GOOD_DATA = data_file("good.jsonl", alpaca_rows())
BASE_RUN = os.path.join(TMP, "base_run")
rc = subprocess.run([CLI, "train", "--model", MODEL, "--data", GOOD_DATA, "--rank", "4", "--targets", "all-linear",
                     "--steps", "2", "--checkpoint-every", "1", "--seq", "32", "--quiet", "--out", BASE_RUN],
                    capture_output=True).returncode
if rc != 0:
    print("[ FAIL ] could not train the run the cases damage")
    sys.exit(1)


def copy_run(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(BASE_RUN, d, symlinks=True)
    return d


def adapter_with(name, config_mutate=None, config_text=None, weights=None, remove_weights=False):
    d = fresh(name)
    shutil.copy(os.path.join(BASE_RUN, "adapter", "adapter_config.json"), d)
    shutil.copy(os.path.join(BASE_RUN, "adapter", "adapter_model.safetensors"), d)
    cp = os.path.join(d, "adapter_config.json")
    if config_mutate:
        j = json.load(open(cp))
        config_mutate(j)
        json.dump(j, open(cp, "w"))
    if config_text is not None:
        open(cp, "wb").write(config_text)
    wp = os.path.join(d, "adapter_model.safetensors")
    if weights:
        header, data = read_st(wp)
        res = weights(header, data)
        if res is not None:
            header, data = res
        write_st(wp, header, data)
    if remove_weights:
        os.remove(wp)
    return d


def eval_with(adapter):
    return ["eval", "--model", MODEL, "--adapter", adapter, "--data", GOOD_DATA, "--seq", "32"]


def resume(run):
    return ["train", "--resume", os.path.join(run, "checkpoints", "step-000002"), "--quiet"]


def run_with_config(name, mutate):
    d = copy_run(name)
    p = os.path.join(d, "config.json")
    j = json.load(open(p))
    mutate(j)
    json.dump(j, open(p, "w"))
    return d


def run_with_manifest(name, mutate):
    d = copy_run(name)
    p = os.path.join(d, "checkpoints", "step-000002", "manifest.json")
    j = json.load(open(p))
    mutate(j)
    json.dump(j, open(p, "w"))
    return d


def run_with_link(name, entry, target_is_dir):
    d = copy_run(name)
    outside = fresh(name + "_outside")
    p = os.path.join(d, entry)
    if target_is_dir:
        # The real folder moves outside; the run keeps only a link to it.
        outside = os.path.join(outside, entry)
        shutil.move(p, outside)
    else:
        os.remove(p)
        outside = os.path.join(outside, "victim.txt")
        open(outside, "w").close()
    os.symlink(outside, p)
    return d


def add(j, k, v):
    j[k] = v


def drop(j, k):
    del j[k]


# ---------------------------------------------------------------- the table
# (name, argv builder, file named in the error, problem named in the error, baseline argv for memory or None)

HUGE = 1 << 60
CASES = [
    # --- safetensors
    ("safetensors: empty file", lambda: generate(model_with_raw("st_empty", b"")), "model.safetensors",
     "shorter than its 8-byte header"),
    ("safetensors: truncated in the header length", lambda: generate(model_with_raw("st_5", b"\x10\0\0\0\0")),
     "model.safetensors", "shorter than its 8-byte header"),
    ("safetensors: truncated in the data",
     lambda: generate(model_with_raw("st_cut", open(os.path.join(MODEL, "model.safetensors"), "rb").read()[:400000])),
     "model.safetensors", "outside the data section"),
    ("safetensors: header length 2^60 (no allocation from it)",
     lambda: generate(model_with_raw("st_2p60", struct.pack("<Q", HUGE) + b"{}" + b" " * 62)), "model.safetensors",
     "beyond the end of the file"),
    ("safetensors: header length 2^64-1",
     lambda: generate(model_with_raw("st_max", b"\xff" * 8 + b"{}" + b" " * 6)), "model.safetensors",
     "beyond the end of the file"),
    ("safetensors: header length past the end by one",
     lambda: generate(model_with_raw("st_plus1", struct.pack("<Q", 9) + b"{}      ")), "model.safetensors",
     "beyond the end of the file"),
    ("safetensors: header length zero", lambda: generate(model_with_raw("st_zero", struct.pack("<Q", 0) + b"{}")),
     "model.safetensors", "header is not a JSON object"),
    ("safetensors: header not JSON",
     lambda: generate(model_with_raw("st_notjson", struct.pack("<Q", 8) + b"{nope!!}")), "model.safetensors",
     "not valid JSON"),
    ("safetensors: header JSON nested a million deep",
     lambda: generate(model_with_raw("st_deep", (lambda t: struct.pack("<Q", len(t)) + t)(
         b'{"a":' + b"[" * 1000000 + b"]" * 1000000 + b"}"))), "model.safetensors", "is not an object"),
    ("safetensors: offsets beyond the data section",
     lambda: generate(model_with_weights("st_oob", set_tensor("lm_head.weight", data_offsets=[0, 1 << 40])),
                      ), "model.safetensors", "outside the data section"),
    ("safetensors: offsets 2^64-1 (no wrap-around)",
     lambda: generate(model_with_weights("st_wrap", set_tensor("lm_head.weight",
                                                               data_offsets=[(1 << 64) - 1, (1 << 64) - 1]))),
     "model.safetensors", "outside the data section"),
    ("safetensors: overlapping tensors",
     lambda: generate(model_with_weights("st_overlap", set_tensor("model.embed_tokens.weight",
                                                                  data_offsets=[179196, 358396]))),
     "model.safetensors", "overlaps"),
    ("safetensors: two tensors on the same bytes",
     lambda: generate(model_with_weights("st_alias", set_tensor("model.embed_tokens.weight",
                                                                data_offsets=[0, 179200]))),
     "model.safetensors", "overlaps"),
    ("safetensors: offsets that end before they begin",
     lambda: generate(model_with_weights("st_rev", set_tensor("lm_head.weight", data_offsets=[179200, 0]))),
     "model.safetensors", "end before they begin"),
    ("safetensors: negative offset",
     lambda: generate(model_with_weights("st_neg", set_tensor("lm_head.weight", data_offsets=[-8, 179192]))),
     "model.safetensors", "not non-negative integers"),
    ("safetensors: offsets as strings",
     lambda: generate(model_with_weights("st_stroff", set_tensor("lm_head.weight", data_offsets=["0", "179200"]))),
     "model.safetensors", "not non-negative integers"),
    ("safetensors: unknown dtype",
     lambda: generate(model_with_weights("st_dtype", set_tensor("lm_head.weight", dtype="F128"))),
     "model.safetensors", "unknown dtype 'F128'"),
    ("safetensors: dtype of the wrong type",
     lambda: generate(model_with_weights("st_dtype_t", set_tensor("lm_head.weight", dtype=32))),
     "model.safetensors", "no dtype string"),
    ("safetensors: integer dtype for a float weight",
     lambda: generate(model_with_weights("st_i32", set_tensor("lm_head.weight", dtype="I32"))),
     "model.safetensors", "lm_head.weight has dtype I32"),
    ("safetensors: size does not match dtype x shape",
     lambda: generate(model_with_weights("st_size", set_tensor("lm_head.weight", dtype="F16"))),
     "model.safetensors", "its dtype and shape need"),
    ("safetensors: shape product overflows 64 bits",
     lambda: generate(model_with_weights("st_overflow", set_tensor("lm_head.weight",
                                                                   shape=[1 << 32, 1 << 32, 1 << 32]))),
     "model.safetensors", "absurd shape"),
    ("safetensors: a dimension of 2^63",
     lambda: generate(model_with_weights("st_dim", set_tensor("lm_head.weight", shape=[1 << 63]))),
     "model.safetensors", "absurd shape"),
    ("safetensors: negative dimension",
     lambda: generate(model_with_weights("st_negdim", set_tensor("lm_head.weight", shape=[-700, -64]))),
     "model.safetensors", "negative dimension"),
    ("safetensors: fractional dimension",
     lambda: generate(model_with_weights("st_fracdim", set_tensor("lm_head.weight", shape=[700.5, 64]))),
     "model.safetensors", "non-integer dimension"),
    ("safetensors: shape that disagrees with config.json",
     lambda: generate(model_with_weights("st_shape", set_tensor("lm_head.weight", shape=[64, 700]))),
     "model.safetensors", "lm_head.weight has shape [64, 700], expected [700, 64]"),
    ("safetensors: missing shape",
     lambda: generate(model_with_weights("st_noshape", lambda h, d: drop(h["lm_head.weight"], "shape"))),
     "model.safetensors", "no shape array"),
    ("safetensors: missing data_offsets",
     lambda: generate(model_with_weights("st_nooffs", lambda h, d: drop(h["lm_head.weight"], "data_offsets"))),
     "model.safetensors", "no data_offsets pair"),
    ("safetensors: tensor entry not an object",
     lambda: generate(model_with_weights("st_entry", lambda h, d: h.update({"extra": [1, 2]}))),
     "model.safetensors", "tensor 'extra' is not an object"),
    ("safetensors: metadata value not a string",
     lambda: generate(model_with_weights("st_meta", lambda h, d: h.update({"__metadata__": {"format": 1}}))),
     "model.safetensors", "__metadata__ value"),
    ("safetensors: trailing bytes that belong to no tensor",
     lambda: generate(model_with_weights("st_trail", lambda h, d: (h, d + b"\0" * 64))),
     "model.safetensors", "belong to no tensor"),
    ("safetensors: a required weight missing (renamed)",
     lambda: generate(model_with_weights("st_missing", lambda h, d: add(h, "model.norm.weightX",
                                                                          h.pop("model.norm.weight")))),
     "st_missing", "missing tensor 'model.norm.weight'"),
    ("safetensors: a named pipe instead of a file",
     lambda: generate((lambda d: (os.remove(os.path.join(d, "model.safetensors")),
                                  os.mkfifo(os.path.join(d, "model.safetensors")), d)[2])(copy_model("st_fifo"))),
     "model.safetensors", "not a regular file"),
    # --- config.json
    ("config.json: not JSON", lambda: generate(model_with_json("cfg_notjson", "config.json", text="{oops")),
     "config.json", "not valid JSON"),
    ("config.json: empty", lambda: generate(model_with_json("cfg_empty", "config.json", text="")),
     "config.json", "not valid JSON"),
    ("config.json: an array", lambda: generate(model_with_json("cfg_array", "config.json", text="[1, 2]")),
     "config.json", "not a JSON object"),
    ("config.json: invalid UTF-8",
     lambda: generate(model_with_json("cfg_utf8", "config.json",
                                      text=open(os.path.join(MODEL, "config.json"), "rb").read().replace(
                                          b'"llama"', b'"ll\xff\xfea"'))), "config.json", "not valid JSON"),
    ("config.json: missing hidden_size",
     lambda: generate(model_with_json("cfg_missing", "config.json", lambda j: drop(j, "hidden_size"))),
     "config.json", "hidden_size"),
    ("config.json: hidden_size a string",
     lambda: generate(model_with_json("cfg_str", "config.json", lambda j: add(j, "hidden_size", "64"))),
     "config.json", "hidden_size"),
    ("config.json: num_hidden_layers fractional",
     lambda: generate(model_with_json("cfg_frac", "config.json", lambda j: add(j, "num_hidden_layers", 2.5))),
     "config.json", "num_hidden_layers"),
    ("config.json: vocab_size 10^12 (no allocation from it)",
     lambda: generate(model_with_json("cfg_vocab", "config.json", lambda j: add(j, "vocab_size", 10 ** 12))),
     "config.json", "vocab_size"),
    ("config.json: vocab_size beyond 64 bits",
     lambda: generate(model_with_json("cfg_vocab2", "config.json", text=open(os.path.join(MODEL, "config.json")).read()
                                      .replace('"vocab_size": 700', '"vocab_size": 1e999'))),
     "config.json", ""),
    ("config.json: architectures not a list",
     lambda: generate(model_with_json("cfg_arch", "config.json", lambda j: add(j, "architectures", "LlamaForCausalLM"))),
     "config.json", "architectures"),
    ("config.json: unsupported architecture",
     lambda: generate(model_with_json("cfg_arch2", "config.json", lambda j: add(j, "architectures", ["GPT2LMHeadModel"]))),
     "config.json", "GPT2LMHeadModel"),
    ("config.json: rope_parameters of the wrong type",
     lambda: generate(model_with_json("cfg_rope", "config.json", lambda j: add(j, "rope_parameters", [1]))),
     "config.json", "rope"),
    ("config.json: heads that do not divide",
     lambda: generate(model_with_json("cfg_heads", "config.json", lambda j: add(j, "num_key_value_heads", 3))),
     "config.json", "num_key_value_heads"),
    # --- model.safetensors.index.json
    ("index: ../../etc/passwd", lambda: generate(sharded("idx_dotdot", "../../etc/passwd")),
     "model.safetensors.index.json", "leaves the model folder"),
    ("index: absolute path /etc/passwd", lambda: generate(sharded("idx_abs", "/etc/passwd")),
     "model.safetensors.index.json", "is not a file name inside the model folder"),
    ("index: a shard that is a symlink out of the folder",
     lambda: generate(sharded("idx_link", "evil.safetensors",
                              lambda d: os.symlink(os.path.join(MODEL, "model.safetensors"),
                                                   os.path.join(d, "evil.safetensors")))),
     "model.safetensors.index.json", "leaves the model folder"),
    ("index: a sub-folder that climbs out",
     lambda: generate(sharded("idx_sub", "sub/../../x.safetensors")), "model.safetensors.index.json",
     "leaves the model folder"),
    ("index: weight_map entry not a string",
     lambda: generate(overwrite(sharded("idx_type", "x"), "model.safetensors.index.json", '{"weight_map": {"a": 5}}')),
     "model.safetensors.index.json", "is not a file name"),
    ("index: not JSON", lambda: generate((lambda d: (open(os.path.join(d, "model.safetensors.index.json"), "w")
                                                    .write("{oops"), d)[1])(sharded("idx_notjson", "x"))),
     "model.safetensors.index.json", "not a JSON object"),
    # --- tokenizer.json / tokenizer_config.json
    ("tokenizer.json: not JSON", lambda: generate(model_with_json("tok_notjson", "tokenizer.json", text="{\"model\":")),
     "tokenizer.json", "not valid JSON"),
    ("tokenizer.json: invalid UTF-8 in a vocab token",
     lambda: generate(model_with_json("tok_utf8", "tokenizer.json",
                                      text=open(os.path.join(MODEL, "tokenizer.json"), "rb").read().replace(
                                          b'"vocab": {', b'"vocab": {"\xc3\x28": 699999, ', 1))),
     "tokenizer.json", "not valid JSON"),
    ("tokenizer.json: missing model", lambda: generate(model_with_json("tok_nomodel", "tokenizer.json",
                                                                       lambda j: drop(j, "model"))),
     "tokenizer.json", "model"),
    ("tokenizer.json: vocab of the wrong type",
     lambda: generate(model_with_json("tok_vocab", "tokenizer.json", lambda j: j["model"].update({"vocab": [1, 2]}))),
     "tokenizer.json", "vocab"),
    ("tokenizer.json: merges of the wrong type",
     lambda: generate(model_with_json("tok_merges", "tokenizer.json", lambda j: j["model"].update({"merges": 7}))),
     "tokenizer.json", "merges"),
    ("tokenizer.json: a token id of 2^40",
     lambda: generate(model_with_json("tok_bigid", "tokenizer.json",
                                      lambda j: j["model"]["vocab"].update({"zzzz": 1 << 40}))),
     "tokenizer.json", ""),
    ("tokenizer.json: added_tokens of the wrong type",
     lambda: generate(model_with_json("tok_added", "tokenizer.json", lambda j: add(j, "added_tokens", {"a": 1}))),
     "tokenizer.json", "added_tokens"),
    ("tokenizer_config.json: eos_token of the wrong type",
     lambda: generate(model_with_json("tokcfg_eos", "tokenizer_config.json", lambda j: add(j, "eos_token", 5))),
     "tokenizer_config.json", "eos_token"),
    ("tokenizer_config.json: invalid UTF-8",
     lambda: generate(model_with_json("tokcfg_utf8", "tokenizer_config.json",
                                      text=b'{"bos_token": "\xed\xa0\x80", "eos_token": "<|end_of_text|>"}')),
     "tokenizer_config.json", "not valid JSON"),
    # --- adapter_config.json / adapter_model.safetensors
    ("adapter_config.json: not JSON", lambda: eval_with(adapter_with("ad_notjson", config_text=b"{oops")),
     "adapter_config.json", "not a JSON object"),
    ("adapter_config.json: missing r", lambda: eval_with(adapter_with("ad_nor", lambda j: drop(j, "r"))),
     "adapter_config.json", "r must be an integer"),
    ("adapter_config.json: r a string", lambda: eval_with(adapter_with("ad_rstr", lambda j: add(j, "r", "4"))),
     "adapter_config.json", "r must be an integer"),
    ("adapter_config.json: r of 10^9 (no allocation from it)",
     lambda: eval_with(adapter_with("ad_rbig", lambda j: add(j, "r", 10 ** 9))), "adapter_config.json",
     "r must be between 1 and 4096"),
    ("adapter_config.json: missing peft_type",
     lambda: eval_with(adapter_with("ad_notype", lambda j: drop(j, "peft_type"))), "adapter_config.json",
     "missing peft_type"),
    ("adapter_config.json: lora_alpha a string",
     lambda: eval_with(adapter_with("ad_alpha", lambda j: add(j, "lora_alpha", "16"))), "adapter_config.json",
     "lora_alpha must be a number"),
    ("adapter_config.json: target_modules a number",
     lambda: eval_with(adapter_with("ad_targets", lambda j: add(j, "target_modules", 3))), "adapter_config.json",
     "target_modules"),
    ("adapter_config.json: invalid UTF-8",
     lambda: eval_with(adapter_with("ad_utf8", config_text=b'{"peft_type": "LO\xffRA", "r": 4}')),
     "adapter_config.json", "not a JSON object"),
    ("adapter_model.safetensors: a shape other than r",
     lambda: eval_with(adapter_with("ad_shape", lambda j: add(j, "r", 8))), "adapter_model.safetensors",
     "expected [8, 64]"),
    ("adapter_model.safetensors: a module the model lacks",
     lambda: eval_with(adapter_with("ad_module", weights=lambda h, d: h.update(
         {"base_model.model.model.layers.7.self_attn.q_proj.lora_A.weight":
          h.pop("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")}))),
     "adapter_model.safetensors", "which the model does not have"),
    ("adapter_model.safetensors: header length 2^60",
     lambda: eval_with((lambda d: (open(os.path.join(d, "adapter_model.safetensors"), "wb").write(
         struct.pack("<Q", HUGE) + b"{}      "), d)[1])(adapter_with("ad_huge"))),
     "adapter_model.safetensors", "beyond the end of the file"),
    # --- datasets
    ("dataset: invalid UTF-8 in a row",
     lambda: train_on(data_file("bad_utf8.jsonl", alpaca_rows(2).encode() + b'{"text": "caf\xc3"}\n')),
     "bad_utf8.jsonl", "line 3: invalid UTF-8"),
    ("dataset: overlong UTF-8 encoding of '/'",
     lambda: train_on(data_file("overlong.jsonl", b'{"text": "a\xc0\xafb"}\n')), "overlong.jsonl",
     "line 1: invalid UTF-8"),
    ("dataset: UTF-16 surrogate in UTF-8",
     lambda: train_on(data_file("surrogate.jsonl", b'{"text": "a\xed\xa0\x80b"}\n')), "surrogate.jsonl",
     "line 1: invalid UTF-8"),
    ("dataset: a 50 MB line (bounded, refused)",
     lambda: train_on(data_file("huge_line.jsonl", alpaca_rows(1) + '{"text": "' + "a" * (50 << 20) + '"}\n')),
     "huge_line.jsonl", "line 2: line longer than"),
    ("dataset: a 50 MB row in a JSON array file (bounded, refused)",
     lambda: train_on(data_file("huge_row.json", "[\n" + json.dumps({"text": "the cat sat. " * (4 << 20)}) + "\n]\n")),
     "huge_row.json", "line 2: row longer than"),
    ("dataset: a 50 MB line without a newline",
     lambda: train_on(data_file("huge_tail.jsonl", "x" * (50 << 20))), "huge_tail.jsonl", "line 1: line longer than"),
    ("dataset: a number beyond double range",
     lambda: train_on(data_file("bignum.jsonl", '{"text": "a", "n": 1e999}\n')), "bignum.jsonl", "line 1"),
    ("dataset: a JSON array with a number beyond double range",
     lambda: train_on(data_file("bignum.json", '[\n{"text": "a", "n": 1e999}\n]\n')), "bignum.json", "line 2"),
    ("dataset: a line nested a million deep",
     lambda: train_on(data_file("deep.jsonl", "[" * 1000000 + "]" * 1000000 + "\n")), "deep.jsonl",
     "line 1"),
    ("dataset: NUL bytes", lambda: train_on(data_file("nul.jsonl", b'{"text": "a"}\n\0\0\0\0\n')), "nul.jsonl",
     "line 2"),
    ("dataset: output of the wrong type",
     lambda: train_on(data_file("wrongtype.jsonl", '{"instruction": "a", "output": 5}\n')), "wrongtype.jsonl",
     "'output' must be a string"),
    ("dataset: messages of the wrong type",
     lambda: train_on(data_file("msgtype.jsonl", '{"messages": {"role": "user"}}\n')), "msgtype.jsonl",
     "'messages' must be a non-empty array"),
    ("dataset: a directory", lambda: train_on(fresh("data_dir.jsonl")), "data_dir.jsonl", ""),
    # --- run folders (train --resume)
    ("run config.json: an unknown field naming an outside folder",
     lambda: resume(run_with_config("run_unknown", lambda j: add(j, "adapter_dir", "/etc"))), "config.json",
     "unknown field 'adapter_dir'"),
    ("run config.json: an output path field",
     lambda: resume(run_with_config("run_out", lambda j: add(j, "out", "../../elsewhere"))), "config.json",
     "unknown field 'out'"),
    ("run config.json: steps a string",
     lambda: resume(run_with_config("run_steps", lambda j: add(j, "steps", "5"))), "config.json", "steps"),
    ("run config.json: seq_len of 2^40",
     lambda: resume(run_with_config("run_seq", lambda j: j["data_options"].update({"seq_len": 1 << 40}))),
     "config.json", "seq_len must be between"),
    ("run config.json: not JSON",
     lambda: resume((lambda d: (open(os.path.join(d, "config.json"), "w").write("{oops"), d)[1])(copy_run("run_nj"))),
     "config.json", "not valid JSON"),
    ("run: adapter/ is a symlink out of the run folder",
     lambda: resume(run_with_link("run_ln_adapter", "adapter", True)), "adapter", "symbolic link"),
    ("run: checkpoints/ is a symlink out of the run folder",
     lambda: ["train", "--resume", os.path.join(run_with_link("run_ln_ckpt", "checkpoints", True), "checkpoints",
                                                "step-000002"), "--quiet"], "checkpoints", "symbolic link"),
    ("run: metrics.jsonl is a symlink out of the run folder",
     lambda: resume(run_with_link("run_ln_metrics", "metrics.jsonl", False)), "metrics.jsonl", "symbolic link"),
    ("checkpoint manifest: a file name with ../",
     lambda: resume(run_with_manifest("man_dotdot", lambda j: j["files"].update(
         {"../../config.json": {"bytes": 1, "crc32": 1}}))), "manifest.json", "is not a plain file name"),
    ("checkpoint manifest: an absolute file name",
     lambda: resume(run_with_manifest("man_abs", lambda j: j["files"].update(
         {"/etc/passwd": {"bytes": 1, "crc32": 1}}))), "manifest.json", "is not a plain file name"),
    ("checkpoint manifest: bytes of the wrong type",
     lambda: resume(run_with_manifest("man_type", lambda j: j["files"]["trainer_state.json"].update({"bytes": "9"}))),
     "manifest.json", "needs bytes and crc32"),
    ("checkpoint manifest: missing", lambda: resume((lambda d: (os.remove(os.path.join(
        d, "checkpoints", "step-000002", "manifest.json")), d)[1])(copy_run("man_missing"))),
     "step-000002", "no manifest.json"),
    # --- code in files is never run (item 4)
    ("pickle: pytorch_model.bin only",
     lambda: generate((lambda d: (os.remove(os.path.join(d, "model.safetensors")),
                                  open(os.path.join(d, "pytorch_model.bin"), "wb").write(b"\x80\x02cos\nsystem\n"),
                                  d)[2])(copy_model("pk_bin"))), "pk_bin", "never opened"),
    ("pickle: model.pt only",
     lambda: generate((lambda d: (os.remove(os.path.join(d, "model.safetensors")),
                                  open(os.path.join(d, "model.pt"), "wb").write(b"\x80\x02"), d)[2])(
         copy_model("pk_pt"))), "pk_pt", "never opened"),
    ("pickle: model.pth only",
     lambda: generate((lambda d: (os.remove(os.path.join(d, "model.safetensors")),
                                  open(os.path.join(d, "model.pth"), "wb").write(b"\x80\x02"), d)[2])(
         copy_model("pk_pth"))), "pk_pth", "never opened"),
    ("pickle: model.ckpt only",
     lambda: generate((lambda d: (os.remove(os.path.join(d, "model.safetensors")),
                                  open(os.path.join(d, "last.ckpt"), "wb").write(b"\x80\x02"), d)[2])(
         copy_model("pk_ckpt"))), "pk_ckpt", "never opened"),
    ("pickle: adapter_model.bin only",
     lambda: eval_with((lambda d: (open(os.path.join(d, "adapter_model.bin"), "wb").write(b"\x80\x02"), d)[1])(
         adapter_with("pk_adapter", remove_weights=True))), "adapter_model.bin", "pickle adapters are not read"),
    ("pickle: a .bin file given as the model",
     lambda: generate(os.path.join(TMP, "pk_bin", "pytorch_model.bin")), "pytorch_model.bin", "is a pickle checkpoint"),
]

SENTINEL = os.path.join(TMP, "template_code_ran")
CODE_TEMPLATES = [
    "{{ cycler.__init__.__globals__.os.popen('touch " + SENTINEL + "').read() }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    "{{ c(['touch', '" + SENTINEL + "']) }}{% endif %}{% endfor %}",
    "{{ raise_exception('template ran') }}{% set x = 1/0 %}",
    "{% for i in range(10**12) %}{{ i }}{% endfor %}",
    "{{ messages[0]['content'] * 10**12 }}",
]

# ---------------------------------------------------------------- run

# Memory baselines: the same commands on good input.
good_model = copy_model("good_model")
BASELINES = {
    "generate": run(generate(good_model))[4],
    "eval": run(eval_with(os.path.join(BASE_RUN, "adapter")))[4],
    "train": run(train_on(GOOD_DATA))[4],
}
print("baseline peak RSS (KiB):", BASELINES)

worst_growth = [(0, "")]
slowest = [(0.0, "")]
for name, build, file_part, problem in CASES:
    tried += 1
    try:
        argv = build()
    except Exception as e:  # noqa: BLE001
        bad(name, "could not build the case: %r" % e)
        continue
    rc, out, err, secs, rss = run(argv)
    slowest[0] = max(slowest[0], (secs, name))
    lines = [l for l in err.splitlines()]
    why = []
    if rc == 124:
        why.append("timed out after %d s" % TIME_LIMIT_S)
    elif rc != 1:
        why.append("exit status %d (signal?)" % rc)
    if len(lines) != 1:
        why.append("%d stderr lines" % len(lines))
    first = lines[0] if lines else ""
    if not first.startswith("error: "):
        why.append("stderr does not start with 'error: '")
    if file_part not in first:
        why.append("does not name %s" % file_part)
    if problem not in first:
        why.append("does not say '%s'" % problem)
    base = BASELINES.get(argv[0])
    if base:
        worst_growth[0] = max(worst_growth[0], (rss - base, name))
    if base and rss > base + RSS_SLACK_KB:
        why.append("peak RSS %d KiB against %d KiB on good input" % (rss, base))
    if why:
        bad(name, "; ".join(why) + " -- stderr: " + err[:300].replace("\n", "\\n"))
    else:
        ok(name)

for i, template in enumerate(CODE_TEMPLATES):
    tried += 1
    name = "chat template with code is data, never run (%d)" % (i + 1)
    d = model_with_json("tpl%d" % i, "tokenizer_config.json", lambda j: add(j, "chat_template", template))
    chat = data_file("chat%d.jsonl" % i, "".join(json.dumps(
        {"messages": [{"role": "user", "content": "Hi %d" % k}, {"role": "assistant", "content": "Yo"}]}) + "\n"
        for k in range(4)))
    rc1, out1, err1, _, _ = run(generate(d))
    rc2, out2, err2, _, _ = run(["train", "--model", d, "--data", chat, "--steps", "2", "--seq", "32", "--quiet",
                                 "--out", os.path.join(TMP, "runs", "tpl%d" % i)])
    rc3, out3, _, _, _ = run(generate(MODEL))
    why = []
    if rc1 != 0:
        why.append("generate failed: " + err1[:200])
    if rc2 != 0:
        why.append("train failed: " + err2[:200])
    if os.path.exists(SENTINEL):
        why.append("the template's code ran")
    if out1 != out3:
        why.append("the template changed the generated text")
    if why:
        bad(name, "; ".join(why))
    else:
        ok(name)

shutil.rmtree(TMP, ignore_errors=True)
print("largest peak-RSS growth over good input: %d KiB (%s); slowest case: %.1f s (%s)" % (
    worst_growth[0][0], worst_growth[0][1], slowest[0][0], slowest[0][1]))
print("%d hostile inputs tried: %d passed, %d failed (crashes and time-outs count as failures)" % (tried, passed, failed))
sys.exit(1 if failed else 0)
