-- The iHome search (ihome.md 6) at scale: an index in each sort's order for
-- a county and for the whole city, so a page costs its length whatever the
-- table holds; and the shared cache of match counts (total_page), never
-- stale: every write that could change a count bumps its county's version
-- in the same transaction (triggers below), and an entry holds only while
-- the version it was computed at is current and no hold that blocked one
-- of its houses has lapsed meanwhile (stays.c).

-- Descending parts (MariaDB >= 10.8) give "price ascending, ties by id
-- descending" a forward scan; the other sorts scan backwards.
ALTER TABLE houses
	ADD KEY ix_houses_stay_inc (county_code, status, rent_time_type,
		night_price_fen, id DESC),
	ADD KEY ix_houses_stay_new (county_code, status, rent_time_type, id),
	ADD KEY ix_houses_stay_booking (county_code, status, rent_time_type,
		order_count, id),
	ADD KEY ix_houses_stay_city (city_code, status, rent_time_type,
		night_price_fen, id),
	ADD KEY ix_houses_stay_city_inc (city_code, status, rent_time_type,
		night_price_fen, id DESC),
	ADD KEY ix_houses_stay_city_new (city_code, status, rent_time_type, id),
	ADD KEY ix_houses_stay_city_booking (city_code, status, rent_time_type,
		order_count, id);

-- A county's version: bumped by every write that may change which of its
-- houses a search finds.  A city's version is the sum over its counties.
CREATE TABLE stay_versions (
	county_code INT UNSIGNED NOT NULL,
	city_code INT UNSIGNED NOT NULL,
	v BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (county_code),
	KEY ix_stay_versions_city (city_code, v)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Counted searches: county 0 for the whole city, days since 1970-01-01
-- (-1: no dates), the length rule applied or not; the count n as of
-- version v, good until the first lapse of a hold it depended on (seconds
-- since 1970-01-01 UTC; NULL: none).
CREATE TABLE stay_counts (
	city_code INT UNSIGNED NOT NULL,
	county_code INT UNSIGNED NOT NULL,
	sd INT NOT NULL,
	ed INT NOT NULL,
	length_rule TINYINT UNSIGNED NOT NULL,
	v BIGINT UNSIGNED NOT NULL,
	n BIGINT UNSIGNED NOT NULL,
	valid_until BIGINT NULL,
	PRIMARY KEY (city_code, county_code, sd, ed, length_rule),
	KEY ix_stay_counts_version (city_code, county_code, v)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE PROCEDURE stay_bump(IN county INT UNSIGNED, IN city INT UNSIGNED)
	MODIFIES SQL DATA
	INSERT INTO stay_versions (county_code, city_code, v)
	VALUES (county, city, 1)
	ON DUPLICATE KEY UPDATE v = v + 1;

-- A house counts when it could be found: released, short stay, nightly
-- priced, in a county of a city.  Its other fields that a count reads:
-- min_days, max_days.
CREATE TRIGGER tr_houses_stay_insert AFTER INSERT ON houses FOR EACH ROW
	IF NEW.status = 1 AND NEW.rent_time_type = 1 AND
	   NEW.night_price_fen IS NOT NULL AND NEW.county_code IS NOT NULL AND
	   NEW.city_code IS NOT NULL THEN
		CALL stay_bump(NEW.county_code, NEW.city_code);
	END IF;

CREATE TRIGGER tr_houses_stay_update AFTER UPDATE ON houses FOR EACH ROW
BEGIN
	DECLARE was INT DEFAULT OLD.status = 1 AND OLD.rent_time_type = 1 AND
		OLD.night_price_fen IS NOT NULL AND
		OLD.county_code IS NOT NULL AND OLD.city_code IS NOT NULL;
	DECLARE now_is INT DEFAULT NEW.status = 1 AND
		NEW.rent_time_type = 1 AND NEW.night_price_fen IS NOT NULL AND
		NEW.county_code IS NOT NULL AND NEW.city_code IS NOT NULL;
	IF (was OR now_is) AND NOT (was <=> now_is AND
	    OLD.county_code <=> NEW.county_code AND
	    OLD.city_code <=> NEW.city_code AND
	    OLD.min_days <=> NEW.min_days AND
	    OLD.max_days <=> NEW.max_days) THEN
		IF was THEN
			CALL stay_bump(OLD.county_code, OLD.city_code);
		END IF;
		IF now_is AND NOT (was AND OLD.county_code = NEW.county_code)
		THEN
			CALL stay_bump(NEW.county_code, NEW.city_code);
		END IF;
	END IF;
END;

CREATE TRIGGER tr_houses_stay_delete AFTER DELETE ON houses FOR EACH ROW
	IF OLD.county_code IS NOT NULL AND OLD.city_code IS NOT NULL THEN
		CALL stay_bump(OLD.county_code, OLD.city_code);
	END IF;

-- A booking's nights block its house while it is live (ihome.md 7): any
-- change of its state, hold, nights or house may change a count, except
-- between the two states that always block (paid, reviewed).  Deleting a
-- house deletes its bookings without triggers; the house's own trigger
-- bumps.
CREATE TRIGGER tr_bookings_stay_insert AFTER INSERT ON bookings FOR EACH ROW
BEGIN
	DECLARE county, city INT UNSIGNED;
	SELECT h.county_code, h.city_code INTO county, city
		FROM houses h WHERE h.id = NEW.house_id;
	IF county IS NOT NULL AND city IS NOT NULL THEN
		CALL stay_bump(county, city);
	END IF;
END;

CREATE TRIGGER tr_bookings_stay_update AFTER UPDATE ON bookings FOR EACH ROW
BEGIN
	DECLARE county, city INT UNSIGNED;
	IF NOT (OLD.house_id = NEW.house_id AND
	        OLD.start_date = NEW.start_date AND
	        OLD.end_date = NEW.end_date AND
	        ((OLD.status = NEW.status AND
	          OLD.hold_until <=> NEW.hold_until) OR
	         (OLD.status IN ('WAIT_COMMENT', 'COMPLETE') AND
	          NEW.status IN ('WAIT_COMMENT', 'COMPLETE')))) THEN
		SELECT h.county_code, h.city_code INTO county, city
			FROM houses h WHERE h.id = OLD.house_id;
		IF county IS NOT NULL AND city IS NOT NULL THEN
			CALL stay_bump(county, city);
		END IF;
		IF OLD.house_id <> NEW.house_id THEN
			SELECT h.county_code, h.city_code INTO county, city
				FROM houses h WHERE h.id = NEW.house_id;
			IF county IS NOT NULL AND city IS NOT NULL THEN
				CALL stay_bump(county, city);
			END IF;
		END IF;
	END IF;
END;

CREATE TRIGGER tr_bookings_stay_delete AFTER DELETE ON bookings FOR EACH ROW
BEGIN
	DECLARE county, city INT UNSIGNED;
	SELECT h.county_code, h.city_code INTO county, city
		FROM houses h WHERE h.id = OLD.house_id;
	IF county IS NOT NULL AND city IS NOT NULL THEN
		CALL stay_bump(county, city);
	END IF;
END;
