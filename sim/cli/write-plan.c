/* write-plan.c — a plan file that `pks run` and `pks compare` accept, written
 * from what a command simulated: PLAN.ini with `base =` the scenario and
 * the changes (and staff) it added beside it, as plan-changes.csv (and
 * plan-staffing.csv). pks optimise and pks target write their answers so. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* The base scenario's path relative to the plan's folder, when the two
 * share a common folder (else the absolute path). (transfer full) */
char *
pks_cli_relative_base (const char *plan_dir, const char *base_path)
{
  g_autofree char *abs_base = g_canonicalize_filename (base_path, NULL);
  g_autofree char *abs_dir = g_canonicalize_filename (plan_dir, NULL);
  g_auto (GStrv) a = g_strsplit (abs_dir, "/", -1), b = g_strsplit (abs_base, "/", -1);
  guint i = 0;
  while (a[i] && b[i] && b[i + 1] && strcmp (a[i], b[i]) == 0)
    i++;
  GString *r = g_string_new (NULL);
  for (guint j = i; a[j]; j++)
    if (*a[j])
      g_string_append (r, "../");
  for (guint j = i; b[j]; j++)
    g_string_append_printf (r, "%s%s", b[j], b[j + 1] ? "/" : "");
  return g_string_free (r, FALSE);
}

static const char *
change_text (const PksChange *c, char buf[40])
{
  switch (c->op)
    {
    case PKS_CHANGE_SET:
      g_snprintf (buf, 40, "=%g", c->value);
      break;
    case PKS_CHANGE_ADD:
      g_snprintf (buf, 40, "%+g", c->value);
      break;
    case PKS_CHANGE_SCALE:
      g_snprintf (buf, 40, "%+g%%", c->value);
      break;
    }
  return buf;
}

static const char *
date_text (PksDate d, char buf[11])
{
  if (d == 0)
    return "";
  pks_date_format (d, buf);
  return buf;
}

gboolean
pks_cli_write_plan (const char *path, const char *base_path, const PksScenario *base,
                    const PksScenario *with, const char *name, const char *comment,
                    const char *note, PksCsvDialect dialect, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *file = g_path_get_basename (path);
  g_autofree char *stem = g_str_has_suffix (file, ".ini") ? g_strndup (file, strlen (file) - 4)
                                                          : g_strdup (file);
  g_autofree char *changes_name = g_strdup_printf ("%s-changes.csv", stem);
  g_autofree char *staff_name = g_strdup_printf ("%s-staffing.csv", stem);
  guint n_changes = with->changes->len - base->changes->len;
  guint n_staff = with->staffing->len - base->staffing->len;
  g_autoptr (PksOutput) o = pks_output_new (dir, error);
  if (o == NULL)
    return FALSE;
  pks_output_set_csv_dialect (o, dialect);
  g_autofree char *rel = pks_cli_relative_base (dir, base_path);
  FILE *f = pks_output_begin (o, file, error);
  if (f == NULL)
    return FALSE;
  fprintf (f, "%s[scenario]\nbase = %s\nname = %s\n", comment, rel, name);
  if (n_changes > 0 || n_staff > 0)
    fputs ("\n[tables]\n", f);
  if (n_changes > 0)
    fprintf (f, "changes = %s\n", changes_name);
  if (n_staff > 0)
    fprintf (f, "# the staff that keep the new capacity open, added to the base's\nstaffing = %s\n",
             staff_name);
  if (!pks_output_end (o, error))
    return FALSE;
  char d0[11], d1[11], chg[40];
  if (n_changes > 0)
    {
      if ((f = pks_output_begin (o, changes_name, error)) == NULL)
        return FALSE;
      /* staff: own or agency, the staff the change brings by the norms
       * (docs/staffing.md) */
      const char *hdr[] = { "unit", "resource", "from", "to", "change", "note", "staff" };
      pks_csv_write_row (f, hdr, 7);
      for (guint i = base->changes->len; i < with->changes->len; i++)
        {
          const PksChange *c = &g_array_index (with->changes, PksChange, i);
          g_autofree char *who = c->selector == PKS_SEL_ALL ? g_strdup ("*")
                                 : c->selector == PKS_SEL_SITE
                                   ? g_strdup_printf ("site:%s", (char *) g_ptr_array_index (with->sites, c->index))
                                   : g_strdup (pks_unit (with, c->index)->name);
          g_autofree char *staffed_note = g_strdup_printf ("%s (staff by the norms)", note);
          const char *row[] = { who, pks_resource_name (c->resource), date_text (c->from, d0),
                                date_text (c->to, d1), change_text (c, chg),
                                c->resource == PKS_RES_BEDS ? "rooms for the new staffed beds"
                                : c->staff != PKS_STAFF_NONE ? staffed_note : note,
                                pks_staff_mode_name (c->staff) };
          pks_csv_write_row (f, row, 7);
        }
      if (!pks_output_end (o, error))
        return FALSE;
    }
  if (n_staff > 0)
    {
      if ((f = pks_output_begin (o, staff_name, error)) == NULL)
        return FALSE;
      const char *hdr[] = { "unit", "role", "fte", "from", "to", "agency" };
      pks_csv_write_row (f, hdr, 6);
      for (guint i = base->staffing->len; i < with->staffing->len; i++)
        {
          const PksStaffRow *r = &g_array_index (with->staffing, PksStaffRow, i);
          char fte[32];
          g_snprintf (fte, sizeof fte, "%.2f", r->fte);
          const char *row[] = { pks_unit (with, r->unit)->name, pks_role_name (r->role), fte,
                                date_text (r->from, d0), date_text (r->to, d1),
                                r->agency ? "1" : "0" };
          pks_csv_write_row (f, row, 6);
        }
      if (!pks_output_end (o, error))
        return FALSE;
    }
  return pks_output_commit (o, error);
}
