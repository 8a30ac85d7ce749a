/* calendar.c — the future-event list: an indexed d-ary min-heap keyed by
 * (time, insertion sequence). Index arrays make cancel O(log n); the
 * sequence number makes equal times pop in scheduling order.
 *
 * Arity: 4 by default, chosen by measurement (docs/performance.md: the
 * hold-model benchmark in tests/bench compares arity 2, 4 and 8 and a
 * pairing heap). Build with -DPKS_HEAP_ARITY=2 to get the binary heap.
 *
 * Layout, also chosen by measurement: a heap node is 16 bytes, the time's
 * bit pattern and the slot, so the four children of a node share one
 * 64-byte cache line; the sequence number and payload stay with the slot,
 * read only on a tie or a pop. Times are never negative (nothing is
 * scheduled before now, which starts at 0, and -0.0 is stored as +0.0), so
 * their bit patterns, +inf included, order like the times; compared as
 * integers they compile to conditional moves, where doubles gave branches.
 * Positions past the last node hold the NaN pattern, above every time, so
 * sift_down scans a full group of children without a bound check.
 *
 * Hole at the root: pop leaves the root empty instead of moving the last
 * node there at once. Almost every event schedules another, and that
 * schedule fills the hole with one sift-down from the root, saving the
 * sift-down of the last node and the new node's sift-up. A pop that
 * finds the hole takes the earliest of the root's children and keeps the
 * hole (pop_below_hole). Any other operation fills the hole first the
 * usual way. The order of events is the
 * (time, seq) order whatever the heap's shape, so nothing observable
 * changes. */
#include "pks/core/calendar.h"

#include <math.h>
#include <string.h>

#ifndef PKS_HEAP_ARITY
#define PKS_HEAP_ARITY 4
#endif

#define NO_POS G_MAXUINT32
#define PAD_KEY G_GUINT64_CONSTANT (0x7ff8000000000000)   /* quiet NaN */
#define LINE 64

typedef struct {
  guint64 key;        /* bit pattern of the time, minutes */
  guint32 slot;
} Node;

G_STATIC_ASSERT (sizeof (Node) == 16);

/* What an event carries besides its time; gen is bumped on every reuse of
 * the slot so stale handles are refused. */
typedef struct {
  guint64 seq;
  guint32 gen;
  guint32 kind;
  guint32 arg;
} Slot;

struct _PksCalendar {
  /* heap[0] is the root; heap[n .. cap + PKS_HEAP_ARITY) hold PAD_KEY.
   * heap starts PKS_HEAP_ARITY - 1 nodes into a line-aligned block, so
   * every group of children, heap[d*i + 1 .. d*i + d], is aligned to its
   * own size: one line at arity 4. */
  Node *heap, *block;
  guint32 n, cap;       /* n counts the hole, if any */
  gboolean hole;        /* heap[0] is empty: popped, not yet refilled */
  guint32 *pos;         /* per slot: heap position, NO_POS when free */
  Slot *slots;
  guint32 *free_slots;
  guint32 n_free, n_slots, slot_cap;
  guint64 next_seq;
  double now;
  gboolean stop;
};

static inline guint64
key_of (double t)
{
  guint64 k;
  memcpy (&k, &t, sizeof k);
  return k;
}

static inline double
time_of (guint64 k)
{
  double t;
  memcpy (&t, &k, sizeof t);
  return t;
}

/* (Re)allocate the heap for cap nodes, keeping the first n, padding after. */
static void
heap_resize (PksCalendar *c, guint32 cap)
{
  gsize len = (gsize) cap + 2 * PKS_HEAP_ARITY;
  Node *block = g_aligned_alloc (len, sizeof (Node), LINE);
  Node *heap = block + PKS_HEAP_ARITY - 1;
  if (c->heap != NULL)
    memcpy (heap, c->heap, c->n * sizeof (Node));
  for (gsize i = c->n; i < (gsize) cap + PKS_HEAP_ARITY; i++)
    heap[i] = (Node) { PAD_KEY, 0 };
  g_aligned_free (c->block);
  c->block = block;
  c->heap = heap;
  c->cap = cap;
}

PksCalendar *
pks_calendar_new (void)
{
  PksCalendar *c = g_new0 (PksCalendar, 1);
  heap_resize (c, 64);
  c->slot_cap = 64;
  c->pos = g_new (guint32, c->slot_cap);
  c->slots = g_new0 (Slot, c->slot_cap);
  c->free_slots = g_new (guint32, c->slot_cap);
  return c;
}

void
pks_calendar_free (PksCalendar *c)
{
  if (c == NULL)
    return;
  g_aligned_free (c->block);
  g_free (c->pos);
  g_free (c->slots);
  g_free (c->free_slots);
  g_free (c);
}

void
pks_calendar_copy (PksCalendar *dst, const PksCalendar *src)
{
  if (dst->cap != src->cap)
    {
      g_aligned_free (dst->block);
      dst->block = g_aligned_alloc ((gsize) src->cap + 2 * PKS_HEAP_ARITY, sizeof (Node), LINE);
      dst->heap = dst->block + PKS_HEAP_ARITY - 1;
    }
  /* the padding after the last node is part of the heap's layout */
  memcpy (dst->heap, src->heap, ((gsize) src->cap + PKS_HEAP_ARITY) * sizeof (Node));
  if (dst->slot_cap != src->slot_cap)
    {
      dst->pos = g_renew (guint32, dst->pos, src->slot_cap);
      dst->slots = g_renew (Slot, dst->slots, src->slot_cap);
      dst->free_slots = g_renew (guint32, dst->free_slots, src->slot_cap);
    }
  memcpy (dst->pos, src->pos, sizeof (guint32) * src->slot_cap);
  memcpy (dst->slots, src->slots, sizeof (Slot) * src->slot_cap);
  memcpy (dst->free_slots, src->free_slots, sizeof (guint32) * src->slot_cap);
  Node *block = dst->block, *heap = dst->heap;
  guint32 *pos = dst->pos, *free_slots = dst->free_slots;
  Slot *slots = dst->slots;
  *dst = *src;
  dst->block = block;
  dst->heap = heap;
  dst->pos = pos;
  dst->slots = slots;
  dst->free_slots = free_slots;
}

static inline gboolean
before (const PksCalendar *c, const Node *a, const Node *b)
{
  if (G_UNLIKELY (a->key == b->key))
    return c->slots[a->slot].seq < c->slots[b->slot].seq;
  return a->key < b->key;
}

static inline void
place (PksCalendar *c, guint32 i, Node nd)
{
  c->heap[i] = nd;
  c->pos[nd.slot] = i;
}

static void
sift_up (PksCalendar *c, guint32 i, Node nd)
{
  while (i > 0)
    {
      guint32 parent = (i - 1) / PKS_HEAP_ARITY;
      if (!before (c, &nd, &c->heap[parent]))
        break;
      place (c, i, c->heap[parent]);
      i = parent;
    }
  place (c, i, nd);
}

/* The earliest of the children starting at `first`, ties included; the
 * slow path of sift_down, kept out of line. */
static G_GNUC_NO_INLINE guint32
min_child (const PksCalendar *c, guint32 first)
{
  guint32 best = first;
  for (guint32 k = first + 1; k < first + PKS_HEAP_ARITY; k++)
    if (before (c, &c->heap[k], &c->heap[best]))
      best = k;
  return best;
}

/* Which child is earliest is a coin toss that the branch predictor loses,
 * so it is selected by key alone without branches; the index is chosen by
 * mask because GCC 12 compiles `lt ? k : b` there to a branch. Equal keys
 * met on the way (rare; possibly not at the minimum, which costs only time)
 * divert to min_child. The first child always exists; padding never wins. */
static inline guint32
earliest_child (const PksCalendar *c, guint32 first)
{
  const Node *g = c->heap + first;
  guint32 b = 0;
  guint64 bk = g[0].key;
  gboolean tie = FALSE;
  for (guint32 k = 1; k < PKS_HEAP_ARITY; k++)
    {
      guint64 key = g[k].key;
      guint32 lt = key < bk;
      tie |= key == bk;
      b ^= (b ^ k) & -lt;
      bk = lt ? key : bk;
    }
  return G_UNLIKELY (tie) ? min_child (c, first) : first + b;
}

static void
sift_down (PksCalendar *c, guint32 i, Node nd)
{
  const Node *h = c->heap;
  guint32 n = c->n;
  for (;;)
    {
      guint32 first = i * PKS_HEAP_ARITY + 1;
      if (first >= n)
        break;
      guint32 best = earliest_child (c, first);
      if (!before (c, &h[best], &nd))
        break;
      place (c, i, h[best]);
      i = best;
    }
  place (c, i, nd);
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
      c->slots = g_renew (Slot, c->slots, c->slot_cap);
      c->free_slots = g_renew (guint32, c->free_slots, c->slot_cap);
    }
  c->slots[c->n_slots].gen = 0;
  return c->n_slots++;
}

static void
release_slot (PksCalendar *c, guint32 slot)
{
  c->pos[slot] = NO_POS;
  c->slots[slot].gen++;
  c->free_slots[c->n_free++] = slot;
}

PksEventId
pks_calendar_schedule (PksCalendar *c, double t_min, guint32 kind, guint32 arg)
{
  g_return_val_if_fail (!isnan (t_min), 0);
  g_return_val_if_fail (t_min >= c->now, 0);
  guint32 slot = take_slot (c);
  Slot *s = &c->slots[slot];
  s->seq = c->next_seq++;
  s->kind = kind;
  s->arg = arg;
  /* + 0.0 turns -0.0 into +0.0, the only non-negative time whose bit
   * pattern would sort wrongly */
  Node nd = { key_of (t_min + 0.0), slot };
  if (c->hole)
    {
      /* the new node takes the popped root's place */
      c->hole = FALSE;
      sift_down (c, 0, nd);
    }
  else
    {
      if (c->n == c->cap)
        heap_resize (c, c->cap * 2);
      c->n++;
      sift_up (c, c->n - 1, nd);
    }
  /* generation + 1 so that no handle is ever 0 */
  return ((guint64) (s->gen + 1u) << 32) | slot;
}

/* Remove the node at heap position i, keeping the heap ordered and the
 * vacated last position padded. */
static void
remove_at (PksCalendar *c, guint32 i)
{
  guint32 slot = c->heap[i].slot;
  c->n--;
  Node last = c->heap[c->n];
  c->heap[c->n].key = PAD_KEY;
  if (i != c->n)
    {
      if (i > 0 && before (c, &last, &c->heap[(i - 1) / PKS_HEAP_ARITY]))
        sift_up (c, i, last);
      else
        sift_down (c, i, last);
    }
  release_slot (c, slot);
}

/* Fill the hole at the root with the last node, as a plain pop would. */
static inline void
fill_hole (PksCalendar *c)
{
  if (!c->hole)
    return;
  c->hole = FALSE;
  c->n--;
  Node last = c->heap[c->n];
  c->heap[c->n].key = PAD_KEY;
  if (c->n > 0)
    sift_down (c, 0, last);
}

gboolean
pks_calendar_cancel (PksCalendar *c, PksEventId id)
{
  guint32 slot = (guint32) (id & 0xffffffffu);
  guint32 gen = (guint32) (id >> 32);
  if (id == 0 || slot >= c->n_slots || c->slots[slot].gen + 1u != gen
      || c->pos[slot] == NO_POS)
    return FALSE;
  fill_hole (c);
  remove_at (c, c->pos[slot]);
  return TRUE;
}

/* Pop from a heap whose root is the hole: the earliest event is one of
 * the root's children; it leaves, the last node takes its place and sifts
 * down from there (the root's hole counts as earlier than all), and the
 * hole stays for the next schedule. Filling the hole first, as a plain pop
 * would, sifted the last node down from the root: a level more, on every
 * second event of a bed unit, where discharges often come in a row. Out
 * of line: in line, the simulation's event loop ran 0.6 % more
 * instructions. */
static G_GNUC_NO_INLINE gboolean
pop_below_hole (PksCalendar *c, PksEvent *ev)
{
  if (c->n <= 1)
    {
      c->hole = FALSE;
      c->n = 0;
      return FALSE;
    }
  guint32 i = earliest_child (c, 1);
  Node top = c->heap[i];
  const Slot *s = &c->slots[top.slot];
  ev->t_min = time_of (top.key);
  ev->kind = s->kind;
  ev->arg = s->arg;
  ev->id = ((guint64) (s->gen + 1u) << 32) | top.slot;
  c->now = ev->t_min;
  release_slot (c, top.slot);
  c->n--;
  Node last = c->heap[c->n];
  c->heap[c->n].key = PAD_KEY;
  if (i != c->n)
    sift_down (c, i, last);
  return TRUE;
}

gboolean
pks_calendar_pop (PksCalendar *c, PksEvent *ev)
{
  if (c->hole)
    return pop_below_hole (c, ev);
  if (c->n == 0)
    return FALSE;
  const Node *top = &c->heap[0];
  guint32 slot = top->slot;
  const Slot *s = &c->slots[slot];
  ev->t_min = time_of (top->key);
  ev->kind = s->kind;
  ev->arg = s->arg;
  ev->id = ((guint64) (s->gen + 1u) << 32) | slot;
  c->now = ev->t_min;
  release_slot (c, slot);
  c->hole = TRUE;
  return TRUE;
}

guint64
pks_calendar_reserve_seq (PksCalendar *c)
{
  return c->next_seq++;
}

gboolean
pks_calendar_peek (PksCalendar *c, double *t_min, guint64 *seq)
{
  fill_hole (c);
  if (c->n == 0)
    return FALSE;
  *t_min = time_of (c->heap[0].key);
  *seq = c->slots[c->heap[0].slot].seq;
  return TRUE;
}

double
pks_calendar_peek_time (const PksCalendar *c)
{
  if (!c->hole)
    return c->n ? time_of (c->heap[0].key) : INFINITY;
  /* the earliest left is among the root's children (padding never wins) */
  guint64 k = PAD_KEY;
  for (guint32 i = 1; i <= PKS_HEAP_ARITY; i++)
    k = MIN (k, c->heap[i].key);
  return k == PAD_KEY ? INFINITY : time_of (k);
}

guint64
pks_calendar_run_until (PksCalendar *c, double t_end, PksEventFunc fn, gpointer ctx)
{
  guint64 count = 0;
  PksEvent ev;
  c->stop = FALSE;
  for (;;)
    {
      fill_hole (c);
      if (c->stop || c->n == 0 || time_of (c->heap[0].key) > t_end)
        break;
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
  return c->n - (c->hole ? 1 : 0);
}

void
pks_calendar_clear (PksCalendar *c)
{
  for (guint32 i = 0; i < c->n; i++)
    {
      if (i > 0 || !c->hole)
        release_slot (c, c->heap[i].slot);
      c->heap[i].key = PAD_KEY;
    }
  c->n = 0;
  c->hole = FALSE;
  c->now = 0.0;
  c->next_seq = 0;
}
