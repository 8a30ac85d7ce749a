/* catalog.c — the scenarios pks serve offers as bases: the embedded ones
 * (the Västerbotten baseline, the shipped plans and examples), the files
 * given on the command line, and every .ini of the folders given, whose
 * loads may read nothing outside their folder. A client names a base by
 * its id only; no path from a request ever reaches the disk. Each base's
 * compiled model and replications are kept, so that a comparison runs
 * only its plans. */
#include "serve-internal.h"

#include <stdio.h>
#include <string.h>

/* Runs kept per base: a meeting uses one or two replication counts. */
#define MAX_RUNS 3
/* Scenario files looked at in a folder given (and how deep). */
#define MAX_FOLDER_FILES 500
#define MAX_FOLDER_DEPTH 4

SvRun *
sv_run_ref (SvRun *r)
{
  g_atomic_int_inc (&r->ref);
  return r;
}

void
sv_run_unref (SvRun *r)
{
  if (r == NULL || !g_atomic_int_dec_and_test (&r->ref))
    return;
  for (guint i = 0; i < r->n_reps; i++)
    pks_rep_result_free (r->res[i]);
  g_free (r->res);
  g_free (r);
}

static void
entry_free (SvEntry *e)
{
  g_free (e->id);
  g_free (e->path);
  g_free (e->name);
  pks_files_free (e->files);
  pks_scenario_free (e->s);
  pks_diags_free (e->diags);
  pks_model_free (e->m);
  if (e->runs)
    g_ptr_array_unref (e->runs);
  g_free (e);
}

/* Load one scenario into a new entry. root: confine its reads to this
 * folder (NULL: the embedded ones and files given by name). On failure
 * the diagnostics are in *diags_out for the caller to print. */
static SvEntry *
entry_load (const char *id, const char *path, const char *root, PksDiags **diags_out,
            GError **error)
{
  g_autoptr (PksFiles) files = pks_files_new ();
  if (root && !pks_files_confine (files, root, error))
    return NULL;
  g_autoptr (PksDiags) diags = pks_diags_new ();
  PksScenario *s = pks_scenario_load (path, NULL, files, diags);
  if (s == NULL)
    {
      *diags_out = g_steal_pointer (&diags);
      return NULL;
    }
  SvEntry *e = g_new0 (SvEntry, 1);
  e->id = g_strdup (id);
  e->path = g_strdup (path);
  e->name = g_strdup (s->name);
  e->embedded = g_str_has_prefix (path, "resource://");
  /* a plan is a scenario whose chain has more than one .ini */
  g_autoptr (GPtrArray) read = pks_files_paths (files);
  guint inis = 0;
  for (guint i = 0; i < read->len; i++)
    inis += g_str_has_suffix (read->pdata[i], ".ini");
  e->plan = inis > 1;
  e->files = g_steal_pointer (&files);
  e->s = s;
  e->diags = g_steal_pointer (&diags);
  e->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) sv_run_unref);
  return e;
}

static void
add (SvCatalog *c, SvEntry *e)
{
  /* ids are unique: a second file of the same name gets " (2)" */
  if (g_hash_table_contains (c->by_id, e->id))
    for (guint k = 2;; k++)
      {
        g_autofree char *alt = g_strdup_printf ("%s (%u)", e->id, k);
        if (!g_hash_table_contains (c->by_id, alt))
          {
            g_free (e->id);
            e->id = g_steal_pointer (&alt);
            break;
          }
      }
  g_ptr_array_add (c->entries, e);
  g_hash_table_insert (c->by_id, e->id, e);
}

static void
print_diags (const PksDiags *d)
{
  if (d->items->len == 0)
    return;
  g_autofree char *all = pks_diags_format_all (d, TRUE);
  fprintf (stderr, "%s\n", all);
}

static int
cmp_name (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every .ini below dir (sorted, not following links to folders), at most
 * MAX_FOLDER_FILES. */
static void
scan (const char *dir, guint depth, GPtrArray *out)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (d)) != NULL)
    if (n[0] != '.')
      g_ptr_array_add (names, g_strdup (n));
  g_dir_close (d);
  g_ptr_array_sort (names, cmp_name);
  for (guint i = 0; i < names->len && out->len < MAX_FOLDER_FILES; i++)
    {
      g_autofree char *p = g_build_filename (dir, names->pdata[i], NULL);
      if (g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        {
          /* a linked scenario file is looked at (its read is confined);
           * a linked folder is not entered */
          if (g_str_has_suffix (p, ".ini"))
            g_ptr_array_add (out, g_steal_pointer (&p));
        }
      else if (g_file_test (p, G_FILE_TEST_IS_DIR))
        {
          if (depth < MAX_FOLDER_DEPTH)
            scan (p, depth + 1, out);
        }
      else if (g_str_has_suffix (p, ".ini"))
        g_ptr_array_add (out, g_steal_pointer (&p));
    }
}

SvCatalog *
sv_catalog_new (const char *const *paths, GError **error)
{
  SvCatalog *c = g_new0 (SvCatalog, 1);
  c->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  c->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv) embedded = pks_embedded_scenarios ();
  const char *prefix = "resource:///se/pks/scenarios/";
  for (guint i = 0; embedded[i]; i++)
    {
      g_autoptr (PksDiags) diags = NULL;
      SvEntry *e = entry_load (embedded[i] + strlen (prefix), embedded[i], NULL, &diags, error);
      if (e == NULL)
        {
          /* the embedded files are checked by the tests: this is a bug */
          if (diags)
            print_diags (diags);
          g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED, "%s: the embedded scenario does not load",
                       embedded[i]);
          sv_catalog_free (c);
          return NULL;
        }
      add (c, e);
      if (strcmp (embedded[i], PKS_DEFAULT_SCENARIO) == 0)
        c->dflt = e;
    }
  for (guint i = 0; paths && paths[i]; i++)
    {
      g_autofree char *shown = pks_path_display (paths[i]);
      if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr (GPtrArray) inis = g_ptr_array_new_with_free_func (g_free);
          scan (paths[i], 0, inis);
          if (inis->len == 0)
            fprintf (stderr, "pks serve: %s: no scenario files (.ini) in the folder\n", shown);
          for (guint k = 0; k < inis->len; k++)
            {
              g_autoptr (PksDiags) diags = NULL;
              g_autoptr (GError) err = NULL;
              g_autofree char *id = pks_path_display (inis->pdata[k]);
              SvEntry *e = entry_load (id, inis->pdata[k], paths[i], &diags, &err);
              if (e)
                {
                  add (c, e);
                  continue;
                }
              /* a folder holds more than bases (designs, parts): say why
               * this one is not offered, and go on */
              const char *why = err ? err->message : "does not load";
              g_autofree char *first = NULL;
              for (guint d = 0; diags && d < diags->items->len && !first; d++)
                {
                  const PksDiag *x = g_ptr_array_index (diags->items, d);
                  if (x->level == PKS_DIAG_ERROR)
                    first = pks_diag_format (x);
                }
              fprintf (stderr, "pks serve: %s: not offered: %s\n", id, first ? first : why);
            }
          continue;
        }
      g_autoptr (PksDiags) diags = NULL;
      SvEntry *e = entry_load (shown, paths[i], NULL, &diags, error);
      if (e == NULL)
        {
          if (diags)
            {
              print_diags (diags);
              g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: the scenario does not load "
                           "(%u error%s above)", shown, diags->n_errors,
                           diags->n_errors == 1 ? "" : "s");
            }
          sv_catalog_free (c);
          return NULL;
        }
      print_diags (e->diags);
      add (c, e);
    }
  return c;
}

void
sv_catalog_free (SvCatalog *c)
{
  if (c == NULL)
    return;
  g_hash_table_unref (c->by_id);
  g_ptr_array_unref (c->entries);
  g_free (c);
}

SvEntry *
sv_catalog_get (SvCatalog *c, const char *id)
{
  return id ? g_hash_table_lookup (c->by_id, id) : NULL;
}

const PksModel *
sv_entry_model (SvEntry *e, GError **error)
{
  if (e->m == NULL)
    e->m = pks_model_new (e->s, error);
  return e->m;
}

SvRun *
sv_entry_find_run (SvEntry *e, guint64 seed, guint n_reps)
{
  for (guint i = 0; i < e->runs->len; i++)
    {
      SvRun *r = g_ptr_array_index (e->runs, i);
      if (r->seed == seed && r->n_reps == n_reps)
        {
          /* most recently used last; the caller's own reference */
          g_ptr_array_steal_index (e->runs, i);
          g_ptr_array_add (e->runs, r);
          return sv_run_ref (r);
        }
    }
  return NULL;
}

void
sv_entry_keep_run (SvEntry *e, SvRun *r)
{
  g_ptr_array_add (e->runs, sv_run_ref (r));
  while (e->runs->len > MAX_RUNS)
    g_ptr_array_remove_index (e->runs, 0);
}
