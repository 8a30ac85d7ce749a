/* runner.c — pks_exec, the array-returning front of the scheduler
 * (sched.c): every replication of every model, each result kept in its
 * own slot, so the outcome is byte-identical for any number of threads or
 * MPI ranks. Callers that must not keep every result use pks_sched_run
 * with a sink that reduces as results arrive. */
#include "pks/exp/runner.h"
#include "pks/exp/sched.h"

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

PksRepResult **
pks_exec (const PksModel *const *models, guint n_models, guint64 seed, guint rep_first,
          guint n_reps, const PksExecOptions *opt)
{
  guint n = n_models * n_reps;
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
  g_autoptr (GError) err = NULL;
  /* prebuilt models cannot fail to build, and nothing else can fail */
  if (!pks_sched_run (&points, tasks, n, seed, &so, store, results, &err))
    g_error ("pks_exec: %s", err->message);
  return results;
}
