/* Unit tests for the directory's pure parts: the privilege matcher
 * (app/privileges.c), the page-link builder (app/directory/pages.c) and
 * the error object of validation failures (app/directory/envelope.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "directory/pages.h"
#include "privileges.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_privilege_match(void **state)
{
	static const struct {
		const char *pmethod, *prefix, *method, *path;
		int want;
	} vec[] = {
	        {"GET", "/api/tags/", "GET", "/api/tags/", 1},
	        {"GET", "/api/tags/", "GET", "/api/tags", 1},
	        {"GET", "/api/tags/", "GET", "/api/tags/7", 1},
	        {"GET", "/api/tags/", "GET", "/api/tags/7/", 1},
	        {"GET", "/api/tags/", "HEAD", "/api/tags/", 1},
	        {"GET", "/api/tags/", "POST", "/api/tags/", 0},
	        {"POST", "/api/tags/", "GET", "/api/tags/", 0},
	        {"HEAD", "/api/tags/", "HEAD", "/api/tags/", 0},
	        {"GET", "/api/tags/", "GET", "/api/tag", 0},
	        {"GET", "/api/tags/", "GET", "/api/tagsx", 0},
	        {"GET", "/api/tags/", "GET", "/api/", 0},
	        {"GET", "/api/tags/", "GET", "/api/tags//", 1},
	        {"GET", "/api/houseinfos/", "GET", "/api/houseinfos/3/photos/",
	         1},
	        {"GET", "/api/", "GET", "/api/estates/1", 1},
	        {"GET", "/api", "GET", "/apix", 1},
	        {"GET", "", "GET", "/api/tags/", 0},
	        {"get", "/api/tags/", "GET", "/api/tags/", 0},
	        {"DELETE", "/api/estates/", "DELETE", "/api/estates/12", 1},
	        {"PUT", "/api/estates/12", "PUT", "/api/estates/1", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(vec); i++)
		if (privileges_match(vec[i].pmethod, vec[i].prefix,
		                     vec[i].method, vec[i].path) != vec[i].want)
			fail_msg("%s %s vs %s %s: want %d", vec[i].pmethod,
			         vec[i].prefix, vec[i].method, vec[i].path,
			         vec[i].want);
}

static void
test_role_names(void **state)
{
	(void)state;
	assert_int_equal(privileges_role("anonymous"), ROLE_ANONYMOUS);
	assert_int_equal(privileges_role("user"), ROLE_USER);
	assert_int_equal(privileges_role("landlord"), ROLE_LANDLORD);
	assert_int_equal(privileges_role("agent"), ROLE_AGENT);
	assert_int_equal(privileges_role("admin"), ROLE_ADMIN);
	assert_int_equal(privileges_role("root"), 0);
	assert_int_equal(privileges_role(""), 0);
}

static void
test_page_links(void **state)
{
	static const struct {
		const char *query;
		long long page;
		const char *want;
	} vec[] = {
	        {"", 2, "B/api/tags/?page=2"},
	        {"", 1, "B/api/tags/"},
	        {"page=3", 2, "B/api/tags/?page=2"},
	        {"page=2", 1, "B/api/tags/"},
	        {"size=10&page=2", 3, "B/api/tags/?size=10&page=3"},
	        {"page=2&size=10", 1, "B/api/tags/?size=10"},
	        {"dist=440300&min_price=1000&page=2&_=99", 3,
	         "B/api/tags/?dist=440300&min_price=1000&_=99&page=3"},
	        {"title=%E6%B5%B7&page=2", 1, "B/api/tags/?title=%E6%B5%B7"},
	        {"%70age=4&x=1", 5, "B/api/tags/?x=1&page=5"},
	        {"pages=4", 2, "B/api/tags/?pages=4&page=2"},
	        {"a&&b=", 2, "B/api/tags/?a&b=&page=2"},
	        {"page", 2, "B/api/tags/?page=2"},
	};
	struct arena *a = arena_new();
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < NELEM(vec); i++) {
		got = dir_page_link(a, "B", "/api/tags/", vec[i].query,
		                    vec[i].page);
		if (strcmp(got, vec[i].want) != 0)
			fail_msg("%s, page %lld: got %s, want %s",
			         vec[i].query, vec[i].page, got, vec[i].want);
	}
	arena_free(a);
}

static void
test_field_errors(void **state)
{
	cJSON *o;
	char *s;

	(void)state;
	o = dir_field_errors("title: required; estates[2]: must be an integer "
	                     "between 1 and 9; tags: items must be distinct; "
	                     "title: must be 1 to 50 characters; body: must be "
	                     "an object; floor: 楼层不能高于总楼层。; "
	                     "longitude: must be a number between -180 and 180; "
	                     "photo: image/jpeg, image/png or image/webp only; "
	                     "latitude: must have at most 6 decimal places; ...");
	s = cJSON_PrintUnformatted(o);
	assert_string_equal(
	        s, "{\"title\":[\"该字段是必填项。\",\"确保该字段有 1 到 50 "
	           "个字符。\"],\"estates\":[\"请填写 1 到 9 "
	           "之间的合法整数值。\"],\"tags\":[\"列表中的项不能重复。\"],"
	           "\"non_field_errors\":[\"请填写一个对象。\"],\"floor\":["
	           "\"楼层不能高于总楼层。\"],\"longitude\":[\"请填写 -180 到 "
	           "180 之间的合法数字。\"],\"photo\":[\"只接受这些类型的文件："
	           "image/jpeg、image/png、image/webp。\"],\"latitude\":[\"确保小数"
	           "不超过 6 位。\"]}");
	cJSON_free(s);
	cJSON_Delete(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_privilege_match),
	        cmocka_unit_test(test_role_names),
	        cmocka_unit_test(test_page_links),
	        cmocka_unit_test(test_field_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
