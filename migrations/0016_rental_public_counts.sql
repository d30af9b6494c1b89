-- The count of rental's public room list (/open/houseshow, rental.md 3)
-- without counting: published rooms (status 1) by unit type (0: every
-- type), kept exact by triggers on rooms in every writing transaction, so
-- the list's cost follows its page, not the table (platform.md).  Each
-- trigger changes its rows in one statement, which locks them in key
-- order: two writers never wait on each other crosswise.  (Rows removed by
-- a foreign key's cascade fire no trigger: no route deletes a building or
-- a person; by hand, delete their rooms first, or re-run the UPDATE below.)
CREATE TABLE room_public_counts (
	unit_type TINYINT UNSIGNED NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (unit_type)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO room_public_counts (unit_type, n)
	SELECT 0, 0 UNION ALL SELECT 1, 0 UNION ALL SELECT 2, 0
	UNION ALL SELECT 3, 0 UNION ALL SELECT 4, 0 UNION ALL SELECT 5, 0
	UNION ALL SELECT 6, 0 UNION ALL SELECT 7, 0 UNION ALL SELECT 8, 0
	UNION ALL SELECT 9, 0;
UPDATE room_public_counts c SET n = (SELECT COUNT(*) FROM rooms r
	WHERE r.status = 1 AND (c.unit_type = 0 OR r.unit_type = c.unit_type));

CREATE TRIGGER tr_rooms_public_insert AFTER INSERT ON rooms FOR EACH ROW
	IF NEW.status = 1 THEN
		UPDATE room_public_counts SET n = n + 1
			WHERE unit_type IN (0, NEW.unit_type);
	END IF;

CREATE TRIGGER tr_rooms_public_update AFTER UPDATE ON rooms FOR EACH ROW
	IF (OLD.status = 1) <> (NEW.status = 1) OR
	   (NEW.status = 1 AND OLD.unit_type <> NEW.unit_type) THEN
		UPDATE room_public_counts SET n = n
			- IF(OLD.status = 1 AND unit_type IN (0, OLD.unit_type),
			     1, 0)
			+ IF(NEW.status = 1 AND unit_type IN (0, NEW.unit_type),
			     1, 0)
			WHERE unit_type IN (0, OLD.unit_type, NEW.unit_type);
	END IF;

CREATE TRIGGER tr_rooms_public_delete AFTER DELETE ON rooms FOR EACH ROW
	IF OLD.status = 1 THEN
		UPDATE room_public_counts SET n = n - 1
			WHERE unit_type IN (0, OLD.unit_type);
	END IF;
