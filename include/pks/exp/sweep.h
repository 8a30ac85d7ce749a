/* sweep.h — designed experiments (contract section 3, `pks sweep`): a
 * design file whose rows are sets of --set overrides on a base scenario,
 * and the reduction of every point's replications, paired with the base's
 * by common random numbers, into the rows of sweep.csv. */
#ifndef PKS_SWEEP_H
#define PKS_SWEEP_H

#include <glib.h>
#include "pks/model/model.h"
#include "pks/exp/runner.h"

G_BEGIN_DECLS

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
/* Points, the base (0) included. */
guint pks_sweep_n_points (const PksSweep *s);
/* The base's entity with the same scope and name as point p's entity e
 * (the region matches the region whatever its name), or -1. */
int pks_sweep_base_entity (const PksSweep *s, guint p, guint e);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksSweep, pks_sweep_free)

G_END_DECLS

#endif
