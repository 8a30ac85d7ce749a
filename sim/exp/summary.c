/* summary.c — means and 95 % Student-t intervals over replications, and
 * paired plan − base differences (common random numbers make the pairs
 * positively correlated, so the paired interval is narrow). Replications
 * are reduced in index order, so sums never depend on thread timing. */
#include "pks/exp/runner.h"
#include "pks/stats/stats.h"

#include <math.h>
#include <string.h>

PksEstimate
pks_estimate_of (const double *x, guint n)
{
  PksWelford w;
  pks_welford_init (&w);
  for (guint i = 0; i < n; i++)
    if (!isnan (x[i]))
      pks_welford_add (&w, x[i]);
  PksEstimate e = { NAN, NAN, NAN, (guint) w.n };
  if (w.n == 0)
    return e;
  e.mean = w.mean;
  double hw = pks_welford_halfwidth (&w, 0.95);
  if (w.n == 1)
    hw = NAN;
  e.ci_low = e.mean - hw;
  e.ci_high = e.mean + hw;
  return e;
}

PksSummary *
pks_summary_new (const PksModel *m, PksRepResult *const *reps, guint n_reps)
{
  PksSummary *s = g_new0 (PksSummary, 1);
  s->model = m;
  s->n_reps = n_reps;
  guint ne = pks_model_n_entities (m);
  s->est = g_new (PksEstimate, (gsize) ne * PKS_N_METRICS);
  g_autofree double *x = g_new (double, MAX (1u, n_reps));
  for (guint e = 0; e < ne; e++)
    for (int k = 0; k < PKS_N_METRICS; k++)
      {
        for (guint r = 0; r < n_reps; r++)
          x[r] = pks_rep_metric (reps[r], e, k);
        *pks_summary_get (s, e, k) = pks_estimate_of (x, n_reps);
      }
  return s;
}

void
pks_summary_free (PksSummary *s)
{
  if (s == NULL)
    return;
  g_free (s->est);
  g_free (s);
}

/* Metrics whose precision --precision controls: the region's headline
 * figures. Counts of rare events (transfers) are left out: their relative
 * precision can need thousands of replications. */
static const PksMetric headline[] = {
  PKS_M_ADMISSIONS, PKS_M_BED_DAYS, PKS_M_OCCUPANCY_PCT, PKS_M_OVERCROWDED_DAYS,
  PKS_M_OUTLIED_DAYS, PKS_M_OPERATIONS, PKS_M_VG_FIRST_VISIT_PCT, PKS_M_VG_TREATMENT_PCT,
};

double
pks_summary_worst_precision (const PksSummary *s, PksMetric *which)
{
  double worst = 0.0;
  for (guint i = 0; i < G_N_ELEMENTS (headline); i++)
    {
      const PksEstimate *e = pks_summary_get (s, 0, headline[i]);
      if (isnan (e->mean) || fabs (e->mean) < 1e-9)
        continue;
      double rel = isnan (e->ci_high) ? INFINITY : (e->ci_high - e->mean) / fabs (e->mean);
      if (rel > worst)
        {
          worst = rel;
          if (which)
            *which = headline[i];
        }
    }
  return worst;
}

static int
find_entity (const PksModel *m, PksScope scope, const char *name)
{
  guint ne = pks_model_n_entities (m);
  for (guint e = 0; e < ne; e++)
    if (pks_model_entity_scope (m, e) == scope
        && (scope == PKS_SCOPE_REGION || strcmp (pks_model_entity_name (m, e), name) == 0))
      return (int) e;
  return -1;
}

GArray *
pks_compare (const PksModel *base, PksRepResult *const *base_reps, const PksModel *plan,
             PksRepResult *const *plan_reps, guint n_reps)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (PksDiffRow));
  g_autofree double *d = g_new (double, MAX (1u, n_reps));
  g_autofree double *b = g_new (double, MAX (1u, n_reps));
  g_autofree double *p = g_new (double, MAX (1u, n_reps));
  guint ne = pks_model_n_entities (base);
  for (guint e = 0; e < ne; e++)
    {
      PksScope scope = pks_model_entity_scope (base, e);
      const char *name = pks_model_entity_name (base, e);
      int pe = find_entity (plan, scope, name);
      if (pe < 0)
        continue;
      for (int k = 0; k < PKS_N_METRICS; k++)
        {
          for (guint r = 0; r < n_reps; r++)
            {
              b[r] = pks_rep_metric (base_reps[r], e, k);
              p[r] = pks_rep_metric (plan_reps[r], pe, k);
              d[r] = (isnan (b[r]) || isnan (p[r])) ? NAN : p[r] - b[r];
            }
          PksEstimate eb = pks_estimate_of (b, n_reps), ep = pks_estimate_of (p, n_reps);
          if (isnan (eb.mean) && isnan (ep.mean))
            continue;
          PksDiffRow row = { scope, g_strdup (name), (PksMetric) k, eb.mean, ep.mean,
                             pks_estimate_of (d, n_reps) };
          g_array_append_val (rows, row);
        }
    }
  return rows;
}

void
pks_compare_free (GArray *rows)
{
  if (rows == NULL)
    return;
  for (guint i = 0; i < rows->len; i++)
    g_free (g_array_index (rows, PksDiffRow, i).name);
  g_array_unref (rows);
}

void
pks_daily_diff_free (PksDailyDiff *d)
{
  if (d == NULL)
    return;
  g_free (d->name);
  g_free (d->staffed);
  g_free (d->census);
  g_free (d->overcrowded);
  g_free (d);
}

/* The units of m in the region (site NULL) or at the site so named. */
static GArray *
units_at (const PksModel *m, const char *site)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint u = 0; u < pks_model_n_units (m); u++)
    if (pks_model_unit_has_beds (m, u)
        && (site == NULL || !strcmp (pks_model_site_name (m, pks_model_unit_site (m, u)), site)))
      g_array_append_val (a, u);
  return a;
}

/* Census and patients above staffed beds of units on day d of one
 * replication, summed. */
static void
day_sums (const PksModel *m, const PksRepResult *r, const GArray *units, guint d, double *census,
          double *over, double *staffed)
{
  guint nd = pks_model_n_days (m);
  *census = *over = *staffed = 0;
  for (guint i = 0; i < units->len; i++)
    {
      guint u = g_array_index (units, guint, i);
      double c = r->census[(gsize) u * nd + d];
      int s = pks_model_staffed_beds (m, u, d);
      *census += c;
      *over += MAX (0.0, c - s);
      *staffed += s;
    }
}

PksDailyDiff *
pks_compare_daily (const PksModel *base, PksRepResult *const *br, const PksModel *plan,
                   PksRepResult *const *pr, guint n_reps, PksScope scope, const char *name)
{
  guint nd = pks_model_n_days (base);
  if (n_reps == 0 || nd != pks_model_n_days (plan) || pks_model_start (base) != pks_model_start (plan)
      || br[0]->census == NULL || pr[0]->census == NULL)
    return NULL;
  const char *site = scope == PKS_SCOPE_REGION ? NULL : name;
  g_autoptr (GArray) bu = units_at (base, site), pu = units_at (plan, site);
  if (site && (bu->len == 0 || pu->len == 0))
    return NULL;
  PksDailyDiff *dd = g_new0 (PksDailyDiff, 1);
  dd->scope = scope;
  dd->name = g_strdup (name);
  dd->n_days = nd;
  dd->staffed = g_new (double, MAX (1u, nd));
  dd->census = g_new (PksEstimate, MAX (1u, nd));
  dd->overcrowded = g_new (PksEstimate, MAX (1u, nd));
  g_autofree double *dc = g_new (double, n_reps), *dov = g_new (double, n_reps);
  for (guint d = 0; d < nd; d++)
    {
      double bs = 0, ps = 0;
      for (guint r = 0; r < n_reps; r++)
        {
          double bc, bo, pc, po;
          day_sums (base, br[r], bu, d, &bc, &bo, &bs);
          day_sums (plan, pr[r], pu, d, &pc, &po, &ps);
          dc[r] = pc - bc;
          dov[r] = po - bo;
        }
      dd->staffed[d] = ps - bs;
      dd->census[d] = pks_estimate_of (dc, n_reps);
      dd->overcrowded[d] = pks_estimate_of (dov, n_reps);
    }
  return dd;
}
