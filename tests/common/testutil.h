/* testutil.h — helpers for tests: scenarios built from strings in memory,
 * replications run and summarised, and tolerances from confidence
 * intervals. */
#ifndef PKS_TESTUTIL_H
#define PKS_TESTUTIL_H

#include <glib.h>
#include "pks/pks.h"

/* Load a scenario whose files live in memory: ini text plus NULL-terminated
 * pairs (relative file name, contents). The ini is "/mem/s.ini". diags may
 * be NULL (a fresh list is used and freed). */
PksScenario *tu_load (const char *ini, PksDiags *diags, ...) G_GNUC_NULL_TERMINATED;
PksScenario *tu_load_sets (const char *ini, const char *const *sets, PksDiags *diags, ...)
  G_GNUC_NULL_TERMINATED;

/* Run n replications (threads 1) and return the results (free with tu_free_results). */
PksRepResult **tu_run (const PksModel *m, guint n, gboolean daily);
void tu_free_results (PksRepResult **r, guint n);

/* Metric e/k of every replication into a new array. */
double *tu_metric (PksRepResult **r, guint n, guint entity, PksMetric k);

/* TRUE when |mean(x) - target| <= t(1 - alpha/2, n-1) * s / sqrt(n): the
 * target lies inside the (1 - alpha) confidence interval of the mean. */
gboolean tu_in_ci (const double *x, guint n, double target, double alpha, double *mean, double *hw);

/* E[X − t | X > t] of a lognormal X (log-scale mu, sigma) by numerical
 * integration, ∫_t^∞ S(x) dx / S(t): what the census warm start's rest
 * of a stay must have as its mean. */
double tu_lognormal_rest_mean (double mu, double sigma, double t);

/* TRUE if some diagnostic's formatted text contains every needle. */
gboolean tu_diags_have (const PksDiags *d, const char *needle, const char *needle2);

/* Path of the built pks binary and the source tree (from the environment). */
const char *tu_pks_bin (void);
const char *tu_source_root (void);

/* Running the pks command (or another program) from CLI and report tests. */
typedef struct {
  int status;       /* exit status; 128 when killed by a signal */
  char *out, *err;  /* everything written to stdout and stderr */
} TuResult;
void tu_result_clear (TuResult *r);
/* Run argv (NULL-terminated) with an optional extra KEY=VALUE in the
 * environment and a function run in the child before exec (may be NULL). */
TuResult tu_spawn (const char *const *argv, const char *env_kv, GSpawnChildSetupFunc setup,
                   gpointer data);
/* Run the built pks with the NULL-terminated arguments. */
TuResult tu_pks (const char *env_kv, ...) G_GNUC_NULL_TERMINATED;
/* The same with a function run in the child just before exec (limits,
 * redirections). */
TuResult tu_pks_setup (GSpawnChildSetupFunc setup, gpointer data, ...) G_GNUC_NULL_TERMINATED;

/* Files and folders of CLI and report tests. */
/* A fresh folder in the temporary directory, named PREFIX-XXXXXX. */
char *tu_tmpdir (const char *prefix);
/* The contents of DIR/NAME, or NULL if it cannot be read. */
char *tu_read (const char *dir, const char *name);
/* The same, ending the test with the file's name if it cannot be read. */
char *tu_slurp (const char *dir, const char *name);
/* Remove DIR and everything below it; links are removed, never followed. */
void tu_rm_rf (const char *dir);

#endif
