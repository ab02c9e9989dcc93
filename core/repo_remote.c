/* repo_remote.c: fetching and pushing one branch through libgit2, with
 * credentials as git users expect them: ssh-agent, then ~/.ssh's keys, for
 * ssh; git's credential helpers, and git's CA settings, for https. */
#include "core/repo_priv.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- credential helpers, as git runs them ---- */

/* The parts of a URL a credential helper is told. */
struct url_parts {
	char *protocol, *host, *path, *user;
};

static void url_parts_clear(struct url_parts *u)
{
	free(u->protocol);
	free(u->host);
	free(u->path);
	free(u->user);
	memset(u, 0, sizeof(*u));
}

static void url_split(struct url_parts *u, const char *url)
{
	const char *p = strstr(url, "://"), *host, *slash, *at;

	memset(u, 0, sizeof(*u));
	if (!p) {
		u->protocol = xstrdup("file");
		u->path = xstrdup(url);
		return;
	}
	u->protocol = xstrndup(url, (size_t)(p - url));
	host = p + 3;
	slash = strchr(host, '/');
	if (!slash)
		slash = host + strlen(host);
	at = memchr(host, '@', (size_t)(slash - host));
	if (at) {
		u->user = xstrndup(host, (size_t)(at - host));
		host = at + 1;
	}
	u->host = xstrndup(host, (size_t)(slash - host));
	u->path = xstrdup(*slash ? slash + 1 : "");
}

/* The helpers that apply to url, in config order; an empty value empties
 * the list, as in git. */
struct helpers {
	struct strlist v;
	const char *url;
};

static int collect_helper(const git_config_entry *e, void *payload)
{
	struct helpers *h = payload;
	const char *name = e->name + strlen("credential.");
	size_t n = strlen(name);

	if (strcmp(name, "helper")) {
		/* credential.<url>.helper: url must start the remote's */
		if (n < 7 || strcmp(name + n - 7, ".helper"))
			return 0;
		if (strncmp(h->url, name, n - 7))
			return 0;
	}
	if (!e->value || !*e->value) {
		strlist_clear(&h->v);
		return 0;
	}
	strlist_push(&h->v, e->value);
	return 0;
}

/* The shell command git runs for a helper value and an action. */
static char *helper_command(const char *helper, const char *action)
{
	if (helper[0] == '!')
		return xstrfmt("%s %s", helper + 1, action);
	if (helper[0] == '/')
		return xstrfmt("%s %s", helper, action);
	return xstrfmt("git credential-%s %s", helper, action);
}

/* Run cmd with input on its standard input; its output into out. */
static int run_helper(struct strbuf *out, const char *cmd, const char *input)
{
	int in[2], outp[2], status = 0;
	pid_t pid;
	char buf[4096];
	ssize_t n;
	void (*old)(int);

	if (pipe(in) < 0)
		return -1;
	if (pipe(outp) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		close(outp[0]);
		close(outp[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		close(in[0]);
		close(in[1]);
		close(outp[0]);
		close(outp[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	old = signal(SIGPIPE, SIG_IGN);
	for (size_t off = 0, len = strlen(input); off < len;) {
		n = write(in[1], input + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(in[1]);
	while ((n = read(outp[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			strbuf_add(out, buf, (size_t)n);
	close(outp[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	signal(SIGPIPE, old);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The value of "key=" in a helper's answer, or NULL. */
static char *answer_value(const struct strbuf *sb, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = sb->buf; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > n && !strncmp(p, key, n) && p[n] == '=')
			return xstrndup(p + n + 1, len - n - 1);
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void credential_input(struct strbuf *sb, const struct url_parts *u, const char *user,
                             const char *pass)
{
	strbuf_addf(sb, "protocol=%s\nhost=%s\n", u->protocol, u->host ? u->host : "");
	if (user)
		strbuf_addf(sb, "username=%s\n", user);
	if (pass)
		strbuf_addf(sb, "password=%s\n", pass);
	strbuf_addch(sb, '\n');
}

/* (see repo_priv.h) libgit2's regular-expression matching leaks a pcre2
 * block per entry in 1.5.1 (libgit2#6382): not used. */
void repo_config_each(struct repo *repo, const char *prefix, const char *suffix,
                      int (*fn)(const git_config_entry *e, void *payload), void *payload)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;

	if (git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_iterator_new(&it, cfg) == 0)
		while (git_config_next(&e, it) == 0)
			if (starts_with(e->name, prefix) && ends_with(e->name, suffix) &&
			    strlen(e->name) >= strlen(prefix) + strlen(suffix))
				fn(e, payload);
	git_config_iterator_free(it);
	git_error_clear();
	git_config_free(cfg);
}

static void list_helpers(struct helpers *h, struct repo *repo, const char *url)
{
	memset(h, 0, sizeof(*h));
	h->url = url;
	repo_config_each(repo, "credential.", "helper", collect_helper, h);
}

/* url.BASE.insteadOf, as git applies it: the longest value url starts
 * with is replaced by BASE. */
struct rewrite {
	const char *url;
	size_t best;
	char *out;
};

static int collect_rewrite(const git_config_entry *e, void *payload)
{
	struct rewrite *rw = payload;
	size_t n = e->value ? strlen(e->value) : 0;
	const char *base = e->name + 4;
	size_t blen = strlen(base) - strlen(".insteadof");

	if (n && n > rw->best && !strncmp(rw->url, e->value, n)) {
		free(rw->out);
		rw->out = xstrfmt("%.*s%s", (int)blen, base, rw->url + n);
		rw->best = n;
	}
	return 0;
}

static char *rewrite_url(struct repo *repo, const char *url)
{
	struct rewrite rw = { url, 0, NULL };

	repo_config_each(repo, "url.", ".insteadof", collect_rewrite, &rw);
	return rw.out ? rw.out : xstrdup(url);
}

int repo_credential_fill(struct strbuf *user, struct strbuf *pass, struct repo *repo,
                         const char *url)
{
	struct helpers h;
	struct url_parts u;
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	int found = 0;

	list_helpers(&h, repo, url);
	url_split(&u, url);
	if (!user->len && u.user)
		strbuf_addstr(user, u.user);
	for (size_t i = 0; i < h.v.n && !found; i++) {
		char *cmd = helper_command(h.v.v[i], "get"), *v;

		strbuf_reset(&in);
		strbuf_reset(&out);
		credential_input(&in, &u, user->len ? user->buf : NULL, NULL);
		if (run_helper(&out, cmd, in.buf) == 0) {
			if ((v = answer_value(&out, "username")) && !user->len)
				strbuf_addstr(user, v);
			free(v);
			if ((v = answer_value(&out, "password"))) {
				strbuf_reset(pass);
				strbuf_addstr(pass, v);
				found = user->len > 0;
			}
			free(v);
			if ((v = answer_value(&out, "quit")) && strcmp(v, "0") &&
			    strcmp(v, "false")) {
				free(v);
				free(cmd);
				break;
			}
			free(v);
		}
		free(cmd);
	}
	strbuf_release(&in);
	strbuf_release(&out);
	url_parts_clear(&u);
	strlist_clear(&h.v);
	return found;
}

/* Tell the helpers a credential worked ("store") or did not ("erase"). */
static void credential_tell(struct repo *repo, const char *url, const char *action,
                            const char *user, const char *pass)
{
	struct helpers h;
	struct url_parts u;
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;

	list_helpers(&h, repo, url);
	url_split(&u, url);
	credential_input(&in, &u, user, pass);
	for (size_t i = 0; i < h.v.n; i++) {
		char *cmd = helper_command(h.v.v[i], action);

		strbuf_reset(&out);
		run_helper(&out, cmd, in.buf);
		free(cmd);
	}
	strbuf_release(&in);
	strbuf_release(&out);
	url_parts_clear(&u);
	strlist_clear(&h.v);
}

/* ---- the credentials callback ---- */

struct creds {
	struct repo *repo;
	const char *url;
	int agent_tried, key_next, helper_tried, username_given;
	struct strbuf user, pass;
	struct strbuf tried; /* what was offered, for the message */
	int auth_failed;
	int no_password; /* http: no helper gave one */
	char *rejected;  /* push: why the remote refused the update */
	const struct https *https;
	int cert_failed; /* the server's certificate was not trusted */
};

static const char *local_user(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "git";
}

static void tried(struct creds *c, const char *what)
{
	strbuf_addf(&c->tried, "%s%s", c->tried.len ? ", " : "", what);
}

static int ssh_key(git_credential **out, struct creds *c, const char *user)
{
	static const char *const names[] = { "id_ed25519", "id_ecdsa", "id_rsa" };
	const char *home = getenv("HOME");
	struct stat st;

	if (!c->agent_tried) {
		c->agent_tried = 1;
		if (getenv("SSH_AUTH_SOCK") && *getenv("SSH_AUTH_SOCK")) {
			tried(c, "the keys of ssh-agent");
			return git_credential_ssh_key_from_agent(out, user);
		}
	}
	while (home && c->key_next < (int)ARRAY_SIZE(names)) {
		char *priv = xstrfmt("%s/.ssh/%s", home, names[c->key_next++]);
		char *pub = xstrfmt("%s.pub", priv);
		int rc = 1;

		if (stat(priv, &st) == 0) {
			char *shown = xstrfmt("~/.ssh/%s", names[c->key_next - 1]);

			tried(c, shown);
			free(shown);
			rc = git_credential_ssh_key_new(out, user, stat(pub, &st) == 0 ? pub : NULL,
			                                priv, NULL);
		}
		free(priv);
		free(pub);
		if (rc <= 0)
			return rc;
	}
	c->auth_failed = 1;
	git_error_set_str(GIT_ERROR_SSH, "authentication failed");
	return GIT_EAUTH;
}

static int userpass(git_credential **out, struct creds *c)
{
	if (c->helper_tried) {
		/* what the helper gave was refused */
		credential_tell(c->repo, c->url, "erase", c->user.buf, c->pass.buf);
		c->auth_failed = 1;
		git_error_set_str(GIT_ERROR_HTTP, "authentication failed");
		return GIT_EAUTH;
	}
	c->helper_tried = 1;
	if (!repo_credential_fill(&c->user, &c->pass, c->repo, c->url)) {
		c->auth_failed = 1;
		c->no_password = 1;
		git_error_set_str(GIT_ERROR_HTTP, "no credential helper gave a password");
		return GIT_EAUTH;
	}
	tried(c, "the password of git's credential helper");
	return git_credential_userpass_plaintext_new(out, c->user.buf, c->pass.buf);
}

static int credentials_cb(git_credential **out, const char *url, const char *username_from_url,
                          unsigned int allowed, void *payload)
{
	struct creds *c = payload;
	const char *user =
	    username_from_url && *username_from_url ? username_from_url : local_user();

	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return ssh_key(out, c, user);
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
		return userpass(out, c);
	if ((allowed & GIT_CREDENTIAL_USERNAME) && !c->username_given) {
		c->username_given = 1;
		return git_credential_username_new(out, user);
	}
	(void)url;
	c->auth_failed = 1;
	git_error_set_str(GIT_ERROR_NET, "no way to authenticate that dlg knows");
	return GIT_EAUTH;
}

static int push_ref_cb(const char *refname, const char *status, void *payload)
{
	struct creds *c = payload;

	if (status && !c->rejected)
		c->rejected = xstrfmt("%s: %s", refname, status);
	return 0;
}

static void creds_init(struct creds *c, struct repo *repo, const char *url)
{
	memset(c, 0, sizeof(*c));
	c->repo = repo;
	c->url = url;
	strbuf_init(&c->user, 0);
	strbuf_init(&c->pass, 0);
	strbuf_init(&c->tried, 0);
}

static void creds_release(struct creds *c, int worked)
{
	if (worked && c->helper_tried && c->pass.len)
		credential_tell(c->repo, c->url, "store", c->user.buf, c->pass.buf);
	strbuf_release(&c->user);
	strbuf_release(&c->pass);
	strbuf_release(&c->tried);
	free(c->rejected);
}

/* An https certificate libgit2 did not trust is taken when git's settings
 * say not to check; else libgit2's verdict stands. */
static int certificate_cb(git_cert *cert, int valid, const char *host, void *payload)
{
	struct creds *c = payload;

	(void)host;
	if (valid || cert->cert_type != GIT_CERT_X509)
		return GIT_PASSTHROUGH;
	if (c->https && !c->https->verify)
		return 0;
	c->cert_failed = 1;
	return GIT_PASSTHROUGH;
}

static void set_callbacks(git_remote_callbacks *cb, struct creds *c)
{
	cb->credentials = credentials_cb;
	cb->certificate_check = certificate_cb;
	cb->push_update_reference = push_ref_cb;
	cb->payload = c;
}

/* ---- fetch and push ---- */

/* The remote's URL from the config, then a remote made from it alone:
 * git_remote_lookup would rewrite it with a regular expression that leaks
 * (see repo_config_each), so url.*.insteadOf is applied here. */
static int lookup(git_remote **out, char **url, struct repo *repo, const char *name,
                  struct dlg_err *err)
{
	git_remote_create_options o;
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	char *key = xstrfmt("remote.%s.url", name);
	int rc;

	*out = NULL;
	*url = NULL;
	rc = git_repository_config_snapshot(&cfg, repo->git);
	if (rc == 0)
		rc = git_config_get_string_buf(&buf, cfg, key);
	free(key);
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND || (rc == 0 && !buf.size)) {
		git_error_clear();
		git_buf_dispose(&buf);
		if (strchr(name, ':') || name[0] == '/' || name[0] == '.') {
			err_set(err, 0, 0,
			        "[sync] remote in dlg.ini is '%s', a URL, where it names a git "
			        "remote: add one with: git remote add origin %s, then set "
			        "remote = origin",
			        name, name);
			return DLG_ENOTFOUND;
		}
		err_set(
		    err, 0, 0,
		    "this repository has no remote '%s' ([sync] remote in dlg.ini): add it with: "
		    "git remote add %s URL",
		    name, name);
		return DLG_ENOTFOUND;
	}
	if (rc < 0) {
		git_buf_dispose(&buf);
		return repo_git_fail(err, rc, "cannot read remote '%s'", name);
	}
	*url = rewrite_url(repo, buf.ptr);
	git_buf_dispose(&buf);
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo->git;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	rc = git_remote_create_with_opts(out, *url, &o);
	if (rc < 0)
		return repo_git_fail(err, rc, "cannot use remote '%s' (%s)", name, *url);
	return 0;
}

/* An http server refused us, said so that the next step works: dlg never
 * asks for a password, git does once and its helper keeps it. */
static void http_auth_fail(struct dlg_err *err, const struct creds *c, const char *name,
                           const char *url, const char *verb)
{
	if (c->no_password)
		err_set(err, 0, 0,
		        "cannot %s %s (%s): authentication failed: the server asks for a password "
		        "and no credential helper gave one (dlg does not ask): set up a helper "
		        "and type the password once with: git config credential.helper store && "
		        "git fetch %s",
		        verb, name, url, name);
	else if (c->helper_tried)
		err_set(err, 0, 0,
		        "cannot %s %s (%s): authentication failed: the server refused user '%s' "
		        "with the password git's credential helper gave, and the helper was told "
		        "to forget it: check the password and type it once with: git fetch %s",
		        verb, name, url, c->user.buf, name);
	else
		err_set(err, 0, 0,
		        "cannot %s %s (%s): authentication failed: set up git's credential helper "
		        "(git config credential.helper store) and check the password",
		        verb, name, url);
}

/* The remote name stands for, ready to talk to: its URL, git's https
 * settings for it in h and the credentials in c, with cb set to use them
 * (cb initialised by the caller's git_*_options_init). On failure nothing
 * of c is to be released; h and url are, whatever this returns. */
static int remote_open(git_remote **r, char **url, struct https *h, struct creds *c,
                       git_remote_callbacks *cb, struct repo *repo, const char *name,
                       const char *verb, struct dlg_err *err)
{
	int rc = lookup(r, url, repo, name, err);

	if (rc == 0)
		rc = repo_https_setup(h, repo, name, *url, verb, err);
	if (rc < 0)
		return rc;
	creds_init(c, repo, *url);
	c->https = h;
	set_callbacks(cb, c);
	return 0;
}

/* A failed fetch or push said as a person can act on it. */
static int net_fail(struct dlg_err *err, int rc, const struct creds *c, const char *name,
                    const char *url, const char *verb)
{
	const git_error *ge = git_error_last();
	const char *msg = ge && ge->message ? ge->message : "";

	if (c->auth_failed || rc == GIT_EAUTH) {
		git_error_clear();
		if (!strncmp(url, "http", 4))
			http_auth_fail(err, c, name, url, verb);
		else
			err_set(
			    err, 0, 0,
			    "cannot %s %s (%s): authentication failed%s%s: add your key to "
			    "ssh-agent (ssh-add) or put it in ~/.ssh, and check that the server "
			    "knows it",
			    verb, name, url, c->tried.len ? "; tried " : "",
			    c->tried.len ? c->tried.buf : "; no ssh-agent and no key in ~/.ssh");
		return DLG_ERROR;
	}
	/* ssh says an unknown host key with GIT_ECERTIFICATE too */
	if (c->cert_failed || (rc == GIT_ECERTIFICATE && !strncasecmp(url, "https://", 8))) {
		repo_https_fail(err, c->https, name, url, verb, msg);
		git_error_clear();
		return DLG_ERROR;
	}
	if (strstr(msg, "known_hosts") || strstr(msg, "hostkey") || strstr(msg, "host key")) {
		git_error_clear();
		err_set(err, 0, 0,
		        "cannot %s %s (%s): the server's host key is not one ~/.ssh/known_hosts "
		        "knows (%s): connect once with ssh to check it and add it",
		        verb, name, url, msg);
		return DLG_ERROR;
	}
	return repo_git_fail(err, rc, "cannot %s %s (%s)", verb, name, url);
}

int repo_remote_url(struct strbuf *out, struct repo *repo, const char *name)
{
	git_remote *r = NULL;
	char *url = NULL;
	int rc = lookup(&r, &url, repo, name, NULL);

	strbuf_reset(out);
	if (rc == 0)
		strbuf_addstr(out, url);
	git_error_clear();
	git_remote_free(r);
	free(url);
	return rc < 0 ? DLG_ENOTFOUND : 0;
}

int repo_fetch(struct repo_oid *out, int *found, struct repo *repo, const char *name,
               const char *branch, struct dlg_err *err)
{
	git_remote *r = NULL;
	git_fetch_options fo;
	struct creds c;
	char *spec = xstrfmt("+refs/heads/%s:refs/remotes/%s/%s", branch, name, branch);
	char *want = xstrfmt("refs/heads/%s", branch);
	char *tracking = xstrfmt("refs/remotes/%s/%s", name, branch);
	char *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	const git_remote_head **heads = NULL;
	size_t nheads = 0;
	git_oid oid;
	struct https h = { 0 };
	char *url = NULL;
	int rc;

	*found = 0;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	rc = remote_open(&r, &url, &h, &c, &fo.callbacks, repo, name, "fetch from", err);
	if (rc < 0)
		goto out;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	rc = git_remote_fetch(r, &refspecs, &fo, "fetch");
	if (rc < 0) {
		rc = net_fail(err, rc, &c, name, c.url, "fetch from");
		creds_release(&c, 0);
		goto out;
	}
	creds_release(&c, 1);
	if (git_remote_ls(&heads, &nheads, r) == 0)
		for (size_t i = 0; i < nheads; i++)
			if (!strcmp(heads[i]->name, want))
				*found = 1;
	git_error_clear();
	if (*found && git_reference_name_to_id(&oid, repo->git, tracking) == 0)
		from_git(out, &oid);
	else
		*found = 0;
	git_error_clear();
	rc = 0;
out:
	repo_https_release(&h);
	git_remote_free(r);
	free(url);
	free(tracking);
	free(want);
	free(spec);
	return rc;
}

/* The remote-tracking branch says what was pushed, as git push makes it
 * (an anonymous remote has no refspec libgit2 could do it by). */
static void note_pushed(struct repo *repo, const char *name, const char *local, const char *branch)
{
	char *from = xstrfmt("refs/heads/%s", local),
	     *to = xstrfmt("refs/remotes/%s/%s", name, branch);
	git_reference *ref = NULL;
	git_oid oid;

	if (git_reference_name_to_id(&oid, repo->git, from) == 0)
		git_reference_create(&ref, repo->git, to, &oid, 1, "update by push");
	git_reference_free(ref);
	git_error_clear();
	free(from);
	free(to);
}

int repo_push(struct repo *repo, const char *name, const char *local, const char *branch,
              struct dlg_err *err)
{
	git_remote *r = NULL;
	git_push_options po;
	struct creds c;
	char *spec = xstrfmt("refs/heads/%s:refs/heads/%s", local, branch);
	char *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	struct https h = { 0 };
	char *url = NULL;
	int rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	rc = remote_open(&r, &url, &h, &c, &po.callbacks, repo, name, "push to", err);
	if (rc < 0)
		goto out;
	rc = git_remote_push(r, &refspecs, &po);
	/* pitfall 9: a local path says -11; a network transport says it
	 * through push_update_reference and returns 0 */
	if (rc == GIT_ENONFASTFORWARD || (rc == 0 && c.rejected) ||
	    (rc < 0 && git_error_last() && git_error_last()->message &&
	     strstr(git_error_last()->message, "lock"))) {
		err_set(err, 0, 0, "%s/%s moved meanwhile (someone pushed): %s", name, branch,
		        c.rejected ? c.rejected : "not a fast-forward");
		git_error_clear();
		creds_release(&c, 1);
		rc = 1;
		goto out;
	}
	if (rc < 0) {
		rc = net_fail(err, rc, &c, name, c.url, "push to");
		creds_release(&c, 0);
		goto out;
	}
	creds_release(&c, 1);
	note_pushed(repo, name, local, branch);
out:
	repo_https_release(&h);
	git_remote_free(r);
	free(url);
	free(spec);
	return rc;
}

/* The remote's branch to sync with (see repo.h). */
int repo_sync_branch(struct strbuf *out, struct repo *repo, const char *name,
                     const char *configured, struct dlg_err *err)
{
	struct strbuf local = STRBUF_INIT;
	git_config *cfg = NULL;
	git_buf remote = { 0 }, merge = { 0 };
	char *key = NULL;
	int rc;

	strbuf_reset(out);
	if (configured && *configured) {
		strbuf_addstr(out, configured);
		return 0;
	}
	rc = repo_branch(&local, repo, err);
	if (rc < 0)
		return rc;
	if (git_repository_config_snapshot(&cfg, repo->git) == 0) {
		key = xstrfmt("branch.%s.remote", local.buf);
		if (git_config_get_string_buf(&remote, cfg, key) == 0 &&
		    !strcmp(remote.ptr, name)) {
			free(key);
			key = xstrfmt("branch.%s.merge", local.buf);
			if (git_config_get_string_buf(&merge, cfg, key) == 0 &&
			    starts_with(merge.ptr, "refs/heads/"))
				strbuf_addstr(out, merge.ptr + strlen("refs/heads/"));
		}
	}
	git_error_clear();
	if (!out->len)
		strbuf_addstr(out, local.buf);
	git_buf_dispose(&remote);
	git_buf_dispose(&merge);
	git_config_free(cfg);
	free(key);
	strbuf_release(&local);
	return 0;
}
