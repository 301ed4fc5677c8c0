// A minimal test harness for core tests: plain executables, no Qt (the GPU machine has none).
//   TEST_CASE(name) { CHECK(x == y); CHECK_NEAR(a, b, tol); CHECK_THROWS_WITH(expr, "substring"); }
//   int main(int argc, char** argv) { return ls::test::runAll(argc, argv); }
// A case may call LS_SKIP("why") (e.g. no GPU): it is counted and reported as skipped, never as passed.
#pragma once

#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace ls::test {

struct Case {
    const char* name;
    std::function<void()> body;
};

inline std::vector<Case>& registry() {
    static std::vector<Case> cases;
    return cases;
}

struct Registrar {
    Registrar(const char* name, std::function<void()> body) { registry().push_back({name, std::move(body)}); }
};

struct Failure {
    std::string message;
};
struct Skip {
    std::string reason;
};

inline int& failedChecks() {
    static int n = 0;
    return n;
}

inline void reportFailure(const char* file, int line, const std::string& what) {
    std::cerr << file << ":" << line << ": FAILED " << what << "\n";
    ++failedChecks();
}

// The folder with committed fixtures (set by CMake as LS_FIXTURES_DIR).
inline std::filesystem::path fixtures() {
#ifdef LS_FIXTURES_DIR
    return LS_FIXTURES_DIR;
#else
    return "tests/fixtures";
#endif
}

// Tree helpers through the shell: pip LibTorch 2.x exports a std::filesystem::remove_all of its own
// that crashes when our code calls it, so tests avoid the recursive std::filesystem calls.
inline void removeTree(const std::filesystem::path& dir) {
    std::string cmd = "rm -rf '" + dir.string() + "'";
    if (std::system(cmd.c_str()) != 0) std::cerr << "warning: could not remove " << dir << "\n";
}
inline void copyTree(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::string cmd = "cp -r '" + from.string() + "/.' '" + to.string() + "'";
    if (std::system(cmd.c_str()) != 0) throw Failure{"could not copy " + from.string()};
}

inline int runAll(int argc, char** argv) {
    std::string filter = argc > 1 ? argv[1] : "";
    int passed = 0, failed = 0, skipped = 0;
    for (const auto& c : registry()) {
        if (!filter.empty() && std::string(c.name).find(filter) == std::string::npos) continue;
        int before = failedChecks();
        try {
            c.body();
            if (failedChecks() == before) {
                ++passed;
                std::cout << "[ PASS ] " << c.name << "\n";
            } else {
                ++failed;
                std::cout << "[ FAIL ] " << c.name << "\n";
            }
        } catch (const Skip& s) {
            ++skipped;
            std::cout << "[ SKIP ] " << c.name << ": " << s.reason << "\n";
        } catch (const Failure& f) {
            ++failed;
            std::cout << "[ FAIL ] " << c.name << ": " << f.message << "\n";
        } catch (const std::exception& e) {
            ++failed;
            std::cout << "[ FAIL ] " << c.name << ": unexpected exception: " << e.what() << "\n";
        }
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    if (failed) return 1;
    // All skipped: tell ctest (SKIP_RETURN_CODE 77) so it is reported as skipped, not passed.
    if (passed == 0 && skipped > 0) return 77;
    return 0;
}

}  // namespace ls::test

#define LS_TEST_CAT2(a, b) a##b
#define LS_TEST_CAT(a, b) LS_TEST_CAT2(a, b)
#define TEST_CASE(name)                                                                            \
    static void LS_TEST_CAT(ls_test_fn_, __LINE__)();                                              \
    static ::ls::test::Registrar LS_TEST_CAT(ls_test_reg_, __LINE__)(name, &LS_TEST_CAT(ls_test_fn_, __LINE__)); \
    static void LS_TEST_CAT(ls_test_fn_, __LINE__)()

// glog (pulled in by some torch builds) defines CHECK and CHECK_EQ too; include torch before this header.
#undef CHECK
#undef CHECK_EQ
#undef CHECK_NEAR
#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) ::ls::test::reportFailure(__FILE__, __LINE__, "CHECK(" #cond ")"); \
    } while (0)

// Stops the case at the first failure (use where later lines would crash).
#define REQUIRE(cond)                                                                         \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            ::ls::test::reportFailure(__FILE__, __LINE__, "REQUIRE(" #cond ")");              \
            throw ::ls::test::Failure{"REQUIRE(" #cond ") at line " + std::to_string(__LINE__)}; \
        }                                                                                     \
    } while (0)

#define CHECK_EQ(a, b)                                                                               \
    do {                                                                                             \
        auto&& ls_a = (a);                                                                           \
        auto&& ls_b = (b);                                                                           \
        if (!(ls_a == ls_b)) {                                                                       \
            std::ostringstream ls_os;                                                                \
            ls_os << "CHECK_EQ(" #a ", " #b "): " << ls_a << " != " << ls_b;                          \
            ::ls::test::reportFailure(__FILE__, __LINE__, ls_os.str());                              \
        }                                                                                            \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                        \
    do {                                                                                             \
        double ls_a = (a), ls_b = (b);                                                               \
        if (!(std::fabs(ls_a - ls_b) <= (tol))) {                                                    \
            std::ostringstream ls_os;                                                                \
            ls_os << "CHECK_NEAR(" #a ", " #b "): " << ls_a << " vs " << ls_b << " (tol " << (tol) << ")"; \
            ::ls::test::reportFailure(__FILE__, __LINE__, ls_os.str());                              \
        }                                                                                            \
    } while (0)

// Passes when expr throws a std::exception whose what() contains `substring`.
#define CHECK_THROWS_WITH(expr, substring)                                                           \
    do {                                                                                             \
        bool ls_thrown = false;                                                                      \
        try {                                                                                        \
            (void)(expr);                                                                            \
        } catch (const std::exception& ls_e) {                                                       \
            ls_thrown = true;                                                                        \
            if (std::string(ls_e.what()).find(substring) == std::string::npos)                       \
                ::ls::test::reportFailure(__FILE__, __LINE__,                                        \
                                          std::string("error text '") + ls_e.what() + "' lacks '" + (substring) + "'"); \
        }                                                                                            \
        if (!ls_thrown) ::ls::test::reportFailure(__FILE__, __LINE__, "no exception from " #expr);   \
    } while (0)

#define LS_SKIP(reason) throw ::ls::test::Skip{reason}
