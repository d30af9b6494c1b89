-- Review by administrators (issue 13, 1): every decision on a real-name or
-- landlord submission, kept for good (who, when, what, why).  The person's
-- state itself stays in users.real_name_status / landlord_status and
-- house_certs.status, which every surface already shows.
CREATE TABLE review_decisions (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	-- The administrator's user id; NULL for zufang-admin on the command
	-- line (the operator of the machine, no account).
	admin_id BIGINT UNSIGNED NULL,
	kind TINYINT NOT NULL COMMENT '1 real-name, 2 landlord',
	user_id BIGINT UNSIGNED NOT NULL,
	decision TINYINT NOT NULL COMMENT '2 approved, 3 rejected',
	reason VARCHAR(200) NULL COMMENT 'a rejection''s, shown to the person',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_review_decisions_user (user_id, kind, id),
	CONSTRAINT fk_review_decisions_user FOREIGN KEY (user_id)
		REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The queues, oldest first, without a scan of every user.
CREATE INDEX ix_users_real_name_status ON users (real_name_status, updated_at);
CREATE INDEX ix_users_landlord_status ON users (landlord_status);
