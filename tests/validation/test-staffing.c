/* test-staffing.c — dated capacity plans and the staffing model: the
 * staffed bed-days of overlapping changes.csv rows (recomputed here
 * independently), summer leave, agency staff, and plans that inherit. */
#include "testutil.h"

#include <math.h>
#include <string.h>

static const char *INI_HEAD =
  "[scenario]\nname = s\nstart = 2025-01-01\ndays = 365\nwarmup_days = 0\nreplications = 2\nseed = 5\n"
  "[tables]\nunits = units.csv\nflows = flows.csv\n";
static const char *UNITS =
  "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
  "Med,NUS,30,24,0,,0\nKir,NUS,20,18,6,240,40\nOrt,Ske,16,12,4,300,20\n";
static const char *FLOWS =
  "unit,flow,kind,per_year,los_days,los_cv,treat_p,surgery_minutes,inpatient_p\n"
  "Med,akut,acute,1500,4,1,,,\nKir,plan,elective,900,3,0.6,0.8,90,0.6\nOrt,akut,acute,500,4,1,,,\n";

static PksModel *
build (const char *extra_ini, const char *name, const char *table)
{
  g_autofree char *ini = g_strconcat (INI_HEAD, extra_ini, NULL);
  g_autoptr (PksScenario) s = name
    ? tu_load (ini, NULL, "units.csv", UNITS, "flows.csv", FLOWS, name, table, NULL)
    : tu_load (ini, NULL, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

/* Overlapping rows in file order, recomputed by hand:
 *   Med: 24; =30 from Mar 1 (open); −10 % from Jun 1 to Aug 31; +2 from Jul 1 to Jul 31
 *   *:   −1 from Dec 24 to Dec 26 (every unit)
 *   site:Ske: =0 from Feb 10 to Feb 16 (Ort closed a week) */
static void
test_overlapping_changes (void)
{
  const char *changes =
    "unit,resource,from,to,change,note\n"
    "Med,staffed_beds,2025-03-01,,=30,open more\n"
    "Med,staffed_beds,2025-06-01,2025-08-31,-10%,summer\n"
    "Med,staffed_beds,2025-07-01,2025-07-31,+2,extra in July\n"
    "*,staffed_beds,2025-12-24,2025-12-26,-1,christmas\n"
    "site:Ske,staffed_beds,2025-02-10,2025-02-16,=0,closed\n";
  g_autoptr (PksModel) m = build ("changes = changes.csv\n", "changes.csv", changes);
  PksDate start = pks_date_from_ymd (2025, 1, 1);
  double expect[3] = { 0, 0, 0 };
  for (guint d = 0; d < 365; d++)
    {
      PksDate t = start + d;
      int mo = pks_date_month (t), day = pks_date_day (t);
      gboolean xmas = mo == 12 && day >= 24 && day <= 26;
      /* Med, with the row order applied to doubles and rounded at the end */
      double med = 24;
      if (mo >= 3)
        med = 30;
      if (mo >= 6 && mo <= 8)
        med *= 0.9;
      if (mo == 7)
        med += 2;
      if (xmas)
        med -= 1;
      expect[0] += floor (med + 0.5);
      expect[1] += 18 - (xmas ? 1 : 0);
      gboolean closed = mo == 2 && day >= 10 && day <= 16;
      expect[2] += closed ? 0 : 12 - (xmas ? 1 : 0);
    }
  PksRepResult **r = tu_run (m, 1, FALSE);
  for (guint u = 0; u < 3; u++)
    {
      double got = pks_rep_metric (r[0], pks_model_unit_entity (m, u), PKS_M_STAFFED_BED_DAYS);
      g_test_message ("%s: staffed bed-days %g, expected %g", pks_model_unit_name (m, u), got, expect[u]);
      g_assert_cmpfloat (got, ==, expect[u]);
    }
  g_assert_cmpfloat (pks_rep_metric (r[0], 0, PKS_M_STAFFED_BED_DAYS), ==, expect[0] + expect[1] + expect[2]);
  /* the daily numbers too, on a few dates */
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 0), ==, 24);
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 59), ==, 30);                 /* Mar 1 */
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 151), ==, 27);                /* Jun 1: 30 × 0.9 */
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 181), ==, 29);                /* Jul 1: 27 + 2 */
  g_assert_cmpint (pks_model_staffed_beds (m, 2, 40), ==, 0);                  /* Feb 10 */
  g_assert_cmpint (pks_model_staffed_beds (m, 2, 47), ==, 12);                 /* Feb 17 */
  tu_free_results (r, 1);
}

/* Sessions and slots spread over weekdays: a weekly number of 2.5 gives 5
 * sessions a fortnight, none at weekends. */
static void
test_weekly_spread (void)
{
  g_autoptr (PksModel) m = build ("changes = c.csv\n", "c.csv",
                                  "unit,resource,from,to,change,note\nKir,or_sessions_per_week,2025-01-06,,=2.5,\n");
  int sum = 0;
  for (guint d = 5; d < 5 + 14; d++)   /* Mon 6 Jan – Sun 19 Jan */
    {
      int n = pks_model_or_sessions (m, 1, d);
      if (pks_date_weekday (pks_date_from_ymd (2025, 1, 1) + d) >= 5)
        g_assert_cmpint (n, ==, 0);
      sum += n;
    }
  g_assert_cmpint (sum, ==, 5);
}

/* Nurses: 14 FTE on Kir (40 on Med), 5 weeks' leave of which 4 in 1 Jun–30 Aug, sick
 * leave 5.6 %. Coverable beds = floor(hours on duty / nurse-hours per bed-day)
 * with hours = FTE × (1 − sick) × (1 − leave) × 1900 / 365 and nurse-hours
 * per bed-day = 8/5 + 8/6 + 8/8 (one nurse per 5, 6, 8 patients). */
static void
test_summer_leave (void)
{
  const char *staff = "unit,role,fte,from,to,agency\nMed,nurse,40,,,0\nKir,nurse,14,,,0\n";
  g_autoptr (PksModel) m = build ("staffing = staff.csv\n[staffing]\nvacation_weeks = 5\nsummer_weeks = 4\n",
                                  "staff.csv", staff);
  double need = 8.0 / 5 + 8.0 / 6 + 8.0 / 8;
  double summer_days = 91;   /* 1 Jun – 30 Aug 2025 */
  double leave_summer = 4 * 7 / summer_days, leave_rest = 1 * 7 / (365 - summer_days);
  int expect_summer = (int) floor (14 * 0.944 * (1 - leave_summer) * 1900 / 365 / need + 1e-9);
  int expect_rest = (int) floor (14 * 0.944 * (1 - leave_rest) * 1900 / 365 / need + 1e-9);
  g_test_message ("Kir: %d staff-limited beds outside summer, %d in summer", MIN (18, expect_rest), expect_summer);
  PksDate start = pks_date_from_ymd (2025, 1, 1);
  for (guint d = 0; d < 365; d++)
    {
      PksDate t = start + d;
      gboolean summer = t >= pks_date_from_ymd (2025, 6, 1) && t <= pks_date_from_ymd (2025, 8, 30);
      int want = MIN (18, summer ? expect_summer : expect_rest);
      g_assert_cmpint (pks_model_staffed_beds (m, 1, d), ==, want);
    }
  /* staff bind all year, and the summer binds harder */
  g_assert_cmpint (expect_rest, <, 18);
  g_assert_cmpint (expect_summer, <, expect_rest - 3);
  /* Med has staff for all its planned beds outside summer */
  g_assert_cmpint (pks_model_staffed_beds (m, 0, 10), ==, 24);
  /* a unit without staffing rows keeps its planned beds */
  g_assert_cmpint (pks_model_staffed_beds (m, 2, 200), ==, 12);
}

/* Agency nurses add capacity at a 50 % premium (seed 002:1371-1373). */
static void
test_agency (void)
{
  const char *costs = "[costs]\nnurse_fte_year = 600000\nagency_premium_pct = 50\n";
  g_autofree char *ini = g_strconcat ("staffing = staff.csv\n", costs, NULL);
  g_autoptr (PksModel) own = build (ini, "staff.csv", "unit,role,fte,from,to,agency\nKir,nurse,12,,,0\n");
  g_autoptr (PksModel) more = build (ini, "staff.csv",
                                     "unit,role,fte,from,to,agency\nKir,nurse,12,,,0\nKir,nurse,4,,,1\n");
  g_assert_cmpint (pks_model_staffed_beds (more, 1, 10), >, pks_model_staffed_beds (own, 1, 10));
  PksRepResult **a = tu_run (own, 1, FALSE), **b = tu_run (more, 1, FALSE);
  guint e = pks_model_unit_entity (own, 1);
  double cost_own = pks_rep_metric (a[0], e, PKS_M_STAFF_COST);
  double cost_more = pks_rep_metric (b[0], e, PKS_M_STAFF_COST);
  g_assert_cmpfloat (fabs (cost_own - 12 * 600000.0), <, 1e-3);
  g_assert_cmpfloat (fabs (cost_more - cost_own - 4 * 600000.0 * 1.5), <, 1e-3);
  g_assert_cmpfloat (fabs (pks_rep_metric (b[0], e, PKS_M_AGENCY_COST) - 4 * 600000.0 * 1.5), <, 1e-3);
  g_assert_cmpfloat (pks_rep_metric (b[0], e, PKS_M_STAFFED_BED_DAYS), >, pks_rep_metric (a[0], e, PKS_M_STAFFED_BED_DAYS));
  tu_free_results (a, 1);
  tu_free_results (b, 1);
}

/* A strike as data: a staffing row with negative FTE for 11–28 June
 * (seed 002:27-38) lowers the staffed beds in exactly those days. */
static void
test_strike (void)
{
  g_autoptr (PksModel) m = build ("staffing = staff.csv\n", "staff.csv",
                                  "unit,role,fte,from,to,agency\nKir,nurse,30,,,0\nKir,nurse,-15,2025-06-11,2025-06-28,0\n");
  guint jun10 = 160, jun11 = 161, jun28 = 178, jun29 = 179;
  g_assert_cmpint (pks_model_staffed_beds (m, 1, jun11), <, pks_model_staffed_beds (m, 1, jun10));
  g_assert_cmpint (pks_model_staffed_beds (m, 1, jun28), <, pks_model_staffed_beds (m, 1, jun29));
  g_assert_cmpint (pks_model_staffed_beds (m, 1, jun10), ==, pks_model_staffed_beds (m, 1, jun29));
}

/* OR teams limit sessions likewise: one team-FTE on duty staffs
 * hours × 7 / session hours sessions a week. */
static void
test_or_teams (void)
{
  g_autoptr (PksModel) m = build ("staffing = staff.csv\n[staffing]\nsick_leave_pct = 0\nvacation_weeks = 0\nsummer_weeks = 0\n",
                                  "staff.csv", "unit,role,fte,from,to,agency\nKir,or_team,0.5,,,0\n");
  /* 0.5 × 1900 / 365 × 7 h a week = 18.2 h = 4.5 sessions of 4 h, below the planned 6 */
  int sum = 0;
  for (guint d = 5; d < 5 + 28; d++)
    sum += pks_model_or_sessions (m, 1, d);
  double per_week = 0.5 * 1900.0 / 365.0 * 7.0 / 4.0;
  g_assert_cmpint (sum, ==, (int) floor (4 * per_week + 1e-9));
}

/* A plan with base = and an empty change table reproduces the base. */
static void
test_empty_plan_is_base (void)
{
  g_autoptr (PksFiles) files = pks_files_new ();
  g_autofree char *base_ini = g_strconcat (INI_HEAD, "changes = base-changes.csv\n", NULL);
  const char *pairs[][2] = {
    { "/mem/base.ini", base_ini }, { "/mem/units.csv", UNITS }, { "/mem/flows.csv", FLOWS },
    { "/mem/base-changes.csv", "unit,resource,from,to,change,note\nMed,staffed_beds,2025-05-01,,-3,\n" },
    { "/mem/plan.ini", "[scenario]\nbase = base.ini\nname = empty plan\n[tables]\nchanges = empty.csv\n" },
    { "/mem/empty.csv", "unit,resource,from,to,change,note\n" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr (GBytes) b = g_bytes_new (pairs[i][1], strlen (pairs[i][1]));
      pks_files_add (files, pairs[i][0], b);
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) sb = pks_scenario_load ("/mem/base.ini", NULL, files, d);
  g_autoptr (PksScenario) sp = pks_scenario_load ("/mem/plan.ini", NULL, files, d);
  g_assert_nonnull (sb);
  g_assert_nonnull (sp);
  g_autoptr (PksModel) mb = pks_model_new (sb, NULL);
  g_autoptr (PksModel) mp = pks_model_new (sp, NULL);
  PksRepResult **a = tu_run (mb, 3, TRUE), **b = tu_run (mp, 3, TRUE);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpmem (a[i]->metrics, sizeof (double) * a[i]->n_entities * PKS_N_METRICS,
                     b[i]->metrics, sizeof (double) * b[i]->n_entities * PKS_N_METRICS);
  tu_free_results (a, 3);
  tu_free_results (b, 3);
}

/* A plan's staffing.csv adds its rows to the base's (a recruitment
 * shortfall is one negative row), like changes.csv; with
 * staffing_inherit = false it replaces them. Checked against scenarios
 * that state the net FTE in one file. */
static void
test_plan_staffing_adds (void)
{
  g_autoptr (PksFiles) files = pks_files_new ();
  g_autofree char *base_ini = g_strconcat (INI_HEAD, "staffing = base-staff.csv\n", NULL);
  g_autofree char *net_ini = g_strconcat (INI_HEAD, "staffing = net-staff.csv\n", NULL);
  g_autofree char *only_ini = g_strconcat (INI_HEAD, "staffing = plan-staff.csv\n", NULL);
  const char *pairs[][2] = {
    { "/mem/base.ini", base_ini }, { "/mem/net.ini", net_ini }, { "/mem/only.ini", only_ini },
    { "/mem/units.csv", UNITS }, { "/mem/flows.csv", FLOWS },
    { "/mem/base-staff.csv", "unit,role,fte,from,to,agency\nMed,nurse,30,,,0\nKir,nurse,14,,,0\n" },
    { "/mem/plan-staff.csv", "unit,role,fte,from,to,agency\nKir,nurse,-4,2025-03-01,,0\n" },
    { "/mem/net-staff.csv", "unit,role,fte,from,to,agency\nMed,nurse,30,,,0\nKir,nurse,14,,2025-02-28,0\n"
                            "Kir,nurse,10,2025-03-01,,0\n" },
    { "/mem/plan.ini", "[scenario]\nbase = base.ini\nname = shortfall\n[tables]\nstaffing = plan-staff.csv\n" },
    { "/mem/replace.ini", "[scenario]\nbase = base.ini\n[tables]\nstaffing = plan-staff.csv\nstaffing_inherit = false\n" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr (GBytes) b = g_bytes_new (pairs[i][1], strlen (pairs[i][1]));
      pks_files_add (files, pairs[i][0], b);
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) sp = pks_scenario_load ("/mem/plan.ini", NULL, files, d);
  g_autoptr (PksScenario) sn = pks_scenario_load ("/mem/net.ini", NULL, files, d);
  g_autoptr (PksScenario) sr = pks_scenario_load ("/mem/replace.ini", NULL, files, d);
  g_autoptr (PksScenario) so = pks_scenario_load ("/mem/only.ini", NULL, files, d);
  g_assert_nonnull (sp);
  g_assert_nonnull (sn);
  g_assert_nonnull (sr);
  g_assert_nonnull (so);
  g_assert_cmpuint (sp->staffing->len, ==, 3);
  g_assert_cmpuint (sr->staffing->len, ==, 1);
  g_autoptr (PksModel) mp = pks_model_new (sp, NULL);
  g_autoptr (PksModel) mn = pks_model_new (sn, NULL);
  g_autoptr (PksModel) mr = pks_model_new (sr, NULL);
  g_autoptr (PksModel) mo = pks_model_new (so, NULL);
  for (guint u = 0; u < 3; u++)
    for (guint day = 0; day < 365; day++)
      {
        g_assert_cmpint (pks_model_staffed_beds (mp, u, day), ==, pks_model_staffed_beds (mn, u, day));
        g_assert_cmpint (pks_model_staffed_beds (mr, u, day), ==, pks_model_staffed_beds (mo, u, day));
      }
  /* the shortfall bites from 1 March */
  g_assert_cmpint (pks_model_staffed_beds (mp, 1, 70), <, pks_model_staffed_beds (mp, 1, 10));
}


/* ---------- changes that bring their staff (issue #19) ---------- */

/* A scenario with a changes table and a staffing table. */
static PksScenario *
load_plan (const char *extra_ini, const char *changes, const char *staff)
{
  g_autofree char *ini = g_strconcat (INI_HEAD, "changes = changes.csv\nstaffing = staff.csv\n",
                                      extra_ini, NULL);
  PksScenario *s = tu_load (ini, NULL, "units.csv", UNITS, "flows.csv", FLOWS,
                            "changes.csv", changes, "staff.csv", staff, NULL);
  g_assert_nonnull (s);
  return s;
}

static PksModel *
model_of (const PksScenario *s)
{
  g_autoptr (GError) e = NULL;
  PksModel *m = pks_model_new (s, &e);
  g_assert_no_error (e);
  return m;
}

/* The leave share of a day of 2025 by the defaults (docs/staffing.md). */
static double
leave_2025 (guint d)
{
  PksDate t = pks_date_from_ymd (2025, 1, 1) + d;
  gboolean summer = t >= pks_date_from_ymd (2025, 6, 1) && t <= pks_date_from_ymd (2025, 8, 30);
  return summer ? 4 * 7 / 91.0 : 1 * 7 / (365 - 91.0);
}

/* Kir's 14 nurses cover fewer beds than its planned 18 (17, and 12 in
 * summer). `+3` with staff = own opens three more beds on every day from
 * March, summer included, and its cost is the nurse FTE those beds need
 * each day, recomputed here from the norms; agency costs the premium more.
 * Without the staff column the same row opens nothing. */
static void
test_staff_own_opens (void)
{
  const char *staff = "unit,role,fte,from,to,agency\nKir,nurse,14,,,0\n";
  const char *costs = "[costs]\nnurse_fte_year = 600000\nagency_premium_pct = 50\n";
  g_autoptr (PksScenario) s0 = load_plan (costs, "unit,resource,from,to,change,note\n", staff);
  g_autoptr (PksScenario) sn = load_plan (costs, "unit,resource,from,to,change,note,staff\n"
                                          "Kir,staffed_beds,2025-03-01,,+3,x,\n", staff);
  g_autoptr (PksScenario) so = load_plan (costs, "unit,resource,from,to,change,note,staff\n"
                                          "Kir,staffed_beds,2025-03-01,,+3,x,own\n", staff);
  g_autoptr (PksScenario) sa = load_plan (costs, "unit,resource,from,to,change,note,staff\n"
                                          "Kir,staffed_beds,2025-03-01,,+3,x,agency\n", staff);
  g_autoptr (PksModel) m0 = model_of (s0), mn = model_of (sn), mo = model_of (so), ma = model_of (sa);
  guint mar1 = 59;
  double need = 8.0 / 5 + 8.0 / 6 + 8.0 / 8, extra_fte_days = 0;
  for (guint d = 0; d < 365; d++)
    {
      int base = pks_model_staffed_beds (m0, 1, d);
      g_assert_cmpint (base, <, 18);
      g_assert_cmpint (pks_model_staffed_beds (mn, 1, d), ==, base);
      g_assert_cmpint (pks_model_staffed_beds (mo, 1, d), ==, base + (d >= mar1 ? 3 : 0));
      g_assert_cmpint (pks_model_staffed_beds (ma, 1, d), ==, base + (d >= mar1 ? 3 : 0));
      if (d >= mar1)
        extra_fte_days += 3 * need / (0.944 * (1 - leave_2025 (d)) * 1900 / 365);
    }
  PksRepResult **r0 = tu_run (m0, 1, FALSE), **ro = tu_run (mo, 1, FALSE), **ra = tu_run (ma, 1, FALSE);
  guint e = pks_model_unit_entity (m0, 1);
  double c0 = pks_rep_metric (r0[0], e, PKS_M_STAFF_COST);
  double own = pks_rep_metric (ro[0], e, PKS_M_STAFF_COST) - c0;
  double ag = pks_rep_metric (ra[0], e, PKS_M_STAFF_COST) - c0;
  double want = extra_fte_days * 600000.0 / 365;
  g_test_message ("+3 beds from March: %.0f SEK own (%.2f FTE-years), %.0f agency", own,
                  extra_fte_days / 365, ag);
  g_assert_cmpfloat (fabs (own - want), <, 1e-6 * want);
  g_assert_cmpfloat (fabs (ag - 1.5 * want), <, 1e-6 * want);
  g_assert_cmpfloat (fabs (pks_rep_metric (ra[0], e, PKS_M_AGENCY_COST) - 1.5 * want), <, 1e-6 * want);
  g_assert_cmpfloat (pks_rep_metric (ro[0], e, PKS_M_AGENCY_COST), ==, 0);
  tu_free_results (r0, 1);
  tu_free_results (ro, 1);
  tu_free_results (ra, 1);
}

/* Closing a unit: without a staff column its staff stay on the payroll
 * and their cost continues (and pks says so); with staff = own they leave
 * with the beds and the cost stops at the closing date. */
static void
test_closing_payroll (void)
{
  const char *staff = "unit,role,fte,from,to,agency\nKir,nurse,14,,,0\n";
  const char *costs = "[costs]\nnurse_fte_year = 600000\n";
  g_autoptr (PksScenario) s0 = load_plan (costs, "unit,resource,from,to,change,note\n", staff);
  g_autoptr (PksScenario) sk = load_plan (costs, "unit,resource,from,to,change,note,staff\n"
                                          "Kir,staffed_beds,2025-07-01,,=0,closed,\n", staff);
  g_autoptr (PksScenario) sg = load_plan (costs, "unit,resource,from,to,change,note,staff\n"
                                          "Kir,staffed_beds,2025-07-01,,=0,closed,own\n", staff);
  g_autoptr (PksModel) m0 = model_of (s0), mk = model_of (sk), mg = model_of (sg);
  PksRepResult **r0 = tu_run (m0, 1, FALSE), **rk = tu_run (mk, 1, FALSE), **rg = tu_run (mg, 1, FALSE);
  guint e = pks_model_unit_entity (m0, 1);
  double full = pks_rep_metric (r0[0], e, PKS_M_STAFF_COST);
  g_assert_cmpfloat (fabs (full - 14 * 600000.0), <, 1e-3);
  g_assert_cmpfloat (pks_rep_metric (rk[0], e, PKS_M_STAFF_COST), ==, full);
  double half = 14 * 600000.0 * 181 / 365;   /* 1 January – 30 June */
  g_assert_cmpfloat (fabs (pks_rep_metric (rg[0], e, PKS_M_STAFF_COST) - half), <, 1e-3);
  g_assert_cmpint (pks_model_staffed_beds (mk, 1, 200), ==, 0);
  g_assert_cmpint (pks_model_staffed_beds (mg, 1, 200), ==, 0);
  /* what pks tells: the kept staff, and nothing when they leave */
  g_autoptr (GArray) nk = pks_capacity_notes (sk);
  g_autoptr (GArray) ng = pks_capacity_notes (sg);
  g_assert_cmpuint (nk->len, ==, 1);
  const PksCapacityNote *x = &g_array_index (nk, PksCapacityNote, 0);
  g_assert_cmpint (x->kind, ==, PKS_NOTE_PAYROLL);
  g_assert_cmpuint (x->days, ==, 184);
  g_assert_cmpfloat (fabs (x->fte - 14), <, 1e-9);
  g_assert_cmpfloat (fabs (x->cost - 14 * 600000.0 * 184 / 365), <, 1e-3);
  g_assert_cmpuint (ng->len, ==, 0);
  tu_free_results (r0, 1);
  tu_free_results (rk, 1);
  tu_free_results (rg, 1);
}

/* What binds, as pks_capacity_notes tells it: staff (with the FTE the
 * norms ask for), physical beds, a change below zero; nothing for a row
 * that brings its staff and fits the rooms. */
static void
test_what_binds (void)
{
  g_autoptr (PksScenario) s = load_plan ("",
    "unit,resource,from,to,change,note,staff\n"
    "Kir,staffed_beds,2025-03-01,,+3,no staff,\n"        /* 0: staff bound */
    "Med,staffed_beds,2025-03-01,,+10,rooms,\n"          /* 1: 24+10 > 30 beds */
    "Ort,staffed_beds,2025-10-01,,-20,cut,\n"            /* 2: 12-20 < 0 */
    "Kir,staffed_beds,2025-03-01,,+1,with staff,own\n",  /* 3: opens */
    "unit,role,fte,from,to,agency\nKir,nurse,14,,,0\n");
  g_autoptr (GArray) n = pks_capacity_notes (s);
  const PksStaffingNorms *norms = &s->norms;
  guint seen = 0;
  for (guint i = 0; i < n->len; i++)
    {
      const PksCapacityNote *x = &g_array_index (n, PksCapacityNote, i);
      g_assert_cmpuint (x->change, !=, 3);
      if (x->change == 0)
        {
          g_assert_cmpint (x->kind, ==, PKS_NOTE_SHORT);
          g_assert_cmpuint (x->days, ==, 306);
          g_assert_cmpfloat (x->planned, ==, 3 * 306);
          g_assert_cmpfloat (x->effective, ==, 0);
          g_assert_cmpfloat (x->staff_short, ==, 3 * 306);
          g_assert_cmpfloat (fabs (x->need[PKS_ROLE_NURSE] - 3 * pks_staffing_fte_per_bed (norms, PKS_ROLE_NURSE)), <, 1e-9);
          g_assert_cmpfloat (x->need[PKS_ROLE_ASSISTANT_NURSE], ==, 0);   /* no such rows: no limit */
          seen |= 1;
        }
      else if (x->change == 1)
        {
          g_assert_cmpint (x->kind, ==, PKS_NOTE_SHORT);
          g_assert_cmpfloat (x->planned, ==, 10 * 306);
          g_assert_cmpfloat (x->effective, ==, 6 * 306);
          g_assert_cmpfloat (x->beds_short, ==, 4 * 306);
          g_assert_cmpfloat (x->need_beds, ==, 4);
          seen |= 2;
        }
      else if (x->change == 2)
        {
          g_assert_cmpint (x->kind, ==, PKS_NOTE_CLAMPED);
          g_assert_cmpfloat (x->level, ==, -8);
          g_assert_cmpfloat (x->before, ==, 12);
          g_assert_cmpuint (x->days, ==, 92);
          seen |= 4;
        }
    }
  g_assert_cmpuint (seen, ==, 7);
  /* the same in the metrics: planned and effective staffed bed-days, and
   * the days on which staff or physical beds bound (recounted here) */
  g_autoptr (PksModel) m = model_of (s);
  PksRepResult **r = tu_run (m, 1, FALSE);
  const int planned[3][2] = { { 24, 34 }, { 18, 22 }, { 12, 0 } };   /* Med, Kir, Ort: before / from the change */
  const guint change_day[3] = { 59, 59, 273 };                      /* 1 March, 1 March, 1 October */
  for (guint u = 0; u < 3; u++)
    {
      double want_planned = 0, want_staffed = 0, staff_days = 0, beds_days = 0;
      for (guint d = 0; d < 365; d++)
        {
          int p = planned[u][d >= change_day[u]];
          int e = pks_model_staffed_beds (m, u, d), b = pks_model_beds (m, u, d);
          want_planned += p;
          want_staffed += e;
          beds_days += e < p && b == e;
          staff_days += e < p && b != e;   /* no unit here is bound by both */
        }
      guint ent = pks_model_unit_entity (m, u);
      g_test_message ("%s: planned %g, staff-bound %g, beds-bound %g days", pks_model_unit_name (m, u),
                      want_planned, staff_days, beds_days);
      g_assert_cmpfloat (pks_rep_metric (r[0], ent, PKS_M_PLANNED_STAFFED_BED_DAYS), ==, want_planned);
      g_assert_cmpfloat (pks_rep_metric (r[0], ent, PKS_M_STAFFED_BED_DAYS), ==, want_staffed);
      g_assert_cmpfloat (pks_rep_metric (r[0], ent, PKS_M_STAFF_BOUND_DAYS), ==, staff_days);
      g_assert_cmpfloat (pks_rep_metric (r[0], ent, PKS_M_BEDS_BOUND_DAYS), ==, beds_days);
    }
  g_assert_cmpfloat (pks_rep_metric (r[0], pks_model_unit_entity (m, 1), PKS_M_STAFF_BOUND_DAYS), ==, 365);
  g_assert_cmpfloat (pks_rep_metric (r[0], pks_model_unit_entity (m, 0), PKS_M_BEDS_BOUND_DAYS), ==, 306);
  tu_free_results (r, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/staffing/changes/overlapping-rows-exact", test_overlapping_changes);
  g_test_add_func ("/staffing/changes/weekly-spread", test_weekly_spread);
  g_test_add_func ("/staffing/staff/summer-leave", test_summer_leave);
  g_test_add_func ("/staffing/staff/agency", test_agency);
  g_test_add_func ("/staffing/staff/strike", test_strike);
  g_test_add_func ("/staffing/staff/or-teams", test_or_teams);
  g_test_add_func ("/staffing/plans/empty-plan-is-base", test_empty_plan_is_base);
  g_test_add_func ("/staffing/plans/staffing-rows-add", test_plan_staffing_adds);
  g_test_add_func ("/staffing/changes/staff-own-opens", test_staff_own_opens);
  g_test_add_func ("/staffing/changes/closing-payroll", test_closing_payroll);
  g_test_add_func ("/staffing/changes/what-binds", test_what_binds);
  return g_test_run ();
}
