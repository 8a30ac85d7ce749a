/* cmd-run.c — pks run: replications of one scenario, the terminal summary
 * and the output files. */
#include "cli.h"
#include "pks/output/xlsx.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Replications in batches of this many when --precision is given, so the
 * stopping point does not depend on the thread count. */
#define PRECISION_BATCH 10

/* Daily census arrays kept with --out (units × days × replications × 4 B). */
#define MAX_DAILY_BYTES 4e9

static gboolean
write_trace (const PksModel *m, guint64 seed, const char *path, PksCsvDialect dialect,
             GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (PksOutput) o = pks_output_new (dir, error);
  if (o == NULL)
    return FALSE;
  pks_output_set_csv_dialect (o, dialect);
  FILE *f = pks_output_begin (o, base, error);
  if (f == NULL)
    return FALSE;
  g_autoptr (PksSim) sim = pks_sim_new (m);
  PksTraceWriter *w = pks_trace_writer_new (f, m);
  pks_sim_set_trace (sim, pks_trace_writer_cb, w);
  g_autoptr (PksRepResult) r = pks_rep_result_new (m, FALSE);
  pks_sim_run (sim, seed, 0, r);
  if (!pks_trace_writer_free (w))
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: write failed", path);
      return FALSE;
    }
  return pks_output_end (o, error) && pks_output_commit (o, error);
}

/* --xlsx: the summary of the region, its sites and units, the months,
 * the PKS balance and the settings. */
static gboolean
write_workbook (const PksCli *cli, const PksScenario *scen, const PksModel *model,
                const PksSummary *sum, GPtrArray *results, GError **error)
{
  g_autoptr (PksXlsx) x = pks_xlsx_new (cli->xlsx, cli->language, error);
  if (x == NULL)
    return FALSE;
  const char *names[] = { scen->name };
  PksRepResult *const *reps[] = { (PksRepResult *const *) results->pdata };
  pks_xlsx_add_summary (x, &sum, names, 1);
  pks_xlsx_add_monthly (x, &model, reps, results->len, names, 1);
  pks_xlsx_add_units (x, &sum, names, 1);
  pks_xlsx_add_balance (x, model, (PksRepResult *const *) results->pdata, results->len);
  pks_xlsx_add_settings (x, &scen, names, 1);
  return pks_xlsx_close (g_steal_pointer (&x), error);
}

/* daily.csv needs every replication's daily census until the end (its
 * percentiles are over replications): refuse what would not fit rather than
 * fail half-way (docs/robustness.md). */
static gboolean
daily_too_big (const PksModel *model)
{
  guint n_max = pks_model_replications (model);
  double bytes = (double) pks_model_n_units (model) * pks_model_n_days (model) * n_max
                 * 2 * sizeof (guint16);
  if (bytes <= MAX_DAILY_BYTES)
    return FALSE;
  fprintf (stderr, "pks run: --out keeps the daily census of every replication: "
           "%u units × %u days × %u replications × 4 bytes = %.1f GB, above the "
           "limit of %.0f GB; lower --replications or days, or run without --out\n",
           pks_model_n_units (model), pks_model_n_days (model), n_max, bytes / 1e9,
           MAX_DAILY_BYTES / 1e9);
  return TRUE;
}

/* The scheduler's sink: result i of the batch into its slot. */
static void
store_result (gpointer ctx, guint index, const PksTask *task, PksRepResult *r)
{
  (void) task;
  ((gpointer *) ctx)[index] = r;
}

/* PksJobCheck: on rank 0, whether --out's daily arrays fit. */
static int
check_size (PksJob *job, int status, char **why, gpointer ctx)
{
  (void) why;
  (void) ctx;
  if (status == 0 && job->root && job->cli->out && daily_too_big (job->models->pdata[0]))
    return 2;
  return status;
}

int
pks_cmd_run (int argc, char **argv)
{
  double precision = 0.0;
  g_autofree char *trace = NULL;
  GOptionEntry entries[] = {
    { "precision", 0, 0, G_OPTION_ARG_DOUBLE, &precision,
      "Stop early once the region's headline metrics have a relative 95 % CI half-width "
      "at most this (e.g. 0.01); --replications is then the maximum", "X" },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace, "Write a per-patient event log of replication 0", "FILE" },
    { NULL }
  };
  static const PksCliHelp help[] = {
    { "out", "Write summary.csv, daily.csv, monthly.csv here" },
    { "json", "Print the summary as JSON on standard output" },
    { "quiet", "Print no summary table" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("run", "[SCENARIO] — run a scenario",
                                        PKS_CLI_EXPERIMENT | PKS_CLI_OUTPUTS | PKS_CLI_JSON
                                        | PKS_CLI_REPORTS | PKS_CLI_BY_FLOW, help);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "Without SCENARIO the embedded Region Västerbotten 2024 baseline runs.\n"
    "Exit status: 0 success, 2 bad input, 1 other failure.");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  if (argc > 2)
    {
      pks_cli_error ("run", "one scenario at a time (got %d); use 'pks compare' for plans", argc - 1);
      return 2;
    }
  if (cli->replications < 0 || cli->threads < 0 || precision < 0 || precision >= 1
      || isnan (precision))
    {
      pks_cli_error ("run", "--replications and --threads must be >= 0, --precision in [0, 1)");
      return 2;
    }
  /* --replications and --seed as overrides, so that run.json and the
   * loader's checks see them as the scenario's own */
  g_autoptr (GPtrArray) sets = pks_cli_sets (cli->sets);
  if (cli->replications > 0)
    g_ptr_array_add (sets, g_strdup_printf ("scenario.replications=%d", cli->replications));
  if (cli->seed >= 0)
    g_ptr_array_add (sets, g_strdup_printf ("scenario.seed=%" G_GINT64_FORMAT, cli->seed));
  g_ptr_array_add (sets, NULL);

  const char *path = argc == 2 ? argv[1] : NULL;
  PksJobSpec spec = { .sets = (const char *const *) sets->pdata, .models = TRUE, .output = TRUE,
                      .check = check_size };
  g_auto (PksJob) job = { 0 };
  int status = pks_job_open (&job, cli, &path, 1, &spec);
  if (status != 0)
    return status;
  gboolean root = job.root;
  const PksScenario *scen = job.scenarios->pdata[0];
  const PksModel *model = job.models->pdata[0];
  g_autoptr (GError) err = NULL;

  guint n_max = pks_model_replications (model);
  guint64 s = pks_model_seed (model);
  /* without outputs the summary needs metrics alone: no daily or monthly
   * arrays (memory grows with replications × days otherwise); the same
   * options on every rank */
  gboolean outputs = pks_cli_outputs (cli);
  PksSchedOptions so = { (guint) cli->threads, outputs, !outputs, !cli->quiet && !cli->json,
                         "replications", 0, PKS_SCHED_AUTO, NULL, NULL };
  const PksModel *models[] = { model };
  PksPoints points = { 1, models, NULL, NULL };
  gint64 t0 = g_get_monotonic_time ();
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_rep_result_free);
  g_autoptr (PksSummary) summary = NULL;
  for (guint done = 0;;)
    {
      guint batch = precision > 0 ? MIN (PRECISION_BATCH, n_max - done) : n_max;
      g_autofree PksTask *tasks = pks_sched_grid (1, done, batch);
      g_ptr_array_set_size (results, done + batch);
      if (!pks_sched_run (&points, tasks, batch, s, &so, store_result, results->pdata + done, &err))
        {
          if (root)
            status = pks_cli_fail ("run", err);
          g_ptr_array_unref (results);
          return pks_job_end (&job, status ? status : 1);
        }
      done += batch;
      /* rank 0 decides whether to go on; every rank follows */
      int more = 0;
      if (root)
        {
          g_clear_pointer (&summary, pks_summary_free);
          summary = pks_summary_new (model, (PksRepResult *const *) results->pdata, results->len);
          more = precision > 0 && done < n_max
                 && !(done >= 2 * PRECISION_BATCH
                      && pks_summary_worst_precision (summary, NULL) <= precision);
        }
      if (!pks_sched_bcast_int (more))
        break;
    }
  if (!root)
    {
      g_ptr_array_unref (results);
      return pks_job_end (&job, 0);
    }
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  guint64 events = 0;
  for (guint i = 0; i < results->len; i++)
    events += ((PksRepResult *) g_ptr_array_index (results, i))->events;
  if (precision > 0)
    {
      PksMetric worst = PKS_M_ADMISSIONS;
      double rel = pks_summary_worst_precision (summary, &worst);
      fprintf (stderr, "precision: %u replications, worst relative half-width %.4f (%s), target %.4f%s\n",
               results->len, rel, pks_metric_name (worst), precision,
               rel <= precision ? "" : " — not reached, raise --replications");
    }

  if (cli->json)
    {
      g_autofree char *doc = pks_summary_to_json (summary, s);
      fputs (doc, stdout);
      fputc ('\n', stdout);
    }
  else if (!cli->quiet)
    pks_print_summary (summary, scen->guarantee.treatment_days, cli->language, stdout);
  if (!cli->quiet)
    {
      fprintf (stderr, "%u replications in %.2f s (%.1f million events/s)", results->len, secs,
               secs > 0 ? events / secs / 1e6 : 0.0);
      if (pks_sched_size () > 1)
        fprintf (stderr, " on %u MPI ranks", pks_sched_size ());
      fputc ('\n', stderr);
    }

  /* --out, or for --report alone a temporary folder (job.c) */
  if (job.output)
    {
      PksRepResult *const *rr = (PksRepResult *const *) results->pdata;
      if (!pks_write_run_outputs (job.output, scen, model, summary, rr, results->len, s, &err)
          || !pks_output_commit (job.output, &err))
        status = pks_cli_fail ("run", err);
    }
  if (status == 0 && cli->report
      && !pks_report_write (job.dir, cli->report, &cli->report_options, &err))
    status = pks_cli_fail ("run", err);
  if (status == 0 && cli->xlsx && !write_workbook (cli, scen, model, summary, results, &err))
    status = pks_cli_fail ("run", err);
  if (status == 0 && trace && !write_trace (model, s, trace, cli->csv_dialect, &err))
    status = pks_cli_fail ("run", err);
  g_ptr_array_unref (results);
  return pks_job_end (&job, status);
}
