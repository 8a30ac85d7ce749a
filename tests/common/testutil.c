/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

static PksScenario *
load_va (const char *ini, const char *const *sets, PksDiags *diags, va_list ap)
{
  g_autoptr (PksFiles) files = pks_files_new ();
  g_autoptr (GBytes) b = g_bytes_new (ini, strlen (ini));
  pks_files_add (files, "/mem/s.ini", b);
  const char *name;
  while ((name = va_arg (ap, const char *)) != NULL)
    {
      const char *text = va_arg (ap, const char *);
      g_autofree char *path = g_build_filename ("/mem", name, NULL);
      g_autoptr (GBytes) tb = g_bytes_new (text, strlen (text));
      pks_files_add (files, path, tb);
    }
  g_autoptr (PksDiags) own = NULL;
  if (diags == NULL)
    diags = own = pks_diags_new ();
  PksScenario *s = pks_scenario_load ("/mem/s.ini", sets, files, diags);
  if (s == NULL && own)
    {
      g_autofree char *all = pks_diags_format_all (diags, TRUE);
      g_test_message ("load failed:\n%s", all);
    }
  return s;
}

PksScenario *
tu_load (const char *ini, PksDiags *diags, ...)
{
  va_list ap;
  va_start (ap, diags);
  PksScenario *s = load_va (ini, NULL, diags, ap);
  va_end (ap);
  return s;
}

PksScenario *
tu_load_sets (const char *ini, const char *const *sets, PksDiags *diags, ...)
{
  va_list ap;
  va_start (ap, diags);
  PksScenario *s = load_va (ini, sets, diags, ap);
  va_end (ap);
  return s;
}

PksRepResult **
tu_run (const PksModel *m, guint n, gboolean daily)
{
  PksExecOptions opt = { 1, daily, FALSE, NULL, FALSE, FALSE };
  const PksModel *models[] = { m };
  g_autoptr (GError) error = NULL;
  PksRepResult **r = pks_exec (models, 1, pks_model_seed (m), 0, n, &opt, &error);
  g_assert_no_error (error);
  return r;
}

void
tu_free_results (PksRepResult **r, guint n)
{
  pks_rep_results_free (r, n);
}

double *
tu_metric (PksRepResult **r, guint n, guint e, PksMetric k)
{
  double *x = g_new (double, n);
  for (guint i = 0; i < n; i++)
    x[i] = pks_rep_metric (r[i], e, k);
  return x;
}

gboolean
tu_in_ci (const double *x, guint n, double target, double alpha, double *mean_out, double *hw_out)
{
  PksWelford w;
  pks_welford_init (&w);
  for (guint i = 0; i < n; i++)
    pks_welford_add (&w, x[i]);
  double s = sqrt (pks_welford_variance (&w));
  double hw = pks_t_quantile (1.0 - alpha / 2.0, (double) n - 1.0) * s / sqrt ((double) n);
  if (mean_out)
    *mean_out = w.mean;
  if (hw_out)
    *hw_out = hw;
  return fabs (w.mean - target) <= hw;
}

gboolean
tu_diags_have (const PksDiags *d, const char *needle, const char *needle2)
{
  for (guint i = 0; i < d->items->len; i++)
    {
      g_autofree char *t = pks_diag_format (g_ptr_array_index (d->items, i));
      if (strstr (t, needle) && (needle2 == NULL || strstr (t, needle2)))
        return TRUE;
    }
  g_autofree char *all = pks_diags_format_all (d, TRUE);
  g_test_message ("no diagnostic with \"%s\"%s%s among:\n%s", needle,
                  needle2 ? " and " : "", needle2 ? needle2 : "", all);
  return FALSE;
}

const char *
tu_pks_bin (void)
{
  const char *b = g_getenv ("PKS_BIN");
  return b ? b : "pks";
}

const char *
tu_source_root (void)
{
  const char *r = g_getenv ("PKS_SOURCE_ROOT");
  return r ? r : ".";
}

char *
tu_tmpdir (const char *prefix)
{
  g_autoptr (GError) e = NULL;
  g_autofree char *tmpl = g_strdup_printf ("%s-XXXXXX", prefix);
  char *d = g_dir_make_tmp (tmpl, &e);
  g_assert_no_error (e);
  return d;
}

char *
tu_read (const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  char *data = NULL;
  if (!g_file_get_contents (p, &data, NULL, NULL))
    return NULL;
  return data;
}

char *
tu_slurp (const char *dir, const char *name)
{
  char *data = tu_read (dir, name);
  if (data == NULL)
    g_error ("cannot read %s/%s", dir, name);
  return data;
}

void
tu_rm_rf (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  const char *n;
  while ((n = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, n, NULL);
      GStatBuf st;
      if (g_lstat (p, &st) == 0 && S_ISDIR (st.st_mode))
        tu_rm_rf (p);
      else
        g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

void
tu_result_clear (TuResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

TuResult
tu_spawn (const char *const *argv, const char *env_kv, GSpawnChildSetupFunc setup, gpointer data)
{
  g_auto (GStrv) env = g_get_environ ();
  if (env_kv)
    {
      g_auto (GStrv) kv = g_strsplit (env_kv, "=", 2);
      env = g_environ_setenv (env, kv[0], kv[1], TRUE);
    }
  TuResult r = { 0 };
  int wait = 0;
  g_autoptr (GError) e = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, setup, data, &r.out,
                               &r.err, &wait, &e));
  g_assert_no_error (e);
  r.status = WIFEXITED (wait) ? WEXITSTATUS (wait) : 128;
  return r;
}

static TuResult
pks_va (const char *env_kv, GSpawnChildSetupFunc setup, gpointer data, va_list ap)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) tu_pks_bin ());
  const char *a;
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) a);
  g_ptr_array_add (argv, NULL);
  return tu_spawn ((const char *const *) argv->pdata, env_kv, setup, data);
}

TuResult
tu_pks (const char *env_kv, ...)
{
  va_list ap;
  va_start (ap, env_kv);
  TuResult r = pks_va (env_kv, NULL, NULL, ap);
  va_end (ap);
  return r;
}

TuResult
tu_pks_setup (GSpawnChildSetupFunc setup, gpointer data, ...)
{
  va_list ap;
  va_start (ap, data);
  TuResult r = pks_va (NULL, setup, data, ap);
  va_end (ap);
  return r;
}

double
tu_lognormal_rest_mean (double mu, double sigma, double t)
{
  /* Simpson's rule on x = t + e^u, the integrand S(x) e^u */
  double st = 0.5 * erfc ((log (t) - mu) / (sigma * G_SQRT2));
  double lo = log (1e-6), hi = mu + 12 * sigma + log (1 + t);
  int n = 20000;
  double h = (hi - lo) / n, sum = 0;
  for (int i = 0; i <= n; i++)
    {
      double u = lo + i * h, x = t + exp (u);
      double f = 0.5 * erfc ((log (x) - mu) / (sigma * G_SQRT2)) * exp (u);
      sum += f * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
    }
  return sum * h / 3.0 / st;
}
