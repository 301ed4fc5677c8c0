// How the engine sets up torch's CUDA caching allocator.
#pragma once

#include <string>

namespace ls::model {

// Once per process, before the engine's first CUDA allocation: expandable segments, unless the user set
// PYTORCH_CUDA_ALLOC_CONF or PYTORCH_ALLOC_CONF (theirs wins, untouched). Growing one mapping per stream
// instead of caching fixed-size segments leaves far fewer reserved-but-unusable bytes: on the H200,
// llama-8b 4 x 2048 LoRA with checkpointing peaks at 19.5 GiB instead of 20.6, at the same speed
// (tests/bench/results/2026-12-02-h200-expandable-segments.jsonl). Nothing on a CPU-only LibTorch.
void configureCudaAllocator();
// What configureCudaAllocator left in effect, for benchmark records and logs: "expandable_segments:True",
// the user's "PYTORCH_CUDA_ALLOC_CONF=..." / "PYTORCH_ALLOC_CONF=...", or "default" (also on the CPU).
std::string cudaAllocatorSettings();

}  // namespace ls::model
