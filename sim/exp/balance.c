/* balance.c (exp) — the PKS balance of every period, entity and resource
 * over replications, from the figures each replication recorded at the
 * period boundaries (sim/model/balance.c). docs/balance.md defines them. */
#include "pks/exp/balance.h"

#include <math.h>

/* The figures behind each resource: demand (and a second demand part),
 * production, those who left the list untreated and the list (-1: none),
 * and the divisor into the resource's unit (minutes per day for
 * bed-days). */
static const struct {
  int demand, demand2, production, removed, list;
  double divisor;
} fig[PKS_N_BR] = {
  [PKS_BR_BED_DAYS] = { PKS_BF_BED_DEMAND, PKS_BF_BED_TRANSFER, PKS_BF_BED_DONE, -1, -1,
                        PKS_MIN_PER_DAY },
  [PKS_BR_FIRST_VISITS] = { PKS_BF_FV_DEMAND, -1, PKS_BF_FV_DONE, PKS_BF_FV_REMOVED,
                            PKS_BF_FV_LIST, 1.0 },
  [PKS_BR_TREATMENTS] = { PKS_BF_TR_DEMAND, -1, PKS_BF_TR_DONE, PKS_BF_TR_REMOVED,
                          PKS_BF_TR_LIST, 1.0 },
  [PKS_BR_OPERATIONS] = { PKS_BF_OP_DEMAND, -1, PKS_BF_OP_DONE, PKS_BF_OP_REMOVED,
                          PKS_BF_OP_LIST, 1.0 },
  [PKS_BR_OR_MINUTES] = { PKS_BF_MIN_DEMAND, -1, PKS_BF_MIN_DONE, PKS_BF_MIN_REMOVED,
                          PKS_BF_MIN_LIST, 1.0 },
};

static double
flow_sum (const PksModel *m, const PksRepResult *r, guint unit, const PksPeriod *p, int f)
{
  guint nu = pks_model_n_units (m);
  double s = 0;
  for (guint b = p->b_from + 1; b <= p->b_to; b++)
    s += r->figures[PKS_BALANCE_INDEX (nu, b, unit, f)];
  return s;
}

double
pks_balance_flow (const PksModel *m, const PksRepResult *r, guint unit, guint period,
                  PksBalanceFigure f)
{
  return flow_sum (m, r, unit, pks_model_period (m, period), f);
}

double
pks_balance_value (const PksModel *m, const PksRepResult *r, const guint *units, guint n_units,
                   guint period, PksBalanceResource res, PksBalanceValue v)
{
  const PksPeriod *p = pks_model_period (m, period);
  guint nu = pks_model_n_units (m);
  double s = 0;
  if ((v == PKS_BV_CHANGE || v == PKS_BV_END || v == PKS_BV_REMOVED) && fig[res].list < 0)
    return NAN;
  for (guint i = 0; i < n_units; i++)
    {
      guint u = units[i];
      switch (v)
        {
        case PKS_BV_DEMAND:
          s += flow_sum (m, r, u, p, fig[res].demand);
          if (fig[res].demand2 >= 0)
            s += flow_sum (m, r, u, p, fig[res].demand2);
          break;
        case PKS_BV_PRODUCTION:
          s += flow_sum (m, r, u, p, fig[res].production);
          break;
        case PKS_BV_REMOVED:
          s += flow_sum (m, r, u, p, fig[res].removed);
          break;
        case PKS_BV_CHANGE:
          s += r->figures[PKS_BALANCE_INDEX (nu, p->b_to, u, fig[res].list)]
               - r->figures[PKS_BALANCE_INDEX (nu, p->b_from, u, fig[res].list)];
          break;
        case PKS_BV_END:
          s += r->figures[PKS_BALANCE_INDEX (nu, p->b_to, u, fig[res].list)];
          break;
        }
    }
  return s / fig[res].divisor;
}

GArray *
pks_balance_rows (const PksModel *m, PksRepResult *const *reps, guint n)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (PksBalanceRow));
  /* the region, sites, areas, clinics and units: the balance has no flow scope */
  guint nu = pks_model_n_units (m), ne = pks_model_unit_entity (m, 0) + nu;
  g_autofree guint *units = g_new (guint, nu);
  g_autofree double *x = g_new (double, MAX (1u, n));
  g_autofree double *cap = g_new (double, (gsize) nu * PKS_N_BR);
  for (guint p = 0; p < pks_model_n_periods (m); p++)
    {
      for (guint u = 0; u < nu; u++)
        for (int r = 0; r < PKS_N_BR; r++)
          cap[(gsize) u * PKS_N_BR + r] = pks_model_capacity (m, u, p, (PksBalanceResource) r);
      for (guint e = 0; e < ne; e++)
        {
          guint k = 0;
          for (guint u = 0; u < nu; u++)
            if (pks_model_entity_has_unit (m, e, u))
              units[k++] = u;
          for (int res = 0; res < PKS_N_BR; res++)
            {
              gboolean has = FALSE;
              double c = 0;
              gboolean c_defined = FALSE;
              for (guint i = 0; i < k; i++)
                {
                  has |= pks_model_unit_has_resource (m, units[i], (PksBalanceResource) res);
                  double cu = cap[(gsize) units[i] * PKS_N_BR + res];
                  if (!isnan (cu))
                    {
                      c += cu;
                      c_defined = TRUE;
                    }
                }
              if (!has)
                continue;
              PksBalanceRow row = { 0 };
              row.period = p;
              row.entity = e;
              row.resource = (PksBalanceResource) res;
              PksEstimate *est[] = { &row.demand, &row.production, &row.change, &row.end,
                                     &row.removed };
              for (int v = 0; v < 5; v++)
                {
                  for (guint i = 0; i < n; i++)
                    x[i] = pks_balance_value (m, reps[i], units, k, p, (PksBalanceResource) res,
                                              (PksBalanceValue) v);
                  *est[v] = pks_estimate_of (x, n);
                }
              for (guint i = 0; i < n; i++)
                x[i] = c_defined ? c : NAN;
              row.capacity = pks_estimate_of (x, n);
              g_array_append_val (rows, row);
            }
        }
    }
  return rows;
}
