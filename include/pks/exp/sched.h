/* sched.h — the work scheduler behind every experiment (run, compare,
 * sweep, optimise): tasks (design point, replication), independent because
 * random streams are keyed by (seed, replication, name), run by worker
 * threads in one process or by the ranks of an MPI job, and handed to the
 * caller on rank 0 one at a time. Outcomes never depend on the number of
 * threads or ranks as long as the caller reduces in a fixed order.
 *
 * Under MPI every rank runs the same command: rank 0 reads and validates
 * the input and shares it (pks_sched_share_files), every rank builds the
 * same points from it, calls pks_sched_run with the same arguments, and
 * only rank 0 receives results and writes outputs. */
#ifndef PKS_SCHED_H
#define PKS_SCHED_H

#include <glib.h>
#include "pks/model/model.h"
#include "pks/input/load.h"

G_BEGIN_DECLS

/* One unit of work: replication rep of design point point. */
typedef struct {
  guint point;
  guint rep;
} PksTask;

/* The design points tasks refer to: either prebuilt models (borrowed), or
 * build, called on any rank from worker threads, concurrently, to compile
 * point p when a worker first needs it (transfer full; the scheduler frees
 * it). Building on demand keeps memory to a few models per thread however
 * many points a sweep has. */
typedef struct {
  guint n_points;
  const PksModel *const *models;
  PksModel *(*build) (gpointer ctx, guint point, GError **error);
  gpointer ctx;
} PksPoints;

/* How MPI ranks get chunks of tasks: dynamic self-scheduling (rank 0 hands
 * the next chunk to whichever rank asks) or static cyclic (chunk c to rank
 * c mod ranks). AUTO takes the one measured faster (docs/scale.md), unless
 * the environment says PKS_SCHED=static or dynamic. */
typedef enum { PKS_SCHED_AUTO, PKS_SCHED_DYNAMIC, PKS_SCHED_STATIC } PksSchedPolicy;

/* Where the time went, summed over every rank (filled on rank 0). CPU
 * times are per-thread CPU clocks, so other jobs on the machine do not
 * inflate them. */
typedef struct {
  guint ranks;
  guint threads;            /* worker threads, summed over ranks */
  guint64 tasks, chunks;
  guint64 gathered_bytes;   /* result bytes sent to rank 0 */
  guint64 gathered_tasks;   /* results that came from other ranks */
  double wall_s;            /* rank 0, from start to the last result */
  double task_cpu_s;        /* running replications */
  double model_cpu_s;       /* compiling design points */
  double gather_cpu_s;      /* packing, sending, receiving and unpacking results */
  double coord_cpu_s;       /* the ranks' coordinating threads, gather included */
  double runq_wait_s;       /* workers ready to run while other processes had the
                             * CPU (Linux schedstat; 0 elsewhere) */
} PksSchedStats;

typedef struct {
  guint threads;            /* worker threads in each process; 0 = its processors */
  gboolean keep_daily;      /* results carry daily census arrays (daily.csv) */
  gboolean metrics_only;    /* results carry metrics, events and balance only:
                             * no monthly arrays (NULL), less to keep and gather */
  gboolean progress;        /* progress bar with ETA on stderr of rank 0, if a terminal */
  const char *label;        /* shown before the bar */
  guint chunk;              /* tasks per chunk for MPI ranks; 0 = automatic */
  PksSchedPolicy policy;
  PksSchedStats *stats;     /* filled on rank 0 when not NULL */
  /* One process only (pks serve): when not NULL, the workers take no
   * more tasks once *stop (read atomically) is nonzero, and a run stopped
   * before its last task fails with PKS_ERROR_CANCELLED. */
  const gint *stop;
} PksSchedOptions;

/* Receives each finished task on rank 0, one call at a time (never two at
 * once, from any thread), in no particular order: index is the task's
 * position in the list. r: (transfer full). */
typedef void (*PksSchedSink) (gpointer ctx, guint index, const PksTask *task, PksRepResult *r);

/* Run every task with keyed streams (seed, task.rep, name). Collective
 * under MPI: every rank calls it with the same points, tasks and options.
 * Returns FALSE on every rank when any rank failed (a point that does not
 * build); error then holds the first failure, on rank 0 prefixed with the
 * rank it happened on. The sink is called on rank 0 only. */
gboolean pks_sched_run (const PksPoints *points, const PksTask *tasks, guint n_tasks,
                        guint64 seed, const PksSchedOptions *opt, PksSchedSink sink,
                        gpointer ctx, GError **error);

/* Replications rep_first … rep_first+n_reps-1 of every point, point-major:
 * task index = point * n_reps + i. (transfer full) */
PksTask *pks_sched_grid (guint n_points, guint rep_first, guint n_reps);

/* ---- the processes of a run ---- */

/* This process's rank and the number of ranks. Without MPI, or when not
 * started by mpirun or srun, rank 0 of 1. The first call starts MPI when
 * the process was launched by an MPI starter. */
guint pks_sched_rank (void);
guint pks_sched_size (void);
gboolean pks_sched_is_root (void);
/* TRUE when pks was built with MPI (-Dmpi). */
gboolean pks_sched_have_mpi (void);
/* End MPI if it was started; call once before exit. */
void pks_sched_finalize (void);

/* After rank 0 has read and validated its input through files, share it:
 * rank 0 passes the status of that (0 = fine; otherwise it has printed
 * why), other ranks pass 0 and an empty cache, which is then filled with
 * rank 0's files (and its working directory) and sealed. Returns rank 0's
 * status on every rank. Test hook: PKS_TEST_FAIL_RANK=R spoils the copies
 * rank R receives, as a rank with corrupt input would see them. */
int pks_sched_share_files (PksFiles *files, int status);

/* Every rank gives its status (0 = fine) and, when not fine, a message.
 * Returns the highest status, the same on every rank. On rank 0,
 * *message (transfer full, may be NULL) is the lowest failing rank's
 * message, prefixed "rank R: " when R is not 0. */
int pks_sched_agree (int status, const char *mine, char **message);

/* Rank 0's value on every rank (for decisions taken on rank 0: stop
 * early, the next batch of an optimiser). */
int pks_sched_bcast_int (int value);
/* Rank 0's bytes on every rank. (transfer full) */
GBytes *pks_sched_bcast_bytes (GBytes *bytes);

G_END_DECLS

#endif
