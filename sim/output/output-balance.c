/* output-balance.c — the PKS balance and the national statistics' own
 * shapes: balance.csv (contract section 5.3), waiting_times.csv (the
 * national waiting-time buckets per month) and national.csv (overcrowded
 * and outlied patients per 100 staffed beds at the census hour, per month;
 * approved and available beds per ISO week). docs/balance.md and
 * docs/metrics.md define every figure. */
#include "pks/output/output.h"
#include "pks/exp/balance.h"
#include "pks/core/error.h"
#include "pks/stats/stats.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static gboolean
write_failed (GError **error, const char *what)
{
  g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed: %s", what,
               g_strerror (errno ? errno : EIO));
  return FALSE;
}

/* The units of entity e into units; their number. */
static guint
entity_units (const PksModel *m, guint e, guint *units)
{
  guint k = 0;
  for (guint u = 0; u < pks_model_n_units (m); u++)
    if (pks_model_entity_has_unit (m, e, u))
      units[k++] = u;
  return k;
}

/* mean, ci_low, ci_high of an estimate into three cells of row. */
static void
est_cells (const char **row, char (*buf)[32], const PksEstimate *e)
{
  row[0] = pks_fmt_num (buf[0], e->mean);
  row[1] = pks_fmt_num (buf[1], e->ci_low);
  row[2] = pks_fmt_num (buf[2], e->ci_high);
}

gboolean
pks_write_balance_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps, guint n,
                       GError **error)
{
  FILE *f = pks_output_begin (o, "balance.csv", error);
  if (!f)
    return FALSE;
  static const char *hdr[] = {
    "period", "scope", "name", "resource", "demand_mean", "capacity_mean", "production_mean",
    "demand_ci_low", "demand_ci_high", "capacity_ci_low", "capacity_ci_high",
    "production_ci_low", "production_ci_high", "backlog_change_mean", "backlog_change_ci_low",
    "backlog_change_ci_high", "backlog_end_mean", "backlog_end_ci_low", "backlog_end_ci_high",
    "removed_mean", "removed_ci_low", "removed_ci_high", "days",
  };
  enum { NC = G_N_ELEMENTS (hdr) };
  gboolean ok = pks_csv_write_row (f, hdr, NC);
  g_autoptr (GArray) rows = pks_balance_rows (m, reps, n);
  char b[18][32], days[16];
  for (guint i = 0; ok && i < rows->len; i++)
    {
      const PksBalanceRow *r = &g_array_index (rows, PksBalanceRow, i);
      const PksPeriod *p = pks_model_period (m, r->period);
      const char *row[NC];
      row[0] = p->label;
      row[1] = pks_scope_name (pks_model_entity_scope (m, r->entity));
      row[2] = pks_model_entity_name (m, r->entity);
      row[3] = pks_balance_resource_name (r->resource);
      row[4] = pks_fmt_num (b[0], r->demand.mean);
      row[5] = pks_fmt_num (b[1], r->capacity.mean);
      row[6] = pks_fmt_num (b[2], r->production.mean);
      row[7] = pks_fmt_num (b[3], r->demand.ci_low);
      row[8] = pks_fmt_num (b[4], r->demand.ci_high);
      row[9] = pks_fmt_num (b[5], r->capacity.ci_low);
      row[10] = pks_fmt_num (b[6], r->capacity.ci_high);
      row[11] = pks_fmt_num (b[7], r->production.ci_low);
      row[12] = pks_fmt_num (b[8], r->production.ci_high);
      est_cells (row + 13, b + 9, &r->change);
      est_cells (row + 16, b + 12, &r->end);
      est_cells (row + 19, b + 15, &r->removed);
      g_snprintf (days, sizeof days, "%u", p->n_days);
      row[22] = days;
      ok = pks_csv_write_row (f, row, NC);
    }
  if (!ok)
    return write_failed (error, "balance.csv");
  return pks_output_end (o, error);
}

static const char *
month_label (const PksModel *m, guint mi, char buf[12])
{
  PksDate d = pks_model_month_date (m, mi);
  g_snprintf (buf, 12, "%04d-%02d", pks_date_year (d), pks_date_month (d));
  return buf;
}

gboolean
pks_write_waiting_times_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                             guint n, GError **error)
{
  FILE *f = pks_output_begin (o, "waiting_times.csv", error);
  if (!f)
    return FALSE;
  static const char *hdr[] = { "month", "scope", "name", "list", "status", "bucket",
                               "count_mean", "count_ci_low", "count_ci_high", "share_pct" };
  gboolean ok = pks_csv_write_row (f, hdr, G_N_ELEMENTS (hdr));
  /* the region, sites, areas, clinics and units: no flow scope here */
  guint nu = pks_model_n_units (m), nm = pks_model_n_months (m);
  guint ne = pks_model_unit_entity (m, 0) + nu;
  static const char *lists[] = { "first_visit", "treatment" };
  static const char *status[] = { "waiting", "done" };
  g_autofree guint *units = g_new (guint, nu);
  g_autofree double *x = g_new (double, (gsize) MAX (1u, n) * PKS_N_WAIT_BUCKETS);
  char mb[12], b[3][32], share[32];
  for (guint mi = 0; ok && mi < nm; mi++)
    for (guint e = 0; ok && e < ne; e++)
      {
        guint k = entity_units (m, e, units);
        gboolean elective = FALSE;
        for (guint i = 0; i < k; i++)
          elective |= pks_model_unit_has_elective (m, units[i]);
        if (!elective)
          continue;
        for (int st = 0; st < 2; st++)
          for (int ss = 0; ss < 2; ss++)
            {
              /* each bucket's count per replication, then the total of
               * the means for the shares */
              double total = 0;
              PksEstimate est[PKS_N_WAIT_BUCKETS];
              for (int bk = 0; bk < PKS_N_WAIT_BUCKETS; bk++)
                {
                  for (guint r = 0; r < n; r++)
                    {
                      double c = 0;
                      for (guint i = 0; i < k; i++)
                        c += reps[r]->waits[PKS_WAITS_INDEX (nm, units[i], mi, st, ss, bk)];
                      x[r] = c;
                    }
                  est[bk] = pks_estimate_of (x, n);
                  total += est[bk].mean;
                }
              for (int bk = 0; ok && bk < PKS_N_WAIT_BUCKETS; bk++)
                {
                  const char *row[10] = { month_label (m, mi, mb),
                                          pks_scope_name (pks_model_entity_scope (m, e)),
                                          pks_model_entity_name (m, e), lists[st], status[ss],
                                          pks_wait_bucket_name (bk) };
                  est_cells (row + 6, b, &est[bk]);
                  row[9] = pks_fmt_num (share, total > 0 ? 100.0 * est[bk].mean / total : NAN);
                  ok = pks_csv_write_row (f, row, 10);
                }
            }
      }
  if (!ok)
    return write_failed (error, "waiting_times.csv");
  return pks_output_end (o, error);
}

/* Units that count in entity e's national figures: a unit its own; a site,
 * area, clinic or the region its somatic units with beds (the disponibla
 * vårdplatser of the national statistics). */
static guint
national_units (const PksModel *m, guint e, guint *units)
{
  guint k = 0;
  gboolean unit = pks_model_entity_scope (m, e) == PKS_SCOPE_UNIT;
  for (guint u = 0; u < pks_model_n_units (m); u++)
    if (pks_model_entity_has_unit (m, e, u) && pks_model_unit_has_beds (m, u)
        && (unit || pks_model_unit_somatic (m, u)))
      units[k++] = u;
  return k;
}

gboolean
pks_write_national_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps, guint n,
                        GError **error)
{
  FILE *f = pks_output_begin (o, "national.csv", error);
  if (!f)
    return FALSE;
  static const char *hdr[] = { "period", "scope", "name", "measure", "mean", "ci_low", "ci_high" };
  gboolean ok = pks_csv_write_row (f, hdr, G_N_ELEMENTS (hdr));
  /* the region, sites, areas, clinics and units: no flow scope here */
  guint nu = pks_model_n_units (m), nm = pks_model_n_months (m);
  guint ne = pks_model_unit_entity (m, 0) + nu;
  g_autofree guint *units = g_new (guint, nu);
  g_autofree double *x = g_new (double, MAX (1u, n));
  static const char *per100[] = { "overcrowded_per_100_beds", "outlied_per_100_beds" };
  char b[3][32];
  /* per month: the census counts per 100 staffed beds */
  for (guint p = 0; ok && p < pks_model_n_periods (m); p++)
    {
      const PksPeriod *pd = pks_model_period (m, p);
      if (pd->kind != PKS_PERIOD_MONTH)
        continue;
      guint mi = p;   /* months come first, one period each */
      for (guint e = 0; ok && e < ne; e++)
        {
          guint k = national_units (m, e, units);
          if (k == 0)
            continue;
          double staffed = 0;
          for (guint i = 0; i < k; i++)
            staffed += pks_model_capacity (m, units[i], p, PKS_BR_BED_DAYS);
          for (int c = 0; ok && c < 2; c++)
            {
              for (guint r = 0; r < n; r++)
                {
                  double cnt = 0;
                  for (guint i = 0; i < k; i++)
                    cnt += reps[r]->national[PKS_NATIONAL_INDEX (nm, units[i], mi, c)];
                  x[r] = staffed > 0 ? 100.0 * cnt / staffed : NAN;
                }
              PksEstimate est = pks_estimate_of (x, n);
              const char *row[7] = { pd->label, pks_scope_name (pks_model_entity_scope (m, e)),
                                     pks_model_entity_name (m, e), per100[c] };
              est_cells (row + 4, b, &est);
              ok = pks_csv_write_row (f, row, 7);
            }
        }
    }
  /* per ISO week: approved (planned) and available (staffed) beds, the
   * mean over the week's days; the same in every replication */
  for (guint p = 0; ok && p < pks_model_n_periods (m); p++)
    {
      const PksPeriod *pd = pks_model_period (m, p);
      if (pd->kind != PKS_PERIOD_WEEK)
        continue;
      for (guint e = 0; ok && e < ne; e++)
        {
          guint k = national_units (m, e, units);
          if (k == 0)
            continue;
          double planned = 0, avail = 0;
          for (guint d = pd->first_day; d < pd->first_day + pd->n_days; d++)
            for (guint i = 0; i < k; i++)
              {
                planned += pks_model_planned_beds (m, units[i], d);
                avail += pks_model_staffed_beds (m, units[i], d);
              }
          double v[2] = { planned / pd->n_days, avail / pd->n_days };
          static const char *names[] = { "approved_beds", "available_beds" };
          for (int c = 0; ok && c < 2; c++)
            {
              const char *row[7] = { pd->label, pks_scope_name (pks_model_entity_scope (m, e)),
                                     pks_model_entity_name (m, e), names[c],
                                     pks_fmt_num (b[0], v[c]), pks_fmt_num (b[1], v[c]),
                                     pks_fmt_num (b[2], v[c]) };
              ok = pks_csv_write_row (f, row, 7);
            }
        }
    }
  if (!ok)
    return write_failed (error, "national.csv");
  return pks_output_end (o, error);
}

/* The figure that counts a target's production. */
static PksBalanceFigure
target_figure (PksTargetResource r)
{
  return r == PKS_TARGET_FIRST_VISITS ? PKS_BF_FV_DONE
         : r == PKS_TARGET_OPERATIONS ? PKS_BF_OP_DONE : PKS_BF_ADMISSIONS;
}

gboolean
pks_write_production_csv (PksOutput *o, const PksScenario *s, const PksModel *m,
                          PksRepResult *const *reps, guint n, GError **error)
{
  if (s->targets->len == 0)
    return TRUE;
  FILE *f = pks_output_begin (o, "production.csv", error);
  if (!f)
    return FALSE;
  static const char *hdr[] = { "month", "scope", "name", "resource", "target", "production_mean",
                               "production_ci_low", "production_ci_high", "band_low", "band_high",
                               "gap_mean", "gap_ci_low", "gap_ci_high", "p_met" };
  enum { NC = G_N_ELEMENTS (hdr) };
  gboolean ok = pks_csv_write_row (f, hdr, NC);
  /* the region, sites, areas, clinics and units: no flow scope here */
  guint nu = pks_model_n_units (m), nm = pks_model_n_months (m);
  guint ne = pks_model_unit_entity (m, 0) + nu;
  /* tgt[(unit * nm + month) * R + resource]: the target, NaN where none */
  gsize cells = (gsize) nu * MAX (1u, nm) * PKS_N_TARGET_RES;
  g_autofree double *tgt = g_new (double, cells);
  for (gsize i = 0; i < cells; i++)
    tgt[i] = NAN;
  for (guint i = 0; i < s->targets->len; i++)
    {
      const PksTarget *t = &g_array_index (s->targets, PksTarget, i);
      for (guint mi = 0; mi < nm; mi++)
        {
          PksDate d = pks_model_month_date (m, mi);
          if (pks_date_year (d) == t->year && pks_date_month (d) == t->month)
            tgt[((gsize) t->unit * nm + mi) * PKS_N_TARGET_RES + t->resource] = t->target;
        }
    }
  g_autofree double *prod = g_new (double, MAX (1u, n));
  g_autofree double *gap = g_new (double, MAX (1u, n));
  char mb[12], b[10][32];
  /* each month, then "total": the months with a target, added */
  for (guint mi = 0; ok && mi <= nm; mi++)
    for (guint e = 0; ok && e < ne; e++)
      for (int res = 0; ok && res < PKS_N_TARGET_RES; res++)
        {
          double target = 0;
          guint with = 0;
          for (guint r = 0; r < n; r++)
            prod[r] = 0;
          for (guint u = 0; u < nu; u++)
            {
              if (!pks_model_entity_has_unit (m, e, u))
                continue;
              for (guint k = mi < nm ? mi : 0; k < (mi < nm ? mi + 1 : nm); k++)
                {
                  double x = tgt[((gsize) u * nm + k) * PKS_N_TARGET_RES + res];
                  if (isnan (x))
                    continue;
                  with++;
                  target += x;
                  for (guint r = 0; r < n; r++)
                    prod[r] += pks_balance_flow (m, reps[r], u, k, target_figure (res));
                }
            }
          if (with == 0)
            continue;
          guint met = 0;
          for (guint r = 0; r < n; r++)
            {
              gap[r] = prod[r] - target;
              met += prod[r] >= target;
            }
          PksEstimate ep = pks_estimate_of (prod, n), eg = pks_estimate_of (gap, n);
          /* the band in which 95 % of the simulated years fall (pks_percentile sorts) */
          double lo = pks_percentile (prod, n, 2.5), hi = pks_percentile (prod, n, 97.5);
          const char *row[NC] = { mi < nm ? month_label (m, mi, mb) : "total",
                                  pks_scope_name (pks_model_entity_scope (m, e)),
                                  pks_model_entity_name (m, e), pks_target_resource_name (res),
                                  pks_fmt_num (b[0], target) };
          est_cells (row + 5, b + 1, &ep);
          row[8] = pks_fmt_num (b[4], lo);
          row[9] = pks_fmt_num (b[5], hi);
          est_cells (row + 10, b + 6, &eg);
          row[13] = pks_fmt_num (b[9], n ? (double) met / n : NAN);
          ok = pks_csv_write_row (f, row, NC);
        }
  if (!ok)
    return write_failed (error, "production.csv");
  return pks_output_end (o, error);
}
