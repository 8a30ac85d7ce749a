/* report-compare.c — a comparison's report, the answer first: which plan
 * does most on the measures that matter, by how much with its 95 % CI,
 * per added staffed bed and per MSEK, and whether the plans are on equal
 * terms; the plans ranked; what each plan changes; the difference it
 * makes day by day; every figure's paired difference; the detail folded
 * and the settings in an appendix. The fragments (rp_compare_answer,
 * rp_compare_table, rp_compare_changes, rp_compare_days) render from the
 * RpData alone, so a page of pks serve can reuse them. */
#include "report-internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))
#define MAX_MEASURES 8

/* ---- the measures and the ranking ------------------------------------ */

static const char *
region_name (const RpData *d)
{
  const RpEntity *e = d->base->entities->len ? g_ptr_array_index (d->base->entities, 0) : NULL;
  return e ? e->name : "";
}

static const RpDiff *
reg_diff (const RpData *d, guint p, const char *metric)
{
  return rp_diff (d, p, "region", region_name (d), metric);
}

/* Staffed beds a plan adds on an average day: its effective staffed
 * bed-days (after staff limits) less the base's, over the horizon. */
static double
added_beds (const RpData *d, guint p)
{
  const RpDiff *x = reg_diff (d, p, "staffed_bed_days");
  return x ? x->diff / MAX (1u, d->base->n_days) : NAN;
}

static gboolean
any_cost (const RpData *d)
{
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpDiff *x = reg_diff (d, p, "total_cost");
      if (x && (fabs (x->base) > 0 || fabs (x->plan) > 0))
        return TRUE;
    }
  return FALSE;
}

/* The measures that matter (--measures, or the default), as the
 * headline metrics describe them; costs only when the scenarios have
 * any. */
static guint
measures (RpHtml *c, const RpMetric **out, guint max)
{
  PksMetric ks[MAX_MEASURES];
  guint n = pks_report_measures (c->measures, ks, MIN (max, (guint) MAX_MEASURES)), m = 0;
  gboolean costs = any_cost (c->d);
  for (guint i = 0; i < n; i++)
    {
      const RpMetric *x = rp_metric_info (pks_metric_name (ks[i]));
      if (x && (!x->cost || costs))
        out[m++] = x;
    }
  return m;
}

typedef struct {
  guint plan;
  double key;             /* the difference on the first measure, larger = better */
} Ranked;

static int
by_key (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;
  if (x->key != y->key)
    return isnan (x->key) ? 1 : isnan (y->key) ? -1 : x->key > y->key ? -1 : 1;
  return x->plan < y->plan ? -1 : x->plan > y->plan;
}

/* The plans best first on metric m: by its better direction, or the
 * largest increase for a metric without one. */
static GArray *
rank_plans (const RpData *d, const RpMetric *m)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (Ranked));
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpDiff *x = reg_diff (d, p, m->metric);
      Ranked r = { p, x && !isnan (x->diff) ? x->diff * (m->better ? m->better : 1) : NAN };
      g_array_append_val (a, r);
    }
  g_array_sort (a, by_key);
  return a;
}

static const char *
plan_name (const RpData *d, guint p)
{
  return g_ptr_array_index (d->plan_names, p);
}

/* "−447 dygn (95 % KI −468 till −426)": a region difference with the
 * digits its interval needs. (transfer full) */
static char *
diff_words (RpHtml *c, const RpMetric *m, double diff, double lo, double hi, double scale,
            gboolean unit)
{
  int dec = rp_diff_decimals (m->decimals, lo * scale, hi * scale);
  g_autofree char *v = rp_signed (diff * scale, dec, c->lang);
  g_autofree char *iv = rp_interval (lo * scale, hi * scale, dec, c->lang);
  const char *u = rp_metric_unit (m, c->lang);
  gboolean show_unit = unit && strcmp (u, "st") && strcmp (u, "patients");
  if (!*iv)
    return g_strdup_printf ("%s%s%s", v, show_unit ? " " : "", show_unit ? u : "");
  return g_strdup_printf ("%s%s%s (95 %% %s %s)", v, show_unit ? " " : "", show_unit ? u : "",
                          L (c->lang, "KI", "CI"), iv);
}

static double
scale_of (const RpData *d, const RpMetric *m)
{
  return m->scale / (m->per_day ? MAX (1u, d->base->n_days) : 1u);
}

/* The first day a plan's staffed beds differ from the base's at the
 * region, and the largest difference; FALSE without daily_diff.csv or
 * without a difference. */
static gboolean
bed_change (const RpData *d, guint p, guint *first, double *peak)
{
  const RpDayDiff *x = rp_day_diff (d, p, "region", NULL);
  if (x == NULL)
    return FALSE;
  gboolean found = FALSE;
  *peak = 0;
  for (guint i = 0; i < d->base->n_days; i++)
    if (!isnan (x->staffed[i]) && fabs (x->staffed[i]) >= 0.5)
      {
        if (!found)
          *first = i;
        found = TRUE;
        if (fabs (x->staffed[i]) > fabs (*peak))
          *peak = x->staffed[i];
      }
  return found;
}

/* "1 mars" */
static char *
day_words (const RpRun *r, guint day, PksLang lang)
{
  PksDate date = r->start + day;
  const char *mon = rp_text (lang)->months_long[pks_date_month (date) - 1];
  return lang == PKS_LANG_EN ? g_strdup_printf ("%s %d", mon, pks_date_day (date))
                             : g_strdup_printf ("%d %s", pks_date_day (date), mon);
}

/* ---- the answer ---------------------------------------------------- */

/* The plans' own files against the base (run.json, plan_changes): another
 * period, warm-up, seed or number of replications, as a list. */
static void
base_terms (RpHtml *c)
{
  GString *keep = c->h;
  c->h = g_string_new (NULL);
  guint n = rp_plan_terms_items (c, FALSE);
  GString *items = c->h;
  c->h = keep;
  if (n)
    g_string_append_printf (c->h, "<ul>\n%s</ul>\n", items->str);
  g_string_free (items, TRUE);
}

/* Whether the plans are on equal terms: the staffed beds they add (on an
 * average day and when), and what they cost. */
static void
terms (RpHtml *c)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  guint np = d->plans->len;
  g_autofree double *added = g_new (double, np);
  gboolean any = FALSE, equal = TRUE;
  guint first0 = 0;
  for (guint p = 0; p < np; p++)
    {
      added[p] = added_beds (d, p);
      guint first;
      double peak;
      gboolean ch = bed_change (d, p, &first, &peak);
      any |= ch || (!isnan (added[p]) && fabs (added[p]) >= 0.05);
      if (p == 0)
        first0 = ch ? first : G_MAXUINT;
      else if ((ch ? first : G_MAXUINT) != first0)
        equal = FALSE;
      if (p > 0 && !(fabs (added[p] - added[0]) <= MAX (0.05, 0.1 * fabs (added[0]))))
        equal = FALSE;
    }
  if (!any)
    {
      g_string_append_printf (c->h, "<div class=\"terms\"><p>%s</p>\n",
                              L (lang, "Ingen av planerna ändrar antalet disponibla vårdplatser.",
                                 "None of the plans changes the number of staffed beds."));
      base_terms (c);
      g_string_append (c->h, "</div>\n");
      return;
    }
  GString *s = g_string_new (NULL);
  if (np == 1)
    g_string_append (s, L (lang, "Planen ", "The plan "));
  else
    g_string_append (s, equal ? L (lang, "Planerna är på lika villkor: ", "The plans are on equal terms: ")
                              : L (lang, "Planerna är <b>inte på lika villkor</b>: ",
                                   "The plans are <b>not on equal terms</b>: "));
  for (guint p = 0; p < np; p++)
    {
      g_autofree char *pn = rp_esc (plan_name (d, p));
      guint first;
      double peak;
      gboolean ch = bed_change (d, p, &first, &peak);
      g_autofree char *av = rp_signed (added[p], 1, lang);
      if (p > 0)
        g_string_append (s, "; ");
      if (np > 1)
        g_string_append_printf (s, "<b>%s</b> ", pn);
      if (ch)
        {
          g_autofree char *pk = rp_signed (peak, 0, lang);
          g_autofree char *from = day_words (d->base, first, lang);
          g_string_append_printf (s, L (lang, "ger %s disponibla vårdplatser från %s, i medel %s per dag",
                                        "gives %s staffed beds from %s, on average %s a day"),
                                  pk, from, av);
        }
      else
        g_string_append_printf (s, L (lang, "ger i medel %s disponibla vårdplatser per dag",
                                      "gives on average %s staffed beds a day"), av);
    }
  g_string_append (s, ". ");
  if (np > 1 && !equal)
    g_string_append (s, L (lang, "Jämför dem därför också per tillagd vårdplats (tabellen).",
                           "So compare them per added bed as well (the table)."));
  else if (np > 1)
    g_string_append (s, L (lang, "Skillnaderna mellan dem är planernas egna.",
                           "The differences between them are the plans' own."));
  /* costs that differ surely between two plans */
  const RpMetric *cost = rp_metric_info ("total_cost");
  if (np > 1 && cost && any_cost (d))
    {
      double df, lo, hi;
      for (guint p = 1; p < np; p++)
        if (rp_pair (d, p, 0, "total_cost", &df, &lo, &hi) && (lo > 0 || hi < 0))
          {
            g_autofree char *w = diff_words (c, cost, df, lo, hi, cost->scale, TRUE);
            g_autofree char *a = rp_esc (plan_name (d, p)), *b = rp_esc (plan_name (d, 0));
            g_string_append_printf (s, L (lang, " Kostnaden skiljer sig också: %s − %s = %s.",
                                          " Their costs differ too: %s − %s = %s."), a, b, w);
          }
    }
  g_string_append_printf (c->h, "<div class=\"terms\"><p>%s</p>\n", s->str);
  g_string_free (s, TRUE);
  base_terms (c);
  g_string_append (c->h, "</div>\n");
}

/* One plan's effect on the first measure, per bed and per MSEK, in a
 * clause. (transfer full) */
static char *
effect_words (RpHtml *c, guint p, const RpMetric *m)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  const RpDiff *x = reg_diff (d, p, m->metric);
  if (x == NULL || isnan (x->diff))
    return g_strdup ("–");
  double sc = scale_of (d, m);
  GString *s = g_string_new (NULL);
  g_autofree char *w = diff_words (c, m, x->diff, x->lo, x->hi, sc, TRUE);
  g_string_append (s, w);
  double a = added_beds (d, p);
  if (!isnan (a) && fabs (a) >= 0.05)
    {
      double k = sc / a;
      int dec = rp_diff_decimals (MAX (m->decimals, 1), MIN (x->lo * k, x->hi * k), MAX (x->lo * k, x->hi * k));
      g_autofree char *pb = rp_signed (x->diff * k, dec, lang);
      g_string_append_printf (s, L (lang, ", %s per tillagd vårdplats", ", %s per added bed"), pb);
    }
  /* per MSEK: only where the plan surely costs more and surely helps */
  const RpDiff *cost = any_cost (d) ? reg_diff (d, p, "total_cost") : NULL;
  if (cost && cost->lo > 0 && rp_verdict (m->better, x->lo, x->hi) == RP_BETTER)
    {
      /* the interval from the replications' paired differences: the
       * cost is as uncertain as the effect */
      double r, lo, hi;
      if (rp_ratio_ci (d, p, m->metric, "total_cost", &r, &lo, &hi))
        {
          double k = sc * 1e6;
          int dec = rp_diff_decimals (m->decimals, lo * k, hi * k);
          g_autofree char *pm = rp_signed (r * k, dec, lang);
          g_autofree char *iv = rp_interval (lo * k, hi * k, dec, lang);
          g_string_append_printf (s, L (lang, " och %s (95 %% KI %s) per miljon kronor i merkostnad",
                                        " and %s (95 %% CI %s) per million kronor of extra cost"),
                                  pm, iv);
        }
      else
        {
          double msek = cost->diff * 1e-6;
          g_autofree char *pm = rp_signed (x->diff * sc / msek, m->decimals, lang);
          g_string_append_printf (s, L (lang, " och %s per miljon kronor i merkostnad",
                                        " and %s per million kronor of extra cost"), pm);
        }
    }
  else if (cost && cost->hi < 0 && rp_verdict (m->better, x->lo, x->hi) == RP_BETTER)
    g_string_append (s, L (lang, ", och den kostar mindre än basen", ", and it costs less than the base"));
  return g_string_free (s, FALSE);
}

void
rp_compare_answer (RpHtml *c)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  const RpMetric *ms[MAX_MEASURES];
  guint nm = measures (c, ms, MAX_MEASURES);
  if (nm == 0 || d->plans->len == 0)
    return;
  const RpMetric *m = ms[0];
  g_autoptr (GArray) rank = rank_plans (d, m);
  guint top = g_array_index (rank, Ranked, 0).plan;
  const RpDiff *x = reg_diff (d, top, m->metric);
  g_autofree char *label = g_utf8_strdown (rp_metric_label (m, lang), -1);
  g_autofree char *tn = rp_esc (plan_name (d, top));
  g_autofree char *eff = effect_words (c, top, m);
  RpVerdict v = x ? rp_verdict (m->better, x->lo, x->hi) : RP_UNSURE;
  GString *s = g_string_new (NULL);
  if (d->plans->len == 1)
    g_string_append_printf (s, L (lang, "<b>%s</b> ändrar %s med %s mot basen.",
                                  "<b>%s</b> changes %s by %s against the base."), tn, label, eff);
  else if (v == RP_BETTER || v == RP_NEUTRAL)
    g_string_append_printf (s, L (lang, "<b>%s</b> gör mest för %s: %s mot basen.",
                                  "<b>%s</b> does most for %s: %s against the base."), tn, label, eff);
  else
    g_string_append_printf (s, L (lang, "Ingen plan ger en säker förbättring av %s; närmast är <b>%s</b>: %s.",
                                  "No plan surely improves %s; closest is <b>%s</b>: %s."), label, tn, eff);
  g_string_append_printf (c->h, "<p class=\"answer\">%s</p>\n", s->str);
  g_string_free (s, TRUE);

  GString *more = g_string_new (NULL);
  if (rank->len > 1)
    {
      /* the runner-up, and whether the two can be told apart */
      guint two = g_array_index (rank, Ranked, 1).plan;
      g_autofree char *wn = rp_esc (plan_name (d, two));
      g_autofree char *e2 = effect_words (c, two, m);
      g_string_append_printf (more, L (lang, "Tvåa är <b>%s</b>: %s.", "Second is <b>%s</b>: %s."), wn, e2);
      double df, lo, hi;
      if (rp_pair (d, top, two, m->metric, &df, &lo, &hi))
        {
          double sc = scale_of (d, m);
          g_autofree char *w = diff_words (c, m, df, lo, hi, sc, TRUE);
          gboolean sure = lo > 0 || hi < 0;
          g_string_append_printf (more, L (lang, " Skillnaden mellan dem, ettan − tvåan, är %s: %s.",
                                           " The difference between them, first − second, is %s: %s."),
                                  w, sure ? L (lang, "en säker skillnad", "a sure difference")
                                          : L (lang, "ingen säker skillnad, de går inte att skilja åt här",
                                               "no sure difference, they cannot be told apart on it"));
        }
      /* where another plan leads: per plan the measures it leads on */
      GString *lead = g_string_new (NULL);
      for (guint q = 0; q < d->plans->len; q++)
        {
          if (q == top)
            continue;
          g_autoptr (GPtrArray) on = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 1; i < nm; i++)
            {
              g_autoptr (GArray) r2 = rank_plans (d, ms[i]);
              const RpDiff *y = reg_diff (d, q, ms[i]->metric);
              if (g_array_index (r2, Ranked, 0).plan != q || y == NULL
                  || rp_verdict (ms[i]->better, y->lo, y->hi) != RP_BETTER)
                continue;
              g_ptr_array_add (on, g_utf8_strdown (rp_metric_label (ms[i], lang), -1));
            }
          if (on->len == 0)
            continue;
          g_autofree char *qn = rp_esc (plan_name (d, q));
          g_string_append_printf (lead, "%s<b>%s</b> %s ", lead->len ? "; " : "", qn, L (lang, "på", "on"));
          for (guint i = 0; i < on->len; i++)
            {
              g_autofree char *e = rp_esc (g_ptr_array_index (on, i));
              g_string_append_printf (lead, "%s%s", i == 0 ? "" : i + 1 == on->len ? L (lang, " och ", " and ") : ", ", e);
            }
        }
      if (lead->len)
        g_string_append_printf (more, L (lang, " Andra mått leds av andra planer: %s.",
                                         " Other measures are led by other plans: %s."), lead->str);
      g_string_free (lead, TRUE);
    }
  /* where the top plan is surely worse */
  GString *worse = g_string_new (NULL);
  for (guint i = 1; i < nm; i++)
    {
      const RpDiff *y = reg_diff (d, top, ms[i]->metric);
      if (y == NULL || rp_verdict (ms[i]->better, y->lo, y->hi) != RP_WORSE)
        continue;
      g_autofree char *l2 = g_utf8_strdown (rp_metric_label (ms[i], lang), -1);
      g_autofree char *w = diff_words (c, ms[i], y->diff, y->lo, y->hi, scale_of (d, ms[i]), TRUE);
      g_string_append_printf (worse, "%s%s %s", worse->len ? "; " : "", l2, w);
    }
  if (worse->len)
    g_string_append_printf (more, L (lang, " Sämre med <b>%s</b>: %s.", " Worse with <b>%s</b>: %s."), tn,
                            worse->str);
  g_string_free (worse, TRUE);
  if (more->len)
    g_string_append_printf (c->h, "<p>%s</p>\n", more->str);
  g_string_free (more, TRUE);
  terms (c);
  rp_compare_table (c);
  rp_colour_legend (c);
  /* a plan that changes nothing simulated: its zeros are certain */
  gboolean open = FALSE;
  for (guint p = 0; p < d->plans->len; p++)
    if (rp_plan_nothing (d, p))
      {
        if (!open)
          g_string_append (c->h, "<ul class=\"findings\">\n");
        open = TRUE;
        rp_plan_nothing_finding (c->h, d, p, lang);
      }
  if (open)
    g_string_append (c->h, "</ul>\n");
}

/* A ranked table's difference cell: the value over its interval, with
 * compare.csv's strings in data attributes. */
static void
rank_cell (RpHtml *c, guint p, const RpMetric *m, double scale)
{
  const RpDiff *x = reg_diff (c->d, p, m->metric);
  if (x == NULL || isnan (x->diff))
    {
      g_string_append (c->h, "<td class=\"num\">–</td>");
      return;
    }
  RpVerdict v = rp_verdict (m->better, x->lo, x->hi);
  int dec = rp_diff_decimals (m->decimals, x->lo * scale, x->hi * scale);
  g_autofree char *val = rp_signed (x->diff * scale, dec, c->lang);
  g_autofree char *iv = rp_interval (x->lo * scale, x->hi * scale, dec, c->lang);
  g_autofree char *pn = rp_esc (plan_name (c->d, p));
  g_autofree char *sd = rp_esc (x->s_diff), *sl = rp_esc (x->s_lo), *sh = rp_esc (x->s_hi);
  g_string_append_printf (c->h, "<td class=\"num %s\" data-plan-name=\"%s\" data-metric=\"%s\" "
                                "data-diff=\"%s\" data-diff-ci-low=\"%s\" data-diff-ci-high=\"%s\">"
                                "<span class=\"v\">%s</span>",
                          rp_verdict_class (v), pn, m->metric, sd, sl, sh, val);
  if (*iv && x->hi > x->lo)
    g_string_append_printf (c->h, "<span class=\"ci\">%s</span>", iv);
  g_string_append (c->h, "</td>");
}

void
rp_compare_table (RpHtml *c)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  const RpMetric *ms[MAX_MEASURES];
  guint nm = measures (c, ms, MAX_MEASURES);
  if (nm == 0)
    return;
  g_autoptr (GArray) rank = rank_plans (d, ms[0]);
  g_string_append_printf (c->h, "<table class=\"rank\">\n<thead><tr><th>#</th><th>%s</th>"
                                "<th class=\"num\">%s</th>",
                          L (lang, "Plan, skillnad mot basen", "Plan, difference from the base"),
                          L (lang, "Tillagda vårdplatser <span class=\"ci\">(medel per dag)</span>",
                             "Beds added <span class=\"ci\">(mean a day)</span>"));
  for (guint i = 0; i < nm; i++)
    {
      g_autofree char *l = rp_esc_breakable (rp_metric_short (ms[i], lang));
      g_string_append_printf (c->h, "<th class=\"num\">%s <span class=\"ci\">(%s)</span></th>", l,
                              rp_metric_unit (ms[i], lang));
      if (i == 0)
        g_string_append_printf (c->h, "<th class=\"num\">%s</th>",
                                L (lang, "Per tillagd vårdplats", "Per added bed"));
    }
  g_string_append (c->h, "</tr></thead>\n<tbody>\n");
  for (guint j = 0; j < rank->len; j++)
    {
      guint p = g_array_index (rank, Ranked, j).plan;
      g_autofree char *pn = rp_esc (plan_name (d, p));
      double a = added_beds (d, p);
      g_autofree char *av = rp_signed (a, 1, lang);
      g_string_append_printf (c->h, "<tr><td>%u</td><td class=\"plan\">%s</td><td class=\"num\">%s</td>",
                              j + 1, pn, isnan (a) ? "–" : av);
      for (guint i = 0; i < nm; i++)
        {
          double sc = scale_of (d, ms[i]);
          rank_cell (c, p, ms[i], sc);
          if (i > 0)
            continue;
          const RpDiff *x = reg_diff (d, p, ms[0]->metric);
          if (x == NULL || isnan (a) || fabs (a) < 0.05)
            {
              g_string_append (c->h, "<td class=\"num\">–</td>");
              continue;
            }
          /* the beds are fixed by the plan: the interval scales with them */
          double k = sc / a;
          double lo = MIN (x->lo * k, x->hi * k), hi = MAX (x->lo * k, x->hi * k);
          int dec = rp_diff_decimals (MAX (ms[0]->decimals, 1), lo, hi);
          g_autofree char *v = rp_signed (x->diff * k, dec, lang);
          g_autofree char *iv = rp_interval (lo, hi, dec, lang);
          g_string_append_printf (c->h, "<td class=\"num %s\"><span class=\"v\">%s</span>"
                                        "<span class=\"ci\">%s</span></td>",
                                  rp_verdict_class (rp_verdict (ms[0]->better, x->lo, x->hi)), v, iv);
        }
      g_string_append (c->h, "</tr>\n");
    }
  g_string_append_printf (c->h, "</tbody></table>\n<p class=\"note\">%s</p>\n",
                          L (lang, "Parvisa skillnader plan − bas över samma replikeringar (gemensamma "
                                   "slumptal), under varje värde dess 95 % konfidensintervall (KI). "
                                   "Rangordnat efter första måttet. Disponibla vårdplatser: de som "
                                   "personalen faktiskt räcker till, i medel över perioden.",
                             "Paired differences plan − base over the same replications (common random "
                             "numbers), under each value its 95 % confidence interval (CI). Ranked on "
                             "the first measure. Staffed beds: those the staff actually keep open, on "
                             "average over the period."));
}

/* ---- what each plan changes ----------------------------------------- */

static const char *
table_words (const char *kind, PksLang lang)
{
  static const struct {
    const char *kind, *sv, *en;
  } w[] = {
    { "units", "enheter och vårdplatser", "units and beds" },
    { "flows", "patientflöden", "patient flows" },
    { "changes", "kapacitetsförändringar", "capacity changes" },
    { "staffing", "bemanning", "staffing" },
    { "waitlist", "väntelistor", "waiting lists" },
    { "profiles", "säsongsprofiler", "seasonal profiles" },
    { "census", "inneliggande patienter vid start", "patients in bed at the start" },
    { "transfers", "vårdkedjor mellan enheter", "pathways between units" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    if (!strcmp (w[i].kind, kind))
      return lang == PKS_LANG_EN ? w[i].en : w[i].sv;
  return kind;
}

static gboolean
in_tables (char **tables, const char *t)
{
  for (guint i = 0; tables && tables[i]; i++)
    if (!strcmp (tables[i], t))
      return TRUE;
  return FALSE;
}

/* Each unit's staffed beds in the plan against the base, from the daily
 * outputs: how many, from when (and to when), and on an average day. */
static void
unit_changes (RpHtml *c, GString *s, const RpRun *b, const RpRun *pr)
{
  PksLang lang = c->lang;
  for (guint u = 0; u < pr->units_daily->len; u++)
    {
      const RpDaily *pd = g_ptr_array_index (pr->units_daily, u);
      const RpDaily *bd = rp_unit_daily (b, pd->name);
      int first = -1, last = -1;
      double peak = 0, sum = 0;
      gboolean steady = TRUE;
      for (guint i = 0; i < b->n_days && i < pr->n_days; i++)
        {
          double x = (isnan (pd->staffed[i]) ? 0 : pd->staffed[i])
                     - (bd && !isnan (bd->staffed[i]) ? bd->staffed[i] : 0);
          sum += x;
          if (fabs (x) < 0.5)
            continue;
          if (first < 0)
            first = (int) i;
          else if (fabs (x - peak) >= 0.5)
            steady = FALSE;
          last = (int) i;
          if (fabs (x) > fabs (peak))
            peak = x;
        }
      if (first < 0)
        continue;
      /* a gap inside the period is not steady either */
      for (int i = first; i <= last && steady; i++)
        {
          double x = pd->staffed[i] - (bd ? bd->staffed[i] : 0);
          steady = fabs (x - peak) < 0.5;
        }
      g_autofree char *un = rp_esc (pd->name);
      g_autofree char *pk = rp_signed (peak, 0, lang);
      g_autofree char *from = day_words (b, (guint) first, lang);
      g_autofree char *mean = rp_signed (sum / MAX (1u, b->n_days), 1, lang);
      g_string_append_printf (s, "<li><b>%s</b>: %s%s %s %s", un, steady ? "" : L (lang, "upp till ", "up to "),
                              pk, L (lang, "disponibla vårdplatser från", "staffed beds from"), from);
      if ((guint) last + 1 < b->n_days)
        {
          g_autofree char *to = day_words (b, (guint) last, lang);
          g_string_append_printf (s, L (lang, " till %s", " to %s"), to);
        }
      g_string_append_printf (s, L (lang, ", i medel %s per dag över perioden%s</li>\n",
                                    ", on average %s a day over the period%s</li>\n"),
                              mean, steady ? "" : L (lang, " (färre de dagar personalen inte räcker)",
                                                     " (fewer on days the staff do not suffice)"));
    }
}

/* The plan's own tables, run.json's entries the base does not have, as
 * list items into s (what a folder of a pks before plan_changes.csv
 * tells). */
static void
own_tables (RpHtml *c, GString *s, const RpRun *pr)
{
  PksLang lang = c->lang;
  for (guint i = 0; pr->tables && pr->tables[i]; i++)
    {
      const char *t = pr->tables[i];
      if (in_tables (c->d->base->tables, t))
        continue;
      const char *eq = strstr (t, " = ");
      if (eq == NULL)
        continue;
      g_autofree char *kind = g_strndup (t, eq - t);
      g_autofree char *rest = g_strdup (eq + 3);
      char *paren = strrchr (rest, '(');
      g_autofree char *rows = NULL;
      if (paren && paren > rest)
        {
          rows = g_strndup (paren + 1, strcspn (paren + 1, " )"));
          paren[-1] = '\0';
        }
      g_autofree char *file = g_path_get_basename (rest);
      g_autofree char *fe = rp_esc (file);
      int nrows = rows ? atoi (rows) : -1;
      g_string_append_printf (s, L (lang, "<li>Egen tabell över %s: <code>%s</code>",
                                    "<li>Its own table of %s: <code>%s</code>"),
                              table_words (kind, lang), fe);
      if (nrows >= 0)
        g_string_append_printf (s, " (%d %s)", nrows,
                                nrows == 1 ? L (lang, "rad", "row") : L (lang, "rader", "rows"));
      g_string_append (s, "</li>\n");
    }
}

void
rp_compare_changes (RpHtml *c)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpRun *pr = g_ptr_array_index (d->plans, p);
      g_autofree char *pn = rp_esc (plan_name (d, p));
      gboolean rows = d->plan_info && p < d->plan_info->len && g_ptr_array_index (d->plan_info, p);
      g_string_append_printf (c->h, "<h3>%s</h3>\n", pn);
      GString *s = g_string_new (NULL);
      unit_changes (c, s, d->base, pr);
      if (!rows)
        own_tables (c, s, pr);
      if (s->len)
        g_string_append_printf (c->h, "<ul class=\"changes\">\n%s</ul>\n", s->str);
      else if (!rows)
        g_string_append_printf (c->h, "<p>%s</p>\n",
                                L (lang, "Inga ändrade vårdplatser eller egna tabeller; se "
                                         "inställningarna i bilagan.",
                                   "No changed beds or tables of its own; see the settings in the "
                                   "appendix."));
      g_string_free (s, TRUE);
      /* its own rows, keys and cells, and its effective change per unit
       * (plan_changes.csv, report-plans.c) */
      rp_plan_block (c, p);
    }
}

/* ---- the difference day by day --------------------------------------- */

typedef struct {
  const char *title;
  const RpText *t;
  PksLang lang;
  PksDate start;
  guint n_days;
  const RpDayDiff *x;
} DayChart;

static void
draw_days (cairo_t *cr, double w, double h, gpointer data)
{
  DayChart *c = data;
  gboolean sv = c->t->comma, en = c->lang == PKS_LANG_EN;
  PksPlot p;
  pks_plot_init (&p, cr, w, h, c->title, 5);
  PksLegendItem items[] = {
    { PKS_MARK_STEP, pks_col_staffed, en ? "Staffed beds added" : "Tillagda disponibla vårdplatser" },
    { PKS_MARK_LINE, pks_col_base, en ? "Patients in beds" : "Inneliggande patienter" },
    { PKS_MARK_LINE, pks_col_plan[0], en ? "Patients above staffed beds" : "Patienter över disponibla vårdplatser" },
    { PKS_MARK_BAND, pks_col_ink, en ? "95 % CI of the day's mean" : "95 % KI för dagens medelvärde" },
  };
  pks_plot_legend (&p, items, G_N_ELEMENTS (items));
  double lo = 0, hi = 0;
  const double *series[] = { c->x->staffed, c->x->census[1], c->x->census[2], c->x->over[1],
                             c->x->over[2], c->x->census[0], c->x->over[0] };
  for (guint k = 0; k < G_N_ELEMENTS (series); k++)
    for (guint i = 0; i < c->n_days; i++)
      if (!isnan (series[k][i]))
        {
          lo = MIN (lo, series[k][i]);
          hi = MAX (hi, series[k][i]);
        }
  if (hi - lo < 1)
    hi = lo + 1;
  double pad = 0.06 * (hi - lo);
  lo -= lo < 0 ? pad : 0;
  hi += pad;
  PksTicks yt, xt;
  pks_ticks_nice (&yt, &lo, &hi, 6, sv);
  pks_ticks_months (&xt, c->start, c->n_days, c->t->months);
  pks_plot_set_range (&p, 0, c->n_days, lo, hi);
  pks_plot_axes (&p, &xt, &yt, c->t->date_x,
                 en ? "Plan − base (patients, beds)" : "Plan − bas (patienter, platser)");
  pks_plot_hline (&p, 0, pks_col_ink, FALSE, NULL);
  g_autofree double *x = g_new (double, MAX (1u, c->n_days));
  g_autofree double *xs = g_new (double, MAX (1u, c->n_days));
  for (guint i = 0; i < c->n_days; i++)
    {
      x[i] = i + 0.5;
      xs[i] = i;
    }
  pks_plot_band (&p, x, c->x->census[1], c->x->census[2], c->n_days, pks_col_base, 0.22);
  pks_plot_band (&p, x, c->x->over[1], c->x->over[2], c->n_days, pks_col_plan[0], 0.22);
  pks_plot_step (&p, xs, c->x->staffed, c->n_days, c->n_days, pks_col_staffed, 1.6, FALSE);
  pks_plot_line (&p, x, c->x->census[0], c->n_days, pks_col_base, 1.2, FALSE);
  pks_plot_line (&p, x, c->x->over[0], c->n_days, pks_col_plan[0], 1.2, FALSE);
}

static void
day_chart (RpHtml *c, guint p, const RpDayDiff *x, const char *caption)
{
  const RpData *d = c->d;
  g_autofree char *title = g_strdup_printf ("%s − %s: %s", plan_name (d, p), c->t->base, x->name);
  DayChart dc = { title, c->t, c->lang, d->base->start, d->base->n_days, x };
  g_autofree char *name = g_strdup_printf ("days-%s-%s", plan_name (d, p), x->name);
  rp_emit_chart (c, draw_days, &dc, 250, title, name, caption);
}

void
rp_compare_days (RpHtml *c)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  if (d->day_diffs->len == 0)
    {
      g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n",
                              L (lang, "Mappen saknar daily_diff.csv (skriven av en äldre pks): kör "
                                       "jämförelsen igen för skillnaden dag för dag.",
                                 "The folder has no daily_diff.csv (written by an older pks): run the "
                                 "comparison again for the day-by-day difference."));
      return;
    }
  const char *cap = L (lang, "Skillnaden plan − bas dag för dag vid dygnets mätpunkt, parvis med "
                             "gemensamma slumptal; det skuggade fältet är 95 % KI för dagens "
                             "medelskillnad. Trappan är de tillagda disponibla vårdplatserna (alla "
                             "vårdplatser, även psykiatrins och de tekniska).",
                       "The difference plan − base day by day at the daily census, paired with "
                       "common random numbers; the shaded area is the 95 % CI of the day's mean "
                       "difference. The steps are the staffed beds added (every bed, psychiatric "
                       "and technical too).");
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpDayDiff *x = rp_day_diff (d, p, "region", NULL);
      if (x)
        day_chart (c, p, x, p + 1 == d->plans->len ? cap : NULL);
    }
  gboolean open = FALSE;
  for (guint p = 0; p < d->plans->len; p++)
    for (guint i = 0; i < d->day_diffs->len; i++)
      {
        const RpDayDiff *x = g_ptr_array_index (d->day_diffs, i);
        if (x->plan != p || strcmp (x->scope, "site"))
          continue;
        if (!open)
          g_string_append_printf (c->h, "<details class=\"sites\"><summary>%s</summary>\n",
                                  L (lang, "Samma per sjukhus", "The same per hospital"));
        open = TRUE;
        day_chart (c, p, x, NULL);
      }
  if (open)
    g_string_append (c->h, "</details>\n");
}

/* ---- every figure's difference --------------------------------------- */

/* Per plan the region's paired differences: counts relative to the base
 * (so they share an axis), shares in percentage points. */
static void
forest_charts (RpHtml *c)
{
  const RpData *d = c->d;
  const char *reg = region_name (d);
  gboolean costs = any_cost (d);
  guint nh;
  const RpMetric *hl = rp_headline (&nh);
  for (int pct = 0; pct < 2; pct++)
    {
      if (pct)
        g_string_append_printf (c->h, "<details><summary>%s</summary>\n",
                                L (c->lang, "Andelarna (vårdgarantin, beläggningen) i procentenheter",
                                   "The shares (the care guarantee, occupancy) in percentage points"));
      for (guint p = 0; p < d->plans->len; p++)
        {
          const char *pn = plan_name (d, p);
          g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (PksForestRow));
          g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
          gboolean neutral = FALSE;
          for (guint i = 0; i < nh; i++)
            {
              const RpMetric *m = &hl[i];
              if (m->pct != pct || (m->cost && !costs))
                continue;
              const RpDiff *x = rp_diff (d, p, "region", reg, m->metric);
              if (x == NULL || isnan (x->diff))
                continue;
              double k = pct ? 1.0 : (fabs (x->base) > 1e-9 ? 100.0 / fabs (x->base) : NAN);
              if (isnan (k))
                continue;   /* a count that is 0 in the base has no relative change */
              double kk = scale_of (d, m);
              int dec = rp_diff_decimals (m->decimals, x->lo * kk, x->hi * kk);
              g_autofree char *dv = rp_signed (x->diff * kk, dec, c->lang);
              g_autofree char *rel = rp_signed (x->diff * k, 1, c->lang);
              const char *u = rp_metric_unit (m, c->lang);
              char *txt = pct ? g_strdup (dv) : g_strdup_printf ("%s %s (%s %%)", dv, u, rel);
              g_ptr_array_add (texts, txt);
              RpVerdict v = rp_verdict (m->better, x->lo, x->hi);
              neutral |= v == RP_NEUTRAL;
              PksForestRow row = { rp_metric_short (m, c->lang), x->diff * k, x->lo * k, x->hi * k,
                                   rp_verdict_forest (v), txt };
              g_array_append_val (rows, row);
            }
          if (rows->len == 0)
            continue;
          g_autofree char *title = g_strdup_printf ("%s − %s: %s", pn, c->t->base,
                                                    pct ? c->t->forest_pp : c->t->forest_pct);
          PksForest f = { title, pct ? c->t->forest_pp : c->t->forest_pct, c->t->better, c->t->worse,
                          c->t->neither, neutral ? L (c->lang, "Varken bättre eller sämre",
                                                      "Neither better nor worse") : NULL,
                          rows->len, (const PksForestRow *) rows->data, c->t->comma, NULL, 0, NAN, NAN };
          g_autofree char *name = g_strdup_printf ("forest-%s-%s", pn, pct ? "pp" : "pct");
          rp_emit_chart (c, pks_forest_draw, &f, pks_forest_height (&f), title, name,
                         pct || p + 1 < d->plans->len ? NULL : c->t->forest_note);
        }
      if (pct)
        g_string_append (c->h, "</details>\n");
    }
}

/* ---- the report ------------------------------------------------------- */

void
rp_compare_report (RpHtml *c)
{
  const RpData *d = c->d;
  PksLang lang = c->lang;
  const RpRun *b = d->base;
  GString *sub = g_string_new (NULL);
  g_string_append_printf (sub, L (lang, "%s mot basen %s", "%s against the base %s"),
                          d->plans->len == 1 ? L (lang, "En plan", "One plan")
                                             : L (lang, "Planerna", "The plans"), b->scenario);
  g_autofree char *meta = rp_meta_line (c, b, d->reps, d->seed, d->run_date, NULL);
  rp_header (c, c->t->title_compare, sub->str, meta);
  g_string_free (sub, TRUE);

  rp_open_section (c, "answer", L (lang, "Svaret", "The answer"), 1);
  rp_compare_answer (c);
  rp_close_section (c);

  rp_open_section (c, "changes", L (lang, "Vad planerna ändrar", "What the plans change"), 0);
  rp_compare_changes (c);
  rp_close_section (c);

  rp_open_section (c, "days", L (lang, "Skillnaden dag för dag", "The difference day by day"), 0);
  rp_compare_days (c);
  rp_close_section (c);

  rp_open_section (c, "differences", c->t->sec_forest, 0);
  forest_charts (c);
  rp_close_section (c);

  rp_open_section (c, "headline", c->t->sec_headline, 0);
  rp_headline_compare (c);
  rp_close_section (c);

  rp_open_section (c, "guarantee", c->t->sec_guarantee, 0);
  rp_findings_compare (c->h, d, lang, c->vg_target);
  g_string_append_printf (c->h, "<details><summary>%s</summary>\n",
                          L (lang, "Vårdgarantin per enhet, bas och planer", "The care guarantee by unit, base and plans"));
  rp_guarantee_chart (c, 1);
  rp_guarantee_chart (c, 0);
  g_string_append (c->h, "</details>\n");
  rp_close_section (c);

  rp_open_section (c, "appendix", L (lang, "Bilaga: detaljer och inställningar",
                                     "Appendix: details and settings"), 2);
  g_string_append_printf (c->h, "<details><summary>%s</summary>\n",
                          L (lang, "Inneliggande patienter och disponibla vårdplatser, bas och plan",
                             "Patients in beds and staffed beds, base and plan"));
  rp_census_charts (c);
  g_string_append (c->h, "</details>\n");
  g_string_append_printf (c->h, "<details><summary>%s</summary>\n",
                          L (lang, "Väntelistor per månad, bas och plan", "Waiting lists by month, base and plan"));
  rp_waiting_charts (c);
  g_string_append (c->h, "</details>\n");
  g_autofree char *bn = rp_esc (b->scenario);
  g_autofree char *bf = rp_file_words (b->file, lang);
  g_autofree char *bfe = rp_esc (bf);
  g_string_append_printf (c->h, "<h3>%s: %s <span class=\"note\">(<code>%s</code>)</span></h3>\n",
                          L (lang, "Inställningar för basen", "Settings of the base"), bn, bfe);
  rp_settings_words (c, b, NULL);
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpRun *pr = g_ptr_array_index (d->plans, p);
      g_autofree char *pn = rp_esc (plan_name (d, p));
      g_autofree char *pf = rp_file_words (pr->file, lang);
      g_autofree char *pfe = rp_esc (pf);
      g_string_append_printf (c->h, "<h3>%s %s <span class=\"note\">(<code>%s</code>)</span></h3>\n", pn,
                              L (lang, "där den skiljer sig från basen", "where it differs from the base"), pfe);
      rp_settings_words (c, pr, b);
    }
  rp_close_section (c);
}
