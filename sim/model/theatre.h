/* theatre.h — the clinic day and the operating sessions (theatre.c).
 * Above beds.c, which it calls to admit an operated inpatient; called by
 * the day's events and by an acute arrival that needs an operation. */
#ifndef PKS_MODEL_THEATRE_H
#define PKS_MODEL_THEATRE_H

#include "state.h"

G_BEGIN_DECLS

/* First visits and session booking of simulated day `day`. */
void pks_clinic_day (PksSim *s, guint day);
/* The next booked operation of session `session`, or its close. */
void pks_theatre_next (PksSim *s, guint session);
/* An admitted acute patient's emergency operation. */
void pks_theatre_emergency (PksSim *s, guint32 patient);

G_END_DECLS

#endif
