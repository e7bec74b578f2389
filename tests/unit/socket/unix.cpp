// SPDX-License-Identifier: MIT
// AF_UNIX sockets: filesystem paths in a scratch directory, Linux abstract names, autobind,
// datagrams and seqpackets (CPython: TestUnixDomain, TestLinuxAbstractNamespace, spec §6.15).
#include "helpers.hpp"

#include <cctype>

using namespace sxs;

TEST_CASE("socket: AF_UNIX stream over a filesystem path", "[socket][unix]")
{
    TempDir dir;
    std::string path = dir.file("stream.sock");
    sx_addr h = 0;
    REQUIRE_SX(sx_addr_unix(path.c_str(), &h));
    Addr where(h);

    Sock l(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_SX(sx_socket_bind(l, where));
    REQUIRE_SX(sx_socket_listen(l, SX_BACKLOG_DEFAULT));
    struct stat st;
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK(S_ISSOCK(st.st_mode));
    Addr lname(sockname(l));
    CHECK(unix_name_of(lname) == path);
    CHECK(text_of(lname) == path);

    Sock c(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_SX(sx_socket_connect(c, where));
    Sock conn;
    Addr peer;
    REQUIRE_SX(sx_socket_accept(l, conn.out(), peer.out()));
    CHECK(int_attr(sx_socket_family, conn) == AF_UNIX);
    // The client is unbound: its address is the unnamed one (Python: '').
    REQUIRE(peer.h != 0); // the kernel names the family only: the unnamed address
    CHECK(family_of(peer) == AF_UNIX);
    CHECK(unix_name_of(peer).empty());
    Addr cpeer(peername(c));
    CHECK(unix_name_of(cpeer) == path);
    Addr cname(sockname(c));
    CHECK(unix_name_of(cname).empty());

    size_t n = 0;
    char buf[64];
    REQUIRE_SX(sx_socket_sendall(c, "over a path", 11, 0, &n));
    REQUIRE_SX(sx_socket_recv(conn, buf, 11, MSG_WAITALL, &n));
    REQUIRE(n == 11);
    CHECK(std::string(buf, n) == "over a path");

    // recvfrom on a connected unix stream names the sending end.
    REQUIRE_SX(sx_socket_sendall(conn, "back", 4, 0, &n));
    Addr from;
    REQUIRE_SX(sx_socket_recvfrom(c, buf, sizeof buf, 0, &n, from.out()));
    CHECK(std::string(buf, n) == "back");
    REQUIRE(from.h != 0); // the accepted end carries the listener's path
    CHECK(unix_name_of(from) == path);

    // The path is taken: binding again fails; connecting to a path nobody listens on is refused.
    Sock again(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_CODE(sx_socket_bind(again, where), SX_EADDRINUSE);
    std::string missing = dir.path + "/missing.sock";
    sx_addr mh = 0;
    REQUIRE_SX(sx_addr_unix(missing.c_str(), &mh));
    Addr missing_addr(mh);
    REQUIRE_CODE(sx_socket_connect(again, missing_addr), SX_ENOENT);
    std::string stale = dir.file("stale.sock");
    sx_addr sh = 0;
    REQUIRE_SX(sx_addr_unix(stale.c_str(), &sh));
    Addr stale_addr(sh);
    {
        Sock bound_only(open_sock(AF_UNIX, SOCK_STREAM));
        REQUIRE_SX(sx_socket_bind(bound_only, stale_addr));
    }
    Sock d(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_CODE(sx_socket_connect(d, stale_addr), SX_ECONNREFUSED);
}

TEST_CASE("socket: AF_UNIX unbound, unnamed and autobind addresses", "[socket][unix]")
{
    // TestUnixDomain.testUnbound: getsockname of an unbound socket is the unnamed address.
    Sock s(open_sock(AF_UNIX, SOCK_STREAM));
    Addr name(sockname(s));
    CHECK(family_of(name) == AF_UNIX);
    CHECK(unix_name_of(name).empty());
    CHECK(text_of(name).empty());

    // testAutobind: binding the empty address picks an abstract name, NUL + 5 hex digits.
    for (int type : {SOCK_STREAM, SOCK_DGRAM}) {
        Sock a(open_sock(AF_UNIX, type));
        sx_addr eh = 0;
        REQUIRE_SX(sx_addr_unix("", &eh));
        Addr empty(eh);
        REQUIRE_SX(sx_socket_bind(a, empty));
        Addr auto_name(sockname(a));
        std::string got = unix_name_of(auto_name);
        REQUIRE(got.size() == 6);
        CHECK(got[0] == '\0');
        for (size_t i = 1; i < got.size(); i++) {
            INFO("byte " << i << " = " << (int)(unsigned char)got[i]);
            CHECK((std::isdigit((unsigned char)got[i]) || (got[i] >= 'a' && got[i] <= 'f')));
        }
        CHECK(text_of(auto_name) == "@" + got.substr(1));
    }

    // An empty unix address cannot be connected to.
    Sock c(open_sock(AF_UNIX, SOCK_STREAM));
    sx_addr eh = 0;
    REQUIRE_SX(sx_addr_unix_bytes(nullptr, 0, &eh));
    Addr empty(eh);
    REQUIRE_CODE(sx_socket_connect(c, empty), SX_EINVAL);
}

TEST_CASE("socket: AF_UNIX abstract names", "[socket][unix]")
{
    // TestLinuxAbstractNamespace.testLinuxAbstractNamespace: the name round-trips, NULs and all.
    std::string name = abstract_name("abs");
    name += std::string("\0with\0nuls", 10);
    Addr where(unix_bytes(name));
    Sock l(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_SX(sx_socket_bind(l, where));
    REQUIRE_SX(sx_socket_listen(l, 5));
    Addr lname(sockname(l));
    CHECK(unix_name_of(lname) == name);
    Sock c(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_SX(sx_socket_connect(c, where));
    Addr cpeer(peername(c));
    CHECK(unix_name_of(cpeer) == name);
    Sock conn;
    REQUIRE_SX(sx_socket_accept(l, conn.out(), nullptr));
    size_t n;
    char buf[16];
    REQUIRE_SX(sx_socket_send(c, "abstract", 8, 0, &n));
    REQUIRE_SX(sx_socket_recv(conn, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "abstract");

    // testMaxName: 108 bytes including the leading NUL; testNameOverflow: one more is refused.
    std::string longest = abstract_name("max");
    longest.resize(108, 'h');
    Addr max_addr(unix_bytes(longest));
    Sock m(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_SX(sx_socket_bind(m, max_addr));
    Addr mname(sockname(m));
    CHECK(unix_name_of(mname) == longest);
    sx_addr too_long = 0;
    std::string over = longest + "x";
    REQUIRE_CODE(sx_addr_unix_bytes(over.data(), over.size(), &too_long), SX_EARG);
    CHECK(too_long == 0);

    // An abstract client talks to a filesystem server (they share the namespace of AF_UNIX).
    TempDir dir;
    std::string path = dir.file("mixed.sock");
    sx_addr ph = 0;
    REQUIRE_SX(sx_addr_unix(path.c_str(), &ph));
    Addr path_addr(ph);
    Sock pl(open_sock(AF_UNIX, SOCK_STREAM));
    REQUIRE_SX(sx_socket_bind(pl, path_addr));
    REQUIRE_SX(sx_socket_listen(pl, 1));
    Sock ac(open_sock(AF_UNIX, SOCK_STREAM));
    std::string client_name = abstract_name("client");
    Addr client_addr(unix_bytes(client_name));
    REQUIRE_SX(sx_socket_bind(ac, client_addr));
    REQUIRE_SX(sx_socket_connect(ac, path_addr));
    Sock pconn;
    Addr ppeer;
    REQUIRE_SX(sx_socket_accept(pl, pconn.out(), ppeer.out()));
    REQUIRE(ppeer.h != 0);
    CHECK(unix_name_of(ppeer) == client_name);

    // A filesystem path at the limit: 107 bytes fits, 108 does not.
    std::string p107 = "/tmp/" + std::string(102, 'p');
    sx_addr h107 = 0, h108 = 0;
    REQUIRE_SX(sx_addr_unix(p107.c_str(), &h107));
    sx_addr_close(h107);
    std::string p108 = p107 + "q";
    REQUIRE_CODE(sx_addr_unix(p108.c_str(), &h108), SX_EARG);
}

TEST_CASE("socket: AF_UNIX datagrams: sender names, unbound senders, empty datagrams", "[socket][unix][udp]")
{
    TempDir dir;
    std::string rx_path = dir.file("rx"), tx_path = dir.file("tx");
    sx_addr h = 0;
    REQUIRE_SX(sx_addr_unix(rx_path.c_str(), &h));
    Addr rx_addr(h);
    REQUIRE_SX(sx_addr_unix(tx_path.c_str(), &h));
    Addr tx_addr(h);

    Sock rx(open_sock(AF_UNIX, SOCK_DGRAM));
    REQUIRE_SX(sx_socket_bind(rx, rx_addr));
    Sock tx(open_sock(AF_UNIX, SOCK_DGRAM));
    size_t n;
    char buf[64];

    // An unbound sender: recvfrom gives no address (Python: None).
    REQUIRE_SX(sx_socket_sendto(tx, "anon", 4, 0, rx_addr, &n));
    Addr from;
    REQUIRE_SX(sx_socket_recvfrom(rx, buf, sizeof buf, 0, &n, from.out()));
    CHECK(std::string(buf, n) == "anon");
    CHECK(from.h == 0);

    // A bound sender: its path.
    REQUIRE_SX(sx_socket_bind(tx, tx_addr));
    REQUIRE_SX(sx_socket_sendto(tx, "named", 5, 0, rx_addr, &n));
    Addr from2;
    REQUIRE_SX(sx_socket_recvfrom(rx, buf, sizeof buf, 0, &n, from2.out()));
    CHECK(std::string(buf, n) == "named");
    REQUIRE(from2.h != 0);
    CHECK(unix_name_of(from2) == tx_path);

    // An empty datagram is received as 0 bytes and is not EOF.
    REQUIRE_SX(sx_socket_sendto(tx, nullptr, 0, 0, rx_addr, &n));
    n = 99;
    REQUIRE_SX(sx_socket_recv(rx, buf, sizeof buf, 0, &n));
    CHECK(n == 0);
    REQUIRE_SX(sx_socket_setblocking(rx, 0));
    REQUIRE_CODE(sx_socket_recv(rx, buf, sizeof buf, 0, &n), SX_EAGAIN);

    // Sending to a path with no socket.
    REQUIRE_SX(sx_socket_close(rx.h));
    rx.h = 0;
    unlink(rx_path.c_str());
    REQUIRE_CODE(sx_socket_sendto(tx, "x", 1, 0, rx_addr, &n), SX_ENOENT);
}

TEST_CASE("socket: AF_UNIX seqpacket: EOF versus an empty message", "[socket][unix]")
{
    Sock a, b;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_SEQPACKET, 0, a.out(), b.out()));
    size_t n = 99;
    char buf[16];
    REQUIRE_SX(sx_socket_send(a, "rec1", 4, 0, &n));
    REQUIRE_SX(sx_socket_send(a, "", 0, 0, &n));
    REQUIRE_SX(sx_socket_send(a, "rec3", 4, 0, &n));
    REQUIRE_SX(sx_socket_recv(b, buf, 2, 0, &n)); // a short read drops the rest of the record
    CHECK(std::string(buf, n) == "re");
    n = 99;
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(n == 0); // the empty record
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(std::string(buf, n) == "rec3");
    REQUIRE_SX(sx_socket_setblocking(b, 0));
    REQUIRE_CODE(sx_socket_recv(b, buf, sizeof buf, 0, &n), SX_EAGAIN); // no EOF yet
    REQUIRE_SX(sx_socket_close(a.h));
    a.h = 0;
    n = 99;
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(n == 0); // now EOF
    REQUIRE_SX(sx_socket_recv(b, buf, sizeof buf, 0, &n));
    CHECK(n == 0);

    // A socketpair's recvfrom gives no sender; getpeername gives the unnamed address (Python: '').
    Sock c, d;
    REQUIRE_SX(sx_socketpair(AF_UNIX, SOCK_STREAM, 0, c.out(), d.out()));
    REQUIRE_SX(sx_socket_send(c, "x", 1, 0, &n));
    Addr from;
    REQUIRE_SX(sx_socket_recvfrom(d, buf, sizeof buf, 0, &n, from.out()));
    CHECK(from.h == 0); // Python: None (the kernel gives no name at all)
    Addr dpeer(peername(d));
    CHECK(unix_name_of(dpeer).empty());
}
