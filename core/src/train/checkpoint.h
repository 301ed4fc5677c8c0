// Checkpoint folders: RUN/checkpoints/step-000100/ with the adapter (PEFT files), the optimizer state
// (safetensors), trainer_state.json, and manifest.json listing every file's size and CRC-32.
// A checkpoint is written into "step-000100.partial" and renamed into place once complete, so a crash or
// kill -9 mid-write never leaves a half checkpoint under a final name; the manifest catches later damage.
#pragma once

#include <filesystem>
#include <string>

#include "lorastudio/lora.h"
#include "train/adamw.h"

namespace ls::train {

struct TrainerState {
    int64_t step = 0;          // optimizer steps done
    int64_t microBatches = 0;  // stream position: micro-batches consumed
    int64_t tokens = 0;        // tokens trained on
    double elapsedS = 0;       // wall time so far
    double lastLoss = 0;
};

std::filesystem::path checkpointPath(const std::filesystem::path& runDir, int64_t step);

// Writes the checkpoint of `state.step`; replaces an existing one of the same step. Returns its path.
std::filesystem::path writeCheckpoint(const std::filesystem::path& runDir, const LoraAdapter& adapter, AdamW& optimizer,
                                      const TrainerState& state, const std::string& baseModel);

// Verifies the manifest (every file present, sizes and CRC-32s equal); throws ls::Error naming the file.
void verifyCheckpoint(const std::filesystem::path& dir);
TrainerState readTrainerState(const std::filesystem::path& dir);
// Loads exp_avg / exp_avg_sq into the optimizer (shapes must match) and its step count.
void loadOptimizerState(const std::filesystem::path& dir, AdamW& optimizer);

// Deletes all but the newest `keep` checkpoints (keep 0: none deleted), and stale .partial folders.
void pruneCheckpoints(const std::filesystem::path& runDir, int keep);

}  // namespace ls::train
