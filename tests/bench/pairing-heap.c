/* pairing-heap.c — pairing heap (Fredman et al. 1986) with two-pass
 * delete-min, nodes in a pool addressed by index, handles checked by slot
 * generation exactly as in sim/core/calendar.c. */
#include "pairing-heap.h"

#include <math.h>

#define NIL G_MAXUINT32

/* Tree links: child is the leftmost child, sibling the next one to the
 * right, prev the left sibling or, for a leftmost child, the parent. */
typedef struct {
  double t;
  guint64 seq;
  guint32 child, sibling, prev;
  guint32 kind, arg;
  guint32 gen;
  gboolean live;
} Node;

struct _PairingCalendar {
  Node *nodes;
  guint32 n_nodes, cap;
  guint32 *free_slots;
  guint32 n_free;
  guint32 root, n;
  guint64 next_seq;
  double now;
};

PairingCalendar *
pairing_calendar_new (void)
{
  PairingCalendar *c = g_new0 (PairingCalendar, 1);
  c->cap = 64;
  c->nodes = g_new (Node, c->cap);
  c->free_slots = g_new (guint32, c->cap);
  c->root = NIL;
  return c;
}

void
pairing_calendar_free (PairingCalendar *c)
{
  if (c == NULL)
    return;
  g_free (c->nodes);
  g_free (c->free_slots);
  g_free (c);
}

static inline gboolean
before (const Node *a, const Node *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* Make the later of two roots the leftmost child of the earlier; returns
 * the earlier. The winner's sibling and prev are left for the caller. */
static inline guint32
link (Node *nd, guint32 a, guint32 b)
{
  if (before (&nd[b], &nd[a]))
    {
      guint32 x = a;
      a = b;
      b = x;
    }
  guint32 c = nd[a].child;
  nd[b].sibling = c;
  if (c != NIL)
    nd[c].prev = b;
  nd[b].prev = a;
  nd[a].child = b;
  return a;
}

/* Two-pass merge of a sibling list: link pairs left to right (the results
 * chained in reverse through sibling), then fold them right to left. */
static guint32
merge_pairs (Node *nd, guint32 first)
{
  if (first == NIL)
    return NIL;
  guint32 rev = NIL;
  while (first != NIL)
    {
      guint32 a = first, b = nd[a].sibling;
      if (b == NIL)
        {
          nd[a].sibling = rev;
          rev = a;
          break;
        }
      first = nd[b].sibling;
      guint32 w = link (nd, a, b);
      nd[w].sibling = rev;
      rev = w;
    }
  guint32 root = rev;
  rev = nd[rev].sibling;
  while (rev != NIL)
    {
      guint32 next = nd[rev].sibling;
      root = link (nd, root, rev);
      rev = next;
    }
  nd[root].sibling = NIL;
  nd[root].prev = NIL;
  return root;
}

static guint32
take_slot (PairingCalendar *c)
{
  if (c->n_free > 0)
    return c->free_slots[--c->n_free];
  if (c->n_nodes == c->cap)
    {
      c->cap *= 2;
      c->nodes = g_renew (Node, c->nodes, c->cap);
      c->free_slots = g_renew (guint32, c->free_slots, c->cap);
    }
  c->nodes[c->n_nodes].gen = 0;
  return c->n_nodes++;
}

static void
release_slot (PairingCalendar *c, guint32 slot)
{
  c->nodes[slot].live = FALSE;
  c->nodes[slot].gen++;
  c->free_slots[c->n_free++] = slot;
}

PksEventId
pairing_calendar_schedule (PairingCalendar *c, double t_min, guint32 kind,
                           guint32 arg)
{
  g_return_val_if_fail (!isnan (t_min), 0);
  g_return_val_if_fail (t_min >= c->now, 0);
  guint32 s = take_slot (c);
  Node *x = &c->nodes[s];
  x->t = t_min;
  x->seq = c->next_seq++;
  x->child = x->sibling = x->prev = NIL;
  x->kind = kind;
  x->arg = arg;
  x->live = TRUE;
  if (c->root == NIL)
    c->root = s;
  else
    {
      c->root = link (c->nodes, c->root, s);
      c->nodes[c->root].prev = NIL;
    }
  c->n++;
  return ((guint64) (x->gen + 1u) << 32) | s;
}

/* Unlink node s (not the root) and its subtree from its parent's list. */
static void
detach (Node *nd, guint32 s)
{
  guint32 p = nd[s].prev, r = nd[s].sibling;
  if (nd[p].child == s)
    nd[p].child = r;
  else
    nd[p].sibling = r;
  if (r != NIL)
    nd[r].prev = p;
}

gboolean
pairing_calendar_cancel (PairingCalendar *c, PksEventId id)
{
  guint32 s = (guint32) (id & 0xffffffffu);
  guint32 gen = (guint32) (id >> 32);
  if (id == 0 || s >= c->n_nodes || c->nodes[s].gen + 1u != gen
      || !c->nodes[s].live)
    return FALSE;
  Node *nd = c->nodes;
  guint32 sub = merge_pairs (nd, nd[s].child);
  if (s == c->root)
    c->root = sub;
  else
    {
      detach (nd, s);
      if (sub != NIL)
        {
          c->root = link (nd, c->root, sub);
          nd[c->root].prev = NIL;
        }
    }
  c->n--;
  release_slot (c, s);
  return TRUE;
}

gboolean
pairing_calendar_pop (PairingCalendar *c, PksEvent *ev)
{
  if (c->root == NIL)
    return FALSE;
  guint32 s = c->root;
  const Node *top = &c->nodes[s];
  ev->t_min = top->t;
  ev->kind = top->kind;
  ev->arg = top->arg;
  ev->id = ((guint64) (top->gen + 1u) << 32) | s;
  c->now = top->t;
  c->root = merge_pairs (c->nodes, top->child);
  c->n--;
  release_slot (c, s);
  return TRUE;
}

guint
pairing_calendar_size (const PairingCalendar *c)
{
  return c->n;
}
