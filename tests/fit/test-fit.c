/* test-fit.c — pks fit on data whose truth is known: an extract drawn by
 * tests/fit/gen_extract.py (not pks) from known parameters must give them
 * back within their confidence intervals, the fitted scenario must
 * reproduce the data's occupancy and, forecast from the state at the end
 * of the period, what the generator did next (the back-test); pks's own
 * --trace, turned into an extract, must give back its scenario; bad input
 * exits 2 with nothing written; the same input gives the same files.
 *
 * Tolerances: a true parameter must lie inside its fitted 95 % interval
 * widened to 99.9 % (× 3.29/1.96), so a correct fit fails a check with
 * probability 0.1 % (seeds are fixed: the outcome is deterministic). The
 * table of true, fitted and interval is printed (--verbose) for the
 * record. The back-test's band is the simulated 2.5–97.5 percentile with
 * the parameters' own uncertainty; its coverage must be at least 80 %
 * (about 90 % seen: a month's figures are not independent, and the list
 * lengths drift together). */
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define WIDEN (3.2905 / 1.95996)
#define PYTHON "/usr/bin/python3"

static gboolean
have_python (void)
{
  if (g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  g_test_skip ("needs " PYTHON);
  return FALSE;
}

static void
python (const char *script, const char *const *args)
{
  g_autofree char *path = g_build_filename (tu_source_root (), "tests", "fit", script, NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) PYTHON);
  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  TuResult r = tu_spawn ((const char *const *) argv->pdata, NULL, NULL, NULL);
  if (r.status != 0)
    g_error ("%s failed (%d): %s", script, r.status, r.err);
  tu_result_clear (&r);
}

/* A CSV output of pks as rows of cells (row 0 the header). */
static GPtrArray *
csv_rows (const char *dir, const char *name)
{
  g_autofree char *text = tu_slurp (dir, name);
  GPtrArray *rows = NULL;
  g_autoptr (GArray) lines = NULL;
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_assert_true (pks_csv_read_rows (name, text, strlen (text), &rows, &lines, NULL, d));
  return rows;
}

#define CELL(row, i) ((const char *) g_ptr_array_index ((GPtrArray *) (row), (i)))

/* fit.csv's row of unit/flow/parameter: value, ci_low, ci_high. */
static gboolean
param (GPtrArray *rows, const char *unit, const char *flow, const char *p, double v[3])
{
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (rows, i);
      if (!strcmp (CELL (r, 0), unit) && !strcmp (CELL (r, 1), flow) && !strcmp (CELL (r, 2), p))
        {
          for (int k = 0; k < 3; k++)
            v[k] = *CELL (r, 3 + k) ? g_ascii_strtod (CELL (r, 3 + k), NULL) : NAN;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct {
  guint checked, in95, bad;
  GString *table;
} Tally;

static void
check (Tally *t, GPtrArray *rows, const char *unit, const char *flow, const char *p, double truth)
{
  double v[3];
  if (!param (rows, unit, flow, p, v))
    g_error ("fit.csv has no %s/%s %s", unit, flow, p);
  double lo = v[0] - (v[0] - v[1]) * WIDEN, hi = v[0] + (v[2] - v[0]) * WIDEN;
  gboolean in95 = truth >= v[1] && truth <= v[2], in999 = truth >= lo && truth <= hi;
  t->checked++;
  t->in95 += in95;
  t->bad += !in999;
  g_string_append_printf (t->table, "| %s/%s | %s | %.4g | %.4g | %.4g – %.4g | %s |\n", unit, flow,
                          p, truth, v[0], v[1], v[2], in95 ? "yes" : in999 ? "99.9 %" : "NO");
}

static JsonNode *
load_json (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) e = NULL;
  g_assert_true (json_parser_load_from_file (p, path, &e));
  return json_node_copy (json_parser_get_root (p));
}

static double
jnum (JsonObject *o, const char *k)
{
  return json_object_has_member (o, k) && !JSON_NODE_HOLDS_NULL (json_object_get_member (o, k))
         ? json_object_get_double_member (o, k) : NAN;
}

/* The generator's three units over four years: 2021 to warm up, 2022–23
 * to fit, 2024 to forecast. */
static void
test_recovery (void)
{
  if (!have_python ())
    return;
  g_autofree char *dir = tu_tmpdir ("pks-fit");
  g_autofree char *ext = g_build_filename (dir, "extract", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  const char *gargs[] = { "--out", ext, "--seed", "1", "--start", "2021-01-01", "--days", "1461",
                          "--truth-year", "2024", NULL };
  python ("gen_extract.py", gargs);
  TuResult r = tu_pks (NULL, "fit", ext, "--from", "2022-01-01", "--to", "2023-12-31",
                       "--backtest-to", "2024-12-31", "-r", "20", "--out", out, "--lang", "en", NULL);
  g_test_message ("%s", r.out);
  if (r.status != 0)
    g_error ("pks fit: %d\n%s", r.status, r.err);
  tu_result_clear (&r);

  g_autoptr (GPtrArray) fit = csv_rows (out, "fit.csv");
  g_autoptr (JsonNode) truth = load_json (ext, "truth.json");
  JsonArray *flows = json_object_get_array_member (json_node_get_object (truth), "flows");
  Tally t = { 0, 0, 0, g_string_new ("| flow | parameter | true | fitted | 95 % CI | inside |\n|---|---|---|---|---|---|\n") };
  static const double mdays[12] = { 31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  for (guint i = 0; i < json_array_get_length (flows); i++)
    {
      JsonObject *f = json_array_get_object_element (flows, i);
      const char *unit = json_object_get_string_member (f, "unit");
      const char *flow = json_object_get_string_member (f, "flow");
      gboolean elective = !strcmp (json_object_get_string_member (f, "kind"), "elective");
      check (&t, fit, unit, flow, "per_year", jnum (f, "per_year"));
      check (&t, fit, unit, flow, "los_days", jnum (f, "los_days"));
      check (&t, fit, unit, flow, "los_cv", jnum (f, "los_cv"));
      if (elective)
        {
          check (&t, fit, unit, flow, "treat_p", jnum (f, "treat_p"));
          check (&t, fit, unit, flow, "inpatient_p", jnum (f, "inpatient_p"));
          check (&t, fit, unit, flow, "surgery_minutes", jnum (f, "surgery_minutes"));
          continue;
        }
      if (jnum (f, "discharge_delay_p") > 0)
        {
          check (&t, fit, unit, flow, "discharge_delay_p", jnum (f, "discharge_delay_p"));
          check (&t, fit, unit, flow, "discharge_delay_days", jnum (f, "discharge_delay_days"));
        }
      if (json_object_has_member (f, "weekday") && !json_object_get_null_member (f, "weekday"))
        {
          JsonArray *w = json_object_get_array_member (f, "weekday");
          for (int k = 0; k < 7; k++)
            {
              char name[16];
              g_snprintf (name, sizeof name, "weekday_%d", k + 1);
              check (&t, fit, unit, flow, name, json_array_get_double_element (w, k));
            }
          JsonArray *m = json_object_get_array_member (f, "month");
          double norm = 0;
          for (int k = 0; k < 12; k++)
            norm += mdays[k] * json_array_get_double_element (m, k) / 365.25;
          for (int k = 0; k < 12; k++)
            {
              char name[16];
              g_snprintf (name, sizeof name, "month_%d", k + 1);
              check (&t, fit, unit, flow, name, json_array_get_double_element (m, k) / norm);
            }
        }
    }
  g_test_message ("recovered parameters (%u checked, %u inside the 95 %% interval):\n%s", t.checked,
                  t.in95, t.table->str);
  g_string_free (t.table, TRUE);
  g_assert_cmpuint (t.bad, ==, 0);
  g_assert_cmpuint (t.checked, >, 40);
  /* about 95 % inside the 95 % intervals: at least 85 % */
  g_assert_cmpfloat ((double) t.in95 / t.checked, >=, 0.85);

  /* capacity from observed production (the lists stayed long) */
  double v[3];
  g_assert_true (param (fit, "Ortopedi", "", "visit_slots_per_week", v));
  g_assert_cmpfloat (fabs (v[0] - 22.0), <, 0.3);
  g_assert_true (param (fit, "Ortopedi", "", "or_sessions_per_week", v));
  g_assert_cmpfloat (fabs (v[0] - 6.0), <, 0.2);
  /* the occupancy the data show, reproduced by the fitted scenario re-run
   * over the period from its start state */
  const char *units[] = { "Medicin", "Kirurgi", "Ortopedi" };
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_assert_true (param (fit, units[i], "", "census_mean", v));
      g_test_message ("%s: census %.2f, re-run 95 %% of runs %.2f – %.2f", units[i], v[0], v[1], v[2]);
      g_assert_cmpfloat (v[0], >=, v[1]);
      g_assert_cmpfloat (v[0], <=, v[2]);
    }

  /* the back-test: occupancy and list lengths of 2024 against the band */
  g_autoptr (GPtrArray) bt = csv_rows (out, "backtest.csv");
  guint in = 0, n = 0, in_lists = 0, n_lists = 0;
  GString *bt_table = g_string_new ("| month | unit | metric | actual | simulated | band |\n|---|---|---|---|---|---|\n");
  for (guint i = 1; i < bt->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (bt, i);
      gboolean inside = !strcmp (CELL (row, 8), "1");
      n++;
      in += inside;
      if (g_str_has_prefix (CELL (row, 3), "waiting"))
        {
          n_lists++;
          in_lists += inside;
        }
      if (!strcmp (CELL (row, 1), "region") || !strcmp (CELL (row, 0), "2024-12"))
        g_string_append_printf (bt_table, "| %s | %s | %s | %.1f | %.1f | %.1f – %.1f |\n",
                                CELL (row, 0), CELL (row, 2), CELL (row, 3),
                                g_ascii_strtod (CELL (row, 4), NULL), g_ascii_strtod (CELL (row, 5), NULL),
                                g_ascii_strtod (CELL (row, 6), NULL), g_ascii_strtod (CELL (row, 7), NULL));
    }
  g_test_message ("back-test: %u of %u figures inside the band (%u of %u list lengths)\n%s", in, n,
                  in_lists, n_lists, bt_table->str);
  g_string_free (bt_table, TRUE);
  g_assert_cmpuint (n, >, 150);
  g_assert_cmpfloat ((double) in / n, >=, 0.80);
  g_assert_cmpfloat ((double) in_lists / n_lists, >=, 0.70);

  /* the scenario validates and runs as written */
  g_autofree char *ini = g_build_filename (out, "scenario.ini", NULL);
  r = tu_pks (NULL, "validate", ini, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "patients in bed at the start"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", ini, "-r", "2", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *html = tu_slurp (out, "fit.html");
  g_assert_nonnull (strstr (html, "<svg"));
  g_assert_nonnull (strstr (html, "Forecast against actual"));
  tu_rm_rf (dir);
}

/* pks run --trace of a scenario, turned into an extract, fitted: the
 * scenario's own numbers come back. Operation minutes are not in a trace,
 * so an elective stay keeps its operation: its mean is los_days plus the
 * mean minutes. */
static void
test_trace_roundtrip (void)
{
  if (!have_python ())
    return;
  g_autofree char *dir = tu_tmpdir ("pks-fit-trace");
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *units = g_build_filename (dir, "units.csv", NULL);
  g_autofree char *flows = g_build_filename (dir, "flows.csv", NULL);
  g_assert_true (g_file_set_contents (ini, "[scenario]\nname = trace\nstart = 2024-01-01\ndays = 731\n"
                                      "warmup_days = 60\nreplications = 1\nseed = 5\n[tables]\n"
                                      "units = units.csv\nflows = flows.csv\n", -1, NULL));
  g_assert_true (g_file_set_contents (units, "unit,site,beds,staffed_beds,or_sessions_per_week,"
                                      "or_session_minutes,visit_slots_per_week\n"
                                      "A,H,400,400,0,240,0\nB,H,300,300,6,240,20\n", -1, NULL));
  g_assert_true (g_file_set_contents (flows, "unit,flow,kind,per_year,los_days,los_cv,"
                                      "discharge_delay_p,discharge_delay_days,treat_p,"
                                      "surgery_minutes,inpatient_p\n"
                                      "A,akut,acute,4000,4,0.8,0.1,3,,,\n"
                                      "B,akut,acute,1500,3,1,0,0,,,\n"
                                      "B,höft,elective,900,3,0.5,0,0,0.6,100,0.8\n", -1, NULL));
  g_autofree char *trace = g_build_filename (dir, "trace.csv", NULL);
  TuResult r = tu_pks (NULL, "run", ini, "-q", "--trace", trace, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *ext = g_build_filename (dir, "extract", NULL);
  const char *args[] = { trace, ext, NULL };
  python ("trace2extract.py", args);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  r = tu_pks (NULL, "fit", ext, "--from", "2024-01-01", "--to", "2025-12-30", "--out", out, "-q", NULL);
  if (r.status != 0)
    g_error ("pks fit: %d\n%s", r.status, r.err);
  tu_result_clear (&r);
  g_autoptr (GPtrArray) fit = csv_rows (out, "fit.csv");
  Tally t = { 0, 0, 0, g_string_new ("| flow | parameter | true | fitted | 95 % CI | inside |\n|---|---|---|---|---|---|\n") };
  /* the model spreads per_year over 2024's 366 days; the fit gives the
   * scenario's start year, 2025, of 365 */
  double yr = 365.0 / 366.0;
  check (&t, fit, "A", "akut", "per_year", 4000 * yr);
  check (&t, fit, "A", "akut", "los_days", 4);
  check (&t, fit, "A", "akut", "los_cv", 0.8);
  check (&t, fit, "A", "akut", "discharge_delay_p", 0.1);
  check (&t, fit, "A", "akut", "discharge_delay_days", 3);
  check (&t, fit, "B", "akut", "per_year", 1500 * yr);
  check (&t, fit, "B", "akut", "los_days", 3);
  check (&t, fit, "B", "akut", "los_cv", 1);
  check (&t, fit, "B", "höft", "per_year", 900 * yr);
  check (&t, fit, "B", "höft", "treat_p", 0.6);
  check (&t, fit, "B", "höft", "inpatient_p", 0.8);
  check (&t, fit, "B", "höft", "los_days", 3 + 100 / 1440.0);
  g_test_message ("trace round trip:\n%s", t.table->str);
  g_string_free (t.table, TRUE);
  g_assert_cmpuint (t.bad, ==, 0);
  tu_rm_rf (dir);
}

static gboolean
empty_or_absent (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  return d == NULL || g_dir_read_name (d) == NULL;
}

/* Bad input: exit 2, a message that names the place, nothing written. */
static void
test_bad_input (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-fit-bad");
  g_autofree char *ext = g_build_filename (dir, "extract", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_mkdir_with_parents (ext, 0755);
  g_autofree char *adm = g_build_filename (ext, "admissions.csv", NULL);
  GString *s = g_string_new ("episode,unit,admitted,discharged,kind\n");
  for (int i = 0; i < 40; i++)
    g_string_append_printf (s, "%d,M,2024-01-%02d 08:00,2024-01-%02d 09:00,akut\n", i, 1 + i % 27, 2 + i % 27);
  for (int i = 40; i < 100; i++)
    g_string_append_printf (s, "%d,M,2024-01-%02d,1.1.2024,akut\n", i, 1 + i % 28);
  g_assert_true (g_file_set_contents (adm, s->str, -1, NULL));
  g_string_free (s, TRUE);
  struct { const char *args[8]; const char *expect; } cases[] = {
    { { "--from", "2024-01-01", "--to", "2024-03-31" }, "60 of 100 rows are broken" },
    { { "--from", "2024-03-01", "--to", "2024-01-31" }, "--to is before --from" },
    { { "--from", "2024-01-01", "--to", "2024-01-10" }, "shorter than 28 days" },
    { { "--from", "2024-01-01", "--to", "31/3/2024" }, "--to: expected an ISO date" },
    { { "--from", "2024-01-01", "--to", "2024-03-31", "--backtest-to", "2024-02-01" }, "--backtest-to must be after --to" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[16] = { tu_pks_bin (), "fit", ext, "--out", out };
      guint k = 5;
      for (guint j = 0; cases[i].args[j]; j++)
        argv[k++] = cases[i].args[j];
      TuResult r = tu_spawn (argv, NULL, NULL, NULL);
      g_test_message ("case %u: %d %s", i, r.status, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].expect));
      g_assert_true (empty_or_absent (out));
      tu_result_clear (&r);
    }
  /* the broken rows are named at FILE:LINE:COLUMN */
  TuResult r = tu_pks (NULL, "fit", ext, "--from", "2024-01-01", "--to", "2024-03-31", "--out", out, NULL);
  g_assert_nonnull (strstr (r.err, "admissions.csv:42:4: warning: discharged: expected a date"));
  tu_result_clear (&r);
  /* no such folder; no --out; a bad units.csv */
  r = tu_pks (NULL, "fit", "/nonexistent/extract", "--from", "2024-01-01", "--to", "2024-03-31",
              "--out", out, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "not a folder"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "fit", ext, "--from", "2024-01-01", "--to", "2024-03-31", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--out DIR is required"));
  tu_result_clear (&r);
  g_autofree char *units = g_build_filename (ext, "units.csv", NULL);
  g_assert_true (g_file_set_contents (units, "unit,site,beds,staffed_beds\nM,H,ten,3\n", -1, NULL));
  r = tu_pks (NULL, "fit", ext, "--from", "2024-01-01", "--to", "2024-03-31", "--out", out, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "units.csv:2:3: error: beds"));
  g_assert_true (empty_or_absent (out));
  tu_result_clear (&r);
  tu_rm_rf (dir);
}

/* The same extract and options give byte-identical files. */
static void
test_deterministic (void)
{
  if (!have_python ())
    return;
  g_autofree char *dir = tu_tmpdir ("pks-fit-det");
  g_autofree char *ext = g_build_filename (dir, "extract", NULL);
  const char *gargs[] = { "--out", ext, "--seed", "3", "--start", "2023-01-01", "--days", "500", NULL };
  python ("gen_extract.py", gargs);
  const char *files[] = { "scenario.ini", "units.csv", "flows.csv", "profiles.csv", "census.csv",
                          "waitlist.csv", "fit.csv", "fit_checks.csv", "backtest.csv", "fit.html" };
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (dir, "b", NULL);
  const char *outs[] = { a, b };
  for (int k = 0; k < 2; k++)
    {
      TuResult r = tu_pks (NULL, "fit", ext, "--from", "2023-01-01", "--to", "2023-12-31",
                           "--backtest-to", "2024-05-14", "-r", "5", "--out", outs[k], "-q", NULL);
      g_assert_cmpint (r.status, ==, 0);
      tu_result_clear (&r);
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *x = tu_slurp (a, files[i]);
      g_autofree char *y = tu_slurp (b, files[i]);
      g_assert_cmpstr (x, ==, y);
    }
  tu_rm_rf (dir);
}

/* ---- the notes in the user's language ---- */

/* TIME (minutes from the extract's first midnight d0) as "YYYY-MM-DD HH:MM". */
static void
stamp (GString *s, PksDate d0, double t)
{
  char b[11];
  long m = (long) t;
  pks_date_format (d0 + (PksDate) (m / 1440), b);
  g_string_append_printf (s, "%s %02ld:%02ld", b, m % 1440 / 60, m % 60);
}

/* An extract with the troubles the notes of pks fit are for, fitted over
 * 2024-01-01 – 2024-06-30: rows outside the period, broken and duplicate
 * rows, stays of more than a year, no ready_for_discharge column, days
 * with 20 and days with 2 admissions (more variable than Poisson),
 * exponential stays (another shape fits better than the lognormal), three
 * weeks without admissions, a unit of 20 patients all still in bed (too
 * few cases, stays pooled), elective admissions at a unit without
 * referrals, a unit of 40 referrals and no operations.csv, no units.csv
 * (beds from the census). Drawn with a fixed seed. */
static void
write_troubled_extract (const char *ext)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (20);
  PksDate d0 = pks_date_from_ymd (2023, 12, 1), end = pks_date_from_ymd (2024, 7, 31);
  PksDate gap0 = pks_date_from_ymd (2024, 3, 10), gap1 = pks_date_from_ymd (2024, 3, 30);
  PksDate from = pks_date_from_ymd (2024, 1, 1);
  double t_end = (end + 1 - d0) * 1440.0;
  GString *a = g_string_new ("episode,unit,admitted,discharged,kind\n");
  guint id = 0;
  for (PksDate d = d0; d <= end; d++)
    {
      double day = (d - d0) * 1440.0;
      int n = d >= gap0 && d <= gap1 ? 0 : (d % 2 ? 2 : 20);
      for (int k = 0; k < n; k++)
        {
          double t = day + g_rand_double (rng) * 1440, out = t - 3 * 1440 * log (1 - g_rand_double (rng));
          g_string_append_printf (a, "A%06u,Medicin,", ++id);
          stamp (a, d0, t);
          g_string_append_c (a, ',');
          if (out < t_end)
            stamp (a, d0, out);
          g_string_append (a, ",akut\n");
        }
      if (pks_date_weekday (d) < 5)
        {
          double t = day + 7 * 60;
          g_string_append_printf (a, "A%06u,Kirurgi,", ++id);
          stamp (a, d0, t);
          g_string_append_c (a, ',');
          stamp (a, d0, t + (1 + 3 * g_rand_double (rng)) * 1440);
          g_string_append (a, ",planerad\n");
        }
      if (d >= from && (d - from) % 9 == 0 && (d - from) / 9 < 20)
        {
          g_string_append_printf (a, "A%06u,Geriatrik,", ++id);
          stamp (a, d0, day + 600);
          g_string_append (a, ",,akut\n");
        }
    }
  /* two stays of more than a year; four negative stays; a duplicate id */
  g_string_append (a, "L1,Medicin,2023-02-01 10:00,2024-02-20 12:00,akut\n"
                   "L2,Medicin,2023-03-01 10:00,2024-04-02 12:00,akut\n"
                   "B1,Medicin,2024-02-03 10:00,2024-02-01 12:00,akut\n"
                   "B2,Medicin,2024-02-04 10:00,2024-02-02 12:00,akut\n"
                   "B3,Medicin,2024-02-05 10:00,2024-02-03 12:00,akut\n"
                   "B4,Medicin,2024-02-06 10:00,2024-02-04 12:00,akut\n"
                   "A000001,Medicin,2024-02-07 10:00,2024-02-08 12:00,akut\n");
  g_autofree char *adm = g_build_filename (ext, "admissions.csv", NULL);
  g_assert_true (g_file_set_contents (adm, a->str, -1, NULL));
  g_string_free (a, TRUE);

  GString *r = g_string_new ("referral,unit,priority,referred,first_visit,decided,treated\n");
  for (int i = 0; i < 40; i++)
    {
      char x[11], v[11], t[11];
      PksDate d = from + (PksDate) (i * 4);
      pks_date_format (d, x);
      pks_date_format (d + 30, v);
      pks_date_format (d + 70, t);
      gboolean decided = i % 10 < 7, treated = decided && d + 70 < end;
      g_string_append_printf (r, "R%03d,Ortopedi,%d,%s,%s,%s,%s\n", i, 1 + i % 3, x, v,
                              decided ? v : "", treated ? t : "");
    }
  g_autofree char *ref = g_build_filename (ext, "referrals.csv", NULL);
  g_assert_true (g_file_set_contents (ref, r->str, -1, NULL));
  g_string_free (r, TRUE);
}

/* A note of each kind the troubled extract gives, in both languages. */
static const struct {
  const char *sv, *en;
} note_words[] = {
  { "planerade vårdtillfällen utan remisser", "elective admissions without referrals" },
  { "Medicin: inga vårdtillfällen från 2024-03-10 till 2024-03-30",
    "Medicin: no admissions from 2024-03-10 to 2024-03-30" },
  { "rader är trasiga och har utelämnats", "rows are broken and left out" },
  { "vårdtider är längre än ett år", "stays last more than a year" },
  { "rader har inskrivningsdatum utanför perioden", "rows have their admission outside the period" },
  { "saknar kolumnen ready_for_discharge", "has no ready_for_discharge column" },
  { "Ortopedi/planerad: bara 40 remisser", "Ortopedi/planerad: only 40 referrals" },
  { "Geriatrik/akut: bara 20 vårdtillfällen", "Geriatrik/akut: only 20 admissions" },
  { "egna avslutade vårdtillfällen; vårdtiden tas från regionens",
    "complete stays of its own; its length of stay is that of the region" },
  { "Medicin/akut: en exponentialfördelning passar vårdtiderna klart bättre",
    "Medicin/akut: the exponential distribution fits the stays clearly better" },
  { "gånger så mycket som i en Poissonprocess", "times as much as a Poisson process" },
  { "inga operationstider i uttaget", "no operation minutes" },
  { "Geriatrik: vårdplatser ur beläggningen (ingen rad i units.csv): 20 vårdplatser",
    "Geriatrik: beds from the census (no units.csv row): 20 beds" },
  { "det anpassade scenariot, kört om över perioden", "the fitted scenario re-run over the period" },
};

/* Words both languages' texts may have: the extract's names (units,
 * flows, files, columns), abbreviations, and words of both languages. */
static const char *const shared_words[] = {
  "Medicin", "Kirurgi", "Ortopedi", "Geriatrik", "akut", "planerad", "admissions", "referrals",
  "operations", "units", "csv", "ready_for_discharge", "discharge_delay_p", "los_days", "PvV",
  "MoV", "AIC", "KS", "pks", "data", "operation", "fit", "docs", "md", "cv", "op", "d", "m",
  "per", "start", "band", "obs", "sim", "Period", "Region", NULL
};

/* The words of texts (letters, with _ or ' inside). */
static GHashTable *
words_of (GPtrArray *texts)
{
  GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GRegex) re = g_regex_new ("\\p{L}[\\p{L}_']*", 0, 0, NULL);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr (GMatchInfo) m = NULL;
      g_regex_match (re, g_ptr_array_index (texts, i), 0, &m);
      for (; g_match_info_matches (m); g_match_info_next (m, NULL))
        g_hash_table_add (words, g_match_info_fetch (m, 0));
    }
  return words;
}

/* No word of the Swedish texts in the English ones, names aside: a
 * sentence or a label left in one language shows here. */
static void
check_words (GPtrArray *texts[2])
{
  g_autoptr (GHashTable) sv = words_of (texts[0]);
  g_autoptr (GHashTable) en = words_of (texts[1]);
  g_autoptr (GRegex) re = g_regex_new ("\\p{L}[\\p{L}_']*", 0, 0, NULL);
  GHashTableIter it;
  gpointer w;
  g_hash_table_iter_init (&it, sv);
  while (g_hash_table_iter_next (&it, &w, NULL))
    if (g_hash_table_contains (en, w) && !g_strv_contains (shared_words, w))
      {
        GString *both = g_string_new (NULL);
        for (int l = 0; l < 2; l++)
          for (guint i = 0; i < texts[l]->len; i++)
            {
              const char *t = g_ptr_array_index (texts[l], i), *p = t;
              while ((p = strstr (p, w)) != NULL)
                {
                  const char *a = MAX (t, p - 60);
                  g_string_append_printf (both, "  %s: …%.*s…\n", l ? "en" : "sv",
                                          (int) MIN (strlen (a), 140), a);
                  p += strlen (w);
                }
            }
        g_error ("\"%s\" is in the texts of both languages:\n%s", (char *) w, both->str);
      }
}

/* The notes of the terminal's report (the lines under HEADING). */
static GPtrArray *
text_notes (const char *out, const char *heading)
{
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_free);
  const char *p = strstr (out, heading);
  g_assert_nonnull (p);
  g_auto (GStrv) lines = g_strsplit (p + 1, "\n", -1);
  for (guint i = 1; lines[i] && g_str_has_prefix (lines[i], "  - "); i++)
    g_ptr_array_add (notes, g_strdup (lines[i] + 4));
  return notes;
}

static char *
replace (const char *s, const char *what, const char *with)
{
  g_auto (GStrv) parts = g_strsplit (s, what, -1);
  return g_strjoinv (with, parts);
}

/* HTML's text as written by rp_esc, unescaped. */
static char *
unescape (const char *s)
{
  g_autofree char *a = replace (s, "&apos;", "'");
  g_autofree char *b = replace (a, "&quot;", "\"");
  g_autofree char *c = replace (b, "&lt;", "<");
  g_autofree char *d = replace (c, "&gt;", ">");
  return replace (d, "&amp;", "&");
}

/* The notes of fit.html: the items of the findings list, unescaped. */
static GPtrArray *
html_notes (const char *html)
{
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_free);
  const char *p = strstr (html, "<ul class=\"findings\">");
  g_assert_nonnull (p);
  const char *end = strstr (p, "</ul>");
  while ((p = strstr (p, "<li>")) != NULL && p < end)
    {
      p += 4;
      const char *q = strstr (p, "</li>");
      g_autofree char *raw = g_strndup (p, q - p);
      g_ptr_array_add (notes, unescape (raw));
      p = q;
    }
  return notes;
}

/* What a reader of fit.html sees as text: its elements' text and their
 * labels and titles; of a chart its label (its lettering is drawn, as
 * paths, not text), the style sheet left out. */
static char *
html_text (const char *html)
{
  g_autoptr (GRegex) style = g_regex_new ("<style>.*?</style>|<svg[^>]*?(aria-label=\"[^\"]*\")[^>]*>.*?</svg>",
                                          G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) label = g_regex_new ("(aria-label|title)=\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr (GRegex) tag = g_regex_new ("<[^>]*>", 0, 0, NULL);
  g_autofree char *a = g_regex_replace (style, html, -1, 0, "<x \\1>", 0, NULL);
  g_autofree char *b = g_regex_replace (label, a, -1, 0, "> \\2 <", 0, NULL);
  g_autofree char *c = g_regex_replace_literal (tag, b, -1, 0, " ", 0, NULL);
  return unescape (c);
}

/* A number written the other language's way in TEXT (dates are
 * 2024-03-10, thousands 2 663 and 2,663; a decimal comma is never a
 * thousands group: 0,090, 9,2, 36,8): the number, or NULL. */
static char *
foreign_number (const char *text, gboolean sv)
{
  g_autoptr (GRegex) re = g_regex_new (sv ? "[0-9]+\\.[0-9]+" : "\\b0,[0-9]+|[0-9]+,[0-9]{1,2}\\b",
                                       0, 0, NULL);
  g_autoptr (GMatchInfo) m = NULL;
  return g_regex_match (re, text, 0, &m) ? g_match_info_fetch (m, 0) : NULL;
}

/* Every note in LANG: its own sentences and none of the other
 * language's (each language's words: check_words); numbers with a
 * decimal comma in Swedish, a point in English. */
static void
check_notes (GPtrArray *notes, gboolean sv)
{
  g_autoptr (GString) all = g_string_new (NULL);
  for (guint i = 0; i < notes->len; i++)
    {
      const char *n = g_ptr_array_index (notes, i);
      g_string_append_printf (all, "%s\n", n);
      g_autofree char *x = foreign_number (n, sv);
      if (x)
        g_error ("a note in %s writes %s the other language's way: %s", sv ? "Swedish" : "English",
                 x, n);
    }
  for (guint i = 0; i < G_N_ELEMENTS (note_words); i++)
    {
      const char *want = sv ? note_words[i].sv : note_words[i].en;
      const char *other = sv ? note_words[i].en : note_words[i].sv;
      if (!strstr (all->str, want))
        g_error ("no note says \"%s\" in:\n%s", want, all->str);
      g_assert_null (strstr (all->str, other));
    }
  /* and the notes have decimals to show it (9,2 gånger; 9.2 times) */
  g_autofree char *own = foreign_number (all->str, !sv);
  g_assert_nonnull (own);
}

/* pks fit's notes on the data and the fit in the user's language
 * (--lang sv by default, en), on the terminal and in fit.html alike. */
static void
test_notes_lang (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-fit-notes");
  g_autofree char *ext = g_build_filename (dir, "extract", NULL);
  g_mkdir_with_parents (ext, 0755);
  write_troubled_extract (ext);
  const char *langs[] = { "sv", "en" }, *heading[] = { "\nAtt granska (", "\nTo review (" };
  GPtrArray *notes[2], *seen[2];
  for (int l = 0; l < 2; l++)
    {
      g_autofree char *out = g_build_filename (dir, langs[l], NULL);
      TuResult r = tu_pks (NULL, "fit", ext, "--from", "2024-01-01", "--to", "2024-06-30",
                           "--backtest-to", "2024-07-31", "-r", "5", "--lang", langs[l],
                           "--out", out, NULL);
      if (r.status != 0)
        g_error ("pks fit: %d\n%s", r.status, r.err);
      notes[l] = text_notes (r.out, heading[l]);
      g_autofree char *html = tu_slurp (out, "fit.html");
      g_autoptr (GPtrArray) page = html_notes (html);
      g_test_message ("%s: %u notes", langs[l], notes[l]->len);
      g_assert_cmpuint (notes[l]->len, ==, page->len);
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpstr (g_ptr_array_index (notes[l], i), ==, g_ptr_array_index (page, i));
      check_notes (notes[l], l == 0);
      /* the terminal's report and the page whole, the extract's path aside */
      seen[l] = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (seen[l], replace (r.out, ext, ""));
      g_autofree char *text = html_text (html);
      g_ptr_array_add (seen[l], replace (text, ext, ""));
      for (guint i = 0; i < seen[l]->len; i++)
        {
          g_autofree char *x = foreign_number (g_ptr_array_index (seen[l], i), l == 0);
          if (x)
            g_error ("%s in %s has %s, the other language's number", i ? "fit.html" : "the terminal",
                     langs[l], x);
        }
      tu_result_clear (&r);
    }
  /* the same notes, one for one, and nothing of one language in the other */
  g_assert_cmpuint (notes[0]->len, ==, notes[1]->len);
  g_assert_cmpuint (notes[0]->len, >=, G_N_ELEMENTS (note_words));
  check_words (notes);
  check_words (seen);
  for (int l = 0; l < 2; l++)
    {
      g_ptr_array_unref (notes[l]);
      g_ptr_array_unref (seen[l]);
    }
  tu_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fit/recovery", test_recovery);
  g_test_add_func ("/fit/trace-roundtrip", test_trace_roundtrip);
  g_test_add_func ("/fit/bad-input", test_bad_input);
  g_test_add_func ("/fit/deterministic", test_deterministic);
  g_test_add_func ("/fit/notes-lang", test_notes_lang);
  return g_test_run ();
}
