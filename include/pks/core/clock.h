/* clock.h — calendar dates and simulation time. Dates are Julian day
 * numbers (GDate's, day 1 = 0001-01-01); simulation time is minutes (double)
 * from an epoch date's midnight. */
#ifndef PKS_CLOCK_H
#define PKS_CLOCK_H

#include <glib.h>

G_BEGIN_DECLS

#define PKS_MIN_PER_DAY 1440.0

typedef guint32 PksDate;   /* Julian day number, 0 = invalid */

/* Parse a strict ISO date YYYY-MM-DD (surrounding blanks allowed). */
gboolean pks_date_parse (const char *text, PksDate *out);
/* Parse "YYYY-MM-DD" optionally followed by " HH:MM" or "THH:MM" and
 * ":SS" (blanks around allowed): the date and the minutes into it;
 * *has_time (may be NULL) says whether a time of day was given. */
gboolean pks_datetime_parse (const char *text, PksDate *date, double *minutes,
                             gboolean *has_time);
/* Write YYYY-MM-DD into buf (at least 11 bytes). */
void pks_date_format (PksDate d, char buf[static 11]);
PksDate pks_date_from_ymd (int year, int month, int day);
int pks_date_year (PksDate d);
int pks_date_month (PksDate d);          /* 1..12 */
int pks_date_day (PksDate d);            /* 1..31 */
int pks_date_weekday (PksDate d);        /* 0 = Monday … 6 = Sunday */
/* ISO 8601 week number (1..53) of d, and its week-based year (which
 * differs from the calendar year around New Year: 2024-12-30 is 2025-W01). */
int pks_date_iso_week (PksDate d, int *iso_year);
int pks_date_days_in_month (PksDate d);
gboolean pks_date_is_month_end (PksDate d);

typedef struct {
  PksDate epoch;   /* day whose midnight is t = 0 */
} PksClock;

static inline PksClock pks_clock_new (PksDate epoch) { PksClock c = { epoch }; return c; }
/* Day index (0 = epoch) that contains time t. */
int pks_clock_day (PksClock c, double t_min);
PksDate pks_clock_date (PksClock c, double t_min);
/* Time of the midnight that starts date d. */
double pks_clock_time_of (PksClock c, PksDate d);

G_END_DECLS

#endif
