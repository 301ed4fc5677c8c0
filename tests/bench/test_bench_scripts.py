#!/usr/bin/env python3
"""The scripts that turn GPU runs into README's numbers, checked on made-up inputs (no GPU needed):
summarize_trace.py's kernel kinds, busy time, small-GEMM count and launch ranking, and compare_table.py's
rows, ratios in bold only where issue 8's goals are met, and PEFT's failures shown as such.
    tests/bench/test_bench_scripts.py"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def run(script, *args):
    done = subprocess.run([sys.executable, os.path.join(HERE, script), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"{script} exited {done.returncode}: {done.stderr}")
    return done.stdout


def kernel(name, ts, dur):
    return {"ph": "X", "cat": "kernel", "name": name, "ts": ts, "dur": dur}


class SummarizeTrace(unittest.TestCase):
    def summarize(self, events):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"traceEvents": events}, f)
        try:
            return json.loads(run("summarize_trace.py", f.name))
        finally:
            os.unlink(f.name)

    def test_kinds_busy_time_and_small_gemms(self):
        s = self.summarize([
            kernel("nvjet_sm90_tst_256x128_badd_NNT", 0, 300),      # a large GEMM
            kernel("nvjet_sm90_tst_32x64_splitK_NNN", 300, 5),        # a rank-r GEMM
            kernel("nvjet_sm90_tst_32x64_splitK_NNN", 305, 6),
            # cuDNN's flash attention carries "sm90_" as GEMMs do: it must count as attention
            kernel("cudnn_generated_fort_native_sdpa_sm90_flash_bprop", 320, 40),
            kernel("void rotary<__nv_bfloat16, true, 8>(...)", 360, 10),
            kernel("void at::native::bfloat16_copy_kernel_cuda", 400, 2),  # 30 us idle before it
            {"ph": "X", "cat": "cpu_op", "name": "aten::mm", "ts": 0, "dur": 1000},  # not a GPU kernel
        ])
        self.assertEqual(s["kernels"], 6)
        self.assertEqual(s["by_kind_ms"]["gemm"], 0.31)
        self.assertEqual(s["by_kind_ms"]["attention"], 0.04)
        self.assertEqual(s["by_kind_ms"]["fused_norm_swiglu_rope"], 0.01)
        self.assertEqual(s["by_kind_launches"]["copy_cast"], 1)
        self.assertEqual(s["small_gemms"], {"under_us": 20, "launches": 2, "ms": 0.01})
        self.assertEqual(s["gpu_span_ms"], 0.4)
        self.assertEqual(s["gpu_busy_ms"], 0.36)
        self.assertEqual(s["most_launched"][0][:2], ["nvjet_sm90_tst_32x64_splitK_NNN", 2])
        self.assertEqual(s["top"][0][0], "nvjet_sm90_tst_256x128_badd_NNT")

    def test_overlapping_kernels_count_once(self):
        s = self.summarize([kernel("gemm_a", 0, 100), kernel("gemm_b", 50, 100)])
        self.assertEqual(s["gpu_busy_ms"], 0.15)
        self.assertEqual(s["gpu_idle_share"], 0.0)

    def test_no_kernels_is_reported(self):
        s = self.summarize([{"ph": "X", "cat": "cpu_op", "name": "aten::mm", "ts": 0, "dur": 1}])
        self.assertIn("error", s)


def compare_line(method, speed, memory, peft=None, ckpt=False, offload=False):
    ours = {"tokens_per_s": 16086.4, "peak_mem_gib": 21.828, "estimate_error": -0.041}
    line = {"config": f"llama-8b:{method}:2:1024", "shape": "llama-8b", "method": method, "batch": 2, "seq": 1024,
            "grad_ckpt": ckpt, "offload": offload, "lora_studio": ours, "mfu": 0.514}
    if peft is None:
        line["peft"] = {"tokens_per_s": 7808.4, "peak_mem_gib": 36.95}
        line.update(speed_ratio=speed, memory_ratio=memory, first_loss_diff=8e-05)
    else:
        line["peft"] = peft
    return json.dumps(line)


class CompareTable(unittest.TestCase):
    def table(self, *lines):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write("\n".join(lines) + "\n")
        try:
            return run("compare_table.py", f.name).splitlines()
        finally:
            os.unlink(f.name)

    def cells(self, row):
        return [c.strip() for c in row.strip("|").split("|")]

    def test_goals_in_bold_only_where_met(self):
        rows = self.table(compare_line("lora", 2.06, 0.591), compare_line("qlora", 1.95, 0.447),
                          json.dumps({"config": "x", "skipped": "deadline"}))
        self.assertEqual(len(rows), 4)  # header, separator, two rows: the skipped line gives none
        lora, qlora = self.cells(rows[2]), self.cells(rows[3])
        self.assertEqual(lora[:3], ["llama-8b, 2 × 1024", "LoRA", "16,086"])
        self.assertEqual(lora[4], "**2.06×**")
        self.assertEqual(lora[7], "0.59×")
        self.assertEqual(qlora[4], "1.95×")
        self.assertEqual(qlora[7], "**0.45×**")
        self.assertEqual(lora[8:], ["51.4%", "8e-05", "−4.1%"])

    def test_peft_out_of_memory(self):
        rows = self.table(compare_line("lora", 0, 0, peft={"error": "out of memory"}, ckpt=True))
        row = self.cells(rows[2])
        self.assertEqual(row[0], "llama-8b, 2 × 1024, checkpointing")
        self.assertEqual(row[3:5], ["out of memory", "—"])
        self.assertEqual(row[5:8], ["21.83 GiB", "—", "—"])
        self.assertEqual(row[9], "—")  # no loss to compare

    def test_offload_named_in_the_shape_cell(self):
        rows = self.table(compare_line("lora", 2.01, 0.49, offload=True))
        row = self.cells(rows[2])
        self.assertEqual(row[0], "llama-8b, 2 × 1024, LoRA Studio with activation offload")
        self.assertEqual(row[7], "**0.49×**")

    def test_lora_studio_only_options_and_ratios_next_to_a_bound(self):
        line = json.loads(compare_line("lora-fa", 1.996, 0.497))
        line["lora_studio"].update(grad_ckpt=True, streamed_layers=10)
        row = self.cells(self.table(json.dumps(line))[2])
        self.assertEqual(row[0], "llama-8b, 2 × 1024, LoRA Studio with checkpointing and 10 streamed layers")
        self.assertEqual(row[4], "1.996×")  # not "2.00×", which would read as meeting the goal
        self.assertEqual(row[7], "**0.497×**")


class CompareOptions(unittest.TestCase):
    def test_unknown_option_is_refused_before_anything_runs(self):
        p = subprocess.run([sys.executable, os.path.join(HERE, "compare_peft.py"), "--bench", "/nonexistent",
                            "--baseline", "/nonexistent", "--models", "/nonexistent", "--config",
                            "llama-8b:lora:2:1024:fast"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertIn("unknown option 'fast' in llama-8b:lora:2:1024:fast", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
