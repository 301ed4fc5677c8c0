#!/usr/bin/env bash
# Builds (via setup.sh) and starts LoRA Studio on the demo model. Without a display it runs a
# headless demo instead: the CLI describes the model and generates a few tokens, and the GUI
# renders a screenshot offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BIN=build/release
DEMO=${LS_DEMO_MODEL:-resources/demo/model}
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$BIN/app/gui/lora-studio" --model demo
fi
echo "No display found: running the headless demo (the GUI renders offscreen to build/release/demo.png)."
"$BIN/app/lora-studio-cli" info "$DEMO" | head -14
"$BIN/app/lora-studio-cli" generate "$DEMO" --prompt "The cat" --max-new-tokens 16 --greedy
echo "Training a LoRA on the demo dataset for 20 steps (the GUI's Train page does the same with live plots):"
"$BIN/app/lora-studio-cli" train --model demo --data demo --targets all-linear --rank 8 --steps 20 --batch 4 \
    --seq 64 --lr 3e-3 --dtype bf16 --out "$(mktemp -d)/demo-run"
if [ -x "$BIN/app/gui/lora-studio" ]; then
    QT_QPA_PLATFORM=offscreen "$BIN/app/gui/lora-studio" --model demo --screenshot "$BIN/demo.png"
    echo "GUI screenshot: $BIN/demo.png"
fi
