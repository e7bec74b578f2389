/* SPDX-License-Identifier: MIT */
/* Starts the ThreadSanitizer runtime and one thread: run.sh uses it to learn whether this kernel
 * needs address randomisation turned off before the real tests run. */
#include <pthread.h>
#include <stddef.h>

static void *nothing(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, nothing, NULL) != 0)
        return 1;
    return pthread_join(t, NULL) != 0;
}
