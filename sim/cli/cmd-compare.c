/* cmd-compare.c — pks compare: the base and each plan run with the same
 * replication seeds (common random numbers) and paired differences. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* The base's entry in the cache (cache.h), or NULL when it is off. */
static PksBaseCache *
base_cache (const PksJob *job, guint64 seed, guint n_reps, const PksExecOptions *opt)
{
  g_autoptr (GPtrArray) sets = pks_cli_sets (job->cli->sets);
  g_ptr_array_add (sets, NULL);
  PksBaseKey key = { job->files, job->n_first_files, (const char *const *) sets->pdata, seed,
                     n_reps, opt->keep_daily && !opt->metrics_only, !opt->metrics_only };
  return pks_base_cache_new (&key);
}

/* The base's replications from the cache and the plans' run against them:
 * every result as pks_exec gives it (each is its own model's, seed's and
 * replication's, whoever else runs). NULL when the cache has no usable
 * entry (*error unset: run everything) or a plan failed (*error set). */
static PksRepResult **
run_on_cached (PksBaseCache *cache, const PksJob *job, guint64 seed, guint n_reps,
               const PksExecOptions *opt, gboolean *from_cache, GError **error)
{
  g_autofree char *why = NULL;
  const PksModel *const *models = (const PksModel *const *) job->models->pdata;
  guint n = job->models->len;
  PksRepResult **base = pks_base_cache_load (cache, models[0], job->cli->language, &why);
  if (why)
    g_printerr (job->cli->language == PKS_LANG_EN
                ? "pks compare: the base's replications in the cache cannot be used (%s); "
                  "simulating them again\n"
                : "pks compare: basens replikeringar i cachen går inte att använda (%s); "
                  "de simuleras igen\n", why);
  if (base == NULL)
    return NULL;
  PksExecOptions po = *opt;
  po.share_base = FALSE;   /* models[1] is a plan, not a base */
  PksRepResult **plans = pks_exec (models + 1, n - 1, seed, 0, n_reps, &po, error);
  if (plans == NULL)
    {
      pks_rep_results_free (base, n_reps);
      return NULL;
    }
  PksRepResult **res = g_new (PksRepResult *, (gsize) n * n_reps);
  memcpy (res, base, sizeof *res * n_reps);
  memcpy (res + n_reps, plans, sizeof *res * (n - 1) * n_reps);
  g_free (base);
  g_free (plans);
  *from_cache = TRUE;
  return res;
}

/* Nothing silent: the base was not simulated this time. */
static void
say_cached (const PksBaseCache *cache, guint n_reps, PksLang lang)
{
  g_autoptr (GDateTime) t = pks_base_cache_written (cache);
  g_autofree char *when = g_date_time_format (t, "%Y-%m-%d %H:%M");
  g_printerr (lang == PKS_LANG_EN
              ? "The base's %u replications were read from the cache (written %s, %s): the "
                "same input, seed and program give the same results; --no-cache simulates "
                "them again.\n"
              : "Basens %u replikeringar lästes ur cachen (skrivna %s, %s): samma indata, frö "
                "och program ger samma resultat; --no-cache simulerar dem igen.\n",
              n_reps, when, pks_base_cache_path (cache));
}

int
pks_cmd_compare (int argc, char **argv)
{
  gboolean details = FALSE, no_cache = FALSE;
  GOptionEntry entries[] = {
    { "details", 0, 0, G_OPTION_ARG_NONE, &details,
      "Also print every plan's headline figures against the base (the table ranks the plans)", NULL },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &no_cache,
      "Simulate the base again even if its replications are in the cache (PKS_CACHE_DIR, else "
      "~/.cache/pks; PKS_NO_CACHE=1 turns it off)", NULL },
    { NULL }
  };
  static const PksCliHelp help[] = {
    { "replications", "Replications (default: the base's)" },
    { "seed", "Base seed (default: the base's)" },
    { "set", "Override a key or table cell in every scenario" },
    { "out", "Write compare.csv, the base's summary.csv, run.json and each scenario's outputs "
             "(base/, plan-1/, …) here" },
    { "quiet", "Print no table" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("compare", "BASE PLAN [PLAN...] — compare plans with a base",
                                        PKS_CLI_EXPERIMENT | PKS_CLI_OUTPUTS | PKS_CLI_REPORTS
                                        | PKS_CLI_MEASURES | PKS_CLI_BY_FLOW, help);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "Every plan runs with the base's seed and replication numbers, so each\n"
    "replication of a plan meets the same patients as the base's (common random\n"
    "numbers); differences are paired. A plan identical to its base differs by 0.");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  if (argc < 3)
    {
      pks_cli_error ("compare", "need a base and at least one plan\nTry 'pks compare --help'.");
      return 2;
    }
  if (!pks_cli_check_counts (cli))
    return 2;
  guint n = (guint) argc - 1;
  PksJobSpec spec = { .models = TRUE, .output = TRUE };
  g_auto (PksJob) job = { 0 };
  int status = pks_job_open (&job, cli, (const char *const *) argv + 1, n, &spec);
  if (status != 0)
    return status;
  gboolean root = job.root;
  GPtrArray *scen = job.scenarios, *models = job.models;
  const PksScenario *base = g_ptr_array_index (scen, 0);
  guint n_reps = pks_cli_replications (cli, base);
  guint64 s = pks_cli_seed (cli, base);

  /* the same options on every rank: daily arrays whenever outputs are made */
  gboolean outputs = pks_cli_outputs (cli);
  PksExecOptions opt = { (guint) cli->threads, outputs, !cli->quiet, "replications", !outputs,
                        TRUE };
  g_autoptr (GError) err = NULL;
  g_autoptr (PksBaseCache) cache = no_cache ? NULL : base_cache (&job, s, n_reps, &opt);
  gboolean from_cache = FALSE;
  PksRepResult **res = cache ? run_on_cached (cache, &job, s, n_reps, &opt, &from_cache, &err)
                             : NULL;
  if (res == NULL && err == NULL)
    {
      res = pks_exec ((const PksModel *const *) models->pdata, n, s, 0, n_reps, &opt, &err);
      if (res && cache && !pks_base_cache_store (cache, res, &err))
        {
          g_printerr (cli->language == PKS_LANG_EN
                      ? "pks compare: the base's replications were not kept for the next "
                        "comparison: %s\n"
                      : "pks compare: basens replikeringar sparades inte till nästa jämförelse: "
                        "%s\n", err->message);
          g_clear_error (&err);
        }
    }
  if (res == NULL)
    return pks_job_end (&job, root ? pks_cli_fail ("compare", err) : 1);
  if (from_cache && !cli->quiet)
    say_cached (cache, n_reps, cli->language);
  if (!root)
    {
      g_free (res);   /* rank 0 has the results */
      return pks_job_end (&job, 0);
    }
  g_autofree GArray **rows = g_new0 (GArray *, n);
  g_autofree const char **names = g_new0 (const char *, n);
  for (guint p = 1; p < n; p++)
    {
      rows[p - 1] = pks_compare (g_ptr_array_index (models, 0), res,
                                 g_ptr_array_index (models, p), res + (gsize) p * n_reps, n_reps);
      const PksScenario *ps = g_ptr_array_index (scen, p);
      names[p - 1] = ps->name;
      for (guint q = 1; q < p; q++)
        if (!strcmp (names[q - 1], ps->name))
          names[p - 1] = argv[p + 1];   /* same name twice: tell them apart by file */
    }
  /* what each plan changes, and whether they are on equal terms */
  g_autofree PksPlanChanges **changes = g_new0 (PksPlanChanges *, n);
  for (guint p = 1; p < n; p++)
    changes[p - 1] = pks_plan_changes (g_ptr_array_index (scen, 0), g_ptr_array_index (models, 0),
                                       g_ptr_array_index (scen, p), g_ptr_array_index (models, p));
  pks_plan_terms_between (changes, names, n - 1);
  /* the comparison as the output layer writes it (pks serve writes the
   * same), and the plans against each other, for the ranking */
  guint np = n - 1;
  g_autofree const char **all_names = g_new0 (const char *, n);
  g_autofree PksRepResult *const **reps = g_new0 (PksRepResult *const *, n);
  for (guint i = 0; i < n; i++)
    {
      all_names[i] = i == 0 ? base->name : names[i - 1];
      reps[i] = res + (gsize) i * n_reps;
    }
  PksCompareRun run = { n, (const PksScenario *const *) scen->pdata,
                        (const PksModel *const *) models->pdata, reps, n_reps, s, all_names,
                        (const char *const *) argv + 1, rows, changes, NULL, NULL, NULL, 0 };
  pks_compare_run_pairs (&run);
  if (!cli->quiet)
    {
      PksCompareTable t = { rows, names, np, run.pairs, run.pair_plan, run.pair_other,
                            run.n_pairs, n_reps, pks_model_n_days (g_ptr_array_index (models, 0)),
                            cli->language, cli->measures, details, changes };
      pks_print_compare (&t, stdout);
    }
  /* --out, or for --report alone a temporary folder (job.c) */
  PksOutput *output = job.output;
  if (output)
    {
      if (!pks_write_compare_outputs (output, &run, &err) || !pks_output_commit (output, &err))
        status = pks_cli_fail ("compare", err);
      else if (cli->report
               && !pks_report_write (job.dir, cli->report, &cli->report_options, &err))
        status = pks_cli_fail ("compare", err);
    }
  if (status == 0 && cli->xlsx && !pks_xlsx_write_compare (cli->xlsx, cli->language, &run, &err))
    status = pks_cli_fail ("compare", err);
  pks_compare_run_clear_pairs (&run);
  for (guint p = 0; p + 1 < n; p++)
    {
      pks_compare_free (rows[p]);
      pks_plan_changes_free (changes[p]);
    }
  pks_rep_results_free (res, (gsize) n * n_reps);
  return pks_job_end (&job, status);
}
