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
/* monthly_bands.csv: month,unit,metric,mean,p10,p90 — every monthly.csv
 * figure with its 10th and 90th percentile over replications. */
gboolean pks_write_monthly_bands_csv (PksOutput *o, const PksModel *m, PksRepResult *const *reps,
                                      guint n_reps, GError **error);

/* Build the report of an output directory of `pks run` or `pks compare`
 * (told apart by run.json's "kind") into html_path, atomically. A missing
 * or malformed file is a PKS_ERROR_INPUT naming it. */
gboolean pks_report_write (const char *dir, const char *html_path, const PksReportOptions *opt,
                           GError **error);

G_END_DECLS

#endif
