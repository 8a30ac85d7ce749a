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

int pks_cmd_run (int argc, char **argv);
int pks_cmd_compare (int argc, char **argv);
int pks_cmd_validate (int argc, char **argv);

/* Terminal tables. */
void pks_print_summary (const PksSummary *s, FILE *f);
void pks_print_compare (const PksModel *base, GArray *const *rows, const char *const *names,
                        guint n_plans, guint n_reps, FILE *f);

G_END_DECLS

#endif
