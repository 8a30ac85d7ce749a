/* report-balance.c — the report's PKS balance, self-contained so the
 * report's layout can place it anywhere: rp_balance_section reads
 * balance.csv (and production.csv, when the run had targets) from the
 * run's folder and writes a section: the whole period's demand,
 * production and backlog change (bed-days: capacity) for the region and
 * its areas (or sites), the same per tertial folded, a chart per unit —
 * demand and capacity lines, production bars, the backlog under them —
 * for the units the planner names (--balance-units), or else the six
 * furthest from balance folded under their names (the printed report
 * keeps its length), and the production plan against the simulation.
 * docs/report.md. */
#include "report-internal.h"
#include "pks/input/load.h"
#include "pks/model/balance.h"

#include <math.h>
#include <string.h>

/* One balance.csv row, as the section needs it. */
typedef struct {
  char *period, *scope, *name, *resource;
  double demand, capacity, production, prod_lo, prod_hi, change, change_lo, change_hi, end,
    end_lo, end_hi;
} BalRow;

typedef struct {
  GPtrArray *rows;   /* BalRow* in the file's order */
} Balance;

static void
balrow_free (gpointer p)
{
  BalRow *r = p;
  g_free (r->period);
  g_free (r->scope);
  g_free (r->name);
  g_free (r->resource);
  g_free (r);
}

static double
number (const char *s)
{
  double v;
  return s && *s && pks_parse_number (s, &v) ? v : NAN;
}

/* The rows of a CSV file of the run's folder with its header, or NULL
 * when the file is not there. */
static GPtrArray *
read_csv (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  g_autoptr (PksDiags) diags = pks_diags_new ();
  GPtrArray *rows = NULL;
  g_autoptr (GArray) lines = NULL;
  if (!pks_csv_read_rows (path, data, len, &rows, &lines, NULL, diags) || rows->len < 1)
    {
      if (rows)
        g_ptr_array_unref (rows);
      return NULL;
    }
  return rows;
}

/* Column name's index in the header row, -1 when absent. */
static int
column (GPtrArray *hdr, const char *name)
{
  for (guint i = 0; i < hdr->len; i++)
    if (!strcmp (g_ptr_array_index (hdr, i), name))
      return (int) i;
  return -1;
}

static const char *
field (GPtrArray *row, int k)
{
  return k >= 0 && (guint) k < row->len ? g_ptr_array_index (row, k) : "";
}

static gboolean
balance_load (Balance *b, const char *dir)
{
  g_autoptr (GPtrArray) rows = read_csv (dir, "balance.csv");
  if (rows == NULL)
    return FALSE;
  GPtrArray *h = g_ptr_array_index (rows, 0);
  static const char *cols[] = { "period", "scope", "name", "resource", "demand_mean",
                                "capacity_mean", "production_mean", "production_ci_low",
                                "production_ci_high", "backlog_change_mean",
                                "backlog_change_ci_low", "backlog_change_ci_high",
                                "backlog_end_mean", "backlog_end_ci_low", "backlog_end_ci_high" };
  int k[G_N_ELEMENTS (cols)];
  for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
    if ((k[i] = column (h, cols[i])) < 0)
      return FALSE;
  b->rows = g_ptr_array_new_with_free_func (balrow_free);
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (rows, i);
      BalRow *x = g_new0 (BalRow, 1);
      x->period = g_strdup (field (r, k[0]));
      x->scope = g_strdup (field (r, k[1]));
      x->name = g_strdup (field (r, k[2]));
      x->resource = g_strdup (field (r, k[3]));
      double *v[] = { &x->demand, &x->capacity, &x->production, &x->prod_lo, &x->prod_hi,
                      &x->change, &x->change_lo, &x->change_hi, &x->end, &x->end_lo, &x->end_hi };
      for (guint j = 0; j < G_N_ELEMENTS (v); j++)
        *v[j] = number (field (r, k[4 + j]));
      g_ptr_array_add (b->rows, x);
    }
  return TRUE;
}

static gboolean
is_month (const char *p)
{
  return strlen (p) == 7 && p[4] == '-' && p[5] != 'T' && p[5] != 'W';
}

static gboolean
is_tertial (const char *p)
{
  return strlen (p) == 7 && p[5] == 'T';
}

static const BalRow *
find (const Balance *b, const char *period, const char *scope, const char *name, const char *res)
{
  for (guint i = 0; i < b->rows->len; i++)
    {
      const BalRow *r = g_ptr_array_index (b->rows, i);
      if (!strcmp (r->period, period) && !strcmp (r->scope, scope) && !strcmp (r->name, name)
          && !strcmp (r->resource, res))
        return r;
    }
  return NULL;
}

static const char *
resource_label (const char *res, PksLang lang)
{
  int r = pks_balance_resource_from_name (res);
  return r < 0 ? res : pks_balance_resource_label ((PksBalanceResource) r, lang);
}

static void
num_cell (RpHtml *c, double v, int decimals)
{
  g_autofree char *s = isnan (v) ? g_strdup ("–") : rp_num (v, decimals, c->lang);
  g_string_append_printf (c->h, "<td class=\"num\">%s</td>", s);
}

/* The table: per tertial the region and its areas (or sites), each
 * resource's demand, capacity, production (share of demand) and the
 * change of its backlog. */
static void
tertial_table (RpHtml *c, const Balance *b, const char *level)
{
  gboolean en = c->lang == PKS_LANG_EN;
  g_string_append_printf (c->h, "<table class=\"units balance\">\n<thead><tr><th>%s</th><th>%s</th>"
                                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                                "<th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
                          rp_scope_label (level, c->lang), en ? "Resource" : "Resurs",
                          en ? "Demand" : "Behov", en ? "Capacity" : "Kapacitet",
                          en ? "Production" : "Produktion", en ? "Production / demand" : "Produktion / behov",
                          en ? "Change in backlog" : "Förändring av kön");
  static const char *shown[] = { "first_visits", "treatments", "operations", "bed_days" };
  const char *last = NULL;
  for (guint i = 0; i < b->rows->len; i++)
    {
      const BalRow *r = g_ptr_array_index (b->rows, i);
      if (!is_tertial (r->period) || (strcmp (r->scope, "region") && strcmp (r->scope, level)))
        continue;
      gboolean wanted = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (shown); k++)
        wanted |= !strcmp (r->resource, shown[k]);
      if (!wanted)
        continue;
      if (last == NULL || strcmp (last, r->period))
        g_string_append_printf (c->h, "<tr><th colspan=\"7\">%s</th></tr>\n", r->period);
      last = r->period;
      g_autofree char *n = rp_esc (r->name);
      g_string_append_printf (c->h, "<tr><td>%s</td><td>%s</td>", n, resource_label (r->resource, c->lang));
      num_cell (c, r->demand, 0);
      num_cell (c, r->capacity, 0);
      num_cell (c, r->production, 0);
      num_cell (c, r->demand > 0 ? 100.0 * r->production / r->demand : NAN, 0);
      num_cell (c, r->change, 0);
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
}

/* The whole period's sums of entity name's resource over the tertials
 * (which tile the reported period): demand, capacity, production and the
 * backlog's change. FALSE when the file has no such rows. */
static gboolean
period_sums (const Balance *b, const char *scope, const char *name, const char *res, double out[4])
{
  memset (out, 0, sizeof (double) * 4);
  gboolean any = FALSE;
  for (guint i = 0; i < b->rows->len; i++)
    {
      const BalRow *r = g_ptr_array_index (b->rows, i);
      if (!is_tertial (r->period) || strcmp (r->scope, scope) || strcmp (r->name, name)
          || strcmp (r->resource, res))
        continue;
      out[0] += r->demand;
      out[1] += r->capacity;
      out[2] += r->production;
      out[3] += r->change;
      any = TRUE;
    }
  return any;
}

/* The balance at a glance: the region and its areas (or sites) as rows,
 * over the whole period, first visits and treatments (demand, production,
 * the backlog's change) and bed-days (demand, staffed bed-days,
 * production) as columns. */
static void
period_table (RpHtml *c, const Balance *b, const char *level)
{
  gboolean en = c->lang == PKS_LANG_EN;
  static const char *res[] = { "first_visits", "treatments", "bed_days" };
  g_string_append (c->h, "<table class=\"units balance\">\n<thead><tr><th></th>");
  for (guint k = 0; k < G_N_ELEMENTS (res); k++)
    g_string_append_printf (c->h, "<th class=\"num\" colspan=\"3\">%s</th>",
                            resource_label (res[k], c->lang));
  g_string_append_printf (c->h, "</tr>\n<tr><th>%s</th>", rp_scope_label (level, c->lang));
  for (guint k = 0; k < G_N_ELEMENTS (res); k++)
    {
      gboolean beds = !strcmp (res[k], "bed_days");
      g_string_append_printf (c->h, "<th class=\"num\">%s</th><th class=\"num\">%s</th>"
                                    "<th class=\"num\">%s</th>",
                              en ? "demand" : "behov",
                              beds ? (en ? "capacity" : "kapacitet") : (en ? "production" : "produktion"),
                              beds ? (en ? "production" : "produktion") : (en ? "backlog ±" : "kön ±"));
    }
  g_string_append (c->h, "</tr></thead>\n<tbody>\n");
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) scopes = g_ptr_array_new ();
  for (guint i = 0; i < b->rows->len; i++)
    {
      const BalRow *r = g_ptr_array_index (b->rows, i);
      if (!is_tertial (r->period) || (strcmp (r->scope, "region") && strcmp (r->scope, level)))
        continue;
      gboolean seen = FALSE;
      for (guint j = 0; j < names->len && !seen; j++)
        seen = !strcmp (g_ptr_array_index (names, j), r->name)
               && !strcmp (g_ptr_array_index (scopes, j), r->scope);
      if (!seen)
        {
          g_ptr_array_add (names, r->name);
          g_ptr_array_add (scopes, r->scope);
        }
    }
  for (guint j = 0; j < names->len; j++)
    {
      g_autofree char *n = rp_esc (g_ptr_array_index (names, j));
      g_string_append_printf (c->h, "<tr><td>%s</td>", n);
      for (guint k = 0; k < G_N_ELEMENTS (res); k++)
        {
          double s[4];
          gboolean beds = !strcmp (res[k], "bed_days");
          if (!period_sums (b, g_ptr_array_index (scopes, j), g_ptr_array_index (names, j), res[k], s))
            s[0] = s[1] = s[2] = s[3] = NAN;
          num_cell (c, s[0], 0);
          num_cell (c, beds ? s[1] : s[2], 0);
          num_cell (c, beds ? s[2] : s[3], 0);
        }
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append (c->h, "</tbody></table>\n");
}

/* A unit's chart: months on x; demand and capacity as lines, production
 * as bars; the backlog at each month's end in a panel below. */
typedef struct {
  const RpText *t;
  gboolean sv;
  const char *title, *resource;
  guint n;
  const char **months;
  double *demand, *capacity, *production, *end, *end_lo, *end_hi;
  gboolean backlog;
} UnitChart;

static void
panel_x (PksTicks *xt, const UnitChart *u)
{
  memset (xt, 0, sizeof *xt);
  for (guint i = 0; i < u->n && i < PKS_TICKS_MAX; i++)
    {
      int mo = atoi (u->months[i] + 5);
      xt->pos[xt->n] = xt->label_pos[xt->n] = i;
      g_strlcpy (xt->label[xt->n], mo >= 1 && mo <= 12 ? u->t->months[mo - 1] : u->months[i],
                 sizeof xt->label[0]);
      xt->n++;
    }
}

static void
draw_unit (cairo_t *cr, double w, double h, gpointer data)
{
  UnitChart *u = data;
  gboolean en = !u->sv;
  double top_h = u->backlog ? h * 0.62 : h;
  PksPlot p;
  pks_plot_init (&p, cr, w, top_h, u->title, 6);
  PksLegendItem items[] = {
    { PKS_MARK_LINE, pks_col_target, en ? "demand" : "behov" },
    { PKS_MARK_DASHED, pks_col_ink, en ? "capacity" : "kapacitet" },
    { PKS_MARK_BAR, pks_col_base, en ? "production" : "produktion" },
  };
  pks_plot_legend (&p, items, G_N_ELEMENTS (items));
  double ymax = 1;
  for (guint i = 0; i < u->n; i++)
    {
      double vs[] = { u->demand[i], u->capacity[i], u->production[i] };
      for (guint k = 0; k < 3; k++)
        if (!isnan (vs[k]))
          ymax = MAX (ymax, vs[k]);
    }
  double lo = 0, hi = ymax * 1.08;
  PksTicks yt, xt;
  pks_ticks_nice (&yt, &lo, &hi, 5, u->sv);
  panel_x (&xt, u);
  pks_plot_set_range (&p, -0.5, u->n - 0.5, lo, hi);
  pks_plot_axes (&p, &xt, &yt, NULL, resource_label (u->resource, u->sv ? PKS_LANG_SV : PKS_LANG_EN));
  cairo_set_source_rgba (cr, pks_col_base.r, pks_col_base.g, pks_col_base.b, 0.75);
  for (guint i = 0; i < u->n; i++)
    if (!isnan (u->production[i]))
      {
        double x0 = pks_plot_x (&p, i - 0.3), x1 = pks_plot_x (&p, i + 0.3);
        double y0 = pks_plot_y (&p, 0), y1 = pks_plot_y (&p, u->production[i]);
        cairo_rectangle (cr, x0, y1, x1 - x0, y0 - y1);
      }
  cairo_fill (cr);
  g_autofree double *x = g_new (double, MAX (1u, u->n));
  for (guint i = 0; i < u->n; i++)
    x[i] = i;
  pks_plot_line (&p, x, u->demand, u->n, pks_col_target, 2.0, FALSE);
  pks_plot_line (&p, x, u->capacity, u->n, pks_col_ink, 1.5, TRUE);
  if (!u->backlog)
    return;
  cairo_save (cr);
  cairo_translate (cr, 0, top_h);
  PksPlot q;
  pks_plot_init (&q, cr, w, h - top_h, en ? "Backlog at the month's end (95 % CI)"
                                           : "Kön vid månadens slut (95 % KI)", 6);
  double bmax = 1;
  for (guint i = 0; i < u->n; i++)
    if (!isnan (u->end_hi[i]))
      bmax = MAX (bmax, u->end_hi[i]);
  double blo = 0, bhi = bmax * 1.08;
  PksTicks bt;
  pks_ticks_nice (&bt, &blo, &bhi, 4, u->sv);
  pks_plot_set_range (&q, -0.5, u->n - 0.5, blo, bhi);
  pks_plot_axes (&q, &xt, &bt, NULL, en ? "patients" : "patienter");
  pks_plot_band (&q, x, u->end_lo, u->end_hi, u->n, pks_col_second, 0.35);
  pks_plot_line (&q, x, u->end, u->n, pks_col_second, 2.0, FALSE);
  cairo_restore (cr);
}

/* The unit's resource to chart: its treatment list, else its first-visit
 * list, else its bed-days. */
static const char *
unit_resource (const Balance *b, const char *unit, const char *month)
{
  static const char *order[] = { "treatments", "first_visits", "bed_days" };
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    if (find (b, month, "unit", unit, order[k]))
      return order[k];
  return NULL;
}

typedef struct {
  const char *unit;
  double gap;            /* |demand − production| / √demand over the months */
} Gap;

static int
by_gap (gconstpointer a, gconstpointer b)
{
  double x = ((const Gap *) a)->gap, y = ((const Gap *) b)->gap;
  return (x < y) - (x > y);
}

/* The units to chart: those named in --balance-units, else the six
 * furthest from balance on their main resource over the horizon:
 * |demand − production| / √demand, summed over the months. */
static GPtrArray *
chosen_units (const Balance *b, const char *named, const char *first_month)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  if (named && *named)
    {
      g_auto (GStrv) v = g_strsplit (named, ",", -1);
      for (guint i = 0; v[i]; i++)
        if (*g_strstrip (v[i]))
          g_ptr_array_add (out, g_strdup (v[i]));
      return out;
    }
  g_autoptr (GArray) gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  for (guint i = 0; i < b->rows->len; i++)
    {
      const BalRow *r = g_ptr_array_index (b->rows, i);
      if (strcmp (r->period, first_month) || strcmp (r->scope, "unit"))
        continue;
      const char *res = unit_resource (b, r->name, first_month);
      if (res == NULL || strcmp (res, r->resource))
        continue;
      double d = 0, p = 0;
      for (guint j = 0; j < b->rows->len; j++)
        {
          const BalRow *s = g_ptr_array_index (b->rows, j);
          if (is_month (s->period) && !strcmp (s->scope, "unit") && !strcmp (s->name, r->name)
              && !strcmp (s->resource, res))
            {
              d += s->demand;
              p += s->production;
            }
        }
      /* in units of the Poisson noise of the demand, so that neither the
       * largest units (absolute gaps) nor the smallest (relative gaps)
       * fill the list by their size alone */
      Gap g = { r->name, d > 0 ? fabs (d - p) / sqrt (d) : 0 };
      g_array_append_val (gaps, g);
    }
  g_array_sort (gaps, by_gap);
  for (guint i = 0; i < MIN (6u, gaps->len); i++)
    g_ptr_array_add (out, g_strdup (g_array_index (gaps, Gap, i).unit));
  return out;
}

static void
unit_chart (RpHtml *c, const Balance *b, const char *unit, GPtrArray *months)
{
  const char *res = unit_resource (b, unit, g_ptr_array_index (months, 0));
  gboolean en = c->lang == PKS_LANG_EN;
  if (res == NULL)
    {
      g_autofree char *n = rp_esc (unit);
      g_string_append_printf (c->h, "<p class=\"note\">%s: %s</p>\n", n,
                              en ? "no such unit in balance.csv" : "ingen sådan enhet i balance.csv");
      return;
    }
  guint n = months->len;
  UnitChart u = { c->t, !en, NULL, res, n, (const char **) months->pdata,
                  g_new (double, n), g_new (double, n), g_new (double, n), g_new (double, n),
                  g_new (double, n), g_new (double, n), strcmp (res, "bed_days") != 0 };
  for (guint i = 0; i < n; i++)
    {
      const BalRow *r = find (b, g_ptr_array_index (months, i), "unit", unit, res);
      u.demand[i] = r ? r->demand : NAN;
      u.capacity[i] = r ? r->capacity : NAN;
      u.production[i] = r ? r->production : NAN;
      u.end[i] = r ? r->end : NAN;
      u.end_lo[i] = r ? r->end_lo : NAN;
      u.end_hi[i] = r ? r->end_hi : NAN;
    }
  g_autofree char *title = g_strdup_printf ("%s — %s", unit, resource_label (res, c->lang));
  u.title = title;
  g_autofree char *name = g_strdup_printf ("balance-%s", unit);
  rp_emit_chart (c, draw_unit, &u, u.backlog ? 420 : 280, title, name,
                 en ? "Demand (what arrived needing the resource) and capacity (what the plan "
                      "provided) per month, production (what was done) as bars; under them the "
                      "backlog at each month's end. Means over replications."
                    : "Behov (det som kom och behövde resursen) och kapacitet (det planen gav) per "
                      "månad, produktion (det som gjordes) som staplar; under dem kön vid varje "
                      "månads slut. Medelvärden över replikeringarna.");
  g_free (u.demand);
  g_free (u.capacity);
  g_free (u.production);
  g_free (u.end);
  g_free (u.end_lo);
  g_free (u.end_hi);
}

/* production.csv, when the run had a production plan: its totals. */
static void
production_table (RpHtml *c, const char *dir)
{
  g_autoptr (GPtrArray) rows = read_csv (dir, "production.csv");
  if (rows == NULL)
    return;
  gboolean en = c->lang == PKS_LANG_EN;
  GPtrArray *h = g_ptr_array_index (rows, 0);
  int k[] = { column (h, "month"), column (h, "scope"), column (h, "name"), column (h, "resource"),
              column (h, "target"), column (h, "production_mean"), column (h, "band_low"),
              column (h, "band_high"), column (h, "p_met") };
  g_string_append_printf (c->h, "<h3>%s</h3>\n<p class=\"note\">%s</p>\n",
                          en ? "The production plan against the simulation" : "Produktionsplanen mot simuleringen",
                          en ? "targets.csv's planned production for the whole period, the simulated "
                               "production (mean and the band of 95 % of the simulated years) and the "
                               "share of years that reach the plan."
                             : "targets.csv:s planerade produktion för hela perioden, den simulerade "
                               "produktionen (medel och intervallet för 95 % av de simulerade åren) och "
                               "andelen år som når planen.");
  g_string_append_printf (c->h, "<table class=\"units\">\n<thead><tr><th>%s</th><th>%s</th>"
                                "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                                "<th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
                          en ? "Unit" : "Enhet", en ? "Resource" : "Resurs", en ? "Plan" : "Plan",
                          en ? "Simulated" : "Simulerat", en ? "95 % of years" : "95 % av åren",
                          en ? "Reached in" : "Nås i");
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *r = g_ptr_array_index (rows, i);
      if (strcmp (field (r, k[0]), "total"))
        continue;
      const char *res = field (r, k[3]);
      const char *rl = !strcmp (res, "first_visits") ? (en ? "First visits" : "Nybesök")
                       : !strcmp (res, "operations") ? (en ? "Operations" : "Operationer")
                       : (en ? "Admissions" : "Vårdtillfällen");
      g_autofree char *n = rp_esc (field (r, k[2]));
      g_autofree char *band_lo = rp_num (number (field (r, k[6])), 0, c->lang);
      g_autofree char *band_hi = rp_num (number (field (r, k[7])), 0, c->lang);
      g_autofree char *share = rp_num (100.0 * number (field (r, k[8])), 0, c->lang);
      g_string_append_printf (c->h, "<tr><td>%s <span class=\"ci\">(%s)</span></td><td>%s</td>", n,
                              rp_scope_label (field (r, k[1]), c->lang), rl);
      num_cell (c, number (field (r, k[4])), 0);
      num_cell (c, number (field (r, k[5])), 0);
      g_string_append_printf (c->h, "<td class=\"num\">%s–%s</td><td class=\"num\">%s %%</td></tr>\n",
                              band_lo, band_hi, share);
    }
  g_string_append (c->h, "</tbody></table>\n");
}

void
rp_balance_section (RpHtml *c, const RpRun *r)
{
  Balance b = { NULL };
  if (!balance_load (&b, r->dir))
    return;
  gboolean en = c->lang == PKS_LANG_EN;
  g_autoptr (GPtrArray) months = g_ptr_array_new ();
  for (guint i = 0; i < b.rows->len; i++)
    {
      const BalRow *x = g_ptr_array_index (b.rows, i);
      if (is_month (x->period) && !strcmp (x->scope, "region")
          && (months->len == 0 || strcmp (g_ptr_array_index (months, months->len - 1), x->period)))
        g_ptr_array_add (months, x->period);
    }
  if (months->len == 0)
    {
      g_ptr_array_unref (b.rows);
      return;
    }
  rp_open_section (c, "balance", en ? "PKS balance: demand, capacity and production"
                                    : "PKS-balans: behov, kapacitet och produktion", FALSE);
  g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n",
                          en ? "Over the whole period. Demand (behov): what arrived needing the "
                               "resource; capacity (kapacitet): what the plan provided; production "
                               "(produktion): what was done; the backlog changes by demand − production "
                               "− those who left the list untreated. Means over replications; "
                               "balance.csv has every month, tertial and ISO week with 95 % CIs "
                               "(docs/balance.md)."
                             : "Hela perioden. Behov: det som kom och behövde resursen; kapacitet: det "
                               "planen gav; produktion: det som gjordes; kön ändras med behov − "
                               "produktion − de som lämnade listan obehandlade. Medelvärden över "
                               "replikeringarna; balance.csv har varje månad, tertial och ISO-vecka "
                               "med 95 %-konfidensintervall (docs/balance.md).");
  const char *level = rp_has_scope (r, "area") ? "area" : "site";
  period_table (c, &b, level);
  /* the detail folds (closed when printed) */
  g_string_append_printf (c->h, "<details><summary>%s</summary>\n",
                          en ? "Per tertial, with capacity and operations"
                             : "Per tertial, med kapacitet och operationer");
  tertial_table (c, &b, level);
  g_string_append (c->h, "</details>\n");
  /* the charts of the units the planner named show; the six furthest
   * from balance fold under their names (closed when printed: the
   * printed report keeps its length) */
  gboolean named = c->balance_units && *c->balance_units;
  g_autoptr (GPtrArray) units = chosen_units (&b, c->balance_units, g_ptr_array_index (months, 0));
  if (named)
    g_string_append_printf (c->h, "<h3>%s</h3>\n", en ? "The units asked for" : "De valda enheterna");
  else if (units->len > 0)
    g_string_append_printf (c->h, "<details><summary>%s (%u)</summary>\n",
                            en ? "Charts of the units furthest from balance"
                               : "Diagram för enheterna längst från balans", units->len);
  for (guint i = 0; i < units->len; i++)
    unit_chart (c, &b, g_ptr_array_index (units, i), months);
  if (!named && units->len > 0)
    g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n</details>\n",
                            en ? "<code>--balance-units 'A,B'</code> charts the units you name, unfolded."
                               : "<code>--balance-units 'A,B'</code> visar diagram för de enheter du "
                                 "väljer, utfällda.");
  production_table (c, r->dir);
  rp_close_section (c);
  g_ptr_array_unref (b.rows);
}
