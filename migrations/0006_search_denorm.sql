-- What a search answers per listing, kept on the listing itself, so that
-- a page of results is read from the rows the search finds, without a
-- subquery per listing (measured with scripts/bench-search at 1,000,000
-- listings: the photo and publisher subqueries were a fifth of MariaDB's
-- time, the 5 km mix went from about 830 to 1,250 requests/s without them).
--
-- photo_urls: the urls of house_photos of the listing in upload order
-- (position, id), one per line (urls are the service's own names, without
-- line breaks); NULL when none.  app/media.c rewrites it in every
-- transaction that changes the listing's photos, under the listing's row
-- lock.  Up to max_photos (at most 1,000) urls of 255 bytes.
--
-- owner_type: the publisher's users.user_type; set by /house_create and
-- rewritten for all of a user's listings by /create_userinfo when it
-- changes, in the same transaction.
ALTER TABLE houses
	ADD COLUMN photo_urls MEDIUMTEXT NULL
		COMMENT 'house_photos urls in upload order, one per line',
	ADD COLUMN owner_type TINYINT NULL
		COMMENT 'users.user_type of the publisher';

UPDATE houses h SET
	photo_urls = (SELECT GROUP_CONCAT(p.url ORDER BY p.position, p.id
		SEPARATOR '\n') FROM house_photos p WHERE p.house_id = h.id),
	owner_type = (SELECT u.user_type FROM users u WHERE u.id = h.user_id);
