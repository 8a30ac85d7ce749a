/* warm.c — comparisons against a base kept compiled and simulated
 * (warm.h). A `pks compare` of one plan spends half its replications on
 * the base; the meeting view asks again on every change of the plan, so
 * the base's model and metrics are kept between calls. */
#include "pks/exp/warm.h"
#include "pks/exp/runner.h"

struct _PksWarmBase {
  PksModel *model;
  PksRepResult **reps;
  guint n_reps, threads;
  guint64 seed;
};

/* metrics only: a comparison needs no daily or monthly arrays */
static PksRepResult **
run (const PksModel *m, guint64 seed, guint n_reps, guint threads, GError **error)
{
  const PksModel *models[] = { m };
  PksExecOptions opt = { threads, FALSE, FALSE, NULL, TRUE, FALSE };
  return pks_exec (models, 1, seed, 0, n_reps, &opt, error);
}

static void
free_reps (PksRepResult **r, guint n)
{
  if (r == NULL)
    return;
  for (guint i = 0; i < n; i++)
    pks_rep_result_free (r[i]);
  g_free (r);
}

PksWarmBase *
pks_warm_base_new (const PksScenario *base, guint64 seed, guint n_reps, guint threads,
                   GError **error)
{
  g_return_val_if_fail (n_reps >= 2, NULL);
  PksModel *m = pks_model_new (base, error);
  if (m == NULL)
    return NULL;
  PksRepResult **r = run (m, seed, n_reps, threads, error);
  if (r == NULL)
    {
      pks_model_free (m);
      return NULL;
    }
  PksWarmBase *w = g_new0 (PksWarmBase, 1);
  w->model = m;
  w->reps = r;
  w->n_reps = n_reps;
  w->threads = threads;
  w->seed = seed;
  return w;
}

void
pks_warm_base_free (PksWarmBase *w)
{
  if (w == NULL)
    return;
  free_reps (w->reps, w->n_reps);
  pks_model_free (w->model);
  g_free (w);
}

const PksModel *
pks_warm_base_model (const PksWarmBase *w)
{
  return w->model;
}

guint
pks_warm_base_replications (const PksWarmBase *w)
{
  return w->n_reps;
}

GArray *
pks_warm_compare (PksWarmBase *w, const PksScenario *plan, PksModel **plan_model, GError **error)
{
  PksModel *m = pks_model_new (plan, error);
  if (m == NULL)
    return NULL;
  PksRepResult **r = run (m, w->seed, w->n_reps, w->threads, error);
  GArray *rows = NULL;
  if (r)
    rows = pks_compare (w->model, w->reps, m, r, w->n_reps);
  free_reps (r, w->n_reps);
  if (plan_model && rows)
    *plan_model = m;
  else
    pks_model_free (m);
  return rows;
}
