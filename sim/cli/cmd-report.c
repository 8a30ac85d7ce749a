/* cmd-report.c — pks report: the manager-facing HTML report of an output
 * directory. */
#include "cli.h"

#include <stdio.h>

int
pks_cmd_report (int argc, char **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write the report here (default: DIR/report.html)", "FILE.html" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("report", "DIR — the HTML report of an output folder",
                                        PKS_CLI_REPORT_STYLE | PKS_CLI_LANG | PKS_CLI_MEASURES, NULL);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "DIR is a folder written by 'pks run --out DIR', 'pks compare --out DIR'\n"
    "or 'pks optimise --out DIR'.\n"
    "The report is one HTML file with everything inside (charts, styles): it\n"
    "opens offline, from a USB stick, and prints on A4.");
  if (!pks_cli_parse_options (cli, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      fprintf (stderr, "pks report: give one output folder\nTry 'pks report --help'.\n");
      return 2;
    }
  if (!pks_cli_check (cli))
    return 2;
  g_autofree char *run_json = g_build_filename (argv[1], "run.json", NULL);
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "pks report: the folder %s does not exist: give the --out folder of "
                       "pks run, compare or optimise\n", argv[1]);
      return 2;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    {
      fprintf (stderr, "pks report: %s is a file, not a folder: give the --out folder of "
                       "pks run, compare or optimise\n", argv[1]);
      return 2;
    }
  if (!g_file_test (run_json, G_FILE_TEST_EXISTS))
    {
      g_autofree char *summary = g_build_filename (argv[1], "summary.csv", NULL);
      if (g_file_test (summary, G_FILE_TEST_EXISTS))
        fprintf (stderr, "pks report: %s has no run.json: outputs of an older pks lack it, run "
                         "again to make a report\n", argv[1]);
      else
        fprintf (stderr, "pks report: %s is not an output folder of pks run, compare or optimise "
                         "(it has no run.json)\n", argv[1]);
      return 2;
    }
  g_autofree char *path = out ? g_strdup (out) : g_build_filename (argv[1], "report.html", NULL);
  g_autoptr (GError) err = NULL;
  if (!pks_report_write (argv[1], path, &cli->report_options, &err))
    return pks_cli_fail ("report", err);
  return 0;
}
