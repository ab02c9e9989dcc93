/* repo_ident.c: who commits and when: git's identity rules and GIT_*_DATE. */
#include "core/repo_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/value.h"

void repo_sig_clear(struct repo_sig *sig)
{
	if (!sig)
		return;
	free(sig->name);
	free(sig->email);
	sig->name = sig->email = NULL;
	sig->when = 0;
	sig->offset = 0;
}

static const char *env_value(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static char *config_string(git_config *cfg, const char *key)
{
	git_buf buf = { 0 };
	char *s = NULL;

	if (cfg && git_config_get_string_buf(&buf, cfg, key) == 0 && buf.size)
		s = xstrdup(buf.ptr);
	git_error_clear();
	git_buf_dispose(&buf);
	return s;
}

/* The first that is set: env own, env other, config own, config user. */
static char *ident_part(git_config *cfg, const char *env_own, const char *env_other,
                        const char *key_own, const char *key_user)
{
	const char *v = env_value(env_own);
	char *s;

	if (!v)
		v = env_value(env_other);
	if (v)
		return xstrdup(v);
	s = config_string(cfg, key_own);
	return s ? s : config_string(cfg, key_user);
}

static int parse_digits(const char **s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

static void skip_spaces(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

/* "Z", "+HHMM", "+HH:MM", "+HH" into minutes east; the rest must be empty. */
static int parse_zone(const char *s, int *offset)
{
	int sign, hh, mm = 0;

	skip_spaces(&s);
	if ((*s == 'Z' || *s == 'z') && !s[1]) {
		*offset = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (parse_digits(&s, 2, &hh) < 0)
		return -1;
	if (*s == ':')
		s++;
	if (*s && parse_digits(&s, 2, &mm) < 0)
		return -1;
	if (*s || hh > 23 || mm > 59)
		return -1;
	*offset = sign * (hh * 60 + mm);
	return 0;
}

/* Seconds since the epoch of a civil time at a given offset, or in the
 * local zone when local is set (then *offset is filled in). */
static long long civil_to_epoch(int y, int mo, int d, int h, int mi, int s, int local, int *offset)
{
	struct tm tm;
	time_t t;

	if (!local)
		return (long long)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
		       (long long)*offset * 60;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	*offset = (int)(tm.tm_gmtoff / 60);
	return (long long)t;
}

static int valid_civil(int y, int mo, int d, int h, int mi, int s)
{
	int yy, mm, dd;

	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return 0;
	date_to_ymd(date_from_ymd(y, mo, d), &yy, &mm, &dd);
	return yy == y && mm == mo && dd == d;
}

/* "@EPOCH [+ZZZZ]" and "EPOCH +ZZZZ" (git's internal format). */
static int parse_raw_date(const char *s, long long *when, int *offset)
{
	int at = *s == '@';
	char *end;

	if (at)
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*when = strtoll(s, &end, 10);
	if (errno)
		return -1;
	*offset = 0;
	skip_spaces((const char **)&end);
	if (!*end)
		return at ? 0 : -1;
	return parse_zone(end, offset);
}

/* "2026-11-20T10:00:00+00:00", "2026-11-20 10:00:00 +0000", seconds and
 * zone optional (no zone: local time). */
static int parse_iso_date(const char *s, long long *when, int *offset)
{
	int y, mo, d, h, mi, sec = 0;

	if (parse_digits(&s, 4, &y) < 0 || *s++ != '-' || parse_digits(&s, 2, &mo) < 0 ||
	    *s++ != '-' || parse_digits(&s, 2, &d) < 0 || (*s != 'T' && *s != ' '))
		return -1;
	s++;
	if (parse_digits(&s, 2, &h) < 0 || *s++ != ':' || parse_digits(&s, 2, &mi) < 0)
		return -1;
	if (*s == ':' && (s++, parse_digits(&s, 2, &sec) < 0))
		return -1;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (!valid_civil(y, mo, d, h, mi, sec))
		return -1;
	skip_spaces(&s);
	if (!*s) {
		*when = civil_to_epoch(y, mo, d, h, mi, sec, 1, offset);
		return 0;
	}
	if (parse_zone(s, offset) < 0)
		return -1;
	*when = civil_to_epoch(y, mo, d, h, mi, sec, 0, offset);
	return 0;
}

/* RFC 2822: "[Thu, ]20 Nov 2026 10:00:00 +0000". */
static int parse_rfc2822_date(const char *s, long long *when, int *offset)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int y, mo, d, h, mi, sec, n = 0;
	char mon[4];
	const char *comma = strchr(s, ',');

	if (comma)
		s = comma + 1;
	if (sscanf(s, " %d %3s %d %d:%d:%d%n", &d, mon, &y, &h, &mi, &sec, &n) != 6 || !n)
		return -1;
	for (mo = 0; mo < 12; mo++)
		if (!strncmp(months + 3 * mo, mon, 3))
			break;
	if (mo == 12 || !valid_civil(y, mo + 1, d, h, mi, sec) || parse_zone(s + n, offset) < 0)
		return -1;
	*when = civil_to_epoch(y, mo + 1, d, h, mi, sec, 0, offset);
	return 0;
}

static int parse_git_date(const char *s, long long *when, int *offset)
{
	if (parse_raw_date(s, when, offset) == 0 || parse_iso_date(s, when, offset) == 0 ||
	    parse_rfc2822_date(s, when, offset) == 0)
		return 0;
	return -1;
}

static int sig_time(struct repo_sig *sig, const char *env, struct dlg_err *err)
{
	const char *v = env_value(env);
	struct tm tm;
	time_t now;

	if (v) {
		if (parse_git_date(v, &sig->when, &sig->offset) < 0)
			return err_set(err, 0, 0,
			               "%s: invalid date '%s' (use \"@EPOCH +ZZZZ\" or "
			               "\"YYYY-MM-DDTHH:MM:SS+ZZ:ZZ\")",
			               env, v);
		return 0;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	sig->when = (long long)now;
	sig->offset = (int)(tm.tm_gmtoff / 60);
	return 0;
}

static int make_ident(struct repo_sig *sig, git_config *cfg, int committer, struct dlg_err *err)
{
	const char *me = committer ? "COMMITTER" : "AUTHOR";
	const char *other = committer ? "AUTHOR" : "COMMITTER";
	const char *kind = committer ? "committer" : "author";
	char env_own[32], env_other[32], key_own[32];

	snprintf(env_own, sizeof(env_own), "GIT_%s_NAME", me);
	snprintf(env_other, sizeof(env_other), "GIT_%s_NAME", other);
	snprintf(key_own, sizeof(key_own), "%s.name", kind);
	sig->name = ident_part(cfg, env_own, env_other, key_own, "user.name");
	snprintf(env_own, sizeof(env_own), "GIT_%s_EMAIL", me);
	snprintf(env_other, sizeof(env_other), "GIT_%s_EMAIL", other);
	snprintf(key_own, sizeof(key_own), "%s.email", kind);
	sig->email = ident_part(cfg, env_own, env_other, key_own, "user.email");
	if (!sig->email && env_value("EMAIL"))
		sig->email = xstrdup(env_value("EMAIL"));
	if (!sig->name || !sig->email)
		return err_set(err, 0, 0,
		               "no git identity: set one with git config user.name \"Your Name\" "
		               "and git config user.email you@example.org");
	snprintf(env_own, sizeof(env_own), "GIT_%s_DATE", me);
	return sig_time(sig, env_own, err);
}

int repo_signature(struct repo_sig *author, struct repo_sig *committer, struct repo *repo,
                   struct dlg_err *err)
{
	struct repo_sig a = REPO_SIG_INIT, c = REPO_SIG_INIT;
	git_config *cfg = NULL;
	int rc;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0) {
		git_error_clear();
		cfg = NULL;
	}
	rc = make_ident(&a, cfg, 0, err);
	if (rc == 0)
		rc = make_ident(&c, cfg, 1, err);
	git_config_free(cfg);
	if (rc < 0) {
		repo_sig_clear(&a);
		repo_sig_clear(&c);
		return rc;
	}
	if (author)
		*author = a;
	else
		repo_sig_clear(&a);
	if (committer)
		*committer = c;
	else
		repo_sig_clear(&c);
	return 0;
}
