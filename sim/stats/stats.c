/* stats.c — variance and confidence intervals (Welford, Student t by
 * Hill's algorithm 396), exact percentiles, Erlang B. */
#include "pks/stats/stats.h"
#include "pks/core/dist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
pks_welford_variance (const PksWelford *w)
{
  if (w->n < 2)
    return NAN;
  double v = w->m2 / (double) (w->n - 1);
  return v < 0.0 ? 0.0 : v;
}

double
pks_welford_halfwidth (const PksWelford *w, double level)
{
  if (w->n < 2)
    return NAN;
  double s2 = pks_welford_variance (w);
  if (s2 == 0.0)
    return 0.0;
  double t = pks_t_quantile (0.5 + 0.5 * level, (double) (w->n - 1));
  return t * sqrt (s2 / (double) w->n);
}

double
pks_normal_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

/* Hill (1970), CACM algorithm 396: quantile of |T| for the two-tailed
 * probability p2 with n degrees of freedom. */
static double
hill_t (double p2, double n)
{
  if (n == 1.0)
    {
      double a = p2 * G_PI_2;
      return cos (a) / sin (a);
    }
  if (n == 2.0)
    return sqrt (2.0 / (p2 * (2.0 - p2)) - 2.0);
  double a = 1.0 / (n - 0.5);
  double b = 48.0 / (a * a);
  double c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
  double d = ((94.5 / (b + c) - 3.0) / b + 1.0) * sqrt (a * G_PI_2) * n;
  double x = d * p2;
  double y = pow (x, 2.0 / n);
  if (y > 0.05 + a)
    {
      x = pks_normal_quantile (0.5 * p2);
      y = x * x;
      if (n < 5.0)
        c += 0.3 * (n - 4.5) * (x + 0.6);
      c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
      y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
      y = a * y * y;
      y = y > 0.002 ? exp (y) - 1.0 : 0.5 * y * y + y;
    }
  else
    {
      y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0)
            + 0.5 / (n + 4.0)) * y - 1.0) * (n + 1.0) / (n + 2.0) + 1.0 / y;
    }
  return sqrt (n * y);
}

double
pks_t_quantile (double p, double df)
{
  if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
    return NAN;
  if (p == 0.5)
    return 0.0;
  if (df > 1e7)
    return pks_normal_quantile (p);
  double t = hill_t (2.0 * (p < 0.5 ? p : 1.0 - p), df);
  return p < 0.5 ? -t : t;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
pks_percentile (double *x, gsize n, double pct)
{
  if (n == 0)
    return NAN;
  qsort (x, n, sizeof (double), cmp_double);
  double h = (double) (n - 1) * pct / 100.0;
  gsize lo = (gsize) floor (h);
  if (lo + 1 >= n)
    return x[n - 1];
  return x[lo] + (h - (double) lo) * (x[lo + 1] - x[lo]);
}

/* The k-th smallest of x (0-based), by selection with a three-way
 * partition (daily census sums repeat a lot); afterwards every x[i] with
 * i > k is >= x[k]. */
static double
select_kth (double *x, gsize n, gsize k)
{
  gssize l = 0, r = (gssize) n - 1, kk = (gssize) k;
  while (l < r)
    {
      /* x[l..lt) < pivot, x[lt..i) == pivot, x(gt..r] > pivot */
      double pivot = x[l + (r - l) / 2];
      gssize lt = l, i = l, gt = r;
      while (i <= gt)
        {
          double v = x[i];
          if (v < pivot)
            {
              x[i++] = x[lt];
              x[lt++] = v;
            }
          else if (v > pivot)
            {
              x[i] = x[gt];
              x[gt--] = v;
            }
          else
            i++;
        }
      if (kk < lt)
        r = lt - 1;
      else if (kk > gt)
        l = gt + 1;
      else
        return pivot;
    }
  return x[kk];
}

double
pks_percentile_select (double *x, gsize n, double pct)
{
  if (n == 0)
    return NAN;
  double h = (double) (n - 1) * pct / 100.0;
  gsize lo = (gsize) floor (h);
  if (lo + 1 >= n)
    return select_kth (x, n, n - 1);
  double a = select_kth (x, n, lo);
  double b = x[lo + 1];
  for (gsize i = lo + 2; i < n; i++)
    b = MIN (b, x[i]);
  return a + (h - (double) lo) * (b - a);
}

void
pks_int_hist_init (PksIntHist *h)
{
  h->count = NULL;
  h->size = 0;
  h->total = 0;
}

void
pks_int_hist_clear (PksIntHist *h)
{
  if (h->size)
    memset (h->count, 0, sizeof (guint64) * h->size);
  h->total = 0;
}

void
pks_int_hist_copy (PksIntHist *dst, const PksIntHist *src)
{
  if (dst->size != src->size)
    dst->count = g_renew (guint64, dst->count, src->size);
  if (src->size)
    memcpy (dst->count, src->count, sizeof (guint64) * src->size);
  dst->size = src->size;
  dst->total = src->total;
}

void
pks_int_hist_free (PksIntHist *h)
{
  g_free (h->count);
  pks_int_hist_init (h);
}

static void
grow (PksIntHist *h, guint need)
{
  guint size = h->size ? h->size : 64;
  while (size < need)
    size *= 2;
  h->count = g_renew (guint64, h->count, size);
  memset (h->count + h->size, 0, sizeof (guint64) * (size - h->size));
  h->size = size;
}

void
pks_int_hist_add (PksIntHist *h, guint value, guint64 times)
{
  if (value >= h->size)
    grow (h, value + 1);
  h->count[value] += times;
  h->total += times;
}

void
pks_int_hist_merge (PksIntHist *into, const PksIntHist *from)
{
  if (from->size > into->size)
    grow (into, from->size);
  for (guint i = 0; i < from->size; i++)
    into->count[i] += from->count[i];
  into->total += from->total;
}

/* Value of the k-th order statistic (0-based). */
static guint
order_stat (const PksIntHist *h, guint64 k)
{
  guint64 seen = 0;
  for (guint v = 0; v < h->size; v++)
    {
      seen += h->count[v];
      if (seen > k)
        return v;
    }
  return h->size ? h->size - 1 : 0;
}

double
pks_int_hist_percentile (const PksIntHist *h, double pct)
{
  if (h->total == 0)
    return NAN;
  double pos = (double) (h->total - 1) * pct / 100.0;
  guint64 lo = (guint64) floor (pos);
  double a = order_stat (h, lo);
  if (lo + 1 >= h->total)
    return a;
  double b = order_stat (h, lo + 1);
  return a + (pos - (double) lo) * (b - a);
}

double
pks_erlang_b (guint c, double a)
{
  double b = 1.0;
  for (guint k = 1; k <= c; k++)
    b = a * b / ((double) k + a * b);
  return b;
}

char *
pks_number_text (double v, int decimals, gboolean sv)
{
  if (isnan (v))
    return g_strdup ("\u2013");
  if (isinf (v))
    return g_strdup (v > 0 ? "\u221e" : "\u2212\u221e");
  char fmt[8], buf[400];
  g_snprintf (fmt, sizeof fmt, "%%.%df", CLAMP (decimals, 0, 6));
  g_ascii_formatd (buf, sizeof buf, fmt, fabs (v));
  /* "-0" after rounding reads as zero */
  gboolean neg = v < 0 && strspn (buf, "0.") != strlen (buf);
  char *dot = strchr (buf, '.');
  gsize int_len = dot ? (gsize) (dot - buf) : strlen (buf);
  GString *o = g_string_new (neg ? (sv ? "\u2212" : "-") : "");
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append (o, sv ? "\u00a0" : ",");
      g_string_append_c (o, buf[i]);
    }
  if (dot)
    {
      g_string_append_c (o, sv ? ',' : '.');
      g_string_append (o, dot + 1);
    }
  return g_string_free (o, FALSE);
}

int
pks_interval_decimals (double lo, double hi, int min, int max)
{
  for (int d = min; d < max; d++)
    {
      double k = pow (10, d);
      /* and an interval of some width does not read as a point */
      gboolean ok = !(isfinite (lo) && lo > 0 && round (lo * k) <= 0)
                    && !(isfinite (hi) && hi < 0 && round (hi * k) >= 0)
                    && !(isfinite (lo) && isfinite (hi) && hi > lo && round (hi * k) == round (lo * k));
      if (ok)
        return d;
    }
  return max;
}
