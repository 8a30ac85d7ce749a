/* metrics.c — names, units and Swedish labels of the summary metrics.
 * The names are the contract's (../shared/spec section 4) and never change. */
#include "pks/stats/metrics.h"
#include "pks/core/error.h"

#include <string.h>

typedef struct {
  const char *name, *unit, *sv;
} Info;

static const Info info[PKS_N_METRICS] = {
  [PKS_M_ADMISSIONS] = { "admissions", "patients", "Vårdtillfällen" },
  [PKS_M_BED_DAYS] = { "bed_days", "days", "Vårddygn (beläggningsdygn)" },
  [PKS_M_ALOS_DAYS] = { "alos_days", "days", "Medelvårdtid" },
  [PKS_M_STAFFED_BED_DAYS] = { "staffed_bed_days", "days", "Disponibla vårdplatsdygn" },
  [PKS_M_OCCUPANCY_PCT] = { "occupancy_pct", "%", "Beläggning" },
  [PKS_M_CENSUS_P95] = { "census_p95", "patients", "Inneliggande, 95:e percentil" },
  [PKS_M_OVERCROWDED_DAYS] = { "overcrowded_days", "days", "Överbeläggningsdygn" },
  [PKS_M_OUTLIED_DAYS] = { "outlied_days", "days", "Utlokaliserade dygn" },
  [PKS_M_TRANSFERS_OUT] = { "transfers_out", "patients", "Utomlänsvård (patienter)" },
  [PKS_M_DISCHARGE_DELAY_DAYS] = { "discharge_delay_days", "days", "Dygn som utskrivningsklar" },
  [PKS_M_OPERATIONS] = { "operations", "patients", "Operationer" },
  [PKS_M_CANCELLED_OPERATIONS] = { "cancelled_operations", "patients", "Strukna operationer" },
  [PKS_M_OR_UTILISATION_PCT] = { "or_utilisation_pct", "%", "Operationssalsutnyttjande" },
  [PKS_M_FIRST_VISITS] = { "first_visits", "patients", "Nybesök" },
  [PKS_M_WAITING_FIRST_VISIT] = { "waiting_first_visit", "patients", "Väntande på nybesök" },
  [PKS_M_WAITING_TREATMENT] = { "waiting_treatment", "patients", "Väntande på behandling" },
  [PKS_M_VG_FIRST_VISIT_PCT] = { "vg_first_visit_pct", "%", "Vårdgaranti nybesök, andel väntande inom gränsen" },
  [PKS_M_VG_TREATMENT_PCT] = { "vg_treatment_pct", "%", "Vårdgaranti behandling, andel väntande inom gränsen" },
  [PKS_M_VG_FIRST_VISIT_DONE_PCT] = { "vg_first_visit_done_pct", "%", "Nybesök genomförda inom gränsen" },
  [PKS_M_VG_TREATMENT_DONE_PCT] = { "vg_treatment_done_pct", "%", "Behandlingar genomförda inom gränsen" },
  [PKS_M_WAIT_TREATMENT_MEDIAN_DAYS] = { "wait_treatment_median_days", "days", "Väntetid till behandling, median" },
  [PKS_M_ACUTE_ADMISSIONS] = { "acute_admissions", "patients", "Akuta vårdtillfällen" },
  [PKS_M_ELECTIVE_ADMISSIONS] = { "elective_admissions", "patients", "Planerade vårdtillfällen" },
  [PKS_M_DISCHARGES] = { "discharges", "patients", "Utskrivningar" },
  [PKS_M_CARE_DAYS] = { "care_days", "days", "Vårddagar (påbörjade dagar)" },
  [PKS_M_ARRIVALS] = { "acute_arrivals", "patients", "Akuta ankomster" },
  [PKS_M_REFERRALS] = { "referrals", "patients", "Remisser" },
  [PKS_M_DECISIONS] = { "treatment_decisions", "patients", "Beslut om behandling" },
  [PKS_M_OR_OVERTIME_MINUTES] = { "or_overtime_minutes", "minutes", "Övertid på operation (minuter)" },
  [PKS_M_WAIT_FIRST_VISIT_MEDIAN_DAYS] = { "wait_first_visit_median_days", "days", "Väntetid till nybesök, median" },
  [PKS_M_WAIT_FIRST_VISIT_P90_DAYS] = { "wait_first_visit_p90_days", "days", "Väntetid till nybesök, 90:e percentil" },
  [PKS_M_WAIT_TREATMENT_P90_DAYS] = { "wait_treatment_p90_days", "days", "Väntetid till behandling, 90:e percentil" },
  [PKS_M_OR_SESSIONS] = { "or_sessions", "sessions", "Operationspass" },
  [PKS_M_STAFF_COST] = { "staff_cost", "SEK", "Personalkostnad" },
  [PKS_M_AGENCY_COST] = { "agency_cost", "SEK", "Kostnad hyrpersonal" },
  [PKS_M_OUT_OF_REGION_COST] = { "out_of_region_cost", "SEK", "Kostnad utomlänsvård" },
  [PKS_M_OPERATION_COST] = { "operation_cost", "SEK", "Operationskostnad" },
  [PKS_M_OVERTIME_COST] = { "overtime_cost", "SEK", "Övertidskostnad operation" },
  [PKS_M_TOTAL_COST] = { "total_cost", "SEK", "Total kostnad" },
  [PKS_M_WAITING_FIRST_VISIT_MEAN] = { "waiting_first_visit_mean", "patients", "Väntande på nybesök, medel över tid" },
  [PKS_M_WAITING_TREATMENT_MEAN] = { "waiting_treatment_mean", "patients", "Väntande på behandling, medel över tid" },
  [PKS_M_WAIT_FIRST_VISIT_MEAN_DAYS] = { "wait_first_visit_mean_days", "days", "Väntetid till nybesök, medel" },
  [PKS_M_WAIT_TREATMENT_MEAN_DAYS] = { "wait_treatment_mean_days", "days", "Väntetid till behandling, medel" },
  [PKS_M_VG_FIRST_VISIT_PCT_P1] = { "vg_first_visit_pct_p1", "%", "Vårdgaranti nybesök, väntande inom gränsen, prioritet 1" },
  [PKS_M_VG_FIRST_VISIT_PCT_P2] = { "vg_first_visit_pct_p2", "%", "Vårdgaranti nybesök, väntande inom gränsen, prioritet 2" },
  [PKS_M_VG_FIRST_VISIT_PCT_P3] = { "vg_first_visit_pct_p3", "%", "Vårdgaranti nybesök, väntande inom gränsen, prioritet 3" },
  [PKS_M_VG_TREATMENT_PCT_P1] = { "vg_treatment_pct_p1", "%", "Vårdgaranti behandling, väntande inom gränsen, prioritet 1" },
  [PKS_M_VG_TREATMENT_PCT_P2] = { "vg_treatment_pct_p2", "%", "Vårdgaranti behandling, väntande inom gränsen, prioritet 2" },
  [PKS_M_VG_TREATMENT_PCT_P3] = { "vg_treatment_pct_p3", "%", "Vårdgaranti behandling, väntande inom gränsen, prioritet 3" },
  [PKS_M_VG_FIRST_VISIT_DONE_PCT_P1] = { "vg_first_visit_done_pct_p1", "%", "Nybesök genomförda inom gränsen, prioritet 1" },
  [PKS_M_VG_FIRST_VISIT_DONE_PCT_P2] = { "vg_first_visit_done_pct_p2", "%", "Nybesök genomförda inom gränsen, prioritet 2" },
  [PKS_M_VG_FIRST_VISIT_DONE_PCT_P3] = { "vg_first_visit_done_pct_p3", "%", "Nybesök genomförda inom gränsen, prioritet 3" },
  [PKS_M_VG_TREATMENT_DONE_PCT_P1] = { "vg_treatment_done_pct_p1", "%", "Behandlingar genomförda inom gränsen, prioritet 1" },
  [PKS_M_VG_TREATMENT_DONE_PCT_P2] = { "vg_treatment_done_pct_p2", "%", "Behandlingar genomförda inom gränsen, prioritet 2" },
  [PKS_M_VG_TREATMENT_DONE_PCT_P3] = { "vg_treatment_done_pct_p3", "%", "Behandlingar genomförda inom gränsen, prioritet 3" },
  [PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P1] = { "wait_treatment_median_days_p1", "days", "Väntetid till behandling, median, prioritet 1" },
  [PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P2] = { "wait_treatment_median_days_p2", "days", "Väntetid till behandling, median, prioritet 2" },
  [PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P3] = { "wait_treatment_median_days_p3", "days", "Väntetid till behandling, median, prioritet 3" },
};

const char *
pks_metric_name (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].name : NULL;
}

const char *
pks_metric_unit (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].unit : NULL;
}

const char *
pks_metric_label_sv (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].sv : NULL;
}

int
pks_metric_from_name (const char *name)
{
  for (int m = 0; m < PKS_N_METRICS; m++)
    if (strcmp (info[m].name, name) == 0)
      return m;
  return -1;
}

const char *
pks_monthly_name (PksMonthlyMetric m)
{
  static const char *names[PKS_N_MONTHLY] = {
    "waiting_first_visit", "waiting_treatment", "vg_first_visit_pct",
    "vg_treatment_pct", "operations", "cancelled_operations",
  };
  return m < PKS_N_MONTHLY ? names[m] : NULL;
}

gboolean
pks_lang_parse (const char *text, PksLang *lang, GError **error)
{
  if (text == NULL || !g_ascii_strcasecmp (text, "sv"))
    *lang = PKS_LANG_SV;
  else if (!g_ascii_strcasecmp (text, "en"))
    *lang = PKS_LANG_EN;
  else
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--lang: expected sv or en, got '%s'", text);
      return FALSE;
    }
  return TRUE;
}
