/* repo_recover_stub.c: TEMPORARY. */
#include "core/repo.h"

int repo_recover(struct repo *repo, struct dlg_err *err)
{
	(void)repo;
	(void)err;
	return 0;
}

int repo_index_reset(struct repo *repo, const struct strlist *paths, struct dlg_err *err)
{
	(void)repo;
	(void)paths;
	(void)err;
	return 0;
}
