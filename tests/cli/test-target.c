/* test-target.c — pks target against theory, through the command: one
 * first-visit list fed by Poisson referrals at λ = 10 a week, served by
 * c = 5 slots a week, 200 patients waiting on 6 January 2025. After 52
 * weeks with c + a slots (the list never empties) the list holds
 * 200 + A − 52 (c + a), A ~ Poisson (520), so "at most X waiting on the
 * last day" holds with probability P (A ≤ 52 (c + a) + X − 200), about
 * Φ((52 (c + a) + X − 720) / √520). For X = 50, 100 and 150 the least a
 * with probability ≥ 0.8 is 9, 8 and 7 (about 0.99 there, and 0.53–0.60
 * one step less: each step moves the bound by 52, 2.3 standard
 * deviations, so the answer is sharp at 40 replications), and pks
 * target must find exactly these, say that one step less misses on
 * replications it never saw, give the same answer for any thread count,
 * and refuse the questions it cannot answer with exit status 2 and why. */
#include "testutil.h"

#include <math.h>
#include <string.h>

/* The scenario folder. */
static char *
scenario (void)
{
  char *dir = tu_tmpdir ("pks-target");
  const char *files[][2] = {
    { "s.ini", "[scenario]\nname = one list\nregion = R\nstart = 2025-01-06\ndays = 364\n"
               "warmup_days = 0\nreplications = 40\nseed = 99\n[tables]\nunits = units.csv\n"
               "flows = flows.csv\nwaitlist = waitlist.csv\n" },
    { "units.csv", "unit,site,beds,staffed_beds,visit_slots_per_week\nMottagning,S,0,0,5\n"
                   "Avdelning,S,10,10,0\n" },
    /* 10 a week over the 365 days of 2025 */
    { "flows.csv", "unit,flow,kind,per_year,treat_p,los_days\n"
                   "Mottagning,remiss,elective,521.4285714285714,0,\n"
                   "Avdelning,akut,acute,300,,5\n" },
    { "waitlist.csv", "unit,flow,stage,wait_from_days,wait_to_days,count\n"
                      "Mottagning,remiss,first_visit,0,60,200\n" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *p = g_build_filename (dir, files[i][0], NULL);
      g_assert_true (g_file_set_contents (p, files[i][1], -1, NULL));
    }
  return dir;
}

/* The one row of target.csv as a table of column -> value. */
static GHashTable *
target_row (const char *out, guint row)
{
  g_autofree char *csv = tu_slurp (out, "target.csv");
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto (GStrv) hdr = g_strsplit (lines[0], ",", -1);
  g_auto (GStrv) val = g_strsplit (lines[row + 1], ",", -1);
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; hdr[i] && val[i]; i++)
    g_hash_table_insert (h, g_strdup (hdr[i]), g_strdup (val[i]));
  return h;
}

static double
num (GHashTable *h, const char *k)
{
  const char *v = g_hash_table_lookup (h, k);
  g_assert_nonnull (v);
  return *v ? g_ascii_strtod (v, NULL) : NAN;
}

/* pks target on the list for "at most x waiting", into dir/out-x-threads. */
static TuResult
run_target (const char *dir, double x, const char *threads, char **out)
{
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *name = g_strdup_printf ("out-%g-%s", x, threads);
  *out = g_build_filename (dir, name, NULL);
  char xs[32];
  g_ascii_formatd (xs, sizeof xs, "%g", x);
  return tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units", "Mottagning",
                 "--metric", "waiting_first_visit", "--at-most", xs, "--by", "2026-01-04",
                 "--max-add", "10", "-t", threads, "-q", "--lang", "en", "--out", *out, NULL);
}

static void
test_minimal_and_monotone (void)
{
  g_autofree char *dir = scenario ();
  const double xs[] = { 50, 100, 150 };
  const int want[] = { 9, 8, 7 };
  int last = G_MAXINT;
  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      g_autofree char *out = NULL;
      TuResult r = run_target (dir, xs[i], "2", &out);
      g_test_message ("X = %g: %s", xs[i], r.out);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Mottagning needs "));
      tu_result_clear (&r);
      g_autoptr (GHashTable) h = target_row (out, 0);
      int added = (int) num (h, "added");
      g_assert_cmpint (added, ==, want[i]);
      g_assert_cmpfloat (num (h, "needed"), ==, 5 + want[i]);
      /* met at the answer, missed one step less: in the search's
       * replications and in replications it never saw */
      g_assert_cmpfloat (num (h, "p_met"), >=, 0.8);
      g_assert_cmpfloat (num (h, "p_met_one_less"), <, 0.8);
      g_assert_cmpfloat (num (h, "p_met_check"), >=, 0.8);
      g_assert_cmpfloat (num (h, "p_met_one_less_check"), <, 0.8);
      g_assert_cmpfloat (num (h, "metric_mean"), <=, xs[i]);
      g_assert_cmpfloat (num (h, "p_met_ci_low"), <=, num (h, "p_met"));
      /* a stricter target (fewer waiting) needs at least as much */
      g_assert_cmpint (added, <=, last);
      last = added;
    }
  tu_rm_rf (dir);
}

static void
test_threads_identical (void)
{
  g_autofree char *dir = scenario ();
  g_autofree char *o1 = NULL, *o2 = NULL;
  TuResult a = run_target (dir, 100, "1", &o1);
  TuResult b = run_target (dir, 100, "3", &o2);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  /* the sentence too, but for the run time at its end */
  g_assert_cmpstr (strstr (a.out, "(probability"), !=, NULL);
  g_autofree char *t1 = tu_slurp (o1, "target.csv"), *t2 = tu_slurp (o2, "target.csv");
  g_assert_cmpstr (t1, ==, t2);
  tu_result_clear (&a);
  tu_result_clear (&b);
  tu_rm_rf (dir);
}

/* Questions that cannot be answered: exit 2 and the reason. */
static void
test_infeasible (void)
{
  g_autofree char *dir = scenario ();
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *out = g_build_filename (dir, "inf", NULL);
  /* more than the stated maximum */
  TuResult r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units",
                       "Mottagning", "--metric", "waiting_first_visit", "--at-most", "100",
                       "--max-add", "3", "-q", "--out", out, NULL);
  g_test_message ("%s%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.out, "når inte målet ens med 3 fler nybesökstider i veckan"));
  g_assert_nonnull (strstr (r.out, "--max-add 3"));
  tu_result_clear (&r);
  g_autoptr (GHashTable) h = target_row (out, 0);
  g_assert_cmpstr (g_hash_table_lookup (h, "status"), ==, "infeasible");
  g_assert_cmpstr (g_hash_table_lookup (h, "needed"), ==, "");
  /* a date before the start, or after the end */
  r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units", "Mottagning",
              "--metric", "waiting_first_visit", "--at-most", "100", "--by", "2024-12-31", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--by 2024-12-31 is before the scenario starts (2025-01-06)"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units", "Mottagning",
              "--metric", "waiting_first_visit", "--at-most", "100", "--by", "2026-02-01", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "is after the horizon ends (2026-01-04)"));
  tu_result_clear (&r);
  /* a metric the resource cannot move: by the model's structure... */
  r = tu_pks (NULL, "target", ini, "--resource", "or_sessions_per_week", "--units", "Mottagning",
              "--metric", "waiting_first_visit", "--at-most", "100", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "or_sessions_per_week cannot move it"));
  tu_result_clear (&r);
  /* ...and as simulated: beds do not move a list that no bed serves */
  r = tu_pks (NULL, "target", ini, "--resource", "staffed_beds", "--units", "Mottagning",
              "--metric", "waiting_treatment", "--at-most", "-1", "-q", "-r", "4", "--lang", "en",
              NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.out, "staffed_beds does not move waiting_treatment at all"));
  tu_result_clear (&r);
  /* a unit without the metric */
  r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units", "Avdelning",
              "--metric", "vg_first_visit_end_pct", "--at-least", "80", "-q", "-r", "4", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.out, "Avdelning har inget värde för vg_first_visit_end_pct"));
  tu_result_clear (&r);
  /* bad arguments */
  r = tu_pks (NULL, "target", ini, "--resource", "beds", "--units", "Mottagning", "--metric",
              "waiting_first_visit", "--at-most", "1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units", "Nowhere",
              "--metric", "waiting_first_visit", "--at-most", "1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no unit \"Nowhere\""));
  tu_result_clear (&r);
  /* a planner's typo gets the name meant */
  r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units", "Mottagnig",
              "--metric", "waiting_first_visit", "--at-most", "1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no unit \"Mottagnig\" in the scenario (did you mean \"Mottagning\"?)"));
  tu_result_clear (&r);
  tu_rm_rf (dir);
}

/* The plan pks compare accepts: the answer's slots from --from. */
static void
test_plan (void)
{
  g_autofree char *dir = scenario ();
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *plan = g_build_filename (dir, "plans", "more-slots.ini", NULL);
  TuResult r = tu_pks (NULL, "target", ini, "--resource", "visit_slots_per_week", "--units",
                       "Mottagning", "--metric", "waiting_first_visit", "--at-most", "150",
                       "--from", "2025-02-01", "--max-add", "12", "-q", "--write-plan", plan, NULL);
  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  /* Swedish by default, the month the capacity starts */
  g_assert_nonnull (strstr (r.out, "Mottagning behöver "));
  g_assert_nonnull (strstr (r.out, " från februari för att högst 150 ska vänta på nybesök den 4 "
                                   "januari 2026 (sannolikhet "));
  tu_result_clear (&r);
  g_autofree char *plan_dir = g_path_get_dirname (plan);
  g_autofree char *changes = tu_slurp (plan_dir, "more-slots-changes.csv");
  g_assert_nonnull (strstr (changes, "Mottagning,visit_slots_per_week,2025-02-01,,+"));
  g_autofree char *out = g_build_filename (dir, "cmp", NULL);
  r = tu_pks (NULL, "compare", ini, plan, "-r", "4", "-q", "--out", out, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  tu_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/target/minimal-and-monotone", test_minimal_and_monotone);
  g_test_add_func ("/target/threads-identical", test_threads_identical);
  g_test_add_func ("/target/infeasible", test_infeasible);
  g_test_add_func ("/target/plan", test_plan);
  return g_test_run ();
}
