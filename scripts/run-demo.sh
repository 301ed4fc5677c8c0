#!/usr/bin/env bash
# Builds (via setup.sh) and starts LoRA Studio on the demo model. Without a display it runs a
# headless demo instead: the CLI describes the model and generates a few tokens, and the GUI
# renders a screenshot offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BIN=build/release
DEMO=${LS_DEMO_MODEL:-tests/fixtures/models/llama3}
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$BIN/app/gui/lora-studio" --model demo
fi
echo "No display found: running the headless demo (the GUI renders offscreen to build/release/demo.png)."
"$BIN/app/lora-studio-cli" info "$DEMO" | head -14
"$BIN/app/lora-studio-cli" generate "$DEMO" --prompt "Hello world" --max-new-tokens 12 --greedy
if [ -x "$BIN/app/gui/lora-studio" ]; then
    QT_QPA_PLATFORM=offscreen "$BIN/app/gui/lora-studio" --model demo --screenshot "$BIN/demo.png"
    echo "GUI screenshot: $BIN/demo.png"
fi
