/* model-internal.h — the compiled model and one replication's state,
 * shared by the files of sim/model (beds.c, waitlist.c, theatre.c, sim.c).
 * Not public API. */
#ifndef PKS_MODEL_INTERNAL_H
#define PKS_MODEL_INTERNAL_H

#include "pks/model/model.h"
#include "pks/core/calendar.h"
#include "pks/core/dist.h"
#include "pks/core/rng.h"
#include "pks/stats/stats.h"

G_BEGIN_DECLS

#define NONE G_MAXUINT32

/* ---------- the compiled model (immutable, shared by threads) ---------- */

/* Purposes of a flow's random streams; each is keyed by
 * "<purpose>/<unit>/<flow>" so adding a flow or unit shifts nobody else. */
enum { S_ARRIVAL, S_LOS, S_DELAY, S_TREAT, S_SURGERY, S_INPATIENT, S_INITIAL, N_STREAMS };

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
} ModelFlow;

typedef struct {
  char *name;
  guint site;
  double session_min;
  gboolean has_elective;
  gboolean has_beds;
  PksBedType bed_type;         /* only somatic units count in site/region disponibla */
  guint *cand;                 /* outlying hosts: same site first, each part by name */
  guint n_cand, n_cand_same;
  double min_surgery_min;      /* shortest expected operation of its flows */
} ModelUnit;

typedef struct {
  guint flow;
  PksStage stage;
  double from_days, to_days;
  int count;
  guint64 stream_hash;
} ModelWaitBin;

struct _PksModel {
  char *scenario_name;
  char *region_name;
  guint n_units, n_sites, n_flows;
  ModelUnit *units;
  char **site_names;
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
  /* planned costs per unit over the reported days (staffing model) */
  double *staff_cost, *agency_cost;

  PksPolicy policy;
  PksGuarantee guarantee;
  PksCosts costs;
  guint64 seed;
  guint replications;

  ModelWaitBin *wait_bins;
  guint n_wait_bins;
  guint max_sessions_per_day;  /* over all units and days */

  /* per simulated day, DAY_* flags, so the daily events need no date
   * arithmetic and skip what has nothing to do */
  guint8 *day_flags;
  gboolean census_at_midnight; /* census_hour = 24: taken by the next DAY event */
};

enum {
  DAY_CLINIC = 1,              /* a weekday on which some unit has slots or sessions */
  DAY_MONTH_FIRST = 2,         /* the first of a month */
};

#define CAP(m, arr, u, d) ((m)->arr[(gsize) (u) * (m)->n_sim_days + (d)])

/* capacity.c */
gboolean pks_capacity_compute (PksModel *m, const PksScenario *s, GError **error);

/* ---------- one replication's state ---------- */

typedef enum {
  P_FREE, P_WAIT_FIRST, P_WAIT_TREAT, P_BOOKED, P_IN_BED, P_DELAYED
} PatientState;

typedef struct {
  guint64 serial;              /* trace id and waiting-list tie-break */
  guint32 flow, home;
  guint32 host;                /* unit whose bed it lies in, NONE if none */
  guint32 prev, next;          /* the home unit's outlier list */
  guint8 state;
  guint8 treat, inpatient, delayed;
  double t_wait;               /* start of the current wait (referral or decision) */
  double wait_day;             /* floor (t_wait / day), set with t_wait by pks_sim_set_wait */
  double t_admit;
  double los_min, delay_min, surgery_min;
} Patient;

/* A waiting list ordered by (key, serial): a sorted run per priority
 * class for entries that arrive in order, a binary heap for the others
 * (waitlist.c). */
#define PKS_WAIT_CLASSES 3

typedef struct {
  double key;
  guint64 serial;
  guint32 patient;
  guint32 cls;                 /* priority − 1: the run an in-order entry joins */
} WaitEntry;

typedef struct {
  WaitEntry *e;                /* ring buffer, cap a power of two */
  guint head, n, cap;
} WaitRun;

typedef struct {
  WaitEntry *e;                /* the heap */
  guint n_heap, cap;
  WaitRun run[PKS_WAIT_CLASSES];
  guint n;                     /* entries in all */
  guint runs_used;             /* bit c set: run c is not empty */
} Waitlist;

void pks_waitlist_init (Waitlist *w);
void pks_waitlist_free (Waitlist *w);
void pks_waitlist_push (Waitlist *w, const WaitEntry *e);
gboolean pks_waitlist_pop (Waitlist *w, WaitEntry *out);
void pks_waitlist_clear (Waitlist *w);
/* Keep only the entries for which keep() is TRUE. */
guint pks_waitlist_filter (Waitlist *w, gboolean (*keep) (gpointer ctx, guint32 patient),
                           gpointer ctx);

/* Per-unit, per-priority accumulators of the care guarantee. */
typedef struct {
  double first_visits, fv_within, fv_wait_days;   /* wait_days: exact, continuous */
  double operations, ops_within, tr_wait_days;
  PksIntHist fv_wait, tr_wait;   /* waits in calendar days, as the guarantee counts */
} PrioAcc;

/* Per-unit accumulators over the reported period. */
typedef struct {
  double admissions, acute_admissions, elective_admissions, arrivals;
  double discharges, stay_days, care_days;
  double bed_min, over_min, outl_min, delay_min;
  double staffed_bed_days;
  double transfers;
  double operations, cancelled, or_avail_min, or_used_min, or_over_min, sessions;
  double referrals, decisions;
  double fv_list_min, tr_list_min;   /* time integrals of the list lengths
                                        (treatment: listed + booked, not operated) */
  PrioAcc pr[3];
} UnitAcc;

typedef struct {
  /* state */
  int census;                  /* patients in this unit's beds (incl. hosted outliers) */
  int staffed, beds;           /* today's capacity */
  int out_count;               /* own patients lying on other units */
  int n_delayed;               /* utskrivningsklara in this unit's beds */
  guint32 out_head, out_tail;  /* own outliers, longest-outlied first */
  double t_last;               /* integrals are up to date until here */
  Waitlist first, treat;
  double t_list;               /* list integrals are up to date until here */
  int booked;                  /* booked for today's sessions, not yet operated */
  UnitAcc acc;
} UnitRT;

typedef struct {
  guint32 unit;
  guint32 *booked;
  guint n_booked, cap_booked, next;
  double t_start, t_end_planned, used_min;
} Session;

/* Each flow's next arrival is kept outside the calendar, in a loser tree
 * (a tournament over the flows, as in a k-way merge): a flow always has one
 * pending arrival, and only the flow that just arrived changes, so one
 * leaf-to-root replay with branch-free matches replaces the calendar's
 * push and pop. seq comes from the calendar, so the merged order is the
 * calendar's (time, seq) order. */
typedef struct {
  guint64 key;                 /* bit pattern of the time (>= 0, so it orders
                                  like the time); that of +inf: no more arrivals */
  guint64 seq;
  double t;
} NextArrival;

struct _PksSim {
  const PksModel *m;
  PksCalendar *cal;
  NextArrival *arr;            /* [flow], padded to arr_leaves with +inf */
  guint32 *arr_lose;           /* [0] the earliest flow; [1..arr_leaves) each match's loser */
  guint arr_leaves;            /* a power of two >= n_flows */
  double now;                  /* the calendar's clock, cached by dispatch */
  double today_t, today;       /* floor (today_t / day), kept for the last now asked */
  Patient *pat;
  guint32 n_pat, cap_pat;
  guint32 *free_pat;
  guint32 n_free;
  guint64 next_serial;
  UnitRT *u;
  PksRng *rng;                 /* [flow * N_STREAMS + purpose] */
  Session *sess;
  guint n_sess, cap_sess;
  guint *free_sess;            /* closed sessions' indices, reused first */
  guint n_free_sess;
  guint16 *census_day;         /* [unit][reported day] */
  guint16 *outlied_day;
  double *monthly;             /* [unit][month][PKS_N_MONTHLY] plus within counts */
  double *month_wait;          /* [unit][month][stage][priority]: waiting, within */
  guint32 *recall_stack;       /* n_units */
  guint8 *recall_pending;      /* n_units */
  PksBalance bal;
  PksTraceFunc trace;
  gpointer trace_ctx;
};

/* Events (arrivals are in s->arr, not in the calendar) */
enum { EV_LOS_END, EV_DELAY_END, EV_DAY, EV_CENSUS, EV_CLINIC, EV_OP_NEXT,
       EV_REPORT_START };

static inline void
sim_trace (PksSim *s, guint32 p, PksTraceEvent ev, int host)
{
  if (s->trace)
    {
      const Patient *pt = &s->pat[p];
      s->trace (s->trace_ctx, s->now, pt->serial, pt->home, pt->flow, ev, host);
    }
}

#define MONTH_WAIT(s, u, mi, stage, prio, k) \
  ((s)->month_wait[((((gsize) (u) * (s)->m->n_months + (mi)) * 2 + (stage)) * 3 + (prio)) * 2 + (k)])

/* sim.c */
void pks_sim_list_touch (PksSim *s, guint32 unit);
guint32 pks_sim_new_patient (PksSim *s, guint32 flow, PksRng *rng_set);
void pks_sim_free_patient (PksSim *s, guint32 p);
double pks_sim_wait_key (const PksSim *s, const Patient *p);
/* Put patient p on list w by the scheduling policy's key. */
void pks_sim_list_push (PksSim *s, Waitlist *w, guint32 p);
void pks_sim_set_wait (PksSim *s, Patient *pt, double t_wait);
int pks_sim_wait_days (PksSim *s, const Patient *pt);

/* beds.c */
void pks_beds_touch (PksSim *s, guint32 unit);
void pks_beds_acute_arrival (PksSim *s, guint32 p);
/* TRUE if the elective patient got a bed (admitted), FALSE = no bed. */
gboolean pks_beds_admit_elective (PksSim *s, guint32 p, double los_from);
void pks_beds_los_end (PksSim *s, guint32 p);
void pks_beds_delay_end (PksSim *s, guint32 p);
void pks_beds_set_capacity (PksSim *s, guint32 unit, int staffed, int beds);
double pks_beds_care_dates (const PksModel *m, double t0, double t1);

/* theatre.c */
void pks_clinic_day (PksSim *s, guint day);
void pks_theatre_next (PksSim *s, guint session);
void pks_theatre_emergency (PksSim *s, guint32 patient);

G_END_DECLS

#endif
