/* beds.c — where a patient is admitted: the home unit's staffed beds, then
 * overcrowding places, then another unit's free staffed bed (outlying,
 * utlokalisering: the host is chosen by outlying.c), else out of region
 * (utomlänsvård); discharge, discharge delays (utskrivningsklara) and the
 * recall of outliers when a home bed frees. docs/model.md states the
 * rules; tests/validation checks them. */
#include "beds.h"
#include "outlying.h"
#include "patient.h"

#include <math.h>

/* Bring a unit's time integrals (bed, overcrowded, outlied, delayed
 * patient-minutes) up to now. Call before changing any of their inputs. */
void
pks_beds_touch (PksSim *s, guint32 u)
{
  UnitRT *x = &s->u[u];
  double now = s->now;
  double dt = now - x->t_last;
  if (dt > 0.0)
    {
      x->acc.bed_min += dt * x->census;
      if (x->census > x->staffed)
        x->acc.over_min += dt * (x->census - x->staffed);
      x->acc.outl_min += dt * x->out_count;
      x->acc.delay_min += dt * x->n_delayed;
    }
  x->t_last = now;
}

/* Patient p takes a bed of unit host now (an outlier when host is not
 * its home unit). */
static inline void
take_bed (PksSim *s, guint32 p, guint32 host)
{
  Patient *pt = &s->pat[p];
  guint32 home = pt->home;
  pks_beds_touch (s, host);
  s->u[host].census++;
  if (host != home)
    {
      pks_beds_touch (s, home);
      s->u[home].out_count++;
      pks_outlier_link (s, home, p);
    }
  pt->host = host;
  pt->state = P_IN_BED;
}

/* Put patient p into a bed of unit host from now; its stay (LOS) runs
 * from t_los_start. */
static void
occupy (PksSim *s, guint32 p, guint32 host, double t_los_start)
{
  Patient *pt = &s->pat[p];
  guint32 home = pt->home;
  take_bed (s, p, host);
  pt->t_admit = s->now;
  UnitAcc *a = &s->u[home].acc;
  a->admissions++;
  if (s->m->flows[pt->flow].kind == PKS_FLOW_ACUTE)
    a->acute_admissions++;
  else
    a->elective_admissions++;
  pks_calendar_schedule (s->cal, t_los_start + pt->los_min, EV_LOS_END, p);
}

void
pks_beds_place (PksSim *s, guint32 p, guint32 host, double t_admit, double t_los_end,
                gboolean ready)
{
  Patient *pt = &s->pat[p];
  take_bed (s, p, host);
  pt->t_admit = t_admit;
  s->bal.initial_in_bed++;
  sim_trace (s, p, PKS_TRACE_CENSUS_INITIAL, (int) host);
  if (!ready)
    {
      pks_calendar_schedule (s->cal, t_los_end, EV_LOS_END, p);
      return;
    }
  /* ready for discharge already: waiting for the municipality */
  pks_beds_touch (s, host);
  s->u[host].n_delayed++;
  pt->state = P_DELAYED;
  pks_calendar_schedule (s->cal, s->now + pt->delay_min, EV_DELAY_END, p);
}

/* Room on the home unit within the overcrowding allowance. A closed unit
 * (no staffed beds today) takes no overcrowded patients: there is no one
 * on its ward to care for them. */
static gboolean
overcrowding_room (const PksSim *s, guint32 h)
{
  const UnitRT *x = &s->u[h];
  int oc = s->m->policy.overcrowding;
  return x->staffed > 0 && x->census < x->staffed + oc && x->census < x->beds + oc;
}

/* An acute arrival, counted, goes to the home unit's staffed beds, then
 * overcrowding places, then another unit's free staffed bed, else out of
 * region. The caller sends an admitted patient who needs an emergency
 * operation to the theatre. */
gboolean
pks_beds_admit_acute (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  guint32 h = pt->home;
  UnitRT *x = &s->u[h];
  double now = s->now;
  s->bal.acute_arrivals++;
  x->acc.arrivals++;
  sim_trace (s, p, PKS_TRACE_ARRIVE, -1);
  guint32 host = NONE;
  PksTraceEvent ev = PKS_TRACE_ADMIT;
  if (x->census < x->staffed)
    host = h;
  else if (overcrowding_room (s, h))
    {
      host = h;
      ev = PKS_TRACE_OVERCROWD;
    }
  else if ((host = pks_outlying_host (s, h)) != NONE)
    ev = PKS_TRACE_OUTLIE;
  if (host != NONE)
    {
      occupy (s, p, host, now);
      s->bal.acute_admitted++;
      sim_trace (s, p, ev, (int) host);
      return TRUE;
    }
  x->acc.transfers++;
  s->bal.acute_transferred++;
  sim_trace (s, p, PKS_TRACE_TRANSFER_OUT, -1);
  pks_patient_free (s, p);
  return FALSE;
}

gboolean
pks_beds_admit_elective (PksSim *s, guint32 p, double t_los_start)
{
  guint32 h = s->pat[p].home;
  const PksPolicy *pol = &s->m->policy;
  if (s->u[h].census < s->u[h].staffed)
    {
      occupy (s, p, h, t_los_start);
      sim_trace (s, p, PKS_TRACE_ADMIT, (int) h);
      s->bal.elective_admitted++;
      return TRUE;
    }
  if (pol->elective_overcrowding && overcrowding_room (s, h))
    {
      occupy (s, p, h, t_los_start);
      sim_trace (s, p, PKS_TRACE_OVERCROWD, (int) h);
      s->bal.elective_admitted++;
      return TRUE;
    }
  guint32 host = pks_outlying_host (s, h);
  if (host != NONE)
    {
      occupy (s, p, host, t_los_start);
      sim_trace (s, p, PKS_TRACE_OUTLIE, (int) host);
      s->bal.elective_admitted++;
      return TRUE;
    }
  if (pol->cancel_if_no_bed)
    return FALSE;
  /* operated anyway: an extra bed on the home unit, beyond every limit */
  occupy (s, p, h, t_los_start);
  sim_trace (s, p, PKS_TRACE_ADMIT_FORCED, (int) h);
  s->bal.elective_admitted++;
  s->bal.elective_forced++;
  return TRUE;
}

/* A bed on unit v may have freed: bring home its longest-outlied patients
 * while it has free staffed beds; every move frees a bed elsewhere, so
 * follow the chain (it ends: each move lowers the number of outliers). */
static G_GNUC_NO_INLINE void
recall_chain_from (PksSim *s, guint32 v)
{
  /* pending units, each at most once (so at most n_units entries) */
  guint32 *stack = s->recall_stack;
  guint8 *pending = s->recall_pending;
  guint n = 0;
  stack[n++] = v;
  pending[v] = 1;
  while (n > 0)
    {
      guint32 h = stack[--n];
      pending[h] = 0;
      UnitRT *x = &s->u[h];
      while (x->census < x->staffed && x->out_head != NONE)
        {
          guint32 q = x->out_head;
          Patient *pt = &s->pat[q];
          guint32 from = pt->host;
          pks_beds_touch (s, from);
          pks_beds_touch (s, h);
          s->u[from].census--;
          x->census++;
          x->out_count--;
          pks_outlier_unlink (s, h, q);
          pt->host = h;
          if (pt->state == P_DELAYED)
            {
              s->u[from].n_delayed--;
              x->n_delayed++;
            }
          sim_trace (s, q, PKS_TRACE_RECALL, (int) h);
          if (!pending[from])
            {
              pending[from] = 1;
              stack[n++] = from;
            }
        }
    }
}

/* The check inline, the chain out of line: on most discharges there is
 * nothing to bring home, and the call alone cost 2 % of a bed unit. */
static inline void
recall_chain (PksSim *s, guint32 v)
{
  if (s->m->policy.recall_outliers && s->u[v].out_head != NONE)
    recall_chain_from (s, v);
}

void
pks_beds_set_capacity (PksSim *s, guint32 unit, int staffed, int beds)
{
  UnitRT *x = &s->u[unit];
  pks_beds_touch (s, unit);
  gboolean more = staffed > x->staffed;
  x->staffed = staffed;
  x->beds = beds;
  if (more)
    recall_chain (s, unit);
}

/* Calendar dates of the reported period on which the stay [t0, t1) was
 * in a bed (vårddagar counted per started day). */
double
pks_beds_care_dates (const PksModel *m, double t0, double t1)
{
  double first = floor (t0 / PKS_MIN_PER_DAY);
  double last = ceil (t1 / PKS_MIN_PER_DAY) - 1.0;
  if (last < first)
    last = first;
  first = MAX (first, (double) m->warmup_days);
  last = MIN (last, (double) m->n_sim_days - 1.0);
  return last >= first ? last - first + 1.0 : 0.0;
}

static void
leave (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  guint32 host = pt->host, home = pt->home;
  double now = s->now;
  pks_beds_touch (s, host);
  s->u[host].census--;
  if (pt->state == P_DELAYED)
    s->u[host].n_delayed--;
  if (host != home)
    {
      pks_beds_touch (s, home);
      s->u[home].out_count--;
      pks_outlier_unlink (s, home, p);
    }
  UnitAcc *a = &s->u[home].acc;
  a->discharges++;
  a->stay_days += (now - pt->t_admit) / PKS_MIN_PER_DAY;
  a->care_days += pks_beds_care_dates (s->m, pt->t_admit, now);
  s->bal.discharged++;
  sim_trace (s, p, PKS_TRACE_DISCHARGE, (int) host);
  pks_patient_free (s, p);
  recall_chain (s, host);
}

void
pks_beds_los_end (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  if (pt->delayed)
    {
      pks_beds_touch (s, pt->host);
      s->u[pt->host].n_delayed++;
      pt->state = P_DELAYED;
      sim_trace (s, p, PKS_TRACE_DISCHARGE_READY, (int) pt->host);
      pks_calendar_schedule (s->cal, s->now + pt->delay_min, EV_DELAY_END, p);
      return;
    }
  leave (s, p);
}

void
pks_beds_delay_end (PksSim *s, guint32 p)
{
  leave (s, p);
}

