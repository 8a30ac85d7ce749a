/* patient.h — the patient pool, wait clocks and waiting-list keys
 * (patient.c): what every part of a replication does to a patient record
 * before it decides anything. Above state.h, below outlying, beds and the
 * theatre. */
#ifndef PKS_MODEL_PATIENT_H
#define PKS_MODEL_PATIENT_H

#include "state.h"

G_BEGIN_DECLS

/* A new patient of a flow with every attribute drawn now; one_rng: draw
 * them all from that single stream (the published lists), else from the
 * flow's streams. */
guint32 pks_patient_new (PksSim *s, guint32 flow, PksRng *one_rng);
void pks_patient_free (PksSim *s, guint32 p);

/* Start a wait at t (now, or in the past for an initial list). */
void pks_patient_set_wait (PksSim *s, Patient *pt, double t_wait);
/* Waiting time until now in calendar days, as the care guarantee counts it. */
int pks_patient_wait_days (PksSim *s, const Patient *pt);

/* The scheduling policy's key of a patient's wait. */
double pks_list_key (const PksSim *s, const Patient *p);
/* Put patient p on list w by the scheduling policy's key. */
void pks_list_push (PksSim *s, Waitlist *w, guint32 p);
/* Bring a unit's list-length integrals up to now; call before any change
 * to its waiting lists. */
void pks_list_touch (PksSim *s, guint32 unit);
/* Pop the next patient still waiting from list w; the entries of patients
 * who left untreated are dropped on the way (and their records freed). */
gboolean pks_list_pop (PksSim *s, Waitlist *w, WaitEntry *e);

/* Removal from the lists (flows.csv removal_pct): schedule patient p's
 * removal when it joins a list, and the event's action. */
void pks_list_schedule_removal (PksSim *s, guint32 p);
void pks_list_removal (PksSim *s, guint32 p);

G_END_DECLS

#endif
