/* balance.h — the PKS balance (produktions- och kapacitetsstyrning): per
 * unit and period, what arrived needing a resource (demand, behov), what
 * the plan provided (capacity, kapacitet) and what was done (production,
 * produktion), and the lists between them. A replication records each
 * unit's figures at every period boundary (balance.c); periods are months,
 * tertials and ISO weeks of the reported horizon (periods.c); exp sums
 * them over units and replications (docs/balance.md defines every figure). */
#ifndef PKS_BALANCE_H
#define PKS_BALANCE_H

#include <glib.h>
#include "pks/model/model.h"

G_BEGIN_DECLS

/* A unit's figures at a boundary: the flows (F) since the previous
 * boundary, and the levels (L) at the boundary. */
typedef enum {
  PKS_BF_FV_DEMAND,        /* F referrals arriving on the first-visit list */
  PKS_BF_FV_DONE,          /* F first visits performed */
  PKS_BF_FV_LIST,          /* L patients on the first-visit list */
  PKS_BF_TR_DEMAND,        /* F decisions to treat arriving on the treatment list */
  PKS_BF_TR_DONE,          /* F treatments performed from the list (operations and others) */
  PKS_BF_TR_LIST,          /* L patients on the treatment list (booked included) */
  PKS_BF_OP_DEMAND,        /* F decisions to operate + emergency operations */
  PKS_BF_OP_DONE,          /* F operations performed (elective and emergency) */
  PKS_BF_OP_LIST,          /* L patients on the treatment list waiting for an operation */
  PKS_BF_MIN_DEMAND,       /* F operating minutes of the decisions to treat */
  PKS_BF_MIN_DONE,         /* F operating minutes of the treatments performed */
  PKS_BF_MIN_LIST,         /* L operating minutes of the patients on the treatment list */
  PKS_BF_BED_DEMAND,       /* F minutes the unit's own patients spent in any bed */
  PKS_BF_BED_TRANSFER,     /* F minutes of stay of patients sent out of region (at arrival) */
  PKS_BF_BED_DONE,         /* F minutes patients spent in the unit's beds */
  PKS_BF_ADMISSIONS,       /* F admissions (counted at the home unit) */
  PKS_BF_FV_REMOVED,       /* F left the first-visit list untreated (removal_pct) */
  PKS_BF_TR_REMOVED,       /* F left the treatment list untreated */
  PKS_BF_OP_REMOVED,       /* F of them waiting for an operation */
  PKS_BF_MIN_REMOVED,      /* F their operating minutes */
  PKS_N_BF
} PksBalanceFigure;

/* TRUE for the levels (lists at a boundary), FALSE for the flows. */
gboolean pks_balance_figure_is_level (PksBalanceFigure f);

/* The resources of balance.csv, in its order. */
typedef enum {
  PKS_BR_BED_DAYS, PKS_BR_FIRST_VISITS, PKS_BR_TREATMENTS, PKS_BR_OPERATIONS,
  PKS_BR_OR_MINUTES, PKS_N_BR
} PksBalanceResource;

const char *pks_balance_resource_name (PksBalanceResource r);
/* The resource named as balance.csv names it; -1 if none. */
int pks_balance_resource_from_name (const char *name);
/* In words for people ("Vårddygn", "Bed-days"), and the unit its amounts
 * are counted in ("dygn", "st", "min"). */
const char *pks_balance_resource_label (PksBalanceResource r, PksLang lang);
const char *pks_balance_resource_unit (PksBalanceResource r, PksLang lang);
/* TRUE where capacity is a hard limit of production (first visits:
 * slots). */
gboolean pks_balance_resource_hard (PksBalanceResource r);

typedef enum { PKS_PERIOD_MONTH, PKS_PERIOD_TERTIAL, PKS_PERIOD_WEEK } PksPeriodKind;

/* A reported period: boundaries b_from < b_to index the replication's
 * figures; its days [first_day, first_day + n_days) of the reported
 * horizon (a period cut by the horizon's start or end is shorter). */
typedef struct {
  PksPeriodKind kind;
  char label[12];              /* "2024-03", "2024-T1", "2024-W10" */
  guint first_day, n_days;
  guint b_from, b_to;
} PksPeriod;

/* Boundaries: the first reported day, every later Monday and first of a
 * month, and the end of the horizon. */
guint pks_model_n_bounds (const PksModel *m);
/* Months in order, then tertials, then ISO weeks. */
guint pks_model_n_periods (const PksModel *m);
const PksPeriod *pks_model_period (const PksModel *m, guint p);
/* What the plan provided to a unit over period p, in the resource's
 * unit (bed-days, visits, operations, minutes); NaN where the unit has
 * nothing to measure it by (operations without operating flows). */
double pks_model_capacity (const PksModel *m, guint unit, guint p, PksBalanceResource r);
/* Whether the unit has the resource at all (capacity or a flow needing
 * it), so balance.csv leaves out rows that are empty by construction. */
gboolean pks_model_unit_has_resource (const PksModel *m, guint unit, PksBalanceResource r);

/* One replication's figures, [bound][unit][PKS_N_BF]: at bound 0 the
 * levels and zero flows; at bound b > 0 the flows over (b − 1, b] and the
 * levels at b. Counts are whole numbers (exact in a float). */
#define PKS_BALANCE_INDEX(n_units, b, u, f) ((((gsize) (b)) * (n_units) + (u)) * PKS_N_BF + (f))

/* ---- the national statistics' own shapes (docs/metrics.md) ---- */

/* The waiting-time buckets of the national waiting-time statistics, in
 * calendar days: 0–30, 31–60, 61–90, 91–180, 181–365, over 365. */
#define PKS_N_WAIT_BUCKETS 6

static inline int
pks_wait_bucket (int days)
{
  return days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : days <= 180 ? 3 : days <= 365 ? 4 : 5;
}

/* "0-30", "31-60", "61-90", "91-180", "181-365", "366-". */
const char *pks_wait_bucket_name (int b);

/* A replication's waiting times, [unit][month][stage][status][bucket]
 * (stage 0 first visit, 1 treatment; status 0 waiting at the month's end,
 * 1 done in the month), and the national census, [unit][month][k] (k 0
 * overcrowded, 1 outlied patients counted at [national] census_hour,
 * summed over the month's days). */
#define PKS_WAITS_INDEX(n_months, u, mi, stage, status, b) \
  (((((gsize) (u) * (n_months) + (mi)) * 2 + (stage)) * 2 + (status)) * PKS_N_WAIT_BUCKETS + (b))
#define PKS_NATIONAL_INDEX(n_months, u, mi, k) ((((gsize) (u) * (n_months) + (mi)) * 2) + (k))

/* The lengths of a replication's arrays (never 0). */
static inline gsize
pks_figures_len (guint n_units, guint n_bounds)
{
  return MAX ((gsize) 1, PKS_BALANCE_INDEX (n_units, n_bounds, 0, 0));
}

static inline gsize
pks_waits_len (guint n_units, guint n_months)
{
  return PKS_WAITS_INDEX (MAX (1u, n_months), n_units, 0, 0, 0, 0);
}

static inline gsize
pks_national_len (guint n_units, guint n_months)
{
  return PKS_NATIONAL_INDEX (MAX (1u, n_months), n_units, 0, 0);
}

G_END_DECLS

#endif
