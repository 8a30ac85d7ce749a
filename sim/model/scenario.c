/* scenario.c — ownership of a loaded scenario and lookups by name. */
#include "pks/model/scenario.h"

#include <string.h>

PksScenario *
pks_scenario_new (void)
{
  PksScenario *s = g_new0 (PksScenario, 1);
  s->units = g_array_new (FALSE, TRUE, sizeof (PksUnitDef));
  s->flows = g_array_new (FALSE, TRUE, sizeof (PksFlowDef));
  s->changes = g_array_new (FALSE, TRUE, sizeof (PksChange));
  s->staffing = g_array_new (FALSE, TRUE, sizeof (PksStaffRow));
  s->waitlist = g_array_new (FALSE, TRUE, sizeof (PksWaitBin));
  s->wait_patients = g_array_new (FALSE, TRUE, sizeof (PksWaitPatient));
  s->census = g_array_new (FALSE, TRUE, sizeof (PksCensusRow));
  s->profiles = g_array_new (FALSE, TRUE, sizeof (PksProfileRow));
  s->transfers = g_array_new (FALSE, TRUE, sizeof (PksTransferRow));
  s->targets = g_array_new (FALSE, TRUE, sizeof (PksTarget));
  s->sites = g_ptr_array_new ();
  s->clinics = g_ptr_array_new ();
  s->areas = g_ptr_array_new ();
  s->resolved = g_ptr_array_new ();
  s->table_files = g_ptr_array_new ();
  s->strings = g_string_chunk_new (4096);
  return s;
}

void
pks_scenario_free (PksScenario *s)
{
  if (s == NULL)
    return;
  g_array_unref (s->units);
  g_array_unref (s->flows);
  g_array_unref (s->changes);
  g_array_unref (s->staffing);
  g_array_unref (s->waitlist);
  g_array_unref (s->wait_patients);
  g_array_unref (s->census);
  g_array_unref (s->profiles);
  g_array_unref (s->transfers);
  g_array_unref (s->targets);
  g_ptr_array_unref (s->sites);
  g_ptr_array_unref (s->clinics);
  g_ptr_array_unref (s->areas);
  g_ptr_array_unref (s->resolved);
  g_ptr_array_unref (s->table_files);
  g_string_chunk_free (s->strings);
  g_free (s);
}

/* Strings of a copy are re-interned so the copy owns all its memory. */
#define REINTERN(dst, field) \
  do { if ((dst)->field) (dst)->field = g_string_chunk_insert_const (c->strings, (dst)->field); } while (0)

static GArray *
copy_array (GArray *a)
{
  GArray *b = g_array_sized_new (FALSE, TRUE, g_array_get_element_size (a), a->len);
  g_array_append_vals (b, a->data, a->len);
  return b;
}

PksScenario *
pks_scenario_copy (const PksScenario *s)
{
  PksScenario *c = pks_scenario_new ();
  GArray *u = c->units, *f = c->flows, *ch = c->changes, *st = c->staffing,
         *w = c->waitlist, *p = c->profiles, *wp = c->wait_patients, *ce = c->census,
         *tr = c->transfers, *tg = c->targets;
  GPtrArray *sites = c->sites, *clinics = c->clinics, *areas = c->areas, *res = c->resolved,
            *tf = c->table_files;
  GStringChunk *strings = c->strings;
  *c = *s;
  c->strings = strings;
  g_array_unref (u);
  g_array_unref (f);
  g_array_unref (ch);
  g_array_unref (st);
  g_array_unref (w);
  g_array_unref (p);
  g_array_unref (wp);
  g_array_unref (ce);
  g_array_unref (tr);
  g_array_unref (tg);
  c->units = copy_array (s->units);
  c->flows = copy_array (s->flows);
  c->changes = copy_array (s->changes);
  c->staffing = copy_array (s->staffing);
  c->waitlist = copy_array (s->waitlist);
  c->profiles = copy_array (s->profiles);
  c->wait_patients = copy_array (s->wait_patients);
  c->census = copy_array (s->census);
  c->transfers = copy_array (s->transfers);
  c->targets = copy_array (s->targets);
  c->sites = sites;
  c->clinics = clinics;
  c->areas = areas;
  c->resolved = res;
  c->table_files = tf;
  REINTERN (c, name);
  REINTERN (c, region);
  REINTERN (c, path);
  for (guint i = 0; i < s->sites->len; i++)
    g_ptr_array_add (c->sites, g_string_chunk_insert_const (c->strings, g_ptr_array_index (s->sites, i)));
  for (guint i = 0; i < s->clinics->len; i++)
    g_ptr_array_add (c->clinics, g_string_chunk_insert_const (c->strings, g_ptr_array_index (s->clinics, i)));
  for (guint i = 0; i < s->areas->len; i++)
    g_ptr_array_add (c->areas, g_string_chunk_insert_const (c->strings, g_ptr_array_index (s->areas, i)));
  for (guint i = 0; i < s->resolved->len; i++)
    g_ptr_array_add (c->resolved, g_string_chunk_insert_const (c->strings, g_ptr_array_index (s->resolved, i)));
  for (guint i = 0; i < s->table_files->len; i++)
    g_ptr_array_add (c->table_files, g_string_chunk_insert_const (c->strings, g_ptr_array_index (s->table_files, i)));
  for (guint i = 0; i < c->units->len; i++)
    {
      PksUnitDef *x = &g_array_index (c->units, PksUnitDef, i);
      REINTERN (x, name);
      REINTERN (x, site);
      REINTERN (x, clinic);
      REINTERN (x, area);
      REINTERN (x, src.file);
    }
  for (guint i = 0; i < c->flows->len; i++)
    {
      PksFlowDef *x = &g_array_index (c->flows, PksFlowDef, i);
      REINTERN (x, name);
      REINTERN (x, src.file);
    }
  for (guint i = 0; i < c->changes->len; i++)
    {
      PksChange *x = &g_array_index (c->changes, PksChange, i);
      REINTERN (x, note);
      REINTERN (x, src.file);
    }
  for (guint i = 0; i < c->staffing->len; i++)
    REINTERN (&g_array_index (c->staffing, PksStaffRow, i), src.file);
  for (guint i = 0; i < c->waitlist->len; i++)
    REINTERN (&g_array_index (c->waitlist, PksWaitBin, i), src.file);
  for (guint i = 0; i < c->wait_patients->len; i++)
    REINTERN (&g_array_index (c->wait_patients, PksWaitPatient, i), src.file);
  for (guint i = 0; i < c->census->len; i++)
    REINTERN (&g_array_index (c->census, PksCensusRow, i), src.file);
  for (guint i = 0; i < c->profiles->len; i++)
    {
      PksProfileRow *x = &g_array_index (c->profiles, PksProfileRow, i);
      REINTERN (x, flow);
      REINTERN (x, src.file);
    }
  for (guint i = 0; i < c->transfers->len; i++)
    {
      PksTransferRow *x = &g_array_index (c->transfers, PksTransferRow, i);
      REINTERN (x, flow_name);
      REINTERN (x, src.file);
    }
  for (guint i = 0; i < c->targets->len; i++)
    REINTERN (&g_array_index (c->targets, PksTarget, i), src.file);
  return c;
}

int
pks_scenario_find_unit (const PksScenario *s, const char *name)
{
  for (guint i = 0; i < s->units->len; i++)
    if (strcmp (pks_unit (s, i)->name, name) == 0)
      return (int) i;
  return -1;
}

int
pks_scenario_find_site (const PksScenario *s, const char *name)
{
  for (guint i = 0; i < s->sites->len; i++)
    if (strcmp (g_ptr_array_index (s->sites, i), name) == 0)
      return (int) i;
  return -1;
}

int
pks_scenario_find_flow (const PksScenario *s, guint unit, const char *flow)
{
  for (guint i = 0; i < s->flows->len; i++)
    {
      const PksFlowDef *f = pks_flow (s, i);
      if (f->unit == unit && strcmp (f->name, flow) == 0)
        return (int) i;
    }
  return -1;
}

const char *
pks_resource_name (PksResource r)
{
  static const char *n[] = { "beds", "staffed_beds", "or_sessions_per_week", "visit_slots_per_week" };
  return r < PKS_N_RESOURCES ? n[r] : "?";
}

double
pks_resource_max (PksResource r)
{
  /* beds: the largest Swedish hospital has about 1 500; sessions and slots
   * per week: ten times what a busy unit runs */
  static const double max[] = { 5000, 5000, 500, 100000 };
  return r < PKS_N_RESOURCES ? max[r] : 0.0;
}

const char *
pks_role_name (PksRole r)
{
  static const char *n[] = { "nurse", "assistant_nurse", "or_team" };
  return r < PKS_N_ROLES ? n[r] : "?";
}

const char *
pks_staff_mode_name (PksStaffMode m)
{
  return m == PKS_STAFF_OWN ? "own" : m == PKS_STAFF_AGENCY ? "agency" : NULL;
}

const char *
pks_flow_kind_name (PksFlowKind k)
{
  return k == PKS_FLOW_ACUTE ? "acute" : "elective";
}

const char *
pks_transfer_when_full_name (PksTransferWhenFull w)
{
  static const char *n[] = { "wait", "overcrowd", "outlie" };
  return w <= PKS_TRANSFER_OUTLIE ? n[w] : "?";
}

const char *
pks_target_resource_name (PksTargetResource r)
{
  static const char *names[PKS_N_TARGET_RES] = { "first_visits", "operations", "admissions" };
  return r < PKS_N_TARGET_RES ? names[r] : NULL;
}

const char *
pks_bed_type_name (PksBedType t)
{
  static const char *n[] = { "somatic", "psychiatric", "technical" };
  return t < PKS_N_BED_TYPES ? n[t] : "?";
}
