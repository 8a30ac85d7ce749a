/* test-sweep.c — the scheduler and the sweep as a library: design files
 * and their error messages, the reduction (independent of the order and
 * the thread count in which results arrive), a point equal to the base,
 * and a sweep over staffed beds against Erlang B.
 *
 * Tolerance of the Erlang test: the theoretical number of transfers must
 * lie inside the 99.9 % Student-t interval of the replication mean, which
 * is the sweep's 95 % interval widened by t(0.9995, n-1) / t(0.975, n-1);
 * a correct model fails one such check with probability 0.1 %. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA 0.001

/* ---------- in-memory inputs ---------- */

static PksFiles *
mem_files (const char *ini, const char *units, const char *flows, const char *design)
{
  PksFiles *f = pks_files_new ();
  const char *names[] = { "/mem/s.ini", "/mem/units.csv", "/mem/flows.csv", "/mem/design.csv" };
  const char *texts[] = { ini, units, flows, design };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (texts[i])
      {
        g_autoptr (GBytes) b = g_bytes_new (texts[i], strlen (texts[i]));
        pks_files_add (f, names[i], b);
      }
  return f;
}

static const char *INI =
  "[scenario]\nname = t\nregion = R\nstart = 2025-01-01\ndays = 200\nwarmup_days = 30\n"
  "replications = 6\nseed = 5\n[tables]\nunits = units.csv\nflows = flows.csv\n"
  "[policy]\noutlying = site\novercrowding = 1\n";
static const char *UNITS =
  "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
  "Med A,A,24,20,0,,0\nKir A,A,18,16,7,240,45\n";
static const char *FLOWS =
  "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n"
  "Med A,akut,acute,1500,4.5,1.1,0.1,4,,,,\n"
  "Kir A,plan,elective,1200,3,0.7,0.05,2,0.8,80,0.5,2\n";

/* ---------- design files ---------- */

static void
test_design_read (void)
{
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS,
    "# a comment line\n"
    "units[Med A].staffed_beds;point;policy.overcrowding\n"
    "18;low;\n"
    "22;;0\n");
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", d);
  g_assert_nonnull (des);
  g_assert_cmpuint (d->n_errors, ==, 0);
  g_assert_cmpuint (des->n_factors, ==, 2);
  g_assert_cmpstr (des->keys[0], ==, "units[Med A].staffed_beds");
  g_assert_cmpstr (des->keys[1], ==, "policy.overcrowding");
  g_assert_cmpint (des->key_column[1], ==, 3);
  g_assert_cmpuint (des->n_points, ==, 2);
  g_assert_cmpstr (des->names[0], ==, "low");
  g_assert_cmpstr (des->names[1], ==, "2");      /* no name: the row number */
  g_assert_cmpint (des->lines[1], ==, 4);
  const char *base[] = { "scenario.days=100", NULL };
  g_auto (GStrv) s0 = pks_design_sets (des, 0, base);
  g_assert_cmpuint (g_strv_length (s0), ==, 2);   /* the empty cell sets nothing */
  g_assert_cmpstr (s0[0], ==, "scenario.days=100");
  g_assert_cmpstr (s0[1], ==, "units[Med A].staffed_beds=18");
  g_auto (GStrv) s1 = pks_design_sets (des, 1, NULL);
  g_assert_cmpstr (s1[1], ==, "policy.overcrowding=0");
}

static void
test_design_errors (void)
{
  const struct { const char *text, *where, *what; } cases[] = {
    { "", "design.csv:1", "the design is empty" },
    { "# only a comment\n", "design.csv:1", "the design is empty" },
    { "point\na\n", "design.csv:1", "no factor columns" },
    { "units[Med A].beds\n", "design.csv:1", "no points" },
    { "point,nonsense\na,1\n", "design.csv:1:2", "\"nonsense\" is not a --set key" },
    { "point,beds[Med A].x\na,1\n", "design.csv:1:2", "only units[UNIT].COLUMN" },
    { "point,policy.overcrowding,policy.overcrowding\na,1,2\n", "design.csv:1:3", "a column twice" },
    { "point,,policy.overcrowding\na,,2\n", "design.csv:1:2", "has no name" },
    { "point,policy.overcrowding\na,1\nb,2\na,3\n", "design.csv:4:1", "named twice (first on line 2)" },
    { "point,policy.overcrowding\na,1,7\n", "design.csv:2:3", "3 fields, but the header has 2" },
    { "point,policy.overcrowding\n\"a,1\n", "design.csv:2", "malformed CSV" },
    { "point,scenario.seed\na,1\n", "design.csv:1:2", "cannot vary between points" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS, cases[i].text);
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", d);
      g_test_message ("case %u", i);
      g_assert_null (des);
      g_assert_true (tu_diags_have (d, cases[i].where, cases[i].what));
    }
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS, NULL);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_assert_null (pks_design_read (f, "/mem/design.csv", d));
  g_assert_true (tu_diags_have (d, "design.csv", "no such file"));
}

/* Loading each point with its sets, as pks sweep does, and moving the
 * diagnostics to the design cells. */
static PksDiags *
check_design (PksFiles *f, const PksDesign *des)
{
  PksDiags *all = pks_diags_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint p = 0; p < des->n_points; p++)
    {
      g_auto (GStrv) sets = pks_design_sets (des, p, NULL);
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = pks_scenario_load ("/mem/s.ini", (const char *const *) sets, f, d);
      pks_design_attribute (des, p, d, all, seen);
    }
  return all;
}

static void
test_design_attribute (void)
{
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS,
    "point,units[Nowhere].beds,units[Med A].staffed_beds,policy.overcrowdin,flows[Med A/akut].per_year,units[Med A].colour\n"
    "a,3,x,1,,\n"
    "b,4,21,1,-5,\n"
    "c,,40,,,blue\n");
  g_autoptr (PksDiags) d0 = pks_diags_new ();
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", d0);
  g_assert_nonnull (des);
  g_autoptr (PksDiags) all = check_design (f, des);
  g_assert_true (tu_diags_have (all, "design.csv:2:2: units[Nowhere].beds: error", "no unit row \"Nowhere\""));
  g_assert_true (tu_diags_have (all, "design.csv:2:3: units[Med A].staffed_beds: error",
                                "expected a whole number from 0 to 5000, got \"x\""));
  g_assert_true (tu_diags_have (all, "design.csv:2:4: policy.overcrowdin: error", "did you mean [policy] overcrowding?"));
  g_assert_true (tu_diags_have (all, "design.csv:3:5: flows[Med A/akut].per_year: error", "got \"-5\""));
  g_assert_true (tu_diags_have (all, "design.csv:4:6: units[Med A].colour: error", "no settable column \"colour\""));
  /* a warning on a factor's value is shown at its cell */
  g_assert_true (tu_diags_have (all, "design.csv:4:3: units[Med A].staffed_beds: warning", "exceeds beds 24"));
  /* the unknown unit and key are reported once, not once per point */
  guint nowhere = 0;
  for (guint i = 0; i < all->items->len; i++)
    {
      const PksDiag *x = g_ptr_array_index (all->items, i);
      nowhere += strstr (x->message, "Nowhere") != NULL;
      /* the consequences of a rejected row (flows of a unit that failed)
       * are not reported on top of the cause */
      g_assert_null (strstr (x->message, "flows.csv"));
    }
  g_assert_cmpuint (nowhere, ==, 1);
}

/* ---------- the scheduler ---------- */

typedef struct {
  PksFiles *files;
  PksDesign *design;
  const char *const *base_sets;
  gint fail_point;     /* build fails for this point, -1 none */
} Pts;

static PksModel *
build (gpointer ctx, guint p, GError **error)
{
  Pts *pt = ctx;
  if ((gint) p == pt->fail_point)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED, "point %u cannot be built", p);
      return NULL;
    }
  g_auto (GStrv) sets = pks_design_sets (pt->design, p == 0 ? G_MAXUINT : p - 1, pt->base_sets);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load ("/mem/s.ini", (const char *const *) sets, pt->files, d);
  if (s == NULL)
    {
      pks_diags_to_error (d, error);
      return NULL;
    }
  return pks_model_new (s, error);
}

typedef struct {
  PksSweep *sweep;
  guint n_reps;
  guint *seen;         /* calls per task index */
  double *bed_days;    /* per task index */
} Col;

static void
collect (gpointer ctx, guint index, const PksTask *task, PksRepResult *r)
{
  Col *c = ctx;
  if (c->seen)
    c->seen[index]++;
  if (c->bed_days)
    c->bed_days[index] = pks_rep_metric (r, 0, PKS_M_BED_DAYS);
  if (c->sweep)
    pks_sweep_add (c->sweep, task->point, index % c->n_reps, r);
  pks_rep_result_free (r);
}

/* Run a design against the base on `threads` threads; the sweep's shapes
 * come from building every point once, as pks sweep's check does. */
static PksSweep *
run_sweep (Pts *pt, guint n_reps, guint threads, guint64 seed)
{
  guint np = pt->design->n_points + 1;
  PksSweep *sw = pks_sweep_new (np, n_reps);
  for (guint p = 0; p < np; p++)
    {
      g_autoptr (PksModel) m = build (pt, p, NULL);
      g_assert_nonnull (m);
      pks_sweep_set_shape (sw, p, m);
    }
  g_autofree PksTask *tasks = pks_sched_grid (np, 0, n_reps);
  PksPoints points = { np, NULL, build, pt };
  PksSchedOptions so = { threads, FALSE, TRUE, FALSE, NULL, 0, PKS_SCHED_AUTO, NULL, NULL };
  Col c = { sw, n_reps, NULL, NULL };
  g_autoptr (GError) e = NULL;
  g_assert_true (pks_sched_run (&points, tasks, np * n_reps, seed, &so, collect, &c, &e));
  g_assert_no_error (e);
  g_assert_true (pks_sweep_done (sw));
  return sw;
}

/* Bit for bit, NaN included (field by field: the struct has padding). */
static gboolean
same_est (const PksEstimate *x, const PksEstimate *y)
{
  return memcmp (&x->mean, &y->mean, sizeof (double)) == 0
         && memcmp (&x->ci_low, &y->ci_low, sizeof (double)) == 0
         && memcmp (&x->ci_high, &y->ci_high, sizeof (double)) == 0 && x->n == y->n;
}

static gboolean
same_rows (const PksSweep *a, const PksSweep *b, guint np)
{
  for (guint p = 0; p < np; p++)
    for (guint e = 0; e < pks_sweep_n_entities (a, p); e++)
      for (int k = 0; k < PKS_N_METRICS; k++)
        {
          PksSweepRow x, y;
          if (!pks_sweep_row (a, p, e, k, &x) || !pks_sweep_row (b, p, e, k, &y))
            return FALSE;
          if (!same_est (&x.mean, &y.mean) || !same_est (&x.diff, &y.diff))
            return FALSE;
        }
  return TRUE;
}

static void
test_threads_identical (void)
{
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS,
    "point,units[Med A].staffed_beds,policy.overcrowding\nlow,17,\nhigh,23,0\nbusy,,3\n");
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", NULL);
  g_assert_nonnull (des);
  Pts pt = { f, des, NULL, -1 };
  g_autoptr (PksSweep) a = run_sweep (&pt, 5, 1, 77);
  g_autoptr (PksSweep) b = run_sweep (&pt, 5, 3, 77);
  g_assert_true (same_rows (a, b, des->n_points + 1));
  /* and another seed gives other numbers (the comparison can fail) */
  g_autoptr (PksSweep) c = run_sweep (&pt, 5, 2, 78);
  g_assert_false (same_rows (a, c, des->n_points + 1));
}

/* A point whose factors repeat the base's values runs the same model with
 * the same streams: every difference is exactly 0, interval included. */
static void
test_point_equal_to_base (void)
{
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS,
    "point,units[Med A].staffed_beds,policy.overcrowding\nsame,20,1\nother,21,1\n");
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", NULL);
  Pts pt = { f, des, NULL, -1 };
  g_autoptr (PksSweep) sw = run_sweep (&pt, 6, 2, 5);
  guint checked = 0, nonzero = 0;
  for (guint e = 0; e < pks_sweep_n_entities (sw, 1); e++)
    for (int k = 0; k < PKS_N_METRICS; k++)
      {
        PksSweepRow r, o;
        g_assert_true (pks_sweep_row (sw, 1, e, k, &r));
        g_assert_true (pks_sweep_row (sw, 2, e, k, &o));
        nonzero += !isnan (o.diff.mean) && o.diff.mean != 0.0;
        if (isnan (r.mean.mean))
          continue;
        g_assert_cmpfloat (r.diff.mean, ==, 0.0);
        g_assert_cmpfloat (r.diff.ci_low, ==, 0.0);
        g_assert_cmpfloat (r.diff.ci_high, ==, 0.0);
        checked++;
      }
  g_assert_cmpuint (checked, >, 50);
  g_assert_cmpuint (nonzero, >, 5);   /* one more bed does change things */
}

/* Results reduced in whatever order they come give the same rows, equal
 * to pks_compare's paired differences on the same replications. */
static void
test_reduce_any_order (void)
{
  const char *sets[] = { "units[Med A].staffed_beds=22", NULL };
  g_autoptr (PksScenario) sb = tu_load (INI, NULL, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_autoptr (PksScenario) sp = tu_load_sets (INI, sets, NULL, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_autoptr (PksModel) mb = pks_model_new (sb, NULL);
  g_autoptr (PksModel) mp = pks_model_new (sp, NULL);
  const guint n = 7;
  const PksModel *ms[] = { mb, mp };
  PksExecOptions opt = { 2, FALSE, FALSE, NULL, FALSE, FALSE };
  g_autoptr (GError) error = NULL;
  PksRepResult **r = pks_exec (ms, 2, 3, 0, n, &opt, &error);
  g_assert_no_error (error);
  g_autoptr (PksSweep) fwd = pks_sweep_new (2, n), rev = pks_sweep_new (2, n);
  pks_sweep_set_shape (fwd, 0, mb);
  pks_sweep_set_shape (fwd, 1, mp);
  pks_sweep_set_shape (rev, 0, mb);
  pks_sweep_set_shape (rev, 1, mp);
  for (guint i = 0; i < 2 * n; i++)
    pks_sweep_add (fwd, i / n, i % n, r[i]);
  /* reversed: the point completes before the base; it is reduced as soon
   * as the base is */
  for (guint i = 2 * n; i-- > 0;)
    {
      pks_sweep_add (rev, i / n, i % n, r[i]);
      PksSweepRow row;
      g_assert_cmpint (pks_sweep_row (rev, 1, 0, PKS_M_BED_DAYS, &row), ==, i == 0);
    }
  g_assert_true (same_rows (fwd, rev, 2));
  GArray *cmp = pks_compare (mb, r, mp, r + n, n);
  for (guint i = 0; i < cmp->len; i++)
    {
      const PksDiffRow *c = &g_array_index (cmp, PksDiffRow, i);
      for (guint e = 0; e < pks_model_n_entities (mp); e++)
        {
          if (pks_model_entity_scope (mp, e) != c->scope
              || strcmp (pks_model_entity_name (mp, e), c->name) != 0)
            continue;
          PksSweepRow row;
          g_assert_true (pks_sweep_row (fwd, 1, e, c->metric, &row));
          g_assert_true (same_est (&row.diff, &c->diff));
        }
    }
  pks_compare_free (cmp);
  tu_free_results (r, 2 * n);
}

/* One acute unit of 16 physical beds, no outlying, no overcrowding: with
 * c staffed beds it is an Erlang loss system M/G/c/c, so the expected
 * number of transfers out is B(c, a) × the expected number of arrivals. */
static void
test_erlang_sweep (void)
{
  const double a = 8.0, los = 5.0;
  const guint days = 730, n = 20;
  g_autofree char *ini = g_strdup_printf (
    "[scenario]\nname = erlang\nregion = R\nstart = 2025-01-01\ndays = %u\nwarmup_days = 150\n"
    "replications = %u\nseed = 2024\n[tables]\nunits = units.csv\nflows = flows.csv\n"
    "[policy]\noutlying = none\novercrowding = 0\n", days, n);
  g_autofree char *flows = g_strdup_printf ("unit,flow,kind,per_year,los_days,los_cv\n"
                                            "W,akut,acute,%.10g,%g,1\n", a / los * 365.0, los);
  g_autoptr (PksFiles) f = mem_files (ini, "unit,site,beds,staffed_beds\nW,H,16,16\n", flows,
    "point,units[W].staffed_beds\nc6,6\nc8,8\nc10,10\nc12,12\nc14,14\n");
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", NULL);
  g_assert_nonnull (des);
  Pts pt = { f, des, NULL, -1 };
  g_autoptr (PksSweep) sw = run_sweep (&pt, n, 2, 2024);
  double widen = pks_t_quantile (1 - ALPHA / 2, n - 1) / pks_t_quantile (0.975, n - 1);
  double arrivals = a / los * 365.0 * days / 365.0, prev = INFINITY;
  for (guint p = 1; p <= des->n_points; p++)
    {
      guint c = (guint) atoi (des->values[p - 1][0]);
      PksSweepRow r;
      g_assert_true (pks_sweep_row (sw, p, 0, PKS_M_TRANSFERS_OUT, &r));
      double expect = pks_erlang_b (c, a) * arrivals;
      double hw = (r.mean.ci_high - r.mean.mean) * widen;
      g_test_message ("c=%u: transfers %.1f ±%.1f (99.9 %%), Erlang B × arrivals %.1f; "
                      "paired difference from c=16: %.1f [%.1f, %.1f]", c, r.mean.mean, hw,
                      expect, r.diff.mean, r.diff.ci_low, r.diff.ci_high);
      g_assert_cmpfloat (fabs (r.mean.mean - expect), <=, hw);
      /* more staffed beds, fewer transfers */
      g_assert_cmpfloat (r.mean.mean, <, prev);
      prev = r.mean.mean;
      /* and every point has more than the base's 16 beds would */
      g_assert_cmpfloat (r.diff.ci_low, >, 0.0);
    }
}

/* Tasks need not be a grid: an optimiser asks for uneven replications. */
static void
test_irregular_tasks (void)
{
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS,
    "point,units[Med A].staffed_beds\nx,18\ny,22\n");
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", NULL);
  Pts pt = { f, des, NULL, -1 };
  const PksTask tasks[] = { { 2, 4 }, { 0, 0 }, { 1, 3 }, { 2, 0 }, { 0, 4 }, { 2, 9 }, { 1, 0 } };
  const guint nt = G_N_ELEMENTS (tasks);
  guint seen[G_N_ELEMENTS (tasks)] = { 0 };
  double a[G_N_ELEMENTS (tasks)], b[G_N_ELEMENTS (tasks)];
  PksPoints points = { 3, NULL, build, &pt };
  for (guint threads = 1; threads <= 3; threads += 2)
    {
      PksSchedOptions so = { threads, FALSE, FALSE, FALSE, NULL, 0, PKS_SCHED_AUTO, NULL, NULL };
      Col c = { NULL, 0, seen, threads == 1 ? a : b };
      g_assert_true (pks_sched_run (&points, tasks, nt, 9, &so, collect, &c, NULL));
    }
  for (guint i = 0; i < nt; i++)
    {
      g_assert_cmpuint (seen[i], ==, 2);
      g_assert_cmpfloat (a[i], ==, b[i]);
    }
  /* the same (point, replication) gives the same result as in a grid */
  g_autofree PksTask *grid = pks_sched_grid (3, 0, 10);
  double g[30];
  PksSchedOptions so = { 2, FALSE, FALSE, FALSE, NULL, 0, PKS_SCHED_AUTO, NULL, NULL };
  Col c = { NULL, 0, NULL, g };
  g_assert_true (pks_sched_run (&points, grid, 30, 9, &so, collect, &c, NULL));
  for (guint i = 0; i < nt; i++)
    g_assert_cmpfloat (a[i], ==, g[tasks[i].point * 10 + tasks[i].rep]);
}

/* A point that cannot be built stops the run with its message; so does
 * the injected failure of the MPI test hook, here on the only rank. */
static void
test_failure (void)
{
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS, "point,units[Med A].staffed_beds\nx,18\ny,22\n");
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", NULL);
  Pts pt = { f, des, NULL, 2 };
  g_autofree PksTask *tasks = pks_sched_grid (3, 0, 4);
  PksPoints points = { 3, NULL, build, &pt };
  guint seen[12] = { 0 };
  for (guint threads = 1; threads <= 2; threads++)
    {
      PksSchedOptions so = { threads, FALSE, FALSE, FALSE, NULL, 0, PKS_SCHED_AUTO, NULL, NULL };
      Col c = { NULL, 0, seen, NULL };
      g_autoptr (GError) e = NULL;
      g_assert_false (pks_sched_run (&points, tasks, 12, 1, &so, collect, &c, &e));
      g_assert_error (e, PKS_ERROR, PKS_ERROR_FAILED);
      g_assert_nonnull (strstr (e->message, "point 2 cannot be built"));
    }
}

/* The test hook fails the first task of the rank it names (here the only
 * one); in a fresh process, since setenv is unsafe once threads exist. */
static void
test_failure_hook (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*failed as injected*");
      return;
    }
  g_setenv ("PKS_TEST_FAIL_RANK", "0:work", TRUE);
  g_autoptr (PksFiles) f = mem_files (INI, UNITS, FLOWS, "point,units[Med A].staffed_beds\nx,18\n");
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", NULL);
  Pts pt = { f, des, NULL, -1 };
  g_autofree PksTask *tasks = pks_sched_grid (2, 0, 4);
  PksPoints points = { 2, NULL, build, &pt };
  PksSchedOptions so = { 2, FALSE, FALSE, FALSE, NULL, 0, PKS_SCHED_AUTO, NULL, NULL };
  Col c = { NULL, 0, NULL, NULL };
  g_autoptr (GError) e = NULL;
  g_assert_false (pks_sched_run (&points, tasks, 8, 1, &so, collect, &c, &e));
  g_assert_nonnull (e);
  g_assert_nonnull (strstr (e->message, "PKS_TEST_FAIL_RANK"));
  printf ("failed as injected\n");
}

static void
test_stats (void)
{
  g_autoptr (PksScenario) s = tu_load (INI, NULL, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_autoptr (PksModel) m = pks_model_new (s, NULL);
  const PksModel *ms[] = { m };
  PksPoints points = { 1, ms, NULL, NULL };
  g_autofree PksTask *tasks = pks_sched_grid (1, 0, 4);
  PksSchedStats st;
  PksSchedOptions so = { 2, FALSE, TRUE, FALSE, NULL, 0, PKS_SCHED_AUTO, &st, NULL };
  Col c = { NULL, 0, NULL, NULL };
  g_assert_true (pks_sched_run (&points, tasks, 4, 1, &so, collect, &c, NULL));
  g_assert_cmpuint (st.ranks, ==, 1);
  g_assert_cmpuint (st.threads, ==, 2);
  g_assert_cmpuint (st.tasks, ==, 4);
  g_assert_cmpfloat (st.task_cpu_s, >, 0.0);
  g_assert_cmpfloat (st.wall_s, >, 0.0);
  g_assert_cmpuint (pks_sched_rank (), ==, 0);
  g_assert_cmpuint (pks_sched_size (), ==, 1);
}


/* A design cell of staffed beds may bring its staff ("22 own"): the point
 * then opens its beds; without the word, a point above what the staff
 * cover warns at its design cell and opens nothing (issue #19). */
static void
test_design_staff (void)
{
  g_autoptr (GString) ini = g_string_new (INI);
  g_string_replace (ini, "flows = flows.csv\n", "flows = flows.csv\nstaffing = staff.csv\n", 1);
  g_autoptr (PksFiles) f = mem_files (ini->str, UNITS, FLOWS,
    "point,units[Med A].staffed_beds\nplain,22\nown,22 own\n");
  const char *staff = "unit,role,fte,from,to,agency\nMed A,nurse,14,,,0\n";
  g_autoptr (GBytes) b = g_bytes_new (staff, strlen (staff));
  pks_files_add (f, "/mem/staff.csv", b);
  g_autoptr (PksDiags) d0 = pks_diags_new ();
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", d0);
  g_assert_nonnull (des);
  g_autoptr (PksDiags) all = check_design (f, des);
  g_autofree char *text = pks_diags_format_all (all, FALSE);
  g_test_message ("%s", text);
  g_assert_true (tu_diags_have (all, "design.csv:2:2: units[Med A].staffed_beds: warning",
                                "Med A: planned +2 staffed beds over the whole period; staff cover +0"));
  g_assert_false (tu_diags_have (all, "design.csv:3:2", NULL));
  g_autoptr (PksDiags) d1 = pks_diags_new ();
  g_autoptr (PksScenario) s0 = pks_scenario_load ("/mem/s.ini", NULL, f, d1);
  g_auto (GStrv) sets = pks_design_sets (des, 1, NULL);
  g_autoptr (PksScenario) s1 = pks_scenario_load ("/mem/s.ini", (const char *const *) sets, f, d1);
  g_assert_nonnull (s0);
  g_assert_nonnull (s1);
  g_autoptr (PksModel) m0 = pks_model_new (s0, NULL);
  g_autoptr (PksModel) m1 = pks_model_new (s1, NULL);
  for (guint day = 0; day < 200; day++)
    g_assert_cmpint (pks_model_staffed_beds (m1, 0, day), ==, pks_model_staffed_beds (m0, 0, day) + 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/design/read", test_design_read);
  g_test_add_func ("/sweep/design/errors", test_design_errors);
  g_test_add_func ("/sweep/design/attribute-to-cells", test_design_attribute);
  g_test_add_func ("/sweep/design/staff-word", test_design_staff);
  g_test_add_func ("/sweep/reduce/any-order", test_reduce_any_order);
  g_test_add_func ("/sweep/threads/identical", test_threads_identical);
  g_test_add_func ("/sweep/crn/point-equal-to-base-is-zero", test_point_equal_to_base);
  g_test_add_func ("/sweep/erlang-b/staffed-beds", test_erlang_sweep);
  g_test_add_func ("/sched/tasks/irregular", test_irregular_tasks);
  g_test_add_func ("/sched/failure/stops-the-run", test_failure);
  g_test_add_func ("/sched/failure/test-hook", test_failure_hook);
  g_test_add_func ("/sched/stats", test_stats);
  return g_test_run ();
}
