// SPDX-License-Identifier: MIT
// Shared helpers for the C API tests: status assertions, RAII owners, fd counting.
#pragma once

#include <socketx.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <dirent.h>
#include <string>
#include <vector>

namespace sxt {

// This thread's detail message for the last failure.
inline std::string detail()
{
    char buf[512];
    size_t len = 0;
    return sx_last_error_detail(buf, sizeof buf, &len) == 0 ? std::string(buf, len) : std::string();
}

// Number of open file descriptors of this process.
inline int open_fd_count()
{
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    while (struct dirent *e = readdir(d))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; // the directory stream's own fd
}

inline bool under_valgrind() { return getenv("SX_TEST_UNDER_VALGRIND") != nullptr; }

// The lines a shell command prints (line ends removed; none if it cannot start), for the
// differentials that compare with python3.
inline std::vector<std::string> command_lines(const std::string &cmd)
{
    std::vector<std::string> lines;
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return lines;
    std::string line;
    char buf[4096];
    while (fgets(buf, sizeof buf, p)) {
        line += buf; // a line longer than buf arrives in pieces
        if (line.back() == '\n') {
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
                line.pop_back();
            lines.push_back(line);
            line.clear();
        }
    }
    if (!line.empty()) // a last line without its end
        lines.push_back(line);
    pclose(p);
    return lines;
}

// Owns a socket handle; closes it at scope exit.
struct Sock {
    sx_socket h = 0;
    Sock() = default;
    explicit Sock(sx_socket s) : h(s) {}
    Sock(const Sock &) = delete;
    Sock &operator=(const Sock &) = delete;
    ~Sock() { sx_socket_close(h); }
    sx_socket *out() { return &h; }
    operator sx_socket() const { return h; }
};

// Owns an address handle; closes it at scope exit.
struct Addr {
    sx_addr h = 0;
    Addr() = default;
    explicit Addr(sx_addr a) : h(a) {}
    Addr(const Addr &) = delete;
    Addr &operator=(const Addr &) = delete;
    ~Addr() { sx_addr_close(h); }
    sx_addr *out() { return &h; }
    operator sx_addr() const { return h; }
};

} // namespace sxt

// Require a status of 0, showing the code's name and detail message otherwise.
#define REQUIRE_SX(expr)                                                                            \
    do {                                                                                            \
        int32_t sxt_rc_ = (expr);                                                                   \
        INFO(#expr << " -> " << sx_error_name(sxt_rc_) << " (" << sxt::detail() << ")");            \
        REQUIRE(sxt_rc_ == 0);                                                                      \
    } while (0)

// Require a specific status code, showing names on mismatch.
#define REQUIRE_CODE(expr, code)                                                                    \
    do {                                                                                            \
        int32_t sxt_rc_ = (expr);                                                                   \
        INFO(#expr << " -> " << sx_error_name(sxt_rc_) << " (" << sxt::detail() << "), expected "  \
                   << sx_error_name(code));                                                         \
        REQUIRE(sxt_rc_ == (code));                                                                 \
    } while (0)
