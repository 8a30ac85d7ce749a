/* design.c — DESIGN.csv of `pks sweep`: the factor columns (--set keys)
 * and the points (rows), checked with FILE:LINE:COLUMN messages, and the
 * diagnostics of loading a point moved from its --set keys to the design
 * cells that wrote them. */
#include "pks/input/design.h"
#include "pks/core/error.h"
#include "input-internal.h"

#include <string.h>

void
pks_design_free (PksDesign *d)
{
  if (d == NULL)
    return;
  for (guint p = 0; p < d->n_points; p++)
    {
      g_free (d->names[p]);
      g_strfreev (d->values[p]);
    }
  g_free (d->names);
  g_free (d->lines);
  g_free (d->values);
  g_strfreev (d->keys);
  g_free (d->key_column);
  g_free (d->file);
  if (d->bytes)
    g_bytes_unref (d->bytes);
  g_free (d);
}

static const char *
row_cell (GPtrArray *row, guint i)
{
  return row && i < row->len ? g_ptr_array_index (row, i) : "";
}

/* Is key a --set key (GROUP.KEY or TABLE[ROW].COLUMN)? The parser says;
 * whether the unit, column or key exists is for the load to tell. */
static gboolean
key_ok (const char *key, GError **error)
{
  g_autofree char *arg = g_strdup_printf ("%s=0", key);
  g_autofree char *g = NULL, *k = NULL, *t = NULL, *r = NULL, *c = NULL, *v = NULL;
  return pks_set_parse (arg, &g, &k, &t, &r, &c, &v, error);
}

PksDesign *
pks_design_read (PksFiles *files, const char *path, PksDiags *diags)
{
  g_autoptr (PksDiags) own = diags ? NULL : pks_diags_new ();
  if (diags == NULL)
    diags = own;
  g_autofree char *shown = pks_path_display (path);
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) bytes = pks_files_read (files, path, &err);
  if (bytes == NULL)
    {
      pks_diags_error (diags, NULL, 0, 0, "%s", err->message);
      return NULL;
    }
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  GPtrArray *rows_raw = NULL;
  GArray *lines_raw = NULL;
  if (!pks_csv_read_rows (shown, data ? data : "", len, &rows_raw, &lines_raw, NULL, diags))
    return NULL;
  g_autoptr (GPtrArray) rows = rows_raw;
  g_autoptr (GArray) lines = lines_raw;
  if (rows->len == 0)
    {
      pks_diags_error (diags, shown, 1, 0, "the design is empty: a header row (a `point` "
                       "column and one column per --set key) is required");
      return NULL;
    }
  guint errors = diags->n_errors;
  GPtrArray *hdr = g_ptr_array_index (rows, 0);
  int hdr_line = g_array_index (lines, int, 0);
  int point_col = -1;
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) key_cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < hdr->len; i++)
    {
      g_autofree char *h = g_strstrip (g_strdup (g_ptr_array_index (hdr, i)));
      int col = (int) i + 1;
      if (*h == '\0')
        {
          pks_diags_error (diags, shown, hdr_line, col, "the column has no name: expected "
                           "`point` or a --set key such as units[UNIT].staffed_beds");
          continue;
        }
      if (g_hash_table_contains (seen, h))
        {
          pks_diags_error (diags, shown, hdr_line, col, "\"%s\" is a column twice (first in "
                           "column %d)", h, GPOINTER_TO_INT (g_hash_table_lookup (seen, h)));
          continue;
        }
      if (g_ascii_strcasecmp (h, "point") == 0)
        {
          point_col = (int) i;
          g_hash_table_insert (seen, (char *) "point", GINT_TO_POINTER (col));
          continue;
        }
      /* every point runs the base's replications from the base's seed:
       * that is what pairs them */
      if (!g_ascii_strcasecmp (h, "scenario.seed") || !g_ascii_strcasecmp (h, "scenario.replications"))
        {
          pks_diags_error (diags, shown, hdr_line, col, "\"%s\" cannot vary between points: "
                           "every point runs the base's replications and seed (common random "
                           "numbers); use --replications or --seed", h);
          continue;
        }
      g_autoptr (GError) kerr = NULL;
      if (!key_ok (h, &kerr))
        {
          /* the parser's message starts "--set KEY=0: "; keep what follows */
          const char *why = strstr (kerr->message, ": ");
          pks_diags_add (diags, PKS_DIAG_ERROR, shown, hdr_line, col, NULL,
                         "\"%s\" is not a --set key: %s", h, why ? why + 2 : kerr->message);
          continue;
        }
      /* seen borrows the string, which keys owns from here on */
      g_hash_table_insert (seen, h, GINT_TO_POINTER (col));
      g_ptr_array_add (keys, g_steal_pointer (&h));
      g_array_append_val (key_cols, col);
    }
  if (diags->n_errors == errors && keys->len == 0)
    pks_diags_error (diags, shown, hdr_line, 0, "the design has no factor columns: add one "
                     "column per --set key, e.g. units[Medicin A].staffed_beds");
  if (diags->n_errors == errors && rows->len < 2)
    pks_diags_error (diags, shown, hdr_line, 0, "the design has no points: add one row per "
                     "design point under the header");
  if (diags->n_errors > errors)
    return NULL;

  PksDesign *d = g_new0 (PksDesign, 1);
  d->file = g_strdup (shown);
  d->bytes = g_bytes_ref (bytes);
  d->n_factors = keys->len;
  g_ptr_array_add (keys, NULL);
  d->keys = (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
  d->key_column = (int *) g_array_free (g_steal_pointer (&key_cols), FALSE);
  d->n_points = rows->len - 1;
  d->names = g_new0 (char *, d->n_points);
  d->lines = g_new0 (int, d->n_points);
  d->values = g_new0 (char **, d->n_points);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint p = 0; p < d->n_points; p++)
    {
      GPtrArray *row = g_ptr_array_index (rows, p + 1);
      int line = g_array_index (lines, int, p + 1);
      d->lines[p] = line;
      if (row->len > hdr->len)
        pks_diags_error (diags, shown, line, (int) hdr->len + 1, "%u fields, but the header "
                         "has %u", row->len, hdr->len);
      g_autofree char *name = point_col >= 0 ? g_strstrip (g_strdup (row_cell (row, (guint) point_col)))
                                             : NULL;
      d->names[p] = name && *name ? g_steal_pointer (&name) : g_strdup_printf ("%u", p + 1);
      gpointer first = g_hash_table_lookup (names, d->names[p]);
      if (first)
        pks_diags_error (diags, shown, line, point_col + 1, "point \"%s\" is named twice "
                         "(first on line %d)", d->names[p], GPOINTER_TO_INT (first));
      else
        g_hash_table_insert (names, d->names[p], GINT_TO_POINTER (line));
      d->values[p] = g_new0 (char *, d->n_factors + 1);
      for (guint f = 0; f < d->n_factors; f++)
        d->values[p][f] = g_strstrip (g_strdup (row_cell (row, (guint) d->key_column[f] - 1)));
    }
  if (diags->n_errors > errors)
    {
      pks_design_free (d);
      return NULL;
    }
  return d;
}

char **
pks_design_sets (const PksDesign *d, guint p, const char *const *base_sets)
{
  GPtrArray *a = g_ptr_array_new ();
  for (guint i = 0; base_sets && base_sets[i]; i++)
    g_ptr_array_add (a, g_strdup (base_sets[i]));
  if (p < d->n_points)
    for (guint f = 0; f < d->n_factors; f++)
      if (*d->values[p][f])
        g_ptr_array_add (a, g_strdup_printf ("%s=%s", d->keys[f], d->values[p][f]));
  g_ptr_array_add (a, NULL);
  return (char **) g_ptr_array_free (a, FALSE);
}

/* The factor whose --set a diagnostic names: its key is "--set KEY=VALUE"
 * (table cells) or "--set KEY" (scenario keys). */
static int
factor_of (const PksDesign *d, guint p, const PksDiag *x)
{
  if (x->key == NULL || !g_str_has_prefix (x->key, "--set "))
    return -1;
  const char *k = x->key + 6;
  for (guint f = 0; f < d->n_factors; f++)
    {
      if (*d->values[p][f] == '\0')
        continue;
      gsize n = strlen (d->keys[f]);
      if (strncmp (k, d->keys[f], n) == 0
          && (k[n] == '\0' || (k[n] == '=' && strcmp (k + n + 1, d->values[p][f]) == 0)))
        return (int) f;
    }
  return -1;
}

void
pks_design_attribute (const PksDesign *d, guint p, const PksDiags *from, PksDiags *to,
                      GHashTable *seen)
{
  /* when a factor's value is wrong, errors elsewhere in the same load are
   * its consequences (a rejected unit row leaves its flows without a unit) */
  gboolean factor_error = FALSE;
  for (guint i = 0; i < from->items->len; i++)
    {
      const PksDiag *x = g_ptr_array_index (from->items, i);
      factor_error |= x->level == PKS_DIAG_ERROR && factor_of (d, p, x) >= 0;
    }
  for (guint i = 0; i < from->items->len; i++)
    {
      const PksDiag *x = g_ptr_array_index (from->items, i);
      int f = factor_of (d, p, x);
      if (f < 0 && (x->level == PKS_DIAG_WARNING || factor_error))
        continue;
      /* one report per factor and message, or per message for the rest */
      g_autofree char *id = f >= 0 ? g_strdup_printf ("%d\n%s", f, x->message)
                                   : pks_diag_format (x);
      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, g_steal_pointer (&id));
      if (f >= 0)
        pks_diags_add (to, x->level, d->file, d->lines[p], d->key_column[f], d->keys[f],
                       "%s", x->message);
      else
        {
          g_autofree char *text = pks_diag_format (x);
          pks_diags_add (to, x->level, d->file, d->lines[p], 0, NULL, "point \"%s\": %s",
                         d->names[p], text);
        }
    }
}
