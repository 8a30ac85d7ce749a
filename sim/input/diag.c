/* diag.c — diagnostics gathered while loading, printed the way compilers
 * print them (FILE:LINE:COL: error: message) so editors can jump there. */
#include "pks/input/diag.h"
#include "pks/core/error.h"

static void
diag_free (gpointer p)
{
  PksDiag *d = p;
  g_free (d->file);
  g_free (d->key);
  g_free (d->message);
  g_free (d);
}

PksDiags *
pks_diags_new (void)
{
  PksDiags *d = g_new0 (PksDiags, 1);
  d->items = g_ptr_array_new_with_free_func (diag_free);
  d->max_errors = 1000;
  return d;
}

void
pks_diags_free (PksDiags *d)
{
  if (d == NULL)
    return;
  g_ptr_array_unref (d->items);
  g_free (d);
}

void
pks_diags_add (PksDiags *d, PksDiagLevel level, const char *file, int line,
               int column, const char *key, const char *fmt, ...)
{
  if (level == PKS_DIAG_ERROR)
    d->n_errors++;
  else
    d->n_warnings++;
  /* counted, not kept: a table of a million bad rows stays bounded; errors
   * and warnings have separate budgets so warnings never crowd out errors */
  if (pks_diags_full (d, level))
    return;
  if (level == PKS_DIAG_ERROR)
    d->kept_errors++;
  else
    d->kept_warnings++;
  PksDiag *x = g_new0 (PksDiag, 1);
  va_list ap;
  va_start (ap, fmt);
  x->message = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  x->level = level;
  x->file = g_strdup (file);
  x->line = line;
  x->column = column;
  x->key = g_strdup (key);
  g_ptr_array_add (d->items, x);
}

gboolean
pks_diags_full (const PksDiags *d, PksDiagLevel level)
{
  guint limit = d->max_errors ? d->max_errors : 1000;
  return (level == PKS_DIAG_ERROR ? d->kept_errors : d->kept_warnings) >= limit;
}

char *
pks_diag_format (const PksDiag *x)
{
  GString *s = g_string_new (NULL);
  if (x->file)
    {
      g_string_append (s, x->file);
      if (x->line > 0)
        g_string_append_printf (s, ":%d", x->line);
      if (x->line > 0 && x->column > 0)
        g_string_append_printf (s, ":%d", x->column);
      g_string_append (s, ": ");
    }
  if (x->key)
    g_string_append_printf (s, "%s: ", x->key);
  g_string_append (s, x->level == PKS_DIAG_ERROR ? "error: " : "warning: ");
  g_string_append (s, x->message);
  return g_string_free (s, FALSE);
}

char *
pks_diags_format_all (const PksDiags *d, gboolean with_warnings)
{
  GString *s = g_string_new (NULL);
  guint shown_errors = 0;
  for (guint i = 0; i < d->items->len; i++)
    {
      const PksDiag *x = g_ptr_array_index (d->items, i);
      if (x->level == PKS_DIAG_WARNING && !with_warnings)
        continue;
      if (x->level == PKS_DIAG_ERROR)
        shown_errors++;
      g_autofree char *line = pks_diag_format (x);
      if (s->len)
        g_string_append_c (s, '\n');
      g_string_append (s, line);
    }
  if (d->n_errors > shown_errors)
    g_string_append_printf (s, "%s… and %u more errors not shown",
                            s->len ? "\n" : "", d->n_errors - shown_errors);
  if (with_warnings && d->n_warnings > d->kept_warnings)
    g_string_append_printf (s, "%s… and %u more warnings not shown",
                            s->len ? "\n" : "", d->n_warnings - d->kept_warnings);
  return g_string_free (s, FALSE);
}

gboolean
pks_diags_to_error (const PksDiags *d, GError **error)
{
  if (d->n_errors == 0)
    return TRUE;
  g_autofree char *all = pks_diags_format_all (d, FALSE);
  g_set_error_literal (error, PKS_ERROR, PKS_ERROR_INPUT, all);
  return FALSE;
}
