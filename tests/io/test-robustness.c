/* test-robustness.c — every class of bad input in issue #9, one test each:
 * what is accepted (and read as the planner meant), and what is refused
 * with a message naming file, line and column or key. docs/robustness.md
 * lists each input, its message and the test path here. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define INI_HEAD "[scenario]\nname = t\nstart = 2025-01-01\ndays = 30\nwarmup_days = 0\nreplications = 2\nseed = 7\n"
#define INI INI_HEAD "[tables]\nunits = units.csv\nflows = flows.csv\n"
#define UNITS_HDR "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
#define UNITS UNITS_HDR "Ortopedi Umeå,NUS,20,18,5,240,40\nMedicin,NUS,30,30,0,,0\nMedicin S,Skellefteå,10,8,0,,0\n"
#define FLOWS_HDR "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,treat_p,surgery_minutes,inpatient_p,priority\n"
#define FLOWS FLOWS_HDR "Medicin,akut,acute,2000,4,1,0,0,,,,\nOrtopedi Umeå,höft,elective,500,3,0.5,0,0,0.8,90,0.9,2\n"

static PksScenario *
load2 (const char *ini, PksDiags *d, const char *units, const char *flows)
{
  return tu_load (ini, d, "units.csv", units, "flows.csv", flows, NULL);
}

/* one extra table t.csv named by [tables] key */
static PksScenario *
load_table (const char *key, const char *text, PksDiags *d)
{
  g_autofree char *ini = g_strdup_printf (INI "%s = t.csv\n", key);
  return tu_load (ini, d, "units.csv", UNITS, "flows.csv", FLOWS, "t.csv", text, NULL);
}

/* ---------- accepted: what spreadsheets write ---------- */

static void
test_bom (void)
{
  const char *ini = "\xEF\xBB\xBF" INI;
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (ini, d, "units.csv", "\xEF\xBB\xBF" UNITS,
                                       "flows.csv", "\xEF\xBB\xBF" FLOWS, NULL);
  g_assert_nonnull (s);
  g_assert_cmpuint (d->n_warnings, ==, 0);   /* the BOM is not part of the first name */
  g_assert_cmpstr (pks_unit (s, 0)->name, ==, "Ortopedi Umeå");
  g_assert_cmpstr (s->name, ==, "t");
}

static char *
crlf (const char *text)
{
  g_auto (GStrv) l = g_strsplit (text, "\n", -1);
  return g_strjoinv ("\r\n", l);
}

static void
test_crlf (void)
{
  g_autofree char *ini = crlf (INI "changes = c.csv\n[policy]\novercrowding = 3\n");
  g_autofree char *units = crlf (UNITS);
  g_autofree char *flows = crlf (FLOWS);
  g_autofree char *changes = crlf ("unit,resource,from,to,change,note\n"
                                   "Medicin,beds,2025-01-02,,+1,\"two\nlines\"\n");
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (ini, d, "units.csv", units, "flows.csv", flows,
                                       "c.csv", changes, NULL);
  g_assert_nonnull (s);
  g_assert_cmpint (s->policy.overcrowding, ==, 3);
  g_assert_cmpint (pks_unit (s, 2)->staffed_beds, ==, 8);   /* no "8\r" */
  g_assert_cmpstr (g_array_index (s->changes, PksChange, 0).note, ==, "two\r\nlines");   /* quoted: as written */

  /* a line break inside a name is refused: names appear in outputs and tables */
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load2 (INI, d2, UNITS "\"Kirurgi\nNorra\",NUS,4,4\n", FLOWS);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "units.csv:5:1", "control characters"));
}

static void
test_semicolons_and_tabs (void)
{
  const char *units = "unit;site;beds;staffed_beds;or_sessions_per_week\nMedicin;NUS;30;28;0\n"
                      "Ortopedi Umeå;NUS;20;18;2,5\nMedicin S;Skellefteå;10;8;0\n";
  const char *flows = "unit\tflow\tkind\tper_year\tlos_days\nMedicin\takut\tacute\t1 500,5\t4,5\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, units, flows);
  g_assert_nonnull (s);
  g_assert_cmpint (pks_unit (s, 0)->staffed_beds, ==, 28);
  g_assert_cmpfloat (pks_unit (s, 1)->or_sessions_per_week, ==, 2.5);
  g_assert_cmpfloat (pks_flow (s, 0)->per_year, ==, 1500.5);
  g_assert_cmpfloat (pks_flow (s, 0)->los_days, ==, 4.5);
}

/* A decimal comma is read as a decimal point where it cannot be a
 * separator (semicolon files, quoted cells, INI values); unquoted in a
 * comma file it splits the number, which is refused, never misread. */
static void
test_decimal_commas (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI "[policy]\ncensus_hour = 7,5\n", d, UNITS,
                                     FLOWS_HDR "Medicin,akut,acute,\"2000,5\",\"4,5\",1,0,0,,,,\n");
  g_assert_nonnull (s);
  g_assert_cmpfloat (pks_flow (s, 0)->los_days, ==, 4.5);
  g_assert_cmpfloat (s->policy.census_hour, ==, 7.5);

  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load2 (INI, d2, UNITS,
                                      FLOWS_HDR "Medicin,akut,acute,2000,4,5,1,0,0,,,,\n");
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "flows.csv:2:13: error: this row has 13 fields but the header has 12",
                                "decimal comma"));
  g_assert_cmpuint (d2->n_errors, ==, 1);   /* the shifted row is not read at all */

  double x;
  g_assert_false (pks_parse_number ("1,234.5", &x));   /* mixed separators: ambiguous */
  g_assert_false (pks_parse_number ("1.234,5", &x));
}

/* Empty and blank cells: optional ones take their default, required ones
 * are errors; blanks around names and numbers are trimmed; a row that
 * stops early has empty trailing cells. */
static void
test_empty_and_blank_cells (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d,
    UNITS_HDR "  Medicin  ,  NUS ,  30 ,\t28\t,   ,  , \nOrtopedi Umeå,NUS,20,18\nMedicin S,Skellefteå,1,1,,,\n",
    FLOWS_HDR "Medicin,akut,acute,2000,4\nOrtopedi Umeå,höft,elective,500,3,  ,,,0.8,90,0.9\n");
  g_assert_nonnull (s);
  g_assert_cmpstr (pks_unit (s, 0)->name, ==, "Medicin");
  g_assert_cmpint (pks_unit (s, 0)->staffed_beds, ==, 28);
  g_assert_cmpfloat (pks_unit (s, 0)->or_session_minutes, ==, 240);   /* default */
  g_assert_cmpfloat (pks_flow (s, 1)->los_cv, ==, 1.0);               /* blank: default */
  g_assert_cmpint (pks_flow (s, 1)->priority, ==, 2);                 /* short row: default */

  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load2 (INI, d2,
    UNITS_HDR "Medicin,NUS,  ,3\n   ,NUS,3,3\nOrtopedi Umeå,,3,3\nMedicin S,NUS,3,3\n",
    FLOWS_HDR "Medicin,akut,acute, \t,4\n");
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "units.csv:2:3", "beds: a value is required here"));
  g_assert_true (tu_diags_have (d2, "units.csv:3:1", "unit: the name is empty"));
  g_assert_true (tu_diags_have (d2, "units.csv:4:2", "site: the name is empty"));
  g_assert_true (tu_diags_have (d2, "flows.csv:2:4", "per_year: a value is required here"));
}

/* ---------- columns ---------- */

static void
test_missing_required_columns (void)
{
  static const struct { const char *key, *text, *column; } t[] = {
    { "changes", "unit,resource,from,to\nMedicin,beds,2025-01-02,\n", "change" },
    { "staffing", "unit,fte\nMedicin,3\n", "role" },
    { "waitlist", "unit,flow,stage,wait_from_days,count\nOrtopedi Umeå,höft,treatment,0,3\n", "wait_to_days" },
    { "profiles", "unit,flow,month,factor\n*,*,*,1\n", "weekday" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = load_table (t[i].key, t[i].text, d);
      g_assert_null (s);
      g_autofree char *want = g_strdup_printf ("\"%s\" is missing from the header", t[i].column);
      g_assert_true (tu_diags_have (d, "t.csv:1: error: the required column", want));
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, UNITS, "unit,flow,per_year\nMedicin,akut,3\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "flows.csv:1", "\"kind\" is missing"));
}

static void
test_unknown_and_odd_columns (void)
{
  /* unknown: a warning with a hint; nameless columns that Excel adds
   * (trailing separators) pass silently unless they hold values */
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d,
    "unit,site,beds,staffed_beds,comment,,\nMedicin,NUS,3,3,x,,\nOrtopedi Umeå,NUS,3,3,,,\nMedicin S,S,1,1,,,\n",
    "unit,flow,kind,per_year,los_day,\nMedicin,akut,acute,10,3,\n");
  g_assert_null (s);   /* los_days is then missing for an acute flow */
  g_assert_true (tu_diags_have (d, "units.csv:1:5: warning", "unknown column \"comment\" is ignored"));
  g_assert_true (tu_diags_have (d, "flows.csv:1:5: warning", "did you mean los_days?"));
  g_assert_cmpuint (d->n_warnings, ==, 2);

  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load2 (INI, d2, UNITS_HDR "Medicin,NUS,3,3,0,240,0\nOrtopedi Umeå,NUS,3,3\n",
                                      "unit,flow,kind,per_year,,los_days\nMedicin,akut,acute,10,99,3\n");
  g_assert_nonnull (s2);
  g_assert_true (tu_diags_have (d2, "flows.csv:2:5: warning", "column 5 has no name"));

  /* a column named twice: which one is meant is unknowable */
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = load2 (INI, d3, "unit,site,beds,staffed_beds,Beds\nMedicin,NUS,3,3,4\n", FLOWS);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "units.csv:1:5", "\"beds\" appears twice in the header (columns 3 and 5)"));

  /* more fields than the header: refused (a shifted row), even if empty */
  g_autoptr (PksDiags) d4 = pks_diags_new ();
  g_autoptr (PksScenario) s4 = load2 (INI, d4, "unit,site,beds,staffed_beds\nMedicin,NUS,3,3,,,\nOrtopedi Umeå,NUS,3,3,x\nMedicin S,S,1,1\n", FLOWS);
  g_assert_null (s4);
  g_assert_true (tu_diags_have (d4, "units.csv:2:5", "this row has 7 fields but the header has 4 (a trailing separator"));
  g_assert_true (tu_diags_have (d4, "units.csv:3:5", "this row has 5 fields but the header has 4"));
  /* and the two units are not read: flows.csv names them in vain */
  g_assert_cmpuint (d4->n_errors, ==, 4);

  /* a row of hundreds of fields is no scenario table */
  GString *wide = g_string_new ("unit,site,beds,staffed_beds\nMedicin,NUS,3,3");
  for (int i = 0; i < 300; i++)
    g_string_append (wide, ",1");
  g_string_append_c (wide, '\n');
  g_autoptr (PksDiags) d5 = pks_diags_new ();
  g_autoptr (PksScenario) s5 = load2 (INI, d5, wide->str, FLOWS);
  g_string_free (wide, TRUE);
  g_assert_null (s5);
  g_assert_true (tu_diags_have (d5, "units.csv:2", "more than 256 fields"));
}

/* ---------- names ---------- */

static void
test_duplicates (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, UNITS "Medicin ,NUS,3,3,0,,0\n",
                                     FLOWS "Medicin, akut ,acute,5,2,,,,,,,\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:5:1", "\"Medicin\" is listed twice (first on line 3)"));
  g_assert_true (tu_diags_have (d, "flows.csv:4:2", "\"Medicin/akut\" is listed twice (first on line 2)"));
}

static void
test_unknown_units_and_flows (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, UNITS, FLOWS "Medicn,akut,acute,5,2,,,,,,,\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "flows.csv:4:1", "no unit \"Medicn\" in units.csv (did you mean \"Medicin\"?)"));

  static const struct { const char *key, *text, *where, *what; } t[] = {
    { "changes", "unit,resource,from,to,change\nOrtopedi Umea,beds,2025-01-02,,+1\n", "t.csv:2:1",
      "did you mean \"Ortopedi Umeå\"?" },
    { "changes", "unit,resource,from,to,change\nsite:Skelleftea,beds,2025-01-02,,+1\n", "t.csv:2:1",
      "no site \"Skelleftea\" in units.csv (did you mean \"Skellefteå\"?)" },
    { "staffing", "unit,role,fte\nKirurgi,nurse,3\n", "t.csv:2:1", "no unit \"Kirurgi\"" },
    { "staffing", "unit,role,fte\n*,nurse,3\n", "t.csv:2:1", "no unit \"*\"" },
    { "waitlist", "unit,flow,stage,wait_from_days,wait_to_days,count\nOrtopedi,höft,treatment,0,30,3\n",
      "t.csv:2:1", "no unit \"Ortopedi\"" },
    { "waitlist", "unit,flow,stage,wait_from_days,wait_to_days,count\nOrtopedi Umeå,knä,treatment,0,30,3\n",
      "t.csv:2:2", "unit \"Ortopedi Umeå\" has no flow \"knä\"" },
    { "profiles", "unit,flow,month,weekday,factor\nMedicine,*,*,*,1\n", "t.csv:2:1", "no unit \"Medicine\"" },
    { "profiles", "unit,flow,month,weekday,factor\nMedicin,höft,*,*,1\n", "t.csv:2:2",
      "no flow \"höft\" at Medicin" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr (PksDiags) d2 = pks_diags_new ();
      g_autoptr (PksScenario) s2 = load_table (t[i].key, t[i].text, d2);
      g_assert_null (s2);
      g_assert_true (tu_diags_have (d2, t[i].where, t[i].what));
    }
}

/* transfers.csv (pathways), acute_queue_hours, transfer_when_full,
 * removal_pct and turnaround_minutes: each bad value at its file, line
 * and column or key; a closed loop refused when the model is compiled. */
static void
test_pathway_inputs (void)
{
  static const struct { const char *text, *where, *what; } t[] = {
    { "from_unit,flow,to_unit,p,los_days\nMedicn,akut,Medicin S,0.5,3\n", "t.csv:2:1",
      "no unit \"Medicn\" in units.csv (did you mean \"Medicin\"?)" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,akutt,Medicin S,0.5,3\n", "t.csv:2:2",
      "no flow named \"akutt\" in flows.csv" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,Medicin/höft,Medicin S,0.5,3\n", "t.csv:2:2",
      "no flow \"Medicin/höft\" in flows.csv" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,*,Medicin,0.5,3\n", "t.csv:2:3",
      "\"Medicin\" is also from_unit" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,*,Medicin S,1.5,3\n", "t.csv:2:4",
      "p: expected a number from 0 to 1, got \"1.5\"" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,*,Medicin S,0.5,0\n", "t.csv:2:5",
      "los_days: expected a number from 1e-06" },
    { "from_unit,flow,to_unit,p\nMedicin,*,Medicin S,0.5\n", "t.csv:1:",
      "the required column \"los_days\" is missing" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,akut,Medicin S,0.6,3\n"
      "Medicin,akut,Ortopedi Umeå,0.6,3\n", "t.csv:3:4", "add up to 1.2; at most 1" },
    { "from_unit,flow,to_unit,p,los_days\nMedicin,akut,Medicin S,0.2,3\nMedicin,akut,Medicin S,0.2,3\n",
      "t.csv:3:3", "also on line 2" },
    { "from_unit,flow,to_unit,p,los_days,los_cv,when_full\nMedicin,akut,Medicin S,0.2,3,1,later\n",
      "t.csv:2:7", "when_full: expected wait, overcrowd or outlie" },
    { "from_unit,flow,to_unit,p,los_days,los_cv,from,to\nMedicin,akut,Medicin S,0.2,3,1,2025-02-01,2025-01-01\n",
      "t.csv:2:8", "to is before from" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = load_table ("transfers", t[i].text, d);
      g_assert_null (s);
      g_assert_true (tu_diags_have (d, t[i].where, t[i].what));
    }
  /* the keys and columns that go with them */
  {
    g_autoptr (PksDiags) d = pks_diags_new ();
    g_autoptr (PksScenario) s = load2 (INI "[policy]\nacute_queue_hours = -1\ntransfer_when_full = later\n",
                                       d, UNITS, FLOWS);
    g_assert_null (s);
    g_assert_true (tu_diags_have (d, "acute_queue_hours", "expected a number from 0 to 168"));
    g_assert_true (tu_diags_have (d, "transfer_when_full", "expected one of wait | overcrowd | outlie"));
  }
  {
    g_autoptr (PksDiags) d = pks_diags_new ();
    g_autoptr (PksScenario) s = load2 (INI, d,
      "unit,site,beds,staffed_beds,turnaround_minutes\nMedicin,NUS,30,30,60\nOrtopedi Umeå,NUS,20,18,\n"
      "Bad,NUS,3,3,-5\n",
      "unit,flow,kind,per_year,los_days,removal_pct,treat_p\nMedicin,akut,acute,2000,4,10,\n"
      "Ortopedi Umeå,höft,elective,500,3,2000,0\n");
    g_assert_null (s);
    g_assert_true (tu_diags_have (d, "units.csv:4:5", "turnaround_minutes: expected a number from 0"));
    g_assert_true (tu_diags_have (d, "flows.csv:2:6", "removal_pct: only elective flows"));
    g_assert_true (tu_diags_have (d, "flows.csv:3:6", "removal_pct: expected a number from 0 to 1000"));
  }
  /* a closed loop: every row sends the patients on with probability 1 */
  {
    g_autoptr (PksDiags) d = pks_diags_new ();
    g_autoptr (PksScenario) s = load_table ("transfers",
      "from_unit,flow,to_unit,p,los_days\nMedicin,akut,Medicin S,1,3\nMedicin S,*,Medicin,1,3\n", d);
    g_assert_nonnull (s);
    g_autoptr (GError) e = NULL;
    g_autoptr (PksModel) m = pks_model_new (s, &e);
    g_assert_null (m);
    g_assert_error (e, PKS_ERROR, PKS_ERROR_INPUT);
    g_assert_nonnull (strstr (e->message, "t.csv:2: transfers: patients of flow Medicin/akut who "
                                          "reach \"Medicin\", \"Medicin S\" never leave the hospital"));
  }
}

/* ---------- numbers ---------- */

static void
test_bad_numbers_everywhere (void)
{
  /* each (table, text, location, message): negative, NaN, infinite, absurd */
  static const struct { const char *key, *text, *where, *what; } t[] = {
    { "changes", "unit,resource,from,to,change\nMedicin,beds,2025-01-02,,=1e300\n", "t.csv:2:5",
      "change: 1e+300 is out of range for beds (at most 5000)" },
    { "changes", "unit,resource,from,to,change\nMedicin,visit_slots_per_week,2025-01-02,,+1001%\n",
      "t.csv:2:5", "out of range for visit_slots_per_week (at most 1000%)" },
    { "changes", "unit,resource,from,to,change\nMedicin,beds,2025-01-02,,=nan\n", "t.csv:2:5",
      "expected =N, +N, -N" },
    { "changes", "unit,resource,from,to,change\nMedicin,beds,2025-01-02,,-inf\n", "t.csv:2:5",
      "expected =N, +N, -N" },
    { "changes", "unit,resource,from,to,change\nMedicin,beds,2025-01-02,,=-3\n", "t.csv:2:5",
      "expected =N, +N, -N" },
    { "staffing", "unit,role,fte\nMedicin,nurse,1e300\n", "t.csv:2:3", "fte: expected a number" },
    { "staffing", "unit,role,fte,from,to,agency\nMedicin,nurse,3,,,2\n", "t.csv:2:6", "agency: expected a whole number from 0 to 1" },
    { "waitlist", "unit,flow,stage,wait_from_days,wait_to_days,count\nOrtopedi Umeå,höft,treatment,0,30,-1\n",
      "t.csv:2:6", "count: expected a whole number" },
    { "waitlist", "unit,flow,stage,wait_from_days,wait_to_days,count\nOrtopedi Umeå,höft,treatment,0,inf,1\n",
      "t.csv:2:5", "wait_to_days: expected a number" },
    { "profiles", "unit,flow,month,weekday,factor\n*,*,*,*,NaN\n", "t.csv:2:5", "factor: expected a number" },
    { "profiles", "unit,flow,month,weekday,factor\n*,*,*,*,-0.5\n", "t.csv:2:5", "factor: expected a number" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = load_table (t[i].key, t[i].text, d);
      g_assert_null (s);
      g_assert_true (tu_diags_have (d, t[i].where, t[i].what));
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, UNITS,
    FLOWS_HDR "Medicin,akut,acute,1e300,4\nMedicin,b,acute,5,-4\nMedicin,c,acute,5,nan\n"
    "Medicin,d,acute,5,4,1e999\nMedicin,e,acute,5,4,1,1.5\n");
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "flows.csv:2:4", "per_year: expected a number from 0 to 1e+07, got \"1e300\""));
  g_assert_true (tu_diags_have (d, "flows.csv:3:5", "los_days"));
  g_assert_true (tu_diags_have (d, "flows.csv:4:5", "got \"nan\""));
  g_assert_true (tu_diags_have (d, "flows.csv:5:6", "got \"1e999\""));
  g_assert_true (tu_diags_have (d, "flows.csv:6:7", "discharge_delay_p: expected a number from 0 to 1"));

  g_autoptr (PksDiags) k = pks_diags_new ();
  g_autoptr (PksScenario) sk = load2 (INI "[policy]\novercrowding = -1\n[guarantee]\ntreatment_days = inf\n"
                                      "[staffing]\nnurse_patients = 5, nan, 8\n", k, UNITS, FLOWS);
  g_assert_null (sk);
  g_assert_true (tu_diags_have (k, "[policy] overcrowding", "expected a whole number from 0 to 5000"));
  g_assert_true (tu_diags_have (k, "[guarantee] treatment_days", "got \"inf\""));
  g_assert_true (tu_diags_have (k, "[staffing] nurse_patients", "three numbers"));
  g_autoptr (PksDiags) k2 = pks_diags_new ();
  g_autoptr (PksScenario) sk2 = load2 ("[scenario]\nstart = 2025-01-01\ndays = 1e300\nseed = -1\n"
                                       "replications = 0\n[tables]\nunits = units.csv\nflows = flows.csv\n",
                                       k2, UNITS, FLOWS);
  g_assert_null (sk2);
  g_assert_true (tu_diags_have (k2, "[scenario] days", "from 1 to 36600"));
  g_assert_true (tu_diags_have (k2, "[scenario] seed", "whole number from 0"));
  g_assert_true (tu_diags_have (k2, "[scenario] replications", "from 1 to"));
}

/* Rows that are each in range may compound (+1000 % ten times, profile
 * factors of 1000): the model clamps or refuses, never overflows. */
static void
test_compounding_values (void)
{
  GString *ch = g_string_new ("unit,resource,from,to,change\n");
  for (int i = 0; i < 12; i++)
    g_string_append (ch, "Medicin,or_sessions_per_week,2025-01-02,,+1000%\n*,beds,2025-01-03,,+1000%\n");
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_table ("changes", ch->str, d);
  g_string_free (ch, TRUE);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);
  g_assert_no_error (e);
  g_assert_cmpint (pks_model_beds (m, 1, 10), ==, 5000);   /* the clamp, not overflow */

  GString *pr = g_string_new ("unit,flow,month,weekday,factor\n");
  for (int i = 0; i < 110; i++)
    g_string_append (pr, "*,*,*,*,1000\n");
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_table ("profiles", pr->str, d2);
  g_string_free (pr, TRUE);
  g_assert_nonnull (s2);
  g_autoptr (GError) e2 = NULL;
  g_autoptr (PksModel) m2 = pks_model_new (s2, &e2);
  g_assert_null (m2);
  g_assert_error (e2, PKS_ERROR, PKS_ERROR_INPUT);
  g_assert_nonnull (strstr (e2->message, "profile factors multiply to more than a double can hold"));

  /* and factors of 0 on every day leave per_year impossible to meet */
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = load_table ("profiles", "unit,flow,month,weekday,factor\n*,*,*,*,0\n", d3);
  g_assert_nonnull (s3);
  g_autoptr (GError) e3 = NULL;
  g_autoptr (PksModel) m3 = pks_model_new (s3, &e3);
  g_assert_null (m3);
  g_assert_error (e3, PKS_ERROR, PKS_ERROR_INPUT);
  g_assert_nonnull (strstr (e3->message, "the profile factors are 0 on every day of 2025"));
}

/* An empty file, or blank and comment lines only, has no header; a header
 * alone is an empty table (an error for units, fine for optional tables). */
static void
test_empty_tables (void)
{
  const char *empties[] = { "", "\n\n", "# only a comment\n  \n", "\xEF\xBB\xBF" };
  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = load2 (INI, d, empties[i], FLOWS);
      g_assert_null (s);
      g_assert_true (tu_diags_have (d, "units.csv:1: error: the table is empty: a header row is required", NULL));
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, UNITS_HDR, FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:1", "no units: the table has no rows"));
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_table ("changes", "unit,resource,from,to,change\n", d2);
  g_assert_nonnull (s2);
  g_assert_cmpuint (s2->changes->len, ==, 0);
}

/* ---------- dates ---------- */

static void
test_dates (void)
{
  /* to before from: never applies, so it is an error */
  static const struct { const char *key, *text, *where, *what; } t[] = {
    { "changes", "unit,resource,from,to,change\nMedicin,beds,2025-01-09,2025-01-02,-1\n", "t.csv:2:4",
      "to is before from" },
    { "staffing", "unit,role,fte,from,to\nMedicin,nurse,3,2025-01-09,2025-01-02\n", "t.csv:2:5",
      "to is before from" },
    { "waitlist", "unit,flow,stage,wait_from_days,wait_to_days,count\nOrtopedi Umeå,höft,treatment,90,30,1\n",
      "t.csv:2:5", "wait_to_days 30 is below wait_from_days 90" },
    { "changes", "unit,resource,from,to,change\nMedicin,beds,2025-02-30,,-1\n", "t.csv:2:3",
      "expected an ISO date YYYY-MM-DD, got \"2025-02-30\"" },
    { "changes", "unit,resource,from,to,change\nMedicin,beds,1/2/2025,,-1\n", "t.csv:2:3", "ISO date" },
    { "staffing", "unit,role,fte,from\nMedicin,nurse,3,1899-12-31\n", "t.csv:2:4", "ISO date" },
    { "staffing", "unit,role,fte,from\nMedicin,nurse,3,3000-01-01\n", "t.csv:2:4", "ISO date" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = load_table (t[i].key, t[i].text, d);
      g_assert_null (s);
      g_assert_true (tu_diags_have (d, t[i].where, t[i].what));
    }
  /* outside the horizon: loads, with a warning that the row has no effect */
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_table ("changes",
    "unit,resource,from,to,change\nMedicin,beds,2026-01-01,,-1\nMedicin,beds,2020-01-01,2020-12-31,-1\n", d);
  g_assert_nonnull (s);
  g_assert_true (tu_diags_have (d, "t.csv:2:3: warning", "starts after the simulated horizon (2025-01-01 to 2025-01-30)"));
  g_assert_true (tu_diags_have (d, "t.csv:3:4: warning", "ends before the simulated horizon"));
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_table ("staffing", "unit,role,fte,from,to\nMedicin,nurse,3,2030-01-01,\n", d2);
  g_assert_nonnull (s2);
  g_assert_true (tu_diags_have (d2, "t.csv:2:4: warning", "staffing row starts after the simulated horizon"));
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = load2 (INI "[staffing]\nsummer_from = 2025-08-01\nsummer_to = 2025-06-01\n", d3, UNITS, FLOWS);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "[staffing] summer_to", "is before summer_from"));
  g_autoptr (PksDiags) d4 = pks_diags_new ();
  g_autoptr (PksScenario) s4 = load2 (INI "[staffing]\nsummer_from = 2025-06-01\nsummer_to = 2026-01-10\n", d4, UNITS, FLOWS);
  g_assert_null (s4);
  g_assert_true (tu_diags_have (d4, "[staffing] summer_to", "within one calendar year"));
}

/* Regression (found while writing the fuzzers): a summer starting on 29
 * February, moved to a year without one, made GDate fail an assertion
 * while compiling the model. */
static void
test_leap_day_summer (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load ("[scenario]\nstart = 2024-01-01\ndays = 800\n[tables]\nunits = units.csv\n"
                                       "flows = flows.csv\nstaffing = st.csv\n[staffing]\nsummer_from = 2024-02-29\n"
                                       "summer_to = 2024-08-30\n", d, "units.csv", UNITS, "flows.csv", FLOWS,
                                       "st.csv", "unit,role,fte\nMedicin,nurse,20\n", NULL);
  g_assert_nonnull (s);
  g_autoptr (GError) e = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &e);   /* G_DEBUG=fatal-criticals in tests */
  g_assert_no_error (e);
  /* 20 nurses staff fewer than Medicin's 30 beds, and fewer still in the
   * summer period: 2025-02-28 (day 424, moved from the 29th) is in it,
   * 2025-02-27 not */
  g_assert_cmpint (pks_model_staffed_beds (m, 1, 423), <, 30);
  g_assert_cmpint (pks_model_staffed_beds (m, 1, 424), <, pks_model_staffed_beds (m, 1, 423));
}

/* ---------- the base chain ---------- */

static PksScenario *
load_files (const char *top, PksDiags *d, ...)
{
  g_autoptr (PksFiles) f = pks_files_new ();
  va_list ap;
  va_start (ap, d);
  const char *name;
  while ((name = va_arg (ap, const char *)))
    {
      const char *text = va_arg (ap, const char *);
      g_autoptr (GBytes) b = g_bytes_new (text, strlen (text));
      pks_files_add (f, name, b);
    }
  va_end (ap);
  pks_files_seal (f);
  return pks_scenario_load (top, NULL, f, d);
}

static void
test_base_chain (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_files ("/m/a.ini", d, "/m/a.ini", "[scenario]\nbase = a.ini\n", NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/m/a.ini:2: [scenario] base", "cycle: /m/a.ini -> /m/a.ini"));

  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_files ("/m/a.ini", d2, "/m/a.ini", "[scenario]\nbase = sub/b.ini\n",
                                           "/m/sub/b.ini", "[scenario]\nbase = ../c.ini\n",
                                           "/m/c.ini", "[scenario]\nbase = ./sub/../a.ini\n", NULL);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "/m/c.ini:2", "cycle: /m/a.ini -> /m/sub/b.ini -> /m/c.ini -> /m/a.ini"));

  /* a chain deeper than 32 files */
  g_autoptr (PksFiles) f = pks_files_new ();
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *p = g_strdup_printf ("/m/%d.ini", i);
      g_autofree char *t = g_strdup_printf ("[scenario]\nbase = %d.ini\n", i + 1);
      g_autoptr (GBytes) b = g_bytes_new (t, strlen (t));
      pks_files_add (f, p, b);
    }
  pks_files_seal (f);
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = pks_scenario_load ("/m/0.ini", NULL, f, d3);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "[scenario] base", "deeper than 32 files"));

  g_autoptr (PksDiags) d4 = pks_diags_new ();
  g_autoptr (PksScenario) s4 = load_files ("/m/a.ini", d4, "/m/a.ini", "[scenario]\nbase =   # none\n", NULL);
  g_assert_null (s4);
  g_assert_true (tu_diags_have (d4, "/m/a.ini:2: [scenario] base", "the base file name is empty"));

  g_autoptr (PksDiags) d5 = pks_diags_new ();
  g_autoptr (PksScenario) s5 = load_files ("/m/a.ini", d5, "/m/a.ini", "[scenario]\nname = x\n\nbase = gone.ini\n", NULL);
  g_assert_null (s5);
  g_assert_true (tu_diags_have (d5, "/m/a.ini:4: [scenario] base", "/m/gone.ini: cannot read: no such file"));
}

/* ---------- files that cannot be read ---------- */

static void
put (const char *dir, const char *name, const char *text, gssize len)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (p, text, len, NULL));
}

static void
rm (const char *dir, const char *const *names)
{
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        g_rmdir (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

/* Tests run as root, where permissions do not stop a read; what a planner
 * can still give is a directory, a FIFO or a device. A FIFO with no writer
 * would block a plain read for ever: it must be refused at once. */
static void
test_unreadable_files (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-rob");
  g_autofree char *fifo = g_build_filename (dir, "fifo.csv", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_autofree char *sub = g_build_filename (dir, "dir.csv", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  put (dir, "units.csv", UNITS, -1);
  put (dir, "s.ini", INI_HEAD "[tables]\nunits = dir.csv\nflows = fifo.csv\nchanges = /dev/null\n", -1);
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (ini, NULL, NULL, d);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "s.ini:9: [tables] units", "dir.csv: is a directory, expected a file"));
  /* flows is read only once units loaded; give units so it is reached */
  put (dir, "s.ini", INI_HEAD "[tables]\nunits = units.csv\nflows = fifo.csv\nchanges = /dev/null\n", -1);
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = pks_scenario_load (ini, NULL, NULL, d2);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "s.ini:10: [tables] flows", "fifo.csv: is not a regular file"));
  g_assert_true (tu_diags_have (d2, "[tables] changes", "/dev/null: is not a regular file"));
  /* the scenario file itself */
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = pks_scenario_load (sub, NULL, NULL, d3);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "dir.csv: is a directory", NULL));
  const char *names[] = { "fifo.csv", "dir.csv", "units.csv", "s.ini", NULL };
  rm (dir, names);
}

/* ---------- encodings ---------- */

static void
test_not_utf8 (void)
{
  static const struct { const char *text, *where, *what; } t[] = {
    /* Windows-1252 "Umeå" as Swedish Excel saves "CSV (semicolon)" */
    { UNITS_HDR "Ortopedi Ume\xe5,NUS,3,3\n", "units.csv:2:13", "byte 0xE5, \"å\" in Windows-1252): save it as \"CSV UTF-8\"" },
    { "\xff\xfeu\0n\0i\0t\0", "units.csv:1:1", "the file is UTF-16" },
    { UNITS_HDR "Medicin,NUS,3\0,3\n", "units.csv:2:14", "contains a NUL byte" },
    { UNITS_HDR "Medicin,NUS,3,3\x80\n", "units.csv:2:16", "not valid UTF-8 (byte 0x80, \"€\" in Windows-1252)" },
    { UNITS_HDR "Medicin,NUS,3,3\x81\n", "units.csv:2:16", "not valid UTF-8 (byte 0x81); save it" },
  };
  static const gsize lens[] = { 0, 10, sizeof (UNITS_HDR "Medicin,NUS,3\0,3\n") - 1, 0, 0 };
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr (PksFiles) f = pks_files_new ();
      g_autoptr (GBytes) ini = g_bytes_new_static (INI, strlen (INI));
      g_autoptr (GBytes) u = g_bytes_new_static (t[i].text, lens[i] ? lens[i] : strlen (t[i].text));
      g_autoptr (GBytes) fl = g_bytes_new_static (FLOWS, strlen (FLOWS));
      pks_files_add (f, "/mem/s.ini", ini);
      pks_files_add (f, "/mem/units.csv", u);
      pks_files_add (f, "/mem/flows.csv", fl);
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = pks_scenario_load ("/mem/s.ini", NULL, f, d);
      g_assert_null (s);
      g_assert_true (tu_diags_have (d, t[i].where, t[i].what));
    }
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 ("[scenario]\nname = Ume\xe5\n", d, UNITS, FLOWS);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "/mem/s.ini:2:11", "\"å\" in Windows-1252): save it as UTF-8"));
  const char *bad[] = { "policy.overcrowding=\xe5", NULL };
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = tu_load_sets (INI, bad, d2, "units.csv", UNITS, "flows.csv", FLOWS, NULL);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "--set: not valid UTF-8", NULL));
}

/* ---------- size ---------- */

/* Many bad rows: every error counted, the first 1000 kept and shown, and
 * warnings never crowd errors out of the kept list. */
static void
test_many_errors_capped (void)
{
  GString *u = g_string_new (UNITS);
  for (int i = 0; i < 1500; i++)   /* a warning each: staffed above beds */
    g_string_append_printf (u, "W%d,NUS,1,2,0,,0\n", i);
  GString *f = g_string_new (FLOWS);
  for (int i = 0; i < 3000; i++)
    g_string_append_printf (f, "Nowhere %d,akut,acute,1,1,,,,,,,\n", i);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, u->str, f->str);
  g_string_free (u, TRUE);
  g_string_free (f, TRUE);
  g_assert_null (s);
  g_assert_cmpuint (d->n_errors, ==, 3000);
  g_assert_cmpuint (d->n_warnings, ==, 1500);
  g_assert_cmpuint (d->kept_errors, ==, 1000);
  g_assert_cmpuint (d->kept_warnings, ==, 1000);
  g_assert_true (tu_diags_have (d, "units.csv:5:4: warning: staffed_beds 2 exceeds beds 1",
                                "capped at the physical beds"));
  g_autofree char *all = pks_diags_format_all (d, TRUE);
  g_assert_nonnull (strstr (all, "… and 2000 more errors not shown"));
  g_assert_nonnull (strstr (all, "… and 500 more warnings not shown"));
  g_assert_nonnull (strstr (all, "flows.csv:1003:1: error: unit: no unit \"Nowhere 999\""));
}

static void
test_size_limits (void)
{
  /* rows: units.csv stops being read after 2000 rows */
  GString *u = g_string_new (UNITS_HDR);
  for (int i = 0; i < 2500; i++)
    g_string_append_printf (u, "U%d,NUS,1,1\n", i);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, u->str, FLOWS);
  g_string_free (u, TRUE);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "units.csv:2002", "more than 2000 rows"));
  g_assert_cmpuint (d->n_errors, ==, 1);

  /* a horizon too long for the number of units */
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  GString *u2 = g_string_new (UNITS_HDR);
  for (int i = 0; i < 400; i++)
    g_string_append_printf (u2, "U%d,NUS,1,1\n", i);
  g_autoptr (PksScenario) s2 = load2 ("[scenario]\nstart = 2025-01-01\ndays = 30000\nwarmup_days = 1000\n"
                                      "[tables]\nunits = units.csv\nflows = flows.csv\n", d2, u2->str,
                                      "unit,flow,kind,per_year,los_days\nU1,akut,acute,10,3\n");
  g_string_free (u2, TRUE);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "[scenario] days", "400 units × 31000 simulated days"));

  /* changes that rewrite too much of the capacity tables */
  GString *ch = g_string_new ("unit,resource,from,to,change\n");
  for (int i = 0; i < 20000; i++)
    g_string_append (ch, "*,beds,2025-01-01,,+0\n");
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = tu_load (INI_HEAD "days = 36000\n[tables]\nunits = units.csv\n"
                                        "flows = flows.csv\nchanges = t.csv\n", d3, "units.csv", UNITS,
                                        "flows.csv", FLOWS, "t.csv", ch->str, NULL);
  g_string_free (ch, TRUE);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "[tables] changes", "unit-days of capacity in total"));

  /* a scenario file of a megabyte: under the limit, 40 000 unknown keys
   * load with their warnings counted; over it, refused */
  GString *ini = g_string_new (INI "[policy]\n");
  for (int i = 0; ini->len < 1000 * 1024; i++)
    g_string_append_printf (ini, "overcrowdin%d = %d\n", i, i);
  g_autoptr (PksDiags) d4 = pks_diags_new ();
  g_autoptr (PksScenario) s4 = load2 (ini->str, d4, UNITS, FLOWS);
  g_assert_nonnull (s4);
  g_assert_cmpuint (d4->n_warnings, >, 40000);
  g_assert_cmpuint (d4->kept_warnings, ==, 1000);
  g_string_append (ini, "# and a little more, past a megabyte\n");
  while (ini->len <= 1024 * 1024)
    g_string_append (ini, "#\n");
  g_autoptr (PksDiags) d5 = pks_diags_new ();
  g_autoptr (PksScenario) s5 = load2 (ini->str, d5, UNITS, FLOWS);
  g_string_free (ini, TRUE);
  g_assert_null (s5);
  g_assert_true (tu_diags_have (d5, "/mem/s.ini: error: the file is 1.0 MB; scenario files are limited to 1 MB", NULL));
}


/* ---------- issue #19: a new user's first hour ---------- */

/* Rows of separators alone, as Excel leaves them at the end of a sheet,
 * are skipped like blank lines: in a table and in a sweep design. */
static void
test_excel_trailing_rows (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (INI "changes = c.csv\n", d,
    "units.csv", "unit;site;beds;staffed_beds;or_sessions_per_week;or_session_minutes;visit_slots_per_week\n"
                 "Medicin;NUS;30;30;0;;0\n;;;;;;\n;;;;;;\n",
    "flows.csv", FLOWS_HDR "Medicin,akut,acute,2000,4,1,0,0,,,,\n,,,,,,,,,,,\n",
    "c.csv", "unit,resource,from,to,change,note\nMedicin,staffed_beds,2025-01-10,,-2,x\n,,,,,\n , , ,,,\n",
    NULL);
  g_assert_nonnull (s);
  g_assert_cmpuint (d->n_errors, ==, 0);
  g_assert_cmpuint (s->units->len, ==, 1);
  g_assert_cmpuint (s->flows->len, ==, 1);
  g_assert_cmpuint (s->changes->len, ==, 1);
  /* a design */
  g_autoptr (PksFiles) f = pks_files_new ();
  const char *design = "point,policy.overcrowding\na,1\n,\n,\n";
  g_autoptr (GBytes) b = g_bytes_new_static (design, strlen (design));
  pks_files_add (f, "/mem/design.csv", b);
  g_autoptr (PksDiags) dd = pks_diags_new ();
  g_autoptr (PksDesign) des = pks_design_read (f, "/mem/design.csv", dd);
  g_assert_nonnull (des);
  g_assert_cmpuint (des->n_points, ==, 1);
}

/* An unknown INI group is an error with a hint: a plan whose [tabels]
 * were skipped would run as its base. */
static void
test_unknown_group (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = tu_load (INI "[tabels]\nchanges = c.csv\n", d, "units.csv", UNITS,
                                       "flows.csv", FLOWS, NULL);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "s.ini:11:1: error: unknown group [tabels] (did you mean [tables]?)",
                                "the groups are scenario, tables"));
}

/* An unknown site: names the sites there are. */
static void
test_unknown_site (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_table ("changes",
    "unit,resource,from,to,change,note\nsite:Umeå,staffed_beds,2025-01-10,,-2,x\n", d);
  g_assert_null (s);
  g_assert_true (tu_diags_have (d, "t.csv:2:1: error: unit: no site \"Umeå\" in units.csv",
                                "the sites are NUS, Skellefteå"));
}

/* A unit without theatres may write 0 session minutes, as long as nothing
 * gives it sessions. */
static void
test_zero_session_minutes (void)
{
  const char *units = UNITS_HDR "Ortopedi Umeå,NUS,20,18,5,240,40\nMedicin,NUS,30,30,0,0,0\n";
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load2 (INI, d, units, FLOWS);
  g_assert_nonnull (s);
  g_assert_cmpuint (d->n_errors + d->n_warnings, ==, 0);
  g_assert_cmpfloat (pks_unit (s, 1)->or_session_minutes, ==, 0);
  /* sessions without minutes: in units.csv, by a change, by a --set */
  g_autoptr (PksDiags) d1 = pks_diags_new ();
  g_autoptr (PksScenario) s1 = load2 (INI, d1, UNITS_HDR "Medicin,NUS,30,30,2,0,0\n",
                                      FLOWS_HDR "Medicin,akut,acute,2000,4,1,0,0,,,,\n");
  g_assert_null (s1);
  g_assert_true (tu_diags_have (d1, "units.csv:2:6: error: or_session_minutes: 0 means the unit "
                                "has no theatre", "or_sessions_per_week is 2"));
  g_autofree char *ini = g_strdup_printf (INI "changes = c.csv\n");
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = tu_load (ini, d2, "units.csv", units, "flows.csv", FLOWS, "c.csv",
    "unit,resource,from,to,change,note\nMedicin,or_sessions_per_week,2025-01-10,,+2,x\n"
    "*,or_sessions_per_week,2025-01-10,,-10%,x\n", NULL);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "c.csv:2:5: error: change: adds sessions to \"Medicin\", which "
                                "has no theatre", NULL));
  g_assert_cmpuint (d2->n_errors, ==, 1);   /* a cut of every unit's sessions is fine */
  const char *sets[] = { "units[Medicin].or_sessions_per_week=2", NULL };
  g_autoptr (PksDiags) d3 = pks_diags_new ();
  g_autoptr (PksScenario) s3 = tu_load_sets (INI, sets, d3, "units.csv", units, "flows.csv", FLOWS, NULL);
  g_assert_null (s3);
  g_assert_true (tu_diags_have (d3, "--set units[Medicin].or_sessions_per_week=2: error: Medicin has "
                                "no theatre", NULL));
}

/* changes.csv `staff`: own or agency (Swedish words too) on staffed beds
 * and sessions; anything else, or staff on beds or slots, is refused. */
static void
test_staff_column (void)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = load_table ("changes",
    "unit,resource,from,to,change,note,staff\n"
    "Medicin,staffed_beds,2025-01-10,,+2,a,own\n"
    "Medicin,staffed_beds,2025-01-10,,+2,b,hyr\n"
    "Ortopedi Umeå,or_sessions_per_week,2025-01-10,,+1,c,egen\n"
    "Medicin,beds,2025-01-10,,+2,d,\n", d);
  g_assert_nonnull (s);
  g_assert_cmpint (g_array_index (s->changes, PksChange, 0).staff, ==, PKS_STAFF_OWN);
  g_assert_cmpint (g_array_index (s->changes, PksChange, 1).staff, ==, PKS_STAFF_AGENCY);
  g_assert_cmpint (g_array_index (s->changes, PksChange, 2).staff, ==, PKS_STAFF_OWN);
  g_assert_cmpint (g_array_index (s->changes, PksChange, 3).staff, ==, PKS_STAFF_NONE);
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_autoptr (PksScenario) s2 = load_table ("changes",
    "unit,resource,from,to,change,note,staff\n"
    "Medicin,staffed_beds,2025-01-10,,+2,a,owm\n"
    "Medicin,beds,2025-01-10,,+2,b,own\n"
    "Ortopedi Umeå,visit_slots_per_week,2025-01-10,,+5,c,agency\n", d2);
  g_assert_null (s2);
  g_assert_true (tu_diags_have (d2, "t.csv:2:7: error: staff: expected own, agency or empty",
                                "(did you mean own?)"));
  g_assert_true (tu_diags_have (d2, "t.csv:3:7: error: staff: only staffed_beds and "
                                "or_sessions_per_week bring staff", "beds are rooms"));
  g_assert_true (tu_diags_have (d2, "t.csv:4:7: error: staff:", "are not staffed in pks"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/robustness/accept/bom", test_bom);
  g_test_add_func ("/robustness/accept/crlf", test_crlf);
  g_test_add_func ("/robustness/accept/semicolons-and-tabs", test_semicolons_and_tabs);
  g_test_add_func ("/robustness/decimal-commas", test_decimal_commas);
  g_test_add_func ("/robustness/empty-and-blank-cells", test_empty_and_blank_cells);
  g_test_add_func ("/robustness/columns/missing-required", test_missing_required_columns);
  g_test_add_func ("/robustness/empty-tables", test_empty_tables);
  g_test_add_func ("/robustness/columns/unknown-nameless-twice-extra", test_unknown_and_odd_columns);
  g_test_add_func ("/robustness/names/duplicates", test_duplicates);
  g_test_add_func ("/robustness/names/unknown-units-and-flows", test_unknown_units_and_flows);
  g_test_add_func ("/robustness/numbers/bad-everywhere", test_bad_numbers_everywhere);
  g_test_add_func ("/robustness/numbers/compounding", test_compounding_values);
  g_test_add_func ("/robustness/dates", test_dates);
  g_test_add_func ("/robustness/dates/leap-day-summer", test_leap_day_summer);
  g_test_add_func ("/robustness/base-chain", test_base_chain);
  g_test_add_func ("/robustness/files/unreadable", test_unreadable_files);
  g_test_add_func ("/robustness/encoding/not-utf8", test_not_utf8);
  g_test_add_func ("/robustness/size/many-errors-capped", test_many_errors_capped);
  g_test_add_func ("/robustness/size/limits", test_size_limits);
  g_test_add_func ("/robustness/pathways", test_pathway_inputs);
  g_test_add_func ("/robustness/accept/excel-trailing-rows", test_excel_trailing_rows);
  g_test_add_func ("/robustness/ini/unknown-group", test_unknown_group);
  g_test_add_func ("/robustness/names/unknown-site", test_unknown_site);
  g_test_add_func ("/robustness/accept/zero-session-minutes", test_zero_session_minutes);
  g_test_add_func ("/robustness/changes/staff-column", test_staff_column);
  return g_test_run ();
}
