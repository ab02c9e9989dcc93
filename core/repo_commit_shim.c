/* repo_commit_shim.c: TEMPORARY: repo_commit_paths over the old calls. */
#include <stdlib.h>
#include <string.h>

#include "core/repo.h"

static int guess(struct repo_changes *out, struct repo *repo, const struct repo_oid *parent,
                 const struct strlist *paths, struct dlg_err *err)
{
	struct strbuf head = STRBUF_INIT, now = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < paths->n && !ret; i++) {
		char *full = xstrfmt("%s%s", repo_workdir(repo), paths->v[i]);
		int in_head = 0, in_tree = strbuf_read_file(&now, full) == 0;
		char status = 0;

		strbuf_reset(&head);
		if (parent) {
			int r = repo_read_blob(&head, repo, parent, paths->v[i], err);

			if (r && r != DLG_ENOTFOUND)
				ret = r;
			in_head = !r;
			err_clear(err);
		}
		if (in_head && !in_tree)
			status = 'D';
		else if (!in_head && in_tree)
			status = 'A';
		else if (in_head && in_tree &&
		         (head.len != now.len || memcmp(head.buf, now.buf, now.len)))
			status = 'M';
		if (status) {
			struct repo_change *c;

			ALLOC_GROW(out->v, out->n + 1, out->alloc);
			c = &out->v[out->n++];
			c->status = status;
			c->old_path = status == 'A' ? NULL : xstrdup(paths->v[i]);
			c->new_path = status == 'D' ? NULL : xstrdup(paths->v[i]);
		}
		strbuf_reset(&now);
		free(full);
	}
	strbuf_release(&head);
	strbuf_release(&now);
	return ret;
}

int repo_commit_paths(struct repo_commit_result *out, struct repo *repo,
                      const struct repo_commit_opts *opts, struct dlg_err *err)
{
	struct repo_oid tree;
	char *msg = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	if (opts->dry_run) {
		ret = guess(&out->changes, repo, opts->parent, opts->paths, err);
		if (!ret && out->changes.n)
			free(opts->message(&out->changes, opts->payload));
		return ret;
	}
	ret = repo_build_tree(&tree, repo, opts->parent, opts->paths, err);
	if (!ret)
		ret = repo_tree_changes(&out->changes, repo, opts->parent, &tree, err);
	if (ret || !out->changes.n)
		return ret;
	msg = opts->message(&out->changes, opts->payload);
	if (!msg)
		return 0;
	ret = repo_commit_on(&out->id, out->short_id, repo, &tree, opts->parent, msg, err);
	free(msg);
	if (!ret)
		ret = repo_index_update(repo, opts->paths, err);
	if (!ret)
		out->committed = 1;
	return ret;
}

void repo_commit_result_clear(struct repo_commit_result *r)
{
	repo_changes_clear(&r->changes);
}
