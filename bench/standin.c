/*
 * A tiny native stand-in for the rocky CLI, used by bench/run.mjs only (the
 * real binary cannot be installed here). Native so that the benchmark floor
 * is process creation, not a Node or shell interpreter starting up.
 *
 *   --version          prints "rocky 1.71.0"
 *   run / state / ...  prints the file named by $STANDIN_OUT (or $STANDIN_STATE
 *                      for `state`) on stdout, after $STANDIN_STDERR_BYTES of
 *                      100-byte stderr lines
 *   $STANDIN_HANG=1    `run` forks a grandchild (same process group), writes
 *                      "<pid> <grandchild pid>" to $STANDIN_PIDFILE, then both
 *                      sleep; $STANDIN_IGNORE_TERM=1 makes both ignore SIGTERM.
 *                      alarm(60) is the safety net.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0) _exit(3);
    buf += w;
    n -= (size_t)w;
  }
}

static void cat_file(const char *path) {
  static char buf[1 << 20];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    const char msg[] = "standin: cannot open output file\n";
    write_all(2, msg, sizeof msg - 1);
    _exit(4);
  }
  ssize_t r;
  while ((r = read(fd, buf, sizeof buf)) > 0) write_all(1, buf, (size_t)r);
  close(fd);
}

int main(int argc, char **argv) {
  const char *verb = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
      write_all(1, "rocky 1.71.0\n", 13);
      return 0;
    }
    /* The verb is the first word that is not the value of a global flag given as
     * "--flag value" (rocky-sdk's form; the Node SDK sends "--flag=value"). */
    if (argv[i][0] != '-' && verb == NULL && strcmp(argv[i - 1], "--output") != 0 &&
        strcmp(argv[i - 1], "--config") != 0 && strcmp(argv[i - 1], "--state-path") != 0 &&
        strcmp(argv[i - 1], "--state-namespace") != 0)
      verb = argv[i];
  }
  if (getenv("STANDIN_HANG") != NULL && verb != NULL && strcmp(verb, "run") == 0) {
    int ignore = getenv("STANDIN_IGNORE_TERM") != NULL;
    if (ignore) signal(SIGTERM, SIG_IGN);
    alarm(60);
    pid_t child = fork();
    if (child == 0) {
      alarm(60);
      for (;;) pause();
    }
    const char *pidfile = getenv("STANDIN_PIDFILE");
    if (pidfile != NULL) {
      FILE *f = fopen(pidfile, "w");
      if (f != NULL) {
        fprintf(f, "%d %d\n", (int)getpid(), (int)child);
        fclose(f);
      }
    }
    write_all(2, "standin: hanging\n", 17);
    for (;;) pause();
  }
  const char *flood = getenv("STANDIN_STDERR_BYTES");
  if (flood != NULL) {
    long long total = atoll(flood);
    static char block[100 * 655];
    for (int i = 0; i < 655; i++) {
      memset(block + i * 100, 'x', 99);
      memcpy(block + i * 100, "INFO rocky: progress ", 21);
      block[i * 100 + 99] = '\n';
    }
    while (total > 0) {
      size_t n = total < (long long)sizeof block ? (size_t)total : sizeof block;
      write_all(2, block, n);
      total -= (long long)n;
    }
  }
  const char *out = getenv(verb != NULL && strcmp(verb, "state") == 0 ? "STANDIN_STATE" : "STANDIN_OUT");
  if (out == NULL) {
    write_all(2, "standin: no output file\n", 24);
    return 2;
  }
  cat_file(out);
  return 0;
}
