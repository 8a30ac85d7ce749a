/* results.c — one replication's accumulators turned into the summary
 * metrics of every unit, site and the region: each entity's sums over its
 * units, then each metric by the rule of its row in PKS_METRICS
 * (metrics.h). Ratios are taken of sums (a site's occupancy is its
 * bed-days over its staffed bed-days), never as means of the units'
 * ratios. docs/metrics.md defines each metric. */
#include "results.h"

#include <math.h>
#include <stddef.h>
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
    {
      r->monthly = g_new0 (double, pks_monthly_len (m->n_units, m->n_months));
      r->n_bounds = m->n_bounds;
      r->figures = g_new0 (float, pks_figures_len (m->n_units, m->n_bounds));
      r->waits = g_new0 (double, WAITS_LEN (m));
      r->national = g_new0 (double, NAT_MONTH_LEN (m));
    }
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
  g_free (r->census_time);
  g_free (r->figures);
  g_free (r->waits);
  g_free (r->national);
  g_free (r);
}

void
pks_rep_results_free (PksRepResult **r, gsize n)
{
  if (r == NULL)
    return;
  for (gsize i = 0; i < n; i++)
    pks_rep_result_free (r[i]);
  g_free (r);
}

/* Everything a metric is computed from: sums over a set of units (one
 * unit, a site, the region), each added in unit order. The rule column of
 * PKS_METRICS names these fields. */
typedef struct {
#define SUM_FIELD(f) double f;
  UNIT_SUMS (SUM_FIELD)
#undef SUM_FIELD
  /* the care guarantee, over the priorities and per priority */
  double first_visits, fv_within, fv_wait_days, treatments, tr_within, tr_wait_days;
  double first_visits_p1, fv_within_p1, treatments_p1, tr_within_p1;
  double first_visits_p2, fv_within_p2, treatments_p2, tr_within_p2;
  double first_visits_p3, fv_within_p3, treatments_p3, tr_within_p3;
  double waiting_first, waiting_treat;   /* on the lists at the end */
  double staff_cost, agency_cost;        /* planned (capacity.c) */
  double disp_bed_min, disp_staffed;     /* the disponibla scope: see entity_metrics */
  double disp_planned;                   /* planned staffed bed-days, the same scope */
  double staff_bound, beds_bound;        /* days staff / physical beds held beds below plan */
  double disp_over_census, disp_outl_census;
} Sums;

/* The pooled waits a percentile is taken of (admission waits in minutes). */
enum { H_fv, H_tr, H_tr_p1, H_tr_p2, H_tr_p3, H_adm, N_HIST };

typedef enum {
  R_SUM, R_IN_DAYS, R_TIME_MEAN, R_SEK, R_COST, R_TOTAL, R_RATIO, R_PCT, R_OCCUPANCY,
  R_WAIT_PCTL, R_HOURS_PCTL, R_CENSUS_PCTL, R_MONTHS, R_MONTH_END
} RuleKind;

enum { D_ALL, D_BEDS, D_ELECTIVE, D_PRIO1, D_PRIO2, D_PRIO3, D_PATHWAY, D_QUEUE, D_REMOVAL,
       D_TURNAROUND, D_BYFLOW };

/* One metric's rule: a and b are byte offsets into Sums (into PksCosts for
 * a COST's price), a histogram, or a stage and priority + 1 (MONTHS). */
typedef struct {
  struct {
    guint8 kind;
    guint16 a, b;
    double p;
  } r;
  guint8 defined;
} Recipe;

#define OFF(x) ((guint16) offsetof (Sums, x))
#define SUM(x) { R_SUM, OFF (x), 0, 0 }
#define IN_DAYS(x) { R_IN_DAYS, OFF (x), 0, 0 }
#define TIME_MEAN(x) { R_TIME_MEAN, OFF (x), 0, 0 }
#define SEK_SUM(x) { R_SEK, OFF (x), 0, 0 }
#define COST(x, price) { R_COST, OFF (x), (guint16) offsetof (PksCosts, price), 0 }
#define TOTAL { R_TOTAL, 0, 0, 0 }
#define SOMATIC_SUM(x) SUM (x)
#define RATIO(n, d) { R_RATIO, OFF (n), OFF (d), 0 }
#define PCT(n, d) { R_PCT, OFF (n), OFF (d), 0 }
#define SOMATIC_OCCUPANCY(n, d) { R_OCCUPANCY, OFF (n), OFF (d), 0 }
#define WAIT_PCTL(h, pct) { R_WAIT_PCTL, H_##h, 0, pct }
#define HOURS_PCTL(h, pct) { R_HOURS_PCTL, H_##h, 0, pct }
#define CENSUS_PCTL(pct) { R_CENSUS_PCTL, 0, 0, pct }
#define MONTHS(stage, prio) { R_MONTHS, stage, (prio) + 1, 0 }
#define MONTH_END(stage, prio) { R_MONTH_END, stage, (prio) + 1, 0 }
#define SOMATIC_PER_100(x) { R_PCT, OFF (disp_##x), OFF (disp_staffed), 0 }
#define ROW(id, name, unit, dec, better, rule, defined, ...) [PKS_M_##id] = { rule, D_##defined },

static const Recipe recipe[PKS_N_METRICS] = { PKS_METRICS (ROW) };

#undef ROW
#undef SUM

static inline double
field (const void *base, guint16 off)
{
  return *(const double *) ((const char *) base + off);
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

/* The share waiting within the limit at the last reported day, pooled
 * over the member units (and priority, or all when prio < 0); an empty
 * list meets the guarantee. */
static double
vg_waiting_end (PksSim *s, const gboolean *member, int stage, int prio)
{
  const PksModel *m = s->m;
  if (m->n_months == 0)
    return NAN;
  double waiting = 0, in = 0;
  for (guint32 u = 0; u < m->n_units; u++)
    if (member[u])
      for (int p = 0; p < 3; p++)
        if (prio < 0 || p == prio)
          {
            waiting += MONTH_WAIT (s, u, m->n_months - 1, stage, p, 0);
            in += MONTH_WAIT (s, u, m->n_months - 1, stage, p, 1);
          }
  return waiting > 0 ? 100.0 * in / waiting : 100.0;
}

static double
ratio_pct (double a, double b)
{
  return b > 0 ? 100.0 * a / b : NAN;
}

/* Metric k of the set of units {u : member[u]} by its rule (member NULL:
 * a flow, whose sums are in S and hist); out holds the metrics before k
 * (TOTAL adds its parts). */
static double
rule_value (PksSim *s, const gboolean *member, PksMetric k, const Sums *S, const double *out,
            double *daily_sum, PksIntHist *const *hist)
{
  const PksModel *m = s->m;
  const double day = PKS_MIN_PER_DAY;
  const Recipe *r = &recipe[k];
  switch ((RuleKind) r->r.kind)
    {
    case R_SUM:
    case R_SEK:
      return field (S, r->r.a);
    case R_IN_DAYS:
      return field (S, r->r.a) / day;
    case R_TIME_MEAN:
      return field (S, r->r.a) / (m->days * day);
    case R_COST:
      return field (S, r->r.a) * field (&m->costs, r->r.b);
    case R_TOTAL:
      {
        double t = 0;
        gboolean first = TRUE;
        for (guint j = 0; j < k; j++)
          if (recipe[j].r.kind == R_SEK || recipe[j].r.kind == R_COST)
            {
              t = first ? out[j] : t + out[j];
              first = FALSE;
            }
        return t;
      }
    case R_RATIO:
      return field (S, r->r.b) > 0 ? field (S, r->r.a) / field (S, r->r.b) : NAN;
    case R_PCT:
      return ratio_pct (field (S, r->r.a), field (S, r->r.b));
    case R_OCCUPANCY:
      return ratio_pct (field (S, r->r.a) / day, field (S, r->r.b));
    case R_WAIT_PCTL:
      return pks_int_hist_percentile (hist[r->r.a], r->r.p);
    case R_HOURS_PCTL:
      return pks_int_hist_percentile (hist[r->r.a], r->r.p) / 60.0;
    case R_CENSUS_PCTL:
      return member ? pks_percentile_select (daily_sum, m->days, r->r.p) : NAN;
    case R_MONTHS:
      return member ? vg_waiting (s, member, r->r.a, (int) r->r.b - 1) : NAN;
    case R_MONTH_END:
      return member ? vg_waiting_end (s, member, r->r.a, (int) r->r.b - 1) : NAN;
    }
  g_return_val_if_reached (NAN);
}

/* Which of the table's `defined` classes an entity has. */
typedef struct {
  gboolean beds, elective, prio[3], path, queue, removal, turnaround, by_flow;
} Defined;

static void
metrics_by_rule (PksSim *s, const gboolean *member, const Defined *d, const Sums *S,
                 double *out, double *daily_sum, PksIntHist *const *hist)
{
  for (int k = 0; k < PKS_N_METRICS; k++)
    {
      gboolean defined;
      switch (recipe[k].defined)
        {
        case D_BEDS:
          defined = d->beds;
          break;
        case D_ELECTIVE:
          defined = d->elective;
          break;
        case D_PRIO1:
        case D_PRIO2:
        case D_PRIO3:
          defined = d->prio[recipe[k].defined - D_PRIO1];
          break;
        case D_PATHWAY:
          defined = d->path;
          break;
        case D_QUEUE:
          defined = d->queue;
          break;
        case D_REMOVAL:
          defined = d->removal;
          break;
        case D_TURNAROUND:
          defined = d->turnaround;
          break;
        case D_BYFLOW:
          defined = d->by_flow;
          break;
        default:
          defined = TRUE;
        }
      out[k] = defined ? rule_value (s, member, k, S, out, daily_sum, hist) : NAN;
    }
}

/* Metrics of the set of units {u : member[u]}, each by its rule over the
 * set's sums. A site or the region (aggregate) counts only its somatic
 * units in staffed_bed_days and occupancy_pct, the disponibla vårdplatser
 * of the national statistics (technical beds excluded, seed 000:2726–2729;
 * psychiatric beds apart); a unit always counts its own beds. */
static void
entity_metrics (PksSim *s, const gboolean *member, gboolean aggregate, double *out,
                double *daily_sum, PksIntHist *const *hist)
{
  const PksModel *m = s->m;
  Sums S;
  memset (&S, 0, sizeof S);
  gboolean any_elective = FALSE, any_beds = FALSE, prio_used[3] = { FALSE, FALSE, FALSE };
  gboolean any_path = FALSE, any_acute = FALSE, any_removal = FALSE, any_turn = FALSE;
  for (int h = 0; h < N_HIST; h++)
    pks_int_hist_clear (hist[h]);
  for (guint d = 0; d < m->days; d++)
    daily_sum[d] = 0;
  for (guint32 u = 0; u < m->n_units; u++)
    {
      if (!member[u])
        continue;
      const UnitAcc *x = &s->u[u].acc;
#define ADD(f) S.f += x->f;
      UNIT_SUMS (ADD)
#undef ADD
      if (!aggregate || m->units[u].bed_type == PKS_BED_SOMATIC)
        {
          S.disp_bed_min += x->bed_min;
          S.disp_staffed += x->staffed_bed_days;
          S.disp_planned += m->planned_days[u];
          S.disp_over_census += x->over_census;
          S.disp_outl_census += x->outl_census;
        }
      S.staff_bound += m->staff_bound[u];
      S.beds_bound += m->beds_bound[u];
      for (int p = 0; p < 3; p++)
        {
          const PrioAcc *q = &x->pr[p];
          S.first_visits += q->first_visits;
          S.fv_within += q->fv_within;
          S.fv_wait_days += q->fv_wait_days;
          S.treatments += q->operations;
          S.tr_within += q->ops_within;
          S.tr_wait_days += q->tr_wait_days;
          pks_int_hist_merge (hist[H_fv], &q->fv_wait);
          pks_int_hist_merge (hist[H_tr], &q->tr_wait);
          pks_int_hist_merge (hist[H_tr_p1 + p], &q->tr_wait);
        }
      pks_int_hist_merge (hist[H_adm], &x->adm_wait);
#define ADD_PRIO(P) \
      S.first_visits_p##P += x->pr[P - 1].first_visits; \
      S.fv_within_p##P += x->pr[P - 1].fv_within; \
      S.treatments_p##P += x->pr[P - 1].operations; \
      S.tr_within_p##P += x->pr[P - 1].ops_within;
      ADD_PRIO (1) ADD_PRIO (2) ADD_PRIO (3)
#undef ADD_PRIO
      S.staff_cost += m->staff_cost[u];
      S.agency_cost += m->agency_cost[u];
      S.waiting_first += pks_waitlist_len (&s->u[u].first);
      S.waiting_treat += pks_waitlist_len (&s->u[u].treat);
      any_elective |= m->units[u].has_elective;
      any_beds |= m->units[u].has_beds;
      any_path |= m->units[u].in_path;
      any_acute |= m->units[u].has_acute;
      any_removal |= m->units[u].has_removal;
      any_turn |= m->units[u].turn_min > 0.0;
      for (guint f = 0; f < m->n_flows; f++)
        if (m->flows[f].unit == u && m->flows[f].kind == PKS_FLOW_ELECTIVE)
          prio_used[m->flows[f].priority - 1] = TRUE;
      for (guint d = 0; d < m->days; d++)
        daily_sum[d] += s->census_day[(gsize) u * m->days + d];
    }

  Defined d = { any_beds && m->days > 0, any_elective,
                { any_elective && prio_used[0], any_elective && prio_used[1],
                  any_elective && prio_used[2] },
                any_path, any_acute && m->queue_min > 0.0, any_removal, any_turn, m->by_flow };
  metrics_by_rule (s, member, &d, &S, out, daily_sum, hist);
}

/* A flow's metrics (the flow scope): its sums, every other sum NaN so that
 * a metric without a meaning per flow (staffed beds, occupancy, the lists'
 * month ends, costs of staff) is undefined; its own waits. */
static void
flow_metrics (PksSim *s, guint32 f, double *out, double *daily_sum, PksIntHist *const *hist)
{
  const PksModel *m = s->m;
  const ModelFlow *mf = &m->flows[f];
  const FlowAcc *x = &s->fa[f];
  Sums S;
  double *all = (double *) &S;
  for (gsize i = 0; i < sizeof S / sizeof (double); i++)
    all[i] = NAN;
#define SET(field) S.field = x->field;
  FLOW_SUMS (SET)
#undef SET
  const PrioAcc *q = &x->g;
  S.first_visits = q->first_visits;
  S.fv_within = q->fv_within;
  S.fv_wait_days = q->fv_wait_days;
  S.treatments = q->operations;
  S.tr_within = q->ops_within;
  S.tr_wait_days = q->tr_wait_days;
#define SET_PRIO(P) \
  S.first_visits_p##P = mf->priority == P ? q->first_visits : 0; \
  S.fv_within_p##P = mf->priority == P ? q->fv_within : 0; \
  S.treatments_p##P = mf->priority == P ? q->operations : 0; \
  S.tr_within_p##P = mf->priority == P ? q->ops_within : 0;
  SET_PRIO (1) SET_PRIO (2) SET_PRIO (3)
#undef SET_PRIO
  for (int h = 0; h < N_HIST; h++)
    pks_int_hist_clear (hist[h]);
  pks_int_hist_merge (hist[H_fv], &q->fv_wait);
  pks_int_hist_merge (hist[H_tr], &q->tr_wait);
  pks_int_hist_merge (hist[H_tr_p1 + mf->priority - 1], &q->tr_wait);
  pks_int_hist_merge (hist[H_adm], &x->adm_wait);
  gboolean elective = mf->kind == PKS_FLOW_ELECTIVE;
  Defined d = { FALSE, elective,
                { elective && mf->priority == 1, elective && mf->priority == 2,
                  elective && mf->priority == 3 },
                mf->n_route > 0, !elective && m->queue_min > 0.0, mf->removal_rate > 0.0,
                FALSE, TRUE };
  metrics_by_rule (s, NULL, &d, &S, out, daily_sum, hist);
}

/* The share of the period's time at each census level, every unit to the
 * highest level any unit reached. */
static void
census_time (PksSim *s, PksRepResult *out)
{
  const PksModel *m = s->m;
  guint n = 1;
  for (guint32 u = 0; u < m->n_units; u++)
    for (guint k = s->u[u].ctime_cap; k-- > n;)
      if (s->u[u].ctime[k] > 0)
        {
          n = k + 1;
          break;
        }
  g_free (out->census_time);
  out->n_census_levels = n;
  out->census_time = g_new0 (double, (gsize) m->n_units * n);
  double period = m->t_end - m->t_report0;
  for (guint32 u = 0; u < m->n_units; u++)
    for (guint k = 0; k < MIN (n, s->u[u].ctime_cap); k++)
      out->census_time[(gsize) u * n + k] = period > 0 ? s->u[u].ctime[k] / period : 0.0;
}

void
pks_results_fill (PksSim *s, PksRepResult *out)
{
  const PksModel *m = s->m;
  g_autofree gboolean *member = g_new (gboolean, m->n_units);
  g_autofree double *daily_sum = g_new (double, MAX (1u, m->days));
  PksIntHist hists[N_HIST], *hist[N_HIST];
  for (int h = 0; h < N_HIST; h++)
    {
      pks_int_hist_init (&hists[h]);
      hist[h] = &hists[h];
    }
  /* the region, sites, areas, clinics and units: all but the flows */
  guint ne = pks_model_unit_entity (m, 0) + m->n_units;
  for (guint e = 0; e < ne; e++)
    {
      for (guint32 u = 0; u < m->n_units; u++)
        member[u] = pks_model_entity_has_unit (m, e, u);
      entity_metrics (s, member, pks_model_entity_scope (m, e) != PKS_SCOPE_UNIT,
                      out->metrics + (gsize) e * PKS_N_METRICS, daily_sum, hist);
    }
  if (m->by_flow)
    for (guint32 f = 0; f < m->n_flows; f++)
      flow_metrics (s, f, out->metrics + (gsize) pks_model_flow_entity (m, f) * PKS_N_METRICS,
                    daily_sum, hist);
  for (int h = 0; h < N_HIST; h++)
    pks_int_hist_free (&hists[h]);
  if (out->monthly)
    memcpy (out->monthly, s->monthly, sizeof (double) * pks_monthly_len (m->n_units, m->n_months));
  if (out->figures)
    {
      memcpy (out->figures, s->bsnap, sizeof (float) * pks_figures_len (m->n_units, m->n_bounds));
      memcpy (out->waits, s->waits, sizeof (double) * WAITS_LEN (m));
      memcpy (out->national, s->nat_month, sizeof (double) * NAT_MONTH_LEN (m));
      out->levels = s->levels;
    }
  if (out->census)
    {
      memcpy (out->census, s->census_day, sizeof (guint16) * m->n_units * m->days);
      memcpy (out->outlied, s->outlied_day, sizeof (guint16) * m->n_units * m->days);
      census_time (s, out);
    }
}
