-- Listings (qsz.md 4) and their photos and videos.
-- Every parameter of /house_create has its column; the ranges and lengths
-- are checked by the service (app/houses.c, the parameter table).

CREATE TABLE houses (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	user_id BIGINT UNSIGNED NOT NULL,
	status TINYINT NOT NULL DEFAULT 0
		COMMENT '0 draft, 1 released, 2 pulled off, 3 deleted',
	-- Regions: GB/T 2260 codes of the regions table, names filled from
	-- them.  A county lies in its city, a city in its province.
	province_code INT UNSIGNED NULL,
	province_name VARCHAR(64) NULL,
	city_code INT UNSIGNED NULL,
	city_name VARCHAR(64) NULL,
	county_code INT UNSIGNED NULL,
	county_name VARCHAR(64) NULL,
	district_code BIGINT UNSIGNED NULL COMMENT 'residential compound',
	district_name VARCHAR(60) NULL,
	subdistrict_code BIGINT UNSIGNED NULL COMMENT 'street office',
	subway_station_code BIGINT UNSIGNED NULL,
	house_number INT UNSIGNED NULL,
	-- location is POINT(longitude, latitude), or POINT(0, 0) while either
	-- is missing (never searched: a listing is released only with both).
	-- REF_SYSTEM_ID=0 is MariaDB's spelling of SRID 0 (planar degrees).
	longitude DOUBLE NULL,
	latitude DOUBLE NULL,
	location POINT REF_SYSTEM_ID=0 NOT NULL,
	rent_time_type TINYINT NULL COMMENT '1 short, 2 long',
	rent_room_type TINYINT NULL COMMENT '1 whole, 2 room',
	house_size INT UNSIGNED NULL COMMENT 'square metres',
	house_type VARCHAR(20) NULL,
	house_floor VARCHAR(20) NULL,
	house_direction VARCHAR(10) NULL,
	house_decoration VARCHAR(10) NULL,
	house_max_livein TINYINT UNSIGNED NULL,
	house_rent INT UNSIGNED NULL COMMENT 'whole yuan a month',
	payment_type VARCHAR(3) NULL COMMENT '1|1, 1|3 or 1|6',
	property_management_fee TINYINT NULL COMMENT '1 landlord, 2 tenant, 3 open',
	heating_charge TINYINT NULL COMMENT '1 landlord, 2 tenant, 3 open',
	description_title VARCHAR(60) NULL,
	description VARCHAR(2000) NULL,
	traffic_condition VARCHAR(500) NULL,
	around_condition VARCHAR(500) NULL,
	facility VARCHAR(32) NULL COMMENT '|-list of 1-12, ascending',
	house_rooms TINYINT UNSIGNED NULL,
	house_characteristic VARCHAR(200) NULL COMMENT '|-list of tags',
	house_source TINYINT NULL COMMENT '1 landlord, 2 sub-landlord, 3 sublet',
	all_floor SMALLINT UNSIGNED NULL,
	earliest_checkin_time DATE NULL,
	extra_fee VARCHAR(16) NULL COMMENT '|-list of 1-8, ascending',
	praise_count INT UNSIGNED NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	release_time DATETIME NULL COMMENT 'last release',
	submission_time DATETIME NULL COMMENT 'last release request',
	PRIMARY KEY (id),
	KEY ix_houses_owner (user_id, status, created_at),
	SPATIAL KEY ix_houses_location (location),
	CONSTRAINT fk_houses_user FOREIGN KEY (user_id) REFERENCES users (id)
		ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE house_photos (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	house_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	url VARCHAR(255) NOT NULL COMMENT 'relative to the media root',
	rooms_type TINYINT NULL COMMENT '1 master bedroom .. 7 other',
	rooms_area INT UNSIGNED NULL COMMENT 'bedrooms only, square metres',
	rooms_orientation VARCHAR(10) NULL COMMENT 'bedrooms only',
	position INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'upload order',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_house_photos_house (house_id, position),
	KEY ix_house_photos_user (user_id),
	CONSTRAINT fk_house_photos_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE house_videos (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	house_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	url VARCHAR(255) NOT NULL COMMENT 'relative to the media root',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_house_videos_house (house_id),
	KEY ix_house_videos_user (user_id),
	CONSTRAINT fk_house_videos_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
