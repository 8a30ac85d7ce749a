/* cmd-validate.c — pks validate: load a scenario as a run would and report
 * every problem found; --print shows the resolved scenario. */
#include "cli.h"

#include <stdio.h>

int
pks_cmd_validate (int argc, char **argv)
{
  gboolean print = FALSE;
  g_auto (GStrv) sets = NULL;
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a key or table cell", "K=V" },
    { "print", 'p', 0, G_OPTION_ARG_NONE, &print, "Print the resolved scenario (after base = and --set)", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("SCENARIO — check a scenario");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!pks_cli_parse (ctx, &argc, &argv, "validate"))
    return 2;
  if (argc != 2)
    {
      fprintf (stderr, "pks validate: give one scenario file\nTry 'pks validate --help'.\n");
      return 2;
    }
  g_autoptr (PksScenario) s = pks_cli_load (argv[1], sets, NULL);
  if (s == NULL)
    return 2;
  g_autoptr (GError) err = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &err);
  if (m == NULL)
    return pks_cli_fail ("validate", err);
  if (print)
    {
      g_autofree char *text = pks_scenario_describe (s);
      fputs (text, stdout);
    }
  printf ("ok: %s — %u units at %u sites, %u flows, %u changes, %u staffing rows, "
          "%u waiting-list bins\n", s->name, s->units->len, s->sites->len, s->flows->len,
          s->changes->len, s->staffing->len, s->waitlist->len);
  return 0;
}
