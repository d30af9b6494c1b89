/* zufang-admin demo-data (directory.md 2): the document's four accounts
 * and jackfrued's seed of the directory (his fangtx_init.sql in
 * Python-100-Days: house types, tags, agents, Shenzhen estates, their
 * links, nine listings with tags), loaded by name: what exists is kept,
 * so a second run changes nothing.  A command of the CLI, like admin.c:
 * its statements are its own. */
#include <stdio.h>
#include <string.h>

#include "accounts.h"
#include "app.h"
#include "crypto.h"
#include "demo.h"
#include "privileges.h"

enum {
	D_USER_ID,
	D_FREE,
	D_USER_INSERT,
	D_ROLE_ADD,
	D_ADMIN_SET,
	D_TYPE,
	D_TAG,
	D_AGENT,
	D_ESTATE,
	D_AGENT_ESTATE,
	D_HOUSE,
	D_HOUSE_TAG,
	D__MAX
};

/* The owner of the demo listings. */
#define OWNER "wuzetian"

static const char *const demo_sql[D__MAX] = {
        [D_USER_ID] = "SELECT id FROM users WHERE username = ?",
        /* mobile, e-mail: is either taken? */
        [D_FREE] = "SELECT (SELECT COUNT(*) FROM users WHERE mobile = ?), "
                   "(SELECT COUNT(*) FROM users WHERE email = ?)",
        [D_USER_INSERT] = "INSERT INTO users (username, mobile, email, "
                          "password_hash, nickname) VALUES (?, ?, ?, ?, ?)",
        [D_ROLE_ADD] = "INSERT IGNORE INTO user_roles (user_id, role_id) "
                       "VALUES (?, ?)",
        [D_ADMIN_SET] = "UPDATE users SET is_admin = 1 WHERE id = ?",
        [D_TYPE] = "INSERT INTO house_types (name) SELECT ? FROM DUAL "
                   "WHERE NOT EXISTS (SELECT 1 FROM house_types "
                   "WHERE name = ?)",
        [D_TAG] = "INSERT INTO tags (content) SELECT ? FROM DUAL "
                  "WHERE NOT EXISTS (SELECT 1 FROM tags WHERE content = ?)",
        [D_AGENT] = "INSERT INTO agents (name, tel, servstar, realstar, "
                    "profstar, certificated) SELECT ?, ?, ?, ?, ?, ? "
                    "FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM agents "
                    "WHERE name = ?)",
        /* name, hot, county (twice), name: the city and province from the
         * region table. */
        [D_ESTATE] = "INSERT INTO estates (name, hot, district_code, "
                     "city_code, province_code) SELECT ?, ?, r.code, "
                     "c.code, c.parent_code FROM regions r "
                     "JOIN regions c ON c.code = r.parent_code "
                     "WHERE r.code = ? AND NOT EXISTS (SELECT 1 FROM "
                     "estates e WHERE e.district_code = ? AND e.name = ?)",
        /* agent name, estate name, its county: the first agent of the
         * name. */
        [D_AGENT_ESTATE] = "INSERT IGNORE INTO agent_estates (agent_id, "
                           "estate_id) SELECT (SELECT MIN(a.id) FROM agents "
                           "a WHERE a.name = ?), e.id FROM estates e "
                           "WHERE e.name = ? AND e.district_code = ?",
        /* A released monthly listing of the owner, as the directory
         * writes one (directory.md 12): isshared (room type), area,
         * floor (QSZ's text), direction, price, title, detail, total
         * floors, pubdate (China time), street, agent name, hassubway,
         * hasagentfees, county, type name, estate name, title again. */
        [D_HOUSE] =
                "INSERT INTO houses (user_id, status, province_code, "
                "province_name, city_code, city_name, county_code, "
                "county_name, district_name, location, rent_time_type, "
                "rent_room_type, house_size, house_type, house_floor, "
                "house_direction, house_rent, description_title, "
                "description, all_floor, release_time, address, "
                "house_type_id, estate_id, agent_id, has_subway, "
                "has_agent_fees, owner_type) "
                "SELECT u.id, 1, p.code, p.name, c.code, c.name, r.code, "
                "r.name, e.name, POINT(0, 0), 2, IF(?, 2, 1), ?, t.name, ?, "
                "?, ?, ?, ?, ?, CAST(? AS DATETIME) - INTERVAL 8 HOUR, ?, "
                "t.id, e.id, (SELECT MIN(a.id) FROM agents a "
                "WHERE a.name = ?), ?, ?, u.user_type "
                "FROM users u JOIN regions r ON r.code = ? "
                "JOIN regions c ON c.code = r.parent_code "
                "JOIN regions p ON p.code = c.parent_code "
                "JOIN house_types t ON t.name = ? "
                "LEFT JOIN estates e ON e.district_code = r.code AND "
                "e.name = ? "
                "WHERE u.username = '" OWNER "' AND NOT EXISTS (SELECT 1 "
                "FROM houses h WHERE h.user_id = u.id AND "
                "h.description_title = ?)",
        /* tag, listing title */
        [D_HOUSE_TAG] = "INSERT IGNORE INTO house_tags (house_id, tag_id) "
                        "SELECT h.id, t.id FROM houses h "
                        "JOIN users u ON u.id = h.user_id "
                        "JOIN tags t ON t.content = ? "
                        "WHERE u.username = '" OWNER "' AND "
                        "h.description_title = ?",
};

/* The document's accounts (its table of 预设账号) with the mobiles,
 * e-mails and real names of jackfrued's tb_user.  PUBLIC passwords. */
static const struct {
	const char *name, *password, *mobile, *email, *realname;
	int role;
} users[] = {
        {"jackfrued", "123456", "13512345678", "jackfrued@126.com", "骆昊",
         ROLE_ADMIN},
        {"wangdachui", "123123", "13811223344", "wangdachui@qq.com", "王大锤",
         ROLE_USER},
        {"hellokitty", "123123", "13800112233", "baiyuanfang@163.com", "白元芳",
         ROLE_AGENT},
        {OWNER, "123456", "13190908080", "13190908080@163.com", "武则天",
         ROLE_LANDLORD},
};

static const char *const types[] = {"单间",     "一室一厅", "两室一厅",
                                    "两室两厅", "三室一厅", "三室两厅",
                                    "四室两厅", "别墅",     "其他"};

static const char *const tags[] = {"家电齐全", "拎包入住", "豪华装修",
                                   "配套齐全", "随时入住", "交通便利",
                                   "阳光充足", "地铁沿线"};

static const struct {
	const char *name, *tel;
	int serv, real, prof, cert;
} agents[] = {
        {"袁晓孟", "158173555285", 5, 4, 4, 1},
        {"杨伟", "13352939550", 3, 4, 2, 0},
        {"谭笛", "13088898249", 5, 4, 5, 1},
        {"郭志鹏", "13686810707", 4, 4, 4, 1},
        {"宋伟英", "13713584047", 5, 5, 5, 1},
        {"肖利丽", "13040813886", 4, 4, 4, 0},
        {"赵嘉茵", "15889757173", 4, 4, 4, 1},
};

/* 罗湖区 440303, 福田区 440304, 宝安区 440306. */
static const struct {
	int county;
	const char *name;
	int hot;
} estates[] = {
        {440303, "今日家园", 20},     {440303, "翡翠园", 30},
        {440304, "万科城市花园", 22}, {440306, "万象新天", 28},
        {440306, "汇庭居", 35},       {440303, "幸福里", 300},
        {440303, "信兴广场", 77},     {440303, "罗湖大厦", 50},
        {440303, "中海天钻", 68},     {440306, "宏发前城一期", 15},
        {440306, "灵芝新村", 20},     {440303, "名仕阁", 90},
        {440303, "太白居", 66},       {440303, "都市名园", 15},
        {440303, "骏庭名园", 12},     {440303, "金豪花园", 6},
};

/* Agent and estate, by their indexes above (his tb_agent_estate). */
static const struct {
	int agent, estate;
} agent_estates[] = {
        {0, 0}, {0, 1}, {0, 2}, {1, 3}, {1, 5},  {2, 2}, {2, 4},
        {3, 5}, {3, 6}, {4, 6}, {4, 9}, {5, 10}, {6, 7}, {6, 8},
};

#define XINGFULI_DETAIL                                                                                          \
	"罗湖口岸紧挨万象城金光华国贸等大型购物商场前面是各种奢侈品舰店旁边是" \
	"深圳六"                                                                                              \
	"酒店（君悦酒店），周围还聚集了中国招商工商建设等银行."                        \
	"滨河高中等。是深圳的地"                                                                      \
	"段。幸福里户型方正互不遮挡带有花园式小区会所泳池健身房等设施。"

/* His tb_house_info; type, estate and agent by index above, tags by his
 * tag ids (1-8, 0 ends the list).  Two of
 * his rows name an estate of another county than the listing's (7: 宏发前城
 * 一期 for a 幸福里 flat, 8: 翡翠园 for a 前城 one); here each has the estate
 * its title names, in its county, as the directory requires. */
static const struct {
	const char *title;
	int area, floor, totalfloor;
	const char *direction;
	int price;
	const char *detail, *pubdate, *street;
	int subway, shared, agentfees, type, county, estate, agent;
	int tags[5];
} houses[] = {
        {"113平米采光好,拎包随时就可以入住!",
         113,
         15,
         32,
         "朝东南",
         9800,
         "拥有以上的绿化率，堪称天然氧吧，有客户称在此园能多活几十年。有专门到"
         "达公交车站，上班方便。这套房子是东南向向的2房，户型超好，大厅主卧朝"
         "向合理，每个房间都很大，客厅空间很大，敞亮，采光相当好，从太阳升起"
         "来到落下一直都有采光。",
         "2018-12-28 23:04:13",
         "深南东道5002号",
         0,
         0,
         1,
         5,
         440303,
         6,
         4,
         {1, 3, 4}},
        {"万象城旁,君悦酒店隔壁。幸福里精装三房,南北通透,拎包入住",
         146,
         10,
         49,
         "朝东南",
         22000,
         XINGFULI_DETAIL,
         "2018-12-28 22:58:33",
         "宝安南路1881号",
         1,
         0,
         1,
         4,
         440303,
         5,
         3,
         {1, 2, 6}},
        {"中海天钻 精装3房2卫 租金13000起 近幸福里 万象城",
         100,
         10,
         30,
         "朝南",
         13000,
         "本项目为深圳市鹿丹村旧改项目，罗湖区万象城，项目周边配套成熟完善，"
         "项目南侧为香港米铺保护区，自然景观资源优越。",
         "2018-12-28 23:22:02",
         "桂园街道滨河路与红岭路交汇处东南侧",
         1,
         0,
         1,
         3,
         440303,
         8,
         6,
         {2, 3, 5, 6, 7}},
        {"地铁9号。靠罗湖口岸,周边出行方便",
         40,
         20,
         35,
         "朝南",
         5000,
         "房子中层，南向，装修很好，家私家电全部配齐而且都是新的，只要带衣服"
         "入住就行了。",
         "2018-12-28 23:14:00",
         "罗湖东门建设路",
         1,
         0,
         1,
         2,
         440303,
         7,
         5,
         {2, 4, 6}},
        {"幸福里精装三房,拎包入住!万象城旁,近口岸",
         143,
         15,
         49,
         "朝南",
         21000,
         XINGFULI_DETAIL,
         "2018-12-28 23:19:48",
         "宝安南路1881号",
         1,
         0,
         1,
         4,
         440303,
         5,
         5,
         {3, 5, 7}},
        {"幸福里豪宅 精装修家私全齐两房 看房方便 万象城商圈",
         95,
         12,
         35,
         "朝北",
         17000,
         "小区介绍幸福里位于万象城南侧，是华润中心的住宅部分，具备商务特征的"
         "城市资源高尚住宅。",
         "2018-12-28 23:17:53",
         "宝安南路1881号",
         1,
         0,
         1,
         2,
         440303,
         5,
         3,
         {4, 5}},
        {"幸福里豪宅,豪华欧式全新三房,拎包入住",
         143,
         9,
         49,
         "朝南",
         24000,
         XINGFULI_DETAIL,
         "2018-12-28 23:09:51",
         "宝安南路1881号",
         1,
         0,
         1,
         4,
         440303,
         5,
         2,
         {4, 7}},
        {"前城 豪华装修大三房 家私电器全齐 户型优雅",
         89,
         10,
         30,
         "朝东南",
         6200,
         "宝安一号线好楼盘，全新出租住起来超舒服便利的楼盘，可随时入住，正规"
         "三房两卫，全新简欧装修，标准空房自己任性搭配。",
         "2018-12-28 23:34:01",
         "深圳宝安大道与海城路交汇处",
         1,
         1,
         1,
         3,
         440306,
         9,
         1,
         {0}},
        {"灵芝新村,精装三房,灵芝公园,5号环中线灵芝地铁站",
         86,
         10,
         30,
         "朝南",
         5300,
         "大型小区，生活气氛浓厚。前进路旁边，前后双公园（灵芝公园，新安公园"
         "）近灵芝地铁口，交通便利。该物业位于宝安老城区位置，待拆迁物业。",
         "2018-12-28 23:36:16",
         "前进路和兴华二路交汇处",
         1,
         1,
         1,
         5,
         440306,
         10,
         2,
         {0}},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Counts of what this run made, for the summary. */
struct made {
	unsigned long users, types, tags, agents, estates, links, houses,
	        house_tags;
};

static int
run(struct db *d, unsigned q, const struct db_val *a, size_t n,
    unsigned long *count)
{
	uint64_t k = 0;
	int rc = db_exec(d, q, a, n, NULL, &k, NULL);

	if (rc != DB_OK)
		fprintf(stderr,
		        "zufang-admin: demo-data: statement %u failed\n", q);
	else if (count != NULL)
		*count += (unsigned long)k;
	return rc;
}

/* One demo account, made when its username is free, with its mobile and
 * e-mail where still free and its role. */
static int
load_user(struct db *d, size_t i, struct made *m)
{
	char hash[CRYPTO_PWHASH_STRBYTES];
	struct crypto_pwparams pp;
	struct db_res *rows = NULL;
	struct db_val a[5];
	uint64_t id = 0;
	int rc = DB_ERR;

	a[0] = DB_STR(users[i].name);
	if (db_exec(d, D_USER_ID, a, 1, &rows, NULL, NULL) != DB_OK)
		goto out;
	if (rows->nrows > 0) {
		rc = DB_OK; /* kept as it is */
		goto out;
	}
	db_res_free(rows);
	rows = NULL;
	a[0] = DB_STR(users[i].mobile);
	a[1] = DB_STR(users[i].email);
	if (db_exec(d, D_FREE, a, 2, &rows, NULL, NULL) != DB_OK)
		goto out;
	/* The demo's passwords are shorter than `user add` allows: set
	 * directly, as the document has them. */
	accounts_pwparams(&pp);
	if (crypto_pwhash_new(users[i].password, strlen(users[i].password), &pp,
	                      hash) < 0)
		goto out;
	a[0] = DB_STR(users[i].name);
	a[1] = db_int(rows, 0, 0, 1) ? DB_NULLV : DB_STR(users[i].mobile);
	a[2] = db_int(rows, 0, 1, 1) ? DB_NULLV : DB_STR(users[i].email);
	a[3] = DB_STR(hash);
	a[4] = DB_STR(users[i].realname);
	if (db_exec(d, D_USER_INSERT, a, 5, NULL, NULL, &id) != DB_OK)
		goto out;
	m->users++;
	a[0] = DB_INT((long long)id);
	a[1] = DB_INT(users[i].role);
	if (users[i].role == ROLE_ADMIN)
		rc = run(d, D_ADMIN_SET, a, 1, NULL);
	else if (users[i].role != ROLE_USER)
		rc = run(d, D_ROLE_ADD, a, 2, NULL);
	else
		rc = DB_OK;
out:
	crypto_wipe(hash, sizeof(hash));
	db_res_free(rows);
	return rc;
}

static int
load(struct db *d, struct made *m)
{
	struct db_val a[17];
	unsigned long made;
	size_t i, j;

	for (i = 0; i < N(users); i++)
		if (load_user(d, i, m) != DB_OK)
			return -1;
	for (i = 0; i < N(types); i++) {
		a[0] = a[1] = DB_STR(types[i]);
		if (run(d, D_TYPE, a, 2, &m->types) != DB_OK)
			return -1;
	}
	for (i = 0; i < N(tags); i++) {
		a[0] = a[1] = DB_STR(tags[i]);
		if (run(d, D_TAG, a, 2, &m->tags) != DB_OK)
			return -1;
	}
	for (i = 0; i < N(agents); i++) {
		a[0] = DB_STR(agents[i].name);
		a[1] = DB_STR(agents[i].tel);
		a[2] = DB_INT(agents[i].serv);
		a[3] = DB_INT(agents[i].real);
		a[4] = DB_INT(agents[i].prof);
		a[5] = DB_INT(agents[i].cert);
		a[6] = DB_STR(agents[i].name);
		if (run(d, D_AGENT, a, 7, &m->agents) != DB_OK)
			return -1;
	}
	for (i = 0; i < N(estates); i++) {
		a[0] = DB_STR(estates[i].name);
		a[1] = DB_INT(estates[i].hot);
		a[2] = DB_INT(estates[i].county);
		a[3] = DB_INT(estates[i].county);
		a[4] = DB_STR(estates[i].name);
		if (run(d, D_ESTATE, a, 5, &m->estates) != DB_OK)
			return -1;
	}
	for (i = 0; i < N(agent_estates); i++) {
		a[0] = DB_STR(agents[agent_estates[i].agent].name);
		a[1] = DB_STR(estates[agent_estates[i].estate].name);
		a[2] = DB_INT(estates[agent_estates[i].estate].county);
		if (run(d, D_AGENT_ESTATE, a, 3, &m->links) != DB_OK)
			return -1;
	}
	for (i = 0; i < N(houses); i++) {
		char floor[12];

		snprintf(floor, sizeof(floor), "%d", houses[i].floor);
		a[0] = DB_INT(houses[i].shared);
		a[1] = DB_INT(houses[i].area);
		a[2] = DB_STR(floor);
		a[3] = DB_STR(houses[i].direction);
		a[4] = DB_INT(houses[i].price);
		a[5] = DB_STR(houses[i].title);
		a[6] = DB_STR(houses[i].detail);
		a[7] = DB_INT(houses[i].totalfloor);
		a[8] = DB_STR(houses[i].pubdate);
		a[9] = DB_STR(houses[i].street);
		a[10] = DB_STR(agents[houses[i].agent].name);
		a[11] = DB_INT(houses[i].subway);
		a[12] = DB_INT(houses[i].agentfees);
		a[13] = DB_INT(houses[i].county);
		a[14] = DB_STR(types[houses[i].type]);
		a[15] = DB_STR(estates[houses[i].estate].name);
		a[16] = DB_STR(houses[i].title);
		made = 0;
		if (run(d, D_HOUSE, a, 17, &made) != DB_OK)
			return -1;
		m->houses += made;
		/* Tags go with a listing made now; a kept one keeps its own. */
		for (j = 0;
		     made && j < N(houses[i].tags) && houses[i].tags[j] != 0;
		     j++) {
			a[0] = DB_STR(tags[houses[i].tags[j] - 1]);
			a[1] = DB_STR(houses[i].title);
			if (run(d, D_HOUSE_TAG, a, 2, &m->house_tags) != DB_OK)
				return -1;
		}
	}
	return 0;
}

int
demo_load(void)
{
	struct db *d = app_db_new(demo_sql, D__MAX, 30, 0);
	struct made m = {0};
	int rc = 1;

	if (db_begin(d) != DB_OK || load(d, &m) < 0 || db_commit(d) != DB_OK) {
		db_rollback(d);
		fprintf(stderr, "zufang-admin: demo-data: nothing loaded\n");
		goto out;
	}
	printf("demo-data: made %lu accounts, %lu house types, %lu tags, "
	       "%lu agents, %lu estates, %lu agent-estate links, %lu "
	       "listings, %lu listing tags\n",
	       m.users, m.types, m.tags, m.agents, m.estates, m.links, m.houses,
	       m.house_tags);
	rc = 0;
out:
	db_free(d);
	return rc;
}
