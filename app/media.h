/* Listing photos and videos shared by the surfaces (app/media.c): public
 * media under data/userphoto/user_<uid>/, rows in house_photos and
 * house_videos. */
#ifndef ZF_MEDIA_H
#define ZF_MEDIA_H

#include <stdint.h>

#include "app.h"

/* What a photo shows (QSZ's room fields); NULL for none. */
struct photo_room {
	long long type;          /* 1 master bedroom .. 7 other */
	long long area;          /* bedrooms: square metres; else -1 */
	const char *orientation; /* bedrooms; else NULL */
};

/* Add the n validated image uploads to listing house of uid after its
 * existing photos, under the listing's row lock, at most max_photos in
 * all; the files placed first and removed again on any failure.  ST_OK
 * with paths[0..n) (the relative paths, malloc'ed: the caller frees them)
 * and ids[0..n); houses_lock's refusals (ST_NOT_FOUND, ST_FORBIDDEN);
 * ST_UPLOAD over the limit, with the photos the listing has in *have (-1
 * when n alone is over it); ST_INTERNAL or ST_DB. */
enum status media_photos_add(long long uid, long long house,
                             struct upfile *const *files, size_t n,
                             const struct photo_room *room, char **paths,
                             uint64_t *ids, long long *have);

/* Add the validated video upload f to listing house of uid, at most
 * max_videos in all.  ST_OK with its relative path in *path (malloc'ed:
 * the caller frees it) and its id in *id; houses_lock's refusals; ST_UPLOAD
 * at the limit; ST_INTERNAL or ST_DB.  The file is removed again on any
 * failure. */
enum status media_video_add(long long uid, long long house, struct upfile *f,
                            char **path, uint64_t *id);

/* A photo or a video. */
enum media_kind { MEDIA_PHOTO, MEDIA_VIDEO };

/* Replace the file of photo or video id of a listing of uid with the
 * validated upload f, or delete the row when f is NULL; the old file goes
 * after the commit.  ST_OK with the new relative path in *path (malloc'ed,
 * NULL when deleting: the caller frees it); ST_NOT_FOUND when there is no
 * such row or its listing is deleted; ST_FORBIDDEN when the listing is
 * another user's; ST_INTERNAL or ST_DB. */
enum status media_replace(long long uid, enum media_kind k, long long id,
                          struct upfile *f, char **path);

#endif
