// SPDX-License-Identifier: MIT
// CAN and CAN FD frames and broadcast-manager messages against the kernel's structs
// (struct can_frame, struct canfd_frame, struct bcm_msg_head) byte for byte.
#include "can_helpers.hpp"

#include <climits>
#include <cstring>
#include <limits>
#include <linux/can.h>
#include <linux/can/bcm.h>
#include <vector>

namespace {

std::string bytes_of(const void *p, size_t n)
{
    return std::string(static_cast<const char *>(p), n);
}

std::string encode(uint32_t id, uint32_t flags, const std::string &data)
{
    unsigned char buf[80];
    size_t len = 0;
    int32_t rc = sx_can_frame_encode(id, flags, data.data(), data.size(), buf, sizeof buf, &len);
    return rc == 0 ? bytes_of(buf, len) : sxt::error_text(rc);
}

const size_t fd_lengths[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};

} // namespace

TEST_CASE("can frame: sizes and flags match the system headers", "[family][can]")
{
    CHECK(SX_CAN_MTU == sizeof(struct can_frame));
    CHECK(SX_CANFD_MTU == sizeof(struct canfd_frame));
    CHECK(SX_CANFD_BRS == CANFD_BRS);
    CHECK(SX_CANFD_ESI == CANFD_ESI);
    CHECK(SX_CANFD_FDF == CANFD_FDF);
    CHECK(SX_CAN_EFF_FLAG == CAN_EFF_FLAG);
    CHECK(SX_CAN_RTR_FLAG == CAN_RTR_FLAG);
    CHECK(SX_CAN_ERR_FLAG == CAN_ERR_FLAG);
}

TEST_CASE("can frame: classic frames of 0..8 bytes encode as struct can_frame and decode back", "[family][can]")
{
    for (size_t n = 0; n <= 8; n++) {
        INFO("length " << n);
        std::string data;
        for (size_t i = 0; i < n; i++)
            data.push_back(static_cast<char>(0x11 * (i + 1)));
        for (uint32_t id : {0u, 0x7ffu, static_cast<uint32_t>(CAN_EFF_FLAG | 0x1fffffff), static_cast<uint32_t>(CAN_RTR_FLAG | 0x123)}) {
            struct can_frame f;
            std::memset(&f, 0, sizeof f);
            f.can_id = id;
            f.len = static_cast<uint8_t>(n);
            std::memcpy(f.data, data.data(), n);
            std::string enc = encode(id, 0, data);
            CHECK(enc == bytes_of(&f, sizeof f));
            uint32_t id_out = 1, flags_out = 1;
            unsigned char out[8];
            size_t len = 99;
            REQUIRE_SX(sx_can_frame_decode(enc.data(), enc.size(), &id_out, &flags_out, out, sizeof out, &len));
            CHECK(id_out == id);
            CHECK(flags_out == 0);
            CHECK(len == n);
            CHECK(bytes_of(out, len) == data);
        }
    }
}

TEST_CASE("can frame: every CAN FD length encodes as struct canfd_frame with FDF and decodes back", "[family][can]")
{
    for (size_t n : fd_lengths) {
        INFO("length " << n);
        std::string data;
        for (size_t i = 0; i < n; i++)
            data.push_back(static_cast<char>(i ^ 0x5a));
        for (uint32_t flags : {static_cast<uint32_t>(CANFD_FDF), static_cast<uint32_t>(CANFD_FDF | CANFD_BRS),
                               static_cast<uint32_t>(CANFD_FDF | CANFD_BRS | CANFD_ESI)}) {
            struct canfd_frame f;
            std::memset(&f, 0, sizeof f);
            f.can_id = 0x321;
            f.len = static_cast<uint8_t>(n);
            f.flags = static_cast<uint8_t>(flags);
            std::memcpy(f.data, data.data(), n);
            std::string enc = encode(0x321, flags, data);
            CHECK(enc == bytes_of(&f, sizeof f));
            uint32_t id_out = 0, flags_out = 0;
            unsigned char out[64];
            size_t len = 0;
            REQUIRE_SX(sx_can_frame_decode(enc.data(), enc.size(), &id_out, &flags_out, out, sizeof out, &len));
            CHECK(id_out == 0x321);
            CHECK(flags_out == flags);
            CHECK(bytes_of(out, len) == data);
        }
    }
    // More than 8 bytes make an FD frame by themselves, with FDF set, BRS kept.
    std::string twelve(12, 'x');
    struct canfd_frame f;
    std::memset(&f, 0, sizeof f);
    f.can_id = 5;
    f.len = 12;
    f.flags = CANFD_FDF | CANFD_BRS;
    std::memset(f.data, 'x', 12);
    CHECK(encode(5, 0, twelve).size() == SX_CANFD_MTU);
    CHECK(encode(5, CANFD_BRS, twelve) == bytes_of(&f, sizeof f));
}

TEST_CASE("can frame: lengths CAN FD has no DLC for, and flags on classic frames, are refused", "[family][can]")
{
    std::string big(100, 'a');
    unsigned char buf[80];
    size_t len = 0;
    for (size_t n = 9; n <= 100; n++) {
        bool has_dlc = n == 12 || n == 16 || n == 20 || n == 24 || n == 32 || n == 48 || n == 64;
        if (has_dlc)
            continue;
        INFO("length " << n);
        REQUIRE_CODE(sx_can_frame_encode(1, SX_CANFD_FDF, big.data(), n, buf, sizeof buf, &len), SX_EARG);
        CHECK(sxt::detail().find("no DLC") != std::string::npos);
    }
    for (uint32_t flags : {static_cast<uint32_t>(SX_CANFD_BRS), static_cast<uint32_t>(SX_CANFD_ESI),
                           static_cast<uint32_t>(SX_CANFD_BRS | SX_CANFD_ESI)}) {
        REQUIRE_CODE(sx_can_frame_encode(1, flags, "abc", 3, buf, sizeof buf, &len), SX_EARG);
        CHECK(sxt::detail().find("classic CAN frame") != std::string::npos);
    }
    REQUIRE_CODE(sx_can_frame_encode(1, 0x80, "abc", 3, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_can_frame_encode(1, 0, nullptr, 3, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_can_frame_encode(1, 0, "abc", 3, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_can_frame_encode(1, 0, "abc", 3, nullptr, 16, &len), SX_EARG);
    REQUIRE_SX(sx_can_frame_encode(1, 0, nullptr, 0, buf, sizeof buf, &len)); // no data, no pointer needed
    CHECK(len == SX_CAN_MTU);
}

TEST_CASE("can frame: a buffer too small is SX_ETRUNC with the size needed", "[family][can]")
{
    unsigned char buf[80];
    std::memset(buf, 0xEE, sizeof buf);
    size_t len = 0;
    REQUIRE_CODE(sx_can_frame_encode(1, 0, "ab", 2, buf, SX_CAN_MTU - 1, &len), SX_ETRUNC);
    CHECK(len == SX_CAN_MTU);
    CHECK(buf[0] == 0xEE); // untouched
    REQUIRE_CODE(sx_can_frame_encode(1, SX_CANFD_FDF, "ab", 2, buf, SX_CAN_MTU, &len), SX_ETRUNC);
    CHECK(len == SX_CANFD_MTU);
    REQUIRE_CODE(sx_can_frame_encode(1, 0, "ab", 2, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == SX_CAN_MTU);

    std::string frame = encode(7, SX_CANFD_FDF, std::string(48, 'q'));
    uint32_t id = 0, flags = 0;
    unsigned char data[64];
    REQUIRE_CODE(sx_can_frame_decode(frame.data(), frame.size(), &id, &flags, data, 47, &len), SX_ETRUNC);
    CHECK(len == 48);
    REQUIRE_CODE(sx_can_frame_decode(frame.data(), frame.size(), &id, &flags, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == 48);
}

TEST_CASE("can frame: malformed frames are refused by decode", "[family][can]")
{
    uint32_t id = 0, flags = 0;
    unsigned char data[64], raw[80];
    size_t len = 0;
    std::memset(raw, 0, sizeof raw);
    for (size_t n = 0; n <= sizeof raw; n++) {
        if (n == SX_CAN_MTU || n == SX_CANFD_MTU)
            continue;
        REQUIRE_CODE(sx_can_frame_decode(raw, n, &id, &flags, data, sizeof data, &len), SX_EARG);
    }
    // A length field out of range: classic 9..255, FD anything without a DLC.
    for (unsigned v = 9; v <= 255; v++) {
        raw[4] = static_cast<unsigned char>(v);
        REQUIRE_CODE(sx_can_frame_decode(raw, SX_CAN_MTU, &id, &flags, data, sizeof data, &len), SX_EARG);
        bool has_dlc = v == 12 || v == 16 || v == 20 || v == 24 || v == 32 || v == 48 || v == 64;
        int32_t rc = sx_can_frame_decode(raw, SX_CANFD_MTU, &id, &flags, data, sizeof data, &len);
        CHECK(rc == (has_dlc ? 0 : SX_EARG));
    }
    REQUIRE_CODE(sx_can_frame_decode(nullptr, SX_CAN_MTU, &id, &flags, data, sizeof data, &len), SX_EARG);
    REQUIRE_CODE(sx_can_frame_decode(raw, SX_CAN_MTU, nullptr, &flags, data, sizeof data, &len), SX_EARG);
    REQUIRE_CODE(sx_can_frame_decode(raw, SX_CAN_MTU, &id, nullptr, data, sizeof data, &len), SX_EARG);
    REQUIRE_CODE(sx_can_frame_decode(raw, SX_CAN_MTU, &id, &flags, data, sizeof data, nullptr), SX_EARG);
}

namespace {

// A bcm_msg_head with n frames after it, as the kernel lays it out.
std::string bcm_reference(uint32_t opcode, uint32_t flags, uint32_t count, long s1, long us1, long s2, long us2,
                          uint32_t can_id, const std::string &frames, size_t frame_size)
{
    struct bcm_msg_head h;
    std::memset(&h, 0, sizeof h);
    h.opcode = opcode;
    h.flags = flags;
    h.count = count;
    h.ival1.tv_sec = s1;
    h.ival1.tv_usec = us1;
    h.ival2.tv_sec = s2;
    h.ival2.tv_usec = us2;
    h.can_id = can_id;
    h.nframes = static_cast<uint32_t>(frames.size() / frame_size);
    return bytes_of(&h, sizeof h) + frames;
}

} // namespace

TEST_CASE("can bcm: messages with 0, 1 and several frames match struct bcm_msg_head", "[family][can]")
{
    CHECK(offsetof(struct bcm_msg_head, frames) == sizeof(struct bcm_msg_head));
    CHECK(sizeof(struct bcm_msg_head) % 8 == 0);
    for (bool fd : {false, true}) {
        size_t fsize = fd ? SX_CANFD_MTU : SX_CAN_MTU;
        uint32_t flags = SX_CAN_BCM_SETTIMER | SX_CAN_BCM_STARTTIMER | (fd ? SX_CAN_BCM_CAN_FD_FRAME : 0);
        for (size_t nframes : {0u, 1u, 5u}) {
            INFO((fd ? "FD, " : "classic, ") << nframes << " frames");
            std::string frames;
            for (size_t i = 0; i < nframes; i++)
                frames += encode(0x100 + static_cast<uint32_t>(i), fd ? SX_CANFD_FDF : 0,
                                 std::string(fd ? 24 : 3, static_cast<char>('a' + i)));
            std::vector<unsigned char> buf(sizeof(struct bcm_msg_head) + frames.size() + 8);
            size_t len = 0;
            REQUIRE_SX(sx_can_bcm_encode(SX_CAN_BCM_TX_SETUP, flags, 3, 1500000, 20, 0x222, frames.data(),
                                         frames.size(), buf.data(), buf.size(), &len));
            std::string ref = bcm_reference(SX_CAN_BCM_TX_SETUP, flags, 3, 1, 500000, 0, 20, 0x222, frames, fsize);
            CHECK(bytes_of(buf.data(), len) == ref);

            uint32_t op = 0, fl = 0, count = 0, id = 0, n = 0;
            int64_t i1 = 0, i2 = 0;
            size_t off = 0;
            REQUIRE_SX(sx_can_bcm_decode(buf.data(), len, &op, &fl, &count, &i1, &i2, &id, &n, &off));
            CHECK(op == SX_CAN_BCM_TX_SETUP);
            CHECK(fl == flags);
            CHECK(count == 3);
            CHECK(i1 == 1500000);
            CHECK(i2 == 20);
            CHECK(id == 0x222);
            CHECK(n == nframes);
            CHECK(off == sizeof(struct bcm_msg_head));
            for (size_t i = 0; i < n; i++) {
                uint32_t fid = 0, fflags = 0;
                unsigned char data[64];
                size_t dlen = 0;
                REQUIRE_SX(sx_can_frame_decode(buf.data() + off + i * fsize, fsize, &fid, &fflags, data, sizeof data,
                                               &dlen));
                CHECK(fid == 0x100 + i);
                CHECK(dlen == (fd ? 24u : 3u));
            }
        }
    }
}

TEST_CASE("can bcm: argument checks, truncation and short messages", "[family][can]")
{
    std::string frame = encode(1, 0, "x");
    unsigned char buf[256];
    size_t len = 0;
    size_t head = sizeof(struct bcm_msg_head);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, -1, 0, 0, nullptr, 0, buf, sizeof buf, &len), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, 0, INT64_MIN, 0, nullptr, 0, buf, sizeof buf, &len), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, 0, 0, 0, frame.data(), 15, buf, sizeof buf, &len), SX_EARG);
    CHECK(sxt::detail().find("multiple") != std::string::npos);
    // CAN_FD_FRAME makes the frame size 72: one classic frame is not a multiple of it.
    REQUIRE_CODE(sx_can_bcm_encode(1, SX_CAN_BCM_CAN_FD_FRAME, 0, 0, 0, 0, frame.data(), frame.size(), buf,
                                   sizeof buf, &len),
                 SX_EARG);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, 0, 0, 0, nullptr, 16, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, 0, 0, 0, nullptr, 0, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, 0, 0, 0, nullptr, 0, nullptr, 10, &len), SX_EARG);
    std::memset(buf, 0xEE, sizeof buf);
    REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, 0, 0, 0, frame.data(), frame.size(), buf, head + 15, &len), SX_ETRUNC);
    CHECK(len == head + 16);
    CHECK(buf[0] == 0xEE);
    // The largest interval: INT64_MAX microseconds fits a 64-bit long of seconds; with a
    // 32-bit one (i386) the largest is LONG_MAX seconds, and one microsecond more is refused.
    using secs_t = decltype(bcm_timeval{}.tv_sec); // long: 32 bits on i386
    int64_t largest = std::numeric_limits<secs_t>::max() >= INT64_MAX / 1000000
                          ? INT64_MAX
                          : int64_t(std::numeric_limits<secs_t>::max()) * 1000000 + 999999;
    if (largest != INT64_MAX) {
        REQUIRE_CODE(sx_can_bcm_encode(1, 0, 0, largest + 1, 0, 0, nullptr, 0, buf, sizeof buf, &len),
                     SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("does not fit") != std::string::npos);
    }
    REQUIRE_SX(sx_can_bcm_encode(1, 0, 0, largest, 0, 0, nullptr, 0, buf, sizeof buf, &len));
    uint32_t op, fl, count, id, n;
    int64_t i1 = 0, i2;
    size_t off;
    REQUIRE_SX(sx_can_bcm_decode(buf, len, &op, &fl, &count, &i1, &i2, &id, &n, &off));
    CHECK(i1 == largest);

    // Decode: shorter than the header, or than its frames.
    REQUIRE_SX(sx_can_bcm_encode(1, 0, 0, 0, 0, 0, frame.data(), frame.size(), buf, sizeof buf, &len));
    for (size_t n2 = 0; n2 < head; n2++)
        REQUIRE_CODE(sx_can_bcm_decode(buf, n2, &op, &fl, &count, &i1, &i2, &id, &n, &off), SX_EARG);
    REQUIRE_CODE(sx_can_bcm_decode(buf, len - 1, &op, &fl, &count, &i1, &i2, &id, &n, &off), SX_EARG);
    CHECK(sxt::detail().find("do not fit") != std::string::npos);
    REQUIRE_SX(sx_can_bcm_decode(buf, len + 1, &op, &fl, &count, &i1, &i2, &id, &n, &off)); // trailing byte: fine
    REQUIRE_CODE(sx_can_bcm_decode(nullptr, len, &op, &fl, &count, &i1, &i2, &id, &n, &off), SX_EARG);
    REQUIRE_CODE(sx_can_bcm_decode(buf, len, &op, &fl, &count, &i1, &i2, &id, &n, nullptr), SX_EARG);
    // An interval no kernel writes: microseconds of a second or more.
    struct bcm_msg_head h;
    std::memset(&h, 0, sizeof h);
    h.ival2.tv_usec = 1000000;
    REQUIRE_CODE(sx_can_bcm_decode(&h, sizeof h, &op, &fl, &count, &i1, &i2, &id, &n, &off), SX_EOUTOFRANGE);
    h.ival2.tv_usec = 0;
    // The most seconds a timeval holds: beyond int64 microseconds where long has 64 bits, an
    // exact value where it has 32 (i386), since 2^31 s is only about 2.1e15 us.
    h.ival1.tv_sec = LONG_MAX;
    // Chosen by the preprocessor: the other branch's constant product would overflow and
    // -Werror=overflow rejects it even where it is never run.
#if LONG_MAX > INT64_MAX / 1000000
    REQUIRE_CODE(sx_can_bcm_decode(&h, sizeof h, &op, &fl, &count, &i1, &i2, &id, &n, &off), SX_EOUTOFRANGE);
    CHECK(sxt::detail().find("ival1") != std::string::npos);
#else
    REQUIRE_SX(sx_can_bcm_decode(&h, sizeof h, &op, &fl, &count, &i1, &i2, &id, &n, &off));
    CHECK(i1 == static_cast<int64_t>(LONG_MAX) * 1000000);
#endif
    // A huge nframes never reads past the message.
    h.ival1.tv_sec = 0;
    h.nframes = UINT32_MAX;
    REQUIRE_CODE(sx_can_bcm_decode(&h, sizeof h, &op, &fl, &count, &i1, &i2, &id, &n, &off), SX_EARG);
}
