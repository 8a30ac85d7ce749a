/* fuzz-set.c — `--set` arguments: each line of the input is one argument.
 * Each is parsed alone (pks_set_parse), then all are applied to the valid
 * scenario through pks_scenario_load, as `pks run --set …` does. */
#include "fuzz-common.h"

#include <string.h>

#define MAX_SETS 16

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* a NUL ends an argument, as it would on a command line */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", MAX_SETS + 1);
  if (g_strv_length (lines) > MAX_SETS)
    {
      g_free (lines[MAX_SETS]);
      lines[MAX_SETS] = NULL;
    }
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *group = NULL, *key = NULL, *table = NULL, *row = NULL,
                      *column = NULL, *value = NULL;
      g_autoptr (GError) err = NULL;
      gboolean ok = pks_set_parse (lines[i], &group, &key, &table, &row, &column, &value, &err);
      g_assert (ok == (err == NULL));
      g_assert (!ok || value != NULL);
      g_assert (!ok || (group != NULL) != (table != NULL));
    }
  g_autoptr (PksFiles) f = fz_files ();
  fz_load_and_run (f, (const char *const *) lines, TRUE);
  return 0;
}
