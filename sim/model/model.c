/* model.c — compiling a scenario into an immutable PksModel, one short
 * step at a time: the horizon, sites and units, outlying hosts
 * (outlying.c), flows with their stream keys and arrival rates (per_year
 * shaped by profiles.csv and normalised so the yearly total holds), the
 * reported months, the published waiting lists, the daily capacity
 * (capacity.c) and what follows from it. Then the model's accessors. */
#include "capacity.h"
#include "outlying.h"
#include "transfer.h"
#include "periods.h"
#include "pks/core/error.h"

#include <math.h>
#include <string.h>

/* The profile rows of a flow (its unit and name, or any), in table order:
 * matched once per flow, not once per (month, weekday) with a string
 * compare per row (two thirds of compiling the calibrated region). */
static GArray *
flow_profiles (const PksScenario *s, const PksFlowDef *f)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (const PksProfileRow *));
  for (guint i = 0; i < s->profiles->len; i++)
    {
      const PksProfileRow *p = &g_array_index (s->profiles, PksProfileRow, i);
      if ((p->unit < 0 || (guint) p->unit == f->unit)
          && (p->flow == NULL || strcmp (p->flow, f->name) == 0))
        g_array_append_val (rows, p);
    }
  return rows;
}

/* Product of the profile factors of the flow's rows that match the date,
 * in table order. */
static double
profile_factor (const GArray *rows, PksDate d)
{
  int month = pks_date_month (d), wd = pks_date_weekday (d);
  double x = 1.0;
  for (guint i = 0; i < rows->len; i++)
    {
      const PksProfileRow *p = g_array_index (rows, const PksProfileRow *, i);
      if ((p->month == 0 || p->month == month) && (p->weekday < 0 || p->weekday == wd))
        x *= p->factor;
    }
  return x;
}

/* Daily arrival rates: per_year × factor(d) / Σ factor over the calendar
 * year of the start date, so a year of the reference calendar gets exactly
 * per_year expected arrivals whatever the profile (contract section 2). */
static gboolean
flow_rates (const PksScenario *s, const PksFlowDef *f, PksModel *m, ModelFlow *mf,
            GError **error)
{
  if (f->per_year <= 0.0)
    return TRUE;
  int year = pks_date_year (m->start);
  PksDate y0 = pks_date_from_ymd (year, 1, 1), y1 = pks_date_from_ymd (year + 1, 1, 1);
  g_autoptr (GArray) rows = flow_profiles (s, f);
  double sum = 0.0;
  /* factors depend on (month, weekday) only: 84 combinations */
  double cache[12][7];
  for (int mo = 0; mo < 12; mo++)
    for (int wd = 0; wd < 7; wd++)
      cache[mo][wd] = -1.0;
  for (PksDate d = y0; d < y1; d++)
    {
      int mo = pks_date_month (d) - 1, wd = pks_date_weekday (d);
      if (cache[mo][wd] < 0)
        cache[mo][wd] = profile_factor (rows, d);
      sum += cache[mo][wd];
    }
  if (!isfinite (sum))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "%s:%d: flow %s/%s: the profile factors multiply to more than a double "
                   "can hold; use fewer or smaller factors", f->src.file, f->src.line,
                   pks_unit (s, f->unit)->name, f->name);
      return FALSE;
    }
  if (sum <= 0.0)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "%s:%d: flow %s/%s: the profile factors are 0 on every day of %d, "
                   "so per_year %g cannot be met", f->src.file, f->src.line,
                   pks_unit (s, f->unit)->name, f->name, year, f->per_year);
      return FALSE;
    }
  g_autofree double *rate = g_new (double, m->n_sim_days);
  for (guint d = 0; d < m->n_sim_days; d++)
    {
      PksDate date = m->epoch + d;
      int mo = pks_date_month (date) - 1, wd = pks_date_weekday (date);
      if (cache[mo][wd] < 0)
        cache[mo][wd] = profile_factor (rows, date);
      rate[d] = f->per_year * cache[mo][wd] / sum / PKS_MIN_PER_DAY;
    }
  mf->arrivals = pks_nhpp_new (0.0, PKS_MIN_PER_DAY, rate, m->n_sim_days);
  return TRUE;
}

static const char *purpose_name[N_STREAMS] = {
  "arrival", "los", "delay", "treat", "surgery", "inpatient", "initial", "pathway", "removal",
};

/* The scenario's name, horizon, policy and costs. */
static void
compile_header (PksModel *m, const PksScenario *s)
{
  m->scenario_name = g_strdup (s->name);
  m->region_name = g_strdup (s->region ? s->region : "Region");
  m->n_units = s->units->len;
  m->n_sites = s->sites->len;
  m->n_areas = s->areas->len;
  m->n_clinics = s->clinics->len;
  m->n_flows = s->flows->len;
  m->start = s->start;
  m->warmup_days = (guint) s->warmup_days;
  m->days = (guint) s->days;
  m->n_sim_days = m->warmup_days + m->days;
  m->epoch = s->start - m->warmup_days;
  m->t_report0 = m->warmup_days * PKS_MIN_PER_DAY;
  m->t_end = m->n_sim_days * PKS_MIN_PER_DAY;
  m->policy = s->policy;
  m->guarantee = s->guarantee;
  m->costs = s->costs;
  m->seed = s->seed;
  m->replications = (guint) s->replications;
  m->queue_min = s->policy.acute_queue_hours * 60.0;
  m->by_flow = s->by_flow;
}

static void
compile_units (PksModel *m, const PksScenario *s)
{
  m->site_names = g_new0 (char *, m->n_sites + 1);
  for (guint i = 0; i < m->n_sites; i++)
    m->site_names[i] = g_strdup (g_ptr_array_index (s->sites, i));
  m->area_names = g_new0 (char *, m->n_areas + 1);
  for (guint i = 0; i < m->n_areas; i++)
    m->area_names[i] = g_strdup (g_ptr_array_index (s->areas, i));
  m->clinic_names = g_new0 (char *, m->n_clinics + 1);
  for (guint i = 0; i < m->n_clinics; i++)
    m->clinic_names[i] = g_strdup (g_ptr_array_index (s->clinics, i));
  m->units = g_new0 (ModelUnit, m->n_units);
  for (guint u = 0; u < m->n_units; u++)
    {
      const PksUnitDef *ud = pks_unit (s, u);
      ModelUnit *mu = &m->units[u];
      mu->name = g_strdup (ud->name);
      mu->site = ud->site_index;
      mu->clinic = ud->clinic_index < 0 ? NONE : (guint) ud->clinic_index;
      mu->area = ud->area_index < 0 ? NONE : (guint) ud->area_index;
      mu->session_min = ud->or_session_minutes;
      mu->bed_type = ud->bed_type;
      mu->min_surgery_min = INFINITY;
      mu->turn_min = ud->turnaround_minutes;
      m->any_turnaround |= mu->turn_min > 0.0;
    }
}

/* Each flow's distributions, stream keys and arrival rates; a unit learns
 * that it has an elective flow and its shortest operation. */
static gboolean
compile_flows (PksModel *m, const PksScenario *s, GError **error)
{
  m->flows = g_new0 (ModelFlow, m->n_flows);
  for (guint i = 0; i < m->n_flows; i++)
    {
      const PksFlowDef *f = pks_flow (s, i);
      ModelFlow *mf = &m->flows[i];
      mf->name = g_strdup (f->name);
      mf->unit = f->unit;
      mf->kind = f->kind;
      mf->los_min = f->los_days * PKS_MIN_PER_DAY;
      mf->los_cv = f->los_cv;
      mf->delay_p = f->discharge_delay_p;
      mf->delay_min = f->discharge_delay_days * PKS_MIN_PER_DAY;
      mf->treat_p = f->treat_p;
      mf->surgery_min = f->surgery_minutes;
      mf->surgery_cv = f->surgery_cv;
      mf->inpatient_p = f->inpatient_p;
      mf->priority = f->priority;
      pks_lognormal_params (mf->los_min, mf->los_cv, &mf->los_mu, &mf->los_sigma);
      pks_lognormal_params (mf->surgery_min, mf->surgery_cv, &mf->surgery_mu, &mf->surgery_sigma);
      mf->other_treatment = f->other_treatment;
      mf->scope_name = g_strdup_printf ("%s/%s", pks_unit (s, f->unit)->name, f->name);
      /* removal_pct: removals per year over the mean list, a hazard per minute */
      mf->removal_rate = f->kind == PKS_FLOW_ELECTIVE
                         ? f->removal_pct / 100.0 / (365.0 * PKS_MIN_PER_DAY) : 0.0;
      for (int k = 0; k < N_STREAMS; k++)
        {
          g_autofree char *key = g_strdup_printf ("%s/%s/%s", purpose_name[k],
                                                  pks_unit (s, f->unit)->name, f->name);
          mf->stream_hash[k] = pks_rng_hash_name (key);
        }
      ModelUnit *mu = &m->units[f->unit];
      mu->has_acute |= f->kind == PKS_FLOW_ACUTE;
      mu->has_removal |= mf->removal_rate > 0.0;
      if (f->kind == PKS_FLOW_ELECTIVE)
        {
          mu->has_elective = TRUE;
          if (f->treat_p > 0 && f->surgery_minutes < mu->min_surgery_min)
            mu->min_surgery_min = f->surgery_minutes;
        }
      if (!flow_rates (s, f, m, mf, error))
        return FALSE;
    }
  return TRUE;
}

/* Reported months: the first may start mid-month. */
static void
compile_months (PksModel *m)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (PksDate));
  for (guint d = 0; d < m->days; d++)
    {
      PksDate date = m->start + d;
      if (d == 0 || pks_date_day (date) == 1)
        g_array_append_val (months, date);
    }
  m->n_months = months->len;
  m->month_first = (PksDate *) g_array_free (months, FALSE);
  m->day_month = g_new (guint, MAX (1u, m->days));
  for (guint d = 0, mi = 0; d < m->days; d++)
    {
      if (mi + 1 < m->n_months && m->start + d >= m->month_first[mi + 1])
        mi++;
      m->day_month[d] = mi;
    }
}

/* The published waiting lists (waitlist.csv), each bin with its stream. */
static void
compile_wait_bins (PksModel *m, const PksScenario *s)
{
  m->n_wait_bins = s->waitlist->len;
  m->wait_bins = g_new0 (ModelWaitBin, MAX (1u, m->n_wait_bins));
  for (guint i = 0; i < m->n_wait_bins; i++)
    {
      const PksWaitBin *w = &g_array_index (s->waitlist, PksWaitBin, i);
      ModelWaitBin *b = &m->wait_bins[i];
      b->flow = w->flow;
      b->stage = w->stage;
      b->from_days = w->wait_from_days;
      b->to_days = w->wait_to_days;
      b->count = w->count;
      g_autofree char *key = g_strdup_printf ("waitlist/%s/%s/%s/%g/%g",
                                              pks_unit (s, pks_flow (s, w->flow)->unit)->name,
                                              pks_flow (s, w->flow)->name,
                                              w->stage == PKS_STAGE_FIRST_VISIT ? "first_visit" : "treatment",
                                              w->wait_from_days, w->wait_to_days);
      b->stream_hash = pks_rng_hash_name (key);
    }
}

/* The state on the start date: census.csv's patients and the patients of
 * waitlist.csv given one by one, each (flow, purpose) with a stream of its
 * own so that one flow's patients shift nobody else's numbers. */
static void
compile_state (PksModel *m, const PksScenario *s)
{
  m->n_census = s->census->len;
  m->n_wait_pat = s->wait_patients->len;
  if (m->n_census == 0 && m->n_wait_pat == 0)
    return;
  m->census = g_new (ModelCensus, MAX (1u, m->n_census));
  for (guint i = 0; i < m->n_census; i++)
    {
      const PksCensusRow *r = &g_array_index (s->census, PksCensusRow, i);
      ModelCensus *c = &m->census[i];
      c->flow = r->flow;
      c->t_admit = m->t_report0 + r->admitted_min;
      c->t_ready = m->t_report0 + r->ready_min;
      c->ward = r->ward;
    }
  /* the waits left out of the guarantee shares go last: then one range of
   * serials holds them (sim.c) */
  m->wait_pat = g_new (ModelWaitPatient, MAX (1u, m->n_wait_pat));
  guint k = 0;
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < m->n_wait_pat; i++)
      {
        const PksWaitPatient *w = &g_array_index (s->wait_patients, PksWaitPatient, i);
        if (w->vg_excluded != (pass == 1))
          continue;
        ModelWaitPatient *x = &m->wait_pat[k++];
        x->flow = w->flow;
        x->stage = w->stage;
        x->t_wait = ((double) w->since - (double) m->epoch) * PKS_MIN_PER_DAY;
        x->vg_excluded = w->vg_excluded;
        if (pass == 0)
          m->n_wait_pat_counted = k;
      }
  g_autofree guint8 *seen = g_new0 (guint8, MAX (1u, m->n_flows) * 2);
  m->wait_pat_pairs = g_new (guint, MAX (1u, m->n_flows) * 2);
  for (guint i = 0; i < m->n_wait_pat; i++)
    {
      guint pair = m->wait_pat[i].flow * 2 + m->wait_pat[i].stage;
      if (!seen[pair])
        {
          seen[pair] = 1;
          m->wait_pat_pairs[m->n_wait_pat_pairs++] = pair;
        }
    }
  m->state_hash = g_new (guint64, MAX (1u, m->n_flows) * 3);
  static const char *what[3] = { "census", "waitlist-first_visit", "waitlist-treatment" };
  for (guint f = 0; f < m->n_flows; f++)
    for (int j = 0; j < 3; j++)
      {
        g_autofree char *key = g_strdup_printf ("%s/%s/%s", what[j],
                                                pks_unit (s, pks_flow (s, f)->unit)->name,
                                                pks_flow (s, f)->name);
        m->state_hash[f * 3 + j] = pks_rng_hash_name (key);
      }
}

/* What follows from the daily capacity: which units have beds, the most
 * sessions on one day, and each day's flags for the daily events. */
static void
compile_days (PksModel *m)
{
  for (guint u = 0; u < m->n_units; u++)
    {
      m->units[u].has_beds = FALSE;
      m->units[u].max_beds = 0;
      for (guint d = 0; d < m->n_sim_days; d++)
        m->units[u].max_beds = MAX (m->units[u].max_beds, CAP (m, beds, u, d));
      m->units[u].has_beds = m->units[u].max_beds > 0;
      for (guint d = 0; d < m->n_sim_days; d++)
        m->max_sessions_per_day = MAX (m->max_sessions_per_day, (guint) CAP (m, sessions, u, d));
    }
  m->day_flags = g_new0 (guint8, MAX (1u, m->n_sim_days));
  for (guint d = 0; d < m->n_sim_days; d++)
    {
      if (pks_date_day (m->epoch + d) == 1)
        m->day_flags[d] |= DAY_MONTH_FIRST;
      if (pks_date_weekday (m->epoch + d) >= 5)
        continue;
      for (guint u = 0; u < m->n_units; u++)
        if (CAP (m, slots, u, d) > 0 || CAP (m, sessions, u, d) > 0)
          {
            m->day_flags[d] |= DAY_CLINIC;
            break;
          }
    }
  m->census_at_midnight = m->policy.census_hour == 24.0;
}

PksModel *
pks_model_new (const PksScenario *s, GError **error)
{
  g_return_val_if_fail (s != NULL && s->units->len > 0, NULL);
  g_autoptr (PksModel) m = g_new0 (PksModel, 1);
  compile_header (m, s);
  compile_units (m, s);
  pks_outlying_compile (m, s);
  if (!compile_flows (m, s, error) || !pks_transfer_compile (m, s, error))
    return NULL;
  for (guint f = 0; f < m->n_flows; f++)
    m->flows[f].extras = m->flows[f].n_route > 0 || m->flows[f].removal_rate > 0.0;
  compile_months (m);
  compile_wait_bins (m, s);
  compile_state (m, s);
  pks_capacity_compute (m, s);
  compile_days (m);
  pks_periods_compile (m, s);
  return g_steal_pointer (&m);
}

void
pks_model_free (PksModel *m)
{
  if (m == NULL)
    return;
  for (guint u = 0; m->units && u < m->n_units; u++)
    {
      g_free (m->units[u].name);
      g_free (m->units[u].cand);
    }
  for (guint i = 0; m->flows && i < m->n_flows; i++)
    {
      g_free (m->flows[i].name);
      g_free (m->flows[i].scope_name);
      pks_nhpp_free (m->flows[i].arrivals);
    }
  g_strfreev (m->site_names);
  g_strfreev (m->area_names);
  g_strfreev (m->clinic_names);
  g_free (m->units);
  g_free (m->flows);
  g_free (m->month_first);
  g_free (m->day_month);
  g_free (m->beds);
  g_free (m->staffed);
  g_free (m->planned);
  g_free (m->sessions);
  g_free (m->slots);
  g_free (m->staff_cost);
  g_free (m->agency_cost);
  g_free (m->planned_days);
  g_free (m->staff_bound);
  g_free (m->beds_bound);
  g_free (m->wait_bins);
  g_free (m->census);
  g_free (m->wait_pat);
  g_free (m->wait_pat_pairs);
  g_free (m->state_hash);
  g_free (m->day_flags);
  g_free (m->routes);
  g_free (m->legs);
  pks_periods_free (m);
  g_free (m->scenario_name);
  g_free (m->region_name);
  g_free (m);
}

guint pks_model_n_units (const PksModel *m) { return m->n_units; }
guint pks_model_n_sites (const PksModel *m) { return m->n_sites; }
guint pks_model_n_flows (const PksModel *m) { return m->n_flows; }
guint
pks_model_n_entities (const PksModel *m)
{
  return 1 + m->n_sites + m->n_areas + m->n_clinics + m->n_units + (m->by_flow ? m->n_flows : 0);
}

gboolean pks_model_by_flow (const PksModel *m) { return m->by_flow; }

/* Where each scope's entities begin: the region, sites, areas, clinics,
 * units, then (with by_flow) flows. */
static guint
first_of (const PksModel *m, PksScope sc)
{
  switch (sc)
    {
    case PKS_SCOPE_REGION:
      return 0;
    case PKS_SCOPE_SITE:
      return 1;
    case PKS_SCOPE_AREA:
      return 1 + m->n_sites;
    case PKS_SCOPE_CLINIC:
      return 1 + m->n_sites + m->n_areas;
    case PKS_SCOPE_UNIT:
      return 1 + m->n_sites + m->n_areas + m->n_clinics;
    case PKS_SCOPE_FLOW:
      break;
    }
  return 1 + m->n_sites + m->n_areas + m->n_clinics + m->n_units;
}

PksScope
pks_model_entity_scope (const PksModel *m, guint e)
{
  static const PksScope order[] = { PKS_SCOPE_FLOW, PKS_SCOPE_UNIT, PKS_SCOPE_CLINIC,
                                    PKS_SCOPE_AREA, PKS_SCOPE_SITE };
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    if (e >= first_of (m, order[k]))
      return order[k];
  return PKS_SCOPE_REGION;
}

/* The index of entity e within its scope (0 for the region). */
guint
pks_model_entity_index (const PksModel *m, guint e)
{
  return e - first_of (m, pks_model_entity_scope (m, e));
}

const char *
pks_model_entity_name (const PksModel *m, guint e)
{
  guint i = pks_model_entity_index (m, e);
  switch (pks_model_entity_scope (m, e))
    {
    case PKS_SCOPE_REGION:
      return m->region_name;
    case PKS_SCOPE_SITE:
      return m->site_names[i];
    case PKS_SCOPE_AREA:
      return m->area_names[i];
    case PKS_SCOPE_CLINIC:
      return m->clinic_names[i];
    case PKS_SCOPE_FLOW:
      return m->flows[i].scope_name;
    case PKS_SCOPE_UNIT:
      break;
    }
  return m->units[i].name;
}

/* A flow's entity has its unit too (it is part of it). */
gboolean
pks_model_entity_has_unit (const PksModel *m, guint e, guint unit)
{
  guint i = pks_model_entity_index (m, e);
  const ModelUnit *u = &m->units[unit];
  switch (pks_model_entity_scope (m, e))
    {
    case PKS_SCOPE_REGION:
      return TRUE;
    case PKS_SCOPE_SITE:
      return u->site == i;
    case PKS_SCOPE_AREA:
      return u->area == i;
    case PKS_SCOPE_CLINIC:
      return u->clinic == i;
    case PKS_SCOPE_FLOW:
      return m->flows[i].unit == unit;
    case PKS_SCOPE_UNIT:
      break;
    }
  return unit == i;
}

gboolean
pks_scope_is_aggregate (PksScope s)
{
  return s != PKS_SCOPE_UNIT && s != PKS_SCOPE_FLOW;
}

guint
pks_model_flow_entity (const PksModel *m, guint flow)
{
  return first_of (m, PKS_SCOPE_FLOW) + flow;
}

const char *
pks_scope_name (PksScope s)
{
  static const char *n[] = { "region", "site", "unit", "flow", "area", "clinic" };
  return s < G_N_ELEMENTS (n) ? n[s] : "?";
}

guint
pks_model_unit_entity (const PksModel *m, guint unit)
{
  return first_of (m, PKS_SCOPE_UNIT) + unit;
}

guint pks_model_site_entity (const PksModel *m, guint site) { (void) m; return 1 + site; }
guint pks_model_n_areas (const PksModel *m) { return m->n_areas; }
guint pks_model_n_clinics (const PksModel *m) { return m->n_clinics; }
guint pks_model_unit_area (const PksModel *m, guint unit) { return m->units[unit].area; }
guint pks_model_unit_clinic (const PksModel *m, guint unit) { return m->units[unit].clinic; }
guint pks_model_unit_site (const PksModel *m, guint unit) { return m->units[unit].site; }
const char *pks_model_unit_name (const PksModel *m, guint unit) { return m->units[unit].name; }
const char *pks_model_site_name (const PksModel *m, guint site) { return m->site_names[site]; }
const char *pks_model_region_name (const PksModel *m) { return m->region_name; }
const char *pks_model_scenario_name (const PksModel *m) { return m->scenario_name; }
gboolean pks_model_unit_has_elective (const PksModel *m, guint unit) { return m->units[unit].has_elective; }
gboolean pks_model_unit_has_beds (const PksModel *m, guint unit) { return m->units[unit].has_beds; }
PksDate pks_model_start (const PksModel *m) { return m->start; }
guint pks_model_n_days (const PksModel *m) { return m->days; }
guint pks_model_n_months (const PksModel *m) { return m->n_months; }
PksDate pks_model_month_date (const PksModel *m, guint i) { return m->month_first[i]; }
guint pks_model_replications (const PksModel *m) { return m->replications; }
guint64 pks_model_seed (const PksModel *m) { return m->seed; }
double pks_model_report_t0 (const PksModel *m) { return m->t_report0; }

double pks_model_planned_staffed_bed_days (const PksModel *m, guint u) { return m->planned_days[u]; }
double pks_model_staff_bound_days (const PksModel *m, guint u) { return m->staff_bound[u]; }
double pks_model_beds_bound_days (const PksModel *m, guint u) { return m->beds_bound[u]; }
double pks_model_staff_cost (const PksModel *m, guint u) { return m->staff_cost[u]; }

int
pks_model_staffed_beds (const PksModel *m, guint unit, guint day)
{
  return CAP (m, staffed, unit, m->warmup_days + day);
}

int
pks_model_planned_beds (const PksModel *m, guint unit, guint day)
{
  return CAP (m, planned, unit, m->warmup_days + day);
}

gboolean
pks_model_unit_somatic (const PksModel *m, guint unit)
{
  return m->units[unit].bed_type == PKS_BED_SOMATIC;
}

int
pks_model_beds (const PksModel *m, guint unit, guint day)
{
  return CAP (m, beds, unit, m->warmup_days + day);
}

int
pks_model_or_sessions (const PksModel *m, guint unit, guint day)
{
  return CAP (m, sessions, unit, m->warmup_days + day);
}

int
pks_model_visit_slots (const PksModel *m, guint unit, guint day)
{
  return CAP (m, slots, unit, m->warmup_days + day);
}

const char *
pks_model_flow_name (const PksModel *m, guint flow)
{
  return m->flows[flow].name;
}

guint
pks_model_flow_unit (const PksModel *m, guint flow)
{
  return m->flows[flow].unit;
}
