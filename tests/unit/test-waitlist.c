/* test-waitlist.c — the waiting list (sim/model/waitlist.c): it must
 * always yield the least entry by (key, serial), whichever of its sorted
 * runs or its heap holds it. A property test against a plain sorted
 * reference over long random sequences of pushes (in order, out of order,
 * tied keys, all priority classes), pops and filters. */
#include "waitlist.h"

#include <stdlib.h>

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/waitlist/runs-and-heap", test_runs_and_heap);
  g_test_add_func ("/waitlist/random-against-reference", test_random);
  return g_test_run ();
}
