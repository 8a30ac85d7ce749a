/* csvread.c — CSV tables through libcsv, as planners' files really come:
 * UTF-8 with or without BOM, LF or CRLF, comma or (Swedish Excel)
 * semicolon separators, `#` comment lines, decimal commas in numbers.
 * Every row remembers its line so messages can point at it. */
#include "pks/input/load.h"
#include "input-internal.h"

#include <csv.h>
#include <math.h>
#include <string.h>

/* libcsv's parser state for "no row begun" (ROW_NOT_BEGUN in libcsv.c):
 * only then may a line be a comment, never inside a quoted field. */
#define LIBCSV_ROW_NOT_BEGUN 0

/* Rows are kept compactly: every cell's text in one string chunk, one
 * pointer per cell, and the index of each row's first cell. A table of
 * short rows then costs about twice its size, not ten times. */
typedef struct {
  GStringChunk *strings;
  GPtrArray *cells;      /* const char*, into strings */
  GArray *first;         /* guint: index in cells of each row's first cell */
  GArray *line_of;       /* int: line where each row begins */
  guint cur_fields;      /* fields of the row being read */
  gboolean in_row;
  int line;              /* line being fed */
  int row_line;          /* line where the row being read began */
  guint max_fields;
  gboolean too_wide;     /* a row had more than max_fields fields */
  /* streaming (pks_csv_stream): each row is handed over when it ends and
   * forgotten, so memory holds one row whatever the file's length */
  PksCsvRowFunc row_fn;
  gpointer row_ctx;
  gboolean stopped;      /* row_fn asked to stop */
} Sink;

static void
on_field (void *field, size_t len, void *data)
{
  Sink *s = data;
  if (!s->in_row)
    {
      s->in_row = TRUE;
      s->cur_fields = 0;
      guint at = s->cells->len;
      g_array_append_val (s->first, at);
      g_array_append_val (s->line_of, s->row_line);
    }
  if (++s->cur_fields > s->max_fields)
    {
      s->too_wide = TRUE;
      return;
    }
  g_ptr_array_add (s->cells, g_string_chunk_insert_len (s->strings, field ? field : "",
                                                         field ? (gssize) len : 0));
}

static void
on_row (int c, void *data)
{
  (void) c;
  Sink *s = data;
  gboolean began = s->in_row;
  s->in_row = FALSE;   /* an empty line never began a row */
  if (s->row_fn == NULL || !began || s->too_wide || s->stopped)
    return;
  guint a = g_array_index (s->first, guint, 0);
  if (!s->row_fn (s->row_ctx, (const char *const *) s->cells->pdata + a, s->cells->len - a,
                  g_array_index (s->line_of, int, 0)))
    s->stopped = TRUE;
  g_ptr_array_set_size (s->cells, 0);
  g_array_set_size (s->first, 0);
  g_array_set_size (s->line_of, 0);
  g_string_chunk_clear (s->strings);
}

static gboolean
blank_or_comment (const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
    p++;
  return p == end || *p == '#';
}

/* Count separators in the header line outside quotes: commas, or the
 * semicolons of Swedish Excel, or the tabs of "Text (tab-delimited)". */
static char
detect_delimiter (const char *p, const char *end)
{
  int commas = 0, semis = 0, tabs = 0;
  gboolean q = FALSE;
  for (; p < end && *p != '\n'; p++)
    {
      if (*p == '"')
        q = !q;
      else if (!q && *p == ',')
        commas++;
      else if (!q && *p == ';')
        semis++;
      else if (!q && *p == '\t')
        tabs++;
    }
  if (tabs > commas && tabs > semis)
    return '\t';
  return semis > commas ? ';' : ',';
}

/* The text check of pks_text_check for data that starts on line
 * first_line of its file (streams check line by line). */
static gboolean
text_check_at (const char *file, const char *data, gsize len, gboolean table, int first_line,
               PksDiags *diags)
{
  /* what to choose in Excel's "Save as", or in an editor */
  const char *as = table ? "\"CSV UTF-8\"" : "UTF-8";
  if (first_line == 1 && len >= 2
      && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)
          || ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      pks_diags_error (diags, file, 1, 1, "the file is UTF-16 (Excel's \"Unicode text\"); "
                       "save it as %s", as);
      return FALSE;
    }
  const char *bad;
  if (g_utf8_validate_len (data, len, &bad))
    return TRUE;
  int line = first_line, col = 1;
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
  guchar b = (guchar) *bad;
  if (b == 0)
    pks_diags_error (diags, file, line, col, "the file contains a NUL byte: a binary file, "
                     "or UTF-16 without a byte-order mark? save it as %s", as);
  else
    {
      /* most likely saved as Windows-1252 (Swedish Excel's "CSV"): show
       * the character the planner typed, å for 0xE5 */
      char byte[2] = { (char) b, 0 };
      g_autofree char *ch = NULL;
      if (b >= 0x80)
        ch = g_convert (byte, 1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      if (ch && g_unichar_isprint (g_utf8_get_char (ch)))
        pks_diags_error (diags, file, line, col, "the file is not valid UTF-8 (byte 0x%02X, "
                         "\"%s\" in Windows-1252): save it as %s", b, ch, as);
      else
        pks_diags_error (diags, file, line, col, "the file is not valid UTF-8 (byte 0x%02X); "
                         "save it as %s", b, as);
    }
  return FALSE;
}

gboolean
pks_text_check (const char *file, const char *data, gsize len, gboolean table,
                PksDiags *diags)
{
  return text_check_at (file, data, len, table, 1, diags);
}

/* Lines fed one at a time to libcsv. A row may only begin (and the line
 * then be a comment) when no quoted field carries on; the header, the
 * first line that is neither blank nor a comment, decides the separator.
 * Whole tables and streams are fed the same way. */
typedef struct {
  struct csv_parser parser;
  const char *file;
  Sink *s;
  PksDiags *diags;
  guint max_rows;        /* counting the header; 0 = no limit */
  int line;              /* lines fed */
  gboolean check_lines;  /* check each line's UTF-8 (streams) */
  gboolean delim_known;
  char delim;
} Feed;

static void
feed_init (Feed *f, const char *file, Sink *s, guint max_rows, PksDiags *diags)
{
  memset (f, 0, sizeof *f);
  f->file = file;
  f->s = s;
  f->diags = diags;
  f->max_rows = max_rows;
  f->delim = ',';
  csv_init (&f->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
}

/* Feed one line [p, le) (le just after its newline, or the end of the
 * text). FALSE after an error, which is reported. */
static gboolean
feed_line (Feed *f, const char *p, const char *le)
{
  Sink *s = f->s;
  f->line++;
  s->line = f->line;
  if (f->check_lines && !text_check_at (f->file, p, le - p, TRUE, f->line, f->diags))
    return FALSE;
  if (f->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
    {
      /* a row begins on this line (a quoted field may carry it on) */
      s->row_line = f->line;
      const char *ce = le > p && le[-1] == '\n' ? le - 1 : le;
      if (blank_or_comment (p, ce))
        return TRUE;
      if (!f->delim_known)
        {
          f->delim = detect_delimiter (p, le);
          f->delim_known = TRUE;
          csv_set_delim (&f->parser, (unsigned char) f->delim);
        }
    }
  if (csv_parse (&f->parser, p, le - p, on_field, on_row, s) != (size_t) (le - p))
    {
      pks_diags_error (f->diags, f->file, f->line, 0, "malformed CSV (%s): check the "
                       "quotes on this line", csv_strerror (csv_error (&f->parser)));
      return FALSE;
    }
  if (s->too_wide)
    {
      pks_diags_error (f->diags, f->file, g_array_index (s->line_of, int, s->line_of->len - 1), 0,
                       "a row has more than %u fields: is this a table of the scenario?",
                       s->max_fields);
      return FALSE;
    }
  if (f->max_rows && s->first->len > f->max_rows)
    {
      pks_diags_error (f->diags, f->file, f->line, 0, "the table has more than %u rows, the "
                       "most this table may have (docs/robustness.md): is this the right file?",
                       f->max_rows - 1);
      return FALSE;
    }
  return !s->stopped;
}

/* The end of the text: the last row, and a quote left open. */
static gboolean
feed_finish (Feed *f, gboolean ok)
{
  if (ok && csv_fini (&f->parser, on_field, on_row, f->s) != 0)
    {
      pks_diags_error (f->diags, f->file, f->line, 0, "malformed CSV: a quoted field is "
                       "not closed before the end of the file");
      ok = FALSE;
    }
  csv_free (&f->parser);
  return ok && !f->s->stopped;
}

/* Parse data into s. max_rows counts the header; 0 = no limit. */
static gboolean
parse_into (const char *file, const char *data, gsize len, guint max_rows, Sink *s,
            char *delimiter, PksDiags *diags)
{
  if (!pks_text_check (file, data, len, TRUE, diags))
    return FALSE;
  const char *p = data, *end = data + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;   /* UTF-8 byte-order mark, as Excel writes it */
  Feed f;
  feed_init (&f, file, s, max_rows, diags);
  gboolean ok = TRUE;
  while (ok && p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *le = nl ? nl + 1 : end;
      ok = feed_line (&f, p, le);
      p = le;
    }
  ok = feed_finish (&f, ok);
  if (delimiter)
    *delimiter = f.delim;
  guint at = s->cells->len;
  g_array_append_val (s->first, at);   /* the end of the last row */
  return ok;
}

static void
sink_init (Sink *s, gsize len)
{
  memset (s, 0, sizeof *s);
  s->strings = g_string_chunk_new (MAX (64, MIN (len + 1, 1 << 20)));
  s->cells = g_ptr_array_new ();
  s->first = g_array_new (FALSE, FALSE, sizeof (guint));
  s->line_of = g_array_new (FALSE, FALSE, sizeof (int));
  s->max_fields = PKS_CSV_MAX_FIELDS;
}

static void
sink_clear (Sink *s)
{
  if (s->strings)
    g_string_chunk_free (s->strings);
  if (s->cells)
    g_ptr_array_unref (s->cells);
  if (s->first)
    g_array_unref (s->first);
  if (s->line_of)
    g_array_unref (s->line_of);
  memset (s, 0, sizeof *s);
}

static gboolean
blank (const char *v)
{
  while (*v == ' ' || *v == '\t')
    v++;
  return *v == '\0';
}

gboolean
pks_csv_read_rows (const char *file, const char *data, gsize len,
                   GPtrArray **rows_out, GArray **line_of_out,
                   char *delimiter, PksDiags *diags)
{
  Sink s;
  sink_init (&s, len);
  if (!parse_into (file, data, len, 0, &s, delimiter, diags))
    {
      sink_clear (&s);
      return FALSE;
    }
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint r = 0; r + 1 < s.first->len; r++)
    {
      guint a = g_array_index (s.first, guint, r), b = g_array_index (s.first, guint, r + 1);
      /* rows of separators alone after the header hold nothing (Excel) */
      gboolean empty = r > 0;
      for (guint i = a; empty && i < b; i++)
        empty = blank (g_ptr_array_index (s.cells, i));
      if (empty)
        continue;
      GPtrArray *row = g_ptr_array_new_full (b - a, g_free);
      for (guint i = a; i < b; i++)
        g_ptr_array_add (row, g_strdup (g_ptr_array_index (s.cells, i)));
      g_ptr_array_add (rows, row);
      g_array_append_val (lines, g_array_index (s.line_of, int, r));
    }
  *rows_out = rows;
  *line_of_out = lines;
  sink_clear (&s);
  return TRUE;
}

/* Streams are read in blocks of this size; a line may be at most
 * PKS_CSV_MAX_LINE long (a binary file, not an extract). */
#define STREAM_BLOCK (64 << 10)

gboolean
pks_csv_stream (const char *file, GInputStream *in, PksCsvRowFunc fn, gpointer ctx,
                PksDiags *diags)
{
  Sink s;
  sink_init (&s, 4096);
  s.row_fn = fn;
  s.row_ctx = ctx;
  Feed f;
  feed_init (&f, file, &s, 0, diags);
  f.check_lines = TRUE;
  g_autoptr (GByteArray) buf = g_byte_array_sized_new (STREAM_BLOCK);
  gsize done = 0;        /* bytes of buf already fed */
  gboolean first = TRUE, ok = TRUE, eof = FALSE;
  while (ok && !eof)
    {
      /* keep the unfinished line, read the next block after it */
      g_byte_array_remove_range (buf, 0, (guint) done);
      done = 0;
      guint have = buf->len;
      g_byte_array_set_size (buf, have + STREAM_BLOCK);
      g_autoptr (GError) err = NULL;
      gssize n = g_input_stream_read (in, buf->data + have, STREAM_BLOCK, NULL, &err);
      if (n < 0)
        {
          pks_diags_error (diags, file, f.line + 1, 0, "cannot read: %s", err->message);
          ok = FALSE;
          break;
        }
      g_byte_array_set_size (buf, have + (guint) n);
      eof = n == 0;
      const char *p = (const char *) buf->data, *end = p + buf->len;
      if (first && buf->len >= 3)
        {
          first = FALSE;
          if (memcmp (p, "\xEF\xBB\xBF", 3) == 0)
            done = 3;   /* UTF-8 byte-order mark, as Excel writes it */
        }
      while (ok && p + done < end)
        {
          const char *q = p + done;
          const char *nl = memchr (q, '\n', end - q);
          if (nl == NULL && !eof)
            break;   /* the rest of this line comes with the next block */
          const char *le = nl ? nl + 1 : end;
          ok = feed_line (&f, q, le);
          done = le - p;
        }
      if (ok && !eof && buf->len - done > PKS_CSV_MAX_LINE)
        {
          pks_diags_error (diags, file, f.line + 1, 0, "a line longer than %d MiB: is this "
                           "a CSV file?", PKS_CSV_MAX_LINE >> 20);
          ok = FALSE;
        }
    }
  ok = feed_finish (&f, ok);
  sink_clear (&s);
  return ok;
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


static guint
row_len (const PksTable *t, guint r)
{
  return g_array_index (t->first, guint, r + 1) - g_array_index (t->first, guint, r);
}

/* Checks that need the whole table: the header's names (duplicates,
 * nameless columns that hold values) and rows longer than the header,
 * which are dropped after their error so that no shifted value is read.
 * Shorter rows are accepted: their missing trailing cells are empty; rows
 * of empty cells alone are dropped. */
static void
check_shape (PksTable *t, PksDiags *diags)
{
  guint nh = t->header->len;
  for (guint i = 0; i < nh; i++)
    {
      const char *h = g_ptr_array_index (t->header, i);
      if (*h == '\0')
        {
          for (guint r = 0; r < t->n_rows; r++)
            if (!blank (pks_table_cell (t, r, (int) i) ? pks_table_cell (t, r, (int) i) : ""))
              {
                pks_diags_warn (diags, t->file, g_array_index (t->lines, int, r), (int) i + 1,
                                "column %u has no name in the header: its values are ignored",
                                i + 1);
                break;
              }
          continue;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (h, g_ptr_array_index (t->header, j)) == 0)
          {
            pks_diags_error (diags, t->file, t->header_line, (int) i + 1,
                             "the column \"%s\" appears twice in the header (columns %u and %u)",
                             h, j + 1, i + 1);
            break;
          }
    }
  /* rows longer than the header */
  guint kept = 0;
  GArray *first = g_array_sized_new (FALSE, FALSE, sizeof (guint), t->n_rows + 1);
  GPtrArray *cells = g_ptr_array_sized_new (t->cells->len);
  GArray *lines = g_array_sized_new (FALSE, FALSE, sizeof (int), t->n_rows);
  gboolean dropped = FALSE;
  for (guint r = 0; r < t->n_rows; r++)
    {
      guint a = g_array_index (t->first, guint, r), n = row_len (t, r);
      int line = g_array_index (t->lines, int, r);
      /* a row of separators alone (`;;;;;;;`, the rows Excel leaves at the
       * end of a sheet) holds nothing: skipped like a blank line */
      gboolean empty = TRUE;
      for (guint i = 0; empty && i < n; i++)
        empty = blank (g_ptr_array_index (t->cells, a + i));
      if (empty)
        {
          dropped = TRUE;
          continue;
        }
      if (n > nh)
        {
          /* refused even when the extra cells are empty: a decimal comma in
           * a comma-separated file shifts every later value one column
           * right and leaves an empty cell at the end */
          gboolean all_blank = TRUE;
          for (guint i = nh; i < n; i++)
            all_blank &= blank (g_ptr_array_index (t->cells, a + i));
          pks_diags_error (diags, t->file, line, (int) nh + 1,
                           "this row has %u fields but the header has %u%s", n, nh,
                           t->delimiter != ',' ? ""
                           : all_blank ? " (a trailing separator, or a decimal comma that splits "
                             "a number in two: write 4.5, quote it as \"4,5\", or separate "
                             "with semicolons)"
                           : " (a decimal comma splits a number in two in a comma-separated "
                             "file: write 4.5, quote it as \"4,5\", or separate with "
                             "semicolons)");
          dropped = TRUE;
          continue;
        }
      guint at = cells->len;
      g_array_append_val (first, at);
      g_array_append_val (lines, line);
      for (guint i = 0; i < MIN (n, nh); i++)
        g_ptr_array_add (cells, g_ptr_array_index (t->cells, a + i));
      kept++;
    }
  guint at = cells->len;
  g_array_append_val (first, at);
  if (!dropped)
    {
      g_array_unref (first);
      g_ptr_array_unref (cells);
      g_array_unref (lines);
      return;
    }
  g_array_unref (t->first);
  g_ptr_array_unref (t->cells);
  g_array_unref (t->lines);
  t->first = first;
  t->cells = cells;
  t->lines = lines;
  t->n_rows = kept;
}

PksTable *
pks_table_read (PksFiles *files, const char *path, guint max_rows, PksDiags *diags)
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
  Sink s;
  sink_init (&s, len);
  char delim = ',';
  if (!parse_into (shown, data ? data : "", len, max_rows ? max_rows + 1 : 0, &s, &delim, diags))
    {
      sink_clear (&s);
      return NULL;
    }
  if (s.line_of->len == 0)
    {
      pks_diags_error (diags, shown, 1, 0, "the table is empty: a header row is required");
      sink_clear (&s);
      return NULL;
    }
  PksTable *t = g_new0 (PksTable, 1);
  t->file = g_steal_pointer (&shown);
  t->delimiter = delim;
  t->strings = s.strings;
  t->header_line = g_array_index (s.line_of, int, 0);
  guint h1 = g_array_index (s.first, guint, 1);
  t->header = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < h1; i++)
    {
      char *h = g_strstrip (g_strdup (g_ptr_array_index (s.cells, i)));
      for (char *c = h; *c; c++)
        *c = g_ascii_tolower (*c);
      g_ptr_array_add (t->header, h);
    }
  /* the rows without the header */
  g_ptr_array_remove_range (s.cells, 0, h1);
  g_array_remove_index (s.first, 0);
  for (guint r = 0; r < s.first->len; r++)
    g_array_index (s.first, guint, r) -= h1;
  g_array_remove_index (s.line_of, 0);
  t->cells = s.cells;
  t->first = s.first;
  t->lines = s.line_of;
  t->n_rows = t->lines->len;
  check_shape (t, diags);
  return t;
}

void
pks_table_free (PksTable *t)
{
  if (t == NULL)
    return;
  g_free (t->file);
  g_ptr_array_unref (t->header);
  g_ptr_array_unref (t->cells);
  g_array_unref (t->first);
  g_array_unref (t->lines);
  if (t->set)
    g_hash_table_unref (t->set);
  g_string_chunk_free (t->strings);
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

static guint64
set_key (guint row, int col)
{
  return ((guint64) row << 32) | (guint) col;
}

const char *
pks_table_cell (const PksTable *t, guint row, int col)
{
  if (col < 0 || row >= t->n_rows)
    return NULL;
  if (t->set)
    {
      guint64 k = set_key (row, col);
      const char *v = g_hash_table_lookup (t->set, &k);
      if (v)
        return v;
    }
  if ((guint) col >= row_len (t, row))
    return NULL;
  return g_ptr_array_index (t->cells, g_array_index (t->first, guint, row) + (guint) col);
}

void
pks_table_set_cell (PksTable *t, guint row, const char *column, const char *value)
{
  g_return_if_fail (row < t->n_rows);
  int col = pks_table_column (t, column);
  if (col < 0)
    {
      g_ptr_array_add (t->header, g_strdup (column));
      col = (int) t->header->len - 1;
    }
  if (t->set == NULL)
    t->set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint64 *k = g_new (guint64, 1);
  *k = set_key (row, col);
  g_hash_table_replace (t->set, k, g_string_chunk_insert (t->strings, value));
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
