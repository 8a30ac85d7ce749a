/* cmd-validate.c — pks validate: load a scenario as a run would and report
 * every problem found; --print shows the resolved scenario. */
#include "cli.h"

#include <stdio.h>

int
pks_cmd_validate (int argc, char **argv)
{
  gboolean print = FALSE;
  GOptionEntry entries[] = {
    { "print", 'p', 0, G_OPTION_ARG_NONE, &print, "Print the resolved scenario (after base = and --set)", NULL },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("validate", "[SCENARIO] — check a scenario", PKS_CLI_SET, NULL);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "Without SCENARIO the embedded Region Västerbotten 2024 baseline is checked,\n"
    "as 'pks run' runs it. Every error and warning that 'pks run' would print\n"
    "is printed here. Exit status: 0 valid (warnings allowed), 2 bad input.");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  if (argc > 2)
    {
      pks_cli_error ("validate", "give one scenario file\nTry 'pks validate --help'.");
      return 2;
    }
  /* loaded and compiled as a run would, every problem printed */
  const char *path = argc == 2 ? argv[1] : NULL;
  PksJobSpec spec = { .models = TRUE };
  g_auto (PksJob) job = { 0 };
  int status = pks_job_open (&job, cli, &path, 1, &spec);
  if (status != 0)
    return status;
  if (!job.root)
    return pks_job_end (&job, 0);
  const PksScenario *s = job.scenarios->pdata[0];
  if (print)
    {
      g_autofree char *text = pks_scenario_describe (s);
      fputs (text, stdout);
    }
  printf ("ok: %s — %u units at %u sites, %u flows, %u changes, %u staffing rows, "
          "%u waiting-list bins", s->name, s->units->len, s->sites->len, s->flows->len,
          s->changes->len, s->staffing->len, s->waitlist->len);
  /* today's state (contract 5.2), when the scenario starts from one */
  if (s->census->len || s->wait_patients->len)
    printf (", %u patients in bed at the start, %u waiting", s->census->len, s->wait_patients->len);
  putchar ('\n');
  return pks_job_end (&job, 0);
}
