/* test-waitlist.c — the waiting list (sim/model/waitlist.c): it must
 * always yield the least entry by (key, serial), whichever of its sorted
 * runs or its heap holds it. A property test against a plain sorted
 * reference over long random sequences of pushes (in order, out of order,
 * tied keys, all priority classes), pops and filters; and of bulk loads
 * and put-backs mixed with them and with copies. */
#include "waitlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  WaitEntry *e;
  guint n, cap;
} Ref;

static int
cmp (const void *a, const void *b)
{
  const WaitEntry *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->serial < y->serial ? -1 : x->serial > y->serial;
}

static void
ref_push (Ref *r, WaitEntry e)
{
  if (r->n == r->cap)
    {
      r->cap = r->cap ? 2 * r->cap : 64;
      r->e = g_renew (WaitEntry, r->e, r->cap);
    }
  r->e[r->n++] = e;
}

/* remove and return the least entry (a linear scan: simple and surely right) */
static gboolean
ref_pop (Ref *r, WaitEntry *out)
{
  if (r->n == 0)
    return FALSE;
  guint best = 0;
  for (guint i = 1; i < r->n; i++)
    if (cmp (&r->e[i], &r->e[best]) < 0)
      best = i;
  *out = r->e[best];
  r->e[best] = r->e[--r->n];
  return TRUE;
}

static gboolean
keep_odd (gpointer ctx, guint32 patient)
{
  (void) ctx;
  return patient % 2 == 1;
}

static gboolean
keep_all (gpointer ctx, guint32 patient)
{
  (void) ctx;
  (void) patient;
  return TRUE;
}

static void
check_equal_pop (Waitlist *w, Ref *r)
{
  WaitEntry a = { 0 }, b = { 0 };
  gboolean ga = pks_waitlist_pop (w, &a), gb = ref_pop (r, &b);
  g_assert_cmpint (ga, ==, gb);
  if (ga)
    {
      g_assert_cmpfloat (a.key, ==, b.key);
      g_assert_cmpuint (a.serial, ==, b.serial);
      g_assert_cmpuint (a.patient, ==, b.patient);
      g_assert_cmpuint (a.cls, ==, b.cls);
    }
  g_assert_cmpuint (w->n, ==, r->n);
}

static void
test_random (void)
{
  GRand *rand = g_rand_new_with_seed (20261124);
  for (int round = 0; round < 200; round++)
    {
      Waitlist w;
      pks_waitlist_init (&w);
      Ref r = { 0 };
      double now = 0.0;
      guint64 serial = 0;
      /* how often entries come out of order, and how many classes, vary */
      double p_old = g_rand_double_range (rand, 0.0, 0.5);
      int classes = g_rand_int_range (rand, 1, PKS_WAIT_CLASSES + 1);
      int ops = g_rand_int_range (rand, 10, 3000);
      for (int k = 0; k < ops; k++)
        {
          double u = g_rand_double (rand);
          if (u < 0.55)
            {
              guint32 cls = (guint32) g_rand_int_range (rand, 0, classes);
              double t = g_rand_double (rand) < p_old ? now - g_rand_double_range (rand, 0, 500)
                                                      : now;
              /* priorities far apart, as the priority policy's key puts them */
              double key = (cls + 1) * 1e12 * (round % 2) + t;
              WaitEntry e = { key, serial++, (guint32) serial, cls };
              pks_waitlist_push (&w, &e);
              ref_push (&r, e);
              /* time moves on, or stands (tied keys) */
              if (g_rand_boolean (rand))
                now += g_rand_double_range (rand, 0, 10);
            }
          else if (u < 0.995)
            check_equal_pop (&w, &r);
          else
            {
              /* the filter keeps the odd patients, or everyone */
              gboolean all = g_rand_boolean (rand);
              guint before = r.n, kept = 0;
              for (guint i = 0; i < r.n; i++)
                if (all || keep_odd (NULL, r.e[i].patient))
                  r.e[kept++] = r.e[i];
              r.n = kept;
              guint removed = pks_waitlist_filter (&w, all ? keep_all : keep_odd, NULL);
              g_assert_cmpuint (removed, ==, before - kept);
              g_assert_cmpuint (w.n, ==, r.n);
            }
        }
      while (r.n > 0)
        check_equal_pop (&w, &r);
      WaitEntry e;
      g_assert_false (pks_waitlist_pop (&w, &e));
      pks_waitlist_clear (&w);
      g_assert_cmpuint (w.n, ==, 0);
      pks_waitlist_free (&w);
      g_free (r.e);
    }
  g_rand_free (rand);
}

/* Entries in order stay out of the heap; one out of order goes to it and
 * still comes out first. */
static void
test_runs_and_heap (void)
{
  Waitlist w;
  pks_waitlist_init (&w);
  for (guint32 i = 0; i < 1000; i++)
    {
      WaitEntry e = { (double) i, i, i, i % 3 };
      pks_waitlist_push (&w, &e);
    }
  g_assert_cmpuint (w.n_heap, ==, 0);
  g_assert_cmpuint (w.n, ==, 1000);
  WaitEntry late = { -1.0, 5000, 5000, 1 };
  pks_waitlist_push (&w, &late);
  g_assert_cmpuint (w.n_heap, ==, 1);
  WaitEntry e;
  g_assert_true (pks_waitlist_pop (&w, &e));
  g_assert_cmpuint (e.patient, ==, 5000);
  for (guint32 i = 0; i < 1000; i++)
    {
      g_assert_true (pks_waitlist_pop (&w, &e));
      g_assert_cmpuint (e.patient, ==, i);
    }
  g_assert_false (pks_waitlist_pop (&w, &e));
  pks_waitlist_free (&w);
}

/* The reference for the bulk test: an array sorted greatest first, so the
 * least entry is the last; an insert finds its place by binary search. */
static void
sorted_insert (Ref *r, WaitEntry e)
{
  guint lo = 0, hi = r->n;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (cmp (&r->e[mid], &e) > 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  ref_push (r, e);
  memmove (&r->e[lo + 1], &r->e[lo], sizeof (WaitEntry) * (r->n - 1 - lo));
  r->e[lo] = e;
}

static void
pop_both (Waitlist *w, Ref *r, WaitEntry *out)
{
  gboolean got = pks_waitlist_pop (w, out);
  g_assert_cmpint (got, ==, r->n > 0);
  if (!got)
    return;
  const WaitEntry *b = &r->e[--r->n];
  g_assert_cmpfloat (out->key, ==, b->key);
  g_assert_cmpuint (out->serial, ==, b->serial);
  g_assert_cmpuint (out->patient, ==, b->patient);
  g_assert_cmpuint (out->cls, ==, b->cls);
  g_assert_cmpuint (w->n, ==, r->n);
}

/* Pop the list and the reference to the end, each pop the same; then the
 * list is empty too. Frees both. */
static void
drain_and_free (Waitlist *w, Ref *r)
{
  WaitEntry e;
  while (r->n > 0)
    pop_both (w, r, &e);
  g_assert_false (pks_waitlist_pop (w, &e));
  pks_waitlist_free (w);
  g_free (r->e);
}

/* Bulk loads (pks_waitlist_load: the published lists, sorted into the runs
 * at the next pop) and put-backs (pks_waitlist_unpop: the session
 * booking's entries that did not fit) mixed with pushes, pops, filters and
 * copies, against a sorted reference. The loads draw their keys evenly
 * over a bin as the published lists do, or all equal (a per-patient
 * list's one day: a large bucket, its merge sort), in serial order or
 * shuffled (ties then decided by the sort, not by the order of loading). */
static void
test_bulk_and_unpop (void)
{
  GRand *rand = g_rand_new_with_seed (20261206);
  guint64 loaded = 0, settled = 0, unpopped = 0;
  for (int round = 0; round < 200; round++)
    {
      Waitlist w;
      pks_waitlist_init (&w);
      Ref r = { 0 };
      double now = 1e5;
      /* a load's entries may take serials below every other's, so that
       * its ties with the runs' entries go its way */
      guint64 serial = G_GUINT64_CONSTANT (1) << 32, low = 0;
      int classes = g_rand_int_range (rand, 1, PKS_WAIT_CLASSES + 1);
      double prio_gap = (round % 3 == 0) ? 1e12 : 0.0;
      int ops = g_rand_int_range (rand, 10, 1200);
      for (int k = 0; k < ops; k++)
        {
          double u = g_rand_double (rand);
          if (u < 0.45)
            {
              guint32 cls = (guint32) g_rand_int_range (rand, 0, classes);
              double t = g_rand_double (rand) < 0.1 ? now - g_rand_double_range (rand, 0, 500) : now;
              WaitEntry e = { (cls + 1) * prio_gap + t, serial++, (guint32) serial, cls };
              pks_waitlist_push (&w, &e);
              sorted_insert (&r, e);
              if (g_rand_boolean (rand))
                now += g_rand_double_range (rand, 0, 10);
            }
          else if (u < 0.46)
            {
              /* a bulk load: one bin of ages, or one day for all */
              guint m = (guint) g_rand_int_range (rand, 1, 400);
              gboolean one_day = g_rand_int_range (rand, 0, 4) == 0;
              gboolean lows = g_rand_boolean (rand);
              /* from 0: one day is today, tied with the runs' last keys */
              double from = g_rand_boolean (rand) ? 0.0 : g_rand_double_range (rand, 0, 2e5);
              double to = from + g_rand_double_range (rand, 0, 2e5);
              WaitEntry *b = g_new (WaitEntry, m);
              for (guint i = 0; i < m; i++)
                {
                  guint32 cls = (guint32) g_rand_int_range (rand, 0, classes);
                  double t = one_day ? now - from : now - g_rand_double_range (rand, from, to);
                  guint64 sn = lows ? low++ : serial++;
                  WaitEntry e = { (cls + 1) * prio_gap + t, sn, (guint32) sn, cls };
                  b[i] = e;
                }
              if (g_rand_boolean (rand))
                for (guint i = m; i > 1; i--)
                  {
                    guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
                    WaitEntry t = b[i - 1];
                    b[i - 1] = b[j];
                    b[j] = t;
                  }
              for (guint i = 0; i < m; i++)
                {
                  pks_waitlist_load (&w, &b[i]);
                  sorted_insert (&r, b[i]);
                }
              loaded += m;
              g_free (b);
            }
          else if (u < 0.60)
            {
              /* book a session: pop up to 64, put some back, the last first */
              WaitEntry aside[64];
              guint n_aside = 0, scan = (guint) g_rand_int_range (rand, 1, 65);
              gboolean was_loose = w.loose;
              WaitEntry e;
              for (guint i = 0; i < scan && r.n > 0; i++)
                {
                  pop_both (&w, &r, &e);
                  if (was_loose)
                    {
                      /* the first pop sorted the load into the runs */
                      g_assert_false (w.loose);
                      g_assert_cmpuint (w.n_heap, ==, 0);
                      settled++;
                      was_loose = FALSE;
                    }
                  if (g_rand_boolean (rand))
                    aside[n_aside++] = e;
                }
              guint heap_before = w.n_heap;
              for (guint i = n_aside; i-- > 0;)
                {
                  pks_waitlist_unpop (&w, &aside[i]);
                  sorted_insert (&r, aside[i]);
                }
              /* each preceded every entry left: none went to the heap */
              g_assert_cmpuint (w.n_heap, ==, heap_before);
              unpopped += n_aside;
            }
          else if (u < 0.61)
            {
              /* unpop of an entry that precedes nothing: pushed as usual */
              guint32 cls = (guint32) g_rand_int_range (rand, 0, classes);
              WaitEntry e = { (cls + 1) * prio_gap + now + g_rand_double_range (rand, 0, 100),
                              serial++, (guint32) serial, cls };
              pks_waitlist_unpop (&w, &e);
              sorted_insert (&r, e);
            }
          else if (u < 0.99)
            {
              WaitEntry e;
              pop_both (&w, &r, &e);
            }
          else if (u < 0.995)
            {
              /* the filter, loose or not: keeps the odd patients */
              guint before = r.n, kept = 0;
              for (guint i = 0; i < r.n; i++)
                if (keep_odd (NULL, r.e[i].patient))
                  r.e[kept++] = r.e[i];
              r.n = kept;
              g_assert_cmpuint (pks_waitlist_filter (&w, keep_odd, NULL), ==, before - kept);
              g_assert_cmpuint (w.n, ==, r.n);
            }
          else
            {
              /* the fork's copy, loose or not, carries on in place of w */
              Waitlist c;
              pks_waitlist_init (&c);
              pks_waitlist_copy (&c, &w);
              pks_waitlist_free (&w);
              w = c;
            }
        }
      drain_and_free (&w, &r);
    }
  /* the paths under test were taken, often */
  g_assert_cmpuint (loaded, >, 10000);
  g_assert_cmpuint (settled, >, 100);
  g_assert_cmpuint (unpopped, >, 10000);
  g_rand_free (rand);
}

/* Decisions of one clinic day: one key, serials out of order by a few. They
 * take their places among the run's last entries, not the heap's, and
 * leave by serial; one far out of order still goes to the heap. */
static void
test_near_end (void)
{
  Waitlist w;
  pks_waitlist_init (&w);
  /* 9 goes to the front of 8, 25 before the last, 17 six from the end */
  guint32 serials[] = { 10, 12, 14, 16, 18, 20, 22, 24, 9, 26, 25, 17 };
  guint n = G_N_ELEMENTS (serials);
  for (guint i = 0; i < n; i++)
    {
      WaitEntry e = { 100.0, serials[i], serials[i], 0 };
      pks_waitlist_push (&w, &e);
    }
  g_assert_cmpuint (w.n_heap, ==, 0);
  WaitEntry far = { 100.0, 1, 1, 0 };   /* more than 8 from the end */
  pks_waitlist_push (&w, &far);
  g_assert_cmpuint (w.n_heap, ==, 1);
  g_assert_cmpuint (w.n, ==, n + 1);
  guint32 want[] = { 1, 9, 10, 12, 14, 16, 17, 18, 20, 22, 24, 25, 26 };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      WaitEntry e;
      g_assert_true (pks_waitlist_pop (&w, &e));
      g_assert_cmpuint (e.serial, ==, want[i]);
    }
  g_assert_cmpuint (w.n, ==, 0);
  pks_waitlist_free (&w);
}

/* A bulk load whose keys no bucket can take (infinite, or spanning more
 * than a double) still leaves in order, and so does one of equal keys. */
static void
test_bulk_odd_keys (void)
{
  const double keys[][6] = {
    { INFINITY, -INFINITY, 5.0, 5.0, 1e308, -1e308 },
    { 1e308, -1e308, 0.0, 1.0, -1.0, 2.0 },
    { 7.0, 7.0, 7.0, 7.0, 7.0, 7.0 },
  };
  for (guint t = 0; t < G_N_ELEMENTS (keys); t++)
    {
      Waitlist w;
      pks_waitlist_init (&w);
      Ref r = { 0 };
      for (guint i = 0; i < 6; i++)
        {
          WaitEntry e = { keys[t][i], 10 - i, i, 0 };
          pks_waitlist_load (&w, &e);
          sorted_insert (&r, e);
        }
      drain_and_free (&w, &r);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/waitlist/runs-and-heap", test_runs_and_heap);
  g_test_add_func ("/waitlist/near-the-end", test_near_end);
  g_test_add_func ("/waitlist/random-against-reference", test_random);
  g_test_add_func ("/waitlist/bulk-load-and-unpop", test_bulk_and_unpop);
  g_test_add_func ("/waitlist/bulk-odd-keys", test_bulk_odd_keys);
  return g_test_run ();
}
