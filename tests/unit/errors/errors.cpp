// SPDX-License-Identifier: MIT
// Status codes: names, messages, look-up by name, and the per-thread detail message.
#include "support.hpp"

#include <cerrno>
#include <netdb.h>
#include <sys/socket.h>
#include <cstring>
#include <string>
#include <thread>

TEST_CASE("errors: OS codes are negated Linux errno numbers with their names and messages", "[errors]")
{
    CHECK(SX_EPERM == -EPERM);
    CHECK(SX_ECONNREFUSED == -ECONNREFUSED);
    CHECK(SX_EAGAIN == -EAGAIN);
    CHECK(SX_EWOULDBLOCK == SX_EAGAIN);
    CHECK(SX_EOPNOTSUPP == -EOPNOTSUPP);
    CHECK(std::string(sx_error_name(SX_ECONNREFUSED)) == "SX_ECONNREFUSED");
    CHECK(std::string(sx_strerror(SX_ECONNREFUSED)) == std::strerror(ECONNREFUSED));
    for (int e = 1; e <= 133; e++) {
        INFO("errno " << e);
        std::string name = sx_error_name(-e);
        if (name == "SX_EUNKNOWN")
            continue; // Linux leaves gaps (41, 58)
        int32_t back = 0;
        REQUIRE_SX(sx_error_code(name.c_str(), &back));
        CHECK(back == -e);
        CHECK(std::string(sx_strerror(-e)) == std::strerror(e));
    }
}

TEST_CASE("errors: resolver, host database and library codes have their own ranges", "[errors]")
{
    CHECK(SX_EAI_NONAME == -1000 + EAI_NONAME);
    CHECK(std::string(sx_strerror(SX_EAI_NONAME)) == gai_strerror(EAI_NONAME));
    CHECK(std::string(sx_error_name(SX_EHOST_NOT_FOUND)) == "SX_EHOST_NOT_FOUND");
    CHECK(std::string(sx_strerror(SX_EHOST_NOT_FOUND)) == "Unknown host");
    CHECK(std::string(sx_strerror(SX_ETIMEOUT)) == "timed out");
    CHECK(SX_ETIMEOUT != SX_ETIMEDOUT);
    const int32_t library[] = {SX_ETIMEOUT, SX_EBADHANDLE, SX_ECLOSED, SX_EARG,       SX_ENOTSUP,
                               SX_ETRUNC,   SX_ENOTFOUND,  SX_EOUTOFRANGE, SX_ENOHANDLES};
    for (int32_t code : library) {
        std::string name = sx_error_name(code);
        INFO(name);
        CHECK(code <= -2001);
        CHECK(code >= -2999);
        int32_t back = 0;
        REQUIRE_SX(sx_error_code(name.c_str(), &back));
        CHECK(back == code);
        REQUIRE_SX(sx_error_code(name.c_str() + 3, &back)); // the SX_ prefix is optional
        CHECK(back == code);
    }
    CHECK(std::string(sx_error_name(0)) == "SX_OK");
}

TEST_CASE("errors: unknown codes and names are reported, never a crash", "[errors]")
{
    CHECK(std::string(sx_error_name(-999)) == "SX_EUNKNOWN");
    CHECK(std::string(sx_error_name(12345)) == "SX_EUNKNOWN");
    CHECK(std::string(sx_error_name(INT32_MIN)) == "SX_EUNKNOWN");
    CHECK(std::string(sx_strerror(INT32_MIN)) == "Unknown libsocketx status code");
    int32_t code = 7;
    REQUIRE_CODE(sx_error_code("SX_ENOSUCHTHING", &code), SX_ENOTFOUND);
    CHECK(code == 7);
    REQUIRE_CODE(sx_error_code(std::string(200, 'E').c_str(), &code), SX_ENOTFOUND);
    REQUIRE_CODE(sx_error_code(nullptr, &code), SX_EARG);
    REQUIRE_CODE(sx_error_code("SX_EPERM", nullptr), SX_EARG);
    REQUIRE_SX(sx_error_code("SX_EWOULDBLOCK", &code));
    CHECK(code == SX_EAGAIN);
}

TEST_CASE("errors: the detail message belongs to the thread and reports truncation", "[errors][threads]")
{
    sx_socket s = 0;
    REQUIRE_CODE(sx_socket_open(AF_INET, SOCK_STREAM, 0, nullptr), SX_EARG);
    std::string mine = sxt::detail();
    CHECK(mine.find("out is NULL") != std::string::npos);

    std::string other;
    std::thread([&] {
        sx_socket_close(s);
        REQUIRE_CODE(sx_socket_fileno(0, nullptr), SX_EARG);
        other = sxt::detail();
    }).join();
    CHECK(other.find("fd_out is NULL") != std::string::npos);
    CHECK(sxt::detail() == mine); // another thread's failure does not touch this thread's message

    size_t len = 0;
    char small[4];
    REQUIRE_CODE(sx_last_error_detail(small, sizeof small, &len), SX_ETRUNC);
    CHECK(len == mine.size());
    REQUIRE_CODE(sx_last_error_detail(nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == mine.size());
    REQUIRE_CODE(sx_last_error_detail(small, sizeof small, nullptr), SX_EARG);
    REQUIRE_CODE(sx_last_error_detail(nullptr, 10, &len), SX_EARG);
}
