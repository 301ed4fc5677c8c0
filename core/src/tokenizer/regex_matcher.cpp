// Backtracking matcher for the regex subset of regex.h: continuation frames on the C++ stack,
// bounded by a step budget and a recursion limit so hostile patterns cannot hang or overflow.
#include <algorithm>

#include "lorastudio/error.h"
#include "tokenizer/regex.h"
#include "tokenizer/regex_ast.h"
#include "tokenizer/unicode.h"

namespace ls::tok {
namespace {

constexpr size_t kBaseSteps = 1000000;  // step budget per findAll ...
constexpr size_t kStepsPerChar = 2000;  // ... plus this much per code point of text
constexpr int kMaxDepth = 10000;        // nested continuation calls
constexpr size_t kNoMatch = static_cast<size_t>(-1);

class Matcher {
public:
    Matcher(const std::u32string& text, size_t budget, const std::string& source)
        : m_text(text), m_budget(budget), m_source(source) {}

    // The end of the match starting at pos, or kNoMatch.
    size_t matchAt(const RegexProgram& prog, size_t pos) {
        return matchAlts(prog.alts, pos, nullptr, 0) ? m_end : kNoMatch;
    }

private:
    // What to match after the current sequence: the rest of an outer sequence, or the next repeat iteration.
    struct Frame {
        const Seq* seq;
        size_t idx;
        const Node* rep;  // non-null: a repeat iteration ended
        int count;
        size_t start;  // where that iteration began
        const Frame* next;
    };

    void step(int depth, size_t n = 1) {
        m_steps += n;
        if (m_steps > m_budget)
            failFile(m_source, "regex needs too many steps on this text (catastrophic backtracking)");
        if (depth > kMaxDepth) failFile(m_source, "regex recursion is too deep on this text");
    }

    bool matchAlts(const std::vector<Seq>& alts, size_t pos, const Frame* k, int depth) {
        for (const Seq& alt : alts)
            if (run(alt, 0, pos, k, depth + 1)) return true;
        return false;
    }

    // The end of the first match of alts at pos with nothing after it (atomic groups, lookahead), or kNoMatch.
    size_t matchAlone(const std::vector<Seq>& alts, size_t pos, int depth) {
        return matchAlts(alts, pos, nullptr, depth) ? m_end : kNoMatch;
    }

    bool cont(size_t pos, const Frame* k, int depth) {
        if (!k) {
            m_end = pos;
            return true;
        }
        if (k->rep) {
            // An iteration that matched nothing ends the loop (no infinite empty repetition).
            if (pos == k->start && k->count > k->rep->min) return false;
            return repeat(*k->rep, k->count, pos, k->next, depth + 1);
        }
        return run(*k->seq, k->idx, pos, k->next, depth + 1);
    }

    bool checkAnchor(Node::Anchor a, size_t pos) const {
        const size_t n = m_text.size();
        switch (a) {
            case Node::Anchor::LineStart:
                return pos == 0 || m_text[pos - 1] == '\n';
            case Node::Anchor::LineEnd:
                return pos == n || m_text[pos] == '\n';
            case Node::Anchor::TextStart:
                return pos == 0;
            case Node::Anchor::TextEnd:
                return pos == n;
            case Node::Anchor::TextEndNewline:
                return pos == n || (pos + 1 == n && m_text[pos] == '\n');
        }
        return false;
    }

    bool run(const Seq& seq, size_t i, size_t pos, const Frame* k, int depth) {
        step(depth);
        // Plain characters and anchors need no backtracking state.
        while (i < seq.size()) {
            const Node& n = seq[i];
            if (n.kind == Node::Kind::Char) {
                if (pos >= m_text.size() || !n.cls.matches(m_text[pos])) return false;
                ++pos;
            } else if (n.kind == Node::Kind::Assert) {
                if (!checkAnchor(n.anchor, pos)) return false;
            } else {
                break;
            }
            ++i;
        }
        if (i == seq.size()) return cont(pos, k, depth);
        const Node& n = seq[i];
        const Frame after{&seq, i + 1, nullptr, 0, 0, k};
        switch (n.kind) {
            case Node::Kind::Group:
                if (n.atomic) {
                    const size_t end = matchAlone(n.alts, pos, depth);
                    return end != kNoMatch && run(seq, i + 1, end, k, depth + 1);
                }
                return matchAlts(n.alts, pos, &after, depth);
            case Node::Kind::Look: {
                const bool found = matchAlone(n.alts, pos, depth) != kNoMatch;
                return found != n.negate && run(seq, i + 1, pos, k, depth + 1);
            }
            case Node::Kind::Repeat: {
                const Seq& body = n.alts[0];
                if (body.size() == 1 && body[0].kind == Node::Kind::Char) return repeatChar(n, seq, i, pos, k, depth);
                if (n.possessive) {
                    const size_t end = repeatAlone(n, pos, depth);
                    return end != kNoMatch && run(seq, i + 1, end, k, depth + 1);
                }
                return repeat(n, 0, pos, &after, depth);
            }
            default:
                return false;
        }
    }

    // A repeated single character: count the run once, then try the lengths without recursion per char.
    bool repeatChar(const Node& n, const Seq& seq, size_t i, size_t pos, const Frame* k, int depth) {
        const CharClass& cls = n.alts[0][0].cls;
        const size_t limit = n.max < 0 ? m_text.size() - pos : std::min<size_t>(n.max, m_text.size() - pos);
        size_t count = 0;
        while (count < limit && cls.matches(m_text[pos + count])) ++count;
        step(depth, count);
        const size_t min = static_cast<size_t>(n.min);
        if (count < min) return false;
        if (n.possessive) return run(seq, i + 1, pos + count, k, depth + 1);
        if (n.greedy) {
            for (size_t c = count + 1; c-- > min;)
                if (run(seq, i + 1, pos + c, k, depth + 1)) return true;
            return false;
        }
        for (size_t c = min; c <= count; ++c)
            if (run(seq, i + 1, pos + c, k, depth + 1)) return true;
        return false;
    }

    // General repeat: `count` iterations done, now at pos; k continues after the repeat.
    bool repeat(const Node& n, int count, size_t pos, const Frame* k, int depth) {
        step(depth);
        const bool canMore = n.max < 0 || count < n.max;
        const bool mustMore = count < n.min;
        const Frame iteration{nullptr, 0, &n, count + 1, pos, k};
        if (n.greedy) {
            if (canMore && run(n.alts[0], 0, pos, &iteration, depth + 1)) return true;
            return !mustMore && cont(pos, k, depth);
        }
        if (!mustMore && cont(pos, k, depth)) return true;
        return canMore && run(n.alts[0], 0, pos, &iteration, depth + 1);
    }

    size_t repeatAlone(const Node& n, size_t pos, int depth) {
        return repeat(n, 0, pos, nullptr, depth) ? m_end : kNoMatch;
    }

    const std::u32string& m_text;
    size_t m_budget;
    const std::string& m_source;
    size_t m_steps = 0;
    size_t m_end = 0;
};

}  // namespace

Regex::Regex(const std::string& pattern, const std::string& source)
    : m_pattern(pattern), m_source(source), m_program(parseRegex(pattern, source)) {}

std::vector<std::pair<size_t, size_t>> Regex::findAll(const std::string& text) const {
    const CodePoints cp = decodeAll(text);
    const size_t n = cp.cps.size();
    Matcher matcher(cp.cps, kBaseSteps + kStepsPerChar * n, m_source);
    std::vector<std::pair<size_t, size_t>> out;
    size_t pos = 0;
    size_t lastMatchEnd = kNoMatch;
    while (pos <= n) {
        size_t start = pos, end = kNoMatch;
        for (; start <= n; ++start) {
            end = matcher.matchAt(*m_program, start);
            if (end != kNoMatch) break;
        }
        if (end == kNoMatch) break;
        // As the onig crate: an empty match right where the previous one ended is skipped.
        if (end == start && lastMatchEnd == end) {
            pos = start + 1;
            continue;
        }
        out.emplace_back(cp.offsets[start], cp.offsets[end]);
        lastMatchEnd = end;
        pos = end;  // after an empty match the next round finds it again and steps past it
    }
    return out;
}

}  // namespace ls::tok
