/* runner.c — the work scheduler: tasks (model, replication) handed out by
 * an atomic counter to worker loops on their own threads (dynamic
 * self-scheduling), joined before pks_exec returns. Each task writes only
 * its own result slot, so the outcome is byte-identical for any number of
 * threads. */
#include "pks/runner.h"

#include <stdio.h>
#include <unistd.h>

typedef struct {
  const PksModel *const *models;
  guint n_models, n_reps, rep_first;
  guint64 seed;
  gboolean keep_daily;
  PksRepResult **results;
  gint next;          /* atomic: next task to take */
  gint done;          /* atomic: tasks finished */
  guint n_tasks;
  GMutex lock;
  GCond cond;
  guint workers_left;
} Job;

guint
pks_exec_default_threads (void)
{
  return MAX (1u, g_get_num_processors ());
}

static void
worker (gpointer data, gpointer user)
{
  (void) data;
  Job *job = user;
  PksSim *sim = NULL;
  const PksModel *sim_model = NULL;
  for (;;)
    {
      gint t = g_atomic_int_add (&job->next, 1);
      if (t >= (gint) job->n_tasks)
        break;
      guint mi = (guint) t / job->n_reps, ri = (guint) t % job->n_reps;
      const PksModel *m = job->models[mi];
      if (m != sim_model)
        {
          pks_sim_free (sim);
          sim = pks_sim_new (m);
          sim_model = m;
        }
      PksRepResult *r = pks_rep_result_new (m, job->keep_daily);
      pks_sim_run (sim, job->seed, job->rep_first + ri, r);
      job->results[t] = r;
      g_atomic_int_inc (&job->done);
    }
  pks_sim_free (sim);
  g_mutex_lock (&job->lock);
  job->workers_left--;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

static gpointer
worker_thread (gpointer job)
{
  worker (NULL, job);
  return NULL;
}

static void
draw_progress (const char *label, guint done, guint total, gint64 t0)
{
  double frac = total ? (double) done / total : 1.0;
  double elapsed = (g_get_monotonic_time () - t0) / 1e6;
  double eta = frac > 0 ? elapsed * (1.0 - frac) / frac : 0.0;
  int width = 30, fill = (int) (frac * width);
  fprintf (stderr, "\r%s [", label ? label : "");
  for (int i = 0; i < width; i++)
    fputc (i < fill ? '#' : '.', stderr);
  fprintf (stderr, "] %u/%u  ETA %.0f s ", done, total, eta);
  fflush (stderr);
}

PksRepResult **
pks_exec (const PksModel *const *models, guint n_models, guint64 seed, guint rep_first,
          guint n_reps, const PksExecOptions *opt)
{
  Job job = { 0 };
  job.models = models;
  job.n_models = n_models;
  job.n_reps = n_reps;
  job.rep_first = rep_first;
  job.seed = seed;
  job.keep_daily = opt ? opt->keep_daily : FALSE;
  job.n_tasks = n_models * n_reps;
  job.results = g_new0 (PksRepResult *, MAX (1u, job.n_tasks));
  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);
  guint threads = opt && opt->threads ? opt->threads : pks_exec_default_threads ();
  threads = MAX (1u, MIN (threads, job.n_tasks));
  gboolean bar = opt && opt->progress && isatty (STDERR_FILENO);
  gint64 t0 = g_get_monotonic_time ();

  if (threads == 1)
    {
      /* no pool needed; same code path as a worker */
      job.workers_left = 1;
      worker (NULL, &job);
    }
  else
    {
      job.workers_left = threads;
      /* plain threads, joined below: none outlives pks_exec (a thread
       * pool keeps idle threads for later, which memcheck reports) */
      g_autofree GThread **th = g_new (GThread *, threads);
      for (guint i = 0; i < threads; i++)
        th[i] = g_thread_new ("pks-worker", worker_thread, &job);
      g_mutex_lock (&job.lock);
      while (job.workers_left > 0)
        {
          if (bar)
            {
              g_mutex_unlock (&job.lock);
              draw_progress (opt->label, (guint) g_atomic_int_get (&job.done), job.n_tasks, t0);
              g_mutex_lock (&job.lock);
            }
          g_cond_wait_until (&job.cond, &job.lock, g_get_monotonic_time () + 200 * G_TIME_SPAN_MILLISECOND);
        }
      g_mutex_unlock (&job.lock);
      for (guint i = 0; i < threads; i++)
        g_thread_join (th[i]);
    }
  if (bar)
    {
      draw_progress (opt->label, job.n_tasks, job.n_tasks, t0);
      fputc ('\n', stderr);
    }
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);
  return job.results;
}
