/* cmd-fit.c — pks fit: a scenario from the region's own extract
 * (contract 5.1), with today's state (5.2), the fit report (text on
 * standard output, fit.html beside the scenario) and, with --backtest-to,
 * the forecast against actual. Nothing is written when the input is bad. */
#include "cli.h"
#include "pks/output/xlsx.h"

#include <stdio.h>
#include <string.h>

static gboolean
date_opt (const char *name, const char *text, PksDate *out)
{
  *out = 0;
  if (text == NULL)
    return TRUE;
  if (pks_date_parse (text, out))
    return TRUE;
  pks_cli_error ("fit", "%s: expected an ISO date YYYY-MM-DD, got \"%s\"", name, text);
  return FALSE;
}

/* --xlsx: fit.csv, fit_checks.csv and backtest.csv as they were written,
 * one sheet each. */
static gboolean
write_workbook (const PksCli *cli, const PksFit *fit, GError **error)
{
  gboolean sv = cli->language == PKS_LANG_SV;
  static const struct {
    const char *file, *sv, *en;
  } sheets[] = {
    { "fit.csv", "Anpassning", "Fit" },
    { "fit_checks.csv", "Kontroller", "Checks" },
    { "backtest.csv", "Mot utfallet", "Back-test" },
  };
  g_autoptr (PksXlsx) x = pks_xlsx_new (cli->xlsx, cli->language, error);
  if (x == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sheets); i++)
    {
      if (i == 2 && !fit->backtest)
        continue;
      g_autofree char *path = g_build_filename (cli->out, sheets[i].file, NULL);
      if (!pks_xlsx_add_csv (x, sv ? sheets[i].sv : sheets[i].en, path, 3, error))
        return FALSE;
    }
  return pks_xlsx_close (g_steal_pointer (&x), error);
}

int
pks_cmd_fit (int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL, *as_of = NULL, *bt = NULL;
  int days = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day of the fitting period", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day of the fitting period", "DATE" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      "Today's state (census.csv, waitlist.csv) at the end of this day; the scenario starts "
      "the next day (default: --to)", "DATE" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Horizon of the written scenario (default 365)", "N" },
    { "backtest-to", 0, 0, G_OPTION_ARG_STRING, &bt,
      "Forecast from the end of --to until this day and compare with what the extract "
      "shows (backtest.csv, and a section of fit.html)", "DATE" },
    { NULL }
  };
  static const PksCliHelp help[] = {
    { "out", "Write the scenario, its tables and the fit report here (required)" },
    { "replications", "Replications of the check and the back-test (default 20)" },
    { "seed", "Seed of the check and the back-test (default 1)" },
    { "quiet", "Print no report on standard output" },
    { "vg-target", "Care-guarantee target line of the back-test's charts (default 100)" },
    { NULL, NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("fit", "EXTRACT_DIR — fit a scenario to an extract",
                                        PKS_CLI_REPLICATIONS | PKS_CLI_SEED | PKS_CLI_OUTPUTS
                                        | PKS_CLI_QUIET | PKS_CLI_REPORT_STYLE | PKS_CLI_LANG, help);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "EXTRACT_DIR holds admissions.csv, referrals.csv and/or operations.csv (and units.csv\n"
    "for beds and sessions); docs/fit.md describes them and what is fitted.\n"
    "Exit status: 0 success, 2 bad input (nothing written), 1 other failure.");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      pks_cli_error ("fit", "give one EXTRACT_DIR (got %d)\nTry 'pks fit --help'.", argc - 1);
      return 2;
    }
  if (cli->out == NULL)
    {
      pks_cli_error ("fit", "--out DIR is required: the folder for the fitted scenario");
      return 2;
    }
  PksFitOptions opt = { 0 };
  opt.extract_dir = argv[1];
  if (!date_opt ("--from", from, &opt.from) || !date_opt ("--to", to, &opt.to)
      || !date_opt ("--as-of", as_of, &opt.as_of) || !date_opt ("--backtest-to", bt, &opt.backtest_to))
    return 2;
  if (days < 0 || cli->replications < 0)
    {
      pks_cli_error ("fit", "--days and --replications must be >= 0");
      return 2;
    }
  opt.days = days;
  opt.replications = (guint) cli->replications;
  opt.seed = cli->seed >= 0 ? (guint64) cli->seed : 1;
  opt.lang = cli->report_options.lang;

  g_autoptr (GError) err = NULL;
  g_autoptr (PksDiags) diags = pks_diags_new ();
  g_autoptr (PksFit) fit = pks_fit_run (&opt, diags, &err);
  if (diags->items->len > 0)
    {
      g_autofree char *all = pks_diags_format_all (diags, TRUE);
      fprintf (stderr, "%s\n", all);
    }
  if (fit == NULL)
    return pks_cli_fail ("fit", err);
  g_autoptr (PksOutput) o = pks_output_new (cli->out, &err);
  if (o)
    pks_output_set_csv_dialect (o, cli->csv_dialect);
  if (o == NULL || !pks_fit_write (fit, o, &err)
      || !pks_report_fit_write (fit, o, &cli->report_options, &err)
      || !pks_output_commit (o, &err))
    return pks_cli_fail ("fit", err);
  if (cli->xlsx && !write_workbook (cli, fit, &err))
    return pks_cli_fail ("fit", err);
  if (!cli->quiet)
    {
      g_autofree char *text = pks_fit_text (fit, opt.lang);
      fputs (text, stdout);
      fprintf (stderr, "%s: scenario.ini, fit.csv, fit.html%s (%.2f s)\n", cli->out,
               fit->backtest ? ", backtest.csv" : "", fit->seconds);
    }
  return 0;
}
