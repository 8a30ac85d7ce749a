/* test-clock.c — ISO dates (parse, format, fields, weekdays, month ends)
 * and the mapping between simulation minutes and dates. */
#include "pks/pks.h"

#include <math.h>

/* Day numbers of known dates (proleptic Gregorian, 0001-01-01 = 1; the
 * same as Python's date.toordinal()). */
#define JD_1970_01_01 719163u
#define JD_2000_01_01 730120u
#define JD_2024_01_01 738886u

static void
test_parse_valid (void)
{
  static const struct {
    const char *text;
    int y, m, d;
  } ok[] = {
    { "2024-01-01", 2024, 1, 1 },
    { "2024-02-29", 2024, 2, 29 },
    { "2000-02-29", 2000, 2, 29 },
    { "2023-12-31", 2023, 12, 31 },
    { "1999-04-30", 1999, 4, 30 },
    { "  2024-06-11", 2024, 6, 11 },
    { "2024-06-11 \t", 2024, 6, 11 },
    { "\t2024-06-11  ", 2024, 6, 11 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      PksDate d = 0;
      g_test_message ("parse '%s'", ok[i].text);
      g_assert_true (pks_date_parse (ok[i].text, &d));
      g_assert_cmpuint (d, ==, pks_date_from_ymd (ok[i].y, ok[i].m, ok[i].d));
      g_assert_cmpint (pks_date_year (d), ==, ok[i].y);
      g_assert_cmpint (pks_date_month (d), ==, ok[i].m);
      g_assert_cmpint (pks_date_day (d), ==, ok[i].d);
    }
  PksDate d = 0;
  g_assert_true (pks_date_parse ("2024-01-01", &d));
  g_assert_cmpuint (d, ==, JD_2024_01_01);
  g_assert_true (pks_date_parse ("2000-01-01", &d));
  g_assert_cmpuint (d, ==, JD_2000_01_01);
  g_assert_true (pks_date_parse ("1970-01-01", &d));
  g_assert_cmpuint (d, ==, JD_1970_01_01);
}

static void
test_parse_invalid (void)
{
  static const char *const bad[] = {
    "2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
    "2024-01-00", "2024-04-31", "24-01-01", "2024-1-01", "2024-01-1",
    "2024/01/01", "20240101", "2024-01-01x", "2024-01-01 x", "x2024-01-01",
    "2024-01-011", "2024-01", "2024-", "", "   ", "2024-01-01T00:00",
    "-024-01-01", "2024--1-01", "2024-0a-01",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PksDate d = 0;
      g_test_message ("parse '%s'", bad[i]);
      g_assert_false (pks_date_parse (bad[i], &d));
    }
  PksDate d = 0;
  g_assert_false (pks_date_parse (NULL, &d));
}

/* Civil date from days since 1970-01-01 (H. Hinnant's algorithm): an
 * independent reference for the GDate-based fields. */
static void
civil_from_days (gint64 z, int *y, int *m, int *d)
{
  z += 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

/* Every day from 1900-03-01 to 2099-12-31: format → parse is the identity,
 * the fields match the reference, weekdays step by one, and month ends are
 * exactly the days followed by a first of the month. */
static void
test_format_roundtrip (void)
{
  PksDate first = pks_date_from_ymd (1900, 3, 1);
  PksDate last = pks_date_from_ymd (2099, 12, 31);
  int prev_wd = pks_date_weekday (first) - 1;
  for (PksDate d = first; d <= last; d++)
    {
      char buf[11], want[11];
      int y, m, dd;
      civil_from_days ((gint64) d - JD_1970_01_01, &y, &m, &dd);
      g_snprintf (want, sizeof want, "%04d-%02d-%02d", y, m, dd);
      pks_date_format (d, buf);
      g_assert_cmpstr (buf, ==, want);
      PksDate back = 0;
      g_assert_true (pks_date_parse (buf, &back));
      g_assert_cmpuint (back, ==, d);
      g_assert_cmpint (pks_date_year (d), ==, y);
      g_assert_cmpint (pks_date_month (d), ==, m);
      g_assert_cmpint (pks_date_day (d), ==, dd);
      g_assert_cmpuint (pks_date_from_ymd (y, m, dd), ==, d);

      int wd = pks_date_weekday (d);
      g_assert_cmpint (wd, >=, 0);
      g_assert_cmpint (wd, <=, 6);
      g_assert_cmpint (wd, ==, (prev_wd + 1) % 7);
      prev_wd = wd;

      g_assert_cmpint (pks_date_is_month_end (d), ==, pks_date_day (d + 1) == 1);
      if (pks_date_is_month_end (d))
        g_assert_cmpint (pks_date_days_in_month (d), ==, dd);
    }
}

static void
test_weekday_known (void)
{
  static const struct {
    int y, m, d, wd;
  } k[] = {
    { 2024, 1, 1, 0 },    /* Monday */
    { 2024, 6, 11, 1 },   /* Tuesday */
    { 2000, 2, 29, 1 },   /* Tuesday */
    { 1970, 1, 1, 3 },    /* Thursday */
    { 2024, 12, 24, 1 },  /* Tuesday */
    { 2023, 12, 31, 6 },  /* Sunday */
    { 2024, 3, 2, 5 },    /* Saturday */
    { 1900, 1, 1, 0 },    /* Monday */
  };
  for (guint i = 0; i < G_N_ELEMENTS (k); i++)
    g_assert_cmpint (pks_date_weekday (pks_date_from_ymd (k[i].y, k[i].m, k[i].d)), ==, k[i].wd);
}

static void
test_month (void)
{
  static const struct {
    int y, m, days;
  } k[] = {
    { 2024, 1, 31 }, { 2024, 2, 29 }, { 2023, 2, 28 }, { 2000, 2, 29 },
    { 1900, 2, 28 }, { 2100, 2, 28 }, { 2024, 4, 30 }, { 2024, 6, 30 },
    { 2024, 9, 30 }, { 2024, 11, 30 }, { 2024, 12, 31 }, { 2024, 7, 31 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (k); i++)
    {
      for (int d = 1; d <= k[i].days; d++)
        {
          PksDate x = pks_date_from_ymd (k[i].y, k[i].m, d);
          g_assert_cmpint (pks_date_days_in_month (x), ==, k[i].days);
          g_assert_cmpint (pks_date_is_month_end (x), ==, d == k[i].days);
        }
    }
  g_assert_true (pks_date_is_month_end (pks_date_from_ymd (2024, 2, 29)));
  g_assert_false (pks_date_is_month_end (pks_date_from_ymd (2024, 2, 28)));
  g_assert_true (pks_date_is_month_end (pks_date_from_ymd (2023, 2, 28)));
}

/* Minutes ↔ days: day k covers [1440k, 1440(k+1)); times before the epoch
 * fall on earlier days (floor, not truncation). */
static void
test_clock_mapping (void)
{
  PksClock c = pks_clock_new (pks_date_from_ymd (2024, 1, 1));

  g_assert_cmpint (pks_clock_day (c, 0.0), ==, 0);
  g_assert_cmpint (pks_clock_day (c, 1439.999), ==, 0);
  g_assert_cmpint (pks_clock_day (c, 1440.0), ==, 1);
  g_assert_cmpint (pks_clock_day (c, 10.5 * 1440.0), ==, 10);
  g_assert_cmpint (pks_clock_day (c, -0.5), ==, -1);
  g_assert_cmpint (pks_clock_day (c, -1440.0), ==, -1);
  g_assert_cmpint (pks_clock_day (c, -1440.5), ==, -2);

  /* 2024 is a leap year: 1 March is day 31 + 29 = 60 */
  PksDate mar1 = pks_date_from_ymd (2024, 3, 1);
  g_assert_cmpfloat (pks_clock_time_of (c, mar1), ==, 60 * 1440.0);
  g_assert_cmpuint (pks_clock_date (c, 60 * 1440.0), ==, mar1);
  g_assert_cmpuint (pks_clock_date (c, 60 * 1440.0 - 1.0), ==, pks_date_from_ymd (2024, 2, 29));
  g_assert_cmpuint (pks_clock_date (c, -1.0), ==, pks_date_from_ymd (2023, 12, 31));
  g_assert_cmpfloat (pks_clock_time_of (c, pks_date_from_ymd (2023, 12, 31)), ==, -1440.0);
  g_assert_cmpuint (pks_clock_date (c, 366 * 1440.0), ==, pks_date_from_ymd (2025, 1, 1));

  for (PksDate d = c.epoch - 400; d < c.epoch + 2000; d++)
    {
      double t = pks_clock_time_of (c, d);
      g_assert_cmpint (pks_clock_day (c, t), ==, (int) ((gint64) d - c.epoch));
      g_assert_cmpuint (pks_clock_date (c, t), ==, d);
      g_assert_cmpuint (pks_clock_date (c, t + 1439.75), ==, d);
      g_assert_cmpuint (pks_clock_date (c, t - 0.25), ==, d - 1);
    }
}

/* ISO weeks against GDate's and known dates around New Year. */
static void
test_iso_week (void)
{
  int y;
  g_assert_cmpint (pks_date_iso_week (pks_date_from_ymd (2024, 1, 1), &y), ==, 1);
  g_assert_cmpint (y, ==, 2024);
  g_assert_cmpint (pks_date_iso_week (pks_date_from_ymd (2024, 12, 30), &y), ==, 1);
  g_assert_cmpint (y, ==, 2025);
  g_assert_cmpint (pks_date_iso_week (pks_date_from_ymd (2021, 1, 3), &y), ==, 53);
  g_assert_cmpint (y, ==, 2020);
  g_assert_cmpint (pks_date_iso_week (pks_date_from_ymd (2024, 3, 4), NULL), ==, 10);
  for (PksDate d = pks_date_from_ymd (2015, 1, 1); d < pks_date_from_ymd (2031, 1, 1); d++)
    {
      GDate g;
      g_date_clear (&g, 1);
      g_date_set_julian (&g, d);
      g_assert_cmpint (pks_date_iso_week (d, NULL), ==, (int) g_date_get_iso8601_week_of_year (&g));
    }
}

/* The date arithmetic (clock.c's own, integer only) against GDate on
 * every day from 1800 to 3100: Julian numbers, year, month, day, days in
 * the month, the weekday and the formatted date. */
static void
test_against_gdate (void)
{
  GDate g;
  g_date_clear (&g, 1);
  g_date_set_dmy (&g, 1, G_DATE_JANUARY, 1800);
  PksDate from = g_date_get_julian (&g);
  g_date_set_dmy (&g, 31, G_DATE_DECEMBER, 3100);
  PksDate to = g_date_get_julian (&g);
  for (PksDate d = from; d <= to; d++)
    {
      g_date_set_julian (&g, d);
      int y = g_date_get_year (&g), m = g_date_get_month (&g), day = g_date_get_day (&g);
      g_assert_cmpuint (pks_date_from_ymd (y, m, day), ==, d);
      g_assert_cmpint (pks_date_year (d), ==, y);
      g_assert_cmpint (pks_date_month (d), ==, m);
      g_assert_cmpint (pks_date_day (d), ==, day);
      g_assert_cmpint (pks_date_days_in_month (d), ==,
                       g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y));
      g_assert_cmpint (pks_date_weekday (d), ==, g_date_get_weekday (&g) - 1);
      if (day == 1 && m == 1 && y % 50 == 0)
        {
          char buf[11], want[11];
          pks_date_format (d, buf);
          g_snprintf (want, sizeof want, "%04d-%02d-%02d", y, m, day);
          g_assert_cmpstr (buf, ==, want);
        }
    }
  /* the same in random order and back and forth across month ends (clock.c
   * keeps the month of the last date asked) */
  g_autoptr (GRand) rnd = g_rand_new_with_seed (7);
  for (guint i = 0; i < 200000; i++)
    {
      PksDate d = i % 2 ? (PksDate) g_rand_int_range (rnd, (gint32) from, (gint32) to + 1)
                        : from + 31 * (i % 900) + (i % 3);
      g_date_set_julian (&g, d);
      g_assert_cmpint (pks_date_day (d), ==, g_date_get_day (&g));
      g_assert_cmpint (pks_date_month (d), ==, g_date_get_month (&g));
      g_assert_cmpint (pks_date_year (d), ==, g_date_get_year (&g));
    }
}

/* The simulation takes today's day number, floor (now / 1440), from the
 * day started last when now lies in [d·1440, (d+1)·1440) (sim_today,
 * sim/model/state.h), and a stay's last care date from the same range
 * (beds.c care_dates_now): the rounded quotients at both ends of every
 * day of 10 000 years, and a spread of minutes inside, are as those claim. */
static void
test_day_of_minute (void)
{
  for (guint d = 0; d < 3660000; d++)
    {
      double lo = d * 1440.0, hi = (d + 1) * 1440.0;
      double last = nextafter (hi, 0.0);
      g_assert_cmpfloat (floor (lo / 1440.0), ==, d);
      g_assert_cmpfloat (floor (last / 1440.0), ==, d);
      g_assert_cmpfloat (ceil (last / 1440.0), ==, d + 1.0);
      if (d > 0)
        g_assert_cmpfloat (ceil (nextafter (lo, hi) / 1440.0), ==, d + 1.0);
      double mid = lo + (d % 1440) + 0.37;
      g_assert_cmpfloat (floor (mid / 1440.0), ==, d);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clock/parse/valid", test_parse_valid);
  g_test_add_func ("/clock/parse/invalid", test_parse_invalid);
  g_test_add_func ("/clock/format/roundtrip", test_format_roundtrip);
  g_test_add_func ("/clock/weekday/known", test_weekday_known);
  g_test_add_func ("/clock/month/days-and-ends", test_month);
  g_test_add_func ("/clock/iso-week", test_iso_week);
  g_test_add_func ("/clock/mapping/minutes-days", test_clock_mapping);
  g_test_add_func ("/clock/against-gdate", test_against_gdate);
  g_test_add_func ("/clock/day-of-minute", test_day_of_minute);
  return g_test_run ();
}
