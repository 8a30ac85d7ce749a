/* scenario.h — a scenario as planners write it (contract section 1–2),
 * after loading and validation: plain structs that the model compiles.
 * Loading lives in sim/input (pks_scenario_load); this header owns the data. */
#ifndef PKS_SCENARIO_H
#define PKS_SCENARIO_H

#include <glib.h>
#include "pks/core/clock.h"

G_BEGIN_DECLS

typedef enum { PKS_FLOW_ACUTE, PKS_FLOW_ELECTIVE } PksFlowKind;
typedef enum { PKS_OUTLYING_NONE, PKS_OUTLYING_SITE, PKS_OUTLYING_REGION } PksOutlying;
typedef enum { PKS_SCHED_FIFO, PKS_SCHED_PRIORITY, PKS_SCHED_DUE_DATE } PksScheduling;
typedef enum {
  PKS_RES_BEDS, PKS_RES_STAFFED_BEDS, PKS_RES_OR_SESSIONS, PKS_RES_VISIT_SLOTS,
  PKS_N_RESOURCES
} PksResource;
typedef enum { PKS_CHANGE_SET, PKS_CHANGE_ADD, PKS_CHANGE_SCALE } PksChangeOp;
typedef enum { PKS_SEL_ALL, PKS_SEL_SITE, PKS_SEL_UNIT } PksSelector;
typedef enum { PKS_STAGE_FIRST_VISIT, PKS_STAGE_TREATMENT } PksStage;
/* [policy] transfer_when_full: where a pathway transfer goes when the next
 * unit has no free staffed bed (docs/model.md section 2.6). */
typedef enum {
  PKS_TRANSFER_WAIT, PKS_TRANSFER_OVERCROWD, PKS_TRANSFER_OUTLIE
} PksTransferWhenFull;
typedef enum {
  PKS_ROLE_NURSE, PKS_ROLE_ASSISTANT_NURSE, PKS_ROLE_OR_TEAM, PKS_N_ROLES
} PksRole;
/* Who staffs the capacity a change adds (changes.csv `staff`): nobody
 * (the default: the change is to planned capacity only, and the unit's
 * staffing rows decide what opens), or staff by the norms, own or agency,
 * who come and go with the change (docs/staffing.md). */
typedef enum { PKS_STAFF_NONE, PKS_STAFF_OWN, PKS_STAFF_AGENCY } PksStaffMode;
/* What kind of beds a unit has (units.csv `bed_type`). Only somatic beds
 * count in a site's or the region's disponibla vårdplatser and occupancy,
 * as the national statistics count them (technical beds such as intensive
 * care are excluded, seed 000:2726–2729; psychiatric beds are reported
 * apart); patients are outlied only to units with the same bed type. */
typedef enum {
  PKS_BED_SOMATIC, PKS_BED_PSYCHIATRIC, PKS_BED_TECHNICAL, PKS_N_BED_TYPES
} PksBedType;

/* Where a row or key came from, for messages. file is interned in the
 * scenario's string chunk. */
typedef struct {
  const char *file;
  int line;
} PksSrc;

typedef struct {
  char *name;
  char *site;
  guint site_index;               /* into PksScenario.sites */
  int beds;                       /* physical beds */
  int staffed_beds;               /* disponibla vårdplatser before changes */
  double or_sessions_per_week;
  double or_session_minutes;
  double visit_slots_per_week;
  PksSrc src;
  PksBedType bed_type;            /* somatic unless units.csv says otherwise */
  double turnaround_minutes;      /* a bed a patient leaves is unavailable this long (0) */
  /* The organisation's levels above the unit (units.csv `clinic`, `area`,
   * optional): the name and index into PksScenario.clinics / .areas, or
   * NULL and -1 when the unit belongs to none. */
  char *clinic, *area;
  int clinic_index, area_index;
} PksUnitDef;

typedef struct {
  guint unit;                     /* home unit index */
  char *name;                     /* unique within the unit */
  PksFlowKind kind;
  double per_year;
  double los_days, los_cv;
  double discharge_delay_p, discharge_delay_days;
  double treat_p;                 /* elective */
  double surgery_minutes, surgery_cv;
  double inpatient_p;
  int priority;                   /* 1, 2 or 3 */
  PksSrc src;
  /* Elective: TRUE when the treatment is not an operation but another
   * treatment given in the unit's sessions, such as a hearing-aid fitting
   * (flows.csv `operation = 0`): it counts in the guarantee figures, not in
   * operations. (Acute flows: treat_p is the share of admitted patients
   * given an emergency operation.) Zero, the default, is an operation. */
  gboolean other_treatment;
  /* Elective: the yearly share of waiting patients who leave the lists
   * untreated (flows.csv `removal_pct`): a hazard of removal_pct / 100 per
   * patient-year on the first-visit and treatment lists. 0: none. */
  double removal_pct;
} PksFlowDef;

typedef struct {
  PksSelector selector;
  guint index;                    /* unit or site index */
  PksResource resource;
  PksDate from, to;               /* inclusive; to = 0: open-ended */
  PksChangeOp op;
  double value;                   /* N, or the percentage for SCALE */
  char *note;
  PksSrc src;                     /* a --set cell: file "--set ARG", line 0 */
  PksStaffMode staff;             /* staffed_beds and or_sessions_per_week only */
} PksChange;

typedef struct {
  guint unit;
  PksRole role;
  double fte;                     /* may be negative (a strike) */
  PksDate from, to;               /* 0 = open */
  gboolean agency;
  PksSrc src;
} PksStaffRow;

typedef struct {
  guint flow;
  PksStage stage;
  double wait_from_days, wait_to_days;
  int count;
  PksSrc src;
} PksWaitBin;

/* A patient on a waiting list at the start, from waitlist.csv given per
 * patient (contract 5.2): the wait began on since (a referral for the
 * first visit, a decision for treatment). A PvV or MoV wait (patient's
 * choice, medical reason) stays on the list but out of the
 * care-guarantee shares, as the national statistics count them. */
typedef struct {
  guint flow;
  PksStage stage;
  PksDate since;
  gboolean vg_excluded;
  PksSrc src;
} PksWaitPatient;

/* A patient in bed at the start (census.csv, contract 5.2): admitted
 * and ready_min are minutes from the midnight that starts the scenario
 * (negative: before it); ready_min NAN = not yet ready for discharge. */
typedef struct {
  guint flow;
  double admitted_min, ready_min;
  int ward;                       /* unit whose bed it lies in, -1 = its own */
  PksSrc src;
} PksCensusRow;
/* One row of transfers.csv (contract section 5.6): after the stay on
 * from_unit, a patient of the flow moves to to_unit with probability p
 * for a further lognormal stay. */
typedef struct {
  guint from_unit, to_unit;
  int flow;                       /* a flow index (flow = "Unit/flow"), or -1 */
  char *flow_name;                /* a flow name (every unit's flow of that name), or
                                   * NULL with flow = -1: every flow (`*`) */
  double p;
  double los_days, los_cv;
  PksDate from, to;               /* the stay on from_unit ends in [from, to]; 0 = open */
  int when_full;                  /* a PksTransferWhenFull for this row, -1: the policy's */
  PksSrc src;
} PksTransferRow;

typedef struct {
  int unit;                       /* -1 = every unit */
  char *flow;                     /* NULL = every flow */
  int month;                      /* 1..12, 0 = every month */
  int weekday;                    /* 0 = Monday … 6, -1 = every day */
  double factor;
  PksSrc src;
} PksProfileRow;

/* What a production target counts (targets.csv `resource`). */
typedef enum {
  PKS_TARGET_FIRST_VISITS, PKS_TARGET_OPERATIONS, PKS_TARGET_ADMISSIONS, PKS_N_TARGET_RES
} PksTargetResource;

/* A planned production per unit and month (targets.csv): checked against
 * the simulated production before the year starts (production.csv). */
typedef struct {
  guint unit;
  int year, month;                /* the calendar month, 1..12 */
  PksTargetResource resource;
  double target;
  PksSrc src;
} PksTarget;

typedef struct {
  PksOutlying outlying;
  int overcrowding;
  PksScheduling scheduling;
  gboolean cancel_if_no_bed;
  gboolean recall_outliers;
  gboolean elective_overcrowding; /* electives may use overcrowding places */
  double due_days[3];             /* due-date targets for priorities 1..3 */
  double census_hour;             /* hour of the daily census snapshot */
  double national_census_hour;    /* [national] census_hour: Socialstyrelsen's count, 06:00 */
  double clinic_hour;             /* hour first visits and OR sessions start */
  PksTransferWhenFull transfer_when_full;
  double acute_queue_hours;       /* an acute patient waits this long for a bed (0) */
} PksPolicy;

typedef struct {
  double first_visit_days;
  double treatment_days;
} PksGuarantee;

typedef struct {
  /* Shift norms: patients per nurse / assistant nurse on each shift
   * (day, evening, night); an OR team staffs one session. */
  double patients_per_nurse[3];
  double patients_per_assistant_nurse[3];
  double shift_hours[3];
  double fte_hours_per_year;      /* contracted hours of one FTE */
  double vacation_weeks;
  double summer_weeks;
  PksDate summer_from, summer_to; /* in the start year; repeated yearly */
  double sick_leave_pct;
  double vacancy_pct;
} PksStaffingNorms;

typedef struct {
  double staffed_bed_day;         /* SEK per staffed bed-day */
  double operation;               /* SEK per operation */
  double agency_premium_pct;      /* extra cost of agency staff, % */
  double out_of_region;           /* SEK per patient transferred out */
  double overtime_minute;         /* SEK per OR overtime minute */
  double fte_year[PKS_N_ROLES];   /* SEK per FTE-year by role */
} PksCosts;

typedef struct {
  char *name;
  char *region;                   /* name of the region scope in outputs */
  char *path;                     /* the top scenario file */
  PksDate start;
  int days;
  int warmup_days;
  int replications;
  guint64 seed;

  GArray *units;                  /* PksUnitDef */
  GArray *flows;                  /* PksFlowDef */
  GArray *changes;                /* PksChange, applied in order */
  GArray *staffing;               /* PksStaffRow; empty = planned numbers hold */
  GArray *waitlist;               /* PksWaitBin */
  GArray *wait_patients;          /* PksWaitPatient: waitlist.csv per patient */
  GArray *census;                 /* PksCensusRow: patients in bed at start */
  GArray *profiles;               /* PksProfileRow */
  GArray *transfers;              /* PksTransferRow, in file order */
  gboolean by_flow;               /* [scenario] by_flow: outputs also per flow */
  GArray *targets;                /* PksTarget, in file order; empty without targets.csv */
  GPtrArray *sites;               /* char*, in order of first appearance */
  GPtrArray *clinics, *areas;     /* char*, the same; empty without the columns */

  PksPolicy policy;
  PksGuarantee guarantee;
  PksStaffingNorms norms;
  PksCosts costs;

  /* The resolved keys, "group.key" -> "value (from FILE)", for --print. */
  GPtrArray *resolved;            /* char*, sorted */
  GPtrArray *table_files;         /* char*: "units = PATH", … */

  GStringChunk *strings;
} PksScenario;

PksScenario *pks_scenario_new (void);
void pks_scenario_free (PksScenario *s);
/* A deep copy (used to make sweep and optimise variants). (transfer full) */
PksScenario *pks_scenario_copy (const PksScenario *s);

/* Lookup helpers: -1 when absent. */
int pks_scenario_find_unit (const PksScenario *s, const char *name);
int pks_scenario_find_site (const PksScenario *s, const char *name);
int pks_scenario_find_flow (const PksScenario *s, guint unit, const char *flow);

const char *pks_resource_name (PksResource r);
/* The most one unit may have of a resource: the bound units.csv and
 * changes.csv enforce, and the model's clamp after every change. */
double pks_resource_max (PksResource r);
const char *pks_role_name (PksRole r);
/* "own", "agency" or NULL (PKS_STAFF_NONE). */
const char *pks_staff_mode_name (PksStaffMode m);
const char *pks_flow_kind_name (PksFlowKind k);
const char *pks_bed_type_name (PksBedType t);
const char *pks_transfer_when_full_name (PksTransferWhenFull w);
/* "first_visits", "operations", "admissions". */
const char *pks_target_resource_name (PksTargetResource r);

#define pks_unit(s, i) (&g_array_index ((s)->units, PksUnitDef, (i)))
#define pks_flow(s, i) (&g_array_index ((s)->flows, PksFlowDef, (i)))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksScenario, pks_scenario_free)

G_END_DECLS

#endif
