/* zufang-admin refund ... and reconcile (issue 13 2): refunds go through
 * the domain's payments_refund (the same function an administrators'
 * console calls); reconcile reads our payments in doubt and asks Alipay. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "admin_db.h"
#include "admin_refunds.h"
#include "app.h"
#include "log.h"
#include "payments.h"
#include "schema.h"
#include "valid.h"

/* reconcile's own statements: what is in doubt. */
enum { C_WAITING, C_PAID, C_REFUNDS, C__MAX };

static const char *const rec_sql[C__MAX] = {
        /* Trades still waiting past their timeout_express (30m), of the
         * last ? hours:
         * id, out_trade_no, amount. */
        [C_WAITING] = "SELECT id, out_trade_no, amount_fen FROM payments "
                      "WHERE state = 0 AND created_at < UTC_TIMESTAMP() - "
                      "INTERVAL 30 MINUTE AND "
                      "created_at > UTC_TIMESTAMP() - INTERVAL ? HOUR "
                      "ORDER BY id",
        /* Paid trades of the last ? hours and every one kept to refund:
         * id, out_trade_no, amount, state, refunded. */
        [C_PAID] = "SELECT p.id, p.out_trade_no, p.amount_fen, p.state, "
                   "(SELECT CAST(COALESCE(SUM(r.amount_fen), 0) AS "
                   "SIGNED) FROM refunds r WHERE r.payment_id = p.id "
                   "AND r.state = 1) FROM "
                   "payments p WHERE (p.state = 1 AND p.paid_at > "
                   "UTC_TIMESTAMP() - INTERVAL ? HOUR) OR p.state = 2 "
                   "ORDER BY p.id",
        /* Unfinished refunds, and those done in the last ? hours:
         * out_request_no, payment, state. */
        [C_REFUNDS] = "SELECT out_request_no, payment_id, state FROM "
                      "refunds WHERE state = 0 OR (state = 1 AND "
                      "updated_at > UTC_TIMESTAMP() - INTERVAL ? HOUR) "
                      "ORDER BY id",
};

static const char *
yuan_of(long long fen, char out[ALIPAY_YUAN_LEN])
{
	if (alipay_fen_to_yuan(fen, out) < 0)
		snprintf(out, ALIPAY_YUAN_LEN, "?");
	return out;
}

static void
usage_refund(void)
{
	fprintf(stderr, "usage: zufang-admin refund list\n"
	                "       zufang-admin refund PAYMENT_ID [--amount "
	                "YUAN] [--reason TEXT]\n"
	                "       zufang-admin refund query OUT_REQUEST_NO\n");
}

static int
refund_list(void)
{
	struct db_res *rows = NULL;
	char a[ALIPAY_YUAN_LEN], b[ALIPAY_YUAN_LEN], c[ALIPAY_YUAN_LEN];
	size_t i;

	if (payments_refundable(&rows) != ST_OK) {
		fprintf(stderr, "zufang-admin: cannot read the payments\n");
		return 1;
	}
	for (i = 0; i < rows->nrows; i++)
		printf("%lld\t%s\t%s\trefunded %s\tunfinished %s\tpaid "
		       "%s\t%s\n",
		       db_int(rows, i, 0, 0), db_str(rows, i, 1),
		       yuan_of(db_int(rows, i, 2, 0), a),
		       yuan_of(db_int(rows, i, 3, 0), b),
		       yuan_of(db_int(rows, i, 4, 0), c),
		       db_str(rows, i, 5) ? db_str(rows, i, 5) : "-",
		       db_str(rows, i, 6));
	db_res_free(rows);
	return 0;
}

static int
refund_query(const char *request)
{
	struct pay_refund r;
	struct pay_fault f;
	char y[ALIPAY_YUAN_LEN];
	enum status st;

	st = payments_refund_query(request, &r, &f);
	if (st == ST_NOT_FOUND) {
		fprintf(stderr, "zufang-admin: no refund %s\n", request);
		return 1;
	}
	if (st == ST_THIRD_PARTY) {
		fprintf(stderr, "zufang-admin: refund %s: Alipay: %s\n",
		        request, payments_fault_word(&f));
		return 1;
	}
	if (st != ST_OK) {
		fprintf(stderr, "zufang-admin: refund %s: failed\n", request);
		return 1;
	}
	if (r.state == 1)
		printf("refund %s: payment %lld, %s yuan: refunded%s%s%s\n",
		       request, r.payment, yuan_of(r.fen, y),
		       r.date[0] ? " (" : "", r.date, r.date[0] ? ")" : "");
	else if (r.state == 2)
		printf("refund %s: payment %lld, %s yuan: refused%s%s\n",
		       request, r.payment, yuan_of(r.fen, y),
		       r.at_alipay ? "" : "; Alipay has no such refund", "");
	else
		printf("refund %s: payment %lld, %s yuan: unfinished; Alipay "
		       "has no such refund: zufang-admin refund %lld takes it "
		       "up again\n",
		       request, r.payment, yuan_of(r.fen, y), r.payment);
	return r.state == 1 ? 0 : 1;
}

int
cmd_refund(int argc, char **argv)
{
	struct pay_refund r;
	struct pay_fault f;
	char y[ALIPAY_YUAN_LEN], z[ALIPAY_YUAN_LEN];
	const char *amount = NULL, *reason = NULL;
	long long payment, fen = 0;
	enum status st;
	int i, rc = 1;

	if (argc < 3) {
		usage_refund();
		return 2;
	}
	if (strcmp(argv[2], "list") == 0 && argc == 3) {
		if (admin_app_connect() < 0)
			return 1;
		rc = refund_list();
		goto out;
	}
	if (strcmp(argv[2], "query") == 0 && argc == 4) {
		if (valid_text(argv[3], strlen(argv[3]), 1, 64, NULL, 0) < 0) {
			usage_refund();
			return 2;
		}
		if (admin_app_connect() < 0)
			return 1;
		rc = refund_query(argv[3]);
		goto out;
	}
	if (valid_int(argv[2], strlen(argv[2]), 1, LLONG_MAX, &payment, NULL,
	              0) < 0) {
		usage_refund();
		return 2;
	}
	for (i = 3; i < argc; i += 2) {
		if (i + 1 >= argc) {
			usage_refund();
			return 2;
		}
		if (strcmp(argv[i], "--amount") == 0 && amount == NULL)
			amount = argv[i + 1];
		else if (strcmp(argv[i], "--reason") == 0 && reason == NULL &&
		         valid_text(argv[i + 1], strlen(argv[i + 1]), 1, 80,
		                    NULL, 0) == 0)
			reason = argv[i + 1];
		else {
			usage_refund();
			return 2;
		}
	}
	if (amount != NULL &&
	    (alipay_yuan_to_fen(amount, &fen) != 0 || fen <= 0)) {
		fprintf(stderr, "zufang-admin: --amount: yuan above 0 with at "
		                "most two decimals, e.g. 12.50\n");
		return 2;
	}
	if (admin_app_connect() < 0)
		return 1;
	st = payments_refund(0, payment, fen, reason, &r, &f);
	switch (st) {
	case ST_OK:
		printf("refund %s: payment %lld, %s yuan: refunded%s\n",
		       r.out_request_no, payment, yuan_of(r.fen, y),
		       r.resumed ? " (an unfinished refund, taken up again)"
		                 : "");
		rc = 0;
		break;
	case ST_NOT_FOUND:
		fprintf(stderr, "zufang-admin: no payment %lld\n", payment);
		break;
	case ST_CONFLICT:
		if (r.why == PRW_STATE)
			fprintf(stderr,
			        "zufang-admin: payment %lld is not one to "
			        "refund (only payments kept as state 2)\n",
			        payment);
		else if (r.why == PRW_PENDING)
			fprintf(stderr,
			        "zufang-admin: payment %lld has an unfinished "
			        "refund %s of %s yuan: finish it first "
			        "(zufang-admin refund %lld)\n",
			        payment, r.out_request_no, yuan_of(r.fen, y),
			        payment);
		else
			fprintf(stderr,
			        "zufang-admin: payment %lld: over what was "
			        "paid: %s yuan left to refund%s%s\n",
			        payment, yuan_of(r.rest, z),
			        amount ? ", asked " : "", amount ? amount : "");
		break;
	case ST_THIRD_PARTY:
		if (r.out_request_no[0] && f.kind == PAYF_REFUND_UNKNOWN)
			fprintf(stderr,
			        "zufang-admin: refund %s: payment %lld, %s "
			        "yuan: outcome unknown (%s); ask with "
			        "zufang-admin refund query %s, or run "
			        "zufang-admin refund %lld again (the same "
			        "refund)\n",
			        r.out_request_no, payment, yuan_of(r.fen, y),
			        f.code[0] ? f.code : "no answer",
			        r.out_request_no, payment);
		else if (r.out_request_no[0])
			fprintf(stderr,
			        "zufang-admin: refund %s: payment %lld, %s "
			        "yuan: refused by Alipay: %s\n",
			        r.out_request_no, payment, yuan_of(r.fen, y),
			        payments_fault_word(&f));
		else
			fprintf(stderr, "zufang-admin: Alipay: %s\n",
			        payments_fault_word(&f));
		break;
	default:
		fprintf(stderr,
		        "zufang-admin: refund of payment %lld "
		        "failed\n",
		        payment);
		break;
	}
out:
	admin_app_close();
	return rc;
}

static int
paid_word(const char *s)
{
	return strcmp(s, "TRADE_SUCCESS") == 0 ||
	       strcmp(s, "TRADE_FINISHED") == 0;
}

int
cmd_reconcile(int argc, char **argv)
{
	struct db *d = NULL;
	struct db_res *rows = NULL;
	struct db_val h;
	struct pay_trade t;
	struct pay_fault f;
	struct pay_refund r;
	char y[ALIPAY_YUAN_LEN], z[ALIPAY_YUAN_LEN];
	long long hours = 24, id, fen, done;
	int diff = 0, checked = 0, rc = 1, state;
	enum status st;
	const char *trade;
	size_t i;

	if (argc == 4 && strcmp(argv[2], "--since") == 0) {
		if (valid_int(argv[3], strlen(argv[3]), 1, 24 * 366, &hours,
		              NULL, 0) < 0) {
			fprintf(stderr, "zufang-admin: --since: hours, 1 to "
			                "8784\n");
			return 2;
		}
	} else if (argc != 2) {
		fprintf(stderr, "usage: zufang-admin reconcile [--since "
		                "HOURS]\n");
		return 2;
	}
	if (payments_ready(&f) != ST_OK) {
		fprintf(stderr, "zufang-admin: Alipay: %s\n",
		        payments_fault_word(&f));
		return 1;
	}
	d = app_db_new(rec_sql, C__MAX, 10, 0);
	if (admin_app_connect() < 0)
		goto out;
	h = DB_INT(hours);

	/* Waiting here: Alipay must not have it paid. */
	if (db_exec(d, C_WAITING, &h, 1, &rows, NULL, NULL) != DB_OK)
		goto dbfail;
	for (i = 0; i < rows->nrows; i++, checked++) {
		id = db_int(rows, i, 0, 0);
		trade = db_str(rows, i, 1);
		st = payments_trade_query(trade, &t, &f);
		if (st == ST_NOT_FOUND)
			continue; /* the buyer never opened the cashier */
		if (st != ST_OK) {
			printf("payment %lld %s: waiting; Alipay not asked: "
			       "%s\n",
			       id, trade, payments_fault_word(&f));
			diff++;
		} else if (paid_word(t.status)) {
			printf("payment %lld %s: waiting here, %s at Alipay "
			       "(%s yuan): its notify was missed\n",
			       id, trade, t.status, yuan_of(t.fen, y));
			diff++;
		}
	}
	db_res_free(rows);
	rows = NULL;

	/* Paid here: paid there, of the same amount (closed once refunded
	 * in full). */
	if (db_exec(d, C_PAID, &h, 1, &rows, NULL, NULL) != DB_OK)
		goto dbfail;
	for (i = 0; i < rows->nrows; i++, checked++) {
		id = db_int(rows, i, 0, 0);
		trade = db_str(rows, i, 1);
		fen = db_int(rows, i, 2, 0);
		state = (int)db_int(rows, i, 3, 0);
		done = db_int(rows, i, 4, 0);
		st = payments_trade_query(trade, &t, &f);
		if (st != ST_OK) {
			printf("payment %lld %s: paid here; Alipay %s\n", id,
			       trade,
			       st == ST_NOT_FOUND ? "has no such trade"
			                          : payments_fault_word(&f));
			diff++;
			continue;
		}
		if (!paid_word(t.status) &&
		    !(strcmp(t.status, "TRADE_CLOSED") == 0 && done == fen)) {
			printf("payment %lld %s: paid here, %s at Alipay\n", id,
			       trade, t.status);
			diff++;
		} else if (t.fen != fen) {
			printf("payment %lld %s: %s yuan here, %s at Alipay\n",
			       id, trade, yuan_of(fen, y), yuan_of(t.fen, z));
			diff++;
		} else if (state == 2 && done < fen) {
			/* Not a difference: work for an administrator. */
			printf("todo: payment %lld %s: %s of %s yuan to "
			       "refund (zufang-admin refund %lld)\n",
			       id, trade, yuan_of(fen - done, y),
			       yuan_of(fen, z), id);
		}
	}
	db_res_free(rows);
	rows = NULL;

	/* Refunds: unfinished ones, and done ones Alipay must know. */
	if (db_exec(d, C_REFUNDS, &h, 1, &rows, NULL, NULL) != DB_OK)
		goto dbfail;
	for (i = 0; i < rows->nrows; i++, checked++) {
		const char *req = db_str(rows, i, 0);

		id = db_int(rows, i, 1, 0);
		state = (int)db_int(rows, i, 2, 0);
		/* The query records a refund Alipay made; that is how a
		 * refund's own answer would have settled it, nothing
		 * more. */
		st = payments_refund_query(req, &r, &f);
		if (st != ST_OK) {
			printf("refund %s (payment %lld): Alipay not asked: "
			       "%s\n",
			       req, id, payments_fault_word(&f));
			diff++;
		} else if (state == 0) {
			printf("refund %s (payment %lld): unfinished here; "
			       "%s\n",
			       req, id,
			       r.at_alipay ? "refunded at Alipay (now "
			                     "recorded)"
			                   : "Alipay has none: zufang-admin "
			                     "refund PAYMENT_ID takes it up "
			                     "again");
			diff++;
		} else if (!r.at_alipay) {
			printf("refund %s (payment %lld): refunded here, "
			       "Alipay has none\n",
			       req, id);
			diff++;
		}
	}
	printf("reconcile: %d checked, %d difference%s\n", checked, diff,
	       diff == 1 ? "" : "s");
	rc = diff ? 1 : 0;
	goto out;
dbfail:
	fprintf(stderr, "zufang-admin: cannot read the payments\n");
out:
	db_res_free(rows);
	db_free(d);
	admin_app_close();
	return rc;
}
