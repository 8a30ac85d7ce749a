/* metrics.h — the summary metrics of the contract (section 4), in output
 * order, and the per-month figures of monthly.csv. Names never change. */
#ifndef PKS_METRICS_H
#define PKS_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* The language of labels and numbers for people (reports, the terminal). */
typedef enum { PKS_LANG_SV, PKS_LANG_EN } PksLang;

/* Parse "sv" or "en" (for --lang); FALSE with a PKS_ERROR_INPUT otherwise. */
gboolean pks_lang_parse (const char *text, PksLang *lang, GError **error);


typedef enum {
  /* contract metrics, in the contract's order */
  PKS_M_ADMISSIONS,
  PKS_M_BED_DAYS,
  PKS_M_ALOS_DAYS,
  PKS_M_STAFFED_BED_DAYS,
  PKS_M_OCCUPANCY_PCT,
  PKS_M_CENSUS_P95,
  PKS_M_OVERCROWDED_DAYS,
  PKS_M_OUTLIED_DAYS,
  PKS_M_TRANSFERS_OUT,
  PKS_M_DISCHARGE_DELAY_DAYS,
  PKS_M_OPERATIONS,
  PKS_M_CANCELLED_OPERATIONS,
  PKS_M_OR_UTILISATION_PCT,
  PKS_M_FIRST_VISITS,
  PKS_M_WAITING_FIRST_VISIT,
  PKS_M_WAITING_TREATMENT,
  PKS_M_VG_FIRST_VISIT_PCT,
  PKS_M_VG_TREATMENT_PCT,
  PKS_M_VG_FIRST_VISIT_DONE_PCT,
  PKS_M_VG_TREATMENT_DONE_PCT,
  PKS_M_WAIT_TREATMENT_MEDIAN_DAYS,
  /* extensions (docs/metrics.md) */
  PKS_M_ACUTE_ADMISSIONS,
  PKS_M_ELECTIVE_ADMISSIONS,
  PKS_M_DISCHARGES,
  PKS_M_CARE_DAYS,
  PKS_M_ARRIVALS,
  PKS_M_REFERRALS,
  PKS_M_DECISIONS,
  PKS_M_OR_OVERTIME_MINUTES,
  PKS_M_WAIT_FIRST_VISIT_MEDIAN_DAYS,
  PKS_M_WAIT_FIRST_VISIT_P90_DAYS,
  PKS_M_WAIT_TREATMENT_P90_DAYS,
  PKS_M_OR_SESSIONS,
  PKS_M_STAFF_COST,
  PKS_M_AGENCY_COST,
  PKS_M_OUT_OF_REGION_COST,
  PKS_M_OPERATION_COST,
  PKS_M_OVERTIME_COST,
  PKS_M_TOTAL_COST,
  PKS_M_WAITING_FIRST_VISIT_MEAN,
  PKS_M_WAITING_TREATMENT_MEAN,
  PKS_M_WAIT_FIRST_VISIT_MEAN_DAYS,
  PKS_M_WAIT_TREATMENT_MEAN_DAYS,
  /* the care-guarantee figures per priority (1, 2, 3) */
  PKS_M_VG_FIRST_VISIT_PCT_P1,
  PKS_M_VG_FIRST_VISIT_PCT_P2,
  PKS_M_VG_FIRST_VISIT_PCT_P3,
  PKS_M_VG_TREATMENT_PCT_P1,
  PKS_M_VG_TREATMENT_PCT_P2,
  PKS_M_VG_TREATMENT_PCT_P3,
  PKS_M_VG_FIRST_VISIT_DONE_PCT_P1,
  PKS_M_VG_FIRST_VISIT_DONE_PCT_P2,
  PKS_M_VG_FIRST_VISIT_DONE_PCT_P3,
  PKS_M_VG_TREATMENT_DONE_PCT_P1,
  PKS_M_VG_TREATMENT_DONE_PCT_P2,
  PKS_M_VG_TREATMENT_DONE_PCT_P3,
  PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P1,
  PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P2,
  PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P3,
  PKS_N_METRICS
} PksMetric;

#define PKS_N_CONTRACT_METRICS (PKS_M_WAIT_TREATMENT_MEDIAN_DAYS + 1)

const char *pks_metric_name (PksMetric m);
/* Unit of measure for tables: "%", "days", "patients", "SEK", … */
const char *pks_metric_unit (PksMetric m);
/* Swedish label for reports. */
const char *pks_metric_label_sv (PksMetric m);
/* -1 if unknown. */
int pks_metric_from_name (const char *name);

/* monthly.csv columns after month,unit */
typedef enum {
  PKS_MM_WAITING_FIRST_VISIT,
  PKS_MM_WAITING_TREATMENT,
  PKS_MM_VG_FIRST_VISIT_PCT,
  PKS_MM_VG_TREATMENT_PCT,
  PKS_MM_OPERATIONS,
  PKS_MM_CANCELLED_OPERATIONS,
  PKS_N_MONTHLY
} PksMonthlyMetric;

const char *pks_monthly_name (PksMonthlyMetric m);

G_END_DECLS

#endif
