/* test-warm.c — the meeting view's comparison against a warm base
 * (warm.h): its rows are those of pks_compare on a fresh run of base and
 * plan, to the last bit, for any thread count and for plan after plan; a
 * plan equal to the base differs by exactly 0. */
#include "testutil.h"

#include <string.h>

static PksScenario *
load (const char *name)
{
  g_autofree char *path = g_build_filename (tu_source_root (), "scenarios", "examples", name,
                                            NULL);
  const char *sets[] = { "scenario.days=120", NULL };
  g_autoptr (PksDiags) d = pks_diags_new ();
  PksScenario *s = pks_scenario_load (path, sets, NULL, d);
  g_assert_nonnull (s);
  return s;
}

/* pks_compare on a fresh run of both, as pks compare does */
static GArray *
fresh (const PksScenario *base, const PksScenario *plan, guint64 seed, guint n)
{
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) mb = pks_model_new (base, &e);
  g_autoptr (PksModel) mp = pks_model_new (plan, &e);
  g_assert_no_error (e);
  const PksModel *models[] = { mb, mp };
  PksExecOptions opt = { 2, FALSE, FALSE, NULL, TRUE, FALSE };
  PksRepResult **r = pks_exec (models, 2, seed, 0, n, &opt, &e);
  g_assert_no_error (e);
  GArray *rows = pks_compare (mb, r, mp, r + n, n);
  tu_free_results (r, 2 * n);
  return rows;
}

static void
assert_same_rows (GArray *a, GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const PksDiffRow *x = &g_array_index (a, PksDiffRow, i);
      const PksDiffRow *y = &g_array_index (b, PksDiffRow, i);
      g_assert_cmpint (x->scope, ==, y->scope);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->metric, ==, y->metric);
      g_assert_cmpmem (&x->base_mean, sizeof (double), &y->base_mean, sizeof (double));
      g_assert_cmpmem (&x->plan_mean, sizeof (double), &y->plan_mean, sizeof (double));
      g_assert_cmpmem (&x->diff.mean, sizeof (double), &y->diff.mean, sizeof (double));
      g_assert_cmpmem (&x->diff.ci_low, sizeof (double), &y->diff.ci_low, sizeof (double));
      g_assert_cmpmem (&x->diff.ci_high, sizeof (double), &y->diff.ci_high, sizeof (double));
      g_assert_cmpuint (x->diff.n, ==, y->diff.n);
    }
}

static void
test_same_as_fresh (void)
{
  g_autoptr (PksScenario) base = load ("small-region.ini");
  g_autoptr (PksScenario) beds = load ("small-plan-beds.ini");
  g_autoptr (PksScenario) crowd = load ("small-plan-no-overcrowding.ini");
  g_autoptr (GError) e = NULL;
  /* one thread warm, two threads fresh: the thread count changes nothing */
  g_autoptr (PksWarmBase) w = pks_warm_base_new (base, 17, 6, 1, &e);
  g_assert_no_error (e);
  g_assert_cmpuint (pks_warm_base_replications (w), ==, 6);
  const PksScenario *plans[] = { beds, crowd, beds };
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      PksModel *mp = NULL;
      GArray *warm = pks_warm_compare (w, plans[i], &mp, &e);
      g_assert_no_error (e);
      g_assert_nonnull (mp);
      GArray *cold = fresh (base, plans[i], 17, 6);
      assert_same_rows (warm, cold);
      /* the plans do change something */
      gboolean moved = FALSE;
      for (guint k = 0; k < warm->len; k++)
        moved |= g_array_index (warm, PksDiffRow, k).diff.mean != 0.0;
      g_assert_true (moved);
      pks_compare_free (warm);
      pks_compare_free (cold);
      pks_model_free (mp);
    }
  /* the base against itself: every difference exactly 0 */
  GArray *same = pks_warm_compare (w, base, NULL, &e);
  g_assert_no_error (e);
  for (guint k = 0; k < same->len; k++)
    g_assert_cmpfloat (g_array_index (same, PksDiffRow, k).diff.mean, ==, 0.0);
  pks_compare_free (same);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/warm/same-as-fresh", test_same_as_fresh);
  return g_test_run ();
}
