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
          guint n_reps, const PksExecOptions *opt, GError **error)
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
  /* prebuilt models do not fail to build, but a rank of an MPI job can
   * fail (and the test hook PKS_TEST_FAIL_RANK=R:work makes one): the
   * caller says so and exits, rather than abort */
  if (!pks_sched_run (&points, tasks, n, seed, &so, store, results, error))
    {
      for (guint i = 0; i < n; i++)
        pks_rep_result_free (results[i]);
      g_free (results);
      return NULL;
    }
  return results;
}
