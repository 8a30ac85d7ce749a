/* beds.h — admission, discharge and recall (beds.c): where a patient who
 * needs a bed lies. Above patient.c and outlying.c; the theatre and the
 * day's events call it, it calls nothing above it. */
#ifndef PKS_MODEL_BEDS_H
#define PKS_MODEL_BEDS_H

#include "state.h"

G_BEGIN_DECLS

/* Bring a unit's time integrals up to now. */
void pks_beds_touch (PksSim *s, guint32 unit);
/* An acute patient's arrival at its home unit, counted: TRUE if admitted
 * (home, overcrowded or outlied), FALSE if sent out of region (the record
 * is freed). */
gboolean pks_beds_admit_acute (PksSim *s, guint32 p);
/* TRUE if the elective patient got a bed (admitted), FALSE = no bed. */
gboolean pks_beds_admit_elective (PksSim *s, guint32 p, double los_from);
void pks_beds_los_end (PksSim *s, guint32 p);
void pks_beds_delay_end (PksSim *s, guint32 p);
void pks_beds_set_capacity (PksSim *s, guint32 unit, int staffed, int beds);
/* A patient in bed at the start (census.csv): placed in host's bed,
 * admitted at t_admit, not counted as an admission; its stay ends at
 * t_los_end, or, when ready, its wait for the municipality now. */
void pks_beds_place (PksSim *s, guint32 p, guint32 host, double t_admit, double t_los_end,
                     gboolean ready);
/* EV_BED_READY: a bed of unit is through its turnaround. */
void pks_beds_ready (PksSim *s, guint32 unit);
/* End of the horizon: the turnarounds under way counted to the end. */
void pks_beds_finish (PksSim *s);
/* EV_QUEUE_END: the acute patients waiting at unit whose wait is up go on
 * by rules 2–4 (acute_queue_hours). */
void pks_beds_queue_end (PksSim *s, guint32 unit);
/* Pathway: patient p, its stay over, moves to unit to for the stay
 * pt->los_min (already drawn), or waits in its bed until there is room
 * (when_full: the row's or the policy's transfer_when_full). */
void pks_beds_transfer (PksSim *s, guint32 p, guint32 to, PksTransferWhenFull when_full);
/* Calendar dates of the reported period on which the stay [t0, t1) was
 * in a bed (vårddagar). */
double pks_beds_care_dates (const PksModel *m, double t0, double t1);

G_END_DECLS

#endif
