/* fuzz-extract.c — the extract readers of pks fit (admissions.csv,
 * referrals.csv, operations.csv; the first byte chooses which) on any
 * bytes: no crash, no leak, the row counts add up, and a refused file
 * always says why. */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct {
  guint64 rows;
} Count;

static void
count (gpointer ctx, const PksExtractRow *x)
{
  Count *c = ctx;
  c->rows++;
  g_assert (x->id != NULL && *x->id != '\0' && x->unit != NULL && *x->unit != '\0');
  g_assert (x->line > 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  PksExtractFile which = data[0] % PKS_N_EXTRACTS;
  g_autoptr (PksDiags) d = pks_diags_new ();
  PksExtractStats st;
  Count c = { 0 };
  gboolean ok = pks_extract_read_data (which, pks_extract_file_name (which),
                                       (const char *) data + 1, size - 1, count, &c, &st, d);
  g_autofree char *all = pks_diags_format_all (d, TRUE);
  g_assert (all != NULL);
  g_assert (ok || d->n_errors > 0);
  g_assert (c.rows == st.good);
  g_assert (st.good + st.broken == st.rows);
  return 0;
}
