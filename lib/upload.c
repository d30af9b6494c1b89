#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "buf.h"
#include "crypto.h"
#include "log.h"
#include "upload.h"

static magic_t cookie;

static const struct {
	int ft;
	const char *mime;
	const char *ext;
} types[] = {
        {FT_JPEG, "image/jpeg", "jpg"},     {FT_PNG, "image/png", "png"},
        {FT_WEBP, "image/webp", "webp"},    {FT_MP4, "video/mp4", "mp4"},
        {FT_MOV, "video/quicktime", "mov"}, {FT_WEBM, "video/webm", "webm"},
        {FT_PDF, "application/pdf", "pdf"},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))

int
upload_init(void)
{
	if (cookie != NULL)
		return 0;
	cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR |
	                    MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
	                    MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF |
	                    MAGIC_NO_CHECK_ENCODING);
	if (cookie == NULL)
		return -1;
	/* Our formats are recognised from their first bytes; reading more
	 * would only cost memory on a 200 MiB video. */
	{
		size_t max = 64 * 1024;

		magic_setparam(cookie, MAGIC_PARAM_BYTES_MAX, &max);
	}
	if (magic_load(cookie, NULL) != 0) {
		log_err("upload: magic_load: %s", magic_error(cookie));
		magic_close(cookie);
		cookie = NULL;
		return -1;
	}
	return 0;
}

void
upload_done(void)
{
	if (cookie != NULL)
		magic_close(cookie);
	cookie = NULL;
}

int
upload_detect(const char *path)
{
	const char *mime;
	size_t i;

	if (cookie == NULL && upload_init() < 0)
		return 0;
	mime = magic_file(cookie, path);
	if (mime == NULL)
		return 0;
	for (i = 0; i < NTYPES; i++)
		if (strcmp(mime, types[i].mime) == 0)
			return types[i].ft;
	/* Some MP4 brands are reported as video/x-m4v or audio/mp4. */
	if (strcmp(mime, "video/x-m4v") == 0)
		return FT_MP4;
	return 0;
}

const char *
upload_ext(int ft)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].ft == ft)
			return types[i].ext;
	return "bin";
}

const char *
upload_mime(int ft)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (types[i].ft == ft)
			return types[i].mime;
	return "application/octet-stream";
}

void
upload_describe(unsigned mask, char *out, size_t outlen)
{
	struct buf b = {0};
	size_t i, n = 0, total = 0;

	for (i = 0; i < NTYPES; i++)
		if (mask & (unsigned)types[i].ft)
			total++;
	for (i = 0; i < NTYPES; i++) {
		if (!(mask & (unsigned)types[i].ft))
			continue;
		if (n > 0)
			buf_adds(&b, n + 1 == total ? " or " : ", ");
		buf_adds(&b, types[i].mime);
		n++;
	}
	if (outlen > 0 &&
	    snprintf(out, outlen, "%s", b.p ? b.p : "nothing") >= (int)outlen)
		out[outlen - 1] = '\0';
	buf_free(&b);
}

int
upload_path_safe(const char *rel)
{
	const char *p = rel, *seg;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*p != '\0') {
		size_t n;

		seg = p;
		while (*p != '\0' && *p != '/') {
			if (*p == '\\' || (unsigned char)*p < 0x20 ||
			    *p == 0x7f)
				return 0;
			p++;
		}
		n = (size_t)(p - seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (*p == '/')
			p++;
		if (*p == '\0' && p[-1] == '/')
			return 0;
	}
	return 1;
}

/* mkdir -p root/dir, each level 0750. */
static int
make_dirs(const char *root, const char *dir)
{
	struct buf path = {0};
	const char *p = dir;
	int rc = 0;

	buf_adds(&path, root);
	while (*p != '\0') {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		buf_addc(&path, '/');
		buf_add(&path, p, n);
		if (mkdir(path.p, 0750) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	buf_free(&path);
	return rc;
}

char *
upload_place(const char *tmp, const char *root, const char *dir,
             const char *prefix, int ft)
{
	struct buf rel = {0}, abs = {0};
	char uuid[37];
	char *out = NULL;
	int fd;

	if (!upload_path_safe(dir) || crypto_uuid(uuid) < 0)
		return NULL;
	if (make_dirs(root, dir) < 0) {
		log_err("upload: cannot create a media folder: %s",
		        strerror(errno));
		return NULL;
	}
	/* The bytes reach the disk before the name becomes visible. */
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0 || fchmod(fd, 0640) < 0) {
		log_err("upload: cannot sync a temporary file: %s",
		        strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	close(fd);
	buf_addf(&rel, "%s/%s-%s.%s", dir, prefix, uuid, upload_ext(ft));
	buf_addf(&abs, "%s/%s", root, rel.p);
	if (rename(tmp, abs.p) < 0) {
		log_err("upload: cannot move a file into place: %s",
		        strerror(errno));
		goto out;
	}
	out = buf_take(&rel, NULL);
out:
	buf_free(&rel);
	buf_free(&abs);
	return out;
}

int
upload_remove(const char *root, const char *rel)
{
	struct buf abs = {0};
	int rc;

	if (rel == NULL)
		return 0;
	if (!upload_path_safe(rel))
		return -1;
	buf_addf(&abs, "%s/%s", root, rel);
	rc = unlink(abs.p);
	if (rc < 0 && errno != ENOENT)
		log_warn("upload: cannot remove a replaced file: %s",
		         strerror(errno));
	buf_free(&abs);
	return rc;
}
