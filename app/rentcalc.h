/* The arithmetic of rental bills (rental.md 5), pure and table-tested:
 * bill periods by calendar months from a contract's begin date, and the
 * total in integer fen.  No floating point. */
#ifndef ZF_RENTCALC_H
#define ZF_RENTCALC_H

/* A calendar date. */
struct rdate {
	int y, m, d; /* m 1-12, d 1-31 */
};

/* 1 for a leap year of the Gregorian calendar. */
int rent_leap(int y);

/* Days in month m (1-12) of year y. */
int rent_month_days(int y, int m);

/* begin + k months, k >= 0: the same day of the month, clamped to the
 * target month's last day, computed from begin itself (never chained):
 * 31 Jan + 1 = 29 Feb (leap) or 28 Feb, 31 Jan + 2 = 31 Mar. */
struct rdate rent_add_months(struct rdate begin, int k);

/* Days since 1970-01-01 of d, and back. */
long long rent_days(struct rdate d);
struct rdate rent_from_days(long long days);

/* The cost of a metered use: unit price (fen) x consumption (to - from,
 * in tenths), rounded half up to the fen.  from <= to. */
long long rent_usage_fen(long long price_fen, long long from_tenths,
                         long long to_tenths);

/* What a bill's total is made of (fen; readings in tenths). */
struct rent_bill {
	long long rent, clear, net, before;
	long long water_price, water_init, water_cur;
	long long electric_price, electric_init, electric_cur;
};

/* rent + clear + net + the water and electricity costs + what was
 * carried (rental.md 5). */
long long rent_bill_total(const struct rent_bill *);

/* Fixed-point amounts as JSON numbers (cJSON raw nodes built from their
 * decimal text, so no binary floating point is involved): fen as yuan
 * with at most two decimals (20000 -> 200, 1250 -> 12.5, 146058 ->
 * 1460.58), tenths with at most one (1065 -> 106.5).  Freed with the tree
 * they join (cJSON_Delete). */
struct cJSON;
struct cJSON *rent_yuan_json(long long fen);
struct cJSON *rent_tenths_json(long long tenths);

#endif
