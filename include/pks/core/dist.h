/* dist.h — random variates drawn from a PksRng. Continuous variates used by
 * the model are made by inversion (one uniform each), so a patient's draw
 * stays aligned across plans and a larger mean gives a larger draw
 * (sharper common-random-number comparisons). */
#ifndef PKS_DIST_H
#define PKS_DIST_H

#include <glib.h>
#include "pks/core/rng.h"

G_BEGIN_DECLS

/* Inverse of the standard normal CDF (Wichura 1988, AS241, ~1e-16). */
double pks_normal_quantile (double p);

double pks_dist_uniform (PksRng *r, double a, double b);
double pks_dist_exponential (PksRng *r, double mean);
double pks_dist_normal (PksRng *r, double mean, double sd);
/* Lognormal with the given mean and coefficient of variation (sd/mean);
 * cv = 0 returns the mean. */
double pks_dist_lognormal (PksRng *r, double mean, double cv);
/* Log-scale parameters of a lognormal with the given mean and CV, so hot
 * paths can skip the log1p/sqrt per draw. sigma = 0 for cv <= 0. */
void pks_lognormal_params (double mean, double cv, double *mu, double *sigma);
/* exp(mu + sigma z) with z = Φ^-1(U), one uniform; sigma = 0 returns exp(mu)
 * and still consumes the uniform. */
static inline double
pks_dist_lognormal_ms (PksRng *r, double mu, double sigma)
{
  double u = pks_rng_uniform (r);
  if (sigma <= 0.0)
    return __builtin_exp (mu);
  return __builtin_exp (mu + sigma * pks_normal_quantile (u));
}

/* The rest of a lognormal stay (log-scale mu, sigma) already elapsed
 * minutes or days long: X − e with X drawn from the lognormal conditional
 * on X > e, by inversion (one uniform). A patient in bed on the start
 * date keeps the stay the distribution gives someone who has been there
 * that long, not a fresh one. sigma = 0: max(0, exp(mu) − e). */
double pks_dist_lognormal_residual (PksRng *r, double mu, double sigma, double elapsed);
/* Gamma(shape k, scale θ): mean kθ (Marsaglia & Tsang 2000). */
double pks_dist_gamma (PksRng *r, double shape, double scale);
gboolean pks_dist_bernoulli (PksRng *r, double p);
/* Poisson(mean): inversion for small means, PTRS (Hörmann 1993) above 10. */
guint64 pks_dist_poisson (PksRng *r, double mean);

/* A discrete distribution over 0..n-1 by Walker/Vose alias tables: O(1). */
typedef struct {
  guint n;
  double *prob;
  guint *alias;
} PksDiscrete;

/* weights must be finite, >= 0 and not all 0. (transfer full) */
PksDiscrete *pks_discrete_new (const double *weights, guint n);
void pks_discrete_free (PksDiscrete *d);
guint pks_discrete_sample (const PksDiscrete *d, PksRng *r);

/* An empirical continuous distribution: linear interpolation between the
 * sorted sample values (inversion of the piecewise-linear empirical CDF). */
typedef struct {
  guint n;
  double *x;   /* sorted */
} PksEmpirical;

PksEmpirical *pks_empirical_new (const double *values, guint n);
void pks_empirical_free (PksEmpirical *e);
double pks_empirical_sample (const PksEmpirical *e, PksRng *r);

/* Non-homogeneous Poisson arrivals with a piecewise-constant rate: n pieces
 * of equal width starting at t0, rate[i] events per time unit in piece i.
 * Arrival times are made by inversion of the cumulative rate, which is
 * exact and wastes no draws (unlike thinning). */
/* One piece of the rate: what an arrival in it reads, together (32 bytes
 * on a 32-byte boundary, so one cache line an arrival, where three arrays
 * cost three). */
typedef struct {
  double cum;      /* integral of the rate from t0 to the piece's start */
  double cum_end;  /* ... to its end: the next piece's cum */
  double rate;
  double inv_rate; /* 1/rate, 0 where the rate is 0 */
} PksNhppPiece;

typedef struct {
  double t0, width;
  guint n;
  PksNhppPiece *piece;   /* n pieces (g_aligned_alloc) */
  double total;          /* the integral over all pieces: piece[n-1].cum_end */
  double inv_width;
  double const_inv_rate; /* 1/rate when every piece has the same rate > 0, else 0 */
  double t_end;          /* t0 + n × width */
} PksNhpp;

/* (transfer full) rates are copied; all must be finite and >= 0. */
PksNhpp *pks_nhpp_new (double t0, double width, const double *rate, guint n);
void pks_nhpp_free (PksNhpp *p);
/* The first arrival strictly after t, or +inf if none before the last piece ends. */
double pks_nhpp_next (const PksNhpp *p, PksRng *r, double t);
/* Expected number of arrivals in [a, b). */
double pks_nhpp_expected (const PksNhpp *p, double a, double b);

G_END_DECLS

#endif
