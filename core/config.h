/* config.h: the model of dlg.ini ([me], [rule NAME], [channel NAME],
 * [sync]) and its validation. Parsing is pure: text in, config out. */
#ifndef DLG_CONFIG_H
#define DLG_CONFIG_H

#include "core/expr.h"
#include "lib/util.h"
#include "lib/value.h"

enum decision {
	DECISION_NONE = 0,
	DECISION_KEEP,
	DECISION_DELEGATE,
	DECISION_OUTSOURCE,
	DECISION_DROP,
};
/* "keep", "delegate", "outsource", "drop"; "" for NONE. */
const char *decision_name(enum decision d);
/* 0 and *out set when s names a decision (case-insensitive), else -1. */
int decision_parse(const char *s, enum decision *out);

struct rule {
	char *name;
	char *if_src; /* the `if` text as written */
	struct expr *cond;
	enum decision then;
	char *to;      /* optional: a people/ id */
	char *channel; /* optional: a [channel] name */
	char *because; /* optional: the reason in words */
	int line;      /* line of the [rule NAME] header */
	int if_line;   /* line of `if =` */
	int to_line;
	int channel_line;
};

struct channel {
	char *name;
	unsigned for_mask; /* bits (1u << DECISION_DELEGATE) / (1u << DECISION_OUTSOURCE) */
	char *if_src;      /* optional: no `if` means always */
	struct expr *cond;
	char *to;    /* optional: who takes this channel's work */
	char *about; /* optional: what it is for, in words */
	char *url;   /* optional */
	int line;
	int if_line;
	int to_line;
};

struct config {
	struct fields me; /* [me], typed; "a, b" values are lists */
	struct rule *rules;
	size_t nrules;
	struct channel *channels;
	size_t nchannels;
	char *remote; /* [sync] remote: the git remote a sync fetches from and
	                 pushes to, or NULL */
	char *branch; /* [sync] branch: the remote's branch, or NULL (the
	                 upstream, else the current branch's name) */
	/* [calendar] file: where every sync writes the calendar of follow-ups
	 * and due dates, relative to the task repository (never under tasks/,
	 * people/ or .git/); NULL when not set */
	char *calendar_file;
};

/* Parse dlg.ini text. Every problem is added to diags as
 * "path:LINE: message" (col 0, or the column inside an `if` expression
 * when reporting it is useful, see DESIGN.md). Returns 0 when there is no
 * error (warnings allowed), DLG_EINVALID otherwise; *out is set either way
 * when non-NULL (possibly partial) and freed with config_free. */
int config_parse(struct config **out, const char *path, const char *text, size_t len,
                 struct diags *diags);
/* Read and parse the file at fs_path, naming it path in messages. */
int config_load(struct config **out, const char *fs_path, const char *path, struct diags *diags);
/* Check `to =` of rules and channels against the people/ ids; adds errors
 * to diags. 0 or DLG_EINVALID. (A rule's `channel =` naming no [channel] is
 * reported by config_parse, which has all the channels.) */
int config_check_refs(const struct config *cfg, const char *path, const struct strlist *people,
                      struct diags *diags);
const struct channel *config_channel(const struct config *cfg, const char *name);
/* Whether any rule or channel reads `today`: what they decide can change
 * from one day to the next with no file changed. */
int config_uses_today(const struct config *cfg);
const struct rule *config_rule(const struct config *cfg, const char *name);
void config_free(struct config *cfg);

/* The default dlg.ini (examples/dlg.ini), built into the binary. */
extern const char config_default_ini[];
extern const size_t config_default_ini_len;

#endif
