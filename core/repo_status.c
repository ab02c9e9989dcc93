/* repo_status.c: which paths dlg manages, and which of them changed. */
#include "core/repo_priv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* path ends in ".md" after at least one character of its last component. */
static int is_md(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && !strcmp(name + n - 3, ".md") && name[n - 4] != '/';
}

int repo_path_is_managed(const char *path)
{
	if (!strcmp(path, "dlg.ini"))
		return 1;
	if (starts_with(path, "tasks/"))
		return is_md(path) && !strstr(path, "//");
	if (starts_with(path, "people/"))
		return is_md(path) && !strchr(path + strlen("people/"), '/');
	return 0;
}

static int is_symlink(const struct repo *repo, const char *path)
{
	struct stat st;
	char *full = xstrfmt("%s%s", repo->workdir, path);
	int rc = lstat(full, &st) == 0 && S_ISLNK(st.st_mode);

	free(full);
	return rc;
}

/* Drop adjacent duplicates of a sorted list. */
static void strlist_uniq(struct strlist *l)
{
	size_t i, j = 0;

	for (i = 0; i < l->n; i++) {
		if (j && !strcmp(l->v[j - 1], l->v[i]))
			free(l->v[i]);
		else
			l->v[j++] = l->v[i];
	}
	l->n = j;
}

static const char *entry_path(const git_status_entry *e)
{
	if (e->index_to_workdir)
		return e->index_to_workdir->new_file.path;
	if (e->head_to_index)
		return e->head_to_index->new_file.path;
	return NULL;
}

int repo_changed_paths(struct strlist *out, struct repo *repo, struct dlg_err *err)
{
	static char *specs[] = { "dlg.ini", "tasks", "people" };
	git_status_options opts;
	git_status_list *list = NULL;
	struct repo_scope scope;
	git_index *idx = NULL;
	size_t i, n;
	int rc;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* our own flags replace the defaults, which include ignored files;
	 * the pathspec is a list of literal paths so the walk skips every
	 * folder but tasks/ and people/ */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	             GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH |
	             GIT_STATUS_OPT_UPDATE_INDEX;
	opts.pathspec.strings = specs;
	opts.pathspec.count = ARRAY_SIZE(specs);
	rc = git_status_list_new(&list, repo->git, &opts);
	if (rc == GIT_ELOCKED) {
		/* git holds index.lock: go on without saving refreshed stat data */
		git_error_clear();
		opts.flags &= ~(unsigned)GIT_STATUS_OPT_UPDATE_INDEX;
		rc = git_status_list_new(&list, repo->git, &opts);
	}
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read the status of the work tree");
	if (git_repository_index(&idx, repo->git) < 0) {
		git_error_clear();
		idx = NULL;
	}
	repo_scope_init(&scope, repo, idx);
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const char *path = entry_path(e);

		if (e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED) || !path)
			continue;
		/* skip-worktree entries (sparse), submodules, nested repositories */
		if (!repo_path_is_managed(path) || repo_scope_skips(&scope, path) ||
		    is_symlink(repo, path))
			continue;
		strlist_push(out, path);
	}
	repo_scope_release(&scope);
	git_index_free(idx);
	git_status_list_free(list);
	strlist_sort(out);
	strlist_uniq(out);
	return 0;
}
