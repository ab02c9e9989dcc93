/* journal.c: the journal of an interrupted sync, written and read back. */
#include "core/journal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic.h"

#define JOURNAL_MAGIC "dlg-journal 1"

void journal_add(struct journal *j, const char *path, const void *data, size_t len, unsigned kinds,
                 const char *lines)
{
	journal_add_hashed(j, path, hash_bytes(data, len), len, kinds, lines);
}

/* The next entry, its strings still to set. */
static struct journal_file *next_file(struct journal *j, unsigned long long hash, size_t len,
                                      unsigned kinds)
{
	struct journal_file *f;

	ALLOC_GROW(j->v, j->n + 1, j->alloc);
	f = &j->v[j->n++];
	f->hash = hash;
	f->len = len;
	f->kinds = kinds;
	return f;
}

void journal_add_hashed(struct journal *j, const char *path, unsigned long long hash, size_t len,
                        unsigned kinds, const char *lines)
{
	struct journal_file *f = next_file(j, hash, len, kinds);

	f->path = xstrdup(path);
	f->lines = xstrdup(lines ? lines : "");
}

void journal_lend(struct journal *j, const char *path, unsigned long long hash, size_t len,
                  unsigned kinds, const char *lines)
{
	struct journal_file *f = next_file(j, hash, len, kinds);

	j->borrowed = 1;
	f->path = (char *)path;
	f->lines = (char *)(lines ? lines : "");
}

int journal_write(const struct journal *j, const char *file, struct dlg_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	size_t size;
	int ret;

	if (slash) {
		*slash = '\0';
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			ret = err_set(err, 0, 0, "cannot make %s: %s", dir, strerror(errno));
			free(dir);
			return ret;
		}
	}
	free(dir);
	/* at its size, once: at 100,000 files it is megabytes */
	size = 64;
	for (size_t i = 0; i < j->n; i++)
		size += 100 + strlen(j->v[i].path) + strlen(j->v[i].lines);
	strbuf_grow(&sb, size);
	strbuf_addf(&sb, "%s %d\n", JOURNAL_MAGIC, j->today);
	for (size_t i = 0; i < j->n; i++) {
		const struct journal_file *f = &j->v[i];

		strbuf_addf(&sb, "file %016llx %zu %u %zu %zu\n", f->hash, f->len, f->kinds,
		            strlen(f->path), strlen(f->lines));
		strbuf_addf(&sb, "%s\n%s\n", f->path, f->lines);
	}
	strbuf_addstr(&sb, "end\n");
	ret = file_write_atomic(file, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}

/* Take n bytes at *p followed by a newline. */
static char *take(const char **p, const char *end, size_t n)
{
	char *s;

	if ((size_t)(end - *p) < n + 1 || (*p)[n] != '\n')
		return NULL;
	s = xstrndup(*p, n);
	*p += n + 1;
	return s;
}

static int parse(struct journal *j, const char *p, const char *end)
{
	int used;

	if (sscanf(p, JOURNAL_MAGIC " %d\n%n", &j->today, &used) != 1 || used <= 0)
		return -1;
	p += used;
	while (p < end) {
		struct journal_file f;
		size_t plen, llen;

		if (!strncmp(p, "end\n", 4) && p + 4 == end)
			return 0;
		memset(&f, 0, sizeof(f));
		used = 0;
		if (sscanf(p, "file %llx %zu %u %zu %zu\n%n", &f.hash, &f.len, &f.kinds, &plen,
		           &llen, &used) != 5 ||
		    used <= 0)
			return -1;
		p += used;
		f.path = take(&p, end, plen);
		f.lines = f.path ? take(&p, end, llen) : NULL;
		if (!f.lines) {
			free(f.path);
			return -1;
		}
		ALLOC_GROW(j->v, j->n + 1, j->alloc);
		j->v[j->n++] = f;
	}
	return -1; /* no end line: cut short */
}

int journal_read(struct journal *j, const char *file, struct dlg_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	memset(j, 0, sizeof(*j));
	if (strbuf_read_file(&sb, file) < 0) {
		ret = errno == ENOENT
		          ? DLG_ENOTFOUND
		          : err_set(err, 0, 0, "%s: cannot read: %s", file, strerror(errno));
		goto out;
	}
	if (memchr(sb.buf, '\0', sb.len) || parse(j, sb.buf, sb.buf + sb.len)) {
		journal_release(j);
		err_set(err, 0, 0, "%s: cut short or garbled", file);
		ret = DLG_EINVALID;
	}
out:
	strbuf_release(&sb);
	return ret;
}

int journal_remove(const char *file, struct dlg_err *err)
{
	if (unlink(file) < 0 && errno != ENOENT)
		return err_set(err, 0, 0, "%s: cannot remove: %s", file, strerror(errno));
	return 0;
}

void journal_release(struct journal *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n && !j->borrowed; i++) {
		free(j->v[i].path);
		free(j->v[i].lines);
	}
	free(j->v);
	memset(j, 0, sizeof(*j));
}
