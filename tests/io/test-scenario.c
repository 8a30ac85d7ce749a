/* test-scenario.c — scenario loading: one test per class of bad input
 * (each must name file and line/column or key), inheritance, overrides, and
 * the Excel habits we accept (BOM, CRLF, semicolons, decimal commas). */
#include "testutil.h"

#include <math.h>
#include <string.h>

#define INI_HEAD "[scenario]\nname = t\nstart = 2025-01-01\ndays = 30\nwarmup_days = 0\nreplications = 2\nseed = 7\n"
#define INI INI_HEAD "[tables]\nunits = units.csv\nflows = flows.csv\n"
#define UNITS "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n" \
              "Ortopedi Umeå,NUS,20,18,5,240,40\nMedicin,NUS,30,30,0,,0\n"
#define FLOWS "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n" \
              "Medicin,akut,acute,2000,4,1,0,0,,,,\nOrtopedi Umeå,höft,elective,500,3,0.5,0,0,0.8,90,0.9,2\n"

static PksScenario *
load_bad (const char *ini, PksDiags *d, const char *units, const char *flows)
{
  return tu_load (ini, d, "units.csv", units, "flows.csv", flows, NULL);
}

static void
test_ok (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, UNITS, FLOWS);
  g_assert_nonnull (s);
  g_assert_cmpuint (d->n_errors, ==, 0);
  g_assert_cmpuint (s->units->len, ==, 2);
  g_assert_cmpuint (s->flows->len, ==, 2);
  g_assert_cmpuint (s->sites->len, ==, 1);
  g_assert_cmpint (pks_unit (s, 0)->staffed_beds, ==, 18);
  g_assert_cmpstr (pks_flow (s, 1)->name, ==, "höft");
  g_assert_cmpfloat (pks_flow (s, 1)->treat_p, ==, 0.8);
  /* defaults */
  g_assert_cmpint (s->policy.outlying, ==, PKS_OUTLYING_SITE);
  g_assert_cmpfloat (s->guarantee.treatment_days, ==, 90);
  g_assert_cmpfloat (pks_flow (s, 0)->surgery_cv, ==, 0.3);
}

static void
test_missing_file (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (INI, d, "units.csv", UNITS, NULL);
  g_assert_null (s);
  /* the message points at the key that names the missing table */
  g_assert_true (tu_diags_have (d, "/mem/s.ini:10: [tables] flows", "no such file"));
}

static void
test_ini_syntax (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI "this line is wrong\n", d, UNITS, FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/mem/s.ini:11:1", "expected \"key = value\""));
}

static void
test_ini_group_unclosed (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI "[policy\noutlying = none\n", d, UNITS, FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/mem/s.ini:11:1", "group header"));
}

static void
test_unknown_key_warns (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI "[policy]\novercrowdin = 3\n", d, UNITS, FLOWS);
  g_assert_nonnull (s);
  g_assert_cmpuint (d->n_warnings, >=, 1);
  g_assert_true (tu_diags_have (d, "s.ini:12:1", "did you mean [policy] overcrowding?"));
}

static void
test_bad_key_value (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI "[policy]\novercrowding = two\noutlying = sites\n", d, UNITS, FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/mem/s.ini:12: [policy] overcrowding", "whole number"));
  g_assert_true (tu_diags_have (d, "/mem/s.ini:13: [policy] outlying", "did you mean site?"));
  g_assert_cmpuint (d->n_errors, ==, 2);   /* both reported, not only the first */
  /* the national census hour: [0, 24), 06:00 by default */
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_bad (INI "[national]\ncensus_hour = 24\n", d2, UNITS, FLOWS);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "[national] census_hour", "from 0 to 23.99"));
  g_autoptr (PksScenario) s3 = load_bad (INI, NULL, UNITS, FLOWS);
  g_assert_cmpfloat (s3->policy.national_census_hour, ==, 6);
}

static void
test_bad_date_and_required (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad ("[scenario]\nstart = 2025-02-30\n[tables]\nunits = units.csv\nflows = flows.csv\n",
                                        d, UNITS, FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "s.ini:2: [scenario] start", "ISO date"));
  g_assert_true (tu_diags_have (d, "[scenario] days", "is required"));
}

static void
test_inline_comment (void)
{
  g_autoptr (PksScenario) s = load_bad (INI "[policy]\novercrowding = 3   # beds above staffed\n", NULL, UNITS, FLOWS);
  g_assert_nonnull (s);
  g_assert_cmpint (s->policy.overcrowding, ==, 3);
}

static void
test_base_inheritance (void)
{
  const char *plan = "[scenario]\nbase = s.ini\nname = plan\n[policy]\novercrowding = 5\n[tables]\nchanges = plan.csv\n";
  g_autoptr (PksFiles) files = pks_files_new ();
  const char *pairs[][2] = {
    { "/mem/s.ini", INI "[tables]\nchanges = base.csv\n" }, { "/mem/units.csv", UNITS }, { "/mem/flows.csv", FLOWS },
    { "/mem/base.csv", "unit,resource,from,to,change,note\nMedicin,staffed_beds,2025-01-10,,-2,\n" },
    { "/mem/plans/p.ini", plan },
    { "/mem/plans/s.ini", INI "[tables]\nchanges = ../base.csv\nunits = ../units.csv\nflows = ../flows.csv\n" },
    { "/mem/plans/plan.csv", "unit,resource,from,to,change,note\nMedicin,staffed_beds,2025-01-20,,+4,\n" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr (GBytes) b = g_bytes_new (pairs[i][1], strlen (pairs[i][1]));
      pks_files_add (files, pairs[i][0], b);
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load ("/mem/plans/p.ini", NULL, files, d);
  g_assert_nonnull (s);
  g_assert_cmpstr (s->name, ==, "plan");
  g_assert_cmpint (s->policy.overcrowding, ==, 5);
  g_assert_cmpint (s->days, ==, 30);   /* inherited */
  /* the base's changes come first, then the plan's */
  g_assert_cmpuint (s->changes->len, ==, 2);
  g_assert_cmpfloat (g_array_index (s->changes, PksChange, 0).value, ==, -2);
  g_assert_cmpfloat (g_array_index (s->changes, PksChange, 1).value, ==, 4);
}

static void
test_base_cycle (void)
{
  g_autoptr (PksFiles) files = pks_files_new ();
  const char *a = "[scenario]\nbase = b.ini\n", *b = "[scenario]\n\nbase = a.ini\n";
  g_autoptr (GBytes) ba = g_bytes_new (a, strlen (a));
  g_autoptr (GBytes) bb = g_bytes_new (b, strlen (b));
  pks_files_add (files, "/mem/a.ini", ba);
  pks_files_add (files, "/mem/b.ini", bb);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load ("/mem/a.ini", NULL, files, d);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/mem/b.ini:3: [scenario] base", "cycle"));
}

static void
test_base_missing (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load ("[scenario]\nbase = nothere.ini\n", d, NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/mem/s.ini:2: [scenario] base", "no such file"));
}

static void
test_units_missing_column (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, "unit,site,beds\nA,NUS,3\n", FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:1", "\"staffed_beds\" is missing"));
}

static void
test_units_unknown_column_warns (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d,
    "unit,site,beds,staffed_beds,stafed_beds\nMedicin,NUS,3,3,1\nOrtopedi Umeå,NUS,3,3,1\n", FLOWS);
  g_assert_nonnull (s);
  g_assert_true (tu_diags_have (d, "units.csv:1:5: warning", "did you mean staffed_beds?"));
}

static void
test_units_duplicate (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, UNITS "Medicin,NUS,3,3,0,,0\n", FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:4:1", "listed twice (first on line 3)"));
}

static void
test_units_bad_numbers (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d,
    "unit,site,beds,staffed_beds\nA,NUS,-3,2\nB,NUS,1e300,2\nC,NUS,nan,1\nD,NUS,4.5,1\nE,NUS,inf,1\nMedicin,NUS,3,3\nOrtopedi Umeå,NUS,3,3\n",
    FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:2:3", "beds: expected a whole number"));
  g_assert_true (tu_diags_have (d, "units.csv:3:3", "got \"1e300\""));
  g_assert_true (tu_diags_have (d, "units.csv:4:3", "got \"nan\""));
  g_assert_true (tu_diags_have (d, "units.csv:5:3", "got \"4.5\""));
  g_assert_true (tu_diags_have (d, "units.csv:6:3", "got \"inf\""));
  g_assert_cmpuint (d->n_errors, ==, 5);
}

static void
test_units_bad_name (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, UNITS "A/B,NUS,3,3,0,,0\n,NUS,1,1,0,,0\n", FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:4:1", "may not contain"));
  g_assert_true (tu_diags_have (d, "units.csv:5:1", "empty"));
}

static void
test_flows_unknown_unit_hint (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, UNITS,
    "unit,flow,kind,per_year,los_days\nOrtopedi Umea,akut,acute,100,3\nMedicin,akut,akuten,100,3\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "flows.csv:2:1", "did you mean \"Ortopedi Umeå\"?"));
  g_assert_true (tu_diags_have (d, "flows.csv:3:3", "expected acute or elective"));
}

static void
test_flows_required_by_kind (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, UNITS,
    "unit,flow,kind,per_year,los_days,surgery_minutes,treat_p\nMedicin,akut,acute,100,,,\n"
    "Ortopedi Umeå,knä,elective,100,2,,0.5\nMedicin,akut,acute,5,2,,\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "flows.csv:2:5", "los_days: a value is required"));
  g_assert_true (tu_diags_have (d, "flows.csv:3:6", "surgery_minutes: a value is required"));
  g_assert_true (tu_diags_have (d, "flows.csv:4:2", "listed twice"));
}

static void
test_changes (void)
{
  const char *ini = INI "changes = changes.csv\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (ini, d, "units.csv", UNITS, "flows.csv", FLOWS, "changes.csv",
    "unit,resource,from,to,change,note\n"
    "Medicin,staffed_beds,2025-01-05,2025-01-03,-2,to before from\n"
    "Medicin,stafed_beds,2025-01-05,,-2,bad resource\n"
    "site:NU,beds,2025-01-05,,-2,bad site\n"
    "*,beds,2025-01-05,,half,bad change\n"
    "Medicin,beds,2026-06-01,,=3,after horizon\n"
    "Medicin,beds,2025-01-05,,=3%,set with percent\n", NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "changes.csv:2:4", "to is before from"));
  g_assert_true (tu_diags_have (d, "changes.csv:3:2", "did you mean staffed_beds?"));
  g_assert_true (tu_diags_have (d, "changes.csv:4:1", "did you mean \"NUS\"?"));
  g_assert_true (tu_diags_have (d, "changes.csv:5:5", "expected =N, +N, -N"));
  g_assert_true (tu_diags_have (d, "changes.csv:6:3: warning", "after the simulated horizon"));
  g_assert_true (tu_diags_have (d, "changes.csv:7:5", "expected =N"));
  g_assert_cmpuint (d->n_errors, ==, 5);
}

static void
test_waitlist_errors (void)
{
  const char *ini = INI "waitlist = w.csv\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (ini, d, "units.csv", UNITS, "flows.csv", FLOWS, "w.csv",
    "unit,flow,stage,wait_from_days,wait_to_days,count\n"
    "Medicin,akut,first_visit,0,30,5\n"
    "Ortopedi Umeå,höft,waiting,0,30,5\n"
    "Ortopedi Umeå,höft,treatment,60,30,5\n"
    "Ortopedi Umeå,knä,treatment,0,30,5\n", NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "w.csv:2:2", "only elective flows"));
  g_assert_true (tu_diags_have (d, "w.csv:3:3", "expected first_visit or treatment"));
  g_assert_true (tu_diags_have (d, "w.csv:4:5", "below wait_from_days"));
  g_assert_true (tu_diags_have (d, "w.csv:5:2", "no flow \"knä\""));
}

static void
test_profiles_errors (void)
{
  const char *ini = INI "profiles = p.csv\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (ini, d, "units.csv", UNITS, "flows.csv", FLOWS, "p.csv",
    "unit,flow,month,weekday,factor\n*,*,13,*,1\n*,*,jul,mon,1.2\n*,*,*,söndag,-1\n", NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "p.csv:2:3", "month"));
  g_assert_true (tu_diags_have (d, "p.csv:4:5", "factor"));
  g_assert_cmpuint (d->n_errors, ==, 2);
}

static void
test_not_utf8 (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, "unit,site,beds,staffed_beds\nOrtopedi Ume\xe5,NUS,3,3\n", FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:2:13", "not valid UTF-8"));
}

static void
test_malformed_quotes (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, "unit,site,beds,staffed_beds\n\"Medicin,NUS,3,3\n", FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv", "quoted field is not closed"));
}

/* What Swedish Excel writes: BOM, CRLF, semicolons, decimal commas,
 * thousands spaces, comment lines and blank lines. */
static void
test_excel_habits (void)
{
  const char *units = "\xEF\xBB\xBF# exported from Excel\r\nunit;site;beds;staffed_beds;or_sessions_per_week;or_session_minutes;visit_slots_per_week\r\n"
                      "Ortopedi Umeå;NUS;20;18;2,5;240;1 040\r\n\r\nMedicin;NUS;30;30;;;\r\n";
  const char *flows = "unit,flow,kind,per_year,los_days,los_cv\r\nMedicin,akut,acute,\"2 000,5\",4,1\r\n";
  g_autoptr (PksScenario) s = load_bad (INI, NULL, units, flows);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->units->len, ==, 2);
  g_assert_cmpfloat (pks_unit (s, 0)->or_sessions_per_week, ==, 2.5);
  g_assert_cmpfloat (pks_unit (s, 0)->visit_slots_per_week, ==, 1040);
  g_assert_cmpfloat (pks_flow (s, 0)->per_year, ==, 2000.5);
  g_assert_cmpuint (s->units->len, ==, 2);
}

static void
test_number_parser (void)
{
  double x;
  g_assert_true (pks_parse_number (" 3,5 ", &x) && x == 3.5);
  g_assert_true (pks_parse_number ("-2", &x) && x == -2);
  g_assert_true (pks_parse_number ("1e3", &x) && x == 1000);
  g_assert_true (pks_parse_number ("1\xC2\xA0" "234", &x) && x == 1234);
  g_assert_false (pks_parse_number ("1,234.5", &x));
  g_assert_false (pks_parse_number ("nan", &x));
  g_assert_false (pks_parse_number ("infinity", &x));
  g_assert_false (pks_parse_number ("", &x));
  g_assert_false (pks_parse_number ("3 beds", &x));
  g_assert_false (pks_parse_number ("1e999", &x));
}

static void
test_set_overrides (void)
{
  const char *sets[] = { "policy.overcrowding=4", "units[Medicin].staffed_beds=12",
                         "flows[Ortopedi Umeå/höft].per_year=900", "scenario.replications=5", NULL };
  g_autoptr (PksScenario) s = tu_load_sets (INI, sets, NULL, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_assert_nonnull (s);
  g_assert_cmpint (s->policy.overcrowding, ==, 4);
  /* staffed beds (and sessions) set as a change from the first simulated
   * day by the difference to units.csv, so a staff word can follow */
  g_assert_cmpint (pks_unit (s, 1)->staffed_beds, ==, 30);
  const PksChange *ch = &g_array_index (s->changes, PksChange, 0);
  g_assert_cmpuint (ch->index, ==, 1);
  g_assert_cmpint (ch->resource, ==, PKS_RES_STAFFED_BEDS);
  g_assert_cmpfloat (ch->value, ==, 12 - 30);
  g_assert_cmpstr (ch->src.file, ==, "--set units[Medicin].staffed_beds=12");
  g_autoptr (PksModel) m = pks_model_new (s, NULL);
  g_assert_cmpint (pks_model_staffed_beds (m, 1, 0), ==, 12);
  g_assert_cmpfloat (pks_flow (s, 1)->per_year, ==, 900);
  g_assert_cmpint (s->replications, ==, 5);
}

static void
test_set_errors (void)
{
  const char *sets[] = { "policy.overcrowdng=4", "units[Medicn].staffed_beds=12", "units[Medicin].stafed_beds=1",
                         "flows[Medicin/akut].per_year=lots", "nonsense", NULL };
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load_sets (INI, sets, d, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "--set policy.overcrowdng", "did you mean [policy] overcrowding?"));
  g_assert_true (tu_diags_have (d, "--set units[Medicn].staffed_beds=12", "no unit row \"Medicn\""));
  g_assert_true (tu_diags_have (d, "--set units[Medicin].stafed_beds=1", "did you mean staffed_beds?"));
  /* a bad value names the --set that wrote it, not the file it replaced */
  g_assert_true (tu_diags_have (d, "--set flows[Medicin/akut].per_year=lots", "per_year: expected a number"));
  g_assert_true (tu_diags_have (d, "--set nonsense", "KEY=VALUE"));
}

/* Every kind of bad table-cell --set exits with an error naming the key:
 * unknown unit, unknown flow, unknown column, the key columns, a value out
 * of range, an empty required value, a bad word. */
static void
test_set_cell_errors (void)
{
  const struct { const char *set, *needle; } cases[] = {
    { "units[Nowhere].beds=3", "no unit row \"Nowhere\"" },
    { "flows[Medicin/elektiv].per_year=3", "no flow row \"Medicin/elektiv\"" },
    { "flows[Medicin/akut].colour=red", "flows has no settable column \"colour\"" },
    { "units[Medicin].unit=Other", "units has no settable column \"unit\"" },
    { "units[Medicin].staffed_beds=2.5", "staffed_beds: expected a whole number" },
    { "units[Medicin].beds=-1", "beds: expected a whole number from 0" },
    { "units[Medicin].beds=", "beds: a value is required here" },
    { "units[Medicin].site=A/B", "site: a name may not contain" },
    { "flows[Medicin/akut].kind=sometimes", "kind: expected acute or elective" },
    { "flows[Medicin/akut].los_cv=x", "los_cv: expected a number" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *sets[] = { cases[i].set, NULL };
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = tu_load_sets (INI, sets, d, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
      g_assert_null (s);
      g_autofree char *key = g_strdup_printf ("--set %s", cases[i].set);
      g_assert_true (tu_diags_have (d, key, cases[i].needle));
      /* and the problem is not also blamed on the table file (a unit whose
       * row is rejected still makes its flows fail, at their own lines) */
      for (guint k = 0; k < d->items->len; k++)
        {
          const PksDiag *x = g_ptr_array_index (d->items, k);
          if (strstr (x->message, cases[i].needle))
            g_assert_null (x->file);
        }
    }
  /* a value written by --set on one row does not move errors of other rows */
  const char *sets[] = { "units[Medicin].beds=31", NULL };
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load_sets (INI, sets, d, "units.csv",
    "unit,site,beds,staffed_beds\nOrtopedi Umeå,NUS,many,18\nMedicin,NUS,30,30\n",
    "flows.csv", FLOWS, NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:2:3", "beds: expected a whole number"));
}

static void
test_set_parse (void)
{
  g_autofree char *g = NULL, *k = NULL, *t = NULL, *r = NULL, *c = NULL, *v = NULL;
  g_assert_true (pks_set_parse ("flows[A b/c d].per_year= 900 ", &g, &k, &t, &r, &c, &v, NULL));
  g_assert_cmpstr (t, ==, "flows");
  g_assert_cmpstr (r, ==, "A b/c d");
  g_assert_cmpstr (c, ==, "per_year");
  g_assert_cmpstr (v, ==, "900");
  g_autoptr (GError) e = NULL;
  g_autofree char *g2 = NULL, *k2 = NULL, *t2 = NULL, *r2 = NULL, *c2 = NULL, *v2 = NULL;
  g_assert_false (pks_set_parse ("flows[A].x=1", &g2, &k2, &t2, &r2, &c2, &v2, &e));
  g_assert_error (e, PKS_ERROR, PKS_ERROR_INPUT);
}

static void
test_copy_is_deep (void)
{
  g_autoptr (PksScenario) s = load_bad (INI, NULL, UNITS, FLOWS);
  g_assert_nonnull (s);
  PksScenario *c = pks_scenario_copy (s);
  g_assert_cmpstr (pks_unit (c, 0)->name, ==, "Ortopedi Umeå");
  g_assert_true (pks_unit (c, 0)->name != pks_unit (s, 0)->name);
  g_clear_pointer (&s, pks_scenario_free);
  g_assert_cmpstr (pks_flow (c, 1)->name, ==, "höft");
  pks_scenario_free (c);
}

static void
test_embedded_default (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (PKS_DEFAULT_SCENARIO, NULL, NULL, d);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->units->len, >, 0);
}

/* bed_type and operation: bad values are errors at file:line:column;
 * Swedish names are accepted. */
static void
test_bed_type_and_operation (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d,
    "unit,site,beds,staffed_beds,bed_type\nMedicin,NUS,10,10,intensive\nOrtopedi Umeå,NUS,8,8,teknisk\n",
    "unit,flow,kind,per_year,los_days,treat_p,surgery_minutes,operation\n"
    "Ortopedi Umeå,höft,elective,100,3,0.5,90,2\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:2:5", "expected somatic, psychiatric or technical"));
  g_assert_true (tu_diags_have (d, "flows.csv:2:8", "operation"));
  g_assert_cmpuint (d->n_errors, ==, 2);
}

/* units.csv's organisation columns (contract 5.3): clinic and area, in
 * English or Swedish; every level becomes entities of the model whose
 * values follow from their units; an empty cell and a clinic split over
 * two areas are said; a bad name is an error at its cell. */
static void
test_units_levels (void)
{
  const char *units = "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,"
                      "visit_slots_per_week,Klinik,Område\n"
                      "Ortopedi Umeå,NUS,20,18,5,240,40,ROC,Länssjukvård\n"
                      "Medicin,NUS,30,30,0,,0,Medicincentrum,Närsjukvård Umeå\n"
                      "Ortopedi Ske,Ske,10,10,2,240,10,ROC,Länssjukvård\n";
  const char *flows = "unit,flow,kind,per_year,los_days\nMedicin,akut,acute,2000,4\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_bad (INI, d, units, flows);
  g_assert_nonnull (s);
  g_assert_cmpuint (d->n_warnings, ==, 0);
  g_assert_cmpuint (s->clinics->len, ==, 2);
  g_assert_cmpuint (s->areas->len, ==, 2);
  g_assert_cmpstr (pks_unit (s, 2)->clinic, ==, "ROC");
  g_assert_cmpint (pks_unit (s, 2)->clinic_index, ==, 0);
  g_assert_cmpint (pks_unit (s, 1)->area_index, ==, 1);
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  /* region, 2 sites, 2 areas, 2 clinics, 3 units */
  g_assert_cmpuint (pks_model_n_entities (m), ==, 10);
  g_assert_cmpint (pks_model_entity_scope (m, 3), ==, PKS_SCOPE_AREA);
  g_assert_cmpstr (pks_model_entity_name (m, 3), ==, "Länssjukvård");
  g_assert_cmpint (pks_model_entity_scope (m, 5), ==, PKS_SCOPE_CLINIC);
  g_assert_cmpstr (pks_model_entity_name (m, 5), ==, "ROC");
  g_assert_cmpuint (pks_model_unit_entity (m, 0), ==, 7);
  g_assert_true (pks_model_entity_has_unit (m, 5, 0) && pks_model_entity_has_unit (m, 5, 2));
  g_assert_false (pks_model_entity_has_unit (m, 5, 1));
  g_assert_cmpstr (pks_scope_name (PKS_SCOPE_CLINIC), ==, "clinic");
  /* a copy keeps them */
  g_autoptr (PksScenario) c = pks_scenario_copy (s);
  g_assert_cmpstr (g_ptr_array_index (c->areas, 1), ==, "Närsjukvård Umeå");
  g_assert_true (pks_unit (c, 0)->clinic != pks_unit (s, 0)->clinic);

  /* an empty cell and a clinic over two areas are warnings */
  const char *split = "unit,site,beds,staffed_beds,clinic,area\n"
                      "Ortopedi Umeå,NUS,20,18,ROC,A\nMedicin,NUS,30,30,,A\nOrtopedi Ske,Ske,10,10,ROC,B\n";
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_bad (INI, d2, split, flows);
  g_assert_nonnull (s2);
  g_assert_true (tu_diags_have (d2, "units.csv:3:5", "belongs to no clinic"));
  g_assert_true (tu_diags_have (d2, "units.csv:4", "clinic \"ROC\": unit Ortopedi Ske is in area \"B\""));
  g_assert_cmpint (pks_unit (s2, 1)->clinic_index, ==, -1);

  /* a name with a slash is an error at its cell */
  const char *bad = "unit,site,beds,staffed_beds,clinic\nMedicin,NUS,30,30,A/B\n";
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = load_bad (INI, d3, bad, flows);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "units.csv:2:5", "clinic: a name may not contain"));
}

/* targets.csv (docs/balance.md): planned production per unit, month and
 * resource, English or Swedish; a bad row is an error at its cell. */
static void
test_targets (void)
{
  const char *ini = INI "targets = targets.csv\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (ini, d, "units.csv", UNITS, "flows.csv", FLOWS, "targets.csv",
                                       "Basenhet;Månad;Resurs;Mål\nOrtopedi Umeå;2025-01;operationer;40\n"
                                       "Ortopedi Umeå;2025-01;first_visits;120,5\nMedicin;2025-01;vårdtillfällen;150\n",
                                       NULL);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->targets->len, ==, 3);
  const PksTarget *t = &g_array_index (s->targets, PksTarget, 1);
  g_assert_cmpint (t->resource, ==, PKS_TARGET_FIRST_VISITS);
  g_assert_cmpfloat (t->target, ==, 120.5);
  g_assert_cmpint (t->year, ==, 2025);
  g_assert_cmpint (t->month, ==, 1);
  g_assert_cmpint (g_array_index (s->targets, PksTarget, 2).resource, ==, PKS_TARGET_ADMISSIONS);
  g_autoptr (PksScenario) c = pks_scenario_copy (s);
  g_assert_cmpuint (c->targets->len, ==, 3);

  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = tu_load (ini, d2, "units.csv", UNITS, "flows.csv", FLOWS, "targets.csv",
                                        "unit,month,resource,target\n"
                                        "Ortopedi Umeå,2025-13,operations,40\n"
                                        "Ortopedi Umeå,2025-03,operations,40\n"
                                        "Ortopedi,2025-01,operations,40\n"
                                        "Medicin,2025-01,beds,40\n"
                                        "Medicin,2025-01,admissions,-1\n"
                                        "Medicin,2025-01,admissions,10\n"
                                        "Medicin,2025-01,admissions,11\n", NULL);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "targets.csv:2:2", "month: expected YYYY-MM"));
  /* the scenario runs 30 days from 1 January */
  g_assert_true (tu_diags_have (d2, "targets.csv:3:2", "outside the reported horizon"));
  g_assert_true (tu_diags_have (d2, "targets.csv:4:1", "no unit \"Ortopedi\""));
  g_assert_true (tu_diags_have (d2, "targets.csv:5:3", "resource: expected first_visits"));
  g_assert_true (tu_diags_have (d2, "targets.csv:6:4", "target"));
  g_assert_true (tu_diags_have (d2, "targets.csv:8", "planned twice (first on line 7)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scenario/load/ok", test_ok);
  g_test_add_func ("/scenario/load/embedded-default", test_embedded_default);
  g_test_add_func ("/scenario/error/missing-file", test_missing_file);
  g_test_add_func ("/scenario/error/ini-syntax", test_ini_syntax);
  g_test_add_func ("/scenario/error/ini-group-unclosed", test_ini_group_unclosed);
  g_test_add_func ("/scenario/warning/unknown-key", test_unknown_key_warns);
  g_test_add_func ("/scenario/error/key-value", test_bad_key_value);
  g_test_add_func ("/scenario/error/date-and-required", test_bad_date_and_required);
  g_test_add_func ("/scenario/ini/inline-comment", test_inline_comment);
  g_test_add_func ("/scenario/base/inheritance", test_base_inheritance);
  g_test_add_func ("/scenario/error/base-cycle", test_base_cycle);
  g_test_add_func ("/scenario/error/base-missing", test_base_missing);
  g_test_add_func ("/scenario/error/missing-column", test_units_missing_column);
  g_test_add_func ("/scenario/warning/unknown-column", test_units_unknown_column_warns);
  g_test_add_func ("/scenario/error/duplicate-unit", test_units_duplicate);
  g_test_add_func ("/scenario/error/bad-numbers", test_units_bad_numbers);
  g_test_add_func ("/scenario/error/bad-names", test_units_bad_name);
  g_test_add_func ("/scenario/error/unknown-unit-hint", test_flows_unknown_unit_hint);
  g_test_add_func ("/scenario/error/flow-required-by-kind", test_flows_required_by_kind);
  g_test_add_func ("/scenario/error/changes", test_changes);
  g_test_add_func ("/scenario/error/waitlist", test_waitlist_errors);
  g_test_add_func ("/scenario/error/profiles", test_profiles_errors);
  g_test_add_func ("/scenario/error/not-utf8", test_not_utf8);
  g_test_add_func ("/scenario/error/malformed-quotes", test_malformed_quotes);
  g_test_add_func ("/scenario/csv/excel-habits", test_excel_habits);
  g_test_add_func ("/scenario/csv/numbers", test_number_parser);
  g_test_add_func ("/scenario/set/overrides", test_set_overrides);
  g_test_add_func ("/scenario/set/errors", test_set_errors);
  g_test_add_func ("/scenario/set/cell-errors", test_set_cell_errors);
  g_test_add_func ("/scenario/set/parse", test_set_parse);
  g_test_add_func ("/scenario/copy/deep", test_copy_is_deep);
  g_test_add_func ("/scenario/units/bed-type-and-operation", test_bed_type_and_operation);
  g_test_add_func ("/scenario/units/levels", test_units_levels);
  g_test_add_func ("/scenario/targets", test_targets);
  return g_test_run ();
}
