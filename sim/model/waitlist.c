/* waitlist.c — a waiting list ordered by (key, serial). The key encodes
 * the scheduling policy (wait start for fifo; priority then wait start; or
 * due date), the serial breaks ties, so the order is total and any
 * structure that always yields the least entry gives the same simulation.
 *
 * Most entries arrive in order: a referral or a decision starts its wait
 * now, and within one priority class every policy's key grows with the
 * wait start. Such an entry is appended to its class's run, a sorted ring
 * buffer, in O(1), and leaves it from the front in O(1). The others find
 * their places in the runs too where that is cheap: an entry put back by
 * the session booking, which precedes all, at its run's front
 * (pks_waitlist_unpop); one out of order by a few places (a clinic day's
 * decisions, one key, serials not in order) shifted into the run's end;
 * the published lists loaded at the report start sorted into the runs at
 * once (pks_waitlist_load, settle). Only the rest go to a binary heap:
 * mostly a cancelled operation's patient keeping its wait clock.
 * A pop takes the least of the heap's root and the runs' fronts. Before,
 * every entry went through the heap, whose sift-down was the largest item
 * in the profile of the calibrated region (docs/performance.md); then the
 * published lists and the put-backs, 89 % of its pops, still did. */
#include "waitlist.h"

#include <math.h>
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
  w->loose = FALSE;
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

#define NEAR 8   /* entries a push out of order may shift in its run */

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
  /* Just out of order: the run's place of it among its last NEAR entries,
   * made by shifting them. Decisions taken on one clinic day share their
   * key, the decision's time, but come off the first-visit list by wait
   * start, not by serial: nearly all of the region's other entries out of
   * order (96 % of them within 4 of the end; before, they were 90 % of the
   * heap's pops once the published lists left it). */
  guint k = r->n, lim = r->n > NEAR ? r->n - NEAR : 0;
  while (k > lim && less (e, run_at (r, k - 1)))
    k--;
  if (k > lim || lim == 0)
    {
      if (r->n == r->cap)
        run_grow (r);
      for (guint j = r->n; j > k; j--)
        *run_at (r, j) = *run_at (r, j - 1);
      *run_at (r, k) = *e;
      r->n++;
      return;
    }
  if (w->n_heap == w->cap)
    {
      w->cap = w->cap ? w->cap * 2 : 64;
      w->e = g_renew (WaitEntry, w->e, w->cap);
    }
  w->e[w->n_heap] = *e;
  if (w->loose)
    w->n_heap++;        /* settle() sorts it with the rest */
  else
    sift_up (w, w->n_heap++);
}

void
pks_waitlist_load (Waitlist *w, const WaitEntry *e)
{
  g_assert (e->cls < PKS_WAIT_CLASSES);
  if (w->n_heap == w->cap)
    {
      w->cap = w->cap ? w->cap * 2 : 64;
      w->e = g_renew (WaitEntry, w->e, w->cap);
    }
  w->e[w->n_heap++] = *e;
  w->n++;
  w->loose = TRUE;
}

static G_GNUC_NO_INLINE void settle (Waitlist *w);

/* pks_waitlist_pop's general case: several runs or the heap in use. */
gboolean
pks_waitlist_pop_any (Waitlist *w, WaitEntry *out)
{
  if (w->n == 0)
    return FALSE;
  if (G_UNLIKELY (w->loose))
    settle (w);
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

/* pks_waitlist_unpop: the entry goes before its run's front when it
 * precedes it, which keeps the run sorted whatever the caller claims. */
void
pks_waitlist_unpop (Waitlist *w, const WaitEntry *e)
{
  g_assert (e->cls < PKS_WAIT_CLASSES);
  WaitRun *r = &w->run[e->cls];
  if (r->n != 0 && !less (e, &r->e[r->head]))
    {
      pks_waitlist_push_any (w, e);
      return;
    }
  if (r->n == r->cap)
    run_grow (r);
  r->head = (r->head - 1) & (r->cap - 1);
  r->e[r->head] = *e;
  r->n++;
  w->n++;
  w->runs_used |= 1u << e->cls;
}

static void
insertion_sort (WaitEntry *a, guint n)
{
  for (guint i = 1; i < n; i++)
    {
      WaitEntry x = a[i];
      guint j = i;
      for (; j > 0 && less (&x, &a[j - 1]); j--)
        a[j] = a[j - 1];
      a[j] = x;
    }
}

/* Sort a[0..n) by (key, serial) with tmp (n entries) as scratch:
 * insertion sort of blocks of 16, then bottom-up merges from one buffer to
 * the other, the result copied back into a. */
static void
merge_sort (WaitEntry *a, WaitEntry *tmp, guint n)
{
  const guint block = 16;
  for (guint lo = 0; lo < n; lo += block)
    insertion_sort (a + lo, MIN (block, n - lo));
  WaitEntry *src = a, *dst = tmp;
  for (guint width = block; width < n; width *= 2)
    {
      for (guint lo = 0; lo < n; lo += 2 * width)
        {
          guint mid = MIN (lo + width, n), hi = MIN (lo + 2 * width, n);
          guint i = lo, j = mid, k = lo;
          while (i < mid && j < hi)
            dst[k++] = less (&src[j], &src[i]) ? src[j++] : src[i++];
          while (i < mid)
            dst[k++] = src[i++];
          while (j < hi)
            dst[k++] = src[j++];
        }
      WaitEntry *t = src;
      src = dst;
      dst = t;
    }
  if (src != a)
    memcpy (a, src, sizeof (WaitEntry) * n);
}

/* Sort one class's entries src[0..n) into out by (key, serial): counted
 * into n buckets by key, interpolated between the least and the greatest,
 * then each bucket sorted in place (src its scratch). The published lists'
 * wait starts are drawn evenly over their bins, so most buckets hold one
 * or two entries and the sort is linear (about 100 instructions an
 * entry with the partition and the merge into the run): a merge sort of
 * all (300) cost as much as the heap pops it saved. A bucket
 * of many, as equal keys give (a per-patient list's patients referred on
 * one day), gets the merge sort, so the worst case stays O(n log n). */
static void
bucket_sort (WaitEntry *src, WaitEntry *out, guint n, guint *end)
{
  double lo = src[0].key, hi = src[0].key, nan = 0.0;
  for (guint i = 0; i < n; i++)
    {
      lo = MIN (lo, src[i].key);
      hi = MAX (hi, src[i].key);
      nan += src[i].key * 0.0;     /* NaN if a key is NaN or infinite */
    }
  double scale = (double) (n - 1) / (hi - lo);
  if (!(hi > lo) || isnan (nan) || !isfinite (hi - lo) || !isfinite (scale))
    {
      /* one key for all, or keys no bucket can take: no buckets */
      memcpy (out, src, sizeof (WaitEntry) * n);
      merge_sort (out, src, n);
      return;
    }
#define BUCKET(e) MIN ((guint) (((e)->key - lo) * scale), n - 1)
  memset (end, 0, sizeof (guint) * n);
  for (guint i = 0; i < n; i++)
    end[BUCKET (&src[i])]++;
  guint sum = 0;
  for (guint b = 0; b < n; b++)
    {
      guint c = end[b];
      end[b] = sum;          /* the bucket's start until scattered into */
      sum += c;
    }
  for (guint i = 0; i < n; i++)
    out[end[BUCKET (&src[i])]++] = src[i];
#undef BUCKET
  /* end[b] is now bucket b's end */
  guint begin = 0;
  for (guint b = 0; b < n; b++)
    {
      guint size = end[b] - begin;
      if (size > 2)
        {
          if (size <= 16)
            insertion_sort (out + begin, size);
          else
            merge_sort (out + begin, src, size);
        }
      else if (size == 2 && less (&out[begin + 1], &out[begin]))
        {
          WaitEntry t = out[begin];
          out[begin] = out[begin + 1];
          out[begin + 1] = t;
        }
      begin = end[b];
    }
}

/* Merge m sorted entries into run r: a new ring, unwrapped. */
static void
run_merge (WaitRun *r, const WaitEntry *add, guint m)
{
  guint total = r->n + m, cap = r->cap ? r->cap : 64;
  while (cap < total)
    cap *= 2;
  WaitEntry *e = g_new (WaitEntry, cap);
  guint i = 0, j = 0, k = 0;
  while (i < r->n && j < m)
    {
      const WaitEntry *a = run_at (r, i);
      if (less (&add[j], a))
        e[k++] = add[j++];
      else
        {
          e[k++] = *a;
          i++;
        }
    }
  for (; i < r->n; i++)
    e[k++] = *run_at (r, i);
  while (j < m)
    e[k++] = add[j++];
  g_free (r->e);
  r->e = e;
  r->cap = cap;
  r->head = 0;
  r->n = total;
}

/* A bulk load's first pop: the heap's entries parted by class, each class
 * sorted (bucket_sort) and merged into its run, about linear in the
 * entries, where each would have cost a sift-down through a heap of up to
 * a few thousand entries on its way out. */
static void
settle (Waitlist *w)
{
  guint n = w->n_heap;
  w->loose = FALSE;
  if (n == 0)
    return;
  g_autofree WaitEntry *part = g_new (WaitEntry, n);
  g_autofree guint *end = g_new (guint, n);
  guint at[PKS_WAIT_CLASSES + 1] = { 0 };
  for (guint i = 0; i < n; i++)
    at[w->e[i].cls + 1]++;
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    at[c + 1] += at[c];
  guint next[PKS_WAIT_CLASSES];
  memcpy (next, at, sizeof next);
  for (guint i = 0; i < n; i++)
    part[next[w->e[i].cls]++] = w->e[i];
  for (guint c = 0; c < PKS_WAIT_CLASSES; c++)
    {
      guint m = at[c + 1] - at[c];
      if (m == 0)
        continue;
      /* into the heap's array, free now, at the class's offset */
      bucket_sort (part + at[c], w->e + at[c], m, end);
      run_merge (&w->run[c], w->e + at[c], m);
      w->runs_used |= 1u << c;
    }
  w->n_heap = 0;
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
  w->loose = FALSE;
  w->n -= removed;
  return removed;
}
