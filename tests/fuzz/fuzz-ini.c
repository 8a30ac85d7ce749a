/* fuzz-ini.c — the INI side: the input is up to three scenario files,
 * separated by form feeds (\f), as /f/s.ini, /f/b.ini and /f/c.ini, so that
 * `base =` chains, cycles and overrides between them are explored; the
 * valid tables sit beside them. The loader and the model compiler run. */
#include "fuzz-common.h"

#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *names[] = { "s.ini", "b.ini", "c.ini" };
  g_autoptr (PksFiles) f = fz_files ();
  const char *p = (const char *) data, *end = p + size;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *ff = i + 1 < G_N_ELEMENTS (names) ? memchr (p, '\f', end - p) : NULL;
      const char *stop = ff ? ff : end;
      fz_put (f, names[i], p, stop - p);
      if (ff == NULL)
        break;
      p = ff + 1;
    }
  fz_load_and_run (f, NULL, FALSE);
  return 0;
}
