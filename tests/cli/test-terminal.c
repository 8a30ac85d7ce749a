/* test-terminal.c — what pks optimise and pks sweep print on the terminal
 * is read by people (issue 24): plain numbers, never an exponent
 * ("16 720", not "1.672e+04"), thousands grouped by spaces, the unit and
 * the period named instead of "per period". Through the real pks. */
#include "testutil.h"

#include <string.h>

static char *
example (const char *name)
{
  return g_build_filename (tu_source_root (), "scenarios", "examples", name, NULL);
}

static char *
run_out (const char *const *args)
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
  char *out = g_steal_pointer (&r.out);
  tu_result_clear (&r);
  return out;
}

/* No "1.6e+04" or "2e-05" anywhere: a digit, then e or E, then a sign or
 * digit. */
static void
assert_no_exponent (const char *text)
{
  g_autoptr (GRegex) re = g_regex_new ("[0-9][eE][-+]?[0-9]", 0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  if (g_regex_match (re, text, 0, &mi))
    {
      g_autofree char *m = g_match_info_fetch (mi, 0);
      g_error ("an exponent (\"%s\") in:\n%s", m, text);
    }
}

static void
test_optimise (void)
{
  g_autofree char *ini = example ("small-region.ini");
  /* bed-days of the region: tens of thousands, so grouped; the
   * allocations' count and the simulations' too */
  for (int en = 0; en <= 1; en++)
    {
      const char *args[] = { "optimise", ini, "--resource", "staffed_beds", "--add", "2",
                             "--units", "Medicin A,Medicin B,Kirurgi A", "--objective", "bed_days",
                             "-r", "3", "-t", "2", "-q", "--lang", en ? "en" : "sv", NULL };
      g_autofree char *out = run_out (args);
      g_test_message ("%s", out);
      assert_no_exponent (out);
      g_assert_null (strstr (out, "per period"));
      g_assert_nonnull (strstr (out, en ? " over the 365 days reported" : " under de 365 redovisade dagarna"));
      /* "19 489,8" (no-break space) or "19,489.8" */
      g_autoptr (GRegex) grouped = g_regex_new (en ? "\\): [0-9]{1,3}(,[0-9]{3})+\\.[0-9] \\["
                                                   : "\\): [0-9]{1,3}(\u00a0[0-9]{3})+,[0-9] \\[",
                                                0, 0, NULL);
      g_assert_true (g_regex_match (grouped, out, 0, NULL));
    }
}

/* The optimiser's progress lines (stderr) in plain numbers too: the
 * greedy steps of 12 beds over three units. */
static void
test_optimise_progress (void)
{
  g_autofree char *ini = example ("small-region.ini");
  const char *argv[] = { tu_pks_bin (), "optimise", ini, "--resource", "staffed_beds", "--add", "12",
                         "--units", "Medicin A,Medicin B,Kirurgi A", "--objective", "bed_days",
                         "-r", "2", "-t", "2", NULL };
  TuResult r = tu_spawn (argv, NULL, NULL, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_test_message ("%s", r.err);
  g_assert_nonnull (strstr (r.err, "greedy step 12/12"));
  assert_no_exponent (r.err);
  tu_result_clear (&r);
}

/* The sweep's table in the user's language: the metrics and the design's
 * keys in words, no snake_case names, the base's row and each point's
 * paired difference with its interval. */
static void
test_sweep (void)
{
  g_autofree char *ini = example ("small-region.ini");
  g_autofree char *design = example ("design.csv");
  for (int en = 0; en <= 1; en++)
    {
      const char *args[] = { "sweep", ini, design, "-r", "3", "-t", "2", "--lang", en ? "en" : "sv",
                             NULL };
      g_autofree char *out = run_out (args);
      g_test_message ("%s", out);
      assert_no_exponent (out);
      g_assert_null (strstr (out, "overcrowded_days"));
      g_assert_null (strstr (out, "units["));
      g_assert_null (strstr (out, "policy."));
      g_assert_nonnull (strstr (out, "Medicin A:"));
      g_assert_nonnull (strstr (out, en ? "Overcrowded days" : "Överbeläggningsdygn"));
      g_assert_nonnull (strstr (out, en ? "staffed beds" : "vårdplatser"));
      g_assert_nonnull (strstr (out, en ? "\nbase " : "\nbas "));
      g_assert_nonnull (strstr (out, en ? "(as base)" : "(som basen)"));
      /* "more" (30 beds) has surely fewer overcrowded days: "−189 ±19*" */
      g_autoptr (GRegex) sure = g_regex_new ("\nmore .*[−-][0-9]+ ±[0-9]+\\*", 0, 0, NULL);
      g_assert_true (g_regex_match (sure, out, 0, NULL));
      /* no lines over 100 columns */
      g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 100);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/terminal/optimise", test_optimise);
  g_test_add_func ("/terminal/optimise-progress", test_optimise_progress);
  g_test_add_func ("/terminal/sweep", test_sweep);
  return g_test_run ();
}
