/* Every SQL statement of the service, one id each.  Only here; the
 * schema test (zufang-admin check-sql) prepares them all against the
 * migrated schema. */
#ifndef ZF_SCHEMA_H
#define ZF_SCHEMA_H

/* The listing attributes /update_house_info sets with a plain "UPDATE
 * houses SET <column> = ? WHERE id = ?" (Q_HOUSE_SET_<NAME>): the
 * /house_create parameters but the region codes and names and the
 * coordinates, which have statements of their own.  The column is the
 * parameter's name. */
#define HOUSE_PLAIN_ATTRS(X)                                                   \
	X(DISTRICT_CODE, district_code)                                        \
	X(DISTRICT_NAME, district_name)                                        \
	X(SUBDISTRICT_CODE, subdistrict_code)                                  \
	X(SUBWAY_STATION_CODE, subway_station_code)                            \
	X(HOUSE_NUMBER, house_number)                                          \
	X(RENT_TIME_TYPE, rent_time_type)                                      \
	X(RENT_ROOM_TYPE, rent_room_type)                                      \
	X(HOUSE_SIZE, house_size)                                              \
	X(HOUSE_TYPE, house_type)                                              \
	X(HOUSE_FLOOR, house_floor)                                            \
	X(HOUSE_DIRECTION, house_direction)                                    \
	X(HOUSE_DECORATION, house_decoration)                                  \
	X(HOUSE_MAX_LIVEIN, house_max_livein)                                  \
	X(HOUSE_RENT, house_rent)                                              \
	X(PAYMENT_TYPE, payment_type)                                          \
	X(PROPERTY_MANAGEMENT_FEE, property_management_fee)                    \
	X(HEATING_CHARGE, heating_charge)                                      \
	X(DESCRIPTION_TITLE, description_title)                                \
	X(DESCRIPTION, description)                                            \
	X(TRAFFIC_CONDITION, traffic_condition)                                \
	X(AROUND_CONDITION, around_condition)                                  \
	X(FACILITY, facility)                                                  \
	X(HOUSE_ROOMS, house_rooms)                                            \
	X(HOUSE_CHARACTERISTIC, house_characteristic)                          \
	X(HOUSE_SOURCE, house_source)                                          \
	X(ALL_FLOOR, all_floor)                                                \
	X(EARLIEST_CHECKIN_TIME, earliest_checkin_time)                        \
	X(EXTRA_FEE, extra_fee)

/* Searches (search.c): the arguments of the filters that search
 * statements end their WHERE with, and how many tags of
 * house_characteristic they take. */
#define SEARCH_TAGS       8
#define SEARCH_BASIC_ARGS 7
#define SEARCH_EXTRA_ARGS (8 + SEARCH_TAGS)

enum q {
	Q_PING,
	Q_SESSION_USER,
	Q_SESSION_INSERT,
	Q_SESSION_REVOKE,
	Q_USER_UPSERT_WX,
	Q_USER_GET,
	Q_USER_LOCK_PROFILE,
	Q_USER_UPDATE_PROFILE,
	Q_HOUSES_SET_OWNER_TYPE,
	Q_USER_LOCK_IDENT,
	Q_USER_UPDATE_IDENT,
	Q_USER_LANDLORD_PENDING,
	Q_CERT_LOCK_BY_NUMBER,
	Q_CERT_INSERT,
	Q_CERT_UPDATE,
	Q_REGION_TOP,
	Q_REGION_CHILDREN,
	Q_REGION_HOT,
	Q_REGION_CHAIN,
	Q_HOUSE_INSERT,
	Q_HOUSE_LOCK,
	Q_HOUSE_SET_STATUS,
	Q_HOUSE_RELEASE,
	Q_HOUSE_SET_REGION,
	Q_HOUSE_SET_LONGITUDE,
	Q_HOUSE_SET_LATITUDE,
/* clang-format off */
#define X(up, col) Q_HOUSE_SET_##up,
	HOUSE_PLAIN_ATTRS(X)
#undef X
	/* clang-format on */
	Q_HOUSE_LIST_MINE,
	Q_HOUSE_PHOTOS_MINE,
	Q_HOUSE_VIDEOS_MINE,
	Q_PHOTO_COUNT,
	Q_PHOTO_INSERT,
	Q_PHOTO_LOCK,
	Q_PHOTO_SET_URL,
	Q_PHOTO_DELETE,
	Q_PHOTO_URLS,
	Q_HOUSE_SET_PHOTO_URLS,
	Q_VIDEO_COUNT,
	Q_VIDEO_INSERT,
	Q_VIDEO_LOCK,
	Q_VIDEO_SET_URL,
	Q_VIDEO_DELETE,
	Q_SEARCH_NEAR,
	Q_SEARCH_NEAR_B,
	Q_SEARCH_NEAR_F,
	Q_SEARCH_STRIPS_B,
	Q_SEARCH_STRIPS_F,
	Q_SEARCH_CELL_NEW,
	Q_SEARCH_CELL_NEW_B,
	Q_SEARCH_CELL_NEW_F,
	Q_SEARCH_CELL_PRAISED,
	Q_SEARCH_CELL_PRAISED_B,
	Q_SEARCH_CELL_PRAISED_F,
	Q_SEARCH_CELL_RENT,
	Q_SEARCH_CELL_RENT_B,
	Q_SEARCH_CELL_RENT_F,
	Q_SEARCH_CELL_RENT_DESC,
	Q_SEARCH_CELL_RENT_DESC_B,
	Q_SEARCH_CELL_RENT_DESC_F,
	Q_SEARCH_CELL_SIZE,
	Q_SEARCH_CELL_SIZE_B,
	Q_SEARCH_CELL_SIZE_F,
	Q_SEARCH_WIDE_NEW,
	Q_SEARCH_WIDE_NEW_B,
	Q_SEARCH_WIDE_NEW_F,
	Q_SEARCH_WIDE_PRAISED,
	Q_SEARCH_WIDE_PRAISED_B,
	Q_SEARCH_WIDE_PRAISED_F,
	Q_SEARCH_WIDE_RENT,
	Q_SEARCH_WIDE_RENT_B,
	Q_SEARCH_WIDE_RENT_F,
	Q_SEARCH_WIDE_RENT_DESC,
	Q_SEARCH_WIDE_RENT_DESC_B,
	Q_SEARCH_WIDE_RENT_DESC_F,
	Q_SEARCH_WIDE_SIZE,
	Q_SEARCH_WIDE_SIZE_B,
	Q_SEARCH_WIDE_SIZE_F,
	Q_INVITE_ADD,
	Q_INVITE_MINE,
	Q_INVITE_OWNER,
	Q_INVITE_SET_FRIEND,
	Q_PREORDER_HOUSE,
	Q_PREORDER_INSERT,
	Q_PREORDER_OPEN,
	Q_PREORDER_LOCK,
	Q_PREORDER_SET_STATE,
	Q_PREORDER_LIST_RENTER,
	Q_PREORDER_LIST_OWNER,
	Q_PREORDER_FIRST_PHOTOS,
	Q_PAY_INSERT,
	Q_PAY_LOCK,
	Q_PAY_SET_PAID,
	Q_PAY_OPEN,
	Q_PREORDER_SET_PAID,
	Q_AUTH_STATE_PURGE,
	Q_AUTH_STATE_ADD,
	Q_AUTH_STATE_TAKE,
	Q_ALIPAY_BIND,
	Q_ALIPAY_ACCOUNT,
	Q_ALIPAY_TOKENS,
	Q_ALIPAY_ZHIMA,
	Q_XFER_LOCK,
	Q_XFER_STEAL,
	Q_XFER_UNLOCK,
	Q_XFER_GET,
	Q_XFER_INSERT,
	Q_XFER_ATTEMPT,
	Q_XFER_DONE,
	Q_RATE_HIT,
	Q_RATE_GET,
	Q_RATE_SWEEP,
	Q_CAPTCHA_PUT,
	Q_CAPTCHA_DEL,
	Q_CAPTCHA_TAKE,
	Q_CAPTCHA_SWEEP,
	Q_USER_BY_MOBILE,
	Q_SMS_RECENT,
	Q_SMS_PUT,
	Q_SMS_LOCK,
	Q_SMS_WRONG,
	Q_SMS_USED,
	Q_USER_CREATE_MOBILE,
	Q_USER_AUTH_MOBILE,
	Q_USER_SET_HASH,
	Q_LOGIN_FAIL_ADD,
	Q_LOGIN_FAIL_IDENT,
	Q_LOGIN_FAIL_IP,
	Q_USER_IHOME_PROFILE,
	Q_USER_SET_NAME,
	Q_USER_LOCK_AVATAR,
	Q_USER_SET_AVATAR,
	Q_USER_REALNAME_GET,
	Q_USER_UPDATE_REALNAME,
	Q_AREAS,
	Q_STAY_INSERT,
	Q_STAY_FACILITY_ADD,
	Q_STAY_DETAIL,
	Q_STAY_COMMENTS,
	Q_STAY_MINE,
	Q_STAY_INDEX,
	Q_STAY_LOCK,
	Q_STAY_COUNT_COUNTY,
	Q_STAY_COUNT_CITY,
	Q_STAY_COUNT_ALL_COUNTY,
	Q_STAY_COUNT_ALL_CITY,
	Q_STAY_CACHED_COUNTY,
	Q_STAY_CACHED_CITY,
	Q_STAY_COUNT_PUT,
	Q_STAY_COUNT_PRUNE,
	Q_STAY_PAGE_NEW_COUNTY,
	Q_STAY_PAGE_BOOKING_COUNTY,
	Q_STAY_PAGE_PRICE_INC_COUNTY,
	Q_STAY_PAGE_PRICE_DES_COUNTY,
	Q_STAY_PAGE_NEW_CITY,
	Q_STAY_PAGE_BOOKING_CITY,
	Q_STAY_PAGE_PRICE_INC_CITY,
	Q_STAY_PAGE_PRICE_DES_CITY,
	Q_BOOKING_OVERLAP,
	Q_BOOKING_INSERT,
	Q_BOOKING_LAPSE,
	Q_BOOKING_LOCK,
	Q_BOOKING_SET,
	Q_BOOKING_COUNT_GUEST,
	Q_BOOKING_COUNT_OWNER,
	Q_BOOKING_LIST_GUEST,
	Q_BOOKING_LIST_OWNER,
	Q_STAY_ORDER_COUNT_ADD,
	Q_PAY_OPEN_BOOKING,
	Q_PAY_INSERT_BOOKING,
	Q_BOOKING_SET_PAID,

	/* The directory (directory.md): privileges, regions (privileges.c,
	 * regions.c). */
	Q_PRIV_FOR,
	Q_PRIV_HAS_ROLE,
	Q_REGION_DETAIL,
	Q_DIRC_LOOKUP_CITY,
	Q_DIRC_LOOKUP_PROVINCE,
	Q_DIRC_LOOKUP_ALL,
	Q_DIRC_PUT,
	Q_DIRC_PRUNE,

	/* The directory: accounts, login, the command line (accounts.c,
	 * admin.c). */
	Q_USER_AUTH_USERNAME,
	Q_USER_AUTH_EMAIL,
	Q_LOGIN_LOG_ADD,

	/* The directory: agents, estates, house types, tags (catalog.c). */
	Q_AGENT_COUNT,
	Q_AGENT_PAGE,
	Q_AGENT_GET,
	Q_AGENT_INSERT,
	Q_AGENT_LOCK,
	Q_AGENT_UPDATE,
	Q_AGENT_UNLINK_ALL,
	Q_AGENT_LINK,
	Q_AGENT_DELETE,
	Q_ESTATE_COUNT,
	Q_ESTATE_PAGE,
	Q_ESTATE_GET,
	Q_ESTATE_ROW,
	Q_ESTATE_INSERT,
	Q_ESTATE_LOCK,
	Q_ESTATE_UPDATE,
	Q_ESTATE_DELETE,
	Q_TYPE_LIST,
	Q_TYPE_GET,
	Q_TYPE_LOCK_ALL,
	Q_TYPE_INSERT,
	Q_TYPE_LOCK,
	Q_TYPE_UPDATE,
	Q_TYPE_IN_USE,
	Q_TYPE_DELETE,
	Q_TAG_COUNT,
	Q_TAG_PAGE,
	Q_TAG_ALL,
	Q_TAG_GET,
	Q_TAG_LOCK_ALL,
	Q_CATALOG_LOCK,
	Q_TAG_INSERT,
	Q_TAG_DELETE,

	/* The directory: listings and their photos (listings.c).  A page
	 * and a count per scope (LISTING_SCOPES) and order (LISTING_ORDERS),
	 * each through its index (migration 0011). */
#define LISTING_SCOPES(X) X(DISTRICT) X(CITY) X(PROVINCE) X(ALL)
#define X(sc)                                                                  \
	Q_LISTING_COUNT_##sc, Q_LISTING_PAGE_##sc##_PUBDATE_DESC,              \
	        Q_LISTING_PAGE_##sc##_PUBDATE, Q_LISTING_PAGE_##sc##_PRICE,    \
	        Q_LISTING_PAGE_##sc##_PRICE_DESC, Q_LISTING_PAGE_##sc##_AREA,  \
	        Q_LISTING_PAGE_##sc##_AREA_DESC,
	LISTING_SCOPES(X)
#undef X
	Q_LISTING_TAGS_OF,
	Q_LISTING_GET,
	Q_LISTING_PHOTOS,
	Q_LISTING_TYPE,
	Q_LISTING_ESTATE,
	Q_LISTING_AGENT,
	Q_LISTING_TAGS_UNKNOWN,
	Q_LISTING_LOCK,
	Q_LISTING_INSERT,
	Q_LISTING_UPDATE,
	Q_LISTING_TAGS_CLEAR,
	Q_LISTING_TAG_ADD,
	Q_LISTING_DELETE,
	Q_LISTING_PHOTO_GET,
	Q_LISTING_PHOTO_HAS_MAIN,
	Q_LISTING_PHOTO_FIRST,
	Q_LISTING_PHOTO_SET_MAIN,

	/* The rental: accounts (tenants.c, regions.c, privileges.c, ident.c). */
	Q_RENT_PROFILE,
	Q_RENT_PROFILE_SET,
	Q_RENT_REGION_TOP_NAMED,
	Q_RENT_REGION_CHILD_NAMED,
	Q_RENT_REALNAME_SEALED,
	Q_ROLE_GRANT,

	/* The rental: buildings and rooms (buildings.c). */
	/* Building and room columns as buildings.h's BD_* and RM_*; pages
	 * of a building's rooms by name through the index of their filter
	 * (migrations 0013, 0015). */
	Q_BLD_INSERT,
	Q_BLD_ROOMS_GEN,
	Q_BLD_GET,
	Q_BLD_LOCK,
	Q_BLD_COUNT,
	Q_BLD_PAGE,
	Q_BLD_UPDATE,
	Q_BLD_ROOMS_PRICES,
	Q_BLD_ROOM_ADDED,
	Q_ROOMS_ALL,
	Q_ROOMS_PAGE_ANY,
	Q_ROOMS_PAGE_TYPE,
	Q_ROOMS_PAGE_STATUS,
	Q_ROOMS_PAGE_TYPE_STATUS,
	Q_ROOMS_COUNT_ANY,
	Q_ROOMS_COUNT_TYPE,
	Q_ROOMS_COUNT_STATUS,
	Q_ROOMS_COUNT_TYPE_STATUS,
	Q_ROOM_GET,
	Q_ROOM_LOCK,
	Q_ROOM_SET_STATUS,
	Q_ROOM_END_CONTRACT,
	Q_ROOM_UPDATE,
	Q_ROOM_INSERT,
	Q_ROOM_SHOW,
	Q_ROOM_VIEWED,
	Q_ROOMS_PUBLIC_PAGE,
	Q_ROOMS_PUBLIC_PAGE_TYPE,
	Q_ROOMS_PUBLIC_COUNT,
	Q_ROOMS_PUBLIC_COUNT_TYPE,

	/* The rental: contracts and bills (contracts.c, bills.c). */
	Q_RC_ROOM_LOCK,
	Q_RC_ROOM_LIVE,
	Q_RC_INSERT,
	Q_RC_GET,
	Q_RC_OF_TENANT,
	Q_RC_HEAD,
	Q_RC_LOCK,
	Q_RC_EXPIRE,
	Q_RC_SIGN,
	Q_RC_ROOM_RENTED,
	Q_RC_EXPIRE_OTHERS,
	Q_RB_INSERT,
	Q_RB_GET,
	Q_RB_LOCK,
	Q_RB_BUILDING,
	Q_RB_COUNT,
	Q_RB_PAGE,
	Q_RB_SET,
	Q_RB_MERGED,
	Q_RB_PAID,
	Q_PAY_OPEN_BILL,
	Q_PAY_INSERT_BILL,

	/* ---- refunds (payments.c, issue 13 2) ---- */
	Q_RF_PAY_LOCK,
	Q_RF_SUMS,
	Q_RF_PENDING,
	Q_RF_INSERT,
	Q_RF_GET,
	Q_RF_ATTEMPT,
	Q_RF_DONE,
	Q_RF_REFUNDABLE,
	Q_RF_PAY_OF,

	/* Review by administrators (reviews.c, issue 13 1). */
	Q_REV_RN_COUNT,
	Q_REV_RN_PAGE,
	Q_REV_LL_COUNT,
	Q_REV_LL_PAGE,
	Q_REV_RN_GET,
	Q_REV_LL_CERTS,
	Q_REV_LOCK,
	Q_REV_SET_RN,
	Q_REV_SET_LL,
	Q_REV_SET_CERTS,
	Q_REV_RECORD,
	Q_REV_HISTORY,

	/* Listings pulled off by administrators (houses.c, issue 13 1). */
	Q_PO_GET,
	Q_PO_RECORD,
	Q_PO_HISTORY,
	Q_PO_REASON,

	/* Users' reports of listings (reports.c, issue 13 1). */
	Q_RP_HOUSE,
	Q_RP_FILE,
	Q_RP_COUNT,
	Q_RP_PAGE,
	Q_RP_OF,
	Q_RP_RESOLVE,

	Q__MAX
};

extern const char *const schema_sql[Q__MAX];

/* Give a user (?) a role (?) of user_roles, once: Q_ROLE_GRANT, and the
 * same statement in zufang-admin's own table (its user commands run in
 * their own transaction on their own connection). */
#define SQL_ROLE_GRANT                                                         \
	"INSERT IGNORE INTO user_roles (user_id, role_id) VALUES (?, ?)"

#endif
