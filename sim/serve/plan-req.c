/* plan-req.c — a plan as a client of pks serve sends it (JSON: rows of
 * changes.csv and staffing.csv, settings, or the plan's files as text),
 * the plan files it becomes, and their load against the base exactly as
 * `pks compare BASE plan.ini` would load them. The load reads from a
 * sealed cache holding the base's files and the plan's own: whatever a
 * plan names, nothing else is read. */
#include "serve-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a plan's files seem to live: a folder that is never read (the
 * cache is sealed); diagnostics show the files by their own names. */
#define VDIR "/.pks-serve/plan"

static const char *const change_cols[] = { "unit", "resource", "from", "to", "change", "note",
                                           "staff" };
static const char *const staffing_cols[] = { "unit", "role", "fte", "from", "to", "agency" };

static void
free_cells (gpointer p)
{
  g_strfreev (p);
}

static void
plan_free (SvPlan *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_ptr_array_unref (p->changes);
  g_ptr_array_unref (p->staffing);
  g_ptr_array_unref (p->settings);
  g_ptr_array_unref (p->files);
  g_free (p);
}

void
sv_request_free (SvRequest *r)
{
  if (r == NULL)
    return;
  g_ptr_array_unref (r->plans);
  g_free (r);
}

void
sv_plan_files_clear (SvPlanFiles *f)
{
  g_clear_pointer (&f->names, g_ptr_array_unref);
  g_clear_pointer (&f->texts, g_ptr_array_unref);
}

/* ---------- parsing ---------- */

typedef struct {
  guint status;
  char *message;
} Fail;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Fail *f, guint status, const char *fmt, ...)
{
  if (f->message)
    return FALSE;
  va_list ap;
  va_start (ap, fmt);
  f->message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  f->status = status;
  return FALSE;
}

/* A text a plan file can hold: no control characters (a line break in a
 * setting would start a new key), at most SV_MAX_CELL characters, valid
 * UTF-8; in the INI (ini) also no " #", which starts a comment there. */
static gboolean
check_text (Fail *f, const char *where, const char *s, gboolean ini)
{
  if (!g_utf8_validate (s, -1, NULL))
    return fail (f, 400, "%s: not valid UTF-8", where);
  if (g_utf8_strlen (s, -1) > SV_MAX_CELL)
    return fail (f, 413, "%s: longer than %d characters", where, SV_MAX_CELL);
  for (const char *p = s; *p; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return fail (f, 400, "%s: control characters (line breaks, tabs) are not allowed", where);
      if (ini && *p == '#' && (p == s || p[-1] == ' '))
        return fail (f, 400, "%s: \"#\" after a space starts a comment in a plan file; "
                     "write it without the space", where);
    }
  return TRUE;
}

/* A cell as text: a string, or a number written as pks reads it. */
static char *
cell_text (Fail *f, const char *where, JsonNode *n, gboolean ini)
{
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (n))
    {
      fail (f, 400, "%s: expected a string or a number", where);
      return NULL;
    }
  char *t;
  GType ty = json_node_get_value_type (n);
  if (ty == G_TYPE_STRING)
    t = g_strdup (json_node_get_string (n));
  else if (ty == G_TYPE_INT64)
    t = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  else if (ty == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      t = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (n)));
    }
  else if (ty == G_TYPE_BOOLEAN)
    t = g_strdup (json_node_get_boolean (n) ? "true" : "false");
  else
    {
      fail (f, 400, "%s: expected a string or a number", where);
      return NULL;
    }
  g_strstrip (t);
  if (!check_text (f, where, t, ini))
    g_clear_pointer (&t, g_free);
  return t;
}

/* Rows of a table: an array of objects with the table's columns only. */
static GPtrArray *
parse_rows (Fail *f, guint plan, const char *table, JsonNode *n, const char *const *cols,
            guint n_cols)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_cells);
  if (n == NULL)
    return rows;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      fail (f, 400, "plans[%u].%s: expected an array of rows", plan, table);
      return rows;
    }
  JsonArray *a = json_node_get_array (n);
  if (json_array_get_length (a) > SV_MAX_ROWS)
    {
      fail (f, 413, "plans[%u].%s: %u rows; a plan may have at most %d", plan, table,
            json_array_get_length (a), SV_MAX_ROWS);
      return rows;
    }
  for (guint i = 0; i < json_array_get_length (a) && !f->message; i++)
    {
      JsonNode *rn = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_OBJECT (rn))
        {
          fail (f, 400, "plans[%u].%s[%u]: expected an object with the columns %s", plan, table,
                i, table[0] == 'c' ? "unit, resource, from, to, change, note, staff"
                                   : "unit, role, fte, from, to, agency");
          break;
        }
      JsonObject *o = json_node_get_object (rn);
      g_autoptr (GList) members = json_object_get_members (o);
      for (GList *m = members; m; m = m->next)
        {
          gboolean known = FALSE;
          for (guint c = 0; c < n_cols; c++)
            known |= strcmp (m->data, cols[c]) == 0;
          if (!known)
            {
              g_autofree char *list = g_strjoinv (", ", (char **) cols);
              fail (f, 400, "plans[%u].%s[%u]: unknown column \"%s\" (the columns are %s)", plan,
                    table, i, (const char *) m->data, list);
              break;
            }
        }
      char **cells = g_new0 (char *, n_cols + 1);
      for (guint c = 0; c < n_cols && !f->message; c++)
        {
          g_autofree char *where = g_strdup_printf ("plans[%u].%s[%u].%s", plan, table, i,
                                                    cols[c]);
          cells[c] = cell_text (f, where, json_object_get_member (o, cols[c]), FALSE);
          if (cells[c] == NULL)
            cells[c] = g_strdup ("");
        }
      g_ptr_array_add (rows, cells);
    }
  return rows;
}

static gboolean
is_ident (const char *s, gsize n)
{
  if (n == 0 || !(g_ascii_islower (s[0]) || s[0] == '_'))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!(g_ascii_islower (s[i]) || g_ascii_isdigit (s[i]) || s[i] == '_'))
      return FALSE;
  return TRUE;
}

static GPtrArray *
parse_settings (Fail *f, guint plan, JsonNode *n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (free_cells);
  if (n == NULL)
    return out;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (f, 400, "plans[%u].settings: expected an object of \"group.key\": value", plan);
      return out;
    }
  JsonObject *o = json_node_get_object (n);
  if (json_object_get_size (o) > SV_MAX_SETTINGS)
    {
      fail (f, 413, "plans[%u].settings: %u keys; at most %d", plan, json_object_get_size (o),
            SV_MAX_SETTINGS);
      return out;
    }
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *m = members; m && !f->message; m = m->next)
    {
      const char *k = m->data, *dot = strchr (k, '.');
      if (dot == NULL || !is_ident (k, dot - k) || !is_ident (dot + 1, strlen (dot + 1)))
        {
          fail (f, 400, "plans[%u].settings: \"%s\" is not a key; write \"group.key\", e.g. "
                "\"policy.overcrowding\"", plan, k);
          break;
        }
      if (g_str_has_prefix (k, "tables.") || strcmp (k, "scenario.base") == 0
          || strcmp (k, "scenario.name") == 0)
        {
          fail (f, 400, "plans[%u].settings: \"%s\" cannot be set here (the plan's tables are "
                "its rows, its base is \"base\", its name \"name\")", plan, k);
          break;
        }
      /* a key pks would ignore is a typo in a meeting: refused, not
       * warned about as a file's would be */
      g_autofree char *group = g_strndup (k, dot - k);
      g_autofree char *hint = NULL;
      if (!pks_key_known (group, dot + 1, &hint))
        {
          fail (f, 400, "plans[%u].settings: no key [%s] %s in a scenario%s", plan, group,
                dot + 1, hint);
          break;
        }
      g_autofree char *where = g_strdup_printf ("plans[%u].settings.%s", plan, k);
      char *v = cell_text (f, where, json_object_get_member (o, k), TRUE);
      if (v == NULL)
        break;
      char **kv = g_new0 (char *, 3);
      kv[0] = g_strdup (k);
      kv[1] = v;
      g_ptr_array_add (out, kv);
    }
  return out;
}

static gboolean
file_name_ok (const char *n)
{
  gsize len = strlen (n);
  if (len == 0 || len > 64 || n[0] == '.')
    return FALSE;
  for (const char *p = n; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

static GPtrArray *
parse_files (Fail *f, guint plan, JsonNode *n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (free_cells);
  if (n == NULL)
    return out;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (f, 400, "plans[%u].files: expected an object of \"file name\": text", plan);
      return out;
    }
  JsonObject *o = json_node_get_object (n);
  if (json_object_get_size (o) > 8)
    {
      fail (f, 413, "plans[%u].files: %u files; a plan may have at most 8", plan,
            json_object_get_size (o));
      return out;
    }
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *m = members; m && !f->message; m = m->next)
    {
      const char *name = m->data;
      JsonNode *v = json_object_get_member (o, name);
      if (!file_name_ok (name))
        {
          fail (f, 400, "plans[%u].files: \"%s\" is not a plain file name (letters, digits, "
                ". _ -; no folders)", plan, name);
          break;
        }
      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_STRING)
        {
          fail (f, 400, "plans[%u].files.%s: expected the file's text", plan, name);
          break;
        }
      const char *text = json_node_get_string (v);
      if (strlen (text) > SV_MAX_FILE_BYTES)
        {
          fail (f, 413, "plans[%u].files.%s: %zu bytes; a plan file may have at most %d", plan,
                name, strlen (text), SV_MAX_FILE_BYTES);
          break;
        }
      char **kv = g_new0 (char *, 3);
      kv[0] = g_strdup (name);
      kv[1] = g_strdup (text);
      g_ptr_array_add (out, kv);
    }
  if (!f->message && out->len)
    {
      gboolean has_ini = FALSE;
      for (guint i = 0; i < out->len; i++)
        has_ini |= strcmp (((char **) out->pdata[i])[0], "plan.ini") == 0;
      if (!has_ini)
        fail (f, 400, "plans[%u].files: no plan.ini (the plan file the others hang from)", plan);
    }
  return out;
}

static gboolean
only_members (Fail *f, const char *where, JsonObject *o, const char *const *known)
{
  g_autoptr (GList) members = json_object_get_members (o);
  for (GList *m = members; m; m = m->next)
    if (!g_strv_contains (known, m->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) known);
        return fail (f, 400, "%s: unknown field \"%s\" (the fields are %s)", where,
                     (const char *) m->data, list);
      }
  return TRUE;
}

static SvPlan *
parse_plan (Fail *f, guint i, JsonNode *n)
{
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (f, 400, "plans[%u]: expected an object", i);
      return NULL;
    }
  JsonObject *o = json_node_get_object (n);
  static const char *const known[] = { "name", "changes", "staffing", "settings", "files", NULL };
  g_autofree char *where = g_strdup_printf ("plans[%u]", i);
  if (!only_members (f, where, o, known))
    return NULL;
  SvPlan *p = g_new0 (SvPlan, 1);
  g_autofree char *nw = g_strdup_printf ("plans[%u].name", i);
  p->name = cell_text (f, nw, json_object_get_member (o, "name"), TRUE);
  if (p->name && *p->name == '\0')
    {
      g_free (p->name);
      p->name = g_strdup_printf ("Plan %u", i + 1);
    }
  p->changes = parse_rows (f, i, "changes", json_object_get_member (o, "changes"), change_cols,
                           G_N_ELEMENTS (change_cols));
  p->staffing = parse_rows (f, i, "staffing", json_object_get_member (o, "staffing"),
                            staffing_cols, G_N_ELEMENTS (staffing_cols));
  p->settings = parse_settings (f, i, json_object_get_member (o, "settings"));
  p->files = parse_files (f, i, json_object_get_member (o, "files"));
  if (!f->message && p->files->len
      && (p->changes->len || p->staffing->len || p->settings->len))
    fail (f, 400, "plans[%u]: give either files or changes, staffing and settings, not both", i);
  return p;
}

SvRequest *
sv_request_parse (SvCatalog *cat, const char *body, gsize len, guint max_reps, guint *status,
                  char **message)
{
  Fail f = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) err = NULL;
  if (len == 0)
    fail (&f, 400, "the request has no body; send a JSON object (docs/serve.md)");
  else if (!g_utf8_validate (body, (gssize) len, NULL))
    fail (&f, 400, "the request body is not UTF-8 text");
  else if (!json_parser_load_from_data (parser, body, (gssize) len, &err))
    fail (&f, 400, "the request body is not JSON: %s", err->message);
  JsonNode *root = f.message ? NULL : json_parser_get_root (parser);
  if (!f.message && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    fail (&f, 400, "the request body must be a JSON object {\"base\": …, \"plans\": […]}");
  g_autoptr (SvRequest) r = g_new0 (SvRequest, 1);
  r->plans = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_free);
  if (!f.message)
    {
      JsonObject *o = json_node_get_object (root);
      static const char *const known[] = { "base", "replications", "seed", "plans", NULL };
      only_members (&f, "request", o, known);
      JsonNode *b = json_object_get_member (o, "base");
      if (f.message)
        ;
      else if (b == NULL || JSON_NODE_HOLDS_NULL (b))
        r->base = cat->dflt;
      else if (!JSON_NODE_HOLDS_VALUE (b) || json_node_get_value_type (b) != G_TYPE_STRING)
        fail (&f, 400, "base: expected the id of a scenario (GET /api/scenarios lists them)");
      else if ((r->base = sv_catalog_get (cat, json_node_get_string (b))) == NULL)
        fail (&f, 404, "base: no scenario \"%.200s\" is offered (GET /api/scenarios lists them)",
              json_node_get_string (b));
      JsonNode *n = json_object_get_member (o, "replications");
      if (!f.message && n && !JSON_NODE_HOLDS_NULL (n))
        {
          double v = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) != G_TYPE_STRING
                       && json_node_get_value_type (n) != G_TYPE_BOOLEAN
                       ? json_node_get_double (n) : -1;
          if (v != (double) (guint) v || v < 2 || v > max_reps)
            fail (&f, 400, "replications: expected a whole number from 2 to %u", max_reps);
          else
            r->n_reps = (guint) v;
        }
      n = json_object_get_member (o, "seed");
      if (!f.message && n && !JSON_NODE_HOLDS_NULL (n))
        {
          GType ty = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_NONE;
          gint64 v = -1;
          if (ty == G_TYPE_INT64)
            v = json_node_get_int (n);
          else if (ty == G_TYPE_STRING)
            {
              const char *s = json_node_get_string (n);
              char *end = NULL;
              guint64 u = g_ascii_strtoull (s, &end, 10);
              if (*s && g_ascii_isdigit (*s) && end && *end == '\0' && u <= G_MAXINT64)
                v = (gint64) u;
            }
          if (v < 0)
            fail (&f, 400, "seed: expected a whole number from 0 up (or as a string of digits)");
          else
            {
              r->seed = (guint64) v;
              r->seed_set = TRUE;
            }
        }
      n = json_object_get_member (o, "plans");
      if (f.message)
        ;
      else if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n) || json_array_get_length (json_node_get_array (n)) == 0)
        fail (&f, 400, "plans: expected an array of at least one plan");
      else if (json_array_get_length (json_node_get_array (n)) > SV_MAX_PLANS)
        fail (&f, 413, "plans: %u plans; at most %d at once",
              json_array_get_length (json_node_get_array (n)), SV_MAX_PLANS);
      else
        {
          JsonArray *a = json_node_get_array (n);
          for (guint i = 0; i < json_array_get_length (a) && !f.message; i++)
            {
              SvPlan *p = parse_plan (&f, i, json_array_get_element (a, i));
              if (p)
                g_ptr_array_add (r->plans, p);
            }
        }
    }
  if (f.message)
    {
      *status = f.status;
      *message = f.message;
      return NULL;
    }
  return g_steal_pointer (&r);
}

/* ---------- the plan's files ---------- */

static char *
csv_text (const char *const *cols, guint n_cols, GPtrArray *rows, gboolean drop_last_if_empty)
{
  /* staff is an extension column: left out when no row uses it, so the
   * file is the contract's six columns */
  guint n = n_cols;
  if (drop_last_if_empty)
    {
      gboolean used = FALSE;
      for (guint i = 0; i < rows->len; i++)
        used |= *((char **) rows->pdata[i])[n_cols - 1] != '\0';
      if (!used)
        n--;
    }
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  pks_csv_write_row (f, cols, n);
  for (guint i = 0; i < rows->len; i++)
    pks_csv_write_row (f, (const char *const *) rows->pdata[i], n);
  fclose (f);
  return buf;
}

static void
add_file (SvPlanFiles *out, const char *name, char *text)
{
  g_ptr_array_add (out->names, g_strdup (name));
  g_ptr_array_add (out->texts, text);
}

/* The raw plan.ini with its base = made the chosen base's file, on the
 * same line (so diagnostics keep their line numbers). FALSE when it has
 * no base line in [scenario]. */
static char *
rebase_ini (const char *text, const char *base_path, gboolean *found)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_scenario = FALSE;
  *found = FALSE;
  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      while (*l == ' ' || *l == '\t')
        l++;
      if (*l == '[')
        in_scenario = g_str_has_prefix (l, "[scenario]");
      else if (in_scenario && g_str_has_prefix (l, "base") && !*found)
        {
          const char *q = l + 4;
          while (*q == ' ' || *q == '\t')
            q++;
          if (*q == '=')
            {
              g_free (lines[i]);
              lines[i] = g_strdup_printf ("base = %s", base_path);
              *found = TRUE;
            }
        }
    }
  return g_strjoinv ("\n", lines);
}

static void
make_files (SvEntry *base, const SvPlan *p, SvPlanFiles *out, PksDiags *diags)
{
  out->names = g_ptr_array_new_with_free_func (g_free);
  out->texts = g_ptr_array_new_with_free_func (g_free);
  if (p->files->len)
    {
      for (guint i = 0; i < p->files->len; i++)
        {
          char **kv = p->files->pdata[i];
          if (strcmp (kv[0], "plan.ini") != 0)
            {
              add_file (out, kv[0], g_strdup (kv[1]));
              continue;
            }
          gboolean found;
          char *t = rebase_ini (kv[1], base->path, &found);
          if (!found)
            pks_diags_add (diags, PKS_DIAG_ERROR, "plan.ini", 0, 0, "[scenario] base",
                           "a plan needs \"base =\" in [scenario] (pks serve sets it to the "
                           "chosen base's file)");
          add_file (out, "plan.ini", t);
        }
      return;
    }
  GString *ini = g_string_new (NULL);
  g_string_append_printf (ini, "# A plan made in pks serve against \"%s\".\n"
                          "# Run it: pks compare %s plan.ini\n"
                          "[scenario]\nbase = %s\nname = %s\n",
                          base->name, base->path, base->path, p->name);
  if (p->changes->len || p->staffing->len)
    {
      g_string_append (ini, "\n[tables]\n");
      if (p->changes->len)
        g_string_append (ini, "changes = changes.csv\n");
      if (p->staffing->len)
        g_string_append (ini, "staffing = staffing.csv\n");
    }
  /* settings grouped, in the order first given */
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < p->settings->len; i++)
    {
      const char *k = ((char **) p->settings->pdata[i])[0];
      g_autofree char *g = g_strndup (k, strchr (k, '.') - k);
      if (!g_ptr_array_find_with_equal_func (groups, g, g_str_equal, NULL))
        g_ptr_array_add (groups, g_steal_pointer (&g));
    }
  for (guint gi = 0; gi < groups->len; gi++)
    {
      const char *g = groups->pdata[gi];
      g_string_append_printf (ini, "\n[%s]\n", g);
      for (guint i = 0; i < p->settings->len; i++)
        {
          char **kv = p->settings->pdata[i];
          const char *dot = strchr (kv[0], '.');
          if ((gsize) (dot - kv[0]) == strlen (g) && strncmp (kv[0], g, strlen (g)) == 0)
            g_string_append_printf (ini, "%s = %s\n", dot + 1, kv[1]);
        }
    }
  add_file (out, "plan.ini", g_string_free (ini, FALSE));
  if (p->changes->len)
    add_file (out, "changes.csv", csv_text (change_cols, G_N_ELEMENTS (change_cols), p->changes,
                                            TRUE));
  if (p->staffing->len)
    add_file (out, "staffing.csv", csv_text (staffing_cols, G_N_ELEMENTS (staffing_cols),
                                             p->staffing, FALSE));
}

PksScenario *
sv_plan_load (SvEntry *base, const SvPlan *p, PksDiags *diags, SvPlanFiles *files)
{
  make_files (base, p, files, diags);
  if (diags->n_errors)
    return NULL;
  g_autoptr (PksFiles) f = pks_files_new ();
  g_autoptr (GPtrArray) paths = pks_files_paths (base->files);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr (GBytes) b = pks_files_read (base->files, paths->pdata[i], NULL);
      if (b)
        pks_files_add (f, paths->pdata[i], b);
    }
  for (guint i = 0; i < files->names->len; i++)
    {
      g_autofree char *path = g_build_filename (VDIR, files->names->pdata[i], NULL);
      const char *t = files->texts->pdata[i];
      g_autoptr (GBytes) b = g_bytes_new (t, strlen (t));
      pks_files_add (f, path, b);
    }
  pks_files_seal (f);
  return pks_scenario_load (VDIR "/plan.ini", NULL, f, diags);
}

/* ---------- diagnostics as JSON ---------- */

char *
sv_unvirtual (const char *text)
{
  if (text == NULL)
    return NULL;
  GString *s = g_string_new (text);
  g_string_replace (s, VDIR "/", "", 0);
  return g_string_free (s, FALSE);
}

void
sv_json_diags (JsonBuilder *b, const PksDiags *d)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < d->items->len; i++)
    {
      const PksDiag *x = g_ptr_array_index (d->items, i);
      g_autofree char *file = sv_unvirtual (x->file);
      g_autofree char *msg = sv_unvirtual (x->message);
      PksDiag shown = *x;
      shown.file = file;
      shown.message = msg;
      g_autofree char *text = pks_diag_format (&shown);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "level");
      json_builder_add_string_value (b, x->level == PKS_DIAG_ERROR ? "error" : "warning");
      json_builder_set_member_name (b, "file");
      if (file)
        json_builder_add_string_value (b, file);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, x->line);
      json_builder_set_member_name (b, "column");
      json_builder_add_int_value (b, x->column);
      /* the plan's own tables: the row (1 = the first under the header)
       * and the column's name, so a page can mark the cell */
      const char *const *cols = NULL;
      guint n_cols = 0;
      if (file && strcmp (file, "changes.csv") == 0)
        cols = change_cols, n_cols = G_N_ELEMENTS (change_cols);
      else if (file && strcmp (file, "staffing.csv") == 0)
        cols = staffing_cols, n_cols = G_N_ELEMENTS (staffing_cols);
      if (cols && x->line > 1)
        {
          json_builder_set_member_name (b, "row");
          json_builder_add_int_value (b, x->line - 1);
          if (x->column >= 1 && (guint) x->column <= n_cols)
            {
              json_builder_set_member_name (b, "field");
              json_builder_add_string_value (b, cols[x->column - 1]);
            }
        }
      if (x->key)
        {
          json_builder_set_member_name (b, "key");
          json_builder_add_string_value (b, x->key);
          /* "[policy] overcrowding" as the settings name it */
          const char *close = strchr (x->key, ']');
          if (x->key[0] == '[' && close && close[1] == ' ')
            {
              g_autofree char *k = g_strdup_printf ("%.*s.%s", (int) (close - x->key - 1),
                                                    x->key + 1, close + 2);
              json_builder_set_member_name (b, "setting");
              json_builder_add_string_value (b, k);
            }
        }
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, msg);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
sv_builder_text (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) g = json_generator_new ();
  json_generator_set_root (g, root);
  return json_generator_to_data (g, NULL);
}

char *
sv_json_error (const char *code, const char *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  return sv_builder_text (b);
}
