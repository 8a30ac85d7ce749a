/* test-outputs.c — the files behind summary.csv through the real pks
 * command: replications.csv reproduces summary.csv's means and CIs to the
 * printed digit, census_dist.csv is a distribution per unit, --by-flow
 * adds the flow scope (and only it), acute_queue_hours = 0 writes exactly
 * what a scenario without it writes, and the IMA plan runs as a pathway. */
#include "testutil.h"

#include <math.h>
#include <string.h>

static char *
example (void)
{
  return g_build_filename (tu_source_root (), "scenarios", "examples", "small-region.ini", NULL);
}

/* The rows of a CSV file without quoted fields (the example's names have
 * no commas), header first. */
static GPtrArray *
rows_of (const char *dir, const char *name)
{
  g_autofree char *text = tu_slurp (dir, name);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (char **l = lines; *l; l++)
    if (**l)
      g_ptr_array_add (rows, g_strsplit (*l, ",", -1));
  return rows;
}

static void
run_ok (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) tu_pks_bin ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  TuResult r = tu_spawn ((const char *const *) argv->pdata, NULL, NULL, NULL);
  if (r.status != 0)
    g_test_message ("pks: status %d, stderr: %s", r.status, r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
}

/* replications.csv: every summary.csv row's mean and 95 % interval again,
 * computed from the replications' values (printed to the last bit), the
 * same to the digit; and no replication value without its summary row. */
static void
test_replications_reproduce_summary (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-reps");
  g_autofree char *ini = example ();
  const char *args[] = { "run", ini, "-r", "5", "-q", "--by-flow", "--out", dir, NULL };
  run_ok (args);
  g_autoptr (GPtrArray) reps = rows_of (dir, "replications.csv");
  g_autoptr (GPtrArray) sum = rows_of (dir, "summary.csv");
  char **h = g_ptr_array_index (reps, 0);
  g_assert_cmpstr (h[0], ==, "replication");
  g_assert_cmpstr (h[4], ==, "value");
  /* "scope\x1fname\x1fmetric" -> values by replication */
  g_autoptr (GHashTable) vals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_array_unref);
  for (guint i = 1; i < reps->len; i++)
    {
      char **c = g_ptr_array_index (reps, i);
      g_assert_cmpuint (g_strv_length (c), ==, 5);
      char *key = g_strdup_printf ("%s\x1f%s\x1f%s", c[1], c[2], c[3]);
      GArray *a = g_hash_table_lookup (vals, key);
      if (a == NULL)
        {
          a = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (vals, key, a);
        }
      else
        g_free (key);
      /* replications in order, 0 first */
      g_assert_cmpuint (g_ascii_strtoull (c[0], NULL, 10), ==, a->len);
      double v = g_ascii_strtod (c[4], NULL);
      g_array_append_val (a, v);
    }
  guint checked = 0, flows = 0;
  for (guint i = 1; i < sum->len; i++)
    {
      char **c = g_ptr_array_index (sum, i);
      g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", c[0], c[1], c[2]);
      GArray *a = g_hash_table_lookup (vals, key);
      g_assert_nonnull (a);
      g_assert_cmpuint (a->len, ==, 5);
      PksEstimate e = pks_estimate_of ((const double *) a->data, a->len);
      char b[3][32];
      g_assert_cmpstr (pks_fmt_num (b[0], e.mean), ==, c[3]);
      g_assert_cmpstr (pks_fmt_num (b[1], e.ci_low), ==, c[4]);
      g_assert_cmpstr (pks_fmt_num (b[2], e.ci_high), ==, c[5]);
      g_hash_table_remove (vals, key);
      checked++;
      flows += strcmp (c[0], "flow") == 0;
    }
  g_assert_cmpuint (g_hash_table_size (vals), ==, 0);
  g_assert_cmpuint (flows, >, 0);
  g_test_message ("replications.csv reproduces %u summary rows (%u of them per flow)", checked,
                  flows);
  tu_rm_rf (dir);
}

/* census_dist.csv: per unit with beds, shares over census levels that add
 * up to 1, the cumulative column ending at 1, intervals around the means. */
static void
test_census_dist (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-cdist");
  g_autofree char *ini = example ();
  const char *args[] = { "run", ini, "-r", "4", "-q", "--out", dir, NULL };
  run_ok (args);
  g_autoptr (GPtrArray) rows = rows_of (dir, "census_dist.csv");
  char **h = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (h[1], ==, "census");
  g_assert_cmpstr (h[5], ==, "cumulative_mean");
  g_autofree char *last_unit = NULL;
  double total = 0, cum = 0;
  guint units = 0;
  for (guint i = 1; i <= rows->len; i++)
    {
      char **c = i < rows->len ? g_ptr_array_index (rows, i) : NULL;
      if (c == NULL || (last_unit && strcmp (c[0], last_unit) != 0))
        {
          g_assert_cmpfloat (fabs (total - 1.0), <=, 1e-6);
          g_assert_cmpfloat (fabs (cum - 1.0), <=, 1e-6);
          units++;
          total = 0;
          if (c == NULL)
            break;
        }
      if (last_unit == NULL || strcmp (c[0], last_unit) != 0)
        {
          g_free (last_unit);
          last_unit = g_strdup (c[0]);
          g_assert_cmpstr (c[1], ==, "0");   /* from census 0 */
        }
      double mean = g_ascii_strtod (c[2], NULL);
      g_assert_cmpfloat (mean, >=, 0.0);
      g_assert_cmpfloat (g_ascii_strtod (c[3], NULL), <=, mean + 1e-12);
      g_assert_cmpfloat (g_ascii_strtod (c[4], NULL), >=, mean - 1e-12);
      total += mean;
      cum = g_ascii_strtod (c[5], NULL);
    }
  g_assert_cmpuint (units, >=, 2);
  tu_rm_rf (dir);
}

/* acute_queue_hours = 0 is today's model: every file the same to the byte
 * as without the key. */
static void
test_queue_zero_identical (void)
{
  g_autofree char *a = tu_tmpdir ("pks-q0a"), *b = tu_tmpdir ("pks-q0b");
  g_autofree char *ini = example ();
  const char *args_a[] = { "run", ini, "-r", "3", "-q", "--out", a, NULL };
  const char *args_b[] = { "run", ini, "-r", "3", "-q", "--out", b, "--set",
                           "policy.acute_queue_hours=0", NULL };
  run_ok (args_a);
  run_ok (args_b);
  static const char *const files[] = { "summary.csv", "daily.csv", "daily_sites.csv",
                                       "monthly.csv", "replications.csv", "census_dist.csv" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *x = tu_slurp (a, files[i]), *y = tu_slurp (b, files[i]);
      g_assert_cmpstr (x, ==, y);
    }
  tu_rm_rf (a);
  tu_rm_rf (b);
}

/* The flow scope is there with --by-flow (in summary.csv and compare.csv),
 * named Unit/flow, and not without it. */
static void
test_by_flow (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-byflow"), *plain = tu_tmpdir ("pks-noflow");
  g_autofree char *ini = example ();
  g_autofree char *plan = g_build_filename (tu_source_root (), "scenarios", "examples",
                                            "small-plan-beds.ini", NULL);
  const char *args[] = { "compare", ini, plan, "-r", "3", "-q", "--by-flow", "--out", dir, NULL };
  const char *args2[] = { "run", ini, "-r", "3", "-q", "--out", plain, NULL };
  run_ok (args);
  run_ok (args2);
  g_autofree char *cmp = tu_slurp (dir, "compare.csv");
  g_autofree char *sum = tu_slurp (dir, "summary.csv");
  g_autofree char *sum2 = tu_slurp (plain, "summary.csv");
  g_assert_nonnull (strstr (cmp, "\nflow,Medicin A/akut,admissions,"));
  g_assert_nonnull (strstr (sum, "\nflow,Medicin A/akut,admissions,"));
  g_assert_nonnull (strstr (sum, "\nunit,Medicin A,outlied_pct,"));
  g_assert_null (strstr (sum2, "\nflow,"));
  g_assert_null (strstr (sum2, "outlied_pct"));
  tu_rm_rf (dir);
  tu_rm_rf (plain);
}

/* The IMA plan is a pathway IVA → IMA → ward: transfers are made, and
 * the units off the pathway at another site are untouched. */
static void
test_ima_plan (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-ima");
  g_autofree char *base = g_build_filename (tu_source_root (), "scenarios", "vasterbotten-2024.ini",
                                            NULL);
  g_autofree char *ima_ini = g_build_filename (tu_source_root (), "scenarios", "plans", "ima.ini", NULL);
  const char *args[] = { "compare", base, ima_ini, "-r", "2", "-q", "--out", dir, NULL };
  run_ok (args);
  /* the plan's name has a comma (quoted): its fields are read from the end */
  g_autoptr (GPtrArray) rows = rows_of (dir, "compare.csv");
  gboolean lycksele_same = TRUE;
  guint lycksele = 0;
  for (guint i = 1; i < rows->len; i++)
    {
      char **c = g_ptr_array_index (rows, i);
      guint nc = g_strv_length (c);
      if (!strcmp (c[0], "unit") && !strcmp (c[1], "IVA Lycksele"))
        {
          lycksele++;
          if (g_ascii_strtod (c[nc - 3], NULL) != 0.0)
            lycksele_same = FALSE;
        }
    }
  g_autoptr (GPtrArray) plan = rows_of (dir, "plan-1/summary.csv");
  double iva = 0, ima = 0;
  for (guint i = 1; i < plan->len; i++)
    {
      char **c = g_ptr_array_index (plan, i);
      if (!strcmp (c[0], "unit") && !strcmp (c[1], "IVA NUS") && !strcmp (c[2], "pathway_transfers"))
        iva = g_ascii_strtod (c[3], NULL);
      if (!strcmp (c[0], "unit") && !strcmp (c[1], "IMA NUS") && !strcmp (c[2], "pathway_admissions"))
        ima = g_ascii_strtod (c[3], NULL);
    }
  g_test_message ("IMA plan: %g transfers from IVA NUS, %g received by IMA NUS", iva, ima);
  g_assert_cmpfloat (iva, >, 500);
  g_assert_cmpfloat (iva, ==, ima);
  g_assert_cmpuint (lycksele, >, 10);
  g_assert_true (lycksele_same);
  tu_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outputs/replications-reproduce-summary", test_replications_reproduce_summary);
  g_test_add_func ("/outputs/census-dist", test_census_dist);
  g_test_add_func ("/outputs/queue-zero-identical", test_queue_zero_identical);
  g_test_add_func ("/outputs/by-flow", test_by_flow);
  g_test_add_func ("/outputs/ima-plan", test_ima_plan);
  return g_test_run ();
}
