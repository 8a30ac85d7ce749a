/* target.c — the least extra capacity per unit that meets a target with
 * probability at least P (pks target; docs/target.md). Every allocation is
 * simulated on the same replications 0..R−1 (common random numbers), so a
 * unit's indicator "met in replication r" moves with its capacity on the
 * same patients, and the shares compared at neighbouring levels are
 * paired. Stages:
 *   1. nothing added and max_add everywhere: which units are met already,
 *      which cannot be met, which metric does not move;
 *   2. joint bisection: every unit still open halves its interval
 *      [lo, hi] (lo missed, hi met) in one simulated allocation per step;
 *   3. fix-up: at the answer every unit must meet its target (the others
 *      moved since its hi was found); a unit that misses gets one more;
 *   4. minimality: each unit one step less, the others at the answer; a
 *      unit that still meets is lowered, and 3–4 repeat until nothing
 *      changes. The answer is then minimal unit by unit;
 *   5. check: the answer and each unit's one step less on replications
 *      R..2R−1, which no decision saw. */
#include "pks/exp/target.h"
#include "pks/core/error.h"
#include "pks/stats/stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_ROUNDS 8

void
pks_wilson_interval (guint k, guint n, double *lo, double *hi)
{
  if (n == 0)
    {
      *lo = *hi = NAN;
      return;
    }
  const double z = 1.959963984540054;
  double p = (double) k / n, z2n = z * z / n;
  double centre = (p + z2n / 2) / (1 + z2n);
  double hw = z * sqrt (p * (1 - p) / n + z2n / (4.0 * n)) / (1 + z2n);
  *lo = MAX (0.0, centre - hw);
  *hi = MIN (1.0, centre + hw);
}

/* One simulated allocation: the metric of every unit in each replication
 * of one range, [unit][rep]. */
typedef struct {
  double *value;
} Eval;

typedef struct {
  const PksTargetOptions *opt;
  PksEvalFunc eval;
  gpointer ctx;
  GHashTable *cache;           /* "rep_first:a,b,c," -> Eval* */
  guint64 sims;
  guint evaluations;
} Search;

static void
eval_free (gpointer p)
{
  Eval *e = p;
  g_free (e->value);
  g_free (e);
}

static char *
key_of (const int *a, guint n, guint rep_first)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%u:", rep_first);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%d,", a[i]);
  return g_string_free (s, FALSE);
}

/* Simulate the k allocations (k × n_units, row by row) not yet in the
 * cache on replications rep_first.., in one batch; return them all. */
static gboolean
evaluate (Search *s, const int *allocs, guint k, guint rep_first, Eval **out, GError **error)
{
  const PksTargetOptions *opt = s->opt;
  guint n = opt->n_units, R = opt->reps;
  g_autofree int *todo = g_new (int, (gsize) MAX (1u, k) * n);
  g_autofree guint *slot = g_new (guint, MAX (1u, k));
  guint nt = 0;
  for (guint i = 0; i < k; i++)
    {
      g_autofree char *key = key_of (allocs + (gsize) i * n, n, rep_first);
      out[i] = g_hash_table_lookup (s->cache, key);
      if (out[i])
        continue;
      /* the same allocation twice in one batch runs once */
      gboolean dup = FALSE;
      for (guint j = 0; j < nt && !dup; j++)
        dup = memcmp (todo + (gsize) j * n, allocs + (gsize) i * n, sizeof (int) * n) == 0;
      if (!dup)
        {
          memcpy (todo + (gsize) nt * n, allocs + (gsize) i * n, sizeof (int) * n);
          slot[nt++] = i;
        }
    }
  if (nt > 0)
    {
      g_autofree double *obj = g_new (double, (gsize) nt * R);
      g_autofree PksRepResult **res = g_new0 (PksRepResult *, (gsize) nt * R);
      if (!s->eval (s->ctx, todo, nt, rep_first, R, obj, res, error))
        {
          for (gsize i = 0; i < (gsize) nt * R; i++)
            pks_rep_result_free (res[i]);
          return FALSE;
        }
      s->sims += (guint64) nt * R;
      for (guint j = 0; j < nt; j++)
        {
          Eval *e = g_new0 (Eval, 1);
          e->value = g_new (double, (gsize) n * R);
          for (guint r = 0; r < R; r++)
            {
              PksRepResult *x = res[(gsize) j * R + r];
              for (guint u = 0; u < n; u++)
                e->value[(gsize) u * R + r] = pks_rep_metric (x, opt->entities[u], opt->metric);
              pks_rep_result_free (x);
            }
          g_hash_table_insert (s->cache, key_of (todo + (gsize) j * n, n, rep_first), e);
          s->evaluations++;
        }
      for (guint i = 0; i < k; i++)
        if (out[i] == NULL)
          {
            g_autofree char *key = key_of (allocs + (gsize) i * n, n, rep_first);
            out[i] = g_hash_table_lookup (s->cache, key);
          }
    }
  return TRUE;
}

static gboolean
meets (const PksTargetOptions *opt, double v)
{
  if (isnan (v))
    return FALSE;
  return opt->at_most ? v <= opt->threshold : v >= opt->threshold;
}

/* Replications in which unit u meets the target. */
static guint
n_met (const PksTargetOptions *opt, const Eval *e, guint u)
{
  guint k = 0;
  for (guint r = 0; r < opt->reps; r++)
    k += meets (opt, e->value[(gsize) u * opt->reps + r]);
  return k;
}

static double
p_met (const PksTargetOptions *opt, const Eval *e, guint u)
{
  return (double) n_met (opt, e, u) / opt->reps;
}

static gboolean
ok_at (const PksTargetOptions *opt, const Eval *e, guint u)
{
  /* p ≥ P in whole replications, so that P = 0.8 of 40 means 32 of them */
  return n_met (opt, e, u) >= (guint) ceil (opt->confidence * opt->reps - 1e-9);
}

static gboolean
undefined (const PksTargetOptions *opt, const Eval *e, guint u)
{
  for (guint r = 0; r < opt->reps; r++)
    if (!isnan (e->value[(gsize) u * opt->reps + r]))
      return FALSE;
  return TRUE;
}

static gboolean
same_values (const PksTargetOptions *opt, const Eval *a, const Eval *b, guint u)
{
  for (guint r = 0; r < opt->reps; r++)
    if (a->value[(gsize) u * opt->reps + r] != b->value[(gsize) u * opt->reps + r])
      return FALSE;
  return TRUE;
}

static void
progress (const Search *s, const char *stage, const int *a)
{
  if (!s->opt->verbose)
    return;
  GString *t = g_string_new (NULL);
  for (guint u = 0; u < s->opt->n_units; u++)
    g_string_append_printf (t, "%s%+d", u ? " " : "", a[u]);
  fprintf (stderr, "target: %s: %s (%" G_GUINT64_FORMAT " simulations)\n", stage, t->str, s->sims);
  g_string_free (t, TRUE);
}

/* Stage 1: nothing added and max_add everywhere. open[u]: still to search. */
static gboolean
stage_bounds (Search *s, PksTargetResult *res, gboolean *open, GError **error)
{
  const PksTargetOptions *opt = s->opt;
  guint n = opt->n_units;
  g_autofree int *two = g_new0 (int, 2 * (gsize) n);
  for (guint u = 0; u < n; u++)
    two[n + u] = opt->max_add[u];
  Eval *e[2];
  if (!evaluate (s, two, 2, 0, e, error))
    return FALSE;
  for (guint u = 0; u < n; u++)
    {
      PksTargetUnit *x = &res->units[u];
      x->p_base = p_met (opt, e[0], u);
      x->p_max = p_met (opt, e[1], u);
      open[u] = FALSE;
      if (undefined (opt, e[0], u))
        x->status = PKS_TARGET_UNDEFINED;
      else if (ok_at (opt, e[0], u))
        x->status = PKS_TARGET_MET_AT_BASE;
      else if (same_values (opt, e[0], e[1], u))
        x->status = PKS_TARGET_NO_EFFECT;
      else if (!ok_at (opt, e[1], u))
        x->status = PKS_TARGET_INFEASIBLE;
      else
        {
          x->status = PKS_TARGET_OK;
          open[u] = TRUE;
        }
    }
  return TRUE;
}

/* Stage 2: joint bisection; a[u] = hi[u] after it. */
static gboolean
stage_bisect (Search *s, PksTargetResult *res, const gboolean *open, int *a, GError **error)
{
  const PksTargetOptions *opt = s->opt;
  guint n = opt->n_units;
  g_autofree int *lo = g_new0 (int, n), *hi = g_new0 (int, n), *mid = g_new0 (int, n);
  for (guint u = 0; u < n; u++)
    hi[u] = open[u] ? opt->max_add[u] : 0;
  for (;;)
    {
      gboolean any = FALSE;
      for (guint u = 0; u < n; u++)
        {
          gboolean wide = open[u] && hi[u] - lo[u] > 1;
          mid[u] = wide ? (lo[u] + hi[u]) / 2 : hi[u];
          any |= wide;
        }
      if (!any)
        break;
      Eval *e;
      if (!evaluate (s, mid, 1, 0, &e, error))
        return FALSE;
      res->rounds++;
      for (guint u = 0; u < n; u++)
        if (open[u] && hi[u] - lo[u] > 1)
          {
            if (ok_at (opt, e, u))
              hi[u] = mid[u];
            else
              lo[u] = mid[u];
          }
      progress (s, "bisection", mid);
    }
  memcpy (a, hi, sizeof (int) * n);
  return TRUE;
}

/* Stages 3 and 4, repeated until the answer holds and is minimal. */
static gboolean
stage_settle (Search *s, PksTargetResult *res, gboolean *open, int *a, GError **error)
{
  const PksTargetOptions *opt = s->opt;
  guint n = opt->n_units;
  g_autofree int *less = g_new (int, (gsize) n * n);
  g_autofree Eval **el = g_new (Eval *, n);
  for (guint round = 0; round < MAX_ROUNDS; round++)
    {
      /* 3: every open unit meets its target at a */
      for (;;)
        {
          Eval *e;
          if (!evaluate (s, a, 1, 0, &e, error))
            return FALSE;
          gboolean raised = FALSE;
          for (guint u = 0; u < n; u++)
            if (open[u] && !ok_at (opt, e, u))
              {
                if (a[u] < opt->max_add[u])
                  {
                    a[u]++;
                    raised = TRUE;
                  }
                else
                  {
                    /* the others' lower levels left it short even at its most */
                    res->units[u].status = PKS_TARGET_INFEASIBLE;
                    open[u] = FALSE;
                    a[u] = 0;
                    raised = TRUE;
                  }
              }
          if (!raised)
            break;
          res->rounds++;
          progress (s, "fix-up", a);
        }
      /* 4: one step less, unit by unit */
      guint k = 0;
      g_autofree guint *who = g_new (guint, n);
      for (guint u = 0; u < n; u++)
        if (open[u] && a[u] > 0)
          {
            memcpy (less + (gsize) k * n, a, sizeof (int) * n);
            less[(gsize) k * n + u]--;
            who[k++] = u;
          }
      if (k == 0)
        return TRUE;
      if (!evaluate (s, less, k, 0, el, error))
        return FALSE;
      res->rounds++;
      gboolean lowered = FALSE;
      for (guint i = 0; i < k; i++)
        if (ok_at (opt, el[i], who[i]))
          {
            a[who[i]]--;
            lowered = TRUE;
          }
      if (!lowered)
        return TRUE;
      progress (s, "minimality", a);
    }
  res->settled = FALSE;
  return TRUE;
}

static void
estimate_unit (const PksTargetOptions *opt, const Eval *e, guint u, PksEstimate *est)
{
  *est = pks_estimate_of (e->value + (gsize) u * opt->reps, opt->reps);
}

/* The reported figures at the answer a (and one step less), on the
 * replications from rep_first. */
static gboolean
describe (Search *s, PksTargetResult *res, const gboolean *open, const int *a, guint rep_first,
          GError **error)
{
  const PksTargetOptions *opt = s->opt;
  guint n = opt->n_units;
  g_autofree int *allocs = g_new (int, (gsize) (n + 1) * n);
  g_autofree Eval **e = g_new (Eval *, n + 1);
  memcpy (allocs, a, sizeof (int) * n);
  guint k = 1;
  for (guint u = 0; u < n; u++)
    if (open[u] && a[u] > 0)
      {
        memcpy (allocs + (gsize) k * n, a, sizeof (int) * n);
        allocs[(gsize) k * n + u]--;
        k++;
      }
  if (!evaluate (s, allocs, k, rep_first, e, error))
    return FALSE;
  guint j = 1;
  for (guint u = 0; u < n; u++)
    {
      PksTargetUnit *x = &res->units[u];
      double p = p_met (opt, e[0], u);
      double p1 = open[u] && a[u] > 0 ? p_met (opt, e[j++], u) : NAN;
      if (rep_first == 0)
        {
          x->added = open[u] ? a[u] : 0;
          x->p_met = p;
          pks_wilson_interval (n_met (opt, e[0], u), opt->reps, &x->p_low, &x->p_high);
          x->p_one_less = p1;
          estimate_unit (opt, e[0], u, &x->metric);
        }
      else
        {
          x->p_check = p;
          x->p_one_less_check = p1;
          estimate_unit (opt, e[0], u, &x->metric_check);
        }
    }
  return TRUE;
}

PksTargetResult *
pks_target_search (const PksTargetOptions *opt, PksEvalFunc eval, gpointer ctx, GError **error)
{
  g_return_val_if_fail (opt->reps >= 2 && opt->confidence > 0 && opt->confidence <= 1, NULL);
  guint n = opt->n_units;
  Search s = { opt, eval, ctx, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, eval_free),
               0, 0 };
  PksTargetResult *res = g_new0 (PksTargetResult, 1);
  res->n_units = n;
  res->units = g_new0 (PksTargetUnit, n);
  res->settled = TRUE;
  for (guint u = 0; u < n; u++)
    {
      PksTargetUnit *x = &res->units[u];
      x->p_one_less = x->p_check = x->p_one_less_check = NAN;
      x->metric_check.mean = x->metric_check.ci_low = x->metric_check.ci_high = NAN;
    }
  g_autofree gboolean *open = g_new0 (gboolean, n);
  g_autofree int *a = g_new0 (int, n);
  gboolean ok = stage_bounds (&s, res, open, error)
                && stage_bisect (&s, res, open, a, error)
                && stage_settle (&s, res, open, a, error)
                && describe (&s, res, open, a, 0, error)
                && (!opt->check || describe (&s, res, open, a, opt->reps, error));
  res->simulations = s.sims;
  res->evaluations = s.evaluations;
  g_hash_table_unref (s.cache);
  if (!ok)
    {
      pks_target_result_free (res);
      return NULL;
    }
  return res;
}

void
pks_target_result_free (PksTargetResult *r)
{
  if (r == NULL)
    return;
  g_free (r->units);
  g_free (r);
}
