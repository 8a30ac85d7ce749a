/* runner.c — pks_exec, the array-returning front of the scheduler
 * (sched.c): every replication of every model, each result kept in its
 * own slot, so the outcome is byte-identical for any number of threads or
 * MPI ranks. Callers that must not keep every result use pks_sched_run
 * with a sink that reduces as results arrive.
 *
 * With share_base, a replication is one task: the base runs up to the
 * first day each plan may differ on, a copy of its state goes on under
 * the plan (fork.c), and the base goes on; a plan that differs from the
 * first day runs from its start in the same task. Each result is still
 * that of its own (model, seed, replication), so nothing changes but the
 * time. */
#include "pks/exp/runner.h"
#include "pks/exp/sched.h"
#include "sched-internal.h"

#include <stdio.h>
#include <unistd.h>

guint
pks_exec_default_threads (void)
{
  return MAX (1u, g_get_num_processors ());
}

static void
store (gpointer ctx, guint index, const PksTask *task, PksRepResult *r)
{
  (void) task;
  PksRepResult **slots = ctx;
  slots[index] = r;
}

guint *
pks_exec_shared_days (const PksModel *const *models, guint n_models)
{
  guint *d = g_new0 (guint, MAX (1u, n_models));
  for (guint i = 1; i < n_models; i++)
    d[i] = pks_model_shared_days (models[0], models[i]);
  return d;
}

typedef struct {
  const PksModel *const *models;
  guint n_models, rep_first, n_reps;
  guint64 seed;
  const guint *shared;         /* [model] the day a plan forks from the base, 0: none */
  const guint *order;          /* the plans that fork, by that day */
  guint n_order;
  gboolean keep_daily, keep_monthly;
  PksRepResult **results;      /* [model * n_reps + i] */
  gint next;                   /* atomic: the next replication */
  gint done;                   /* atomic: replications finished */
  gint workers;                /* atomic: workers still running */
} Shared;

/* One replication of the base and every plan. */
static void
shared_rep (const Shared *sh, PksSim **sims, guint i)
{
  guint64 rep = sh->rep_first + i;
  guint n = sh->n_models;
  PksRepResult **out = g_newa (PksRepResult *, n);
  gboolean *forked = g_newa (gboolean, n);
  for (guint p = 0; p < n; p++)
    {
      out[p] = pks_rep_result_new_with (sh->models[p], sh->keep_daily, sh->keep_monthly);
      sh->results[(gsize) p * sh->n_reps + i] = out[p];
      forked[p] = FALSE;
    }
  pks_sim_begin (sims[0], sh->seed, rep, out[0]);
  gboolean ended = FALSE;
  for (guint k = 0; k < sh->n_order && !ended; k++)
    {
      guint p = sh->order[k];
      ended = pks_sim_advance (sims[0], sh->shared[p]);
      forked[p] = !ended && pks_sim_fork (sims[p], sims[0]);
    }
  if (!ended)
    pks_sim_advance (sims[0], G_MAXUINT);
  pks_sim_end (sims[0], out[0]);
  for (guint p = 1; p < n; p++)
    {
      if (!forked[p])
        pks_sim_begin (sims[p], sh->seed, rep, out[p]);
      pks_sim_advance (sims[p], G_MAXUINT);
      pks_sim_end (sims[p], out[p]);
    }
}

static void
shared_worker (gpointer data, gpointer user)
{
  (void) data;
  Shared *sh = user;
  PksSim **sims = g_new (PksSim *, sh->n_models);
  for (guint p = 0; p < sh->n_models; p++)
    sims[p] = pks_sim_new (sh->models[p]);
  gint i;
  while ((i = g_atomic_int_add (&sh->next, 1)) < (gint) sh->n_reps)
    {
      shared_rep (sh, sims, (guint) i);
      g_atomic_int_inc (&sh->done);
    }
  for (guint p = 0; p < sh->n_models; p++)
    pks_sim_free (sims[p]);
  g_free (sims);
  g_atomic_int_dec_and_test (&sh->workers);
}

/* The scheduler's progress bar (sched.c), drawn here while the workers
 * run: replications done of all, and the time left at the pace so far. */
static void
draw_progress (const char *label, guint done, guint total, gint64 t0, gboolean last)
{
  double frac = total ? (double) done / total : 1.0;
  double elapsed = (g_get_monotonic_time () - t0) / 1e6;
  double eta = frac > 0 ? elapsed * (1.0 - frac) / frac : 0.0;
  int width = 30, fill = (int) (frac * width);
  fprintf (stderr, "\r%s [", label ? label : "");
  for (int k = 0; k < width; k++)
    fputc (k < fill ? '#' : '.', stderr);
  fprintf (stderr, "] %u/%u  ETA %.0f s ", done, total, eta);
  if (last)
    fputc ('\n', stderr);
  fflush (stderr);
}

static gint
by_day (gconstpointer a, gconstpointer b, gpointer shared)
{
  const guint *d = shared;
  guint x = d[*(const guint *) a], y = d[*(const guint *) b];
  return x < y ? -1 : x > y;
}

/* pks_exec with share_base in one process, or NULL when no plan shares a
 * day with the base (then the scheduler runs each model alone). */
static PksRepResult **
exec_shared (const PksModel *const *models, guint n_models, guint64 seed, guint rep_first,
             guint n_reps, const PksExecOptions *opt)
{
  g_autofree guint *shared = pks_exec_shared_days (models, n_models);
  g_autofree guint *order = g_new (guint, n_models);
  guint n_order = 0;
  for (guint p = 1; p < n_models; p++)
    if (shared[p] > 0)
      order[n_order++] = p;
  if (n_order == 0)
    return NULL;
  g_qsort_with_data (order, (gint) n_order, sizeof (guint), by_day, shared);
  Shared sh = { models, n_models, rep_first, n_reps, seed, shared, order, n_order,
                opt->keep_daily && !opt->metrics_only, !opt->metrics_only,
                g_new0 (PksRepResult *, (gsize) n_models * n_reps), 0, 0, 0 };
  guint threads = MIN (opt->threads ? opt->threads : pks_exec_default_threads (), n_reps);
  gboolean progress = opt->progress && isatty (STDERR_FILENO);
  sh.workers = (gint) threads;
  if (threads <= 1 && !progress)
    shared_worker (NULL, &sh);
  else
    {
      gint64 t0 = g_get_monotonic_time ();
      GThreadPool *pool = g_thread_pool_new (shared_worker, &sh, (gint) threads, TRUE, NULL);
      for (guint t = 0; t < threads; t++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (t + 1), NULL);
      while (progress && g_atomic_int_get (&sh.workers) > 0)
        {
          draw_progress (opt->label, (guint) g_atomic_int_get (&sh.done), n_reps, t0, FALSE);
          g_usleep (200 * 1000);
        }
      g_thread_pool_free (pool, FALSE, TRUE);
      if (progress)
        draw_progress (opt->label, n_reps, n_reps, t0, TRUE);
    }
  return sh.results;
}

PksRepResult **
pks_exec (const PksModel *const *models, guint n_models, guint64 seed, guint rep_first,
          guint n_reps, const PksExecOptions *opt, GError **error)
{
  guint n = n_models * n_reps;
  /* PKS_TEST_NO_FORK=1: each model alone, for the tests that compare;
   * and the scheduler's own hooks inject their failures into its tasks */
  const char *no_fork = g_getenv ("PKS_TEST_NO_FORK");
  if (opt && opt->share_base && n_models > 1 && n_reps > 0 && pks_sched_size () == 1
      && !(no_fork && *no_fork) && pks_sched_test_hook (0) == 0 && !pks_sched_slow_hook (0))
    {
      PksRepResult **r = exec_shared (models, n_models, seed, rep_first, n_reps, opt);
      if (r)
        return r;
    }
  PksRepResult **results = g_new0 (PksRepResult *, MAX (1u, n));
  g_autofree PksTask *tasks = pks_sched_grid (n_models, rep_first, n_reps);
  PksPoints points = { n_models, models, NULL, NULL };
  PksSchedOptions so = { 0 };
  if (opt)
    {
      so.threads = opt->threads;
      so.keep_daily = opt->keep_daily;
      so.progress = opt->progress;
      so.label = opt->label;
      so.metrics_only = opt->metrics_only;
    }
  /* prebuilt models do not fail to build, but a rank of an MPI job can
   * fail (and the test hook PKS_TEST_FAIL_RANK=R:work makes one): the
   * caller says so and exits, rather than abort */
  if (!pks_sched_run (&points, tasks, n, seed, &so, store, results, error))
    {
      pks_rep_results_free (results, n);
      return NULL;
    }
  return results;
}
