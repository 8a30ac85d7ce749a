/* sim.c — one replication: the patient pool, keyed random streams, the
 * event loop (arrivals, day starts, census, clinic days, operations,
 * discharges), month-end waiting-list snapshots and the initial waiting
 * lists. Results are turned into metrics by results.c. */
#include "model-internal.h"

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
    }
  s->rng = g_new (PksRng, MAX (1u, m->n_flows) * N_STREAMS);
  s->census_day = g_new0 (guint16, (gsize) m->n_units * m->days);
  s->outlied_day = g_new0 (guint16, (gsize) m->n_units * m->days);
  s->monthly = g_new0 (double, (gsize) m->n_units * MAX (1u, m->n_months) * PKS_N_MONTHLY);
  s->month_wait = g_new0 (double, (gsize) m->n_units * MAX (1u, m->n_months) * 12);
  s->recall_stack = g_new (guint32, m->n_units);
  s->recall_pending = g_new0 (guint8, m->n_units);
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
    }
  for (guint i = 0; i < s->n_sess; i++)
    g_free (s->sess[i].booked);
  g_free (s->sess);
  pks_calendar_free (s->cal);
  g_free (s->u);
  g_free (s->pat);
  g_free (s->free_pat);
  g_free (s->rng);
  g_free (s->census_day);
  g_free (s->outlied_day);
  g_free (s->monthly);
  g_free (s->month_wait);
  g_free (s->recall_stack);
  g_free (s->recall_pending);
  g_free (s);
}

void
pks_sim_set_trace (PksSim *s, PksTraceFunc fn, gpointer ctx)
{
  s->trace = fn;
  s->trace_ctx = ctx;
}

/* Bring a unit's list-length integrals up to now; call before any change
 * to its waiting lists. */
void
pks_sim_list_touch (PksSim *s, guint32 u)
{
  UnitRT *x = &s->u[u];
  double now = pks_calendar_now (s->cal);
  double dt = now - x->t_list;
  if (dt > 0.0)
    {
      x->acc.fv_list_min += dt * x->first.n;
      x->acc.tr_list_min += dt * (x->treat.n + x->booked);
    }
  x->t_list = now;
}

/* Zero a unit's accumulators, keeping the histograms' memory. */
static void
acc_reset (UnitAcc *a)
{
  PksIntHist fv[3], tr[3];
  for (int k = 0; k < 3; k++)
    {
      fv[k] = a->pr[k].fv_wait;
      tr[k] = a->pr[k].tr_wait;
      pks_int_hist_clear (&fv[k]);
      pks_int_hist_clear (&tr[k]);
    }
  memset (a, 0, sizeof *a);
  for (int k = 0; k < 3; k++)
    {
      a->pr[k].fv_wait = fv[k];
      a->pr[k].tr_wait = tr[k];
    }
}

/* Waiting-list key for the scheduling policy. Priorities 1..3 are at
 * least 1e12 minutes apart, far more than any wait. */
double
pks_sim_wait_key (const PksSim *s, const Patient *p)
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

/* Waiting time in calendar days, as the care guarantee counts it. */
int
pks_sim_wait_days (const PksSim *s, double t_from, double t_to)
{
  (void) s;
  return (int) (floor (t_to / PKS_MIN_PER_DAY) - floor (t_from / PKS_MIN_PER_DAY));
}

/* A new patient of a flow with every attribute drawn now, one draw per
 * stream purpose whatever the flow's kind, so the i-th patient of a flow
 * gets the same numbers in every plan (common random numbers). With
 * one_rng, all attributes come from that single stream. */
guint32
pks_sim_new_patient (PksSim *s, guint32 flow, PksRng *one_rng)
{
  guint32 p;
  if (s->n_free > 0)
    p = s->free_pat[--s->n_free];
  else
    {
      if (s->n_pat == s->cap_pat)
        {
          s->cap_pat = s->cap_pat ? 2 * s->cap_pat : 1024;
          s->pat = g_renew (Patient, s->pat, s->cap_pat);
          s->free_pat = g_renew (guint32, s->free_pat, s->cap_pat);
        }
      p = s->n_pat++;
    }
  const ModelFlow *f = &s->m->flows[flow];
  PksRng *r = s->rng + (gsize) flow * N_STREAMS;
  Patient *pt = &s->pat[p];
  pt->serial = s->next_serial++;
  pt->flow = flow;
  pt->home = f->unit;
  pt->host = NONE;
  pt->prev = pt->next = NONE;
  pt->state = P_FREE;
  pt->t_admit = 0.0;
  pt->t_wait = pks_calendar_now (s->cal);
  pt->los_min = pks_dist_lognormal (one_rng ? one_rng : &r[S_LOS], f->los_min, f->los_cv);
  PksRng *rd = one_rng ? one_rng : &r[S_DELAY];
  pt->delayed = pks_dist_bernoulli (rd, f->delay_p);
  pt->delay_min = pks_dist_exponential (rd, f->delay_min);
  pt->treat = pks_dist_bernoulli (one_rng ? one_rng : &r[S_TREAT], f->treat_p);
  pt->surgery_min = pks_dist_lognormal (one_rng ? one_rng : &r[S_SURGERY], f->surgery_min,
                                        f->surgery_cv);
  pt->inpatient = pks_dist_bernoulli (one_rng ? one_rng : &r[S_INPATIENT], f->inpatient_p);
  return p;
}

void
pks_sim_free_patient (PksSim *s, guint32 p)
{
  s->pat[p].state = P_FREE;
  s->free_pat[s->n_free++] = p;
}

static void
arrival (PksSim *s, guint32 flow)
{
  const ModelFlow *f = &s->m->flows[flow];
  double now = pks_calendar_now (s->cal);
  PksRng *ra = &s->rng[(gsize) flow * N_STREAMS + S_ARRIVAL];
  double next = pks_nhpp_next (f->arrivals, ra, now);
  if (next < s->m->t_end)
    pks_calendar_schedule (s->cal, next, EV_ARRIVAL, flow);
  guint32 p = pks_sim_new_patient (s, flow, NULL);
  if (f->kind == PKS_FLOW_ACUTE)
    {
      pks_beds_acute_arrival (s, p);
      return;
    }
  UnitRT *x = &s->u[f->unit];
  Patient *pt = &s->pat[p];
  pt->state = P_WAIT_FIRST;
  x->acc.referrals++;
  s->bal.referrals++;
  pks_sim_list_touch (s, f->unit);
  pks_waitlist_push (&x->first, pks_sim_wait_key (s, pt), pt->serial, p);
  sim_trace (s, p, PKS_TRACE_REFER, (int) f->unit);
}

/* Share waiting within the limit on each list, at a month end, per
 * priority (results.c pools them over units and priorities). */
static void
month_snapshot (PksSim *s, guint mi)
{
  const PksModel *m = s->m;
  double now = pks_calendar_now (s->cal);
  for (guint32 u = 0; u < m->n_units; u++)
    {
      UnitRT *x = &s->u[u];
      double *mm = &s->monthly[((gsize) u * m->n_months + mi) * PKS_N_MONTHLY];
      const Waitlist *lists[2] = { &x->first, &x->treat };
      double limits[2] = { m->guarantee.first_visit_days, m->guarantee.treatment_days };
      for (int k = 0; k < 2; k++)
        {
          guint in = 0;
          for (guint i = 0; i < lists[k]->n; i++)
            {
              const Patient *pt = &s->pat[lists[k]->e[i].patient];
              int prio = m->flows[pt->flow].priority - 1;
              gboolean ok = pks_sim_wait_days (s, pt->t_wait, now) <= limits[k];
              MONTH_WAIT (s, u, mi, k, prio, 0) += 1;
              MONTH_WAIT (s, u, mi, k, prio, 1) += ok;
              in += ok;
            }
          mm[k == 0 ? PKS_MM_WAITING_FIRST_VISIT : PKS_MM_WAITING_TREATMENT] = lists[k]->n;
          mm[k == 0 ? PKS_MM_VG_FIRST_VISIT_PCT : PKS_MM_VG_TREATMENT_PCT] =
            !m->units[u].has_elective ? NAN : lists[k]->n ? 100.0 * in / lists[k]->n : 100.0;
        }
    }
}

static void
day_start (PksSim *s, guint d)
{
  const PksModel *m = s->m;
  double t = d * PKS_MIN_PER_DAY;
  /* a new month began: snapshot the one that ended yesterday */
  if (d > m->warmup_days && d < m->n_sim_days && pks_date_day (m->epoch + d) == 1)
    month_snapshot (s, m->day_month[d - 1 - m->warmup_days]);
  gboolean reported = d >= m->warmup_days;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      pks_beds_set_capacity (s, u, CAP (m, staffed, u, d), CAP (m, beds, u, d));
      if (reported)
        s->u[u].acc.staffed_bed_days += CAP (m, staffed, u, d);
    }
  if (reported)
    pks_calendar_schedule (s->cal, t + m->policy.census_hour * 60.0, EV_CENSUS, d);
  if (pks_date_weekday (m->epoch + d) < 5)
    pks_calendar_schedule (s->cal, t + m->policy.clinic_hour * 60.0, EV_CLINIC, d);
  if (d + 1 < m->n_sim_days)
    pks_calendar_schedule (s->cal, t + PKS_MIN_PER_DAY, EV_DAY, d + 1);
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

static gboolean
keep_other_flow (gpointer ctx, guint32 patient)
{
  gpointer *c = ctx;
  PksSim *s = c[0];
  guint32 flow = GPOINTER_TO_UINT (c[1]);
  if (s->pat[patient].flow != flow)
    return TRUE;
  pks_sim_free_patient (s, patient);
  return FALSE;
}

/* Start of the reported period: forget warm-up statistics, and replace
 * the lists named in waitlist.csv by the published queue. */
static void
report_start (PksSim *s, guint64 seed, guint64 rep)
{
  const PksModel *m = s->m;
  double now = pks_calendar_now (s->cal);
  for (guint32 u = 0; u < m->n_units; u++)
    {
      pks_beds_touch (s, u);
      pks_sim_list_touch (s, u);
      acc_reset (&s->u[u].acc);
    }
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
      gpointer ctx[2] = { s, GUINT_TO_POINTER (b->flow) };
      guint gone = pks_waitlist_filter (w, keep_other_flow, ctx);
      s->bal.replaced_at_start += gone;
      if (b->stage == PKS_STAGE_FIRST_VISIT)
        s->bal.replaced_first += gone;
      else
        s->bal.replaced_treatment += gone;
    }
  for (guint i = 0; i < m->n_wait_bins; i++)
    {
      const ModelWaitBin *b = &m->wait_bins[i];
      PksRng r;
      pks_rng_init_hashed (&r, seed, rep, b->stream_hash);
      UnitRT *x = &s->u[m->flows[b->flow].unit];
      for (int k = 0; k < b->count; k++)
        {
          double age = pks_dist_uniform (&r, b->from_days, b->to_days);
          guint32 p = pks_sim_new_patient (s, b->flow, &r);
          Patient *pt = &s->pat[p];
          pt->t_wait = now - age * PKS_MIN_PER_DAY;
          if (b->stage == PKS_STAGE_FIRST_VISIT)
            {
              s->bal.initial_first++;
              pt->state = P_WAIT_FIRST;
              pks_waitlist_push (&x->first, pks_sim_wait_key (s, pt), pt->serial, p);
            }
          else
            {
              s->bal.initial_treatment++;
              pt->state = P_WAIT_TREAT;
              pt->treat = TRUE;
              pks_waitlist_push (&x->treat, pks_sim_wait_key (s, pt), pt->serial, p);
            }
          s->bal.initial_waiting++;
          sim_trace (s, p, PKS_TRACE_WAITLIST_INITIAL, -1);
        }
    }
}

typedef struct {
  PksSim *s;
  guint64 seed, rep;
} RunCtx;

static void
dispatch (gpointer ctx, const PksEvent *ev)
{
  RunCtx *rc = ctx;
  PksSim *s = rc->s;
  switch (ev->kind)
    {
    case EV_ARRIVAL:
      arrival (s, ev->arg);
      break;
    case EV_LOS_END:
      pks_beds_los_end (s, ev->arg);
      break;
    case EV_DELAY_END:
      pks_beds_delay_end (s, ev->arg);
      break;
    case EV_DAY:
      day_start (s, ev->arg);
      break;
    case EV_CENSUS:
      census (s, ev->arg);
      break;
    case EV_CLINIC:
      pks_clinic_day (s, ev->arg);
      break;
    case EV_OP_NEXT:
      pks_theatre_next (s, ev->arg);
      break;
    case EV_REPORT_START:
      report_start (s, rc->seed, rc->rep);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
reset (PksSim *s)
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
      acc_reset (&x->acc);
      UnitAcc a = x->acc;
      memset (x, 0, sizeof *x);
      pks_waitlist_clear (&f);
      pks_waitlist_clear (&t);
      x->first = f;
      x->treat = t;
      x->acc = a;
      x->out_head = x->out_tail = NONE;
    }
  for (guint i = 0; i < s->n_sess; i++)
    s->sess[i].unit = NONE;
  memset (s->census_day, 0, sizeof (guint16) * m->n_units * m->days);
  memset (s->outlied_day, 0, sizeof (guint16) * m->n_units * m->days);
  memset (s->monthly, 0, sizeof (double) * m->n_units * MAX (1u, m->n_months) * PKS_N_MONTHLY);
  memset (s->month_wait, 0, sizeof (double) * m->n_units * MAX (1u, m->n_months) * 12);
  memset (&s->bal, 0, sizeof s->bal);
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
      pks_sim_list_touch (s, u);
    }
  if (m->n_months > 0)
    month_snapshot (s, m->n_months - 1);
  g_autofree int *census_check = g_new0 (int, m->n_units);
  for (guint32 p = 0; p < s->n_pat; p++)
    {
      const Patient *pt = &s->pat[p];
      switch (pt->state)
        {
        case P_IN_BED:
        case P_DELAYED:
          s->bal.in_bed_end++;
          census_check[pt->host]++;
          if (pt->host != pt->home)
            s->bal.outlied_now_end++;
          s->u[pt->home].acc.care_days += pks_beds_care_dates (m, pt->t_admit, m->t_end);
          break;
        case P_WAIT_FIRST:
          s->bal.waiting_first_visit_end++;
          break;
        case P_WAIT_TREAT:
          s->bal.waiting_treatment_end++;
          break;
        case P_BOOKED:
          s->bal.booked_end++;
          break;
        default:
          break;
        }
    }
  for (guint32 u = 0; u < m->n_units; u++)
    s->bal.patients_in_two_beds += (guint64) ABS (census_check[u] - s->u[u].census);
  /* records are reused from the free list first, so the pool only grows
   * when more patients are present at once than ever before */
  s->bal.patients_peak = s->n_pat;
}

void pks_sim_fill_results (PksSim *s, PksRepResult *out);

void
pks_sim_run (PksSim *s, guint64 seed, guint64 rep, PksRepResult *out)
{
  const PksModel *m = s->m;
  reset (s);
  for (guint f = 0; f < m->n_flows; f++)
    for (int k = 0; k < N_STREAMS; k++)
      pks_rng_init_hashed (&s->rng[(gsize) f * N_STREAMS + k], seed, rep,
                           m->flows[f].stream_hash[k]);
  /* the report start comes first among events at its minute */
  pks_calendar_schedule (s->cal, m->t_report0, EV_REPORT_START, 0);
  pks_calendar_schedule (s->cal, 0.0, EV_DAY, 0);
  for (guint f = 0; f < m->n_flows; f++)
    if (m->flows[f].arrivals)
      {
        double t = pks_nhpp_next (m->flows[f].arrivals, &s->rng[(gsize) f * N_STREAMS + S_ARRIVAL], 0.0);
        if (t < m->t_end)
          pks_calendar_schedule (s->cal, t, EV_ARRIVAL, f);
      }
  RunCtx rc = { s, seed, rep };
  guint64 events = pks_calendar_run_until (s->cal, m->t_end, dispatch, &rc);
  finish (s);
  pks_sim_fill_results (s, out);
  out->events = events;
  out->balance = s->bal;
}
