/* load.h — reading scenarios: the INI file chain (GKeyFile, `base =`
 * inheritance, `--set` overrides) and its CSV tables (libcsv), with every
 * problem collected as a diagnostic naming file, line and column or key. */
#ifndef PKS_LOAD_H
#define PKS_LOAD_H

#include <glib.h>
#include "pks/model/scenario.h"
#include "pks/input/diag.h"

G_BEGIN_DECLS

/* The files a load reads, kept by path. Files added by hand take the place
 * of the disk (MPI ranks get rank 0's copies; fuzzers feed memory), and
 * paths starting "resource://" read the scenarios embedded in the binary. */
typedef struct _PksFiles PksFiles;

PksFiles *pks_files_new (void);
void pks_files_free (PksFiles *f);
void pks_files_add (PksFiles *f, const char *path, GBytes *data);
/* Files read from disk larger than this are refused (docs/robustness.md). */
#define PKS_MAX_INPUT_BYTES (64 * 1024 * 1024)
/* (transfer full) the bytes of path, read once and then cached. Only
 * regular files are read; directories, FIFOs and devices are refused. */
GBytes *pks_files_read (PksFiles *f, const char *path, GError **error);
/* Paths in the cache, in the order they were first read. (transfer container) */
GPtrArray *pks_files_paths (PksFiles *f);
/* From now on read only from the cache: a path not in it is "no such
 * file" rather than read from disk (embedded resource:// files still
 * read). Ranks other than 0 load only what rank 0 sent; fuzzers and tests
 * stay in memory whatever paths their input names. */
void pks_files_seal (PksFiles *f);
/* Read from disk only files inside dir: a path whose real location (links
 * resolved) is outside it is refused, "outside the served folder"; pks
 * serve loads the scenarios of the folders it was given this way. FALSE
 * with PKS_ERROR_INPUT when dir is not a folder. */
gboolean pks_files_confine (PksFiles *f, const char *dir, GError **error);
/* The embedded scenario files (every .ini in the bundle, sorted) as
 * resource:// paths. (transfer full) */
char **pks_embedded_scenarios (void);
/* Take relative paths from dir instead of the working directory, for the
 * whole process (ranks other than 0 take rank 0's). NULL restores it. */
void pks_files_set_workdir (const char *dir);

/* A path as planners should see it: relative to the working directory
 * where possible, "(embedded) scenarios/…" for embedded files.
 * (transfer full) */
char *pks_path_display (const char *path);

/* The embedded Västerbotten baseline. */
#define PKS_DEFAULT_SCENARIO "resource:///se/pks/scenarios/vasterbotten-2024.ini"

/* Load, resolve and validate a scenario. sets: NULL-terminated "K=V"
 * overrides (group.key or table cells, contract section 3), may be NULL.
 * files: cache to read through (may be NULL). Every problem is added to
 * diags; returns NULL when there was at least one error. (transfer full) */
PksScenario *pks_scenario_load (const char *path, const char *const *sets,
                                PksFiles *files, PksDiags *diags);

/* Whether [group] key is a scenario key pks knows; if not and hint is
 * not NULL, *hint is " (did you mean …?)" or "" (transfer full). */
gboolean pks_key_known (const char *group, const char *key, char **hint);
/* " (did you mean "Ortopedi Umeå"?)" for a unit name s does not have but
 * nearly has, else "". (transfer full) */
char *pks_unit_hint (const PksScenario *s, const char *name);

/* Check a single --set argument's syntax (KEY=VALUE with a known key form)
 * without a scenario; for early option checking and fuzzing. */
gboolean pks_set_parse (const char *arg, char **group, char **key,
                        char **table, char **row, char **column,
                        char **value, GError **error);

/* The resolved scenario as text (pks validate --print). (transfer full) */
char *pks_scenario_describe (const PksScenario *s);
/* One change as --print lists it: "UNIT, RESOURCE, FROM .. TO, CHANGE[,
 * staff own][, note]" (transfer full); its unit column alone ("*",
 * "site:NUS" or the unit). */
char *pks_change_describe (const PksScenario *s, const PksChange *c);
char *pks_change_unit_text (const PksScenario *s, const PksChange *c);

/* Parse one CSV table held in memory into rows of cells, as the loader
 * does (BOM, CRLF, `;` separators, `#` comments). Each row is a GPtrArray
 * of char*; line_of[i] is the 1-based line where row i starts. The header
 * is row 0. For tests and fuzzing. */
gboolean pks_csv_read_rows (const char *file, const char *data, gsize len,
                            GPtrArray **rows, GArray **line_of,
                            char *delimiter, PksDiags *diags);

/* Parse a number cell the way tables do: decimal point or comma, blanks
 * trimmed; FALSE for anything else (including NaN and infinities). */
gboolean pks_parse_number (const char *text, double *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksFiles, pks_files_free)

G_END_DECLS

#endif
