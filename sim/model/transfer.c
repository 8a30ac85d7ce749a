/* transfer.c — pathways between units (transfers.csv, contract section
 * 5.6; docs/model.md section 2.6). Compiled once: for each flow, the
 * units its patients can reach and at each the rows that apply (those
 * naming the flow, else the `*` rows), checked so that every path ends.
 * At the end of a stay: one draw among the rows in force that day, keyed
 * by the patient's own pathway seed and the number of its draws so far,
 * so that a patient takes the same path in every plan with the same rows
 * and a flow without rows draws nothing. beds.c then moves the patient or
 * keeps it waiting in its bed. */
#include "transfer.h"
#include "beds.h"
#include "pks/core/error.h"

#include <string.h>

/* Rows naming flows visited per flow before the model is refused: bounds
 * the compile time of a pathological transfers.csv (docs/robustness.md). */
#define MAX_ROUTE_WORK 2e7

static gboolean
names_flow (const PksScenario *s, const PksTransferRow *r, guint f)
{
  if (r->flow >= 0)
    return (guint) r->flow == f;
  return r->flow_name && strcmp (r->flow_name, pks_flow (s, f)->name) == 0;
}

/* Simulated day of a row's date (0: open, the first day or for ever);
 * a first day before the horizon is its first day. An end before the
 * horizon is dropped by the caller. */
static guint
sim_day (const PksModel *m, PksDate d, gboolean end)
{
  if (d == 0)
    return end ? G_MAXUINT : 0;
  return d < m->epoch ? 0 : d - m->epoch;
}

/* One flow's routes from its home unit, breadth first over the units its
 * patients can reach. */
static gboolean
flow_routes (PksModel *m, const PksScenario *s, guint f, const guint *row_first,
             const guint *row_order, GArray *routes, GArray *legs, guint8 *seen,
             guint32 *queue, double *work, GError **error)
{
  guint n = 0, head = 0;
  queue[n++] = pks_flow (s, f)->unit;
  seen[queue[0]] = 1;
  guint route0 = routes->len;
  while (head < n)
    {
      guint u = queue[head++];
      guint a = row_first[u], b = row_first[u + 1];
      *work += b - a;
      if (*work > MAX_ROUTE_WORK)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "transfers.csv: the pathways of %u flows over %u rows take more than "
                       "%.0f million steps to compile; give rows for named flows rather than *",
                       m->n_flows, s->transfers->len, MAX_ROUTE_WORK / 1e6);
          return FALSE;
        }
      gboolean specific = FALSE;
      for (guint i = a; i < b; i++)
        specific |= names_flow (s, &g_array_index (s->transfers, PksTransferRow, row_order[i]), f);
      ModelRoute route = { u, legs->len, 0 };
      for (guint i = a; i < b; i++)
        {
          const PksTransferRow *r = &g_array_index (s->transfers, PksTransferRow, row_order[i]);
          if (specific ? !names_flow (s, r, f) : (r->flow >= 0 || r->flow_name != NULL))
            continue;
          if (r->to && r->to < m->epoch)
            continue;   /* ends before the first simulated day */
          ModelLeg leg = { r->to_unit, r->p, r->los_days * PKS_MIN_PER_DAY, 0, 0,
                           sim_day (m, r->from, FALSE), sim_day (m, r->to, TRUE),
                           r->when_full >= 0 ? (PksTransferWhenFull) r->when_full
                           : s->policy.transfer_when_full };
          pks_lognormal_params (leg.los_min, r->los_cv, &leg.los_mu, &leg.los_sigma);
          g_array_append_val (legs, leg);
          route.n_legs++;
          if (r->p > 0 && !seen[r->to_unit])
            {
              seen[r->to_unit] = 1;
              queue[n++] = r->to_unit;
            }
        }
      if (route.n_legs > 0)
        g_array_append_val (routes, route);
    }
  for (guint i = 0; i < n; i++)
    seen[queue[i]] = 0;
  m->flows[f].route_first = route0;
  m->flows[f].n_route = routes->len - route0;
  return TRUE;
}

/* Every patient of flow f must be able to leave the hospital: a unit is
 * left when its legs in force on every day add up to less than 1 or one
 * of them leads to a unit that is left (a unit without legs is left by
 * discharge). A unit from which no sequence of draws leads out is a
 * closed loop, refused with the row that closes it. */
static gboolean
check_ends (PksModel *m, const PksScenario *s, guint f, const GArray *routes,
            const GArray *legs, gint8 *ends, GError **error)
{
  const ModelFlow *mf = &m->flows[f];
  const ModelRoute *r0 = &g_array_index (routes, ModelRoute, mf->route_first);
  for (guint i = 0; i < mf->n_route; i++)
    {
      double always = 0;
      for (guint k = 0; k < r0[i].n_legs; k++)
        {
          const ModelLeg *l = &g_array_index (legs, ModelLeg, r0[i].leg_first + k);
          if (l->day_from == 0 && l->day_to == G_MAXUINT)
            always += l->p;
        }
      ends[r0[i].unit] = always < 1.0 - 1e-9 ? 1 : -1;
    }
  for (gboolean changed = TRUE; changed;)
    {
      changed = FALSE;
      for (guint i = 0; i < mf->n_route; i++)
        {
          if (ends[r0[i].unit] > 0)
            continue;
          for (guint k = 0; k < r0[i].n_legs; k++)
            {
              const ModelLeg *l = &g_array_index (legs, ModelLeg, r0[i].leg_first + k);
              if (l->p > 0 && ends[l->to] >= 0)   /* 0: no legs there, discharged */
                {
                  ends[r0[i].unit] = 1;
                  changed = TRUE;
                  break;
                }
            }
        }
    }
  g_autoptr (GString) trapped = g_string_new (NULL);
  const PksTransferRow *row = NULL;
  for (guint i = 0; i < mf->n_route; i++)
    if (ends[r0[i].unit] < 0)
      {
        g_string_append_printf (trapped, "%s\"%s\"", trapped->len ? ", " : "",
                                m->units[r0[i].unit].name);
        for (guint j = 0; j < s->transfers->len && row == NULL; j++)
          {
            const PksTransferRow *r = &g_array_index (s->transfers, PksTransferRow, j);
            if (r->from_unit == r0[i].unit)
              row = r;
          }
      }
  gboolean ok = trapped->len == 0;
  if (!ok)
    {
      const PksFlowDef *fd = pks_flow (s, f);
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "%s:%d: transfers: patients of flow %s/%s who reach %s never leave the "
                   "hospital: every row from there sends them on with probability 1 to units "
                   "that do the same (a closed loop); lower a p below 1",
                   row->src.file, row->src.line, pks_unit (s, fd->unit)->name, fd->name,
                   trapped->str);
    }
  for (guint i = 0; i < mf->n_route; i++)
    ends[r0[i].unit] = 0;
  return ok;
}

gboolean
pks_transfer_compile (PksModel *m, const PksScenario *s, GError **error)
{
  guint nr = s->transfers->len;
  if (nr == 0)
    {
      m->routes = g_new0 (ModelRoute, 1);
      m->legs = g_new0 (ModelLeg, 1);
      return TRUE;
    }
  /* the rows by from_unit, in file order within a unit */
  g_autofree guint *row_first = g_new0 (guint, m->n_units + 1);
  g_autofree guint *row_order = g_new (guint, nr);
  for (guint i = 0; i < nr; i++)
    {
      const PksTransferRow *r = &g_array_index (s->transfers, PksTransferRow, i);
      row_first[r->from_unit + 1]++;
      m->units[r->from_unit].in_path = TRUE;
      m->units[r->to_unit].in_path = TRUE;
    }
  for (guint u = 0; u < m->n_units; u++)
    row_first[u + 1] += row_first[u];
  {
    g_autofree guint *fill = g_memdup2 (row_first, sizeof (guint) * m->n_units);
    for (guint i = 0; i < nr; i++)
      row_order[fill[g_array_index (s->transfers, PksTransferRow, i).from_unit]++] = i;
  }
  g_autoptr (GArray) routes = g_array_new (FALSE, FALSE, sizeof (ModelRoute));
  g_autoptr (GArray) legs = g_array_new (FALSE, FALSE, sizeof (ModelLeg));
  g_autofree guint8 *seen = g_new0 (guint8, m->n_units);
  g_autofree guint32 *queue = g_new (guint32, m->n_units);
  g_autofree gint8 *ends = g_new0 (gint8, m->n_units);
  double work = 0;
  for (guint f = 0; f < m->n_flows; f++)
    if (!flow_routes (m, s, f, row_first, row_order, routes, legs, seen, queue, &work, error)
        || !check_ends (m, s, f, routes, legs, ends, error))
      return FALSE;
  m->n_routes = routes->len;
  m->n_legs = legs->len;
  m->routes = g_memdup2 (routes->data, sizeof (ModelRoute) * MAX (1u, routes->len));
  m->legs = g_memdup2 (legs->data, sizeof (ModelLeg) * MAX (1u, legs->len));
  return TRUE;
}

gboolean
pks_transfer_next (PksSim *s, guint32 p)
{
  Patient *pt = &s->pat[p];
  const PksModel *m = s->m;
  const ModelFlow *f = &m->flows[pt->flow];
  const ModelRoute *route = NULL;
  for (guint i = 0; i < f->n_route && route == NULL; i++)
    if (m->routes[f->route_first + i].unit == pt->home)
      route = &m->routes[f->route_first + i];
  if (route == NULL)
    return FALSE;
  /* the draw: a uniform for the leg, a uniform for its stay */
  PksRng r;
  pks_rng_init_hashed (&r, pt->path_seed, pt->legs++, f->stream_hash[S_PATH]);
  double u = pks_rng_uniform (&r);
  guint day = (guint) (s->now / PKS_MIN_PER_DAY);
  double cum = 0;
  for (guint k = 0; k < route->n_legs; k++)
    {
      const ModelLeg *l = &m->legs[route->leg_first + k];
      if (day < l->day_from || day > l->day_to)
        continue;
      cum += l->p;
      if (u < cum)
        {
          pt->los_min = pks_dist_lognormal_ms (&r, l->los_mu, l->los_sigma);
          pks_beds_transfer (s, p, l->to, l->when_full);
          return TRUE;
        }
    }
  return FALSE;
}
