/* Uploaded files: type detection from the bytes (libmagic) and atomic
 * placement under a media root. */
#ifndef ZF_UPLOAD_H
#define ZF_UPLOAD_H

#include <stddef.h>

/* File types we ever accept. */
enum ftype {
	FT_JPEG = 1 << 0,
	FT_PNG = 1 << 1,
	FT_WEBP = 1 << 2,
	FT_MP4 = 1 << 3,
	FT_MOV = 1 << 4,
	FT_WEBM = 1 << 5,
	FT_PDF = 1 << 6
};

#define FT_IMAGE (FT_JPEG | FT_PNG | FT_WEBP)
#define FT_VIDEO (FT_MP4 | FT_MOV | FT_WEBM)
#define FT_DOC   (FT_JPEG | FT_PNG | FT_PDF)

/* Open the magic database.  0, or -1. */
int upload_init(void);
void upload_done(void);

/* The type of the file at path, or 0 when it is none of ours. */
int upload_detect(const char *path);

/* Extension and MIME type of one FT_* value. */
const char *upload_ext(int ft);
const char *upload_mime(int ft);

/* "image/jpeg, image/png or image/webp" for a mask, into out. */
void upload_describe(unsigned mask, char *out, size_t outlen);

/* Move the temporary file tmp to root/dir/prefix-<uuid>.<ext of ft>,
 * creating dir (mode 0750) as needed, after an fsync.  Returns the path
 * relative to root (malloc'ed, caller frees), or NULL. */
char *upload_place(const char *tmp, const char *root, const char *dir,
                   const char *prefix, int ft);

/* Unlink root/rel; accepts NULL rel.  Only relative paths without ".."
 * components are touched.  0, or -1. */
int upload_remove(const char *root, const char *rel);

/* 1 when rel is a safe relative path: no leading '/', no "." or ".."
 * components, no empty components, no NUL, no backslash. */
int upload_path_safe(const char *rel);

#endif
