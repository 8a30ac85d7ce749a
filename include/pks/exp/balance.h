/* balance.h (exp) — the PKS balance summarised over replications: for
 * every period, entity and resource the demand, capacity and production
 * with their 95 % intervals, the change in the backlog and the backlog at
 * the period's end (docs/balance.md). Sums over an entity's units are
 * taken in each replication, then summarised, so every interval is of the
 * entity's own total. */
#ifndef PKS_EXP_BALANCE_H
#define PKS_EXP_BALANCE_H

#include <glib.h>
#include "pks/model/balance.h"
#include "pks/exp/runner.h"

G_BEGIN_DECLS

typedef struct {
  guint period, entity;
  PksBalanceResource resource;
  PksEstimate demand, capacity, production;
  PksEstimate change, end;       /* the backlog (NaN for bed-days: no list) */
  PksEstimate removed;           /* left the list untreated (removal_pct) */
} PksBalanceRow;

/* Every row of balance.csv in its order: periods (months, tertials,
 * weeks), then entities, then resources; an entity's resource appears
 * when one of its units has it. reps need their figures (outputs).
 * (transfer full) */
GArray *pks_balance_rows (const PksModel *m, PksRepResult *const *reps, guint n);

/* Replication r's demand, production and backlog (its change over the
 * period, or its level at the period's end) of a resource, and those who
 * left its list untreated, summed over the given units, in the resource's
 * unit (bed-days, patients, minutes): demand − production − removed is
 * the backlog's change. */
typedef enum {
  PKS_BV_DEMAND, PKS_BV_PRODUCTION, PKS_BV_CHANGE, PKS_BV_END, PKS_BV_REMOVED
} PksBalanceValue;
double pks_balance_value (const PksModel *m, const PksRepResult *r, const guint *units,
                          guint n_units, guint period, PksBalanceResource res, PksBalanceValue v);
/* Flow figure f of replication r summed over a period for one unit
 * (admissions, first visits, … : production targets). */
double pks_balance_flow (const PksModel *m, const PksRepResult *r, guint unit, guint period,
                         PksBalanceFigure f);

G_END_DECLS

#endif
