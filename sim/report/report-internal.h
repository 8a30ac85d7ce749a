/* report-internal.h — the report's data as read back from an output
 * directory (not public API), its texts in Swedish and English, and the
 * parts that turn them into HTML: tables, charts and findings. */
#ifndef PKS_REPORT_INTERNAL_H
#define PKS_REPORT_INTERNAL_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "pks/core/clock.h"
#include "pks/report/report.h"
#include "pks/output/output.h"
#include "chart.h"

G_BEGIN_DECLS

/* One summary.csv row; the text is kept as written so the report can show
 * (and tests can check) exactly the file's numbers. */
typedef struct {
  double mean, lo, hi;
  char *s_mean, *s_lo, *s_hi;
} RpEst;

typedef struct {
  char *scope;            /* region, site, unit */
  char *name;
  GHashTable *metrics;    /* metric name -> RpEst* */
} RpEntity;

/* A daily census series of daily_sites.csv (region or site) or daily.csv
 * (unit); over replications. */
typedef struct {
  char *scope, *name;
  double *staffed, *mean, *p10, *p90;
  double *overcrowded;    /* units only (else NULL) */
} RpDaily;

/* A unit's monthly figures (monthly_bands.csv): [metric][month]. */
typedef struct {
  char *unit;
  double *mean[2], *p10[2], *p90[2];   /* 0 waiting_first_visit, 1 waiting_treatment */
} RpMonthly;

typedef struct {
  char *key, *value, *origin;
} RpSetting;

/* One scenario's outputs (a run, or the base or a plan of a comparison). */
typedef struct {
  char *dir;
  char *scenario, *region, *file, *run_date, *version;
  gint64 seed;
  guint reps;
  PksDate start;
  guint n_days;
  guint warmup_days;
  double fv_days, tr_days;              /* care-guarantee limits */
  GPtrArray *settings;                  /* RpSetting* */
  GPtrArray *entities;                  /* RpEntity*, summary.csv order */
  GHashTable *by_name;                  /* "scope/name" -> RpEntity* */
  GPtrArray *census;                    /* RpDaily* of region and sites */
  GPtrArray *units_daily;               /* RpDaily* of units with beds */
  guint n_months;
  char **months;                        /* "YYYY-MM" */
  GPtrArray *monthly;                   /* RpMonthly* */
} RpRun;

typedef struct {
  char *scope, *name, *metric;
  double base, plan, diff, lo, hi;
  char *s_base, *s_plan, *s_diff, *s_lo, *s_hi;
} RpDiff;

/* ---- pks optimise ---- */

/* One unit's share of an allocation. */
typedef struct {
  char *unit;
  int amount;
} RpShare;

/* One row of optimise.csv, with its paired change from the base (run.json). */
typedef struct {
  guint rank;
  char *allocation;                     /* as optimise.csv writes it */
  GArray *shares;                       /* RpShare, in the order written */
  RpEst objective, gap;                 /* the file's strings and numbers; gap: this − rank 1 */
  double vs_mean, vs_lo, vs_hi;         /* this − nothing added */
} RpAlloc;

/* The problem, its answer and how it was found (run.json + optimise.csv). */
typedef struct {
  char *resource, *objective;
  gboolean maximise;
  int added, max_per_unit;
  GPtrArray *units;                     /* char*, the candidates in --units order */
  double base_mean, base_lo, base_hi;   /* the objective with nothing added */
  double simulations, evaluations, full_space, greedy_steps, delta, alpha;
  gboolean enumerated;            /* "search": "enumeration" (every allocation tried) */
  double partial;                 /* "partial_allocations" (0 when absent) */
  double keep, reps_first, reps_max, reps_final;   /* NaN where run.json lacks them */
  GPtrArray *ranked;                    /* RpAlloc*, rank 1 (the answer) first */
} RpOptimise;

int rp_alloc_amount (const RpAlloc *a, const char *unit);

/* What a plan changes (report-plans.c). */
typedef struct _RpPlanInfo RpPlanInfo;

typedef struct {
  gboolean compare;
  RpOptimise *optimise;                 /* kind "optimise"; its base has no CSV data */
  char *dir;
  char *run_date;
  gint64 seed;
  guint reps;
  RpRun *base;                          /* the run, or the comparison's base */
  GPtrArray *plans;                     /* RpRun* */
  GPtrArray *plan_names;                /* char*, as compare.csv names them */
  GPtrArray *diffs;                     /* per plan a GPtrArray of RpDiff* */
  GPtrArray *plan_info;                 /* per plan an RpPlanInfo*, or NULL (an older pks) */
} RpData;

RpData *rp_data_load (const char *dir, GError **error);
void rp_data_free (RpData *d);
const RpEntity *rp_entity (const RpRun *r, const char *scope, const char *name);
const RpEst *rp_est (const RpRun *r, const char *scope, const char *name, const char *metric);
const RpDaily *rp_census (const RpRun *r, const char *scope, const char *name);
const RpDaily *rp_unit_daily (const RpRun *r, const char *name);
const RpMonthly *rp_monthly (const RpRun *r, const char *unit);
const RpDiff *rp_diff (const RpData *d, guint plan, const char *scope, const char *name,
                       const char *metric);
/* A care-guarantee share misses the target (percent) when its whole
 * interval lies below it (report-findings.c). */
gboolean rp_misses (const RpEst *x, double target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpData, rp_data_free)

/* ---- texts ---- */

/* A headline metric as the report shows it: the metric table's labels,
 * unit, decimals and direction (rp_headline), with the report's own
 * scale and per-day view. */
typedef struct {
  const char *metric;     /* summary.csv name */
  const char *sv, *en;    /* row labels */
  const char *short_sv, *short_en;   /* chart labels */
  const char *unit_sv, *unit_en;
  int decimals;
  double scale;           /* shown value = mean × scale (SEK → MSEK) */
  int better;             /* +1 higher is better, -1 lower, 0 neither */
  gboolean per_day;       /* shown per day of the horizon (staffed beds) */
  gboolean cost;          /* hidden when every cost is 0 */
  gboolean pct;           /* a share: differences in percentage points */
} RpMetric;

/* The headline metrics in the report's order; n: how many. */
const RpMetric *rp_headline (guint *n);
const RpMetric *rp_metric_info (const char *metric);

typedef struct {
  const char *code;                     /* html lang */
  const char *months[12];
  const char *months_long[12];
  gboolean comma;                       /* decimal comma */
  const char *title_run, *title_compare, *title_optimise;
  const char *meta_run_date, *meta_seed, *meta_reps, *meta_period, *meta_warmup, *meta_file,
    *meta_version, *meta_base, *meta_plans;
  const char *sec_findings, *sec_headline, *sec_census, *sec_waiting, *sec_guarantee,
    *sec_settings, *sec_forest, *sec_units;
  const char *key_settings, *all_settings, *col_key, *col_value, *col_origin;
  const char *ci_note, *region, *site, *unit, *base, *plan, *metric;
  const char *census_y, *date_x, *census_mean, *census_band, *staffed, *hundred;
  const char *waiting_y, *month_x, *waiting_fv, *waiting_tr, *band_note;
  const char *vg_x, *vg_fv, *vg_tr, *vg_target, *vg_title_fv, *vg_title_tr;
  const char *forest_pct, *forest_pp, *better, *worse, *neither, *forest_note;
  const char *no_waitlists, *no_costs, *days_unit;
  const char *census_caption, *waiting_caption, *vg_caption, *forest_caption;
  const char *footer;
} RpText;

const RpText *rp_text (PksLang lang);
const char *rp_metric_label (const RpMetric *m, PksLang lang);
const char *rp_metric_unit (const RpMetric *m, PksLang lang);
const char *rp_metric_short (const RpMetric *m, PksLang lang);

/* ---- findings ---- */

/* ---- the HTML ---- */

/* The report being written, shared by the parts that write it. */
typedef struct {
  GString *h;
  const RpData *d;
  PksLang lang;
  const RpText *t;
  double vg_target;
  PksOutput *png;         /* NULL: no PNG files */
  guint n_charts;
  GError *error;          /* first PNG write error */
} RpHtml;

/* A chart inlined as SVG in a figure with its caption, and saved as
 * NN-name.png when PNGs are asked for. */
void rp_emit_chart (RpHtml *c, PksChartDraw draw, gpointer data, double h, const char *title,
                    const char *name, const char *caption);
void rp_open_section (RpHtml *c, const char *id, const char *title, gboolean first);
void rp_close_section (RpHtml *c);
/* A row of the header's table; v is escaped. */
void rp_meta_row (RpHtml *c, const char *k, const char *v);
/* The period and the warm-up of run b, as two rows of the header's table. */
void rp_meta_period (RpHtml *c, const RpRun *b);
/* The version row, the key settings and the end of the header. */
void rp_meta_end (RpHtml *c, const RpRun *b);
/* The settings of r: the key ones, or every one with where it was set. */
void rp_settings_table (RpHtml *c, const RpRun *r, gboolean key_only);
/* The report's styles (screen and A4 print). */
extern const char rp_css[];
/* The styles the optimise report adds to the common ones. */
extern const char rp_optimise_css[];
/* An optimisation's header and sections (report-optimise.c). */
void rp_optimise_header (RpHtml *c);
void rp_optimise_body (RpHtml *c);

/* What each plan of a comparison changes (report-plans.c): its entry of
 * run.json (NULL if it has none), plan_changes.csv into the plans' rows,
 * whether a plan changes nothing simulated and the finding that says so,
 * the note on plans not on equal terms and the section of their changes. */
RpPlanInfo *rp_plan_info_new (JsonObject *plan);
void rp_plan_info_free (RpPlanInfo *i);
void rp_plan_rows_load (RpData *d);
gboolean rp_plan_nothing (const RpData *d, guint plan);
void rp_plan_nothing_finding (GString *html, const RpData *d, guint plan, PksLang lang);
void rp_plan_terms_note (RpHtml *c);
void rp_plan_changes_section (RpHtml *c);
extern const char rp_plans_css[];

/* The findings as HTML list items, written from the numbers. */
void rp_findings_run (GString *html, const RpRun *r, PksLang lang, double vg_target);
void rp_findings_compare (GString *html, const RpData *d, PksLang lang, double vg_target);

/* Month index of a day (0-based from start); the month of day d. */
guint rp_month_of_day (const RpRun *r, guint d);
/* HTML-escaped copy. (transfer full) */
char *rp_esc (const char *s);
/* A number in the report's language. (transfer full) */
char *rp_num (double v, int decimals, PksLang lang);

G_END_DECLS

#endif
