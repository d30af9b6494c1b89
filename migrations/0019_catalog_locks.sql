-- One row a capped catalogue (house types, tags: directory.md 8, 11), locked
-- by a create before it counts: creates of one catalogue take turns on this
-- row instead of locking the whole table, whose gap locks deadlocked a
-- waiting create against the inserting one.
CREATE TABLE catalog_locks (
	name VARCHAR(16) CHARACTER SET ascii NOT NULL,
	PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

INSERT INTO catalog_locks (name) VALUES ('house_types'), ('tags');
