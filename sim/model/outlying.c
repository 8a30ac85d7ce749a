/* outlying.c — utlokalisering: the candidate hosts of every unit (same
 * site first, then under the region policy the other sites; only units of
 * the same bed type; each part by name), the choice of a host when the
 * home unit is full (the most free staffed beds, same site first), and
 * each home unit's list of its own outliers, longest-outlied first, from
 * which beds.c recalls them. docs/model.md states the rule. */
#include "outlying.h"

#include <string.h>

static int
cmp_unit_name (gconstpointer a, gconstpointer b, gpointer data)
{
  const PksScenario *s = data;
  guint x = *(const guint *) a, y = *(const guint *) b;
  return strcmp (pks_unit (s, x)->name, pks_unit (s, y)->name);
}

void
pks_outlying_compile (PksModel *m, const PksScenario *s)
{
  for (guint u = 0; u < m->n_units; u++)
    {
      const PksUnitDef *ud = pks_unit (s, u);
      ModelUnit *mu = &m->units[u];
      mu->cand = g_new (guint, m->n_units);
      guint n = 0;
      if (s->policy.outlying != PKS_OUTLYING_NONE)
        {
          for (guint v = 0; v < m->n_units; v++)
            if (v != u && pks_unit (s, v)->site_index == ud->site_index
                && pks_unit (s, v)->bed_type == ud->bed_type)
              mu->cand[n++] = v;
          g_qsort_with_data (mu->cand, (gint) n, sizeof (guint), cmp_unit_name, (gpointer) s);
          mu->n_cand_same = n;
          if (s->policy.outlying == PKS_OUTLYING_REGION)
            {
              for (guint v = 0; v < m->n_units; v++)
                if (pks_unit (s, v)->site_index != ud->site_index
                    && pks_unit (s, v)->bed_type == ud->bed_type)
                  mu->cand[n++] = v;
              g_qsort_with_data (mu->cand + mu->n_cand_same, (gint) (n - mu->n_cand_same),
                                 sizeof (guint), cmp_unit_name, (gpointer) s);
            }
        }
      mu->n_cand = n;
    }
}

/* The candidate with the most free staffed beds, same site first; ties go
 * to the first by name. */
guint32
pks_outlying_host (const PksSim *s, guint32 h)
{
  const ModelUnit *mu = &s->m->units[h];
  guint parts[2][2] = { { 0, mu->n_cand_same }, { mu->n_cand_same, mu->n_cand } };
  for (int part = 0; part < 2; part++)
    {
      guint32 best = NONE;
      int best_free = 0;
      for (guint i = parts[part][0]; i < parts[part][1]; i++)
        {
          guint32 v = mu->cand[i];
          int free_beds = s->u[v].avail - s->u[v].census;
          if (free_beds > best_free)
            {
              best_free = free_beds;
              best = v;
            }
        }
      if (best != NONE)
        return best;
    }
  return NONE;
}

void
pks_outlier_link (PksSim *s, guint32 home, guint32 p)
{
  UnitRT *x = &s->u[home];
  Patient *pt = &s->pat[p];
  pt->next = NONE;
  pt->prev = x->out_tail;
  if (x->out_tail != NONE)
    s->pat[x->out_tail].next = p;
  else
    x->out_head = p;
  x->out_tail = p;
}

void
pks_outlier_unlink (PksSim *s, guint32 home, guint32 p)
{
  UnitRT *x = &s->u[home];
  Patient *pt = &s->pat[p];
  if (pt->prev != NONE)
    s->pat[pt->prev].next = pt->next;
  else
    x->out_head = pt->next;
  if (pt->next != NONE)
    s->pat[pt->next].prev = pt->prev;
  else
    x->out_tail = pt->prev;
  pt->prev = pt->next = NONE;
}
