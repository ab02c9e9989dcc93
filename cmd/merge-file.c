/* merge-file.c: `dlg merge-file BASE OURS THEIRS [PATH]`: git's merge
 * driver for task and person files (merge.dlg.driver, which dlg init and
 * dlg sync register): the three-way merge of core/merge.h, key by key,
 * written into OURS. Exit 0 when clean, 1 with conflict markers, as git
 * expects of a merge driver. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/options.h"
#include "cmd/output.h"
#include "core/merge.h"
#include "lib/atomic.h"

static int read_side(struct strbuf *sb, struct merge_side *side, const char *path, int may_miss)
{
	memset(side, 0, sizeof(*side));
	if (strbuf_read_file(sb, path) < 0) {
		if (may_miss && errno == ENOENT)
			return 0;
		error_msg("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	side->data = sb->buf;
	side->len = sb->len;
	side->exists = 1;
	return 0;
}

static int cmd_merge_file(int argc, char **argv, struct dlg_ctx *ctx)
{
	const struct option options[] = { OPT_END() };
	struct strlist args = STRLIST_INIT;
	struct strbuf b = STRBUF_INIT, o = STRBUF_INIT, t = STRBUF_INIT;
	struct merge_side sb, so, st;
	struct merge_result res = MERGE_RESULT_INIT;
	struct merge_labels labels = { "ours", "theirs" };
	struct dlg_err err = DLG_ERR_INIT;
	const char *shown;
	int ret;

	if ((ret = parse_options(ctx, argc, argv, options, &args)) != OPTIONS_OK ||
	    (ret = check_args(ctx, &args, 3, 4)) != OPTIONS_OK)
		return ret;
	ret = EXIT_FATAL;
	shown = args.n > 3 ? args.v[3] : args.v[1];
	if (read_side(&b, &sb, args.v[0], 1) || read_side(&o, &so, args.v[1], 0) ||
	    read_side(&t, &st, args.v[2], 0))
		goto out;
	/* git passes an empty file as the base of a file added on both sides */
	sb.exists = sb.exists && sb.len;
	ret = merge_file(&res, &sb, &so, &st, &labels, &err);
	if (ret < 0) {
		error_msg("%s: %s", shown, err.msg ? err.msg : "cannot merge");
		ret = EXIT_FATAL;
		goto out;
	}
	if (file_write_atomic(args.v[1], res.out.buf, res.out.len, &err)) {
		error_msg("%s", err.msg);
		ret = EXIT_FATAL;
		goto out;
	}
	for (size_t i = 0; i < res.nconflicts; i++) {
		const struct merge_conflict *c = &res.conflicts[i];

		if (c->key)
			error_msg("%s:%d: conflict in '%s': %s (ours), %s (theirs)", shown, c->line,
			          c->key, c->ours ? c->ours : "deleted",
			          c->theirs ? c->theirs : "deleted");
		else
			error_msg("%s:%d: conflict in the %s: both sides changed the same lines",
			          shown, c->line, res.as_text ? "file" : "body");
	}
	ret = res.nconflicts ? EXIT_PARTIAL : EXIT_OK;
out:
	merge_result_release(&res);
	strbuf_release(&b);
	strbuf_release(&o);
	strbuf_release(&t);
	strlist_clear(&args);
	err_clear(&err);
	return ret;
}

const struct command cmd_merge_file_def = {
	"merge-file",
	cmd_merge_file,
	0,
	"BASE OURS THEIRS [PATH]",
	"git's merge driver for task and person files: merge them key by key",
	"Merges OURS and THEIRS against BASE (the %O %A %B of a git merge driver)\n"
	"front-matter key by front-matter key, the body as git merges text, and writes\n"
	"the result into OURS. A key both sides changed to different values, or lines of\n"
	"the body both changed, get conflict markers in that place only. Exit status 0\n"
	"when the merge is clean, 1 with conflicts. dlg init and dlg sync register it in\n"
	"the repository's config as merge.dlg.driver = dlg merge-file %O %A %B %P, and\n"
	"tasks/**/*.md and people/*.md as merge=dlg, so that git pull merges the same way.",
};
