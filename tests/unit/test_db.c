/* Unit tests for lib/db.c's host list (db_hosts: the nodes of a Galera
 * cluster, tried in turn) and the retry rule of db_tx_again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"

static struct db_host h[DB_MAX_HOSTS];
static char err[256];

static int
parse(const char *list)
{
	memset(h, 0, sizeof(h));
	err[0] = '\0';
	return db_hosts_parse(list, h, DB_MAX_HOSTS, err, sizeof(err));
}

static void
test_hosts_in_order(void **state)
{
	(void)state;
	assert_int_equal(parse("10.0.0.1:3306,10.0.0.2:3307,db3:3308"), 3);
	assert_string_equal(h[0].name, "10.0.0.1");
	assert_int_equal(h[0].port, 3306);
	assert_string_equal(h[1].name, "10.0.0.2");
	assert_int_equal(h[1].port, 3307);
	assert_string_equal(h[2].name, "db3");
	assert_int_equal(h[2].port, 3308);
}

static void
test_default_port_and_spaces(void **state)
{
	(void)state;
	assert_int_equal(parse(" db1 , db-2.example.org:4000 "), 2);
	assert_string_equal(h[0].name, "db1");
	assert_int_equal(h[0].port, 3306);
	assert_string_equal(h[1].name, "db-2.example.org");
	assert_int_equal(h[1].port, 4000);
}

static void
test_ipv6_in_brackets(void **state)
{
	(void)state;
	assert_int_equal(parse("[::1]:3310,[fd00::2]"), 2);
	assert_string_equal(h[0].name, "::1");
	assert_int_equal(h[0].port, 3310);
	assert_string_equal(h[1].name, "fd00::2");
	assert_int_equal(h[1].port, 3306);
}

static void
test_empty_list_is_no_host(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse("   "), 0);
}

static void
test_bad_entries_refused(void **state)
{
	static const char *const bad[] = {
	        "db1,,db2",  /* empty entry */
	        "db1,",      /* trailing comma */
	        ":3306",     /* no host */
	        "db1:",      /* no port */
	        "db1:0",     /* port 0 */
	        "db1:65536", /* port too big */
	        "db1:99999999999999999999",
	        "db1:33a6", /* not a number */
	        "db1:-1",
	        "::1:3306",    /* IPv6 without brackets */
	        "[::1",        /* no ] */
	        "[::1]x",      /* junk after ] */
	        "[]:3306",     /* empty address */
	        "db 1:3306",   /* a space in the name */
	        "db1;rm:3306", /* not a host character */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i]) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(err[0] != '\0');
	}
}

static void
test_too_many_hosts(void **state)
{
	char list[256];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i <= DB_MAX_HOSTS; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%sh:1",
		                      i ? "," : "");
	assert_true(n < sizeof(list));
	assert_int_equal(parse(list), -1);
	assert_non_null(strstr(err, "more than"));
}

static void
test_name_too_long(void **state)
{
	char list[400];

	(void)state;
	memset(list, 'a', 300);
	list[300] = '\0';
	assert_int_equal(parse(list), -1);
}

/* db_tx_again without a connection: DB_RETRY and a lost statement run
 * again, other errors and the last attempt do not. */
static void
test_tx_again_rule(void **state)
{
	struct db_conf c = {.socket = "/nonexistent"};
	struct db *d = db_new(&c, NULL, 0);

	(void)state;
	assert_int_equal(db_tx_again(d, DB_RETRY, 0), 1);
	assert_int_equal(db_tx_again(d, DB_GONE, 1), 1);
	assert_int_equal(db_tx_again(d, DB_ERR, 0), 0);
	assert_int_equal(db_tx_again(d, DB_DUP, 0), 0);
	assert_int_equal(db_tx_again(d, DB_RETRY, DB_TX_TRIES - 1), 0);
	db_free(d);
}

/* What may run again after its connection broke mid-statement. */
static void
test_reads_only(void **state)
{
	(void)state;
	assert_int_equal(db_sql_reads_only("SELECT id FROM houses"), 1);
	assert_int_equal(db_sql_reads_only("\n  select\tid FROM t"), 1);
	assert_int_equal(db_sql_reads_only("(SELECT 1) UNION (SELECT 2)"), 1);
	assert_int_equal(db_sql_reads_only("WITH a AS (SELECT 1) SELECT * "
	                                   "FROM a"),
	                 1);
	assert_int_equal(db_sql_reads_only("SELECT id FROM t WHERE "
	                                   "format = 'x'"),
	                 1);
	assert_int_equal(db_sql_reads_only("SELECT id FROM t FOR UPDATE"), 0);
	assert_int_equal(db_sql_reads_only("SELECT id FROM t for\n update"),
	                 0);
	assert_int_equal(db_sql_reads_only("UPDATE t SET a = 1"), 0);
	assert_int_equal(db_sql_reads_only("INSERT INTO t SELECT 1"), 0);
	assert_int_equal(db_sql_reads_only("DELETE FROM t RETURNING id"), 0);
	assert_int_equal(db_sql_reads_only("SELECTX"), 0);
	assert_int_equal(db_sql_reads_only(""), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_hosts_in_order),
	        cmocka_unit_test(test_default_port_and_spaces),
	        cmocka_unit_test(test_ipv6_in_brackets),
	        cmocka_unit_test(test_empty_list_is_no_host),
	        cmocka_unit_test(test_bad_entries_refused),
	        cmocka_unit_test(test_too_many_hosts),
	        cmocka_unit_test(test_name_too_long),
	        cmocka_unit_test(test_tx_again_rule),
	        cmocka_unit_test(test_reads_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
