/* output-compare.c — every file of a comparison, as `pks compare --out`
 * and `--xlsx` write them and `pks serve` offers them for download: one
 * writer, so the report and the workbook a meeting downloads are those of
 * the command line. Also one scenario's outputs (pks run, and each
 * scenario's subfolder of a comparison). */
#include "pks/output/output.h"
#include "pks/output/xlsx.h"

gboolean
pks_write_run_outputs (PksOutput *o, const PksScenario *s, const PksModel *m,
                       const PksSummary *sum, PksRepResult *const *rr, guint n, guint64 seed,
                       GError **error)
{
  return pks_write_summary_csv (o, sum, error) && pks_write_daily_csv (o, m, rr, n, error)
         && pks_write_daily_sites_csv (o, m, rr, n, error) && pks_write_monthly_csv (o, m, rr, n, error)
         && pks_write_monthly_bands_csv (o, m, rr, n, error)
         && pks_write_replications_csv (o, m, rr, n, error)
         && pks_write_census_dist_csv (o, m, rr, n, error)
         && pks_write_balance_csv (o, m, rr, n, error)
         && pks_write_waiting_times_csv (o, m, rr, n, error)
         && pks_write_national_csv (o, m, rr, n, error)
         && pks_write_production_csv (o, s, m, rr, n, error)
         && pks_write_run_json (o, s, seed, n, error);
}

/* daily_diff.csv: each plan against the base, for the region and every
 * site of the base, day by day. */
static gboolean
write_daily_diff (PksOutput *o, const PksCompareRun *c, GError **error)
{
  const PksModel *base = c->models[0];
  g_autoptr (GPtrArray) diffs = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_daily_diff_free);
  g_autoptr (GPtrArray) plan_of = g_ptr_array_new ();
  for (guint p = 1; p < c->n; p++)
    for (int site = -1; site < (int) pks_model_n_sites (base); site++)
      {
        PksDailyDiff *d = pks_compare_daily (base, c->reps[0], c->models[p], c->reps[p], c->n_reps,
                                             site < 0 ? PKS_SCOPE_REGION : PKS_SCOPE_SITE,
                                             site < 0 ? pks_model_region_name (base)
                                                      : pks_model_site_name (base, (guint) site));
        if (d == NULL)
          continue;
        g_ptr_array_add (diffs, d);
        g_ptr_array_add (plan_of, (gpointer) c->names[p]);
      }
  return pks_write_daily_diff_csv (o, (const PksDailyDiff *const *) diffs->pdata,
                                   (const char *const *) plan_of->pdata, diffs->len,
                                   pks_model_start (base), error);
}

void
pks_compare_run_pairs (PksCompareRun *c)
{
  guint np = c->n - 1;
  c->n_pairs = np * (np - 1) / 2;
  c->pairs = g_new0 (GArray *, MAX (1u, c->n_pairs));
  c->pair_plan = g_new0 (const char *, MAX (1u, c->n_pairs));
  c->pair_other = g_new0 (const char *, MAX (1u, c->n_pairs));
  for (guint p = 1, k = 0; p < c->n; p++)
    for (guint q = p + 1; q < c->n; q++, k++)
      {
        c->pairs[k] = pks_compare (c->models[p], c->reps[p], c->models[q], c->reps[q], c->n_reps);
        c->pair_plan[k] = c->names[q];
        c->pair_other[k] = c->names[p];
      }
}

void
pks_compare_run_clear_pairs (PksCompareRun *c)
{
  for (guint k = 0; k < c->n_pairs; k++)
    pks_compare_free (c->pairs[k]);
  g_clear_pointer (&c->pairs, g_free);
  g_clear_pointer (&c->pair_plan, g_free);
  g_clear_pointer (&c->pair_other, g_free);
  c->n_pairs = 0;
}

gboolean
pks_write_compare_outputs (PksOutput *o, const PksCompareRun *c, GError **error)
{
  guint np = c->n - 1;
  g_autoptr (PksSummary) sum = pks_summary_new (c->models[0], c->reps[0], c->n_reps);
  gboolean ok = pks_write_compare_csv (o, c->rows, c->names + 1, np, error)
                && pks_write_plan_changes_csv (o, c->changes, c->names + 1, np, error)
                && pks_write_summary_csv (o, sum, error)
                && (c->n_pairs == 0 || pks_write_plan_pairs_csv (o, c->pairs, c->pair_plan,
                                                                 c->pair_other, c->n_pairs, error))
                && write_daily_diff (o, c, error);
  /* each scenario's own outputs in a subfolder, for the report's charts */
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ok && i < c->n; i++)
    {
      char *sub = i == 0 ? g_strdup ("base") : g_strdup_printf ("plan-%u", i);
      g_ptr_array_add (dirs, sub);
      g_autoptr (PksSummary) si_sum = pks_summary_new (c->models[i], c->reps[i], c->n_reps);
      pks_output_set_subdir (o, sub);
      ok = pks_write_run_outputs (o, c->scenarios[i], c->models[i], si_sum, c->reps[i], c->n_reps,
                                  c->seed, error);
      pks_output_set_subdir (o, NULL);
    }
  return ok && pks_write_compare_json (o, c->names, c->files, (const char *const *) dirs->pdata,
                                       c->n, c->seed, c->n_reps, c->changes, error);
}

gboolean
pks_xlsx_write_compare (const char *path, PksLang lang, const PksCompareRun *c, GError **error)
{
  g_autoptr (PksXlsx) x = pks_xlsx_new (path, lang, error);
  if (x == NULL)
    return FALSE;
  g_autoptr (GPtrArray) sums = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_summary_free);
  for (guint i = 0; i < c->n; i++)
    g_ptr_array_add (sums, pks_summary_new (c->models[i], c->reps[i], c->n_reps));
  const PksSummary *const *sp = (const PksSummary *const *) sums->pdata;
  pks_xlsx_add_summary (x, sp, c->names, c->n);
  pks_xlsx_add_compare (x, c->rows, c->names + 1, c->n - 1);
  pks_xlsx_add_monthly (x, c->models, c->reps, c->n_reps, c->names, c->n);
  pks_xlsx_add_units (x, sp, c->names, c->n);
  pks_xlsx_add_settings (x, c->scenarios, c->names, c->n);
  return pks_xlsx_close (g_steal_pointer (&x), error);
}
