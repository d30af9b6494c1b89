/* Bill arithmetic (rental.md 5). */
#include <stdio.h>

#include <cJSON.h>

#include "rentcalc.h"

int
rent_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
rent_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && rent_leap(y));
}

struct rdate
rent_add_months(struct rdate b, int k)
{
	struct rdate r;
	int months = (b.m - 1) + k, last;

	r.y = b.y + months / 12;
	r.m = months % 12 + 1;
	last = rent_month_days(r.y, r.m);
	r.d = b.d < last ? b.d : last;
	return r;
}

/* Howard Hinnant's days-from-civil, on the proleptic Gregorian calendar. */
long long
rent_days(struct rdate d)
{
	long long y = d.y - (d.m <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct rdate
rent_from_days(long long z)
{
	struct rdate r;
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

long long
rent_usage_fen(long long price_fen, long long from, long long to)
{
	/* price (fen per unit) x tenths of units / 10, half up. */
	return (price_fen * (to - from) + 5) / 10;
}

long long
rent_bill_total(const struct rent_bill *b)
{
	return b->rent + b->clear + b->net + b->before +
	       rent_usage_fen(b->water_price, b->water_init, b->water_cur) +
	       rent_usage_fen(b->electric_price, b->electric_init,
	                      b->electric_cur);
}

/* v / 10^scale (scale 1 or 2) as decimal text, trailing zeros of the
 * fraction dropped, as a raw JSON number. */
static cJSON *
scaled_json(long long v, int scale)
{
	long long unit = scale == 2 ? 100 : 10;
	unsigned long long a =
	        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	unsigned long long whole = a / (unsigned long long)unit,
	                   frac = a % (unsigned long long)unit;
	char text[32];
	int n;

	n = snprintf(text, sizeof(text), "%s%llu", v < 0 ? "-" : "", whole);
	if (frac != 0) {
		if (scale == 2 && frac % 10 == 0)
			n += snprintf(text + n, sizeof(text) - (size_t)n,
			              ".%llu", frac / 10);
		else
			n += snprintf(text + n, sizeof(text) - (size_t)n,
			              scale == 2 ? ".%02llu" : ".%llu", frac);
	}
	return cJSON_CreateRaw(text);
}

cJSON *
rent_yuan_json(long long fen)
{
	return scaled_json(fen, 2);
}

cJSON *
rent_tenths_json(long long tenths)
{
	return scaled_json(tenths, 1);
}
