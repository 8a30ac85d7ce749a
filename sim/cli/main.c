/* main.c — the pks command: dispatch to a subcommand. Exit status 0 on
 * success, 2 on bad input, 1 on anything else (contract section 3). */
#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char *usage =
  "Usage: pks COMMAND [OPTIONS] [ARGS]\n"
  "\n"
  "Production and capacity planning (PKS) simulator for regional health care.\n"
  "\n"
  "Commands:\n"
  "  run [SCENARIO]           run a scenario (default: the embedded Västerbotten baseline)\n"
  "  compare BASE PLAN...     compare plans with a base, paired by common random numbers\n"
  "  validate SCENARIO        check a scenario and report every problem found\n"
  "\n"
  "Options:\n"
  "  -h, --help               show this help\n"
  "  --version                show the version\n"
  "\n"
  "'pks COMMAND --help' describes a command's options.\n";

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      fputs (usage, stderr);
      return 2;
    }
  const char *cmd = argv[1];
  if (!strcmp (cmd, "--help") || !strcmp (cmd, "-h") || !strcmp (cmd, "help"))
    {
      fputs (usage, stdout);
      return 0;
    }
  if (!strcmp (cmd, "--version") || !strcmp (cmd, "version"))
    {
      printf ("pks %s\n", PKS_VERSION);
      return 0;
    }
  int status;
  if (!strcmp (cmd, "run"))
    status = pks_cmd_run (argc - 1, argv + 1);
  else if (!strcmp (cmd, "compare"))
    status = pks_cmd_compare (argc - 1, argv + 1);
  else if (!strcmp (cmd, "validate"))
    status = pks_cmd_validate (argc - 1, argv + 1);
  else
    {
      fprintf (stderr, "pks: unknown command '%s'\n\n%s", cmd, usage);
      return 2;
    }
  return pks_cli_finish_stdout (status);
}
