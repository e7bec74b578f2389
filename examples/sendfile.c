/* SPDX-License-Identifier: MIT */
/*
 * sendfile - sx_socket_sendfile() sends a file's bytes on a stream socket without copying
 * them through the program (sendfile(2), with a read-and-send fallback where the kernel
 * refuses). Here: a 64 KiB temporary file, from offset 1000, over a socketpair; the reader
 * checks every byte.
 */
#define _POSIX_C_SOURCE 200809L
#include "example.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILE_SIZE 65536
#define OFFSET 1000

static unsigned char pattern(size_t i)
{
    return (unsigned char)(i * 7 + 3);
}

static sx_socket sender;
static int file_fd;
static uint64_t sent;

/* The sender runs in its own thread: the socketpair's buffer is smaller than the file. */
static void *send_file(void *unused)
{
    (void)unused;
    check("sx_socket_sendfile", sx_socket_sendfile(sender, file_fd, OFFSET, FILE_SIZE - OFFSET, &sent));
    sx_socket_shutdown(sender, SX_SHUT_WR);
    return NULL;
}

int main(void)
{
    char path[] = "/tmp/socketx-sendfile-XXXXXX";
    file_fd = mkstemp(path);
    if (file_fd < 0)
        return 1;
    unlink(path); /* nothing left behind, whatever happens next */
    static unsigned char content[FILE_SIZE];
    for (size_t i = 0; i < FILE_SIZE; i++)
        content[i] = pattern(i);
    if (write(file_fd, content, FILE_SIZE) != FILE_SIZE)
        return 1;

    sx_socket receiver = 0;
    check("sx_socketpair", sx_socketpair(SX_AF_UNIX, SX_SOCK_STREAM, 0, &sender, &receiver));
    check("sx_socket_settimeout", sx_socket_settimeout(sender, 5.0));
    check("sx_socket_settimeout", sx_socket_settimeout(receiver, 5.0));
    pthread_t thread;
    if (pthread_create(&thread, NULL, send_file, NULL) != 0)
        return 1;

    size_t total = 0;
    int ok = 1;
    for (int round = 0; round < 10000; round++) { /* bounded; ends at end of stream */
        unsigned char buf[4096];
        size_t n = 0;
        check("sx_socket_recv", sx_socket_recv(receiver, buf, sizeof buf, 0, &n));
        if (n == 0)
            break;
        for (size_t i = 0; i < n; i++)
            ok &= buf[i] == pattern(OFFSET + total + i);
        total += n;
    }
    pthread_join(thread, NULL);
    printf("sendfile sent %llu bytes, received %zu, content %s\n", (unsigned long long)sent, total,
           ok ? "matches" : "DIFFERS");
    sx_socket_close(sender);
    sx_socket_close(receiver);
    close(file_fd);
    if (!ok || total != FILE_SIZE - OFFSET || sent != total)
        return 1;
    printf("sendfile: OK\n");
    return 0;
}
