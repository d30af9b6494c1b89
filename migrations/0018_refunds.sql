-- Refunds of payments (issue 13, 2): one row per alipay.trade.refund
-- request, written before the call so that a retry reuses its
-- out_request_no and Alipay makes the refund once.  A payment's refunds
-- in state 0 or 1 never add up to more than its amount (checked under the
-- payment's row lock).
CREATE TABLE refunds (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	payment_id BIGINT UNSIGNED NOT NULL,
	out_request_no VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	amount_fen BIGINT UNSIGNED NOT NULL,
	state TINYINT NOT NULL DEFAULT 0
		COMMENT '0 outcome unknown, 1 refunded, 2 surely not refunded',
	reason VARCHAR(200) NULL,
	fund_change CHAR(1) CHARACTER SET ascii NULL COMMENT 'Alipay''s',
	refund_fee_fen BIGINT UNSIGNED NULL
		COMMENT 'Alipay''s total refunded of the trade',
	gmt_refund_pay VARCHAR(32) CHARACTER SET ascii NULL,
	sub_code VARCHAR(64) CHARACTER SET ascii NULL COMMENT 'last refusal',
	attempts INT UNSIGNED NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
		ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_refunds_request (out_request_no),
	KEY ix_refunds_payment (payment_id, state),
	CONSTRAINT fk_refunds_payment FOREIGN KEY (payment_id)
		REFERENCES payments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
