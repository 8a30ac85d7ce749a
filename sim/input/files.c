/* files.c — every input file a load reads, kept by canonical path. The
 * cache lets MPI ranks and fuzzers load from memory, and makes the
 * embedded scenarios (resource://…, compiled in with GResource) read like
 * files on disk. */
#include "pks/input/load.h"
#include "pks/core/error.h"
#include "input-internal.h"
/* the embedded scenario files, under /se/pks/scenarios: the resource
 * bundle scenarios/meson.build makes, and its generated header */
#include "pks-scenarios.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#define RESOURCE_PREFIX "resource://"

struct _PksFiles {
  GHashTable *by_path;   /* char* -> GBytes* */
  GPtrArray *order;      /* char*, first-read order */
  GMutex lock;           /* sweep workers load design points concurrently */
  gboolean sealed;       /* never read the disk: only added (on MPI ranks: every
                            file rank 0 read) and embedded files */
  char *root;            /* when set (pks serve), read from disk only files whose
                            real path (links resolved) lies inside this folder */
};

/* Set on MPI ranks other than 0 to rank 0's working directory, so that
 * relative paths name the same cache entries there. NULL: the process's. */
static char *workdir_override;

void
pks_files_set_workdir (const char *dir)
{
  g_free (workdir_override);
  workdir_override = g_strdup (dir);
}

char *
pks_path_workdir (void)
{
  return workdir_override ? g_strdup (workdir_override) : g_get_current_dir ();
}

PksFiles *
pks_files_new (void)
{
  PksFiles *f = g_new0 (PksFiles, 1);
  f->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  f->order = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&f->lock);
  return f;
}

void
pks_files_seal (PksFiles *f)
{
  g_mutex_lock (&f->lock);
  f->sealed = TRUE;
  g_mutex_unlock (&f->lock);
}

void
pks_files_free (PksFiles *f)
{
  if (f == NULL)
    return;
  g_hash_table_unref (f->by_path);
  g_ptr_array_unref (f->order);
  g_free (f->root);
  g_mutex_clear (&f->lock);
  g_free (f);
}

void
pks_files_add (PksFiles *f, const char *path, GBytes *data)
{
  g_autofree char *key = pks_path_canonical (path);
  g_mutex_lock (&f->lock);
  if (!g_hash_table_contains (f->by_path, key))
    g_ptr_array_add (f->order, g_strdup (key));
  g_hash_table_replace (f->by_path, g_steal_pointer (&key), g_bytes_ref (data));
  g_mutex_unlock (&f->lock);
}

gboolean
pks_files_confine (PksFiles *f, const char *dir, GError **error)
{
  g_autofree char *canon = pks_path_canonical (dir);
  char *real = realpath (canon, NULL);
  if (real == NULL || !g_file_test (real, G_FILE_TEST_IS_DIR))
    {
      int e = errno;
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: %s", dir,
                   real ? "is not a folder" : g_strerror (e));
      free (real);
      return FALSE;
    }
  g_mutex_lock (&f->lock);
  g_free (f->root);
  f->root = g_strdup (real);
  g_mutex_unlock (&f->lock);
  free (real);
  return TRUE;
}

/* Whether the file at key (canonical) lies inside root once every link
 * on the way is resolved: a link inside the folder that points out of it
 * is outside. A file that does not exist is left to the read's message. */
static gboolean
inside_root (const char *root, const char *key)
{
  char *real = realpath (key, NULL);
  if (real == NULL)
    return errno == ENOENT || errno == ENOTDIR ? g_str_has_prefix (key, root) : FALSE;
  gsize n = strlen (root);
  gboolean in = strncmp (real, root, n) == 0 && (real[n] == '/' || (n == 1 && root[0] == '/'));
  free (real);
  return in;
}

GPtrArray *
pks_files_paths (PksFiles *f)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < f->order->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (f->order, i));
  return out;
}

gboolean
pks_path_is_resource (const char *path)
{
  return g_str_has_prefix (path, RESOURCE_PREFIX);
}

char *
pks_path_canonical (const char *path)
{
  if (pks_path_is_resource (path))
    {
      g_autofree char *inner = g_canonicalize_filename (path + strlen (RESOURCE_PREFIX), "/");
      return g_strconcat (RESOURCE_PREFIX, inner, NULL);
    }
  g_autofree char *wd = workdir_override ? g_strdup (workdir_override) : NULL;
  return g_canonicalize_filename (path, wd);
}

char *
pks_path_resolve (const char *dir, const char *rel)
{
  if (g_path_is_absolute (rel) || pks_path_is_resource (rel) || dir == NULL)
    return g_strdup (rel);
  if (pks_path_is_resource (dir))
    {
      g_autofree char *inner = g_canonicalize_filename (rel, dir + strlen (RESOURCE_PREFIX));
      return g_strconcat (RESOURCE_PREFIX, inner, NULL);
    }
  if (strcmp (dir, ".") == 0)
    return g_strdup (rel);
  return g_build_filename (dir, rel, NULL);
}

char *
pks_path_dirname (const char *path)
{
  if (pks_path_is_resource (path))
    {
      g_autofree char *inner = g_path_get_dirname (path + strlen (RESOURCE_PREFIX));
      return g_strconcat (RESOURCE_PREFIX, inner, NULL);
    }
  return g_path_get_dirname (path);
}

static GBytes *
read_resource (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  /* looked up in our own bundle by name, which also keeps the generated
   * resource object linked in from the static library */
  GBytes *b = g_resource_lookup_data (pks_embedded_get_resource (),
                                      path + strlen (RESOURCE_PREFIX),
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &local);
  if (b == NULL)
    g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                 "%s: no such embedded file", path);
  return b;
}

/* Read a regular file from disk. Anything else is refused before a byte
 * is read: a directory, and also a FIFO, device or socket, where a read
 * could block for ever (a FIFO with no writer) or never end (/dev/zero).
 * The file is opened without blocking and checked through its descriptor,
 * so what is checked is what is read. Files above PKS_MAX_INPUT_BYTES are
 * refused from their size: scenario tables are summaries, and a larger
 * file is almost surely a wrong export (docs/robustness.md). */
static GBytes *
read_disk (const char *key, const char *shown, GError **error)
{
  int fd = open (key, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: cannot read: %s", shown,
                   e == ENOENT ? "no such file" : g_strerror (e));
      return NULL;
    }
  struct stat st;
  const char *refuse = NULL;
  if (fstat (fd, &st) != 0)
    refuse = g_strerror (errno);
  else if (S_ISDIR (st.st_mode))
    refuse = "is a directory, expected a file";
  else if (!S_ISREG (st.st_mode))
    refuse = "is not a regular file (a FIFO, device or socket); give the path of a file";
  if (refuse)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: %s", shown, refuse);
      close (fd);
      return NULL;
    }
  if (st.st_size > PKS_MAX_INPUT_BYTES)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                   "%s: the file is %.1f MB; input files are limited to %d MB (scenario "
                   "tables are summaries, normally well under 1 MB: is this a "
                   "patient-level extract or the wrong sheet?)", shown,
                   st.st_size / 1048576.0, PKS_MAX_INPUT_BYTES / 1048576);
      close (fd);
      return NULL;
    }
  /* the size may change while we read: read to the end, within the limit */
  gsize cap = (gsize) st.st_size + 1, len = 0;
  char *data = g_malloc (cap + 1);
  for (;;)
    {
      if (len == cap)
        {
          if (cap > PKS_MAX_INPUT_BYTES)
            {
              g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                           "%s: the file grew past %d MB while it was read", shown,
                           PKS_MAX_INPUT_BYTES / 1048576);
              g_free (data);
              close (fd);
              return NULL;
            }
          cap *= 2;
          data = g_realloc (data, cap + 1);
        }
      ssize_t n = read (fd, data + len, cap - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int e = errno;
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: cannot read: %s", shown,
                       g_strerror (e));
          g_free (data);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  close (fd);
  data[len] = '\0';
  return g_bytes_new_take (data, len);
}

static GBytes *
read_locked (PksFiles *f, const char *path, GError **error)
{
  g_autofree char *key = pks_path_canonical (path);
  GBytes *cached = g_hash_table_lookup (f->by_path, key);
  if (cached)
    return g_bytes_ref (cached);
  GBytes *b;
  if (pks_path_is_resource (key))
    {
      b = read_resource (key, error);
      if (b == NULL)
        return NULL;
    }
  else
    {
      if (f->sealed)
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "%s: cannot read: no such file", path);
          return NULL;
        }
      if (f->root && !inside_root (f->root, key))
        {
          g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT,
                       "%s: cannot read: outside the served folder %s (links followed)", path,
                       f->root);
          return NULL;
        }
      b = read_disk (key, path, error);
      if (b == NULL)
        return NULL;
    }
  g_ptr_array_add (f->order, g_strdup (key));
  g_hash_table_insert (f->by_path, g_steal_pointer (&key), g_bytes_ref (b));
  return b;
}

/* Thread-safe: design points are loaded by worker threads. The lock is
 * held across a disk read too; loads after the first hit the cache. */
GBytes *
pks_files_read (PksFiles *f, const char *path, GError **error)
{
  g_mutex_lock (&f->lock);
  GBytes *b = read_locked (f, path, error);
  g_mutex_unlock (&f->lock);
  return b;
}

/* Every .ini of the embedded bundle below folder (recursively), sorted. */
static void
list_embedded (const char *folder, GPtrArray *out)
{
  g_auto (GStrv) names = g_resource_enumerate_children (pks_embedded_get_resource (), folder,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *p = g_strconcat (folder, names[i], NULL);
      if (g_str_has_suffix (names[i], "/"))
        list_embedded (p, out);
      else if (g_str_has_suffix (names[i], ".ini"))
        g_ptr_array_add (out, g_strconcat (RESOURCE_PREFIX, p, NULL));
    }
}

static int
cmp_path (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
pks_embedded_scenarios (void)
{
  GPtrArray *out = g_ptr_array_new ();
  list_embedded ("/se/pks/scenarios/", out);
  g_ptr_array_sort (out, cmp_path);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

char *
pks_path_display (const char *path_in)
{
  /* canonical first, so that a cycle through "sub/../a.ini" reads as a.ini */
  g_autofree char *path = pks_path_canonical (path_in);
  if (pks_path_is_resource (path))
    {
      const char *p = path + strlen (RESOURCE_PREFIX "/se/pks/");
      return g_strdup_printf ("(embedded) %s", p);
    }
  if (!g_path_is_absolute (path))
    return g_strdup (path);
  g_autofree char *cwd = pks_path_workdir ();
  gsize n = strlen (cwd);
  if (strncmp (path, cwd, n) == 0 && path[n] == '/')
    return g_strdup (path + n + 1);
  return g_strdup (path);
}
