/* balance.h — a replication's PKS balance and national census
 * (balance.c): the bookkeeping of the bed-days demand and the lists, the figures recorded at each
 * period boundary, the overcrowded and outlied patients counted at the
 * national census hour. Reads the state; above state.h, below patient.h. */
#ifndef PKS_MODEL_BALANCE_H
#define PKS_MODEL_BALANCE_H

#include "state.h"

G_BEGIN_DECLS

/* The bookkeeping of the balance that a run without outputs skips
 * (s->detail): each inline gate below is a load and a branch where the
 * simulation calls it, and its work is out of line (balance.c), so that
 * the hot path's functions keep their size and the compiler's inlining. */
void pks_balance_hosted_do (PksSim *s, guint32 u, int d);
void pks_balance_list_do (PksSim *s, const Patient *pt, int sign);
void pks_balance_decision_do (PksSim *s, const Patient *pt);
void pks_balance_treated_do (PksSim *s, const Patient *pt, int wait_days);
void pks_balance_removed_do (PksSim *s, const Patient *pt);
void pks_balance_first_visit_do (PksSim *s, const Patient *pt, int wait_days);
/* an acute patient sent out of region: the bed-days it needed (always) */
void pks_balance_transfer (PksSim *s, const Patient *pt);

/* Other units' patients on unit u's ward (outliers it hosts): bring
 * their integral up to now and add d. A unit's own patients in any bed are
 * its census − those it hosts + its own lying elsewhere, so the bed-days
 * demand follows from the census integrals and this one, which changes
 * only when an outlier comes or goes (off the common path). */
static inline void
pks_balance_hosted (PksSim *s, guint32 u, int d)
{
  if (G_UNLIKELY (s->detail))
    pks_balance_hosted_do (s, u, d);
}

/* A patient joins (sign +1) or leaves (−1) the treatment list: the levels
 * of those waiting for an operation and of their operating minutes. */
static inline void
pks_balance_list (PksSim *s, const Patient *pt, int sign)
{
  if (G_UNLIKELY (s->detail))
    pks_balance_list_do (s, pt, sign);
}

/* A decision to treat (the demand of treatments, operations and minutes)
 * and a treatment performed (the minutes produced, the wait's bucket). */
static inline void
pks_balance_decision (PksSim *s, const Patient *pt)
{
  if (G_UNLIKELY (s->detail))
    pks_balance_decision_do (s, pt);
}

static inline void
pks_balance_treated (PksSim *s, const Patient *pt, int wait_days)
{
  if (G_UNLIKELY (s->detail))
    pks_balance_treated_do (s, pt, wait_days);
}

/* A patient left its list untreated (removal_pct), before its state
 * changes: the balance's third way out of a list. */
static inline void
pks_balance_removed (PksSim *s, const Patient *pt)
{
  if (G_UNLIKELY (s->detail))
    pks_balance_removed_do (s, pt);
}

/* A first visit's wait, into the month's done bucket. */
static inline void
pks_balance_first_visit (PksSim *s, const Patient *pt, int wait_days)
{
  if (G_UNLIKELY (s->detail))
    pks_balance_first_visit_do (s, pt, wait_days);
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
