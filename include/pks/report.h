/* report.h — the manager-facing report: one self-contained HTML file
 * (inline CSS and cairo-drawn SVG charts) built only from the files of an
 * output directory, plus the extra outputs it needs (run.json,
 * monthly_bands.csv, per-plan subfolders of pks compare). */
#ifndef PKS_REPORT_H
#define PKS_REPORT_H

#include <glib.h>
#include "output.h"
#include "scenario.h"

G_BEGIN_DECLS

typedef enum { PKS_LANG_SV, PKS_LANG_EN } PksLang;

typedef struct {
  PksLang lang;             /* labels and number format; Swedish by default */
  const char *png_dir;      /* also write every chart as a PNG here, or NULL */
  double vg_target_pct;     /* care-guarantee reference line, % (0 = 100) */
} PksReportOptions;

/* Parse "sv" or "en" (for --lang); FALSE with a PKS_ERROR_INPUT otherwise. */
gboolean pks_lang_parse (const char *text, PksLang *lang, GError **error);

/* run.json: what the CSV files do not say — scenario name and file, the
 * date of the run (SOURCE_DATE_EPOCH when set, for reproducible builds),
 * seed, replications, horizon, care-guarantee limits and every resolved
 * key "group.key = value # origin" of s. */
gboolean pks_write_run_json (PksOutput *o, const PksScenario *s, guint64 seed, guint n_reps,
                             GError **error);
/* run.json of a comparison: kind "compare", seed, replications and, per
 * scenario (base first), its name, file and the subfolder holding its own
 * outputs. */
gboolean pks_write_compare_json (PksOutput *o, const char *const *names,
                                 const char *const *files, const char *const *dirs,
                                 guint n_scenarios, guint64 seed, guint n_reps, GError **error);
/* What run.json of `pks optimise` records besides optimise.csv: the
 * problem, the base (nothing added) and how the answer was found. Plain
 * numbers and names, so that io need not know the optimiser (sim/exp). */
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
  guint evaluations;               /* distinct allocations simulated */
  double full_space;               /* allocations in the full space */
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

/* Build the report of an output directory of `pks run`, `pks compare` or
 * `pks optimise` (told apart by run.json's "kind") into html_path,
 * atomically. A missing or malformed file is a PKS_ERROR_INPUT naming it. */
gboolean pks_report_write (const char *dir, const char *html_path, const PksReportOptions *opt,
                           GError **error);

G_END_DECLS

#endif
