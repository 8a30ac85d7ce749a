/* report.h — the manager-facing report: one self-contained HTML file
 * (inline CSS and cairo-drawn SVG charts) built only from the files of an
 * output directory (the extra files it needs, run.json and
 * monthly_bands.csv, are written by sim/output: pks/output/output.h). */
#ifndef PKS_REPORT_H
#define PKS_REPORT_H

#include <glib.h>
#include "pks/model/metrics.h"
#include "pks/output/output.h"

G_BEGIN_DECLS

typedef struct {
  PksLang lang;             /* labels and number format; Swedish by default */
  const char *png_dir;      /* also write every chart as a PNG here, or NULL */
  double vg_target_pct;     /* care-guarantee reference line, % (0 = 100) */
  const char *measures;     /* --measures: metrics a comparison leads with, comma-separated;
                             * NULL: the headline ones */
  const char *balance_units;   /* units charted in the PKS balance, comma-separated;
                                * NULL: the six furthest from balance */
} PksReportOptions;

/* Check a --measures list: known metric names, comma-separated, none
 * twice; NULL is the default. PKS_ERROR_INPUT naming the bad one. */
gboolean pks_report_measures_check (const char *measures, GError **error);
/* The metrics that matter in a comparison, the first the one plans are
 * ranked on: those of --measures (checked), or by default overcrowded
 * bed-days, outlied bed-days, transfers out of region, cancelled
 * operations, the treatment guarantee and the total cost. Returns how
 * many were put in out (at most max). */
guint pks_report_measures (const char *measures, PksMetric *out, guint max);

/* Build the report of an output directory of `pks run`, `pks compare` or
 * `pks optimise` (told apart by run.json's "kind") into html_path,
 * atomically. A missing or malformed file is a PKS_ERROR_INPUT naming it. */
gboolean pks_report_write (const char *dir, const char *html_path, const PksReportOptions *opt,
                           GError **error);

/* One part of a comparison's report as a small HTML document of its own
 * (the report's styles, the part, inline SVG charts), for a page that
 * shows it beside its own (pks serve): "answer" (which plan does most, by
 * how much, per bed and per MSEK, on what terms), "table" (the ranked
 * table), "changes" (what each plan changes), "days" (plan − base day by
 * day with the paired 95 % band). dir: the output folder of pks compare.
 * (transfer full) */
char *pks_report_part (const char *dir, const char *part, const PksReportOptions *opt,
                       GError **error);

/* The fit report of pks fit (fit.html, not committed) into o's folder. */
typedef struct _PksFit PksFit;
gboolean pks_report_fit_write (const PksFit *f, PksOutput *o, const PksReportOptions *opt,
                               GError **error);

G_END_DECLS

#endif
