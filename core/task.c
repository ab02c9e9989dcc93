/* task.c: find, load and save the task and person files of a repository. */
#define _GNU_SOURCE /* syncfs */
#include "core/task.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/markdown.h"

char *task_id_from_path(const char *path)
{
	size_t len = strlen(path);

	if (!starts_with(path, "tasks/") || len <= 6 + 3 || !ends_with(path, ".md"))
		return NULL;
	return xstrndup(path + 6, len - 6 - 3);
}

/* Read a file into a parsed document; sets valid/err for bad content. */
static int load_doc(const char *root, const char *path, struct fm_doc **doc, int *valid,
                    struct dlg_err *why, struct dlg_err *err)
{
	struct strbuf full = STRBUF_INIT, data = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&full, "%s/%s", root, path);
	if (strbuf_read_file(&data, full.buf) < 0) {
		ret = err_set(err, 0, 0, "%s: cannot read: %s", path, strerror(errno));
		goto out;
	}
	if (memchr(data.buf, '\0', data.len)) {
		err_set(why, 1, 1, "not a text file (it holds a NUL byte)");
		*valid = 0;
		goto out;
	}
	*valid = !fm_parse(doc, data.buf, data.len, why);
out:
	strbuf_release(&full);
	strbuf_release(&data);
	return ret;
}

static char *field_text(const struct fields *f, const char *key)
{
	const struct value *v = fields_get(f, key);
	struct strbuf sb = STRBUF_INIT;

	if (!v || v->type == VALUE_UNKNOWN || v->type == VALUE_LIST || v->type == VALUE_MAP)
		return NULL;
	value_format(&sb, v);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Title from a field, else the body's first heading, else the id. */
static char *read_title(const struct fm_doc *doc, const struct fields *f, const char *key,
                        const char *id, unsigned flags, int *done, int *total)
{
	char *title = field_text(f, key);
	struct md_info info = MD_INFO_INIT;
	size_t len;
	const char *bytes;

	if (!(flags & TASKSET_BODY) && title)
		return title;
	if (flags & TASKSET_BODY) {
		bytes = fm_bytes(doc, &len);
		md_scan(&info, bytes + fm_body_offset(doc), len - fm_body_offset(doc));
		if (done) {
			*done = info.checks_done;
			*total = info.checks_total;
		}
		if (!title && info.title) {
			title = info.title;
			info.title = NULL;
		}
		md_info_release(&info);
	}
	return title ? title : xstrdup(id);
}

int task_load(struct task *t, const char *root, const char *path, unsigned flags,
              struct dlg_err *err)
{
	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->id = task_id_from_path(path);
	if (!t->id)
		t->id = xstrdup(path);
	if (load_doc(root, path, &t->doc, &t->valid, &t->err, err))
		return DLG_ERROR;
	if (!t->valid) {
		t->title = xstrdup(t->id);
		return 0;
	}
	fm_fields(t->doc, &t->fields);
	t->title = read_title(t->doc, &t->fields, "title", t->id, flags, &t->checks_done,
	                      &t->checks_total);
	if (flags & TASKSET_NO_DOC) {
		fm_free(t->doc);
		t->doc = NULL;
	}
	return 0;
}

void task_release(struct task *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->path);
	fm_free(t->doc);
	fields_clear(&t->fields);
	err_clear(&t->err);
	free(t->title);
	memset(t, 0, sizeof(*t));
}

int person_load(struct person *p, const char *root, const char *path, unsigned flags,
                struct dlg_err *err)
{
	const char *base = strrchr(path, '/');

	memset(p, 0, sizeof(*p));
	base = base ? base + 1 : path;
	p->path = xstrdup(path);
	p->id = xstrndup(base, ends_with(base, ".md") ? strlen(base) - 3 : strlen(base));
	if (load_doc(root, path, &p->doc, &p->valid, &p->err, err))
		return DLG_ERROR;
	if (!p->valid) {
		p->name = xstrdup(p->id);
		return 0;
	}
	fm_fields(p->doc, &p->fields);
	p->name = read_title(p->doc, &p->fields, "name", p->id, flags, NULL, NULL);
	return 0;
}

void person_release(struct person *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->path);
	fm_free(p->doc);
	fields_clear(&p->fields);
	err_clear(&p->err);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

/* Collect the .md files under root/dir (recursively when deep) as paths
 * relative to root. Dot files and folders are skipped, as git users expect
 * of editor swap files and the like. A missing folder is not an error. */
struct scanned {
	struct strlist paths;
	struct file_stamp *stamps; /* parallel to paths */
	size_t alloc;
};

static void stamp_from(struct file_stamp *out, const struct stat *st)
{
	out->size = (long long)st->st_size;
	out->mtime_sec = (long long)st->st_mtim.tv_sec;
	out->mtime_nsec = st->st_mtim.tv_nsec;
	out->ino = (unsigned long long)st->st_ino;
}

static int scan_dir(const char *root, const char *dir, int deep, struct scanned *out,
                    struct dlg_err *err)
{
	struct strbuf full = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	strbuf_addf(&full, "%s/%s", root, dir);
	d = opendir(full.buf);
	if (!d) {
		if (errno != ENOENT && errno != ENOTDIR)
			ret =
			    err_set(err, 0, 0, "%s: cannot read folder: %s", dir, strerror(errno));
		strbuf_release(&full);
		return ret;
	}
	while (!ret && (de = readdir(d))) {
		char *rel;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		rel = xstrfmt("%s/%s", dir, de->d_name);
		strbuf_reset(&full);
		strbuf_addf(&full, "%s/%s", root, rel);
		if (lstat(full.buf, &st) < 0) {
			free(rel);
			continue;
		}
		if (S_ISDIR(st.st_mode) && deep)
			ret = scan_dir(root, rel, deep, out, err);
		else if (S_ISREG(st.st_mode) && ends_with(de->d_name, ".md")) {
			ALLOC_GROW(out->stamps, out->paths.n + 1, out->alloc);
			stamp_from(&out->stamps[out->paths.n], &st);
			strlist_push_nodup(&out->paths, rel);
			rel = NULL;
		}
		free(rel);
	}
	closedir(d);
	strbuf_release(&full);
	return ret;
}

static int cmp_task(const void *a, const void *b)
{
	return strcmp(((const struct task *)a)->id, ((const struct task *)b)->id);
}

static int cmp_person(const void *a, const void *b)
{
	return strcmp(((const struct person *)a)->id, ((const struct person *)b)->id);
}

int file_stamp_of(struct file_stamp *out, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -1;
	stamp_from(out, &st);
	return 0;
}

int taskset_load(struct taskset *ts, const char *root, unsigned flags, struct dlg_err *err)
{
	return taskset_load_skipping(ts, root, flags, NULL, NULL, err);
}

int taskset_load_skipping(struct taskset *ts, const char *root, unsigned flags,
                          taskset_skip_fn skip, void *payload, struct dlg_err *err)
{
	struct scanned tasks, people;
	int ret;

	memset(ts, 0, sizeof(*ts));
	memset(&tasks, 0, sizeof(tasks));
	memset(&people, 0, sizeof(people));
	ts->root = xstrdup(root);
	ret = scan_dir(root, "tasks", 1, &tasks, err);
	if (!ret)
		ret = scan_dir(root, "people", 0, &people, err);
	if (ret)
		goto out;
	ts->tasks = xcalloc(tasks.paths.n, sizeof(*ts->tasks));
	for (size_t i = 0; i < tasks.paths.n && !ret; i++) {
		if (skip && skip(tasks.paths.v[i], &tasks.stamps[i], payload)) {
			strlist_push(&ts->skipped, tasks.paths.v[i]);
			continue;
		}
		ret = task_load(&ts->tasks[ts->ntasks], root, tasks.paths.v[i], flags, err);
		if (!ret)
			ts->tasks[ts->ntasks++].stamp = tasks.stamps[i];
	}
	ts->people = xcalloc(people.paths.n, sizeof(*ts->people));
	for (size_t i = 0; i < people.paths.n && !ret; i++) {
		ret = person_load(&ts->people[ts->npeople], root, people.paths.v[i], flags, err);
		if (!ret)
			ts->npeople++;
	}
	qsort(ts->tasks, ts->ntasks, sizeof(*ts->tasks), cmp_task);
	strlist_sort(&ts->skipped);
	qsort(ts->people, ts->npeople, sizeof(*ts->people), cmp_person);
	ts->pinfo = xcalloc(ts->npeople, sizeof(*ts->pinfo));
	for (size_t i = 0; i < ts->npeople; i++) {
		ts->pinfo[i].id = ts->people[i].id;
		ts->pinfo[i].fields = &ts->people[i].fields;
	}
out:
	strlist_clear(&tasks.paths);
	strlist_clear(&people.paths);
	free(tasks.stamps);
	free(people.stamps);
	return ret;
}

void taskset_release(struct taskset *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->ntasks; i++)
		task_release(&ts->tasks[i]);
	for (size_t i = 0; i < ts->npeople; i++)
		person_release(&ts->people[i]);
	free(ts->tasks);
	free(ts->people);
	free(ts->pinfo);
	free(ts->root);
	strlist_clear(&ts->skipped);
	memset(ts, 0, sizeof(*ts));
}

struct task *taskset_find(struct taskset *ts, const char *id)
{
	struct task key;

	memset(&key, 0, sizeof(key));
	key.id = (char *)id;
	return ts->ntasks ? bsearch(&key, ts->tasks, ts->ntasks, sizeof(key), cmp_task) : NULL;
}

struct person *taskset_person(struct taskset *ts, const char *id)
{
	struct person key;

	memset(&key, 0, sizeof(key));
	key.id = (char *)id;
	return ts->npeople ? bsearch(&key, ts->people, ts->npeople, sizeof(key), cmp_person) : NULL;
}

void taskset_task_ids(const struct taskset *ts, struct strlist *out)
{
	for (size_t i = 0; i < ts->ntasks; i++)
		strlist_push(out, ts->tasks[i].id);
}

void taskset_person_ids(const struct taskset *ts, struct strlist *out)
{
	for (size_t i = 0; i < ts->npeople; i++)
		strlist_push(out, ts->people[i].id);
}

struct people_info taskset_people_info(const struct taskset *ts)
{
	struct people_info pi;

	pi.v = ts->pinfo;
	pi.n = ts->npeople;
	return pi;
}

int task_apply(struct task *t, const struct fields *changes, struct dlg_err *err)
{
	size_t before_len, now_len;
	const char *bytes;
	char *before;
	int ret = 0;

	if (!t->doc)
		return err_set(err, 0, 0, "%s: cannot change an invalid file", t->path);
	bytes = fm_bytes(t->doc, &before_len);
	before = xstrndup(bytes, before_len);
	for (size_t i = 0; i < changes->n && !ret; i++) {
		ret = fm_set(t->doc, changes->v[i].key, &changes->v[i].val, err);
		if (ret)
			err_prefix(err, "%s", t->path);
	}
	if (ret) {
		/* all or nothing: put the file's bytes back as they were */
		fm_free(t->doc);
		if (fm_parse(&t->doc, before, before_len, NULL))
			die("%s: could not restore after a failed edit", t->path);
	}
	bytes = fm_bytes(t->doc, &now_len);
	t->dirty |= now_len != before_len || memcmp(bytes, before, now_len);
	fm_fields(t->doc, &t->fields);
	free(before);
	return ret;
}

int task_save(struct task *t, const char *root, int *written, struct dlg_err *err)
{
	struct strbuf full = STRBUF_INIT;
	const char *bytes;
	size_t len;
	int ret = 0;

	*written = 0;
	if (!t->dirty || !t->doc)
		return 0;
	bytes = fm_bytes(t->doc, &len);
	strbuf_addf(&full, "%s/%s", root, t->path);
	ret = file_write_atomic(full.buf, bytes, len, err);
	if (!ret) {
		*written = 1;
		t->dirty = 0;
	}
	strbuf_release(&full);
	return ret;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

int atomic_batch_add(struct atomic_batch *b, const char *path, const void *data, size_t len,
                     struct dlg_err *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = dir_of(path);
	char *tmp = xstrfmt("%s/.%s.dlg-XXXXXX", dir, slash ? slash + 1 : path);
	struct stat st;
	mode_t mode;
	int fd;

	free(dir);
	if (stat(path, &st) == 0) {
		mode = st.st_mode & 07777;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err_set(err, 0, 0, "%s: cannot create a temporary file: %s", path, strerror(errno));
		free(tmp);
		return DLG_ERROR;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0) {
		err_set(err, 0, 0, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return DLG_ERROR;
	}
	/* a few files: fsync each now; many: one syncfs at commit */
	if (b->paths.n < 8 && fsync(fd) < 0) {
		err_set(err, 0, 0, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return DLG_ERROR;
	}
	if (b->paths.n == 8 && syncfs(fd) < 0) {
		err_set(err, 0, 0, "%s: cannot sync: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return DLG_ERROR;
	}
	close(fd);
	strlist_push(&b->paths, path);
	strlist_push_nodup(&b->tmps, tmp);
	return 0;
}

static int sync_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		return -1;
	fsync(dfd);
	close(dfd);
	return 0;
}

int atomic_batch_commit(struct atomic_batch *b, struct dlg_err *err)
{
	struct strlist dirs = STRLIST_INIT;
	int ret = 0;

	/* files 9 and on were not synced one by one: sync them all at once */
	if (b->paths.n > 8) {
		int fd = open(b->tmps.v[b->paths.n - 1], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || syncfs(fd) < 0) {
			ret = err_set(err, 0, 0, "cannot sync the files written: %s",
			              strerror(errno));
			if (fd >= 0)
				close(fd);
			atomic_batch_abort(b);
			return ret;
		}
		close(fd);
	}
	for (size_t i = 0; i < b->paths.n; i++) {
		char *dir;

		if (!b->tmps.v[i])
			continue;
		if (!ret && rename(b->tmps.v[i], b->paths.v[i]) < 0)
			ret = err_set(err, 0, 0, "%s: cannot replace: %s", b->paths.v[i],
			              strerror(errno));
		if (ret) {
			unlink(b->tmps.v[i]);
			continue;
		}
		dir = dir_of(b->paths.v[i]);
		if (!dirs.n || strcmp(dirs.v[dirs.n - 1], dir))
			strlist_push(&dirs, dir);
		free(dir);
	}
	strlist_sort(&dirs);
	for (size_t i = 0; i < dirs.n; i++)
		if (!i || strcmp(dirs.v[i], dirs.v[i - 1]))
			sync_dir(dirs.v[i]);
	strlist_clear(&dirs);
	strlist_clear(&b->paths);
	strlist_clear(&b->tmps);
	return ret;
}

void atomic_batch_abort(struct atomic_batch *b)
{
	for (size_t i = 0; i < b->tmps.n; i++)
		unlink(b->tmps.v[i]);
	strlist_clear(&b->paths);
	strlist_clear(&b->tmps);
}

int file_write_atomic(const char *path, const void *data, size_t len, struct dlg_err *err)
{
	struct atomic_batch b = ATOMIC_BATCH_INIT;

	if (atomic_batch_add(&b, path, data, len, err)) {
		atomic_batch_abort(&b);
		return DLG_ERROR;
	}
	return atomic_batch_commit(&b, err);
}

int taskset_save(struct taskset *ts, struct strlist *written, struct dlg_err *err)
{
	struct atomic_batch b = ATOMIC_BATCH_INIT;
	struct strbuf full = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < ts->ntasks && !ret; i++) {
		struct task *t = &ts->tasks[i];
		const char *bytes;
		size_t len;

		if (!t->dirty || !t->doc)
			continue;
		bytes = fm_bytes(t->doc, &len);
		strbuf_reset(&full);
		strbuf_addf(&full, "%s/%s", ts->root, t->path);
		ret = atomic_batch_add(&b, full.buf, bytes, len, err);
	}
	if (ret) {
		atomic_batch_abort(&b);
	} else {
		ret = atomic_batch_commit(&b, err);
		for (size_t i = 0; i < ts->ntasks && !ret; i++) {
			if (ts->tasks[i].dirty && ts->tasks[i].doc) {
				ts->tasks[i].dirty = 0;
				strlist_push(written, ts->tasks[i].path);
			}
		}
	}
	strbuf_release(&full);
	return ret;
}
