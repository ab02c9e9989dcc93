/* test_repo_rawidx.c: the index edited as bytes gives the very bytes
 * libgit2 writes for the same edit (stat data, blob, mode, the tree cache
 * invalidated on the way, the checksum); the indexes it leaves to libgit2;
 * racily clean entries; and SHA-1 itself. */
#include "tests/unit/test_repo.h"

#include "core/repo_priv.h"
#include "lib/sha1.h"

#include <fcntl.h>

static void hex(char *out, const unsigned char *sum)
{
	for (int i = 0; i < SHA1_LEN; i++)
		sprintf(out + 2 * i, "%02x", sum[i]);
}

/* FIPS 180's examples, a million a's fed in uneven pieces, and random
 * lengths around the block size: the same from the processor's SHA
 * instructions (where it has them) and from the plain C rounds */
static void sha1_cases(void)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	};
	unsigned char sum[SHA1_LEN];
	char got[2 * SHA1_LEN + 1];
	struct sha1 s;
	char *million = xmalloc(1000000);

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		sha1_of(sum, cases[i].in, strlen(cases[i].in));
		hex(got, sum);
		assert_string_equal(got, cases[i].want);
	}
	/* a million a's, fed in uneven pieces */
	memset(million, 'a', 1000000);
	sha1_init(&s);
	for (size_t at = 0, step = 1; at < 1000000; at += step, step = step * 3 % 1000 + 1)
		sha1_add(&s, million + at, at + step > 1000000 ? 1000000 - at : step);
	sha1_done(&s, sum);
	hex(got, sum);
	assert_string_equal(got, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);
}

static void test_sha1(void **state)
{
	unsigned char fast[SHA1_LEN], plain[SHA1_LEN], data[300];

	(void)state;
	sha1_cases();
	sha1_portable(1);
	sha1_cases();
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(data); len++) {
		sha1_portable(1);
		sha1_of(plain, data, len);
		sha1_portable(0);
		sha1_of(fast, data, len);
		assert_memory_equal(fast, plain, SHA1_LEN);
	}
}

static void read_bytes(struct strbuf *sb, const char *dir, const char *path)
{
	char *full = xstrfmt("%s/%s", dir, path);

	strbuf_reset(sb);
	assert_int_equal(strbuf_read_file(sb, full), 0);
	free(full);
}

/* A repository whose files all changed long before its index was written
 * (no entry racily clean), with folders deep enough for a tree cache of
 * several levels. */
static char *aged_repo(void)
{
	char *dir = new_repo();

	write_file(dir, "tasks/deep/er/d.md", "---\ntitle: D\n---\n");
	write_file(dir, "tasks/other/e.md", "---\ntitle: E\n---\n");
	write_file(dir, "people/amy.md", "---\nname: Amy\n---\n");
	SH(dir, "git add -A && git commit -q -m More && git ls-files -z | xargs -0 touch -d "
	        "'2020-01-02 03:04:05.123456789' && git update-index -q --refresh");
	return dir;
}

/* Give each path a new blob (its file rewritten) both ways: rawidx into
 * raw-index, libgit2 into .git/lg-index (a copy with the index's times);
 * then the two files must be the same bytes. */
static void edit_both(const char *dir, const char *const *paths, size_t n, const char *index)
{
	struct strbuf raw = STRBUF_INIT, lg = STRBUF_INIT;
	char *index_path = xstrfmt("%s/%s", dir, index);
	char *lg_path = xstrfmt("%s/.git/lg-index", dir);
	char *raw_path = xstrfmt("%s/.git/raw-index", dir);
	git_index *idx = NULL;
	struct rawidx x;
	uint64_t digest = 0, want = 0;
	int fd;

	SH(dir, "cp -p '%s' .git/lg-index", index);
	assert_int_equal(rawidx_read(&x, index_path), 0);
	assert_int_equal(git_index_open(&idx, lg_path), 0);
	for (size_t i = 0; i < n; i++) {
		char *full = xstrfmt("%s/%s", dir, paths[i]);
		git_index_entry e;
		struct stat st;
		git_oid id;
		long at;

		assert_int_equal(git_oid_fromstr(&id, "0123456789abcdef0123456789abcdef01234567"),
		                 0);
		id.id[0] = (unsigned char)i;
		assert_int_equal(lstat(full, &st), 0);
		at = rawidx_find(&x, paths[i]);
		assert_true(at >= 0);
		rawidx_set(&x, at, &id, GIT_FILEMODE_BLOB_EXECUTABLE, &st);
		memset(&e, 0, sizeof(e));
		repo_entry_stat(&e, &st);
		e.id = id;
		e.mode = GIT_FILEMODE_BLOB_EXECUTABLE;
		e.path = paths[i];
		assert_int_equal(git_index_add(idx, &e), 0);
		free(full);
	}
	fd = open(raw_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(rawidx_write(&x, fd, &digest), 0);
	close(fd);
	assert_int_equal(git_index_write(idx), 0);
	want = repo_index_digest_of(idx);
	assert_true(digest == want);
	read_bytes(&raw, dir, ".git/raw-index");
	read_bytes(&lg, dir, ".git/lg-index");
	assert_int_equal(raw.len, lg.len);
	assert_memory_equal(raw.buf, lg.buf, raw.len);

	rawidx_release(&x);
	git_index_free(idx);
	strbuf_release(&raw);
	strbuf_release(&lg);
	free(index_path);
	free(lg_path);
	free(raw_path);
}

static void test_same_as_libgit2(void **state)
{
	static const char *const one[] = { "tasks/deep/er/d.md" };
	static const char *const some[] = { "dlg.ini", "people/bob.md", "tasks/a.md",
		                            "tasks/other/e.md" };
	struct strbuf out = STRBUF_INIT;
	struct repo *repo;
	char *dir = aged_repo();

	(void)state;
	repo = open_ok(dir); /* libgit2 set up */
	write_file(dir, "tasks/deep/er/d.md", "---\ntitle: D, edited\n---\n");
	capture(&out, dir, "git ls-files --resolve-undo | wc -l; git status --porcelain");
	assert_string_equal(out.buf, "0\n M tasks/deep/er/d.md\n");
	edit_both(dir, one, ARRAY_SIZE(one), ".git/index");
	/* again on libgit2's output, whose tree cache has invalid trees */
	SH(dir, "cp .git/lg-index .git/index2 && touch -d '2021-01-01' .git/index2");
	edit_both(dir, some, ARRAY_SIZE(some), ".git/index2");
	/* and with resolve-undo records to carry over */
	SH(dir, "git config core.fileMode false && "
	        "git update-index --chmod=+x tasks/b.md && git commit -q -m X && "
	        "git rm -q --cached tasks/b.md && "
	        "printf '100644 %%s 1\\ttasks/b.md\\n100644 %%s 2\\ttasks/b.md\\n' "
	        "$(git rev-parse HEAD:tasks/a.md) $(git rev-parse HEAD:tasks/b.md) "
	        "| git update-index --index-info && git add tasks/b.md && "
	        "git ls-files --resolve-undo | grep -q b.md && touch -d '2021-01-01' .git/index");
	edit_both(dir, some, ARRAY_SIZE(some), ".git/index");

	repo_free(repo);
	strbuf_release(&out);
	free(dir);
}

/* What is left to libgit2: no index, another version, one cut short or
 * with bytes that are no extension, an extension dlg doesn't carry; and the entries rawidx_find
 * won't give (conflicts, skip-worktree, intent-to-add, a symlink, a gitlink) */
static void test_left_to_libgit2(void **state)
{
	struct repo *repo;
	struct rawidx x;
	char *dir = aged_repo(), *index = xstrfmt("%s/.git/index", dir);

	(void)state;
	repo = open_ok(dir);
	assert_int_equal(rawidx_read(&x, index), 0);
	assert_true(rawidx_find(&x, "tasks/a.md") >= 0);
	assert_int_equal(rawidx_find(&x, "tasks/zz.md"), -1);
	assert_int_equal(rawidx_find(&x, "tasks"), -1);
	assert_int_equal(rawidx_find(&x, "tasks/a.m"), -1);
	assert_int_equal(rawidx_racy_left(&x), 0);
	assert_int_equal(x.nattrs, 0);
	rawidx_release(&x);

	/* the attributes files it holds, found as it is read */
	SH(dir,
	   "cp .git/index .git/saved && echo '* text' >.gitattributes && "
	   "cp .gitattributes tasks/.gitattributes && cp .gitattributes tasks/x.gitattributes && "
	   "git add .gitattributes tasks/.gitattributes tasks/x.gitattributes");
	assert_int_equal(rawidx_read(&x, index), 0);
	assert_int_equal(x.nattrs, 2);
	{
		size_t len;
		const char *name = rawidx_name(&x, x.attrs[1], &len);

		assert_int_equal(len, strlen("tasks/.gitattributes"));
		assert_memory_equal(name, "tasks/.gitattributes", len);
	}
	rawidx_release(&x);
	SH(dir, "rm .gitattributes tasks/.gitattributes tasks/x.gitattributes");

	SH(dir, "cp .git/saved .git/index && git update-index --index-version 4");
	assert_int_equal(rawidx_read(&x, index), -1);
	SH(dir, "cp .git/saved .git/index && truncate -s -30 .git/index");
	assert_int_equal(rawidx_read(&x, index), -1);
	SH(dir, "cp .git/saved .git/index && printf 'GARB' | dd of=.git/index bs=1 "
	        "seek=$(grep -obaF TREE .git/index | tail -n 1 | cut -d: -f1) conv=notrunc");
	assert_int_equal(rawidx_read(&x, index), -1);
	SH(dir, "cp .git/saved .git/index && git -c core.untrackedCache=true status >/dev/null "
	        "&& git -c core.untrackedCache=true update-index --untracked-cache");
	assert_int_equal(rawidx_read(&x, index), -1);
	SH(dir, "rm .git/index");
	assert_int_equal(rawidx_read(&x, index), -1);

	SH(dir, "cp .git/saved .git/index && git update-index --skip-worktree tasks/b.md && "
	        "echo new >tasks/new.md && git add -N tasks/new.md && "
	        "ln -s a.md tasks/link.md && git add tasks/link.md && "
	        "printf '100644 %%s 2\\ttasks/a.md\\n' $(git rev-parse HEAD:tasks/a.md) "
	        "| git update-index --index-info");
	assert_int_equal(rawidx_read(&x, index), 0);
	assert_int_equal(rawidx_find(&x, "tasks/a.md"), -1);
	assert_int_equal(rawidx_find(&x, "tasks/b.md"), -1);
	assert_int_equal(rawidx_find(&x, "tasks/new.md"), -1);
	assert_int_equal(rawidx_find(&x, "tasks/link.md"), -1);
	assert_true(rawidx_find(&x, "tasks/deep/c.md") >= 0);
	rawidx_release(&x);

	repo_free(repo);
	free(index);
	free(dir);
}

/* An entry whose file changed no earlier than the index was written is
 * racily clean: unless it is among those set, the index goes to libgit2 */
static void test_racy(void **state)
{
	struct repo *repo;
	struct rawidx x;
	char *dir = aged_repo(), *index = xstrfmt("%s/.git/index", dir);
	long at;

	(void)state;
	repo = open_ok(dir);
	/* tasks/a.md's stat data as of when the index was written */
	SH(dir, "touch -d '2020-01-02 03:04:05.123456789' .git/index && "
	        "git ls-files --debug tasks/a.md | grep -q 'mtime: 1577934245:123456789'");
	assert_int_equal(rawidx_read(&x, index), 0);
	assert_int_equal(rawidx_racy_left(&x), 1);
	at = rawidx_find(&x, "tasks/a.md");
	assert_true(at >= 0);
	rawidx_mark(&x, at);
	assert_int_equal(rawidx_racy_left(&x), 1); /* every file has that time */
	rawidx_release(&x);
	SH(dir, "touch -d '2020-01-02 03:04:05.123456790' .git/index");
	assert_int_equal(rawidx_read(&x, index), 0);
	assert_int_equal(rawidx_racy_left(&x), 0);
	rawidx_release(&x);

	repo_free(repo);
	free(index);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1),
		cmocka_unit_test(test_same_as_libgit2),
		cmocka_unit_test(test_left_to_libgit2),
		cmocka_unit_test(test_racy),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
