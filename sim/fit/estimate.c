/* estimate.c — the numerical side of pks fit: special functions,
 * intervals for shares and counts, the censored lognormal maximum
 * likelihood, the comparison of shapes, profiles by iterative
 * proportional fitting and a Nelder–Mead minimiser. Pure functions,
 * tested against closed forms in tests/unit/test-estimate.c. */
#include "estimate.h"

#include <math.h>
#include <string.h>

double
pks_fit_norm_cdf (double z)
{
  return 0.5 * erfc (-z / G_SQRT2);
}

double
pks_fit_norm_sf (double z)
{
  return 0.5 * erfc (z / G_SQRT2);
}

/* ln S(z) and the inverse Mills ratio φ(z)/S(z), also far in the tail
 * where S underflows (asymptotic series). */
static double
log_sf (double z, double *mills)
{
  if (z < 30.0)
    {
      double sf = pks_fit_norm_sf (z);
      double phi = exp (-0.5 * z * z) / sqrt (2.0 * G_PI);
      if (mills)
        *mills = phi / sf;
      return log (sf);
    }
  if (mills)
    *mills = z + 1.0 / z;
  return -0.5 * z * z - log (z * sqrt (2.0 * G_PI)) + log1p (-1.0 / (z * z));
}

double
pks_fit_gamma_p (double a, double x)
{
  if (x <= 0.0 || a <= 0.0)
    return 0.0;
  double gln = lgamma (a);
  if (x < a + 1.0)
    {
      /* series */
      double ap = a, sum = 1.0 / a, del = sum;
      for (int n = 0; n < 1000; n++)
        {
          ap += 1.0;
          del *= x / ap;
          sum += del;
          if (fabs (del) < fabs (sum) * 1e-15)
            break;
        }
      return sum * exp (-x + a * log (x) - gln);
    }
  /* continued fraction for Q (modified Lentz) */
  double b = x + 1.0 - a, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000; i++)
    {
      double an = -i * (i - a);
      b += 2.0;
      d = an * d + b;
      if (fabs (d) < 1e-300)
        d = 1e-300;
      c = b + an / c;
      if (fabs (c) < 1e-300)
        c = 1e-300;
      d = 1.0 / d;
      double del = d * c;
      h *= del;
      if (fabs (del - 1.0) < 1e-15)
        break;
    }
  return 1.0 - exp (-x + a * log (x) - gln) * h;
}

double
pks_fit_chi2_sf (double x, double df)
{
  if (x <= 0.0)
    return 1.0;
  return 1.0 - pks_fit_gamma_p (df / 2.0, x / 2.0);
}

void
pks_fit_wilson (double k, double n, double *lo, double *hi)
{
  if (n <= 0)
    {
      *lo = 0.0;
      *hi = 1.0;
      return;
    }
  double z = PKS_Z95, p = k / n, z2 = z * z;
  double den = 1.0 + z2 / n;
  double centre = (p + z2 / (2.0 * n)) / den;
  double hw = z * sqrt (p * (1.0 - p) / n + z2 / (4.0 * n * n)) / den;
  *lo = MAX (0.0, centre - hw);
  *hi = MIN (1.0, centre + hw);
}

void
pks_fit_poisson_ci (double c, double *lo, double *hi)
{
  double z = PKS_Z95;
  *lo = c > 0 ? c * pow (1.0 - 1.0 / (9.0 * c) - z / (3.0 * sqrt (c)), 3.0) : 0.0;
  double c1 = c + 1.0;
  *hi = c1 * pow (1.0 - 1.0 / (9.0 * c1) + z / (3.0 * sqrt (c1)), 3.0);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* ---------- stays ---------- */

guint
pks_los_bin (double days)
{
  if (!(days > 0.0))
    return 0;
  double b = floor ((log10 (days) - PKS_LOS_LOG_LO) * PKS_LOS_PER_DECADE);
  if (b < 0)
    return 0;
  return b >= PKS_LOS_BINS ? PKS_LOS_BINS - 1 : (guint) b;
}

/* The bins' edges, computed once: edge[i] is bin i's lower edge,
 * edge[PKS_LOS_BINS] infinity. */
static const double *
edges (void)
{
  static double e[PKS_LOS_BINS + 1];
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      e[0] = 0.0;
      for (guint i = 1; i < PKS_LOS_BINS; i++)
        e[i] = pow (10.0, PKS_LOS_LOG_LO + (double) i / PKS_LOS_PER_DECADE);
      e[PKS_LOS_BINS] = INFINITY;
      g_once_init_leave (&done, 1);
    }
  return e;
}

double
pks_los_bin_lo (guint i)
{
  return edges ()[MIN (i, PKS_LOS_BINS)];
}

double
pks_los_bin_hi (guint i)
{
  return edges ()[MIN (i + 1, PKS_LOS_BINS)];
}

void
pks_stays_init (PksStays *s)
{
  memset (s, 0, sizeof *s);
  s->censored = g_array_new (FALSE, FALSE, sizeof (double));
}

void
pks_stays_clear (PksStays *s)
{
  if (s->censored)
    g_array_unref (s->censored);
  memset (s, 0, sizeof *s);
}

void
pks_stays_add (PksStays *s, double days)
{
  double l = log (days);
  s->n++;
  s->s1 += l;
  s->s2 += l * l;
  s->sx += days;
  s->hist[pks_los_bin (days)]++;
}

void
pks_stays_add_censored (PksStays *s, double days)
{
  g_array_append_val (s->censored, days);
}

void
pks_stays_merge (PksStays *a, const PksStays *b)
{
  a->n += b->n;
  a->s1 += b->s1;
  a->s2 += b->s2;
  a->sx += b->sx;
  for (guint i = 0; i < PKS_LOS_BINS; i++)
    a->hist[i] += b->hist[i];
  g_array_append_vals (a->censored, b->censored->data, b->censored->len);
}

/* ---------- the lognormal ---------- */

typedef struct {
  double n, s1, s2;
  const double *cens;       /* ln of the censoring times */
  guint n_cens;
} LnData;

/* Negative log-likelihood (without constants) and its gradient in
 * (mu, tau = ln sigma). */
static double
ln_negll (const LnData *d, double mu, double tau, double grad[2])
{
  double sigma = exp (tau), s2 = sigma * sigma;
  double q = d->s2 - 2.0 * mu * d->s1 + d->n * mu * mu;
  double f = d->n * tau + q / (2.0 * s2);
  double gm = -(d->s1 - d->n * mu) / s2, gt = d->n - q / s2;
  for (guint j = 0; j < d->n_cens; j++)
    {
      double z = (d->cens[j] - mu) / sigma, h;
      f -= log_sf (z, &h);
      gm -= h / sigma;
      gt -= h * z;
    }
  if (grad)
    {
      grad[0] = gm;
      grad[1] = gt;
    }
  return f;
}

/* Mean, CV and their intervals from (mu, sigma) and the covariance. */
static void
ln_finish (PksLognormal *r)
{
  double s2 = r->sigma * r->sigma;
  r->mean = exp (r->mu + s2 / 2.0);
  /* ln mean = mu + sigma²/2: gradient (1, sigma²) in (mu, tau) */
  double v = r->var_mu + 2.0 * s2 * r->cov_mu_tau + s2 * s2 * r->var_tau;
  double hw = PKS_Z95 * sqrt (MAX (0.0, v));
  r->mean_lo = r->mean * exp (-hw);
  r->mean_hi = r->mean * exp (hw);
  double e = expm1 (s2);
  r->cv = sqrt (e);
  /* ln cv = ½ ln(e^{σ²} − 1): derivative in tau = σ² e^{σ²} / (e^{σ²} − 1) */
  double g = e > 0 ? s2 * (e + 1.0) / e : 0.0;
  hw = PKS_Z95 * sqrt (MAX (0.0, g * g * r->var_tau));
  r->cv_lo = r->cv * exp (-hw);
  r->cv_hi = r->cv * exp (hw);
  r->ok = isfinite (r->mean) && isfinite (r->cv);
}

PksLognormal
pks_fit_lognormal_complete (guint64 n, double s1, double s2)
{
  PksLognormal r = { 0 };
  if (n < 2)
    return r;
  double mu = s1 / n, var = s2 / n - mu * mu;
  if (!(var > 1e-12))
    return r;
  r.mu = mu;
  r.sigma = sqrt (var);
  r.var_mu = var / n;
  r.var_tau = 1.0 / (2.0 * n);
  r.cov_mu_tau = 0.0;
  r.loglik = -(n * log (r.sigma) + n / 2.0) - s1;   /* Σ ln pdf, less n ln √(2π) */
  ln_finish (&r);
  return r;
}

PksLognormal
pks_fit_lognormal (const PksStays *s)
{
  PksLognormal r = pks_fit_lognormal_complete (s->n, s->s1, s->s2);
  if (!r.ok || s->censored->len == 0)
    return r;
  g_autofree double *lc = g_new (double, s->censored->len);
  for (guint j = 0; j < s->censored->len; j++)
    lc[j] = log (MAX (g_array_index (s->censored, double, j), 1e-6));
  LnData d = { (double) s->n, s->s1, s->s2, lc, s->censored->len };
  double mu = r.mu, tau = log (r.sigma), g[2];
  double f = ln_negll (&d, mu, tau, g);
  double H[2][2] = { { 0 } };
  for (int it = 0; it < 200; it++)
    {
      /* Hessian by central differences of the analytic gradient */
      double hstep = 1e-5, gp[2], gmn[2];
      ln_negll (&d, mu + hstep, tau, gp);
      ln_negll (&d, mu - hstep, tau, gmn);
      H[0][0] = (gp[0] - gmn[0]) / (2 * hstep);
      H[1][0] = (gp[1] - gmn[1]) / (2 * hstep);
      ln_negll (&d, mu, tau + hstep, gp);
      ln_negll (&d, mu, tau - hstep, gmn);
      H[0][1] = (gp[0] - gmn[0]) / (2 * hstep);
      H[1][1] = (gp[1] - gmn[1]) / (2 * hstep);
      double h01 = 0.5 * (H[0][1] + H[1][0]);
      double det = H[0][0] * H[1][1] - h01 * h01;
      double dm, dt;
      if (det > 0 && H[0][0] > 0)
        {
          dm = -(H[1][1] * g[0] - h01 * g[1]) / det;
          dt = -(-h01 * g[0] + H[0][0] * g[1]) / det;
        }
      else
        {
          dm = -g[0] * 1e-3;   /* not convex here: a small gradient step */
          dt = -g[1] * 1e-3;
        }
      double step = 1.0, fn = f, gn[2];
      for (int k = 0; k < 40; k++)
        {
          fn = ln_negll (&d, mu + step * dm, tau + step * dt, gn);
          if (fn <= f)
            break;
          step /= 2;
        }
      if (fn > f)
        break;
      mu += step * dm;
      tau += step * dt;
      double change = f - fn;
      f = fn;
      g[0] = gn[0];
      g[1] = gn[1];
      if (fabs (step * dm) < 1e-10 && fabs (step * dt) < 1e-10)
        break;
      if (change < 1e-13 * (1.0 + fabs (f)) && fabs (g[0]) + fabs (g[1]) < 1e-6)
        break;
    }
  double h01 = 0.5 * (H[0][1] + H[1][0]);
  double det = H[0][0] * H[1][1] - h01 * h01;
  r.mu = mu;
  r.sigma = exp (tau);
  if (det > 0)
    {
      r.var_mu = H[1][1] / det;
      r.var_tau = H[0][0] / det;
      r.cov_mu_tau = -h01 / det;
    }
  r.loglik = -f - s->s1;
  ln_finish (&r);
  return r;
}

/* ---------- other shapes ---------- */

const char *
pks_shape_name (PksShape s, gboolean sv)
{
  static const char *en[] = { "lognormal", "gamma", "Weibull", "exponential" };
  static const char *svn[] = { "lognormalfördelning", "gammafördelning", "Weibullfördelning",
                               "exponentialfördelning" };
  return s < PKS_N_SHAPES ? (sv ? svn[s] : en[s]) : "?";
}

double
pks_shape_cdf (PksShape s, double p1, double p2, double x)
{
  if (!(x > 0))
    return 0.0;
  if (isinf (x))
    return 1.0;
  switch (s)
    {
    case PKS_SHAPE_LOGNORMAL:
      return pks_fit_norm_cdf ((log (x) - p1) / p2);
    case PKS_SHAPE_GAMMA:
      return pks_fit_gamma_p (p1, x / p2);
    case PKS_SHAPE_WEIBULL:
      return -expm1 (-pow (x / p2, p1));
    case PKS_SHAPE_EXPONENTIAL:
      return -expm1 (-x / p1);
    default:
      return NAN;
    }
}

typedef struct {
  const PksStays *s;
  PksShape shape;
  guint b0, b1;                 /* the bins holding stays: b0 … b1 − 1 */
  double edge_cdf[PKS_LOS_BINS + 1];
} BinData;

/* Parameters from the minimiser's free coordinates. */
static void
shape_params (PksShape shape, const double *x, double *p1, double *p2)
{
  switch (shape)
    {
    case PKS_SHAPE_LOGNORMAL:
      *p1 = x[0];
      *p2 = exp (x[1]);
      break;
    case PKS_SHAPE_EXPONENTIAL:
      *p1 = exp (x[0]);
      *p2 = 0;
      break;
    default:
      *p1 = exp (x[0]);
      *p2 = exp (x[1]);
    }
}

/* Binned negative log-likelihood: complete stays by their bins, censored
 * ones exactly. The same for every shape, so AICs compare. */
static double
binned_negll (const double *x, gpointer data)
{
  BinData *b = data;
  double p1, p2;
  shape_params (b->shape, x, &p1, &p2);
  if (!isfinite (p1) || !isfinite (p2) || p1 > 1e6 || p2 > 1e9)
    return INFINITY;
  /* only the edges of bins that hold stays: empty bins add nothing */
  for (guint i = b->b0; i <= b->b1; i++)
    b->edge_cdf[i] = i == PKS_LOS_BINS ? 1.0 : pks_shape_cdf (b->shape, p1, p2, pks_los_bin_lo (i));
  double f = 0;
  for (guint i = b->b0; i < b->b1; i++)
    if (b->s->hist[i])
      {
        double p = b->edge_cdf[i + 1] - b->edge_cdf[i];
        f -= b->s->hist[i] * log (MAX (p, 1e-300));
      }
  for (guint j = 0; j < b->s->censored->len; j++)
    {
      double c = g_array_index (b->s->censored, double, j);
      f -= log (MAX (1.0 - pks_shape_cdf (b->shape, p1, p2, c), 1e-300));
    }
  return f;
}

void
pks_fit_shapes (const PksStays *s, const PksLognormal *ln, PksShapeFit *out)
{
  memset (out, 0, sizeof *out);
  for (int k = 0; k < PKS_N_SHAPES; k++)
    out->aic[k] = out->p1[k] = out->p2[k] = NAN;
  out->best = PKS_SHAPE_LOGNORMAL;
  out->ks = out->ks_crit = NAN;
  if (!ln->ok || s->n < 2)
    return;
  double mean = s->sx / s->n, cv = MAX (ln->cv, 0.05);
  BinData b = { s, 0, 0, 0, { 0 } };
  b.b0 = PKS_LOS_BINS;
  for (guint i = 0; i < PKS_LOS_BINS; i++)
    if (s->hist[i])
      {
        b.b0 = MIN (b.b0, i);
        b.b1 = i + 1;
      }
  double best = INFINITY;
  for (int k = 0; k < PKS_N_SHAPES; k++)
    {
      double x[2];
      guint np = k == PKS_SHAPE_EXPONENTIAL ? 1 : 2;
      switch (k)
        {
        case PKS_SHAPE_LOGNORMAL:
          x[0] = ln->mu;
          x[1] = log (ln->sigma);
          break;
        case PKS_SHAPE_GAMMA:
          x[0] = log (1.0 / (cv * cv));
          x[1] = log (mean * cv * cv);
          break;
        case PKS_SHAPE_WEIBULL:
          {
            double kk = CLAMP (pow (cv, -1.086), 0.1, 20.0);
            x[0] = log (kk);
            x[1] = log (mean / tgamma (1.0 + 1.0 / kk));
            break;
          }
        default:
          x[0] = log (mean);
        }
      b.shape = k;
      double f = pks_fit_minimise (binned_negll, &b, x, np, 0.2, 600);
      if (!isfinite (f))
        continue;
      out->aic[k] = 2.0 * np + 2.0 * f;
      shape_params (k, x, &out->p1[k], &out->p2[k]);
      if (out->aic[k] < best)
        {
          best = out->aic[k];
          out->best = k;
        }
    }
  /* KS distance of the lognormal's CDF from the Kaplan–Meier estimate
   * (which the censored stays bias no more than the fit), at the bins'
   * edges: completes of a bin end before its censored ones */
  g_autofree double *cens = g_memdup2 (s->censored->data, sizeof (double) * s->censored->len);
  if (s->censored->len > 0)   /* qsort of NULL is undefined even for 0 (UBSan) */
    qsort (cens, s->censored->len, sizeof (double), cmp_double);
  double at_risk = (double) s->n + s->censored->len, surv = 1.0, d = 0;
  guint ci = 0;
  for (guint i = 0; i < PKS_LOS_BINS && at_risk > 0; i++)
    {
      double hi = pks_los_bin_hi (i);
      if (s->hist[i] > 0)
        surv *= 1.0 - s->hist[i] / at_risk;
      at_risk -= s->hist[i];
      while (ci < s->censored->len && cens[ci] < hi)
        {
          at_risk--;
          ci++;
        }
      double F = pks_shape_cdf (PKS_SHAPE_LOGNORMAL, ln->mu, ln->sigma, hi);
      d = MAX (d, fabs (1.0 - surv - F));
    }
  out->ks = d;
  out->ks_crit = 1.358 / sqrt ((double) s->n);
}

/* ---------- profiles ---------- */

/* Poisson log-likelihood Σ c ln μ − μ of the cells under rates r[m][w]. */
static double
pois_ll (const double c[12][7], const double e[12][7], double r[12][7])
{
  double ll = 0;
  for (int m = 0; m < 12; m++)
    for (int w = 0; w < 7; w++)
      if (e[m][w] > 0)
        {
          double mu = e[m][w] * r[m][w];
          if (c[m][w] > 0)
            ll += c[m][w] * log (MAX (mu, 1e-300));
          ll -= mu;
        }
  return ll;
}

void
pks_fit_profile (const double c[12][7], const double e[12][7], double M[12], double W[7],
                 double *base, double *g_wd, double *g_mo)
{
  gboolean has_m[12];
  for (int m = 0; m < 12; m++)
    {
      M[m] = 1.0;
      double ex = 0;
      for (int w = 0; w < 7; w++)
        ex += e[m][w];
      has_m[m] = ex > 0;
    }
  for (int w = 0; w < 7; w++)
    W[w] = 1.0;
  for (int it = 0; it < 500; it++)
    {
      double change = 0;
      for (int w = 0; w < 7; w++)
        {
          double num = 0, den = 0;
          for (int m = 0; m < 12; m++)
            {
              num += c[m][w];
              den += e[m][w] * M[m];
            }
          double nw = den > 0 ? num / den : 0.0;
          change = MAX (change, fabs (nw - W[w]) / MAX (1e-12, W[w]));
          W[w] = nw;
        }
      for (int m = 0; m < 12; m++)
        {
          if (!has_m[m])
            continue;
          double num = 0, den = 0;
          for (int w = 0; w < 7; w++)
            {
              num += c[m][w];
              den += e[m][w] * W[w];
            }
          double nm = den > 0 ? num / den : 0.0;
          change = MAX (change, fabs (nm - M[m]) / MAX (1e-12, M[m]));
          M[m] = nm;
        }
      if (change < 1e-12)
        break;
    }
  /* normalise: W to mean 1, M to a day-weighted mean of 1 */
  static const double mdays[12] = { 31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  double sw = 0;
  for (int w = 0; w < 7; w++)
    sw += W[w];
  sw /= 7.0;
  double sm = 0, dm = 0;
  for (int m = 0; m < 12; m++)
    if (has_m[m])
      {
        sm += mdays[m] * M[m] * sw;
        dm += mdays[m];
      }
  double b = dm > 0 ? sm / dm : 0.0;
  for (int w = 0; w < 7; w++)
    W[w] = sw > 0 ? W[w] / sw : 1.0;
  for (int m = 0; m < 12; m++)
    M[m] = has_m[m] && b > 0 ? M[m] * sw / b : 1.0;
  *base = b;

  /* likelihood-ratio statistics against a model without each effect */
  double r[12][7], rm[12][7], rw[12][7];
  double tot_c = 0, tot_e = 0, wc[7] = { 0 }, we[7] = { 0 };
  for (int m = 0; m < 12; m++)
    {
      double mc = 0, me = 0;
      for (int w = 0; w < 7; w++)
        {
          mc += c[m][w];
          me += e[m][w];
          wc[w] += c[m][w];
          we[w] += e[m][w];
        }
      for (int w = 0; w < 7; w++)
        rm[m][w] = me > 0 ? mc / me : 0.0;
      tot_c += mc;
      tot_e += me;
    }
  for (int m = 0; m < 12; m++)
    for (int w = 0; w < 7; w++)
      {
        r[m][w] = b * M[m] * W[w];
        rw[m][w] = we[w] > 0 ? wc[w] / we[w] : 0.0;
      }
  (void) tot_c;
  (void) tot_e;
  double ll = pois_ll (c, e, r);
  *g_wd = MAX (0.0, 2.0 * (ll - pois_ll (c, e, rm)));
  *g_mo = MAX (0.0, 2.0 * (ll - pois_ll (c, e, rw)));
}

/* ---------- minimiser ---------- */

double
pks_fit_minimise (PksFitObjective f, gpointer data, double *x, guint n, double step,
                  guint max_evals)
{
  g_return_val_if_fail (n >= 1 && n <= 4, NAN);
  double p[5][4], fv[5];
  for (guint i = 0; i <= n; i++)
    {
      memcpy (p[i], x, n * sizeof (double));
      if (i > 0)
        p[i][i - 1] += step;
      fv[i] = f (p[i], data);
    }
  guint evals = n + 1;
  while (evals < max_evals)
    {
      /* order: best first */
      for (guint i = 1; i <= n; i++)
        for (guint j = i; j > 0 && fv[j] < fv[j - 1]; j--)
          {
            double t = fv[j];
            fv[j] = fv[j - 1];
            fv[j - 1] = t;
            double tp[4];
            memcpy (tp, p[j], sizeof tp);
            memcpy (p[j], p[j - 1], sizeof tp);
            memcpy (p[j - 1], tp, sizeof tp);
          }
      if (fabs (fv[n] - fv[0]) < 1e-10 * (1.0 + fabs (fv[0])))
        {
          double spread = 0;
          for (guint i = 1; i <= n; i++)
            for (guint k = 0; k < n; k++)
              spread = MAX (spread, fabs (p[i][k] - p[0][k]));
          if (spread < 1e-8)
            break;
        }
      double cen[4] = { 0 };
      for (guint i = 0; i < n; i++)
        for (guint k = 0; k < n; k++)
          cen[k] += p[i][k] / n;
      double xr[4], xe[4], xc[4];
      for (guint k = 0; k < n; k++)
        xr[k] = cen[k] + (cen[k] - p[n][k]);
      double fr = f (xr, data);
      evals++;
      if (fr < fv[0])
        {
          for (guint k = 0; k < n; k++)
            xe[k] = cen[k] + 2.0 * (cen[k] - p[n][k]);
          double fe = f (xe, data);
          evals++;
          if (fe < fr)
            {
              memcpy (p[n], xe, n * sizeof (double));
              fv[n] = fe;
            }
          else
            {
              memcpy (p[n], xr, n * sizeof (double));
              fv[n] = fr;
            }
          continue;
        }
      if (fr < fv[n - 1])
        {
          memcpy (p[n], xr, n * sizeof (double));
          fv[n] = fr;
          continue;
        }
      for (guint k = 0; k < n; k++)
        xc[k] = cen[k] + 0.5 * (p[n][k] - cen[k]);
      double fc = f (xc, data);
      evals++;
      if (fc < fv[n])
        {
          memcpy (p[n], xc, n * sizeof (double));
          fv[n] = fc;
          continue;
        }
      for (guint i = 1; i <= n; i++)
        {
          for (guint k = 0; k < n; k++)
            p[i][k] = p[0][k] + 0.5 * (p[i][k] - p[0][k]);
          fv[i] = f (p[i], data);
          evals++;
        }
    }
  guint bi = 0;
  for (guint i = 1; i <= n; i++)
    if (fv[i] < fv[bi])
      bi = i;
  memcpy (x, p[bi], n * sizeof (double));
  return fv[bi];
}
