/* fit.h — pks fit: a scenario estimated from a region's patient-level
 * extract (contract section 5.1), today's state as of a date (section
 * 5.2), checks of the fit against the data and the back-test (forecast
 * against actual). The results are plain structs, read by the text and
 * HTML reports. docs/fit.md describes the estimators. */
#ifndef PKS_FIT_H
#define PKS_FIT_H

#include <glib.h>
#include "pks/core/clock.h"
#include "pks/input/diag.h"
#include "pks/input/extract.h"
#include "pks/model/scenario.h"
#include "pks/output/output.h"
#include "pks/model/metrics.h"

G_BEGIN_DECLS

typedef struct {
  const char *extract_dir;
  PksDate from, to;        /* the fitting period, inclusive */
  PksDate as_of;           /* today's state at the end of this day (0 = to) */
  PksDate backtest_to;     /* 0 = no back-test; else forecast (to, backtest_to] */
  int days;                /* horizon of the written scenario (0 = 365) */
  guint replications;      /* of the checks and the back-test (0 = 20) */
  guint64 seed;
  PksLang lang;
} PksFitOptions;

/* A fitted number with its 95 % interval (NAN where none) and the cases
 * behind it. */
typedef struct {
  double value, lo, hi;
  double n;
} PksFitParam;

/* Where a flow's length of stay came from. */
typedef enum { PKS_LOS_OWN, PKS_LOS_UNIT, PKS_LOS_REGION, PKS_LOS_NONE } PksLosSource;

#define PKS_FIT_DAY_BINS 61      /* LOS chart: whole days 0..59 and 60+ */

typedef struct {
  char *unit;                    /* names as written to the scenario */
  char *name;
  char *source_flow;             /* the flow's name in the extract */
  PksFlowKind kind;              /* as written to flows.csv */
  gboolean scheduled;            /* elective admissions without referrals, written as a
                                    stream of admissions (kind acute) */
  int priority;                  /* elective: 1..3 */
  double cases;                  /* arrivals in the period (admissions or referrals) */
  double admissions;             /* admissions in the period */
  double treated;                /* elective: treatments in the period */
  PksFitParam per_year, los_days, los_cv, delay_p, delay_days;
  double base_per_day;           /* arrivals a day before the profiles: per_year of a
                                    year is this × Σ month × weekday over its days */
  PksFitParam treat_p, inpatient_p, surgery_minutes, surgery_cv, priority_share;
  PksLosSource los_source;
  double stays, censored;        /* complete and still-in-bed stays behind los */
  double dispersion;             /* of daily arrivals (Pearson χ²/df; 1 = Poisson) */
  /* profiles (1 when not fitted) */
  gboolean has_weekday, has_month;
  double shrink_weekday, shrink_month;   /* James–Stein factors on the log profiles */
  double weekday[7], weekday_lo[7], weekday_hi[7], g_weekday, p_weekday;
  double month[12], month_lo[12], month_hi[12], g_month, p_month;
  /* observed against fitted: arrivals per day by weekday and by month */
  double wd_obs[7], wd_fit[7], mo_obs[12], mo_fit[12];
  /* lengths of stay: whole-day histogram of complete stays, and the
   * fitted lognormal's probabilities of the same bins */
  double los_obs[PKS_FIT_DAY_BINS], los_fit[PKS_FIT_DAY_BINS];
  double ks, ks_crit;            /* goodness of fit of the lognormal */
  int better_shape;              /* PksShape that fits clearly better, or -1 */
  double better_delta_aic;
  double wait_first_median, wait_treat_median;   /* days, of those served in the period */
} PksFitFlow;

typedef struct {
  char *name, *site;
  PksBedType bed_type;
  int beds, staffed_beds;
  gboolean capacity_given;       /* from units.csv */
  double or_sessions_per_week, or_session_minutes, visit_slots_per_week;
  gboolean sessions_given, slots_given, minutes_given;
  gboolean sessions_from_times;  /* theatres seen in use at once (operation times) */
  PksFitParam slots_obs, ops_obs;   /* observed first visits and operations per week */
  gboolean slots_binding, ops_binding;   /* capacity-bound (the list never ran short) */
  double admissions;             /* in the period */
  double outlied_patients, outlied_days;   /* own patients on other wards */
  double census_mean, census_p95, census_max;   /* ward census at midnight, observed */
  /* census by weekday (ward, midnight): observed, and the fitted scenario
   * re-run over the period from its start state (mean and 95 % band) */
  double census_wd_obs[7], census_wd_fit[7], census_wd_lo[7], census_wd_hi[7];
  double census_sim_mean, census_sim_lo, census_sim_hi;
  double in_census, waiting_first, waiting_treatment;   /* today's state */
} PksFitUnit;

/* One back-test figure: a unit's month, simulated (mean and the 95 %
 * prediction interval of one replication) against what the extract shows. */
typedef enum {
  PKS_BT_ADMISSIONS, PKS_BT_CENSUS, PKS_BT_WAITING_FIRST, PKS_BT_WAITING_TREATMENT,
  PKS_BT_VG_FIRST_PCT, PKS_BT_VG_TREATMENT_PCT, PKS_N_BT
} PksBacktestMetric;
const char *pks_backtest_metric_name (PksBacktestMetric m);

typedef struct {
  guint month;                   /* index into PksFit.bt_months */
  int unit;                      /* index into PksFit.units, -1 = the region */
  PksBacktestMetric metric;
  double actual, mean, lo, hi;
} PksBacktestRow;

typedef struct _PksFit {
  PksFitOptions opt;
  char *extract_dir;
  gboolean present[PKS_N_EXTRACTS];
  PksExtractStats stats[PKS_N_EXTRACTS];
  gboolean units_csv;
  double period_days;
  GPtrArray *units;              /* PksFitUnit* */
  GPtrArray *flows;              /* PksFitFlow*, by unit then name */
  GPtrArray *notes[2];           /* char*: warnings about the data and the fit, the
                                    same notes in each PksLang (notes[PKS_LANG_SV]) */
  PksOutlying outlying;          /* inferred from ward_unit */
  double census_rows, waitlist_rows;
  double outside_period[PKS_N_EXTRACTS];   /* rows used only for today's state */
  gboolean checked;              /* the fitted scenario was re-run over the period */
  /* the back-test */
  gboolean backtest;
  GPtrArray *bt_months;          /* char* "YYYY-MM" */
  GArray *bt_rows;               /* PksBacktestRow */
  double bt_inside, bt_total;    /* actual figures inside their 95 % band */
  double seconds;
  /* the scenario's files as written: name -> contents */
  GPtrArray *file_names;         /* char* */
  GPtrArray *file_texts;         /* GString* */
} PksFit;

/* Read the extract, fit, build the scenario and today's state, re-run it
 * over the period and (with backtest_to) forecast against actual. NULL
 * with error when the input is bad (PKS_ERROR_INPUT: exit 2); diags
 * collects every problem with the data (FILE:LINE:COLUMN). */
PksFit *pks_fit_run (const PksFitOptions *opt, PksDiags *diags, GError **error);
void pks_fit_free (PksFit *f);

/* The fit report as text for the terminal. (transfer full) */
char *pks_fit_text (const PksFit *f, PksLang lang);

/* The scenario and the fit's tables into out's folder (not committed). */
gboolean pks_fit_write (const PksFit *f, PksOutput *out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksFit, pks_fit_free)

G_END_DECLS

#endif
