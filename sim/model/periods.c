/* periods.c — the PKS balance's calendar, a compile step: the boundaries
 * at which a replication records its figures (the first reported day, each
 * Monday and first of a month, the end), the periods between them (months,
 * tertials, ISO weeks), and what the plan provides a unit in a period. */
#include "periods.h"

#include <math.h>
#include <string.h>

static const char *resource_names[PKS_N_BR] = {
  "bed_days", "first_visits", "treatments", "operations", "or_minutes",
};

static const struct {
  const char *sv, *en, *unit_sv, *unit_en;
} resource_words[PKS_N_BR] = {
  { "Vårddygn", "Bed-days", "dygn", "days" },
  { "Nybesök", "First visits", "st", "visits" },
  { "Behandlingar", "Treatments", "st", "treatments" },
  { "Operationer", "Operations", "st", "operations" },
  { "Operationsminuter", "Operating minutes", "min", "min" },
};

int
pks_balance_resource_from_name (const char *name)
{
  for (int r = 0; name && r < PKS_N_BR; r++)
    if (!strcmp (resource_names[r], name))
      return r;
  return -1;
}

const char *
pks_balance_resource_label (PksBalanceResource r, PksLang lang)
{
  g_return_val_if_fail (r < PKS_N_BR, NULL);
  return lang == PKS_LANG_EN ? resource_words[r].en : resource_words[r].sv;
}

const char *
pks_balance_resource_unit (PksBalanceResource r, PksLang lang)
{
  g_return_val_if_fail (r < PKS_N_BR, NULL);
  return lang == PKS_LANG_EN ? resource_words[r].unit_en : resource_words[r].unit_sv;
}

const char *
pks_balance_resource_name (PksBalanceResource r)
{
  return r < PKS_N_BR ? resource_names[r] : NULL;
}

gboolean
pks_balance_resource_hard (PksBalanceResource r)
{
  return r == PKS_BR_FIRST_VISITS;
}

gboolean
pks_balance_figure_is_level (PksBalanceFigure f)
{
  return f == PKS_BF_FV_LIST || f == PKS_BF_TR_LIST || f == PKS_BF_OP_LIST
         || f == PKS_BF_MIN_LIST;
}

/* The boundary at the start of reported day d (d = days: the end). */
static guint
bound_at (const PksModel *m, guint d)
{
  return d >= m->days ? m->n_bounds - 1 : m->day_bound[d];
}

static void
add_period (GArray *a, const PksModel *m, PksPeriodKind kind, guint first, guint last_excl,
            const char *label)
{
  PksPeriod p = { kind, "", first, last_excl - first, bound_at (m, first), bound_at (m, last_excl) };
  g_strlcpy (p.label, label, sizeof p.label);
  g_array_append_val (a, p);
}

/* Treatments and operations one session minute holds when the unit's
 * elective flows come in their planned mix: Σ w / Σ w·minutes and
 * Σ_operations w / Σ w·minutes, w = per_year × treat_p. */
static void
session_yield (PksModel *m, const PksScenario *s)
{
  m->treat_per_min = g_new (double, m->n_units);
  m->op_per_min = g_new (double, m->n_units);
  for (guint u = 0; u < m->n_units; u++)
    {
      double w = 0, ops = 0, mins = 0;
      for (guint i = 0; i < s->flows->len; i++)
        {
          const PksFlowDef *f = pks_flow (s, i);
          if (f->unit != u || f->kind != PKS_FLOW_ELECTIVE || f->treat_p <= 0)
            continue;
          double x = f->per_year * f->treat_p;
          w += x;
          ops += f->other_treatment ? 0 : x;
          mins += x * f->surgery_minutes;
        }
      m->treat_per_min[u] = mins > 0 ? w / mins : NAN;
      m->op_per_min[u] = mins > 0 ? ops / mins : NAN;
    }
}

/* Which resources a unit has: capacity on some simulated day, or a flow
 * that needs it. */
static void
unit_resources (PksModel *m)
{
  m->has_res = g_new0 (gboolean, (gsize) m->n_units * PKS_N_BR);
  for (guint u = 0; u < m->n_units; u++)
    {
      gboolean *h = m->has_res + (gsize) u * PKS_N_BR;
      h[PKS_BR_BED_DAYS] = m->units[u].has_beds;
      for (guint d = 0; d < m->n_sim_days; d++)
        {
          h[PKS_BR_FIRST_VISITS] |= CAP (m, slots, u, d) > 0;
          h[PKS_BR_OR_MINUTES] |= CAP (m, sessions, u, d) > 0;
        }
      for (guint f = 0; f < m->n_flows; f++)
        {
          const ModelFlow *mf = &m->flows[f];
          if (mf->unit != u)
            continue;
          if (mf->kind == PKS_FLOW_ACUTE)
            {
              h[PKS_BR_BED_DAYS] = TRUE;
              h[PKS_BR_OPERATIONS] |= mf->treat_p > 0;
              continue;
            }
          h[PKS_BR_FIRST_VISITS] = TRUE;
          if (mf->treat_p > 0)
            {
              h[PKS_BR_TREATMENTS] = h[PKS_BR_OR_MINUTES] = TRUE;
              h[PKS_BR_OPERATIONS] |= !mf->other_treatment;
              h[PKS_BR_BED_DAYS] |= mf->inpatient_p > 0;
            }
        }
    }
}

/* A period's label: the year in four digits, '-', the kind's letter (none
 * for a month) and its number in at least `width` digits; what g_snprintf
 * of "%04d-%02d", "%04d-T%d" and "%04d-W%02d" gives, by hand: a 100-year
 * model has 6 400 periods, and g_snprintf was a fifth of compiling it. */
static void
period_label (char label[static 12], int year, char letter, int n, int width)
{
  if (year < 0 || year > 9999 || n < 0 || n > 99)
    {
      if (letter)
        g_snprintf (label, 12, "%04d-%c%0*d", year, letter, width, n);
      else
        g_snprintf (label, 12, "%04d-%0*d", year, width, n);
      return;
    }
  char *p = label;
  *p++ = (char) ('0' + year / 1000);
  *p++ = (char) ('0' + year / 100 % 10);
  *p++ = (char) ('0' + year / 10 % 10);
  *p++ = (char) ('0' + year % 10);
  *p++ = '-';
  if (letter)
    *p++ = letter;
  if (n >= 10 || width >= 2)
    *p++ = (char) ('0' + n / 10);
  *p++ = (char) ('0' + n % 10);
  *p = '\0';
}

void
pks_periods_compile (PksModel *m, const PksScenario *s)
{
  m->day_bound = g_new (guint, MAX (1u, m->days));
  m->n_bounds = 0;
  for (guint d = 0; d < m->days; d++)
    {
      PksDate date = m->start + d;
      if (d == 0 || pks_date_weekday (date) == 0 || pks_date_day (date) == 1)
        {
          m->day_bound[d] = m->n_bounds++;
          m->day_flags[m->warmup_days + d] |= DAY_BOUND;
        }
      else
        m->day_bound[d] = NONE;
    }
  m->n_bounds++;   /* the end */

  GArray *a = g_array_new (FALSE, FALSE, sizeof (PksPeriod));
  char label[12];
  for (guint mi = 0; mi < m->n_months; mi++)
    {
      PksDate f = m->month_first[mi];
      guint first = f - m->start;
      guint last = mi + 1 < m->n_months ? m->month_first[mi + 1] - m->start : m->days;
      period_label (label, pks_date_year (f), 0, pks_date_month (f), 2);
      add_period (a, m, PKS_PERIOD_MONTH, first, last, label);
    }
  /* tertials: January–April, May–August, September–December */
  for (guint mi = 0; mi < m->n_months;)
    {
      PksDate f = m->month_first[mi];
      int y = pks_date_year (f), t = (pks_date_month (f) - 1) / 4;
      guint mj = mi + 1;
      while (mj < m->n_months && pks_date_year (m->month_first[mj]) == y
             && (pks_date_month (m->month_first[mj]) - 1) / 4 == t)
        mj++;
      guint last = mj < m->n_months ? m->month_first[mj] - m->start : m->days;
      period_label (label, y, 'T', t + 1, 1);
      add_period (a, m, PKS_PERIOD_TERTIAL, f - m->start, last, label);
      mi = mj;
    }
  for (guint d = 0; d < m->days;)
    {
      guint e = d + 1;
      while (e < m->days && pks_date_weekday (m->start + e) != 0)
        e++;
      int iso_year, w = pks_date_iso_week (m->start + d, &iso_year);
      period_label (label, iso_year, 'W', w, 2);
      add_period (a, m, PKS_PERIOD_WEEK, d, e, label);
      d = e;
    }
  m->n_periods = a->len;
  m->periods = (PksPeriod *) g_array_free (a, FALSE);
  session_yield (m, s);
  unit_resources (m);
}

void
pks_periods_free (PksModel *m)
{
  g_free (m->day_bound);
  g_free (m->periods);
  g_free (m->treat_per_min);
  g_free (m->op_per_min);
  g_free (m->has_res);
}

guint pks_model_n_bounds (const PksModel *m) { return m->n_bounds; }
guint pks_model_n_periods (const PksModel *m) { return m->n_periods; }

const PksPeriod *
pks_model_period (const PksModel *m, guint p)
{
  g_return_val_if_fail (p < m->n_periods, NULL);
  return &m->periods[p];
}

gboolean
pks_model_unit_has_resource (const PksModel *m, guint unit, PksBalanceResource r)
{
  return m->has_res[(gsize) unit * PKS_N_BR + r];
}

double
pks_model_capacity (const PksModel *m, guint unit, guint p, PksBalanceResource r)
{
  const PksPeriod *pd = &m->periods[p];
  double sum = 0;
  for (guint d = pd->first_day; d < pd->first_day + pd->n_days; d++)
    {
      guint sd = m->warmup_days + d;
      switch (r)
        {
        case PKS_BR_BED_DAYS:
          sum += CAP (m, staffed, unit, sd);
          break;
        case PKS_BR_FIRST_VISITS:
          sum += CAP (m, slots, unit, sd);
          break;
        default:
          sum += CAP (m, sessions, unit, sd) * m->units[unit].session_min;
        }
    }
  if (r == PKS_BR_TREATMENTS)
    return sum * m->treat_per_min[unit];
  if (r == PKS_BR_OPERATIONS)
    return sum * m->op_per_min[unit];
  return sum;
}
