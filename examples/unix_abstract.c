/* SPDX-License-Identifier: MIT */
/*
 * unix_abstract - a Linux abstract AF_UNIX socket: its name starts with a NUL byte, lives
 * in the network namespace, not the file system, and disappears with the socket, so
 * there is no file to clean up. sx_addr_unix_bytes() makes the address (the NUL included);
 * its text form is "@name". A server accepts one connection and answers in upper case.
 */
#include "example.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    /* A name of our own, by process id, so two runs at once do not collide. */
    char name[64];
    int name_len = snprintf(name, sizeof name, "%csocketx-example-%ld", '\0', (long)getpid());
    sx_addr address = 0;
    sx_socket server = 0, client = 0, conn = 0;
    char text[128];

    check("sx_addr_unix_bytes", sx_addr_unix_bytes(name, (size_t)name_len, &address));
    printf("abstract address: %s\n", addr_text(address, text, sizeof text));
    if (text[0] != '@')
        return 1;

    check("sx_socket_open", sx_socket_open(SX_AF_UNIX, SX_SOCK_STREAM, 0, &server));
    check("sx_socket_bind", sx_socket_bind(server, address));
    check("sx_socket_listen", sx_socket_listen(server, SX_BACKLOG_DEFAULT));

    check("sx_socket_open", sx_socket_open(SX_AF_UNIX, SX_SOCK_STREAM, 0, &client));
    check("sx_socket_settimeout", sx_socket_settimeout(client, 5.0));
    check("sx_socket_connect", sx_socket_connect(client, address));
    check("sx_socket_settimeout", sx_socket_settimeout(server, 5.0));
    check("sx_socket_accept", sx_socket_accept(server, &conn, NULL));

    size_t n = 0;
    check("sx_socket_sendall", sx_socket_sendall(client, "hello, abstract", 15, 0, &n));
    char buf[64];
    check("sx_socket_recv", sx_socket_recv(conn, buf, sizeof buf, 0, &n));
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)toupper((unsigned char)buf[i]);
    check("sx_socket_sendall", sx_socket_sendall(conn, buf, n, 0, &n));
    check("sx_socket_recv", sx_socket_recv(client, buf, sizeof buf, 0, &n));
    printf("answer: %.*s\n", (int)n, buf);
    if (n != 15 || memcmp(buf, "HELLO, ABSTRACT", 15) != 0)
        return 1;

    sx_socket_close(conn);
    sx_socket_close(client);
    sx_socket_close(server);
    sx_addr_close(address);
    printf("unix_abstract: OK\n");
    return 0;
}
