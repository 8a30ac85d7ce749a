/* target.h — what it takes to meet a target (pks target, contract 5.4):
 * the least extra capacity per unit for which the unit's metric reaches a
 * threshold by a date with probability at least P. Probability is the
 * share of replications (equally likely years of the model) that meet the
 * target; every candidate level is simulated on the same replications
 * (common random numbers), the units jointly (they may share beds), by
 * bisection on the grid 0..max, then made minimal unit by unit
 * (docs/target.md). The search sees the simulation only through a
 * PksEvalFunc (optimise.h), so threads and MPI ranks serve it alike. */
#ifndef PKS_TARGET_H
#define PKS_TARGET_H

#include <glib.h>
#include "pks/exp/optimise.h"

G_BEGIN_DECLS

typedef struct {
  guint n_units;
  const guint *entities;       /* each unit's entity in the results */
  PksMetric metric;
  double threshold;
  gboolean at_most;            /* the metric must be at most the threshold */
  double confidence;           /* P */
  const int *max_add;          /* per unit: the most that may be added */
  guint reps;                  /* R: replications behind every decision */
  gboolean check;              /* re-run the answer on replications R..2R−1 */
  gboolean verbose;            /* progress lines on stderr */
} PksTargetOptions;

typedef enum {
  PKS_TARGET_OK,               /* added is the least that meets the target */
  PKS_TARGET_MET_AT_BASE,      /* met with nothing added */
  PKS_TARGET_INFEASIBLE,       /* not met even with max_add */
  PKS_TARGET_NO_EFFECT,        /* the metric is the same with nothing and with max_add */
  PKS_TARGET_UNDEFINED,        /* the unit has no such metric (no list, no beds) */
} PksTargetStatus;

typedef struct {
  PksTargetStatus status;
  int added;                   /* the answer (0 unless OK) */
  double p_met, p_low, p_high; /* at the answer: share of replications, Wilson 95 % */
  PksEstimate metric;          /* at the answer */
  double p_one_less;           /* at the answer − 1, the same replications (NaN if added 0) */
  double p_base, p_max;        /* with nothing added, with max_add */
  double p_check, p_one_less_check;   /* on replications R..2R−1 (NaN without check) */
  PksEstimate metric_check;
} PksTargetUnit;

typedef struct {
  guint n_units;
  PksTargetUnit *units;
  guint64 simulations;         /* replications run in all */
  guint evaluations;           /* distinct allocations simulated */
  guint rounds;                /* bisection steps, fix-ups and minimality rounds */
  gboolean settled;            /* FALSE: the minimality rounds did not settle */
} PksTargetResult;

PksTargetResult *pks_target_search (const PksTargetOptions *opt, PksEvalFunc eval, gpointer ctx,
                                    GError **error);
void pks_target_result_free (PksTargetResult *r);
/* Wilson's 95 % score interval of k successes in n. */
void pks_wilson_interval (guint k, guint n, double *lo, double *hi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksTargetResult, pks_target_result_free)

G_END_DECLS

#endif
