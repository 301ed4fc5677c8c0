// Parser for the regex subset described in regex.h.
#include <algorithm>
#include <cctype>

#include "lorastudio/error.h"
#include "tokenizer/regex.h"
#include "tokenizer/regex_ast.h"
#include "tokenizer/unicode.h"

namespace ls::tok {
namespace {

constexpr int kMaxRepeat = 100000;      // {m,n} bounds
constexpr int kMaxNesting = 200;        // group nesting
constexpr size_t kMaxPattern = 100000;  // code points

uint32_t bit(Category c) { return 1u << static_cast<unsigned>(c); }
uint32_t bits(std::initializer_list<Category> cs) {
    uint32_t m = 0;
    for (Category c : cs) m |= bit(c);
    return m;
}

const uint32_t kLetter = bits({Category::Lu, Category::Ll, Category::Lt, Category::Lm, Category::Lo});
const uint32_t kMark = bits({Category::Mn, Category::Mc, Category::Me});
const uint32_t kNumber = bits({Category::Nd, Category::Nl, Category::No});
const uint32_t kPunct =
    bits({Category::Pc, Category::Pd, Category::Ps, Category::Pe, Category::Pi, Category::Pf, Category::Po});
const uint32_t kSymbol = bits({Category::Sm, Category::Sc, Category::Sk, Category::So});
const uint32_t kSeparator = bits({Category::Zs, Category::Zl, Category::Zp});
const uint32_t kOther = bits({Category::Cc, Category::Cf, Category::Cs, Category::Co, Category::Cn});

class Parser {
public:
    Parser(const std::string& pattern, const std::string& source) : m_pattern(pattern), m_source(source) {
        LS_CHECK_FILE(isValidUtf8(pattern), m_source, "regex pattern is not valid UTF-8");
        m_cps = decodeAll(pattern).cps;
        LS_CHECK_FILE(m_cps.size() <= kMaxPattern, m_source, "regex pattern is too long");
    }

    std::shared_ptr<const RegexProgram> parse() {
        auto prog = std::make_shared<RegexProgram>();
        prog->alts = parseAlternation(false, 0);
        if (m_pos < m_cps.size()) fail("unmatched ')'");
        return prog;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        failFile(m_source, "regex " + what + " at offset " + std::to_string(m_pos) + " in pattern '" +
                               m_pattern.substr(0, 200) + "'");
    }
    bool atEnd() const { return m_pos >= m_cps.size(); }
    char32_t peek(size_t ahead = 0) const { return m_pos + ahead < m_cps.size() ? m_cps[m_pos + ahead] : 0; }
    char32_t next() {
        if (atEnd()) fail("ends unexpectedly");
        return m_cps[m_pos++];
    }

    std::vector<Seq> parseAlternation(bool icase, int depth) {
        if (depth > kMaxNesting) fail("nests groups too deeply");
        std::vector<Seq> alts;
        bool flag = icase;  // an inline (?i) holds to the end of the group, across alternatives
        alts.push_back(parseSequence(flag, depth));
        while (!atEnd() && peek() == '|') {
            ++m_pos;
            alts.push_back(parseSequence(flag, depth));
        }
        return alts;
    }

    Seq parseSequence(bool& icase, int depth) {
        Seq seq;
        while (!atEnd() && peek() != '|' && peek() != ')') {
            Node atom;
            if (!parseAtom(atom, icase, depth)) continue;  // a flag-only group like (?i)
            parseQuantifiers(atom);
            seq.push_back(std::move(atom));
        }
        return seq;
    }

    void parseQuantifiers(Node& atom) {
        for (;;) {
            if (atEnd()) return;
            const char32_t c = peek();
            int min, max;
            bool interval = false;
            if (c == '?') {
                min = 0, max = 1;
            } else if (c == '*') {
                min = 0, max = -1;
            } else if (c == '+') {
                min = 1, max = -1;
            } else if (c == '{' && parseInterval(min, max)) {
                interval = true;
            } else {
                return;
            }
            if (!interval) ++m_pos;
            if (atom.kind == Node::Kind::Assert || atom.kind == Node::Kind::Look) fail("quantifies an assertion");
            Node rep;
            rep.kind = Node::Kind::Repeat;
            rep.min = min;
            rep.max = max;
            if (!atEnd() && peek() == '?') {
                rep.greedy = false;
                ++m_pos;
            } else if (!interval && !atEnd() && peek() == '+') {
                rep.possessive = true;
                ++m_pos;
            }
            rep.alts.push_back(Seq{});
            rep.alts[0].push_back(std::move(atom));
            atom = std::move(rep);
        }
    }

    // {m}, {m,}, {m,n}, {,n}; anything else leaves '{' a literal (as Oniguruma does).
    bool parseInterval(int& min, int& max) {
        size_t p = m_pos + 1;
        auto number = [&](int& out) {
            size_t start = p;
            long v = 0;
            while (p < m_cps.size() && m_cps[p] >= '0' && m_cps[p] <= '9') {
                v = v * 10 + static_cast<long>(m_cps[p] - '0');
                if (v > kMaxRepeat) fail("repeat count is too large");
                ++p;
            }
            out = static_cast<int>(v);
            return p > start;
        };
        int lo = 0, hi = -1;
        const bool hasLo = number(lo);
        if (p < m_cps.size() && m_cps[p] == ',') {
            ++p;
            if (!number(hi))
                hi = -1;
            else if (hi < lo)
                fail("has a repeat {m,n} with n < m");
            if (!hasLo && hi < 0) return false;
        } else {
            if (!hasLo) return false;
            hi = lo;
        }
        if (p >= m_cps.size() || m_cps[p] != '}') return false;
        m_pos = p + 1;
        min = lo;
        max = hi;
        return true;
    }

    static Node charNode(CharClass cls) {
        Node n;
        n.kind = Node::Kind::Char;
        n.cls = std::move(cls);
        return n;
    }
    static CharClass literal(char32_t c, bool icase) {
        CharClass cls;
        cls.icase = icase;
        cls.items.push_back({ClassItem::Kind::Range, false, c, c, 0});
        return cls;
    }
    static Node assertNode(Node::Anchor a) {
        Node n;
        n.kind = Node::Kind::Assert;
        n.anchor = a;
        return n;
    }

    bool parseAtom(Node& out, bool& icase, int depth) {
        const char32_t c = next();
        switch (c) {
            case '(':
                return parseGroup(out, icase, depth);
            case '[':
                out = charNode(parseClass(icase));
                return true;
            case '.': {
                CharClass cls;
                cls.negated = true;
                cls.items.push_back({ClassItem::Kind::Range, false, '\n', '\n', 0});
                out = charNode(cls);
                return true;
            }
            case '^':
                out = assertNode(Node::Anchor::LineStart);
                return true;
            case '$':
                out = assertNode(Node::Anchor::LineEnd);
                return true;
            case '\\': {
                const char32_t e = peek();
                if (e == 'A') {
                    ++m_pos;
                    out = assertNode(Node::Anchor::TextStart);
                    return true;
                }
                if (e == 'z') {
                    ++m_pos;
                    out = assertNode(Node::Anchor::TextEnd);
                    return true;
                }
                if (e == 'Z') {
                    ++m_pos;
                    out = assertNode(Node::Anchor::TextEndNewline);
                    return true;
                }
                CharClass cls;
                cls.icase = icase;
                parseEscape(cls, false);
                out = charNode(cls);
                return true;
            }
            case '*':
            case '+':
            case '?':
                fail("has a quantifier with nothing to repeat");
            default:
                out = charNode(literal(c, icase));
                return true;
        }
    }

    bool parseGroup(Node& out, bool& icase, int depth) {
        Node g;
        g.kind = Node::Kind::Group;
        bool inner = icase;
        if (peek() == '?') {
            ++m_pos;
            const char32_t k = next();
            if (k == ':') {
            } else if (k == '>') {
                g.atomic = true;
            } else if (k == '=' || k == '!') {
                g.kind = Node::Kind::Look;
                g.negate = k == '!';
            } else if (k == 'i' || k == '-') {
                bool on = k == 'i';
                if (k == '-') {
                    if (next() != 'i') fail("has an unsupported inline option");
                }
                const char32_t t = next();
                if (t == ')') {  // (?i) applies to the rest of the enclosing group
                    icase = on;
                    return false;
                }
                if (t != ':') fail("has an unsupported inline option");
                inner = on;
            } else {
                fail("uses unsupported group syntax '(?" + std::string(1, static_cast<char>(k < 0x80 ? k : '?')) + "'");
            }
        }
        g.alts = parseAlternation(inner, depth + 1);
        if (atEnd() || next() != ')') fail("is missing ')'");
        out = std::move(g);
        return true;
    }

    CharClass parseClass(bool icase) {
        CharClass cls;
        cls.icase = icase;
        if (peek() == '^') {
            cls.negated = true;
            ++m_pos;
        }
        bool first = true;
        for (;;) {
            if (atEnd()) fail("is missing ']'");
            char32_t c = next();
            if (c == ']' && !first) break;
            first = false;
            if (c == '[') fail("uses nested classes, which are not supported");
            if (c == '&' && peek() == '&') fail("uses class intersection, which is not supported");
            char32_t lo;
            if (c == '\\') {
                CharClass tmp;
                if (!parseEscape(tmp, true)) {  // a class escape such as \s: no range possible
                    cls.items.insert(cls.items.end(), tmp.items.begin(), tmp.items.end());
                    continue;
                }
                lo = tmp.items[0].lo;
            } else {
                lo = c;
            }
            char32_t hi = lo;
            if (peek() == '-' && peek(1) != ']' && m_pos + 1 < m_cps.size()) {
                ++m_pos;
                char32_t h = next();
                if (h == '\\') {
                    CharClass tmp;
                    if (!parseEscape(tmp, true)) fail("has a range ending in a class escape");
                    h = tmp.items[0].lo;
                } else if (h == '[') {
                    fail("uses nested classes, which are not supported");
                }
                if (h < lo) fail("has an empty character range");
                hi = h;
            }
            cls.items.push_back({ClassItem::Kind::Range, false, lo, hi, 0});
        }
        return cls;
    }

    uint32_t propertyMask(const std::string& rawName) {
        std::string name;
        for (char ch : rawName)
            if (ch != ' ' && ch != '_' && ch != '-') name.push_back(static_cast<char>(std::tolower(ch)));
        static const struct {
            const char* name;
            Category cat;
        } singles[] = {{"lu", Category::Lu}, {"ll", Category::Ll}, {"lt", Category::Lt}, {"lm", Category::Lm},
                       {"lo", Category::Lo}, {"mn", Category::Mn}, {"mc", Category::Mc}, {"me", Category::Me},
                       {"nd", Category::Nd}, {"nl", Category::Nl}, {"no", Category::No}, {"pc", Category::Pc},
                       {"pd", Category::Pd}, {"ps", Category::Ps}, {"pe", Category::Pe}, {"pi", Category::Pi},
                       {"pf", Category::Pf}, {"po", Category::Po}, {"sm", Category::Sm}, {"sc", Category::Sc},
                       {"sk", Category::Sk}, {"so", Category::So}, {"zs", Category::Zs}, {"zl", Category::Zl},
                       {"zp", Category::Zp}, {"cc", Category::Cc}, {"cf", Category::Cf}, {"cs", Category::Cs},
                       {"co", Category::Co}, {"cn", Category::Cn}};
        for (const auto& s : singles)
            if (name == s.name) return bit(s.cat);
        if (name == "l" || name == "letter") return kLetter;
        if (name == "lc" || name == "l&") return bits({Category::Lu, Category::Ll, Category::Lt});
        if (name == "m" || name == "mark" || name == "combiningmark") return kMark;
        if (name == "n" || name == "number") return kNumber;
        if (name == "p" || name == "punctuation") return kPunct;
        if (name == "s" || name == "symbol") return kSymbol;
        if (name == "z" || name == "separator") return kSeparator;
        if (name == "c" || name == "other") return kOther;
        fail("uses an unsupported property \\p{" + rawName + "}");
    }

    // After a backslash. Returns true for a single code point (stored as a Range lo==hi item in cls),
    // false for a class escape (\s, \p{L}, ...) whose items were appended to cls.
    bool parseEscape(CharClass& cls, bool inClass) {
        const char32_t e = next();
        auto single = [&](char32_t cp) {
            cls.items.push_back({ClassItem::Kind::Range, false, cp, cp, 0});
            return true;
        };
        auto cats = [&](uint32_t mask, bool neg) {
            cls.items.push_back({ClassItem::Kind::Categories, neg, 0, 0, mask});
            return false;
        };
        switch (e) {
            case 't':
                return single('\t');
            case 'n':
                return single('\n');
            case 'r':
                return single('\r');
            case 'f':
                return single('\f');
            case 'v':
                return single('\v');
            case 'a':
                return single('\a');
            case 'e':
                return single(0x1B);
            case 'b':
                if (inClass) return single('\b');
                fail("uses \\b, which is not supported");
            case 's':
                cls.items.push_back({ClassItem::Kind::Space, false, 0, 0, 0});
                return false;
            case 'S':
                cls.items.push_back({ClassItem::Kind::Space, true, 0, 0, 0});
                return false;
            case 'w':
                cls.items.push_back({ClassItem::Kind::Word, false, 0, 0, 0});
                return false;
            case 'W':
                cls.items.push_back({ClassItem::Kind::Word, true, 0, 0, 0});
                return false;
            case 'd':
                return cats(bit(Category::Nd), false);
            case 'D':
                return cats(bit(Category::Nd), true);
            case 'p':
            case 'P': {
                if (next() != '{') fail("has \\p without {name}");
                bool neg = e == 'P';
                if (peek() == '^') {
                    neg = !neg;
                    ++m_pos;
                }
                std::string name;
                for (;;) {
                    const char32_t c = next();
                    if (c == '}') break;
                    if (c >= 0x80 || name.size() > 40) fail("has a bad property name");
                    name.push_back(static_cast<char>(c));
                }
                return cats(propertyMask(name), neg);
            }
            case 'x': {
                char32_t v = 0;
                int digits = 0;
                const bool braced = peek() == '{';
                if (braced) ++m_pos;
                while (!atEnd() && std::isxdigit(static_cast<int>(peek() < 0x80 ? peek() : 0)) &&
                       (braced ? digits < 8 : digits < 2)) {
                    const char32_t h = next();
                    v = v * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                    ++digits;
                }
                if (braced && (atEnd() || next() != '}')) fail("has a bad \\x{...} escape");
                if (digits == 0 || v > 0x10FFFF) fail("has a bad \\x escape");
                return single(v);
            }
            case 'u': {
                char32_t v = 0;
                for (int i = 0; i < 4; ++i) {
                    const char32_t h = next();
                    if (h >= 0x80 || !std::isxdigit(static_cast<int>(h))) fail("has a bad \\u escape");
                    v = v * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                }
                return single(v);
            }
            default:
                if (e < 0x80 && std::isalnum(static_cast<int>(e)))
                    fail("uses the unsupported escape \\" + std::string(1, static_cast<char>(e)));
                return single(e);
        }
    }

    const std::string& m_pattern;
    std::string m_source;
    std::u32string m_cps;
    size_t m_pos = 0;
};

}  // namespace

bool CharClass::matches(char32_t cp) const {
    auto test = [&](char32_t c) {
        for (const ClassItem& it : items) {
            bool hit = false;
            switch (it.kind) {
                case ClassItem::Kind::Range:
                    hit = c >= it.lo && c <= it.hi;
                    break;
                case ClassItem::Kind::Categories:
                    hit = (it.mask >> static_cast<unsigned>(category(c))) & 1u;
                    break;
                case ClassItem::Kind::Space:
                    hit = isWhiteSpace(c);
                    break;
                case ClassItem::Kind::Word: {
                    const Category k = category(c);
                    hit = isAlphanumeric(c) || k == Category::Mn || k == Category::Mc || k == Category::Me ||
                          k == Category::Pc;
                    break;
                }
            }
            if (hit != it.negated) return true;
        }
        return false;
    };
    bool hit = test(cp);
    if (!hit && icase) {
        const char32_t folded = simpleFold(cp);
        hit = (folded != cp && test(folded)) || (cp < 0x80 && cp >= 'a' && cp <= 'z' && test(cp - 32));
        if (!hit) {
            // A literal or range given in another case: compare folded forms.
            for (const ClassItem& it : items) {
                if (it.kind == ClassItem::Kind::Range && it.lo == it.hi && simpleFold(it.lo) == folded) {
                    hit = true;
                    break;
                }
            }
        }
    }
    return hit != negated;
}

std::shared_ptr<const RegexProgram> parseRegex(const std::string& pattern, const std::string& source) {
    return Parser(pattern, source).parse();
}

}  // namespace ls::tok
