/* log.c: `dlg log ID`: the task's history from git, one entry per commit
 * that changed its front-matter, each field old → new, across renames. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "cmd/common.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/repo.h"
#include "core/task.h"
#include "formats/frontmatter.h"

struct log_state {
	const struct dlg_ctx *ctx;
	size_t shown;
};

/* The fields of a stored version; invalid is set when it doesn't parse. */
static void version_fields(struct fields *out, const char *data, size_t len, int *invalid)
{
	struct fm_doc *doc = NULL;

	*invalid = 0;
	if (!data)
		return;
	if (fm_parse(&doc, data, len, NULL)) {
		*invalid = 1;
		return;
	}
	fm_fields(doc, out);
	fm_free(doc);
}

static void print_value(struct strbuf *sb, const struct value *v)
{
	if (!v || v->type == VALUE_UNKNOWN)
		strbuf_addstr(sb, "(none)");
	else
		value_format(sb, v);
}

/* "status: inbox → open" lines for each key that differs. */
static size_t diff_fields(struct strbuf *out, const struct fields *a, const struct fields *b)
{
	size_t n = 0;

	for (size_t pass = 0; pass < 2; pass++) {
		const struct fields *f = pass ? a : b;

		for (size_t i = 0; i < f->n; i++) {
			const char *key = f->v[i].key;
			const struct value *old = fields_get(a, key), *now = fields_get(b, key);

			if (pass && fields_get(b, key))
				continue; /* shown in the first pass */
			if (old && now && value_equal(old, now))
				continue;
			strbuf_addf(out, "    %s: ", key);
			print_value(out, old);
			strbuf_addstr(out, " → ");
			print_value(out, now);
			strbuf_addch(out, '\n');
			n++;
		}
	}
	return n;
}

static void format_date(char *buf, size_t size, long long when, int offset)
{
	time_t t = (time_t)(when + offset * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static int show_entry(const struct repo_history_entry *e, void *payload)
{
	struct log_state *ls = payload;
	struct fields old = FIELDS_INIT, now = FIELDS_INIT;
	struct strbuf lines = STRBUF_INIT;
	int bad_old, bad_new;
	char date[32];

	version_fields(&old, e->old_data, e->old_len, &bad_old);
	version_fields(&now, e->new_data, e->new_len, &bad_new);
	if (e->status == 'R')
		strbuf_addf(&lines, "    renamed from %s\n", e->old_path);
	if (e->status == 'A')
		strbuf_addstr(&lines, "    created\n");
	if (e->status == 'D')
		strbuf_addstr(&lines, "    deleted\n");
	if (bad_new)
		strbuf_addstr(&lines, "    (its front-matter did not parse)\n");
	else if (!bad_old || e->status == 'A')
		diff_fields(&lines, &old, &now);
	if (lines.len) {
		format_date(date, sizeof(date), e->when, e->offset);
		printf("%s%s %s%s  %s\n%s", color(ls->ctx, C_YELLOW), date, e->short_id,
		       color(ls->ctx, C_RESET), e->subject, lines.buf);
		ls->shown++;
	}
	strbuf_release(&lines);
	fields_clear(&old);
	fields_clear(&now);
	return 0;
}

static int cmd_log(int argc, char **argv, struct dlg_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	struct strlist args = STRLIST_INIT;
	struct taskset ts = TASKSET_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct log_state ls = { ctx, 0 };
	char *path = NULL;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, 1)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	if (load_taskset(&ts, ctx, TASKSET_NO_DOC))
		goto out;
	if (taskset_find(&ts, args.v[0])) {
		path = xstrdup(taskset_find(&ts, args.v[0])->path);
	} else if (!ends_with(args.v[0], ".md")) {
		/* a task deleted since may still have a history */
		path = xstrfmt("tasks/%s.md", args.v[0]);
		if (repo_file_history(ctx->repo, path, show_entry, &ls, &err))
			goto fail;
		if (ls.shown) {
			ret = EXIT_OK;
			goto out;
		}
		free(path);
		path = NULL;
	}
	if (!path) {
		struct task *t = resolve_task(&ts, args.v[0]);

		if (!t)
			goto out;
		path = xstrdup(t->path);
	}
	if (repo_file_history(ctx->repo, path, show_entry, &ls, &err))
		goto fail;
	if (!ls.shown)
		printf("%s has no committed history yet (run dlg sync)\n", path);
	ret = EXIT_OK;
	goto out;
fail:
	error_msg("%s", err.msg ? err.msg : "log failed");
out:
	free(path);
	taskset_release(&ts);
	strlist_clear(&args);
	err_clear(&err);
	return ret;
}

const struct command cmd_log_def = {
	"log",
	cmd_log,
	NEED_ROOT | NEED_REPO,
	"ID",
	"a task's history from git: each change of its fields, old → new",
	"Walks the history of the current branch, newest first, and shows each commit\n"
	"that changed the task's front-matter: its date, id and subject, and each field\n"
	"that changed, old → new. Follows the file across renames.",
};
