/* repo_nest.c: whether a folder lies inside the work tree of a git
 * repository above it, where a new repository would be nested. */
#include "core/repo_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The deepest folder of dir (itself, else a parent) that exists, resolved;
 * *whole says whether that is dir itself. NULL with err set when a folder
 * can't be looked at. */
static char *existing_part(const char *dir, int *whole, struct dlg_err *err)
{
	char *probe = xstrdup(*dir ? dir : "."), *real;

	*whole = 1;
	while (!(real = realpath(probe, NULL))) {
		char *slash;
		size_t n = strlen(probe);

		if (errno != ENOENT || !strcmp(probe, ".") || !strcmp(probe, "/")) {
			err_set(err, 0, 0, "cannot look at %s: %s", probe, strerror(errno));
			break;
		}
		*whole = 0;
		while (n > 1 && probe[n - 1] == '/')
			probe[--n] = '\0';
		slash = strrchr(probe, '/');
		if (!slash)
			strcpy(probe, ".");
		else
			slash[slash == probe ? 1 : 0] = '\0';
	}
	free(probe);
	return real;
}

/* The work tree of the repository whose git directory is gitdir ("/a/.git/"
 * gives "/a/"), or NULL for a bare one. */
static char *workdir_of(const char *gitdir)
{
	git_repository *git = NULL;
	size_t n = strlen(gitdir);
	char *top = NULL;

	if (n > 6 && !strcmp(gitdir + n - 6, "/.git/"))
		return xstrndup(gitdir, n - 5);
	/* a .git file (a linked work tree, a submodule): ask the repository */
	if (git_repository_open_ext(&git, gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
	    git_repository_workdir(git))
		top = xstrdup(git_repository_workdir(git));
	git_repository_free(git);
	git_error_clear();
	return top;
}

int repo_enclosing_workdir(struct strbuf *out, const char *dir, struct dlg_err *err)
{
	git_buf found = { 0 };
	char *real, *top = NULL, *here = NULL;
	int whole, ret = 0;

	strbuf_reset(out);
	/* discovery reads no configuration: repo.c's set-up is not needed */
	git_libgit2_init();
	real = existing_part(dir, &whole, err);
	if (!real)
		return DLG_ERROR;
	if (git_repository_discover(&found, real, 0, getenv("GIT_CEILING_DIRECTORIES")) < 0) {
		git_error_clear(); /* in no repository, or one we can't read: not nested */
		goto out;
	}
	top = workdir_of(found.ptr);
	here = xstrfmt("%s%s", real, strcmp(real, "/") ? "/" : "");
	/* dir is the top of that work tree, or not inside it (a bare repository
	 * above, a .git file pointing elsewhere) */
	if (!top || (whole && !strcmp(here, top)) || strncmp(here, top, strlen(top)))
		goto out;
	strbuf_addstr(out, top);
	ret = 1;
out:
	git_buf_dispose(&found);
	free(here);
	free(top);
	free(real);
	return ret;
}
