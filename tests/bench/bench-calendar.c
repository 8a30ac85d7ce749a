/* bench-calendar.c — hold-model benchmark of the future-event list: the
 * library calendar (4-ary heap) against the same calendar.c built at arity 2
 * and 8 and against a pairing heap. Prints a table; asserts nothing on time.
 *
 * Hold model (Jones, CACM 29(4), 1986): schedule N events at delays drawn
 * from 0, then repeat { pop the earliest; schedule one at its time + a new
 * delay }, delays exp(1) or uniform(0,2) (both mean 1).
 * One hold = one pop + one push, and "events/s" counts holds (= pops) per
 * second, with the cost of the random draws included. In the cancel
 * workload a tenth of the pushes are doomed: N/16 holds later each is
 * cancelled and, if it was still pending, replaced by a fresh push, so the
 * calendar stays at N events and the cost of cancel is added to the holds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "machine.h"
#include "pks/core/calendar.h"
#include "pks/core/rng.h"
#include "pairing-heap.h"

/* The same sim/core/calendar.c compiled again with another PKS_HEAP_ARITY
 * and its public names renamed (tests/bench/meson.build). */
#define DECLARE_VARIANT(pfx)                                                  \
  PksCalendar *pfx##_calendar_new (void);                                     \
  void pfx##_calendar_free (PksCalendar *cal);                                \
  PksEventId pfx##_calendar_schedule (PksCalendar *cal, double t_min,         \
                                      guint32 kind, guint32 arg);             \
  gboolean pfx##_calendar_cancel (PksCalendar *cal, PksEventId id);           \
  gboolean pfx##_calendar_pop (PksCalendar *cal, PksEvent *ev);
DECLARE_VARIANT (d2)
DECLARE_VARIANT (d8)

#include "hold.h"

DEFINE_HOLD (pks, PksCalendar)
DEFINE_HOLD (d2, PksCalendar)
DEFINE_HOLD (d8, PksCalendar)
DEFINE_HOLD (pairing, PairingCalendar)

typedef struct {
  const char *name;
  gpointer (*make) (void);
  void (*destroy) (gpointer c);
  void (*fill) (gpointer c, const Workload *w, State *s, guint n);
  void (*hold) (gpointer c, const Workload *w, State *s, guint64 holds);
} Structure;

#define STRUCTURE(label, pfx) \
  { label, pfx##_make, pfx##_destroy, pfx##_fill, pfx##_hold }

static const Structure structures[] = {
  STRUCTURE ("4-ary heap (library)", pks),
  STRUCTURE ("binary heap", d2),
  STRUCTURE ("8-ary heap", d8),
  STRUCTURE ("pairing heap", pairing),
};
#define N_STRUCT G_N_ELEMENTS (structures)

/* CPU time of this thread: on an idle machine the same as wall time, and
 * time slices lost to other processes on a shared one do not count. */
static double
seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Every structure must pop the same sequence: run each on the cancel
 * workload and compare hashes. A mismatch is a bug, not a slow run. */
static gboolean
cross_check (void)
{
  const Workload *w = &workloads[2];
  guint64 hash0 = 0, cancelled0 = 0;
  gboolean ok = TRUE;
  for (guint i = 0; i < N_STRUCT; i++)
    {
      State s;
      state_init (&s, w, 1000);
      gpointer c = structures[i].make ();
      structures[i].fill (c, w, &s, 1000);
      structures[i].hold (c, w, &s, 200000);
      if (i == 0)
        {
          hash0 = s.hash;
          cancelled0 = s.cancelled;
        }
      else if (s.hash != hash0 || s.cancelled != cancelled0)
        {
          fprintf (stderr, "bench-calendar: %s pops a different sequence "
                   "from %s\n", structures[i].name, structures[0].name);
          ok = FALSE;
        }
      structures[i].destroy (c);
      state_clear (&s);
    }
  return ok;
}

/* Cost of one delay draw, which every hold includes, so that a reader can
 * subtract it. */
static double
draw_overhead_ns (DelayKind k)
{
  PksRng r;
  pks_rng_init (&r, 7);
  volatile double sink;
  double acc = 0;
  guint64 n = 20000000;
  double t0 = seconds ();
  for (guint64 i = 0; i < n; i++)
    acc += draw_delay (&r, k);
  sink = acc;
  (void) sink;
  return (seconds () - t0) / (double) n * 1e9;
}

static void
print_machine (void)
{
  g_autofree char *model = bench_cpu_model ();
  printf ("# cpu: %s, %u online\n", model, g_get_num_processors ());
#ifdef __VERSION__
  printf ("# compiler: %s, optimize: %s\n", __VERSION__,
#ifdef __OPTIMIZE__
          "on"
#else
          "OFF (numbers meaningless)"
#endif
          );
#endif
}

int
main (int argc, char **argv)
{
  double target_s = 0.3;
  int reps = 5;
  int only_n = 0;
  GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &target_s,
      "Length of one timed repetition (default 0.3)", "S" },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &reps,
      "Repetitions per cell; the median is reported (default 5)", "R" },
    { "size", 'n', 0, G_OPTION_ARG_INT, &only_n,
      "Measure this N only, instead of 10, 1000 and 100000", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- hold-model "
      "benchmark of the future-event list");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-calendar: %s\n", error->message);
      return 2;
    }
  if (reps < 1 || target_s <= 0 || only_n < 0)
    {
      fprintf (stderr, "bench-calendar: --reps, --seconds and --size must be "
               "positive\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);

  print_machine ();
  if (!cross_check ())
    return 1;
  printf ("# hold = pop earliest + push at its time + delay; "
          "events/s = holds/s\n"
          "# median of %d repetitions of ~%.2f s; draw cost per hold: "
          "exp %.1f ns, uniform %.1f ns (included)\n\n",
          reps, target_s, draw_overhead_ns (DELAY_EXP),
          draw_overhead_ns (DELAY_UNIFORM));
  printf ("| %-20s | %-21s | %6s | %9s | %8s | %-13s |\n", "structure",
          "workload", "N", "Mevents/s", "ns/event", "min-max M/s");
  printf ("|----------------------|-----------------------|-------:|"
          "----------:|---------:|---------------|\n");

  g_autoptr (GString) notes = g_string_new ("");
  guint n_sizes = G_N_ELEMENTS (sizes);
  const guint *size = sizes;
  if (only_n > 0)
    {
      n_sizes = 1;
      size = (const guint *) &only_n;
    }
  for (guint zi = 0; zi < n_sizes; zi++)
    for (guint wi = 0; wi < G_N_ELEMENTS (workloads); wi++)
      {
        guint n = size[zi];
        const Workload *w = &workloads[wi];
        State st[N_STRUCT];
        gpointer cal[N_STRUCT];
        guint64 holds[N_STRUCT];
        g_autofree double *rate = g_new (double, N_STRUCT * reps);

        /* Fill, warm up and size one repetition to ~target_s: the doubling
         * probe runs at least 0.05 s, i.e. many times N holds. */
        for (guint i = 0; i < N_STRUCT; i++)
          {
            state_init (&st[i], w, n);
            cal[i] = structures[i].make ();
            structures[i].fill (cal[i], w, &st[i], n);
            guint64 probe = 1000;
            double dt;
            for (;;)
              {
                double t0 = seconds ();
                structures[i].hold (cal[i], w, &st[i], probe);
                dt = seconds () - t0;
                if (dt >= 0.05)
                  break;
                probe *= 2;
              }
            holds[i] = (guint64) ((double) probe * target_s / dt) + 1;
          }
        /* Interleave the structures so drift on a shared machine hits
         * every one alike. */
        for (int r = 0; r < reps; r++)
          for (guint i = 0; i < N_STRUCT; i++)
            {
              double t0 = seconds ();
              structures[i].hold (cal[i], w, &st[i], holds[i]);
              rate[i * reps + r] = (double) holds[i] / (seconds () - t0);
            }
        for (guint i = 0; i < N_STRUCT; i++)
          {
            double *x = rate + i * reps;
            qsort (x, reps, sizeof (double), cmp_double);
            double med = reps % 2 ? x[reps / 2]
              : 0.5 * (x[reps / 2 - 1] + x[reps / 2]);
            char spread[32];
            g_snprintf (spread, sizeof spread, "%.1f-%.1f",
                        x[0] / 1e6, x[reps - 1] / 1e6);
            printf ("| %-20s | %-21s | %6u | %9.2f | %8.1f | %-13s |\n",
                    structures[i].name, w->name, n, med / 1e6, 1e9 / med,
                    spread);
          }
        if (w->p_cancel > 0)
          g_string_append_printf (notes, "# N = %u: per hold %.3f cancels "
              "of a pending event, %.3f of one already run\n", n,
              (double) st[0].cancelled / (double) st[0].hold,
              (double) st[0].missed / (double) st[0].hold);
        for (guint i = 0; i < N_STRUCT; i++)
          {
            structures[i].destroy (cal[i]);
            state_clear (&st[i]);
          }
      }
  printf ("\n%s", notes->str);
  return 0;
}
