/* test-beds.c — the bed model against queueing theory and its own rules.
 *
 * Tolerances: each check asks whether the theoretical value lies inside the
 * 99.9 % Student-t confidence interval of the replication mean (tu_in_ci with
 * alpha = 0.001). A correct model fails such a check with probability 0.1 %;
 * the seeds are fixed, so the outcome is deterministic. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#define ALPHA 0.001

static char *
ini_text (int days, int warmup, int reps, const char *policy)
{
  return g_strdup_printf ("[scenario]\nname = t\nregion = R\nstart = 2025-01-01\ndays = %d\n"
                          "warmup_days = %d\nreplications = %d\nseed = 12345\n"
                          "[tables]\nunits = units.csv\nflows = flows.csv\n[policy]\n%s\n",
                          days, warmup, reps, policy);
}

/* One acute unit with c beds (staffed = physical) and offered load a
 * (arrival rate × mean stay), mean stay los days with the given CV. */
static PksModel *
erlang_model (int c, double a, double los, double cv, const char *policy, int reps, int days)
{
  g_autofree char *ini = ini_text (days, 150, reps, policy);
  g_autofree char *units = g_strdup_printf ("unit,site,beds,staffed_beds\nW,H,%d,%d\n", c, c);
  g_autofree char *flows = g_strdup_printf ("unit,flow,kind,per_year,los_days,los_cv\n"
                                            "W,akut,acute,%.10g,%g,%g\n", a / los * 365.0, los, cv);
  g_autoptr (PksScenario) s = tu_load (ini, NULL, "units.csv", units, "flows.csv", flows, NULL);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

typedef struct {
  int c;
  double a;
  double cv;
} ErlangCase;

/* Blocked share = transfers out / arrivals must match Erlang B(c, a)
 * whatever the length-of-stay distribution (insensitivity). */
static void
test_erlang_b (gconstpointer data)
{
  const ErlangCase *k = data;
  const guint n = 20;
  g_autoptr (PksModel) m = erlang_model (k->c, k->a, 5.0, k->cv,
                                         "outlying = none\novercrowding = 0", n, 730);
  PksRepResult **r = tu_run (m, n, FALSE);
  double share[20];
  for (guint i = 0; i < n; i++)
    share[i] = pks_rep_metric (r[i], 0, PKS_M_TRANSFERS_OUT) / pks_rep_metric (r[i], 0, PKS_M_ARRIVALS);
  double b = pks_erlang_b ((guint) k->c, k->a), mean, hw;
  gboolean ok = tu_in_ci (share, n, b, ALPHA, &mean, &hw);
  /* the figure the issue asks for, printed for the closing note */
  g_test_message ("erlang c=%d a=%g cv=%g: B=%.5f simulated %.5f ±%.5f (99.9%%), error %+.2f%%",
                  k->c, k->a, k->cv, b, mean, hw, 100.0 * (mean - b) / b);
  g_assert_true (ok);
  tu_free_results (r, n);
}

/* A wrong model must fail the same check: with two overcrowding places the
 * blocked share is far below B(c, a). Guards against a test that cannot fail. */
static void
test_erlang_detects_error (void)
{
  const guint n = 20;
  g_autoptr (PksModel) m = erlang_model (10, 8.0, 5.0, 1.0, "outlying = none\novercrowding = 2", n, 730);
  PksRepResult **r = tu_run (m, n, FALSE);
  double share[20];
  for (guint i = 0; i < n; i++)
    share[i] = pks_rep_metric (r[i], 0, PKS_M_TRANSFERS_OUT) / pks_rep_metric (r[i], 0, PKS_M_ARRIVALS);
  g_assert_false (tu_in_ci (share, n, pks_erlang_b (10, 8.0), ALPHA, NULL, NULL));
  /* …and it matches B(12, a), the system it really is */
  g_assert_true (tu_in_ci (share, n, pks_erlang_b (12, 8.0), ALPHA, NULL, NULL));
  tu_free_results (r, n);
}

/* With (practically) unlimited beds the census is Poisson(a): the daily
 * census has mean a and variance a. */
static void
test_infinite_capacity (void)
{
  const guint n = 20;
  const double a = 20.0;
  g_autoptr (PksModel) m = erlang_model (1000, a, 5.0, 1.0, "outlying = none", n, 730);
  PksRepResult **r = tu_run (m, n, TRUE);
  double mean_c[20], disp[20];
  guint days = pks_model_n_days (m);
  for (guint i = 0; i < n; i++)
    {
      PksWelford w;
      pks_welford_init (&w);
      for (guint d = 0; d < days; d++)
        pks_welford_add (&w, r[i]->census[d]);
      mean_c[i] = w.mean;
      disp[i] = pks_welford_variance (&w) / w.mean;
    }
  double mm, hw, md, hwd;
  gboolean ok_mean = tu_in_ci (mean_c, n, a, ALPHA, &mm, &hw);
  gboolean ok_disp = tu_in_ci (disp, n, 1.0, ALPHA, &md, &hwd);
  g_test_message ("infinite capacity: mean census %.3f ±%.3f (a = %g), variance/mean %.3f ±%.3f",
                  mm, hw, a, md, hwd);
  g_assert_true (ok_mean);
  g_assert_true (ok_disp);
  /* the time-average (bed-days / days) agrees too */
  double bd[20];
  for (guint i = 0; i < n; i++)
    bd[i] = pks_rep_metric (r[i], 0, PKS_M_BED_DAYS) / days;
  g_assert_true (tu_in_ci (bd, n, a, ALPHA, NULL, NULL));
  tu_free_results (r, n);
}

static PksModel *
mixed_model (const char *policy, int reps)
{
  g_autofree char *ini = ini_text (365, 90, reps, policy);
  const char *units = "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
                      "Med A,A,20,18,0,,0\nKir A,A,16,14,6,240,40\nGer A,A,12,12,0,,0\n"
                      "Med B,B,14,12,0,,0\nKir B,B,10,9,4,240,30\n";
  const char *flows = "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n"
                      "Med A,akut,acute,1700,4.5,1.2,0.15,4,,,,\n"
                      "Kir A,akut,acute,800,3.5,1,0.05,2,,,,\n"
                      "Kir A,plan,elective,1500,3,0.7,0.05,2,0.8,80,0.5,2\n"
                      "Ger A,akut,acute,600,7,0.8,0.3,6,,,,\n"
                      "Med B,akut,acute,1200,4.5,1.2,0.15,4,,,,\n"
                      "Kir B,akut,acute,500,3.5,1,0.05,2,,,,\n"
                      "Kir B,plan,elective,900,3,0.7,0.05,2,0.7,70,0.4,1\n";
  g_autoptr (PksScenario) s = tu_load (ini, NULL, "units.csv", units, "flows.csv", flows, NULL);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

/* Little's law per unit: mean census = admission rate × mean time in bed
 * (delays included). Edge effects at the two ends of the period cancel in
 * steady state, so the difference has mean 0. */
static void
test_little_beds (void)
{
  const guint n = 16;
  g_autoptr (PksModel) m = mixed_model ("outlying = none\novercrowding = 2", n);
  PksRepResult **r = tu_run (m, n, FALSE);
  double days = pks_model_n_days (m);
  for (guint u = 0; u < pks_model_n_units (m); u++)
    {
      guint e = pks_model_unit_entity (m, u);
      double diff[16];
      for (guint i = 0; i < n; i++)
        {
          double L = pks_rep_metric (r[i], e, PKS_M_BED_DAYS) / days;
          double lam = pks_rep_metric (r[i], e, PKS_M_DISCHARGES) / days;
          double W = pks_rep_metric (r[i], e, PKS_M_ALOS_DAYS);
          diff[i] = L - lam * W;
        }
      double mean, hw;
      gboolean ok = tu_in_ci (diff, n, 0.0, ALPHA, &mean, &hw);
      g_test_message ("little %s: L - lambda W = %.3f ±%.3f", pks_model_unit_name (m, u), mean, hw);
      g_assert_true (ok);
    }
  tu_free_results (r, n);
}

/* Conservation of patients and sanity of every bed figure. */
static void
test_conservation (void)
{
  const guint n = 8;
  for (int pol = 0; pol < 3; pol++)
    {
      const char *policies[] = { "outlying = none\novercrowding = 0", "outlying = site\novercrowding = 1",
                                 "outlying = region\novercrowding = 2\nrecall_outliers = false" };
      g_autoptr (PksModel) m = mixed_model (policies[pol], n);
      PksRepResult **r = tu_run (m, n, FALSE);
      for (guint i = 0; i < n; i++)
        {
          const PksBalance *b = &r[i]->balance;
          g_assert_cmpuint (b->acute_arrivals, ==, b->acute_admitted + b->acute_transferred);
          g_assert_cmpuint (b->acute_admitted + b->elective_admitted, ==, b->discharged + b->in_bed_end);
          g_assert_cmpuint (b->patients_in_two_beds, ==, 0);
          g_assert_cmpuint (b->acute_arrivals, >, 0);
          for (guint e = 0; e < pks_model_n_entities (m); e++)
            {
              g_assert_cmpfloat (pks_rep_metric (r[i], e, PKS_M_OUTLIED_DAYS), >=, 0.0);
              g_assert_cmpfloat (pks_rep_metric (r[i], e, PKS_M_OVERCROWDED_DAYS), >=, 0.0);
              g_assert_cmpfloat (pks_rep_metric (r[i], e, PKS_M_DISCHARGE_DELAY_DAYS), >=, 0.0);
              g_assert_cmpfloat (pks_rep_metric (r[i], e, PKS_M_DISCHARGE_DELAY_DAYS), <=,
                                 pks_rep_metric (r[i], e, PKS_M_BED_DAYS) + 1e-9);
            }
          /* the region is the sum of its units */
          double sum = 0;
          for (guint u = 0; u < pks_model_n_units (m); u++)
            sum += pks_rep_metric (r[i], pks_model_unit_entity (m, u), PKS_M_BED_DAYS);
          g_assert_cmpfloat (fabs (sum - pks_rep_metric (r[i], 0, PKS_M_BED_DAYS)), <, 1e-6 * sum);
        }
      tu_free_results (r, n);
    }
}

/* The policies do what they say. */
static void
test_policy_none (void)
{
  g_autoptr (PksModel) m = mixed_model ("outlying = none\novercrowding = 0", 4);
  PksRepResult **r = tu_run (m, 4, FALSE);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_OUTLIED_DAYS), ==, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_TRANSFERS_OUT), >, 0.0);
    }
  tu_free_results (r, 4);
}

typedef struct {
  const PksModel *m;
  guint outlied_same_site, outlied_other_site;
} SiteCount;

static void
count_outliers (gpointer ctx, double t, guint64 p, guint unit, guint flow, PksTraceEvent ev, int host)
{
  (void) t; (void) p; (void) flow;
  SiteCount *c = ctx;
  if (ev != PKS_TRACE_OUTLIE)
    return;
  if (pks_model_unit_site (c->m, unit) == pks_model_unit_site (c->m, (guint) host))
    c->outlied_same_site++;
  else
    c->outlied_other_site++;
}

static SiteCount
outlier_sites (const char *policy)
{
  PksModel *m = mixed_model (policy, 1);
  SiteCount c = { m, 0, 0 };
  PksSim *sim = pks_sim_new (m);
  pks_sim_set_trace (sim, count_outliers, &c);
  PksRepResult *r = pks_rep_result_new (m, FALSE);
  pks_sim_run (sim, 99, 0, r);
  pks_rep_result_free (r);
  pks_sim_free (sim);
  pks_model_free (m);
  c.m = NULL;
  return c;
}

static void
test_policy_site (void)
{
  SiteCount site = outlier_sites ("outlying = site\novercrowding = 0");
  g_assert_cmpuint (site.outlied_same_site, >, 0);
  g_assert_cmpuint (site.outlied_other_site, ==, 0);
  /* region policy does send some to the other site, so the check can fail */
  SiteCount region = outlier_sites ("outlying = region\novercrowding = 0");
  g_assert_cmpuint (region.outlied_other_site, >, 0);
}

/* Recalling outliers home when a home bed frees reduces outlied days;
 * paired over replications with common random numbers. */
static void
test_policy_recall (void)
{
  const guint n = 10;
  g_autoptr (PksModel) with = mixed_model ("outlying = site\novercrowding = 0\nrecall_outliers = true", n);
  g_autoptr (PksModel) without = mixed_model ("outlying = site\novercrowding = 0\nrecall_outliers = false", n);
  PksRepResult **a = tu_run (with, n, FALSE), **b = tu_run (without, n, FALSE);
  g_autoptr (GArray) rows = pks_compare (without, b, with, a, n);
  gboolean seen = FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      PksDiffRow *row = &g_array_index (rows, PksDiffRow, i);
      if (row->scope == PKS_SCOPE_REGION && row->metric == PKS_M_OUTLIED_DAYS)
        {
          g_test_message ("recall: outlied days %.1f -> %.1f, diff %.1f [%.1f, %.1f]", row->base_mean,
                          row->plan_mean, row->diff.mean, row->diff.ci_low, row->diff.ci_high);
          g_assert_cmpfloat (row->diff.ci_high, <, 0.0);
          seen = TRUE;
        }
      g_free (row->name);
    }
  g_assert_true (seen);
  tu_free_results (a, n);
  tu_free_results (b, n);
}

/* A staffed-bed cut below the census evicts nobody: it stops admissions
 * and shows as overcrowding. */
static void
test_cut_evicts_nobody (void)
{
  g_autofree char *ini = g_strdup_printf ("%s%s", "[scenario]\nstart = 2025-01-01\ndays = 60\nwarmup_days = 30\n"
                                          "replications = 1\nseed = 3\n[tables]\nunits = units.csv\nflows = flows.csv\n"
                                          "changes = changes.csv\n[policy]\noutlying = none\n", "");
  g_autoptr (PksScenario) s = tu_load (ini, NULL, "units.csv", "unit,site,beds,staffed_beds\nW,H,20,20\n",
                                       "flows.csv", "unit,flow,kind,per_year,los_days,los_cv\nW,akut,acute,1400,5,0.5\n",
                                       "changes.csv", "unit,resource,from,to,change,note\nW,staffed_beds,2025-01-15,,=5,cut\n",
                                       NULL);
  g_assert_nonnull (s);
  g_autoptr (PksModel) m = pks_model_new (s, NULL);
  PksRepResult **r = tu_run (m, 1, TRUE);
  /* census the night before the cut is well above 5; the morning after the
   * cut it is unchanged by the cut (no one was sent away) */
  guint d = 13;   /* 2025-01-14 */
  g_assert_cmpint (r[0]->census[d], >, 10);
  g_assert_cmpfloat (pks_rep_metric (r[0], 0, PKS_M_OVERCROWDED_DAYS), >, 10.0);
  g_assert_cmpuint (r[0]->balance.acute_admitted + r[0]->balance.elective_admitted, ==,
                    r[0]->balance.discharged + r[0]->balance.in_bed_end);
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 14), ==, 5);
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 13), ==, 20);
  tu_free_results (r, 1);
}

/* Same scenario and seed give identical results; a unit added elsewhere
 * does not change another unit's random numbers (keyed streams). */
static void
test_determinism_and_keyed_streams (void)
{
  g_autoptr (PksModel) m = mixed_model ("outlying = none\novercrowding = 0", 3);
  PksRepResult **a = tu_run (m, 3, TRUE), **b = tu_run (m, 3, TRUE);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpmem (a[i]->metrics, sizeof (double) * a[i]->n_entities * PKS_N_METRICS,
                       b[i]->metrics, sizeof (double) * b[i]->n_entities * PKS_N_METRICS);
      g_assert_cmpmem (a[i]->census, sizeof (guint16) * a[i]->n_units * a[i]->n_days,
                       b[i]->census, sizeof (guint16) * b[i]->n_units * b[i]->n_days);
    }
  /* add an isolated unit in front: with outlying none, units A/B see the same patients */
  g_autofree char *ini = ini_text (365, 90, 3, "outlying = none\novercrowding = 0");
  const char *units = "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
                      "New,C,10,10,0,,0\n"
                      "Med A,A,20,18,0,,0\nKir A,A,16,14,6,240,40\nGer A,A,12,12,0,,0\n"
                      "Med B,B,14,12,0,,0\nKir B,B,10,9,4,240,30\n";
  const char *flows = "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n"
                      "New,akut,acute,700,3,1,0,0,,,,\n"
                      "Med A,akut,acute,1700,4.5,1.2,0.15,4,,,,\n"
                      "Kir A,akut,acute,800,3.5,1,0.05,2,,,,\n"
                      "Kir A,plan,elective,1500,3,0.7,0.05,2,0.8,80,0.5,2\n"
                      "Ger A,akut,acute,600,7,0.8,0.3,6,,,,\n"
                      "Med B,akut,acute,1200,4.5,1.2,0.15,4,,,,\n"
                      "Kir B,akut,acute,500,3.5,1,0.05,2,,,,\n"
                      "Kir B,plan,elective,900,3,0.7,0.05,2,0.7,70,0.4,1\n";
  g_autoptr (PksScenario) s2 = tu_load (ini, NULL, "units.csv", units, "flows.csv", flows, NULL);
  g_autoptr (PksModel) m2 = pks_model_new (s2, NULL);
  PksRepResult **c = tu_run (m2, 3, FALSE);
  for (guint i = 0; i < 3; i++)
    for (guint u = 0; u < pks_model_n_units (m); u++)
      for (int k = 0; k < PKS_N_CONTRACT_METRICS; k++)
        {
          double x = pks_rep_metric (a[i], pks_model_unit_entity (m, u), k);
          double y = pks_rep_metric (c[i], pks_model_unit_entity (m2, u + 1), k);
          g_assert_true ((isnan (x) && isnan (y)) || x == y);
        }
  tu_free_results (a, 3);
  tu_free_results (b, 3);
  tu_free_results (c, 3);
}

/* Bed types: a full somatic ward (W) outlies only to the other somatic ward
 * (W2), never to the intensive-care unit (IVA) or the psychiatric ward (P),
 * however free they are; a site's and the region's staffed bed-days and
 * occupancy count only the somatic units (disponibla vårdplatser), while
 * bed-days and admissions count every unit. The same scenario without the
 * bed_type column (all somatic) does outlie to IVA and P: the rule is seen. */
static void
test_bed_types (void)
{
  const guint n = 3;
  g_autofree char *ini = ini_text (200, 30, n, "outlying = site\novercrowding = 0");
  const char *flows = "unit,flow,kind,per_year,los_days,los_cv\n"
                      "W,akut,acute,1500,5,1\nW2,akut,acute,300,5,1\n"
                      "IVA,akut,acute,100,3,1\nP,akut,acute,50,10,1\n";
  for (int typed = 0; typed < 2; typed++)
    {
      const char *units = typed
        ? "unit,site,beds,staffed_beds,bed_type\nW,H,12,12,\nW2,H,10,10,somatic\n"
          "IVA,H,10,10,technical\nP,H,10,10,psykiatrisk\n"
        : "unit,site,beds,staffed_beds\nW,H,12,12\nW2,H,10,10\nIVA,H,10,10\nP,H,10,10\n";
      g_autoptr (PksScenario) s = tu_load (ini, NULL, "units.csv", units, "flows.csv", flows, NULL);
      g_assert_nonnull (s);
      g_autoptr (PksModel) m = pks_model_new (s, NULL);
      PksRepResult **r = tu_run (m, n, FALSE);
      guint w = pks_model_unit_entity (m, 0), w2 = pks_model_unit_entity (m, 1);
      guint iva = pks_model_unit_entity (m, 2), p = pks_model_unit_entity (m, 3);
      double iva_p_beds = 0;   /* bed-days on IVA and P, own patients and hosted outliers */
      for (guint i = 0; i < n; i++)
        {
          iva_p_beds += pks_rep_metric (r[i], iva, PKS_M_BED_DAYS) + pks_rep_metric (r[i], p, PKS_M_BED_DAYS);
          g_assert_cmpfloat (pks_rep_metric (r[i], w, PKS_M_OUTLIED_DAYS), >, 0.0);
          if (!typed)
            continue;
          double site_staffed = pks_rep_metric (r[i], 1, PKS_M_STAFFED_BED_DAYS);
          double somatic_staffed = pks_rep_metric (r[i], w, PKS_M_STAFFED_BED_DAYS)
                                   + pks_rep_metric (r[i], w2, PKS_M_STAFFED_BED_DAYS);
          g_assert_cmpfloat (site_staffed, ==, somatic_staffed);
          g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_STAFFED_BED_DAYS), ==, somatic_staffed);
          g_assert_cmpfloat (site_staffed, ==, 22.0 * 200);
          double somatic_beds = pks_rep_metric (r[i], w, PKS_M_BED_DAYS) + pks_rep_metric (r[i], w2, PKS_M_BED_DAYS);
          g_assert_cmpfloat (fabs (pks_rep_metric (r[i], 1, PKS_M_OCCUPANCY_PCT)
                                   - 100.0 * somatic_beds / somatic_staffed), <, 1e-9);
          double all_beds = 0, all_adm = 0;
          for (guint u = 0; u < 4; u++)
            {
              all_beds += pks_rep_metric (r[i], pks_model_unit_entity (m, u), PKS_M_BED_DAYS);
              all_adm += pks_rep_metric (r[i], pks_model_unit_entity (m, u), PKS_M_ADMISSIONS);
            }
          g_assert_cmpfloat (fabs (pks_rep_metric (r[i], 1, PKS_M_BED_DAYS) - all_beds), <, 1e-6);
          g_assert_cmpfloat (pks_rep_metric (r[i], 1, PKS_M_ADMISSIONS), ==, all_adm);
          /* a unit keeps its own figures */
          g_assert_cmpfloat (pks_rep_metric (r[i], iva, PKS_M_STAFFED_BED_DAYS), ==, 10.0 * 200);
          g_assert_false (isnan (pks_rep_metric (r[i], p, PKS_M_OCCUPANCY_PCT)));
        }
      /* IVA and P's own load is 100 × 3 / 365 + 50 × 10 / 365 = 2.2 patients a
       * day; untyped, W's overflow fills them well beyond it */
      double census = iva_p_beds / n / 200;
      g_test_message ("bed types %s: IVA + P mean census %.2f", typed ? "set" : "absent", census);
      if (typed)
        g_assert_cmpfloat (census, <, 3.5);
      else
        g_assert_cmpfloat (census, >, 8.0);
      tu_free_results (r, n);
    }
}

typedef struct {
  double last_t;
  guint backwards;
  guint n_arrive[8];           /* arrive or referral events per flow */
  double last_arrival[8];
} TraceCheck;

static void
on_trace (gpointer ctx, double t_min, guint64 patient, guint unit, guint flow,
          PksTraceEvent ev, int host)
{
  (void) patient;
  (void) unit;
  (void) host;
  TraceCheck *c = ctx;
  if (t_min < c->last_t)
    c->backwards++;
  c->last_t = MAX (c->last_t, t_min);
  if (ev == PKS_TRACE_ARRIVE || ev == PKS_TRACE_REFER)
    {
      g_assert_cmpuint (flow, <, 8);
      g_assert_cmpfloat (t_min, >=, c->last_arrival[flow]);
      c->last_arrival[flow] = t_min;
      c->n_arrive[flow]++;
    }
}

/* Each flow's next arrival waits in a queue of its own, merged with the
 * calendar (sim.c): every event must still come in time order, and every
 * flow, a flow with no arrivals among them, must get its own arrivals,
 * as many as the balance counts. Seven flows, so the tournament over
 * flows has padding leaves. */
static void
test_events_in_time_order (void)
{
  g_autofree char *ini = ini_text (365, 90, 1, "outlying = site");
  const char *units = "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
                      "Med A,A,20,18,0,,0\nKir A,A,16,14,6,240,40\nGer A,A,12,12,0,,0\n";
  const char *flows = "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n"
                      "Med A,akut,acute,1700,4.5,1.2,0.15,4,,,,\n"
                      "Kir A,akut,acute,800,3.5,1,0.05,2,,,,\n"
                      "Kir A,plan,elective,1500,3,0.7,0.05,2,0.8,80,0.5,2\n"
                      "Ger A,akut,acute,0,7,0.8,0.3,6,,,,\n"
                      "Ger A,slow,acute,3,7,0.8,0.3,6,,,,\n"
                      "Med A,plan,elective,300,2,0.5,0,0,0.5,60,0.2,3\n"
                      "Ger A,fast,acute,900,2,1,0,0,,,,\n";
  g_autoptr (PksScenario) s = tu_load (ini, NULL, "units.csv", units, "flows.csv", flows, NULL);
  g_assert_nonnull (s);
  g_autoptr (PksModel) m = pks_model_new (s, NULL);
  g_assert_nonnull (m);
  g_autoptr (PksSim) sim = pks_sim_new (m);
  g_autoptr (PksRepResult) r = pks_rep_result_new (m, FALSE);
  TraceCheck c = { 0 };
  pks_sim_set_trace (sim, on_trace, &c);
  pks_sim_run (sim, 1, 0, r);
  g_assert_cmpuint (c.backwards, ==, 0);
  guint total = 0;
  for (guint f = 0; f < 7; f++)
    {
      if (f == 3)
        g_assert_cmpuint (c.n_arrive[f], ==, 0);
      else
        g_assert_cmpuint (c.n_arrive[f], >, 0);
      total += c.n_arrive[f];
    }
  g_assert_cmpuint (total, ==, r->balance.acute_arrivals + r->balance.referrals);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  static const ErlangCase cases[] = {
    { 5, 3.0, 0.5 }, { 5, 3.0, 1.0 }, { 5, 3.0, 2.0 },
    { 20, 15.0, 0.5 }, { 20, 15.0, 1.0 }, { 20, 15.0, 2.0 },
    { 10, 15.0, 0.5 }, { 10, 15.0, 1.0 }, { 10, 15.0, 2.0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/beds/erlang-b/c%d-a%g-cv%g", cases[i].c, cases[i].a, cases[i].cv);
      g_test_add_data_func (path, &cases[i], test_erlang_b);
    }
  g_test_add_func ("/beds/erlang-b/detects-error", test_erlang_detects_error);
  g_test_add_func ("/beds/infinite-capacity/poisson", test_infinite_capacity);
  g_test_add_func ("/beds/little", test_little_beds);
  g_test_add_func ("/beds/conservation", test_conservation);
  g_test_add_func ("/beds/policy/none", test_policy_none);
  g_test_add_func ("/beds/policy/site", test_policy_site);
  g_test_add_func ("/beds/policy/recall", test_policy_recall);
  g_test_add_func ("/beds/capacity/cut-evicts-nobody", test_cut_evicts_nobody);
  g_test_add_func ("/beds/determinism/keyed-streams", test_determinism_and_keyed_streams);
  g_test_add_func ("/beds/bed-type/outlying-and-disponibla", test_bed_types);
  g_test_add_func ("/beds/events/time-order", test_events_in_time_order);
  return g_test_run ();
}
