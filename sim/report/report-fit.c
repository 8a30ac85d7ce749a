/* report-fit.c — the fit report (fit.html): what was read, the notes on
 * the data, per unit its flows' fitted numbers with 95 % intervals and
 * charts of observed against fitted (arrivals by weekday and by month,
 * lengths of stay, census by weekday), and the back-test: per unit and
 * month what the extract shows against the simulated 95 % band. Built
 * from the PksFit in memory, with the run report's styles and charts. */
#include "report-internal.h"
#include "pks/core/error.h"
#include "pks/fit/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 12
/* Above this many units, charts are drawn for this many (those that fit
 * worst): a region's 41 units would make a report of tens of megabytes.
 * Every unit's numbers stay in the tables and in fit_checks.csv. */
#define MAX_CHART_UNITS 8

/* Series over categories (weekdays, months, days of stay): observed as
 * dots, fitted as lines, a band where given. */
typedef struct {
  const char *title, *xlabel, *ylabel;
  gboolean sv;
  guint n_x;
  const char *xlab[64];          /* NULL: the index */
  guint label_every;
  gboolean step;                 /* draw the observed as a histogram step */
  double target;                 /* a labelled reference line, NAN = none */
  const char *target_label;
  guint n;
  const double *y[MAX_SERIES], *lo[MAX_SERIES], *hi[MAX_SERIES];
  PksRgb color[MAX_SERIES];
  gboolean dots[MAX_SERIES], dashed[MAX_SERIES];
  const char *label[MAX_SERIES];
} Series;

static void
draw_series (cairo_t *cr, double w, double h, gpointer data)
{
  Series *c = data;
  PksPlot p;
  pks_plot_init (&p, cr, w, h, c->title, 5);
  PksLegendItem items[MAX_SERIES];
  guint ni = 0;
  for (guint s = 0; s < c->n; s++)
    if (c->label[s])
      items[ni++] = (PksLegendItem) { c->lo[s] ? PKS_MARK_BAND : c->dashed[s] ? PKS_MARK_DASHED
                                      : c->dots[s] && c->step ? PKS_MARK_STEP : PKS_MARK_LINE,
                                      c->color[s], c->label[s] };
  pks_plot_legend (&p, items, ni);
  double ymax = 0;
  for (guint s = 0; s < c->n; s++)
    for (guint i = 0; i < c->n_x; i++)
      {
        double v = c->hi[s] && !isnan (c->hi[s][i]) ? c->hi[s][i] : c->y[s][i];
        if (!isnan (v))
          ymax = MAX (ymax, v);
      }
  if (!isnan (c->target) && c->target_label)
    ymax = MAX (ymax, c->target);
  double lo = 0, hi = ymax > 0 ? ymax * 1.1 : 1.0;
  PksTicks yt, xt;
  pks_ticks_nice (&yt, &lo, &hi, 5, c->sv);
  memset (&xt, 0, sizeof xt);
  guint every = MAX (1u, c->label_every);
  for (guint i = 0; i < c->n_x && xt.n < PKS_TICKS_MAX; i += every)
    {
      xt.pos[xt.n] = xt.label_pos[xt.n] = i;
      if (c->xlab[i])
        g_strlcpy (xt.label[xt.n], c->xlab[i], sizeof xt.label[0]);
      else
        g_snprintf (xt.label[xt.n], sizeof xt.label[0], "%u", i);
      xt.n++;
    }
  pks_plot_set_range (&p, -0.5, c->n_x - 0.5, lo, hi);
  pks_plot_axes (&p, &xt, &yt, c->xlabel, c->ylabel);
  double x[64];
  for (guint i = 0; i < c->n_x && i < 64; i++)
    x[i] = i;
  if (!isnan (c->target) && c->target_label)
    pks_plot_hline (&p, c->target, pks_col_target, TRUE, c->target_label);
  for (guint s = 0; s < c->n; s++)
    if (c->lo[s] && c->hi[s])
      pks_plot_band (&p, x, c->lo[s], c->hi[s], c->n_x, c->color[s], 0.22);
  for (guint s = 0; s < c->n; s++)
    {
      if (c->dots[s] && c->step)
        {
          double xs[64];
          for (guint i = 0; i < c->n_x; i++)
            xs[i] = i - 0.5;
          pks_plot_step (&p, xs, c->y[s], c->n_x, c->n_x - 0.5, c->color[s], 1.4, FALSE);
          continue;
        }
      if (!c->dots[s])
        pks_plot_line (&p, x, c->y[s], c->n_x, c->color[s], 1.8, c->dashed[s]);
      else
        {
          cairo_set_source_rgb (cr, c->color[s].r, c->color[s].g, c->color[s].b);
          for (guint i = 0; i < c->n_x; i++)
            if (!isnan (c->y[s][i]))
              {
                cairo_new_sub_path (cr);
                cairo_arc (cr, pks_plot_x (&p, x[i]), pks_plot_y (&p, c->y[s][i]), 3.0, 0, 2 * G_PI);
              }
          cairo_fill (cr);
        }
    }
}

/* ---- words ---- */

typedef struct {
  const char *title, *read, *file, *rows, *used, *broken, *notes, *no_notes, *units_h, *flows_h,
    *col_flow, *col_kind, *col_cases, *col_per_year, *col_los, *col_cv, *col_delay, *col_treat,
    *col_inpat, *col_minutes, *col_profile, *col_ks, *obs, *fit, *sim_band, *weekday_t,
    *month_t, *los_t, *census_t, *per_day, *days, *share, *patients, *backtest_h, *bt_intro,
    *bt_summary, *actual, *sim_mean, *month, *inside, *capacity, *beds, *staffed, *slots,
    *sessions, *census_obs, *census_sim, *in_bed, *waiting, *ci_note, *acute, *elective,
    *scheduled, *weekday_abbr[7], *metric[PKS_N_BT], *footer, *los_source[4], *period, *state,
    *given, *estimated, *few_charts, *few_bt_charts, *profile_wd, *profile_mo, *profile_title;
} Words;

static const Words sv = {
  "Anpassning till regionens data", "Inläst", "fil", "rader", "används", "trasiga", "Att granska",
  "Inga anmärkningar.", "Enheter", "Flöden",
  "flöde", "typ", "fall", "per år", "vårdtid, dagar", "cv", "utskrivningsklar andel / dagar",
  "beslut om behandling", "slutenvård efter op", "op-minuter", "profil", "KS",
  "data", "anpassad", "simulerad, 95 %", "Ankomster per dag och veckodag", "Ankomster per dag och månad",
  "Vårdtid i hela dagar: andel vårdtillfällen", "Beläggning vid midnatt per veckodag", "per dag",
  "dagar", "andel", "patienter", "Prognos mot utfall",
  "Den anpassade modellen körd från läget vid periodens slut, jämförd månad för månad med vad "
  "uttaget visar efteråt. Bandet är 95 %-prediktionsintervallet för en körning, med osäkerheten "
  "i de skattade parametrarna: ett utfall utanför bandet är mer än slumpen förklarar.",
  "utfall inom bandet", "utfall", "simulerat medel", "månad", "inom", "Kapacitet och läge",
  "vårdplatser", "disponibla", "nybesök/vecka", "op-salar/vecka", "beläggning, data",
  "beläggning, omkörning (95 %)", "i säng vid start", "väntar vid start",
  "Värden med 95 %-konfidensintervall inom hakparentes.", "akut", "planerad", "schemalagd",
  { "mån", "tis", "ons", "tor", "fre", "lör", "sön" },
  { "Vårdtillfällen", "Beläggning (medel)", "Väntar på nybesök", "Väntar på behandling",
    "Vårdgaranti nybesök, %", "Vårdgaranti behandling, %" },
  "Skapad av pks fit. Alla skattningar och deras metoder beskrivs i docs/fit.md.",
  { "egen", "enhetens", "regionens", "saknas" }, "Period", "Läge vid slutet av",
  "units.csv", "skattad",
  "Diagram visas för de 8 enheter där anpassningen stämmer sämst; fit_checks.csv har alla "
  "enheters serier.",
  "Diagram per enhet (beläggning och väntelistor) visas för de 8 enheter med flest utfall "
  "utanför bandet; backtest.csv har alla.",
  "v", "m", "profil per veckodag (v) och månad (m)",
};

static const Words en = {
  "Fit to the region's data", "Read", "file", "rows", "used", "broken", "To review",
  "No notes.", "Units", "Flows",
  "flow", "kind", "cases", "per year", "stay, days", "cv", "ready share / days",
  "decision to treat", "inpatient after op", "OR minutes", "profile", "KS",
  "data", "fitted", "simulated, 95 %", "Arrivals per day by weekday", "Arrivals per day by month",
  "Length of stay in whole days: share of stays", "Census at midnight by weekday", "per day",
  "days", "share", "patients", "Forecast against actual",
  "The fitted model run from the state at the end of the period, compared month by month with "
  "what the extract shows afterwards. The band is the 95 % prediction interval of one run, with "
  "the uncertainty of the fitted numbers: an actual figure outside it is more than chance explains.",
  "actual figures inside the band", "actual", "simulated mean", "month", "inside", "Capacity and state",
  "beds", "staffed", "first visits/week", "OR sessions/week", "census, data",
  "census, re-run (95 %)", "in bed at start", "waiting at start",
  "Values with 95 % confidence intervals in brackets.", "acute", "elective", "scheduled",
  { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" },
  { "Admissions", "Census (mean)", "Waiting, first visit", "Waiting, treatment",
    "Guarantee first visit, %", "Guarantee treatment, %" },
  "Made by pks fit. docs/fit.md describes every estimate and its method.",
  { "own", "unit's", "region's", "none" }, "Period", "State at the end of",
  "units.csv", "estimated",
  "Charts are drawn for the 8 units whose fit looks worst; fit_checks.csv has every unit's "
  "series.",
  "Per-unit charts (census and lists) are drawn for the 8 units with the most figures "
  "outside the band; backtest.csv has them all.",
  "w", "m", "profile by weekday (w) and month (m)",
};

static void
param_cell (GString *h, PksFitParam p, int dec, PksLang lang)
{
  if (isnan (p.value))
    {
      g_string_append (h, "<td class=\"num\">–</td>");
      return;
    }
  g_autofree char *v = rp_num (p.value, dec, lang);
  g_string_append_printf (h, "<td class=\"num\">%s", v);
  if (!isnan (p.lo) && !isnan (p.hi))
    {
      g_autofree char *a = rp_num (p.lo, dec, lang);
      g_autofree char *b = rp_num (p.hi, dec, lang);
      g_string_append_printf (h, " <span class=\"ci\">[%s–%s]</span>", a, b);
    }
  g_string_append (h, "</td>");
}

static void
flows_table (RpHtml *c, const Words *w, const PksFit *f, const char *unit)
{
  GString *h = c->h;
  g_string_append_printf (h, "<table class=\"units fit\"><thead><tr><th>%s</th><th>%s</th>"
                          "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                          "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                          "<th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th><th class=\"num\">%s</th>"
                          "</tr></thead><tbody>\n", w->col_flow, w->col_kind, w->col_cases,
                          w->col_per_year, w->col_los, w->col_cv, w->col_delay, w->col_treat,
                          w->col_inpat, w->col_minutes, w->col_profile, w->col_ks);
  for (guint i = 0; i < f->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      if (strcmp (x->unit, unit) != 0)
        continue;
      g_autofree char *name = rp_esc (x->name);
      const char *kind = x->scheduled ? w->scheduled : x->kind == PKS_FLOW_ACUTE ? w->acute : w->elective;
      g_autofree char *cases = rp_num (x->cases, 0, c->lang);
      g_string_append_printf (h, "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"num\">%s</td>",
                              name, kind, cases);
      param_cell (h, x->per_year, 0, c->lang);
      param_cell (h, x->los_days, 2, c->lang);
      param_cell (h, x->los_cv, 2, c->lang);
      g_string_append (h, "<td class=\"num\">");
      if (x->delay_p.value > 0)
        {
          g_autofree char *a = rp_num (x->delay_p.value, 2, c->lang);
          g_autofree char *b = rp_num (x->delay_days.value, 1, c->lang);
          g_string_append_printf (h, "%s / %s", a, b);
        }
      else
        g_string_append (h, "–");
      g_string_append (h, "</td>");
      param_cell (h, x->treat_p, 2, c->lang);
      param_cell (h, x->inpatient_p, 2, c->lang);
      param_cell (h, x->surgery_minutes, 0, c->lang);
      if (x->has_weekday || x->has_month)
        g_string_append_printf (h, "<td><abbr title=\"%s\">%s%s%s</abbr></td>", w->profile_title,
                                x->has_weekday ? w->profile_wd : "",
                                x->has_weekday && x->has_month ? "+" : "",
                                x->has_month ? w->profile_mo : "");
      else
        g_string_append (h, "<td></td>");
      if (isnan (x->ks))
        g_string_append (h, "<td class=\"num\">–</td>");
      else
        {
          g_autofree char *k = rp_num (x->ks, 3, c->lang);
          g_string_append_printf (h, "<td class=\"num\">%s <span class=\"ci\">(%s)</span></td>", k,
                                  w->los_source[x->los_source]);
        }
      g_string_append (h, "</tr>\n");
    }
  g_string_append (h, "</tbody></table>\n");
}

static const PksRgb *
flow_color (guint k)
{
  static const PksRgb extra[4] = { { 0.55, 0.30, 0.65 }, { 0.40, 0.40, 0.40 },
                                   { 0.70, 0.55, 0.10 }, { 0.20, 0.60, 0.70 } };
  if (k == 0)
    return &pks_col_base;
  return k <= 4 ? &pks_col_plan[k - 1] : &extra[(k - 5) % 4];
}

static void
unit_charts (RpHtml *c, const Words *w, const PksFit *f, const PksFitUnit *u)
{
  const RpText *t = rp_text (c->lang);
  gboolean svl = c->lang == PKS_LANG_SV;
  Series wd = { 0 }, mo = { 0 }, los = { 0 };
  wd.target = mo.target = los.target = NAN;
  wd.sv = mo.sv = los.sv = svl;
  g_autofree char *twd = g_strdup_printf ("%s — %s", u->name, w->weekday_t);
  g_autofree char *tmo = g_strdup_printf ("%s — %s", u->name, w->month_t);
  g_autofree char *tlos = g_strdup_printf ("%s — %s", u->name, w->los_t);
  wd.title = twd;
  mo.title = tmo;
  los.title = tlos;
  wd.ylabel = mo.ylabel = w->per_day;
  los.ylabel = w->share;
  los.xlabel = w->days;
  wd.n_x = 7;
  mo.n_x = 12;
  los.n_x = PKS_FIT_DAY_BINS;
  los.label_every = 5;
  los.step = TRUE;
  for (int i = 0; i < 7; i++)
    wd.xlab[i] = w->weekday_abbr[i];
  for (int i = 0; i < 12; i++)
    mo.xlab[i] = t->months[i];
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint k = 0;
  gboolean any_month = FALSE;
  for (guint i = 0; i < f->flows->len && wd.n + 2 <= MAX_SERIES; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      if (strcmp (x->unit, u->name) != 0)
        continue;
      PksRgb col = *flow_color (k++);
      char *lo = g_strdup_printf ("%s: %s", x->name, w->obs);
      char *lf = g_strdup_printf ("%s: %s", x->name, w->fit);
      g_ptr_array_add (labels, lo);
      g_ptr_array_add (labels, lf);
      Series *sets[2] = { &wd, &mo };
      const double *obs[2] = { x->wd_obs, x->mo_obs }, *fit[2] = { x->wd_fit, x->mo_fit };
      for (int s = 0; s < 2; s++)
        {
          Series *z = sets[s];
          z->y[z->n] = obs[s];
          z->color[z->n] = col;
          z->dots[z->n] = TRUE;
          z->label[z->n++] = lo;
          z->y[z->n] = fit[s];
          z->color[z->n] = col;
          z->label[z->n++] = lf;
        }
      any_month |= x->has_month || f->period_days >= 365;
      if (x->los_source != PKS_LOS_NONE && los.n + 2 <= MAX_SERIES)
        {
          los.y[los.n] = x->los_obs;
          los.color[los.n] = col;
          los.dots[los.n] = TRUE;
          los.label[los.n++] = lo;
          los.y[los.n] = x->los_fit;
          los.color[los.n] = col;
          los.dashed[los.n] = TRUE;
          los.label[los.n++] = lf;
        }
    }
  if (wd.n == 0)
    return;
  g_autofree char *nm = g_strdup_printf ("%s-veckodag", u->name);
  rp_emit_chart (c, draw_series, &wd, 230, wd.title, nm, NULL);
  if (any_month)
    {
      g_autofree char *nm2 = g_strdup_printf ("%s-manad", u->name);
      rp_emit_chart (c, draw_series, &mo, 230, mo.title, nm2, NULL);
    }
  if (los.n)
    {
      g_autofree char *nm3 = g_strdup_printf ("%s-vardtid", u->name);
      rp_emit_chart (c, draw_series, &los, 230, los.title, nm3, NULL);
    }
  if (f->checked && u->admissions > 0)
    {
      Series ce = { 0 };
      ce.target = NAN;
      ce.sv = svl;
      g_autofree char *tc = g_strdup_printf ("%s — %s", u->name, w->census_t);
      ce.title = tc;
      ce.ylabel = w->patients;
      ce.n_x = 7;
      for (int i = 0; i < 7; i++)
        ce.xlab[i] = w->weekday_abbr[i];
      ce.y[0] = u->census_wd_fit;
      ce.lo[0] = u->census_wd_lo;
      ce.hi[0] = u->census_wd_hi;
      ce.color[0] = pks_col_base;
      ce.label[0] = w->sim_band;
      ce.y[1] = u->census_wd_obs;
      ce.color[1] = pks_col_ink;
      ce.dots[1] = TRUE;
      ce.label[1] = w->obs;
      ce.n = 2;
      g_autofree char *nm4 = g_strdup_printf ("%s-belaggning", u->name);
      rp_emit_chart (c, draw_series, &ce, 220, ce.title, nm4, NULL);
    }
}

static void
unit_table (RpHtml *c, const Words *w, const PksFit *f)
{
  GString *h = c->h;
  g_string_append_printf (h, "<table class=\"units\"><thead><tr><th></th><th class=\"num\">%s</th>"
                          "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                          "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                          "<th class=\"num\">%s</th></tr></thead><tbody>\n", w->beds, w->staffed,
                          w->slots, w->sessions, w->census_obs, w->census_sim, w->in_bed, w->waiting);
  for (guint i = 0; i < f->units->len; i++)
    {
      const PksFitUnit *u = g_ptr_array_index (f->units, i);
      g_autofree char *name = rp_esc (u->name);
      g_autofree char *sl = rp_num (u->visit_slots_per_week, 1, c->lang);
      g_autofree char *se = rp_num (u->or_sessions_per_week, 2, c->lang);
      g_autofree char *co = rp_num (u->census_mean, 1, c->lang);
      g_autofree char *be = rp_num (u->beds, 0, c->lang);
      g_autofree char *st = rp_num (u->staffed_beds, 0, c->lang);
      g_autofree char *ib = rp_num (u->in_census, 0, c->lang);
      g_autofree char *wa = rp_num (u->waiting_first + u->waiting_treatment, 0, c->lang);
      g_string_append_printf (h, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s <span class=\"ci\">"
                              "(%s)</span></td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                              "<td class=\"num\">%s</td><td class=\"num\">%s</td>", name, be,
                              u->capacity_given ? w->given : w->estimated, st, sl, se, co);
      PksFitParam sim = { u->census_sim_mean, u->census_sim_lo, u->census_sim_hi, NAN };
      param_cell (h, sim, 1, c->lang);
      g_string_append_printf (h, "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n", ib, wa);
    }
  g_string_append (h, "</tbody></table>\n");
}

typedef struct {
  guint unit;
  double score;
} Ranked;

static int
by_score (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;
  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Which units get charts: all of a small region; of a large one those
 * whose fit looks worst (the census re-run furthest outside its band,
 * stays furthest from the lognormal), or whose back-test missed most. */
static gboolean *
chart_units (const PksFit *f, gboolean backtest)
{
  guint n = f->units->len;
  gboolean *show = g_new0 (gboolean, MAX (1u, n));
  g_autofree Ranked *r = g_new0 (Ranked, MAX (1u, n));
  for (guint u = 0; u < n; u++)
    {
      const PksFitUnit *x = g_ptr_array_index (f->units, u);
      r[u].unit = u;
      if (backtest)
        {
          for (guint i = 0; i < f->bt_rows->len; i++)
            {
              const PksBacktestRow *b = &g_array_index (f->bt_rows, PksBacktestRow, i);
              if (b->unit == (int) u)
                r[u].score += !(b->actual >= b->lo && b->actual <= b->hi);
            }
          continue;
        }
      double hw = MAX (0.5, (x->census_sim_hi - x->census_sim_lo) / 2.0);
      if (!isnan (x->census_sim_mean))
        r[u].score = fabs (x->census_mean - x->census_sim_mean) / hw;
      for (guint i = 0; i < f->flows->len; i++)
        {
          const PksFitFlow *fl = g_ptr_array_index (f->flows, i);
          if (strcmp (fl->unit, x->name) == 0 && fl->ks_crit > 0)
            r[u].score = MAX (r[u].score, fl->ks / fl->ks_crit);
        }
    }
  qsort (r, n, sizeof *r, by_score);
  for (guint i = 0; i < n && i < MAX_CHART_UNITS; i++)
    show[r[i].unit] = TRUE;
  return show;
}

/* ---- the back-test ---- */

static void
backtest_chart (RpHtml *c, const Words *w, const PksFit *f, int unit, PksBacktestMetric k,
                const char *name)
{
  guint nm = f->bt_months->len;
  if (nm == 0 || nm > 64)
    return;
  g_autofree double *a = g_new (double, nm), *m = g_new (double, nm), *lo = g_new (double, nm),
                    *hi = g_new (double, nm);
  gboolean any = FALSE;
  for (guint i = 0; i < nm; i++)
    a[i] = m[i] = lo[i] = hi[i] = NAN;
  for (guint i = 0; i < f->bt_rows->len; i++)
    {
      const PksBacktestRow *r = &g_array_index (f->bt_rows, PksBacktestRow, i);
      if (r->unit != unit || r->metric != k)
        continue;
      a[r->month] = r->actual;
      m[r->month] = r->mean;
      lo[r->month] = r->lo;
      hi[r->month] = r->hi;
      any = TRUE;
    }
  if (!any)
    return;
  const RpText *t = rp_text (c->lang);
  Series s = { 0 };
  s.sv = c->lang == PKS_LANG_SV;
  s.target = k >= PKS_BT_VG_FIRST_PCT ? c->vg_target : NAN;
  s.target_label = c->t->vg_target;
  g_autofree char *title = g_strdup_printf ("%s — %s", name, w->metric[k]);
  s.title = title;
  s.ylabel = w->metric[k];
  s.n_x = nm;
  for (guint i = 0; i < nm; i++)
    {
      const char *ym = g_ptr_array_index (f->bt_months, i);
      int mo = atoi (ym + 5);
      s.xlab[i] = mo >= 1 && mo <= 12 ? t->months[mo - 1] : ym;
    }
  s.y[0] = m;
  s.lo[0] = lo;
  s.hi[0] = hi;
  s.color[0] = pks_col_base;
  s.label[0] = w->sim_band;
  s.y[1] = a;
  s.color[1] = pks_col_ink;
  s.dots[1] = TRUE;
  s.label[1] = w->actual;
  s.n = 2;
  g_autofree char *nmf = g_strdup_printf ("prognos-%s-%s", name, pks_backtest_metric_name (k));
  rp_emit_chart (c, draw_series, &s, 220, title, nmf, NULL);
}

static void
backtest (RpHtml *c, const Words *w, const PksFit *f)
{
  GString *h = c->h;
  g_autofree char *inside = rp_num (f->bt_inside, 0, c->lang);
  g_autofree char *total = rp_num (f->bt_total, 0, c->lang);
  g_string_append_printf (h, "<p>%s</p>\n<p><strong>%s / %s</strong> %s (%.0f %%).</p>\n",
                          w->bt_intro, inside, total, w->bt_summary,
                          f->bt_total > 0 ? 100.0 * f->bt_inside / f->bt_total : 0.0);
  /* per unit and figure: months inside the band */
  g_string_append_printf (h, "<table class=\"units\"><thead><tr><th></th>");
  for (int k = 0; k < PKS_N_BT; k++)
    g_string_append_printf (h, "<th class=\"num\">%s</th>", w->metric[k]);
  g_string_append (h, "</tr></thead><tbody>\n");
  for (int u = -1; u < (int) f->units->len; u++)
    {
      double in[PKS_N_BT] = { 0 }, tot[PKS_N_BT] = { 0 };
      for (guint i = 0; i < f->bt_rows->len; i++)
        {
          const PksBacktestRow *r = &g_array_index (f->bt_rows, PksBacktestRow, i);
          if (r->unit != u)
            continue;
          tot[r->metric]++;
          in[r->metric] += r->actual >= r->lo && r->actual <= r->hi;
        }
      double all = 0;
      for (int k = 0; k < PKS_N_BT; k++)
        all += tot[k];
      if (all == 0)
        continue;
      const char *name = u < 0 ? "Region" : ((const PksFitUnit *) g_ptr_array_index (f->units, u))->name;
      g_autofree char *en = rp_esc (name);
      g_string_append_printf (h, "<tr><th scope=\"row\">%s</th>", en);
      for (int k = 0; k < PKS_N_BT; k++)
        if (tot[k] > 0)
          g_string_append_printf (h, "<td class=\"num\">%.0f / %.0f</td>", in[k], tot[k]);
        else
          g_string_append (h, "<td class=\"num\">–</td>");
      g_string_append (h, "</tr>\n");
    }
  g_string_append (h, "</tbody></table>\n");
  for (int k = PKS_BT_ADMISSIONS; k <= PKS_BT_WAITING_TREATMENT; k++)
    backtest_chart (c, w, f, -1, k, "Region");
  g_autofree gboolean *show = chart_units (f, TRUE);
  if (f->units->len > MAX_CHART_UNITS)
    g_string_append_printf (h, "<p class=\"note\">%s</p>\n", w->few_bt_charts);
  for (guint u = 0; u < f->units->len; u++)
    {
      const PksFitUnit *x = g_ptr_array_index (f->units, u);
      if (!show[u])
        continue;
      g_autofree char *en = rp_esc (x->name);
      g_string_append_printf (h, "<h3>%s</h3>\n", en);
      /* census and lists; admissions and shares are in backtest.csv */
      for (int k = PKS_BT_CENSUS; k <= PKS_BT_WAITING_TREATMENT; k++)
        backtest_chart (c, w, f, (int) u, k, x->name);
    }
}

static char *
build (const PksFit *f, const PksReportOptions *opt, PksOutput *png, GError **error)
{
  const Words *w = opt->lang == PKS_LANG_EN ? &en : &sv;
  RpHtml c = { g_string_new (NULL), NULL, opt->lang, rp_text (opt->lang),
               opt->vg_target_pct > 0 ? opt->vg_target_pct : 100.0, png, 0, NULL, NULL, NULL };
  GString *h = c.h;
  g_autofree char *dir = rp_esc (f->extract_dir);
  g_string_append_printf (h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"generator\" content=\"pks %s\">\n<title>%s — %s</title>\n"
                          "<style>\n%s%s</style>\n</head>\n<body>\n<main>\n",
                          c.t->code, PKS_VERSION, w->title, dir, rp_css,
                          "table.fit .ci{display:block}\n");
  g_string_append_printf (h, "<header>\n<h1>%s</h1>\n<p class=\"subtitle\">%s</p>\n<table class=\"meta\">\n",
                          w->title, dir);
  char a[11], b[11], s[11];
  pks_date_format (f->opt.from, a);
  pks_date_format (f->opt.to, b);
  pks_date_format (f->opt.as_of, s);
  g_autofree char *per = g_strdup_printf ("%s – %s (%.0f)", a, b, f->period_days);
  rp_meta_row (&c, w->period, per);
  rp_meta_row (&c, w->state, s);
  for (int i = 0; i < PKS_N_EXTRACTS; i++)
    if (f->present[i])
      {
        g_autofree char *n = rp_num (f->stats[i].rows, 0, c.lang);
        g_autofree char *g = rp_num (f->stats[i].good, 0, c.lang);
        g_autofree char *k = rp_num (f->stats[i].broken, 0, c.lang);
        g_autofree char *v = g_strdup_printf ("%s %s, %s %s, %s %s", n, w->rows, g, w->used, k,
                                              w->broken);
        rp_meta_row (&c, pks_extract_file_name (i), v);
      }
  g_string_append (h, "</table>\n</header>\n");

  const GPtrArray *notes = f->notes[opt->lang == PKS_LANG_EN ? PKS_LANG_EN : PKS_LANG_SV];
  rp_open_section (&c, "notes", w->notes, TRUE);
  if (notes->len == 0)
    g_string_append_printf (h, "<p>%s</p>\n", w->no_notes);
  else
    {
      g_string_append (h, "<ul class=\"findings\">\n");
      for (guint i = 0; i < notes->len; i++)
        {
          g_autofree char *n = rp_esc (g_ptr_array_index (notes, i));
          g_string_append_printf (h, "<li>%s</li>\n", n);
        }
      g_string_append (h, "</ul>\n");
    }
  rp_close_section (&c);

  rp_open_section (&c, "capacity", w->capacity, FALSE);
  unit_table (&c, w, f);
  rp_close_section (&c);

  rp_open_section (&c, "units", w->units_h, FALSE);
  g_string_append_printf (h, "<p class=\"note\">%s</p>\n", w->ci_note);
  g_autofree gboolean *show = chart_units (f, FALSE);
  if (f->units->len > MAX_CHART_UNITS)
    g_string_append_printf (h, "<p class=\"note\">%s</p>\n", w->few_charts);
  for (guint i = 0; i < f->units->len; i++)
    {
      const PksFitUnit *u = g_ptr_array_index (f->units, i);
      g_autofree char *n = rp_esc (u->name);
      g_string_append_printf (h, "<h3>%s</h3>\n", n);
      flows_table (&c, w, f, u->name);
      if (show[i])
        unit_charts (&c, w, f, u);
    }
  rp_close_section (&c);

  if (f->backtest)
    {
      rp_open_section (&c, "backtest", w->backtest_h, FALSE);
      backtest (&c, w, f);
      rp_close_section (&c);
    }
  g_string_append_printf (h, "<footer>%s</footer>\n</main>\n</body>\n</html>\n", w->footer);
  if (c.error)
    {
      g_propagate_error (error, c.error);
      g_string_free (h, TRUE);
      return NULL;
    }
  return g_string_free (h, FALSE);
}

gboolean
pks_report_fit_write (const PksFit *f, PksOutput *o, const PksReportOptions *opt, GError **error)
{
  g_autoptr (PksOutput) png = NULL;
  if (opt->png_dir && (png = pks_output_new (opt->png_dir, error)) == NULL)
    return FALSE;
  g_autofree char *html = build (f, opt, png, error);
  if (html == NULL || (png && !pks_output_commit (png, error)))
    return FALSE;
  FILE *fp = pks_output_begin (o, "fit.html", error);
  if (fp == NULL)
    return FALSE;
  if (fputs (html, fp) == EOF)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "fit.html: write failed");
      return FALSE;
    }
  return pks_output_end (o, error);
}
