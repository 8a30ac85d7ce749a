/* design.h — a sweep's design file (contract section 3, `pks sweep`): rows
 * of --set overrides on a base scenario, read and checked like the tables. */
#ifndef PKS_DESIGN_H
#define PKS_DESIGN_H

#include <glib.h>
#include "pks/input/load.h"

G_BEGIN_DECLS

/* DESIGN.csv: an optional `point` column (names) and one column per --set
 * key (factors); each row a design point. An empty cell keeps the base's
 * value. */
typedef struct {
  char *file;             /* as shown in messages */
  GBytes *bytes;          /* the file as read, copied to the output */
  guint n_factors;
  char **keys;            /* [factor] the --set key, e.g. units[Medicin A].staffed_beds */
  int *key_column;        /* [factor] 1-based column in the file */
  guint n_points;
  char **names;           /* [point] its name: the `point` cell, or the row number */
  int *lines;             /* [point] the line it starts on */
  char ***values;         /* [point][factor] trimmed text, "" = the base's value */
} PksDesign;

/* Read and check a design: a header, at least one factor and one point,
 * known key forms, no duplicate columns or point names. Problems go to
 * diags (may be NULL) as FILE:LINE:COLUMN; NULL when there was an error.
 * (transfer full) */
PksDesign *pks_design_read (PksFiles *files, const char *path, PksDiags *diags);
void pks_design_free (PksDesign *d);
/* base_sets (may be NULL) followed by "KEY=VALUE" for each factor point p
 * sets. NULL-terminated. (transfer full) */
char **pks_design_sets (const PksDesign *d, guint p, const char *const *base_sets);
/* Copy the diagnostics of loading point p (from) into to, moving those
 * that name one of its factors' --set keys to the design cell
 * (FILE:LINE:COLUMN, key = the factor). Other errors are kept with the
 * point's line (unless a factor already failed: they follow from it);
 * other warnings are dropped (the base showed them). seen
 * (char* set) drops repeats of one message across points. */
void pks_design_attribute (const PksDesign *d, guint p, const PksDiags *from, PksDiags *to,
                           GHashTable *seen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksDesign, pks_design_free)

G_END_DECLS

#endif
