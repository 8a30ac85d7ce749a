/* describe.c — the resolved scenario as text (pks validate --print): every
 * key with the file and line it came from, the tables, and the capacity
 * changes in the order they apply, so a planner sees what a plan changes. */
#include "pks/input/load.h"

static const char *
op_text (const PksChange *c, char *buf, gsize n)
{
  switch (c->op)
    {
    case PKS_CHANGE_SET:
      g_snprintf (buf, n, "=%g", c->value);
      break;
    case PKS_CHANGE_ADD:
      g_snprintf (buf, n, "%+g", c->value);
      break;
    case PKS_CHANGE_SCALE:
      g_snprintf (buf, n, "%+g%%", c->value);
      break;
    }
  return buf;
}

char *
pks_change_unit_text (const PksScenario *s, const PksChange *c)
{
  if (c->selector == PKS_SEL_ALL)
    return g_strdup ("*");
  if (c->selector == PKS_SEL_SITE)
    return g_strdup_printf ("site:%s", (const char *) g_ptr_array_index (s->sites, c->index));
  return g_strdup (pks_unit (s, c->index)->name);
}

char *
pks_change_describe (const PksScenario *s, const PksChange *c)
{
  char from[11], to[11], op[40];
  pks_date_format (c->from, from);
  if (c->to)
    pks_date_format (c->to, to);
  g_autofree char *who = pks_change_unit_text (s, c);
  const char *staff = pks_staff_mode_name (c->staff);
  return g_strdup_printf ("%s, %s, %s .. %s, %s%s%s%s%s", who, pks_resource_name (c->resource),
                          from, c->to ? to : "(open)", op_text (c, op, sizeof op),
                          staff ? ", staff " : "", staff ? staff : "", c->note ? ", " : "",
                          c->note ? c->note : "");
}

char *
pks_scenario_describe (const PksScenario *s)
{
  GString *o = g_string_new (NULL);
  g_string_append_printf (o, "# resolved scenario: %s\n# keys (value, then where it was set)\n", s->name);
  for (guint i = 0; i < s->resolved->len; i++)
    g_string_append_printf (o, "%s\n", (char *) g_ptr_array_index (s->resolved, i));
  g_string_append (o, "\n# tables\n");
  for (guint i = 0; i < s->table_files->len; i++)
    g_string_append_printf (o, "%s\n", (char *) g_ptr_array_index (s->table_files, i));
  g_string_append (o, "\n# units: unit, site, beds, staffed_beds, or_sessions_per_week, or_session_minutes, visit_slots_per_week\n");
  for (guint i = 0; i < s->units->len; i++)
    {
      const PksUnitDef *u = pks_unit (s, i);
      g_string_append_printf (o, "%s, %s, %d, %d, %g, %g, %g%s%s", u->name, u->site, u->beds,
                              u->staffed_beds, u->or_sessions_per_week, u->or_session_minutes,
                              u->visit_slots_per_week,
                              u->bed_type != PKS_BED_SOMATIC ? ", bed_type " : "",
                              u->bed_type != PKS_BED_SOMATIC ? pks_bed_type_name (u->bed_type) : "");
      if (u->turnaround_minutes > 0)
        g_string_append_printf (o, ", turnaround %g min", u->turnaround_minutes);
      g_string_append_c (o, '\n');
    }
  g_string_append_printf (o, "\n# flows: %u (acute and elective)\n", s->flows->len);
  for (guint i = 0; i < s->flows->len; i++)
    {
      const PksFlowDef *f = pks_flow (s, i);
      g_string_append_printf (o, "%s/%s, %s, per_year %g, los_days %g (cv %g)", pks_unit (s, f->unit)->name,
                              f->name, pks_flow_kind_name (f->kind), f->per_year, f->los_days, f->los_cv);
      if (f->kind == PKS_FLOW_ELECTIVE)
        g_string_append_printf (o, ", treat_p %g, surgery %g min, inpatient_p %g, priority %d%s",
                                f->treat_p, f->surgery_minutes, f->inpatient_p, f->priority,
                                f->other_treatment ? ", not an operation" : "");
      else if (f->treat_p > 0)
        g_string_append_printf (o, ", emergency operation for %g of admitted", f->treat_p);
      if (f->removal_pct > 0)
        g_string_append_printf (o, ", %g %% of the waiting leave the lists a year", f->removal_pct);
      g_string_append_c (o, '\n');
    }
  if (s->census->len || s->wait_patients->len)
    {
      guint excluded = 0;
      for (guint i = 0; i < s->wait_patients->len; i++)
        excluded += g_array_index (s->wait_patients, PksWaitPatient, i).vg_excluded;
      g_string_append_printf (o, "\n# today's state: %u patients in bed at the start (census.csv), "
                              "%u waiting one by one (waitlist.csv), %u of them PvV or MoV\n",
                              s->census->len, s->wait_patients->len, excluded);
    }
  if (s->transfers->len > 0)
    {
      g_string_append_printf (o, "\n# pathways (transfers.csv): %u rows; when the next unit is "
                              "full: %s\n", s->transfers->len,
                              pks_transfer_when_full_name (s->policy.transfer_when_full));
      for (guint i = 0; i < s->transfers->len; i++)
        {
          const PksTransferRow *t = &g_array_index (s->transfers, PksTransferRow, i);
          char from[11] = "", to[11] = "";
          if (t->from)
            pks_date_format (t->from, from);
          if (t->to)
            pks_date_format (t->to, to);
          g_string_append_printf (o, "%s -> %s, flow %s%s%s, p %g, los_days %g (cv %g)%s%s%s%s%s%s\t# %s:%d\n",
                                  pks_unit (s, t->from_unit)->name, pks_unit (s, t->to_unit)->name,
                                  t->flow >= 0 ? pks_unit (s, pks_flow (s, t->flow)->unit)->name : "",
                                  t->flow >= 0 ? "/" : "",
                                  t->flow >= 0 ? pks_flow (s, t->flow)->name
                                  : t->flow_name ? t->flow_name : "*",
                                  t->p, t->los_days, t->los_cv, t->from || t->to ? ", " : "",
                                  from, t->from || t->to ? " .. " : "",
                                  t->from || t->to ? (t->to ? to : "(open)") : "",
                                  t->when_full >= 0 ? ", when full: " : "",
                                  t->when_full >= 0 ? pks_transfer_when_full_name (t->when_full) : "",
                                  t->src.file, t->src.line);
        }
    }
  g_string_append_printf (o, "\n# capacity changes in the order they apply: %u\n", s->changes->len);
  for (guint i = 0; i < s->changes->len; i++)
    {
      const PksChange *c = &g_array_index (s->changes, PksChange, i);
      g_autofree char *row = pks_change_describe (s, c);
      g_string_append_printf (o, "%s\t# %s:%d\n", row, c->src.file, c->src.line);
    }
  return g_string_free (o, FALSE);
}
