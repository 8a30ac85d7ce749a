/* waitlist.c — a waiting list ordered by (key, serial). The key encodes
 * the scheduling policy (wait start for fifo; priority then wait start; or
 * due date), the serial breaks ties, so the order is total and any
 * structure that always yields the least entry gives the same simulation.
 *
 * Most entries arrive in order: a referral or a decision starts its wait
 * now, and within one priority class every policy's key grows with the
 * wait start. Such an entry is appended to its class's run, a sorted ring
 * buffer, in O(1), and leaves it from the front in O(1). Only entries that
 * arrive out of order (a cancelled operation's patient keeping its wait
 * clock, an entry put back by the session booking, the published lists
 * loaded at the report start) go to a binary heap.
 * A pop takes the least of the heap's root and the runs' fronts. Before,
 * every entry went through the heap, whose sift-down was the largest item
 * in the profile of the calibrated region (docs/performance.md). */
#include "waitlist.h"

#include <string.h>

static inline gboolean
less (const WaitEntry *a, const WaitEntry *b)
{
  return a->key < b->key || (a->key == b->key && a->serial < b->serial);
}

void
pks_waitlist_init (Waitlist *w)
{
  memset (w, 0, sizeof *w);
}

void
pks_waitlist_free (Waitlist *w)
{
  g_free (w->e);
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    g_free (w->run[c].e);
  pks_waitlist_init (w);
}

/* An exact copy, ring positions and capacities included. */
void
pks_waitlist_copy (Waitlist *dst, const Waitlist *src)
{
  WaitEntry *e = dst->e;
  if (dst->cap != src->cap)
    e = g_renew (WaitEntry, e, src->cap);
  if (src->n_heap)
    memcpy (e, src->e, sizeof (WaitEntry) * src->n_heap);
  WaitEntry *re[PKS_WAIT_CLASSES];
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    {
      re[c] = dst->run[c].e;
      if (dst->run[c].cap != src->run[c].cap)
        re[c] = g_renew (WaitEntry, re[c], src->run[c].cap);
      if (src->run[c].cap)
        memcpy (re[c], src->run[c].e, sizeof (WaitEntry) * src->run[c].cap);
    }
  *dst = *src;
  dst->e = e;
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    dst->run[c].e = re[c];
}

void
pks_waitlist_clear (Waitlist *w)
{
  w->n = w->n_heap = w->runs_used = w->n_dead = 0;
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    w->run[c].head = w->run[c].n = 0;
}

static void
sift_up (Waitlist *w, guint i)
{
  WaitEntry x = w->e[i];
  while (i > 0)
    {
      guint p = (i - 1) / 2;
      if (!less (&x, &w->e[p]))
        break;
      w->e[i] = w->e[p];
      i = p;
    }
  w->e[i] = x;
}

static void
sift_down (Waitlist *w, guint i)
{
  WaitEntry x = w->e[i];
  guint n = w->n_heap;
  for (;;)
    {
      guint c = 2 * i + 1;
      if (c >= n)
        break;
      if (c + 1 < n && less (&w->e[c + 1], &w->e[c]))
        c++;
      if (!less (&w->e[c], &x))
        break;
      w->e[i] = w->e[c];
      i = c;
    }
  w->e[i] = x;
}

static inline WaitEntry *
run_at (const WaitRun *r, guint k)
{
  return &r->e[(r->head + k) & (r->cap - 1)];
}

/* Double a run's ring (capacity a power of two), unwrapping it. */
static void
run_grow (WaitRun *r)
{
  guint cap = r->cap ? 2 * r->cap : 64;
  WaitEntry *e = g_new (WaitEntry, cap);
  for (guint k = 0; k < r->n; k++)
    e[k] = *run_at (r, k);
  g_free (r->e);
  r->e = e;
  r->cap = cap;
  r->head = 0;
}

/* pks_waitlist_push's general case: a run empty or full, or an entry out
 * of order. */
void
pks_waitlist_push_any (Waitlist *w, const WaitEntry *e)
{
  g_assert (e->cls < PKS_WAIT_CLASSES);
  WaitRun *r = &w->run[e->cls];
  w->n++;
  if (r->n == 0 || !less (e, run_at (r, r->n - 1)))
    {
      if (r->n == r->cap)
        run_grow (r);
      *run_at (r, r->n++) = *e;
      w->runs_used |= 1u << e->cls;
      return;
    }
  if (w->n_heap == w->cap)
    {
      w->cap = w->cap ? w->cap * 2 : 64;
      w->e = g_renew (WaitEntry, w->e, w->cap);
    }
  w->e[w->n_heap] = *e;
  sift_up (w, w->n_heap++);
}

/* pks_waitlist_pop's general case: several runs or the heap in use. */
gboolean
pks_waitlist_pop_any (Waitlist *w, WaitEntry *out)
{
  if (w->n == 0)
    return FALSE;
  /* the least of the heap's root (source -1) and the non-empty runs'
   * fronts; usually one run and an empty heap, so no comparison */
  const WaitEntry *best = NULL;
  int src = -1;
  if (w->n_heap)
    best = &w->e[0];
  for (guint used = w->runs_used; used; used &= used - 1)
    {
      guint c = (guint) __builtin_ctz (used);
      const WaitRun *r = &w->run[c];
      if (best == NULL || less (&r->e[r->head], best))
        {
          best = &r->e[r->head];
          src = (int) c;
        }
    }
  *out = *best;
  w->n--;
  if (src >= 0)
    {
      WaitRun *r = &w->run[src];
      r->head = (r->head + 1) & (r->cap - 1);
      if (--r->n == 0)
        w->runs_used &= ~(1u << src);
      return TRUE;
    }
  w->e[0] = w->e[--w->n_heap];
  if (w->n_heap > 0)
    sift_down (w, 0);
  return TRUE;
}

guint
pks_waitlist_filter (Waitlist *w, gboolean (*keep) (gpointer ctx, guint32 patient), gpointer ctx)
{
  /* the runs compacted in order (a run stays sorted), the heap compacted
   * and made a heap again */
  guint removed = 0;
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    {
      WaitRun *r = &w->run[c];
      guint kept = 0;
      for (guint k = 0; k < r->n; k++)
        {
          WaitEntry e = *run_at (r, k);
          if (keep (ctx, e.patient))
            *run_at (r, kept++) = e;
        }
      removed += r->n - kept;
      r->n = kept;
      if (kept == 0)
        w->runs_used &= ~(1u << c);
    }
  guint j = 0;
  for (guint i = 0; i < w->n_heap; i++)
    {
      if (keep (ctx, w->e[i].patient))
        w->e[j++] = w->e[i];
      else
        removed++;
    }
  w->n_heap = j;
  for (guint i = w->n_heap / 2; i-- > 0;)
    sift_down (w, i);
  w->n -= removed;
  return removed;
}
