/* sweep.h — designed experiments (contract section 3, `pks sweep`): a
 * design file whose rows are sets of --set overrides on a base scenario,
 * and the reduction of every point's replications, paired with the base's
 * by common random numbers, into the rows of sweep.csv. */
#ifndef PKS_SWEEP_H
#define PKS_SWEEP_H

#include <glib.h>
#include "load.h"
#include "output.h"

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

/* The reduction: point 0 is the base, points 1… the design's. Each
 * point's replications are kept (metrics only) until all have arrived and
 * the base's are complete, then reduced in replication order into means
 * and paired differences, and freed: memory holds the base, the points in
 * progress and the reduced rows. */
typedef struct _PksSweep PksSweep;

PksSweep *pks_sweep_new (guint n_points, guint n_reps);
void pks_sweep_free (PksSweep *s);
/* The entities (scope, name) of point p's model, before its results. */
void pks_sweep_set_shape (PksSweep *s, guint p, const PksModel *m);
/* Replication number i (0-based within the sweep) of point p; copies the
 * metrics. Not thread-safe: call from one thread at a time (a sink). */
void pks_sweep_add (PksSweep *s, guint p, guint i, const PksRepResult *r);
/* TRUE once every point is reduced. */
gboolean pks_sweep_done (const PksSweep *s);

typedef struct {
  PksScope scope;
  const char *name;
  PksMetric metric;
  PksEstimate mean;       /* over replications */
  PksEstimate diff;       /* point − base, paired; NaN if the base has no such entity */
} PksSweepRow;

/* Reduced row (entity e of point p, metric k); NULL before reduction or
 * out of range. */
gboolean pks_sweep_row (const PksSweep *s, guint p, guint e, PksMetric k, PksSweepRow *row);
guint pks_sweep_n_entities (const PksSweep *s, guint p);

/* sweep.csv (contract section 4) for the design's points, and design.csv,
 * the design as read. */
gboolean pks_write_sweep_csv (PksOutput *o, const PksSweep *s, const PksDesign *d,
                              GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksDesign, pks_design_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksSweep, pks_sweep_free)

G_END_DECLS

#endif
