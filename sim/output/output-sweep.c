/* output-sweep.c — sweep.csv (contract section 4): one row per design
 * point, scope, name and metric, with the point's factors; and design.csv. */
#include "pks/output/output.h"
#include "pks/core/error.h"

#include <errno.h>
#include <math.h>
#include <string.h>


static gboolean
write_fail (GError **error, const char *what)
{
  g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed: %s", what,
               g_strerror (errno ? errno : EIO));
  return FALSE;
}

/* One row per design point, entity and metric, in that order; rows where
 * neither the point nor the base defines the metric are left out, as in
 * compare.csv. */
static gboolean
write_sweep (FILE *f, const PksSweep *s, const PksDesign *d)
{
  guint nf = d->n_factors, nc = nf + 10;
  g_autofree const char **cols = g_new0 (const char *, nc);
  cols[0] = "point";
  for (guint j = 0; j < nf; j++)
    cols[1 + j] = d->keys[j];
  const char *tail[] = { "scope", "name", "metric", "mean", "ci_low", "ci_high", "diff_mean",
                         "diff_ci_low", "diff_ci_high" };
  memcpy (&cols[1 + nf], tail, sizeof tail);
  if (!pks_csv_write_row (f, cols, nc))
    return FALSE;
  char b[6][32];
  for (guint p = 1; p < pks_sweep_n_points (s) && p <= d->n_points; p++)
    {
      cols[0] = d->names[p - 1];
      for (guint j = 0; j < nf; j++)
        cols[1 + j] = d->values[p - 1][j];
      for (guint e = 0; e < pks_sweep_n_entities (s, p); e++)
        {
          int be = pks_sweep_base_entity (s, p, e);
          for (int k = 0; k < PKS_N_METRICS; k++)
            {
              PksSweepRow row, base;
              if (!pks_sweep_row (s, p, e, k, &row))
                return FALSE;
              gboolean base_defined = be >= 0 && pks_sweep_row (s, 0, (guint) be, k, &base)
                                      && !isnan (base.mean.mean);
              if (isnan (row.mean.mean) && !base_defined)
                continue;
              cols[1 + nf] = pks_scope_name (row.scope);
              cols[2 + nf] = row.name;
              cols[3 + nf] = pks_metric_name (k);
              cols[4 + nf] = pks_fmt_num (b[0], row.mean.mean);
              cols[5 + nf] = pks_fmt_num (b[1], row.mean.ci_low);
              cols[6 + nf] = pks_fmt_num (b[2], row.mean.ci_high);
              cols[7 + nf] = pks_fmt_num (b[3], row.diff.mean);
              cols[8 + nf] = pks_fmt_num (b[4], row.diff.ci_low);
              cols[9 + nf] = pks_fmt_num (b[5], row.diff.ci_high);
              if (!pks_csv_write_row (f, cols, nc))
                return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
pks_write_sweep_csv (PksOutput *o, const PksSweep *s, const PksDesign *d, GError **error)
{
  if (!pks_sweep_done (s))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED, "sweep.csv: not every point has its results");
      return FALSE;
    }
  FILE *f = pks_output_begin (o, "sweep.csv", error);
  if (f == NULL)
    return FALSE;
  errno = 0;
  if (!write_sweep (f, s, d))
    return write_fail (error, "sweep.csv");
  if (!pks_output_end (o, error))
    return FALSE;
  /* the design as read, byte for byte, so the outputs say what was run
   * (in whatever dialect it was written: never re-encoded) */
  f = pks_output_begin (o, "design.csv", error);
  if (f == NULL)
    return FALSE;
  pks_output_verbatim (o);
  gsize len;
  const void *data = g_bytes_get_data (d->bytes, &len);
  if (len && fwrite (data, 1, len, f) != len)
    return write_fail (error, "design.csv");
  return pks_output_end (o, error);
}
