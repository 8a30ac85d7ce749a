/* test-pathways.c — pathways between units (transfers.csv), the admission
 * wait (acute_queue_hours), list removals (removal_pct), bed turnaround,
 * the flow scope and the census distribution, against queueing theory,
 * an independent SimPy model and the model's own rules.
 *
 * Tolerances: a theoretical value must lie inside the 99.9 % Student-t
 * confidence interval of the replication mean (tu_in_ci, alpha = 0.001; a
 * correct model fails one such check with probability 0.1 %). Where one
 * test makes k such checks at once (a distribution's k levels) each uses
 * alpha / k (Bonferroni), so the test as a whole keeps 0.1 %. Against
 * SimPy the difference of the two means must lie inside its 99.9 %
 * interval (Welch, with the smaller sample's degrees of freedom). The
 * seeds are fixed, so outcomes are deterministic. Each test prints its
 * figure (expected, simulated ± half-width) for the closing note. */
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define ALPHA 0.001

static char *
ini_text (int days, int warmup, int seed, const char *extra)
{
  return g_strdup_printf ("[scenario]\nname = t\nregion = R\nstart = 2025-01-01\ndays = %d\n"
                          "warmup_days = %d\nreplications = 20\nseed = %d\n"
                          "[tables]\nunits = units.csv\nflows = flows.csv\n"
                          "transfers = transfers.csv\n%s\n", days, warmup, seed, extra);
}

/* A model from units, flows and transfers tables (transfers may be a
 * header alone), the ini's extra lines after [tables] (policy keys). */
static PksModel *
model_of (int days, int warmup, const char *extra, const char *units, const char *flows,
          const char *transfers, const char *const *sets)
{
  g_autofree char *ini = ini_text (days, warmup, 4711, extra);
  g_autoptr (PksScenario) s = tu_load_sets (ini, sets, NULL, "units.csv", units, "flows.csv",
                                            flows, "transfers.csv",
                                            transfers ? transfers
                                            : "from_unit,flow,to_unit,p,los_days,los_cv\n", NULL);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

static guint
unit_entity (const PksModel *m, const char *name)
{
  for (guint u = 0; u < pks_model_n_units (m); u++)
    if (strcmp (pks_model_unit_name (m, u), name) == 0)
      return pks_model_unit_entity (m, u);
  g_error ("no unit %s", name);
  return 0;
}

static guint
unit_index (const PksModel *m, const char *name)
{
  return unit_entity (m, name) - 1 - pks_model_n_sites (m);
}

/* x[i] = metric a / metric b of entity e in replication i. */
static void
ratio_of (PksRepResult **r, guint n, guint e, PksMetric a, PksMetric b, double *x)
{
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], e, a) / pks_rep_metric (r[i], e, b);
}

/* Check target against the replications' values, print the figure. */
static void
check_ci (const char *what, const double *x, guint n, double target, double alpha)
{
  double mean, hw;
  gboolean ok = tu_in_ci (x, n, target, alpha, &mean, &hw);
  g_test_message ("%s: expected %.5g, simulated %.5g ± %.3g (%.4g %% CI)", what, target, mean,
                  hw, 100.0 * (1.0 - alpha));
  g_assert_true (ok);
}

/* The share of the period's time unit u spent at census k, per replication. */
static void
census_share (PksRepResult **r, guint n, guint u, guint k, double *x)
{
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (r[i]->census_time);
      x[i] = k < r[i]->n_census_levels ? r[i]->census_time[(gsize) u * r[i]->n_census_levels + k]
                                       : 0.0;
    }
}

/* ---------- tandem with no capacity limit downstream ---------- */

/* A (10 beds, 8 Erlang offered) sends 60 % of its patients on to C, which
 * never fills; A2 (never full) sends half of its patients to B (never
 * full). With nothing full downstream, A is an M/G/c/c unit (loss
 * Erlang B(10, 8), whatever the stay's distribution), C's mean census is
 * the rate of transfers × C's mean stay (Little), and B, fed by the
 * departures of an infinite-server unit (a Poisson stream, thinned), has a
 * Poisson census with mean 3 a day × 0.5 × 3 days = 4.5. */
static void
test_tandem_unlimited (void)
{
  const guint n = 20;
  g_autoptr (PksModel) m = model_of (730, 100, "[policy]\noutlying = none\novercrowding = 0",
    "unit,site,beds,staffed_beds\nA,H,10,10\nC,H,1000,1000\nA2,H,1000,1000\nB,H,1000,1000\n",
    "unit,flow,kind,per_year,los_days,los_cv\nA,akut,acute,730,4,1.5\nA2,akut,acute,1095,2,1\n",
    "from_unit,flow,to_unit,p,los_days,los_cv\nA,akut,C,0.6,2,1.5\nA2,akut,B,0.5,3,0.5\n", NULL);
  PksRepResult **r = tu_run (m, n, TRUE);
  double x[20];
  guint ea = unit_entity (m, "A"), ec = unit_entity (m, "C"), eb = unit_entity (m, "B");
  double loss = pks_erlang_b (10, 8.0);
  ratio_of (r, n, ea, PKS_M_TRANSFERS_OUT, PKS_M_ARRIVALS, x);
  check_ci ("tandem, unlimited downstream: A's loss = Erlang B(10, 8)", x, n, loss, ALPHA);
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], ec, PKS_M_BED_DAYS) / 730.0;
  check_ci ("tandem, unlimited downstream: C's mean census = 2/day × (1 − B) × 0.6 × 2 days",
            x, n, 2.0 * (1.0 - loss) * 0.6 * 2.0, ALPHA);
  /* nothing was ever blocked */
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (pks_rep_metric (r[i], ea, PKS_M_TRANSFERS_BLOCKED), ==, 0.0);
  /* B's census: Poisson(4.5), level by level */
  const double mean_b = 3.0 * 0.5 * 3.0;
  const guint levels = 13;
  guint ub = unit_index (m, "B");
  double pk = exp (-mean_b);
  for (guint k = 0; k < levels; k++)
    {
      census_share (r, n, ub, k, x);
      g_autofree char *what = g_strdup_printf ("tandem: B's P(census = %u) = Poisson(4.5)", k);
      check_ci (what, x, n, pk, ALPHA / levels);
      pk *= mean_b / (k + 1);
    }
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], eb, PKS_M_BED_DAYS) / 730.0;
  check_ci ("tandem: B's mean census", x, n, mean_b, ALPHA);
  tu_free_results (r, n);
}

/* ---------- tandem with a small downstream unit ---------- */

static const char *tandem_units = "unit,site,beds,staffed_beds\nA,H,20,20\nB,H,6,6\n";
static const char *tandem_flows = "unit,flow,kind,per_year,los_days,los_cv\nA,akut,acute,1460,4,1\n";
static const char *tandem_transfers =
  "from_unit,flow,to_unit,p,los_days,los_cv\nA,akut,B,0.5,3,1\n";

/* B (6 beds) is too small for half of A's patients: transfers wait in
 * their beds on A. Blocking appears; A loses more arrivals than the
 * Erlang B of its own stays (its beds are held longer); and A's mean stay
 * is the mean of the stays drawn (4 days) plus the blocked time per
 * patient: alos − transfer_blocked_days / discharges = 4. */
static void
test_tandem_blocking (void)
{
  const guint n = 20;
  g_autoptr (PksModel) m = model_of (365, 100, "[policy]\noutlying = none\novercrowding = 0",
                                     tandem_units, tandem_flows, tandem_transfers, NULL);
  PksRepResult **r = tu_run (m, n, FALSE);
  guint ea = unit_entity (m, "A"), eb = unit_entity (m, "B");
  double x[20], mean, hw;
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (pks_rep_metric (r[i], ea, PKS_M_TRANSFERS_BLOCKED), >, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], eb, PKS_M_TRANSFERS_BLOCKED_IN), ==,
                         pks_rep_metric (r[i], ea, PKS_M_TRANSFERS_BLOCKED));
      g_assert_cmpfloat (pks_rep_metric (r[i], eb, PKS_M_PATHWAY_ADMISSIONS), ==,
                         pks_rep_metric (r[i], ea, PKS_M_PATHWAY_TRANSFERS));
    }
  /* upstream loss above the Erlang B of A's own stays */
  double loss = pks_erlang_b (20, 16.0);
  ratio_of (r, n, ea, PKS_M_TRANSFERS_OUT, PKS_M_ARRIVALS, x);
  tu_in_ci (x, n, loss, ALPHA, &mean, &hw);
  g_test_message ("tandem, B of 6 beds: A's loss %.4f ± %.4f, above Erlang B(20, 16) = %.4f "
                  "without blocking", mean, hw, loss);
  g_assert_cmpfloat (mean - hw, >, loss);
  /* the effective stay on A: the drawn stay plus the blocked time */
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], ea, PKS_M_ALOS_DAYS)
           - pks_rep_metric (r[i], ea, PKS_M_TRANSFER_BLOCKED_DAYS)
             / pks_rep_metric (r[i], ea, PKS_M_DISCHARGES);
  check_ci ("tandem, B of 6 beds: A's mean stay less its blocked days per patient", x, n, 4.0,
            ALPHA);
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], ea, PKS_M_ALOS_DAYS);
  tu_in_ci (x, n, 4.0, ALPHA, &mean, &hw);
  g_test_message ("tandem, B of 6 beds: A's mean stay %.3f ± %.3f days (4 drawn)", mean, hw);
  g_assert_cmpfloat (mean - hw, >, 4.0);
  tu_free_results (r, n);
}

/* The same tandem in SimPy (tests/bench/simpy_tandem.py), run side by side:
 * every figure's difference must be 0 within its 99.9 % interval. Skipped
 * when Debian's python3 has no simpy. */
static void
test_tandem_simpy (void)
{
  const char *py = "/usr/bin/python3";
  const char *probe[] = { py, "-c", "import simpy", NULL };
  int have = 0;
  if (g_file_test (py, G_FILE_TEST_IS_EXECUTABLE))
    {
      TuResult pr = tu_spawn (probe, NULL, NULL, NULL);
      have = pr.status == 0;
      tu_result_clear (&pr);
    }
  if (!have)
    {
      g_test_skip ("no simpy for /usr/bin/python3 (Debian's python3-simpy3)");
      return;
    }
  const guint n = 30;
  g_autofree char *script = g_build_filename (tu_source_root (), "tests", "bench",
                                              "simpy_tandem.py", NULL);
  const char *argv[] = { py, script, "--reps", "30", "--seed", "3", "--warmup", "100", "--days",
                         "365", "--lam", "4", "--c1", "20", "--los1", "4", "--cv1", "1", "--p",
                         "0.5", "--c2", "6", "--los2", "3", "--cv2", "1", NULL };
  TuResult res = tu_spawn (argv, NULL, NULL, NULL);
  g_assert_cmpint (res.status, ==, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) e = NULL;
  g_assert_true (json_parser_load_from_data (parser, res.out, -1, &e));
  JsonArray *reps = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "reps");
  g_assert_cmpuint (json_array_get_length (reps), ==, n);

  g_autoptr (PksModel) m = model_of (365, 100, "[policy]\noutlying = none\novercrowding = 0",
                                     tandem_units, tandem_flows, tandem_transfers, NULL);
  PksExecOptions opt = { 1, FALSE, FALSE, NULL, TRUE, FALSE };
  const PksModel *models[] = { m };
  PksRepResult **r = pks_exec (models, 1, 9, 0, n, &opt, &e);
  g_assert_no_error (e);
  guint ea = unit_entity (m, "A"), eb = unit_entity (m, "B");
  static const char *const keys[] = { "loss_share", "census_a", "census_b", "blocked_share",
                                      "blocked_days" };
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      PksWelford a, b;
      pks_welford_init (&a);
      pks_welford_init (&b);
      for (guint i = 0; i < n; i++)
        {
          double v;
          switch (k)
            {
            case 0:
              v = pks_rep_metric (r[i], ea, PKS_M_TRANSFERS_OUT) / pks_rep_metric (r[i], ea, PKS_M_ARRIVALS);
              break;
            case 1:
              v = pks_rep_metric (r[i], ea, PKS_M_BED_DAYS) / 365.0;
              break;
            case 2:
              v = pks_rep_metric (r[i], eb, PKS_M_BED_DAYS) / 365.0;
              break;
            case 3:
              v = pks_rep_metric (r[i], ea, PKS_M_TRANSFER_BLOCKED_PCT) / 100.0;
              break;
            default:
              v = pks_rep_metric (r[i], ea, PKS_M_TRANSFER_BLOCKED_DAYS);
            }
          pks_welford_add (&a, v);
          pks_welford_add (&b, json_object_get_double_member (json_array_get_object_element (reps, i),
                                                              keys[k]));
        }
      double se = sqrt (pks_welford_variance (&a) / n + pks_welford_variance (&b) / n);
      double hw = pks_t_quantile (1.0 - ALPHA / 2.0, n - 1.0) * se;
      g_test_message ("tandem vs SimPy, %s: pks %.4g, SimPy %.4g, difference %+.3g ± %.3g (99.9 %%)",
                      keys[k], a.mean, b.mean, a.mean - b.mean, hw);
      g_assert_cmpfloat (fabs (a.mean - b.mean), <=, hw);
    }
  tu_free_results (r, n);
  tu_result_clear (&res);
}

/* ---------- waiting for a bed ---------- */

static const char *queue_units = "unit,site,beds,staffed_beds\nW,H,12,12\nE,H,4,4\n";
static const char *queue_flows =
  "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p\n"
  "W,akut,acute,900,4,1.2,0.1,2,0.1\nE,akut,acute,300,4,1,,,\n";

/* acute_queue_hours = 0 is today's model to the bit, and a wait that
 * tends to 0 tends to it: with 1e-7 hours every count is the same and
 * every time integral within 1e-6 relative. */
static void
test_queue_zero (void)
{
  const guint n = 5;
  g_autoptr (PksModel) m0 = model_of (365, 50, "[policy]\noutlying = site\novercrowding = 1",
                                      queue_units, queue_flows, NULL, NULL);
  const char *zero[] = { "policy.acute_queue_hours=0", NULL };
  g_autoptr (PksModel) mz = model_of (365, 50, "[policy]\noutlying = site\novercrowding = 1",
                                      queue_units, queue_flows, NULL, zero);
  const char *tiny[] = { "policy.acute_queue_hours=1e-7", NULL };
  g_autoptr (PksModel) mt = model_of (365, 50, "[policy]\noutlying = site\novercrowding = 1",
                                      queue_units, queue_flows, NULL, tiny);
  PksRepResult **a = tu_run (m0, n, TRUE), **b = tu_run (mz, n, TRUE), **c = tu_run (mt, n, TRUE);
  guint ne = pks_model_n_entities (m0);
  g_assert_cmpuint (pks_model_n_entities (mt), ==, ne);
  guint close = 0;
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpmem (a[i]->metrics, sizeof (double) * ne * PKS_N_METRICS, b[i]->metrics,
                       sizeof (double) * ne * PKS_N_METRICS);
      g_assert_cmpmem (a[i]->census, sizeof (guint16) * 2 * 365, b[i]->census,
                       sizeof (guint16) * 2 * 365);
      for (guint e = 0; e < ne; e++)
        for (int k = 0; k < PKS_N_METRICS; k++)
          {
            double x = pks_rep_metric (a[i], e, k), y = pks_rep_metric (c[i], e, k);
            if (isnan (x))
              continue;   /* the admission-wait metrics, new with the wait */
            g_assert_cmpfloat (fabs (x - y), <=, 1e-6 * MAX (1.0, fabs (x)));
            close++;
          }
      /* the tiny wait was taken: every patient placed, none waiting */
      g_assert_cmpfloat (pks_rep_metric (c[i], 0, PKS_M_ADMISSION_WAIT_HOURS_P95), <=, 1e-6);
    }
  g_test_message ("acute_queue_hours 0: identical to none; 1e-7 hours: %u figures within 1e-6",
                  close);
  tu_free_results (a, n);
  tu_free_results (b, n);
  tu_free_results (c, n);
}

/* A long allowed wait on a unit that is never full: no one waits. */
static void
test_queue_unconstrained (void)
{
  const guint n = 5;
  g_autoptr (PksModel) m = model_of (365, 50, "[policy]\noutlying = none\novercrowding = 0\n"
                                     "acute_queue_hours = 72",
                                     "unit,site,beds,staffed_beds\nW,H,200,200\n",
                                     "unit,flow,kind,per_year,los_days,los_cv\nW,akut,acute,2000,5,1\n",
                                     NULL, NULL);
  PksRepResult **r = tu_run (m, n, FALSE);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAITS), ==, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAIT_HOURS_P95), ==, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAIT_PCT), ==, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_ARRIVALS), >, 1500.0);
    }
  tu_free_results (r, n);
}

/* One bed and waits long enough never to run out: an M/G/1 queue served
 * first come first served. With ρ = λ m = 0.5 an arrival waits with
 * probability ρ (PASTA) and the mean wait is Pollaczek–Khinchine's
 * λ E[S²] / (2 (1 − ρ)) = ρ m (1 + cv²) / (2 (1 − ρ)) = 6 hours for a
 * stay of 6 hours with CV 1. */
static void
test_queue_mg1 (void)
{
  const guint n = 20;
  g_autoptr (PksModel) m = model_of (730, 60, "[policy]\noutlying = none\novercrowding = 0\n"
                                     "acute_queue_hours = 168",
                                     "unit,site,beds,staffed_beds\nW,H,1,1\n",
                                     "unit,flow,kind,per_year,los_days,los_cv\nW,akut,acute,730,0.25,1\n",
                                     NULL, NULL);
  PksRepResult **r = tu_run (m, n, FALSE);
  double x[20];
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAIT_PCT);
  check_ci ("M/G/1 (acute_queue_hours 168): share who wait = 100 ρ", x, n, 50.0, ALPHA);
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAIT_HOURS_MEAN);
  check_ci ("M/G/1: mean wait for the bed, hours (Pollaczek–Khinchine)", x, n, 6.0, ALPHA);
  for (guint i = 0; i < n; i++)
    {
      /* the waits ended in a bed, not out of region */
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_TRANSFERS_OUT), ==, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAIT_HOURS_P95), >, 6.0);
    }
  tu_free_results (r, n);
}

/* ---------- leaving the list ---------- */

/* λ = 1000 referrals a year, c first-visit slots a year (10 a week, the
 * weekdays counted from the model), removal rate r = 2 a year per waiting
 * patient: the list settles where λ = c + r L, L = (λ − c) / r (Little's
 * law for the list: what joins leaves by a visit or by removal), and
 * r L leave untreated a year. */
static void
test_removals_little (void)
{
  const guint n = 10;
  g_autoptr (PksModel) m = model_of (730, 730, "[policy]\noutlying = none",
    "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
    "M,H,0,0,0,,10\n",
    "unit,flow,kind,per_year,los_days,los_cv,treat_p,removal_pct\nM,remiss,elective,1000,,,0,200\n",
    NULL, NULL);
  double slots = 0;
  for (guint d = 0; d < 730; d++)
    slots += pks_model_visit_slots (m, 0, d);
  double c = slots / 2.0, lambda = 1000.0, rate = 2.0;
  double L = (lambda - c) / rate;
  PksRepResult **r = tu_run (m, n, FALSE);
  guint e = pks_model_unit_entity (m, 0);
  double x[10];
  for (guint i = 0; i < n; i++)
    {
      x[i] = pks_rep_metric (r[i], e, PKS_M_WAITING_FIRST_VISIT_MEAN);
      g_assert_cmpfloat (pks_rep_metric (r[i], e, PKS_M_FIRST_VISITS), ==, slots);
    }
  g_autofree char *what = g_strdup_printf ("removals: list L = (λ − c)/r with λ 1000, c %.1f, r 2 "
                                           "a year", c);
  check_ci (what, x, n, L, ALPHA);
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], e, PKS_M_LIST_REMOVALS) / 2.0;
  check_ci ("removals a year = r L = λ − c", x, n, lambda - c, ALPHA);
  /* a wrong model fails: without removals the list grows without bound */
  g_assert_false (tu_in_ci (x, n, 0.5 * (lambda - c), ALPHA, NULL, NULL));
  tu_free_results (r, n);
}

/* ---------- the census distribution ---------- */

/* An M/G/c/c unit (8 beds, 6 Erlang offered, stays with CV 2): the share
 * of time at census k is the truncated Poisson (a^k / k!) / Σ_{j ≤ c}
 * (a^j / j!), whatever the stay's distribution. */
static void
test_census_truncated_poisson (void)
{
  const guint n = 20, c = 8;
  const double a = 6.0;
  g_autoptr (PksModel) m = model_of (730, 100, "[policy]\noutlying = none\novercrowding = 0",
                                     "unit,site,beds,staffed_beds\nW,H,8,8\n",
                                     "unit,flow,kind,per_year,los_days,los_cv\nW,akut,acute,547.5,4,2\n",
                                     NULL, NULL);
  PksRepResult **r = tu_run (m, n, TRUE);
  double norm = 0, term = 1;
  for (guint k = 0; k <= c; k++)
    {
      norm += term;
      term *= a / (k + 1);
    }
  double x[20], pk = 1.0 / norm;
  for (guint k = 0; k <= c; k++)
    {
      census_share (r, n, 0, k, x);
      g_autofree char *what = g_strdup_printf ("M/G/8/8, 6 Erlang: P(census = %u)", k);
      check_ci (what, x, n, pk, ALPHA / (c + 1));
      pk *= a / (k + 1);
    }
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (r[i]->n_census_levels, ==, c + 1);   /* never above its beds */
  tu_free_results (r, n);
}

/* ---------- turnaround ---------- */

/* A bed is taken for the stay and then 12 hours of turnaround: the loss
 * of an M/G/c/c unit whose holding time is stay + turnaround, Erlang
 * B(6, λ (m + T)). */
static void
test_turnaround_erlang (void)
{
  const guint n = 20;
  g_autoptr (PksModel) m = model_of (730, 100, "[policy]\noutlying = none\novercrowding = 0",
                                     "unit,site,beds,staffed_beds,turnaround_minutes\nW,H,6,6,720\n",
                                     "unit,flow,kind,per_year,los_days,los_cv\nW,akut,acute,730,2,1\n",
                                     NULL, NULL);
  PksRepResult **r = tu_run (m, n, FALSE);
  double x[20];
  ratio_of (r, n, 0, PKS_M_TRANSFERS_OUT, PKS_M_ARRIVALS, x);
  check_ci ("turnaround 12 h: loss = Erlang B(6, 2/day × 2.5 days)", x, n,
            pks_erlang_b (6, 5.0), ALPHA);
  /* the turnaround's bed-days: 12 hours per discharge */
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], 0, PKS_M_TURNAROUND_BED_DAYS)
           / pks_rep_metric (r[i], 0, PKS_M_DISCHARGES);
  check_ci ("turnaround bed-days per discharge", x, n, 0.5, ALPHA);
  tu_free_results (r, n);
}

/* ---------- the flow scope ---------- */

/* Two wards of one site sharing beds by outlying, with acute and planned
 * patients, discharge delays, admission waits and removals, by_flow on:
 * every flow's counts add up to its unit's (no pathway, so a flow's
 * patients belong to its unit), all flows' to the region's, and a
 * unit's share is the ratio of its flows' summed counts. Bed-days count
 * where the patient lies, so they add up at the region. */
static void
test_flow_shares_add_up (void)
{
  const guint n = 3;
  g_autoptr (PksModel) m = model_of (365, 60,
    "[scenario]\nby_flow = true\n[policy]\noutlying = site\novercrowding = 1\n"
    "acute_queue_hours = 4",
    "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
    "W1,H,14,12,5,240,8\nW2,H,10,10,0,,0\n",
    "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,"
    "surgery_minutes,inpatient_p,priority,removal_pct\n"
    "W1,akut,acute,700,4,1,0.2,3,0.1,,,,\nW1,ortho,elective,500,3,0.7,0.05,2,0.8,90,0.6,2,50\n"
    "W2,akut,acute,700,4,1,0.1,2,,,,,\n", NULL, NULL);
  g_assert_true (pks_model_by_flow (m));
  PksRepResult **r = tu_run (m, n, FALSE);
  static const PksMetric counts[] = {
    PKS_M_ADMISSIONS, PKS_M_ACUTE_ADMISSIONS, PKS_M_ELECTIVE_ADMISSIONS, PKS_M_DISCHARGES,
    PKS_M_ARRIVALS, PKS_M_REFERRALS, PKS_M_DECISIONS, PKS_M_OPERATIONS,
    PKS_M_CANCELLED_OPERATIONS, PKS_M_TRANSFERS_OUT, PKS_M_FIRST_VISITS, PKS_M_CARE_DAYS,
    PKS_M_OUTLIED_ADMISSIONS, PKS_M_DELAYED_DISCHARGES, PKS_M_ADMISSION_WAITS,
    PKS_M_LIST_REMOVALS, PKS_M_WAITING_FIRST_VISIT, PKS_M_WAITING_TREATMENT,
  };
  static const PksMetric region_times[] = {
    PKS_M_BED_DAYS, PKS_M_OUTLIED_DAYS, PKS_M_DISCHARGE_DELAY_DAYS,
  };
  guint nu = pks_model_n_units (m), nf = pks_model_n_flows (m);
  for (guint i = 0; i < n; i++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
        {
          /* a figure a flow does not have (a wait for a bed of an elective
           * flow, removals of a flow without them) counts 0; a unit none of
           * whose flows has it does not have it either */
          double region = 0;
          for (guint u = 0; u < nu; u++)
            {
              double sum = 0;
              guint defined = 0;
              for (guint f = 0; f < nf; f++)
                if (pks_model_flow_unit (m, f) == u)
                  {
                    double v = pks_rep_metric (r[i], pks_model_flow_entity (m, f), counts[k]);
                    sum += isnan (v) ? 0.0 : v;
                    defined += !isnan (v);
                  }
              double unit = pks_rep_metric (r[i], pks_model_unit_entity (m, u), counts[k]);
              if (defined == 0)
                g_assert_true (isnan (unit));
              else
                g_assert_cmpfloat (sum, ==, unit);
              region += sum;
            }
          g_assert_cmpfloat (region, ==, pks_rep_metric (r[i], 0, counts[k]));
        }
      for (guint k = 0; k < G_N_ELEMENTS (region_times); k++)
        {
          double sum = 0;
          for (guint f = 0; f < nf; f++)
            sum += pks_rep_metric (r[i], pks_model_flow_entity (m, f), region_times[k]);
          double v = pks_rep_metric (r[i], 0, region_times[k]);
          g_assert_cmpfloat (fabs (sum - v), <=, 1e-9 * MAX (1.0, v));
        }
      /* the shares: each unit's is the ratio of its flows' summed counts */
      static const PksMetric shares[][3] = {
        { PKS_M_OUTLIED_PCT, PKS_M_OUTLIED_ADMISSIONS, PKS_M_ADMISSIONS },
        { PKS_M_DELAYED_DISCHARGE_PCT, PKS_M_DELAYED_DISCHARGES, PKS_M_DISCHARGES },
      };
      for (guint u = 0; u < nu; u++)
        for (guint k = 0; k < G_N_ELEMENTS (shares); k++)
          {
            double num = 0, den = 0;
            for (guint f = 0; f < nf; f++)
              if (pks_model_flow_unit (m, f) == u)
                {
                  num += pks_rep_metric (r[i], pks_model_flow_entity (m, f), shares[k][1]);
                  den += pks_rep_metric (r[i], pks_model_flow_entity (m, f), shares[k][2]);
                }
            double v = pks_rep_metric (r[i], pks_model_unit_entity (m, u), shares[k][0]);
            g_assert_cmpfloat (fabs (v - 100.0 * num / den), <=, 1e-9 * v);
          }
      /* the scenario exercises what it claims */
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_OUTLIED_ADMISSIONS), >, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_DELAYED_DISCHARGES), >, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_ADMISSION_WAITS), >, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], 0, PKS_M_LIST_REMOVALS), >, 0.0);
      /* no per-flow figure where a flow has no meaning: staffed beds */
      g_assert_true (isnan (pks_rep_metric (r[i], pks_model_flow_entity (m, 0),
                                            PKS_M_STAFFED_BED_DAYS)));
      g_assert_true (isnan (pks_rep_metric (r[i], pks_model_flow_entity (m, 0), PKS_M_CENSUS_P95)));
    }
  tu_free_results (r, n);
}

/* ---------- common random numbers ---------- */

/* Adding a pathway to one unit shifts no other unit's random numbers: X
 * and Y (no pathway, nothing shared: outlying none) have every figure
 * identical to the bit, and A's own arrivals are the same patients. A
 * pathway with p = 0 changes nothing at all. */
static void
test_crn (void)
{
  const guint n = 4;
  const char *units = "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,"
                      "visit_slots_per_week\nA,H,12,12,0,,0\nB,H,4,4,0,,0\nX,H,10,10,5,240,15\n"
                      "Y,S,8,8,0,,0\n";
  const char *flows = "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,"
                      "discharge_delay_days,treat_p,surgery_minutes,inpatient_p\n"
                      "A,akut,acute,800,4,1,0.1,2,,,\nX,akut,acute,500,5,1,,,,,\n"
                      "X,ortho,elective,600,3,1,,,0.8,100,0.5\nY,akut,acute,500,4,1,,,,,\n";
  const char *policy = "[policy]\noutlying = none\novercrowding = 1";
  g_autoptr (PksModel) base = model_of (365, 60, policy, units, flows, NULL, NULL);
  g_autoptr (PksModel) plan = model_of (365, 60, policy, units, flows,
                                        "from_unit,flow,to_unit,p,los_days,los_cv\n"
                                        "A,akut,B,0.4,3,1\n", NULL);
  g_autoptr (PksModel) zero = model_of (365, 60, policy, units, flows,
                                        "from_unit,flow,to_unit,p,los_days,los_cv\n"
                                        "A,akut,B,0,3,1\n", NULL);
  PksRepResult **rb = tu_run (base, n, FALSE), **rp = tu_run (plan, n, FALSE),
               **rz = tu_run (zero, n, FALSE);
  guint ne = pks_model_n_entities (base);
  for (guint i = 0; i < n; i++)
    {
      for (guint u = 2; u < 4; u++)   /* X, Y */
        {
          guint e = pks_model_unit_entity (base, u);
          g_assert_cmpmem (&rb[i]->metrics[(gsize) e * PKS_N_METRICS], sizeof (double) * PKS_N_METRICS,
                           &rp[i]->metrics[(gsize) e * PKS_N_METRICS], sizeof (double) * PKS_N_METRICS);
        }
      guint ea = pks_model_unit_entity (base, 0);
      g_assert_cmpfloat (pks_rep_metric (rb[i], ea, PKS_M_ARRIVALS), ==,
                         pks_rep_metric (rp[i], ea, PKS_M_ARRIVALS));
      g_assert_cmpfloat (pks_rep_metric (rp[i], ea, PKS_M_PATHWAY_TRANSFERS), >, 0.0);
      /* p = 0: every figure the base has, the same */
      for (guint e = 0; e < ne; e++)
        for (int k = 0; k < PKS_N_METRICS; k++)
          if (!isnan (pks_rep_metric (rb[i], e, k)))
            g_assert_cmpfloat (pks_rep_metric (rb[i], e, k), ==, pks_rep_metric (rz[i], e, k));
    }
  tu_free_results (rb, n);
  tu_free_results (rp, n);
  tu_free_results (rz, n);
}

/* ---------- where a blocked transfer goes ---------- */

/* transfer_when_full: wait blocks; overcrowd with room enough for every
 * transfer never blocks (B overcrowded instead); outlie with a roomy
 * neighbour never blocks (B's patients outlied instead). Patients are
 * conserved under each policy. */
static void
test_when_full (void)
{
  const guint n = 3;
  const char *units = "unit,site,beds,staffed_beds\nA,H,20,20\nB,H,40,6\nN,H,30,30\n";
  const char *policies[] = {
    "[policy]\noutlying = site\novercrowding = 0\ntransfer_when_full = wait",
    "[policy]\noutlying = none\novercrowding = 30\ntransfer_when_full = overcrowd\n"
    "elective_overcrowding = false",
    "[policy]\noutlying = site\novercrowding = 0\ntransfer_when_full = outlie",
  };
  for (guint pi = 0; pi < G_N_ELEMENTS (policies); pi++)
    {
      g_autoptr (PksModel) m = model_of (365, 60, policies[pi], units, tandem_flows,
                                         tandem_transfers, NULL);
      PksRepResult **r = tu_run (m, n, FALSE);
      guint ea = unit_entity (m, "A"), eb = unit_entity (m, "B");
      for (guint i = 0; i < n; i++)
        {
          const PksBalance *b = &r[i]->balance;
          double blocked = pks_rep_metric (r[i], ea, PKS_M_TRANSFERS_BLOCKED);
          g_test_message ("transfer_when_full %s: blocked %g, B overcrowded %g days, outlied %g days",
                          pi == 0 ? "wait" : pi == 1 ? "overcrowd" : "outlie", blocked,
                          pks_rep_metric (r[i], eb, PKS_M_OVERCROWDED_DAYS),
                          pks_rep_metric (r[i], eb, PKS_M_OUTLIED_DAYS));
          g_assert_cmpuint (b->acute_arrivals, ==, b->acute_admitted + b->acute_transferred);
          g_assert_cmpuint (b->acute_admitted, ==, b->discharged + b->in_bed_end);
          g_assert_cmpuint (b->patients_in_two_beds, ==, 0);
          g_assert_cmpuint (b->pathway_moves, >, 0);
          if (pi == 0)
            g_assert_cmpfloat (blocked, >, 0.0);
          else
            g_assert_cmpfloat (blocked, ==, 0.0);
          if (pi == 1)
            g_assert_cmpfloat (pks_rep_metric (r[i], eb, PKS_M_OVERCROWDED_DAYS), >, 0.0);
          if (pi == 2)
            g_assert_cmpfloat (pks_rep_metric (r[i], eb, PKS_M_OUTLIED_DAYS), >, 0.0);
        }
      tu_free_results (r, n);
    }
}

/* A chain A → B → C with the middle unit full: patients queue on A for B
 * while B's own wait for C; everyone is conserved and the blocked counts
 * agree on both ends. */
static void
test_chain (void)
{
  const guint n = 3;
  g_autoptr (PksModel) m = model_of (365, 60, "[policy]\noutlying = none\novercrowding = 0",
    "unit,site,beds,staffed_beds\nA,H,20,20\nB,H,5,5\nC,H,4,4\n",
    "unit,flow,kind,per_year,los_days,los_cv\nA,akut,acute,1460,4,1\n",
    "from_unit,flow,to_unit,p,los_days,los_cv\nA,*,B,0.6,2,1\nB,akut,C,0.5,4,1\n", NULL);
  PksRepResult **r = tu_run (m, n, FALSE);
  guint ea = unit_entity (m, "A"), eb = unit_entity (m, "B"), ec = unit_entity (m, "C");
  for (guint i = 0; i < n; i++)
    {
      const PksBalance *b = &r[i]->balance;
      g_assert_cmpuint (b->acute_admitted, ==, b->discharged + b->in_bed_end);
      g_assert_cmpuint (b->patients_in_two_beds, ==, 0);
      g_assert_cmpfloat (pks_rep_metric (r[i], ea, PKS_M_TRANSFERS_BLOCKED), >, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], eb, PKS_M_TRANSFERS_BLOCKED), >, 0.0);
      g_assert_cmpfloat (pks_rep_metric (r[i], ec, PKS_M_TRANSFERS_BLOCKED_IN), ==,
                         pks_rep_metric (r[i], eb, PKS_M_TRANSFERS_BLOCKED));
      g_assert_cmpfloat (pks_rep_metric (r[i], ec, PKS_M_PATHWAY_ADMISSIONS), ==,
                         pks_rep_metric (r[i], eb, PKS_M_PATHWAY_TRANSFERS));
      /* C never above its beds: waiting, never overcrowding */
      g_assert_cmpfloat (pks_rep_metric (r[i], ec, PKS_M_OVERCROWDED_DAYS), ==, 0.0);
    }
  tu_free_results (r, n);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pathways/tandem/unlimited-downstream", test_tandem_unlimited);
  g_test_add_func ("/pathways/tandem/blocking", test_tandem_blocking);
  g_test_add_func ("/pathways/tandem/simpy", test_tandem_simpy);
  g_test_add_func ("/pathways/chain", test_chain);
  g_test_add_func ("/pathways/when-full", test_when_full);
  g_test_add_func ("/pathways/crn", test_crn);
  g_test_add_func ("/pathways/queue/zero-is-today", test_queue_zero);
  g_test_add_func ("/pathways/queue/unconstrained", test_queue_unconstrained);
  g_test_add_func ("/pathways/queue/mg1", test_queue_mg1);
  g_test_add_func ("/pathways/removals/little", test_removals_little);
  g_test_add_func ("/pathways/census/truncated-poisson", test_census_truncated_poisson);
  g_test_add_func ("/pathways/turnaround/erlang", test_turnaround_erlang);
  g_test_add_func ("/pathways/flow-scope/add-up", test_flow_shares_add_up);
  return g_test_run ();
}
