/* output-reps.c — the files behind summary.csv: replications.csv, every
 * metric of every replication (so a planner can form any ratio or
 * difference with its own interval, and the means and CIs of summary.csv
 * can be recomputed), and census_dist.csv, the share of time each unit
 * spent at each census level (the occupancy distribution bed numbers are
 * chosen from). docs/metrics.md describes both. */
#include "pks/output/output.h"
#include "pks/core/error.h"

#include <errno.h>
#include <math.h>

static gboolean
io_fail (GError **error, const char *what)
{
  g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed: %s", what,
               g_strerror (errno ? errno : EIO));
  return FALSE;
}

/* A value to the last bit (17 significant digits), "" for NaN. */
static const char *
fmt_exact (char *buf, double x)
{
  if (isnan (x) || isinf (x))
    {
      buf[0] = '\0';
      return buf;
    }
  if (x == 0.0)
    x = 0.0;   /* no "-0" */
  g_ascii_formatd (buf, 32, "%.17g", x);
  return buf;
}

gboolean
pks_write_replications_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                            guint n, GError **error)
{
  FILE *f = pks_output_begin (o, "replications.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "replication", "scope", "name", "metric", "value" };
  gboolean ok = pks_csv_write_row (f, hdr, 5);
  guint ne = pks_model_n_entities (m);
  char rb[16], vb[32];
  for (guint r = 0; ok && r < n; r++)
    {
      g_snprintf (rb, sizeof rb, "%u", r);
      for (guint e = 0; ok && e < ne; e++)
        for (int k = 0; ok && k < PKS_N_METRICS; k++)
          {
            double v = pks_rep_metric (reps[r], e, k);
            if (isnan (v))
              continue;
            const char *row[] = { rb, pks_scope_name (pks_model_entity_scope (m, e)),
                                  pks_model_entity_name (m, e), pks_metric_name (k),
                                  fmt_exact (vb, v) };
            ok = pks_csv_write_row (f, row, 5);
          }
    }
  if (!ok)
    return io_fail (error, "replications.csv");
  return pks_output_end (o, error);
}

gboolean
pks_write_census_dist_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                           guint n, GError **error)
{
  FILE *f = pks_output_begin (o, "census_dist.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "unit", "census", "share_mean", "share_ci_low", "share_ci_high",
                        "cumulative_mean" };
  gboolean ok = pks_csv_write_row (f, hdr, 6);
  guint nu = pks_model_n_units (m);
  g_autofree double *x = g_new (double, MAX (1u, n));
  char b[5][32];
  for (guint u = 0; ok && u < nu; u++)
    {
      if (!pks_model_unit_has_beds (m, u))
        continue;
      /* levels up to the highest any replication reached */
      guint top = 0;
      for (guint r = 0; r < n; r++)
        for (guint k = 0; reps[r]->census_time && k < reps[r]->n_census_levels; k++)
          if (reps[r]->census_time[(gsize) u * reps[r]->n_census_levels + k] > 0)
            top = MAX (top, k);
      double cum = 0;
      for (guint k = 0; ok && k <= top; k++)
        {
          for (guint r = 0; r < n; r++)
            {
              const PksRepResult *rr = reps[r];
              x[r] = rr->census_time && k < rr->n_census_levels
                     ? rr->census_time[(gsize) u * rr->n_census_levels + k] : 0.0;
            }
          PksEstimate e = pks_estimate_of (x, n);
          cum += e.mean;
          g_snprintf (b[0], sizeof b[0], "%u", k);
          const char *row[] = { pks_model_unit_name (m, u), b[0], pks_fmt_num (b[1], e.mean),
                                pks_fmt_num (b[2], e.ci_low), pks_fmt_num (b[3], e.ci_high),
                                pks_fmt_num (b[4], MIN (cum, 1.0)) };
          ok = pks_csv_write_row (f, row, 6);
        }
    }
  if (!ok)
    return io_fail (error, "census_dist.csv");
  return pks_output_end (o, error);
}
