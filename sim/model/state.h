/* state.h — one replication's working memory (PksSim): patients, each
 * unit's beds, lists and accumulators, sessions, the arrival queue. One
 * per thread, reused across replications; it reads the compiled model
 * (compiled.h) and never writes it. */
#ifndef PKS_MODEL_STATE_H
#define PKS_MODEL_STATE_H

#include "compiled.h"
#include "waitlist.h"
#include "pks/core/calendar.h"
#include "pks/core/rng.h"
#include "pks/stats/stats.h"

#include <math.h>

G_BEGIN_DECLS

typedef enum {
  P_FREE, P_WAIT_FIRST, P_WAIT_TREAT, P_BOOKED, P_IN_BED, P_DELAYED,
  P_QUEUED,                    /* acute, waiting for a bed (acute_queue_hours) */
  P_BLOCKED,                   /* in bed, its stay over, waiting for a bed on the
                                * next unit of its pathway */
  P_REMOVED,                   /* left a waiting list untreated; its entry stays on
                                * the list until popped (patient.c) */
} PatientState;

/* home is the unit responsible for the patient now: the flow's unit, then
 * each unit of its pathway in turn (transfer.c). */
typedef struct {
  guint64 serial;              /* trace id and waiting-list tie-break */
  guint32 flow, home;
  guint32 host;                /* unit whose bed it lies in, NONE if none */
  guint32 prev, next;          /* the home unit's outlier list */
  guint32 path_seed;           /* key of its pathway draws; 0 when its flow has none */
  guint8 state;
  guint8 treat, inpatient, delayed;
  guint8 path;                 /* its flow has a pathway (transfers.csv) */
  guint8 legs;                 /* pathway draws so far (wraps at 256) */
  /* start of the current wait: the referral or decision on a list, the
   * arrival while it waits for a bed, the end of its stay while a
   * transfer is blocked, the start of a discharge delay */
  double t_wait;
  double wait_day;             /* floor (t_wait / day), set with t_wait by pks_patient_set_wait */
  union {
    double t_admit;            /* in a bed: admitted to this unit */
    double t_remove;           /* on a list: when it leaves untreated (removal_pct) */
  };
  double los_min, delay_min, surgery_min;
} Patient;

/* Per-unit, per-priority accumulators of the care guarantee. */
typedef struct {
  double first_visits, fv_within, fv_wait_days;   /* wait_days: exact, continuous */
  double operations, ops_within, tr_wait_days;
  PksIntHist fv_wait, tr_wait;   /* waits in calendar days, as the guarantee counts */
} PrioAcc;

/* Per-unit accumulators over the reported period, each a double that a
 * site or the region sums over its units (results.c adds every one of
 * them: a new accumulator is one line here). Time integrals in minutes
 * (_min), the list lengths' as well (treatment: listed + booked, not
 * operated). */
#define UNIT_SUMS(X) \
  X (admissions) X (acute_admissions) X (elective_admissions) X (arrivals) \
  X (discharges) X (stay_days) X (care_days) \
  X (bed_min) X (over_min) X (outl_min) X (delay_min) \
  X (staffed_bed_days) \
  X (transfers) \
  X (operations) X (cancelled) X (or_avail_min) X (or_used_min) X (or_over_min) X (sessions) \
  X (referrals) X (decisions) \
  X (fv_list_min) X (tr_list_min) \
  PATHWAY_SUMS (X) \
  X (over_census) X (outl_census)

/* The sums a unit and a flow share: pathways (path_decided, path_out at
 * the unit the patient leaves, path_in at the next; blocked_min at the
 * unit it waits on), admission waits (adm_n patients placed while waiting
 * is on, adm_waits of them waited, adm_wait_h their hours), removals from
 * the lists, admissions placed on another unit's ward and discharges
 * after a discharge delay, turnaround bed-minutes. */
#define PATHWAY_SUMS(X) \
  X (path_decided) X (path_out) X (path_in) X (blocked) X (blocked_in) X (blocked_min) \
  X (adm_n) X (adm_waits) X (adm_wait_h) X (removals) X (outl_adm) X (delayed_dis) \
  X (turn_min)
typedef struct {
#define UNIT_SUM_FIELD(f) double f;
  UNIT_SUMS (UNIT_SUM_FIELD)
  PrioAcc pr[3];
  PksIntHist adm_wait;         /* admission waits in whole minutes (acute_queue_hours) */
} UnitAcc;

/* Per-flow accumulators (the flow scope): what a patient of the flow did,
 * on whichever unit (results.c computes each metric that has a meaning per
 * flow by its rule; the others are undefined for a flow). Time in bed
 * (bed_min, outl_min, delay_min, blocked_min) is added exactly per stay,
 * within the reported period. */
#define FLOW_SUMS(X) \
  X (admissions) X (acute_admissions) X (elective_admissions) X (arrivals) \
  X (discharges) X (stay_days) X (care_days) X (bed_min) X (outl_min) X (delay_min) \
  X (transfers) X (operations) X (cancelled) X (referrals) X (decisions) \
  X (waiting_first) X (waiting_treat) \
  PATHWAY_SUMS (X)

typedef struct {
  FLOW_SUMS (UNIT_SUM_FIELD)
  PrioAcc g;                   /* its priority's guarantee figures */
  PksIntHist adm_wait;
} FlowAcc;
#undef UNIT_SUM_FIELD

/* A FIFO ring of TYPE (capacity a power of two): the struct NAME with
 * PREFIX_push, PREFIX_peek and PREFIX_pop; the array is FIELD. */
#define PKS_RING(NAME, PREFIX, TYPE, FIELD) \
  typedef struct { TYPE *FIELD; guint head, n, cap; } NAME; \
  static inline void \
  PREFIX##_push (NAME *q, TYPE x) \
  { \
    if (q->n == q->cap) \
      { \
        guint cap = q->cap ? 2 * q->cap : 16; \
        TYPE *a = g_new (TYPE, cap); \
        for (guint i = 0; i < q->n; i++) \
          a[i] = q->FIELD[(q->head + i) & (q->cap - 1)]; \
        g_free (q->FIELD); \
        q->FIELD = a; \
        q->head = 0; \
        q->cap = cap; \
      } \
    q->FIELD[(q->head + q->n++) & (q->cap - 1)] = x; \
  } \
  static inline TYPE \
  PREFIX##_peek (const NAME *q) \
  { \
    return q->FIELD[q->head]; \
  } \
  static inline TYPE \
  PREFIX##_pop (NAME *q) \
  { \
    TYPE x = q->FIELD[q->head]; \
    q->head = (q->head + 1) & (q->cap - 1); \
    q->n--; \
    return x; \
  }

/* The acute patients waiting for a unit's bed, and the blocked transfers
 * to it (patient indices). */
PKS_RING (PatQueue, patq, guint32, p)
/* The ends of a unit's turnarounds under way, which end in the order they
 * began (one turnaround length per unit). */
PKS_RING (TimeRing, timering, double, t)

/* UnitRT.on_free: what a bed freed on the unit must do besides the
 * recall of outliers. */
enum { FREE_TURN = 1,          /* a turnaround first (units.csv turnaround_minutes) */
       FREE_WAITING = 2 };     /* patients wait for a bed here (queued, blocked) */

typedef struct {
  /* state */
  int census;                  /* patients in this unit's beds (incl. hosted outliers) */
  int staffed, beds;           /* today's capacity */
  int avail;                   /* staffed − turning: the staffed beds a patient may take */
  int out_count;               /* own patients lying on other units */
  int n_delayed;               /* utskrivningsklara in this unit's beds */
  guint32 out_head, out_tail;  /* own outliers, longest-outlied first */
  double t_last;               /* integrals are up to date until here */
  Waitlist first, treat;
  double t_list;               /* list integrals are up to date until here */
  int booked;                  /* booked for today's sessions, not yet operated */
  int turning;                 /* beds in turnaround after a patient left */
  guint8 on_free;              /* FREE_TURN | FREE_WAITING */
  TimeRing turn_end;           /* ends of the turnarounds under way */
  PatQueue queued;             /* acute patients waiting for a bed (P_QUEUED) */
  PatQueue blocked;            /* transfers to here waiting for a bed (P_BLOCKED) */
  gboolean queue_timer;        /* an EV_QUEUE_END for this unit is pending */
  double *ctime;               /* minutes of the period at each census level;
                                * NULL when the results keep no daily arrays */
  guint ctime_cap;             /* its length; G_MAXUINT when NULL (beds.c) */
  UnitAcc acc;
} UnitRT;

/* What the PKS balance counts of a unit besides its UnitAcc (balance.c),
 * apart from UnitRT so that the records the hot path walks keep their
 * size: decisions to operate, emergency operations, operating minutes
 * decided and done, the time integral of other units' patients on the
 * unit's ward (hosted_min), the stays of those sent out of region, and the
 * patients who left each list untreated (removal_pct) with, on the
 * treatment list, those waiting for an operation and their minutes. Sums
 * since the report start; the levels below them persist. */
#define BALANCE_SUMS(X) \
  X (op_decisions) X (emergency_ops) X (tr_min_in) X (tr_min_done) X (hosted_min) \
  X (transfer_stay_min) X (fv_removed) X (tr_removed) X (op_removed) X (min_removed)

typedef struct {
#define BALANCE_SUM_FIELD(f) double f;
  BALANCE_SUMS (BALANCE_SUM_FIELD)
#undef BALANCE_SUM_FIELD
  /* levels: other units' patients on this ward (hosted, integrated up to
   * t_hosted), and on the treatment list those waiting for an operation
   * and their minutes */
  int hosted, op_waiting;
  double t_hosted, min_waiting;
} UnitBal;

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

/* One of the day's own events (sim.c day_push). */
typedef struct {
  NextArrival at;
  guint32 kind;                /* EV_DAY_START, EV_CENSUS, EV_NATIONAL_CENSUS, EV_CLINIC */
  guint32 d;                   /* its day */
} DayEvent;

struct _PksSim {
  const PksModel *m;
  PksCalendar *cal;
  NextArrival *arr;            /* [flow], padded to arr_leaves with +inf */
  guint32 *arr_lose;           /* [0] the earliest flow; [1..arr_leaves) each match's loser */
  guint arr_leaves;            /* a power of two >= n_flows */
  /* The day's own events, kept beside the calendar as the arrivals are
   * (sim.c day_push): the next day's start and today's census, national
   * census and clinic, at most four pending, in (time, seq) order; day is
   * the first (+inf when none), day_ev[0] its kind and day number. */
  NextArrival day;
  DayEvent day_ev[4];
  guint n_day_ev;
  double now;                  /* the calendar's clock, cached by dispatch */
  double day_d, day_lo, day_hi;   /* the day started last: d, d·1440, (d+1)·1440 */
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
  FlowAcc *fa;                 /* [flow] */
  gboolean by_flow;            /* keep the flow sums of the hot paths (m->by_flow) */
  guint16 *census_day;         /* [unit][reported day] */
  guint16 *outlied_day;
  double *monthly;             /* [unit][month][PKS_N_MONTHLY]: pks_monthly_index */
  double *month_wait;          /* [unit][month][stage][priority]: waiting, within */
  guint32 *recall_stack;       /* n_units */
  guint8 *recall_pending;      /* n_units */
  PksBalance bal;
  /* serials of the waits left out of the care-guarantee shares (PvV, MoV):
   * loaded last at the start, so one range holds them */
  guint64 vg_ex_lo, vg_ex_n;
  guint month_cur;             /* reported month of today (set at each day start) */
  /* the PKS balance's and the waiting-time buckets' bookkeeping, kept only
   * when the result takes them (a run with outputs): a run for metrics
   * alone pays nothing for them (docs/performance.md) */
  gboolean detail;
  UnitBal *ub;                 /* [unit] */
  PksLevelCheck levels;
  double *bprev;               /* [unit][PKS_N_BF] the figures at the last boundary */
  float *bsnap;                /* [bound][unit][PKS_N_BF]: PKS_BALANCE_INDEX */
  double *waits;               /* [unit][month][stage][status][bucket]: WAITS */
  double *nat_month;           /* [unit][month][2] overcrowded, outlied at the census hour */
  PksTraceFunc trace;
  gpointer trace_ctx;
  /* the replication under way (pks_sim_begin): its keys, for the report
   * start's draws, and the events run so far */
  guint64 seed, rep;
  guint64 events;
};

/* Events (arrivals are in s->arr, not in the calendar) */
enum { EV_LOS_END,             /* arg patient; EV_LOS_END + pt->path: */
       EV_LOS_END_PATH,        /* the same for a patient whose flow has a pathway */
       EV_DELAY_END,
       EV_CENSUS, EV_CLINIC,   /* with EV_NATIONAL_CENSUS and EV_DAY_START: s->day_ev */
       EV_OP_NEXT,
       EV_REPORT_START,
       EV_BED_READY,           /* arg unit: a bed's turnaround is over */
       EV_QUEUE_END,           /* arg unit: the first waiting acute patient's wait is up */
       EV_REMOVE,              /* arg patient: it may leave its list untreated */
       EV_NATIONAL_CENSUS,     /* Socialstyrelsen's count ([national] census_hour) */
       EV_DAY_START };

static inline void
sim_trace (PksSim *s, guint32 p, PksTraceEvent ev, int host)
{
  if (s->trace)
    {
      const Patient *pt = &s->pat[p];
      s->trace (s->trace_ctx, s->now, pt->serial, pt->home, pt->flow, ev, host);
    }
}

/* Today's day number, floor (now / day), from the day started last when
 * now lies in it, without the division (a clinic's, a referral's and an
 * operation's every patient asks it). For now in [d·1440, (d+1)·1440) the
 * rounded quotient is at least d (d is exact, rounding monotone) and below
 * d + 1 (now is at most (d+1)·1440 less its last place, which after the
 * division is still more than half of d + 1's last place), so its floor is
 * d. Outside that day (before the first day's start, an event at the next
 * midnight before that day's start, the end) the division. */
static inline double
sim_today (const PksSim *s)
{
  double now = s->now;
  if (now >= s->day_lo && now < s->day_hi)
    return s->day_d;
  return floor (now / PKS_MIN_PER_DAY);
}

/* The part of [t0, t1) inside the reported period, in minutes. */
static inline double
sim_in_period (const PksSim *s, double t0, double t1)
{
  double a = MAX (t0, s->m->t_report0), b = MIN (t1, s->m->t_end);
  return b > a ? b - a : 0.0;
}

/* Month-end list counts, [unit][month][stage][priority][waiting, within]. */
#define MONTH_WAIT_LEN(m) ((gsize) (m)->n_units * MAX (1u, (m)->n_months) * 2 * 3 * 2)
#define MONTH_WAIT(s, u, mi, stage, prio, k) \
  ((s)->month_wait[((((gsize) (u) * (s)->m->n_months + (mi)) * 2 + (stage)) * 3 + (prio)) * 2 + (k)])

/* Waiting times in the national statistics' buckets (0–30, 31–60, 61–90,
 * 91–180, 181–365, over 365 days), [unit][month][stage][status][bucket]:
 * status 0 waiting at the month's end (väntande), 1 done in the month
 * (genomförda). */
#define WAITS_LEN(m) pks_waits_len ((m)->n_units, (m)->n_months)
#define WAITS(s, u, mi, stage, status, b) \
  ((s)->waits[PKS_WAITS_INDEX ((s)->m->n_months, u, mi, stage, status, b)])
#define NAT_MONTH_LEN(m) pks_national_len ((m)->n_units, (m)->n_months)

G_END_DECLS

#endif
