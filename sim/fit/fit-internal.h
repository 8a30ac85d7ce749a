/* fit-internal.h — what pks fit accumulates while it streams an extract
 * (per flow and per unit: counts by day, stays, shares, lists), shared by
 * the files of sim/fit. Not public API. */
#ifndef PKS_FIT_INTERNAL_H
#define PKS_FIT_INTERNAL_H

#include "pks/fit/fit.h"
#include "pks/input/load.h"
#include "estimate.h"

G_BEGIN_DECLS

#define WAIT_HIST 731     /* waits in whole days 0..729, and 730+ */
/* The most rows waitlist.csv may have (scenario-load.c MAX_ROWS_WAITLIST):
 * a longer state is written in weekly bins. */
#define PKS_FIT_MAX_WAITING_ROWS 100000
/* A flow with fewer cases (admissions or referrals) in the period gets a
 * note: its parameters are uncertain. */
#define THIN_CASES 50

/* One stream of the extract: acute admissions of (unit, flow), or the
 * referrals and elective admissions of (unit, flow). */
typedef struct {
  char *unit, *flow;
  PksFlowKind kind;
  guint unit_ix;
  guint32 *arrivals;          /* [period day]: acute admissions or referrals */
  guint32 *eadm;              /* [period day]: elective admissions, or NULL */
  double n_arrivals, n_admissions;
  PksStays los;
  double los_day[PKS_FIT_DAY_BINS];
  double delay_known, delay_yes, delay_time, delay_done;
  double outlied;
  /* referrals */
  double prio[3];
  double fv_n, fv_decided, treated_n;
  guint32 *wait_fv, *wait_tr; /* [WAIT_HIST], or NULL */
  /* operations linked to the flow's referrals */
  double op_n, op_known, op_inpatient, op_min_n, op_s1, op_s2;
  /* what was decided after reading */
  int written;                /* index of its first PksFitFlow, or -1 */
  int census_flow;            /* PksFitFlow its patients in bed belong to */
} FlowAcc;

typedef struct {
  char *name;
  int *ward_diff;             /* [span day + 1]: census at the midnight ending the day */
  int *out_diff;              /* own patients on other wards at that midnight */
  int *fv_diff, *tr_diff;     /* waiting lists at that midnight */
  guint32 *adm;               /* [span day] admissions (home unit) */
  guint32 *fv, *ops, *treated;   /* [span day] production */
  double outlied_patients, admissions;
  double op_all_n, op_all_minutes;   /* every operation of the period with minutes */
  GArray *op_iv;              /* OpInterval of those operations: the theatres in use */
  /* operations not linked to a flow */
  double op_n, op_known, op_inpatient, op_min_n, op_s1, op_s2;
  /* back-test month ends: [month][stage][waiting, counted, within] */
  double *bt_vg;
  gboolean has_elective;
} UnitAcc;

/* An operation of the period: its day and its minutes of the day. */
typedef struct {
  guint32 day;
  float start, end;
} OpInterval;

/* A patient in bed, or on a list, at a snapshot. */
typedef struct {
  guint flow;                 /* FlowAcc */
  double admitted, ready;     /* census: extract times */
  int ward;                   /* census: UnitAcc of the ward, -1 = its own */
  PksStage stage;             /* waitlist */
  PksDate since;              /* waitlist */
  int priority;
  PksWaitCode code;
} StateRow;

typedef struct {
  PksFit *fit;
  PksDiags *diags;
  PksDate from, to, as_of, last;   /* last: the last day of the span */
  guint period_days, span_days;
  double horizon;             /* the end of the period (extract minutes): what the fit may see */
  double t_start;             /* the written scenario's start (extract minutes) */
  double t_check;             /* the period's start: the check run's start state */
  GPtrArray *flows;           /* FlowAcc* */
  GPtrArray *units;           /* UnitAcc* */
  GHashTable *flow_ix;        /* "kind\x1funit\x1fflow" -> index + 1 */
  GHashTable *unit_ix;        /* name -> index + 1 */
  GHashTable *ref_flow;       /* referral id hash -> FlowAcc index + 1 */
  GString *key;
  GArray *census, *census_check;       /* StateRow at t_start and at t_check */
  GArray *waiting, *waiting_check;
  guint n_bt_months;
  PksDate *bt_month_end;      /* last day of each back-test month */
  PksScenario *units_csv;     /* units.csv of the extract, or NULL */
  gboolean units_has[4];      /* or_sessions_per_week, or_session_minutes,
                                 visit_slots_per_week, staffed_beds in its header */
  double region_outlied_other_site, region_outlied;
} FitCtx;

static inline void
pks_fit_gstring_free (gpointer s)
{
  g_string_free (s, TRUE);
}

/* fit-read.c */
gboolean pks_fit_read (FitCtx *c, GError **error);
guint pks_fit_unit (FitCtx *c, const char *name);
void pks_fit_ctx_clear (FitCtx *c);

/* fit-estimate.c: from the accumulators to PksFitFlow and PksFitUnit */
void pks_fit_estimate (FitCtx *c);

/* fit-note.c: a note in both languages, sv and en (transfer full) as
 * pks_fit_sv and pks_fit_en format them: printf's %s, %d, %u, %lu, %.Nf
 * and %%, with each language's numbers (decimal comma in Swedish). */
void pks_fit_note (PksFit *f, char *sv, char *en);
char *pks_fit_sv (const char *fmt, ...) G_GNUC_PRINTF (1, 2);
char *pks_fit_en (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

/* fit-scenario.c: the scenario's files as text (PksFit.file_names/texts),
 * starting at start with the state rows given (census, waiting), as the
 * checks and the back-test also use them */
void pks_fit_scenario_files (FitCtx *c, PksDate start, int days, GArray *census,
                             GArray *waiting, GPtrArray *names, GPtrArray *texts);
/* Load files (names/texts) as a scenario from memory; NULL with error. */
PksScenario *pks_fit_load_files (GPtrArray *names, GPtrArray *texts, PksDiags *diags,
                                 GError **error);

/* fit-check.c: the fitted scenario re-run over the period, and the
 * back-test */
gboolean pks_fit_check (FitCtx *c, GError **error);
gboolean pks_fit_backtest (FitCtx *c, GError **error);

G_END_DECLS

#endif
