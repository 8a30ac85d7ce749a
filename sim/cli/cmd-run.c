/* cmd-run.c — pks run: replications of one scenario, the terminal summary
 * and the output files. */
#include "cli.h"

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
write_trace (const PksModel *m, guint64 seed, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr (PksOutput) o = pks_output_new (dir, error);
  if (o == NULL)
    return FALSE;
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

int
pks_cmd_run (int argc, char **argv)
{
  int reps = 0, threads = 0;
  gint64 seed = -1;
  double precision = 0.0;
  gboolean json = FALSE, quiet = FALSE;
  g_auto (GStrv) sets = NULL;
  g_autofree char *out = NULL, *trace = NULL;
  GOptionEntry entries[] = {
    { "replications", 'r', 0, G_OPTION_ARG_INT, &reps, "Replications (default: the scenario's)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Base seed (default: the scenario's)", "S" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Worker threads (default: all cores)", "N" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a key or table cell", "K=V" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write summary.csv, daily.csv, monthly.csv here", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON on standard output", NULL },
    { "precision", 0, 0, G_OPTION_ARG_DOUBLE, &precision,
      "Stop early once the region's headline metrics have a relative 95 % CI half-width "
      "at most this (e.g. 0.01); --replications is then the maximum", "X" },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace, "Write a per-patient event log of replication 0", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print no summary table", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("[SCENARIO] — run a scenario");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Without SCENARIO the embedded Region Västerbotten 2024 baseline runs.\n"
    "Exit status: 0 success, 2 bad input, 1 other failure.");
  if (!pks_cli_parse (ctx, &argc, &argv, "run"))
    return 2;
  if (argc > 2)
    {
      fprintf (stderr, "pks run: one scenario at a time (got %d); use 'pks compare' for plans\n", argc - 1);
      return 2;
    }
  if (reps < 0 || threads < 0 || precision < 0 || precision >= 1 || isnan (precision))
    {
      fprintf (stderr, "pks run: --replications and --threads must be >= 0, --precision in [0, 1)\n");
      return 2;
    }
  g_autoptr (GPtrArray) all_sets = pks_cli_sets (sets);
  if (reps > 0)
    g_ptr_array_add (all_sets, g_strdup_printf ("scenario.replications=%d", reps));
  if (seed >= 0)
    g_ptr_array_add (all_sets, g_strdup_printf ("scenario.seed=%" G_GINT64_FORMAT, seed));
  g_ptr_array_add (all_sets, NULL);

  g_autoptr (PksFiles) files = pks_files_new ();
  g_autoptr (PksScenario) scen = pks_cli_load (argc == 2 ? argv[1] : NULL,
                                               (char **) all_sets->pdata, files);
  if (scen == NULL)
    return 2;
  g_autoptr (GError) err = NULL;
  g_autoptr (PksModel) model = pks_model_new (scen, &err);
  if (model == NULL)
    return pks_cli_fail ("run", err);

  guint n_max = pks_model_replications (model);
  if (out)
    {
      /* daily.csv needs every replication's daily census until the end
       * (its percentiles are over replications): refuse what would not fit
       * rather than fail half-way (docs/robustness.md) */
      double bytes = (double) pks_model_n_units (model) * pks_model_n_days (model) * n_max
                     * 2 * sizeof (guint16);
      if (bytes > MAX_DAILY_BYTES)
        {
          fprintf (stderr, "pks run: --out keeps the daily census of every replication: "
                   "%u units × %u days × %u replications × 4 bytes = %.1f GB, above the "
                   "limit of %.0f GB; lower --replications or days, or run without --out\n",
                   pks_model_n_units (model), pks_model_n_days (model), n_max, bytes / 1e9,
                   MAX_DAILY_BYTES / 1e9);
          return 2;
        }
    }
  g_autoptr (PksOutput) output = NULL;
  if (out && (output = pks_output_new (out, &err)) == NULL)
    return pks_cli_fail ("run", err);

  guint64 s = pks_model_seed (model);

  PksExecOptions opt = { (guint) threads, out != NULL, !quiet && !json, "replications" };
  const PksModel *models[] = { model };
  gint64 t0 = g_get_monotonic_time ();
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_rep_result_free);
  g_autoptr (PksSummary) summary = NULL;
  for (;;)
    {
      guint done = results->len;
      guint batch = precision > 0 ? MIN (PRECISION_BATCH, n_max - done) : n_max;
      PksRepResult **r = pks_exec (models, 1, s, done, batch, &opt);
      for (guint i = 0; i < batch; i++)
        g_ptr_array_add (results, r[i]);
      g_free (r);
      g_clear_pointer (&summary, pks_summary_free);
      summary = pks_summary_new (model, (PksRepResult *const *) results->pdata, results->len);
      if (precision <= 0 || results->len >= n_max)
        break;
      if (results->len >= 2 * PRECISION_BATCH
          && pks_summary_worst_precision (summary, NULL) <= precision)
        break;
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

  if (json)
    {
      g_autofree char *doc = pks_summary_to_json (summary, s);
      fputs (doc, stdout);
      fputc ('\n', stdout);
    }
  else if (!quiet)
    pks_print_summary (summary, stdout);
  if (!quiet)
    fprintf (stderr, "%u replications in %.2f s (%.1f million events/s)\n", results->len, secs,
             secs > 0 ? events / secs / 1e6 : 0.0);

  int status = 0;
  if (output)
    {
      PksRepResult *const *rr = (PksRepResult *const *) results->pdata;
      if (!pks_write_summary_csv (output, summary, &err)
          || !pks_write_daily_csv (output, model, rr, results->len, &err)
          || !pks_write_daily_sites_csv (output, model, rr, results->len, &err)
          || !pks_write_monthly_csv (output, model, rr, results->len, &err)
          || !pks_output_commit (output, &err))
        status = pks_cli_fail ("run", err);
    }
  if (status == 0 && trace && !write_trace (model, s, trace, &err))
    status = pks_cli_fail ("run", err);
  g_ptr_array_unref (results);
  return status;
}
