/* fit-read.c — one pass over each extract file (units.csv, referrals,
 * operations, admissions, in that order: operations find their flow
 * through the referrals), adding each row to its flow's and unit's
 * accumulators and to today's state. Nothing per row is kept except
 * patients in bed or waiting at a snapshot and the ids the readers keep
 * to find duplicates. */
#include "fit-internal.h"
#include "pks/core/error.h"
#include "pks/core/rng.h"

#include <math.h>
#include <string.h>

/* A name as a scenario may hold it: '/', '[', ']' and control characters
 * replaced (contract section 3). (transfer full) */
static char *
scenario_name (const char *s)
{
  char *o = g_strdup (s);
  for (char *p = o; *p; p++)
    if (*p == '/' || *p == '[' || *p == ']' || (guchar) *p < 0x20 || *p == 0x7F)
      *p = '-';
  return o;
}

guint
pks_fit_unit (FitCtx *c, const char *name)
{
  gpointer v = g_hash_table_lookup (c->unit_ix, name);
  if (v)
    return GPOINTER_TO_UINT (v) - 1;
  UnitAcc *u = g_new0 (UnitAcc, 1);
  u->name = scenario_name (name);
  guint S = c->span_days;
  u->ward_diff = g_new0 (int, S + 1);
  u->out_diff = g_new0 (int, S + 1);
  u->fv_diff = g_new0 (int, S + 1);
  u->tr_diff = g_new0 (int, S + 1);
  u->adm = g_new0 (guint32, S);
  u->fv = g_new0 (guint32, S);
  u->ops = g_new0 (guint32, S);
  u->treated = g_new0 (guint32, S);
  u->bt_vg = g_new0 (double, MAX (1u, c->n_bt_months) * 6);
  g_ptr_array_add (c->units, u);
  g_hash_table_insert (c->unit_ix, g_strdup (name), GUINT_TO_POINTER (c->units->len));
  return c->units->len - 1;
}

static guint
flow_acc (FitCtx *c, const char *unit, const char *flow, PksFlowKind kind)
{
  g_string_printf (c->key, "%d\x1f%s\x1f%s", kind, unit, flow);
  gpointer v = g_hash_table_lookup (c->flow_ix, c->key->str);
  if (v)
    return GPOINTER_TO_UINT (v) - 1;
  FlowAcc *f = g_new0 (FlowAcc, 1);
  f->unit_ix = pks_fit_unit (c, unit);
  f->unit = g_strdup (((UnitAcc *) g_ptr_array_index (c->units, f->unit_ix))->name);
  f->flow = scenario_name (flow);
  f->kind = kind;
  f->arrivals = g_new0 (guint32, c->period_days);
  pks_stays_init (&f->los);
  f->written = f->census_flow = -1;
  g_ptr_array_add (c->flows, f);
  g_hash_table_insert (c->flow_ix, g_strdup (c->key->str), GUINT_TO_POINTER (c->flows->len));
  return c->flows->len - 1;
}

/* Day index in the span (0 = from), or -1 outside. */
static int
span_day (const FitCtx *c, PksDate d)
{
  return d >= c->from && d <= c->last ? (int) (d - c->from) : -1;
}

static gboolean
in_period (const FitCtx *c, PksDate d)
{
  return d >= c->from && d <= c->to;
}

/* +1 on a per-day difference array for the midnights that end the days
 * first..last of the span (clipped); last < first adds nothing. */
static void
diff_add (const FitCtx *c, int *diff, gint64 first, gint64 last)
{
  first = MAX (first, 0);
  last = MIN (last, (gint64) c->span_days - 1);
  if (last < first)
    return;
  diff[first]++;
  diff[last + 1]--;
}

/* The span days whose ending midnight lies in [a, b) (b NAN = open). */
static void
midnights (const FitCtx *c, double a, double b, gint64 *first, gint64 *last)
{
  *first = (gint64) ceil (a / 1440.0) - (gint64) c->from - 1;
  *last = isnan (b) ? (gint64) c->span_days - 1 : (gint64) ceil (b / 1440.0) - (gint64) c->from - 2;
}

static void
wait_add (guint32 **hist, double days)
{
  if (*hist == NULL)
    *hist = g_new0 (guint32, WAIT_HIST);
  (*hist)[(guint) CLAMP (days, 0, WAIT_HIST - 1)]++;
}

/* ---------- referrals ---------- */

static void
state_wait (GArray *to, guint flow, PksStage stage, PksDate since, const PksExtractRow *x)
{
  StateRow r = { 0 };
  r.flow = flow;
  r.stage = stage;
  r.since = since;
  r.priority = x->priority;
  r.code = x->wait_code;
  g_array_append_val (to, r);
}

/* Date of a time, NAN-safe: G_MAXUINT32 for "never". */
static PksDate
date_or_never (double t)
{
  return isnan (t) ? G_MAXUINT32 : pks_extract_date (t);
}

static void
on_referral (gpointer data, const PksExtractRow *x)
{
  FitCtx *c = data;
  const double *t = x->t;
  guint fi = flow_acc (c, x->unit, x->flow, PKS_FLOW_ELECTIVE);
  FlowAcc *f = g_ptr_array_index (c->flows, fi);
  UnitAcc *u = g_ptr_array_index (c->units, f->unit_ix);
  u->has_elective = TRUE;
  g_hash_table_insert (c->ref_flow, GSIZE_TO_POINTER ((gsize) pks_rng_hash_name (x->id)),
                       GUINT_TO_POINTER (fi + 1));
  PksDate ref = pks_extract_date (t[PKS_REF_REFERRED]);
  PksDate fv = date_or_never (t[PKS_REF_FIRST_VISIT]), dec = date_or_never (t[PKS_REF_DECIDED]);
  PksDate tr = date_or_never (t[PKS_REF_TREATED]), rm = date_or_never (t[PKS_REF_REMOVED]);
  if (in_period (c, ref))
    {
      f->arrivals[ref - c->from]++;
      f->n_arrivals++;
      f->prio[x->priority - 1]++;
    }
  else
    c->fit->outside_period[PKS_EXTRACT_REFERRALS]++;
  /* what the fit may see: events up to the end of the period */
  if (fv != G_MAXUINT32 && in_period (c, fv))
    {
      f->fv_n++;
      if (dec <= c->to || tr <= c->to)
        f->fv_decided++;
      wait_add (&f->wait_fv, (double) fv - ref);
    }
  PksDate since_tr = dec != G_MAXUINT32 ? dec : fv != G_MAXUINT32 ? fv : tr;
  if (tr != G_MAXUINT32 && in_period (c, tr))
    {
      f->treated_n++;
      wait_add (&f->wait_tr, (double) tr - since_tr);
    }
  /* the lists at every midnight of the span */
  PksDate exit1 = MIN (MIN (fv, dec), MIN (tr, rm));
  diff_add (c, u->fv_diff, (gint64) ref - c->from,
            exit1 == G_MAXUINT32 ? c->span_days : (gint64) exit1 - c->from - 1);
  PksDate exit2 = MIN (tr, rm);
  if (since_tr != G_MAXUINT32 && (dec != G_MAXUINT32 || tr != G_MAXUINT32))
    diff_add (c, u->tr_diff, (gint64) since_tr - c->from,
              exit2 == G_MAXUINT32 ? c->span_days : (gint64) exit2 - c->from - 1);
  int d;
  if (fv != G_MAXUINT32 && (d = span_day (c, fv)) >= 0)
    u->fv[d]++;
  if (tr != G_MAXUINT32 && (d = span_day (c, tr)) >= 0)
    u->treated[d]++;
  /* today's state, and the state at the period's start */
  PksDate snaps[2] = { c->as_of, c->from - 1 };
  GArray *to[2] = { c->waiting, c->waiting_check };
  for (int k = 0; k < 2; k++)
    {
      PksDate s = snaps[k];
      if (ref <= s && exit1 > s)
        state_wait (to[k], fi, PKS_STAGE_FIRST_VISIT, ref, x);
      else if (since_tr != G_MAXUINT32 && since_tr <= s && exit2 > s
               && (dec != G_MAXUINT32 || tr != G_MAXUINT32) && exit1 <= s)
        state_wait (to[k], fi, PKS_STAGE_TREATMENT, since_tr, x);
    }
  /* back-test month ends: waiting, counted in the guarantee share, within */
  for (guint m = 0; m < c->n_bt_months; m++)
    {
      PksDate me = c->bt_month_end[m];
      double *v = NULL;
      PksDate since = 0;
      if (ref <= me && exit1 > me)
        {
          v = &u->bt_vg[m * 6];
          since = ref;
        }
      else if (since_tr != G_MAXUINT32 && since_tr <= me && exit2 > me && exit1 <= me
               && (dec != G_MAXUINT32 || tr != G_MAXUINT32))
        {
          v = &u->bt_vg[m * 6 + 3];
          since = since_tr;
        }
      if (v == NULL)
        continue;
      v[0]++;
      if (x->wait_code == PKS_WAIT_CODE_NONE)
        {
          v[1]++;
          /* as the model counts at the month's end: whole days to the next midnight */
          if ((double) (me + 1) - since <= 90.0)
            v[2]++;
        }
    }
}

/* ---------- operations ---------- */

static void
op_add (double *n, double *known, double *inpatient, double *min_n, double *s1, double *s2,
        const PksExtractRow *x)
{
  (*n)++;
  if (x->inpatient >= 0)
    {
      (*known)++;
      *inpatient += x->inpatient;
    }
  if (!isnan (x->minutes))
    {
      double l = log (x->minutes);
      (*min_n)++;
      *s1 += l;
      *s2 += l * l;
    }
}

static void
on_operation (gpointer data, const PksExtractRow *x)
{
  FitCtx *c = data;
  PksDate d = pks_extract_date (x->t[PKS_OP_START]);
  guint ui = pks_fit_unit (c, x->unit);
  UnitAcc *u = g_ptr_array_index (c->units, ui);
  int sd = span_day (c, d);
  if (sd >= 0)
    u->ops[sd]++;
  if (!in_period (c, d))
    {
      c->fit->outside_period[PKS_EXTRACT_OPERATIONS]++;
      return;
    }
  if (!isnan (x->minutes))
    {
      u->op_all_n++;
      u->op_all_minutes += x->minutes;
      if (u->op_iv == NULL)
        u->op_iv = g_array_new (FALSE, FALSE, sizeof (OpInterval));
      double m0 = x->t[PKS_OP_START] - PKS_EXTRACT_TIME (d);
      OpInterval iv = { d - c->from, (float) m0, (float) (m0 + x->minutes) };
      g_array_append_val (u->op_iv, iv);
    }
  gpointer v = x->referral ? g_hash_table_lookup (c->ref_flow,
                                                  GSIZE_TO_POINTER ((gsize) pks_rng_hash_name (x->referral)))
                           : NULL;
  if (v)
    {
      FlowAcc *f = g_ptr_array_index (c->flows, GPOINTER_TO_UINT (v) - 1);
      op_add (&f->op_n, &f->op_known, &f->op_inpatient, &f->op_min_n, &f->op_s1, &f->op_s2, x);
    }
  else
    op_add (&u->op_n, &u->op_known, &u->op_inpatient, &u->op_min_n, &u->op_s1, &u->op_s2, x);
}

/* ---------- admissions ---------- */

static void
state_bed (GArray *to, guint flow, double a, double ready, int ward)
{
  StateRow r = { 0 };
  r.flow = flow;
  r.admitted = a;
  r.ready = ready;
  r.ward = ward;
  g_array_append_val (to, r);
}

static void
on_admission (gpointer data, const PksExtractRow *x)
{
  FitCtx *c = data;
  /* a date without a time is taken as midday (a night in bed per date
   * crossed); a stay within one date then lasts 8 hours (docs/fit.md) */
  double shift = x->date_only ? 720.0 : 0.0;
  double a = x->t[PKS_ADM_ADMITTED] + shift, d = x->t[PKS_ADM_DISCHARGED] + shift;
  double rd = x->t[PKS_ADM_READY] + shift;
  if (x->date_only && !isnan (d) && d == a)
    d = a + 480.0;
  guint fi = flow_acc (c, x->unit, x->flow, x->kind);
  FlowAcc *f = g_ptr_array_index (c->flows, fi);
  UnitAcc *u = g_ptr_array_index (c->units, f->unit_ix);
  int wi = x->ward_unit ? (int) pks_fit_unit (c, x->ward_unit) : -1;
  u = g_ptr_array_index (c->units, f->unit_ix);   /* the array may have moved */
  UnitAcc *ward = wi >= 0 ? g_ptr_array_index (c->units, wi) : u;
  PksDate ad = pks_extract_date (a);
  gint64 k0, k1;
  midnights (c, a, d, &k0, &k1);
  diff_add (c, ward->ward_diff, k0, k1);
  if (wi >= 0)
    diff_add (c, u->out_diff, k0, k1);
  int sd = span_day (c, ad);
  if (sd >= 0)
    u->adm[sd]++;
  /* today's state, and the period's start state */
  double snaps[2] = { c->t_start, c->t_check };
  GArray *to[2] = { c->census, c->census_check };
  for (int k = 0; k < 2; k++)
    if (a <= snaps[k] && (isnan (d) || d > snaps[k]))
      state_bed (to[k], fi, a, !isnan (rd) && rd <= snaps[k] ? rd : NAN, wi);
  if (!in_period (c, ad))
    {
      c->fit->outside_period[PKS_EXTRACT_ADMISSIONS]++;
      return;
    }
  u->admissions++;
  f->n_admissions++;
  if (x->kind == PKS_FLOW_ACUTE)
    {
      f->arrivals[ad - c->from]++;
      f->n_arrivals++;
    }
  else
    {
      if (f->eadm == NULL)
        f->eadm = g_new0 (guint32, c->period_days);
      f->eadm[ad - c->from]++;
    }
  if (wi >= 0)
    {
      f->outlied++;
      u->outlied_patients++;
      c->region_outlied++;
      if (c->units_csv)
        {
          int hu = pks_scenario_find_unit (c->units_csv, x->unit);
          int hw = pks_scenario_find_unit (c->units_csv, x->ward_unit);
          if (hu >= 0 && hw >= 0
              && pks_unit (c->units_csv, hu)->site_index != pks_unit (c->units_csv, hw)->site_index)
            c->region_outlied_other_site++;
        }
    }
  /* the stay as the fit may see it: up to the end of the period. With a
   * ready time, the stay until ready is the length of stay and the rest
   * the wait for the municipality (utskrivningsklar). */
  double H = c->horizon;
  gboolean ready_seen = !isnan (rd) && rd <= H;
  gboolean done = !isnan (d) && d <= H;
  double stay_end = ready_seen ? rd : done ? d : NAN;
  /* an elective stay begins with the operation; the model's los_days is
   * the stay after it, so the unit's mean operation minutes come off */
  double op = x->kind == PKS_FLOW_ELECTIVE && u->op_all_n > 0 ? u->op_all_minutes / u->op_all_n : 0.0;
  if (!isnan (stay_end))
    {
      double days = MAX (stay_end - a - op, 1.0) / 1440.0;
      pks_stays_add (&f->los, days);
      f->los_day[MIN ((guint) days, PKS_FIT_DAY_BINS - 1)]++;
    }
  else
    pks_stays_add_censored (&f->los, MAX (H - a, 1.0) / 1440.0);
  if (c->fit->stats[PKS_EXTRACT_ADMISSIONS].has[PKS_COL_READY] && (done || ready_seen))
    {
      /* delayed: discharged after being ready (or still in bed, ready) */
      gboolean delayed = ready_seen && (!done || d > rd);
      f->delay_known++;
      if (delayed)
        {
          f->delay_yes++;
          f->delay_time += ((done ? d : H) - rd) / 1440.0;
          f->delay_done += done;
        }
    }
}

/* ---------- the files ---------- */

static gboolean
read_file (FitCtx *c, PksExtractFile which, PksExtractFunc fn, GError **error)
{
  PksFit *fit = c->fit;
  g_autofree char *path = g_build_filename (c->fit->extract_dir, pks_extract_file_name (which), NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) err = NULL;
  g_autoptr (GFileInputStream) in = g_file_read (file, NULL, &err);
  if (in == NULL)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: cannot read: %s", path, err->message);
      return FALSE;
    }
  g_autofree char *shown = pks_path_display (path);
  fit->present[which] = TRUE;
  if (!pks_extract_read (which, shown, G_INPUT_STREAM (in), fn, c, &fit->stats[which], c->diags))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s cannot be used (see the errors above)",
                   shown);
      return FALSE;
    }
  return TRUE;
}

gboolean
pks_fit_read (FitCtx *c, GError **error)
{
  PksFit *fit = c->fit;
  if (!g_file_test (fit->extract_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: not a folder (EXTRACT_DIR holds "
                   "admissions.csv, referrals.csv and/or operations.csv)", fit->extract_dir);
      return FALSE;
    }
  g_autofree char *units = g_build_filename (fit->extract_dir, "units.csv", NULL);
  if (g_file_test (units, G_FILE_TEST_EXISTS))
    {
      c->units_csv = pks_extract_read_units (units, c->diags);
      if (c->units_csv == NULL)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s cannot be used (see the errors "
                       "above)", units);
          return FALSE;
        }
      fit->units_csv = TRUE;
      /* which capacity columns the file gives (the others are estimated) */
      g_autofree char *text = NULL;
      if (g_file_get_contents (units, &text, NULL, NULL))
        {
          char *nl = strchr (text, '\n');
          if (nl)
            *nl = '\0';
          g_autofree char *low = g_ascii_strdown (text, -1);
          static const char *cols[4] = { "or_sessions_per_week", "or_session_minutes",
                                         "visit_slots_per_week", "staffed_beds" };
          for (int i = 0; i < 4; i++)
            c->units_has[i] = strstr (low, cols[i]) != NULL;
        }
      for (guint i = 0; i < c->units_csv->units->len; i++)
        pks_fit_unit (c, pks_unit (c->units_csv, i)->name);
    }
  if (!read_file (c, PKS_EXTRACT_REFERRALS, on_referral, error)
      || !read_file (c, PKS_EXTRACT_OPERATIONS, on_operation, error)
      || !read_file (c, PKS_EXTRACT_ADMISSIONS, on_admission, error))
    return FALSE;
  if (!fit->present[0] && !fit->present[1] && !fit->present[2])
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: none of admissions.csv, "
                   "referrals.csv and operations.csv is there", fit->extract_dir);
      return FALSE;
    }
  return TRUE;
}

void
pks_fit_ctx_clear (FitCtx *c)
{
  for (guint i = 0; c->flows && i < c->flows->len; i++)
    {
      FlowAcc *f = g_ptr_array_index (c->flows, i);
      g_free (f->unit);
      g_free (f->flow);
      g_free (f->arrivals);
      g_free (f->eadm);
      g_free (f->wait_fv);
      g_free (f->wait_tr);
      pks_stays_clear (&f->los);
      g_free (f);
    }
  for (guint i = 0; c->units && i < c->units->len; i++)
    {
      UnitAcc *u = g_ptr_array_index (c->units, i);
      g_free (u->name);
      g_free (u->ward_diff);
      g_free (u->out_diff);
      g_free (u->fv_diff);
      g_free (u->tr_diff);
      g_free (u->adm);
      g_free (u->fv);
      g_free (u->ops);
      g_free (u->treated);
      g_free (u->bt_vg);
      if (u->op_iv)
        g_array_unref (u->op_iv);
      g_free (u);
    }
  g_clear_pointer (&c->flows, g_ptr_array_unref);
  g_clear_pointer (&c->units, g_ptr_array_unref);
  g_clear_pointer (&c->flow_ix, g_hash_table_unref);
  g_clear_pointer (&c->unit_ix, g_hash_table_unref);
  g_clear_pointer (&c->ref_flow, g_hash_table_unref);
  if (c->key)
    g_string_free (c->key, TRUE);
  c->key = NULL;
  g_clear_pointer (&c->census, g_array_unref);
  g_clear_pointer (&c->census_check, g_array_unref);
  g_clear_pointer (&c->waiting, g_array_unref);
  g_clear_pointer (&c->waiting_check, g_array_unref);
  g_clear_pointer (&c->bt_month_end, g_free);
  g_clear_pointer (&c->units_csv, pks_scenario_free);
}
