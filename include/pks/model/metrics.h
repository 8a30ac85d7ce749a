/* metrics.h — the summary metrics, one row each in PKS_METRICS: the
 * contract's name (section 4, in its order, then the extensions), unit,
 * decimals, which direction is better, how a site and the region are
 * computed from their units, when it is defined, and the Swedish and
 * English labels. The enum, the names and labels (metrics.c), the
 * computation of every entity (sim/model/results.c), the report and the
 * docs/metrics.md check all read this one list. Names never change. */
#ifndef PKS_METRICS_H
#define PKS_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* The language of labels and numbers for people (reports, the terminal). */
typedef enum { PKS_LANG_SV, PKS_LANG_EN } PksLang;

/* Parse "sv" or "en" (for --lang); FALSE with a PKS_ERROR_INPUT otherwise. */
gboolean pks_lang_parse (const char *text, PksLang *lang, GError **error);

/* X (ID, name, unit, decimals, better, rule, defined, sv, en, short sv, short en)
 *
 * unit     PATIENTS, OPERATIONS, SESSIONS, BED_DAYS (time integrals, dygn),
 *          DAYS (waiting, calendar days), PCT, MINUTES, SEK (shown in MSEK),
 *          HOURS, PER_100_BEDS (patients per 100 staffed beds)
 * decimals for people, of the value as shown (MSEK for SEK)
 * better   +1 higher is better, −1 lower, 0 neither
 * rule     how every entity's value comes from the sums over its units
 *          (results.c; the operands are its sums, in minutes where so named):
 *            SUM (x)          x                       a site sums its units
 *            IN_DAYS (x)      x / minutes per day     a sum
 *            TIME_MEAN (x)    x / minutes of the period, a time average: a sum
 *            SEK_SUM (x)      x, in SEK, a part of total_cost
 *            COST (x, price)  x × [costs] price, a part of total_cost
 *            TOTAL            the parts (SEK_SUM, COST rows) added in row order
 *            SOMATIC_SUM (x)  a sum over the somatic units only at a site or
 *                             the region (disponibla vårdplatser)
 *            RATIO (n, d)     n / d of the sums; undefined when d = 0
 *            PCT (n, d)       100 × n / d of the sums; undefined when d = 0
 *            SOMATIC_OCCUPANCY (n, d)  100 × (n / minutes per day) / d over
 *                             the somatic units at a site or the region
 *            WAIT_PCTL (h, p) p-th percentile of the pooled waits h
 *            HOURS_PCTL (h, p) the same of waits kept in minutes, in hours
 *            CENSUS_PCTL (p)  p-th percentile over days of the summed census
 *            MONTHS (stage, priority)  mean over month ends of the pooled
 *                             share waiting within the guarantee (priority
 *                             −1: all)
 *            MONTH_END (stage, priority)  the same share at the last
 *                             reported day only (a ratio of pooled sums)
 *            SOMATIC_PER_100 (x)  100 × x / staffed bed-days over the
 *                             somatic units at a site or the region: a
 *                             daily count per 100 disponibla vårdplatser
 * defined  ALL; BEDS (the entity has beds); ELECTIVE (a waiting list);
 *          PRIO1..3 (an elective flow of that priority); PATHWAY (a unit
 *          in transfers.csv, a flow with a pathway); QUEUE (acute patients
 *          and acute_queue_hours > 0); REMOVAL (a flow with removal_pct);
 *          TURNAROUND (a unit with turnaround_minutes); BYFLOW (the outputs
 *          have the flow scope, [scenario] by_flow); else NaN. A flow has
 *          only the metrics whose sums it keeps (results.c): the others,
 *          such as staffed beds or the month-end lists, are NaN for it.
 * short    chart label, NULL: the label */
#define PKS_METRICS(X) \
  /* contract metrics, in the contract's order */ \
  X (ADMISSIONS, "admissions", PATIENTS, 0, 0, SUM (admissions), ALL, \
     "Vårdtillfällen", "Admissions", NULL, NULL) \
  X (BED_DAYS, "bed_days", BED_DAYS, 0, 0, IN_DAYS (bed_min), ALL, \
     "Vårddygn (beläggningsdygn)", "Bed-days", NULL, NULL) \
  X (ALOS_DAYS, "alos_days", DAYS, 1, 0, RATIO (stay_days, discharges), ALL, \
     "Medelvårdtid", "Mean length of stay", NULL, NULL) \
  X (STAFFED_BED_DAYS, "staffed_bed_days", BED_DAYS, 0, 0, SOMATIC_SUM (disp_staffed), ALL, \
     "Disponibla vårdplatsdygn", "Staffed bed-days", NULL, NULL) \
  X (OCCUPANCY_PCT, "occupancy_pct", PCT, 1, 0, SOMATIC_OCCUPANCY (disp_bed_min, disp_staffed), ALL, \
     "Beläggning", "Occupancy", NULL, NULL) \
  X (CENSUS_P95, "census_p95", PATIENTS, 0, 0, CENSUS_PCTL (95.0), BEDS, \
     "Inneliggande, 95:e percentil", "Patients in beds, 95th percentile", NULL, NULL) \
  X (OVERCROWDED_DAYS, "overcrowded_days", BED_DAYS, 0, -1, IN_DAYS (over_min), ALL, \
     "Överbeläggningsdygn", "Overcrowded bed-days", NULL, "Overcrowded days") \
  X (OUTLIED_DAYS, "outlied_days", BED_DAYS, 0, -1, IN_DAYS (outl_min), ALL, \
     "Utlokaliserade dygn", "Outlied bed-days", NULL, "Outlied days") \
  X (TRANSFERS_OUT, "transfers_out", PATIENTS, 0, -1, SUM (transfers), ALL, \
     "Utomlänsvård (patienter)", "Transfers out of region", "Utomlänsvård", "Transfers out") \
  X (DISCHARGE_DELAY_DAYS, "discharge_delay_days", BED_DAYS, 0, -1, IN_DAYS (delay_min), ALL, \
     "Dygn som utskrivningsklar", "Bed-days ready for discharge", NULL, NULL) \
  X (OPERATIONS, "operations", OPERATIONS, 0, 1, SUM (operations), ALL, \
     "Operationer", "Operations", NULL, NULL) \
  X (CANCELLED_OPERATIONS, "cancelled_operations", OPERATIONS, 0, -1, SUM (cancelled), ALL, \
     "Strukna operationer", "Cancelled operations", NULL, NULL) \
  X (OR_UTILISATION_PCT, "or_utilisation_pct", PCT, 1, 0, PCT (or_used_min, or_avail_min), ALL, \
     "Operationssalsutnyttjande", "Operating room utilisation", NULL, NULL) \
  X (FIRST_VISITS, "first_visits", PATIENTS, 0, 1, SUM (first_visits), ALL, \
     "Nybesök", "First visits", NULL, NULL) \
  X (WAITING_FIRST_VISIT, "waiting_first_visit", PATIENTS, 0, -1, SUM (waiting_first), ALL, \
     "Väntande på nybesök vid periodens slut", "Waiting for a first visit at the end", \
     "Väntar på nybesök", "Waiting, first visit") \
  X (WAITING_TREATMENT, "waiting_treatment", PATIENTS, 0, -1, SUM (waiting_treat), ALL, \
     "Väntande på behandling vid periodens slut", "Waiting for treatment at the end", \
     "Väntar på behandling", "Waiting, treatment") \
  X (VG_FIRST_VISIT_PCT, "vg_first_visit_pct", PCT, 1, 1, MONTHS (0, -1), ELECTIVE, \
     "Vårdgaranti nybesök: andel väntande inom gränsen", \
     "Guarantee, first visit: share waiting within the limit", \
     "Vårdgaranti nybesök, väntande", "Guarantee, first visit, waiting") \
  X (VG_TREATMENT_PCT, "vg_treatment_pct", PCT, 1, 1, MONTHS (1, -1), ELECTIVE, \
     "Vårdgaranti behandling: andel väntande inom gränsen", \
     "Guarantee, treatment: share waiting within the limit", \
     "Vårdgaranti behandling, väntande", "Guarantee, treatment, waiting") \
  X (VG_FIRST_VISIT_DONE_PCT, "vg_first_visit_done_pct", PCT, 1, 1, PCT (fv_within, first_visits), ALL, \
     "Nybesök genomförda inom gränsen", "First visits done within the limit", \
     "Vårdgaranti nybesök, genomförda", "Guarantee, first visits done") \
  X (VG_TREATMENT_DONE_PCT, "vg_treatment_done_pct", PCT, 1, 1, PCT (tr_within, treatments), ALL, \
     "Behandlingar genomförda inom gränsen", "Treatments done within the limit", \
     "Vårdgaranti behandling, genomförda", "Guarantee, treatments done") \
  X (WAIT_TREATMENT_MEDIAN_DAYS, "wait_treatment_median_days", DAYS, 0, -1, WAIT_PCTL (tr, 50.0), ALL, \
     "Väntetid till behandling, median", "Wait for treatment, median", \
     "Väntetid behandling, median", NULL) \
  /* extensions (docs/metrics.md) */ \
  X (ACUTE_ADMISSIONS, "acute_admissions", PATIENTS, 0, 0, SUM (acute_admissions), ALL, \
     "Akuta vårdtillfällen", "Acute admissions", NULL, NULL) \
  X (ELECTIVE_ADMISSIONS, "elective_admissions", PATIENTS, 0, 0, SUM (elective_admissions), ALL, \
     "Planerade vårdtillfällen", "Elective admissions", NULL, NULL) \
  X (DISCHARGES, "discharges", PATIENTS, 0, 0, SUM (discharges), ALL, \
     "Utskrivningar", "Discharges", NULL, NULL) \
  X (CARE_DAYS, "care_days", DAYS, 0, 0, SUM (care_days), ALL, \
     "Vårddagar (påbörjade dagar)", "Care days (days begun)", NULL, NULL) \
  X (ARRIVALS, "acute_arrivals", PATIENTS, 0, 0, SUM (arrivals), ALL, \
     "Akuta ankomster", "Acute arrivals", NULL, NULL) \
  X (REFERRALS, "referrals", PATIENTS, 0, 0, SUM (referrals), ALL, \
     "Remisser", "Referrals", NULL, NULL) \
  X (DECISIONS, "treatment_decisions", PATIENTS, 0, 0, SUM (decisions), ALL, \
     "Beslut om behandling", "Decisions to treat", NULL, NULL) \
  X (OR_OVERTIME_MINUTES, "or_overtime_minutes", MINUTES, 0, -1, SUM (or_over_min), ALL, \
     "Övertid på operation (minuter)", "Operating overtime (minutes)", NULL, NULL) \
  X (WAIT_FIRST_VISIT_MEDIAN_DAYS, "wait_first_visit_median_days", DAYS, 0, -1, WAIT_PCTL (fv, 50.0), ALL, \
     "Väntetid till nybesök, median", "Wait for a first visit, median", NULL, NULL) \
  X (WAIT_FIRST_VISIT_P90_DAYS, "wait_first_visit_p90_days", DAYS, 0, -1, WAIT_PCTL (fv, 90.0), ALL, \
     "Väntetid till nybesök, 90:e percentil", "Wait for a first visit, 90th percentile", NULL, NULL) \
  X (WAIT_TREATMENT_P90_DAYS, "wait_treatment_p90_days", DAYS, 0, -1, WAIT_PCTL (tr, 90.0), ALL, \
     "Väntetid till behandling, 90:e percentil", "Wait for treatment, 90th percentile", NULL, NULL) \
  X (OR_SESSIONS, "or_sessions", SESSIONS, 0, 0, SUM (sessions), ALL, \
     "Operationspass", "Operating sessions", NULL, NULL) \
  X (STAFF_COST, "staff_cost", SEK, 1, -1, SEK_SUM (staff_cost), ALL, \
     "Personalkostnad", "Staff cost", NULL, NULL) \
  X (AGENCY_COST, "agency_cost", SEK, 1, -1, SUM (agency_cost), ALL, \
     "Kostnad hyrpersonal", "Agency staff cost", NULL, NULL) \
  X (OUT_OF_REGION_COST, "out_of_region_cost", SEK, 1, -1, COST (transfers, out_of_region), ALL, \
     "Kostnad utomlänsvård", "Out-of-region care cost", "Utomlänsvård, kostnad", "Out-of-region cost") \
  X (OPERATION_COST, "operation_cost", SEK, 1, -1, COST (operations, operation), ALL, \
     "Operationskostnad", "Operation cost", NULL, NULL) \
  X (OVERTIME_COST, "overtime_cost", SEK, 1, -1, COST (or_over_min, overtime_minute), ALL, \
     "Övertidskostnad operation", "Operating overtime cost", NULL, NULL) \
  X (TOTAL_COST, "total_cost", SEK, 1, -1, TOTAL, ALL, \
     "Total kostnad", "Total cost", NULL, NULL) \
  X (WAITING_FIRST_VISIT_MEAN, "waiting_first_visit_mean", PATIENTS, 0, -1, TIME_MEAN (fv_list_min), ELECTIVE, \
     "Väntande på nybesök, medel över tid", "Waiting for a first visit, mean over time", NULL, NULL) \
  X (WAITING_TREATMENT_MEAN, "waiting_treatment_mean", PATIENTS, 0, -1, TIME_MEAN (tr_list_min), ELECTIVE, \
     "Väntande på behandling, medel över tid", "Waiting for treatment, mean over time", NULL, NULL) \
  X (WAIT_FIRST_VISIT_MEAN_DAYS, "wait_first_visit_mean_days", DAYS, 1, -1, RATIO (fv_wait_days, first_visits), ELECTIVE, \
     "Väntetid till nybesök, medel", "Wait for a first visit, mean", NULL, NULL) \
  X (WAIT_TREATMENT_MEAN_DAYS, "wait_treatment_mean_days", DAYS, 1, -1, RATIO (tr_wait_days, treatments), ELECTIVE, \
     "Väntetid till behandling, medel", "Wait for treatment, mean", NULL, NULL) \
  /* pathways, admission waits, list removals, turnaround (docs/metrics.md) */ \
  X (PATHWAY_TRANSFERS, "pathway_transfers", PATIENTS, 0, 0, SUM (path_out), PATHWAY, \
     "Överflyttningar till nästa enhet", "Transfers to the next unit", NULL, NULL) \
  X (PATHWAY_ADMISSIONS, "pathway_admissions", PATIENTS, 0, 0, SUM (path_in), PATHWAY, \
     "Mottagna överflyttningar", "Transfers received", NULL, NULL) \
  X (TRANSFERS_BLOCKED, "transfers_blocked", PATIENTS, 0, -1, SUM (blocked), PATHWAY, \
     "Överflyttningar som fick vänta på plats", "Transfers that waited for a bed", \
     "Väntande överflyttningar", "Blocked transfers") \
  X (TRANSFERS_BLOCKED_IN, "transfers_blocked_in", PATIENTS, 0, -1, SUM (blocked_in), PATHWAY, \
     "Överflyttningar hit som fick vänta på plats", "Transfers to here that waited for a bed", \
     "Väntande överflyttningar hit", "Blocked transfers in") \
  X (TRANSFER_BLOCKED_DAYS, "transfer_blocked_days", BED_DAYS, 0, -1, IN_DAYS (blocked_min), PATHWAY, \
     "Vårddygn i väntan på överflyttning", "Bed-days waiting for a transfer", \
     "Dygn i väntan på överflyttning", "Days waiting for a transfer") \
  X (TRANSFER_BLOCKED_PCT, "transfer_blocked_pct", PCT, 1, -1, PCT (blocked, path_decided), PATHWAY, \
     "Andel överflyttningar som fick vänta", "Share of transfers that waited", NULL, NULL) \
  X (ADMISSION_WAITS, "admission_waits", PATIENTS, 0, -1, SUM (adm_waits), QUEUE, \
     "Akuta som väntade på vårdplats", "Acute patients who waited for a bed", \
     "Väntade på vårdplats", "Waited for a bed") \
  X (ADMISSION_WAIT_PCT, "admission_wait_pct", PCT, 1, -1, PCT (adm_waits, adm_n), QUEUE, \
     "Andel akuta som väntade på vårdplats", "Share of acute patients who waited for a bed", \
     "Andel som väntade på vårdplats", "Share waiting for a bed") \
  X (ADMISSION_WAIT_HOURS_MEAN, "admission_wait_hours_mean", HOURS, 2, -1, RATIO (adm_wait_h, adm_n), QUEUE, \
     "Väntetid på vårdplats, medel", "Wait for a bed, mean", NULL, NULL) \
  X (ADMISSION_WAIT_HOURS_P95, "admission_wait_hours_p95", HOURS, 1, -1, HOURS_PCTL (adm, 95.0), QUEUE, \
     "Väntetid på vårdplats, 95:e percentil", "Wait for a bed, 95th percentile", NULL, NULL) \
  X (LIST_REMOVALS, "list_removals", PATIENTS, 0, 0, SUM (removals), REMOVAL, \
     "Avförda från väntelistan utan behandling", "Removed from the lists untreated", \
     "Avförda från väntelistan", "Removed from the lists") \
  X (TURNAROUND_BED_DAYS, "turnaround_bed_days", BED_DAYS, 0, -1, IN_DAYS (turn_min), TURNAROUND, \
     "Vårdplatsdygn för iordningställande mellan patienter", "Bed-days of turnaround between patients", \
     "Dygn för iordningställande", "Turnaround bed-days") \
  /* shares of patients, with the flow scope ([scenario] by_flow) */ \
  X (OUTLIED_ADMISSIONS, "outlied_admissions", PATIENTS, 0, -1, SUM (outl_adm), BYFLOW, \
     "Vårdtillfällen på annan enhets vårdplats", "Admissions to another unit's ward", \
     "Utlokaliserade vårdtillfällen", "Outlied admissions") \
  X (OUTLIED_PCT, "outlied_pct", PCT, 1, -1, PCT (outl_adm, admissions), BYFLOW, \
     "Andel vårdtillfällen utlokaliserade", "Share of admissions outlied", NULL, NULL) \
  X (DELAYED_DISCHARGES, "delayed_discharges", PATIENTS, 0, -1, SUM (delayed_dis), BYFLOW, \
     "Utskrivningar efter väntan som utskrivningsklar", "Discharges after waiting as ready for discharge", \
     "Utskrivningsklara som väntade", "Delayed discharges") \
  X (DELAYED_DISCHARGE_PCT, "delayed_discharge_pct", PCT, 1, -1, PCT (delayed_dis, discharges), BYFLOW, \
     "Andel utskrivningar efter väntan som utskrivningsklar", "Share of discharges delayed", \
     "Andel utskrivningsklara som väntade", "Share of discharges delayed") \
  /* the care-guarantee figures per priority (1, 2, 3) */ \
  PKS_METRICS_PRIO (X, PKS_METRIC_VG_FIRST_VISIT_PCT_P) \
  PKS_METRICS_PRIO (X, PKS_METRIC_VG_TREATMENT_PCT_P) \
  PKS_METRICS_PRIO (X, PKS_METRIC_VG_FIRST_VISIT_DONE_PCT_P) \
  PKS_METRICS_PRIO (X, PKS_METRIC_VG_TREATMENT_DONE_PCT_P) \
  PKS_METRICS_PRIO (X, PKS_METRIC_WAIT_TREATMENT_MEDIAN_DAYS_P) \
  /* what binds the staffed beds (docs/staffing.md, "What binds") */ \
  X (PLANNED_STAFFED_BED_DAYS, "planned_staffed_bed_days", BED_DAYS, 0, 0, SOMATIC_SUM (disp_planned), ALL, \
     "Planerade vårdplatsdygn", "Planned staffed bed-days", NULL, NULL) \
  X (STAFF_BOUND_DAYS, "staff_bound_days", DAYS, 0, 0, SUM (staff_bound), ALL, \
     "Dagar då personalen begränsade vårdplatserna", "Days the staff held beds below plan", \
     "Personalbegränsade dagar", "Staff-bound days") \
  X (BEDS_BOUND_DAYS, "beds_bound_days", DAYS, 0, 0, SUM (beds_bound), ALL, \
     "Dagar då de fysiska platserna begränsade", "Days the physical beds held beds below plan", \
     "Platsbegränsade dagar", "Bed-bound days") \
  /* the guarantee at the end of the period (pks target's "by DATE"), and \
     the national census of overcrowded and outlied patients at 06:00 */ \
  X (VG_FIRST_VISIT_END_PCT, "vg_first_visit_end_pct", PCT, 1, 1, MONTH_END (0, -1), ELECTIVE, \
     "Vårdgaranti nybesök: andel väntande inom gränsen vid periodens slut", \
     "Guarantee, first visit: share waiting within the limit at the end", \
     "Nybesök inom gränsen, vid slutet", "First visit within the limit, at the end") \
  X (VG_TREATMENT_END_PCT, "vg_treatment_end_pct", PCT, 1, 1, MONTH_END (1, -1), ELECTIVE, \
     "Vårdgaranti behandling: andel väntande inom gränsen vid periodens slut", \
     "Guarantee, treatment: share waiting within the limit at the end", \
     "Behandling inom gränsen, vid slutet", "Treatment within the limit, at the end") \
  X (OVERCROWDED_PER_100_BEDS, "overcrowded_per_100_beds", PER_100_BEDS, 1, -1, \
     SOMATIC_PER_100 (over_census), BEDS, \
     "Överbeläggningar per 100 disponibla vårdplatser (kl. 06)", \
     "Overcrowded patients per 100 staffed beds (06:00)", \
     "Överbeläggningar per 100 vpl", "Overcrowded per 100 beds") \
  X (OUTLIED_PER_100_BEDS, "outlied_per_100_beds", PER_100_BEDS, 1, -1, \
     SOMATIC_PER_100 (outl_census), BEDS, \
     "Utlokaliserade patienter per 100 disponibla vårdplatser (kl. 06)", \
     "Outlied patients per 100 staffed beds (06:00)", \
     "Utlokaliserade per 100 vpl", "Outlied per 100 beds")

/* One row per priority P of a per-priority metric. */
#define PKS_METRICS_PRIO(X, ROW) ROW (X, 1) ROW (X, 2) ROW (X, 3)
#define PKS_METRIC_VG_FIRST_VISIT_PCT_P(X, P) \
  X (VG_FIRST_VISIT_PCT_P##P, "vg_first_visit_pct_p" #P, PCT, 1, 1, MONTHS (0, P - 1), PRIO##P, \
     "Vårdgaranti nybesök, väntande inom gränsen, prioritet " #P, \
     "Guarantee, first visit, waiting within the limit, priority " #P, NULL, NULL)
#define PKS_METRIC_VG_TREATMENT_PCT_P(X, P) \
  X (VG_TREATMENT_PCT_P##P, "vg_treatment_pct_p" #P, PCT, 1, 1, MONTHS (1, P - 1), PRIO##P, \
     "Vårdgaranti behandling, väntande inom gränsen, prioritet " #P, \
     "Guarantee, treatment, waiting within the limit, priority " #P, NULL, NULL)
#define PKS_METRIC_VG_FIRST_VISIT_DONE_PCT_P(X, P) \
  X (VG_FIRST_VISIT_DONE_PCT_P##P, "vg_first_visit_done_pct_p" #P, PCT, 1, 1, \
     PCT (fv_within_p##P, first_visits_p##P), PRIO##P, \
     "Nybesök genomförda inom gränsen, prioritet " #P, \
     "First visits done within the limit, priority " #P, NULL, NULL)
#define PKS_METRIC_VG_TREATMENT_DONE_PCT_P(X, P) \
  X (VG_TREATMENT_DONE_PCT_P##P, "vg_treatment_done_pct_p" #P, PCT, 1, 1, \
     PCT (tr_within_p##P, treatments_p##P), PRIO##P, \
     "Behandlingar genomförda inom gränsen, prioritet " #P, \
     "Treatments done within the limit, priority " #P, NULL, NULL)
#define PKS_METRIC_WAIT_TREATMENT_MEDIAN_DAYS_P(X, P) \
  X (WAIT_TREATMENT_MEDIAN_DAYS_P##P, "wait_treatment_median_days_p" #P, DAYS, 0, -1, \
     WAIT_PCTL (tr_p##P, 50.0), PRIO##P, \
     "Väntetid till behandling, median, prioritet " #P, \
     "Wait for treatment, median, priority " #P, NULL, NULL)

typedef enum {
#define PKS_METRIC_ENUM(id, ...) PKS_M_##id,
  PKS_METRICS (PKS_METRIC_ENUM)
#undef PKS_METRIC_ENUM
  PKS_N_METRICS
} PksMetric;

#define PKS_N_CONTRACT_METRICS (PKS_M_WAIT_TREATMENT_MEDIAN_DAYS + 1)

/* How a site's and the region's value comes from their units (the rule
 * column above, as people read it; docs/metrics.md names it per metric). */
typedef enum {
  PKS_AGG_NONE,                /* never in the table: a test checks it */
  PKS_AGG_SUM,                 /* the sum of its units' values */
  PKS_AGG_SUM_SOMATIC,         /* the sum over its somatic units */
  PKS_AGG_RATIO,               /* the ratio of its sums, never a mean of ratios */
  PKS_AGG_RATIO_SOMATIC,       /* the same over its somatic units */
  PKS_AGG_PERCENTILE_POOLED,   /* a percentile of its units' waits pooled */
  PKS_AGG_PERCENTILE_SUM,      /* a percentile over days of its summed census */
  PKS_AGG_MONTH_MEAN,          /* mean over month ends of the pooled share */
  PKS_N_AGG
} PksAgg;

/* Units of measure: a name for tables and docs, and what people read. */
typedef enum {
  PKS_MU_PATIENTS, PKS_MU_OPERATIONS, PKS_MU_SESSIONS, PKS_MU_BED_DAYS, PKS_MU_DAYS,
  PKS_MU_PCT, PKS_MU_MINUTES, PKS_MU_SEK, PKS_MU_HOURS, PKS_MU_PER_100_BEDS, PKS_N_MU
} PksMetricUnit;

const char *pks_metric_name (PksMetric m);
/* -1 if unknown. */
int pks_metric_from_name (const char *name);
PksMetricUnit pks_metric_unit (PksMetric m);
/* "patients", "operations", "sessions", "days", "%", "minutes", "SEK", "hours". */
const char *pks_metric_unit_name (PksMetric m);
/* The unit as shown to people: "st", "dygn", "dagar", "MSEK", …; the
 * shown value is the value × pks_metric_scale (SEK → MSEK). */
const char *pks_metric_unit_label (PksMetric m, PksLang lang);
double pks_metric_scale (PksMetric m);
const char *pks_metric_label (PksMetric m, PksLang lang);
/* The chart label: shorter where the label is long. */
const char *pks_metric_short_label (PksMetric m, PksLang lang);
/* Decimals of the shown value. */
int pks_metric_decimals (PksMetric m);
/* +1 higher is better, −1 lower is better, 0 neither. */
int pks_metric_better (PksMetric m);
PksAgg pks_metric_agg (PksMetric m);
/* "sum", "ratio of sums", …: the words docs/metrics.md uses. */
const char *pks_agg_name (PksAgg a);

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

/* The monthly figures of every unit are one array [unit][month][figure]:
 * the index of (unit, month, k), and its length in doubles (at least one
 * month, so never empty). Every reader and writer uses these two. */
static inline gsize
pks_monthly_index (guint n_months, guint unit, guint month, guint k)
{
  return ((gsize) unit * n_months + month) * PKS_N_MONTHLY + k;
}

static inline gsize
pks_monthly_len (guint n_units, guint n_months)
{
  return (gsize) n_units * MAX (1u, n_months) * PKS_N_MONTHLY;
}

G_END_DECLS

#endif
