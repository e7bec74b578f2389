// SPDX-License-Identifier: MIT
// Running out of file descriptors on purpose: a lowered RLIMIT_NOFILE with every descriptor
// below it in use, and exactly `spare` of them free. Both are undone at scope exit.
#pragma once

#include "support.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace sxt {

// The highest descriptor open in this process below limit (valgrind keeps its own above the
// soft limit it reports).
inline int highest_fd(rlim_t limit)
{
    int top = -1;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return 1023;
    while (struct dirent *e = readdir(d)) {
        int fd = std::atoi(e->d_name);
        if (e->d_name[0] != '.' && fd > top && (rlim_t)fd < limit)
            top = fd;
    }
    closedir(d);
    return top;
}

class FdLimit {
public:
    explicit FdLimit(int spare = 0)
    {
        REQUIRE(getrlimit(RLIMIT_NOFILE, &saved_) == 0);
        // A few dozen above what is open: the loop below is short and bounded by it.
        struct rlimit low = saved_;
        low.rlim_cur = (rlim_t)highest_fd(saved_.rlim_cur) + 40;
        REQUIRE(low.rlim_cur <= saved_.rlim_cur);
        REQUIRE(setrlimit(RLIMIT_NOFILE, &low) == 0);
        lowered_ = true;
        for (rlim_t i = 0; i < low.rlim_cur; i++) {
            int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                break;
            fds_.push_back(fd);
        }
        REQUIRE(open("/dev/null", O_RDONLY | O_CLOEXEC) == -1);
        for (int i = 0; i < spare && !fds_.empty(); i++) {
            close(fds_.back());
            fds_.pop_back();
        }
    }
    FdLimit(const FdLimit &) = delete;
    FdLimit &operator=(const FdLimit &) = delete;
    ~FdLimit() { release(); }

    // Give everything back now (a test's later checks may need descriptors).
    void release()
    {
        for (int fd : fds_)
            close(fd);
        fds_.clear();
        if (lowered_)
            setrlimit(RLIMIT_NOFILE, &saved_);
        lowered_ = false;
    }

private:
    struct rlimit saved_ {};
    std::vector<int> fds_;
    bool lowered_ = false;
};

} // namespace sxt
