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

gboolean
pks_date_parse (const char *text, PksDate *out)
{
  if (text == NULL)
    return FALSE;
  const char *p = text;
  while (*p == ' ' || *p == '\t')
    p++;
  int y, m, d;
  if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &m)
      || *p++ != '-' || !read_digits (&p, 2, &d))
    return FALSE;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '\0')
    return FALSE;
  if (y < 1900 || y > 2999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  *out = pks_date_from_ymd (y, m, d);
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
