/* test-estimate.c — pks fit's estimators against closed forms and data
 * drawn from known distributions: special functions, intervals, the
 * lognormal by maximum likelihood with and without censoring, the
 * comparison of shapes, profiles by iterative proportional fitting.
 *
 * Tolerances: closed forms to 1e-9 relative; estimates from simulated
 * samples must hold the truth inside their own interval widened from
 * 95 % to 99.9 % (× 3.29/1.96): a correct estimator fails a check with
 * probability 0.1 %, and the seeds are fixed. */
#include "pks/pks.h"
#include "estimate.h"

#include <math.h>

#define WIDEN (3.2905 / 1.95996)

static void
check_ci (const char *what, double truth, double v, double lo, double hi)
{
  double a = v - (v - lo) * WIDEN, b = v + (hi - v) * WIDEN;
  g_test_message ("%s: true %.5g, fitted %.5g [%.5g, %.5g] (99.9 %%: [%.5g, %.5g])", what, truth,
                  v, lo, hi, a, b);
  if (!(truth >= a && truth <= b))
    g_error ("%s: %.6g outside [%.6g, %.6g]", what, truth, a, b);
}

static void
test_special (void)
{
  for (double x = 0.1; x < 30; x *= 1.7)
    {
      g_assert_cmpfloat_with_epsilon (pks_fit_gamma_p (1.0, x), 1.0 - exp (-x), 1e-12);
      g_assert_cmpfloat_with_epsilon (pks_fit_gamma_p (0.5, x), erf (sqrt (x)), 1e-12);
      /* P(2, x) = 1 − e^{−x}(1 + x) */
      g_assert_cmpfloat_with_epsilon (pks_fit_gamma_p (2.0, x), 1.0 - exp (-x) * (1 + x), 1e-12);
    }
  g_assert_cmpfloat_with_epsilon (pks_fit_chi2_sf (3.841459, 1), 0.05, 1e-6);
  g_assert_cmpfloat_with_epsilon (pks_fit_chi2_sf (12.59159, 6), 0.05, 1e-6);
  g_assert_cmpfloat_with_epsilon (pks_fit_chi2_sf (24.72497, 11), 0.01, 1e-6);
  g_assert_cmpfloat_with_epsilon (pks_fit_norm_cdf (1.959964), 0.975, 1e-7);
  g_assert_cmpfloat_with_epsilon (pks_fit_norm_sf (5.0), 2.866515718791939e-07, 1e-15);
}

static void
test_intervals (void)
{
  double lo, hi;
  /* Wilson: 5 of 10 (reference values from the formula's definition) */
  pks_fit_wilson (5, 10, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 0.2365931, 1e-6);
  g_assert_cmpfloat_with_epsilon (hi, 0.7634069, 1e-6);
  pks_fit_wilson (0, 20, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (hi, 0.1611252, 1e-6);
  /* Poisson, against the exact (chi-square) interval of 10 and 100 */
  pks_fit_poisson_ci (10, &lo, &hi);
  g_assert_cmpfloat (fabs (lo - 4.795389) / 4.795389, <, 0.01);
  g_assert_cmpfloat (fabs (hi - 18.39036) / 18.39036, <, 0.01);
  pks_fit_poisson_ci (100, &lo, &hi);
  g_assert_cmpfloat (fabs (lo - 81.36372) / 81.36372, <, 0.002);
  g_assert_cmpfloat (fabs (hi - 121.6280) / 121.6280, <, 0.002);
}

static void
test_bins (void)
{
  for (guint i = 1; i + 1 < PKS_LOS_BINS; i++)
    {
      double mid = sqrt (pks_los_bin_lo (i) * pks_los_bin_hi (i));
      g_assert_cmpuint (pks_los_bin (mid), ==, i);
    }
  g_assert_cmpuint (pks_los_bin (0.0), ==, 0);
  g_assert_cmpuint (pks_los_bin (1e9), ==, PKS_LOS_BINS - 1);
}

static PksStays
draw_stays (guint n, double mean, double cv, double censor_mean, guint64 seed, PksStays *naive)
{
  PksStays s;
  pks_stays_init (&s);
  if (naive)
    pks_stays_init (naive);
  PksRng r;
  pks_rng_init_keyed (&r, seed, 0, "stays");
  for (guint i = 0; i < n; i++)
    {
      double x = pks_dist_lognormal (&r, mean, cv);
      /* right censoring at an exponential time (still in bed at the
       * extract's end); censor_mean 0: none */
      double c = censor_mean > 0 ? pks_dist_exponential (&r, censor_mean) : INFINITY;
      if (x <= c)
        {
          pks_stays_add (&s, x);
          if (naive)
            pks_stays_add (naive, x);
        }
      else
        pks_stays_add_censored (&s, c);
    }
  return s;
}

static void
test_lognormal_complete (void)
{
  /* the closed form on a small sample */
  double x[] = { 1.0, 2.0, 4.0, 8.0 };
  guint64 n = 4;
  double s1 = 0, s2 = 0;
  for (guint i = 0; i < n; i++)
    {
      s1 += log (x[i]);
      s2 += log (x[i]) * log (x[i]);
    }
  PksLognormal l = pks_fit_lognormal_complete (n, s1, s2);
  double mu = log (64.0) / 4, var = 0;
  for (guint i = 0; i < n; i++)
    var += (log (x[i]) - mu) * (log (x[i]) - mu) / n;
  g_assert_true (l.ok);
  g_assert_cmpfloat_with_epsilon (l.mu, mu, 1e-12);
  g_assert_cmpfloat_with_epsilon (l.sigma, sqrt (var), 1e-12);
  g_assert_cmpfloat_with_epsilon (l.mean, exp (mu + var / 2), 1e-12);
  g_assert_cmpfloat_with_epsilon (l.cv, sqrt (exp (var) - 1), 1e-12);
  g_assert_cmpfloat_with_epsilon (l.var_mu, var / n, 1e-12);
  g_assert_cmpfloat_with_epsilon (l.var_tau, 1.0 / (2 * n), 1e-12);
  /* too little to fit */
  g_assert_false (pks_fit_lognormal_complete (1, 0.5, 0.25).ok);
  g_assert_false (pks_fit_lognormal_complete (3, 3 * log (2.0), 3 * log (2.0) * log (2.0)).ok);

  PksStays s = draw_stays (20000, 4.5, 0.9, 0, 3, NULL);
  PksLognormal f = pks_fit_lognormal (&s);
  check_ci ("mean, complete", 4.5, f.mean, f.mean_lo, f.mean_hi);
  check_ci ("cv, complete", 0.9, f.cv, f.cv_lo, f.cv_hi);
  pks_stays_clear (&s);
}

/* With a third of the stays cut short by censoring, the maximum
 * likelihood still finds the truth; leaving the censored out (the naive
 * estimate) does not: the check can fail. */
static void
test_lognormal_censored (void)
{
  PksStays naive;
  PksStays s = draw_stays (20000, 4.5, 0.9, 9.0, 5, &naive);
  g_test_message ("%u of 20000 censored", s.censored->len);
  g_assert_cmpuint (s.censored->len, >, 4000);
  PksLognormal f = pks_fit_lognormal (&s);
  check_ci ("mean, censored", 4.5, f.mean, f.mean_lo, f.mean_hi);
  check_ci ("cv, censored", 0.9, f.cv, f.cv_lo, f.cv_hi);
  PksLognormal g = pks_fit_lognormal (&naive);
  g_test_message ("naive mean (censored stays left out): %.3f", g.mean);
  g_assert_cmpfloat (g.mean_hi * 1.1, <, 4.5);   /* far too short */
  /* the covariance is the inverse observed information: wider than
   * without censoring */
  PksStays full = draw_stays (20000, 4.5, 0.9, 0, 5, NULL);
  PksLognormal h = pks_fit_lognormal (&full);
  g_assert_cmpfloat (f.var_mu, >, h.var_mu);
  pks_stays_clear (&s);
  pks_stays_clear (&naive);
  pks_stays_clear (&full);
}

/* Gamma stays: the comparison prefers the gamma clearly; lognormal stays:
 * no other shape is clearly better (the check behind the fit report's
 * "another shape fits better" note). */
static void
test_shapes (void)
{
  PksStays s;
  pks_stays_init (&s);
  PksRng r;
  pks_rng_init_keyed (&r, 11, 0, "gamma");
  for (int i = 0; i < 20000; i++)
    pks_stays_add (&s, pks_dist_gamma (&r, 1.5, 3.0));
  PksLognormal l = pks_fit_lognormal (&s);
  PksShapeFit sf;
  pks_fit_shapes (&s, &l, &sf);
  g_test_message ("gamma data: AIC lognormal %.1f, gamma %.1f, Weibull %.1f, exponential %.1f; "
                  "KS %.4f (critical %.4f)", sf.aic[0], sf.aic[1], sf.aic[2], sf.aic[3], sf.ks,
                  sf.ks_crit);
  g_assert_cmpint (sf.best, ==, PKS_SHAPE_GAMMA);
  g_assert_cmpfloat (sf.aic[PKS_SHAPE_LOGNORMAL] - sf.aic[PKS_SHAPE_GAMMA], >, 10);
  g_assert_cmpfloat (sf.ks, >, sf.ks_crit);
  g_assert_cmpfloat_with_epsilon (sf.p1[PKS_SHAPE_GAMMA], 1.5, 0.1);
  pks_stays_clear (&s);

  s = draw_stays (20000, 4.5, 0.9, 9.0, 13, NULL);
  l = pks_fit_lognormal (&s);
  pks_fit_shapes (&s, &l, &sf);
  g_test_message ("lognormal data: AIC lognormal %.1f, gamma %.1f, Weibull %.1f; KS %.4f "
                  "(critical %.4f)", sf.aic[0], sf.aic[1], sf.aic[2], sf.ks, sf.ks_crit);
  g_assert_true (sf.best == PKS_SHAPE_LOGNORMAL
                 || sf.aic[PKS_SHAPE_LOGNORMAL] - sf.aic[sf.best] <= 10);
  /* a correct model passes the KS check at 99.9 % (1.949/√n) */
  g_assert_cmpfloat (sf.ks, <, sf.ks_crit * 1.949 / 1.358);
  /* the binned fit agrees with the exact one */
  g_assert_cmpfloat_with_epsilon (sf.p1[PKS_SHAPE_LOGNORMAL], l.mu, 0.02);
  pks_stays_clear (&s);
}

/* A month × weekday table made exactly from known factors is recovered
 * exactly; with Poisson noise within the intervals' reach. */
static void
test_profile (void)
{
  static const double Mt[12] = { 1.15, 1.12, 1.05, 1.0, 0.95, 0.9, 0.82, 0.88, 1.0, 1.03, 1.05, 1.05 };
  static const double Wt[7] = { 1.25, 1.10, 1.02, 1.00, 0.98, 0.78, 0.87 };
  static const double mdays[12] = { 31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  double c[12][7], e[12][7], M[12], W[7], base, g1, g2;
  for (int m = 0; m < 12; m++)
    for (int w = 0; w < 7; w++)
      {
        e[m][w] = 4 + (m + w) % 2;
        c[m][w] = e[m][w] * 8.0 * Mt[m] * Wt[w];
      }
  pks_fit_profile (c, e, M, W, &base, &g1, &g2);
  double sw = 0, sm = 0, dm = 0;
  for (int w = 0; w < 7; w++)
    sw += Wt[w] / 7;
  for (int m = 0; m < 12; m++)
    {
      sm += mdays[m] * Mt[m];
      dm += mdays[m];
    }
  for (int w = 0; w < 7; w++)
    g_assert_cmpfloat_with_epsilon (W[w], Wt[w] / sw, 1e-9);
  for (int m = 0; m < 12; m++)
    g_assert_cmpfloat_with_epsilon (M[m], Mt[m] / (sm / dm), 1e-9);
  g_assert_cmpfloat_with_epsilon (base, 8.0 * sw * sm / dm, 1e-9);
  g_assert_cmpfloat (g1, >, 0);
  /* no effect at all: both statistics zero */
  for (int m = 0; m < 12; m++)
    for (int w = 0; w < 7; w++)
      c[m][w] = e[m][w] * 3.0;
  pks_fit_profile (c, e, M, W, &base, &g1, &g2);
  g_assert_cmpfloat (g1, <, 1e-9);
  g_assert_cmpfloat (g2, <, 1e-9);
}

static double
rosenbrock (const double *x, gpointer data)
{
  (void) data;
  return 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
}

static void
test_minimise (void)
{
  double x[2] = { -1.2, 1.0 };
  double f = pks_fit_minimise (rosenbrock, NULL, x, 2, 0.5, 5000);
  g_assert_cmpfloat (f, <, 1e-8);
  g_assert_cmpfloat_with_epsilon (x[0], 1.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (x[1], 1.0, 1e-3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/estimate/special", test_special);
  g_test_add_func ("/estimate/intervals", test_intervals);
  g_test_add_func ("/estimate/bins", test_bins);
  g_test_add_func ("/estimate/lognormal/complete", test_lognormal_complete);
  g_test_add_func ("/estimate/lognormal/censored", test_lognormal_censored);
  g_test_add_func ("/estimate/shapes", test_shapes);
  g_test_add_func ("/estimate/profile", test_profile);
  g_test_add_func ("/estimate/minimise", test_minimise);
  return g_test_run ();
}
