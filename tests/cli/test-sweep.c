/* test-sweep.c — pks sweep as planners run it, in one process and as an
 * MPI job: byte-identical sweep.csv for 1 and 2 threads, 2 ranks and 3
 * (oversubscribed) ranks; a point equal to the base differs by exactly 0;
 * bad designs exit 2 naming file and line; a failing rank ends the job
 * with one message and no outputs; run and compare give the same files
 * under mpirun. The MPI cases are skipped when pks is built without MPI. */
#include "testutil.h"

#include <sys/wait.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  int status;
  char *out, *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

static char **
environment (const char *const *extra)
{
  char **env = g_get_environ ();
  for (guint i = 0; extra && extra[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (extra[i], "=", 2);
      env = g_environ_setenv (env, kv[0], kv[1], TRUE);
    }
  return env;
}

static Result
spawn (char **argv, char **env)
{
  Result r = { 0 };
  int wait = 0;
  g_autoptr (GError) e = NULL;
  g_assert_true (g_spawn_sync (NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &r.out, &r.err,
                               &wait, &e));
  g_assert_no_error (e);
  r.status = WIFEXITED (wait) ? WEXITSTATUS (wait) : 128;
  return r;
}

/* pks with args (NULL-terminated), environment extra (may be NULL). */
static Result
pks (const char *const *extra, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) tu_pks_bin ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_auto (GStrv) env = environment (extra);
  return spawn ((char **) argv->pdata, env);
}

static const char *
mpirun_path (void)
{
  const char *m = g_getenv ("PKS_MPIRUN");
  return m && *m ? m : NULL;
}

/* Skip (TAP "ok # skip") when this pks has no MPI or no mpirun is known. */
static gboolean
need_mpi (void)
{
  if (!pks_sched_have_mpi ())
    {
      g_test_skip ("pks is built without MPI (-Dmpi=disabled or no Open MPI)");
      return FALSE;
    }
  if (mpirun_path () == NULL)
    {
      g_test_skip ("no mpirun found at configure time");
      return FALSE;
    }
  return TRUE;
}

/* mpirun -n ranks pks args. What works in containers and as root: run as
 * root allowed, shared memory only (btl self,vader) without the
 * single-copy mechanism (ptrace is often denied), oversubscription
 * allowed, -q so that mpirun adds no banner of its own to pks's message. In
 * the sanitizer build, Open MPI's own allocations at exit are not pks's
 * leaks: lsan-mpi.supp drops the stacks that go through its libraries. */
static Result
mpirun (guint ranks, const char *const *extra, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *pre[] = { mpirun_path (), "-q", "--timeout", "240", "--oversubscribe",
                        "--mca", "btl", "self,vader", "-n" };
  for (guint i = 0; i < G_N_ELEMENTS (pre); i++)
    g_ptr_array_add (argv, g_strdup (pre[i]));
  g_ptr_array_add (argv, g_strdup_printf ("%u", ranks));
  g_ptr_array_add (argv, g_strdup (tu_pks_bin ()));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  g_auto (GStrv) env = environment (extra);
  env = g_environ_setenv (env, "OMPI_ALLOW_RUN_AS_ROOT", "1", TRUE);
  env = g_environ_setenv (env, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", TRUE);
  env = g_environ_setenv (env, "OMPI_MCA_btl_vader_single_copy_mechanism", "none", TRUE);
  env = g_environ_setenv (env, "OMPI_MCA_mca_base_component_disable_dlclose", "1", TRUE);
  /* always, not only when ASAN_OPTIONS is set: `meson test` run by hand
   * in the sanitizer build must pass too (other builds ignore these) */
  const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
  g_autofree char *a = g_strconcat (asan ? asan : "", asan ? ":" : "",
                                    "fast_unwind_on_malloc=0", NULL);
  g_autofree char *supp = g_build_filename (tu_source_root (), "tests", "cli", "lsan-mpi.supp", NULL);
  g_autofree char *l = g_strdup_printf ("suppressions=%s:print_suppressions=0", supp);
  env = g_environ_setenv (env, "ASAN_OPTIONS", a, TRUE);
  env = g_environ_setenv (env, "LSAN_OPTIONS", l, TRUE);
  return spawn ((char **) argv->pdata, env);
}

static guint
count_entries (const char *dir)
{
  guint n = 0;
  GDir *d = g_dir_open (dir, 0, NULL);
  while (d && g_dir_read_name (d))
    n++;
  if (d)
    g_dir_close (d);
  return n;
}

static guint
count_substr (const char *hay, const char *needle)
{
  guint n = 0;
  for (const char *p = hay; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* The example region and a 3-point design: fewer staffed beds on Medicin
 * A, the base's own values written out, more beds without overcrowding. */
typedef struct {
  char *dir, *base, *design;
} Fixture;

static const char DESIGN[] =
  "point,units[Medicin A].staffed_beds,policy.overcrowding\n"
  "fewer,26,\n"
  "same,28,2\n"
  "more,30,0\n";

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  (void) data;
  f->dir = tu_tmpdir ("pks-sweep");
  f->base = g_build_filename (tu_source_root (), "scenarios", "examples", "small-region.ini", NULL);
  f->design = g_build_filename (f->dir, "design.csv", NULL);
  g_assert_true (g_file_set_contents (f->design, DESIGN, -1, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  (void) data;
  tu_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_free (f->design);
}

/* Run the sweep into DIR/name, in one process (ranks 0) or under mpirun;
 * returns sweep.csv. */
static char *
sweep_into (Fixture *f, const char *name, guint ranks, const char *threads)
{
  g_autofree char *out = g_build_filename (f->dir, name, NULL);
  const char *args[] = { "sweep", f->base, f->design, "-r", "4", "--threads", threads, "--out", out,
                         "-q", NULL };
  Result r = ranks ? mpirun (ranks, NULL, args) : pks (NULL, args);
  if (r.status != 0)
    g_test_message ("pks sweep (%u ranks) failed: %s", ranks, r.err);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  return tu_read (out, "sweep.csv");
}

static void
test_outputs (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *csv = sweep_into (f, "o", 0, "2");
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "point,units[Medicin A].staffed_beds,policy.overcrowding,scope,"
                   "name,metric,mean,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high");
  guint rows[3] = { 0 };
  const char *names[] = { "fewer,26,,", "same,28,2,", "more,30,0," };
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      guint p = 0;
      while (p < 3 && !g_str_has_prefix (lines[i], names[p]))
        p++;
      g_assert_cmpuint (p, <, 3);
      g_assert_cmpuint (count_substr (lines[i], ","), ==, 11);
      rows[p]++;
    }
  /* the same rows for every point: entities × defined metrics */
  g_assert_cmpuint (rows[0], >, 100);
  g_assert_cmpuint (rows[0], ==, rows[1]);
  g_assert_cmpuint (rows[1], ==, rows[2]);
  g_autofree char *o = g_build_filename (f->dir, "o", NULL);
  g_autofree char *copy = tu_read (o, "design.csv");
  g_assert_cmpstr (copy, ==, DESIGN);
  g_assert_cmpuint (count_entries (o), ==, 2);
}

/* Every diff_* column of the point that repeats the base's values is 0;
 * the others are not all 0. */
static void
test_point_equal_to_base (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *csv = sweep_into (f, "o", 0, "2");
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  guint same = 0, other_nonzero = 0;
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto (GStrv) c = g_strsplit (lines[i], ",", -1);
      guint n = g_strv_length (c);
      if (strcmp (c[0], "same") == 0)
        {
          if (*c[n - 3] == '\0')
            continue;   /* a metric the base does not define */
          g_assert_cmpstr (c[n - 3], ==, "0");
          g_assert_cmpstr (c[n - 2], ==, "0");
          g_assert_cmpstr (c[n - 1], ==, "0");
          same++;
        }
      else
        other_nonzero += *c[n - 3] && strcmp (c[n - 3], "0") != 0;
    }
  g_assert_cmpuint (same, >, 100);
  g_assert_cmpuint (other_nonzero, >, 20);
}

static void
test_threads_identical (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *t1 = sweep_into (f, "t1", 0, "1");
  g_autofree char *t2 = sweep_into (f, "t2", 0, "2");
  g_assert_cmpstr (t1, ==, t2);
}

/* The acceptance check of issue 12: 1 thread, 2 threads, 2 ranks and 3
 * oversubscribed ranks write the same bytes. */
static void
test_mpi_identical (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  g_autofree char *t1 = sweep_into (f, "t1", 0, "1");
  g_autofree char *t2 = sweep_into (f, "t2", 0, "2");
  g_autofree char *m2 = sweep_into (f, "m2", 2, "1");
  g_autofree char *m3 = sweep_into (f, "m3", 3, "1");
  g_assert_cmpstr (t1, ==, t2);
  g_assert_cmpstr (t1, ==, m2);
  g_assert_cmpstr (t1, ==, m3);
  /* the static cyclic hand-out and small chunks give the same bytes too */
  g_autofree char *out = g_build_filename (f->dir, "ms", NULL);
  const char *args[] = { "sweep", f->base, f->design, "-r", "4", "-t", "1", "--out", out, "-q", NULL };
  const char *env[] = { "PKS_SCHED=static", "PKS_SCHED_CHUNK=3", NULL };
  Result r = mpirun (3, env, args);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  g_autofree char *ms = tu_read (out, "sweep.csv");
  g_assert_cmpstr (t1, ==, ms);
}

typedef struct {
  const char *design, *where, *what;
} BadCase;

static void
test_bad_designs (Fixture *f, gconstpointer data)
{
  (void) data;
  const BadCase cases[] = {
    { "", "design.csv:1:", "the design is empty" },
    { "point,units[Medicin A].staffed_beds\n", "design.csv:1:", "no points" },
    { "point,staffed_beds\na,3\n", "design.csv:1:2:", "not a --set key" },
    { "point,units[Medicin Z].staffed_beds\na,3\n", "design.csv:2:2:", "no unit row \"Medicin Z\"" },
    { "point,units[Medicin A].colour\na,3\n", "design.csv:2:2:", "no settable column \"colour\"" },
    { "point,policy.overcrowdin\na,3\n", "design.csv:2:2:", "unknown key" },
    { "point,units[Medicin A].staffed_beds\na,24\nb,25\na,26\n", "design.csv:4:1:", "named twice" },
    { "point,units[Medicin A].staffed_beds\na,24\nb,lots\n", "design.csv:3:2:", "got \"lots\"" },
  };
  g_autofree char *out = g_build_filename (f->dir, "o", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (g_file_set_contents (f->design, cases[i].design, -1, NULL));
      const char *args[] = { "sweep", f->base, f->design, "-r", "2", "--out", out, "-q", NULL };
      Result r = pks (NULL, args);
      g_test_message ("case %u: %s", i, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, cases[i].where));
      g_assert_nonnull (strstr (r.err, cases[i].what));
      result_clear (&r);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  const char *args[] = { "sweep", f->base, "/nonexistent/design.csv", NULL };
  Result r = pks (NULL, args);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no such file"));
  result_clear (&r);
}

/* Bad input under mpirun: rank 0 alone says so, once; every rank exits 2. */
static void
test_mpi_bad_design (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  g_assert_true (g_file_set_contents (f->design, "point,units[Medicin A].staffed_beds\na,many\n", -1, NULL));
  const char *args[] = { "sweep", f->base, f->design, "-r", "2", "-t", "1", "-q", NULL };
  Result r = mpirun (3, NULL, args);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpuint (count_substr (r.err, "design.csv:2:2:"), ==, 1);
  result_clear (&r);
}

/* A rank whose input arrives corrupt, or whose work fails, ends the whole
 * job: one message naming the rank, exit 1, and no output files: none in
 * a fresh directory, and an earlier complete output left as it was. */
static void
test_mpi_failing_rank (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  g_autofree char *out = g_build_filename (f->dir, "o", NULL);
  g_autofree char *before = NULL;
  const char *hooks[] = { "PKS_TEST_FAIL_RANK=1", "PKS_TEST_FAIL_RANK=2:work" };
  const char *says[] = { "rank 1: ", "rank 2: " };
  for (guint i = 0; i < G_N_ELEMENTS (hooks); i++)
    {
      if (i == 1)
        before = sweep_into (f, "o", 0, "2");
      const char *args[] = { "sweep", f->base, f->design, "-r", "5", "-t", "1", "--out", out, "-q", NULL };
      const char *env[] = { hooks[i], NULL };
      Result r = mpirun (3, env, args);
      g_test_message ("%s: status %d, stderr: %s", hooks[i], r.status, r.err);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpuint (count_substr (r.err, "pks sweep: "), ==, 1);
      g_assert_nonnull (strstr (r.err, says[i]));
      g_assert_cmpuint (count_substr (r.err, "\n"), ==, 1);   /* nothing else */
      result_clear (&r);
      g_assert_cmpuint (count_entries (out), ==, i == 0 ? 0 : 2);
    }
  g_autofree char *after = tu_read (out, "sweep.csv");
  g_assert_cmpstr (before, ==, after);
}

static gboolean
same_file (const char *a, const char *b, const char *name)
{
  g_autofree char *x = tu_read (a, name), *y = tu_read (b, name);
  return x && y && strcmp (x, y) == 0;
}

/* The same for pks compare (pks_exec) and pks run: a rank whose work fails
 * ends the job with one message naming it, exit 1 on every rank, no
 * output files; not an abort. */
static void
test_mpi_failing_rank_compare (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  g_autofree char *out = g_build_filename (f->dir, "c", NULL);
  const char *cmp[] = { "compare", f->base, f->base, "-r", "4", "-t", "1", "--out", out, "-q", NULL };
  const char *run[] = { "run", f->base, "-r", "4", "-t", "1", "--out", out, "-q", NULL };
  const char *const *cmds[] = { cmp, run };
  const char *env[] = { "PKS_TEST_FAIL_RANK=2:work", NULL };
  for (guint i = 0; i < G_N_ELEMENTS (cmds); i++)
    {
      Result r = mpirun (3, env, cmds[i]);
      g_test_message ("%s: status %d, stderr: %s", cmds[i][0], r.status, r.err);
      g_autofree char *says = g_strdup_printf ("pks %s: rank 2: ", cmds[i][0]);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_true (g_str_has_prefix (r.err, says));
      g_assert_cmpuint (count_substr (r.err, "\n"), ==, 1);   /* nothing else */
      result_clear (&r);
      g_assert_cmpuint (count_entries (out), ==, 0);
    }
}

/* pks run and pks compare take the same path: the same files under mpirun. */
static void
test_mpi_run_compare (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  g_autofree char *r1 = g_build_filename (f->dir, "r1", NULL), *r2 = g_build_filename (f->dir, "r2", NULL);
  g_autofree char *c1 = g_build_filename (f->dir, "c1", NULL), *c2 = g_build_filename (f->dir, "c2", NULL);
  g_autofree char *plan = g_build_filename (f->dir, "plan.ini", NULL);
  g_autofree char *plan_text = g_strdup_printf ("[scenario]\nbase = %s\nname = plan\n[policy]\novercrowding = 0\n",
                                                f->base);
  g_assert_true (g_file_set_contents (plan, plan_text, -1, NULL));
  const char *run1[] = { "run", f->base, "-r", "5", "-t", "2", "--out", r1, "-q", NULL };
  const char *run2[] = { "run", f->base, "-r", "5", "-t", "1", "--out", r2, "-q", NULL };
  const char *cmp1[] = { "compare", f->base, plan, "-r", "4", "-t", "2", "--out", c1, "-q", NULL };
  const char *cmp2[] = { "compare", f->base, plan, "-r", "4", "-t", "1", "--out", c2, "-q", NULL };
  Result r = pks (NULL, run1);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = mpirun (2, NULL, run2);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = pks (NULL, cmp1);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  r = mpirun (3, NULL, cmp2);
  g_assert_cmpint (r.status, ==, 0);
  result_clear (&r);
  const char *rf[] = { "summary.csv", "daily.csv", "daily_sites.csv", "monthly.csv", "balance.csv",
                       "waiting_times.csv", "national.csv" };
  for (guint i = 0; i < G_N_ELEMENTS (rf); i++)
    g_assert_true (same_file (r1, r2, rf[i]));
  g_assert_true (same_file (c1, c2, "compare.csv"));
  g_assert_true (same_file (c1, c2, "summary.csv"));
}

/* pks optimise on the same engine: the same optimise.csv (and plan) with
 * one process on 1 or 2 threads and with 2 or 3 MPI ranks. */
static void
test_mpi_optimise (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  const char *dirs[] = { "o1", "o2", "o3", "o4" };
  for (guint k = 0; k < 4; k++)
    {
      g_autofree char *d = g_build_filename (f->dir, dirs[k], NULL);
      const char *args[] = { "optimise", f->base, "--resource", "staffed_beds", "--add", "3",
                             "--units", "Medicin A,Kirurgi A,Medicin B", "--objective",
                             "outlied_days+transfers_out", "-r", "4", "--reps-max", "8",
                             "-t", k == 1 ? "2" : "1", "--out", d, "-q", NULL };
      Result r = k < 2 ? pks (NULL, args) : mpirun (k, NULL, args);
      g_test_message ("%s: %d %s", dirs[k], r.status, r.err);
      g_assert_cmpint (r.status, ==, 0);
      result_clear (&r);
    }
  g_autofree char *o1 = g_build_filename (f->dir, "o1", NULL);
  for (guint k = 1; k < 4; k++)
    {
      g_autofree char *ok = g_build_filename (f->dir, dirs[k], NULL);
      g_assert_true (same_file (o1, ok, "optimise.csv"));
    }
}

/* pks target on the same engine: the same target.csv with one process on
 * 1 or 2 threads and with 2 or 3 MPI ranks (the bisection's batches go to
 * every rank; the search's decisions are rank 0's). */
static void
test_mpi_target (Fixture *f, gconstpointer data)
{
  (void) data;
  if (!need_mpi ())
    return;
  const char *dirs[] = { "t1", "t2", "t3", "t4" };
  for (guint k = 0; k < 4; k++)
    {
      g_autofree char *d = g_build_filename (f->dir, dirs[k], NULL);
      const char *args[] = { "target", f->base, "--resource", "or_sessions_per_week", "--units",
                             "Kirurgi A,Ögon A", "--metric", "vg_treatment_end_pct", "--at-least",
                             "80", "--by", "2025-09-30", "-r", "6", "--max-add", "6",
                             "--set", "units[Kirurgi A].or_sessions_per_week=4",
                             "--set", "units[Ögon A].or_sessions_per_week=3",
                             "-t", k == 1 ? "2" : "1", "--out", d, "-q", NULL };
      Result r = k < 2 ? pks (NULL, args) : mpirun (k, NULL, args);
      g_test_message ("%s: %d %s%s", dirs[k], r.status, r.out, r.err);
      g_assert_cmpint (r.status, ==, 0);
      result_clear (&r);
    }
  g_autofree char *t1 = g_build_filename (f->dir, "t1", NULL);
  for (guint k = 1; k < 4; k++)
    {
      g_autofree char *tk = g_build_filename (f->dir, dirs[k], NULL);
      g_assert_true (same_file (t1, tk, "target.csv"));
    }
}

/* A bad table-cell --set is bad input for every command that takes
 * --set: exit 2, the message names the key. */
static void
test_set_cells_everywhere (Fixture *f, gconstpointer data)
{
  (void) data;
  const char *bad[] = { "units[Medicin Z].beds=3", "units[Medicin A].colour=3",
                        "units[Medicin A].staffed_beds=many", "flows[Medicin A/akut].per_year=-1" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *run[] = { "run", f->base, "-r", "1", "-q", "--set", bad[i], NULL };
      const char *cmp[] = { "compare", f->base, f->base, "-r", "1", "-q", "--set", bad[i], NULL };
      const char *val[] = { "validate", f->base, "--set", bad[i], NULL };
      const char *swp[] = { "sweep", f->base, f->design, "-r", "1", "-q", "--set", bad[i], NULL };
      const char *const *cmds[] = { run, cmp, val, swp };
      g_autofree char *key = g_strdup_printf ("--set %s", bad[i]);
      for (guint c = 0; c < G_N_ELEMENTS (cmds); c++)
        {
          Result r = pks (NULL, cmds[c]);
          g_test_message ("%s %s: %d %s", cmds[c][0], bad[i], r.status, r.err);
          g_assert_cmpint (r.status, ==, 2);
          g_assert_nonnull (strstr (r.err, key));
          result_clear (&r);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sweep/cli/outputs", test_outputs);
  ADD ("/sweep/cli/point-equal-to-base-is-zero", test_point_equal_to_base);
  ADD ("/sweep/cli/threads-byte-identical", test_threads_identical);
  ADD ("/sweep/cli/bad-designs-exit-2", test_bad_designs);
  ADD ("/sweep/cli/set-cells-everywhere", test_set_cells_everywhere);
  ADD ("/sweep/mpi/byte-identical-1-2-threads-2-3-ranks", test_mpi_identical);
  ADD ("/sweep/mpi/bad-design-one-message", test_mpi_bad_design);
  ADD ("/sweep/mpi/failing-rank-ends-cleanly", test_mpi_failing_rank);
  ADD ("/sweep/mpi/failing-rank-compare-and-run", test_mpi_failing_rank_compare);
  ADD ("/sweep/mpi/run-and-compare-identical", test_mpi_run_compare);
  ADD ("/optimise/mpi/identical-threads-and-ranks", test_mpi_optimise);
  ADD ("/target/mpi/identical-threads-and-ranks", test_mpi_target);
  return g_test_run ();
}
