/* pack.c — one replication's result as bytes: what MPI ranks send rank 0
 * (sched-mpi.c) and what the base cache keeps on disk between runs of
 * pks compare (cache.c).
 *
 * Layout: [index, entities, units, days, months, flags, bounds] (guint32),
 * events, balance, metrics, then the monthly arrays (monthly, the PKS
 * balance's figures, waiting times, national census, the level check) and
 * the daily ones (with the census time distribution: its number of
 * levels, guint32, and [unit][level] doubles) if flags say so. Numbers
 * travel in their native form and arrive bit for bit: MPI ranks run the
 * same binary, and the cache's key names the binary (cache.c). */
#include "sched-internal.h"
#include "pks/model/balance.h"

#include <string.h>

enum { HAS_MONTHLY = 1, HAS_DAILY = 2 };

void
pks_rep_result_pack (GByteArray *a, guint32 index, const PksRepResult *r, gboolean monthly)
{
  guint32 flags = (monthly ? HAS_MONTHLY : 0) | (r->census ? HAS_DAILY : 0);
  guint32 h[7] = { index, r->n_entities, r->n_units, r->n_days, r->n_months, flags, r->n_bounds };
  g_byte_array_append (a, (const guint8 *) h, sizeof h);
  g_byte_array_append (a, (const guint8 *) &r->events, sizeof r->events);
  g_byte_array_append (a, (const guint8 *) &r->balance, sizeof r->balance);
  g_byte_array_append (a, (const guint8 *) r->metrics,
                       (guint) (sizeof (double) * r->n_entities * PKS_N_METRICS));
  if (monthly)
    {
      g_byte_array_append (a, (const guint8 *) r->monthly,
                           (guint) (sizeof (double) * pks_monthly_len (r->n_units, r->n_months)));
      g_byte_array_append (a, (const guint8 *) r->figures,
                           (guint) (sizeof (float) * pks_figures_len (r->n_units, r->n_bounds)));
      g_byte_array_append (a, (const guint8 *) r->waits,
                           (guint) (sizeof (double) * pks_waits_len (r->n_units, r->n_months)));
      g_byte_array_append (a, (const guint8 *) r->national,
                           (guint) (sizeof (double) * pks_national_len (r->n_units, r->n_months)));
      g_byte_array_append (a, (const guint8 *) &r->levels, sizeof r->levels);
    }
  if (r->census)
    {
      guint n = (guint) (sizeof (guint16) * r->n_units * r->n_days);
      g_byte_array_append (a, (const guint8 *) r->census, n);
      g_byte_array_append (a, (const guint8 *) r->outlied, n);
      guint32 levels = r->census_time ? r->n_census_levels : 0;
      g_byte_array_append (a, (const guint8 *) &levels, sizeof levels);
      if (levels)
        g_byte_array_append (a, (const guint8 *) r->census_time,
                             (guint) (sizeof (double) * r->n_units * levels));
    }
}

/* n bytes from *p into out, unless fewer than n are left. */
static gboolean
take (const guint8 **p, const guint8 *end, void *out, gsize n)
{
  if (*p == NULL || (gsize) (end - *p) < n)
    {
      *p = NULL;
      return FALSE;
    }
  memcpy (out, *p, n);
  *p += n;
  return TRUE;
}

/* A new array of n elements of size bytes each, filled from *p; NULL (and
 * *p NULL) when the bytes end first. Sizes are checked against what is
 * left before anything is allocated, so a damaged count cannot ask for
 * gigabytes. */
static gpointer
take_array (const guint8 **p, const guint8 *end, gsize n, gsize size)
{
  if (*p == NULL || (size && n > (gsize) (end - *p) / size))
    {
      *p = NULL;
      return NULL;
    }
  gpointer a = g_malloc (MAX (1u, n * size));
  take (p, end, a, n * size);
  return a;
}

const guint8 *
pks_rep_result_unpack (const guint8 *p, const guint8 *end, guint *index, PksRepResult **out)
{
  guint32 h[7];
  *out = NULL;
  if (!take (&p, end, h, sizeof h) || (h[5] & ~(guint32) (HAS_MONTHLY | HAS_DAILY)))
    return NULL;
  PksRepResult *r = g_new0 (PksRepResult, 1);
  *index = h[0];
  r->n_entities = h[1];
  r->n_units = h[2];
  r->n_days = h[3];
  r->n_months = h[4];
  r->n_bounds = h[6];
  take (&p, end, &r->events, sizeof r->events);
  take (&p, end, &r->balance, sizeof r->balance);
  r->metrics = take_array (&p, end, (gsize) r->n_entities * PKS_N_METRICS, sizeof (double));
  if (h[5] & HAS_MONTHLY)
    {
      r->monthly = take_array (&p, end, pks_monthly_len (r->n_units, r->n_months), sizeof (double));
      r->figures = take_array (&p, end, pks_figures_len (r->n_units, r->n_bounds), sizeof (float));
      r->waits = take_array (&p, end, pks_waits_len (r->n_units, r->n_months), sizeof (double));
      r->national = take_array (&p, end, pks_national_len (r->n_units, r->n_months),
                                sizeof (double));
      take (&p, end, &r->levels, sizeof r->levels);
    }
  if (h[5] & HAS_DAILY)
    {
      gsize nd = (gsize) r->n_units * r->n_days;
      r->census = take_array (&p, end, nd, sizeof (guint16));
      r->outlied = take_array (&p, end, nd, sizeof (guint16));
      guint32 levels = 0;
      take (&p, end, &levels, sizeof levels);
      if (levels)
        {
          r->n_census_levels = levels;
          r->census_time = take_array (&p, end, (gsize) r->n_units * levels, sizeof (double));
        }
    }
  if (p == NULL)
    {
      pks_rep_result_free (r);
      return NULL;
    }
  *out = r;
  return p;
}
