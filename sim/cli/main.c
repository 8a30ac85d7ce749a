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
  "  sweep BASE DESIGN.csv    run every point of a designed experiment against a base\n"
  "  validate [SCENARIO]      check a scenario and report every problem found\n"
  "  optimise BASE ...        where N more beds or sessions do most (see --help)\n"
  "  target BASE ...          the least extra capacity that meets a target (see --help)\n"
  "  report DIR               the HTML report of an output folder of run or compare\n"
  "  fit EXTRACT_DIR ...      a scenario from the region's own extract (see --help)\n"
  "  serve [SCENARIO...]      a web page for trying plans in a meeting (see --help)\n"
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
  static const struct {
    const char *name;
    int (*fn) (int argc, char **argv);
  } commands[] = {
    { "run", pks_cmd_run },
    { "compare", pks_cmd_compare },
    { "sweep", pks_cmd_sweep },
    { "validate", pks_cmd_validate },
    { "optimise", pks_cmd_optimise },
    { "optimize", pks_cmd_optimise },
    { "report", pks_cmd_report },
    { "fit", pks_cmd_fit },
    { "target", pks_cmd_target },
    { "serve", pks_cmd_serve },
  };
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (!strcmp (cmd, commands[i].name))
      {
        /* any command may run as one MPI job (mpirun -n K pks …):
         * pks_cli_exit ends MPI if it was started */
        int status = pks_cli_exit (commands[i].fn (argc - 1, argv + 1));
        /* a summary that did not reach its reader (full disk, closed
         * pipe) fails */
        return pks_cli_finish_stdout (status);
      }
  fprintf (stderr, "pks: unknown command '%s'\n\n%s", cmd, usage);
  return 2;
}
