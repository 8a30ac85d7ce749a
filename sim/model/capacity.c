/* capacity.c — the daily capacity of every unit: units.csv numbers, then
 * changes.csv rows applied in file order, then (when staffing.csv is given)
 * the beds and sessions that the staff on duty can cover. docs/staffing.md
 * explains the staffing model with a worked example. */
#include "capacity.h"

#include <math.h>

static gboolean
selected (const PksScenario *s, const PksChange *c, guint unit)
{
  switch (c->selector)
    {
    case PKS_SEL_ALL:
      return TRUE;
    case PKS_SEL_SITE:
      return pks_unit (s, unit)->site_index == c->index;
    case PKS_SEL_UNIT:
      return unit == c->index;
    }
  return FALSE;
}

static double
apply_op (PksChangeOp op, double value, double x)
{
  switch (op)
    {
    case PKS_CHANGE_SET:
      return value;
    case PKS_CHANGE_ADD:
      return x + value;
    case PKS_CHANGE_SCALE:
      return x * (1.0 + value / 100.0);
    }
  return x;
}

/* Spread a weekly number over the weekdays (Mon–Fri) of each week, carrying
 * fractions forward so that 2.5 sessions a week give 5 every fortnight. */
static void
spread_weekly (const PksModel *m, const double *weekly, int *daily)
{
  double carry = 0.0;
  for (guint d = 0; d < m->n_sim_days; d++)
    {
      if (pks_date_weekday (m->epoch + d) >= 5)
        {
          daily[d] = 0;
          continue;
        }
      carry += weekly[d] / 5.0;
      double n = floor (carry + 1e-9);
      daily[d] = (int) n;
      carry -= n;
    }
}

/* The same month and day in year y; 29 February becomes the 28th in a
 * year without it (GDate refuses 29 February there, with a critical). */
static PksDate
in_year (PksDate d, int y)
{
  int month = pks_date_month (d), day = pks_date_day (d);
  if (month == 2 && day == 29 && !g_date_is_leap_year ((GDateYear) y))
    day = 28;
  return pks_date_from_ymd (y, month, day);
}

/* Fraction of contracted staff on annual leave on a date: summer_weeks of
 * the vacation fall evenly inside [summer_from, summer_to] (moved to the
 * date's year), the rest evenly over the other days of the year. */
static double
leave_fraction (const PksStaffingNorms *n, PksDate d)
{
  int y = pks_date_year (d);
  PksDate sf = in_year (n->summer_from, y), st = in_year (n->summer_to, y);
  double summer_days = (double) (st - sf + 1);
  double year_days = (double) (pks_date_from_ymd (y + 1, 1, 1) - pks_date_from_ymd (y, 1, 1));
  if (d >= sf && d <= st)
    return MIN (1.0, n->summer_weeks * 7.0 / summer_days);
  double rest = year_days - summer_days;
  return rest > 0 ? MIN (1.0, (n->vacation_weeks - n->summer_weeks) * 7.0 / rest) : 0.0;
}

/* Hours of one role that one staffed bed needs per day. */
static double
hours_per_bed_day (const PksStaffingNorms *n, PksRole role)
{
  const double *ratio = role == PKS_ROLE_NURSE ? n->patients_per_nurse
                                               : n->patients_per_assistant_nurse;
  double h = 0.0;
  for (int sh = 0; sh < 3; sh++)
    h += n->shift_hours[sh] / ratio[sh];
  return h;
}

void
pks_capacity_compute (PksModel *m, const PksScenario *s)
{
  guint nd = m->n_sim_days, nu = m->n_units;
  gsize cells = (gsize) nu * nd;
  double *val[PKS_N_RESOURCES];
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    val[r] = g_new (double, cells);
  for (guint u = 0; u < nu; u++)
    {
      const PksUnitDef *ud = pks_unit (s, u);
      for (guint d = 0; d < nd; d++)
        {
          gsize i = (gsize) u * nd + d;
          val[PKS_RES_BEDS][i] = ud->beds;
          val[PKS_RES_STAFFED_BEDS][i] = ud->staffed_beds;
          val[PKS_RES_OR_SESSIONS][i] = ud->or_sessions_per_week;
          val[PKS_RES_VISIT_SLOTS][i] = ud->visit_slots_per_week;
        }
    }
  /* changes.csv, in file order (a plan's rows after its base's) */
  for (guint k = 0; k < s->changes->len; k++)
    {
      const PksChange *c = &g_array_index (s->changes, PksChange, k);
      gint64 d0 = (gint64) c->from - (gint64) m->epoch;
      gint64 d1 = c->to ? (gint64) c->to - (gint64) m->epoch : (gint64) nd - 1;
      if (d0 < 0)
        d0 = 0;
      if (d1 > (gint64) nd - 1)
        d1 = (gint64) nd - 1;
      /* clamped after every row, so that rows of +1000 % cannot compound
       * to infinity (the loader bounds each row, not their product) */
      double hi = pks_resource_max (c->resource);
      for (guint u = 0; u < nu; u++)
        {
          if (!selected (s, c, u))
            continue;
          double *v = val[c->resource] + (gsize) u * nd;
          for (gint64 d = d0; d <= d1; d++)
            v[d] = CLAMP (apply_op (c->op, c->value, v[d]), 0.0, hi);
        }
    }

  m->beds = g_new (int, cells);
  m->staffed = g_new (int, cells);
  m->sessions = g_new (int, cells);
  m->slots = g_new (int, cells);
  m->staff_cost = g_new0 (double, nu);
  m->agency_cost = g_new0 (double, nu);
  for (gsize i = 0; i < cells; i++)
    {
      m->beds[i] = (int) MIN (5000.0, floor (val[PKS_RES_BEDS][i] + 0.5));
      m->staffed[i] = MIN (m->beds[i], (int) MIN (5000.0, floor (val[PKS_RES_STAFFED_BEDS][i] + 0.5)));
    }

  /* staffing.csv: what the staff on duty can cover */
  gboolean has_staff[PKS_N_ROLES];
  const PksStaffingNorms *n = &s->norms;
  double avail_base = (1.0 - n->sick_leave_pct / 100.0) * (1.0 - n->vacancy_pct / 100.0);
  g_autofree double *fte = g_new (double, nd);
  g_autofree double *fte_agency = g_new (double, nd);
  /* staffing rows by unit (a counting sort), so each unit reads only its own */
  guint nr = s->staffing->len;
  g_autofree guint *row_first = g_new0 (guint, nu + 1);
  g_autofree guint *by_unit = g_new (guint, MAX (1u, nr));
  for (guint k = 0; k < nr; k++)
    row_first[g_array_index (s->staffing, PksStaffRow, k).unit + 1]++;
  for (guint u = 0; u < nu; u++)
    row_first[u + 1] += row_first[u];
  {
    g_autofree guint *fill = g_memdup2 (row_first, sizeof (guint) * nu);
    for (guint k = 0; k < nr; k++)
      by_unit[fill[g_array_index (s->staffing, PksStaffRow, k).unit]++] = k;
  }
  for (guint u = 0; u < nu; u++)
    {
      double *sess_week = val[PKS_RES_OR_SESSIONS] + (gsize) u * nd;
      for (int role = 0; role < PKS_N_ROLES; role++)
        {
          has_staff[role] = FALSE;
          for (guint d = 0; d < nd; d++)
            fte[d] = fte_agency[d] = 0.0;
          for (guint j = row_first[u]; j < row_first[u + 1]; j++)
            {
              const PksStaffRow *r = &g_array_index (s->staffing, PksStaffRow, by_unit[j]);
              if ((int) r->role != role)
                continue;
              has_staff[role] = TRUE;
              /* only the days inside the row's period */
              gint64 d0 = r->from ? (gint64) r->from - (gint64) m->epoch : 0;
              gint64 d1 = r->to ? (gint64) r->to - (gint64) m->epoch : (gint64) nd - 1;
              for (gint64 d = MAX (d0, 0); d <= MIN (d1, (gint64) nd - 1); d++)
                {
                  fte[d] += r->fte;
                  if (r->agency)
                    fte_agency[d] += r->fte;
                }
            }
          if (!has_staff[role])
            continue;
          double cost_day = s->costs.fte_year[role] / 365.0;
          for (guint d = 0; d < nd; d++)
            {
              double f = MAX (0.0, fte[d]);
              double on_duty = f * avail_base * (1.0 - leave_fraction (n, m->epoch + d));
              double hours = on_duty * n->fte_hours_per_year / 365.0;
              gsize i = (gsize) u * nd + d;
              if (role == PKS_ROLE_OR_TEAM)
                {
                  /* one team-FTE staffs a session of the unit's length */
                  double week_hours = hours * 7.0;
                  double cover = week_hours / (m->units[u].session_min / 60.0);
                  sess_week[d] = MIN (sess_week[d], cover);
                }
              else
                {
                  double cover = floor (hours / hours_per_bed_day (n, role) + 1e-9);
                  if (cover < m->staffed[i])
                    m->staffed[i] = (int) cover;
                }
              if (d >= m->warmup_days)
                {
                  double own = MAX (0.0, fte[d] - fte_agency[d]);
                  double ag = MAX (0.0, fte_agency[d]);
                  m->staff_cost[u] += (own + ag * (1.0 + s->costs.agency_premium_pct / 100.0)) * cost_day;
                  m->agency_cost[u] += ag * (1.0 + s->costs.agency_premium_pct / 100.0) * cost_day;
                }
            }
        }
      if (!has_staff[PKS_ROLE_NURSE] && !has_staff[PKS_ROLE_ASSISTANT_NURSE])
        for (guint d = m->warmup_days; d < nd; d++)
          m->staff_cost[u] += CAP (m, staffed, u, d) * s->costs.staffed_bed_day;
      spread_weekly (m, sess_week, m->sessions + (gsize) u * nd);
      spread_weekly (m, val[PKS_RES_VISIT_SLOTS] + (gsize) u * nd, m->slots + (gsize) u * nd);
    }
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    g_free (val[r]);
}

/* The FTE of a role that keep one more staffed bed open all year, at the
 * year's average leave: what a bed-opening plan must recruit. */
double
pks_staffing_fte_per_bed (const PksStaffingNorms *n, PksRole role)
{
  double avail = (1.0 - n->sick_leave_pct / 100.0) * (1.0 - n->vacancy_pct / 100.0)
                 * (1.0 - n->vacation_weeks * 7.0 / 365.0);
  return hours_per_bed_day (n, role) / (avail * n->fte_hours_per_year / 365.0);
}

/* The OR-team FTE that staff one more session a week of that length. */
double
pks_staffing_fte_per_session (const PksStaffingNorms *n, double session_minutes)
{
  double avail = (1.0 - n->sick_leave_pct / 100.0) * (1.0 - n->vacancy_pct / 100.0)
                 * (1.0 - n->vacation_weeks * 7.0 / 365.0);
  return (session_minutes / 60.0) / (7.0 * avail * n->fte_hours_per_year / 365.0);
}
