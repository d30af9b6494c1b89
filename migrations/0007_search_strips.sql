-- Searches by distance (app/search.c, near): strips of longitude 0.005
-- degree wide (about 0.43 to 0.51 km in China), NULL unless released, and
-- an index listing each strip by latitude with the coordinates and the
-- small columns most searches filter on.  The k nearest listings of a small
-- box are read from the few strips it spans, each from the box's south to
-- its north edge; the circle and those filters are checked inside the
-- index (index condition pushdown), so only the listings that pass are
-- looked up whole.  The spatial index of migration 0003, which has only
-- the box and looks every listing of it up, stays for wider boxes.
ALTER TABLE houses
	ADD COLUMN search_strip INT UNSIGNED AS (IF(status = 1
		AND longitude IS NOT NULL AND latitude IS NOT NULL,
		FLOOR((longitude + 180) * 200), NULL)) STORED
		COMMENT 'longitude strip of a released listing (app/search.c)',
	ADD KEY ix_houses_search_near (search_strip, latitude, id, longitude,
		house_rent, house_size, rent_room_type, rent_time_type,
		house_rooms);
