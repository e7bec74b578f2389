/* SPDX-License-Identifier: MIT */
/*
 * fd_passing - descriptor passing over AF_UNIX (SCM_RIGHTS): one end of a socketpair sends
 * the read end of a pipe with sx_socket_send_fds(); the other receives it with
 * sx_socket_recv_fds(), which returns an sx_msg handle, and takes the descriptor out of it
 * with sx_msg_take_fd() (received descriptors are close-on-exec, and closed with the message
 * unless taken). Reading the pipe through the received descriptor proves it is the same pipe.
 */
#define _POSIX_C_SOURCE 200809L
#include "example.h"

#include <string.h>
#include <unistd.h>

int main(void)
{
    sx_socket a = 0, b = 0;
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        return 1;
    check("sx_socketpair", sx_socketpair(SX_AF_UNIX, SX_SOCK_STREAM, 0, &a, &b));
    check("sx_socket_settimeout", sx_socket_settimeout(b, 5.0));

    const void *bufs[] = {"fd"};
    const size_t lens[] = {2};
    const int32_t fds[] = {pipe_fds[0]};
    size_t sent = 0;
    check("sx_socket_send_fds", sx_socket_send_fds(a, bufs, lens, 1, fds, 1, 0, 0, &sent));
    close(pipe_fds[0]); /* the receiver has its own descriptor now */

    char data[8];
    sx_msg msg = 0;
    uint32_t count = 0;
    int32_t received_fd = -1;
    check("sx_socket_recv_fds", sx_socket_recv_fds(b, data, sizeof data, 4, 0, &msg));
    check("sx_msg_fd_count", sx_msg_fd_count(msg, &count));
    printf("received %u descriptor(s)\n", count);
    if (count != 1)
        return 1;
    check("sx_msg_take_fd", sx_msg_take_fd(msg, 0, &received_fd));
    sx_msg_close(msg);

    if (write(pipe_fds[1], "through the pipe", 16) != 16)
        return 1;
    char got[32];
    ssize_t n = read(received_fd, got, sizeof got);
    printf("read through the received descriptor: %.*s\n", (int)(n > 0 ? n : 0), got);
    close(received_fd);
    close(pipe_fds[1]);
    sx_socket_close(a);
    sx_socket_close(b);
    if (n != 16 || memcmp(got, "through the pipe", 16) != 0)
        return 1;
    printf("fd_passing: OK\n");
    return 0;
}
