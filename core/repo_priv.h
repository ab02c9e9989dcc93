/* repo_priv.h: what the files of the repository module (core/repo*.c) share
 * and nothing else includes: struct repo, the libgit2 error adapter, and the
 * helpers over libgit2 that more than one of them needs. */
#ifndef DLG_REPO_PRIV_H
#define DLG_REPO_PRIV_H

#include <git2.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/repo.h"
#include "lib/util.h"

struct repo {
	git_repository *git;
	char *workdir;
	char *gitdir;
};

static inline git_oid *to_git(git_oid *dst, const struct repo_oid *src)
{
	memcpy(dst->id, src->raw, sizeof(src->raw));
	return dst;
}

static inline void from_git(struct repo_oid *dst, const git_oid *src)
{
	memcpy(dst->raw, src->id, sizeof(dst->raw));
}

/* repo.c */

/*
 * The one adapter from libgit2 errors to ours: "what: libgit2's message",
 * with the code mapped (GIT_ENOTFOUND and GIT_EUNBORNBRANCH to DLG_ENOTFOUND,
 * GIT_ELOCKED to DLG_ELOCKED) and the messages that need a fix explained.
 * Returns the mapped code and clears libgit2's error.
 */
int repo_git_fail(struct dlg_err *err, int code, const char *fmt, ...) DLG_PRINTF(3, 4);
/* A path in the repository as the user knows it: relative to the top. */
const char *repo_display(const struct repo *repo, const char *path);
/* HEAD peeled to type, into *out; NULL and 0 on an unborn branch. */
int repo_head_peel(git_object **out, struct repo *repo, git_object_t type, const char *what,
                   struct dlg_err *err);
/* HEAD's commit, or NULL on an unborn branch. */
int repo_head_commit(git_commit **out, struct repo *repo, struct dlg_err *err);
/* The tree of a commit or tree id, or of HEAD (NULL when unborn). */
int repo_peel_tree(git_tree **out, struct repo *repo, const struct repo_oid *base,
                   struct dlg_err *err);

/* repo_lock.c */

/* This host's name ("localhost" when it has none), malloc'd. */
char *repo_host_name(void);

/* repo_tree.c */

/*
 * A file repo_tree_build stored as a blob: the blob and what lstat said just
 * before the file was read, so that the index update after the commit can
 * take the blob again while the file is unchanged instead of reading and
 * filtering it once more.
 */
struct repo_stored {
	char *path;
	git_oid id;
	struct stat st;
	struct timespec read_at;
};

/* A tree repo_tree_build wrote, and the files it stored for it. */
struct repo_built {
	git_oid tree;
	struct repo_stored *stored; /* sorted by path */
	size_t nstored;
};

/* Write the tree of base (NULL: empty) plus paths as they are in the work
 * tree (see repo_commit_paths), and the blobs it needs. Touches no ref or
 * index. out is overwritten; release it with repo_built_release. */
int repo_tree_build(struct repo_built *out, struct repo *repo, git_tree *base,
                    const struct strlist *paths, struct dlg_err *err);
/* What repo_tree_build would change from base, without writing any object:
 * 'A', 'M' and 'D' in path order (no rename detection). Appends to out. */
int repo_tree_preview(struct repo_changes *out, struct repo *repo, git_tree *base,
                      const struct strlist *paths, struct dlg_err *err);
/* The blob stored for path, or NULL. */
const struct repo_stored *repo_built_find(const struct repo_built *b, const char *path);
void repo_built_release(struct repo_built *b);

/* What changed from tree a to tree b (either NULL: empty), renames detected,
 * in path order. Appends to out. */
int repo_tree_diff(struct repo_changes *out, struct repo *repo, git_tree *a, git_tree *b,
                   struct dlg_err *err);
/* A diff between two trees (either may be NULL: empty) with renames found. */
int repo_diff_trees(git_diff **out, struct repo *repo, git_tree *a, git_tree *b,
                    struct dlg_err *err);
/* Turn libgit2's check that named objects exist off (0) and on (1). */
void repo_strict_objects(int on);

#endif
