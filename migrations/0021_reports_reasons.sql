-- Issue 13, 1 and 2: what was still missing of the review.
--
-- Users report listings; an administrator pulls a reported listing off or
-- dismisses its reports.  One open report per person and listing (a second
-- report while the first is open replaces its reason); resolved reports
-- stay for good with who resolved them and when.
CREATE TABLE listing_reports (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	house_id BIGINT UNSIGNED NOT NULL,
	reporter_id BIGINT UNSIGNED NOT NULL,
	reason VARCHAR(200) NOT NULL,
	state TINYINT NOT NULL DEFAULT 0
		COMMENT '0 open, 1 listing pulled off, 2 dismissed',
	-- Who resolved it: an administrator's user id, NULL for zufang-admin
	-- on the command line (as review_decisions.admin_id).
	admin_id BIGINT UNSIGNED NULL,
	resolved_at DATETIME NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	-- 1 while open, NULL once resolved: the unique key below then holds
	-- one open report per (listing, person) and any number of old ones.
	open_mark TINYINT AS (IF(state = 0, 1, NULL)) STORED,
	PRIMARY KEY (id),
	UNIQUE KEY uq_listing_reports_open (house_id, reporter_id, open_mark),
	-- The queue: open reports by listing, oldest first.
	KEY ix_listing_reports_state (state, house_id, id),
	CONSTRAINT fk_listing_reports_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE,
	CONSTRAINT fk_listing_reports_user FOREIGN KEY (reporter_id)
		REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A pulled-off listing shows its owner why, while it stays pulled off.
ALTER TABLE houses ADD COLUMN pulloff_reason VARCHAR(200) NULL
	COMMENT 'an administrator''s, while status is 2';

-- A rejection's reason, shown to the person while the submission stays
-- rejected (state 3; a new submission clears it): QSZ's user object,
-- iHome's profile, the rental's userinfo.
ALTER TABLE users
	ADD COLUMN real_name_reason VARCHAR(200) NULL
		COMMENT 'while real_name_status is 3',
	ADD COLUMN landlord_reason VARCHAR(200) NULL
		COMMENT 'while landlord_status is 3';

-- The QSZ user object gains both reasons (migration 0001's expression and
-- the two new members).
ALTER TABLE users MODIFY COLUMN profile_json TEXT AS (JSON_OBJECT(
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
		'account_idcardnumber', account_idcard_masked,
		'real_name_reason',
			IF(real_name_status = 3, real_name_reason, NULL),
		'landlord_reason',
			IF(landlord_status = 3, landlord_reason, NULL))) STORED;

-- A pulled-off listing's reason lives only while it stays pulled off,
-- whatever changes its status (the owner's release, a delete, SQL by
-- hand).  users gets no such trigger: its WeChat upsert reads the id with
-- LAST_INSERT_ID(id), which a trigger on the table loses; the statements
-- that submit anew clear the reasons and every read shows one only in
-- state 3.
CREATE TRIGGER tr_houses_pulloff_reason BEFORE UPDATE ON houses FOR EACH ROW
BEGIN
	IF NEW.status <> 2 THEN
		SET NEW.pulloff_reason = NULL;
	END IF;
END;

-- The administrator who asked for a refund (issue 13, 2: who did it is
-- kept, not only logged); NULL for zufang-admin on the command line.
ALTER TABLE refunds ADD COLUMN admin_id BIGINT UNSIGNED NULL AFTER reason;

-- The directory's report route: any logged-in user (the user role).
INSERT INTO privileges (method, prefix, description) VALUES
	('POST', '/api/reports/', '举报房源');
INSERT INTO role_privileges (role_id, privilege_id)
	SELECT 2, id FROM privileges WHERE method = 'POST' AND
		prefix = '/api/reports/';
