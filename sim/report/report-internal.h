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
  char **tables;                        /* run.json "tables": "changes = path (N rows)" */
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
  GHashTable *region_reps;              /* metric -> GArray of double, the region's value in
                                         * each replication (replications.csv); NULL without */
} RpRun;

typedef struct {
  char *scope, *name, *metric;
  double base, plan, diff, lo, hi;
  char *s_base, *s_plan, *s_diff, *s_lo, *s_hi;
} RpDiff;

/* plan_pairs.csv: the region's paired difference plan − other. */
typedef struct {
  char *plan, *other, *metric;
  double diff, lo, hi;
} RpPair;

/* daily_diff.csv: one plan's day-by-day difference from the base at the
 * region or a site: staffed beds, census and patients above staffed beds
 * (the last two paired, with their 95 % CI). */
typedef struct {
  char *scope, *name;
  guint plan;
  double *staffed, *census[3], *over[3];   /* [0] mean, [1] CI low, [2] CI high */
} RpDayDiff;

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
  GPtrArray *pairs;                     /* RpPair* (plan_pairs.csv; empty without it) */
  GPtrArray *day_diffs;                 /* RpDayDiff* (daily_diff.csv; empty without it) */
} RpData;

RpData *rp_data_load (const char *dir, GError **error);
void rp_data_free (RpData *d);
const RpEntity *rp_entity (const RpRun *r, const char *scope, const char *name);
/* Whether summary.csv has rows of the scope ("clinic", "area"). */
gboolean rp_has_scope (const RpRun *r, const char *scope);
/* A scope as people read it: "Område", "Klinik/centrum", … */
const char *rp_scope_label (const char *scope, PksLang lang);
const RpEst *rp_est (const RpRun *r, const char *scope, const char *name, const char *metric);
/* The ratio of two paired region differences, Σ(plan − base) of num over
 * Σ(plan − base) of den over the replications, with its 95 % interval by
 * the delta method (t with n − 1 degrees of freedom): for "per million
 * kronor", whose denominator is as uncertain as its numerator. FALSE
 * without per-replication values (older folders) or when den's
 * differences sum to 0. */
gboolean rp_ratio_ci (const RpData *d, guint p, const char *num, const char *den, double *ratio,
                      double *lo, double *hi);
const RpDaily *rp_census (const RpRun *r, const char *scope, const char *name);
const RpDaily *rp_unit_daily (const RpRun *r, const char *name);
const RpMonthly *rp_monthly (const RpRun *r, const char *unit);
const RpDiff *rp_diff (const RpData *d, guint plan, const char *scope, const char *name,
                       const char *metric);
/* The paired difference plan a − plan b on a region metric; FALSE when
 * plan_pairs.csv does not have it. */
gboolean rp_pair (const RpData *d, guint a, guint b, const char *metric, double *diff, double *lo,
                  double *hi);
/* Plan p's day-by-day difference at scope/name, or NULL. */
const RpDayDiff *rp_day_diff (const RpData *d, guint plan, const char *scope, const char *name);
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
  const char *sec_findings, *sec_headline, *sec_census, *sec_waiting, *sec_guarantee,
    *sec_settings, *sec_forest, *sec_units;
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

/* ---- verdicts and differences in words ---- */

/* What a paired difference says, and its colour everywhere (tables,
 * charts, text): better or worse when its 95 % CI excludes 0 and the
 * metric has a better direction, no sure difference when the CI holds 0,
 * neutral (uncoloured) for a metric without a better direction. */
typedef enum { RP_BETTER, RP_WORSE, RP_UNSURE, RP_NEUTRAL } RpVerdict;
RpVerdict rp_verdict (int better, double lo, double hi);
/* "better", "worse", "unsure", "neutral": the CSS class. */
const char *rp_verdict_class (RpVerdict v);
/* The forest plot's verdict: +1, -1, 0, 2. */
int rp_verdict_forest (RpVerdict v);
/* Decimals of a difference: at least the figure's, more where the
 * rounded interval would otherwise touch 0 or the other sign or read as
 * a point (pks_interval_decimals). lo and hi as shown (scaled). */
int rp_diff_decimals (int decimals, double lo, double hi);
/* "+1,2", "−3", "0". (transfer full) */
char *rp_signed (double v, int decimals, PksLang lang);
/* "106–190", or "−208 till −132" when a bound is negative (a dash
 * between minus signs misreads); "" without an interval. (transfer full) */
char *rp_interval (double lo, double hi, int decimals, PksLang lang);

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
  const char *measures;   /* --measures, or NULL */
  const char *balance_units;   /* --balance-units, or NULL */
} RpHtml;

/* A chart inlined as SVG in a figure with its caption, and saved as
 * NN-name.png when PNGs are asked for. */
void rp_emit_chart (RpHtml *c, PksChartDraw draw, gpointer data, double h, const char *title,
                    const char *name, const char *caption);
/* A section; kind 1 the first, 2 one that starts a printed page, 0 one
 * that follows on the page. */
void rp_open_section (RpHtml *c, const char *id, const char *title, int kind);
void rp_close_section (RpHtml *c);
/* A row of a header's table (the fit report's); v is escaped. */
void rp_meta_row (RpHtml *c, const char *k, const char *v);
/* The report's styles (screen and A4 print). */
extern const char rp_css[];
/* The run's identity in one line: period, warm-up, replications, seed,
 * file, date, version. (transfer full) */
char *rp_meta_line (RpHtml *c, const RpRun *b, guint reps, gint64 seed, const char *date,
                    const char *file);
/* A metric's row label with its unit. */
void rp_label_cell (RpHtml *c, const RpMetric *m);
/* "Δ −447 (−468 till −426)", coloured by its verdict. */
void rp_diff_span (RpHtml *c, const RpRun *r, const RpMetric *m, const RpDiff *x);
/* The census charts of the region and each site (a comparison: base and
 * plan overlaid), the waiting lists of the units furthest from the
 * guarantee, and the guarantee bars (which: 0 first visit, 1 treatment;
 * a run draws both in one chart). */
void rp_census_charts (RpHtml *c);
void rp_waiting_charts (RpHtml *c);
void rp_guarantee_chart (RpHtml *c, int which);
/* The headline figures of the base and each plan side by side with the
 * paired differences: the region, and per hospital folded. */
void rp_headline_compare (RpHtml *c);
/* A comparison's report (report-compare.c). */
void rp_compare_report (RpHtml *c);
/* The settings of r in words, grouped (pks/input/settings.h); with
 * against, only the keys whose value differs from against's. */
void rp_settings_words (RpHtml *c, const RpRun *r, const RpRun *against);
/* The colours' meaning, once per report. */
void rp_colour_legend (RpHtml *c);
/* A scenario file as people read it: "(embedded) x.ini" becomes
 * "x.ini (inbyggt i pks)". (transfer full) */
char *rp_file_words (const char *file, PksLang lang);
/* The compact header of every report: title, subtitle and one line of
 * what was run. */
void rp_header (RpHtml *c, const char *title, const char *subtitle, const char *meta);

/* ---- a comparison (report-compare.c): fragments of HTML a page can
 * reuse (pks serve), each from the RpData alone ---- */

/* The answer: which plan does most on the measures that matter, by how
 * much, per added bed and per MSEK, and whether the plans are on equal
 * terms; then the ranked table. */
void rp_compare_answer (RpHtml *c);
/* The ranked table alone: plans × measures, paired differences with
 * their CI, coloured by verdict. */
void rp_compare_table (RpHtml *c);
/* What each plan changes, as the output shows it: staffed beds per unit
 * and period, its own tables, the settings that differ. */
void rp_compare_changes (RpHtml *c);
/* Plan − base day by day at the region (and, folded, each site):
 * staffed beds, census and patients above staffed beds with their paired
 * 95 % band. */
void rp_compare_days (RpHtml *c);

/* The styles the optimise report adds to the common ones. */
extern const char rp_optimise_css[];
/* An optimisation's header and sections (report-optimise.c). */
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
/* The terms as list items: those against the base (start, days, warm-up,
 * seed, replications), or those between plans (size, first day).
 * Returns how many. */
guint rp_plan_terms_items (RpHtml *c, gboolean between_plans);
/* Plan p's own rows and its effective change per unit, without a
 * heading; FALSE (and nothing written) for a folder without them. */
gboolean rp_plan_block (RpHtml *c, guint p);
extern const char rp_plans_css[];
/* The PKS balance of a run (report-balance.c): a section of its own, from
 * balance.csv (and production.csv) in the run's folder; nothing when the
 * folder has no balance.csv (output of an older pks). */
void rp_balance_section (RpHtml *c, const RpRun *r);

/* The findings as HTML list items, written from the numbers. */
void rp_findings_run (GString *html, const RpRun *r, PksLang lang, double vg_target);
void rp_findings_compare (GString *html, const RpData *d, PksLang lang, double vg_target);

/* Month index of a day (0-based from start); the month of day d. */
guint rp_month_of_day (const RpRun *r, guint d);
/* HTML-escaped copy. (transfer full) */
char *rp_esc (const char *s);
/* HTML-escaped copy whose long compounds may break in a narrow table
 * header (soft hyphens). (transfer full) */
char *rp_esc_breakable (const char *s);
/* A number in the report's language. (transfer full) */
char *rp_num (double v, int decimals, PksLang lang);

G_END_DECLS

#endif
