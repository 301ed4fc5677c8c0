#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace ls::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : m_label(std::move(label)), m_enabled(enabled), m_tty(::isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()), m_lastDraw(m_start) {}

void ProgressBar::update(long long done, long long total, const std::string& detail) {
    if (!m_enabled || total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    // Redraw at most 10 times a second on a terminal; in a log, one line per 10%.
    if (m_tty && done < total && now - m_lastDraw < std::chrono::milliseconds(100)) return;
    if (!m_tty && done != total && (done * 10 / total) == ((done - 1) * 10 / total)) return;
    m_lastDraw = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = done > 0 ? elapsed * double(total - done) / double(done) : 0.0;
    const int width = 30, filled = static_cast<int>(width * done / total);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '-');
    std::fprintf(stderr, "%s%s [%s] %lld/%lld  %s  ETA %.0fs%s", m_tty ? "\r\033[K" : "", m_label.c_str(), bar.c_str(), done,
                 total, detail.c_str(), eta, m_tty ? "" : "\n");
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressBar::finish() {
    if (m_enabled && m_drawn && m_tty) std::fputc('\n', stderr);
    m_drawn = false;
}

}  // namespace ls::cli
