/* capacity.h — the compile step for daily capacity (capacity.c). Works on
 * the compiled model alone: it knows nothing of a replication. */
#ifndef PKS_MODEL_CAPACITY_H
#define PKS_MODEL_CAPACITY_H

#include "compiled.h"

G_BEGIN_DECLS

/* Fill m->beds, staffed, sessions, slots and the planned staff costs from
 * units.csv, changes.csv and staffing.csv. The scenario is validated, so
 * nothing here can fail: values are clamped to their bounds. */
void pks_capacity_compute (PksModel *m, const PksScenario *s);

G_END_DECLS

#endif
