/* estimate.h — the estimators of pks fit (not public API): lengths of
 * stay by maximum likelihood with right-censored stays, other shapes
 * compared on the same data, confidence intervals for rates and shares,
 * seasonal profiles by iterative proportional fitting, and the special
 * functions they need. docs/fit.md gives each estimator. */
#ifndef PKS_FIT_ESTIMATE_H
#define PKS_FIT_ESTIMATE_H

#include <glib.h>

G_BEGIN_DECLS

#define PKS_Z95 1.959963984540054

/* Standard normal CDF and survival 1 − Φ(z), accurate in the tails. */
double pks_fit_norm_cdf (double z);
double pks_fit_norm_sf (double z);
/* Regularised lower incomplete gamma P(a, x) (series or continued
 * fraction, relative error ~1e-12). */
double pks_fit_gamma_p (double a, double x);
/* Upper tail of the chi-square distribution with df degrees of freedom. */
double pks_fit_chi2_sf (double x, double df);

/* 95 % interval of a share k/n (Wilson score). n = 0 gives [0, 1]. */
void pks_fit_wilson (double k, double n, double *lo, double *hi);
/* 95 % interval of a Poisson mean from an observed count (Byar's
 * approximation to the exact interval; within 1 % of it for counts >= 1). */
void pks_fit_poisson_ci (double count, double *lo, double *hi);

/* Log-spaced histogram of stays, in days: bin i covers
 * [10^(LO + i/PER_DECADE), 10^(LO + (i+1)/PER_DECADE)), the first from 0,
 * the last to infinity. */
#define PKS_LOS_LOG_LO (-3.0)
#define PKS_LOS_PER_DECADE 40
#define PKS_LOS_BINS (7 * PKS_LOS_PER_DECADE)
guint pks_los_bin (double days);
double pks_los_bin_lo (guint i);
double pks_los_bin_hi (guint i);

/* What is known of one flow's stays: complete stays through their
 * sufficient statistics and histogram, censored ones (still in bed at the
 * horizon: bounded by the beds) each by its time so far. */
typedef struct {
  guint64 n;                    /* complete stays */
  double s1, s2, sx;            /* Σ ln x, Σ (ln x)², Σ x over complete stays (days) */
  guint32 hist[PKS_LOS_BINS];
  GArray *censored;             /* double, days in bed so far */
} PksStays;

void pks_stays_init (PksStays *s);
void pks_stays_clear (PksStays *s);
void pks_stays_add (PksStays *s, double days);
void pks_stays_add_censored (PksStays *s, double days);
/* a += b */
void pks_stays_merge (PksStays *a, const PksStays *b);

/* A lognormal fitted by maximum likelihood: log-scale parameters, their
 * covariance from the observed information, and the mean and CV (the
 * scenario's los_days and los_cv) with 95 % intervals by the delta method
 * on the log scale. */
typedef struct {
  gboolean ok;
  double mu, sigma;
  double var_mu, var_tau, cov_mu_tau;   /* tau = ln sigma */
  double mean, mean_lo, mean_hi;
  double cv, cv_lo, cv_hi;
  double loglik;
} PksLognormal;

/* Maximum likelihood with right censoring (Newton on (mu, ln sigma)).
 * Needs at least two complete stays that differ. */
PksLognormal pks_fit_lognormal (const PksStays *s);
/* Lognormal from complete values' sufficient statistics (no censoring):
 * operation minutes. */
PksLognormal pks_fit_lognormal_complete (guint64 n, double s1, double s2);

/* Shapes compared on the binned stays (the same likelihood for each). */
typedef enum { PKS_SHAPE_LOGNORMAL, PKS_SHAPE_GAMMA, PKS_SHAPE_WEIBULL, PKS_SHAPE_EXPONENTIAL,
               PKS_N_SHAPES } PksShape;
/* The shape's name: in English the adjective ("gamma"), in Swedish the
 * distribution's noun ("gammafördelning"), as a note's sentence needs. */
const char *pks_shape_name (PksShape s, gboolean swedish);
typedef struct {
  double aic[PKS_N_SHAPES];     /* NAN when not fitted */
  double p1[PKS_N_SHAPES], p2[PKS_N_SHAPES];   /* fitted parameters */
  PksShape best;
  double ks;                    /* Kolmogorov–Smirnov distance of the lognormal (binned) */
  double ks_crit;               /* its 95 % critical value 1.358/√n */
} PksShapeFit;
void pks_fit_shapes (const PksStays *s, const PksLognormal *ln, PksShapeFit *out);
/* CDF of a shape with its two parameters (exponential: p1 = mean). */
double pks_shape_cdf (PksShape s, double p1, double p2, double x);

/* Month × weekday arrival profile by iterative proportional fitting of
 * the Poisson model count = exposure × base × M[month] × W[weekday]:
 * count and exposure are [12][7] (days of that month and weekday in the
 * window). W is normalised to mean 1 over the week; M to mean 1 over the
 * months weighted by their days in a year. Months without exposure keep
 * M = 1. Returns the G statistics of the weekday and month effects (the
 * likelihood-ratio test against no effect) in g_wd, g_mo. */
void pks_fit_profile (const double count[12][7], const double exposure[12][7], double M[12],
                      double W[7], double *base, double *g_wd, double *g_mo);

/* Nelder–Mead minimisation of f over n <= 4 parameters from x (in place). */
typedef double (*PksFitObjective) (const double *x, gpointer data);
double pks_fit_minimise (PksFitObjective f, gpointer data, double *x, guint n, double step,
                         guint max_evals);

G_END_DECLS

#endif
