/* SPDX-License-Identifier: MIT */
/*
 * The invariants every address must keep, whatever made it: the raw sockaddr bytes are the
 * reference, and each accessor must agree with them. An accessor that succeeds for a family
 * it does not belong to, a text form that does not map back to the same fields, or a length
 * convention broken on one path is a defect whatever input produced the address.
 */
#include "addr_check.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "fuzz.h"

#define SS_SIZE sizeof(struct sockaddr_storage)
#define NAME_OFFSET offsetof(struct sockaddr_un, sun_path)
#define SUN_PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)
#define TEXT_CAP 600
#define CANARY 0xA5

struct raw {
    unsigned char b[SS_SIZE];
    size_t len;
    unsigned family;
};

static int all_canary(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != CANARY)
            return 0;
    return 1;
}

/* Raw bytes out, with the whole (buf, cap, len_out) convention: need reported, short buffers untouched. */
static void read_raw(sx_addr a, struct raw *r)
{
    size_t len = 0;
    int32_t rc = sx_addr_to_sockaddr(a, NULL, 0, &len);
    FZ_CHECK(len >= sizeof(sa_family_t) && len <= SS_SIZE);
    FZ_CHECK(rc == SX_ETRUNC);
    unsigned char shortbuf[SS_SIZE];
    memset(shortbuf, CANARY, sizeof shortbuf);
    size_t len2 = 0;
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, shortbuf, len - 1, &len2), SX_ETRUNC);
    FZ_CHECK(len2 == len && all_canary(shortbuf, sizeof shortbuf));
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, NULL, 1, &len2), SX_EARG);
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, r->b, sizeof r->b, NULL), SX_EARG);
    memset(r->b, 0, sizeof r->b);
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, r->b, len, &len2), 0);
    FZ_CHECK(len2 == len);
    r->len = len;
    sa_family_t f;
    memcpy(&f, r->b, sizeof f);
    r->family = f;
}

/* A field of the sockaddr struct of the given type at byte offset off. */
static uint32_t be32_at(const struct raw *r, size_t off)
{
    uint32_t v;
    memcpy(&v, r->b + off, sizeof v);
    return ntohl(v);
}

static uint32_t u32_at(const struct raw *r, size_t off)
{
    uint32_t v;
    memcpy(&v, r->b + off, sizeof v);
    return v;
}

static unsigned port_at(const struct raw *r)
{
    uint16_t v;
    memcpy(&v, r->b + offsetof(struct sockaddr_in, sin_port), sizeof v);
    return ntohs(v);
}

/* The numeric host the bytes hold, as inet_ntop writes it (INET or INET6 only). */
static void expected_host(const struct raw *r, char host[INET6_ADDRSTRLEN])
{
    if (r->family == AF_INET)
        FZ_CHECK(inet_ntop(AF_INET, r->b + offsetof(struct sockaddr_in, sin_addr), host, INET6_ADDRSTRLEN));
    else
        FZ_CHECK(inet_ntop(AF_INET6, r->b + offsetof(struct sockaddr_in6, sin6_addr), host, INET6_ADDRSTRLEN));
}

/* The AF_UNIX name the bytes hold: all bytes of an abstract name, a path up to its first NUL. */
static size_t expected_unix_name(const struct raw *r, const unsigned char **name)
{
    *name = r->b + NAME_OFFSET;
    size_t avail = r->len > NAME_OFFSET ? r->len - NAME_OFFSET : 0;
    if (avail == 0 || (*name)[0] == 0)
        return avail;
    return strnlen((const char *)*name, avail);
}

static void check_inet_fields(sx_addr a, const struct raw *r)
{
    int is4 = r->family == AF_INET, is6 = r->family == AF_INET6;
    /* The constructors refuse INET and INET6 sockaddrs shorter than their struct. */
    if (is4)
        FZ_CHECK(r->len >= sizeof(struct sockaddr_in));
    if (is6)
        FZ_CHECK(r->len >= sizeof(struct sockaddr_in6));

    char host[INET6_ADDRSTRLEN + 8];
    memset(host, CANARY, sizeof host);
    size_t hl = 0;
    int32_t rc = sx_addr_host(a, host, sizeof host, &hl);
    if (!is4 && !is6) {
        FZ_CHECK(rc == SX_EARG && all_canary((unsigned char *)host, sizeof host));
    } else {
        FZ_EXPECT_RC(rc, 0);
        char want[INET6_ADDRSTRLEN];
        expected_host(r, want);
        FZ_CHECK(hl == strlen(want) && strcmp(host, want) == 0);
        size_t hl2 = 0;
        FZ_EXPECT_RC(sx_addr_host(a, host, hl, &hl2), SX_ETRUNC); /* no room for the NUL */
        FZ_CHECK(hl2 == hl);
    }

    int32_t port = -1;
    rc = sx_addr_port(a, &port);
    if (is4 || is6) {
        FZ_EXPECT_RC(rc, 0);
        FZ_CHECK(port >= 0 && (unsigned)port == port_at(r));
    } else {
        FZ_CHECK(rc == SX_EARG && port == -1);
    }

    uint32_t flow = 0xdeadbeef, scope = 0xdeadbeef;
    int32_t rf = sx_addr_flowinfo(a, &flow), rs = sx_addr_scope_id(a, &scope);
    if (is6) {
        FZ_CHECK(rf == 0 && flow == be32_at(r, offsetof(struct sockaddr_in6, sin6_flowinfo)));
        FZ_CHECK(rs == 0 && scope == u32_at(r, offsetof(struct sockaddr_in6, sin6_scope_id)));
    } else {
        FZ_CHECK(rf == SX_EARG && flow == 0xdeadbeef);
        FZ_CHECK(rs == SX_EARG && scope == 0xdeadbeef);
    }
    FZ_EXPECT_RC(sx_addr_port(a, NULL), SX_EARG);
    FZ_EXPECT_RC(sx_addr_flowinfo(a, NULL), SX_EARG);
    FZ_EXPECT_RC(sx_addr_scope_id(a, NULL), SX_EARG);
    FZ_EXPECT_RC(sx_addr_host(a, host, sizeof host, NULL), SX_EARG);
}

static void check_unix_name(sx_addr a, const struct raw *r)
{
    unsigned char name[SS_SIZE + 8];
    memset(name, CANARY, sizeof name);
    size_t n = 0;
    int32_t rc = sx_addr_unix_path(a, name, sizeof name, &n);
    if (r->family != AF_UNIX) {
        FZ_CHECK(rc == SX_EARG && all_canary(name, sizeof name));
        return;
    }
    FZ_EXPECT_RC(rc, 0);
    const unsigned char *want;
    size_t wn = expected_unix_name(r, &want);
    FZ_CHECK(n == wn && memcmp(name, want, n) == 0);
    FZ_CHECK(all_canary(name + n, sizeof name - n)); /* binary: no terminator added */
    if (n) {
        size_t n2 = 0;
        memset(name, CANARY, sizeof name);
        FZ_EXPECT_RC(sx_addr_unix_path(a, name, n - 1, &n2), SX_ETRUNC);
        FZ_CHECK(n2 == n && all_canary(name, sizeof name));
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; /* the canonical form is lower case */
}

/* Decode "@..." back to the abstract name after its NUL; every escape must have been needed. */
static size_t decode_abstract(const char *text, size_t n, unsigned char *out)
{
    FZ_CHECK(n >= 1 && text[0] == '@');
    size_t o = 0;
    for (size_t i = 1; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c != '\\') {
            FZ_CHECK(c >= 0x20 && c < 0x7f);
            out[o++] = c;
            continue;
        }
        FZ_CHECK(i + 3 < n && text[i + 1] == 'x');
        int hi = hexval(text[i + 2]), lo = hexval(text[i + 3]);
        FZ_CHECK(hi >= 0 && lo >= 0);
        unsigned char v = (unsigned char)(hi << 4 | lo);
        FZ_CHECK(v < 0x20 || v >= 0x7f || v == '\\');
        out[o++] = v;
        i += 3;
    }
    return o;
}

/* The AF_INET6 scope in a text form: the interface's current name, or the number. */
static void check_scope_text(const char *s, size_t n, uint32_t scope)
{
    char buf[IF_NAMESIZE + 16];
    FZ_CHECK(n > 0 && n < sizeof buf);
    memcpy(buf, s, n);
    buf[n] = '\0';
    char num[16];
    snprintf(num, sizeof num, "%lu", (unsigned long)scope);
    if (strcmp(buf, num) == 0)
        return;
    FZ_CHECK(if_nametoindex(buf) == scope);
}

/* The text form, checked field by field; returns its length (text NUL-terminated). */
static size_t check_text(sx_addr a, const struct raw *r, char *text)
{
    size_t n = 0;
    int32_t rc = sx_addr_to_string(a, NULL, 0, &n);
    FZ_CHECK(rc == SX_ETRUNC && n < 512);
    memset(text, CANARY, TEXT_CAP);
    size_t n2 = 0;
    FZ_EXPECT_RC(sx_addr_to_string(a, text, n, &n2), SX_ETRUNC);
    FZ_CHECK(n2 == n && all_canary((unsigned char *)text, TEXT_CAP));
    FZ_EXPECT_RC(sx_addr_to_string(a, text, n + 1, &n2), 0);
    FZ_CHECK(n2 == n && text[n] == '\0' && all_canary((unsigned char *)text + n + 1, TEXT_CAP - n - 1));
    FZ_EXPECT_RC(sx_addr_to_string(a, text, TEXT_CAP, NULL), SX_EARG);

    char want[TEXT_CAP];
    if (r->family == AF_INET) {
        char host[INET6_ADDRSTRLEN];
        expected_host(r, host);
        snprintf(want, sizeof want, "%s:%u", host, port_at(r));
        FZ_CHECK(strcmp(text, want) == 0);
    } else if (r->family == AF_INET6) {
        char host[INET6_ADDRSTRLEN];
        expected_host(r, host);
        size_t hl = strlen(host);
        FZ_CHECK(n > hl + 1 && text[0] == '[' && memcmp(text + 1, host, hl) == 0);
        const char *close = strchr(text, ']');
        FZ_CHECK(close != NULL);
        uint32_t scope = u32_at(r, offsetof(struct sockaddr_in6, sin6_scope_id));
        const char *after_host = text + 1 + hl;
        if (scope) {
            FZ_CHECK(*after_host == '%');
            check_scope_text(after_host + 1, (size_t)(close - after_host - 1), scope);
        } else {
            FZ_CHECK(after_host == close);
        }
        snprintf(want, sizeof want, "]:%u", port_at(r));
        FZ_CHECK(strcmp(close, want) == 0);
    } else if (r->family == AF_UNIX) {
        const unsigned char *name;
        size_t nn = expected_unix_name(r, &name);
        if (nn == 0 || name[0] != 0) {
            FZ_CHECK(n == nn && memcmp(text, name, nn) == 0);
        } else {
            unsigned char back[SS_SIZE];
            size_t bn = decode_abstract(text, n, back);
            FZ_CHECK(bn == nn - 1 && memcmp(back, name + 1, bn) == 0);
        }
    } else {
        /* A family with a codec may show its own form; the raw form is for the rest, and for bytes its rules refuse. */
        int w = snprintf(want, sizeof want, "family=%u:", r->family);
        for (size_t i = sizeof(sa_family_t); i < r->len; i++)
            w += snprintf(want + w, sizeof want - (size_t)w, "%02x", r->b[i]);
        FZ_CHECK(strcmp(text, want) == 0 || strncmp(text, "family=", 7) != 0);
    }
    return n;
}

/*
 * Every text form but the raw one reads back with sx_addr_from_string() as an address that
 * writes the same text: the text is canonical. (The bytes may differ where the text does not
 * show them: sin_zero, padding, a flowinfo.)
 */
static void check_text_reads_back(const struct raw *r, const char *text, size_t n)
{
    if (strncmp(text, "family=", 7) == 0)
        return;
    /* A filesystem path that starts with '@' reads back as the abstract name it looks like (socketx/addr.h). */
    if (r->family == AF_UNIX && text[0] == '@' && r->len > NAME_OFFSET && r->b[NAME_OFFSET] != 0)
        return;
    sx_addr b = 0;
    int32_t rc = sx_addr_from_string((int32_t)r->family, text, &b);
    if (rc == SX_ENOTFOUND) /* an interface named in the text went away in between */
        return;
    if (rc != 0) {
        fprintf(stderr, "text '%s' (family %u) does not read back: %s\n", text, r->family, sx_error_name(rc));
        abort();
    }
    char text2[TEXT_CAP];
    size_t n2 = 0;
    FZ_EXPECT_RC(sx_addr_to_string(b, text2, sizeof text2, &n2), 0);
    FZ_CHECK(n2 == n && memcmp(text, text2, n) == 0);
    FZ_EXPECT_RC(sx_addr_close(b), 0);
}

/* Two addresses hold the same bytes for the first n of them. */
static int same_prefix(sx_addr b, const struct raw *r, size_t n)
{
    struct raw rb;
    read_raw(b, &rb);
    return rb.len >= n && memcmp(rb.b, r->b, n) == 0;
}

/*
 * The text form read back through the text constructors must give the same fields: host and
 * port for INET (sin_zero is not part of the address), and flowinfo too, which the INET6 text
 * leaves out, for INET6. Hosts here are always numeric, so nothing reaches a resolver.
 */
static void check_rebuild(const struct raw *r, char *text, size_t n)
{
    sx_addr b = 0;
    if (r->family == AF_INET) {
        char *colon = strrchr(text, ':');
        FZ_CHECK(colon != NULL);
        *colon = '\0';
        FZ_EXPECT_RC(sx_addr_inet(text, (int32_t)port_at(r), &b), 0);
        *colon = ':';
        FZ_CHECK(same_prefix(b, r, offsetof(struct sockaddr_in, sin_zero)));
    } else if (r->family == AF_INET6) {
        char *close = strrchr(text, ']');
        FZ_CHECK(close != NULL);
        *close = '\0';
        uint32_t flow = be32_at(r, offsetof(struct sockaddr_in6, sin6_flowinfo));
        int32_t rc = sx_addr_inet6(text + 1, (int32_t)port_at(r), flow, 0, &b);
        *close = ']';
        if (flow > 0xFFFFFu) {
            FZ_CHECK(rc == SX_EOUTOFRANGE && b == 0);
            return;
        }
        FZ_EXPECT_RC(rc, 0);
        FZ_CHECK(same_prefix(b, r, sizeof(struct sockaddr_in6)));
    } else if (r->family == AF_UNIX) {
        const unsigned char *name;
        size_t nn = expected_unix_name(r, &name);
        int abstract = nn && name[0] == 0;
        int32_t rc = sx_addr_unix_bytes(name, nn, &b);
        if ((abstract && nn > SUN_PATH_SIZE) || (!abstract && nn >= SUN_PATH_SIZE)) {
            FZ_CHECK(rc == SX_EARG && b == 0);
            return;
        }
        FZ_EXPECT_RC(rc, 0);
        char text2[TEXT_CAP];
        size_t n2 = 0;
        FZ_EXPECT_RC(sx_addr_to_string(b, text2, sizeof text2, &n2), 0);
        FZ_CHECK(n2 == n && memcmp(text, text2, n) == 0);
        unsigned char name2[SS_SIZE];
        FZ_EXPECT_RC(sx_addr_unix_path(b, name2, sizeof name2, &n2), 0);
        FZ_CHECK(n2 == nn && memcmp(name2, name, nn) == 0);
    } else {
        return;
    }
    FZ_EXPECT_RC(sx_addr_close(b), 0);
}

void fz_check_addr(sx_addr a)
{
    struct raw r;
    read_raw(a, &r);

    int32_t family = -1;
    FZ_EXPECT_RC(sx_addr_family(a, &family), 0);
    FZ_CHECK(family >= 0 && (unsigned)family == r.family);
    FZ_EXPECT_RC(sx_addr_family(a, NULL), SX_EARG);

    check_inet_fields(a, &r);
    check_unix_name(a, &r);
    char text[TEXT_CAP];
    size_t n = check_text(a, &r, text);
    check_rebuild(&r, text, n);
    check_text_reads_back(&r, text, n);

    int eq = -1;
    FZ_EXPECT_RC(sx_addr_equal(a, a, &eq), 0);
    FZ_CHECK(eq == 1);
    FZ_EXPECT_RC(sx_addr_equal(a, a, NULL), SX_EARG);
    sx_addr copy = 0;
    FZ_EXPECT_RC(sx_addr_from_sockaddr(r.b, r.len, &copy), 0);
    FZ_EXPECT_RC(sx_addr_equal(a, copy, &eq), 0);
    FZ_CHECK(eq == 1);
    FZ_EXPECT_RC(sx_addr_close(copy), 0);
}
