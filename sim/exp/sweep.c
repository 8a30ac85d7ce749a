/* sweep.c — the reduction of a sweep: each point's replications are held
 * (metrics only) until they and the base's are complete, then reduced in
 * replication order into means and paired point − base differences and
 * freed. Reducing in a fixed order, whatever order results arrive in,
 * makes sweep.csv byte-identical for any number of threads or ranks. */
#include "pks/exp/sweep.h"
#include "pks/core/error.h"

#include <errno.h>
#include <math.h>
#include <string.h>

typedef struct {
  guint n_entities;
  PksScope *scope;
  char **name;
} Shape;

struct _PksSweep {
  guint n_points, n_reps;
  Shape *shape;
  double **buf;           /* [p][rep][entity][metric], until reduced */
  guint *got;             /* replications received */
  PksEstimate **est;      /* [p][entity][metric][mean, diff] once reduced */
  guint n_reduced;
};

PksSweep *
pks_sweep_new (guint n_points, guint n_reps)
{
  PksSweep *s = g_new0 (PksSweep, 1);
  s->n_points = n_points;
  s->n_reps = n_reps;
  s->shape = g_new0 (Shape, MAX (1u, n_points));
  s->buf = g_new0 (double *, MAX (1u, n_points));
  s->got = g_new0 (guint, MAX (1u, n_points));
  s->est = g_new0 (PksEstimate *, MAX (1u, n_points));
  return s;
}

void
pks_sweep_free (PksSweep *s)
{
  if (s == NULL)
    return;
  for (guint p = 0; p < s->n_points; p++)
    {
      g_free (s->shape[p].scope);
      g_strfreev (s->shape[p].name);
      g_free (s->buf[p]);
      g_free (s->est[p]);
    }
  g_free (s->shape);
  g_free (s->buf);
  g_free (s->got);
  g_free (s->est);
  g_free (s);
}

void
pks_sweep_set_shape (PksSweep *s, guint p, const PksModel *m)
{
  g_return_if_fail (p < s->n_points);
  Shape *sh = &s->shape[p];
  g_free (sh->scope);
  g_strfreev (sh->name);
  sh->n_entities = pks_model_n_entities (m);
  sh->scope = g_new (PksScope, MAX (1u, sh->n_entities));
  sh->name = g_new0 (char *, sh->n_entities + 1);
  for (guint e = 0; e < sh->n_entities; e++)
    {
      sh->scope[e] = pks_model_entity_scope (m, e);
      sh->name[e] = g_strdup (pks_model_entity_name (m, e));
    }
}

guint
pks_sweep_n_entities (const PksSweep *s, guint p)
{
  return p < s->n_points ? s->shape[p].n_entities : 0;
}

/* The base's entity with the same scope and name (the region matches the
 * region whatever its name), or -1. */
int
pks_sweep_base_entity (const PksSweep *s, guint p, guint e)
{
  const Shape *b = &s->shape[0], *sh = &s->shape[p];
  if (p == 0)
    return (int) e;
  if (e < b->n_entities && b->scope[e] == sh->scope[e]
      && (sh->scope[e] == PKS_SCOPE_REGION || strcmp (b->name[e], sh->name[e]) == 0))
    return (int) e;   /* the usual case: the same units in the same order */
  for (guint i = 0; i < b->n_entities; i++)
    if (b->scope[i] == sh->scope[e]
        && (sh->scope[e] == PKS_SCOPE_REGION || strcmp (b->name[i], sh->name[e]) == 0))
      return (int) i;
  return -1;
}

#define AT(buf, ne, r, e, k) ((buf)[((gsize) (r) * (ne) + (e)) * PKS_N_METRICS + (k)])

static void
reduce (PksSweep *s, guint p)
{
  const Shape *sh = &s->shape[p];
  guint ne = sh->n_entities, nb = s->shape[0].n_entities, n = s->n_reps;
  s->est[p] = g_new (PksEstimate, MAX (1u, (gsize) ne * PKS_N_METRICS * 2));
  g_autofree double *x = g_new (double, MAX (1u, n));
  g_autofree double *d = g_new (double, MAX (1u, n));
  for (guint e = 0; e < ne; e++)
    {
      int be = pks_sweep_base_entity (s, p, e);
      for (int k = 0; k < PKS_N_METRICS; k++)
        {
          for (guint r = 0; r < n; r++)
            {
              x[r] = AT (s->buf[p], ne, r, e, k);
              double b = be >= 0 ? AT (s->buf[0], nb, r, be, k) : NAN;
              d[r] = isnan (x[r]) || isnan (b) ? NAN : x[r] - b;
            }
          PksEstimate *out = &s->est[p][((gsize) e * PKS_N_METRICS + k) * 2];
          out[0] = pks_estimate_of (x, n);
          out[1] = pks_estimate_of (d, n);
        }
    }
  s->n_reduced++;
  if (p != 0)
    g_clear_pointer (&s->buf[p], g_free);
  if (s->n_reduced == s->n_points)
    g_clear_pointer (&s->buf[0], g_free);
}

void
pks_sweep_add (PksSweep *s, guint p, guint i, const PksRepResult *r)
{
  g_return_if_fail (p < s->n_points && i < s->n_reps);
  const Shape *sh = &s->shape[p];
  g_return_if_fail (r->n_entities == sh->n_entities && s->est[p] == NULL);
  guint ne = sh->n_entities;
  if (s->buf[p] == NULL)
    s->buf[p] = g_new (double, MAX (1u, (gsize) s->n_reps * ne * PKS_N_METRICS));
  memcpy (&AT (s->buf[p], ne, i, 0, 0), r->metrics, sizeof (double) * ne * PKS_N_METRICS);
  if (++s->got[p] < s->n_reps)
    return;
  if (p != 0)
    {
      if (s->est[0] != NULL)
        reduce (s, p);
      return;
    }
  /* the base is complete: reduce it, then every point that waited for it */
  reduce (s, 0);
  for (guint q = 1; q < s->n_points; q++)
    if (s->got[q] == s->n_reps && s->est[q] == NULL)
      reduce (s, q);
}

guint
pks_sweep_n_points (const PksSweep *s)
{
  return s->n_points;
}

gboolean
pks_sweep_done (const PksSweep *s)
{
  return s->n_reduced == s->n_points;
}

gboolean
pks_sweep_row (const PksSweep *s, guint p, guint e, PksMetric k, PksSweepRow *row)
{
  if (p >= s->n_points || s->est[p] == NULL || e >= s->shape[p].n_entities
      || (int) k < 0 || k >= PKS_N_METRICS)
    return FALSE;
  const PksEstimate *est = &s->est[p][((gsize) e * PKS_N_METRICS + k) * 2];
  row->scope = s->shape[p].scope[e];
  row->name = s->shape[p].name[e];
  row->metric = k;
  row->mean = est[0];
  row->diff = est[1];
  return TRUE;
}
