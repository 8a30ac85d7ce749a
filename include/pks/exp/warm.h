/* warm.h — a paired comparison against a base that stays compiled and
 * simulated: for the meeting view (`pks serve`), which compares one plan
 * after another against the same base at the same replications. The base
 * is compiled and run once; each plan then costs its own compile and runs
 * only, and its rows are the same, bit for bit, as pks_compare's of a
 * fresh run of both (common random numbers: the same seed and
 * replication numbers). */
#ifndef PKS_EXP_WARM_H
#define PKS_EXP_WARM_H

#include <glib.h>
#include "pks/model/model.h"
#include "pks/model/scenario.h"

G_BEGIN_DECLS

typedef struct _PksWarmBase PksWarmBase;

/* Compile base and run its replications 0 … n_reps−1 with seed on threads
 * workers (0: all cores), keeping only their metrics. */
PksWarmBase *pks_warm_base_new (const PksScenario *base, guint64 seed, guint n_reps,
                                guint threads, GError **error);
void pks_warm_base_free (PksWarmBase *w);
const PksModel *pks_warm_base_model (const PksWarmBase *w);
guint pks_warm_base_replications (const PksWarmBase *w);

/* plan − base as pks_compare gives it (free with pks_compare_free); the
 * plan's compiled model in *plan_model when asked (transfer full). */
GArray *pks_warm_compare (PksWarmBase *w, const PksScenario *plan, PksModel **plan_model,
                          GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksWarmBase, pks_warm_base_free)

G_END_DECLS

#endif
