/* balance.c — a replication's PKS balance: at every period boundary each
 * unit's figures (pks/model/balance.h) are read from its accumulators and
 * lists, and the flows since the previous boundary are kept beside the
 * levels. Reading changes nothing: the time integrals are read as they
 * would stand now, without bringing them up to date, so the other
 * metrics' sums are untouched (and stay byte-identical). */
#include "balance.h"

#include <math.h>
#include <string.h>

const char *
pks_wait_bucket_name (int b)
{
  static const char *names[PKS_N_WAIT_BUCKETS] = {
    "0-30", "31-60", "61-90", "91-180", "181-365", "366-",
  };
  return b >= 0 && b < PKS_N_WAIT_BUCKETS ? names[b] : NULL;
}

void
pks_balance_count_waiting (PksSim *s, const Patient *pt)
{
  if (!s->detail)
    return;
  s->levels.op_waiting_end += !s->m->flows[pt->flow].other_treatment;
  s->levels.min_waiting_end += pt->surgery_min;
}

void
pks_balance_hosted_do (PksSim *s, guint32 u, int d)
{
  UnitBal *x = &s->ub[u];
  double dt = s->now - x->t_hosted;
  if (dt > 0.0)
    x->hosted_min += dt * x->hosted;
  x->t_hosted = s->now;
  x->hosted += d;
}

void
pks_balance_list_do (PksSim *s, const Patient *pt, int sign)
{
  UnitBal *x = &s->ub[pt->home];
  x->op_waiting += sign * !s->m->flows[pt->flow].other_treatment;
  x->min_waiting += sign * pt->surgery_min;
}

void
pks_balance_decision_do (PksSim *s, const Patient *pt)
{
  UnitBal *x = &s->ub[pt->home];
  x->op_decisions += !s->m->flows[pt->flow].other_treatment;
  x->tr_min_in += pt->surgery_min;
  pks_balance_list_do (s, pt, +1);
}

void
pks_balance_treated_do (PksSim *s, const Patient *pt, int wait_days)
{
  UnitBal *x = &s->ub[pt->home];
  x->tr_min_done += pt->surgery_min;
  pks_balance_list_do (s, pt, -1);
  if (s->now >= s->m->t_report0)
    WAITS (s, pt->home, s->month_cur, 1, 1, pks_wait_bucket (wait_days)) += 1;
}

void
pks_balance_removed_do (PksSim *s, const Patient *pt)
{
  UnitBal *x = &s->ub[pt->home];
  if (pt->state == P_WAIT_FIRST)
    {
      x->fv_removed++;
      return;
    }
  x->tr_removed++;
  x->op_removed += !s->m->flows[pt->flow].other_treatment;
  x->min_removed += pt->surgery_min;
  pks_balance_list_do (s, pt, -1);
}

void
pks_balance_first_visit_do (PksSim *s, const Patient *pt, int wait_days)
{
  if (s->now >= s->m->t_report0)
    WAITS (s, pt->home, s->month_cur, 0, 1, pks_wait_bucket (wait_days)) += 1;
}

void
pks_balance_transfer (PksSim *s, const Patient *pt)
{
  s->ub[pt->home].transfer_stay_min += pt->los_min + pt->delay_min;
}

/* Unit u's figures now, cumulative since the report start (flows) or as
 * they stand (levels). */
static void
figures (const PksSim *s, guint32 u, double *f)
{
  const UnitRT *x = &s->u[u];
  const UnitAcc *a = &x->acc;
  const UnitBal *b = &s->ub[u];
  double now = s->now;
  double fv = 0, tr = 0;
  for (int p = 0; p < 3; p++)
    {
      fv += a->pr[p].first_visits;
      tr += a->pr[p].operations;
    }
  f[PKS_BF_FV_DEMAND] = a->referrals;
  f[PKS_BF_FV_DONE] = fv;
  f[PKS_BF_FV_LIST] = pks_waitlist_len (&x->first);
  f[PKS_BF_TR_DEMAND] = a->decisions;
  f[PKS_BF_TR_DONE] = tr;
  f[PKS_BF_TR_LIST] = pks_waitlist_len (&x->treat) + x->booked;
  f[PKS_BF_OP_DEMAND] = b->op_decisions + b->emergency_ops;
  f[PKS_BF_OP_DONE] = a->operations;
  f[PKS_BF_OP_LIST] = b->op_waiting;
  f[PKS_BF_MIN_DEMAND] = b->tr_min_in;
  f[PKS_BF_MIN_DONE] = b->tr_min_done;
  f[PKS_BF_MIN_LIST] = b->min_waiting;
  /* integrals as they would stand if brought up to now; the own patients
   * in any bed are the census − those hosted + the own lying elsewhere */
  double since = MAX (0.0, now - x->t_last);
  double bed = a->bed_min + since * x->census;
  double elsewhere = a->outl_min + since * x->out_count;
  double hosted = b->hosted_min + MAX (0.0, now - b->t_hosted) * b->hosted;
  f[PKS_BF_BED_DEMAND] = bed - hosted + elsewhere;
  f[PKS_BF_BED_TRANSFER] = b->transfer_stay_min;
  f[PKS_BF_BED_DONE] = bed;
  f[PKS_BF_ADMISSIONS] = a->admissions;
  f[PKS_BF_FV_REMOVED] = b->fv_removed;
  f[PKS_BF_TR_REMOVED] = b->tr_removed;
  f[PKS_BF_OP_REMOVED] = b->op_removed;
  f[PKS_BF_MIN_REMOVED] = b->min_removed;
}

void
pks_balance_snapshot (PksSim *s, guint b)
{
  const PksModel *m = s->m;
  double f[PKS_N_BF];
  for (guint32 u = 0; u < m->n_units; u++)
    {
      figures (s, u, f);
      double *prev = s->bprev + (gsize) u * PKS_N_BF;
      float *out = s->bsnap + PKS_BALANCE_INDEX (m->n_units, b, u, 0);
      for (int k = 0; k < PKS_N_BF; k++)
        {
          gboolean level = pks_balance_figure_is_level ((PksBalanceFigure) k);
          out[k] = (float) (level ? f[k] : b == 0 ? 0.0 : f[k] - prev[k]);
          prev[k] = f[k];
        }
    }
}

void
pks_national_census (PksSim *s)
{
  const PksModel *m = s->m;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      UnitRT *x = &s->u[u];
      int over = MAX (0, x->census - x->staffed);
      x->acc.over_census += over;
      x->acc.outl_census += x->out_count;
      if (s->detail)
        {
          s->nat_month[PKS_NATIONAL_INDEX (m->n_months, u, s->month_cur, 0)] += over;
          s->nat_month[PKS_NATIONAL_INDEX (m->n_months, u, s->month_cur, 1)] += x->out_count;
        }
    }
}
