/*
 * vyoma_date.h - civil dates (proleptic Gregorian, UTC) and days since
 * 1970-01-01, both ways, and the day of the week: for apps that show or
 * lay out dates (clock, calendar, settings). Static inline and nothing
 * else, so an app pays only for what it calls. The conversions are
 * Howard Hinnant's, by 400-year eras counted from 0000-03-01, so they
 * hold before 1970 too.
 *
 *	int y, m, d;
 *	vy_civil_from_days((long)(vy_time() / 86400), &y, &m, &d);
 *	long first = vy_days_from_civil(y, m, 1);
 *	int lead = vy_weekday(first);		// 0 Monday .. 6 Sunday
 */
#ifndef VYOMA_DATE_H
#define VYOMA_DATE_H

/* Days since 1970-01-01 of a civil date (m 1-12, d 1-31). */
static inline long vy_days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date (m 1-12, d 1-31) of a day since 1970-01-01. */
static inline void vy_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The day of the week of a day since 1970-01-01: 0 Monday .. 6 Sunday. */
static inline int vy_weekday(long z)
{
	return (int)((z % 7 + 10) % 7);	/* 1970-01-01 was a Thursday */
}

#endif
