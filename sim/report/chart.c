/* chart.c — charts drawn with cairo: the frame (title, legend, axes,
 * ticks), marks (line, band, step, reference line), horizontal bars and
 * forest plots, and their rendering to inline SVG and to PNG. Text uses
 * cairo's toy API with the generic "sans-serif" family; cairo's SVG
 * surface turns it into glyph outlines, so the SVG needs no font. */
#include "chart.h"
#include "pks/stats/stats.h"

#include <cairo-svg.h>
#include <math.h>
#include <string.h>

/* Colour has one meaning in every report: green better, red worse, grey
 * no sure difference (verdicts only), ink for a figure without a better
 * direction; series (base, plans) take blue, orange, purple, brown, pink
 * and never green, red or grey; the target line is ink, dashed. */
const PksRgb pks_col_base = { 0.12, 0.37, 0.66 };
const PksRgb pks_col_plan[4] = { { 0.85, 0.45, 0.10 }, { 0.50, 0.30, 0.66 },
                                 { 0.55, 0.36, 0.20 }, { 0.80, 0.35, 0.60 } };
const PksRgb pks_col_second = { 0.45, 0.65, 0.85 };
const PksRgb pks_col_ink = { 0.13, 0.13, 0.13 };
const PksRgb pks_col_grid = { 0.88, 0.88, 0.88 };
const PksRgb pks_col_staffed = { 0.15, 0.15, 0.15 };
const PksRgb pks_col_target = { 0.13, 0.13, 0.13 };
const PksRgb pks_col_better = { 0.16, 0.55, 0.32 };
const PksRgb pks_col_worse = { 0.78, 0.20, 0.16 };
const PksRgb pks_col_unsure = { 0.58, 0.58, 0.58 };
const PksRgb pks_col_neutral = { 0.13, 0.13, 0.13 };

#define FONT "sans-serif"
#define TICK_SIZE 10.0
#define LABEL_SIZE 11.0
#define TITLE_SIZE 13.0

static void
set_rgb (cairo_t *cr, PksRgb c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

/* ---- rendering ---------------------------------------------------- */

static cairo_status_t
to_gstring (void *closure, const unsigned char *data, unsigned int len)
{
  g_string_append_len (closure, (const char *) data, len);
  return CAIRO_STATUS_SUCCESS;
}

/* cairo numbers surfaces (and some other ids) with process-wide counters:
 * renumber them in order of appearance so a chart's SVG text depends only
 * on the chart, and `pks report DIR` reproduces a report byte for byte. */
static gboolean
renumber (const GMatchInfo *mi, GString *out, gpointer user)
{
  GHashTable *seen = user;
  g_autofree char *kind = g_match_info_fetch (mi, 1);
  g_autofree char *whole = g_match_info_fetch (mi, 0);
  gpointer n = g_hash_table_lookup (seen, whole);
  if (n == NULL)
    {
      n = GUINT_TO_POINTER (g_hash_table_size (seen) + 1);
      g_hash_table_insert (seen, g_strdup (whole), n);
    }
  g_string_append_printf (out, "%s%u", kind, GPOINTER_TO_UINT (n));
  return FALSE;
}

static char *
escape_attr (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

char *
pks_chart_svg (PksChartDraw draw, gpointer data, double w, double h, const char *prefix,
               const char *title)
{
  GString *svg = g_string_new (NULL);
  cairo_surface_t *s = cairo_svg_surface_create_for_stream (to_gstring, svg, w, h);
  cairo_svg_surface_restrict_to_version (s, CAIRO_SVG_VERSION_1_1);
  cairo_t *cr = cairo_create (s);
  draw (cr, w, h, data);
  cairo_destroy (cr);
  cairo_surface_finish (s);
  cairo_surface_destroy (s);

  /* strip the XML prolog: the element goes inline into HTML */
  const char *start = strstr (svg->str, "<svg");
  g_autofree char *body = g_strdup (start ? start : "");
  g_string_free (svg, TRUE);

  /* ids are document-wide in HTML: give this chart's glyphs, clips and
   * patterns their own names, and let CSS size the picture */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GRegex) counters = g_regex_new ("\\b(surface|clip|pattern|mask|image|source|filter)([0-9]+)\\b",
                                             0, 0, NULL);
  g_autofree char *stable = g_regex_replace_eval (counters, body, -1, 0, 0, renumber, seen, NULL);
  g_autofree char *id_sub = g_strdup_printf ("\\1%s-", prefix);
  g_autoptr (GRegex) ids = g_regex_new ("(id=\"|xlink:href=\"#|url\\(#)", 0, 0, NULL);
  g_autofree char *renamed = g_regex_replace (ids, stable, -1, 0, id_sub, 0, NULL);
  g_autoptr (GRegex) size = g_regex_new ("^<svg([^>]*?) width=\"[^\"]*\" height=\"[^\"]*\"",
                                         0, 0, NULL);
  g_autofree char *t = escape_attr (title);
  g_autofree char *root = g_strdup_printf ("<svg class=\"chart\" role=\"img\" aria-label=\"%s\"\\1",
                                           t);
  return g_regex_replace (size, renamed, -1, 0, root, G_REGEX_MATCH_ANCHORED, NULL);
}

static cairo_status_t
to_file (void *closure, const unsigned char *data, unsigned int len)
{
  return fwrite (data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
pks_chart_png (PksChartDraw draw, gpointer data, double w, double h, double scale, FILE *f)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (w * scale),
                                                   (int) ceil (h * scale));
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);   /* slides want an opaque background */
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  draw (cr, w, h, data);
  cairo_destroy (cr);
  cairo_status_t st = cairo_surface_write_to_png_stream (s, to_file, f);
  cairo_surface_destroy (s);
  return st == CAIRO_STATUS_SUCCESS;
}

/* ---- numbers and text --------------------------------------------- */

char *
pks_chart_fmt (double v, int decimals, gboolean sv)
{
  return pks_number_text (v, decimals, sv);
}

static void
font (cairo_t *cr, double size, gboolean bold)
{
  cairo_select_font_face (cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

double
pks_chart_text_width (cairo_t *cr, const char *text, double size, gboolean bold)
{
  cairo_text_extents_t ex;
  font (cr, size, bold);
  cairo_text_extents (cr, text, &ex);
  return ex.x_advance;
}

double
pks_chart_text (cairo_t *cr, double x, double y, const char *text, double size, double ha,
                double va, gboolean bold)
{
  double tw = pks_chart_text_width (cr, text, size, bold);
  /* cap height about 0.72 em: centre on it rather than on the box */
  double cap = 0.72 * size;
  cairo_move_to (cr, x - ha * tw, y + cap * (1.0 - va));
  cairo_show_text (cr, text);
  return tw;
}

/* Fit text into max_w by cutting it with an ellipsis. */
static char *
fit (cairo_t *cr, const char *text, double size, double max_w)
{
  if (pks_chart_text_width (cr, text, size, FALSE) <= max_w)
    return g_strdup (text);
  glong n = g_utf8_strlen (text, -1);
  while (n > 1)
    {
      n--;
      g_autofree char *cut = g_utf8_substring (text, 0, n);
      char *t = g_strconcat (cut, "…", NULL);
      if (pks_chart_text_width (cr, t, size, FALSE) <= max_w)
        return t;
      g_free (t);
    }
  return g_strdup ("…");
}

/* ---- ticks -------------------------------------------------------- */

void
pks_ticks_nice (PksTicks *t, double *lo, double *hi, int target, gboolean sv)
{
  memset (t, 0, sizeof *t);
  if (!(*hi > *lo))
    *hi = *lo + 1.0;
  double raw = (*hi - *lo) / MAX (1, target);
  double mag = pow (10.0, floor (log10 (raw)));
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double step = 10 * mag;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= raw)
      {
        step = steps[i] * mag;
        break;
      }
  *lo = floor (*lo / step + 1e-9) * step;
  *hi = ceil (*hi / step - 1e-9) * step;
  int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  if (fmod (step * pow (10, decimals), 1.0) > 1e-9)
    decimals++;   /* 2.5 × 10^k */
  for (double v = *lo; v <= *hi + step * 1e-6 && t->n < PKS_TICKS_MAX; v += step)
    {
      double x = fabs (v) < step * 1e-9 ? 0.0 : v;
      t->pos[t->n] = t->label_pos[t->n] = x;
      g_autofree char *s = pks_chart_fmt (x, decimals, sv);
      g_strlcpy (t->label[t->n], s, sizeof t->label[0]);
      t->n++;
    }
}

void
pks_ticks_months (PksTicks *t, PksDate start, guint n_days, const char *const names[12])
{
  memset (t, 0, sizeof *t);
  guint d = 0;
  while (d < n_days && t->n < PKS_TICKS_MAX)
    {
      PksDate date = start + d;
      guint left = (guint) (pks_date_days_in_month (date) - pks_date_day (date) + 1);
      guint end = MIN (n_days, d + left);
      t->pos[t->n] = d;
      t->label_pos[t->n] = (d + end) / 2.0;
      /* a sliver of a month gets a tick but no label */
      if (end - d >= 10)
        g_strlcpy (t->label[t->n], names[pks_date_month (date) - 1], sizeof t->label[0]);
      t->n++;
      d = end;
    }
}

/* ---- the plot frame ------------------------------------------------ */

void
pks_plot_init (PksPlot *p, cairo_t *cr, double w, double h, const char *title,
               guint ylabel_chars)
{
  memset (p, 0, sizeof *p);
  p->cr = cr;
  p->w = w;
  p->h = h;
  double top = 8;
  if (title && *title)
    {
      set_rgb (cr, pks_col_ink);
      pks_chart_text (cr, 8, top, title, TITLE_SIZE, 0, 0, TRUE);
      top += TITLE_SIZE + 8;
    }
  p->legend_y = top;
  p->x0 = 22 + ylabel_chars * 6.2 + 6;
  p->x1 = w - 44;
  p->y0 = top + 8;
  p->y1 = h - 40;
  p->xmin = 0;
  p->xmax = 1;
  p->ymin = 0;
  p->ymax = 1;
}

void
pks_plot_set_range (PksPlot *p, double xmin, double xmax, double ymin, double ymax)
{
  p->xmin = xmin;
  p->xmax = xmax > xmin ? xmax : xmin + 1;
  p->ymin = ymin;
  p->ymax = ymax > ymin ? ymax : ymin + 1;
}

double
pks_plot_x (const PksPlot *p, double x)
{
  return p->x0 + (x - p->xmin) / (p->xmax - p->xmin) * (p->x1 - p->x0);
}

double
pks_plot_y (const PksPlot *p, double y)
{
  return p->y1 - (y - p->ymin) / (p->ymax - p->ymin) * (p->y1 - p->y0);
}

void
pks_plot_axes (PksPlot *p, const PksTicks *xt, const PksTicks *yt, const char *xlabel,
               const char *ylabel)
{
  cairo_t *cr = p->cr;
  cairo_save (cr);
  cairo_set_line_width (cr, 0.6);
  for (guint i = 0; yt && i < yt->n; i++)
    {
      double y = round (pks_plot_y (p, yt->pos[i])) + 0.5;
      set_rgb (cr, pks_col_grid);
      cairo_move_to (cr, p->x0, y);
      cairo_line_to (cr, p->x1, y);
      cairo_stroke (cr);
      set_rgb (cr, pks_col_ink);
      pks_chart_text (cr, p->x0 - 5, y, yt->label[i], TICK_SIZE, 1, 0.5, FALSE);
    }
  for (guint i = 0; xt && i < xt->n; i++)
    {
      double x = round (pks_plot_x (p, xt->pos[i])) + 0.5;
      set_rgb (cr, pks_col_grid);
      cairo_move_to (cr, x, p->y0);
      cairo_line_to (cr, x, p->y1 + 4);
      cairo_stroke (cr);
      set_rgb (cr, pks_col_ink);
      if (xt->label[i][0])
        pks_chart_text (cr, pks_plot_x (p, xt->label_pos[i]), p->y1 + 6, xt->label[i], TICK_SIZE,
                        0.5, 0, FALSE);
    }
  /* the frame's left and bottom edges */
  set_rgb (cr, pks_col_ink);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, p->x0, p->y0);
  cairo_line_to (cr, p->x0, p->y1);
  cairo_line_to (cr, p->x1, p->y1);
  cairo_stroke (cr);
  if (xlabel)
    pks_chart_text (cr, (p->x0 + p->x1) / 2, p->h - 6, xlabel, LABEL_SIZE, 0.5, 1, FALSE);
  if (ylabel)
    {
      cairo_save (cr);
      cairo_translate (cr, 12, (p->y0 + p->y1) / 2);
      cairo_rotate (cr, -G_PI / 2);
      pks_chart_text (cr, 0, 0, ylabel, LABEL_SIZE, 0.5, 0.5, FALSE);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

static void
clip_to_plot (PksPlot *p)
{
  cairo_rectangle (p->cr, p->x0, p->y0 - 1, p->x1 - p->x0 + 1, p->y1 - p->y0 + 2);
  cairo_clip (p->cr);
}

static void
stroke_style (cairo_t *cr, PksRgb c, double width, gboolean dashed)
{
  set_rgb (cr, c);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  static const double dash[] = { 5.0, 3.0 };
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
}

void
pks_plot_line (PksPlot *p, const double *x, const double *y, guint n, PksRgb c, double width,
               gboolean dashed)
{
  cairo_t *cr = p->cr;
  cairo_save (cr);
  clip_to_plot (p);
  stroke_style (cr, c, width, dashed);
  gboolean pen = FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (isnan (y[i]))
        {
          pen = FALSE;
          continue;
        }
      if (pen)
        cairo_line_to (cr, pks_plot_x (p, x[i]), pks_plot_y (p, y[i]));
      else
        cairo_move_to (cr, pks_plot_x (p, x[i]), pks_plot_y (p, y[i]));
      pen = TRUE;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* One run of the band, [a, b), without NaN. */
static void
band_run (PksPlot *p, const double *x, const double *lo, const double *hi, guint a, guint b)
{
  cairo_t *cr = p->cr;
  cairo_move_to (cr, pks_plot_x (p, x[a]), pks_plot_y (p, hi[a]));
  for (guint i = a + 1; i < b; i++)
    cairo_line_to (cr, pks_plot_x (p, x[i]), pks_plot_y (p, hi[i]));
  for (guint i = b; i-- > a;)
    cairo_line_to (cr, pks_plot_x (p, x[i]), pks_plot_y (p, lo[i]));
  cairo_close_path (cr);
}

void
pks_plot_band (PksPlot *p, const double *x, const double *lo, const double *hi, guint n,
               PksRgb c, double alpha)
{
  cairo_t *cr = p->cr;
  cairo_save (cr);
  clip_to_plot (p);
  guint a = 0;
  while (a < n)
    {
      while (a < n && (isnan (lo[a]) || isnan (hi[a])))
        a++;
      guint b = a;
      while (b < n && !isnan (lo[b]) && !isnan (hi[b]))
        b++;
      if (b > a)
        band_run (p, x, lo, hi, a, b);
      a = b;
    }
  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
pks_plot_step (PksPlot *p, const double *x, const double *y, guint n, double x_end, PksRgb c,
               double width, gboolean dashed)
{
  if (n == 0)
    return;
  cairo_t *cr = p->cr;
  cairo_save (cr);
  clip_to_plot (p);
  stroke_style (cr, c, width, dashed);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_move_to (cr, pks_plot_x (p, x[0]), pks_plot_y (p, y[0]));
  for (guint i = 1; i < n; i++)
    {
      if (y[i] == y[i - 1])
        continue;
      cairo_line_to (cr, pks_plot_x (p, x[i]), pks_plot_y (p, y[i - 1]));
      cairo_line_to (cr, pks_plot_x (p, x[i]), pks_plot_y (p, y[i]));
    }
  cairo_line_to (cr, pks_plot_x (p, x_end), pks_plot_y (p, y[n - 1]));
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
pks_plot_hline (PksPlot *p, double y, PksRgb c, gboolean dashed, const char *label)
{
  cairo_t *cr = p->cr;
  if (y < p->ymin || y > p->ymax)
    return;
  cairo_save (cr);
  stroke_style (cr, c, 1.2, dashed);
  double py = pks_plot_y (p, y);
  cairo_move_to (cr, p->x0, py);
  cairo_line_to (cr, p->x1, py);
  cairo_stroke (cr);
  if (label)
    pks_chart_text (cr, p->x1 + 3, py, label, TICK_SIZE, 0, 0.5, TRUE);
  cairo_restore (cr);
}

void
pks_plot_note (PksPlot *p, double x, double y, const char *text, PksRgb c)
{
  cairo_t *cr = p->cr;
  cairo_save (cr);
  set_rgb (cr, c);
  double px = pks_plot_x (p, x), py = pks_plot_y (p, y);
  double tw = pks_chart_text_width (cr, text, TICK_SIZE, FALSE);
  double ha = px + tw + 4 > p->x1 ? 1.0 : 0.0;
  cairo_arc (cr, px, py, 2.5, 0, 2 * G_PI);
  cairo_fill (cr);
  pks_chart_text (cr, px + (ha > 0 ? -5 : 5), MAX (p->y0 + 6, py - 8), text, TICK_SIZE, ha, 0.5,
                  FALSE);
  cairo_restore (cr);
}

static void
legend_swatch (cairo_t *cr, double x, double y, const PksLegendItem *it)
{
  cairo_save (cr);
  switch (it->mark)
    {
    case PKS_MARK_BAND:
      cairo_set_source_rgba (cr, it->color.r, it->color.g, it->color.b, 0.3);
      cairo_rectangle (cr, x, y - 5, 22, 10);
      cairo_fill (cr);
      break;
    case PKS_MARK_BAR:
      set_rgb (cr, it->color);
      cairo_rectangle (cr, x + 4, y - 5, 14, 10);
      cairo_fill (cr);
      break;
    case PKS_MARK_STEP:
      stroke_style (cr, it->color, 1.5, FALSE);
      cairo_move_to (cr, x, y + 3);
      cairo_line_to (cr, x + 11, y + 3);
      cairo_line_to (cr, x + 11, y - 3);
      cairo_line_to (cr, x + 22, y - 3);
      cairo_stroke (cr);
      break;
    default:
      stroke_style (cr, it->color, 2.0, it->mark == PKS_MARK_DASHED);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 22, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
pks_plot_legend (PksPlot *p, const PksLegendItem *items, guint n)
{
  cairo_t *cr = p->cr;
  double left = MIN (p->x0, 60.0), x = left, y = p->legend_y + 7;
  gboolean any = FALSE, brk = FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (items[i].label == NULL)
        {
          brk = TRUE;   /* a forced line break before the next entry */
          continue;
        }
      double tw = pks_chart_text_width (cr, items[i].label, TICK_SIZE, FALSE);
      if (x > left && (brk || x + 28 + tw > p->w - 8))
        {
          x = left;
          y += 16;
        }
      legend_swatch (cr, x, y, &items[i]);
      set_rgb (cr, pks_col_ink);
      pks_chart_text (cr, x + 27, y, items[i].label, TICK_SIZE, 0, 0.5, FALSE);
      x += 27 + tw + 16;
      any = TRUE;
      brk = FALSE;
    }
  if (any)
    {
      /* the plot area starts under the legend */
      p->legend_y = y + 9;
      p->y0 = MAX (p->y0, p->legend_y + 10);
    }
}

/* ---- horizontal bars ----------------------------------------------- */

#define HB_BAR 11.0
#define HB_GAP 9.0
#define HB_TOP 56.0
#define HB_BOTTOM 42.0

double
pks_hbars_height (const PksHBars *b)
{
  return HB_TOP + b->n_cat * (b->n_series * HB_BAR + HB_GAP) + HB_BOTTOM;
}

void
pks_hbars_draw (cairo_t *cr, double w, double h, gpointer data)
{
  const PksHBars *b = data;
  PksPlot p;
  pks_plot_init (&p, cr, w, h, b->title, 0);
  /* category labels take the left third at most */
  double lw = 0;
  for (guint c = 0; c < b->n_cat; c++)
    lw = MAX (lw, pks_chart_text_width (cr, b->categories[c], LABEL_SIZE - 1, FALSE));
  lw = MIN (lw, w / 3);
  p.x0 = 10 + lw + 8;
  p.x1 = w - 70;
  g_autofree PksLegendItem *leg = g_new0 (PksLegendItem, b->n_series + 1);
  for (guint s = 0; s < b->n_series; s++)
    leg[s] = (PksLegendItem) { PKS_MARK_BAR, b->colors[s], b->series[s] };
  guint nl = b->n_series;
  if (!isnan (b->target) && b->target_label)
    leg[nl++] = (PksLegendItem) { PKS_MARK_DASHED, pks_col_target, b->target_label };
  pks_plot_legend (&p, leg, nl);
  p.y1 = h - HB_BOTTOM;
  double lo = 0, hi = b->xmax;
  PksTicks xt;
  pks_ticks_nice (&xt, &lo, &hi, 5, b->swedish);
  pks_plot_set_range (&p, lo, hi, 0, 1);
  pks_plot_axes (&p, &xt, NULL, b->xlabel, NULL);

  double y = p.y0 + HB_GAP / 2;
  for (guint c = 0; c < b->n_cat; c++)
    {
      double gh = b->n_series * HB_BAR;
      set_rgb (cr, pks_col_ink);
      g_autofree char *lab = fit (cr, b->categories[c], LABEL_SIZE - 1, lw);
      pks_chart_text (cr, p.x0 - 6, y + gh / 2, lab, LABEL_SIZE - 1, 1, 0.5, FALSE);
      for (guint s = 0; s < b->n_series; s++)
        {
          gsize i = (gsize) c * b->n_series + s;
          double v = b->value[i], by = y + s * HB_BAR;
          if (isnan (v))
            continue;
          set_rgb (cr, b->colors[s]);
          cairo_rectangle (cr, p.x0, by + 1, pks_plot_x (&p, MIN (v, hi)) - p.x0, HB_BAR - 2);
          cairo_fill (cr);
          double wl = b->lo ? b->lo[i] : NAN, wh = b->hi ? b->hi[i] : NAN;
          if (!isnan (wl) && !isnan (wh) && wh > wl)
            {
              /* the 95 % CI whisker */
              set_rgb (cr, pks_col_ink);
              cairo_set_line_width (cr, 1.0);
              double x0 = pks_plot_x (&p, MAX (lo, wl)), x1 = pks_plot_x (&p, MIN (hi, wh));
              double cy = by + HB_BAR / 2;
              cairo_move_to (cr, x0, cy);
              cairo_line_to (cr, x1, cy);
              cairo_move_to (cr, x0, cy - 3);
              cairo_line_to (cr, x0, cy + 3);
              cairo_move_to (cr, x1, cy - 3);
              cairo_line_to (cr, x1, cy + 3);
              cairo_stroke (cr);
            }
          g_autofree char *txt = pks_chart_fmt (v, b->decimals, b->swedish);
          set_rgb (cr, pks_col_ink);
          double tx = pks_plot_x (&p, MIN (hi, isnan (wh) ? v : MAX (v, wh))) + 4;
          pks_chart_text (cr, tx, by + HB_BAR / 2, txt, TICK_SIZE - 1, 0, 0.5, FALSE);
        }
      y += gh + HB_GAP;
    }
  if (!isnan (b->target) && b->target >= lo && b->target <= hi)
    {
      cairo_save (cr);
      stroke_style (cr, pks_col_target, 1.4, TRUE);
      double tx = pks_plot_x (&p, b->target);
      cairo_move_to (cr, tx, p.y0);
      cairo_line_to (cr, tx, p.y1);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* ---- forest plot ---------------------------------------------------- */

#define FO_ROW 20.0
#define FO_TOP 56.0
#define FO_BOTTOM 42.0

double
pks_forest_height (const PksForest *f)
{
  /* a reference line's legend entry may take a second legend row */
  return FO_TOP + (f->ref_label ? 16 : 0) + MAX (1u, f->n) * FO_ROW + FO_BOTTOM;
}

void
pks_forest_draw (cairo_t *cr, double w, double h, gpointer data)
{
  const PksForest *f = data;
  PksPlot p;
  pks_plot_init (&p, cr, w, h, f->title, 0);
  double lw = 0, vw = 0;
  for (guint i = 0; i < f->n; i++)
    {
      lw = MAX (lw, pks_chart_text_width (cr, f->rows[i].label, LABEL_SIZE - 1, FALSE));
      if (f->rows[i].value_text)
        vw = MAX (vw, pks_chart_text_width (cr, f->rows[i].value_text, TICK_SIZE, FALSE));
    }
  lw = MIN (lw, w * 0.34);
  vw = MIN (vw, w * 0.30);
  p.x0 = 10 + lw + 10;
  p.x1 = w - vw - 16;
  /* the legend names only the colours drawn */
  gboolean used[4] = { FALSE, FALSE, FALSE, FALSE };
  for (guint i = 0; i < f->n; i++)
    used[f->rows[i].verdict > 1 ? 3 : f->rows[i].verdict > 0 ? 0 : f->rows[i].verdict < 0 ? 1 : 2] = TRUE;
  PksLegendItem all[] = { { PKS_MARK_BAR, pks_col_better, f->better },
                          { PKS_MARK_BAR, pks_col_worse, f->worse },
                          { PKS_MARK_BAR, pks_col_unsure, f->neither },
                          { PKS_MARK_BAR, pks_col_neutral, f->neutral } };
  PksLegendItem leg[5];
  guint nl = 0;
  for (guint k = 0; k < 4; k++)
    if (used[k] && all[k].label)
      leg[nl++] = all[k];
  if (f->ref_label)
    leg[nl++] = (PksLegendItem) { PKS_MARK_DASHED, pks_col_ink, f->ref_label };
  pks_plot_legend (&p, leg, nl);
  p.y1 = h - FO_BOTTOM;
  double lo, hi;
  if (f->ref_label)
    {
      /* estimates: the axis spans every interval and the reference's */
      lo = hi = f->ref;
      if (!isnan (f->ref_lo) && !isnan (f->ref_hi))
        {
          lo = MIN (lo, f->ref_lo);
          hi = MAX (hi, f->ref_hi);
        }
      for (guint i = 0; i < f->n; i++)
        {
          const PksForestRow *r = &f->rows[i];
          const double v[] = { r->mean, r->lo, r->hi };
          for (guint k = 0; k < G_N_ELEMENTS (v); k++)
            if (!isnan (v[k]))
              {
                lo = MIN (lo, v[k]);
                hi = MAX (hi, v[k]);
              }
        }
      double pad = hi > lo ? 0.05 * (hi - lo) : MAX (1.0, fabs (lo) * 0.05);
      lo -= pad;
      hi += pad;
    }
  else
    {
      /* a symmetric axis keeps zero in the middle: left is less, right more */
      double m = 0;
      for (guint i = 0; i < f->n; i++)
        {
          const PksForestRow *r = &f->rows[i];
          if (!isnan (r->lo))
            m = MAX (m, MAX (fabs (r->lo), fabs (r->hi)));
          else if (!isnan (r->mean))
            m = MAX (m, fabs (r->mean));
        }
      if (m <= 0)
        m = 1;
      lo = -m * 1.05;
      hi = m * 1.05;
    }
  PksTicks xt;
  /* more ticks on a fitted axis: whole steps would otherwise widen it much */
  pks_ticks_nice (&xt, &lo, &hi, f->ref_label ? 8 : 6, f->swedish);
  pks_plot_set_range (&p, lo, hi, 0, 1);
  pks_plot_axes (&p, &xt, NULL, f->xlabel, NULL);

  cairo_save (cr);
  if (f->ref_label && !isnan (f->ref_lo) && !isnan (f->ref_hi) && f->ref_hi > f->ref_lo)
    {
      double x0 = pks_plot_x (&p, MAX (lo, f->ref_lo)), x1 = pks_plot_x (&p, MIN (hi, f->ref_hi));
      cairo_set_source_rgba (cr, pks_col_ink.r, pks_col_ink.g, pks_col_ink.b, 0.07);
      cairo_rectangle (cr, x0, p.y0, x1 - x0, p.y1 - p.y0);
      cairo_fill (cr);
    }
  stroke_style (cr, pks_col_ink, f->ref_label ? 1.4 : 1.0, f->ref_label != NULL);
  double zx = round (pks_plot_x (&p, f->ref_label ? f->ref : 0)) + 0.5;
  cairo_move_to (cr, zx, p.y0);
  cairo_line_to (cr, zx, p.y1);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; i < f->n; i++)
    {
      const PksForestRow *r = &f->rows[i];
      double rh = (p.y1 - p.y0) / MAX (1u, f->n);
      double cy = p.y0 + (i + 0.5) * rh;
      if (i % 2 == 1)
        {
          cairo_set_source_rgba (cr, 0, 0, 0, 0.035);
          cairo_rectangle (cr, 4, cy - rh / 2, w - 8, rh);
          cairo_fill (cr);
        }
      set_rgb (cr, pks_col_ink);
      g_autofree char *lab = fit (cr, r->label, LABEL_SIZE - 1, lw);
      pks_chart_text (cr, p.x0 - 8, cy, lab, LABEL_SIZE - 1, 1, 0.5, FALSE);
      if (r->value_text)
        pks_chart_text (cr, p.x1 + 8, cy, r->value_text, TICK_SIZE, 0, 0.5, FALSE);
      if (isnan (r->mean))
        continue;
      PksRgb c = r->verdict > 1 ? pks_col_neutral : r->verdict > 0 ? pks_col_better
                 : r->verdict < 0 ? pks_col_worse : pks_col_unsure;
      set_rgb (cr, c);
      cairo_set_line_width (cr, 1.6);
      if (!isnan (r->lo) && !isnan (r->hi))
        {
          double x0 = pks_plot_x (&p, r->lo), x1 = pks_plot_x (&p, r->hi);
          cairo_move_to (cr, x0, cy);
          cairo_line_to (cr, x1, cy);
          cairo_move_to (cr, x0, cy - 4);
          cairo_line_to (cr, x0, cy + 4);
          cairo_move_to (cr, x1, cy - 4);
          cairo_line_to (cr, x1, cy + 4);
          cairo_stroke (cr);
        }
      double cx = pks_plot_x (&p, r->mean);
      cairo_rectangle (cr, cx - 4, cy - 4, 8, 8);
      cairo_fill (cr);
    }
}
