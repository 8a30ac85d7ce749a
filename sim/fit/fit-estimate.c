/* fit-estimate.c — from what was read to the fitted flows and units:
 * which streams become which flows (priority splits, elective admissions
 * without referrals), arrival rates and profiles, lengths of stay (own,
 * or pooled when a flow has too few), shares, capacity from observed
 * production, and the notes on thin or broken data. */
#include "fit-internal.h"

#include <math.h>
#include <string.h>

/* Fewer complete stays than this: the stay is pooled over the unit (or
 * the region) instead. */
#define MIN_STAYS 10   /* also operations, for minutes and the inpatient share */
/* A priority gets its own flow when it has this share and count. */
#define SPLIT_SHARE 0.05
#define SPLIT_MIN 20
/* A gap is reported when so few admissions on so many days would happen
 * by chance with probability below this. */
#define GAP_P 0.001

static PksFitParam
param (double v, double lo, double hi, double n)
{
  PksFitParam p = { v, lo, hi, n };
  return p;
}

static PksFitParam
share (double k, double n)
{
  double lo, hi;
  pks_fit_wilson (k, n, &lo, &hi);
  return param (n > 0 ? k / n : NAN, lo, hi, n);
}

/* ---------- arrivals ---------- */

/* The arrival rate, its profiles and their checks, from daily counts
 * over the period; share scales it (a priority's part of a flow). */
static void
fit_arrivals (FitCtx *c, const guint32 *daily, double share_of, PksDate start, PksFitFlow *o)
{
  double cnt[12][7] = { { 0 } }, ex[12][7] = { { 0 } };
  double C = 0;
  for (guint d = 0; d < c->period_days; d++)
    {
      PksDate date = c->from + d;
      int m = pks_date_month (date) - 1, w = pks_date_weekday (date);
      double y = daily ? daily[d] : 0;
      cnt[m][w] += y;
      ex[m][w] += 1;
      C += y;
    }
  o->cases = C * share_of;
  double M[12], W[7], base, g_wd = 0, g_mo = 0;
  pks_fit_profile (cnt, ex, M, W, &base, &g_wd, &g_mo);
  gboolean months_ok = TRUE;
  int n_months = 0;
  for (int m = 0; m < 12; m++)
    {
      double e = 0;
      for (int w = 0; w < 7; w++)
        e += ex[m][w];
      months_ok &= e >= 28;
      n_months += e > 0;
    }
  /* over-dispersion of the daily counts around the full model
   * (quasi-Poisson): the tests and intervals are widened by it */
  double pearson = 0;
  for (guint d = 0; d < c->period_days; d++)
    {
      PksDate date = c->from + d;
      double mu = base * M[pks_date_month (date) - 1] * W[pks_date_weekday (date)];
      double y = daily ? daily[d] : 0;
      if (mu > 0)
        pearson += (y - mu) * (y - mu) / mu;
    }
  double df = (double) c->period_days - 7 - (n_months - 1);
  double phi = df > 0 && C > 0 ? MAX (1.0, pearson / df) : 1.0;
  o->dispersion = phi;
  o->g_weekday = g_wd;
  o->g_month = g_mo;
  o->p_weekday = C > 0 ? pks_fit_chi2_sf (g_wd / phi, 6) : 1.0;
  o->p_month = C > 0 && n_months > 1 ? pks_fit_chi2_sf (g_mo / phi, n_months - 1) : 1.0;
  /* the profiles shrunk towards flat on the log scale by the
   * positive-part James–Stein factor 1 − (p − 2)/G (p free factors): a
   * strong pattern keeps nearly all of its estimate, one the data barely
   * show keeps little, one they do not show nothing */
  double raw_W[7], raw_M[12];
  memcpy (raw_W, W, sizeof W);
  memcpy (raw_M, M, sizeof M);
  double k_w = C > 0 ? MAX (0.0, 1.0 - 4.0 / MAX (g_wd / phi, 1e-9)) : 0.0;
  double k_m = C > 0 && months_ok && n_months > 3
               ? MAX (0.0, 1.0 - (n_months - 3.0) / MAX (g_mo / phi, 1e-9)) : 0.0;
  o->has_weekday = k_w > 0;
  o->has_month = k_m > 0;
  o->shrink_weekday = k_w;
  o->shrink_month = k_m;
  static const double mdays[12] = { 31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  double sw = 0, sm = 0, dm = 0;
  for (int w = 0; w < 7; w++)
    {
      W[w] = W[w] > 0 ? exp (k_w * log (W[w])) : (k_w > 0 ? 0.0 : 1.0);
      sw += W[w] / 7.0;
    }
  for (int m = 0; m < 12; m++)
    {
      M[m] = M[m] > 0 ? exp (k_m * log (M[m])) : (k_m > 0 ? 0.0 : 1.0);
      sm += mdays[m] * M[m];
      dm += mdays[m];
    }
  for (int w = 0; w < 7; w++)
    W[w] /= sw;
  for (int m = 0; m < 12; m++)
    M[m] /= sm / dm;
  /* the base rate given the shapes: the period's expected total is its count */
  double shape_sum = 0;
  for (guint d = 0; d < c->period_days; d++)
    {
      PksDate date = c->from + d;
      shape_sum += M[pks_date_month (date) - 1] * W[pks_date_weekday (date)];
    }
  base = shape_sum > 0 ? C / shape_sum : 0.0;
  /* per_year: the expected arrivals over the calendar year of the
   * scenario's start, as the model normalises profiles (contract 2) */
  int year = pks_date_year (start);
  double yr = 0;
  for (PksDate d = pks_date_from_ymd (year, 1, 1); d < pks_date_from_ymd (year + 1, 1, 1); d++)
    yr += M[pks_date_month (d) - 1] * W[pks_date_weekday (d)];
  double per_year = base * yr * share_of;
  o->base_per_day = base * share_of;
  double lo, hi;
  double Cs = C * share_of;
  pks_fit_poisson_ci (Cs, &lo, &hi);
  double sq = sqrt (phi);
  lo = Cs - (Cs - lo) * sq;
  hi = Cs + (hi - Cs) * sq;
  double scale = Cs > 0 ? per_year / Cs : 0.0;
  o->per_year = param (per_year, MAX (0.0, lo * scale), hi * scale, Cs);
  for (int w = 0; w < 7; w++)
    {
      double cw = 0, ew = 0, fw = 0;
      for (int m = 0; m < 12; m++)
        {
          cw += cnt[m][w];
          ew += ex[m][w];
          fw += ex[m][w] * base * M[m] * W[w];
        }
      o->weekday[w] = W[w];
      /* the interval is the unshrunk estimate's */
      double v = cw > 0 && C > 0 ? phi * MAX (0.0, 1.0 / cw - 1.0 / C) : NAN;
      o->weekday_lo[w] = raw_W[w] * exp (-PKS_Z95 * sqrt (v));
      o->weekday_hi[w] = raw_W[w] * exp (PKS_Z95 * sqrt (v));
      o->wd_obs[w] = ew > 0 ? cw / ew * share_of : NAN;
      o->wd_fit[w] = ew > 0 ? fw / ew * share_of : NAN;
    }
  for (int m = 0; m < 12; m++)
    {
      double cm = 0, em = 0, fm = 0;
      for (int w = 0; w < 7; w++)
        {
          cm += cnt[m][w];
          em += ex[m][w];
          fm += ex[m][w] * base * M[m] * W[w];
        }
      o->month[m] = M[m];
      double v = cm > 0 && C > 0 ? phi * MAX (0.0, 1.0 / cm - 1.0 / C) : NAN;
      o->month_lo[m] = months_ok ? raw_M[m] * exp (-PKS_Z95 * sqrt (v)) : NAN;
      o->month_hi[m] = months_ok ? raw_M[m] * exp (PKS_Z95 * sqrt (v)) : NAN;
      o->mo_obs[m] = em > 0 ? cm / em * share_of : NAN;
      o->mo_fit[m] = em > 0 ? fm / em * share_of : NAN;
    }
}

/* ---------- stays ---------- */

typedef struct {
  PksStays los;
  double los_day[PKS_FIT_DAY_BINS];
  double delay_known, delay_yes, delay_time, delay_done;
} StayPool;

static void
pool_init (StayPool *p)
{
  memset (p, 0, sizeof *p);
  pks_stays_init (&p->los);
}

static void
pool_add (StayPool *p, const FlowAcc *f)
{
  pks_stays_merge (&p->los, &f->los);
  for (int i = 0; i < PKS_FIT_DAY_BINS; i++)
    p->los_day[i] += f->los_day[i];
  p->delay_known += f->delay_known;
  p->delay_yes += f->delay_yes;
  p->delay_time += f->delay_time;
  p->delay_done += f->delay_done;
}

static void
fit_stays (FitCtx *c, const StayPool *p, PksLosSource src, PksFitFlow *o)
{
  o->los_source = src;
  o->stays = p->los.n;
  o->censored = p->los.censored->len;
  PksLognormal ln = pks_fit_lognormal (&p->los);
  o->better_shape = -1;
  o->ks = o->ks_crit = NAN;
  if (!ln.ok)
    {
      o->los_source = PKS_LOS_NONE;
      o->los_days = param (NAN, NAN, NAN, p->los.n);
      o->los_cv = param (NAN, NAN, NAN, p->los.n);
    }
  else
    {
      o->los_days = param (ln.mean, ln.mean_lo, ln.mean_hi, p->los.n);
      o->los_cv = param (ln.cv, ln.cv_lo, ln.cv_hi, p->los.n);
      PksShapeFit sf;
      pks_fit_shapes (&p->los, &ln, &sf);
      o->ks = sf.ks;
      o->ks_crit = sf.ks_crit;
      /* another shape "clearly" better: an AIC lower by more than 10
       * (Burnham & Anderson: no support left for the worse model) */
      if (sf.best != PKS_SHAPE_LOGNORMAL
          && sf.aic[PKS_SHAPE_LOGNORMAL] - sf.aic[sf.best] > 10.0)
        {
          o->better_shape = sf.best;
          o->better_delta_aic = sf.aic[PKS_SHAPE_LOGNORMAL] - sf.aic[sf.best];
        }
      double tot = 0;
      for (int i = 0; i < PKS_FIT_DAY_BINS; i++)
        tot += p->los_day[i];
      for (int i = 0; i < PKS_FIT_DAY_BINS; i++)
        {
          o->los_obs[i] = tot > 0 ? p->los_day[i] / tot : NAN;
          double a = pks_shape_cdf (PKS_SHAPE_LOGNORMAL, ln.mu, ln.sigma, i);
          double b = i + 1 < PKS_FIT_DAY_BINS
                     ? pks_shape_cdf (PKS_SHAPE_LOGNORMAL, ln.mu, ln.sigma, i + 1) : 1.0;
          o->los_fit[i] = b - a;
        }
    }
  o->delay_p = share (p->delay_yes, p->delay_known);
  if (!c->fit->stats[PKS_EXTRACT_ADMISSIONS].has[PKS_COL_READY])
    o->delay_p = param (0, NAN, NAN, 0);
  /* exponential with censoring: total time waited over completed waits;
   * the interval from the chi-square (gamma) of the completed count */
  if (p->delay_done > 0)
    {
      double m = p->delay_time / p->delay_done, lo, hi;
      pks_fit_poisson_ci (p->delay_done, &lo, &hi);
      o->delay_days = param (m, p->delay_time / hi, lo > 0 ? p->delay_time / lo : NAN,
                             p->delay_done);
    }
  else
    o->delay_days = param (0, NAN, NAN, 0);
}

/* ---------- flows ---------- */

static PksFitFlow *
new_flow (FitCtx *c, const FlowAcc *a, const char *name, PksFlowKind kind)
{
  PksFitFlow *o = g_new0 (PksFitFlow, 1);
  o->unit = g_strdup (a->unit);
  o->name = g_strdup (name);
  o->source_flow = g_strdup (a->flow);
  o->kind = kind;
  o->priority = 2;
  o->wait_first_median = o->wait_treat_median = NAN;
  o->treat_p = o->inpatient_p = o->surgery_minutes = o->surgery_cv = o->priority_share =
    param (NAN, NAN, NAN, 0);
  g_ptr_array_add (c->fit->flows, o);
  return o;
}

static double
hist_median (const guint32 *h)
{
  if (h == NULL)
    return NAN;
  double n = 0, acc = 0;
  for (int i = 0; i < WAIT_HIST; i++)
    n += h[i];
  for (int i = 0; i < WAIT_HIST; i++)
    if ((acc += h[i]) >= n / 2.0)
      return i;
  return NAN;
}

/* Operation minutes, inpatient share: the flow's own operations when it
 * has enough, else every operation of its unit (its other flows' and
 * those linked to no referral). */
static void
fit_operations (FitCtx *c, const FlowAcc *a, PksFitFlow *o)
{
  const UnitAcc *u = g_ptr_array_index (c->units, a->unit_ix);
  double n = u->op_min_n, s1 = u->op_s1, s2 = u->op_s2, known = u->op_known, inp = u->op_inpatient;
  for (guint i = 0; i < c->flows->len; i++)
    {
      const FlowAcc *b = g_ptr_array_index (c->flows, i);
      if (b->unit_ix != a->unit_ix)
        continue;
      n += b->op_min_n;
      s1 += b->op_s1;
      s2 += b->op_s2;
      known += b->op_known;
      inp += b->op_inpatient;
    }
  if (a->op_min_n >= MIN_STAYS)
    {
      n = a->op_min_n;
      s1 = a->op_s1;
      s2 = a->op_s2;
    }
  if (a->op_known >= MIN_STAYS)
    {
      known = a->op_known;
      inp = a->op_inpatient;
    }
  PksLognormal ln = pks_fit_lognormal_complete ((guint64) n, s1, s2);
  if (ln.ok)
    {
      o->surgery_minutes = param (ln.mean, ln.mean_lo, ln.mean_hi, n);
      o->surgery_cv = param (ln.cv, ln.cv_lo, ln.cv_hi, n);
    }
  if (known > 0)
    o->inpatient_p = share (inp, known);
  else if (a->treated_n > 0)
    {
      /* no operations file: elective admissions per treatment */
      double adm = 0;
      for (guint d = 0; a->eadm && d < c->period_days; d++)
        adm += a->eadm[d];
      o->inpatient_p = share (MIN (adm, a->treated_n), a->treated_n);
    }
}

static void
elective_flows (FitCtx *c, FlowAcc *a, guint ai, StayPool *unit_pool, StayPool *region_pool)
{
  (void) ai;
  PksFit *fit = c->fit;
  double tot = a->prio[0] + a->prio[1] + a->prio[2];
  int major = 1;
  for (int k = 0; k < 3; k++)
    if (a->prio[k] > a->prio[major])
      major = k;
  gboolean keep[3] = { FALSE, FALSE, FALSE };
  int n_keep = 0;
  for (int k = 0; k < 3; k++)
    if (tot > 0 && a->prio[k] >= SPLIT_MIN && a->prio[k] / tot >= SPLIT_SHARE)
      {
        keep[k] = TRUE;
        n_keep++;
      }
  if (n_keep < 2)
    {
      memset (keep, 0, sizeof keep);
      keep[major] = TRUE;
      n_keep = 1;
    }
  double kept = 0;
  for (int k = 0; k < 3; k++)
    kept += keep[k] ? a->prio[k] : 0;
  a->written = (int) fit->flows->len;
  for (int k = 0; k < 3; k++)
    {
      if (!keep[k])
        continue;
      /* the priorities without a flow of their own join the largest */
      double part = tot > 0 ? (a->prio[k] + (k == major ? tot - kept : 0)) / tot : 1.0;
      g_autofree char *name = n_keep > 1 ? g_strdup_printf ("%s p%d", a->flow, k + 1)
                                         : g_strdup (a->flow);
      PksFitFlow *o = new_flow (c, a, name, PKS_FLOW_ELECTIVE);
      o->priority = k + 1;
      o->priority_share = share (a->prio[k], tot);
      fit_arrivals (c, a->arrivals, part, c->as_of + 1, o);
      o->admissions = a->n_admissions * part;
      o->treated = a->treated_n * part;
      if (a->los.n >= MIN_STAYS)
        {
          StayPool p;
          pool_init (&p);
          pool_add (&p, a);
          fit_stays (c, &p, PKS_LOS_OWN, o);
          pks_stays_clear (&p.los);
        }
      else if (unit_pool->los.n >= MIN_STAYS)
        fit_stays (c, unit_pool, PKS_LOS_UNIT, o);
      else
        fit_stays (c, region_pool, PKS_LOS_REGION, o);
      if (fit->stats[PKS_EXTRACT_REFERRALS].has[PKS_COL_DECIDED]
          || fit->stats[PKS_EXTRACT_REFERRALS].has[PKS_COL_TREATED])
        o->treat_p = share (a->fv_decided, a->fv_n);
      fit_operations (c, a, o);
      o->wait_first_median = hist_median (a->wait_fv);
      o->wait_treat_median = hist_median (a->wait_tr);
    }
}

/* ---------- units ---------- */

/* Ward census at each midnight of the period, from the difference array. */
static void
census_series (const FitCtx *c, const int *diff, double *out)
{
  int run = 0;
  for (guint d = 0; d < c->span_days; d++)
    {
      run += diff[d];
      if (d < c->period_days)
        out[d] = run;
    }
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Weekly production (full Monday–Sunday weeks of the period) and
 * whether the list was long enough all week that capacity, not demand,
 * set it: the list at the week's start held more than the week's
 * production. */
static PksFitParam
weekly (const FitCtx *c, const guint32 *per_day, const int *list_diff, gboolean *binding,
        double *p90)
{
  g_autoptr (GArray) weeks = g_array_new (FALSE, FALSE, sizeof (double));
  int list = 0, bound = 0, n = 0;
  double sum = 0;
  int list_at[c->period_days + 1];
  for (guint d = 0; d < c->period_days; d++)
    {
      list_at[d] = list;   /* at the midnight before day d */
      list += list_diff[d];
    }
  for (guint d = 0; d + 7 <= c->period_days; d++)
    {
      if (pks_date_weekday (c->from + d) != 0)
        continue;
      double w = 0;
      for (int k = 0; k < 7; k++)
        w += per_day[d + k];
      g_array_append_val (weeks, w);
      sum += w;
      n++;
      bound += d > 0 && list_at[d] > w;
    }
  *binding = n >= 4 && bound * 2 >= n;
  if (n == 0)
    {
      *p90 = NAN;
      return param (NAN, NAN, NAN, 0);
    }
  g_array_sort (weeks, cmp_double);
  *p90 = g_array_index (weeks, double, MIN ((guint) (0.9 * n), (guint) n - 1));
  double mean = sum / n, ss = 0;
  for (int i = 0; i < n; i++)
    {
      double x = g_array_index (weeks, double, i) - mean;
      ss += x * x;
    }
  double hw = n > 1 ? PKS_Z95 * sqrt (ss / (n - 1) / n) : NAN;
  return param (mean, mean - hw, mean + hw, n);
}

/* Operations one session holds when booked as the model books (by
 * expected minutes, the list in order, looking 64 entries ahead), for the
 * unit's mix of flows: a deterministic sequence in the mix's proportions. */
static double
ops_per_session (const double *minutes, const double *weights, guint n, double session)
{
  if (n == 0)
    return 1.0;
  double wsum = 0;
  for (guint i = 0; i < n; i++)
    wsum += weights[i];
  if (wsum <= 0)
    return 1.0;
  enum { Q = 64, SESSIONS = 400 };
  double credit[16] = { 0 };
  double queue[Q];
  guint nq = 0, ops = 0;
  for (guint s = 0; s < SESSIONS; s++)
    {
      while (nq < Q)
        {
          /* the flow furthest behind its share comes next */
          guint best = 0;
          for (guint i = 0; i < n; i++)
            {
              credit[i] += weights[i] / wsum;
              if (credit[i] > credit[best])
                best = i;
            }
          credit[best] -= 1.0;
          queue[nq++] = minutes[best];
        }
      double left = session;
      guint booked = 0;
      for (guint i = 0; i < nq;)
        if (queue[i] <= left + 1e-9 || (booked == 0 && queue[i] > session))
          {
            left -= queue[i];
            booked++;
            memmove (&queue[i], &queue[i + 1], (nq - i - 1) * sizeof (double));
            nq--;
          }
        else
          i++;
      ops += booked;
    }
  return (double) ops / SESSIONS;
}

static int
cmp_interval (gconstpointer a, gconstpointer b)
{
  const OpInterval *x = a, *y = b;
  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return (x->start > y->start) - (x->start < y->start);
}

/* Operations in one room follow each other; times rounded to the minute
 * (and minutes to whole ones) make neighbours overlap a little. Only an
 * overlap longer than this is a second room. */
#define OVERLAP_SLACK 15.0f

/* Theatres in use from the operations' times: on each day the most
 * operations running at once (parallel rooms, each a session), summed
 * per week; and a session's length, the 90th percentile over days of the
 * busy minutes per room, rounded up to half an hour (120–720). FALSE
 * without operation times. */
static gboolean
sessions_from_times (const FitCtx *c, GArray *iv, double *per_week, double *minutes)
{
  if (iv == NULL || iv->len == 0)
    return FALSE;
  g_array_sort (iv, cmp_interval);
  double rooms = 0;
  g_autoptr (GArray) busy = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < iv->len;)
    {
      guint j = i;
      int most = 0;
      double used = 0;
      /* a sweep over the day's starts: running = those not yet ended */
      g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (float));
      for (; j < iv->len && g_array_index (iv, OpInterval, j).day == g_array_index (iv, OpInterval, i).day; j++)
        {
          const OpInterval *x = &g_array_index (iv, OpInterval, j);
          for (guint k = 0; k < ends->len;)
            if (g_array_index (ends, float, k) <= x->start + OVERLAP_SLACK)
              g_array_remove_index_fast (ends, k);
            else
              k++;
          g_array_append_val (ends, x->end);
          most = MAX (most, (int) ends->len);
          used += x->end - x->start;
        }
      rooms += most;
      double per_room = used / most;
      g_array_append_val (busy, per_room);
      i = j;
    }
  *per_week = rooms / (c->period_days / 7.0);
  g_array_sort (busy, (GCompareFunc) cmp_double);
  double p90 = g_array_index (busy, double, MIN ((guint) (0.9 * busy->len), busy->len - 1));
  *minutes = CLAMP (ceil (p90 / 30.0) * 30.0, 120.0, 720.0);
  return TRUE;
}

static void
fit_unit (FitCtx *c, guint ui, PksFitUnit *o)
{
  UnitAcc *u = g_ptr_array_index (c->units, ui);
  PksFit *fit = c->fit;
  o->name = g_strdup (u->name);
  o->site = g_strdup ("Sjukhus");
  o->admissions = u->admissions;
  o->outlied_patients = u->outlied_patients;
  g_autofree double *cen = g_new0 (double, c->period_days);
  g_autofree double *out = g_new0 (double, c->period_days);
  census_series (c, u->ward_diff, cen);
  census_series (c, u->out_diff, out);
  double sum = 0, wd[7] = { 0 }, nwd[7] = { 0 };
  for (guint d = 0; d < c->period_days; d++)
    {
      sum += cen[d];
      o->outlied_days += out[d];
      int w = pks_date_weekday (c->from + d);
      wd[w] += cen[d];
      nwd[w]++;
    }
  for (int w = 0; w < 7; w++)
    {
      o->census_wd_obs[w] = nwd[w] > 0 ? wd[w] / nwd[w] : NAN;
      o->census_wd_fit[w] = o->census_wd_lo[w] = o->census_wd_hi[w] = NAN;
    }
  o->census_sim_mean = o->census_sim_lo = o->census_sim_hi = NAN;
  o->census_mean = sum / MAX (1u, c->period_days);
  g_autofree double *sorted = g_memdup2 (cen, sizeof (double) * c->period_days);
  qsort (sorted, c->period_days, sizeof (double), (int (*) (const void *, const void *)) cmp_double);
  o->census_p95 = c->period_days ? sorted[MIN ((guint) (0.95 * c->period_days), c->period_days - 1)] : 0;
  o->census_max = c->period_days ? sorted[c->period_days - 1] : 0;

  int ci = c->units_csv ? pks_scenario_find_unit (c->units_csv, u->name) : -1;
  const PksUnitDef *ud = ci >= 0 ? pks_unit (c->units_csv, ci) : NULL;
  o->capacity_given = ud != NULL;
  o->sessions_given = ud && c->units_has[0];
  o->minutes_given = ud && c->units_has[1];
  o->slots_given = ud && c->units_has[2];
  if (ud)
    {
      g_free (o->site);
      o->site = g_strdup (ud->site);
      o->bed_type = ud->bed_type;
      o->beds = ud->beds;
      o->staffed_beds = ud->staffed_beds;
    }
  else
    {
      /* beds seen in use: the most at any midnight; staffed: the 95th
       * percentile (docs/fit.md) */
      o->beds = (int) o->census_max;
      o->staffed_beds = (int) ceil (o->census_p95);
    }
  o->or_session_minutes = o->minutes_given ? ud->or_session_minutes : 240.0;

  /* first-visit slots from first visits performed */
  double p90;
  o->slots_obs = weekly (c, u->fv, u->fv_diff, &o->slots_binding, &p90);
  if (o->slots_given)
    o->visit_slots_per_week = ud->visit_slots_per_week;
  else if (!isnan (o->slots_obs.value) && o->slots_obs.value > 0)
    o->visit_slots_per_week = o->slots_binding ? o->slots_obs.value : p90;
  /* sessions from operations performed (or treatments, without an
   * operations file), at the operations a session holds */
  const guint32 *per_day = fit->present[PKS_EXTRACT_OPERATIONS] ? u->ops : u->treated;
  o->ops_obs = weekly (c, per_day, u->tr_diff, &o->ops_binding, &p90);
  double ops_week = o->ops_binding ? o->ops_obs.value : p90;
  double rooms_week, session_min;
  gboolean timed = sessions_from_times (c, u->op_iv, &rooms_week, &session_min);
  if (timed && !o->minutes_given)
    o->or_session_minutes = session_min;
  if (o->sessions_given)
    o->or_sessions_per_week = ud->or_sessions_per_week;
  else if (timed)
    {
      o->or_sessions_per_week = rooms_week;
      o->sessions_from_times = TRUE;
    }
  else if (!isnan (ops_week) && ops_week > 0)
    {
      double mins[16], w[16];
      guint n = 0;
      for (guint i = 0; i < fit->flows->len && n < 16; i++)
        {
          PksFitFlow *f = g_ptr_array_index (fit->flows, i);
          if (strcmp (f->unit, u->name) != 0 || f->kind != PKS_FLOW_ELECTIVE
              || isnan (f->surgery_minutes.value))
            continue;
          /* the mix of what was operated, which the sessions held (a
           * low priority's demand may hardly reach them) */
          mins[n] = f->surgery_minutes.value;
          w[n++] = f->treated > 0 ? f->treated
                   : f->per_year.value * (isnan (f->treat_p.value) ? 1.0 : f->treat_p.value);
        }
      double per = n ? ops_per_session (mins, w, n, o->or_session_minutes) : 1.0;
      o->or_sessions_per_week = ops_week / per;
    }
}

/* Days in a row without admissions that chance would hardly give: a run
 * whose expected admissions (the unit's mean for each weekday of the
 * run) make no admission at all less likely than GAP_P over the whole
 * period (Bonferroni over its days). */
static void
gap_notes (FitCtx *c, guint ui, const PksFitUnit *o)
{
  UnitAcc *u = g_ptr_array_index (c->units, ui);
  double by_wd[7] = { 0 }, n_wd[7] = { 0 };
  for (guint d = 0; d < c->period_days; d++)
    {
      int w = pks_date_weekday (c->from + d);
      by_wd[w] += u->adm[d];
      n_wd[w]++;
    }
  for (int w = 0; w < 7; w++)
    by_wd[w] = n_wd[w] > 0 ? by_wd[w] / n_wd[w] : 0.0;
  double limit = -log (GAP_P / MAX (1u, c->period_days));
  int shown = 0;
  for (guint d = 0; d < c->period_days;)
    {
      if (u->adm[d] != 0)
        {
          d++;
          continue;
        }
      guint e = d;
      double expected = 0;
      while (e < c->period_days && u->adm[e] == 0)
        expected += by_wd[pks_date_weekday (c->from + e++)];
      if (expected > limit && shown++ < 5)
        {
          char a[11], b[11];
          pks_date_format (c->from + d, a);
          pks_date_format (c->from + e - 1, b);
          pks_fit_note (c->fit,
            pks_fit_sv ("%s: inga vårdtillfällen från %s till %s (%u dagar; omkring %.0f "
                        "förväntade): saknas data?", o->name, a, b, e - d, expected),
            pks_fit_en ("%s: no admissions from %s to %s (%u days; about %.0f "
                        "expected): missing data?", o->name, a, b, e - d, expected));
        }
      d = e;
    }
}

void
pks_fit_estimate (FitCtx *c)
{
  PksFit *fit = c->fit;
  guint nu = c->units->len;
  /* pooled stays per unit and kind, and for the region */
  g_autofree StayPool *upool = g_new (StayPool, nu * 2);
  StayPool rpool[2];
  for (guint i = 0; i < nu * 2; i++)
    pool_init (&upool[i]);
  pool_init (&rpool[0]);
  pool_init (&rpool[1]);
  for (guint i = 0; i < c->flows->len; i++)
    {
      FlowAcc *a = g_ptr_array_index (c->flows, i);
      pool_add (&upool[a->unit_ix * 2 + a->kind], a);
      pool_add (&rpool[a->kind], a);
    }
  g_autofree double *census_of = g_new0 (double, c->flows->len);
  for (guint i = 0; i < c->census->len; i++)
    census_of[g_array_index (c->census, StateRow, i).flow]++;
  for (guint i = 0; i < c->census_check->len; i++)
    census_of[g_array_index (c->census_check, StateRow, i).flow]++;
  g_autofree double *waiting_of = g_new0 (double, c->flows->len);
  for (guint i = 0; i < c->waiting->len; i++)
    waiting_of[g_array_index (c->waiting, StateRow, i).flow]++;
  for (guint i = 0; i < c->waiting_check->len; i++)
    waiting_of[g_array_index (c->waiting_check, StateRow, i).flow]++;

  /* elective flows first (referrals), so elective admissions without
   * referrals know whether their unit has any */
  g_autofree gboolean *unit_elective = g_new0 (gboolean, nu);
  for (guint i = 0; i < c->flows->len; i++)
    {
      FlowAcc *a = g_ptr_array_index (c->flows, i);
      if (a->kind != PKS_FLOW_ELECTIVE || (a->n_arrivals == 0 && waiting_of[i] == 0
                                           && a->fv_n == 0 && a->treated_n == 0))
        continue;
      elective_flows (c, a, i, &upool[a->unit_ix * 2 + 1], &rpool[1]);
      a->census_flow = a->written;
      unit_elective[a->unit_ix] = TRUE;
    }
  for (guint i = 0; i < c->flows->len; i++)
    {
      FlowAcc *a = g_ptr_array_index (c->flows, i);
      if (a->written >= 0)
        continue;
      gboolean scheduled = a->kind == PKS_FLOW_ELECTIVE;
      if (scheduled && unit_elective[a->unit_ix])
        continue;   /* its stays are in the unit's pool; its patients in bed below */
      if (a->n_arrivals == 0 && a->n_admissions == 0 && census_of[i] == 0)
        continue;
      PksFitFlow *o = new_flow (c, a, a->flow, PKS_FLOW_ACUTE);
      a->written = a->census_flow = (int) fit->flows->len - 1;
      o->scheduled = scheduled;
      fit_arrivals (c, scheduled ? a->eadm : a->arrivals, 1.0, c->as_of + 1, o);
      o->admissions = a->n_admissions;
      StayPool *up = &upool[a->unit_ix * 2 + a->kind];
      if (a->los.n >= MIN_STAYS)
        {
          StayPool p;
          pool_init (&p);
          pool_add (&p, a);
          fit_stays (c, &p, PKS_LOS_OWN, o);
          pks_stays_clear (&p.los);
        }
      else if (up->los.n >= MIN_STAYS)
        fit_stays (c, up, PKS_LOS_UNIT, o);
      else
        fit_stays (c, &rpool[a->kind], PKS_LOS_REGION, o);
      if (scheduled)
        pks_fit_note (fit,
          pks_fit_sv ("%s/%s: planerade vårdtillfällen utan remisser (inga rader i "
                      "referrals.csv för enheten) modelleras som ett inflöde av "
                      "inskrivningar med sin veckodagsprofil", o->unit, o->name),
          pks_fit_en ("%s/%s: elective admissions without referrals (no referrals.csv "
                      "rows for the unit) are modelled as a stream of admissions with their "
                      "weekday profile", o->unit, o->name));
    }
  /* elective admissions whose flow has no referrals: their patients in
   * bed join the unit's first elective flow */
  for (guint i = 0; i < c->flows->len; i++)
    {
      FlowAcc *a = g_ptr_array_index (c->flows, i);
      if (a->census_flow >= 0)
        continue;
      for (guint j = 0; j < c->flows->len; j++)
        {
          FlowAcc *b = g_ptr_array_index (c->flows, j);
          if (b->unit_ix == a->unit_ix && b->kind == PKS_FLOW_ELECTIVE && b->written >= 0)
            {
              a->census_flow = b->written;
              break;
            }
        }
    }
  for (guint i = 0; i < nu * 2; i++)
    pks_stays_clear (&upool[i].los);
  pks_stays_clear (&rpool[0].los);
  pks_stays_clear (&rpool[1].los);

  /* units (after the flows: sessions need their operation minutes) */
  for (guint i = 0; i < nu; i++)
    {
      PksFitUnit *o = g_new0 (PksFitUnit, 1);
      fit_unit (c, i, o);
      g_ptr_array_add (fit->units, o);
      gap_notes (c, i, o);
    }
  /* outlying: where patients were cared for when not on their own ward */
  if (!fit->stats[PKS_EXTRACT_ADMISSIONS].has[PKS_COL_WARD])
    fit->outlying = PKS_OUTLYING_SITE;
  else if (c->region_outlied == 0)
    fit->outlying = PKS_OUTLYING_NONE;
  else
    fit->outlying = c->region_outlied_other_site > 0 ? PKS_OUTLYING_REGION : PKS_OUTLYING_SITE;
}
