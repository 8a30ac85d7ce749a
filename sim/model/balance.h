/* balance.h — a replication's PKS balance and national census
 * (balance.c): the own-patient bed integral, the figures recorded at each
 * period boundary, the overcrowded and outlied patients counted at the
 * national census hour. Reads the state; above state.h, below patient.h. */
#ifndef PKS_MODEL_BALANCE_H
#define PKS_MODEL_BALANCE_H

#include "state.h"

G_BEGIN_DECLS

/* Other units' patients on unit u's ward (outliers it hosts): bring
 * their integral up to now and add d. A unit's own patients in any bed are
 * its census − those it hosts + its own lying elsewhere, so the bed-days
 * demand follows from the census integrals and this one, which changes
 * only when an outlier comes or goes (off the common path). */
static inline void
pks_balance_hosted (PksSim *s, guint32 u, int d)
{
  if (!s->detail)
    return;
  UnitRT *x = &s->u[u];
  double dt = s->now - x->t_hosted;
  if (dt > 0.0)
    x->acc.hosted_min += dt * x->hosted;
  x->t_hosted = s->now;
  x->hosted += d;
}

/* A patient joins (sign +1) or leaves (−1) the treatment list: the levels
 * of those waiting for an operation and of their operating minutes. */
static inline void
pks_balance_list (PksSim *s, const Patient *pt, int sign)
{
  if (!s->detail)
    return;
  UnitRT *x = &s->u[pt->home];
  x->op_waiting += sign * !s->m->flows[pt->flow].other_treatment;
  x->min_waiting += sign * pt->surgery_min;
}

/* A decision to treat (the demand of treatments, operations and minutes)
 * and a treatment performed (the minutes produced). */
static inline void
pks_balance_decision (PksSim *s, UnitRT *x, const Patient *pt)
{
  if (!s->detail)
    return;
  x->acc.op_decisions += !s->m->flows[pt->flow].other_treatment;
  x->acc.tr_min_in += pt->surgery_min;
  pks_balance_list (s, pt, +1);
}

static inline void
pks_balance_treated (PksSim *s, UnitRT *x, const Patient *pt, int wait_days)
{
  if (!s->detail)
    return;
  x->acc.tr_min_done += pt->surgery_min;
  pks_balance_list (s, pt, -1);
  if (s->now >= s->m->t_report0)
    WAITS (s, pt->home, s->month_cur, 1, 1, pks_wait_bucket (wait_days)) += 1;
}

/* A patient left its list untreated (removal_pct), before its state
 * changes: the balance's third way out of a list. */
static inline void
pks_balance_removed (PksSim *s, UnitRT *x, const Patient *pt)
{
  if (!s->detail)
    return;
  if (pt->state == P_WAIT_FIRST)
    {
      x->acc.fv_removed++;
      return;
    }
  x->acc.tr_removed++;
  x->acc.op_removed += !s->m->flows[pt->flow].other_treatment;
  x->acc.min_removed += pt->surgery_min;
  pks_balance_list (s, pt, -1);
}

/* A first visit's wait, into the month's done bucket. */
static inline void
pks_balance_first_visit (PksSim *s, const Patient *pt, int wait_days)
{
  if (s->detail && s->now >= s->m->t_report0)
    WAITS (s, pt->home, s->month_cur, 0, 1, pks_wait_bucket (wait_days)) += 1;
}

/* finish: count a patient waiting for treatment into the end's check of
 * those levels (PksBalance). */
void pks_balance_count_waiting (PksSim *s, const Patient *pt);
/* Record every unit's figures at boundary b (pks/model/balance.h). */
void pks_balance_snapshot (PksSim *s, guint b);
/* The count Socialstyrelsen makes at 06:00: each unit's overcrowded
 * patients (above its staffed beds) and its patients lying on other
 * units' wards, added to the unit's sums and the month's. */
void pks_national_census (PksSim *s);

G_END_DECLS

#endif
