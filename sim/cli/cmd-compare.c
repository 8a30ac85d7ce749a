/* cmd-compare.c — pks compare: the base and each plan run with the same
 * replication seeds (common random numbers) and paired differences. */
#include "cli.h"
#include "pks/output/xlsx.h"

#include <stdio.h>
#include <string.h>

/* daily_diff.csv: each plan against the base, for the region and every
 * site of the base, day by day. */
static gboolean
write_daily_diff (PksOutput *o, GPtrArray *models, PksRepResult **res, guint n_reps,
                  const char *const *names, GError **error)
{
  const PksModel *base = g_ptr_array_index (models, 0);
  g_autoptr (GPtrArray) diffs = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_daily_diff_free);
  g_autoptr (GPtrArray) plan_of = g_ptr_array_new ();
  for (guint p = 1; p < models->len; p++)
    for (int site = -1; site < (int) pks_model_n_sites (base); site++)
      {
        PksDailyDiff *d = pks_compare_daily (base, res, g_ptr_array_index (models, p),
                                             res + (gsize) p * n_reps, n_reps,
                                             site < 0 ? PKS_SCOPE_REGION : PKS_SCOPE_SITE,
                                             site < 0 ? pks_model_region_name (base)
                                                      : pks_model_site_name (base, (guint) site));
        if (d == NULL)
          continue;
        g_ptr_array_add (diffs, d);
        g_ptr_array_add (plan_of, (gpointer) names[p - 1]);
      }
  return pks_write_daily_diff_csv (o, (const PksDailyDiff *const *) diffs->pdata,
                                   (const char *const *) plan_of->pdata, diffs->len,
                                   pks_model_start (base), error);
}

/* --xlsx: the base's and every plan's summary, months and settings, and
 * the paired differences. */
static gboolean
write_workbook (const PksCli *cli, GPtrArray *scen, GPtrArray *models, PksRepResult **res,
                guint n_reps, GArray *const *rows, const char *const *plan_names, GError **error)
{
  guint n = models->len;
  g_autoptr (PksXlsx) x = pks_xlsx_new (cli->xlsx, cli->language, error);
  if (x == NULL)
    return FALSE;
  g_autoptr (GPtrArray) sums = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_summary_free);
  g_autofree const char **names = g_new (const char *, n);
  g_autofree PksRepResult *const **reps = g_new (PksRepResult *const *, n);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (sums, pks_summary_new (g_ptr_array_index (models, i), res + (gsize) i * n_reps,
                                              n_reps));
      names[i] = i == 0 ? ((const PksScenario *) g_ptr_array_index (scen, 0))->name : plan_names[i - 1];
      reps[i] = res + (gsize) i * n_reps;
    }
  const PksSummary *const *sp = (const PksSummary *const *) sums->pdata;
  pks_xlsx_add_summary (x, sp, names, n);
  pks_xlsx_add_compare (x, rows, plan_names, n - 1);
  pks_xlsx_add_monthly (x, (const PksModel *const *) models->pdata, reps, n_reps, names, n);
  pks_xlsx_add_units (x, sp, names, n);
  pks_xlsx_add_settings (x, (const PksScenario *const *) scen->pdata, names, n);
  return pks_xlsx_close (g_steal_pointer (&x), error);
}

int
pks_cmd_compare (int argc, char **argv)
{
  gboolean details = FALSE;
  GOptionEntry entries[] = {
    { "details", 0, 0, G_OPTION_ARG_NONE, &details,
      "Also print every plan's headline figures against the base (the table ranks the plans)", NULL },
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
  PksExecOptions opt = { (guint) cli->threads, outputs, !cli->quiet, "replications", !outputs };
  g_autoptr (GError) err = NULL;
  PksRepResult **res = pks_exec ((const PksModel *const *) models->pdata, n, s, 0, n_reps, &opt,
                                 &err);
  if (res == NULL)
    return pks_job_end (&job, root ? pks_cli_fail ("compare", err) : 1);
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
  /* the plans against each other, for the ranking: plan q − plan p */
  guint np = n - 1, n_pairs = np * (np - 1) / 2;
  g_autofree GArray **pairs = g_new0 (GArray *, MAX (1u, n_pairs));
  g_autofree const char **pair_plan = g_new0 (const char *, MAX (1u, n_pairs));
  g_autofree const char **pair_other = g_new0 (const char *, MAX (1u, n_pairs));
  for (guint p = 1, k = 0; p < n; p++)
    for (guint q = p + 1; q < n; q++, k++)
      {
        pairs[k] = pks_compare (g_ptr_array_index (models, p), res + (gsize) p * n_reps,
                                g_ptr_array_index (models, q), res + (gsize) q * n_reps, n_reps);
        pair_plan[k] = names[q - 1];
        pair_other[k] = names[p - 1];
      }
  if (!cli->quiet)
    {
      PksCompareTable t = { rows, names, np, pairs, pair_plan, pair_other, n_pairs, n_reps,
                            pks_model_n_days (g_ptr_array_index (models, 0)), cli->language,
                            cli->measures, details, changes };
      pks_print_compare (&t, stdout);
    }
  /* --out, or for --report alone a temporary folder (job.c) */
  PksOutput *output = job.output;
  if (output)
    {
      g_autoptr (PksSummary) sum = pks_summary_new (g_ptr_array_index (models, 0), res, n_reps);
      gboolean ok = pks_write_compare_csv (output, rows, names, np, &err)
                    && pks_write_plan_changes_csv (output, changes, names, np, &err)
                    && pks_write_summary_csv (output, sum, &err)
                    && (n_pairs == 0 || pks_write_plan_pairs_csv (output, pairs, pair_plan, pair_other,
                                                                  n_pairs, &err))
                    && write_daily_diff (output, models, res, n_reps, names, &err);
      /* each scenario's own outputs in a subfolder, for the report's charts */
      g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) all_names = g_ptr_array_new ();
      for (guint i = 0; ok && i < n; i++)
        {
          char *sub = i == 0 ? g_strdup ("base") : g_strdup_printf ("plan-%u", i);
          g_ptr_array_add (dirs, sub);
          const PksScenario *si = g_ptr_array_index (scen, i);
          g_ptr_array_add (all_names, i == 0 ? (char *) si->name : (char *) names[i - 1]);
          g_autoptr (PksSummary) si_sum = pks_summary_new (g_ptr_array_index (models, i),
                                                           res + (gsize) i * n_reps, n_reps);
          pks_output_set_subdir (output, sub);
          ok = pks_cli_write_outputs (output, si, g_ptr_array_index (models, i), si_sum,
                                      res + (gsize) i * n_reps, n_reps, s, &err);
          pks_output_set_subdir (output, NULL);
        }
      ok = ok && pks_write_compare_json (output, (const char *const *) all_names->pdata,
                                         (const char *const *) argv + 1,
                                         (const char *const *) dirs->pdata, n, s, n_reps,
                                         changes, &err)
           && pks_output_commit (output, &err);
      if (!ok)
        status = pks_cli_fail ("compare", err);
      else if (cli->report
               && !pks_report_write (job.dir, cli->report, &cli->report_options, &err))
        status = pks_cli_fail ("compare", err);
    }
  if (status == 0 && cli->xlsx && !write_workbook (cli, scen, models, res, n_reps, rows, names, &err))
    status = pks_cli_fail ("compare", err);
  for (guint k = 0; k < n_pairs; k++)
    pks_compare_free (pairs[k]);
  for (guint p = 0; p + 1 < n; p++)
    {
      pks_compare_free (rows[p]);
      pks_plan_changes_free (changes[p]);
    }
  for (guint i = 0; i < n * n_reps; i++)
    pks_rep_result_free (res[i]);
  g_free (res);
  return pks_job_end (&job, status);
}
