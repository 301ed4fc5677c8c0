// A one-line terminal progress bar on stderr (redrawn in place when stderr is a terminal).
#pragma once

#include <chrono>
#include <string>

namespace ls::cli {

class ProgressBar {
public:
    explicit ProgressBar(std::string label, bool enabled = true);
    // `detail` is shown after the bar (e.g. the current layer, or "loss 2.31  1520 tok/s").
    void update(long long done, long long total, const std::string& detail = {});
    void finish();

private:
    std::string m_label;
    bool m_enabled;
    bool m_tty;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start, m_lastDraw;
};

}  // namespace ls::cli
