/* sim.c — one replication, the top of sim/model: keyed random streams,
 * the event loop (arrivals, day starts, census, clinic days, operations,
 * discharges) with each flow's next arrival in a queue of its own and the
 * day's own events in a short list, both beside the calendar, where an
 * arrival goes (a bed, the theatre, the referral list), month-end
 * waiting-list snapshots and the initial waiting lists.
 * Patients are patient.c's, beds beds.c's, sessions theatre.c's; results.c
 * turns the accumulators into metrics. */
#include "balance.h"
#include "beds.h"
#include "patient.h"
#include "results.h"
#include "theatre.h"
#include "transfer.h"

#include <math.h>
#include <string.h>

PksSim *
pks_sim_new (const PksModel *m)
{
  PksSim *s = g_new0 (PksSim, 1);
  s->m = m;
  s->cal = pks_calendar_new ();
  s->u = g_new0 (UnitRT, m->n_units);
  for (guint u = 0; u < m->n_units; u++)
    {
      pks_waitlist_init (&s->u[u].first);
      pks_waitlist_init (&s->u[u].treat);
      for (int k = 0; k < 3; k++)
        {
          pks_int_hist_init (&s->u[u].acc.pr[k].fv_wait);
          pks_int_hist_init (&s->u[u].acc.pr[k].tr_wait);
        }
      pks_int_hist_init (&s->u[u].acc.adm_wait);
    }
  s->fa = g_new0 (FlowAcc, MAX (1u, m->n_flows));
  s->by_flow = m->by_flow;
  for (guint f = 0; f < m->n_flows; f++)
    {
      pks_int_hist_init (&s->fa[f].g.fv_wait);
      pks_int_hist_init (&s->fa[f].g.tr_wait);
      pks_int_hist_init (&s->fa[f].adm_wait);
    }
  s->rng = g_new (PksRng, MAX (1u, m->n_flows) * N_STREAMS);
  s->arr_leaves = 1;
  while (s->arr_leaves < m->n_flows)
    s->arr_leaves *= 2;
  s->arr = g_new (NextArrival, s->arr_leaves);
  s->arr_lose = g_new (guint32, s->arr_leaves);
  s->census_day = g_new0 (guint16, (gsize) m->n_units * m->days);
  s->outlied_day = g_new0 (guint16, (gsize) m->n_units * m->days);
  s->monthly = g_new0 (double, pks_monthly_len (m->n_units, m->n_months));
  s->month_wait = g_new0 (double, MONTH_WAIT_LEN (m));
  s->recall_stack = g_new (guint32, m->n_units);
  s->recall_pending = g_new0 (guint8, m->n_units);
  s->ub = g_new0 (UnitBal, m->n_units);
  s->bprev = g_new0 (double, (gsize) m->n_units * PKS_N_BF);
  s->bsnap = g_new0 (float, pks_figures_len (m->n_units, m->n_bounds));
  s->waits = g_new0 (double, WAITS_LEN (m));
  s->nat_month = g_new0 (double, NAT_MONTH_LEN (m));
  return s;
}

void
pks_sim_free (PksSim *s)
{
  if (s == NULL)
    return;
  for (guint u = 0; u < s->m->n_units; u++)
    {
      pks_waitlist_free (&s->u[u].first);
      pks_waitlist_free (&s->u[u].treat);
      for (int k = 0; k < 3; k++)
        {
          pks_int_hist_free (&s->u[u].acc.pr[k].fv_wait);
          pks_int_hist_free (&s->u[u].acc.pr[k].tr_wait);
        }
      pks_int_hist_free (&s->u[u].acc.adm_wait);
      g_free (s->u[u].queued.p);
      g_free (s->u[u].blocked.p);
      g_free (s->u[u].turn_end.t);
      g_free (s->u[u].ctime);
    }
  for (guint f = 0; f < s->m->n_flows; f++)
    {
      pks_int_hist_free (&s->fa[f].g.fv_wait);
      pks_int_hist_free (&s->fa[f].g.tr_wait);
      pks_int_hist_free (&s->fa[f].adm_wait);
    }
  g_free (s->fa);
  for (guint i = 0; i < s->n_sess; i++)
    g_free (s->sess[i].booked);
  g_free (s->sess);
  g_free (s->free_sess);
  pks_calendar_free (s->cal);
  g_free (s->u);
  g_free (s->pat);
  g_free (s->free_pat);
  g_free (s->rng);
  g_free (s->arr);
  g_free (s->arr_lose);
  g_free (s->census_day);
  g_free (s->outlied_day);
  g_free (s->monthly);
  g_free (s->month_wait);
  g_free (s->recall_stack);
  g_free (s->recall_pending);
  g_free (s->ub);
  g_free (s->bprev);
  g_free (s->bsnap);
  g_free (s->waits);
  g_free (s->nat_month);
  g_free (s);
}

void
pks_sim_set_trace (PksSim *s, PksTraceFunc fn, gpointer ctx)
{
  s->trace = fn;
  s->trace_ctx = ctx;
}

/* Zero a unit's accumulators, keeping the histograms' memory. */
static void
acc_reset (UnitAcc *a)
{
  PksIntHist fv[3], tr[3], adm = a->adm_wait;
  for (int k = 0; k < 3; k++)
    {
      fv[k] = a->pr[k].fv_wait;
      tr[k] = a->pr[k].tr_wait;
      pks_int_hist_clear (&fv[k]);
      pks_int_hist_clear (&tr[k]);
    }
  pks_int_hist_clear (&adm);
  memset (a, 0, sizeof *a);
  for (int k = 0; k < 3; k++)
    {
      a->pr[k].fv_wait = fv[k];
      a->pr[k].tr_wait = tr[k];
    }
  a->adm_wait = adm;
}

/* The same for a flow's. */
static void
flow_acc_reset (FlowAcc *a)
{
  PksIntHist fv = a->g.fv_wait, tr = a->g.tr_wait, adm = a->adm_wait;
  pks_int_hist_clear (&fv);
  pks_int_hist_clear (&tr);
  pks_int_hist_clear (&adm);
  memset (a, 0, sizeof *a);
  a->g.fv_wait = fv;
  a->g.tr_wait = tr;
  a->adm_wait = adm;
}

const char *
pks_trace_event_name (PksTraceEvent ev)
{
  static const char *names[PKS_N_TRACE] = {
    "arrive", "admit", "admit_overcrowded", "admit_outlied", "transfer_out", "recall_home",
    "discharge_ready", "discharge", "referral", "first_visit", "decision_to_treat",
    "no_treatment", "booked", "operation", "cancelled", "admit_forced", "waitlist_initial",
    "census_initial",
    "transfer_next", "transfer_blocked", "wait_for_bed", "removed_from_list",
  };
  return ev < PKS_N_TRACE ? names[ev] : "?";
}

/* ---------- the arrival queue ---------- */

/* TRUE if x comes before y by (time, seq). Integer keys and & and | make
 * it compile without branches: which one wins is a coin toss to the branch
 * predictor. */
static inline guint32
arr_first (const NextArrival *x, const NextArrival *y)
{
  return (x->key < y->key) | ((x->key == y->key) & (x->seq < y->seq));
}

/* Flow f (the last winner) has a new time: replay its matches from its
 * leaf to the root. Each internal node keeps the loser of its match, so
 * a match needs only the loser's key and the winner carried up. */
static void
arr_replay (PksSim *s, guint32 f)
{
  const NextArrival *arr = s->arr;
  guint32 *lose = s->arr_lose;
  guint32 w = f;
  NextArrival wk = arr[f];
  for (guint i = (s->arr_leaves + f) / 2; i >= 1; i /= 2)
    {
      guint32 l = lose[i];
      NextArrival lk = arr[l];
      guint64 swap = -(guint64) arr_first (&lk, &wk);
      lose[i] = l ^ ((l ^ w) & (guint32) swap);
      w ^= (l ^ w) & (guint32) swap;
      wk.key ^= (wk.key ^ lk.key) & swap;
      wk.seq ^= (wk.seq ^ lk.seq) & swap;
    }
  lose[0] = w;
}

static inline NextArrival
arr_at (double t, guint64 seq)
{
  NextArrival a;
  t += 0.0;   /* -0.0 would sort wrongly as bits */
  memcpy (&a.key, &t, sizeof a.key);
  a.seq = seq;
  a.t = t;
  return a;
}

/* Draw flow f's next arrival after now. It is queued, taking the calendar
 * sequence number a schedule would have taken, only if it falls before
 * the end. */
static void
arr_next (PksSim *s, guint32 f)
{
  const PksModel *m = s->m;
  PksRng *ra = &s->rng[(gsize) f * N_STREAMS + S_ARRIVAL];
  double next = pks_nhpp_next (m->flows[f].arrivals, ra, s->now);
  s->arr[f] = next < m->t_end ? arr_at (next, pks_calendar_reserve_seq (s->cal))
                              : arr_at (INFINITY, G_MAXUINT64);
}

/* Every flow's first arrival, in flow order (as the sequence numbers were
 * always taken), then the tournament played bottom-up. Padding leaves
 * (+inf) never win. */
static void
arr_start (PksSim *s)
{
  const PksModel *m = s->m;
  guint L = s->arr_leaves;
  for (guint32 f = 0; f < L; f++)
    {
      if (f < m->n_flows && m->flows[f].arrivals)
        arr_next (s, f);
      else
        s->arr[f] = arr_at (INFINITY, G_MAXUINT64);
    }
  /* win[i]: winner of the subtree at node i; leaves are nodes L .. 2L-1 */
  guint32 win[2 * L];
  for (guint32 f = 0; f < L; f++)
    win[L + f] = f;
  for (guint i = L; i-- > 1;)
    {
      guint32 a = win[2 * i], b = win[2 * i + 1];
      gboolean a_first = arr_first (&s->arr[a], &s->arr[b]);
      win[i] = a_first ? a : b;
      s->arr_lose[i] = a_first ? b : a;
    }
  s->arr_lose[0] = L > 1 ? win[1] : 0;
}

static void referral (PksSim *s, guint32 flow, guint32 p);

/* Where an arriving patient goes: an acute patient to a bed (or out of
 * region), and if admitted with an emergency operation to the theatre; an
 * elective referral to its unit's first-visit list. */
static void
arrival (PksSim *s, guint32 flow)
{
  const ModelFlow *f = &s->m->flows[flow];
  arr_next (s, flow);
  arr_replay (s, flow);
  guint32 p = pks_patient_new_keyed (s, flow);
  if (f->kind == PKS_FLOW_ACUTE)
    {
      if (pks_beds_admit_acute (s, p) && s->pat[p].treat)
        pks_theatre_emergency (s, p);
      return;
    }
  referral (s, flow, p);
}

/* An elective referral joins its unit's first-visit list. Out of line, so
 * that the acute arrival's path keeps its registers. */
static G_GNUC_NO_INLINE void
referral (PksSim *s, guint32 flow, guint32 p)
{
  const ModelFlow *f = &s->m->flows[flow];
  UnitRT *x = &s->u[f->unit];
  Patient *pt = &s->pat[p];
  pks_patient_set_wait (s, pt, s->now);
  pt->state = P_WAIT_FIRST;
  x->acc.referrals++;
  if (G_UNLIKELY (s->by_flow))
    s->fa[flow].referrals++;
  s->bal.referrals++;
  pks_list_touch (s, f->unit);
  pks_list_push (s, &x->first, p);
  sim_trace (s, p, PKS_TRACE_REFER, (int) f->unit);
  if (G_UNLIKELY (f->removal_rate > 0.0))
    pks_list_schedule_removal (s, p);
}

/* Share waiting within the limit on each list, at a month end, per
 * priority (results.c pools them over units and priorities). Every
 * patient in a waiting state is on its home unit's list and no other
 * patient is, so one sequential pass over the patient pool counts the
 * lists (much faster than visiting the heaps' entries in heap order). */

/* count_lists' tallies of one unit's list of one stage: waiting and within
 * the limit per priority, left out of the share, and (detail) the national
 * waiting-time buckets. */
enum { LC_EXCLUDED = 6, LC_BUCKET = 7, LC_N = 16 };
G_STATIC_ASSERT (LC_BUCKET + PKS_N_WAIT_BUCKETS <= LC_N);

/* The pass over the pool, tallying in integers (c, LC_N per unit and
 * stage; prio2[flow] is the place of the flow's priority in them) what month_snapshot then adds to the doubles once per cell: the
 * sums are whole numbers far below 2^53, so they are the same as the
 * per-patient += 1 of before, and the loop keeps no double index
 * arithmetic of its own. Today's day is taken once (a waiting patient's
 * calendar days are pks_patient_wait_days', with the same arithmetic).
 * With detail (a run with outputs) also each waiting patient's national
 * waiting-time bucket. Always inlined, so each of the two calls below is
 * compiled for its constant detail and a run for metrics alone tests
 * nothing per patient. */
static inline __attribute__ ((always_inline)) void
count_lists (const PksSim *s, guint32 *c, const guint8 *prio2, const gboolean detail)
{
  const PksModel *m = s->m;
  const Patient *pat = s->pat;
  const double limits[2] = { m->guarantee.first_visit_days, m->guarantee.treatment_days };
  const double today = sim_today (s);
  const guint64 ex_lo = s->vg_ex_lo, ex_n = s->vg_ex_n;
  const double t_report0 = m->t_report0;
  G_STATIC_ASSERT (P_WAIT_TREAT == P_WAIT_FIRST + 1);
  for (guint32 p = 0, n = s->n_pat; p < n; p++)
    {
      const Patient *pt = &pat[p];
      guint k = (guint) pt->state - P_WAIT_FIRST;
      if (k > 1)
        continue;
      guint32 *t = &c[((gsize) pt->home * 2 + k) * LC_N];
      /* a PvV or MoV wait loaded at the start stays on the list but out
       * of the share, until the patient's next wait begins */
      if (G_UNLIKELY (ex_n) && pt->serial - ex_lo < ex_n && pt->t_wait <= t_report0)
        {
          t[LC_EXCLUDED]++;
          continue;
        }
      int w = (int) (today - pt->wait_day);
      guint32 *pr = &t[prio2[pt->flow]];
      pr[0]++;
      pr[1] += w <= limits[k];
      if (detail)
        t[LC_BUCKET + pks_wait_bucket (w)]++;
    }
}

static void
month_snapshot (PksSim *s, guint mi)
{
  const PksModel *m = s->m;
  g_autofree guint32 *c = g_new0 (guint32, (gsize) m->n_units * 2 * LC_N);
  /* each flow's priority's place in a tally, out of the flows' records */
  g_autofree guint8 *prio2 = g_new (guint8, MAX (1u, m->n_flows));
  for (guint32 f = 0; f < m->n_flows; f++)
    prio2[f] = (guint8) ((m->flows[f].priority - 1) * 2);
  if (s->detail)
    count_lists (s, c, prio2, TRUE);
  else
    count_lists (s, c, prio2, FALSE);
  for (guint32 u = 0; u < m->n_units; u++)
    {
      UnitRT *x = &s->u[u];
      double *mm = &s->monthly[pks_monthly_index (m->n_months, u, mi, 0)];
      const Waitlist *lists[2] = { &x->first, &x->treat };
      for (int k = 0; k < 2; k++)
        {
          const guint32 *t = &c[((gsize) u * 2 + k) * LC_N];
          double n = 0, in = 0;
          for (int prio = 0; prio < 3; prio++)
            {
              MONTH_WAIT (s, u, mi, k, prio, 0) += t[prio * 2];
              MONTH_WAIT (s, u, mi, k, prio, 1) += t[prio * 2 + 1];
              n += MONTH_WAIT (s, u, mi, k, prio, 0);
              in += MONTH_WAIT (s, u, mi, k, prio, 1);
            }
          if (s->detail)
            for (int b = 0; b < PKS_N_WAIT_BUCKETS; b++)
              WAITS (s, u, mi, k, 0, b) += t[LC_BUCKET + b];
          guint len = pks_waitlist_len (lists[k]);
          g_assert (n + t[LC_EXCLUDED] == len);
          mm[k == 0 ? PKS_MM_WAITING_FIRST_VISIT : PKS_MM_WAITING_TREATMENT] = len;
          mm[k == 0 ? PKS_MM_VG_FIRST_VISIT_PCT : PKS_MM_VG_TREATMENT_PCT] =
            !m->units[u].has_elective ? NAN : n ? 100.0 * in / n : 100.0;
        }
    }
}

static void census (PksSim *s, guint d);

/* The day's own events are kept beside the calendar, as each flow's next
 * arrival is: the next day's start always follows the day before, and
 * today's census, national census and clinic are set at its start, so a
 * heap's push and pop for each were wasted (a tenth of a small unit's
 * instructions over a long horizon). Each takes the sequence number its
 * schedule took, in the same order, so the order of events at equal times
 * is unchanged; one after the end, which the calendar would never have
 * popped, is not kept. */
static inline void
day_push (PksSim *s, double t, guint32 kind, guint32 d)
{
  guint64 seq = pks_calendar_reserve_seq (s->cal);
  if (t > s->m->t_end)
    return;
  DayEvent e = { arr_at (t, seq), kind, d };
  guint i = s->n_day_ev++;
  g_assert (i < G_N_ELEMENTS (s->day_ev));
  for (; i > 0 && arr_first (&e.at, &s->day_ev[i - 1].at); i--)
    s->day_ev[i] = s->day_ev[i - 1];
  s->day_ev[i] = e;
  s->day = s->day_ev[0].at;
}

/* Take the first of the day's events. */
static inline DayEvent
day_pop (PksSim *s)
{
  DayEvent e = s->day_ev[0];
  s->n_day_ev--;
  for (guint i = 0; i < s->n_day_ev; i++)   /* at most three: no memmove call */
    s->day_ev[i] = s->day_ev[i + 1];
  s->day = s->n_day_ev ? s->day_ev[0].at : arr_at (INFINITY, G_MAXUINT64);
  return e;
}

/* Start of simulated day d (d = n_sim_days only closes the last day). A
 * midnight census (census_hour = 24) of day d − 1 is taken here, first: its
 * own event would have been the one just before this one, at the same
 * time, so the order of everything else is unchanged. Clinic events are
 * scheduled only on days with first-visit slots or sessions. */
static void
day_start (PksSim *s, guint d)
{
  const PksModel *m = s->m;
  s->day_d = d;
  s->day_lo = d * PKS_MIN_PER_DAY;
  s->day_hi = (d + 1) * PKS_MIN_PER_DAY;
  if (m->census_at_midnight && d > m->warmup_days)
    census (s, d - 1);
  if (d == m->n_sim_days)
    return;
  double t = d * PKS_MIN_PER_DAY;
  guint8 flags = m->day_flags[d];
  if (d >= m->warmup_days)
    {
      guint rd = d - m->warmup_days;
      s->month_cur = m->day_month[rd];
      /* the PKS balance's boundary: figures as they stand at midnight */
      if ((flags & DAY_BOUND) && s->detail)
        pks_balance_snapshot (s, m->day_bound[rd]);
    }
  /* a new month began: snapshot the one that ended yesterday */
  if (d > m->warmup_days && (flags & DAY_MONTH_FIRST))
    month_snapshot (s, m->day_month[d - 1 - m->warmup_days]);
  gboolean reported = d >= m->warmup_days;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      pks_beds_set_capacity (s, u, CAP (m, staffed, u, d), CAP (m, beds, u, d));
      if (reported)
        s->u[u].acc.staffed_bed_days += CAP (m, staffed, u, d);
    }
  if (reported && !m->census_at_midnight)
    day_push (s, t + m->policy.census_hour * 60.0, EV_CENSUS, d);
  if (reported)
    day_push (s, t + m->policy.national_census_hour * 60.0, EV_NATIONAL_CENSUS, d);
  if (flags & DAY_CLINIC)
    day_push (s, t + m->policy.clinic_hour * 60.0, EV_CLINIC, d);
  if (d + 1 < m->n_sim_days || m->census_at_midnight)
    day_push (s, t + PKS_MIN_PER_DAY, EV_DAY_START, d + 1);
}

static void
census (PksSim *s, guint d)
{
  const PksModel *m = s->m;
  guint rd = d - m->warmup_days;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      s->census_day[(gsize) u * m->days + rd] = (guint16) MIN (s->u[u].census, G_MAXUINT16);
      s->outlied_day[(gsize) u * m->days + rd] = (guint16) MIN (s->u[u].out_count, G_MAXUINT16);
    }
}

/* One of the day's own events, taken in its turn (day_push). */
static void
day_event (PksSim *s, DayEvent e)
{
  switch (e.kind)
    {
    case EV_DAY_START:
      day_start (s, e.d);
      break;
    case EV_CENSUS:
      census (s, e.d);
      break;
    case EV_NATIONAL_CENSUS:
      pks_national_census (s);
      break;
    case EV_CLINIC:
      pks_clinic_day (s, e.d);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
keep_other_flow (gpointer ctx, guint32 patient)
{
  gpointer *c = ctx;
  PksSim *s = c[0];
  guint32 flow = GPOINTER_TO_UINT (c[1]);
  const Patient *pt = &s->pat[patient];
  if (pt->flow != flow)
    return TRUE;
  if (s->pat[patient].state == P_REMOVED)
    ((Waitlist *) c[2])->n_dead--;
  if (pt->state == P_WAIT_TREAT)
    pks_balance_list (s, pt, -1);
  pks_patient_free (s, patient);
  return FALSE;
}

/* A patient of the lists given at the start, waiting since t_wait on x's
 * list of that stage (waitlist.csv, binned or per patient). */
static inline void
initial_wait (PksSim *s, UnitRT *x, guint32 p, PksStage stage, double t_wait)
{
  Patient *pt = &s->pat[p];
  pks_patient_set_wait (s, pt, t_wait);
  WaitEntry e;
  if (stage == PKS_STAGE_FIRST_VISIT)
    {
      s->bal.initial_first++;
      pt->state = P_WAIT_FIRST;
      e = pks_list_entry (s, p);
      pks_waitlist_load (&x->first, &e);
    }
  else
    {
      s->bal.initial_treatment++;
      pt->state = P_WAIT_TREAT;
      pt->treat = TRUE;
      pks_balance_list (s, pt, +1);
      e = pks_list_entry (s, p);
      pks_waitlist_load (&x->treat, &e);
    }
  s->bal.initial_waiting++;
  sim_trace (s, p, PKS_TRACE_WAITLIST_INITIAL, -1);
  if (G_UNLIKELY (s->m->flows[pt->flow].removal_rate > 0.0))
    pks_list_schedule_removal (s, p);
}

static void census_start (PksSim *s, guint64 seed, guint64 rep);
static void wait_patients_start (PksSim *s, guint64 seed, guint64 rep);

/* Start of the reported period: forget warm-up statistics, and replace
 * the lists named in waitlist.csv by the published queue. */
static void
report_start (PksSim *s, guint64 seed, guint64 rep)
{
  const PksModel *m = s->m;
  double now = s->now;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      UnitRT *x = &s->u[u];
      pks_beds_touch (s, u);
      pks_list_touch (s, u);
      acc_reset (&x->acc);
      UnitBal *b = &s->ub[u];
#define ZERO_SUM(f) b->f = 0.0;
      BALANCE_SUMS (ZERO_SUM)
#undef ZERO_SUM
      if (x->ctime)
        memset (x->ctime, 0, sizeof (double) * x->ctime_cap);
    }
  for (guint f = 0; f < m->n_flows; f++)
    flow_acc_reset (&s->fa[f]);
  /* each (flow, stage) named in waitlist.csv is replaced once */
  for (guint i = 0; i < m->n_wait_bins; i++)
    {
      const ModelWaitBin *b = &m->wait_bins[i];
      gboolean first_of_pair = TRUE;
      for (guint j = 0; j < i; j++)
        if (m->wait_bins[j].flow == b->flow && m->wait_bins[j].stage == b->stage)
          first_of_pair = FALSE;
      if (!first_of_pair)
        continue;
      UnitRT *x = &s->u[m->flows[b->flow].unit];
      Waitlist *w = b->stage == PKS_STAGE_FIRST_VISIT ? &x->first : &x->treat;
      gpointer ctx[3] = { s, GUINT_TO_POINTER (b->flow), w };
      guint gone = pks_waitlist_filter (w, keep_other_flow, ctx);
      s->bal.replaced_at_start += gone;
      if (b->stage == PKS_STAGE_FIRST_VISIT)
        s->bal.replaced_first += gone;
      else
        s->bal.replaced_treatment += gone;
    }
  /* The published queues have wait starts in the past, out of order: a
   * bulk load (initial_wait), sorted into the lists' runs at their first
   * pop by a linear bucket sort. Through the heap, each cost a sift-down
   * on its way out (every one of the region's leaves within its year);
   * a merge sort cost as much (docs/performance.md, fourth round). */
  for (guint i = 0; i < m->n_wait_bins; i++)
    {
      const ModelWaitBin *b = &m->wait_bins[i];
      PksRng r;
      pks_rng_init_hashed (&r, seed, rep, b->stream_hash);
      UnitRT *x = &s->u[m->flows[b->flow].unit];
      for (int k = 0; k < b->count; k++)
        {
          double age = pks_dist_uniform (&r, b->from_days, b->to_days);
          guint32 p = pks_patient_new (s, b->flow, &r);
          initial_wait (s, x, p, b->stage, now - age * PKS_MIN_PER_DAY);
        }
    }
  census_start (s, seed, rep);
  wait_patients_start (s, seed, rep);
}

/* census.csv's patients into their beds at the start, each with the rest
 * of a stay drawn given the time already spent (or, when ready, the rest
 * of the wait for the municipality: exponential, so as long as a fresh
 * one). Placed before the first day's capacity, beyond any limit: they
 * are in those beds. */
static void
census_start (PksSim *s, guint64 seed, guint64 rep)
{
  const PksModel *m = s->m;
  if (m->n_census == 0)
    return;
  g_autofree PksRng *rng = g_new (PksRng, m->n_flows);
  g_autofree guint8 *keyed = g_new0 (guint8, m->n_flows);
  for (guint i = 0; i < m->n_census; i++)
    {
      const ModelCensus *c = &m->census[i];
      const ModelFlow *f = &m->flows[c->flow];
      PksRng *r = &rng[c->flow];
      if (!keyed[c->flow])
        {
          pks_rng_init_hashed (r, seed, rep, m->state_hash[c->flow * 3]);
          keyed[c->flow] = 1;
        }
      guint32 p = pks_patient_new (s, c->flow, r);
      Patient *pt = &s->pat[p];
      double elapsed = s->now - c->t_admit;
      gboolean ready = !isnan (c->t_ready);
      double rest = pks_dist_lognormal_residual (r, f->los_mu, f->los_min > 0 ? f->los_sigma : 0.0,
                                                 elapsed);
      if (ready)
        {
          pt->delayed = TRUE;
          pt->delay_min = f->delay_min > 0 ? -f->delay_min * log (pks_rng_uniform (r)) : 0.0;
        }
      guint32 host = c->ward >= 0 ? (guint32) c->ward : f->unit;
      pks_beds_place (s, p, host, c->t_admit, s->now + rest, ready);
    }
}

/* waitlist.csv's patients, one by one, on the lists they name (which
 * they replace when a warm-up filled them). */
static void
wait_patients_start (PksSim *s, guint64 seed, guint64 rep)
{
  const PksModel *m = s->m;
  if (m->n_wait_pat == 0)
    return;
  for (guint i = 0; i < m->n_wait_pat_pairs; i++)
    {
      guint flow = m->wait_pat_pairs[i] / 2, stage = m->wait_pat_pairs[i] % 2;
      UnitRT *x = &s->u[m->flows[flow].unit];
      Waitlist *w = stage == PKS_STAGE_FIRST_VISIT ? &x->first : &x->treat;
      gpointer ctx[3] = { s, GUINT_TO_POINTER (flow), w };
      guint gone = pks_waitlist_filter (w, keep_other_flow, ctx);
      s->bal.replaced_at_start += gone;
    }
  g_autofree PksRng *rng = g_new (PksRng, (gsize) m->n_flows * 2);
  g_autofree guint8 *keyed = g_new0 (guint8, (gsize) m->n_flows * 2);
  for (guint i = 0; i < m->n_wait_pat; i++)
    {
      const ModelWaitPatient *w = &m->wait_pat[i];
      guint k = w->flow * 2 + w->stage;
      if (!keyed[k])
        {
          pks_rng_init_hashed (&rng[k], seed, rep, m->state_hash[w->flow * 3 + 1 + w->stage]);
          keyed[k] = 1;
        }
      guint32 p = pks_patient_new (s, w->flow, &rng[k]);
      if (i == m->n_wait_pat_counted)
        s->vg_ex_lo = s->pat[p].serial;
      initial_wait (s, &s->u[s->pat[p].home], p, w->stage, w->t_wait);
    }
  s->vg_ex_n = m->n_wait_pat - m->n_wait_pat_counted;
}

static void
reset (PksSim *s, gboolean census_time)
{
  const PksModel *m = s->m;
  pks_calendar_clear (s->cal);
  s->n_pat = 0;
  s->n_free = 0;
  s->next_serial = 0;
  for (guint u = 0; u < m->n_units; u++)
    {
      UnitRT *x = &s->u[u];
      Waitlist f = x->first, t = x->treat;
      PatQueue q = x->queued, bl = x->blocked;
      TimeRing te = x->turn_end;
      double *ct = x->ctime;
      guint ct_cap = x->ctime_cap;
      acc_reset (&x->acc);
      UnitAcc a = x->acc;
      memset (x, 0, sizeof *x);
      pks_waitlist_clear (&f);
      pks_waitlist_clear (&t);
      x->first = f;
      x->treat = t;
      x->acc = a;
      x->out_head = x->out_tail = NONE;
      q.head = q.n = bl.head = bl.n = te.head = te.n = 0;
      x->queued = q;
      x->blocked = bl;
      x->turn_end = te;
      x->on_free = m->units[u].turn_min > 0.0 ? FREE_TURN : 0;
      if (!census_time)
        {
          g_free (ct);
          ct = NULL;
          ct_cap = G_MAXUINT;   /* census_up never grows it */
        }
      else if (ct == NULL)
        {
          /* every level a unit can reach but past every limit (beds.c) */
          ct_cap = (guint) m->units[u].max_beds + (guint) m->policy.overcrowding + 2;
          ct = g_new (double, ct_cap);
        }
      if (ct)
        memset (ct, 0, sizeof (double) * ct_cap);
      x->ctime = ct;
      x->ctime_cap = ct_cap;
    }
  for (guint f = 0; f < m->n_flows; f++)
    flow_acc_reset (&s->fa[f]);
  s->n_free_sess = 0;
  for (guint i = s->n_sess; i-- > 0;)
    {
      s->sess[i].unit = NONE;
      s->free_sess[s->n_free_sess++] = i;
    }
  memset (s->census_day, 0, sizeof (guint16) * m->n_units * m->days);
  memset (s->outlied_day, 0, sizeof (guint16) * m->n_units * m->days);
  memset (s->monthly, 0, sizeof (double) * pks_monthly_len (m->n_units, m->n_months));
  memset (s->month_wait, 0, sizeof (double) * MONTH_WAIT_LEN (m));
  memset (s->waits, 0, sizeof (double) * WAITS_LEN (m));
  memset (s->nat_month, 0, sizeof (double) * NAT_MONTH_LEN (m));
  memset (&s->bal, 0, sizeof s->bal);
  memset (&s->levels, 0, sizeof s->levels);
  memset (s->ub, 0, sizeof (UnitBal) * m->n_units);
  s->vg_ex_lo = s->vg_ex_n = 0;
}

/* End of the horizon: integrals up to t_end, the last month's snapshot,
 * care days of those still in bed, and the balance. */
static void
finish (PksSim *s)
{
  const PksModel *m = s->m;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      pks_beds_touch (s, u);
      pks_list_touch (s, u);
    }
  if (m->n_months > 0)
    month_snapshot (s, m->n_months - 1);
  pks_beds_finish (s);
  g_autofree int *census_check = g_new0 (int, m->n_units);
  for (guint32 p = 0; p < s->n_pat; p++)
    {
      const Patient *pt = &s->pat[p];
      FlowAcc *fa = &s->fa[pt->flow];
      switch (pt->state)
        {
        case P_IN_BED:
        case P_DELAYED:
        case P_BLOCKED:
          s->bal.in_bed_end++;
          census_check[pt->host]++;
          if (pt->host != pt->home)
            {
              s->bal.outlied_now_end++;
              fa->outl_min += sim_in_period (s, pt->t_admit, m->t_end);
            }
          {
            double care = pks_beds_care_dates (m, pt->t_admit, m->t_end);
            s->u[pt->home].acc.care_days += care;
            fa->care_days += care;
          }
          fa->bed_min += sim_in_period (s, pt->t_admit, m->t_end);
          if (pt->state == P_DELAYED)
            fa->delay_min += sim_in_period (s, pt->t_wait, m->t_end);
          if (pt->state == P_BLOCKED)
            {
              double blocked = sim_in_period (s, pt->t_wait, m->t_end);
              s->u[pt->home].acc.blocked_min += blocked;
              fa->blocked_min += blocked;
              s->bal.blocked_end++;
            }
          break;
        case P_QUEUED:
          s->bal.queued_end++;
          break;
        case P_WAIT_FIRST:
          s->bal.waiting_first_visit_end++;
          fa->waiting_first++;
          break;
        case P_WAIT_TREAT:
          s->bal.waiting_treatment_end++;
          fa->waiting_treat++;
          pks_balance_count_waiting (s, pt);
          break;
        case P_BOOKED:
          s->bal.booked_end++;
          pks_balance_count_waiting (s, pt);
          break;
        default:
          break;
        }
    }
  for (guint32 u = 0; u < m->n_units; u++)
    {
      s->bal.patients_in_two_beds += (guint64) ABS (census_check[u] - s->u[u].census);
      s->levels.op_waiting_counted += s->ub[u].op_waiting;
      s->levels.min_waiting_counted += s->ub[u].min_waiting;
    }
  if (s->detail)
    pks_balance_snapshot (s, m->n_bounds - 1);
  /* records are reused from the free list first, so the pool only grows
   * when more patients are present at once than ever before */
  s->bal.patients_peak = s->n_pat;
}

/* Reset for replication rep and schedule its first events (the first
 * part of pks_sim_run). */
void
pks_sim_begin (PksSim *s, guint64 seed, guint64 rep, const PksRepResult *out)
{
  const PksModel *m = s->m;
  reset (s, out->census != NULL);
  s->detail = out->figures != NULL;
  s->seed = seed;
  s->rep = rep;
  s->events = 0;
  s->now = 0.0;
  s->day_d = s->day_lo = s->day_hi = 0.0;   /* no day started yet */
  for (guint f = 0; f < m->n_flows; f++)
    for (int k = 0; k < N_STREAMS; k++)
      pks_rng_init_hashed (&s->rng[(gsize) f * N_STREAMS + k], seed, rep,
                           m->flows[f].stream_hash[k]);
  /* the report start comes first among events at its minute */
  pks_calendar_schedule (s->cal, m->t_report0, EV_REPORT_START, 0);
  s->n_day_ev = 0;
  day_push (s, 0.0, EV_DAY_START, 0);
  arr_start (s);
}

/* The event loop, until the end or until the start of simulated day
 * stop_day is the next event (G_MAXUINT: never). Every event before that
 * day's start has run, none after it: what runs up to there reads the
 * model's days before stop_day only (fork.c relies on it). FALSE when it
 * stopped there. */
gboolean
pks_sim_advance (PksSim *s, guint stop_day)
{
  const PksModel *m = s->m;
  guint64 seed = s->seed, rep = s->rep;
  /* the earlier by (time, seq) of the next arrival and the calendar's next
   * event, then a switch on the kind, no callback */
  guint64 events = s->events;
  PksEvent ev;
  for (;;)
    {
      /* peek_time leaves a hole at the calendar's root in place, so that an
       * arrival's own schedule can fill it; the sequence numbers are looked
       * up only on a tie. An empty calendar reads +inf. */
      double tc = pks_calendar_peek_time (s->cal);
      guint32 fa = s->arr_lose[0];
      const NextArrival *a = &s->arr[fa];
      /* the earlier by (time, seq) of the next arrival and the day's next
       * event (day_push), then of that and the calendar's next event */
      gboolean day = s->day.t < a->t || (s->day.t == a->t && s->day.seq < a->seq);
      if (G_UNLIKELY (day))
        a = &s->day;
      guint64 qc;
      if (a->t < tc || (a->t == tc && pks_calendar_peek (s->cal, &tc, &qc) && a->seq < qc))
        {
          /* queued arrivals are before t_end; +inf (none left) never wins */
          if (G_UNLIKELY (day))
            {
              /* the day's next event: stop before the start of stop_day */
              if (G_UNLIKELY (s->day_ev[0].kind == EV_DAY_START && s->day_ev[0].d == stop_day))
                {
                  s->events = events;
                  return FALSE;
                }
              s->now = a->t;
              events++;
              day_event (s, day_pop (s));
              continue;
            }
          s->now = a->t;
          events++;
          arrival (s, fa);
          continue;
        }
      if (tc > m->t_end)
        break;
      events++;
      pks_calendar_pop (s->cal, &ev);
      s->now = ev.t_min;
      switch (ev.kind)
        {
        case EV_LOS_END:
          pks_beds_los_end (s, ev.arg);
          break;
        case EV_LOS_END_PATH:
          if (!pks_transfer_next (s, ev.arg))
            pks_beds_los_end (s, ev.arg);
          break;
        case EV_DELAY_END:
          pks_beds_delay_end (s, ev.arg);
          break;
        case EV_OP_NEXT:
          pks_theatre_next (s, ev.arg);
          break;
        case EV_REPORT_START:
          report_start (s, seed, rep);
          break;
        case EV_BED_READY:
          pks_beds_ready (s, ev.arg);
          break;
        case EV_QUEUE_END:
          pks_beds_queue_end (s, ev.arg);
          break;
        case EV_REMOVE:
          pks_list_removal (s, ev.arg);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  s->events = events;
  return TRUE;
}

/* The end of the horizon: the last integrals and the results (the last
 * part of pks_sim_run, once pks_sim_advance has reached the end). */
void
pks_sim_end (PksSim *s, PksRepResult *out)
{
  s->now = s->m->t_end;
  finish (s);
  pks_results_fill (s, out);
  out->events = s->events;
  out->balance = s->bal;
}

void
pks_sim_run (PksSim *s, guint64 seed, guint64 rep, PksRepResult *out)
{
  pks_sim_begin (s, seed, rep, out);
  pks_sim_advance (s, G_MAXUINT);
  pks_sim_end (s, out);
}
