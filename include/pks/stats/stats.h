/* stats.h — accumulators and estimators: Welford mean/variance, Student-t
 * confidence intervals, exact percentiles of integer histograms and of
 * samples, time-weighted integrals. */
#ifndef PKS_STATS_H
#define PKS_STATS_H

#include <glib.h>

G_BEGIN_DECLS

/* Welford's numerically stable running mean and variance. */
typedef struct {
  guint64 n;
  double mean;
  double m2;
} PksWelford;

static inline void
pks_welford_init (PksWelford *w)
{
  w->n = 0;
  w->mean = 0.0;
  w->m2 = 0.0;
}

static inline void
pks_welford_add (PksWelford *w, double x)
{
  double d = x - w->mean;
  w->n++;
  w->mean += d / (double) w->n;
  w->m2 += d * (x - w->mean);
}

double pks_welford_variance (const PksWelford *w);   /* sample variance, n-1 */
/* Half-width of the two-sided confidence interval for the mean at the
 * given level (0.95): t(level, n-1) * s / sqrt(n). NaN for n < 2; exactly
 * 0 when n >= 2 and every value is equal. */
double pks_welford_halfwidth (const PksWelford *w, double level);

/* Quantile of Student's t with df degrees of freedom (Hill 1970,
 * CACM algorithm 396), p in (0, 1). */
double pks_t_quantile (double p, double df);
/* CDF of the standard normal. */
double pks_normal_cdf (double x);

/* Percentile (0..100) of a sample by linear interpolation between order
 * statistics (Hyndman & Fan type 7, as R and NumPy default). Sorts x. */
double pks_percentile (double *x, gsize n, double pct);
/* The same value as pks_percentile, found by selection in O(n) instead of
 * a sort (for the per-replication census percentiles). Reorders x. */
double pks_percentile_select (double *x, gsize n, double pct);

/* A histogram of non-negative integers (census values, waits in days)
 * that grows as needed: exact percentiles in bounded memory. */
typedef struct {
  guint64 *count;
  guint size;      /* bins 0..size-1 */
  guint64 total;
} PksIntHist;

void pks_int_hist_init (PksIntHist *h);
void pks_int_hist_clear (PksIntHist *h);   /* forget counts, keep memory */
void pks_int_hist_free (PksIntHist *h);
void pks_int_hist_copy (PksIntHist *dst, const PksIntHist *src);   /* counts and size */
void pks_int_hist_add (PksIntHist *h, guint value, guint64 times);
void pks_int_hist_merge (PksIntHist *into, const PksIntHist *from);
/* Percentile by the same type-7 rule as pks_percentile; NaN when empty. */
double pks_int_hist_percentile (const PksIntHist *h, double pct);

/* A number as people read it: decimals fixed (0 to 6), thousands grouped
 * from four digits on, Swedish (decimal comma, no-break-space groups,
 * U+2212 minus: "−1 140,0") or English ("-1,140.0"); "−0" after
 * rounding reads "0"; NaN reads "–". (transfer full) */
char *pks_number_text (double v, int decimals, gboolean swedish);

/* Decimals (at least min, at most max) with which a difference's 95 %
 * interval [lo, hi] keeps its side of zero when rounded: a sure
 * difference (lo > 0 or hi < 0) never shows a bound of 0 or the other
 * sign, so its colour and its digits agree; and an interval with some
 * width does not round to a point. */
int pks_interval_decimals (double lo, double hi, int min, int max);

/* Erlang's loss formula B(c, a) by the stable recursion. */
double pks_erlang_b (guint c, double a);

G_END_DECLS

#endif
