/* cmd-sweep.c — pks sweep BASE DESIGN.csv: every design point (a row of
 * --set overrides) runs with the base's replication seeds, so differences
 * are paired by common random numbers; sweep.csv and a copy of the design
 * come out. Points are compiled on demand by the workers, and each point's
 * replications are reduced as soon as they are complete. */
#include "cli.h"
#include "pks/output/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *base;               /* NULL: the embedded default */
  const char *const *base_sets;   /* the command line's --set */
  const PksDesign *design;
  PksFiles *files;
} Points;

/* Point 0 is the base, point p the design's row p - 1. */
static char **
point_sets (const Points *pt, guint p)
{
  return pks_design_sets (pt->design, p == 0 ? G_MAXUINT : p - 1, pt->base_sets);
}

/* PksPoints.build: called by worker threads on every rank. */
static PksModel *
build_point (gpointer ctx, guint p, GError **error)
{
  const Points *pt = ctx;
  g_auto (GStrv) sets = point_sets (pt, p);
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load (pt->base ? pt->base : PKS_DEFAULT_SCENARIO,
                                                 (const char *const *) sets, pt->files, d);
  if (s == NULL)
    {
      pks_diags_to_error (d, error);
      return NULL;
    }
  return pks_model_new (s, error);
}

typedef struct {
  PksSweep *sweep;
  guint n_reps;
} Sink;

static void
sink (gpointer ctx, guint index, const PksTask *task, PksRepResult *r)
{
  Sink *k = ctx;
  pks_sweep_add (k->sweep, task->point, index % k->n_reps, r);
  pks_rep_result_free (r);
}

/* Rank 0: load every design point once, so that every problem is reported
 * before anything runs, at the design cell that caused it; record each
 * point's entities for the reduction. */
static gboolean
check_points (const Points *pt, PksSweep *sweep)
{
  g_autoptr (PksDiags) all = pks_diags_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint p = 1; p <= pt->design->n_points; p++)
    {
      g_auto (GStrv) sets = point_sets (pt, p);
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = pks_scenario_load (pt->base ? pt->base : PKS_DEFAULT_SCENARIO,
                                                     (const char *const *) sets, pt->files, d);
      pks_design_attribute (pt->design, p - 1, d, all, seen);
      if (s == NULL)
        continue;
      g_autoptr (GError) err = NULL;
      g_autoptr (PksModel) m = pks_model_new (s, &err);
      if (m == NULL)
        pks_diags_error (all, pt->design->file, pt->design->lines[p - 1], 0, "point \"%s\": %s",
                         pt->design->names[p - 1], err->message);
      else
        pks_sweep_set_shape (sweep, p, m);
    }
  if (all->items->len > 0)
    {
      g_autofree char *text = pks_diags_format_all (all, TRUE);
      fprintf (stderr, "%s\n", text);
    }
  if (all->n_errors > 0)
    fprintf (stderr, "%u error%s in the design\n", all->n_errors, all->n_errors == 1 ? "" : "s");
  return all->n_errors == 0;
}

/* "−12.3 [−15.0, −9.6]*": a paired difference, starred when its interval
 * excludes 0. */
/* What the job opening reads besides the base, and what rank 0 makes of
 * it before anything runs. */
typedef struct {
  const PksCli *cli;
  const char *design_path;
  Points pt;
  PksDesign *design;
  PksSweep *sweep;          /* rank 0 */
  guint n_reps;
} Opening;

static void
opening_clear (Opening *o)
{
  g_clear_pointer (&o->sweep, pks_sweep_free);
  g_clear_pointer (&o->design, pks_design_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Opening, opening_clear)

/* PksJobCheck: the design, read on every rank (on rank 0 even when the
 * base failed, so that both report their problems); rank 0 also loads
 * every design point once (check_points). */
static int
check_design (PksJob *job, int status, char **why, gpointer ctx)
{
  Opening *o = ctx;
  const PksScenario *base = job->scenarios->pdata[0];
  o->pt.files = job->files;
  g_autoptr (PksDiags) d = pks_diags_new ();
  if (!job->root)
    {
      o->design = base ? pks_design_read (job->files, o->design_path, d) : NULL;
      if (base && o->design == NULL)
        *why = pks_diags_format_all (d, FALSE);
      if (status != 0 || o->design == NULL)
        return 1;
      o->pt.design = o->design;
      o->n_reps = pks_cli_replications (o->cli, base);
      return 0;
    }
  o->design = pks_design_read (job->files, o->design_path, d);
  if (d->items->len > 0)
    {
      g_autofree char *text = pks_diags_format_all (d, TRUE);
      fprintf (stderr, "%s\n", text);
    }
  if (status != 0 || o->design == NULL)
    return 2;
  g_autoptr (GError) err = NULL;
  g_autoptr (PksModel) bm = pks_model_new (base, &err);
  if (bm == NULL)
    return pks_cli_fail ("sweep", err);
  o->pt.design = o->design;
  o->n_reps = pks_cli_replications (o->cli, base);
  o->sweep = pks_sweep_new (o->design->n_points + 1, o->n_reps);
  pks_sweep_set_shape (o->sweep, 0, bm);
  return check_points (&o->pt, o->sweep) ? 0 : 2;
}

int
pks_cmd_sweep (int argc, char **argv)
{
  static const PksCliHelp help[] = {
    { "replications", "Replications per point (default: the base's)" },
    { "seed", "Base seed (default: the base's)" },
    { "set", "Override a key or table cell of the base" },
    { "out", "Write sweep.csv and design.csv here" },
    { "quiet", "Print no table" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("sweep", "BASE DESIGN.csv — run a designed experiment",
                                        PKS_CLI_EXPERIMENT | PKS_CLI_OUTPUTS | PKS_CLI_MEASURES,
                                        help);
  pks_cli_describe (cli,
    "DESIGN.csv has an optional `point` column (names) and one column per --set\n"
    "key, e.g. units[Medicin A].staffed_beds; each row is a design point, an empty\n"
    "cell keeps the base's value. Every point runs with the base's seed and\n"
    "replication numbers (common random numbers), so differences are paired.\n"
    "Under mpirun or srun the points are shared among the ranks; the results are\n"
    "byte-identical to a single process.");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  if (argc != 3)
    {
      pks_cli_error ("sweep", "need a base scenario and a design\nTry 'pks sweep --help'.");
      return 2;
    }
  if (!pks_cli_check_counts (cli))
    return 2;
  g_autoptr (GPtrArray) base_sets = pks_cli_sets (cli->sets);
  g_ptr_array_add (base_sets, NULL);
  g_auto (PksJob) job = { 0 };
  g_auto (Opening) o = { .cli = cli, .design_path = argv[2],
                         .pt = { argv[1], (const char *const *) base_sets->pdata, NULL, NULL } };
  PksJobSpec spec = { .sets = (const char *const *) base_sets->pdata, .output = TRUE,
                      .check = check_design, .ctx = &o };
  int status = pks_job_open (&job, cli, (const char *const *) argv + 1, 1, &spec);
  if (status != 0)
    return status;
  const PksScenario *base = job.scenarios->pdata[0];
  const PksDesign *design = o.design;
  PksSweep *sweep = o.sweep;
  guint n_reps = o.n_reps;

  guint64 s = pks_cli_seed (cli, base);
  guint n_points = design->n_points + 1;
  g_autofree PksTask *tasks = pks_sched_grid (n_points, 0, n_reps);
  PksPoints points = { n_points, NULL, build_point, &o.pt };
  PksSchedOptions so = { (guint) cli->threads, FALSE, TRUE, !cli->quiet, "sweep", 0,
                         PKS_SCHED_AUTO, NULL, NULL };
  Sink k = { sweep, n_reps };
  g_autoptr (GError) err = NULL;
  gint64 t0 = g_get_monotonic_time ();
  if (!pks_sched_run (&points, tasks, n_points * n_reps, s, &so, sink, &k, &err))
    return pks_job_end (&job, job.root ? pks_cli_fail ("sweep", err) : 1);
  if (!job.root)
    return pks_job_end (&job, 0);
  if (!cli->quiet)
    {
      pks_print_sweep (sweep, design, base->name, n_reps, (guint) base->days, cli->measures,
                       cli->language, stdout);
      gboolean sv = cli->language == PKS_LANG_SV;
      double secs = (g_get_monotonic_time () - t0) / 1e6;
      g_autofree char *st = pks_number_text (secs, 2, sv);
      fprintf (stderr, sv ? "%u punkter × %u replikeringar på %s s" : "%u points × %u replications in %s s",
               n_points, n_reps, st);
      if (pks_sched_size () > 1)
        fprintf (stderr, sv ? " på %u MPI-processer" : " on %u MPI ranks", pks_sched_size ());
      fputc ('\n', stderr);
    }
  if (job.output && (!pks_write_sweep_csv (job.output, sweep, design, &err)
                     || !pks_output_commit (job.output, &err)))
    status = pks_cli_fail ("sweep", err);
  if (status == 0 && cli->xlsx)
    {
      /* --xlsx: every point against the base, and the base's settings */
      g_autoptr (PksXlsx) x = pks_xlsx_new (cli->xlsx, cli->language, &err);
      if (x)
        {
          pks_xlsx_add_sweep (x, sweep, design);
          pks_xlsx_add_settings (x, &base, (const char *const *) &base->name, 1);
        }
      if (x == NULL || !pks_xlsx_close (g_steal_pointer (&x), &err))
        status = pks_cli_fail ("sweep", err);
    }
  return pks_job_end (&job, status);
}
