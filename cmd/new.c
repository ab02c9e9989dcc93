/* new.c: `dlg new TITLE [-e] [KEY=VALUE...]`: a new task file with a safe,
 * unique id made from its title. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/editor.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/model.h"
#include "core/task.h"
#include "formats/frontmatter.h"
#include "lib/utf8.h"

/* "Clean the gutters!" -> "clean-the-gutters": ASCII letters and digits
 * lowered, other ASCII runs made one '-', UTF-8 kept; never empty, never a
 * leading dot or a '/'. */
static char *slug(const char *title)
{
	struct strbuf sb = STRBUF_INIT;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)title; *p && sb.len < 60; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80) {
			if (dash && sb.len)
				strbuf_addch(&sb, '-');
			dash = 0;
			strbuf_addch(&sb, *p);
		} else if (*p >= 'A' && *p <= 'Z') {
			if (dash && sb.len)
				strbuf_addch(&sb, '-');
			dash = 0;
			strbuf_addch(&sb, *p - 'A' + 'a');
		} else {
			dash = 1;
		}
	}
	/* don't end inside a UTF-8 sequence when cut at 60 bytes */
	while (sb.len && (sb.buf[sb.len - 1] & 0xc0) == 0x80 && sb.len >= 60)
		strbuf_setlen(&sb, sb.len - 1);
	while (sb.len && ((unsigned char)sb.buf[sb.len - 1] & 0xc0) == 0xc0)
		strbuf_setlen(&sb, sb.len - 1);
	if (!sb.len)
		strbuf_addstr(&sb, "task");
	return strbuf_detach(&sb, NULL);
}

static int valid_key(const char *k, size_t n)
{
	if (!n || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z') || k[0] == '_'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
		      (k[i] >= '0' && k[i] <= '9') || k[i] == '_' || k[i] == '-'))
			return 0;
	return 1;
}

/* VALUE typed as front-matter would type it; "a,b" or "[a, b]" is a list. */
static void typed(struct value *out, const char *s)
{
	size_t n = strlen(s);

	if ((n >= 2 && s[0] == '[' && s[n - 1] == ']') || strchr(s, ',')) {
		char *copy = n >= 2 && s[0] == '[' ? xstrndup(s + 1, n - 2) : xstrdup(s);
		char *save = NULL;

		memset(out, 0, sizeof(*out));
		out->type = VALUE_LIST;
		for (char *tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			struct value item;

			while (*tok == ' ')
				tok++;
			for (char *e = tok + strlen(tok); e > tok && e[-1] == ' ';)
				*--e = '\0';
			if (!*tok)
				continue;
			value_from_plain(&item, tok);
			value_list_push(out, &item);
			value_free(&item);
		}
		free(copy);
		return;
	}
	value_from_plain(out, s);
}

/* VALUE for key as the command line types it: a date field takes the
 * dates people type (tomorrow, +3d, friday) and gets an ISO date; a number
 * field is never split at a comma. -1 (said) when it can't be. */
static int typed_for(struct value *out, const char *key, const char *s, int today)
{
	int days;

	switch (model_field_kind(key)) {
	case MODEL_DATE:
		if (!*s)
			break;
		if (date_parse_human(s, today, &days)) {
			error_msg(
			    "%s=%s: not a date: write YYYY-MM-DD, or today, tomorrow, +3d, 2w, "
			    "friday, next week",
			    key, s);
			return -1;
		}
		memset(out, 0, sizeof(*out));
		value_set_date(out, days);
		return 0;
	case MODEL_NUMBER:
		value_from_plain(out, s);
		return 0;
	default:
		break;
	}
	typed(out, s);
	return 0;
}

/* The title, then each KEY=VALUE in order (a key given twice keeps its first
 * place and its last value). */
static int collect_fields(struct fields *f, const char *title, const struct strlist *kv, int today)
{
	struct value v = VALUE_INIT;

	value_set_string(&v, title);
	fields_set(f, "title", &v);
	value_free(&v);
	for (size_t i = 0; i < kv->n; i++) {
		const char *eq = strchr(kv->v[i], '=');
		char *key;

		if (!eq || !valid_key(kv->v[i], (size_t)(eq - kv->v[i]))) {
			error_msg("'%s' is not KEY=VALUE (a key is letters, digits, _ and -)",
			          kv->v[i]);
			return -1;
		}
		key = xstrndup(kv->v[i], (size_t)(eq - kv->v[i]));
		if (typed_for(&v, key, eq + 1, today)) {
			free(key);
			return -1;
		}
		fields_set(f, key, &v);
		value_free(&v);
		free(key);
	}
	return 0;
}

/* The new file: an empty Brief to fill in, its front-matter written field by
 * field by the front-matter editor, which quotes what needs it. A field with
 * no value ("to=") is left in as "to:", to fill in too. */
static int skip_every_task(const char *path, const struct file_stamp *stamp, void *payload)
{
	(void)path;
	(void)stamp;
	(void)payload;
	return 1;
}

/* The fields, read as every command reads them (core/model.h): any error
 * is said, naming the field, and nothing is written. */
static int check_fields(const struct fields *f, const struct dlg_ctx *ctx)
{
	struct fields copy = FIELDS_INIT;
	struct diags d = DIAGS_INIT;
	struct taskset ts = TASKSET_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	struct people_info people;
	struct model_refs refs;
	int errors;

	for (size_t i = 0; i < f->n; i++)
		fields_set(&copy, f->v[i].key, &f->v[i].val);
	errors = model_read_task(&copy, "", &d);
	if (!taskset_load_skipping(&ts, ctx->root, 0, skip_every_task, NULL, &err)) {
		people = taskset_people_info(&ts);
		refs.cfg = ctx->cfg;
		refs.people = &people;
		errors += model_check_refs(&copy, "", &refs, &d);
	}
	for (size_t i = 0; i < d.n; i++)
		if (!d.v[i].warning)
			error_msg("%s; nothing written", d.v[i].msg);
	taskset_release(&ts);
	diags_clear(&d);
	fields_clear(&copy);
	err_clear(&err);
	return errors ? -1 : 0;
}

static int build_file(struct strbuf *out, const char *title, const struct strlist *kv,
                      const struct dlg_ctx *ctx)
{
	static const char body[] = "\n## Brief\n\n";
	struct fields f = FIELDS_INIT;
	struct fm_doc *doc = NULL;
	struct dlg_err err = DLG_ERR_INIT;
	const char *bytes;
	size_t len;
	int ret = -1;

	if (collect_fields(&f, title, kv, ctx->today) || check_fields(&f, ctx))
		goto out;
	if (fm_parse(&doc, body, sizeof(body) - 1, &err))
		goto fail;
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].val.type == VALUE_UNKNOWN ? fm_add_empty(doc, f.v[i].key, &err)
		                                     : fm_set(doc, f.v[i].key, &f.v[i].val, &err))
			goto fail;
	bytes = fm_bytes(doc, &len);
	strbuf_add(out, bytes, len);
	ret = 0;
	goto out;
fail:
	error_msg("%s", err.msg ? err.msg : "cannot write the front-matter");
out:
	fm_free(doc);
	fields_clear(&f);
	err_clear(&err);
	return ret;
}

static int cmd_new(int argc, char **argv, struct dlg_ctx *ctx)
{
	int edit = 0;
	const char *folder = NULL;
	const struct option options[] = {
		OPT_BOOL('e', "edit", &edit, "open the new file in $VISUAL or $EDITOR"),
		OPT_STRING(0, "in", &folder, "FOLDER", "put it in tasks/FOLDER/ (made if missing)"),
		OPT_END(),
	};
	struct strlist args = STRLIST_INIT, kv = STRLIST_INIT;
	struct strbuf text = STRBUF_INIT, dir = STRBUF_INIT, rel = STRBUF_INIT;
	struct dlg_err err = DLG_ERR_INIT;
	char *base = NULL, *full = NULL;
	struct stat st;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 1, ARGS_ANY)) != OPTIONS_OK)
		return ret;
	if (!*args.v[0]) {
		error_msg("a task needs a title");
		ret = EXIT_FATAL;
		goto out;
	}
	for (size_t i = 0; i < args.n; i++) {
		if (!utf8_valid(args.v[i], strlen(args.v[i]))) {
			error_msg("'%s' is not valid UTF-8 text; nothing written", args.v[i]);
			ret = EXIT_FATAL;
			goto out;
		}
	}
	for (size_t i = 1; i < args.n; i++)
		strlist_push(&kv, args.v[i]);
	if (build_file(&text, args.v[0], &kv, ctx)) {
		ret = EXIT_FATAL;
		goto out;
	}
	strbuf_addstr(&rel, "tasks");
	if (folder) {
		if (!*folder || folder[0] == '.' || folder[0] == '/' || strstr(folder, "/.") ||
		    strstr(folder, "..")) {
			error_msg("--in: '%s' is not a folder name under tasks/", folder);
			ret = EXIT_FATAL;
			goto out;
		}
		strbuf_addf(&rel, "/%s", folder);
	}
	strbuf_addf(&dir, "%s/%s", ctx->root, rel.buf);
	for (char *p = dir.buf + strlen(ctx->root) + 1;; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			if (mkdir(dir.buf, 0777) < 0 && errno != EEXIST) {
				error_msg("cannot make folder %s: %s", dir.buf, strerror(errno));
				ret = EXIT_FATAL;
				goto out;
			}
			/* never through a link: nothing is written outside tasks/ */
			if (lstat(dir.buf, &st) < 0 || !S_ISDIR(st.st_mode)) {
				error_msg("%s is not a folder (a symbolic link?); dlg writes only "
				          "inside the task repository",
				          dir.buf + strlen(ctx->root) + 1);
				ret = EXIT_FATAL;
				goto out;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	base = slug(args.v[0]);
	for (int n = 1;; n++) {
		free(full);
		full = n == 1 ? xstrfmt("%s/%s.md", dir.buf, base)
		              : xstrfmt("%s/%s-%d.md", dir.buf, base, n);
		if (stat(full, &st) < 0)
			break;
	}
	if (file_write_atomic(full, text.buf, text.len, &err)) {
		error_msg("%s", err.msg);
		ret = EXIT_FATAL;
		goto out;
	}
	printf("%s\n", full + strlen(ctx->root) + 1);
	ret = EXIT_OK;
	if (edit) {
		struct task t;

		fflush(stdout);
		if (editor_run(full))
			ret = EXIT_FATAL;
		else if (!task_load(&t, ctx->root, full + strlen(ctx->root) + 1, 0, &err)) {
			if (!t.valid) {
				error_msg("%s:%d:%d: %s", t.path, t.err.line, t.err.col, t.err.msg);
				ret = EXIT_PARTIAL;
			}
			task_release(&t);
		}
	}
out:
	free(base);
	free(full);
	strbuf_release(&text);
	strbuf_release(&dir);
	strbuf_release(&rel);
	strlist_clear(&args);
	strlist_clear(&kv);
	err_clear(&err);
	return ret;
}

const struct command cmd_new_def = {
	"new",
	cmd_new,
	NEED_ROOT | NEED_CONFIG,
	"[-e] [--in FOLDER] TITLE [KEY=VALUE...]",
	"write a new task file",
	"Makes tasks/ID.md with the title and fields given; ID comes from the title\n"
	"(lowercase letters, digits and dashes; a number is added when taken). Values\n"
	"are typed as in front-matter: yes/no, numbers, dates, text; a,b is a list.\n"
	"The next dlg sync commits it. Prints the new file's path.",
};
