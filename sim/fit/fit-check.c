/* fit-check.c — the fitted scenario run against the data it came from:
 * re-run over the fitting period from the state at its start (census by
 * weekday, observed against simulated), and the back-test: run from the
 * end of the period with the state then, compared month by month with
 * what the extract shows afterwards (admissions, census, list lengths,
 * care-guarantee shares), each with the simulated 95 % band. */
#include "fit-internal.h"
#include "pks/core/error.h"
#include "pks/model/model.h"
#include "pks/stats/stats.h"
#include "pks/core/dist.h"
#include "pks/core/rng.h"

#include <math.h>
#include <string.h>

/* Replications of the scenario from start for days, the state given:
 * each replication's results, and (when counts is not NULL) its
 * admissions per unit and reported month, counted from the trace. */
typedef struct {
  const PksModel *m;
  double t0;
  guint *day_month;
  double *counts;          /* [unit][month] of the replication running */
} Count;

static void
count_admission (gpointer ctx, double t_min, guint64 patient, guint unit, guint flow,
                 PksTraceEvent ev, int host)
{
  (void) patient;
  (void) flow;
  (void) host;
  Count *c = ctx;
  if (ev != PKS_TRACE_ADMIT && ev != PKS_TRACE_OVERCROWD && ev != PKS_TRACE_OUTLIE
      && ev != PKS_TRACE_ADMIT_FORCED)
    return;
  if (t_min < c->t0)
    return;
  guint d = (guint) ((t_min - c->t0) / PKS_MIN_PER_DAY);
  if (d >= pks_model_n_days (c->m))
    return;
  c->counts[(gsize) unit * pks_model_n_months (c->m) + c->day_month[d]] += 1;
}

static PksModel *
state_model (FitCtx *c, PksDate start, int days, GArray *census, GArray *waiting, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (pks_fit_gstring_free);
  pks_fit_scenario_files (c, start, days, census, waiting, names, texts);
  g_autoptr (PksDiags) diags = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_fit_load_files (names, texts, diags, error);
  if (s == NULL)
    return NULL;
  return pks_model_new (s, error);
}

/* ---- parameter uncertainty ---- */

/* A flow's fitted numbers, kept while a replication runs with a draw of
 * them. */
typedef struct {
  double base, los, cv, delay_p, delay_days, treat_p, inpatient_p, minutes;
  double weekday[7], month[12];
} Saved;

/* Standard deviation on the log scale implied by a 95 % interval. */
static double
log_sd (const PksFitParam *p)
{
  if (!(p->lo > 0) || !(p->hi > 0) || !(p->value > 0))
    return 0.0;
  return (log (p->hi) - log (p->lo)) / (2 * PKS_Z95);
}

static double
draw_share (PksRng *r, const PksFitParam *p)
{
  if (isnan (p->value) || isnan (p->lo) || isnan (p->hi))
    return p->value;
  /* one draw: CLAMP evaluates its argument more than once */
  double v = p->value + pks_dist_normal (r, 0, 1) * (p->hi - p->lo) / (2 * PKS_Z95);
  return CLAMP (v, 0.0, 1.0);
}

/* Replace each flow's numbers by a draw from their sampling distribution
 * (lognormal for rates, stays and minutes, normal for shares, both with
 * the spread of their 95 % interval; profiles factor by factor, as
 * shrunk), so that the back-test's band holds what the data could not
 * pin down as well as the model's own variability. */
static void
perturb (PksFit *f, PksRng *r, Saved *save)
{
  for (guint i = 0; i < f->flows->len; i++)
    {
      PksFitFlow *x = g_ptr_array_index (f->flows, i);
      Saved *s = &save[i];
      s->base = x->base_per_day;
      s->los = x->los_days.value;
      s->cv = x->los_cv.value;
      s->delay_p = x->delay_p.value;
      s->delay_days = x->delay_days.value;
      s->treat_p = x->treat_p.value;
      s->inpatient_p = x->inpatient_p.value;
      s->minutes = x->surgery_minutes.value;
      memcpy (s->weekday, x->weekday, sizeof s->weekday);
      memcpy (s->month, x->month, sizeof s->month);
      x->base_per_day *= exp (pks_dist_normal (r, 0, 1) * log_sd (&x->per_year));
      x->los_days.value *= exp (pks_dist_normal (r, 0, 1) * log_sd (&x->los_days));
      x->los_cv.value *= exp (pks_dist_normal (r, 0, 1) * log_sd (&x->los_cv));
      x->delay_p.value = draw_share (r, &x->delay_p);
      x->delay_days.value *= exp (pks_dist_normal (r, 0, 1) * log_sd (&x->delay_days));
      x->treat_p.value = draw_share (r, &x->treat_p);
      x->inpatient_p.value = draw_share (r, &x->inpatient_p);
      x->surgery_minutes.value *= exp (pks_dist_normal (r, 0, 1) * log_sd (&x->surgery_minutes));
      double sw = 0;
      for (int w = 0; w < 7; w++)
        {
          PksFitParam p = { x->weekday[w], x->weekday_lo[w], x->weekday_hi[w], NAN };
          if (x->has_weekday)
            x->weekday[w] *= exp (pks_dist_normal (r, 0, 1) * x->shrink_weekday * log_sd (&p));
          sw += x->weekday[w] / 7.0;
        }
      for (int w = 0; w < 7; w++)
        x->weekday[w] /= sw;
      for (int m = 0; m < 12; m++)
        {
          PksFitParam p = { x->month[m], x->month_lo[m], x->month_hi[m], NAN };
          if (x->has_month)
            x->month[m] *= exp (pks_dist_normal (r, 0, 1) * x->shrink_month * log_sd (&p));
        }
    }
}

static void
restore (PksFit *f, const Saved *save)
{
  for (guint i = 0; i < f->flows->len; i++)
    {
      PksFitFlow *x = g_ptr_array_index (f->flows, i);
      const Saved *s = &save[i];
      x->base_per_day = s->base;
      x->los_days.value = s->los;
      x->los_cv.value = s->cv;
      x->delay_p.value = s->delay_p;
      x->delay_days.value = s->delay_days;
      x->treat_p.value = s->treat_p;
      x->inpatient_p.value = s->inpatient_p;
      x->surgery_minutes.value = s->minutes;
      memcpy (x->weekday, s->weekday, sizeof s->weekday);
      memcpy (x->month, s->month, sizeof s->month);
    }
}

/* Replications of the scenario from start for days with the state given,
 * each replication's results, and (adm not NULL) its admissions per unit
 * and reported month, counted from the trace. With uncertain, each
 * replication runs with its own draw of the fitted numbers. *model is
 * the scenario as fitted. */
static PksRepResult **
run_reps (FitCtx *c, PksDate start, int days, GArray *census, GArray *waiting, gboolean uncertain,
          double **adm, PksModel **model, GError **error)
{
  PksFit *fit = c->fit;
  guint n = fit->opt.replications;
  *model = state_model (c, start, days, census, waiting, error);
  if (*model == NULL)
    return NULL;
  const PksModel *m = *model;
  PksRepResult **rr = g_new0 (PksRepResult *, n);
  guint nd = pks_model_n_days (m), nm = pks_model_n_months (m);
  g_autofree guint *day_month = g_new0 (guint, MAX (1u, nd));
  for (guint d = 0, mi = 0; d < nd; d++)
    {
      if (mi + 1 < nm && pks_model_start (m) + d >= pks_model_month_date (m, mi + 1))
        mi++;
      day_month[d] = mi;
    }
  if (adm)
    *adm = g_new0 (double, (gsize) n * pks_model_n_units (m) * MAX (1u, nm));
  g_autofree Saved *save = g_new (Saved, MAX (1u, fit->flows->len));
  for (guint r = 0; r < n; r++)
    {
      g_autoptr (PksModel) own = NULL;
      const PksModel *mr = m;
      if (uncertain)
        {
          PksRng rng;
          pks_rng_init_keyed (&rng, fit->opt.seed, r, "fit/parameters");
          perturb (fit, &rng, save);
          own = state_model (c, start, days, census, waiting, error);
          restore (fit, save);
          if (own == NULL)
            {
              for (guint k = 0; k < r; k++)
                pks_rep_result_free (rr[k]);
              g_free (rr);
              return NULL;
            }
          mr = own;
        }
      g_autoptr (PksSim) sim = pks_sim_new (mr);
      Count cnt = { mr, pks_model_report_t0 (mr), day_month, NULL };
      if (adm)
        {
          cnt.counts = *adm + (gsize) r * pks_model_n_units (m) * MAX (1u, nm);
          pks_sim_set_trace (sim, count_admission, &cnt);
        }
      rr[r] = pks_rep_result_new (mr, TRUE);
      pks_sim_run (sim, fit->opt.seed, r, rr[r]);
    }
  return rr;
}

static void
free_reps (PksRepResult **rr, guint n)
{
  for (guint i = 0; i < n; i++)
    pks_rep_result_free (rr[i]);
  g_free (rr);
}

/* Mean and the 95 % prediction interval of one more replication,
 * mean ± t(0.975, n−1) s √(1 + 1/n): where a single run, or the one world
 * the data come from, falls 95 times in 100 (the percentiles of a few
 * replications would be too narrow). x is reordered. */
static void
band (double *x, guint n, double *mean, double *lo, double *hi)
{
  double s = 0;
  guint k = 0;
  for (guint i = 0; i < n; i++)
    if (!isnan (x[i]))
      {
        s += x[i];
        x[k++] = x[i];
      }
  *mean = k ? s / k : NAN;
  *lo = *hi = *mean;
  if (k < 2)
    return;
  double ss = 0;
  for (guint i = 0; i < k; i++)
    ss += (x[i] - *mean) * (x[i] - *mean);
  double hw = pks_t_quantile (0.975, k - 1) * sqrt (ss / (k - 1) * (1.0 + 1.0 / k));
  *lo = MAX (0.0, *mean - hw);   /* every figure here is a count, a mean count or a share */
  *hi = *mean + hw;
}

gboolean
pks_fit_check (FitCtx *c, GError **error)
{
  PksFit *fit = c->fit;
  if (!fit->present[PKS_EXTRACT_ADMISSIONS])
    return TRUE;
  g_autoptr (PksModel) m = NULL;
  PksRepResult **rr = run_reps (c, c->from, (int) c->period_days, c->census_check,
                                c->waiting_check, FALSE, NULL, &m, error);
  if (rr == NULL)
    return FALSE;
  guint n = fit->opt.replications, nd = pks_model_n_days (m);
  g_autofree double *x = g_new (double, n);
  for (guint u = 0; u < fit->units->len; u++)
    {
      PksFitUnit *o = g_ptr_array_index (fit->units, u);
      for (int w = 0; w < 7; w++)
        {
          for (guint r = 0; r < n; r++)
            {
              double s = 0, k = 0;
              for (guint d = 0; d < nd; d++)
                if (pks_date_weekday (c->from + d) == w)
                  {
                    s += rr[r]->census[(gsize) u * nd + d];
                    k++;
                  }
              x[r] = k ? s / k : NAN;
            }
          band (x, n, &o->census_wd_fit[w], &o->census_wd_lo[w], &o->census_wd_hi[w]);
        }
      for (guint r = 0; r < n; r++)
        {
          double s = 0;
          for (guint d = 0; d < nd; d++)
            s += rr[r]->census[(gsize) u * nd + d];
          x[r] = nd ? s / nd : NAN;
        }
      band (x, n, &o->census_sim_mean, &o->census_sim_lo, &o->census_sim_hi);
      /* the fit's check: a unit whose observed mean census lies outside
       * the prediction interval of the replications' means */
      if (o->census_mean > 0.5 && (o->census_mean < o->census_sim_lo || o->census_mean > o->census_sim_hi))
        pks_fit_note (fit,
          pks_fit_sv ("%s: det anpassade scenariot, kört om över perioden, har %.1f "
                      "inneliggande patienter per dag (95 %% av körningarna %.1f–%.1f) medan "
                      "data visar %.1f: kontrollera enhetens kapacitet och vårdtider",
                      o->name, o->census_sim_mean, o->census_sim_lo, o->census_sim_hi,
                      o->census_mean),
          pks_fit_en ("%s: the fitted scenario re-run over the period holds %.1f patients "
                      "a day (95 %% of runs %.1f–%.1f) where the data show %.1f: check its "
                      "capacity and lengths of stay", o->name, o->census_sim_mean,
                      o->census_sim_lo, o->census_sim_hi, o->census_mean));
    }
  free_reps (rr, n);
  fit->checked = TRUE;
  return TRUE;
}

const char *
pks_backtest_metric_name (PksBacktestMetric m)
{
  static const char *names[PKS_N_BT] = {
    "admissions", "census_mean", "waiting_first_visit", "waiting_treatment",
    "vg_first_visit_pct", "vg_treatment_pct",
  };
  return m < PKS_N_BT ? names[m] : "?";
}

/* The extract's figure for a unit's back-test month. */
static double
actual (FitCtx *c, const UnitAcc *u, guint mi, PksDate m0, PksDate m1, PksBacktestMetric k)
{
  gint64 a = (gint64) m0 - c->from, b = (gint64) m1 - c->from;
  switch (k)
    {
    case PKS_BT_ADMISSIONS:
      {
        double s = 0;
        for (gint64 d = a; d <= b; d++)
          s += u->adm[d];
        return s;
      }
    case PKS_BT_CENSUS:
      {
        double s = 0;
        int run = 0;
        for (gint64 d = 0; d <= b; d++)
          {
            run += u->ward_diff[d];
            if (d >= a)
              s += run;
          }
        return s / (double) (b - a + 1);
      }
    case PKS_BT_WAITING_FIRST:
    case PKS_BT_WAITING_TREATMENT:
      {
        const int *diff = k == PKS_BT_WAITING_FIRST ? u->fv_diff : u->tr_diff;
        int run = 0;
        for (gint64 d = 0; d <= b; d++)
          run += diff[d];
        return run;
      }
    case PKS_BT_VG_FIRST_PCT:
    case PKS_BT_VG_TREATMENT_PCT:
      {
        if (!u->has_elective)
          return NAN;
        const double *v = &u->bt_vg[mi * 6 + (k == PKS_BT_VG_FIRST_PCT ? 0 : 3)];
        return v[1] > 0 ? 100.0 * v[2] / v[1] : 100.0;
      }
    default:
      return NAN;
    }
}

gboolean
pks_fit_backtest (FitCtx *c, GError **error)
{
  PksFit *fit = c->fit;
  PksDate start = c->to + 1;
  int days = (int) (fit->opt.backtest_to - c->to);
  g_autoptr (PksModel) m = NULL;
  g_autofree double *adm = NULL;
  PksRepResult **rr = run_reps (c, start, days, c->census, c->waiting, TRUE, &adm, &m, error);
  if (rr == NULL)
    return FALSE;
  guint n = fit->opt.replications, nd = pks_model_n_days (m), nm = pks_model_n_months (m);
  guint nu = pks_model_n_units (m);
  g_assert (nm == c->n_bt_months && nu == fit->units->len);
  fit->backtest = TRUE;
  g_autofree double *x = g_new (double, n);
  g_autofree double *region = g_new0 (double, (gsize) n * nm * PKS_N_BT);
  for (guint mi = 0; mi < nm; mi++)
    {
      char ym[8];
      char d[11];
      pks_date_format (pks_model_month_date (m, mi), d);
      g_strlcpy (ym, d, sizeof ym);
      g_ptr_array_add (fit->bt_months, g_strdup (ym));
    }
  g_autofree double *actual_region = g_new0 (double, (gsize) MAX (1u, nm) * PKS_N_BT);
  for (guint u = 0; u <= nu; u++)
    for (guint mi = 0; mi < nm; mi++)
      {
        PksDate m0 = pks_model_month_date (m, mi), m1 = c->bt_month_end[mi];
        guint d0 = m0 - start, d1 = m1 - start;
        for (int k = 0; k < PKS_N_BT; k++)
          {
            PksBacktestRow row = { mi, u < nu ? (int) u : -1, k, NAN, NAN, NAN, NAN };
            if (u == nu && k >= PKS_BT_VG_FIRST_PCT)
              continue;   /* shares are shown per unit */
            for (guint r = 0; r < n; r++)
              {
                const double *mm = rr[r]->monthly + pks_monthly_index (nm, u < nu ? u : 0, mi, 0);
                double v = NAN;
                if (u == nu)
                  v = region[((gsize) r * nm + mi) * PKS_N_BT + k];
                else if (k == PKS_BT_ADMISSIONS)
                  v = adm[((gsize) r * nu + u) * nm + mi];
                else if (k == PKS_BT_CENSUS)
                  {
                    double s = 0;
                    for (guint dd = d0; dd <= d1 && dd < nd; dd++)
                      s += rr[r]->census[(gsize) u * nd + dd];
                    v = s / (d1 - d0 + 1);
                  }
                else if (k == PKS_BT_WAITING_FIRST)
                  v = mm[PKS_MM_WAITING_FIRST_VISIT];
                else if (k == PKS_BT_WAITING_TREATMENT)
                  v = mm[PKS_MM_WAITING_TREATMENT];
                else if (k == PKS_BT_VG_FIRST_PCT)
                  v = mm[PKS_MM_VG_FIRST_VISIT_PCT];
                else
                  v = mm[PKS_MM_VG_TREATMENT_PCT];
                if (u < nu && k < PKS_BT_VG_FIRST_PCT)
                  region[((gsize) r * nm + mi) * PKS_N_BT + k] += v;
                x[r] = v;
              }
            band (x, n, &row.mean, &row.lo, &row.hi);
            if (k >= PKS_BT_VG_FIRST_PCT)
              row.hi = MIN (row.hi, 100.0);
            if (u < nu)
              {
                row.actual = actual (c, g_ptr_array_index (c->units, u), mi, m0, m1, k);
                if (k < PKS_BT_VG_FIRST_PCT)
                  actual_region[mi * PKS_N_BT + k] += row.actual;
              }
            else
              row.actual = actual_region[mi * PKS_N_BT + k];
            /* units without beds or lists add rows of zeros: left out */
            if (row.actual == 0 && row.mean == 0 && row.hi == 0)
              continue;
            if (isnan (row.actual) || isnan (row.mean))
              continue;
            g_array_append_val (fit->bt_rows, row);
            fit->bt_total++;
            fit->bt_inside += row.actual >= row.lo && row.actual <= row.hi;
          }
      }
  free_reps (rr, n);
  return TRUE;
}
