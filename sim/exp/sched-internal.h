/* sched-internal.h — the worker engine that both backends of the scheduler
 * drive (threads in one process, and each MPI rank's threads), and the
 * progress bar. Not public API. */
#ifndef PKS_SCHED_INTERNAL_H
#define PKS_SCHED_INTERNAL_H

#include "pks/exp/sched.h"

G_BEGIN_DECLS

typedef struct _Engine Engine;

/* Called from worker threads. */
typedef struct {
  /* The next chunk for this process, or -1 when there is none. May block. */
  gint (*next_chunk) (Engine *e);
  /* Task index of chunk finished with result r (transfer full). */
  void (*task_done) (Engine *e, guint chunk, guint index, PksRepResult *r);
  /* Every task of chunk is done (complete) or it was cut short by a
   * cancel or a failure. Optional. */
  void (*chunk_done) (Engine *e, guint chunk, gboolean complete);
} EngineOps;

/* Progress of the whole run as rank 0 sees it: tasks and points done. */
typedef struct {
  gboolean on;
  const char *label;
  gint64 t0, last_draw;
  guint total_tasks, total_points, done_tasks, done_points;
  guint *left;                /* tasks left per point */
} Progress;

struct _Engine {
  const PksPoints *points;
  const PksTask *tasks;
  guint n_tasks, chunk, n_chunks;
  guint64 seed;
  gboolean keep_daily, keep_monthly;
  const EngineOps *ops;
  gpointer user;              /* the backend's state */
  gint cancel;                /* atomic: take no more tasks */
  const gint *stop;           /* the caller's stop flag (atomic), or NULL */
  guint delivered;            /* tasks handed to the sink (under sink_lock) */
  gint inject_failure;        /* atomic: test hook, the next model build fails */
  gboolean slow;              /* bench hook: sleep as long as each task ran */

  /* delivery to the caller's sink (rank 0) */
  PksSchedSink sink;
  gpointer sink_ctx;
  GMutex sink_lock;           /* serialises sink calls and progress counts */
  Progress progress;

  GMutex lock;                /* the fields below */
  GCond cond;
  guint workers_left;
  GError *error;              /* the first failure */
  double task_cpu_s, model_cpu_s, runq_wait_s;
  gboolean measure_wait;      /* stats asked for: read the run-queue waits */
  GThreadPool *pool;
};

void pks_engine_init (Engine *e, const PksPoints *points, const PksTask *tasks, guint n_tasks,
                      guint chunk, guint64 seed, const PksSchedOptions *opt, const EngineOps *ops,
                      gpointer user, PksSchedSink sink, gpointer sink_ctx);
/* Start threads workers (at least 1) on a pool. */
void pks_engine_start (Engine *e, guint threads);
/* Run one worker in the calling thread, until no chunk is left. */
void pks_engine_run_here (Engine *e);
/* Wait at most timeout_us for a worker to signal; TRUE when every worker
 * has finished. */
gboolean pks_engine_wait (Engine *e, gint64 timeout_us);
/* Join the pool (workers must have finished or be about to). */
void pks_engine_join (Engine *e);
/* Record a failure (the first one wins; err is taken) and cancel. */
void pks_engine_fail (Engine *e, GError *err);
/* Hand a result to the sink under the sink lock and count it. */
void pks_engine_deliver (Engine *e, guint index, PksRepResult *r);
void pks_engine_clear (Engine *e);

void pks_progress_draw (Engine *e, gboolean last);

/* CPU seconds used by the calling thread, and seconds it waited, ready,
 * for a CPU that other processes had. */
double pks_thread_cpu_s (void);
double pks_thread_runq_wait_s (void);
guint pks_sched_threads (const PksSchedOptions *opt);
/* The test hook PKS_TEST_FAIL_RANK=R[:work] for this rank: 1 = spoil the
 * shared input, 2 = fail the first task, 0 = nothing. */
int pks_sched_test_hook (guint rank);
/* PKS_TEST_SLOW_RANK=R: rank R's workers run at half speed (they sleep as
 * long as each task took), a node shared with another job, for the
 * benchmark of static against dynamic hand-out. */
gboolean pks_sched_slow_hook (guint rank);

/* pack.c: a replication's result as bytes, for MPI messages and the
 * base cache (cache.c): appended to a, with its task index. */
void pks_rep_result_pack (GByteArray *a, guint32 index, const PksRepResult *r, gboolean monthly);
/* The result at p (which must not pass end) into *out; the position after
 * it, or NULL when the bytes end early or say impossible sizes. */
const guint8 *pks_rep_result_unpack (const guint8 *p, const guint8 *end, guint *index,
                                     PksRepResult **out);

#ifdef PKS_HAVE_MPI
/* sched-mpi.c: the MPI backend, used when the job has more than one rank. */
guint pks_mpi_rank (void);
guint pks_mpi_size (void);
void pks_mpi_finalize (void);
gboolean pks_mpi_run (const PksPoints *points, const PksTask *tasks, guint n_tasks, guint64 seed,
                      const PksSchedOptions *opt, PksSchedSink sink, gpointer ctx, GError **error);
int pks_mpi_share_files (PksFiles *files, int status);
int pks_mpi_agree (int status, const char *mine, char **message);
int pks_mpi_bcast_int (int value);
GBytes *pks_mpi_bcast_bytes (GBytes *bytes);
#endif

G_END_DECLS

#endif
