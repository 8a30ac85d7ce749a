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
/* Calendar dates of the reported period on which the stay [t0, t1) was
 * in a bed (vårddagar). */
double pks_beds_care_dates (const PksModel *m, double t0, double t1);

G_END_DECLS

#endif
