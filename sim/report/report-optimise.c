/* report-optimise.c — the report of `pks optimise`: the answer in a
 * sentence, the ranked allocations side by side (units as rows, figures
 * with their 95 % CIs below), a chart of each allocation's objective
 * against the base, and how the answer was found. */
#include "report-internal.h"

#include <math.h>
#include <string.h>

#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))

const char rp_optimise_css[] =
  ".answer{font-size:1.2em;font-weight:600;margin:.3em 0 .5em}\n"
  ".wide{overflow-x:auto}\n"
  "table.alloc{width:auto;min-width:50%;font-size:.93em}\n"
  "table.alloc th,table.alloc td{text-align:right;white-space:nowrap;padding:4px 8px}\n"
  "table.alloc tbody th{text-align:left;white-space:normal;min-width:8em}\n"
  "table.alloc thead th{vertical-align:bottom}table.alloc thead th:first-child{text-align:left}\n"
  "table.alloc .sub{display:block;font-weight:400;font-size:.8em;color:var(--muted)}\n"
  "table.alloc td .ci{display:block;white-space:normal}\n"
  "table.alloc .best{background:#e6f2e9}table.alloc thead th.best{background:#cfe6d6}\n"
  "table.alloc .base{color:var(--muted)}\n"
  "table.alloc tr.first-figure th,table.alloc tr.first-figure td{border-top:2px solid #999}\n"
  ".v.better{color:var(--better)}.v.worse{color:var(--worse)}\n"
  "@media print{table.alloc .best{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* The resource's name in the report's language, plural unless n is 1. */
static const char *
resource_words (const char *res, int n, PksLang lang)
{
  gboolean one = n == 1 || n == -1;
  if (!g_strcmp0 (res, "staffed_beds"))
    return one ? L (lang, "disponibel vårdplats", "staffed bed")
               : L (lang, "disponibla vårdplatser", "staffed beds");
  if (!g_strcmp0 (res, "beds"))
    return one ? L (lang, "vårdplats", "bed") : L (lang, "vårdplatser", "beds");
  if (!g_strcmp0 (res, "or_sessions_per_week"))
    return one ? L (lang, "operationspass per vecka", "OR session a week")
               : L (lang, "operationspass per vecka", "OR sessions a week");
  if (!g_strcmp0 (res, "visit_slots_per_week"))
    return one ? L (lang, "nybesökstid per vecka", "first-visit slot a week")
               : L (lang, "nybesökstider per vecka", "first-visit slots a week");
  return res;
}

/* Decimals that show about two significant digits of the narrowest
 * nonzero 95 % half-width among v (n triples mean, lo, hi), 0 to 4. */
static int
decimals_for (const double *v, guint n)
{
  double hw = INFINITY, big = 0;
  for (guint i = 0; i < n; i++)
    {
      double h = (v[i * 3 + 2] - v[i * 3 + 1]) / 2;
      if (isfinite (h) && h > 1e-12)
        hw = MIN (hw, h);
      if (isfinite (v[i * 3]))
        big = MAX (big, fabs (v[i * 3]));
    }
  if (!isfinite (hw))
    hw = big > 0 ? big / 100 : 1;
  return CLAMP (1 - (int) floor (log10 (hw)), 0, 4);
}

typedef struct {
  int obj, gap, vs;       /* decimals of the objective, gaps to the best, changes from the base */
} Decimals;

static Decimals
decimals (const RpOptimise *op)
{
  guint n = op->ranked->len;
  g_autofree double *o = g_new (double, 3 * (n + 1)), *g = g_new (double, 3 * n),
                    *v = g_new (double, 3 * n);
  for (guint i = 0; i < n; i++)
    {
      const RpAlloc *a = g_ptr_array_index (op->ranked, i);
      const double oi[] = { a->objective.mean, a->objective.lo, a->objective.hi };
      const double gi[] = { a->gap.mean, a->gap.lo, a->gap.hi };
      const double vi[] = { a->vs_mean, a->vs_lo, a->vs_hi };
      memcpy (o + 3 * i, oi, sizeof oi);
      memcpy (g + 3 * i, gi, sizeof gi);
      memcpy (v + 3 * i, vi, sizeof vi);
    }
  const double base[] = { op->base_mean, op->base_lo, op->base_hi };
  memcpy (o + 3 * n, base, sizeof base);
  return (Decimals) { decimals_for (o, n + 1), decimals_for (g, n), decimals_for (v, n) };
}

/* The indifference zone, with two or three significant digits. */
static char *
delta_text (double delta, PksLang lang)
{
  return rp_num (delta, delta >= 100 ? 0 : delta >= 10 ? 1 : delta >= 1 ? 2 : 3, lang);
}

/* Large counts as people read them: 3,17 × 10¹² beyond ten million. */
static char *
count_text (double v, PksLang lang)
{
  if (!(fabs (v) >= 1e7))
    return rp_num (v, 0, lang);
  static const char *const sup[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  int e = (int) floor (log10 (fabs (v)));
  g_autofree char *m = rp_num (v / pow (10, e), 2, lang);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%s × 10", m);
  g_autofree char *digits = g_strdup_printf ("%d", e);
  for (const char *p = digits; *p; p++)
    g_string_append (s, sup[*p - '0']);
  return g_string_free (s, FALSE);
}

/* +1 clearly better, -1 clearly worse, 0 not told apart: a difference
 * whose 95 % CI excludes 0, judged by the direction of the objective. */
static int
verdict (const RpOptimise *op, double lo, double hi)
{
  if (isnan (lo) || isnan (hi) || (lo <= 0 && hi >= 0))
    return 0;
  gboolean higher = lo > 0;
  return higher == op->maximise ? 1 : -1;
}

static const char *
verdict_class (int v)
{
  return v > 0 ? "better" : v < 0 ? "worse" : "unsure";
}

/* "Medicin A +3, Medicin B +1" (or "nothing added"). */
static char *
shares_text (const RpAlloc *a, const char *sep, PksLang lang)
{
  if (a->shares->len == 0)
    return g_strdup (L (lang, "inget tillagt", "nothing added"));
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < a->shares->len; i++)
    {
      const RpShare *sh = &g_array_index (a->shares, RpShare, i);
      g_string_append_printf (s, "%s%s %+d", i ? sep : "", sh->unit, sh->amount);
    }
  return g_string_free (s, FALSE);
}

/* ---- the problem in words ------------------------------------------ */

/* The objective as people read it: each metric name of the expression
 * (as pks writes it, "outlied_days + 3 × cancelled_operations") replaced
 * by its label in lower case. (transfer full) */
static char *
objective_words (const char *objective, PksLang lang)
{
  GString *s = g_string_new (NULL);
  for (const char *p = objective; *p;)
    {
      if (g_ascii_islower (*p) || *p == '_')
        {
          gsize n = strspn (p, "abcdefghijklmnopqrstuvwxyz0123456789_");
          g_autofree char *name = g_strndup (p, n);
          const RpMetric *m = rp_metric_info (name);
          const char *label = m ? rp_metric_label (m, lang) : NULL;
          if (label)
            {
              g_autofree char *low = g_utf8_strdown (label, -1);
              g_string_append (s, low);
            }
          else
            g_string_append (s, name);
          p += n;
        }
      else
        g_string_append_c (s, *p++);
    }
  return g_string_free (s, FALSE);
}

/* s with its first letter in upper case ("Överbeläggningsdygn …").
 * (transfer full) */
static char *
capitalised (const char *s)
{
  if (s == NULL || *s == '\0')
    return g_strdup ("");
  gunichar c = g_unichar_toupper (g_utf8_get_char (s));
  char buf[8];
  buf[g_unichar_to_utf8 (c, buf)] = '\0';
  return g_strconcat (buf, g_utf8_next_char (s), NULL);
}

/* What was asked, in a sentence under the answer. */
static void
problem (RpHtml *c, const RpOptimise *op)
{
  PksLang lang = c->lang;
  g_autofree char *obj = objective_words (op->objective, lang);
  g_autofree char *oe = rp_esc (obj);
  GString *units = g_string_new (NULL);
  for (guint i = 0; i < op->units->len; i++)
    {
      g_autofree char *u = rp_esc (g_ptr_array_index (op->units, i));
      const char *sep = i == 0 ? "" : i + 1 == op->units->len ? L (lang, " och ", " and ") : ", ";
      g_string_append_printf (units, "%s%s", sep, u);
    }
  if (op->max_per_unit > 0)
    g_string_append_printf (units, L (lang, ", högst %d per enhet", ", at most %d a unit"),
                            op->max_per_unit);
  g_string_append_printf (c->h, L (lang,
                                   "<p class=\"note\">Frågan: var gör %d %s mest nytta bland %s, "
                                   "räknat på %s under perioden (%s)?</p>\n",
                                   "<p class=\"note\">The question: where do %d %s do most among %s, "
                                   "counted on %s over the period (%s)?</p>\n"),
                          op->added, resource_words (op->resource, op->added, lang), units->str, oe,
                          op->maximise ? L (lang, "högre är bättre", "higher is better")
                                       : L (lang, "lägre är bättre", "lower is better"));
  g_string_free (units, TRUE);
}

/* ---- the answer ------------------------------------------------------ */

/* An objective that is the region's care-guarantee share, read against
 * --vg-target (100 % unless given: the guarantee's promise) by the rule of
 * the run's findings: a share misses when its whole interval lies below. */
static void
guarantee_target (RpHtml *c, const RpOptimise *op, const RpAlloc *best)
{
  PksLang lang = c->lang;
  gboolean tr = strcmp (op->objective, "vg_treatment_pct") == 0;
  if (!tr && strcmp (op->objective, "vg_first_visit_pct") != 0)
    return;
  const RpEst base = { op->base_mean, op->base_lo, op->base_hi, NULL, NULL, NULL };
  gboolean mb = rp_misses (&base, c->vg_target), ma = rp_misses (&best->objective, c->vg_target);
  g_autofree char *tg = rp_num (c->vg_target, 0, lang);
  g_autofree char *goal = g_strdup_printf (L (lang, "%s %% inom %.0f dagar till %s", "%s %% within %.0f days for %s"),
                                           tg, tr ? c->d->base->tr_days : c->d->base->fv_days,
                                           tr ? L (lang, "behandling", "treatment")
                                              : L (lang, "nybesök", "a first visit"));
  if (mb && ma)
    g_string_append_printf (c->h, L (lang,
                                     "<li>Vårdgarantins mål, %s, nås varken i basen eller med svaret: "
                                     "svarets 95 %% KI slutar under målet.</li>\n",
                                     "<li>The care-guarantee target, %s, is missed in the base and "
                                     "with the answer: the answer's 95 %% CI ends below it.</li>\n"),
                            goal);
  else if (mb)
    g_string_append_printf (c->h, L (lang, "<li>Med svaret nås vårdgarantins mål, %s, som basen missar.</li>\n",
                                     "<li>With the answer the region meets the care-guarantee target, %s, "
                                     "which the base misses.</li>\n"),
                            goal);
  else if (ma)
    g_string_append_printf (c->h, L (lang, "<li>Med svaret missas vårdgarantins mål, %s, som basen når.</li>\n",
                                     "<li>With the answer the region misses the care-guarantee target, %s, "
                                     "which the base meets.</li>\n"),
                            goal);
  else
    g_string_append_printf (c->h, L (lang, "<li>Vårdgarantins mål, %s, nås redan i basen.</li>\n",
                                     "<li>The base already meets the care-guarantee target, %s.</li>\n"),
                            goal);
}

/* "Lägg 4 disponibla vårdplatser: 3 på Medicin A och 1 på Medicin B." */
static void
answer (RpHtml *c, const RpOptimise *op, const Decimals *dec)
{
  PksLang lang = c->lang;
  const RpAlloc *best = g_ptr_array_index (op->ranked, 0);
  int total = 0;
  for (guint i = 0; i < best->shares->len; i++)
    total += g_array_index (best->shares, RpShare, i).amount;
  GString *s = g_string_new (NULL);
  const char *res = resource_words (op->resource, total, lang);
  if (best->shares->len == 0)
    g_string_append_printf (s, L (lang, "Lägg inga %s.", "Add no %s."),
                            resource_words (op->resource, 0, lang));
  else if (best->shares->len == 1)
    {
      g_autofree char *u = rp_esc (g_array_index (best->shares, RpShare, 0).unit);
      g_string_append_printf (s, L (lang, "Lägg %d %s på %s.", "Put %d %s on %s."), total, res, u);
    }
  else
    {
      g_string_append_printf (s, L (lang, "Lägg %d %s: ", "Put %d %s: "), total, res);
      for (guint i = 0; i < best->shares->len; i++)
        {
          const RpShare *sh = &g_array_index (best->shares, RpShare, i);
          g_autofree char *u = rp_esc (sh->unit);
          const char *sep = i == 0 ? "" : i + 1 == best->shares->len ? L (lang, " och ", " and ") : ", ";
          g_string_append_printf (s, L (lang, "%s%d på %s", "%s%d on %s"), sep, sh->amount, u);
        }
      g_string_append_c (s, '.');
    }
  g_string_append_printf (c->h, "<p class=\"answer\">%s</p>\n<ul class=\"findings\">\n", s->str);
  g_string_free (s, TRUE);

  /* the objective then, against the base, and the paired change */
  g_autofree char *ow = objective_words (op->objective, lang);
  g_autofree char *owc = capitalised (ow);
  g_autofree char *objtext = rp_esc (owc);
  g_autofree char *m = rp_num (best->objective.mean, dec->obj, lang);
  g_autofree char *ci = rp_interval (best->objective.lo, best->objective.hi, dec->obj, lang);
  g_autofree char *bm = rp_num (op->base_mean, dec->obj, lang);
  g_autofree char *bci = rp_interval (op->base_lo, op->base_hi, dec->obj, lang);
  g_autofree char *vm = rp_signed (best->vs_mean, dec->vs, lang);
  g_autofree char *vci = rp_interval (best->vs_lo, best->vs_hi, dec->vs, lang);
  const char *dir = op->maximise ? L (lang, "högre är bättre", "higher is better")
                                 : L (lang, "lägre är bättre", "lower is better");
  g_string_append_printf (c->h, L (lang,
                                   "<li>%s (%s) blir då %s (95 %% KI %s) under perioden mot %s (%s) "
                                   "utan tillskott: en förändring med <span class=\"v %s\">%s</span> "
                                   "(95 %% KI %s), parvis med gemensamma slumptal.</li>\n",
                                   "<li>%s (%s) is then %s (95 %% CI %s) over the period against %s "
                                   "(%s) with nothing added: a change of <span class=\"v %s\">%s</span> "
                                   "(95 %% CI %s), paired with common random numbers.</li>\n"),
                          objtext, dir, m, ci, bm, bci,
                          verdict_class (verdict (op, best->vs_lo, best->vs_hi)), vm, vci);
  guarantee_target (c, op, best);

  /* the runner-up: as good for practical purposes, or clearly worse */
  if (op->ranked->len > 1)
    {
      const RpAlloc *two = g_ptr_array_index (op->ranked, 1);
      g_autofree char *al = shares_text (two, ", ", lang);
      g_autofree char *ale = rp_esc (al);
      g_autofree char *gm = rp_signed (two->gap.mean, dec->gap, lang);
      g_autofree char *gci = rp_interval (two->gap.lo, two->gap.hi, dec->gap, lang);
      g_autofree char *dl = delta_text (op->delta, lang);
      guint same = 0;
      for (guint i = 1; i < op->ranked->len; i++)
        {
          const RpAlloc *a = g_ptr_array_index (op->ranked, i);
          same += verdict (op, a->gap.lo, a->gap.hi) == 0;
        }
      if (verdict (op, two->gap.lo, two->gap.hi) == 0 || fabs (two->gap.mean) <= op->delta)
        g_string_append_printf (c->h, L (lang,
                                         "<li>Tvåan (%s) skiljer sig från svaret med %s (95 %% KI %s). "
                                         "Skillnader under %s räknas här som lika bra (indifferenszonen), "
                                         "så tvåan är i praktiken lika bra: välj bland de översta för "
                                         "skäl som modellen inte ser.",
                                         "<li>The runner-up (%s) differs from the answer by %s (95 %% CI %s). "
                                         "Differences under %s count as equally good here (the "
                                         "indifference zone), so it is as good for practical purposes: "
                                         "choose among the top ones for reasons the model does not see."),
                                ale, gm, gci, dl);
      else
        g_string_append_printf (c->h, L (lang,
                                         "<li>Tvåan (%s) är säkert sämre än svaret: %s (95 %% KI %s), mer "
                                         "än %s, gränsen under vilken skillnader räknas som lika bra "
                                         "(indifferenszonen).",
                                         "<li>The runner-up (%s) is clearly worse than the answer: %s "
                                         "(95 %% CI %s), more than %s, the limit under which "
                                         "differences count as equally good (the indifference zone)."),
                                ale, gm, gci, dl);
      guint others = op->ranked->len - 1;
      if (same == 0)
        g_string_append (c->h, L (lang, " De andra allokeringarna i tabellen är alla säkert sämre.</li>\n",
                                        " The other allocations in the table are all clearly worse.</li>\n"));
      else if (same == others)
        g_string_append_printf (c->h, L (lang,
                                         " Ingen av de %u andra allokeringarna i tabellen går att skilja "
                                         "från svaret.</li>\n",
                                         " None of the %u other allocations in the table can be told apart "
                                         "from the answer.</li>\n"),
                                others);
      else
        g_string_append_printf (c->h, L (lang,
                                         " %u av de %u andra allokeringarna i tabellen går inte att skilja "
                                         "från svaret.</li>\n",
                                         " %u of the %u other allocations in the table cannot be told "
                                         "apart from the answer.</li>\n"),
                                same, others);
    }
  g_string_append (c->h, "</ul>\n");
}

/* ---- side by side ---------------------------------------------------- */

/* A figure's cell: the value over its interval; data attributes keep
 * optimise.csv's strings (when it came from there) for checking. */
static void
figure_cell (RpHtml *c, const char *cls, const char *attrs, double mean, double lo, double hi,
             int dec, gboolean sign, int v)
{
  if (isnan (mean))
    {
      g_string_append_printf (c->h, "<td class=\"num%s\">–</td>", cls);
      return;
    }
  g_autofree char *m = sign ? rp_signed (mean, dec, c->lang) : rp_num (mean, dec, c->lang);
  g_autofree char *ci = rp_interval (lo, hi, dec, c->lang);
  g_string_append_printf (c->h, "<td class=\"num%s\"%s><span class=\"v%s%s\">%s</span>", cls,
                          attrs ? attrs : "", sign ? " " : "", sign ? verdict_class (v) : "", m);
  if (*ci && hi - lo > 1e-12)
    g_string_append_printf (c->h, "<span class=\"ci\">%s</span>", ci);
  g_string_append (c->h, "</td>");
}

static char *
est_attrs (const char *prefix, const RpEst *e)
{
  g_autofree char *m = rp_esc (e->s_mean), *l = rp_esc (e->s_lo), *h = rp_esc (e->s_hi);
  return g_strdup_printf (" data-%s-mean=\"%s\" data-%s-ci-low=\"%s\" data-%s-ci-high=\"%s\"", prefix,
                          m, prefix, l, prefix, h);
}

/* Columns: the ranked allocations (rank 1, the answer, highlighted) and
 * the base; rows: every candidate unit given something in any of them,
 * then the objective, the paired gap to the answer and the paired change
 * from the base, each with its 95 % CI. */
static void
side_by_side (RpHtml *c, const RpOptimise *op, const Decimals *dec)
{
  PksLang lang = c->lang;
  guint n = op->ranked->len;
  const RpAlloc *best = g_ptr_array_index (op->ranked, 0);
  g_string_append_printf (c->h, L (lang,
                                   "<p class=\"note\">Kolumnerna är allokeringarna i rangordning, 1 är "
                                   "svaret; sist basen utan tillskott. Medelvärden över samma %u "
                                   "replikeringar för alla (gemensamma slumptal), under dem 95 %% "
                                   "konfidensintervall. Skillnaderna är parvisa: grönt där de är säkert "
                                   "bättre, rött där de är säkert sämre (intervallet utesluter 0).</p>\n",
                                   "<p class=\"note\">The columns are the allocations in rank order, 1 "
                                   "being the answer, and last the base with nothing added. Means over the "
                                   "same %u replications for all (common random numbers), under them the "
                                   "95 %% confidence intervals. Differences are paired: green where clearly "
                                   "better, red where clearly worse (the interval excludes 0).</p>\n"),
                          c->d->base->reps);
  g_string_append_printf (c->h, "<div class=\"wide\"><table class=\"alloc\">\n<thead><tr><th scope=\"col\">%s</th>",
                          c->t->unit);
  for (guint j = 0; j < n; j++)
    g_string_append_printf (c->h, "<th scope=\"col\" class=\"num%s\" data-rank=\"%u\">%u%s%s%s</th>",
                            j == 0 ? " best" : "", j + 1, j + 1, j == 0 ? "<span class=\"sub\">" : "",
                            j == 0 ? L (lang, "svaret", "the answer") : "", j == 0 ? "</span>" : "");
  g_string_append_printf (c->h, "<th scope=\"col\" class=\"num base\">%s<span class=\"sub\">%s</span></th>"
                                "</tr></thead>\n<tbody>\n",
                          c->t->base, L (lang, "inget tillagt", "nothing added"));

  /* units, in --units order, that any allocation shown gives something */
  g_autoptr (GPtrArray) idle = g_ptr_array_new ();
  for (guint u = 0; u < op->units->len; u++)
    {
      const char *unit = g_ptr_array_index (op->units, u);
      gboolean any = FALSE;
      for (guint j = 0; j < n && !any; j++)
        any = rp_alloc_amount (g_ptr_array_index (op->ranked, j), unit) != 0;
      if (!any)
        {
          g_ptr_array_add (idle, (gpointer) unit);
          continue;
        }
      g_autofree char *ue = rp_esc (unit);
      g_string_append_printf (c->h, "<tr class=\"unit\"><th scope=\"row\">%s</th>", ue);
      for (guint j = 0; j < n; j++)
        {
          int k = rp_alloc_amount (g_ptr_array_index (op->ranked, j), unit);
          if (k)
            g_string_append_printf (c->h, "<td class=\"num%s\" data-unit=\"%s\">%+d</td>", j == 0 ? " best" : "",
                                    ue, k);
          else
            g_string_append_printf (c->h, "<td class=\"num%s\"></td>", j == 0 ? " best" : "");
        }
      g_string_append (c->h, "<td class=\"num base\"></td></tr>\n");
    }

  g_autofree char *ow = objective_words (op->objective, lang);
  g_autofree char *owe = rp_esc (ow);
  g_string_append_printf (c->h, "<tr class=\"first-figure objective\"><th scope=\"row\">%s"
                                "<span class=\"sub\">%s, %s</span></th>",
                          L (lang, "Målfunktion", "Objective"), owe,
                          op->maximise ? L (lang, "högre är bättre", "higher is better")
                                       : L (lang, "lägre är bättre", "lower is better"));
  for (guint j = 0; j < n; j++)
    {
      const RpAlloc *a = g_ptr_array_index (op->ranked, j);
      g_autofree char *at = est_attrs ("objective", &a->objective);
      figure_cell (c, j == 0 ? " best" : "", at, a->objective.mean, a->objective.lo, a->objective.hi,
                   dec->obj, FALSE, 0);
    }
  figure_cell (c, " base", NULL, op->base_mean, op->base_lo, op->base_hi, dec->obj, FALSE, 0);
  g_string_append (c->h, "</tr>\n");

  g_string_append_printf (c->h, "<tr class=\"gap\"><th scope=\"row\">%s<span class=\"sub\">%s</span></th>",
                          L (lang, "Skillnad mot svaret", "Gap to the answer"),
                          L (lang, "parvis, allokeringen − svaret", "paired, allocation − answer"));
  for (guint j = 0; j < n; j++)
    {
      const RpAlloc *a = g_ptr_array_index (op->ranked, j);
      g_autofree char *at = est_attrs ("gap", &a->gap);
      if (j == 0)
        g_string_append_printf (c->h, "<td class=\"num best\"%s>–</td>", at);
      else
        figure_cell (c, "", at, a->gap.mean, a->gap.lo, a->gap.hi, dec->gap, TRUE,
                     verdict (op, a->gap.lo, a->gap.hi));
    }
  /* base − answer is the answer's change from the base, negated: paired too */
  figure_cell (c, " base", NULL, -best->vs_mean, -best->vs_hi, -best->vs_lo, dec->gap, TRUE,
               verdict (op, -best->vs_hi, -best->vs_lo));
  g_string_append (c->h, "</tr>\n");

  g_string_append_printf (c->h, "<tr class=\"vs-base\"><th scope=\"row\">%s<span class=\"sub\">%s</span></th>",
                          L (lang, "Förändring mot basen", "Change from the base"),
                          L (lang, "parvis, allokeringen − basen", "paired, allocation − base"));
  for (guint j = 0; j < n; j++)
    {
      const RpAlloc *a = g_ptr_array_index (op->ranked, j);
      figure_cell (c, j == 0 ? " best" : "", NULL, a->vs_mean, a->vs_lo, a->vs_hi, dec->vs, TRUE,
                   verdict (op, a->vs_lo, a->vs_hi));
    }
  g_string_append (c->h, "<td class=\"num base\">–</td></tr>\n</tbody></table></div>\n");
  if (idle->len > 0)
    {
      GString *s = g_string_new (NULL);
      for (guint i = 0; i < idle->len; i++)
        {
          g_autofree char *e = rp_esc (g_ptr_array_index (idle, i));
          g_string_append_printf (s, "%s%s", i ? ", " : "", e);
        }
      g_string_append_printf (c->h, L (lang,
                                       "<p class=\"note\">Kandidater som ingen av allokeringarna ger något: "
                                       "%s.</p>\n",
                                       "<p class=\"note\">Candidates that none of the allocations gives "
                                       "anything: %s.</p>\n"),
                              s->str);
      g_string_free (s, TRUE);
    }
}

/* The objective of each ranked allocation with its 95 % CI, against the
 * base's value (dashed, its CI shaded). */
static void
objective_chart (RpHtml *c, const RpOptimise *op, const Decimals *dec)
{
  PksLang lang = c->lang;
  guint n = op->ranked->len;
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree PksForestRow *rows = g_new0 (PksForestRow, n);
  for (guint j = 0; j < n; j++)
    {
      const RpAlloc *a = g_ptr_array_index (op->ranked, j);
      g_autofree char *al = shares_text (a, ", ", lang);
      char *label = g_strdup_printf ("%u: %s", j + 1, al);
      g_autofree char *m = rp_num (a->objective.mean, dec->obj, lang);
      g_autofree char *ci = rp_interval (a->objective.lo, a->objective.hi, dec->obj, lang);
      char *value = *ci ? g_strdup_printf ("%s (%s)", m, ci) : g_strdup (m);
      g_ptr_array_add (texts, label);
      g_ptr_array_add (texts, value);
      rows[j] = (PksForestRow) { label, a->objective.mean, a->objective.lo, a->objective.hi,
                                 j == 0 ? 1 : verdict (op, a->gap.lo, a->gap.hi) < 0 ? -1 : 0, value };
    }
  g_autofree char *bm = rp_num (op->base_mean, dec->obj, lang);
  g_autofree char *ref = g_strdup_printf (L (lang, "Bas, inget tillagt: %s (skuggat: 95 %% KI)",
                                             "Base, nothing added: %s (shaded: 95 %% CI)"), bm);
  g_autofree char *ow0 = objective_words (op->objective, lang);
  g_autofree char *ow = capitalised (ow0);
  g_autofree char *xlabel = g_strdup_printf (L (lang, "%s under perioden (%s)", "%s over the period (%s)"), ow,
                                             op->maximise ? L (lang, "högre är bättre", "higher is better")
                                                          : L (lang, "lägre är bättre", "lower is better"));
  const char *title = L (lang, "Målfunktionen för varje allokering", "The objective of each allocation");
  PksForest f = { title, xlabel, L (lang, "Svaret", "The answer"),
                  L (lang, "Säkert sämre än svaret", "Clearly worse than the answer"),
                  L (lang, "Går inte att skilja från svaret", "Not told apart from the answer"), NULL, n,
                  rows, c->t->comma, ref, op->base_mean, op->base_lo, op->base_hi };
  rp_emit_chart (c, pks_forest_draw, &f, pks_forest_height (&f), title, "optimise-objective",
                 L (lang,
                    "Medelvärde och 95 % konfidensintervall för varje allokering över samma replikeringar. "
                    "Intervallen överlappar ofta fast skillnaderna är säkra: de mäts parvis på samma "
                    "patienter (tabellen ovan). Färgen jämför med svaret; den streckade linjen är basen.",
                    "Mean and 95 % confidence interval of each allocation over the same replications. The "
                    "intervals often overlap where the differences are clear: those are measured in pairs "
                    "on the same patients (the table above). Colour compares with the answer; the dashed "
                    "line is the base."));
}

/* ---- how it was found ------------------------------------------------ */

static void
method (RpHtml *c, const RpOptimise *op)
{
  PksLang lang = c->lang;
  g_autofree char *sims = count_text (op->simulations, lang);
  g_autofree char *evals = count_text (op->evaluations, lang);
  g_autofree char *partial = count_text (op->partial, lang);
  g_autofree char *space = count_text (op->full_space, lang);
  g_autofree char *all = count_text (op->full_space * op->reps_final, lang);
  g_autofree char *dl = delta_text (op->delta, lang);
  double conf = 100 * (1 - op->alpha);
  g_autofree char *al = rp_num (conf, fabs (conf - round (conf)) < 1e-9 ? 0 : 1, lang);
  if (op->enumerated)
    g_string_append_printf (c->h, L (lang,
                                     "<p>Svaret hittades med %s simuleringar: alla %s möjliga allokeringar "
                                     "prövades på samma %.0f replikeringar (fullständig uppräkning, här "
                                     "billigare än den giriga sökningen). De %.0f bästa gick vidare till "
                                     "Kim–Nelsons sekventiella urval, som väljer den bästa med sannolikhet "
                                     "minst 1 − α = %s %% när den är minst δ = %s bättre än de andra "
                                     "(indifferenszonen δ: skillnader mindre än så räknas som lika "
                                     "bra), med högst %.0f replikeringar per allokering.</p>\n",
                                     "<p>The answer was found with %s simulations: all %s possible "
                                     "allocations were tried on the same %.0f replications (full "
                                     "enumeration, cheaper here than the greedy search). The best %.0f went "
                                     "on to Kim and Nelson's sequential selection, which picks the best with "
                                     "probability at least 1 − α = %s %% whenever it is at least δ = %s "
                                     "better than the rest (the indifference zone δ: smaller differences "
                                     "count as equally good), with at most %.0f replications an "
                                     "allocation.</p>\n"),
                            sims, space, op->reps_first, op->keep + 1, al, dl, op->reps_max);
  else
    g_string_append_printf (c->h, L (lang,
                                     "<p>Svaret hittades med %s simuleringar av %s allokeringar (och %s "
                                     "ofullständiga längs vägen). Först girig "
                                     "marginalallokering i %.0f steg: en enhet i taget dit den gör mest nytta, "
                                     "varje steg prövat på samma %.0f replikeringar. Sedan upp till %.0f av de "
                                     "bästa grannarna till det giriga svaret (en enhet flyttad) och "
                                     "Kim–Nelsons sekventiella urval, som väljer den bästa med sannolikhet "
                                     "minst 1 − α = %s %% när den är minst δ = %s bättre än de andra "
                                     "(indifferenszonen δ: skillnader mindre än så räknas som lika bra), "
                                     "med högst %.0f replikeringar per allokering. Att pröva alla %s möjliga "
                                     "allokeringar med %.0f replikeringar vardera hade krävt %s simuleringar.</p>\n",
                                     "<p>The answer was found with %s simulations of %s allocations (and %s "
                                     "partial ones on the way). First "
                                     "greedy marginal allocation in %.0f steps: one unit at a time where it "
                                     "does most, each step tried on the same %.0f replications. Then up to "
                                     "%.0f of the best neighbours of the greedy answer (one unit moved) and "
                                     "Kim and Nelson's sequential selection, which picks the best with "
                                     "probability at least 1 − α = %s %% whenever it is at least δ = %s "
                                     "better than the rest (the indifference zone δ: smaller differences "
                                     "count as equally good), with at most %.0f replications an "
                                     "allocation. Trying all %s possible allocations with %.0f replications "
                                     "each would have taken %s simulations.</p>\n"),
                            sims, evals, partial, op->greedy_steps, op->reps_first, op->keep, al, dl,
                            op->reps_max, space, op->reps_final, all);
  g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n",
                          L (lang, "Metoden och dess validering: docs/optimise.md.",
                                   "The method and its validation: docs/optimise.md."));
}

void
rp_optimise_body (RpHtml *c)
{
  const RpOptimise *op = c->d->optimise;
  const RpRun *b = c->d->base;
  Decimals dec = decimals (op);
  g_autofree char *meta = rp_meta_line (c, b, b->reps, b->seed, b->run_date, b->file);
  rp_header (c, c->t->title_optimise, b->scenario, meta);
  rp_open_section (c, "answer", L (c->lang, "Svaret", "The answer"), 1);
  answer (c, op, &dec);
  problem (c, op);
  rp_close_section (c);
  rp_open_section (c, "allocations", L (c->lang, "Allokeringarna sida vid sida", "The allocations side by side"),
                   0);
  side_by_side (c, op, &dec);
  objective_chart (c, op, &dec);
  rp_close_section (c);
  rp_open_section (c, "method", L (c->lang, "Så hittades svaret", "How it was found"), 2);
  method (c, op);
  rp_close_section (c);
}
