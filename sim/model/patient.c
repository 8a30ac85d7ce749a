/* patient.c — the patient pool (records reused from a free list, every
 * attribute drawn at arrival from the flow's keyed streams), the wait
 * clocks in calendar days, and the waiting lists' keys by scheduling
 * policy and their length integrals. */
#include "patient.h"
#include "balance.h"

#include <math.h>

/* The pool is full: double it (patient.h pks_patient_take). */
guint32
pks_patient_grow (PksSim *s)
{
  s->cap_pat = s->cap_pat ? 2 * s->cap_pat : 1024;
  s->pat = g_renew (Patient, s->pat, s->cap_pat);
  s->free_pat = g_renew (guint32, s->free_pat, s->cap_pat);
  return s->n_pat++;
}

/* A new patient of a flow with every attribute drawn now, one draw per
 * stream purpose whatever the flow's kind, so the i-th patient of a flow
 * gets the same numbers in every plan (common random numbers). With
 * one_rng, all attributes come from that single stream; without, the
 * flow's own streams (pks_patient_new_keyed, inline in every arrival). One
 * shared stream (one_rng, a published list's or today's patient) draws
 * every purpose in turn, so there nothing is skipped. */
guint32
pks_patient_new (PksSim *s, guint32 flow, PksRng *one_rng)
{
  if (one_rng == NULL)
    return pks_patient_new_keyed (s, flow);
  guint32 p = pks_patient_take (s);
  const ModelFlow *f = &s->m->flows[flow];
  Patient *pt = &s->pat[p];
  pks_patient_init (s, pt, flow, f);
  pt->los_min = f->los_min > 0.0 ? pks_dist_lognormal_ms (one_rng, f->los_mu, f->los_sigma)
                                 : (pks_rng_uniform (one_rng), 0.0);
  /* the delay's two uniforms are always drawn; the log only when needed */
  pt->delayed = pks_rng_uniform (one_rng) < f->delay_p;
  double u = pks_rng_uniform (one_rng);
  pt->delay_min = pt->delayed ? -f->delay_min * log (u) : 0.0;
  if (f->kind == PKS_FLOW_ELECTIVE)
    {
      pt->treat = pks_rng_uniform (one_rng) < f->treat_p;
      pt->surgery_min = f->surgery_min > 0.0
                        ? pks_dist_lognormal_ms (one_rng, f->surgery_mu, f->surgery_sigma)
                        : (pks_rng_uniform (one_rng), 0.0);
      pt->inpatient = pks_rng_uniform (one_rng) < f->inpatient_p;
    }
  else
    {
      pt->treat = f->treat_p > 0.0 && pks_dist_bernoulli (one_rng, f->treat_p);
      pt->surgery_min = 0.0;
      pt->inpatient = TRUE;
    }
  pks_patient_extras (s, pt, f, s->rng + (gsize) flow * N_STREAMS);
  return p;
}

void
pks_patient_free (PksSim *s, guint32 p)
{
  s->pat[p].state = P_FREE;
  s->free_pat[s->n_free++] = p;
}

void
pks_patient_set_wait (PksSim *s, Patient *pt, double t)
{
  pt->t_wait = t;
  pt->wait_day = t == s->now ? sim_today (s) : floor (t / PKS_MIN_PER_DAY);
}

/* floor (now / day) − floor (t_wait / day): the calendar days between the
 * referral (or decision) and today. */
int
pks_patient_wait_days (PksSim *s, const Patient *pt)
{
  return (int) (sim_today (s) - pt->wait_day);
}

void
pks_list_touch (PksSim *s, guint32 u)
{
  UnitRT *x = &s->u[u];
  double now = s->now;
  double dt = now - x->t_list;
  if (dt > 0.0)
    {
      x->acc.fv_list_min += dt * pks_waitlist_len (&x->first);
      x->acc.tr_list_min += dt * (pks_waitlist_len (&x->treat) + x->booked);
    }
  x->t_list = now;
}

gboolean
pks_list_pop (PksSim *s, Waitlist *w, WaitEntry *e)
{
  while (pks_waitlist_pop (w, e))
    {
      if (G_LIKELY (s->pat[e->patient].state != P_REMOVED))
        return TRUE;
      w->n_dead--;
      pks_patient_free (s, e->patient);
    }
  return FALSE;
}

void
pks_list_schedule_removal (PksSim *s, guint32 p)
{
  const Patient *pt = &s->pat[p];
  if (s->m->flows[pt->flow].removal_rate > 0.0 && pt->t_remove < s->m->t_end)
    pks_calendar_schedule (s->cal, pt->t_remove, EV_REMOVE, p);
}

/* The event carries only the record's index, which may have been freed
 * and reused since: it is this patient's only if the record still waits
 * on a list with this removal time (another patient's drawn time equals
 * it with probability 0). A patient booked for today's session is not
 * removed: it is about to be treated. */
void
pks_list_removal (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  if ((pt->state != P_WAIT_FIRST && pt->state != P_WAIT_TREAT) || pt->t_remove != s->now)
    return;
  UnitRT *x = &s->u[pt->home];
  pks_list_touch (s, pt->home);
  (pt->state == P_WAIT_FIRST ? &x->first : &x->treat)->n_dead++;
  pks_balance_removed (s, pt);
  pt->state = P_REMOVED;
  x->acc.removals++;
  s->fa[pt->flow].removals++;
  s->bal.removed++;
  sim_trace (s, p, PKS_TRACE_REMOVED, (int) pt->home);
}
