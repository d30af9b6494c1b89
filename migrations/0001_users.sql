-- Accounts, login sessions and identity submissions.
-- All times are UTC (the service sets time_zone = '+00:00').

CREATE TABLE users (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	wx_openid VARCHAR(128) NOT NULL,
	wx_unionid VARCHAR(128) NULL,
	wx_nickname VARCHAR(100) NULL,
	wx_sex TINYINT NULL,
	wx_country VARCHAR(64) NULL,
	wx_province VARCHAR(64) NULL,
	wx_city VARCHAR(64) NULL,
	wx_headimgurl VARCHAR(512) NULL,
	headimgurl VARCHAR(255) NULL COMMENT 'our portrait, relative to the media root',
	nickname VARCHAR(30) NULL,
	sex TINYINT NULL,
	user_type TINYINT NULL,
	self_description VARCHAR(1000) NULL,
	address_province VARCHAR(64) NULL,
	address_city VARCHAR(64) NULL,
	birthday DATE NULL,
	constellations VARCHAR(16) NULL,
	education VARCHAR(8) NULL,
	occupation VARCHAR(64) NULL,
	tel VARCHAR(11) NULL,
	virtual_tel_flag TINYINT NULL,
	virtual_tel VARCHAR(20) NULL,
	wechat VARCHAR(64) NULL,
	qq VARCHAR(12) NULL,
	account_name VARCHAR(30) NULL,
	account_number_enc VARBINARY(96) NULL COMMENT 'AES-256-GCM',
	account_idcard_enc VARBINARY(64) NULL COMMENT 'AES-256-GCM',
	account_number_masked VARCHAR(64) NULL COMMENT 'last 4 shown',
	account_idcard_masked VARCHAR(18) NULL COMMENT 'first and last 4 shown',
	real_name VARCHAR(30) NULL,
	idcard_enc VARBINARY(64) NULL COMMENT 'AES-256-GCM',
	idcard_masked VARCHAR(18) NULL COMMENT 'first and last 4 shown',
	id_portrait VARCHAR(255) NULL COMMENT 'private',
	idcard_front VARCHAR(255) NULL COMMENT 'private',
	idcard_back VARCHAR(255) NULL COMMENT 'private',
	real_name_status TINYINT NOT NULL DEFAULT 0
		COMMENT '0 none, 1 pending, 2 approved, 3 rejected',
	landlord_status TINYINT NOT NULL DEFAULT 0
		COMMENT '0 none, 1 pending, 2 approved, 3 rejected',
	is_admin TINYINT NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	-- The user object of /fetch_userinfo (qsz.md 2) but its id, kept by the
	-- database itself on every write, so reading it is one column.
	profile_json TEXT AS (JSON_OBJECT(
		'wx_openid', wx_openid, 'wx_nickname', wx_nickname,
		'wx_sex', wx_sex, 'wx_country', wx_country,
		'wx_province', wx_province, 'wx_city', wx_city,
		'wx_headimgurl', wx_headimgurl, 'headimgurl', headimgurl,
		'qq', qq, 'wechat', wechat,
		'virtual_tel_flag', virtual_tel_flag, 'virtual_tel', virtual_tel,
		'birthday', CAST(birthday AS CHAR CHARACTER SET utf8mb4),
		'constellations', constellations, 'education', education,
		'occupation', occupation, 'addressProvince', address_province,
		'addressCity', address_city, 'nickname', nickname, 'sex', sex,
		'user_type', user_type, 'self_description', self_description,
		'tel', tel, 'real_name_status', real_name_status,
		'landlord_status', landlord_status, 'real_name', real_name,
		'idcardnumber', idcard_masked, 'account_name', account_name,
		'account_number', account_number_masked,
		'account_idcardnumber', account_idcard_masked)) STORED,
	PRIMARY KEY (id),
	UNIQUE KEY uq_users_openid (wx_openid),
	UNIQUE KEY uq_users_unionid (wx_unionid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
	token_hash BINARY(32) NOT NULL COMMENT 'SHA-256 of the token',
	user_id BIGINT UNSIGNED NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at DATETIME NOT NULL,
	revoked_at DATETIME NULL,
	PRIMARY KEY (token_hash),
	KEY ix_sessions_user (user_id),
	CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
		ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE house_certs (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	user_id BIGINT UNSIGNED NOT NULL,
	certname VARCHAR(30) NOT NULL,
	idcard_enc VARBINARY(64) NOT NULL COMMENT 'AES-256-GCM',
	property_cert_number VARCHAR(64) NOT NULL,
	property_cert_photo VARCHAR(255) NOT NULL COMMENT 'private',
	house_type TINYINT NOT NULL COMMENT '1 own, 2 subletting a lease',
	lease_agreement_photo VARCHAR(255) NULL COMMENT 'private',
	status TINYINT NOT NULL DEFAULT 1
		COMMENT '1 pending, 2 approved, 3 rejected',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_house_certs_number (property_cert_number),
	KEY ix_house_certs_user (user_id),
	CONSTRAINT fk_house_certs_user FOREIGN KEY (user_id) REFERENCES users (id)
		ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
