/* cmd-report.c — pks report: the manager-facing HTML report of an output
 * directory, and the report options that pks run, compare and optimise
 * share (--report, --png, --lang, --vg-target). */
#include "cli.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
pks_cli_report_clear (PksCliReport *r)
{
  g_clear_pointer (&r->report, g_free);
  g_clear_pointer (&r->png, g_free);
  g_clear_pointer (&r->lang, g_free);
}

gboolean
pks_cli_write_outputs (PksOutput *o, const PksScenario *s, const PksModel *m, const PksSummary *sum,
                       PksRepResult *const *rr, guint n, guint64 seed, GError **error)
{
  return pks_write_summary_csv (o, sum, error) && pks_write_daily_csv (o, m, rr, n, error)
         && pks_write_daily_sites_csv (o, m, rr, n, error) && pks_write_monthly_csv (o, m, rr, n, error)
         && pks_write_monthly_bands_csv (o, m, rr, n, error)
         && pks_write_run_json (o, s, seed, n, error);
}

void
pks_cli_report_add (GOptionContext *ctx, PksCliReport *r, gboolean with_report)
{
  static gboolean registered = FALSE;
  if (!registered)
    registered = atexit (free_font_caches) == 0;
  GOptionEntry all[] = {
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &r->report,
      "Also write the report as one self-contained HTML file", "FILE.html" },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &r->png, "Also save every chart as a PNG here (for slides)", "DIR" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &r->lang, "Report language: sv (default) or en", "LANG" },
    { "vg-target", 0, 0, G_OPTION_ARG_DOUBLE, &r->vg_target,
      "Care-guarantee target line, % waiting within the limit (default 100)", "PCT" },
    { NULL }
  };
  GOptionGroup *g = g_option_group_new ("report", "Report options:", "Show the report options", NULL, NULL);
  g_option_group_add_entries (g, with_report ? all : all + 1);
  g_option_context_add_group (ctx, g);
}

gboolean
pks_cli_report_check (const char *cmd, const PksCliReport *r, PksReportOptions *opt)
{
  g_autoptr (GError) err = NULL;
  memset (opt, 0, sizeof *opt);
  if (!pks_lang_parse (r->lang, &opt->lang, &err))
    {
      fprintf (stderr, "pks %s: %s\n", cmd, err->message);
      return FALSE;
    }
  if (r->vg_target < 0 || r->vg_target > 100)
    {
      fprintf (stderr, "pks %s: --vg-target must be in [0, 100]\n", cmd);
      return FALSE;
    }
  opt->vg_target_pct = r->vg_target > 0 ? r->vg_target : 100.0;
  opt->png_dir = r->png;
  return TRUE;
}

void
pks_cli_rm_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        pks_cli_rm_tree (p);
      else
        g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

void
pks_cli_tmp_dir_free (char *dir)
{
  pks_cli_rm_tree (dir);
  g_free (dir);
}

int
pks_cmd_report (int argc, char **argv)
{
  g_autofree char *out = NULL;
  g_auto (PksCliReport) r = { 0 };
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write the report here (default: DIR/report.html)", "FILE.html" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("DIR — the HTML report of an output folder");
  g_option_context_add_main_entries (ctx, entries, NULL);
  pks_cli_report_add (ctx, &r, FALSE);
  g_option_context_set_description (ctx,
    "DIR is a folder written by 'pks run --out DIR', 'pks compare --out DIR'\n"
    "or 'pks optimise --out DIR'.\n"
    "The report is one HTML file with everything inside (charts, styles): it\n"
    "opens offline, from a USB stick, and prints on A4.");
  if (!pks_cli_parse (ctx, &argc, &argv, "report"))
    return 2;
  if (argc != 2)
    {
      fprintf (stderr, "pks report: give one output folder\nTry 'pks report --help'.\n");
      return 2;
    }
  PksReportOptions opt;
  int status = 0;
  if (!pks_cli_report_check ("report", &r, &opt))
    status = 2;
  else
    {
      g_autofree char *path = out ? g_strdup (out) : g_build_filename (argv[1], "report.html", NULL);
      g_autoptr (GError) err = NULL;
      if (!pks_report_write (argv[1], path, &opt, &err))
        status = pks_cli_fail ("report", err);
    }
  return status;
}
