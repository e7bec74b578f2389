/* SPDX-License-Identifier: MIT */
/*
 * resolve - name resolution without the network: sx_getaddrinfo() of numeric hosts and of
 * "localhost" (from /etc/hosts), each result read from the list handle it returns, and
 * sx_getnameinfo() turning an address back into numeric text. Results are handles read
 * with getters, so no struct addrinfo crosses the ABI.
 */
#include "example.h"

#include <string.h>

/* Print every result of getaddrinfo(host, port) for stream sockets; return their number. */
static uint32_t show(const char *host, const char *port, int32_t flags)
{
    sx_list results = 0;
    uint32_t count = 0;
    check("sx_getaddrinfo", sx_getaddrinfo(host, port, SX_AF_UNSPEC, SX_SOCK_STREAM, 0, flags, &results));
    check("sx_list_count", sx_list_count(results, &count));
    for (uint32_t i = 0; i < count; i++) {
        int32_t family = 0, type = 0, proto = 0;
        sx_addr address = 0;
        char text[128];
        check("sx_addrinfo_entry", sx_addrinfo_entry(results, i, &family, &type, &proto));
        check("sx_addrinfo_addr", sx_addrinfo_addr(results, i, &address));
        printf("%s port %s -> family %d type %d proto %d: %s\n", host, port, family, type, proto,
               addr_text(address, text, sizeof text));
        sx_addr_close(address);
    }
    sx_list_close(results);
    return count;
}

int main(void)
{
    if (show("127.0.0.1", "8080", SX_AI_NUMERICHOST) != 1 || show("::1", "443", SX_AI_NUMERICHOST) != 1)
        return 1;
    if (show("localhost", "80", 0) == 0)
        return 1;

    sx_addr address = 0;
    char host[64], serv[32];
    size_t host_len = 0, serv_len = 0;
    check("sx_addr_inet", sx_addr_inet("127.0.0.1", 8080, &address));
    check("sx_getnameinfo", sx_getnameinfo(address, SX_NI_NUMERICHOST | SX_NI_NUMERICSERV, host, sizeof host,
                                           &host_len, serv, sizeof serv, &serv_len));
    printf("getnameinfo: %s %s\n", host, serv);
    sx_addr_close(address);
    if (strcmp(host, "127.0.0.1") != 0 || strcmp(serv, "8080") != 0)
        return 1;
    printf("resolve: OK\n");
    return 0;
}
