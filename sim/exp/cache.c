/* cache.c — the base's replications on disk between runs of pks compare.
 *
 * An entry is named by a SHA-256 over everything the base's results
 * depend on: the GNU build IDs of the program and of every library it has
 * loaded (libm's log and exp are part of the arithmetic), the bytes and
 * paths of every file the base's load read, the --set overrides, the seed,
 * the replications and which arrays are kept. Same key, same results, bit
 * for bit (docs/architecture.md, "Reproducibility"); anything else is a
 * different entry. A binary without a build ID is never cached.
 *
 * File: "PKSBASE\n", version (guint32), the key (32 bytes), replications
 * and flags (guint32 each), the time written (gint64, Unix seconds), the
 * payload's length (guint64), then the replications packed as MPI ranks
 * send them (pack.c), in order. An entry is checked whole before it is
 * used: header, key, length, every result's sizes against the model. */
/* dl_iterate_phdr and struct dl_phdr_info (link.h) are GNU extensions */
#define _GNU_SOURCE
#include "pks/exp/cache.h"
#include "pks/core/error.h"
#include "pks/model/balance.h"
#include "sched-internal.h"

#include <elf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <link.h>
#include <string.h>
#include <utime.h>

#define MAGIC "PKSBASE\n"
#define VERSION 1u
#define KEY_LEN 32

enum { FLAG_DAILY = 1, FLAG_MONTHLY = 2 };

struct _PksBaseCache {
  guint8 key[KEY_LEN];
  char *dir, *path;
  guint n_reps;
  guint32 flags;
  gint64 written;            /* of the entry loaded, Unix seconds */
};

typedef struct {
  GChecksum *sum;
  guint objects, with_id;
  gboolean main_has_id;
} IdWalk;

/* One loaded object's GNU build ID into the key. The first object
 * dl_iterate_phdr reports is the program itself. */
static int
add_build_id (struct dl_phdr_info *info, size_t size, void *data)
{
  (void) size;
  IdWalk *w = data;
  gboolean found = FALSE;
  for (ElfW (Half) i = 0; i < info->dlpi_phnum && !found; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      if (ph->p_type != PT_NOTE)
        continue;
      const guint8 *p = (const guint8 *) (info->dlpi_addr + ph->p_vaddr);
      const guint8 *end = p + ph->p_memsz;
      while (p + sizeof (ElfW (Nhdr)) <= end)
        {
          const ElfW (Nhdr) *n = (const ElfW (Nhdr) *) p;
          const guint8 *name = p + sizeof *n;
          const guint8 *desc = name + ((n->n_namesz + 3u) & ~3u);
          if (desc + n->n_descsz > end)
            break;
          if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp (name, "GNU", 4) == 0)
            {
              g_checksum_update (w->sum, desc, n->n_descsz);
              found = TRUE;
              break;
            }
          p = desc + ((n->n_descsz + 3u) & ~3u);
        }
    }
  if (w->objects == 0)
    w->main_has_id = found;
  w->objects++;
  w->with_id += found;
  return 0;
}

static void
sum_u64 (GChecksum *s, guint64 v)
{
  g_checksum_update (s, (const guchar *) &v, sizeof v);
}

static void
sum_str (GChecksum *s, const char *t)
{
  g_checksum_update (s, (const guchar *) t, (gssize) strlen (t) + 1);
}

/* The folder: PKS_CACHE_DIR, or the user's cache folder's pks/. */
static char *
cache_dir (void)
{
  const char *env = g_getenv ("PKS_CACHE_DIR");
  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_cache_dir (), "pks", NULL);
}

PksBaseCache *
pks_base_cache_new (const PksBaseKey *k)
{
  const char *off = g_getenv ("PKS_NO_CACHE");
  if (off && *off && strcmp (off, "0") != 0)
    return NULL;
  /* one process only (an MPI job's ranks would each have to agree on a
   * hit), and not under the scheduler's test hooks, which fail or slow
   * the tasks a hit would skip */
  if (pks_sched_size () != 1 || pks_sched_test_hook (0) != 0 || pks_sched_slow_hook (0))
    return NULL;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sum_str (sum, "pks base cache");
  sum_u64 (sum, VERSION);
  IdWalk w = { sum, 0, 0, FALSE };
  dl_iterate_phdr (add_build_id, &w);
  if (!w.main_has_id)
    return NULL;
  sum_u64 (sum, w.objects);
  sum_u64 (sum, w.with_id);
  sum_u64 (sum, k->seed);
  sum_u64 (sum, k->n_reps);
  guint32 flags = (k->keep_daily ? FLAG_DAILY : 0) | (k->keep_monthly ? FLAG_MONTHLY : 0);
  sum_u64 (sum, flags);
  for (guint i = 0; k->sets && k->sets[i]; i++)
    sum_str (sum, k->sets[i]);
  sum_str (sum, "files");
  g_autoptr (GPtrArray) paths = pks_files_paths (k->files);
  if (k->n_files > paths->len)
    return NULL;
  for (guint i = 0; i < k->n_files; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr (GBytes) b = pks_files_read (k->files, path, NULL);
      if (b == NULL)
        return NULL;
      gsize n;
      const guchar *d = g_bytes_get_data (b, &n);
      sum_str (sum, path);
      sum_u64 (sum, n);
      g_checksum_update (sum, d, (gssize) n);
    }
  PksBaseCache *c = g_new0 (PksBaseCache, 1);
  gsize len = KEY_LEN;
  g_checksum_get_digest (sum, c->key, &len);
  c->dir = cache_dir ();
  g_autofree char *name = g_strconcat (g_checksum_get_string (sum), ".pksbase", NULL);
  c->path = g_build_filename (c->dir, name, NULL);
  c->n_reps = k->n_reps;
  c->flags = flags;
  return c;
}

void
pks_base_cache_free (PksBaseCache *c)
{
  if (c == NULL)
    return;
  g_free (c->dir);
  g_free (c->path);
  g_free (c);
}

const char *
pks_base_cache_path (const PksBaseCache *c)
{
  return c->path;
}

GDateTime *
pks_base_cache_written (const PksBaseCache *c)
{
  return g_date_time_new_from_unix_local (c->written);
}

typedef struct {
  char magic[8];
  guint32 version;
  guint8 key[KEY_LEN];
  guint32 n_reps, flags;
  gint64 written;
  guint64 payload;
} Header;

/* Whether r has the sizes and arrays a result of m would have (the census
 * time distribution's levels are the replication's own: pack.c checked
 * that its bytes are there). */
static gboolean
fits (const PksRepResult *r, const PksRepResult *like)
{
  return r->n_entities == like->n_entities && r->n_units == like->n_units
         && r->n_days == like->n_days && r->n_months == like->n_months
         && r->n_bounds == like->n_bounds && !r->census == !like->census
         && !r->monthly == !like->monthly && (r->census || !r->census_time);
}

#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))

PksRepResult **
pks_base_cache_load (PksBaseCache *c, const PksModel *m, PksLang lang, char **why)
{
  *why = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (c->path, &data, &len, &err))
    {
      if (!g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        *why = g_strdup (err->message);
      return NULL;
    }
  Header h;
  if (len < sizeof h)
    {
      *why = g_strdup_printf (L (lang, "%s: %zu byte, kortare än filhuvudet",
                                 "%s: %zu bytes, shorter than its header"), c->path, len);
      return NULL;
    }
  memcpy (&h, data, sizeof h);
  if (memcmp (h.magic, MAGIC, 8) != 0 || h.version != VERSION
      || memcmp (h.key, c->key, KEY_LEN) != 0 || h.n_reps != c->n_reps || h.flags != c->flags)
    {
      *why = g_strdup_printf (L (lang, "%s: inte en post av den här versionen för den här basen",
                                 "%s: not an entry of this version for this base"), c->path);
      return NULL;
    }
  if (h.payload != len - sizeof h)
    {
      *why = g_strdup_printf (L (lang, "%s: %" G_GUINT64_FORMAT " byte resultat väntades, %zu "
                                 "fanns (avbruten skrivning?)",
                                 "%s: %" G_GUINT64_FORMAT " bytes of results expected, %zu found "
                                 "(cut short?)"), c->path, h.payload, len - sizeof h);
      return NULL;
    }
  g_autoptr (PksRepResult) like = pks_rep_result_new_with (m, (c->flags & FLAG_DAILY) != 0,
                                                           (c->flags & FLAG_MONTHLY) != 0);
  PksRepResult **res = g_new0 (PksRepResult *, MAX (1u, c->n_reps));
  const guint8 *p = (const guint8 *) data + sizeof h, *end = (const guint8 *) data + len;
  for (guint i = 0; i < c->n_reps; i++)
    {
      guint index = 0;
      p = pks_rep_result_unpack (p, end, &index, &res[i]);
      if (p == NULL || index != i || !fits (res[i], like))
        {
          *why = g_strdup_printf (L (lang, "%s: replikering %u passar inte basens modell",
                                     "%s: replication %u does not fit this base's model"),
                                  c->path, i + 1);
          pks_rep_results_free (res, c->n_reps);
          return NULL;
        }
    }
  if (p != end)
    {
      *why = g_strdup_printf (L (lang, "%s: byte efter sista replikeringen",
                                 "%s: bytes after the last replication"), c->path);
      pks_rep_results_free (res, c->n_reps);
      return NULL;
    }
  c->written = h.written;
  /* used now: the last to be removed when the folder is trimmed */
  g_utime (c->path, NULL);
  return res;
}

typedef struct {
  char *path;
  gint64 used;
  goffset size;
} Entry;

static gint
by_use (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;
  return x->used < y->used ? -1 : x->used > y->used;
}

/* Remove the least recently used entries until the folder's entries take
 * at most PKS_BASE_CACHE_MAX_BYTES; keep is never removed. */
static void
trim (const char *dir, const char *keep)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return;
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (Entry));
  guint64 total = 0;
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      if (!g_str_has_suffix (name, ".pksbase"))
        continue;
      Entry e = { g_build_filename (dir, name, NULL), 0, 0 };
      GStatBuf st;
      if (g_stat (e.path, &st) != 0)
        {
          g_free (e.path);
          continue;
        }
      e.used = st.st_mtime;
      e.size = st.st_size;
      total += (guint64) e.size;
      g_array_append_val (all, e);
    }
  g_array_sort (all, by_use);
  for (guint i = 0; i < all->len; i++)
    {
      Entry *e = &g_array_index (all, Entry, i);
      if (total > PKS_BASE_CACHE_MAX_BYTES && strcmp (e->path, keep) != 0
          && g_unlink (e->path) == 0)
        total -= (guint64) e->size;
      g_free (e->path);
    }
}

gboolean
pks_base_cache_store (PksBaseCache *c, PksRepResult *const *results, GError **error)
{
  if (g_mkdir_with_parents (c->dir, 0700) != 0)
    {
      int e = errno;
      g_set_error (error, PKS_ERROR, PKS_ERROR_IO, "%s: %s", c->dir, g_strerror (e));
      return FALSE;
    }
  g_autoptr (GByteArray) a = g_byte_array_new ();
  Header h = { { 0 }, VERSION, { 0 }, c->n_reps, c->flags, g_get_real_time () / G_USEC_PER_SEC,
               0 };
  memcpy (h.magic, MAGIC, 8);
  memcpy (h.key, c->key, KEY_LEN);
  g_byte_array_append (a, (const guint8 *) &h, sizeof h);
  for (guint i = 0; i < c->n_reps; i++)
    pks_rep_result_pack (a, i, results[i], (c->flags & FLAG_MONTHLY) != 0);
  h.payload = a->len - sizeof h;
  memcpy (a->data, &h, sizeof h);
  /* g_file_set_contents writes a temporary file in the folder and renames
   * it: another pks reading the entry at the same time sees all or none */
  if (!g_file_set_contents_full (c->path, (const char *) a->data, a->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  trim (c->dir, c->path);
  return TRUE;
}
