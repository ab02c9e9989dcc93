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
#include "lib/fault.h"
#include "lib/util.h"

struct repo {
	git_repository *git;
	char *workdir;
	char *gitdir;
	int sync_locked;     /* this process holds .git/dlg.lock through it */
	git_index *work_idx; /* the index of the last index.lock (repo_index.c) */
	struct {             /* the index file dlg last wrote, and its digest */
		int known;
		uint64_t digest;
		long long size, mtime_sec;
		long mtime_nsec;
		unsigned long long ino;
	} written;
};

/* A gitlink's mode (a submodule's commit in a tree or the index). */
#define S_ISGITLINK(m) (((m)&0170000) == 0160000)

static inline git_oid *to_git(git_oid *dst, const struct repo_oid *src)
{
	memcpy(dst->id, src->raw, sizeof(src->raw));
	return dst;
}

static inline void from_git(struct repo_oid *dst, const git_oid *src)
{
	memcpy(dst->raw, src->id, sizeof(dst->raw));
}

/* repo_rawidx.c */

/* The digest of an index file's bytes (version 2 or 3); -1 for another
 * version or one not as expected. */
int repo_index_digest_bytes(uint64_t *out, const void *data, size_t len);
/* The same digest, of an index in memory (its entries as they are). */
uint64_t repo_index_digest_of(git_index *idx);

/*
 * An index file as its bytes, to give entries new blobs and stat data in
 * place: version 2 or 3 (its checksum not verified, as git doesn't), and no
 * extension but the tree cache and the resolve-undo records. Anything else
 * is libgit2's to read.
 */
struct rawidx {
	unsigned char *data; /* the file */
	size_t len;
	struct timespec mtime; /* the file's, as read */
	uint32_t version, n;
	uint32_t *off; /* where each entry starts */
	size_t off_alloc, ents_end;
	unsigned char *changed; /* for each entry: set by rawidx_set or rawidx_mark */
	struct tree_node *tree; /* the tree cache, in its order; none: ntree 0 */
	size_t ntree, tree_alloc, tree_at;
	uint32_t *attrs; /* the entries of .gitattributes files */
	size_t nattrs, attrs_alloc;
};
/* 0, or -1 when the file is missing or not one to edit this way. Release
 * x with rawidx_release either way. */
int rawidx_read(struct rawidx *x, const char *file);
void rawidx_release(struct rawidx *x);
/* The entry of path when it is a plain regular file at stage 0 and the only
 * entry of that name (no conflict, not skip-worktree, assume-unchanged or
 * intent-to-add), else -1. */
long rawidx_find(const struct rawidx *x, const char *path);
/* Entry i's name (not NUL-terminated) and mode. */
const char *rawidx_name(const struct rawidx *x, size_t i, size_t *len);
uint32_t rawidx_mode(const struct rawidx *x, long i);
/* Entry i is to be set (rawidx_racy_left does not count it). */
void rawidx_mark(struct rawidx *x, long i);
/* Whether an entry neither set nor marked is racily clean: changed no
 * earlier than the index was written, so that libgit2 would look at its
 * file again before writing the index. */
int rawidx_racy_left(const struct rawidx *x);
/* Entry i now has blob id and mode, with stat data from st as libgit2
 * records it; the tree cache on its way is invalidated. */
void rawidx_set(struct rawidx *x, long i, const git_oid *id, uint32_t mode, const struct stat *st);
/* The index as edited, its checksum after it, written to fd; the digest of
 * what it says into *digest. -1 with errno set when the write fails. */
int rawidx_write(const struct rawidx *x, int fd, uint64_t *digest);

/* repo.c */

/*
 * The one adapter from libgit2 errors to ours: "what: libgit2's message",
 * with the code mapped (GIT_ENOTFOUND and GIT_EUNBORNBRANCH to DLG_ENOTFOUND,
 * GIT_ELOCKED to DLG_ELOCKED) and the messages that need a fix explained.
 * Returns the mapped code and clears libgit2's error.
 */
int repo_git_fail(struct dlg_err *err, int code, const char *fmt, ...) DLG_PRINTF(3, 4);
/* repo_git_fail for a call that writes: saved is errno just after it failed
 * (set errno to 0 before the call). When libgit2 gave no message, or one
 * that leaves out what the system said (a full disk, a read-only file
 * system...), the system's word is added: "cannot store 'tasks/a.md': No
 * space left on device". */
int repo_git_fail_os(struct dlg_err *err, int code, int saved, const char *fmt, ...)
    DLG_PRINTF(4, 5);
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
/* A boolean of the repository's configuration, dflt when unset or not one. */
int repo_config_bool(struct repo *repo, const char *key, int dflt);

/* repo_lock.c */

/* This host's name ("localhost" when it has none), malloc'd. */
char *repo_host_name(void);

/* repo_odb.c */

/* Turn libgit2's check that named objects exist off (0) and on (1). */
void repo_strict_objects(int on);
/* fault_point(name) as a libgit2 call failing the way a full disk makes it
 * fail: -1 with no libgit2 message and errno ENOSPC; else 0. */
int repo_fault(const char *name);

/* New objects kept in memory, then written as one pack (many) or loose
 * (few). Every write is a fault point "odb-write". */
struct repo_batch {
	git_odb *odb;          /* the repository's */
	git_odb *mem;          /* in memory, holding the new objects */
	git_odb_backend *pack; /* mem's only backend, owned by mem */
	git_oid *ids;          /* what mem holds */
	char **names;          /* what each is, for messages */
	size_t n, alloc, names_alloc;
	size_t bytes;             /* their size */
	const char *gitdir_shown; /* ".git/", for messages */
};
int repo_batch_init(struct repo_batch *b, struct repo *repo, struct dlg_err *err);
/* Store data as an object of the given type, its id into *id; what names it
 * in a message ("'tasks/a.md'"). An object the repository has already is
 * only freshened, as git_odb_write does. */
int repo_batch_add(struct repo_batch *b, git_oid *id, const void *data, size_t len,
                   git_object_t type, const char *what, struct dlg_err *err);
/* Write what the batch holds into the repository and empty it. */
int repo_batch_flush(struct repo_batch *b, struct dlg_err *err);
void repo_batch_release(struct repo_batch *b);

/* repo_scope.c */

/*
 * Which managed names dlg must leave alone: an entry with the skip-worktree
 * bit (sparse checkout) or a gitlink in one of the indexes, and any path
 * below a gitlink, a folder holding .git (a submodule or a nested
 * repository) or a folder that is a symbolic link or no folder. Folders'
 * verdicts are kept for the scope's life.
 */
struct repo_scope {
	struct repo *repo;
	git_index *idx[2]; /* borrowed; NULL when unused */
	struct strset inside;
	struct strset outside;
};
/* idx (the user's index) may be NULL. */
void repo_scope_init(struct repo_scope *s, struct repo *repo, git_index *idx);
/* Also look for gitlinks in idx (a tree read into an index). */
void repo_scope_add_index(struct repo_scope *s, git_index *idx);
int repo_scope_skips(struct repo_scope *s, const char *path);
void repo_scope_release(struct repo_scope *s);

/* repo_index.c */

/* How long a commit waits for git's index.lock by default. */
#define REPO_INDEX_TIMEOUT_MS 1000

struct repo_index_paths {
	char *lock;      /* GITDIR/index.lock */
	char *index;     /* GITDIR/index */
	char *dir;       /* GITDIR/dlg */
	char *work;      /* GITDIR/dlg/index.new: the copy we edit */
	char *work_lock; /* libgit2's lock for it */
	char *record;    /* GITDIR/dlg/index-lock: which index.lock is ours */
};
void repo_index_paths(struct repo_index_paths *p, const struct repo *repo);
void repo_index_paths_release(struct repo_index_paths *p);

/* Note in GITDIR/dlg/ref-lock that this process is about to update refname
 * (libgit2 then takes refname.lock and logs/refname.lock); NULL: done. A
 * process killed in between leaves those locks, which repo_recover removes
 * when the note is a dead dlg's and they are no older than it. */
void repo_ref_record(struct repo *repo, const char *refname);

/* What GITDIR/dlg/index-lock says. */
struct repo_index_record {
	long pid;
	char *host;
	dev_t dev;
	ino_t ino;
	long long size; /* -1 while the content was being written */
	struct timespec ctime;
};
/* -1 with errno set when it is missing (ENOENT) or garbled (EINVAL). */
int repo_index_record_read(struct repo_index_record *r, const char *path);
void repo_index_record_clear(struct repo_index_record *r);
/* Its process is gone from this host (an earlier process's, when it is our
 * pid and we hold no index.lock). */
int repo_index_record_dead(const struct repo_index_record *r);
/* st (of index.lock) is the file the record names, as dlg left it. */
int repo_index_record_names(const struct repo_index_record *r, const struct stat *st);

/*
 * index.lock held by dlg, as git's lockfile.c holds it: created with
 * O_CREAT|O_EXCL (so git's commands can't take it, and we can't take
 * theirs), recorded in GITDIR/dlg/index-lock before anything is written
 * into it, filled with the new index and fsynced (repo_index_stage), then
 * renamed over the index (repo_index_commit) or removed
 * (repo_index_unlock).
 */
struct repo_index_txn {
	struct repo *repo;
	struct repo_index_paths paths;
	int fd;         /* index.lock, or -1 */
	struct stat st; /* index.lock as last written */
	git_index *idx; /* the copy, the repository's index while open */
	ino_t work_ino; /* the copy's inode: another once libgit2 wrote it */
	int held, opened, swapped;
	int keep; /* idx holds no unwritten edit: keep it for the next lock */
};
/* Take index.lock, retrying while it exists for timeout_ms (0: the
 * default; negative: no wait), then DLG_ELOCKED saying git is busy or the
 * lock is stale (what: "cannot commit"). At fault point fault once held.
 * Release t with repo_index_unlock whatever this returns. */
int repo_index_lock(struct repo_index_txn *t, struct repo *repo, int timeout_ms, const char *fault,
                    const char *what, struct dlg_err *err);
/* Open the copy of the index as t->idx, the repository's index until
 * repo_index_unlock. */
int repo_index_open(struct repo_index_txn *t, struct dlg_err *err);
/* Whether libgit2 wrote the copy since repo_index_open. */
int repo_index_written(const struct repo_index_txn *t);
/* Write t->idx to the copy, then repo_index_fill. */
int repo_index_stage(struct repo_index_txn *t, struct dlg_err *err);
/* x, edited, into index.lock instead (no copy, no libgit2 index), the same
 * way as repo_index_fill. */
int repo_index_fill_raw(struct repo_index_txn *t, const struct rawidx *x, struct dlg_err *err);
/* The copy's bytes into index.lock, fsynced, and the record updated to
 * name it as it now is. Fault point "index-write" fails it as a full disk
 * would. */
int repo_index_fill(struct repo_index_txn *t, struct dlg_err *err);
/* Rename index.lock over the index (fault point "index-written" after). */
int repo_index_commit(struct repo_index_txn *t, struct dlg_err *err);
/* Remove index.lock when still held and the copy; accepts an unused t.
 * t->idx is kept for the next lock when t->keep is set (repo_index_commit
 * sets it; a caller sets it when it left the index unchanged), else freed. */
void repo_index_unlock(struct repo_index_txn *t);
/* Set an index entry's stat data from lstat's (as libgit2 does, with
 * st_rdev as the device). */
void repo_entry_stat(git_index_entry *e, const struct stat *st);

/* repo_tree.c */

/*
 * A file repo_tree_build stored as a blob: the blob and what lstat said just
 * before the file was read, so that the index update after the commit can
 * take the blob again while the file is unchanged instead of reading and
 * filtering it once more.
 */
struct repo_stored {
	const char *path; /* the string of the paths repo_tree_build was given */
	git_oid id;
	/* what lstat said as it was read (what same_stat compares; not a
	 * whole struct stat: there is one of these for every file stored) */
	uint32_t mode, uid, gid;
	int32_t mtime_nsec, ctime_nsec;
	uint64_t dev, ino;
	int64_t size, mtime_sec, ctime_sec;
	int64_t read_at_ns; /* when it was read (CLOCK_REALTIME) */
};

/* A tree repo_tree_build wrote, and the files it stored for it. */
struct repo_built {
	git_oid tree;
	struct repo_stored *stored; /* sorted by path */
	size_t nstored;
	/* built by editing base's tree in place (few paths, none removed):
	 * what changed from base, 'A' and 'M' in path order */
	int updated;
	struct repo_changes changes;
};

/* Write the tree of base (NULL: empty) plus paths as they are in the work
 * tree (see repo_commit_paths), and the blobs it needs; the paths
 * repo_scope_skips for idx (the user's index, may be NULL) and base stay as
 * base has them. Touches no ref or index. out is overwritten (its stored
 * paths are those of paths, which must outlive it); release it
 * with repo_built_release. */
int repo_tree_build(struct repo_built *out, struct repo *repo, git_tree *base,
                    const struct strlist *paths, git_index *idx, struct dlg_err *err);
/* What repo_tree_build would change from base, without writing any object:
 * 'A', 'M' and 'D' in path order (no rename detection). Appends to out. */
int repo_tree_preview(struct repo_changes *out, struct repo *repo, git_tree *base,
                      const struct strlist *paths, git_index *idx, struct dlg_err *err);
/* The blob stored for path, or NULL. */
const struct repo_stored *repo_built_find(const struct repo_built *b, const char *path);
void repo_built_release(struct repo_built *b);

/* Append one change ('A': old_path unused; 'D': new_path unused). */
void repo_change_add(struct repo_changes *out, char status, const char *old_path,
                     const char *new_path);
/* What changed from tree a to tree b (either NULL: empty), renames detected,
 * in path order. Appends to out. */
int repo_tree_diff(struct repo_changes *out, struct repo *repo, git_tree *a, git_tree *b,
                   struct dlg_err *err);
/* A diff between two trees (either may be NULL: empty) with renames found. */
int repo_diff_trees(git_diff **out, struct repo *repo, git_tree *a, git_tree *b,
                    struct dlg_err *err);

/* Each config entry whose name starts with prefix and ends with suffix
 * (lower case), given to fn in config order (the last one set wins). */
void repo_config_each(struct repo *repo, const char *prefix, const char *suffix,
                      int (*fn)(const git_config_entry *e, void *payload), void *payload);

/* What dlg tells libgit2 before it talks https to a URL (repo_https.c),
 * read as git reads it: GIT_SSL_CAINFO and GIT_SSL_CAPATH over
 * http.sslCAInfo and http.sslCAPath; GIT_SSL_NO_VERIFY or
 * http.sslVerify=false for verify 0. libgit2 reads none of them itself. Its
 * CA option is for the whole process, which talks to one remote; the
 * certificates given replace libgit2's default bundle, as git's replace
 * curl's. */
struct https {
	int verify;                        /* 0: take any certificate */
	const char *file_from, *path_from; /* the setting each came from */
	char *file, *path;                 /* owned; NULL when not set */
};

/* Read git's settings for url into h (nothing when url is not https) and
 * give the CA locations to libgit2; fails, saying why in err, when libgit2
 * cannot read them. Release h with repo_https_release, even after a
 * failure. */
int repo_https_setup(struct https *h, struct repo *repo, const char *name, const char *url,
                     const char *verb, struct dlg_err *err);
void repo_https_release(struct https *h);
/* The message for a certificate libgit2 did not trust (why: its reason),
 * naming the CA settings h used (h may be NULL). */
void repo_https_fail(struct dlg_err *err, const struct https *h, const char *name, const char *url,
                     const char *verb, const char *why);

#endif
