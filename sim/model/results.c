/* results.c — one replication's accumulators turned into the summary
 * metrics of every unit, site and the region. Ratios are taken of sums
 * (a site's occupancy is its bed-days over its staffed bed-days), never
 * as means of the units' ratios. docs/metrics.md defines each metric. */
#include "results.h"

#include <math.h>
#include <string.h>

PksRepResult *
pks_rep_result_new (const PksModel *m, gboolean with_daily)
{
  return pks_rep_result_new_with (m, with_daily, TRUE);
}

PksRepResult *
pks_rep_result_new_with (const PksModel *m, gboolean with_daily, gboolean with_monthly)
{
  PksRepResult *r = g_new0 (PksRepResult, 1);
  r->n_entities = pks_model_n_entities (m);
  r->n_units = m->n_units;
  r->n_days = m->days;
  r->n_months = m->n_months;
  r->metrics = g_new (double, (gsize) r->n_entities * PKS_N_METRICS);
  if (with_monthly)
    r->monthly = g_new0 (double, (gsize) m->n_units * MAX (1u, m->n_months) * PKS_N_MONTHLY);
  if (with_daily)
    {
      r->census = g_new0 (guint16, (gsize) m->n_units * m->days);
      r->outlied = g_new0 (guint16, (gsize) m->n_units * m->days);
    }
  return r;
}

void
pks_rep_result_free (PksRepResult *r)
{
  if (r == NULL)
    return;
  g_free (r->metrics);
  g_free (r->census);
  g_free (r->outlied);
  g_free (r->monthly);
  g_free (r);
}

const char *
pks_trace_event_name (PksTraceEvent ev)
{
  static const char *names[PKS_N_TRACE] = {
    "arrive", "admit", "admit_overcrowded", "admit_outlied", "transfer_out", "recall_home",
    "discharge_ready", "discharge", "referral", "first_visit", "decision_to_treat",
    "no_treatment", "booked", "operation", "cancelled", "admit_forced", "waitlist_initial",
  };
  return ev < PKS_N_TRACE ? names[ev] : "?";
}

/* Guarantee sums of a set of units for one priority (or all: prio < 0). */
typedef struct {
  double first_visits, fv_within, fv_wait_days;
  double operations, ops_within, tr_wait_days;
} Vg;

static void
vg_add (Vg *v, const PrioAcc *p)
{
  v->first_visits += p->first_visits;
  v->fv_within += p->fv_within;
  v->fv_wait_days += p->fv_wait_days;
  v->operations += p->operations;
  v->ops_within += p->ops_within;
  v->tr_wait_days += p->tr_wait_days;
}

/* Mean over month ends of the share waiting within the limit, pooled over
 * the member units (and the given priority, or all when prio < 0). An empty
 * list meets the guarantee (100 %). */
static double
vg_waiting (PksSim *s, const gboolean *member, int stage, int prio)
{
  const PksModel *m = s->m;
  if (m->n_months == 0)
    return NAN;
  double sum = 0;
  for (guint mi = 0; mi < m->n_months; mi++)
    {
      double waiting = 0, in = 0;
      for (guint32 u = 0; u < m->n_units; u++)
        if (member[u])
          for (int p = 0; p < 3; p++)
            if (prio < 0 || p == prio)
              {
                waiting += MONTH_WAIT (s, u, mi, stage, p, 0);
                in += MONTH_WAIT (s, u, mi, stage, p, 1);
              }
      sum += waiting > 0 ? 100.0 * in / waiting : 100.0;
    }
  return sum / m->n_months;
}

static double
ratio_pct (double a, double b)
{
  return b > 0 ? 100.0 * a / b : NAN;
}

/* Metrics of the set of units {u : member[u]}. A site or the region
 * (aggregate) counts only its somatic units in staffed_bed_days and
 * occupancy_pct, the disponibla vårdplatser of the national statistics
 * (technical beds excluded, seed 000:2726–2729; psychiatric beds apart);
 * a unit always counts its own beds. */
static void
entity_metrics (PksSim *s, const gboolean *member, gboolean aggregate, double *out,
                double *daily_sum, PksIntHist *fv, PksIntHist *tr, PksIntHist *trp)
{
  const PksModel *m = s->m;
  UnitAcc a;
  memset (&a, 0, sizeof a);
  Vg all = { 0 }, pr[3] = { { 0 } };
  double staff_cost = 0, agency_cost = 0, waiting_fv = 0, waiting_tr = 0;
  double disp_bed_min = 0, disp_staffed = 0;   /* the disponibla scope */
  gboolean any_elective = FALSE, any_beds = FALSE, prio_used[3] = { FALSE, FALSE, FALSE };
  pks_int_hist_clear (fv);
  pks_int_hist_clear (tr);
  for (int p = 0; p < 3; p++)
    pks_int_hist_clear (&trp[p]);
  for (guint d = 0; d < m->days; d++)
    daily_sum[d] = 0;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      if (!member[u])
        continue;
      const UnitAcc *x = &s->u[u].acc;
#define ADD(f) a.f += x->f
      ADD (admissions); ADD (acute_admissions); ADD (elective_admissions); ADD (arrivals);
      ADD (discharges); ADD (stay_days); ADD (care_days); ADD (bed_min); ADD (over_min);
      ADD (outl_min); ADD (delay_min); ADD (staffed_bed_days); ADD (transfers);
      ADD (operations); ADD (cancelled); ADD (or_avail_min); ADD (or_used_min);
      ADD (or_over_min); ADD (sessions); ADD (referrals); ADD (decisions);
      ADD (fv_list_min); ADD (tr_list_min);
#undef ADD
      if (!aggregate || m->units[u].bed_type == PKS_BED_SOMATIC)
        {
          disp_bed_min += x->bed_min;
          disp_staffed += x->staffed_bed_days;
        }
      for (int p = 0; p < 3; p++)
        {
          vg_add (&all, &x->pr[p]);
          vg_add (&pr[p], &x->pr[p]);
          pks_int_hist_merge (fv, &x->pr[p].fv_wait);
          pks_int_hist_merge (tr, &x->pr[p].tr_wait);
          pks_int_hist_merge (&trp[p], &x->pr[p].tr_wait);
        }
      staff_cost += m->staff_cost[u];
      agency_cost += m->agency_cost[u];
      waiting_fv += s->u[u].first.n;
      waiting_tr += s->u[u].treat.n;
      any_elective |= m->units[u].has_elective;
      any_beds |= m->units[u].has_beds;
      for (guint f = 0; f < m->n_flows; f++)
        if (m->flows[f].unit == u && m->flows[f].kind == PKS_FLOW_ELECTIVE)
          prio_used[m->flows[f].priority - 1] = TRUE;
      for (guint d = 0; d < m->days; d++)
        daily_sum[d] += s->census_day[(gsize) u * m->days + d];
    }

  double day = PKS_MIN_PER_DAY;
  double period_min = m->days * day;
  const PksCosts *c = &m->costs;
  for (int k = 0; k < PKS_N_METRICS; k++)
    out[k] = NAN;
  out[PKS_M_ADMISSIONS] = a.admissions;
  out[PKS_M_BED_DAYS] = a.bed_min / day;
  out[PKS_M_ALOS_DAYS] = a.discharges > 0 ? a.stay_days / a.discharges : NAN;
  out[PKS_M_STAFFED_BED_DAYS] = disp_staffed;
  out[PKS_M_OCCUPANCY_PCT] = ratio_pct (disp_bed_min / day, disp_staffed);
  if (any_beds && m->days > 0)
    {
      out[PKS_M_CENSUS_P95] = pks_percentile_select (daily_sum, m->days, 95.0);
    }
  out[PKS_M_OVERCROWDED_DAYS] = a.over_min / day;
  out[PKS_M_OUTLIED_DAYS] = a.outl_min / day;
  out[PKS_M_TRANSFERS_OUT] = a.transfers;
  out[PKS_M_DISCHARGE_DELAY_DAYS] = a.delay_min / day;
  out[PKS_M_OPERATIONS] = a.operations;
  out[PKS_M_CANCELLED_OPERATIONS] = a.cancelled;
  out[PKS_M_OR_UTILISATION_PCT] = ratio_pct (a.or_used_min, a.or_avail_min);
  out[PKS_M_FIRST_VISITS] = all.first_visits;
  out[PKS_M_WAITING_FIRST_VISIT] = waiting_fv;
  out[PKS_M_WAITING_TREATMENT] = waiting_tr;
  out[PKS_M_VG_FIRST_VISIT_DONE_PCT] = ratio_pct (all.fv_within, all.first_visits);
  out[PKS_M_VG_TREATMENT_DONE_PCT] = ratio_pct (all.ops_within, all.operations);
  out[PKS_M_WAIT_TREATMENT_MEDIAN_DAYS] = pks_int_hist_percentile (tr, 50.0);
  out[PKS_M_ACUTE_ADMISSIONS] = a.acute_admissions;
  out[PKS_M_ELECTIVE_ADMISSIONS] = a.elective_admissions;
  out[PKS_M_DISCHARGES] = a.discharges;
  out[PKS_M_CARE_DAYS] = a.care_days;
  out[PKS_M_ARRIVALS] = a.arrivals;
  out[PKS_M_REFERRALS] = a.referrals;
  out[PKS_M_DECISIONS] = a.decisions;
  out[PKS_M_OR_OVERTIME_MINUTES] = a.or_over_min;
  out[PKS_M_WAIT_FIRST_VISIT_MEDIAN_DAYS] = pks_int_hist_percentile (fv, 50.0);
  out[PKS_M_WAIT_FIRST_VISIT_P90_DAYS] = pks_int_hist_percentile (fv, 90.0);
  out[PKS_M_WAIT_TREATMENT_P90_DAYS] = pks_int_hist_percentile (tr, 90.0);
  out[PKS_M_OR_SESSIONS] = a.sessions;
  out[PKS_M_STAFF_COST] = staff_cost;
  out[PKS_M_AGENCY_COST] = agency_cost;
  out[PKS_M_OUT_OF_REGION_COST] = a.transfers * c->out_of_region;
  out[PKS_M_OPERATION_COST] = a.operations * c->operation;
  out[PKS_M_OVERTIME_COST] = a.or_over_min * c->overtime_minute;
  out[PKS_M_TOTAL_COST] = staff_cost + out[PKS_M_OUT_OF_REGION_COST]
                          + out[PKS_M_OPERATION_COST] + out[PKS_M_OVERTIME_COST];
  if (any_elective)
    {
      out[PKS_M_VG_FIRST_VISIT_PCT] = vg_waiting (s, member, 0, -1);
      out[PKS_M_VG_TREATMENT_PCT] = vg_waiting (s, member, 1, -1);
      out[PKS_M_WAITING_FIRST_VISIT_MEAN] = a.fv_list_min / period_min;
      out[PKS_M_WAITING_TREATMENT_MEAN] = a.tr_list_min / period_min;
      out[PKS_M_WAIT_FIRST_VISIT_MEAN_DAYS] = all.first_visits > 0 ? all.fv_wait_days / all.first_visits : NAN;
      out[PKS_M_WAIT_TREATMENT_MEAN_DAYS] = all.operations > 0 ? all.tr_wait_days / all.operations : NAN;
      for (int p = 0; p < 3; p++)
        {
          if (!prio_used[p])
            continue;
          out[PKS_M_VG_FIRST_VISIT_PCT_P1 + p] = vg_waiting (s, member, 0, p);
          out[PKS_M_VG_TREATMENT_PCT_P1 + p] = vg_waiting (s, member, 1, p);
          out[PKS_M_VG_FIRST_VISIT_DONE_PCT_P1 + p] = ratio_pct (pr[p].fv_within, pr[p].first_visits);
          out[PKS_M_VG_TREATMENT_DONE_PCT_P1 + p] = ratio_pct (pr[p].ops_within, pr[p].operations);
          out[PKS_M_WAIT_TREATMENT_MEDIAN_DAYS_P1 + p] = pks_int_hist_percentile (&trp[p], 50.0);
        }
    }
}

void
pks_results_fill (PksSim *s, PksRepResult *out)
{
  const PksModel *m = s->m;
  g_autofree gboolean *member = g_new (gboolean, m->n_units);
  g_autofree double *daily_sum = g_new (double, MAX (1u, m->days));
  PksIntHist fv, tr, trp[3];
  pks_int_hist_init (&fv);
  pks_int_hist_init (&tr);
  for (int p = 0; p < 3; p++)
    pks_int_hist_init (&trp[p]);
  guint ne = pks_model_n_entities (m);
  for (guint e = 0; e < ne; e++)
    {
      for (guint32 u = 0; u < m->n_units; u++)
        member[u] = e == 0 ? TRUE
                    : e <= m->n_sites ? m->units[u].site == e - 1
                    : u == e - 1 - m->n_sites;
      entity_metrics (s, member, e <= m->n_sites, out->metrics + (gsize) e * PKS_N_METRICS,
                      daily_sum, &fv, &tr, trp);
    }
  pks_int_hist_free (&fv);
  pks_int_hist_free (&tr);
  for (int p = 0; p < 3; p++)
    pks_int_hist_free (&trp[p]);
  if (out->monthly)
    memcpy (out->monthly, s->monthly, sizeof (double) * m->n_units * MAX (1u, m->n_months) * PKS_N_MONTHLY);
  if (out->census)
    {
      memcpy (out->census, s->census_day, sizeof (guint16) * m->n_units * m->days);
      memcpy (out->outlied, s->outlied_day, sizeof (guint16) * m->n_units * m->days);
    }
}
