/* periods.h — the compile step of the PKS balance's calendar (periods.c):
 * boundaries, periods and what a unit's sessions hold. Works on the
 * compiled model alone, after the months and the daily capacity. */
#ifndef PKS_MODEL_PERIODS_H
#define PKS_MODEL_PERIODS_H

#include "compiled.h"

G_BEGIN_DECLS

void pks_periods_compile (PksModel *m, const PksScenario *s);
void pks_periods_free (PksModel *m);

G_END_DECLS

#endif
