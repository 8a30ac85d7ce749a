/* dist.c — random variates and non-homogeneous Poisson arrivals.
 * The normal quantile is Wichura's AS241 (PPND16), accurate to about
 * 1e-16, so normal and lognormal variates need exactly one uniform each. */
#include "pks/core/dist.h"

#include <math.h>

/* AS241's coefficients, lowest order first: numerator a, denominator b
 * of the central region (|p − 0.5| ≤ 0.425), then the two tail regions. */
static const double q_a[8] = {
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
  13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
  33430.575583588128105, 2509.0809287301226727 };
static const double q_b[8] = {
  1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
  21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
  5226.495278852545925 };
static const double q_c[8] = {
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
  3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
  0.0227238449892691845833, 7.7454501427834140764e-4 };
static const double q_d[8] = {
  1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
  1.05075007164441684324e-9 };
static const double q_e[8] = {
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
  0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
  2.71155556874348757815e-5, 2.01033439929228813265e-7 };
static const double q_f[8] = {
  1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15 };

/* A degree-7 polynomial by Estrin's scheme: the pairs, then pairs of
 * pairs, with r² and r⁴. Its dependency chain is three multiply-adds deep
 * where Horner's is seven, and the normal quantile sits on the path from
 * a patient's uniform to the calendar (one per stay and per operation), so
 * this took 6 of its 21 ns (docs/performance.md). It rounds differently
 * from Horner's rule: results differ by at most 9 units in the last place
 * (2 × 10⁻¹⁵ relative), far below AS241's own error. */
static inline double
poly7 (const double *c, double r, double r2, double r4)
{
  double c01 = c[0] + c[1] * r, c23 = c[2] + c[3] * r;
  double c45 = c[4] + c[5] * r, c67 = c[6] + c[7] * r;
  return (c01 + r2 * c23) + r4 * (c45 + r2 * c67);
}

double
pks_normal_quantile (double p)
{
  if (!(p > 0.0 && p < 1.0))
    return p == 0.0 ? -INFINITY : p == 1.0 ? INFINITY : NAN;
  double q = p - 0.5, r, r2, r4, val;
  if (fabs (q) <= 0.425)
    {
      r = 0.180625 - q * q;
      r2 = r * r;
      r4 = r2 * r2;
      return q * poly7 (q_a, r, r2, r4) / poly7 (q_b, r, r2, r4);
    }
  r = q < 0 ? p : 1.0 - p;
  r = sqrt (-log (r));
  if (r <= 5.0)
    {
      r -= 1.6;
      r2 = r * r;
      r4 = r2 * r2;
      val = poly7 (q_c, r, r2, r4) / poly7 (q_d, r, r2, r4);
    }
  else
    {
      r -= 5.0;
      r2 = r * r;
      r4 = r2 * r2;
      val = poly7 (q_e, r, r2, r4) / poly7 (q_f, r, r2, r4);
    }
  return q < 0.0 ? -val : val;
}

double
pks_dist_uniform (PksRng *r, double a, double b)
{
  return a + (b - a) * pks_rng_uniform (r);
}

double
pks_dist_exponential (PksRng *r, double mean)
{
  return -mean * log (pks_rng_uniform (r));
}

double
pks_dist_normal (PksRng *r, double mean, double sd)
{
  return mean + sd * pks_normal_quantile (pks_rng_uniform (r));
}

double
pks_dist_lognormal (PksRng *r, double mean, double cv)
{
  /* Always consume one uniform, even when cv = 0, so streams stay aligned
   * between a plan with and one without variability. */
  double z = pks_normal_quantile (pks_rng_uniform (r));
  if (cv <= 0.0)
    return mean;
  double s2 = log1p (cv * cv);
  return mean * exp (sqrt (s2) * z - 0.5 * s2);
}

void
pks_lognormal_params (double mean, double cv, double *mu, double *sigma)
{
  if (cv <= 0.0 || mean <= 0.0)
    {
      *mu = mean > 0.0 ? log (mean) : -INFINITY;
      *sigma = 0.0;
      return;
    }
  double s2 = log1p (cv * cv);
  *mu = log (mean) - 0.5 * s2;
  *sigma = sqrt (s2);
}

/* 1 − Φ(z) from erfc: accurate in the upper tail. */
static double
normal_sf (double z)
{
  return 0.5 * erfc (z / G_SQRT2);
}

double
pks_dist_lognormal_residual (PksRng *r, double mu, double sigma, double elapsed)
{
  /* X | X > e by inversion of the survival function: S(X) = u S(e), so
   * X = exp(mu - sigma Φ⁻¹(u S(e))), with S(e) from erfc, accurate far
   * into the tail (a patient long past the usual stay). */
  double u = pks_rng_uniform (r);
  if (sigma <= 0.0)
    return MAX (0.0, exp (mu) - elapsed);
  if (elapsed <= 0.0)
    return exp (mu - sigma * pks_normal_quantile (u));
  double se = normal_sf ((log (elapsed) - mu) / sigma);
  double q = u * se;
  if (!(q > 0.0))
    return 0.0;   /* beyond any stay a double can tell from the elapsed time */
  double x = exp (mu - sigma * pks_normal_quantile (q));
  return MAX (0.0, x - elapsed);
}

double
pks_dist_gamma (PksRng *r, double shape, double scale)
{
  g_return_val_if_fail (shape > 0.0 && scale > 0.0, NAN);
  if (shape < 1.0)
    {
      /* boost: G(k) = G(k+1) * U^(1/k) */
      double u = pks_rng_uniform (r);
      return pks_dist_gamma (r, shape + 1.0, scale) * pow (u, 1.0 / shape);
    }
  double d = shape - 1.0 / 3.0;
  double c = 1.0 / sqrt (9.0 * d);
  for (;;)
    {
      double x, v;
      do
        {
          x = pks_normal_quantile (pks_rng_uniform (r));
          v = 1.0 + c * x;
        }
      while (v <= 0.0);
      v = v * v * v;
      double u = pks_rng_uniform (r);
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2)
        return d * v * scale;
      if (log (u) < 0.5 * x2 + d * (1.0 - v + log (v)))
        return d * v * scale;
    }
}

gboolean
pks_dist_bernoulli (PksRng *r, double p)
{
  return pks_rng_uniform (r) < p;
}

guint64
pks_dist_poisson (PksRng *r, double mean)
{
  if (!(mean > 0.0))
    return 0;
  if (mean < 10.0)
    {
      /* sequential inversion */
      double p = exp (-mean), s = p, u = pks_rng_uniform (r);
      guint64 x = 0;
      while (u > s && x < 1000)
        {
          x++;
          p *= mean / (double) x;
          s += p;
        }
      return x;
    }
  /* PTRS: transformed rejection with squeeze (Hörmann 1993) */
  double slam = sqrt (mean), loglam = log (mean);
  double b = 0.931 + 2.53 * slam;
  double a = -0.059 + 0.02483 * b;
  double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;)
    {
      double u = pks_rng_uniform (r) - 0.5;
      double v = pks_rng_uniform (r);
      double us = 0.5 - fabs (u);
      double k = floor ((2.0 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr)
        return (guint64) k;
      if (k < 0.0 || (us < 0.013 && v > us))
        continue;
      if (log (v) + log (invalpha) - log (a / (us * us) + b)
          <= -mean + k * loglam - lgamma (k + 1.0))
        return (guint64) k;
    }
}

PksDiscrete *
pks_discrete_new (const double *weights, guint n)
{
  g_return_val_if_fail (n > 0, NULL);
  double total = 0.0;
  for (guint i = 0; i < n; i++)
    {
      g_return_val_if_fail (isfinite (weights[i]) && weights[i] >= 0.0, NULL);
      total += weights[i];
    }
  g_return_val_if_fail (total > 0.0, NULL);

  /* Vose's alias method */
  PksDiscrete *d = g_new (PksDiscrete, 1);
  d->n = n;
  d->prob = g_new (double, n);
  d->alias = g_new (guint, n);
  double *scaled = g_new (double, n);
  guint *small = g_new (guint, n), *large = g_new (guint, n);
  guint ns = 0, nl = 0;
  for (guint i = 0; i < n; i++)
    {
      scaled[i] = weights[i] * n / total;
      if (scaled[i] < 1.0)
        small[ns++] = i;
      else
        large[nl++] = i;
    }
  while (ns > 0 && nl > 0)
    {
      guint s = small[--ns], l = large[--nl];
      d->prob[s] = scaled[s];
      d->alias[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0)
        small[ns++] = l;
      else
        large[nl++] = l;
    }
  while (nl > 0)
    {
      guint l = large[--nl];
      d->prob[l] = 1.0;
      d->alias[l] = l;
    }
  while (ns > 0)
    {
      guint s = small[--ns];   /* only reached through rounding */
      d->prob[s] = 1.0;
      d->alias[s] = s;
    }
  g_free (scaled);
  g_free (small);
  g_free (large);
  return d;
}

void
pks_discrete_free (PksDiscrete *d)
{
  if (d == NULL)
    return;
  g_free (d->prob);
  g_free (d->alias);
  g_free (d);
}

guint
pks_discrete_sample (const PksDiscrete *d, PksRng *r)
{
  guint i = (guint) pks_rng_below (r, d->n);
  return pks_rng_uniform (r) < d->prob[i] ? i : d->alias[i];
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

PksEmpirical *
pks_empirical_new (const double *values, guint n)
{
  g_return_val_if_fail (n > 0, NULL);
  PksEmpirical *e = g_new (PksEmpirical, 1);
  e->n = n;
  e->x = g_memdup2 (values, sizeof (double) * n);
  qsort (e->x, n, sizeof (double), cmp_double);
  return e;
}

void
pks_empirical_free (PksEmpirical *e)
{
  if (e == NULL)
    return;
  g_free (e->x);
  g_free (e);
}

double
pks_empirical_sample (const PksEmpirical *e, PksRng *r)
{
  if (e->n == 1)
    {
      (void) pks_rng_uniform (r);
      return e->x[0];
    }
  double pos = pks_rng_uniform (r) * (double) (e->n - 1);
  guint i = (guint) pos;
  if (i >= e->n - 1)
    return e->x[e->n - 1];
  double f = pos - i;
  return e->x[i] + f * (e->x[i + 1] - e->x[i]);
}

PksNhpp *
pks_nhpp_new (double t0, double width, const double *rate, guint n)
{
  g_return_val_if_fail (width > 0.0 && n > 0, NULL);
  PksNhpp *p = g_new (PksNhpp, 1);
  p->t0 = t0;
  p->width = width;
  p->inv_width = 1.0 / width;
  p->n = n;
  G_STATIC_ASSERT (sizeof (PksNhppPiece) == 32);
  p->piece = g_aligned_alloc (n, sizeof (PksNhppPiece), sizeof (PksNhppPiece));
  double cum = 0.0;
  for (guint i = 0; i < n; i++)
    {
      double r = rate[i];
      if (!(isfinite (r) && r > 0.0))
        r = 0.0;
      PksNhppPiece *q = &p->piece[i];
      q->cum = cum;
      q->rate = r;
      q->inv_rate = r > 0.0 ? 1.0 / r : 0.0;
      cum = q->cum_end = cum + r * width;
    }
  p->total = cum;
  p->t_end = t0 + n * width;
  p->const_inv_rate = p->piece[0].inv_rate;
  for (guint i = 1; i < n; i++)
    if (p->piece[i].rate != p->piece[0].rate)
      p->const_inv_rate = 0.0;
  return p;
}

void
pks_nhpp_free (PksNhpp *p)
{
  if (p == NULL)
    return;
  g_aligned_free (p->piece);
  g_free (p);
}

/* Cumulative rate from t0 to t, and the piece containing t. */
static inline double
cum_at (const PksNhpp *p, double t, guint *piece)
{
  if (t <= p->t0)
    {
      *piece = 0;
      return 0.0;
    }
  double x = (t - p->t0) * p->inv_width;
  if (x >= (double) p->n)
    {
      *piece = p->n;
      return p->total;
    }
  guint i = (guint) x;
  *piece = i;
  return p->piece[i].cum + p->piece[i].rate * (t - (p->t0 + i * p->width));
}

double
pks_nhpp_next (const PksNhpp *p, PksRng *r, double t)
{
  if (p->const_inv_rate > 0.0)
    {
      /* one rate throughout: exponential gaps, no table */
      double gap = -log (pks_rng_uniform (r)) * p->const_inv_rate;
      double t_new = (t < p->t0 ? p->t0 : t) + gap;
      return t_new < p->t_end ? t_new : INFINITY;
    }
  guint i;
  double target = cum_at (p, t, &i) - log (pks_rng_uniform (r));
  if (target >= p->total)
    return INFINITY;
  /* fast path: the next arrival falls in t's piece (the same arithmetic as
   * below, without the search); i < n, as target < total */
  const PksNhppPiece *q = &p->piece[i];
  if (G_LIKELY (q->cum_end > target))
    {
      double t_new = p->t0 + i * p->width + (target - q->cum) * q->inv_rate;
      return t_new < t ? t : t_new;
    }
  /* walk a few pieces, then bisect: arrivals are usually near */
  guint steps = 0;
  while (i < p->n && p->piece[i].cum_end <= target && steps < 8)
    {
      i++;
      steps++;
    }
  if (i < p->n && p->piece[i].cum_end <= target)
    {
      guint lo = i, hi = p->n - 1;   /* piece[hi].cum_end > target holds */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (p->piece[mid].cum_end <= target)
            lo = mid + 1;
          else
            hi = mid;
        }
      i = lo;
    }
  q = &p->piece[i];
  double t_new = p->t0 + i * p->width + (target - q->cum) * q->inv_rate;
  return t_new < t ? t : t_new;
}

double
pks_nhpp_expected (const PksNhpp *p, double a, double b)
{
  guint i;
  return cum_at (p, b, &i) - cum_at (p, a, &i);
}
