/* cmd.h: what every command gets (struct dlg_ctx), the command table's
 * entries, and the table itself. */
#ifndef DLG_CMD_H
#define DLG_CMD_H

#include <stdio.h>

#include "core/config.h"
#include "lib/util.h"

/* Exit statuses (DESIGN.md): 0 all done; 1 done, but some tasks were invalid
 * or undecidable; 2 nothing done. */
enum { EXIT_OK = 0, EXIT_PARTIAL = 1, EXIT_FATAL = 2 };

/* What a command needs before it runs; dlg.c provides it. */
enum {
	NEED_ROOT = 1 << 0,   /* ctx->root: the task repository's top folder (the
	                         other two find it too) */
	NEED_CONFIG = 1 << 1, /* ctx->cfg: dlg.ini loaded and valid (else exit 2) */
	NEED_REPO = 1 << 2,   /* ctx->repo: the git repository whose work tree's top
	                         is ctx->root (else exit 2) */
};

struct dlg_ctx;
struct repo;
struct command {
	const char *name;
	/* Returns the exit status. It parses its options (cmd/options.h)
	 * before anything else: `dlg help NAME` runs it with --help alone, and
	 * no set-up, to print its help from its own table. */
	int (*fn)(int argc, char **argv, struct dlg_ctx *ctx);
	unsigned flags;
	const char *args;        /* after "dlg NAME": "[--dry-run]", "ID PERSON" */
	const char *summary;     /* one line */
	const char *description; /* a paragraph for --help, or NULL */
};

struct dlg_ctx {
	const struct command *cmd;
	const char *start_dir; /* -C DIR, else "." */
	char *root;            /* NEED_ROOT: absolute path of the task repository */
	struct config *cfg;    /* NEED_CONFIG */
	struct repo *repo;     /* NEED_REPO; main frees it after the command */
	int today;             /* days since 1970-01-01 (--today, DLG_TODAY, clock) */
	int color;             /* stdout is a terminal, no NO_COLOR, no --no-color */
	int no_color;          /* --no-color given */
};

/* The commands. Each cmd/NAME.c defines `const struct command cmd_NAME_def`. */
extern const struct command cmd_agenda_def, cmd_board_def, cmd_brief_def, cmd_calendar_def,
    cmd_check_def, cmd_done_def, cmd_edit_def, cmd_explain_def, cmd_give_def, cmd_help_def,
    cmd_init_def, cmd_list_def, cmd_log_def, cmd_merge_file_def, cmd_new_def, cmd_people_def,
    cmd_report_def, cmd_snooze_def, cmd_sync_def, cmd_undo_def;
/* The table, sorted by name, NULL-terminated. */
extern const struct command *const dlg_commands[];
const struct command *find_command(const char *name);
/* The same, or NULL after saying on stderr that name is none, and which
 * command was meant when one is close ("did you mean 'give'?"). */
const struct command *lookup_command(const char *name);
/* Whether word, given after the command cmd (next: the word after it, or
 * NULL), is one of dlg's own options (-C, --today, --no-color,
 * --version); then out says how to give it before the command. */
int global_option_hint(struct strbuf *out, const char *cmd, const char *word, const char *next);
/* dlg's own usage: the global options and the commands (cmd/dlg.c). */
void dlg_usage(FILE *fp);

#endif
