/* report-plans.c — a comparison's plans as what they change (issue #19):
 * each plan's own rows, keys and cells and its effective change per unit
 * (plan_changes.csv), whether it changes anything simulated at all, and
 * the terms on which the plans are not equal (run.json). A plan whose beds
 * never opened then reads "changes nothing", not "no clear difference".
 * Self-contained: the section, the note and the data are this file's, so
 * the report's layout can move them. */
#include "report-internal.h"
#include "pks/input/load.h"
#include "pks/input/plan.h"
#include "pks/input/settings.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))

struct _RpPlanInfo {
  gboolean nothing;
  char *first_day;             /* size: first day staffed beds differ, or NULL */
  double bed_days, beds;       /* size: staffed bed-days and mean beds added */
  double planned_days;         /* planned staffed bed-days added */
  GPtrArray *rows;             /* PksPlanRow*, from plan_changes.csv */
  GPtrArray *terms;            /* PksPlanTerm* */
};

void
rp_plan_info_free (RpPlanInfo *i)
{
  if (i == NULL)
    return;
  g_free (i->first_day);
  g_ptr_array_unref (i->rows);
  g_ptr_array_unref (i->terms);
  g_free (i);
}

static char *
str_member (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  return NULL;
}

static double
num_member (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_double (n) : NAN;
}

/* One plan's entry of run.json; NULL when it has no "nothing_changed"
 * (written by a pks before issue #19). */
RpPlanInfo *
rp_plan_info_new (JsonObject *plan)
{
  if (plan == NULL || !json_object_has_member (plan, "nothing_changed"))
    return NULL;
  RpPlanInfo *i = g_new0 (RpPlanInfo, 1);
  i->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_plan_row_free);
  i->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_plan_term_free);
  i->nothing = json_object_get_boolean_member_with_default (plan, "nothing_changed", FALSE);
  JsonObject *z = json_object_has_member (plan, "size") ? json_object_get_object_member (plan, "size") : NULL;
  i->first_day = str_member (z, "first_day");
  i->bed_days = num_member (z, "staffed_bed_days");
  i->beds = num_member (z, "staffed_beds");
  i->planned_days = num_member (z, "planned_staffed_bed_days");
  JsonArray *t = json_object_has_member (plan, "terms") ? json_object_get_array_member (plan, "terms") : NULL;
  for (guint k = 0; t && k < json_array_get_length (t); k++)
    {
      JsonObject *o = json_array_get_object_element (t, k);
      PksPlanTerm *x = g_new0 (PksPlanTerm, 1);
      x->what = str_member (o, "what");
      x->against = str_member (o, "against");
      x->value = str_member (o, "value");
      x->other = str_member (o, "other");
      if (x->what == NULL)
        pks_plan_term_free (x);
      else
        g_ptr_array_add (i->terms, x);
    }
  return i;
}

/* plan_changes.csv into each plan's rows (by plan name); a folder without
 * it (an older pks) has none. */
void
rp_plan_rows_load (RpData *d)
{
  g_autofree char *path = g_build_filename (d->dir, "plan_changes.csv", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return;
  g_autoptr (PksDiags) diags = pks_diags_new ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GArray) lines = NULL;
  if (!pks_csv_read_rows (path, data, len, &rows, &lines, NULL, diags))
    return;
  static const char *const cols[] = { "plan", "kind", "name", "item", "detail", "base_value",
                                      "plan_value", "difference", "source" };
  int col[G_N_ELEMENTS (cols)];
  GPtrArray *hdr = rows->len ? g_ptr_array_index (rows, 0) : NULL;
  for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
    {
      col[k] = -1;
      for (guint j = 0; hdr && j < hdr->len; j++)
        if (!strcmp (g_ptr_array_index (hdr, j), cols[k]))
          col[k] = (int) j;
      if (col[k] < 0)
        return;
    }
  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
#define C(k) ((guint) col[k] < row->len ? (const char *) g_ptr_array_index (row, col[k]) : "")
      guint p = 0;
      while (p < d->plan_names->len && strcmp (g_ptr_array_index (d->plan_names, p), C (0)))
        p++;
      RpPlanInfo *info = p < d->plan_info->len ? g_ptr_array_index (d->plan_info, p) : NULL;
      if (info == NULL)
        continue;
      int kind = pks_plan_kind_from_name (C (1));
      if (kind < 0)
        continue;
      PksPlanRow *x = g_new0 (PksPlanRow, 1);
      x->kind = (PksPlanRowKind) kind;
      x->name = g_strdup (C (2));
      x->item = g_strdup (C (3));
      x->detail = g_strdup (C (4));
      x->base = g_strdup (C (5));
      x->plan = g_strdup (C (6));
      x->diff = g_ascii_strtod (C (7), NULL);
      x->source = g_strdup (C (8));
#undef C
      g_ptr_array_add (info->rows, x);
    }
}

static const RpPlanInfo *
info_of (const RpData *d, guint p)
{
  return d->plan_info && p < d->plan_info->len ? g_ptr_array_index (d->plan_info, p) : NULL;
}

gboolean
rp_plan_nothing (const RpData *d, guint p)
{
  const RpPlanInfo *i = info_of (d, p);
  return i && i->nothing;
}

void
rp_plan_nothing_finding (GString *h, const RpData *d, guint p, PksLang lang)
{
  const RpPlanInfo *i = info_of (d, p);
  g_autofree char *pn = rp_esc (g_ptr_array_index (d->plan_names, p));
  g_string_append (h, "<li>");
  if (i && i->planned_days != 0 && !isnan (i->planned_days))
    {
      g_autofree char *pd = rp_num (i->planned_days, 0, lang);
      g_string_append_printf (h, L (lang,
        "<b>%s</b> ändrar ingenting som simuleras: dess planerade vårdplatser (%s vårdplatsdygn) "
        "öppnar aldrig, eftersom personalen eller de fysiska platserna inte räcker (se avsnittet "
        "Vad planerna ändrar). Alla skillnader mot basen är exakt 0 för att inget ändrats, inte "
        "för att de är osäkra.",
        "<b>%s</b> changes nothing that is simulated: its planned beds (%s bed-days) never open, "
        "because the staff or the physical beds do not allow them (see What the plans change). "
        "Every difference from the base is exactly 0 because nothing changed, not because it is "
        "uncertain."), pn, pd);
    }
  else
    g_string_append_printf (h, L (lang,
      "<b>%s</b> ändrar ingenting som simuleras: alla skillnader mot basen är exakt 0 för att "
      "inget ändrats, inte för att de är osäkra.",
      "<b>%s</b> changes nothing that is simulated: every difference from the base is exactly 0 "
      "because nothing changed, not because it is uncertain."), pn);
  g_string_append (h, "</li>\n");
}

/* ---- not on equal terms ---- */

static char *
size_words (const RpPlanInfo *i, PksLang lang)
{
  g_autofree char *beds = rp_num (i->beds, fabs (i->beds - round (i->beds)) < 0.05 ? 0 : 1, lang);
  g_autofree char *days = rp_num (i->bed_days, 0, lang);
  return g_strdup_printf (L (lang, "%s disponibla vårdplatser från %s (%s vårdplatsdygn)",
                                   "%s staffed beds from %s (%s bed-days)"),
                          beds, i->first_day ? i->first_day : "–", days);
}

static int
plan_index (const RpData *d, const char *name)
{
  for (guint p = 0; name && p < d->plan_names->len; p++)
    if (!strcmp (g_ptr_array_index (d->plan_names, p), name))
      return (int) p;
  return -1;
}

static char *
term_words (const RpData *d, guint p, const PksPlanTerm *t, PksLang lang)
{
  g_autofree char *pn = rp_esc (g_ptr_array_index (d->plan_names, p));
  g_autofree char *v = rp_esc (t->value), *o = rp_esc (t->other), *a = rp_esc (t->against);
  const char *w = t->what;
  if (!strcmp (w, "start"))
    return g_strdup_printf (L (lang, "<b>%s</b> börjar %s, basen %s: perioderna är olika.",
                                     "<b>%s</b> starts on %s, the base on %s: the periods differ."), pn, v, o);
  if (!strcmp (w, "days"))
    return g_strdup_printf (L (lang, "<b>%s</b> simulerar %s dagar, basen %s: perioderna är olika.",
                                     "<b>%s</b> simulates %s days, the base %s: the periods differ."), pn, v, o);
  if (!strcmp (w, "warmup_days"))
    return g_strdup_printf (L (lang, "<b>%s</b> har %s dagars insvängning, basen %s.",
                                     "<b>%s</b> warms up %s days, the base %s."), pn, v, o);
  if (!strcmp (w, "seed"))
    return g_strdup_printf (L (lang, "<b>%s</b> har fröet %s i sin fil, basen %s; jämförelsen körde alla "
                                     "med basens, så parningen håller.",
                                     "<b>%s</b>'s file has seed %s, the base's %s; the comparison ran all "
                                     "with the base's, so the pairing holds."), pn, v, o);
  if (!strcmp (w, "replications"))
    return g_strdup_printf (L (lang, "<b>%s</b> anger %s replikeringar i sin fil, basen %s; jämförelsen "
                                     "körde basens antal.",
                                     "<b>%s</b>'s file asks for %s replications, the base %s; the "
                                     "comparison ran the base's number."), pn, v, o);
  int q = plan_index (d, t->against);
  const RpPlanInfo *me = info_of (d, p), *other = q >= 0 ? info_of (d, (guint) q) : NULL;
  if (!strcmp (w, "size") && me && other)
    {
      g_autofree char *s1 = size_words (me, lang), *s2 = size_words (other, lang);
      return g_strdup_printf (L (lang, "<b>%s</b> tillför %s, <b>%s</b> %s: planerna är olika stora; "
                                       "jämför per vårdplatsdygn eller ge dem samma storlek.",
                                       "<b>%s</b> adds %s, <b>%s</b> %s: the plans differ in size; "
                                       "compare per bed-day or give them the same size."), pn, s1, a, s2);
    }
  if (!strcmp (w, "first_day"))
    return g_strdup_printf (L (lang, "<b>%s</b> ändrar vårdplatserna från %s, <b>%s</b> från %s: olika "
                                     "startdatum, så de verkar olika länge under perioden.",
                                     "<b>%s</b> changes beds from %s, <b>%s</b> from %s: different start "
                                     "dates, so they act for different parts of the period."), pn, v, a, o);
  return g_strdup_printf ("<b>%s</b>: %s %s / %s", pn, w, v, o);
}

guint
rp_plan_terms_items (RpHtml *c, gboolean between_plans)
{
  const RpData *d = c->d;
  guint n = 0;
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpPlanInfo *i = info_of (d, p);
      for (guint k = 0; i && k < i->terms->len; k++)
        {
          const PksPlanTerm *t = g_ptr_array_index (i->terms, k);
          if ((t->against != NULL) != between_plans)
            continue;
          g_autofree char *w = term_words (d, p, t, c->lang);
          g_string_append_printf (c->h, "<li>%s</li>\n", w);
          n++;
        }
    }
  return n;
}

void
rp_plan_terms_note (RpHtml *c)
{
  const RpData *d = c->d;
  guint n = 0;
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpPlanInfo *i = info_of (d, p);
      for (guint k = 0; i && k < i->terms->len; k++)
        {
          if (n++ == 0)
            g_string_append_printf (c->h, "<div class=\"terms\"><p><b>%s</b></p>\n<ul>\n",
                                    L (c->lang, "Planerna jämförs inte på lika villkor",
                                                "The plans are not compared on equal terms"));
          g_autofree char *w = term_words (d, p, g_ptr_array_index (i->terms, k), c->lang);
          g_string_append_printf (c->h, "<li>%s</li>\n", w);
        }
    }
  if (n)
    g_string_append (c->h, "</ul>\n</div>\n");
}

/* ---- what each plan changes ---- */

static const char *
kind_words (PksPlanRowKind k, PksLang lang)
{
  switch (k)
    {
    case PKS_PLAN_CHANGE:
      return L (lang, "Kapacitetsändring", "Capacity change");
    case PKS_PLAN_STAFFING:
      return L (lang, "Bemanning", "Staffing");
    case PKS_PLAN_KEY:
      return L (lang, "Inställning", "Setting");
    case PKS_PLAN_CELL:
      return L (lang, "Tabellvärde", "Table value");
    default:
      return "";
    }
}

static const char *
effect_words (const char *item, PksLang lang)
{
  static const char *const w[][3] = {
    { "staffed_bed_days", "Disponibla vårdplatsdygn (öppna)", "Staffed bed-days (open)" },
    { "planned_staffed_bed_days", "Planerade vårdplatsdygn", "Planned staffed bed-days" },
    { "physical_bed_days", "Fysiska vårdplatsdygn", "Physical bed-days" },
    { "or_sessions_offered", "Operationspass", "OR sessions offered" },
    { "visit_slots_offered", "Nybesökstider", "First-visit slots offered" },
    { "staff_cost", "Personalkostnad (mkr)", "Staff cost (MSEK)" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    if (!strcmp (item, w[i][0]))
      return lang == PKS_LANG_EN ? w[i][2] : w[i][1];
  return item;
}

static char *
effect_num (const char *item, double x, gboolean sign, PksLang lang)
{
  gboolean cost = !strcmp (item, "staff_cost");
  if (cost)
    x /= 1e6;
  g_autofree char *n = rp_num (x, cost ? 1 : 0, lang);
  return sign && x > 0 ? g_strdup_printf ("+%s", n) : g_strdup (n);
}

static void
plan_block (RpHtml *c, guint p, const RpPlanInfo *i, gboolean heading)
{
  PksLang lang = c->lang;
  g_autofree char *pn = rp_esc (g_ptr_array_index (c->d->plan_names, p));
  if (heading)
    g_string_append_printf (c->h, "<h3>%s</h3>\n", pn);
  guint own = 0, eff = 0;
  for (guint k = 0; k < i->rows->len; k++)
    {
      const PksPlanRow *r = g_ptr_array_index (i->rows, k);
      if (r->kind == PKS_PLAN_EFFECT)
        eff++;
      else if (r->kind != PKS_PLAN_NONE)
        own++;
    }
  if (own)
    {
      g_string_append_printf (c->h, "<table class=\"plan-rows\">\n<thead><tr><th>%s</th><th>%s</th>"
                                    "<th>%s</th></tr></thead>\n<tbody>\n",
                              L (lang, "Vad", "What"), L (lang, "Rad eller värde", "Row or value"),
                              L (lang, "Källa", "Source"));
      for (guint k = 0; k < i->rows->len; k++)
        {
          const PksPlanRow *r = g_ptr_array_index (i->rows, k);
          if (r->kind == PKS_PLAN_EFFECT || r->kind == PKS_PLAN_NONE)
            continue;
          g_autofree char *what = NULL;
          const char *label = r->kind == PKS_PLAN_KEY ? pks_setting_label (r->name, lang) : NULL;
          if (*r->detail)
            {
              /* the row as the planner wrote it: code, like the table it came from */
              g_autofree char *e = rp_esc (r->detail);
              what = g_strdup_printf ("<code>%s</code>", e);
            }
          else if (label)
            {
              /* a setting in words, as the settings appendix has it */
              g_autofree char *vp = pks_setting_value_text (r->name, *r->plan ? r->plan : NULL, lang);
              g_autofree char *vb = pks_setting_value_text (r->name, *r->base ? r->base : NULL, lang);
              g_autofree char *t = g_strdup_printf ("%s: %s (%s %s)", label, *vp ? vp : "–",
                                                    L (lang, "basen:", "the base:"), *vb ? vb : "–");
              what = rp_esc (t);
            }
          else
            {
              g_autofree char *full = *r->item ? g_strdup_printf ("%s.%s", r->name, r->item)
                                              : g_strdup (r->name);
              g_autofree char *fe = rp_esc (full), *pe = rp_esc (*r->plan ? r->plan : "–"),
                              *be = rp_esc (*r->base ? r->base : "–");
              what = g_strdup_printf ("<code>%s</code> = %s (%s %s)", fe, pe,
                                      L (lang, "basen:", "the base:"), be);
            }
          g_autofree char *src_w = pks_setting_origin_text (r->source, lang);
          g_autofree char *src = *r->source ? rp_esc (src_w) : g_strdup ("");
          g_string_append_printf (c->h, "<tr><td>%s</td><td>%s</td><td class=\"origin\">%s</td></tr>\n",
                                  kind_words (r->kind, lang), what, src);
        }
      g_string_append (c->h, "</tbody></table>\n");
    }
  else
    g_string_append_printf (c->h, "<p>%s</p>\n", L (lang, "Inga egna rader: planen ärver allt från basen.",
                                                     "No rows of its own: the plan inherits everything from its base."));
  if (i->nothing)
    {
      g_string_append_printf (c->h, "<p class=\"nothing\"><b>%s</b></p>\n",
                              L (lang, "Planen ändrar ingenting som simuleras: alla skillnader mot basen "
                                       "är exakt 0 för att inget ändrats, inte för att de är osäkra.",
                                       "The plan changes nothing that is simulated: every difference from "
                                       "the base is exactly 0 because nothing changed, not because it is "
                                       "uncertain."));
    }
  if (eff)
    {
      g_string_append_printf (c->h, "<table class=\"plan-effects\">\n<thead><tr><th>%s</th><th>%s</th>"
                                    "<th class=\"num\">%s</th><th class=\"num\">%s</th>"
                                    "<th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
                              c->t->unit, L (lang, "Under perioden", "Over the period"), c->t->base,
                              c->t->plan, L (lang, "Ändring", "Change"));
      for (guint k = 0; k < i->rows->len; k++)
        {
          const PksPlanRow *r = g_ptr_array_index (i->rows, k);
          if (r->kind != PKS_PLAN_EFFECT)
            continue;
          g_autofree char *u = rp_esc (r->name);
          g_autofree char *b = effect_num (r->item, g_ascii_strtod (r->base, NULL), FALSE, lang);
          g_autofree char *pv = effect_num (r->item, g_ascii_strtod (r->plan, NULL), FALSE, lang);
          g_autofree char *dv = effect_num (r->item, r->diff, TRUE, lang);
          g_string_append_printf (c->h, "<tr><td>%s</td><td>%s</td><td class=\"num\">%s</td>"
                                        "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
                                  u, effect_words (r->item, lang), b, pv, dv);
        }
      g_string_append (c->h, "</tbody></table>\n");
    }
}

void
rp_plan_changes_section (RpHtml *c)
{
  const RpData *d = c->d;
  gboolean any = FALSE;
  for (guint p = 0; p < d->plans->len; p++)
    any |= info_of (d, p) != NULL;
  if (!any)
    return;
  rp_open_section (c, "plans", L (c->lang, "Vad planerna ändrar", "What the plans change"), FALSE);
  g_string_append_printf (c->h, "<p class=\"note\">%s</p>\n",
                          L (c->lang, "Varje plans egna rader (kapacitetsändringar, bemanning, "
                                      "inställningar) och vad de ändrar per enhet under perioden: "
                                      "öppna och planerade vårdplatsdygn, operationspass, nybesökstider "
                                      "och personalkostnad. Planerade platser som personalen eller de "
                                      "fysiska platserna inte räcker till öppnar inte (docs/staffing.md).",
                                      "Each plan's own rows (capacity changes, staffing, settings) and "
                                      "what they change per unit over the period: open and planned "
                                      "staffed bed-days, OR sessions, first-visit slots and staff cost. "
                                      "Planned beds that the staff or the physical beds do not allow do "
                                      "not open (docs/staffing.md)."));
  for (guint p = 0; p < d->plans->len; p++)
    {
      const RpPlanInfo *i = info_of (d, p);
      if (i)
        plan_block (c, p, i, TRUE);
    }
  rp_close_section (c);
}

gboolean
rp_plan_block (RpHtml *c, guint p)
{
  const RpPlanInfo *i = info_of (c->d, p);
  if (i)
    plan_block (c, p, i, FALSE);
  return i != NULL;
}

/* red means worse in every report: the notes here are framed like the
 * answer's note on equal terms, not in red */
const char rp_plans_css[] =
  ".terms ul{margin:.2em 0}.nothing{border-left:4px solid #d9a400;padding-left:.6em}\n"
  "table.plan-rows td,table.plan-effects td{font-size:.9em}\n";
