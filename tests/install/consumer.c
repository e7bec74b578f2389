/* SPDX-License-Identifier: MIT */
/*
 * A minimal consumer of the installed libsocketx (tests/install/run.sh builds it with
 * pkg-config and with find_package(socketx)). It must print exactly:
 *   socketx <version>
 *   sent 5 bytes
 *   received 5 bytes: hello
 */
#include <socketx.h>

#include <stdio.h>

static int fail(const char *what, int32_t rc)
{
    printf("%s: %s\n", what, sx_error_name(rc));
    return 1;
}

int main(void)
{
    sx_socket a = 0, b = 0;
    char buf[16];
    size_t sent = 0, got = 0;
    int32_t rc;

    printf("socketx %s\n", sx_version_string());
    if ((rc = sx_socketpair(SX_AF_UNIX, SX_SOCK_STREAM, 0, &a, &b)) != 0)
        return fail("sx_socketpair", rc);
    if ((rc = sx_socket_send(a, "hello", 5, 0, &sent)) != 0)
        return fail("sx_socket_send", rc);
    printf("sent %zu bytes\n", sent);
    if ((rc = sx_socket_recv(b, buf, sizeof buf, 0, &got)) != 0)
        return fail("sx_socket_recv", rc);
    printf("received %zu bytes: %.*s\n", got, (int)got, buf);
    if ((rc = sx_socket_close(a)) != 0 || (rc = sx_socket_close(b)) != 0)
        return fail("sx_socket_close", rc);
    return 0;
}
