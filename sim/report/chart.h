/* chart.h — charts drawn with cairo (not public API): a plot frame with
 * axes, ticks and legend, and the marks reports need (line, band, step,
 * reference lines, horizontal bars with CI whiskers, forest plots). A chart
 * is a draw callback, rendered to SVG for HTML and to PNG for slides, so
 * both show the same picture. Shared by the run, compare and optimise
 * reports. */
#ifndef PKS_CHART_H
#define PKS_CHART_H

#include <cairo.h>
#include <glib.h>
#include <stdio.h>
#include "pks/core/clock.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b;
} PksRgb;

/* Draws a whole chart of w × h units (points in SVG, pixels / scale in PNG). */
typedef void (*PksChartDraw) (cairo_t *cr, double w, double h, gpointer data);

/* The chart as an inline <svg> element (cairo's SVG surface output without
 * its XML prolog; width and height left to CSS, every id prefixed with
 * id_prefix so several charts can share one HTML document; aria-label
 * title). (transfer full) */
char *pks_chart_svg (PksChartDraw draw, gpointer data, double w, double h, const char *id_prefix,
                     const char *title);
/* The chart as PNG at scale pixels per unit, written to f. */
gboolean pks_chart_png (PksChartDraw draw, gpointer data, double w, double h, double scale,
                        FILE *f);

/* Numbers as people read them: decimals fixed, thousands grouped, Swedish
 * (decimal comma, no-break-space groups, U+2212 minus) or English. */
char *pks_chart_fmt (double v, int decimals, gboolean swedish);

/* Text with its anchor: halign 0 left, 0.5 centre, 1 right; valign 0 top,
 * 0.5 middle, 1 baseline-ish bottom. Returns the width drawn. */
double pks_chart_text (cairo_t *cr, double x, double y, const char *text, double size,
                       double halign, double valign, gboolean bold);
double pks_chart_text_width (cairo_t *cr, const char *text, double size, gboolean bold);

#define PKS_TICKS_MAX 64
typedef struct {
  guint n;
  double pos[PKS_TICKS_MAX];          /* where the tick and grid line go */
  double label_pos[PKS_TICKS_MAX];    /* where its label is centred */
  char label[PKS_TICKS_MAX][24];
} PksTicks;

/* About target ticks covering [lo, hi] in steps of 1, 2, 2.5 or 5 × 10^k;
 * *lo and *hi are widened to whole steps. */
void pks_ticks_nice (PksTicks *t, double *lo, double *hi, int target, gboolean swedish);
/* Month ticks for a day axis (x = day index from start): a tick at each
 * month's first day, the label (names[month-1]) centred in the month. */
void pks_ticks_months (PksTicks *t, PksDate start, guint n_days, const char *const names[12]);

/* A plot frame: the plot area inside a chart and the data ranges. */
typedef struct {
  cairo_t *cr;
  double w, h;                        /* whole chart */
  double x0, y0, x1, y1;              /* plot area (y0 top, y1 bottom) */
  double xmin, xmax, ymin, ymax;
  double legend_y;                    /* next free line for the legend */
} PksPlot;

/* Lay out a chart: title on top, y tick labels as wide as ylabel_chars
 * characters. A legend, if any, comes next (pks_plot_legend), then the
 * range and axes. */
void pks_plot_init (PksPlot *p, cairo_t *cr, double w, double h, const char *title,
                    guint ylabel_chars);
void pks_plot_set_range (PksPlot *p, double xmin, double xmax, double ymin, double ymax);
double pks_plot_x (const PksPlot *p, double x);
double pks_plot_y (const PksPlot *p, double y);
/* Grid, ticks, tick labels and axis titles (with units). */
void pks_plot_axes (PksPlot *p, const PksTicks *xt, const PksTicks *yt, const char *xlabel,
                    const char *ylabel);
/* A polyline; NaN values break it. */
void pks_plot_line (PksPlot *p, const double *x, const double *y, guint n, PksRgb c,
                    double width, gboolean dashed);
/* The area between lo and hi (a p10–p90 band); NaN breaks it. */
void pks_plot_band (PksPlot *p, const double *x, const double *lo, const double *hi, guint n,
                    PksRgb c, double alpha);
/* A step line: y[i] holds from x[i] to x[i+1] (the last to x_end). */
void pks_plot_step (PksPlot *p, const double *x, const double *y, guint n, double x_end,
                    PksRgb c, double width, gboolean dashed);
/* A horizontal reference line with an optional label at its right end. */
void pks_plot_hline (PksPlot *p, double y, PksRgb c, gboolean dashed, const char *label);
/* A short text at data point (x, y), inside the plot area. */
void pks_plot_note (PksPlot *p, double x, double y, const char *text, PksRgb c);

typedef enum { PKS_MARK_LINE, PKS_MARK_DASHED, PKS_MARK_BAND, PKS_MARK_BAR, PKS_MARK_STEP } PksMark;
typedef struct {
  PksMark mark;
  PksRgb color;
  const char *label;
} PksLegendItem;
/* Legend entries in rows under the title, wrapping as needed (an entry
 * with a NULL label breaks the row); the plot area moves down under it. */
void pks_plot_legend (PksPlot *p, const PksLegendItem *items, guint n);

/* Horizontal bars per category and series, each with its CI whisker, on a
 * value axis from 0 to xmax, with a labelled vertical target line. */
typedef struct {
  const char *title, *xlabel;
  guint n_cat, n_series;
  const char *const *categories;
  const char *const *series;
  const PksRgb *colors;
  const double *value, *lo, *hi;      /* [cat * n_series + series], NaN = none */
  double xmax;
  double target;                      /* NaN = no line */
  const char *target_label;
  gboolean swedish;
  int decimals;                       /* of the value printed after each bar */
} PksHBars;
void pks_hbars_draw (cairo_t *cr, double w, double h, gpointer hbars);
/* The height a PksHBars chart needs. */
double pks_hbars_height (const PksHBars *b);

/* A forest plot: one row per estimate, the point and its 95 % CI whisker
 * around a zero line; colour says better, worse or neither. */
typedef struct {
  const char *label;
  double mean, lo, hi;
  int verdict;                        /* +1 better, -1 worse, 0 no sure difference,
                                       * 2 a figure without a better direction */
  const char *value_text;             /* printed right of the plot */
} PksForestRow;
typedef struct {
  const char *title, *xlabel;
  const char *better, *worse, *neither;  /* legend */
  const char *neutral;                /* legend of verdict 2 (NULL: none drawn) */
  guint n;
  const PksForestRow *rows;
  gboolean swedish;
  /* With a ref_label, estimates rather than differences: the axis fits the
   * data, and a dashed reference line at ref (over a band ref_lo–ref_hi
   * unless NaN), named ref_label in the legend, replaces the zero line.
   * pks optimise draws its allocations against the base this way. */
  const char *ref_label;
  double ref, ref_lo, ref_hi;
} PksForest;
void pks_forest_draw (cairo_t *cr, double w, double h, gpointer forest);
double pks_forest_height (const PksForest *f);

/* Palette. */
extern const PksRgb pks_col_base, pks_col_plan[4], pks_col_ink, pks_col_grid, pks_col_staffed,
  pks_col_target, pks_col_better, pks_col_worse, pks_col_unsure, pks_col_neutral, pks_col_second;

G_END_DECLS

#endif
