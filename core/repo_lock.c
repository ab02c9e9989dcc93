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
	struct repo *repo;
	char *path;
	char *content; /* what we wrote: we only remove a lock that is ours */
};

#define LOCK_NAME       "dlg.lock"
#define LOCK_RETRY_MS   50
#define LOCK_STALE_SECS 3600

/* What lock_inspect found. */
enum { LOCK_GONE, LOCK_HELD, LOCK_UNREADABLE, LOCK_GARBLED, LOCK_STALE };

/* Who holds the lock, as far as its file says. */
struct holder {
	struct strbuf content;
	long pid; /* 0 when the file names none */
	struct strbuf host;
	int read_errno; /* LOCK_UNREADABLE: why */
	long long age;  /* LOCK_GARBLED: seconds since it was written */
};

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

char *repo_host_name(void)
{
	char buf[256];

	if (gethostname(buf, sizeof(buf)) < 0 || !buf[0])
		return xstrdup("localhost");
	buf[sizeof(buf) - 1] = '\0';
	return xstrdup(buf);
}

/* Write a new file at path holding content; -1 with errno set. */
static int file_create(const char *path, const char *content, int excl)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (excl ? O_EXCL : O_TRUNC), 0644);
	int saved;

	if (fd < 0)
		return -1;
	if (write_all(fd, content, strlen(content)) < 0 || close(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

/*
 * 0 created, 1 exists, -1 failed (errno set). The lock appears with its
 * content: written to a file of our own first, then linked into place (link
 * fails when the name exists, as O_EXCL does), so that whoever finds it can
 * always read who holds it. Where the file system has no hard links, it is
 * created and written in two steps.
 */
static int lock_create(const char *path, const char *content)
{
	char *tmp = xstrfmt("%s.%ld.tmp", path, (long)getpid());
	int rc, saved;

	if (file_create(tmp, content, 0) < 0) {
		free(tmp);
		return -1;
	}
	rc = link(tmp, path);
	saved = errno;
	unlink(tmp);
	free(tmp);
	if (rc == 0)
		return 0;
	if (saved == EEXIST)
		return 1;
	if (saved != EPERM && saved != ENOTSUP && saved != EOPNOTSUPP && saved != EXDEV) {
		errno = saved;
		return -1;
	}
	if (file_create(path, content, 1) == 0)
		return 0;
	return errno == EEXIST ? 1 : -1;
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

/* Who holds the lock at path, into h. */
static int lock_inspect(const char *path, const char *myhost, struct holder *h)
{
	struct stat st;

	strbuf_reset(&h->content);
	strbuf_reset(&h->host);
	h->pid = 0;
	h->read_errno = 0;
	h->age = 0;
	if (strbuf_read_file(&h->content, path) < 0) {
		if (errno == ENOENT)
			return LOCK_GONE;
		h->read_errno = errno;
		return LOCK_UNREADABLE;
	}
	if (lock_parse(h->content.buf, &h->pid, &h->host) < 0) {
		h->pid = 0;
		if (stat(path, &st) < 0) {
			if (errno == ENOENT)
				return LOCK_GONE;
			h->read_errno = errno;
			return LOCK_UNREADABLE;
		}
		h->age = (long long)(time(NULL) - st.st_mtime);
		return h->age > LOCK_STALE_SECS ? LOCK_STALE : LOCK_GARBLED;
	}
	if (strcmp(h->host.buf, myhost))
		return LOCK_HELD; /* we can't tell whether it lives */
	/* our own pid: left by an earlier process that had it (a container's
	 * pid 1 after a restart), since we take the lock once */
	if (h->pid == (long)getpid() || (kill((pid_t)h->pid, 0) < 0 && errno == ESRCH))
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

static int lock_busy(struct dlg_err *err, const struct repo *repo, const char *path, int state,
                     const struct holder *h, const char *myhost)
{
	const char *shown = repo_display(repo, path);

	if (state == LOCK_UNREADABLE)
		err_set(err, 0, 0,
		        "another dlg may hold %s, which cannot be read (%s); if no dlg is "
		        "running, remove it: rm '%s'",
		        shown, strerror(h->read_errno), shown);
	else if (!h->pid)
		err_set(err, 0, 0,
		        "another dlg may hold %s, which names no process (%s, written %llds ago: "
		        "a dlg is writing it, or one stopped while it did); if no dlg is running, "
		        "remove it: rm '%s' (dlg takes it over after an hour)",
		        shown, h->content.len ? "garbled" : "empty", h->age, shown);
	else if (strcmp(h->host.buf, myhost))
		err_set(err, 0, 0,
		        "another dlg holds %s (pid %ld on %s, another machine, so dlg cannot tell "
		        "whether it still runs); wait for it, or, if that process is gone, remove "
		        "the lock: rm '%s'",
		        shown, h->pid, h->host.buf, shown);
	else
		err_set(err, 0, 0,
		        "another dlg holds %s (pid %ld on %s); wait for it, or, if that process "
		        "is gone, remove the lock: rm '%s'",
		        shown, h->pid, h->host.buf, shown);
	return DLG_ELOCKED;
}

int repo_lock(struct repo_lock **out, struct repo *repo, int timeout_ms, struct dlg_err *err)
{
	struct holder h = { STRBUF_INIT, 0, STRBUF_INIT, 0, 0 };
	char *path = xstrfmt("%s%s", repo->gitdir, LOCK_NAME);
	char *myhost = repo_host_name();
	char *mine = xstrfmt("%ld %s\n", (long)getpid(), myhost);
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int breaks = 0, rc, state;

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
		state = lock_inspect(path, myhost, &h);
		if (state == LOCK_GONE)
			continue;
		if (state == LOCK_STALE && breaks++ < 10) {
			lock_break(path, &h.content);
			continue;
		}
		if (now_ms() >= deadline) {
			rc = lock_busy(err, repo, path, state, &h, myhost);
			goto out;
		}
		sleep_ms(deadline - now_ms() < LOCK_RETRY_MS ? deadline - now_ms() : LOCK_RETRY_MS);
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->repo = repo;
	(*out)->path = path;
	(*out)->content = mine;
	repo->sync_locked = 1;
	path = mine = NULL;
	rc = 0;
out:
	strbuf_release(&h.content);
	strbuf_release(&h.host);
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
	lock->repo->sync_locked = 0;
	if (strbuf_read_file(&now, lock->path) == 0 && !strcmp(now.buf, lock->content))
		unlink(lock->path);
	strbuf_release(&now);
	free(lock->path);
	free(lock->content);
	free(lock);
}
