/* io-internal.h — helpers shared by the loaders (not public API). */
#ifndef PKS_IO_INTERNAL_H
#define PKS_IO_INTERNAL_H

#include <glib.h>
#include "pks/diag.h"
#include "pks/load.h"

G_BEGIN_DECLS

gboolean pks_path_is_resource (const char *path);
char *pks_path_canonical (const char *path);
char *pks_path_resolve (const char *dir, const char *rel);
char *pks_path_dirname (const char *path);
/* The directory relative paths start from (see pks_files_set_workdir).
 * (transfer full) */
char *pks_path_workdir (void);
/* A path as planners should see it: relative to the working directory
 * where possible, "(embedded) scenarios/…" for embedded files. */
char *pks_path_display (const char *path);

/* A CSV table read into strings, before typed interpretation. */
typedef struct {
  char *file;             /* display path */
  GPtrArray *header;      /* char* */
  GPtrArray *rows;        /* GPtrArray* of char*, header excluded */
  GArray *lines;          /* int: line of each row */
  int header_line;
} PksTable;

PksTable *pks_table_read (PksFiles *files, const char *path, PksDiags *diags);
void pks_table_free (PksTable *t);
int pks_table_column (const PksTable *t, const char *name);
/* Cell text or NULL when the column is absent or the row is short. */
const char *pks_table_cell (const PksTable *t, guint row, int col);
/* Set a cell (adding the column when it is absent). */
void pks_table_set_cell (PksTable *t, guint row, const char *column, const char *value);

/* Levenshtein distance on bytes, capped at max+1. */
guint pks_edit_distance (const char *a, const char *b, guint max);
/* The candidate nearest to word, or NULL when none is near. */
const char *pks_nearest (const char *word, const char *const *candidates, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksTable, pks_table_free)

G_END_DECLS

#endif
