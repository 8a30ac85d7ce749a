/* waitlist.c — a waiting list as a binary min-heap on (key, serial). The
 * key encodes the scheduling policy (wait start for fifo; priority then
 * wait start; or due date), the serial breaks ties deterministically. */
#include "model-internal.h"

static inline gboolean
less (const WaitEntry *a, const WaitEntry *b)
{
  return a->key < b->key || (a->key == b->key && a->serial < b->serial);
}

void
pks_waitlist_init (Waitlist *w)
{
  w->e = NULL;
  w->n = w->cap = 0;
}

void
pks_waitlist_free (Waitlist *w)
{
  g_free (w->e);
  pks_waitlist_init (w);
}

void
pks_waitlist_clear (Waitlist *w)
{
  w->n = 0;
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
  for (;;)
    {
      guint c = 2 * i + 1;
      if (c >= w->n)
        break;
      if (c + 1 < w->n && less (&w->e[c + 1], &w->e[c]))
        c++;
      if (!less (&w->e[c], &x))
        break;
      w->e[i] = w->e[c];
      i = c;
    }
  w->e[i] = x;
}

void
pks_waitlist_push (Waitlist *w, double key, guint64 serial, guint32 patient)
{
  if (w->n == w->cap)
    {
      w->cap = w->cap ? w->cap * 2 : 64;
      w->e = g_renew (WaitEntry, w->e, w->cap);
    }
  w->e[w->n] = (WaitEntry) { key, serial, patient };
  sift_up (w, w->n++);
}

gboolean
pks_waitlist_pop (Waitlist *w, WaitEntry *out)
{
  if (w->n == 0)
    return FALSE;
  *out = w->e[0];
  w->e[0] = w->e[--w->n];
  if (w->n > 0)
    sift_down (w, 0);
  return TRUE;
}

guint
pks_waitlist_filter (Waitlist *w, gboolean (*keep) (gpointer ctx, guint32 patient), gpointer ctx)
{
  guint j = 0, removed = 0;
  for (guint i = 0; i < w->n; i++)
    {
      if (keep (ctx, w->e[i].patient))
        w->e[j++] = w->e[i];
      else
        removed++;
    }
  w->n = j;
  for (guint i = w->n / 2; i-- > 0;)
    sift_down (w, i);
  return removed;
}
