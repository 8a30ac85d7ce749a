/* outlying.h — utlokalisering in one place (outlying.c): which units may
 * host a unit's outliers (compiled once), which of them takes one now, and
 * each home unit's list of its patients lying elsewhere. */
#ifndef PKS_MODEL_OUTLYING_H
#define PKS_MODEL_OUTLYING_H

#include "state.h"

G_BEGIN_DECLS

/* Compile step: every unit's candidate hosts under the scenario's
 * outlying policy (m->units must exist). */
void pks_outlying_compile (PksModel *m, const PksScenario *s);
/* The host for an outlier from unit home now, or NONE. */
guint32 pks_outlying_host (const PksSim *s, guint32 home);
/* Append p to (remove p from) its home unit's outlier list. */
void pks_outlier_link (PksSim *s, guint32 home, guint32 p);
void pks_outlier_unlink (PksSim *s, guint32 home, guint32 p);

G_END_DECLS

#endif
