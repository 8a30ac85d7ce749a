/* keyfile.c — the INI side of a scenario: each file is checked line by
 * line (so errors carry line numbers GKeyFile does not give), parsed with
 * GKeyFile, and merged along its `base =` chain; `--set` overrides go on
 * top. The result is a flat map "group.key" -> value with its origin. */
#include "keyfile.h"
#include "pks/core/error.h"

#include <string.h>

#define MAX_BASE_DEPTH 32
/* Scenario files are a few kilobytes; a larger one is a table or a log
 * given by mistake, and its keys would each cost a hash entry or three. */
#define MAX_INI_BYTES (1024 * 1024)

static const PksKeySpec key_specs[] = {
  { "scenario", "name" }, { "scenario", "base" }, { "scenario", "start" },
  { "scenario", "days" }, { "scenario", "warmup_days" },
  { "scenario", "replications" }, { "scenario", "seed" },
  { "scenario", "description" }, { "scenario", "region" }, { "scenario", "by_flow" },
  { "tables", "units" }, { "tables", "flows" }, { "tables", "changes" },
  { "tables", "staffing" }, { "tables", "waitlist" }, { "tables", "profiles" },
  { "tables", "census" }, { "tables", "targets" },
  { "tables", "changes_inherit" }, { "tables", "staffing_inherit" },
  { "tables", "transfers" },
  { "policy", "outlying" }, { "policy", "overcrowding" },
  { "policy", "scheduling" }, { "policy", "cancel_if_no_bed" },
  { "policy", "recall_outliers" }, { "policy", "due_days" },
  { "policy", "census_hour" }, { "policy", "clinic_hour" },
  { "policy", "elective_overcrowding" }, { "policy", "transfer_when_full" },
  { "policy", "acute_queue_hours" }, { "national", "census_hour" },
  { "guarantee", "first_visit_days" }, { "guarantee", "treatment_days" },
  { "staffing", "nurse_patients" }, { "staffing", "assistant_nurse_patients" },
  { "staffing", "shift_hours" }, { "staffing", "fte_hours_per_year" },
  { "staffing", "vacation_weeks" }, { "staffing", "summer_weeks" },
  { "staffing", "summer_from" }, { "staffing", "summer_to" },
  { "staffing", "sick_leave_pct" }, { "staffing", "vacancy_pct" },
  { "costs", "staffed_bed_day" }, { "costs", "operation" },
  { "costs", "agency_premium_pct" }, { "costs", "out_of_region" },
  { "costs", "overtime_minute" }, { "costs", "nurse_fte_year" },
  { "costs", "assistant_nurse_fte_year" }, { "costs", "or_team_fte_year" },
};

const PksKeySpec *
pks_key_specs (guint *n)
{
  *n = G_N_ELEMENTS (key_specs);
  return key_specs;
}

static gboolean
known_key (const char *group, const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (strcmp (key_specs[i].group, group) == 0 && strcmp (key_specs[i].key, key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
known_group (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (strcmp (key_specs[i].group, group) == 0)
      return TRUE;
  return FALSE;
}

/* "did you mean" for a group.key */
static const char *
hint_key (const char *group, const char *key, char *buf, gsize n)
{
  guint best = 4;
  const PksKeySpec *found = NULL;
  g_autofree char *full = g_strdup_printf ("%s.%s", group, key);
  for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      g_autofree char *c = g_strdup_printf ("%s.%s", key_specs[i].group, key_specs[i].key);
      guint d = pks_edit_distance (full, c, 3);
      if (d < best)
        {
          best = d;
          found = &key_specs[i];
        }
    }
  if (found == NULL)
    {
      /* same key in another group? */
      for (guint i = 0; i < G_N_ELEMENTS (key_specs); i++)
        if (strcmp (key_specs[i].key, key) == 0)
          {
            found = &key_specs[i];
            break;
          }
    }
  if (found == NULL)
    return "";
  g_snprintf (buf, n, " (did you mean [%s] %s?)", found->group, found->key);
  return buf;
}

static void
keyval_free (gpointer p)
{
  PksKeyVal *kv = p;
  g_free (kv->value);
  g_free (kv->file);
  g_free (kv->dir);
  g_free (kv);
}

PksKeyMap *
pks_keymap_new (void)
{
  PksKeyMap *m = g_new0 (PksKeyMap, 1);
  m->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, keyval_free);
  m->changes = g_ptr_array_new_with_free_func (keyval_free);
  m->staffing = g_ptr_array_new_with_free_func (keyval_free);
  m->chain = g_ptr_array_new_with_free_func (g_free);
  return m;
}

void
pks_keymap_free (PksKeyMap *m)
{
  if (m == NULL)
    return;
  g_hash_table_unref (m->keys);
  g_ptr_array_unref (m->changes);
  g_ptr_array_unref (m->staffing);
  g_ptr_array_unref (m->chain);
  g_free (m->top);
  g_free (m);
}

static PksKeyVal *
keyval_new (const char *value, const char *file, int line, const char *dir)
{
  PksKeyVal *kv = g_new0 (PksKeyVal, 1);
  kv->value = g_strdup (value);
  kv->file = g_strdup (file);
  kv->line = line;
  kv->dir = g_strdup (dir);
  return kv;
}

const PksKeyVal *
pks_keymap_get (const PksKeyMap *m, const char *group, const char *key)
{
  g_autofree char *k = g_strdup_printf ("%s.%s", group, key);
  return g_hash_table_lookup (m->keys, k);
}

/* Remove an inline comment: " # …" or "\t# …" after a value. */
static char *
strip_inline_comment (const char *v)
{
  char *s = g_strdup (v);
  for (char *p = s; *p; p++)
    if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t'))
      {
        *p = '\0';
        break;
      }
  return g_strstrip (s);
}

gboolean
pks_key_known (const char *group, const char *key, char **hint)
{
  if (known_key (group, key))
    return TRUE;
  if (hint)
    {
      char buf[160] = "";
      hint_key (group, key, buf, sizeof buf);
      *hint = g_strdup (buf);
    }
  return FALSE;
}

/* Line-by-line check of one INI text; fills line numbers per group.key.
 * Returns FALSE after reporting a syntax error. */
static gboolean
scan_lines (const char *shown, const char *text, GHashTable *line_of, PksDiags *diags)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;
  gboolean ok = TRUE;
  for (int i = 0; lines[i]; i++)
    {
      char *l = g_strstrip (lines[i]);
      int ln = i + 1;
      if (*l == '\0' || *l == '#' || *l == ';')
        continue;
      if (*l == '[')
        {
          char *close = strchr (l, ']');
          if (close == NULL || close[1] != '\0')
            {
              g_autofree char *rest = close ? strip_inline_comment (close + 1) : NULL;
              if (close == NULL || (rest && *rest))
                {
                  pks_diags_error (diags, shown, ln, 1, "a group header must look like "
                                   "[name], got \"%s\"", l);
                  ok = FALSE;
                  continue;
                }
            }
          g_free (group);
          group = g_strndup (l + 1, close - l - 1);
          g_strstrip (group);
          /* an error, not a warning: a plan whose [tabels] is skipped would
           * run without its changes, and look like its base */
          if (!known_group (group))
            {
              static const char *groups[] = { "scenario", "tables", "policy", "guarantee",
                                              "staffing", "costs", "national" };
              const char *near = pks_nearest (group, groups, G_N_ELEMENTS (groups));
              pks_diags_error (diags, shown, ln, 1, "unknown group [%s]%s%s%s; the groups are "
                               "scenario, tables, policy, guarantee, staffing, costs and national", group,
                               near ? " (did you mean [" : "", near ? near : "", near ? "]?)" : "");
            }
          continue;
        }
      char *eq = strchr (l, '=');
      if (eq == NULL)
        {
          pks_diags_error (diags, shown, ln, 1, "expected \"key = value\", a [group] "
                           "or a # comment, got \"%s\"", l);
          ok = FALSE;
          continue;
        }
      if (group == NULL)
        {
          pks_diags_error (diags, shown, ln, 1, "\"%s\" comes before any [group]", l);
          ok = FALSE;
          continue;
        }
      g_autofree char *key = g_strstrip (g_strndup (l, eq - l));
      if (*key == '\0')
        {
          pks_diags_error (diags, shown, ln, 1, "a key name is missing before '='");
          ok = FALSE;
          continue;
        }
      char *full = g_strdup_printf ("%s.%s", group, key);
      if (g_hash_table_contains (line_of, full))
        pks_diags_warn (diags, shown, ln, 1, "[%s] %s is given twice in this file; "
                        "the last value wins", group, key);
      g_hash_table_replace (line_of, full, GINT_TO_POINTER (ln));
      if (known_group (group) && !known_key (group, key))
        {
          char hint[160] = "";
          if (!pks_diags_full (diags, PKS_DIAG_WARNING))   /* hints cost edit distances */
            hint_key (group, key, hint, sizeof hint);
          pks_diags_warn (diags, shown, ln, 1, "unknown key [%s] %s is ignored%s",
                          group, key, hint);
        }
    }
  return ok;
}

/* [tables] changes_inherit / staffing_inherit: a plan's rows of that table
 * are added to its base's unless the key is false, 0 or no. */
static gboolean
inherit_flag (GKeyFile *kf, const char *key)
{
  g_autofree char *raw = g_key_file_get_value (kf, "tables", key, NULL);
  if (raw == NULL)
    return TRUE;
  g_autofree char *v = strip_inline_comment (raw);
  return !(g_ascii_strcasecmp (v, "false") == 0 || strcmp (v, "0") == 0
           || g_ascii_strcasecmp (v, "no") == 0);
}

/* Load path (and, first, its base chain) into m. chain_stack holds the
 * canonical paths being loaded, for cycle detection. */
static gboolean
load_file (PksKeyMap *m, PksFiles *files, const char *path, const char *from_file,
           int from_line, GPtrArray *stack, PksDiags *diags)
{
  g_autofree char *canon = pks_path_canonical (path);
  g_autofree char *shown = pks_path_display (path);
  for (guint i = 0; i < stack->len; i++)
    if (strcmp (g_ptr_array_index (stack, i), canon) == 0)
      {
        GString *cyc = g_string_new (NULL);
        for (guint j = i; j < stack->len; j++)
          {
            g_autofree char *d = pks_path_display (g_ptr_array_index (stack, j));
            g_string_append_printf (cyc, "%s -> ", d);
          }
        g_string_append (cyc, shown);
        pks_diags_add (diags, PKS_DIAG_ERROR, from_file, from_line, 0,
                       "[scenario] base", "the base chain forms a cycle: %s", cyc->str);
        g_string_free (cyc, TRUE);
        return FALSE;
      }
  if (stack->len >= MAX_BASE_DEPTH)
    {
      pks_diags_add (diags, PKS_DIAG_ERROR, from_file, from_line, 0, "[scenario] base",
                     "the base chain is deeper than %d files", MAX_BASE_DEPTH);
      return FALSE;
    }

  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) bytes = pks_files_read (files, path, &err);
  if (bytes == NULL)
    {
      if (from_file)
        pks_diags_add (diags, PKS_DIAG_ERROR, from_file, from_line, 0, "[scenario] base",
                       "%s", err->message);
      else
        pks_diags_error (diags, NULL, 0, 0, "%s", err->message);
      return FALSE;
    }
  gsize len;
  const char *raw = g_bytes_get_data (bytes, &len);
  if (raw == NULL)
    raw = "";
  if (len > MAX_INI_BYTES)
    {
      pks_diags_error (diags, shown, 0, 0, "the file is %.1f MB; scenario files are limited "
                       "to %d MB (tables belong in CSV files named under [tables])",
                       len / 1048576.0, MAX_INI_BYTES / 1048576);
      return FALSE;
    }
  if (!pks_text_check (shown, raw, len, FALSE, diags))
    return FALSE;
  /* drop a BOM and CRs so that GKeyFile and the line scan see the same text */
  if (len >= 3 && memcmp (raw, "\xEF\xBB\xBF", 3) == 0)
    {
      raw += 3;
      len -= 3;
    }
  GString *text = g_string_sized_new (len + 1);
  for (gsize i = 0; i < len; i++)
    if (raw[i] != '\r')
      g_string_append_c (text, raw[i]);

  g_autoptr (GHashTable) line_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!scan_lines (shown, text->str, line_of, diags))
    {
      g_string_free (text, TRUE);
      return FALSE;
    }
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, text->str, text->len, G_KEY_FILE_NONE, &err))
    {
      pks_diags_error (diags, shown, 0, 0, "%s", err->message);
      g_string_free (text, TRUE);
      return FALSE;
    }
  g_string_free (text, TRUE);

  g_autofree char *dir = pks_path_dirname (path);
  g_ptr_array_add (stack, g_strdup (canon));
  gboolean ok = TRUE;

  /* the base first, so this file's keys override it */
  g_autofree char *base_raw = g_key_file_get_value (kf, "scenario", "base", NULL);
  gboolean inherit_changes = inherit_flag (kf, "changes_inherit");
  gboolean inherit_staffing = inherit_flag (kf, "staffing_inherit");
  if (base_raw)
    {
      g_autofree char *base = strip_inline_comment (base_raw);
      int bl = GPOINTER_TO_INT (g_hash_table_lookup (line_of, "scenario.base"));
      if (*base == '\0')
        pks_diags_add (diags, PKS_DIAG_ERROR, shown, bl, 0, "[scenario] base",
                       "the base file name is empty");
      else
        {
          g_autofree char *bp = pks_path_resolve (dir, base);
          ok = load_file (m, files, bp, shown, bl, stack, diags);
        }
    }
  if (!inherit_changes)
    g_ptr_array_set_size (m->changes, 0);
  if (!inherit_staffing)
    g_ptr_array_set_size (m->staffing, 0);

  gsize ng;
  g_auto (GStrv) groups = g_key_file_get_groups (kf, &ng);
  for (gsize g = 0; g < ng; g++)
    {
      gsize nk;
      g_auto (GStrv) keys = g_key_file_get_keys (kf, groups[g], &nk, NULL);
      for (gsize k = 0; keys && k < nk; k++)
        {
          if (strcmp (groups[g], "scenario") == 0 && strcmp (keys[k], "base") == 0)
            continue;
          g_autofree char *raw_v = g_key_file_get_value (kf, groups[g], keys[k], NULL);
          g_autofree char *v = strip_inline_comment (raw_v ? raw_v : "");
          g_autofree char *full = g_strdup_printf ("%s.%s", groups[g], keys[k]);
          int ln = GPOINTER_TO_INT (g_hash_table_lookup (line_of, full));
          if (strcmp (full, "tables.changes") == 0 || strcmp (full, "tables.staffing") == 0)
            {
              if (*v)
                g_ptr_array_add (strcmp (full, "tables.changes") == 0 ? m->changes : m->staffing,
                                 keyval_new (v, shown, ln, dir));
              continue;
            }
          g_hash_table_replace (m->keys, g_steal_pointer (&full), keyval_new (v, shown, ln, dir));
        }
    }
  g_ptr_array_add (m->chain, g_strdup (shown));
  g_ptr_array_remove_index (stack, stack->len - 1);
  return ok;
}

gboolean
pks_keymap_load (PksKeyMap *m, PksFiles *files, const char *path, PksDiags *diags)
{
  g_autoptr (GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  m->top = pks_path_canonical (path);
  return load_file (m, files, path, NULL, 0, stack, diags);
}

gboolean
pks_keymap_set (PksKeyMap *m, const char *group, const char *key, const char *value,
                const char *origin, PksDiags *diags)
{
  if (!known_key (group, key) || strcmp (key, "base") == 0)
    {
      char hint[160];
      g_autofree char *k = g_strdup_printf ("--set %s.%s", group, key);
      pks_diags_add (diags, PKS_DIAG_ERROR, NULL, 0, 0, k, "unknown key%s",
                     hint_key (group, key, hint, sizeof hint));
      return FALSE;
    }
  g_autofree char *cwd = pks_path_workdir ();
  if (strcmp (group, "tables") == 0 && (strcmp (key, "changes") == 0 || strcmp (key, "staffing") == 0))
    {
      g_ptr_array_add (strcmp (key, "changes") == 0 ? m->changes : m->staffing,
                       keyval_new (value, origin, 0, cwd));
      return TRUE;
    }
  g_hash_table_replace (m->keys, g_strdup_printf ("%s.%s", group, key),
                        keyval_new (value, origin, 0, cwd));
  return TRUE;
}
