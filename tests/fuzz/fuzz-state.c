/* fuzz-state.c — today's state (contract 5.2) on any bytes: census.csv
 * or a per-patient waitlist.csv (the first byte chooses which) in a
 * scenario that starts from it, loaded, compiled and (small ones) run. */
#include "fuzz-common.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *ini =
  "[scenario]\nname = fuzz\nstart = 2025-01-01\ndays = 28\nwarmup_days = 0\nreplications = 1\n"
  "seed = 1\n[tables]\nunits = units.csv\nflows = flows.csv\ncensus = census.csv\n"
  "waitlist = waitlist.csv\n[policy]\noutlying = region\n";
static const char *census = "unit,flow,admitted,ready_for_discharge,ward_unit\n"
                            "Medicin A,akut,2024-12-28 10:00,,\n";
static const char *waitlist = "unit,flow,stage,since,priority,wait_code\n"
                              "Kirurgi A,galla,first_visit,2024-11-01,2,\n";

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  g_autoptr (PksFiles) f = fz_files ();
  fz_put (f, "s.ini", ini, strlen (ini));
  gboolean wl = data[0] & 1;
  fz_put (f, wl ? "census.csv" : "waitlist.csv", wl ? census : waitlist, strlen (wl ? census : waitlist));
  fz_put (f, wl ? "waitlist.csv" : "census.csv", (const char *) data + 1, size - 1);
  fz_load_and_run (f, NULL, TRUE);
  return 0;
}
