/* /file/data/private/...: identity documents, only for their owner (or an
 * administrator), handed to nginx's internal location. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "qsz/handlers.h"
#include "upload.h"

const struct pspec h_files_private_params[] = {PARAM_END};

#define PRIVATE_PREFIX "/file/data/private/user_"

enum status
h_files_private(struct req *r, struct resp *res)
{
	const char *p = r->path + strlen(PRIVATE_PREFIX), *name;
	long long owner = 0;
	size_t i;

	/* user_<digits>/<name>, name of our own alphabet only. */
	if (strncmp(r->path, PRIVATE_PREFIX, strlen(PRIVATE_PREFIX)) != 0 ||
	    !upload_path_safe(r->path + strlen("/file/")))
		return resp_fail(res, ST_NOT_FOUND, "file not found");
	for (i = 0; p[i] >= '0' && p[i] <= '9' && i < 18; i++)
		owner = owner * 10 + (p[i] - '0');
	if (i == 0 || p[i] != '/' || (p[0] == '0'))
		return resp_fail(res, ST_NOT_FOUND, "file not found");
	name = p + i + 1;
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		      name[i] == '_' || name[i] == '.'))
			return resp_fail(res, ST_NOT_FOUND, "file not found");
	if (i == 0 || name[0] == '.')
		return resp_fail(res, ST_NOT_FOUND, "file not found");
	if (owner != r->uid && !r->admin)
		return resp_fail(res, ST_FORBIDDEN,
		                 "not the owner of this file");
	if (snprintf(res->accel, sizeof(res->accel),
	             "/internal/private/user_%lld/%s", owner,
	             name) >= (int)sizeof(res->accel))
		return resp_fail(res, ST_NOT_FOUND, "file not found");
	res->cache = "private, no-store";
	return ST_OK;
}
