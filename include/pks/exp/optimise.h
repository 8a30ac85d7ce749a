/* optimise.h — where should N more beds (or sessions, or slots) go?
 * Simulation optimisation with common random numbers: greedy marginal
 * allocation, a screening of the neighbours of its answer, then Kim and
 * Nelson's fully sequential ranking and selection with an indifference
 * zone (docs/optimise.md). The optimiser sees the simulation only through
 * an evaluation callback, so any scheduler (threads, MPI) can serve it. */
#ifndef PKS_OPTIMISE_H
#define PKS_OPTIMISE_H

#include <glib.h>
#include "pks/model/model.h"
#include "pks/model/scenario.h"
#include "pks/exp/runner.h"

G_BEGIN_DECLS

/* Objective: a weighted sum of region metrics, e.g.
 * "outlied_days+3*cancelled_operations" or "-vg_treatment_pct". */
typedef struct {
  guint n;
  PksMetric metric[16];
  double weight[16];
} PksObjective;

/* Parse EXPR; errors name the term that is wrong. */
gboolean pks_objective_parse (const char *expr, PksObjective *out, GError **error);
double pks_objective_value (const PksObjective *o, const PksRepResult *r);
char *pks_objective_format (const PksObjective *o);
/* The same in words: "utlokaliserade dygn + 3 × strukna operationer".
 * (transfer full) */
char *pks_objective_words (const PksObjective *o, PksLang lang);

/* Evaluate n_alloc allocations (n_alloc × n_units whole numbers, row by
 * row) on replications rep_first … rep_first+n_reps−1: write the objective
 * of allocation a on replication i to obj[a * n_reps + i], and (when
 * results is not NULL) keep each PksRepResult in results[a * n_reps + i]
 * (transfer full; metrics only). Must give the same numbers for any
 * thread/rank count. */
typedef gboolean (*PksEvalFunc) (gpointer ctx, const int *alloc, guint n_alloc,
                                 guint rep_first, guint n_reps, double *obj,
                                 PksRepResult **results, GError **error);

typedef struct {
  guint n_units;               /* candidate units */
  const char *const *unit_names;
  int total;                   /* N units of resource to place */
  int max_per_unit;            /* 0 = no cap */
  gboolean maximise;
  guint reps_greedy;           /* replications per greedy evaluation (n0) */
  guint reps_max;              /* cap per allocation in the selection stage */
  guint screen_keep;           /* neighbours kept for the selection stage */
  double alpha;                /* selection error, e.g. 0.05 */
  double delta;                /* indifference zone in objective units; <= 0: automatic */
  guint top;                   /* allocations reported */
  gboolean verbose;            /* progress lines on stderr */
} PksOptimiseOptions;

typedef struct {
  int *alloc;                  /* n_units */
  guint n;                     /* replications behind the estimates */
  double mean, ci_low, ci_high;
  double gap_mean, gap_low, gap_high;      /* paired: this − best */
  double base_gap_mean, base_gap_low, base_gap_high;   /* paired: this − no allocation */
} PksAllocation;

typedef struct {
  GArray *ranked;              /* PksAllocation, best first */
  double base_mean, base_low, base_high;
  double delta;                /* indifference zone used */
  guint64 simulations;         /* replications run in all */
  guint evaluations;           /* distinct complete allocations simulated (all of total placed) */
  guint partial;               /* distinct partial allocations on the greedy path */
  double enumeration;          /* allocations in the full space */
  gboolean enumerated;         /* every allocation was tried: cheaper than the greedy search */
  guint reps_final;            /* common replications of the reported table */
  guint greedy_steps;
} PksOptimiseResult;

PksOptimiseResult *pks_optimise (const PksOptimiseOptions *opt, PksEvalFunc eval,
                                 gpointer ctx, GError **error);
void pks_optimise_result_free (PksOptimiseResult *r);
/* "Unit A=+3;Unit B=+1" (units given nothing left out). (transfer full) */
char *pks_allocation_format (const int *alloc, guint n, const char *const *names);
/* Number of allocations of total into n parts each in [0, cap] (cap 0 = none). */
double pks_allocation_count (guint n, int total, int cap);

/* The scenario with the allocation added from its start as the changes a
 * plan would write: `+N` with `staff = own` for staffed beds and sessions
 * (they bring their staff by the norms), and for staffed beds `+N` physical
 * beds too (docs/staffing.md). (transfer full) */
PksScenario *pks_scenario_with_allocation (const PksScenario *s, PksResource res,
                                           const guint *units, const int *alloc, guint n);
/* The same from a date (pks target's --from). (transfer full) */
PksScenario *pks_scenario_with_allocation_from (const PksScenario *s, PksResource res,
                                                const guint *units, const int *alloc, guint n,
                                                PksDate from);

/* The standard evaluator: each allocation becomes the scenario with its
 * dated changes, run on the experiment runner with the scenario's seed. */
typedef struct {
  const PksScenario *base;
  PksResource resource;
  const guint *units;          /* scenario unit index of each candidate */
  guint n_units;
  PksObjective objective;
  guint64 seed;
  guint threads;
  PksDate from;                /* the allocation's first day; 0 = the scenario's start */
  int days;                    /* > 0: the horizon ends after this many days (pks target's --by) */
} PksScenarioEval;

gboolean pks_optimise_eval_scenario (gpointer ctx, const int *alloc, guint n_alloc,
                                     guint rep_first, guint n_reps, double *obj,
                                     PksRepResult **results, GError **error);

/* Under MPI, rank 0 runs pks_optimise with pks_optimise_eval_scenario,
 * which sends each batch to the other ranks first; they sit in
 * pks_optimise_serve, running their share of every batch, until rank 0
 * calls pks_optimise_stop_serving. Without MPI both are no-ops. */
gboolean pks_optimise_serve (const PksScenarioEval *c, GError **error);
void pks_optimise_stop_serving (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksOptimiseResult, pks_optimise_result_free)

G_END_DECLS

#endif
