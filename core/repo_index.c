/* repo_index.c: git's index.lock, taken the way git takes it; the index
 * edited through a private copy and written into the lock; and dlg's record
 * of the lock it holds, which tells its stale locks from git's. */
#include "core/repo_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <git2/sys/repository.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RETRY_FIRST_MS 5
#define RETRY_MAX_MS   100

/* How many index.lock files this process holds: a record naming our own
 * pid is a stale one of an earlier process only when we hold none. */
static int locks_held;

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

void repo_index_paths(struct repo_index_paths *p, const struct repo *repo)
{
	p->lock = xstrfmt("%sindex.lock", repo->gitdir);
	p->index = xstrfmt("%sindex", repo->gitdir);
	p->dir = xstrfmt("%sdlg", repo->gitdir);
	p->work = xstrfmt("%sdlg/index.new", repo->gitdir);
	p->work_lock = xstrfmt("%sdlg/index.new.lock", repo->gitdir);
	p->record = xstrfmt("%sdlg/index-lock", repo->gitdir);
}

void repo_index_paths_release(struct repo_index_paths *p)
{
	free(p->lock);
	free(p->index);
	free(p->dir);
	free(p->work);
	free(p->work_lock);
	free(p->record);
	memset(p, 0, sizeof(*p));
}

/* The record */

/*
 * "PID HOST DEV INO SIZE CTIME_SEC CTIME_NSEC\n": the index.lock this pid
 * made, with its size and ctime as dlg last left it; SIZE is -1 while the
 * content is being written (then only the inode identifies it). An empty
 * file: no lock. Written in place with one write (the file is kept between
 * locks: creating a file costs a millisecond on ext4), so a process killed
 * while writing it leaves either record; not made durable (a crash of the
 * machine can lose it, and then the lock is left for the person to remove,
 * as git leaves its own).
 */
static int record_write(struct repo_index_txn *t, long long size)
{
	struct strbuf sb = STRBUF_INIT;
	char *host = repo_host_name();
	int fd, rc = -1, saved = 0;
	ssize_t n;

	strbuf_addf(&sb, "%ld %s %llu %llu %lld %lld %ld\n", (long)getpid(), host,
	            (unsigned long long)t->st.st_dev, (unsigned long long)t->st.st_ino, size,
	            (long long)t->st.st_ctim.tv_sec, (long)t->st.st_ctim.tv_nsec);
	fd = open(t->paths.record, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 && errno == ENOENT && mkdir(t->paths.dir, 0777) == 0)
		fd = open(t->paths.record, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		goto out;
	n = pwrite(fd, sb.buf, sb.len, 0);
	if (n == (ssize_t)sb.len && ftruncate(fd, (off_t)sb.len) == 0)
		rc = 0;
	else
		saved = n < 0 || n == (ssize_t)sb.len ? errno : ENOSPC;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc < 0)
		errno = saved;
out:
	strbuf_release(&sb);
	free(host);
	return rc;
}

/* The record says no lock. */
static void record_clear(const struct repo_index_txn *t)
{
	if (truncate(t->paths.record, 0) < 0 && errno != ENOENT)
		unlink(t->paths.record);
}

int repo_index_record_read(struct repo_index_record *r, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long long dev, ino;
	long long size, sec;
	long pid, nsec;
	char host[256];
	int n, rc = -1;

	memset(r, 0, sizeof(*r));
	if (strbuf_read_file(&sb, path) < 0)
		goto out;
	if (!sb.len) {
		errno = ENOENT; /* no lock recorded */
		goto out;
	}
	n = sscanf(sb.buf, "%ld %255s %llu %llu %lld %lld %ld", &pid, host, &dev, &ino, &size, &sec,
	           &nsec);
	if (n != 7 || pid <= 0) {
		errno = EINVAL;
		goto out;
	}
	r->pid = pid;
	r->host = xstrdup(host);
	r->dev = (dev_t)dev;
	r->ino = (ino_t)ino;
	r->size = size;
	r->ctime.tv_sec = (time_t)sec;
	r->ctime.tv_nsec = nsec;
	rc = 0;
out:
	strbuf_release(&sb);
	return rc;
}

void repo_index_record_clear(struct repo_index_record *r)
{
	free(r->host);
	memset(r, 0, sizeof(*r));
}

int repo_index_record_dead(const struct repo_index_record *r)
{
	char *host = repo_host_name();
	int dead = 0;

	if (!strcmp(host, r->host))
		dead = r->pid == (long)getpid() ? !locks_held
		                                : kill((pid_t)r->pid, 0) < 0 && errno == ESRCH;
	free(host);
	return dead;
}

int repo_index_record_names(const struct repo_index_record *r, const struct stat *st)
{
	if (st->st_dev != r->dev || st->st_ino != r->ino)
		return 0;
	if (r->size < 0)
		return 1;
	return (long long)st->st_size == r->size && st->st_ctim.tv_sec == r->ctime.tv_sec &&
	       st->st_ctim.tv_nsec == r->ctime.tv_nsec;
}

/* Taking and releasing the lock */

static int lock_busy(struct repo_index_txn *t, const char *what, struct dlg_err *err)
{
	const char *shown = repo_display(t->repo, t->paths.lock);
	struct repo_index_record r;
	struct stat st;

	if (repo_index_record_read(&r, t->paths.record) == 0 && lstat(t->paths.lock, &st) == 0 &&
	    repo_index_record_names(&r, &st) && repo_index_record_dead(&r)) {
		err_set(err, 0, 0,
		        "%s: %s was left by dlg (pid %ld on %s), which is gone; the next dlg sync "
		        "removes it, or remove it yourself: rm '%s'",
		        what, shown, r.pid, r.host, shown);
		repo_index_record_clear(&r);
		return DLG_ELOCKED;
	}
	repo_index_record_clear(&r);
	err_set(err, 0, 0,
	        "%s: %s exists, so git is busy: another git command is running (wait for it, "
	        "then run dlg again) or one crashed and left it (if no git command is running, "
	        "remove it: rm '%s'); nothing was changed",
	        what, shown, shown);
	return DLG_ELOCKED;
}

/* Whether the record is the one this process wrote. */
static int tmp_recorded(const struct repo_index_txn *t)
{
	struct repo_index_record r;
	int ours = 0;

	if (repo_index_record_read(&r, t->paths.record) == 0)
		ours = r.pid == (long)getpid() && r.ino == t->st.st_ino;
	repo_index_record_clear(&r);
	return ours;
}

/* A file to become index.lock, in dlg's folder: made and recorded before
 * it is linked into place, so no kill leaves an index.lock of dlg's that
 * its record does not name. -1 with errno set. */
static int lock_candidate(struct repo_index_txn *t, char **tmp)
{
	*tmp = xstrfmt("%s/index.lock.new", t->paths.dir);
	t->fd = open(*tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (t->fd < 0 && errno == ENOENT && mkdir(t->paths.dir, 0777) == 0)
		t->fd = open(*tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (t->fd < 0 || fstat(t->fd, &t->st) < 0 || record_write(t, -1) < 0)
		return -1;
	return 0;
}

int repo_index_lock(struct repo_index_txn *t, struct repo *repo, int timeout_ms, const char *fault,
                    const char *what, struct dlg_err *err)
{
	long long deadline, pause = RETRY_FIRST_MS;
	char *tmp = NULL;
	int saved, linked = 1, ret = 0;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->repo = repo;
	repo_index_paths(&t->paths, repo);
	if (timeout_ms == 0)
		timeout_ms = REPO_INDEX_TIMEOUT_MS;
	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		struct stat st;

		/* while a lock is there, its record (a dead dlg's?) stays as it is */
		if (lstat(t->paths.lock, &st) == 0) {
			if (now_ms() >= deadline) {
				ret = lock_busy(t, what, err);
				goto out;
			}
			sleep_ms(deadline - now_ms() < pause ? deadline - now_ms() : pause);
			pause = pause * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : pause * 2;
			continue;
		}
		if (linked && !tmp && lock_candidate(t, &tmp) < 0) {
			saved = errno;
			ret = err_set(err, 0, 0, "%s: cannot write %s: %s", what,
			              repo_display(repo, t->paths.record), strerror(saved));
			goto out;
		}
		/* link: index.lock appears whole, with the inode recorded */
		if (linked && link(tmp, t->paths.lock) == 0)
			break;
		if (linked && errno != EEXIST) {
			/* no hard links here: create it, then record it */
			linked = 0;
			close(t->fd);
			unlink(tmp);
			t->fd = -1;
		}
		if (!linked) {
			t->fd = open(t->paths.lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
			if (t->fd >= 0) {
				if (fstat(t->fd, &t->st) < 0 || record_write(t, -1) < 0) {
					saved = errno;
					t->held = 1;
					locks_held++;
					ret = err_set(err, 0, 0, "%s: cannot write %s: %s", what,
					              repo_display(repo, t->paths.record),
					              strerror(saved));
					goto out;
				}
				break;
			}
			if (errno != EEXIST) {
				ret = err_set(err, 0, 0, "%s: cannot create %s: %s", what,
				              repo_display(repo, t->paths.lock), strerror(errno));
				goto out;
			}
		}
		if (now_ms() >= deadline) {
			ret = lock_busy(t, what, err);
			goto out;
		}
		sleep_ms(deadline - now_ms() < pause ? deadline - now_ms() : pause);
		pause = pause * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : pause * 2;
	}
	t->held = 1;
	locks_held++;
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (ret) {
		if (!t->held && tmp_recorded(t))
			unlink(t->paths.record); /* ours, and no lock came of it */
		repo_index_unlock(t);
		return ret;
	}
	fault_point(fault);
	return 0;
}

/* Copy what is left to read of in to the end of out, a piece at a time:
 * the index is megabytes. */
static int copy_fd(int out, int in)
{
	char buf[65536];
	ssize_t got;

	while ((got = read(in, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || write_all(out, buf, (size_t)got) < 0)
			return -1;
	}
	return 0;
}

/* close(fd), keeping errno. */
static void close_quietly(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

/* A copy of the index for us to edit, with the same times (git tells racy
 * entries by the index file's mtime): a hard link where the file system
 * has them, as libgit2 writes its files anew and never in place. */
static int copy_index(const struct repo_index_txn *t)
{
	struct timespec times[2];
	struct stat st;
	int in, fd, rc;

	if (link(t->paths.index, t->paths.work) == 0 || errno == ENOENT)
		return 0;
	in = open(t->paths.index, O_RDONLY | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) < 0) {
		rc = errno == ENOENT ? 0 : -1;
		if (in >= 0)
			close_quietly(in);
		return rc;
	}
	fd = open(t->paths.work, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	rc = fd < 0 ? -1 : copy_fd(fd, in);
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	if (rc == 0)
		rc = futimens(fd, times);
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	close_quietly(in);
	return rc;
}

static ino_t inode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

int repo_index_open(struct repo_index_txn *t, struct dlg_err *err)
{
	int rc;

	t->opened = 1;
	unlink(t->paths.work);
	unlink(t->paths.work_lock);
	if (copy_index(t) < 0)
		return err_set(err, 0, 0, "cannot copy the index to %s: %s",
		               repo_display(t->repo, t->paths.work), strerror(errno));
	/* the index of the last lock, unless it was left half edited: read
	 * again only when the file changed (a link to the same index is the
	 * same file), as libgit2 does with the repository's index */
	t->idx = t->repo->work_idx;
	t->repo->work_idx = NULL;
	if (t->idx)
		rc = git_index_read(t->idx, access(t->paths.work, F_OK) < 0);
	else
		rc = git_index_open(&t->idx, t->paths.work);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read the index");
	/* the repository's index while we hold the lock: git_index_add_bypath
	 * and status need an index with an owner */
	git_repository_set_index(t->repo->git, t->idx);
	t->swapped = 1;
	rc = git_index_set_caps(t->idx, GIT_INDEX_CAPABILITY_FROM_OWNER);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read the index's settings");
	t->work_ino = inode_of(t->paths.work);
	return 0;
}

int repo_index_written(const struct repo_index_txn *t)
{
	return inode_of(t->paths.work) != t->work_ino;
}

/* index.lock emptied for what is to be written into it; -1 with errno set
 * (fault point "index-write": as a full disk would). */
static int lock_emptied(struct repo_index_txn *t)
{
	return repo_fault("index-write") || ftruncate(t->fd, 0) < 0 || lseek(t->fd, 0, SEEK_SET) < 0
	           ? -1
	           : 0;
}

/* index.lock written, with digest: made durable and recorded. */
static int lock_filled(struct repo_index_txn *t, int failed, uint64_t digest, struct dlg_err *err)
{
	if (failed || fsync(t->fd) < 0)
		return err_set(err, 0, 0, "cannot write the index into %s: %s",
		               repo_display(t->repo, t->paths.lock), strerror(errno));
	if (fstat(t->fd, &t->st) < 0 || record_write(t, (long long)t->st.st_size) < 0)
		return err_set(err, 0, 0, "cannot write %s: %s",
		               repo_display(t->repo, t->paths.record), strerror(errno));
	/* what the index will be once index.lock is renamed over it (the
	 * rename keeps its inode and times): its digest, from the entries
	 * just written */
	t->repo->written.known = 1;
	t->repo->written.digest = digest;
	t->repo->written.size = (long long)t->st.st_size;
	t->repo->written.mtime_sec = (long long)t->st.st_mtim.tv_sec;
	t->repo->written.mtime_nsec = t->st.st_mtim.tv_nsec;
	t->repo->written.ino = (unsigned long long)t->st.st_ino;
	return 0;
}

int repo_index_fill(struct repo_index_txn *t, struct dlg_err *err)
{
	int in = open(t->paths.work, O_RDONLY | O_CLOEXEC), failed;

	if (in < 0)
		return err_set(err, 0, 0, "cannot read %s back: %s",
		               repo_display(t->repo, t->paths.work), strerror(errno));
	failed = lock_emptied(t) < 0 || copy_fd(t->fd, in) < 0;
	close_quietly(in);
	return lock_filled(t, failed, repo_index_digest_of(t->idx), err);
}

int repo_index_fill_raw(struct repo_index_txn *t, const struct rawidx *x, struct dlg_err *err)
{
	uint64_t digest = 0;
	int failed = lock_emptied(t) < 0 || rawidx_write(x, t->fd, &digest) < 0;

	return lock_filled(t, failed, digest, err);
}

int repo_index_stage(struct repo_index_txn *t, struct dlg_err *err)
{
	int rc;

	errno = 0;
	rc = git_index_write(t->idx);
	if (rc < 0)
		return repo_git_fail_os(err, rc, errno, "cannot write the index to %s",
		                        repo_display(t->repo, t->paths.work));
	return repo_index_fill(t, err);
}

int repo_index_commit(struct repo_index_txn *t, struct dlg_err *err)
{
	if (rename(t->paths.lock, t->paths.index) < 0)
		return err_set(err, 0, 0, "cannot rename %s to %s: %s",
		               repo_display(t->repo, t->paths.lock),
		               repo_display(t->repo, t->paths.index), strerror(errno));
	t->held = 0;
	t->keep = 1; /* what it holds is the index now */
	locks_held--;
	fault_point("index-written");
	record_clear(t);
	return 0;
}

void repo_index_unlock(struct repo_index_txn *t)
{
	if (!t || !t->repo)
		return;
	if (t->swapped)
		git_repository_set_index(t->repo->git, NULL);
	/* kept for the next lock unless it may hold edits never written */
	if (t->keep && !t->repo->work_idx)
		t->repo->work_idx = t->idx;
	else
		git_index_free(t->idx);
	if (t->fd >= 0)
		close(t->fd);
	/* the lock before its record: a record without its lock is harmless */
	if (t->held) {
		unlink(t->paths.lock);
		locks_held--;
		record_clear(t);
	}
	if (t->opened) {
		unlink(t->paths.work);
		unlink(t->paths.work_lock);
	}
	repo_index_paths_release(&t->paths);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
}

void repo_entry_stat(git_index_entry *e, const struct stat *st)
{
	e->ctime.seconds = (int32_t)st->st_ctim.tv_sec;
	e->ctime.nanoseconds = (uint32_t)st->st_ctim.tv_nsec;
	e->mtime.seconds = (int32_t)st->st_mtim.tv_sec;
	e->mtime.nanoseconds = (uint32_t)st->st_mtim.tv_nsec;
	e->dev = (uint32_t)st->st_rdev;
	e->ino = (uint32_t)st->st_ino;
	e->uid = (uint32_t)st->st_uid;
	e->gid = (uint32_t)st->st_gid;
	e->file_size = (uint32_t)st->st_size;
}
