/* test-plans.c — plans that do what they say, and a new user's first hour
 * (issue #19), through the real pks command: a bed-opening plan without
 * its staff warns, with the same text, at validate, run and compare; with
 * `staff = own` its beds open; pks with no arguments, pks report of a
 * missing folder, pks validate of the embedded baseline. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
baseline (void)
{
  return g_build_filename (tu_source_root (), "scenarios", "vasterbotten-2024.ini", NULL);
}

/* The plan of the issue: six staffed beds on Medicincentrum Umeå from
 * March, one row, with the staff column's value staff (may be ""). */
static char *
write_plan (const char *dir, const char *staff)
{
  g_autofree char *base = baseline ();
  g_autofree char *ini = g_build_filename (dir, "plan.ini", NULL);
  g_autofree char *csv = g_build_filename (dir, "changes.csv", NULL);
  g_autofree char *itext = g_strdup_printf ("[scenario]\nbase = %s\nname = Medicincentrum +6\n"
                                            "[tables]\nchanges = changes.csv\n", base);
  g_autofree char *ctext = g_strdup_printf ("unit,resource,from,to,change,note,staff\n"
                                            "Medicincentrum Umeå,staffed_beds,2024-03-01,,+6,"
                                            "sex nya vårdplatser,%s\n", staff);
  g_assert_true (g_file_set_contents (ini, itext, -1, NULL));
  g_assert_true (g_file_set_contents (csv, ctext, -1, NULL));
  return g_steal_pointer (&ini);
}

/* The lines of text that say "warning". */
static char *
warnings (const char *err)
{
  GString *o = g_string_new (NULL);
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], ": warning: "))
      g_string_append_printf (o, "%s\n", lines[i]);
  return g_string_free (o, FALSE);
}

/* The row of compare.csv for a unit's metric: its diff_mean. */
static double
compare_diff (const char *csv, const char *unit, const char *metric)
{
  g_autofree char *key = g_strdup_printf ("unit,%s,%s,", unit, metric);
  const char *p = strstr (csv, key);
  g_assert_nonnull (p);
  g_auto (GStrv) f = g_strsplit (p, ",", 9);
  g_assert_cmpuint (g_strv_length (f), >=, 7);
  return g_ascii_strtod (f[6], NULL);
}

/* Without staff, the six beds stay closed (staff cover the planned 74) and
 * pks says so at validate, run and compare with one text; compare's
 * staffed bed-days differ by exactly 0. With staff = own they open: +6
 * beds on every day from March, 1836 bed-days. */
static void
test_medicincentrum_six (void)
{
  g_autofree char *d = tu_tmpdir ("pks-plans");
  g_autofree char *base = baseline ();
  g_autofree char *plan = write_plan (d, "");
  TuResult v = tu_pks (NULL, "validate", plan, NULL);
  g_assert_cmpint (v.status, ==, 0);
  g_autofree char *wv = warnings (v.err);
  g_test_message ("validate: %s", wv);
  g_assert_nonnull (strstr (wv, "changes.csv:2: warning: Medicincentrum Umeå: planned +6 staffed "
                                "beds from 2024-03-01; staff cover +0"));
  g_assert_nonnull (strstr (wv, "nurse FTE"));
  g_assert_nonnull (strstr (wv, "write staff = own"));
  TuResult r = tu_pks (NULL, "run", plan, "-r", "2", "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_autofree char *wr = warnings (r.err);
  g_assert_cmpstr (wr, ==, wv);
  g_autofree char *out = g_build_filename (d, "cmp", NULL);
  TuResult c = tu_pks (NULL, "compare", base, plan, "-r", "2", "--out", out, "--lang", "en",
                       "--details", NULL);
  g_assert_cmpint (c.status, ==, 0);
  g_autofree char *wc = warnings (c.err);
  g_assert_cmpstr (wc, ==, wv);
  g_autofree char *csv = tu_slurp (out, "compare.csv");
  g_assert_cmpfloat (compare_diff (csv, "Medicincentrum Umeå", "staffed_bed_days"), ==, 0);
  /* what the plan changes: its row, +0 open against +1836 planned, and
   * "nothing changed" rather than "no clear difference" */
  g_assert_nonnull (strstr (c.out, "  What the plan changes:\n    "));
  /* the terminal wraps at 100 columns: the row reads across lines */
  g_autoptr (GRegex) wrap = g_regex_new ("\n {6,}(?=[^ ])", 0, 0, NULL);
  g_autofree char *flat = g_regex_replace (wrap, c.out, -1, 0, " ", 0, NULL);
  g_assert_nonnull (strstr (flat, "changes.csv:2: Medicincentrum Umeå, staffed_beds, 2024-03-01 .. (open), "
                                  "+6, sex nya vårdplatser\n"));
  g_assert_nonnull (strstr (c.out, "Medicincentrum Umeå: staffed bed-days +0, planned staffed bed-days +1836\n"));
  g_assert_nonnull (strstr (c.out, "In short: nothing that is simulated differs from the base"));
  g_autofree char *pc = tu_slurp (out, "plan_changes.csv");
  g_assert_true (g_str_has_prefix (pc, "plan,kind,name,item,detail,base_value,plan_value,difference,source\n"
                                       "Medicincentrum +6,change,Medicincentrum Umeå,staffed_beds,"));
  g_assert_nonnull (strstr (pc, "Medicincentrum +6,effect,Medicincentrum Umeå,staffed_bed_days,,25816,25816,0,\n"));
  g_assert_nonnull (strstr (pc, "Medicincentrum +6,effect,Medicincentrum Umeå,planned_staffed_bed_days,,"));
  g_assert_nonnull (strstr (pc, "Medicincentrum +6,none,"));
  g_autofree char *json = tu_slurp (out, "run.json");
  g_assert_nonnull (strstr (json, "\"nothing_changed\" : true"));
  g_autofree char *rep = g_build_filename (d, "r.html", NULL);
  TuResult rr = tu_pks (NULL, "report", out, "--out", rep, NULL);
  g_assert_cmpint (rr.status, ==, 0);
  tu_result_clear (&rr);
  g_autofree char *html = tu_slurp (d, "r.html");
  g_assert_nonnull (strstr (html, "<b>Medicincentrum +6</b> ändrar ingenting som simuleras"));
  g_assert_null (strstr (html, "ger ingen säker skillnad"));
  g_assert_nonnull (strstr (html, "Vad planerna ändrar"));
  tu_result_clear (&v);
  tu_result_clear (&r);
  tu_result_clear (&c);
  tu_rm_rf (out);

  g_free (plan);
  plan = write_plan (d, "own");
  v = tu_pks (NULL, "validate", plan, NULL);
  g_assert_cmpint (v.status, ==, 0);
  g_autofree char *wown = warnings (v.err);
  g_assert_cmpstr (wown, ==, "");
  c = tu_pks (NULL, "compare", base, plan, "-r", "2", "-q", "--out", out, NULL);
  g_assert_cmpint (c.status, ==, 0);
  g_free (csv);
  csv = tu_slurp (out, "compare.csv");
  /* 6 beds × 306 days (1 March – 31 December 2024) */
  g_assert_cmpfloat (compare_diff (csv, "Medicincentrum Umeå", "staffed_bed_days"), ==, 6 * 306);
  g_assert_cmpfloat (compare_diff (csv, "Medicincentrum Umeå", "staff_cost"), >, 0);
  g_free (pc);
  pc = tu_slurp (out, "plan_changes.csv");
  g_assert_nonnull (strstr (pc, "Medicincentrum +6,effect,Medicincentrum Umeå,staffed_bed_days,,25816,27652,1836,\n"));
  g_assert_null (strstr (pc, ",none,"));
  g_free (json);
  json = tu_slurp (out, "run.json");
  g_assert_nonnull (strstr (json, "\"nothing_changed\" : false"));
  tu_result_clear (&v);
  tu_result_clear (&c);
  tu_rm_rf (d);
}

/* A --set of staffed beds: the same warnings from validate and run, above
 * the physical beds too; "80 own" opens the beds without a word. */
static void
test_set_warns_alike (void)
{
  g_autofree char *base = baseline ();
  const char *cases[][2] = {
    { "units[Medicincentrum Umeå].staffed_beds=80", "staff cover +0" },
    { "units[Medicincentrum Umeå].staffed_beds=100", "exceeds beds 90" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TuResult v = tu_pks (NULL, "validate", base, "--set", cases[i][0], NULL);
      TuResult r = tu_pks (NULL, "run", "--set", cases[i][0], "-r", "1", "-q", NULL);
      g_assert_cmpint (v.status, ==, 0);
      g_assert_cmpint (r.status, ==, 0);
      g_autofree char *wv = warnings (v.err), *wr = warnings (r.err);
      g_test_message ("%s: %s", cases[i][0], wv);
      g_assert_nonnull (strstr (wv, cases[i][1]));
      g_assert_nonnull (strstr (wv, cases[i][0]));
      g_assert_cmpstr (wv, ==, wr);
      tu_result_clear (&v);
      tu_result_clear (&r);
    }
  TuResult v = tu_pks (NULL, "validate", base, "--set", "units[Medicincentrum Umeå].staffed_beds=80 own", NULL);
  g_assert_cmpint (v.status, ==, 0);
  g_autofree char *w = warnings (v.err);
  g_assert_cmpstr (w, ==, "");
  tu_result_clear (&v);
  v = tu_pks (NULL, "validate", base, "--set", "units[Medicincentrum Umeå].staffed_beds=80 owm", NULL);
  g_assert_cmpint (v.status, ==, 2);
  g_assert_nonnull (strstr (v.err, "--set units[Medicincentrum Umeå].staffed_beds=80 owm: error: staffed_beds"));
  tu_result_clear (&v);
}

/* pks alone prints the usage; pks validate alone checks the embedded
 * baseline; pks report of a folder that is not there says so. */
static void
test_first_hour (void)
{
  TuResult r = tu_pks (NULL, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Usage: pks COMMAND"));
  g_assert_nonnull (strstr (r.err, "validate [SCENARIO]"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "validate", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "ok: Västerbotten 2024"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "report", "/nonexistent/pks-out", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "the folder /nonexistent/pks-out does not exist"));
  tu_result_clear (&r);
  g_autofree char *d = tu_tmpdir ("pks-plans");
  r = tu_pks (NULL, "report", d, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "is not an output folder"));
  tu_result_clear (&r);
  g_autofree char *f = g_build_filename (d, "file", NULL);
  g_assert_true (g_file_set_contents (f, "x", -1, NULL));
  r = tu_pks (NULL, "report", f, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "is a file, not a folder"));
  tu_result_clear (&r);
  tu_rm_rf (d);
}

/* Two units, six sessions: 7 allocations in all. The optimiser tries them
 * all (cheaper than greedy steps and neighbours) and never claims more. */
static void
test_optimise_counts (void)
{
  g_autofree char *ex = g_build_filename (tu_source_root (), "scenarios", "examples",
                                          "small-region.ini", NULL);
  g_autofree char *d = tu_tmpdir ("pks-plans");
  TuResult r = tu_pks (NULL, "optimise", ex, "--resource", "or_sessions_per_week", "--add", "6",
                       "--units", "Kirurgi A,Ögon A", "--objective", "waiting_treatment", "-r", "3",
                       "--reps-max", "6", "-q", "--out", d, "--lang", "en", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_test_message ("%s", r.out);
  g_assert_nonnull (strstr (r.out, "all 7 allocations of 6 tried (full enumeration"));
  g_autofree char *json = tu_slurp (d, "run.json");
  g_assert_nonnull (strstr (json, "\"allocations_evaluated\" : 7"));
  g_assert_nonnull (strstr (json, "\"search\" : \"enumeration\""));
  tu_result_clear (&r);
  r = tu_pks (NULL, "optimise", ex, "--resource", "staffed_beds", "--add", "6", "--units",
              "Medicin A,Medicin B,Kirurgi A", "--objective", "outlied_days", "-r", "3",
              "--reps-max", "6", "-q", "--lang", "en", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_test_message ("%s", r.out);
  /* greedy: k of the 28 complete allocations, partial ones apart */
  const char *p = strstr (r.out, " of the 28 allocations of 6 (greedy in 6 steps");
  g_assert_nonnull (p);
  while (p > r.out && g_ascii_isdigit (p[-1]))
    p--;
  g_assert_cmpint (atoi (p), <=, 28);
  tu_result_clear (&r);
  tu_rm_rf (d);
}


/* Plans not on equal terms are flagged in compare's output, run.json and
 * the report: 4 beds from March against 2 from January, and a plan whose
 * own file has another start, horizon and seed. */
static void
test_equal_terms (void)
{
  g_autofree char *d = tu_tmpdir ("pks-plans");
  g_autofree char *ex = g_build_filename (tu_source_root (), "scenarios", "examples", NULL);
  g_autofree char *base = g_build_filename (ex, "small-region.ini", NULL);
  g_autofree char *four = g_build_filename (ex, "small-plan-beds.ini", NULL);
  g_autofree char *two = g_build_filename (d, "two.ini", NULL);
  g_autofree char *two_csv = g_build_filename (d, "two.csv", NULL);
  g_autofree char *moved = g_build_filename (d, "moved.ini", NULL);
  g_autofree char *t = g_strdup_printf ("[scenario]\nbase = %s\nname = Två från januari\n"
                                        "[tables]\nchanges = two.csv\n", base);
  g_assert_true (g_file_set_contents (two, t, -1, NULL));
  g_assert_true (g_file_set_contents (two_csv, "unit,resource,from,to,change,note\n"
                                      "Medicin B,staffed_beds,2025-01-01,,+2,two\n", -1, NULL));
  g_autofree char *m = g_strdup_printf ("[scenario]\nbase = %s\nname = Flyttad\nstart = 2025-02-01\n"
                                        "days = 300\nseed = 7\n[policy]\novercrowding = 0\n", base);
  g_assert_true (g_file_set_contents (moved, m, -1, NULL));
  g_autofree char *out = g_build_filename (d, "cmp", NULL);
  TuResult r = tu_pks (NULL, "compare", base, four, two, moved, "-r", "2", "--out", out, "--lang", "en",
                       "--details", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_test_message ("%s", r.out);
  /* the terminal wraps at 100 columns: the sentences read across lines */
  g_autoptr (GRegex) wrap = g_regex_new ("\n {4,}(?=[^ -])", 0, 0, NULL);
  g_autofree char *flat = g_regex_replace (wrap, r.out, -1, 0, " ", 0, NULL);
  g_assert_nonnull (strstr (r.out, "\nNot on equal terms:\n"));
  g_assert_nonnull (strstr (flat, "  - Två från januari adds +2 staffed beds from 2025-01-01 (+730 bed-days); "
                                  "Fyra platser till Medicin A från mars adds +4 staffed beds from 2025-03-01 "
                                  "(+1224 bed-days): plans of different sizes\n"));
  g_assert_nonnull (strstr (flat, "Två från januari changes beds from 2025-01-01; Fyra platser till "
                                  "Medicin A från mars from 2025-03-01: different start dates"));
  g_assert_nonnull (strstr (flat, "Flyttad starts on 2025-02-01, the base on 2025-01-01: the periods differ"));
  g_assert_nonnull (strstr (flat, "Flyttad simulates 300 days, the base 365"));
  g_assert_nonnull (strstr (flat, "Flyttad's file has seed 7, the base's 42"));
  /* a policy plan: its key, no capacity of its own (--details) */
  g_assert_nonnull (strstr (flat, "policy.overcrowding = 0 (the base: 2)"));
  g_autofree char *json = tu_slurp (out, "run.json");
  g_assert_nonnull (strstr (json, "\"what\" : \"size\""));
  g_assert_nonnull (strstr (json, "\"what\" : \"start\""));
  g_autofree char *pc = tu_slurp (out, "plan_changes.csv");
  g_assert_nonnull (strstr (pc, "Flyttad,key,policy.overcrowding,,,2,0,,"));
  g_autofree char *rep = g_build_filename (d, "r.html", NULL);
  TuResult rr = tu_pks (NULL, "report", out, "--out", rep, "--lang", "en", NULL);
  g_assert_cmpint (rr.status, ==, 0);
  g_autofree char *html = tu_slurp (d, "r.html");
  g_assert_nonnull (strstr (html, "The plans are <b>not on equal terms</b>"));
  g_assert_nonnull (strstr (html, "<b>Flyttad</b> starts on 2025-02-01, the base on 2025-01-01"));
  tu_result_clear (&r);
  tu_result_clear (&rr);
  tu_rm_rf (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plans/medicincentrum-six", test_medicincentrum_six);
  g_test_add_func ("/plans/set-warns-alike", test_set_warns_alike);
  g_test_add_func ("/plans/equal-terms", test_equal_terms);
  g_test_add_func ("/first-hour/usage-validate-report", test_first_hour);
  g_test_add_func ("/first-hour/optimise-counts", test_optimise_counts);
  return g_test_run ();
}
