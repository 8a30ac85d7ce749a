/* report-findings.c — the report's short text of main findings, written
 * from the numbers (never canned): occupancy against the 85 % warning
 * line, when and where overcrowding peaks, transfers and cancellations,
 * which units miss the care guarantee, growing waiting lists, costs; and
 * for a comparison the clear differences of each plan. */
#include "report-internal.h"

#include <math.h>
#include <string.h>

#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))

/* Bagust, Place & Posnett (BMJ 1999): shortages rise steeply above this
 * mean occupancy (shared/domain.md, reference points). */
#define OCCUPANCY_WARNING 85.0

static void
item (GString *h, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
item (GString *h, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_string_append (h, "<li>");
  g_string_append_vprintf (h, fmt, ap);
  g_string_append (h, "</li>\n");
  va_end (ap);
}

/* "77,9 % (76,7–79,1)" style: the number with its interval when it has one. */
static char *
with_ci_unit (const RpEst *e, int decimals, double scale, const char *unit, PksLang lang)
{
  g_autofree char *m = rp_num (e->mean * scale, decimals, lang);
  if (isnan (e->lo) || isnan (e->hi) || e->hi - e->lo < 1e-12)
    return g_strconcat (m, unit, NULL);
  g_autofree char *lo = rp_num (e->lo * scale, decimals, lang);
  g_autofree char *hi = rp_num (e->hi * scale, decimals, lang);
  return g_strdup_printf ("%s%s (95 %% %s %s–%s)", m, unit, L (lang, "KI", "CI"), lo, hi);
}

static char *
with_ci (const RpEst *e, int decimals, double scale, PksLang lang)
{
  return with_ci_unit (e, decimals, scale, "", lang);
}

static const char *
month_name (const RpRun *r, guint mi, PksLang lang)
{
  int m0 = pks_date_month (r->start) - 1;
  return rp_text (lang)->months_long[(m0 + mi) % 12];
}

static const RpEntity *
region (const RpRun *r)
{
  for (guint i = 0; i < r->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (r->entities, i);
      if (!strcmp (e->scope, "region"))
        return e;
    }
  return NULL;
}

static const RpEst *
metric (const RpEntity *e, const char *name)
{
  return e ? g_hash_table_lookup (e->metrics, name) : NULL;
}

static void
occupancy (GString *h, const RpRun *r, PksLang lang)
{
  const RpEntity *reg = region (r);
  const RpEst *occ = metric (reg, "occupancy_pct");
  if (occ == NULL)
    return;
  g_autofree char *o = with_ci_unit (occ, 1, 1, " %", lang);
  const RpEntity *top = NULL;
  double top_v = -1;
  guint n_sites = 0;
  for (guint i = 0; i < r->entities->len; i++)
    {
      const RpEntity *e = g_ptr_array_index (r->entities, i);
      const RpEst *x = metric (e, "occupancy_pct");
      if (strcmp (e->scope, "site") || x == NULL)
        continue;
      n_sites++;
      if (x->mean > top_v)
        {
          top_v = x->mean;
          top = e;
        }
    }
  g_autofree char *name = rp_esc (reg->name);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, L (lang, "Beläggningen i %s är %s.", "Occupancy in %s is %s."),
                          name, o);
  if (top && n_sites > 1)
    {
      g_autofree char *tn = rp_esc (top->name);
      g_autofree char *tv = rp_num (top_v, 1, lang);
      g_string_append_printf (s, L (lang, " Högst är den på %s, %s %%", " It is highest at %s, %s %%"),
                              tn, tv);
      g_string_append (s, top_v > OCCUPANCY_WARNING
                            ? L (lang, ", över 85 % där risken för platsbrist ökar brant.",
                                 ", above 85 % where the risk of bed shortage rises steeply.")
                            : ".");
    }
  else if (occ->mean > OCCUPANCY_WARNING)
    g_string_append (s, L (lang, " Det är över 85 %, där risken för platsbrist ökar brant.",
                           " That is above 85 %, where the risk of bed shortage rises steeply."));
  item (h, "%s", s->str);
  g_string_free (s, TRUE);
}

/* When overcrowding peaks: overcrowded patients at the daily census summed
 * over units per calendar month, and where the census comes closest to the
 * staffed beds (7-day mean, to see past single days). */
static void
overcrowding (GString *h, const RpRun *r, PksLang lang)
{
  const RpEst *tot = metric (region (r), "overcrowded_days");
  guint nm = rp_month_of_day (r, r->n_days - 1) + 1;
  g_autofree double *per_month = g_new0 (double, nm);
  g_autofree double *unit_sum = g_new0 (double, MAX (1u, r->units_daily->len));
  double all = 0;
  for (guint u = 0; u < r->units_daily->len; u++)
    {
      const RpDaily *d = g_ptr_array_index (r->units_daily, u);
      for (guint i = 0; i < r->n_days; i++)
        if (!isnan (d->overcrowded[i]))
          {
            per_month[rp_month_of_day (r, i)] += d->overcrowded[i];
            unit_sum[u] += d->overcrowded[i];
            all += d->overcrowded[i];
          }
    }
  if (tot == NULL || tot->mean < 1.0 || all <= 0)
    {
      item (h, "%s", L (lang, "Ingen enhet har överbeläggning att tala om (under ett dygn på hela perioden).",
                        "No unit has overcrowding to speak of (under one bed-day over the period)."));
      return;
    }
  guint pm = 0, pu = 0;
  for (guint i = 1; i < nm; i++)
    if (per_month[i] > per_month[pm])
      pm = i;
  for (guint u = 1; u < r->units_daily->len; u++)
    if (unit_sum[u] > unit_sum[pu])
      pu = u;
  const RpDaily *worst = g_ptr_array_index (r->units_daily, pu);
  g_autofree char *t = with_ci_unit (tot, 0, 1, L (lang, " dygn", " bed-days"), lang);
  g_autofree char *share = rp_num (100.0 * per_month[pm] / all, 0, lang);
  g_autofree char *ushare = rp_num (100.0 * unit_sum[pu] / all, 0, lang);
  g_autofree char *un = rp_esc (worst->name);
  item (h, L (lang, "Överbeläggningen blir %s under perioden och är störst i %s (%s %% av dygnen). "
                    "Mest drabbad är %s med %s %% av överbeläggningen.",
                    "Overcrowding comes to %s over the period and peaks in %s (%s %% of them). "
                    "%s has the most, %s %% of the overcrowding."),
        t, month_name (r, pm, lang), share, un, ushare);

  /* the tightest week at a site */
  const RpDaily *ts = NULL;
  double best = -1, best_c = 0, best_s = 0;
  guint best_d = 0;
  for (guint i = 0; i < r->census->len; i++)
    {
      const RpDaily *d = g_ptr_array_index (r->census, i);
      if (strcmp (d->scope, "site") && r->census->len > 1)
        continue;
      for (guint a = 0; a + 7 <= r->n_days; a++)
        {
          double c = 0, s = 0;
          for (guint k = a; k < a + 7; k++)
            {
              c += d->mean[k];
              s += d->staffed[k];
            }
          if (s > 0 && c / s > best)
            {
              best = c / s;
              best_c = c / 7;
              best_s = s / 7;
              best_d = a + 3;
              ts = d;
            }
        }
    }
  if (ts)
    {
      PksDate day = r->start + best_d;
      g_autofree char *sn = rp_esc (ts->name);
      g_autofree char *c = rp_num (best_c, 0, lang);
      g_autofree char *s = rp_num (best_s, 0, lang);
      g_autofree char *p = rp_num (100 * best, 0, lang);
      item (h, L (lang, "Trängst är det på %s veckan kring den %d %s: i medel %s inneliggande på %s "
                        "disponibla vårdplatser (%s %%).",
                        "It is tightest at %s in the week around %d %s: on average %s patients in %s "
                        "staffed beds (%s %%)."),
            sn, pks_date_day (day), rp_text (lang)->months_long[pks_date_month (day) - 1], c, s, p);
    }
}

static void
flow_out (GString *h, const RpRun *r, PksLang lang)
{
  const RpEntity *reg = region (r);
  const RpEst *tr = metric (reg, "transfers_out"), *ou = metric (reg, "outlied_days");
  const RpEst *op = metric (reg, "operations"), *ca = metric (reg, "cancelled_operations");
  if (tr && ou && (tr->mean >= 0.5 || ou->mean >= 0.5))
    {
      g_autofree char *t = with_ci (tr, 0, 1, lang);
      g_autofree char *o = with_ci_unit (ou, 0, 1, L (lang, " dygn", " days"), lang);
      item (h, L (lang, "%s patienter får vård utanför regionen i brist på vårdplats, och patienter "
                        "ligger utlokaliserade %s.",
                        "%s patients are sent out of region for lack of a bed, and patients spend "
                        "%s outlied on other wards."), t, o);
    }
  if (op && ca && op->mean > 0)
    {
      g_autofree char *o = rp_num (op->mean, 0, lang);
      g_autofree char *c = with_ci (ca, 0, 1, lang);
      g_autofree char *p = rp_num (100.0 * ca->mean / (op->mean + ca->mean), 1, lang);
      item (h, L (lang, "%s operationer genomförs; %s stryks för att vårdplats saknas (%s %% av de planerade).",
                        "%s operations are done; %s are cancelled for lack of a bed (%s %% of those planned)."),
            o, c, p);
    }
}

typedef struct {
  const RpEntity *e;
  double v;
} Ranked;

static int
by_value (gconstpointer a, gconstpointer b)
{
  double x = ((const Ranked *) a)->v, y = ((const Ranked *) b)->v;
  return x < y ? -1 : x > y;
}

/* A share misses the target when its whole interval lies below it (a mean
 * below the target with the target inside the interval is no sure miss). */
gboolean
rp_misses (const RpEst *x, double target)
{
  double up = isnan (x->hi) ? x->mean : x->hi;
  return up < target - 1e-9;
}

/* Units whose share waiting within the limit is below the target: clearly
 * (the whole CI below) or perhaps (the mean below, the CI reaching it). */
static void
guarantee (GString *h, const RpRun *r, PksLang lang, double target)
{
  static const char *const metrics[] = { "vg_treatment_pct", "vg_first_visit_pct" };
  guint n_units = 0;
  for (int k = 0; k < 2; k++)
    {
      g_autoptr (GArray) miss = g_array_new (FALSE, FALSE, sizeof (Ranked));
      guint near = 0;
      n_units = 0;
      for (guint i = 0; i < r->entities->len; i++)
        {
          const RpEntity *e = g_ptr_array_index (r->entities, i);
          const RpEst *x = metric (e, metrics[k]);
          if (strcmp (e->scope, "unit") || x == NULL)
            continue;
          n_units++;
          if (rp_misses (x, target))
            g_array_append_val (miss, ((Ranked) { e, x->mean }));
          else if (x->mean < target - 1e-9)
            near++;
        }
      if (n_units == 0)
        continue;
      g_array_sort (miss, by_value);
      double days = k == 0 ? r->tr_days : r->fv_days;
      const char *what = k == 0 ? L (lang, "behandling", "treatment") : L (lang, "nybesök", "a first visit");
      g_autofree char *tg = rp_num (target, 0, lang);
      if (miss->len == 0)
        {
          item (h, L (lang, "Vårdgarantin för %s (%.0f dagar) klaras av alla %u enheter med väntelista: "
                            "minst %s %% väntar inom gränsen%s.",
                            "The care guarantee for %s (%.0f days) is met by all %u units with a waiting "
                            "list: at least %s %% wait within the limit%s."),
                what, days, n_units, tg,
                near ? L (lang, " eller så nära att skillnaden inte är säker", " or so close that the gap is not clear") : "");
          continue;
        }
      GString *list = g_string_new (NULL);
      guint shown = MIN (miss->len, 5u);
      for (guint i = 0; i < shown; i++)
        {
          const Ranked *x = &g_array_index (miss, Ranked, i);
          g_autofree char *n = rp_esc (x->e->name);
          g_autofree char *v = rp_num (x->v, 0, lang);
          const char *sep = i == 0 ? "" : (i + 1 == shown && miss->len == shown) ? L (lang, " och ", " and ") : ", ";
          g_string_append_printf (list, "%s%s (%s %%)", sep, n, v);
        }
      if (miss->len > 5)
        g_string_append_printf (list, L (lang, " och %u till", " and %u more"), miss->len - 5);
      item (h, L (lang, "%u av %u enheter missar vårdgarantin för %s (målet %s %% inom %.0f dagar): %s.",
                        "%u of %u units miss the care guarantee for %s (target %s %% within %.0f days): %s."),
            miss->len, n_units, what, tg, days, list->str);
      g_string_free (list, TRUE);
    }
  if (n_units == 0 && r->monthly->len == 0)
    item (h, "%s", rp_text (lang)->no_waitlists);
}

/* The treatment list that grows most from the first to the last month. */
static void
queues (GString *h, const RpRun *r, PksLang lang)
{
  const RpMonthly *top = NULL;
  double growth = 0, from = 0, to = 0;
  for (guint i = 0; i < r->monthly->len; i++)
    {
      const RpMonthly *m = g_ptr_array_index (r->monthly, i);
      if (r->n_months < 2)
        break;
      double a = m->mean[1][0], b = m->mean[1][r->n_months - 1];
      if (isnan (a) || isnan (b))
        continue;
      double g = b - a;
      if (g > growth)
        {
          growth = g;
          top = m;
          from = a;
          to = b;
        }
    }
  if (r->monthly->len == 0 || r->n_months < 2)
    return;
  if (top == NULL || growth < MAX (5.0, 0.1 * from))
    {
      item (h, "%s", L (lang, "Ingen behandlingskö växer nämnvärt under perioden.",
                        "No treatment list grows noticeably over the period."));
      return;
    }
  g_autofree char *n = rp_esc (top->unit);
  g_autofree char *a = rp_num (from, 0, lang);
  g_autofree char *b = rp_num (to, 0, lang);
  item (h, L (lang, "Behandlingskön växer mest på %s: från %s väntande i %s till %s i %s.",
                    "The treatment list grows most at %s: from %s waiting in %s to %s in %s."),
        n, a, month_name (r, 0, lang), b, month_name (r, r->n_months - 1, lang));
}

static void
costs (GString *h, const RpRun *r, PksLang lang)
{
  const RpEntity *reg = region (r);
  const RpEst *tot = metric (reg, "total_cost"), *out = metric (reg, "out_of_region_cost");
  if (tot == NULL || !(tot->mean > 0))
    return;
  g_autofree char *t = with_ci_unit (tot, 1, 1e-6, " MSEK", lang);
  g_autofree char *o = out ? rp_num (out->mean * 1e-6, 1, lang) : g_strdup ("–");
  item (h, L (lang, "Den totala kostnaden blir %s, varav utomlänsvård %s MSEK.",
                    "The total cost comes to %s, of which out-of-region care %s MSEK."), t, o);
}

void
rp_findings_run (GString *h, const RpRun *r, PksLang lang, double vg_target)
{
  g_string_append (h, "<ul class=\"findings\">\n");
  occupancy (h, r, lang);
  overcrowding (h, r, lang);
  flow_out (h, r, lang);
  guarantee (h, r, lang, vg_target);
  queues (h, r, lang);
  costs (h, r, lang);
  g_string_append (h, "</ul>\n");
}

/* Append "A, B and C" (escaped) to s: the names of the units in a. */
static void
name_list (GString *s, GPtrArray *a, PksLang lang)
{
  for (guint i = 0; i < a->len; i++)
    {
      g_autofree char *n = rp_esc (g_ptr_array_index (a, i));
      const char *sep = i == 0 ? "" : i + 1 == a->len ? L (lang, " och ", " and ") : ", ";
      g_string_append_printf (s, "%s%s", sep, n);
    }
}

/* The units on the other side of the care-guarantee target (--vg-target)
 * under plan p than in the base, by the rule of the run's findings: a
 * unit misses when its interval lies below the target. One item when no
 * unit changes side, else one per guarantee that changes. */
static void
guarantee_change (GString *h, const RpData *d, guint p, const char *pn, PksLang lang,
                  double target)
{
  static const char *const metrics[] = { "vg_treatment_pct", "vg_first_visit_pct" };
  const RpRun *plan = g_ptr_array_index (d->plans, p);
  g_autofree char *tg = rp_num (target, 0, lang);
  guint n_units[2] = { 0, 0 }, miss_base[2] = { 0, 0 }, miss_plan[2] = { 0, 0 };
  GPtrArray *met[2], *lost[2];
  for (int k = 0; k < 2; k++)
    {
      met[k] = g_ptr_array_new ();
      lost[k] = g_ptr_array_new ();
      for (guint i = 0; i < plan->entities->len; i++)
        {
          const RpEntity *e = g_ptr_array_index (plan->entities, i);
          const RpEntity *b = strcmp (e->scope, "unit") ? NULL
                              : rp_entity (d->base, "unit", e->name);
          const RpEst *xp = b ? metric (e, metrics[k]) : NULL;
          const RpEst *xb = b ? metric (b, metrics[k]) : NULL;
          if (xp == NULL || xb == NULL)
            continue;
          n_units[k]++;
          gboolean mb = rp_misses (xb, target), mp = rp_misses (xp, target);
          miss_base[k] += mb;
          miss_plan[k] += mp;
          if (mb && !mp)
            g_ptr_array_add (met[k], e->name);
          else if (!mb && mp)
            g_ptr_array_add (lost[k], e->name);
        }
    }
  gboolean changed = met[0]->len || lost[0]->len || met[1]->len || lost[1]->len;
  if (!changed && (n_units[0] || n_units[1]))
    item (h, L (lang, "Med <b>%s</b> missar samma enheter vårdgarantins mål (%s %% inom gränsen) "
                      "som i basen: %u av %u för behandling, %u av %u för nybesök.",
                      "With <b>%s</b>, the same units miss the care-guarantee target (%s %% within "
                      "the limit) as in the base: %u of %u for treatment, %u of %u for a first visit."),
          pn, tg, miss_plan[0], n_units[0], miss_plan[1], n_units[1]);
  for (int k = 0; changed && k < 2; k++)
    {
      if (!met[k]->len && !lost[k]->len)
        continue;
      const char *what = k == 0 ? L (lang, "behandling", "treatment") : L (lang, "nybesök", "a first visit");
      double days = k == 0 ? d->base->tr_days : d->base->fv_days;
      GString *s = g_string_new (NULL);
      g_string_printf (s, L (lang, "Med <b>%s</b> missar %u av %u enheter målet för %s (%s %% inom "
                                   "%.0f dagar), mot %u i basen",
                              "With <b>%s</b>, %u of %u units miss the target for %s (%s %% within "
                              "%.0f days), against %u in the base"),
                       pn, miss_plan[k], n_units[k], what, tg, days, miss_base[k]);
      if (met[k]->len)
        {
          g_string_append (s, L (lang, "; når målet nu: ", "; now meeting it: "));
          name_list (s, met[k], lang);
        }
      if (lost[k]->len)
        {
          g_string_append (s, L (lang, "; missar det nu: ", "; now missing it: "));
          name_list (s, lost[k], lang);
        }
      item (h, "%s.", s->str);
      g_string_free (s, TRUE);
    }
  for (int k = 0; k < 2; k++)
    {
      g_ptr_array_unref (met[k]);
      g_ptr_array_unref (lost[k]);
    }
}

void
rp_findings_compare (GString *h, const RpData *d, PksLang lang, double vg_target)
{
  /* the plans' differences on every figure are the tables' and the
   * answer's; here what they do not say: which units change side of the
   * care-guarantee target */
  g_string_append (h, "<ul class=\"findings\">\n");
  for (guint p = 0; p < d->plans->len; p++)
    {
      /* a plan that changes nothing: its zeros are certain, not unclear */
      if (rp_plan_nothing (d, p))
        {
          rp_plan_nothing_finding (h, d, p, lang);
          continue;
        }
      g_autofree char *pn = rp_esc (g_ptr_array_index (d->plan_names, p));
      guarantee_change (h, d, p, pn, lang, vg_target);
    }
  g_string_append (h, "</ul>\n");
}
