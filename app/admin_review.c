/* zufang-admin review list|approve|reject: the console's decisions from
 * the command line, through the same domain functions (reviews.c), so a
 * decision here is recorded like one there, its admin_id NULL (the
 * machine's operator has no account). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "admin_db.h"
#include "admin_review.h"
#include "app.h"
#include "reviews.h"
#include "schema.h"
#include "valid.h"

static int
review_usage(void)
{
	fprintf(stderr, "usage: zufang-admin review list\n"
	                "       zufang-admin review approve KIND USER_ID\n"
	                "       zufang-admin review reject KIND USER_ID "
	                "--reason TEXT\n"
	                "       KIND real-name or landlord; TEXT 1-200 "
	                "characters\n");
	return 2;
}

static int
kind_of(const char *s)
{
	if (strcmp(s, "real-name") == 0)
		return REV_REALNAME;
	if (strcmp(s, "landlord") == 0)
		return REV_LANDLORD;
	return 0;
}

/* Every pending submission, oldest first by kind: KIND USER_ID NAME SINCE,
 * tab-separated. */
static int
list(void)
{
	static const int kinds[] = {REV_REALNAME, REV_LANDLORD};
	struct db_res *rows = NULL;
	long long total, off;
	size_t k, i;

	for (k = 0; k < 2; k++) {
		for (off = 0;; off += 100) {
			if (reviews_queue(kinds[k], 100, off, &total, &rows) !=
			    ST_OK) {
				fprintf(stderr, "zufang-admin: cannot read the "
				                "queue\n");
				return 1;
			}
			for (i = 0; i < rows->nrows; i++) {
				const char *n = db_str(rows, i, REV_Q_NAME);

				printf("%s\t%lld\t%s\t%s\n",
				       k == 0 ? "real-name" : "landlord",
				       db_int(rows, i, REV_Q_UID, 0),
				       n != NULL ? n : "",
				       db_str(rows, i, REV_Q_SINCE)
				               ? db_str(rows, i, REV_Q_SINCE)
				               : "");
			}
			i = rows->nrows;
			db_res_free(rows);
			rows = NULL;
			if (i < 100)
				break;
		}
	}
	return 0;
}

int
cmd_review(int argc, char **argv)
{
	const char *reason = NULL;
	long long uid = 0;
	int kind, approve, rc;
	enum status st;
	char err[128];

	if (argc == 3 && strcmp(argv[2], "list") == 0)
		approve = -1;
	else if (argc == 5 && strcmp(argv[2], "approve") == 0)
		approve = 1;
	else if (argc == 7 && strcmp(argv[2], "reject") == 0 &&
	         strcmp(argv[5], "--reason") == 0)
		approve = 0, reason = argv[6];
	else
		return review_usage();
	if (approve >= 0 && ((kind = kind_of(argv[3])) == 0 ||
	                     valid_int(argv[4], strlen(argv[4]), 1, LLONG_MAX,
	                               &uid, NULL, 0) < 0))
		return review_usage();
	if (reason != NULL &&
	    valid_text(reason, strlen(reason), 1, 200, err, sizeof(err)) < 0) {
		fprintf(stderr, "zufang-admin: --reason: %s\n", err);
		return review_usage();
	}
	if (admin_app_connect() < 0)
		return 1;
	if (approve < 0) {
		rc = list();
		goto out;
	}
	st = reviews_decide(kind, uid, 0, approve, reason,
	                    reason ? strlen(reason) : 0);
	rc = 1;
	if (st == ST_OK) {
		printf("%s %lld %s\n", argv[3], uid,
		       approve ? "approved" : "rejected");
		rc = 0;
	} else if (st == ST_NOT_FOUND)
		fprintf(stderr, "zufang-admin: no user %lld\n", uid);
	else if (st == ST_CONFLICT)
		fprintf(stderr,
		        "zufang-admin: user %lld has no pending %s "
		        "submission\n",
		        uid, argv[3]);
	else
		fprintf(stderr, "zufang-admin: the database failed\n");
out:
	admin_app_close();
	return rc;
}
