/* input-internal.h — helpers shared by the loaders (not public API). */
#ifndef PKS_INPUT_INTERNAL_H
#define PKS_INPUT_INTERNAL_H

#include <glib.h>
#include <gio/gio.h>
#include "pks/input/diag.h"
#include "pks/input/load.h"

G_BEGIN_DECLS

gboolean pks_path_is_resource (const char *path);
char *pks_path_canonical (const char *path);
char *pks_path_resolve (const char *dir, const char *rel);
char *pks_path_dirname (const char *path);
/* The directory relative paths start from (see pks_files_set_workdir).
 * (transfer full) */
char *pks_path_workdir (void);

/* A row with more fields than this is refused (a wrong file, not a table). */
#define PKS_CSV_MAX_FIELDS 256

/* A CSV table read into strings, before typed interpretation. Cells live
 * in one string chunk (docs/robustness.md: memory stays about twice the
 * file's size); --set overrides are kept beside them. */
typedef struct {
  char *file;             /* display path */
  GPtrArray *header;      /* char*, trimmed and lower-case */
  guint n_rows;           /* rows, header excluded */
  GPtrArray *cells;       /* const char* into strings, row after row */
  GArray *first;          /* guint: index in cells of each row's first cell (n_rows + 1) */
  GArray *lines;          /* int: line of each row */
  GHashTable *set;        /* (row << 32 | col) -> value from --set, or NULL */
  GStringChunk *strings;
  int header_line;
  char delimiter;         /* ',', ';' or '\t' as detected from the header */
} PksTable;

/* Check that text is UTF-8 (not UTF-16, no NUL bytes), reporting the first
 * bad byte at its line and column with a hint (table: say "CSV UTF-8"). */
gboolean pks_text_check (const char *file, const char *data, gsize len, gboolean table,
                         PksDiags *diags);

/* Read a table (at most max_rows rows after the header; 0 = no limit).
 * Rows with values beyond the header are reported and left out. */
PksTable *pks_table_read (PksFiles *files, const char *path, guint max_rows, PksDiags *diags);
void pks_table_free (PksTable *t);
int pks_table_column (const PksTable *t, const char *name);
/* Cell text or NULL when the column is absent or the row is short. */
const char *pks_table_cell (const PksTable *t, guint row, int col);
/* Set a cell (adding the column when it is absent). */
void pks_table_set_cell (PksTable *t, guint row, const char *column, const char *value);

/* A row of a stream: its cells (the header is the first row) and the line
 * where it begins. Return FALSE to stop reading. */
typedef gboolean (*PksCsvRowFunc) (gpointer ctx, const char *const *cells, guint n, int line);
#define PKS_CSV_MAX_LINE (16 << 20)
/* Read a CSV file of any length one row at a time, with the tolerance of
 * the tables (BOM, CRLF, `;` or tab separators, `#` comments, UTF-8
 * checked line by line), holding one row in memory. file is the name
 * messages show. FALSE when the text is malformed (reported in diags) or
 * fn stopped it. */
gboolean pks_csv_stream (const char *file, GInputStream *in, PksCsvRowFunc fn, gpointer ctx,
                         PksDiags *diags);

/* Levenshtein distance on bytes, capped at max+1. */
guint pks_edit_distance (const char *a, const char *b, guint max);
/* The candidate nearest to word, or NULL when none is near. */
const char *pks_nearest (const char *word, const char *const *candidates, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksTable, pks_table_free)

G_END_DECLS

#endif
