/* xlsx.h — Excel workbooks (libxlsxwriter) for planners: sheets of plain
 * tables with a header row that stays in view, numbers as numbers with a
 * number format, columns as wide as their contents, a filter on the
 * header; the file written whole or not at all. The sheets pks run,
 * compare, sweep and optimise write are built on this (workbook.c); a
 * command of its own adds its sheets the same way:
 *
 *   PksXlsx *x = pks_xlsx_new ("plan.xlsx", PKS_LANG_SV, &err);
 *   const char *head[] = { "Enhet", "Behov", "95 % KI från", "95 % KI till" };
 *   PksSheet *s = pks_xlsx_sheet (x, "Behov", head, 4);
 *   pks_sheet_text (s, "Medicin A");
 *   pks_sheet_estimate (s, 12.5, 11.9, 13.1, 1);
 *   pks_sheet_end_row (s);
 *   pks_xlsx_close (x, &err);   (frees x)
 */
#ifndef PKS_XLSX_H
#define PKS_XLSX_H

#include <glib.h>
#include "pks/exp/optimise.h"
#include "pks/exp/runner.h"
#include "pks/exp/sweep.h"
#include "pks/input/design.h"
#include "pks/model/scenario.h"
#include "pks/model/metrics.h"

G_BEGIN_DECLS

typedef struct _PksXlsx PksXlsx;
typedef struct _PksSheet PksSheet;

/* A workbook to be written at path (its name ending in .xlsx); lang is
 * the language of the sheets' names and headers that pks writes. NULL
 * with PKS_ERROR_IO when the folder cannot take it. (transfer full) */
PksXlsx *pks_xlsx_new (const char *path, PksLang lang, GError **error);
PksLang pks_xlsx_lang (const PksXlsx *x);
/* A new sheet, its header row the n headers (frozen with the first
 * frozen_cols columns, filtered). name: at most 31 characters, none of
 * []:*?/\ (Excel's rules); a name used twice gets " (2)". The sheet
 * belongs to x. */
PksSheet *pks_xlsx_sheet (PksXlsx *x, const char *name, const char *const *headers, guint n,
                          guint frozen_cols);

/* The cells of the current row, left to right. */
void pks_sheet_text (PksSheet *s, const char *text);
/* A number shown with decimals (0–6) and thousands grouped; NaN or an
 * infinity leaves the cell empty. The value stored is the number as the
 * CSV files write it (10 significant digits), so the workbook and
 * summary.csv agree to the last digit. */
void pks_sheet_num (PksSheet *s, double v, int decimals);
/* A percentage point value already in per cent (12.5 shows "12,5"). */
#define pks_sheet_pct pks_sheet_num
/* Three cells: a mean and its 95 % interval beside it. */
void pks_sheet_estimate (PksSheet *s, double mean, double lo, double hi, int decimals);
/* An empty cell. */
void pks_sheet_skip (PksSheet *s);
void pks_sheet_end_row (PksSheet *s);
/* A line of text under the table (a note on the units, say): after the
 * last row, one empty row between. */
void pks_sheet_note (PksSheet *s, const char *text);

/* Write the file (a temporary beside it, renamed into place) and free x;
 * on failure nothing is left at path and x is freed too. */
gboolean pks_xlsx_close (PksXlsx *x, GError **error);
/* Abandon the workbook: nothing is written. */
void pks_xlsx_free (PksXlsx *x);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksXlsx, pks_xlsx_free)

/* ---- the sheets of pks run, compare, sweep and optimise (workbook.c) ---- */

/* Sammanfattning (the region and its sites): every metric of summary.csv
 * with its 95 % CI, in words with its unit and the contract's name
 * beside it. With several scenarios (a comparison) a first column names
 * the scenario of each row. */
void pks_xlsx_add_summary (PksXlsx *x, const PksSummary *const *sums, const char *const *names,
                           guint n);
/* Per enhet: the same for every unit, with its hospital. */
void pks_xlsx_add_units (PksXlsx *x, const PksSummary *const *sums, const char *const *names,
                         guint n);
/* Per månad: each unit's month-end figures (monthly.csv) with their 95 %
 * CI over replications; reps[i] holds scenario i's n_reps results. */
void pks_xlsx_add_monthly (PksXlsx *x, const PksModel *const *models, PksRepResult *const *const *reps,
                           guint n_reps, const char *const *names, guint n);
/* PKS-balans: balance.csv's rows of the months and tertials (every level
 * and resource) with words for the level and resource; reps need their
 * figures (a run with outputs). */
void pks_xlsx_add_balance (PksXlsx *x, const PksModel *m, PksRepResult *const *reps, guint n_reps);
/* Jämförelse: every paired difference of compare.csv with the verdict in
 * words (better, worse, no sure difference, or a metric without a
 * better direction). */
void pks_xlsx_add_compare (PksXlsx *x, GArray *const *rows, const char *const *plan_names,
                           guint n_plans);
/* Inställningar: every resolved key of each scenario, in words, with its
 * value and where it was set. */
void pks_xlsx_add_settings (PksXlsx *x, const PksScenario *const *scenarios,
                            const char *const *names, guint n);
/* Jämförelse of a sweep: every figure of each design point (sweep.csv's
 * rows) with its factors, and the paired difference from the base. */
void pks_xlsx_add_sweep (PksXlsx *x, const PksSweep *s, const PksDesign *d);

/* Sammanfattning of pks optimise: the ranked allocations (rank 1, the
 * answer, first) with each candidate unit's share, the objective, the
 * paired gap to the answer and the change from the base, each with its
 * 95 % CI; last the base with nothing added. */
void pks_xlsx_add_optimise (PksXlsx *x, const PksOptimiseResult *r, const char *const *units,
                            guint n_units, const char *objective, gboolean maximise);

/* A CSV file pks wrote (either dialect) as a sheet: its known column
 * names in words, numbers as numbers (with the decimals written), text
 * as text. For commands whose own files are the tables (pks fit). */
gboolean pks_xlsx_add_csv (PksXlsx *x, const char *sheet, const char *path, guint frozen_cols,
                           GError **error);

G_END_DECLS

#endif
