-- Rooms of a building by unit type in name order whatever their status
-- (/build/house/{type}/.../9), and published rooms of one unit type newest
-- first (/open/houseshow with unitType): pages read in index order, no
-- filesort, and their counts over the same index ranges.
ALTER TABLE rooms
	ADD KEY ix_rooms_type (building_id, unit_type, name),
	ADD KEY ix_rooms_public_type (status, unit_type, id);
