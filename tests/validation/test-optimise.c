/* test-optimise.c — pks optimise on problems with a known answer.
 * Independent acute units without outlying or overcrowding are Erlang loss
 * systems: a unit with c beds and offered load a loses λ·B(c, a) patients.
 * B is convex in c, so adding beds one at a time where λ·B falls most is
 * exactly optimal. The simulated optimiser must find an allocation whose
 * analytic loss is within 1 % of that optimum. */
#include "testutil.h"

#include <math.h>
#include <string.h>

typedef struct {
  guint n;
  int c[5];
  double a[5];
  int add;
  int cap;
} Mix;

static double
loss (const Mix *m, const int *x)
{
  double l = 0;
  for (guint i = 0; i < m->n; i++)
    l += m->a[i] / 5.0 * pks_erlang_b ((guint) (m->c[i] + x[i]), m->a[i]);
  return l;
}

/* the exact optimum by greedy on the analytic marginal reduction */
static double
optimum (const Mix *m, int *x)
{
  memset (x, 0, sizeof (int) * m->n);
  for (int s = 0; s < m->add; s++)
    {
      int best = -1;
      double gain = -1;
      for (guint i = 0; i < m->n; i++)
        {
          if (m->cap && x[i] >= m->cap)
            continue;
          double lam = m->a[i] / 5.0;
          double g = lam * (pks_erlang_b ((guint) (m->c[i] + x[i]), m->a[i])
                            - pks_erlang_b ((guint) (m->c[i] + x[i] + 1), m->a[i]));
          if (g > gain)
            {
              gain = g;
              best = (int) i;
            }
        }
      x[best]++;
    }
  return loss (m, x);
}

static PksScenario *
mix_scenario (const Mix *m)
{
  GString *u = g_string_new ("unit,site,beds,staffed_beds\n");
  GString *f = g_string_new ("unit,flow,kind,per_year,los_days,los_cv\n");
  for (guint i = 0; i < m->n; i++)
    {
      g_string_append_printf (u, "U%u,H,%d,%d\n", i, m->c[i], m->c[i]);
      g_string_append_printf (f, "U%u,akut,acute,%.10g,5,1.5\n", i, m->a[i] / 5.0 * 365.0);
    }
  const char *ini = "[scenario]\nstart = 2025-01-06\ndays = 365\nwarmup_days = 60\nreplications = 10\nseed = 31\n"
                    "[tables]\nunits = u.csv\nflows = f.csv\n[policy]\noutlying = none\novercrowding = 0\n";
  PksScenario *s = tu_load (ini, NULL, "u.csv", u->str, "f.csv", f->str, NULL);
  g_string_free (u, TRUE);
  g_string_free (f, TRUE);
  return s;
}

static PksOptimiseResult *
optimise (const Mix *m, PksScenario *s, guint threads)
{
  const char *names[] = { "U0", "U1", "U2", "U3", "U4" };
  guint idx[] = { 0, 1, 2, 3, 4 };
  PksScenarioEval ec = { s, PKS_RES_STAFFED_BEDS, idx, m->n, { 0 }, s->seed, threads, 0, 0 };
  g_assert_true (pks_objective_parse ("transfers_out", &ec.objective, NULL));
  PksOptimiseOptions opt = { m->n, names, m->add, m->cap, FALSE, 10, 60, 6, 0.05, 0.0, 5, FALSE };
  g_autoptr (GError) e = NULL;
  PksOptimiseResult *r = pks_optimise (&opt, pks_optimise_eval_scenario, &ec, &e);
  g_assert_no_error (e);
  return r;
}

static void
test_erlang_mix (gconstpointer data)
{
  const Mix *m = data;
  g_autoptr (PksScenario) s = mix_scenario (m);
  g_assert_nonnull (s);
  int best[5];
  double opt_loss = optimum (m, best);
  g_autoptr (PksOptimiseResult) r = optimise (m, s, 2);
  const PksAllocation *a = &g_array_index (r->ranked, PksAllocation, 0);
  double got = loss (m, a->alloc);
  const char *names[] = { "U0", "U1", "U2", "U3", "U4" };
  g_autofree char *ga = pks_allocation_format (a->alloc, m->n, names);
  g_autofree char *ba = pks_allocation_format (best, m->n, names);
  g_test_message ("optimiser %s (loss %.4f/day), optimum %s (%.4f/day), %+.3f %%; %" G_GUINT64_FORMAT
                  " simulations vs %.0f allocations", ga, got, ba, opt_loss,
                  100.0 * (got - opt_loss) / opt_loss, r->simulations, r->enumeration);
  g_assert_cmpfloat (got, <=, 1.01 * opt_loss);
  int total = 0;
  for (guint i = 0; i < m->n; i++)
    {
      total += a->alloc[i];
      if (m->cap)
        g_assert_cmpint (a->alloc[i], <=, m->cap);
    }
  g_assert_cmpint (total, ==, m->add);
  /* it beats doing nothing, and says by how much with a paired interval */
  g_assert_cmpfloat (a->base_gap_high, <, 0);
}

static void
test_threads (void)
{
  static const Mix m = { 3, { 6, 9, 12 }, { 6, 9, 11 }, 4, 0 };
  g_autoptr (PksScenario) s = mix_scenario (&m);
  g_autoptr (PksOptimiseResult) a = optimise (&m, s, 1);
  g_autoptr (PksOptimiseResult) b = optimise (&m, s, 3);
  g_assert_cmpuint (a->ranked->len, ==, b->ranked->len);
  g_assert_cmpuint (a->simulations, ==, b->simulations);
  for (guint i = 0; i < a->ranked->len; i++)
    {
      const PksAllocation *x = &g_array_index (a->ranked, PksAllocation, i);
      const PksAllocation *y = &g_array_index (b->ranked, PksAllocation, i);
      g_assert_cmpmem (x->alloc, sizeof (int) * m.n, y->alloc, sizeof (int) * m.n);
      g_assert_cmpfloat (x->mean, ==, y->mean);
      g_assert_cmpfloat (x->gap_low, ==, y->gap_low);
    }
}

static void
test_infeasible (void)
{
  static const Mix m = { 2, { 5, 5 }, { 4, 4 }, 9, 4 };
  g_autoptr (PksScenario) s = mix_scenario (&m);
  const char *names[] = { "U0", "U1" };
  guint idx[] = { 0, 1 };
  PksScenarioEval ec = { s, PKS_RES_STAFFED_BEDS, idx, 2, { 0 }, 1, 1, 0, 0 };
  g_assert_true (pks_objective_parse ("transfers_out", &ec.objective, NULL));
  PksOptimiseOptions opt = { 2, names, 9, 4, FALSE, 10, 60, 6, 0.05, 0.0, 5, FALSE };
  g_autoptr (GError) e = NULL;
  g_assert_null (pks_optimise (&opt, pks_optimise_eval_scenario, &ec, &e));
  g_assert_error (e, PKS_ERROR, PKS_ERROR_INPUT);
  g_clear_error (&e);
  opt.total = -1;
  g_assert_null (pks_optimise (&opt, pks_optimise_eval_scenario, &ec, &e));
  g_assert_error (e, PKS_ERROR, PKS_ERROR_INPUT);
}

/* Where staff cap a unit, an allocation of staffed beds (or sessions)
 * brings the staff that keep it open, or it would change nothing. */
static void
test_allocation_brings_staff (void)
{
  const char *ini = "[scenario]\nstart = 2025-01-06\ndays = 120\nwarmup_days = 0\nseed = 3\n"
                    "[tables]\nunits = u.csv\nflows = f.csv\nstaffing = s.csv\n";
  g_autoptr (PksScenario) s = tu_load (ini, NULL,
    "u.csv", "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes\nA,H,20,20,4,240\nB,H,20,20,0,\n",
    "f.csv", "unit,flow,kind,per_year,los_days\nA,akut,acute,900,4\nB,akut,acute,900,4\n",
    "s.csv", "unit,role,fte,from,to,agency\nA,nurse,16,,,0\nA,or_team,0.4,,,0\n", NULL);
  g_assert_nonnull (s);
  g_autoptr (PksModel) m0 = pks_model_new (s, NULL);
  int before = pks_model_staffed_beds (m0, 0, 10);
  g_assert_cmpint (before, <, 20);   /* the nurses cap unit A */
  guint units[] = { 0, 1 };
  int alloc[] = { 3, 2 };
  g_autoptr (PksScenario) w = pks_scenario_with_allocation (s, PKS_RES_STAFFED_BEDS, units, alloc, 2);
  g_autoptr (PksModel) m1 = pks_model_new (w, NULL);
  g_assert_cmpint (pks_model_staffed_beds (m1, 0, 10), ==, before + 3);
  g_assert_cmpint (pks_model_staffed_beds (m1, 1, 10), ==, 22);   /* B has no staff rows: planned */
  g_assert_cmpint (pks_model_beds (m1, 1, 10), ==, 22);
  /* sessions likewise, with OR-team FTE */
  int sess_before = 0, sess_after = 0;
  guint u0[] = { 0 };
  int two[] = { 2 };
  g_autoptr (PksScenario) ws = pks_scenario_with_allocation (s, PKS_RES_OR_SESSIONS, u0, two, 1);
  g_autoptr (PksModel) m2 = pks_model_new (ws, NULL);
  for (guint d = 0; d < 28; d++)
    {
      sess_before += pks_model_or_sessions (m0, 0, d);
      sess_after += pks_model_or_sessions (m2, 0, d);
    }
  g_assert_cmpint (sess_after, >=, sess_before + 7);   /* about 2 more a week over 4 weeks */
}


/* One meaning of "add beds": an allocation of staffed beds is the plan
 * rows `+N beds` and `+N staffed_beds` with staff = own, as --write-plan
 * writes them; sessions are `+N` with staff = own. Same capacity every
 * day, same staff cost. */
static void
test_allocation_is_plan_rows (void)
{
  const char *ini = "[scenario]\nstart = 2025-01-06\ndays = 200\nwarmup_days = 0\nseed = 3\n"
                    "[tables]\nunits = u.csv\nflows = f.csv\nstaffing = s.csv\n%s"
                    "[costs]\nnurse_fte_year = 700000\nor_team_fte_year = 3000000\n";
  const char *u = "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes\nA,H,20,20,4,240\nB,H,20,20,0,\n";
  const char *f = "unit,flow,kind,per_year,los_days\nA,akut,acute,900,4\nB,akut,acute,900,4\n";
  const char *st = "unit,role,fte,from,to,agency\nA,nurse,16,,,0\nA,or_team,0.4,,,0\n";
  g_autofree char *i0 = g_strdup_printf (ini, "");
  g_autofree char *i1 = g_strdup_printf (ini, "changes = c.csv\n");
  g_autoptr (PksScenario) s = tu_load (i0, NULL, "u.csv", u, "f.csv", f, "s.csv", st, NULL);
  g_autoptr (PksScenario) p = tu_load (i1, NULL, "u.csv", u, "f.csv", f, "s.csv", st, "c.csv",
    "unit,resource,from,to,change,note,staff\n"
    "A,beds,2025-01-06,,+3,,\nA,staffed_beds,2025-01-06,,+3,,own\n"
    "B,beds,2025-01-06,,+2,,\nB,staffed_beds,2025-01-06,,+2,,own\n"
    "A,or_sessions_per_week,2025-01-06,,+2,,own\n", NULL);
  g_assert_nonnull (s);
  g_assert_nonnull (p);
  guint units[] = { 0, 1 };
  int alloc[] = { 3, 2 };
  g_autoptr (PksScenario) w = pks_scenario_with_allocation (s, PKS_RES_STAFFED_BEDS, units, alloc, 2);
  guint u0[] = { 0 };
  int two[] = { 2 };
  g_autoptr (PksScenario) ws = pks_scenario_with_allocation (w, PKS_RES_OR_SESSIONS, u0, two, 1);
  g_autoptr (PksModel) ma = pks_model_new (ws, NULL);
  g_autoptr (PksModel) mp = pks_model_new (p, NULL);
  for (guint k = 0; k < 2; k++)
    for (guint d = 0; d < 200; d++)
      {
        g_assert_cmpint (pks_model_staffed_beds (ma, k, d), ==, pks_model_staffed_beds (mp, k, d));
        g_assert_cmpint (pks_model_beds (ma, k, d), ==, pks_model_beds (mp, k, d));
        g_assert_cmpint (pks_model_or_sessions (ma, k, d), ==, pks_model_or_sessions (mp, k, d));
      }
  g_assert_cmpint (pks_model_staffed_beds (mp, 1, 100), ==, 22);
  PksRepResult **ra = tu_run (ma, 1, FALSE), **rp = tu_run (mp, 1, FALSE);
  g_assert_cmpfloat (pks_rep_metric (ra[0], 0, PKS_M_STAFF_COST), ==, pks_rep_metric (rp[0], 0, PKS_M_STAFF_COST));
  g_assert_cmpfloat (pks_rep_metric (ra[0], 0, PKS_M_STAFF_COST), >, 0);
  tu_free_results (ra, 1);
  tu_free_results (rp, 1);
}

static void
test_objective_parse (void)
{
  PksObjective o;
  g_assert_true (pks_objective_parse ("outlied_days+3*cancelled_operations", &o, NULL));
  g_assert_cmpuint (o.n, ==, 2);
  g_assert_cmpint (o.metric[1], ==, PKS_M_CANCELLED_OPERATIONS);
  g_assert_cmpfloat (o.weight[1], ==, 3);
  g_assert_true (pks_objective_parse ("-vg_treatment_pct", &o, NULL));
  g_assert_cmpfloat (o.weight[0], ==, -1);
  g_assert_true (pks_objective_parse (" overcrowded_days - 0.5 * outlied_days ", &o, NULL));
  g_assert_cmpfloat (o.weight[1], ==, -0.5);
  g_autoptr (GError) e = NULL;
  g_assert_false (pks_objective_parse ("outlied_dayz", &o, &e));
  g_assert_nonnull (strstr (e->message, "outlied_dayz"));
  g_clear_error (&e);
  g_assert_false (pks_objective_parse ("x*outlied_days", &o, &e));
  g_clear_error (&e);
  g_assert_false (pks_objective_parse ("", &o, &e));
  g_assert_cmpfloat (pks_allocation_count (4, 6, 0), ==, 84);      /* C(9,3) */
  g_assert_cmpfloat (pks_allocation_count (3, 5, 2), ==, 3);       /* 2+2+1 arrangements */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  static const Mix mixes[] = {
    { 4, { 8, 10, 6, 12 }, { 8, 12, 5, 15 }, 6, 0 },
    { 3, { 5, 15, 20 }, { 6, 12, 14 }, 8, 0 },
    { 5, { 4, 6, 8, 10, 12 }, { 3, 7, 9, 9, 14 }, 10, 3 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (mixes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/optimise/erlang/mix-%u", i + 1);
      g_test_add_data_func (path, &mixes[i], test_erlang_mix);
    }
  g_test_add_func ("/optimise/threads/identical", test_threads);
  g_test_add_func ("/optimise/infeasible", test_infeasible);
  g_test_add_func ("/optimise/objective/parse", test_objective_parse);
  g_test_add_func ("/optimise/allocation/brings-staff", test_allocation_brings_staff);
  g_test_add_func ("/optimise/allocation/is-plan-rows", test_allocation_is_plan_rows);
  return g_test_run ();
}
