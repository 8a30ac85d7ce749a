/* cmd-compare.c — pks compare: the base and each plan run with the same
 * replication seeds (common random numbers) and paired differences. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int
pks_cmd_compare (int argc, char **argv)
{
  int reps = 0, threads = 0;
  gint64 seed = -1;
  gboolean json = FALSE, quiet = FALSE;
  g_auto (GStrv) sets = NULL;
  g_autofree char *out = NULL;
  g_auto (PksCliReport) rep = { 0 };
  PksReportOptions ropt;
  GOptionEntry entries[] = {
    { "replications", 'r', 0, G_OPTION_ARG_INT, &reps, "Replications (default: the base's)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Base seed (default: the base's)", "S" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Worker threads (default: all cores)", "N" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a key or table cell in every scenario", "K=V" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      "Write compare.csv, the base's summary.csv, run.json and each scenario's outputs "
      "(base/, plan-1/, …) here", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print no table", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("BASE PLAN [PLAN...] — compare plans with a base");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Every plan runs with the base's seed and replication numbers, so each\n"
    "replication of a plan meets the same patients as the base's (common random\n"
    "numbers); differences are paired. A plan identical to its base differs by 0.");
  (void) json;
  pks_cli_report_add (ctx, &rep, TRUE);
  if (!pks_cli_parse (ctx, &argc, &argv, "compare") || !pks_cli_report_check ("compare", &rep, &ropt))
    return 2;
  if (argc < 3)
    {
      pks_cli_error ("compare", "need a base and at least one plan\nTry 'pks compare --help'.");
      return 2;
    }
  if (reps < 0 || threads < 0)
    {
      pks_cli_error ("compare", "--replications and --threads must be >= 0");
      return 2;
    }
  guint n = (guint) argc - 1;
  gboolean root = pks_sched_is_root ();
  g_autoptr (PksFiles) files = pks_files_new ();
  g_autoptr (GPtrArray) scen = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_scenario_free);
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_model_free);
  g_autoptr (GPtrArray) all_sets = pks_cli_sets (sets);
  g_ptr_array_add (all_sets, NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (PksOutput) output = NULL;
  g_autofree char *why = NULL;
  /* rank 0 loads and checks every scenario (printing every problem);
   * under MPI the other ranks then load rank 0's copies */
  int status = 0;
  if (root)
    {
      gboolean bad = FALSE;
      for (guint i = 0; i < n; i++)
        {
          PksScenario *s = pks_cli_load (argv[i + 1], (char **) all_sets->pdata, files);
          bad |= s == NULL;
          g_ptr_array_add (scen, s);
        }
      status = bad ? 2 : 0;
    }
  if ((status = pks_sched_share_files (files, status)) != 0)
    return status;
  if (!root)
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (scen, pks_cli_load_rank (argv[i + 1], (char **) all_sets->pdata, files, &why));
  for (guint i = 0; i < n && status == 0; i++)
    {
      if (g_ptr_array_index (scen, i) == NULL)
        {
          status = 1;
          break;
        }
      PksModel *m = pks_model_new (g_ptr_array_index (scen, i), &err);
      if (m == NULL)
        {
          status = root ? pks_cli_fail ("compare", err) : 1;
          if (!root)
            why = g_strdup (err->message);
          break;
        }
      g_ptr_array_add (models, m);
    }
  if (status == 0 && root && out && (output = pks_output_new (out, &err)) == NULL)
    status = pks_cli_fail ("compare", err);
  if ((status = pks_cli_agree ("compare", status, why)) != 0)
    return status;
  const PksScenario *base = g_ptr_array_index (scen, 0);
  guint n_reps = reps > 0 ? (guint) reps : (guint) base->replications;
  guint64 s = seed >= 0 ? (guint64) seed : base->seed;

  /* a report without --out is built from outputs in a temporary folder */
  g_autofree char *tmp = NULL;
  if (root && rep.report && !output)
    {
      if ((tmp = g_dir_make_tmp ("pks-report-XXXXXX", &err)) == NULL
          || (output = pks_output_new (tmp, &err)) == NULL)
        status = pks_cli_fail ("compare", err);
    }
  if ((status = pks_cli_agree ("compare", status, NULL)) != 0)
    return status;

  /* the same options on every rank: daily arrays whenever outputs are made */
  gboolean outputs = out != NULL || rep.report != NULL;
  PksExecOptions opt = { (guint) threads, outputs, !quiet, "replications", !outputs };
  PksRepResult **res = pks_exec ((const PksModel *const *) models->pdata, n, s, 0, n_reps, &opt,
                                 &err);
  if (res == NULL)
    {
      if (tmp)
        pks_cli_rm_tree (tmp);
      return pks_cli_agree ("compare", root ? pks_cli_fail ("compare", err) : 1, NULL);
    }
  if (!root)
    {
      g_free (res);   /* rank 0 has the results */
      return pks_cli_agree ("compare", 0, NULL);
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
  if (!quiet)
    pks_print_compare (g_ptr_array_index (models, 0), rows, names, n - 1, n_reps, stdout);
  if (output)
    {
      g_autoptr (PksSummary) sum = pks_summary_new (g_ptr_array_index (models, 0), res, n_reps);
      gboolean ok = pks_write_compare_csv (output, rows, names, n - 1, &err)
                    && pks_write_summary_csv (output, sum, &err);
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
                                         (const char *const *) dirs->pdata, n, s, n_reps, &err)
           && pks_output_commit (output, &err);
      if (!ok)
        status = pks_cli_fail ("compare", err);
      else if (rep.report && !pks_report_write (out ? out : tmp, rep.report, &ropt, &err))
        status = pks_cli_fail ("compare", err);
    }
  if (tmp)
    pks_cli_rm_tree (tmp);
  for (guint p = 0; p + 1 < n; p++)
    pks_compare_free (rows[p]);
  for (guint i = 0; i < n * n_reps; i++)
    pks_rep_result_free (res[i]);
  g_free (res);
  return pks_cli_agree ("compare", status, NULL);
}
