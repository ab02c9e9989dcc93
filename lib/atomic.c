/* atomic.c: atomic, durable file replacement that never overwrites a file
 * that changed since it was read. */
#define _GNU_SOURCE /* syncfs */
#include "lib/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fault.h"

/* Up to this many files are fsynced one by one; more get one syncfs. */
#define SYNC_EACH 8

unsigned long long hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned long long h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

#define TEMP_SUFFIX ".dlg-XXXXXX"

/* ".NAME.dlg-XXXXXX", or ".dlg-XXXXXX" when that would be too long a name. */
static char *temp_template(const char *path)
{
	char *dir = dir_of(path), *tmp;
	const char *base = base_of(path);

	if (1 + strlen(base) + strlen(TEMP_SUFFIX) <= NAME_MAX)
		tmp = xstrfmt("%s/.%s" TEMP_SUFFIX, dir, base);
	else
		tmp = xstrfmt("%s/" TEMP_SUFFIX, dir);
	free(dir);
	return tmp;
}

int atomic_is_temp(const char *name)
{
	size_t n = strlen(name), k = strlen(TEMP_SUFFIX);

	if (name[0] != '.' || n < k)
		return 0;
	if (strncmp(name + n - k, TEMP_SUFFIX, k - 6))
		return 0;
	for (size_t i = n - 6; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

static mode_t mode_for(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

static int fail(struct atomic_file *f, const char *what)
{
	free(f->error);
	f->error = xstrfmt("%s: %s", what, strerror(errno));
	f->state = ATOMIC_FAILED;
	if (f->tmp) {
		unlink(f->tmp);
		free(f->tmp);
		f->tmp = NULL;
	}
	return -1;
}

int atomic_batch_add(struct atomic_batch *b, const char *path, const void *data, size_t len,
                     const struct atomic_expect *expect)
{
	struct atomic_file *f;
	int fd;

	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	f = &b->v[b->n++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	if (expect) {
		f->has_expect = 1;
		f->expect = *expect;
	}
	f->tmp = temp_template(path);
	fd = fault_point("tempfile") ? (errno = EACCES, -1) : mkstemp(f->tmp);
	if (fd < 0)
		return fail(f, "cannot create a temporary file");
	if ((fault_point("write") ? (errno = ENOSPC, -1) : write_all(fd, data, len)) < 0 ||
	    fchmod(fd, mode_for(path)) < 0) {
		close(fd);
		return fail(f, "cannot write");
	}
	if (b->synced < SYNC_EACH) {
		if (fsync(fd) < 0) {
			close(fd);
			return fail(f, "cannot write");
		}
		b->synced++;
	}
	if (close(fd) < 0)
		return fail(f, "cannot write");
	return 0;
}

/* Whether the file at path still holds what f expects. */
static int still_as_read(const struct atomic_file *f)
{
	struct strbuf now = STRBUF_INIT;
	struct stat st;
	int same;

	if (!f->has_expect)
		return 1;
	if (lstat(f->path, &st) < 0)
		return errno == ENOENT && !f->expect.exists;
	if (!S_ISREG(st.st_mode) || !f->expect.exists || (size_t)st.st_size != f->expect.len)
		return 0;
	if (strbuf_read_file(&now, f->path) < 0)
		return 0;
	same = now.len == f->expect.len && hash_bytes(now.buf, now.len) == f->expect.hash;
	strbuf_release(&now);
	return same;
}

/* Put tmp at path only where no file is: a file made there meanwhile is
 * never replaced (EEXIST). renameat2 where the file system has it, else a
 * hard link, which fails the same way. */
static int rename_noreplace(const char *tmp, const char *path)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	if (link(tmp, path) < 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* The folder of path, resolved, is within b->within. */
static int inside(const struct atomic_batch *b, const char *path)
{
	char *dir, *real;
	size_t n;
	int ok;

	if (!b->within)
		return 1;
	dir = dir_of(path);
	real = realpath(dir, NULL);
	n = strlen(b->within);
	ok = real && !strncmp(real, b->within, n) && (real[n] == '/' || real[n] == '\0');
	free(real);
	free(dir);
	return ok;
}

static void sync_dirs(const struct atomic_batch *b)
{
	struct strlist dirs = STRLIST_INIT;

	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].state == ATOMIC_DONE)
			strlist_push_nodup(&dirs, dir_of(b->v[i].path));
	strlist_sort(&dirs);
	for (size_t i = 0; i < dirs.n; i++) {
		int dfd;

		if (i && !strcmp(dirs.v[i], dirs.v[i - 1]))
			continue;
		dfd = open(dirs.v[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	strlist_clear(&dirs);
}

int atomic_batch_commit(struct atomic_batch *b, struct dlg_err *err)
{
	int left = 0;

	/* the files past the first few were not synced one by one */
	if (b->synced < b->n) {
		const char *any = NULL;
		int fd;

		for (size_t i = 0; i < b->n && !any; i++)
			any = b->v[i].tmp;
		fd = any ? open(any, O_RDONLY | O_CLOEXEC) : -1;
		if (any && (fd < 0 || syncfs(fd) < 0)) {
			err_set(err, 0, 0, "cannot sync the files written: %s", strerror(errno));
			if (fd >= 0)
				close(fd);
			for (size_t i = 0; i < b->n; i++)
				if (b->v[i].tmp)
					fail(&b->v[i], "cannot sync");
			return -1;
		}
		if (fd >= 0)
			close(fd);
	}
	for (size_t i = 0; i < b->n; i++) {
		struct atomic_file *f = &b->v[i];

		if (f->state != ATOMIC_PENDING) {
			left++;
			continue;
		}
		fault_point("before-rename");
		if (!inside(b, f->path)) {
			errno = EXDEV;
			fail(f, "would write outside the work tree");
			left++;
			continue;
		}
		if (!still_as_read(f)) {
			unlink(f->tmp);
			free(f->tmp);
			f->tmp = NULL;
			f->state = ATOMIC_CHANGED;
			left++;
			continue;
		}
		if (f->has_expect && !f->expect.exists ? rename_noreplace(f->tmp, f->path) < 0
		                                       : rename(f->tmp, f->path) < 0) {
			if (errno == EEXIST) {
				/* made meanwhile: it stays, as a changed file does */
				unlink(f->tmp);
				free(f->tmp);
				f->tmp = NULL;
				f->state = ATOMIC_CHANGED;
			} else {
				fail(f, "cannot replace");
			}
			left++;
			continue;
		}
		free(f->tmp);
		f->tmp = NULL;
		f->state = ATOMIC_DONE;
		fault_point("after-rename");
	}
	sync_dirs(b);
	return left;
}

void atomic_batch_clear(struct atomic_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->v[i].tmp)
			unlink(b->v[i].tmp);
		free(b->v[i].tmp);
		free(b->v[i].path);
		free(b->v[i].error);
	}
	free(b->v);
	free(b->within);
	memset(b, 0, sizeof(*b));
}

int file_write_atomic(const char *path, const void *data, size_t len, struct dlg_err *err)
{
	struct atomic_batch b = ATOMIC_BATCH_INIT;
	int ret = 0;

	if (atomic_batch_add(&b, path, data, len, NULL) < 0 || atomic_batch_commit(&b, err) != 0) {
		if (b.n && b.v[0].error)
			err_set(err, 0, 0, "%s: %s", path, b.v[0].error);
		else if (!err || !err->msg)
			err_set(err, 0, 0, "%s: cannot write", path);
		ret = DLG_ERROR;
	}
	atomic_batch_clear(&b);
	return ret;
}
