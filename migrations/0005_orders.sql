-- Invitations, viewing requests, Alipay payments, bindings and transfers
-- (qsz.md 5 and 6; app/invite.c, app/orders.c, app/alipay.c).
-- Money is kept in fen (integer cents).

-- A user's own invitation code, made on first request and never changed,
-- and the friend whose code the user entered (once).  Apart from users so
-- that neither invalidates the cached session lookups.
CREATE TABLE invite_codes (
	user_id BIGINT UNSIGNED NOT NULL,
	code CHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
		COMMENT 'upper case, no look-alike characters',
	friend_id BIGINT UNSIGNED NULL COMMENT 'owner of the code entered',
	friend_set_at DATETIME NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (user_id),
	UNIQUE KEY uq_invite_codes_code (code),
	KEY ix_invite_codes_friend (friend_id),
	CONSTRAINT fk_invite_codes_user FOREIGN KEY (user_id)
		REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT fk_invite_codes_friend FOREIGN KEY (friend_id)
		REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A renter's request to view a listing.  open_house_id is the listing while
-- the request is open (created, paid, refund asked) and NULL after, so the
-- unique key allows one open request per renter and listing.
CREATE TABLE preorders (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	renter_id BIGINT UNSIGNED NOT NULL,
	owner_id BIGINT UNSIGNED NOT NULL,
	house_id BIGINT UNSIGNED NOT NULL,
	-- 1 created, 2 paid, 3 viewed, 4 refund asked, 5 refunded, 6 cancelled
	state TINYINT NOT NULL DEFAULT 1,
	open_house_id BIGINT UNSIGNED AS (IF(state IN (1, 2, 4), house_id,
		NULL)) STORED,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	paid_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_preorders_open (renter_id, open_house_id),
	KEY ix_preorders_renter (renter_id, id),
	KEY ix_preorders_owner (owner_id, id),
	KEY ix_preorders_house (house_id),
	CONSTRAINT fk_preorders_renter FOREIGN KEY (renter_id)
		REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT fk_preorders_owner FOREIGN KEY (owner_id)
		REFERENCES users (id) ON DELETE CASCADE,
	CONSTRAINT fk_preorders_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One Alipay trade (alipay.trade.wap.pay) of a viewing request: a fresh
-- out_trade_no per payment URL; the amount fixed when it was made.
CREATE TABLE payments (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	out_trade_no VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	preorder_id BIGINT UNSIGNED NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	amount_fen BIGINT UNSIGNED NOT NULL,
	-- 0 waiting, 1 paid, 2 paid after its request was no longer open
	-- (cancelled meanwhile, or paid through another trade): refund it.
	state TINYINT NOT NULL DEFAULT 0,
	trade_no VARCHAR(64) CHARACTER SET ascii NULL COMMENT 'Alipay''s',
	trade_status VARCHAR(32) CHARACTER SET ascii NULL COMMENT 'last notified',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	paid_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_payments_out_trade_no (out_trade_no),
	KEY ix_payments_preorder (preorder_id),
	CONSTRAINT fk_payments_preorder FOREIGN KEY (preorder_id)
		REFERENCES preorders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A user's Alipay binding: the Alipay user id and tokens sealed with the
-- data key (AES-256-GCM bound to column and user), the Zhima score cache.
CREATE TABLE alipay_accounts (
	user_id BIGINT UNSIGNED NOT NULL,
	alipay_user_enc VARBINARY(256) NOT NULL,
	access_token_enc VARBINARY(512) NOT NULL,
	access_expires_at DATETIME NOT NULL,
	refresh_token_enc VARBINARY(512) NULL,
	refresh_expires_at DATETIME NULL,
	zhima_score VARCHAR(8) CHARACTER SET ascii NULL,
	zhima_at DATETIME NULL,
	bound_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (user_id),
	CONSTRAINT fk_alipay_accounts_user FOREIGN KEY (user_id)
		REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The state of an authorization in flight: random, single-use, 10
-- minutes, bound to its user; only its SHA-256 is kept.
CREATE TABLE alipay_auth_states (
	state_hash BINARY(32) NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (state_hash),
	KEY ix_alipay_auth_states_expiry (expires_at),
	CONSTRAINT fk_alipay_auth_states_user FOREIGN KEY (user_id)
		REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Company-to-person transfers (/payment/ali/pay_to_customer); order_id is
-- the idempotency key and Alipay's out_biz_no.
CREATE TABLE transfers (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	order_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	payee_type VARCHAR(16) CHARACTER SET ascii NOT NULL,
	payee_account_enc VARBINARY(256) NOT NULL,
	amount_fen BIGINT UNSIGNED NOT NULL,
	remark VARCHAR(200) NULL,
	state TINYINT NOT NULL DEFAULT 0
		COMMENT '0 outcome unknown, 1 paid, 2 refused',
	alipay_order_id VARCHAR(64) CHARACTER SET ascii NULL,
	pay_date VARCHAR(32) CHARACTER SET ascii NULL,
	sub_code VARCHAR(64) CHARACTER SET ascii NULL COMMENT 'last refusal',
	admin_id BIGINT UNSIGNED NOT NULL,
	attempts INT UNSIGNED NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_transfers_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
