-- Search (qsz.md 4: /search_house, app/search.c).
--
-- search_cell is the grid cell of a released listing and NULL for any other
-- status, so the indexes below hold only what a search may answer.  A cell
-- is 0.5 degree of latitude by 0.5 degree of longitude (about 55 by 40 to
-- 48 km in China, so most search circles lie in one); app/search.c
-- (search.h) computes the same numbers for the cells a circle touches.
--
-- Each ix_houses_search_* index lists a cell in one sort order, ties by id,
-- with the coordinates and the small columns most searches filter on, so
-- that the circle and those filters are checked inside the index (index
-- condition pushdown) before a row is read, and a search reads the first
-- rows of each cell it touches in order, not every row of the circle.
-- Sorting by distance uses the spatial index of migration 0003.
ALTER TABLE houses
	ADD COLUMN search_cell INT UNSIGNED AS (IF(status = 1
		AND longitude IS NOT NULL AND latitude IS NOT NULL,
		FLOOR((latitude + 90) * 2) * 721 + FLOOR((longitude + 180) * 2),
		NULL)) STORED
		COMMENT 'grid cell of a released listing (app/search.c)',
	ADD KEY ix_houses_search_rent (search_cell, house_rent, id, latitude,
		longitude, house_size, rent_room_type, rent_time_type,
		house_rooms),
	ADD KEY ix_houses_search_rent_desc (search_cell, house_rent DESC,
		id DESC, latitude, longitude, house_size, rent_room_type,
		rent_time_type, house_rooms),
	ADD KEY ix_houses_search_new (search_cell, release_time DESC, id DESC,
		latitude, longitude, house_rent, house_size, rent_room_type,
		rent_time_type, house_rooms),
	ADD KEY ix_houses_search_praise (search_cell, praise_count DESC,
		id DESC, latitude, longitude, house_rent, house_size,
		rent_room_type, rent_time_type, house_rooms),
	ADD KEY ix_houses_search_size (search_cell, house_size, id, latitude,
		longitude, house_rent, rent_room_type, rent_time_type,
		house_rooms);

-- The photos of a page of results in one index range per listing, without
-- reading the rows: the index of migration 0003 (house_id, position) with
-- the id and the url added, replacing it.
ALTER TABLE house_photos
	ADD KEY ix_house_photos_list (house_id, position, id, url),
	DROP KEY ix_house_photos_house;
