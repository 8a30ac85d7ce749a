/* theatre.c — the clinic day: first-visit slots served from the first-visit
 * list, decisions to treat, and operating sessions booked from the
 * treatment list by expected duration and run operation by operation
 * (cancelled when an inpatient finds no bed, with its wait clock kept). */
#include "theatre.h"
#include "balance.h"
#include "beds.h"
#include "patient.h"

#include <math.h>

#define MAX_SCAN 64   /* list entries examined to fill one session */

static gboolean
within (double wait_days, double limit)
{
  return wait_days <= limit;
}

static guint
month_now (const PksSim *s)
{
  int d = (int) sim_today (s) - (int) s->m->warmup_days;
  if (d < 0)
    d = 0;
  if ((guint) d >= s->m->days)
    d = (int) s->m->days - 1;
  return s->m->day_month[d];
}

static double *
monthly (PksSim *s, guint32 u, guint mi, int k)
{
  return &s->monthly[pks_monthly_index (s->m->n_months, u, mi, (guint) k)];
}

static void
serve_first_visits (PksSim *s, guint32 u, int slots)
{
  UnitRT *x = &s->u[u];
  double now = s->now;
  WaitEntry e;
  pks_list_touch (s, u);
  for (int k = 0; k < slots && pks_list_pop (s, &x->first, &e); k++)
    {
      guint32 p = e.patient;
      Patient *pt = &s->pat[p];
      int w = pks_patient_wait_days (s, pt);
      PrioAcc *pa = &x->acc.pr[s->m->flows[pt->flow].priority - 1];
      double wait = (now - pt->t_wait) / PKS_MIN_PER_DAY;
      gboolean in = within (w, s->m->guarantee.first_visit_days);
      pa->first_visits++;
      pa->fv_wait_days += wait;
      pa->fv_within += in;
      pks_int_hist_add (&pa->fv_wait, (guint) MAX (0, w), 1);
      FlowAcc *fa = s->by_flow ? &s->fa[pt->flow] : NULL;
      if (fa)
        {
          fa->g.first_visits++;
          fa->g.fv_wait_days += wait;
          fa->g.fv_within += in;
          pks_int_hist_add (&fa->g.fv_wait, (guint) MAX (0, w), 1);
        }
      pks_balance_first_visit (s, pt, w);
      s->bal.first_visits++;
      sim_trace (s, p, PKS_TRACE_FIRST_VISIT, (int) u);
      if (pt->treat)
        {
          /* a new wait clock starts at the decision, as the statistics count it */
          pt->state = P_WAIT_TREAT;
          pks_patient_set_wait (s, pt, now);
          x->acc.decisions++;
          if (fa)
            fa->decisions++;
          pks_balance_decision (s, pt);
          s->bal.decisions++;
          pks_list_push (s, &x->treat, p);
          sim_trace (s, p, PKS_TRACE_DECIDE, (int) u);
        }
      else
        {
          s->bal.not_treated++;
          sim_trace (s, p, PKS_TRACE_NO_TREATMENT, (int) u);
          pks_patient_free (s, p);
        }
    }
}

static guint
new_session (PksSim *s)
{
  /* closed sessions' records are reused first (with their booking
   * arrays), from a free list: a scan for a closed one grew with the
   * sessions open at once (3 % of a year of the region copied 16 times).
   * Which record a session gets is not observable. */
  if (s->n_free_sess > 0)
    return s->free_sess[--s->n_free_sess];
  if (s->n_sess == s->cap_sess)
    {
      s->cap_sess = s->cap_sess ? 2 * s->cap_sess : 16;
      s->sess = g_renew (Session, s->sess, s->cap_sess);
      s->free_sess = g_renew (guint, s->free_sess, s->cap_sess);
    }
  Session *ss = &s->sess[s->n_sess];
  ss->booked = NULL;
  ss->cap_booked = 0;
  ss->unit = NONE;
  return s->n_sess++;
}

/* Book one session: take patients in list order whose expected duration
 * fits the time left; those that do not fit go back on the list. A first
 * patient longer than a whole session gets the session alone. */
static void
book_session (PksSim *s, guint32 u)
{
  UnitRT *x = &s->u[u];
  const ModelUnit *mu = &s->m->units[u];
  double now = s->now;
  guint si = new_session (s);
  Session *ss = &s->sess[si];
  ss->unit = u;
  ss->n_booked = ss->next = 0;
  ss->t_start = now;
  ss->t_end_planned = now + mu->session_min;
  ss->used_min = 0.0;
  x->acc.sessions++;
  x->acc.or_avail_min += mu->session_min;

  double left = mu->session_min;
  pks_list_touch (s, u);
  WaitEntry aside[MAX_SCAN];
  guint n_aside = 0;
  WaitEntry e;
  for (guint scanned = 0; scanned < MAX_SCAN && left >= mu->min_surgery_min - 1e-9
       && pks_list_pop (s, &x->treat, &e); scanned++)
    {
      double expect = s->m->flows[s->pat[e.patient].flow].surgery_min;
      if (expect <= left + 1e-9 || (ss->n_booked == 0 && expect > mu->session_min))
        {
          if (ss->n_booked == ss->cap_booked)
            {
              ss->cap_booked = ss->cap_booked ? 2 * ss->cap_booked : 8;
              ss->booked = g_renew (guint32, ss->booked, ss->cap_booked);
            }
          ss->booked[ss->n_booked++] = e.patient;
          s->pat[e.patient].state = P_BOOKED;
          x->booked++;
          sim_trace (s, e.patient, PKS_TRACE_BOOK, (int) u);
          left -= expect;
        }
      else
        aside[n_aside++] = e;
    }
  /* they precede every entry left: back to their runs' fronts, the last
   * first, in O(1) each (through the heap, they were 11 % of its pops) */
  for (guint i = n_aside; i-- > 0;)
    pks_waitlist_unpop (&x->treat, &aside[i]);
  pks_calendar_schedule (s->cal, now, EV_OP_NEXT, si);
}

void
pks_clinic_day (PksSim *s, guint day)
{
  const PksModel *m = s->m;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      int slots = CAP (m, slots, u, day);
      if (slots > 0)
        serve_first_visits (s, u, slots);
      int sessions = CAP (m, sessions, u, day);
      for (int k = 0; k < sessions; k++)
        book_session (s, u);
    }
}

/* Run the next booked operation of a session, or close the session. */
void
pks_theatre_next (PksSim *s, guint si)
{
  Session *ss = &s->sess[si];
  guint32 u = ss->unit;
  UnitRT *x = &s->u[u];
  double now = s->now;
  gboolean reporting = now >= s->m->t_report0;
  while (ss->next < ss->n_booked)
    {
      guint32 p = ss->booked[ss->next++];
      Patient *pt = &s->pat[p];
      pks_list_touch (s, u);
      x->booked--;
      if (pt->inpatient && !pks_beds_admit_elective (s, p, now + pt->surgery_min))
        {
          /* struken: no bed; back on the list with its wait clock */
          x->acc.cancelled++;
          if (s->by_flow)
            s->fa[pt->flow].cancelled++;
          s->bal.cancelled++;
          if (reporting)
            *monthly (s, u, month_now (s), PKS_MM_CANCELLED_OPERATIONS) += 1;
          pt->state = P_WAIT_TREAT;
          pks_list_push (s, &x->treat, p);
          sim_trace (s, p, PKS_TRACE_CANCEL, (int) u);
          continue;
        }
      int w = pks_patient_wait_days (s, pt);
      const ModelFlow *f = &s->m->flows[pt->flow];
      PrioAcc *pa = &x->acc.pr[f->priority - 1];
      double wait = (now - pt->t_wait) / PKS_MIN_PER_DAY;
      gboolean in = within (w, s->m->guarantee.treatment_days);
      if (!f->other_treatment)
        x->acc.operations++;
      pa->operations++;
      pa->tr_wait_days += wait;
      pa->ops_within += in;
      pks_int_hist_add (&pa->tr_wait, (guint) MAX (0, w), 1);
      if (s->by_flow)
        {
          FlowAcc *fa = &s->fa[pt->flow];
          fa->operations += !f->other_treatment;
          fa->g.operations++;
          fa->g.tr_wait_days += wait;
          fa->g.ops_within += in;
          pks_int_hist_add (&fa->g.tr_wait, (guint) MAX (0, w), 1);
        }
      pks_balance_treated (s, pt, w);
      s->bal.operations++;
      if (reporting && !f->other_treatment)
        *monthly (s, u, month_now (s), PKS_MM_OPERATIONS) += 1;
      sim_trace (s, p, PKS_TRACE_OPERATE, (int) u);
      ss->used_min += pt->surgery_min;
      double dur = pt->surgery_min;
      if (!pt->inpatient)
        pks_patient_free (s, p);   /* day surgery: home the same day */
      pks_calendar_schedule (s->cal, now + dur, EV_OP_NEXT, si);
      return;
    }
  /* operations run back to back from the start, so used = elapsed */
  double session = ss->t_end_planned - ss->t_start;
  x->acc.or_used_min += MIN (ss->used_min, session);
  x->acc.or_over_min += MAX (0.0, ss->used_min - session);
  ss->unit = NONE;
  s->free_sess[s->n_free_sess++] = si;
}

/* An acute patient admitted with an emergency operation (treat drawn with
 * the acute flow's treat_p): counted in the home unit's operations. It runs
 * on the on-call theatre line, so it takes no time from elective sessions. */
void
pks_theatre_emergency (PksSim *s, guint32 p)
{
  const Patient *pt = &s->pat[p];
  s->bal.emergency_operations++;
  if (s->now < s->m->t_report0)
    return;
  s->u[pt->home].acc.operations++;
  if (s->by_flow)
    s->fa[pt->flow].operations++;
  s->ub[pt->home].emergency_ops++;
  *monthly (s, pt->home, month_now (s), PKS_MM_OPERATIONS) += 1;
  sim_trace (s, p, PKS_TRACE_OPERATE, (int) pt->home);
}
