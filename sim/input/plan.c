/* plan.c — what a plan changes against its base (pks compare): the rows,
 * keys and cells that differ, read from the two loaded scenarios, and the
 * effective change per unit, read from the two compiled models, so that a
 * plan whose beds never opened says "nothing changed" instead of showing
 * differences of 0 that read as "too uncertain" (issue #19). */
#include "pks/input/plan.h"
#include "pks/input/load.h"

#include <math.h>
#include <string.h>

void
pks_plan_row_free (PksPlanRow *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r->item);
  g_free (r->detail);
  g_free (r->base);
  g_free (r->plan);
  g_free (r->source);
  g_free (r);
}

void
pks_plan_term_free (PksPlanTerm *t)
{
  if (t == NULL)
    return;
  g_free (t->what);
  g_free (t->against);
  g_free (t->value);
  g_free (t->other);
  g_free (t);
}

static const char *const kind_names[] = { "change", "staffing", "key", "cell", "effect", "none" };

const char *
pks_plan_kind_name (PksPlanRowKind k)
{
  return k <= PKS_PLAN_NONE ? kind_names[k] : "?";
}

int
pks_plan_kind_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (!g_strcmp0 (name, kind_names[i]))
      return (int) i;
  return -1;
}

void
pks_plan_changes_free (PksPlanChanges *c)
{
  if (c == NULL)
    return;
  g_ptr_array_unref (c->rows);
  g_ptr_array_unref (c->terms);
  g_free (c);
}

/* Takes the strings. */
static PksPlanRow *
add_row (PksPlanChanges *c, PksPlanRowKind kind, char *name, char *item, char *detail,
         char *base, char *plan, char *source)
{
  PksPlanRow *r = g_new0 (PksPlanRow, 1);
  r->kind = kind;
  r->name = name;
  r->item = item;
  r->detail = detail;
  r->base = base;
  r->plan = plan;
  r->source = source;
  g_ptr_array_add (c->rows, r);
  return r;
}

static void
add_term (GPtrArray *terms, const char *what, const char *against, char *value, char *other)
{
  PksPlanTerm *t = g_new0 (PksPlanTerm, 1);
  t->what = g_strdup (what);
  t->against = g_strdup (against);
  t->value = value;
  t->other = other;
  g_ptr_array_add (terms, t);
}

static char *
source_text (const PksSrc *src)
{
  if (src->file == NULL)
    return NULL;
  return src->line ? g_strdup_printf ("%s:%d", src->file, src->line) : g_strdup (src->file);
}

/* ---------- rows: changes and staffing ---------- */

static gboolean
same_change (const PksScenario *sa, const PksChange *a, const PksScenario *sb, const PksChange *b)
{
  if (a->resource != b->resource || a->from != b->from || a->to != b->to || a->op != b->op
      || a->value != b->value || a->staff != b->staff || a->src.line != b->src.line
      || g_strcmp0 (a->src.file, b->src.file) != 0)
    return FALSE;
  g_autofree char *ua = pks_change_unit_text (sa, a), *ub = pks_change_unit_text (sb, b);
  return strcmp (ua, ub) == 0;
}

static gboolean
has_change (const PksScenario *s, const PksScenario *in, const PksChange *c)
{
  for (guint i = 0; i < in->changes->len; i++)
    if (same_change (s, c, in, &g_array_index (in->changes, PksChange, i)))
      return TRUE;
  return FALSE;
}

static void
diff_changes (PksPlanChanges *c, const PksScenario *base, const PksScenario *plan)
{
  for (int pass = 0; pass < 2; pass++)
    {
      const PksScenario *s = pass ? base : plan, *other = pass ? plan : base;
      for (guint i = 0; i < s->changes->len; i++)
        {
          const PksChange *ch = &g_array_index (s->changes, PksChange, i);
          if (has_change (s, other, ch))
            continue;
          g_autofree char *row = pks_change_describe (s, ch);
          add_row (c, PKS_PLAN_CHANGE, pks_change_unit_text (s, ch),
                   g_strdup (pks_resource_name (ch->resource)),
                   pass ? g_strdup_printf ("not in the plan: %s", row) : g_strdup (row), NULL, NULL,
                   source_text (&ch->src));
        }
    }
}

static gboolean
same_staff (const PksScenario *sa, const PksStaffRow *a, const PksScenario *sb, const PksStaffRow *b)
{
  return a->role == b->role && a->fte == b->fte && a->from == b->from && a->to == b->to
         && a->agency == b->agency && a->src.line == b->src.line
         && g_strcmp0 (a->src.file, b->src.file) == 0
         && strcmp (pks_unit (sa, a->unit)->name, pks_unit (sb, b->unit)->name) == 0;
}

static void
diff_staffing (PksPlanChanges *c, const PksScenario *base, const PksScenario *plan)
{
  for (int pass = 0; pass < 2; pass++)
    {
      const PksScenario *s = pass ? base : plan, *other = pass ? plan : base;
      for (guint i = 0; i < s->staffing->len; i++)
        {
          const PksStaffRow *r = &g_array_index (s->staffing, PksStaffRow, i);
          gboolean found = FALSE;
          for (guint j = 0; j < other->staffing->len && !found; j++)
            found = same_staff (s, r, other, &g_array_index (other->staffing, PksStaffRow, j));
          if (found)
            continue;
          char from[11] = "", to[11] = "";
          if (r->from)
            pks_date_format (r->from, from);
          if (r->to)
            pks_date_format (r->to, to);
          g_autofree char *txt = g_strdup_printf ("%+g FTE%s%s%s%s%s", r->fte, r->from ? " from " : "",
                                                  from, r->to ? " to " : "", to,
                                                  r->agency ? ", agency" : "");
          add_row (c, PKS_PLAN_STAFFING, g_strdup (pks_unit (s, r->unit)->name),
                   g_strdup (pks_role_name (r->role)),
                   pass ? g_strdup_printf ("not in the plan: %s", txt) : g_strdup (txt), NULL, NULL,
                   source_text (&r->src));
        }
    }
}

/* ---------- keys and cells ---------- */

/* "group.key = value\t# origin" (PksScenario.resolved) into a table
 * key -> the line. */
static GHashTable *
key_table (const PksScenario *s)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; s->resolved && i < s->resolved->len; i++)
    {
      const char *line = g_ptr_array_index (s->resolved, i);
      const char *eq = strstr (line, " = ");
      if (eq)
        g_hash_table_insert (t, g_strndup (line, eq - line), (gpointer) line);
    }
  return t;
}

static char *
key_value (const char *line, char **origin)
{
  if (line == NULL)
    {
      *origin = NULL;
      return NULL;
    }
  const char *v = strstr (line, " = ") + 3;
  const char *hash = strstr (v, "\t# ");
  *origin = hash && strcmp (hash + 3, "default") ? g_strdup (hash + 3) : NULL;
  return hash ? g_strndup (v, hash - v) : g_strdup (v);
}

static int
cmp_key (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every key but [scenario]'s (its start, days and run settings are terms,
 * its name and description not simulated). */
static void
diff_keys (PksPlanChanges *c, const PksScenario *base, const PksScenario *plan)
{
  g_autoptr (GHashTable) kb = key_table (base), kp = key_table (plan);
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter it;
  gpointer k;
  for (int pass = 0; pass < 2; pass++)
    {
      g_hash_table_iter_init (&it, pass ? kb : kp);
      while (g_hash_table_iter_next (&it, &k, NULL))
        if (!g_str_has_prefix (k, "scenario.") && (pass == 0 || !g_hash_table_contains (kp, k)))
          g_ptr_array_add (keys, k);
    }
  g_ptr_array_sort (keys, cmp_key);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *ob = NULL, *op = NULL;
      char *vb = key_value (g_hash_table_lookup (kb, key), &ob);
      char *vp = key_value (g_hash_table_lookup (kp, key), &op);
      if (g_strcmp0 (vb, vp) == 0)
        {
          g_free (vb);
          g_free (vp);
          continue;
        }
      add_row (c, PKS_PLAN_KEY, g_strdup (key), NULL, NULL, vb, vp, g_steal_pointer (&op));
    }
}

static void
cell (PksPlanChanges *c, const char *row, const char *col, char *vb, char *vp, const PksSrc *src)
{
  if (g_strcmp0 (vb, vp) == 0)
    {
      g_free (vb);
      g_free (vp);
      return;
    }
  add_row (c, PKS_PLAN_CELL, g_strdup (row), g_strdup (col), NULL, vb, vp, source_text (src));
}

#define NUM(x) g_strdup_printf ("%g", (double) (x))

static void
diff_units (PksPlanChanges *c, const PksScenario *base, const PksScenario *plan)
{
  for (guint u = 0; u < plan->units->len; u++)
    {
      const PksUnitDef *p = pks_unit (plan, u);
      int bu = pks_scenario_find_unit (base, p->name);
      g_autofree char *row = g_strdup_printf ("units[%s]", p->name);
      if (bu < 0)
        {
          add_row (c, PKS_PLAN_CELL, g_strdup (row), NULL, g_strdup ("a unit the base does not have"),
                   NULL, NULL, source_text (&p->src));
          continue;
        }
      const PksUnitDef *b = pks_unit (base, (guint) bu);
      cell (c, row, "site", g_strdup (b->site), g_strdup (p->site), &p->src);
      cell (c, row, "beds", NUM (b->beds), NUM (p->beds), &p->src);
      cell (c, row, "staffed_beds", NUM (b->staffed_beds), NUM (p->staffed_beds), &p->src);
      cell (c, row, "or_sessions_per_week", NUM (b->or_sessions_per_week), NUM (p->or_sessions_per_week), &p->src);
      cell (c, row, "or_session_minutes", NUM (b->or_session_minutes), NUM (p->or_session_minutes), &p->src);
      cell (c, row, "visit_slots_per_week", NUM (b->visit_slots_per_week), NUM (p->visit_slots_per_week), &p->src);
      cell (c, row, "bed_type", g_strdup (pks_bed_type_name (b->bed_type)),
            g_strdup (pks_bed_type_name (p->bed_type)), &p->src);
    }
  for (guint u = 0; u < base->units->len; u++)
    if (pks_scenario_find_unit (plan, pks_unit (base, u)->name) < 0)
      add_row (c, PKS_PLAN_CELL, g_strdup_printf ("units[%s]", pks_unit (base, u)->name), NULL,
               g_strdup ("a unit of the base the plan does not have"), NULL, NULL, NULL);
}

static void
diff_flows (PksPlanChanges *c, const PksScenario *base, const PksScenario *plan)
{
  for (guint i = 0; i < plan->flows->len; i++)
    {
      const PksFlowDef *p = pks_flow (plan, i);
      const char *un = pks_unit (plan, p->unit)->name;
      int bu = pks_scenario_find_unit (base, un);
      int bi = bu < 0 ? -1 : pks_scenario_find_flow (base, (guint) bu, p->name);
      g_autofree char *row = g_strdup_printf ("flows[%s/%s]", un, p->name);
      if (bi < 0)
        {
          add_row (c, PKS_PLAN_CELL, g_strdup (row), NULL, g_strdup ("a flow the base does not have"),
                   NULL, NULL, source_text (&p->src));
          continue;
        }
      const PksFlowDef *b = pks_flow (base, (guint) bi);
      cell (c, row, "kind", g_strdup (pks_flow_kind_name (b->kind)), g_strdup (pks_flow_kind_name (p->kind)), &p->src);
      cell (c, row, "per_year", NUM (b->per_year), NUM (p->per_year), &p->src);
      cell (c, row, "los_days", NUM (b->los_days), NUM (p->los_days), &p->src);
      cell (c, row, "los_cv", NUM (b->los_cv), NUM (p->los_cv), &p->src);
      cell (c, row, "discharge_delay_p", NUM (b->discharge_delay_p), NUM (p->discharge_delay_p), &p->src);
      cell (c, row, "discharge_delay_days", NUM (b->discharge_delay_days), NUM (p->discharge_delay_days), &p->src);
      cell (c, row, "treat_p", NUM (b->treat_p), NUM (p->treat_p), &p->src);
      cell (c, row, "surgery_minutes", NUM (b->surgery_minutes), NUM (p->surgery_minutes), &p->src);
      cell (c, row, "surgery_cv", NUM (b->surgery_cv), NUM (p->surgery_cv), &p->src);
      cell (c, row, "inpatient_p", NUM (b->inpatient_p), NUM (p->inpatient_p), &p->src);
      cell (c, row, "priority", NUM (b->priority), NUM (p->priority), &p->src);
      cell (c, row, "operation", NUM (!b->other_treatment), NUM (!p->other_treatment), &p->src);
    }
  for (guint i = 0; i < base->flows->len; i++)
    {
      const PksFlowDef *b = pks_flow (base, i);
      const char *un = pks_unit (base, b->unit)->name;
      int pu = pks_scenario_find_unit (plan, un);
      if (pu < 0 || pks_scenario_find_flow (plan, (guint) pu, b->name) < 0)
        add_row (c, PKS_PLAN_CELL, g_strdup_printf ("flows[%s/%s]", un, b->name), NULL,
                 g_strdup ("a flow of the base the plan does not have"), NULL, NULL, NULL);
    }
}

/* ---------- effects ---------- */

typedef struct {
  double planned, staffed, beds, sessions, slots, cost;
} UnitSums;

static UnitSums
unit_sums (const PksModel *m, int u)
{
  UnitSums x = { 0 };
  if (u < 0)
    return x;
  for (guint d = 0; d < pks_model_n_days (m); d++)
    {
      x.staffed += pks_model_staffed_beds (m, (guint) u, d);
      x.beds += pks_model_beds (m, (guint) u, d);
      x.sessions += pks_model_or_sessions (m, (guint) u, d);
      x.slots += pks_model_visit_slots (m, (guint) u, d);
    }
  x.planned = pks_model_planned_staffed_bed_days (m, (guint) u);
  x.cost = pks_model_staff_cost (m, (guint) u);
  return x;
}

static int
model_unit (const PksModel *m, const char *name)
{
  for (guint u = 0; u < pks_model_n_units (m); u++)
    if (strcmp (pks_model_unit_name (m, u), name) == 0)
      return (int) u;
  return -1;
}

static void
effect (PksPlanChanges *c, const char *unit, const char *item, double b, double p, double eps)
{
  if (fabs (p - b) <= eps)
    return;
  PksPlanRow *r = add_row (c, PKS_PLAN_EFFECT, g_strdup (unit), g_strdup (item), NULL,
                           g_strdup_printf ("%.10g", b), g_strdup_printf ("%.10g", p), NULL);
  r->diff = p - b;
}

/* Every unit of either model, by name, base order first. */
static GPtrArray *
all_units (const PksModel *mb, const PksModel *mp)
{
  GPtrArray *names = g_ptr_array_new ();
  for (guint u = 0; u < pks_model_n_units (mb); u++)
    g_ptr_array_add (names, (gpointer) pks_model_unit_name (mb, u));
  for (guint u = 0; u < pks_model_n_units (mp); u++)
    if (model_unit (mb, pks_model_unit_name (mp, u)) < 0)
      g_ptr_array_add (names, (gpointer) pks_model_unit_name (mp, u));
  return names;
}

static void
diff_effects (PksPlanChanges *c, const PksModel *mb, const PksModel *mp)
{
  g_autoptr (GPtrArray) names = all_units (mb, mp);
  /* each name's unit in either model, looked up once (not once a day) */
  g_autofree int *in_b = g_new (int, MAX (1u, names->len));
  g_autofree int *in_p = g_new (int, MAX (1u, names->len));
  for (guint i = 0; i < names->len; i++)
    {
      in_b[i] = model_unit (mb, g_ptr_array_index (names, i));
      in_p[i] = model_unit (mp, g_ptr_array_index (names, i));
    }
  guint effects = 0;
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      UnitSums b = unit_sums (mb, in_b[i]), p = unit_sums (mp, in_p[i]);
      /* staffed bed-days (what opens) beside the planned ones whenever
       * either differs, so a plan cut to nothing shows +0 */
      gboolean beds = b.staffed != p.staffed || b.planned != p.planned;
      effect (c, n, "staffed_bed_days", b.staffed, p.staffed, beds ? -1 : 0);
      guint before = c->rows->len;
      effect (c, n, "planned_staffed_bed_days", b.planned, p.planned, 0);
      c->planned_only += c->rows->len - before;
      effect (c, n, "physical_bed_days", b.beds, p.beds, 0);
      effect (c, n, "or_sessions_offered", b.sessions, p.sessions, 0);
      effect (c, n, "visit_slots_offered", b.slots, p.slots, 0);
      effect (c, n, "staff_cost", b.cost, p.cost, 1e-6 * MAX (1.0, fabs (b.cost)));
      if (b.staffed != p.staffed || b.beds != p.beds || b.sessions != p.sessions
          || b.slots != p.slots || fabs (p.cost - b.cost) > 1e-6 * MAX (1.0, fabs (b.cost)))
        effects++;
      c->planned_days += p.planned - b.planned;
      c->size.bed_days += p.staffed - b.staffed;
      c->size.sessions += p.sessions - b.sessions;
      c->size.slots += p.slots - b.slots;
    }
  /* the first day and the mean daily size of the staffed beds added */
  guint nd = MIN (pks_model_n_days (mb), pks_model_n_days (mp)), days = 0;
  double sum = 0;
  for (guint d = 0; d < nd; d++)
    {
      double x = 0;
      for (guint i = 0; i < names->len; i++)
        {
          int ub = in_b[i], up = in_p[i];
          x += (up >= 0 ? pks_model_staffed_beds (mp, (guint) up, d) : 0)
               - (ub >= 0 ? pks_model_staffed_beds (mb, (guint) ub, d) : 0);
        }
      if (x != 0)
        {
          if (days++ == 0)
            c->size.first = pks_model_start (mp) + d;
          sum += x;
        }
    }
  c->size.beds = days ? sum / days : 0;
  c->nothing = effects == 0;
}

PksPlanChanges *
pks_plan_changes (const PksScenario *base, const PksModel *mbase, const PksScenario *plan,
                  const PksModel *mplan)
{
  PksPlanChanges *c = g_new0 (PksPlanChanges, 1);
  c->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_plan_row_free);
  c->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_plan_term_free);
  diff_changes (c, base, plan);
  diff_staffing (c, base, plan);
  guint before = c->rows->len;
  diff_keys (c, base, plan);
  diff_units (c, base, plan);
  diff_flows (c, base, plan);
  gboolean differ = c->rows->len > before;
  diff_effects (c, mbase, mplan);
  c->nothing = c->nothing && !differ;
  if (c->nothing)
    add_row (c, PKS_PLAN_NONE, NULL, NULL,
             c->planned_days != 0
             ? g_strdup_printf ("nothing that is simulated differs from the base: its planned "
                                "staffed beds (%+.0f bed-days) did not open, cut by staff or "
                                "physical beds (see the warnings)", c->planned_days)
             : g_strdup ("nothing that is simulated differs from the base"), NULL, NULL, NULL);
  /* the plan file's own terms */
  char a[11], b[11];
  if (plan->start != base->start)
    {
      pks_date_format (plan->start, a);
      pks_date_format (base->start, b);
      add_term (c->terms, "start", NULL, g_strdup (a), g_strdup (b));
    }
  if (plan->days != base->days)
    add_term (c->terms, "days", NULL, NUM (plan->days), NUM (base->days));
  if (plan->warmup_days != base->warmup_days)
    add_term (c->terms, "warmup_days", NULL, NUM (plan->warmup_days), NUM (base->warmup_days));
  if (plan->seed != base->seed)
    add_term (c->terms, "seed", NULL, g_strdup_printf ("%" G_GUINT64_FORMAT, plan->seed),
              g_strdup_printf ("%" G_GUINT64_FORMAT, base->seed));
  if (plan->replications != base->replications)
    add_term (c->terms, "replications", NULL, NUM (plan->replications), NUM (base->replications));
  return c;
}

static char *
size_text (const PksPlanSize *z)
{
  char d[11];
  pks_date_format (z->first, d);
  return g_strdup_printf ("%+.0f staffed beds from %s (%+.0f bed-days)", z->beds, d, z->bed_days);
}

void
pks_plan_terms_between (PksPlanChanges *const *plans, const char *const *names, guint n)
{
  int ref = -1;
  for (guint i = 0; i < n; i++)
    {
      const PksPlanSize *z = &plans[i]->size;
      if (z->first == 0)
        continue;
      if (ref < 0)
        {
          ref = (int) i;
          continue;
        }
      const PksPlanSize *r = &plans[ref]->size;
      if (floor (z->beds + 0.5) != floor (r->beds + 0.5))
        add_term (plans[i]->terms, "size", names[ref], size_text (z), size_text (r));
      if (z->first != r->first)
        {
          char a[11], b[11];
          pks_date_format (z->first, a);
          pks_date_format (r->first, b);
          add_term (plans[i]->terms, "first_day", names[ref], g_strdup (a), g_strdup (b));
        }
    }
}

char *
pks_plan_term_text (const PksPlanTerm *t, const char *plan)
{
  const char *w = t->what;
  if (!strcmp (w, "start"))
    return g_strdup_printf ("%s starts on %s, the base on %s: the periods differ", plan, t->value,
                            t->other);
  if (!strcmp (w, "days"))
    return g_strdup_printf ("%s simulates %s days, the base %s: the periods differ", plan, t->value,
                            t->other);
  if (!strcmp (w, "warmup_days"))
    return g_strdup_printf ("%s warms up %s days, the base %s", plan, t->value, t->other);
  if (!strcmp (w, "seed"))
    return g_strdup_printf ("%s's file has seed %s, the base's %s: compare ran both with the "
                            "base's, so the pairing holds", plan, t->value, t->other);
  if (!strcmp (w, "replications"))
    return g_strdup_printf ("%s's file asks for %s replications, the base %s: compare ran the "
                            "base's number", plan, t->value, t->other);
  if (!strcmp (w, "size"))
    return g_strdup_printf ("%s adds %s; %s adds %s: plans of different sizes", plan, t->value,
                            t->against, t->other);
  if (!strcmp (w, "first_day"))
    return g_strdup_printf ("%s changes beds from %s; %s from %s: different start dates", plan,
                            t->value, t->against, t->other);
  return g_strdup_printf ("%s: %s %s, against %s", plan, w, t->value, t->other);
}

/* "+2448" */
static char *
signed_text (double x)
{
  return fabs (x - floor (x + 0.5)) < 1e-9 ? g_strdup_printf ("%+.0f", x) : g_strdup_printf ("%+.1f", x);
}

char *
pks_plan_row_text (const PksPlanRow *r)
{
  switch (r->kind)
    {
    case PKS_PLAN_CHANGE:
    case PKS_PLAN_STAFFING:
      {
        g_autofree char *d = r->kind == PKS_PLAN_STAFFING
                             ? g_strdup_printf ("%s, %s %s", r->name, r->item, r->detail)
                             : g_strdup (r->detail);
        return r->source ? g_strdup_printf ("%s: %s", r->source, d) : g_strdup (d);
      }
    case PKS_PLAN_KEY:
      return g_strdup_printf ("%s = %s (the base: %s)%s%s", r->name, r->plan ? r->plan : "(unset)",
                              r->base ? r->base : "unset", r->source ? ", " : "",
                              r->source ? r->source : "");
    case PKS_PLAN_CELL:
      if (r->item == NULL)
        return g_strdup_printf ("%s: %s", r->name, r->detail);
      return g_strdup_printf ("%s.%s = %s (the base: %s)", r->name, r->item, r->plan, r->base);
    case PKS_PLAN_EFFECT:
      {
        static const char *const words[][2] = {
          { "staffed_bed_days", "staffed bed-days" },
          { "planned_staffed_bed_days", "planned staffed bed-days" },
          { "physical_bed_days", "physical bed-days" },
          { "or_sessions_offered", "OR sessions offered" },
          { "visit_slots_offered", "visit slots offered" },
        };
        g_autofree char *d = signed_text (r->diff);
        if (!strcmp (r->item, "staff_cost"))
          return g_strdup_printf ("%s: staff cost %+.2f MSEK", r->name, r->diff / 1e6);
        const char *w = r->item;
        for (guint i = 0; i < G_N_ELEMENTS (words); i++)
          if (!strcmp (w, words[i][0]))
            w = words[i][1];
        return g_strdup_printf ("%s: %s %s", r->name, w, d);
      }
    case PKS_PLAN_NONE:
      return g_strdup (r->detail);
    }
  return g_strdup ("");
}
