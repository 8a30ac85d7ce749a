/* serve-internal.h — the parts of pks serve (not public API): the
 * scenarios offered (catalog.c), plans as a client sends them and the
 * files they become (plan-req.c), comparisons queued and run on the job
 * thread (jobs.c), and the HTTP side (server.c). */
#ifndef PKS_SERVE_INTERNAL_H
#define PKS_SERVE_INTERNAL_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "pks/pks.h"
#include "pks/output/json.h"
#include "pks/serve/serve.h"

G_BEGIN_DECLS

/* ---- the scenarios offered (catalog.c) ---- */

/* One base's replications for a seed and count, shared by every
 * comparison against it (the base's numbers do not depend on the plan:
 * common random numbers). Reference-counted: a finished comparison keeps
 * the run it was compared with while its files may still be asked for. */
typedef struct {
  gint ref;
  guint64 seed;
  guint n_reps;
  PksRepResult **res;        /* [n_reps], with daily arrays */
} SvRun;

SvRun *sv_run_ref (SvRun *r);
void sv_run_unref (SvRun *r);

/* A scenario a client may take as the base, named by id only: a client
 * never names a path. */
typedef struct {
  char *id;                  /* "inbyggt/plans/kava.ini", or the path as given */
  char *path;                /* resource://… or a canonical path */
  char *name;                /* [scenario] name */
  gboolean plan;             /* it has a base = (a shipped plan, say) */
  gboolean embedded;
  PksFiles *files;           /* every file its load read (a plan's load copies them) */
  PksScenario *s;
  PksDiags *diags;           /* the load's warnings (what binds) */
  /* on the job thread only */
  PksModel *m;               /* compiled on first use */
  GPtrArray *runs;           /* SvRun*, the most recently used last */
} SvEntry;

typedef struct {
  GPtrArray *entries;        /* SvEntry*, in the order offered */
  GHashTable *by_id;         /* id -> SvEntry* */
  SvEntry *dflt;             /* the embedded Västerbotten baseline */
} SvCatalog;

/* The embedded scenarios and those of paths (files, or folders whose
 * .ini files are offered, each load confined to its folder). A file given
 * that does not load is an error (its problems printed, exit 2); an .ini
 * in a folder that does not load is skipped with a warning. */
SvCatalog *sv_catalog_new (const char *const *paths, GError **error);
void sv_catalog_free (SvCatalog *c);
SvEntry *sv_catalog_get (SvCatalog *c, const char *id);
/* The entry's compiled model (job thread). */
const PksModel *sv_entry_model (SvEntry *e, GError **error);
/* The base's run for (seed, n_reps), or NULL when not kept (job thread).
 * (transfer full: a reference of the caller's) */
SvRun *sv_entry_find_run (SvEntry *e, guint64 seed, guint n_reps);
/* Keep a run (the entry takes a reference); at most a few per entry. */
void sv_entry_keep_run (SvEntry *e, SvRun *r);

/* ---- plans as a client sends them (plan-req.c) ---- */

/* Limits of one request (docs/serve.md). */
#define SV_MAX_PLANS 8
#define SV_MAX_ROWS 2000          /* changes or staffing rows of one plan */
#define SV_MAX_CELL 200           /* characters of one cell, name or value */
#define SV_MAX_SETTINGS 100
#define SV_MAX_FILE_BYTES (256 * 1024)

typedef struct {
  char *name;
  GPtrArray *changes;        /* char ** of 7 cells: unit,resource,from,to,change,note,staff */
  GPtrArray *staffing;       /* char ** of 6 cells: unit,role,fte,from,to,agency */
  GPtrArray *settings;       /* char ** of 2: "group.key", value */
  GPtrArray *files;          /* raw plan files: char ** of 2: name, text (or empty) */
} SvPlan;

typedef struct {
  SvEntry *base;
  gboolean seed_set;
  guint64 seed;
  guint n_reps;              /* 0 = the base's */
  GPtrArray *plans;          /* SvPlan* */
} SvRequest;

void sv_request_free (SvRequest *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvRequest, sv_request_free)

/* Parse a request body: { "base": id, "replications": N, "seed": S,
 * "plans": [ … ] } (docs/serve.md). NULL with a message saying what is
 * wrong and where (a 400 or 404: *status). */
SvRequest *sv_request_parse (SvCatalog *cat, const char *body, gsize len, guint max_reps,
                             guint *status, char **message);

/* The files a plan becomes (plan.ini, changes.csv, staffing.csv or the
 * raw files), each name -> text, in order. */
typedef struct {
  GPtrArray *names, *texts;
} SvPlanFiles;
void sv_plan_files_clear (SvPlanFiles *f);

/* Load plan p against base as pks would load its plan.ini: only the
 * base's files and the plan's own are readable (the cache is sealed).
 * Every problem goes to diags; NULL when there was an error. files
 * receives the plan's files. (transfer full) */
PksScenario *sv_plan_load (SvEntry *base, const SvPlan *p, PksDiags *diags, SvPlanFiles *files);

/* Diagnostics as JSON: [{ "level", "file", "line", "column", "key",
 * "field", "row", "message", "text" }], the plan's files named by their
 * own names (changes.csv:3:2). */
void sv_json_diags (JsonBuilder *b, const PksDiags *d);
/* text with the plan's seeming folder taken out of every path in it, so
 * that its files read by their own names (transfer full; NULL for NULL) */
char *sv_unvirtual (const char *text);

/* ---- comparisons (jobs.c) ---- */

typedef enum { SV_QUEUED, SV_RUNNING, SV_DONE, SV_FAILED, SV_CANCELLED } SvState;

typedef struct _SvJobs SvJobs;
typedef struct _SvJob SvJob;

/* Called on the main context when a job ends (done, failed, cancelled). */
typedef void (*SvJobNotify) (SvJob *job, gpointer ctx);

SvJobs *sv_jobs_new (const PksServeOptions *opt, GMainContext *main_ctx);
void sv_jobs_free (SvJobs *j);
/* Queue a comparison (takes req). NULL with *status 503 and a message
 * when the queue is full. (transfer none: the table owns it; take a ref
 * to keep it) */
SvJob *sv_jobs_submit (SvJobs *j, SvRequest *req, guint *status, char **message);
SvJob *sv_jobs_get (SvJobs *j, const char *id);
SvJob *sv_job_ref (SvJob *job);
void sv_job_unref (SvJob *job);
const char *sv_job_id (const SvJob *job);
SvState sv_job_state (const SvJob *job);
/* Stop a queued or running job (1: cancelled by the client). */
void sv_job_cancel (SvJob *job);
/* Call notify once the job has ended (at once, from the main context, if
 * it has). */
void sv_job_when_done (SvJob *job, SvJobNotify notify, gpointer ctx);
/* The job's state and progress, and its result or error once ended:
 * the HTTP status of the result and its JSON text. */
char *sv_job_status_json (SvJob *job, guint *http_status);
/* The result alone: its HTTP status and JSON (the comparison, or the
 * error's { "error", "message" }). */
const char *sv_job_result (SvJob *job, guint *http_status);
/* A file of a finished comparison (compare.csv, plan_changes.csv,
 * plan_pairs.csv, daily_diff.csv, summary.csv, rapport.html,
 * jamforelse.xlsx, the plans' own plan-N/FILE), the output folder written
 * on first request as pks compare --out writes it. NULL with *status and a
 * message when there is none. (transfer full) */
GBytes *sv_job_file (SvJob *job, const char *name, const char **content_type, guint *status,
                     char **message);

/* A part of the comparison's report (pks_report_part: answer, table,
 * changes, days) as a small HTML document; NULL with *status and a
 * message. (transfer full) */
char *sv_job_part (SvJob *job, const char *part, guint *status, char **message);

/* JSON helpers */
char *sv_json_error (const char *code, const char *message);
char *sv_builder_text (JsonBuilder *b);

G_END_DECLS

#endif
