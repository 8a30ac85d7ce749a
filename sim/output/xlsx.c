/* xlsx.c — the workbook writer (libxlsxwriter): sheets of tables whose
 * header row stays in view and carries a filter, numbers stored as the
 * CSV files write them with a number format per decimals, columns sized
 * to their contents; the file goes through PksOutput, so it appears whole
 * or not at all. */
#include "pks/output/xlsx.h"
#include "pks/output/output.h"
#include "pks/core/error.h"
#include "pks/stats/stats.h"

#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_DECIMALS 6
#define MAX_COL_WIDTH 60.0
/* a header wraps rather than widen its column past this many characters */
#define HEADER_WRAP 22.0

struct _PksSheet {
  PksXlsx *x;
  lxw_worksheet *ws;
  guint n_cols, frozen;
  guint row, col;           /* the next cell */
  GArray *width;            /* double: characters, per column */
  GPtrArray *headers;       /* char* */
};

struct _PksXlsx {
  char *path;
  PksLang lang;
  PksOutput *out;           /* the folder of path; the workbook is its file */
  lxw_workbook *wb;
  lxw_format *header, *num[MAX_DECIMALS + 1], *text;
  GPtrArray *sheets;        /* PksSheet* */
  GHashTable *names;        /* sheet names used */
};

static void
sheet_free (PksSheet *s)
{
  g_array_unref (s->width);
  g_ptr_array_unref (s->headers);
  g_free (s);
}

/* The creation date in the file: SOURCE_DATE_EPOCH when set, as run.json
 * has it, so a workbook can be made again byte for byte. */
static void
set_properties (lxw_workbook *wb)
{
  const char *sde = g_getenv ("SOURCE_DATE_EPOCH");
  lxw_doc_properties p = { 0 };
  p.title = "pks";
  p.comments = "pks " PKS_VERSION;
  if (sde && *sde)
    {
      char *end = NULL;
      gint64 t = g_ascii_strtoll (sde, &end, 10);
      if (end && *end == '\0' && t > 0)
        p.created = (time_t) t;
    }
  workbook_set_properties (wb, &p);
}

PksXlsx *
pks_xlsx_new (const char *path, PksLang lang, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  PksOutput *out = pks_output_new (dir, error);
  if (out == NULL)
    return NULL;
  if (pks_output_begin (out, base, error) == NULL)
    {
      pks_output_free (out);
      return NULL;
    }
  /* libxlsxwriter writes the temporary file by its name when it closes;
   * its own scratch files go in the same folder */
  lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = dir };
  lxw_workbook *wb = workbook_new_opt (pks_output_current_path (out), &opt);
  if (wb == NULL)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot start the workbook", path);
      pks_output_free (out);
      return NULL;
    }
  PksXlsx *x = g_new0 (PksXlsx, 1);
  x->path = g_strdup (path);
  x->lang = lang;
  x->out = out;
  x->wb = wb;
  set_properties (wb);
  x->header = workbook_add_format (wb);
  format_set_bold (x->header);
  format_set_text_wrap (x->header);
  format_set_align (x->header, LXW_ALIGN_VERTICAL_TOP);
  format_set_bottom (x->header, LXW_BORDER_THIN);
  format_set_bg_color (x->header, 0xF1F4F8);
  for (int d = 0; d <= MAX_DECIMALS; d++)
    {
      /* Excel's format codes are locale-free: "#,##0.0" shows 1 140,0
       * with Swedish settings */
      g_autofree char *code = d ? g_strdup_printf ("#,##0.%.*s", d, "000000") : g_strdup ("#,##0");
      x->num[d] = workbook_add_format (wb);
      format_set_num_format (x->num[d], code);
    }
  x->text = workbook_add_format (wb);
  format_set_align (x->text, LXW_ALIGN_VERTICAL_TOP);
  x->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  x->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return x;
}

PksLang
pks_xlsx_lang (const PksXlsx *x)
{
  return x->lang;
}

/* Excel's rules for a sheet name: at most 31 characters, none of
 * []:*?/\, unique (case-insensitively) in the workbook. */
static char *
sheet_name (PksXlsx *x, const char *want)
{
  GString *s = g_string_new (NULL);
  for (const char *p = want; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (s, strchr ("[]:*?/\\", (int) c) && c < 128 ? '-' : c);
    }
  for (guint k = 1;; k++)
    {
      g_autofree char *suffix = k == 1 ? g_strdup ("") : g_strdup_printf (" (%u)", k);
      glong room = 31 - g_utf8_strlen (suffix, -1);
      g_autofree char *head = g_utf8_substring (s->str, 0, MIN (room, g_utf8_strlen (s->str, -1)));
      char *name = g_strconcat (head, suffix, NULL);
      g_autofree char *key = g_utf8_casefold (name, -1);
      if (!g_hash_table_contains (x->names, key))
        {
          g_hash_table_add (x->names, g_steal_pointer (&key));
          g_string_free (s, TRUE);
          return name;
        }
      g_free (name);
    }
}

static void
grow (PksSheet *s, guint col, double chars)
{
  if (col >= s->width->len)
    {
      guint old = s->width->len;
      g_array_set_size (s->width, col + 1);
      for (guint i = old; i <= col; i++)
        g_array_index (s->width, double, i) = 0;
    }
  double *w = &g_array_index (s->width, double, col);
  *w = MAX (*w, chars);
}

PksSheet *
pks_xlsx_sheet (PksXlsx *x, const char *name, const char *const *headers, guint n,
                guint frozen_cols)
{
  g_autofree char *nm = sheet_name (x, name);
  PksSheet *s = g_new0 (PksSheet, 1);
  s->x = x;
  s->ws = workbook_add_worksheet (x->wb, nm);
  s->n_cols = n;
  s->frozen = frozen_cols;
  s->width = g_array_new (FALSE, TRUE, sizeof (double));
  s->headers = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < n; c++)
    {
      worksheet_write_string (s->ws, 0, (lxw_col_t) c, headers[c], x->header);
      g_ptr_array_add (s->headers, g_strdup (headers[c]));
      /* the longest word of a header must fit; the rest may wrap */
      g_auto (GStrv) w = g_strsplit (headers[c], " ", -1);
      double longest = 0;
      for (guint i = 0; w[i]; i++)
        longest = MAX (longest, (double) g_utf8_strlen (w[i], -1));
      grow (s, c, MAX (longest, MIN (HEADER_WRAP, (double) g_utf8_strlen (headers[c], -1))));
    }
  s->row = 1;
  g_ptr_array_add (x->sheets, s);
  return s;
}

void
pks_sheet_text (PksSheet *s, const char *text)
{
  if (text && *text)
    {
      worksheet_write_string (s->ws, s->row, (lxw_col_t) s->col, text, s->x->text);
      grow (s, s->col, (double) g_utf8_strlen (text, -1));
    }
  s->col++;
}

void
pks_sheet_num (PksSheet *s, double v, int decimals)
{
  if (isfinite (v))
    {
      /* the value as summary.csv writes it (pks_fmt_num, "%.10g") */
      char buf[32];
      double stored = g_ascii_strtod (pks_fmt_num (buf, v), NULL);
      int d = CLAMP (decimals, 0, MAX_DECIMALS);
      worksheet_write_number (s->ws, s->row, (lxw_col_t) s->col, stored, s->x->num[d]);
      g_autofree char *shown = pks_number_text (stored, d, TRUE);
      grow (s, s->col, (double) g_utf8_strlen (shown, -1));
    }
  s->col++;
}

void
pks_sheet_estimate (PksSheet *s, double mean, double lo, double hi, int decimals)
{
  pks_sheet_num (s, mean, decimals);
  pks_sheet_num (s, lo, decimals);
  pks_sheet_num (s, hi, decimals);
}

void
pks_sheet_skip (PksSheet *s)
{
  s->col++;
}

void
pks_sheet_end_row (PksSheet *s)
{
  s->row++;
  s->col = 0;
}

void
pks_sheet_note (PksSheet *s, const char *text)
{
  if (s->col > 0)
    pks_sheet_end_row (s);
  /* one row apart from the table; outside the filter's range */
  worksheet_write_string (s->ws, s->row + 1, 0, text, NULL);
  s->row += 2;
  s->col = 0;
}

/* Widths, header height, the frozen header and its filter: what depends
 * on every row. */
static void
finish_sheet (PksSheet *s)
{
  double lines = 1;
  for (guint c = 0; c < s->width->len; c++)
    {
      double w = MIN (MAX_COL_WIDTH, g_array_index (s->width, double, c) + 2);
      worksheet_set_column (s->ws, (lxw_col_t) c, (lxw_col_t) c, w, NULL);
      if (c < s->headers->len)
        lines = MAX (lines, ceil ((double) g_utf8_strlen (g_ptr_array_index (s->headers, c), -1)
                                  / MAX (1.0, w - 1)));
    }
  worksheet_set_row (s->ws, 0, 15.0 * lines + 3, NULL);
  worksheet_freeze_panes (s->ws, 1, (lxw_col_t) s->frozen);
  if (s->n_cols > 0)
    worksheet_autofilter (s->ws, 0, 0, 0, (lxw_col_t) (s->n_cols - 1));
}

void
pks_xlsx_free (PksXlsx *x)
{
  if (x == NULL)
    return;
  if (x->wb)
    {
      /* abandon: libxlsxwriter has no discard, so it writes the
       * temporary file, which the output then removes */
      workbook_close (x->wb);
    }
  pks_output_free (x->out);
  g_ptr_array_unref (x->sheets);
  g_hash_table_unref (x->names);
  g_free (x->path);
  g_free (x);
}

gboolean
pks_xlsx_close (PksXlsx *x, GError **error)
{
  for (guint i = 0; i < x->sheets->len; i++)
    finish_sheet (g_ptr_array_index (x->sheets, i));
  lxw_error e = workbook_close (x->wb);
  x->wb = NULL;
  gboolean ok = TRUE;
  if (e != LXW_NO_ERROR)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot write the workbook: %s", x->path,
                   lxw_strerror (e));
      ok = FALSE;
    }
  ok = ok && pks_output_end (x->out, error) && pks_output_commit (x->out, error);
  pks_xlsx_free (x);
  return ok;
}
