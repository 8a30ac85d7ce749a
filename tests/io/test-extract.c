/* test-extract.c — the extract readers of pks fit (contract 5.1) on good
 * and bad input: Excel's habits and Swedish column names accepted, every
 * bad row reported at FILE:LINE:COLUMN and left out, a file that cannot
 * be an extract (or is mostly broken) refused whole. docs/robustness.md
 * lists each case with its message. */
#include "testutil.h"

#include <math.h>
#include <string.h>

typedef struct {
  guint rows;
  PksExtractRow last;
  char last_id[64], last_unit[64], last_flow[64];
} Got;

static void
collect (gpointer ctx, const PksExtractRow *x)
{
  Got *g = ctx;
  g->rows++;
  g->last = *x;
  g_strlcpy (g->last_id, x->id, sizeof g->last_id);
  g_strlcpy (g->last_unit, x->unit, sizeof g->last_unit);
  g_strlcpy (g->last_flow, x->flow ? x->flow : "", sizeof g->last_flow);
}

/* Read text as file; returns the reader's verdict, rows in *got. */
static gboolean
read_text (PksExtractFile file, const char *text, gsize len, Got *got, PksExtractStats *st,
           PksDiags *d)
{
  memset (got, 0, sizeof *got);
  return pks_extract_read_data (file, pks_extract_file_name (file), text, len, collect, got, st, d);
}

static void
expect_diag (PksDiags *d, const char *a, const char *b)
{
  if (!tu_diags_have (d, a, b))
    {
      g_autofree char *all = pks_diags_format_all (d, TRUE);
      g_error ("expected a diagnostic with \"%s\" and \"%s\", got:\n%s", a, b ? b : "", all);
    }
}

/* BOM, CRLF, semicolons, Swedish names, decimal commas, the date forms,
 * an empty discharge (still in bed), kinds in either language. */
static void
test_accept (void)
{
  const char *adm =
    "\xEF\xBB\xBFV\xC3\xA5rdtillf\xC3\xA4lle;Basenhet;Inskrivning;Utskrivning;Typ;Fl\xC3\xB6" "de;"
    "Utskrivningsklar;V\xC3\xA5rdande enhet\r\n"
    "# a comment line\r\n"
    "1;Medicin;2024-01-01;2024-01-03;akut;;;\r\n"
    "2;Medicin;2024-01-01 08:30;2024-01-03T10:15;Acute;hjärta;2024-01-02 12:00;Kirurgi\r\n"
    "3;Medicin;2024-01-02 08:30:15;;planerad;;;\r\n"
    "\r\n"
    "4;\"Medicin\";2024-01-02 23:59;2024-01-04 00:00;PLANERAD;;;Medicin\r\n";
  Got g;
  PksExtractStats st;
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_assert_true (read_text (PKS_EXTRACT_ADMISSIONS, adm, strlen (adm), &g, &st, d));
  g_assert_cmpuint (d->n_errors, ==, 0);
  g_assert_cmpuint (d->n_warnings, ==, 0);
  g_assert_cmpuint (g.rows, ==, 4);
  g_assert_cmpuint (st.rows, ==, 4);
  g_assert_true (st.has[PKS_COL_READY] && st.has[PKS_COL_WARD] && st.has[PKS_COL_FLOW]);
  g_assert_cmpstr (g.last_id, ==, "4");
  g_assert_cmpint (g.last.kind, ==, PKS_FLOW_ELECTIVE);
  g_assert_cmpstr (g.last_flow, ==, "planerad");    /* the default */
  g_assert_null (g.last.ward_unit);                  /* its own ward */
  g_assert_cmpint (g.last.line, ==, 7);

  const char *ops = "operation,unit,start,minutes,inpatient,referral\n"
                    "A1,Orto,2024-03-04 08:00,\"95,5\",ja,R1\nA2,Orto,2024-03-04 09:40,2 000,nej,\n";
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_assert_true (read_text (PKS_EXTRACT_OPERATIONS, ops, strlen (ops), &g, &st, d2));
  g_assert_cmpuint (g.rows, ==, 1);   /* 2 000 minutes is more than a day */
  expect_diag (d2, "operations.csv:3:4", "minutes: expected a number above 0 and at most 1440");

  double t;
  gboolean timed;
  g_assert_true (pks_extract_parse_time ("2024-02-29 23:59", &t, &timed));
  g_assert_true (timed);
  g_assert_cmpfloat (t - PKS_EXTRACT_TIME (pks_date_from_ymd (2024, 2, 29)), ==, 23 * 60 + 59);
  g_assert_true (pks_extract_parse_time (" 2024-02-29 ", &t, &timed));
  g_assert_false (timed);
  g_assert_true (pks_extract_parse_time ("2024-02-29 24:00", &t, NULL));
  const char *bad[] = { "2023-02-29", "2024-1-01", "01/02/2024", "2024-01-01 25:00", "2024-01-01 8:00",
                        "2024-01-01 08:60", "2024-01-01 24:01", "2024-01-01 08:00 x", "", "nan" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (pks_extract_parse_time (bad[i], &t, NULL));
}

typedef struct {
  PksExtractFile file;
  const char *text;
  guint good;                 /* rows handed on */
  const char *where, *what;   /* the diagnostic */
} Case;

/* Broken rows: reported, left out, the rest read. One good row in each
 * file keeps it from being "mostly broken". */
static void
test_broken_rows (void)
{
  const char *ah = "episode,unit,admitted,discharged,kind,ready_for_discharge\nok1,M,2024-01-01,2024-01-02,akut,\nok2,M,2024-01-01,2024-01-02,akut,\nok3,M,2024-01-01,2024-01-02,akut,\n";
  const char *rh = "referral,unit,flow,priority,referred,first_visit,decided,treated,removed,wait_code\nok1,O,höft,2,2024-01-01,,,,,\nok2,O,höft,2,2024-01-01,,,,,\nok3,O,höft,2,2024-01-01,,,,,\n";
  Case cases[] = {
    { PKS_EXTRACT_ADMISSIONS, "x,M,2024-13-01,2024-01-02,akut,\n", 3, "admissions.csv:5:3", "admitted: expected a date" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,2024-01-05,2024-01-02,akut,\n", 3, "admissions.csv:5:4", "a negative stay" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,2024-01-05 08:00,2024-01-05 08:00,akut,\n", 3, "admissions.csv:5:4", "a zero-length stay" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,1990-01-05,2024-01-02,akut,\n", 3, "admissions.csv:5:4", "longer than 10 years" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,2022-01-05,2024-01-02,akut,\n", 4, "admissions.csv:5:4", "over a year" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,2024-01-05,2024-01-09,akut,2024-01-12\n", 4, "admissions.csv:5:6", "after discharged" },
    { PKS_EXTRACT_ADMISSIONS, "ok2,M,2024-01-05,2024-01-09,akut,\n", 3, "admissions.csv:5:1", "appears twice (first on line 3)" },
    { PKS_EXTRACT_ADMISSIONS, ",M,2024-01-05,2024-01-09,akut,\n", 3, "admissions.csv:5:1", "the id is empty" },
    { PKS_EXTRACT_ADMISSIONS, "x, ,2024-01-05,2024-01-09,akut,\n", 3, "admissions.csv:5:2", "unit: the name is empty" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,2024-01-05,2024-01-09,emergency,\n", 3, "admissions.csv:5:5", "kind: expected acute/akut" },
    { PKS_EXTRACT_ADMISSIONS, "x,M,,2024-01-09,akut,\n", 3, "admissions.csv:5:3", "admitted: a date" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,4,2024-01-01,,,,,\n", 3, "referrals.csv:5:4", "priority: expected 1, 2 or 3" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,2,2024-02-01,2024-01-20,,,,\n", 3, "referrals.csv:5:6", "first_visit before referred" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,2,2024-02-01,,,2024-01-20,,\n", 3, "referrals.csv:5:8", "treated before referred" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,2,2024-01-01,2024-02-01,2024-01-20,,,\n", 3, "referrals.csv:5:7", "decided before first_visit" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,2,2024-01-01,2024-01-10,2024-01-20,2024-01-15,,\n", 3, "referrals.csv:5:8", "treated before decided" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,2,2024-01-01,2024-01-10,2024-01-20,2024-03-15,2024-04-01,\n", 4, "referrals.csv:5:9", "taken as treated" },
    { PKS_EXTRACT_REFERRALS, "x,O,höft,2,2024-01-01,,,,,VPL\n", 4, "referrals.csv:5:10", "expected PvV or MoV" },
    { PKS_EXTRACT_OPERATIONS, "x,O,2024-01-01 08:00,0,1,\n", 3, "operations.csv:5:4", "minutes: expected a number above 0" },
    { PKS_EXTRACT_OPERATIONS, "x,O,2024-01-01 08:00,abc,1,\n", 3, "operations.csv:5:4", "got \"abc\"" },
    { PKS_EXTRACT_OPERATIONS, "x,O,2024-01-01 08:00,60,kanske,\n", 3, "operations.csv:5:5", "inpatient: expected 1 or 0" },
  };
  const char *oh = "operation,unit,start,minutes,inpatient,referral\nok1,O,2024-01-01 08:00,60,1,\nok2,O,2024-01-01 09:00,60,1,\nok3,O,2024-01-01 10:00,60,0,\n";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *head = cases[i].file == PKS_EXTRACT_ADMISSIONS ? ah
                         : cases[i].file == PKS_EXTRACT_REFERRALS ? rh : oh;
      g_autofree char *text = g_strconcat (head, cases[i].text, NULL);
      Got g;
      PksExtractStats st;
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_assert_true (read_text (cases[i].file, text, strlen (text), &g, &st, d));
      g_test_message ("case %u: %u rows", i, g.rows);
      expect_diag (d, cases[i].where, cases[i].what);
      g_assert_cmpuint (g.rows, ==, cases[i].good);
      g_assert_cmpuint (st.good + st.broken, ==, st.rows);
    }
}

/* Files that are no extract at all: refused with an error. */
static void
test_refused (void)
{
  Case cases[] = {
    { PKS_EXTRACT_ADMISSIONS, "episode,unit,discharged\n1,M,2024-01-01\n", 0, "admissions.csv:1", "\"admitted\" is missing" },
    { PKS_EXTRACT_ADMISSIONS, "episode,vårdtillfälle,unit,admitted,discharged\n", 0, "admissions.csv:1:2", "appears twice" },
    { PKS_EXTRACT_ADMISSIONS, "", 0, "admissions.csv:1", "the file is empty" },
    { PKS_EXTRACT_ADMISSIONS, "# only a comment\n\n", 0, "admissions.csv:1", "the file is empty" },
    { PKS_EXTRACT_REFERRALS, "referral,unit,referred\n\"1,O,2024-01-01\n", 0, "referrals.csv:2", "not closed" },
    { PKS_EXTRACT_REFERRALS, "referral,unit,referred\n1,V\xE4sterbotten,2024-01-01\n", 0, "referrals.csv:2:4", "Windows-1252" },
    { PKS_EXTRACT_OPERATIONS, "\xFF\xFEo\0p\0", 0, "operations.csv:1:1", "UTF-16" },
    { PKS_EXTRACT_REFERRALS, "referral,unit,referred\n1,O,2024-01-01\n2,O,01/02/2024\n3,O,2024-13-01\n", 1,
      "referrals.csv", "2 of 3 rows are broken" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = i == 6 ? 6 : strlen (cases[i].text);
      Got g;
      PksExtractStats st;
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_assert_false (read_text (cases[i].file, cases[i].text, len, &g, &st, d));
      g_assert_cmpuint (d->n_errors, >, 0);
      expect_diag (d, cases[i].where, cases[i].what);
    }
  /* a row of 300 fields */
  GString *wide = g_string_new ("referral,unit,referred\n1");
  for (int i = 0; i < 300; i++)
    g_string_append (wide, ",x");
  g_string_append_c (wide, '\n');
  Got g;
  PksExtractStats st;
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_assert_false (read_text (PKS_EXTRACT_REFERRALS, wide->str, wide->len, &g, &st, d));
  expect_diag (d, "referrals.csv:2", "more than 256 fields");
  g_string_free (wide, TRUE);
  /* a line of 17 MiB without a newline: a binary file, not an extract */
  gsize n = 17u << 20;
  g_autofree char *big = g_malloc (n);
  memset (big, 'a', n);
  memcpy (big, "referral,unit,referred\n", 23);
  g_autoptr (PksDiags) d2 = pks_diags_new ();
  g_assert_false (read_text (PKS_EXTRACT_REFERRALS, big, n, &g, &st, d2));
  expect_diag (d2, "referrals.csv:2", "a line longer than 16 MiB");
}

/* Unknown columns are named, with the nearest known one. */
static void
test_unknown_column (void)
{
  const char *t = "referral,unit,referred,frist_visit,remarks\n1,O,2024-01-01,2024-02-01,x\n";
  Got g;
  PksExtractStats st;
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_assert_true (read_text (PKS_EXTRACT_REFERRALS, t, strlen (t), &g, &st, d));
  expect_diag (d, "referrals.csv:1:4", "unknown column \"frist_visit\" is ignored (did you mean first_visit?)");
  expect_diag (d, "referrals.csv:1:5", "unknown column \"remarks\"");
  g_assert_false (st.has[PKS_COL_FIRST_VISIT]);
}

/* A million broken rows: counted, not kept (the diagnostics stop at a
 * thousand), and the file refused: memory stays bounded. */
static void
test_many_broken (void)
{
  GString *s = g_string_new ("episode,unit,admitted,discharged\n");
  for (int i = 0; i < 200000; i++)
    g_string_append_printf (s, "%d,M,2024-01-0%d,2023-01-01\n", i, 1 + i % 9);
  Got g;
  PksExtractStats st;
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_assert_false (read_text (PKS_EXTRACT_ADMISSIONS, s->str, s->len, &g, &st, d));
  g_assert_cmpuint (st.broken, ==, 200000);
  g_assert_cmpuint (d->n_warnings, ==, 200000 + 1);   /* and "no kind column" */
  g_assert_cmpuint (d->items->len, <=, 2001);
  g_string_free (s, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/extract/accept", test_accept);
  g_test_add_func ("/extract/broken-rows", test_broken_rows);
  g_test_add_func ("/extract/refused", test_refused);
  g_test_add_func ("/extract/unknown-column", test_unknown_column);
  g_test_add_func ("/extract/many-broken", test_many_broken);
  return g_test_run ();
}
