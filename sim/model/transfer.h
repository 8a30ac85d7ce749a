/* transfer.h — pathways between units (transfer.c, transfers.csv): the
 * compile step that gives each flow its routes, and the draw of a
 * patient's next unit when a stay ends. Above beds.c, which moves the
 * patient or keeps it waiting in its bed. */
#ifndef PKS_MODEL_TRANSFER_H
#define PKS_MODEL_TRANSFER_H

#include "state.h"

G_BEGIN_DECLS

/* Compile step: every flow's routes and legs (m->units and m->flows must
 * exist); FALSE with a PKS_ERROR_INPUT naming the row when some flow's
 * patients could never leave the hospital (a closed loop). */
gboolean pks_transfer_compile (PksModel *m, const PksScenario *s, GError **error);
/* Patient p's stay on its home unit is over: draw whether it moves on and
 * where; TRUE if it moves or waits for the next unit (beds.c), FALSE if
 * it leaves the hospital (the caller discharges it). */
gboolean pks_transfer_next (PksSim *s, guint32 p);

G_END_DECLS

#endif
