/* test_config.c: reading dlg.ini: the built-in default, [me] values and
 * lists, comments, rules and channels in file order, and every problem
 * reported as dlg.ini:LINE: message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "formats/ini.h"

/* Parse text; return its diags, one formatted per line ("" when none). The
 * config is kept in *cfg when cfg is non-NULL. */
static char *diags_of(const char *text, struct config **cfg, int *ret)
{
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct config *c = NULL;
	int r = config_parse(&c, "dlg.ini", text, strlen(text), &d);

	assert_non_null(c);
	for (size_t i = 0; i < d.n; i++) {
		diag_format(&sb, &d.v[i]);
		strbuf_addch(&sb, '\n');
	}
	/* The return value says whether there was an error. */
	assert_int_equal(r != 0, diags_errors(&d) > 0);
	if (ret)
		*ret = r;
	diags_clear(&d);
	if (cfg)
		*cfg = c;
	else
		config_free(c);
	return strbuf_detach(&sb, NULL);
}

#define assert_diags(text, want)                                                                   \
	do {                                                                                       \
		char *got_ = diags_of((text), NULL, NULL);                                         \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static struct config *parse_clean(const char *text)
{
	struct config *cfg;
	int ret;
	char *d = diags_of(text, &cfg, &ret);

	if (*d)
		fail_msg("unexpected diags:\n%s", d);
	assert_int_equal(ret, 0);
	free(d);
	return cfg;
}

static void test_decision_names(void **state)
{
	enum decision d = DECISION_NONE;

	(void)state;
	assert_string_equal(decision_name(DECISION_KEEP), "keep");
	assert_string_equal(decision_name(DECISION_DELEGATE), "delegate");
	assert_string_equal(decision_name(DECISION_OUTSOURCE), "outsource");
	assert_string_equal(decision_name(DECISION_DROP), "drop");
	assert_string_equal(decision_name(DECISION_NONE), "");
	assert_int_equal(decision_parse("Outsource", &d), 0);
	assert_int_equal(d, DECISION_OUTSOURCE);
	assert_int_equal(decision_parse("maybe", &d), -1);
	assert_int_equal(decision_parse("", &d), -1);
	assert_int_equal(d, DECISION_OUTSOURCE);
}

/* The default dlg.ini, as built in and as the example file. */
static void test_default_parses(void **state)
{
	static const char *const rules[] = { "enjoy",      "learning",    "core-purpose",
		                             "too-dear",   "unimportant", "day-eaters",
		                             "bad-at",     "dislike",     "low-return",
		                             "urgent-only" };
	static const enum decision thens[] = { DECISION_KEEP,      DECISION_KEEP,
		                               DECISION_KEEP,      DECISION_KEEP,
		                               DECISION_DROP,      DECISION_DELEGATE,
		                               DECISION_OUTSOURCE, DECISION_OUTSOURCE,
		                               DECISION_OUTSOURCE, DECISION_OUTSOURCE };
	static const char *const channels[] = { "professional", "scheduling", "assistant", "uber",
		                                "taskrabbit",   "fiverr",     "upwork" };
	struct config *cfg;
	const struct value *v;

	(void)state;
	assert_int_equal(strlen(config_default_ini), config_default_ini_len);
	cfg = parse_clean(config_default_ini);
	assert_int_equal(cfg->nrules, ARRAY_SIZE(rules));
	for (size_t i = 0; i < cfg->nrules; i++) {
		assert_string_equal(cfg->rules[i].name, rules[i]);
		assert_int_equal(cfg->rules[i].then, thens[i]);
		assert_non_null(cfg->rules[i].cond);
		assert_non_null(cfg->rules[i].because);
		assert_null(cfg->rules[i].to);
		assert_null(cfg->rules[i].channel);
	}
	assert_int_equal(cfg->nchannels, ARRAY_SIZE(channels));
	for (size_t i = 0; i < cfg->nchannels; i++) {
		unsigned want = !strcmp(channels[i], "scheduling")
		                    ? (1u << DECISION_DELEGATE) | (1u << DECISION_OUTSOURCE)
		                : !strcmp(channels[i], "assistant") ? 1u << DECISION_DELEGATE
		                                                    : 1u << DECISION_OUTSOURCE;

		assert_string_equal(cfg->channels[i].name, channels[i]);
		assert_int_equal(cfg->channels[i].for_mask, want);
		assert_non_null(cfg->channels[i].about);
	}
	assert_null(cfg->channels[6].if_src); /* upwork takes anything */
	assert_null(cfg->channels[2].if_src); /* so does the assistant */
	assert_string_equal(cfg->channels[4].url, "https://www.taskrabbit.com");
	assert_string_equal(cfg->rules[3].if_src, "cost > hours * me.hourly_rate");
	assert_string_equal(cfg->rules[0].because, "I enjoy it");

	v = fields_get(&cfg->me, "hourly_rate");
	assert_non_null(v);
	assert_int_equal(v->type, VALUE_NUMBER);
	assert_true(v->number == 60);
	v = fields_get(&cfg->me, "core");
	assert_non_null(v);
	assert_int_equal(v->type, VALUE_LIST);
	assert_int_equal(v->n, 2);
	assert_string_equal(v->items[0].string, "writing");
	assert_string_equal(v->items[1].string, "coaching");
	v = fields_get(&cfg->me, "follow_up_days");
	assert_non_null(v);
	assert_true(v->number == 7);
	assert_null(cfg->remote); /* [sync] is commented out */
	assert_ptr_equal(config_rule(cfg, "bad-at"), &cfg->rules[6]);
	assert_ptr_equal(config_channel(cfg, "fiverr"), &cfg->channels[5]);
	assert_null(config_rule(cfg, "nope"));
	assert_null(config_channel(cfg, NULL));
	config_free(cfg);
}

/* The built-in text is examples/dlg.ini byte for byte. */
static void test_default_matches_file(void **state)
{
	static const char *const tries[] = { "examples/dlg.ini", "../examples/dlg.ini",
		                             "../../examples/dlg.ini",
		                             "../../../examples/dlg.ini" };
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(tries); i++)
		if (!strbuf_read_file(&sb, tries[i]))
			break;
	if (i == ARRAY_SIZE(tries))
		fail_msg("examples/dlg.ini not found from the current folder");
	assert_int_equal(sb.len, config_default_ini_len);
	assert_memory_equal(sb.buf, config_default_ini, sb.len);
	strbuf_release(&sb);
}

static void test_me_values(void **state)
{
	struct config *cfg;
	const struct value *v;

	(void)state;
	cfg = parse_clean("[me]\n"
	                  "name = Igor Dvorkin\n"
	                  "rate = 60.5   ; inline comment\n"
	                  "start = 2026-01-05\n"
	                  "busy = yes\n"
	                  "core = writing , coaching,music\n"
	                  "one = writing,\n"
	                  "mixed = 1, 2026-02-03, no, \"a, b\", text\n"
	                  "quoted = \"42\"\n"
	                  "empty =\n"
	                  "url = https://example.org/a;b\n");
	v = fields_get(&cfg->me, "name");
	assert_int_equal(v->type, VALUE_STRING);
	assert_string_equal(v->string, "Igor Dvorkin");
	v = fields_get(&cfg->me, "rate");
	assert_int_equal(v->type, VALUE_NUMBER);
	assert_true(v->number == 60.5);
	v = fields_get(&cfg->me, "start");
	assert_int_equal(v->type, VALUE_DATE);
	assert_int_equal(v->date, date_from_ymd(2026, 1, 5));
	v = fields_get(&cfg->me, "busy");
	assert_int_equal(v->type, VALUE_BOOL);
	assert_true(v->boolean);
	v = fields_get(&cfg->me, "core");
	assert_int_equal(v->type, VALUE_LIST);
	assert_int_equal(v->n, 3);
	assert_string_equal(v->items[0].string, "writing");
	assert_string_equal(v->items[1].string, "coaching");
	assert_string_equal(v->items[2].string, "music");
	v = fields_get(&cfg->me, "one");
	assert_int_equal(v->type, VALUE_LIST);
	assert_int_equal(v->n, 1);
	assert_string_equal(v->items[0].string, "writing");
	v = fields_get(&cfg->me, "mixed");
	assert_int_equal(v->type, VALUE_LIST);
	assert_int_equal(v->n, 5);
	assert_int_equal(v->items[0].type, VALUE_NUMBER);
	assert_int_equal(v->items[1].type, VALUE_DATE);
	assert_int_equal(v->items[2].type, VALUE_BOOL);
	assert_int_equal(v->items[3].type, VALUE_STRING);
	assert_string_equal(v->items[3].string, "a, b");
	assert_string_equal(v->items[4].string, "text");
	v = fields_get(&cfg->me, "quoted");
	assert_int_equal(v->type, VALUE_STRING);
	assert_string_equal(v->string, "42");
	v = fields_get(&cfg->me, "empty");
	assert_non_null(v);
	assert_int_equal(v->type, VALUE_UNKNOWN);
	/* ';' starts a comment only after whitespace, as in inih. */
	assert_string_equal(fields_get(&cfg->me, "url")->string, "https://example.org/a;b");
	config_free(cfg);
}

static void test_comments_and_layout(void **state)
{
	struct config *cfg;

	(void)state;
	/* BOM, CRLF, comments of both kinds, indented keys, ':' separators,
	 * blank lines, a comment after a header. */
	cfg = parse_clean("\xef\xbb\xbf; a comment\r\n"
	                  "# another\r\n"
	                  "\r\n"
	                  "[me]   ; who I am\r\n"
	                  "  hourly_rate = 80 ; per hour\r\n"
	                  "\r\n"
	                  "[rule  Enjoy It ]\r\n"
	                  "\tif = enjoy ; the whole if\r\n"
	                  "\tthen: keep\r\n"
	                  "\tbecause = \"I enjoy it\"\r\n"
	                  "[sync]\r\n"
	                  "remote = origin\r\n");
	assert_true(fields_get(&cfg->me, "hourly_rate")->number == 80);
	assert_int_equal(cfg->nrules, 1);
	assert_string_equal(cfg->rules[0].name, "Enjoy It");
	assert_string_equal(cfg->rules[0].if_src, "enjoy");
	assert_int_equal(cfg->rules[0].line, 7);
	assert_int_equal(cfg->rules[0].if_line, 8);
	assert_int_equal(cfg->rules[0].then, DECISION_KEEP);
	assert_string_equal(cfg->rules[0].because, "I enjoy it");
	assert_string_equal(cfg->remote, "origin");
	config_free(cfg);

	/* An empty file is a valid config with no rules. */
	cfg = parse_clean("");
	assert_int_equal(cfg->nrules, 0);
	assert_int_equal(cfg->nchannels, 0);
	assert_int_equal(cfg->me.n, 0);
	config_free(cfg);
}

static void test_rules_and_channels(void **state)
{
	struct config *cfg;

	(void)state;
	cfg = parse_clean("[channel assistant]\n"
	                  "for = delegate\n"
	                  "if = \"admin\" in tags\n"
	                  "to = gary\n"
	                  "about = my assistant\n"
	                  "[channel anyone]\n"
	                  "for = delegate, outsource\n"
	                  "[channel default]\n"
	                  "url = https://example.org\n"
	                  "[rule support]\n"
	                  "if = purpose == \"support\"\n"
	                  "then = delegate\n"
	                  "to = bob\n"
	                  "channel = assistant\n"
	                  "[rule b]\n"
	                  "if = yes\n"
	                  "then = DROP\n");
	assert_int_equal(cfg->nchannels, 3);
	assert_int_equal(cfg->channels[0].for_mask, 1u << DECISION_DELEGATE);
	assert_string_equal(cfg->channels[0].to, "gary");
	assert_int_equal(cfg->channels[0].to_line, 4);
	assert_int_equal(cfg->channels[0].if_line, 3);
	assert_int_equal(cfg->channels[1].for_mask,
	                 (1u << DECISION_DELEGATE) | (1u << DECISION_OUTSOURCE));
	assert_int_equal(cfg->channels[2].for_mask, 1u << DECISION_OUTSOURCE);
	assert_null(cfg->channels[2].cond);
	assert_int_equal(cfg->nrules, 2);
	assert_string_equal(cfg->rules[0].to, "bob");
	assert_int_equal(cfg->rules[0].to_line, 13);
	assert_string_equal(cfg->rules[0].channel, "assistant");
	assert_int_equal(cfg->rules[0].channel_line, 14);
	assert_null(cfg->rules[0].because);
	assert_int_equal(cfg->rules[1].then, DECISION_DROP);
	config_free(cfg);
}

static void test_section_errors(void **state)
{
	(void)state;
	assert_diags("[me]\nx = 1\n\n[chanel x]\nfor = outsource\n",
	             "dlg.ini:4: unknown section [chanel x] (did you mean [channel x]?)\n");
	assert_diags("[mee]\n", "dlg.ini:1: unknown section [mee] (did you mean [me]?)\n");
	assert_diags("[people]\nx = 1\n", "dlg.ini:1: unknown section [people]\n");
	assert_diags("[rule]\nif = yes\n", "dlg.ini:1: [rule] needs a name: [rule NAME]\n");
	assert_diags("[channel]\n", "dlg.ini:1: [channel] needs a name: [channel NAME]\n");
	assert_diags("[me igor]\n", "dlg.ini:1: [me] takes no name: write [me]\n");
	assert_diags("hourly_rate = 60\n[me]\n",
	             "dlg.ini:1: key 'hourly_rate' is outside any section: put it under [me], "
	             "[rule NAME], [channel NAME] or [sync]\n");
}

static void test_rule_errors(void **state)
{
	(void)state;
	assert_diags("[rule enjoy]\niff = enjoy\nthen = keep\n",
	             "dlg.ini:2: unknown key 'iff' in [rule enjoy] (did you mean 'if'?)\n"
	             "dlg.ini:1: [rule enjoy] has no 'if': add if = EXPRESSION\n");
	assert_diags("[rule x]\nif = yes\nwhy = fun\nthen = keep\n",
	             "dlg.ini:3: unknown key 'why' in [rule x]\n");
	assert_diags("; rules\n[rule enjoy]\nif = enjoy\n",
	             "dlg.ini:2: [rule enjoy] has no 'then': add then = keep, delegate, "
	             "outsource or drop\n");
	assert_diags("[rule enjoy]\nif = enjoy\nthen = kep\n",
	             "dlg.ini:3: [rule enjoy] then 'kep' is not keep, delegate, outsource or drop "
	             "(did you mean 'keep'?)\n");
	assert_diags("[rule enjoy]\nif = enjoy\nthen = maybe\n",
	             "dlg.ini:3: [rule enjoy] then 'maybe' is not keep, delegate, outsource or "
	             "drop\n");
	assert_diags("[rule a]\nthen = keep\n",
	             "dlg.ini:1: [rule a] has no 'if': add if = EXPRESSION\n");
	assert_diags("[rule a]\n",
	             "dlg.ini:1: [rule a] has no 'if': add if = EXPRESSION\n"
	             "dlg.ini:1: [rule a] has no 'then': add then = keep, delegate, outsource or "
	             "drop\n");
	assert_diags("[me]\nx = 1\n\n\n\n\n\n\n\n\n\n[rule enjoy]\nif = enjoy\nthen = keep\n\n"
	             "[rule enjoy]\nif = yes\nthen = drop\n",
	             "dlg.ini:16: duplicate rule 'enjoy' (first at line 12)\n");
	assert_diags("[rule x]\nif = (hours * 2))\nthen = keep\n",
	             "dlg.ini:2: bad expression in [rule x] if, column 12: unexpected ')'\n");
	assert_diags("[rule x]\nif = enjoy\nthen = keep\nif = learn\n",
	             "dlg.ini:4: key 'if' given twice in [rule x] (first at line 2)\n");
	assert_diags("[rule x]\nif = enjoy\nthen = keep\nto = bob\n",
	             "dlg.ini:4: [rule x] has 'to', but a keep rule hands nothing off\n");
	assert_diags("[rule x]\nif = enjoy\nchannel = fiverr\nthen = drop\n[channel fiverr]\n",
	             "dlg.ini:3: [rule x] has 'channel', but a drop rule hands nothing off\n");
	assert_diags("[rule x]\nif = enjoy\nthen = outsource\nchannel = fiver\n"
	             "[channel fiverr]\n",
	             "dlg.ini:4: [rule x] channel 'fiver' names no [channel] (did you mean "
	             "'fiverr'?)\n");
	assert_diags("[rule x]\nif = enjoy\nthen = outsource\nchannel = elance\n",
	             "dlg.ini:4: [rule x] channel 'elance' names no [channel]\n");
	assert_diags("[rule x]\nif =\nthen = keep\n",
	             "dlg.ini:2: [rule x] if is empty\n"
	             "dlg.ini:1: [rule x] has no 'if': add if = EXPRESSION\n");
	assert_diags("[rule manual]\nif = yes\nthen = keep\n",
	             "dlg.ini:1: a rule may not be named 'manual': tasks say rule: manual when you "
	             "decided them yourself\n");
}

static void test_channel_and_me_errors(void **state)
{
	(void)state;
	assert_diags("[channel a]\nfor = outsource\n[channel a]\nfor = delegate\n",
	             "dlg.ini:3: duplicate channel 'a' (first at line 1)\n");
	assert_diags("[channel a]\nfor = keep\n",
	             "dlg.ini:2: [channel a] for 'keep' is not delegate or outsource\n");
	assert_diags("[channel a]\nfor = delegate, sometimes\n",
	             "dlg.ini:2: [channel a] for 'sometimes' is not delegate or outsource\n");
	assert_diags("[channel a]\nurl = x\nabuot = y\n",
	             "dlg.ini:3: unknown key 'abuot' in [channel a] (did you mean 'about'?)\n");
	{
		/* The message after the column is expr_parse's. */
		char *got = diags_of("[channel a]\nif = cost <=\n", NULL, NULL);
		const char *want = "dlg.ini:2: bad expression in [channel a] if, column 8: ";

		assert_true(starts_with(got, want));
		assert_non_null(strstr(got, "'<='"));
		free(got);
	}
	assert_diags("[me]\nrate = 1\n[sync]\nremote = origin\n[me]\nrate = 2\n",
	             "dlg.ini:6: key 'rate' given twice in [me] (first at line 2)\n");
	assert_diags("[sync]\nremot = origin\n",
	             "dlg.ini:2: unknown key 'remot' in [sync] (did you mean 'remote'?)\n");
	assert_diags("[sync]\nremote =\n", "dlg.ini:2: [sync] remote is empty\n");
}

/* Lines inih does not accept, each reported with its own line. */
static void test_syntax_errors(void **state)
{
	char *long_line;

	(void)state;
	assert_diags("[me]\nhourly_rate 60\nx = 1\njust words\n",
	             "dlg.ini:2: expected 'key = value', '[section]' or a comment\n"
	             "dlg.ini:4: expected 'key = value', '[section]' or a comment\n");
	/* The keys of a header that could not be read are not reported again. */
	assert_diags("[rule x\nif = yes\n[me]\nx = 1\n",
	             "dlg.ini:1: section header has no closing ']'\n");
	assert_diags("[me] rate = 1\n", "dlg.ini:1: unexpected text after ']'\n");
	assert_diags("[me]\n= 1\n", "dlg.ini:2: missing key before '='\n");
	/* long lines are read, and their errors are the same */
	long_line = xstrfmt("[me]\nnote %0300d\n= %0300d\nx = 1\n", 0, 0);
	assert_diags(long_line, "dlg.ini:2: expected 'key = value', '[section]' or a comment\n"
	                        "dlg.ini:3: missing key before '='\n");
	free(long_line);
	{
		static const char nul[] = "[me]\nx = 1\0\ny = 2\n";
		struct diags d = DIAGS_INIT;
		struct config *cfg = NULL;

		assert_int_equal(config_parse(&cfg, "dlg.ini", nul, sizeof(nul) - 1, &d),
		                 DLG_EINVALID);
		assert_int_equal(d.n, 1);
		assert_int_equal(d.v[0].line, 2);
		assert_string_equal(d.v[0].msg, "line contains a NUL byte");
		assert_true(fields_get(&cfg->me, "y")->number == 2);
		diags_clear(&d);
		config_free(cfg);
	}
}

/* The ini layer: entries and headers in file order, with lines. */
static void test_ini_read(void **state)
{
	static const char text[] = "; c\n[rule  a b ]\nk = v ; c\n\n[me]\nx: 1\n[rule z]";
	struct ini_doc doc = INI_DOC_INIT;
	struct diags d = DIAGS_INIT;

	(void)state;
	assert_int_equal(ini_read(&doc, "f.ini", text, sizeof(text) - 1, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(doc.n, 5);
	assert_int_equal(doc.v[0].line, 2);
	assert_string_equal(doc.v[0].section, "rule");
	assert_string_equal(doc.v[0].name, "a b");
	assert_null(doc.v[0].key);
	assert_int_equal(doc.v[1].line, 3);
	assert_string_equal(doc.v[1].key, "k");
	assert_string_equal(doc.v[1].value, "v");
	assert_string_equal(doc.v[1].name, "a b");
	assert_string_equal(doc.v[2].section, "me");
	assert_null(doc.v[2].name);
	assert_int_equal(doc.v[3].line, 6);
	assert_string_equal(doc.v[3].key, "x");
	assert_string_equal(doc.v[3].value, "1");
	assert_int_equal(doc.v[4].line, 7);
	assert_string_equal(doc.v[4].name, "z");
	ini_doc_release(&doc);
	ini_doc_release(&doc);
	ini_doc_release(NULL);
}

static void test_check_refs(void **state)
{
	struct strlist people = STRLIST_INIT;
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct config *cfg;

	(void)state;
	strlist_push(&people, "bob");
	strlist_push(&people, "gary");
	cfg = parse_clean("[rule x]\nif = yes\nthen = delegate\nto = bobb\n"
	                  "[rule y]\nif = yes\nthen = delegate\nto = bob\n"
	                  "[channel c]\nfor = delegate\nto = zed\n");
	assert_int_equal(config_check_refs(cfg, "dlg.ini", &people, &d), DLG_EINVALID);
	assert_int_equal(d.n, 2);
	diag_format(&sb, &d.v[0]);
	assert_string_equal(sb.buf,
	                    "dlg.ini:4: [rule x] to 'bobb' names no file in people/ (did you mean "
	                    "'bob'?)");
	strbuf_reset(&sb);
	diag_format(&sb, &d.v[1]);
	assert_string_equal(sb.buf, "dlg.ini:11: [channel c] to 'zed' names no file in people/");
	diags_clear(&d);
	config_free(cfg);

	cfg = parse_clean(config_default_ini);
	assert_int_equal(config_check_refs(cfg, "dlg.ini", &people, &d), 0);
	assert_int_equal(d.n, 0);
	config_free(cfg);
	strbuf_release(&sb);
	strlist_clear(&people);
}

static void test_load(void **state)
{
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct config *cfg = (struct config *)&sb; /* must be reset */
	char path[] = "/tmp/dlg-test-config-XXXXXX";
	int fd;

	(void)state;
	assert_int_equal(config_load(&cfg, "/nonexistent/dlg.ini", "dlg.ini", &d), DLG_ERROR);
	assert_null(cfg);
	assert_int_equal(d.n, 1);
	diag_format(&sb, &d.v[0]);
	assert_string_equal(sb.buf, "dlg.ini: cannot read: No such file or directory");
	diags_clear(&d);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, config_default_ini, config_default_ini_len),
	                 (ssize_t)config_default_ini_len);
	close(fd);
	assert_int_equal(config_load(&cfg, path, "dlg.ini", &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(cfg->nrules, 10);
	config_free(cfg);
	unlink(path);
	config_free(NULL);
	strbuf_release(&sb);
}

/* Whatever the bytes, parsing terminates, frees everything, and reports
 * only with line numbers inside the text. */
static void test_garbage(void **state)
{
	static const char *const inputs[] = {
		"[",
		"]",
		"[[rule x]]",
		"[rule x]]\nif = ((((\n",
		"=",
		"==\n:\n",
		";\n#\n[\n",
		"[me]\nx = \"\n",
		"[me]\nx = ,,,\n",
		"[me]\nx = \"a, b\n",
		"[rule \xff\xfe]\nif = \xff\n",
		"[channel c]\nfor = ,\n",
		"\r\r\r",
		"[me]\r\nx=1\r",
		"\xef\xbb\xbf",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
		struct diags d = DIAGS_INIT;
		struct config *cfg = NULL;
		int lines = 1;

		for (const char *c = inputs[i]; *c; c++)
			lines += *c == '\n';
		config_parse(&cfg, "dlg.ini", inputs[i], strlen(inputs[i]), &d);
		assert_non_null(cfg);
		for (size_t k = 0; k < d.n; k++)
			assert_true(d.v[k].line >= 0 && d.v[k].line <= lines);
		diags_clear(&d);
		config_free(cfg);
	}
	/* A NULL out frees the config itself. */
	{
		struct diags d = DIAGS_INIT;

		assert_int_equal(config_parse(NULL, "dlg.ini", "[x]\n", 4, &d), DLG_EINVALID);
		diags_clear(&d);
	}
}

/* One entry line read through inih and, padded past inih's buffer, by
 * ini.c itself: the same key and value (or the same error) both ways. '@'
 * in the line, key and value stands for the padding. */
static void check_long_entry(const char *line, const char *key, const char *value,
                             const char *error)
{
	static const char *const pads[] = { "", NULL };
	char *pad = xmalloc(301);

	memset(pad, 'x', 300);
	pad[300] = '\0';
	for (int i = 0; i < 2; i++) {
		const char *p = pads[i] ? pads[i] : pad;
		struct strbuf text = STRBUF_INIT, want = STRBUF_INIT;
		struct ini_doc doc = INI_DOC_INIT;
		struct diags d = DIAGS_INIT;
		int ret;

		strbuf_addstr(&text, "[s]\n");
		for (const char *c = line; *c; c++)
			*c == '@' ? strbuf_addstr(&text, p) : strbuf_addch(&text, *c);
		strbuf_addstr(&text, "\nafter = 1\n");
		ret = ini_read(&doc, "dlg.ini", text.buf, text.len, &d);
		if (error) {
			assert_int_equal(ret, DLG_EINVALID);
			assert_int_equal(d.n, 1);
			assert_int_equal(d.v[0].line, 2);
			assert_string_equal(d.v[0].msg, error);
			assert_int_equal(doc.n, 2);
		} else {
			assert_int_equal(ret, 0);
			assert_int_equal(doc.n, 3);
			for (const char *c = key; *c; c++)
				*c == '@' ? strbuf_addstr(&want, p) : strbuf_addch(&want, *c);
			assert_string_equal(doc.v[1].key, want.buf);
			strbuf_reset(&want);
			for (const char *c = value; *c; c++)
				*c == '@' ? strbuf_addstr(&want, p) : strbuf_addch(&want, *c);
			assert_string_equal(doc.v[1].value, want.buf);
			assert_int_equal(doc.v[1].line, 2);
		}
		assert_string_equal(doc.v[doc.n - 1].key, "after");
		assert_int_equal(doc.v[doc.n - 1].line, 3);
		ini_doc_release(&doc);
		diags_clear(&d);
		strbuf_release(&text);
		strbuf_release(&want);
	}
	free(pad);
}

static void test_long_lines(void **state)
{
	static const char expected[] = "expected 'key = value', '[section]' or a comment";
	struct strbuf sb = STRBUF_INIT;
	struct config *cfg;
	char *because, *cond;

	(void)state;
	check_long_entry("k = a@b", "k", "a@b", NULL);
	check_long_entry("k=a@b", "k", "a@b", NULL);
	check_long_entry("k\t=\ta@b \t", "k", "a@b", NULL);
	check_long_entry("k = a@b ; a comment", "k", "a@b", NULL);
	check_long_entry("k = a@b\t;comment", "k", "a@b", NULL);
	check_long_entry("k = a@b;not a comment", "k", "a@b;not a comment", NULL);
	check_long_entry("k =;not@", "k", ";not@", NULL);
	check_long_entry("k = ;a comment@", "k", "", NULL);
	check_long_entry("k = a = b@", "k", "a = b@", NULL);
	check_long_entry("k: a = b@", "k", "a = b@", NULL);
	check_long_entry("k = a: b@", "k", "a: b@", NULL);
	check_long_entry("k@ey = v", "k@ey", "v", NULL);
	check_long_entry("k e@y = v", "k e@y", "v", NULL);
	check_long_entry("k =@", "k", "@", NULL);
	check_long_entry("k = @", "k", "@", NULL);
	check_long_entry("k ;= v@", NULL, NULL, expected);
	check_long_entry("no separator@", NULL, NULL, expected);
	check_long_entry("= v@", NULL, NULL, "missing key before '='");
	check_long_entry(": v@", NULL, NULL, "missing key before '='");

	/* a rule with a 1,000-character because and a 600-character if */
	because = xmalloc(1001);
	for (int i = 0; i < 1000; i++)
		because[i] = "handing it off "[i % 15];
	because[1000] = '\0';
	strbuf_addstr(&sb, "cost > 0");
	while (sb.len < 590)
		strbuf_addstr(&sb, " and hours < 100");
	cond = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "[rule long]\nif = %s\nthen = keep\nbecause = %s ; a comment\n", cond,
	            because);
	cfg = parse_clean(sb.buf);
	assert_int_equal(cfg->nrules, 1);
	assert_true(strlen(cond) >= 600);
	assert_string_equal(cfg->rules[0].if_src, cond);
	assert_non_null(cfg->rules[0].cond);
	assert_int_equal(cfg->rules[0].if_line, 2);
	/* without the comment, nor the spaces before it */
	assert_string_equal(cfg->rules[0].because, because);
	config_free(cfg);
	strbuf_release(&sb);
	free(because);
	free(cond);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decision_names),
		cmocka_unit_test(test_default_parses),
		cmocka_unit_test(test_default_matches_file),
		cmocka_unit_test(test_me_values),
		cmocka_unit_test(test_comments_and_layout),
		cmocka_unit_test(test_rules_and_channels),
		cmocka_unit_test(test_section_errors),
		cmocka_unit_test(test_rule_errors),
		cmocka_unit_test(test_channel_and_me_errors),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_ini_read),
		cmocka_unit_test(test_check_refs),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
