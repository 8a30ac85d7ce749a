/* job.c — the opening every command that loads scenarios goes through,
 * the same in one process and in an MPI job: rank 0 loads, checks and
 * speaks; the other ranks load what it shared and stay quiet; all ranks
 * agree on one exit status. */
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

/* Load a scenario (NULL = the embedded default) with overrides. Rank 0
 * prints every diagnostic; another rank, loading rank 0's copies, keeps
 * them quiet and puts them in *why when the load fails (the first failure
 * only). */
static PksScenario *
load (const char *path, const char *const *sets, PksFiles *files, gboolean root, char **why)
{
  g_autoptr (PksDiags) diags = pks_diags_new ();
  PksScenario *s = pks_scenario_load (path ? path : PKS_DEFAULT_SCENARIO, sets, files, diags);
  if (!root)
    {
      if (s == NULL && *why == NULL)
        *why = pks_diags_format_all (diags, FALSE);
      return s;
    }
  if (diags->items->len > 0)
    {
      g_autofree char *all = pks_diags_format_all (diags, TRUE);
      fprintf (stderr, "%s\n", all);
    }
  if (s == NULL && diags->n_errors > 0)
    fprintf (stderr, "%u error%s, %u warning%s\n", diags->n_errors,
             diags->n_errors == 1 ? "" : "s", diags->n_warnings,
             diags->n_warnings == 1 ? "" : "s");
  return s;
}

/* Compile every scenario, stopping at the first that fails: rank 0 says
 * why, another rank puts it in *why. */
static int
compile (PksJob *job, char **why)
{
  for (guint i = 0; i < job->scenarios->len; i++)
    {
      g_autoptr (GError) err = NULL;
      PksModel *m = pks_model_new (g_ptr_array_index (job->scenarios, i), &err);
      if (m == NULL)
        {
          if (job->root)
            return pks_cli_fail (job->cli->cmd, err);
          *why = g_strdup (err->message);
          return 1;
        }
      g_ptr_array_add (job->models, m);
    }
  return 0;
}

/* Load, compile and check on one rank; status as pks_job_open's. */
static int
prepare (PksJob *job, const char *const *paths, guint n, const PksJobSpec *spec, char **why)
{
  g_autoptr (GPtrArray) own = NULL;
  const char *const *sets = spec ? spec->sets : NULL;
  if (sets == NULL)
    {
      own = pks_cli_sets (job->cli->sets);
      g_ptr_array_add (own, NULL);
      sets = (const char *const *) own->pdata;
    }
  gboolean bad = FALSE;
  for (guint i = 0; i < n; i++)
    {
      PksScenario *s = load (paths[i], sets, job->files, job->root, why);
      bad |= s == NULL;
      if (i == 0)
        {
          g_autoptr (GPtrArray) read = pks_files_paths (job->files);
          job->n_first_files = read->len;
        }
      g_ptr_array_add (job->scenarios, s);
    }
  /* rank 0 printed why (bad input: 2); another rank failed on rank 0's
   * good input (1) */
  int status = bad ? (job->root ? 2 : 1) : 0;
  if (status == 0 && spec && spec->models)
    status = compile (job, why);
  if (spec && spec->check)
    status = spec->check (job, status, why, spec->ctx);
  return status;
}

/* Rank 0: the output folder, --out or a temporary one for a report. */
static int
open_output (PksJob *job)
{
  const PksCli *cli = job->cli;
  g_autoptr (GError) err = NULL;
  if (cli->out)
    job->dir = cli->out;
  else if (cli->report)
    {
      if ((job->tmp = g_dir_make_tmp ("pks-report-XXXXXX", &err)) == NULL)
        return pks_cli_fail (cli->cmd, err);
      job->dir = job->tmp;
    }
  else
    return 0;
  if ((job->output = pks_output_new (job->dir, &err)) == NULL)
    return pks_cli_fail (cli->cmd, err);
  pks_output_set_csv_dialect (job->output, cli->csv_dialect);
  return 0;
}

int
pks_job_open (PksJob *job, const PksCli *cli, const char *const *paths, guint n_paths,
              const PksJobSpec *spec)
{
  job->cli = cli;
  job->root = pks_sched_is_root ();
  job->files = pks_files_new ();
  job->scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_scenario_free);
  job->models = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_model_free);
  g_autofree char *why = NULL;
  int status = 0;
  if (job->root)
    {
      status = prepare (job, paths, n_paths, spec, NULL);
      if (status == 0 && spec && spec->output)
        status = open_output (job);
    }
  /* under MPI the other ranks now get rank 0's copies of what it read and
   * load the same input from them; a failure on rank 0 ends every rank */
  if ((status = pks_sched_share_files (job->files, status)) != 0)
    return status;
  if (!job->root)
    status = prepare (job, paths, n_paths, spec, &why);
  return pks_cli_agree (cli->cmd, status, why);
}

int
pks_job_open_output (PksJob *job)
{
  return pks_cli_agree (job->cli->cmd, job->root ? open_output (job) : 0, NULL);
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
pks_job_end (const PksJob *job, int status)
{
  return pks_cli_agree (job->cli->cmd, status, NULL);
}

void
pks_job_clear (PksJob *job)
{
  /* the output first: it removes its unfinished files from the folder */
  g_clear_pointer (&job->output, pks_output_free);
  if (job->tmp)
    pks_output_rm_tree (job->tmp);
  g_clear_pointer (&job->tmp, g_free);
  g_clear_pointer (&job->models, g_ptr_array_unref);
  g_clear_pointer (&job->scenarios, g_ptr_array_unref);
  g_clear_pointer (&job->files, pks_files_free);
}

int
pks_cli_exit (int status)
{
  pks_sched_finalize ();
  return status;
}
