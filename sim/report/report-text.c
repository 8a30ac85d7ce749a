/* report-text.c — the report's words in Swedish (the default: planners
 * and managers in the regions read Swedish) and English, and which
 * metrics it heads with (their labels, rounding and direction are the
 * metric table's). */
#include "report-internal.h"
#include "pks/core/error.h"

#include <string.h>

/* The headline metrics, in the report's order. Labels, units, decimals
 * and direction are the metric table's (pks/model/metrics.h); staffed
 * bed-days alone are shown otherwise, per day of the horizon: the staffed
 * beds a manager plans with. */
static const PksMetric headline[] = {
  PKS_M_STAFFED_BED_DAYS, PKS_M_OCCUPANCY_PCT, PKS_M_ADMISSIONS, PKS_M_OVERCROWDED_DAYS,
  PKS_M_OUTLIED_DAYS, PKS_M_TRANSFERS_OUT, PKS_M_OPERATIONS, PKS_M_CANCELLED_OPERATIONS,
  PKS_M_WAITING_FIRST_VISIT, PKS_M_WAITING_TREATMENT, PKS_M_VG_FIRST_VISIT_PCT,
  PKS_M_VG_TREATMENT_PCT, PKS_M_VG_FIRST_VISIT_DONE_PCT, PKS_M_VG_TREATMENT_DONE_PCT,
  PKS_M_WAIT_TREATMENT_MEDIAN_DAYS, PKS_M_STAFF_COST, PKS_M_OUT_OF_REGION_COST, PKS_M_TOTAL_COST,
};

/* Staffed beds on an average day: the somatic beds, as the region's
 * statistics count them (docs/metrics.md, staffed_bed_days). */
static const RpMetric staffed_per_day = {
  NULL, "Disponibla vårdplatser (somatiska), medel per dag", "Staffed beds (somatic), mean per day",
  "Disponibla vårdplatser", "Staffed beds", "platser", "beds", 1, 1, 0, TRUE, FALSE, FALSE,
};

/* Every metric as the report shows it, in the metric table's order, and
 * the headline ones in the report's order. */
static RpMetric all_table[PKS_N_METRICS];
static RpMetric headline_copy[G_N_ELEMENTS (headline)];

static void
tables_init (void)
{
  for (int k = 0; k < PKS_N_METRICS; k++)
    {
      RpMetric *m = &all_table[k];
      if (k == PKS_M_STAFFED_BED_DAYS)
        *m = staffed_per_day;
      else
        {
          m->sv = pks_metric_label (k, PKS_LANG_SV);
          m->en = pks_metric_label (k, PKS_LANG_EN);
          m->short_sv = pks_metric_short_label (k, PKS_LANG_SV);
          m->short_en = pks_metric_short_label (k, PKS_LANG_EN);
          m->unit_sv = pks_metric_unit_label (k, PKS_LANG_SV);
          m->unit_en = pks_metric_unit_label (k, PKS_LANG_EN);
          m->decimals = pks_metric_decimals (k);
          m->scale = pks_metric_scale (k);
          m->better = pks_metric_better (k);
          m->per_day = FALSE;
          m->cost = pks_metric_unit (k) == PKS_MU_SEK;
          m->pct = pks_metric_unit (k) == PKS_MU_PCT;
        }
      m->metric = pks_metric_name (k);
    }
  for (guint i = 0; i < G_N_ELEMENTS (headline); i++)
    headline_copy[i] = all_table[headline[i]];
}

static void
ensure_tables (void)
{
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      tables_init ();
      g_once_init_leave (&done, 1);
    }
}

const RpMetric *
rp_headline (guint *n)
{
  ensure_tables ();
  *n = G_N_ELEMENTS (headline);
  return headline_copy;
}

const RpMetric *
rp_metric_info (const char *metric)
{
  ensure_tables ();
  int k = metric ? pks_metric_from_name (metric) : -1;
  return k >= 0 ? &all_table[k] : NULL;
}

const char *
rp_metric_label (const RpMetric *m, PksLang lang)
{
  return lang == PKS_LANG_EN ? m->en : m->sv;
}

const char *
rp_metric_short (const RpMetric *m, PksLang lang)
{
  return lang == PKS_LANG_EN ? m->short_en : m->short_sv;
}

const char *
rp_metric_unit (const RpMetric *m, PksLang lang)
{
  return lang == PKS_LANG_EN ? m->unit_en : m->unit_sv;
}

static const RpText sv = {
  .code = "sv",
  .months = { "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec" },
  .months_long = { "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                   "september", "oktober", "november", "december" },
  .comma = TRUE,
  .title_run = "Simuleringsrapport",
  .title_compare = "Jämförelse av planer",
  .title_optimise = "Var gör tillskottet mest nytta?",
  .sec_findings = "Viktigaste iakttagelser",
  .sec_headline = "Nyckeltal",
  .sec_census = "Inneliggande patienter och disponibla vårdplatser",
  .sec_waiting = "Väntelistor per månad",
  .sec_guarantee = "Vårdgaranti per enhet",
  .sec_settings = "Inställningar",
  .sec_forest = "Skillnader mot basen",
  .sec_units = "Nyckeltal per enhet",
  .ci_note = "Medelvärde över replikeringarna och, inom parentes, 95 % konfidensintervall.",
  .region = "Region",
  .site = "Sjukhus",
  .unit = "Enhet",
  .base = "Bas",
  .plan = "Plan",
  .metric = "Nyckeltal",
  .census_y = "Inneliggande patienter (antal)",
  .date_x = "Datum",
  .census_mean = "Inneliggande, medel",
  .census_band = "10:e–90:e percentil",
  .staffed = "Disponibla vårdplatser (100 % beläggning)",
  .hundred = "100 %",
  .waiting_y = "Väntande patienter (antal)",
  .month_x = "Månadens slut",
  .waiting_fv = "Väntar på nybesök",
  .waiting_tr = "Väntar på behandling",
  .band_note = "Skuggat: 10:e–90:e percentil över replikeringarna.",
  .vg_x = "Andel väntande inom vårdgarantins gräns (%)",
  .vg_fv = "Nybesök",
  .vg_tr = "Behandling",
  .vg_target = "Mål",
  .vg_title_fv = "Vårdgaranti nybesök",
  .vg_title_tr = "Vårdgaranti behandling",
  .forest_pct = "Förändring i procent av basens värde (%)",
  .forest_pp = "Förändring i procentenheter",
  .better = "Bättre",
  .worse = "Sämre",
  .neither = "Ingen säker skillnad",
  .forest_note = "Parvisa skillnader plan − bas med gemensamma slumptal; strecken visar 95 % konfidensintervall. "
                 "Färgen visar om skillnaden är säker (intervallet utesluter 0) och åt vilket håll den går.",
  .no_waitlists = "Scenariot har inga väntelistor (inga planerade flöden).",
  .no_costs = "Kostnader visas inte: scenariot anger inga kostnader ([costs]).",
  .days_unit = "dagar",
  .census_caption = "Linjen är medelvärdet av inneliggande patienter vid dygnets mätpunkt, det skuggade fältet "
                    "10:e–90:e percentilen över replikeringarna, trappan antalet disponibla vårdplatser "
                    "(= 100 % beläggning).",
  .waiting_caption = "Antal väntande vid varje månads slut för de enheter som ligger längst från vårdgarantin.",
  .vg_caption = "Andel av de väntande som väntat högst vårdgarantins gräns, medel över månadsskiften, "
                "med 95 % konfidensintervall. Den streckade linjen är målet.",
  .forest_caption = "Skillnaden för regionen per nyckeltal.",
  .footer = "Framtagen med pks, en simulator för produktions- och kapacitetsstyrning. Alla siffror är "
            "simulerade: medelvärden över oberoende replikeringar med 95 % konfidensintervall.",
};

static const RpText en = {
  .code = "en",
  .months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" },
  .months_long = { "January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December" },
  .comma = FALSE,
  .title_run = "Simulation report",
  .title_compare = "Plan comparison",
  .title_optimise = "Where does the addition do most?",
  .sec_findings = "Main findings",
  .sec_headline = "Headline figures",
  .sec_census = "Patients in beds and staffed beds",
  .sec_waiting = "Waiting lists by month",
  .sec_guarantee = "Care guarantee by unit",
  .sec_settings = "Settings",
  .sec_forest = "Differences from the base",
  .sec_units = "Figures by unit",
  .ci_note = "Mean over replications and, in brackets, the 95 % confidence interval.",
  .region = "Region",
  .site = "Hospital",
  .unit = "Unit",
  .base = "Base",
  .plan = "Plan",
  .metric = "Figure",
  .census_y = "Patients in beds",
  .date_x = "Date",
  .census_mean = "In beds, mean",
  .census_band = "10th–90th percentile",
  .staffed = "Staffed beds (100 % occupancy)",
  .hundred = "100 %",
  .waiting_y = "Patients waiting",
  .month_x = "End of month",
  .waiting_fv = "Waiting for a first visit",
  .waiting_tr = "Waiting for treatment",
  .band_note = "Shaded: 10th–90th percentile over replications.",
  .vg_x = "Share waiting within the guarantee limit (%)",
  .vg_fv = "First visit",
  .vg_tr = "Treatment",
  .vg_target = "Target",
  .vg_title_fv = "Care guarantee, first visit",
  .vg_title_tr = "Care guarantee, treatment",
  .forest_pct = "Change in per cent of the base value (%)",
  .forest_pp = "Change in percentage points",
  .better = "Better",
  .worse = "Worse",
  .neither = "No clear difference",
  .forest_note = "Paired differences plan − base with common random numbers; whiskers are 95 % confidence "
                 "intervals. Colour says whether the difference is clear (the interval excludes 0) and "
                 "which way it goes.",
  .no_waitlists = "The scenario has no waiting lists (no elective flows).",
  .no_costs = "Costs are not shown: the scenario gives none ([costs]).",
  .days_unit = "days",
  .census_caption = "The line is the mean number of patients in beds at the daily census, the shaded area "
                    "the 10th–90th percentile over replications, the steps the staffed beds "
                    "(= 100 % occupancy).",
  .waiting_caption = "Patients waiting at each month's end, for the units furthest from the care guarantee.",
  .vg_caption = "Share of those waiting who have waited at most the guarantee limit, mean over month "
                "ends, with 95 % confidence intervals. The dashed line is the target.",
  .forest_caption = "The region's difference per figure.",
  .footer = "Made with pks, a simulator for production and capacity planning. Every figure is "
            "simulated: means over independent replications with 95 % confidence intervals.",
};

const RpText *
rp_text (PksLang lang)
{
  return lang == PKS_LANG_EN ? &en : &sv;
}

/* What a manager weighs plans on, in the order of the answer: beds that
 * are short (overcrowding, outlying, transfers), planned care that falls
 * (cancellations, the guarantee), and what it costs. */
static const PksMetric default_measures[] = {
  PKS_M_OVERCROWDED_DAYS, PKS_M_OUTLIED_DAYS, PKS_M_TRANSFERS_OUT, PKS_M_CANCELLED_OPERATIONS,
  PKS_M_VG_TREATMENT_PCT, PKS_M_TOTAL_COST,
};

gboolean
pks_report_measures_check (const char *measures, GError **error)
{
  if (measures == NULL)
    return TRUE;
  g_auto (GStrv) parts = g_strsplit (measures, ",", -1);
  guint n = 0;
  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      int k = pks_metric_from_name (parts[i]);
      if (k < 0)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--measures: no metric \"%s\" (docs/metrics.md lists them, e.g. "
                       "overcrowded_days,vg_treatment_pct)", parts[i]);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (!strcmp (parts[j], parts[i]))
          {
            g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--measures: \"%s\" is named twice",
                         parts[i]);
            return FALSE;
          }
      n++;
    }
  if (n == 0)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--measures: name at least one metric");
      return FALSE;
    }
  return TRUE;
}

guint
pks_report_measures (const char *measures, PksMetric *out, guint max)
{
  guint n = 0;
  if (measures == NULL || !pks_report_measures_check (measures, NULL))
    {
      for (guint i = 0; i < G_N_ELEMENTS (default_measures) && n < max; i++)
        out[n++] = default_measures[i];
      return n;
    }
  g_auto (GStrv) parts = g_strsplit (measures, ",", -1);
  for (guint i = 0; parts[i] && n < max; i++)
    out[n++] = (PksMetric) pks_metric_from_name (g_strstrip (parts[i]));
  return n;
}
