/* cmd-serve.c — pks serve: the meeting's web page (sim/serve,
 * docs/serve.md). This file only reads the options. */
#include "cli.h"
#ifdef PKS_HAVE_SERVE
#include "pks/serve/serve.h"
#endif

#include <stdio.h>

int
pks_cmd_serve (int argc, char **argv)
{
#ifdef PKS_HAVE_SERVE
  int port = PKS_SERVE_DEFAULT_PORT, max_queue = 0, max_reps = 0, max_body = 0;
  double time_limit = PKS_SERVE_DEFAULT_TIME_LIMIT_S;
  g_autofree char *bind = NULL, *url_file = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "Port to listen on (default " G_STRINGIFY (PKS_SERVE_DEFAULT_PORT) "; 0: any free one)", "N" },
    { "bind", 'b', 0, G_OPTION_ARG_STRING, &bind,
      "Address to listen on (default 127.0.0.1: this computer only)", "ADDR" },
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &time_limit,
      "Stop a comparison that runs longer than this (default "
      G_STRINGIFY (PKS_SERVE_DEFAULT_TIME_LIMIT_S) " s)", "SECONDS" },
    { "max-queue", 0, 0, G_OPTION_ARG_INT, &max_queue,
      "Comparisons waiting or running at once (default " G_STRINGIFY (PKS_SERVE_DEFAULT_MAX_QUEUE) ")", "N" },
    { "max-replications", 0, 0, G_OPTION_ARG_INT, &max_reps,
      "Replications a request may ask for (default " G_STRINGIFY (PKS_SERVE_DEFAULT_MAX_REPS) ")", "N" },
    { "max-body", 0, 0, G_OPTION_ARG_INT, &max_body,
      "Bytes of a request body (default 1048576)", "BYTES" },
    { "url-file", 0, 0, G_OPTION_ARG_FILENAME, &url_file,
      "Also write the page's address to this file (for scripts)", "FILE" },
    { NULL }
  };
  static const PksCliHelp help[] = {
    { "threads", "Worker threads of each comparison (default: all cores)" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("serve", "[SCENARIO|FOLDER...] — plans tried live in a browser",
                                        PKS_CLI_THREADS, help);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "Serves a web page, by default at http://127.0.0.1:" G_STRINGIFY (PKS_SERVE_DEFAULT_PORT) "/, where a plan is\n"
    "edited as rows of changes per unit and compared with a base, paired by common\n"
    "random numbers, with 95 % intervals. The bases offered: the embedded\n"
    "Västerbotten scenarios, the shipped plans and examples, each SCENARIO given,\n"
    "and every .ini in each FOLDER given (whose files may read nothing outside\n"
    "it). The page's JSON interface is docs/serve.md. Ctrl+C stops the server.");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  if (port < 0 || port > 65535 || max_queue < 0 || max_reps < 0 || max_body < 0
      || !(time_limit > 0))
    {
      pks_cli_error ("serve", "--port must be 0–65535, --time-limit above 0 and the limits "
                     "0 or more\nTry 'pks serve --help'.");
      return 2;
    }
  if (pks_sched_size () > 1)
    {
      pks_cli_error ("serve", "pks serve runs in one process; start it without mpirun");
      return 2;
    }
  /* the report's parts and downloads draw charts (cairo) */
  pks_cli_free_fonts_at_exit ();
  PksServeOptions opt = { 0 };
  opt.bind = bind;
  opt.port = (guint) port;
  opt.scenarios = (const char *const *) argv + 1;
  opt.threads = (guint) cli->threads;
  opt.time_limit_s = time_limit;
  opt.max_queue = (guint) max_queue;
  opt.max_reps = (guint) max_reps;
  opt.max_body = (gsize) max_body;
  opt.url_file = url_file;
  return pks_serve_run (&opt);
#else
  (void) argc;
  (void) argv;
  pks_cli_error ("serve", "this pks was built without libsoup 3 (Debian libsoup-3.0-dev): "
                 "install it and build again");
  return 1;
#endif
}
