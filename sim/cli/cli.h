/* cli.h — helpers shared by the pks subcommands. */
#ifndef PKS_CLI_H
#define PKS_CLI_H

#include <glib.h>
#include "pks/pks.h"

G_BEGIN_DECLS

/* Parse a subcommand's options; on error print it with a hint and return
 * FALSE (exit status 2). */
gboolean pks_cli_parse (GOptionContext *ctx, int *argc, char ***argv, const char *cmd);

/* Load a scenario (NULL = the embedded default) with --set overrides,
 * printing every diagnostic to stderr. NULL on errors. */
PksScenario *pks_cli_load (const char *path, char **sets, PksFiles *files);

/* Flush standard output; if anything written there was lost, say so and
 * return 1 (or status, if already failing). */
int pks_cli_finish_stdout (int status);

/* Print an error and return its exit status. */
int pks_cli_fail (const char *cmd, GError *error);

/* Build a NULL-terminated list of --set values plus extra KEY=VALUE pairs. */
GPtrArray *pks_cli_sets (char **sets);

/* dist.c: running as one MPI job (sched.h). Print a message only on rank 0. */
void pks_cli_error (const char *cmd, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* pks_cli_load on rank 0; on other ranks, load what rank 0 shared without
 * printing, the diagnostics in *why (transfer full) when it fails. */
PksScenario *pks_cli_load_rank (const char *path, char **sets, PksFiles *files, char **why);
/* Every rank's status agreed (the highest); rank 0 prints another rank's
 * message. The same on every rank. */
int pks_cli_agree (const char *cmd, int status, const char *why);
/* End MPI if it was started; returns status (main's last word). */
int pks_cli_exit (int status);

int pks_cmd_run (int argc, char **argv);
int pks_cmd_sweep (int argc, char **argv);
int pks_cmd_compare (int argc, char **argv);
int pks_cmd_validate (int argc, char **argv);
int pks_cmd_optimise (int argc, char **argv);
int pks_cmd_report (int argc, char **argv);

/* The report options of run, compare, optimise and report (cmd-report.c). */
typedef struct {
  char *report, *png, *lang;
  double vg_target;
} PksCliReport;
void pks_cli_report_clear (PksCliReport *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PksCliReport, pks_cli_report_clear)
/* Add them as an option group (--report only when with_report). */
void pks_cli_report_add (GOptionContext *ctx, PksCliReport *r, gboolean with_report);
/* Check them into opt; print the problem and return FALSE (exit 2) if bad. */
gboolean pks_cli_report_check (const char *cmd, const PksCliReport *r, PksReportOptions *opt);
/* Every output file of one scenario's run into o (its current subfolder):
 * summary.csv, daily.csv, daily_sites.csv, monthly.csv, monthly_bands.csv
 * and run.json. */
gboolean pks_cli_write_outputs (PksOutput *o, const PksScenario *s, const PksModel *m,
                                const PksSummary *sum, PksRepResult *const *reps, guint n_reps,
                                guint64 seed, GError **error);
/* Remove a folder and everything in it (a temporary output folder). */
void pks_cli_rm_tree (const char *dir);
/* A temporary folder's path that takes the folder with it when it goes out
 * of scope: g_auto (PksCliTmpDir) tmp = NULL; every return removes it. */
typedef char *PksCliTmpDir;
void pks_cli_tmp_dir_free (char *dir);
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (PksCliTmpDir, pks_cli_tmp_dir_free, NULL)

/* Terminal tables. */
void pks_print_summary (const PksSummary *s, FILE *f);
void pks_print_compare (const PksModel *base, GArray *const *rows, const char *const *names,
                        guint n_plans, guint n_reps, FILE *f);

G_END_DECLS

#endif
