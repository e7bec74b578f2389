// SPDX-License-Identifier: MIT
// Differential sweep of the truncation grids: CPython's SCMRightsTest.testCmsgTrunc* and
// RFC3542AncillaryTest.test{Single,Second}CmsgTrunc* probe a few control buffer sizes each; here
// cpython_differential.py prints what python3's recvmsg() gives for every size from 0 to past the
// room needed (SCM_RIGHTS of 1 to 3 descriptors over AF_UNIX stream and datagram; IPV6_HOPLIMIT
// alone and with IPV6_TCLASS over UDP6), and sx_socket_recvmsg() must give the same msg_flags and
// the same items (level, type, data length; the data too for IPv6). Every SCM case also proves
// that no descriptor leaked and that each received one is close-on-exec.
#include "cpython_helpers.hpp"
#include "python_abi.hpp"

#include <cstdio>
#include <sstream>

using namespace sxcp;

namespace {

struct PyCase {
    std::string key;  // "scm stream 2 17", "ipv6 both 43"
    std::string want; // "8 1:1:4"
};

std::vector<PyCase> python_cases()
{
    std::string script = __FILE__;
    script = script.substr(0, script.rfind('/')) + "/cpython_differential.py";
    std::string cmd = "python3 '" + script + "' 2>&1";
    std::vector<PyCase> cases;
    for (const std::string &line : sxt::command_lines(cmd)) {
        size_t arrow = line.find(" => ");
        if (arrow == std::string::npos) {
            cases.push_back({line, "<no result: python3 printed this>"});
            continue;
        }
        cases.push_back({line.substr(0, arrow), line.substr(arrow + 4)});
    }
    return cases;
}

std::string hex(const std::string &s)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string describe(const Result &r, bool with_data)
{
    std::ostringstream out;
    out << r.flags << ' ';
    if (r.anc.empty())
        out << '-';
    for (size_t i = 0; i < r.anc.size(); i++) {
        if (i)
            out << ',';
        out << r.anc[i].level << ':' << r.anc[i].type << ':' << r.anc[i].data.size();
        if (with_data)
            out << ':' << hex(r.anc[i].data);
    }
    return out.str();
}

// "scm <stream|dgram> <nfds> <ancbufsize>": as the script does, then the leak and CLOEXEC checks.
std::string run_scm(const std::string &kind, int nfds, size_t ancbufsize, std::string &problem)
{
    int pipefd[2];
    REQUIRE(pipe2(pipefd, O_CLOEXEC) == 0);
    int before = sxt::open_fd_count();
    std::string got;
    {
        Sock a, b;
        REQUIRE_SX(sx_socketpair(AF_UNIX, kind == "stream" ? SOCK_STREAM : SOCK_DGRAM, 0, a.out(), b.out()));
        REQUIRE_SX(sx_socket_settimeout(b, FAIL_TIMEOUT));
        Msg anc;
        anc.h = new_msg();
        std::vector<int32_t> fds((size_t)nfds, pipefd[0]);
        REQUIRE_SX(sx_msg_add_fds(anc, fds.data(), fds.size()));
        const void *bufs[1] = {MSG.data()};
        size_t lens[1] = {MSG.size()};
        size_t sent = 0;
        REQUIRE_SX(sx_socket_sendmsg(a, bufs, lens, 1, anc, 0, 0, &sent));
        Result r;
        do_recvmsg(b, Mode::Recvmsg, MSG.size(), ancbufsize, 0, r);
        if (r.data != MSG)
            problem += " data differs;";
        got = describe(r, false);
        uint32_t count = 0;
        REQUIRE_SX(sx_msg_fd_count(r.msg, &count));
        size_t whole = 0;
        for (auto &it : r.anc)
            if (it.level == SOL_SOCKET && it.type == SCM_RIGHTS)
                whole += it.data.size() / sizeof(int);
        if (count != whole)
            problem += " sx_msg_fd_count " + std::to_string(count) + " but " + std::to_string(whole) + " in the items;";
        for (uint32_t i = 0; i < count; i++) {
            int32_t fd = -1;
            REQUIRE_SX(sx_msg_take_fd(r.msg, i, &fd));
            if (!fd_cloexec(fd))
                problem += " descriptor " + std::to_string(fd) + " not close-on-exec;";
            close(fd);
        }
    }
    if (sxt::open_fd_count() != before)
        problem += " descriptors leaked: " + std::to_string(sxt::open_fd_count() - before) + ";";
    close(pipefd[0]);
    close(pipefd[1]);
    return got;
}

// "ipv6 <hoplimit|both> <ancbufsize>".
std::string run_ipv6(const std::string &which, size_t ancbufsize, std::string &problem)
{
    Pair p(UDP6);
    REQUIRE_SX(sx_socket_setsockopt_int(p.serv, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1));
    if (which == "both")
        REQUIRE_SX(sx_socket_setsockopt_int(p.serv, IPPROTO_IPV6, IPV6_RECVTCLASS, 1));
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, Mode::Recvmsg, MSG.size(), ancbufsize, 0, r);
    if (r.data != MSG)
        problem += " data differs;";
    return describe(r, true);
}

} // namespace

TEST_CASE("SCMRightsTest / RFC3542AncillaryTest truncation grids, every buffer size, against python3",
          "[msg][cpython][differential][ctrunc][pyabi]")
{
    const std::string layout = sxt::python_cmsg_layout_differs();
    INFO(layout);
    REQUIRE(layout.empty());
    std::vector<PyCase> cases = python_cases();
    INFO("cases printed by cpython_differential.py: " << cases.size());
    REQUIRE(cases.size() >= 200); // 222 SCM cases, and 114 IPv6 ones where IPv6 loopback works
    size_t mismatches = 0, ipv6 = 0;
    for (const PyCase &c : cases) {
        std::istringstream in(c.key);
        std::string what, kind;
        in >> what >> kind;
        std::string problem, got;
        if (what == "scm") {
            int nfds = 0;
            size_t ancbufsize = 0;
            in >> nfds >> ancbufsize;
            got = run_scm(kind, nfds, ancbufsize, problem);
        } else if (what == "ipv6") {
            size_t ancbufsize = 0;
            in >> ancbufsize;
            got = run_ipv6(kind, ancbufsize, problem);
            ipv6++;
        } else {
            got = "<not a case>";
        }
        if (got != c.want || !problem.empty()) {
            mismatches++;
            UNSCOPED_INFO(c.key << ": python3 " << c.want << ", libsocketx " << got << problem);
        }
    }
    if (ipv6 == 0)
        WARN("python3 found no IPv6 loopback: the RFC 3542 sweep was skipped");
    CHECK(mismatches == 0);
}
