#!/usr/bin/env python3
"""Host <-> GPU copy bandwidth through page-locked memory, as one JSON line: what offloading activations
to host memory could move per step. Each figure is the best of 5 timed copies of --mib MiB.
  python3 tests/bench/host_link.py [--mib 1024]"""
import argparse
import json

import torch


def best_gbps(copy, nbytes, repeats=5):
    copy()  # warm-up
    torch.cuda.synchronize()
    best = float("inf")
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        copy()
        end.record()
        torch.cuda.synchronize()
        best = min(best, start.elapsed_time(end) / 1e3)
    return round(nbytes / best / 1e9, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mib", type=int, default=1024)
    n = p.parse_args().mib << 20
    host_a = torch.empty(n, dtype=torch.uint8, pin_memory=True)
    host_b = torch.empty(n, dtype=torch.uint8, pin_memory=True)
    dev_a = torch.empty(n, dtype=torch.uint8, device="cuda")
    dev_b = torch.empty(n, dtype=torch.uint8, device="cuda")
    down, up = torch.cuda.Stream(), torch.cuda.Stream()

    def both():  # device->host and host->device at once, on two streams
        with torch.cuda.stream(down):
            host_a.copy_(dev_a, non_blocking=True)
        with torch.cuda.stream(up):
            dev_b.copy_(host_b, non_blocking=True)
        torch.cuda.current_stream().wait_stream(down)
        torch.cuda.current_stream().wait_stream(up)

    print(json.dumps({
        "bench": "host_link",
        "gpu": torch.cuda.get_device_name(),
        "mib": n >> 20,
        "host_to_device_gbps": best_gbps(lambda: dev_a.copy_(host_a, non_blocking=True), n),
        "device_to_host_gbps": best_gbps(lambda: host_a.copy_(dev_a, non_blocking=True), n),
        "both_directions_gbps_each": best_gbps(both, n),
    }))


if __name__ == "__main__":
    main()
