/* results.h — a finished replication's accumulators turned into the
 * metrics of every unit, site and the region (results.c). Reads the state,
 * calls nothing in the model. */
#ifndef PKS_MODEL_RESULTS_H
#define PKS_MODEL_RESULTS_H

#include "state.h"

G_BEGIN_DECLS

void pks_results_fill (PksSim *s, PksRepResult *out);

G_END_DECLS

#endif
