#include "schema.h"

/* ---- /search_house (search.c) ---- */

/* clang-format off */

/* The haversine of the row's coordinates (t: the table and a dot) and the
 * point (?, ?, ?) = latitude, its cosine, longitude:
 * sin2(dlat / 2) + cos(lat1) cos(lat2) sin2(dlng / 2).  The distance is
 * 2R asin(sqrt(it)) and grows with it, so a search compares and sorts it
 * and search.c takes the arc sine. */
#define SEARCH_HAV(t)                                                          \
	"(POW(SIN(RADIANS(" t "latitude - ?) / 2), 2) + ? * "                  \
	"COS(RADIANS(" t "latitude)) * "                                       \
	"POW(SIN(RADIANS(" t "longitude - ?) / 2), 2))"

/* The box (?, ?)-(?, ?) = west, south, east, north through the spatial
 * index.  Statements on it say SQL_NO_CACHE: besides saving the query
 * cache a useless entry, MariaDB 10.11 fails an R-tree read that a query
 * cache lookup began (error 1207, MDEV-26123). */
#define SEARCH_IN_BOX                                                          \
	"MBRContains(ST_Envelope(LineString(Point(?, ?), Point(?, ?))), "      \
	"location)"

/* The filters on the columns of the ix_houses_search_* indexes,
 * SEARCH_BASIC_ARGS arguments: rent from, to; size from, to; bit masks of
 * the rent time types, room types and bedroom counts (-1 for any). */
#define SEARCH_BASIC                                                           \
	" AND house_rent BETWEEN ? AND ? AND house_size BETWEEN ? AND ?"       \
	" AND (? >> COALESCE(rent_time_type, 63)) & 1"                         \
	" AND (? >> COALESCE(rent_room_type, 63)) & 1"                         \
	" AND (? >> COALESCE(house_rooms, 63)) & 1"

/* The publisher's user type (1 landlord, 2 sub-landlord, 3 agent) of a
 * listing (t: its table and a dot), kept on the listing (migration 0006). */
#define SEARCH_USER_TYPE(t) t "owner_type"

/* One tag of house_characteristic in the listing's |-list. */
#define SEARCH_TAG                                                             \
	"FIND_IN_SET(?, REPLACE(COALESCE(house_characteristic, ''), '|', "     \
	"','))"

/* The other filters, SEARCH_EXTRA_ARGS arguments: a substring of the
 * title ('' for any); of the layout; ','-lists of orientations and
 * decorations (NULL for any); SEARCH_TAGS tags (the first NULL for any, the
 * unused NULL); the street office, the subway station (NULL for any); the
 * bit mask of the publisher's user types, twice (NULL for any).
 * Lists of values never become SQL: a mask, one list argument, or a fixed
 * number of arguments. */
#define SEARCH_EXTRA                                                           \
	" AND LOCATE(?, description_title) > 0"                                \
	" AND LOCATE(?, COALESCE(house_type, '')) > 0"                         \
	" AND COALESCE(FIND_IN_SET(COALESCE(house_direction, ''), ?) > 0, 1)"  \
	" AND COALESCE(FIND_IN_SET(COALESCE(house_decoration, ''), ?) > 0, 1)" \
	" AND (COALESCE(" SEARCH_TAG ", 1)"                                    \
	" OR " SEARCH_TAG " OR " SEARCH_TAG " OR " SEARCH_TAG                  \
	" OR " SEARCH_TAG " OR " SEARCH_TAG " OR " SEARCH_TAG                  \
	" OR " SEARCH_TAG ")"                                                  \
	" AND COALESCE(?, subdistrict_code) <=> subdistrict_code"              \
	" AND COALESCE(?, subway_station_code) <=> subway_station_code"        \
	" AND (? IS NULL OR"                                                   \
	" (? >> COALESCE(" SEARCH_USER_TYPE("houses.") ", 63)) & 1)"

/* The photo urls of a listing (t: its table and a dot) in upload order,
 * one per line, kept on the listing (migration 0006, app/media.c); NULL
 * when none. */
#define SEARCH_PHOTO_URLS(t) t "photo_urls"

/* The columns of an answer after the id and the sort key (search.h,
 * SEARCH_COL_*); t: the listings' table and a dot.  All are the listing's
 * own: a page is read from the rows found, without a query per row. */
#define SEARCH_COLUMNS(t)                                                      \
	t "house_rent, " t "status, DATE(" t "created_at), "                   \
	t "house_size, " SEARCH_USER_TYPE(t) ", "                              \
	"TIMESTAMPDIFF(SECOND, " t "release_time, UTC_TIMESTAMP()), "          \
	t "payment_type, " t "praise_count, " t "house_type, "                 \
	t "description_title, " t "longitude, " t "latitude, "                 \
	SEARCH_PHOTO_URLS(t) ", " t "user_id"

/* What every search statement returns, the listings' id, their sort key
 * and SEARCH_COLUMNS, read through index ix. */
#define SEARCH_FROM(key, ix)                                                   \
	"SELECT SQL_NO_CACHE id, " key ", " SEARCH_COLUMNS("houses.")          \
	" FROM houses FORCE INDEX (" ix ")"

/* Inside the circle: the box (?, ?, ?, ?) = south, north, west, east,
 * then SEARCH_HAV of the point <= ? (search.c: circle_args). */
#define SEARCH_IN_CIRCLE                                                       \
	" latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?"              \
	" AND " SEARCH_HAV("") " <= ?"

/* By distance, the first of a box, with every column: the point, the box,
 * the filters. */
#define SEARCH_NEAR(filters)                                                   \
	SEARCH_FROM(SEARCH_HAV("") " AS h", "ix_houses_location")             \
	" WHERE " SEARCH_IN_BOX " AND status = 1" filters                      \
	" ORDER BY h, id LIMIT ?"

/* By distance, the strips of a small box (migration 0007) with every
 * column: the point, SEARCH_STRIPS_MAX strips, the box (south, north,
 * west, east), the point, the haversine of the circle, the filters.  The
 * box, the circle and SEARCH_BASIC are checked in the index. */
#define SEARCH_STRIPS(filters)                                                 \
	SEARCH_FROM(SEARCH_HAV("") " AS h", "ix_houses_search_near")          \
	" WHERE search_strip IN (?, ?, ?, ?, ?, ?, ?, ?)"                      \
	" AND" SEARCH_IN_CIRCLE filters                                        \
	" ORDER BY h, id LIMIT ?"

/* One cell through ix_houses_search_<ix>, with every column: the cell,
 * the box (south, north, west, east), the point, the haversine of the
 * radius, the bound of the key (search.c: the k-th best so far), the
 * filters.  The box, the circle and SEARCH_BASIC are checked in the index;
 * the bound ends the index range.  The rows are read in the index's order
 * and only the first ones that pass are looked up whole. */
#define SEARCH_CELL(ix, key, bound, order, filters)                            \
	SEARCH_FROM(key, "ix_houses_search_" ix)                               \
	" WHERE search_cell = ? AND" SEARCH_IN_CIRCLE " AND " bound filters    \
	" ORDER BY " order " LIMIT ?"

/* A whole circle, with every column: the box, the point, the haversine of
 * the radius, the filters. */
#define SEARCH_WIDE(key, order, filters)                                       \
	SEARCH_FROM(key, "ix_houses_location")                                 \
	" WHERE " SEARCH_IN_BOX " AND status = 1"                              \
	" AND " SEARCH_HAV("") " <= ?" filters                                 \
	" ORDER BY " order " LIMIT ?"

/* The statements of one order: a cell, the whole circle; each without
 * filters, with the basic ones (_B), with all (_F). */
#define SEARCH_ORDER(up, ix, key, bound, order)                                \
	[Q_SEARCH_CELL_##up] = SEARCH_CELL(ix, key, bound, order, ""),         \
	[Q_SEARCH_CELL_##up##_B] =                                             \
		SEARCH_CELL(ix, key, bound, order, SEARCH_BASIC),              \
	[Q_SEARCH_CELL_##up##_F] =                                             \
		SEARCH_CELL(ix, key, bound, order, SEARCH_BASIC SEARCH_EXTRA), \
	[Q_SEARCH_WIDE_##up] = SEARCH_WIDE(key, order, ""),                    \
	[Q_SEARCH_WIDE_##up##_B] = SEARCH_WIDE(key, order, SEARCH_BASIC),      \
	[Q_SEARCH_WIDE_##up##_F] =                                             \
		SEARCH_WIDE(key, order, SEARCH_BASIC SEARCH_EXTRA)

/* clang-format on */

/* clang-format off */

/* The basic house object (ihome.md 5, STAY_B_* in stays.h). */
#define STAY_BASIC_COLS                                                        \
	"SELECT h.id, h.description_title, h.night_price_fen, "        \
	"COALESCE(h.county_name, ''), h.photo_urls, h.house_rooms, "           \
	"h.order_count, COALESCE(h.address, ''), u.headimgurl, "               \
	"DATE_FORMAT(h.created_at + INTERVAL 8 HOUR, '%Y-%m-%d') "
#define STAY_BASIC                                                             \
	STAY_BASIC_COLS "FROM houses h JOIN users u ON u.id = h.user_id "

/* An iHome house (ihome.md 5): released, short stay, nightly priced, in
 * a county of the city (?). */
#define STAY_IHOME                                                             \
	"h.status = 1 AND h.rent_time_type = 1 AND "                           \
	"h.night_price_fen IS NOT NULL AND h.city_code = ? AND "               \
	"h.county_code IS NOT NULL"

/* A booking b that blocks its nights (ihome.md 7). */
#define BOOKING_LIVE                                                           \
	"(b.status IN ('WAIT_COMMENT', 'COMPLETE') OR "                        \
	"(b.status IN ('WAIT_ACCEPT', 'WAIT_PAYMENT') AND "                    \
	"b.hold_until > UTC_TIMESTAMP()))"

/* Search (ihome.md 6), in two scopes: a county, or the whole city (the
 * county codes differ, so an index gives each its order).  The
 * parameters: city, the county (county scope only), then those of
 * STAY_FREE and STAY_LENGTH. */
#define STAY_SCOPE_COUNTY " WHERE " STAY_IHOME " AND h.county_code = ?"
#define STAY_SCOPE_CITY " WHERE " STAY_IHOME

/* The nights [sd, ed) are free: start date or NULL, end, start. */
#define STAY_FREE                                                              \
	" AND (? IS NULL OR NOT EXISTS (SELECT 1 FROM bookings b "             \
	"WHERE b.house_id = h.id AND b.start_date < ? AND b.end_date > ? "     \
	"AND " BOOKING_LIVE "))"

/* The stay length rule: nights three times, or NULLs. */
#define STAY_LENGTH                                                            \
	" AND (? IS NULL OR (h.min_days <= ? AND "                             \
	"(h.max_days = 0 OR h.max_days >= ?)))"

/* A page in one scope and one order, read through the index (0009) that
 * has that order: the plan is fixed, and the optimizer does not weigh the
 * other indexes on every execution. */
#define STAY_PAGE(scope, index, order)                                         \
	STAY_BASIC_COLS "FROM houses h FORCE INDEX (" index ") "               \
	"JOIN users u ON u.id = h.user_id" scope STAY_FREE STAY_LENGTH         \
	" ORDER BY " order " LIMIT ? OFFSET ?"

/* The matches with dates, and when the first hold that blocks one of the
 * scope's houses lapses (seconds since 1970-01-01 UTC, NULL when none):
 * end, start, end, start, then STAY_LENGTH's. */
#define STAY_COUNT_DATED(scope)                                                \
	"SELECT CAST(COALESCE(SUM(t.free), 0) AS SIGNED), "                                    \
	"TIMESTAMPDIFF(SECOND, '1970-01-01', MIN(t.hold)) FROM ("              \
	"SELECT NOT EXISTS (SELECT 1 FROM bookings b "                         \
	"WHERE b.house_id = h.id AND b.start_date < ? AND b.end_date > ? "     \
	"AND " BOOKING_LIVE ") AS free, "                                      \
	"(SELECT MIN(b.hold_until) FROM bookings b WHERE b.house_id = h.id "   \
	"AND b.start_date < ? AND b.end_date > ? "                             \
	"AND b.status IN ('WAIT_ACCEPT', 'WAIT_PAYMENT') "                     \
	"AND b.hold_until > UTC_TIMESTAMP()) AS hold "                         \
	"FROM houses h" scope STAY_LENGTH ") t"

/* A counted search (stay_counts) with the scope's version now: the
 * version's argument (county, or city), city, county (0 for the city),
 * sd, ed, length rule.  Columns: current version, the entry's version,
 * count and end of validity (NULLs when there is no entry), now. */
#define STAY_CACHED(version)                                                   \
	"SELECT x.v, c.v, c.n, c.valid_until, x.now FROM (SELECT "             \
	"CAST(COALESCE((" version "), 0) AS SIGNED) AS v, "                                    \
	"TIMESTAMPDIFF(SECOND, '1970-01-01', UTC_TIMESTAMP()) AS now) x "      \
	"LEFT JOIN stay_counts c ON c.city_code = ? AND c.county_code = ? "    \
	"AND c.sd = ? AND c.ed = ? AND c.length_rule = ?"

/* The booking object (BK_* in bookings.h). */
#define BOOKING_COLS                                                           \
	"SELECT b.id, b.house_id, h.description_title, h.photo_urls, "         \
	"DATE_FORMAT(b.start_date, '%Y-%m-%d'), "                              \
	"DATE_FORMAT(b.end_date, '%Y-%m-%d'), "                                \
	"DATE_FORMAT(b.created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i:%s'), "   \
	"b.nights, b.amount_fen, "                                             \
	"IF(b.status IN ('WAIT_ACCEPT', 'WAIT_PAYMENT') AND "                  \
	"b.hold_until <= UTC_TIMESTAMP(), 'CANCELED', b.status), "             \
	"COALESCE(IF(b.status = 'REJECTED', b.reject_reason, "                 \
	"IF(b.status = 'COMPLETE', b.review, '')), '') "                       \
	"FROM bookings b JOIN houses h ON h.id = b.house_id "

/* clang-format on */

const char *const schema_sql[Q__MAX] = {
        [Q_PING] = "SELECT 1",

        [Q_SESSION_USER] =
                /* One round trip: the session and its user object.
                 * Deterministic (the expiry is compared by the caller), so
                 * MariaDB's query cache can answer it until the tables change.
                 */
        "SELECT u.id, u.is_admin, u.profile_json, "
        "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', s.expires_at), "
        "u.nickname "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.revoked_at IS NULL",

        [Q_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, "
                             "created_at, expires_at) "
                             "VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + "
                             "INTERVAL ? SECOND)",

        [Q_SESSION_REVOKE] = "UPDATE sessions SET revoked_at = UTC_TIMESTAMP() "
                             "WHERE token_hash = ? AND revoked_at IS NULL",

        /* LAST_INSERT_ID(id) makes the insert id the user's id whether the
         * row was new or not. */
        [Q_USER_UPSERT_WX] =
                "INSERT INTO users (wx_openid, wx_unionid, wx_nickname, "
                "wx_sex, "
                "wx_country, wx_province, wx_city, wx_headimgurl) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), "
                "wx_unionid = COALESCE(VALUES(wx_unionid), wx_unionid), "
                "wx_nickname = COALESCE(VALUES(wx_nickname), wx_nickname), "
                "wx_sex = COALESCE(VALUES(wx_sex), wx_sex), "
                "wx_country = COALESCE(VALUES(wx_country), wx_country), "
                "wx_province = COALESCE(VALUES(wx_province), wx_province), "
                "wx_city = COALESCE(VALUES(wx_city), wx_city), "
                "wx_headimgurl = COALESCE(VALUES(wx_headimgurl), "
                "wx_headimgurl)",

        [Q_USER_GET] =
                "SELECT id, is_admin, profile_json FROM users WHERE id = ?",

        [Q_USER_LOCK_PROFILE] =
                "SELECT headimgurl, user_type, virtual_tel_flag, virtual_tel "
                "FROM users WHERE id = ? FOR UPDATE",

        /* Optional fields come as (given, value) pairs: not given keeps the
         * stored value, given NULL clears it. */
        [Q_USER_UPDATE_PROFILE] =
                "UPDATE users SET nickname = ?, sex = ?, user_type = ?, "
                "address_province = ?, address_city = ?, birthday = ?, "
                "constellations = ?, education = ?, occupation = ?, "
                "headimgurl = COALESCE(?, headimgurl), "
                "self_description = IF(?, ?, self_description), "
                "account_name = IF(?, ?, account_name), "
                "account_number_enc = IF(?, ?, account_number_enc), "
                "account_number_masked = IF(?, ?, account_number_masked), "
                "account_idcard_enc = IF(?, ?, account_idcard_enc), "
                "account_idcard_masked = IF(?, ?, account_idcard_masked), "
                "tel = IF(?, ?, tel), "
                "virtual_tel_flag = IF(?, ?, virtual_tel_flag), "
                "virtual_tel = IF(?, ?, virtual_tel), "
                "wechat = IF(?, ?, wechat), "
                "qq = IF(?, ?, qq) "
                "WHERE id = ?",

        /* houses.owner_type (migration 0006) when the user type changes. */
        [Q_HOUSES_SET_OWNER_TYPE] =
                "UPDATE houses SET owner_type = ? WHERE user_id = ?",

        [Q_USER_LOCK_IDENT] = "SELECT real_name_status, id_portrait, "
                              "idcard_front, idcard_back "
                              "FROM users WHERE id = ? FOR UPDATE",

        [Q_USER_UPDATE_IDENT] =
                "UPDATE users SET real_name = ?, idcard_enc = ?, idcard_masked "
                "= ?, "
                "id_portrait = ?, idcard_front = ?, idcard_back = ?, "
                "real_name_status = 1, real_name_reason = NULL WHERE id = ?",

        [Q_USER_LANDLORD_PENDING] =
                "UPDATE users SET landlord_status = 1, landlord_reason = NULL "
                "WHERE id = ?",

        [Q_CERT_LOCK_BY_NUMBER] =
                "SELECT id, user_id, property_cert_photo, "
                "lease_agreement_photo "
                "FROM house_certs WHERE property_cert_number = ? FOR UPDATE",

        [Q_CERT_INSERT] =
                "INSERT INTO house_certs (user_id, certname, idcard_enc, "
                "property_cert_number, property_cert_photo, house_type, "
                "lease_agreement_photo, status) VALUES (?, ?, ?, ?, ?, ?, ?, "
                "1)",

        [Q_CERT_UPDATE] =
                "UPDATE house_certs SET certname = ?, idcard_enc = ?, "
                "property_cert_photo = ?, house_type = ?, "
                "lease_agreement_photo = ?, "
                "status = 1 WHERE id = ? AND user_id = ?",

        /* ---- regions (migration 0002) ---- */

        [Q_REGION_TOP] = "SELECT code, name, parent_code FROM regions "
                         "WHERE parent_code IS NULL ORDER BY code",

        /* No row: no such parent; one row of NULLs: it has no children. */
        [Q_REGION_CHILDREN] =
                "SELECT c.code, c.name, c.parent_code FROM regions p "
                "LEFT JOIN regions c ON c.parent_code = p.code "
                "WHERE p.code = ? ORDER BY c.code",
        /* Listing counts (dircounts.c, migration 0012): the version of the
         * scope, and the count of filter key (?) stored at it, if any. */
        [Q_DIRC_LOOKUP_CITY] =
                "SELECT x.v, c.n FROM (SELECT CAST(COALESCE(SUM(v), 0) AS "
                "UNSIGNED) AS v "
                "FROM dir_versions WHERE city_code = ?) x "
                "LEFT JOIN dir_counts c ON c.k = ? AND c.v = x.v",
        [Q_DIRC_LOOKUP_PROVINCE] =
                "SELECT x.v, c.n FROM (SELECT CAST(COALESCE(SUM(v), 0) AS "
                "UNSIGNED) AS v "
                "FROM dir_versions WHERE province_code = ?) x "
                "LEFT JOIN dir_counts c ON c.k = ? AND c.v = x.v",
        [Q_DIRC_LOOKUP_ALL] =
                "SELECT x.v, c.n FROM (SELECT CAST(COALESCE(SUM(v), 0) AS "
                "UNSIGNED) AS v "
                "FROM dir_versions) x "
                "LEFT JOIN dir_counts c ON c.k = ? AND c.v = x.v",
        [Q_DIRC_PUT] = "INSERT INTO dir_counts (k, v, n, at) VALUES "
                       "(?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
                       "v = VALUES(v), n = VALUES(n), at = VALUES(at)",
        [Q_DIRC_PRUNE] = "DELETE FROM dir_counts WHERE at < "
                         "UTC_TIMESTAMP() - INTERVAL 1 DAY LIMIT 1000",

        [Q_REGION_HOT] = "SELECT code, name, parent_code FROM regions "
                         "WHERE hot = 1 ORDER BY code",

        /* A region with its parent and grandparent. */
        [Q_REGION_CHAIN] =
                "SELECT r.level, r.code, r.name, p.code, p.name, g.code, "
                "g.name FROM regions r "
                "LEFT JOIN regions p ON p.code = r.parent_code "
                "LEFT JOIN regions g ON g.code = p.parent_code "
                "WHERE r.code = ?",

        /* ---- listings (migration 0003) ---- */

        /* The columns in the order of the /house_create parameter table
         * (houses.h, HA_*), then the coordinates again for location. */
        [Q_HOUSE_INSERT] =
                "INSERT INTO houses (user_id, province_code, province_name, "
                "city_code, city_name, county_code, county_name, "
                "district_code, district_name, subdistrict_code, "
                "subway_station_code, house_number, longitude, latitude, "
                "rent_time_type, rent_room_type, house_size, house_type, "
                "house_floor, house_direction, house_decoration, "
                "house_max_livein, house_rent, payment_type, "
                "property_management_fee, heating_charge, "
                "description_title, description, traffic_condition, "
                "around_condition, facility, house_rooms, "
                "house_characteristic, house_source, all_floor, "
                "earliest_checkin_time, extra_fee, location, created_at, "
                "owner_type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "POINT(COALESCE(?, 0), COALESCE(?, 0)), UTC_TIMESTAMP(), "
                "(SELECT u.user_type FROM users u WHERE u.id = ?))",

        /* In a transaction: the row every change starts from. */
        [Q_HOUSE_LOCK] = "SELECT user_id, status, "
                         "longitude IS NOT NULL AND latitude IS NOT NULL, "
                         "house_rent IS NOT NULL, house_size IS NOT NULL, "
                         "description_title IS NOT NULL, "
                         "province_code, province_name, city_code, city_name, "
                         "county_code, county_name "
                         "FROM houses WHERE id = ? FOR UPDATE",

        [Q_HOUSE_SET_STATUS] = "UPDATE houses SET status = ? WHERE id = ?",

        /* No review step: submitted and released at once. */
        [Q_HOUSE_RELEASE] =
                "UPDATE houses SET status = 1, release_time = "
                "UTC_TIMESTAMP(), submission_time = UTC_TIMESTAMP() "
                "WHERE id = ?",

        [Q_HOUSE_SET_REGION] =
                "UPDATE houses SET province_code = ?, province_name = ?, "
                "city_code = ?, city_name = ?, county_code = ?, "
                "county_name = ? WHERE id = ?",

        /* Assignments run left to right: location sees the new value. */
        [Q_HOUSE_SET_LONGITUDE] = "UPDATE houses SET longitude = ?, location = "
                                  "IF(latitude IS NULL, POINT(0, 0), "
                                  "POINT(longitude, latitude)) WHERE id = ?",

        [Q_HOUSE_SET_LATITUDE] = "UPDATE houses SET latitude = ?, location = "
                                 "IF(longitude IS NULL, POINT(0, 0), "
                                 "POINT(longitude, latitude)) WHERE id = ?",

/* A write of house_rent on a short-stay listing sets its nightly price to
 * as many yuan, so the two always agree (ihome.md 5); for every other
 * column the second assignment keeps night_price_fen as it is. */
#define X(up, col)                                                             \
	[Q_HOUSE_SET_##up] = "UPDATE houses SET " #col " = ?, "                \
	                     "night_price_fen = IF('" #col "' = 'house_rent' " \
	                     "AND night_price_fen IS NOT NULL, house_rent * "  \
	                     "100, night_price_fen) WHERE id = ?",
        HOUSE_PLAIN_ATTRS(X)
#undef X

                /* /my_house_list: the listings, then the photos and the videos
                 * of all of them in one query each. */
                [Q_HOUSE_LIST_MINE] =
                        "SELECT id, house_size, house_type, "
                        "house_rent, "
                        "payment_type, praise_count, status, "
                        "DATE_FORMAT(created_at, '%Y-%m-%d'), "
                        "TIMESTAMPDIFF(SECOND, created_at, "
                        "UTC_TIMESTAMP()), pulloff_reason "
                        "FROM houses WHERE user_id = ? AND status <> 3 "
                        "ORDER BY created_at DESC, id DESC",

        [Q_HOUSE_PHOTOS_MINE] =
                "SELECT p.house_id, p.id, p.url FROM house_photos p "
                "JOIN houses h ON h.id = p.house_id "
                "WHERE h.user_id = ? AND h.status <> 3 "
                "ORDER BY p.house_id, p.position, p.id",

        [Q_HOUSE_VIDEOS_MINE] =
                "SELECT v.house_id, v.id, v.url FROM house_videos v "
                "JOIN houses h ON h.id = v.house_id "
                "WHERE h.user_id = ? AND h.status <> 3 "
                "ORDER BY v.house_id, v.id",

        /* Listing media (media.c).  A lock row: house, url, owner, status. */
        [Q_PHOTO_COUNT] = "SELECT COUNT(*), MAX(position) FROM house_photos "
                          "WHERE house_id = ?",
        [Q_PHOTO_INSERT] =
                "INSERT INTO house_photos (house_id, user_id, url, rooms_type, "
                "rooms_area, rooms_orientation, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [Q_PHOTO_LOCK] =
                "SELECT p.house_id, p.url, h.user_id, h.status FROM "
                "house_photos p "
                "JOIN houses h ON h.id = p.house_id WHERE p.id = ? FOR UPDATE",
        [Q_PHOTO_SET_URL] = "UPDATE house_photos SET url = ? WHERE id = ?",
        [Q_PHOTO_DELETE] = "DELETE FROM house_photos WHERE id = ?",
        /* houses.photo_urls (migration 0006) from the photos as they
         * stand in this transaction, which holds the listing's row lock
         * as every change of its photos does: read, then written. */
        [Q_PHOTO_URLS] = "SELECT GROUP_CONCAT(url ORDER BY position, id "
                         "SEPARATOR '\n') FROM house_photos "
                         "WHERE house_id = ?",
        [Q_HOUSE_SET_PHOTO_URLS] =
                "UPDATE houses SET photo_urls = ? WHERE id = ?",
        [Q_VIDEO_COUNT] =
                "SELECT COUNT(*) FROM house_videos WHERE house_id = ?",
        [Q_VIDEO_INSERT] = "INSERT INTO house_videos (house_id, user_id, url) "
                           "VALUES (?, ?, ?)",
        [Q_VIDEO_LOCK] =
                "SELECT v.house_id, v.url, h.user_id, h.status FROM "
                "house_videos v "
                "JOIN houses h ON h.id = v.house_id WHERE v.id = ? FOR UPDATE",
        [Q_VIDEO_SET_URL] = "UPDATE house_videos SET url = ? WHERE id = ?",
        [Q_VIDEO_DELETE] = "DELETE FROM house_videos WHERE id = ?",

        /* ---- search (migrations 0004, 0006, 0007; search.c) ---- */

        /* Listings (id, sort key, every column of the answer) in one
         * order, without filters, with SEARCH_BASIC (_B) or with every
         * filter (_F); the limit comes last.  NEAR: the first of a box
         * through the spatial index, by distance.  STRIPS: the same through
         * the strips of a small box, with filters only.  CELL: one grid
         * cell through its index in the order.  WIDE: a whole circle
         * through the spatial index, sorted. */
        [Q_SEARCH_NEAR] = SEARCH_NEAR(""),
        [Q_SEARCH_NEAR_B] = SEARCH_NEAR(SEARCH_BASIC),
        [Q_SEARCH_NEAR_F] = SEARCH_NEAR(SEARCH_BASIC SEARCH_EXTRA),
        [Q_SEARCH_STRIPS_B] = SEARCH_STRIPS(SEARCH_BASIC),
        [Q_SEARCH_STRIPS_F] = SEARCH_STRIPS(SEARCH_BASIC SEARCH_EXTRA),
        SEARCH_ORDER(NEW, "new", "TO_SECONDS(release_time)",
                     "release_time >= ?", "release_time DESC, id DESC"),
        SEARCH_ORDER(PRAISED, "praise", "praise_count", "praise_count >= ?",
                     "praise_count DESC, id DESC"),
        SEARCH_ORDER(RENT, "rent", "house_rent", "house_rent <= ?",
                     "house_rent, id"),
        SEARCH_ORDER(RENT_DESC, "rent_desc", "house_rent", "house_rent >= ?",
                     "house_rent DESC, id DESC"),
        SEARCH_ORDER(SIZE, "size", "house_size", "house_size <= ?",
                     "house_size, id"),

        /* ---- invitations (invites.c) ---- */

        /* The user's code, unless the user has one: the caller reads it
         * back and tries another code if this one was taken. */
        [Q_INVITE_ADD] = "INSERT INTO invite_codes (user_id, code) "
                         "VALUES (?, ?) ON DUPLICATE KEY UPDATE "
                         "user_id = user_id",
        [Q_INVITE_MINE] = "SELECT i.code, f.code FROM invite_codes i "
                          "LEFT JOIN invite_codes f ON f.user_id = i.friend_id "
                          "WHERE i.user_id = ?",
        [Q_INVITE_OWNER] = "SELECT user_id FROM invite_codes WHERE code = ?",
        /* Once only: no row changes when a friend is set already. */
        [Q_INVITE_SET_FRIEND] = "UPDATE invite_codes SET friend_id = ?, "
                                "friend_set_at = UTC_TIMESTAMP() "
                                "WHERE user_id = ? AND friend_id IS NULL",

        /* ---- viewing requests (viewings.c) ---- */

        [Q_PREORDER_HOUSE] = "SELECT user_id, status FROM houses WHERE id = ?",
        [Q_PREORDER_INSERT] = "INSERT INTO preorders (renter_id, owner_id, "
                              "house_id) VALUES (?, ?, ?)",
        /* The open request of a renter (?) for a listing (?). */
        [Q_PREORDER_OPEN] = "SELECT id FROM preorders "
                            "WHERE renter_id = ? AND open_house_id = ?",
        /* A request for a change: renter, owner, state, house. */
        [Q_PREORDER_LOCK] = "SELECT renter_id, owner_id, state, house_id "
                            "FROM preorders WHERE id = ? FOR UPDATE",
        [Q_PREORDER_SET_STATE] = "UPDATE preorders SET state = ? "
                                 "WHERE id = ? AND state = ?",
#define PREORDER_LIST(who)                                                     \
	"SELECT p.id, p.house_id, p.renter_id, p.owner_id, p.state, "          \
	"DATE_FORMAT(p.created_at, '%Y-%m-%d %H:%i:%s'), "                     \
	"DATE_FORMAT(p.paid_at, '%Y-%m-%d %H:%i:%s'), "                        \
	"h.description_title, h.house_rent "                                   \
	"FROM preorders p JOIN houses h ON h.id = p.house_id "                 \
	"WHERE p." who " = ? ORDER BY p.id DESC LIMIT ?, ?"
        /* A page of a user's requests, newest first: shift, count. */
        [Q_PREORDER_LIST_RENTER] = PREORDER_LIST("renter_id"),
        [Q_PREORDER_LIST_OWNER] = PREORDER_LIST("owner_id"),
#undef PREORDER_LIST
        /* The first photo of each listing of a JSON array of ids. */
        [Q_PREORDER_FIRST_PHOTOS] =
                "SELECT p.house_id, p.id, p.url FROM JSON_TABLE(?, '$[*]' "
                "COLUMNS (hid BIGINT UNSIGNED PATH '$')) AS j "
                "JOIN house_photos p ON p.id = (SELECT q.id FROM "
                "house_photos q WHERE q.house_id = j.hid "
                "ORDER BY q.position, q.id LIMIT 1)",

        /* ---- Alipay (payments.c) ---- */

        [Q_PAY_INSERT] = "INSERT INTO payments (out_trade_no, preorder_id, "
                         "user_id, amount_fen) VALUES (?, ?, ?, ?)",
        /* A trade for a notify: id, request, amount, state, booking,
         * bill. */
        [Q_PAY_LOCK] = "SELECT id, preorder_id, amount_fen, state, booking_id, "
                       "bill_id FROM payments WHERE out_trade_no = ? "
                       "FOR UPDATE",
        /* Alipay's trade number and status. */
        /* state (1 paid, 2 paid but its request was no longer open),
         * Alipay's trade number and status. */
        [Q_PAY_SET_PAID] = "UPDATE payments SET state = ?, trade_no = ?, "
                           "trade_status = ?, paid_at = UTC_TIMESTAMP() "
                           "WHERE id = ? AND state = 0",
        /* The newest trade of a request (?) still payable: unpaid, of
         * this amount (?), younger than its timeout_express (?, s). */
        [Q_PAY_OPEN] = "SELECT out_trade_no FROM payments "
                       "WHERE preorder_id = ? AND state = 0 AND "
                       "amount_fen = ? AND created_at > UTC_TIMESTAMP() - "
                       "INTERVAL ? SECOND ORDER BY id DESC LIMIT 1",
        [Q_PREORDER_SET_PAID] = "UPDATE preorders SET state = 2, "
                                "paid_at = UTC_TIMESTAMP() "
                                "WHERE id = ? AND state = 1",
        /* States are kept a day after they expire, so that a late one is
         * told "expired" rather than "unknown". */
        [Q_AUTH_STATE_PURGE] = "DELETE FROM alipay_auth_states "
                               "WHERE expires_at < UTC_TIMESTAMP() - "
                               "INTERVAL 1 DAY",
        [Q_AUTH_STATE_ADD] = "INSERT INTO alipay_auth_states (state_hash, "
                             "user_id, expires_at) VALUES (?, ?, "
                             "UTC_TIMESTAMP() + INTERVAL ? SECOND)",
        /* Single use: taken whatever comes next.  Its user, and whether it
         * is still valid. */
        [Q_AUTH_STATE_TAKE] = "DELETE FROM alipay_auth_states "
                              "WHERE state_hash = ? RETURNING user_id, "
                              "expires_at > UTC_TIMESTAMP()",
        /* Bind (again): the user, the sealed Alipay user id and access
         * token, its lifetime (s), the sealed refresh token (or NULL) and
         * its lifetime.  A new binding forgets the cached score. */
        [Q_ALIPAY_BIND] =
                "INSERT INTO alipay_accounts (user_id, alipay_user_enc, "
                "access_token_enc, access_expires_at, refresh_token_enc, "
                "refresh_expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP() + "
                "INTERVAL ? SECOND, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND) "
                "ON DUPLICATE KEY UPDATE "
                "alipay_user_enc = VALUES(alipay_user_enc), "
                "access_token_enc = VALUES(access_token_enc), "
                "access_expires_at = VALUES(access_expires_at), "
                "refresh_token_enc = VALUES(refresh_token_enc), "
                "refresh_expires_at = VALUES(refresh_expires_at), "
                "zhima_score = NULL, zhima_at = NULL, "
                "bound_at = UTC_TIMESTAMP()",
        /* The binding: access token, still valid for a minute, refresh
         * token, still valid, cached score. */
        [Q_ALIPAY_ACCOUNT] =
                "SELECT access_token_enc, access_expires_at > "
                "UTC_TIMESTAMP() + INTERVAL 60 SECOND, refresh_token_enc, "
                "refresh_expires_at > UTC_TIMESTAMP(), zhima_score "
                "FROM alipay_accounts WHERE user_id = ?",
        /* Refreshed tokens: access token, lifetime, refresh token,
         * lifetime, user. */
        [Q_ALIPAY_TOKENS] =
                "UPDATE alipay_accounts SET access_token_enc = ?, "
                "access_expires_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
                "refresh_expires_at = IF(? IS NULL, refresh_expires_at, "
                "UTC_TIMESTAMP() + INTERVAL ? SECOND), "
                "refresh_token_enc = IFNULL(?, refresh_token_enc) "
                "WHERE user_id = ?",
        [Q_ALIPAY_ZHIMA] = "UPDATE alipay_accounts SET zhima_score = ?, "
                           "zhima_at = UTC_TIMESTAMP() WHERE user_id = ?",
        /* One transfer of an order at a time, across workers (the lock
         * goes with the connection if a worker dies). */
        /* One order through Alipay at a time, across workers and Galera
         * nodes: a lease row (migration 0022), not GET_LOCK, which holds
         * on one node only. */
        [Q_XFER_LOCK] = "INSERT INTO transfer_locks (order_id, holder) "
                        "VALUES (?, ?)",
        /* A lease left by a worker that died: taken over after 600 s. */
        [Q_XFER_STEAL] = "UPDATE transfer_locks SET holder = ?, taken_at = "
                         "NOW() WHERE order_id = ? AND taken_at < NOW() - "
                         "INTERVAL 600 SECOND",
        [Q_XFER_UNLOCK] = "DELETE FROM transfer_locks WHERE order_id = ? "
                          "AND holder = ?",
        [Q_XFER_GET] = "SELECT id, payee_type, payee_account_enc, amount_fen, "
                       "COALESCE(remark, ''), state, alipay_order_id, "
                       "pay_date, sub_code, attempts "
                       "FROM transfers WHERE order_id = ?",
        [Q_XFER_INSERT] = "INSERT INTO transfers (order_id, payee_type, "
                          "payee_account_enc, amount_fen, remark, admin_id) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
        [Q_XFER_ATTEMPT] = "UPDATE transfers SET attempts = attempts + 1 "
                           "WHERE id = ?",
        /* state, Alipay's order id, pay date, refusal, id */
        [Q_XFER_DONE] = "UPDATE transfers SET state = ?, "
                        "alipay_order_id = ?, pay_date = ?, sub_code = ? "
                        "WHERE id = ?",
        /* Fixed windows (app/limits.c): kind, key, window start. */
        [Q_RATE_HIT] = "INSERT INTO rate_counts (kind, k, window_start, n) "
                       "VALUES (?, ?, ?, 1) ON DUPLICATE KEY UPDATE n = n + 1",
        [Q_RATE_GET] = "SELECT n FROM rate_counts "
                       "WHERE kind = ? AND k = ? AND window_start = ?",
        [Q_RATE_SWEEP] = "DELETE FROM rate_counts WHERE window_start < "
                         "UTC_TIMESTAMP() - INTERVAL 2 DAY LIMIT 1000",
        /* Image captchas (app/codes.c): id, text, lifetime. */
        [Q_CAPTCHA_PUT] = "REPLACE INTO captchas (id, text, expires_at) "
                          "VALUES (?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND)",
        [Q_CAPTCHA_DEL] = "DELETE FROM captchas WHERE id = ?",
        /* One shot: the row goes whatever the answer. */
        [Q_CAPTCHA_TAKE] = "DELETE FROM captchas WHERE id = ? "
                           "RETURNING text, expires_at > UTC_TIMESTAMP()",
        [Q_CAPTCHA_SWEEP] = "DELETE FROM captchas "
                            "WHERE expires_at < UTC_TIMESTAMP() LIMIT 100",
        [Q_USER_BY_MOBILE] = "SELECT id FROM users WHERE mobile = ?",
        /* SMS codes (app/codes.c): a send within the interval? */
        [Q_SMS_RECENT] = "SELECT sent_at > UTC_TIMESTAMP() - INTERVAL ? SECOND "
                         "FROM sms_codes WHERE mobile = ?",
        /* mobile, keyed hash of the code, lifetime */
        [Q_SMS_PUT] = "REPLACE INTO sms_codes (mobile, code_hash, expires_at, "
                      "attempts, burnt, sent_at) VALUES (?, ?, "
                      "UTC_TIMESTAMP() + INTERVAL ? SECOND, 0, 0, "
                      "UTC_TIMESTAMP())",
        [Q_SMS_LOCK] = "SELECT code_hash, expires_at > UTC_TIMESTAMP(), burnt "
                       "FROM sms_codes WHERE mobile = ? FOR UPDATE",
        /* the most tries, mobile */
        [Q_SMS_WRONG] = "UPDATE sms_codes SET "
                        "burnt = IF(attempts + 1 >= ?, 1, 0), "
                        "attempts = attempts + 1 WHERE mobile = ?",
        [Q_SMS_USED] = "UPDATE sms_codes SET code_hash = NULL WHERE mobile = ?",
        /* Accounts by mobile and password (app/accounts.c): mobile,
         * argon2id string, display name. */
        [Q_USER_CREATE_MOBILE] = "INSERT INTO users (mobile, password_hash, "
                                 "nickname) VALUES (?, ?, ?)",
        [Q_USER_AUTH_MOBILE] = "SELECT id, password_hash FROM users "
                               "WHERE mobile = ?",
        [Q_USER_SET_HASH] = "UPDATE users SET password_hash = ? WHERE id = ?",
        [Q_LOGIN_FAIL_ADD] = "INSERT INTO login_failures (ident, ip, "
                             "failed_at) VALUES (?, ?, UTC_TIMESTAMP())",
        [Q_LOGIN_FAIL_IDENT] = "SELECT COUNT(*) FROM login_failures "
                               "WHERE ident = ? AND failed_at > "
                               "UTC_TIMESTAMP() - INTERVAL ? SECOND",
        [Q_LOGIN_FAIL_IP] = "SELECT COUNT(*) FROM login_failures "
                            "WHERE ip = ? AND failed_at > "
                            "UTC_TIMESTAMP() - INTERVAL ? SECOND",

        /* ---- iHome (ihome.md 4-7, migration 0008) ---- */

        /* The profile: name, mobile, portrait, real-name state. */
        [Q_USER_IHOME_PROFILE] = "SELECT COALESCE(nickname, ''), mobile, "
                                 "headimgurl, real_name_status, "
                                 "IF(real_name_status = 3, "
                                 "real_name_reason, NULL) "
                                 "FROM users WHERE id = ?",
        [Q_USER_SET_NAME] = "UPDATE users SET nickname = ? WHERE id = ?",
        [Q_USER_LOCK_AVATAR] =
                "SELECT headimgurl FROM users WHERE id = ? FOR UPDATE",
        [Q_USER_SET_AVATAR] = "UPDATE users SET headimgurl = ? WHERE id = ?",
        [Q_USER_REALNAME_GET] = "SELECT real_name, idcard_masked, "
                                "real_name_status, IF(real_name_status = 3, "
                                "real_name_reason, NULL) "
                                "FROM users WHERE id = ?",
        /* The shared real-name record without documents (iHome). */
        [Q_USER_UPDATE_REALNAME] =
                "UPDATE users SET real_name = ?, idcard_enc = ?, "
                "idcard_masked = ?, real_name_status = 1, "
                "real_name_reason = NULL WHERE id = ?",
        /* The counties of a city (ihome_city_code). */
        [Q_AREAS] = "SELECT code, name FROM regions WHERE parent_code = ? "
                    "AND level = 3 ORDER BY code",

        /* A short-stay listing, released at once: owner; province code,
         * name, city code, name, county code, name; acreage, unit,
         * capacity, whole yuan, title, rooms, fen a night, deposit fen,
         * address, beds, min_days, max_days. */
        [Q_STAY_INSERT] =
                "INSERT INTO houses (user_id, status, province_code, "
                "province_name, city_code, city_name, county_code, "
                "county_name, rent_time_type, rent_room_type, house_size, "
                "house_type, house_max_livein, house_rent, "
                "description_title, house_rooms, night_price_fen, "
                "deposit_fen, address, beds, min_days, max_days, location, "
                "release_time, submission_time) VALUES (?, 1, ?, ?, ?, ?, "
                "?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "POINT(0, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())",
        [Q_STAY_FACILITY_ADD] = "INSERT INTO house_stay_facilities "
                                "(house_id, facility_id) VALUES (?, ?)",
        /* One listing with its owner (STAY_COL_*, stays.h). */
        [Q_STAY_DETAIL] =
                "SELECT h.id, h.user_id, COALESCE(u.nickname, ''), u.mobile, "
                "u.headimgurl, h.description_title, h.address, h.house_type, "
                "h.beds, h.night_price_fen, h.deposit_fen, h.county_code, "
                "h.county_name, h.house_rooms, h.house_size, "
                "h.house_max_livein, h.min_days, h.max_days, h.photo_urls, "
                "h.status = 1 AND h.rent_time_type = 1 AND h.city_code = ? "
                "AND h.county_code IS NOT NULL, h.status, "
                "(SELECT GROUP_CONCAT(f.facility_id ORDER BY f.facility_id) "
                "FROM house_stay_facilities f WHERE f.house_id = h.id) "
                "FROM houses h JOIN users u ON u.id = h.user_id "
                "WHERE h.id = ? AND h.night_price_fen IS NOT NULL",
        /* Reviews of completed bookings, newest first: text, China time,
         * the guest's name and mobile. */
        [Q_STAY_COMMENTS] =
                "SELECT b.review, DATE_FORMAT(b.reviewed_at + INTERVAL 8 "
                "HOUR, '%Y-%m-%d %H:%i:%s'), COALESCE(u.nickname, ''), "
                "u.mobile FROM bookings b JOIN users u ON u.id = b.guest_id "
                "WHERE b.house_id = ? AND b.status = 'COMPLETE' "
                "ORDER BY b.reviewed_at DESC, b.id DESC LIMIT 30",
        [Q_STAY_MINE] = STAY_BASIC
        "WHERE h.user_id = ? AND h.status <> 3 AND h.rent_time_type = 1 "
        "AND h.night_price_fen IS NOT NULL ORDER BY h.id DESC LIMIT 200",
        [Q_STAY_INDEX] = "SELECT h.id, h.photo_urls, h.description_title "
                         "FROM houses h WHERE " STAY_IHOME
                         " AND h.photo_urls IS NOT NULL "
                         "ORDER BY h.order_count DESC, h.id DESC LIMIT 5",
        /* A booking's house under its row lock: owner, fen a night,
         * min_days, max_days, an iHome house. */
        [Q_STAY_LOCK] = "SELECT h.user_id, h.night_price_fen, h.min_days, "
                        "h.max_days, " STAY_IHOME " FROM houses h "
                        "WHERE h.id = ? AND h.night_price_fen IS NOT NULL "
                        "FOR UPDATE",
        /* The search (ihome.md 6): its count (STAY_COUNT_DATED, or the
         * scope's houses without dates), through the counts cache, and
         * its pages, each in the order of an index (0009). */
        [Q_STAY_COUNT_COUNTY] = STAY_COUNT_DATED(STAY_SCOPE_COUNTY),
        [Q_STAY_COUNT_CITY] = STAY_COUNT_DATED(STAY_SCOPE_CITY),
        [Q_STAY_COUNT_ALL_COUNTY] =
                "SELECT COUNT(*), NULL FROM houses h" STAY_SCOPE_COUNTY,
        [Q_STAY_COUNT_ALL_CITY] =
                "SELECT COUNT(*), NULL FROM houses h" STAY_SCOPE_CITY,
        [Q_STAY_CACHED_COUNTY] = STAY_CACHED(
                "SELECT s.v FROM stay_versions s WHERE s.county_code = ?"),
        [Q_STAY_CACHED_CITY] = STAY_CACHED(
                "SELECT SUM(s.v) FROM stay_versions s WHERE s.city_code = ?"),
        /* city, county, sd, ed, length rule, version, count, validity */
        [Q_STAY_COUNT_PUT] =
                "INSERT INTO stay_counts (city_code, county_code, sd, ed, "
                "length_rule, v, n, valid_until) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                "v = VALUES(v), n = VALUES(n), "
                "valid_until = VALUES(valid_until)",
        /* The scope's entries older than version (?). */
        [Q_STAY_COUNT_PRUNE] = "DELETE FROM stay_counts WHERE city_code = ? "
                               "AND county_code = ? AND v < ? LIMIT 1000",
        [Q_STAY_PAGE_NEW_COUNTY] = STAY_PAGE(
                STAY_SCOPE_COUNTY, "ix_houses_stay_new", "h.id DESC"),
        [Q_STAY_PAGE_BOOKING_COUNTY] = STAY_PAGE(
                STAY_SCOPE_COUNTY, "ix_houses_stay_booking",
                "h.order_count DESC, h.id DESC"),
        [Q_STAY_PAGE_PRICE_INC_COUNTY] = STAY_PAGE(
                STAY_SCOPE_COUNTY, "ix_houses_stay_inc",
                "h.night_price_fen, h.id DESC"),
        [Q_STAY_PAGE_PRICE_DES_COUNTY] = STAY_PAGE(
                STAY_SCOPE_COUNTY, "ix_houses_stay",
                "h.night_price_fen DESC, h.id DESC"),
        [Q_STAY_PAGE_NEW_CITY] = STAY_PAGE(
                STAY_SCOPE_CITY, "ix_houses_stay_city_new", "h.id DESC"),
        [Q_STAY_PAGE_BOOKING_CITY] = STAY_PAGE(
                STAY_SCOPE_CITY, "ix_houses_stay_city_booking",
                "h.order_count DESC, h.id DESC"),
        [Q_STAY_PAGE_PRICE_INC_CITY] = STAY_PAGE(
                STAY_SCOPE_CITY, "ix_houses_stay_city_inc",
                "h.night_price_fen, h.id DESC"),
        [Q_STAY_PAGE_PRICE_DES_CITY] = STAY_PAGE(
                STAY_SCOPE_CITY, "ix_houses_stay_city",
                "h.night_price_fen DESC, h.id DESC"),
        /* Bookings (ihome.md 7): a live one on house (?) overlapping
         * [start (?), end (?)). */
        [Q_BOOKING_OVERLAP] = "SELECT b.id FROM bookings b "
                              "WHERE b.house_id = ? AND b.start_date < ? "
                              "AND b.end_date > ? AND " BOOKING_LIVE " LIMIT 1",
        /* house, guest, owner, start, end, nights, fen a night, amount,
         * the accept hold in seconds */
        [Q_BOOKING_INSERT] =
                "INSERT INTO bookings (house_id, guest_id, owner_id, "
                "start_date, end_date, nights, night_price_fen, amount_fen, "
                "status, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "'WAIT_ACCEPT', UTC_TIMESTAMP() + INTERVAL ? SECOND)",
        /* A lapsed hold is written CANCELED (the row of ?). */
        [Q_BOOKING_LAPSE] =
                "UPDATE bookings SET status = 'CANCELED' WHERE id = ? AND "
                "status IN ('WAIT_ACCEPT', 'WAIT_PAYMENT') AND "
                "hold_until <= UTC_TIMESTAMP()",
        /* guest, owner, status (lapse applied), house, amount, seconds of
         * hold left */
        [Q_BOOKING_LOCK] =
                "SELECT guest_id, owner_id, IF(status IN ('WAIT_ACCEPT', "
                "'WAIT_PAYMENT') AND hold_until <= UTC_TIMESTAMP(), "
                "'CANCELED', status), house_id, amount_fen, "
                "GREATEST(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
                "hold_until), 0) FROM bookings WHERE id = ? FOR UPDATE",
        /* status, hold seconds (NULL: none), reason, review, id */
        [Q_BOOKING_SET] =
                "UPDATE bookings SET status = ?, hold_until = IF(? IS NULL, "
                "NULL, UTC_TIMESTAMP() + INTERVAL ? SECOND), "
                "reject_reason = COALESCE(?, reject_reason), "
                "review = COALESCE(?, review), reviewed_at = IF(? IS NULL, "
                "reviewed_at, UTC_TIMESTAMP()) WHERE id = ?",
        [Q_BOOKING_COUNT_GUEST] =
                "SELECT COUNT(*) FROM bookings WHERE guest_id = ?",
        [Q_BOOKING_COUNT_OWNER] =
                "SELECT COUNT(*) FROM bookings WHERE owner_id = ?",
        [Q_BOOKING_LIST_GUEST] = BOOKING_COLS
        "WHERE b.guest_id = ? ORDER BY b.id DESC LIMIT ? OFFSET ?",
        [Q_BOOKING_LIST_OWNER] = BOOKING_COLS
        "WHERE b.owner_id = ? ORDER BY b.id DESC LIMIT ? OFFSET ?",
        [Q_STAY_ORDER_COUNT_ADD] =
                "UPDATE houses SET order_count = order_count + 1 WHERE id = ?",
        /* The booking's trade (?) still payable: unpaid, this amount (?),
         * younger than (?) s. */
        [Q_PAY_OPEN_BOOKING] =
                "SELECT out_trade_no FROM payments WHERE booking_id = ? AND "
                "state = 0 AND amount_fen = ? AND created_at > "
                "UTC_TIMESTAMP() - INTERVAL ? SECOND ORDER BY id DESC "
                "LIMIT 1",
        [Q_PAY_INSERT_BOOKING] = "INSERT INTO payments (out_trade_no, "
                                 "booking_id, user_id, amount_fen) "
                                 "VALUES (?, ?, ?, ?)",
        /* Settlement: WAIT_PAYMENT with its hold running -> WAIT_COMMENT. */
        [Q_BOOKING_SET_PAID] =
                "UPDATE bookings SET status = 'WAIT_COMMENT', hold_until = "
                "NULL WHERE id = ? AND status = 'WAIT_PAYMENT' AND "
                "hold_until > UTC_TIMESTAMP()",

        /* ---- The directory (directory.md) ---- */

        /* The privileges of method (?) held by the roles of the caller:
         * anonymous always, user when logged in (?), admin (?), the rows
         * of user_roles of the user (?), and landlord when the user (?)
         * declared to let (QSZ user_type 1-3). */
        [Q_PRIV_FOR] =
                "SELECT p.method, p.prefix FROM privileges p "
                "JOIN role_privileges rp ON rp.privilege_id = p.id "
                "WHERE p.method = ? AND (rp.role_id = 1 OR "
                "(? AND rp.role_id = 2) OR (? AND rp.role_id = 5) OR "
                "rp.role_id IN (SELECT ur.role_id FROM user_roles ur "
                "WHERE ur.user_id = ? AND ur.role_id IN (3, 4)) OR "
                "(rp.role_id = 3 AND EXISTS (SELECT 1 FROM users u "
                "WHERE u.id = ? AND u.user_type IN (1, 2, 3))))",
        /* Whether user (?) has role (?): a row of user_roles; or user
         * (?) is an administrator and the role (?) admin, or declared to
         * let (QSZ user_type 1-3) and the role (?) landlord. */
        [Q_PRIV_HAS_ROLE] =
                "SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = ? "
                "AND role_id = ?) OR EXISTS (SELECT 1 FROM users WHERE "
                "id = ? AND ((? = 5 AND is_admin = 1) OR (? = 3 AND "
                "user_type IN (1, 2, 3))))",
        /* A region's name and intro with each child; no row: none. */
        [Q_REGION_DETAIL] =
                "SELECT p.name, p.intro, c.code, c.name FROM regions p "
                "LEFT JOIN regions c ON c.parent_code = p.code "
                "WHERE p.code = ? ORDER BY c.code",

        /* -- accounts, login, the command line (accounts.c, admin.c) -- */

        /* Accounts by username and by e-mail (users' collation is
         * case-insensitive): id, argon2id string or NULL. */
        [Q_USER_AUTH_USERNAME] = "SELECT id, password_hash FROM users "
                                 "WHERE username = ?",
        [Q_USER_AUTH_EMAIL] = "SELECT id, password_hash FROM users "
                              "WHERE email = ?",
        /* user id or NULL, ip, outcome (0 in, 1 wrong, 2 locked out),
         * method (1 password, 2 SMS code) */
        [Q_LOGIN_LOG_ADD] = "INSERT INTO login_log (user_id, ip, at, "
                            "outcome, method) "
                            "VALUES (?, ?, UTC_TIMESTAMP(), ?, ?)",

        /* -- agents, estates, house types, tags (catalog.c) -- */

        /* The agents' filters (catalog.c): a LIKE pattern with '!' as its
         * escape, the least service stars, the range of certificated. */
        [Q_AGENT_COUNT] =
                "SELECT COUNT(*) FROM agents WHERE name LIKE ? ESCAPE '!' AND "
                "servstar >= ? AND certificated BETWEEN ? AND ?",

        /* A page of agents (the filters, then limit and offset), each with its
         * estates by id: one row per link, or one with NULL estate columns. */
        [Q_AGENT_PAGE] =
                "SELECT a.id, a.name, a.tel, a.servstar, a.realstar, "
                "a.profstar, a.certificated, e.id, e.name, e.hot FROM (SELECT "
                "id FROM agents WHERE name LIKE ? ESCAPE '!' AND servstar >= "
                "? AND certificated BETWEEN ? AND ? ORDER BY servstar DESC, "
                "id LIMIT ? OFFSET ?) p JOIN agents a ON a.id = p.id LEFT "
                "JOIN agent_estates ae ON ae.agent_id = a.id LEFT JOIN "
                "estates e ON e.id = ae.estate_id ORDER BY a.servstar DESC, "
                "a.id, e.id",

        [Q_AGENT_GET] =
                "SELECT a.id, a.name, a.tel, a.servstar, a.realstar, "
                "a.profstar, a.certificated, e.id, e.name, e.hot FROM agents "
                "a LEFT JOIN agent_estates ae ON ae.agent_id = a.id LEFT JOIN "
                "estates e ON e.id = ae.estate_id WHERE a.id = ? ORDER BY "
                "e.id",

        [Q_AGENT_INSERT] =
                "INSERT INTO agents (name, tel, servstar, realstar, profstar, "
                "certificated) VALUES (?, ?, ?, ?, ?, ?)",

        [Q_AGENT_LOCK] =
                "SELECT id FROM agents WHERE id = ? FOR UPDATE",

        /* A NULL star or certificated keeps the stored value (PUT,
         * directory.md 6). */
        [Q_AGENT_UPDATE] =
                "UPDATE agents SET name = ?, tel = ?, servstar = COALESCE(?, "
                "servstar), realstar = COALESCE(?, realstar), profstar = "
                "COALESCE(?, profstar), certificated = COALESCE(?, "
                "certificated) WHERE id = ?",

        [Q_AGENT_UNLINK_ALL] =
                "DELETE FROM agent_estates WHERE agent_id = ?",

        /* Links agent (?) to estate (?) when the estate exists (0 rows:
         * no such estate). */
        [Q_AGENT_LINK] =
                "INSERT INTO agent_estates (agent_id, estate_id) SELECT ?, id "
                "FROM estates WHERE id = ?",

        /* Estate links cascade; listings keep no agent (ON DELETE SET NULL). */
        [Q_AGENT_DELETE] =
                "DELETE FROM agents WHERE id = ?",

        /* The estates' filters (catalog.c): a LIKE pattern, a region code
         * four times (0: any), the range of hot. */
        [Q_ESTATE_COUNT] =
                "SELECT COUNT(*) FROM estates WHERE name LIKE ? ESCAPE '!' "
                "AND (? = 0 OR district_code = ? OR city_code = ? OR "
                "province_code = ?) AND hot BETWEEN ? AND ?",

        /* A page of estates in the read form, one row per agent link (or
         * one with NULL agent columns). */
        [Q_ESTATE_PAGE] =
                "SELECT e.id, e.district_code, r.name, e.name, e.hot, "
                "e.intro, a.id, a.name, a.tel, a.servstar FROM (SELECT id "
                "FROM estates WHERE name LIKE ? ESCAPE '!' AND (? = 0 OR "
                "district_code = ? OR city_code = ? OR province_code = ?) AND "
                "hot BETWEEN ? AND ? ORDER BY hot DESC, id LIMIT ? OFFSET ?) "
                "p JOIN estates e ON e.id = p.id JOIN regions r ON r.code = "
                "e.district_code LEFT JOIN agent_estates ae ON ae.estate_id = "
                "e.id LEFT JOIN agents a ON a.id = ae.agent_id ORDER BY e.hot "
                "DESC, e.id, a.id",

        [Q_ESTATE_GET] =
                "SELECT e.id, e.district_code, r.name, e.name, e.hot, "
                "e.intro, a.id, a.name, a.tel, a.servstar FROM estates e JOIN "
                "regions r ON r.code = e.district_code LEFT JOIN "
                "agent_estates ae ON ae.estate_id = e.id LEFT JOIN agents a "
                "ON a.id = ae.agent_id WHERE e.id = ? ORDER BY a.id",

        /* The write form (directory.md 7). */
        [Q_ESTATE_ROW] =
                "SELECT id, district_code, name, hot, intro FROM estates "
                "WHERE id = ?",

        [Q_ESTATE_INSERT] =
                "INSERT INTO estates (district_code, city_code, "
                "province_code, name, hot, intro) VALUES (?, ?, ?, ?, ?, ?)",

        [Q_ESTATE_LOCK] =
                "SELECT id FROM estates WHERE id = ? FOR UPDATE",

        /* A NULL hot or intro keeps the stored value. */
        [Q_ESTATE_UPDATE] =
                "UPDATE estates SET district_code = ?, city_code = ?, "
                "province_code = ?, name = ?, hot = COALESCE(?, hot), intro = "
                "COALESCE(?, intro) WHERE id = ?",

        /* Agent links cascade; listings keep no estate (ON DELETE SET NULL). */
        [Q_ESTATE_DELETE] =
                "DELETE FROM estates WHERE id = ?",

        [Q_TYPE_LIST] =
                "SELECT id, name FROM house_types ORDER BY id",

        [Q_TYPE_GET] =
                "SELECT id, name FROM house_types WHERE id = ?",

        /* Locks every type (and the gap after the last) so that creates, which
         * count first, run one at a time: the catalogue's cap holds. */
        /* After the catalogue's row of catalog_locks (migration 0019):
         * a plain count, whose snapshot begins after the lock. */
        [Q_TYPE_LOCK_ALL] =
                "SELECT COUNT(*) FROM house_types",

        [Q_TYPE_INSERT] =
                "INSERT INTO house_types (name) VALUES (?)",

        [Q_TYPE_LOCK] =
                "SELECT id FROM house_types WHERE id = ? FOR UPDATE",

        [Q_TYPE_UPDATE] =
                "UPDATE house_types SET name = ? WHERE id = ?",

        /* A listing that is not deleted (status 3) using the type. */
        [Q_TYPE_IN_USE] =
                "SELECT id FROM houses WHERE house_type_id = ? AND status <> "
                "3 LIMIT 1 FOR UPDATE",

        /* Deleted listings lose the type (ON DELETE SET NULL). */
        [Q_TYPE_DELETE] =
                "DELETE FROM house_types WHERE id = ?",

        [Q_TAG_COUNT] =
                "SELECT COUNT(*) FROM tags",

        [Q_TAG_PAGE] =
                "SELECT id, content FROM tags ORDER BY id LIMIT ? OFFSET ?",

        /* Every tag, unsorted, for a random draw (at most CATALOG_TAGS_MAX). */
        [Q_TAG_ALL] =
                "SELECT id, content FROM tags",

        [Q_TAG_GET] =
                "SELECT id, content FROM tags WHERE id = ?",

        /* As Q_TYPE_LOCK_ALL, for the cap on tags. */
        [Q_TAG_LOCK_ALL] = "SELECT COUNT(*) FROM tags",
        /* The turn of a capped catalogue's creates (?: its name). */
        [Q_CATALOG_LOCK] =
                "SELECT name FROM catalog_locks WHERE name = ? FOR UPDATE",

        [Q_TAG_INSERT] =
                "INSERT INTO tags (content) VALUES (?)",

        /* Listing links cascade. */
        [Q_TAG_DELETE] =
                "DELETE FROM tags WHERE id = ?",

        /* -- listings and their photos (listings.c) -- */

/* clang-format off */

/* A listing's object (directory.md 9; LC_* in listings.h) from houses h
 * and its type t, estate e and agent a.  floor: QSZ's text house_floor
 * when it is a number; mainphoto: the main photo's url (ix_house_photos_
 * main); district: the county, or the city of a city without counties. */
#define LISTING_COLS                                                           \
	"SELECT h.id, h.description_title, h.house_size, "                     \
	"IF(h.house_floor REGEXP '^-?[0-9]{1,6}$', "                           \
	"CAST(h.house_floor AS SIGNED), NULL), h.all_floor, "                  \
	"h.house_direction, h.house_rent, COALESCE(h.description, ''), "       \
	"(SELECT p.url FROM house_photos p WHERE p.house_id = h.id "           \
	"AND p.is_main = 1 ORDER BY p.position, p.id LIMIT 1), "               \
	"DATE_FORMAT(h.dir_pubdate, '%Y-%m-%d'), h.address, "                  \
	"COALESCE(h.has_subway, h.subway_station_code IS NOT NULL), "          \
	"COALESCE(h.rent_room_type = 2, 0), h.has_agent_fees, "                \
	"t.id, t.name, h.dir_district, "                                       \
	"COALESCE(IF(h.county_code IS NULL, h.city_name, h.county_name), ''), " \
	"e.id, e.name, e.hot, a.id, a.name, a.tel, a.servstar "
#define LISTING_JOINS                                                          \
	" LEFT JOIN house_types t ON t.id = h.house_type_id"                   \
	" LEFT JOIN estates e ON e.id = h.estate_id"                           \
	" LEFT JOIN agents a ON a.id = h.agent_id"

/* The list's filters (LISTING_FILTER_ARGS in listings.c): rent from, to;
 * size from, to; type twice, estate twice (NULL for any); a substring of
 * the title ('' for any).  All but the title are columns of every
 * ix_houses_dir_* index, checked there before a row is read. */
#define LISTING_FILTERS                                                        \
	" AND h.house_rent BETWEEN ? AND ? AND h.house_size BETWEEN ? AND ?"   \
	" AND (? IS NULL OR h.house_type_id = ?)"                              \
	" AND (? IS NULL OR h.estate_id = ?)"                                  \
	" AND LOCATE(?, h.description_title) > 0"

/* The count and the pages of a scope (column col = ?, then the filters),
 * each read through the index of its order: the plan is fixed, a range of
 * the scope read in the order of the sort, LIMIT ? OFFSET ?. */
#define LISTING_PAGE(col, ix, order)                                           \
	LISTING_COLS "FROM houses h FORCE INDEX (" ix ")" LISTING_JOINS        \
	" WHERE h." col " = ?" LISTING_FILTERS                                 \
	" ORDER BY " order " LIMIT ? OFFSET ?"
#define LISTING_SCOPE(up, col, ix)                                             \
	[Q_LISTING_COUNT_##up] = "SELECT COUNT(*) FROM houses h FORCE INDEX (" \
		ix "_pubdate) WHERE h." col " = ?" LISTING_FILTERS,            \
	[Q_LISTING_PAGE_##up##_PUBDATE_DESC] = LISTING_PAGE(col,               \
		ix "_pubdate", "h.dir_pubdate DESC, h.id DESC"),               \
	[Q_LISTING_PAGE_##up##_PUBDATE] = LISTING_PAGE(col,                    \
		ix "_pubdate", "h.dir_pubdate, h.id"),                         \
	[Q_LISTING_PAGE_##up##_PRICE] = LISTING_PAGE(col,                      \
		ix "_price", "h.house_rent, h.id"),                            \
	[Q_LISTING_PAGE_##up##_PRICE_DESC] = LISTING_PAGE(col,                 \
		ix "_price", "h.house_rent DESC, h.id DESC"),                  \
	[Q_LISTING_PAGE_##up##_AREA] = LISTING_PAGE(col,                       \
		ix "_area", "h.house_size, h.id"),                             \
	[Q_LISTING_PAGE_##up##_AREA_DESC] = LISTING_PAGE(col,                  \
		ix "_area", "h.house_size DESC, h.id DESC")

        LISTING_SCOPE(DISTRICT, "dir_district", "ix_houses_dir_district"),
        LISTING_SCOPE(CITY, "dir_city", "ix_houses_dir_city"),
        LISTING_SCOPE(PROVINCE, "dir_province", "ix_houses_dir_province"),
        LISTING_SCOPE(ALL, "dir_all", "ix_houses_dir_all"),

        /* The tags of the listings of a JSON array of ids, by listing and
         * tag: house, tag id, content. */
        [Q_LISTING_TAGS_OF] =
                "SELECT ht.house_id, t.id, t.content FROM JSON_TABLE(?, "
                "'$[*]' COLUMNS (hid BIGINT UNSIGNED PATH '$')) j "
                "JOIN house_tags ht ON ht.house_id = j.hid "
                "JOIN tags t ON t.id = ht.tag_id ORDER BY ht.house_id, t.id",
        /* One shown listing. */
        [Q_LISTING_GET] = LISTING_COLS "FROM houses h" LISTING_JOINS
                " WHERE h.id = ? AND h.dir_district IS NOT NULL",
        /* A listing's photos in upload order: id, url, main. */
        [Q_LISTING_PHOTOS] =
                "SELECT id, url, is_main FROM house_photos "
                "WHERE house_id = ? ORDER BY position, id",

/* clang-format on */

        /* The references a listing is written with: a type's name; an
         * estate's name and district; an agent; the unknown tags of a JSON
         * array of ids. */
        [Q_LISTING_TYPE] = "SELECT name FROM house_types WHERE id = ?",
        [Q_LISTING_ESTATE] =
                "SELECT name, district_code FROM estates WHERE id = ?",
        [Q_LISTING_AGENT] = "SELECT id FROM agents WHERE id = ?",
        [Q_LISTING_TAGS_UNKNOWN] =
                "SELECT j.tid FROM JSON_TABLE(?, '$[*]' COLUMNS (tid BIGINT "
                "PATH '$')) j LEFT JOIN tags t ON t.id = j.tid "
                "WHERE t.id IS NULL ORDER BY j.tid LIMIT 1",

        /* In a transaction, a listing for a change (LK_* in listings.c):
         * owner, shown, the account linked to its agent, then what an
         * update keeps when a field is omitted. */
        [Q_LISTING_LOCK] =
                "SELECT h.user_id, h.dir_district IS NOT NULL, "
                "(SELECT a.user_id FROM agents a WHERE a.id = h.agent_id), "
                "h.rent_room_type, h.description, h.has_subway, "
                "h.has_agent_fees, h.estate_id, h.district_name, h.agent_id, "
                "h.longitude, h.latitude "
                "FROM houses h WHERE h.id = ? FOR UPDATE",

        /* A listing made here, released at once, long-term (rent_time_type
         * 2): owner; shared (rent_room_type); province code, name, city
         * code, name, county code, name; title, size, floor (text), total
         * floors, direction, rent, detail, street; subway, agent fees;
         * type id, its name; estate id, its name (QSZ's 小区); agent;
         * longitude, latitude, both again for location; the owner again
         * for QSZ's owner_type. */
        [Q_LISTING_INSERT] =
                "INSERT INTO houses (user_id, status, release_time, "
                "submission_time, created_at, rent_time_type, "
                "rent_room_type, province_code, province_name, city_code, "
                "city_name, county_code, county_name, description_title, "
                "house_size, house_floor, all_floor, house_direction, "
                "house_rent, description, address, has_subway, "
                "has_agent_fees, house_type_id, house_type, estate_id, "
                "district_name, agent_id, longitude, latitude, location, "
                "owner_type) VALUES (?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
                "UTC_TIMESTAMP(), 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "POINT(COALESCE(?, 0), COALESCE(?, 0)), "
                "(SELECT u.user_type FROM users u WHERE u.id = ?))",
        /* The same columns but the owner's, then the id. */
        [Q_LISTING_UPDATE] =
                "UPDATE houses SET rent_room_type = ?, province_code = ?, "
                "province_name = ?, city_code = ?, city_name = ?, "
                "county_code = ?, county_name = ?, description_title = ?, "
                "house_size = ?, house_floor = ?, all_floor = ?, "
                "house_direction = ?, house_rent = ?, description = ?, "
                "address = ?, has_subway = ?, has_agent_fees = ?, "
                "house_type_id = ?, house_type = ?, estate_id = ?, "
                "district_name = ?, agent_id = ?, longitude = ?, "
                "latitude = ?, location = POINT(COALESCE(?, 0), "
                "COALESCE(?, 0)) WHERE id = ?",
        [Q_LISTING_TAGS_CLEAR] = "DELETE FROM house_tags WHERE house_id = ?",
        [Q_LISTING_TAG_ADD] =
                "INSERT INTO house_tags (house_id, tag_id) VALUES (?, ?)",
        /* The shared soft delete, as QSZ's /delete_house_info. */
        [Q_LISTING_DELETE] = "UPDATE houses SET status = 3 WHERE id = ?",

        /* Photos of a listing locked by Q_LISTING_LOCK: one of them (id,
         * url, main); whether one is main; the earliest; make one the
         * only main (house, photo). */
        [Q_LISTING_PHOTO_GET] = "SELECT id, url, is_main FROM house_photos "
                                "WHERE id = ? AND house_id = ?",
        [Q_LISTING_PHOTO_HAS_MAIN] =
                "SELECT COUNT(*) FROM house_photos WHERE house_id = ? "
                "AND is_main = 1",
        [Q_LISTING_PHOTO_FIRST] =
                "SELECT id FROM house_photos WHERE house_id = ? "
                "ORDER BY position, id LIMIT 1",
        [Q_LISTING_PHOTO_SET_MAIN] =
                "UPDATE house_photos SET is_main = (id = ?) "
                "WHERE house_id = ?",

        /* The rental: accounts (tenants.c, regions.c, privileges.c, ident.c). */

        /* The rental profile of a user: WeChat openid, nickname, avatar;
         * the shared real-name record; the phone; the location codes
         * with their names; village, WeChat number. */
        [Q_RENT_PROFILE] =
                "SELECT u.wx_openid, COALESCE(u.wx_nickname, u.nickname), "
                "u.wx_headimgurl, u.real_name, u.idcard_masked, "
                "u.real_name_status, u.tel, u.loc_province_code, p.name, "
                "u.loc_city_code, c.name, u.loc_county_code, k.name, "
                "u.village, u.wxnumber, IF(u.real_name_status = 3, "
                "u.real_name_reason, NULL) FROM users u "
                "LEFT JOIN regions p ON p.code = u.loc_province_code "
                "LEFT JOIN regions c ON c.code = u.loc_city_code "
                "LEFT JOIN regions k ON k.code = u.loc_county_code "
                "WHERE u.id = ?",
        /* phone, the three codes, village, WeChat number (NULL keeps the
         * stored one), the user. */
        [Q_RENT_PROFILE_SET] =
                "UPDATE users SET tel = ?, loc_province_code = ?, "
                "loc_city_code = ?, loc_county_code = ?, village = ?, "
                "wxnumber = COALESCE(?, wxnumber) WHERE id = ?",
        /* A region by its name: a province (no parent), or a child of
         * parent (?). */
        [Q_RENT_REGION_TOP_NAMED] =
                "SELECT code FROM regions WHERE parent_code IS NULL AND "
                "name = ? ORDER BY code LIMIT 1",
        [Q_RENT_REGION_CHILD_NAMED] =
                "SELECT code FROM regions WHERE parent_code = ? AND "
                "name = ? ORDER BY code LIMIT 1",
        /* The shared real-name record as stored (ident.c). */
        [Q_RENT_REALNAME_SEALED] = "SELECT real_name, idcard_enc FROM users "
                                   "WHERE id = ?",
        [Q_ROLE_GRANT] = SQL_ROLE_GRANT,

        /* The rental: buildings and rooms (buildings.c). */
/* clang-format off */
/* The columns of buildings.h's BD_* (building b) and RM_* (room r). */
#define BLD_COLS                                                               \
	"b.id, b.landlord_id, b.name, b.layers, b.per_floor, b.net_fen, "      \
	"b.electricity_fen, b.water_fen, b.templates, b.room_count"
#define ROOM_COLS                                                              \
	"r.id, r.building_id, r.name, r.unit_type, r.status, r.bathroom, "     \
	"r.air_condition, r.geyser, r.gas, r.broadband, r.clear_fen, "         \
	"r.rent_fen, r.net_fen, r.electricity_fen, r.water_fen, r.views"
/* clang-format on */
        /* A building and its first rooms: one floor's rooms a statement
         * (count, then building, landlord, floor, the template's type and
         * flags, clear, rent, the building's three prices), named
         * <floor><number as two digits>房. */
        [Q_BLD_INSERT] =
                "INSERT INTO buildings (landlord_id, name, layers, per_floor, "
                "net_fen, electricity_fen, water_fen, templates, room_count) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [Q_BLD_ROOMS_GEN] =
                "INSERT INTO rooms (building_id, landlord_id, name, unit_type, "
                "bathroom, air_condition, geyser, gas, broadband, clear_fen, "
                "rent_fen, net_fen, electricity_fen, water_fen) "
                "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL "
                "SELECT i + 1 FROM n WHERE i < ?) "
                "SELECT ?, ?, CONCAT(?, LPAD(i, 2, '0'), '房'), ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ? FROM n",
        /* A building of its landlord (id, landlord), locked or not; a
         * landlord's buildings by name, a page (landlord, limit, offset)
         * and their count. */
        [Q_BLD_GET] = "SELECT " BLD_COLS " FROM buildings b "
                      "WHERE b.id = ? AND b.landlord_id = ?",
        [Q_BLD_LOCK] = "SELECT " BLD_COLS " FROM buildings b "
                       "WHERE b.id = ? AND b.landlord_id = ? FOR UPDATE",
        [Q_BLD_COUNT] = "SELECT COUNT(*) FROM buildings WHERE landlord_id = ?",
        [Q_BLD_PAGE] = "SELECT " BLD_COLS " FROM buildings b "
                       "WHERE b.landlord_id = ? ORDER BY b.name "
                       "LIMIT ? OFFSET ?",
        /* A locked building's name, prices and templates (then id); the
         * prices on all its rooms (then id); one room more. */
        [Q_BLD_UPDATE] = "UPDATE buildings SET name = ?, net_fen = ?, "
                         "electricity_fen = ?, water_fen = ?, templates = ? "
                         "WHERE id = ?",
        [Q_BLD_ROOMS_PRICES] = "UPDATE rooms SET net_fen = ?, "
                               "electricity_fen = ?, water_fen = ? "
                               "WHERE building_id = ?",
        [Q_BLD_ROOM_ADDED] = "UPDATE buildings SET room_count = room_count "
                             "+ 1 WHERE id = ?",
        /* A building's rooms by name: all of them (building, limit); a
         * page (building[, type][, status], limit, offset) and the count
         * of a filter, each in the order of its index. */
        [Q_ROOMS_ALL] = "SELECT " ROOM_COLS " FROM rooms r "
                        "WHERE r.building_id = ? ORDER BY r.name LIMIT ?",
        [Q_ROOMS_PAGE_ANY] = "SELECT " ROOM_COLS " FROM rooms r "
                             "FORCE INDEX (uq_rooms_name) "
                             "WHERE r.building_id = ? ORDER BY r.name "
                             "LIMIT ? OFFSET ?",
        [Q_ROOMS_PAGE_TYPE] = "SELECT " ROOM_COLS " FROM rooms r "
                              "FORCE INDEX (ix_rooms_type) "
                              "WHERE r.building_id = ? AND r.unit_type = ? "
                              "ORDER BY r.name LIMIT ? OFFSET ?",
        [Q_ROOMS_PAGE_STATUS] = "SELECT " ROOM_COLS " FROM rooms r "
                                "FORCE INDEX (ix_rooms_status) "
                                "WHERE r.building_id = ? AND r.status = ? "
                                "ORDER BY r.name LIMIT ? OFFSET ?",
        [Q_ROOMS_PAGE_TYPE_STATUS] =
                "SELECT " ROOM_COLS " FROM rooms r "
                "FORCE INDEX (ix_rooms_filter) "
                "WHERE r.building_id = ? AND r.unit_type = ? AND "
                "r.status = ? ORDER BY r.name LIMIT ? OFFSET ?",
        [Q_ROOMS_COUNT_ANY] = "SELECT COUNT(*) FROM rooms "
                              "WHERE building_id = ?",
        [Q_ROOMS_COUNT_TYPE] = "SELECT COUNT(*) FROM rooms "
                               "WHERE building_id = ? AND unit_type = ?",
        [Q_ROOMS_COUNT_STATUS] = "SELECT COUNT(*) FROM rooms "
                                 "WHERE building_id = ? AND status = ?",
        [Q_ROOMS_COUNT_TYPE_STATUS] =
                "SELECT COUNT(*) FROM rooms WHERE building_id = ? AND "
                "unit_type = ? AND status = ?",
        /* A room of its landlord (id, landlord), locked or not; its
         * status (status, id); the end of its live contract today, a
         * China date (room). */
        [Q_ROOM_GET] = "SELECT " ROOM_COLS " FROM rooms r "
                       "WHERE r.id = ? AND r.landlord_id = ?",
        [Q_ROOM_LOCK] = "SELECT " ROOM_COLS " FROM rooms r "
                        "WHERE r.id = ? AND r.landlord_id = ? FOR UPDATE",
        [Q_ROOM_SET_STATUS] = "UPDATE rooms SET status = ? WHERE id = ?",
        [Q_ROOM_END_CONTRACT] =
                "UPDATE contracts SET state = 2, "
                "end_date = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) "
                "WHERE live_room = ?",
        /* A room's name, type, flags and costs (the net, electricity and
         * water prices NULL: kept), then id; a new room (building,
         * landlord, name, type, flags, costs). */
        [Q_ROOM_UPDATE] =
                "UPDATE rooms SET name = ?, unit_type = ?, bathroom = ?, "
                "air_condition = ?, geyser = ?, gas = ?, broadband = ?, "
                "clear_fen = ?, rent_fen = ?, "
                "net_fen = COALESCE(?, net_fen), "
                "electricity_fen = COALESCE(?, electricity_fen), "
                "water_fen = COALESCE(?, water_fen) WHERE id = ?",
        [Q_ROOM_INSERT] =
                "INSERT INTO rooms (building_id, landlord_id, name, unit_type, "
                "bathroom, air_condition, geyser, gas, broadband, clear_fen, "
                "rent_fen, net_fen, electricity_fen, water_fen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        /* A room for /query/houseinfo (id): ROOM_COLS, then its
         * building's name and prices (RS_*), its landlord, the landlord's
         * name and phone, the tenant of its live contract (NULL: none);
         * one view more, atomically. */
        [Q_ROOM_SHOW] =
                "SELECT " ROOM_COLS ", b.name, b.net_fen, b.electricity_fen, "
                "b.water_fen, b.landlord_id, "
                "COALESCE(u.wx_nickname, u.nickname), u.tel, "
                "(SELECT c.tenant_id FROM contracts c "
                "WHERE c.live_room = r.id) "
                "FROM rooms r JOIN buildings b ON b.id = r.building_id "
                "JOIN users u ON u.id = b.landlord_id WHERE r.id = ?",
        [Q_ROOM_VIEWED] = "UPDATE rooms SET views = views + 1 WHERE id = ?",
        /* Published rooms of all buildings, newest first: a page
         * ([type,] limit, offset) and the count. */
        [Q_ROOMS_PUBLIC_PAGE] = "SELECT " ROOM_COLS " FROM rooms r "
                                "FORCE INDEX (ix_rooms_public) "
                                "WHERE r.status = 1 ORDER BY r.id DESC "
                                "LIMIT ? OFFSET ?",
        [Q_ROOMS_PUBLIC_PAGE_TYPE] =
                "SELECT " ROOM_COLS " FROM rooms r "
                "FORCE INDEX (ix_rooms_public_type) "
                "WHERE r.status = 1 AND r.unit_type = ? "
                "ORDER BY r.id DESC LIMIT ? OFFSET ?",
        /* Published rooms, of every type or one (?): kept by triggers
         * (migration 0016), never counted here. */
        [Q_ROOMS_PUBLIC_COUNT] = "SELECT n FROM room_public_counts "
                                 "WHERE unit_type = 0",
        [Q_ROOMS_PUBLIC_COUNT_TYPE] = "SELECT n FROM room_public_counts "
                                      "WHERE unit_type = ?",

        /* ---- The rental: contracts and bills (contracts.c, bills.c) ---- */

        /* The room of a new contract, locked: landlord, status, building,
         * then what the snapshot copies (RR_* in contracts.c). */
        [Q_RC_ROOM_LOCK] =
                "SELECT landlord_id, status, building_id, name, unit_type, "
                "bathroom, air_condition, geyser, gas, broadband, clear_fen, "
                "rent_fen, net_fen, electricity_fen, water_fen FROM rooms "
                "WHERE id = ? FOR UPDATE",
        [Q_RC_ROOM_LIVE] = "SELECT COUNT(*) FROM contracts "
                           "WHERE room_id = ? AND state = 1",
        /* The snapshot is the stored room's (begin, electric, water,
         * room), never the client's copy. */
        [Q_RC_INSERT] =
                "INSERT INTO contracts (room_id, building_id, landlord_id, "
                "begin_date, house_name, unit_type, bathroom, air_condition, "
                "geyser, gas, broadband, clear_fen, rent_fen, net_fen, "
                "electricity_fen, water_fen, base_electric, base_water) "
                "SELECT id, building_id, landlord_id, ?, name, unit_type, "
                "bathroom, air_condition, geyser, gas, broadband, clear_fen, "
                "rent_fen, net_fen, electricity_fen, water_fen, ?, ? "
                "FROM rooms WHERE id = ?",
/* The contract object (CT_* in contracts.h); its bill is the newest. */
#define RC_COLS                                                                \
	"c.id, c.room_id, c.house_name, c.state, "                             \
	"DATE_FORMAT(c.begin_date, '%Y-%m-%d'), "                              \
	"DATE_FORMAT(c.end_date, '%Y-%m-%d'), c.unit_type, c.bathroom, "       \
	"c.air_condition, c.geyser, c.gas, c.broadband, c.clear_fen, "         \
	"c.rent_fen, c.net_fen, c.electricity_fen, c.water_fen, "              \
	"c.base_electric, c.base_water, c.persons, c.tenant_id, "              \
	"c.landlord_id, (SELECT b.id FROM bills b WHERE b.contract_id = "      \
	"c.id ORDER BY b.period DESC LIMIT 1), c.building_id, "              \
	"(SELECT bd.name FROM buildings bd WHERE bd.id = c.building_id) "
        [Q_RC_GET] = "SELECT " RC_COLS "FROM contracts c WHERE c.id = ?",
        /* The tenant's (?) live contract. */
        [Q_RC_OF_TENANT] = "SELECT " RC_COLS "FROM contracts c WHERE "
                           "c.tenant_id = ? AND c.state = 1 "
                           "ORDER BY c.id DESC LIMIT 1",
        /* What a signature locks first: the contract's room. */
        [Q_RC_HEAD] = "SELECT room_id, landlord_id FROM contracts "
                      "WHERE id = ?",
        /* The contract to sign (CL_* in contracts.c), after its room. */
        [Q_RC_LOCK] = "SELECT state, TIMESTAMPDIFF(SECOND, created_at, "
                      "UTC_TIMESTAMP()), DATE_FORMAT(begin_date, "
                      "'%Y-%m-%d'), base_water, base_electric, landlord_id, "
                      "room_id FROM contracts WHERE id = ? FOR UPDATE",
        [Q_RC_EXPIRE] = "UPDATE contracts SET state = 3 "
                        "WHERE id = ? AND state = 0",
        /* tenant, persons, phone, sealed ID number, contract. */
        [Q_RC_SIGN] = "UPDATE contracts SET state = 1, tenant_id = ?, "
                      "persons = ?, phone = ?, idcard_enc = ?, "
                      "signed_at = UTC_TIMESTAMP() "
                      "WHERE id = ? AND state = 0",
        [Q_RC_ROOM_RENTED] = "UPDATE rooms SET status = 2 WHERE id = ?",
        /* The room's (?) other (?) waiting contracts expire. */
        [Q_RC_EXPIRE_OTHERS] = "UPDATE contracts SET state = 3 WHERE "
                               "room_id = ? AND state = 0 AND id <> ?",
        /* Bill (period, start, end) of a contract with its snapshot's
         * prices: water init, electric init, carried, merged, contract. */
        [Q_RB_INSERT] =
                "INSERT INTO bills (contract_id, room_id, building_id, "
                "landlord_id, period, start_date, end_date, house_name, "
                "rent_fen, clear_fen, net_fen, water_price_fen, water_init, "
                "electric_price_fen, electric_init, before_cost_fen, merged) "
                "SELECT id, room_id, building_id, landlord_id, ?, ?, ?, "
                "house_name, rent_fen, clear_fen, net_fen, water_fen, ?, "
                "electricity_fen, ?, ?, ? FROM contracts WHERE id = ?",
/* The bill object and what rules need of its contract (BI_* in bills.h);
 * paid_at in China time. */
#define RB_COLS                                                                \
	"b.id, b.contract_id, b.room_id, b.house_name, "                       \
	"DATE_FORMAT(b.start_date, '%Y-%m-%d'), "                              \
	"DATE_FORMAT(b.end_date, '%Y-%m-%d'), b.rent_fen, b.clear_fen, "       \
	"b.net_fen, b.water_price_fen, b.water_init, b.water_cur, "            \
	"b.electric_price_fen, b.electric_init, b.electric_cur, "              \
	"b.before_cost_fen, b.merged, b.total_fen, b.status, b.pay, "          \
	"DATE_FORMAT(b.paid_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i:%s'), "      \
	"b.landlord_id, c.tenant_id, b.period, "                               \
	"DATE_FORMAT(c.begin_date, '%Y-%m-%d'), c.state "                      \
	"FROM bills b JOIN contracts c ON c.id = b.contract_id "
        [Q_RB_GET] = "SELECT " RB_COLS "WHERE b.id = ?",
        /* The bill and its contract locked: a change of the bill, and
         * whether a next one is made, are decided by one request at a
         * time. */
        [Q_RB_LOCK] = "SELECT " RB_COLS "WHERE b.id = ? FOR UPDATE",
        [Q_RB_BUILDING] = "SELECT landlord_id FROM buildings WHERE id = ?",
        /* A building's (?) bills of its landlord (?): count, a page
         * (limit, offset), newest period first (ix_bills_building). */
        [Q_RB_COUNT] = "SELECT COUNT(*) FROM bills "
                       "WHERE building_id = ? AND landlord_id = ?",
        [Q_RB_PAGE] = "SELECT " RB_COLS "WHERE b.building_id = ? AND "
                      "b.landlord_id = ? ORDER BY b.start_date DESC, "
                      "b.id DESC LIMIT ? OFFSET ?",
        /* Readings water, electric (tenths), total (fen), bill. */
        [Q_RB_SET] = "UPDATE bills SET water_cur = ?, electric_cur = ?, "
                     "total_fen = ?, status = 1 WHERE id = ?",
        [Q_RB_MERGED] = "UPDATE bills SET status = 3 "
                        "WHERE id = ? AND status = 1",
        /* How (?) bill (?) was paid. */
        [Q_RB_PAID] = "UPDATE bills SET status = 2, pay = ?, "
                      "paid_at = UTC_TIMESTAMP() WHERE id = ? AND status = 1",
        /* The bill's (?) trade still payable: unpaid, this amount (?),
         * younger than (?) s. */
        [Q_PAY_OPEN_BILL] =
                "SELECT out_trade_no FROM payments WHERE bill_id = ? AND "
                "state = 0 AND amount_fen = ? AND created_at > "
                "UTC_TIMESTAMP() - INTERVAL ? SECOND ORDER BY id DESC "
                "LIMIT 1",
        [Q_PAY_INSERT_BILL] = "INSERT INTO payments (out_trade_no, bill_id, "
                              "user_id, amount_fen) VALUES (?, ?, ?, ?)",

        /* ---- refunds (payments.c, issue 13 2) ---- */

        /* A payment under its row lock: out_trade_no, amount, state. */
        [Q_RF_PAY_LOCK] = "SELECT out_trade_no, amount_fen, state "
                          "FROM payments WHERE id = ? FOR UPDATE",
        /* What a payment's refunds hold: refunded, outcome unknown. */
        [Q_RF_SUMS] = "SELECT CAST(COALESCE(SUM(CASE WHEN state = 1 "
                      "THEN amount_fen END), 0) AS SIGNED), "
                      "CAST(COALESCE(SUM(CASE WHEN state = 0 "
                      "THEN amount_fen END), 0) AS SIGNED) "
                      "FROM refunds WHERE payment_id = ?",
        /* A payment's unfinished refund (its oldest). */
        [Q_RF_PENDING] = "SELECT out_request_no, amount_fen FROM refunds "
                         "WHERE payment_id = ? AND state = 0 "
                         "ORDER BY id LIMIT 1",
        /* payment, out_request_no, amount, reason */
        [Q_RF_INSERT] = "INSERT INTO refunds (payment_id, out_request_no, "
                        "amount_fen, reason, admin_id) "
                        "VALUES (?, ?, ?, ?, ?)",
        /* A refund with its trade: id, payment, amount, state, attempts,
         * out_trade_no, gmt_refund_pay, sub_code, reason. */
        [Q_RF_GET] = "SELECT r.id, r.payment_id, r.amount_fen, r.state, "
                     "r.attempts, p.out_trade_no, r.gmt_refund_pay, "
                     "r.sub_code, COALESCE(r.reason, '') FROM refunds r "
                     "JOIN payments p ON p.id = r.payment_id "
                     "WHERE r.out_request_no = ?",
        [Q_RF_ATTEMPT] = "UPDATE refunds SET attempts = attempts + 1 "
                         "WHERE id = ?",
        /* state, fund_change, refund_fee_fen, gmt_refund_pay, sub_code,
         * id; a refund known done stays done. */
        [Q_RF_DONE] = "UPDATE refunds SET state = ?, fund_change = ?, "
                      "refund_fee_fen = ?, gmt_refund_pay = ?, "
                      "sub_code = ? WHERE id = ? AND state <> 1",
        /* Payments to refund (state 2) with money left: id,
         * out_trade_no, amount, refunded, unknown, paid_at, what. */
        [Q_RF_REFUNDABLE] =
                "SELECT p.id, p.out_trade_no, p.amount_fen, (SELECT "
                "CAST(COALESCE(SUM(r.amount_fen), 0) AS SIGNED) FROM "
                "refunds r WHERE r.payment_id = p.id AND r.state = 1) "
                "AS done, (SELECT CAST(COALESCE(SUM(r.amount_fen), 0) "
                "AS SIGNED) FROM refunds r WHERE r.payment_id = p.id "
                "AND r.state = 0) AS unknown, "
                "DATE_FORMAT(p.paid_at, '%Y-%m-%d %H:%i:%s'), "
                "CASE WHEN p.bill_id IS NOT NULL THEN 'bill' WHEN "
                "p.booking_id IS NOT NULL THEN 'booking' ELSE "
                "'pre_order' END FROM payments p WHERE p.state = 2 "
                "HAVING done < p.amount_fen ORDER BY p.id",
        /* The refunds of a payment, newest first: out_request_no,
         * amount, state, sub_code, created. */
        [Q_RF_PAY_OF] = "SELECT out_request_no, amount_fen, state, "
                        "COALESCE(sub_code, ''), DATE_FORMAT(created_at, "
                        "'%Y-%m-%d %H:%i:%s') FROM refunds "
                        "WHERE payment_id = ? ORDER BY id DESC",

        /* Review by administrators (reviews.c, issue 13 1).  The
         * queues: pending people, oldest first (ix_users_*_status). */
        [Q_REV_RN_COUNT] =
                "SELECT COUNT(*) FROM users WHERE real_name_status = 1",
        [Q_REV_RN_PAGE] = "SELECT id, real_name, idcard_masked, "
                          "DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s') "
                          "FROM users WHERE real_name_status = 1 "
                          "ORDER BY updated_at, id LIMIT ? OFFSET ?",
        [Q_REV_LL_COUNT] = "SELECT COUNT(*) FROM users u WHERE "
                           "u.landlord_status = 1 AND EXISTS (SELECT 1 FROM "
                           "house_certs c WHERE c.user_id = u.id AND "
                           "c.status = 1)",
        [Q_REV_LL_PAGE] =
                "SELECT u.id, MIN(c.certname), COUNT(*), DATE_FORMAT("
                "MIN(c.updated_at), '%Y-%m-%d %H:%i:%s') FROM users u JOIN "
                "house_certs c ON c.user_id = u.id AND c.status = 1 WHERE "
                "u.landlord_status = 1 GROUP BY u.id "
                "ORDER BY MIN(c.updated_at), u.id LIMIT ? OFFSET ?",
        /* One submission (REV_RN_* / REV_LL_* in reviews.h). */
        [Q_REV_RN_GET] =
                "SELECT id, real_name, idcard_masked, id_portrait, "
                "idcard_front, idcard_back, real_name_status, "
                "DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s'), "
                "landlord_status FROM users WHERE id = ?",
        [Q_REV_LL_CERTS] =
                "SELECT id, certname, property_cert_number, house_type, "
                "property_cert_photo, lease_agreement_photo, status, "
                "DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s') "
                "FROM house_certs WHERE user_id = ? AND status = 1 "
                "ORDER BY id",
        /* A decision: the person locked, the state set, the record. */
        [Q_REV_LOCK] = "SELECT real_name_status, landlord_status FROM users "
                       "WHERE id = ? FOR UPDATE",
        /* The state and a rejection's reason (NULL otherwise). */
        [Q_REV_SET_RN] = "UPDATE users SET real_name_status = ?, "
                         "real_name_reason = ? WHERE id = ?",
        [Q_REV_SET_LL] = "UPDATE users SET landlord_status = ?, "
                         "landlord_reason = ? WHERE id = ?",
        [Q_REV_SET_CERTS] = "UPDATE house_certs SET status = ? "
                            "WHERE user_id = ? AND status = 1",
        [Q_REV_RECORD] = "INSERT INTO review_decisions (admin_id, kind, "
                         "user_id, decision, reason) VALUES (?, ?, ?, ?, ?)",
        /* The decisions of one person (?) and kind (?), newest first. */
        [Q_REV_HISTORY] =
                "SELECT admin_id, decision, reason, "
                "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM "
                "review_decisions WHERE user_id = ? AND kind = ? "
                "ORDER BY id DESC LIMIT 20",
        /* End of the review block. */
        /* Listings pulled off by administrators (houses.c, issue 13
         * 1); the lock is Q_HOUSE_LOCK. */
        /* A listing's essentials: id, owner, title, status. */
        [Q_PO_GET] = "SELECT id, user_id, description_title, status, "
                     "pulloff_reason FROM houses WHERE id = ? AND status <> 3",
        /* The reason the owner sees (cleared by migration 0021's trigger
         * when the status leaves 2). */
        [Q_PO_REASON] = "UPDATE houses SET pulloff_reason = ? WHERE id = ?",
        [Q_PO_RECORD] = "INSERT INTO listing_pulloffs (admin_id, house_id, "
                        "owner_id, reason) VALUES (?, ?, ?, ?)",
        /* A listing's pull-offs, newest first: admin, reason, when. */
        [Q_PO_HISTORY] =
                "SELECT admin_id, reason, DATE_FORMAT(created_at, "
                "'%Y-%m-%d %H:%i:%s') FROM listing_pulloffs "
                "WHERE house_id = ? ORDER BY id DESC LIMIT 20",

        /* ---- users' reports of listings (reports.c, migration 0021) ---- */
        /* The listing reported: owner, status; shared lock, so that a
         * pull-off (FOR UPDATE) and a report are one after the other.
         * On Galera locks hold on one node only; across nodes the
         * report's foreign key to houses puts the listing's key in its
         * write set, so a pull-off committed meanwhile on another node
         * fails one of the two at certification (1213), run again. */
        [Q_RP_HOUSE] = "SELECT user_id, status FROM houses WHERE id = ? "
                       "LOCK IN SHARE MODE",
        /* One open report per person and listing: again replaces the
         * reason; the insert id is the report's either way. */
        [Q_RP_FILE] = "INSERT INTO listing_reports (house_id, reporter_id, "
                      "reason) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                      "id = LAST_INSERT_ID(id), reason = VALUES(reason)",
        /* The queue: listings with open reports, oldest report first. */
        [Q_RP_COUNT] = "SELECT COUNT(DISTINCT house_id) FROM listing_reports "
                       "WHERE state = 0",
        [Q_RP_PAGE] =
                "SELECT r.house_id, h.description_title, h.user_id, "
                "h.status, r.n, DATE_FORMAT(r.first_at, "
                "'%Y-%m-%d %H:%i:%s'), (SELECT l.reason FROM "
                "listing_reports l WHERE l.house_id = r.house_id AND "
                "l.state = 0 ORDER BY l.id DESC LIMIT 1) FROM (SELECT "
                "house_id, COUNT(*) AS n, MIN(created_at) AS first_at, "
                "MIN(id) AS first_id FROM listing_reports WHERE state = 0 "
                "GROUP BY house_id ORDER BY first_id LIMIT ? OFFSET ?) r "
                "JOIN houses h ON h.id = r.house_id ORDER BY r.first_id",
        /* A listing's reports, newest first. */
        [Q_RP_OF] = "SELECT id, reporter_id, reason, state, admin_id, "
                    "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), "
                    "DATE_FORMAT(resolved_at, '%Y-%m-%d %H:%i:%s') "
                    "FROM listing_reports WHERE house_id = ? "
                    "ORDER BY id DESC LIMIT 50",
        /* A listing's open reports resolved: state, by whom. */
        [Q_RP_RESOLVE] = "UPDATE listing_reports SET state = ?, admin_id = ?, "
                         "resolved_at = CURRENT_TIMESTAMP "
                         "WHERE house_id = ? AND state = 0",
        /* End of the pull-off block. */
#undef RC_COLS
#undef RB_COLS
};
