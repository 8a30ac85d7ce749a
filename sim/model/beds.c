/* beds.c — where a patient is admitted: the home unit's staffed beds, then
 * (with acute_queue_hours) a wait for one, then overcrowding places, then
 * another unit's free staffed bed (outlying, utlokalisering: the host is
 * chosen by outlying.c), else out of region (utomlänsvård); discharge,
 * discharge delays (utskrivningsklara), a bed's turnaround, the move of a
 * pathway's patient to its next unit (or its wait in its bed when that
 * unit is full), and what a freed bed does: first the acute patients
 * waiting for it, then blocked transfers, then the recall of outliers.
 * docs/model.md states the rules; tests/validation checks them. */
#include "beds.h"
#include "balance.h"
#include "outlying.h"
#include "patient.h"

#include <math.h>
#include <string.h>

/* Bring a unit's time integrals (bed, overcrowded, outlied, delayed
 * patient-minutes) up to now. Call before changing any of their inputs. */
/* The census time distribution has a level for every census a unit can
 * reach: its most physical beds plus the overcrowding places (sim.c sizes
 * it), and it grows before an elective patient is placed beyond every
 * limit (cancel_if_no_bed = false), the one way past them. Growing there,
 * not in pks_beds_touch, keeps the touch free of calls, so its callers
 * keep their registers (2 % of a bed unit's instructions). */
static G_GNUC_NO_INLINE void
ctime_fit (UnitRT *x)
{
  guint level = (guint) x->census + 1;
  if (x->ctime == NULL || level < x->ctime_cap)
    return;
  guint cap = x->ctime_cap;
  while (cap <= level)
    cap *= 2;
  x->ctime = g_renew (double, x->ctime, cap);
  memset (x->ctime + x->ctime_cap, 0, sizeof (double) * (cap - x->ctime_cap));
  x->ctime_cap = cap;
}

static inline __attribute__ ((always_inline)) void
touch (PksSim *s, guint32 u)
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
      if (x->ctime)
        x->ctime[MIN ((guint) x->census, x->ctime_cap - 1)] += dt;
    }
  x->t_last = now;
}

/* Inline where a patient takes or leaves a bed (the call was a tenth of
 * a bed unit's instructions beyond its draws and events); called
 * elsewhere. */
void
pks_beds_touch (PksSim *s, guint32 u)
{
  touch (s, u);
}

/* Patients are waiting for a bed on x, or no longer: the freed-bed path
 * must look (on_free). */
static inline void
waiting_changed (UnitRT *x)
{
  if (x->queued.n + x->blocked.n > 0)
    x->on_free |= FREE_WAITING;
  else
    x->on_free &= (guint8) ~FREE_WAITING;
}

/* The admission in the flow scope's sums, and the unit's outlied
 * admissions (a by_flow metric). Out of line: off the hot path. */
static G_GNUC_NO_INLINE void
flow_admitted (PksSim *s, const Patient *pt, gboolean acute)
{
  FlowAcc *fa = &s->fa[pt->flow];
  gboolean outlied = pt->host != pt->home;
  fa->admissions++;
  fa->acute_admissions += acute;
  fa->elective_admissions += !acute;
  fa->outl_adm += outlied;
  s->u[pt->home].acc.outl_adm += outlied;
}

/* Patient p takes a bed of unit host now (an outlier when host is not
 * its home unit). */
static inline void
take_bed (PksSim *s, guint32 p, guint32 host)
{
  Patient *pt = &s->pat[p];
  guint32 home = pt->home;
  touch (s, host);
  s->u[host].census++;
  if (host != home)
    {
      pks_beds_touch (s, home);
      s->u[home].out_count++;
      pks_outlier_link (s, home, p);
      pks_balance_hosted (s, host, +1);
    }
  pt->host = host;
  pt->state = P_IN_BED;
}

/* Put patient p into a bed of unit host from now; its stay (LOS) runs
 * from t_los_start. Inline into the admission to a free bed of the home
 * unit (every acute arrival's path); out of line (occupy) elsewhere. */
static inline __attribute__ ((always_inline)) void
occupy_inline (PksSim *s, guint32 p, guint32 host, double t_los_start)
{
  Patient *pt = &s->pat[p];
  guint32 home = pt->home;
  take_bed (s, p, host);
  pt->t_admit = s->now;
  UnitAcc *a = &s->u[home].acc;
  a->admissions++;
  gboolean acute = s->m->flows[pt->flow].kind == PKS_FLOW_ACUTE;
  if (acute)
    a->acute_admissions++;
  else
    a->elective_admissions++;
  if (G_UNLIKELY (s->by_flow))
    flow_admitted (s, pt, acute);
  pks_calendar_schedule (s->cal, t_los_start + pt->los_min, EV_LOS_END + pt->path, p);
}

static G_GNUC_NO_INLINE void
occupy (PksSim *s, guint32 p, guint32 host, double t_los_start)
{
  occupy_inline (s, p, host, t_los_start);
}

void
pks_beds_place (PksSim *s, guint32 p, guint32 host, double t_admit, double t_los_end,
                gboolean ready)
{
  Patient *pt = &s->pat[p];
  ctime_fit (&s->u[host]);   /* placed beyond any limit: they are in those beds */
  take_bed (s, p, host);
  pt->t_admit = t_admit;
  s->bal.initial_in_bed++;
  sim_trace (s, p, PKS_TRACE_CENSUS_INITIAL, (int) host);
  if (!ready)
    {
      pks_calendar_schedule (s->cal, t_los_end, EV_LOS_END + pt->path, p);
      return;
    }
  /* ready for discharge already: waiting for the municipality */
  pks_beds_touch (s, host);
  s->u[host].n_delayed++;
  pt->state = P_DELAYED;
  pt->t_wait = s->now;
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
  int used = x->census + x->turning;
  return x->staffed > 0 && used < x->staffed + oc && used < x->beds + oc;
}

/* An acute patient's wait for a bed ended (0 when there was none): counted
 * while waiting is on, in whole minutes for the percentiles. */
static void
record_wait (PksSim *s, guint32 p, double wait_min)
{
  const Patient *pt = &s->pat[p];
  UnitAcc *a = &s->u[pt->home].acc;
  FlowAcc *fa = &s->fa[pt->flow];
  double waited = wait_min > 0.0;
  a->adm_n++;
  fa->adm_n++;
  a->adm_waits += waited;
  fa->adm_waits += waited;
  a->adm_wait_h += wait_min / 60.0;
  fa->adm_wait_h += wait_min / 60.0;
  guint minutes = (guint) (wait_min + 0.5);
  pks_int_hist_add (&a->adm_wait, minutes, 1);
  pks_int_hist_add (&fa->adm_wait, minutes, 1);
}

/* Rules 1–4 for an acute patient: the home unit's staffed beds, its
 * overcrowding places, another unit's free staffed bed, else out of
 * region (the record is then freed). TRUE if placed. Inline into its two
 * callers: on the path of every acute arrival (docs/performance.md). */
static inline gboolean
place_acute (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  guint32 h = pt->home;
  UnitRT *x = &s->u[h];
  guint32 host = NONE;
  PksTraceEvent ev = PKS_TRACE_ADMIT;
  if (x->census < x->avail)
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
      occupy (s, p, host, s->now);
      s->bal.acute_admitted++;
      sim_trace (s, p, ev, (int) host);
      return TRUE;
    }
  x->acc.transfers++;
  s->fa[pt->flow].transfers++;
  pks_balance_transfer (s, pt);
  s->bal.acute_transferred++;
  sim_trace (s, p, PKS_TRACE_TRANSFER_OUT, -1);
  pks_patient_free (s, p);
  return FALSE;
}

/* An acute arrival, counted, goes to the home unit's staffed beds; when
 * none is free and acute_queue_hours is set it waits for one (unless it
 * needs an emergency operation: it goes to the theatre at once), else
 * rules 2–4. The caller sends an admitted patient who needs an emergency
 * operation to the theatre. */
gboolean
pks_beds_admit_acute (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  guint32 h = pt->home;
  UnitRT *x = &s->u[h];
  s->bal.acute_arrivals++;
  x->acc.arrivals++;
  if (G_UNLIKELY (s->by_flow))
    s->fa[pt->flow].arrivals++;
  sim_trace (s, p, PKS_TRACE_ARRIVE, -1);
  double queue_min = s->m->queue_min;
  if (x->census < x->avail)
    {
      occupy_inline (s, p, h, s->now);
      s->bal.acute_admitted++;
      sim_trace (s, p, PKS_TRACE_ADMIT, (int) h);
      if (G_UNLIKELY (queue_min > 0.0))
        record_wait (s, p, 0.0);
      return TRUE;
    }
  if (queue_min > 0.0)
    {
      if (!pt->treat)
        {
          pt->state = P_QUEUED;
          patq_push (&x->queued, p);
          waiting_changed (x);
          if (!x->queue_timer)
            {
              x->queue_timer = TRUE;
              pks_calendar_schedule (s->cal, pt->t_wait + queue_min, EV_QUEUE_END, h);
            }
          sim_trace (s, p, PKS_TRACE_QUEUE, (int) h);
          return TRUE;
        }
      record_wait (s, p, 0.0);
    }
  return place_acute (s, p);
}

void
pks_beds_queue_end (PksSim *s, guint32 h)
{
  UnitRT *x = &s->u[h];
  double queue_min = s->m->queue_min;
  x->queue_timer = FALSE;
  while (x->queued.n > 0)
    {
      guint32 p = patq_peek (&x->queued);
      Patient *pt = &s->pat[p];
      if (pt->t_wait + queue_min > s->now)
        {
          /* the patient first in line came later: its own deadline */
          x->queue_timer = TRUE;
          pks_calendar_schedule (s->cal, pt->t_wait + queue_min, EV_QUEUE_END, h);
          return;
        }
      patq_pop (&x->queued);
      waiting_changed (x);
      record_wait (s, p, s->now - pt->t_wait);
      place_acute (s, p);
    }
}

gboolean
pks_beds_admit_elective (PksSim *s, guint32 p, double t_los_start)
{
  guint32 h = s->pat[p].home;
  const PksPolicy *pol = &s->m->policy;
  if (s->u[h].census < s->u[h].avail)
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
  ctime_fit (&s->u[h]);
  occupy (s, p, h, t_los_start);
  sim_trace (s, p, PKS_TRACE_ADMIT_FORCED, (int) h);
  s->bal.elective_admitted++;
  s->bal.elective_forced++;
  return TRUE;
}

/* Calendar dates of the reported period on which the stay [t0, t1) was
 * in a bed (vårddagar counted per started day). */
static inline double
care_dates (const PksModel *m, double first, double last)
{
  if (last < first)
    last = first;
  first = MAX (first, (double) m->warmup_days);
  last = MIN (last, (double) m->n_sim_days - 1.0);
  return last >= first ? last - first + 1.0 : 0.0;
}

double
pks_beds_care_dates (const PksModel *m, double t0, double t1)
{
  return care_dates (m, floor (t0 / PKS_MIN_PER_DAY), ceil (t1 / PKS_MIN_PER_DAY) - 1.0);
}

/* The same for a stay that ends now: ceil (now / day) from today's number
 * (sim.c keeps it from the day's start), without the division. For now in
 * (d·1440, (d+1)·1440) the rounded quotient lies strictly between d and
 * d + 1 (now is at least 1024 d, so its last place is worth more than half
 * of d's after the division), so its ceiling is d + 1; at d·1440 it is d.
 * Outside today's range (an event at the next midnight before that day's
 * start) the division as before. */
static inline double
care_dates_now (const PksSim *s, double t0)
{
  double now = s->now, last;
  if (now >= s->day_lo && now < s->day_hi)
    last = now == s->day_lo ? s->day_d - 1.0 : s->day_d;
  else
    last = ceil (now / PKS_MIN_PER_DAY) - 1.0;
  return care_dates (s->m, floor (t0 / PKS_MIN_PER_DAY), last);
}

/* The stay of p on its home unit ends now (a discharge or a move to the
 * next unit): out of the bed on its host, its days counted at the home
 * unit and its flow. The bed itself is released by release_bed. */
/* The flow's part of the stay that ends now (the flow scope only; called
 * first, so that the hot path keeps few values across the call). */
static G_GNUC_NO_INLINE void
flow_stay_end (PksSim *s, guint32 p)
{
  const Patient *pt = &s->pat[p];
  FlowAcc *fa = &s->fa[pt->flow];
  double stay = (s->now - pt->t_admit) / PKS_MIN_PER_DAY;
  double care = care_dates_now (s, pt->t_admit);
  if (pt->host != pt->home)
    fa->outl_min += sim_in_period (s, pt->t_admit, s->now);
  if (pt->state == P_DELAYED)
    {
      fa->delayed_dis++;
      fa->delay_min += sim_in_period (s, pt->t_wait, s->now);
      s->u[pt->home].acc.delayed_dis++;
    }
  fa->discharges++;
  fa->stay_days += stay;
  fa->care_days += care;
  fa->bed_min += sim_in_period (s, pt->t_admit, s->now);
}

static inline __attribute__ ((always_inline)) void
vacate (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  guint32 host = pt->host, home = pt->home;
  double now = s->now;
  touch (s, host);
  s->u[host].census--;
  if (pt->state == P_DELAYED)
    s->u[host].n_delayed--;
  if (host != home)
    {
      pks_beds_touch (s, home);
      s->u[home].out_count--;
      pks_outlier_unlink (s, home, p);
      pks_balance_hosted (s, host, -1);
    }
  UnitAcc *a = &s->u[home].acc;
  double stay = (now - pt->t_admit) / PKS_MIN_PER_DAY;
  double care = care_dates_now (s, pt->t_admit);
  a->discharges++;
  a->stay_days += stay;
  a->care_days += care;
}

/* A patient left a bed of unit v: with a turnaround the bed is taken until
 * it ends (EV_BED_READY); TRUE if it is free now. */
static inline gboolean
release_bed (PksSim *s, guint32 v)
{
  UnitRT *x = &s->u[v];
  if (G_LIKELY (!(x->on_free & FREE_TURN)))
    return TRUE;
  double end = s->now + s->m->units[v].turn_min;
  x->turning++;
  x->avail--;
  timering_push (&x->turn_end, end);
  pks_calendar_schedule (s->cal, end, EV_BED_READY, v);
  return FALSE;
}

/* A pathway's patient p moves from its home unit (where it may have been
 * blocked) into a bed of unit host as a patient of unit to, for the stay
 * pt->los_min. Returns the unit whose bed it left. */
static guint32
move_on (PksSim *s, guint32 p, guint32 to, guint32 host)
{
  Patient *pt = &s->pat[p];
  guint32 from = pt->home, old_host = pt->host;
  FlowAcc *fa = &s->fa[pt->flow];
  if (pt->state == P_BLOCKED)
    {
      double blocked = sim_in_period (s, pt->t_wait, s->now);
      s->u[from].acc.blocked_min += blocked;
      fa->blocked_min += blocked;
    }
  if (s->by_flow)
    flow_stay_end (s, p);
  vacate (s, p);
  s->u[from].acc.path_out++;
  fa->path_out++;
  s->u[to].acc.path_in++;
  fa->path_in++;
  s->bal.pathway_moves++;
  pt->home = to;
  occupy (s, p, host, s->now);
  sim_trace (s, p, PKS_TRACE_TRANSFER_NEXT, (int) host);
  return old_host;
}

/* Beds of unit v may have freed: while it has a free staffed bed, admit
 * its waiting acute patients (first come first), then its blocked
 * transfers (first blocked first), then bring home its longest-outlied
 * patients (recall_outliers). Every move frees a bed elsewhere, so follow
 * the chain; it ends, since each move ends a wait or lowers the number of
 * outliers. */
static G_GNUC_NO_INLINE void
free_chain_from (PksSim *s, guint32 v)
{
  /* pending units, each at most once (so at most n_units entries) */
  guint32 *stack = s->recall_stack;
  guint8 *pending = s->recall_pending;
  gboolean recall = s->m->policy.recall_outliers;
  guint n = 0;
  stack[n++] = v;
  pending[v] = 1;
  while (n > 0)
    {
      guint32 h = stack[--n];
      pending[h] = 0;
      UnitRT *x = &s->u[h];
      while (x->queued.n > 0 && x->census < x->avail)
        {
          guint32 q = patq_pop (&x->queued);
          waiting_changed (x);
          record_wait (s, q, s->now - s->pat[q].t_wait);
          occupy (s, q, h, s->now);
          s->bal.acute_admitted++;
          sim_trace (s, q, PKS_TRACE_ADMIT, (int) h);
        }
      while (x->blocked.n > 0 && x->census < x->avail)
        {
          guint32 q = patq_pop (&x->blocked);
          waiting_changed (x);
          guint32 from = move_on (s, q, h, h);
          if (release_bed (s, from) && !pending[from])
            {
              pending[from] = 1;
              stack[n++] = from;
            }
        }
      while (recall && x->census < x->avail && x->out_head != NONE)
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
          pks_balance_hosted (s, from, -1);
          if (s->by_flow)
            s->fa[pt->flow].outl_min += sim_in_period (s, pt->t_admit, s->now);
          pt->host = h;
          if (pt->state == P_DELAYED)
            {
              s->u[from].n_delayed--;
              x->n_delayed++;
            }
          sim_trace (s, q, PKS_TRACE_RECALL, (int) h);
          if (release_bed (s, from) && !pending[from])
            {
              pending[from] = 1;
              stack[n++] = from;
            }
        }
    }
}

/* The check inline, the chain out of line: on most discharges there is
 * nothing to bring home and no one waiting, and the call alone cost 2 %
 * of a bed unit. */
static inline void
bed_freed (PksSim *s, guint32 v)
{
  const UnitRT *x = &s->u[v];
  if ((x->on_free & FREE_WAITING) || (s->m->policy.recall_outliers && x->out_head != NONE))
    free_chain_from (s, v);
}

/* A bed of unit v was left and the unit has a turnaround or patients
 * waiting (on_free): out of line, off a discharge's hot path. */
static G_GNUC_NO_INLINE void
freed_slow (PksSim *s, guint32 v)
{
  if (release_bed (s, v))
    bed_freed (s, v);
}

void
pks_beds_set_capacity (PksSim *s, guint32 unit, int staffed, int beds)
{
  UnitRT *x = &s->u[unit];
  pks_beds_touch (s, unit);
  gboolean more = staffed > x->staffed;
  x->staffed = staffed;
  x->avail = staffed - x->turning;
  x->beds = beds;
  if (more)
    bed_freed (s, unit);
}

/* The first turnaround under way ends (they end in the order they began):
 * its bed-minutes inside the period, and the bed is free. */
void
pks_beds_ready (PksSim *s, guint32 unit)
{
  UnitRT *x = &s->u[unit];
  double end = timering_pop (&x->turn_end);
  x->acc.turn_min += sim_in_period (s, end - s->m->units[unit].turn_min, end);
  x->turning--;
  x->avail++;
  bed_freed (s, unit);
}

void
pks_beds_finish (PksSim *s)
{
  for (guint32 u = 0; u < s->m->n_units; u++)
    {
      UnitRT *x = &s->u[u];
      for (guint i = 0; i < x->turn_end.n; i++)
        {
          double end = x->turn_end.t[(x->turn_end.head + i) & (x->turn_end.cap - 1)];
          x->acc.turn_min += sim_in_period (s, end - s->m->units[u].turn_min, end);
        }
    }
}

/* Where a pathway's patient goes on unit to: a free staffed bed; with
 * transfer_when_full (the row's when_full, else the policy's) overcrowd
 * or outlie an overcrowding place; with outlie another unit's free
 * staffed bed (as an outlier of to). */
static guint32
transfer_host (PksSim *s, guint32 to, PksTransferWhenFull pol)
{
  UnitRT *y = &s->u[to];
  if (y->census < y->avail)
    return to;
  if (pol != PKS_TRANSFER_WAIT && overcrowding_room (s, to))
    return to;
  if (pol == PKS_TRANSFER_OUTLIE)
    return pks_outlying_host (s, to);
  return NONE;
}

void
pks_beds_transfer (PksSim *s, guint32 p, guint32 to, PksTransferWhenFull when_full)
{
  Patient *pt = &s->pat[p];
  guint32 from = pt->home;
  FlowAcc *fa = &s->fa[pt->flow];
  s->u[from].acc.path_decided++;
  fa->path_decided++;
  guint32 host = transfer_host (s, to, when_full);
  if (host != NONE)
    {
      guint32 left = move_on (s, p, to, host);
      if (release_bed (s, left))
        bed_freed (s, left);
      return;
    }
  /* blocked: it waits in its bed, first blocked first moved */
  pt->state = P_BLOCKED;
  pt->t_wait = s->now;
  s->u[from].acc.blocked++;
  fa->blocked++;
  s->u[to].acc.blocked_in++;
  fa->blocked_in++;
  patq_push (&s->u[to].blocked, p);
  waiting_changed (&s->u[to]);
  sim_trace (s, p, PKS_TRACE_TRANSFER_BLOCKED, (int) to);
}

/* A patient leaves its bed and the hospital. Inline into its two callers:
 * every discharge's path. */
static inline __attribute__ ((always_inline)) void
leave (PksSim *s, guint32 p)
{
  if (G_UNLIKELY (s->by_flow))
    flow_stay_end (s, p);
  Patient *pt = &s->pat[p];
  guint32 host = pt->host;
  vacate (s, p);
  s->bal.discharged++;
  sim_trace (s, p, PKS_TRACE_DISCHARGE, (int) host);
  pks_patient_free (s, p);
  const UnitRT *x = &s->u[host];
  if (G_UNLIKELY (x->on_free))
    freed_slow (s, host);
  else if (s->m->policy.recall_outliers && x->out_head != NONE)
    free_chain_from (s, host);
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
      pt->t_wait = s->now;
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

