/* sched.c — the scheduler's worker engine and its single-process backend:
 * worker threads on a GThreadPool take tasks by an atomic counter (dynamic
 * self-scheduling) and hand each result to the caller's sink. The MPI
 * backend (sched-mpi.c) drives the same engine on every rank. */
#include "sched-internal.h"
#include "pks/core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double
pks_thread_cpu_s (void)
{
  struct timespec ts;
  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0.0;
  return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds the calling thread has waited on a run queue: ready to run
 * while other processes had the CPU (Linux schedstat; 0 elsewhere). The
 * benchmark takes this out so that other jobs on a shared machine do not
 * count as the scheduler's idle time. */
double
pks_thread_runq_wait_s (void)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL))
    return 0.0;
  guint64 run = 0, wait = 0;
  if (sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &run, &wait) != 2)
    return 0.0;
  return wait / 1e9;
}

guint
pks_sched_threads (const PksSchedOptions *opt)
{
  /* g_get_num_processors counts the CPUs this process may run on, so a
   * rank bound to one core by mpirun or srun gets one worker */
  return opt && opt->threads ? opt->threads : MAX (1u, g_get_num_processors ());
}

gboolean
pks_sched_slow_hook (guint rank)
{
  const char *v = g_getenv ("PKS_TEST_SLOW_RANK");
  return v && *v && g_ascii_strtoull (v, NULL, 10) == rank;
}

int
pks_sched_test_hook (guint rank)
{
  const char *v = g_getenv ("PKS_TEST_FAIL_RANK");
  if (v == NULL || *v == '\0')
    return 0;
  char *end = NULL;
  guint64 r = g_ascii_strtoull (v, &end, 10);
  if (end == v || r != rank)
    return 0;
  return strcmp (end, ":work") == 0 ? 2 : 1;
}

/* ---------- progress ---------- */

static void
progress_init (Progress *p, const PksSchedOptions *opt, const PksTask *tasks, guint n_tasks,
               guint n_points)
{
  memset (p, 0, sizeof *p);
  p->on = opt && opt->progress && isatty (STDERR_FILENO);
  if (!p->on)
    return;
  p->label = opt->label ? opt->label : "";
  p->t0 = g_get_monotonic_time ();
  p->total_tasks = n_tasks;
  p->left = g_new0 (guint, MAX (1u, n_points));
  for (guint i = 0; i < n_tasks; i++)
    if (p->left[tasks[i].point]++ == 0)
      p->total_points++;
}

/* Called with the sink lock held. */
static void
progress_count (Progress *p, guint point)
{
  if (!p->on)
    return;
  p->done_tasks++;
  if (--p->left[point] == 0)
    p->done_points++;
}

void
pks_progress_draw (Engine *e, gboolean last)
{
  Progress *p = &e->progress;
  if (!p->on)
    return;
  gint64 now = g_get_monotonic_time ();
  if (!last && now - p->last_draw < 200 * G_TIME_SPAN_MILLISECOND)
    return;
  p->last_draw = now;
  g_mutex_lock (&e->sink_lock);
  guint done = p->done_tasks, pts = p->done_points;
  g_mutex_unlock (&e->sink_lock);
  double frac = p->total_tasks ? (double) done / p->total_tasks : 1.0;
  double elapsed = (now - p->t0) / 1e6;
  double eta = frac > 0 ? elapsed * (1.0 - frac) / frac : 0.0;
  int width = 30, fill = (int) (frac * width);
  fprintf (stderr, "\r%s [", p->label);
  for (int i = 0; i < width; i++)
    fputc (i < fill ? '#' : '.', stderr);
  fprintf (stderr, "] %u/%u", done, p->total_tasks);
  if (p->total_points > 1)
    fprintf (stderr, " (points %u/%u)", pts, p->total_points);
  fprintf (stderr, "  ETA %.0f s ", eta);
  if (last)
    fputc ('\n', stderr);
  fflush (stderr);
}

/* ---------- the engine ---------- */

void
pks_engine_init (Engine *e, const PksPoints *points, const PksTask *tasks, guint n_tasks,
                 guint chunk, guint64 seed, const PksSchedOptions *opt, const EngineOps *ops,
                 gpointer user, PksSchedSink sink, gpointer sink_ctx)
{
  memset (e, 0, sizeof *e);
  e->points = points;
  e->tasks = tasks;
  e->n_tasks = n_tasks;
  e->chunk = MAX (1u, chunk);
  e->n_chunks = (n_tasks + e->chunk - 1) / e->chunk;
  e->seed = seed;
  e->keep_daily = opt && opt->keep_daily && !opt->metrics_only;
  e->keep_monthly = !(opt && opt->metrics_only);
  e->ops = ops;
  e->user = user;
  e->sink = sink;
  e->sink_ctx = sink_ctx;
  e->measure_wait = opt && opt->stats;
  e->stop = opt ? opt->stop : NULL;
  g_mutex_init (&e->sink_lock);
  g_mutex_init (&e->lock);
  g_cond_init (&e->cond);
  if (sink)
    progress_init (&e->progress, opt, tasks, n_tasks, points->n_points);
}

void
pks_engine_clear (Engine *e)
{
  g_clear_error (&e->error);
  g_free (e->progress.left);
  g_mutex_clear (&e->sink_lock);
  g_mutex_clear (&e->lock);
  g_cond_clear (&e->cond);
}

void
pks_engine_fail (Engine *e, GError *err)
{
  g_mutex_lock (&e->lock);
  if (e->error == NULL)
    e->error = err;
  else
    g_error_free (err);
  g_cond_broadcast (&e->cond);
  g_mutex_unlock (&e->lock);
  g_atomic_int_set (&e->cancel, 1);
}

void
pks_engine_deliver (Engine *e, guint index, PksRepResult *r)
{
  g_mutex_lock (&e->sink_lock);
  progress_count (&e->progress, e->tasks[index].point);
  e->delivered++;
  e->sink (e->sink_ctx, index, &e->tasks[index], r);
  g_mutex_unlock (&e->sink_lock);
}

/* Whether the workers should take no more tasks: a failure, or the
 * caller's stop flag. */
static gboolean
stopping (Engine *e)
{
  return g_atomic_int_get (&e->cancel) || (e->stop && g_atomic_int_get (e->stop));
}

/* The model of point p: borrowed from the caller's array, or built (and
 * then owned by the worker, *owned). */
static const PksModel *
acquire (Engine *e, guint p, PksModel **owned, GError **error)
{
  if (g_atomic_int_compare_and_exchange (&e->inject_failure, 1, 0))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED,
                   "design point %u: failure injected by PKS_TEST_FAIL_RANK", p);
      return NULL;
    }
  if (e->points->models)
    return e->points->models[p];
  *owned = e->points->build (e->points->ctx, p, error);
  return *owned;
}

static void
worker (gpointer data, gpointer user)
{
  (void) data;
  Engine *e = user;
  PksSim *sim = NULL;
  PksModel *owned = NULL;
  const PksModel *m = NULL;
  gint64 cur = -1;
  double task_s = 0, model_s = 0, wait0 = e->measure_wait ? pks_thread_runq_wait_s () : 0;
  gint c;
  while (!stopping (e) && (c = e->ops->next_chunk (e)) >= 0)
    {
      guint lo = (guint) c * e->chunk, hi = MIN (e->n_tasks, lo + e->chunk);
      gboolean complete = TRUE;
      for (guint t = lo; t < hi; t++)
        {
          if (stopping (e))
            {
              complete = FALSE;
              break;
            }
          const PksTask *task = &e->tasks[t];
          if ((gint64) task->point != cur)
            {
              g_clear_pointer (&sim, pks_sim_free);
              g_clear_pointer (&owned, pks_model_free);
              cur = -1;
              GError *err = NULL;
              double c0 = pks_thread_cpu_s ();
              m = acquire (e, task->point, &owned, &err);
              model_s += pks_thread_cpu_s () - c0;
              if (m == NULL)
                {
                  pks_engine_fail (e, err);
                  complete = FALSE;
                  break;
                }
              sim = pks_sim_new (m);
              cur = task->point;
            }
          PksRepResult *r = pks_rep_result_new_with (m, e->keep_daily, e->keep_monthly);
          double c0 = pks_thread_cpu_s ();
          pks_sim_run (sim, e->seed, task->rep, r);
          double dt = pks_thread_cpu_s () - c0;
          task_s += dt;
          if (e->slow)
            g_usleep ((gulong) (dt * 1e6));   /* bench hook: a node at half speed */
          e->ops->task_done (e, (guint) c, t, r);
        }
      if (e->ops->chunk_done)
        e->ops->chunk_done (e, (guint) c, complete);
    }
  pks_sim_free (sim);
  pks_model_free (owned);
  double waited = e->measure_wait ? pks_thread_runq_wait_s () - wait0 : 0;
  g_mutex_lock (&e->lock);
  e->task_cpu_s += task_s;
  e->model_cpu_s += model_s;
  e->runq_wait_s += waited;
  e->workers_left--;
  g_cond_broadcast (&e->cond);
  g_mutex_unlock (&e->lock);
}

void
pks_engine_start (Engine *e, guint threads)
{
  threads = MAX (1u, threads);
  e->workers_left = threads;
  e->pool = g_thread_pool_new (worker, e, (gint) threads, TRUE, NULL);
  for (guint i = 0; i < threads; i++)
    g_thread_pool_push (e->pool, GUINT_TO_POINTER (i + 1), NULL);
}

void
pks_engine_run_here (Engine *e)
{
  e->workers_left = 1;
  worker (NULL, e);
}

gboolean
pks_engine_wait (Engine *e, gint64 timeout_us)
{
  g_mutex_lock (&e->lock);
  if (e->workers_left > 0 && timeout_us > 0)
    g_cond_wait_until (&e->cond, &e->lock, g_get_monotonic_time () + timeout_us);
  gboolean finished = e->workers_left == 0;
  g_mutex_unlock (&e->lock);
  return finished;
}

void
pks_engine_join (Engine *e)
{
  if (e->pool)
    g_thread_pool_free (e->pool, FALSE, TRUE);
  e->pool = NULL;
}

/* ---------- the single-process backend ---------- */

typedef struct {
  gint next;    /* atomic: next chunk */
} Local;

static gint
local_next (Engine *e)
{
  Local *l = e->user;
  gint c = g_atomic_int_add (&l->next, 1);
  return c < (gint) e->n_chunks ? c : -1;
}

static void
local_done (Engine *e, guint chunk, guint index, PksRepResult *r)
{
  (void) chunk;
  pks_engine_deliver (e, index, r);
}

static const EngineOps local_ops = { local_next, local_done, NULL };

static gboolean
run_local (const PksPoints *points, const PksTask *tasks, guint n_tasks, guint64 seed,
           const PksSchedOptions *opt, PksSchedSink sink, gpointer ctx, GError **error)
{
  Local l = { 0 };
  Engine e;
  /* one task per chunk: the counter is the cheapest balance there is */
  pks_engine_init (&e, points, tasks, n_tasks, 1, seed, opt, &local_ops, &l, sink, ctx);
  guint threads = MIN (pks_sched_threads (opt), MAX (1u, n_tasks));
  if (pks_sched_test_hook (0) == 2)
    e.inject_failure = 1;
  gint64 t0 = g_get_monotonic_time ();
  if (threads == 1 && !e.progress.on)
    pks_engine_run_here (&e);
  else
    {
      pks_engine_start (&e, threads);
      while (!pks_engine_wait (&e, 200 * G_TIME_SPAN_MILLISECOND))
        pks_progress_draw (&e, FALSE);
      pks_engine_join (&e);
    }
  pks_progress_draw (&e, TRUE);
  if (opt && opt->stats)
    {
      PksSchedStats *s = opt->stats;
      memset (s, 0, sizeof *s);
      s->ranks = 1;
      s->threads = threads;
      s->tasks = n_tasks;
      s->chunks = e.n_chunks;
      s->wall_s = (g_get_monotonic_time () - t0) / 1e6;
      s->task_cpu_s = e.task_cpu_s;
      s->model_cpu_s = e.model_cpu_s;
      s->runq_wait_s = e.runq_wait_s;
    }
  if (e.error == NULL && e.delivered < n_tasks)
    e.error = g_error_new (PKS_ERROR, PKS_ERROR_CANCELLED, "stopped after %u of %u replications",
                           e.delivered, n_tasks);
  gboolean ok = e.error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&e.error));
  pks_engine_clear (&e);
  return ok;
}

/* ---------- the public API ---------- */

gboolean
pks_sched_run (const PksPoints *points, const PksTask *tasks, guint n_tasks, guint64 seed,
               const PksSchedOptions *opt, PksSchedSink sink, gpointer ctx, GError **error)
{
  g_return_val_if_fail (points && (points->models || points->build), FALSE);
  g_return_val_if_fail (sink != NULL, FALSE);
#ifdef PKS_HAVE_MPI
  if (pks_mpi_size () > 1)
    return pks_mpi_run (points, tasks, n_tasks, seed, opt, sink, ctx, error);
#endif
  return run_local (points, tasks, n_tasks, seed, opt, sink, ctx, error);
}

PksTask *
pks_sched_grid (guint n_points, guint rep_first, guint n_reps)
{
  PksTask *t = g_new (PksTask, MAX (1u, (gsize) n_points * n_reps));
  for (guint p = 0; p < n_points; p++)
    for (guint i = 0; i < n_reps; i++)
      t[(gsize) p * n_reps + i] = (PksTask) { p, rep_first + i };
  return t;
}

gboolean
pks_sched_have_mpi (void)
{
#ifdef PKS_HAVE_MPI
  return TRUE;
#else
  return FALSE;
#endif
}

guint
pks_sched_rank (void)
{
#ifdef PKS_HAVE_MPI
  return pks_mpi_rank ();
#else
  return 0;
#endif
}

guint
pks_sched_size (void)
{
#ifdef PKS_HAVE_MPI
  return pks_mpi_size ();
#else
  return 1;
#endif
}

gboolean
pks_sched_is_root (void)
{
  return pks_sched_rank () == 0;
}

void
pks_sched_finalize (void)
{
#ifdef PKS_HAVE_MPI
  pks_mpi_finalize ();
#endif
}

int
pks_sched_share_files (PksFiles *files, int status)
{
#ifdef PKS_HAVE_MPI
  if (pks_mpi_size () > 1)
    return pks_mpi_share_files (files, status);
#endif
  (void) files;
  return status;
}

int
pks_sched_agree (int status, const char *mine, char **message)
{
#ifdef PKS_HAVE_MPI
  if (pks_mpi_size () > 1)
    return pks_mpi_agree (status, mine, message);
#endif
  if (message)
    *message = status && mine ? g_strdup (mine) : NULL;
  return status;
}

int
pks_sched_bcast_int (int value)
{
#ifdef PKS_HAVE_MPI
  if (pks_mpi_size () > 1)
    return pks_mpi_bcast_int (value);
#endif
  return value;
}

GBytes *
pks_sched_bcast_bytes (GBytes *bytes)
{
#ifdef PKS_HAVE_MPI
  if (pks_mpi_size () > 1)
    return pks_mpi_bcast_bytes (bytes);
#endif
  return bytes ? g_bytes_ref (bytes) : g_bytes_new (NULL, 0);
}
