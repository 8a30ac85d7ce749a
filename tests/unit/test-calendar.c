/* test-calendar.c — the future-event list: (time, scheduling order) ties,
 * handles, run_until/stop/clear, and a property test against a plain
 * reference model over long random operation sequences. */
#include "pks/pks.h"

#include <math.h>

/* Ties pop in the order they were scheduled, whatever came between. */
static void
test_order_ties (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  PksEvent ev;

  for (guint32 i = 0; i < 5; i++)
    pks_calendar_schedule (cal, 10.0, 1, i);
  pks_calendar_schedule (cal, 5.0, 2, 100);
  for (guint32 i = 5; i < 10; i++)
    pks_calendar_schedule (cal, 10.0, 1, i);
  pks_calendar_schedule (cal, 20.0, 3, 200);

  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpfloat (ev.t_min, ==, 5.0);
  g_assert_cmpuint (ev.arg, ==, 100);
  for (guint32 i = 0; i < 10; i++)
    {
      g_assert_true (pks_calendar_pop (cal, &ev));
      g_assert_cmpfloat (ev.t_min, ==, 10.0);
      g_assert_cmpuint (ev.kind, ==, 1);
      g_assert_cmpuint (ev.arg, ==, i);
      /* an event scheduled "now" while ties are pending runs after them */
      if (i == 3)
        pks_calendar_schedule (cal, 10.0, 4, 300);
    }
  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.arg, ==, 300);
  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.arg, ==, 200);
  g_assert_false (pks_calendar_pop (cal, &ev));
}

/* Cancelling one of several ties keeps the others in order. */
static void
test_order_ties_cancel (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  PksEventId id[8];
  PksEvent ev;

  for (guint32 i = 0; i < 8; i++)
    id[i] = pks_calendar_schedule (cal, 7.5, 0, i);
  g_assert_true (pks_calendar_cancel (cal, id[0]));
  g_assert_true (pks_calendar_cancel (cal, id[5]));
  const guint32 expect[] = { 1, 2, 3, 4, 6, 7 };
  for (guint k = 0; k < G_N_ELEMENTS (expect); k++)
    {
      g_assert_true (pks_calendar_pop (cal, &ev));
      g_assert_cmpuint (ev.arg, ==, expect[k]);
    }
  g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
}

/* Handles: non-zero, returned again by pop, refused once stale (popped,
 * cancelled, or their slot reused by a newer event). */
static void
test_cancel_handles (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  PksEvent ev;

  PksEventId a = pks_calendar_schedule (cal, 1.0, 0, 1);
  PksEventId b = pks_calendar_schedule (cal, 2.0, 0, 2);
  g_assert_cmpuint (a, !=, 0);
  g_assert_cmpuint (b, !=, 0);
  g_assert_cmpuint (a, !=, b);

  g_assert_false (pks_calendar_cancel (cal, 0));
  g_assert_false (pks_calendar_cancel (cal, ((guint64) 1 << 32) | 123456u));
  g_assert_false (pks_calendar_cancel (cal, a ^ ((guint64) 7 << 32)));

  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.id, ==, a);
  g_assert_cmpuint (ev.arg, ==, 1);
  g_assert_false (pks_calendar_cancel (cal, a));      /* popped */

  /* the freed slot is reused: the old handle must not cancel the new event */
  PksEventId c = pks_calendar_schedule (cal, 3.0, 0, 3);
  g_assert_cmpuint (c, !=, a);
  g_assert_false (pks_calendar_cancel (cal, a));
  g_assert_cmpuint (pks_calendar_size (cal), ==, 2);

  g_assert_true (pks_calendar_cancel (cal, b));
  g_assert_false (pks_calendar_cancel (cal, b));      /* cancelled twice */
  g_assert_cmpuint (pks_calendar_size (cal), ==, 1);

  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.id, ==, c);
  g_assert_cmpuint (ev.arg, ==, 3);
  g_assert_false (pks_calendar_cancel (cal, c));
  g_assert_false (pks_calendar_pop (cal, &ev));
  g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, INFINITY);
}

typedef struct {
  double t;
  guint64 seq;
  guint32 kind, arg;
  PksEventId id;
} Ref;

/* Index of the earliest reference event by (time, sequence). */
static guint
ref_min (const GArray *pending)
{
  guint best = 0;
  for (guint i = 1; i < pending->len; i++)
    {
      const Ref *x = &g_array_index (pending, Ref, i);
      const Ref *b = &g_array_index (pending, Ref, best);
      if (x->t < b->t || (x->t == b->t && x->seq < b->seq))
        best = i;
    }
  return best;
}

/* Random schedule / cancel (pending, stale, bogus) / pop against a plain
 * array scanned for its minimum. Times are multiples of 0.25 close to now,
 * so ties are frequent; the calendar grows past its initial 64 slots and
 * shrinks again, reusing slots. Every pop is compared field by field. */
static void
run_model (guint32 seed, guint n_ops)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  g_autoptr (GRand) rnd = g_rand_new_with_seed (seed);
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (Ref));
  g_autoptr (GArray) stale = g_array_new (FALSE, FALSE, sizeof (PksEventId));
  guint64 seq = 0;
  guint32 next_arg = 0;
  double now = 0.0;
  guint n_pops = 0, n_cancels = 0, max_size = 0;

  for (guint op = 0; op < n_ops + 1; op++)
    {
      /* grow, then hover, then drain everything at the end */
      double p_sched = op < n_ops * 2 / 5 ? 0.6 : op < n_ops * 4 / 5 ? 0.45 : 0.25;
      double u = g_rand_double (rnd);
      gboolean drain = op == n_ops;

      /* once, half-way: clear, and start again from time 0 */
      if (op == n_ops / 2)
        {
          for (guint i = 0; i < pending->len; i++)
            g_array_append_val (stale, g_array_index (pending, Ref, i).id);
          g_array_set_size (pending, 0);
          pks_calendar_clear (cal);
          now = 0.0;
        }

      if (!drain && u < p_sched)
        {
          double t = now;
          if (g_rand_int_range (rnd, 0, 5) != 0)
            t = now + 0.25 * g_rand_int_range (rnd, 0, 40);
          Ref r = { t, seq++, (guint32) g_rand_int_range (rnd, 0, 16), next_arg++, 0 };
          r.id = pks_calendar_schedule (cal, t, r.kind, r.arg);
          g_assert_cmpuint (r.id, !=, 0);
          g_array_append_val (pending, r);
        }
      else if (!drain && u < p_sched + 0.1)
        {
          int what = g_rand_int_range (rnd, 0, 3);
          if (what == 0 && pending->len > 0)
            {
              guint i = g_rand_int_range (rnd, 0, pending->len);
              PksEventId id = g_array_index (pending, Ref, i).id;
              g_assert_true (pks_calendar_cancel (cal, id));
              g_array_remove_index_fast (pending, i);
              g_array_append_val (stale, id);
              n_cancels++;
            }
          else if (what == 1 && stale->len > 0)
            {
              guint i = g_rand_int_range (rnd, 0, stale->len);
              g_assert_false (pks_calendar_cancel (cal, g_array_index (stale, PksEventId, i)));
            }
          else
            {
              /* a handle never issued: a slot far beyond any used */
              PksEventId bogus = ((guint64) 1 << 32) | (0x40000000u + g_rand_int (rnd) % 1000);
              g_assert_false (pks_calendar_cancel (cal, bogus));
            }
        }
      else
        {
          guint todo = drain ? pending->len : 1;
          for (guint k = 0; k < todo; k++)
            {
              PksEvent ev;
              if (pending->len == 0)
                {
                  g_assert_false (pks_calendar_pop (cal, &ev));
                  break;
                }
              guint i = ref_min (pending);
              Ref want = g_array_index (pending, Ref, i);
              g_assert_true (pks_calendar_pop (cal, &ev));
              g_assert_cmpfloat (ev.t_min, ==, want.t);
              g_assert_cmpuint (ev.kind, ==, want.kind);
              g_assert_cmpuint (ev.arg, ==, want.arg);
              g_assert_cmpuint (ev.id, ==, want.id);
              g_assert_cmpfloat (pks_calendar_now (cal), ==, want.t);
              now = want.t;
              g_array_remove_index_fast (pending, i);
              g_array_append_val (stale, want.id);
              n_pops++;
            }
        }

      g_assert_cmpuint (pks_calendar_size (cal), ==, pending->len);
      double peek = pending->len ? g_array_index (pending, Ref, ref_min (pending)).t : INFINITY;
      g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, peek);
      max_size = MAX (max_size, pending->len);
    }

  g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
  /* the sequence really exercised growth, cancellation and slot reuse */
  g_assert_cmpuint (max_size, >, 256);
  g_assert_cmpuint (n_cancels, >, 100);
  g_assert_cmpuint (n_pops, >, n_ops / 4);
  g_test_message ("seed %u: %u pops, %u cancels, max size %u", seed, n_pops,
                  n_cancels, max_size);
}

static void
test_model_random (void)
{
  const guint32 seeds[] = { 1, 42, 20240101, 0xdeadbeef };
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    run_model (seeds[i], 20000);
}

typedef struct {
  PksCalendar *cal;
  GArray *times;          /* double: time of each event run */
  GArray *args;           /* guint32 */
  guint stop_after;       /* call pks_calendar_stop after this many (0 = never) */
  gboolean reschedule;    /* kind 1 schedules a kind 2 at now + 0.5 */
} Runner;

static void
on_event (gpointer ctx, const PksEvent *ev)
{
  Runner *r = ctx;
  g_assert_cmpfloat (pks_calendar_now (r->cal), ==, ev->t_min);
  g_array_append_val (r->times, ev->t_min);
  g_array_append_val (r->args, ev->arg);
  if (r->reschedule && ev->kind == 1)
    pks_calendar_schedule (r->cal, ev->t_min + 0.5, 2, ev->arg + 1000);
  if (r->stop_after && r->times->len == r->stop_after)
    pks_calendar_stop (r->cal);
}

static void
runner_init (Runner *r, PksCalendar *cal)
{
  r->cal = cal;
  r->times = g_array_new (FALSE, FALSE, sizeof (double));
  r->args = g_array_new (FALSE, FALSE, sizeof (guint32));
  r->stop_after = 0;
  r->reschedule = FALSE;
}

static void
runner_clear (Runner *r)
{
  g_array_unref (r->times);
  g_array_unref (r->args);
}

/* run_until runs exactly the events at or before t_end (including ones
 * scheduled by handlers inside the window), then moves the clock to t_end. */
static void
test_run_until (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  Runner r;
  runner_init (&r, cal);
  r.reschedule = TRUE;

  const double t[] = { 1.0, 2.0, 3.0, 3.0, 5.0, 10.0 };
  for (guint32 i = 0; i < G_N_ELEMENTS (t); i++)
    pks_calendar_schedule (cal, t[i], i == 1 ? 1 : 0, i);

  /* events at 1, 2, 2.5 (made by the handler at 2), 3, 3; not 5 or 10 */
  g_assert_cmpuint (pks_calendar_run_until (cal, 3.0, on_event, &r), ==, 5);
  const double want_t[] = { 1.0, 2.0, 2.5, 3.0, 3.0 };
  const guint32 want_arg[] = { 0, 1, 1001, 2, 3 };
  g_assert_cmpuint (r.times->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (g_array_index (r.times, double, i), ==, want_t[i]);
      g_assert_cmpuint (g_array_index (r.args, guint32, i), ==, want_arg[i]);
    }
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 3.0);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 2);

  /* nothing in (3, 4.75]: the clock still advances to t_end */
  g_assert_cmpuint (pks_calendar_run_until (cal, 4.75, on_event, &r), ==, 0);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 4.75);
  g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, 5.0);

  /* an event exactly at t_end runs */
  g_assert_cmpuint (pks_calendar_run_until (cal, 5.0, on_event, &r), ==, 1);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 5.0);

  /* t_end before now never moves the clock backwards */
  g_assert_cmpuint (pks_calendar_run_until (cal, 4.0, on_event, &r), ==, 0);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 5.0);

  /* to +inf: everything runs, the clock stays at the last event */
  g_assert_cmpuint (pks_calendar_run_until (cal, INFINITY, on_event, &r), ==, 1);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 10.0);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
  runner_clear (&r);
}

/* stop ends run_until after the current event; the rest stays pending and
 * the clock is not moved past them; the next run_until carries on. */
static void
test_stop (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  Runner r;
  runner_init (&r, cal);
  r.stop_after = 3;

  for (guint32 i = 0; i < 6; i++)
    pks_calendar_schedule (cal, 10.0 * (i + 1), 0, i);

  g_assert_cmpuint (pks_calendar_run_until (cal, 100.0, on_event, &r), ==, 3);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 3);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 30.0);
  g_assert_cmpfloat (pks_calendar_now (cal), <=, pks_calendar_peek_time (cal));

  r.stop_after = 0;
  g_assert_cmpuint (pks_calendar_run_until (cal, 100.0, on_event, &r), ==, 3);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 100.0);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (g_array_index (r.args, guint32, i), ==, i);
  runner_clear (&r);
}

/* clear drops pending events, resets the clock and invalidates handles;
 * the calendar is fully usable afterwards, ties included. */
static void
test_clear (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  PksEvent ev;
  PksEventId old[100];

  for (guint32 i = 0; i < 100; i++)
    old[i] = pks_calendar_schedule (cal, 50.0 + (i % 7), 0, i);
  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 50.0);

  pks_calendar_clear (cal);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
  g_assert_cmpfloat (pks_calendar_now (cal), ==, 0.0);
  g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, INFINITY);
  g_assert_false (pks_calendar_pop (cal, &ev));

  /* after the reset, times before the old clock are accepted */
  for (guint32 i = 0; i < 10; i++)
    pks_calendar_schedule (cal, 1.0, 0, 500 + i);
  for (guint i = 0; i < 100; i++)
    g_assert_false (pks_calendar_cancel (cal, old[i]));
  g_assert_cmpuint (pks_calendar_size (cal), ==, 10);
  for (guint32 i = 0; i < 10; i++)
    {
      g_assert_true (pks_calendar_pop (cal, &ev));
      g_assert_cmpuint (ev.arg, ==, 500 + i);
    }

  /* nothing of the old contents survives in the heap: new events later
   * than the old ones, in reverse order, still pop sorted */
  for (guint32 i = 0; i < 100; i++)
    pks_calendar_schedule (cal, 50.0 + (i % 7), 0, i);
  pks_calendar_clear (cal);
  for (guint32 i = 0; i < 12; i++)
    pks_calendar_schedule (cal, 1000.0 - i, 0, i);
  for (guint32 i = 0; i < 12; i++)
    {
      g_assert_true (pks_calendar_pop (cal, &ev));
      g_assert_cmpfloat (ev.t_min, ==, 1000.0 - (11 - i));
      g_assert_cmpuint (ev.arg, ==, 11 - i);
    }
  g_assert_false (pks_calendar_pop (cal, &ev));
}

/* The refusals are g_return_val_if_fail criticals: fatal in tests, so
 * checked in a subprocess; with the critical expected (not fatal) the call
 * must return 0 and schedule nothing. */
static void
refuse (double t_before, double t_bad, const char *pattern)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  PksEvent ev;
  if (!isnan (t_before))
    {
      pks_calendar_schedule (cal, t_before, 0, 0);
      g_assert_true (pks_calendar_pop (cal, &ev));
    }
  if (g_test_subprocess ())
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      pks_calendar_schedule (cal, t_bad, 0, 0);
      return;   /* not reached */
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr (pattern);

  g_test_expect_message ("pks", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  PksEventId id = pks_calendar_schedule (cal, t_bad, 0, 0);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (id, ==, 0);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
  /* exactly now is allowed */
  g_assert_cmpuint (pks_calendar_schedule (cal, pks_calendar_now (cal), 0, 0), !=, 0);
}

/* A pop leaves the root empty until the next operation (calendar.c, "hole
 * at the root"): whatever comes next must see the remaining events as if
 * the hole were not there. */
static void
test_pop_hole (void)
{
  PksEvent ev;
  for (int next = 0; next < 6; next++)
    {
      g_autoptr (PksCalendar) cal = pks_calendar_new ();
      PksEventId id[12];
      for (guint32 i = 0; i < 12; i++)
        id[i] = pks_calendar_schedule (cal, 10.0 + i, 0, i);
      g_assert_true (pks_calendar_pop (cal, &ev));
      g_assert_cmpuint (ev.arg, ==, 0);
      g_assert_cmpuint (pks_calendar_size (cal), ==, 11);
      g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, 11.0);
      guint32 first = 1;
      switch (next)
        {
        case 0:   /* an event before every pending one fills the hole */
          pks_calendar_schedule (cal, 10.5, 1, 100);
          first = 100;
          break;
        case 1:   /* one after every pending one */
          pks_calendar_schedule (cal, 99.0, 1, 100);
          break;
        case 2:   /* a tie with the earliest pending runs after it */
          pks_calendar_schedule (cal, 11.0, 1, 100);
          break;
        case 3:
          g_assert_true (pks_calendar_cancel (cal, id[1]));
          g_assert_false (pks_calendar_cancel (cal, id[0]));
          first = 2;
          break;
        case 4:
          pks_calendar_clear (cal);
          g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
          g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, INFINITY);
          g_assert_false (pks_calendar_pop (cal, &ev));
          continue;
        default:  /* pop after pop */
          break;
        }
      g_assert_true (pks_calendar_pop (cal, &ev));
      g_assert_cmpuint (ev.arg, ==, first);
      double last = ev.t_min;
      guint n = 1;
      while (pks_calendar_pop (cal, &ev))
        {
          g_assert_cmpfloat (ev.t_min, >=, last);
          last = ev.t_min;
          n++;
        }
      g_assert_cmpuint (n, ==, next == 3 ? 10 : next == 5 ? 11 : 12);
      g_assert_cmpuint (pks_calendar_size (cal), ==, 0);
      g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, INFINITY);
    }
  /* the last event popped leaves only the hole */
  g_autoptr (PksCalendar) one = pks_calendar_new ();
  pks_calendar_schedule (one, 1.0, 0, 7);
  g_assert_true (pks_calendar_pop (one, &ev));
  g_assert_cmpuint (pks_calendar_size (one), ==, 0);
  g_assert_cmpfloat (pks_calendar_peek_time (one), ==, INFINITY);
  g_assert_false (pks_calendar_pop (one, &ev));
  pks_calendar_schedule (one, 2.0, 0, 8);
  g_assert_cmpuint (pks_calendar_size (one), ==, 1);
  g_assert_true (pks_calendar_pop (one, &ev));
  g_assert_cmpuint (ev.arg, ==, 8);
}

/* peek gives the earliest (time, seq), also after a pop has left a hole
 * at the root, and a reserved sequence number sits between the events
 * scheduled before and after it, as the model's own arrival queue needs
 * to merge with the calendar. */
static void
test_peek_seq (void)
{
  g_autoptr (PksCalendar) cal = pks_calendar_new ();
  PksEvent ev;
  double t;
  guint64 seq;
  g_assert_false (pks_calendar_peek (cal, &t, &seq));
  pks_calendar_schedule (cal, 5.0, 0, 1);                  /* seq 0 */
  guint64 reserved = pks_calendar_reserve_seq (cal);      /* seq 1 */
  pks_calendar_schedule (cal, 5.0, 0, 2);                  /* seq 2 */
  pks_calendar_schedule (cal, 9.0, 0, 3);                  /* seq 3 */
  g_assert_cmpuint (reserved, ==, 1);
  g_assert_true (pks_calendar_peek (cal, &t, &seq));
  g_assert_cmpfloat (t, ==, 5.0);
  g_assert_cmpuint (seq, ==, 0);
  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.arg, ==, 1);
  /* after a pop (a hole at the root) peek_time and peek see the next one */
  g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, 5.0);
  g_assert_true (pks_calendar_peek (cal, &t, &seq));
  g_assert_cmpfloat (t, ==, 5.0);
  g_assert_cmpuint (seq, ==, 2);
  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.arg, ==, 2);
  g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, 9.0);
  g_assert_cmpuint (pks_calendar_size (cal), ==, 1);
  g_assert_true (pks_calendar_pop (cal, &ev));
  g_assert_cmpuint (ev.arg, ==, 3);
  g_assert_false (pks_calendar_peek (cal, &t, &seq));
  g_assert_cmpfloat (pks_calendar_peek_time (cal), ==, INFINITY);
  g_assert_cmpuint (pks_calendar_reserve_seq (cal), ==, 4);
}

static void
test_refuse_nan (void)
{
  refuse (NAN, NAN, "*CRITICAL*isnan*");
}

static void
test_refuse_past (void)
{
  refuse (10.0, 9.999, "*CRITICAL*t_min >= *now*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calendar/order/ties", test_order_ties);
  g_test_add_func ("/calendar/order/ties-cancel", test_order_ties_cancel);
  g_test_add_func ("/calendar/cancel/handles", test_cancel_handles);
  g_test_add_func ("/calendar/model/random", test_model_random);
  g_test_add_func ("/calendar/run-until/window", test_run_until);
  g_test_add_func ("/calendar/run-until/stop", test_stop);
  g_test_add_func ("/calendar/clear", test_clear);
  g_test_add_func ("/calendar/pop/hole", test_pop_hole);
  g_test_add_func ("/calendar/peek/seq", test_peek_seq);
  g_test_add_func ("/calendar/schedule/refuse-nan", test_refuse_nan);
  g_test_add_func ("/calendar/schedule/refuse-past", test_refuse_past);
  return g_test_run ();
}
