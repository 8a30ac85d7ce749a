/* capacity.c — the daily capacity of every unit: units.csv numbers, then
 * changes.csv rows applied in file order, then (when staffing.csv is given)
 * the beds and sessions that the staff on duty can cover, and the physical
 * beds. A change with `staff = own` or `agency` brings the staff its beds or
 * sessions need by the norms, day by day. docs/staffing.md explains the
 * model with a worked example, what binds a unit's beds on a day, and how
 * costs follow the staff.
 *
 * The same computation also explains itself (pks_capacity_notes): which
 * changes staff or physical beds cut down, which fall below zero, and which
 * close a unit whose staff stay on the payroll, so the loader can say so. */
#include "capacity.h"

#include <math.h>
#include <string.h>

/* a unit-day that no role's staff limit (no staffing rows) */
#define NO_LIMIT G_MAXINT

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
spread_weekly (PksDate epoch, guint nd, const double *weekly, int *daily)
{
  double carry = 0.0;
  for (guint d = 0; d < nd; d++)
    {
      if (pks_date_weekday (epoch + d) >= 5)
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

/* 1 − the leave share of every simulated day: each date's leave computed
 * once, not once per unit and role (transfer full). The fraction of
 * contracted staff on annual leave on a date: summer_weeks of the vacation
 * fall evenly inside [summer_from, summer_to] (moved to the date's year),
 * the rest evenly over the other days of the year. Its two values are
 * computed once a year: per date, a 100-year model asked the year, month
 * and day of every date three times, a third of compiling it. */
static double *
cap_present (const PksStaffingNorms *n, PksDate epoch, guint nd)
{
  double *p = g_new (double, MAX (1u, nd));
  PksDate sf = 0, st = 0, next_year = 0;
  double in_summer = 0.0, off_summer = 0.0;
  for (guint d = 0; d < nd; d++)
    {
      PksDate date = epoch + d;
      if (d == 0 || date >= next_year)
        {
          int y = pks_date_year (date);
          next_year = pks_date_from_ymd (y + 1, 1, 1);
          sf = in_year (n->summer_from, y);
          st = in_year (n->summer_to, y);
          double summer_days = (double) (st - sf + 1);
          double year_days = (double) (next_year - pks_date_from_ymd (y, 1, 1));
          in_summer = MIN (1.0, n->summer_weeks * 7.0 / summer_days);
          double rest = year_days - summer_days;
          off_summer = rest > 0 ? MIN (1.0, (n->vacation_weeks - n->summer_weeks) * 7.0 / rest)
                                : 0.0;
        }
      p[d] = 1.0 - (date >= sf && date <= st ? in_summer : off_summer);
    }
  return p;
}

/* ---------- the computation ---------- */

enum { ADD_BEDS, ADD_SESSIONS, N_ADD };

typedef struct {
  const PksScenario *s;
  PksDate epoch;
  guint nd, warmup;
  guint u0, nu;                /* the units computed: u0 … u0 + nu − 1 (arrays count from u0) */
  const double *present;       /* per simulated day, 1 − the leave share (cap_present); may be shared */
  gboolean explain;            /* keep what pks_capacity_notes reads */

  /* results, [unit * nd + day] */
  int *beds, *staffed, *sessions, *slots;
  double *staff_cost, *agency_cost;   /* per unit, reported days */
  double *planned_days, *staff_bound, *beds_bound;   /* per unit, reported days */

  /* working arrays; kept for the explanation */
  double *val[PKS_N_RESOURCES];   /* planned, exact, after every change */
  double *add[N_ADD][2];          /* capacity that brings its staff [own, agency]; NULL if none */
  int *planned;                   /* planned staffed beds, rounded */
  int *cover;                     /* beds the staff on duty cover, NO_LIMIT where unlimited */
  int *cover_role[2];             /* the same per ward role (explain) */
  double *sess_cover;             /* sessions a week the OR teams cover, INFINITY where unlimited (explain) */
  double *payroll_fte, *payroll_cost;   /* FTE on the books and staff cost per unit-day (explain) */
  guint *last_set[PKS_N_RESOURCES];     /* 1 + index of the last `=N` row per unit-day (explain) */
} Cap;

static void
cap_clear (Cap *c)
{
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    {
      g_free (c->val[r]);
      g_free (c->last_set[r]);
    }
  for (int a = 0; a < N_ADD; a++)
    for (int k = 0; k < 2; k++)
      g_free (c->add[a][k]);
  g_free (c->planned);
  g_free (c->cover);
  g_free (c->cover_role[0]);
  g_free (c->cover_role[1]);
  g_free (c->sess_cover);
  g_free (c->payroll_fte);
  g_free (c->payroll_cost);
}

/* Planned capacity: units.csv, then every change in file order (a plan's
 * rows after its base's); the capacity a staffed change adds, by mode. */
static void
cap_plan (Cap *c)
{
  const PksScenario *s = c->s;
  guint nd = c->nd, nu = c->nu;
  gsize cells = (gsize) nu * nd;
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    c->val[r] = g_new (double, cells);
  for (guint u = 0; u < nu; u++)
    {
      const PksUnitDef *ud = pks_unit (s, c->u0 + u);
      for (guint d = 0; d < nd; d++)
        {
          gsize i = (gsize) u * nd + d;
          c->val[PKS_RES_BEDS][i] = ud->beds;
          c->val[PKS_RES_STAFFED_BEDS][i] = ud->staffed_beds;
          c->val[PKS_RES_OR_SESSIONS][i] = ud->or_sessions_per_week;
          c->val[PKS_RES_VISIT_SLOTS][i] = ud->visit_slots_per_week;
        }
    }
  for (guint k = 0; k < s->changes->len; k++)
    {
      const PksChange *ch = &g_array_index (s->changes, PksChange, k);
      gint64 d0 = (gint64) ch->from - (gint64) c->epoch;
      gint64 d1 = ch->to ? (gint64) ch->to - (gint64) c->epoch : (gint64) nd - 1;
      if (d0 < 0)
        d0 = 0;
      if (d1 > (gint64) nd - 1)
        d1 = (gint64) nd - 1;
      /* clamped after every row, so that rows of +1000 % cannot compound
       * to infinity (the loader bounds each row, not their product) */
      double hi = pks_resource_max (ch->resource);
      int a = ch->resource == PKS_RES_STAFFED_BEDS ? ADD_BEDS
              : ch->resource == PKS_RES_OR_SESSIONS ? ADD_SESSIONS : -1;
      double *add = NULL;
      if (ch->staff != PKS_STAFF_NONE && a >= 0)
        {
          int mode = ch->staff == PKS_STAFF_AGENCY;
          if (c->add[a][mode] == NULL)
            c->add[a][mode] = g_new0 (double, cells);
          add = c->add[a][mode];
        }
      if (c->explain && ch->op == PKS_CHANGE_SET && c->last_set[ch->resource] == NULL)
        c->last_set[ch->resource] = g_new0 (guint, cells);
      for (guint u = 0; u < nu; u++)
        {
          if (!selected (s, ch, c->u0 + u))
            continue;
          gsize base = (gsize) u * nd;
          double *v = c->val[ch->resource] + base;
          for (gint64 d = d0; d <= d1; d++)
            {
              double after = CLAMP (apply_op (ch->op, ch->value, v[d]), 0.0, hi);
              if (add)
                add[base + d] += after - v[d];
              v[d] = after;
              if (c->explain && ch->op == PKS_CHANGE_SET)
                c->last_set[ch->resource][base + d] = k + 1;
            }
        }
    }
}

/* Staff and their cover per unit, role and day: beds and sessions the staff
 * on duty can keep open, and what the staff cost. */
static void
cap_staff (Cap *c)
{
  const PksScenario *s = c->s;
  guint nd = c->nd, nu = c->nu;
  gsize cells = (gsize) nu * nd;
  gboolean has_staff[PKS_N_ROLES];
  const PksStaffingNorms *n = &s->norms;
  double avail_base = (1.0 - n->sick_leave_pct / 100.0) * (1.0 - n->vacancy_pct / 100.0);
  double premium = 1.0 + s->costs.agency_premium_pct / 100.0;
  g_autofree double *fte = g_new (double, nd);
  g_autofree double *fte_agency = g_new (double, nd);
  /* an FTE's hours on duty a day, by the day's leave */
  g_autofree double *own_present = c->present ? NULL : cap_present (n, c->epoch, nd);
  const double *present = c->present ? c->present : own_present;
  g_autofree double *fte_hours = g_new (double, nd);
  for (guint d = 0; d < nd; d++)
    fte_hours[d] = avail_base * present[d] * n->fte_hours_per_year / 365.0;
  c->cover = g_new (int, cells);
  for (gsize i = 0; i < cells; i++)
    c->cover[i] = NO_LIMIT;
  if (c->explain)
    {
      c->cover_role[0] = g_new (int, cells);
      c->cover_role[1] = g_new (int, cells);
      c->sess_cover = g_new (double, cells);
      c->payroll_fte = g_new0 (double, cells);
      c->payroll_cost = g_new0 (double, cells);
      for (gsize i = 0; i < cells; i++)
        {
          c->cover_role[0][i] = c->cover_role[1][i] = NO_LIMIT;
          c->sess_cover[i] = INFINITY;
        }
    }
  /* staffing rows by unit (a counting sort), so each unit reads only its own */
  guint nr = s->staffing->len;
  g_autofree guint *row_first = g_new0 (guint, nu + 1);
  g_autofree guint *by_unit = g_new (guint, MAX (1u, nr));
#define IN_RANGE(k) (g_array_index (s->staffing, PksStaffRow, (k)).unit - c->u0 < nu)
#define LOCAL(k) (g_array_index (s->staffing, PksStaffRow, (k)).unit - c->u0)
  for (guint k = 0; k < nr; k++)
    if (IN_RANGE (k))
      row_first[LOCAL (k) + 1]++;
  for (guint u = 0; u < nu; u++)
    row_first[u + 1] += row_first[u];
  {
    g_autofree guint *fill = g_memdup2 (row_first, sizeof (guint) * nu);
    for (guint k = 0; k < nr; k++)
      if (IN_RANGE (k))
        by_unit[fill[LOCAL (k)]++] = k;
  }
#undef IN_RANGE
#undef LOCAL
  for (guint u = 0; u < nu; u++)
    {
      gsize base = (gsize) u * nd;
      double *sess_week = c->val[PKS_RES_OR_SESSIONS] + base;
      double session_h = pks_unit (s, c->u0 + u)->or_session_minutes / 60.0;
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
              gint64 d0 = r->from ? (gint64) r->from - (gint64) c->epoch : 0;
              gint64 d1 = r->to ? (gint64) r->to - (gint64) c->epoch : (gint64) nd - 1;
              for (gint64 d = MAX (d0, 0); d <= MIN (d1, (gint64) nd - 1); d++)
                {
                  fte[d] += r->fte;
                  if (r->agency)
                    fte_agency[d] += r->fte;
                }
            }
          if (!has_staff[role])
            continue;
          gboolean or_role = role == PKS_ROLE_OR_TEAM;
          /* what one unit of added capacity needs of this role, in hours a day */
          double need_h = or_role ? session_h / 7.0 : hours_per_bed_day (n, role);
          const double *add_own = c->add[or_role ? ADD_SESSIONS : ADD_BEDS][0];
          const double *add_ag = c->add[or_role ? ADD_SESSIONS : ADD_BEDS][1];
          double cost_day = s->costs.fte_year[role] / 365.0;
          for (guint d = 0; d < nd; d++)
            {
              gsize i = base + d;
              double f = MAX (0.0, fte[d]);
              double on_duty = f * avail_base * present[d];
              double hours = on_duty * n->fte_hours_per_year / 365.0;
              /* staffed changes: their capacity comes with its staff */
              double added = (add_own ? add_own[i] : 0.0) + (add_ag ? add_ag[i] : 0.0);
              double own_x = 0.0, ag_x = 0.0;
              if (fte_hours[d] > 0)
                {
                  own_x = add_own ? add_own[i] * need_h / fte_hours[d] : 0.0;
                  ag_x = add_ag ? add_ag[i] * need_h / fte_hours[d] : 0.0;
                }
              else
                added = 0.0;   /* nobody on duty: nobody to bring */
              if (or_role)
                {
                  /* one team-FTE staffs a session of the unit's length;
                   * a unit without theatres has none to staff */
                  double week_hours = hours * 7.0;
                  double cover = session_h > 0 ? MAX (0.0, week_hours / session_h + added) : INFINITY;
                  sess_week[d] = MIN (sess_week[d], cover);
                  if (c->sess_cover)
                    c->sess_cover[i] = cover;
                }
              else
                {
                  double cover = floor (hours / hours_per_bed_day (n, role) + added + 1e-9);
                  int cv = (int) MAX (0.0, MIN (cover, 1e6));
                  if (cv < c->cover[i])
                    c->cover[i] = cv;
                  if (c->explain)
                    c->cover_role[role][i] = cv;
                }
              double own = MAX (0.0, fte[d] - fte_agency[d] + own_x);
              double ag = MAX (0.0, fte_agency[d] + ag_x);
              if (d >= c->warmup)
                {
                  c->staff_cost[u] += (own + ag * premium) * cost_day;
                  c->agency_cost[u] += ag * premium * cost_day;
                }
              if (c->explain)
                {
                  c->payroll_fte[i] += own + ag;
                  c->payroll_cost[i] += (own + ag * premium) * cost_day;
                }
            }
        }
      for (guint d = 0; d < nd; d++)
        {
          gsize i = base + d;
          if (c->cover[i] < c->staffed[i])
            c->staffed[i] = c->cover[i];
        }
      /* without ward staff rows, staff are not modelled: the cost follows
       * the open beds, and agency beds carry the premium */
      if (!has_staff[PKS_ROLE_NURSE] && !has_staff[PKS_ROLE_ASSISTANT_NURSE])
        {
          const double *add_ag = c->add[ADD_BEDS][1];
          double rate = s->costs.staffed_bed_day;
          for (guint d = c->warmup; d < nd; d++)
            {
              c->staff_cost[u] += c->staffed[base + d] * rate;
              if (add_ag && add_ag[base + d] > 0)
                {
                  double x = MIN (add_ag[base + d], c->staffed[base + d]) * rate;
                  c->staff_cost[u] += x * (premium - 1.0);
                  c->agency_cost[u] += x * premium;
                }
            }
          if (c->explain)
            for (guint d = 0; d < nd; d++)
              c->payroll_cost[base + d] += c->staffed[base + d] * rate;
        }
      spread_weekly (c->epoch, nd, sess_week, c->sessions + base);
      spread_weekly (c->epoch, nd, c->val[PKS_RES_VISIT_SLOTS] + base, c->slots + base);
    }
}

/* What binds each unit on each reported day: planned staffed bed-days, and
 * the days on which staff or physical beds held the unit below its plan. */
static void
cap_bounds (Cap *c)
{
  for (guint u = 0; u < c->nu; u++)
    for (guint d = c->warmup; d < c->nd; d++)
      {
        gsize i = (gsize) u * c->nd + d;
        int p = c->planned[i], e = c->staffed[i];
        c->planned_days[u] += p;
        if (e >= p)
          continue;
        if (c->cover[i] == e)
          c->staff_bound[u] += 1;
        if (c->beds[i] == e)
          c->beds_bound[u] += 1;
      }
}

static void
cap_run (Cap *c)
{
  guint nd = c->nd, nu = c->nu;
  gsize cells = (gsize) nu * nd;
  cap_plan (c);
  c->beds = g_new (int, cells);
  c->staffed = g_new (int, cells);
  c->planned = g_new (int, cells);
  c->sessions = g_new (int, cells);
  c->slots = g_new (int, cells);
  c->staff_cost = g_new0 (double, nu);
  c->agency_cost = g_new0 (double, nu);
  c->planned_days = g_new0 (double, nu);
  c->staff_bound = g_new0 (double, nu);
  c->beds_bound = g_new0 (double, nu);
  for (gsize i = 0; i < cells; i++)
    {
      c->beds[i] = (int) MIN (5000.0, floor (c->val[PKS_RES_BEDS][i] + 0.5));
      c->planned[i] = (int) MIN (5000.0, floor (c->val[PKS_RES_STAFFED_BEDS][i] + 0.5));
      c->staffed[i] = MIN (c->beds[i], c->planned[i]);
    }
  cap_staff (c);
  cap_bounds (c);
}

void
pks_capacity_compute (PksModel *m, const PksScenario *s)
{
  Cap c = { .s = s, .epoch = m->epoch, .nd = m->n_sim_days, .u0 = 0, .nu = m->n_units,
            .warmup = m->warmup_days };
  cap_run (&c);
  m->beds = g_steal_pointer (&c.beds);
  m->staffed = g_steal_pointer (&c.staffed);
  m->sessions = g_steal_pointer (&c.sessions);
  m->slots = g_steal_pointer (&c.slots);
  m->staff_cost = g_steal_pointer (&c.staff_cost);
  m->agency_cost = g_steal_pointer (&c.agency_cost);
  m->planned_days = g_steal_pointer (&c.planned_days);
  /* the plan's staffed beds each day (approved), before staff cap them */
  m->planned = g_steal_pointer (&c.planned);
  m->staff_bound = g_steal_pointer (&c.staff_bound);
  m->beds_bound = g_steal_pointer (&c.beds_bound);
  cap_clear (&c);
}

/* ---------- the explanation ---------- */

typedef struct {
  PksCapacityNote note;
  double max_role_short[PKS_N_ROLES];   /* most capacity one role left closed on a day */
} Acc;

static void
acc_day (PksCapacityNote *x, PksDate date)
{
  if (x->days == 0)
    x->first = date;
  x->last = date;
  x->days++;
}

static void
acc_cover (PksCapacityNote *x, double cover)
{
  if (x->staff_short == 0 || cover < x->cover_min)
    x->cover_min = cover;
  if (x->staff_short == 0 || cover > x->cover_max)
    x->cover_max = cover;
}

/* Count one day of a row's share: planned and open, with (p, e) and
 * without (p0, e0) the row; returns what of its planned change is not open. */
static double
note_day (PksCapacityNote *x, PksDate date, double p, double p0, double e, double e0)
{
  acc_day (x, date);
  x->planned += p - p0;
  x->effective += e - e0;
  x->level += p;
  return (p - p0) - (e - e0);
}

/* One row's share of the final plan on one unit-day, against the plan with
 * the row's change taken out (with its staff, if it brings them). */
static void
note_beds_day (const Cap *c, Acc *a, gsize i, double delta, gboolean staffed_change, PksDate date)
{
  PksCapacityNote *x = &a->note;
  double hi = pks_resource_max (PKS_RES_STAFFED_BEDS);
  int p = c->planned[i];
  int p0 = (int) MIN (5000.0, floor (CLAMP (c->val[PKS_RES_STAFFED_BEDS][i] - delta, 0.0, hi) + 0.5));
  int b = c->beds[i], cv = c->cover[i];
  int cv0 = cv;
  if (staffed_change && cv != NO_LIMIT)
    cv0 = (int) MAX (0.0, floor (cv - delta + 0.5));
  int e = c->staffed[i], e0 = MIN (MIN (b, p0), cv0);
  if (p == p0 && e == e0)
    return;
  double short_ = note_day (x, date, p, p0, e, e0);
  if (short_ <= 0)
    return;
  if (cv < p && cv <= b)
    {
      acc_cover (x, cv);
      x->staff_short += short_;
      for (int r = 0; r < 2; r++)
        if (c->cover_role[r][i] != NO_LIMIT)
          a->max_role_short[r] = MAX (a->max_role_short[r],
                                      MIN (short_, (double) MAX (0, MIN (p, b) - c->cover_role[r][i])));
    }
  else if (b < p)
    {
      x->beds_short += short_;
      x->need_beds = MAX (x->need_beds, short_);
    }
}

static void
note_sessions_day (const Cap *c, Acc *a, gsize i, double delta, gboolean staffed_change, PksDate date)
{
  PksCapacityNote *x = &a->note;
  double p = c->val[PKS_RES_OR_SESSIONS][i];
  double p0 = CLAMP (p - delta, 0.0, pks_resource_max (PKS_RES_OR_SESSIONS));
  double cv = c->sess_cover[i];
  double cv0 = staffed_change && isfinite (cv) ? MAX (0.0, cv - delta) : cv;
  double e = MIN (p, cv), e0 = MIN (p0, cv0);
  if (fabs (p - p0) < 1e-9 && fabs (e - e0) < 1e-9)
    return;
  double short_ = note_day (x, date, p, p0, e, e0);
  if (short_ > 1e-9 && cv < p)
    {
      acc_cover (x, cv);
      x->staff_short += short_;
      a->max_role_short[PKS_ROLE_OR_TEAM] = MAX (a->max_role_short[PKS_ROLE_OR_TEAM], short_);
    }
}

/* Replay the changes as cap_plan applies them, to see each row's own
 * change, and judge it against the final plan: a later `=N` row on the
 * same day replaces it; other later rows are taken as they are. */
static void
cap_notes (const Cap *c, GArray *out)
{
  const PksScenario *s = c->s;
  guint nd = c->nd, nu = c->nu;
  gsize cells = (gsize) nu * nd;
  const PksStaffingNorms *n = &s->norms;
  double *val[PKS_N_RESOURCES];
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    val[r] = g_new (double, cells);
  for (guint u = 0; u < nu; u++)
    {
      const PksUnitDef *ud = pks_unit (s, c->u0 + u);
      for (guint d = 0; d < nd; d++)
        {
          gsize i = (gsize) u * nd + d;
          val[PKS_RES_BEDS][i] = ud->beds;
          val[PKS_RES_STAFFED_BEDS][i] = ud->staffed_beds;
          val[PKS_RES_OR_SESSIONS][i] = ud->or_sessions_per_week;
          val[PKS_RES_VISIT_SLOTS][i] = ud->visit_slots_per_week;
        }
    }
  for (guint k = 0; k < s->changes->len; k++)
    {
      const PksChange *ch = &g_array_index (s->changes, PksChange, k);
      gint64 d0 = MAX (0, (gint64) ch->from - (gint64) c->epoch);
      gint64 d1 = MIN ((gint64) nd - 1, ch->to ? (gint64) ch->to - (gint64) c->epoch : (gint64) nd - 1);
      double hi = pks_resource_max (ch->resource);
      gboolean with_staff = ch->staff != PKS_STAFF_NONE;
      for (guint u = 0; u < nu; u++)
        {
          if (!selected (s, ch, c->u0 + u))
            continue;
          gsize base = (gsize) u * nd;
          double *v = val[ch->resource] + base;
          PksCapacityNote head = { .change = k, .unit = c->u0 + u, .resource = ch->resource };
          PksCapacityNote clamp = head, close = head;
          clamp.kind = PKS_NOTE_CLAMPED;
          close.kind = PKS_NOTE_PAYROLL;
          Acc a = { head, { 0 } };
          a.note.kind = PKS_NOTE_SHORT;
          for (gint64 d = d0; d <= d1; d++)
            {
              gsize i = base + d;
              double before = v[d];
              double raw = apply_op (ch->op, ch->value, before);
              double after = CLAMP (raw, 0.0, hi);
              v[d] = after;
              if ((guint) d < c->warmup)
                continue;
              PksDate date = c->epoch + (PksDate) d;
              if (raw < -1e-9 || raw > hi + 1e-9)
                {
                  /* the most extreme value, below 0 first */
                  gboolean worse = clamp.days == 0 || (raw < 0 ? raw < clamp.level || clamp.level > hi
                                                                : clamp.level > hi && raw > clamp.level);
                  acc_day (&clamp, date);
                  if (worse)
                    {
                      clamp.level = raw;
                      clamp.before = before;
                    }
                }
              /* a later `=N` row replaced this one on this day */
              if (c->last_set[ch->resource] && c->last_set[ch->resource][i] > k + 1)
                continue;
              if (ch->resource == PKS_RES_STAFFED_BEDS)
                {
                  note_beds_day (c, &a, i, after - before, with_staff, date);
                  /* a row that closes the unit while its staff stay on the payroll */
                  if (!with_staff && after < before && c->planned[i] == 0 && c->payroll_fte[i] > 1e-9)
                    {
                      acc_day (&close, date);
                      close.fte += c->payroll_fte[i];
                      close.cost += c->payroll_cost[i];
                    }
                }
              else if (ch->resource == PKS_RES_OR_SESSIONS)
                note_sessions_day (c, &a, i, after - before, with_staff, date);
            }
          if (clamp.days)
            g_array_append_val (out, clamp);
          PksCapacityNote *x = &a.note;
          if (x->days && x->planned > 1e-9 && x->planned - x->effective > 1e-6)
            {
              x->level /= x->days;
              if (ch->resource == PKS_RES_STAFFED_BEDS)
                for (int r = 0; r < 2; r++)
                  x->need[r] = a.max_role_short[r] * pks_staffing_fte_per_bed (n, (PksRole) r);
              else
                x->need[PKS_ROLE_OR_TEAM] = a.max_role_short[PKS_ROLE_OR_TEAM]
                  * pks_staffing_fte_per_session (n, pks_unit (s, c->u0 + u)->or_session_minutes);
              g_array_append_val (out, *x);
            }
          if (close.days)
            {
              close.fte /= close.days;
              g_array_append_val (out, close);
            }
        }
    }
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    g_free (val[r]);
}

static int
cmp_note (gconstpointer a, gconstpointer b)
{
  const PksCapacityNote *x = a, *y = b;
  if (x->change != y->change)
    return x->change < y->change ? -1 : 1;
  if (x->unit != y->unit)
    return x->unit < y->unit ? -1 : 1;
  return (x->kind > y->kind) - (x->kind < y->kind);
}

/* One unit at a time, so the explanation needs memory for one unit's days
 * whatever the region's size (the compile keeps every unit's). */
GArray *
pks_capacity_notes (const PksScenario *s)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (PksCapacityNote));
  if (s->units->len == 0 || s->days <= 0 || s->changes->len == 0)
    return out;
  PksDate epoch = s->start - (PksDate) s->warmup_days;
  guint nd = (guint) (s->warmup_days + s->days);
  g_autofree double *present = cap_present (&s->norms, epoch, nd);
  for (guint u = 0; u < s->units->len; u++)
    {
      Cap c = { .s = s, .epoch = epoch, .nd = nd, .u0 = u, .nu = 1, .present = present,
                .warmup = (guint) s->warmup_days, .explain = TRUE };
      cap_run (&c);
      cap_notes (&c, out);
      g_free (c.beds);
      g_free (c.staffed);
      g_free (c.sessions);
      g_free (c.slots);
      g_free (c.staff_cost);
      g_free (c.agency_cost);
      g_free (c.planned_days);
      g_free (c.staff_bound);
      g_free (c.beds_bound);
      cap_clear (&c);
    }
  g_array_sort (out, cmp_note);
  return out;
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
