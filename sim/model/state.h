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

G_BEGIN_DECLS

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
  double wait_day;             /* floor (t_wait / day), set with t_wait by pks_patient_set_wait */
  double t_admit;
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
  X (fv_list_min) X (tr_list_min)

typedef struct {
#define UNIT_SUM_FIELD(f) double f;
  UNIT_SUMS (UNIT_SUM_FIELD)
#undef UNIT_SUM_FIELD
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
  double *monthly;             /* [unit][month][PKS_N_MONTHLY]: pks_monthly_index */
  double *month_wait;          /* [unit][month][stage][priority]: waiting, within */
  guint32 *recall_stack;       /* n_units */
  guint8 *recall_pending;      /* n_units */
  PksBalance bal;
  /* serials of the waits left out of the care-guarantee shares (PvV, MoV):
   * loaded last at the start, so one range holds them */
  guint64 vg_ex_lo, vg_ex_n;
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

/* Month-end list counts, [unit][month][stage][priority][waiting, within]. */
#define MONTH_WAIT_LEN(m) ((gsize) (m)->n_units * MAX (1u, (m)->n_months) * 2 * 3 * 2)
#define MONTH_WAIT(s, u, mi, stage, prio, k) \
  ((s)->month_wait[((((gsize) (u) * (s)->m->n_months + (mi)) * 2 + (stage)) * 3 + (prio)) * 2 + (k)])

G_END_DECLS

#endif
