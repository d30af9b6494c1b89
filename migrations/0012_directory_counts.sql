-- The directory's listing counts (directory.md 1 "count", issue 11: a page's
-- count must not scan the table) at scale: a shared cache of counts that is
-- never stale.  Every write that may change which listings a directory
-- filter finds bumps its city's version in the same transaction (the
-- triggers below, whatever surface or tool writes); a cached count holds
-- only while the version it was counted at is current (listings.c).

-- A city's version; a province's is the sum over its cities, the whole
-- table's the sum over all.  Versions only grow, so a sum is current
-- exactly when none of its parts moved.
CREATE TABLE dir_versions (
	city_code INT UNSIGNED NOT NULL,
	province_code INT UNSIGNED NOT NULL,
	v BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (city_code),
	KEY ix_dir_versions_province (province_code, v)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Counted filters: k the SHA-256 of the filter's canonical form, n the
-- count as of version v, at when it was stored (old entries are pruned).
CREATE TABLE dir_counts (
	k BINARY(32) NOT NULL,
	v BIGINT UNSIGNED NOT NULL,
	n BIGINT UNSIGNED NOT NULL,
	at DATETIME NOT NULL,
	PRIMARY KEY (k),
	KEY ix_dir_counts_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE PROCEDURE dir_bump(city INT UNSIGNED, province INT UNSIGNED)
	INSERT INTO dir_versions (city_code, province_code, v)
		VALUES (city, COALESCE(province, 0), 1)
		ON DUPLICATE KEY UPDATE v = v + 1;

-- A listing the directory may show: released, by the month, in a city.
-- (The directory asks more of it, a title, a size and a rent; a wider test
-- here only bumps more often.)
CREATE TRIGGER tr_houses_dir_insert AFTER INSERT ON houses FOR EACH ROW
	IF NEW.status = 1 AND NEW.night_price_fen IS NULL AND
	   NEW.city_code IS NOT NULL THEN
		CALL dir_bump(NEW.city_code, NEW.province_code);
	END IF;

-- Any change of what a filter reads: shown or not (release time set or
-- not), the region, the title, the size, the rent, the type, the estate.
CREATE TRIGGER tr_houses_dir_update AFTER UPDATE ON houses FOR EACH ROW
BEGIN
	DECLARE was INT DEFAULT OLD.status = 1 AND
		OLD.night_price_fen IS NULL AND OLD.city_code IS NOT NULL;
	DECLARE now_is INT DEFAULT NEW.status = 1 AND
		NEW.night_price_fen IS NULL AND NEW.city_code IS NOT NULL;
	IF (was OR now_is) AND NOT (was <=> now_is AND
	    OLD.city_code <=> NEW.city_code AND
	    OLD.county_code <=> NEW.county_code AND
	    OLD.province_code <=> NEW.province_code AND
	    BINARY OLD.description_title <=> BINARY NEW.description_title AND
	    OLD.house_size <=> NEW.house_size AND
	    OLD.house_rent <=> NEW.house_rent AND
	    OLD.house_type_id <=> NEW.house_type_id AND
	    OLD.estate_id <=> NEW.estate_id AND
	    (OLD.release_time IS NULL) <=> (NEW.release_time IS NULL)) THEN
		IF was THEN
			CALL dir_bump(OLD.city_code, OLD.province_code);
		END IF;
		IF now_is AND NOT (was AND OLD.city_code <=> NEW.city_code) THEN
			CALL dir_bump(NEW.city_code, NEW.province_code);
		END IF;
	END IF;
END;

CREATE TRIGGER tr_houses_dir_delete AFTER DELETE ON houses FOR EACH ROW
	IF OLD.status = 1 AND OLD.night_price_fen IS NULL AND
	   OLD.city_code IS NOT NULL THEN
		CALL dir_bump(OLD.city_code, OLD.province_code);
	END IF;
