/* SPDX-License-Identifier: MIT */
/*
 * What the program runner of scripts/cross-test.sh cannot do, found by trying it: run under
 * the runner, this prints one word per missing ability (nothing where the kernel runs the
 * program itself), and the script leaves out the tests tagged with that word. With the
 * argument "spawn" it only starts and joins one thread and forks and reaps one child: the
 * script runs that under a timeout, since a hang there cannot be caught from inside. A hand
 * list of test names would go on hiding a test after the emulator, or the test, is fixed; a
 * probe stops skipping as soon as the ability works. Each check is the smallest case of what the tagged
 * tests need, made so that the kernel's own answer is unambiguous.
 *
 *   spawns   (the "spawn" run) under qemu-i386 7.2 here pthread_create never returns: the
 *            process spins in user space right after glibc's rt_sigaction of SIGRT_3, before
 *            the new thread runs; a fork()ed child spins likewise right after its gettid().
 *            Only a signal from outside ends either (popen's vfork-style spawn works).
 *   udplite, canraw, solpacket, mcastjoin: setsockopt(-1, level, option) is EBADF from the
 *            kernel whatever the level; an emulator that does not pass the level or option
 *            through answers ENOPROTOOPT without looking at the descriptor.
 *   vsockopt getsockopt(-1, AF_VSOCK, SO_VM_SOCKETS_BUFFER_MAX_SIZE): EOPNOTSUPP from the
 *            emulator, EBADF from the kernel.
 *   tcpinfo  getsockopt(TCP_INFO) fills the kernel's struct (over 100 bytes); qemu-user
 *            treats every IPPROTO_TCP option as an int and returns 4 bytes.
 *   socktype socket(AF_INET, 12345, 0) is EINVAL from the kernel (flag bits it does not know);
 *            qemu-user drops the unknown bits and the kernel sees type 9 (ESOCKTNOSUPPORT).
 *   emptyiov sendmsg and recvmsg with no iovec: qemu-user 7.2 returns 0 without making the
 *            system call, so an empty datagram is never sent and MSG_TRUNC never reported.
 *   ctrunc   recvmsg with room for one of two SCM_RIGHTS descriptors: the kernel sets
 *            MSG_CTRUNC; qemu-user gives the kernel a buffer twice the size, converts what
 *            fits and returns the kernel's flags, so MSG_CTRUNC is lost and the descriptors
 *            that did not fit stay open in the process.
 *   recverr  IP_RECVERR of a datagram to a closed loopback port: the kernel's item names
 *            127.0.0.1 as the offender; qemu-i386 7.2 hands it on with the offender zeroed
 *            (qemu-aarch64 passes it).
 *   idn      glibc's AI_IDN loads libidn2 at run time, which a cross sysroot may lack.
 *   pyabi    python3 (the build host's, whatever the target) has another ancillary layout
 *            (CMSG_LEN(0), CMSG_SPACE(1)) than the target: its results are not the target's.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void *nothing(void *arg)
{
    return arg;
}

static int spawn(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, nothing, NULL) != 0 || pthread_join(t, NULL) != 0)
        return 1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    int st = 0;
    return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7 ? 0 : 1;
}

static int level_passed(int level, int option)
{
    int v = 8;
    return !(setsockopt(-1, level, option, &v, sizeof v) < 0 && errno == ENOPROTOOPT);
}

static int vsock_option_passed(void)
{
    unsigned long long v = 0;
    socklen_t len = sizeof v;
    return !(getsockopt(-1, 40 /* AF_VSOCK */, 2 /* SO_VM_SOCKETS_BUFFER_MAX_SIZE */, &v, &len) < 0 &&
             errno == EOPNOTSUPP);
}

static int tcp_info_whole(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return 1;
    struct tcp_info ti;
    socklen_t len = sizeof ti;
    int ok = getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0 || len > sizeof(int);
    close(s);
    return ok;
}

static int socket_type_passed(void)
{
    int s = socket(AF_INET, 12345, 0);
    if (s >= 0)
        close(s);
    return s < 0 && errno == EINVAL;
}

static int empty_iov_passed(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
        return 1;
    char buf[8];
    struct msghdr m = {0};
    int ok = sendmsg(sv[0], &m, 0) == 0 && recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == 0;
    if (ok && send(sv[0], "abc", 3, 0) == 3) {
        struct msghdr r = {0};
        ok = recvmsg(sv[1], &r, MSG_DONTWAIT) == 0 && (r.msg_flags & MSG_TRUNC);
    }
    close(sv[0]);
    close(sv[1]);
    return ok;
}

static int ctrunc_reported(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
        return 1;
    int fds[2] = {0, 0};
    union {
        char b[CMSG_SPACE(sizeof fds)];
        struct cmsghdr align;
    } out, in;
    memset(&out, 0, sizeof out);
    memset(&in, 0, sizeof in);
    struct iovec iov = {.iov_base = "x", .iov_len = 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = out.b, .msg_controllen = sizeof out.b};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    int ok = 1;
    if (sendmsg(sv[0], &m, 0) == 1) {
        char byte;
        struct iovec riov = {.iov_base = &byte, .iov_len = 1};
        struct msghdr r = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = in.b, .msg_controllen = CMSG_LEN(sizeof(int))};
        ok = recvmsg(sv[1], &r, MSG_CMSG_CLOEXEC) == 1 && (r.msg_flags & MSG_CTRUNC);
        for (c = CMSG_FIRSTHDR(&r); c; c = CMSG_NXTHDR(&r, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
                int fd;
                memcpy(&fd, CMSG_DATA(c), sizeof fd);
                close(fd);
            }
    }
    close(sv[0]);
    close(sv[1]);
    return ok;
}

static int recverr_offender_passed(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0), closed = socket(AF_INET, SOCK_DGRAM, 0), on = 1, ok = 1;
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t tolen = sizeof to;
    /* A port that was bound a moment ago and is free again: nobody answers there. */
    if (s < 0 || closed < 0 || bind(closed, (struct sockaddr *)&to, sizeof to) < 0 ||
        getsockname(closed, (struct sockaddr *)&to, &tolen) < 0)
        goto out;
    close(closed);
    closed = -1;
    if (setsockopt(s, IPPROTO_IP, IP_RECVERR, &on, sizeof on) < 0 || connect(s, (struct sockaddr *)&to, sizeof to) < 0 ||
        send(s, "x", 1, 0) != 1)
        goto out;
    struct pollfd p = {.fd = s, .events = 0};
    if (poll(&p, 1, 2000) != 1)
        goto out;
    char data[8];
    union {
        char b[512];
        struct cmsghdr align;
    } anc;
    struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = anc.b, .msg_controllen = sizeof anc.b};
    if (recvmsg(s, &m, MSG_ERRQUEUE) < 0)
        goto out;
    ok = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) {
            struct sockaddr_in off;
            memcpy(&off, CMSG_DATA(c) + sizeof(struct sock_extended_err), sizeof off);
            ok = off.sin_family == AF_INET && off.sin_addr.s_addr == htonl(INADDR_LOOPBACK);
        }
out:
    if (s >= 0)
        close(s);
    if (closed >= 0)
        close(closed);
    return ok;
}

static int python_layout_same(void)
{
    char want[64], got[64] = "";
    snprintf(want, sizeof want, "%zu %zu\n", (size_t)CMSG_LEN(0), (size_t)CMSG_SPACE(1));
    FILE *p = popen("python3 -c 'import socket; print(socket.CMSG_LEN(0), socket.CMSG_SPACE(1))' 2>/dev/null", "r");
    if (!p)
        return 0;
    if (!fgets(got, sizeof got, p))
        got[0] = 0;
    pclose(p);
    return strcmp(want, got) == 0;
}

static int idn_loads(void)
{
    void *h = dlopen("libidn2.so.0", RTLD_LAZY);
    if (h)
        dlclose(h);
    return h != NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "spawn") == 0)
        return spawn();
    const struct {
        const char *word;
        int ok;
    } abilities[] = {
        {"udplite", level_passed(136 /* IPPROTO_UDPLITE */, 10 /* UDPLITE_SEND_CSCOV */)},
        {"canraw", level_passed(101 /* SOL_CAN_RAW */, 1 /* CAN_RAW_FILTER */)},
        {"solpacket", level_passed(263 /* SOL_PACKET */, 1 /* PACKET_ADD_MEMBERSHIP */)},
        {"mcastjoin", level_passed(IPPROTO_IP, MCAST_JOIN_GROUP)},
        {"vsockopt", vsock_option_passed()},
        {"tcpinfo", tcp_info_whole()},
        {"socktype", socket_type_passed()},
        {"emptyiov", empty_iov_passed()},
        {"ctrunc", ctrunc_reported()},
        {"recverr", recverr_offender_passed()},
        {"idn", idn_loads()},
        {"pyabi", python_layout_same()},
    };
    for (size_t i = 0; i < sizeof abilities / sizeof abilities[0]; i++)
        if (!abilities[i].ok)
            printf("%s\n", abilities[i].word);
    return 0;
}
