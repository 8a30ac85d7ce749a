/* runner.h — experiments: independent work units (model variant,
 * replication) run on a pool of worker threads, each writing its own
 * result slot, so results never depend on the thread count; summaries
 * with Student-t confidence intervals and paired (CRN) comparisons. */
#ifndef PKS_RUNNER_H
#define PKS_RUNNER_H

#include <glib.h>
#include "pks/model/model.h"

G_BEGIN_DECLS

typedef struct {
  guint threads;          /* 0 = number of processors */
  gboolean keep_daily;    /* keep daily census arrays (daily.csv, reports) */
  gboolean progress;      /* progress bar with ETA on stderr, if a terminal */
  const char *label;      /* shown before the bar */
  gboolean metrics_only;  /* results without monthly or daily arrays: for runs
                           * that write no monthly.csv and no report */
  gboolean share_base;    /* models[0] is a base and the others plans against it:
                           * each replication simulates the days they share once
                           * (pks_model_shared_days), the results unchanged */
} PksExecOptions;

/* Called from worker threads after each finished task (optional). */
typedef void (*PksTaskDone) (gpointer ctx, guint model, guint rep, PksRepResult *r);

/* Run replications rep_first … rep_first+n_reps-1 of every model with keyed
 * streams (seed, rep, name). Returns results[model * n_reps + i]
 * (transfer full: free each with pks_rep_result_free, then the array).
 * Built on pks_sched_run (sched.h); under MPI only rank 0's slots are
 * filled. NULL with error set when a task failed (under MPI on every
 * rank: a rank that failed). */
PksRepResult **pks_exec (const PksModel *const *models, guint n_models, guint64 seed,
                         guint rep_first, guint n_reps, const PksExecOptions *opt,
                         GError **error);

guint pks_exec_default_threads (void);
/* The days each of models[1 ..] shares with models[0] (pks_model_shared_days);
 * (transfer full) */
guint *pks_exec_shared_days (const PksModel *const *models, guint n_models);

/* A mean with its 95 % confidence interval over replications. */
typedef struct {
  double mean, ci_low, ci_high;
  guint n;                /* replications where the metric is defined */
} PksEstimate;

/* Summary of one model over n replications: [entity][metric]. */
typedef struct {
  const PksModel *model;
  guint n_reps;
  PksEstimate *est;
} PksSummary;

PksSummary *pks_summary_new (const PksModel *m, PksRepResult *const *reps, guint n_reps);
void pks_summary_free (PksSummary *s);
#define pks_summary_get(s, e, k) (&(s)->est[(gsize) (e) * PKS_N_METRICS + (k)])
PksEstimate pks_estimate_of (const double *x, guint n);

/* Relative half-width of the region's headline metrics, the largest of
 * them (used by --precision). */
double pks_summary_worst_precision (const PksSummary *s, PksMetric *which);

/* Paired differences plan − base over common replications, for every
 * (scope, name, metric) present in both. */
typedef struct {
  PksScope scope;
  char *name;
  PksMetric metric;
  double base_mean, plan_mean;
  PksEstimate diff;
} PksDiffRow;

GArray *pks_compare (const PksModel *base, PksRepResult *const *base_reps,
                     const PksModel *plan, PksRepResult *const *plan_reps, guint n_reps);
void pks_compare_free (GArray *rows);

/* Day by day, what a plan changes where it is hard to see beside the
 * base's own figures: the difference plan − base in staffed beds, and the
 * paired difference (with its 95 % CI over common replications) in the
 * census and in the patients above staffed beds, summed over the units of
 * the region (name NULL) or of one site. Needs both runs' daily arrays,
 * the same start and days; NULL otherwise or for a site the plan lacks. */
typedef struct {
  PksScope scope;
  char *name;
  guint n_days;
  double *staffed;            /* [day] plan − base, staffed beds */
  PksEstimate *census;        /* [day] plan − base, patients in beds */
  PksEstimate *overcrowded;   /* [day] plan − base, patients above staffed beds */
} PksDailyDiff;

PksDailyDiff *pks_compare_daily (const PksModel *base, PksRepResult *const *base_reps,
                                 const PksModel *plan, PksRepResult *const *plan_reps,
                                 guint n_reps, PksScope scope, const char *name);
void pks_daily_diff_free (PksDailyDiff *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksDailyDiff, pks_daily_diff_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksSummary, pks_summary_free)

G_END_DECLS

#endif
