/* sched-mpi.c — the scheduler's MPI backend: rank 0 shares its input,
 * hands out chunks of tasks (dynamic self-scheduling or static cyclic),
 * runs chunks of its own, and receives every other rank's results packed
 * as bytes; the other ranks run their chunks on their own worker threads.
 * Only each rank's main thread calls MPI (MPI_THREAD_FUNNELED). */
#include "sched-internal.h"
#include "pks/core/error.h"
#include "pks/model/balance.h"

#include <mpi.h>
#include <string.h>

/* Which policy AUTO means: the faster in tests/bench/bench-scale.c, see
 * docs/scale.md. */
#define DEFAULT_POLICY PKS_SCHED_DYNAMIC

enum { TAG_REQ = 1, TAG_GRANT, TAG_RESULT, TAG_ERROR, TAG_DONE, TAG_ABORT, TAG_FIN };

static int state;             /* 0 not yet looked, 1 MPI running, 2 no MPI */
static int my_rank, n_ranks = 1;
static MPI_Comm comm;         /* our own copy of MPI_COMM_WORLD */

/* Started by mpirun, mpiexec or srun? Their process managers leave these
 * in the environment; PKS_MPI=1 or 0 says it outright. Without them pks
 * does not start MPI at all, so a plain `pks run` never pays for it. */
static gboolean
launched_by_mpi (void)
{
  const char *force = g_getenv ("PKS_MPI");
  if (force && *force)
    return strcmp (force, "0") != 0;
  return g_getenv ("OMPI_COMM_WORLD_SIZE") || g_getenv ("PMIX_RANK") || g_getenv ("PMI_RANK")
         || g_getenv ("PMI_SIZE");
}

static void
ensure (void)
{
  if (state != 0)
    return;
  if (!launched_by_mpi ())
    {
      state = 2;
      return;
    }
  int inited = 0, provided = 0;
  MPI_Initialized (&inited);
  if (!inited)
    MPI_Init_thread (NULL, NULL, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_dup (MPI_COMM_WORLD, &comm);
  MPI_Comm_rank (comm, &my_rank);
  MPI_Comm_size (comm, &n_ranks);
  state = 1;
}

guint
pks_mpi_rank (void)
{
  ensure ();
  return (guint) my_rank;
}

guint
pks_mpi_size (void)
{
  ensure ();
  return (guint) n_ranks;
}

void
pks_mpi_finalize (void)
{
  if (state != 1)
    return;
  int done = 0;
  MPI_Finalized (&done);
  if (!done)
    {
      MPI_Comm_free (&comm);
      MPI_Finalize ();
    }
  state = 2;
}

/* Wait for a nonblocking operation without spinning: a blocking MPI
 * collective busy-polls, so ranks waiting while rank 0 validates a large
 * design or writes its outputs would burn their cores for nothing. */
static void
wait_quietly (MPI_Request *req)
{
  gulong us = 20;
  for (;;)
    {
      int done = 0;
      MPI_Test (req, &done, MPI_STATUS_IGNORE);
      if (done)
        return;
      g_usleep (us);
      us = MIN (us * 2, 2000);
    }
}

static void
bcast (void *data, int count, MPI_Datatype type)
{
  MPI_Request req;
  MPI_Ibcast (data, count, type, 0, comm, &req);
  wait_quietly (&req);
}

static void
allreduce (const void *in, void *out, MPI_Op op)
{
  MPI_Request req;
  MPI_Iallreduce (in, out, 1, MPI_INT, op, comm, &req);
  wait_quietly (&req);
}

/* Broadcast len bytes from rank 0 in pieces MPI's int counts can hold. */
static void
bcast_big (void *data, guint64 len)
{
  const guint64 piece = 1u << 30;
  for (guint64 off = 0; off < len; off += piece)
    bcast ((char *) data + off, (int) MIN (piece, len - off), MPI_BYTE);
}

int
pks_mpi_bcast_int (int value)
{
  bcast (&value, 1, MPI_INT);
  return value;
}

GBytes *
pks_mpi_bcast_bytes (GBytes *bytes)
{
  guint64 len = 0;
  if (my_rank == 0)
    len = bytes ? g_bytes_get_size (bytes) : 0;
  bcast (&len, 1, MPI_UINT64_T);
  guint8 *buf = g_malloc (MAX (1u, len));
  if (my_rank == 0 && len)
    memcpy (buf, g_bytes_get_data (bytes, NULL), len);
  bcast_big (buf, len);
  return g_bytes_new_take (buf, len);
}

/* ---------- sharing the input ---------- */

static void
put_blob (GByteArray *a, const void *data, guint64 len)
{
  g_byte_array_append (a, (const guint8 *) &len, sizeof len);
  g_byte_array_append (a, data, (guint) len);
}

static const guint8 *
get_blob (const guint8 *p, const guint8 *end, guint64 *len)
{
  if ((gsize) (end - p) < sizeof *len)
    return NULL;
  memcpy (len, p, sizeof *len);
  p += sizeof *len;
  return (guint64) (end - p) >= *len ? p : NULL;
}

/* Rank 0's files as [workdir][path, bytes]… */
static GBytes *
pack_files (PksFiles *files)
{
  GByteArray *a = g_byte_array_new ();
  g_autofree char *cwd = g_get_current_dir ();
  put_blob (a, cwd, strlen (cwd));
  g_autoptr (GPtrArray) paths = pks_files_paths (files);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr (GBytes) b = pks_files_read (files, path, NULL);
      gsize n = 0;
      const void *d = b ? g_bytes_get_data (b, &n) : NULL;
      put_blob (a, path, strlen (path));
      put_blob (a, d ? d : "", n);
    }
  return g_byte_array_free_to_bytes (a);
}

static void
unpack_files (PksFiles *files, GBytes *all, gboolean spoil)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (all, &size), *end = p + size;
  guint64 n;
  const guint8 *d = get_blob (p, end, &n);
  g_assert (d != NULL);
  g_autofree char *cwd = g_strndup ((const char *) d, n);
  pks_files_set_workdir (cwd);
  p = d + n;
  while (p < end)
    {
      guint64 pl, dl;
      const guint8 *pd = get_blob (p, end, &pl);
      g_assert (pd != NULL);
      const guint8 *dd = get_blob (pd + pl, end, &dl);
      g_assert (dd != NULL);
      g_autofree char *path = g_strndup ((const char *) pd, pl);
      /* the test hook: this rank's copies arrive corrupt (bytes that are
       * not UTF-8), as from a bad disk or a broken transfer */
      static const char junk[] = "\xff\xfe spoiled by PKS_TEST_FAIL_RANK\n";
      g_autoptr (GBytes) b = spoil ? g_bytes_new (junk, sizeof junk - 1) : g_bytes_new (dd, dl);
      pks_files_add (files, path, b);
      p = dd + dl;
    }
  pks_files_seal (files);
}

int
pks_mpi_share_files (PksFiles *files, int status)
{
  int st = status;
  bcast (&st, 1, MPI_INT);
  if (st != 0)
    return st;
  g_autoptr (GBytes) mine = my_rank == 0 ? pack_files (files) : NULL;
  g_autoptr (GBytes) all = pks_mpi_bcast_bytes (mine);
  if (my_rank != 0)
    unpack_files (files, all, pks_sched_test_hook ((guint) my_rank) == 1);
  return 0;
}

int
pks_mpi_agree (int status, const char *mine, char **message)
{
  if (message)
    *message = NULL;
  int worst = 0;
  allreduce (&status, &worst, MPI_MAX);
  if (worst == 0)
    return 0;
  int first = status ? my_rank : n_ranks, lowest = 0;
  allreduce (&first, &lowest, MPI_MIN);
  if (lowest == 0)
    {
      if (my_rank == 0 && message)
        *message = g_strdup (mine ? mine : "failed");
    }
  else if (my_rank == lowest)
    {
      const char *m = mine ? mine : "failed";
      MPI_Send (m, (int) strlen (m) + 1, MPI_CHAR, 0, TAG_ERROR, comm);
    }
  else if (my_rank == 0)
    {
      MPI_Status st;
      int n = 0;
      MPI_Probe (lowest, TAG_ERROR, comm, &st);
      MPI_Get_count (&st, MPI_CHAR, &n);
      g_autofree char *m = g_malloc0 ((gsize) n + 1);
      MPI_Recv (m, n, MPI_CHAR, lowest, TAG_ERROR, comm, MPI_STATUS_IGNORE);
      if (message)
        *message = g_strdup_printf ("rank %d: %s", lowest, m);
    }
  return worst;
}

/* ---------- the run ---------- */

typedef struct {
  PksSchedPolicy policy;
  gboolean monthly;
  gint next;                  /* atomic. dynamic: next chunk of all; static: rank 0's k-th */
  /* ranks other than 0 */
  GAsyncQueue *todo;          /* chunk + 2; 1 = stop (the queue takes no NULL) */
  GAsyncQueue *finished;      /* (chunk + 1) * 2 + complete */
  GByteArray **bufs;          /* packed results per chunk */
  double pack_s;              /* under the engine lock */
  guint64 sent_bytes;
} Mpi;

static gint
root_next (Engine *e)
{
  Mpi *m = e->user;
  if (m->policy == PKS_SCHED_DYNAMIC)
    {
      gint c = g_atomic_int_add (&m->next, 1);
      return c < (gint) e->n_chunks ? c : -1;
    }
  gint64 c = (gint64) g_atomic_int_add (&m->next, 1) * n_ranks;
  return c < (gint64) e->n_chunks ? (gint) c : -1;
}

static void
root_done (Engine *e, guint chunk, guint index, PksRepResult *r)
{
  (void) chunk;
  pks_engine_deliver (e, index, r);
}

static const EngineOps root_ops = { root_next, root_done, NULL };

static gint
remote_next (Engine *e)
{
  Mpi *m = e->user;
  gint v = GPOINTER_TO_INT (g_async_queue_pop (m->todo));
  return v == 1 ? -1 : v - 2;
}

static void
remote_done (Engine *e, guint chunk, guint index, PksRepResult *r)
{
  Mpi *m = e->user;
  double c0 = pks_thread_cpu_s ();
  /* one worker owns a chunk, so its buffer needs no lock */
  if (m->bufs[chunk] == NULL)
    m->bufs[chunk] = g_byte_array_new ();
  pks_rep_result_pack (m->bufs[chunk], index, r, m->monthly);
  pks_rep_result_free (r);
  double dt = pks_thread_cpu_s () - c0;
  g_mutex_lock (&e->lock);
  m->pack_s += dt;
  g_mutex_unlock (&e->lock);
}

static void
remote_chunk_done (Engine *e, guint chunk, gboolean complete)
{
  Mpi *m = e->user;
  g_async_queue_push (m->finished, GINT_TO_POINTER (((gint) chunk + 1) * 2 + (complete ? 1 : 0)));
}

static const EngineOps remote_ops = { remote_next, remote_done, remote_chunk_done };

static guint
auto_chunk (guint n_tasks)
{
  const char *env = g_getenv ("PKS_SCHED_CHUNK");
  if (env && *env)
    {
      guint64 c = g_ascii_strtoull (env, NULL, 10);
      if (c > 0)
        return (guint) MIN (c, G_MAXINT / 2);
    }
  /* about 32 chunks per rank, each of 1 to 16 tasks: enough that the
   * last ones even out (a rank waits at most one chunk at the end), few
   * enough that requests and messages stay rare next to the simulation
   * (a chunk costs tens of microseconds, a task milliseconds; docs/scale.md) */
  guint c = n_tasks / ((guint) n_ranks * 32u);
  return CLAMP (c, 1u, 16u);
}

static PksSchedPolicy
choose_policy (const PksSchedOptions *opt)
{
  if (opt && opt->policy != PKS_SCHED_AUTO)
    return opt->policy;
  const char *env = g_getenv ("PKS_SCHED");
  if (env && strcmp (env, "static") == 0)
    return PKS_SCHED_STATIC;
  if (env && strcmp (env, "dynamic") == 0)
    return PKS_SCHED_DYNAMIC;
  return DEFAULT_POLICY;
}

/* Sleep between polls: short while messages flow, up to 2 ms when idle,
 * so waiting costs almost no CPU yet answers within a fraction of a task. */
static gint64
backoff (gint64 cur, gboolean busy)
{
  return busy ? 50 : MIN (cur * 2, 2000);
}

static void
send_int (int value, int dest, int tag)
{
  MPI_Send (&value, 1, MPI_INT, dest, tag, comm);
}

/* A result message being received: posted with MPI_Irecv once probed, so
 * neither side spins in a blocking call while the other sleeps. */
typedef struct {
  MPI_Request req;
  guint8 *buf;
  int n;
} Recv;

typedef struct {
  gboolean *done;             /* per rank: DONE received */
  guint remote_done;
  gboolean aborted;
  GArray *recvs;              /* Recv in flight */
  double gather_s;
  guint64 bytes, tasks;
} Root;

static void
abort_all (Engine *e, Root *rt)
{
  if (rt->aborted)
    return;
  rt->aborted = TRUE;
  g_atomic_int_set (&e->cancel, 1);
  for (int r = 1; r < n_ranks; r++)
    if (!rt->done[r])
      MPI_Send (NULL, 0, MPI_BYTE, r, TAG_ABORT, comm);
}

static void
root_handle (Engine *e, Mpi *m, Root *rt, MPI_Status *st)
{
  int src = st->MPI_SOURCE;
  switch (st->MPI_TAG)
    {
    case TAG_REQ:
      {
        int dummy;
        MPI_Recv (&dummy, 1, MPI_INT, src, TAG_REQ, comm, MPI_STATUS_IGNORE);
        gint c = -1;
        if (!rt->aborted)
          {
            c = g_atomic_int_add (&m->next, 1);
            if (c >= (gint) e->n_chunks)
              c = -1;
          }
        send_int (c, src, TAG_GRANT);
        break;
      }
    case TAG_RESULT:
      {
        double c0 = pks_thread_cpu_s ();
        Recv rv = { MPI_REQUEST_NULL, NULL, 0 };
        MPI_Get_count (st, MPI_BYTE, &rv.n);
        rv.buf = g_malloc (MAX (1, rv.n));
        MPI_Irecv (rv.buf, rv.n, MPI_BYTE, src, TAG_RESULT, comm, &rv.req);
        g_array_append_val (rt->recvs, rv);
        rt->gather_s += pks_thread_cpu_s () - c0;
        break;
      }
    case TAG_ERROR:
      {
        int n = 0;
        MPI_Get_count (st, MPI_CHAR, &n);
        g_autofree char *msg = g_malloc0 ((gsize) n + 1);
        MPI_Recv (msg, n, MPI_CHAR, src, TAG_ERROR, comm, MPI_STATUS_IGNORE);
        pks_engine_fail (e, g_error_new (PKS_ERROR, PKS_ERROR_FAILED, "rank %d: %s", src, msg));
        abort_all (e, rt);
        break;
      }
    case TAG_DONE:
      MPI_Recv (NULL, 0, MPI_BYTE, src, TAG_DONE, comm, MPI_STATUS_IGNORE);
      rt->done[src] = TRUE;
      rt->remote_done++;
      break;
    default:
      g_error ("pks: unexpected MPI message tag %d from rank %d", st->MPI_TAG, src);
    }
}

/* Finished receives: unpack, then deliver (the caller's sink is not part
 * of the gather's cost). TRUE if any finished. */
static gboolean
root_receive (Engine *e, Root *rt)
{
  gboolean any = FALSE;
  for (guint i = 0; i < rt->recvs->len;)
    {
      Recv *rv = &g_array_index (rt->recvs, Recv, i);
      double c0 = pks_thread_cpu_s ();
      int flag = 0;
      MPI_Test (&rv->req, &flag, MPI_STATUS_IGNORE);
      if (!flag)
        {
          rt->gather_s += pks_thread_cpu_s () - c0;
          i++;
          continue;
        }
      any = TRUE;
      rt->bytes += (guint64) rv->n;
      g_autoptr (GPtrArray) got = g_ptr_array_new ();
      g_autoptr (GArray) idx = g_array_new (FALSE, FALSE, sizeof (guint));
      const guint8 *p = rv->buf, *end = rv->buf + rv->n;
      while (p < end)
        {
          guint index;
          PksRepResult *r;
          p = pks_rep_result_unpack (p, end, &index, &r);
          g_assert (p != NULL && index < e->n_tasks);
          g_ptr_array_add (got, r);
          g_array_append_val (idx, index);
        }
      g_free (rv->buf);
      g_array_remove_index (rt->recvs, i);
      rt->gather_s += pks_thread_cpu_s () - c0;
      rt->tasks += got->len;
      for (guint k = 0; k < got->len; k++)
        {
          if (rt->aborted)
            pks_rep_result_free (g_ptr_array_index (got, k));
          else
            pks_engine_deliver (e, g_array_index (idx, guint, k), g_ptr_array_index (got, k));
        }
    }
  return any;
}

/* Rank 0: its own workers, and the loop that answers requests and
 * receives results until every rank has said DONE. Then FIN to each with
 * the outcome, so that every rank returns the same. */
static void
run_root (Engine *e, Mpi *m, guint threads, double *gather_s, guint64 *bytes, guint64 *tasks)
{
  Root rt = { g_new0 (gboolean, n_ranks), 0, FALSE, g_array_new (FALSE, FALSE, sizeof (Recv)),
              0, 0, 0 };
  pks_engine_start (e, threads);
  gint64 wait = 50;
  for (;;)
    {
      gboolean busy = FALSE;
      int flag = 0;
      MPI_Status st;
      while (MPI_Iprobe (MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &st) == MPI_SUCCESS && flag)
        {
          root_handle (e, m, &rt, &st);
          busy = TRUE;
        }
      busy |= root_receive (e, &rt);
      g_mutex_lock (&e->lock);
      gboolean local_failed = e->error != NULL;
      g_mutex_unlock (&e->lock);
      if (local_failed)
        abort_all (e, &rt);
      gboolean finished = pks_engine_wait (e, busy ? 0 : wait);
      if (finished && rt.remote_done == (guint) n_ranks - 1 && rt.recvs->len == 0)
        break;
      if (finished && !busy)
        g_usleep ((gulong) wait);   /* own work done: wait for the others without spinning */
      pks_progress_draw (e, FALSE);
      wait = backoff (wait, busy);
    }
  pks_engine_join (e);
  /* FIN: status byte, then the message */
  g_autofree char *fin = g_strdup_printf ("%c%s", e->error ? '1' : '0',
                                          e->error ? e->error->message : "");
  for (int r = 1; r < n_ranks; r++)
    MPI_Send (fin, (int) strlen (fin) + 1, MPI_CHAR, r, TAG_FIN, comm);
  g_free (rt.done);
  g_array_unref (rt.recvs);
  *gather_s = rt.gather_s;
  *bytes = rt.bytes;
  *tasks = rt.tasks;
}

/* A chunk's results on their way to rank 0 (MPI_Isend: the buffer lives
 * until the send completes). */
typedef struct {
  MPI_Request req;
  GByteArray *buf;
} Send;

/* Complete what can be completed; TRUE if any did. */
static gboolean
test_sends (GArray *sends, double *send_s)
{
  gboolean any = FALSE;
  double c0 = pks_thread_cpu_s ();
  for (guint i = 0; i < sends->len;)
    {
      Send *sd = &g_array_index (sends, Send, i);
      int flag = 0;
      MPI_Test (&sd->req, &flag, MPI_STATUS_IGNORE);
      if (!flag)
        {
          i++;
          continue;
        }
      g_byte_array_unref (sd->buf);
      g_array_remove_index_fast (sends, i);
      any = TRUE;
    }
  *send_s += pks_thread_cpu_s () - c0;
  return any;
}

static void
drain_todo (Mpi *m, guint *inflight)
{
  gpointer v;
  while ((v = g_async_queue_try_pop (m->todo)) != NULL)
    if (GPOINTER_TO_INT (v) > 1)
      (*inflight)--;
}

/* Any other rank: keep up to threads + 1 chunks in hand (dynamic) or all
 * of its own (static), send each finished chunk's results, stop on ABORT,
 * report its own failure once, then DONE, and wait for FIN. */
static void
run_remote (Engine *e, Mpi *m, guint threads, double *send_s)
{
  guint inflight = 0;
  g_autoptr (GArray) sends = g_array_new (FALSE, FALSE, sizeof (Send));
  gboolean stopped = m->policy == PKS_SCHED_STATIC, req_out = FALSE;
  gboolean aborted = FALSE, failed = FALSE;
  m->bufs = g_new0 (GByteArray *, MAX (1u, e->n_chunks));
  if (m->policy == PKS_SCHED_STATIC)
    for (guint c = (guint) my_rank; c < e->n_chunks; c += (guint) n_ranks)
      {
        g_async_queue_push (m->todo, GINT_TO_POINTER ((gint) c + 2));
        inflight++;
      }
  pks_engine_start (e, threads);
  gint64 wait = 50;
  for (;;)
    {
      gboolean busy = FALSE;
      if (!stopped && !req_out && !aborted && !failed && inflight < threads + 1)
        {
          send_int (0, 0, TAG_REQ);
          req_out = TRUE;
        }
      /* wait for a finished chunk at most `wait` (the idle poll) */
      gpointer f = g_async_queue_timeout_pop (m->finished, (guint64) wait);
      for (; f != NULL; f = g_async_queue_try_pop (m->finished))
        {
          gint v = GPOINTER_TO_INT (f);
          guint c = (guint) (v / 2 - 1);
          gboolean complete = v % 2;
          inflight--;
          busy = TRUE;
          if (complete && !aborted && !failed && m->bufs[c])
            {
              double c0 = pks_thread_cpu_s ();
              Send sd = { MPI_REQUEST_NULL, m->bufs[c] };
              MPI_Isend (sd.buf->data, (int) sd.buf->len, MPI_BYTE, 0, TAG_RESULT, comm, &sd.req);
              g_array_append_val (sends, sd);
              *send_s += pks_thread_cpu_s () - c0;
              m->sent_bytes += sd.buf->len;
            }
          else if (m->bufs[c])
            g_byte_array_unref (m->bufs[c]);
          m->bufs[c] = NULL;
        }
      busy |= test_sends (sends, send_s);
      g_mutex_lock (&e->lock);
      const char *err = e->error && !failed ? e->error->message : NULL;
      if (err)
        {
          failed = TRUE;
          MPI_Send (err, (int) strlen (err) + 1, MPI_CHAR, 0, TAG_ERROR, comm);
        }
      g_mutex_unlock (&e->lock);
      int flag = 0;
      MPI_Status st;
      while (MPI_Iprobe (0, MPI_ANY_TAG, comm, &flag, &st) == MPI_SUCCESS && flag)
        {
          busy = TRUE;
          if (st.MPI_TAG == TAG_GRANT)
            {
              int c;
              MPI_Recv (&c, 1, MPI_INT, 0, TAG_GRANT, comm, MPI_STATUS_IGNORE);
              req_out = FALSE;
              if (c < 0)
                stopped = TRUE;
              else if (!aborted && !failed)
                {
                  g_async_queue_push (m->todo, GINT_TO_POINTER (c + 2));
                  inflight++;
                }
            }
          else if (st.MPI_TAG == TAG_ABORT)
            {
              MPI_Recv (NULL, 0, MPI_BYTE, 0, TAG_ABORT, comm, MPI_STATUS_IGNORE);
              aborted = TRUE;
              g_atomic_int_set (&e->cancel, 1);
            }
          else
            g_error ("pks: unexpected MPI message tag %d from rank 0", st.MPI_TAG);
        }
      if (aborted || failed)
        drain_todo (m, &inflight);
      if ((stopped || aborted || failed) && !req_out && inflight == 0)
        break;
      wait = backoff (wait, busy);
    }
  /* one stop for each worker, blocked on the queue or about to be */
  for (guint i = 0; i < threads; i++)
    g_async_queue_push (m->todo, GINT_TO_POINTER (1));
  pks_engine_join (e);
  /* every result on its way before DONE (which MPI delivers after them) */
  while (sends->len > 0)
    if (!test_sends (sends, send_s))
      {
        g_usleep ((gulong) wait);
        wait = backoff (wait, FALSE);
      }
  MPI_Send (NULL, 0, MPI_BYTE, 0, TAG_DONE, comm);
  /* anything rank 0 sent before seeing DONE (an ABORT) comes before FIN */
  for (;;)
    {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe (0, MPI_ANY_TAG, comm, &flag, &st);
      if (!flag)
        {
          g_usleep ((gulong) wait);
          wait = backoff (wait, FALSE);
          continue;
        }
      if (st.MPI_TAG == TAG_FIN)
        {
          int n = 0;
          MPI_Get_count (&st, MPI_CHAR, &n);
          g_autofree char *fin = g_malloc0 ((gsize) n + 1);
          MPI_Recv (fin, n, MPI_CHAR, 0, TAG_FIN, comm, MPI_STATUS_IGNORE);
          if (fin[0] == '1' && !e->error)
            e->error = g_error_new (PKS_ERROR, PKS_ERROR_FAILED, "%s", fin + 1);
          break;
        }
      MPI_Recv (NULL, 0, MPI_BYTE, 0, st.MPI_TAG, comm, MPI_STATUS_IGNORE);
    }
  g_free (m->bufs);
}

gboolean
pks_mpi_run (const PksPoints *points, const PksTask *tasks, guint n_tasks, guint64 seed,
             const PksSchedOptions *opt, PksSchedSink sink, gpointer ctx, GError **error)
{
  Mpi m = { 0 };
  m.policy = choose_policy (opt);
  m.monthly = !(opt && opt->metrics_only);
  guint chunk = opt && opt->chunk ? opt->chunk : auto_chunk (n_tasks);
  guint threads = pks_sched_threads (opt);
  Engine e;
  double c_start = pks_thread_cpu_s ();
  gint64 t0 = g_get_monotonic_time ();
  double gather_s = 0, send_s = 0;
  guint64 bytes = 0, gathered = 0;
  if (my_rank == 0)
    {
      pks_engine_init (&e, points, tasks, n_tasks, chunk, seed, opt, &root_ops, &m, sink, ctx);
      if (pks_sched_test_hook (0) == 2)
        e.inject_failure = 1;
      run_root (&e, &m, threads, &gather_s, &bytes, &gathered);
      pks_progress_draw (&e, TRUE);
    }
  else
    {
      m.todo = g_async_queue_new ();
      m.finished = g_async_queue_new ();
      pks_engine_init (&e, points, tasks, n_tasks, chunk, seed, opt, &remote_ops, &m, NULL, NULL);
      /* the test hook fails this rank before its first task, whether or
       * not the dynamic hand-out gives it one: under load rank 0 and 1 may
       * finish every task before this rank asks (a test that passed by
       * timing) */
      if (pks_sched_test_hook ((guint) my_rank) == 2)
        e.error = g_error_new (PKS_ERROR, PKS_ERROR_FAILED,
                               "failure injected by PKS_TEST_FAIL_RANK before the first task");
      e.slow = pks_sched_slow_hook ((guint) my_rank);
      run_remote (&e, &m, threads, &send_s);
      g_async_queue_unref (m.todo);
      g_async_queue_unref (m.finished);
      gather_s = m.pack_s + send_s;
      bytes = m.sent_bytes;
    }
  /* where the time went, summed over ranks */
  double mine[7] = { threads, e.task_cpu_s, e.model_cpu_s, gather_s,
                     pks_thread_cpu_s () - c_start, (double) bytes, e.runq_wait_s };
  double sum[7] = { 0 };
  MPI_Reduce (mine, sum, 7, MPI_DOUBLE, MPI_SUM, 0, comm);
  if (my_rank == 0 && opt && opt->stats)
    {
      PksSchedStats *s = opt->stats;
      memset (s, 0, sizeof *s);
      s->ranks = (guint) n_ranks;
      s->threads = (guint) sum[0];
      s->tasks = n_tasks;
      s->chunks = e.n_chunks;
      s->wall_s = (g_get_monotonic_time () - t0) / 1e6;
      s->task_cpu_s = sum[1];
      s->model_cpu_s = sum[2];
      s->gather_cpu_s = sum[3];
      s->coord_cpu_s = sum[4];
      s->gathered_bytes = (guint64) sum[5];
      s->gathered_tasks = gathered;
      s->runq_wait_s = sum[6];
    }
  gboolean ok = e.error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&e.error));
  pks_engine_clear (&e);
  return ok;
}
