/* workbook.c — the sheets that pks run, compare, sweep and optimise put in
 * their --xlsx workbook: Sammanfattning, Per enhet, Per månad, Jämförelse
 * and Inställningar, in the user's language, every number the one the CSV
 * files hold, each mean with its 95 % interval beside it. */
#include "pks/output/xlsx.h"
#include "pks/exp/balance.h"
#include "pks/exp/optimise.h"
#include "pks/output/output.h"
#include "pks/input/settings.h"
#include "pks/input/load.h"
#include "pks/core/error.h"
#include "pks/stats/stats.h"

#include <math.h>
#include <string.h>

#define L(x, sv, en) (pks_xlsx_lang (x) == PKS_LANG_EN ? (en) : (sv))

/* ---- the metric table's words ------------------------------------------ */


static const char *
m_label (PksMetric k, PksLang lang)
{
  return pks_metric_label (k, lang);
}

/* The unit of the value as the workbook stores it: the files' own
 * numbers, so costs in kronor (the report shows MSEK). */
static const char *
m_unit (PksMetric k, PksLang lang)
{
  if (pks_metric_unit (k) == PKS_MU_SEK)
    return lang == PKS_LANG_EN ? "SEK" : "kr";
  return pks_metric_unit_label (k, lang);
}

static int
m_decimals (PksMetric k)
{
  return pks_metric_unit (k) == PKS_MU_SEK ? 0 : pks_metric_decimals (k);
}

static const char *
scope_words (PksScope s, PksLang lang)
{
  gboolean sv = lang == PKS_LANG_SV;
  return s == PKS_SCOPE_REGION ? "Region" : s == PKS_SCOPE_SITE ? (sv ? "Sjukhus" : "Hospital")
         : s == PKS_SCOPE_AREA ? (sv ? "Område" : "Area")
         : s == PKS_SCOPE_CLINIC ? (sv ? "Klinik/centrum" : "Clinic")
         : s == PKS_SCOPE_FLOW ? (sv ? "Flöde" : "Flow") : (sv ? "Enhet" : "Unit");
}

/* ---- Sammanfattning, Per enhet ----------------------------------------- */

static void
summary_rows (PksSheet *sh, const PksSummary *s, const char *scenario, gboolean units, PksLang lang)
{
  const PksModel *m = s->model;
  guint ne = pks_model_n_entities (m);
  for (guint e = 0; e < ne; e++)
    {
      PksScope sc = pks_model_entity_scope (m, e);
      if ((sc == PKS_SCOPE_UNIT) != units)
        continue;
      const char *site = NULL;
      if (units)
        for (guint u = 0; u < pks_model_n_units (m); u++)
          if (pks_model_unit_entity (m, u) == e)
            site = pks_model_site_name (m, pks_model_unit_site (m, u));
      for (int k = 0; k < PKS_N_METRICS; k++)
        {
          const PksEstimate *x = pks_summary_get (s, e, k);
          if (isnan (x->mean))
            continue;   /* as summary.csv: an undefined metric has no row */
          if (scenario)
            pks_sheet_text (sh, scenario);
          if (units)
            pks_sheet_text (sh, site);
          else
            pks_sheet_text (sh, scope_words (sc, lang));
          pks_sheet_text (sh, pks_model_entity_name (m, e));
          pks_sheet_text (sh, m_label (k, lang));
          pks_sheet_text (sh, m_unit (k, lang));
          pks_sheet_estimate (sh, x->mean, x->ci_low, x->ci_high, m_decimals (k));
          pks_sheet_text (sh, pks_metric_name (k));
          pks_sheet_end_row (sh);
        }
    }
}

static void
add_summaries (PksXlsx *x, const PksSummary *const *sums, const char *const *names, guint n,
               gboolean units)
{
  PksLang lang = pks_xlsx_lang (x);
  const char *head[] = { L (x, "Scenario", "Scenario"),
                         units ? L (x, "Sjukhus", "Hospital") : L (x, "Nivå", "Level"),
                         units ? L (x, "Basenhet", "Unit") : L (x, "Namn", "Name"),
                         L (x, "Nyckeltal", "Figure"), L (x, "Enhet", "Measured in"),
                         L (x, "Medelvärde", "Mean"), L (x, "95 % KI från", "95 % CI from"),
                         L (x, "95 % KI till", "95 % CI to"), L (x, "Kod", "Code") };
  gboolean many = n > 1;
  PksSheet *sh = pks_xlsx_sheet (x, units ? L (x, "Per enhet", "By unit")
                                          : L (x, "Sammanfattning", "Summary"),
                                 many ? head : head + 1, G_N_ELEMENTS (head) - !many,
                                 many ? 4 : 3);
  for (guint i = 0; i < n; i++)
    summary_rows (sh, sums[i], many ? names[i] : NULL, units, lang);
  pks_sheet_note (sh, L (x, "Medelvärde över replikeringarna med 95 % konfidensintervall (KI). "
                            "Kod: nyckeltalets namn i summary.csv.",
                         "Mean over replications with its 95 % confidence interval (CI). "
                         "Code: the figure's name in summary.csv."));
}

void
pks_xlsx_add_summary (PksXlsx *x, const PksSummary *const *sums, const char *const *names, guint n)
{
  add_summaries (x, sums, names, n, FALSE);
}

void
pks_xlsx_add_units (PksXlsx *x, const PksSummary *const *sums, const char *const *names, guint n)
{
  add_summaries (x, sums, names, n, TRUE);
}

/* ---- Per månad -------------------------------------------------------- */

void
pks_xlsx_add_monthly (PksXlsx *x, const PksModel *const *models, PksRepResult *const *const *reps,
                      guint n_reps, const char *const *names, guint n)
{
  PksLang lang = pks_xlsx_lang (x);
  gboolean many = n > 1;
  g_autoptr (GPtrArray) head = g_ptr_array_new_with_free_func (g_free);
  if (many)
    g_ptr_array_add (head, g_strdup (L (x, "Scenario", "Scenario")));
  g_ptr_array_add (head, g_strdup (L (x, "Månad", "Month")));
  g_ptr_array_add (head, g_strdup (L (x, "Basenhet", "Unit")));
  int metric[PKS_N_MONTHLY];
  for (int k = 0; k < PKS_N_MONTHLY; k++)
    {
      metric[k] = pks_metric_from_name (pks_monthly_name (k));
      const char *lab = pks_metric_short_label (metric[k], lang);
      g_ptr_array_add (head, g_strdup (lab));
      g_ptr_array_add (head, g_strdup_printf (L (x, "%s, 95 %% KI från", "%s, 95 %% CI from"), lab));
      g_ptr_array_add (head, g_strdup_printf (L (x, "%s, 95 %% KI till", "%s, 95 %% CI to"), lab));
    }
  PksSheet *sh = pks_xlsx_sheet (x, L (x, "Per månad", "By month"), (const char *const *) head->pdata,
                                 head->len, many ? 3 : 2);
  g_autofree double *v = g_new (double, MAX (1u, n_reps));
  for (guint i = 0; i < n; i++)
    {
      const PksModel *m = models[i];
      guint nu = pks_model_n_units (m), nm = pks_model_n_months (m);
      for (guint mi = 0; mi < nm; mi++)
        {
          PksDate d = pks_model_month_date (m, mi);
          char month[16];
          g_snprintf (month, sizeof month, "%04d-%02d", pks_date_year (d), pks_date_month (d));
          for (guint u = 0; u < nu; u++)
            {
              if (!pks_model_unit_has_elective (m, u))
                continue;   /* as monthly.csv */
              if (many)
                pks_sheet_text (sh, names[i]);
              pks_sheet_text (sh, month);
              pks_sheet_text (sh, pks_model_unit_name (m, u));
              for (int k = 0; k < PKS_N_MONTHLY; k++)
                {
                  for (guint r = 0; r < n_reps; r++)
                    v[r] = reps[i][r]->monthly[((gsize) u * nm + mi) * PKS_N_MONTHLY + k];
                  PksEstimate e = pks_estimate_of (v, n_reps);
                  pks_sheet_estimate (sh, e.mean, e.ci_low, e.ci_high, m_decimals (metric[k]));
                }
              pks_sheet_end_row (sh);
            }
        }
    }
  pks_sheet_note (sh, L (x, "Väntelistor och vårdgaranti vid varje månads slut; operationer och strukna "
                            "operationer under månaden. Medelvärde över replikeringarna med 95 % KI.",
                         "Waiting lists and the care guarantee at each month's end; operations and "
                         "cancellations during the month. Mean over replications with its 95 % CI."));
}

/* ---- PKS-balans ------------------------------------------------------- */

void
pks_xlsx_add_balance (PksXlsx *x, const PksModel *m, PksRepResult *const *reps, guint n_reps)
{
  PksLang lang = pks_xlsx_lang (x);
  static const struct { const char *sv, *en; } fig[] = {
    { "Behov", "Demand" }, { "Kapacitet", "Capacity" }, { "Produktion", "Production" },
    { "Köns förändring", "Backlog change" }, { "Kön vid periodens slut", "Backlog at the end" },
    { "Lämnade listan obehandlade", "Left the list untreated" },
  };
  g_autoptr (GPtrArray) head = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (head, g_strdup (L (x, "Period", "Period")));
  g_ptr_array_add (head, g_strdup (L (x, "Nivå", "Level")));
  g_ptr_array_add (head, g_strdup (L (x, "Namn", "Name")));
  g_ptr_array_add (head, g_strdup (L (x, "Resurs", "Resource")));
  g_ptr_array_add (head, g_strdup (L (x, "Räknas i", "Counted in")));
  for (guint k = 0; k < G_N_ELEMENTS (fig); k++)
    {
      const char *lab = lang == PKS_LANG_EN ? fig[k].en : fig[k].sv;
      g_ptr_array_add (head, g_strdup (lab));
      g_ptr_array_add (head, g_strdup_printf (L (x, "%s, 95 %% KI från", "%s, 95 %% CI from"), lab));
      g_ptr_array_add (head, g_strdup_printf (L (x, "%s, 95 %% KI till", "%s, 95 %% CI to"), lab));
    }
  g_ptr_array_add (head, g_strdup (L (x, "Dagar", "Days")));
  g_ptr_array_add (head, g_strdup (L (x, "Kod", "Code")));
  PksSheet *sh = pks_xlsx_sheet (x, L (x, "PKS-balans", "PKS balance"),
                                 (const char *const *) head->pdata, head->len, 4);
  g_autoptr (GArray) rows = pks_balance_rows (m, reps, n_reps);
  for (guint i = 0; i < rows->len; i++)
    {
      const PksBalanceRow *r = &g_array_index (rows, PksBalanceRow, i);
      const PksPeriod *p = pks_model_period (m, r->period);
      if (p->kind == PKS_PERIOD_WEEK)
        continue;   /* the weeks are in balance.csv */
      pks_sheet_text (sh, p->label);
      pks_sheet_text (sh, scope_words (pks_model_entity_scope (m, r->entity), lang));
      pks_sheet_text (sh, pks_model_entity_name (m, r->entity));
      pks_sheet_text (sh, pks_balance_resource_label (r->resource, lang));
      pks_sheet_text (sh, pks_balance_resource_unit (r->resource, lang));
      const PksEstimate *e[] = { &r->demand, &r->capacity, &r->production, &r->change, &r->end,
                                 &r->removed };
      for (guint k = 0; k < G_N_ELEMENTS (e); k++)
        pks_sheet_estimate (sh, e[k]->mean, e[k]->ci_low, e[k]->ci_high, 0);
      pks_sheet_num (sh, p->n_days, 0);
      pks_sheet_text (sh, pks_balance_resource_name (r->resource));
      pks_sheet_end_row (sh);
    }
  pks_sheet_note (sh, L (x, "Behov, kapacitet och produktion per månad och tertial (veckorna finns i "
                            "balance.csv), medelvärde över replikeringarna med 95 % KI; behov − "
                            "produktion − de som lämnade listan = köns förändring (docs/balance.md). "
                            "Kod: resursens namn i balance.csv.",
                         "Demand, capacity and production per month and tertial (the weeks are in "
                         "balance.csv), mean over replications with its 95 % CI; demand − production "
                         "− those who left the list = the backlog's change (docs/balance.md). Code: "
                         "the resource's name in balance.csv."));
}

/* ---- Jämförelse -------------------------------------------------------- */

/* A paired difference in words: better or worse for a metric with a
 * direction, higher or lower for one without; or no sure difference. */
static const char *
verdict_words (PksMetric k, double lo, double hi, PksLang lang)
{
  gboolean sv = lang == PKS_LANG_SV;
  if (isnan (lo) || isnan (hi) || (lo <= 0 && hi >= 0))
    return sv ? "ingen säker skillnad" : "no sure difference";
  gboolean up = lo > 0;
  int better = pks_metric_better (k);
  if (better == 0)
    return up ? (sv ? "säkert högre" : "surely higher") : (sv ? "säkert lägre" : "surely lower");
  return (up == (better > 0)) ? (sv ? "bättre" : "better") : (sv ? "sämre" : "worse");
}

void
pks_xlsx_add_compare (PksXlsx *x, GArray *const *rows, const char *const *plans, guint np)
{
  PksLang lang = pks_xlsx_lang (x);
  const char *head[] = { "Plan", L (x, "Nivå", "Level"), L (x, "Namn", "Name"),
                         L (x, "Nyckeltal", "Figure"), L (x, "Enhet", "Measured in"),
                         L (x, "Basen", "Base"), L (x, "Planen", "Plan value"),
                         L (x, "Skillnad plan − bas", "Difference plan − base"),
                         L (x, "95 % KI från", "95 % CI from"), L (x, "95 % KI till", "95 % CI to"),
                         L (x, "Bedömning", "Verdict"), L (x, "Kod", "Code") };
  PksSheet *sh = pks_xlsx_sheet (x, L (x, "Jämförelse", "Comparison"), head, G_N_ELEMENTS (head), 4);
  for (guint p = 0; p < np; p++)
    for (guint i = 0; i < rows[p]->len; i++)
      {
        const PksDiffRow *r = &g_array_index (rows[p], PksDiffRow, i);
        int dec = m_decimals (r->metric);
        pks_sheet_text (sh, plans[p]);
        pks_sheet_text (sh, scope_words (r->scope, lang));
        pks_sheet_text (sh, r->name);
        pks_sheet_text (sh, m_label (r->metric, lang));
        pks_sheet_text (sh, m_unit (r->metric, lang));
        pks_sheet_num (sh, r->base_mean, dec);
        pks_sheet_num (sh, r->plan_mean, dec);
        /* a difference gets a decimal more than the figure: −0,4 is not 0 */
        pks_sheet_estimate (sh, r->diff.mean, r->diff.ci_low, r->diff.ci_high, dec + 1);
        pks_sheet_text (sh, verdict_words (r->metric, r->diff.ci_low, r->diff.ci_high, lang));
        pks_sheet_text (sh, pks_metric_name (r->metric));
        pks_sheet_end_row (sh);
      }
  pks_sheet_note (sh, L (x, "Parvisa skillnader med gemensamma slumptal: varje replikering av planen "
                            "möter samma patienter som basens. Säker skillnad: 95 % KI utesluter 0.",
                         "Paired differences with common random numbers: each replication of a plan "
                         "meets the base's patients. A sure difference: the 95 % CI excludes 0."));
}

/* ---- Inställningar ---------------------------------------------------- */

void
pks_xlsx_add_settings (PksXlsx *x, const PksScenario *const *scen, const char *const *names, guint n)
{
  PksLang lang = pks_xlsx_lang (x);
  gboolean many = n > 1;
  const char *head[] = { L (x, "Scenario", "Scenario"), L (x, "Område", "Group"),
                         L (x, "Inställning", "Setting"), L (x, "Värde", "Value"),
                         L (x, "Satt i", "Set in"), L (x, "Kod", "Code") };
  PksSheet *sh = pks_xlsx_sheet (x, L (x, "Inställningar", "Settings"), many ? head : head + 1,
                                 G_N_ELEMENTS (head) - !many, many ? 3 : 2);
  for (guint i = 0; i < n; i++)
    for (guint k = 0; scen[i]->resolved && k < scen[i]->resolved->len; k++)
      {
        g_autofree char *key = NULL, *value = NULL;
        const char *origin;
        if (!pks_setting_split (g_ptr_array_index (scen[i]->resolved, k), &key, &value, &origin))
          continue;
        g_autofree char *vt = pks_setting_value_text (key, value, lang);
        g_autofree char *ot = pks_setting_origin_text (origin, lang);
        const char *label = pks_setting_label (key, lang);
        const char *group = pks_setting_group_label (key, lang);
        if (many)
          pks_sheet_text (sh, names[i]);
        pks_sheet_text (sh, group ? group : "");
        pks_sheet_text (sh, label ? label : key);
        pks_sheet_text (sh, vt);
        pks_sheet_text (sh, ot);
        pks_sheet_text (sh, key);
        pks_sheet_end_row (sh);
      }
}

/* ---- a sweep ----------------------------------------------------------- */

void
pks_xlsx_add_sweep (PksXlsx *x, const PksSweep *s, const PksDesign *d)
{
  PksLang lang = pks_xlsx_lang (x);
  guint nf = d->n_factors;
  g_autoptr (GPtrArray) head = g_ptr_array_new ();
  g_ptr_array_add (head, (char *) L (x, "Punkt", "Point"));
  for (guint j = 0; j < nf; j++)
    g_ptr_array_add (head, d->keys[j]);
  const char *tail[] = { L (x, "Nivå", "Level"), L (x, "Namn", "Name"), L (x, "Nyckeltal", "Figure"),
                         L (x, "Enhet", "Measured in"), L (x, "Medelvärde", "Mean"),
                         L (x, "95 % KI från", "95 % CI from"), L (x, "95 % KI till", "95 % CI to"),
                         L (x, "Skillnad mot basen", "Difference from the base"),
                         L (x, "Skillnad, 95 % KI från", "Difference, 95 % CI from"),
                         L (x, "Skillnad, 95 % KI till", "Difference, 95 % CI to"),
                         L (x, "Bedömning", "Verdict"), L (x, "Kod", "Code") };
  for (guint j = 0; j < G_N_ELEMENTS (tail); j++)
    g_ptr_array_add (head, (char *) tail[j]);
  PksSheet *sh = pks_xlsx_sheet (x, L (x, "Jämförelse", "Comparison"), (const char *const *) head->pdata,
                                 head->len, 1 + nf);
  for (guint p = 1; p < pks_sweep_n_points (s) && p <= d->n_points; p++)
    for (guint e = 0; e < pks_sweep_n_entities (s, p); e++)
      for (int k = 0; k < PKS_N_METRICS; k++)
        {
          PksSweepRow row;
          if (!pks_sweep_row (s, p, e, k, &row) || isnan (row.mean.mean))
            continue;
          int dec = m_decimals (k);
          pks_sheet_text (sh, d->names[p - 1]);
          for (guint j = 0; j < nf; j++)
            pks_sheet_text (sh, d->values[p - 1][j]);
          pks_sheet_text (sh, scope_words (row.scope, lang));
          pks_sheet_text (sh, row.name);
          pks_sheet_text (sh, m_label (k, lang));
          pks_sheet_text (sh, m_unit (k, lang));
          pks_sheet_estimate (sh, row.mean.mean, row.mean.ci_low, row.mean.ci_high, dec);
          pks_sheet_estimate (sh, row.diff.mean, row.diff.ci_low, row.diff.ci_high, dec + 1);
          pks_sheet_text (sh, verdict_words (k, row.diff.ci_low, row.diff.ci_high, lang));
          pks_sheet_text (sh, pks_metric_name (k));
          pks_sheet_end_row (sh);
        }
  pks_sheet_note (sh, L (x, "En rad per designpunkt, nivå och nyckeltal, som sweep.csv. Skillnaden mot "
                            "basen är parvis med gemensamma slumptal.",
                         "One row per design point, level and figure, as in sweep.csv. The difference "
                         "from the base is paired with common random numbers."));
}

/* ---- an optimisation --------------------------------------------------- */

void
pks_xlsx_add_optimise (PksXlsx *x, const PksOptimiseResult *r, const char *const *units, guint n_units,
                       const char *objective, gboolean maximise)
{
  g_autoptr (GPtrArray) head = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (head, g_strdup (L (x, "Rang", "Rank")));
  g_ptr_array_add (head, g_strdup (L (x, "Allokering", "Allocation")));
  for (guint u = 0; u < n_units; u++)
    g_ptr_array_add (head, g_strdup (units[u]));
  const char *tail[] = { L (x, "Målfunktion", "Objective"), L (x, "95 % KI från", "95 % CI from"),
                         L (x, "95 % KI till", "95 % CI to"),
                         L (x, "Skillnad mot svaret", "Gap to the answer"),
                         L (x, "Skillnad, 95 % KI från", "Gap, 95 % CI from"),
                         L (x, "Skillnad, 95 % KI till", "Gap, 95 % CI to"),
                         L (x, "Förändring mot basen", "Change from the base"),
                         L (x, "Förändring, 95 % KI från", "Change, 95 % CI from"),
                         L (x, "Förändring, 95 % KI till", "Change, 95 % CI to") };
  for (guint i = 0; i < G_N_ELEMENTS (tail); i++)
    g_ptr_array_add (head, g_strdup (tail[i]));
  PksSheet *sh = pks_xlsx_sheet (x, L (x, "Sammanfattning", "Summary"), (const char *const *) head->pdata,
                                 head->len, 2);
  for (guint i = 0; i < r->ranked->len; i++)
    {
      const PksAllocation *a = &g_array_index (r->ranked, PksAllocation, i);
      g_autofree char *al = pks_allocation_format (a->alloc, n_units, units);
      pks_sheet_num (sh, i + 1, 0);
      pks_sheet_text (sh, al);
      for (guint u = 0; u < n_units; u++)
        if (a->alloc[u])
          pks_sheet_num (sh, a->alloc[u], 0);
        else
          pks_sheet_skip (sh);
      pks_sheet_estimate (sh, a->mean, a->ci_low, a->ci_high, 1);
      pks_sheet_estimate (sh, a->gap_mean, a->gap_low, a->gap_high, 1);
      pks_sheet_estimate (sh, a->base_gap_mean, a->base_gap_low, a->base_gap_high, 1);
      pks_sheet_end_row (sh);
    }
  pks_sheet_skip (sh);
  pks_sheet_text (sh, L (x, "Basen, inget tillagt", "The base, nothing added"));
  for (guint u = 0; u < n_units; u++)
    pks_sheet_skip (sh);
  pks_sheet_estimate (sh, r->base_mean, r->base_low, r->base_high, 1);
  pks_sheet_end_row (sh);
  g_autofree char *note = g_strdup_printf (L (x, "Målfunktion: %s, %s. Rang 1 är svaret. Skillnaderna är "
                                                 "parvisa med gemensamma slumptal över samma replikeringar.",
                                              "Objective: %s, %s. Rank 1 is the answer. Differences are "
                                              "paired with common random numbers over the same "
                                              "replications."),
                                           objective, maximise ? L (x, "högre är bättre", "higher is better")
                                                               : L (x, "lägre är bättre", "lower is better"));
  pks_sheet_note (sh, note);
}

/* ---- a CSV file as a sheet (pks fit's tables) ------------------------ */

/* The columns pks fit's files have, in words. */
static const struct {
  const char *col, *sv, *en;
} column_words[] = {
  { "unit", "Enhet", "Unit" }, { "flow", "Flöde", "Flow" }, { "parameter", "Parameter", "Parameter" },
  { "value", "Värde", "Value" }, { "ci_low", "95 % KI från", "95 % CI from" },
  { "ci_high", "95 % KI till", "95 % CI to" }, { "n", "Fall", "Cases" }, { "source", "Källa", "Source" },
  { "check", "Kontroll", "Check" }, { "key", "Nyckel", "Key" }, { "observed", "Observerat", "Observed" },
  { "fitted", "Anpassat", "Fitted" }, { "fitted_low", "Anpassat, 95 % KI från", "Fitted, 95 % CI from" },
  { "fitted_high", "Anpassat, 95 % KI till", "Fitted, 95 % CI to" }, { "month", "Månad", "Month" },
  { "scope", "Nivå", "Level" }, { "name", "Namn", "Name" }, { "metric", "Nyckeltal", "Figure" },
  { "actual", "Utfall", "Actual" }, { "sim_mean", "Simulerat", "Simulated" },
  { "sim_low", "Simulerat, 95 % KI från", "Simulated, 95 % CI from" },
  { "sim_high", "Simulerat, 95 % KI till", "Simulated, 95 % CI to" },
  { "inside", "Inom intervallet", "Inside the interval" },
};

gboolean
pks_xlsx_add_csv (PksXlsx *x, const char *sheet, const char *path, guint frozen_cols, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  g_autoptr (PksDiags) diags = pks_diags_new ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GArray) lines = NULL;
  if (!pks_csv_read_rows (path, data, len, &rows, &lines, NULL, diags) || rows->len == 0)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot read it back for the workbook", path);
      return FALSE;
    }
  GPtrArray *hdr = g_ptr_array_index (rows, 0);
  g_autoptr (GPtrArray) head = g_ptr_array_new ();
  for (guint c = 0; c < hdr->len; c++)
    {
      const char *h = g_ptr_array_index (hdr, c);
      for (guint k = 0; k < G_N_ELEMENTS (column_words); k++)
        if (!strcmp (column_words[k].col, h))
          h = L (x, column_words[k].sv, column_words[k].en);
      g_ptr_array_add (head, (gpointer) h);
    }
  PksSheet *sh = pks_xlsx_sheet (x, sheet, (const char *const *) head->pdata, head->len, frozen_cols);
  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      for (guint c = 0; c < row->len; c++)
        {
          const char *t = g_ptr_array_index (row, c);
          double v;
          if (*t && pks_parse_number (t, &v))
            {
              const char *dot = strpbrk (t, ".,");
              pks_sheet_num (sh, v, dot ? (int) MIN (6u, strspn (dot + 1, "0123456789")) : 0);
            }
          else
            pks_sheet_text (sh, t);
        }
      pks_sheet_end_row (sh);
    }
  return TRUE;
}
