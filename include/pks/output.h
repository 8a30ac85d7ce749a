/* output.h — the output files of the contract (section 4), written with
 * libcsv quoting into temporary files that are renamed into place only
 * when every file of the run is complete: outputs are whole or absent. */
#ifndef PKS_OUTPUT_H
#define PKS_OUTPUT_H

#include <glib.h>
#include <stdio.h>
#include "runner.h"

G_BEGIN_DECLS

typedef struct _PksOutput PksOutput;

/* Create (with parents) and check the directory. (transfer full) */
PksOutput *pks_output_new (const char *dir, GError **error);
/* Start a file; returns a stream to write to, or NULL with error. */
FILE *pks_output_begin (PksOutput *o, const char *name, GError **error);
/* Put the next files in the subfolder sub of the directory (created when
 * the first file begins; NULL = the directory itself). */
void pks_output_set_subdir (PksOutput *o, const char *sub);
/* Finish the current file (flush, sync, check for write errors). */
gboolean pks_output_end (PksOutput *o, GError **error);
/* Rename every finished file into place. */
gboolean pks_output_commit (PksOutput *o, GError **error);
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
/* rows[i] are the differences of plan i (name plan_names[i]). */
gboolean pks_write_compare_csv (PksOutput *o, GArray *const *rows, const char *const *plan_names,
                                guint n_plans, GError **error);
/* The summary as one JSON document (json-glib). (transfer full) */
char *pks_summary_to_json (const PksSummary *s, guint64 seed);

/* Per-patient trace of one replication as CSV (time,patient,unit,flow,event). */
typedef struct _PksTraceWriter PksTraceWriter;
PksTraceWriter *pks_trace_writer_new (FILE *f, const PksModel *m);
void pks_trace_writer_cb (gpointer ctx, double t_min, guint64 patient, guint unit, guint flow,
                          PksTraceEvent ev, int host_unit);
gboolean pks_trace_writer_free (PksTraceWriter *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksOutput, pks_output_free)

G_END_DECLS

#endif
