/* optimise.c — simulation optimisation of a resource allocation with common
 * random numbers. Three stages (docs/optimise.md):
 *   1. greedy marginal allocation: add one unit of the resource at a time
 *      where it improves the objective most (bed-blocking objectives are
 *      close to convex in beds, and for independent Erlang loss units the
 *      greedy answer is exactly optimal);
 *   2. screening: the greedy answer's swap neighbours (one unit moved from
 *      one place to another), evaluated on the same replications, the best
 *      few kept;
 *   3. selection: Kim & Nelson's (2001) fully sequential procedure with an
 *      indifference zone δ picks the best of those with probability ≥ 1−α,
 *      using the variances of paired differences (so CRN helps it).
 * Every evaluation goes through the caller's PksEvalFunc in batches that
 * share a replication range, so the results do not depend on how the
 * caller schedules the work. */
#include "pks/exp/optimise.h"
#include "pks/core/error.h"
#include "pks/stats/stats.h"
#include "pks/exp/sched.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------- objective ---------- */

gboolean
pks_objective_parse (const char *expr, PksObjective *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (expr == NULL || *expr == '\0')
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--objective: empty expression");
      return FALSE;
    }
  const char *p = expr;
  while (*p)
    {
      while (*p == ' ')
        p++;
      double sign = 1.0;
      if (*p == '+' || *p == '-')
        {
          sign = *p == '-' ? -1.0 : 1.0;
          p++;
          while (*p == ' ')
            p++;
        }
      else if (out->n > 0)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--objective %s: expected + or - before \"%s\"", expr, p);
          return FALSE;
        }
      const char *end = p;
      while (*end && *end != '+' && !(*end == '-' && end > p && end[-1] != 'e' && end[-1] != '*'))
        end++;
      g_autofree char *term = g_strstrip (g_strndup (p, end - p));
      double w = 1.0;
      char *star = strchr (term, '*');
      const char *name = term;
      if (star)
        {
          *star = '\0';
          char *e = NULL;
          w = g_ascii_strtod (g_strstrip (term), &e);
          if (e == term || *e != '\0' || !isfinite (w))
            {
              g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                           "--objective %s: \"%s\" is not a number", expr, term);
              return FALSE;
            }
          name = g_strstrip (star + 1);
        }
      int m = pks_metric_from_name (name);
      if (m < 0)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--objective %s: unknown metric \"%s\" (a summary.csv metric name)",
                       expr, name);
          return FALSE;
        }
      if (out->n == G_N_ELEMENTS (out->metric))
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--objective %s: too many terms", expr);
          return FALSE;
        }
      out->metric[out->n] = (PksMetric) m;
      out->weight[out->n] = sign * w;
      out->n++;
      p = end;
    }
  return TRUE;
}

double
pks_objective_value (const PksObjective *o, const PksRepResult *r)
{
  double v = 0.0;
  for (guint i = 0; i < o->n; i++)
    {
      double x = pks_rep_metric (r, 0, o->metric[i]);
      v += o->weight[i] * (isnan (x) ? 0.0 : x);
    }
  return v;
}

/* The expression with metric names (words FALSE) or with their labels
 * in lower case and the language's numbers. */
static char *
objective_text (const PksObjective *o, gboolean words, PksLang lang)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < o->n; i++)
    {
      double w = o->weight[i];
      if (i > 0 || w < 0)
        g_string_append (s, w < 0 ? (i ? " − " : "−") : " + ");
      if (fabs (w) != 1.0 && !words)
        g_string_append_printf (s, "%g × ", fabs (w));
      else if (fabs (w) != 1.0)
        {
          g_autofree char *t = pks_number_text (fabs (w), fabs (w) == floor (fabs (w)) ? 0 : 2,
                                                lang == PKS_LANG_SV);
          g_string_append_printf (s, "%s × ", t);
        }
      if (words)
        {
          g_autofree char *low = g_utf8_strdown (pks_metric_label (o->metric[i], lang), -1);
          g_string_append (s, low);
        }
      else
        g_string_append (s, pks_metric_name (o->metric[i]));
    }
  return g_string_free (s, FALSE);
}

char *
pks_objective_format (const PksObjective *o)
{
  return objective_text (o, FALSE, PKS_LANG_SV);
}

char *
pks_objective_words (const PksObjective *o, PksLang lang)
{
  return objective_text (o, TRUE, lang);
}

/* ---------- allocations ---------- */

char *
pks_allocation_format (const int *alloc, guint n, const char *const *names)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    if (alloc[i] != 0)
      g_string_append_printf (s, "%s%s=%+d", s->len ? ";" : "", names[i], alloc[i]);
  return g_string_free (s, FALSE);
}

double
pks_allocation_count (guint n, int total, int cap)
{
  /* ways[t] = allocations of t over the units seen so far */
  g_autofree double *ways = g_new0 (double, total + 1);
  ways[0] = 1.0;
  for (guint u = 0; u < n; u++)
    {
      g_autofree double *next = g_new0 (double, total + 1);
      for (int t = 0; t <= total; t++)
        for (int x = 0; x <= (cap > 0 ? cap : total) && t + x <= total; x++)
          next[t + x] += ways[t];
      memcpy (ways, next, sizeof (double) * (total + 1));
    }
  return ways[total];
}

/* An allocation is what a plan would write for it (docs/staffing.md): from
 * the start, `+N` of the resource with `staff = own` (staffed beds and
 * sessions bring the staff that keep them open, by the norms), and for
 * staffed beds `+N` physical beds, the rooms they need. */
PksScenario *
pks_scenario_with_allocation (const PksScenario *s, PksResource res, const guint *units,
                              const int *alloc, guint n)
{
  return pks_scenario_with_allocation_from (s, res, units, alloc, n, s->start);
}

PksScenario *
pks_scenario_with_allocation_from (const PksScenario *s, PksResource res, const guint *units,
                                   const int *alloc, guint n, PksDate from)
{
  PksScenario *c = pks_scenario_copy (s);
  const char *origin = g_string_chunk_insert_const (c->strings, "optimise");
  gboolean staffed = res == PKS_RES_STAFFED_BEDS || res == PKS_RES_OR_SESSIONS;
  for (guint i = 0; i < n; i++)
    {
      if (alloc[i] == 0)
        continue;
      PksChange ch = { PKS_SEL_UNIT, units[i], res, from, 0, PKS_CHANGE_ADD, alloc[i],
                       NULL, { origin, 0 }, staffed ? PKS_STAFF_OWN : PKS_STAFF_NONE };
      if (res == PKS_RES_STAFFED_BEDS)
        {
          PksChange beds = ch;
          beds.resource = PKS_RES_BEDS;
          beds.staff = PKS_STAFF_NONE;
          g_array_append_val (c->changes, beds);
        }
      g_array_append_val (c->changes, ch);
    }
  return c;
}

/* ---------- evaluation cache ---------- */

typedef struct {
  int *alloc;
  GArray *obj;        /* double, one per replication 0..n-1 */
} Cand;

typedef struct {
  const PksOptimiseOptions *opt;
  PksEvalFunc eval;
  gpointer ctx;
  GHashTable *by_key; /* char* -> Cand* */
  GPtrArray *all;     /* Cand*, creation order */
  guint64 sims;
} Opt;

static void
cand_free (gpointer p)
{
  Cand *c = p;
  g_free (c->alloc);
  g_array_unref (c->obj);
  g_free (c);
}

static char *
key_of (const int *a, guint n)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%d,", a[i]);
  return g_string_free (s, FALSE);
}

static Cand *
cand_get (Opt *o, const int *alloc)
{
  guint n = o->opt->n_units;
  g_autofree char *k = key_of (alloc, n);
  Cand *c = g_hash_table_lookup (o->by_key, k);
  if (c)
    return c;
  c = g_new0 (Cand, 1);
  c->alloc = g_memdup2 (alloc, sizeof (int) * n);
  c->obj = g_array_new (FALSE, FALSE, sizeof (double));
  g_hash_table_insert (o->by_key, g_steal_pointer (&k), c);
  g_ptr_array_add (o->all, c);
  return c;
}

/* Bring every candidate in cs to at least `want` replications, in batches
 * that share a replication range (so the caller can run them together). */
static gboolean
ensure_reps (Opt *o, Cand **cs, guint k, guint want, GError **error)
{
  guint n = o->opt->n_units;
  for (;;)
    {
      /* the lowest current count among those short of want */
      guint have = G_MAXUINT;
      for (guint i = 0; i < k; i++)
        if (cs[i]->obj->len < want && cs[i]->obj->len < have)
          have = cs[i]->obj->len;
      if (have == G_MAXUINT)
        return TRUE;
      /* all candidates at that count, up to the next higher count */
      guint upto = want;
      for (guint i = 0; i < k; i++)
        if (cs[i]->obj->len > have && cs[i]->obj->len < upto)
          upto = cs[i]->obj->len;
      g_autoptr (GPtrArray) batch = g_ptr_array_new ();
      for (guint i = 0; i < k; i++)
        if (cs[i]->obj->len == have && g_ptr_array_find (batch, cs[i], NULL) == FALSE)
          g_ptr_array_add (batch, cs[i]);
      guint nr = upto - have;
      g_autofree int *allocs = g_new (int, (gsize) batch->len * n);
      for (guint b = 0; b < batch->len; b++)
        memcpy (allocs + (gsize) b * n, ((Cand *) g_ptr_array_index (batch, b))->alloc, sizeof (int) * n);
      g_autofree double *obj = g_new (double, (gsize) batch->len * nr);
      if (!o->eval (o->ctx, allocs, batch->len, have, nr, obj, NULL, error))
        return FALSE;
      o->sims += (guint64) batch->len * nr;
      for (guint b = 0; b < batch->len; b++)
        g_array_append_vals (((Cand *) g_ptr_array_index (batch, b))->obj, obj + (gsize) b * nr, nr);
    }
}

/* Mean of the first r replications, as a quantity to minimise. */
static double
cost (const Opt *o, const Cand *c, guint r)
{
  double s = 0.0;
  for (guint i = 0; i < r; i++)
    s += g_array_index (c->obj, double, i);
  s /= r;
  return o->opt->maximise ? -s : s;
}

/* ---------- the three stages ---------- */

/* What the greedy stage knows of each unit: the latest estimate of one
 * more unit of the resource there (the fall in cost, on the greedy
 * replications) and the step it was measured at. */
typedef struct {
  double *gain;
  int *at;                      /* step of the estimate; -1: never measured */
  double *added;                /* the estimate its last addition was taken with */
} Gains;

/* The greedy stage's replications: half of n0 (at least 2). A marginal
 * gain is a paired difference on common random numbers, far more precise
 * than either allocation's own estimate, and the finalists get n0 and
 * more in the selection stage. */
static guint
greedy_reps (const PksOptimiseOptions *opt)
{
  return MAX (2u, (opt->reps_greedy + 1) / 2);
}

/* An estimate this many steps old is measured again whatever its value.
 * Units interact (outlying): beds for one unit can raise another's gain,
 * so an old estimate is no bound. On the council's 25 beds over 21 units
 * (docs/optimise.md, out of sample, 40 paired replications): never
 * refreshing gave an answer 185 [150, 221] days a year worse than the
 * full greedy's, refreshing every 10 steps 84 [57, 111] worse, every 8
 * steps 9 [−12, 30] (the same). No refresh in the last 4 steps: the
 * screening measures every unit afresh at the answer, and a last bed put
 * on a stale estimate is one swap from the right place (the same answer,
 * 775 simulations instead of 840). */
#define GREEDY_REFRESH_STEPS 8

/* Greedy marginal allocation, lazily (Minoux's accelerated greedy): with
 * diminishing returns (exactly so for independent Erlang loss units) a
 * unit's gain only falls as resources are added, so an estimate made at
 * an earlier step bounds it from above. Each step re-measures only the
 * units whose old estimates beat every estimate made at this step, two at
 * a time (a batch for two threads), and any estimate GREEDY_REFRESH_STEPS
 * old, and takes the best once its fresh gain is at least every other
 * unit's bound. The first step measures every unit. Before: every unit at
 * every step on n0 replications, 21 × 25 evaluations (5 250 simulations)
 * for the council's question; now about 130 on half of n0 (585). */
static gboolean
greedy (Opt *o, int *x, guint *steps, Gains *gn, GError **error)
{
  const PksOptimiseOptions *opt = o->opt;
  guint n = opt->n_units, r = greedy_reps (opt);
  const int refresh = GREEDY_REFRESH_STEPS;
  g_autofree int *trial = g_new (int, n);
  g_autofree guint *order = g_new (guint, n);
  g_autofree Cand **cs = g_new (Cand *, n);
  for (guint i = 0; i < n; i++)
    {
      gn->gain[i] = INFINITY;
      gn->at[i] = -1;
      gn->added[i] = 0.0;
    }
  for (int step = 0; step < opt->total; step++)
    {
      Cand *cur = cand_get (o, x);
      if (!ensure_reps (o, &cur, 1, r, error))
        return FALSE;
      double c0 = cost (o, cur, r);
      for (;;)
        {
          /* eligible units by estimate, best first (ties by unit); an
           * estimate older than the refresh age counts as unknown, but
           * for the last steps (the screening refreshes them all) */
          guint k = 0;
          for (guint i = 0; i < n; i++)
            if (opt->max_per_unit <= 0 || x[i] < opt->max_per_unit)
              {
                order[k++] = i;
                if (gn->at[i] >= 0 && gn->at[i] != step && step - gn->at[i] >= refresh
                    && opt->total - step > refresh / 2)
                  gn->gain[i] = INFINITY;
              }
          for (guint a = 1; a < k; a++)
            {
              guint u = order[a], b = a;
              for (; b > 0 && gn->gain[order[b - 1]] < gn->gain[u]; b--)
                order[b] = order[b - 1];
              order[b] = u;
            }
          /* the stale estimates ahead of the best fresh one: all of them
           * at the first step, two at a time after */
          guint m = 0, limit = 2;
          for (guint a = 0; a < k; a++)
            if (gn->gain[order[a]] == INFINITY)
              limit++;
          for (guint a = 0; a < k && gn->at[order[a]] != step && m < limit; a++)
            {
              memcpy (trial, x, sizeof (int) * n);
              trial[order[a]]++;
              cs[m++] = cand_get (o, trial);
            }
          if (m == 0)
            break;   /* the best estimate is fresh: no bound beats it */
          if (!ensure_reps (o, cs, m, r, error))
            return FALSE;
          for (guint a = 0; a < m; a++)
            {
              guint u = order[a];
              gn->gain[u] = c0 - cost (o, cs[a], r);
              gn->at[u] = step;
            }
        }
      guint best = G_MAXUINT;
      for (guint i = 0; i < n; i++)
        if ((opt->max_per_unit <= 0 || x[i] < opt->max_per_unit) && gn->at[i] == step
            && (best == G_MAXUINT || gn->gain[i] > gn->gain[best]))
          best = i;
      x[best]++;
      gn->added[best] = gn->gain[best];
      (*steps)++;
      if (opt->verbose)
        {
          g_autofree char *a = pks_allocation_format (x, n, opt->unit_names);
          double c = c0 - gn->gain[best];
          /* a plain number, never an exponent (issue 24) */
          g_autofree char *v = pks_number_text (opt->maximise ? -c : c, 1, FALSE);
          fprintf (stderr, "optimise: greedy step %d/%d: %s (objective %s)\n", step + 1,
                   opt->total, a, v);
        }
    }
  return TRUE;
}

/* Every allocation of opt->total over the units (each at most the cap),
 * in lexicographic order, into out (Cand*). */
static void
enumerate (Opt *o, int *x, guint i, int left, GPtrArray *out)
{
  const PksOptimiseOptions *opt = o->opt;
  guint n = opt->n_units;
  if (i == n - 1)
    {
      if (opt->max_per_unit > 0 && left > opt->max_per_unit)
        return;
      x[i] = left;
      g_ptr_array_add (out, cand_get (o, x));
      return;
    }
  int hi = opt->max_per_unit > 0 ? MIN (left, opt->max_per_unit) : left;
  for (int v = hi; v >= 0; v--)
    {
      x[i] = v;
      enumerate (o, x, i + 1, left - v, out);
    }
  x[i] = 0;
}

static int
cmp_cost (gconstpointer a, gconstpointer b, gpointer data)
{
  gpointer *d = data;
  const Opt *o = d[0];
  guint r = GPOINTER_TO_UINT (d[1]);
  double x = cost (o, *(Cand *const *) a, r), y = cost (o, *(Cand *const *) b, r);
  return (x > y) - (x < y);
}

/* Swap neighbours of x (one unit moved from i to j), screened by
 * estimates: the gain of adding one to j measured afresh at x for every
 * unit (on the greedy replications: interactions between units, outlying,
 * can raise a unit's gain as others are given beds, which older estimates
 * would miss), and the loss of taking one from i as the gain its last
 * unit was added with. The predicted change of a swap is i's loss − j's
 * gain; the most promising, --keep + 2, are simulated on n0 replications
 * with x, and the best --keep go on. Before, every swap was simulated on
 * n0 (140 allocations for 25 beds on 7 of 21 units). */
typedef struct {
  guint i, j;
  double predicted;
} Swap;

static int
cmp_swap (gconstpointer a, gconstpointer b)
{
  const Swap *x = a, *y = b;
  if (x->predicted != y->predicted)
    return x->predicted < y->predicted ? -1 : 1;
  return x->i != y->i ? (x->i < y->i ? -1 : 1) : (x->j > y->j) - (x->j < y->j);
}

static GPtrArray *
screen (Opt *o, const int *x, const Gains *gn, GError **error)
{
  const PksOptimiseOptions *opt = o->opt;
  guint n = opt->n_units, r = opt->reps_greedy, rg = greedy_reps (opt);
  g_autofree int *trial = g_new (int, n);
  /* x, then x + e_j for every j with room */
  g_autoptr (GPtrArray) probe = g_ptr_array_new ();
  g_autofree double *gain = g_new (double, n);
  g_ptr_array_add (probe, cand_get (o, x));
  for (guint j = 0; j < n; j++)
    {
      if (opt->max_per_unit > 0 && x[j] >= opt->max_per_unit)
        continue;
      memcpy (trial, x, sizeof (int) * n);
      trial[j]++;
      g_ptr_array_add (probe, cand_get (o, trial));
    }
  if (!ensure_reps (o, (Cand **) probe->pdata, probe->len, rg, error))
    return NULL;
  double c0 = cost (o, g_ptr_array_index (probe, 0), rg);
  for (guint j = 0, at = 1; j < n; j++)
    gain[j] = opt->max_per_unit > 0 && x[j] >= opt->max_per_unit
              ? -INFINITY : c0 - cost (o, g_ptr_array_index (probe, at++), rg);
  g_autoptr (GArray) swaps = g_array_new (FALSE, FALSE, sizeof (Swap));
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        if (i == j || x[i] == 0 || (opt->max_per_unit > 0 && x[j] >= opt->max_per_unit))
          continue;
        Swap sw = { i, j, gn->added[i] - gain[j] };
        g_array_append_val (swaps, sw);
      }
  g_array_sort (swaps, cmp_swap);
  guint want = MIN (swaps->len, opt->screen_keep + 2);
  GPtrArray *nb = g_ptr_array_new ();
  for (guint k = 0; k < want; k++)
    {
      const Swap *sw = &g_array_index (swaps, Swap, k);
      memcpy (trial, x, sizeof (int) * n);
      trial[sw->i]--;
      trial[sw->j]++;
      g_ptr_array_add (nb, cand_get (o, trial));
    }
  g_ptr_array_add (nb, cand_get (o, x));
  if (!ensure_reps (o, (Cand **) nb->pdata, nb->len, r, error))
    {
      g_ptr_array_unref (nb);
      return NULL;
    }
  g_ptr_array_set_size (nb, nb->len - 1);
  gpointer d[2] = { o, GUINT_TO_POINTER (r) };
  g_ptr_array_sort_with_data (nb, cmp_cost, d);
  if (nb->len > opt->screen_keep)
    g_ptr_array_set_size (nb, opt->screen_keep);
  return nb;
}

/* Kim & Nelson (2001), fully sequential, for minimisation of cost. S² of
 * the paired differences come from the first n0 replications; then one
 * batch of replications at a time for the survivors until one is left or
 * reps_max is reached. Returns the survivors. */
static GPtrArray *
select_kn (Opt *o, GPtrArray *set, double delta, GError **error)
{
  const PksOptimiseOptions *opt = o->opt;
  guint k = set->len, n0 = opt->reps_greedy;
  GPtrArray *alive = g_ptr_array_copy (set, NULL, NULL);
  if (k < 2)
    return alive;
  double eta = 0.5 * (pow (2.0 * opt->alpha / (k - 1), -2.0 / (n0 - 1)) - 1.0);
  double h2 = 2.0 * eta * (n0 - 1);
  g_autofree double *s2 = g_new0 (double, (gsize) k * k);
  for (guint i = 0; i < k; i++)
    for (guint l = 0; l < k; l++)
      {
        if (i == l)
          continue;
        const Cand *a = g_ptr_array_index (set, i), *b = g_ptr_array_index (set, l);
        PksWelford w;
        pks_welford_init (&w);
        for (guint j = 0; j < n0; j++)
          pks_welford_add (&w, g_array_index (a->obj, double, j) - g_array_index (b->obj, double, j));
        s2[i * k + l] = pks_welford_variance (&w);
      }
  guint r = n0;
  for (;;)
    {
      /* screening at stage r */
      GPtrArray *next = g_ptr_array_new ();
      for (guint ai = 0; ai < alive->len; ai++)
        {
          Cand *i = g_ptr_array_index (alive, ai);
          guint ii = 0;
          g_ptr_array_find (set, i, &ii);
          gboolean keep = TRUE;
          for (guint al = 0; al < alive->len && keep; al++)
            {
              Cand *l = g_ptr_array_index (alive, al);
              if (l == i)
                continue;
              guint ll = 0;
              g_ptr_array_find (set, l, &ll);
              double w = MAX (0.0, delta / (2.0 * r) * (h2 * s2[ii * k + ll] / (delta * delta) - r));
              /* i is dropped when its cost exceeds l's by more than W */
              if (cost (o, i, r) > cost (o, l, r) + w)
                keep = FALSE;
            }
          if (keep)
            g_ptr_array_add (next, i);
        }
      g_ptr_array_unref (alive);
      alive = next;
      if (alive->len <= 1 || r >= opt->reps_max)
        break;
      guint step = MIN (5u, opt->reps_max - r);
      if (!ensure_reps (o, (Cand **) alive->pdata, alive->len, r + step, error))
        {
          g_ptr_array_unref (alive);
          return NULL;
        }
      r += step;
      if (opt->verbose)
        fprintf (stderr, "optimise: selection: %u allocations left after %u replications\n",
                 alive->len, r);
    }
  return alive;
}

static void
estimate (const GArray *x, guint n, double *mean, double *lo, double *hi)
{
  PksWelford w;
  pks_welford_init (&w);
  for (guint i = 0; i < n; i++)
    pks_welford_add (&w, g_array_index (x, double, i));
  double hw = pks_welford_halfwidth (&w, 0.95);
  *mean = w.mean;
  *lo = w.mean - hw;
  *hi = w.mean + hw;
}

static void
paired (const GArray *a, const GArray *b, guint n, double *mean, double *lo, double *hi)
{
  g_autoptr (GArray) d = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (a, double, i) - g_array_index (b, double, i);
      g_array_append_val (d, v);
    }
  estimate (d, n, mean, lo, hi);
}

PksOptimiseResult *
pks_optimise (const PksOptimiseOptions *opt, PksEvalFunc eval, gpointer ctx, GError **error)
{
  g_return_val_if_fail (opt->reps_greedy >= 2, NULL);
  guint n = opt->n_units;
  if (opt->total < 0 || (opt->max_per_unit > 0 && (gint64) opt->max_per_unit * n < opt->total))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "cannot place %d over %u units with at most %d each", opt->total, n,
                   opt->max_per_unit);
      return NULL;
    }
  Opt o = { opt, eval, ctx, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
            g_ptr_array_new_with_free_func (cand_free), 0 };
  PksOptimiseResult *res = g_new0 (PksOptimiseResult, 1);
  res->ranked = g_array_new (FALSE, TRUE, sizeof (PksAllocation));
  g_autofree int *x = g_new0 (int, n);
  gboolean ok = FALSE;
  GPtrArray *nb = NULL, *alive = NULL, *final = NULL;

  Cand *base = cand_get (&o, x);
  if (!ensure_reps (&o, &base, 1, opt->reps_greedy, error))
    goto out;
  /* every allocation when that takes no more simulations than the greedy
   * path and its neighbours would (at most total × n and n × (n − 1)) */
  res->enumeration = pks_allocation_count (n, opt->total, opt->max_per_unit);
  res->enumerated = res->enumeration <= (double) opt->total * n + (double) n * (n - 1);
  Cand *g;
  if (res->enumerated)
    {
      nb = g_ptr_array_new ();
      enumerate (&o, x, 0, opt->total, nb);
      if (nb->len && !ensure_reps (&o, (Cand **) nb->pdata, nb->len, opt->reps_greedy, error))
        goto out;
      gpointer d0[2] = { &o, GUINT_TO_POINTER (opt->reps_greedy) };
      g_ptr_array_sort_with_data (nb, cmp_cost, d0);
      if (nb->len > opt->screen_keep + 1)
        g_ptr_array_set_size (nb, opt->screen_keep + 1);
      g = g_ptr_array_index (nb, 0);
      memcpy (x, g->alloc, sizeof (int) * n);
    }
  else
    {
      g_autofree double *gain = g_new (double, n), *added = g_new (double, n);
      g_autofree int *at = g_new (int, n);
      Gains gn = { gain, at, added };
      if (!greedy (&o, x, &res->greedy_steps, &gn, error))
        goto out;
      g = cand_get (&o, x);
      if (opt->verbose)
        fprintf (stderr, "optimise: %" G_GUINT64_FORMAT " simulations after the greedy stage\n",
                 o.sims);
      nb = screen (&o, x, &gn, error);
      if (nb == NULL)
        goto out;
      g_ptr_array_insert (nb, 0, g);
    }

  /* indifference zone: 1 % of the greedy answer's objective unless given */
  double delta = opt->delta;
  if (delta <= 0)
    delta = MAX (1e-9, 0.01 * fabs (cost (&o, g, opt->reps_greedy)));
  res->delta = delta;
  if (opt->verbose)
    fprintf (stderr, "optimise: %" G_GUINT64_FORMAT " simulations before the selection\n", o.sims);
  alive = select_kn (&o, nb, delta, error);
  if (alive == NULL)
    goto out;

  /* a common number of replications for the reported table */
  guint rf = opt->reps_greedy;
  for (guint i = 0; i < nb->len; i++)
    rf = MAX (rf, ((Cand *) g_ptr_array_index (nb, i))->obj->len);
  final = g_ptr_array_copy (nb, NULL, NULL);
  g_ptr_array_add (final, base);
  if (!ensure_reps (&o, (Cand **) final->pdata, final->len, rf, error))
    goto out;
  g_ptr_array_remove (final, base);
  gpointer d[2] = { &o, GUINT_TO_POINTER (rf) };
  g_ptr_array_sort_with_data (final, cmp_cost, d);
  /* the selected allocation leads (it is the best mean but for a tie) */
  if (alive->len == 1)
    {
      g_ptr_array_remove (final, g_ptr_array_index (alive, 0));
      g_ptr_array_insert (final, 0, g_ptr_array_index (alive, 0));
    }
  res->reps_final = rf;
  estimate (base->obj, rf, &res->base_mean, &res->base_low, &res->base_high);
  Cand *best = g_ptr_array_index (final, 0);
  for (guint i = 0; i < MIN (final->len, MAX (1u, opt->top)); i++)
    {
      Cand *c = g_ptr_array_index (final, i);
      PksAllocation a = { g_memdup2 (c->alloc, sizeof (int) * n), rf, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
      estimate (c->obj, rf, &a.mean, &a.ci_low, &a.ci_high);
      paired (c->obj, best->obj, rf, &a.gap_mean, &a.gap_low, &a.gap_high);
      paired (c->obj, base->obj, rf, &a.base_gap_mean, &a.base_gap_low, &a.base_gap_high);
      g_array_append_val (res->ranked, a);
    }
  res->simulations = o.sims;
  /* complete allocations (all of total placed) apart from the partial ones
   * of the greedy path; the base is neither */
  for (guint i = 0; i < o.all->len; i++)
    {
      const Cand *c = g_ptr_array_index (o.all, i);
      int sum = 0;
      for (guint u = 0; u < n; u++)
        sum += c->alloc[u];
      if (sum == opt->total)
        res->evaluations++;
      else if (sum > 0)
        res->partial++;
    }
  ok = TRUE;
out:
  if (nb)
    g_ptr_array_unref (nb);
  if (alive)
    g_ptr_array_unref (alive);
  if (final)
    g_ptr_array_unref (final);
  g_hash_table_unref (o.by_key);
  g_ptr_array_unref (o.all);
  if (!ok)
    {
      pks_optimise_result_free (res);
      return NULL;
    }
  return res;
}

void
pks_optimise_result_free (PksOptimiseResult *r)
{
  if (r == NULL)
    return;
  for (guint i = 0; i < r->ranked->len; i++)
    g_free (g_array_index (r->ranked, PksAllocation, i).alloc);
  g_array_unref (r->ranked);
  g_free (r);
}

/* ---------- the standard evaluator, on the work scheduler ---------- */

typedef struct {
  const PksScenarioEval *c;
  const int *alloc;
} BuildCtx;

static PksModel *
build_point (gpointer data, guint point, GError **error)
{
  BuildCtx *b = data;
  const PksScenarioEval *c = b->c;
  g_autoptr (PksScenario) s = pks_scenario_with_allocation_from (c->base, c->resource, c->units,
                                                                b->alloc + (gsize) point * c->n_units,
                                                                c->n_units,
                                                                c->from ? c->from : c->base->start);
  if (c->days > 0)
    s->days = c->days;
  return pks_model_new (s, error);
}

typedef struct {
  const PksObjective *objective;
  double *obj;
  PksRepResult **results;
} SinkCtx;

static void
sink (gpointer data, guint index, const PksTask *task, PksRepResult *r)
{
  (void) task;
  SinkCtx *k = data;
  k->obj[index] = pks_objective_value (k->objective, r);
  if (k->results)
    k->results[index] = r;
  else
    pks_rep_result_free (r);
}

/* One batch on every rank: the allocations become design points built on
 * demand, the tasks are the grid point × replication, point-major. The
 * results carry their metrics only, on every rank alike (an MPI job
 * gathers what each rank made). */
static gboolean
run_batch (const PksScenarioEval *c, const int *alloc, guint n_alloc, guint rep_first,
           guint n_reps, double *obj, PksRepResult **results, GError **error)
{
  BuildCtx b = { c, alloc };
  PksPoints points = { n_alloc, NULL, build_point, &b };
  g_autofree PksTask *tasks = pks_sched_grid (n_alloc, rep_first, n_reps);
  PksSchedOptions so = { c->threads, FALSE, TRUE, FALSE, NULL, 0, PKS_SCHED_AUTO, NULL, NULL };
  SinkCtx k = { &c->objective, obj, results };
  return pks_sched_run (&points, tasks, n_alloc * n_reps, c->seed, &so, sink, &k, error);
}

/* A batch as it travels to the other ranks: four words, then the allocations. */
static GBytes *
pack_batch (const PksScenarioEval *c, const int *alloc, guint n_alloc, guint rep_first, guint n_reps)
{
  gsize n = 4 + (gsize) n_alloc * c->n_units;
  gint32 *w = g_new (gint32, n);
  w[0] = (gint32) n_alloc;
  w[1] = (gint32) rep_first;
  w[2] = (gint32) n_reps;
  w[3] = (gint32) c->n_units;
  for (gsize i = 0; i < (gsize) n_alloc * c->n_units; i++)
    w[4 + i] = alloc[i];
  return g_bytes_new_take (w, n * sizeof (gint32));
}

gboolean
pks_optimise_eval_scenario (gpointer data, const int *alloc, guint n_alloc, guint rep_first,
                            guint n_reps, double *obj, PksRepResult **results, GError **error)
{
  PksScenarioEval *c = data;
  if (pks_sched_size () > 1)
    {
      /* the other ranks wait in pks_optimise_serve for the next batch */
      g_autoptr (GBytes) b = pack_batch (c, alloc, n_alloc, rep_first, n_reps);
      g_autoptr (GBytes) same = pks_sched_bcast_bytes (b);
    }
  return run_batch (c, alloc, n_alloc, rep_first, n_reps, obj, results, error);
}

gboolean
pks_optimise_serve (const PksScenarioEval *c, GError **error)
{
  gboolean ok = TRUE;
  for (;;)
    {
      g_autoptr (GBytes) b = pks_sched_bcast_bytes (NULL);
      gsize len = 0;
      const gint32 *w = b ? g_bytes_get_data (b, &len) : NULL;
      if (w == NULL || len < 4 * sizeof (gint32))
        return ok;   /* rank 0 is done */
      guint n_alloc = (guint) w[0], rep_first = (guint) w[1], n_reps = (guint) w[2];
      if ((guint) w[3] != c->n_units || len != (4 + (gsize) n_alloc * c->n_units) * sizeof (gint32))
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED, "optimise: a malformed batch from rank 0");
          return FALSE;
        }
      g_autofree int *alloc = g_new (int, (gsize) n_alloc * c->n_units);
      for (gsize i = 0; i < (gsize) n_alloc * c->n_units; i++)
        alloc[i] = w[4 + i];
      g_autofree double *obj = g_new (double, MAX (1u, n_alloc * n_reps));
      g_autoptr (GError) e = NULL;
      if (!run_batch (c, alloc, n_alloc, rep_first, n_reps, obj, NULL, &e))
        {
          /* every rank sees the failure; rank 0 reports it and ends */
          ok = FALSE;
          if (error && *error == NULL)
            *error = g_steal_pointer (&e);
        }
    }
}

void
pks_optimise_stop_serving (void)
{
  if (pks_sched_size () > 1)
    {
      g_autoptr (GBytes) none = g_bytes_new (NULL, 0);
      g_autoptr (GBytes) same = pks_sched_bcast_bytes (none);
    }
}
