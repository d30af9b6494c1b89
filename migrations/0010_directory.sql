-- The real-estate directory (directory.md 12): login identities by name and
-- e-mail, roles and privileges as data, the login log, agents, estates,
-- house types, tags, and what a shared listing gains for them.

-- Login identities (directory.md 2).  The table's collation is
-- case-insensitive, so "JackFrued" and "jackfrued" are one username.
ALTER TABLE users
	ADD COLUMN username VARCHAR(20) NULL AFTER password_hash,
	ADD COLUMN email VARCHAR(254) NULL AFTER username,
	ADD UNIQUE KEY uq_users_username (username),
	ADD UNIQUE KEY uq_users_email (email);

-- Roles (directory.md 4).  The ids are fixed: the service names them.
-- anonymous and user are everyone's; admin is users.is_admin; landlord and
-- agent are rows of user_roles (landlord also users.user_type 1-3).
CREATE TABLE roles (
	id TINYINT UNSIGNED NOT NULL,
	name VARCHAR(16) CHARACTER SET ascii NOT NULL,
	title VARCHAR(16) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_roles_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO roles (id, name, title) VALUES
	(1, 'anonymous', '游客'), (2, 'user', '普通用户'),
	(3, 'landlord', '房东'), (4, 'agent', '经纪人'), (5, 'admin', '管理员');

CREATE TABLE user_roles (
	user_id BIGINT UNSIGNED NOT NULL,
	role_id TINYINT UNSIGNED NOT NULL,
	PRIMARY KEY (user_id, role_id),
	CONSTRAINT fk_user_roles_user FOREIGN KEY (user_id) REFERENCES users (id)
		ON DELETE CASCADE,
	CONSTRAINT fk_user_roles_role FOREIGN KEY (role_id) REFERENCES roles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A person who declares to let (QSZ user_type 1-3) is a landlord too,
-- without a row here: the privilege check reads users.user_type (no
-- trigger on users: one breaks the LAST_INSERT_ID(id) of the WeChat
-- login's upsert).

-- Privileges: a method and a URL prefix (directory.md 4).
CREATE TABLE privileges (
	id INT UNSIGNED NOT NULL AUTO_INCREMENT,
	method VARCHAR(7) CHARACTER SET ascii NOT NULL,
	prefix VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	description VARCHAR(100) NOT NULL DEFAULT '',
	PRIMARY KEY (id),
	UNIQUE KEY uq_privileges (method, prefix)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE role_privileges (
	role_id TINYINT UNSIGNED NOT NULL,
	privilege_id INT UNSIGNED NOT NULL,
	PRIMARY KEY (role_id, privilege_id),
	KEY ix_role_privileges_privilege (privilege_id),
	CONSTRAINT fk_role_privileges_role FOREIGN KEY (role_id)
		REFERENCES roles (id),
	CONSTRAINT fk_role_privileges_privilege FOREIGN KEY (privilege_id)
		REFERENCES privileges (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO privileges (method, prefix, description) VALUES
	('GET', '/api/districts/', '查看行政区域'),
	('GET', '/api/hotcities/', '查看热门城市'),
	('GET', '/api/agents/', '查看经理人'),
	('GET', '/api/estates/', '查看楼盘'),
	('GET', '/api/housetypes/', '查看户型'),
	('GET', '/api/houseinfos/', '查看房源'),
	('GET', '/api/tags/', '查看标签'),
	('POST', '/api/agents/', '新增经理人'),
	('PUT', '/api/agents/', '编辑经理人'),
	('DELETE', '/api/agents/', '删除经理人'),
	('POST', '/api/estates/', '新增楼盘'),
	('PUT', '/api/estates/', '编辑楼盘'),
	('DELETE', '/api/estates/', '删除楼盘'),
	('POST', '/api/housetypes/', '新增户型'),
	('PUT', '/api/housetypes/', '编辑户型'),
	('DELETE', '/api/housetypes/', '删除户型'),
	('POST', '/api/houseinfos/', '发布房源'),
	('PUT', '/api/houseinfos/', '编辑房源'),
	('DELETE', '/api/houseinfos/', '删除房源'),
	('POST', '/api/tags/', '新增标签'),
	('DELETE', '/api/tags/', '删除标签');

-- anonymous and user read everything.
INSERT INTO role_privileges (role_id, privilege_id)
	SELECT r.id, p.id FROM roles r JOIN privileges p
	WHERE r.name IN ('anonymous', 'user') AND p.method = 'GET';
-- Administrators write the catalogues.
INSERT INTO role_privileges (role_id, privilege_id)
	SELECT 5, p.id FROM privileges p WHERE p.method <> 'GET';
-- Landlords and agents write listings (the object rule decides which).
INSERT INTO role_privileges (role_id, privilege_id)
	SELECT r.id, p.id FROM roles r JOIN privileges p
	WHERE r.name IN ('landlord', 'agent')
	  AND p.prefix = '/api/houseinfos/' AND p.method <> 'GET';
-- Agents add tags.
INSERT INTO role_privileges (role_id, privilege_id)
	SELECT 4, p.id FROM privileges p
	WHERE p.prefix = '/api/tags/' AND p.method = 'POST';

-- Every directory login attempt: who (when known), from where, when, how it
-- ended.  Never the name, mobile or e-mail typed.
CREATE TABLE login_log (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	user_id BIGINT UNSIGNED NULL,
	ip VARCHAR(45) CHARACTER SET ascii NOT NULL,
	at DATETIME NOT NULL,
	outcome TINYINT NOT NULL COMMENT '0 success, 1 wrong, 2 locked out',
	method TINYINT NOT NULL COMMENT '1 password, 2 SMS code',
	PRIMARY KEY (id),
	KEY ix_login_log_user (user_id, at),
	KEY ix_login_log_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Districts (directory.md 5): an introduction of each region.
ALTER TABLE regions ADD COLUMN intro VARCHAR(2000) NOT NULL DEFAULT '';
UPDATE regions SET intro = '位于中国西南地区内陆，东连重庆，南邻云南、贵州，西接西藏，北界陕西、甘肃、青海，四川省总面积48.6万平方千米，省会成都。截至2018年底，四川省下辖18个省辖市，3个自治州，17个县级市，108个县，4个自治县，54个市辖区。'
	WHERE code = 510000;

-- Agents (经理人, directory.md 6), linked to at most one account.
CREATE TABLE agents (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	name VARCHAR(30) NOT NULL,
	tel VARCHAR(20) CHARACTER SET ascii NOT NULL,
	servstar TINYINT UNSIGNED NOT NULL DEFAULT 0,
	realstar TINYINT UNSIGNED NOT NULL DEFAULT 0,
	profstar TINYINT UNSIGNED NOT NULL DEFAULT 0,
	certificated TINYINT NOT NULL DEFAULT 0,
	user_id BIGINT UNSIGNED NULL COMMENT 'the account acting as this agent',
	PRIMARY KEY (id),
	UNIQUE KEY uq_agents_user (user_id),
	KEY ix_agents_star (servstar, id),
	KEY ix_agents_name (name),
	CONSTRAINT fk_agents_user FOREIGN KEY (user_id) REFERENCES users (id)
		ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Estates (楼盘, directory.md 7) in a county (or a city without counties),
-- with the city and province filled from the region table.
CREATE TABLE estates (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	district_code INT UNSIGNED NOT NULL,
	city_code INT UNSIGNED NOT NULL,
	province_code INT UNSIGNED NOT NULL,
	name VARCHAR(50) NOT NULL,
	hot INT UNSIGNED NOT NULL DEFAULT 0,
	intro VARCHAR(511) NOT NULL DEFAULT '',
	PRIMARY KEY (id),
	UNIQUE KEY uq_estates_name (district_code, name),
	KEY ix_estates_hot (hot, id),
	KEY ix_estates_city (city_code, hot, id),
	KEY ix_estates_province (province_code, hot, id),
	CONSTRAINT fk_estates_district FOREIGN KEY (district_code)
		REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agent_estates (
	agent_id BIGINT UNSIGNED NOT NULL,
	estate_id BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (agent_id, estate_id),
	KEY ix_agent_estates_estate (estate_id, agent_id),
	CONSTRAINT fk_agent_estates_agent FOREIGN KEY (agent_id)
		REFERENCES agents (id) ON DELETE CASCADE,
	CONSTRAINT fk_agent_estates_estate FOREIGN KEY (estate_id)
		REFERENCES estates (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- House types (户型) and tags (标签): shared catalogues.
CREATE TABLE house_types (
	id INT UNSIGNED NOT NULL AUTO_INCREMENT,
	name VARCHAR(20) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_house_types_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tags (
	id INT UNSIGNED NOT NULL AUTO_INCREMENT,
	content VARCHAR(20) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_tags_content (content)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a shared listing gains (directory.md 9, 12).  Deleting a type, an
-- estate or an agent leaves its listings without one.
ALTER TABLE houses
	ADD COLUMN house_type_id INT UNSIGNED NULL,
	ADD COLUMN estate_id BIGINT UNSIGNED NULL,
	ADD COLUMN agent_id BIGINT UNSIGNED NULL,
	ADD COLUMN has_subway TINYINT NULL
		COMMENT 'NULL: whether subway_station_code is set',
	ADD COLUMN has_agent_fees TINYINT NOT NULL DEFAULT 0,
	ADD CONSTRAINT fk_houses_type FOREIGN KEY (house_type_id)
		REFERENCES house_types (id) ON DELETE SET NULL,
	ADD CONSTRAINT fk_houses_estate FOREIGN KEY (estate_id)
		REFERENCES estates (id) ON DELETE SET NULL,
	ADD CONSTRAINT fk_houses_agent FOREIGN KEY (agent_id)
		REFERENCES agents (id) ON DELETE SET NULL;

CREATE TABLE house_tags (
	house_id BIGINT UNSIGNED NOT NULL,
	tag_id INT UNSIGNED NOT NULL,
	PRIMARY KEY (house_id, tag_id),
	KEY ix_house_tags_tag (tag_id),
	CONSTRAINT fk_house_tags_house FOREIGN KEY (house_id)
		REFERENCES houses (id) ON DELETE CASCADE,
	CONSTRAINT fk_house_tags_tag FOREIGN KEY (tag_id)
		REFERENCES tags (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The main photo of a listing (directory.md 10): at most one per house,
-- kept so by the service.
ALTER TABLE house_photos
	ADD COLUMN is_main TINYINT NOT NULL DEFAULT 0;
