/* extract.h — patient-level extracts from a region's systems (contract
 * section 5.1): admissions.csv, referrals.csv and operations.csv, read
 * one row at a time (a million rows in bounded memory) with the tables'
 * tolerance and Swedish column names, every bad row reported at
 * FILE:LINE:COLUMN and left out. pks fit (sim/fit) turns the rows into a
 * scenario. */
#ifndef PKS_EXTRACT_H
#define PKS_EXTRACT_H

#include <gio/gio.h>
#include <glib.h>
#include "pks/model/scenario.h"
#include "pks/input/diag.h"

G_BEGIN_DECLS

typedef enum {
  PKS_EXTRACT_ADMISSIONS, PKS_EXTRACT_REFERRALS, PKS_EXTRACT_OPERATIONS, PKS_N_EXTRACTS
} PksExtractFile;

/* "admissions.csv", … */
const char *pks_extract_file_name (PksExtractFile f);

/* Times in an extract are minutes from the midnight that starts Julian
 * day 0: date × 1440 + minutes of the day (exact in a double). NAN = an
 * empty cell. pks_extract_date gives the date of a time. */
#define PKS_EXTRACT_TIME(date) ((double) (date) * 1440.0)
static inline PksDate
pks_extract_date (double t)
{
  return (PksDate) (t / 1440.0);
}

/* Parse "YYYY-MM-DD", "YYYY-MM-DD HH:MM", with 'T' for the blank and
 * optional ":SS" (as Excel and pks run --trace write them). *has_time
 * says whether a time of day was given. */
gboolean pks_extract_parse_time (const char *text, double *t, gboolean *has_time);

typedef enum { PKS_WAIT_CODE_NONE, PKS_WAIT_CODE_PVV, PKS_WAIT_CODE_MOV } PksWaitCode;

/* Columns holding times, per file (index into PksExtractRow.t). */
enum {
  PKS_ADM_ADMITTED, PKS_ADM_DISCHARGED, PKS_ADM_READY,
  PKS_REF_REFERRED = 0, PKS_REF_FIRST_VISIT, PKS_REF_DECIDED, PKS_REF_TREATED, PKS_REF_REMOVED,
  PKS_OP_START = 0,
  PKS_EXTRACT_MAX_TIMES = 5
};

/* One good row of any of the three files; strings live until the
 * callback returns (copy what you keep). */
typedef struct {
  PksExtractFile file;
  int line;
  const char *id;                 /* episode, referral or operation */
  const char *unit;
  const char *flow;               /* admissions/referrals: never NULL (the
                                     default akut/planerad when empty) */
  PksFlowKind kind;               /* admissions */
  const char *ward_unit;          /* admissions: NULL when the unit's own ward */
  int priority;                   /* referrals: 1..3 */
  PksWaitCode wait_code;          /* referrals */
  double t[PKS_EXTRACT_MAX_TIMES];
  gboolean date_only;             /* every time of the row was a date alone */
  double minutes;                 /* operations */
  int inpatient;                  /* operations: 0/1, -1 = empty */
  const char *referral;           /* operations: NULL when not given */
  /* 1-based columns of the row's fields, for the caller's messages */
  int col_unit, col_t[PKS_EXTRACT_MAX_TIMES];
} PksExtractRow;

typedef void (*PksExtractFunc) (gpointer ctx, const PksExtractRow *row);

/* What reading a file found. */
typedef struct {
  guint64 rows;           /* data rows */
  guint64 good;           /* handed to the callback */
  guint64 broken;         /* left out, each reported */
  guint64 duplicates;     /* of broken: an id seen before */
  guint64 out_of_order;   /* of broken: a stay or a referral's dates in the wrong order */
  guint64 long_stays;     /* admissions longer than PKS_EXTRACT_LONG_STAY_DAYS (kept) */
  gboolean has[16];       /* optional column present, by PksExtractColumn */
} PksExtractStats;

/* A stay longer than this is kept but warned about (absurd, or a real
 * long-stayer); one longer than PKS_EXTRACT_MAX_STAY_DAYS is refused. */
#define PKS_EXTRACT_LONG_STAY_DAYS 365.0
#define PKS_EXTRACT_MAX_STAY_DAYS 3650.0
/* A file where more than this share of rows is broken is refused whole. */
#define PKS_EXTRACT_MAX_BROKEN_SHARE 0.5

/* Optional columns a file may lack (PksExtractStats.has). */
typedef enum {
  PKS_COL_FLOW, PKS_COL_READY, PKS_COL_WARD, PKS_COL_PRIORITY, PKS_COL_FIRST_VISIT,
  PKS_COL_DECIDED, PKS_COL_TREATED, PKS_COL_REMOVED, PKS_COL_WAIT_CODE, PKS_COL_REFERRAL,
  PKS_COL_INPATIENT, PKS_COL_DISCHARGED, PKS_COL_MINUTES,
} PksExtractColumn;

/* Read one extract file from in (shown as name in messages): every good
 * row to fn, every bad one as a warning in diags. Returns FALSE (with an
 * error in diags) when the file cannot be read as that extract at all: not
 * CSV, required columns missing, or more than half of its rows broken. */
gboolean pks_extract_read (PksExtractFile file, const char *name, GInputStream *in,
                           PksExtractFunc fn, gpointer ctx, PksExtractStats *stats,
                           PksDiags *diags);

/* The same from memory (tests, fuzzing). */
gboolean pks_extract_read_data (PksExtractFile file, const char *name, const char *data,
                                gsize len, PksExtractFunc fn, gpointer ctx,
                                PksExtractStats *stats, PksDiags *diags);

/* units.csv of an extract folder: the units' sites and capacity, read
 * and checked exactly as a scenario's units.csv is (the scenario loader
 * reads it). Returns a scenario holding only those units (transfer full),
 * or NULL with the errors in diags. */
PksScenario *pks_extract_read_units (const char *path, PksDiags *diags);

G_END_DECLS

#endif
