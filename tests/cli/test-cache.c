/* test-cache.c — pks compare's base cache (sim/exp/cache.c) through the
 * real command: a second comparison against the same base reads the
 * base's replications instead of simulating them, says so, and writes
 * byte for byte what a comparison without the cache writes; any change
 * to what the base's results depend on (a file's bytes, --set, the seed,
 * the replications, the outputs kept) is a different entry; a damaged
 * entry is said and simulated again; a cache that cannot be written is
 * said and the comparison goes on. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define HIT "lästes ur cachen"

static char *cache_dir;

static char *
example (const char *name)
{
  return g_build_filename (tu_source_root (), "scenarios", "examples", name, NULL);
}

/* Entries in the cache folder. */
static guint
entries (void)
{
  guint n = 0;
  g_autoptr (GDir) d = g_dir_open (cache_dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    n += g_str_has_suffix (name, ".pksbase");
  return n;
}

/* The only entry's path. */
static char *
entry_path (void)
{
  g_autoptr (GDir) d = g_dir_open (cache_dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  char *path = NULL;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".pksbase"))
      {
        g_assert_null (path);
        path = g_build_filename (cache_dir, name, NULL);
      }
  g_assert_nonnull (path);
  return path;
}

static void
empty_cache (void)
{
  tu_rm_rf (cache_dir);
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
}

/* Every file of folder a is in b with the same bytes (run.json aside: it
 * carries the time of the run). */
static void
assert_same_tree (const char *a, const char *b)
{
  g_autoptr (GDir) d = g_dir_open (a, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      if (g_file_test (pa, G_FILE_TEST_IS_DIR))
        {
          assert_same_tree (pa, pb);
          continue;
        }
      if (strcmp (name, "run.json") == 0)
        continue;
      g_autofree char *x = NULL, *y = NULL;
      gsize nx = 0, ny = 0;
      g_assert_true (g_file_get_contents (pa, &x, &nx, NULL));
      g_assert_true (g_file_get_contents (pb, &y, &ny, NULL));
      if (nx != ny || memcmp (x, y, nx) != 0)
        g_error ("%s and %s differ", pa, pb);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* pks compare of the small region and a plan, 3 replications, with outputs
 * in out (NULL: none) and any further arguments. */
static TuResult
compare (const char *plan_name, const char *out, ...)
{
  g_autofree char *base = example ("small-region.ini");
  g_autofree char *plan = example (plan_name);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *head[] = { tu_pks_bin (), "compare", base, plan, "-r", "3", "-t", "2" };
  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    g_ptr_array_add (argv, (char *) head[i]);
  if (out)
    {
      g_ptr_array_add (argv, "--out");
      g_ptr_array_add (argv, (char *) out);
    }
  va_list ap;
  va_start (ap, out);
  const char *a;
  while ((a = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  TuResult r = tu_spawn ((const char *const *) argv->pdata, NULL, NULL, NULL);
  if (r.status != 0)
    g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  return r;
}

/* The second comparison reads the base and says so; the table and every
 * output are those of the first, of one without the cache and of one on
 * another thread count; a plan changed against the same base also reads
 * it; -q says nothing. */
static void
test_same_bytes (void)
{
  empty_cache ();
  g_autofree char *d = tu_tmpdir ("pks-cache");
  g_autofree char *o1 = g_build_filename (d, "cold", NULL);
  g_autofree char *o2 = g_build_filename (d, "warm", NULL);
  g_autofree char *o3 = g_build_filename (d, "off", NULL);
  TuResult cold = compare ("small-plan-beds.ini", o1, "--details", "--by-flow", NULL);
  g_assert_null (strstr (cold.err, HIT));
  g_assert_cmpuint (entries (), ==, 1);
  TuResult warm = compare ("small-plan-beds.ini", o2, "--details", "--by-flow", NULL);
  g_assert_nonnull (strstr (warm.err, HIT));
  g_assert_nonnull (strstr (warm.err, "Basens 3 replikeringar"));
  g_assert_nonnull (strstr (warm.err, "--no-cache"));
  g_assert_cmpstr (warm.out, ==, cold.out);
  assert_same_tree (o1, o2);
  TuResult off = compare ("small-plan-beds.ini", o3, "--details", "--by-flow", "--no-cache",
                          "-t", "1", NULL);
  g_assert_null (strstr (off.err, HIT));
  g_assert_cmpstr (off.out, ==, cold.out);
  assert_same_tree (o1, o3);
  g_assert_cmpuint (entries (), ==, 1);
  /* another plan against the same base reads the same entry */
  TuResult other = compare ("small-plan-no-overcrowding.ini", NULL, NULL);
  TuResult other_off = compare ("small-plan-no-overcrowding.ini", NULL, "--no-cache", NULL);
  g_assert_cmpuint (entries (), ==, 2);   /* no outputs: an entry of its own */
  TuResult other2 = compare ("small-plan-no-overcrowding.ini", NULL, "--lang", "en", NULL);
  g_assert_nonnull (strstr (other2.err, "The base's 3 replications were read from the cache"));
  g_assert_cmpstr (other.out, ==, other_off.out);
  TuResult quiet = compare ("small-plan-no-overcrowding.ini", NULL, "-q", NULL);
  g_assert_cmpstr (quiet.err, ==, "");
  tu_result_clear (&cold);
  tu_result_clear (&warm);
  tu_result_clear (&off);
  tu_result_clear (&other);
  tu_result_clear (&other_off);
  tu_result_clear (&other2);
  tu_result_clear (&quiet);
  tu_rm_rf (d);
}

/* Copy the small region's files into dir (the .ini and small/). */
static void
copy_region (const char *dir)
{
  const char *files[] = { "small-region.ini", "small-plan-beds.ini", "small/units.csv",
                          "small/flows.csv", "small/plan-beds-changes.csv" };
  g_autofree char *sub = g_build_filename (dir, "small", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = example (files[i]);
      g_autofree char *dst = g_build_filename (dir, files[i], NULL);
      g_autofree char *text = NULL;
      gsize n = 0;
      g_assert_true (g_file_get_contents (src, &text, &n, NULL));
      g_assert_true (g_file_set_contents (dst, text, (gssize) n, NULL));
    }
}

/* pks compare of the copied region's base and plan, 3 replications, -q
 * off: the stderr says whether the cache was read. */
static TuResult
compare_copy (const char *dir, const char *extra, const char *extra2)
{
  g_autofree char *base = g_build_filename (dir, "small-region.ini", NULL);
  g_autofree char *plan = g_build_filename (dir, "small-plan-beds.ini", NULL);
  TuResult r = tu_pks (NULL, "compare", base, plan, "-r", "3", extra, extra2, NULL);
  g_assert_cmpint (r.status, ==, 0);
  return r;
}

/* Whatever the base's results depend on names its entry: a byte of one
 * of its tables, --set, --seed, -r; the plan's own files do not. */
static void
test_key (void)
{
  empty_cache ();
  g_autofree char *d = tu_tmpdir ("pks-cache-key");
  copy_region (d);
  TuResult a = compare_copy (d, NULL, NULL);
  TuResult b = compare_copy (d, NULL, NULL);
  g_assert_nonnull (strstr (b.err, HIT));
  /* the plan's own table changed: the base is the same */
  g_autofree char *pc = g_build_filename (d, "small", "plan-beds-changes.csv", NULL);
  g_autofree char *ptext = tu_slurp (d, "small/plan-beds-changes.csv");
  g_autofree char *ptext2 = g_strconcat (ptext, "\n", NULL);
  g_assert_true (g_file_set_contents (pc, ptext2, -1, NULL));
  TuResult c = compare_copy (d, NULL, NULL);
  g_assert_nonnull (strstr (c.err, HIT));
  g_assert_cmpuint (entries (), ==, 1);
  /* one staffed bed fewer on the base's first unit: a new entry, other results */
  g_autofree char *uc = g_build_filename (d, "small", "units.csv", NULL);
  g_autofree char *units = tu_slurp (d, "small/units.csv");
  g_auto (GStrv) lines = g_strsplit (units, "\n", -1);
  g_auto (GStrv) cells = g_strsplit (lines[1], ",", -1);
  g_test_message ("units.csv row 1: %s", lines[1]);
  /* the staffed beds column (the header names it) */
  g_auto (GStrv) head = g_strsplit (lines[0], ",", -1);
  guint col = 0;
  while (head[col] && strcmp (g_strstrip (head[col]), "staffed_beds") != 0)
    col++;
  g_assert_nonnull (head[col]);
  g_autofree char *more = g_strdup_printf ("%d", atoi (cells[col]) - 1);
  g_free (cells[col]);
  cells[col] = g_steal_pointer (&more);
  g_free (lines[1]);
  lines[1] = g_strjoinv (",", cells);
  g_autofree char *units2 = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (uc, units2, -1, NULL));
  TuResult e = compare_copy (d, NULL, NULL);
  g_assert_null (strstr (e.err, HIT));
  g_assert_cmpstr (e.out, !=, a.out);
  g_assert_cmpuint (entries (), ==, 2);
  TuResult f = compare_copy (d, "--set", "policy.overcrowding=1");
  g_assert_null (strstr (f.err, HIT));
  TuResult g = compare_copy (d, "--seed", "7");
  g_assert_null (strstr (g.err, HIT));
  TuResult h = compare_copy (d, "-r", "2");
  g_assert_null (strstr (h.err, HIT));
  g_assert_cmpuint (entries (), ==, 5);
  /* and each of them is read back the second time */
  TuResult g2 = compare_copy (d, "--seed", "7");
  g_assert_nonnull (strstr (g2.err, HIT));
  g_assert_cmpstr (g2.out, ==, g.out);
  TuResult *all[] = { &a, &b, &c, &e, &f, &g, &h, &g2 };
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    tu_result_clear (all[i]);
  tu_rm_rf (d);
}

/* A cut-short entry is said, the base simulated again with the same
 * results, and the entry written anew; a cache folder that cannot be
 * made is said and the comparison goes on; PKS_NO_CACHE=1 writes none. */
static void
test_damaged_and_unwritable (void)
{
  empty_cache ();
  TuResult a = compare ("small-plan-beds.ini", NULL, NULL);
  g_autofree char *path = entry_path ();
  g_autofree char *data = NULL;
  gsize n = 0;
  g_assert_true (g_file_get_contents (path, &data, &n, NULL));
  g_assert_true (g_file_set_contents (path, data, (gssize) (n - 100), NULL));
  TuResult b = compare ("small-plan-beds.ini", NULL, NULL);
  g_assert_null (strstr (b.err, HIT));
  g_assert_nonnull (strstr (b.err, "går inte att använda"));
  g_assert_nonnull (strstr (b.err, "avbruten skrivning"));
  g_assert_cmpstr (b.out, ==, a.out);
  TuResult c = compare ("small-plan-beds.ini", NULL, NULL);
  g_assert_nonnull (strstr (c.err, HIT));
  g_assert_cmpstr (c.out, ==, a.out);
  /* sizes inside a result damaged, the file's length right: the first
   * result's entity count (4 bytes after its index) made huge, then its
   * flags (the sixth guint32) made unknown. The header is 72 bytes
   * (cache.c's Header: magic, version, key, replications, flags, time,
   * length). Each is said and the base simulated again. */
  for (guint k = 0; k < 2; k++)
    {
      g_free (data);
      g_assert_true (g_file_get_contents (path, &data, &n, NULL));
      g_assert_true (n > 100 && memcmp (data, "PKSBASE\n", 8) == 0);
      memset (data + 72 + (k == 0 ? 4 : 20), 0xff, 4);
      g_assert_true (g_file_set_contents (path, data, (gssize) n, NULL));
      TuResult d = compare ("small-plan-beds.ini", NULL, NULL);
      g_assert_null (strstr (d.err, HIT));
      g_assert_nonnull (strstr (d.err, "passar inte basens modell"));
      g_assert_cmpstr (d.out, ==, a.out);
      tu_result_clear (&d);
    }

  /* the cache folder's place is taken by a file */
  g_autofree char *d = tu_tmpdir ("pks-cache-file");
  g_autofree char *file = g_build_filename (d, "not-a-folder", NULL);
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_setenv ("PKS_CACHE_DIR", file, TRUE);
  TuResult e = compare ("small-plan-beds.ini", NULL, NULL);
  g_assert_nonnull (strstr (e.err, "sparades inte"));
  g_assert_cmpstr (e.out, ==, a.out);
  g_setenv ("PKS_CACHE_DIR", cache_dir, TRUE);

  empty_cache ();
  g_setenv ("PKS_NO_CACHE", "1", TRUE);
  TuResult f = compare ("small-plan-beds.ini", NULL, NULL);
  g_unsetenv ("PKS_NO_CACHE");
  g_assert_cmpuint (entries (), ==, 0);
  g_assert_cmpstr (f.out, ==, a.out);
  TuResult *all[] = { &a, &b, &c, &e, &f };
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    tu_result_clear (all[i]);
  tu_rm_rf (d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* the suite runs with the cache off (tests/meson.build); this test
   * turns it on, in a folder of its own */
  g_unsetenv ("PKS_NO_CACHE");
  cache_dir = tu_tmpdir ("pks-cache-dir");
  g_setenv ("PKS_CACHE_DIR", cache_dir, TRUE);
  g_test_add_func ("/compare/cache/same-bytes", test_same_bytes);
  g_test_add_func ("/compare/cache/key", test_key);
  g_test_add_func ("/compare/cache/damaged-and-unwritable", test_damaged_and_unwritable);
  int status = g_test_run ();
  tu_rm_rf (cache_dir);
  g_free (cache_dir);
  return status;
}
