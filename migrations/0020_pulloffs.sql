-- Listings pulled off by administrators (issue 13, 1: "listings reported or
-- flagged can be pulled off with a reason"), kept for good: who, when,
-- which listing, why.  review_decisions is keyed by a person (user_id, its
-- foreign key to users) and records approve/reject, so a listing's decision
-- has its own table.  The listing's state itself is houses.status 2, which
-- every surface already shows or hides.
CREATE TABLE listing_pulloffs (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	-- The administrator's user id (always one: only /admin/api pulls
	-- listings off); kept when the account goes.
	admin_id BIGINT UNSIGNED NULL,
	house_id BIGINT UNSIGNED NOT NULL,
	-- The owner when it was pulled off (the listing may change hands).
	owner_id BIGINT UNSIGNED NOT NULL,
	reason VARCHAR(200) NOT NULL COMMENT 'shown to the owner',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_listing_pulloffs_house (house_id, id),
	CONSTRAINT fk_listing_pulloffs_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
