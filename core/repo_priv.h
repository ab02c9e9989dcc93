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

/*
 * A file repo_build_tree stored as a blob: the blob and what lstat said just
 * before the file was read, so that repo_index_update can take the blob
 * again while the file is unchanged instead of reading and filtering it once
 * more.
 */
struct stored {
	char *path;
	git_oid id;
	struct stat st;
	struct timespec read_at;
};

struct repo {
	git_repository *git;
	char *workdir;
	char *gitdir;
	struct stored *stored; /* by path, from repo_build_tree for repo_index_update */
	size_t nstored;
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

/* repo_tree.c */

/* Turn libgit2's check that named objects exist off (0) and on (1). */
void repo_strict_objects(int on);
/* A diff between two trees (either may be NULL: empty) with renames found. */
int repo_diff_trees(git_diff **out, struct repo *repo, git_tree *a, git_tree *b,
                    struct dlg_err *err);
void repo_stored_clear(struct stored *v, size_t n);
const struct stored *repo_stored_find(const struct repo *repo, const char *path);

#endif
