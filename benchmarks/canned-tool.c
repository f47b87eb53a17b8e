/*
 * canned-tool: every hook tool and the workload CLI of benchmarks/hook-processes.sh, one program installed under each
 * name (relation-get, relation-set, juju-log, microctl, ...). It answers from canned files and records each call, so the
 * charm and the shell-script baseline it is measured against call exactly the same programs.
 *
 * Environment:
 *   CANNED_DIR       the answers: for a call `NAME ARG1 ARG2 ...` it prints the file named NAME, then ' ' and each
 *                    argument ('/' written as '%'), e.g. "relation-get --format=json -r cluster:1 - distributor%0";
 *                    without that file, the file named NAME alone; without either, nothing. Exit status 0.
 *   CANNED_CALL_LOG  the call log: one line per call, appended with a single write: NAME and each argument separated
 *                    by tabs, and, when the call reads a file from standard input (`--file -`), a last field "<" and
 *                    what it read. Tabs, newlines and backslashes in the fields are written as \t, \n and \\.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_BYTES 65536

static char line[LINE_MAX_BYTES];
static size_t line_length;

static void fail(const char *what)
{
    fprintf(stderr, "canned-tool: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void put(char c)
{
    if (line_length + 1 >= sizeof line) {
        fprintf(stderr, "canned-tool: call log line longer than %d bytes\n", LINE_MAX_BYTES);
        exit(1);
    }
    line[line_length++] = c;
}

static void put_field(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        switch (text[i]) {
        case '\t': put('\\'); put('t'); break;
        case '\n': put('\\'); put('n'); break;
        case '\\': put('\\'); put('\\'); break;
        default: put(text[i]);
        }
    }
}

static void write_all(int fd, const char *data, size_t length, const char *what)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(what);
        }
        data += n;
        length -= (size_t)n;
    }
}

/* Prints the canned file at PATH; returns 0 when it does not exist. */
static int print_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENAMETOOLONG) {
            return 0;
        }
        fail(path);
    }
    char buffer[16384];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) != 0) {
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(path);
        }
        write_all(STDOUT_FILENO, buffer, (size_t)n, "standard output");
    }
    close(fd);
    return 1;
}

int main(int argc, char **argv)
{
    const char *name = strrchr(argv[0], '/');
    name = name == NULL ? argv[0] : name + 1;
    const char *dir = getenv("CANNED_DIR");
    const char *log_path = getenv("CANNED_CALL_LOG");
    if (dir == NULL || log_path == NULL) {
        fprintf(stderr, "canned-tool (%s): CANNED_DIR and CANNED_CALL_LOG must be set\n", name);
        return 2;
    }

    int reads_file = 0;
    put_field(name, strlen(name));
    for (int i = 1; i < argc; i++) {
        put('\t');
        put_field(argv[i], strlen(argv[i]));
        if (strcmp(argv[i], "--file") == 0 && i + 1 < argc && strcmp(argv[i + 1], "-") == 0) {
            reads_file = 1;
        }
    }
    if (reads_file) {
        put('\t');
        put('<');
        char buffer[4096];
        ssize_t n;
        while ((n = read(STDIN_FILENO, buffer, sizeof buffer)) != 0) {
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                fail("standard input");
            }
            put_field(buffer, (size_t)n);
        }
    }
    put('\n');
    int log = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (log < 0) {
        fail(log_path);
    }
    write_all(log, line, line_length, log_path);
    close(log);

    char path[4096];
    size_t used = (size_t)snprintf(path, sizeof path, "%s/%s", dir, name);
    for (int i = 1; i < argc && used < sizeof path; i++) {
        path[used++] = ' ';
        for (const char *c = argv[i]; *c != '\0' && used < sizeof path; c++) {
            path[used++] = *c == '/' ? '%' : *c;
        }
    }
    if (used < sizeof path) {
        path[used] = '\0';
        if (print_file(path)) {
            return 0;
        }
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    print_file(path);
    return 0;
}
