/* repo_https.c: git's certificate settings for https (http.sslCAInfo,
 * http.sslCAPath, http.sslVerify and their GIT_SSL_* variables), which
 * libgit2 does not read, read as git does and given to libgit2. */
#include "core/repo_priv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* http.<key> for a URL as git picks it: among http.<url>.<key> whose <url>
 * starts the remote's URL at a "/" (or is all of it), the longest; else
 * http.<key>; of equals, the last. (git also matches "*." hosts, a user
 * name and URLs spelt differently; not done here.) */
struct http_setting {
	const char *url, *key;
	size_t rank; /* 0: none yet; 1: http.<key>; else 2 + the <url>'s length */
	int found;
	char *value; /* NULL for a key without "=" */
};

static int collect_http(const git_config_entry *e, void *payload)
{
	struct http_setting *s = payload;
	const char *sub = e->name + strlen("http.");
	size_t n = strlen(sub) - strlen(s->key), rank = 1;

	if (n) {
		n--; /* the "." before the key */
		if (!n || sub[n] != '.' || strncmp(s->url, sub, n))
			return 0;
		if (sub[n - 1] != '/' && s->url[n] != '\0' && s->url[n] != '/')
			return 0;
		rank = n + 2;
	}
	if (rank < s->rank)
		return 0;
	free(s->value);
	s->value = e->value ? xstrdup(e->value) : NULL;
	s->found = 1;
	s->rank = rank;
	return 0;
}

static void http_setting(struct http_setting *s, struct repo *repo, const char *url,
                         const char *key)
{
	memset(s, 0, sizeof(*s));
	s->url = url;
	s->key = key;
	repo_config_each(repo, "http.", key, collect_http, s);
}

/* A CA location: the environment's ENV, else http.<key> (a path, "~/"
 * expanded as git does); *from says which, for messages. */
static char *ca_location(const char **from, struct repo *repo, const char *url, const char *env,
                         const char *key, const char *name)
{
	struct http_setting s;
	git_buf buf = { 0 };
	const char *v = getenv(env);
	char *out = NULL;

	if (v && *v) {
		*from = env;
		return xstrdup(v);
	}
	http_setting(&s, repo, url, key);
	if (s.found && s.value && *s.value) {
		*from = name;
		out =
		    git_config_parse_path(&buf, s.value) == 0 ? xstrdup(buf.ptr) : xstrdup(s.value);
	}
	git_error_clear();
	git_buf_dispose(&buf);
	free(s.value);
	return out;
}

/* http.sslVerify for url, and GIT_SSL_NO_VERIFY that turns it off */
static int ssl_verify(struct repo *repo, const char *url)
{
	struct http_setting s;
	int verify = 1;

	if (getenv("GIT_SSL_NO_VERIFY"))
		return 0;
	http_setting(&s, repo, url, "sslverify");
	if (s.found && git_config_parse_bool(&verify, s.value) < 0)
		verify = 1;
	git_error_clear();
	free(s.value);
	return verify;
}

void repo_https_release(struct https *h)
{
	if (!h)
		return;
	free(h->file);
	free(h->path);
}

int repo_https_setup(struct https *h, struct repo *repo, const char *name, const char *url,
                     const char *verb, struct dlg_err *err)
{
	memset(h, 0, sizeof(*h));
	h->verify = 1;
	if (strncasecmp(url, "https://", 8))
		return 0;
	h->verify = ssl_verify(repo, url);
	h->file =
	    ca_location(&h->file_from, repo, url, "GIT_SSL_CAINFO", "sslcainfo", "http.sslCAInfo");
	h->path =
	    ca_location(&h->path_from, repo, url, "GIT_SSL_CAPATH", "sslcapath", "http.sslCAPath");
	if ((h->file || h->path) &&
	    git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, h->file, h->path) < 0)
		return repo_git_fail(
		    err, -1, "cannot %s %s (%s): cannot use the CA certificates in '%s' (%s)", verb,
		    name, url, h->file ? h->file : h->path, h->file ? h->file_from : h->path_from);
	return 0;
}

void repo_https_fail(struct dlg_err *err, const struct https *h, const char *name, const char *url,
                     const char *verb, const char *why)
{
	if (h && (h->file || h->path))
		err_set(err, 0, 0,
		        "cannot %s %s (%s): the server's certificate is not trusted by the CA "
		        "certificates in '%s' (%s): %s: check that they are the CA that signed "
		        "the server's certificate",
		        verb, name, url, h->file ? h->file : h->path,
		        h->file ? h->file_from : h->path_from, why);
	else
		err_set(err, 0, 0,
		        "cannot %s %s (%s): the server's certificate is not trusted: %s: if the "
		        "server's CA is your own, set http.sslCAInfo to its certificate with: "
		        "git config http.sslCAInfo /path/to/ca.pem (or GIT_SSL_CAINFO)",
		        verb, name, url, why);
}
