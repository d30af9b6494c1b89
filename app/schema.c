#include "schema.h"

const char *const schema_sql[Q__MAX] = {
        [Q_PING] = "SELECT 1",

        [Q_SESSION_USER] =
                /* One round trip: the session and its user object.
                 * Deterministic (the expiry is compared by the caller), so
                 * MariaDB's query cache can answer it until the tables change.
                 */
        "SELECT u.id, u.is_admin, u.profile_json, "
        "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', s.expires_at) "
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

        [Q_USER_LOCK_IDENT] = "SELECT real_name_status, id_portrait, "
                              "idcard_front, idcard_back "
                              "FROM users WHERE id = ? FOR UPDATE",

        [Q_USER_UPDATE_IDENT] =
                "UPDATE users SET real_name = ?, idcard_enc = ?, idcard_masked "
                "= ?, "
                "id_portrait = ?, idcard_front = ?, idcard_back = ?, "
                "real_name_status = 1 WHERE id = ?",

        [Q_USER_LANDLORD_PENDING] =
                "UPDATE users SET landlord_status = 1 WHERE id = ?",

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
         * (houses.c), then the coordinates again for location. */
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
                "earliest_checkin_time, extra_fee, location, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "POINT(COALESCE(?, 0), COALESCE(?, 0)), UTC_TIMESTAMP())",

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

#define X(up, col)                                                             \
	[Q_HOUSE_SET_##up] = "UPDATE houses SET " #col " = ? WHERE id = ?",
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
                        "UTC_TIMESTAMP()) "
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
};
