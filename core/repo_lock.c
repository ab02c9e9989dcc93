/* repo_lock.c: the sync lock, .git/dlg.lock, and taking over stale ones. */
#include "core/repo_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct repo_lock {
	char *path;
	char *content; /* what we wrote: we only remove a lock that is ours */
};

#define LOCK_NAME       "dlg.lock"
#define LOCK_RETRY_MS   50
#define LOCK_STALE_SECS 3600

enum { LOCK_GONE, LOCK_HELD, LOCK_STALE };

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long long ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static char *host_name(void)
{
	char buf[256];

	if (gethostname(buf, sizeof(buf)) < 0 || !buf[0])
		return xstrdup("localhost");
	buf[sizeof(buf) - 1] = '\0';
	return xstrdup(buf);
}

/* 0 created, 1 exists, -1 failed (errno set). */
static int lock_create(const char *path, const char *content)
{
	size_t len = strlen(content), done = 0;
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ? 1 : -1;
	while (done < len) {
		ssize_t n = write(fd, content + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n < 0 ? errno : EIO;
			close(fd);
			unlink(path);
			errno = saved;
			return -1;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

/* "PID HOSTNAME\n" */
static int lock_parse(const char *s, long *pid, struct strbuf *host)
{
	char *end;
	const char *h;

	errno = 0;
	*pid = strtol(s, &end, 10);
	if (errno || end == s || *pid <= 0 || *end != ' ')
		return -1;
	h = end + 1;
	end = strchr(h, '\n');
	if (!end || end == h || end[1])
		return -1;
	strbuf_reset(host);
	strbuf_add(host, h, (size_t)(end - h));
	return 0;
}

/* Who holds the lock at path: content, pid and host are filled in. */
static int lock_inspect(const char *path, const char *myhost, struct strbuf *content, long *pid,
                        struct strbuf *host)
{
	struct stat st;

	strbuf_reset(content);
	strbuf_reset(host);
	*pid = 0;
	if (strbuf_read_file(content, path) < 0)
		return errno == ENOENT ? LOCK_GONE : LOCK_HELD;
	if (lock_parse(content->buf, pid, host) < 0) {
		*pid = 0;
		if (stat(path, &st) < 0)
			return errno == ENOENT ? LOCK_GONE : LOCK_HELD;
		return time(NULL) - st.st_mtime > LOCK_STALE_SECS ? LOCK_STALE : LOCK_HELD;
	}
	if (strcmp(host->buf, myhost))
		return LOCK_HELD; /* we can't tell whether it lives */
	/* our own pid: left by an earlier process that had it (a container's
	 * pid 1 after a restart), since we take the lock once */
	if (*pid == (long)getpid() || (kill((pid_t)*pid, 0) < 0 && errno == ESRCH))
		return LOCK_STALE;
	return LOCK_HELD;
}

/*
 * Remove a stale lock without removing a fresh one another process created
 * after we looked: move it aside, and put it back unless it is still what we
 * judged stale.
 */
static void lock_break(const char *path, const struct strbuf *seen)
{
	struct strbuf now = STRBUF_INIT;
	char *aside = xstrfmt("%s.stale.%ld", path, (long)getpid());

	if (rename(path, aside) == 0) {
		if (strbuf_read_file(&now, aside) == 0 &&
		    (now.len != seen->len || memcmp(now.buf, seen->buf, now.len)))
			(void)!link(aside, path);
		unlink(aside);
	}
	strbuf_release(&now);
	free(aside);
}

static int lock_busy(struct dlg_err *err, const struct repo *repo, const char *path, long pid,
                     const struct strbuf *host)
{
	const char *shown = repo_display(repo, path);

	if (pid)
		err_set(err, 0, 0,
		        "another dlg holds %s (pid %ld on %s); wait for it, or remove the file if "
		        "that process is gone",
		        shown, pid, host->buf);
	else
		err_set(
		    err, 0, 0,
		    "another dlg holds %s (it is being written, or unreadable); wait for it, or "
		    "remove the file if no dlg is running",
		    shown);
	return DLG_ELOCKED;
}

int repo_lock(struct repo_lock **out, struct repo *repo, int timeout_ms, struct dlg_err *err)
{
	struct strbuf content = STRBUF_INIT, host = STRBUF_INIT;
	char *path = xstrfmt("%s%s", repo->gitdir, LOCK_NAME);
	char *myhost = host_name();
	char *mine = xstrfmt("%ld %s\n", (long)getpid(), myhost);
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int breaks = 0, rc, state;
	long pid;

	*out = NULL;
	for (;;) {
		rc = lock_create(path, mine);
		if (rc == 0)
			break;
		if (rc < 0) {
			rc = err_set(err, 0, 0, "cannot create %s: %s", repo_display(repo, path),
			             strerror(errno));
			goto out;
		}
		state = lock_inspect(path, myhost, &content, &pid, &host);
		if (state == LOCK_GONE)
			continue;
		if (state == LOCK_STALE && breaks++ < 10) {
			lock_break(path, &content);
			continue;
		}
		if (now_ms() >= deadline) {
			rc = lock_busy(err, repo, path, pid, &host);
			goto out;
		}
		sleep_ms(deadline - now_ms() < LOCK_RETRY_MS ? deadline - now_ms() : LOCK_RETRY_MS);
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->path = path;
	(*out)->content = mine;
	path = mine = NULL;
	rc = 0;
out:
	strbuf_release(&content);
	strbuf_release(&host);
	free(path);
	free(mine);
	free(myhost);
	return rc;
}

void repo_unlock(struct repo_lock *lock)
{
	struct strbuf now = STRBUF_INIT;

	if (!lock)
		return;
	if (strbuf_read_file(&now, lock->path) == 0 && !strcmp(now.buf, lock->content))
		unlink(lock->path);
	strbuf_release(&now);
	free(lock->path);
	free(lock->content);
	free(lock);
}
