/* calendar.c — the future-event list: an indexed d-ary min-heap keyed by
 * (time, insertion sequence). Index arrays make cancel O(log n); the
 * sequence number makes equal times pop in scheduling order.
 *
 * Arity: 4 by default, chosen by measurement (docs/performance.md: the
 * hold-model benchmark in tests/bench compares arity 2 and 4 and a pairing
 * heap). Build with -DPKS_HEAP_ARITY=2 to get the binary heap. */
#include "pks/calendar.h"

#include <math.h>

#ifndef PKS_HEAP_ARITY
#define PKS_HEAP_ARITY 4
#endif

#define NO_POS G_MAXUINT32

typedef struct {
  double t;
  guint64 seq;
  guint32 slot;
  guint32 kind;
  guint32 arg;
} Node;

struct _PksCalendar {
  Node *heap;
  guint32 n, cap;
  /* per slot: where its node sits in the heap (NO_POS when free) and its
   * generation, bumped on every reuse so stale handles are refused */
  guint32 *pos;
  guint32 *gen;
  guint32 *free_slots;
  guint32 n_free, n_slots, slot_cap;
  guint64 next_seq;
  double now;
  gboolean stop;
};

PksCalendar *
pks_calendar_new (void)
{
  PksCalendar *c = g_new0 (PksCalendar, 1);
  c->cap = 64;
  c->heap = g_new (Node, c->cap);
  c->slot_cap = 64;
  c->pos = g_new (guint32, c->slot_cap);
  c->gen = g_new0 (guint32, c->slot_cap);
  c->free_slots = g_new (guint32, c->slot_cap);
  return c;
}

void
pks_calendar_free (PksCalendar *c)
{
  if (c == NULL)
    return;
  g_free (c->heap);
  g_free (c->pos);
  g_free (c->gen);
  g_free (c->free_slots);
  g_free (c);
}

static inline gboolean
before (const Node *a, const Node *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static inline void
place (PksCalendar *c, guint32 i, const Node *nd)
{
  c->heap[i] = *nd;
  c->pos[nd->slot] = i;
}

static void
sift_up (PksCalendar *c, guint32 i, Node nd)
{
  while (i > 0)
    {
      guint32 parent = (i - 1) / PKS_HEAP_ARITY;
      if (!before (&nd, &c->heap[parent]))
        break;
      place (c, i, &c->heap[parent]);
      i = parent;
    }
  place (c, i, &nd);
}

static void
sift_down (PksCalendar *c, guint32 i, Node nd)
{
  guint32 n = c->n;
  for (;;)
    {
      guint32 first = i * PKS_HEAP_ARITY + 1;
      if (first >= n)
        break;
      guint32 best = first;
      guint32 last = first + PKS_HEAP_ARITY;
      if (last > n)
        last = n;
      for (guint32 k = first + 1; k < last; k++)
        if (before (&c->heap[k], &c->heap[best]))
          best = k;
      if (!before (&c->heap[best], &nd))
        break;
      place (c, i, &c->heap[best]);
      i = best;
    }
  place (c, i, &nd);
}

static guint32
take_slot (PksCalendar *c)
{
  if (c->n_free > 0)
    return c->free_slots[--c->n_free];
  if (c->n_slots == c->slot_cap)
    {
      c->slot_cap *= 2;
      c->pos = g_renew (guint32, c->pos, c->slot_cap);
      c->gen = g_renew (guint32, c->gen, c->slot_cap);
      c->free_slots = g_renew (guint32, c->free_slots, c->slot_cap);
    }
  c->gen[c->n_slots] = 0;
  return c->n_slots++;
}

static void
release_slot (PksCalendar *c, guint32 slot)
{
  c->pos[slot] = NO_POS;
  c->gen[slot]++;
  c->free_slots[c->n_free++] = slot;
}

PksEventId
pks_calendar_schedule (PksCalendar *c, double t_min, guint32 kind, guint32 arg)
{
  g_return_val_if_fail (!isnan (t_min), 0);
  g_return_val_if_fail (t_min >= c->now, 0);
  if (c->n == c->cap)
    {
      c->cap *= 2;
      c->heap = g_renew (Node, c->heap, c->cap);
    }
  guint32 slot = take_slot (c);
  Node nd = { t_min, c->next_seq++, slot, kind, arg };
  c->n++;
  sift_up (c, c->n - 1, nd);
  /* generation + 1 so that no handle is ever 0 */
  return ((guint64) (c->gen[slot] + 1u) << 32) | slot;
}

/* Remove the node at heap position i, keeping the heap ordered. */
static void
remove_at (PksCalendar *c, guint32 i)
{
  guint32 slot = c->heap[i].slot;
  c->n--;
  if (i != c->n)
    {
      Node last = c->heap[c->n];
      if (i > 0 && before (&last, &c->heap[(i - 1) / PKS_HEAP_ARITY]))
        sift_up (c, i, last);
      else
        sift_down (c, i, last);
    }
  release_slot (c, slot);
}

gboolean
pks_calendar_cancel (PksCalendar *c, PksEventId id)
{
  guint32 slot = (guint32) (id & 0xffffffffu);
  guint32 gen = (guint32) (id >> 32);
  if (id == 0 || slot >= c->n_slots || c->gen[slot] + 1u != gen
      || c->pos[slot] == NO_POS)
    return FALSE;
  remove_at (c, c->pos[slot]);
  return TRUE;
}

gboolean
pks_calendar_pop (PksCalendar *c, PksEvent *ev)
{
  if (c->n == 0)
    return FALSE;
  const Node *top = &c->heap[0];
  ev->t_min = top->t;
  ev->kind = top->kind;
  ev->arg = top->arg;
  ev->id = ((guint64) (c->gen[top->slot] + 1u) << 32) | top->slot;
  c->now = top->t;
  remove_at (c, 0);
  return TRUE;
}

double
pks_calendar_peek_time (const PksCalendar *c)
{
  return c->n ? c->heap[0].t : INFINITY;
}

guint64
pks_calendar_run_until (PksCalendar *c, double t_end, PksEventFunc fn, gpointer ctx)
{
  guint64 count = 0;
  PksEvent ev;
  c->stop = FALSE;
  while (!c->stop && c->n > 0 && c->heap[0].t <= t_end)
    {
      pks_calendar_pop (c, &ev);
      fn (ctx, &ev);
      count++;
    }
  if (!c->stop && t_end > c->now && !isinf (t_end))
    c->now = t_end;
  return count;
}

void
pks_calendar_stop (PksCalendar *c)
{
  c->stop = TRUE;
}

double
pks_calendar_now (const PksCalendar *c)
{
  return c->now;
}

guint
pks_calendar_size (const PksCalendar *c)
{
  return c->n;
}

void
pks_calendar_clear (PksCalendar *c)
{
  for (guint32 i = 0; i < c->n; i++)
    release_slot (c, c->heap[i].slot);
  c->n = 0;
  c->now = 0.0;
  c->next_seq = 0;
}
