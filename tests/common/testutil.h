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

/* TRUE if some diagnostic's formatted text contains every needle. */
gboolean tu_diags_have (const PksDiags *d, const char *needle, const char *needle2);

/* Path of the built pks binary and the source tree (from the environment). */
const char *tu_pks_bin (void);
const char *tu_source_root (void);

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
