// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, the sendmsg/recvmsg cases of the signal tests (spec 7.6):
//   InterruptedRecvTimeoutTest.testInterruptedRecvmsgTimeout, .testInterruptedRecvmsgIntoTimeout (UDP)
//   InterruptedSendTimeoutTest.testInterruptedSendmsgTimeout (TCP)
// -> TEST_CASEs of the same names. CPython's SIGALRM handler raises (1 / 0) and the exception must
// end the call; the C counterpart is an interruptible thread (sx_thread_set_interruptible(1)), where
// the call returns SX_EINTR at the signal instead of waiting out the timeout
// (support.LOOPBACK_TIMEOUT). The default (PEP 475: retried with the remaining time) is the
// "...: retried under signals" case. No C counterpart: the handler's exception object itself.
#include "cpython_helpers.hpp"
#include "../socket/signals.hpp"

using namespace sxcp;

namespace {

struct Interruptible {
    Interruptible() { REQUIRE_SX(sx_thread_set_interruptible(1)); }
    ~Interruptible() { sx_thread_set_interruptible(0); }
};

// checkInterruptedRecv/Send: under signals every 50 ms (alarm_time 0.05), SX_EINTR well before the timeout.
template <class F> void require_interrupted(const char *what, F call)
{
    Interruptible on;
    auto [rc, took] = call_under_storm(50000, call);
    INFO(what << ": " << sx_error_name(rc) << " after " << took << " s");
    REQUIRE_CODE(rc, SX_EINTR);
    CHECK(took < 1.0 + slack());
    CHECK(signals_on_target.load() >= 1);
}

} // namespace

TEST_CASE("InterruptedRecvTimeoutTest.testInterruptedRecvmsgTimeout", "[msg][cpython][eintr]")
{
    Pair p(UDP); // serv.settimeout(LOOPBACK_TIMEOUT)
    Result r;
    require_interrupted("recvmsg", [&] { return do_recvmsg_rc(p.serv, Mode::Recvmsg, 1024, 0, 0, r); });
    CHECK(r.msg.h == 0);
    // Nothing was lost: the next datagram arrives.
    p.send_to_server(MSG);
    Result after;
    do_recvmsg(p.serv, Mode::Recvmsg, 1024, 0, 0, after);
    CHECK(after.data == MSG);
}

TEST_CASE("InterruptedRecvTimeoutTest.testInterruptedRecvmsgIntoTimeout", "[msg][cpython][eintr]")
{
    Pair p(UDP);
    Result r;
    require_interrupted("recvmsg_into", [&] { return do_recvmsg_rc(p.serv, Mode::RecvmsgInto, 1024, 0, 0, r); });
    CHECK(r.msg.h == 0);
}

TEST_CASE("InterruptedSendTimeoutTest.testInterruptedSendmsgTimeout", "[msg][cpython][eintr]")
{
    // sendmsg([b"a" * 512]) in a loop on a connection nobody reads, until the signal ends one.
    Pair p(TCP);
    REQUIRE_SX(sx_socket_settimeout(p.cli, FAIL_TIMEOUT)); // serv_conn.settimeout(self.timeout)
    small_buffers(p.cli);
    small_buffers(p.serv);
    const std::string a512(512, 'a');
    int32_t rc = 0;
    size_t sends = 0;
    {
        Interruptible on;
        AlarmStorm storm(50000);
        double start = mono();
        while (sends < 1000000 && mono() - start < 20) {
            rc = p.sendmsg_rc({a512});
            if (rc != 0)
                break;
            sends++;
        }
    }
    INFO("sendmsg calls before: " << sends << ", status " << sx_error_name(rc));
    CHECK(rc == SX_EINTR);
    CHECK(sends > 0);
}

TEST_CASE("InterruptedRecvTimeoutTest: recvmsg and sendmsg retried under signals (PEP 475)", "[msg][cpython][eintr]")
{
    // Not interruptible (the default): the signals are retried and the timeout is kept, neither
    // cut short nor restarted.
    Pair p(UDP);
    REQUIRE_SX(sx_socket_settimeout(p.serv, 0.3));
    Result r;
    auto [rc, took] = call_under_storm(5000, [&] { return do_recvmsg_rc(p.serv, Mode::Recvmsg, 1024, 0, 0, r); });
    INFO("recvmsg: " << sx_error_name(rc) << " after " << took << " s, " << signals_on_target.load() << " signals");
    CHECK(rc == SX_ETIMEOUT);
    CHECK(took >= 0.3 - 0.002);
    CHECK(took <= 0.3 + slack());
    CHECK(signals_on_target.load() >= (sxt::under_valgrind() ? 3 : 20));

    Pair q(TCP);
    small_buffers(q.cli);
    small_buffers(q.serv);
    REQUIRE_SX(sx_socket_settimeout(q.cli, 0.3));
    fill_send_buffer(q.cli);
    const std::string a512(512, 'a');
    auto [src, stook] = call_under_storm(5000, [&] { return q.sendmsg_rc({a512}); });
    INFO("sendmsg: " << sx_error_name(src) << " after " << stook << " s");
    CHECK(src == SX_ETIMEOUT);
    CHECK(stook >= 0.3 - 0.002);
    CHECK(stook <= 0.3 + slack());
}
