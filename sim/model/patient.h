/* patient.h — the patient pool, wait clocks and waiting-list keys
 * (patient.c): what every part of a replication does to a patient record
 * before it decides anything. Above state.h, below outlying, beds and the
 * theatre. */
#ifndef PKS_MODEL_PATIENT_H
#define PKS_MODEL_PATIENT_H

#include "state.h"

#include <math.h>

G_BEGIN_DECLS

/* A new patient of a flow with every attribute drawn now; one_rng: draw
 * them all from that single stream (the published lists), else from the
 * flow's streams (pks_patient_new_keyed). */
guint32 pks_patient_new (PksSim *s, guint32 flow, PksRng *one_rng);
guint32 pks_patient_grow (PksSim *s);

/* A record from the pool: a freed one first, so the pool only grows when
 * more patients are present at once than ever before. */
static inline guint32
pks_patient_take (PksSim *s)
{
  if (s->n_free > 0)
    return s->free_pat[--s->n_free];
  if (s->n_pat < s->cap_pat)
    return s->n_pat++;
  return pks_patient_grow (s);
}

/* What a new record holds before its draws. */
static inline void
pks_patient_init (PksSim *s, Patient *pt, guint32 flow, const ModelFlow *f)
{
  pt->serial = s->next_serial++;
  pt->flow = flow;
  pt->home = f->unit;
  pt->host = NONE;
  pt->prev = pt->next = NONE;
  pt->state = P_FREE;
  pt->t_admit = 0.0;
  pt->t_wait = s->now;
}

/* Drawn last and from streams of their own even for a published list's
 * patient, so a flow given a pathway or removals keeps every other draw,
 * and flows without them draw nothing. */
static inline void
pks_patient_extras (PksSim *s, Patient *pt, const ModelFlow *f, PksRng *r)
{
  pt->path = 0;
  if (G_UNLIKELY (f->extras))
    {
      pt->path = f->n_route > 0;
      pt->legs = 0;
      pt->path_seed = pt->path ? (guint32) (pks_rng_next (&r[S_PATH]) >> 32) : 0;
      if (f->removal_rate > 0.0)
        pt->t_remove = s->now - log (pks_rng_uniform (&r[S_REMOVAL])) / f->removal_rate;
    }
}

/* pks_patient_new from the flow's own streams, inline where every arrival
 * calls it (sim.c; the call and the test for one stream cost about 2 %
 * of a bed unit). A purpose whose outcome the flow fixes (no stay, a
 * probability of 0 or 1) draws nothing from its own stream: what it would
 * draw there is that stream's alone, so skipping it shifts no other
 * number, and the i-th patient of a flow still gets the i-th draws of
 * every purpose it uses (the acute treat_p always did this). */
static inline __attribute__ ((always_inline)) guint32
pks_patient_new_keyed (PksSim *s, guint32 flow)
{
  guint32 p = pks_patient_take (s);
  const ModelFlow *f = &s->m->flows[flow];
  PksRng *r = s->rng + (gsize) flow * N_STREAMS;
  Patient *pt = &s->pat[p];
  pks_patient_init (s, pt, flow, f);
  pt->los_min = f->los_min > 0.0 ? pks_dist_lognormal_ms (&r[S_LOS], f->los_mu, f->los_sigma)
                                 : 0.0;
  pt->delayed = FALSE;
  pt->delay_min = 0.0;
  if (f->delay_p > 0.0)
    {
      pt->delayed = pks_rng_uniform (&r[S_DELAY]) < f->delay_p;
      double u = pks_rng_uniform (&r[S_DELAY]);
      pt->delay_min = pt->delayed ? -f->delay_min * log (u) : 0.0;
    }
  if (f->kind == PKS_FLOW_ELECTIVE)
    {
      /* pks_dist_bernoulli, inlined: one uniform each */
      pt->treat = pks_rng_uniform (&r[S_TREAT]) < f->treat_p;
      pt->surgery_min = f->surgery_min > 0.0
                        ? pks_dist_lognormal_ms (&r[S_SURGERY], f->surgery_mu, f->surgery_sigma)
                        : 0.0;
      pt->inpatient = f->inpatient_p >= 1.0
                      || (f->inpatient_p > 0.0
                          && pks_rng_uniform (&r[S_INPATIENT]) < f->inpatient_p);
    }
  else
    {
      /* an acute patient may need an emergency operation (treat_p) */
      pt->treat = f->treat_p > 0.0 && pks_dist_bernoulli (&r[S_TREAT], f->treat_p);
      pt->surgery_min = 0.0;
      pt->inpatient = TRUE;
    }
  pks_patient_extras (s, pt, f, r);
  return p;
}
void pks_patient_free (PksSim *s, guint32 p);

/* Start a wait at t (now, or in the past for an initial list). */
void pks_patient_set_wait (PksSim *s, Patient *pt, double t_wait);
/* Waiting time until now in calendar days, as the care guarantee counts it. */
int pks_patient_wait_days (PksSim *s, const Patient *pt);

/* Waiting-list key for the scheduling policy. Priorities 1..3 are at
 * least 1e12 minutes apart, far more than any wait. */
static inline double
pks_list_key (const PksSim *s, const Patient *p)
{
  const PksPolicy *pol = &s->m->policy;
  int prio = s->m->flows[p->flow].priority;
  switch (pol->scheduling)
    {
    case PKS_SCHED_FIFO:
      return p->t_wait;
    case PKS_SCHED_PRIORITY:
      return (double) prio * 1e12 + p->t_wait;
    case PKS_SCHED_DUE_DATE:
      return p->t_wait + pol->due_days[prio - 1] * PKS_MIN_PER_DAY;
    }
  return p->t_wait;
}

/* Patient p's entry on a list: the scheduling policy's key, the serial
 * that breaks ties, the priority class. */
static inline WaitEntry
pks_list_entry (const PksSim *s, guint32 p)
{
  const Patient *pt = &s->pat[p];
  WaitEntry e = { pks_list_key (s, pt), pt->serial, p,
                  (guint32) s->m->flows[pt->flow].priority - 1 };
  return e;
}

/* Put patient p on list w; inline, as a referral and a decision do it for
 * every patient. */
static inline void
pks_list_push (PksSim *s, Waitlist *w, guint32 p)
{
  WaitEntry e = pks_list_entry (s, p);
  pks_waitlist_push (w, &e);
}

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
