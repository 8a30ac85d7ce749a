/* scenario-load.c — from merged INI keys and CSV tables to a validated
 * PksScenario. Every problem becomes a diagnostic (file, line, column or
 * key, what was expected); loading goes on after an error so that one
 * `pks validate` shows them all. */
#include "pks/input/load.h"
#include "pks/input/extract.h"
#include "pks/core/error.h"
#include "pks/model/model.h"
#include "input-internal.h"
#include "keyfile.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Bounds that catch absurd input (1e300 beds) without limiting real use. */
#define MAX_BEDS pks_resource_max (PKS_RES_BEDS)
#define MAX_SESSIONS_PER_WEEK pks_resource_max (PKS_RES_OR_SESSIONS)
#define MAX_SLOTS_PER_WEEK pks_resource_max (PKS_RES_VISIT_SLOTS)
#define MAX_PER_YEAR 1e7
#define MAX_DAYS_LONG 3650.0
#define MAX_HORIZON_DAYS 36600
#define MAX_REPLICATIONS 100000
#define MAX_WAITLIST_COUNT 1000000
#define MAX_FTE 100000.0
#define MAX_PCT_CHANGE 1000.0
/* Limits on size, so that any scenario loads and compiles in bounded time
 * and memory (docs/robustness.md gives the reasoning and the figures).
 * Rows per table: a large region's units and flows fit many times over. */
#define MAX_ROWS_UNITS 2000
#define MAX_ROWS_FLOWS 20000
#define MAX_ROWS_CHANGES 20000
#define MAX_ROWS_STAFFING 50000
#define MAX_ROWS_WAITLIST 100000
#define MAX_ROWS_PROFILES 5000
/* Patients in bed at the start: a region has a few thousand beds. */
#define MAX_ROWS_CENSUS 100000
#define MAX_ROWS_TRANSFERS 20000
/* (flow, unit) pairs the pathways' check visits: rows × flows at worst. */
#define MAX_TRANSFER_WORK 2e7
/* A bed's turnaround after a patient leaves: at most a week. */
#define MAX_TURNAROUND_MINUTES 10080.0
#define MAX_ROWS_TARGETS 100000
/* Daily capacity tables (48 bytes per unit-day while compiling) and
 * arrival rates (per flow-day). */
#define MAX_UNIT_DAYS 1e7
#define MAX_FLOW_DAYS 1e7
/* Unit-days that changes.csv rows rewrite, and staffing rows' days. */
#define MAX_CHANGE_WORK 2e8
#define MAX_STAFF_WORK 2e8
/* Profile rows × flows: each flow matches every row for 84 month-weekdays. */
#define MAX_PROFILE_WORK 2e6

typedef struct {
  char *table;    /* "units" or "flows" */
  char *row;      /* unit, or unit/flow */
  char *column;
  char *value;
  char *arg;      /* the whole --set argument, for messages */
} CellSet;

/* A --set of a unit's staffed_beds or or_sessions_per_week: applied as a
 * change from the first simulated day by the difference to the table's
 * value, so that it may bring its staff ("80 own") and what binds it is
 * told like any change's (docs/staffing.md). */
typedef struct {
  const CellSet *cs;
  PksResource resource;
  double value;
  PksStaffMode staff;
  gboolean used;
} CapSet;

/* A table cell that a --set replaced: problems with its value are
 * reported at that --set, not at the file the value no longer comes from. */
typedef struct {
  const PksTable *table;
  guint row;
  const char *column;   /* owned by the CellSet */
  const char *arg;
} Override;

typedef struct {
  PksFiles *files;
  PksDiags *diags;
  PksKeyMap *km;
  PksScenario *s;
  GPtrArray *cells;   /* CellSet* */
  GArray *overrides;  /* Override, of the table being loaded */
  PksDate sim_first, sim_last;   /* simulated days incl. warm-up */
  gboolean dates_ok;
  GHashTable *unit_ix;   /* unit name -> index + 1 */
  GHashTable *site_ix;   /* site name -> index + 1 */
  GHashTable *flow_ix;   /* "unit\x1fflow" -> index + 1 */
  GHashTable *flow_names;  /* flow name -> 1, any unit */
  GArray *cap_sets;        /* CapSet */
} Ctx;

static int
find_unit (Ctx *c, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (c->unit_ix, name)) - 1;
}

static int
find_site (Ctx *c, const char *name)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (c->site_ix, name)) - 1;
}

static int
find_flow (Ctx *c, guint unit, const char *flow)
{
  g_autofree char *k = g_strdup_printf ("%s\x1f%s", pks_unit (c->s, unit)->name, flow);
  return GPOINTER_TO_INT (g_hash_table_lookup (c->flow_ix, k)) - 1;
}

/* Once the list keeps no more errors, hints (edit distances over every
 * name) are not worth computing: a 100 000-row table of bad rows stays fast. */
static gboolean
diags_full (const Ctx *c)
{
  return pks_diags_full (c->diags, PKS_DIAG_ERROR);
}

static void
cellset_free (gpointer p)
{
  CellSet *c = p;
  g_free (c->table);
  g_free (c->row);
  g_free (c->column);
  g_free (c->value);
  g_free (c->arg);
  g_free (c);
}

static const char *
intern (Ctx *c, const char *str)
{
  return str ? g_string_chunk_insert_const (c->s->strings, str) : NULL;
}

/* ---------- the --set argument ---------- */

static gboolean
is_ident (const char *s)
{
  if (!*s)
    return FALSE;
  for (; *s; s++)
    if (!(g_ascii_isalnum (*s) || *s == '_'))
      return FALSE;
  return TRUE;
}

gboolean
pks_set_parse (const char *arg, char **group, char **key, char **table,
               char **row, char **column, char **value, GError **error)
{
  *group = *key = *table = *row = *column = *value = NULL;
  if (arg == NULL || !g_utf8_validate (arg, -1, NULL))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--set: not valid UTF-8 text");
      return FALSE;
    }
  const char *br = strchr (arg, '[');
  const char *eq = strchr (arg, '=');
  if (br && (eq == NULL || br < eq))
    {
      /* TABLE[ROW].COLUMN=VALUE */
      const char *close = strstr (br, "].");
      g_autofree char *tname = g_strndup (arg, br - arg);
      if (close == NULL)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--set %s: expected TABLE[ROW].COLUMN=VALUE, e.g. "
                       "'units[Ortopedi Umeå].staffed_beds=24'", arg);
          return FALSE;
        }
      const char *ceq = strchr (close + 2, '=');
      if (ceq == NULL)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--set %s: missing '=VALUE'", arg);
          return FALSE;
        }
      g_autofree char *col = g_strndup (close + 2, ceq - close - 2);
      g_autofree char *r = g_strndup (br + 1, close - br - 1);
      g_strstrip (tname);
      g_strstrip (col);
      if (strcmp (tname, "units") != 0 && strcmp (tname, "flows") != 0)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--set %s: only units[UNIT].COLUMN and flows[UNIT/FLOW].COLUMN "
                       "cells can be set, not \"%s\"", arg, tname);
          return FALSE;
        }
      if (*r == '\0' || !is_ident (col))
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--set %s: the row name or column is empty or malformed", arg);
          return FALSE;
        }
      if (strcmp (tname, "flows") == 0 && strchr (r, '/') == NULL)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "--set %s: a flow is addressed as flows[UNIT/FLOW]", arg);
          return FALSE;
        }
      *table = g_steal_pointer (&tname);
      *row = g_steal_pointer (&r);
      *column = g_steal_pointer (&col);
      *value = g_strstrip (g_strdup (ceq + 1));
      return TRUE;
    }
  if (eq == NULL)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "--set %s: expected KEY=VALUE, e.g. policy.overcrowding=0", arg);
      return FALSE;
    }
  g_autofree char *k = g_strstrip (g_strndup (arg, eq - arg));
  char *dot = strchr (k, '.');
  if (dot == NULL || strchr (dot + 1, '.') != NULL)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "--set %s: the key must be GROUP.KEY, e.g. scenario.replications", arg);
      return FALSE;
    }
  *dot = '\0';
  if (!is_ident (k) || !is_ident (dot + 1))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "--set %s: GROUP and KEY are letters, digits and '_'", arg);
      return FALSE;
    }
  *group = g_strdup (k);
  *key = g_strdup (dot + 1);
  *value = g_strstrip (g_strdup (eq + 1));
  return TRUE;
}

/* ---------- typed INI keys ---------- */

static void
key_diag (Ctx *c, PksDiagLevel level, const PksKeyVal *kv, const char *group,
          const char *key, const char *fmt, ...) G_GNUC_PRINTF (6, 7);

static void
key_diag (Ctx *c, PksDiagLevel level, const PksKeyVal *kv, const char *group,
          const char *key, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  gboolean from_set = kv && kv->file && g_str_has_prefix (kv->file, "--set");
  g_autofree char *k = from_set ? g_strdup_printf ("--set %s.%s", group, key)
                                : g_strdup_printf ("[%s] %s", group, key);
  const char *file = kv && !from_set ? kv->file : (kv ? NULL : c->km->chain->len
                     ? g_ptr_array_index (c->km->chain, c->km->chain->len - 1) : NULL);
  pks_diags_add (c->diags, level, file, kv && !from_set ? kv->line : 0, 0, k, "%s", msg);
}

static const PksKeyVal *
get_kv (Ctx *c, const char *group, const char *key)
{
  const PksKeyVal *kv = pks_keymap_get (c->km, group, key);
  return kv && *kv->value ? kv : NULL;
}

static gboolean
key_num (Ctx *c, const char *group, const char *key, double def, double lo,
         double hi, gboolean required, gboolean integer, double *out)
{
  const PksKeyVal *kv = get_kv (c, group, key);
  *out = def;
  if (kv == NULL)
    {
      if (required)
        key_diag (c, PKS_DIAG_ERROR, NULL, group, key, "is required");
      return !required;
    }
  double v;
  if (!pks_parse_number (kv->value, &v) || v < lo || v > hi
      || (integer && v != floor (v)))
    {
      key_diag (c, PKS_DIAG_ERROR, kv, group, key, "expected %s from %g to %g, got \"%s\"",
                integer ? "a whole number" : "a number", lo, hi, kv->value);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
key_bool (Ctx *c, const char *group, const char *key, gboolean def, gboolean *out)
{
  const PksKeyVal *kv = get_kv (c, group, key);
  *out = def;
  if (kv == NULL)
    return TRUE;
  const char *v = kv->value;
  if (!g_ascii_strcasecmp (v, "true") || !strcmp (v, "1") || !g_ascii_strcasecmp (v, "yes")
      || !g_ascii_strcasecmp (v, "ja"))
    *out = TRUE;
  else if (!g_ascii_strcasecmp (v, "false") || !strcmp (v, "0")
           || !g_ascii_strcasecmp (v, "no") || !g_ascii_strcasecmp (v, "nej"))
    *out = FALSE;
  else
    {
      key_diag (c, PKS_DIAG_ERROR, kv, group, key, "expected true or false, got \"%s\"", v);
      return FALSE;
    }
  return TRUE;
}

static int
key_enum (Ctx *c, const char *group, const char *key, int def,
          const char *const *names, guint n)
{
  const PksKeyVal *kv = get_kv (c, group, key);
  if (kv == NULL)
    return def;
  for (guint i = 0; i < n; i++)
    if (!g_ascii_strcasecmp (kv->value, names[i]))
      return (int) i;
  /* names has n entries and no NULL at the end: join by count */
  GString *joined = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (joined, "%s%s", i ? " | " : "", names[i]);
  g_autofree char *list = g_string_free (joined, FALSE);
  const char *near = pks_nearest (kv->value, names, n);
  key_diag (c, PKS_DIAG_ERROR, kv, group, key, "expected one of %s, got \"%s\"%s%s%s",
            list, kv->value, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
  return def;
}

static gboolean
key_date (Ctx *c, const char *group, const char *key, gboolean required, PksDate *out)
{
  const PksKeyVal *kv = get_kv (c, group, key);
  if (kv == NULL)
    {
      if (required)
        key_diag (c, PKS_DIAG_ERROR, NULL, group, key, "is required (an ISO date, YYYY-MM-DD)");
      return !required;
    }
  if (!pks_date_parse (kv->value, out))
    {
      key_diag (c, PKS_DIAG_ERROR, kv, group, key,
                "expected an ISO date YYYY-MM-DD, got \"%s\"", kv->value);
      return FALSE;
    }
  return TRUE;
}

/* A list of three numbers "a, b, c" (day, evening, night; or priorities). */
static void
key_triple (Ctx *c, const char *group, const char *key, double lo, double hi, double out[3])
{
  const PksKeyVal *kv = get_kv (c, group, key);
  if (kv == NULL)
    return;
  g_auto (GStrv) parts = g_strsplit_set (kv->value, ",;", -1);
  double v[3];
  guint n = g_strv_length (parts);
  gboolean ok = n == 3;
  for (guint i = 0; ok && i < 3; i++)
    ok = pks_parse_number (parts[i], &v[i]) && v[i] >= lo && v[i] <= hi;
  if (!ok)
    {
      key_diag (c, PKS_DIAG_ERROR, kv, group, key,
                "expected three numbers from %g to %g separated by commas, got \"%s\"",
                lo, hi, kv->value);
      return;
    }
  memcpy (out, v, sizeof v);
}

/* ---------- tables ---------- */

typedef struct {
  const char *name;
  gboolean required;
} ColSpec;

/* Check the header against the schema: missing required columns are
 * errors, unknown ones warnings. Fills idx[] (-1 = absent). */
static gboolean
check_header (Ctx *c, PksTable *t, const ColSpec *cols, guint n, int *idx)
{
  gboolean ok = TRUE;
  const char *names[32];
  for (guint i = 0; i < n; i++)
    {
      names[i] = cols[i].name;
      idx[i] = pks_table_column (t, cols[i].name);
      if (idx[i] < 0 && cols[i].required)
        {
          pks_diags_error (c->diags, t->file, t->header_line, 0,
                           "the required column \"%s\" is missing from the header", cols[i].name);
          ok = FALSE;
        }
    }
  for (guint h = 0; h < t->header->len; h++)
    {
      const char *name = g_ptr_array_index (t->header, h);
      if (*name == '\0')
        continue;   /* nameless (Excel's trailing separators): see check_shape */
      gboolean known = FALSE;
      for (guint i = 0; i < n; i++)
        known |= strcmp (name, cols[i].name) == 0;
      if (!known)
        {
          const char *near = pks_nearest (name, names, n);
          pks_diags_warn (c->diags, t->file, t->header_line, (int) h + 1,
                          "unknown column \"%s\" is ignored%s%s%s", name,
                          near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
        }
    }
  return ok;
}

static int
row_line (const PksTable *t, guint r)
{
  return g_array_index (t->lines, int, r);
}

static const char *
cell (const PksTable *t, guint r, int col)
{
  const char *v = pks_table_cell (t, r, col);
  return v ? v : "";
}

static gboolean
cell_empty (const PksTable *t, guint r, int col)
{
  const char *v = cell (t, r, col);
  while (*v == ' ' || *v == '\t')
    v++;
  return *v == '\0';
}

/* A problem with cell (r, col): at the --set that wrote the cell, if one
 * did (key "--set ARG"), else at FILE:LINE:COLUMN. */
static void cell_diag (Ctx *c, PksDiagLevel level, const PksTable *t, guint r, int col,
                       const char *fmt, ...) G_GNUC_PRINTF (6, 7);
#define cell_error(c, t, r, col, ...) cell_diag ((c), PKS_DIAG_ERROR, (t), (r), (col), __VA_ARGS__)

static void
cell_diag (Ctx *c, PksDiagLevel level, const PksTable *t, guint r, int col, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  const char *colname = col >= 0 && (guint) col < t->header->len
                        ? g_ptr_array_index (t->header, col) : NULL;
  for (guint i = 0; colname && c->overrides && i < c->overrides->len; i++)
    {
      const Override *o = &g_array_index (c->overrides, Override, i);
      if (o->table == t && o->row == r && strcmp (o->column, colname) == 0)
        {
          g_autofree char *key = g_strdup_printf ("--set %s", o->arg);
          pks_diags_add (c->diags, level, NULL, 0, 0, key, "%s", msg);
          return;
        }
    }
  pks_diags_add (c->diags, level, t->file, row_line (t, r), col < 0 ? 0 : col + 1, NULL, "%s", msg);
}

/* A number cell; empty takes def unless required. */
static gboolean
cell_num (Ctx *c, const PksTable *t, guint r, int col, const char *name,
          gboolean required, double def, double lo, double hi, gboolean integer,
          double *out)
{
  *out = def;
  if (col < 0 || cell_empty (t, r, col))
    {
      if (required)
        {
          cell_error (c, t, r, col, "%s: a value is required here", name);
          return FALSE;
        }
      return TRUE;
    }
  double v;
  const char *text = cell (t, r, col);
  if (!pks_parse_number (text, &v) || v < lo || v > hi || (integer && v != floor (v)))
    {
      cell_error (c, t, r, col, "%s: expected %s from %g to %g, got \"%s\"", name,
                       integer ? "a whole number" : "a number", lo, hi, text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
cell_date (Ctx *c, const PksTable *t, guint r, int col, const char *name,
           gboolean required, PksDate *out)
{
  *out = 0;
  if (col < 0 || cell_empty (t, r, col))
    {
      if (required)
        cell_error (c, t, r, col, "%s: a date (YYYY-MM-DD) is required here", name);
      return !required;
    }
  if (!pks_date_parse (cell (t, r, col), out))
    {
      cell_error (c, t, r, col, "%s: expected an ISO date YYYY-MM-DD, got \"%s\"", name,
                  cell (t, r, col));
      return FALSE;
    }
  return TRUE;
}

static char *
cell_text (const PksTable *t, guint r, int col)
{
  return g_strstrip (g_strdup (cell (t, r, col)));
}

/* A name as a message shows it: control characters escaped. (transfer full) */
static char *
shown_name (const char *s)
{
  GString *o = g_string_new (NULL);
  for (const char *p = s; *p; p++)
    {
      guchar ch = (guchar) *p;
      if (ch == '\n')
        g_string_append (o, "\\n");
      else if (ch == '\r')
        g_string_append (o, "\\r");
      else if (ch == '\t')
        g_string_append (o, "\\t");
      else if (ch < 0x20 || ch == 0x7F)
        g_string_append_printf (o, "\\x%02X", ch);
      else
        g_string_append_c (o, (char) ch);
    }
  return g_string_free (o, FALSE);
}

/* Names are keys in --set, in outputs and in terminal tables: no '/',
 * '[', ']' (contract section 3) and no line breaks or control characters. */
static gboolean
bad_name_chars (const char *s)
{
  for (const char *p = s; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7F)
      return TRUE;
  return strpbrk (s, "/[]") != NULL;
}

char *
pks_unit_hint (const PksScenario *s, const char *name)
{
  guint n = s->units->len;
  g_autofree const char **names = g_new (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    names[i] = pks_unit (s, i)->name;
  const char *near = n ? pks_nearest (name, names, n) : NULL;
  return near ? g_strdup_printf (" (did you mean \"%s\"?)", near) : g_strdup ("");
}

static void
unit_hint (Ctx *c, const PksTable *t, guint r, int col, const char *name)
{
  g_autofree char *hint = diags_full (c) ? g_strdup ("") : pks_unit_hint (c->s, name);
  pks_diags_error (c->diags, t->file, row_line (t, r), col + 1,
                   "unit: no unit \"%s\" in units.csv%s", name, hint);
}

/* changes.csv `staff`, and the word after the number of a --set of staffed
 * beds or sessions: own (egen), agency (hyr, hyrpersonal) or nothing.
 * -1 when it is none of these. */
static int
parse_staff_mode (const char *v)
{
  static const char *own[] = { "own", "egen", "egna" };
  static const char *agency[] = { "agency", "hyr", "hyrpersonal", "inhyrd" };
  if (*v == '\0' || !g_ascii_strcasecmp (v, "none") || !g_ascii_strcasecmp (v, "ingen"))
    return PKS_STAFF_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    if (!g_ascii_strcasecmp (v, own[i]))
      return PKS_STAFF_OWN;
  for (guint i = 0; i < G_N_ELEMENTS (agency); i++)
    if (!g_ascii_strcasecmp (v, agency[i]))
      return PKS_STAFF_AGENCY;
  return -1;
}

/* A --set of units' staffed_beds or or_sessions_per_week: "N" or "N own" /
 * "N agency". FALSE (with the error at the --set) when it is neither. */
static gboolean
parse_cap_set (Ctx *c, const CellSet *cs, CapSet *out)
{
  g_autofree char *key = g_strdup_printf ("--set %s", cs->arg);
  gboolean beds = strcmp (cs->column, "staffed_beds") == 0;
  out->cs = cs;
  out->resource = beds ? PKS_RES_STAFFED_BEDS : PKS_RES_OR_SESSIONS;
  out->staff = PKS_STAFF_NONE;
  out->used = FALSE;
  g_auto (GStrv) parts = g_strsplit_set (cs->value, " \t", -1);
  const char *num = NULL, *word = NULL;
  guint n = 0;
  for (guint i = 0; parts[i]; i++)
    if (*parts[i])
      {
        if (n == 0)
          num = parts[i];
        else if (n == 1)
          word = parts[i];
        n++;
      }
  double hi = pks_resource_max (out->resource);
  int mode = word ? parse_staff_mode (word) : PKS_STAFF_NONE;
  if (n == 0 || n > 2 || mode < 0 || !pks_parse_number (num, &out->value) || out->value < 0
      || out->value > hi || (beds && out->value != floor (out->value)))
    {
      pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, key,
                     "%s: expected %s from 0 to %g, got \"%s\" (a number may be followed by "
                     "own or agency: the staff the difference brings)", cs->column,
                     beds ? "a whole number" : "a number", hi, cs->value);
      return FALSE;
    }
  out->staff = (PksStaffMode) mode;
  return TRUE;
}

/* Apply --set cells addressed to this table; errors name the --set key. */
static void
apply_cells (Ctx *c, PksTable *t, const char *table, const ColSpec *cols, guint ncols)
{
  g_array_set_size (c->overrides, 0);
  for (guint i = 0; i < c->cells->len; i++)
    {
      CellSet *cs = g_ptr_array_index (c->cells, i);
      if (strcmp (cs->table, table) != 0)
        continue;
      g_autofree char *key = g_strdup_printf ("--set %s", cs->arg);
      gboolean col_ok = FALSE;
      const char *names[32];
      for (guint k = 0; k < ncols; k++)
        {
          names[k] = cols[k].name;
          col_ok |= strcmp (cols[k].name, cs->column) == 0;
        }
      if (!col_ok || !strcmp (cs->column, "unit") || !strcmp (cs->column, "flow"))
        {
          const char *near = pks_nearest (cs->column, names, ncols);
          pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, key,
                         "%s has no settable column \"%s\"%s%s%s", table, cs->column,
                         near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
          continue;
        }
      int ucol = pks_table_column (t, "unit"), fcol = pks_table_column (t, "flow");
      g_autofree char *want_unit = NULL, *want_flow = NULL;
      if (strcmp (table, "flows") == 0)
        {
          const char *slash = strrchr (cs->row, '/');
          want_unit = g_strstrip (g_strndup (cs->row, slash - cs->row));
          want_flow = g_strstrip (g_strdup (slash + 1));
        }
      else
        want_unit = g_strstrip (g_strdup (cs->row));
      gboolean found = FALSE;
      for (guint r = 0; r < t->n_rows; r++)
        {
          g_autofree char *u = cell_text (t, r, ucol);
          g_autofree char *f = fcol >= 0 ? cell_text (t, r, fcol) : NULL;
          if (strcmp (u, want_unit) == 0 && (want_flow == NULL || (f && strcmp (f, want_flow) == 0)))
            {
              found = TRUE;
              if (!strcmp (table, "units") && (!strcmp (cs->column, "staffed_beds")
                                               || !strcmp (cs->column, "or_sessions_per_week")))
                {
                  /* applied as a change once the row is read (load_units) */
                  CapSet cap;
                  if (parse_cap_set (c, cs, &cap))
                    g_array_append_val (c->cap_sets, cap);
                  continue;
                }
              pks_table_set_cell (t, r, cs->column, cs->value);
              Override o = { t, r, cs->column, cs->arg };
              g_array_append_val (c->overrides, o);
            }
        }
      if (!found)
        pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, key,
                       "no %s row \"%s\" in %s", strcmp (table, "units") == 0 ? "unit" : "flow",
                       cs->row, t->file);
    }
}

static void
note_table (Ctx *c, const char *tkey, const PksTable *t)
{
  g_autofree char *line = g_strdup_printf ("%s = %s (%u rows)", tkey, t->file, t->n_rows);
  g_ptr_array_add (c->s->table_files, (char *) intern (c, line));
}

/* Rows a table may have; reading stops after them. */
static guint
max_rows (const char *tkey)
{
  static const struct { const char *key; guint rows; } lim[] = {
    { "units", MAX_ROWS_UNITS }, { "flows", MAX_ROWS_FLOWS }, { "changes", MAX_ROWS_CHANGES },
    { "staffing", MAX_ROWS_STAFFING }, { "waitlist", MAX_ROWS_WAITLIST },
    { "profiles", MAX_ROWS_PROFILES }, { "census", MAX_ROWS_CENSUS },
    { "transfers", MAX_ROWS_TRANSFERS }, { "targets", MAX_ROWS_TARGETS },
  };
  for (guint i = 0; i < G_N_ELEMENTS (lim); i++)
    if (strcmp (lim[i].key, tkey) == 0)
      return lim[i].rows;
  return 0;
}

/* Read the table a key names; a file that cannot be read is reported at
 * the key that names it. */
static PksTable *
read_keyed_table (Ctx *c, const PksKeyVal *kv, const char *tkey)
{
  g_autofree char *path = pks_path_resolve (kv->dir, kv->value);
  guint before = c->diags->items->len;
  PksTable *t = pks_table_read (c->files, path, max_rows (tkey), c->diags);
  if (t == NULL && c->diags->items->len > before)
    {
      PksDiag *last = g_ptr_array_index (c->diags->items, c->diags->items->len - 1);
      if (last->file == NULL && kv->file)
        {
          gboolean from_set = g_str_has_prefix (kv->file, "--set");
          last->file = from_set ? NULL : g_strdup (kv->file);
          last->line = from_set ? 0 : kv->line;
          last->key = g_strdup_printf (from_set ? "--set tables.%s" : "[tables] %s", tkey);
        }
    }
  if (t)
    note_table (c, tkey, t);
  return t;
}

static PksTable *
open_table (Ctx *c, const char *tkey, gboolean required)
{
  const PksKeyVal *kv = get_kv (c, "tables", tkey);
  if (kv == NULL)
    {
      if (required)
        key_diag (c, PKS_DIAG_ERROR, NULL, "tables", tkey, "is required (a CSV file)");
      return NULL;
    }
  return read_keyed_table (c, kv, tkey);
}
static const ColSpec unit_cols[] = {
  { "unit", TRUE }, { "site", TRUE }, { "beds", TRUE }, { "staffed_beds", TRUE },
  { "or_sessions_per_week", FALSE }, { "or_session_minutes", FALSE },
  { "visit_slots_per_week", FALSE }, { "bed_type", FALSE },
  { "turnaround_minutes", FALSE }, { "clinic", FALSE }, { "area", FALSE },
};

/* The Swedish names of a table's columns (contract section 5) as their
 * English ones, so that check_header knows them. pairs: alias, name. */
static void
header_aliases (PksTable *t, const char *const *pairs)
{
  for (guint i = 0; i < t->header->len; i++)
    {
      char *h = g_ptr_array_index (t->header, i);
      g_autofree char *low = g_utf8_validate (h, -1, NULL) ? g_utf8_strdown (h, -1) : g_strdup (h);
      for (char *q = low; *q; q++)
        if (*q == ' ')
          *q = '_';
      for (guint k = 0; pairs[k]; k += 2)
        if (strcmp (low, pairs[k]) == 0)
          {
            g_free (h);
            g_ptr_array_index (t->header, i) = g_strdup (pairs[k + 1]);
            break;
          }
    }
}

/* units.csv's organisation columns in Swedish (contract section 5.3) */
static const char *const unit_aliases[] = {
  "klinik", "clinic", "centrum", "clinic", "område", "area", "omrade", "area", NULL
};

/* A unit's clinic or area (column col of units.csv): its index in list
 * (added on first appearance), or -1 for an empty cell or an absent
 * column. An empty cell leaves the unit out of that level, and says so. */
static gboolean
cell_level (Ctx *c, const PksTable *t, guint r, int col, const char *what, GPtrArray *list,
            GHashTable *ix, char **name, int *index)
{
  *name = NULL;
  *index = -1;
  if (col < 0)
    return TRUE;
  g_autofree char *v = cell_text (t, r, col);
  if (*v == '\0')
    {
      cell_diag (c, PKS_DIAG_WARNING, t, r, col, "%s: empty, so the unit belongs to no %s and "
                 "is left out of the %s rows of every output", what, what, what);
      return TRUE;
    }
  if (bad_name_chars (v))
    {
      g_autofree char *nm = shown_name (v);
      cell_error (c, t, r, col, "%s: a name may not contain '/', '[', ']', line breaks or "
                  "control characters (\"%s\")", what, nm);
      return FALSE;
    }
  *name = (char *) intern (c, v);
  int i = GPOINTER_TO_INT (g_hash_table_lookup (ix, *name)) - 1;
  if (i < 0)
    {
      g_ptr_array_add (list, *name);
      i = (int) list->len - 1;
      g_hash_table_insert (ix, *name, GINT_TO_POINTER (i + 1));
    }
  *index = i;
  return TRUE;
}

/* units.csv bed_type: empty = somatic; Swedish names accepted. */
static gboolean
cell_bed_type (Ctx *c, const PksTable *t, guint r, int col, PksBedType *out)
{
  *out = PKS_BED_SOMATIC;
  if (col < 0 || cell_empty (t, r, col))
    return TRUE;
  g_autofree char *v = cell_text (t, r, col);
  static const char *sv[PKS_N_BED_TYPES] = { "somatisk", "psykiatrisk", "teknisk" };
  for (int i = 0; i < PKS_N_BED_TYPES; i++)
    if (!g_ascii_strcasecmp (v, pks_bed_type_name (i)) || !g_ascii_strcasecmp (v, sv[i]))
      {
        *out = (PksBedType) i;
        return TRUE;
      }
  pks_diags_error (c->diags, t->file, row_line (t, r), col + 1,
                   "bed_type: expected somatic, psychiatric or technical, got \"%s\"", v);
  return FALSE;
}

/* The --set cells of staffed beds and sessions of unit u, as changes from
 * the first simulated day by the difference to units.csv: the same
 * capacity as the cell set, and they may bring their staff. */
static void
cap_sets_apply (Ctx *c, guint u)
{
  const PksUnitDef *ud = pks_unit (c->s, u);
  for (guint i = 0; i < c->cap_sets->len; i++)
    {
      CapSet *cs = &g_array_index (c->cap_sets, CapSet, i);
      g_autofree char *want = g_strstrip (g_strdup (cs->cs->row));
      if (cs->used || strcmp (want, ud->name) != 0)
        continue;
      cs->used = TRUE;
      double file_value = cs->resource == PKS_RES_STAFFED_BEDS ? ud->staffed_beds
                                                               : ud->or_sessions_per_week;
      if (cs->resource == PKS_RES_OR_SESSIONS && cs->value > 0 && ud->or_session_minutes == 0)
        {
          g_autofree char *key = g_strdup_printf ("--set %s", cs->cs->arg);
          pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, key,
                         "%s has no theatre (or_session_minutes 0): give the usable minutes of a "
                         "session too, e.g. --set 'units[%s].or_session_minutes=240'",
                         ud->name, ud->name);
          continue;
        }
      g_autofree char *src = g_strdup_printf ("--set %s", cs->cs->arg);
      if (cs->resource == PKS_RES_STAFFED_BEDS && cs->value > ud->beds)
        pks_diags_add (c->diags, PKS_DIAG_WARNING, NULL, 0, 0, src,
                       "staffed_beds %g exceeds beds %d: staffed beds are capped at the "
                       "physical beds", cs->value, ud->beds);
      PksChange ch = { PKS_SEL_UNIT, u, cs->resource, c->sim_first ? c->sim_first : 1, 0,
                       PKS_CHANGE_ADD, cs->value - file_value, NULL,
                       { intern (c, src), 0 }, cs->staff };
      g_array_append_val (c->s->changes, ch);
    }
}

/* A clinic lies in one area (unit -> clinic -> area): a clinic whose
 * units are in two areas is reported, since its rows and the areas' would
 * then not nest. */
static void
check_levels (Ctx *c, const PksTable *t)
{
  const PksScenario *s = c->s;
  for (guint k = 0; k < s->clinics->len; k++)
    {
      const PksUnitDef *first = NULL;
      for (guint i = 0; i < s->units->len; i++)
        {
          const PksUnitDef *u = pks_unit (s, i);
          if (u->clinic_index != (int) k)
            continue;
          if (first == NULL)
            first = u;
          else if (u->area_index != first->area_index)
            {
              pks_diags_warn (c->diags, t->file, u->src.line, 0,
                              "clinic \"%s\": unit %s is in area \"%s\" but %s (line %d) is in "
                              "\"%s\"; a clinic's rows then do not add up to its area's",
                              (const char *) g_ptr_array_index (s->clinics, k), u->name,
                              u->area ? u->area : "(none)", first->name, first->src.line,
                              first->area ? first->area : "(none)");
              break;
            }
        }
    }
}

static void
load_units (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "units", TRUE);
  if (t == NULL)
    return;
  header_aliases (t, unit_aliases);
  apply_cells (c, t, "units", unit_cols, G_N_ELEMENTS (unit_cols));
  int col[G_N_ELEMENTS (unit_cols)];
  if (!check_header (c, t, unit_cols, G_N_ELEMENTS (unit_cols), col))
    return;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) clinic_ix = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) area_ix = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksUnitDef u = { 0 };
      int line = row_line (t, r);
      g_autofree char *name = cell_text (t, r, col[0]);
      g_autofree char *site = cell_text (t, r, col[1]);
      gboolean ok = TRUE;
      if (*name == '\0')
        {
          pks_diags_error (c->diags, t->file, line, col[0] + 1, "unit: the name is empty");
          ok = FALSE;
        }
      else if (bad_name_chars (name))
        {
          g_autofree char *nm = shown_name (name);
          pks_diags_error (c->diags, t->file, line, col[0] + 1,
                           "unit: a name may not contain '/', '[', ']', line breaks or control "
                           "characters (\"%s\")", nm);
          ok = FALSE;
        }
      else if (g_hash_table_contains (seen, name))
        {
          pks_diags_error (c->diags, t->file, line, col[0] + 1,
                           "unit: \"%s\" is listed twice (first on line %d)", name,
                           GPOINTER_TO_INT (g_hash_table_lookup (seen, name)));
          ok = FALSE;
        }
      if (*site == '\0')
        {
          cell_error (c, t, r, col[1], "site: the name is empty");
          ok = FALSE;
        }
      else if (bad_name_chars (site) || strchr (site, ':'))
        {
          g_autofree char *nm = shown_name (site);
          cell_error (c, t, r, col[1], "site: a name may not contain '/', '[', ']', ':', line "
                      "breaks or control characters (\"%s\")", nm);
          ok = FALSE;
        }
      double beds, staffed, sess, mins, slots;
      ok &= cell_num (c, t, r, col[2], "beds", TRUE, 0, 0, MAX_BEDS, TRUE, &beds);
      ok &= cell_num (c, t, r, col[3], "staffed_beds", TRUE, 0, 0, MAX_BEDS, TRUE, &staffed);
      ok &= cell_num (c, t, r, col[4], "or_sessions_per_week", FALSE, 0, 0,
                      MAX_SESSIONS_PER_WEEK, FALSE, &sess);
      /* 0 minutes: a unit without theatres (it may then have no sessions) */
      ok &= cell_num (c, t, r, col[5], "or_session_minutes", FALSE, 240, 0, 1440, FALSE, &mins);
      ok &= cell_num (c, t, r, col[6], "visit_slots_per_week", FALSE, 0, 0,
                      MAX_SLOTS_PER_WEEK, FALSE, &slots);
      ok &= cell_bed_type (c, t, r, col[7], &u.bed_type);
      ok &= cell_num (c, t, r, col[8], "turnaround_minutes", FALSE, 0, 0,
                      MAX_TURNAROUND_MINUTES, FALSE, &u.turnaround_minutes);
      if (ok && mins == 0 && sess > 0)
        {
          cell_error (c, t, r, col[5], "or_session_minutes: 0 means the unit has no theatre, but "
                      "or_sessions_per_week is %g: give the usable minutes of a session", sess);
          ok = FALSE;
        }
      ok &= cell_level (c, t, r, col[9], "clinic", c->s->clinics, clinic_ix, &u.clinic,
                        &u.clinic_index);
      ok &= cell_level (c, t, r, col[10], "area", c->s->areas, area_ix, &u.area, &u.area_index);
      if (!ok)
        continue;
      if (staffed > beds)
        cell_diag (c, PKS_DIAG_WARNING, t, r, col[3],
                   "staffed_beds %g exceeds beds %g: staffed beds are capped at the "
                   "physical beds", staffed, beds);
      g_hash_table_insert (seen, g_strdup (name), GINT_TO_POINTER (line));
      u.name = (char *) intern (c, name);
      u.site = (char *) intern (c, site);
      int si = find_site (c, site);
      if (si < 0)
        {
          g_ptr_array_add (c->s->sites, u.site);
          si = (int) c->s->sites->len - 1;
          g_hash_table_insert (c->site_ix, u.site, GINT_TO_POINTER (si + 1));
        }
      u.site_index = (guint) si;
      u.beds = (int) beds;
      u.staffed_beds = (int) staffed;
      u.or_sessions_per_week = sess;
      u.or_session_minutes = mins;
      u.visit_slots_per_week = slots;
      u.src.file = intern (c, t->file);
      u.src.line = line;
      g_array_append_val (c->s->units, u);
      g_hash_table_insert (c->unit_ix, u.name, GUINT_TO_POINTER (c->s->units->len));
      cap_sets_apply (c, c->s->units->len - 1);
    }
  if (c->s->units->len == 0 && c->diags->n_errors == 0)
    pks_diags_error (c->diags, t->file, t->header_line, 0, "no units: the table has no rows");
  check_levels (c, t);
}

static const ColSpec flow_cols[] = {
  { "unit", TRUE }, { "flow", TRUE }, { "kind", TRUE }, { "per_year", TRUE },
  { "los_days", FALSE }, { "los_cv", FALSE }, { "discharge_delay_p", FALSE },
  { "discharge_delay_days", FALSE }, { "treat_p", FALSE }, { "surgery_minutes", FALSE },
  { "inpatient_p", FALSE }, { "priority", FALSE }, { "surgery_cv", FALSE },
  { "operation", FALSE }, { "removal_pct", FALSE },
};

static void
load_flows (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "flows", TRUE);
  if (t == NULL)
    return;
  apply_cells (c, t, "flows", flow_cols, G_N_ELEMENTS (flow_cols));
  int col[G_N_ELEMENTS (flow_cols)];
  if (!check_header (c, t, flow_cols, G_N_ELEMENTS (flow_cols), col))
    return;
  /* "unit/flow" -> first line, for every row, valid or not */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksFlowDef f = { 0 };
      int line = row_line (t, r);
      g_autofree char *uname = cell_text (t, r, col[0]);
      g_autofree char *fname = cell_text (t, r, col[1]);
      g_autofree char *kind = cell_text (t, r, col[2]);
      gboolean ok = TRUE;
      int u = find_unit (c, uname);
      if (u < 0)
        {
          if (*uname == '\0')
            pks_diags_error (c->diags, t->file, line, col[0] + 1, "unit: the name is empty");
          else
            unit_hint (c, t, r, col[0], uname);
          ok = FALSE;
        }
      if (*fname == '\0' || bad_name_chars (fname))
        {
          g_autofree char *nm = shown_name (fname);
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "flow: the name is empty or contains '/', '[', ']', line breaks or "
                           "control characters (\"%s\")", nm);
          ok = FALSE;
        }
      else
        {
          char *key = g_strdup_printf ("%s/%s", uname, fname);
          if (g_hash_table_contains (seen, key))
            {
              pks_diags_error (c->diags, t->file, line, col[1] + 1,
                               "flow: \"%s\" is listed twice (first on line %d)", key,
                               GPOINTER_TO_INT (g_hash_table_lookup (seen, key)));
              ok = FALSE;
              g_free (key);
            }
          else
            g_hash_table_insert (seen, key, GINT_TO_POINTER (line));
        }
      if (!g_ascii_strcasecmp (kind, "acute") || !g_ascii_strcasecmp (kind, "akut"))
        f.kind = PKS_FLOW_ACUTE;
      else if (!g_ascii_strcasecmp (kind, "elective") || !g_ascii_strcasecmp (kind, "planerad"))
        f.kind = PKS_FLOW_ELECTIVE;
      else
        {
          cell_error (c, t, r, col[2], "kind: expected acute or elective, got \"%s\"", kind);
          ok = FALSE;
        }
      gboolean elective = f.kind == PKS_FLOW_ELECTIVE;
      double prio;
      ok &= cell_num (c, t, r, col[3], "per_year", TRUE, 0, 0, MAX_PER_YEAR, FALSE, &f.per_year);
      /* acute: treat_p is the share given an emergency operation (default none) */
      ok &= cell_num (c, t, r, col[8], "treat_p", FALSE, elective ? 1.0 : 0.0, 0, 1, FALSE,
                      &f.treat_p);
      ok &= cell_num (c, t, r, col[10], "inpatient_p", FALSE, elective ? 0.0 : 1.0, 0, 1, FALSE,
                      &f.inpatient_p);
      double is_op;
      ok &= cell_num (c, t, r, col[13], "operation", FALSE, 1, 0, 1, TRUE, &is_op);
      f.other_treatment = is_op == 0;
      if (!elective)
        f.inpatient_p = 1.0;
      gboolean need_los = !elective || (f.treat_p > 0 && f.inpatient_p > 0);
      ok &= cell_num (c, t, r, col[4], "los_days", need_los, 0, need_los ? 1e-6 : 0,
                      MAX_DAYS_LONG, FALSE, &f.los_days);
      ok &= cell_num (c, t, r, col[5], "los_cv", FALSE, 1.0, 0, 10, FALSE, &f.los_cv);
      ok &= cell_num (c, t, r, col[6], "discharge_delay_p", FALSE, 0, 0, 1, FALSE,
                      &f.discharge_delay_p);
      ok &= cell_num (c, t, r, col[7], "discharge_delay_days", f.discharge_delay_p > 0, 0, 0,
                      MAX_DAYS_LONG, FALSE, &f.discharge_delay_days);
      gboolean need_surg = elective && f.treat_p > 0;
      ok &= cell_num (c, t, r, col[9], "surgery_minutes", need_surg, 0, need_surg ? 1 : 0, 1440,
                      FALSE, &f.surgery_minutes);
      ok &= cell_num (c, t, r, col[12], "surgery_cv", FALSE, 0.3, 0, 5, FALSE, &f.surgery_cv);
      ok &= cell_num (c, t, r, col[11], "priority", FALSE, 2, 1, 3, TRUE, &prio);
      ok &= cell_num (c, t, r, col[14], "removal_pct", FALSE, 0, 0, 1000, FALSE, &f.removal_pct);
      if (ok && !elective && f.removal_pct > 0)
        {
          cell_error (c, t, r, col[14], "removal_pct: only elective flows have waiting lists "
                      "to leave; give it on the elective flow");
          ok = FALSE;
        }
      if (!ok)
        continue;
      f.priority = (int) prio;
      f.unit = (guint) u;
      f.name = (char *) intern (c, fname);
      f.src.file = intern (c, t->file);
      f.src.line = line;
      const PksUnitDef *ud = pks_unit (c->s, f.unit);
      if (f.kind == PKS_FLOW_ACUTE && ud->beds == 0 && f.per_year > 0)
        pks_diags_warn (c->diags, t->file, line, col[0] + 1,
                        "acute flow to \"%s\", which has no beds: its patients can only be "
                        "outlied or transferred", ud->name);
      if (elective && f.per_year > 0 && ud->visit_slots_per_week == 0)
        pks_diags_warn (c->diags, t->file, line, col[0] + 1,
                        "elective flow at \"%s\", which has no visit_slots_per_week: its "
                        "first-visit list can only grow (unless changes.csv adds slots)",
                        ud->name);
      if (elective && f.per_year > 0 && f.treat_p > 0 && ud->or_sessions_per_week == 0)
        pks_diags_warn (c->diags, t->file, line, col[0] + 1,
                        "elective flow at \"%s\", which has no or_sessions_per_week: its "
                        "treatment list can only grow (unless changes.csv adds sessions)",
                        ud->name);
      if (elective && f.treat_p > 0 && ud->or_session_minutes > 0
          && f.surgery_minutes > ud->or_session_minutes)
        pks_diags_warn (c->diags, t->file, line, col[9] + 1,
                        "surgery_minutes %g is longer than a session of \"%s\" (%g min): "
                        "such patients get a session of their own", f.surgery_minutes,
                        ud->name, ud->or_session_minutes);
      g_array_append_val (c->s->flows, f);
      g_hash_table_insert (c->flow_ix, g_strdup_printf ("%s\x1f%s", ud->name, f.name),
                           GUINT_TO_POINTER (c->s->flows->len));
      g_hash_table_add (c->flow_names, f.name);
    }
}

/* unit column of changes and staffing: "*", "site:NAME" or a unit. */
static gboolean
parse_selector (Ctx *c, const PksTable *t, guint r, int col, gboolean allow_groups,
                PksSelector *sel, guint *index)
{
  g_autofree char *v = cell_text (t, r, col);
  int line = row_line (t, r);
  if (allow_groups && strcmp (v, "*") == 0)
    {
      *sel = PKS_SEL_ALL;
      *index = 0;
      return TRUE;
    }
  if (allow_groups && g_str_has_prefix (v, "site:"))
    {
      g_autofree char *site = g_strstrip (g_strdup (v + 5));
      int si = find_site (c, site);
      if (si < 0)
        {
          const char *near = diags_full (c) ? NULL
                             : pks_nearest (site, (const char *const *) c->s->sites->pdata,
                                            c->s->sites->len);
          GString *all = g_string_new (NULL);
          for (guint i = 0; i < c->s->sites->len && i < 20; i++)
            g_string_append_printf (all, "%s%s", i ? ", " : "",
                                    (const char *) g_ptr_array_index (c->s->sites, i));
          if (c->s->sites->len > 20)
            g_string_append_printf (all, " and %u more", c->s->sites->len - 20);
          pks_diags_error (c->diags, t->file, line, col + 1,
                           "unit: no site \"%s\" in units.csv%s%s%s; the sites are %s", site,
                           near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "",
                           all->str);
          g_string_free (all, TRUE);
          return FALSE;
        }
      *sel = PKS_SEL_SITE;
      *index = (guint) si;
      return TRUE;
    }
  int u = find_unit (c, v);
  if (u < 0)
    {
      if (*v == '\0')
        pks_diags_error (c->diags, t->file, line, col + 1, "unit: the name is empty%s",
                         allow_groups ? " (use * for every unit or site:NAME)" : "");
      else
        unit_hint (c, t, r, col, v);
      return FALSE;
    }
  *sel = PKS_SEL_UNIT;
  *index = (guint) u;
  return TRUE;
}

static int
parse_resource (const char *v)
{
  for (int i = 0; i < PKS_N_RESOURCES; i++)
    if (strcmp (v, pks_resource_name (i)) == 0)
      return i;
  return -1;
}

/* "=N", "+N", "-N", "+N%", "-N%". */
static gboolean
parse_change (const char *text, PksChangeOp *op, double *value)
{
  g_autofree char *v = g_strstrip (g_strdup (text));
  gsize n = strlen (v);
  if (n < 2)
    return FALSE;
  gboolean pct = v[n - 1] == '%';
  if (pct)
    v[--n] = '\0';
  double x;
  if (v[0] == '=')
    {
      if (pct || !pks_parse_number (v + 1, &x) || x < 0)
        return FALSE;
      *op = PKS_CHANGE_SET;
      *value = x;
      return TRUE;
    }
  if (v[0] != '+' && v[0] != '-')
    return FALSE;
  if (!pks_parse_number (v + 1, &x) || x < 0)
    return FALSE;
  if (v[0] == '-')
    x = -x;
  if (pct && x < -100)
    return FALSE;
  *op = pct ? PKS_CHANGE_SCALE : PKS_CHANGE_ADD;
  *value = x;
  return TRUE;
}

/* A change's number stays within what units.csv would accept (=1e300 beds
 * is a typo, not a plan); a scale stays within ±MAX_PCT_CHANGE %. */
static gboolean
change_in_range (Ctx *c, const PksTable *t, guint r, int col, PksResource res,
                 PksChangeOp op, double value)
{
  double hi = op == PKS_CHANGE_SCALE ? MAX_PCT_CHANGE : pks_resource_max (res);
  if (fabs (value) <= hi)
    return TRUE;
  pks_diags_error (c->diags, t->file, row_line (t, r), col + 1,
                   "change: %g%s is out of range for %s (at most %g%s)", value,
                   op == PKS_CHANGE_SCALE ? "%" : "", pks_resource_name (res), hi,
                   op == PKS_CHANGE_SCALE ? "%" : "");
  return FALSE;
}

static void
check_period (Ctx *c, const PksTable *t, guint r, int col_from, PksDate from, PksDate to,
              const char *what)
{
  int line = row_line (t, r);
  if (to && to < from)
    {
      pks_diags_error (c->diags, t->file, line, col_from + 2,
                       "to is before from: the %s would never apply", what);
      return;
    }
  if (!c->dates_ok)
    return;
  char a[11], b[11];
  pks_date_format (c->sim_first, a);
  pks_date_format (c->sim_last, b);
  if (from > c->sim_last)
    pks_diags_warn (c->diags, t->file, line, col_from + 1,
                    "the %s starts after the simulated horizon (%s to %s) and has no effect",
                    what, a, b);
  else if (to && to < c->sim_first)
    pks_diags_warn (c->diags, t->file, line, col_from + 2,
                    "the %s ends before the simulated horizon (%s to %s) and has no effect",
                    what, a, b);
}

static const ColSpec change_cols[] = {
  { "unit", TRUE }, { "resource", TRUE }, { "from", TRUE }, { "to", FALSE },
  { "change", TRUE }, { "note", FALSE }, { "staff", FALSE },
};

/* A change that adds sessions to a unit without theatres (0 minutes). */
static int
theatreless_unit (const Ctx *c, const PksChange *ch)
{
  if (ch->resource != PKS_RES_OR_SESSIONS || (ch->op == PKS_CHANGE_ADD && ch->value <= 0)
      || (ch->op == PKS_CHANGE_SET && ch->value == 0) || ch->op == PKS_CHANGE_SCALE)
    return -1;
  for (guint u = 0; u < c->s->units->len; u++)
    {
      const PksUnitDef *ud = pks_unit (c->s, u);
      gboolean sel = ch->selector == PKS_SEL_ALL
                     || (ch->selector == PKS_SEL_SITE && ud->site_index == ch->index)
                     || (ch->selector == PKS_SEL_UNIT && u == ch->index);
      if (sel && ud->or_session_minutes == 0)
        return (int) u;
    }
  return -1;
}

static void
load_changes_file (Ctx *c, const PksKeyVal *kv)
{
  g_autoptr (PksTable) t = read_keyed_table (c, kv, "changes");
  if (t == NULL)
    return;
  int col[G_N_ELEMENTS (change_cols)];
  if (!check_header (c, t, change_cols, G_N_ELEMENTS (change_cols), col))
    return;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksChange ch = { 0 };
      int line = row_line (t, r);
      gboolean ok = parse_selector (c, t, r, col[0], TRUE, &ch.selector, &ch.index);
      g_autofree char *res = cell_text (t, r, col[1]);
      int ri = parse_resource (res);
      if (ri < 0)
        {
          const char *names[] = { "beds", "staffed_beds", "or_sessions_per_week", "visit_slots_per_week" };
          const char *near = pks_nearest (res, names, 4);
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "resource: expected beds, staffed_beds, or_sessions_per_week or "
                           "visit_slots_per_week, got \"%s\"%s%s%s", res,
                           near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
          ok = FALSE;
        }
      ok &= cell_date (c, t, r, col[2], "from", TRUE, &ch.from);
      ok &= cell_date (c, t, r, col[3], "to", FALSE, &ch.to);
      g_autofree char *chg = cell_text (t, r, col[4]);
      if (!parse_change (chg, &ch.op, &ch.value))
        {
          pks_diags_error (c->diags, t->file, line, col[4] + 1,
                           "change: expected =N, +N, -N, +N%% or -N%%, got \"%s\"", chg);
          ok = FALSE;
        }
      else if (ri >= 0 && !change_in_range (c, t, r, col[4], (PksResource) ri, ch.op, ch.value))
        ok = FALSE;
      g_autofree char *staff = col[6] >= 0 ? cell_text (t, r, col[6]) : g_strdup ("");
      int mode = parse_staff_mode (staff);
      if (mode < 0)
        {
          static const char *modes[] = { "own", "agency" };
          const char *near = pks_nearest (staff, modes, 2);
          pks_diags_error (c->diags, t->file, line, col[6] + 1,
                           "staff: expected own, agency or empty (the staff the change brings, "
                           "docs/staffing.md), got \"%s\"%s%s%s", staff,
                           near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
          ok = FALSE;
        }
      else if (mode != PKS_STAFF_NONE && ri >= 0 && ri != PKS_RES_STAFFED_BEDS
               && ri != PKS_RES_OR_SESSIONS)
        {
          pks_diags_error (c->diags, t->file, line, col[6] + 1,
                           "staff: only staffed_beds and or_sessions_per_week bring staff; %s "
                           "%s (leave staff empty)", res,
                           ri == PKS_RES_BEDS ? "are rooms" : "are not staffed in pks");
          ok = FALSE;
        }
      ch.staff = mode < 0 ? PKS_STAFF_NONE : (PksStaffMode) mode;
      ch.resource = (PksResource) MAX (ri, 0);
      int bare = ok ? theatreless_unit (c, &ch) : -1;
      if (bare >= 0)
        {
          const char *un = pks_unit (c->s, (guint) bare)->name;
          pks_diags_error (c->diags, t->file, line, col[4] + 1,
                           "change: adds sessions to \"%s\", which has no theatre "
                           "(or_session_minutes 0 in units.csv): give it the usable minutes of a "
                           "session", un);
          ok = FALSE;
        }
      if (!ok)
        continue;
      check_period (c, t, r, col[2], ch.from, ch.to, "change");
      ch.resource = (PksResource) ri;
      g_autofree char *note = col[5] >= 0 ? cell_text (t, r, col[5]) : NULL;
      ch.note = note && *note ? (char *) intern (c, note) : NULL;
      ch.src.file = intern (c, t->file);
      ch.src.line = line;
      g_array_append_val (c->s->changes, ch);
    }
}

static const ColSpec staff_cols[] = {
  { "unit", TRUE }, { "role", TRUE }, { "fte", TRUE }, { "from", FALSE }, { "to", FALSE },
  { "agency", FALSE },
};

/* One staffing.csv of the chain; rows of a plan add to its base's. */
static void
load_staffing_file (Ctx *c, const PksKeyVal *kv)
{
  g_autoptr (PksTable) t = read_keyed_table (c, kv, "staffing");
  if (t == NULL)
    return;
  int col[G_N_ELEMENTS (staff_cols)];
  if (!check_header (c, t, staff_cols, G_N_ELEMENTS (staff_cols), col))
    return;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksStaffRow st = { 0 };
      int line = row_line (t, r);
      PksSelector sel;
      gboolean ok = parse_selector (c, t, r, col[0], FALSE, &sel, &st.unit);
      g_autofree char *role = cell_text (t, r, col[1]);
      int ro = -1;
      for (int i = 0; i < PKS_N_ROLES; i++)
        if (!g_ascii_strcasecmp (role, pks_role_name (i)))
          ro = i;
      if (!g_ascii_strcasecmp (role, "sjuksköterska") || !g_ascii_strcasecmp (role, "ssk"))
        ro = PKS_ROLE_NURSE;
      if (!g_ascii_strcasecmp (role, "undersköterska") || !g_ascii_strcasecmp (role, "usk"))
        ro = PKS_ROLE_ASSISTANT_NURSE;
      if (ro < 0)
        {
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "role: expected nurse, assistant_nurse or or_team, got \"%s\"", role);
          ok = FALSE;
        }
      ok &= cell_num (c, t, r, col[2], "fte", TRUE, 0, -MAX_FTE, MAX_FTE, FALSE, &st.fte);
      ok &= cell_date (c, t, r, col[3], "from", FALSE, &st.from);
      ok &= cell_date (c, t, r, col[4], "to", FALSE, &st.to);
      double ag;
      ok &= cell_num (c, t, r, col[5], "agency", FALSE, 0, 0, 1, TRUE, &ag);
      if (!ok)
        continue;
      if (st.from || st.to)
        check_period (c, t, r, col[3], st.from ? st.from : 1, st.to, "staffing row");
      st.role = (PksRole) ro;
      st.agency = ag != 0;
      st.src.file = intern (c, t->file);
      st.src.line = line;
      g_array_append_val (c->s->staffing, st);
    }
}

static const ColSpec wait_cols[] = {
  { "unit", TRUE }, { "flow", TRUE }, { "stage", TRUE }, { "wait_from_days", TRUE },
  { "wait_to_days", TRUE }, { "count", TRUE },
};

/* A waitlist row's stage: first_visit or treatment. */
static gboolean
cell_stage (Ctx *c, const PksTable *t, guint r, int col, PksStage *out)
{
  g_autofree char *stage = cell_text (t, r, col);
  if (!strcmp (stage, "first_visit"))
    *out = PKS_STAGE_FIRST_VISIT;
  else if (!strcmp (stage, "treatment"))
    *out = PKS_STAGE_TREATMENT;
  else
    {
      pks_diags_error (c->diags, t->file, row_line (t, r), col + 1,
                       "stage: expected first_visit or treatment, got \"%s\"", stage);
      return FALSE;
    }
  return TRUE;
}

static const char *const state_aliases[] = {
  "basenhet", "unit", "flöde", "flow", "inskrivning", "admitted",
  "utskrivningsklar", "ready_for_discharge", "vårdande_enhet", "ward_unit",
  "steg", "stage", "sedan", "since", "prioritet", "priority", "väntetidskod", "wait_code", NULL
};

static const ColSpec wait_patient_cols[] = {
  { "unit", TRUE }, { "flow", TRUE }, { "stage", TRUE }, { "since", TRUE },
  { "priority", FALSE }, { "wait_code", FALSE },
};

/* A unit and one of its flows by name, reported when absent. */
static int
row_flow (Ctx *c, const PksTable *t, guint r, int ucol, int fcol)
{
  g_autofree char *uname = cell_text (t, r, ucol);
  g_autofree char *fname = cell_text (t, r, fcol);
  int u = find_unit (c, uname);
  if (u < 0)
    {
      if (*uname == '\0')
        pks_diags_error (c->diags, t->file, row_line (t, r), ucol + 1, "unit: the name is empty");
      else
        unit_hint (c, t, r, ucol, uname);
      return -1;
    }
  int fi = find_flow (c, (guint) u, fname);
  if (fi < 0)
    pks_diags_error (c->diags, t->file, row_line (t, r), fcol + 1,
                     "flow: unit \"%s\" has no flow \"%s\" in flows.csv", uname, fname);
  return fi;
}

/* waitlist.csv per patient (contract 5.2): unit,flow,stage,since and
 * optionally priority and wait_code. */
static void
load_wait_patients (Ctx *c, PksTable *t)
{
  int col[G_N_ELEMENTS (wait_patient_cols)];
  if (!check_header (c, t, wait_patient_cols, G_N_ELEMENTS (wait_patient_cols), col))
    return;
  PksScenario *s = c->s;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksWaitPatient w = { 0 };
      int line = row_line (t, r);
      int fi = row_flow (c, t, r, col[0], col[1]);
      gboolean ok = fi >= 0;
      if (ok && pks_flow (s, fi)->kind != PKS_FLOW_ELECTIVE)
        {
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "flow: \"%s\" is acute; only elective flows have waiting lists",
                           pks_flow (s, fi)->name);
          ok = FALSE;
        }
      ok &= cell_stage (c, t, r, col[2], &w.stage);
      ok &= cell_date (c, t, r, col[3], "since", TRUE, &w.since);
      if (ok && c->dates_ok && w.since > s->start)
        {
          char st[11];
          pks_date_format (s->start, st);
          pks_diags_error (c->diags, t->file, line, col[3] + 1, "since: after the scenario's "
                           "start (%s): the list holds patients waiting at the start", st);
          ok = FALSE;
        }
      double prio;
      ok &= cell_num (c, t, r, col[4], "priority", FALSE, 0, 1, 3, TRUE, &prio);
      g_autofree char *code = cell_text (t, r, col[5]);
      if (!g_ascii_strcasecmp (code, "pvv") || !g_ascii_strcasecmp (code, "mov"))
        w.vg_excluded = TRUE;
      else if (*code)
        {
          pks_diags_error (c->diags, t->file, line, col[5] + 1,
                           "wait_code: expected PvV, MoV or empty, got \"%s\"", code);
          ok = FALSE;
        }
      if (!ok)
        continue;
      if (prio > 0 && (int) prio != pks_flow (s, fi)->priority)
        pks_diags_warn (c->diags, t->file, line, col[4] + 1,
                        "priority %g differs from the flow's priority %d in flows.csv: pks "
                        "keeps one priority per flow, the patient waits with %d",
                        prio, pks_flow (s, fi)->priority, pks_flow (s, fi)->priority);
      if (s->wait_patients->len >= MAX_WAITLIST_COUNT)
        {
          pks_diags_error (c->diags, t->file, line, 0,
                           "more than %d waiting patients in total", MAX_WAITLIST_COUNT);
          return;
        }
      w.flow = (guint) fi;
      w.src.file = intern (c, t->file);
      w.src.line = line;
      g_array_append_val (s->wait_patients, w);
    }
}

static void
load_waitlist (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "waitlist", FALSE);
  if (t == NULL)
    return;
  header_aliases (t, state_aliases);
  if (pks_table_column (t, "since") >= 0)
    {
      if (pks_table_column (t, "wait_from_days") >= 0 || pks_table_column (t, "count") >= 0)
        {
          pks_diags_error (c->diags, t->file, t->header_line, 0,
                           "the header mixes the per-patient form (since) with the binned "
                           "form (wait_from_days, wait_to_days, count): use one of them");
          return;
        }
      load_wait_patients (c, t);
      return;
    }
  int col[G_N_ELEMENTS (wait_cols)];
  if (!check_header (c, t, wait_cols, G_N_ELEMENTS (wait_cols), col))
    return;
  guint64 total = 0;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksWaitBin w = { 0 };
      int line = row_line (t, r);
      PksSelector sel;
      guint unit;
      gboolean ok = parse_selector (c, t, r, col[0], FALSE, &sel, &unit);
      g_autofree char *fname = cell_text (t, r, col[1]);
      int fi = ok ? find_flow (c, unit, fname) : -1;
      if (ok && fi < 0)
        {
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "flow: unit \"%s\" has no flow \"%s\" in flows.csv",
                           pks_unit (c->s, unit)->name, fname);
          ok = FALSE;
        }
      else if (ok && pks_flow (c->s, fi)->kind != PKS_FLOW_ELECTIVE)
        {
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "flow: \"%s\" is acute; only elective flows have waiting lists", fname);
          ok = FALSE;
        }
      ok &= cell_stage (c, t, r, col[2], &w.stage);
      double cnt;
      ok &= cell_num (c, t, r, col[3], "wait_from_days", TRUE, 0, 0, 2 * MAX_DAYS_LONG, FALSE,
                      &w.wait_from_days);
      ok &= cell_num (c, t, r, col[4], "wait_to_days", TRUE, 0, 0, 2 * MAX_DAYS_LONG, FALSE,
                      &w.wait_to_days);
      ok &= cell_num (c, t, r, col[5], "count", TRUE, 0, 0, MAX_WAITLIST_COUNT, TRUE, &cnt);
      if (ok && w.wait_to_days < w.wait_from_days)
        {
          pks_diags_error (c->diags, t->file, line, col[4] + 1,
                           "wait_to_days %g is below wait_from_days %g", w.wait_to_days,
                           w.wait_from_days);
          ok = FALSE;
        }
      if (!ok)
        continue;
      total += (guint64) cnt;
      if (total > MAX_WAITLIST_COUNT)
        {
          pks_diags_error (c->diags, t->file, line, col[5] + 1,
                           "count: more than %d waiting patients in total", MAX_WAITLIST_COUNT);
          return;
        }
      w.flow = (guint) fi;
      w.count = (int) cnt;
      w.src.file = intern (c, t->file);
      w.src.line = line;
      g_array_append_val (c->s->waitlist, w);
    }
}

static const ColSpec census_cols[] = {
  { "unit", TRUE }, { "flow", TRUE }, { "admitted", TRUE }, { "ready_for_discharge", FALSE },
  { "ward_unit", FALSE },
};

/* A time cell of census.csv as minutes from the midnight that starts the
 * scenario; NAN when empty (and not required). */
static gboolean
cell_time (Ctx *c, const PksTable *t, guint r, int col, const char *name, gboolean required,
           double *out)
{
  *out = NAN;
  if (col < 0 || cell_empty (t, r, col))
    {
      if (required)
        cell_error (c, t, r, col, "%s: a time (YYYY-MM-DD HH:MM) is required here", name);
      return !required;
    }
  double x;
  if (!pks_extract_parse_time (cell (t, r, col), &x, NULL))
    {
      cell_error (c, t, r, col, "%s: expected YYYY-MM-DD HH:MM or YYYY-MM-DD, got \"%s\"",
                  name, cell (t, r, col));
      return FALSE;
    }
  *out = x - PKS_EXTRACT_TIME (c->s->start);
  return TRUE;
}

/* census.csv (contract 5.2): the patients in bed when the scenario
 * starts, each with its admission time. */
static void
load_census (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "census", FALSE);
  if (t == NULL)
    return;
  header_aliases (t, state_aliases);
  int col[G_N_ELEMENTS (census_cols)];
  if (!check_header (c, t, census_cols, G_N_ELEMENTS (census_cols), col))
    return;
  PksScenario *s = c->s;
  if (c->dates_ok && s->warmup_days > 0)
    key_diag (c, PKS_DIAG_ERROR, get_kv (c, "scenario", "warmup_days"), "scenario", "warmup_days",
              "must be 0 with [tables] census: the census is the state on the start date, "
              "and a warm-up would fill the beds a second time");
  if (!c->dates_ok)
    return;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksCensusRow x = { 0 };
      int line = row_line (t, r);
      int fi = row_flow (c, t, r, col[0], col[1]);
      gboolean ok = fi >= 0;
      ok &= cell_time (c, t, r, col[2], "admitted", TRUE, &x.admitted_min);
      ok &= cell_time (c, t, r, col[3], "ready_for_discharge", FALSE, &x.ready_min);
      if (ok && x.admitted_min > 0)
        {
          cell_error (c, t, r, col[2], "admitted: after the scenario's start: census.csv "
                      "holds the patients in bed when it starts");
          ok = FALSE;
        }
      if (ok && !isnan (x.ready_min) && (x.ready_min < x.admitted_min || x.ready_min > 0))
        {
          cell_error (c, t, r, col[3], "ready_for_discharge: %s", x.ready_min > 0
                      ? "after the scenario's start (leave it empty: not yet ready)"
                      : "before admitted");
          ok = FALSE;
        }
      x.ward = -1;
      g_autofree char *ward = col[4] >= 0 ? cell_text (t, r, col[4]) : g_strdup ("");
      if (*ward)
        {
          x.ward = find_unit (c, ward);
          if (x.ward < 0)
            {
              unit_hint (c, t, r, col[4], ward);
              ok = FALSE;
            }
          else if (fi >= 0 && (guint) x.ward == pks_flow (s, fi)->unit)
            x.ward = -1;
        }
      if (!ok)
        continue;
      x.flow = (guint) fi;
      x.src.file = intern (c, t->file);
      x.src.line = line;
      g_array_append_val (s->census, x);
    }
}

static const ColSpec profile_cols[] = {
  { "unit", TRUE }, { "flow", TRUE }, { "month", TRUE }, { "weekday", TRUE }, { "factor", TRUE },
};

static int
parse_month (const char *v)
{
  static const char *en[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
  static const char *sv[] = { "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec" };
  if (!strcmp (v, "*"))
    return 0;
  double x;
  if (pks_parse_number (v, &x))
    return (x >= 1 && x <= 12 && x == floor (x)) ? (int) x : -1;
  for (int i = 0; i < 12; i++)
    if (!g_ascii_strncasecmp (v, en[i], 3) || !g_ascii_strncasecmp (v, sv[i], 3))
      return i + 1;
  return -1;
}

/* 0 = Monday … 6 = Sunday, -1 = every day, -2 = invalid. Numbers are
 * ISO weekdays, 1 = Monday … 7 = Sunday. */
static int
parse_weekday (const char *v)
{
  static const char *en[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  static const char *sv[] = { "mån", "tis", "ons", "tor", "fre", "lör", "sön" };
  if (!strcmp (v, "*"))
    return -1;
  double x;
  if (pks_parse_number (v, &x))
    return (x >= 1 && x <= 7 && x == floor (x)) ? (int) x - 1 : -2;
  for (int i = 0; i < 7; i++)
    if (!g_ascii_strncasecmp (v, en[i], 3) || !strncmp (v, sv[i], strlen (sv[i])))
      return i;
  return -2;
}

static void
load_profiles (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "profiles", FALSE);
  if (t == NULL)
    return;
  int col[G_N_ELEMENTS (profile_cols)];
  if (!check_header (c, t, profile_cols, G_N_ELEMENTS (profile_cols), col))
    return;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksProfileRow p = { 0 };
      int line = row_line (t, r);
      g_autofree char *u = cell_text (t, r, col[0]);
      g_autofree char *f = cell_text (t, r, col[1]);
      g_autofree char *m = cell_text (t, r, col[2]);
      g_autofree char *w = cell_text (t, r, col[3]);
      gboolean ok = TRUE;
      p.unit = strcmp (u, "*") == 0 ? -1 : find_unit (c, u);
      if (p.unit == -1 && strcmp (u, "*") != 0)
        {
          unit_hint (c, t, r, col[0], u);
          ok = FALSE;
        }
      if (ok && strcmp (f, "*") != 0)
        {
          gboolean any = p.unit < 0 ? g_hash_table_contains (c->flow_names, f)
                                    : find_flow (c, (guint) p.unit, f) >= 0;
          if (!any)
            {
              pks_diags_error (c->diags, t->file, line, col[1] + 1,
                               "flow: no flow \"%s\"%s%s in flows.csv", f,
                               p.unit >= 0 ? " at " : "", p.unit >= 0 ? u : "");
              ok = FALSE;
            }
          p.flow = (char *) intern (c, f);
        }
      p.month = parse_month (m);
      if (p.month < 0)
        {
          pks_diags_error (c->diags, t->file, line, col[2] + 1,
                           "month: expected 1-12, a month name or *, got \"%s\"", m);
          ok = FALSE;
        }
      p.weekday = parse_weekday (w);
      if (p.weekday == -2)
        {
          pks_diags_error (c->diags, t->file, line, col[3] + 1,
                           "weekday: expected 1-7 (1 = Monday), a day name or *, got \"%s\"", w);
          ok = FALSE;
        }
      ok &= cell_num (c, t, r, col[4], "factor", TRUE, 1, 0, 1000, FALSE, &p.factor);
      if (!ok)
        continue;
      p.src.file = intern (c, t->file);
      p.src.line = line;
      g_array_append_val (c->s->profiles, p);
    }
}

static const ColSpec target_cols[] = {
  { "unit", TRUE }, { "month", TRUE }, { "resource", TRUE }, { "target", TRUE },
};

/* targets.csv in Swedish (contract section 5: Swedish column names are
 * aliases) */
static const char *const target_aliases[] = {
  "basenhet", "unit", "enhet", "unit", "månad", "month", "resurs", "resource", "mål", "target",
  "planerad_produktion", "target", NULL
};

/* A target's resource, in English or Swedish; -1 if unknown. */
static int
target_resource (const char *v)
{
  static const char *const sv[PKS_N_TARGET_RES][2] = {
    { "nybesök", "förstabesök" }, { "operationer", "operation" },
    { "vårdtillfällen", "inskrivningar" },
  };
  for (int i = 0; i < PKS_N_TARGET_RES; i++)
    if (!g_ascii_strcasecmp (v, pks_target_resource_name (i)) || !strcmp (v, sv[i][0])
        || !strcmp (v, sv[i][1]))
      return i;
  return -1;
}

/* targets.csv (docs/balance.md): planned production per unit, month and
 * resource, checked against the simulation in production.csv. A month
 * outside the reported horizon is left out with a warning (a plan for the
 * year, run for a shorter horizon); a (unit, month, resource) may be
 * planned once. */
static void
load_targets (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "targets", FALSE);
  if (t == NULL)
    return;
  header_aliases (t, target_aliases);
  int col[G_N_ELEMENTS (target_cols)];
  if (!check_header (c, t, target_cols, G_N_ELEMENTS (target_cols), col))
    return;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PksScenario *s = c->s;
  PksDate first = s->start, last = s->start + (PksDate) MAX (1, s->days) - 1;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksTarget x = { 0 };
      int line = row_line (t, r);
      g_autofree char *u = cell_text (t, r, col[0]);
      g_autofree char *mo = cell_text (t, r, col[1]);
      g_autofree char *res = cell_text (t, r, col[2]);
      gboolean ok = TRUE;
      int ui = find_unit (c, u);
      if (ui < 0)
        {
          unit_hint (c, t, r, col[0], u);
          ok = FALSE;
        }
      int y = 0, m = 0;
      char tail = 0;
      if (sscanf (mo, "%4d-%2d%c", &y, &m, &tail) != 2 || strlen (mo) != 7 || m < 1 || m > 12)
        {
          pks_diags_error (c->diags, t->file, line, col[1] + 1,
                           "month: expected YYYY-MM (e.g. 2025-03), got \"%s\"", mo);
          ok = FALSE;
        }
      else if (c->dates_ok
               && (pks_date_from_ymd (y, m, 1) > last
                   || pks_date_from_ymd (y, m, 1) + (PksDate) pks_date_days_in_month (pks_date_from_ymd (y, m, 1)) - 1 < first))
        {
          char a[11], b[11];
          pks_date_format (first, a);
          pks_date_format (last, b);
          pks_diags_warn (c->diags, t->file, line, col[1] + 1,
                          "month: %s is outside the reported horizon %s – %s: this target is "
                          "left out", mo, a, b);
          ok = FALSE;
        }
      int rs = target_resource (res);
      if (rs < 0)
        {
          pks_diags_error (c->diags, t->file, line, col[2] + 1,
                           "resource: expected first_visits, operations or admissions "
                           "(nybesök, operationer, vårdtillfällen), got \"%s\"", res);
          ok = FALSE;
        }
      ok &= cell_num (c, t, r, col[3], "target", TRUE, 0, 0, 1e9, FALSE, &x.target);
      if (!ok)
        continue;
      g_autofree char *key = g_strdup_printf ("%d\x1f%d-%d\x1f%d", ui, y, m, rs);
      if (g_hash_table_contains (seen, key))
        {
          pks_diags_error (c->diags, t->file, line, 0,
                           "%s %s %s is planned twice (first on line %d)", u, mo,
                           pks_target_resource_name (rs),
                           GPOINTER_TO_INT (g_hash_table_lookup (seen, key)));
          continue;
        }
      g_hash_table_insert (seen, g_steal_pointer (&key), GINT_TO_POINTER (line));
      x.unit = (guint) ui;
      x.year = y;
      x.month = m;
      x.resource = (PksTargetResource) rs;
      x.src.file = intern (c, t->file);
      x.src.line = line;
      g_array_append_val (s->targets, x);
    }
}

/* ---------- size ---------- */

/* Unit-days of a window [from, to] (to 0 = open) clipped to the simulated days. */
/* ---------- transfers.csv: pathways between units (contract 5.6) ---------- */

static const ColSpec transfer_cols[] = {
  { "from_unit", TRUE }, { "flow", TRUE }, { "to_unit", TRUE }, { "p", TRUE },
  { "los_days", TRUE }, { "los_cv", FALSE }, { "from", FALSE }, { "to", FALSE },
  { "when_full", FALSE },
};

/* A unit cell of transfers.csv. */
static gboolean
cell_unit (Ctx *c, const PksTable *t, guint r, int col, const char *what, guint *out)
{
  g_autofree char *v = cell_text (t, r, col);
  int u = find_unit (c, v);
  if (u >= 0)
    {
      *out = (guint) u;
      return TRUE;
    }
  if (*v == '\0')
    cell_error (c, t, r, col, "%s: the name is empty", what);
  else
    unit_hint (c, t, r, col, v);
  return FALSE;
}

/* The flow cell: `*` (every flow), "Unit/flow" (that one flow) or a flow
 * name (the flow of that name of whichever unit the patient came from). */
static gboolean
cell_transfer_flow (Ctx *c, const PksTable *t, guint r, int col, PksTransferRow *x)
{
  g_autofree char *v = cell_text (t, r, col);
  x->flow = -1;
  x->flow_name = NULL;
  if (strcmp (v, "*") == 0)
    return TRUE;
  const char *slash = strchr (v, '/');
  if (slash)
    {
      g_autofree char *uname = g_strstrip (g_strndup (v, (gsize) (slash - v)));
      g_autofree char *fname = g_strstrip (g_strdup (slash + 1));
      int u = find_unit (c, uname);
      int f = u >= 0 ? find_flow (c, (guint) u, fname) : -1;
      if (f < 0)
        {
          cell_error (c, t, r, col, "flow: no flow \"%s\" in flows.csv (give *, a flow name "
                      "or Unit/flow)", v);
          return FALSE;
        }
      x->flow = f;
      return TRUE;
    }
  if (*v == '\0' || !g_hash_table_contains (c->flow_names, v))
    {
      g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (c->flow_names, NULL);
      guint n = diags_full (c) ? 0 : g_hash_table_size (c->flow_names);
      const char *near = *v && n ? pks_nearest (v, names, n) : NULL;
      cell_error (c, t, r, col, "flow: %s%s%s (give *, a flow name or Unit/flow)%s%s%s",
                  *v ? "no flow named \"" : "the flow is empty", *v ? v : "", *v ? "\" in flows.csv" : "",
                  near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
      return FALSE;
    }
  x->flow_name = (char *) intern (c, v);
  return TRUE;
}

static gboolean
same_flow_spec (const PksTransferRow *a, const PksTransferRow *b)
{
  return a->flow == b->flow
         && (a->flow_name == b->flow_name
             || (a->flow_name && b->flow_name && strcmp (a->flow_name, b->flow_name) == 0));
}

/* A row's window holds date d (0 = open ends). */
static gboolean
window_has (const PksTransferRow *x, PksDate d)
{
  return (x->from == 0 || d >= x->from) && (x->to == 0 || d <= x->to);
}

/* The rows of one (from_unit, flow) are one draw: their p may add up to at
 * most 1 on any day (the rest leave the hospital). The sum over the rows
 * whose windows hold a date is largest at some row's first day. */
static void
check_transfer_sums (Ctx *c, int col_p)
{
  GArray *rows = c->s->transfers;
  for (guint i = 0; i < rows->len; i++)
    {
      const PksTransferRow *a = &g_array_index (rows, PksTransferRow, i);
      double sum = 0;
      guint last = i;
      for (guint j = 0; j < rows->len; j++)
        {
          const PksTransferRow *b = &g_array_index (rows, PksTransferRow, j);
          if (b->from_unit == a->from_unit && same_flow_spec (a, b)
              && (a->from == 0 ? b->from == 0 : window_has (b, a->from)))
            {
              sum += b->p;
              last = MAX (last, j);
            }
        }
      if (sum > 1.0 + 1e-9 && last == i)
        {
          const PksTransferRow *b = &g_array_index (rows, PksTransferRow, last);
          char d[11] = "";
          if (a->from)
            pks_date_format (a->from, d);
          pks_diags_error (c->diags, b->src.file, b->src.line, col_p + 1,
                           "p: the rows from \"%s\" for flow %s add up to %g%s%s; at most 1 "
                           "(the rest leave the hospital)", pks_unit (c->s, a->from_unit)->name,
                           a->flow >= 0 ? pks_flow (c->s, a->flow)->name
                           : a->flow_name ? a->flow_name : "*", sum, *d ? " on " : "", d);
        }
    }
}

static void
load_transfers (Ctx *c)
{
  g_autoptr (PksTable) t = open_table (c, "transfers", FALSE);
  if (t == NULL)
    return;
  int col[G_N_ELEMENTS (transfer_cols)];
  if (!check_header (c, t, transfer_cols, G_N_ELEMENTS (transfer_cols), col))
    return;
  for (guint r = 0; r < t->n_rows; r++)
    {
      PksTransferRow x = { 0 };
      int line = row_line (t, r);
      gboolean ok = cell_unit (c, t, r, col[0], "from_unit", &x.from_unit);
      ok &= cell_transfer_flow (c, t, r, col[1], &x);
      ok &= cell_unit (c, t, r, col[2], "to_unit", &x.to_unit);
      if (ok && x.from_unit == x.to_unit)
        {
          cell_error (c, t, r, col[2], "to_unit: \"%s\" is also from_unit; a pathway moves a "
                      "patient to another unit", pks_unit (c->s, x.to_unit)->name);
          ok = FALSE;
        }
      ok &= cell_num (c, t, r, col[3], "p", TRUE, 0, 0, 1, FALSE, &x.p);
      ok &= cell_num (c, t, r, col[4], "los_days", TRUE, 0, 1e-6, MAX_DAYS_LONG, FALSE,
                      &x.los_days);
      ok &= cell_num (c, t, r, col[5], "los_cv", FALSE, 1.0, 0, 10, FALSE, &x.los_cv);
      ok &= cell_date (c, t, r, col[6], "from", FALSE, &x.from);
      ok &= cell_date (c, t, r, col[7], "to", FALSE, &x.to);
      x.when_full = -1;
      if (col[8] >= 0 && !cell_empty (t, r, col[8]))
        {
          g_autofree char *v = cell_text (t, r, col[8]);
          for (int w = PKS_TRANSFER_WAIT; w <= PKS_TRANSFER_OUTLIE; w++)
            if (!g_ascii_strcasecmp (v, pks_transfer_when_full_name (w)))
              x.when_full = w;
          if (x.when_full < 0)
            {
              cell_error (c, t, r, col[8], "when_full: expected wait, overcrowd or outlie (or "
                          "empty: [policy] transfer_when_full), got \"%s\"", v);
              ok = FALSE;
            }
        }
      if (!ok)
        continue;
      if (col[6] >= 0 && (x.from || x.to))
        check_period (c, t, r, col[6], x.from ? x.from : c->sim_first, x.to, "row");
      for (guint j = 0; j < c->s->transfers->len; j++)
        {
          const PksTransferRow *y = &g_array_index (c->s->transfers, PksTransferRow, j);
          if (y->from_unit == x.from_unit && y->to_unit == x.to_unit && same_flow_spec (&x, y)
              && y->from == x.from && y->to == x.to)
            {
              pks_diags_error (c->diags, t->file, line, col[2] + 1,
                               "to_unit: this pathway is also on line %d; give one row with "
                               "the sum of their p", y->src.line);
              ok = FALSE;
              break;
            }
        }
      if (!ok)
        continue;
      x.src.file = intern (c, t->file);
      x.src.line = line;
      g_array_append_val (c->s->transfers, x);
    }
  check_transfer_sums (c, col[3]);
}

static double
window_days (const Ctx *c, PksDate from, PksDate to)
{
  PksDate a = MAX (from ? from : c->sim_first, c->sim_first);
  PksDate b = MIN (to ? to : c->sim_last, c->sim_last);
  return b >= a ? (double) (b - a + 1) : 0.0;
}

/* Refuse scenarios whose compiled model would not fit in bounded time and
 * memory (docs/robustness.md): each message says what to shorten. */
static void
check_size (Ctx *c)
{
  PksScenario *s = c->s;
  if (!c->dates_ok)
    return;
  double sim_days = (double) s->warmup_days + s->days;
  double ud = s->units->len * sim_days, fd = s->flows->len * sim_days;
  if (ud > MAX_UNIT_DAYS)
    key_diag (c, PKS_DIAG_ERROR, get_kv (c, "scenario", "days"), "scenario", "days",
              "the scenario is too large: %u units × %.0f simulated days (warmup_days + "
              "days) = %.3g unit-days, above the limit of %.0f million; shorten days or "
              "warmup_days, or split the region", s->units->len, sim_days, ud,
              MAX_UNIT_DAYS / 1e6);
  if (fd > MAX_FLOW_DAYS)
    key_diag (c, PKS_DIAG_ERROR, get_kv (c, "scenario", "days"), "scenario", "days",
              "the scenario is too large: %u flows × %.0f simulated days = %.3g flow-days, "
              "above the limit of %.0f million; shorten days or warmup_days",
              s->flows->len, sim_days, fd, MAX_FLOW_DAYS / 1e6);
  g_autofree guint *per_site = g_new0 (guint, MAX (1u, s->sites->len));
  for (guint u = 0; u < s->units->len; u++)
    per_site[pks_unit (s, u)->site_index]++;
  double work = 0;
  for (guint i = 0; i < s->changes->len; i++)
    {
      const PksChange *ch = &g_array_index (s->changes, PksChange, i);
      double n = ch->selector == PKS_SEL_ALL ? s->units->len
                 : ch->selector == PKS_SEL_SITE ? per_site[ch->index] : 1;
      work += n * window_days (c, ch->from, ch->to);
    }
  if (work > MAX_CHANGE_WORK)
    pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, "[tables] changes",
                   "the changes rewrite %.3g unit-days of capacity in total, above the limit "
                   "of %.0f million: merge rows, or give them end dates", work,
                   MAX_CHANGE_WORK / 1e6);
  work = 0;
  for (guint i = 0; i < s->staffing->len; i++)
    {
      const PksStaffRow *r = &g_array_index (s->staffing, PksStaffRow, i);
      work += window_days (c, r->from, r->to);
    }
  if (work > MAX_STAFF_WORK)
    pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, "[tables] staffing",
                   "the staffing rows cover %.3g row-days in total, above the limit of %.0f "
                   "million: merge rows, or give them end dates", work, MAX_STAFF_WORK / 1e6);
  work = (double) s->profiles->len * s->flows->len;
  if (work > MAX_PROFILE_WORK)
    pks_diags_add (c->diags, PKS_DIAG_ERROR, NULL, 0, 0, "[tables] profiles",
                   "%u profile rows × %u flows is above the limit of %.0f million: use "
                   "fewer rows (one * row covers every unit, flow, month or weekday)", s->profiles->len, s->flows->len,
                   MAX_PROFILE_WORK / 1e6);
}

/* ---------- what binds: the capacity notes as warnings ---------- */

/* "6", "5.5": a count as a planner writes it; signed with sign. */
static char *
num_text (double x, gboolean sign)
{
  double r = floor (x * 10.0 + 0.5) / 10.0;
  if (fabs (r) < 0.05)
    r = 0.0;
  gboolean whole = fabs (r - floor (r + 0.5)) < 1e-9;
  return g_strdup_printf (sign ? (whole ? "%+.0f" : "%+.1f") : (whole ? "%.0f" : "%.1f"), r);
}

/* "from 2024-03-01", or "from 2024-03-01 to 2024-08-30" when it ends
 * before the horizon does. */
static char *
days_text (const Ctx *c, const PksCapacityNote *x)
{
  char a[11], b[11];
  pks_date_format (x->first, a);
  pks_date_format (x->last, b);
  if (x->last >= c->sim_last && x->first <= c->s->start)
    return g_strdup ("over the whole period");
  if (x->last >= c->sim_last)
    return g_strdup_printf ("from %s", a);
  if (x->first == x->last)
    return g_strdup_printf ("on %s", a);
  return g_strdup_printf ("from %s to %s", a, b);
}

static char *
change_text (const PksChange *ch)
{
  if (ch->op == PKS_CHANGE_SET)
    return g_strdup_printf ("=%g", ch->value);
  return g_strdup_printf (ch->op == PKS_CHANGE_SCALE ? "%+g%%" : "%+g", ch->value);
}

/* What to write instead: a staff column on the row, or on a --set. */
static char *
staff_remedy (const Ctx *c, const PksChange *ch, const PksCapacityNote *x)
{
  GString *o = g_string_new (NULL);
  static const char *role[] = { "nurse", "assistant nurse", "OR-team" };
  guint n = 0;
  for (int r = 0; r < PKS_N_ROLES; r++)
    if (x->need[r] > 0.005)
      {
        g_autofree char *f = g_strdup_printf ("%.1f", x->need[r]);
        g_string_append_printf (o, "%s%s %s FTE", n ? " and " : "add ", f, role[r]);
        n++;
      }
  if (n)
    g_string_append (o, " (by the norms, at the year's average leave) in staffing.csv, or ");
  gboolean set = ch->src.line == 0 && g_str_has_prefix (ch->src.file, "--set ");
  if (set)
    {
      const char *eq = strchr (ch->src.file, '=');
      g_autofree char *lhs = eq ? g_strndup (ch->src.file + 6, eq - ch->src.file - 6) : NULL;
      double v = pks_unit (c->s, x->unit)->staffed_beds;
      if (ch->resource == PKS_RES_OR_SESSIONS)
        v = pks_unit (c->s, x->unit)->or_sessions_per_week;
      g_string_append_printf (o, "write --set '%s=%g own' (or agency)", lhs ? lhs : "", v + ch->value);
    }
  else
    g_string_append (o, "write staff = own (or agency) on the row");
  return g_string_free (o, FALSE);
}

static void
short_warning (Ctx *c, const PksChange *ch, const PksCapacityNote *x, GString *msg)
{
  const char *unit = pks_unit (c->s, x->unit)->name;
  g_autofree char *when = days_text (c, x);
  g_autofree char *planned = num_text (x->planned / x->days, TRUE);
  g_autofree char *open = num_text (x->effective / x->days, TRUE);
  gboolean beds = x->resource == PKS_RES_STAFFED_BEDS;
  gboolean by_staff = x->staff_short > 0, by_beds = x->beds_short > 0;
  const char *who = by_staff && by_beds ? "staff and physical beds allow"
                    : by_staff ? (beds ? "staff cover" : "the OR teams cover")
                    : "physical beds allow";
  g_string_append_printf (msg, "%s: planned %s %s %s; %s %s", unit, planned,
                          beds ? "staffed beds" : "OR sessions a week", when, who, open);
  g_autofree char *lost = num_text (x->planned - x->effective, FALSE);
  g_autofree char *all = num_text (x->planned, FALSE);
  g_string_append_printf (msg, " (%s of %s planned %s not open", lost, all,
                          beds ? "bed-days" : "session-days");
  if (by_staff)
    {
      g_autofree char *lo = num_text (x->cover_min, FALSE);
      g_autofree char *hi = num_text (x->cover_max, FALSE);
      if (!strcmp (lo, hi))
        g_string_append_printf (msg, "; the staff on duty cover %s %s", lo,
                                beds ? "beds" : "sessions a week");
      else
        g_string_append_printf (msg, "; the staff on duty cover %s–%s %s", lo, hi,
                                beds ? "beds" : "sessions a week");
    }
  g_string_append (msg, ")");
  if (by_staff)
    {
      g_autofree char *r = staff_remedy (c, ch, x);
      g_string_append_printf (msg, ": %s", r);
    }
  if (by_beds)
    {
      g_autofree char *b = num_text (x->need_beds, FALSE);
      g_string_append_printf (msg, "%s %s physical beds short: add them with a beds row",
                              by_staff ? "; and" : ":", b);
    }
}

static void
clamp_warning (Ctx *c, const PksChange *ch, const PksCapacityNote *x, GString *msg)
{
  const char *unit = pks_unit (c->s, x->unit)->name;
  g_autofree char *when = days_text (c, x);
  g_autofree char *op = change_text (ch);
  g_autofree char *before = num_text (x->before, FALSE);
  g_autofree char *raw = num_text (x->level, FALSE);
  double hi = pks_resource_max (x->resource);
  if (x->level < 0)
    g_string_append_printf (msg, "%s: %s %s takes %s to %s %s (%u days): set to 0 instead, so the "
                            "unit has none then", unit, op, pks_resource_name (x->resource),
                            before, raw, when, x->days);
  else
    g_string_append_printf (msg, "%s: %s %s takes %s to %s %s (%u days): capped at %g, the most "
                            "a unit may have", unit, op, pks_resource_name (x->resource), before,
                            raw, when, x->days, hi);
}

static void
payroll_warning (Ctx *c, const PksCapacityNote *x, GString *msg)
{
  const char *unit = pks_unit (c->s, x->unit)->name;
  g_autofree char *when = days_text (c, x);
  g_autofree char *fte = num_text (x->fte, FALSE);
  g_string_append_printf (msg, "%s: closed (0 planned staffed beds) %s (%u days), but %s FTE stay "
                          "on its payroll", unit, when, x->days, fte);
  if (x->cost > 0)
    g_string_append_printf (msg, ": their staff cost, %.1f million SEK over those days, continues",
                            x->cost / 1e6);
  g_string_append (msg, ". Write staff = own on the row if the staff leave with the beds "
                        "(docs/staffing.md)");
}

/* Warn, with the numbers, wherever what the scenario asks for is not what
 * it gets: planned increases that staff or physical beds cut down, changes
 * that fall below zero, and closed units that keep their staff. At most
 * NOTES_PER_ROW units per row and kind; the rest are counted. */
#define NOTES_PER_ROW 5
static void
capacity_warnings (Ctx *c)
{
  g_autoptr (GArray) notes = pks_capacity_notes (c->s);
  guint n = notes->len;
  for (guint i = 0; i < n;)
    {
      guint k = g_array_index (notes, PksCapacityNote, i).change, j = i;
      while (j < n && g_array_index (notes, PksCapacityNote, j).change == k)
        j++;
      const PksChange *ch = &g_array_index (c->s->changes, PksChange, k);
      gboolean set = ch->src.line == 0 && g_str_has_prefix (ch->src.file, "--set ");
      const char *file = set ? NULL : ch->src.file, *key = set ? ch->src.file : NULL;
      int line = set ? 0 : ch->src.line;
      for (int kind = PKS_NOTE_SHORT; kind <= PKS_NOTE_PAYROLL; kind++)
        {
          guint shown = 0, more = 0;
          for (guint q = i; q < j; q++)
            {
              const PksCapacityNote *x = &g_array_index (notes, PksCapacityNote, q);
              if ((int) x->kind != kind)
                continue;
              /* a --set above the physical beds has said so (cap_sets_apply) */
              if (set && x->kind == PKS_NOTE_SHORT && x->staff_short == 0
                  && x->resource == PKS_RES_STAFFED_BEDS)
                continue;
              if (shown == NOTES_PER_ROW)
                {
                  more++;
                  continue;
                }
              shown++;
              g_autoptr (GString) msg = g_string_new (NULL);
              if (x->kind == PKS_NOTE_SHORT)
                short_warning (c, ch, x, msg);
              else if (x->kind == PKS_NOTE_CLAMPED)
                clamp_warning (c, ch, x, msg);
              else
                payroll_warning (c, x, msg);
              pks_diags_add (c->diags, PKS_DIAG_WARNING, file, line, 0, key, "%s", msg->str);
            }
          if (more)
            pks_diags_add (c->diags, PKS_DIAG_WARNING, file, line, 0, key,
                           "and %u more unit%s of this row likewise", more, more == 1 ? "" : "s");
        }
      i = j;
    }
}

/* ---------- the whole scenario ---------- */

static void
load_keys (Ctx *c)
{
  PksScenario *s = c->s;
  const PksKeyVal *name = get_kv (c, "scenario", "name");
  if (name)
    s->name = (char *) intern (c, name->value);
  else
    {
      g_autofree char *b = g_path_get_basename (c->km->top);
      s->name = (char *) intern (c, b);
    }
  const PksKeyVal *region = get_kv (c, "scenario", "region");
  s->region = (char *) intern (c, region ? region->value : "Region");
  double v;
  c->dates_ok = key_date (c, "scenario", "start", TRUE, &s->start);
  if (key_num (c, "scenario", "days", 365, 1, MAX_HORIZON_DAYS, TRUE, TRUE, &v))
    s->days = (int) v;
  else
    c->dates_ok = FALSE;
  if (key_num (c, "scenario", "warmup_days", 0, 0, MAX_DAYS_LONG, FALSE, TRUE, &v))
    s->warmup_days = (int) v;
  else
    c->dates_ok = FALSE;
  if (key_num (c, "scenario", "replications", 30, 1, MAX_REPLICATIONS, FALSE, TRUE, &v))
    s->replications = (int) v;
  key_bool (c, "scenario", "by_flow", FALSE, &s->by_flow);
  const PksKeyVal *seed = get_kv (c, "scenario", "seed");
  s->seed = 1;
  if (seed)
    {
      guint64 x;
      if (!g_ascii_string_to_unsigned (seed->value, 10, 0, G_MAXUINT64, &x, NULL))
        key_diag (c, PKS_DIAG_ERROR, seed, "scenario", "seed",
                  "expected a whole number from 0 to 18446744073709551615, got \"%s\"",
                  seed->value);
      else
        s->seed = x;
    }
  if (c->dates_ok && s->start)
    {
      c->sim_first = s->start - (PksDate) s->warmup_days;
      c->sim_last = s->start + (PksDate) s->days - 1;
    }
  else
    c->dates_ok = FALSE;

  static const char *outl[] = { "none", "site", "region" };
  static const char *sched[] = { "fifo", "priority-longest-wait", "due-date" };
  PksPolicy *p = &s->policy;
  p->outlying = key_enum (c, "policy", "outlying", PKS_OUTLYING_SITE, outl, 3);
  if (key_num (c, "policy", "overcrowding", 0, 0, MAX_BEDS, FALSE, TRUE, &v))
    p->overcrowding = (int) v;
  p->scheduling = key_enum (c, "policy", "scheduling", PKS_SCHED_PRIORITY, sched, 3);
  key_bool (c, "policy", "cancel_if_no_bed", TRUE, &p->cancel_if_no_bed);
  key_bool (c, "policy", "recall_outliers", TRUE, &p->recall_outliers);
  key_bool (c, "policy", "elective_overcrowding", TRUE, &p->elective_overcrowding);
  p->due_days[0] = 30;
  p->due_days[1] = 90;
  p->due_days[2] = 180;
  key_triple (c, "policy", "due_days", 0, MAX_DAYS_LONG, p->due_days);
  key_num (c, "policy", "census_hour", 24, 0, 24, FALSE, FALSE, &p->census_hour);
  key_num (c, "policy", "clinic_hour", 8, 0, 23, FALSE, FALSE, &p->clinic_hour);
  static const char *twf[] = { "wait", "overcrowd", "outlie" };
  p->transfer_when_full = key_enum (c, "policy", "transfer_when_full", PKS_TRANSFER_WAIT, twf, 3);
  /* a week at the emergency department is far past any real wait */
  key_num (c, "policy", "acute_queue_hours", 0, 0, 168, FALSE, FALSE, &p->acute_queue_hours);
  /* Socialstyrelsen counts overcrowded and outlied patients at 06:00
   * (docs/metrics.md) */
  key_num (c, "national", "census_hour", 6, 0, 23.99, FALSE, FALSE, &p->national_census_hour);

  key_num (c, "guarantee", "first_visit_days", 90, 0, MAX_DAYS_LONG, FALSE, FALSE,
           &s->guarantee.first_visit_days);
  key_num (c, "guarantee", "treatment_days", 90, 0, MAX_DAYS_LONG, FALSE, FALSE,
           &s->guarantee.treatment_days);

  /* Staffing norms: defaults documented in docs/staffing.md */
  PksStaffingNorms *n = &s->norms;
  double nurse[3] = { 5, 6, 8 }, usk[3] = { 4, 5, 8 }, hours[3] = { 8, 8, 8 };
  key_triple (c, "staffing", "nurse_patients", 0.1, 100, nurse);
  key_triple (c, "staffing", "assistant_nurse_patients", 0.1, 100, usk);
  key_triple (c, "staffing", "shift_hours", 0.5, 24, hours);
  memcpy (n->patients_per_nurse, nurse, sizeof nurse);
  memcpy (n->patients_per_assistant_nurse, usk, sizeof usk);
  memcpy (n->shift_hours, hours, sizeof hours);
  key_num (c, "staffing", "fte_hours_per_year", 1900, 100, 8760, FALSE, FALSE, &n->fte_hours_per_year);
  key_num (c, "staffing", "vacation_weeks", 5, 0, 52, FALSE, FALSE, &n->vacation_weeks);
  key_num (c, "staffing", "summer_weeks", 4, 0, 52, FALSE, FALSE, &n->summer_weeks);
  /* seed 004:93: the summer period is 1 June – 30 August */
  n->summer_from = pks_date_from_ymd (s->start ? pks_date_year (s->start) : 2024, 6, 1);
  n->summer_to = pks_date_from_ymd (s->start ? pks_date_year (s->start) : 2024, 8, 30);
  key_date (c, "staffing", "summer_from", FALSE, &n->summer_from);
  key_date (c, "staffing", "summer_to", FALSE, &n->summer_to);
  /* seed 002:1128-1133: HSN sick leave 5.6 % (July 2024) */
  n->sick_leave_pct = 5.6;
  key_num (c, "staffing", "sick_leave_pct", 5.6, 0, 100, FALSE, FALSE, &n->sick_leave_pct);
  key_num (c, "staffing", "vacancy_pct", 0, 0, 100, FALSE, FALSE, &n->vacancy_pct);
  if (n->summer_weeks > n->vacation_weeks)
    key_diag (c, PKS_DIAG_ERROR, get_kv (c, "staffing", "summer_weeks"), "staffing",
              "summer_weeks", "is larger than vacation_weeks (%g)", n->vacation_weeks);
  if (n->summer_to < n->summer_from)
    key_diag (c, PKS_DIAG_ERROR, get_kv (c, "staffing", "summer_to"), "staffing", "summer_to",
              "is before summer_from");
  else if (pks_date_year (n->summer_to) != pks_date_year (n->summer_from))
    key_diag (c, PKS_DIAG_ERROR, get_kv (c, "staffing", "summer_to"), "staffing", "summer_to",
              "the summer period must lie within one calendar year (it is moved to each "
              "simulated year)");

  PksCosts *k = &s->costs;
  key_num (c, "costs", "staffed_bed_day", 0, 0, 1e9, FALSE, FALSE, &k->staffed_bed_day);
  key_num (c, "costs", "operation", 0, 0, 1e9, FALSE, FALSE, &k->operation);
  /* seed 002:1371-1373: agency staff cost about 50 % more than own staff */
  key_num (c, "costs", "agency_premium_pct", 50, 0, 1000, FALSE, FALSE, &k->agency_premium_pct);
  key_num (c, "costs", "out_of_region", 0, 0, 1e9, FALSE, FALSE, &k->out_of_region);
  key_num (c, "costs", "overtime_minute", 0, 0, 1e7, FALSE, FALSE, &k->overtime_minute);
  key_num (c, "costs", "nurse_fte_year", 0, 0, 1e8, FALSE, FALSE, &k->fte_year[PKS_ROLE_NURSE]);
  key_num (c, "costs", "assistant_nurse_fte_year", 0, 0, 1e8, FALSE, FALSE,
           &k->fte_year[PKS_ROLE_ASSISTANT_NURSE]);
  key_num (c, "costs", "or_team_fte_year", 0, 0, 1e9, FALSE, FALSE, &k->fte_year[PKS_ROLE_OR_TEAM]);
}

static int
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
record_resolved (Ctx *c)
{
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, c->km->keys);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      const PksKeyVal *kv = v;
      g_autofree char *origin = kv->line ? g_strdup_printf ("%s:%d", kv->file, kv->line)
                                         : g_strdup (kv->file ? kv->file : "default");
      g_autofree char *line = g_strdup_printf ("%s = %s\t# %s", (char *) k, kv->value, origin);
      g_ptr_array_add (c->s->resolved, (char *) intern (c, line));
    }
  g_ptr_array_sort (c->s->resolved, cmp_str);
}

PksScenario *
pks_scenario_load (const char *path, const char *const *sets, PksFiles *files,
                   PksDiags *diags)
{
  g_autoptr (PksFiles) own_files = NULL;
  if (files == NULL)
    files = own_files = pks_files_new ();
  g_autoptr (PksKeyMap) km = pks_keymap_new ();
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (cellset_free);
  guint errors_before = diags->n_errors;

  if (!pks_keymap_load (km, files, path, diags))
    return NULL;
  for (guint i = 0; sets && sets[i]; i++)
    {
      g_autofree char *group = NULL, *key = NULL, *table = NULL, *row = NULL,
                      *column = NULL, *value = NULL;
      g_autoptr (GError) err = NULL;
      if (!pks_set_parse (sets[i], &group, &key, &table, &row, &column, &value, &err))
        {
          pks_diags_error (diags, NULL, 0, 0, "%s", err->message);
          continue;
        }
      if (table)
        {
          CellSet *cs = g_new0 (CellSet, 1);
          cs->table = g_steal_pointer (&table);
          cs->row = g_steal_pointer (&row);
          cs->column = g_steal_pointer (&column);
          cs->value = g_steal_pointer (&value);
          cs->arg = g_strdup (sets[i]);
          g_ptr_array_add (cells, cs);
        }
      else
        pks_keymap_set (km, group, key, value, "--set", diags);
    }

  g_autoptr (PksScenario) s = pks_scenario_new ();
  g_autoptr (GHashTable) unit_ix = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) site_ix = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) flow_ix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) flow_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) overrides = g_array_new (FALSE, FALSE, sizeof (Override));
  g_autoptr (GArray) cap_sets = g_array_new (FALSE, FALSE, sizeof (CapSet));
  Ctx c = { files, diags, km, s, cells, overrides, 0, 0, FALSE, unit_ix, site_ix, flow_ix,
            flow_names, cap_sets };
  s->path = (char *) intern (&c, km->top);
  load_keys (&c);
  load_units (&c);
  if (s->units->len > 0)
    {
      load_flows (&c);
      for (guint i = 0; i < km->changes->len; i++)
        load_changes_file (&c, g_ptr_array_index (km->changes, i));
      for (guint i = 0; i < km->staffing->len; i++)
        load_staffing_file (&c, g_ptr_array_index (km->staffing, i));
      load_waitlist (&c);
      load_census (&c);
      load_profiles (&c);
      load_transfers (&c);
      load_targets (&c);
      check_size (&c);
    }
  record_resolved (&c);
  if (diags->n_errors > errors_before)
    return NULL;
  capacity_warnings (&c);
  return g_steal_pointer (&s);
}
