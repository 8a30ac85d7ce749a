/* plan.h — what a plan changes against its base, for pks compare and its
 * report: the plan's own rows (changes, staffing), the keys and table cells
 * whose values differ, the effective change per unit (staffed bed-days,
 * sessions and slots offered, staff cost), whether anything simulated
 * changes at all, and the terms on which plans are compared. So "no
 * difference" can be told from "nothing changed" (docs/metrics.md,
 * plan_changes.csv). */
#ifndef PKS_PLAN_H
#define PKS_PLAN_H

#include <glib.h>
#include "pks/model/model.h"

G_BEGIN_DECLS

typedef enum {
  PKS_PLAN_CHANGE,     /* a changes.csv row the plan has and its base has not (or the reverse) */
  PKS_PLAN_STAFFING,   /* a staffing.csv row likewise */
  PKS_PLAN_KEY,        /* a scenario key whose value differs (policy, guarantee, norms, costs, tables) */
  PKS_PLAN_CELL,       /* a units.csv or flows.csv value that differs (another table, a --set) */
  PKS_PLAN_EFFECT,     /* the effective change of one unit's capacity or staff cost */
  PKS_PLAN_NONE,       /* nothing that is simulated differs from the base */
} PksPlanRowKind;

typedef struct {
  PksPlanRowKind kind;
  char *name;          /* the unit (or "*", "site:S"), the key, or units[U] / flows[U/F] */
  char *item;          /* resource, role, column or effect (staffed_bed_days, …); may be NULL */
  char *detail;        /* the row as a planner wrote it; may be NULL */
  char *base, *plan;   /* values as text (KEY, CELL, EFFECT); may be NULL */
  double diff;         /* EFFECT: plan − base */
  char *source;        /* FILE:LINE, or "--set …"; may be NULL */
} PksPlanRow;

/* How big a plan is, for telling whether plans are on equal terms: the
 * region's effective staffed beds it adds (every unit), from its first day
 * on, and the sessions and slots it adds. */
typedef struct {
  PksDate first;       /* first reported day on which staffed beds differ; 0 = none */
  double bed_days;     /* staffed bed-days, plan − base */
  double beds;         /* mean staffed beds added on the days they differ */
  double sessions, slots;   /* sessions and visit slots offered, plan − base */
} PksPlanSize;

typedef struct {
  GPtrArray *rows;     /* PksPlanRow*: rows, keys, cells, then effects (or NONE) */
  gboolean nothing;    /* nothing simulated differs: capacity, staff cost, keys, cells */
  double planned_days; /* planned staffed bed-days, plan − base (every unit) */
  guint planned_only;  /* effect rows of planned staffed bed-days (not simulated as such) */
  PksPlanSize size;
  /* the plan file's own horizon and run settings, where they differ from
   * the base's (pks compare runs every scenario with the base's seed and
   * replications; start, days and warm-up are the plan's) */
  GPtrArray *terms;    /* PksPlanTerm* */
} PksPlanChanges;

/* A way in which a plan is not on the same terms as what it is set
 * against: the base (its start, days, warm-up, seed, replications), or
 * another plan (its size, its first day). */
typedef struct {
  char *what;          /* start, days, warmup_days, seed, replications, size, first_day */
  char *against;       /* NULL: the base; else the other plan's name */
  char *value, *other; /* this plan's, and the base's (or other plan's) */
} PksPlanTerm;

void pks_plan_row_free (PksPlanRow *r);
void pks_plan_term_free (PksPlanTerm *t);
/* "change", "staffing", "key", "cell", "effect", "none" (plan_changes.csv
 * `kind`); -1 for another name. */
const char *pks_plan_kind_name (PksPlanRowKind k);
int pks_plan_kind_from_name (const char *name);

/* (transfer full) */
PksPlanChanges *pks_plan_changes (const PksScenario *base, const PksModel *mbase,
                                  const PksScenario *plan, const PksModel *mplan);
void pks_plan_changes_free (PksPlanChanges *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksPlanChanges, pks_plan_changes_free)

/* Between plans: a term for each plan whose size (mean added staffed beds,
 * rounded) or first day differs from the first plan that adds beds; they
 * are appended to that plan's terms. names: the plans' names. */
void pks_plan_terms_between (PksPlanChanges *const *plans, const char *const *names, guint n);

/* "KAVA adds +8 staffed beds from 2024-03-01 (+2448 bed-days)" and the
 * like, in English, for the terminal (transfer full). */
char *pks_plan_term_text (const PksPlanTerm *t, const char *plan_name);
/* One row as the terminal shows it (transfer full). */
char *pks_plan_row_text (const PksPlanRow *r);

G_END_DECLS

#endif
