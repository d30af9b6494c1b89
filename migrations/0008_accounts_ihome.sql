-- Shared accounts (platform.md "Accounts") and the iHome model (ihome.md 8).
-- A person may now have a mobile identity with a password beside (or
-- instead of) a WeChat openid; captcha, SMS codes and login failures are
-- one set of tables for every surface; short-stay listings get their
-- nightly price and stay rules; bookings are new; a payment belongs to a
-- viewing request or to a booking.

ALTER TABLE users
	MODIFY wx_openid VARCHAR(128) NULL,
	ADD COLUMN mobile CHAR(11) CHARACTER SET ascii NULL AFTER wx_openid,
	ADD COLUMN password_hash VARCHAR(128) CHARACTER SET ascii NULL
		COMMENT 'argon2id string, parameters inside' AFTER mobile,
	ADD UNIQUE KEY uq_users_mobile (mobile);

-- Image captchas (ihome.md 3): one row per captcha id, deleted when checked.
CREATE TABLE captchas (
	id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	text CHAR(4) CHARACTER SET ascii NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY ix_captchas_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Counters of fixed windows (captcha images per IP a minute, SMS sends per
-- number and per IP a day): one row per kind, key and window start.
CREATE TABLE rate_counts (
	kind VARCHAR(16) CHARACTER SET ascii NOT NULL,
	k VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	window_start DATETIME NOT NULL,
	n INT UNSIGNED NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, k, window_start),
	KEY ix_rate_counts_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The live SMS code of a mobile number (one at a time, every surface): its
-- SHA-256 (never the code), expiry, wrong tries, and the last accepted send.
CREATE TABLE sms_codes (
	mobile CHAR(11) CHARACTER SET ascii NOT NULL,
	code_hash BINARY(32) NULL COMMENT 'NULL once used or burnt',
	expires_at DATETIME NOT NULL,
	attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
	burnt TINYINT NOT NULL DEFAULT 0 COMMENT 'too many wrong tries',
	sent_at DATETIME NOT NULL,
	PRIMARY KEY (mobile)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Login failures (ihome.md 2, shared with the directory): one row each,
-- counted per identifier and per IP within the window.
CREATE TABLE login_failures (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	ident VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	ip VARCHAR(45) CHARACTER SET ascii NOT NULL,
	failed_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY ix_login_failures_ident (ident, failed_at),
	KEY ix_login_failures_ip (ip, failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Short-stay fields of a listing (ihome.md 5, 8).  house_rent stays the
-- whole-yuan figure QSZ's indexes use; night_price_fen is written with it.
ALTER TABLE houses
	ADD COLUMN night_price_fen BIGINT UNSIGNED NULL
		COMMENT 'short stay: fen a night',
	ADD COLUMN deposit_fen BIGINT UNSIGNED NULL,
	ADD COLUMN address VARCHAR(512) NULL,
	ADD COLUMN beds VARCHAR(64) NULL,
	ADD COLUMN min_days SMALLINT UNSIGNED NULL,
	ADD COLUMN max_days SMALLINT UNSIGNED NULL COMMENT '0: no limit',
	ADD COLUMN order_count INT UNSIGNED NOT NULL DEFAULT 0
		COMMENT 'completed bookings',
	ADD KEY ix_houses_stay (county_code, status, rent_time_type,
		night_price_fen, id);

-- The 23 facilities of iHome's catalogue (ids 1-23, ihome.md 5).
CREATE TABLE house_stay_facilities (
	house_id BIGINT UNSIGNED NOT NULL,
	facility_id TINYINT UNSIGNED NOT NULL,
	PRIMARY KEY (house_id, facility_id),
	CONSTRAINT fk_stay_facilities_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Bookings (ihome.md 7): the nights [start_date, end_date).
CREATE TABLE bookings (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	house_id BIGINT UNSIGNED NOT NULL,
	guest_id BIGINT UNSIGNED NOT NULL,
	owner_id BIGINT UNSIGNED NOT NULL,
	start_date DATE NOT NULL,
	end_date DATE NOT NULL,
	nights SMALLINT UNSIGNED NOT NULL,
	night_price_fen BIGINT UNSIGNED NOT NULL,
	amount_fen BIGINT UNSIGNED NOT NULL,
	status VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'WAIT_ACCEPT'
		COMMENT 'WAIT_ACCEPT WAIT_PAYMENT WAIT_COMMENT COMPLETE REJECTED CANCELED',
	hold_until DATETIME NULL COMMENT 'UTC: when WAIT_ACCEPT/WAIT_PAYMENT lapses',
	reject_reason VARCHAR(500) NULL,
	review VARCHAR(1000) NULL,
	reviewed_at DATETIME NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_bookings_house_dates (house_id, start_date, end_date),
	KEY ix_bookings_guest (guest_id, id),
	KEY ix_bookings_owner (owner_id, id),
	CONSTRAINT fk_bookings_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A payment pays a viewing request or a booking, exactly one of them.
ALTER TABLE payments
	MODIFY preorder_id BIGINT UNSIGNED NULL,
	ADD COLUMN booking_id BIGINT UNSIGNED NULL AFTER preorder_id,
	ADD KEY ix_payments_booking (booking_id),
	ADD CONSTRAINT fk_payments_booking FOREIGN KEY (booking_id)
		REFERENCES bookings (id) ON DELETE CASCADE,
	ADD CONSTRAINT ck_payments_one_target
		CHECK ((preorder_id IS NULL) <> (booking_id IS NULL));
