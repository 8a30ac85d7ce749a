/* test-metrics.c — the metric table (PKS_METRICS, pks/model/metrics.h):
 * every metric has its labels, unit and an aggregation rule; the contract's
 * names stand first and unchanged; docs/metrics.md documents every metric
 * with the table's unit and rule; and on a region-year of the Västerbotten
 * baseline every site's and the region's value follows from its units by
 * the rule the table names (a sum is the sum of the units, a ratio of sums
 * lies between its units' ratios, …). */
#include "testutil.h"

#include <math.h>
#include <string.h>

/* ../shared/spec/scenario-format.md, section 4, in its order */
static const char *const contract[] = {
  "admissions", "bed_days", "alos_days", "staffed_bed_days", "occupancy_pct", "census_p95",
  "overcrowded_days", "outlied_days", "transfers_out", "discharge_delay_days", "operations",
  "cancelled_operations", "or_utilisation_pct", "first_visits", "waiting_first_visit",
  "waiting_treatment", "vg_first_visit_pct", "vg_treatment_pct", "vg_first_visit_done_pct",
  "vg_treatment_done_pct", "wait_treatment_median_days",
};

static gboolean
nonempty (const char *s)
{
  return s != NULL && *s != '\0';
}

/* Every row is whole: a name in [a-z0-9_], both labels (and chart
 * labels), a unit, sane decimals and direction, an aggregation rule. */
static void
test_table_complete (void)
{
  for (int k = 0; k < PKS_N_METRICS; k++)
    {
      const char *name = pks_metric_name (k);
      g_test_message ("metric %d: %s", k, name ? name : "(none)");
      g_assert_true (nonempty (name));
      for (const char *c = name; *c; c++)
        g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '_');
      g_assert_cmpint (pks_metric_from_name (name), ==, k);
      for (PksLang l = PKS_LANG_SV; l <= PKS_LANG_EN; l++)
        {
          g_assert_true (nonempty (pks_metric_label (k, l)));
          g_assert_true (nonempty (pks_metric_short_label (k, l)));
          g_assert_true (nonempty (pks_metric_unit_label (k, l)));
          g_assert_true (g_utf8_validate (pks_metric_label (k, l), -1, NULL));
        }
      g_assert_true (nonempty (pks_metric_unit_name (k)));
      g_assert_cmpint (pks_metric_agg (k), >, PKS_AGG_NONE);
      g_assert_cmpint (pks_metric_agg (k), <, PKS_N_AGG);
      g_assert_true (nonempty (pks_agg_name (pks_metric_agg (k))));
      g_assert_cmpint (pks_metric_decimals (k), >=, 0);
      g_assert_cmpint (pks_metric_decimals (k), <=, 3);
      g_assert_cmpint (ABS (pks_metric_better (k)), <=, 1);
      g_assert_cmpfloat (pks_metric_scale (k), >, 0.0);
    }
  g_assert_cmpint (pks_metric_from_name ("no_such_metric"), ==, -1);
  g_assert_null (pks_metric_name (PKS_N_METRICS));
}

static void
test_contract_names (void)
{
  g_assert_cmpint (PKS_N_CONTRACT_METRICS, ==, G_N_ELEMENTS (contract));
  for (guint k = 0; k < G_N_ELEMENTS (contract); k++)
    g_assert_cmpstr (pks_metric_name (k), ==, contract[k]);
}

/* The cells of a markdown table row "| a | b | c |", trimmed; NULL if the
 * line is not a row. */
static char **
row_cells (const char *line)
{
  if (!g_str_has_prefix (line, "|"))
    return NULL;
  g_autofree char *inner = g_strndup (line + 1, strlen (line) - 1 - g_str_has_suffix (line, "|"));
  char **cells = g_strsplit (inner, "|", -1);
  for (char **c = cells; *c; c++)
    g_strstrip (*c);
  return cells;
}

/* docs/metrics.md: each metric table (header "metric | unit | site, region
 * | definition") has a row per metric, with the table's unit and rule, and
 * names no metric that does not exist. */
static void
test_docs (void)
{
  g_autofree char *path = g_build_filename (tu_source_root (), "docs", "metrics.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) e = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &e));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree int *seen = g_new0 (int, PKS_N_METRICS);
  gboolean in_table = FALSE;
  guint tables = 0;
  for (char **l = lines; *l; l++)
    {
      g_auto (GStrv) c = row_cells (*l);
      if (c == NULL)
        {
          in_table = FALSE;
          continue;
        }
      if (g_strv_length (c) == 4 && !strcmp (c[0], "metric") && !strcmp (c[1], "unit")
          && !strcmp (c[2], "site, region"))
        {
          in_table = TRUE;
          tables++;
          continue;
        }
      if (!in_table || g_str_has_prefix (c[0], "---"))
        continue;
      g_assert_cmpuint (g_strv_length (c), ==, 4);
      int k = pks_metric_from_name (c[0]);
      if (k < 0)
        g_error ("docs/metrics.md documents \"%s\", which is no metric", c[0]);
      g_test_message ("%s: %s, %s", c[0], c[1], c[2]);
      g_assert_cmpstr (c[1], ==, pks_metric_unit_name (k));
      g_assert_cmpstr (c[2], ==, pks_agg_name (pks_metric_agg (k)));
      seen[k]++;
    }
  g_assert_cmpuint (tables, >=, 1);
  for (int k = 0; k < PKS_N_METRICS; k++)
    if (seen[k] != 1)
      g_error ("docs/metrics.md has %d rows for %s (one expected)", seen[k], pks_metric_name (k));
}

static void
test_monthly_index (void)
{
  /* [unit][month][figure], figures innermost */
  g_assert_cmpuint (pks_monthly_index (13, 0, 0, 0), ==, 0);
  g_assert_cmpuint (pks_monthly_index (13, 0, 0, PKS_MM_OPERATIONS), ==, PKS_MM_OPERATIONS);
  g_assert_cmpuint (pks_monthly_index (13, 0, 1, 0), ==, PKS_N_MONTHLY);
  g_assert_cmpuint (pks_monthly_index (13, 2, 3, 1), ==, (2 * 13 + 3) * PKS_N_MONTHLY + 1);
  g_assert_cmpuint (pks_monthly_len (4, 13), ==, 4 * 13 * PKS_N_MONTHLY);
  g_assert_cmpuint (pks_monthly_len (4, 0), ==, 4 * PKS_N_MONTHLY);   /* never empty */
}

/* The units of an aggregate entity, and those of them that are somatic. */
typedef struct {
  guint n, n_somatic;
  guint unit[256], somatic[256];
} Members;

static void
members (const PksModel *m, const PksScenario *s, guint e, Members *x)
{
  x->n = x->n_somatic = 0;
  for (guint u = 0; u < pks_model_n_units (m); u++)
    {
      if (!pks_model_entity_has_unit (m, e, u))
        continue;
      g_assert_cmpuint (x->n, <, G_N_ELEMENTS (x->unit));
      x->unit[x->n++] = u;
      if (pks_unit (s, u)->bed_type == PKS_BED_SOMATIC)
        x->somatic[x->n_somatic++] = u;
    }
}

static gboolean
close_to (double a, double b)
{
  return fabs (a - b) <= 1e-9 * MAX (1.0, MAX (fabs (a), fabs (b)));
}

/* Month-end share within the limit pooled over the units, from the
 * units' monthly.csv figures (waiting × share = those within), the mean
 * over months: the MONTH_MEAN rule for all priorities. */
static double
pooled_month_mean (const PksRepResult *r, const guint *unit, guint n, gboolean treatment)
{
  int kw = treatment ? PKS_MM_WAITING_TREATMENT : PKS_MM_WAITING_FIRST_VISIT;
  int kv = treatment ? PKS_MM_VG_TREATMENT_PCT : PKS_MM_VG_FIRST_VISIT_PCT;
  double sum = 0;
  for (guint mi = 0; mi < r->n_months; mi++)
    {
      double waiting = 0, within = 0;
      for (guint i = 0; i < n; i++)
        {
          double w = r->monthly[pks_monthly_index (r->n_months, unit[i], mi, kw)];
          double v = r->monthly[pks_monthly_index (r->n_months, unit[i], mi, kv)];
          if (isnan (v))
            continue;
          waiting += w;
          within += w * v / 100.0;
        }
      sum += waiting > 0 ? 100.0 * within / waiting : 100.0;
    }
  return sum / r->n_months;
}

/* Check metric k of aggregate entity e against its units by the rule. */
static void
check_rule (const PksModel *m, const PksRepResult *r, guint e, const Members *x, PksMetric k)
{
  PksAgg agg = pks_metric_agg (k);
  gboolean somatic = agg == PKS_AGG_SUM_SOMATIC || agg == PKS_AGG_RATIO_SOMATIC;
  const guint *unit = somatic ? x->somatic : x->unit;
  guint n = somatic ? x->n_somatic : x->n;
  double v = pks_rep_metric (r, e, k);
  double sum = 0, lo = INFINITY, hi = -INFINITY;
  guint defined = 0;
  for (guint i = 0; i < n; i++)
    {
      double y = pks_rep_metric (r, pks_model_unit_entity (m, unit[i]), k);
      if (isnan (y))
        continue;
      defined++;
      sum += y;
      lo = MIN (lo, y);
      hi = MAX (hi, y);
    }
  g_test_message ("%s %s: %g (units: %u defined, sum %g, from %g to %g)",
                  pks_model_entity_name (m, e), pks_metric_name (k), v, defined, sum, lo, hi);
  if (defined == 0)
    {
      /* no unit has it: the aggregate has none either (a sum may be 0) */
      if (agg == PKS_AGG_SUM || agg == PKS_AGG_SUM_SOMATIC)
        g_assert_true (isnan (v) || v == 0.0);
      else
        g_assert_true (isnan (v));
      return;
    }
  switch (agg)
    {
    case PKS_AGG_SUM:
    case PKS_AGG_SUM_SOMATIC:
      g_assert_true (close_to (v, sum));
      break;
    case PKS_AGG_RATIO:
    case PKS_AGG_RATIO_SOMATIC:
      /* a ratio of sums is its units' ratios weighted by their
       * denominators: between the least and the greatest */
      g_assert_false (isnan (v));
      g_assert_cmpfloat (v, >=, lo - 1e-9 * fabs (lo));
      g_assert_cmpfloat (v, <=, hi + 1e-9 * fabs (hi));
      break;
    case PKS_AGG_PERCENTILE_POOLED:
      /* the pooled distribution is a mixture of the units': its quantile
       * lies between theirs (within a day: interpolated integer days) */
      g_assert_false (isnan (v));
      g_assert_cmpfloat (v, >=, lo - 1.0);
      g_assert_cmpfloat (v, <=, hi + 1.0);
      break;
    case PKS_AGG_PERCENTILE_SUM:
      /* the summed census is at least each unit's on every day */
      g_assert_cmpfloat (v, >=, hi - 1e-9);
      break;
    case PKS_AGG_MONTH_MEAN:
      if (k == PKS_M_VG_FIRST_VISIT_PCT || k == PKS_M_VG_TREATMENT_PCT)
        g_assert_true (close_to (v, pooled_month_mean (r, unit, n, k == PKS_M_VG_TREATMENT_PCT)));
      else
        /* a priority's: defined where a unit has that priority */
        g_assert_cmpint (isnan (v), ==, defined == 0);
      if (!isnan (v))
        {
          g_assert_cmpfloat (v, >=, 0.0);
          g_assert_cmpfloat (v, <=, 100.0);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A region-year of the baseline (psychiatric and technical units too):
 * every site's, area's, clinic's and the region's every metric by its
 * rule. */
static void
test_aggregation (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (PKS_DEFAULT_SCENARIO, NULL, NULL, d);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  PksRepResult **r = tu_run (m, 1, FALSE);
  Members x;
  guint somatic_only_differs = 0;
  /* the baseline names its clinics and areas (units.csv) */
  g_assert_cmpuint (pks_model_n_areas (m), >, 0);
  g_assert_cmpuint (pks_model_n_clinics (m), >, 0);
  for (guint ent = 0; ent < pks_model_n_entities (m); ent++)
    {
      if (!pks_scope_is_aggregate (pks_model_entity_scope (m, ent)))
        continue;
      members (m, s, ent, &x);
      somatic_only_differs += x.n_somatic < x.n;
      for (int k = 0; k < PKS_N_METRICS; k++)
        check_rule (m, r[0], ent, &x, k);
    }
  /* the scenario exercises the somatic rules: some entity has other units */
  g_assert_cmpuint (somatic_only_differs, >, 0);
  tu_free_results (r, 1);
}

/* The same with every new part in use: the IMA plan's pathway, a wait
 * for a bed, removals from a list, a turnaround and the flow scope (its
 * shares at every unit, site and the region). */
static void
test_aggregation_pathways (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autofree char *ima = g_build_filename (tu_source_root (), "scenarios", "plans", "ima.ini", NULL);
  const char *sets[] = { "policy.acute_queue_hours=4", "scenario.by_flow=true",
                         "flows[Ortopedi Umeå/ortopedi].removal_pct=10",
                         "units[Medicincentrum Umeå].turnaround_minutes=60", NULL };
  g_autoptr (PksScenario) s = pks_scenario_load (ima, sets, NULL, d);
  if (s == NULL)
    {
      g_autofree char *all = pks_diags_format_all (d, TRUE);
      g_error ("%s", all);
    }
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  PksRepResult **r = tu_run (m, 1, FALSE);
  Members x;
  static const PksMetric used[] = { PKS_M_PATHWAY_TRANSFERS, PKS_M_ADMISSION_WAITS,
                                    PKS_M_LIST_REMOVALS, PKS_M_TURNAROUND_BED_DAYS,
                                    PKS_M_OUTLIED_PCT };
  for (guint k = 0; k < G_N_ELEMENTS (used); k++)
    g_assert_cmpfloat (pks_rep_metric (r[0], 0, used[k]), >, 0.0);
  for (guint ent = 0; ent <= pks_model_n_sites (m); ent++)
    {
      members (m, s, ent, &x);
      for (int k = 0; k < PKS_N_METRICS; k++)
        check_rule (m, r[0], ent, &x, k);
    }
  tu_free_results (r, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/table/complete", test_table_complete);
  g_test_add_func ("/metrics/table/contract-names", test_contract_names);
  g_test_add_func ("/metrics/docs", test_docs);
  g_test_add_func ("/metrics/monthly-index", test_monthly_index);
  g_test_add_func ("/metrics/aggregation", test_aggregation);
  g_test_add_func ("/metrics/aggregation/pathways", test_aggregation_pathways);
  return g_test_run ();
}
