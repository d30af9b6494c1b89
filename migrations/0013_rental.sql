-- The rental property-management model (rental.md 6): landlords' buildings,
-- the rooms generated in them, tenant contracts and monthly utility bills.
-- Money in fen, meter readings in tenths (integers); dates are China dates.

-- The certification data of rental.md 2 beside the shared real-name record:
-- the location picked as [province, city, county] codes, the village, the
-- WeChat number.  The name and ID number are the shared real-name record;
-- the phone is users.tel.
ALTER TABLE users
	ADD COLUMN loc_province_code INT UNSIGNED NULL,
	ADD COLUMN loc_city_code INT UNSIGNED NULL,
	ADD COLUMN loc_county_code INT UNSIGNED NULL,
	ADD COLUMN village VARCHAR(60) NULL,
	ADD COLUMN wxnumber VARCHAR(64) NULL;

-- A building: its name (unique for its landlord), floors and rooms a
-- floor, the three prices its rooms take (net a month, electricity a kWh,
-- water a m3), the room templates of its creation (JSON as the client
-- sent them, validated), the number of rooms.
CREATE TABLE buildings (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	landlord_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(30) NOT NULL,
	layers TINYINT UNSIGNED NOT NULL,
	per_floor TINYINT UNSIGNED NOT NULL,
	net_fen BIGINT UNSIGNED NOT NULL,
	electricity_fen BIGINT UNSIGNED NOT NULL,
	water_fen BIGINT UNSIGNED NOT NULL,
	templates TEXT NOT NULL COMMENT 'houseType: JSON array',
	room_count INT UNSIGNED NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_buildings_name (landlord_id, name),
	CONSTRAINT fk_buildings_landlord FOREIGN KEY (landlord_id)
		REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A room: 0 vacant, 1 published, 2 rented.  Its configuration flags and
-- costs (copied from the template and the building, then its own).
CREATE TABLE rooms (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	building_id BIGINT UNSIGNED NOT NULL,
	landlord_id BIGINT UNSIGNED NOT NULL,
	name VARCHAR(20) NOT NULL,
	unit_type TINYINT UNSIGNED NOT NULL,
	status TINYINT UNSIGNED NOT NULL DEFAULT 0,
	bathroom TINYINT UNSIGNED NOT NULL DEFAULT 0,
	air_condition TINYINT UNSIGNED NOT NULL DEFAULT 0,
	geyser TINYINT UNSIGNED NOT NULL DEFAULT 0,
	gas TINYINT UNSIGNED NOT NULL DEFAULT 0,
	broadband TINYINT UNSIGNED NOT NULL DEFAULT 0,
	clear_fen BIGINT UNSIGNED NOT NULL,
	rent_fen BIGINT UNSIGNED NOT NULL,
	net_fen BIGINT UNSIGNED NOT NULL,
	electricity_fen BIGINT UNSIGNED NOT NULL,
	water_fen BIGINT UNSIGNED NOT NULL,
	views BIGINT UNSIGNED NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_rooms_name (building_id, name),
	KEY ix_rooms_filter (building_id, unit_type, status, name),
	KEY ix_rooms_status (building_id, status, name),
	KEY ix_rooms_public (status, id),
	CONSTRAINT fk_rooms_building FOREIGN KEY (building_id)
		REFERENCES buildings (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A contract: 0 initialised (waiting for the tenant), 1 signed (live),
-- 2 ended, 3 expired.  The room as it was when initialised (its snapshot),
-- the move-in readings.  At most one live contract a room: live_room is
-- the room while state is 1, unique.
CREATE TABLE contracts (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	room_id BIGINT UNSIGNED NOT NULL,
	building_id BIGINT UNSIGNED NOT NULL,
	landlord_id BIGINT UNSIGNED NOT NULL,
	tenant_id BIGINT UNSIGNED NULL,
	state TINYINT UNSIGNED NOT NULL DEFAULT 0,
	begin_date DATE NOT NULL,
	end_date DATE NULL,
	house_name VARCHAR(20) NOT NULL,
	unit_type TINYINT UNSIGNED NOT NULL,
	bathroom TINYINT UNSIGNED NOT NULL,
	air_condition TINYINT UNSIGNED NOT NULL,
	geyser TINYINT UNSIGNED NOT NULL,
	gas TINYINT UNSIGNED NOT NULL,
	broadband TINYINT UNSIGNED NOT NULL,
	clear_fen BIGINT UNSIGNED NOT NULL,
	rent_fen BIGINT UNSIGNED NOT NULL,
	net_fen BIGINT UNSIGNED NOT NULL,
	electricity_fen BIGINT UNSIGNED NOT NULL,
	water_fen BIGINT UNSIGNED NOT NULL,
	base_electric BIGINT UNSIGNED NOT NULL COMMENT 'tenths of a kWh',
	base_water BIGINT UNSIGNED NOT NULL COMMENT 'tenths of a m3',
	persons TINYINT UNSIGNED NULL,
	phone CHAR(11) CHARACTER SET ascii NULL,
	idcard_enc VARBINARY(64) NULL COMMENT 'AES-256-GCM',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	signed_at DATETIME NULL,
	live_room BIGINT UNSIGNED AS (IF(state = 1, room_id, NULL)) STORED,
	PRIMARY KEY (id),
	UNIQUE KEY uq_contracts_live_room (live_room),
	KEY ix_contracts_room (room_id, state),
	KEY ix_contracts_tenant (tenant_id, state),
	CONSTRAINT fk_contracts_room FOREIGN KEY (room_id)
		REFERENCES rooms (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A bill: period k of its contract ([begin + k months, begin + k + 1
-- months)), 0 open, 1 sent, 2 paid, 3 merged into the next.  Prices from
-- the contract's snapshot; readings in tenths; total in fen; merged
-- (carried) times in max.  One bill a period of a contract.
CREATE TABLE bills (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	contract_id BIGINT UNSIGNED NOT NULL,
	room_id BIGINT UNSIGNED NOT NULL,
	building_id BIGINT UNSIGNED NOT NULL,
	landlord_id BIGINT UNSIGNED NOT NULL,
	period INT UNSIGNED NOT NULL,
	start_date DATE NOT NULL,
	end_date DATE NOT NULL,
	house_name VARCHAR(20) NOT NULL,
	rent_fen BIGINT UNSIGNED NOT NULL,
	clear_fen BIGINT UNSIGNED NOT NULL,
	net_fen BIGINT UNSIGNED NOT NULL,
	water_price_fen BIGINT UNSIGNED NOT NULL,
	water_init BIGINT UNSIGNED NOT NULL,
	water_cur BIGINT UNSIGNED NULL,
	electric_price_fen BIGINT UNSIGNED NOT NULL,
	electric_init BIGINT UNSIGNED NOT NULL,
	electric_cur BIGINT UNSIGNED NULL,
	before_cost_fen BIGINT UNSIGNED NOT NULL DEFAULT 0,
	merged TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'max',
	total_fen BIGINT UNSIGNED NULL,
	status TINYINT UNSIGNED NOT NULL DEFAULT 0,
	pay TINYINT UNSIGNED NULL COMMENT '0 WeChat, 1 bank, 2 Alipay, 3 cash',
	paid_at DATETIME NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_bills_period (contract_id, period),
	KEY ix_bills_building (building_id, start_date DESC, id DESC),
	CONSTRAINT fk_bills_contract FOREIGN KEY (contract_id)
		REFERENCES contracts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A payment pays a viewing request, a booking or a bill: exactly one.
ALTER TABLE payments
	ADD COLUMN bill_id BIGINT UNSIGNED NULL AFTER booking_id,
	ADD KEY ix_payments_bill (bill_id),
	ADD CONSTRAINT fk_payments_bill FOREIGN KEY (bill_id)
		REFERENCES bills (id) ON DELETE CASCADE,
	DROP CONSTRAINT ck_payments_one_target,
	ADD CONSTRAINT ck_payments_one_target
		CHECK ((preorder_id IS NOT NULL) + (booking_id IS NOT NULL) +
		       (bill_id IS NOT NULL) = 1);
