/* test-calibration.c — the embedded Region Västerbotten 2024 baseline
 * against the seed reports (docs/calibration.md): region totals on the
 * scope where docs/calibration.md's reading of the bed figures puts them,
 * and the care-guarantee shares of January 2024 per clinic.
 *
 * Tolerances are the calibration bounds (±3 % for volumes and the
 * mean stay, ±2 points for occupancy, ±5 points for the county shares).
 * They bound the calibration error, not the noise: a check passes only if
 * the whole 95 % Student-t interval of the replication mean lies inside
 * the band, so a lucky mean of a noisy estimate cannot pass. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#define REPS 12

/* First visits within 90 days in January 2024 per clinic (seed 004, value
 * lines 187-243, labels 245-301), and the units of the model that make up
 * each clinic (pooled by list length). */
typedef struct {
  const char *clinic;
  double share;
  const char *units[6];
} Clinic;

static const Clinic FV[] = {
  { "Ortopedi Ske", 38, { "Ortopedi Ske" } },
  { "Hud och STD", 47, { "Hud och STD" } },
  { "Ortopedi Umeå", 48, { "Ortopedi Umeå" } },
  { "Hand- och plastikkirurgisk klinik Umeå", 49, { "Hand- och plastikkirurgi Vb" } },
  { "Psykiatrisk klinik Umeå", 52, { "Psykiatrisk klinik Umeå" } },
  { "CFOG Umeå", 58, { "CFOG Umeå" } },
  { "NHH centrum Vb (NC/ÖNH)", 61, { "NHHC Neurologi", "Neurokirurgi Vb", "Öron- näs- och halskirurgi Vb",
                                     "Utprovning hörapparat Vb", "Hörcentralen Lycksele" } },
  { "Kirurgcentrum Umeå", 61, { "Kirurgcentrum Umeå" } },
  { "Kirurgcentrum Ske", 62, { "Kirurgcentrum Ske" } },
  { "Kirurgiskt centrum Sö Lappland", 71, { "Kirurgiskt centrum Sö Lappland" } },
  { "Medicinsk och geriatrisk klinik Ske", 74, { "Medicinsk och geriatrisk klinik Ske" } },
  { "Medicincentrum Umeå", 75, { "Medicincentrum Umeå" } },
  { "Geriatriskt Centrum", 76, { "Geriatriskt centrum" } },
  { "Barn- och ungdomscentrum Vb", 78, { "Barn- och ungdomscentrum Vb" } },
  { "Ögon Ske", 78, { "Ögon Ske" } },
  { "Reumatologisk klinik Vb", 79, { "Reumatologisk klinik Vb" } },
  { "CFOG Ly", 81, { "CFOG Ly" } },
  { "Hjärtcentrum", 83, { "Hjärtcentrum", "Thoraxkirurgi" } },
  { "Ögon Umeå", 83, { "Ögon Umeå" } },
  { "Ögon Ly", 84, { "Ögon Ly" } },
  { "Habiliteringscentrum Vb", 84, { "Habiliteringscentrum Vb" } },
  { "CFOG Ske", 94, { "CFOG Ske" } },
  { "Psykiatrisk klinik Ske", 94, { "Psykiatrisk klinik Ske" } },
  { "Medicinskt centrum Sö Lappland", 97, { "Medicinskt centrum Sö Lappland" } },
  { "Psykiatrisk klinik Sö Lappland", 98, { "Psykiatrisk klinik Sö Lappland" } },
  { "Cancercentrum Vb", 99, { "Cancercentrum Vb" } },
  { "Arbets- och beteendemedicinskt C", 100, { "Arbets- och beteendemedicinskt centrum" } },
  { "Infektionsklinik", 100, { "Infektionskliniken" } },
};

/* Treatments within 90 days, January 2024 (seed 004:314-388). */
static const Clinic TR[] = {
  { "Utprovning hörapparat", 32, { "Utprovning hörapparat Vb", "Hörcentralen Lycksele" } },
  { "Ortopedi Umeå", 34, { "Ortopedi Umeå" } },
  { "Öron- näs- och halskirurgi Vb", 37, { "Öron- näs- och halskirurgi Vb" } },
  { "Kirurgcentrum Umeå", 37, { "Kirurgcentrum Umeå" } },
  { "Ortopedi Ske", 41, { "Ortopedi Ske" } },
  { "Kirurgcentrum Ske", 42, { "Kirurgcentrum Ske" } },
  { "Kirurgiskt centrum Sö Lappland", 47, { "Kirurgiskt centrum Sö Lappland" } },
  { "Hand- och plastikkirurgi Vb", 51, { "Hand- och plastikkirurgi Vb" } },
  { "Ögon Ske", 52, { "Ögon Ske" } },
  { "CFOG Ly", 53, { "CFOG Ly" } },
  { "Ögon Umeå", 57, { "Ögon Umeå" } },
  { "Psykiatri Umeå-beh", 64, { "Psykiatrisk klinik Umeå" } },
  { "Neurokirurgi Vb", 69, { "Neurokirurgi Vb" } },
  { "CFOG Ske", 70, { "CFOG Ske" } },
  { "Psykiatri Ske-beh", 78, { "Psykiatrisk klinik Ske" } },
  { "CFOG Umeå", 81, { "CFOG Umeå" } },
  { "Ögon Ly", 91, { "Ögon Ly" } },
  { "Thoraxkirurgi", 97, { "Thoraxkirurgi" } },
};

static const char *HOSPITALS[] = { "NUS", "Skellefteå", "Lycksele" };

static int
unit_index (const PksModel *m, const char *name)
{
  for (guint u = 0; u < pks_model_n_units (m); u++)
    if (strcmp (pks_model_unit_name (m, u), name) == 0)
      return (int) u;
  return -1;
}

static int
site_index (const PksModel *m, const char *name)
{
  for (guint s = 0; s < pks_model_n_sites (m); s++)
    if (strcmp (pks_model_site_name (m, s), name) == 0)
      return (int) s;
  return -1;
}

/* January 2024 (the first reported month) share within 90 days of a
 * clinic, pooled over its units' lists; NaN if a unit is missing. */
static double
january_share (const PksModel *m, const PksRepResult *r, const Clinic *c, gboolean treatment)
{
  double waiting = 0, within = 0;
  int kw = treatment ? PKS_MM_WAITING_TREATMENT : PKS_MM_WAITING_FIRST_VISIT;
  int kv = treatment ? PKS_MM_VG_TREATMENT_PCT : PKS_MM_VG_FIRST_VISIT_PCT;
  for (int i = 0; i < 6 && c->units[i]; i++)
    {
      int u = unit_index (m, c->units[i]);
      if (u < 0)
        return NAN;
      const double *mm = r->monthly + pks_monthly_index (r->n_months, u, 0, 0);   /* month 0 */
      if (isnan (mm[kv]))
        return NAN;
      waiting += mm[kw];
      within += mm[kw] * mm[kv] / 100.0;
    }
  return waiting > 0 ? 100.0 * within / waiting : NAN;
}

static double
county_share (const PksModel *m, const PksRepResult *r, const Clinic *cs, guint n, gboolean treatment)
{
  double waiting = 0, within = 0;
  for (guint c = 0; c < n; c++)
    for (int i = 0; i < 6 && cs[c].units[i]; i++)
      {
        int u = unit_index (m, cs[c].units[i]);
        if (u < 0)
          return NAN;
        const double *mm = r->monthly + pks_monthly_index (r->n_months, u, 0, 0);
        double w = mm[treatment ? PKS_MM_WAITING_TREATMENT : PKS_MM_WAITING_FIRST_VISIT];
        double v = mm[treatment ? PKS_MM_VG_TREATMENT_PCT : PKS_MM_VG_FIRST_VISIT_PCT];
        waiting += w;
        within += w * v / 100.0;
      }
  return waiting > 0 ? 100.0 * within / waiting : NAN;
}

/* Spearman's rank correlation with average ranks for ties. */
static void
ranks (const double *x, guint n, double *r)
{
  for (guint i = 0; i < n; i++)
    {
      double less = 0, equal = 0;
      for (guint j = 0; j < n; j++)
        {
          less += x[j] < x[i];
          equal += x[j] == x[i];
        }
      r[i] = less + (equal + 1.0) / 2.0;
    }
}

static double
spearman (const double *a, const double *b, guint n)
{
  g_autofree double *ra = g_new (double, n), *rb = g_new (double, n);
  ranks (a, n, ra);
  ranks (b, n, rb);
  double ma = 0, mb = 0;
  for (guint i = 0; i < n; i++)
    {
      ma += ra[i] / n;
      mb += rb[i] / n;
    }
  double sab = 0, saa = 0, sbb = 0;
  for (guint i = 0; i < n; i++)
    {
      sab += (ra[i] - ma) * (rb[i] - mb);
      saa += (ra[i] - ma) * (ra[i] - ma);
      sbb += (rb[i] - mb) * (rb[i] - mb);
    }
  return sab / sqrt (saa * sbb);
}

/* One calibration target: the per-replication values, the seed figure and
 * the allowed error (absolute, or relative when rel). Returns TRUE when
 * the 95 % interval of the mean lies inside target ± tolerance. */
static gboolean
check (GString *report, const char *what, const char *source, const double *x, guint n,
       double target, double tol, gboolean rel)
{
  PksWelford w;
  pks_welford_init (&w);
  for (guint i = 0; i < n; i++)
    pks_welford_add (&w, x[i]);
  double hw = pks_welford_halfwidth (&w, 0.95);
  double band = rel ? tol * target : tol;
  gboolean ok = !isnan (w.mean) && w.mean - hw >= target - band && w.mean + hw <= target + band;
  double err = rel ? 100.0 * (w.mean - target) / target : w.mean - target;
  g_string_append_printf (report, "%-4s %-44s %-14s seed %10.4g  sim %10.4g [%.4g, %.4g]  error %+.2f%s (allowed ±%g%s)\n",
                          ok ? "ok" : "FAIL", what, source, target, w.mean, w.mean - hw, w.mean + hw,
                          err, rel ? " %" : " points", rel ? 100.0 * tol : tol, rel ? " %" : " points");
  return ok;
}

/* Run the scenario and count the failed calibration checks; the report
 * has a line per check. */
static guint
calibration_failures (const char *const *sets, GString *report)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (PKS_DEFAULT_SCENARIO, sets, NULL, d);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  PksRepResult **r = tu_run (m, REPS, FALSE);
  double adm[REPS], alos[REPS], bed_days[REPS], ops[REPS], occ[REPS], occ_sj[REPS], beds[REPS];
  double fv[REPS], tr[REPS];
  guint n_days = pks_model_n_days (m);
  for (guint i = 0; i < REPS; i++)
    {
      /* somatic scope: every unit but the psychiatric ones (the 40 000
       * admissions and the 5.22 days; docs/calibration.md) */
      double a = 0, stay = 0, disc = 0;
      for (guint u = 0; u < pks_model_n_units (m); u++)
        {
          const PksUnitDef *ud = pks_unit (s, u);
          if (ud->bed_type == PKS_BED_PSYCHIATRIC)
            continue;
          guint en = pks_model_unit_entity (m, u);
          double dis = pks_rep_metric (r[i], en, PKS_M_DISCHARGES);
          a += pks_rep_metric (r[i], en, PKS_M_ADMISSIONS);
          if (dis > 0)
            {
              stay += pks_rep_metric (r[i], en, PKS_M_ALOS_DAYS) * dis;
              disc += dis;
            }
        }
      adm[i] = a;
      alos[i] = stay / disc;
      bed_days[i] = pks_rep_metric (r[i], 0, PKS_M_BED_DAYS);
      ops[i] = pks_rep_metric (r[i], 0, PKS_M_OPERATIONS);
      beds[i] = pks_rep_metric (r[i], 0, PKS_M_STAFFED_BED_DAYS) / n_days;
      /* the three hospitals' somatic beds: a site's occupancy counts them */
      double occupied = 0, staffed = 0;
      for (guint h = 0; h < G_N_ELEMENTS (HOSPITALS); h++)
        {
          int si = site_index (m, HOSPITALS[h]);
          g_assert_cmpint (si, >=, 0);
          guint en = pks_model_site_entity (m, (guint) si);
          double st = pks_rep_metric (r[i], en, PKS_M_STAFFED_BED_DAYS);
          occupied += pks_rep_metric (r[i], en, PKS_M_OCCUPANCY_PCT) * st / 100.0;
          staffed += st;
        }
      occ[i] = 100.0 * occupied / staffed;
      int sj = site_index (m, "Sjukstugor");
      occ_sj[i] = sj < 0 ? NAN : pks_rep_metric (r[i], pks_model_site_entity (m, (guint) sj), PKS_M_OCCUPANCY_PCT);
      fv[i] = county_share (m, r[i], FV, G_N_ELEMENTS (FV), FALSE);
      tr[i] = county_share (m, r[i], TR, G_N_ELEMENTS (TR), TRUE);
    }
  guint fails = 0;
  fails += !check (report, "admissions, somatic (drygt 40 000)", "000:2731", adm, REPS, 40000, 0.03, TRUE);
  fails += !check (report, "bed-days, all inpatient care (knappt 241 000)", "000:2731", bed_days, REPS, 241000, 0.03, TRUE);
  fails += !check (report, "mean length of stay, somatic", "000:2722-2723", alos, REPS, 5.22, 0.03, TRUE);
  fails += !check (report, "operations, three hospitals", "000:2780", ops, REPS, 34875, 0.03, TRUE);
  fails += !check (report, "occupancy %, hospitals' somatic beds", "000:2726", occ, REPS, 101.7, 2.0, FALSE);
  fails += !check (report, "staffed (disponibla) beds, average", "000:2736-2741", beds, REPS, 530, 0.02, TRUE);
  fails += !check (report, "occupancy %, sjukstugor", "000:2727-2728", occ_sj, REPS, 65.2, 5.0, FALSE);
  fails += !check (report, "first visits within 90 days, county, Jan", "004:205,263", fv, REPS, 66, 5.0, FALSE);
  fails += !check (report, "treatments within 90 days, county, Jan", "004:326,364", tr, REPS, 45, 5.0, FALSE);

  /* per clinic: the mean January share over replications, ranked against
   * the seed's; and the treatment shares for the report */
  guint nc = G_N_ELEMENTS (FV);
  double sim[G_N_ELEMENTS (FV)], seed[G_N_ELEMENTS (FV)];
  gboolean all = TRUE;
  for (guint c = 0; c < nc; c++)
    {
      double sum = 0;
      for (guint i = 0; i < REPS; i++)
        sum += january_share (m, r[i], &FV[c], FALSE);
      sim[c] = sum / REPS;
      seed[c] = FV[c].share;
      all &= !isnan (sim[c]);
      g_string_append_printf (report, "     first visit Jan 2024  %-40s seed %3.0f  sim %5.1f\n", FV[c].clinic, seed[c], sim[c]);
    }
  double rho = all ? spearman (sim, seed, nc) : NAN;
  gboolean rho_ok = rho >= 0.8;
  fails += !rho_ok;
  g_string_append_printf (report, "%-4s Spearman, first-visit shares per clinic (004:187-301): %.3f (at least 0.8)\n",
                          rho_ok ? "ok" : "FAIL", rho);
  for (guint c = 0; c < G_N_ELEMENTS (TR); c++)
    {
      double sum = 0;
      for (guint i = 0; i < REPS; i++)
        sum += january_share (m, r[i], &TR[c], TRUE);
      g_string_append_printf (report, "     treatment Jan 2024    %-40s seed %3.0f  sim %5.1f\n", TR[c].clinic,
                              TR[c].share, sum / REPS);
    }
  tu_free_results (r, REPS);
  return fails;
}

static void
test_baseline (void)
{
  g_autoptr (GString) report = g_string_new (NULL);
  guint fails = calibration_failures (NULL, report);
  g_test_message ("calibration of the embedded baseline, %d replications:\n%s", REPS, report->str);
  g_assert_cmpuint (fails, ==, 0);
}

/* The checks can fail: without overcrowding places (a policy change) the
 * same region turns patients away, and admissions, bed-days and
 * occupancy leave their bands. */
static void
test_detects_miscalibration (void)
{
  const char *sets[] = { "policy.overcrowding=0", NULL };
  g_autoptr (GString) report = g_string_new (NULL);
  guint fails = calibration_failures (sets, report);
  g_test_message ("the baseline with policy.overcrowding = 0:\n%s", report->str);
  g_assert_cmpuint (fails, >=, 2);
}

/* Spearman's rho on its own: 1 for the same order, -1 reversed, ties averaged. */
static void
test_spearman (void)
{
  double a[] = { 1, 2, 3, 4, 5 }, b[] = { 10, 20, 30, 40, 50 }, c[] = { 5, 4, 3, 2, 1 };
  double t[] = { 1, 2, 2, 3, 4 };
  g_assert_cmpfloat (fabs (spearman (a, b, 5) - 1.0), <, 1e-12);
  g_assert_cmpfloat (fabs (spearman (a, c, 5) + 1.0), <, 1e-12);
  /* ranks of t: 1, 2.5, 2.5, 4, 5 against 1..5: rho = 0.9746794 */
  g_assert_cmpfloat (fabs (spearman (a, t, 5) - 0.9746794344808963), <, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calibration/spearman", test_spearman);
  g_test_add_func ("/calibration/vasterbotten-2024", test_baseline);
  g_test_add_func ("/calibration/detects-miscalibration", test_detects_miscalibration);
  return g_test_run ();
}
