/* output.c — summary.csv, daily.csv, monthly.csv, compare.csv and the JSON
 * summary. Every file goes to a hidden temporary name in the output
 * directory and is renamed into place by pks_output_commit, so a failed or
 * interrupted run leaves the previous files or none, never half a file. */
#include "pks/output/output.h"
#include "pks/output/json.h"
#include "pks/core/error.h"
#include "pks/stats/stats.h"

#include <csv.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char *tmp, *final;
} Pending;

struct _PksOutput {
  char *dir;
  GArray *files;      /* Pending */
  FILE *cur;
  char *cur_tmp, *cur_final;
  gboolean cur_verbatim;   /* the current file is copied as it is, never re-encoded */
  char *sub;          /* subfolder for the next files, or NULL */
  PksCsvDialect dialect;
  gboolean committed;
};

const char *
pks_output_dir (const PksOutput *o)
{
  return o->dir;
}

PksOutput *
pks_output_new (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot create the output directory: %s",
                   dir, g_strerror (e));
      return NULL;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || access (dir, W_OK | X_OK) != 0)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: the output directory is not writable",
                   dir);
      return NULL;
    }
  PksOutput *o = g_new0 (PksOutput, 1);
  o->dir = g_strdup (dir);
  o->files = g_array_new (FALSE, FALSE, sizeof (Pending));
  return o;
}

void
pks_output_set_subdir (PksOutput *o, const char *sub)
{
  g_free (o->sub);
  o->sub = sub && *sub ? g_strdup (sub) : NULL;
}

/* An output replaces only a regular file (or nothing, or a link to one):
 * never a directory, and never a device or FIFO such as /dev/null, which a
 * rename would replace by a plain file. Checked before writing and again
 * before commit. */
static gboolean
replaceable (const char *final, GError **error)
{
  GStatBuf st;
  if (g_stat (final, &st) != 0)
    return TRUE;   /* absent (or a dangling link, which the rename replaces) */
  if (S_ISREG (st.st_mode))
    return TRUE;
  g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s exists and is not a regular file "
               "(a directory, device or FIFO); outputs only replace files", final);
  return FALSE;
}

FILE *
pks_output_begin (PksOutput *o, const char *name, GError **error)
{
  g_return_val_if_fail (o->cur == NULL, NULL);
  g_autofree char *dir = o->sub ? g_build_filename (o->dir, o->sub, NULL) : g_strdup (o->dir);
  if (o->sub && g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot create the folder: %s", dir,
                   g_strerror (e));
      return NULL;
    }
  {
    g_autofree char *final = g_build_filename (dir, name, NULL);
    if (!replaceable (final, error))
      return NULL;
  }
  g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", name);
  g_autofree char *path = g_build_filename (dir, tmpl, NULL);
  int fd = g_mkstemp (path);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot write in %s: %s", name, dir,
                   g_strerror (e));
      return NULL;
    }
  /* mkstemp makes 0600; outputs are ordinary files (0666 less the umask) */
  mode_t mask = umask (0);
  umask (mask);
  fchmod (fd, 0666 & ~mask);
  o->cur = fdopen (fd, "w");
  if (o->cur == NULL)
    {
      int e = errno;
      close (fd);
      g_unlink (path);
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: %s", path, g_strerror (e));
      return NULL;
    }
  o->cur_tmp = g_steal_pointer (&path);
  o->cur_final = g_build_filename (dir, name, NULL);
  o->cur_verbatim = FALSE;
  return o->cur;
}

void
pks_output_set_csv_dialect (PksOutput *o, PksCsvDialect dialect)
{
  o->dialect = dialect;
}

PksCsvDialect
pks_output_csv_dialect (const PksOutput *o)
{
  return o->dialect;
}

const char *
pks_output_current_path (const PksOutput *o)
{
  return o->cur_tmp;
}

void
pks_output_verbatim (PksOutput *o)
{
  o->cur_verbatim = TRUE;
}

gboolean
pks_csv_dialect_parse (const char *text, PksCsvDialect *out, GError **error)
{
  if (text == NULL || !strcmp (text, "default"))
    *out = PKS_CSV_DEFAULT;
  else if (!strcmp (text, "excel-sv"))
    *out = PKS_CSV_EXCEL_SV;
  else
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "--csv-dialect: expected default or excel-sv, got \"%s\"", text);
      return FALSE;
    }
  return TRUE;
}

/* ---- the excel-sv dialect ------------------------------------------- */

/* A number as pks_fmt_num writes it: -12, 3.5, 1.25e+10. */
static gboolean
numeric (const char *s)
{
  const char *p = s;
  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* "6.810568849e-05" as "0.00006810568849", "1.2e+10" as "12000000000":
 * the same digits with the point moved, so Excel's and pks's readers,
 * which take no exponent after a decimal comma, read the same number. */
static char *
fixed_notation (const char *num)
{
  const char *e = strpbrk (num, "eE");
  if (e == NULL)
    return g_strdup (num);
  gboolean neg = num[0] == '-';
  const char *m = neg ? num + 1 : num;
  GString *digits = g_string_new (NULL);
  int point = -1;
  for (const char *p = m; p < e; p++)
    if (*p == '.')
      point = (int) digits->len;
    else
      g_string_append_c (digits, *p);
  if (point < 0)
    point = (int) digits->len;
  point += atoi (e + 1);
  GString *o = g_string_new (neg ? "-" : "");
  if (point <= 0)
    {
      g_string_append (o, "0.");
      for (int i = 0; i < -point; i++)
        g_string_append_c (o, '0');
      g_string_append (o, digits->str);
    }
  else if ((gsize) point >= digits->len)
    {
      g_string_append (o, digits->str);
      for (gsize i = digits->len; i < (gsize) point; i++)
        g_string_append_c (o, '0');
    }
  else
    {
      g_string_append_len (o, digits->str, point);
      g_string_append_c (o, '.');
      g_string_append (o, digits->str + point);
    }
  g_string_free (digits, TRUE);
  return g_string_free (o, FALSE);
}

typedef struct {
  GString *out;
  gboolean row_begun;
} Recode;

static void
recode_field (void *data, size_t len, void *ctx)
{
  Recode *r = ctx;
  g_autofree char *f = g_strndup (data, len);
  if (r->row_begun)
    g_string_append_c (r->out, ';');
  r->row_begun = TRUE;
  if (numeric (f))
    {
      g_autofree char *fixed = fixed_notation (f);
      for (char *p = fixed; *p; p++)
        if (*p == '.')
          *p = ',';
      g_string_append (r->out, fixed);
      return;
    }
  gboolean quote = len > 0 && (f[0] == ' ' || f[len - 1] == ' ' || strpbrk (f, ";\"\r\n") != NULL);
  if (!quote)
    {
      g_string_append_len (r->out, f, len);
      return;
    }
  g_string_append_c (r->out, '"');
  for (const char *p = f; p < f + len; p++)
    {
      if (*p == '"')
        g_string_append_c (r->out, '"');
      g_string_append_c (r->out, *p);
    }
  g_string_append_c (r->out, '"');
}

static void
recode_row (int c, void *ctx)
{
  (void) c;
  Recode *r = ctx;
  g_string_append (r->out, "\r\n");
  r->row_begun = FALSE;
}

/* Rewrite a CSV file that pks wrote (comma, decimal point, LF) in the
 * excel-sv dialect: a UTF-8 byte order mark, ';' between fields, decimal
 * commas in numbers (written without an exponent), CRLF line ends,
 * quoting where a field needs it. Text fields keep their characters; only
 * fields that are numbers as pks writes them change. */
static gboolean
recode_excel_sv (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  Recode r = { g_string_sized_new (len + len / 8 + 16), FALSE };
  g_string_append (r.out, "\xef\xbb\xbf");
  struct csv_parser parser;
  csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI);
  gboolean ok = csv_parse (&parser, data, len, recode_field, recode_row, &r) == len
                && csv_fini (&parser, recode_field, recode_row, &r) == 0;
  csv_free (&parser);
  if (ok)
    ok = g_file_set_contents (path, r.out->str, r.out->len, error);
  else
    g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED, "%s: cannot re-read for --csv-dialect", path);
  g_string_free (r.out, TRUE);
  return ok;
}

/* Test hook: PKS_TEST_FAIL_OUTPUT=NAME makes finishing that file fail as a
 * full disk would, so tests can prove that no partial output survives. */
static gboolean
injected_failure (const char *final)
{
  const char *name = g_getenv ("PKS_TEST_FAIL_OUTPUT");
  return name && *name && g_str_has_suffix (final, name);
}

gboolean
pks_output_end (PksOutput *o, GError **error)
{
  g_return_val_if_fail (o->cur != NULL, FALSE);
  errno = 0;
  gboolean ok = fflush (o->cur) == 0 && !ferror (o->cur) && fsync (fileno (o->cur)) == 0;
  int e = errno;
  if (ok && injected_failure (o->cur_final))
    {
      ok = FALSE;
      e = ENOSPC;
    }
  ok = (fclose (o->cur) == 0) && ok;
  o->cur = NULL;
  g_autoptr (GError) recode_err = NULL;
  if (ok && o->dialect == PKS_CSV_EXCEL_SV && !o->cur_verbatim
      && g_str_has_suffix (o->cur_final, ".csv") && !recode_excel_sv (o->cur_tmp, &recode_err))
    {
      ok = FALSE;
    }
  if (!ok)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed: %s", o->cur_final,
                   recode_err ? recode_err->message : g_strerror (e ? e : EIO));
      g_unlink (o->cur_tmp);
      g_clear_pointer (&o->cur_tmp, g_free);
      g_clear_pointer (&o->cur_final, g_free);
      return FALSE;
    }
  Pending p = { g_steal_pointer (&o->cur_tmp), g_steal_pointer (&o->cur_final) };
  g_array_append_val (o->files, p);
  return TRUE;
}

void
pks_output_rm_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        pks_output_rm_tree (p);
      else
        g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

gboolean
pks_output_commit (PksOutput *o, GError **error)
{
  /* every rename is checked before the first, so a refusal leaves the old files */
  for (guint i = 0; i < o->files->len; i++)
    if (!replaceable (g_array_index (o->files, Pending, i).final, error))
      return FALSE;
  for (guint i = 0; i < o->files->len; i++)
    {
      Pending *p = &g_array_index (o->files, Pending, i);
      if (g_rename (p->tmp, p->final) != 0)
        {
          int e = errno;
          g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: cannot rename into place: %s",
                       p->final, g_strerror (e));
          return FALSE;
        }
      g_clear_pointer (&p->tmp, g_free);
    }
  o->committed = TRUE;
  return TRUE;
}

void
pks_output_free (PksOutput *o)
{
  if (o == NULL)
    return;
  if (o->cur)
    {
      fclose (o->cur);
      g_unlink (o->cur_tmp);
    }
  g_free (o->cur_tmp);
  g_free (o->cur_final);
  for (guint i = 0; i < o->files->len; i++)
    {
      Pending *p = &g_array_index (o->files, Pending, i);
      if (p->tmp)
        g_unlink (p->tmp);
      g_free (p->tmp);
      g_free (p->final);
    }
  g_array_unref (o->files);
  g_free (o->sub);
  g_free (o->dir);
  g_free (o);
}

static gboolean
needs_quotes (const char *s)
{
  if (*s == '\0')
    return FALSE;
  if (s[0] == ' ' || s[strlen (s) - 1] == ' ')
    return TRUE;
  return strpbrk (s, ",\"\r\n;") != NULL;
}

gboolean
pks_csv_write_row (FILE *f, const char *const *fields, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *v = fields[i] ? fields[i] : "";
      if (i > 0 && fputc (',', f) == EOF)
        return FALSE;
      if (needs_quotes (v))
        {
          if (csv_fwrite (f, v, strlen (v)) != 0)
            return FALSE;
        }
      else if (fputs (v, f) == EOF)
        return FALSE;
    }
  return fputc ('\n', f) != EOF;
}

/* Decimal digits of v (< 10^20) into out, most significant first;
 * returns how many. */
static int
u64_digits (char *out, guint64 v)
{
  char tmp[20];
  int n = 0;
  do
    {
      tmp[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v);
  for (int i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  return n;
}

/* x with %.10g's digits, or FALSE when this shortcut cannot be sure of
 * them (the caller then asks the C library). Integers below 10^10 print
 * as themselves. Otherwise, for 10^-4 <= |x| < 10^10 (where %g writes no
 * exponent), |x| · 10^(9 − X), X the decimal exponent, is rounded to the
 * ten significant digits: the product is exact to half a unit in its last
 * place (< 2·10^-6 at below 10^10, and 10^(9 − X) <= 10^13 is an exact
 * double), so its rounding is the correctly rounded decimal unless it
 * lies within 10^-5 of a half, and X is sure unless |x| lies within a
 * relative 10^-12 of a power of ten; both cases go to the C library. The
 * digits are then laid out as %f with 9 − X decimals and the trailing
 * zeros dropped, as %g does. tests/io/test-output.c checks it against
 * g_ascii_formatd on millions of values. */
static gboolean
fmt_g10 (char *buf, double x)
{
  static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                1e11, 1e12, 1e13 };
  char *p = buf;
  double ax = fabs (x);
  if (x < 0)
    *p++ = '-';
  if (ax < 1e10 && ax == (double) (gint64) ax)
    {
      p += u64_digits (p, (guint64) ax);
      *p = '\0';
      return TRUE;
    }
  if (!(ax >= 1.0001e-4 && ax < 0.9999e10))
    return FALSE;
  /* X: the largest k with 10^k <= |x| (10^-4 .. 10^-1 are not exact
   * doubles: |x| 10^4 is compared instead, within the margin above) */
  double sx = ax * 1e4;
  int X = -4;
  while (X < 9 && sx >= p10[X + 5])
    X++;
  double r = sx / p10[X + 4];   /* |x| / 10^X, in [1, 10) */
  if (r < 1.000000000001 || r > 9.999999999999)
    return FALSE;
  double scaled = ax * p10[9 - X];
  double fl = floor (scaled), frac = scaled - fl;
  if (fabs (frac - 0.5) < 1e-5)
    return FALSE;
  guint64 R = (guint64) fl + (frac > 0.5);
  if (R < 1000000000u || R >= 10000000000u)
    return FALSE;
  char d[10];
  u64_digits (d, R);
  int ndig = 10;
  while (ndig > 1 && d[ndig - 1] == '0')
    ndig--;
  if (X >= 0)
    {
      memcpy (p, d, (gsize) X + 1);
      p += X + 1;
      if (ndig > X + 1)
        {
          *p++ = '.';
          memcpy (p, d + X + 1, (gsize) (ndig - X - 1));
          p += ndig - X - 1;
        }
    }
  else
    {
      *p++ = '0';
      *p++ = '.';
      for (int i = 0; i < -X - 1; i++)
        *p++ = '0';
      memcpy (p, d, (gsize) ndig);
      p += ndig;
    }
  *p = '\0';
  return TRUE;
}

const char *
pks_fmt_num (char *buf, double x)
{
  if (isnan (x) || isinf (x))
    {
      buf[0] = '\0';
      return buf;
    }
  if (x == 0.0)
    x = 0.0;   /* no "-0" */
  /* g_ascii_formatd (a locale switch and printf's exact big-number
   * conversion) was 45 % of a 100-year bed unit's run with --out */
  if (!fmt_g10 (buf, x))
    g_ascii_formatd (buf, 32, "%.10g", x);
  return buf;
}


static gboolean
io_fail (GError **error, const char *what)
{
  g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed: %s", what, g_strerror (errno ? errno : EIO));
  return FALSE;
}

gboolean
pks_write_summary_csv (PksOutput *o, const PksSummary *s, GError **error)
{
  FILE *f = pks_output_begin (o, "summary.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "scope", "name", "metric", "mean", "ci_low", "ci_high" };
  gboolean ok = pks_csv_write_row (f, hdr, 6);
  guint ne = pks_model_n_entities (s->model);
  char a[32], b[32], c[32];
  for (guint e = 0; ok && e < ne; e++)
    for (int k = 0; ok && k < PKS_N_METRICS; k++)
      {
        const PksEstimate *est = pks_summary_get (s, e, k);
        if (isnan (est->mean))
          continue;
        const char *row[] = { pks_scope_name (pks_model_entity_scope (s->model, e)),
                              pks_model_entity_name (s->model, e), pks_metric_name (k),
                              pks_fmt_num (a, est->mean), pks_fmt_num (b, est->ci_low),
                              pks_fmt_num (c, est->ci_high) };
        ok = pks_csv_write_row (f, row, 6);
      }
  if (!ok)
    return io_fail (error, "summary.csv");
  return pks_output_end (o, error);
}

/* daily.csv and daily_sites.csv, a row per day and unit or site: 4 MB
 * for a 100-year bed unit. Each row is built in memory from parts made
 * once (the dates, the quoted names) and written at once; the numbers go
 * through pks_fmt_num's shortcut; both percentiles come from one sort.
 * The bytes are those of pks_csv_write_row with pks_fmt_num (the tests
 * compare whole files). */
/* A row under construction: room for the longest name and every number
 * of a row (Row.len grows; row_room makes sure). */
typedef struct {
  char *b;
  gsize len, cap;
} Row;

static void
row_room (Row *r, gsize more)
{
  if (r->len + more + 1 > r->cap)
    {
      r->cap = MAX (2 * r->cap, r->len + more + 1);
      r->b = g_realloc (r->b, r->cap);
    }
}

static inline void
row_add (Row *r, const char *v, gsize n)
{
  row_room (r, n);
  memcpy (r->b + r->len, v, n);
  r->len += n;
}

static void
row_num (Row *r, double x)
{
  row_room (r, 40);
  r->b[r->len++] = ',';
  pks_fmt_num (r->b + r->len, x);
  r->len += strlen (r->b + r->len);
}

static void
row_int (Row *r, int v)
{
  row_room (r, 24);
  r->b[r->len++] = ',';
  if (v < 0)
    {
      r->b[r->len++] = '-';
      v = -v;
    }
  r->len += (gsize) u64_digits (r->b + r->len, (guint64) v);
}

/* A field as pks_csv_write_row writes it: quoted by libcsv's rule
 * (csv_fwrite: in quotes, each quote doubled) when it needs quotes. */
static char *
csv_field (const char *v)
{
  if (!needs_quotes (v))
    return g_strdup (v);
  GString *q = g_string_new ("\"");
  for (const char *c = v; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (q, '"');
      g_string_append_c (q, *c);
    }
  g_string_append_c (q, '"');
  return g_string_free (q, FALSE);
}

/* x[0..n) sorted in place: insertion sort for the few replications of a
 * daily row, else qsort; then the percentiles by pks_percentile's rule. */
static void
sort_small (double *x, guint n)
{
  if (n > 32)
    {
      double p = pks_percentile (x, n, 50.0);   /* sorts */
      (void) p;
      return;
    }
  for (guint i = 1; i < n; i++)
    {
      double v = x[i];
      guint j = i;
      for (; j > 0 && x[j - 1] > v; j--)
        x[j] = x[j - 1];
      x[j] = v;
    }
}

static double
percentile_sorted (const double *x, guint n, double pct)
{
  double h = (double) (n - 1) * pct / 100.0;
  gsize lo = (gsize) floor (h);
  if (lo + 1 >= n)
    return x[n - 1];
  return x[lo] + (h - (double) lo) * (x[lo + 1] - x[lo]);
}

static void
date_str (char buf[11], PksDate d)
{
  pks_date_format (d, buf);
}

/* Each reported day's date as text, "YYYY-MM-DD". */
static char (*day_dates (const PksModel *m))[11]
{
  guint nd = pks_model_n_days (m);
  char (*dates)[11] = g_malloc_n (MAX (1u, nd), 11);
  for (guint d = 0; d < nd; d++)
    pks_date_format (pks_model_start (m) + d, dates[d]);
  return dates;
}

/* The row's end: written at once. */
static gboolean
row_write (FILE *f, Row *r)
{
  row_add (r, "\n", 1);
  return fwrite (r->b, 1, r->len, f) == r->len;
}

/* The start of a daily row: "DATE,HEAD,staffed,mean,p10,p90" from the
 * replications' census x[0..n) (sorted here) and their sum. */
static void
row_census (Row *row, const char *date, const char *head, int staffed, double *x, guint n, double sum)
{
  row->len = 0;
  row_add (row, date, 10);
  row_add (row, ",", 1);
  row_add (row, head, strlen (head));
  row_int (row, staffed);
  row_num (row, sum / n);
  if (n > 0)
    {
      sort_small (x, n);
      row_num (row, percentile_sorted (x, n, 10.0));
      row_num (row, percentile_sorted (x, n, 90.0));
    }
  else
    row_add (row, ",,", 2);
}

gboolean
pks_write_daily_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps, guint n,
                     GError **error)
{
  FILE *f = pks_output_begin (o, "daily.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "date", "unit", "staffed_beds", "census_mean", "census_p10",
                        "census_p90", "overcrowded_mean", "outlied_mean" };
  gboolean ok = pks_csv_write_row (f, hdr, 8);
  g_autofree double *x = g_new (double, MAX (1u, n));
  guint nu = pks_model_n_units (m), nd = pks_model_n_days (m);
  g_autofree char (*dates)[11] = day_dates (m);
  g_auto (GStrv) names = g_new0 (char *, nu + 1);
  for (guint u = 0; u < nu; u++)
    names[u] = csv_field (pks_model_unit_name (m, u));
  Row rw = { g_malloc (256), 0, 256 }, *row = &rw;
  for (guint d = 0; ok && d < nd; d++)
    for (guint u = 0; ok && u < nu; u++)
      {
        if (!pks_model_unit_has_beds (m, u))
          continue;
        int staffed = pks_model_staffed_beds (m, u, d);
        double sum = 0, over = 0, outl = 0;
        for (guint r = 0; r < n; r++)
          {
            double c = reps[r]->census[(gsize) u * nd + d];
            x[r] = c;
            sum += c;
            over += MAX (0.0, c - staffed);
            outl += reps[r]->outlied[(gsize) u * nd + d];
          }
        row_census (row, dates[d], names[u], staffed, x, n, sum);
        row_num (row, over / n);
        row_num (row, outl / n);
        ok = row_write (f, row);
      }
  g_free (rw.b);
  if (!ok)
    return io_fail (error, "daily.csv");
  return pks_output_end (o, error);
}

gboolean
pks_write_daily_sites_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                           guint n, GError **error)
{
  FILE *f = pks_output_begin (o, "daily_sites.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "date", "scope", "name", "staffed_beds", "census_mean", "census_p10",
                        "census_p90" };
  gboolean ok = pks_csv_write_row (f, hdr, 7);
  g_autofree double *x = g_new (double, MAX (1u, n));
  guint nu = pks_model_n_units (m), nd = pks_model_n_days (m);
  g_autofree char (*dates)[11] = day_dates (m);
  /* the region, sites, areas and clinics: every entity but the units */
  guint n_agg = pks_model_unit_entity (m, 0);
  g_autofree gboolean *in = g_new (gboolean, (gsize) n_agg * nu);
  for (guint e = 0; e < n_agg; e++)
    for (guint u = 0; u < nu; u++)
      in[(gsize) e * nu + u] = pks_model_entity_has_unit (m, e, u);
  /* "SCOPE,NAME" of each, quoted once */
  g_auto (GStrv) heads = g_new0 (char *, n_agg + 1);
  for (guint e = 0; e < n_agg; e++)
    {
      g_autofree char *name = csv_field (pks_model_entity_name (m, e));
      heads[e] = g_strconcat (pks_scope_name (pks_model_entity_scope (m, e)), ",", name, NULL);
    }
  Row rw = { g_malloc (256), 0, 256 }, *row = &rw;
  for (guint d = 0; ok && d < nd; d++)
    {
      for (guint e = 0; ok && e < n_agg; e++)
        {
          int staffed = 0;
          for (guint u = 0; u < nu; u++)
            if (in[(gsize) e * nu + u])
              staffed += pks_model_staffed_beds (m, u, d);
          double sum = 0;
          for (guint r = 0; r < n; r++)
            {
              double c = 0;
              for (guint u = 0; u < nu; u++)
                if (in[(gsize) e * nu + u])
                  c += reps[r]->census[(gsize) u * nd + d];
              x[r] = c;
              sum += c;
            }
          row_census (row, dates[d], heads[e], staffed, x, n, sum);
          ok = row_write (f, row);
        }
    }
  g_free (rw.b);
  if (!ok)
    return io_fail (error, "daily_sites.csv");
  return pks_output_end (o, error);
}

gboolean
pks_write_monthly_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps, guint n,
                       GError **error)
{
  FILE *f = pks_output_begin (o, "monthly.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "month", "unit", "waiting_first_visit", "waiting_treatment",
                        "vg_first_visit_pct", "vg_treatment_pct", "operations",
                        "cancelled_operations" };
  gboolean ok = pks_csv_write_row (f, hdr, 8);
  guint nu = pks_model_n_units (m), nm = pks_model_n_months (m);
  g_autofree double *x = g_new (double, MAX (1u, n));
  char mbuf[11], b[PKS_N_MONTHLY][32];
  for (guint mi = 0; ok && mi < nm; mi++)
    {
      PksDate d = pks_model_month_date (m, mi);
      g_snprintf (mbuf, sizeof mbuf, "%04d-%02d", pks_date_year (d), pks_date_month (d));
      for (guint u = 0; ok && u < nu; u++)
        {
          if (!pks_model_unit_has_elective (m, u))
            continue;
          const char *row[2 + PKS_N_MONTHLY];
          row[0] = mbuf;
          row[1] = pks_model_unit_name (m, u);
          for (int k = 0; k < PKS_N_MONTHLY; k++)
            {
              for (guint r = 0; r < n; r++)
                x[r] = reps[r]->monthly[pks_monthly_index (nm, u, mi, (guint) k)];
              row[2 + k] = pks_fmt_num (b[k], pks_estimate_of (x, n).mean);
            }
          ok = pks_csv_write_row (f, row, 2 + PKS_N_MONTHLY);
        }
    }
  if (!ok)
    return io_fail (error, "monthly.csv");
  return pks_output_end (o, error);
}

gboolean
pks_write_compare_csv (PksOutput *o, GArray *const *rows, const char *const *plans, guint np,
                       GError **error)
{
  FILE *f = pks_output_begin (o, "compare.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "scope", "name", "metric", "plan", "base_mean", "plan_mean",
                        "diff_mean", "diff_ci_low", "diff_ci_high" };
  gboolean ok = pks_csv_write_row (f, hdr, 9);
  char b[5][32];
  for (guint p = 0; ok && p < np; p++)
    for (guint i = 0; ok && i < rows[p]->len; i++)
      {
        const PksDiffRow *r = &g_array_index (rows[p], PksDiffRow, i);
        const char *row[] = { pks_scope_name (r->scope), r->name, pks_metric_name (r->metric), plans[p],
                              pks_fmt_num (b[0], r->base_mean), pks_fmt_num (b[1], r->plan_mean),
                              pks_fmt_num (b[2], r->diff.mean), pks_fmt_num (b[3], r->diff.ci_low),
                              pks_fmt_num (b[4], r->diff.ci_high) };
        ok = pks_csv_write_row (f, row, 9);
      }
  if (!ok)
    return io_fail (error, "compare.csv");
  return pks_output_end (o, error);
}

gboolean
pks_write_plan_pairs_csv (PksOutput *o, GArray *const *rows, const char *const *plan,
                          const char *const *other, guint n, GError **error)
{
  FILE *f = pks_output_begin (o, "plan_pairs.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "plan", "other", "metric", "diff_mean", "diff_ci_low", "diff_ci_high" };
  gboolean ok = pks_csv_write_row (f, hdr, 6);
  char b[3][32];
  for (guint p = 0; ok && p < n; p++)
    for (guint i = 0; ok && i < rows[p]->len; i++)
      {
        const PksDiffRow *r = &g_array_index (rows[p], PksDiffRow, i);
        if (r->scope != PKS_SCOPE_REGION)
          continue;
        const char *row[] = { plan[p], other[p], pks_metric_name (r->metric),
                              pks_fmt_num (b[0], r->diff.mean), pks_fmt_num (b[1], r->diff.ci_low),
                              pks_fmt_num (b[2], r->diff.ci_high) };
        ok = pks_csv_write_row (f, row, 6);
      }
  if (!ok)
    return io_fail (error, "plan_pairs.csv");
  return pks_output_end (o, error);
}

gboolean
pks_write_daily_diff_csv (PksOutput *o, const PksDailyDiff *const *diffs, const char *const *plan,
                          guint n, PksDate start, GError **error)
{
  FILE *f = pks_output_begin (o, "daily_diff.csv", error);
  if (!f)
    return FALSE;
  const char *hdr[] = { "date", "scope", "name", "plan", "staffed_beds_diff", "census_diff_mean",
                        "census_diff_ci_low", "census_diff_ci_high", "overcrowded_diff_mean",
                        "overcrowded_diff_ci_low", "overcrowded_diff_ci_high" };
  gboolean ok = pks_csv_write_row (f, hdr, 11);
  guint nd = 0;
  for (guint i = 0; i < n; i++)
    nd = MAX (nd, diffs[i]->n_days);
  char dbuf[11], b[7][32];
  for (guint d = 0; ok && d < nd; d++)
    {
      date_str (dbuf, start + d);
      for (guint i = 0; ok && i < n; i++)
        {
          const PksDailyDiff *x = diffs[i];
          if (d >= x->n_days)
            continue;
          const PksEstimate *c = &x->census[d], *v = &x->overcrowded[d];
          const char *row[] = { dbuf, pks_scope_name (x->scope), x->name, plan[i],
                                pks_fmt_num (b[0], x->staffed[d]), pks_fmt_num (b[1], c->mean),
                                pks_fmt_num (b[2], c->ci_low), pks_fmt_num (b[3], c->ci_high),
                                pks_fmt_num (b[4], v->mean), pks_fmt_num (b[5], v->ci_low),
                                pks_fmt_num (b[6], v->ci_high) };
          ok = pks_csv_write_row (f, row, 11);
        }
    }
  if (!ok)
    return io_fail (error, "daily_diff.csv");
  return pks_output_end (o, error);
}

char *
pks_summary_to_json (const PksSummary *s, guint64 seed)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_string_value (b, pks_model_scenario_name (s->model));
  char date[11];
  pks_date_format (pks_model_start (s->model), date);
  json_builder_set_member_name (b, "start");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "days");
  json_builder_add_int_value (b, pks_model_n_days (s->model));
  json_builder_set_member_name (b, "replications");
  json_builder_add_int_value (b, s->n_reps);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) seed);
  json_builder_set_member_name (b, "summary");
  json_builder_begin_array (b);
  guint ne = pks_model_n_entities (s->model);
  for (guint e = 0; e < ne; e++)
    for (int k = 0; k < PKS_N_METRICS; k++)
      {
        const PksEstimate *est = pks_summary_get (s, e, k);
        if (isnan (est->mean))
          continue;
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "scope");
        json_builder_add_string_value (b, pks_scope_name (pks_model_entity_scope (s->model, e)));
        json_builder_set_member_name (b, "name");
        json_builder_add_string_value (b, pks_model_entity_name (s->model, e));
        json_builder_set_member_name (b, "metric");
        json_builder_add_string_value (b, pks_metric_name (k));
        pks_json_num (b, "mean", est->mean);
        pks_json_num (b, "ci_low", est->ci_low);
        pks_json_num (b, "ci_high", est->ci_high);
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autoptr (JsonGenerator) g = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  json_generator_set_pretty (g, TRUE);
  return json_generator_to_data (g, NULL);
}

struct _PksTraceWriter {
  FILE *f;
  const PksModel *m;
  gboolean ok;
};

PksTraceWriter *
pks_trace_writer_new (FILE *f, const PksModel *m)
{
  PksTraceWriter *w = g_new0 (PksTraceWriter, 1);
  w->f = f;
  w->m = m;
  const char *hdr[] = { "time", "patient", "unit", "flow", "event", "bed_unit" };
  w->ok = pks_csv_write_row (f, hdr, 6);
  return w;
}


void
pks_trace_writer_cb (gpointer ctx, double t_min, guint64 patient, guint unit, guint flow,
                     PksTraceEvent ev, int host)
{
  PksTraceWriter *w = ctx;
  if (!w->ok)
    return;
  /* time as ISO date-time of the simulated clock */
  double t_rel = t_min - pks_model_report_t0 (w->m);
  double day = floor (t_rel / PKS_MIN_PER_DAY);
  double mins = t_rel - day * PKS_MIN_PER_DAY;
  char date[11], tbuf[40], pbuf[24];
  pks_date_format ((PksDate) ((gint64) pks_model_start (w->m) + (gint64) day), date);
  int hh = (int) (mins / 60.0), mm = (int) fmod (mins, 60.0);
  g_snprintf (tbuf, sizeof tbuf, "%sT%02d:%02d", date, hh, mm);
  g_snprintf (pbuf, sizeof pbuf, "%" G_GUINT64_FORMAT, patient);
  const char *row[] = { tbuf, pbuf, pks_model_unit_name (w->m, unit),
                        pks_model_flow_name (w->m, flow), pks_trace_event_name (ev),
                        host >= 0 ? pks_model_unit_name (w->m, (guint) host) : "" };
  w->ok = pks_csv_write_row (w->f, row, 6);
}

gboolean
pks_trace_writer_free (PksTraceWriter *w)
{
  gboolean ok = w->ok;
  g_free (w);
  return ok;
}
