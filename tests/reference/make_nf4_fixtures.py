#!/usr/bin/env python3
"""Makes byte-exact NF4/FP4 fixtures with bitsandbytes' own CUDA kernels (the format users have).

Runs on the GPU machine after ../shared/reference/build-bitsandbytes.sh (see README there):
    python3 tests/reference/make_nf4_fixtures.py --out tests/fixtures/nf4 [--model-dir tests/fixtures/models/llama3]

Writes cases.json (one entry per case: quant type, blocksize, dtype, double quant, n, nested_offset) and
cases.safetensors with, per case c: c.input, c.packed (U8), c.absmax (F32, or U8 with double quant),
c.quant_map, c.nested_absmax, c.nested_quant_map, c.dequant (input dtype).
With --model-dir it also saves that model loaded in 4 bit (nf4, double quant, bf16 compute) by
transformers + bitsandbytes, next to it as <model-dir>-bnb-nf4.
"""
import argparse, json, os, struct

import torch
import bitsandbytes
import bitsandbytes.functional as F
from safetensors.torch import save_file

NF4_THRESHOLDS = ["bf591cd9", "bf1c5270", "beeb8480", "beadea76", "be703cec", "be0d38bc", "bd3a7871", "3d22faff",
                  "3df64863", "3e5067e0", "3e9582d4", "3ec753f9", "3f006d03", "3f248daf", "3f5c89d9"]
FP4_THRESHOLDS = ["3b2aaab9", "3db00000", "3e555555", "3e955555", "3ed55556", "3f155550", "3f555555"]


def f32(hexstr):
    return struct.unpack(">f", bytes.fromhex(hexstr))[0]


def boundary_vector(thresholds):
    """absmax 1.0 so x == v exactly: values on, just below and just above every threshold, both signs."""
    vals = [1.0]
    for h in thresholds:
        t = torch.tensor(f32(h), dtype=torch.float32)
        for v in (t, torch.nextafter(t, torch.tensor(-2.0)), torch.nextafter(t, torch.tensor(2.0))):
            vals += [v.item(), -v.item()]
    return torch.tensor(vals, dtype=torch.float32)


def code_vector(quant_type, scale):
    code = F.get_4bit_type(quant_type, device="cpu").float()
    return torch.cat([code * scale, code * scale * 0.5, code * scale * 0.999])


def cases():
    g = torch.Generator().manual_seed(1234)
    out = []
    for qt in ("nf4", "fp4"):
        thr = NF4_THRESHOLDS if qt == "nf4" else FP4_THRESHOLDS
        out.append((f"{qt}_boundaries", qt, 64, torch.float32, False, boundary_vector(thr)))
        out.append((f"{qt}_codes", qt, 64, torch.float32, False, code_vector(qt, 0.37)))
        zeros = torch.cat([torch.zeros(64), -torch.zeros(64), torch.randn(64, generator=g), torch.zeros(30)])
        out.append((f"{qt}_zero_blocks", qt, 64, torch.float32, False, zeros))
        out.append((f"{qt}_zero_blocks_dq", qt, 64, torch.float32, True, zeros))
        for dt in (torch.float32, torch.bfloat16, torch.float16):
            name = str(dt).replace("torch.", "")
            for dq in (False, True):
                x = torch.randn(777, generator=g).to(dt)
                out.append((f"{qt}_{name}_odd777_{'dq' if dq else 'nodq'}", qt, 64, dt, dq, x))
        for bs in (32, 64, 128, 256, 512, 1024, 2048, 4096):
            x = (torch.randn(4096 + 333, generator=g) * 0.02).to(torch.bfloat16)
            out.append((f"{qt}_bf16_bs{bs}", qt, bs, torch.bfloat16, False, x))
        # Several nested blocks of 256 absmax values, plus a partial one; outliers so blocks differ.
        x = torch.randn(64 * 256 * 3 + 1000, generator=g) * 0.02
        x[::997] *= 30
        out.append((f"{qt}_bf16_dq_large", qt, 64, torch.bfloat16, True, x.to(torch.bfloat16)))
        w = (torch.randn(256, 256, generator=g) * 0.02).to(torch.bfloat16)
        out.append((f"{qt}_bf16_dq_256x256", qt, 64, torch.bfloat16, True, w))
    return out


def run(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    tensors, meta = {}, []
    for name, qt, bs, dt, dq, x in cases():
        xc = x.cuda()
        packed, qs = F.quantize_4bit(xc, blocksize=bs, compress_statistics=dq, quant_type=qt)
        deq = F.dequantize_4bit(packed, qs)
        tensors[f"{name}.input"] = x.clone().contiguous()
        tensors[f"{name}.packed"] = packed.cpu().contiguous()
        tensors[f"{name}.absmax"] = qs.absmax.cpu().contiguous()
        tensors[f"{name}.quant_map"] = qs.code.float().cpu().contiguous()
        tensors[f"{name}.dequant"] = deq.cpu().contiguous()
        entry = {"name": name, "quant_type": qt, "blocksize": bs, "dtype": str(dt).replace("torch.", ""),
                 "double_quant": dq, "shape": list(x.shape), "packed_bytes": packed.numel()}
        if dq:
            tensors[f"{name}.nested_absmax"] = qs.state2.absmax.cpu().contiguous()
            tensors[f"{name}.nested_quant_map"] = qs.state2.code.cpu().contiguous()
            entry["nested_offset"] = float(qs.offset.item() if torch.is_tensor(qs.offset) else qs.offset)
            entry["nested_offset_hex"] = struct.pack(">f", entry["nested_offset"]).hex()
        meta.append(entry)
        print(name, entry["packed_bytes"], flush=True)
    save_file(tensors, os.path.join(out_dir, "cases.safetensors"))
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump({"versions": {"torch": torch.__version__, "bitsandbytes": bitsandbytes.__version__,
                                "gpu": torch.cuda.get_device_name()}, "cases": meta}, f, indent=1)


def save_bnb_model(model_dir):
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig
    qc = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                            bnb_4bit_compute_dtype=torch.bfloat16)
    m = AutoModelForCausalLM.from_pretrained(model_dir, quantization_config=qc, dtype=torch.bfloat16,
                                             device_map={"": 0})
    dst = model_dir.rstrip("/") + "-bnb-nf4"
    m.save_pretrained(dst, safe_serialization=True)
    ids = torch.tensor([[1, 5, 9, 42, 100, 7, 3, 250]], device="cuda")
    with torch.no_grad():
        logits = m(input_ids=ids).logits.float().cpu()
    save_file({"input_ids": ids.cpu(), "logits": logits}, os.path.join(dst, "reference_logits.safetensors"))
    print("saved", dst, sorted(os.listdir(dst)), flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--model-dir")
    a = ap.parse_args()
    run(a.out)
    if a.model_dir:
        save_bnb_model(a.model_dir)
