// SPDX-License-Identifier: MIT
// Differential test: libsocketx against Python's socket module on this machine, for every
// case differential.py generates (conversions, services, protocols, getaddrinfo flag
// combinations, getnameinfo flags, host database, interfaces). Same value, or same error
// category, for each.
#include "python_abi.hpp"
#include "support.hpp"

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace {

struct Case {
    std::string op;
    std::vector<std::string> args;
    std::string want;
};

// Read a JSON string starting at s[i] == '"' (json.dumps with ensure_ascii: only basic
// escapes and \uXXXX, which are turned into UTF-8; the generator uses no surrogate pairs).
std::string json_string(const std::string &s, size_t &i)
{
    std::string out;
    for (i++; i < s.size() && s[i] != '"'; i++) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
            unsigned cp = std::stoul(s.substr(i + 1, 4), nullptr, 16);
            i += 4;
            if (cp < 0x80) {
                out += char(cp);
            } else if (cp < 0x800) {
                out += char(0xC0 | (cp >> 6));
                out += char(0x80 | (cp & 0x3F));
            } else {
                out += char(0xE0 | (cp >> 12));
                out += char(0x80 | ((cp >> 6) & 0x3F));
                out += char(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: out += c;
        }
    }
    i++;
    return out;
}

// Parse {"op": "...", "args": ["...", ...], "r": "..."}.
Case parse_line(const std::string &line)
{
    Case c;
    size_t i = 0;
    std::string key;
    while (i < line.size()) {
        if (line[i] == '"') {
            std::string str = json_string(line, i);
            if (key.empty()) {
                key = str;
                continue;
            }
            if (key == "op")
                c.op = str;
            else if (key == "r")
                c.want = str;
            else
                c.args.push_back(str);
            if (key != "args")
                key.clear();
        } else if (line[i] == ']') {
            key.clear();
            i++;
        } else {
            i++;
        }
    }
    return c;
}

std::vector<Case> python_cases()
{
    std::string script = __FILE__;
    script = script.substr(0, script.rfind('/')) + "/differential.py";
    std::string cmd = "python3 '" + script + "' 2>&1";
    std::vector<Case> cases;
    for (const std::string &line : sxt::command_lines(cmd))
        cases.push_back(parse_line(line));
    return cases;
}

const char *opt(const std::string &s) { return s == "<None>" ? nullptr : s.c_str(); }

std::string hex(const unsigned char *b, size_t n)
{
    std::string out;
    char t[3];
    for (size_t i = 0; i < n; i++) {
        snprintf(t, sizeof t, "%02x", b[i]);
        out += t;
    }
    return out;
}

std::string unhex(const std::string &h)
{
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out += char(std::stoi(h.substr(i, 2), nullptr, 16));
    return out;
}

// The category Python's exception maps to, for a libsocketx status.
std::string category(const std::string &op, int32_t rc)
{
    if (rc <= -1001 && rc >= -1199)
        return "err:gai:" + std::to_string(rc + 1000);
    if (rc <= -1201 && rc >= -1299)
        return "err:herr:" + std::to_string(-1200 - rc);
    if (rc == SX_EOUTOFRANGE)
        return "err:overflow";
    if (rc == SX_ENOTFOUND)
        return "err:msg";
    if (rc == SX_EARG)
        return op == "ntop" ? "err:value" : "err:msg";
    if (rc < 0 && rc > -1000)
        return "err:os:" + std::to_string(-rc);
    return "err:sx:" + std::to_string(rc);
}

typedef int32_t (*strfn)(char *, size_t, size_t *);

template <typename F> std::string text_out(const std::string &op, F f)
{
    char buf[1100];
    size_t len = 0;
    int32_t rc = f(buf, sizeof buf, &len);
    return rc ? category(op, rc) : "ok:" + std::string(buf, len);
}

std::string addr_text(sx_addr a)
{
    unsigned char sa[128];
    size_t len = 0;
    if (sx_addr_to_sockaddr(a, sa, sizeof sa, &len) != 0)
        return "?";
    char host[INET6_ADDRSTRLEN];
    const sockaddr *s = reinterpret_cast<const sockaddr *>(sa);
    if (s->sa_family == AF_INET) {
        const sockaddr_in *in = reinterpret_cast<const sockaddr_in *>(sa);
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        return std::string(host) + "," + std::to_string(ntohs(in->sin_port));
    }
    const sockaddr_in6 *in6 = reinterpret_cast<const sockaddr_in6 *>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return std::string(host) + "," + std::to_string(ntohs(in6->sin6_port)) + "," +
           std::to_string(ntohl(in6->sin6_flowinfo)) + "," + std::to_string(in6->sin6_scope_id);
}

std::string hostent_text(const std::string &op, int32_t rc, sx_list l)
{
    if (rc)
        return category(op, rc);
    std::string out = text_out(op, [&](char *b, size_t c, size_t *n) { return sx_hostent_name(l, b, c, n); }).substr(3);
    uint32_t na = 0, nd = 0;
    sx_hostent_alias_count(l, &na);
    sx_list_count(l, &nd);
    out += "|";
    for (uint32_t i = 0; i < na; i++)
        out += (i ? "," : "") +
               text_out(op, [&](char *b, size_t c, size_t *n) { return sx_hostent_alias(l, i, b, c, n); }).substr(3);
    out += "|";
    for (uint32_t i = 0; i < nd; i++)
        out += (i ? "," : "") +
               text_out(op, [&](char *b, size_t c, size_t *n) { return sx_hostent_addr(l, i, b, c, n); }).substr(3);
    sx_list_close(l);
    return "ok:" + out;
}

std::string run(const Case &c)
{
    const std::string &op = c.op;
    const std::vector<std::string> &a = c.args;
    unsigned char bytes[64];
    size_t len = 0;
    int32_t rc;
    if (op == "aton") {
        rc = sx_inet_aton(a[0].c_str(), bytes, sizeof bytes, &len);
        return rc ? category(op, rc) : "ok:" + hex(bytes, len);
    }
    if (op == "pton") {
        rc = sx_inet_pton(std::stoi(a[0]), a[1].c_str(), bytes, sizeof bytes, &len);
        return rc ? category(op, rc) : "ok:" + hex(bytes, len);
    }
    if (op == "ntop" || op == "ntoa") {
        std::string packed = unhex(op == "ntop" ? a[1] : a[0]);
        return text_out(op, [&](char *b, size_t cap, size_t *n) {
            return op == "ntop" ? sx_inet_ntop(std::stoi(a[0]), packed.data(), packed.size(), b, cap, n)
                                : sx_inet_ntoa(packed.data(), packed.size(), b, cap, n);
        });
    }
    if (op == "htons" || op == "ntohs" || op == "htonl" || op == "ntohl") {
        int64_t v = std::stoll(a[0]);
        uint32_t out = 0;
        rc = op == "htons" ? sx_htons(v, &out) : op == "ntohs" ? sx_ntohs(v, &out) : op == "htonl" ? sx_htonl(v, &out)
                                                                                                    : sx_ntohl(v, &out);
        return rc ? category(op, rc) : "ok:" + std::to_string(out);
    }
    if (op == "cmsg_len" || op == "cmsg_space") {
        int64_t out = 0;
        rc = op == "cmsg_len" ? sx_cmsg_len(std::stoll(a[0]), &out) : sx_cmsg_space(std::stoll(a[0]), &out);
        return rc ? category(op, rc) : "ok:" + std::to_string(out);
    }
    if (op == "servbyname") {
        int32_t port = 0;
        rc = sx_getservbyname(a[0].c_str(), opt(a[1]), &port);
        return rc ? category(op, rc) : "ok:" + std::to_string(port);
    }
    if (op == "servbyport")
        return text_out(op, [&](char *b, size_t cap, size_t *n) {
            return sx_getservbyport(std::stoi(a[0]), opt(a[1]), b, cap, n);
        });
    if (op == "protobyname") {
        int32_t p = 0;
        rc = sx_getprotobyname(a[0].c_str(), &p);
        return rc ? category(op, rc) : "ok:" + std::to_string(p);
    }
    if (op == "gai") {
        sx_list l = 0;
        int32_t fam = std::stoi(a[2]), type = std::stoi(a[3]), flags = std::stoi(a[4]);
        if (a[1].rfind("i:", 0) == 0)
            rc = sx_getaddrinfo_port(opt(a[0]), std::stoll(a[1].substr(2)), fam, type, 0, flags, &l);
        else
            rc = sx_getaddrinfo(opt(a[0]), opt(a[1]), fam, type, 0, flags, &l);
        if (rc)
            return category(op, rc);
        uint32_t n = 0;
        sx_list_count(l, &n);
        std::string out;
        for (uint32_t i = 0; i < n; i++) {
            int32_t f = 0, t = 0, p = 0;
            sx_addrinfo_entry(l, i, &f, &t, &p);
            std::string canon =
                text_out(op, [&](char *b, size_t cap, size_t *k) { return sx_addrinfo_canonname(l, i, b, cap, k); });
            sxt::Addr addr;
            sx_addrinfo_addr(l, i, addr.out());
            out += (i ? ";" : "") + std::to_string(f) + "," + std::to_string(t) + "," + std::to_string(p) + "," +
                   canon.substr(3) + "," + addr_text(addr);
        }
        sx_list_close(l);
        return "ok:" + out;
    }
    if (op == "gni" || op == "gni6") {
        char host[1100], serv[64];
        size_t hl = 0, sl = 0;
        if (op == "gni")
            rc = sx_getnameinfo_host(a[0].c_str(), std::stoi(a[1]), 0, 0, std::stoi(a[2]), host, sizeof host, &hl,
                                     serv, sizeof serv, &sl);
        else
            rc = sx_getnameinfo_host(a[0].c_str(), std::stoi(a[1]), uint32_t(std::stoul(a[2])),
                                     uint32_t(std::stoul(a[3])), std::stoi(a[4]), host, sizeof host, &hl, serv,
                                     sizeof serv, &sl);
        return rc ? category(op, rc) : "ok:" + std::string(host, hl) + "|" + std::string(serv, sl);
    }
    if (op == "ghbn")
        return text_out(op, [&](char *b, size_t cap, size_t *n) { return sx_gethostbyname(a[0].c_str(), b, cap, n); });
    if (op == "ghbn_ex" || op == "ghba") {
        sx_list l = 0;
        rc = op == "ghbn_ex" ? sx_gethostbyname_ex(a[0].c_str(), &l) : sx_gethostbyaddr(a[0].c_str(), &l);
        return hostent_text(op, rc, l);
    }
    if (op == "nametoindex") {
        uint32_t idx = 0;
        rc = sx_if_nametoindex(a[0].c_str(), &idx);
        return rc ? category(op, rc) : "ok:" + std::to_string(idx);
    }
    if (op == "indextoname")
        return text_out(op, [&](char *b, size_t cap, size_t *n) {
            return sx_if_indextoname(uint32_t(std::stoul(a[0])), b, cap, n);
        });
    if (op == "fqdn")
        return text_out(op, [&](char *b, size_t cap, size_t *n) { return sx_getfqdn(a[0].c_str(), b, cap, n); });
    return "unknown op " + op;
}

} // namespace

TEST_CASE("resolve: differential against python3 on at least 200 inputs agrees on every result or error category",
          "[resolve][convert][netif][differential][idn][pyabi]")
{
    // Its cmsg_len and cmsg_space cases are python3's values.
    const std::string layout = sxt::python_cmsg_layout_differs();
    INFO(layout);
    REQUIRE(layout.empty());
    std::vector<Case> cases = python_cases();
    INFO("cases produced by differential.py: " << cases.size());
    REQUIRE(cases.size() >= 200);
    size_t mismatches = 0;
    for (const Case &c : cases) {
        // Every op takes at least one argument, gni6 five: a short line is a generator bug.
        if (c.args.empty() || (c.op == "gni6" && c.args.size() < 5) || (c.op == "gai" && c.args.size() < 5)) {
            mismatches++;
            UNSCOPED_INFO("malformed case for " << c.op);
            continue;
        }
        std::string got = run(c);
        if (got != c.want) {
            mismatches++;
            std::string args;
            for (const auto &x : c.args)
                args += "[" + x + "]";
            UNSCOPED_INFO(c.op << args << ": python " << c.want << ", libsocketx " << got);
        }
    }
    CHECK(mismatches == 0);
}
