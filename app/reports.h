/* Users' reports of listings (issue 13, 1: "listings reported or flagged
 * can be pulled off with a reason"), migration 0021: anyone logged in
 * reports a released listing of someone else with a reason; an
 * administrator pulls it off (houses_admin_pulloff resolves its open
 * reports) or dismisses them.  Shared by every surface's report route, the
 * admin surface and zufang-admin. */
#ifndef ZF_REPORTS_H
#define ZF_REPORTS_H

#include <stddef.h>

#include "db.h"
#include "resp.h"

/* listing_reports.state. */
enum { REPORT_OPEN = 0, REPORT_PULLED_OFF = 1, REPORT_DISMISSED = 2 };

/* Reports one person may file a China day (every surface together). */
#define REPORTS_PER_DAY 30

/* uid reports listing house_id for reason (n bytes, 1-200 characters,
 * checked by the caller).  Reporting it again while the first report is
 * open replaces that report's reason.  *id the report.  ST_OK;
 * ST_NOT_FOUND when the listing is not released (a draft, pulled off or
 * deleted one is nobody else's to see); ST_FORBIDDEN for one's own
 * listing; ST_RATE past REPORTS_PER_DAY; ST_DB. */
enum status reports_file(long long uid, long long house_id, const char *reason,
                         size_t n, long long *id);

/* Columns of reports_queue's rows. */
enum { RQ_HOUSE, RQ_TITLE, RQ_OWNER, RQ_STATUS, RQ_OPEN, RQ_FIRST, RQ_REASON };

/* The listings with open reports, the oldest report first: *count of
 * them and *rows of limit from offset (the caller frees).  ST_OK; ST_DB. */
enum status reports_queue(long long offset, long long limit, long long *count,
                          struct db_res **rows);

/* Columns of reports_of's rows (newest first, at most 50). */
enum { RR_ID, RR_REPORTER, RR_REASON, RR_STATE, RR_ADMIN, RR_AT, RR_RESOLVED };

/* Listing house_id's reports.  ST_OK; ST_DB. */
enum status reports_of(long long house_id, struct db_res **rows);

/* Administrator admin_id (0: the command line) dismisses listing
 * house_id's open reports; *n how many.  ST_OK; ST_NOT_FOUND for no such
 * listing; ST_CONFLICT when none is open; ST_DB. */
enum status reports_dismiss(long long admin_id, long long house_id,
                            long long *n);

#endif
