/* cache.h — the base's replications kept on disk between runs of pks
 * compare (cache.c). A meeting, or a planner trying plan after plan,
 * compares against one base again and again; its replications are the
 * same every time (same input, seed, replications and binary give the
 * same bytes), so they are simulated once and read back after. */
#ifndef PKS_EXP_CACHE_H
#define PKS_EXP_CACHE_H

#include <glib.h>
#include "pks/input/load.h"
#include "pks/model/model.h"

G_BEGIN_DECLS

/* What the base's results depend on besides the binary: the files its
 * load read (the first n_files of files, in read order: the base is
 * loaded first), the --set overrides, the seed, the replications and
 * which arrays are kept. */
typedef struct {
  PksFiles *files;
  guint n_files;
  const char *const *sets;      /* NULL-terminated, or NULL */
  guint64 seed;
  guint n_reps;
  gboolean keep_daily, keep_monthly;
} PksBaseKey;

typedef struct _PksBaseCache PksBaseCache;

/* The cache entry for key in the folder PKS_CACHE_DIR, else
 * $XDG_CACHE_HOME/pks (g_get_user_cache_dir). NULL when the cache is off
 * (PKS_NO_CACHE=1) or cannot be keyed: a binary without a GNU build ID
 * cannot tell one build from the next, so it never reuses results.
 * (transfer full) */
PksBaseCache *pks_base_cache_new (const PksBaseKey *key);
void pks_base_cache_free (PksBaseCache *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksBaseCache, pks_base_cache_free)

/* The base's replications from the cache, checked against m (sizes,
 * arrays kept): a new array of key->n_reps results (transfer full), or
 * NULL when there is no entry or it cannot be used; *why then says why
 * for an entry that exists but is damaged (NULL when there was none), in
 * lang. */
PksRepResult **pks_base_cache_load (PksBaseCache *c, const PksModel *m, PksLang lang, char **why);
/* Keep results (key->n_reps of them) for the next run: written whole to
 * a temporary file and renamed, so a reader sees all or nothing; the
 * oldest entries are removed beyond PKS_BASE_CACHE_MAX_BYTES. */
gboolean pks_base_cache_store (PksBaseCache *c, PksRepResult *const *results, GError **error);
/* The entry's file, and when it was written (local time, for messages). */
const char *pks_base_cache_path (const PksBaseCache *c);
GDateTime *pks_base_cache_written (const PksBaseCache *c);

/* Entries kept at most, in bytes, before the least recently used go. */
#define PKS_BASE_CACHE_MAX_BYTES (512u * 1024u * 1024u)

G_END_DECLS

#endif
