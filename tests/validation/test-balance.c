/* test-balance.c — the PKS balance (docs/balance.md): on every unit of the
 * Västerbotten baseline, each list's demand − production is its backlog
 * change exactly, in every month, tertial and week, first visits never
 * exceed their slots, and the periods add up to the year's metrics; on a
 * single first-visit list with Poisson referrals at λ a week and c slots
 * a week the balance shows the drift λ − c (driven through the pks command
 * and balance.csv); the clinic, area, site and region rows are the sums of
 * their units'.
 *
 * Tolerances: the expected drift must lie inside the 99.9 % Student-t
 * interval of the weekly changes (a correct model fails with probability
 * 0.1 %; seeds are fixed). */
#include "testutil.h"

#include <math.h>
#include <string.h>

#define ALPHA 0.001

/* A scenario (NULL: the embedded baseline) with --set overrides. */
static PksModel *
scenario (const char *path, const char *const *sets)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (path ? path : PKS_DEFAULT_SCENARIO, sets, NULL, d);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

static gboolean
close_rel (double a, double b, double rel)
{
  return fabs (a - b) <= rel * MAX (1.0, MAX (fabs (a), fabs (b)));
}

/* Every unit, every period, the three lists: demand − production −
 * removed = backlog change, exactly (whole numbers in floats); first
 * visits within their slots; the minutes to rounding. Then the periods
 * against the year's metrics, and the running levels against a count of
 * the pool. Returns the patients removed from the lists. */
static double
identity (const char *path, const char *const *sets)
{
  g_autoptr (PksModel) m = scenario (path, sets);
  const guint n = 2;
  double removed = 0;
  PksRepResult **r = tu_run (m, n, FALSE);
  guint nu = pks_model_n_units (m), np = pks_model_n_periods (m), nm = pks_model_n_months (m);
  static const PksBalanceResource lists[] = {
    PKS_BR_FIRST_VISITS, PKS_BR_TREATMENTS, PKS_BR_OPERATIONS,
  };
  guint checked = 0, busy = 0;
  for (guint i = 0; i < n; i++)
    {
      const PksLevelCheck *b = &r[i]->levels;
      g_assert_cmpfloat (b->op_waiting_end, ==, b->op_waiting_counted);
      g_assert_cmpfloat (b->op_waiting_end, >, 0);
      g_assert_true (close_rel (b->min_waiting_end, b->min_waiting_counted, 1e-9));
      for (guint u = 0; u < nu; u++)
        {
          for (guint p = 0; p < np; p++)
            {
              for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
                {
                  double d = pks_balance_value (m, r[i], &u, 1, p, lists[k], PKS_BV_DEMAND);
                  double x = pks_balance_value (m, r[i], &u, 1, p, lists[k], PKS_BV_PRODUCTION);
                  double c = pks_balance_value (m, r[i], &u, 1, p, lists[k], PKS_BV_CHANGE);
                  double o = pks_balance_value (m, r[i], &u, 1, p, lists[k], PKS_BV_REMOVED);
                  if (d - x - o != c)
                    g_error ("%s %s %s: demand %g − production %g − removed %g ≠ backlog "
                             "change %g", pks_model_unit_name (m, u),
                             pks_model_period (m, p)->label,
                             pks_balance_resource_name (lists[k]), d, x, o, c);
                  removed += o;
                  checked++;
                  busy += d > 0;
                }
              double d = pks_balance_value (m, r[i], &u, 1, p, PKS_BR_OR_MINUTES, PKS_BV_DEMAND);
              double x = pks_balance_value (m, r[i], &u, 1, p, PKS_BR_OR_MINUTES, PKS_BV_PRODUCTION);
              double c = pks_balance_value (m, r[i], &u, 1, p, PKS_BR_OR_MINUTES, PKS_BV_CHANGE);
              double o = pks_balance_value (m, r[i], &u, 1, p, PKS_BR_OR_MINUTES, PKS_BV_REMOVED);
              g_assert_true (fabs (d - x - o - c) <= 0.5);   /* float minutes: well under a minute */
              /* slots are a hard limit */
              double fv = pks_balance_value (m, r[i], &u, 1, p, PKS_BR_FIRST_VISITS, PKS_BV_PRODUCTION);
              g_assert_cmpfloat (fv, <=, pks_model_capacity (m, u, p, PKS_BR_FIRST_VISITS));
            }
          /* the months add up to the year's metrics */
          guint e = pks_model_unit_entity (m, u);
          double fv = 0, ref = 0, ops = 0, adm = 0, beds = 0;
          for (guint p = 0; p < nm; p++)
            {
              fv += pks_balance_value (m, r[i], &u, 1, p, PKS_BR_FIRST_VISITS, PKS_BV_PRODUCTION);
              ref += pks_balance_value (m, r[i], &u, 1, p, PKS_BR_FIRST_VISITS, PKS_BV_DEMAND);
              ops += pks_balance_value (m, r[i], &u, 1, p, PKS_BR_OPERATIONS, PKS_BV_PRODUCTION);
              beds += pks_balance_value (m, r[i], &u, 1, p, PKS_BR_BED_DAYS, PKS_BV_PRODUCTION);
              adm += pks_balance_flow (m, r[i], u, p, PKS_BF_ADMISSIONS);
            }
          g_assert_cmpfloat (fv, ==, pks_rep_metric (r[i], e, PKS_M_FIRST_VISITS));
          g_assert_cmpfloat (ref, ==, pks_rep_metric (r[i], e, PKS_M_REFERRALS));
          g_assert_cmpfloat (ops, ==, pks_rep_metric (r[i], e, PKS_M_OPERATIONS));
          g_assert_cmpfloat (adm, ==, pks_rep_metric (r[i], e, PKS_M_ADMISSIONS));
          g_assert_true (close_rel (beds, pks_rep_metric (r[i], e, PKS_M_BED_DAYS), 1e-5));
          double end = pks_balance_value (m, r[i], &u, 1, nm - 1, PKS_BR_FIRST_VISITS, PKS_BV_END);
          g_assert_cmpfloat (end, ==, pks_rep_metric (r[i], e, PKS_M_WAITING_FIRST_VISIT));
        }
      /* bed-days: every patient in a bed is some unit's own, so over the
       * region the own patients' bed-days are the beds' production */
      g_autofree guint *all = g_new (guint, nu);
      for (guint u = 0; u < nu; u++)
        all[u] = u;
      for (guint p = 0; p < np; p++)
        {
          double own = 0;
          for (guint u = 0; u < nu; u++)
            own += pks_balance_flow (m, r[i], u, p, PKS_BF_BED_DEMAND) / PKS_MIN_PER_DAY;
          double prod = pks_balance_value (m, r[i], all, nu, p, PKS_BR_BED_DAYS, PKS_BV_PRODUCTION);
          g_assert_true (close_rel (own, prod, 1e-5));
        }
    }
  g_test_message ("%u unit-period-list identities, %u with demand, %g removed", checked, busy,
                  removed);
  g_assert_cmpuint (busy, >, checked / 4);
  tu_free_results (r, n);
  return removed;
}

static void
test_identity_baseline (void)
{
  g_assert_cmpfloat (identity (NULL, NULL), ==, 0);
}

/* Removals (flows.csv removal_pct) are the third way out of a list. */
static void
test_identity_removals (void)
{
  const char *sets[] = { "flows[Ortopedi Umeå/ortopedi].removal_pct=30",
                         "flows[Hud och STD/remiss].removal_pct=20",
                         "flows[Utprovning hörapparat Vb/hörapparat].removal_pct=10", NULL };
  g_assert_cmpfloat (identity (NULL, sets), >, 100);
}

/* A pathway (IVA → IMA → ward, plans/ima.ini): a patient who moves to the
 * next unit is that unit's own patient from then on. */
static void
test_identity_pathways (void)
{
  g_autofree char *ima = g_build_filename (tu_source_root (), "scenarios", "plans", "ima.ini", NULL);
  identity (ima, NULL);
}

/* A scenario folder: one unit whose first-visit list is fed by Poisson
 * referrals at lambda a week and served by c slots a week, over 52
 * weeks from a Monday in a year of 365 days, with an initial list. */
static char *
single_list (double lambda, double c, int initial, int reps)
{
  char *dir = tu_tmpdir ("pks-balance");
  g_autofree char *ini = g_strdup_printf (
    "[scenario]\nname = one list\nstart = 2025-01-06\ndays = 364\nwarmup_days = 0\n"
    "replications = %d\nseed = 4242\n[tables]\nunits = units.csv\nflows = flows.csv\n%s", reps,
    initial > 0 ? "waitlist = waitlist.csv\n" : "");
  g_autofree char *units = g_strdup_printf (
    "unit,site,beds,staffed_beds,visit_slots_per_week,clinic,area\nMottagning,S,0,0,%g,K,A\n", c);
  /* per_year over the 365 days of 2025: lambda a week */
  g_autofree char *flows = g_strdup_printf (
    "unit,flow,kind,per_year,treat_p\nMottagning,remiss,elective,%.10g,0\n", lambda * 365.0 / 7.0);
  g_autofree char *wl = g_strdup_printf (
    "unit,flow,stage,wait_from_days,wait_to_days,count\nMottagning,remiss,first_visit,0,60,%d\n",
    initial);
  const char *files[][2] = { { "s.ini", ini }, { "units.csv", units }, { "flows.csv", flows },
                             { "waitlist.csv", wl } };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *p = g_build_filename (dir, files[i][0], NULL);
      g_assert_true (g_file_set_contents (p, files[i][1], -1, NULL));
    }
  return dir;
}

/* balance.csv's rows of a scope and resource for weekly periods: the
 * columns asked for (by header name), one row after another. */
static GArray *
weekly_column (const char *csv, const char *scope, const char *resource, const char *column)
{
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto (GStrv) hdr = g_strsplit (lines[0], ",", -1);
  int col = -1;
  for (int i = 0; hdr[i]; i++)
    if (!strcmp (hdr[i], column))
      col = i;
  g_assert_cmpint (col, >=, 0);
  GArray *a = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint l = 1; lines[l] && *lines[l]; l++)
    {
      g_auto (GStrv) c = g_strsplit (lines[l], ",", -1);
      if (strstr (c[0], "-W") && !strcmp (c[1], scope) && !strcmp (c[3], resource))
        {
          double v = g_ascii_strtod (c[col], NULL);
          g_array_append_val (a, v);
        }
    }
  return a;
}

/* λ = 50 referrals a week, c = 40 slots: the list never empties (it
 * starts at 200), so every week produces exactly 40, and the backlog grows
 * by λ − c = 10 a week on average: balance.csv's weekly rows show it. */
static void
test_drift (void)
{
  g_autofree char *dir = single_list (50, 40, 200, 20);
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  TuResult res = tu_pks (NULL, "run", ini, "-q", "-t", "2", "--out", out, NULL);
  g_assert_cmpint (res.status, ==, 0);
  tu_result_clear (&res);
  g_autofree char *csv = tu_slurp (out, "balance.csv");
  g_autoptr (GArray) d = weekly_column (csv, "unit", "first_visits", "demand_mean");
  g_autoptr (GArray) c = weekly_column (csv, "unit", "first_visits", "capacity_mean");
  g_autoptr (GArray) x = weekly_column (csv, "unit", "first_visits", "production_mean");
  g_autoptr (GArray) ch = weekly_column (csv, "unit", "first_visits", "backlog_change_mean");
  g_autoptr (GArray) clinic = weekly_column (csv, "clinic", "first_visits", "backlog_change_mean");
  g_assert_cmpuint (d->len, ==, 52);
  g_assert_cmpuint (clinic->len, ==, 52);
  for (guint w = 0; w < 52; w++)
    {
      g_assert_cmpfloat (g_array_index (c, double, w), ==, 40);
      g_assert_cmpfloat (g_array_index (x, double, w), ==, 40);
      g_assert_true (close_rel (g_array_index (d, double, w) - 40, g_array_index (ch, double, w), 1e-9));
      g_assert_cmpfloat (g_array_index (clinic, double, w), ==, g_array_index (ch, double, w));
    }
  /* the weekly means over 20 replications are independent Poisson(50)
   * means: their mean change has the interval of 52 such weeks */
  double mean, hw;
  gboolean in = tu_in_ci ((double *) ch->data, ch->len, 10.0, ALPHA, &mean, &hw);
  g_test_message ("weekly backlog change %.3f ± %.3f (λ − c = 10)", mean, hw);
  g_assert_true (in);
  g_assert_cmpfloat (hw, <, 1.0);
  tu_rm_rf (dir);
}

/* c = 60 slots for λ = 50: the list empties, production follows demand,
 * the backlog does not drift, and production never exceeds the slots. */
static void
test_no_drift (void)
{
  g_autofree char *dir = single_list (50, 60, 0, 20);
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  TuResult res = tu_pks (NULL, "run", ini, "-q", "--out", out, NULL);
  g_assert_cmpint (res.status, ==, 0);
  tu_result_clear (&res);
  g_autofree char *csv = tu_slurp (out, "balance.csv");
  g_autoptr (GArray) x = weekly_column (csv, "region", "first_visits", "production_mean");
  g_autoptr (GArray) ch = weekly_column (csv, "region", "first_visits", "backlog_change_mean");
  g_autoptr (GArray) d = weekly_column (csv, "region", "first_visits", "demand_mean");
  for (guint w = 0; w < x->len; w++)
    g_assert_cmpfloat (g_array_index (x, double, w), <=, 60);
  /* from week 2 on the list is stationary (the first week fills it) */
  double mean, hw;
  gboolean in = tu_in_ci ((double *) ch->data + 1, ch->len - 1, 0.0, ALPHA, &mean, &hw);
  g_test_message ("weekly backlog change %.3f ± %.3f (no drift)", mean, hw);
  g_assert_true (in);
  in = tu_in_ci ((double *) d->data, d->len, 50.0, ALPHA, &mean, &hw);
  g_test_message ("weekly demand %.3f ± %.3f (λ = 50)", mean, hw);
  g_assert_true (in);
  tu_rm_rf (dir);
}

/* The value of column col in the row of csv whose first four cells are
 * a, b, c, d; NaN when there is none. */
static double
cell_of (const char *csv, const char *a, const char *b, const char *c, const char *d,
         const char *col)
{
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto (GStrv) hdr = g_strsplit (lines[0], ",", -1);
  int k = -1;
  for (int i = 0; hdr[i]; i++)
    if (!strcmp (hdr[i], col))
      k = i;
  g_assert_cmpint (k, >=, 0);
  for (guint l = 1; lines[l] && *lines[l]; l++)
    {
      g_auto (GStrv) x = g_strsplit (lines[l], ",", -1);
      if (!strcmp (x[0], a) && !strcmp (x[1], b) && !strcmp (x[2], c) && !strcmp (x[3], d))
        return g_ascii_strtod (x[k], NULL);
    }
  return NAN;
}

/* targets.csv → production.csv: the simulated production is balance.csv's
 * for the same unit and month, a site's target is its units' summed, the
 * total the months' summed, and the share meeting the target a share. */
static void
test_targets_cli (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-targets");
  g_autofree char *small = g_build_filename (tu_source_root (), "scenarios", "examples",
                                             "small-region.ini", NULL);
  g_autofree char *ini_text = g_strdup_printf ("[scenario]\nbase = %s\nname = plan\n"
                                               "[tables]\ntargets = targets.csv\n", small);
  g_autofree char *ini = g_build_filename (dir, "plan.ini", NULL);
  g_autofree char *tg = g_build_filename (dir, "targets.csv", NULL);
  g_assert_true (g_file_set_contents (ini, ini_text, -1, NULL));
  g_assert_true (g_file_set_contents (tg, "unit,month,resource,target\n"
                                          "Kirurgi A,2025-03,operations,60\n"
                                          "Kirurgi A,2025-04,operations,70\n"
                                          "Ögon A,2025-03,first_visits,200\n"
                                          "Ögon A,2025-03,operations,150\n", -1, NULL));
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  TuResult r = tu_pks (NULL, "run", ini, "-r", "8", "-q", "--out", out, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *prod = tu_slurp (out, "production.csv");
  g_autofree char *bal = tu_slurp (out, "balance.csv");
  g_assert_cmpfloat (cell_of (prod, "2025-03", "unit", "Ögon A", "first_visits", "production_mean"), ==,
                     cell_of (bal, "2025-03", "unit", "Ögon A", "first_visits", "production_mean"));
  g_assert_cmpfloat (cell_of (prod, "2025-03", "unit", "Kirurgi A", "operations", "production_mean"), ==,
                     cell_of (bal, "2025-03", "unit", "Kirurgi A", "operations", "production_mean"));
  g_assert_cmpfloat (cell_of (prod, "2025-03", "site", "Sjukhus A", "operations", "target"), ==, 210);
  g_assert_cmpfloat (cell_of (prod, "total", "unit", "Kirurgi A", "operations", "target"), ==, 130);
  g_assert_true (isnan (cell_of (prod, "2025-05", "unit", "Kirurgi A", "operations", "target")));
  double gap = cell_of (prod, "total", "region", "Example region", "operations", "gap_mean");
  double p = cell_of (prod, "total", "region", "Example region", "operations", "production_mean");
  g_assert_true (close_rel (gap, p - 280, 1e-9));
  double share = cell_of (prod, "2025-03", "unit", "Ögon A", "first_visits", "p_met");
  g_assert_true (share >= 0 && share <= 1);
  /* without targets.csv there is no production.csv */
  g_autofree char *out2 = g_build_filename (dir, "out2", NULL);
  r = tu_pks (NULL, "run", small, "-r", "2", "-q", "--out", out2, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *none = tu_read (out2, "production.csv");
  g_assert_null (none);
  tu_rm_rf (dir);
}

/* Every period's label is its first day's year and month, tertial or ISO
 * week, as g_snprintf writes them (periods.c writes them by hand): 30
 * years from a start mid-week in December, so ISO years, week 53 and
 * every tertial come by. */
static void
test_labels (void)
{
  const char *sets[] = { "scenario.start=2020-12-30", "scenario.days=10958", NULL };
  g_autoptr (PksModel) m = scenario (NULL, sets);
  guint np = pks_model_n_periods (m), counts[3] = { 0, 0, 0 }, w53 = 0;
  PksDate start = pks_model_start (m);
  for (guint p = 0; p < np; p++)
    {
      const PksPeriod *pe = pks_model_period (m, p);
      PksDate d = start + pe->first_day;
      char want[32];
      int y = pks_date_year (d), mo = pks_date_month (d), iso_year;
      if (pe->kind == PKS_PERIOD_MONTH)
        g_snprintf (want, sizeof want, "%04d-%02d", y, mo);
      else if (pe->kind == PKS_PERIOD_TERTIAL)
        g_snprintf (want, sizeof want, "%04d-T%d", y, (mo - 1) / 4 + 1);
      else
        {
          int w = pks_date_iso_week (d, &iso_year);
          g_snprintf (want, sizeof want, "%04d-W%02d", iso_year, w);
          w53 += w == 53;
        }
      g_assert_cmpstr (pe->label, ==, want);
      counts[pe->kind]++;
    }
  g_assert_cmpuint (counts[PKS_PERIOD_MONTH], ==, 361);
  g_assert_cmpuint (counts[PKS_PERIOD_TERTIAL], ==, 91);
  g_assert_cmpuint (w53, >=, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/balance/identity/baseline", test_identity_baseline);
  g_test_add_func ("/balance/identity/removals", test_identity_removals);
  g_test_add_func ("/balance/identity/pathways", test_identity_pathways);
  g_test_add_func ("/balance/drift/first-visit-list", test_drift);
  g_test_add_func ("/balance/drift/none-with-spare-slots", test_no_drift);
  g_test_add_func ("/balance/targets", test_targets_cli);
  g_test_add_func ("/balance/period-labels", test_labels);
  return g_test_run ();
}
