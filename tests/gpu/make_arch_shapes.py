#!/usr/bin/env python3
"""Random-init bf16 models of architectures beyond shared/bench/peft_baseline.py's Llama shapes, for the
estimate sweep and benchmarks (GPU machine; transformers only):
  qwen3-0.6b      Qwen3-0.6B's shape: per-head q/k norms, head_dim 128 with hidden 1024 (q is 2048 wide), tied
  mistral-sw-1b   a 1B Mistral with a 1024-token sliding window, so sequences past it take the masked path
  make_arch_shapes.py SHAPE OUT_DIR"""
import json
import sys

import torch
import transformers

SHAPES = {
    "qwen3-0.6b": ("Qwen3Config", dict(hidden_size=1024, intermediate_size=3072, num_hidden_layers=28,
                                       num_attention_heads=16, num_key_value_heads=8, head_dim=128,
                                       vocab_size=151936, tie_word_embeddings=True, rope_theta=1000000.0,
                                       max_position_embeddings=40960, use_sliding_window=False)),
    "mistral-sw-1b": ("MistralConfig", dict(hidden_size=2048, intermediate_size=5632, num_hidden_layers=16,
                                            num_attention_heads=16, num_key_value_heads=4, vocab_size=32000,
                                            tie_word_embeddings=False, rope_theta=10000.0,
                                            max_position_embeddings=32768, sliding_window=1024)),
}


def main():
    shape, out = sys.argv[1], sys.argv[2]
    cls_name, kwargs = SHAPES[shape]
    torch.manual_seed(0)
    cfg = getattr(transformers, cls_name)(**kwargs)
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        model = transformers.AutoModelForCausalLM.from_config(cfg).to(torch.bfloat16)
    model.save_pretrained(out, safe_serialization=True)
    print(json.dumps({"made": out, "shape": shape, "params": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
