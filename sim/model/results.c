/* results.c — one replication's accumulators turned into the summary
 * metrics of every unit, site and the region. Ratios are taken of sums
 * (a site's occupancy is its bed-days over its staffed bed-days), never
 * as means of the units' ratios. docs/metrics.md defines each metric. */
#include "model-internal.h"

#include <math.h>
#include <string.h>

PksRepResult *
pks_rep_result_new (const PksModel *m, gboolean with_daily)
{
  PksRepResult *r = g_new0 (PksRepResult, 1);
  r->n_entities = pks_model_n_entities (m);
  r->n_units = m->n_units;
  r->n_days = m->days;
  r->n_months = m->n_months;
  r->metrics = g_new (double, (gsize) r->n_entities * PKS_N_METRICS);
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

/* Metrics of the set of units {u : member[u]}. */
static void
entity_metrics (PksSim *s, const gboolean *member, double *out, double *daily_sum,
                PksIntHist *fv, PksIntHist *tr)
{
  const PksModel *m = s->m;
  UnitAcc a;
  memset (&a, 0, sizeof a);
  double staff_cost = 0, agency_cost = 0, waiting_fv = 0, waiting_tr = 0;
  gboolean any_elective = FALSE, any_beds = FALSE;
  pks_int_hist_clear (fv);
  pks_int_hist_clear (tr);
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
      ADD (or_over_min); ADD (sessions); ADD (first_visits); ADD (fv_within); ADD (ops_within);
      ADD (referrals); ADD (decisions);
#undef ADD
      pks_int_hist_merge (fv, &x->fv_wait);
      pks_int_hist_merge (tr, &x->tr_wait);
      staff_cost += m->staff_cost[u];
      agency_cost += m->agency_cost[u];
      waiting_fv += s->u[u].first.n;
      waiting_tr += s->u[u].treat.n;
      any_elective |= m->units[u].has_elective;
      any_beds |= m->units[u].has_beds;
      for (guint d = 0; d < m->days; d++)
        daily_sum[d] += s->census_day[(gsize) u * m->days + d];
    }

  /* month-end shares, pooled over the units at each snapshot */
  double vg[2] = { 0, 0 };
  for (guint mi = 0; mi < m->n_months; mi++)
    for (int k = 0; k < 2; k++)
      {
        double waiting = 0, in = 0;
        for (guint32 u = 0; u < m->n_units; u++)
          if (member[u])
            {
              waiting += s->monthly[((gsize) u * m->n_months + mi) * PKS_N_MONTHLY
                                    + (k == 0 ? PKS_MM_WAITING_FIRST_VISIT : PKS_MM_WAITING_TREATMENT)];
              in += s->month_within[((gsize) u * m->n_months + mi) * 2 + k];
            }
        vg[k] += waiting > 0 ? 100.0 * in / waiting : 100.0;
      }

  double day = PKS_MIN_PER_DAY;
  const PksCosts *c = &m->costs;
  for (int k = 0; k < PKS_N_METRICS; k++)
    out[k] = NAN;
  out[PKS_M_ADMISSIONS] = a.admissions;
  out[PKS_M_BED_DAYS] = a.bed_min / day;
  out[PKS_M_ALOS_DAYS] = a.discharges > 0 ? a.stay_days / a.discharges : NAN;
  out[PKS_M_STAFFED_BED_DAYS] = a.staffed_bed_days;
  out[PKS_M_OCCUPANCY_PCT] = a.staffed_bed_days > 0 ? 100.0 * (a.bed_min / day) / a.staffed_bed_days : NAN;
  if (any_beds && m->days > 0)
    {
      double *tmp = g_memdup2 (daily_sum, sizeof (double) * m->days);
      out[PKS_M_CENSUS_P95] = pks_percentile (tmp, m->days, 95.0);
      g_free (tmp);
    }
  out[PKS_M_OVERCROWDED_DAYS] = a.over_min / day;
  out[PKS_M_OUTLIED_DAYS] = a.outl_min / day;
  out[PKS_M_TRANSFERS_OUT] = a.transfers;
  out[PKS_M_DISCHARGE_DELAY_DAYS] = a.delay_min / day;
  out[PKS_M_OPERATIONS] = a.operations;
  out[PKS_M_CANCELLED_OPERATIONS] = a.cancelled;
  out[PKS_M_OR_UTILISATION_PCT] = a.or_avail_min > 0 ? 100.0 * a.or_used_min / a.or_avail_min : NAN;
  out[PKS_M_FIRST_VISITS] = a.first_visits;
  out[PKS_M_WAITING_FIRST_VISIT] = waiting_fv;
  out[PKS_M_WAITING_TREATMENT] = waiting_tr;
  if (any_elective && m->n_months > 0)
    {
      out[PKS_M_VG_FIRST_VISIT_PCT] = vg[0] / m->n_months;
      out[PKS_M_VG_TREATMENT_PCT] = vg[1] / m->n_months;
    }
  out[PKS_M_VG_FIRST_VISIT_DONE_PCT] = a.first_visits > 0 ? 100.0 * a.fv_within / a.first_visits : NAN;
  out[PKS_M_VG_TREATMENT_DONE_PCT] = a.operations > 0 ? 100.0 * a.ops_within / a.operations : NAN;
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
}

void pks_sim_fill_results (PksSim *s, PksRepResult *out);

void
pks_sim_fill_results (PksSim *s, PksRepResult *out)
{
  const PksModel *m = s->m;
  g_autofree gboolean *member = g_new (gboolean, m->n_units);
  g_autofree double *daily_sum = g_new (double, MAX (1u, m->days));
  PksIntHist fv, tr;
  pks_int_hist_init (&fv);
  pks_int_hist_init (&tr);
  guint ne = pks_model_n_entities (m);
  for (guint e = 0; e < ne; e++)
    {
      for (guint32 u = 0; u < m->n_units; u++)
        member[u] = e == 0 ? TRUE
                    : e <= m->n_sites ? m->units[u].site == e - 1
                    : u == e - 1 - m->n_sites;
      entity_metrics (s, member, out->metrics + (gsize) e * PKS_N_METRICS, daily_sum, &fv, &tr);
    }
  pks_int_hist_free (&fv);
  pks_int_hist_free (&tr);
  memcpy (out->monthly, s->monthly, sizeof (double) * m->n_units * MAX (1u, m->n_months) * PKS_N_MONTHLY);
  if (out->census)
    {
      memcpy (out->census, s->census_day, sizeof (guint16) * m->n_units * m->days);
      memcpy (out->outlied, s->outlied_day, sizeof (guint16) * m->n_units * m->days);
    }
}
