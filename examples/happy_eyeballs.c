/* SPDX-License-Identifier: MIT */
/*
 * happy_eyeballs - sx_create_server() listens on 127.0.0.1 only; sx_create_connection_ex()
 * with SX_CONNECT_HAPPY_EYEBALLS then connects to "localhost": where it resolves to ::1 and
 * 127.0.0.1, the addresses race (RFC 8305), the IPv6 attempt is refused and the IPv4 one
 * wins; the errors array reports each failed attempt. sx_create_connection() is the
 * sequential form, as Python's socket.create_connection().
 */
#include "example.h"

int main(void)
{
    sx_addr where = 0, bound = 0, peer = 0;
    sx_socket server = 0, client = 0, conn = 0;
    int32_t port = 0;
    char text[128];

    check("sx_addr_inet", sx_addr_inet("127.0.0.1", 0, &where));
    check("sx_create_server", sx_create_server(where, SX_BACKLOG_DEFAULT, 0, 0, &server));
    check("sx_socket_getsockname", sx_socket_getsockname(server, &bound));
    check("sx_addr_port", sx_addr_port(bound, &port));
    printf("server on %s\n", addr_text(bound, text, sizeof text));

    int32_t errors[8];
    size_t failed = 0;
    check("sx_create_connection_ex",
          sx_create_connection_ex("localhost", port, 5.0, 0, SX_CONNECT_HAPPY_EYEBALLS, errors, 8, &failed, &client));
    check("sx_socket_getpeername", sx_socket_getpeername(client, &peer));
    printf("connected to %s after %zu failed attempt(s)\n", addr_text(peer, text, sizeof text), failed);
    for (size_t i = 0; i < failed && i < 8; i++)
        printf("  attempt failed: %s\n", sx_error_name(errors[i]));
    sx_addr_close(peer);
    sx_socket_close(client);

    /* The sequential form: one address after the other, each within the timeout. */
    check("sx_create_connection", sx_create_connection("127.0.0.1", port, 5.0, 0, &client));
    check("sx_socket_settimeout", sx_socket_settimeout(server, 5.0));
    check("sx_socket_accept", sx_socket_accept(server, &conn, NULL));
    sx_socket_close(conn);
    check("sx_socket_accept", sx_socket_accept(server, &conn, NULL));
    sx_socket_close(conn);
    sx_socket_close(client);
    sx_socket_close(server);
    sx_addr_close(bound);
    sx_addr_close(where);
    printf("happy_eyeballs: OK\n");
    return 0;
}
