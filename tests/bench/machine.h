/* machine.h — what the benchmarks print about the machine they ran on. */
#ifndef PKS_BENCH_MACHINE_H
#define PKS_BENCH_MACHINE_H

#include <glib.h>
#include <string.h>

/* The CPU's model name from /proc/cpuinfo, or "unknown". (transfer full) */
G_GNUC_UNUSED static char *
bench_cpu_model (void)
{
  g_autofree char *info = NULL;
  if (g_file_get_contents ("/proc/cpuinfo", &info, NULL, NULL))
    {
      const char *p = strstr (info, "model name");
      if (p && (p = strchr (p, ':')))
        return g_strndup (p + 2, strcspn (p + 2, "\n"));
    }
  return g_strdup ("unknown");
}

#endif
