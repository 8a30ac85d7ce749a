/* clock.c — ISO dates as Julian day numbers (GDate's numbering) and the mapping
 * between dates and simulation minutes. */
#include "pks/core/clock.h"

#include <math.h>
#include <string.h>

static gboolean
read_digits (const char **p, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++)
    {
      char ch = (*p)[i];
      if (ch < '0' || ch > '9')
        return FALSE;
      v = v * 10 + (ch - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

/* A valid date YYYY-MM-DD (years 1900–2999) at *p after leading blanks;
 * *p moves past it. */
static gboolean
read_ymd (const char **p, int *y, int *m, int *d)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
  if (!read_digits (p, 4, y) || *(*p)++ != '-' || !read_digits (p, 2, m)
      || *(*p)++ != '-' || !read_digits (p, 2, d))
    return FALSE;
  return *y >= 1900 && *y <= 2999 && g_date_valid_dmy ((GDateDay) *d, (GDateMonth) *m, (GDateYear) *y);
}

gboolean
pks_date_parse (const char *text, PksDate *out)
{
  if (text == NULL)
    return FALSE;
  const char *p = text;
  int y, m, d;
  if (!read_ymd (&p, &y, &m, &d))
    return FALSE;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '\0')
    return FALSE;
  *out = pks_date_from_ymd (y, m, d);
  return TRUE;
}

gboolean
pks_datetime_parse (const char *text, PksDate *date, double *minutes, gboolean *has_time)
{
  if (text == NULL)
    return FALSE;
  const char *p = text;
  int y, m, d;
  if (!read_ymd (&p, &y, &m, &d))
    return FALSE;
  int hh = 0, mm = 0, ss = 0;
  gboolean timed = FALSE;
  if (*p == ' ' || *p == 'T')
    {
      const char *q = p + 1;
      while (*q == ' ')
        q++;
      if (*q != '\0')
        {
          if (!read_digits (&q, 2, &hh) || *q++ != ':' || !read_digits (&q, 2, &mm))
            return FALSE;
          if (*q == ':' && (q++, !read_digits (&q, 2, &ss)))
            return FALSE;
          if (hh > 24 || mm > 59 || ss > 59 || (hh == 24 && (mm || ss)))
            return FALSE;
          timed = TRUE;
        }
      p = q;
    }
  while (*p == ' ' || *p == '\t' || *p == '\r')
    p++;
  if (*p != '\0')
    return FALSE;
  *date = pks_date_from_ymd (y, m, d);
  *minutes = hh * 60.0 + mm + ss / 60.0;
  if (has_time)
    *has_time = timed;
  return TRUE;
}

/* Days from 1970-01-01 to a proleptic Gregorian date, and back (H.
 * Hinnant's civil algorithms, "chrono-Compatible Low-Level Date
 * Algorithms"): integer arithmetic only. They replace GDate here because
 * compiling a model asks the month and day of every simulated day, and
 * GDate's conversions were 7 % of a 100-year bed unit's whole run.
 * tests/unit/test-clock.c checks both against GDate on every day from
 * 1800 to 3100. */
static gint64
days_from_civil (gint64 y, int m, int d)
{
  y -= m <= 2;
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;                                  /* [0, 399] */
  gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 z, int *year, int *month, int *day)
{
  z += 719468;
  if (G_LIKELY (z >= 0 && z < G_GINT64_CONSTANT (146097) * 25000))
    {
      /* the same in unsigned 32-bit arithmetic (years 0 to 9 999 999):
       * its divisions by constants are shorter, and compiling a model asks
       * the month and day of every simulated day */
      guint32 uz = (guint32) z;
      guint32 era = uz / 146097;
      guint32 doe = uz - era * 146097;
      guint32 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
      guint32 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      guint32 mp = (5 * doy + 2) / 153;
      *day = (int) (doy - (153 * mp + 2) / 5 + 1);
      *month = (int) (mp < 10 ? mp + 3 : mp - 9);
      *year = (int) (yoe + era * 400) + (*month <= 2);
      return;
    }
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = yoe + era * 400;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (y + (*month <= 2));
}

/* GDate's Julian day 1 is 0001-01-01, 719 162 days before 1970-01-01. */
#define JULIAN_1970 719163

/* Year, month and day of a date. The month of the last date asked is kept
 * (per thread): compiling a model asks the month and day of every
 * simulated day in order, so nearly every ask falls in the month before
 * (the conversion was 2 % of a 100-year bed unit's whole run). */
static void
date_parts (PksDate d, int *year, int *month, int *day)
{
  static _Thread_local struct { PksDate first, end; int year, month; } last = { 1, 0, 0, 0 };
  if (d >= last.first && d < last.end)
    {
      *year = last.year;
      *month = last.month;
      *day = (int) (d - last.first) + 1;
      return;
    }
  civil_from_days ((gint64) d - JULIAN_1970, year, month, day);
  if (d < (PksDate) *day)
    return;   /* (before Julian day 1: not kept) */
  last.first = d - (PksDate) (*day - 1);
  last.end = (PksDate) (days_from_civil (*month == 12 ? *year + 1 : *year,
                                         *month == 12 ? 1 : *month + 1, 1) + JULIAN_1970);
  last.year = *year;
  last.month = *month;
}

PksDate
pks_date_from_ymd (int year, int month, int day)
{
  return (PksDate) (days_from_civil (year, month, day) + JULIAN_1970);
}

void
pks_date_format (PksDate d, char buf[static 11])
{
  if (d == 0)
    {
      strcpy (buf, "0000-00-00");
      return;
    }
  int y, m, dd;
  date_parts (d, &y, &m, &dd);
  if (y < 0 || y > 9999)
    {
      g_snprintf (buf, 11, "%04d-%02d-%02d", y, m, dd);
      return;
    }
  /* by hand: outputs write a date a row */
  buf[0] = (char) ('0' + y / 1000);
  buf[1] = (char) ('0' + y / 100 % 10);
  buf[2] = (char) ('0' + y / 10 % 10);
  buf[3] = (char) ('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char) ('0' + m / 10);
  buf[6] = (char) ('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char) ('0' + dd / 10);
  buf[9] = (char) ('0' + dd % 10);
  buf[10] = '\0';
}

int
pks_date_year (PksDate d)
{
  int y, m, dd;
  date_parts (d, &y, &m, &dd);
  return y;
}

int
pks_date_month (PksDate d)
{
  int y, m, dd;
  date_parts (d, &y, &m, &dd);
  return m;
}

int
pks_date_day (PksDate d)
{
  int y, m, dd;
  date_parts (d, &y, &m, &dd);
  return dd;
}

int
pks_date_weekday (PksDate d)
{
  /* Julian day 1 (0001-01-01, proleptic Gregorian) was a Monday. */
  return (int) ((d - 1) % 7);
}

/* ISO 8601: weeks start on Monday, and week 1 is the week with the
 * year's first Thursday, so a week belongs to the year of its Thursday. */
int
pks_date_iso_week (PksDate d, int *iso_year)
{
  PksDate thursday = d - (PksDate) pks_date_weekday (d) + 3;
  int y = pks_date_year (thursday);
  if (iso_year)
    *iso_year = y;
  return (int) ((thursday - pks_date_from_ymd (y, 1, 1)) / 7) + 1;
}

int
pks_date_days_in_month (PksDate d)
{
  int y, m, dd;
  date_parts (d, &y, &m, &dd);
  return g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y);
}

gboolean
pks_date_is_month_end (PksDate d)
{
  return pks_date_day (d) == pks_date_days_in_month (d);
}

int
pks_clock_day (PksClock c, double t_min)
{
  (void) c;
  return (int) floor (t_min / PKS_MIN_PER_DAY);
}

PksDate
pks_clock_date (PksClock c, double t_min)
{
  return (PksDate) ((gint64) c.epoch + pks_clock_day (c, t_min));
}

double
pks_clock_time_of (PksClock c, PksDate d)
{
  return ((double) d - (double) c.epoch) * PKS_MIN_PER_DAY;
}
