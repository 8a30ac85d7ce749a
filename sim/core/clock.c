/* clock.c — ISO dates as Julian day numbers (via GDate) and the mapping
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

PksDate
pks_date_from_ymd (int year, int month, int day)
{
  GDate g;
  g_date_clear (&g, 1);
  g_date_set_dmy (&g, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&g);
}

static void
to_gdate (PksDate d, GDate *g)
{
  g_date_clear (g, 1);
  g_date_set_julian (g, d);
}

void
pks_date_format (PksDate d, char buf[static 11])
{
  GDate g;
  if (d == 0)
    {
      strcpy (buf, "0000-00-00");
      return;
    }
  to_gdate (d, &g);
  g_snprintf (buf, 11, "%04d-%02d-%02d", g_date_get_year (&g),
              g_date_get_month (&g), g_date_get_day (&g));
}

int
pks_date_year (PksDate d)
{
  GDate g;
  to_gdate (d, &g);
  return g_date_get_year (&g);
}

int
pks_date_month (PksDate d)
{
  GDate g;
  to_gdate (d, &g);
  return g_date_get_month (&g);
}

int
pks_date_day (PksDate d)
{
  GDate g;
  to_gdate (d, &g);
  return g_date_get_day (&g);
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
  GDate g;
  to_gdate (d, &g);
  return g_date_get_days_in_month (g_date_get_month (&g), g_date_get_year (&g));
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
