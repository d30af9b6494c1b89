/* zufang-admin listings reported|show|pulloff|dismiss: the console's
 * Reports tab from the command line, through the same domain functions
 * (reports.c, houses.c), so a decision here is recorded like one there,
 * its admin_id NULL (the machine's operator has no account). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "admin_db.h"
#include "admin_listings.h"
#include "app.h"
#include "houses.h"
#include "reports.h"
#include "valid.h"

static int
listings_usage(void)
{
	fprintf(stderr,
	        "usage: zufang-admin listings reported\n"
	        "       zufang-admin listings show LISTING_ID\n"
	        "       zufang-admin listings pulloff LISTING_ID --reason TEXT\n"
	        "       zufang-admin listings dismiss LISTING_ID\n"
	        "       TEXT 1-200 characters, shown to the owner\n");
	return 2;
}

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* Every listing with open reports, oldest report first: ID OWNER STATUS
 * OPEN_REPORTS SINCE TITLE LAST_REASON, tab-separated. */
static int
reported(void)
{
	struct db_res *rows = NULL;
	long long total, off;
	size_t i, n;

	for (off = 0;; off += 100) {
		if (reports_queue(off, 100, &total, &rows) != ST_OK) {
			fprintf(stderr, "zufang-admin: cannot read the "
			                "reports\n");
			return 1;
		}
		for (i = 0; i < rows->nrows; i++)
			printf("%lld\t%lld\t%lld\t%lld\t%s\t%s\t%s\n",
			       db_int(rows, i, RQ_HOUSE, 0),
			       db_int(rows, i, RQ_OWNER, 0),
			       db_int(rows, i, RQ_STATUS, 0),
			       db_int(rows, i, RQ_OPEN, 0),
			       or_empty(db_str(rows, i, RQ_FIRST)),
			       or_empty(db_str(rows, i, RQ_TITLE)),
			       or_empty(db_str(rows, i, RQ_REASON)));
		n = rows->nrows;
		db_res_free(rows);
		rows = NULL;
		if (n < 100)
			return 0;
	}
}

static const char *const report_states[] = {"open", "pulled_off",
                                            "dismissed"};

/* One listing: its essentials, its pull-offs and its reports. */
static int
show(long long id)
{
	struct db_res *row = NULL, *hist = NULL, *reps = NULL;
	enum status st;
	long long s;
	size_t i;

	if ((st = houses_admin_get(id, &row, &hist)) == ST_NOT_FOUND) {
		fprintf(stderr, "zufang-admin: no listing %lld\n", id);
		return 1;
	}
	if (st != ST_OK || reports_of(id, &reps) != ST_OK) {
		fprintf(stderr, "zufang-admin: the database failed\n");
		db_res_free(row);
		db_res_free(hist);
		return 1;
	}
	printf("listing\t%lld\towner %lld\tstatus %lld\t%s\n", id,
	       db_int(row, 0, HG_OWNER, 0), db_int(row, 0, HG_STATUS, 0),
	       or_empty(db_str(row, 0, HG_TITLE)));
	for (i = 0; i < hist->nrows; i++)
		printf("pulloff\t%s\tby %s %lld\t%s\n",
		       or_empty(db_str(hist, i, HP_AT)),
		       db_cell(hist, i, HP_ADMIN)->t == DBT_NULL ? "cli"
		                                                 : "admin",
		       db_int(hist, i, HP_ADMIN, 0),
		       or_empty(db_str(hist, i, HP_REASON)));
	for (i = 0; i < reps->nrows; i++) {
		s = db_int(reps, i, RR_STATE, 0);
		printf("report\t%lld\t%s\tuser %lld\t%s\t%s\n",
		       db_int(reps, i, RR_ID, 0), or_empty(db_str(reps, i, RR_AT)),
		       db_int(reps, i, RR_REPORTER, 0),
		       s >= 0 && s <= 2 ? report_states[s] : "unknown",
		       or_empty(db_str(reps, i, RR_REASON)));
	}
	db_res_free(row);
	db_res_free(hist);
	db_res_free(reps);
	return 0;
}

static int
pulloff(long long id, const char *reason)
{
	long long now = -1;
	enum status st;

	st = houses_admin_pulloff(0, id, reason, strlen(reason), &now);
	if (st == ST_OK) {
		printf("listing %lld pulled off\n", id);
		return 0;
	}
	if (st == ST_NOT_FOUND)
		fprintf(stderr, "zufang-admin: no listing %lld\n", id);
	else if (st == ST_CONFLICT)
		fprintf(stderr,
		        "zufang-admin: listing %lld has status %lld; only a "
		        "released listing can be pulled off\n",
		        id, now);
	else
		fprintf(stderr, "zufang-admin: the database failed\n");
	return 1;
}

static int
dismiss(long long id)
{
	long long n = 0;
	enum status st = reports_dismiss(0, id, &n);

	if (st == ST_OK) {
		printf("listing %lld: %lld report%s dismissed\n", id, n,
		       n == 1 ? "" : "s");
		return 0;
	}
	if (st == ST_NOT_FOUND)
		fprintf(stderr, "zufang-admin: no listing %lld\n", id);
	else if (st == ST_CONFLICT)
		fprintf(stderr, "zufang-admin: listing %lld has no open report\n",
		        id);
	else
		fprintf(stderr, "zufang-admin: the database failed\n");
	return 1;
}

int
cmd_listings(int argc, char **argv)
{
	const char *verb = argc >= 3 ? argv[2] : "";
	long long id = 0;
	char err[128];
	int rc;

	if (argc == 3 && strcmp(verb, "reported") == 0)
		;
	else if ((argc == 4 && (strcmp(verb, "show") == 0 ||
	                        strcmp(verb, "dismiss") == 0)) ||
	         (argc == 6 && strcmp(verb, "pulloff") == 0 &&
	          strcmp(argv[4], "--reason") == 0)) {
		if (valid_int(argv[3], strlen(argv[3]), 1, LLONG_MAX, &id,
		              NULL, 0) < 0)
			return listings_usage();
	} else
		return listings_usage();
	if (argc == 6 && valid_text(argv[5], strlen(argv[5]), 1, 200, err,
	                            sizeof(err)) < 0) {
		fprintf(stderr, "zufang-admin: --reason: %s\n", err);
		return listings_usage();
	}
	if (admin_app_connect() < 0)
		return 1;
	if (strcmp(verb, "reported") == 0)
		rc = reported();
	else if (strcmp(verb, "show") == 0)
		rc = show(id);
	else if (strcmp(verb, "dismiss") == 0)
		rc = dismiss(id);
	else
		rc = pulloff(id, argv[5]);
	admin_app_close();
	return rc;
}
