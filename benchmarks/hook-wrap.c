/*
 * hook-wrap LOG PROGRAM [ARGUMENT...]
 *
 * The measuring part of benchmarks/hook-latency.sh: runs PROGRAM (a charm's real dispatch) with the arguments and the
 * environment it was given, waits for it, and appends one line to LOG:
 *
 *     <hook name> <wall time in microseconds> <peak resident set in KiB> <CPU time in microseconds> <minor faults>
 *
 * The wall time runs from just before the fork to the end of the wait, so it holds the dispatch process, everything it
 * starts (the charm, its hook tools, its cluster CLI calls) and nothing of the measuring itself. The peak resident set
 * is ru_maxrss of wait4: the largest of the process tree (as GNU time reports it). The CPU time (user + system) and
 * the minor page faults are wait4's too, which for the waited child include every descendant it waited for itself: the
 * whole process tree of a hook, as /usr/bin/time reports it. Exits with the program's status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: hook-wrap LOG PROGRAM [ARGUMENT...]\n");
        return 2;
    }

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("hook-wrap: fork");
        return 1;
    }
    if (pid == 0) {
        execv(argv[2], argv + 2);
        fprintf(stderr, "hook-wrap: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }

    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("hook-wrap: wait4");
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);

    long long micros = (long long)(end.tv_sec - start.tv_sec) * 1000000LL + (end.tv_nsec - start.tv_nsec) / 1000;
    const char *hook = getenv("JUJU_DISPATCH_PATH");
    if (hook == NULL || *hook == '\0') {
        hook = "unknown";
    } else if (strncmp(hook, "hooks/", 6) == 0) {
        hook += 6;
    }

    FILE *log = fopen(argv[1], "a");
    if (log == NULL) {
        fprintf(stderr, "hook-wrap: cannot open %s: %s\n", argv[1], strerror(errno));
    } else {
        long long cpu = (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL
            + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
        fprintf(log, "%s %lld %ld %lld %ld\n", hook, micros, usage.ru_maxrss, cpu, usage.ru_minflt);
        fclose(log);
    }

    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
