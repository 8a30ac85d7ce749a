/* test-memory.c — memory stays bounded by the patients present at once,
 * not by the patients served (issue #9): the same load simulated for 1
 * and for 5 or 10 years must not grow the patient pool or the heap a
 * replication keeps, while the patients served grow five- or tenfold.
 * A control with a waiting list that grows without bound shows that the
 * measures do see growth when there is some. */
#include "testutil.h"

#include <malloc.h>
#include <string.h>

/* Stationary load: acute census about 22 of 40 beds; 800 referrals a year
 * against 5 200 first-visit slots and about 2 000 operations' worth of
 * sessions, so no list grows. */
#define UNITS "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n" \
              "Medicin,NUS,40,40,0,,0\nKirurgi,NUS,30,30,10,240,%d\n"
#define FLOWS "unit,flow,kind,per_year,los_days,los_cv,treat_p,surgery_minutes,inpatient_p\n" \
              "Medicin,akut,acute,2000,4,1,,,\nKirurgi,galla,elective,800,2,0.8,0.8,60,0.5\n"

static PksModel *
model (int years, int slots_per_week)
{
  g_autofree char *ini = g_strdup_printf ("[scenario]\nstart = 2025-01-01\ndays = %d\nwarmup_days = 0\n"
                                          "seed = 3\n[tables]\nunits = u.csv\nflows = f.csv\n",
                                          years * 365);
  g_autofree char *units = g_strdup_printf (UNITS, slots_per_week);
  g_autoptr (PksScenario) s = tu_load (ini, NULL, "u.csv", units, "f.csv", FLOWS, NULL);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

typedef struct {
  guint64 served;    /* admissions + first visits */
  guint64 peak;      /* patient records in use at once, at most */
  gssize heap;       /* heap bytes the PksSim and its result still hold after the run */
  gssize figures;    /* of which the PKS balance's figures (a float per unit, boundary
                        and figure, in the sim and in the result) */
} Usage;

/* Heap in use (glibc); 0 when the allocator does not say (sanitizers). */
static gssize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  return (gssize) mi.uordblks + (gssize) mi.hblkhd;
}

static Usage
run (int years, int slots)
{
  g_autoptr (PksModel) m = model (years, slots);
  gssize before = heap_in_use ();
  PksSim *sim = pks_sim_new (m);
  PksRepResult *r = pks_rep_result_new (m, FALSE);
  pks_sim_run (sim, pks_model_seed (m), 0, r);
  Usage u;
  u.heap = heap_in_use () - before;   /* buffers grown during the run are kept by sim */
  const PksBalance *b = &r->balance;
  u.served = b->acute_admitted + b->elective_admitted + b->first_visits;
  u.peak = b->patients_peak;
  u.figures = (gssize) (2 * sizeof (float) * PKS_BALANCE_INDEX (pks_model_n_units (m),
                                                                 pks_model_n_bounds (m), 0, 0));
  pks_rep_result_free (r);
  pks_sim_free (sim);
  return u;
}

static void
test_pool_bounded (void)
{
  Usage y1 = run (1, 100), y5 = run (5, 100);
  g_test_message ("stationary: 1 year served %" G_GUINT64_FORMAT " peak %" G_GUINT64_FORMAT
                  "; 5 years served %" G_GUINT64_FORMAT " peak %" G_GUINT64_FORMAT,
                  y1.served, y1.peak, y5.served, y5.peak);
  /* five times the patients served... */
  g_assert_cmpfloat ((double) y5.served, >, 4.5 * y1.served);
  /* ...in a pool of about the same size. The peak is the maximum of a
   * stationary count (mean about 40, sd about 7): over five times the
   * horizon it moves by about one standard deviation, far below the 50 %
   * allowed here; any memory per patient served would multiply it by 5. */
  g_assert_cmpfloat ((double) y5.peak, <, 1.5 * y1.peak);
}

/* The control: 260 first-visit slots a year for 800 referrals. The list
 * grows by about 540 a year, and the pool with it: the measure can fail. */
static void
test_pool_sees_growth (void)
{
  Usage y1 = run (1, 5), y5 = run (5, 5);
  g_test_message ("overloaded: 1 year peak %" G_GUINT64_FORMAT ", 5 years peak %" G_GUINT64_FORMAT,
                  y1.peak, y5.peak);
  g_assert_cmpfloat ((double) y5.peak, >, 3.0 * y1.peak);
}

/* Every buffer of a replication lives in its PksSim (pool, calendar,
 * waiting lists, wait histograms, sessions), so the heap the sim holds
 * after the run is its whole working memory. From 1 to 10 years it may
 * grow only by the arrays that are per simulated day (census, capacity
 * lookups: tens of bytes per day) and the PKS balance's figures (per unit
 * and week or month), not per patient served (about 26 000 more here:
 * even 40 bytes each would be 1 MB). */
static void
test_heap_bounded (void)
{
  if (heap_in_use () == 0)
    {
      g_test_skip ("the allocator does not report heap use (sanitizer build)");
      return;
    }
  Usage y1 = run (1, 100), y10 = run (10, 100);
  g_test_message ("heap kept by one replication: 1 year %zd bytes (%" G_GUINT64_FORMAT
                  " served), 10 years %zd bytes (%" G_GUINT64_FORMAT " served)",
                  y1.heap, y1.served, y10.heap, y10.served);
  g_assert_cmpfloat ((double) y10.served, >, 9.0 * y1.served);
  /* generous: 64 bytes per extra day, and the balance's figures */
  gssize days_part = 9 * 365 * 64 + (y10.figures - y1.figures);
  g_assert_cmpint (y10.heap - y1.heap, <, days_part);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memory/pool-bounded-by-patients-present", test_pool_bounded);
  g_test_add_func ("/memory/pool-sees-a-growing-list", test_pool_sees_growth);
  g_test_add_func ("/memory/heap-bounded-by-days-not-patients", test_heap_bounded);
  return g_test_run ();
}
