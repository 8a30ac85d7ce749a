/* test-warmstart.c — a run that starts from today's state (contract 5.2):
 * census.csv's patients keep the rest of a stay given the time already
 * spent (against the integral of the lognormal's survival function),
 * those ready for discharge wait out an exponential rest, outliers lie
 * where census.csv puts them, per-patient waiting lists hold exactly their
 * rows with PvV/MoV waits outside the guarantee share; an empty state
 * changes nothing, and one flow's patients shift no other flow's numbers.
 *
 * Tolerances: a mean over N patients must hold the theory inside its
 * 99.9 % interval (3.29 standard errors, the sample's own deviation). */
#include "testutil.h"

#include <math.h>
#include <string.h>

#define Z999 3.2905

static const char *UNITS =
  "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
  "A,H,3000,3000,0,240,0\nB,H,3000,3000,0,240,0\n";

static PksScenario *
load (const char *policy, const char *flows, const char *census, const char *waitlist, int warmup,
      PksDiags *diags)
{
  g_autofree char *ini = g_strdup_printf (
    "[scenario]\nname = t\nstart = 2025-01-01\ndays = 3650\nwarmup_days = %d\nreplications = 1\n"
    "seed = 99\n[tables]\nunits = units.csv\nflows = flows.csv\n%s%s[policy]\n%s\n", warmup,
    census ? "census = census.csv\n" : "", waitlist ? "waitlist = w.csv\n" : "", policy);
  g_autofree char *f = g_strconcat ("unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,"
                                    "discharge_delay_days,treat_p,surgery_minutes,inpatient_p\n",
                                    flows, NULL);
  return tu_load (ini, diags, "units.csv", UNITS, "flows.csv", f,
                  "census.csv", census ? census : "", "w.csv", waitlist ? waitlist : "", NULL);
}

/* Per patient (trace serial): when it left its bed, in days from the start. */
typedef struct {
  GHashTable *left;        /* serial -> day + 1 (as a pointer-sized double bit pattern) */
  GArray *times;           /* double, per discharge */
  GArray *flows;           /* guint, per discharge */
  guint placed;
} Track;

static void
track (gpointer ctx, double t_min, guint64 patient, guint unit, guint flow, PksTraceEvent ev,
       int host)
{
  (void) patient;
  (void) unit;
  (void) host;
  Track *t = ctx;
  if (ev == PKS_TRACE_CENSUS_INITIAL)
    t->placed++;
  if (ev == PKS_TRACE_DISCHARGE)
    {
      double d = t_min / PKS_MIN_PER_DAY;
      g_array_append_val (t->times, d);
      g_array_append_val (t->flows, flow);
    }
}

static PksRepResult *
run_tracked (const PksScenario *s, Track *t, gboolean daily)
{
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  g_autoptr (PksSim) sim = pks_sim_new (m);
  memset (t, 0, sizeof *t);
  t->times = g_array_new (FALSE, FALSE, sizeof (double));
  t->flows = g_array_new (FALSE, FALSE, sizeof (guint));
  pks_sim_set_trace (sim, track, t);
  PksRepResult *r = pks_rep_result_new (m, daily);
  pks_sim_run (sim, pks_model_seed (m), 0, r);
  return r;
}

static void
track_clear (Track *t)
{
  g_array_unref (t->times);
  g_array_unref (t->flows);
}

static double
residual_theory (double mean, double cv, double t)
{
  double mu, sigma;
  pks_lognormal_params (mean, cv, &mu, &sigma);
  return tu_lognormal_rest_mean (mu, sigma, t);
}

static void
check_mean (const char *what, GArray *x, double theory)
{
  double s = 0, ss = 0;
  for (guint i = 0; i < x->len; i++)
    s += g_array_index (x, double, i);
  double mean = s / x->len;
  for (guint i = 0; i < x->len; i++)
    ss += pow (g_array_index (x, double, i) - mean, 2);
  double hw = Z999 * sqrt (ss / (x->len - 1) / x->len);
  g_test_message ("%s: mean %.4f, theory %.4f ± %.4f (n %u)", what, mean, theory, hw, x->len);
  if (!(fabs (mean - theory) <= hw))
    g_error ("%s: mean %.5f, theory %.5f, beyond %.5f", what, mean, theory, hw);
}

static GString *
census_rows (const char *unit, const char *flow, int n, const char *admitted, const char *ready,
             const char *ward)
{
  GString *c = g_string_new ("unit,flow,admitted,ready_for_discharge,ward_unit\n");
  for (int i = 0; i < n; i++)
    g_string_append_printf (c, "%s,%s,%s,%s,%s\n", unit, flow, admitted, ready ? ready : "",
                            ward ? ward : "");
  return c;
}

/* Patients in bed for 0.5, 5, 30 and 120 days at the start: the rest of
 * their stays has the conditional mean, not that of a fresh stay. */
static void
test_residual_stays (void)
{
  struct { const char *admitted; double elapsed; } cases[] = {
    { "2024-12-31 12:00", 0.5 }, { "2024-12-27", 5.0 }, { "2024-12-02", 30.0 }, { "2024-09-03", 120.0 },
  };
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (GString) c = census_rows ("A", "akut", 3000, cases[k].admitted, NULL, NULL);
      g_autoptr (PksScenario) s = load ("", "A,akut,acute,0,5,1.2,0,0,,,\n", c->str, NULL, 0, NULL);
      g_assert_nonnull (s);
      g_assert_cmpuint (s->census->len, ==, 3000);
      Track t;
      g_autoptr (PksRepResult) r = run_tracked (s, &t, FALSE);
      g_assert_cmpuint (t.placed, ==, 3000);
      g_assert_cmpuint (r->balance.initial_in_bed, ==, 3000);
      /* everyone left within the ten years, each once */
      g_assert_cmpuint (t.times->len, ==, 3000);
      g_assert_cmpuint (r->balance.in_bed_end, ==, 0);
      g_autofree char *what = g_strdup_printf ("rest of the stay after %g days", cases[k].elapsed);
      check_mean (what, t.times, residual_theory (5.0, 1.2, cases[k].elapsed));
      /* the census patients are no admissions of the period */
      g_assert_cmpfloat (pks_rep_metric (r, 0, PKS_M_ADMISSIONS), ==, 0);
      track_clear (&t);
    }
}

/* Ready for discharge at the start: the wait for the municipality goes on
 * for an exponential rest with the flow's mean. */
static void
test_ready (void)
{
  g_autoptr (GString) c = census_rows ("A", "akut", 4000, "2024-12-20", "2024-12-30 10:00", NULL);
  g_autoptr (PksScenario) s = load ("", "A,akut,acute,0,5,1.2,0.2,4,,,\n", c->str, NULL, 0, NULL);
  g_assert_nonnull (s);
  Track t;
  g_autoptr (PksRepResult) r = run_tracked (s, &t, FALSE);
  g_assert_cmpuint (t.times->len, ==, 4000);
  check_mean ("rest of the wait when ready", t.times, 4.0);
  /* their bed-days are discharge-delay days */
  g_assert_cmpfloat (pks_rep_metric (r, 0, PKS_M_DISCHARGE_DELAY_DAYS), >, 3000 * 4.0 * 0.8);
  track_clear (&t);
}

/* Outliers lie on the ward census.csv names; with recall they come home
 * at the first day, without it they stay. */
static void
test_outliers (void)
{
  g_autoptr (GString) c = census_rows ("A", "akut", 3, "2024-12-31", NULL, "B");
  for (int recall = 0; recall < 2; recall++)
    {
      g_autoptr (PksScenario) s = load (recall ? "recall_outliers = true" : "recall_outliers = false",
                                        "A,akut,acute,0,100,0.1,0,0,,,\n", c->str, NULL, 0, NULL);
      g_assert_nonnull (s);
      Track t;
      g_autoptr (PksRepResult) r = run_tracked (s, &t, TRUE);
      guint nd = r->n_days;
      g_assert_cmpuint (r->census[0 * nd + 0], ==, recall ? 3 : 0);   /* unit A, day 0 */
      g_assert_cmpuint (r->census[1 * nd + 0], ==, recall ? 0 : 3);   /* unit B */
      g_assert_cmpuint (r->outlied[0 * nd + 0], ==, recall ? 0 : 3);
      track_clear (&t);
    }
}

/* waitlist.csv per patient: the lists hold their rows; PvV and MoV waits
 * are on the list but outside the share waiting within the limit. No
 * slots: nobody is served, the month's end sees the rows as given. */
static void
test_waitlist_patients (void)
{
  GString *w = g_string_new ("unit,flow,stage,since,priority,wait_code\n");
  for (int i = 0; i < 50; i++)
    g_string_append (w, "A,höft,first_visit,2024-09-23,2,\n");     /* 130 days at 31 Jan */
  for (int i = 0; i < 50; i++)
    g_string_append (w, "A,höft,first_visit,2024-12-22,,\n");      /* 41 days */
  for (int i = 0; i < 20; i++)
    g_string_append (w, "A,höft,first_visit,2024-06-01,2,PvV\n");  /* long, but their choice */
  for (int i = 0; i < 7; i++)
    g_string_append (w, "A,höft,treatment,2024-12-01,2,MoV\n");
  for (int i = 0; i < 3; i++)
    g_string_append (w, "A,höft,treatment,2024-12-01,2,\n");
  g_autoptr (PksScenario) s = load ("", "A,höft,elective,0,3,0.5,0,0,0.5,60,0\n", NULL, w->str, 0,
                                    NULL);
  g_string_free (w, TRUE);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->wait_patients->len, ==, 130);
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  PksRepResult **r = tu_run (m, 1, TRUE);
  const double *mm = r[0]->monthly;   /* unit A, month 0 (January) */
  /* the month end's national waiting-time buckets (väntande) of the
   * counted waits: first visit 50 of 41 days (31–60) and 50 of 130
   * (91–180), treatment 3 of 61 (61–90); the PvV and MoV waits in none */
  g_assert_nonnull (r[0]->waits);
  const double want[2][PKS_N_WAIT_BUCKETS] = { { 0, 50, 0, 50, 0, 0 }, { 0, 0, 3, 0, 0, 0 } };
  for (guint stage = 0; stage < 2; stage++)
    for (guint b = 0; b < PKS_N_WAIT_BUCKETS; b++)
      g_assert_cmpfloat (r[0]->waits[PKS_WAITS_INDEX (r[0]->n_months, 0, 0, stage, 0, b)], ==,
                         want[stage][b]);
  g_assert_cmpfloat (mm[PKS_MM_WAITING_FIRST_VISIT], ==, 120);
  g_assert_cmpfloat (mm[PKS_MM_WAITING_TREATMENT], ==, 10);
  /* 50 of the 100 counted wait within 90 days; counting the PvV waits it
   * would be 50 of 120 */
  g_assert_cmpfloat_with_epsilon (mm[PKS_MM_VG_FIRST_VISIT_PCT], 50.0, 1e-9);
  /* treatment: the 3 counted waited 61 days */
  g_assert_cmpfloat_with_epsilon (mm[PKS_MM_VG_TREATMENT_PCT], 100.0, 1e-9);
  g_assert_cmpuint (r[0]->balance.initial_first, ==, 120);
  g_assert_cmpuint (r[0]->balance.initial_treatment, ==, 10);
  tu_free_results (r, 1);
}

/* An empty census.csv (header only) and an empty per-patient list change
 * nothing: every metric of every entity is the same as without them. */
static void
test_empty_state_identical (void)
{
  const char *flows = "A,akut,acute,2000,4,0.9,0.1,3,,,\nB,höft,elective,500,3,0.5,0,0,0.7,90,0.9\n";
  g_autoptr (PksScenario) a = load ("", flows, NULL, NULL, 0, NULL);
  g_autoptr (PksScenario) b = load ("", flows, "unit,flow,admitted\n", "unit,flow,stage,since\n", 0, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_autoptr (PksModel) ma = pks_model_new (a, NULL);
  g_autoptr (PksModel) mb = pks_model_new (b, NULL);
  PksRepResult **ra = tu_run (ma, 2, FALSE), **rb = tu_run (mb, 2, FALSE);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpmem (ra[i]->metrics, sizeof (double) * ra[i]->n_entities * PKS_N_METRICS,
                     rb[i]->metrics, sizeof (double) * rb[i]->n_entities * PKS_N_METRICS);
  tu_free_results (ra, 2);
  tu_free_results (rb, 2);
}

/* Each flow's state patients draw from streams of their own: removing
 * flow B's patients in bed leaves flow A's discharge times unchanged. */
static void
test_streams (void)
{
  const char *flows = "A,akut,acute,0,5,1,0,0,,,\nB,akut,acute,0,5,1,0,0,,,\n";
  g_autoptr (GString) both = census_rows ("A", "akut", 50, "2024-12-20", NULL, NULL);
  g_autoptr (GString) onlyb = census_rows ("B", "akut", 40, "2024-12-10", NULL, NULL);
  g_string_append (both, strchr (onlyb->str, '\n') + 1);
  g_autoptr (GString) onlya = census_rows ("A", "akut", 50, "2024-12-20", NULL, NULL);
  g_autoptr (PksScenario) s1 = load ("", flows, both->str, NULL, 0, NULL);
  g_autoptr (PksScenario) s2 = load ("", flows, onlya->str, NULL, 0, NULL);
  Track t1, t2;
  g_autoptr (PksRepResult) r1 = run_tracked (s1, &t1, FALSE);
  g_autoptr (PksRepResult) r2 = run_tracked (s2, &t2, FALSE);
  g_autoptr (GArray) a1 = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < t1.times->len; i++)
    if (g_array_index (t1.flows, guint, i) == 0)
      g_array_append_val (a1, g_array_index (t1.times, double, i));
  g_assert_cmpuint (a1->len, ==, 50);
  g_assert_cmpuint (t2.times->len, ==, 50);
  g_assert_cmpmem (a1->data, sizeof (double) * 50, t2.times->data, sizeof (double) * 50);
  track_clear (&t1);
  track_clear (&t2);
}

/* What census.csv and the per-patient list refuse, at FILE:LINE:COLUMN. */
static void
test_errors (void)
{
  struct { const char *census, *waitlist; int warmup; const char *expect, *expect2; } cases[] = {
    { "unit,flow,admitted\nA,akut,2024-12-01\n", NULL, 30, "warmup_days", "must be 0 with [tables] census" },
    { "unit,flow,admitted\nA,akut,2025-01-02\n", NULL, 0, "census.csv:2:3", "after the scenario's start" },
    { "unit,flow,admitted\nA,akut,1.12.2024\n", NULL, 0, "census.csv:2:3", "expected YYYY-MM-DD HH:MM" },
    { "unit,flow,admitted\nA,knä,2024-12-01\n", NULL, 0, "census.csv:2:2", "has no flow \"knä\"" },
    { "unit,flow,admitted,ward_unit\nA,akut,2024-12-01,C\n", NULL, 0, "census.csv:2:4", "no unit \"C\"" },
    { "unit,flow,admitted,ready_for_discharge\nA,akut,2024-12-10,2024-12-01\n", NULL, 0,
      "census.csv:2:4", "before admitted" },
    { "flow,admitted\nakut,2024-12-01\n", NULL, 0, "census.csv:1", "\"unit\" is missing" },
    { NULL, "unit,flow,stage,since\nA,akut,first_visit,2024-12-01\n", 0, "w.csv:2:2", "is acute" },
    { NULL, "unit,flow,stage,since\nA,höft,first_visit,2025-02-01\n", 0, "w.csv:2:4", "after the scenario's start" },
    { NULL, "unit,flow,stage,since,wait_code\nA,höft,treatment,2024-12-01,XYZ\n", 0, "w.csv:2:5", "PvV, MoV" },
    { NULL, "unit,flow,stage,since\nA,höft,waiting,2024-12-01\n", 0, "w.csv:2:3", "first_visit or treatment" },
    { NULL, "unit,flow,stage,since,count\nA,höft,treatment,2024-12-01,3\n", 0, "w.csv:1", "mixes the per-patient" },
  };
  const char *flows = "A,akut,acute,10,5,1,0,0,,,\nA,höft,elective,10,3,0.5,0,0,0.5,60,0\n";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = load ("", flows, cases[i].census, cases[i].waitlist, cases[i].warmup, d);
      g_autofree char *all = pks_diags_format_all (d, TRUE);
      g_test_message ("case %u:\n%s", i, all);
      g_assert_null (s);
      g_assert_true (tu_diags_have (d, cases[i].expect, cases[i].expect2));
    }
  /* Swedish column names, and a priority that differs from the flow's
   * (a warning: pks keeps one priority per flow) */
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load ("", flows, "Basenhet,Flöde,Inskrivning,Utskrivningsklar\nA,akut,2024-12-01 07:30,\n",
                                    "basenhet,flöde,stage,since,prioritet\nA,höft,treatment,2024-12-01,1\n", 0, d);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->census->len, ==, 1);
  g_assert_cmpfloat (g_array_index (s->census, PksCensusRow, 0).admitted_min, ==, -31 * 1440.0 + 450);
  g_assert_true (tu_diags_have (d, "w.csv:2:5", "differs from the flow's priority 2"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/warmstart/residual-stays", test_residual_stays);
  g_test_add_func ("/warmstart/ready", test_ready);
  g_test_add_func ("/warmstart/outliers", test_outliers);
  g_test_add_func ("/warmstart/waitlist-patients", test_waitlist_patients);
  g_test_add_func ("/warmstart/empty-state-identical", test_empty_state_identical);
  g_test_add_func ("/warmstart/streams", test_streams);
  g_test_add_func ("/warmstart/errors", test_errors);
  return g_test_run ();
}
