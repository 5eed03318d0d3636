/* stress_kill - test helper: runs a command and SIGKILLs it part-way, for
 * tests/cli/stress.sh.
 *
 *   stress_kill at US OUT ERR CMD [ARG...]
 *       kills CMD US microseconds after it starts
 *   stress_kill wal US DB OUT ERR CMD [ARG...]
 *       kills CMD US microseconds after it first writes to DB's -wal file
 *       (the first write of a transaction's commit: a login that changes
 *       nothing writes nothing there)
 *   stress_kill never OUT ERR CMD [ARG...]
 *       lets CMD finish
 *
 * CMD's standard output goes to OUT, its standard error to ERR, its input
 * is /dev/null. Prints one line: "killed MS" when the kill ended CMD, or
 * "exit STATUS MS" when CMD finished first (MS: milliseconds since it
 * started). A command that outlives 60 s is killed and reported as hung
 * ("hung MS"), so a test never waits for ever. Exits 0 unless the helper
 * itself failed (2). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HUNG_MS 60000L

enum mode { MODE_AT, MODE_WAL, MODE_NEVER };

static long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static void sleep_us(long us)
{
	if (us <= 0)
		return;
	struct timespec ts = { us / 1000000L, (us % 1000000L) * 1000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int usage(void)
{
	fprintf(stderr, "usage: stress_kill at US OUT ERR CMD [ARG...]\n"
	                "       stress_kill wal US DB OUT ERR CMD [ARG...]\n"
	                "       stress_kill never OUT ERR CMD [ARG...]\n");
	return 2;
}

/* The child: its files in place, then CMD. */
static void run_child(const char *out, const char *err, char **cmd)
{
	int in = open("/dev/null", O_RDONLY);
	int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) {
		perror("stress_kill: redirecting the command");
		_exit(127);
	}
	close(in);
	close(o);
	close(e);
	execvp(cmd[0], cmd);
	fprintf(stderr, "stress_kill: %s: %s\n", cmd[0], strerror(errno));
	_exit(127);
}

/* A watch on the directory holding DB, for writes to DB-wal (the file
 * comes and goes with the connections, so the directory is watched). */
static int watch_wal(const char *db, char *wal_name, size_t size)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(db, '/');
	const char *base = slash ? slash + 1 : db;
	if (slash) {
		size_t n = (size_t)(slash - db);
		if (n == 0)
			n = 1;
		if (n >= sizeof dir)
			return -1;
		memcpy(dir, db, n);
		dir[n] = '\0';
	} else {
		strcpy(dir, ".");
	}
	if (snprintf(wal_name, size, "%s-wal", base) >= (int)size)
		return -1;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -1;
	if (inotify_add_watch(fd, dir, IN_MODIFY) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the events waiting on FD include a write to NAME. */
static int wal_written(int fd, const char *name)
{
	_Alignas(struct inotify_event) char buf[4096];
	int seen = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			if (ev->len > 0 && strcmp(ev->name, name) == 0)
				seen = 1;
			p += sizeof *ev + ev->len;
		}
	}
	return seen;
}

/* Waits for the child to end by itself, up to DEADLINE (us); 1 if it did. */
static int reaped(pid_t pid, int *status, long deadline)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		if (now_us() >= deadline)
			return 0;
		sleep_us(200);
	}
}

/* Waits until the child first writes to the -wal file or ends; 1 if it
 * wrote (it is still running, or was when seen). */
static int await_wal(int fd, const char *name, pid_t pid, int *status, long deadline,
                     int *ended)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	for (;;) {
		if (poll(&pfd, 1, 2) > 0 && wal_written(fd, name))
			return 1;
		if (waitpid(pid, status, WNOHANG) == pid) {
			*ended = 1;
			return 0;
		}
		if (now_us() >= deadline)
			return 0;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	enum mode mode;
	int first; /* index of OUT */
	long delay = 0;
	const char *db = NULL;
	if (strcmp(argv[1], "at") == 0 && argc >= 6) {
		mode = MODE_AT;
		first = 3;
	} else if (strcmp(argv[1], "wal") == 0 && argc >= 7) {
		mode = MODE_WAL;
		db = argv[3];
		first = 4;
	} else if (strcmp(argv[1], "never") == 0 && argc >= 5) {
		mode = MODE_NEVER;
		first = 2;
	} else {
		return usage();
	}
	if (mode != MODE_NEVER) {
		char *end;
		errno = 0;
		delay = strtol(argv[2], &end, 10);
		if (errno != 0 || *end != '\0' || end == argv[2] || delay < 0)
			return usage();
	}
	char wal_name[NAME_MAX + 1];
	int fd = -1;
	if (mode == MODE_WAL && (fd = watch_wal(db, wal_name, sizeof wal_name)) < 0) {
		fprintf(stderr, "stress_kill: cannot watch %s: %s\n", db, strerror(errno));
		return 2;
	}
	long start = now_us();
	long deadline = start + HUNG_MS * 1000L;
	pid_t pid = fork();
	if (pid < 0) {
		perror("stress_kill: fork");
		return 2;
	}
	if (pid == 0)
		run_child(argv[first], argv[first + 1], argv + first + 2);

	int status = 0, ended = 0;
	if (mode == MODE_AT) {
		ended = reaped(pid, &status, start + delay);
	} else if (mode == MODE_WAL) {
		if (await_wal(fd, wal_name, pid, &status, deadline, &ended))
			ended = reaped(pid, &status, now_us() + delay);
	} else {
		ended = reaped(pid, &status, deadline);
	}
	int hung = 0;
	if (!ended) {
		hung = mode == MODE_NEVER || now_us() >= deadline;
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (fd >= 0)
		close(fd);
	long ms = (now_us() - start) / 1000L;
	if (WIFEXITED(status))
		printf("exit %d %ld\n", WEXITSTATUS(status), ms);
	else if (hung)
		printf("hung %ld\n", ms);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		printf("killed %ld\n", ms);
	else
		printf("exit %d %ld\n", 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0), ms);
	return 0;
}
