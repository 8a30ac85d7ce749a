/* fuzz-common.h — a small valid scenario held in memory (every table
 * present), on which the libFuzzer harnesses put their input: as one of
 * the files, or as --set arguments. The file cache is sealed, so no input
 * makes a harness read the disk. */
#ifndef PKS_FUZZ_COMMON_H
#define PKS_FUZZ_COMMON_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include "pks/pks.h"

/* Files under /f/: s.ini, units.csv, flows.csv, changes.csv, staffing.csv,
 * waitlist.csv, profiles.csv. Each harness may replace one of them. */
PksFiles *fz_files (void);
void fz_put (PksFiles *f, const char *name, const char *data, size_t len);

/* Load /f/s.ini with sets; on success compile the model, and (run_sim) run
 * one replication when the scenario is small enough to stay fast. Any
 * crash, sanitizer report, leak or GLib critical is a finding. */
void fz_load_and_run (PksFiles *f, const char *const *sets, gboolean run_sim);

/* Make GLib criticals and warnings fatal (they are programming errors);
 * LLVMFuzzerInitialize, in fuzz-common.c, calls it for every harness. */
void fz_init (void);

#endif
