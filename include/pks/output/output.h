/* output.h — the output files of the contract (section 4), written with
 * libcsv quoting into temporary files that are renamed into place only
 * when every file of the run is complete: outputs are whole or absent. */
#ifndef PKS_OUTPUT_H
#define PKS_OUTPUT_H

#include <glib.h>
#include <stdio.h>
#include "pks/exp/runner.h"
#include "pks/exp/sweep.h"
#include "pks/input/design.h"
#include "pks/input/plan.h"
#include "pks/model/scenario.h"

G_BEGIN_DECLS

typedef struct _PksOutput PksOutput;

/* Create (with parents) and check the directory. (transfer full) */
PksOutput *pks_output_new (const char *dir, GError **error);
/* Start a file; returns a stream to write to, or NULL with error. */
FILE *pks_output_begin (PksOutput *o, const char *name, GError **error);
/* Put the next files in the subfolder sub of the directory (created when
 * the first file begins; NULL = the directory itself). */
void pks_output_set_subdir (PksOutput *o, const char *sub);
/* How CSV files are written: the contract's dialect (comma, decimal
 * point, LF; the default) or excel-sv (';', decimal comma, UTF-8 byte
 * order mark, CRLF), which Excel with Swedish settings opens in columns. */
typedef enum { PKS_CSV_DEFAULT, PKS_CSV_EXCEL_SV } PksCsvDialect;

/* "default" or "excel-sv" (NULL: default); PKS_ERROR_INPUT otherwise. */
gboolean pks_csv_dialect_parse (const char *text, PksCsvDialect *out, GError **error);
/* Every later *.csv file of o in this dialect: each is written as usual
 * and re-encoded when it ends (pks_output_end), so every writer gets it. */
void pks_output_set_csv_dialect (PksOutput *o, PksCsvDialect dialect);
PksCsvDialect pks_output_csv_dialect (const PksOutput *o);
/* The current file is a copy kept byte for byte (design.csv, the design
 * as read): never re-encoded. */
void pks_output_verbatim (PksOutput *o);
/* The temporary path of the current file, for a writer that writes by
 * name (libxlsxwriter); pks_output_end and commit then do the rest. */
const char *pks_output_current_path (const PksOutput *o);
/* Finish the current file (flush, sync, check for write errors). */
gboolean pks_output_end (PksOutput *o, GError **error);
/* Rename every finished file into place. */
gboolean pks_output_commit (PksOutput *o, GError **error);
/* Remove a folder and everything in it, not following links (a
 * temporary output folder: pks compare --report's, pks serve's). */
void pks_output_rm_tree (const char *dir);
/* Remove temporary files (also done by free when not committed). */
void pks_output_free (PksOutput *o);
const char *pks_output_dir (const PksOutput *o);

/* One CSV record: fields quoted by libcsv where they need it. */
gboolean pks_csv_write_row (FILE *f, const char *const *fields, guint n);
/* A number as output files write it ("" for NaN). buf >= 32 bytes. */
const char *pks_fmt_num (char *buf, double x);

gboolean pks_write_summary_csv (PksOutput *o, const PksSummary *s, GError **error);
gboolean pks_write_daily_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                              guint n_reps, GError **error);
gboolean pks_write_daily_sites_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                    guint n_reps, GError **error);
gboolean pks_write_monthly_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                guint n_reps, GError **error);
/* The PKS balance and the national statistics' shapes (output-balance.c,
 * docs/balance.md): balance.csv per period, scope, name and resource;
 * waiting_times.csv per month, scope, name, list, status and waiting-time
 * bucket; national.csv, overcrowded and outlied patients per 100 staffed
 * beds per month, approved and available beds per ISO week. reps need
 * their figures (runs with outputs). */
gboolean pks_write_balance_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                guint n_reps, GError **error);
gboolean pks_write_waiting_times_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                      guint n_reps, GError **error);
gboolean pks_write_national_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                 guint n_reps, GError **error);
/* production.csv, when the scenario has targets.csv: per month (and
 * "total") and scope the planned production, the simulated production
 * with its 95 % CI and the band of 95 % of the replications, the gap and
 * the share of replications that meet the target. */
gboolean pks_write_production_csv (PksOutput *o, const PksScenario *s, const PksModel *m,
                                   PksRepResult *const *reps, guint n_reps, GError **error);
/* rows[i] are the differences of plan i (name plan_names[i]). */
gboolean pks_write_compare_csv (PksOutput *o, GArray *const *rows, const char *const *plan_names,
                                guint n_plans, GError **error);
/* replications.csv: replication,scope,name,metric,value — every defined
 * metric of every replication (replication 0 first), values to the last
 * bit. census_dist.csv: unit,census,share_mean,share_ci_low,share_ci_high,
 * cumulative_mean — per unit with beds, the share of the period's time at
 * each census level (reps need their daily arrays). (output-reps.c) */
gboolean pks_write_replications_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                     guint n_reps, GError **error);
gboolean pks_write_census_dist_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                    guint n_reps, GError **error);
/* plan_pairs.csv of a comparison with several plans:
 * plan,other,metric,diff_mean,diff_ci_low,diff_ci_high — the region's
 * paired difference plan − other (common random numbers) for each pair of
 * plans; rows[i] are pks_compare (other[i], plan[i]) rows. */
gboolean pks_write_plan_pairs_csv (PksOutput *o, GArray *const *rows, const char *const *plan,
                                   const char *const *other, guint n_pairs, GError **error);
/* daily_diff.csv of a comparison: date,scope,name,plan,staffed_beds_diff,
 * census_diff_mean,census_diff_ci_low,census_diff_ci_high,
 * overcrowded_diff_mean,overcrowded_diff_ci_low,overcrowded_diff_ci_high —
 * what each plan changes day by day, for the region and each site
 * (diffs[i] belongs to plan plan[i]). */
gboolean pks_write_daily_diff_csv (PksOutput *o, const PksDailyDiff *const *diffs,
                                   const char *const *plan, guint n, PksDate start, GError **error);
/* The summary as one JSON document (json-glib). (transfer full) */
char *pks_summary_to_json (const PksSummary *s, guint64 seed);

/* Per-patient trace of one replication as CSV (time,patient,unit,flow,event). */
typedef struct _PksTraceWriter PksTraceWriter;
PksTraceWriter *pks_trace_writer_new (FILE *f, const PksModel *m);
void pks_trace_writer_cb (gpointer ctx, double t_min, guint64 patient, guint unit, guint flow,
                          PksTraceEvent ev, int host_unit);
gboolean pks_trace_writer_free (PksTraceWriter *w);

/* sweep.csv (contract section 4) for the design's points, and design.csv,
 * the design as read. */
gboolean pks_write_sweep_csv (PksOutput *o, const PksSweep *s, const PksDesign *d,
                              GError **error);

/* "group.key = value\t# origin" (PksScenario.resolved) into its parts:
 * key and value (transfer full), origin pointing into line (NULL when it
 * has none). FALSE for a line of another shape. */
gboolean pks_setting_split (const char *line, char **key, char **value, const char **origin);

/* ---- the files the report needs besides the contract's CSVs ---- */

/* run.json: what the CSV files do not say — scenario name and file, the
 * date of the run (SOURCE_DATE_EPOCH when set, for reproducible builds),
 * seed, replications, horizon, care-guarantee limits and every resolved
 * key "group.key = value # origin" of s. */
gboolean pks_write_run_json (PksOutput *o, const PksScenario *s, guint64 seed, guint n_reps,
                             GError **error);
/* run.json of a comparison: kind "compare", seed, replications and, per
 * scenario (base first), its name, file and the subfolder holding its own
 * outputs; per plan, with changes (one per plan, may be NULL), whether it
 * changes nothing simulated ("nothing_changed"), its size and the terms on
 * which it is not equal to the base or the other plans ("terms"). */
gboolean pks_write_compare_json (PksOutput *o, const char *const *names,
                                 const char *const *files, const char *const *dirs,
                                 guint n_scenarios, guint64 seed, guint n_reps,
                                 PksPlanChanges *const *changes, GError **error);
/* plan_changes.csv: plan,kind,name,item,detail,base_value,plan_value,
 * difference,source — per plan what it changes (pks/input/plan.h). */
gboolean pks_write_plan_changes_csv (PksOutput *o, PksPlanChanges *const *changes,
                                     const char *const *plans, guint n_plans, GError **error);
/* What run.json of `pks optimise` records besides optimise.csv: the
 * problem, the base (nothing added) and how the answer was found. Plain
 * numbers and names, so that run.json need not know the optimiser. */
typedef struct {
  const char *resource;            /* pks_resource_name () */
  int added;                       /* N placed */
  guint n_units;
  const char *const *units;        /* the candidate units, in --units order */
  int max_per_unit;                /* 0 = no cap */
  const char *objective;           /* the expression (pks_objective_format) */
  gboolean maximise;
  guint reps_first;                /* replications per greedy and screening evaluation */
  guint reps_max;                  /* cap per allocation in the selection stage */
  guint reps_final;                /* common replications behind optimise.csv */
  guint keep;                      /* neighbours kept for the selection */
  double alpha, delta;             /* selection error; indifference zone used */
  double base_mean, base_low, base_high;   /* the objective with nothing added */
  guint64 simulations;             /* replications run in all */
  guint evaluations;               /* distinct complete allocations simulated */
  guint partial;                   /* distinct partial allocations on the greedy path */
  double full_space;               /* allocations in the full space */
  gboolean enumerated;             /* every allocation tried (full enumeration) */
  guint greedy_steps;
  guint n_ranked;                  /* optimise.csv's rows */
  const char *const *allocations;  /* [n_ranked], as optimise.csv writes them */
  const double *vs_base;           /* [n_ranked × 3]: paired change from the base:
                                    * mean, 95 % CI low, high */
} PksOptimiseRun;

/* run.json of pks optimise: kind "optimise", the scenario's identity as a
 * run's run.json has it (name, file, date, start, days, settings), the
 * seed and everything of r. No wall time: the file is the same for any
 * thread or rank count. */
gboolean pks_write_optimise_json (PksOutput *o, const PksScenario *s, guint64 seed,
                                  const PksOptimiseRun *r, GError **error);
/* monthly_bands.csv: month,unit,metric,mean,p10,p90 — every monthly.csv
 * figure with its 10th and 90th percentile over replications. */
gboolean pks_write_monthly_bands_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                      guint n_reps, GError **error);

/* ---- a comparison's files in one place (output-compare.c) ---- */

/* One scenario's outputs into o (its current subfolder): summary.csv,
 * daily.csv, daily_sites.csv, monthly.csv, monthly_bands.csv,
 * replications.csv, census_dist.csv, the PKS balance's balance.csv,
 * waiting_times.csv, national.csv and production.csv, and run.json. */
gboolean pks_write_run_outputs (PksOutput *o, const PksScenario *s, const PksModel *m,
                                const PksSummary *sum, PksRepResult *const *reps, guint n_reps,
                                guint64 seed, GError **error);

/* A comparison as pks compare and pks serve compute it: the base, then
 * each plan, run with common random numbers. Borrowed pointers. */
typedef struct {
  guint n;                              /* scenarios: the base, then n − 1 plans */
  const PksScenario *const *scenarios;  /* [n] */
  const PksModel *const *models;        /* [n] */
  PksRepResult *const *const *reps;     /* [n] arrays of n_reps results */
  guint n_reps;
  guint64 seed;
  const char *const *names;             /* [n]: the base's name, then the plans' */
  const char *const *files;             /* [n]: the files as given (run.json) */
  GArray *const *rows;                  /* [n − 1]: pks_compare of each plan */
  PksPlanChanges *const *changes;       /* [n − 1]: pks_plan_changes */
  /* the plans against each other (pks_compare_run_pairs): plan q − plan p
   * for p < q, in that order; owned by the run */
  GArray **pairs;
  const char **pair_plan, **pair_other;
  guint n_pairs;
} PksCompareRun;

/* Fill and free the pairs of c. */
void pks_compare_run_pairs (PksCompareRun *c);
void pks_compare_run_clear_pairs (PksCompareRun *c);
/* Every file of pks compare --out into o: compare.csv, plan_changes.csv,
 * the base's summary.csv, plan_pairs.csv (two plans or more),
 * daily_diff.csv, each scenario's outputs in base/, plan-1/, … and
 * run.json. Not committed (pks_output_commit). */
gboolean pks_write_compare_outputs (PksOutput *o, const PksCompareRun *c, GError **error);
/* pks compare --xlsx: the base's and every plan's summary, units, months
 * and settings, and the paired differences, as one workbook at path. */
gboolean pks_xlsx_write_compare (const char *path, PksLang lang, const PksCompareRun *c,
                                 GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksOutput, pks_output_free)

G_END_DECLS

#endif
