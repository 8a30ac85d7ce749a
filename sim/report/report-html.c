/* report-html.c — the report as one self-contained HTML file: inline CSS
 * (screen and A4 print), the document's frame (a compact header, sections,
 * an appendix with the settings in words), the run's sections (the main
 * results first, headline tables with 95 % CIs, census, waiting lists,
 * the care guarantee, units) and the charts they share with a comparison
 * (report-compare.c) and an optimisation (report-optimise.c). Nothing is
 * fetched: no scripts, fonts, images or links to other files. */
#include "report-internal.h"
#include "pks/core/error.h"
#include "pks/input/settings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 720.0
#define PNG_SCALE 2.0
#define MAX_WAIT_UNITS 4

/* One colour per meaning (chart.c's palette): green better, red worse,
 * grey no sure difference, ink a figure without a better direction. The
 * page card is 980 px; tables shrink their text rather than run past it
 * (tests/browser checks at 1 400 px and on A4). Printed, only the
 * sections marked .page start a new page; closed <details> stay closed. */
const char rp_css[] =
  ":root{--ink:#222;--muted:#666;--rule:#d0d0d0;--base:#1f5fa8;--better:#297f4f;--worse:#c0332a;"
  "--unsure:#8a8a8a}\n"
  "*{box-sizing:border-box}\n"
  "body{font-family:system-ui,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;color:var(--ink);"
  "margin:0;background:#f4f4f2;line-height:1.45;font-size:15px}\n"
  "main{max-width:980px;margin:0 auto;background:#fff;padding:22px 40px 40px}\n"
  "h1{font-size:1.55em;margin:0}h2{font-size:1.25em;margin:1.4em 0 .5em;"
  "border-bottom:2px solid var(--base);padding-bottom:.2em}h3{font-size:1.02em;margin:1.1em 0 .35em}\n"
  "section.first h2{margin-top:.6em}\n"
  ".subtitle{font-size:1.1em;color:var(--muted);margin:.1em 0 .2em}\n"
  ".metaline{font-size:.82em;color:var(--muted);margin:0 0 .4em}\n"
  "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-variant-numeric:tabular-nums}\n"
  "th,td{padding:4px 7px;border-bottom:1px solid var(--rule);vertical-align:top}\n"
  "th{text-align:left;background:#f1f4f8;font-weight:600}\n"
  "td.num,th.num{text-align:right}\n"
  "table.meta{width:auto}table.meta th{background:none;padding-right:18px}\n"
  ".v{white-space:nowrap}\n"
  ".ci{color:var(--muted);font-size:.85em;white-space:nowrap}\n"
  "table.headline .ci,table.units .ci{display:block}table.headline.compare .ci{display:inline}\n"
  "table.headline td,table.headline th{font-size:.92em}\n"
  ".diff{display:block;font-size:.85em;white-space:nowrap}\n"
  ".better{color:var(--better)}.worse{color:var(--worse)}.unsure{color:var(--unsure)}"
  ".neutral{color:var(--ink)}\n"
  "table.units td,table.units th{font-size:.8em;padding:3px 4px}"
  "table.units thead th{vertical-align:bottom}\n"
  "table.settings td,table.settings th{font-size:.85em}table.settings td.origin{color:var(--muted)}\n"
  "ul.findings li{margin:.3em 0}\n"
  ".answer{font-size:1.15em;margin:.2em 0 .5em}\n"
  ".terms{border-left:4px solid #d9a400;background:#fff8e0;padding:.45em .8em;margin:.5em 0 .8em}"
  ".terms p{margin:0}.terms ul{margin:.3em 0 0}\n"
  ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:7px;margin:.3em 0 .8em}\n"
  ".tile{border:1px solid var(--rule);border-radius:4px;padding:5px 7px;min-width:0;overflow-wrap:anywhere}\n"
  ".tile .k{font-size:.78em;color:var(--muted);display:block}.tile .v{font-size:1.2em;font-weight:600}\n"
  ".tile .ci{display:block;white-space:normal}\n"
  "table.rank td,table.rank th{font-size:.84em;padding:4px 5px}table.rank thead th{vertical-align:bottom}\n"
  "table.rank td.plan{font-weight:600}table.rank .ci{display:block;white-space:normal}\n"
  "p.legend{font-size:.8em;color:var(--muted)}p.legend span{margin-right:1.2em;white-space:nowrap}\n"
  "p.legend b{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em}\n"
  "b.better{background:var(--better)}b.worse{background:var(--worse)}b.unsure{background:var(--unsure)}"
  "b.neutral{background:var(--ink)}\n"
  "details{margin:.4em 0 .8em}summary{cursor:pointer;color:var(--base);font-weight:600}\n"
  "figure{margin:.8em 0 1.2em}figcaption{font-size:.82em;color:var(--muted);margin-top:.3em}\n"
  "svg.chart{display:block;width:100%;height:auto}\n"
  ".note{font-size:.84em;color:var(--muted)}\n"
  "code{font-size:.9em}\n"
  "footer{margin-top:2em;font-size:.8em;color:var(--muted);border-top:1px solid var(--rule);padding-top:.6em}\n"
  "@page{size:A4;margin:14mm 12mm}\n"
  "@media print{body{background:#fff;font-size:9pt}main{max-width:none;padding:0}"
  "section.page{break-before:page}figure,table.meta,tr,.tile,.terms{break-inside:avoid}"
  "h2,h3{break-after:avoid}svg.chart{max-height:235mm}"
  "th,b,.terms{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
  "table.rank td,table.rank th{font-size:.8em;padding:3px 3px}"
  "table.units td,table.units th{font-size:.74em;padding:2px 3px}"
  "table.headline td,table.headline th,table.settings td,table.settings th{padding:2px 5px}}\n";

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

/* A section; kind 1 the first (no page break before it), 2 one that
 * starts a printed page, 0 one that follows on the same page. */
void
rp_open_section (RpHtml *c, const char *id, const char *title, int kind)
{
  g_autofree char *t = rp_esc (title);
  g_string_append_printf (c->h, "<section id=\"%s\"%s>\n<h2>%s</h2>\n", id,
                          kind == 1 ? " class=\"first\"" : kind == 2 ? " class=\"page\"" : "", t);
}

void
rp_close_section (RpHtml *c)
{
  g_string_append (c->h, "</section>\n");
}

void
rp_meta_row (RpHtml *c, const char *k, const char *v)
{
  g_autofree char *e = rp_esc (v);
  g_string_append_printf (c->h, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", k, e);
}

void
rp_colour_legend (RpHtml *c)
{
  gboolean en = c->lang == PKS_LANG_EN;
  g_string_append_printf (c->h,
    "<p class=\"legend\"><span><b class=\"better\"></b>%s</span><span><b class=\"worse\"></b>%s</span>"
    "<span><b class=\"unsure\"></b>%s</span><span><b class=\"neutral\"></b>%s</span></p>\n",
    en ? "surely better" : "säkert bättre", en ? "surely worse" : "säkert sämre",
    en ? "no sure difference (the 95 % CI holds 0)" : "ingen säker skillnad (95 % KI rymmer 0)",
    en ? "neither better nor worse (beds, admissions)"
       : "varken bättre eller sämre (vårdplatser, vårdtillfällen)");
}

char *
rp_file_words (const char *file, PksLang lang)
{
  if (file == NULL)
    return g_strdup ("–");
  if (g_str_has_prefix (file, "(embedded) "))
    return g_strdup_printf (lang == PKS_LANG_EN ? "%s (built into pks)" : "%s (inbyggt i pks)",
                            file + strlen ("(embedded) "));
  return g_strdup (file);
}

void
rp_header (RpHtml *c, const char *title, const char *subtitle, const char *meta)
{
  g_autofree char *st = rp_esc (subtitle), *mt = rp_esc (meta);
  g_string_append_printf (c->h, "<header>\n<h1>%s</h1>\n<p class=\"subtitle\">%s</p>\n"
                                "<p class=\"metaline\">%s</p>\n</header>\n", title, st, mt);
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

/* The shown value of a metric is its mean × this: SEK → MSEK, staffed
 * bed-days → staffed beds on an average day. */
static double
shown_scale (const RpMetric *m, const RpRun *r)
{
  return m->scale / (m->per_day ? MAX (1u, r->n_days) : 1u);
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
  double k = shown_scale (m, r);
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
          g_autofree char *iv = rp_interval (x->lo * k, x->hi * k, m->decimals, c->lang);
          g_string_append_printf (c->h, " <span class=\"ci\">(%s)</span>", iv);
        }
    }
}

/* "Δ −447 (−468 till −426)" under a plan's value, coloured by its verdict
 * with the digits its interval needs. */
void
rp_diff_span (RpHtml *c, const RpRun *r, const RpMetric *m, const RpDiff *x)
{
  if (x == NULL || isnan (x->diff))
    return;
  double k = shown_scale (m, r);
  int dec = rp_diff_decimals (m->decimals, x->lo * k, x->hi * k);
  g_autofree char *d = rp_signed (x->diff * k, dec, c->lang);
  RpVerdict v = rp_verdict (m->better, x->lo, x->hi);
  g_string_append_printf (c->h, "<span class=\"diff %s\">Δ %s", rp_verdict_class (v), d);
  if (!isnan (x->lo) && !isnan (x->hi) && x->hi > x->lo)
    {
      g_autofree char *iv = rp_interval (x->lo * k, x->hi * k, dec, c->lang);
      g_string_append_printf (c->h, " (%s)", iv);
    }
  g_string_append (c->h, "</span>");
}

static gboolean
show_metric (const RpMetric *m, gboolean costs)
{
  return !m->cost || costs;
}

void
rp_label_cell (RpHtml *c, const RpMetric *m)
{
  g_autofree char *l = rp_esc (rp_metric_label (m, c->lang));
  const char *u = rp_metric_unit (m, c->lang);
  g_string_append_printf (c->h, "<th scope=\"row\">%s <span class=\"ci\">(%s)</span></th>", l, u);
}

/* The staffed beds of the table (somatic, as the region's statistics
 * count them) against the census charts' step (every bed of daily_sites,
 * psychiatric and technical beds too), per day at the region; NaN when
 * either is missing. */
static void
staffed_both (const RpRun *r, double *somatic, double *all)
{
  *somatic = *all = NAN;
  const RpEntity *reg = r->entities->len ? g_ptr_array_index (r->entities, 0) : NULL;
  const RpEst *x = reg ? g_hash_table_lookup (reg->metrics, "staffed_bed_days") : NULL;
  if (x)
    *somatic = x->mean / MAX (1u, r->n_days);
  const RpDaily *d = r->census->len ? g_ptr_array_index (r->census, 0) : NULL;
  if (d == NULL)
    return;
  double sum = 0;
  guint n = 0;
  for (guint i = 0; i < r->n_days; i++)
    if (!isnan (d->staffed[i]))
      {
        sum += d->staffed[i];
        n++;
      }
  if (n)
    *all = sum / n;
}

/* Why the table's staffed beds and the charts' differ, in numbers; NULL
 * when they agree. (transfer full) */
static char *
staffed_note (const RpRun *r, PksLang lang)
{
  double som, all;
  staffed_both (r, &som, &all);
  if (isnan (som) || isnan (all) || fabs (all - som) < 0.5)
    return NULL;
  g_autofree char *a = rp_num (som, 0, lang), *b = rp_num (all, 0, lang);
  return g_strdup_printf (lang == PKS_LANG_EN
                            ? "Staffed beds and occupancy in the tables count the somatic beds, as the "
                              "region's statistics do (%s a day in the region); the census charts' "
                              "steps count every bed, psychiatric and technical (intensive care) beds "
                              "too (%s a day)."
                            : "Disponibla vårdplatser och beläggning i tabellerna räknar de somatiska "
                              "vårdplatserna, som regionens statistik gör (%s per dag i regionen); "
                              "diagrammens trappa räknar alla vårdplatser, även psykiatrins och de "
                              "tekniska (intensivvård) (%s per dag).", a, b);
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
      /* the region and its hospitals: units have a table of their own,
       * flows (--by-flow) are in summary.csv */
      if (!strcmp (e->scope, "region") || !strcmp (e->scope, "site"))
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
  guint nh;
  const RpMetric *hl = rp_headline (&nh);
  for (guint i = 0; i < nh; i++)
    {
      const RpMetric *m = &hl[i];
      if (!show_metric (m, costs))
        continue;
      g_string_append (c->h, "<tr>");
      rp_label_cell (c, m);
      for (guint j = 0; j < cols->len; j++)
        {
          est_cell (c, r, g_ptr_array_index (cols, j), m, NULL, FALSE);
          g_string_append (c->h, "</td>");
        }
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
  g_autofree char *sn = staffed_note (r, c->lang);
  if (sn)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", sn);
  if (!costs)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", c->t->no_costs);
}

/* The run's main results as tiles: the region's figures a manager looks
 * for first, each with its interval. */
static void
key_tiles (RpHtml *c, const RpRun *r)
{
  static const char *const keys[] = { "occupancy_pct", "overcrowded_days", "outlied_days",
                                      "transfers_out", "cancelled_operations", "vg_treatment_pct",
                                      "total_cost" };
  const RpEntity *reg = r->entities->len ? g_ptr_array_index (r->entities, 0) : NULL;
  if (reg == NULL)
    return;
  g_string_append (c->h, "<div class=\"tiles\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const RpMetric *m = rp_metric_info (keys[i]);
      const RpEst *x = g_hash_table_lookup (reg->metrics, keys[i]);
      if (m == NULL || x == NULL || isnan (x->mean) || (m->cost && !(fabs (x->mean) > 0)))
        continue;
      double k = shown_scale (m, r);
      g_autofree char *v = rp_num (x->mean * k, m->decimals, c->lang);
      g_autofree char *iv = rp_interval (x->lo * k, x->hi * k, m->decimals, c->lang);
      g_autofree char *lab = rp_esc_breakable (rp_metric_short (m, c->lang));
      const char *u = rp_metric_unit (m, c->lang);
      g_string_append_printf (c->h, "<div class=\"tile\" data-metric=\"%s\"><span class=\"k\">%s</span>"
                                    "<span class=\"v\">%s</span> %s",
                              m->metric, lab, v, strcmp (u, "st") && strcmp (u, "patients") ? u : "");
      if (*iv && x->hi - x->lo > 1e-12)
        g_string_append_printf (c->h, "<span class=\"ci\">95 %% %s %s</span>",
                                c->lang == PKS_LANG_EN ? "CI" : "KI", iv);
      g_string_append (c->h, "</div>\n");
    }
  g_string_append (c->h, "</div>\n");
}

/* The entities of one scope (units, or units.csv's clinics or areas) as
 * rows, a few key figures as columns (mean ± CI half-width). */
static void
units_table (RpHtml *c, const RpRun *r, const char *scope, const char *head)
{
  static const char *const cols[] = { "occupancy_pct", "overcrowded_days", "outlied_days",
                                      "operations", "cancelled_operations", "waiting_treatment",
                                      "vg_first_visit_pct", "vg_treatment_pct" };
  g_string_append_printf (c->h, "<table class=\"units\">\n<thead><tr><th>%s</th>", head);
  for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
    {
      const RpMetric *m = rp_metric_info (cols[k]);
      g_autofree char *l = rp_esc_breakable (rp_metric_short (m, c->lang));
      g_string_append_printf (c->h, "<th class=\"num\">%s <span class=\"ci\">(%s)</span></th>", l,
                              rp_metric_unit (m, c->lang));
    }
  g_string_append (c->h, "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < r->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (r->entities, i);
      if (strcmp (e->scope, scope))
        continue;
      g_autofree char *n = rp_esc (e->name);
      g_string_append_printf (c->h, "<tr><th scope=\"row\">%s</th>", n);
      for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
        {
          est_cell (c, r, e, rp_metric_info (cols[k]), NULL, TRUE);
          g_string_append (c->h, "</td>");
        }
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
}

/* Per scope a table with the base and each plan side by side; under each
 * plan's value its paired difference from the base. The region shows;
 * the sites fold into <details>. */
void
rp_headline_compare (RpHtml *c)
{
  const RpData *d = c->d;
  gboolean costs = has_costs (d->base);
  for (guint p = 0; p < d->plans->len; p++)
    costs |= has_costs (g_ptr_array_index (d->plans, p));
  g_string_append_printf (c->h, "<p class=\"note\">%s %s</p>\n", c->t->ci_note,
                          c->lang == PKS_LANG_EN
                            ? "Δ: the paired difference plan − base with its 95 % CI."
                            : "Δ: den parvisa skillnaden plan − bas med 95 % KI.");
  const RpRun *b = d->base;
  guint nh;
  const RpMetric *hl = rp_headline (&nh);
  gboolean folded = FALSE;
  for (guint i = 0; i < b->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (b->entities, i);
      if (strcmp (e->scope, "region") && strcmp (e->scope, "site"))
        continue;   /* units and flows (--by-flow) */
      g_autofree char *n = rp_esc (e->name);
      if (strcmp (e->scope, "region") && !folded)
        {
          g_string_append_printf (c->h, "<details class=\"sites\"><summary>%s</summary>\n",
                                  c->lang == PKS_LANG_EN ? "The same per hospital" : "Samma per sjukhus");
          folded = TRUE;
        }
      g_string_append_printf (c->h, "<h3>%s</h3>\n<table class=\"headline compare\">\n<thead><tr><th></th>"
                                    "<th class=\"num\">%s</th>", n, c->t->base);
      for (guint p = 0; p < d->plans->len; p++)
        {
          g_autofree char *pn = rp_esc (g_ptr_array_index (d->plan_names, p));
          g_string_append_printf (c->h, "<th class=\"num\">%s</th>", pn);
        }
      g_string_append (c->h, "</tr></thead>\n<tbody>\n");
      for (guint k = 0; k < nh; k++)
        {
          const RpMetric *m = &hl[k];
          if (!show_metric (m, costs))
            continue;
          g_string_append (c->h, "<tr>");
          rp_label_cell (c, m);
          est_cell (c, b, e, m, "base", FALSE);
          g_string_append (c->h, "</td>");
          for (guint p = 0; p < d->plans->len; p++)
            {
              const RpRun *pr = g_ptr_array_index (d->plans, p);
              const RpEntity *pe = !strcmp (e->scope, "region")
                                     ? g_ptr_array_index (pr->entities, 0) : rp_entity (pr, e->scope, e->name);
              g_autofree char *tag = g_strdup_printf ("%u", p + 1);
              est_cell (c, pr, pe, m, tag, FALSE);
              rp_diff_span (c, b, m, rp_diff (d, p, e->scope, e->name, m->metric));
              g_string_append (c->h, "</td>");
            }
          g_string_append (c->h, "</tr>\n");
        }
      g_string_append (c->h, "</tbody></table>\n");
    }
  if (folded)
    g_string_append (c->h, "</details>\n");
  g_autofree char *sn = staffed_note (b, c->lang);
  if (sn)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n", sn);
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

/* The census caption, with why the step is not the table's staffed beds. */
static char *
census_caption (RpHtml *c, const RpRun *r)
{
  g_autofree char *sn = staffed_note (r, c->lang);
  return sn ? g_strdup_printf ("%s %s", c->t->census_caption, sn) : g_strdup (c->t->census_caption);
}

/* The region and each site: census against staffed beds over the period;
 * in a comparison (its appendix), the base and one plan overlaid. */
void
rp_census_charts (RpHtml *c)
{
  const RpData *d = c->d;
  const RpRun *b = d->base;
  guint rounds = d->compare ? d->plans->len : 1;
  g_autofree char *caption = census_caption (c, b);
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
          double h = 270 + (cc.n - 1) * 18;
          g_autofree char *name = pr ? g_strdup_printf ("census-%s-%s", bd->name,
                                                        (char *) g_ptr_array_index (d->plan_names, p))
                                     : g_strdup_printf ("census-%s", bd->name);
          rp_emit_chart (c, draw_census, &cc, h, title, name, i == 0 ? caption : NULL);
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

void
rp_waiting_charts (RpHtml *c)
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
          rp_emit_chart (c, draw_months, &mc, 250 + (mc.n > 2 ? 18 : 0), title, name,
                         i == 0 ? cap : NULL);
        }
    }
}

/* Share waiting within the guarantee limit per unit: bars with CIs; in a
 * comparison the base and every plan per unit, one chart per guarantee
 * (only: which of them shows is the caller's). */
void
rp_guarantee_chart (RpHtml *c, int which)
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
  int k = which;
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

/* ---- settings in words --------------------------------------------- */

static const char *
setting_value (const RpRun *r, const char *key)
{
  for (guint i = 0; r && i < r->settings->len; i++)
    {
      const RpSetting *s = g_ptr_array_index (r->settings, i);
      if (!strcmp (s->key, key))
        return s->value;
    }
  return NULL;
}

void
rp_settings_words (RpHtml *c, const RpRun *r, const RpRun *against)
{
  gboolean en = c->lang == PKS_LANG_EN;
  GString *rows = g_string_new (NULL);
  const char *group = NULL;
  guint n = 0;
  for (guint i = 0; i < r->settings->len; i++)
    {
      const RpSetting *s = g_ptr_array_index (r->settings, i);
      if (against && (!g_strcmp0 (setting_value (against, s->key), s->value)
                      || !strcmp (s->key, "scenario.name")))
        continue;
      const char *label = pks_setting_label (s->key, c->lang);
      const char *g = pks_setting_group_label (s->key, c->lang);
      g_autofree char *v = pks_setting_value_text (s->key, s->value, c->lang);
      g_autofree char *o = pks_setting_origin_text (s->origin, c->lang);
      g_autofree char *le = rp_esc (label), *ve = rp_esc (v), *oe = rp_esc (o), *ke = rp_esc (s->key);
      if (g && g_strcmp0 (g, group))
        {
          g_autofree char *ge = rp_esc (g);
          g_string_append_printf (rows, "<tr><th colspan=\"3\">%s</th></tr>\n", ge);
          group = g;
        }
      /* a key without words (a newer pks's, say) shows as code, not as a word */
      if (label)
        g_string_append_printf (rows, "<tr><td>%s</td>", le);
      else
        g_string_append_printf (rows, "<tr><td><code>%s</code></td>", ke);
      /* paths are names: code, as the scenario writes them */
      if (g_str_has_prefix (s->key, "tables.") && strcmp (s->key, "tables.changes_inherit")
          && strcmp (s->key, "tables.staffing_inherit"))
        g_string_append_printf (rows, "<td><code>%s</code></td>", ve);
      else
        g_string_append_printf (rows, "<td>%s</td>", ve);
      g_string_append_printf (rows, "<td class=\"origin\">%s</td></tr>\n", oe);
      n++;
    }
  if (n == 0)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n",
                            en ? "The same settings as the base." : "Samma inställningar som basen.");
  else
    g_string_append_printf (c->h, "<table class=\"settings\">\n<thead><tr><th>%s</th><th>%s</th>"
                                  "<th>%s</th></tr></thead>\n<tbody>\n%s</tbody></table>\n",
                            en ? "Setting" : "Inställning", en ? "Value" : "Värde",
                            en ? "Set in" : "Satt i", rows->str);
  g_string_free (rows, TRUE);
}

/* The run's identity in one line: period, warm-up, replications, seed,
 * file, date, version. (transfer full) */
char *
rp_meta_line (RpHtml *c, const RpRun *b, guint reps, gint64 seed, const char *date, const char *file)
{
  gboolean en = c->lang == PKS_LANG_EN;
  char start[11], end[11];
  pks_date_format (b->start, start);
  pks_date_format (b->start + b->n_days - 1, end);
  /* "2025-03-01T14:05:09+01:00" reads as "2025-03-01 14:05" */
  g_autofree char *when = date ? g_strndup (date, 16) : g_strdup ("–");
  if (strlen (when) == 16 && when[10] == 'T')
    when[10] = ' ';
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, en ? "%s – %s (%u days) · warm-up %u days · %u replications · seed %"
                                  G_GINT64_FORMAT
                                : "%s – %s (%u dagar) · insvängning %u dagar · %u replikeringar · "
                                  "slumpfrö %" G_GINT64_FORMAT,
                          start, end, b->n_days, b->warmup_days, reps, seed);
  if (file)
    {
      g_autofree char *fw = rp_file_words (file, c->lang);
      g_string_append_printf (s, " · %s", fw);
    }
  g_string_append_printf (s, en ? " · run %s · pks %s" : " · körd %s · pks %s", when,
                          b->version ? b->version : "");
  return g_string_free (s, FALSE);
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
  /* "95 %" never breaks between the number and its sign (in the text of
   * the body: charts are glyph outlines, the styles come before <main>) */
  const char *body = strstr (c->h->str, "<main>");
  gsize at = body ? (gsize) (body - c->h->str) : 0;
  g_autoptr (GRegex) re = g_regex_new ("([0-9]) %", 0, 0, NULL);
  g_autofree char *tail = g_regex_replace (re, c->h->str + at, -1, 0, "\\1\u00a0%", 0, NULL);
  g_string_truncate (c->h, at);
  g_string_append (c->h, tail);
  return g_string_free (c->h, FALSE);
}

/* A run: the main results first, then the tables and charts behind them,
 * the settings last. */
static void
run_report (RpHtml *c)
{
  const RpRun *b = c->d->base;
  gboolean en = c->lang == PKS_LANG_EN;
  g_autofree char *meta = rp_meta_line (c, b, b->reps, b->seed, b->run_date, b->file);
  rp_header (c, c->t->title_run, b->scenario, meta);

  rp_open_section (c, "findings", c->t->sec_findings, 1);
  key_tiles (c, b);
  rp_findings_run (c->h, b, c->lang, c->vg_target);
  rp_close_section (c);

  rp_open_section (c, "headline", c->t->sec_headline, 0);
  headline_run (c, b);
  rp_close_section (c);

  rp_open_section (c, "census", c->t->sec_census, 0);
  rp_census_charts (c);
  rp_close_section (c);

  rp_open_section (c, "waiting", c->t->sec_waiting, 0);
  rp_waiting_charts (c);
  rp_close_section (c);

  rp_open_section (c, "guarantee", c->t->sec_guarantee, 0);
  rp_guarantee_chart (c, -1);
  rp_close_section (c);

  rp_open_section (c, "units", c->t->sec_units, 0);
  g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n",
                          en ? "Mean ± half-width of the 95 % confidence interval."
                             : "Medelvärde ± halva 95 %-konfidensintervallet.");
  /* units.csv's levels first, when it names them, folded (closed when
   * printed: the printed report keeps its length) */
  gboolean areas = rp_has_scope (b, "area"), clinics = rp_has_scope (b, "clinic");
  if (areas || clinics)
    {
      g_string_append_printf (c->h, "<details><summary>%s</summary>\n",
                              areas && clinics ? (en ? "The same per area and per clinic"
                                                     : "Samma per område och per klinik/centrum")
                              : areas ? (en ? "The same per area" : "Samma per område")
                                      : (en ? "The same per clinic" : "Samma per klinik/centrum"));
      static const char *const levels[] = { "area", "clinic" };
      for (guint k = 0; k < G_N_ELEMENTS (levels); k++)
        if (rp_has_scope (b, levels[k]))
          {
            const char *head = rp_scope_label (levels[k], c->lang);
            g_string_append_printf (c->h, "<h3>%s</h3>\n", head);
            units_table (c, b, levels[k], head);
          }
      g_string_append (c->h, "</details>\n");
    }
  units_table (c, b, "unit", c->t->unit);
  rp_close_section (c);

  rp_balance_section (c, b);

  rp_open_section (c, "settings", c->t->sec_settings, 2);
  rp_settings_words (c, b, NULL);
  rp_close_section (c);
}

static char *
build_html (const RpData *d, const PksReportOptions *opt, PksOutput *png, GError **error)
{
  RpHtml c = { g_string_new (NULL), d, opt->lang, rp_text (opt->lang),
               opt->vg_target_pct > 0 ? opt->vg_target_pct : 100.0, png, 0, NULL, opt->measures,
               opt->balance_units };
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
      rp_optimise_body (&c);
      rp_open_section (&c, "settings", c.t->sec_settings, 2);
      rp_settings_words (&c, d->base, NULL);
      rp_close_section (&c);
    }
  else if (d->compare)
    rp_compare_report (&c);
  else
    run_report (&c);
  return finish_html (&c, error);
}

char *
pks_report_part (const char *dir, const char *part, const PksReportOptions *opt, GError **error)
{
  static const struct {
    const char *name;
    void (*emit) (RpHtml *c);
  } parts[] = {
    { "answer", rp_compare_answer }, { "table", rp_compare_table },
    { "changes", rp_compare_changes }, { "days", rp_compare_days },
  };
  PksReportOptions def = { PKS_LANG_SV, NULL, 100.0, NULL, NULL };
  if (opt == NULL)
    opt = &def;
  guint which = G_N_ELEMENTS (parts);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (strcmp (part, parts[i].name) == 0)
      which = i;
  if (which == G_N_ELEMENTS (parts))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "no part \"%s\" of a comparison's report "
                   "(answer, table, changes, days)", part);
      return NULL;
    }
  g_autoptr (RpData) d = rp_data_load (dir, error);
  if (d == NULL)
    return NULL;
  if (!d->compare)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: not the output folder of a comparison",
                   dir);
      return NULL;
    }
  RpHtml c = { g_string_new (NULL), d, opt->lang, rp_text (opt->lang),
               opt->vg_target_pct > 0 ? opt->vg_target_pct : 100.0, NULL, 0, NULL, opt->measures,
               opt->balance_units };
  g_string_append_printf (c.h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                               "<style>\n%s%s body{background:none;margin:0}"
                               "main{max-width:none;margin:0;padding:0 2px}"
                               "footer{display:none}</style>\n</head>\n<body>\n<main>\n",
                          c.t->code, rp_css, rp_plans_css);
  parts[which].emit (&c);
  /* the footer is hidden: it names the report, which a part is not */
  return finish_html (&c, error);
}

gboolean
pks_report_write (const char *dir, const char *html_path, const PksReportOptions *opt,
                  GError **error)
{
  PksReportOptions def = { PKS_LANG_SV, NULL, 100.0, NULL, NULL };
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
