/* Unit tests for lib/upload.c: safe relative paths, type names, detection
 * with libmagic, placement under a media root and removal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "upload.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Tiny valid files (tests/data/make_samples.py makes the same ones);
 * `file --mime-type` of Debian 12 (file 5.44) recognises each. */
static const char png[] =
        "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
        "\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53"
        "\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\xda\x63\x38\x21\x27\x07"
        "\x00\x02\xb6\x01\x05\x0a\x5b\xa6\x06\x00\x00\x00\x00\x49\x45\x4e"
        "\x44\xae\x42\x60\x82";

/* 1x1 greyscale baseline JFIF. */
static const char jpeg[] =
        "\xff\xd8\xff\xe0\x00\x10\x4a\x46\x49\x46\x00\x01\x01\x00\x00\x01"
        "\x00\x01\x00\x00\xff\xdb\x00\x43\x00\x01\x01\x01\x01\x01\x01\x01"
        "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
        "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
        "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
        "\x01\x01\x01\x01\x01\x01\x01\x01\x01\xff\xc0\x00\x0b\x08\x00\x01"
        "\x00\x01\x01\x01\x11\x00\xff\xc4\x00\x14\x00\x00\x01\x00\x00\x00"
        "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xc4\x00\x14"
        "\x10\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x00\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x0f\xff\xd9";

/* 1x1 lossy WebP (RIFF/WEBP/VP8 key frame). */
static const char webp[] =
        "\x52\x49\x46\x46\x22\x00\x00\x00\x57\x45\x42\x50\x56\x50\x38\x20"
        "\x16\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x0e\xc0"
        "\xfe\x25\xa4\x00\x03\x70\x00\x00\x00\x00";

static const char pdf[] = "%PDF-1.4\n%%EOF\n";

static const char text[] = "This is not an image, whatever its name says.\n";

/* Per-test state: a private directory used as media root. */
struct fx {
	char dir[64];
};

static int
group_setup(void **state)
{
	(void)state;
	umask(022);
	return upload_init() == 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	upload_done();
	return 0;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_upload-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Write n bytes to f->dir/name; returns the path (static buffer). */
static const char *
put(struct fx *f, const char *name, const char *bytes, size_t n)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
	return path;
}

#define PUT(f, name, lit) put((f), (name), (lit), sizeof(lit) - 1)

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* ---- upload_path_safe ---- */

static void
test_path_safe_accepts(void **state)
{
	static const char *const ok[] = {
	        "data/userphoto/user_1/a.png",
	        "a",
	        "a/b",
	        "a.png",
	        "a..b",
	        "...",
	        ".hidden",
	        "a/.b/c",
	        "user_1/photo-0f8e.jpg",
	        "\xe6\x88\xbf/\xe5\xad\x90.png",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++)
		assert_int_equal(upload_path_safe(ok[i]), 1);
}

static void
test_path_safe_refuses(void **state)
{
	static const char *const bad[] = {
	        "",     "/",    "/abs", "/data/a.png", "a/../b",   "..",
	        "../a", "a/..", ".",    "./a",         "a/.",      "a/./b",
	        "a//b", "//a",  "a/",   "a/b/",        "a\\b",     "..\\a",
	        "a\nb", "a\rb", "a\tb", "\x01",        "a/\x1f/b", "a\x1b[31m",
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(upload_path_safe(bad[i]), 0);
}

/* BUG (lib/upload.c, upload_path_safe, the "< 0x20" test): control characters
 * are refused only below 0x20; DEL (0x7f) is a control character too and
 * passes. */
static void
test_path_safe_refuses_del(void **state)
{
	(void)state;
	assert_int_equal(upload_path_safe("a\x7f"
	                                  "b"),
	                 0);
}

/* ---- names of types ---- */

static void
test_ext_and_mime(void **state)
{
	static const struct {
		int ft;
		const char *ext, *mime;
	} vec[] = {
	        {FT_JPEG, "jpg", "image/jpeg"},
	        {FT_PNG, "png", "image/png"},
	        {FT_WEBP, "webp", "image/webp"},
	        {FT_MP4, "mp4", "video/mp4"},
	        {FT_MOV, "mov", "video/quicktime"},
	        {FT_WEBM, "webm", "video/webm"},
	        {FT_PDF, "pdf", "application/pdf"},
	        {0, "bin", "application/octet-stream"},
	        {FT_JPEG | FT_PNG, "bin", "application/octet-stream"},
	        {1 << 20, "bin", "application/octet-stream"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		assert_string_equal(upload_ext(vec[i].ft), vec[i].ext);
		assert_string_equal(upload_mime(vec[i].ft), vec[i].mime);
	}
}

static void
test_describe(void **state)
{
	static const struct {
		unsigned mask;
		const char *want;
	} vec[] = {
	        {FT_IMAGE, "image/jpeg, image/png or image/webp"},
	        {FT_DOC, "image/jpeg, image/png or application/pdf"},
	        {FT_VIDEO, "video/mp4, video/quicktime or video/webm"},
	        {FT_PNG, "image/png"},
	        {FT_PDF, "application/pdf"},
	        {FT_JPEG | FT_PDF, "image/jpeg or application/pdf"},
	        {0, "nothing"},
	        {1u << 20, "nothing"},
	};
	char out[200];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		upload_describe(vec[i].mask, out, sizeof(out));
		assert_string_equal(out, vec[i].want);
	}
}

static void
test_describe_truncates(void **state)
{
	char out[16];

	(void)state;
	memset(out, 'x', sizeof(out));
	upload_describe(FT_IMAGE, out, 11);
	assert_string_equal(out, "image/jpeg");
	assert_int_equal(out[11], 'x');
	upload_describe(FT_IMAGE, out, 1);
	assert_string_equal(out, "");
}

/* BUG (lib/upload.c, upload_describe, "out[outlen - 1]"): with outlen 0,
 * snprintf writes nothing and returns the length, so the truncation fix
 * writes out[outlen - 1], i.e. out[-1]: one byte before the buffer. */
static void
test_describe_zero_outlen(void **state)
{
	char buf[4] = {'x', 'x', 'x', 'x'};

	(void)state;
	upload_describe(FT_IMAGE, buf + 1, 0);
	assert_memory_equal(buf, "xxxx", 4);
}

/* ---- upload_detect ---- */

static void
test_detect_png(void **state)
{
	assert_int_equal(upload_detect(PUT(*state, "a.png", png)), FT_PNG);
}

static void
test_detect_jpeg(void **state)
{
	assert_int_equal(upload_detect(PUT(*state, "a.jpg", jpeg)), FT_JPEG);
}

static void
test_detect_webp(void **state)
{
	assert_int_equal(upload_detect(PUT(*state, "a.webp", webp)), FT_WEBP);
}

static void
test_detect_pdf(void **state)
{
	assert_int_equal(upload_detect(PUT(*state, "a.pdf", pdf)), FT_PDF);
}

static void
test_detect_text(void **state)
{
	assert_int_equal(upload_detect(PUT(*state, "a.txt", text)), 0);
}

static void
test_detect_empty(void **state)
{
	assert_int_equal(upload_detect(put(*state, "empty", "", 0)), 0);
}

static void
test_detect_missing(void **state)
{
	struct fx *f = *state;
	char path[128];

	snprintf(path, sizeof(path), "%s/nope.png", f->dir);
	assert_int_equal(upload_detect(path), 0);
}

static void
test_detect_ignores_name(void **state)
{
	/* The bytes decide, not the name. */
	assert_int_equal(upload_detect(PUT(*state, "photo.png", text)), 0);
	assert_int_equal(upload_detect(PUT(*state, "notes.txt", png)), FT_PNG);
	assert_int_equal(upload_detect(PUT(*state, "x.pdf", jpeg)), FT_JPEG);
}

static void
test_detect_html_refused(void **state)
{
	assert_int_equal(
	        upload_detect(PUT(*state, "a.png",
	                          "<!DOCTYPE html><html><script>alert(1)"
	                          "</script></html>\n")),
	        0);
}

static void
test_detect_after_done(void **state)
{
	/* upload_detect opens the database again when needed. */
	upload_done();
	assert_int_equal(upload_detect(PUT(*state, "a.png", png)), FT_PNG);
	assert_int_equal(upload_init(), 0);
}

/* ---- upload_place ---- */

/* 1 when s is a lower-case version 4, variant 10xx UUID. */
static int
is_uuid4(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		             (s[i] >= 'a' && s[i] <= 'f'))) {
			return 0;
		}
	}
	return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

/* 1 when rel is dir "/" prefix "-" <uuid v4> "." ext. */
static int
name_ok(const char *rel, const char *dir, const char *prefix, const char *ext)
{
	size_t dl = strlen(dir), pl = strlen(prefix), el = strlen(ext);
	size_t n = strlen(rel);

	if (n != dl + 1 + pl + 1 + 36 + 1 + el)
		return 0;
	if (memcmp(rel, dir, dl) != 0 || rel[dl] != '/' ||
	    memcmp(rel + dl + 1, prefix, pl) != 0 || rel[dl + 1 + pl] != '-')
		return 0;
	if (!is_uuid4(rel + dl + pl + 2, 36))
		return 0;
	return rel[n - el - 1] == '.' && strcmp(rel + n - el, ext) == 0;
}

/* A temporary upload in root/.tmp, like req writes them. */
static char *
tmp_upload(struct fx *f, const char *bytes, size_t n)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/.tmp", f->dir);
	if (!exists(path))
		assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/.tmp/up-XXXXXX", f->dir);
	{
		int fd = mkstemp(path);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, bytes, n), (ssize_t)n);
		assert_int_equal(close(fd), 0);
	}
	return strdup(path);
}

static void
test_place_name(void **state)
{
	struct fx *f = *state;
	char *tmp = tmp_upload(f, png, sizeof(png) - 1);
	char *rel = upload_place(tmp, f->dir, "data/userphoto/user_7", "photo",
	                         FT_PNG);

	assert_non_null(rel);
	assert_true(name_ok(rel, "data/userphoto/user_7", "photo", "png"));
	assert_true(upload_path_safe(rel));
	free(rel);
	free(tmp);
}

static void
test_place_ext_per_type(void **state)
{
	static const struct {
		int ft;
		const char *ext;
	} vec[] = {
	        {FT_JPEG, "jpg"},  {FT_PNG, "png"}, {FT_WEBP, "webp"},
	        {FT_PDF, "pdf"},   {FT_MP4, "mp4"}, {FT_MOV, "mov"},
	        {FT_WEBM, "webm"},
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < NELEM(vec); i++) {
		char *tmp = tmp_upload(f, "x", 1);
		char *rel = upload_place(tmp, f->dir, "d", "p", vec[i].ft);

		assert_non_null(rel);
		assert_true(name_ok(rel, "d", "p", vec[i].ext));
		free(rel);
		free(tmp);
	}
}

static void
test_place_moves_file(void **state)
{
	struct fx *f = *state;
	char *tmp = tmp_upload(f, png, sizeof(png) - 1);
	char *rel = upload_place(tmp, f->dir, "data/private/user_3", "idcard",
	                         FT_PNG);
	char abs[256], got[sizeof(png)];
	int fd;

	assert_non_null(rel);
	assert_false(exists(tmp));
	snprintf(abs, sizeof(abs), "%s/%s", f->dir, rel);
	fd = open(abs, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, got, sizeof(got)), (ssize_t)sizeof(png) - 1);
	assert_memory_equal(got, png, sizeof(png) - 1);
	close(fd);
	free(rel);
	free(tmp);
}

static void
test_place_file_mode(void **state)
{
	struct fx *f = *state;
	char *tmp = tmp_upload(f, png, sizeof(png) - 1);
	char *rel = upload_place(tmp, f->dir, "a", "p", FT_PNG);
	char abs[256];
	struct stat st;

	assert_non_null(rel);
	snprintf(abs, sizeof(abs), "%s/%s", f->dir, rel);
	assert_int_equal(stat(abs, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	free(rel);
	free(tmp);
}

static void
test_place_creates_folders(void **state)
{
	static const char *const levels[] = {"data", "data/userphoto",
	                                     "data/userphoto/user_12"};
	struct fx *f = *state;
	char *tmp = tmp_upload(f, jpeg, sizeof(jpeg) - 1);
	char *rel = upload_place(tmp, f->dir, "data/userphoto/user_12", "p",
	                         FT_JPEG);
	char abs[256];
	struct stat st;
	size_t i;

	assert_non_null(rel);
	for (i = 0; i < NELEM(levels); i++) {
		snprintf(abs, sizeof(abs), "%s/%s", f->dir, levels[i]);
		assert_int_equal(stat(abs, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
		assert_int_equal(st.st_mode & 07777, 0750);
	}
	free(rel);
	free(tmp);
}

static void
test_place_existing_folder(void **state)
{
	struct fx *f = *state;
	char *t1 = tmp_upload(f, "1", 1), *t2 = tmp_upload(f, "2", 1);
	char *r1 = upload_place(t1, f->dir, "data/u", "p", FT_PNG);
	char *r2 = upload_place(t2, f->dir, "data/u", "p", FT_PNG);

	assert_non_null(r1);
	assert_non_null(r2);
	assert_string_not_equal(r1, r2); /* a fresh uuid each time */
	free(r1);
	free(r2);
	free(t1);
	free(t2);
}

static void
test_place_unsafe_dir(void **state)
{
	static const char *const bad[] = {"",     "/etc", "../out", "a/../../b",
	                                  "a//b", "a\\b", "a/"};
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		char *tmp = tmp_upload(f, "x", 1);

		assert_null(upload_place(tmp, f->dir, bad[i], "p", FT_PNG));
		assert_true(exists(tmp)); /* left for the request's cleanup */
		unlink(tmp);
		free(tmp);
	}
}

static void
test_place_missing_tmp(void **state)
{
	struct fx *f = *state;
	char tmp[128];

	snprintf(tmp, sizeof(tmp), "%s/nope", f->dir);
	assert_null(upload_place(tmp, f->dir, "d", "p", FT_PNG));
}

static void
test_place_folder_blocked(void **state)
{
	struct fx *f = *state;
	char *tmp = tmp_upload(f, "x", 1);

	/* A file where a folder must go. */
	put(f, "data", "file", 4);
	assert_null(upload_place(tmp, f->dir, "data/u", "p", FT_PNG));
	assert_true(exists(tmp));
	free(tmp);
}

/* ---- upload_remove ---- */

static void
test_remove_safe(void **state)
{
	struct fx *f = *state;
	char abs[256];

	snprintf(abs, sizeof(abs), "%s/d2", f->dir);
	assert_int_equal(mkdir(abs, 0700), 0);
	PUT(f, "d2/a.png", png);
	snprintf(abs, sizeof(abs), "%s/d2/a.png", f->dir);
	assert_true(exists(abs));
	assert_int_equal(upload_remove(f->dir, "d2/a.png"), 0);
	assert_false(exists(abs));
}

static void
test_remove_placed(void **state)
{
	struct fx *f = *state;
	char *tmp = tmp_upload(f, png, sizeof(png) - 1);
	char *rel = upload_place(tmp, f->dir, "data/u", "p", FT_PNG);
	char abs[256];

	assert_non_null(rel);
	snprintf(abs, sizeof(abs), "%s/%s", f->dir, rel);
	assert_true(exists(abs));
	assert_int_equal(upload_remove(f->dir, rel), 0);
	assert_false(exists(abs));
	free(rel);
	free(tmp);
}

static void
test_remove_null(void **state)
{
	struct fx *f = *state;

	assert_int_equal(upload_remove(f->dir, NULL), 0);
}

static void
test_remove_unsafe(void **state)
{
	static const char *const bad[] = {
	        "../victim", "a/../../victim", "/tmp/victim", "",
	        "a//victim", "a\\victim",      "./victim"};
	struct fx *f = *state;
	char root[128], victim[128], abs[256];
	size_t i;

	/* root is f->dir/root; a victim sits next to it, and one inside. */
	snprintf(root, sizeof(root), "%s/root", f->dir);
	assert_int_equal(mkdir(root, 0700), 0);
	snprintf(victim, sizeof(victim), "%s/victim", f->dir);
	PUT(f, "victim", "keep me");
	PUT(f, "root/victim", "keep me");
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(upload_remove(root, bad[i]), -1);
	assert_true(exists(victim));
	snprintf(abs, sizeof(abs), "%s/victim", root);
	assert_true(exists(abs));
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	        T(test_path_safe_accepts),
	        T(test_path_safe_refuses),
	        T(test_path_safe_refuses_del),
	        T(test_ext_and_mime),
	        T(test_describe),
	        T(test_describe_truncates),
	        T(test_describe_zero_outlen),
	        T(test_detect_png),
	        T(test_detect_jpeg),
	        T(test_detect_webp),
	        T(test_detect_pdf),
	        T(test_detect_text),
	        T(test_detect_empty),
	        T(test_detect_missing),
	        T(test_detect_ignores_name),
	        T(test_detect_html_refused),
	        T(test_detect_after_done),
	        T(test_place_name),
	        T(test_place_ext_per_type),
	        T(test_place_moves_file),
	        T(test_place_file_mode),
	        T(test_place_creates_folders),
	        T(test_place_existing_folder),
	        T(test_place_unsafe_dir),
	        T(test_place_missing_tmp),
	        T(test_place_folder_blocked),
	        T(test_remove_safe),
	        T(test_remove_placed),
	        T(test_remove_null),
	        T(test_remove_unsafe),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
