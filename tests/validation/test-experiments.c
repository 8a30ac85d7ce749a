/* test-experiments.c — replications and comparisons: results independent
 * of the thread count, a plan equal to its base differs by exactly 0, CI
 * half-widths shrink as 1/sqrt(n), and common random numbers narrow the
 * interval of a small plan difference. */
#include "testutil.h"

#include <math.h>
#include <string.h>

static const char *UNITS =
  "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
  "Med A,A,24,22,0,,0\nKir A,A,18,16,7,240,45\nMed B,B,16,14,0,,0\n";
static const char *FLOWS =
  "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n"
  "Med A,akut,acute,1800,4.5,1.1,0.12,4,,,,\n"
  "Kir A,akut,acute,800,3.5,1,0.05,2,,,,\n"
  "Kir A,plan,elective,1500,3,0.7,0.05,2,0.8,80,0.5,2\n"
  "Med B,akut,acute,1150,4.5,1.1,0.12,4,,,,\n";

static PksModel *
model_with (const char *const *sets)
{
  const char *ini = "[scenario]\nname = x\nregion = R\nstart = 2025-01-01\ndays = 365\nwarmup_days = 60\n"
                    "replications = 10\nseed = 99\n[tables]\nunits = units.csv\nflows = flows.csv\n"
                    "[policy]\noutlying = site\novercrowding = 1\n";
  g_autoptr (PksScenario) s = tu_load_sets (ini, sets, NULL, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_assert_nonnull (s);
  return pks_model_new (s, NULL);
}

static PksRepResult **
run (const PksModel *m, guint64 seed, guint n, guint threads)
{
  PksExecOptions opt = { threads, TRUE, FALSE, NULL, FALSE, FALSE };
  const PksModel *ms[] = { m };
  g_autoptr (GError) error = NULL;
  PksRepResult **r = pks_exec (ms, 1, seed, 0, n, &opt, &error);
  g_assert_no_error (error);
  return r;
}

static void
test_threads (void)
{
  g_autoptr (PksModel) m = model_with (NULL);
  PksRepResult **a = run (m, 99, 8, 1), **b = run (m, 99, 8, 4);
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpmem (a[i]->metrics, sizeof (double) * a[i]->n_entities * PKS_N_METRICS,
                       b[i]->metrics, sizeof (double) * b[i]->n_entities * PKS_N_METRICS);
      g_assert_cmpmem (a[i]->census, sizeof (guint16) * a[i]->n_units * a[i]->n_days,
                       b[i]->census, sizeof (guint16) * b[i]->n_units * b[i]->n_days);
      g_assert_cmpmem (a[i]->monthly, sizeof (double) * pks_monthly_len (a[i]->n_units, a[i]->n_months),
                       b[i]->monthly, sizeof (double) * pks_monthly_len (b[i]->n_units, b[i]->n_months));
    }
  /* replications differ from each other (the streams are keyed by rep) */
  g_assert_cmpfloat (pks_rep_metric (a[0], 0, PKS_M_BED_DAYS), !=, pks_rep_metric (a[1], 0, PKS_M_BED_DAYS));
  tu_free_results (a, 8);
  tu_free_results (b, 8);
}

/* Without outputs (metrics_only) a result carries neither daily nor
 * monthly arrays, and its metrics, events and balance are the same bits
 * as a full result's: the arrays are copies, not inputs. */
static void
test_metrics_only (void)
{
  g_autoptr (PksModel) m = model_with (NULL);
  const PksModel *ms[] = { m };
  PksExecOptions lean = { 2, TRUE, FALSE, NULL, TRUE, FALSE };
  g_autoptr (GError) error = NULL;
  PksRepResult **a = pks_exec (ms, 1, 7, 0, 4, &lean, &error), **b = run (m, 7, 4, 1);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_null (a[i]->monthly);
      g_assert_null (a[i]->census);
      g_assert_null (a[i]->outlied);
      g_assert_nonnull (b[i]->monthly);
      g_assert_cmpmem (a[i]->metrics, sizeof (double) * a[i]->n_entities * PKS_N_METRICS,
                       b[i]->metrics, sizeof (double) * b[i]->n_entities * PKS_N_METRICS);
      g_assert_cmpuint (a[i]->events, ==, b[i]->events);
      g_assert_cmpmem (&a[i]->balance, sizeof a[i]->balance, &b[i]->balance, sizeof b[i]->balance);
    }
  tu_free_results (a, 4);
  tu_free_results (b, 4);
}

static void
test_compare_self (void)
{
  g_autoptr (PksModel) base = model_with (NULL);
  g_autoptr (PksModel) same = model_with (NULL);
  PksRepResult **a = run (base, 5, 6, 2), **b = run (same, 5, 6, 1);
  GArray *rows = pks_compare (base, a, same, b, 6);
  g_assert_cmpuint (rows->len, >, 50);
  for (guint i = 0; i < rows->len; i++)
    {
      const PksDiffRow *r = &g_array_index (rows, PksDiffRow, i);
      if (isnan (r->diff.mean))
        continue;
      g_assert_cmpfloat (r->diff.mean, ==, 0.0);
      g_assert_cmpfloat (r->diff.ci_low, ==, 0.0);
      g_assert_cmpfloat (r->diff.ci_high, ==, 0.0);
    }
  pks_compare_free (rows);
  tu_free_results (a, 6);
  tu_free_results (b, 6);
}

/* The half-width with 4n replications is about half that with n: the
 * ratio hw(n)/hw(4n) averaged over the region's headline metrics. Its
 * expectation is 2 × t(n-1)/t(4n-1) ≈ 2.2 for n = 10; sampling noise of
 * the standard deviations keeps single metrics within roughly ±35 %. */
static void
test_ci_shrinks (void)
{
  g_autoptr (PksModel) m = model_with (NULL);
  PksRepResult **r = run (m, 1, 40, 2);
  g_autoptr (PksSummary) s10 = pks_summary_new (m, r, 10);
  g_autoptr (PksSummary) s40 = pks_summary_new (m, r, 40);
  const PksMetric ks[] = { PKS_M_BED_DAYS, PKS_M_ADMISSIONS, PKS_M_OCCUPANCY_PCT, PKS_M_OPERATIONS,
                           PKS_M_OVERCROWDED_DAYS, PKS_M_OUTLIED_DAYS };
  double sum = 0;
  for (guint i = 0; i < G_N_ELEMENTS (ks); i++)
    {
      const PksEstimate *a = pks_summary_get (s10, 0, ks[i]), *b = pks_summary_get (s40, 0, ks[i]);
      double ratio = (a->ci_high - a->mean) / (b->ci_high - b->mean);
      g_test_message ("%s: half-width ratio n=10 / n=40 = %.2f", pks_metric_name (ks[i]), ratio);
      sum += ratio;
    }
  double mean_ratio = sum / G_N_ELEMENTS (ks);
  double expect = 2.0 * pks_t_quantile (0.975, 9) / pks_t_quantile (0.975, 39);
  g_test_message ("mean ratio %.2f, expected about %.2f", mean_ratio, expect);
  g_assert_cmpfloat (fabs (mean_ratio - expect) / expect, <, 0.25);
  tu_free_results (r, 40);
}

/* A small plan: one more staffed bed on Med A. With the same seeds the
 * pairs share their patients; with another seed for the plan they do not. */
static void
test_crn (void)
{
  const guint n = 20;
  const char *plan_sets[] = { "units[Med A].staffed_beds=23", NULL };
  g_autoptr (PksModel) base = model_with (NULL);
  g_autoptr (PksModel) plan = model_with (plan_sets);
  PksRepResult **b = run (base, 11, n, 2), **p = run (plan, 11, n, 2), **q = run (plan, 12345, n, 2);
  GArray *crn = pks_compare (base, b, plan, p, n);
  GArray *ind = pks_compare (base, b, plan, q, n);
  const PksMetric ks[] = { PKS_M_OVERCROWDED_DAYS, PKS_M_OUTLIED_DAYS, PKS_M_BED_DAYS };
  for (guint k = 0; k < G_N_ELEMENTS (ks); k++)
    {
      double wc = NAN, wi = NAN;
      for (guint i = 0; i < crn->len; i++)
        {
          const PksDiffRow *r = &g_array_index (crn, PksDiffRow, i);
          if (r->scope == PKS_SCOPE_REGION && r->metric == ks[k])
            wc = r->diff.ci_high - r->diff.ci_low;
          r = &g_array_index (ind, PksDiffRow, i);
          if (r->scope == PKS_SCOPE_REGION && r->metric == ks[k])
            wi = r->diff.ci_high - r->diff.ci_low;
        }
      g_test_message ("%s: CI width with CRN %.2f, independent %.2f, ratio %.1f", pks_metric_name (ks[k]),
                      wc, wi, wi / wc);
      g_assert_cmpfloat (wi / wc, >=, 3.0);
    }
  pks_compare_free (crn);
  pks_compare_free (ind);
  tu_free_results (b, n);
  tu_free_results (p, n);
  tu_free_results (q, n);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/experiments/threads/identical", test_threads);
  g_test_add_func ("/experiments/metrics-only", test_metrics_only);
  g_test_add_func ("/experiments/compare/self-is-zero", test_compare_self);
  g_test_add_func ("/experiments/ci/shrinks-as-sqrt-n", test_ci_shrinks);
  g_test_add_func ("/experiments/crn/narrower", test_crn);
  return g_test_run ();
}
