/* model.h — the hospital model: a scenario compiled into an immutable
 * PksModel (daily capacity per unit, arrival rates per flow, outlying
 * order), and PksSim, which runs one replication of it and fills a
 * PksRepResult. A model is shared read-only by every thread; a PksSim is
 * one thread's reusable working memory. */
#ifndef PKS_MODEL_H
#define PKS_MODEL_H

#include <glib.h>
#include "pks/model/scenario.h"
#include "pks/model/metrics.h"

G_BEGIN_DECLS

typedef struct _PksModel PksModel;
typedef struct _PksSim PksSim;

/* Entities of the outputs: the region, its sites, the clinics and areas
 * units.csv names (klinik/centrum, område: their values follow from their
 * units as a site's do), its units and, with [scenario] by_flow, its flows
 * (named "Unit/flow"). */
typedef enum {
  PKS_SCOPE_REGION, PKS_SCOPE_SITE, PKS_SCOPE_UNIT, PKS_SCOPE_FLOW, PKS_SCOPE_AREA,
  PKS_SCOPE_CLINIC
} PksScope;

/* "region", "site", "unit", "flow", "area", "clinic": summary.csv's scope
 * column. */
const char *pks_scope_name (PksScope s);

/* (transfer full) Compile a validated scenario. The model keeps no pointer
 * into the scenario. */
PksModel *pks_model_new (const PksScenario *s, GError **error);
void pks_model_free (PksModel *m);

guint pks_model_n_units (const PksModel *m);
guint pks_model_n_sites (const PksModel *m);
guint pks_model_n_flows (const PksModel *m);
/* Entities in output order: 0 = the region, then sites, areas, clinics
 * (none without units.csv's clinic and area columns), units, then (with
 * by_flow) flows. */
guint pks_model_n_entities (const PksModel *m);
/* TRUE when the outputs have the flow scope ([scenario] by_flow). */
gboolean pks_model_by_flow (const PksModel *m);
/* The entity of a flow (with by_flow). */
guint pks_model_flow_entity (const PksModel *m, guint flow);
PksScope pks_model_entity_scope (const PksModel *m, guint e);
const char *pks_model_entity_name (const PksModel *m, guint e);
/* The index of entity e among those of its scope (0 for the region). */
guint pks_model_entity_index (const PksModel *m, guint e);
/* Whether the unit is one of entity e's (the region has every unit; a
 * flow its own unit). */
gboolean pks_model_entity_has_unit (const PksModel *m, guint e, guint unit);
/* The scopes that sum their units: region, site, area, clinic. */
gboolean pks_scope_is_aggregate (PksScope s);
guint pks_model_n_areas (const PksModel *m);
guint pks_model_n_clinics (const PksModel *m);
/* A unit's area or clinic index, G_MAXUINT32 when it has none. */
guint pks_model_unit_area (const PksModel *m, guint unit);
guint pks_model_unit_clinic (const PksModel *m, guint unit);
guint pks_model_unit_entity (const PksModel *m, guint unit);
guint pks_model_site_entity (const PksModel *m, guint site);
guint pks_model_unit_site (const PksModel *m, guint unit);
const char *pks_model_unit_name (const PksModel *m, guint unit);
const char *pks_model_site_name (const PksModel *m, guint site);
const char *pks_model_region_name (const PksModel *m);
const char *pks_model_scenario_name (const PksModel *m);
const char *pks_model_flow_name (const PksModel *m, guint flow);
guint pks_model_flow_unit (const PksModel *m, guint flow);
/* Units that have an elective flow (a waiting list) or OR sessions. */
gboolean pks_model_unit_has_elective (const PksModel *m, guint unit);
gboolean pks_model_unit_has_beds (const PksModel *m, guint unit);

/* Reported horizon. */
PksDate pks_model_start (const PksModel *m);
guint pks_model_n_days (const PksModel *m);
guint pks_model_n_months (const PksModel *m);
/* First day of reported month i (the first month may start mid-month). */
PksDate pks_model_month_date (const PksModel *m, guint i);
/* Planned capacity of a unit on reported day d (0-based from start). */
int pks_model_staffed_beds (const PksModel *m, guint unit, guint day);
int pks_model_beds (const PksModel *m, guint unit, guint day);
/* Staffed beds as the plan has them (units.csv and changes.csv, the
 * approved beds), before staffing.csv's staff cap them. */
int pks_model_planned_beds (const PksModel *m, guint unit, guint day);
/* Somatic beds: the disponibla vårdplatser a site or the region counts. */
gboolean pks_model_unit_somatic (const PksModel *m, guint unit);
int pks_model_or_sessions (const PksModel *m, guint unit, guint day);
int pks_model_visit_slots (const PksModel *m, guint unit, guint day);
/* Per unit over the reported days: the planned staffed bed-days (before
 * staff and physical beds cap them), the days on which staff or physical
 * beds held the unit below its plan, and the staff cost (SEK; the cost
 * rules of docs/staffing.md). */
double pks_model_planned_staffed_bed_days (const PksModel *m, guint unit);
double pks_model_staff_bound_days (const PksModel *m, guint unit);
double pks_model_beds_bound_days (const PksModel *m, guint unit);
double pks_model_staff_cost (const PksModel *m, guint unit);
/* Default replications and seed from the scenario. */
guint pks_model_replications (const PksModel *m);
guint64 pks_model_seed (const PksModel *m);

/* Patient-level balance over the whole simulated horizon (warm-up
 * included), for conservation tests. */
typedef struct {
  guint64 acute_arrivals, acute_admitted, acute_transferred;
  guint64 elective_admitted, elective_forced;   /* forced: no bed, admitted anyway */
  guint64 discharged, in_bed_end;
  guint64 referrals, initial_waiting, replaced_at_start;
  guint64 initial_first, initial_treatment, replaced_first, replaced_treatment;
  guint64 first_visits, waiting_first_visit_end;
  guint64 decisions, not_treated;
  guint64 operations, cancelled, waiting_treatment_end, booked_end;
  guint64 outlied_now_end, max_census_violation; /* census > beds + overcrowd + outliers bound */
  guint64 patients_in_two_beds;                  /* must stay 0 */
  guint64 emergency_operations;                  /* acute patients operated on admission */
  guint64 patients_peak;   /* most patient records in use at once: the pool's
                              high-water mark, which bounds its memory */
  guint64 initial_in_bed;  /* census.csv patients placed at the start */
  guint64 removed;                               /* left a list untreated (removal_pct) */
  guint64 pathway_moves;                         /* moves to a pathway's next unit */
  guint64 queued_end, blocked_end;               /* waiting for a bed at the end */
} PksBalance;

/* The PKS balance's running levels against a count of the patient pool at
 * the end (kept with the balance's figures, in runs with outputs):
 * patients waiting for an operation, and their operating minutes. */
typedef struct {
  double op_waiting_end, op_waiting_counted;
  double min_waiting_end, min_waiting_counted;
} PksLevelCheck;

/* One replication's results. */
typedef struct {
  guint n_entities, n_units, n_days, n_months;
  double *metrics;      /* [entity][PKS_N_METRICS], NaN where undefined */
  guint16 *census;      /* [unit][day] census at the census hour, or NULL */
  guint16 *outlied;     /* [unit][day] the unit's patients lying elsewhere, or NULL */
  double *monthly;      /* [unit][month][PKS_N_MONTHLY] (pks_monthly_index), or NULL */
  /* With daily arrays: [unit][level] the share of the period's time the
   * unit's census was at that level, levels 0 .. n_census_levels − 1. */
  guint n_census_levels;
  double *census_time;
  /* with the monthly array (outputs), else NULL (pks/model/balance.h): */
  guint n_bounds;
  float *figures;       /* the PKS balance, [bound][unit][PKS_N_BF]: PKS_BALANCE_INDEX */
  double *waits;        /* PKS_WAITS_INDEX */
  double *national;     /* PKS_NATIONAL_INDEX */
  PksLevelCheck levels;
  guint64 events;       /* events the calendar ran */
  PksBalance balance;
} PksRepResult;

/* (transfer full) with_daily: allocate census/outlied arrays; the monthly
 * array always. */
PksRepResult *pks_rep_result_new (const PksModel *m, gboolean with_daily);
/* The same with the monthly array only when with_monthly: runs that write
 * no monthly.csv and no report need metrics alone. */
PksRepResult *pks_rep_result_new_with (const PksModel *m, gboolean with_daily,
                                       gboolean with_monthly);
void pks_rep_result_free (PksRepResult *r);
/* Free n results (any may be NULL) and the array that holds them. */
void pks_rep_results_free (PksRepResult **r, gsize n);
#define pks_rep_metric(r, e, k) ((r)->metrics[(gsize) (e) * PKS_N_METRICS + (k)])

/* A per-patient trace (one replication): called for every patient event. */
typedef enum {
  PKS_TRACE_ARRIVE, PKS_TRACE_ADMIT, PKS_TRACE_OVERCROWD, PKS_TRACE_OUTLIE,
  PKS_TRACE_TRANSFER_OUT, PKS_TRACE_RECALL, PKS_TRACE_DISCHARGE_READY,
  PKS_TRACE_DISCHARGE, PKS_TRACE_REFER, PKS_TRACE_FIRST_VISIT, PKS_TRACE_DECIDE,
  PKS_TRACE_NO_TREATMENT, PKS_TRACE_BOOK, PKS_TRACE_OPERATE, PKS_TRACE_CANCEL,
  PKS_TRACE_ADMIT_FORCED, PKS_TRACE_WAITLIST_INITIAL, PKS_TRACE_CENSUS_INITIAL,
  PKS_TRACE_TRANSFER_NEXT,     /* moved to the next unit of its pathway (host: its bed) */
  PKS_TRACE_TRANSFER_BLOCKED,  /* its stay is over; waits in its bed for the next unit */
  PKS_TRACE_QUEUE,             /* acute: waits for a bed (acute_queue_hours) */
  PKS_TRACE_REMOVED,           /* left the waiting list untreated (removal_pct) */
  PKS_N_TRACE
} PksTraceEvent;

const char *pks_trace_event_name (PksTraceEvent ev);

typedef void (*PksTraceFunc) (gpointer ctx, double t_min, guint64 patient,
                              guint unit, guint flow, PksTraceEvent ev,
                              int host_unit);

PksSim *pks_sim_new (const PksModel *m);     /* (transfer full) */
void pks_sim_free (PksSim *sim);
void pks_sim_set_trace (PksSim *sim, PksTraceFunc fn, gpointer ctx);
/* Run replication rep with keyed streams (seed, rep, name) into out
 * (which must come from pks_rep_result_new for the same model). */
void pks_sim_run (PksSim *sim, guint64 seed, guint64 rep, PksRepResult *out);
/* The same in steps: begin (out only says which arrays the results keep),
 * advance until the end (TRUE) or until simulated day stop_day is about
 * to start (FALSE; G_MAXUINT: never), end (out filled). */
void pks_sim_begin (PksSim *sim, guint64 seed, guint64 rep, const PksRepResult *out);
gboolean pks_sim_advance (PksSim *sim, guint stop_day);
void pks_sim_end (PksSim *sim, PksRepResult *out);

/* A plan's replication from the base's (fork.c): the first simulated day
 * on which plan may behave differently from base, 0 when they differ in
 * anything but their daily capacity (units, flows, policy, lists, ...);
 * n_sim_days − 1 at most. Both simulate alike until that day's start,
 * event for event and draw for draw. */
guint pks_model_shared_days (const PksModel *base, const PksModel *plan);
/* Make dst (a PksSim of a model that shares at least the days simulated
 * so far with src's, by pks_model_shared_days) an exact copy of src's
 * state, to go on with pks_sim_advance under its own model. FALSE when
 * the copy cannot be proved to be dst's own state (then run dst from
 * pks_sim_begin). */
gboolean pks_sim_fork (PksSim *dst, const PksSim *src);

/* Staff that keep one more staffed bed open (per role) or one more OR
 * session a week running, at the year's average leave (docs/staffing.md). */
double pks_staffing_fte_per_bed (const PksStaffingNorms *n, PksRole role);
double pks_staffing_fte_per_session (const PksStaffingNorms *n, double session_minutes);

/* What the capacity computation changed of what a scenario asked for
 * (docs/staffing.md, "What binds"): one note per change row and unit, over
 * the reported days. The loader turns them into warnings. */
typedef enum {
  PKS_NOTE_SHORT,     /* a planned increase that staff or physical beds cut down */
  PKS_NOTE_CLAMPED,   /* a change whose result fell below 0 (or above the maximum) */
  PKS_NOTE_PAYROLL,   /* a row that closes a unit whose staff stay on the payroll */
} PksCapacityNoteKind;

typedef struct {
  PksCapacityNoteKind kind;
  guint change;                   /* index into PksScenario.changes */
  guint unit;
  PksResource resource;           /* staffed_beds or or_sessions_per_week (SHORT) */
  PksDate first, last;            /* reported days concerned */
  guint days;
  /* SHORT: unit-days (bed-days; sessions a week × days) the row adds to the
   * final plan, of which open, and of the rest those cut by staff and by
   * physical beds */
  double planned, effective, staff_short, beds_short;
  /* SHORT: the mean planned number with the row; CLAMPED: the most extreme
   * value before clamping */
  double level;
  double before;                  /* CLAMPED: the value the row applied to there */
  double cover_min, cover_max;    /* SHORT: what the staff covered on the days they cut */
  double need[PKS_N_ROLES];       /* SHORT: FTE that would cover the row, at the year's average leave */
  double need_beds;               /* SHORT: physical beds short on the worst day */
  double fte, cost;               /* PAYROLL: mean FTE on the books, staff cost (SEK) of those days */
} PksCapacityNote;

/* (transfer full) The notes of a validated scenario, in change order. */
GArray *pks_capacity_notes (const PksScenario *s);

/* Simulated minutes from the first warm-up day to the start of the report. */
double pks_model_report_t0 (const PksModel *m);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksModel, pks_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksSim, pks_sim_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksRepResult, pks_rep_result_free)

G_END_DECLS

#endif
