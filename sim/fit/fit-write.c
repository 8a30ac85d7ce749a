/* fit-write.c — pks fit's files: the scenario (as fit-scenario.c built
 * and the checks loaded it), fit.csv (every fitted number with its 95 %
 * CI and the cases behind it), fit_checks.csv (observed against fitted)
 * and, after a back-test, backtest.csv. All through PksOutput: whole or
 * absent. */
#include "fit-internal.h"
#include "pks/core/error.h"
#include "pks/output/output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *
los_source_name (PksLosSource s)
{
  static const char *n[] = { "own", "unit", "region", "none" };
  return n[s];
}

typedef struct {
  FILE *f;
  gboolean ok;
} Csv;

static void
prow (Csv *c, const char *unit, const char *flow, const char *name, PksFitParam p,
      const char *source)
{
  char v[32], lo[32], hi[32], n[32];
  const char *cells[] = { unit, flow, name, pks_fmt_num (v, p.value), pks_fmt_num (lo, p.lo),
                          pks_fmt_num (hi, p.hi), pks_fmt_num (n, p.n), source };
  c->ok &= pks_csv_write_row (c->f, cells, 8);
}

static PksFitParam
only (double v, double n)
{
  PksFitParam p = { v, NAN, NAN, n };
  return p;
}

static void
write_params (Csv *c, const PksFit *f)
{
  const char *h[] = { "unit", "flow", "parameter", "value", "ci_low", "ci_high", "n", "source" };
  c->ok &= pks_csv_write_row (c->f, h, 8);
  for (guint i = 0; i < f->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      const char *u = x->unit, *n = x->name;
      const char *src = los_source_name (x->los_source);
      prow (c, u, n, "per_year", x->per_year, x->scheduled ? "elective admissions" : "");
      prow (c, u, n, "los_days", x->los_days, src);
      prow (c, u, n, "los_cv", x->los_cv, src);
      prow (c, u, n, "discharge_delay_p", x->delay_p, src);
      prow (c, u, n, "discharge_delay_days", x->delay_days, src);
      if (x->kind == PKS_FLOW_ELECTIVE)
        {
          prow (c, u, n, "treat_p", x->treat_p, "");
          prow (c, u, n, "inpatient_p", x->inpatient_p, "");
          prow (c, u, n, "surgery_minutes", x->surgery_minutes, "");
          prow (c, u, n, "surgery_cv", x->surgery_cv, "");
          prow (c, u, n, "priority_share", x->priority_share, "");
          prow (c, u, n, "wait_first_visit_median_days", only (x->wait_first_median, NAN), "");
          prow (c, u, n, "wait_treatment_median_days", only (x->wait_treat_median, NAN), "");
        }
      for (int w = 0; w < 7 && x->has_weekday; w++)
        {
          char name[16];
          g_snprintf (name, sizeof name, "weekday_%d", w + 1);
          PksFitParam p = { x->weekday[w], x->weekday_lo[w], x->weekday_hi[w], NAN };
          prow (c, u, n, name, p, "");
        }
      for (int m = 0; m < 12 && x->has_month; m++)
        {
          char name[16];
          g_snprintf (name, sizeof name, "month_%d", m + 1);
          PksFitParam p = { x->month[m], x->month_lo[m], x->month_hi[m], NAN };
          prow (c, u, n, name, p, "");
        }
      PksFitParam ks = { x->ks, NAN, x->ks_crit, x->stays };
      prow (c, u, n, "los_ks_distance", ks, "");
      prow (c, u, n, "arrivals_dispersion", only (x->dispersion, x->cases), "");
    }
  for (guint i = 0; i < f->units->len; i++)
    {
      const PksFitUnit *x = g_ptr_array_index (f->units, i);
      const char *u = x->name;
      const char *cap = x->capacity_given ? "units.csv" : "census";
      prow (c, u, "", "beds", only (x->beds, NAN), cap);
      prow (c, u, "", "staffed_beds", only (x->staffed_beds, NAN), cap);
      prow (c, u, "", "visit_slots_per_week", only (x->visit_slots_per_week, NAN),
            x->slots_given ? "units.csv" : x->slots_binding ? "first visits" : "first visits, p90");
      prow (c, u, "", "or_sessions_per_week", only (x->or_sessions_per_week, NAN),
            x->sessions_given ? "units.csv" : x->sessions_from_times ? "theatres in use"
            : x->ops_binding ? "operations" : "operations, p90");
      prow (c, u, "", "or_session_minutes", only (x->or_session_minutes, NAN),
            x->minutes_given ? "units.csv" : x->sessions_from_times ? "busy minutes per room, p90"
            : "default");
      prow (c, u, "", "first_visits_per_week", x->slots_obs, "observed");
      prow (c, u, "", "operations_per_week", x->ops_obs, "observed");
      PksFitParam cm = { x->census_mean, x->census_sim_lo, x->census_sim_hi, NAN };
      prow (c, u, "", "census_mean", cm, "observed; CI: re-run");
      prow (c, u, "", "census_p95", only (x->census_p95, NAN), "observed");
      prow (c, u, "", "admissions", only (x->admissions, NAN), "observed");
      prow (c, u, "", "outlied_patients", only (x->outlied_patients, NAN), "observed");
      prow (c, u, "", "outlied_days", only (x->outlied_days, NAN), "observed");
      prow (c, u, "", "in_bed_at_start", only (x->in_census, NAN), "census.csv");
      prow (c, u, "", "waiting_first_visit_at_start", only (x->waiting_first, NAN), "waitlist.csv");
      prow (c, u, "", "waiting_treatment_at_start", only (x->waiting_treatment, NAN), "waitlist.csv");
    }
}

static void
crow (Csv *c, const char *unit, const char *flow, const char *check, int key, double obs,
      double fit, double lo, double hi)
{
  char k[16], a[32], b[32], l[32], h[32];
  g_snprintf (k, sizeof k, "%d", key);
  const char *cells[] = { unit, flow, check, k, pks_fmt_num (a, obs), pks_fmt_num (b, fit),
                          pks_fmt_num (l, lo), pks_fmt_num (h, hi) };
  c->ok &= pks_csv_write_row (c->f, cells, 8);
}

static void
write_checks (Csv *c, const PksFit *f)
{
  const char *h[] = { "unit", "flow", "check", "key", "observed", "fitted", "fitted_low",
                      "fitted_high" };
  c->ok &= pks_csv_write_row (c->f, h, 8);
  for (guint i = 0; i < f->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      for (int w = 0; w < 7; w++)
        crow (c, x->unit, x->name, "arrivals_per_day_by_weekday", w + 1, x->wd_obs[w], x->wd_fit[w],
              NAN, NAN);
      for (int m = 0; m < 12; m++)
        if (!isnan (x->mo_obs[m]))
          crow (c, x->unit, x->name, "arrivals_per_day_by_month", m + 1, x->mo_obs[m],
                x->mo_fit[m], NAN, NAN);
      if (x->los_source != PKS_LOS_NONE)
        for (int d = 0; d < PKS_FIT_DAY_BINS; d++)
          crow (c, x->unit, x->name, "los_share_by_whole_days", d, x->los_obs[d], x->los_fit[d],
                NAN, NAN);
    }
  for (guint i = 0; i < f->units->len && f->checked; i++)
    {
      const PksFitUnit *x = g_ptr_array_index (f->units, i);
      for (int w = 0; w < 7; w++)
        crow (c, x->name, "", "census_by_weekday", w + 1, x->census_wd_obs[w], x->census_wd_fit[w],
              x->census_wd_lo[w], x->census_wd_hi[w]);
    }
}

static void
write_backtest (Csv *c, const PksFit *f)
{
  const char *h[] = { "month", "scope", "name", "metric", "actual", "sim_mean", "sim_low",
                      "sim_high", "inside" };
  c->ok &= pks_csv_write_row (c->f, h, 9);
  for (guint i = 0; i < f->bt_rows->len; i++)
    {
      const PksBacktestRow *r = &g_array_index (f->bt_rows, PksBacktestRow, i);
      char a[32], m[32], l[32], hi[32];
      const PksFitUnit *u = r->unit >= 0 ? g_ptr_array_index (f->units, r->unit) : NULL;
      const char *cells[] = { g_ptr_array_index (f->bt_months, r->month), u ? "unit" : "region",
                              u ? u->name : "Region", pks_backtest_metric_name (r->metric),
                              pks_fmt_num (a, r->actual), pks_fmt_num (m, r->mean),
                              pks_fmt_num (l, r->lo), pks_fmt_num (hi, r->hi),
                              r->actual >= r->lo && r->actual <= r->hi ? "1" : "0" };
      c->ok &= pks_csv_write_row (c->f, cells, 9);
    }
}

static gboolean
table (PksOutput *o, const char *name, void (*fn) (Csv *, const PksFit *), const PksFit *f,
       GError **error)
{
  Csv c = { pks_output_begin (o, name, error), TRUE };
  if (c.f == NULL)
    return FALSE;
  fn (&c, f);
  if (!c.ok)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed", name);
      return FALSE;
    }
  return pks_output_end (o, error);
}

gboolean
pks_fit_write (const PksFit *f, PksOutput *o, GError **error)
{
  for (guint i = 0; i < f->file_names->len; i++)
    {
      const char *name = g_ptr_array_index (f->file_names, i);
      const GString *s = g_ptr_array_index (f->file_texts, i);
      FILE *fp = pks_output_begin (o, name, error);
      if (fp == NULL)
        return FALSE;
      if (fwrite (s->str, 1, s->len, fp) != s->len)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed", name);
          return FALSE;
        }
      if (!pks_output_end (o, error))
        return FALSE;
    }
  return table (o, "fit.csv", write_params, f, error)
         && table (o, "fit_checks.csv", write_checks, f, error)
         && (!f->backtest || table (o, "backtest.csv", write_backtest, f, error));
}
