/* fork.c — a plan's replication forked from the base's at the first day
 * on which they can differ. A plan of the meeting changes a few units
 * from some date; until then base and plan meet the same patients (keyed
 * streams) in the same beds, event for event, so that part is simulated
 * once and the state copied (docs/performance.md, fourth round).
 *
 * Two things make the copy exact. pks_model_shared_days finds the first
 * simulated day on which the plan's compiled model reads differently from
 * the base's: everything the event loop reads must be equal (units,
 * flows and their arrival rates, pathways, policy, the start's lists),
 * except the daily capacity, which is compared day by day; anything else
 * that differs gives 0, no sharing. And pks_sim_fork copies every part of
 * the replication's state (state.h), ring positions, capacities and
 * calendar handles included, so the copy goes on as the original would.
 * The size checks below fail the build when a field is added to the model
 * or the state: the new field must be compared or copied here. */
#include "state.h"

#include <math.h>
#include <string.h>

#if GLIB_SIZEOF_VOID_P == 8
/* A field added to these must be compared (shared_days) or copied
 * (pks_sim_fork) below; then update the size. */
G_STATIC_ASSERT (sizeof (struct _PksModel) == 600);
G_STATIC_ASSERT (sizeof (ModelUnit) == 96);
G_STATIC_ASSERT (sizeof (ModelFlow) == 232);
G_STATIC_ASSERT (sizeof (PksPolicy) == 88);
G_STATIC_ASSERT (sizeof (PksNhpp) == 64);
G_STATIC_ASSERT (sizeof (PksNhppPiece) == 32);
G_STATIC_ASSERT (sizeof (struct _PksSim) == 776);
G_STATIC_ASSERT (sizeof (UnitRT) == 984);
#endif

static gboolean
same_str (const char *a, const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
same_strv (char **a, char **b, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!same_str (a ? a[i] : NULL, b ? b[i] : NULL))
      return FALSE;
  return TRUE;
}

/* n doubles equal bit for bit (NaN equals NaN, −0 differs from 0); two
 * NULL arrays are equal (a model keeps none where it has nothing) */
static gboolean
same_doubles (const double *a, const double *b, gsize n)
{
  return n == 0 || a == b || (a && b && memcmp (a, b, n * sizeof (double)) == 0);
}

static gboolean
same_bytes (const void *a, const void *b, gsize n)
{
  return n == 0 || a == b || (a && b && memcmp (a, b, n) == 0);
}

static gboolean
same_double (double a, double b)
{
  return same_doubles (&a, &b, 1);
}

static gboolean
same_nhpp (const PksNhpp *a, const PksNhpp *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return same_double (a->t0, b->t0) && same_double (a->width, b->width) && a->n == b->n
         && same_doubles ((const double *) a->piece, (const double *) b->piece,
                          (gsize) a->n * (sizeof *a->piece / sizeof (double)))
         && same_double (a->total, b->total)
         && same_double (a->inv_width, b->inv_width)
         && same_double (a->const_inv_rate, b->const_inv_rate)
         && same_double (a->t_end, b->t_end);
}

static gboolean
same_policy (const PksPolicy *a, const PksPolicy *b)
{
  return a->outlying == b->outlying && a->overcrowding == b->overcrowding
         && a->scheduling == b->scheduling && a->cancel_if_no_bed == b->cancel_if_no_bed
         && a->recall_outliers == b->recall_outliers
         && a->elective_overcrowding == b->elective_overcrowding
         && same_doubles (a->due_days, b->due_days, 3)
         && same_double (a->census_hour, b->census_hour)
         && same_double (a->national_census_hour, b->national_census_hour)
         && same_double (a->clinic_hour, b->clinic_hour)
         && a->transfer_when_full == b->transfer_when_full
         && same_double (a->acute_queue_hours, b->acute_queue_hours);
}

/* Everything of a unit but its most physical beds (max_beds), which sizes
 * the census-time array only (pks_sim_fork checks that). */
static gboolean
same_unit (const ModelUnit *a, const ModelUnit *b)
{
  return same_str (a->name, b->name) && a->site == b->site && a->clinic == b->clinic
         && a->area == b->area && same_double (a->session_min, b->session_min)
         && a->has_elective == b->has_elective && a->has_beds == b->has_beds
         && a->bed_type == b->bed_type && a->n_cand == b->n_cand
         && a->n_cand_same == b->n_cand_same
         && same_bytes (a->cand, b->cand, sizeof (guint) * a->n_cand)
         && same_double (a->min_surgery_min, b->min_surgery_min)
         && same_double (a->turn_min, b->turn_min) && a->in_path == b->in_path
         && a->has_acute == b->has_acute && a->has_removal == b->has_removal;
}

static gboolean
same_flow (const ModelFlow *a, const ModelFlow *b)
{
  return same_str (a->name, b->name) && same_str (a->scope_name, b->scope_name)
         && a->unit == b->unit && a->kind == b->kind && same_double (a->los_min, b->los_min)
         && same_double (a->los_cv, b->los_cv) && same_double (a->los_mu, b->los_mu)
         && same_double (a->los_sigma, b->los_sigma) && same_double (a->delay_p, b->delay_p)
         && same_double (a->delay_min, b->delay_min) && same_double (a->treat_p, b->treat_p)
         && same_double (a->surgery_min, b->surgery_min)
         && same_double (a->surgery_cv, b->surgery_cv)
         && same_double (a->surgery_mu, b->surgery_mu)
         && same_double (a->surgery_sigma, b->surgery_sigma)
         && same_double (a->inpatient_p, b->inpatient_p) && a->priority == b->priority
         && a->other_treatment == b->other_treatment && same_nhpp (a->arrivals, b->arrivals)
         && memcmp (a->stream_hash, b->stream_hash, sizeof a->stream_hash) == 0
         && a->route_first == b->route_first && a->n_route == b->n_route
         && same_double (a->removal_rate, b->removal_rate) && a->extras == b->extras;
}

static gboolean
same_structure (const PksModel *a, const PksModel *b)
{
  if (a->n_units != b->n_units || a->n_sites != b->n_sites || a->n_flows != b->n_flows
      || a->n_areas != b->n_areas || a->n_clinics != b->n_clinics
      || a->epoch != b->epoch || a->start != b->start || a->warmup_days != b->warmup_days
      || a->days != b->days || a->n_sim_days != b->n_sim_days
      || !same_double (a->t_report0, b->t_report0) || !same_double (a->t_end, b->t_end)
      || a->n_months != b->n_months || a->n_sim_days == 0)
    return FALSE;
  if (!same_strv (a->site_names, b->site_names, a->n_sites)
      || !same_strv (a->area_names, b->area_names, a->n_areas)
      || !same_strv (a->clinic_names, b->clinic_names, a->n_clinics)
      || !same_str (a->region_name, b->region_name))
    return FALSE;
  for (guint u = 0; u < a->n_units; u++)
    if (!same_unit (&a->units[u], &b->units[u]))
      return FALSE;
  for (guint f = 0; f < a->n_flows; f++)
    if (!same_flow (&a->flows[f], &b->flows[f]))
      return FALSE;
  if (!same_bytes (a->month_first, b->month_first, sizeof (PksDate) * a->n_months)
      || !same_bytes (a->day_month, b->day_month, sizeof (guint) * a->days)
      || !same_policy (&a->policy, &b->policy)
      || !same_double (a->guarantee.first_visit_days, b->guarantee.first_visit_days)
      || !same_double (a->guarantee.treatment_days, b->guarantee.treatment_days))
    return FALSE;
  if (a->n_wait_bins != b->n_wait_bins || a->n_census != b->n_census
      || a->n_wait_pat != b->n_wait_pat || a->n_wait_pat_counted != b->n_wait_pat_counted
      || a->n_wait_pat_pairs != b->n_wait_pat_pairs)
    return FALSE;
  for (guint i = 0; i < a->n_wait_bins; i++)
    {
      const ModelWaitBin *x = &a->wait_bins[i], *y = &b->wait_bins[i];
      if (x->flow != y->flow || x->stage != y->stage || !same_double (x->from_days, y->from_days)
          || !same_double (x->to_days, y->to_days) || x->count != y->count
          || x->stream_hash != y->stream_hash)
        return FALSE;
    }
  for (guint i = 0; i < a->n_census; i++)
    {
      const ModelCensus *x = &a->census[i], *y = &b->census[i];
      if (x->flow != y->flow || !same_double (x->t_admit, y->t_admit)
          || !same_double (x->t_ready, y->t_ready) || x->ward != y->ward)
        return FALSE;
    }
  for (guint i = 0; i < a->n_wait_pat; i++)
    {
      const ModelWaitPatient *x = &a->wait_pat[i], *y = &b->wait_pat[i];
      if (x->flow != y->flow || x->stage != y->stage || !same_double (x->t_wait, y->t_wait)
          || x->vg_excluded != y->vg_excluded)
        return FALSE;
    }
  if (!same_bytes (a->wait_pat_pairs, b->wait_pat_pairs, sizeof (guint) * a->n_wait_pat_pairs)
      || !same_bytes (a->state_hash, b->state_hash, sizeof (guint64) * a->n_flows * 3)
      || a->census_at_midnight != b->census_at_midnight)
    return FALSE;
  if (a->n_routes != b->n_routes || a->n_legs != b->n_legs
      || !same_bytes (a->routes, b->routes, sizeof (ModelRoute) * a->n_routes))
    return FALSE;
  for (guint i = 0; i < a->n_legs; i++)
    {
      const ModelLeg *x = &a->legs[i], *y = &b->legs[i];
      if (x->to != y->to || !same_double (x->p, y->p) || !same_double (x->los_min, y->los_min)
          || !same_double (x->los_mu, y->los_mu) || !same_double (x->los_sigma, y->los_sigma)
          || x->day_from != y->day_from || x->day_to != y->day_to
          || x->when_full != y->when_full)
        return FALSE;
    }
  return same_double (a->queue_min, b->queue_min) && a->any_turnaround == b->any_turnaround
         && a->by_flow == b->by_flow && a->n_bounds == b->n_bounds
         && same_bytes (a->day_bound, b->day_bound, sizeof (guint) * a->days);
}

/* The first day d < n on which a[unit][d] differs from b's, n if none. */
static guint
first_diff (const int *a, const int *b, guint n_units, guint n, guint limit)
{
  for (guint u = 0; u < n_units; u++)
    for (guint d = 0; d < limit && d < n; d++)
      if (a[(gsize) u * n + d] != b[(gsize) u * n + d])
        {
          limit = d;
          break;
        }
  return MIN (limit, n);
}

/* What the event loop reads by day: the capacity set at each day's start
 * (sim.c day_start: staffed, beds), the clinic day's slots and sessions
 * (theatre.c), the day's flags. Nothing reads a later day's capacity
 * ahead of that day: bookings are made on the day of the session. What
 * is read for the outputs only (planned beds, costs, the balance's
 * periods and mix) is read from the model the state ends under, the
 * plan's, and need not be equal. */
guint
pks_model_shared_days (const PksModel *a, const PksModel *b)
{
  if (a == b)
    return a->n_sim_days > 0 ? a->n_sim_days - 1 : 0;
  if (!same_structure (a, b))
    return 0;
  guint n = a->n_sim_days, d = n - 1;   /* the last day is not worth a copy */
  d = first_diff (a->staffed, b->staffed, a->n_units, n, d);
  d = first_diff (a->beds, b->beds, a->n_units, n, d);
  d = first_diff (a->slots, b->slots, a->n_units, n, d);
  d = first_diff (a->sessions, b->sessions, a->n_units, n, d);
  for (guint i = 0; i < d; i++)
    if (a->day_flags[i] != b->day_flags[i])
      d = i;
  return d;
}

#define COPY_RING(dst, src, FIELD, TYPE) \
  G_STMT_START { \
    if ((dst)->cap != (src)->cap) \
      (dst)->FIELD = g_renew (TYPE, (dst)->FIELD, (src)->cap); \
    if ((src)->cap) \
      memcpy ((dst)->FIELD, (src)->FIELD, sizeof (TYPE) * (src)->cap); \
    (dst)->head = (src)->head; \
    (dst)->n = (src)->n; \
    (dst)->cap = (src)->cap; \
  } G_STMT_END

/* memcpy of nothing from a NULL array (no free sessions, say) is
 * undefined behaviour even at size 0: copy only what there is. */
#define COPY_ARRAY(dst, src, field, TYPE, n) \
  G_STMT_START { \
    gsize n_ = (gsize) (n); \
    if (n_ > 0) \
      memcpy ((dst)->field, (src)->field, sizeof (TYPE) * n_); \
  } G_STMT_END

static void
copy_unit_acc (UnitAcc *dst, const UnitAcc *src)
{
  PksIntHist fv[3], tr[3], adm = dst->adm_wait;
  for (int k = 0; k < 3; k++)
    {
      fv[k] = dst->pr[k].fv_wait;
      tr[k] = dst->pr[k].tr_wait;
      pks_int_hist_copy (&fv[k], &src->pr[k].fv_wait);
      pks_int_hist_copy (&tr[k], &src->pr[k].tr_wait);
    }
  pks_int_hist_copy (&adm, &src->adm_wait);
  *dst = *src;
  for (int k = 0; k < 3; k++)
    {
      dst->pr[k].fv_wait = fv[k];
      dst->pr[k].tr_wait = tr[k];
    }
  dst->adm_wait = adm;
}

static void
copy_flow_acc (FlowAcc *dst, const FlowAcc *src)
{
  PksIntHist fv = dst->g.fv_wait, tr = dst->g.tr_wait, adm = dst->adm_wait;
  pks_int_hist_copy (&fv, &src->g.fv_wait);
  pks_int_hist_copy (&tr, &src->g.tr_wait);
  pks_int_hist_copy (&adm, &src->adm_wait);
  *dst = *src;
  dst->g.fv_wait = fv;
  dst->g.tr_wait = tr;
  dst->adm_wait = adm;
}

/* The census-time array (kept with daily outputs) is as long as the
 * unit's most beds allow, which a plan may change: it takes the plan's
 * length, the levels the prefix reached copied. FALSE when the prefix
 * reached a level the plan's array would have clamped or grown for. */
static gboolean
copy_ctime (const PksModel *dm, guint u, UnitRT *dst, const UnitRT *src)
{
  double *ct = dst->ctime;
  if (src->ctime == NULL)
    {
      g_free (ct);
      dst->ctime = NULL;
      dst->ctime_cap = G_MAXUINT;
      return TRUE;
    }
  guint cap = (guint) dm->units[u].max_beds + (guint) dm->policy.overcrowding + 2;
  if (ct == NULL || dst->ctime_cap != cap)
    ct = g_renew (double, ct, cap);
  memset (ct, 0, sizeof (double) * cap);
  dst->ctime = ct;
  dst->ctime_cap = cap;
  /* the plan's run grows its array once a census reaches cap − 1 */
  if ((guint) src->census + 1 >= cap)
    return FALSE;
  for (guint k = 0; k < src->ctime_cap; k++)
    {
      if (k + 1 >= cap && src->ctime[k] != 0.0)
        return FALSE;
      if (k < cap)
        ct[k] = src->ctime[k];
    }
  return TRUE;
}

/* Returns FALSE, dst unusable until its next pks_sim_begin, when the
 * state cannot be proved to be the plan's own. */
gboolean
pks_sim_fork (PksSim *dst, const PksSim *src)
{
  const PksModel *m = src->m, *dm = dst->m;
  g_return_val_if_fail (m->n_units == dm->n_units && m->n_flows == dm->n_flows, FALSE);
  pks_calendar_copy (dst->cal, src->cal);
  COPY_ARRAY (dst, src, arr, NextArrival, src->arr_leaves);
  COPY_ARRAY (dst, src, arr_lose, guint32, src->arr_leaves);
  dst->day = src->day;
  memcpy (dst->day_ev, src->day_ev, sizeof src->day_ev);
  dst->n_day_ev = src->n_day_ev;
  dst->now = src->now;
  dst->day_d = src->day_d;
  dst->day_lo = src->day_lo;
  dst->day_hi = src->day_hi;
  /* the patient pool: records reused from the free list first, so only
   * the used part and the free list matter */
  if (dst->cap_pat < src->cap_pat)
    {
      dst->pat = g_renew (Patient, dst->pat, src->cap_pat);
      dst->free_pat = g_renew (guint32, dst->free_pat, src->cap_pat);
      dst->cap_pat = src->cap_pat;
    }
  COPY_ARRAY (dst, src, pat, Patient, src->n_pat);
  COPY_ARRAY (dst, src, free_pat, guint32, src->n_free);
  dst->n_pat = src->n_pat;
  dst->n_free = src->n_free;
  dst->next_serial = src->next_serial;
  gboolean ok = TRUE;
  for (guint u = 0; u < m->n_units; u++)
    {
      UnitRT *x = &dst->u[u];
      const UnitRT *y = &src->u[u];
      Waitlist first = x->first, treat = x->treat;
      TimeRing te = x->turn_end;
      PatQueue q = x->queued, bl = x->blocked;
      double *ct = x->ctime;
      guint ct_cap = x->ctime_cap;
      UnitAcc acc = x->acc;
      pks_waitlist_copy (&first, &y->first);
      pks_waitlist_copy (&treat, &y->treat);
      COPY_RING (&te, &y->turn_end, t, double);
      COPY_RING (&q, &y->queued, p, guint32);
      COPY_RING (&bl, &y->blocked, p, guint32);
      copy_unit_acc (&acc, &y->acc);
      *x = *y;
      x->first = first;
      x->treat = treat;
      x->turn_end = te;
      x->queued = q;
      x->blocked = bl;
      x->acc = acc;
      x->ctime = ct;
      x->ctime_cap = ct_cap;
      ok &= copy_ctime (dm, u, x, y);
    }
  COPY_ARRAY (dst, src, rng, PksRng, (gsize) m->n_flows * N_STREAMS);
  /* sessions: the open ones with their bookings, the closed ones' indices */
  if (dst->cap_sess < src->cap_sess)
    {
      dst->sess = g_renew (Session, dst->sess, src->cap_sess);
      dst->free_sess = g_renew (guint, dst->free_sess, src->cap_sess);
      for (guint i = dst->n_sess; i < src->cap_sess; i++)
        dst->sess[i].booked = NULL;
      dst->cap_sess = src->cap_sess;
    }
  for (guint i = dst->n_sess; i < src->n_sess; i++)
    {
      dst->sess[i].booked = NULL;
      dst->sess[i].cap_booked = 0;
    }
  for (guint i = src->n_sess; i < dst->n_sess; i++)
    g_clear_pointer (&dst->sess[i].booked, g_free);
  for (guint i = 0; i < src->n_sess; i++)
    {
      Session *x = &dst->sess[i];
      const Session *y = &src->sess[i];
      guint32 *booked = x->booked;
      guint cap = x->cap_booked;
      if (cap < y->n_booked)
        {
          cap = y->cap_booked;
          booked = g_renew (guint32, booked, cap);
        }
      if (y->n_booked)
        memcpy (booked, y->booked, sizeof (guint32) * y->n_booked);
      *x = *y;
      x->booked = booked;
      x->cap_booked = cap;
    }
  dst->n_sess = src->n_sess;
  COPY_ARRAY (dst, src, free_sess, guint, src->n_free_sess);
  dst->n_free_sess = src->n_free_sess;
  for (guint f = 0; f < m->n_flows; f++)
    copy_flow_acc (&dst->fa[f], &src->fa[f]);
  dst->by_flow = src->by_flow;
  COPY_ARRAY (dst, src, census_day, guint16, (gsize) m->n_units * m->days);
  COPY_ARRAY (dst, src, outlied_day, guint16, (gsize) m->n_units * m->days);
  COPY_ARRAY (dst, src, monthly, double, pks_monthly_len (m->n_units, m->n_months));
  COPY_ARRAY (dst, src, month_wait, double, MONTH_WAIT_LEN (m));
  COPY_ARRAY (dst, src, recall_stack, guint32, m->n_units);
  COPY_ARRAY (dst, src, recall_pending, guint8, m->n_units);
  dst->bal = src->bal;
  dst->vg_ex_lo = src->vg_ex_lo;
  dst->vg_ex_n = src->vg_ex_n;
  dst->month_cur = src->month_cur;
  dst->detail = src->detail;
  COPY_ARRAY (dst, src, ub, UnitBal, m->n_units);
  dst->levels = src->levels;
  COPY_ARRAY (dst, src, bprev, double, (gsize) m->n_units * PKS_N_BF);
  COPY_ARRAY (dst, src, bsnap, float, pks_figures_len (m->n_units, m->n_bounds));
  COPY_ARRAY (dst, src, waits, double, WAITS_LEN (m));
  COPY_ARRAY (dst, src, nat_month, double, NAT_MONTH_LEN (m));
  /* the trace stays the destination's own */
  dst->seed = src->seed;
  dst->rep = src->rep;
  dst->events = src->events;
  return ok;
}
