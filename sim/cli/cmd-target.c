/* cmd-target.c — pks target (contract 5.4): the least extra capacity per
 * unit for its metric to reach a target by a date with probability at
 * least P. The search is sim/exp/target.c; this file checks the question
 * (exit 2 with the reason when it cannot be answered), runs the search on
 * the experiment runner (threads or MPI ranks), says the answer as a
 * manager reads it (Swedish, --lang en English) and writes target.csv, the
 * plan and the workbook (--xlsx). docs/target.md. */
#include "cli.h"
#include "pks/exp/target.h"
#include "pks/output/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const PksResource allowed[] = {
  PKS_RES_VISIT_SLOTS, PKS_RES_OR_SESSIONS, PKS_RES_STAFFED_BEDS,
};

static gboolean
parse_resource (const char *name, PksResource *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (name && strcmp (name, pks_resource_name (allowed[i])) == 0)
      {
        *out = allowed[i];
        return TRUE;
      }
  return FALSE;
}

/* Metrics of the first-visit stage: before any decision to treat, so
 * only first-visit slots move them. */
static gboolean
first_visit_metric (PksMetric k)
{
  static const PksMetric fv[] = {
    PKS_M_FIRST_VISITS, PKS_M_WAITING_FIRST_VISIT, PKS_M_VG_FIRST_VISIT_PCT,
    PKS_M_VG_FIRST_VISIT_DONE_PCT, PKS_M_WAIT_FIRST_VISIT_MEDIAN_DAYS,
    PKS_M_WAIT_FIRST_VISIT_P90_DAYS, PKS_M_WAITING_FIRST_VISIT_MEAN,
    PKS_M_WAIT_FIRST_VISIT_MEAN_DAYS, PKS_M_VG_FIRST_VISIT_PCT_P1, PKS_M_VG_FIRST_VISIT_PCT_P2,
    PKS_M_VG_FIRST_VISIT_PCT_P3, PKS_M_VG_FIRST_VISIT_DONE_PCT_P1,
    PKS_M_VG_FIRST_VISIT_DONE_PCT_P2, PKS_M_VG_FIRST_VISIT_DONE_PCT_P3,
    PKS_M_VG_FIRST_VISIT_END_PCT,
  };
  for (guint i = 0; i < G_N_ELEMENTS (fv); i++)
    if (fv[i] == k)
      return TRUE;
  return FALSE;
}

/* Why capacity of resource r can never move metric k (NULL: it may). */
static const char *
cannot_move (PksResource r, PksMetric k, PksLang lang)
{
  gboolean en = lang == PKS_LANG_EN;
  if (k == PKS_M_REFERRALS || k == PKS_M_ARRIVALS)
    return en ? "arrivals come from outside: no capacity changes them"
              : "ankomsterna kommer utifrån: ingen kapacitet ändrar dem";
  if (first_visit_metric (k) && r != PKS_RES_VISIT_SLOTS)
    return en ? "the first-visit list comes before any operation or bed: only first-visit slots "
                "(visit_slots_per_week) move it"
              : "nybesökslistan kommer före operation och vårdplats: bara nybesökstider "
                "(visit_slots_per_week) påverkar den";
  return NULL;
}

/* ---- the answer in words ---- */

static const char *months_sv[] = { "januari", "februari", "mars", "april", "maj", "juni", "juli",
                                   "augusti", "september", "oktober", "november", "december" };
static const char *months_en[] = { "January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December" };

/* "den 31 december" / "31 December" (with the year when it is not yy). */
static char *
date_words (PksDate d, int yy, PksLang lang)
{
  int y = pks_date_year (d), m = CLAMP (pks_date_month (d), 1, 12) - 1, day = pks_date_day (d);
  g_autofree char *year = y != yy ? g_strdup_printf (" %d", y) : g_strdup ("");
  return lang == PKS_LANG_EN ? g_strdup_printf ("%d %s%s", day, months_en[m], year)
                             : g_strdup_printf ("den %d %s%s", day, months_sv[m], year);
}

/* "från februari" / "from February"; "från den 15 februari" mid-month. */
static char *
from_words (PksDate d, int yy, PksLang lang)
{
  if (pks_date_day (d) == 1)
    {
      int y = pks_date_year (d), m = CLAMP (pks_date_month (d), 1, 12) - 1;
      g_autofree char *year = y != yy ? g_strdup_printf (" %d", y) : g_strdup ("");
      return g_strdup_printf ("%s %s%s", lang == PKS_LANG_EN ? "from" : "från",
                              (lang == PKS_LANG_EN ? months_en : months_sv)[m], year);
    }
  g_autofree char *dw = date_words (d, yy, lang);
  return g_strdup_printf ("%s %s", lang == PKS_LANG_EN ? "from" : "från", dw);
}

/* A number for people: decimal comma in Swedish, no trailing zeros. */
static char *
num_words (double x, int decimals, PksLang lang)
{
  char *s = g_strdup_printf ("%.*f", decimals, x);
  if (decimals > 0)
    {
      char *e = s + strlen (s) - 1;
      while (*e == '0')
        *e-- = '\0';
      if (*e == '.')
        *e = '\0';
    }
  if (lang == PKS_LANG_SV)
    for (char *c = s; *c; c++)
      if (*c == '.')
        *c = ',';
  return s;
}

/* "3 fler operationspass i veckan" / "3 more OR sessions a week". */
static char *
amount_words (PksResource r, int n, PksLang lang)
{
  if (lang == PKS_LANG_EN)
    {
      const char *w = r == PKS_RES_OR_SESSIONS ? (n == 1 ? "OR session a week" : "OR sessions a week")
                      : r == PKS_RES_VISIT_SLOTS ? (n == 1 ? "first-visit slot a week" : "first-visit slots a week")
                      : (n == 1 ? "staffed bed (with its staff)" : "staffed beds (with their staff)");
      return g_strdup_printf ("%d more %s", n, w);
    }
  if (n == 1)
    return g_strdup (r == PKS_RES_OR_SESSIONS ? "ett operationspass till i veckan"
                     : r == PKS_RES_VISIT_SLOTS ? "en nybesökstid till i veckan"
                     : "en vårdplats till (med personal)");
  const char *w = r == PKS_RES_OR_SESSIONS ? "operationspass i veckan"
                  : r == PKS_RES_VISIT_SLOTS ? "nybesökstider i veckan" : "vårdplatser (med personal)";
  return g_strdup_printf ("%d fler %s", n, w);
}

typedef struct {
  PksMetric metric;
  double x;
  gboolean at_most;
  PksDate by;
  int year;               /* of --from: the by-date's year is said when it differs */
  double fv_days, tr_days;
  PksLang lang;
  PksDate from;           /* the extra capacity's start */
  double confidence;      /* P */
} Goal;

/* "att 80 % av behandlingslistan ska ha väntat högst 90 dagar den 31
 * december" / "to have 80 % of its treatment list within 90 days by 31
 * December". */
static char *
goal_words (const Goal *g)
{
  gboolean en = g->lang == PKS_LANG_EN;
  g_autofree char *date = date_words (g->by, g->year, g->lang);
  g_autofree char *x = num_words (g->x, pks_metric_decimals (g->metric) + 1, g->lang);
  switch (g->metric)
    {
    case PKS_M_VG_TREATMENT_END_PCT:
    case PKS_M_VG_FIRST_VISIT_END_PCT:
      {
        gboolean tr = g->metric == PKS_M_VG_TREATMENT_END_PCT;
        g_autofree char *days = num_words (tr ? g->tr_days : g->fv_days, 1, g->lang);
        if (en)
          return g_strdup_printf ("to have %s %s %% of its %s list within %s days by %s",
                                  g->at_most ? "at most" : "", x, tr ? "treatment" : "first-visit",
                                  days, date);
        return g_strdup_printf ("att %s%s %% av %s ska ha väntat högst %s dagar %s",
                                g->at_most ? "högst " : "", x, tr ? "behandlingslistan" : "nybesökslistan",
                                days, date);
      }
    case PKS_M_WAITING_TREATMENT:
    case PKS_M_WAITING_FIRST_VISIT:
      {
        gboolean tr = g->metric == PKS_M_WAITING_TREATMENT;
        if (en)
          return g_strdup_printf ("to have %s %s waiting for %s on %s", g->at_most ? "at most" : "at least",
                                  x, tr ? "treatment" : "a first visit", date);
        return g_strdup_printf ("att %s %s ska vänta på %s %s", g->at_most ? "högst" : "minst", x,
                                tr ? "behandling" : "nybesök", date);
      }
    default:
      {
        g_autofree char *label = g_utf8_strdown (pks_metric_label (g->metric, g->lang), -1);
        const char *unit = pks_metric_unit_label (g->metric, g->lang);
        if (en)
          return g_strdup_printf ("for %s from the start to %s to be %s %s %s", label, date,
                                  g->at_most ? "at most" : "at least", x, unit);
        return g_strdup_printf ("att %s från start till och med %s ska bli %s %s %s", label, date,
                                g->at_most ? "högst" : "minst", x, unit);
      }
    }
}

static void
say (FILE *f, const char *unit, const PksTargetUnit *x, PksResource r, int max_add, PksDate from,
     const Goal *g)
{
  PksLang lang = g->lang;
  gboolean en = lang == PKS_LANG_EN;
  g_autofree char *goal = goal_words (g);
  g_autofree char *from_w = from_words (from, g->year, lang);
  g_autofree char *p = num_words (x->p_met, 2, lang);
  switch (x->status)
    {
    case PKS_TARGET_OK:
      {
        g_autofree char *amount = amount_words (r, x->added, lang);
        fprintf (f, en ? "%s needs %s %s %s (probability %s).\n"
                       : "%s behöver %s %s för %s (sannolikhet %s).\n", unit, amount, from_w, goal, p);
        break;
      }
    case PKS_TARGET_MET_AT_BASE:
      {
        g_autofree char *pb = num_words (x->p_base, 2, lang);
        fprintf (f, en ? "%s needs no more capacity %s (probability %s as it is).\n"
                       : "%s behöver ingen mer kapacitet för %s (sannolikhet %s som det är).\n",
                 unit, goal, pb);
        break;
      }
    case PKS_TARGET_INFEASIBLE:
      {
        g_autofree char *amount = amount_words (r, max_add, lang);
        g_autofree char *pm = num_words (x->p_max, 2, lang);
        fprintf (f, en ? "%s cannot reach the target even with %s %s: %s with probability %s only "
                         "(--max-add %d is the most tried).\n"
                       : "%s når inte målet ens med %s %s: %s nås bara med sannolikhet %s "
                         "(--max-add %d är det mesta som prövats).\n",
                 unit, amount, from_w, goal, pm, max_add);
        break;
      }
    case PKS_TARGET_NO_EFFECT:
      fprintf (f, en ? "%s: %s does not move %s at all (the same in every replication with nothing "
                       "and with %d added), so no amount reaches the target.\n"
                     : "%s: %s påverkar inte %s alls (samma i varje replikering utan och med %d "
                       "till), så inget antal når målet.\n",
               unit, pks_resource_name (r), pks_metric_name (g->metric), max_add);
      break;
    case PKS_TARGET_UNDEFINED:
      fprintf (f, en ? "%s has no %s (no waiting list, beds or sessions for it).\n"
                     : "%s har inget värde för %s (ingen väntelista, inga vårdplatser eller pass).\n",
               unit, pks_metric_name (g->metric));
      break;
    }
}

static const char *
status_name (PksTargetStatus s)
{
  static const char *names[] = { "ok", "met_at_base", "infeasible", "no_effect", "undefined" };
  return names[s];
}

/* The unit's own level of the resource in units.csv (the contract's base). */
static double
base_level (const PksScenario *s, guint u, PksResource r)
{
  const PksUnitDef *d = pks_unit (s, u);
  return r == PKS_RES_OR_SESSIONS ? d->or_sessions_per_week
         : r == PKS_RES_VISIT_SLOTS ? d->visit_slots_per_week : d->staffed_beds;
}

/* Listed units whose patients may lie in each other's beds (outlying
 * within the site, or the region): they are searched together, and
 * target.csv says so. (transfer full) */
static char *
shares_beds (const PksScenario *s, const guint *idx, guint n, guint i)
{
  GString *t = g_string_new (NULL);
  const PksUnitDef *a = pks_unit (s, idx[i]);
  if (s->policy.outlying == PKS_OUTLYING_NONE || a->beds == 0)
    return g_string_free (t, FALSE);
  for (guint j = 0; j < n; j++)
    {
      const PksUnitDef *b = pks_unit (s, idx[j]);
      if (j == i || b->beds == 0 || b->bed_type != a->bed_type
          || (s->policy.outlying == PKS_OUTLYING_SITE && b->site_index != a->site_index))
        continue;
      g_string_append_printf (t, "%s%s", t->len ? ";" : "", b->name);
    }
  return g_string_free (t, FALSE);
}

static gboolean
write_csv (PksOutput *o, const PksScenario *s, const guint *idx, guint n, PksResource r,
           const int *max_add, const PksTargetResult *res, GError **error)
{
  FILE *f = pks_output_begin (o, "target.csv", error);
  if (f == NULL)
    return FALSE;
  static const char *hdr[] = {
    "unit", "resource", "base", "needed", "added", "metric_mean", "metric_ci_low",
    "metric_ci_high", "p_met", "p_met_ci_low", "p_met_ci_high", "p_met_one_less", "p_base",
    "p_max", "max_add", "p_met_check", "p_met_one_less_check", "status", "shares_beds_with",
  };
  enum { NC = G_N_ELEMENTS (hdr) };
  gboolean ok = pks_csv_write_row (f, hdr, NC);
  char b[16][32];
  for (guint i = 0; ok && i < n; i++)
    {
      const PksTargetUnit *x = &res->units[i];
      gboolean answered = x->status == PKS_TARGET_OK || x->status == PKS_TARGET_MET_AT_BASE;
      double base = base_level (s, idx[i], r);
      g_autofree char *shares = shares_beds (s, idx, n, i);
      g_snprintf (b[14], 32, "%d", max_add[i]);
      const char *row[NC] = {
        pks_unit (s, idx[i])->name, pks_resource_name (r), pks_fmt_num (b[0], base),
        pks_fmt_num (b[1], answered ? base + x->added : NAN),
        pks_fmt_num (b[2], answered ? x->added : NAN), pks_fmt_num (b[3], x->metric.mean),
        pks_fmt_num (b[4], x->metric.ci_low), pks_fmt_num (b[5], x->metric.ci_high),
        pks_fmt_num (b[6], x->p_met), pks_fmt_num (b[7], x->p_low), pks_fmt_num (b[8], x->p_high),
        pks_fmt_num (b[9], x->p_one_less), pks_fmt_num (b[10], x->p_base),
        pks_fmt_num (b[11], x->p_max), b[14], pks_fmt_num (b[12], x->p_check),
        pks_fmt_num (b[13], x->p_one_less_check), status_name (x->status), shares,
      };
      ok = pks_csv_write_row (f, row, NC);
    }
  if (!ok)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "target.csv: write failed");
      return FALSE;
    }
  return pks_output_end (o, error);
}

/* The status in words for the workbook. */
static const char *
status_words (PksTargetStatus s, PksLang lang)
{
  static const char *sv[] = { "behöver mer", "når målet som det är", "når inte målet",
                              "resursen påverkar inte måttet", "saknar måttet" };
  static const char *en[] = { "needs more", "meets the target as it is", "cannot reach the target",
                              "the resource does not move the metric", "has no such metric" };
  return (lang == PKS_LANG_EN ? en : sv)[s];
}

/* --xlsx: target.csv's rows in words (Kapacitetsbehov), the question and
 * what the probability means under it, and the base's settings. */
static gboolean
write_workbook (const PksCli *cli, const PksScenario *s, const guint *idx, guint n, PksResource r,
                const int *max_add, const PksTargetResult *res, const Goal *g, guint reps,
                GError **error)
{
  PksLang lang = cli->language;
  gboolean en = lang == PKS_LANG_EN;
  g_autoptr (PksXlsx) x = pks_xlsx_new (cli->xlsx, lang, error);
  if (x == NULL)
    return FALSE;
  const char *metric = pks_metric_short_label (g->metric, lang);
  g_autofree char *m_lo = g_strdup_printf (en ? "%s, 95 %% CI from" : "%s, 95 %% KI från", metric);
  g_autofree char *m_hi = g_strdup_printf (en ? "%s, 95 %% CI to" : "%s, 95 %% KI till", metric);
  const char *head[] = {
    en ? "Unit" : "Basenhet", en ? "Resource" : "Resurs", en ? "Level today" : "Nivå idag",
    en ? "Needed" : "Behövs", en ? "Added" : "Tillägg", metric, m_lo, m_hi,
    en ? "Probability" : "Sannolikhet", en ? "Probability, 95 % CI from" : "Sannolikhet, 95 % KI från",
    en ? "Probability, 95 % CI to" : "Sannolikhet, 95 % KI till",
    en ? "Probability one step less" : "Sannolikhet ett steg mindre",
    en ? "Probability with nothing added" : "Sannolikhet utan tillägg",
    en ? "Probability with the most added" : "Sannolikhet med största tillägg",
    en ? "Most added" : "Största tillägg",
    en ? "Check: probability" : "Kontroll: sannolikhet",
    en ? "Check: one step less" : "Kontroll: ett steg mindre",
    en ? "Answer" : "Svar", en ? "Shares beds with" : "Delar vårdplatser med", en ? "Code" : "Kod",
  };
  PksSheet *sh = pks_xlsx_sheet (x, en ? "Capacity needed" : "Kapacitetsbehov", head,
                                 G_N_ELEMENTS (head), 1);
  int dec = pks_metric_decimals (g->metric);
  for (guint i = 0; i < n; i++)
    {
      const PksTargetUnit *u = &res->units[i];
      gboolean answered = u->status == PKS_TARGET_OK || u->status == PKS_TARGET_MET_AT_BASE;
      double base = base_level (s, idx[i], r);
      g_autofree char *shares = shares_beds (s, idx, n, i);
      pks_sheet_text (sh, pks_unit (s, idx[i])->name);
      pks_sheet_text (sh, pks_resource_name (r));
      pks_sheet_num (sh, base, 1);
      pks_sheet_num (sh, answered ? base + u->added : NAN, 1);
      pks_sheet_num (sh, answered ? u->added : NAN, 0);
      pks_sheet_estimate (sh, u->metric.mean, u->metric.ci_low, u->metric.ci_high, dec);
      pks_sheet_estimate (sh, u->p_met, u->p_low, u->p_high, 3);
      pks_sheet_num (sh, u->p_one_less, 3);
      pks_sheet_num (sh, u->p_base, 3);
      pks_sheet_num (sh, u->p_max, 3);
      pks_sheet_num (sh, max_add[i], 0);
      pks_sheet_num (sh, u->p_check, 3);
      pks_sheet_num (sh, u->p_one_less_check, 3);
      pks_sheet_text (sh, status_words (u->status, lang));
      pks_sheet_text (sh, shares);
      pks_sheet_text (sh, status_name (u->status));
      pks_sheet_end_row (sh);
    }
  g_autofree char *goal = goal_words (g);
  g_autofree char *from = from_words (g->from, g->year, lang);
  g_autofree char *q = en ? g_strdup_printf ("The least %s %s %s, with probability at least %g.",
                                             pks_resource_name (r), from, goal, g->confidence)
                          : g_strdup_printf ("Minsta %s %s %s, med sannolikhet minst %g.",
                                             pks_resource_name (r), from, goal, g->confidence);
  pks_sheet_note (sh, q);
  g_autofree char *p = g_strdup_printf (
    en ? "Probability: the share of %u replications (equally likely years of the model) in which the "
         "unit meets the target, every level on the same replications; its 95 %% CI is Wilson's. "
         "Check: the same on %u replications the search never saw (docs/target.md)."
       : "Sannolikhet: andelen av %u replikeringar (lika sannolika år i modellen) där enheten når "
         "målet, varje nivå på samma replikeringar; 95 %% KI enligt Wilson. Kontroll: detsamma på "
         "%u replikeringar som sökningen aldrig såg (docs/target.md).", reps, reps);
  pks_sheet_note (sh, p);
  pks_xlsx_add_settings (x, &s, (const char *const *) &s->name, 1);
  return pks_xlsx_close (g_steal_pointer (&x), error);
}

/* The checks of the question that need the scenario, on every rank alike;
 * rank 0 says what is wrong. */
typedef struct {
  const char *units, *by, *from;
  PksResource resource;
  PksMetric metric;
  PksLang lang;
  guint n;
  guint *idx;
  PksDate by_date, from_date;
} Question;

static int
check_question (PksJob *job, int status, char **why, gpointer data)
{
  Question *q = data;
  if (status != 0)
    return status;
  const PksScenario *s = job->scenarios->pdata[0];
  g_autofree char *msg = NULL;
  g_auto (GStrv) names = g_strsplit (q->units, ",", -1);
  q->idx = g_new (guint, g_strv_length (names) + 1);
  q->n = 0;
  for (guint i = 0; names[i] && msg == NULL; i++)
    {
      g_strstrip (names[i]);
      int u = pks_scenario_find_unit (s, names[i]);
      if (u < 0)
        {
          g_autofree char *hint = pks_unit_hint (s, names[i]);
          msg = g_strdup_printf ("--units: no unit \"%s\" in the scenario%s", names[i], hint);
        }
      for (guint j = 0; j < q->n && msg == NULL; j++)
        if (q->idx[j] == (guint) u)
          msg = g_strdup_printf ("--units: \"%s\" is given twice", names[i]);
      if (msg == NULL)
        q->idx[q->n++] = (guint) u;
    }
  PksDate end = s->start + (PksDate) s->days - 1;
  char a[11], b[11];
  pks_date_format (s->start, a);
  pks_date_format (end, b);
  q->by_date = end;
  q->from_date = s->start;
  if (msg == NULL && q->n == 0)
    msg = g_strdup ("--units: name at least one unit");
  if (msg == NULL && q->by && !pks_date_parse (q->by, &q->by_date))
    msg = g_strdup_printf ("--by: expected a date YYYY-MM-DD, got \"%s\"", q->by);
  if (msg == NULL && q->from && !pks_date_parse (q->from, &q->from_date))
    msg = g_strdup_printf ("--from: expected a date YYYY-MM-DD, got \"%s\"", q->from);
  if (msg == NULL && q->by_date < s->start)
    msg = g_strdup_printf ("--by %s is before the scenario starts (%s): nothing can be "
                           "reached before the start", q->by, a);
  if (msg == NULL && q->by_date > end)
    msg = g_strdup_printf ("--by %s is after the horizon ends (%s): lengthen [scenario] days or "
                           "ask for an earlier date", q->by, b);
  if (msg == NULL && q->from_date < s->start)
    msg = g_strdup_printf ("--from %s is before the scenario starts (%s)", q->from, a);
  if (msg == NULL && q->from_date > q->by_date)
    msg = g_strdup_printf ("--from %s is after --by: capacity added after the date cannot help",
                           q->from);
  const char *cm = msg == NULL ? cannot_move (q->resource, q->metric, q->lang) : NULL;
  if (cm)
    msg = g_strdup_printf ("--metric %s: %s cannot move it: %s", pks_metric_name (q->metric),
                           pks_resource_name (q->resource), cm);
  if (msg == NULL)
    return 0;
  if (job->root)
    pks_cli_error ("target", "%s", msg);
  else
    *why = g_steal_pointer (&msg);
  return 2;
}

int
pks_cmd_target (int argc, char **argv)
{
  g_autofree char *resource = NULL, *units = NULL, *metric = NULL, *by = NULL, *from = NULL,
                  *plan = NULL;
  double at_least = NAN, at_most = NAN, confidence = 0.8;
  int max_add = 0;
  gboolean no_check = FALSE;
  GOptionEntry entries[] = {
    { "resource", 0, 0, G_OPTION_ARG_STRING, &resource, "visit_slots_per_week, or_sessions_per_week or staffed_beds (with their staff)", "R" },
    { "units", 0, 0, G_OPTION_ARG_STRING, &units, "Units to find the capacity of, comma-separated", "U1,U2,..." },
    { "metric", 0, 0, G_OPTION_ARG_STRING, &metric, "A unit metric of summary.csv, e.g. vg_treatment_end_pct", "M" },
    { "at-least", 0, 0, G_OPTION_ARG_DOUBLE, &at_least, "The metric must be at least X", "X" },
    { "at-most", 0, 0, G_OPTION_ARG_DOUBLE, &at_most, "The metric must be at most X", "X" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "The date the target holds on (default: the horizon's end)", "DATE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "The date the extra capacity starts (default: the start)", "DATE" },
    { "confidence", 0, 0, G_OPTION_ARG_DOUBLE, &confidence, "Probability the target must be met with (default 0.8)", "P" },
    { "max-add", 0, 0, G_OPTION_ARG_INT, &max_add, "The most to add to one unit (default: its own level, at least 5)", "K" },
    { "no-check", 0, 0, G_OPTION_ARG_NONE, &no_check, "Skip the check on replications the search never saw", NULL },
    { "write-plan", 0, 0, G_OPTION_ARG_FILENAME, &plan, "Write the answer as a plan file for pks compare", "FILE" },
    { NULL }
  };
  static const PksCliHelp help[] = {
    { "replications", "Replications behind every decision (default 40)" },
    { "out", "Write target.csv here" },
    { "quiet", "No progress lines" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("target", "BASE — the least extra capacity that meets a target",
                                        PKS_CLI_EXPERIMENT | PKS_CLI_OUTPUTS, help);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "Probability: the share of replications in which the unit's metric meets the\n"
    "target on --by; every level is simulated on the same replications (common\n"
    "random numbers); the units are searched together (docs/target.md).\n"
    "Exit status 2 when a target cannot be met within --max-add, the date is\n"
    "outside the horizon, or the resource cannot move the metric.\n"
    "Example: pks target scenarios/vasterbotten-2025.ini --resource or_sessions_per_week \\\n"
    "           --units 'Ortopedi Umeå' --metric vg_treatment_end_pct --at-least 80 --by 2025-12-31");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  PksResource res = PKS_RES_OR_SESSIONS;
  int k = metric ? pks_metric_from_name (metric) : -1;
  gboolean one_bound = isnan (at_least) != isnan (at_most);
  if (argc != 2 || !parse_resource (resource, &res) || units == NULL || k < 0 || !one_bound
      || !(confidence > 0 && confidence <= 1) || max_add < 0 || cli->replications == 1
      || !pks_cli_check_counts (cli))
    {
      pks_cli_error ("target", "need BASE, --resource (visit_slots_per_week, or_sessions_per_week "
                     "or staffed_beds), --units, --metric (a summary.csv metric%s%s%s), one of "
                     "--at-least or --at-most, --confidence in (0, 1], --replications >= 2\n"
                     "Try 'pks target --help'.", metric && k < 0 ? ", not \"" : "",
                     metric && k < 0 ? metric : "", metric && k < 0 ? "\"" : "");
      return 2;
    }
  PksLang lang = cli->report_options.lang;
  Question q = { units, by, from, res, (PksMetric) k, lang, 0, NULL, 0, 0 };
  PksJobSpec spec = { .check = check_question, .ctx = &q };
  g_auto (PksJob) job = { 0 };
  int status = pks_job_open (&job, cli, (const char *const *) argv + 1, 1, &spec);
  g_autofree guint *idx = q.idx;
  if (status != 0)
    return status;
  if ((status = pks_job_open_output (&job)) != 0)
    return status;
  const PksScenario *base = job.scenarios->pdata[0];
  g_autoptr (GError) err = NULL;
  g_autoptr (PksModel) m = pks_model_new (base, &err);
  if (m == NULL)
    return pks_job_end (&job, pks_cli_fail ("target", err));
  guint n = q.n;
  g_autofree guint *entities = g_new (guint, n);
  g_autofree int *maxes = g_new (int, n);
  for (guint i = 0; i < n; i++)
    {
      entities[i] = pks_model_unit_entity (m, idx[i]);
      maxes[i] = max_add > 0 ? max_add : MAX (5, (int) ceil (base_level (base, idx[i], res)));
    }
  guint reps = cli->replications > 0 ? (guint) cli->replications : 40;
  guint64 seed = pks_cli_seed (cli, base);
  PksObjective none = { 0 };
  PksScenarioEval ec = { base, res, idx, n, none, seed, (guint) cli->threads, q.from_date,
                         (int) (q.by_date - base->start + 1) };
  if (!job.root)
    {
      gboolean ok = pks_optimise_serve (&ec, &err);
      return pks_cli_agree ("target", ok ? 0 : 1, ok ? NULL : err->message);
    }
  PksTargetOptions opt = { n, entities, (PksMetric) k, isnan (at_most) ? at_least : at_most,
                           !isnan (at_most), confidence, maxes, reps, !no_check, !cli->quiet };
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (PksTargetResult) r = pks_target_search (&opt, pks_optimise_eval_scenario, &ec, &err);
  pks_optimise_stop_serving ();
  if (r == NULL)
    return pks_job_end (&job, pks_cli_fail ("target", err));
  double secs = (g_get_monotonic_time () - t0) / 1e6;

  Goal g = { (PksMetric) k, opt.threshold, opt.at_most, q.by_date, pks_date_year (q.from_date),
             base->guarantee.first_visit_days, base->guarantee.treatment_days, lang, q.from_date,
             confidence };
  int worst = 0;
  g_autofree int *alloc = g_new0 (int, n);
  for (guint i = 0; i < n; i++)
    {
      const PksTargetUnit *x = &r->units[i];
      say (stdout, pks_unit (base, idx[i])->name, x, res, maxes[i], q.from_date, &g);
      if (x->status == PKS_TARGET_OK)
        alloc[i] = x->added;
      else if (x->status != PKS_TARGET_MET_AT_BASE)
        worst = 2;
    }
  gboolean en = lang == PKS_LANG_EN;
  g_autofree char *secs_w = num_words (secs, 1, lang);
  fprintf (stdout, en ? "\n%u replications per level (seed %" G_GUINT64_FORMAT "), %" G_GUINT64_FORMAT
                        " simulations of %u allocations; %s s.%s\n"
                      : "\n%u replikeringar per nivå (slumpfrö %" G_GUINT64_FORMAT "), %" G_GUINT64_FORMAT
                        " simuleringar av %u fördelningar; %s s.%s\n",
           reps, seed, r->simulations, r->evaluations, secs_w,
           r->settled ? "" : en ? " The minimality rounds did not settle: see docs/target.md."
                                : " Minimalitetsvarven blev inte klara: se docs/target.md.");
  if (job.output && (!write_csv (job.output, base, idx, n, res, maxes, r, &err)
                     || !pks_output_commit (job.output, &err)))
    return pks_job_end (&job, pks_cli_fail ("target", err));
  if (cli->xlsx && !write_workbook (cli, base, idx, n, res, maxes, r, &g, reps, &err))
    return pks_job_end (&job, pks_cli_fail ("target", err));
  if (plan)
    {
      g_autoptr (PksScenario) with = pks_scenario_with_allocation_from (base, res, idx, alloc, n,
                                                                       q.from_date);
      g_autofree char *alloc_text = NULL;
      {
        g_autofree const char **names = g_new (const char *, n);
        for (guint i = 0; i < n; i++)
          names[i] = pks_unit (base, idx[i])->name;
        alloc_text = pks_allocation_format (alloc, n, names);
      }
      g_autofree char *comment = g_strdup_printf (
        "# Written by pks target: the least %s for %s %s %g on %s with probability %g\n"
        "# (%u replications). Allocation: %s\n", pks_resource_name (res), pks_metric_name (k),
        opt.at_most ? "<=" : ">=", opt.threshold, by ? by : "the horizon's end", confidence, reps,
        *alloc_text ? alloc_text : "nothing");
      g_autofree char *name = g_strdup_printf ("%s – pks target %s", base->name, pks_metric_name (k));
      if (!pks_cli_write_plan (plan, argv[1], base, with, name, comment, "pks target", cli->csv_dialect,
                               &err))
        return pks_job_end (&job, pks_cli_fail ("target", err));
    }
  return pks_job_end (&job, worst);
}
