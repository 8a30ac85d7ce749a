/* test-stats.c — Welford accumulators, Student-t quantiles and half-widths,
 * type-7 percentiles of samples and of integer histograms, Erlang B. */
#include "pks/pks.h"

#include <math.h>
#include <string.h>

#define DFS 9
static const double dfs[DFS] = { 1, 2, 3, 4, 5, 9, 29, 100, 1000 };

/* Student-t quantiles from mpmath (inverse of the regularised incomplete
 * beta at 30 digits); they agree with printed tables (12.7062, 4.3027,
 * 2.7764, 2.2622, 2.0452, 1.9840 at 0.975). */
static const struct {
  double p;
  double t[DFS];
} t_table[] = {
  { 0.9, { 3.0776835371752534, 1.8856180831641267, 1.6377443536962101, 1.5332062740589439,
           1.4758840488244811, 1.3830287383966323, 1.3114336473015511, 1.290074761346516,
           1.2823987214609244 } },
  { 0.95, { 6.3137515146750431, 2.9199855803537257, 2.3533634348018239, 2.1318467863266503,
            2.0150483733330242, 1.8331129326562372, 1.6991270265334978, 1.6602343260853396,
            1.6463788172854647 } },
  { 0.975, { 12.706204736174705, 4.3026527297494639, 3.1824463052837096, 2.7764451051977944,
             2.5705818356363155, 2.2621571627982055, 2.0452296421327043, 1.9839715185235523,
             1.9623390808264085 } },
  { 0.995, { 63.656741162871581, 9.9248432009182931, 5.8409093097333573, 4.6040948713499932,
             4.0321429835552281, 3.2498355415921263, 2.7563859036706055, 2.6258905214380179,
             2.5807546980659511 } },
  { 0.9995, { 636.61924876871962, 31.599054576443621, 12.923978636687483, 8.6103015813792751,
              6.8688266258811102, 4.7809125859311391, 3.6594050194663329, 3.3904913111642299,
              3.3002826484239129 } },
};

/* Hill's algorithm is an approximation: 1e-4 relative is the accuracy we
 * need for confidence intervals (a 0.01 % error in a half-width). */
static void
test_t_quantile_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (t_table); i++)
    for (guint k = 0; k < DFS; k++)
      {
        double p = t_table[i].p, want = t_table[i].t[k];
        double got = pks_t_quantile (p, dfs[k]);
        double rel = fabs (got - want) / want;
        g_test_message ("t(%g, %g) = %.10g, table %.10g, rel %.2g", p, dfs[k], got, want, rel);
        if (!(rel <= 1e-4))
          g_error ("t(%g, df %g) = %.10g, expected %.10g (relative error %.3g)",
                   p, dfs[k], got, want, rel);
        /* lower tail by symmetry */
        g_assert_cmpfloat_with_epsilon (pks_t_quantile (1.0 - p, dfs[k]), -got, 1e-9 * want);
      }
}

static void
test_t_quantile_shape (void)
{
  for (guint k = 0; k < DFS; k++)
    g_assert_cmpfloat (pks_t_quantile (0.5, dfs[k]), ==, 0.0);
  /* decreasing in df towards the normal quantile */
  double prev = INFINITY;
  for (double df = 1; df <= 300; df++)
    {
      double t = pks_t_quantile (0.975, df);
      g_assert_cmpfloat (t, <, prev);
      g_assert_cmpfloat (t, >, 1.959963984540054);
      prev = t;
    }
  g_assert_cmpfloat_with_epsilon (pks_t_quantile (0.975, 1e8), 1.959963984540054, 1e-7);
  /* increasing in p */
  prev = -INFINITY;
  for (int i = 1; i < 200; i++)
    {
      double t = pks_t_quantile (i / 200.0, 7.0);
      g_assert_cmpfloat (t, >, prev);
      prev = t;
    }
  g_assert_true (isnan (pks_t_quantile (0.0, 5.0)));
  g_assert_true (isnan (pks_t_quantile (1.0, 5.0)));
  g_assert_true (isnan (pks_t_quantile (0.975, 0.0)));
}

static void
test_normal_cdf (void)
{
  g_assert_cmpfloat (pks_normal_cdf (0.0), ==, 0.5);
  g_assert_cmpfloat_with_epsilon (pks_normal_cdf (1.959963984540054), 0.975, 1e-15);
  g_assert_cmpfloat_with_epsilon (pks_normal_cdf (-1.0), 0.15865525393145705, 1e-16);
}

static void
test_welford_small (void)
{
  PksWelford w;
  pks_welford_init (&w);
  g_assert_true (isnan (pks_welford_variance (&w)));
  pks_welford_add (&w, 3.0);
  g_assert_cmpfloat (w.mean, ==, 3.0);
  g_assert_true (isnan (pks_welford_variance (&w)));
  pks_welford_add (&w, 1.0);
  pks_welford_add (&w, 4.0);
  pks_welford_add (&w, 2.0);
  g_assert_cmpuint (w.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (w.mean, 2.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (pks_welford_variance (&w), 5.0 / 3.0, 1e-15);
}

/* 100 000 values 1e9 + u, u uniform in (0, 1): the textbook formula
 * Σx² - n x̄² loses every digit here (x² ~ 1e18 with 16 digits, variance
 * 1/12). Welford must agree with a two-pass variance of the exact
 * differences x - 1e9 (Sterbenz: exact in double). Its running mean is
 * rounded to ulp(1e9) = 1.2e-7 at every step and drifts by about
 * sqrt(n/3) ulp/2 ≈ 1e-5 (allowed: 1e-4); the drift moves s² by about
 * ulp/(σ√3) ≈ 2.4e-7 relative (allowed: 1e-6). The textbook formula is
 * off by more than 1e5 relative. */
static void
test_welford_offset (void)
{
  PksRng r;
  pks_rng_init_keyed (&r, 1, 0, "welford");
  const guint n = 100000;
  g_autofree double *d = g_new (double, n);
  PksWelford w;
  pks_welford_init (&w);
  double naive_s = 0.0, naive_ss = 0.0;
  for (guint i = 0; i < n; i++)
    {
      double x = 1e9 + pks_rng_uniform (&r);
      d[i] = x - 1e9;
      pks_welford_add (&w, x);
      naive_s += x;
      naive_ss += x * x;
    }
  double md = 0.0;
  for (guint i = 0; i < n; i++)
    md += d[i];
  md /= n;
  double v = 0.0;
  for (guint i = 0; i < n; i++)
    v += (d[i] - md) * (d[i] - md);
  v /= n - 1;

  double wv = pks_welford_variance (&w);
  double naive = (naive_ss - naive_s * naive_s / n) / (n - 1);
  g_test_message ("two-pass %.12g, Welford %.12g, naive %.6g", v, wv, naive);
  g_assert_cmpfloat (fabs (v - 1.0 / 12.0), <, 0.01);   /* sanity of the data */
  g_assert_cmpfloat (fabs (wv - v), <=, 1e-6 * v);
  g_assert_cmpfloat (fabs (w.mean - (1e9 + md)), <=, 1e-4);
}

/* {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, s² = 32/7; half-width t(1-α/2, 7) s/√8. */
static void
test_halfwidth (void)
{
  const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
  PksWelford w;
  pks_welford_init (&w);
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    pks_welford_add (&w, x[i]);
  double se = sqrt (32.0 / 7.0 / 8.0);
  double hw95 = 2.3646242515927847 * se, hw99 = 3.4994832973504933 * se;
  g_assert_cmpfloat_with_epsilon (hw95, 1.7874879182362108, 1e-12);
  g_assert_cmpfloat (fabs (pks_welford_halfwidth (&w, 0.95) - hw95), <=, 1e-4 * hw95);
  g_assert_cmpfloat (fabs (pks_welford_halfwidth (&w, 0.99) - hw99), <=, 1e-4 * hw99);

  /* zero spread: an interval of width 0 */
  pks_welford_init (&w);
  for (guint i = 0; i < 5; i++)
    pks_welford_add (&w, 3.25);
  g_assert_cmpfloat (pks_welford_halfwidth (&w, 0.95), ==, 0.0);

  /* fewer than two values: no interval */
  pks_welford_init (&w);
  g_assert_true (isnan (pks_welford_halfwidth (&w, 0.95)));
  pks_welford_add (&w, 1.0);
  g_assert_true (isnan (pks_welford_halfwidth (&w, 0.95)));
}

/* Hand-computed type 7: h = (n-1) p/100, x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
 * For {15, 20, 35, 40, 50}: p40 → h 1.6 → 20 + 0.6·15 = 29 (R quantile()). */
static void
test_percentile (void)
{
  static const struct {
    double pct, want;
  } k[] = {
    { 0, 15 }, { 25, 20 }, { 40, 29 }, { 50, 35 }, { 75, 40 }, { 90, 46 },
    { 99, 49.6 }, { 100, 50 }, { 10, 17 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (k); i++)
    {
      double x[] = { 40, 15, 50, 20, 35 };
      g_assert_cmpfloat_with_epsilon (pks_percentile (x, 5, k[i].pct), k[i].want, 1e-12);
      /* and it sorted the sample */
      for (guint j = 1; j < 5; j++)
        g_assert_cmpfloat (x[j - 1], <=, x[j]);
    }
  double one[] = { 7.5 };
  g_assert_cmpfloat (pks_percentile (one, 1, 0), ==, 7.5);
  g_assert_cmpfloat (pks_percentile (one, 1, 50), ==, 7.5);
  g_assert_cmpfloat (pks_percentile (one, 1, 100), ==, 7.5);
  g_assert_true (isnan (pks_percentile (one, 0, 50)));
  double two[] = { 10, 0 };
  g_assert_cmpfloat_with_epsilon (pks_percentile (two, 2, 95), 9.5, 1e-12);
  /* ties */
  double ties[] = { 3, 1, 3, 3, 2, 3 };
  g_assert_cmpfloat_with_epsilon (pks_percentile (ties, 6, 30), 2.5, 1e-12);
}

/* Selection gives exactly the sorted percentile: random samples with many
 * ties (as daily census sums have), all-equal, sorted and reversed input,
 * n = 1 and 2, percentiles 0, 95, 100 and random ones. */
static void
test_percentile_select (void)
{
  g_autoptr (GRand) rnd = g_rand_new_with_seed (11);
  for (int trial = 0; trial < 400; trial++)
    {
      guint n = trial < 4 ? (guint) trial + 1 : (guint) g_rand_int_range (rnd, 1, 800);
      int kind = trial % 5;
      g_autofree double *v = g_new (double, n);
      for (guint i = 0; i < n; i++)
        v[i] = kind == 0 ? 7.0
               : kind == 1 ? (double) i
               : kind == 2 ? (double) (n - i)
               : kind == 3 ? (double) g_rand_int_range (rnd, 0, 6)
               : g_rand_double_range (rnd, -50, 50);
      g_autofree double *a = g_new (double, n);
      g_autofree double *b = g_new (double, n);
      for (guint k = 0; k < 16; k++)
        {
          double pct = k == 0 ? 0 : k == 1 ? 100 : k == 2 ? 95 : g_rand_double_range (rnd, 0, 100);
          memcpy (a, v, sizeof (double) * n);
          memcpy (b, v, sizeof (double) * n);
          double want = pks_percentile (a, n, pct);
          double got = pks_percentile_select (b, n, pct);
          if (got != want)
            g_error ("n %u kind %d p%g: select %.17g, sort %.17g", n, kind, pct, got, want);
        }
    }
  g_assert_true (isnan (pks_percentile_select (NULL, 0, 50)));
}

static const double pcts[] = { 0, 0.5, 1, 5, 10, 25, 33.3, 50, 66.7, 75, 90, 95, 97.5, 99, 99.9, 100 };

static void
check_hist_against (const PksIntHist *h, const guint *v, guint n)
{
  g_autofree double *x = g_new (double, n);
  g_assert_cmpuint (h->total, ==, n);
  for (guint k = 0; k < G_N_ELEMENTS (pcts); k++)
    {
      for (guint i = 0; i < n; i++)
        x[i] = v[i];
      double want = pks_percentile (x, n, pcts[k]);
      double got = pks_int_hist_percentile (h, pcts[k]);
      if (!(fabs (got - want) <= 1e-9 * MAX (1.0, fabs (want))))
        g_error ("p%g: histogram %.12g, sample %.12g (n %u)", pcts[k], got, want, n);
    }
}

/* Random integers, mostly small with a tail up to 5000 (so the histogram
 * grows several times): every percentile equals the sample percentile. */
static guint *
random_ints (guint32 seed, guint n, guint max_tail)
{
  g_autoptr (GRand) g = g_rand_new_with_seed (seed);
  guint *v = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    v[i] = g_rand_int_range (g, 0, 20) == 0 ? (guint) g_rand_int_range (g, 0, max_tail)
                                            : (guint) g_rand_int_range (g, 0, 40);
  return v;
}

static void
test_int_hist_percentile (void)
{
  const guint sizes[] = { 1, 2, 3, 10, 101, 5001 };
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s];
      g_autofree guint *v = random_ints (100 + s, n, 5000);
      PksIntHist h;
      pks_int_hist_init (&h);
      g_assert_true (isnan (pks_int_hist_percentile (&h, 50)));
      for (guint i = 0; i < n; i++)
        pks_int_hist_add (&h, v[i], 1);
      check_hist_against (&h, v, n);
      pks_int_hist_free (&h);
    }

  /* add(v, times) is times × add(v, 1) */
  PksIntHist a, b;
  pks_int_hist_init (&a);
  pks_int_hist_init (&b);
  const guint vals[] = { 3, 0, 700, 12, 3 };
  const guint64 times[] = { 5, 2, 1, 9, 4 };
  for (guint i = 0; i < G_N_ELEMENTS (vals); i++)
    {
      pks_int_hist_add (&a, vals[i], times[i]);
      for (guint64 t = 0; t < times[i]; t++)
        pks_int_hist_add (&b, vals[i], 1);
    }
  g_assert_cmpuint (a.total, ==, 21);
  g_assert_cmpuint (b.total, ==, 21);
  for (guint k = 0; k < G_N_ELEMENTS (pcts); k++)
    g_assert_cmpfloat (pks_int_hist_percentile (&a, pcts[k]), ==,
                       pks_int_hist_percentile (&b, pcts[k]));
  /* sorted: 0 0 3×9 12×9 700: the median (h = 10) is 3, p100 is 700 */
  g_assert_cmpfloat (pks_int_hist_percentile (&a, 50), ==, 3.0);
  g_assert_cmpfloat (pks_int_hist_percentile (&a, 100), ==, 700.0);
  g_assert_cmpfloat (pks_int_hist_percentile (&a, 0), ==, 0.0);
  pks_int_hist_free (&a);
  pks_int_hist_free (&b);
}

/* merge(into, from) is the histogram of both samples, whichever is larger;
 * clear forgets counts and the histogram is reusable. */
static void
test_int_hist_merge (void)
{
  const guint n1 = 3000, n2 = 2000;
  g_autofree guint *v1 = random_ints (7, n1, 50);       /* stays small */
  g_autofree guint *v2 = random_ints (8, n2, 9000);     /* grows */
  g_autofree guint *all = g_new (guint, n1 + n2);
  memcpy (all, v1, n1 * sizeof (guint));
  memcpy (all + n1, v2, n2 * sizeof (guint));

  for (int order = 0; order < 2; order++)
    {
      PksIntHist h1, h2;
      pks_int_hist_init (&h1);
      pks_int_hist_init (&h2);
      for (guint i = 0; i < n1; i++)
        pks_int_hist_add (&h1, v1[i], 1);
      for (guint i = 0; i < n2; i++)
        pks_int_hist_add (&h2, v2[i], 1);
      if (order == 0)
        {
          pks_int_hist_merge (&h1, &h2);   /* into the smaller */
          check_hist_against (&h1, all, n1 + n2);
          check_hist_against (&h2, v2, n2);   /* from is unchanged */
        }
      else
        {
          pks_int_hist_merge (&h2, &h1);   /* into the larger */
          check_hist_against (&h2, all, n1 + n2);
          check_hist_against (&h1, v1, n1);
        }
      pks_int_hist_free (&h1);
      pks_int_hist_free (&h2);
    }

  PksIntHist h, empty;
  pks_int_hist_init (&h);
  pks_int_hist_init (&empty);
  for (guint i = 0; i < n2; i++)
    pks_int_hist_add (&h, v2[i], 1);
  pks_int_hist_merge (&h, &empty);
  check_hist_against (&h, v2, n2);
  pks_int_hist_clear (&h);
  g_assert_cmpuint (h.total, ==, 0);
  g_assert_true (isnan (pks_int_hist_percentile (&h, 50)));
  for (guint i = 0; i < n1; i++)
    pks_int_hist_add (&h, v1[i], 1);
  check_hist_against (&h, v1, n1);
  pks_int_hist_free (&h);
  g_assert_null (h.count);
}

/* Direct formula (a^c/c!) / Σ_{k<=c} a^k/k! in long double for moderate c. */
static double
erlang_direct (guint c, double a)
{
  long double term = 1.0L, sum = 1.0L;
  for (guint k = 1; k <= c; k++)
    {
      term *= (long double) a / k;
      sum += term;
    }
  return (double) (term / sum);
}

static void
test_erlang_b (void)
{
  /* known values (mpmath, and B(10, 5) = 0.018384 in Erlang tables) */
  g_assert_cmpfloat_with_epsilon (pks_erlang_b (1, 1.0), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (pks_erlang_b (10, 5.0), 0.018384570336648133, 1e-12);
  g_assert_cmpfloat_with_epsilon (pks_erlang_b (5, 3.0), 0.11005434782608696, 1e-12);
  g_assert_cmpfloat_with_epsilon (pks_erlang_b (50, 40.0), 0.018690671109632249, 1e-12);
  g_assert_cmpfloat_with_epsilon (pks_erlang_b (100, 80.0), 0.0039920286045531975, 1e-12);
  g_assert_cmpfloat (pks_erlang_b (0, 3.0), ==, 1.0);
  g_assert_cmpfloat (pks_erlang_b (5, 0.0), ==, 0.0);

  for (guint c = 0; c <= 60; c += 3)
    for (double a = 0.5; a < 80; a *= 1.7)
      g_assert_cmpfloat (fabs (pks_erlang_b (c, a) - erlang_direct (c, a)), <=,
                         1e-12 * erlang_direct (c, a) + 1e-300);

  /* decreasing in c, increasing in a */
  for (double a = 0.5; a < 200; a *= 2)
    {
      double prev = 1.0;
      for (guint c = 1; c <= 300; c++)
        {
          double b = pks_erlang_b (c, a);
          g_assert_true (b < prev || b == 0.0);   /* may underflow for small a */
          g_assert_cmpfloat (b, >=, 0.0);
          prev = b;
        }
    }
  for (guint c = 1; c <= 200; c *= 3)
    {
      double prev = 0.0;
      for (double a = 0.1; a < 400; a *= 1.3)
        {
          double b = pks_erlang_b (c, a);
          g_assert_true (b > prev || b == 0.0);
          g_assert_cmpfloat (b, <, 1.0);
          prev = b;
        }
    }
  /* large systems stay finite (the recursion never forms a^c or c!) */
  double big = pks_erlang_b (2000, 1900.0);
  g_assert_true (isfinite (big) && big > 0.0 && big < 0.05);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/t-quantile/table", test_t_quantile_table);
  g_test_add_func ("/stats/t-quantile/shape", test_t_quantile_shape);
  g_test_add_func ("/stats/normal-cdf", test_normal_cdf);
  g_test_add_func ("/stats/welford/small", test_welford_small);
  g_test_add_func ("/stats/welford/offset", test_welford_offset);
  g_test_add_func ("/stats/welford/halfwidth", test_halfwidth);
  g_test_add_func ("/stats/percentile/type7", test_percentile);
  g_test_add_func ("/stats/percentile/select", test_percentile_select);
  g_test_add_func ("/stats/int-hist/percentile", test_int_hist_percentile);
  g_test_add_func ("/stats/int-hist/merge-clear", test_int_hist_merge);
  g_test_add_func ("/stats/erlang-b", test_erlang_b);
  return g_test_run ();
}
