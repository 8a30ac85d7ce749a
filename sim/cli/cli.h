/* cli.h — what the pks subcommands share: the common options (options.c),
 * the job opening every rank of an MPI job goes through (job.c), and
 * helpers for output folders and terminal tables. */
#ifndef PKS_CLI_H
#define PKS_CLI_H

#include <glib.h>
#include "pks/pks.h"

G_BEGIN_DECLS

/* ---- the shared options (options.c) ---- */

/* Which of the shared options a command takes. Each is one row of the
 * table in options.c; a new shared option is a row there, a field below
 * and, if its value needs checking, a line in pks_cli_check. */
typedef enum {
  PKS_CLI_REPLICATIONS = 1 << 0,  /* -r, --replications N */
  PKS_CLI_SEED = 1 << 1,          /* --seed S */
  PKS_CLI_THREADS = 1 << 2,       /* -t, --threads N */
  PKS_CLI_SET = 1 << 3,           /* -s, --set K=V (repeated) */
  PKS_CLI_OUT = 1 << 4,           /* -o, --out DIR: the command writes files there */
  PKS_CLI_JSON = 1 << 5,          /* --json */
  PKS_CLI_QUIET = 1 << 6,         /* -q, --quiet */
  PKS_CLI_REPORT = 1 << 7,        /* --report FILE.html */
  PKS_CLI_REPORT_STYLE = 1 << 8,  /* --png, --vg-target */
  PKS_CLI_BY_FLOW = 1 << 9,       /* --by-flow: --set scenario.by_flow=true */
  PKS_CLI_LANG = 1 << 10,         /* --lang sv|en: the report, the terminal, the workbook */
  PKS_CLI_XLSX = 1 << 11,         /* --xlsx FILE.xlsx */
  PKS_CLI_CSV_DIALECT = 1 << 12,  /* --csv-dialect default|excel-sv */
  PKS_CLI_MEASURES = 1 << 13,     /* --measures M1,M2,...: what a comparison ranks plans on */
  /* what every command that runs replications takes */
  PKS_CLI_EXPERIMENT = PKS_CLI_REPLICATIONS | PKS_CLI_SEED | PKS_CLI_THREADS | PKS_CLI_SET
                       | PKS_CLI_QUIET | PKS_CLI_LANG,
  /* --out and how its files are written */
  PKS_CLI_OUTPUTS = PKS_CLI_OUT | PKS_CLI_CSV_DIALECT | PKS_CLI_XLSX,
  /* --report and the options of its look */
  PKS_CLI_REPORTS = PKS_CLI_REPORT | PKS_CLI_REPORT_STYLE | PKS_CLI_LANG,
} PksCliOption;

/* A command's own wording of a shared option's --help line. */
typedef struct {
  const char *option;        /* long name, e.g. "out" */
  const char *description;
} PksCliHelp;

/* One command line: the values of the shared options, filled by
 * pks_cli_parse; fields of options the command does not take keep their
 * defaults. */
typedef struct {
  const char *cmd;           /* "run": messages read "pks run: …" */
  PksCliOption options;
  int replications;          /* 0 = the scenario's */
  gint64 seed;               /* -1 = the scenario's */
  int threads;               /* 0 = every core */
  char **sets;               /* --set values (NULL-terminated, may be NULL) */
  char *out;
  gboolean json, quiet, by_flow;
  char *report, *png, *lang, *balance_units;
  double vg_target;
  char *xlsx;                /* --xlsx FILE.xlsx, or NULL */
  char *csv_dialect_text;
  char *measures;            /* --measures, as given */
  PksLang language;          /* --lang, checked (Swedish by default) */
  PksCsvDialect csv_dialect; /* --csv-dialect, checked */
  PksReportOptions report_options;   /* the report options, checked */
  GOptionContext *ctx;
} PksCli;

/* A command line for cmd with the shared options given; args is the
 * parameter text of --help ("[SCENARIO] — run a scenario"), help (NULL or
 * ended by { NULL }) the command's own wording of shared options. */
PksCli *pks_cli_new (const char *cmd, const char *args, PksCliOption options,
                     const PksCliHelp *help);
void pks_cli_free (PksCli *cli);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksCli, pks_cli_free)
/* The command's own options (NULL-terminated; copied), listed first in
 * --help; and the text after the options. */
void pks_cli_add_entries (PksCli *cli, const GOptionEntry *entries);
void pks_cli_describe (PksCli *cli, const char *description);
/* Parse the options out of argv and check the shared ones' values; on a
 * problem print it (with a hint to --help for a bad option) and return
 * FALSE: exit status 2. */
gboolean pks_cli_parse (PksCli *cli, int *argc, char ***argv);
/* The two halves of pks_cli_parse, for a command that checks its
 * arguments in between. */
gboolean pks_cli_parse_options (PksCli *cli, int *argc, char ***argv);
gboolean pks_cli_check (PksCli *cli);
/* Free cairo's and fontconfig's caches at exit (registered once), so that
 * the leak checkers see none: for a command that draws charts (reports,
 * pks serve's parts). */
void pks_cli_free_fonts_at_exit (void);
/* --replications and --seed, or else the scenario's. */
guint pks_cli_replications (const PksCli *cli, const PksScenario *s);
guint64 pks_cli_seed (const PksCli *cli, const PksScenario *s);
/* Whether the command writes output files (--out, --report or --xlsx),
 * and so keeps every replication's daily and monthly figures: the same
 * answer on every rank, unlike PksJob.output, which only rank 0 has. */
gboolean pks_cli_outputs (const PksCli *cli);
/* Print "--replications and --threads must be >= 0" and return FALSE
 * when either is negative. */
gboolean pks_cli_check_counts (const PksCli *cli);

/* Build a list of --set values (plus any the caller adds: KEY=VALUE
 * strings it owns); the caller NULL-terminates it. */
GPtrArray *pks_cli_sets (char **sets);

/* ---- messages ---- */

/* Print "pks CMD: message" on rank 0 only (one message from an MPI job). */
void pks_cli_error (const char *cmd, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* Print an error and return its exit status. */
int pks_cli_fail (const char *cmd, GError *error);
/* Flush standard output; if anything written there was lost, say so and
 * return 1 (or status, if already failing). */
int pks_cli_finish_stdout (int status);
/* End MPI if it was started; returns status (main's last word). */
int pks_cli_exit (int status);

/* ---- the job opening (job.c) ---- */

/* What a command holds once its input is loaded, on every rank of an MPI
 * job as in one process. */
typedef struct {
  const PksCli *cli;
  gboolean root;             /* rank 0: reads files, prints, writes outputs */
  PksFiles *files;           /* every input file, rank 0's copies on the others */
  GPtrArray *scenarios;      /* PksScenario *, one per path */
  GPtrArray *models;         /* PksModel *, one per scenario, with .models */
  PksOutput *output;         /* rank 0: --out, or a temporary folder for --report */
  const char *dir;           /* that folder (NULL without an output) */
  char *tmp;                 /* the temporary folder, removed with the job */
  guint n_first_files;       /* files the first scenario's load read: the first of
                                files' read order (pks compare's base cache) */
} PksJob;

/* Input a command reads and checks with its scenarios (sweep's design), or
 * a limit it checks. On rank 0 it runs after the scenarios were loaded,
 * status being 0 or the load's failure, and prints what is wrong; on the
 * other ranks it runs on rank 0's copies and says what is wrong in *why.
 * Returns the status. */
typedef int (*PksJobCheck) (PksJob *job, int status, char **why, gpointer ctx);

typedef struct {
  const char *const *sets;   /* overrides of every scenario; NULL: the --set values */
  gboolean models;           /* compile every scenario */
  gboolean output;           /* open the output folder too (pks_job_open_output) */
  PksJobCheck check;
  gpointer ctx;
} PksJobSpec;

/* The opening of every command that loads scenarios (paths[i] NULL = the
 * embedded default), collective under MPI: rank 0 loads them printing
 * every problem, compiles them, runs spec->check and opens the output;
 * then it shares the files it read, the other ranks load the same input
 * from those copies, and all ranks agree on one exit status, which is
 * returned (0: go on; otherwise the command returns it). spec may be NULL. */
int pks_job_open (PksJob *job, const PksCli *cli, const char *const *paths, guint n_paths,
                  const PksJobSpec *spec);
/* Rank 0 opens --out, or for --report without --out a temporary folder;
 * collective: the agreed status. For a command that checks more after
 * pks_job_open before it may create folders. */
int pks_job_open_output (PksJob *job);
/* The job's last word: every rank's status agreed (the highest); rank 0
 * prints another rank's failure. The same on every rank. */
int pks_job_end (const PksJob *job, int status);
void pks_job_clear (PksJob *job);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PksJob, pks_job_clear)

/* pks_job_end's agreement for a command without a job: status and, from
 * a rank other than 0, why it failed. */
int pks_cli_agree (const char *cmd, int status, const char *why);

/* ---- outputs and tables ---- */

/* A plan file for pks run and pks compare (write-plan.c): path (PLAN.ini) with
 * base = base_path and name, and beside it the changes and staffing rows
 * that `with` adds to `base` (PLAN-changes.csv, PLAN-staffing.csv); note
 * is the changes' note column. comment: lines starting with '#' put first.
 * The CSV files in dialect (--csv-dialect). */
gboolean pks_cli_write_plan (const char *path, const char *base_path, const PksScenario *base,
                             const PksScenario *with, const char *name, const char *comment,
                             const char *note, PksCsvDialect dialect, GError **error);
/* base_path relative to plan_dir when they share a folder. (transfer full) */
char *pks_cli_relative_base (const char *plan_dir, const char *base_path);

/* Terminal tables, in the user's language (--lang), at most 100
 * columns wide. */
/* limit_days: the treatment guarantee's limit, for the units furthest
 * from it. */
void pks_print_summary (const PksSummary *s, double limit_days, PksLang lang, FILE *f);
/* What pks compare prints: the plans ranked on the first measure that
 * matters, their paired differences from the base on each, and whether
 * the first plan is surely ahead of the second. */
typedef struct {
  GArray *const *rows;            /* [n_plans] pks_compare rows, plan − base */
  const char *const *names;       /* [n_plans] */
  guint n_plans;
  GArray *const *pairs;           /* [n_pairs] plan[k] − other[k] */
  const char *const *pair_plan, *const *pair_other;
  guint n_pairs;
  guint n_reps, n_days;
  PksLang lang;
  const char *measures;           /* --measures, or NULL: the headline ones */
  gboolean details;               /* every plan's figures against the base as well */
  PksPlanChanges *const *changes; /* [n_plans] what each plan changes (pks_plan_changes), or NULL */
} PksCompareTable;
void pks_print_compare (const PksCompareTable *t, FILE *f);
/* What pks sweep prints: the base's region figures and every point's
 * paired difference from it, the design's keys in words; measures as
 * --measures (NULL: the headline ones). */
void pks_print_sweep (const PksSweep *sw, const PksDesign *d, const char *base_name, guint n_reps,
                      guint n_days, const char *measures, PksLang lang, FILE *f);

int pks_cmd_run (int argc, char **argv);
int pks_cmd_sweep (int argc, char **argv);
int pks_cmd_compare (int argc, char **argv);
int pks_cmd_validate (int argc, char **argv);
int pks_cmd_optimise (int argc, char **argv);
int pks_cmd_report (int argc, char **argv);
int pks_cmd_fit (int argc, char **argv);
int pks_cmd_target (int argc, char **argv);
int pks_cmd_serve (int argc, char **argv);

G_END_DECLS

#endif
