/* test_repo_undo.c: the repository's side of dlg undo and dlg init: the
 * first-parent walk, whether commits were pushed, repo_revert, and whether a
 * folder lies inside another work tree. */
#include "tests/unit/test_repo.h"

/* repo_enclosing_workdir */

static void assert_enclosing(const char *dir, const char *want)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf top = STRBUF_INIT;
	int rc = repo_enclosing_workdir(&top, dir, &err);

	if (want) {
		assert_int_equal(rc, 1);
		assert_string_equal(top.buf, want);
	} else {
		assert_int_equal(rc, 0);
		assert_string_equal(top.buf, "");
	}
	strbuf_release(&top);
	err_clear(&err);
}

static void test_enclosing(void **state)
{
	char *dir = new_repo(), *top = xstrfmt("%s/", dir), *p;

	(void)state;
	assert_enclosing(dir, NULL);
	p = xstrfmt("%s/tasks", dir);
	assert_enclosing(p, top);
	free(p);
	p = xstrfmt("%s/tasks/deep/", dir);
	assert_enclosing(p, top);
	free(p);
	/* folders that are not there yet */
	p = xstrfmt("%s/not/there/yet", dir);
	assert_enclosing(p, top);
	free(p);
	/* a repository of its own inside: its top is no nesting */
	SH(dir, "git init -q inner");
	p = xstrfmt("%s/inner", dir);
	assert_enclosing(p, NULL);
	free(p);
	p = xstrfmt("%s/inner/x", dir);
	free(top);
	top = xstrfmt("%s/inner/", dir);
	assert_enclosing(p, top);
	free(p);
	free(dir);
	/* in no repository at all (the search stops at trash) */
	dir = new_dir();
	assert_enclosing(dir, NULL);
	p = xstrfmt("%s/a/b", dir);
	assert_enclosing(p, NULL);
	free(p);
	free(top);
	free(dir);
}

/* repo_log */

struct subjects {
	struct strbuf seen;
	int stop_at; /* return 7 at this call, or never (0) */
	int calls;
};

static int add_subject(const struct repo_log_entry *e, void *payload)
{
	struct subjects *s = payload;

	s->calls++;
	strbuf_add(&s->seen, e->message, strcspn(e->message, "\n"));
	strbuf_addf(&s->seen, " %zu\n", e->nparents);
	assert_int_equal(strlen(e->short_id), 7);
	assert_int_equal(e->when, 1700000000);
	return s->calls == s->stop_at ? 7 : 0;
}

static void test_log(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct subjects s = { STRBUF_INIT, 0, 0 };
	char *dir = new_dir();
	struct repo *repo = NULL;

	(void)state;
	assert_int_equal(repo_init(&repo, dir, &err), 0);
	assert_int_equal(repo_log(repo, add_subject, &s, &err), 0);
	assert_int_equal(s.calls, 0);
	SH(dir, "git commit -q --allow-empty -m One && git commit -q --allow-empty -m Two -m Body");
	SH(dir, "git checkout -q -b side && git commit -q --allow-empty -m Side && "
	        "git checkout -q main && git merge -q --no-ff -m Merge side");
	assert_int_equal(repo_log(repo, add_subject, &s, &err), 0);
	assert_string_equal(s.seen.buf, "Merge 2\nTwo 1\nOne 0\n");
	s.calls = 0;
	s.stop_at = 2;
	strbuf_reset(&s.seen);
	assert_int_equal(repo_log(repo, add_subject, &s, &err), 7);
	assert_string_equal(s.seen.buf, "Merge 2\nTwo 1\n");
	repo_free(repo);
	strbuf_release(&s.seen);
	err_clear(&err);
	free(dir);
}

/* repo_published, repo_same_tree */

static void test_published(void **state)
{
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf ref = STRBUF_INIT;
	struct repo_oid first, second;
	char *dir = new_repo();
	struct repo *repo = open_ok(dir);

	(void)state;
	assert_int_equal(repo_head(&first, repo, &err), 0);
	assert_int_equal(repo_published(&ref, repo, &first, &err), 0);
	SH(dir, "git init -q --bare ../r.git && git remote add origin ../r.git && "
	        "git push -q -u origin main");
	assert_int_equal(repo_published(&ref, repo, &first, &err), 1);
	assert_string_equal(ref.buf, "origin/main");
	SH(dir, "git commit -q --allow-empty -m Later");
	assert_int_equal(repo_head(&second, repo, &err), 0);
	assert_int_equal(repo_published(&ref, repo, &second, &err), 0);
	assert_int_equal(repo_published(&ref, repo, &first, &err), 1);
	assert_int_equal(repo_same_tree(repo, &first, &second, &err), 1);
	SH(dir, "echo x >>notes.txt && git commit -q -am Notes");
	assert_int_equal(repo_head(&second, repo, &err), 0);
	assert_int_equal(repo_same_tree(repo, &first, &second, &err), 0);
	/* any remote-tracking branch counts */
	SH(dir, "git push -q origin main:other");
	assert_int_equal(repo_published(&ref, repo, &second, &err), 1);
	assert_string_equal(ref.buf, "origin/other");
	repo_free(repo);
	strbuf_release(&ref);
	err_clear(&err);
	free(dir);
}

/* repo_revert */

static char *revert_message(const struct repo_changes *ch, void *payload)
{
	struct strbuf *seen = payload;

	for (size_t i = 0; i < ch->n; i++)
		strbuf_addf(seen, "%c %s\n", ch->v[i].status,
		            ch->v[i].new_path ? ch->v[i].new_path : ch->v[i].old_path);
	return xstrdup("Take it back");
}

static int revert(struct repo_commit_result *res, struct repo *repo, const struct repo_oid *base,
                  struct strbuf *seen, int dry_run, struct dlg_err *err)
{
	struct repo_revert_opts o = REPO_REVERT_OPTS_INIT;
	struct repo_oid head;

	assert_int_equal(repo_head(&head, repo, err), 0);
	o.head = &head;
	o.base = base;
	o.tip = &head;
	o.message = revert_message;
	o.payload = seen;
	o.dry_run = dry_run;
	return repo_revert(res, repo, &o, err);
}

static void test_revert(void **state)
{
	struct repo_commit_result res = REPO_COMMIT_RESULT_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct strbuf seen = STRBUF_INIT, out = STRBUF_INIT, before = STRBUF_INIT;
	struct repo_oid base;
	char *dir = new_repo();
	struct repo *repo = open_ok(dir);

	(void)state;
	assert_int_equal(repo_head(&base, repo, &err), 0);
	capture(&before, dir, "git rev-parse HEAD^{tree}");
	write_file(dir, "tasks/a.md", "---\ntitle: A\nstatus: open\n---\nbody a\n");
	/* unlike b.md, so that it is no rename */
	write_file(dir, "tasks/new/n.md",
	           "---\ntitle: Something else entirely\ndue: 2026-12-01\n---\n");
	SH(dir, "git rm -q tasks/b.md && git add -A tasks && git commit -q -m Sync");

	/* a dry run: the changes, nothing else */
	assert_int_equal(revert(&res, repo, &base, &seen, 1, &err), 0);
	assert_false(res.committed);
	assert_int_equal(res.changes.n, 3);
	assert_int_equal(res.changes.v[0].status, 'M');
	assert_int_equal(res.changes.v[1].status, 'A');
	assert_int_equal(res.changes.v[2].status, 'D');
	assert_string_equal(seen.buf, "");
	repo_commit_result_clear(&res);
	assert_int_equal(count_lines(dir, "git rev-list HEAD"), 2);

	/* refused while a path has edits not committed */
	write_file(dir, "tasks/new/n.md", "---\ntitle: edited\n---\n");
	assert_int_equal(revert(&res, repo, &base, &seen, 0, &err), DLG_ESTATE);
	assert_non_null(strstr(err.msg, "tasks/new/n.md has changes not committed"));
	repo_commit_result_clear(&res);
	SH(dir, "git checkout -q -- tasks/new/n.md");

	assert_int_equal(revert(&res, repo, &base, &seen, 0, &err), 0);
	assert_true(res.committed);
	assert_string_equal(seen.buf, "M tasks/a.md\nA tasks/b.md\nD tasks/new/n.md\n");
	capture(&out, dir, "git rev-parse HEAD^{tree}");
	assert_string_equal(out.buf, before.buf);
	capture(&out, dir, "git log --format=%%s");
	assert_string_equal(out.buf, "Take it back\nSync\nStart\n");
	capture(&out, dir, "git status --porcelain --ignored");
	assert_string_equal(out.buf, "");
	capture(&out, dir, "cat tasks/a.md tasks/b.md; test -e tasks/new || echo gone");
	assert_string_equal(out.buf,
	                    "---\ntitle: A\n---\nbody a\n---\ntitle: B\n---\nbody b\ngone\n");
	assert_index_matches_files(dir);
	assert_fsck(dir);
	repo_commit_result_clear(&res);

	/* what dlg does not manage is never taken back */
	assert_int_equal(repo_head(&base, repo, &err), 0);
	SH(dir, "echo more >>notes.txt && echo x >>tasks/a.md && git commit -q -am Mixed");
	assert_int_equal(revert(&res, repo, &base, &seen, 0, &err), DLG_ESTATE);
	assert_non_null(strstr(err.msg, "notes.txt, which dlg does not manage"));
	repo_commit_result_clear(&res);
	capture(&out, dir, "git status --porcelain; git log -1 --format=%%s");
	assert_string_equal(out.buf, "Mixed\n");

	repo_free(repo);
	strbuf_release(&seen);
	strbuf_release(&out);
	strbuf_release(&before);
	err_clear(&err);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enclosing),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_published),
		cmocka_unit_test(test_revert),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
