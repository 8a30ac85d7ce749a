/* diag.h — a list of diagnostics (errors and warnings) gathered while
 * loading a scenario, so `pks validate` can report all of them at once.
 * Each is printed as FILE:LINE:COLUMN: message, or FILE: [group] key: message. */
#ifndef PKS_DIAG_H
#define PKS_DIAG_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum { PKS_DIAG_ERROR, PKS_DIAG_WARNING } PksDiagLevel;

typedef struct {
  PksDiagLevel level;
  char *file;      /* may be NULL (e.g. a --set override) */
  int line;        /* 0 = unknown */
  int column;      /* 0 = unknown; a CSV column is the 1-based field number */
  char *key;       /* "[group] key" or a --set key, or NULL */
  char *message;
} PksDiag;

typedef struct {
  GPtrArray *items;   /* of PksDiag* */
  guint n_errors, n_warnings;
  guint max_errors;   /* keep at most this many errors, and as many warnings
                         (0 = 1000); the rest are only counted */
  guint kept_errors, kept_warnings;
} PksDiags;

PksDiags *pks_diags_new (void);
void pks_diags_free (PksDiags *d);

void pks_diags_add (PksDiags *d, PksDiagLevel level, const char *file,
                    int line, int column, const char *key,
                    const char *fmt, ...) G_GNUC_PRINTF (7, 8);
#define pks_diags_error(d, file, line, col, ...) \
  pks_diags_add ((d), PKS_DIAG_ERROR, (file), (line), (col), NULL, __VA_ARGS__)
#define pks_diags_warn(d, file, line, col, ...) \
  pks_diags_add ((d), PKS_DIAG_WARNING, (file), (line), (col), NULL, __VA_ARGS__)

/* TRUE when no more diagnostics of this level are kept (only counted), so
 * callers can skip the work of a hint. */
gboolean pks_diags_full (const PksDiags *d, PksDiagLevel level);

/* One line per diagnostic, "FILE:LINE:COL: error: message". (transfer full) */
char *pks_diag_format (const PksDiag *diag);
/* All diagnostics joined by newlines. (transfer full) */
char *pks_diags_format_all (const PksDiags *d, gboolean with_warnings);
/* If there are errors, set *error (PKS_ERROR_INPUT) to all of them and
 * return FALSE. */
gboolean pks_diags_to_error (const PksDiags *d, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksDiags, pks_diags_free)

G_END_DECLS

#endif
