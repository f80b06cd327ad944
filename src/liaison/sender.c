/*
 * sender.c — the pluggable sender of the preference poll's codes
 * (preference.h): how a message reaches a phone, chosen once at start-up.
 *
 *   none             nothing is sent; phone requests are refused (503)
 *   spool:DIR        each message is a new file DIR/<unix time>-<random>.msg
 *                    ("To: <number>", a blank line, the text), written
 *                    under a temporary name and renamed, so a reader never
 *                    sees half a message; what the tests read, and a way to
 *                    hand messages to any gateway that watches a directory
 *   command:PROGRAM  PROGRAM runs with the number as its one argument and
 *                    the text on its standard input; exit status 0: sent
 *                    (an SMS gateway's client, a script)
 *
 * No third-party service is needed to run Minsheng or its tests. The
 * setting is process-wide, written before any request (not thread-safe to
 * change); sending is thread-safe.
 */
#include "preference.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../core/util.h"

enum kind { S_NONE, S_SPOOL, S_COMMAND };
static enum kind kind = S_NONE;
static char arg[1024];

int ms_sender_configure(const char *spec, struct ms_error *e)
{
	if (!spec || !*spec || strcmp(spec, "none") == 0) {
		kind = S_NONE;
		return 0;
	}
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : 0;
	if (!colon || !colon[1] || strlen(colon + 1) >= sizeof arg ||
	    !((n == 5 && strncmp(spec, "spool", 5) == 0) || (n == 7 && strncmp(spec, "command", 7) == 0)))
		return ms_failf(e, MS_E_PREF_BAD_SENDER, "sender", MS_AS(spec));
	if (n == 5) {
		struct stat sb;
		if (stat(colon + 1, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return ms_failf(e, MS_E_PREF_BAD_SENDER, "sender", MS_AS(spec));
	}
	kind = n == 5 ? S_SPOOL : S_COMMAND;
	ms_strlcpy(arg, colon + 1, sizeof arg);
	return 0;
}

bool ms_sender_ready(void)
{
	return kind != S_NONE;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w, n -= (size_t)w;
	}
	return 0;
}

static int spool(const char *to, const char *text)
{
	char rnd[17], tmp[1200], path[1200];
	ms_random_hex(rnd, 8);
	long long now = (long long)ms_now_unix();
	if ((size_t)snprintf(tmp, sizeof tmp, "%s/.%lld-%s.tmp", arg, now, rnd) >= sizeof tmp ||
	    (size_t)snprintf(path, sizeof path, "%s/%lld-%s.msg", arg, now, rnd) >= sizeof path)
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, "To: ", 4) || write_all(fd, to, strlen(to)) || write_all(fd, "\n\n", 2) ||
		 write_all(fd, text, strlen(text)) || write_all(fd, "\n", 1) || fsync(fd);
	if (close(fd))
		rc = -1;
	if (!rc && rename(tmp, path))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc ? -1 : 0;
}

static int command(const char *to, const char *text)
{
	int pipefd[2];
	if (pipe(pipefd))
		return -1;
	(void)fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		if (dup2(pipefd[0], 0) < 0)
			_exit(127);
		close(pipefd[0]);
		char *const argv[] = {arg, (char *)to, NULL};
		execv(arg, argv);
		_exit(127);
	}
	close(pipefd[0]);
	/* A program that exits without reading must not kill us with SIGPIPE,
	 * whatever the process does with it (the server ignores it, a test or
	 * the CLI may not): the signal is blocked in this thread for the write,
	 * which then fails with EPIPE, and one it raised is taken back. */
	sigset_t pipe_set, old_set, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigemptyset(&pending);
	(void)pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
	(void)sigpending(&pending);
	bool was_pending = sigismember(&pending, SIGPIPE) == 1;
	int rc = write_all(pipefd[1], text, strlen(text));
	if (rc && errno == EPIPE && !was_pending) {
		struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	(void)pthread_sigmask(SIG_SETMASK, &old_set, NULL);
	close(pipefd[1]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return !rc && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int ms_sender_send(const char *to, const char *text, struct ms_error *e)
{
	int rc;
	switch (kind) {
	case S_SPOOL: rc = spool(to, text); break;
	case S_COMMAND: rc = command(to, text); break;
	default: return ms_fail(e, MS_E_PREF_NO_SENDER, NULL);
	}
	return rc ? ms_fail(e, MS_E_PREF_SEND_FAILED, NULL) : 0;
}
