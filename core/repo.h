/* repo.h: the task repository as a git repository, over libgit2: finding or
 * creating it, refusing states we can't work in, the sync lock, which managed
 * paths changed, commits of given paths only, identity, and a file's history.
 *
 * Nothing here prints. Functions that can fail return 0 or a negative DLG_E*
 * code and fill in err. Output parameters come first; what comes back through
 * them the caller owns and frees with the matching _free/_clear; a returned
 * const char * is borrowed from the repository and lives as long as it.
 *
 * Managed paths (DESIGN.md "A task repository"): exactly `dlg.ini` at the top,
 * every `.md` file under `tasks/` (at any depth) and the `.md` files directly
 * in `people/`. Commits are built from a tree plus the paths the caller
 * gives, never from the user's index, and nothing here adds other paths.
 *
 * The sections below follow the module's files: core/repo.c (ids, opening,
 * state, HEAD), repo_nest.c, repo_lock.c, repo_status.c, repo_commit.c
 * (with the trees of repo_tree.c, the objects of repo_odb.c, the paths left
 * alone of repo_scope.c and git's index.lock of repo_index.c behind it),
 * repo_recover.c, repo_ident.c, repo_history.c and repo_undo.c. Remotes
 * (fetch, merge, push for `[sync] remote`) will be added to this module;
 * struct repo keeps the libgit2 handle they need. */
#ifndef DLG_REPO_H
#define DLG_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "core/merge.h"
#include "lib/util.h"

struct repo;      /* an open repository with a work tree */
struct repo_lock; /* a held .git/dlg.lock */

/* Object ids, opening and state (repo.c) */

/* An object id (SHA-1), so callers don't need libgit2's headers. */
struct repo_oid {
	unsigned char raw[20];
};
#define REPO_HEX_SIZE   41 /* 40 hex digits and a NUL */
#define REPO_SHORT_SIZE 8  /* 7 hex digits and a NUL, like git's default abbrev */

void repo_oid_hex(char buf[REPO_HEX_SIZE], const struct repo_oid *oid);
void repo_oid_short(char buf[REPO_SHORT_SIZE], const struct repo_oid *oid);
int repo_oid_equal(const struct repo_oid *a, const struct repo_oid *b);

/* Discover the repository from start_dir upwards, like git (GIT_DIR and
 * GIT_WORK_TREE are not consulted; GIT_CEILING_DIRECTORIES is). Refuses bare
 * repositories, repositories owned by another user (with the safe.directory
 * fix in the message) and explains an index git wrote with --split-index.
 * DLG_ENOTFOUND when there is none. *out is NULL on failure. */
int repo_open(struct repo **out, const char *start_dir, struct dlg_err *err);
/* Like `git init DIR` (DIR and its parents are created as needed): opens the
 * repository whose work tree is exactly dir when there is one, else creates
 * it with HEAD on init.defaultBranch, or "master" when that is unset, as git
 * 2.39 does. */
int repo_init(struct repo **out, const char *dir, struct dlg_err *err);
/* Accepts NULL. */
void repo_free(struct repo *repo);

/* Absolute, with a trailing '/'. Borrowed. */
const char *repo_workdir(const struct repo *repo);
/* The git directory (".git/" or a worktree's), absolute, with a trailing '/'.
 * Borrowed. dlg keeps its lock and cache here. */
const char *repo_gitdir(const struct repo *repo);

/* DLG_ESTATE with what to do during a merge, rebase, cherry-pick, revert,
 * bisect or `git am`, and on a detached HEAD. An unborn branch is fine. */
int repo_check_state(struct repo *repo, struct dlg_err *err);
/* HEAD names a branch with no commit yet. */
int repo_is_unborn(struct repo *repo);
/* The branch HEAD names ("main"), also when unborn. DLG_ESTATE when detached. */
int repo_branch(struct strbuf *out, struct repo *repo, struct dlg_err *err);
/* The commit HEAD points at; DLG_ENOTFOUND on an unborn branch (err set). */
int repo_head(struct repo_oid *out, struct repo *repo, struct dlg_err *err);
/* HEAD's abbreviated id into buf; "" and DLG_ENOTFOUND on an unborn branch. */
int repo_head_short(char buf[REPO_SHORT_SIZE], struct repo *repo);

/* Where a new repository would go (repo_nest.c) */

/* Whether dir (which need not exist yet) lies inside the work tree of a git
 * repository above it, as git finds one going up (GIT_CEILING_DIRECTORIES
 * is honoured): 1 with that work tree's top in out (absolute, trailing
 * '/'), 0 when dir is the top of a work tree or inside none. A repository
 * made in dir would be nested in that one. */
int repo_enclosing_workdir(struct strbuf *out, const char *dir, struct dlg_err *err);

/* The sync lock (repo_lock.c) */

/* Take REPO_GITDIR/dlg.lock, which appears holding "PID HOSTNAME\n" (written
 * beside it, then linked into place). While another live process on this
 * host (or any process on another host) holds it, retry every 50 ms for
 * timeout_ms, then DLG_ELOCKED with a message naming the holder (pid and
 * host), or saying the file is unreadable or names no process, and the rm
 * that removes a stale one. A lock whose process is gone from this host, or
 * that names none and is older than an hour, is stale and taken over. While
 * held, repo_changed_paths saves refreshed stat data. *out is NULL on
 * failure. */
int repo_lock(struct repo_lock **out, struct repo *repo, int timeout_ms, struct dlg_err *err);
/* Remove the lock file and free; accepts NULL. Call before repo_free. */
void repo_unlock(struct repo_lock *lock);

/* Managed and changed paths (repo_status.c) */

/* Whether a repository-relative path is one dlg manages. */
int repo_path_is_managed(const char *path);

/*
 * Managed paths whose work-tree state differs from HEAD's tree: new
 * (untracked and not ignored, or staged), modified (staged or not), deleted.
 * Never reported: symlinks, index entries marked skip-worktree (a sparse
 * checkout's files are not deletions), gitlinks, and anything inside a
 * submodule, a nested repository (a folder holding .git) or a symlinked
 * folder. Appends to out, which is sorted.
 *
 * Refreshed stat data is saved in the index, under git's index.lock as git
 * saves it, unless flags has REPO_STATUS_READ_ONLY (then nothing in the
 * git directory is written) or git holds index.lock (then it is skipped).
 * repo_changed_paths saves it only while this process holds the sync lock
 * through repo (repo_lock): a dry run, which takes no lock, writes nothing.
 */
enum { REPO_STATUS_READ_ONLY = 1 << 0 };
int repo_changed_paths_ext(struct strlist *out, struct repo *repo, unsigned flags,
                           struct dlg_err *err);
int repo_changed_paths(struct strlist *out, struct repo *repo, struct dlg_err *err);

/* The index's managed entries dlg leaves alone as repo_changed_paths does
 * (skip-worktree entries, and entries inside a submodule, a nested
 * repository or a symlinked folder), and the gitlinks under tasks/ and
 * people/, for the engine's scan to skip with whatever is below them
 * (repo_scope.c). Appends to out, sorted. */
int repo_excluded_paths(struct strlist *out, struct repo *repo, struct dlg_err *err);
/* A digest of what git's index holds under tasks/ and people/ and for
 * dlg.ini: each entry's path, stage, mode, blob id and skip-worktree bit,
 * not its stat data (which git status refreshes). Equal digests: the same
 * entries, so an index file rewritten by git status changes nothing dlg's
 * cache relies on. */
int repo_index_digest(uint64_t *out, struct repo *repo, struct dlg_err *err);

/* Committing (repo_commit.c) */

struct repo_change {
	char status;    /* 'A' added, 'M' modified, 'D' deleted, 'R' renamed */
	char *old_path; /* NULL when added */
	char *new_path; /* NULL when deleted */
};
struct repo_changes {
	struct repo_change *v;
	size_t n;
	size_t alloc;
};
/* clang-format off */ /* one line, like util.h's initialisers */
#define REPO_CHANGES_INIT { NULL, 0, 0 }
/* clang-format on */
/* Free the changes and empty the list; accepts NULL. */
void repo_changes_clear(struct repo_changes *changes);

/* The commit message for these changes (borrowed for the call), malloc'd:
 * repo_commit_paths frees it. NULL: don't commit. */
typedef char *(*repo_message_fn)(const struct repo_changes *changes, void *payload);

struct repo_commit_opts {
	/* the commit the caller started from; NULL on an unborn branch */
	const struct repo_oid *parent;
	/* repository-relative paths (the managed ones, for sync), as they are
	 * in the work tree now (a missing file is a deletion) */
	const struct strlist *paths;
	/* called once, and only when something changed; NULL: don't commit */
	repo_message_fn message;
	void *payload;
	/* compute the changes and call message, but write no object, ref or
	 * index, and take no lock */
	int dry_run;
	/* how long to wait while git holds index.lock: 0 the default (1 s),
	 * negative not at all */
	int index_timeout_ms;
	/* a merge (repo_merge.c): the tree is tree_base's (a tree or commit
	 * id) plus the paths, the commit gets merge_parent as its second
	 * parent and is made even when its tree is parent's; with
	 * fast_forward, a tree that is merge_parent's moves the branch to
	 * merge_parent itself and no commit is made; reflog replaces the
	 * reflog message ("merge origin/main: Fast-forward") */
	const struct repo_oid *tree_base;
	const struct repo_oid *merge_parent;
	int fast_forward;
	const char *reflog;
};
/* clang-format off */
#define REPO_COMMIT_OPTS_INIT { NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, NULL }
/* clang-format on */

struct repo_commit_result {
	/* what changed, in path order, renames detected (a dry run: 'A', 'M'
	 * and 'D' only) */
	struct repo_changes changes;
	/* 0: nothing changed, message returned NULL, or a dry run */
	int committed;
	/* the branch was fast-forwarded to merge_parent (committed is 1, id
	 * is merge_parent) */
	int fast_forwarded;
	struct repo_oid id; /* the commit, when committed */
	char short_id[REPO_SHORT_SIZE];
};
/* clang-format off */
#define REPO_COMMIT_RESULT_INIT { REPO_CHANGES_INIT, 0, 0, { { 0 } }, { 0 } }
/* clang-format on */

/*
 * Commit the paths as they are in the work tree on top of parent, and make
 * the index agree. The tree is parent's tree plus the paths: each regular
 * file as a blob (with git's filters, keeping its executable bit), a missing
 * one removed; a symlink, a skip-worktree entry, a gitlink and anything
 * inside a submodule or nested repository are left as they are in parent.
 * No other path changes, and the user's index is not read for the tree.
 * When something changed and message gives a message, the commit is made on
 * the current branch with author and committer as repo_signature gives
 * them, the branch and its reflog updated ("commit: subject"); the message
 * gets a final newline when it has none. The index is updated for these
 * paths only, with the blobs just stored and the files' stat data, so `git
 * status` is clean for them and whatever else was staged stays staged.
 * When nothing changed but the index disagrees with the tree for a path
 * (a sync killed after moving the branch), the index is made to agree.
 *
 * In git's order, under git's index.lock (fault points in brackets: a
 * kill after the step, or with :fail, "odb-write", "index-write" and
 * "ref-write" fail that write as a full disk would):
 *   1. take GITDIR/index.lock with O_CREAT|O_EXCL, recorded in
 *      GITDIR/dlg/index-lock ["index-locked"]; while git holds it, retry
 *      for index_timeout_ms, then DLG_ELOCKED with nothing done;
 *   2. check HEAD still points at parent, store the blobs and the tree
 *      ["odb-write" at each object written];
 *   3. write the commit object ["odb-write", then "commit-written"];
 *   4. write the new index (its tree cache kept) into index.lock and fsync
 *      it ["index-write"];
 *   5. move the branch only while it still points at parent ["ref-write",
 *      then "ref-updated"];
 *   6. rename index.lock over the index ["index-written"], clear the
 *      record.
 * A failure before 5 moves nothing and removes index.lock. If HEAD no
 * longer points at parent (a commit was made meanwhile; with parent NULL,
 * the branch is no longer unborn), nothing is committed and DLG_ESTATE
 * says so, so that commit's changes are never undone. A process killed
 * between 1 and 6 leaves index.lock and its record: repo_recover removes it.
 * *out is overwritten on entry; clear it with repo_commit_result_clear
 * after every call, also a failed one.
 */
int repo_commit_paths(struct repo_commit_result *out, struct repo *repo,
                      const struct repo_commit_opts *opts, struct dlg_err *err);
/* Free what a result holds; accepts NULL. */
void repo_commit_result_clear(struct repo_commit_result *r);

/* When the branch moved on from `from` (a `git commit` made meanwhile, on
 * top of it) without touching any of paths: 1 with *out the new tip, so a
 * commit of those paths can be built on it without undoing anything. 0
 * when it did not move, moved otherwise, or touched them (repo_moved.c). */
int repo_moved_aside(struct repo_oid *out, struct repo *repo, const struct repo_oid *from,
                     const struct strlist *paths, struct dlg_err *err);

/* Crash recovery (repo_recover.c), for the start of a sync, under the sync
 * lock */

/*
 * Remove GITDIR/index.lock when it is provably dlg's and stale: its record
 * GITDIR/dlg/index-lock names this host, a process that is gone, and the
 * lock's inode (and, once written, its size and ctime). An index.lock that
 * is not provably dlg's is never removed. A stale record is removed. *removed
 * (may be NULL) is set to 1 when a lock was removed: a commit was then
 * interrupted, and the index may disagree with HEAD for the paths it held
 * (repo_index_reset).
 */
int repo_recover(struct repo *repo, int *removed, struct dlg_err *err);
/* Make the index entries of paths agree with HEAD's tree, under index.lock
 * as repo_commit_paths takes it: each path as HEAD has it, with the work
 * tree's stat data when the file holds HEAD's blob and none otherwise (git
 * then reads the file again), its conflict dropped; a path HEAD lacks is
 * removed from the index. Paths repo_changed_paths never reports are left
 * alone. DLG_ELOCKED as repo_commit_paths. */
int repo_index_reset(struct repo *repo, const struct strlist *paths, struct dlg_err *err);

/* Identity (repo_ident.c) */

/* An identity and a time (seconds since the epoch, offset in minutes east). */
struct repo_sig {
	char *name;
	char *email;
	long long when;
	int offset;
};
/* clang-format off */
#define REPO_SIG_INIT { NULL, NULL, 0, 0 }
/* clang-format on */
void repo_sig_clear(struct repo_sig *sig);

/* Who commits, like git: GIT_AUTHOR_NAME/_EMAIL and GIT_COMMITTER_NAME/_EMAIL
 * (each falling back to the other kind's), then author.* or committer.*, then
 * user.name/user.email from the repository's config (which includes the
 * user's), then EMAIL for the address. GIT_AUTHOR_DATE and GIT_COMMITTER_DATE
 * when set ("@EPOCH +ZZZZ", "EPOCH +ZZZZ", "2026-11-20T10:00:00+00:00",
 * "2026-11-20 10:00:00 +0000", RFC 2822), else now in the local time zone.
 * Either out may be NULL. */
int repo_signature(struct repo_sig *author, struct repo_sig *committer, struct repo *repo,
                   struct dlg_err *err);

/* Reading blobs and a file's history (repo_history.c) */

/* The content of path in a commit or tree (NULL for HEAD), as stored.
 * DLG_ENOTFOUND when it has no such file (or the branch is unborn). out is
 * replaced. */
int repo_read_blob(struct strbuf *out, struct repo *repo, const struct repo_oid *treeish,
                   const char *path, struct dlg_err *err);
int repo_read_head_blob(struct strbuf *out, struct repo *repo, const char *path,
                        struct dlg_err *err);

/* One commit in a file's history. Everything is borrowed for the callback. */
struct repo_history_entry {
	char id[REPO_HEX_SIZE];
	char short_id[REPO_SHORT_SIZE];
	const char *author_name;
	const char *author_email;
	long long when;       /* author date: seconds since the epoch */
	int offset;           /* minutes east of UTC */
	const char *subject;  /* the message's first line */
	const char *message;  /* the whole message */
	char status;          /* 'A', 'M', 'D' or 'R' */
	const char *old_path; /* NULL when added */
	const char *new_path; /* NULL when deleted */
	const char *old_data; /* the file before; NULL when added */
	size_t old_len;
	const char *new_data; /* the file after; NULL when deleted */
	size_t new_len;
};
typedef int (*repo_history_fn)(const struct repo_history_entry *entry, void *payload);

/* Walk the first-parent history from HEAD, newest first, calling fn for each
 * commit that changed path (under its name at that time) compared to its
 * first parent. When path was added as a rename, the walk continues under the
 * old name. Stops at the root commit. An unborn branch has no history (0).
 * A non-zero return from fn stops the walk and is returned. */
int repo_file_history(struct repo *repo, const char *path, repo_history_fn fn, void *payload,
                      struct dlg_err *err);

/* Taking commits back (repo_undo.c), for dlg undo */

/* One commit of the first-parent history. Borrowed for the callback. */
struct repo_log_entry {
	struct repo_oid id;
	char short_id[REPO_SHORT_SIZE];
	const char *message; /* the whole message */
	long long when;      /* committer date: seconds since the epoch */
	int offset;          /* minutes east of UTC */
	size_t nparents;
	struct repo_oid parent; /* the first parent, when there is one */
};
typedef int (*repo_log_fn)(const struct repo_log_entry *entry, void *payload);

/* Call fn for HEAD's commit and its first parents, newest first, down to
 * the root or until fn returns non-zero, which is returned. An unborn
 * branch has none (0). */
int repo_log(struct repo *repo, repo_log_fn fn, void *payload, struct dlg_err *err);

/* 1 when commits a and b have the same tree, else 0. */
int repo_same_tree(struct repo *repo, const struct repo_oid *a, const struct repo_oid *b,
                   struct dlg_err *err);

/* Whether commit id was pushed: 1 when a remote-tracking branch (the
 * current branch's upstream or any other) contains it, with that branch's
 * short name ("origin/main") in out; else 0. */
int repo_published(struct strbuf *out, struct repo *repo, const struct repo_oid *id,
                   struct dlg_err *err);

struct repo_revert_opts {
	const struct repo_oid *head; /* HEAD's commit, whose tree is tip's */
	const struct repo_oid *base; /* put files back as here; NULL: the empty tree */
	const struct repo_oid *tip;  /* the newest commit taken back */
	/* as in repo_commit_opts: the new commit's message */
	repo_message_fn message;
	void *payload;
	/* check, and give the changes a commit would make, but change
	 * nothing (message is not called) */
	int dry_run;
};
/* clang-format off */
#define REPO_REVERT_OPTS_INIT { NULL, NULL, NULL, NULL, NULL, 0 }
/* clang-format on */

/*
 * Take back what the commits from base (exclusive) to tip changed, with a
 * new commit on head: every path that differs between base and tip is put
 * back as base has it, in the work tree (atomically, git's filters
 * applied, only while the file still holds what HEAD has), in a commit made
 * by repo_commit_paths (branch, reflog and index as it says), so that the
 * new commit's tree is base's. Nothing is rewritten.
 *
 * Refuses with DLG_ESTATE, changing nothing, when such a path is not one
 * dlg manages or not a plain file (in base, tip or the work tree), when one
 * of them has changes not committed (in the work tree or staged; an
 * untracked or ignored file where base has one counts), or when none
 * differs. When the commit can't be made, the files are put back as they
 * were. out->changes says what the commit changes (would change, in a
 * dry run), path by path ('M' put back, 'D' deleted, 'A' made again; no
 * renames), and so does the changes argument of message; clear out with
 * repo_commit_result_clear after every call.
 */
int repo_revert(struct repo_commit_result *out, struct repo *repo,
                const struct repo_revert_opts *opts, struct dlg_err *err);

/* Remotes (repo_remote.c), for [sync] remote */

/* The URL of remote name into out (empty when it has none); DLG_ENOTFOUND
 * when there is no such remote. */
int repo_remote_url(struct strbuf *out, struct repo *repo, const char *name);
/* The remote's branch a sync fetches and pushes: configured ([sync]
 * branch) when set, else the current branch's upstream when it is on
 * remote name (branch.B.remote and branch.B.merge), else the current
 * branch's own name. */
int repo_sync_branch(struct strbuf *out, struct repo *repo, const char *name,
                     const char *configured, struct dlg_err *err);
/* Fetch branch from remote name into refs/remotes/NAME/BRANCH, with
 * credentials as git finds them: for ssh, ssh-agent's keys, then
 * ~/.ssh/id_ed25519, id_ecdsa and id_rsa (host keys checked against
 * ~/.ssh/known_hosts); for https, git's credential helpers
 * (credential.helper, and credential.URL.helper for a URL the remote's
 * starts with, run as git runs them: "!cmd get", "/path get" or "git
 * credential-NAME get"), told "store" when the password worked and
 * "erase" when it was refused. *found is 0 when the remote has no such
 * branch (then *out is not set). An error (unreachable, authentication
 * failed, no such remote) is DLG_ERROR or DLG_ENOTFOUND with a message
 * saying what to do. */
int repo_fetch(struct repo_oid *out, int *found, struct repo *repo, const char *name,
               const char *branch, struct dlg_err *err);
/* Push the local branch to the remote's branch: 0 when pushed, 1 when the
 * remote refused it as not a fast-forward (someone pushed meanwhile; err
 * says so), negative on any other failure. */
int repo_push(struct repo *repo, const char *name, const char *local, const char *branch,
              struct dlg_err *err);
/* What git's credential helpers give for url: 1 with user and pass set,
 * else 0 (user may be set from the URL or a helper). */
int repo_credential_fill(struct strbuf *user, struct strbuf *pass, struct repo *repo,
                         const char *url);

/* Merging (repo_merge.c) */

/* Whether path is a task or person file: merged key by key. */
int repo_merge_path(const char *path);

enum repo_merge_kind { REPO_MERGE_UP_TO_DATE, REPO_MERGE_FAST_FORWARD, REPO_MERGE_NORMAL };

/* One path of a merge. */
struct repo_merge_file {
	char *path;
	char status;   /* what the merge does to HEAD's tree: 'A', 'M' or 'D' */
	int changes;   /* it differs from HEAD's in the merged tree */
	int theirs;    /* their side changed it since the base */
	int both;      /* both sides changed it */
	int same;      /* both, and the same way */
	int per_field; /* both, differently: merged key by key */
	int conflict;  /* a conflict: res holds markers and what clashed */
	int resolved;  /* the work tree's file is the person's fix: taken as it is */
	struct merge_result res;
};

struct repo_merge {
	enum repo_merge_kind kind;
	struct repo_oid ours, theirs, tree; /* tree: the merged tree, conflicts
	                                       as their files with markers */
	int has_ours;                       /* 0 on an unborn branch */
	struct repo_merge_file *v;          /* sorted by path */
	size_t n, alloc, nconflicts;
	int raced;     /* a file changed while the merge wrote it: left as it was */
	char *refusal; /* why dlg can't merge this (DLG_ESTATE) */
};
void repo_merge_release(struct repo_merge *m);

/* Merge theirs into ours (NULL: an unborn branch) in memory: libgit2's
 * merge of the trees, with renames found, with dlg's per-key merge
 * (core/merge.h) for task and person files changed on both sides and
 * git's text merge for the rest; each conflict in a managed file is
 * written with markers (a delete against an edit keeps the edit between
 * markers). DLG_ESTATE with out->refusal (and err) when dlg must leave the
 * merge to git: unrelated histories, a conflict in a file dlg does not
 * manage, a symbolic link or submodule on one side. No file, ref or index
 * is touched; the merged tree's objects are written. */
int repo_merge_prepare(struct repo_merge *out, struct repo *repo, const struct repo_oid *ours,
                       const struct repo_oid *theirs, const struct merge_labels *labels,
                       struct dlg_err *err);
/* Bring the work tree to the merged tree for every path that changes:
 * files still as HEAD has them are written (atomically, with git's
 * filters) or deleted; files already as merged, and those marked
 * resolved, are left; a task or person file changed since HEAD is merged
 * again key by key with the merged version (conflicts marked in m); any
 * other file changed since HEAD refuses the merge (DLG_ESTATE, nothing
 * written), as git does. Paths dlg leaves alone (skip-worktree,
 * submodules) are not written. Recounts m->nconflicts. */
int repo_merge_checkout(struct repo *repo, struct repo_merge *m, const struct merge_labels *labels,
                        struct dlg_err *err);
/* The merge commit on m->ours with m->theirs as second parent, its tree
 * the merged tree plus the merged paths as the work tree has them (so a
 * fix made by hand is what is committed); a fast-forward moves the branch
 * to m->theirs instead, while the tree is its. As repo_commit_paths. */
int repo_merge_commit(struct repo_commit_result *out, struct repo *repo, const struct repo_merge *m,
                      const char *reflog, repo_message_fn message, void *payload,
                      struct dlg_err *err);
/* The lines of .gitattributes that send task and person files to dlg's
 * merge driver. Borrowed. */
const char *repo_merge_attributes(void);
/* Register `dlg merge-file %O %A %B %P` as merge driver "dlg" in the
 * repository's config (merge.dlg.driver, merge.dlg.name) when it is not
 * there, and, when the attributes don't send tasks/ to it, add the lines
 * to .git/info/attributes (this clone's alone), as git-lfs does. */
int repo_register_merge_driver(struct repo *repo, struct dlg_err *err);

#endif
