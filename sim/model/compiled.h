/* compiled.h — the compiled model: a scenario turned into what the
 * simulation reads (daily capacity, arrival rates, outlying hosts, stream
 * keys). Built once by model.c's compile steps, then immutable and shared
 * read-only by every thread. Per-thread state is in state.h. */
#ifndef PKS_MODEL_COMPILED_H
#define PKS_MODEL_COMPILED_H

#include "pks/model/model.h"
#include "pks/model/balance.h"
#include "pks/core/dist.h"

G_BEGIN_DECLS

#define NONE G_MAXUINT32

/* Purposes of a flow's random streams; each is keyed by
 * "<purpose>/<unit>/<flow>" so adding a flow or unit shifts nobody else. */
enum { S_ARRIVAL, S_LOS, S_DELAY, S_TREAT, S_SURGERY, S_INPATIENT, S_INITIAL, S_PATH,
       S_REMOVAL, N_STREAMS };

typedef struct {
  char *name;
  guint unit;
  PksFlowKind kind;
  double los_min, los_cv, los_mu, los_sigma;
  double delay_p, delay_min;
  double treat_p;
  double surgery_min, surgery_cv, surgery_mu, surgery_sigma;
  double inpatient_p;
  int priority;                /* 1..3 */
  gboolean other_treatment;    /* elective: a treatment that is not an operation */
  PksNhpp *arrivals;           /* per minute, over the simulated days; NULL if none */
  guint64 stream_hash[N_STREAMS];
  /* pathways (transfer.c): the units where its patients may move on, as
   * m->routes[route_first .. + n_route) */
  guint route_first, n_route;
  double removal_rate;         /* elective: leaving the lists untreated, per minute */
  gboolean extras;             /* a pathway or removals: draws at arrival (patient.c) */
  char *scope_name;            /* "Unit/flow", its name in the flow scope */
} ModelFlow;

/* Where a flow's patients may go after a stay on one unit: the legs
 * m->legs[leg_first .. + n_legs), one draw among them (transfer.c). */
typedef struct {
  guint32 unit, leg_first, n_legs;
} ModelRoute;

typedef struct {
  guint32 to;
  double p;
  double los_min, los_mu, los_sigma;   /* the stay on `to` (lognormal) */
  guint day_from, day_to;              /* simulated days the row holds, inclusive */
  PksTransferWhenFull when_full;       /* the row's, else the policy's */
} ModelLeg;

typedef struct {
  char *name;
  guint site;
  guint clinic, area;          /* the organisation's levels, NONE when none */
  double session_min;
  gboolean has_elective;
  gboolean has_beds;
  PksBedType bed_type;         /* only somatic units count in site/region disponibla */
  guint *cand;                 /* outlying hosts (outlying.c): same site first, each part by name */
  guint n_cand, n_cand_same;
  double min_surgery_min;      /* shortest expected operation of its flows */
  double turn_min;             /* turnaround after a patient leaves a bed, minutes */
  int max_beds;                /* most physical beds on any simulated day */
  gboolean in_path;            /* a pathway starts or ends here (transfers.csv) */
  gboolean has_acute;          /* an acute flow is at home here */
  gboolean has_removal;        /* an elective flow here has removal_pct > 0 */
} ModelUnit;

typedef struct {
  guint flow;
  PksStage stage;
  double from_days, to_days;
  int count;
  guint64 stream_hash;
} ModelWaitBin;

/* The state on the start date (contract 5.2), times in simulation
 * minutes: a patient in bed (census.csv) and a patient waiting
 * (waitlist.csv per patient). */
typedef struct {
  guint flow;
  double t_admit, t_ready;     /* t_ready NAN: not yet ready for discharge */
  int ward;                    /* host unit, -1 = its own */
} ModelCensus;

typedef struct {
  guint flow;
  PksStage stage;
  double t_wait;
  gboolean vg_excluded;
} ModelWaitPatient;

struct _PksModel {
  char *scenario_name;
  char *region_name;
  guint n_units, n_sites, n_flows;
  guint n_areas, n_clinics;    /* 0 without units.csv's columns */
  ModelUnit *units;
  char **site_names, **area_names, **clinic_names;
  ModelFlow *flows;

  PksDate epoch;               /* first simulated day (start − warm-up) */
  PksDate start;
  guint warmup_days, days, n_sim_days;
  double t_report0, t_end;     /* minutes */
  guint n_months;
  PksDate *month_first;        /* first reported day of each month */
  guint *day_month;            /* reported day -> month index */

  /* daily capacity, [unit * n_sim_days + day] */
  int *beds, *staffed, *sessions, *slots;
  int *planned;                /* staffed beds as planned, before staffing caps them */
  /* planned costs per unit over the reported days (staffing model) */
  double *staff_cost, *agency_cost;
  /* per unit over the reported days: planned staffed bed-days, and the days
   * on which staff or physical beds held the unit below its plan */
  double *planned_days, *staff_bound, *beds_bound;

  PksPolicy policy;
  PksGuarantee guarantee;
  PksCosts costs;
  guint64 seed;
  guint replications;

  ModelWaitBin *wait_bins;
  guint n_wait_bins;
  ModelCensus *census;         /* in census.csv's order */
  guint n_census;
  ModelWaitPatient *wait_pat;  /* the counted first, then the PvV/MoV waits */
  guint n_wait_pat, n_wait_pat_counted;
  guint *wait_pat_pairs;       /* flow * 2 + stage of each list they replace, once */
  guint n_wait_pat_pairs;
  guint64 *state_hash;         /* [flow * 3 + k]: streams of the census (k 0) and of
                                  the patients waiting (k 1 first visit, 2 treatment) */
  guint max_sessions_per_day;  /* over all units and days */

  /* per simulated day, DAY_* flags, so the daily events need no date
   * arithmetic and skip what has nothing to do */
  guint8 *day_flags;
  gboolean census_at_midnight; /* census_hour = 24: taken by the next DAY event */

  /* pathways (transfers.csv), admission waits, removals, turnaround */
  ModelRoute *routes;
  ModelLeg *legs;
  guint n_routes, n_legs;
  double queue_min;            /* policy.acute_queue_hours in minutes; 0: no waiting */
  gboolean any_turnaround;
  gboolean by_flow;            /* outputs also per flow: entities after the units */
  /* the PKS balance (periods.c): boundaries and periods of the reported
   * horizon; per unit the treatments and operations one session minute
   * holds at the planned mix of its flows */
  guint n_bounds;
  guint *day_bound;            /* [reported day] its boundary, or NONE */
  guint n_periods;
  PksPeriod *periods;
  double *treat_per_min, *op_per_min;
  gboolean *has_res;           /* [unit * PKS_N_BR + resource] */
};

enum {
  DAY_CLINIC = 1,              /* a weekday on which some unit has slots or sessions */
  DAY_MONTH_FIRST = 2,         /* the first of a month */
  DAY_BOUND = 4,               /* a reported day that starts a balance period */
};

#define CAP(m, arr, u, d) ((m)->arr[(gsize) (u) * (m)->n_sim_days + (d)])

G_END_DECLS

#endif
