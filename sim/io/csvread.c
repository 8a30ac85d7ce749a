/* csvread.c — CSV tables through libcsv, as planners' files really come:
 * UTF-8 with or without BOM, LF or CRLF, comma or (Swedish Excel)
 * semicolon separators, `#` comment lines, decimal commas in numbers.
 * Every row remembers its line so messages can point at it. */
#include "pks/load.h"
#include "io-internal.h"

#include <csv.h>
#include <math.h>
#include <string.h>

/* libcsv's parser state for "no row begun" (ROW_NOT_BEGUN in libcsv.c):
 * only then may a line be a comment, never inside a quoted field. */
#define LIBCSV_ROW_NOT_BEGUN 0

typedef struct {
  GPtrArray *rows;
  GArray *line_of;
  GPtrArray *cur;
  int line;         /* line being fed */
  int row_line;     /* line where the current row began */
} Sink;

static void
on_field (void *field, size_t len, void *data)
{
  Sink *s = data;
  if (s->cur == NULL)
    {
      s->cur = g_ptr_array_new_with_free_func (g_free);
      s->row_line = s->line;
    }
  g_ptr_array_add (s->cur, g_strndup (field ? field : "", field ? len : 0));
}

static void
on_row (int c, void *data)
{
  (void) c;
  Sink *s = data;
  if (s->cur == NULL)
    return;   /* an empty line */
  g_ptr_array_add (s->rows, s->cur);
  g_array_append_val (s->line_of, s->row_line);
  s->cur = NULL;
}

static gboolean
blank_or_comment (const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
    p++;
  return p == end || *p == '#';
}

/* Count separators in the header line outside quotes. */
static char
detect_delimiter (const char *p, const char *end)
{
  int commas = 0, semis = 0;
  gboolean q = FALSE;
  for (; p < end && *p != '\n'; p++)
    {
      if (*p == '"')
        q = !q;
      else if (!q && *p == ',')
        commas++;
      else if (!q && *p == ';')
        semis++;
    }
  return semis > commas ? ';' : ',';
}

gboolean
pks_csv_read_rows (const char *file, const char *data, gsize len,
                   GPtrArray **rows_out, GArray **line_of_out,
                   char *delimiter, PksDiags *diags)
{
  const char *bad;
  if (!g_utf8_validate_len (data, len, &bad))
    {
      int line = 1, col = 1;
      for (const char *p = data; p < bad; p++)
        {
          if (*p == '\n')
            {
              line++;
              col = 1;
            }
          else if (((unsigned char) *p & 0xC0) != 0x80)
            col++;
        }
      pks_diags_error (diags, file, line, col,
                       "the file is not valid UTF-8 (byte 0x%02X); save it as "
                       "\"CSV UTF-8\"", (unsigned char) *bad);
      return FALSE;
    }
  const char *p = data, *end = data + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;   /* UTF-8 byte-order mark, as Excel writes it */

  /* the header is the first line that is neither blank nor a comment */
  const char *hdr = p;
  while (hdr < end)
    {
      const char *nl = memchr (hdr, '\n', end - hdr);
      const char *le = nl ? nl : end;
      if (!blank_or_comment (hdr, le))
        break;
      hdr = nl ? nl + 1 : end;
    }
  char delim = detect_delimiter (hdr, end);
  if (delimiter)
    *delimiter = delim;

  struct csv_parser parser;
  csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
  csv_set_delim (&parser, (unsigned char) delim);
  Sink s = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
             g_array_new (FALSE, FALSE, sizeof (int)), NULL, 0, 0 };
  gboolean ok = TRUE;
  int line = 0;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *le = nl ? nl + 1 : end;
      line++;
      s.line = line;
      if (parser.pstate == LIBCSV_ROW_NOT_BEGUN && blank_or_comment (p, nl ? nl : end))
        {
          p = le;
          continue;
        }
      if (csv_parse (&parser, p, le - p, on_field, on_row, &s) != (size_t) (le - p))
        {
          pks_diags_error (diags, file, line, 0, "malformed CSV (%s): check the "
                           "quotes on this line", csv_strerror (csv_error (&parser)));
          ok = FALSE;
          break;
        }
      p = le;
    }
  if (ok && csv_fini (&parser, on_field, on_row, &s) != 0)
    {
      pks_diags_error (diags, file, line, 0, "malformed CSV: a quoted field is "
                       "not closed before the end of the file");
      ok = FALSE;
    }
  csv_free (&parser);
  if (s.cur)
    g_ptr_array_unref (s.cur);
  if (!ok)
    {
      g_ptr_array_unref (s.rows);
      g_array_unref (s.line_of);
      return FALSE;
    }
  *rows_out = s.rows;
  *line_of_out = s.line_of;
  return TRUE;
}

/* Drop thousands separators (space, no-break space, narrow no-break
 * space) between digits, as Swedish Excel writes "1 403 700". */
static char *
strip_group_spaces (const char *t)
{
  GString *o = g_string_new (NULL);
  for (const char *p = t; *p;)
    {
      int skip = 0;
      if (*p == ' ')
        skip = 1;
      else if ((unsigned char) p[0] == 0xC2 && (unsigned char) p[1] == 0xA0)
        skip = 2;
      else if ((unsigned char) p[0] == 0xE2 && (unsigned char) p[1] == 0x80
               && (unsigned char) p[2] == 0xAF)
        skip = 3;
      if (skip && o->len > 0 && g_ascii_isdigit (o->str[o->len - 1])
          && g_ascii_isdigit (p[skip]))
        {
          p += skip;
          continue;
        }
      g_string_append_c (o, *p);
      p++;
    }
  return g_string_free (o, FALSE);
}

gboolean
pks_parse_number (const char *text, double *out)
{
  if (text == NULL)
    return FALSE;
  g_autofree char *t = g_strstrip (strip_group_spaces (text));
  if (*t == '\0')
    return FALSE;
  /* only digits, one sign, one decimal separator, an exponent */
  int seps = 0;
  gboolean comma = FALSE;
  for (char *q = t; *q; q++)
    {
      if (*q == ',' || *q == '.')
        {
          seps++;
          if (*q == ',')
            {
              comma = TRUE;
              *q = '.';
            }
        }
      else if (!(g_ascii_isdigit (*q) || *q == '+' || *q == '-' || *q == 'e' || *q == 'E'))
        return FALSE;
    }
  if (seps > 1 || (comma && strchr (t, 'e')))
    return FALSE;
  char *endp = NULL;
  double v = g_ascii_strtod (t, &endp);
  if (endp == t || *endp != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

PksTable *
pks_table_read (PksFiles *files, const char *path, PksDiags *diags)
{
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
  GPtrArray *rows;
  GArray *lines;
  if (!pks_csv_read_rows (shown, data ? data : "", len, &rows, &lines, NULL, diags))
    return NULL;
  if (rows->len == 0)
    {
      pks_diags_error (diags, shown, 1, 0, "the table is empty: a header row is required");
      g_ptr_array_unref (rows);
      g_array_unref (lines);
      return NULL;
    }
  PksTable *t = g_new0 (PksTable, 1);
  t->file = g_steal_pointer (&shown);
  t->header = g_ptr_array_ref (g_ptr_array_index (rows, 0));
  t->header_line = g_array_index (lines, int, 0);
  g_ptr_array_remove_index (rows, 0);
  g_array_remove_index (lines, 0);
  for (guint i = 0; i < t->header->len; i++)
    {
      char *h = g_ptr_array_index (t->header, i);
      g_strstrip (h);
      for (char *c = h; *c; c++)
        *c = g_ascii_tolower (*c);
    }
  t->rows = rows;
  t->lines = lines;
  return t;
}

void
pks_table_free (PksTable *t)
{
  if (t == NULL)
    return;
  g_free (t->file);
  g_ptr_array_unref (t->header);
  g_ptr_array_unref (t->rows);
  g_array_unref (t->lines);
  g_free (t);
}

int
pks_table_column (const PksTable *t, const char *name)
{
  for (guint i = 0; i < t->header->len; i++)
    if (strcmp (g_ptr_array_index (t->header, i), name) == 0)
      return (int) i;
  return -1;
}

const char *
pks_table_cell (const PksTable *t, guint row, int col)
{
  if (col < 0)
    return NULL;
  GPtrArray *r = g_ptr_array_index (t->rows, row);
  if ((guint) col >= r->len)
    return NULL;
  return g_ptr_array_index (r, col);
}

void
pks_table_set_cell (PksTable *t, guint row, const char *column, const char *value)
{
  int col = pks_table_column (t, column);
  if (col < 0)
    {
      g_ptr_array_add (t->header, g_strdup (column));
      col = (int) t->header->len - 1;
    }
  GPtrArray *r = g_ptr_array_index (t->rows, row);
  while (r->len <= (guint) col)
    g_ptr_array_add (r, g_strdup (""));
  g_free (g_ptr_array_index (r, col));
  g_ptr_array_index (r, col) = g_strdup (value);
}

guint
pks_edit_distance (const char *a, const char *b, guint max)
{
  gsize la = strlen (a), lb = strlen (b);
  if ((la > lb ? la - lb : lb - la) > max)
    return max + 1;
  g_autofree guint *prev = g_new (guint, lb + 1);
  g_autofree guint *cur = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    prev[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      cur[0] = (guint) i;
      guint row_min = cur[0];
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
          guint v = prev[j - 1] + cost;
          if (prev[j] + 1 < v)
            v = prev[j] + 1;
          if (cur[j - 1] + 1 < v)
            v = cur[j - 1] + 1;
          cur[j] = v;
          if (v < row_min)
            row_min = v;
        }
      if (row_min > max)
        return max + 1;
      guint *tmp = prev;
      prev = cur;
      cur = tmp;
    }
  return prev[lb] > max ? max + 1 : prev[lb];
}

const char *
pks_nearest (const char *word, const char *const *cand, guint n)
{
  guint max = MAX (2u, (guint) strlen (word) / 3);
  const char *best = NULL;
  guint best_d = max + 1;
  for (guint i = 0; i < n; i++)
    {
      guint d = pks_edit_distance (word, cand[i], max);
      if (d < best_d)
        {
          best_d = d;
          best = cand[i];
        }
    }
  return best;
}
