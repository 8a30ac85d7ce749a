/* waitlist.h — a waiting list ordered by (key, serial): a sorted run per
 * priority class for entries that arrive in order (or nearly, or put
 * back, or loaded in bulk), a binary heap for the others (waitlist.c).
 * The bottom of sim/model: it knows no patient. */
#ifndef PKS_MODEL_WAITLIST_H
#define PKS_MODEL_WAITLIST_H

#include <glib.h>

G_BEGIN_DECLS

#define PKS_WAIT_CLASSES 3

typedef struct {
  double key;
  guint64 serial;
  guint32 patient;
  guint32 cls;                 /* priority − 1: the run an in-order entry joins */
} WaitEntry;

typedef struct {
  WaitEntry *e;                /* ring buffer, cap a power of two */
  guint head, n, cap;
} WaitRun;

typedef struct {
  WaitEntry *e;                /* the heap */
  guint n_heap, cap;
  WaitRun run[PKS_WAIT_CLASSES];
  guint n;                     /* entries in all */
  guint runs_used;             /* bit c set: run c is not empty */
  guint n_dead;                /* entries of patients who left the list untreated,
                                * still in it until popped (patient.c) */
  gboolean loose;              /* the heap's array holds a bulk load in no
                                * order: the next pop sorts it into the runs */
} Waitlist;

/* Patients on the list: its entries less those that left untreated. */
static inline guint
pks_waitlist_len (const Waitlist *w)
{
  return w->n - w->n_dead;
}

void pks_waitlist_init (Waitlist *w);
void pks_waitlist_free (Waitlist *w);
void pks_waitlist_push_any (Waitlist *w, const WaitEntry *e);

/* Add an entry. Inline when it joins the end of its class's run, which has
 * room: a referral's or a decision's entry, nearly every push (waitlist.c). */
static inline void
pks_waitlist_push (Waitlist *w, const WaitEntry *e)
{
  g_assert (e->cls < PKS_WAIT_CLASSES);
  WaitRun *r = &w->run[e->cls];
  if (r->n != 0 && r->n < r->cap)
    {
      const WaitEntry *last = &r->e[(r->head + r->n - 1) & (r->cap - 1)];
      if (last->key < e->key || (last->key == e->key && last->serial < e->serial))
        {
          r->e[(r->head + r->n++) & (r->cap - 1)] = *e;
          w->n++;
          return;
        }
    }
  pks_waitlist_push_any (w, e);
}
gboolean pks_waitlist_pop_any (Waitlist *w, WaitEntry *out);

/* Take the least entry into out; FALSE if the list is empty. Inline when
 * one run holds every entry, as it does for most lists most of the time
 * (one priority class, nothing out of order): its front is the least. */
static inline gboolean
pks_waitlist_pop (Waitlist *w, WaitEntry *out)
{
  guint used = w->runs_used;
  if (w->n_heap == 0 && used != 0 && (used & (used - 1)) == 0)
    {
      WaitRun *r = &w->run[__builtin_ctz (used)];
      *out = r->e[r->head];
      r->head = (r->head + 1) & (r->cap - 1);
      w->n--;
      if (--r->n == 0)
        w->runs_used = 0;
      return TRUE;
    }
  return pks_waitlist_pop_any (w, out);
}
/* Put back an entry just popped that precedes every entry the list holds
 * (the session booking's entries that did not fit, in reverse pop order):
 * the front of its class's run, O(1). Any other entry is pushed as usual. */
void pks_waitlist_unpop (Waitlist *w, const WaitEntry *e);
/* Add an entry of a bulk load out of order (the published lists at the
 * report start): appended to the heap's array unordered; the next pop
 * sorts the whole array into the runs, about linear in the entries, and
 * they leave in O(1) each instead of by a sift-down through the heap. */
void pks_waitlist_load (Waitlist *w, const WaitEntry *e);
void pks_waitlist_clear (Waitlist *w);
void pks_waitlist_copy (Waitlist *dst, const Waitlist *src);
/* Keep only the entries for which keep() is TRUE. */
guint pks_waitlist_filter (Waitlist *w, gboolean (*keep) (gpointer ctx, guint32 patient),
                           gpointer ctx);

G_END_DECLS

#endif
