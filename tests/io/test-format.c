/* test-format.c — the output writers' numbers and rows, byte for byte:
 * pks_fmt_num's shortcut against g_ascii_formatd ("%.10g", which it
 * replaced for speed) on millions of values of every kind an output holds
 * (integers, means of integers, percentiles, random doubles, values next
 * to powers of ten and to rounding halves), and daily.csv and
 * daily_sites.csv against rows written the way they were before (one
 * field at a time through pks_csv_write_row, g_ascii_formatd and
 * pks_percentile) on the small example with a site whose name needs
 * quotes. */
#include "testutil.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* What the writers printed before: %.10g in the C locale, "" for NaN and
 * infinities, no "-0". */
static const char *
reference (char *buf, double x)
{
  if (isnan (x) || isinf (x))
    {
      buf[0] = '\0';
      return buf;
    }
  if (x == 0.0)
    x = 0.0;
  return g_ascii_formatd (buf, 32, "%.10g", x);
}

static guint checked;

static void
check (double x)
{
  char a[32], b[32];
  pks_fmt_num (a, x);
  reference (b, x);
  if (strcmp (a, b) != 0)
    g_error ("pks_fmt_num (%.17g) = \"%s\", %%.10g gives \"%s\"", x, a, b);
  checked++;
}

static void
check_both_signs (double x)
{
  check (x);
  check (-x);
}

static void
test_num_against_glib (void)
{
  GRand *r = g_rand_new_with_seed (20261206);
  checked = 0;
  /* special values */
  const double special[] = { 0.0, -0.0, NAN, INFINITY, -INFINITY, 1e-300, 1e300, 1e10,
                             9999999999.0, 9999999999.5, 1e10 - 0.25, 0.0001, 0.00009999999999,
                             1e-4 * (1 + 1e-15), 123456789012.0, 0.1, 0.2, 0.3, 1.0 / 3.0,
                             2.0 / 3.0, 0.5, 1.5, 2.5, 1e-5, 4.9e-324, DBL_MAX, 16720.0 };
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    check_both_signs (special[i]);
  /* integers and means of integers over n replications, percentiles'
   * interpolations between integers */
  for (int n = 1; n <= 1000; n++)
    for (int k = 0; k < 400; k++)
      {
        double sum = g_rand_int_range (r, 0, 2000000);
        check_both_signs (sum / n);
        check_both_signs (k + (double) n / 1000.0 * (g_rand_int_range (r, 0, 5)));
      }
  /* every power of ten, and its neighbours */
  for (int e = -12; e <= 14; e++)
    {
      double p = pow (10.0, e);
      check_both_signs (p);
      check_both_signs (nextafter (p, 0.0));
      check_both_signs (nextafter (p, INFINITY));
      for (int k = 1; k < 40; k++)
        {
          check_both_signs (p * (1.0 + k * 1e-13));
          check_both_signs (p * (1.0 - k * 1e-13));
        }
    }
  /* next to the halves where the tenth digit rounds */
  for (int i = 0; i < 200000; i++)
    {
      double R = (double) g_rand_int_range (r, 1000000000, 2000000000);
      int e = g_rand_int_range (r, -14, 1);
      double x = (R + 0.5) * pow (10.0, e);
      check_both_signs (x);
      check_both_signs (nextafter (x, 0.0));
      check_both_signs (nextafter (x, INFINITY));
    }
  /* random doubles of every magnitude an output holds, and random bits */
  for (int i = 0; i < 1000000; i++)
    {
      check_both_signs (g_rand_double (r) * pow (10.0, g_rand_int_range (r, -8, 13)));
      guint64 bits = ((guint64) g_rand_int (r) << 32) | g_rand_int (r);
      double x;
      memcpy (&x, &bits, sizeof x);
      check (x);
    }
  g_rand_free (r);
  g_test_message ("%u values", checked);
}

/* The old writer of daily.csv and daily_sites.csv, kept here as the
 * reference. */
static char *
old_daily (const PksModel *m, PksRepResult *const *reps, guint n, gboolean sites)
{
  g_autofree char *dir = tu_tmpdir ("pks-fmt-old");
  g_autofree char *path = g_build_filename (dir, "x.csv", NULL);
  FILE *f = fopen (path, "w");
  g_assert_nonnull (f);
  guint nu = pks_model_n_units (m), nd = pks_model_n_days (m), ns = pks_model_n_sites (m);
  g_autofree double *x = g_new (double, n);
  char dbuf[11], b[6][32];
  if (!sites)
    {
      const char *hdr[] = { "date", "unit", "staffed_beds", "census_mean", "census_p10",
                            "census_p90", "overcrowded_mean", "outlied_mean" };
      pks_csv_write_row (f, hdr, 8);
      for (guint d = 0; d < nd; d++)
        {
          pks_date_format (pks_model_start (m) + d, dbuf);
          for (guint u = 0; u < nu; u++)
            {
              if (!pks_model_unit_has_beds (m, u))
                continue;
              int staffed = pks_model_staffed_beds (m, u, d);
              double sum = 0, over = 0, outl = 0;
              for (guint r = 0; r < n; r++)
                {
                  double c = reps[r]->census[(gsize) u * nd + d];
                  x[r] = c;
                  sum += c;
                  over += MAX (0.0, c - staffed);
                  outl += reps[r]->outlied[(gsize) u * nd + d];
                }
              double p10 = pks_percentile (x, n, 10.0), p90 = pks_percentile (x, n, 90.0);
              g_snprintf (b[0], 32, "%d", staffed);
              const char *row[] = { dbuf, pks_model_unit_name (m, u), b[0],
                                    reference (b[1], sum / n), reference (b[2], p10),
                                    reference (b[3], p90), reference (b[4], over / n),
                                    reference (b[5], outl / n) };
              pks_csv_write_row (f, row, 8);
            }
        }
    }
  else
    {
      const char *hdr[] = { "date", "scope", "name", "staffed_beds", "census_mean",
                            "census_p10", "census_p90" };
      pks_csv_write_row (f, hdr, 7);
      for (guint d = 0; d < nd; d++)
        {
          pks_date_format (pks_model_start (m) + d, dbuf);
          for (int site = -1; site < (int) ns; site++)
            {
              int staffed = 0;
              for (guint u = 0; u < nu; u++)
                if (site < 0 || pks_model_unit_site (m, u) == (guint) site)
                  staffed += pks_model_staffed_beds (m, u, d);
              double sum = 0;
              for (guint r = 0; r < n; r++)
                {
                  double c = 0;
                  for (guint u = 0; u < nu; u++)
                    if (site < 0 || pks_model_unit_site (m, u) == (guint) site)
                      c += reps[r]->census[(gsize) u * nd + d];
                  x[r] = c;
                  sum += c;
                }
              double p10 = pks_percentile (x, n, 10.0), p90 = pks_percentile (x, n, 90.0);
              g_snprintf (b[0], 32, "%d", staffed);
              const char *row[] = { dbuf, site < 0 ? "region" : "site",
                                    site < 0 ? pks_model_region_name (m)
                                             : pks_model_site_name (m, site),
                                    b[0], reference (b[1], sum / n), reference (b[2], p10),
                                    reference (b[3], p90) };
              pks_csv_write_row (f, row, 7);
            }
        }
    }
  fclose (f);
  char *text = tu_slurp (dir, "x.csv");
  tu_rm_rf (dir);
  return text;
}

static void
check_daily (guint n)
{
  g_autofree char *ini = g_build_filename (tu_source_root (), "scenarios", "examples",
                                           "small-region.ini", NULL);
  /* a site name with a comma and a quote, so that quoting is exercised */
  const char *sets[] = { "scenario.days=60", NULL };
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (ini, sets, NULL, d);
  g_assert_nonnull (s);
  /* the loader's strings are its own: lend it another name while compiling */
  gpointer own = g_ptr_array_index (s->sites, 0);
  char quoted[] = "Sjukhus \"Norr\", del 1";
  g_ptr_array_index (s->sites, 0) = quoted;
  g_autoptr (GError) error = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &error);
  g_ptr_array_index (s->sites, 0) = own;
  g_assert_no_error (error);
  const PksModel *models[] = { m };
  PksExecOptions opt = { 2, TRUE, FALSE, NULL, FALSE, FALSE };
  PksRepResult **r = pks_exec (models, 1, 7, 0, n, &opt, &error);
  g_assert_no_error (error);
  g_autofree char *dir = tu_tmpdir ("pks-fmt-new");
  g_autoptr (PksOutput) o = pks_output_new (dir, &error);
  g_assert_true (pks_write_daily_csv (o, m, r, n, &error));
  g_assert_true (pks_write_daily_sites_csv (o, m, r, n, &error));
  g_assert_true (pks_output_commit (o, &error));
  g_autofree char *daily = tu_slurp (dir, "daily.csv");
  g_autofree char *sites = tu_slurp (dir, "daily_sites.csv");
  g_autofree char *daily_old = old_daily (m, r, n, FALSE);
  g_autofree char *sites_old = old_daily (m, r, n, TRUE);
  g_assert_cmpstr (daily, ==, daily_old);
  g_assert_cmpstr (sites, ==, sites_old);
  g_assert_nonnull (strstr (sites, "\"Sjukhus \"\"Norr\"\", del 1\""));
  tu_free_results (r, n);
  tu_rm_rf (dir);
}

static void
test_daily_few (void)
{
  check_daily (7);
}

/* more replications than the insertion sort takes */
static void
test_daily_many (void)
{
  check_daily (40);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/num/against-glib", test_num_against_glib);
  g_test_add_func ("/format/daily/few-replications", test_daily_few);
  g_test_add_func ("/format/daily/many-replications", test_daily_many);
  return g_test_run ();
}
