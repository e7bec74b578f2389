// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, LinuxKernelCryptoAPI (AF_ALG), ported to the C API
// with its skip conditions: the class needs HAVE_SOCKET_ALG (an AF_ALG socket opens);
// create_alg skips when the kernel has no such algorithm (bind gives ENOENT).
//   test_sha256, test_hmac_sha1, test_aes_cbc (sx_socket_sendmsg_afalg), test_aead_aes_gcm
//   (sendmsg_afalg, and the items made by hand with sx_msg_add as CPython does),
//   test_drbg_pr_sha256, test_sendmsg_afalg_args, test_length_restriction.
// accept() on AF_ALG has no peer address (CPython passes NULL; the kernel fails an accept that
// asks for one), so every accept here passes address_out NULL.
// test_sendmsg_afalg_args maps CPython's TypeErrors onto the C signature: op is an int32 with
// -1 for "none" (CPython: a required keyword), assoclen an int64 with -1 for "none", so the
// refused values are those below -1.
#include "can_helpers.hpp"

#include <cstring>
#include <linux/if_alg.h>
#include <vector>

using sxt::Sock;

namespace {

std::string hex(const std::string &h)
{
    std::string out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

bool have_alg()
{
    return sxt::kernel_has(SX_AF_ALG, SX_SOCK_SEQPACKET, 0);
}

#define NO_ALG "AF_ALG required: " SXT_NO_ALG

// create_alg: a bound AF_ALG socket, or 0 with *why set when the kernel lacks the algorithm.
sx_socket create_alg(const char *typ, const char *name, std::string *why)
{
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_ALG, SX_SOCK_SEQPACKET, 0, s.out()));
    sxt::Addr a;
    REQUIRE_SX(sx_addr_alg(typ, name, 0, 0, a.out()));
    int32_t rc = sx_socket_bind(s, a);
    if (rc == SX_ENOENT) {
        *why = std::string("the kernel has no ") + typ + " " + name;
        return 0;
    }
    REQUIRE_SX(rc);
    sx_socket h = s.h;
    s.h = 0;
    return h;
}

sx_socket accept_op(sx_socket algo)
{
    sx_socket op = 0;
    REQUIRE_SX(sx_socket_accept(algo, &op, nullptr));
    return op;
}

std::string recv_some(sx_socket s, size_t n)
{
    std::vector<char> buf(n ? n : 1);
    size_t len = 0;
    REQUIRE_SX(sx_socket_recv(s, buf.data(), n, 0, &len));
    return std::string(buf.data(), len);
}

void sendall(sx_socket s, const std::string &data, int32_t flags = 0)
{
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendall(s, data.data(), data.size(), flags, &sent));
}

size_t sendmsg_afalg(sx_socket s, const std::vector<std::string> &msgs, int32_t op, const std::string *iv,
                     int64_t assoclen = -1, int32_t flags = 0)
{
    std::vector<const void *> bufs;
    std::vector<size_t> lens;
    for (auto &m : msgs) {
        bufs.push_back(m.data());
        lens.push_back(m.size());
    }
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendmsg_afalg(s, bufs.data(), lens.data(), msgs.size(), op, iv ? iv->data() : nullptr,
                                       iv ? iv->size() : 0, assoclen, flags, &sent));
    return sent;
}

} // namespace

TEST_CASE("LinuxKernelCryptoAPI.test_sha256", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    std::string expected = hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), why;
    Sock algo(create_alg("hash", "sha256", &why));
    if (!algo.h)
        FAMILY_SKIP(why);
    {
        Sock op(accept_op(algo));
        sendall(op, "abc");
        CHECK(recv_some(op, 512) == expected);
    }
    {
        Sock op(accept_op(algo));
        size_t sent = 0;
        REQUIRE_SX(sx_socket_send(op, "a", 1, SX_MSG_MORE, &sent));
        REQUIRE_SX(sx_socket_send(op, "b", 1, SX_MSG_MORE, &sent));
        REQUIRE_SX(sx_socket_send(op, "c", 1, SX_MSG_MORE, &sent));
        REQUIRE_SX(sx_socket_send(op, "", 0, 0, &sent));
        CHECK(recv_some(op, 512) == expected);
    }
}

TEST_CASE("LinuxKernelCryptoAPI.test_hmac_sha1", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    std::string key = "Python loves AF_ALG", data = "what do ya want for nothing?", why;
    std::string expected = hex("193dbb43c6297b47ea6277ec0ce67119a3f3aa66");
    Sock algo(create_alg("hash", "hmac(sha1)", &why));
    if (!algo.h)
        FAMILY_SKIP(why);
    REQUIRE_SX(sx_socket_setsockopt_bytes(algo, SX_SOL_ALG, SX_ALG_SET_KEY, key.data(), key.size()));
    Sock op(accept_op(algo));
    sendall(op, data);
    CHECK(recv_some(op, 512) == expected);
}

TEST_CASE("LinuxKernelCryptoAPI.test_aes_cbc", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    std::string key = hex("06a9214036b8a15b512e03d534120006"), iv = hex("3dafba429d9eb430b422da802c9fac41");
    std::string msg = "Single block msg", ciphertext = hex("e353779c1079aeb82708942dbe77181a"), why;
    size_t msglen = msg.size();
    Sock algo(create_alg("skcipher", "cbc(aes)", &why));
    if (!algo.h)
        FAMILY_SKIP(why);
    REQUIRE_SX(sx_socket_setsockopt_bytes(algo, SX_SOL_ALG, SX_ALG_SET_KEY, key.data(), key.size()));
    {
        Sock op(accept_op(algo));
        sendmsg_afalg(op, {}, SX_ALG_OP_ENCRYPT, &iv, -1, SX_MSG_MORE);
        sendall(op, msg);
        CHECK(recv_some(op, msglen) == ciphertext);
    }
    {
        Sock op(accept_op(algo));
        sendmsg_afalg(op, {ciphertext}, SX_ALG_OP_DECRYPT, &iv);
        CHECK(recv_some(op, msglen) == msg);
    }
    // long message
    const size_t multiplier = 1024;
    std::vector<std::string> longmsg(multiplier, msg);
    std::string enc;
    {
        Sock op(accept_op(algo));
        sendmsg_afalg(op, longmsg, SX_ALG_OP_ENCRYPT, &iv);
        enc = recv_some(op, msglen * multiplier);
    }
    CHECK(enc.size() == msglen * multiplier);
    CHECK(enc.substr(0, msglen) == ciphertext);
    {
        Sock op(accept_op(algo));
        sendmsg_afalg(op, {enc}, SX_ALG_OP_DECRYPT, &iv);
        std::string dec = recv_some(op, msglen * multiplier);
        CHECK(dec.size() == msglen * multiplier);
        std::string all;
        for (auto &m : longmsg)
            all += m;
        CHECK(dec == all);
    }
}

TEST_CASE("LinuxKernelCryptoAPI.test_aead_aes_gcm", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    std::string key = hex("c939cc13397c1d37de6ae0e1cb7c423c"), iv = hex("b3d8cc017cbb89b39e0f67e2");
    std::string plain = hex("c3b3c41f113a31b73d9a5cd432103069"), assoc = hex("24825602bd12a984e0092d3e448eda5f");
    std::string expected_ct = hex("93fe7d9e9bfd10348a5606e5cafa7354"),
                expected_tag = hex("0032a1dc85f1c9786925a2e71d8272dd"), why;
    size_t taglen = expected_tag.size(), assoclen = assoc.size();
    Sock algo(create_alg("aead", "gcm(aes)", &why));
    if (!algo.h)
        FAMILY_SKIP(why);
    REQUIRE_SX(sx_socket_setsockopt_bytes(algo, SX_SOL_ALG, SX_ALG_SET_KEY, key.data(), key.size()));
    REQUIRE_SX(sx_socket_setsockopt_null(algo, SX_SOL_ALG, SX_ALG_SET_AEAD_AUTHSIZE, static_cast<uint32_t>(taglen)));
    auto check_encrypted = [&](const std::string &res) {
        REQUIRE(res.size() == assoclen + plain.size() + taglen);
        CHECK(res.substr(assoclen, res.size() - assoclen - taglen) == expected_ct);
        CHECK(res.substr(res.size() - taglen) == expected_tag);
    };
    // send assoc, plain and tag buffer in separate steps
    {
        Sock op(accept_op(algo));
        sendmsg_afalg(op, {}, SX_ALG_OP_ENCRYPT, &iv, static_cast<int64_t>(assoclen), SX_MSG_MORE);
        sendall(op, assoc, SX_MSG_MORE);
        sendall(op, plain);
        check_encrypted(recv_some(op, assoclen + plain.size() + taglen));
    }
    // now with msg
    {
        Sock op(accept_op(algo));
        sendmsg_afalg(op, {assoc + plain}, SX_ALG_OP_ENCRYPT, &iv, static_cast<int64_t>(assoclen));
        check_encrypted(recv_some(op, assoclen + plain.size() + taglen));
    }
    // create anc data manually
    {
        Sock op(accept_op(algo));
        std::string msg = assoc + plain;
        sx_msg m = 0;
        REQUIRE_SX(sx_msg_new(&m));
        uint32_t u = SX_ALG_OP_ENCRYPT;
        REQUIRE_SX(sx_msg_add(m, SX_SOL_ALG, SX_ALG_SET_OP, &u, sizeof u));
        u = static_cast<uint32_t>(iv.size());
        std::string ivitem(reinterpret_cast<char *>(&u), 4);
        ivitem += iv;
        REQUIRE_SX(sx_msg_add(m, SX_SOL_ALG, SX_ALG_SET_IV, ivitem.data(), ivitem.size()));
        u = static_cast<uint32_t>(assoclen);
        REQUIRE_SX(sx_msg_add(m, SX_SOL_ALG, SX_ALG_SET_AEAD_ASSOCLEN, &u, sizeof u));
        const void *bufs[] = {msg.data()};
        size_t lens[] = {msg.size()}, sent = 0;
        int32_t rc = sx_socket_sendmsg(op, bufs, lens, 1, m, 0, 0, &sent);
        sx_msg_close(m);
        REQUIRE_SX(rc);
        check_encrypted(recv_some(op, msg.size() + taglen));
    }
    // decrypt and verify
    {
        Sock op(accept_op(algo));
        std::string msg = assoc + expected_ct + expected_tag;
        sendmsg_afalg(op, {msg}, SX_ALG_OP_DECRYPT, &iv, static_cast<int64_t>(assoclen));
        std::string res = recv_some(op, msg.size() - taglen);
        CHECK(res.substr(assoclen) == plain);
    }
}

TEST_CASE("LinuxKernelCryptoAPI.test_drbg_pr_sha256", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    std::string why;
    Sock algo(create_alg("rng", "drbg_pr_sha256", &why));
    if (!algo.h)
        FAMILY_SKIP(why);
    unsigned char extra_seed[32];
    for (size_t i = 0; i < sizeof extra_seed; i++)
        extra_seed[i] = static_cast<unsigned char>(i * 37 + 11);
    REQUIRE_SX(sx_socket_setsockopt_bytes(algo, SX_SOL_ALG, SX_ALG_SET_KEY, extra_seed, sizeof extra_seed));
    Sock op(accept_op(algo));
    CHECK(recv_some(op, 32).size() == 32);
}

TEST_CASE("LinuxKernelCryptoAPI.test_sendmsg_afalg_args", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    Sock sock;
    REQUIRE_SX(sx_socket_open(SX_AF_ALG, SX_SOCK_SEQPACKET, 0, sock.out()));
    size_t sent = 0;
    // sendmsg_afalg(op=None) and a non-int op: an op below -1.
    REQUIRE_CODE(sx_socket_sendmsg_afalg(sock, nullptr, nullptr, 0, -2, nullptr, 0, -1, 0, &sent), SX_EARG);
    // sendmsg_afalg(1): a message that is no sequence has no C counterpart (the arrays are typed);
    // NULL arrays with a count are the nearest.
    REQUIRE_CODE(sx_socket_sendmsg_afalg(sock, nullptr, nullptr, 1, SX_ALG_OP_ENCRYPT, nullptr, 0, -1, 0, &sent),
                 SX_EARG);
    // assoclen=-1 in CPython: -2 here (-1 is "none").
    REQUIRE_CODE(sx_socket_sendmsg_afalg(sock, nullptr, nullptr, 0, SX_ALG_OP_ENCRYPT, nullptr, 0, -2, 0, &sent),
                 SX_EARG);
    CHECK(sxt::detail().find("assoclen must be positive") != std::string::npos);
}

TEST_CASE("LinuxKernelCryptoAPI.test_length_restriction", "[family][alg][cpython]")
{
    if (!have_alg())
        FAMILY_SKIP(NO_ALG);
    Sock sock;
    REQUIRE_SX(sx_socket_open(SX_AF_ALG, SX_SOCK_SEQPACKET, 0, sock.out()));
    // salg_type[14]
    {
        sxt::Addr a;
        REQUIRE_SX(sx_addr_alg(std::string(13, 't').c_str(), "name", 0, 0, a.out()));
        REQUIRE_CODE(sx_socket_bind(sock, a), SX_ENOENT);
        sx_addr b = 0;
        REQUIRE_CODE(sx_addr_alg(std::string(14, 't').c_str(), "name", 0, 0, &b), SX_EARG);
        CHECK(sxt::detail().find("type too long") != std::string::npos);
    }
    // salg_name[64]
    {
        sxt::Addr a;
        REQUIRE_SX(sx_addr_alg("type", std::string(63, 'n').c_str(), 0, 0, a.out()));
        REQUIRE_CODE(sx_socket_bind(sock, a), SX_ENOENT);
        sx_addr b = 0;
        REQUIRE_CODE(sx_addr_alg("type", std::string(64, 'n').c_str(), 0, 0, &b), SX_EARG);
        CHECK(sxt::detail().find("name too long") != std::string::npos);
    }
}
