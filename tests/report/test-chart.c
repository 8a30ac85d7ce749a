/* test-chart.c — the chart helpers: numbers formatted as Swedish and
 * English readers expect, nice ticks, month ticks, and SVG that can be
 * inlined several times in one document (no prolog, prefixed ids, the same
 * text whatever was drawn before). */
#include "chart.h"

#include <fontconfig/fontconfig.h>
#include <string.h>

static void
test_fmt (void)
{
  char *s = pks_chart_fmt (1234567.891, 1, TRUE);
  g_assert_cmpstr (s, ==, "1\u00a0234\u00a0567,9");
  g_free (s);
  s = pks_chart_fmt (1234567.891, 1, FALSE);
  g_assert_cmpstr (s, ==, "1,234,567.9");
  g_free (s);
  s = pks_chart_fmt (-3, 0, TRUE);
  g_assert_cmpstr (s, ==, "\u22123");
  g_free (s);
  s = pks_chart_fmt (-0.04, 1, TRUE);   /* rounds to zero: no minus sign */
  g_assert_cmpstr (s, ==, "0,0");
  g_free (s);
  s = pks_chart_fmt (4430, 0, TRUE);    /* grouped from four digits: 1 140,0 MSEK */
  g_assert_cmpstr (s, ==, "4\u00a0430");
  g_free (s);
}

static void
test_ticks (void)
{
  PksTicks t;
  double lo = 0, hi = 97;
  pks_ticks_nice (&t, &lo, &hi, 5, TRUE);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 100);
  g_assert_cmpuint (t.n, ==, 6);
  g_assert_cmpstr (t.label[5], ==, "100");
  lo = -0.7, hi = 0.7;
  pks_ticks_nice (&t, &lo, &hi, 6, TRUE);
  g_assert_cmpstr (t.label[0], ==, "\u22120,75");   /* steps of 0.25 */
  PksTicks m;
  static const char *const names[12] = { "jan", "feb", "mar", "apr", "maj", "jun",
                                         "jul", "aug", "sep", "okt", "nov", "dec" };
  pks_ticks_months (&m, pks_date_from_ymd (2025, 1, 1), 365, names);
  g_assert_cmpuint (m.n, ==, 12);
  g_assert_cmpstr (m.label[1], ==, "feb");
  g_assert_cmpfloat (m.pos[1], ==, 31);
  g_assert_cmpfloat (m.label_pos[0], ==, 15.5);
}

static void
draw (cairo_t *cr, double w, double h, gpointer data)
{
  PksPlot p;
  pks_plot_init (&p, cr, w, h, data, 3);
  PksLegendItem it[] = { { PKS_MARK_LINE, pks_col_base, "Linje" } };
  pks_plot_legend (&p, it, 1);
  pks_plot_set_range (&p, 0, 10, 0, 10);
  PksTicks t;
  double lo = 0, hi = 10;
  pks_ticks_nice (&t, &lo, &hi, 5, TRUE);
  pks_plot_axes (&p, &t, &t, "x (dagar)", "y (antal)");
  double x[] = { 0, 5, 10 }, y[] = { 1, 8, 3 };
  pks_plot_line (&p, x, y, 3, pks_col_base, 1.5, FALSE);
  pks_plot_band (&p, x, y, y, 3, pks_col_base, 0.2);
}

static void
test_svg (void)
{
  char *a = pks_chart_svg (draw, "Väntelistor", 400, 200, "c1", "Titel & mer");
  /* other surfaces in between move cairo's counters; the text must not */
  FILE *devnull = fopen ("/dev/null", "w");
  g_assert_true (pks_chart_png (draw, "Väntelistor", 400, 200, 1.0, devnull));
  fclose (devnull);
  char *b = pks_chart_svg (draw, "Väntelistor", 400, 200, "c1", "Titel & mer");
  g_assert_cmpstr (a, ==, b);
  g_assert_true (g_str_has_prefix (a, "<svg class=\"chart\" role=\"img\" aria-label=\"Titel &amp; mer\""));
  g_assert_null (strstr (a, "<?xml"));
  g_assert_null (strstr (a, " width=\"400pt\""));
  g_assert_nonnull (strstr (a, "viewBox=\"0 0 400 200\""));
  /* every id and reference carries the prefix */
  g_autoptr (GRegex) ids = g_regex_new ("(id=\"|href=\"#|url\\(#)([^\"\\)]*)", 0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  guint n = 0;
  g_regex_match (ids, a, 0, &mi);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    {
      g_autofree char *id = g_match_info_fetch (mi, 2);
      g_assert_true (g_str_has_prefix (id, "c1-"));
      n++;
    }
  g_assert_cmpuint (n, >, 20);   /* glyphs of the text and their uses */
  char *c = pks_chart_svg (draw, "Väntelistor", 400, 200, "c2", "Titel");
  g_assert_null (strstr (c, "\"c1-"));
  g_free (a);
  g_free (b);
  g_free (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart/fmt", test_fmt);
  g_test_add_func ("/chart/ticks", test_ticks);
  g_test_add_func ("/chart/svg-inline", test_svg);
  int r = g_test_run ();
  /* font caches live for the process; free them for the leak checker */
  cairo_debug_reset_static_data ();
  FcFini ();
  return r;
}
