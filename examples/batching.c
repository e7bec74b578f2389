/* SPDX-License-Identifier: MIT */
/*
 * batching - several UDP datagrams in one system call each way: sx_socket_sendmmsg()
 * sends a batch of messages, each an sx_msg with its buffers and destination;
 * sx_socket_recvmmsg() receives into a batch of messages, each then holding its byte
 * count and sender. Buffers are the caller's; the messages keep only pointers to them.
 */
#include "example.h"

#include <string.h>

#define BATCH 4

int main(void)
{
    sx_socket receiver = 0, sender = 0;
    sx_addr where = 0, bound = 0;
    char text[128];
    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &receiver));
    check("sx_socket_settimeout", sx_socket_settimeout(receiver, 5.0));
    check("sx_addr_inet", sx_addr_inet("127.0.0.1", 0, &where));
    check("sx_socket_bind", sx_socket_bind(receiver, where));
    check("sx_socket_getsockname", sx_socket_getsockname(receiver, &bound));
    check("sx_socket_open", sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, &sender));

    static const char *const payloads[BATCH] = {"one", "two", "three", "four"};
    sx_msg out[BATCH], in[BATCH];
    char room[BATCH][32];
    for (size_t i = 0; i < BATCH; i++) {
        void *data = (void *)payloads[i]; /* sent, never written */
        size_t len = strlen(payloads[i]);
        check("sx_msg_new", sx_msg_new(&out[i]));
        check("sx_msg_set_buffers", sx_msg_set_buffers(out[i], &data, &len, 1));
        check("sx_msg_set_address", sx_msg_set_address(out[i], bound));
        void *buf = room[i];
        size_t cap = sizeof room[i];
        check("sx_msg_new", sx_msg_new(&in[i]));
        check("sx_msg_set_buffers", sx_msg_set_buffers(in[i], &buf, &cap, 1));
    }

    size_t sent = 0, received = 0;
    check("sx_socket_sendmmsg", sx_socket_sendmmsg(sender, out, BATCH, 0, &sent));
    printf("sendmmsg sent %zu messages in one call\n", sent);
    /* recvmmsg takes what is queued after the first arrives: loop, bounded, until all are in. */
    for (int round = 0; round < BATCH && received < sent; round++) {
        size_t got = 0;
        check("sx_socket_recvmmsg", sx_socket_recvmmsg(receiver, in + received, BATCH - received, 0, &got));
        printf("recvmmsg received %zu message(s) in one call\n", got);
        received += got;
    }
    int ok = sent == BATCH && received == BATCH;
    for (size_t i = 0; i < received; i++) {
        size_t n = 0;
        sx_addr from = 0;
        check("sx_msg_nbytes", sx_msg_nbytes(in[i], &n));
        check("sx_msg_address", sx_msg_address(in[i], &from));
        printf("  \"%.*s\" from %s\n", (int)n, room[i], addr_text(from, text, sizeof text));
        ok &= n == strlen(payloads[i]) && memcmp(room[i], payloads[i], n) == 0;
        sx_addr_close(from);
    }
    for (size_t i = 0; i < BATCH; i++) {
        sx_msg_close(out[i]);
        sx_msg_close(in[i]);
    }
    sx_addr_close(where);
    sx_addr_close(bound);
    sx_socket_close(sender);
    sx_socket_close(receiver);
    if (!ok)
        return 1;
    printf("batching: OK\n");
    return 0;
}
