/* options.c — the options the pks commands share, in one table: each
 * command names the ones it takes (PksCliOption) and gets them parsed and
 * checked into a PksCli, beside its own options. */
#include "cli.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One shared option. The value lands at offset in PksCli. Options of the
 * report group are listed under "Report options" (--help-report) by a
 * command that writes reports besides its own outputs, and with the
 * command's own options in --help by the others (pks report), like every
 * other shared option. */
typedef struct {
  PksCliOption option;
  gboolean report_group;
  const char *name;
  char short_name;
  GOptionArg arg;
  gsize offset;
  const char *description, *arg_description;
} Shared;

static const Shared shared[] = {
  { PKS_CLI_REPLICATIONS, FALSE, "replications", 'r', G_OPTION_ARG_INT,
    G_STRUCT_OFFSET (PksCli, replications), "Replications (default: the scenario's)", "N" },
  { PKS_CLI_SEED, FALSE, "seed", 0, G_OPTION_ARG_INT64, G_STRUCT_OFFSET (PksCli, seed),
    "Base seed (default: the scenario's)", "S" },
  { PKS_CLI_THREADS, FALSE, "threads", 't', G_OPTION_ARG_INT, G_STRUCT_OFFSET (PksCli, threads),
    "Worker threads (default: all cores)", "N" },
  { PKS_CLI_SET, FALSE, "set", 's', G_OPTION_ARG_STRING_ARRAY, G_STRUCT_OFFSET (PksCli, sets),
    "Override a key or table cell", "K=V" },
  { PKS_CLI_OUT, FALSE, "out", 'o', G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (PksCli, out),
    "Write the output files here", "DIR" },
  { PKS_CLI_JSON, FALSE, "json", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (PksCli, json),
    "Print the results as JSON on standard output", NULL },
  { PKS_CLI_QUIET, FALSE, "quiet", 'q', G_OPTION_ARG_NONE, G_STRUCT_OFFSET (PksCli, quiet),
    "Print no table and no progress", NULL },
  { PKS_CLI_BY_FLOW, FALSE, "by-flow", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (PksCli, by_flow),
    "Outputs also per flow (scope flow, Unit/flow): [scenario] by_flow = true", NULL },
  { PKS_CLI_REPORT, TRUE, "report", 0, G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (PksCli, report),
    "Also write the report as one self-contained HTML file", "FILE.html" },
  { PKS_CLI_REPORT_STYLE, TRUE, "png", 0, G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (PksCli, png),
    "Also save every chart as a PNG here (for slides)", "DIR" },
  { PKS_CLI_LANG, FALSE, "lang", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (PksCli, lang),
    "Language of the tables, the report and the workbook: sv (default) or en", "LANG" },
  { PKS_CLI_XLSX, FALSE, "xlsx", 0, G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (PksCli, xlsx),
    "Also write the results as one Excel workbook", "FILE.xlsx" },
  { PKS_CLI_CSV_DIALECT, FALSE, "csv-dialect", 0, G_OPTION_ARG_STRING,
    G_STRUCT_OFFSET (PksCli, csv_dialect_text),
    "CSV files as the contract writes them (default) or excel-sv: ';', decimal comma, "
    "byte order mark and CRLF, for Excel with Swedish settings", "D" },
  { PKS_CLI_MEASURES, FALSE, "measures", 0, G_OPTION_ARG_STRING,
    G_STRUCT_OFFSET (PksCli, measures),
    "The metrics that matter, comma-separated; plans are ranked on the first "
    "(default: overcrowded_days and the other headline metrics)", "M1,M2,..." },
  { PKS_CLI_REPORT_STYLE, TRUE, "balance-units", 0, G_OPTION_ARG_STRING,
    G_STRUCT_OFFSET (PksCli, balance_units),
    "Units charted in the PKS balance (default: the six furthest from balance)", "U1,U2,..." },
  { PKS_CLI_REPORT_STYLE, TRUE, "vg-target", 0, G_OPTION_ARG_DOUBLE,
    G_STRUCT_OFFSET (PksCli, vg_target),
    "Care-guarantee target line, % waiting within the limit (default 100)", "PCT" },
};

/* cairo and fontconfig keep font caches for the life of the process; free
 * them at exit so leak checkers (the AddressSanitizer build) see none. Only
 * the command line does this: by then no cairo object is alive. */
static void
free_font_caches (void)
{
  cairo_debug_reset_static_data ();
  FcFini ();
}

void
pks_cli_free_fonts_at_exit (void)
{
  static gboolean registered = FALSE;
  if (!registered)
    registered = atexit (free_font_caches) == 0;
}

static const char *
wording (const Shared *o, const PksCliHelp *help)
{
  for (guint i = 0; help && help[i].option; i++)
    if (strcmp (help[i].option, o->name) == 0)
      return help[i].description;
  return o->description;
}

/* The shared options a command takes as two groups: "common", shown with
 * the command's own options (G_OPTION_FLAG_IN_MAIN), and "report". */
static void
add_shared (PksCli *cli, const PksCliHelp *help)
{
  GOptionEntry common[G_N_ELEMENTS (shared) + 1], report[G_N_ELEMENTS (shared) + 1];
  guint nc = 0, nr = 0;
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      const Shared *o = &shared[i];
      if (!(cli->options & o->option))
        continue;
      gboolean aside = o->report_group && (cli->options & PKS_CLI_REPORT);
      GOptionEntry e = { o->name, o->short_name, aside ? 0 : G_OPTION_FLAG_IN_MAIN, o->arg,
                         (char *) cli + o->offset, wording (o, help), o->arg_description };
      if (aside)
        report[nr++] = e;
      else
        common[nc++] = e;
    }
  common[nc] = (GOptionEntry) { NULL };
  report[nr] = (GOptionEntry) { NULL };
  if (nc > 0)
    {
      GOptionGroup *g = g_option_group_new ("common", "Options of every command:",
                                            "Show the options every command shares", NULL, NULL);
      g_option_group_add_entries (g, common);
      g_option_context_add_group (cli->ctx, g);
    }
  if (cli->options & PKS_CLI_REPORTS)
    pks_cli_free_fonts_at_exit ();
  if (nr > 0)
    {
      GOptionGroup *g = g_option_group_new ("report", "Report options:", "Show the report options",
                                            NULL, NULL);
      g_option_group_add_entries (g, report);
      g_option_context_add_group (cli->ctx, g);
    }
}

PksCli *
pks_cli_new (const char *cmd, const char *args, PksCliOption options, const PksCliHelp *help)
{
  PksCli *cli = g_new0 (PksCli, 1);
  cli->cmd = cmd;
  cli->options = options;
  cli->seed = -1;
  cli->ctx = g_option_context_new (args);
  add_shared (cli, help);
  return cli;
}

void
pks_cli_free (PksCli *cli)
{
  if (cli == NULL)
    return;
  g_option_context_free (cli->ctx);
  g_strfreev (cli->sets);
  g_free (cli->out);
  g_free (cli->report);
  g_free (cli->png);
  g_free (cli->lang);
  g_free (cli->xlsx);
  g_free (cli->csv_dialect_text);
  g_free (cli->measures);
  g_free (cli->balance_units);
  g_free (cli);
}

void
pks_cli_add_entries (PksCli *cli, const GOptionEntry *entries)
{
  g_option_context_add_main_entries (cli->ctx, entries, NULL);
}

void
pks_cli_describe (PksCli *cli, const char *description)
{
  g_option_context_set_description (cli->ctx, description);
}

gboolean
pks_cli_parse_options (PksCli *cli, int *argc, char ***argv)
{
  g_autoptr (GError) err = NULL;
  if (!g_option_context_parse (cli->ctx, argc, argv, &err))
    {
      if (pks_sched_is_root ())   /* one message from an MPI job, not one per rank */
        fprintf (stderr, "pks %s: %s\nTry 'pks %s --help'.\n", cli->cmd, err->message, cli->cmd);
      return FALSE;
    }
  if (cli->by_flow)
    {
      /* an override like any other, so every scenario and rank sees it */
      guint n = cli->sets ? g_strv_length (cli->sets) : 0;
      cli->sets = g_renew (char *, cli->sets, n + 2);
      cli->sets[n] = g_strdup ("scenario.by_flow=true");
      cli->sets[n + 1] = NULL;
    }
  return TRUE;
}

gboolean
pks_cli_check (PksCli *cli)
{
  g_autoptr (GError) err = NULL;
  PksReportOptions *opt = &cli->report_options;
  if ((cli->options & PKS_CLI_LANG) && !pks_lang_parse (cli->lang, &cli->language, &err))
    {
      pks_cli_error (cli->cmd, "%s", err->message);
      return FALSE;
    }
  opt->lang = cli->language;
  if ((cli->options & PKS_CLI_CSV_DIALECT)
      && !pks_csv_dialect_parse (cli->csv_dialect_text, &cli->csv_dialect, &err))
    {
      pks_cli_error (cli->cmd, "%s", err->message);
      return FALSE;
    }
  if (cli->xlsx && !g_str_has_suffix (cli->xlsx, ".xlsx"))
    {
      pks_cli_error (cli->cmd, "--xlsx %s: the workbook's name must end in .xlsx (Excel opens "
                     "it by that name)", cli->xlsx);
      return FALSE;
    }
  if ((cli->options & PKS_CLI_MEASURES) && !pks_report_measures_check (cli->measures, &err))
    {
      pks_cli_error (cli->cmd, "%s", err->message);
      return FALSE;
    }
  opt->measures = cli->measures;
  if (!(cli->options & PKS_CLI_REPORT_STYLE))
    return TRUE;
  if (cli->vg_target < 0 || cli->vg_target > 100)
    {
      pks_cli_error (cli->cmd, "--vg-target must be in [0, 100]");
      return FALSE;
    }
  opt->vg_target_pct = cli->vg_target > 0 ? cli->vg_target : 100.0;
  opt->png_dir = cli->png;
  opt->balance_units = cli->balance_units;
  return TRUE;
}

gboolean
pks_cli_parse (PksCli *cli, int *argc, char ***argv)
{
  return pks_cli_parse_options (cli, argc, argv) && pks_cli_check (cli);
}

guint
pks_cli_replications (const PksCli *cli, const PksScenario *s)
{
  return cli->replications > 0 ? (guint) cli->replications : (guint) s->replications;
}

guint64
pks_cli_seed (const PksCli *cli, const PksScenario *s)
{
  return cli->seed >= 0 ? (guint64) cli->seed : s->seed;
}

gboolean
pks_cli_outputs (const PksCli *cli)
{
  return cli->out != NULL || cli->report != NULL || cli->xlsx != NULL;
}

gboolean
pks_cli_check_counts (const PksCli *cli)
{
  if (cli->replications >= 0 && cli->threads >= 0)
    return TRUE;
  pks_cli_error (cli->cmd, "--replications and --threads must be >= 0");
  return FALSE;
}

GPtrArray *
pks_cli_sets (char **sets)
{
  GPtrArray *a = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; sets && sets[i]; i++)
    g_ptr_array_add (a, g_strdup (sets[i]));
  return a;
}
