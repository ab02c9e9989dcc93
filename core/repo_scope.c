/* repo_scope.c: the paths dlg leaves alone although their names are
 * managed: skip-worktree entries, gitlinks, and whatever is inside a
 * submodule, a nested repository or a symlinked folder. */
#include "core/repo_priv.h"

#include "lib/atomic.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void repo_scope_init(struct repo_scope *s, struct repo *repo, git_index *idx)
{
	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->idx[0] = idx;
}

void repo_scope_add_index(struct repo_scope *s, git_index *idx)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(s->idx); i++) {
		if (!s->idx[i]) {
			s->idx[i] = idx;
			return;
		}
	}
}

void repo_scope_release(struct repo_scope *s)
{
	if (!s)
		return;
	strset_clear(&s->outside);
	strset_clear(&s->inside);
	memset(s, 0, sizeof(*s));
}

static const git_index_entry *entry_at(git_index *idx, const char *path)
{
	const git_index_entry *e = idx ? git_index_get_bypath(idx, path, 0) : NULL;

	git_error_clear();
	return e;
}

/* Whether the folder dir (a prefix of a managed path) is one dlg must not
 * manage anything in: a gitlink in an index, a folder holding .git, or a
 * symbolic link (lstat on a path below follows it). */
static int folder_fenced(struct repo_scope *s, const char *dir)
{
	struct stat st;
	char *full;
	size_t i;
	int fenced = 0;

	for (i = 0; i < ARRAY_SIZE(s->idx) && !fenced; i++) {
		const git_index_entry *e = entry_at(s->idx[i], dir);

		fenced = e && S_ISGITLINK(e->mode);
	}
	if (!fenced) {
		full = xstrfmt("%s%s", s->repo->workdir, dir);
		fenced = lstat(full, &st) == 0 && !S_ISDIR(st.st_mode);
		free(full);
	}
	if (!fenced) {
		full = xstrfmt("%s%s/.git", s->repo->workdir, dir);
		fenced = lstat(full, &st) == 0;
		free(full);
	}
	return fenced;
}

int repo_scope_skips(struct repo_scope *s, const char *path)
{
	const char *slash;
	size_t i;
	int skip = 0;

	for (i = 0; i < ARRAY_SIZE(s->idx) && !skip; i++) {
		const git_index_entry *e = entry_at(s->idx[i], path);

		skip = e && (S_ISGITLINK(e->mode) ||
		             (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE));
	}
	/* each folder from the top down; the work tree's top holds .git */
	for (slash = strchr(path, '/'); slash && !skip; slash = strchr(slash + 1, '/')) {
		char *dir = xstrndup(path, (size_t)(slash - path));

		if (strset_has(&s->inside, dir))
			skip = 1;
		else if (!strset_has(&s->outside, dir)) {
			skip = folder_fenced(s, dir);
			strset_add(skip ? &s->inside : &s->outside, dir);
		}
		free(dir);
	}
	return skip;
}

int repo_excluded_paths(struct strlist *out, struct repo *repo, struct dlg_err *err)
{
	struct repo_scope scope;
	git_index *idx = NULL;
	size_t i, n;
	int rc;

	rc = git_repository_index(&idx, repo->git);
	if (rc == 0)
		rc = git_index_read(idx, 0);
	if (rc < 0) {
		git_index_free(idx);
		return repo_git_fail(err, rc, "cannot read the index");
	}
	repo_scope_init(&scope, repo, idx);
	n = git_index_entrycount(idx);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);

		if (git_index_entry_stage(e) != 0)
			continue;
		if (S_ISGITLINK(e->mode)
		        ? (starts_with(e->path, "tasks/") || starts_with(e->path, "people/"))
		        : repo_path_is_managed(e->path) && repo_scope_skips(&scope, e->path))
			strlist_push(out, e->path);
	}
	repo_scope_release(&scope);
	git_index_free(idx);
	strlist_sort(out);
	return 0;
}
