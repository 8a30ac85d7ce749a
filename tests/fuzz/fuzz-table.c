/* fuzz-table.c — one CSV table of a valid scenario replaced by the fuzz
 * input; built once per table (FUZZ_TABLE = "units", "flows", …). The
 * loaders, the model compiler and (for small inputs) one replication run. */
#include "fuzz-common.h"

#ifndef FUZZ_TABLE
#error "define FUZZ_TABLE"
#endif

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (PksFiles) f = fz_files ();
  fz_put (f, FUZZ_TABLE ".csv", (const char *) data, size);
  fz_load_and_run (f, NULL, TRUE);
  return 0;
}
