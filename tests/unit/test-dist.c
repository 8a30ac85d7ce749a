/* test-dist.c — random variates: moments, frequencies and quantiles with
 * tolerances from the sampling distribution of the estimator; the normal
 * quantile against reference values; non-homogeneous Poisson arrivals.
 *
 * Tolerances. With fixed seeds every result is deterministic; the bounds
 * below are what a correct generator meets with probability > 1 - 1e-5 per
 * check, so that a seed change would not make them flaky:
 *   mean:      |x̄ - μ| <= 5 σ / sqrt(n)                        (CLT)
 *   variance:  |s² - σ²| <= 5 sqrt((μ4 - σ⁴) / n)               (CLT for s²)
 *   frequency: |p̂ - p| <= 5 sqrt(p (1 - p) / n)
 *   counts:    chi-square below its 0.9999 quantile. */
#include "pks/pks.h"
#include "testutil.h"

#include <math.h>

#define Z5 5.0

typedef struct {
  guint64 n;
  double mean, m2;
} Acc;

static void
acc_add (Acc *a, double x)
{
  a->n++;
  double d = x - a->mean;
  a->mean += d / (double) a->n;
  a->m2 += d * (x - a->mean);
}

static double
acc_var (const Acc *a)
{
  return a->m2 / (double) (a->n - 1);
}

static void
check_mean (const char *what, const Acc *a, double mu, double sigma)
{
  double bound = Z5 * sigma / sqrt ((double) a->n);
  g_test_message ("%s: mean %.6g, expected %.6g ± %.3g", what, a->mean, mu, bound);
  if (!(fabs (a->mean - mu) <= bound))
    g_error ("%s: mean %.9g differs from %.9g by more than %.3g", what, a->mean, mu, bound);
}

/* excess = μ4 - σ⁴, the numerator of the asymptotic variance of s². */
static void
check_var (const char *what, const Acc *a, double var, double excess)
{
  double s2 = acc_var (a);
  double bound = Z5 * sqrt (excess / (double) a->n);
  g_test_message ("%s: variance %.6g, expected %.6g ± %.3g", what, s2, var, bound);
  if (!(fabs (s2 - var) <= bound))
    g_error ("%s: variance %.9g differs from %.9g by more than %.3g", what, s2, var, bound);
}

static void
check_freq (const char *what, guint64 hits, guint64 n, double p)
{
  double phat = (double) hits / (double) n;
  double bound = Z5 * sqrt (p * (1.0 - p) / (double) n);
  g_test_message ("%s: frequency %.6g, expected %.6g ± %.3g", what, phat, p, bound);
  if (!(fabs (phat - p) <= bound))
    g_error ("%s: frequency %.9g differs from %.9g by more than %.3g", what, phat, p, bound);
}

/* 0.9999 quantile of chi-square by the Wilson–Hilferty approximation. For
 * df >= 2 it overstates the exact value (mpmath) by under 5 % (df 2: 19.29
 * vs 18.42; df 4: 24.15 vs 23.51; df 10: 35.97 vs 35.56), so the test is
 * slightly conservative, never stricter than intended. */
static double
chi2_crit (double df)
{
  const double z = 3.7190164854556804;   /* standard normal 0.9999 quantile */
  double h = 2.0 / (9.0 * df);
  double c = 1.0 - h + z * sqrt (h);
  return df * c * c * c;
}

/* Pearson chi-square of observed counts against expected probabilities. */
static void
check_chi2 (const char *what, const guint64 *count, const double *prob, guint k, guint64 n)
{
  double chi2 = 0.0;
  for (guint i = 0; i < k; i++)
    {
      double e = prob[i] * (double) n;
      g_assert_cmpfloat (e, >=, 5.0);
      chi2 += (count[i] - e) * (count[i] - e) / e;
    }
  double crit = chi2_crit (k - 1);
  g_test_message ("%s: chi2 %.4g with %u df, critical %.4g", what, chi2, k - 1, crit);
  if (!(chi2 < crit))
    g_error ("%s: chi-square %.4g >= %.4g (%u df)", what, chi2, crit, k - 1);
}

static void
stream (PksRng *r, const char *name)
{
  pks_rng_init_keyed (r, 20240611, 0, name);
}

/* ---- continuous ---------------------------------------------------------- */

static void
test_uniform (void)
{
  PksRng r;
  stream (&r, "uniform");
  Acc a = { 0 };
  for (guint i = 0; i < 200000; i++)
    {
      double x = pks_dist_uniform (&r, 2.0, 5.0);
      g_assert_true (x > 2.0 && x < 5.0);
      acc_add (&a, x);
    }
  /* U(a, b): σ² = (b-a)²/12 = 0.75, μ4 = (b-a)⁴/80 */
  check_mean ("uniform(2,5)", &a, 3.5, sqrt (0.75));
  check_var ("uniform(2,5)", &a, 0.75, 81.0 / 80.0 - 0.75 * 0.75);
}

static void
test_exponential (void)
{
  PksRng r;
  stream (&r, "exponential");
  const double theta = 4.5;
  Acc a = { 0 };
  for (guint i = 0; i < 200000; i++)
    {
      double x = pks_dist_exponential (&r, theta);
      g_assert_true (x > 0.0 && isfinite (x));
      acc_add (&a, x);
    }
  /* σ² = θ², μ4 = 9θ⁴ */
  check_mean ("exponential", &a, theta, theta);
  check_var ("exponential", &a, theta * theta, 8.0 * pow (theta, 4));
}

static void
test_normal (void)
{
  PksRng r;
  stream (&r, "normal");
  Acc a = { 0 };
  for (guint i = 0; i < 200000; i++)
    acc_add (&a, pks_dist_normal (&r, -3.0, 2.0));
  check_mean ("normal", &a, -3.0, 2.0);
  check_var ("normal", &a, 4.0, 2.0 * 16.0);
}

/* X = m exp(s Z - s²/2) with s² = log(1 + cv²): E X = m, sd X = cv m, and
 * log X ~ Normal(log m - s²/2, s²). The mean of X is tested by the CLT
 * (finite variance for every cv); the shape through log X, whose moments
 * are well behaved however heavy the tail of X. Var X is tested where its
 * fourth moment is moderate: μ4 - σ⁴ = σ⁴ (ω⁴ + 2ω³ + 3ω² - 4), ω = 1 + cv². */
static void
lognormal_case (double m, double cv, guint n)
{
  PksRng r;
  g_autofree char *name = g_strdup_printf ("lognormal/%g", cv);
  stream (&r, name);
  double s2 = log1p (cv * cv), w = 1.0 + cv * cv;
  Acc x = { 0 }, lx = { 0 };
  for (guint i = 0; i < n; i++)
    {
      double v = pks_dist_lognormal (&r, m, cv);
      g_assert_true (v > 0.0 && isfinite (v));
      acc_add (&x, v);
      acc_add (&lx, log (v));
    }
  g_autofree char *what = g_strdup_printf ("lognormal(cv %g)", cv);
  g_autofree char *what_log = g_strdup_printf ("log lognormal(cv %g)", cv);
  double sd = cv * m;
  check_mean (what, &x, m, sd);
  if (cv <= 1.0)
    check_var (what, &x, sd * sd, pow (sd, 4) * (w * w * w * w + 2 * w * w * w + 3 * w * w - 4));
  check_mean (what_log, &lx, log (m) - 0.5 * s2, sqrt (s2));
  check_var (what_log, &lx, s2, 2.0 * s2 * s2);
}

static void
test_lognormal_moments (void)
{
  lognormal_case (7.0, 0.5, 200000);
  lognormal_case (7.0, 1.0, 200000);
  lognormal_case (7.0, 2.0, 400000);
}

/* Inversion with one uniform per draw, whatever the cv (cv = 0 included):
 * after k draws the stream is where k uniforms leave it, and with the same
 * uniforms a larger mean gives a larger draw (the CRN property dist.h
 * promises); cv = 0 returns exactly the mean. */
static void
test_lognormal_alignment (void)
{
  const double cvs[] = { 0.0, 0.3, 1.0, 2.5 };
  for (guint k = 0; k < G_N_ELEMENTS (cvs); k++)
    {
      PksRng a, b;
      stream (&a, "align");
      b = a;
      for (guint i = 0; i < 100; i++)
        {
          double v = pks_dist_lognormal (&a, 3.0, cvs[k]);
          (void) pks_rng_uniform (&b);
          if (cvs[k] == 0.0)
            g_assert_cmpfloat (v, ==, 3.0);
        }
      g_assert_cmpuint (pks_rng_next (&a), ==, pks_rng_next (&b));
    }

  PksRng a, b;
  stream (&a, "monotone");
  b = a;
  for (guint i = 0; i < 10000; i++)
    {
      g_assert_cmpfloat (pks_dist_lognormal (&a, 5.0, 0.8), <, pks_dist_lognormal (&b, 6.0, 0.8));
      g_assert_cmpfloat (pks_dist_exponential (&a, 5.0), <, pks_dist_exponential (&b, 6.0));
    }
}

/* Gamma(k, θ): mean kθ, σ² = kθ², μ4 - σ⁴ = (2k² + 6k) θ⁴. Shape 0.5 goes
 * through the U^(1/k) boost, 2 and 9 straight through Marsaglia–Tsang. */
static void
test_gamma (void)
{
  const double shapes[] = { 0.5, 2.0, 9.0 };
  const double theta = 1.5;
  for (guint k = 0; k < G_N_ELEMENTS (shapes); k++)
    {
      double sh = shapes[k];
      PksRng r;
      g_autofree char *name = g_strdup_printf ("gamma(%g)", sh);
      stream (&r, name);
      Acc a = { 0 };
      for (guint i = 0; i < 200000; i++)
        {
          double x = pks_dist_gamma (&r, sh, theta);
          g_assert_true (x > 0.0 && isfinite (x));
          acc_add (&a, x);
        }
      check_mean (name, &a, sh * theta, sqrt (sh) * theta);
      check_var (name, &a, sh * theta * theta, (2 * sh * sh + 6 * sh) * pow (theta, 4));
    }
}

/* ---- discrete ------------------------------------------------------------ */

static void
test_bernoulli (void)
{
  PksRng r;
  stream (&r, "bernoulli");
  const guint n = 200000;
  const double ps[] = { 0.3, 0.02, 0.9 };
  for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
    {
      guint64 hits = 0;
      for (guint i = 0; i < n; i++)
        hits += pks_dist_bernoulli (&r, ps[k]);
      check_freq ("bernoulli", hits, n, ps[k]);
    }
  for (guint i = 0; i < 10000; i++)
    {
      g_assert_false (pks_dist_bernoulli (&r, 0.0));
      g_assert_true (pks_dist_bernoulli (&r, 1.0));
    }
}

static double
poisson_pmf (double lambda, guint64 k)
{
  return exp ((double) k * log (lambda) - lambda - lgamma ((double) k + 1.0));
}

/* Mean and variance (both λ; μ4 - σ⁴ = λ + 2λ²), and the whole pmf by
 * chi-square on single values with >= 20 expected, tails pooled. */
static void
poisson_case (double lambda, guint n)
{
  PksRng r;
  g_autofree char *name = g_strdup_printf ("poisson(%g)", lambda);
  stream (&r, name);
  guint64 lo = 0, hi = (guint64) (lambda + 20 * sqrt (lambda) + 20);
  while (poisson_pmf (lambda, lo) * n < 20)
    lo++;
  guint64 top = (guint64) lambda;
  while (poisson_pmf (lambda, top + 1) * n >= 20)
    top++;
  hi = MIN (hi, top);
  /* bins: [0, lo], lo+1 .. hi-1 singly, [hi, inf) */
  guint k = (guint) (hi - lo + 1);
  g_autofree guint64 *count = g_new0 (guint64, k);
  g_autofree double *prob = g_new0 (double, k);
  Acc a = { 0 };
  for (guint i = 0; i < n; i++)
    {
      guint64 x = pks_dist_poisson (&r, lambda);
      acc_add (&a, (double) x);
      guint b = x <= lo ? 0 : x >= hi ? k - 1 : (guint) (x - lo);
      count[b]++;
    }
  double below = 0.0;
  for (guint64 x = 0; x <= lo; x++)
    below += poisson_pmf (lambda, x);
  prob[0] = below;
  double mid = 0.0;
  for (guint64 x = lo + 1; x < hi; x++)
    mid += prob[x - lo] = poisson_pmf (lambda, x);
  prob[k - 1] = 1.0 - below - mid;

  check_mean (name, &a, lambda, sqrt (lambda));
  check_var (name, &a, lambda, lambda + 2 * lambda * lambda);
  if (k >= 3)
    check_chi2 (name, count, prob, k, n);
}

static void
test_poisson_small (void)
{
  poisson_case (0.2, 200000);
  poisson_case (3.0, 200000);
  poisson_case (9.99, 200000);   /* last mean by inversion */
}

static void
test_poisson_large (void)
{
  poisson_case (10.0, 200000);   /* first mean by PTRS */
  poisson_case (50.0, 200000);
  poisson_case (1000.0, 200000);
  PksRng r;
  stream (&r, "poisson0");
  for (guint i = 0; i < 100; i++)
    g_assert_cmpuint (pks_dist_poisson (&r, 0.0), ==, 0);
}

/* Alias tables: frequencies match the weights (chi-square), zero weights
 * are never drawn, degenerate tables always give their one value. */
static void
alias_case (const char *what, const double *w, guint n, guint64 draws)
{
  PksRng r;
  stream (&r, what);
  PksDiscrete *d = pks_discrete_new (w, n);
  g_assert_nonnull (d);
  g_autofree guint64 *count = g_new0 (guint64, n);
  for (guint64 i = 0; i < draws; i++)
    {
      guint v = pks_discrete_sample (d, &r);
      g_assert_cmpuint (v, <, n);
      count[v]++;
    }
  double total = 0.0;
  for (guint i = 0; i < n; i++)
    total += w[i];
  /* chi-square over the categories with positive weight */
  g_autofree guint64 *c = g_new0 (guint64, n);
  g_autofree double *p = g_new0 (double, n);
  guint k = 0;
  for (guint i = 0; i < n; i++)
    {
      if (w[i] == 0.0)
        {
          g_assert_cmpuint (count[i], ==, 0);
          continue;
        }
      c[k] = count[i];
      p[k] = w[i] / total;
      k++;
    }
  if (k > 1)
    check_chi2 (what, c, p, k, draws);
  else
    g_assert_cmpuint (c[0], ==, draws);
  pks_discrete_free (d);
}

static void
test_discrete_alias (void)
{
  const double w1[] = { 1.0, 0.0, 3.0, 6.0, 0.5, 2.5 };
  alias_case ("alias/mixed", w1, G_N_ELEMENTS (w1), 300000);
  const double w2[] = { 0.0, 0.0, 5.0, 0.0 };
  alias_case ("alias/one-hot", w2, G_N_ELEMENTS (w2), 10000);
  const double w3[] = { 2.0 };
  alias_case ("alias/single", w3, 1, 1000);
  const double w4[] = { 1, 1, 1, 1, 1, 1, 1 };
  alias_case ("alias/equal", w4, G_N_ELEMENTS (w4), 100000);
  const double w5[] = { 1e-3, 1.0, 1e-3, 1e-3, 1.0 };
  alias_case ("alias/skewed", w5, G_N_ELEMENTS (w5), 2000000);

  /* 100 random weights, a tenth of them zero: many small/large pairings */
  g_autoptr (GRand) g = g_rand_new_with_seed (5);
  double w6[100];
  for (guint i = 0; i < 100; i++)
    w6[i] = i % 10 == 3 ? 0.0 : g_rand_double_range (g, 0.2, 5.0);
  alias_case ("alias/random100", w6, 100, 500000);
}

/* Empirical distribution of {1, 2, 3, 4, 10}: the CDF is piecewise linear
 * with F(x_(i)) = i/4, so P(X <= 2) = 1/4, P(X <= 3) = 1/2, P(X <= 4) = 3/4,
 * P(X <= 7) = 7/8, and E X = (1.5 + 2.5 + 3.5 + 7) / 4 = 3.625. */
static void
test_empirical (void)
{
  const double v[] = { 3.0, 10.0, 1.0, 4.0, 2.0 };
  PksEmpirical *e = pks_empirical_new (v, G_N_ELEMENTS (v));
  PksRng r;
  stream (&r, "empirical");
  const guint n = 200000;
  guint64 le2 = 0, le3 = 0, le4 = 0, le7 = 0;
  double lo = INFINITY, hi = -INFINITY;
  Acc a = { 0 };
  for (guint i = 0; i < n; i++)
    {
      double x = pks_empirical_sample (e, &r);
      g_assert_true (x >= 1.0 && x <= 10.0);
      lo = MIN (lo, x);
      hi = MAX (hi, x);
      le2 += x <= 2.0;
      le3 += x <= 3.0;
      le4 += x <= 4.0;
      le7 += x <= 7.0;
      acc_add (&a, x);
    }
  check_freq ("empirical P(X<=2)", le2, n, 0.25);
  check_freq ("empirical P(X<=3)", le3, n, 0.5);
  check_freq ("empirical P(X<=4)", le4, n, 0.75);
  check_freq ("empirical P(X<=7)", le7, n, 0.875);
  /* E X² = Σ 1/4 (a² + ab + b²)/3 over the segments */
  double ex2 = 0.25 / 3.0 * ((1 + 2 + 4) + (4 + 6 + 9) + (9 + 12 + 16) + (16 + 40 + 100));
  check_mean ("empirical", &a, 3.625, sqrt (ex2 - 3.625 * 3.625));
  g_assert_cmpfloat (lo, <, 1.001);   /* the ends are reached */
  g_assert_cmpfloat (hi, >, 9.99);
  pks_empirical_free (e);

  /* one value (or all equal): that value, one uniform consumed */
  const double one[] = { 42.0 };
  e = pks_empirical_new (one, 1);
  PksRng b = r;
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpfloat (pks_empirical_sample (e, &r), ==, 42.0);
      (void) pks_rng_uniform (&b);
    }
  g_assert_cmpuint (pks_rng_next (&r), ==, pks_rng_next (&b));
  pks_empirical_free (e);
  const double same[] = { 5.0, 5.0, 5.0 };
  e = pks_empirical_new (same, 3);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpfloat (pks_empirical_sample (e, &r), ==, 5.0);
  pks_empirical_free (e);
}

/* ---- normal quantile ----------------------------------------------------- */

static double
phi_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

/* Reference values computed with mpmath at 30 digits. */
static void
test_normal_quantile_known (void)
{
  g_assert_cmpfloat (pks_normal_quantile (0.5), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (pks_normal_quantile (0.975), 1.959963984540054, 1e-14);
  g_assert_cmpfloat_with_epsilon (pks_normal_quantile (0.025), -1.959963984540054, 1e-14);
  g_assert_cmpfloat_with_epsilon (pks_normal_quantile (1e-10), -6.361340902404056, 1e-13);
  g_assert_cmpfloat_with_epsilon (pks_normal_quantile (1.0 - 1e-10), 6.361340902404056, 1e-6);
  g_assert_cmpfloat_with_epsilon (pks_normal_quantile (0.841344746068543), 1.0, 1e-14);
  g_assert_cmpfloat (pks_normal_quantile (0.0), ==, -INFINITY);
  g_assert_cmpfloat (pks_normal_quantile (1.0), ==, INFINITY);
  g_assert_true (isnan (pks_normal_quantile (-0.1)));
  g_assert_true (isnan (pks_normal_quantile (1.5)));
  g_assert_true (isnan (pks_normal_quantile (NAN)));

  /* symmetry, at p whose complement 1 - p is exact */
  for (int i = 1; i < 1024; i++)
    {
      double p = i / 1024.0;
      g_assert_cmpfloat (pks_normal_quantile (p), ==, -pks_normal_quantile (1.0 - p));
    }
}

/* Φ(Φ⁻¹(p)) = p to 1e-12 relative, from 1e-300 to 1 - 1/1000: the central
 * region and both tail branches (r <= 5 and r > 5) of AS241. */
static void
test_normal_quantile_roundtrip (void)
{
  double prev = -INFINITY;
  for (int e = 300; e >= 1; e--)
    for (int m = 1; m < 10; m++)
      {
        double p = m * pow (10.0, -e);
        if (p >= 0.5)
          continue;
        double x = pks_normal_quantile (p);
        double back = phi_cdf (x);
        if (!(fabs (back - p) <= 1e-12 * p))
          g_error ("Φ(Φ⁻¹(%g)) = %.17g, relative error %.3g", p, back, fabs (back - p) / p);
      }
  for (int i = 1; i < 1000; i++)
    {
      double p = i / 1000.0;
      double x = pks_normal_quantile (p);
      g_assert_cmpfloat (x, >, prev);   /* strictly increasing */
      prev = x;
      double back = phi_cdf (x);
      if (!(fabs (back - p) <= 1e-12 * MIN (p, 1.0 - p)))
        g_error ("Φ(Φ⁻¹(%g)) = %.17g", p, back);
    }
}

/* ---- non-homogeneous Poisson arrivals ------------------------------------ */

/* All arrivals of one realisation from t_start, checking they are
 * increasing (strictly after the previous one, as dist.h promises; a tie
 * would need an exponential draw below ~1e-14), inside the pieces, end with
 * +inf, and are not absurdly many (which would mean a stuck clock). */
static GArray *
realise (const PksNhpp *p, PksRng *r, double t_start)
{
  GArray *t = g_array_new (FALSE, FALSE, sizeof (double));
  double end = p->t0 + p->n * p->width;
  double cap = 10.0 * pks_nhpp_expected (p, t_start, end) + 100.0;
  double now = t_start;
  for (;;)
    {
      double next = pks_nhpp_next (p, r, now);
      if (isinf (next))
        {
          g_assert_cmpfloat (next, >, 0.0);
          break;
        }
      g_assert_cmpfloat (next, >, now);
      g_assert_cmpfloat (t->len, <, cap);
      g_assert_cmpfloat (next, >=, p->t0);
      g_assert_cmpfloat (next, <, end);
      g_array_append_val (t, next);
      now = next;
    }
  /* after the end, and from the end, there is nothing */
  g_assert_cmpfloat (pks_nhpp_next (p, r, end), ==, INFINITY);
  g_assert_cmpfloat (pks_nhpp_next (p, r, end + 1000.0), ==, INFINITY);
  return t;
}

/* A rate that is the same in every piece takes a shorter path (exponential
 * gaps, no table). It must give the arrivals the table gives: the same
 * uniforms through a table whose last piece differs (so the general path
 * runs) yield the same times before that piece, to rounding. */
static void
test_nhpp_constant_fast_path (void)
{
  double rate[50], rate2[50];
  for (int i = 0; i < 50; i++)
    rate[i] = rate2[i] = 0.5;
  rate2[49] = 0.25;
  PksNhpp *fast = pks_nhpp_new (100.0, 200.0, rate, 50);
  PksNhpp *table = pks_nhpp_new (100.0, 200.0, rate2, 50);
  double last_piece = 100.0 + 49 * 200.0;
  for (guint64 rep = 0; rep < 20; rep++)
    {
      PksRng r1, r2;
      pks_rng_init_keyed (&r1, 11, rep, "nhpp/fast");
      pks_rng_init_keyed (&r2, 11, rep, "nhpp/fast");
      /* from before t0 too: the first arrival counts from t0 */
      double a = -50.0, b = -50.0;
      guint n = 0;
      for (;;)
        {
          a = pks_nhpp_next (fast, &r1, a);
          b = pks_nhpp_next (table, &r2, b);
          if (a >= last_piece || b >= last_piece)
            break;
          g_assert_cmpfloat (a, >=, 100.0);
          g_assert_cmpfloat (fabs (a - b), <, 1e-6);
          n++;
        }
      g_assert_cmpuint (n, >, 4000);
      /* the end: nothing at or after t0 + n × width */
      g_assert_cmpfloat (pks_nhpp_next (fast, &r1, 100.0 + 50 * 200.0 - 1e-9), >, 0.0);
      g_assert_cmpfloat (pks_nhpp_next (fast, &r1, 100.0 + 50 * 200.0), ==, INFINITY);
    }
  pks_nhpp_free (fast);
  pks_nhpp_free (table);
}

/* Constant rate 0.5/min over 50 pieces of 200 min: counts in windows of 20
 * min are Poisson(10) — mean 10, variance 10 (μ4 - σ⁴ = λ + 2λ² = 210) —
 * over 20 replications × 500 windows; the replications' totals are
 * Poisson(5000). Deterministic spacing or batches would fail the variance. */
static void
test_nhpp_constant (void)
{
  double rate[50];
  for (guint i = 0; i < 50; i++)
    rate[i] = 0.5;
  PksNhpp *p = pks_nhpp_new (0.0, 200.0, rate, 50);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 0.0, 10000.0), 5000.0, 1e-9);
  Acc win = { 0 };
  guint64 total = 0;
  const guint reps = 20;
  for (guint rep = 0; rep < reps; rep++)
    {
      PksRng r;
      pks_rng_init_keyed (&r, 9, rep, "nhpp/constant");
      g_autoptr (GArray) t = realise (p, &r, 0.0);
      guint counts[500] = { 0 };
      for (guint i = 0; i < t->len; i++)
        counts[(guint) (g_array_index (t, double, i) / 20.0)]++;
      for (guint w = 0; w < 500; w++)
        acc_add (&win, counts[w]);
      total += t->len;
    }
  check_mean ("nhpp window counts", &win, 10.0, sqrt (10.0));
  check_var ("nhpp window counts", &win, 10.0, 10.0 + 2 * 100.0);
  double mu = 5000.0 * reps;
  g_assert_cmpfloat (fabs ((double) total - mu), <=, Z5 * sqrt (mu));
  pks_nhpp_free (p);
}

/* Piecewise rates from t0 = 100, width 60: 0.2, 0, 1.0, 0.05, 0, then 20
 * empty pieces (more than the 8-step walk, so the bisection runs), 0.3,
 * and two empty pieces at the end. Over R replications the count in piece i
 * is Poisson(R·rate_i·60): within 5 sqrt of it; empty pieces get nothing. */
static void
test_nhpp_piecewise (void)
{
  double rate[28] = { 0.2, 0.0, 1.0, 0.05, 0.0 };
  rate[25] = 0.3;
  const guint n = G_N_ELEMENTS (rate);
  const double t0 = 100.0, width = 60.0;
  PksNhpp *p = pks_nhpp_new (t0, width, rate, n);
  const guint reps = 2000;
  const double starts[] = { 0.0, 130.0 };   /* before t0; inside piece 0 */
  for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
    {
      guint64 count[28] = { 0 };
      for (guint rep = 0; rep < reps; rep++)
        {
          PksRng r;
          pks_rng_init_keyed (&r, 10 + s, rep, "nhpp/piecewise");
          g_autoptr (GArray) t = realise (p, &r, starts[s]);
          for (guint i = 0; i < t->len; i++)
            {
              double x = g_array_index (t, double, i);
              g_assert_cmpfloat (x, >=, starts[s]);
              count[(guint) ((x - t0) / width)]++;
            }
        }
      for (guint i = 0; i < n; i++)
        {
          double a = MAX (starts[s], t0 + i * width), b = t0 + (i + 1) * width;
          double mu = reps * pks_nhpp_expected (p, a, b);
          g_assert_cmpfloat_with_epsilon (mu, reps * rate[i] * (b - a), 1e-6);
          g_test_message ("start %g piece %u: %" G_GUINT64_FORMAT " arrivals, %g expected",
                          starts[s], i, count[i], mu);
          if (rate[i] == 0.0)
            g_assert_cmpuint (count[i], ==, 0);
          else
            g_assert_cmpfloat (fabs ((double) count[i] - mu), <=, Z5 * sqrt (mu));
        }
    }
  pks_nhpp_free (p);
}

/* The arrivals of the three arrays the table was before its pieces
 * (cum, rate, inv_rate side by side; commit 80c2441), written out here
 * as the reference: the pieces must give the same times bit for bit, as
 * common random numbers and every output depend on them. */
static double
nhpp_reference_next (const double *cum, const double *rate, const double *inv_rate, guint n,
                     double t0, double width, PksRng *r, double t)
{
  guint i;
  double c;
  if (t <= t0)
    i = 0, c = 0.0;
  else if ((t - t0) * (1.0 / width) >= (double) n)
    i = n, c = cum[n];
  else
    {
      i = (guint) ((t - t0) * (1.0 / width));
      c = cum[i] + rate[i] * (t - (t0 + i * width));
    }
  double target = c - log (pks_rng_uniform (r));
  if (target >= cum[n])
    return INFINITY;
  while (cum[i + 1] <= target)   /* the walk and the bisection find this i */
    i++;
  double t_new = t0 + i * width + (target - cum[i]) * inv_rate[i];
  return t_new < t ? t : t_new;
}

/* The table's pieces (dist.h PksNhppPiece): each holds its start's and its
 * end's integral (the next piece's start, the last one's the total), its
 * rate (a bad rate is 0) and the rate's inverse, on a 32-byte boundary;
 * and the arrivals are those of the three arrays, bit for bit, from
 * starts before, inside and between the pieces (fast path, walk and
 * bisection). */
static void
test_nhpp_pieces (void)
{
  double rate[40] = { 0.2, 0.0, 1.0, 0.05, 0.0, NAN, -1.0 };
  rate[25] = 0.3;
  rate[26] = 1.0 / 3.0;
  rate[30] = 0.7;
  const guint n = G_N_ELEMENTS (rate);
  const double t0 = 100.0, width = 60.0;
  PksNhpp *p = pks_nhpp_new (t0, width, rate, n);
  double cum[41], good[40], inv[40];
  cum[0] = 0.0;
  for (guint i = 0; i < n; i++)
    {
      good[i] = isfinite (rate[i]) && rate[i] > 0.0 ? rate[i] : 0.0;
      inv[i] = good[i] > 0.0 ? 1.0 / good[i] : 0.0;
      cum[i + 1] = cum[i] + good[i] * width;
    }
  g_assert_cmpuint ((guintptr) p->piece % 32, ==, 0);
  for (guint i = 0; i < n; i++)
    {
      const PksNhppPiece *q = &p->piece[i];
      g_assert_cmpmem (&q->cum, sizeof (double), &cum[i], sizeof (double));
      g_assert_cmpmem (&q->cum_end, sizeof (double), &cum[i + 1], sizeof (double));
      g_assert_cmpmem (&q->rate, sizeof (double), &good[i], sizeof (double));
      g_assert_cmpmem (&q->inv_rate, sizeof (double), &inv[i], sizeof (double));
      if (i + 1 < n)
        g_assert_cmpmem (&q->cum_end, sizeof (double), &p->piece[i + 1].cum, sizeof (double));
    }
  g_assert_cmpmem (&p->total, sizeof (double), &cum[n], sizeof (double));
  const double starts[] = { 0.0, 100.0, 130.0, 400.0, 1555.5, 1800.0, t0 + n * width - 1.0 };
  for (guint k = 0; k < G_N_ELEMENTS (starts); k++)
    for (guint rep = 0; rep < 200; rep++)
      {
        PksRng a, b;
        pks_rng_init_keyed (&a, 12 + k, rep, "nhpp/pieces");
        pks_rng_init_keyed (&b, 12 + k, rep, "nhpp/pieces");
        double ta = starts[k], tb = starts[k];
        guint steps = 0;
        while (!isinf (ta))
          {
            ta = pks_nhpp_next (p, &a, ta);
            tb = nhpp_reference_next (cum, good, inv, n, t0, width, &b, tb);
            g_assert_cmpmem (&ta, sizeof ta, &tb, sizeof tb);
            g_assert_cmpuint (++steps, <, 10000);
          }
      }
  pks_nhpp_free (p);
}

/* All-zero rates: never an arrival. */
static void
test_nhpp_zero (void)
{
  const double rate[] = { 0.0, 0.0, 0.0 };
  PksNhpp *p = pks_nhpp_new (0.0, 10.0, rate, 3);
  PksRng r;
  stream (&r, "nhpp/zero");
  for (guint i = 0; i < 100; i++)
    g_assert_cmpfloat (pks_nhpp_next (p, &r, -5.0 + i * 0.4), ==, INFINITY);
  g_assert_cmpfloat (pks_nhpp_expected (p, -10.0, 100.0), ==, 0.0);
  pks_nhpp_free (p);
}

/* The integral of the rate over [a, b), clipped to the pieces. */
static void
test_nhpp_expected (void)
{
  const double rate[] = { 0.2, 0.0, 1.0, 0.05 };
  PksNhpp *p = pks_nhpp_new (100.0, 60.0, rate, 4);
  const double eps = 1e-12;
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 0.0, 1000.0), 12 + 0 + 60 + 3, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 100.0, 340.0), 75.0, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 130.0, 250.0), 0.2 * 30 + 1.0 * 30, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 160.0, 220.0), 0.0, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 300.0, 1e9), 0.05 * 40, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 0.0, 100.0), 0.0, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 400.0, 500.0), 0.0, eps);
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 222.0, 222.0), 0.0, eps);
  /* additive over adjacent intervals */
  g_assert_cmpfloat_with_epsilon (pks_nhpp_expected (p, 110.0, 230.5)
                                  + pks_nhpp_expected (p, 230.5, 333.0),
                                  pks_nhpp_expected (p, 110.0, 333.0), eps);
  pks_nhpp_free (p);
}

/* The rest of a stay given the time already spent (census warm start):
 * its mean against the integral, for an elapsed time before the median,
 * at the mean and far in the tail (where a fresh stay would be far too
 * short); the integral is tests/common's tu_lognormal_rest_mean. */
static void
test_lognormal_residual (void)
{
  double mean_days = 5.0, cv = 1.2, mu, sigma;
  pks_lognormal_params (mean_days, cv, &mu, &sigma);
  double ts[] = { 0.5, 5.0, 30.0, 120.0 };
  for (guint k = 0; k < G_N_ELEMENTS (ts); k++)
    {
      double t = ts[k];
      double theory = tu_lognormal_rest_mean (mu, sigma, t);
      PksRng r;
      pks_rng_init_keyed (&r, 7, k, "residual");
      Acc a = { 0 };
      for (int i = 0; i < 400000; i++)
        acc_add (&a, pks_dist_lognormal_residual (&r, mu, sigma, t));
      /* the sample's own standard deviation as σ: the residual's moments
       * are what the test checks, and its variance is finite */
      g_autofree char *what = g_strdup_printf ("residual stay after %g days", t);
      check_mean (what, &a, theory, sqrt (acc_var (&a)));
      /* a fresh stay would be mean_days: far from it in the tail */
      if (t >= 30)
        g_assert_cmpfloat (a.mean, >, 2 * mean_days);
    }
  /* no elapsed time: a fresh stay; sigma 0: the rest of a fixed stay */
  PksRng r;
  pks_rng_init_keyed (&r, 7, 9, "residual");
  Acc a = { 0 };
  for (int i = 0; i < 200000; i++)
    acc_add (&a, pks_dist_lognormal_residual (&r, mu, sigma, 0.0));
  check_mean ("residual after 0 days", &a, mean_days, mean_days * cv);
  g_assert_cmpfloat (fabs (pks_dist_lognormal_residual (&r, log (4.0), 0.0, 1.5) - 2.5), <, 1e-12);
  g_assert_cmpfloat (pks_dist_lognormal_residual (&r, log (4.0), 0.0, 7.0), ==, 0.0);
  /* beyond any stay the tail can tell: finite, non-negative */
  double far = pks_dist_lognormal_residual (&r, mu, sigma, 1e9);
  g_assert_true (isfinite (far) && far >= 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dist/uniform/moments", test_uniform);
  g_test_add_func ("/dist/exponential/moments", test_exponential);
  g_test_add_func ("/dist/normal/moments", test_normal);
  g_test_add_func ("/dist/lognormal/moments", test_lognormal_moments);
  g_test_add_func ("/dist/lognormal/alignment", test_lognormal_alignment);
  g_test_add_func ("/dist/lognormal/residual", test_lognormal_residual);
  g_test_add_func ("/dist/gamma/moments", test_gamma);
  g_test_add_func ("/dist/bernoulli/frequency", test_bernoulli);
  g_test_add_func ("/dist/poisson/small", test_poisson_small);
  g_test_add_func ("/dist/poisson/large", test_poisson_large);
  g_test_add_func ("/dist/discrete/alias", test_discrete_alias);
  g_test_add_func ("/dist/empirical/quantiles", test_empirical);
  g_test_add_func ("/dist/normal-quantile/known", test_normal_quantile_known);
  g_test_add_func ("/dist/normal-quantile/roundtrip", test_normal_quantile_roundtrip);
  g_test_add_func ("/dist/nhpp/constant", test_nhpp_constant);
  g_test_add_func ("/dist/nhpp/constant-fast-path", test_nhpp_constant_fast_path);
  g_test_add_func ("/dist/nhpp/piecewise", test_nhpp_piecewise);
  g_test_add_func ("/dist/nhpp/zero", test_nhpp_zero);
  g_test_add_func ("/dist/nhpp/pieces", test_nhpp_pieces);
  g_test_add_func ("/dist/nhpp/expected", test_nhpp_expected);
  return g_test_run ();
}
