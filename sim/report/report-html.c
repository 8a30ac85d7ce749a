/* report-html.c — the report as one self-contained HTML file: inline CSS
 * (screen and A4 print), the headline tables with 95 % CIs, the cairo
 * charts inlined as SVG (and optionally saved as PNG), the findings and
 * the settings (an optimisation's own sections: report-optimise.c).
 * Nothing is fetched: no scripts, fonts, images or links to other files. */
#include "report-internal.h"
#include "pks/core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 720.0
#define PNG_SCALE 2.0
#define MAX_WAIT_UNITS 4

const char rp_css[] =
  ":root{--ink:#222;--muted:#666;--rule:#d0d0d0;--base:#1f5fa8;--better:#297f4f;--worse:#c0332a}\n"
  "*{box-sizing:border-box}\n"
  "body{font-family:system-ui,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;color:var(--ink);"
  "margin:0;background:#f4f4f2;line-height:1.45;font-size:15px}\n"
  "main{max-width:980px;margin:0 auto;background:#fff;padding:28px 40px 40px}\n"
  "h1{font-size:1.7em;margin:0 0 .1em}h2{font-size:1.3em;margin:1.6em 0 .5em;"
  "border-bottom:2px solid var(--base);padding-bottom:.2em}h3{font-size:1.05em;margin:1.2em 0 .4em}\n"
  ".subtitle{font-size:1.15em;color:var(--muted);margin:0 0 1em}\n"
  "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-variant-numeric:tabular-nums}\n"
  "th,td{padding:4px 8px;border-bottom:1px solid var(--rule);vertical-align:top}\n"
  "th{text-align:left;background:#f1f4f8;font-weight:600}\n"
  "td.num,th.num{text-align:right;white-space:nowrap}\n"
  ".ci{color:var(--muted);font-size:.85em}\n"
  /* a region and four sites with intervals beside the means overflow the
   * page: in the headline table the interval goes under its mean */
  "table.headline .ci{display:block}\n"
  ".diff{display:block;font-size:.85em}.diff.better{color:var(--better)}.diff.worse{color:var(--worse)}"
  ".diff.neither{color:var(--muted)}\n"
  "table.meta{width:auto}table.meta th{background:none;padding-right:18px}\n"
  "table.units td,table.units th{font-size:.85em;padding:3px 5px}"
  "table.units thead th{white-space:normal;vertical-align:bottom}table.units tbody th{white-space:nowrap}\n"
  "table.settings td{font-size:.85em}table.settings td.origin{color:var(--muted)}\n"
  "ul.findings li{margin:.35em 0}\n"
  "figure{margin:1em 0 1.6em}figcaption{font-size:.85em;color:var(--muted);margin-top:.3em}\n"
  "svg.chart{display:block;width:100%;height:auto}\n"
  ".note{font-size:.85em;color:var(--muted)}\n"
  "footer{margin-top:2em;font-size:.8em;color:var(--muted);border-top:1px solid var(--rule);padding-top:.6em}\n"
  "@page{size:A4;margin:14mm 12mm}\n"
  "@media print{body{background:#fff;font-size:9.5pt}main{max-width:none;padding:0}"
  "section{break-before:page}section.first{break-before:auto}"
  "figure,table.meta,tr{break-inside:avoid}h2,h3{break-after:avoid}"
  "th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* ---- charts ---------------------------------------------------------- */

static char *
slug (const char *s)
{
  g_autofree char *ascii = g_str_to_ascii (s, "C");
  GString *o = g_string_new (NULL);
  for (const char *p = ascii; *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c))
        g_string_append_c (o, c);
      else if (o->len && o->str[o->len - 1] != '-')
        g_string_append_c (o, '-');
    }
  while (o->len && o->str[o->len - 1] == '-')
    g_string_truncate (o, o->len - 1);
  return g_string_free (o, FALSE);
}

/* Inline the chart as SVG in a figure, and save it as PNG when asked. */
void
rp_emit_chart (RpHtml *c, PksChartDraw draw, gpointer data, double h, const char *title,
               const char *name, const char *caption)
{
  c->n_charts++;
  g_autofree char *prefix = g_strdup_printf ("c%u", c->n_charts);
  g_autofree char *svg = pks_chart_svg (draw, data, CHART_W, h, prefix, title);
  g_autofree char *cap = caption ? rp_esc (caption) : NULL;
  g_string_append_printf (c->h, "<figure class=\"chart-fig\" data-chart=\"%s\">\n%s", prefix, svg);
  if (cap)
    g_string_append_printf (c->h, "<figcaption>%s</figcaption>\n", cap);
  g_string_append (c->h, "</figure>\n");
  if (c->png && c->error == NULL)
    {
      g_autofree char *sl = slug (name);
      g_autofree char *file = g_strdup_printf ("%02u-%s.png", c->n_charts, sl);
      FILE *f = pks_output_begin (c->png, file, &c->error);
      if (f == NULL)
        return;
      if (!pks_chart_png (draw, data, CHART_W, h, PNG_SCALE, f))
        {
          g_set_error (&c->error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot write the PNG", file);
          return;
        }
      pks_output_end (c->png, &c->error);
    }
}

/* Census vs staffed beds of one site (or the region), one series per scenario. */
typedef struct {
  const char *title;
  const RpText *t;
  PksDate start;
  guint n_days;
  guint n;
  const RpDaily *d[8];
  const char *label[8];
  PksRgb color[8];
} CensusChart;

static void
draw_census (cairo_t *cr, double w, double h, gpointer data)
{
  CensusChart *c = data;
  gboolean sv = c->t->comma;
  PksPlot p;
  pks_plot_init (&p, cr, w, h, c->title, 5);
  PksLegendItem items[32];
  guint ni = 0;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  for (guint s = 0; s < c->n; s++)
    {
      const char *pre = c->n > 1 ? c->label[s] : NULL;
      const char *what[3] = { c->t->census_mean, c->t->census_band, c->t->staffed };
      PksMark marks[3] = { PKS_MARK_LINE, PKS_MARK_BAND, PKS_MARK_STEP };
      for (int k = 0; k < 3; k++)
        {
          char *l = pre && k == 0 ? g_strdup_printf ("%s: %s", pre, what[k]) : g_strdup (what[k]);
          g_ptr_array_add (labels, l);
          PksRgb col = k == 2 && s == 0 ? pks_col_staffed : c->color[s];
          items[ni++] = (PksLegendItem) { marks[k], col, l };
        }
      items[ni++] = (PksLegendItem) { PKS_MARK_LINE, c->color[s], NULL };
    }
  pks_plot_legend (&p, items, ni);
  double ymax = 1;
  for (guint s = 0; s < c->n; s++)
    for (guint i = 0; i < c->n_days; i++)
      {
        if (!isnan (c->d[s]->p90[i]))
          ymax = MAX (ymax, c->d[s]->p90[i]);
        if (!isnan (c->d[s]->staffed[i]))
          ymax = MAX (ymax, c->d[s]->staffed[i]);
      }
  double lo = 0, hi = ymax * 1.08;
  PksTicks yt, xt;
  pks_ticks_nice (&yt, &lo, &hi, 5, sv);
  pks_ticks_months (&xt, c->start, c->n_days, c->t->months);
  pks_plot_set_range (&p, 0, c->n_days, lo, hi);
  pks_plot_axes (&p, &xt, &yt, c->t->date_x, c->t->census_y);
  g_autofree double *x = g_new (double, MAX (1u, c->n_days));
  g_autofree double *xs = g_new (double, MAX (1u, c->n_days));
  for (guint i = 0; i < c->n_days; i++)
    {
      x[i] = i + 0.5;
      xs[i] = i;
    }
  for (guint s = 0; s < c->n; s++)
    pks_plot_band (&p, x, c->d[s]->p10, c->d[s]->p90, c->n_days, c->color[s], c->n > 1 ? 0.2 : 0.25);
  for (guint s = 0; s < c->n; s++)
    pks_plot_step (&p, xs, c->d[s]->staffed, c->n_days, c->n_days,
                   s == 0 ? pks_col_staffed : c->color[s], s == 0 ? 1.6 : 1.4, s > 0);
  for (guint s = 0; s < c->n; s++)
    pks_plot_line (&p, x, c->d[s]->mean, c->n_days, c->color[s], 1.3, FALSE);
  /* "100 %" at the right end of the base's staffed beds */
  double last = c->d[0]->staffed[c->n_days - 1];
  if (!isnan (last))
    {
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
      pks_chart_text (cr, p.x1 + 3, pks_plot_y (&p, last), c->t->hundred, 10, 0, 0.5, TRUE);
    }
}

/* Month-end figures as lines with optional bands. */
typedef struct {
  const char *title;
  const RpText *t;
  guint n_months;
  char **months;          /* "YYYY-MM" */
  guint n;
  const double *mean[16], *p10[16], *p90[16];
  PksRgb color[16];
  gboolean dashed[16];
  const char *label[16];
} MonthChart;

static void
draw_months (cairo_t *cr, double w, double h, gpointer data)
{
  MonthChart *c = data;
  gboolean sv = c->t->comma;
  PksPlot p;
  pks_plot_init (&p, cr, w, h, c->title, 5);
  PksLegendItem items[16];
  for (guint s = 0; s < c->n; s++)
    items[s] = (PksLegendItem) { c->dashed[s] ? PKS_MARK_DASHED : PKS_MARK_LINE, c->color[s],
                                 c->label[s] };
  pks_plot_legend (&p, items, c->n);
  double ymax = 1;
  for (guint s = 0; s < c->n; s++)
    for (guint i = 0; i < c->n_months; i++)
      {
        double v = c->p90[s] && !isnan (c->p90[s][i]) ? c->p90[s][i] : c->mean[s][i];
        if (!isnan (v))
          ymax = MAX (ymax, v);
      }
  double lo = 0, hi = ymax * 1.08;
  PksTicks yt, xt;
  pks_ticks_nice (&yt, &lo, &hi, 5, sv);
  memset (&xt, 0, sizeof xt);
  for (guint i = 0; i < c->n_months && i < PKS_TICKS_MAX; i++)
    {
      int mo = atoi (c->months[i] + 5);
      xt.pos[xt.n] = xt.label_pos[xt.n] = i;
      g_strlcpy (xt.label[xt.n], mo >= 1 && mo <= 12 ? c->t->months[mo - 1] : c->months[i],
                 sizeof xt.label[0]);
      xt.n++;
    }
  pks_plot_set_range (&p, -0.5, c->n_months - 0.5, lo, hi);
  pks_plot_axes (&p, &xt, &yt, c->t->month_x, c->t->waiting_y);
  g_autofree double *x = g_new (double, MAX (1u, c->n_months));
  for (guint i = 0; i < c->n_months; i++)
    x[i] = i;
  for (guint s = 0; s < c->n; s++)
    if (c->p10[s] && c->p90[s])
      pks_plot_band (&p, x, c->p10[s], c->p90[s], c->n_months, c->color[s], 0.2);
  for (guint s = 0; s < c->n; s++)
    pks_plot_line (&p, x, c->mean[s], c->n_months, c->color[s], 2.0, c->dashed[s]);
}

/* ---- HTML pieces ---------------------------------------------------- */

void
rp_open_section (RpHtml *c, const char *id, const char *title, gboolean first)
{
  g_autofree char *t = rp_esc (title);
  g_string_append_printf (c->h, "<section id=\"%s\"%s>\n<h2>%s</h2>\n", id,
                          first ? " class=\"first\"" : "", t);
}

void
rp_close_section (RpHtml *c)
{
  g_string_append (c->h, "</section>\n");
}

static gboolean
has_costs (const RpRun *r)
{
  for (guint i = 0; i < r->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (r->entities, i);
      const RpEst *x = g_hash_table_lookup (e->metrics, "total_cost");
      if (x && fabs (x->mean) > 0)
        return TRUE;
    }
  return FALSE;
}

/* One table cell: the value as shown and, in data attributes, exactly the
 * numbers of summary.csv it came from. */
static void
est_cell (RpHtml *c, const RpRun *r, const RpEntity *e, const RpMetric *m, const char *plan,
          gboolean pm)
{
  const RpEst *x = e ? g_hash_table_lookup (e->metrics, m->metric) : NULL;
  if (x == NULL || isnan (x->mean))
    {
      g_string_append (c->h, "<td class=\"num\">–");
      return;
    }
  double k = m->scale / (m->per_day ? MAX (1u, r->n_days) : 1u);
  g_autofree char *mean = rp_num (x->mean * k, m->decimals, c->lang);
  g_autofree char *n = rp_esc (e->name);
  g_autofree char *ms = rp_esc (x->s_mean), *ls = rp_esc (x->s_lo), *hs = rp_esc (x->s_hi);
  g_string_append_printf (c->h, "<td class=\"num\" data-scope=\"%s\" data-name=\"%s\" data-metric=\"%s\""
                                " data-mean=\"%s\" data-ci-low=\"%s\" data-ci-high=\"%s\""
                                " data-scale=\"%.17g\" data-decimals=\"%d\"%s%s%s>"
                                "<span class=\"v\">%s</span>",
                          e->scope, n, m->metric, ms, ls, hs, k, m->decimals,
                          plan ? " data-plan=\"" : "", plan ? plan : "", plan ? "\"" : "", mean);
  if (!isnan (x->lo) && !isnan (x->hi) && x->hi - x->lo > 1e-12)
    {
      if (pm)
        {
          g_autofree char *hw = rp_num ((x->hi - x->lo) / 2 * k, m->decimals, c->lang);
          g_string_append_printf (c->h, " <span class=\"ci\">±%s</span>", hw);
        }
      else
        {
          g_autofree char *lo = rp_num (x->lo * k, m->decimals, c->lang);
          g_autofree char *hi = rp_num (x->hi * k, m->decimals, c->lang);
          g_string_append_printf (c->h, " <span class=\"ci\">(%s–%s)</span>", lo, hi);
        }
    }
}

static const char *
verdict_class (const RpMetric *m, const RpDiff *x)
{
  gboolean clear = !isnan (x->lo) && !isnan (x->hi) && (x->lo > 0 || x->hi < 0);
  if (!clear || m->better == 0)
    return "neither";
  return (x->diff > 0) == (m->better > 0) ? "better" : "worse";
}

/* Whole-number figures get a decimal when a difference is small, so a
 * change of 0.4 operations does not read as 0. */
static int
diff_decimals (const RpMetric *m, double shown)
{
  return m->decimals == 0 && fabs (shown) < 10 ? 1 : m->decimals;
}

static void
diff_span (RpHtml *c, const RpRun *r, const RpMetric *m, const RpDiff *x)
{
  if (x == NULL || isnan (x->diff))
    return;
  double k = m->scale / (m->per_day ? MAX (1u, r->n_days) : 1u);
  int dec = diff_decimals (m, x->diff * k);
  g_autofree char *d = rp_num (x->diff * k, dec, c->lang);
  g_string_append_printf (c->h, "<span class=\"diff %s\">Δ %s%s", verdict_class (m, x),
                          x->diff * k >= 0.5 * pow (10, -dec) ? "+" : "", d);
  if (!isnan (x->lo) && !isnan (x->hi) && x->hi > x->lo)
    {
      g_autofree char *lo = rp_num (x->lo * k, dec, c->lang);
      g_autofree char *hi = rp_num (x->hi * k, dec, c->lang);
      g_string_append_printf (c->h, " (%s %s %s)", lo, c->lang == PKS_LANG_EN ? "to" : "till", hi);
    }
  g_string_append (c->h, "</span>");
}

static gboolean
show_metric (const RpMetric *m, gboolean costs)
{
  return !m->cost || costs;
}

static void
label_cell (RpHtml *c, const RpMetric *m)
{
  g_autofree char *l = rp_esc (rp_metric_label (m, c->lang));
  const char *u = rp_metric_unit (m, c->lang);
  g_string_append_printf (c->h, "<th scope=\"row\">%s <span class=\"ci\">(%s)</span></th>", l, u);
}

/* Run: rows are the headline metrics, columns the region and its sites. */
static void
headline_run (RpHtml *c, const RpRun *r)
{
  gboolean costs = has_costs (r);
  g_autoptr (GPtrArray) cols = g_ptr_array_new ();
  for (guint i = 0; i < r->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (r->entities, i);
      if (strcmp (e->scope, "unit"))
        g_ptr_array_add (cols, (gpointer) e);
    }
  g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", c->t->ci_note);
  g_string_append (c->h, "<table class=\"headline\">\n<thead><tr><th></th>");
  for (guint j = 0; j < cols->len; j++)
    {
      const RpEntity *e = g_ptr_array_index (cols, j);
      g_autofree char *n = rp_esc (e->name);
      g_string_append_printf (c->h, "<th class=\"num\">%s</th>", n);
    }
  g_string_append (c->h, "</tr></thead>\n<tbody>\n");
  guint n_hl;
  const RpMetric *hl = rp_headline (&n_hl);
  for (guint i = 0; i < n_hl; i++)
    {
      const RpMetric *m = &hl[i];
      if (!show_metric (m, costs))
        continue;
      g_string_append (c->h, "<tr>");
      label_cell (c, m);
      for (guint j = 0; j < cols->len; j++)
        {
          est_cell (c, r, g_ptr_array_index (cols, j), m, NULL, FALSE);
          g_string_append (c->h, "</td>");
        }
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
  if (!costs)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", c->t->no_costs);
}

/* Units as rows, a few key figures as columns (mean ± CI half-width). */
static void
units_table (RpHtml *c, const RpRun *r)
{
  static const PksMetric cols[] = {
    PKS_M_OCCUPANCY_PCT, PKS_M_OVERCROWDED_DAYS, PKS_M_OUTLIED_DAYS, PKS_M_OPERATIONS,
    PKS_M_CANCELLED_OPERATIONS, PKS_M_WAITING_TREATMENT, PKS_M_VG_FIRST_VISIT_PCT,
    PKS_M_VG_TREATMENT_PCT,
  };
  g_string_append_printf (c->h, "<table class=\"units\">\n<thead><tr><th>%s</th>", c->t->unit);
  for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
    {
      const RpMetric *m = rp_metric_info (pks_metric_name (cols[k]));
      g_autofree char *head = rp_esc (rp_metric_short (m, c->lang));
      g_string_append_printf (c->h, "<th class=\"num\">%s <span class=\"ci\">(%s)</span></th>",
                              head, rp_metric_unit (m, c->lang));
    }
  g_string_append (c->h, "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < r->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (r->entities, i);
      if (strcmp (e->scope, "unit"))
        continue;
      g_autofree char *n = rp_esc (e->name);
      g_string_append_printf (c->h, "<tr><th scope=\"row\">%s</th>", n);
      for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
        {
          est_cell (c, r, e, rp_metric_info (pks_metric_name (cols[k])), NULL, TRUE);
          g_string_append (c->h, "</td>");
        }
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
}

/* Comparison: per scope a table with the base and each plan side by side;
 * under each plan's value its paired difference from the base. */
static void
headline_compare (RpHtml *c)
{
  const RpData *d = c->d;
  gboolean costs = has_costs (d->base);
  for (guint p = 0; p < d->plans->len; p++)
    costs |= has_costs (g_ptr_array_index (d->plans, p));
  g_string_append_printf (c->h, "<p class=\"note\">%s %s</p>\n", c->t->ci_note,
                          c->lang == PKS_LANG_EN
                            ? "Δ: the paired difference plan − base (95 % CI), green where the plan is "
                              "clearly better, red where clearly worse."
                            : "Δ: den parvisa skillnaden plan − bas (95 % KI), grön där planen är säkert "
                              "bättre, röd där den är säkert sämre.");
  const RpRun *b = d->base;
  for (guint i = 0; i < b->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (b->entities, i);
      if (!strcmp (e->scope, "unit"))
        continue;
      g_autofree char *n = rp_esc (e->name);
      g_string_append_printf (c->h, "<h3>%s</h3>\n<table class=\"headline compare\">\n<thead><tr><th></th>"
                                    "<th class=\"num\">%s</th>", n, c->t->base);
      for (guint p = 0; p < d->plans->len; p++)
        {
          g_autofree char *pn = rp_esc (g_ptr_array_index (d->plan_names, p));
          g_string_append_printf (c->h, "<th class=\"num\">%s</th>", pn);
        }
      g_string_append (c->h, "</tr></thead>\n<tbody>\n");
      guint n_hl;
      const RpMetric *hl = rp_headline (&n_hl);
      for (guint k = 0; k < n_hl; k++)
        {
          const RpMetric *m = &hl[k];
          if (!show_metric (m, costs))
            continue;
          g_string_append (c->h, "<tr>");
          label_cell (c, m);
          est_cell (c, b, e, m, "base", FALSE);
          g_string_append (c->h, "</td>");
          for (guint p = 0; p < d->plans->len; p++)
            {
              const RpRun *pr = g_ptr_array_index (d->plans, p);
              const RpEntity *pe = !strcmp (e->scope, "region")
                                     ? g_ptr_array_index (pr->entities, 0) : rp_entity (pr, e->scope, e->name);
              g_autofree char *tag = g_strdup_printf ("%u", p + 1);
              est_cell (c, pr, pe, m, tag, FALSE);
              diff_span (c, b, m, rp_diff (d, p, e->scope, e->name, m->metric));
              g_string_append (c->h, "</td>");
            }
          g_string_append (c->h, "</tr>\n");
        }
      g_string_append (c->h, "</tbody></table>\n");
    }
  if (!costs)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", c->t->no_costs);
}

/* Plan p's name as a heading in a comparison's chart sections. */
static void
plan_heading (RpHtml *c, guint p)
{
  g_autofree char *pn = rp_esc (g_ptr_array_index (c->d->plan_names, p));
  g_string_append_printf (c->h, "<h3>%s %s %s</h3>\n", c->t->base,
                          c->lang == PKS_LANG_EN ? "and" : "och", pn);
}

/* The region and each site: census against staffed beds over the period;
 * in a comparison, the base and one plan overlaid per chart. */
static void
census_charts (RpHtml *c)
{
  const RpData *d = c->d;
  const RpRun *b = d->base;
  guint rounds = d->compare ? d->plans->len : 1;
  for (guint p = 0; p < rounds; p++)
    {
      const RpRun *pr = d->compare ? g_ptr_array_index (d->plans, p) : NULL;
      if (d->compare)
        plan_heading (c, p);
      for (guint i = 0; i < b->census->len; i++)
        {
          const RpDaily *bd = g_ptr_array_index (b->census, i);
          CensusChart cc = { .t = c->t, .start = b->start, .n_days = b->n_days };
          cc.d[0] = bd;
          cc.label[0] = c->t->base;
          cc.color[0] = pks_col_base;
          cc.n = 1;
          if (pr)
            {
              const RpDaily *pd = !strcmp (bd->scope, "region") ? g_ptr_array_index (pr->census, 0)
                                                                : rp_census (pr, bd->scope, bd->name);
              if (pd && pr->n_days == b->n_days && pr->start == b->start)
                {
                  cc.d[1] = pd;
                  cc.label[1] = g_ptr_array_index (d->plan_names, p);
                  cc.color[1] = pks_col_plan[p % 4];
                  cc.n = 2;
                }
            }
          g_autofree char *title = g_strdup_printf ("%s — %s", bd->name,
                                                    c->lang == PKS_LANG_EN ? "patients in beds" : "inneliggande patienter");
          cc.title = title;
          double h = 300 + (cc.n - 1) * 18;
          g_autofree char *name = pr ? g_strdup_printf ("census-%s-%s", bd->name,
                                                        (char *) g_ptr_array_index (d->plan_names, p))
                                     : g_strdup_printf ("census-%s", bd->name);
          rp_emit_chart (c, draw_census, &cc, h, title, name, c->t->census_caption);
        }
    }
}

typedef struct {
  const char *unit;
  double vg, waiting;
} WaitRank;

static int
by_guarantee (gconstpointer a, gconstpointer b)
{
  const WaitRank *x = a, *y = b;
  if (x->vg != y->vg)
    return x->vg < y->vg ? -1 : 1;
  return x->waiting > y->waiting ? -1 : x->waiting < y->waiting;
}

/* The units furthest from the guarantee (lowest share within the limit,
 * then the longest list), at most MAX_WAIT_UNITS. */
static GArray *
worst_units (const RpRun *r)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (WaitRank));
  for (guint i = 0; i < r->monthly->len; i++)
    {
      const RpMonthly *m = g_ptr_array_index (r->monthly, i);
      const RpEst *vt = rp_est (r, "unit", m->unit, "vg_treatment_pct");
      const RpEst *vf = rp_est (r, "unit", m->unit, "vg_first_visit_pct");
      const RpEst *wt = rp_est (r, "unit", m->unit, "waiting_treatment_mean");
      const RpEst *wf = rp_est (r, "unit", m->unit, "waiting_first_visit_mean");
      WaitRank w = { m->unit, 100, 0 };
      if (vt && !isnan (vt->mean))
        w.vg = MIN (w.vg, vt->mean);
      if (vf && !isnan (vf->mean))
        w.vg = MIN (w.vg, vf->mean);
      w.waiting = (wt ? wt->mean : 0) + (wf ? wf->mean : 0);
      g_array_append_val (a, w);
    }
  g_array_sort (a, by_guarantee);
  if (a->len > MAX_WAIT_UNITS)
    g_array_set_size (a, MAX_WAIT_UNITS);
  return a;
}

static void
waiting_charts (RpHtml *c)
{
  const RpData *d = c->d;
  const RpRun *b = d->base;
  if (b->monthly->len == 0)
    {
      g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", c->t->no_waitlists);
      return;
    }
  g_autoptr (GArray) worst = worst_units (b);
  guint rounds = d->compare ? d->plans->len : 1;
  for (guint p = 0; p < rounds; p++)
    {
      if (d->compare)
        plan_heading (c, p);
      for (guint i = 0; i < worst->len; i++)
        {
          const char *unit = g_array_index (worst, WaitRank, i).unit;
          MonthChart mc = { .t = c->t, .n_months = b->n_months, .months = b->months };
          g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
          for (guint s = 0; s < (d->compare ? 2u : 1u); s++)
            {
              const RpRun *r = s == 0 ? b : g_ptr_array_index (d->plans, p);
              const RpMonthly *m = rp_monthly (r, unit);
              if (m == NULL || r->n_months != b->n_months)
                continue;
              const char *who = s == 0 ? c->t->base : g_ptr_array_index (d->plan_names, p);
              PksRgb col = s == 0 ? pks_col_base : pks_col_plan[p % 4];
              for (int k = 1; k >= 0; k--)
                {
                  const char *what = k == 1 ? c->t->waiting_tr : c->t->waiting_fv;
                  char *l = d->compare ? g_strdup_printf ("%s: %s", who, what) : g_strdup (what);
                  g_ptr_array_add (labels, l);
                  mc.mean[mc.n] = m->mean[k];
                  /* a comparison bands only the treatment lists: four bands would hide the lines */
                  mc.p10[mc.n] = !d->compare || k == 1 ? m->p10[k] : NULL;
                  mc.p90[mc.n] = !d->compare || k == 1 ? m->p90[k] : NULL;
                  mc.color[mc.n] = d->compare ? col : (k == 1 ? pks_col_base : pks_col_plan[0]);
                  mc.dashed[mc.n] = k == 0;
                  mc.label[mc.n] = l;
                  mc.n++;
                }
            }
          g_autofree char *title = g_strdup_printf ("%s — %s", unit,
                                                    c->lang == PKS_LANG_EN ? "waiting lists" : "väntelistor");
          mc.title = title;
          g_autofree char *name = d->compare ? g_strdup_printf ("waiting-%s-%s", unit,
                                                                (char *) g_ptr_array_index (d->plan_names, p))
                                             : g_strdup_printf ("waiting-%s", unit);
          g_autofree char *cap = g_strdup_printf ("%s %s", c->t->waiting_caption, c->t->band_note);
          rp_emit_chart (c, draw_months, &mc, 270 + (mc.n > 2 ? 18 : 0), title, name, cap);
        }
    }
}

/* Share waiting within the guarantee limit per unit: bars with CIs. */
static void
guarantee_charts (RpHtml *c)
{
  const RpData *d = c->d;
  const RpRun *b = d->base;
  g_autoptr (GPtrArray) units = g_ptr_array_new ();
  for (guint i = 0; i < b->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (b->entities, i);
      if (!strcmp (e->scope, "unit") && (g_hash_table_contains (e->metrics, "vg_treatment_pct")
                                          || g_hash_table_contains (e->metrics, "vg_first_visit_pct")))
        g_ptr_array_add (units, e->name);
    }
  if (units->len == 0)
    {
      g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", c->t->no_waitlists);
      return;
    }
  g_autofree char *tg = rp_num (c->vg_target, 0, c->lang);
  g_autofree char *target = g_strdup_printf ("%s %s %%", c->t->vg_target, tg);
  static const char *const metrics[] = { "vg_first_visit_pct", "vg_treatment_pct" };
  guint nu = units->len;
  if (!d->compare)
    {
      /* one chart: first visit and treatment per unit */
      g_autofree double *v = g_new (double, nu * 2), *lo = g_new (double, nu * 2), *hi = g_new (double, nu * 2);
      for (guint u = 0; u < nu; u++)
        for (int k = 0; k < 2; k++)
          {
            const RpEst *x = rp_est (b, "unit", g_ptr_array_index (units, u), metrics[k]);
            v[u * 2 + k] = x ? x->mean : NAN;
            lo[u * 2 + k] = x ? x->lo : NAN;
            hi[u * 2 + k] = x ? x->hi : NAN;
          }
      g_autofree char *vf = g_strdup_printf ("%s (%.0f %s)", c->t->vg_fv, b->fv_days, c->t->days_unit);
      g_autofree char *vt = g_strdup_printf ("%s (%.0f %s)", c->t->vg_tr, b->tr_days, c->t->days_unit);
      const char *series[] = { vf, vt };
      PksRgb colors[] = { pks_col_second, pks_col_base };
      PksHBars hb = { c->lang == PKS_LANG_EN ? "Care guarantee by unit" : "Vårdgaranti per enhet",
                      c->t->vg_x, nu, 2, (const char *const *) units->pdata, series, colors, v, lo, hi,
                      100, c->vg_target, target, c->t->comma, 0 };
      rp_emit_chart (c, pks_hbars_draw, &hb, pks_hbars_height (&hb), hb.title, "guarantee",
                     c->t->vg_caption);
      return;
    }
  guint ns = 1 + d->plans->len;
  for (int k = 0; k < 2; k++)
    {
      g_autofree double *v = g_new (double, nu * ns), *lo = g_new (double, nu * ns), *hi = g_new (double, nu * ns);
      g_autofree const char **series = g_new (const char *, ns);
      g_autofree PksRgb *colors = g_new (PksRgb, ns);
      for (guint s = 0; s < ns; s++)
        {
          const RpRun *r = s == 0 ? b : g_ptr_array_index (d->plans, s - 1);
          series[s] = s == 0 ? c->t->base : g_ptr_array_index (d->plan_names, s - 1);
          colors[s] = s == 0 ? pks_col_base : pks_col_plan[(s - 1) % 4];
          for (guint u = 0; u < nu; u++)
            {
              const RpEst *x = rp_est (r, "unit", g_ptr_array_index (units, u), metrics[k]);
              v[u * ns + s] = x ? x->mean : NAN;
              lo[u * ns + s] = x ? x->lo : NAN;
              hi[u * ns + s] = x ? x->hi : NAN;
            }
        }
      g_autofree char *title = g_strdup_printf ("%s (%.0f %s)", k == 0 ? c->t->vg_title_fv : c->t->vg_title_tr,
                                                k == 0 ? b->fv_days : b->tr_days, c->t->days_unit);
      PksHBars hb = { title, c->t->vg_x, nu, ns, (const char *const *) units->pdata, series, colors,
                      v, lo, hi, 100, c->vg_target, target, c->t->comma, 0 };
      rp_emit_chart (c, pks_hbars_draw, &hb, pks_hbars_height (&hb), title,
                     k == 0 ? "guarantee-first-visit" : "guarantee-treatment", c->t->vg_caption);
    }
}

/* Per plan: the region's paired differences, counts relative to the base
 * (so they share an axis) and shares in percentage points. */
static void
forest_charts (RpHtml *c)
{
  const RpData *d = c->d;
  const RpEntity *reg = g_ptr_array_index (d->base->entities, 0);
  gboolean costs = has_costs (d->base);
  for (guint p = 0; p < d->plans->len; p++)
    {
      const char *pn = g_ptr_array_index (d->plan_names, p);
      g_autofree char *h3 = rp_esc (pn);
      g_string_append_printf (c->h, "<h3>%s</h3>\n", h3);
      for (int pct = 0; pct < 2; pct++)
        {
          g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (PksForestRow));
          g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
          guint n_hl;
          const RpMetric *hl = rp_headline (&n_hl);
          for (guint i = 0; i < n_hl; i++)
            {
              const RpMetric *m = &hl[i];
              if (m->pct != pct || !show_metric (m, costs))
                continue;
              const RpDiff *x = rp_diff (d, p, "region", reg->name, m->metric);
              if (x == NULL || isnan (x->diff))
                continue;
              double k = pct ? 1.0 : (fabs (x->base) > 1e-9 ? 100.0 / fabs (x->base) : NAN);
              if (isnan (k))
                continue;   /* a count that is 0 in the base has no relative change */
              double kk = m->scale / (m->per_day ? MAX (1u, d->base->n_days) : 1u);
              g_autofree char *dv = rp_num (x->diff * kk, diff_decimals (m, x->diff * kk), c->lang);
              g_autofree char *rel = rp_num (x->diff * k, 1, c->lang);
              char *txt = pct ? g_strdup_printf ("%s%s", x->diff > 0 ? "+" : "", dv)
                              : g_strdup_printf ("%s%s %s (%s%s %%)", x->diff > 0 ? "+" : "", dv,
                                                 rp_metric_unit (m, c->lang), x->diff > 0 ? "+" : "", rel);
              g_ptr_array_add (texts, txt);
              const char *cls = verdict_class (m, x);
              PksForestRow row = { rp_metric_short (m, c->lang), x->diff * k, x->lo * k, x->hi * k,
                                   !strcmp (cls, "better") ? 1 : !strcmp (cls, "worse") ? -1 : 0, txt };
              g_array_append_val (rows, row);
            }
          if (rows->len == 0)
            continue;
          g_autofree char *title = g_strdup_printf ("%s − %s: %s", pn, c->t->base,
                                                    pct ? c->t->forest_pp : c->t->forest_pct);
          PksForest f = { title, pct ? c->t->forest_pp : c->t->forest_pct, c->t->better, c->t->worse,
                          c->t->neither, rows->len, (const PksForestRow *) rows->data, c->t->comma,
                          NULL, 0, NAN, NAN };
          g_autofree char *name = g_strdup_printf ("forest-%s-%s", pn, pct ? "pp" : "pct");
          rp_emit_chart (c, pks_forest_draw, &f, pks_forest_height (&f), title, name,
                         pct ? NULL : c->t->forest_note);
        }
    }
}

void
rp_settings_table (RpHtml *c, const RpRun *r, gboolean key_only)
{
  static const char *const key_prefixes[] = { "policy.", "guarantee.", "scenario.warmup_days",
                                              "staffing.", NULL };
  g_string_append_printf (c->h, "<table class=\"settings\">\n<thead><tr><th>%s</th><th>%s</th>%s%s%s</tr></thead>\n<tbody>\n",
                          c->t->col_key, c->t->col_value, key_only ? "" : "<th>", key_only ? "" : c->t->col_origin,
                          key_only ? "" : "</th>");
  for (guint i = 0; i < r->settings->len; i++)
    {
      const RpSetting *s = g_ptr_array_index (r->settings, i);
      if (key_only)
        {
          gboolean key = FALSE;
          for (guint k = 0; key_prefixes[k]; k++)
            key |= g_str_has_prefix (s->key, key_prefixes[k]);
          if (!key)
            continue;
        }
      g_autofree char *k = rp_esc (s->key), *v = rp_esc (s->value), *o = rp_esc (s->origin);
      g_string_append_printf (c->h, "<tr><td><code>%s</code></td><td>%s</td>", k, v);
      if (!key_only)
        g_string_append_printf (c->h, "<td class=\"origin\">%s</td>", o);
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
}

/* The header's last row (the program's version), then the key settings of
 * run b, closing the header. */
void
rp_meta_end (RpHtml *c, const RpRun *b)
{
  g_autofree char *ver = g_strdup_printf ("pks %s", b->version ? b->version : "");
  rp_meta_row (c, c->t->meta_version, ver);
  g_string_append (c->h, "</table>\n");
  g_string_append_printf (c->h, "<h3>%s</h3>\n", c->t->key_settings);
  rp_settings_table (c, b, TRUE);
  g_string_append (c->h, "</header>\n");
}

/* The reported period and the warm-up of run b, as two header rows. */
void
rp_meta_period (RpHtml *c, const RpRun *b)
{
  char start[11], end[11];
  pks_date_format (b->start, start);
  pks_date_format (b->start + b->n_days - 1, end);
  g_autofree char *period = g_strdup_printf ("%s – %s (%u %s)", start, end, b->n_days, c->t->days_unit);
  rp_meta_row (c, c->t->meta_period, period);
  g_autofree char *warm = g_strdup_printf ("%u %s", b->warmup_days, c->t->days_unit);
  rp_meta_row (c, c->t->meta_warmup, warm);
}

void
rp_meta_row (RpHtml *c, const char *k, const char *v)
{
  g_autofree char *e = rp_esc (v);
  g_string_append_printf (c->h, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", k, e);
}

static void
header (RpHtml *c)
{
  const RpData *d = c->d;
  const RpRun *b = d->base;
  g_autofree char *name = rp_esc (b->scenario);
  g_string_append_printf (c->h, "<header>\n<h1>%s</h1>\n<p class=\"subtitle\">%s</p>\n",
                          d->compare ? c->t->title_compare : c->t->title_run, name);
  g_string_append (c->h, "<table class=\"meta\">\n");
  const char *date = d->compare ? d->run_date : b->run_date;
  /* "2025-03-01T14:05:09+01:00" reads as "2025-03-01 14:05" */
  g_autofree char *when = date ? g_strndup (date, 16) : g_strdup ("–");
  if (strlen (when) == 16 && when[10] == 'T')
    when[10] = ' ';
  rp_meta_row (c, c->t->meta_run_date, when);
  rp_meta_period (c, b);
  g_autofree char *reps = g_strdup_printf ("%u", d->compare ? d->reps : b->reps);
  rp_meta_row (c, c->t->meta_reps, reps);
  g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, d->compare ? d->seed : b->seed);
  rp_meta_row (c, c->t->meta_seed, seed);
  if (d->compare)
    {
      rp_meta_row (c, c->t->meta_base, b->file ? b->file : b->scenario);
      for (guint p = 0; p < d->plans->len; p++)
        {
          const RpRun *r = g_ptr_array_index (d->plans, p);
          g_autofree char *v = g_strdup_printf ("%s (%s)", (char *) g_ptr_array_index (d->plan_names, p),
                                                r->file ? r->file : "");
          rp_meta_row (c, p == 0 ? c->t->meta_plans : "", v);
        }
    }
  else
    rp_meta_row (c, c->t->meta_file, b->file ? b->file : "–");
  rp_meta_end (c, b);
}

/* The footer and the end of the document; NULL with the first PNG error. */
static char *
finish_html (RpHtml *c, GError **error)
{
  g_string_append_printf (c->h, "<footer>%s</footer>\n</main>\n</body>\n</html>\n", c->t->footer);
  if (c->error)
    {
      g_propagate_error (error, c->error);
      g_string_free (c->h, TRUE);
      return NULL;
    }
  return g_string_free (c->h, FALSE);
}

static char *
build_html (const RpData *d, const PksReportOptions *opt, PksOutput *png, GError **error)
{
  RpHtml c = { g_string_new (NULL), d, opt->lang, rp_text (opt->lang),
            opt->vg_target_pct > 0 ? opt->vg_target_pct : 100.0, png, 0, NULL };
  g_autofree char *title = rp_esc (d->base->scenario);
  g_string_append_printf (c.h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                               "<meta name=\"generator\" content=\"pks %s\">\n"
                               "<title>%s — %s</title>\n<style>\n%s%s</style>\n</head>\n<body>\n<main>\n",
                          c.t->code, PKS_VERSION,
                          d->optimise ? c.t->title_optimise : d->compare ? c.t->title_compare : c.t->title_run,
                          title, rp_css, d->optimise ? rp_optimise_css : d->compare ? rp_plans_css : "");
  if (d->optimise)
    {
      /* an optimisation: its own sections, then the scenario's settings */
      rp_optimise_header (&c);
      rp_optimise_body (&c);
      rp_open_section (&c, "settings", c.t->sec_settings, FALSE);
      g_string_append_printf (c.h, "<h3>%s</h3>\n", c.t->all_settings);
      rp_settings_table (&c, d->base, FALSE);
      rp_close_section (&c);
      return finish_html (&c, error);
    }
  header (&c);
  if (d->compare)
    rp_plan_terms_note (&c);

  rp_open_section (&c, "findings", c.t->sec_findings, TRUE);
  if (d->compare)
    rp_findings_compare (c.h, d, c.lang, c.vg_target);
  else
    rp_findings_run (c.h, d->base, c.lang, c.vg_target);
  rp_close_section (&c);

  if (d->compare)
    rp_plan_changes_section (&c);

  if (d->compare)
    {
      rp_open_section (&c, "differences", c.t->sec_forest, FALSE);
      forest_charts (&c);
      rp_close_section (&c);
    }

  rp_open_section (&c, "headline", c.t->sec_headline, FALSE);
  if (d->compare)
    headline_compare (&c);
  else
    headline_run (&c, d->base);
  rp_close_section (&c);

  rp_open_section (&c, "census", c.t->sec_census, FALSE);
  census_charts (&c);
  rp_close_section (&c);

  rp_open_section (&c, "waiting", c.t->sec_waiting, FALSE);
  waiting_charts (&c);
  rp_close_section (&c);

  rp_open_section (&c, "guarantee", c.t->sec_guarantee, FALSE);
  guarantee_charts (&c);
  rp_close_section (&c);

  if (!d->compare)
    {
      rp_open_section (&c, "units", c.t->sec_units, FALSE);
      g_string_append_printf (c.h, "<p class=\"note\">%s</p>\n",
                              c.lang == PKS_LANG_EN ? "Mean ± half-width of the 95 % confidence interval."
                                                    : "Medelvärde ± halva 95 %-konfidensintervallet.");
      units_table (&c, d->base);
      rp_close_section (&c);
    }

  rp_open_section (&c, "settings", c.t->sec_settings, FALSE);
  g_string_append_printf (c.h, "<h3>%s</h3>\n", c.t->all_settings);
  rp_settings_table (&c, d->base, FALSE);
  for (guint p = 0; p < d->plans->len; p++)
    {
      g_autofree char *pn = rp_esc (g_ptr_array_index (d->plan_names, p));
      g_string_append_printf (c.h, "<h3>%s</h3>\n", pn);
      rp_settings_table (&c, g_ptr_array_index (d->plans, p), FALSE);
    }
  rp_close_section (&c);

  return finish_html (&c, error);
}

gboolean
pks_report_write (const char *dir, const char *html_path, const PksReportOptions *opt,
                  GError **error)
{
  PksReportOptions def = { PKS_LANG_SV, NULL, 100.0 };
  if (opt == NULL)
    opt = &def;
  g_autoptr (RpData) d = rp_data_load (dir, error);
  if (d == NULL)
    return FALSE;
  g_autoptr (PksOutput) png = NULL;
  if (opt->png_dir && (png = pks_output_new (opt->png_dir, error)) == NULL)
    return FALSE;
  g_autofree char *html = build_html (d, opt, png, error);
  if (html == NULL)
    return FALSE;
  g_autofree char *odir = g_path_get_dirname (html_path);
  g_autofree char *base = g_path_get_basename (html_path);
  g_autoptr (PksOutput) o = pks_output_new (odir, error);
  if (o == NULL)
    return FALSE;
  FILE *f = pks_output_begin (o, base, error);
  if (f == NULL)
    return FALSE;
  if (fputs (html, f) == EOF)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed", html_path);
      return FALSE;
    }
  if (!pks_output_end (o, error))
    return FALSE;
  if (png && !pks_output_commit (png, error))
    return FALSE;
  return pks_output_commit (o, error);
}
