/* output-plans.c — plan_changes.csv of pks compare: what each plan changes
 * against its base, row by row (its changes and staffing rows, the keys and
 * table cells that differ, the effective change per unit, or that nothing
 * simulated differs), so a comparison whose differences are all 0 can be
 * told apart from one whose plan changed nothing (docs/metrics.md). */
#include "pks/output/output.h"
#include "pks/core/error.h"
#include "pks/input/plan.h"

#include <errno.h>

gboolean
pks_write_plan_changes_csv (PksOutput *o, PksPlanChanges *const *changes,
                            const char *const *plans, guint np, GError **error)
{
  FILE *f = pks_output_begin (o, "plan_changes.csv", error);
  if (f == NULL)
    return FALSE;
  const char *hdr[] = { "plan", "kind", "name", "item", "detail", "base_value", "plan_value",
                        "difference", "source" };
  gboolean ok = pks_csv_write_row (f, hdr, 9);
  char d[32];
  for (guint p = 0; ok && p < np; p++)
    for (guint i = 0; ok && i < changes[p]->rows->len; i++)
      {
        const PksPlanRow *r = g_ptr_array_index (changes[p]->rows, i);
        const char *row[] = { plans[p], pks_plan_kind_name (r->kind), r->name ? r->name : "",
                              r->item ? r->item : "", r->detail ? r->detail : "",
                              r->base ? r->base : "", r->plan ? r->plan : "",
                              r->kind == PKS_PLAN_EFFECT ? pks_fmt_num (d, r->diff) : "",
                              r->source ? r->source : "" };
        ok = pks_csv_write_row (f, row, 9);
      }
  if (!ok)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "plan_changes.csv: write failed: %s",
                   g_strerror (errno ? errno : EIO));
      return FALSE;
    }
  return pks_output_end (o, error);
}
