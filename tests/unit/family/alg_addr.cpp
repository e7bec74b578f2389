// SPDX-License-Identifier: MIT
// AF_ALG addresses against struct sockaddr_alg (sizes and offsets from the system headers),
// CPython's type and name limits, the text form, raw bytes of every length; and the AF_RDS
// entry, whose sockets take AF_INET addresses.
#include "can_helpers.hpp"

#include <cstddef>
#include <cstring>
#include <linux/if_alg.h>
#include <sys/socket.h>

using sxt::Addr;

namespace {

std::string bytes_of(const void *p, size_t n)
{
    return std::string(static_cast<const char *>(p), n);
}

} // namespace

TEST_CASE("alg: the struct layout matches the system headers", "[family][alg]")
{
    CHECK(SX_AF_ALG == AF_ALG);
    CHECK(SX_SOL_ALG == SOL_ALG);
    CHECK(sizeof(struct sockaddr_alg) == 88);
    CHECK(offsetof(struct sockaddr_alg, salg_type) == 2);
    CHECK(sizeof(((struct sockaddr_alg *)nullptr)->salg_type) == 14);
    CHECK(offsetof(struct sockaddr_alg, salg_feat) == 16);
    CHECK(offsetof(struct sockaddr_alg, salg_mask) == 20);
    CHECK(offsetof(struct sockaddr_alg, salg_name) == 24);
    CHECK(sizeof(((struct sockaddr_alg *)nullptr)->salg_name) == 64);
    CHECK(offsetof(struct af_alg_iv, iv) == 4);
}

TEST_CASE("alg: sx_addr_alg round-trips through sockaddr_alg bytes", "[family][alg]")
{
    struct {
        const char *type, *name;
        uint32_t feat, mask;
        const char *text;
    } cases[] = {
        {"hash", "sha256", 0, 0, "alg:hash:sha256:0:0"},
        {"skcipher", "cbc(aes)", 0, 0, "alg:skcipher:cbc(aes):0:0"},
        {"aead", "authenc(hmac(sha256),cbc(aes))", 1, 0x10000, "alg:aead:authenc(hmac(sha256),cbc(aes)):1:65536"},
        {"rng", "drbg_pr_sha256", UINT32_MAX, UINT32_MAX, "alg:rng:drbg_pr_sha256:4294967295:4294967295"},
    };
    for (auto &c : cases) {
        INFO(c.text);
        Addr a, back, parsed;
        REQUIRE_SX(sx_addr_alg(c.type, c.name, c.feat, c.mask, a.out()));
        struct sockaddr_alg sa;
        std::memset(&sa, 0, sizeof sa);
        sa.salg_family = AF_ALG;
        std::memcpy(sa.salg_type, c.type, strlen(c.type));
        std::memcpy(sa.salg_name, c.name, strlen(c.name));
        sa.salg_feat = c.feat;
        sa.salg_mask = c.mask;
        CHECK(sxt::raw(a) == bytes_of(&sa, sizeof sa));
        CHECK(sxt::family(a) == SX_AF_ALG);
        CHECK(sxt::alg_type(a) == c.type);
        CHECK(sxt::alg_name(a) == c.name);
        uint32_t feat = 0, mask = 0;
        REQUIRE_SX(sx_addr_alg_feat_mask(a, &feat, &mask));
        CHECK(feat == c.feat);
        CHECK(mask == c.mask);
        CHECK(sxt::text(a) == c.text);
        REQUIRE_SX(sx_addr_from_sockaddr(&sa, sizeof sa, back.out()));
        CHECK(sxt::equal(a, back) == 1);
        REQUIRE_SX(sx_addr_from_string(SX_AF_UNSPEC, c.text, parsed.out()));
        CHECK(sxt::equal(a, parsed) == 1);
    }
}

TEST_CASE("alg: type and name limits are CPython's (bpo-35050: 13 and 63 bytes fit)", "[family][alg]")
{
    std::string t13(13, 't'), t14(14, 't'), n63(63, 'n'), n64(64, 'n');
    Addr ok1, ok2;
    REQUIRE_SX(sx_addr_alg(t13.c_str(), "name", 0, 0, ok1.out()));
    CHECK(sxt::alg_type(ok1) == t13);
    REQUIRE_SX(sx_addr_alg("type", n63.c_str(), 0, 0, ok2.out()));
    CHECK(sxt::alg_name(ok2) == n63);
    CHECK(sxt::text(ok2) == "alg:type:" + n63 + ":0:0");
    sx_addr a = 9;
    REQUIRE_CODE(sx_addr_alg(t14.c_str(), "name", 0, 0, &a), SX_EARG);
    CHECK(sxt::detail().find("AF_ALG type too long.") != std::string::npos);
    CHECK(a == 0);
    REQUIRE_CODE(sx_addr_alg("type", n64.c_str(), 0, 0, &a), SX_EARG);
    CHECK(sxt::detail().find("AF_ALG name too long.") != std::string::npos);
    REQUIRE_CODE(sx_addr_alg("", "name", 0, 0, &a), SX_EARG);
    REQUIRE_CODE(sx_addr_alg("type", "", 0, 0, &a), SX_EARG);
    REQUIRE_CODE(sx_addr_alg(nullptr, "name", 0, 0, &a), SX_EARG);
    REQUIRE_CODE(sx_addr_alg("type", nullptr, 0, 0, &a), SX_EARG);
    REQUIRE_CODE(sx_addr_alg("type", "name", 0, 0, nullptr), SX_EARG);
}

TEST_CASE("alg: accessors check their arguments and the family", "[family][alg]")
{
    Addr alg, inet;
    REQUIRE_SX(sx_addr_alg("hash", "sha1", 0, 0, alg.out()));
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, inet.out()));
    char buf[8];
    size_t len = 0;
    uint32_t f = 0, m = 0;
    REQUIRE_CODE(sx_addr_alg_type(alg, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_alg_name(alg, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_alg_feat_mask(alg, nullptr, &m), SX_EARG);
    REQUIRE_CODE(sx_addr_alg_feat_mask(alg, &f, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_alg_type(inet, buf, sizeof buf, &len), SX_EARG);
    CHECK(sxt::detail().find("not an AF_ALG address") != std::string::npos);
    REQUIRE_CODE(sx_addr_alg_name(inet, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_alg_feat_mask(inet, &f, &m), SX_EARG);
    REQUIRE_CODE(sx_addr_alg_type(0, buf, sizeof buf, &len), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_alg_name(alg, buf, 4, &len), SX_ETRUNC);
    CHECK(len == 4);
    REQUIRE_SX(sx_addr_alg_name(alg, buf, 5, &len));
    CHECK(std::string(buf) == "sha1");
}

TEST_CASE("alg: malformed text forms", "[family][alg]")
{
    struct {
        const char *text;
        int32_t code;
    } bad[] = {
        {"alg:hash:sha256", SX_EARG},
        {"alg:hash:sha256:0", SX_EARG},
        {"alg:hash:sha256:0:0:0", SX_EARG},
        {"alg::sha256:0:0", SX_EARG},
        {"alg:hash::0:0", SX_EARG},
        {"alg:tttttttttttttt:sha256:0:0", SX_EARG},
        {"alg:hash:sha256:4294967296:0", SX_EOUTOFRANGE},
        {"alg:hash:sha256:0:-1", SX_EARG},
        {"alg:\x06hash:sha256:0:0", SX_EARG}, // the text form writes only printable ASCII
        {"alg:hash:sha 256:0:0", SX_EARG},
    };
    for (auto &b : bad) {
        INFO(b.text);
        sx_addr a = 3;
        REQUIRE_CODE(sx_addr_from_string(SX_AF_UNSPEC, b.text, &a), b.code);
        CHECK(a == 0);
    }
    std::string long_name = "alg:hash:" + std::string(64, 'n') + ":0:0";
    sx_addr a = 0;
    REQUIRE_CODE(sx_addr_from_string(SX_AF_ALG, long_name.c_str(), &a), SX_EARG);
}

TEST_CASE("alg: raw bytes of every length 2..128 give a clear answer and readable fields", "[family][alg]")
{
    unsigned char bytes[128];
    std::memset(bytes, 0, sizeof bytes);
    sa_family_t fam = AF_ALG;
    std::memcpy(bytes, &fam, sizeof fam);
    // A type that fills salg_type without a NUL, and a name that runs past salg_name.
    std::memset(bytes + 2, 'T', 14);
    std::memset(bytes + 24, 'N', 104);
    for (size_t len = 2; len <= sizeof bytes; len++) {
        INFO("length " << len);
        Addr a;
        int32_t rc = sx_addr_from_sockaddr(bytes, len, a.out());
        if (len < sizeof(struct sockaddr_alg)) {
            REQUIRE_CODE(rc, SX_EARG);
            CHECK(sxt::detail().find("AF_ALG sockaddr too short") != std::string::npos);
            continue;
        }
        REQUIRE_SX(rc);
        CHECK(sxt::alg_type(a) == std::string(14, 'T')); // never read past salg_type
        CHECK(sxt::alg_name(a) == std::string(len - 24, 'N'));
        uint32_t feat = 0, mask = 0;
        REQUIRE_SX(sx_addr_alg_feat_mask(a, &feat, &mask));
        CHECK(feat == 0);
        CHECK(mask == 0);
        // Not what the constructor makes: the raw form, which shows every byte.
        std::string t = sxt::text(a);
        CHECK(t.rfind("family=38:", 0) == 0);
        CHECK(t.size() == 10 + 2 * (len - 2));
    }
    // A well-formed sockaddr_alg_new: a name longer than 63 bytes, NUL-terminated within the length.
    unsigned char longer[120];
    std::memset(longer, 0, sizeof longer);
    std::memcpy(longer, &fam, sizeof fam);
    std::memcpy(longer + 2, "hash", 4);
    std::memset(longer + 24, 'x', 80);
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(longer, sizeof longer, a.out()));
    CHECK(sxt::alg_type(a) == "hash");
    CHECK(sxt::alg_name(a) == std::string(80, 'x'));
}

TEST_CASE("rds: AF_RDS sockets take AF_INET addresses, as CPython parses them", "[family][rds]")
{
    CHECK(SX_AF_RDS == AF_RDS);
    // No address of its own: raw bytes stay raw and have no text form to read.
    unsigned char bytes[8] = {0};
    sa_family_t fam = AF_RDS;
    std::memcpy(bytes, &fam, sizeof fam);
    Addr a;
    REQUIRE_SX(sx_addr_from_sockaddr(bytes, sizeof bytes, a.out()));
    CHECK(sxt::text(a) == "family=21:000000000000");
    sx_addr p = 0;
    REQUIRE_CODE(sx_addr_from_string(SX_AF_RDS, "127.0.0.1:1", &p), SX_ENOTSUP);
}
