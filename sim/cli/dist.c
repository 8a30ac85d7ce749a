/* dist.c — what a subcommand needs to run as one MPI job as well as in one
 * process: rank 0 loads, validates and speaks; the other ranks load what
 * it shared, stay quiet, and all ranks end with the same exit status. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>

void
pks_cli_error (const char *cmd, const char *fmt, ...)
{
  if (!pks_sched_is_root ())
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "pks %s: %s\n", cmd, msg);
}

PksScenario *
pks_cli_load_rank (const char *path, char **sets, PksFiles *files, char **why)
{
  if (pks_sched_is_root ())
    return pks_cli_load (path, sets, files);
  g_autoptr (PksDiags) diags = pks_diags_new ();
  g_autoptr (GPtrArray) list = pks_cli_sets (sets);
  g_ptr_array_add (list, NULL);
  PksScenario *s = pks_scenario_load (path ? path : PKS_DEFAULT_SCENARIO,
                                      (const char *const *) list->pdata, files, diags);
  if (s == NULL && why && *why == NULL)
    *why = pks_diags_format_all (diags, FALSE);
  return s;
}

int
pks_cli_agree (const char *cmd, int status, const char *why)
{
  g_autofree char *msg = NULL;
  int all = pks_sched_agree (status, why, &msg);
  /* rank 0 printed its own failures as they happened; say what another
   * rank met, once */
  if (all != 0 && pks_sched_is_root () && status == 0 && msg)
    fprintf (stderr, "pks %s: %s\n", cmd, msg);
  return all;
}

int
pks_cli_exit (int status)
{
  pks_sched_finalize ();
  return status;
}
