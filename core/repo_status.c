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

/* The status of the managed paths, refreshing the stat data of t's index
 * (t NULL: read only). */
static int status_list(git_status_list **out, struct repo *repo, int refresh, struct dlg_err *err)
{
	static char *specs[] = { "dlg.ini", "tasks", "people" };
	git_status_options opts;
	int rc;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/* our own flags replace the defaults, which include ignored files;
	 * the pathspec is a list of literal paths so the walk skips every
	 * folder but tasks/ and people/ */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	             GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	if (refresh)
		opts.flags |= GIT_STATUS_OPT_UPDATE_INDEX;
	opts.pathspec.strings = specs;
	opts.pathspec.count = ARRAY_SIZE(specs);
	rc = git_status_list_new(out, repo->git, &opts);
	if (rc == GIT_ELOCKED && refresh) {
		/* go on without saving refreshed stat data */
		git_error_clear();
		opts.flags &= ~(unsigned)GIT_STATUS_OPT_UPDATE_INDEX;
		rc = git_status_list_new(out, repo->git, &opts);
	}
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot read the status of the work tree");
	return 0;
}

/* The managed paths the list shows changed, leaving out what the scope
 * fences off (skip-worktree entries, submodules...) and symlinks. */
static void collect(struct strlist *out, struct repo *repo, git_status_list *list, git_index *idx)
{
	struct repo_scope scope;
	size_t i, n = git_status_list_entrycount(list);

	repo_scope_init(&scope, repo, idx);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const char *path = entry_path(e);

		if (e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED) || !path)
			continue;
		if (!repo_path_is_managed(path) || repo_scope_skips(&scope, path) ||
		    is_symlink(repo, path))
			continue;
		strlist_push(out, path);
	}
	repo_scope_release(&scope);
}

/*
 * Refreshed stat data is saved as git saves it: under index.lock, taken
 * first (git's status does the same), into a copy of the index that then
 * replaces it. When git holds index.lock, the status is read only.
 */
int repo_changed_paths_ext(struct strlist *out, struct repo *repo, unsigned flags,
                           struct dlg_err *err)
{
	struct repo_index_txn txn;
	struct dlg_err ignored = DLG_ERR_INIT;
	git_status_list *list = NULL;
	git_index *idx = NULL;
	int refresh = !(flags & REPO_STATUS_READ_ONLY);
	int rc;

	memset(&txn, 0, sizeof(txn));
	if (refresh && repo_index_lock(&txn, repo, -1, "status-index-locked",
	                               "cannot refresh the index", &ignored) < 0) {
		repo_index_unlock(&txn);
		refresh = 0;
	}
	rc = refresh ? repo_index_open(&txn, err) : 0;
	if (rc == 0)
		rc = status_list(&list, repo, refresh, err);
	if (rc == 0 && git_repository_index(&idx, repo->git) < 0) {
		git_error_clear();
		idx = NULL;
	}
	if (rc == 0)
		collect(out, repo, list, idx);
	/* saving stat data is a cache: a failure to save it stops nothing */
	if (rc == 0 && refresh && !repo_index_written(&txn))
		txn.keep = 1; /* nothing refreshed: the index as it is */
	else if (rc == 0 && refresh && repo_index_fill(&txn, &ignored) == 0)
		repo_index_commit(&txn, &ignored);
	git_index_free(idx);
	git_status_list_free(list);
	repo_index_unlock(&txn);
	err_clear(&ignored);
	strlist_sort(out);
	strlist_uniq(out);
	return rc;
}

int repo_changed_paths(struct strlist *out, struct repo *repo, struct dlg_err *err)
{
	return repo_changed_paths_ext(out, repo, repo->sync_locked ? 0 : REPO_STATUS_READ_ONLY,
	                              err);
}
