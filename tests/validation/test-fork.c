/* test-fork.c — pks compare's shared prefix (fork.c, runner.c): the
 * first day a plan may differ from its base, and the outputs of a
 * comparison that simulates the shared days once, which must be those of
 * each model run alone (PKS_TEST_NO_FORK=1) byte for byte: every file of
 * --out (daily, monthly, the balance, census-time, per flow) and the
 * printed table, for plans that change capacity from a later date, from
 * the first reported day, beyond the horizon, not at all, a policy key
 * (no sharing), and a plan on a base with pathways. */
#include "testutil.h"

#include <string.h>

/* The region shortened to 90 days (January to March), so that the
 * test takes seconds; plans written next to it in dir, on the shipped
 * scenarios. */
static const char *short_sets[] = { "scenario.days=90", NULL };

static char *
write_plan (const char *dir, const char *name, const char *base, const char *body)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = g_strdup_printf ("[scenario]\nbase = %s\nname = %s\n\n%s", base, name,
                                           body);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_steal_pointer (&path);
}

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static PksModel *
model_of_sets (const char *ini, const char *const *sets)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (ini, sets, NULL, d);
  if (s == NULL)
    g_error ("%s", pks_diags_format_all (d, TRUE));
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

static PksModel *
model_of (const char *ini)
{
  return model_of_sets (ini, short_sets);
}

typedef struct {
  char *dir;
  char *base, *kava, *day0, *late, *policy, *ima, *ima_kava;
} Plans;

static void
plans_init (Plans *p)
{
  const char *root = tu_source_root ();
  p->dir = tu_tmpdir ("pks-fork");
  p->base = g_build_filename (root, "scenarios", "vasterbotten-2024.ini", NULL);
  p->kava = g_build_filename (root, "scenarios", "plans", "kava.ini", NULL);
  /* from the first reported day: the warm-up is still shared */
  p->day0 = g_build_filename (root, "scenarios", "plans", "vardplatser-25.ini", NULL);
  /* after the 90 days: the models differ on no simulated day */
  p->late = g_build_filename (root, "scenarios", "plans", "sommarstangning.ini", NULL);
  p->policy = write_plan (p->dir, "policy.ini", p->base, "[policy]\novercrowding = 4\n");
  p->ima = g_build_filename (root, "scenarios", "plans", "ima.ini", NULL);
  g_autofree char *csv = write_file (
    p->dir, "ima-kava.csv",
    "unit,resource,from,to,change,note\n"
    "Kirurgcentrum Umeå,staffed_beds,2024-03-01,,+8,KAVA\n"
    "Ögon Umeå,or_sessions_per_week,2024-02-12,2024-03-20,-30%,fewer sessions\n");
  g_autofree char *body = g_strdup_printf ("[tables]\nchanges = %s\n", csv);
  p->ima_kava = write_plan (p->dir, "ima-kava.ini", p->ima, body);
}

static void
plans_clear (Plans *p)
{
  tu_rm_rf (p->dir);
  g_free (p->dir);
  g_free (p->base);
  g_free (p->kava);
  g_free (p->day0);
  g_free (p->late);
  g_free (p->policy);
  g_free (p->ima);
  g_free (p->ima_kava);
}

static void
test_shared_days (void)
{
  Plans p;
  plans_init (&p);
  g_autoptr (PksModel) base = model_of (p.base);
  g_autoptr (PksModel) base2 = model_of (p.base);
  g_autoptr (PksModel) kava = model_of (p.kava);
  g_autoptr (PksModel) day0 = model_of (p.day0);
  g_autoptr (PksModel) late = model_of (p.late);
  g_autoptr (PksModel) policy = model_of (p.policy);
  g_autoptr (PksModel) ima = model_of (p.ima);
  g_autoptr (PksModel) ima_kava = model_of (p.ima_kava);
  guint warmup = 35, n_sim = warmup + 90;
  /* a base against its own compiled twin: all but the last day */
  g_assert_cmpuint (pks_model_shared_days (base, base2), ==, n_sim - 1);
  /* KAVA opens 1 March: the warm-up, January and February */
  g_assert_cmpuint (pks_model_shared_days (base, kava), ==, warmup + 31 + 29);
  g_assert_cmpuint (pks_model_shared_days (base, day0), ==, warmup);
  g_assert_cmpuint (pks_model_shared_days (base, late), ==, n_sim - 1);
  /* a policy key, a new unit and pathways: nothing shared */
  g_assert_cmpuint (pks_model_shared_days (base, policy), ==, 0);
  g_assert_cmpuint (pks_model_shared_days (base, ima), ==, 0);
  /* one flow's arrivals, and nothing else the compiled model keeps: its
   * rate table's pieces differ (fork.c same_nhpp) */
  const char *rate_sets[] = { "scenario.days=90", "flows[Medicincentrum Umeå/remiss].per_year=3300",
                              NULL };
  g_autoptr (PksModel) rate = model_of_sets (p.base, rate_sets);
  g_assert_cmpuint (pks_model_shared_days (base, rate), ==, 0);
  /* on a base with pathways, the earlier of the plan's two changes */
  g_assert_cmpuint (pks_model_shared_days (ima, ima_kava), ==, warmup + 31 + 11);
  plans_clear (&p);
}

/* Two results of the same replication, bit for bit: what the outputs
 * show and what they do not (the balance's counts, the events). */
static void
assert_same_result (const PksRepResult *a, const PksRepResult *b)
{
  g_assert_cmpuint (a->n_entities, ==, b->n_entities);
  g_assert_cmpmem (a->metrics, sizeof (double) * a->n_entities * PKS_N_METRICS, b->metrics,
                   sizeof (double) * b->n_entities * PKS_N_METRICS);
  g_assert_cmpuint (a->events, ==, b->events);
  g_assert_cmpmem (&a->balance, sizeof a->balance, &b->balance, sizeof b->balance);
  g_assert_cmpmem (&a->levels, sizeof a->levels, &b->levels, sizeof b->levels);
  g_assert_true ((a->census == NULL) == (b->census == NULL));
  g_assert_true ((a->monthly == NULL) == (b->monthly == NULL));
  gsize daily = (gsize) a->n_units * a->n_days;
  if (a->census)
    {
      g_assert_cmpmem (a->census, daily * 2, b->census, daily * 2);
      g_assert_cmpmem (a->outlied, daily * 2, b->outlied, daily * 2);
      g_assert_cmpuint (a->n_census_levels, ==, b->n_census_levels);
      g_assert_cmpmem (a->census_time, sizeof (double) * a->n_units * a->n_census_levels,
                       b->census_time, sizeof (double) * b->n_units * b->n_census_levels);
    }
  if (a->monthly)
    {
      g_assert_cmpmem (a->monthly, sizeof (double) * pks_monthly_len (a->n_units, a->n_months),
                       b->monthly, sizeof (double) * pks_monthly_len (b->n_units, b->n_months));
      g_assert_cmpmem (a->figures, sizeof (float) * pks_figures_len (a->n_units, a->n_bounds),
                       b->figures, sizeof (float) * pks_figures_len (b->n_units, b->n_bounds));
      g_assert_cmpmem (a->waits, sizeof (double) * pks_waits_len (a->n_units, a->n_months),
                       b->waits, sizeof (double) * pks_waits_len (b->n_units, b->n_months));
      g_assert_cmpmem (a->national, sizeof (double) * pks_national_len (a->n_units, a->n_months),
                       b->national, sizeof (double) * pks_national_len (b->n_units, b->n_months));
    }
}

/* pks_exec with share_base against each model alone, with every array
 * and for metrics alone, on one and two threads. */
static void
test_results (void)
{
  Plans p;
  plans_init (&p);
  g_autoptr (PksModel) base = model_of (p.base);
  g_autoptr (PksModel) kava = model_of (p.kava);
  g_autoptr (PksModel) day0 = model_of (p.day0);
  g_autoptr (PksModel) policy = model_of (p.policy);
  g_autoptr (PksModel) ima = model_of (p.ima);
  g_autoptr (PksModel) ima_kava = model_of (p.ima_kava);
  const PksModel *sets[][4] = { { base, kava, policy, day0 }, { ima, ima_kava, ima, NULL } };
  const guint n_reps = 2;
  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    for (int lean = 0; lean < 2; lean++)
      {
        guint n = sets[k][3] ? 4 : 3;
        guint threads = lean ? 1 : 2;
        PksExecOptions alone = { threads, TRUE, FALSE, NULL, lean, FALSE };
        PksExecOptions shared = { threads, TRUE, FALSE, NULL, lean, TRUE };
        g_autoptr (GError) e = NULL;
        PksRepResult **a = pks_exec (sets[k], n, 7, 3, n_reps, &alone, &e);
        g_assert_no_error (e);
        PksRepResult **b = pks_exec (sets[k], n, 7, 3, n_reps, &shared, &e);
        g_assert_no_error (e);
        for (guint i = 0; i < n * n_reps; i++)
          assert_same_result (a[i], b[i]);
        tu_free_results (a, n * n_reps);
        tu_free_results (b, n * n_reps);
      }
  plans_clear (&p);
}

/* Every file under dir, by its path below dir; run.json without its
 * run_date, which is the clock's. */
static void
read_tree (const char *root, const char *rel, GHashTable *into)
{
  g_autofree char *dir = g_build_filename (root, rel, NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *sub = *rel ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, sub, NULL);
      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        {
          read_tree (root, sub, into);
          continue;
        }
      char *text = NULL;
      gsize len = 0;
      g_assert_true (g_file_get_contents (full, &text, &len, NULL));
      if (g_str_has_suffix (name, "run.json"))
        {
          char *at = strstr (text, "\"run_date\"");
          g_assert_nonnull (at);
          char *eol = strchr (at, '\n');
          memmove (at, eol, strlen (eol) + 1);
        }
      g_hash_table_insert (into, g_steal_pointer (&sub), text);
    }
}

static void
assert_same_trees (const char *a, const char *b)
{
  g_autoptr (GHashTable) ta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) tb = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  read_tree (a, "", ta);
  read_tree (b, "", tb);
  g_assert_cmpuint (g_hash_table_size (ta), ==, g_hash_table_size (tb));
  g_assert_cmpuint (g_hash_table_size (ta), >, 10);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, ta);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      const char *other = g_hash_table_lookup (tb, k);
      if (other == NULL || strcmp (v, other) != 0)
        g_error ("%s differs between the shared and the separate runs", (const char *) k);
    }
}

/* pks compare BASE PLAN... with --out, shared (the default) and each
 * model alone, on threads threads; and the printed table without --out
 * (the metrics-only runs). */
static void
compare_both_ways (const char *base, const char *const *plans, const char *threads)
{
  g_autofree char *dir = tu_tmpdir ("pks-fork-out");
  g_autofree char *shared = g_build_filename (dir, "shared", NULL);
  g_autofree char *alone = g_build_filename (dir, "alone", NULL);
  for (int way = 0; way < 2; way++)
    {
      const char *argv[24];
      int n = 0;
      argv[n++] = "compare";
      argv[n++] = base;
      for (guint i = 0; plans[i]; i++)
        argv[n++] = plans[i];
      const char *tail[] = { "--set", "scenario.days=90", "-r", "2", "-t", threads, "--details",
                             "--by-flow", NULL };
      for (guint i = 0; tail[i]; i++)
        argv[n++] = tail[i];
      argv[n++] = "--out";
      argv[n++] = way ? alone : shared;
      argv[n] = NULL;
      g_autofree char *bin = g_strdup (tu_pks_bin ());
      g_autofree char *env = way ? g_strdup ("PKS_TEST_NO_FORK=1") : NULL;
      const char *full[26] = { bin };
      for (int i = 0; i <= n; i++)
        full[i + 1] = argv[i];
      TuResult r = tu_spawn (full, env, NULL, NULL);
      if (r.status != 0)
        g_error ("pks compare failed (%d): %s", r.status, r.err);
      tu_result_clear (&r);
      /* the metrics-only runs: the table alone */
      full[n - 1] = NULL;   /* without --out DIR */
      TuResult t = tu_spawn (full, env, NULL, NULL);
      g_assert_cmpint (t.status, ==, 0);
      g_autofree char *name = g_strdup_printf ("table-%d.txt", way);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_set_contents (path, t.out, -1, NULL));
      tu_result_clear (&t);
    }
  assert_same_trees (shared, alone);
  g_autofree char *t0 = tu_read (dir, "table-0.txt");
  g_autofree char *t1 = tu_read (dir, "table-1.txt");
  g_assert_cmpuint (strlen (t0), >, 100);
  g_assert_cmpstr (t0, ==, t1);
  tu_rm_rf (dir);
}

static void
test_same_as_alone (void)
{
  Plans p;
  plans_init (&p);
  const char *plans[] = { p.kava, p.day0, p.late, p.policy, p.base, NULL };
  compare_both_ways (p.base, plans, "2");
  const char *one[] = { p.kava, NULL };
  compare_both_ways (p.base, one, "1");
  plans_clear (&p);
}

static void
test_pathways (void)
{
  Plans p;
  plans_init (&p);
  const char *plans[] = { p.ima_kava, NULL };
  compare_both_ways (p.ima, plans, "2");
  plans_clear (&p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fork/shared-days", test_shared_days);
  g_test_add_func ("/fork/results", test_results);
  g_test_add_func ("/fork/same-as-alone", test_same_as_alone);
  g_test_add_func ("/fork/pathways", test_pathways);
  return g_test_run ();
}
