/* cmd-optimise.c — pks optimise: where N more units of a resource do most.
 * The optimiser (sim/exp/optimise.c) asks for batches of allocations on a
 * replication range; each becomes a scenario with dated changes from the
 * start and runs on the experiment runner with the base's seed (CRN). */
#include "cli.h"
#include "pks/output/xlsx.h"
#include "pks/exp/optimise.h"
#include "pks/stats/stats.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static gboolean
parse_resource (const char *name, PksResource *out)
{
  for (int r = 0; r < PKS_N_RESOURCES; r++)
    if (name && strcmp (name, pks_resource_name (r)) == 0)
      {
        *out = (PksResource) r;
        return TRUE;
      }
  return FALSE;
}

static gboolean
write_csv (PksOutput *o, const PksOptimiseResult *res, const char *const *names, guint n,
           GError **error)
{
  FILE *f = pks_output_begin (o, "optimise.csv", error);
  if (f == NULL)
    return FALSE;
  const char *hdr[] = { "rank", "allocation", "objective_mean", "objective_ci_low",
                        "objective_ci_high", "gap_to_best_mean", "gap_to_best_ci_low",
                        "gap_to_best_ci_high" };
  gboolean ok = pks_csv_write_row (f, hdr, 8);
  for (guint i = 0; ok && i < res->ranked->len; i++)
    {
      const PksAllocation *a = &g_array_index (res->ranked, PksAllocation, i);
      char b[7][32];
      g_snprintf (b[0], 32, "%u", i + 1);
      g_autofree char *al = pks_allocation_format (a->alloc, n, names);
      const char *row[] = { b[0], al, pks_fmt_num (b[1], a->mean), pks_fmt_num (b[2], a->ci_low),
                            pks_fmt_num (b[3], a->ci_high), pks_fmt_num (b[4], a->gap_mean),
                            pks_fmt_num (b[5], a->gap_low), pks_fmt_num (b[6], a->gap_high) };
      ok = pks_csv_write_row (f, row, 8);
    }
  if (!ok)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "optimise.csv: write failed");
      return FALSE;
    }
  return pks_output_end (o, error);
}

/* run.json: what optimise.csv does not say, for the report. */
static gboolean
write_json (PksOutput *o, const PksScenario *base, guint64 seed, const PksOptimiseOptions *opt,
            const PksOptimiseResult *res, PksResource r, const char *objective, GError **error)
{
  guint n = res->ranked->len;
  g_autoptr (GPtrArray) allocs = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *vs = g_new (double, 3 * MAX (1u, n));
  for (guint i = 0; i < n; i++)
    {
      const PksAllocation *a = &g_array_index (res->ranked, PksAllocation, i);
      g_ptr_array_add (allocs, pks_allocation_format (a->alloc, opt->n_units, opt->unit_names));
      vs[i * 3] = a->base_gap_mean;
      vs[i * 3 + 1] = a->base_gap_low;
      vs[i * 3 + 2] = a->base_gap_high;
    }
  PksOptimiseRun run = {
    .resource = pks_resource_name (r), .added = opt->total, .n_units = opt->n_units,
    .units = opt->unit_names, .max_per_unit = opt->max_per_unit, .objective = objective,
    .maximise = opt->maximise, .reps_first = opt->reps_greedy, .reps_max = opt->reps_max,
    .reps_final = res->reps_final, .keep = opt->screen_keep, .alpha = opt->alpha,
    .delta = res->delta, .base_mean = res->base_mean, .base_low = res->base_low,
    .base_high = res->base_high, .simulations = res->simulations,
    .evaluations = res->evaluations, .partial = res->partial,
    .full_space = res->enumeration, .enumerated = res->enumerated,
    .greedy_steps = res->greedy_steps, .n_ranked = n,
    .allocations = (const char *const *) allocs->pdata, .vs_base = vs,
  };
  return pks_write_optimise_json (o, base, seed, &run, error);
}

/* The chosen allocation as a plan a manager can run: PLAN.ini with
 * base = BASE and a changes table beside it, whose rows are what the
 * optimiser simulated (pks_scenario_with_allocation): staffed beds and
 * sessions with `staff = own`, and the rooms for new staffed beds. */
static gboolean
write_plan (const char *path, const char *base_path, const PksScenario *base, PksResource res,
            const PksAllocation *a, const char *const *names, guint n, const char *objective,
            PksCsvDialect dialect, GError **error)
{
  g_autofree guint *units = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    units[i] = (guint) pks_scenario_find_unit (base, names[i]);
  g_autoptr (PksScenario) with = pks_scenario_with_allocation (base, res, units, a->alloc, n);
  g_autofree char *alloc = pks_allocation_format (a->alloc, n, names);
  g_autofree char *comment = g_strdup_printf ("# Written by pks optimise: %s placed to optimise "
                                              "%s.\n# Allocation: %s\n", pks_resource_name (res),
                                              objective, alloc);
  g_autofree char *name = g_strdup_printf ("%s – optimised %s", base->name, pks_resource_name (res));
  return pks_cli_write_plan (path, base_path, base, with, name, comment, "pks optimise", dialect,
                             error);
}

/* The units an allocation places in all. */
static int
best_total (const PksAllocation *a, guint n)
{
  int t = 0;
  for (guint i = 0; i < n; i++)
    t += a->alloc[i];
  return t;
}


#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))

/* The answer in a sentence, then the ranked allocations, in the user's
 * language. */
static void
print_answer (const PksOptimiseResult *res, const char *const *names, guint n, PksResource r,
              const PksObjective *obj, gboolean maximise, guint days, double secs, PksLang lang,
              FILE *f)
{
  gboolean sv = lang == PKS_LANG_SV;
  const PksAllocation *best = &g_array_index (res->ranked, PksAllocation, 0);
  const char *what = r == PKS_RES_STAFFED_BEDS ? L (lang, "disponibla vårdplatser", "staffed beds")
                     : r == PKS_RES_BEDS ? L (lang, "vårdplatser", "beds")
                     : r == PKS_RES_OR_SESSIONS ? L (lang, "operationspass per vecka", "OR sessions a week")
                                                : L (lang, "nybesökstider per vecka", "first-visit slots a week");
  GString *s = g_string_new (L (lang, "Lägg ", "Put "));
  guint parts = 0, total = 0;
  for (guint i = 0; i < n; i++)
    total += best->alloc[i] > 0;
  for (guint i = 0; i < n; i++)
    if (best->alloc[i] > 0)
      {
        parts++;
        g_string_append (s, parts == 1 ? "" : parts == total ? L (lang, " och ", " and ") : ", ");
        if (parts == 1)
          g_string_append_printf (s, L (lang, "%d %s på %s", "%d %s on %s"), best->alloc[i], what, names[i]);
        else
          g_string_append_printf (s, L (lang, "%d på %s", "%d on %s"), best->alloc[i], names[i]);
      }
  if (total == 0)
    g_string_append_printf (s, L (lang, "inga %s någonstans", "no %s anywhere"), what);
  g_autofree char *words = pks_objective_words (obj, lang);
  int dec = pks_interval_decimals (best->base_gap_low, best->base_gap_high, 0, 3);
  g_autofree char *gm = pks_number_text (best->base_gap_mean, dec, sv);
  g_autofree char *gl = pks_number_text (best->base_gap_low, dec, sv);
  g_autofree char *gh = pks_number_text (best->base_gap_high, dec, sv);
  fprintf (f, L (lang, "%s: %s ändras med %s (95\u00a0%% KI %s till %s) mot basen (%s).\n",
                 "%s: %s changes by %s (95\u00a0%% CI %s to %s) against the base (%s).\n"),
           s->str, words, gm, gl, gh,
           maximise ? L (lang, "högre är bättre", "higher is better") : L (lang, "lägre är bättre", "lower is better"));
  g_string_free (s, TRUE);
  fprintf (f, "\n%-4s %-38s %12s %20s %20s\n", L (lang, "rang", "rank"), L (lang, "allokering", "allocation"),
           L (lang, "målfunktion", "objective"), L (lang, "95 % KI", "95 % CI"),
           L (lang, "mot svaret [95 % KI]", "gap to best [95 % CI]"));
  for (guint i = 0; i < res->ranked->len; i++)
    {
      const PksAllocation *a = &g_array_index (res->ranked, PksAllocation, i);
      g_autofree char *al = pks_allocation_format (a->alloc, n, names);
      g_autofree char *m = pks_number_text (a->mean, 1, sv), *lo = pks_number_text (a->ci_low, 1, sv),
                      *hi = pks_number_text (a->ci_high, 1, sv), *g = pks_number_text (a->gap_mean, 1, sv),
                      *glo = pks_number_text (a->gap_low, 1, sv), *ghi = pks_number_text (a->gap_high, 1, sv);
      g_autofree char *ci = g_strdup_printf ("[%s; %s]", lo, hi);
      g_autofree char *gap = i == 0 ? g_strdup ("–") : g_strdup_printf ("%s [%s; %s]", g, glo, ghi);
      /* pad by characters, not bytes: the numbers hold no-break spaces */
      fprintf (f, "%-4u %s%*s %*s%s %*s%s %*s%s\n", i + 1, al,
               (int) MAX (0, 38 - (int) g_utf8_strlen (al, -1)), "",
               (int) MAX (0, 12 - (int) g_utf8_strlen (m, -1)), "", m,
               (int) MAX (0, 20 - (int) g_utf8_strlen (ci, -1)), "", ci,
               (int) MAX (0, 20 - (int) g_utf8_strlen (gap, -1)), "", gap);
    }
  g_autofree char *bm = pks_number_text (res->base_mean, 1, sv), *bl = pks_number_text (res->base_low, 1, sv),
                  *bh = pks_number_text (res->base_high, 1, sv);
  fprintf (f, L (lang, "\nbasen (inget tillagt): %s [%s; %s] under de %u redovisade dagarna\n",
                 "\nbase (nothing added): %s [%s; %s] over the %u days reported\n"),
           bm, bl, bh, days);
  g_autofree char *dz = pks_number_text (res->delta, res->delta >= 10 ? 1 : 3, sv);
  g_autofree char *st = pks_number_text (secs, 1, sv);
  /* counts as whole numbers, grouped: never "3.17e+12" (issue 24) */
  g_autofree char *ns = pks_number_text ((double) res->simulations, 0, sv);
  g_autofree char *space = pks_number_text (res->enumeration, 0, sv);
  g_autofree char *all = pks_number_text (res->enumeration * res->reps_final, 0, sv);
  if (res->enumerated)
    fprintf (f, L (lang, "%s simuleringar: alla %u allokeringar av %d prövade (fullständig "
                         "uppräkning, här billigare än den giriga sökningen), sedan urval där skillnader "
                         "under %s räknas som lika bra; %s s.\n",
                   "%s simulations: all %u allocations of %d tried (full enumeration, "
                   "cheaper here than the greedy search), then selection where differences under %s "
                   "count as equally good; %s s.\n"),
             ns, res->evaluations, best_total (best, n), dz, st);
  else
    fprintf (f, L (lang, "%s simuleringar: %u av de %s allokeringarna av %d (girigt i "
                         "%u steg, som också prövade %u ofullständiga; urval där skillnader under %s "
                         "räknas som lika bra); att pröva alla hade krävt %s simuleringar med %u "
                         "replikeringar vardera; %s s.\n",
                   "%s simulations: %u of the %s allocations of %d (greedy in %u "
                   "steps, which also tried %u partial allocations; selection where differences under "
                   "%s count as equally good); trying them all would take %s simulations at %u "
                   "replications each; %s s.\n"),
             ns, res->evaluations, space, best_total (best, n),
             res->greedy_steps, res->partial, dz, all, res->reps_final, st);
}

int
pks_cmd_optimise (int argc, char **argv)
{
  g_autofree char *resource = NULL, *units = NULL, *objective = NULL, *plan = NULL;
  int add = -1, cap = 0, reps_max = 60, keep = 6, top = 10;
  gboolean minimise = FALSE, maximise = FALSE;
  double delta = 0.0, alpha = 0.05;
  GOptionEntry entries[] = {
    { "resource", 0, 0, G_OPTION_ARG_STRING, &resource, "staffed_beds, beds, or_sessions_per_week or visit_slots_per_week", "R" },
    { "add", 0, 0, G_OPTION_ARG_INT, &add, "Units of the resource to place", "N" },
    { "units", 0, 0, G_OPTION_ARG_STRING, &units, "Candidate units, comma-separated", "U1,U2,..." },
    { "objective", 0, 0, G_OPTION_ARG_STRING, &objective, "Region metric or weighted sum, e.g. outlied_days+3*cancelled_operations", "EXPR" },
    { "minimise", 0, 0, G_OPTION_ARG_NONE, &minimise, "Minimise the objective (default)", NULL },
    { "maximise", 0, 0, G_OPTION_ARG_NONE, &maximise, "Maximise the objective", NULL },
    { "max-per-unit", 0, 0, G_OPTION_ARG_INT, &cap, "At most K on one unit", "K" },
    { "reps-max", 0, 0, G_OPTION_ARG_INT, &reps_max, "Replications cap per allocation in the selection stage (default 60)", "N" },
    { "delta", 0, 0, G_OPTION_ARG_DOUBLE, &delta, "Indifference zone in objective units (default 1 % of the objective)", "X" },
    { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &alpha, "Selection error probability (default 0.05)", "A" },
    { "keep", 0, 0, G_OPTION_ARG_INT, &keep, "Neighbours kept for the selection stage (default 6)", "K" },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, "Allocations reported (default 10)", "K" },
    { "write-plan", 0, 0, G_OPTION_ARG_FILENAME, &plan, "Write the chosen allocation as a plan file", "FILE" },
    { NULL }
  };
  static const PksCliHelp help[] = {
    { "replications", "Replications per allocation in the first stages (default 10)" },
    { "out", "Write optimise.csv and run.json here" },
    { "quiet", "No progress lines" },
    { NULL }
  };
  g_autoptr (PksCli) cli = pks_cli_new ("optimise", "BASE — where should N more beds (or sessions) go?",
                                        PKS_CLI_EXPERIMENT | PKS_CLI_OUTPUTS | PKS_CLI_REPORTS, help);
  pks_cli_add_entries (cli, entries);
  pks_cli_describe (cli,
    "Greedy marginal allocation with common random numbers, then Kim–Nelson\n"
    "ranking and selection among the best neighbours (docs/optimise.md).\n"
    "--report FILE.html shows the ranked allocations side by side with their\n"
    "objective, gap to the best and change from the base (docs/report.md).\n"
    "Example: pks optimise scenarios/vasterbotten-2024.ini --resource staffed_beds --add 25 \\\n"
    "           --units 'Medicincentrum Umeå,Kirurgcentrum Umeå' --objective outlied_days+overcrowded_days");
  if (!pks_cli_parse (cli, &argc, &argv))
    return 2;
  int reps = cli->replications;
  PksResource res;
  if (argc != 2 || !parse_resource (resource, &res) || add < 0 || units == NULL || objective == NULL
      || (minimise && maximise) || cap < 0 || reps < 0 || reps == 1 || cli->threads < 0
      || reps_max < 2 || keep < 0 || top < 1 || !(alpha > 0 && alpha < 1) || delta < 0)
    {
      fprintf (stderr, "pks optimise: need BASE, --resource (staffed_beds, beds, or_sessions_per_week, "
                       "visit_slots_per_week), --add N >= 0, --units and --objective; "
                       "--replications >= 2, --alpha in (0,1)\nTry 'pks optimise --help'.\n");
      return 2;
    }
  /* every rank parses the same arguments; only rank 0 speaks */
  PksObjective obj;
  g_autoptr (GError) err = NULL;
  if (!pks_objective_parse (objective, &obj, &err))
    {
      pks_cli_error ("optimise", "%s", err->message);
      return 2;
    }
  g_auto (PksJob) job = { 0 };
  int status = pks_job_open (&job, cli, (const char *const *) argv + 1, 1, NULL);
  if (status != 0)
    return status;
  const PksScenario *base = job.scenarios->pdata[0];
  g_auto (GStrv) names = g_strsplit (units, ",", -1);
  guint n = 0;
  g_autofree guint *idx = g_new (guint, g_strv_length (names) + 1);
  for (guint i = 0; names[i]; i++)
    {
      g_strstrip (names[i]);
      int u = pks_scenario_find_unit (base, names[i]);
      if (u < 0)
        {
          g_autofree char *hint = pks_unit_hint (base, names[i]);
          pks_cli_error ("optimise", "--units: no unit \"%s\" in the scenario%s", names[i], hint);
          return 2;
        }
      for (guint j = 0; j < n; j++)
        if (idx[j] == (guint) u)
          {
            pks_cli_error ("optimise", "--units: \"%s\" is given twice", names[i]);
            return 2;
          }
      idx[n++] = (guint) u;
    }
  if (n == 0 || (cap > 0 && (gint64) cap * n < add))
    {
      pks_cli_error ("optimise", "cannot place %d over %u units with --max-per-unit %d", add, n, cap);
      return 2;
    }
  /* the output folder only now that the arguments are known to be good */
  if ((status = pks_job_open_output (&job)) != 0)
    return status;

  guint64 s = pks_cli_seed (cli, base);
  PksScenarioEval ec = { base, res, idx, n, obj, s, (guint) cli->threads, 0, 0 };
  PksOptimiseOptions opt = { n, (const char *const *) names, add, cap, maximise,
                             reps ? (guint) reps : 10, (guint) MAX (reps_max, reps ? reps : 10),
                             (guint) keep, alpha, delta, (guint) top, !cli->quiet };
  if (!job.root)
    {
      /* the other ranks run their share of every batch rank 0 sends */
      gboolean ok = pks_optimise_serve (&ec, &err);
      return pks_cli_agree ("optimise", ok ? 0 : 1, ok ? NULL : err->message);
    }
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (PksOptimiseResult) r = pks_optimise (&opt, pks_optimise_eval_scenario, &ec, &err);
  pks_optimise_stop_serving ();
  if (r == NULL)
    return pks_job_end (&job, pks_cli_fail ("optimise", err));
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  g_autofree char *objtext = pks_objective_format (&obj);
  print_answer (r, (const char *const *) names, n, res, &obj, maximise, (guint) base->days, secs,
                cli->language, stdout);
  if (job.output && (!write_csv (job.output, r, (const char *const *) names, n, &err)
                     || !write_json (job.output, base, s, &opt, r, res, objtext, &err)
                     || !pks_output_commit (job.output, &err)))
    status = pks_cli_fail ("optimise", err);
  else if (cli->report
           && !pks_report_write (job.dir, cli->report, &cli->report_options, &err))
    status = pks_cli_fail ("optimise", err);
  if (status == 0 && plan
      && !write_plan (plan, argv[1], base, res, &g_array_index (r->ranked, PksAllocation, 0),
                      (const char *const *) names, n, objtext, cli->csv_dialect, &err))
    status = pks_cli_fail ("optimise", err);
  if (status == 0 && cli->xlsx)
    {
      /* --xlsx: the ranked allocations and the base's settings */
      g_autoptr (PksXlsx) x = pks_xlsx_new (cli->xlsx, cli->language, &err);
      if (x)
        {
          g_autofree char *words = pks_objective_words (&obj, cli->language);
          pks_xlsx_add_optimise (x, r, (const char *const *) names, n, words, maximise);
          pks_xlsx_add_settings (x, &base, (const char *const *) &base->name, 1);
        }
      if (x == NULL || !pks_xlsx_close (g_steal_pointer (&x), &err))
        status = pks_cli_fail ("optimise", err);
    }
  return pks_job_end (&job, status);
}
