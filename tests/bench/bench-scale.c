/* bench-scale.c — how the work scheduler scales: tasks per second with 1
 * and 2 worker threads and with 1 and 2 MPI processes (dynamic
 * self-scheduling and static cyclic hand-out), the parallel efficiency,
 * and what gathering results on rank 0 costs. Prints tables for
 * docs/scale.md; asserts nothing on time.
 *
 * Run without arguments it is the driver: it runs each configuration in
 * turn, REPS times, by starting itself (`--worker`), under mpirun for the
 * MPI configurations, and reports medians. Each worker run builds its
 * design points from the embedded Västerbotten baseline, runs them with
 * pks_sched_run and prints one RESULT line with the scheduler's figures
 * (wall time of rank 0; CPU times of every thread of every rank, measured
 * with the per-thread CPU clock, so other jobs on a shared machine do not
 * inflate them). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "pks/pks.h"

#define REPS 5

/* ---------- worker ---------- */

typedef struct {
  PksFiles *files;
  char *unit;          /* the first unit with beds */
  int staffed;         /* its staffed beds in the baseline */
  gboolean mixed;      /* horizons of 1–8 quarters: uneven task lengths */
} Work;

/* Point p: the baseline with p more staffed beds on the first unit (so
 * every point is a different model), and in the mixed workload a horizon
 * of 91 × 2^(p mod 4) days, so that task lengths differ eightfold. */
static PksModel *
build (gpointer ctx, guint p, GError **error)
{
  Work *w = ctx;
  g_autofree char *beds = g_strdup_printf ("units[%s].staffed_beds=%d", w->unit, w->staffed + (int) p % 5);
  g_autofree char *days = g_strdup_printf ("scenario.days=%d", 91 << (p % 4));
  const char *sets[] = { beds, w->mixed ? days : NULL, NULL };
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (PKS_DEFAULT_SCENARIO, sets, w->files, d);
  if (s == NULL)
    {
      pks_diags_to_error (d, error);
      return NULL;
    }
  return pks_model_new (s, error);
}

static void
discard (gpointer ctx, guint index, const PksTask *task, PksRepResult *r)
{
  (void) index;
  (void) task;
  guint64 *events = ctx;
  *events += r->events;
  pks_rep_result_free (r);
}

/* --worker POINTS REPS THREADS MIXED KEEP: KEEP is "metrics" (what sweep
 * gathers), "monthly" or "daily" (what run --out gathers). */
static int
worker (int argc, char **argv)
{
  if (argc < 7)
    return 2;
  guint n_points = (guint) atoi (argv[2]), n_reps = (guint) atoi (argv[3]);
  guint threads = (guint) atoi (argv[4]);
  Work w = { pks_files_new (), NULL, 0, atoi (argv[5]) != 0 };
  const char *keep = argv[6];
  /* rank 0 reads the input and shares it, as pks does */
  int status = 0;
  if (pks_sched_is_root ())
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = pks_scenario_load (PKS_DEFAULT_SCENARIO, NULL, w.files, d);
      status = s ? 0 : 1;
    }
  if (pks_sched_share_files (w.files, status) != 0)
    return 1;
  {
    g_autoptr (PksDiags) d = pks_diags_new ();
    g_autoptr (PksScenario) s = pks_scenario_load (PKS_DEFAULT_SCENARIO, NULL, w.files, d);
    g_assert (s != NULL);
    for (guint u = 0; u < s->units->len && w.unit == NULL; u++)
      if (pks_unit (s, u)->beds > 0)
        {
          w.unit = g_strdup (pks_unit (s, u)->name);
          w.staffed = pks_unit (s, u)->staffed_beds;
        }
  }
  PksTask *tasks = pks_sched_grid (n_points, 0, n_reps);
  PksPoints points = { n_points, NULL, build, &w };
  PksSchedStats st;
  PksSchedOptions so = { threads, strcmp (keep, "daily") == 0, strcmp (keep, "metrics") == 0,
                         FALSE, NULL, 0, PKS_SCHED_AUTO, &st, NULL };
  guint64 events = 0;
  g_autoptr (GError) err = NULL;
  gboolean ok = pks_sched_run (&points, tasks, n_points * n_reps, 1, &so, discard, &events, &err);
  if (ok && pks_sched_is_root ())
    printf ("RESULT ranks=%u threads=%u tasks=%" G_GUINT64_FORMAT " chunks=%" G_GUINT64_FORMAT
            " wall=%.6f task_cpu=%.6f model_cpu=%.6f gather_cpu=%.6f coord_cpu=%.6f runq_wait=%.6f"
            " bytes=%" G_GUINT64_FORMAT " gathered=%" G_GUINT64_FORMAT " events=%" G_GUINT64_FORMAT "\n",
            st.ranks, st.threads, st.tasks, st.chunks, st.wall_s, st.task_cpu_s, st.model_cpu_s,
            st.gather_cpu_s, st.coord_cpu_s, st.runq_wait_s, st.gathered_bytes, st.gathered_tasks,
            events);
  if (!ok && pks_sched_is_root ())
    fprintf (stderr, "bench-scale: %s\n", err->message);
  g_free (tasks);
  g_free (w.unit);
  pks_files_free (w.files);
  pks_sched_finalize ();
  return ok ? 0 : 1;
}

/* ---------- driver ---------- */

typedef struct {
  double wall, task_cpu, model_cpu, gather_cpu, coord_cpu, runq_wait, bytes, gathered, tasks, chunks;
  double spawn;         /* the whole process (or mpirun job), start to exit */
} Run;

static gboolean
parse (const char *out, Run *r)
{
  const char *line = strstr (out ? out : "", "RESULT ");
  if (line == NULL)
    return FALSE;
  struct { const char *key; double *v; } f[] = {
    { "wall=", &r->wall }, { "task_cpu=", &r->task_cpu }, { "model_cpu=", &r->model_cpu },
    { "gather_cpu=", &r->gather_cpu }, { "coord_cpu=", &r->coord_cpu },
    { "runq_wait=", &r->runq_wait }, { "bytes=", &r->bytes },
    { "gathered=", &r->gathered }, { "tasks=", &r->tasks }, { "chunks=", &r->chunks },
  };
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    {
      const char *p = strstr (line, f[i].key);
      if (p == NULL)
        return FALSE;
      *f[i].v = g_ascii_strtod (p + strlen (f[i].key), NULL);
    }
  return TRUE;
}

typedef struct {
  const char *label;
  guint ranks;          /* 0: no mpirun */
  guint threads;
  const char *sched;    /* PKS_SCHED for MPI runs */
  gboolean slow;        /* rank 1 at half speed */
} Config;

static const char *self_path;

static gboolean
run_once (const Config *c, guint points, guint reps, gboolean mixed, const char *keep, Run *out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *mpirun = g_getenv ("PKS_MPIRUN");
  if (c->ranks)
    {
      /* mpirun's defaults otherwise: each of 2 ranks bound to a core */
      const char *pre[] = { mpirun, "-q", "--mca", "btl", "self,vader", "-n" };
      for (guint i = 0; i < G_N_ELEMENTS (pre); i++)
        g_ptr_array_add (argv, g_strdup (pre[i]));

      g_ptr_array_add (argv, g_strdup_printf ("%u", c->ranks));
    }
  g_ptr_array_add (argv, g_strdup (self_path));
  g_ptr_array_add (argv, g_strdup ("--worker"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", points));
  g_ptr_array_add (argv, g_strdup_printf ("%u", reps));
  g_ptr_array_add (argv, g_strdup_printf ("%u", c->threads));
  g_ptr_array_add (argv, g_strdup_printf ("%d", mixed));
  g_ptr_array_add (argv, g_strdup (keep));
  g_ptr_array_add (argv, NULL);
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "OMPI_ALLOW_RUN_AS_ROOT", "1", TRUE);
  env = g_environ_setenv (env, "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", TRUE);
  env = g_environ_setenv (env, "OMPI_MCA_btl_vader_single_copy_mechanism", "none", TRUE);
  if (c->sched)
    env = g_environ_setenv (env, "PKS_SCHED", c->sched, TRUE);
  if (c->slow)
    env = g_environ_setenv (env, "PKS_TEST_SLOW_RANK", "1", TRUE);
  g_autofree char *o = NULL, *e = NULL;
  int wait = 0;
  gint64 t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &o, &e, &wait, NULL)
      || !WIFEXITED (wait) || WEXITSTATUS (wait) != 0 || !parse (o, out))
    {
      fprintf (stderr, "bench-scale: %s failed: %s\n", c->label, e ? e : "");
      return FALSE;
    }
  out->spawn = (g_get_monotonic_time () - t0) / 1e6;
  return TRUE;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *x, guint n)
{
  qsort (x, n, sizeof *x, cmp_double);
  return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* Median of each field over REPS runs. */
typedef struct {
  Run m;
  gboolean ok;
} Med;

static void
medians (Run *runs, guint n, Run *m)
{
  double x[REPS];
  size_t nf = sizeof (Run) / sizeof (double);
  for (size_t f = 0; f < nf; f++)
    {
      for (guint i = 0; i < n; i++)
        x[i] = ((double *) &runs[i])[f];
      ((double *) m)[f] = median (x, n);
    }
}

/* Each repetition runs every configuration once, in turn, so a burst of
 * load from other jobs hits them alike. */
/* Figures for the projection, from the uniform table. */
static double proj_task_s, proj_eff, proj_startup_s;

static void
table (const char *title, const Config *cfg, guint nc, guint points, guint reps, gboolean mixed)
{
  Run runs[8][REPS];
  Med med[8] = { 0 };
  for (guint r = 0; r < REPS; r++)
    for (guint c = 0; c < nc; c++)
      med[c].ok = run_once (&cfg[c], points, reps, mixed, "metrics", &runs[c][r]) && (r == 0 || med[c].ok);
  printf ("\n%s: %u points × %u replications = %u tasks; median of %d runs\n\n", title, points,
          reps, points * reps, REPS);
  printf ("| configuration | wall s | CPU ms/task | coordination CPU ms/task | run-queue wait s | efficiency, own | tasks/s per worker, own | wall-clock speed-up | start-up s |\n"
          "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  double base_rate = 0;
  for (guint c = 0; c < nc; c++)
    {
      if (!med[c].ok)
        {
          printf ("| %s | failed |\n", cfg[c].label);
          continue;
        }
      /* per run, then the median: the efficiency a run had on the worker
       * time it really got. Its denominator is the workers' time (workers
       * × wall) less the time other processes held the CPU they were ready
       * for (run-queue wait), plus the coordination CPU (charged to the
       * scheduler even when it ran on an otherwise idle core). */
      double eff[REPS], own_rate[REPS];
      guint workers = MAX (1u, cfg[c].ranks) * cfg[c].threads;
      for (guint r = 0; r < REPS; r++)
        {
          const Run *x = &runs[c][r];
          double got = workers * x->wall - x->runq_wait + x->coord_cpu;
          /* rank 1 at half speed: the workers are worth 1.5, and rank 1's
           * sleeps are not idle time of the scheduler's making */
          if (cfg[c].slow)
            got = 1.5 * x->wall;
          eff[r] = (x->task_cpu + x->model_cpu) / got;
          own_rate[r] = x->tasks / got;
        }
      medians (runs[c], REPS, &med[c].m);
      const Run *m = &med[c].m;
      double rate = m->tasks / m->wall;
      if (c == 0)
        base_rate = rate;
      double cpu = (m->task_cpu + m->model_cpu) / m->tasks, e = median (eff, REPS);
      printf ("| %s | %.3f | %.3f | %.4f | %.3f | %.3f | %.0f | %.2f | %.2f |\n", cfg[c].label, m->wall,
              cpu * 1e3, m->coord_cpu / m->tasks * 1e3, m->runq_wait, e, median (own_rate, REPS),
              rate / base_rate, m->spawn - m->wall);
      if (!mixed && c == 0)
        proj_task_s = cpu;
      if (!mixed && cfg[c].ranks == 2 && !cfg[c].slow && cfg[c].sched
          && !strcmp (cfg[c].sched, "dynamic"))
        {
          proj_eff = e;
          proj_startup_s = m->spawn - m->wall;
        }
    }
}

/* Cores for N runs in T seconds: N × t / (E × (T − start-up)). */
static void
projection (void)
{
  if (proj_task_s <= 0 || proj_eff <= 0)
    return;
  double eff = MIN (proj_eff, 1.0);
  printf ("\nProjection: %.2f ms CPU per region-year, efficiency %.3f at 2 ranks, start-up %.2f s:\n",
          proj_task_s * 1e3, eff, proj_startup_s);
  const double n[] = { 1e5, 2.1e6 };
  for (guint i = 0; i < G_N_ELEMENTS (n); i++)
    printf ("  %.0f runs in 60 s need %.0f cores\n", n[i],
            ceil (n[i] * proj_task_s / (eff * (60.0 - proj_startup_s))));
}

/* Dynamic hand-out with fixed chunk sizes (PKS_SCHED_CHUNK), 2 ranks. */
static void
chunk_table (void)
{
  const char *sizes[] = { "1", "4", "16", "64" };
  printf ("\nChunk size, 2 ranks, dynamic, uniform tasks (16 × 25); median of %d runs\n\n", REPS);
  printf ("| tasks per chunk | wall s | coordination CPU ms/task | efficiency, own |\n|--:|--:|--:|--:|\n");
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      Config c = { "2 ranks", 2, 1, "dynamic", FALSE };
      Run runs[REPS], m;
      gboolean ok = TRUE;
      g_setenv ("PKS_SCHED_CHUNK", sizes[k], TRUE);
      for (guint r = 0; r < REPS; r++)
        ok = ok && run_once (&c, 16, 25, FALSE, "metrics", &runs[r]);
      g_unsetenv ("PKS_SCHED_CHUNK");
      if (!ok)
        continue;
      double eff[REPS];
      for (guint r = 0; r < REPS; r++)
        eff[r] = (runs[r].task_cpu + runs[r].model_cpu)
                 / (2 * runs[r].wall - runs[r].runq_wait + runs[r].coord_cpu);
      medians (runs, REPS, &m);
      printf ("| %s | %.3f | %.4f | %.3f |\n", sizes[k], m.wall, m.coord_cpu / m.tasks * 1e3,
              median (eff, REPS));
    }
}

static void
gather_table (void)
{
  const char *keeps[] = { "metrics", "monthly", "daily" };
  const char *what[] = { "metrics (pks sweep)", "metrics + monthly", "metrics + monthly + daily (pks run --out)" };
  Config c = { "2 ranks", 2, 1, "dynamic", FALSE };
  printf ("\nCost of the gather, 2 ranks, 8 points × 50 replications; median of %d runs\n\n", REPS);
  printf ("| results carry | bytes/task | gather CPU µs/task | gather CPU / task CPU |\n|---|--:|--:|--:|\n");
  for (guint k = 0; k < G_N_ELEMENTS (keeps); k++)
    {
      Run runs[REPS], m;
      gboolean ok = TRUE;
      for (guint r = 0; r < REPS; r++)
        ok = ok && run_once (&c, 8, 50, FALSE, keeps[k], &runs[r]);
      if (!ok)
        continue;
      medians (runs, REPS, &m);
      /* per task that came from rank 1 (rank 0's own results are never
       * packed); the CPU is rank 1's packing and sending plus rank 0's
       * receiving and unpacking */
      double remote = MAX (1.0, m.gathered);
      printf ("| %s | %.0f | %.1f | %.4f |\n", what[k], m.bytes / remote, m.gather_cpu / remote * 1e6,
              m.gather_cpu / m.task_cpu);
    }
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--worker") == 0)
    return worker (argc, argv);
  self_path = argv[0];
  gboolean mpi = pks_sched_have_mpi () && g_getenv ("PKS_MPIRUN") && *g_getenv ("PKS_MPIRUN");
  printf ("bench-scale: %u CPUs, MPI %s\n", g_get_num_processors (),
          mpi ? "on" : "off (thread configurations only)");
  const Config all[] = {
    { "1 process, 1 thread", 0, 1, NULL, FALSE },
    { "1 process, 2 threads", 0, 2, NULL, FALSE },
    { "MPI 1 rank", 1, 1, NULL, FALSE },
    { "MPI 2 ranks, dynamic", 2, 1, "dynamic", FALSE },
    { "MPI 2 ranks, static cyclic", 2, 1, "static", FALSE },
    /* uneven speeds: rank 1 at half speed (PKS_TEST_SLOW_RANK=1: it
     * sleeps as long as each task ran), as a node shared with another job;
     * dynamic hand-out should adapt, static cannot */
    { "MPI 2 ranks, rank 1 at half speed, dynamic", 2, 1, "dynamic", TRUE },
    { "MPI 2 ranks, rank 1 at half speed, static cyclic", 2, 1, "static", TRUE },
  };
  guint nc = mpi ? G_N_ELEMENTS (all) : 2;
  table ("Uniform tasks (one region-year each)", all, nc, 32, 50, FALSE);
  table ("Mixed tasks (horizons of 91 to 728 days)", all, nc, 16, 25, TRUE);
  if (mpi)
    {
      chunk_table ();
      gather_table ();
      projection ();
    }
  return 0;
}
