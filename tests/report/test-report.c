/* test-report.c — the manager-facing HTML report: produced by run, compare,
 * optimise and report; its numbers are summary.csv's (optimise.csv's);
 * it references nothing outside itself; `pks report DIR` rebuilds it byte
 * for byte from the folder; and headless Chromium renders every chart
 * without console errors, saving screenshots and an A4 PDF under the
 * build directory as CI artifacts. */
#include "testutil.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

/* a fixed run date, so reports can be compared byte for byte */
#define EPOCH "SOURCE_DATE_EPOCH=1735689600"

static char *
scenario (const char *name)
{
  return g_build_filename (tu_source_root (), "scenarios", "examples", name, NULL);
}

/* A small run with its report (and PNGs) in a fresh folder. */
static char *
run_small (void)
{
  g_autofree char *ex = scenario ("small-region.ini");
  char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *html = g_build_filename (d, "report.html", NULL);
  g_autofree char *png = g_build_filename (d, "png", NULL);
  TuResult r = tu_pks (EPOCH, "run", ex, "-r", "6", "--out", d, "--report", html, "--png", png, "-q", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  return d;
}

/* A base and two plans compared, with the report. */
static char *
compare_small (void)
{
  g_autofree char *base = scenario ("small-region.ini");
  g_autofree char *p1 = scenario ("small-plan-beds.ini");
  g_autofree char *p2 = scenario ("small-plan-no-overcrowding.ini");
  char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *html = g_build_filename (d, "report.html", NULL);
  TuResult r = tu_pks (EPOCH, "compare", base, p1, p2, "-r", "6", "--out", d, "--report", html, "-q", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  return d;
}

/* Where 4 staffed beds go among three units of the example, with the
 * report (and its chart as PNG); threads "1" or "2". */
static char *
optimise_small (const char *threads)
{
  g_autofree char *ex = scenario ("small-region.ini");
  char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *html = g_build_filename (d, "report.html", NULL);
  g_autofree char *png = g_build_filename (d, "png", NULL);
  TuResult r = tu_pks (EPOCH, "optimise", ex, "--resource", "staffed_beds", "--add", "4", "--units",
                  "Medicin A,Kirurgi A,Medicin B", "--objective", "outlied_days+transfers_out", "-r", "4",
                  "--reps-max", "8", "-t", threads, "--out", d, "--report", html, "--png", png, "-q", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  return d;
}

static guint
count (const char *hay, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (hay, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* ---- the numbers ------------------------------------------------------ */

/* summary.csv as "scope/name/metric" -> [mean, ci_low, ci_high] strings. */
static GHashTable *
read_summary (const char *dir)
{
  g_autofree char *text = tu_slurp (dir, "summary.csv");
  g_autoptr (PksDiags) diags = pks_diags_new ();
  GPtrArray *rows = NULL;
  GArray *lines = NULL;
  g_assert_true (pks_csv_read_rows ("summary.csv", text, strlen (text), &rows, &lines, NULL, diags));
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (rows, i);
      g_assert_cmpuint (r->len, ==, 6);
      char *key = g_strdup_printf ("%s/%s/%s", (char *) r->pdata[0], (char *) r->pdata[1],
                                   (char *) r->pdata[2]);
      char **v = g_new0 (char *, 4);
      for (int k = 0; k < 3; k++)
        v[k] = g_strdup (r->pdata[3 + k]);
      g_hash_table_insert (h, key, v);
    }
  g_ptr_array_unref (rows);
  g_array_unref (lines);
  return h;
}

/* An HTML attribute value back to text (the report escapes & < > " '). */
static char *
unescape (const char *s)
{
  GString *o = g_string_new (NULL);
  static const struct {
    const char *ent, *ch;
  } ents[] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" },
               { "&apos;", "'" } };
  for (const char *p = s; *p;)
    {
      gboolean hit = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (ents) && !hit; i++)
        if (g_str_has_prefix (p, ents[i].ent))
          {
            g_string_append (o, ents[i].ch);
            p += strlen (ents[i].ent);
            hit = TRUE;
          }
      if (!hit)
        g_string_append_c (o, *p++);
    }
  return g_string_free (o, FALSE);
}

/* A number as the Swedish report shows it ("−1 234,5") back to a double. */
static double
parse_shown (const char *s)
{
  GString *o = g_string_new (NULL);
  for (const char *p = s; *p;)
    {
      if (g_str_has_prefix (p, "\u2212"))
        {
          g_string_append_c (o, '-');
          p += strlen ("\u2212");
        }
      else if (g_str_has_prefix (p, "\u00a0"))
        p += strlen ("\u00a0");
      else
        {
          g_string_append_c (o, *p == ',' ? '.' : *p);
          p++;
        }
    }
  char *end = NULL;
  double v = g_ascii_strtod (o->str, &end);
  g_assert_true (end && *end == '\0');
  g_string_free (o, TRUE);
  return v;
}

/* Every table cell that shows a summary figure: its data attributes must
 * be summary.csv's strings exactly, and its visible value the mean rounded
 * as the cell says. Returns the cells checked; plan selects the cells of
 * one scenario of a comparison (NULL: cells without data-plan). */
static guint
check_cells (const char *html, GHashTable *summary, const char *plan, GHashTable *seen)
{
  g_autoptr (GRegex) re = g_regex_new (
    "<td class=\"num\" data-scope=\"([^\"]*)\" data-name=\"([^\"]*)\" data-metric=\"([^\"]*)\""
    " data-mean=\"([^\"]*)\" data-ci-low=\"([^\"]*)\" data-ci-high=\"([^\"]*)\""
    " data-scale=\"([^\"]*)\" data-decimals=\"([^\"]*)\"(?: data-plan=\"([^\"]*)\")?>"
    "<span class=\"v\">([^<]*)</span>", 0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  guint n = 0;
  g_regex_match (re, html, 0, &mi);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    {
      g_autofree char *cell_plan = g_match_info_fetch (mi, 9);
      if (plan ? g_strcmp0 (cell_plan, plan) : (cell_plan && *cell_plan))
        continue;
      g_autofree char *scope = g_match_info_fetch (mi, 1), *name_e = g_match_info_fetch (mi, 2);
      g_autofree char *metric = g_match_info_fetch (mi, 3);
      g_autofree char *name = unescape (name_e);
      g_autofree char *key = g_strdup_printf ("%s/%s/%s", scope, name, metric);
      char **want = g_hash_table_lookup (summary, key);
      if (want == NULL)
        g_error ("%s: shown in the report but not in summary.csv", key);
      for (int k = 0; k < 3; k++)
        {
          g_autofree char *got_e = g_match_info_fetch (mi, 4 + k);
          g_autofree char *got = unescape (got_e);
          g_assert_cmpstr (got, ==, want[k]);
        }
      g_autofree char *scale_s = g_match_info_fetch (mi, 7), *dec_s = g_match_info_fetch (mi, 8);
      g_autofree char *shown_s = g_match_info_fetch (mi, 10);
      double scale = g_ascii_strtod (scale_s, NULL);
      int dec = atoi (dec_s);
      double mean = g_ascii_strtod (want[0], NULL) * scale;
      double shown = parse_shown (shown_s);
      /* rounding to dec decimals moves a value by at most half a unit */
      g_assert_cmpfloat (fabs (shown - mean), <=, 0.5 * pow (10, -dec) + 1e-9 * fabs (mean));
      if (seen)
        g_hash_table_add (seen, g_steal_pointer (&key));
      n++;
    }
  return n;
}

static void
test_run_numbers (void)
{
  g_autofree char *d = run_small ();
  g_autofree char *html = tu_slurp (d, "report.html");
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<html lang=\"sv\">"));
  g_assert_nonnull (strstr (html, "Small region – example"));
  g_autoptr (GHashTable) summary = read_summary (d);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = check_cells (html, summary, NULL, seen);
  g_assert_cmpuint (n, >=, 60);
  /* every headline figure of the region and its sites is in the report */
  static const char *const must[] = { "occupancy_pct", "overcrowded_days", "outlied_days",
                                      "transfers_out", "operations", "cancelled_operations",
                                      "waiting_first_visit", "waiting_treatment",
                                      "vg_first_visit_pct", "vg_treatment_pct" };
  const char *const ents[] = { "region/Example region", "site/Sjukhus A", "site/Sjukhus B" };
  for (guint e = 0; e < G_N_ELEMENTS (ents); e++)
    for (guint k = 0; k < G_N_ELEMENTS (must); k++)
      {
        g_autofree char *key = g_strdup_printf ("%s/%s", ents[e], must[k]);
        if (g_hash_table_contains (summary, key))
          g_assert_true (g_hash_table_contains (seen, key));
      }
  /* run.json holds what the CSVs do not */
  g_autofree char *json = tu_slurp (d, "run.json");
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "run");
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (o, "replications"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (o, "run_date"), ==, "2025-01-01T00:00:00+00:00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "settings")), >=, 10);
  /* a chart per site and the region, waiting lists, the guarantee; as PNG too */
  guint charts = count (html, "<svg class=\"chart\"");
  g_assert_cmpuint (charts, >=, 6);
  g_autofree char *pngdir = g_build_filename (d, "png", NULL);
  GDir *dir = g_dir_open (pngdir, 0, NULL);
  g_assert_nonnull (dir);
  guint pngs = 0;
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *data = tu_slurp (pngdir, name);
      g_assert_true (memcmp (data, "\x89PNG", 4) == 0);
      pngs++;
    }
  g_dir_close (dir);
  g_assert_cmpuint (pngs, ==, charts);
  tu_rm_rf (d);
}

static void
test_compare_numbers (void)
{
  g_autofree char *d = compare_small ();
  g_autofree char *html = tu_slurp (d, "report.html");
  /* the base's subfolder holds the same summary as the folder itself */
  g_autofree char *bdir = g_build_filename (d, "base", NULL);
  g_autofree char *top = tu_slurp (d, "summary.csv"), *sub = tu_slurp (bdir, "summary.csv");
  g_assert_true (g_str_equal (top, sub));
  g_autoptr (GHashTable) sb = read_summary (bdir);
  g_assert_cmpuint (check_cells (html, sb, "base", NULL), >=, 30);
  for (int p = 1; p <= 2; p++)
    {
      g_autofree char *pd = g_strdup_printf ("%s/plan-%d", d, p);
      g_autofree char *tag = g_strdup_printf ("%d", p);
      g_autoptr (GHashTable) sp = read_summary (pd);
      g_assert_cmpuint (check_cells (html, sp, tag, NULL), >=, 30);
    }
  /* a forest plot per plan, the plan's name on it, differences in the tables */
  g_assert_cmpuint (count (html, "aria-label=\"Fyra platser till Medicin A från mars − Bas"), >=, 1);
  g_assert_cmpuint (count (html, "aria-label=\"Ingen överbeläggning − Bas"), >=, 1);
  g_assert_cmpuint (count (html, "<span class=\"diff "), >=, 30);
  /* removing overcrowding places removes overcrowding: a clear, green difference */
  g_assert_nonnull (strstr (html, "<span class=\"diff better\">Δ \u2212"));
  tu_rm_rf (d);
}

/* Units of a summary that miss a care-guarantee target: the interval's
 * upper end below it (the report's rule). */
static guint
count_misses (GHashTable *sum, const char *const *units, guint n, const char *metric,
              double target, guint *with_list)
{
  guint miss = 0;
  *with_list = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("unit/%s/%s", units[i], metric);
      char **v = g_hash_table_lookup (sum, key);
      if (v == NULL || !*v[0])
        continue;
      (*with_list)++;
      double hi = *v[2] ? g_ascii_strtod (v[2], NULL) : g_ascii_strtod (v[0], NULL);
      miss += hi < target - 1e-9;
    }
  return miss;
}

/* A plan on the small example that cuts the eye clinic's first-visit
 * slots from 50 to 10 a week, written into folder d; returns its path. */
static char *
cut_plan (const char *d)
{
  g_autofree char *base = scenario ("small-region.ini");
  g_autofree char *changes = g_build_filename (d, "cut.csv", NULL);
  char *plan = g_build_filename (d, "cut.ini", NULL);
  g_assert_true (g_file_set_contents (changes, "unit,resource,from,to,change,note\n"
                                      "Ögon A,visit_slots_per_week,2025-01-01,,-40,\n", -1, NULL));
  g_autofree char *ini = g_strdup_printf ("[scenario]\nbase = %s\nname = Färre nybesök\n"
                                          "[tables]\nchanges = %s\n", base, changes);
  g_assert_true (g_file_set_contents (plan, ini, -1, NULL));
  return plan;
}

/* --vg-target in a comparison: a plan that cuts the eye clinic's
 * first-visit slots makes it miss a 90 % target it meets in the base; the
 * findings say so, with the counts of the two summaries, and a target the
 * plan does not move gives one sentence of the same units. */
static void
test_compare_vg_target (void)
{
  g_autofree char *base = scenario ("small-region.ini");
  g_autofree char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *plan = cut_plan (d);
  g_autofree char *out = g_build_filename (d, "out", NULL);
  g_autofree char *html = g_build_filename (d, "r.html", NULL);
  TuResult r = tu_pks (EPOCH, "compare", base, plan, "-r", "6", "--out", out, "--report", html,
                       "--vg-target", "90", "--lang", "en", "-q", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *text = tu_slurp (d, "r.html");
  g_autofree char *bdir = g_build_filename (out, "base", NULL);
  g_autofree char *pdir = g_build_filename (out, "plan-1", NULL);
  g_autoptr (GHashTable) sb = read_summary (bdir);
  g_autoptr (GHashTable) sp = read_summary (pdir);
  static const char *const units[] = { "Medicin A", "Kirurgi A", "Ögon A", "Medicin B" };
  guint nb, np;
  guint mb = count_misses (sb, units, 4, "vg_first_visit_pct", 90, &nb);
  guint mp = count_misses (sp, units, 4, "vg_first_visit_pct", 90, &np);
  g_assert_cmpuint (nb, ==, np);
  g_assert_cmpuint (mp, >, mb);   /* the cut bites */
  g_autofree char *want = g_strdup_printf (
    "With <b>Färre nybesök</b>, %u of %u units miss the target for a first visit (90\u00a0%% within "
    "90 days), against %u in the base; now missing it: Ögon A.", mp, np, mb);
  if (strstr (text, want) == NULL)
    g_error ("findings lack: %s", want);
  /* a target no unit's interval reaches below: no unit changes side */
  g_autofree char *again = g_build_filename (d, "again.html", NULL);
  r = tu_pks (NULL, "report", out, "--out", again, "--vg-target", "1", "--lang", "en", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *text2 = tu_slurp (d, "again.html");
  guint nt;
  guint mt = count_misses (sp, units, 4, "vg_treatment_pct", 1, &nt);
  guint mf = count_misses (sp, units, 4, "vg_first_visit_pct", 1, &np);
  g_autofree char *same = g_strdup_printf (
    "With <b>Färre nybesök</b>, the same units miss the care-guarantee target (1\u00a0%% within the "
    "limit) as in the base: %u of %u for treatment, %u of %u for a first visit.", mt, nt, mf, np);
  if (strstr (text2, same) == NULL)
    g_error ("findings lack: %s", same);
  tu_rm_rf (d);
}

/* Nothing outside the file: no scripts, stylesheets, fonts, images, frames
 * or links; SVG namespace names are identifiers, not fetched. */
static void
assert_self_contained (const char *html)
{
  g_autoptr (GRegex) ns = g_regex_new ("xmlns(:[a-z]+)?=\"[^\"]*\"", 0, 0, NULL);
  g_autofree char *t = g_regex_replace_literal (ns, html, -1, 0, "", 0, NULL);
  g_autofree char *low = g_ascii_strdown (t, -1);
  static const char *const banned[] = { "http:", "https:", "file:", "ftp:", "//cdn", "src=",
                                        "@import", "<link", "<script", "<iframe", "<object",
                                        "<embed", "<img", "data:" };
  for (guint i = 0; i < G_N_ELEMENTS (banned); i++)
    if (strstr (low, banned[i]))
      g_error ("the report references something outside itself: %s", banned[i]);
  /* url( and href only to fragments inside the file */
  g_autoptr (GRegex) refs = g_regex_new ("(url\\(\\s*['\"]?|href\\s*=\\s*['\"]?)(.)", 0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  guint n = 0;
  g_regex_match (refs, low, 0, &mi);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    {
      g_autofree char *c = g_match_info_fetch (mi, 2);
      g_assert_cmpstr (c, ==, "#");
      n++;
    }
  g_assert_cmpuint (n, >, 0);   /* the charts' glyph references are there and internal */
}

static void
test_self_contained (void)
{
  g_autofree char *d = run_small ();
  g_autofree char *html = tu_slurp (d, "report.html");
  assert_self_contained (html);
  g_autofree char *c = compare_small ();
  g_autofree char *html2 = tu_slurp (c, "report.html");
  assert_self_contained (html2);
  /* every chart's ids are its own: no id is defined twice in the document */
  g_autoptr (GRegex) ids = g_regex_new ("\\bid=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  g_regex_match (ids, html2, 0, &mi);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    g_assert_true (g_hash_table_add (seen, g_match_info_fetch (mi, 1)));
  g_assert_cmpuint (g_hash_table_size (seen), >, 100);
  tu_rm_rf (d);
  tu_rm_rf (c);
}

/* `pks report DIR` gives the report --report wrote: it needs only DIR. */
static void
test_report_from_dir (void)
{
  g_autofree char *d = run_small ();
  g_autofree char *again = g_build_filename (d, "again.html", NULL);
  TuResult r = tu_pks (EPOCH, "report", d, "--out", again, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *a = tu_slurp (d, "report.html"), *b = tu_slurp (d, "again.html");
  g_assert_true (g_str_equal (a, b));   /* not cmpstr: it would print both files */
  /* the default output name, and a comparison folder */
  r = tu_pks (EPOCH, "report", d, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *c = compare_small ();
  g_autofree char *cagain = g_build_filename (c, "again.html", NULL);
  r = tu_pks (EPOCH, "report", c, "--out", cagain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *x = tu_slurp (c, "report.html"), *y = tu_slurp (c, "again.html");
  g_assert_true (g_str_equal (x, y));
  tu_rm_rf (d);
  tu_rm_rf (c);
}

static void
test_lang_and_errors (void)
{
  g_autofree char *d = run_small ();
  g_autofree char *en = g_build_filename (d, "en.html", NULL);
  TuResult r = tu_pks (NULL, "report", d, "--out", en, "--lang", "en", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *html = tu_slurp (d, "en.html");
  g_assert_nonnull (strstr (html, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "Main findings"));
  g_assert_null (strstr (html, "Viktigaste"));
  /* bad language: input error, nothing written */
  r = tu_pks (NULL, "report", d, "--out", en, "--lang", "fi", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--lang"));
  tu_result_clear (&r);
  /* a folder that is not an output folder names the missing file */
  g_autofree char *empty = tu_tmpdir ("pks-report-test");
  r = tu_pks (NULL, "report", empty, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "run.json"));
  tu_result_clear (&r);
  /* --report without --out leaves no temporary folder's files behind and works */
  g_autofree char *ex = scenario ("small-region.ini");
  g_autofree char *only = g_build_filename (empty, "only.html", NULL);
  r = tu_pks (NULL, "run", ex, "-r", "3", "--report", only, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_assert_true (g_file_test (only, G_FILE_TEST_EXISTS));
  tu_rm_rf (empty);
  tu_rm_rf (d);
}

/* ---- pks optimise ---------------------------------------------------- */

/* CSV text into rows of cells (header first), with the project's reader. */
static GPtrArray *
csv_rows (const char *name, const char *text)
{
  g_autoptr (PksDiags) diags = pks_diags_new ();
  GPtrArray *rows = NULL;
  g_autoptr (GArray) lines = NULL;
  g_assert_true (pks_csv_read_rows (name, text, strlen (text), &rows, &lines, NULL, diags));
  return rows;
}

/* The cells (<th> or <td>, inner HTML) of each <tr> of the allocations
 * table, keyed by the row's first cell. */
static GHashTable *
alloc_table (const char *html)
{
  const char *t = strstr (html, "<table class=\"alloc\">");
  g_assert_nonnull (t);
  g_autofree char *table = g_strndup (t, strstr (t, "</table>") - t);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  g_autoptr (GRegex) tr = g_regex_new ("<tr[^>]*>(.*?)</tr>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) td = g_regex_new ("<t[hd][^>]*>(.*?)</t[hd]>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  g_regex_match (tr, table, 0, &mi);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    {
      g_autofree char *row = g_match_info_fetch (mi, 1);
      g_autoptr (GStrvBuilder) cells = g_strv_builder_new ();
      g_autoptr (GMatchInfo) ci = NULL;
      g_regex_match (td, row, 0, &ci);
      for (; g_match_info_matches (ci); g_match_info_next (ci, NULL))
        {
          g_autofree char *cell = g_match_info_fetch (ci, 1);
          g_strv_builder_add (cells, cell);
        }
      char **v = g_strv_builder_end (cells);
      g_assert_nonnull (v[0]);
      /* the key: the first cell's text before any markup */
      char *key = g_strndup (v[0], strcspn (v[0], "<"));
      g_hash_table_insert (rows, key, v);
    }
  return rows;
}

/* The report of pks optimise: every ranked allocation of optimise.csv a
 * column, every unit it gives something a row with +k in that column, the
 * file's own numbers in the figure rows; the answer's units in the answer
 * sentence; the chart; run.json with what the CSV does not say. */
static void
test_optimise_report (void)
{
  g_autofree char *d = optimise_small ("2");
  g_autofree char *html = tu_slurp (d, "report.html");
  g_autofree char *csv = tu_slurp (d, "optimise.csv");
  g_autoptr (GPtrArray) rows = csv_rows ("optimise.csv", csv);
  guint n = rows->len - 1;
  g_assert_cmpuint (n, >=, 3);   /* several allocations to put side by side */
  g_assert_nonnull (strstr (html, "<h2>Allokeringarna sida vid sida</h2>"));
  g_autoptr (GHashTable) table = alloc_table (html);
  char **head = g_hash_table_lookup (table, "Enhet");
  g_assert_nonnull (head);
  g_assert_cmpuint (g_strv_length (head), ==, n + 2);   /* units, ranks 1…n, the base */
  const char *const units[] = { "Medicin A", "Kirurgi A", "Medicin B" };
  g_autoptr (GHashTable) given = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint k = 1; k <= n; k++)
    {
      GPtrArray *row = g_ptr_array_index (rows, k);
      g_autofree char *rank = g_strdup_printf ("%u", k);
      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, rank);
      g_assert_true (g_str_has_prefix (head[k], rank));
      /* the allocation, unit by unit, in column k */
      g_auto (GStrv) shares = g_strsplit (g_ptr_array_index (row, 1), ";", -1);
      for (guint u = 0; u < G_N_ELEMENTS (units); u++)
        {
          const char *amount = "";
          for (guint i = 0; shares[i]; i++)
            if (g_str_has_prefix (shares[i], units[u]) && shares[i][strlen (units[u])] == '=')
              amount = shares[i] + strlen (units[u]) + 1;
          char **cells = g_hash_table_lookup (table, units[u]);
          if (*amount)
            {
              g_hash_table_add (given, (char *) units[u]);
              g_assert_nonnull (cells);
            }
          if (cells)
            g_assert_cmpstr (cells[k], ==, amount);
        }
      /* optimise.csv's numbers, as the file writes them, in column k */
      char **obj = g_hash_table_lookup (table, "Målfunktion");
      g_assert_nonnull (obj);
      g_autofree char *attrs = g_strdup_printf ("data-objective-mean=\"%s\" data-objective-ci-low=\"%s\" "
                                                "data-objective-ci-high=\"%s\"",
                                                (char *) g_ptr_array_index (row, 2),
                                                (char *) g_ptr_array_index (row, 3),
                                                (char *) g_ptr_array_index (row, 4));
      g_assert_nonnull (strstr (html, attrs));
      g_autofree char *gap = g_strdup_printf ("data-gap-mean=\"%s\"", (char *) g_ptr_array_index (row, 5));
      g_assert_nonnull (strstr (html, gap));
    }
  /* exactly the units given something have rows */
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    g_assert_true (g_hash_table_contains (table, units[u]) == g_hash_table_contains (given, units[u]));
  g_assert_nonnull (g_hash_table_lookup (table, "Skillnad mot svaret"));
  g_assert_nonnull (g_hash_table_lookup (table, "Förändring mot basen"));
  g_assert_cmpuint (count (html, "class=\"num best\""), >=, 4);   /* rank 1 highlighted */

  /* the answer names the units of rank 1 */
  const char *ans = strstr (html, "<p class=\"answer\">");
  g_assert_nonnull (ans);
  g_autofree char *answer = g_strndup (ans, strstr (ans, "</p>") - ans);
  g_assert_nonnull (strstr (answer, "disponibla vårdplatser"));
  g_auto (GStrv) best = g_strsplit (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, 1), 1), ";", -1);
  for (guint i = 0; best[i]; i++)
    {
      g_autofree char *unit = g_strndup (best[i], strchr (best[i], '=') - best[i]);
      g_assert_nonnull (strstr (answer, unit));
    }

  /* one chart, inline and as PNG */
  g_assert_cmpuint (count (html, "<svg class=\"chart\""), ==, 1);
  g_assert_nonnull (strstr (html, "aria-label=\"Målfunktionen för varje allokering\""));
  g_autofree char *png = g_build_filename (d, "png", "01-optimise-objective.png", NULL);
  g_autofree char *pdata = NULL;
  g_assert_true (g_file_get_contents (png, &pdata, NULL, NULL));
  g_assert_true (memcmp (pdata, "\x89PNG", 4) == 0);
  assert_self_contained (html);

  /* run.json: what optimise.csv does not say; no wall time */
  g_autofree char *json = tu_slurp (d, "run.json");
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "optimise");
  g_assert_cmpstr (json_object_get_string_member (o, "scenario"), ==, "Small region – example");
  g_assert_cmpstr (json_object_get_string_member (o, "run_date"), ==, "2025-01-01T00:00:00+00:00");
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (o, "resource"), ==, "staffed_beds");
  g_assert_cmpint (json_object_get_int_member (o, "added"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "units")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "objective"), ==, "outlied_days + transfers_out");
  g_assert_cmpstr (json_object_get_string_member (o, "direction"), ==, "minimise");
  g_assert_cmpint (json_object_get_int_member (o, "replications_first"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "full_space"), ==, 15);   /* C(4+2, 2) */
  JsonObject *base = json_object_get_object_member (o, "base");
  g_assert_cmpfloat (json_object_get_double_member (base, "ci_low"), <,
                     json_object_get_double_member (base, "mean"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "ranked")), ==, n);
  g_assert_null (strstr (json, "second"));
  g_assert_null (strstr (json, "elapsed"));

  /* `pks report DIR` gives the same file, and the English one differs */
  g_autofree char *again = g_build_filename (d, "again.html", NULL);
  TuResult r = tu_pks (EPOCH, "report", d, "--out", again, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *html2 = tu_slurp (d, "again.html");
  g_assert_true (g_str_equal (html, html2));
  g_autofree char *en = g_build_filename (d, "en.html", NULL);
  r = tu_pks (EPOCH, "report", d, "--out", en, "--lang", "en", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *html_en = tu_slurp (d, "en.html");
  g_assert_nonnull (strstr (html_en, "<h2>The allocations side by side</h2>"));
  g_assert_nonnull (strstr (html_en, "<p class=\"answer\">Put 4 staffed beds"));
  tu_rm_rf (d);
}

/* One thread or two: the same outputs and the same report, byte for byte
 * (nothing in them depends on timing). */
static void
test_optimise_threads (void)
{
  g_autofree char *a = optimise_small ("1"), *b = optimise_small ("2");
  const char *const files[] = { "optimise.csv", "run.json", "report.html" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *x = tu_slurp (a, files[i]), *y = tu_slurp (b, files[i]);
      if (!g_str_equal (x, y))
        g_error ("%s differs between -t 1 and -t 2", files[i]);
    }
  tu_rm_rf (a);
  tu_rm_rf (b);
}

/* An optimise folder's two files in a new folder: run.json as given,
 * optimise.csv as given (NULL: none). */
static char *
copy_with (const char *json, const char *csv)
{
  char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *jp = g_build_filename (d, "run.json", NULL);
  g_assert_true (g_file_set_contents (jp, json, -1, NULL));
  if (csv)
    {
      g_autofree char *cp = g_build_filename (d, "optimise.csv", NULL);
      g_assert_true (g_file_set_contents (cp, csv, -1, NULL));
    }
  return d;
}

/* A damaged or missing optimise.csv, one of another run, or a damaged
 * run.json: bad input (exit 2) naming the file; no report written. */
static void
test_optimise_bad_input (void)
{
  g_autofree char *d = optimise_small ("2");
  g_autofree char *csv = tu_slurp (d, "optimise.csv");
  g_autofree char *json = tu_slurp (d, "run.json");
  g_autofree char *line2 = g_strndup (strchr (csv, '\n') + 1, strcspn (strchr (csv, '\n') + 1, "\n"));
  g_autofree char *bad_num = g_strdup (csv);
  *strstr (bad_num, line2 + strlen ("1,Medicin A=+4,")) = 'x';   /* objective_mean "x48.03…" */
  g_autoptr (GString) bad_unit = g_string_new (csv);
  g_string_replace (bad_unit, "Medicin B=", "Medicin Z=", 1);
  g_autoptr (GString) bad_rank = g_string_new (csv);
  g_string_replace (bad_rank, "\n2,", "\n7,", 1);
  g_autoptr (GString) other_run = g_string_new (csv);
  g_string_replace (other_run, "Medicin A=+3;Medicin B=+1", "Medicin A=+3;Kirurgi A=+1", 1);
  g_assert_true (g_str_has_prefix (line2, "1,Medicin A=+4,"));
  g_autoptr (GString) sideways = g_string_new (json);
  g_assert_cmpuint (g_string_replace (sideways, "\"minimise\"", "\"sideways\"", 1), ==, 1);
  g_autoptr (GString) four = g_string_new (json);
  g_assert_cmpuint (g_string_replace (four, "\"added\" : 4,", "\"added\" : \"four\",", 1), ==, 1);
  const struct {
    const char *json, *csv, *file, *says;
  } cases[] = {
    { json, bad_num, "optimise.csv", "objective_mean is not a number" },
    { json, bad_unit->str, "optimise.csv", "cannot read the allocation" },
    { json, bad_rank->str, "optimise.csv", "the rank is '7'" },
    { json, other_run->str, "run.json", "but optimise.csv has" },
    { json, "rank,allocation\n", "optimise.csv", "the column 'objective_mean' is missing" },
    { json, "\"rank,allocation\n1,2\n", "optimise.csv", "not a readable CSV file" },
    { json, NULL, "optimise.csv", "cannot read it" },
    { sideways->str, csv, "run.json", "\"direction\" (minimise or maximise)" },
    { four->str, csv, "run.json", "\"added\" must be a number" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *c = copy_with (cases[i].json, cases[i].csv);
      TuResult r = tu_pks (NULL, "report", c, NULL);
      g_test_message ("case %u: %d %s", i, r.status, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_autofree char *file = g_strdup_printf ("/%s: ", cases[i].file);
      g_assert_nonnull (strstr (r.err, file));
      g_assert_nonnull (strstr (r.err, cases[i].says));
      tu_result_clear (&r);
      g_autofree char *out = g_build_filename (c, "report.html", NULL);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      tu_rm_rf (c);
    }
  tu_rm_rf (d);
}

/* An objective that is the region's guarantee share is read against
 * --vg-target: with the eye clinic's first visits cut, 10 more slots a
 * week lift the share; targets below both, between the base's and the
 * answer's intervals and above both give the three sentences, and
 * run.json carries the guarantee's limits. */
static void
test_optimise_vg_target (void)
{
  g_autofree char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *plan = cut_plan (d);
  g_autofree char *out = g_build_filename (d, "out", NULL);
  TuResult r = tu_pks (EPOCH, "optimise", plan, "--resource", "visit_slots_per_week", "--add", "10",
                       "--units", "Kirurgi A,Ögon A", "--objective", "vg_first_visit_pct", "--maximise",
                       "-r", "4", "--reps-max", "8", "--out", out, "-q", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *json = tu_slurp (out, "run.json");
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  JsonObject *g = json_object_get_object_member (o, "guarantee");
  g_assert_nonnull (g);
  g_assert_cmpfloat (json_object_get_double_member (g, "first_visit_days"), ==, 90);
  double base_hi = json_object_get_double_member (json_object_get_object_member (o, "base"), "ci_high");
  g_autofree char *csv = tu_slurp (out, "optimise.csv");
  g_autoptr (GPtrArray) rows = csv_rows ("optimise.csv", csv);
  GPtrArray *best = g_ptr_array_index (rows, 1);
  double lo = g_ascii_strtod (g_ptr_array_index (best, 3), NULL);
  double hi = g_ascii_strtod (g_ptr_array_index (best, 4), NULL);
  g_assert_cmpfloat (base_hi, <, lo);   /* the slots help, clearly */
  g_assert_cmpfloat (hi, <, 99);
  g_autofree char *mid = g_strdup_printf ("%.0f", floor ((base_hi + lo) / 2));
  g_assert_cmpfloat (atof (mid), >, base_hi);
  g_assert_cmpfloat (atof (mid), <, lo);
  const char *targets[] = { "1", mid, "100" };
  const char *fmt[] = {
    "<li>The base already meets the care-guarantee target, %s\u00a0%% within 90 days for a first visit.</li>",
    "<li>With the answer the region meets the care-guarantee target, %s\u00a0%% within 90 days for a first "
    "visit, which the base misses.</li>",
    "<li>The care-guarantee target, %s\u00a0%% within 90 days for a first visit, is missed in the base and "
    "with the answer: the answer's 95\u00a0%% CI ends below it.</li>",
  };
  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      g_autofree char *html = g_build_filename (d, "r.html", NULL);
      r = tu_pks (NULL, "report", out, "--out", html, "--vg-target", targets[k], "--lang", "en", NULL);
      g_assert_cmpint (r.status, ==, 0);
      tu_result_clear (&r);
      g_autofree char *text = tu_slurp (d, "r.html");
      g_autofree char *want = g_strdup_printf (fmt[k], targets[k]);
      if (strstr (text, want) == NULL)
        g_error ("target %s: the answer lacks: %s", targets[k], want);
      g_assert_cmpuint (count (text, "care-guarantee target"), ==, 1);
    }
  /* another objective says nothing of the guarantee */
  g_autofree char *other = optimise_small ("1");
  g_autofree char *html2 = g_build_filename (other, "en.html", NULL);
  r = tu_pks (NULL, "report", other, "--out", html2, "--vg-target", "80", "--lang", "en", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *text2 = tu_slurp (other, "en.html");
  g_assert_null (strstr (text2, "care-guarantee target"));
  tu_rm_rf (other);
  tu_rm_rf (d);
}

/* --report without --out: the report, and no temporary folder left. */
static void
test_optimise_report_only (void)
{
  g_autofree char *ex = scenario ("small-region.ini");
  g_autofree char *tmp = tu_tmpdir ("pks-report-test"), *d = tu_tmpdir ("pks-report-test");
  g_autofree char *env = g_strdup_printf ("TMPDIR=%s", tmp);
  g_autofree char *html = g_build_filename (d, "only.html", NULL);
  TuResult r = tu_pks (env, "optimise", ex, "--resource", "staffed_beds", "--add", "2", "--units",
                  "Medicin A,Medicin B", "--objective", "outlied_days", "-r", "3", "--reps-max", "6",
                  "--report", html, "--lang", "en", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *text = tu_slurp (d, "only.html");
  g_assert_nonnull (strstr (text, "<table class=\"alloc\">"));
  GDir *dir = g_dir_open (tmp, 0, NULL);
  const char *left = g_dir_read_name (dir);
  if (left)
    g_error ("left behind in TMPDIR: %s", left);
  g_dir_close (dir);
  tu_rm_rf (tmp);
  tu_rm_rf (d);
}

/* ---- the PKS balance -------------------------------------------------- */

/* The numbers of the row of name in the first table after marker, as
 * shown (digits, sign and decimal comma; the grouping spaces dropped). */
static GPtrArray *
row_numbers (const char *html, const char *marker, const char *name)
{
  const char *t = strstr (html, marker);
  g_assert_nonnull (t);
  g_autofree char *start = g_strdup_printf ("<tr><td>%s</td>", name);
  const char *row = strstr (t, start);
  g_assert_nonnull (row);
  const char *end = strstr (row, "</tr>");
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (const char *p = strstr (row, "<td class=\"num\">"); p && p < end;
       p = strstr (p + 1, "<td class=\"num\">"))
    {
      const char *v = p + strlen ("<td class=\"num\">");
      GString *s = g_string_new (NULL);
      for (; *v && *v != '<'; v++)
        if (g_ascii_isdigit (*v) || *v == '-' || *v == ',')
          g_string_append_c (s, *v);
        else if (!strncmp (v, "\u2212", strlen ("\u2212")))
          g_string_append_c (s, '-');
      g_ptr_array_add (out, g_string_free (s, FALSE));
    }
  return out;
}

/* The section from balance.csv: the whole period's figures of the region
 * equal the file's tertials summed; the charts of the units furthest from
 * balance folded, those the planner names shown; with a production plan
 * its table. */
static void
test_balance_section (void)
{
  g_autofree char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *ex = scenario ("small-region.ini");
  g_autofree char *ini = g_build_filename (d, "s.ini", NULL);
  g_autofree char *tg = g_build_filename (d, "targets.csv", NULL);
  g_autofree char *sc = g_strdup_printf ("[scenario]\nbase = %s\nname = with a plan\n"
                                         "[tables]\ntargets = targets.csv\n", ex);
  g_assert_true (g_file_set_contents (ini, sc, -1, NULL));
  g_assert_true (g_file_set_contents (tg, "unit,month,resource,target\n"
                                          "Kirurgi A,2025-01,first_visits,250\n"
                                          "Kirurgi A,2025-02,first_visits,250\n", -1, NULL));
  g_autofree char *out = g_build_filename (d, "out", NULL);
  g_autofree char *html_path = g_build_filename (d, "r.html", NULL);
  TuResult r = tu_pks (EPOCH, "run", ini, "-r", "4", "--out", out, "--report", html_path, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *html = tu_slurp (d, "r.html");
  const char *sec = strstr (html, "<section id=\"balance\"");
  g_assert_nonnull (sec);
  g_autofree char *section = g_strndup (sec, strstr (sec, "</section>") - sec);
  /* the region's first visits: demand, production, backlog change over
   * the three tertials of balance.csv */
  g_autofree char *csv = tu_slurp (out, "balance.csv");
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  double want[3] = { 0, 0, 0 };
  guint tertials = 0;
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
      if (strstr (f[0], "-T") && !strcmp (f[1], "region") && !strcmp (f[3], "first_visits"))
        {
          want[0] += g_ascii_strtod (f[4], NULL);
          want[1] += g_ascii_strtod (f[6], NULL);
          want[2] += g_ascii_strtod (f[13], NULL);
          tertials++;
        }
    }
  g_assert_cmpuint (tertials, ==, 3);
  g_autoptr (GPtrArray) got = row_numbers (section, "<table class=\"units balance\">", "Example region");
  g_assert_cmpuint (got->len, ==, 9);
  for (guint k = 0; k < 3; k++)   /* shown without decimals: within half a unit */
    g_assert_cmpfloat (fabs (g_ascii_strtod (g_ptr_array_index (got, k), NULL) - want[k]), <=, 0.5 + 1e-9);
  /* every unit with a list or beds charted, folded */
  const char *fold = strstr (section, "<details><summary>Diagram för enheterna längst från balans");
  g_assert_nonnull (fold);
  g_assert_cmpuint (count (fold, "<svg class=\"chart\""), ==, 4);
  g_assert_cmpuint (count (section, "<svg class=\"chart\""), ==, 4);
  g_assert_nonnull (strstr (section, "Produktionsplanen mot simuleringen"));
  g_assert_nonnull (strstr (section, "<tr><td>Kirurgi A <span class=\"ci\">"));
  /* the units the planner names: shown, not folded */
  g_autofree char *again = g_build_filename (d, "named.html", NULL);
  r = tu_pks (EPOCH, "report", out, "--out", again, "--balance-units", "Medicin B,Kirurgi A", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *named = tu_slurp (d, "named.html");
  sec = strstr (named, "<section id=\"balance\"");
  g_autofree char *nsec = g_strndup (sec, strstr (sec, "</section>") - sec);
  g_assert_null (strstr (nsec, "Diagram för enheterna längst från balans"));
  g_assert_cmpuint (count (nsec, "<svg class=\"chart\""), ==, 2);
  g_assert_nonnull (strstr (nsec, "Medicin B — Vårddygn"));
  g_assert_nonnull (strstr (nsec, "Kirurgi A — "));
  tu_rm_rf (d);
}

/* ---- the browser ------------------------------------------------------ */

static const char probe[] =
  "<script>(function(){var out={errors:[],charts:[],resources:0,height:0};"
  "window.addEventListener('error',function(e){out.errors.push(String(e.message||e.type));},true);"
  "var ce=console.error;console.error=function(){out.errors.push(Array.prototype.join.call(arguments,' '));};"
  "out.resources=performance.getEntriesByType('resource').length;"
  "document.querySelectorAll('svg.chart').forEach(function(s){var r=s.getBoundingClientRect(),b=s.getBBox();"
  "out.charts.push({w:r.width,h:r.height,bw:b.width,bh:b.height,marks:s.querySelectorAll('path,use').length,"
  "glyphs:s.querySelectorAll('use').length});});"
  "out.height=document.documentElement.scrollHeight;"
  "var p=document.createElement('pre');p.id='pks-probe';p.textContent=JSON.stringify(out);"
  "document.body.appendChild(p);})();</script>";

static const char *
chromium (void)
{
  static char *found = NULL;
  static const char *const names[] = { "chromium", "chromium-browser", "google-chrome" };
  for (guint i = 0; found == NULL && i < G_N_ELEMENTS (names); i++)
    found = g_find_program_in_path (names[i]);
  return found;
}

/* Headless Chromium with everything that could reach the network off,
 * a fresh profile each time; returns stdout and stderr. */
static TuResult
browse (const char *url, const char *const *extra)
{
  g_autofree char *profile = tu_tmpdir ("pks-report-test");
  g_autofree char *ud = g_strdup_printf ("--user-data-dir=%s", profile);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *const base[] = { chromium (), "--headless", "--no-sandbox", "--disable-gpu",
                               "--disable-quic", "--no-first-run", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                               "--enable-logging=stderr", "--v=0", ud };
  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (char *) base[i]);
  for (guint i = 0; extra[i]; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, (char *) url);
  g_ptr_array_add (argv, NULL);
  TuResult r = tu_spawn ((const char *const *) argv->pdata, NULL, NULL, NULL);
  tu_rm_rf (profile);
  return r;
}

static const char *
artifact_dir (void)
{
  static char *dir = NULL;
  if (dir == NULL)
    {
      const char *env = g_getenv ("PKS_ARTIFACT_DIR");
      dir = env && *env ? g_strdup (env) : g_build_filename (g_get_tmp_dir (), "pks-artifacts", NULL);
      g_mkdir_with_parents (dir, 0755);
    }
  return dir;
}

/* The screenshot is a real picture: tall as the page and not one colour. */
static void
assert_picture (const char *png, int min_height)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  g_assert_cmpint (h, >=, min_height);
  cairo_surface_flush (s);
  const unsigned char *px = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  g_autoptr (GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (int y = 0; y < h; y += 7)
    for (int x = 0; x < w; x += 7)
      {
        guint32 v;
        memcpy (&v, px + (gsize) y * stride + (gsize) x * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (v));
      }
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
  cairo_surface_destroy (s);
}

/* Open a report in Chromium: every chart laid out with a non-empty box and
 * drawn content (text as glyphs), no console message or error, nothing
 * fetched; then a full-page screenshot and an A4 PDF as artifacts. */
static void
browser_check (const char *html_path, const char *artifact, guint min_pages)
{
  g_autofree char *html = NULL;
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  guint charts = count (html, "<svg class=\"chart\"");
  g_assert_cmpuint (charts, >, 0);

  /* a copy with a probe that writes the layout into the DOM */
  g_autofree char *dir = tu_tmpdir ("pks-report-test");
  g_autofree char *probed = g_build_filename (dir, "probed.html", NULL);
  const char *end = strstr (html, "</body>");
  g_assert_nonnull (end);
  g_autofree char *head = g_strndup (html, end - html);
  g_autofree char *copy = g_strconcat (head, probe, end, NULL);
  g_assert_true (g_file_set_contents (probed, copy, -1, NULL));
  g_autofree char *url = g_filename_to_uri (probed, NULL, NULL);
  const char *dump[] = { "--window-size=1200,1600", "--dump-dom", NULL };
  TuResult r = browse (url, dump);
  g_assert_cmpint (r.status, ==, 0);
  /* the report has no script of its own and the probe logs nothing */
  if (strstr (r.err, ":CONSOLE"))
    g_error ("console output while loading the report:\n%s", r.err);
  const char *pre = strstr (r.out, "<pre id=\"pks-probe\">");
  g_assert_nonnull (pre);
  pre += strlen ("<pre id=\"pks-probe\">");
  g_autofree char *json_e = g_strndup (pre, strstr (pre, "</pre>") - pre);
  g_autofree char *json = unescape (json_e);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, json, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "errors")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (o, "resources"), ==, 0);
  JsonArray *a = json_object_get_array_member (o, "charts");
  g_assert_cmpuint (json_array_get_length (a), ==, charts);
  for (guint i = 0; i < charts; i++)
    {
      JsonObject *c = json_array_get_object_element (a, i);
      g_assert_cmpfloat (json_object_get_double_member (c, "w"), >, 300);
      g_assert_cmpfloat (json_object_get_double_member (c, "h"), >, 100);
      g_assert_cmpfloat (json_object_get_double_member (c, "bw"), >, 100);
      g_assert_cmpfloat (json_object_get_double_member (c, "bh"), >, 50);
      g_assert_cmpint (json_object_get_int_member (c, "marks"), >, 20);
      g_assert_cmpint (json_object_get_int_member (c, "glyphs"), >, 10);
    }
  int height = (int) json_object_get_int_member (o, "height");
  g_assert_cmpint (height, >, 1600);
  tu_result_clear (&r);

  /* the screenshot of the whole page, from the report itself */
  g_autofree char *shot = g_strdup_printf ("%s/%s.png", artifact_dir (), artifact);
  g_autofree char *shot_arg = g_strdup_printf ("--screenshot=%s", shot);
  g_autofree char *size = g_strdup_printf ("--window-size=1200,%d", MIN (height + 20, 16000));
  g_autofree char *orig = g_filename_to_uri (html_path, NULL, NULL);
  const char *sargs[] = { size, shot_arg, NULL };
  g_unlink (shot);
  r = browse (orig, sargs);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  assert_picture (shot, MIN (height, 16000));

  /* printed: A4 pages, sections on pages of their own */
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", artifact_dir (), artifact);
  g_autofree char *pdf_arg = g_strdup_printf ("--print-to-pdf=%s", pdf);
  const char *pargs[] = { "--no-pdf-header-footer", pdf_arg, NULL };
  g_unlink (pdf);
  r = browse (orig, pargs);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *pdf_data = NULL;
  gsize pdf_len = 0;
  g_assert_true (g_file_get_contents (pdf, &pdf_data, &pdf_len, NULL));
  g_assert_true (pdf_len > 4 && memcmp (pdf_data, "%PDF", 4) == 0);
  /* A4 is 595.28 × 841.89 pt; Chromium rounds to whole device pixels */
  g_autoptr (GRegex) media = g_regex_new ("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]", G_REGEX_RAW, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  guint pages = 0;
  g_regex_match_full (media, pdf_data, pdf_len, 0, 0, &mi, NULL);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    {
      g_autofree char *wt = g_match_info_fetch (mi, 1), *ht = g_match_info_fetch (mi, 2);
      g_assert_cmpfloat (fabs (g_ascii_strtod (wt, NULL) - 595.28), <, 1.5);
      g_assert_cmpfloat (fabs (g_ascii_strtod (ht, NULL) - 841.89), <, 1.5);
      pages++;
    }
  g_assert_cmpuint (pages, >=, min_pages);
  g_test_message ("%s: %u charts, page %d px tall, %u A4 pages; artifacts %s and %s", artifact,
                  charts, height, pages, shot, pdf);
  tu_rm_rf (dir);
}

static void
test_browser (void)
{
  if (chromium () == NULL)
    {
      g_test_skip ("Chromium is not installed (.ci/setup installs it)");
      return;
    }
  /* the default scenario's report, as `pks run --report` makes it */
  g_autofree char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *html = g_build_filename (d, "default.html", NULL);
  TuResult r = tu_pks (NULL, "run", "--report", html, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  browser_check (html, "report-default", 5);
  g_autofree char *en = g_build_filename (d, "default-en.html", NULL);
  r = tu_pks (NULL, "run", "--report", en, "--lang", "en", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  browser_check (en, "report-default-en", 5);
  /* a plan comparison */
  g_autofree char *c = compare_small ();
  g_autofree char *ch = g_build_filename (c, "report.html", NULL);
  browser_check (ch, "report-compare", 3);
  /* an optimisation: header and answer, allocations, method, settings */
  g_autofree char *o = optimise_small ("2");
  g_autofree char *oh = g_build_filename (o, "report.html", NULL);
  browser_check (oh, "report-optimise", 2);
  tu_rm_rf (d);
  tu_rm_rf (c);
  tu_rm_rf (o);
}

/* The region's value of metric in each replication of an output folder
 * (replications.csv), by replication number. */
static GArray *
region_reps (const char *dir, const char *metric)
{
  g_autofree char *text = tu_slurp (dir, "replications.csv");
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *a = g_array_new (FALSE, TRUE, sizeof (double));
  g_autofree char *tail = g_strdup_printf (",%s,", metric);
  for (guint i = 1; lines[i]; i++)
    {
      if (!g_str_has_prefix (strchr (lines[i], ',') ? strchr (lines[i], ',') + 1 : "", "region,"))
        continue;
      const char *m = strstr (lines[i], tail);
      if (m == NULL)
        continue;
      guint rep = (guint) g_ascii_strtoull (lines[i], NULL, 10);
      if (a->len <= rep)
        g_array_set_size (a, rep + 1);
      g_array_index (a, double, rep) = g_ascii_strtod (m + strlen (tail), NULL);
    }
  return a;
}

/* A Swedish number of the report ("−1 234,5", no-break or narrow spaces
 * grouping) as a double. */
static double
sv_number (const char *s)
{
  GString *t = g_string_new (NULL);
  for (const char *c = s; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);
      if (u == 0x2212 || u == '-')
        g_string_append_c (t, '-');
      else if (u == ',')
        g_string_append_c (t, '.');
      else if (g_unichar_isdigit (u) || u == '+')
        g_string_append_unichar (t, u);
    }
  double v = g_ascii_strtod (t->str, NULL);
  g_string_free (t, TRUE);
  return v;
}

/* "per miljon kronor i merkostnad" carries its 95 % interval, from the
 * replications' paired differences of the effect and of the cost (the
 * delta method), and the ratio is the one the replications give:
 * Σ Δovercrowded_days / Σ Δtotal_cost × 10⁶, computed here from
 * replications.csv. */
static void
test_compare_per_msek (void)
{
  g_autofree char *base = g_build_filename (tu_source_root (), "scenarios", "vasterbotten-2024.ini", NULL);
  g_autofree char *plan = g_build_filename (tu_source_root (), "scenarios", "plans", "vardplatser-25.ini",
                                            NULL);
  g_autofree char *d = tu_tmpdir ("pks-report-test");
  g_autofree char *html_path = g_build_filename (d, "report.html", NULL);
  TuResult r = tu_pks (EPOCH, "compare", base, plan, "-r", "8", "--out", d, "--report", html_path, "-q",
                       NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *html = tu_slurp (d, "report.html");
  g_autofree char *bdir = g_build_filename (d, "base", NULL), *pdir = g_build_filename (d, "plan-1", NULL);
  g_autoptr (GArray) bn = region_reps (bdir, "overcrowded_days"), bc = region_reps (bdir, "total_cost");
  g_autoptr (GArray) pn = region_reps (pdir, "overcrowded_days"), pc = region_reps (pdir, "total_cost");
  g_assert_cmpuint (bn->len, ==, 8);
  double sn = 0, sc = 0;
  for (guint i = 0; i < 8; i++)
    {
      sn += g_array_index (pn, double, i) - g_array_index (bn, double, i);
      sc += g_array_index (pc, double, i) - g_array_index (bc, double, i);
    }
  g_assert_cmpfloat (sc, >, 0);
  double want = sn / sc * 1e6;
  g_autoptr (GRegex) re = g_regex_new ("([−+0-9][0-9\u00a0\u202f ,]*) \\(95[\u00a0 ]% KI ([−0-9][0-9\u00a0\u202f ,]*) "
                                       "till ([−0-9][0-9\u00a0\u202f ,]*)\\) per miljon kronor i merkostnad",
                                       0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  g_assert_true (g_regex_match (re, html, 0, &mi));
  g_autofree char *v = g_match_info_fetch (mi, 1), *lo = g_match_info_fetch (mi, 2), *hi = g_match_info_fetch (mi, 3);
  g_test_message ("per MSEK %s (%s till %s), from the replications %.2f", v, lo, hi, want);
  g_assert_cmpfloat (fabs (sv_number (v) - want), <=, 0.5 + 0.01 * fabs (want));
  g_assert_cmpfloat (sv_number (lo), <, want);
  g_assert_cmpfloat (sv_number (hi), >, want);
  tu_rm_rf (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/run/numbers-equal-summary", test_run_numbers);
  g_test_add_func ("/report/compare/numbers-equal-summaries", test_compare_numbers);
  g_test_add_func ("/report/compare/vg-target-units", test_compare_vg_target);
  g_test_add_func ("/report/compare/per-msek-interval", test_compare_per_msek);
  g_test_add_func ("/report/self-contained", test_self_contained);
  g_test_add_func ("/report/rebuilt-from-dir", test_report_from_dir);
  g_test_add_func ("/report/lang-and-errors", test_lang_and_errors);
  g_test_add_func ("/report/optimise/allocations-side-by-side", test_optimise_report);
  g_test_add_func ("/report/optimise/same-for-any-thread-count", test_optimise_threads);
  g_test_add_func ("/report/optimise/bad-input-exit-2", test_optimise_bad_input);
  g_test_add_func ("/report/optimise/report-without-out", test_optimise_report_only);
  g_test_add_func ("/report/optimise/vg-target", test_optimise_vg_target);
  g_test_add_func ("/report/balance/section", test_balance_section);
  g_test_add_func ("/report/browser/charts-render", test_browser);
  return g_test_run ();
}
