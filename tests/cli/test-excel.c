/* test-excel.c — files for Excel: the --xlsx workbook of pks run, compare,
 * sweep and optimise read back by an independent reader (Debian's python3
 * with openpyxl, tests/cli/xlsx_check.py) and compared number by number
 * with the CSV files of the same run; and every CSV file that
 * --csv-dialect excel-sv writes read back by pks's own table loader and
 * compared with the default dialect's, field by field. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1735689600"
#define PYTHON "/usr/bin/python3"

static char *
src (const char *rel)
{
  return g_build_filename (tu_source_root (), rel, NULL);
}

/* Debian's python3 with openpyxl, or a skip saying what is missing. */
static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };
  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip (PYTHON " is missing (.ci/setup installs python3-openpyxl)");
      return FALSE;
    }
  TuResult r = tu_spawn (argv, NULL, NULL, NULL);
  gboolean ok = r.status == 0;
  tu_result_clear (&r);
  if (!ok)
    g_test_skip ("python3-openpyxl is missing (.ci/setup installs it)");
  return ok;
}

static void
xlsx_check (const char *kind, const char *xlsx, const char *dir, const char *lang)
{
  g_autofree char *script = src ("tests/cli/xlsx_check.py");
  const char *argv[] = { PYTHON, script, kind, xlsx, dir, lang, NULL };
  TuResult r = tu_spawn (argv, NULL, NULL, NULL);
  if (r.status != 0)
    g_error ("%s", r.err && *r.err ? r.err : r.out);
  g_test_message ("%s", r.out);
  g_assert_nonnull (strstr (r.out, "numbers equal to the CSV files"));
  tu_result_clear (&r);
}

static char *
small_design (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "design.csv", NULL);
  g_assert_true (g_file_set_contents (path, "point,units[Medicin A].staffed_beds\nfewer,20\nmore,26\n",
                                      -1, NULL));
  return g_steal_pointer (&path);
}

/* The workbook of each command holds the CSV files' numbers. */
static void
test_workbooks (void)
{
  if (!have_openpyxl ())
    return;
  g_autofree char *ex = src ("scenarios/examples/small-region.ini");
  g_autofree char *p1 = src ("scenarios/examples/small-plan-beds.ini");
  g_autofree char *p2 = src ("scenarios/examples/small-plan-no-overcrowding.ini");
  g_autofree char *d = tu_tmpdir ("pks-excel");
  g_autofree char *run = g_build_filename (d, "run", NULL), *cmp = g_build_filename (d, "cmp", NULL),
                  *swp = g_build_filename (d, "swp", NULL), *opt = g_build_filename (d, "opt", NULL);
  g_autofree char *wr = g_build_filename (d, "run.xlsx", NULL), *wc = g_build_filename (d, "cmp.xlsx", NULL),
                  *ws = g_build_filename (d, "swp.xlsx", NULL), *wo = g_build_filename (d, "opt.xlsx", NULL),
                  *we = g_build_filename (d, "run-en.xlsx", NULL);
  TuResult r = tu_pks (EPOCH, "run", ex, "-r", "4", "--out", run, "--xlsx", wr, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  xlsx_check ("run", wr, run, "sv");
  r = tu_pks (EPOCH, "run", ex, "-r", "4", "--xlsx", we, "--lang", "en", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);   /* without --out: the same numbers as run/ */
  tu_result_clear (&r);
  xlsx_check ("run", we, run, "en");
  r = tu_pks (EPOCH, "compare", ex, p1, p2, "-r", "4", "--out", cmp, "--xlsx", wc, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  xlsx_check ("compare", wc, cmp, "sv");
  g_autofree char *design = small_design (d);
  r = tu_pks (EPOCH, "sweep", ex, design, "-r", "3", "--out", swp, "--xlsx", ws, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  xlsx_check ("sweep", ws, swp, "sv");
  r = tu_pks (EPOCH, "optimise", ex, "--resource", "staffed_beds", "--add", "3", "--units",
              "Medicin A,Kirurgi A,Medicin B", "--objective", "outlied_days", "-r", "4", "--reps-max", "8",
              "--out", opt, "--xlsx", wo, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  xlsx_check ("optimise", wo, opt, "sv");
  /* pks target: one unit answered, one beyond --max-add (exit 2, the
   * files written all the same) */
  g_autofree char *tgt = g_build_filename (d, "tgt", NULL), *wt = g_build_filename (d, "tgt.xlsx", NULL);
  r = tu_pks (EPOCH, "target", ex, "--resource", "staffed_beds", "--units", "Medicin A,Medicin B",
              "--metric", "overcrowded_days", "--at-most", "30", "--max-add", "6", "-r", "4",
              "--out", tgt, "--xlsx", wt, "-q", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  xlsx_check ("target", wt, tgt, "sv");
  tu_rm_rf (d);
}

/* pks fit's workbook: its files as sheets, every number equal. */
static void
test_fit_workbook (void)
{
  if (!have_openpyxl ())
    return;
  g_autofree char *d = tu_tmpdir ("pks-excel");
  g_autofree char *ext = g_build_filename (d, "extract", NULL), *out = g_build_filename (d, "fitted", NULL);
  g_autofree char *wb = g_build_filename (d, "fit.xlsx", NULL);
  g_autofree char *gen = src ("tests/fit/gen_extract.py");
  const char *gargs[] = { PYTHON, gen, "--out", ext, "--days", "400", "--scale", "0.3", "--start",
                          "2023-01-01", NULL };
  TuResult r = tu_spawn (gargs, NULL, NULL, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  r = tu_pks (EPOCH, "fit", ext, "--from", "2023-01-01", "--to", "2023-12-31", "--out", out, "-r", "2",
              "--xlsx", wb, "-q", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  xlsx_check ("fit", wb, out, "sv");
  tu_rm_rf (d);
}

/* A workbook whose name is not .xlsx, or that cannot be written, is an
 * error and leaves nothing behind. */
static void
test_workbook_errors (void)
{
  g_autofree char *ex = src ("scenarios/examples/small-region.ini");
  g_autofree char *d = tu_tmpdir ("pks-excel");
  g_autofree char *txt = g_build_filename (d, "w.txt", NULL);
  TuResult r = tu_pks (NULL, "run", ex, "-r", "2", "--xlsx", txt, "-q", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, ".xlsx"));
  tu_result_clear (&r);
  /* a folder in the way of the workbook */
  g_autofree char *dirpath = g_build_filename (d, "w.xlsx", NULL);
  g_assert_cmpint (g_mkdir (dirpath, 0755), ==, 0);
  r = tu_pks (NULL, "run", ex, "-r", "2", "--xlsx", dirpath, "-q", NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "w.xlsx"));
  tu_result_clear (&r);
  GDir *dir = g_dir_open (d, 0, NULL);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "w.xlsx");   /* no temporary file left */
      n++;
    }
  g_dir_close (dir);
  g_assert_cmpuint (n, ==, 1);
  tu_rm_rf (d);
}

/* Every file of a folder, recursively, relative to it. */
static void
list_files (const char *root, const char *rel, GPtrArray *out)
{
  g_autofree char *path = rel ? g_build_filename (root, rel, NULL) : g_strdup (root);
  GDir *d = g_dir_open (path, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *r = rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, r, NULL);
      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        list_files (root, r, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&r));
    }
  g_dir_close (d);
}

/* A CSV file read by pks's table loader: its rows, and its delimiter. */
static GPtrArray *
read_table (const char *dir, const char *name, char *delim)
{
  g_autofree char *data = tu_slurp (dir, name);
  g_autoptr (PksDiags) diags = pks_diags_new ();
  GPtrArray *rows = NULL;
  g_autoptr (GArray) lines = NULL;
  *delim = 0;
  if (!pks_csv_read_rows (name, data, strlen (data), &rows, &lines, delim, diags))
    g_error ("%s: pks cannot read it back", name);
  return rows;
}

/* The files of the default dialect and of excel-sv: the same rows, the
 * same text, the same numbers (a decimal comma read as pks reads its
 * inputs); excel-sv with a byte order mark, ';' and CRLF. */
static guint
compare_dialects (const char *def, const char *sv)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  list_files (def, NULL, files);
  guint numbers = 0, n_csv = 0;
  for (guint i = 0; i < files->len; i++)
    {
      const char *f = g_ptr_array_index (files, i);
      if (!g_str_has_suffix (f, ".csv") || !strcmp (f, "design.csv"))
        continue;
      n_csv++;
      g_autofree char *raw = tu_slurp (sv, f), *raw_def = tu_slurp (def, f);
      g_assert_true (g_str_has_prefix (raw, "\xef\xbb\xbf"));   /* UTF-8 byte order mark */
      g_assert_nonnull (strstr (raw, "\r\n"));
      for (const char *p = strchr (raw, '\n'); p; p = strchr (p + 1, '\n'))
        g_assert_true (p[-1] == '\r');
      g_assert_false (g_str_has_prefix (raw_def, "\xef\xbb\xbf"));   /* the default is unchanged */
      g_assert_null (strchr (raw_def, '\r'));
      char da, db;
      g_autoptr (GPtrArray) a = read_table (def, f, &da);
      g_autoptr (GPtrArray) b = read_table (sv, f, &db);
      g_assert_cmpint (da, ==, ',');
      g_assert_cmpint (db, ==, ';');
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint r = 0; r < a->len; r++)
        {
          GPtrArray *ra = g_ptr_array_index (a, r), *rb = g_ptr_array_index (b, r);
          g_assert_cmpuint (ra->len, ==, rb->len);
          for (guint c = 0; c < ra->len; c++)
            {
              const char *x = g_ptr_array_index (ra, c), *y = g_ptr_array_index (rb, c);
              char *end = NULL;
              double vx = g_ascii_strtod (x, &end);
              gboolean is_num = *x && end && *end == '\0' && strspn (x, "0123456789.-+e") == strlen (x);
              if (!is_num)
                {
                  if (strcmp (x, y))
                    g_error ("%s:%u:%u: \"%s\" became \"%s\"", f, r + 1, c + 1, x, y);
                  continue;
                }
              double vy;
              if (!pks_parse_number (y, &vy) || vx != vy)
                g_error ("%s:%u:%u: %s became \"%s\"", f, r + 1, c + 1, x, y);
              if (strchr (x, '.'))
                g_assert_nonnull (strchr (y, ','));   /* a decimal comma */
              numbers++;
            }
        }
    }
  g_assert_cmpuint (n_csv, >=, 1);
  g_test_message ("%u CSV files, %u numbers equal in both dialects", n_csv, numbers);
  return numbers;
}

static void
test_csv_dialect (void)
{
  g_autofree char *ex = src ("scenarios/examples/small-region.ini");
  g_autofree char *p1 = src ("scenarios/examples/small-plan-beds.ini");
  g_autofree char *d = tu_tmpdir ("pks-excel");
  g_autofree char *a = g_build_filename (d, "a", NULL), *b = g_build_filename (d, "b", NULL);
  g_autofree char *ta = g_build_filename (a, "trace.csv", NULL), *tb = g_build_filename (b, "trace.csv", NULL);
  /* a run with its trace */
  TuResult r = tu_pks (EPOCH, "run", ex, "-r", "3", "--out", a, "--trace", ta, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  r = tu_pks (EPOCH, "run", ex, "-r", "3", "--out", b, "--trace", tb, "--csv-dialect", "excel-sv", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_assert_cmpuint (compare_dialects (a, b), >, 1000);
  /* a comparison (its subfolders too) and an optimisation with its plan */
  g_autofree char *ca = g_build_filename (d, "ca", NULL), *cb = g_build_filename (d, "cb", NULL);
  r = tu_pks (EPOCH, "compare", ex, p1, "-r", "3", "--out", ca, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  r = tu_pks (EPOCH, "compare", ex, p1, "-r", "3", "--out", cb, "--csv-dialect", "excel-sv", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  compare_dialects (ca, cb);
  g_autofree char *oa = g_build_filename (d, "oa", NULL), *ob = g_build_filename (d, "ob", NULL);
  g_autofree char *pa = g_build_filename (oa, "plan", "p.ini", NULL), *pb = g_build_filename (ob, "plan", "p.ini", NULL);
  const char *o[] = { oa, ob };
  const char *pl[] = { pa, pb };
  for (int k = 0; k < 2; k++)
    {
      r = tu_pks (EPOCH, "optimise", ex, "--resource", "staffed_beds", "--add", "2", "--units",
                  "Medicin A,Medicin B", "--objective", "outlied_days", "-r", "3", "--reps-max", "6",
                  "--out", o[k], "--write-plan", pl[k], "-q", "--csv-dialect", k ? "excel-sv" : "default", NULL);
      g_assert_cmpint (r.status, ==, 0);
      tu_result_clear (&r);
    }
  compare_dialects (oa, ob);
  /* the plan written in excel-sv is a plan pks reads */
  r = tu_pks (NULL, "validate", pb, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  /* pks target's target.csv and plan */
  g_autofree char *ga = g_build_filename (d, "ga", NULL), *gb = g_build_filename (d, "gb", NULL);
  g_autofree char *qa = g_build_filename (ga, "plan", "p.ini", NULL), *qb = g_build_filename (gb, "plan", "p.ini", NULL);
  const char *g[] = { ga, gb };
  const char *ql[] = { qa, qb };
  for (int k = 0; k < 2; k++)
    {
      r = tu_pks (EPOCH, "target", ex, "--resource", "staffed_beds", "--units", "Medicin B",
                  "--metric", "overcrowded_days", "--at-most", "30", "--max-add", "6", "-r", "3",
                  "--out", g[k], "--write-plan", ql[k], "-q", "--csv-dialect", k ? "excel-sv" : "default",
                  NULL);
      g_assert_cmpint (r.status, ==, 0);
      tu_result_clear (&r);
    }
  compare_dialects (ga, gb);
  r = tu_pks (NULL, "validate", qb, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  /* and the report of an excel-sv folder reads its numbers: as many
   * figures shown as from the default dialect's folder */
  const char *dirs[] = { a, b };
  guint missing[2];
  for (int k = 0; k < 2; k++)
    {
      g_autofree char *html = g_build_filename (d, k ? "b.html" : "a.html", NULL);
      r = tu_pks (EPOCH, "report", dirs[k], "--out", html, NULL);
      g_assert_cmpint (r.status, ==, 0);
      tu_result_clear (&r);
      g_autofree char *text = tu_slurp (d, k ? "b.html" : "a.html");
      missing[k] = 0;
      for (const char *p = strstr (text, "<td class=\"num\">–"); p; p = strstr (p + 1, "<td class=\"num\">–"))
        missing[k]++;
    }
  g_assert_cmpuint (missing[1], ==, missing[0]);
  /* a dialect pks does not know */
  r = tu_pks (NULL, "run", ex, "-r", "2", "--csv-dialect", "excel-fi", "-q", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "excel-sv"));
  tu_result_clear (&r);
  tu_rm_rf (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/excel/workbook/numbers-equal-csv", test_workbooks);
  g_test_add_func ("/excel/workbook/fit", test_fit_workbook);
  g_test_add_func ("/excel/workbook/errors", test_workbook_errors);
  g_test_add_func ("/excel/csv-dialect/excel-sv-reads-back", test_csv_dialect);
  return g_test_run ();
}
