/* task_scan.c: the walk of tasks/ and people/: each folder's entries in
 * git's order, stat'ed (by a few threads at the top), as paths and stamps. */
#include "core/task_scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic.h"

static void stamp_from(struct file_stamp *out, const struct stat *st)
{
	out->size = (long long)st->st_size;
	out->mtime_sec = (long long)st->st_mtim.tv_sec;
	out->mtime_nsec = st->st_mtim.tv_nsec;
	out->ctime_sec = (long long)st->st_ctim.tv_sec;
	out->ctime_nsec = st->st_ctim.tv_nsec;
	out->ino = (unsigned long long)st->st_ino;
}

/* A folder's entries in git's order: by name, a folder's as if it ended in
 * '/' (so "a.md" comes before the folder "a"), as the index sorts paths. */
struct dent {
	char *name;
	int dir; /* d_type says a folder (DT_UNKNOWN: find out) */
	unsigned char type;
};

static int cmp_dent(const void *pa, const void *pb)
{
	const struct dent *a = pa, *b = pb;

	for (size_t i = 0;; i++) {
		int x = a->name[i] ? (unsigned char)a->name[i] : a->dir ? '/' : 0;
		int y = b->name[i] ? (unsigned char)b->name[i] : b->dir ? '/' : 0;

		if (x != y || (!a->name[i] && !b->name[i]))
			return x - y;
		if (!a->name[i] || !b->name[i])
			return a->name[i] ? 1 : -1; /* one ended as a folder: "a/" < "a/x" */
	}
}

static int scan_fd(int dfd, const char *dir, int deep, int parallel, struct scanned *out,
                   struct dlg_err *err);

/* One entry of the folder open as dfd (rel: its path from the root). */
static int scan_entry(int dfd, const char *rel, const struct dent *e, int deep, struct scanned *out,
                      struct dlg_err *err)
{
	struct stat st;
	int sub, ret = 0;

	if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0; /* gone meanwhile */
	if (S_ISLNK(st.st_mode)) {
		diags_add(out->warnings, rel, 0, 0, 1,
		          "a symbolic link; dlg does not follow links");
	} else if (S_ISDIR(st.st_mode) && deep) {
		sub = openat(dfd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			return err_set(err, 0, 0, "%s: cannot read folder: %s", rel,
			               strerror(errno));
		/* a submodule or a repository of its own: never the person's tasks */
		if (fstatat(sub, ".git", &st, AT_SYMLINK_NOFOLLOW) == 0)
			close(sub);
		else
			ret = scan_fd(sub, rel, deep, 0, out, err);
	} else if (S_ISREG(st.st_mode) && ends_with(e->name, ".md")) {
		ALLOC_GROW(out->stamps, out->paths.n + 1, out->alloc);
		stamp_from(&out->stamps[out->paths.n], &st);
		strlist_push(&out->paths, rel);
	}
	return ret;
}

/* The entries of one folder, scanned by several threads: each job is an
 * entry, its results kept apart and joined in order afterwards. Stat calls
 * are most of a walk, and the disk's cache answers them in parallel, as
 * git's preloaded index does. */
struct scan_job {
	const struct dent *e;
	char *rel;
	struct scanned out;
	struct diags warnings;
	struct dlg_err err;
	int ret;
	int done; /* under the pool's lock */
};

struct scan_pool {
	int dfd;
	int deep;
	struct scan_job *jobs;
	size_t n;
	size_t next; /* taken with __atomic_fetch_add */
	pthread_mutex_t lock;
	pthread_cond_t done; /* a job is done */
};

static void *scan_worker(void *arg)
{
	struct scan_pool *pool = arg;

	for (;;) {
		size_t i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED);
		struct scan_job *j;

		if (i >= pool->n)
			return NULL;
		j = &pool->jobs[i];
		j->ret = scan_entry(pool->dfd, j->rel, j->e, pool->deep, &j->out, &j->err);
		pthread_mutex_lock(&pool->lock);
		j->done = 1;
		pthread_cond_broadcast(&pool->done);
		pthread_mutex_unlock(&pool->lock);
	}
}

/* Job i's results onto the end of out, once it is done. */
static int take_job(struct scan_pool *pool, size_t i, struct scanned *out, struct dlg_err *err)
{
	struct scan_job *j = &pool->jobs[i];
	int ret = 0;

	pthread_mutex_lock(&pool->lock);
	while (!j->done)
		pthread_cond_wait(&pool->done, &pool->lock);
	pthread_mutex_unlock(&pool->lock);
	if (j->ret) {
		ret = j->ret;
		err_set(err, 0, 0, "%s", j->err.msg ? j->err.msg : "cannot read a folder");
	}
	for (size_t k = 0; k < j->out.paths.n; k++) {
		ALLOC_GROW(out->stamps, out->paths.n + 1, out->alloc);
		out->stamps[out->paths.n] = j->out.stamps[k];
		strlist_push_nodup(&out->paths, j->out.paths.v[k]);
	}
	for (size_t k = 0; k < j->warnings.n; k++)
		diags_add(out->warnings, j->warnings.v[k].path, j->warnings.v[k].line,
		          j->warnings.v[k].col, 1, "%s", j->warnings.v[k].msg);
	free(j->out.paths.v);
	free(j->out.stamps);
	j->out.paths.v = NULL;
	j->out.paths.n = 0;
	j->out.stamps = NULL;
	diags_clear(&j->warnings);
	err_clear(&j->err);
	return ret;
}

#define SCAN_THREADS_MAX 4

static int scan_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 2 ? 1 : n > SCAN_THREADS_MAX ? SCAN_THREADS_MAX : (int)n;
}

/* With out->found, this thread only hands the jobs' results over, in
 * order, as they are done: what the caller makes of the tasks is done
 * while the other threads walk on. */
static int scan_parallel(int dfd, const char *dir, const struct dent *v, size_t n, int deep,
                         struct scanned *out, struct dlg_err *err)
{
	struct scan_pool pool = { dfd,
		                  deep,
		                  xcalloc(n + 1, sizeof(struct scan_job)),
		                  n,
		                  0,
		                  PTHREAD_MUTEX_INITIALIZER,
		                  PTHREAD_COND_INITIALIZER };
	pthread_t th[SCAN_THREADS_MAX];
	int nth = scan_threads(), started = 0, ret = 0;

	for (size_t i = 0; i < n; i++) {
		struct scan_job *j = &pool.jobs[i];

		j->e = &v[i];
		j->rel = xstrfmt("%s/%s", dir, v[i].name);
		j->out.flags = out->flags;
		j->out.warnings = &j->warnings;
	}
	for (int k = out->found ? 0 : 1; k < nth; k++)
		if (pthread_create(&th[started], NULL, scan_worker, &pool) == 0)
			started++;
	if (!out->found || !started)
		scan_worker(&pool);
	for (size_t i = 0; i < n; i++) {
		size_t before = out->paths.n;
		int rc = take_job(&pool, i, out, ret ? NULL : err);

		ret = ret ? ret : rc;
		if (!ret && out->found && out->paths.n > before)
			ret = out->found(out, out->found_arg, err);
		if (ret && out->found) {
			/* stopped: no job more is started, and none is waited for */
			__atomic_store_n(&pool.next, n, __ATOMIC_RELAXED);
			break;
		}
	}
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	for (size_t i = 0; i < n; i++) {
		struct scan_job *j = &pool.jobs[i];

		/* what a stopped walk did not take */
		strlist_clear(&j->out.paths);
		free(j->out.stamps);
		diags_clear(&j->warnings);
		err_clear(&j->err);
		free(j->rel);
	}
	free(pool.jobs);
	return ret;
}

/* Scan the folder open as dfd (closed here), dir its path from the root. */
static int scan_fd(int dfd, const char *dir, int deep, int parallel, struct scanned *out,
                   struct dlg_err *err)
{
	struct strbuf rel = STRBUF_INIT;
	struct dent *v = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	DIR *d = fdopendir(dfd);
	int ret = 0;

	if (!d) {
		close(dfd);
		return err_set(err, 0, 0, "%s: cannot read folder: %s", dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.') {
			/* left by a sync that was killed */
			if ((out->flags & TASKSET_CLEAN_TEMP) && atomic_is_temp(de->d_name))
				unlinkat(dirfd(d), de->d_name, 0);
			continue;
		}
		ALLOC_GROW(v, n + 1, alloc);
		v[n].name = xstrdup(de->d_name);
		v[n].type = de->d_type;
		v[n].dir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) {
			struct stat st;

			v[n].dir = fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			           S_ISDIR(st.st_mode);
		}
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_dent);
	if (parallel && n >= 16 && scan_threads() > 1) {
		struct dent *w = xcalloc(n + 1, sizeof(*w));
		size_t m = 0;

		for (size_t i = 0; i < n; i++)
			if (v[i].dir || ends_with(v[i].name, ".md") || v[i].type == DT_UNKNOWN ||
			    v[i].type == DT_LNK)
				w[m++] = v[i];
		ret = scan_parallel(dirfd(d), dir, w, m, deep, out, err);
		free(w);
		goto done;
	}
	strbuf_addstr(&rel, dir);
	strbuf_addch(&rel, '/');
	for (size_t i = 0, base = rel.len; i < n && !ret; i++) {
		strbuf_setlen(&rel, base);
		strbuf_addstr(&rel, v[i].name);
		if (!v[i].dir && !ends_with(v[i].name, ".md") && v[i].type != DT_UNKNOWN &&
		    v[i].type != DT_LNK)
			continue; /* not a task file: no need to look closer */
		ret = scan_entry(dirfd(d), rel.buf, &v[i], deep, out, err);
	}
done:
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	strbuf_release(&rel);
	closedir(d);
	return ret;
}

int scan_dir(const char *root, const char *dir, int deep, struct scanned *out, struct dlg_err *err)
{
	struct strbuf full = STRBUF_INIT;
	struct stat st;
	int dfd, ret = 0;

	strbuf_addf(&full, "%s/%s", root, dir);
	if (lstat(full.buf, &st) < 0) {
		if (errno != ENOENT)
			ret =
			    err_set(err, 0, 0, "%s: cannot read folder: %s", dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		diags_add(out->warnings, dir, 0, 0, 1,
		          S_ISLNK(st.st_mode) ? "a symbolic link; dlg does not follow links"
		                              : "not a folder; dlg reads nothing in it");
		goto out;
	}
	dfd = open(full.buf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			ret =
			    err_set(err, 0, 0, "%s: cannot read folder: %s", dir, strerror(errno));
		goto out;
	}
	ret = scan_fd(dfd, dir, deep, deep, out, err);
out:
	strbuf_release(&full);
	return ret;
}

int file_stamp_of(struct file_stamp *out, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -1;
	stamp_from(out, &st);
	return 0;
}
