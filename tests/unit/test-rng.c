/* test-rng.c — keyed xoshiro256** streams: reference outputs, independence
 * of names/replications/seeds and of creation order, the open interval of
 * pks_rng_uniform, and unbiased pks_rng_below. */
#include "pks/pks.h"

#include <math.h>

/* The generator and the seeder against published reference outputs:
 * SplitMix64 from 0 starts 0xe220a8397b1dcdaf (Vigna's splitmix64.c), and
 * xoshiro256** from the state {1, 2, 3, 4} gives 11520, 0, 1509978240,
 * 1215971899390074240 (xoshiro256starstar.c). */
static void
test_reference (void)
{
  PksRng r = { { 1, 2, 3, 4 } };
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (11520));
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (0));
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (1509978240));
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (1215971899390074240));

  pks_rng_init (&r, 0);
  g_assert_cmpuint (r.s[0], ==, G_GUINT64_CONSTANT (0xe220a8397b1dcdaf));
  g_assert_cmpuint (r.s[1], ==, G_GUINT64_CONSTANT (0x6e789e6aa1b965f4));
  g_assert_cmpuint (r.s[2], ==, G_GUINT64_CONSTANT (0x06c45d188009454f));
  g_assert_cmpuint (r.s[3], ==, G_GUINT64_CONSTANT (0xf88bb8a8724c81ec));
}

/* Regression values for one fixed key, computed by an independent Python
 * transcription of rng.c (FNV-1a + SplitMix64 name hash, the key mixing of
 * pks_rng_init_hashed). If these change, every simulation result changes:
 * do it on purpose or not at all. */
static void
test_regression (void)
{
  g_assert_cmpuint (pks_rng_hash_name (""), ==, G_GUINT64_CONSTANT (0xc3817c016ba4ff30));
  g_assert_cmpuint (pks_rng_hash_name ("arrivals"), ==, G_GUINT64_CONSTANT (0xff296b98b6dbd2cb));

  PksRng r;
  pks_rng_init_keyed (&r, 20240101, 3, "acute/arrivals");
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (0x92f9e8b0106b832b));
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (0x407ba9b174353d16));
  g_assert_cmpuint (pks_rng_next (&r), ==, G_GUINT64_CONSTANT (0xa1845380fca9a407));

  PksRng h;
  pks_rng_init_hashed (&h, 20240101, 3, pks_rng_hash_name ("acute/arrivals"));
  pks_rng_init_keyed (&r, 20240101, 3, "acute/arrivals");
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (pks_rng_next (&h), ==, pks_rng_next (&r));
}

#define N_SEQ 256

static void
draw (PksRng *r, guint64 *out, guint n)
{
  for (guint i = 0; i < n; i++)
    out[i] = pks_rng_next (r);
}

/* A stream depends on its key only: creating other streams before, after or
 * interleaved with it, in any order, and drawing from them, changes nothing. */
static void
test_streams_order (void)
{
  static const char *const names[] = { "acute/arrivals", "acute/los", "elective/los",
                                       "theatre/duration" };
  const guint n = G_N_ELEMENTS (names);
  guint64 alone[4][N_SEQ];
  for (guint i = 0; i < n; i++)
    {
      PksRng r;
      pks_rng_init_keyed (&r, 7, 2, names[i]);
      draw (&r, alone[i], N_SEQ);
    }

  /* every permutation of creation order, draws interleaved round-robin */
  guint perm[4] = { 0, 1, 2, 3 };
  guint n_perm = 0;
  for (;;)
    {
      PksRng r[4];
      for (guint k = 0; k < n; k++)
        pks_rng_init_keyed (&r[perm[k]], 7, 2, names[perm[k]]);
      for (guint j = 0; j < N_SEQ; j++)
        for (guint k = 0; k < n; k++)
          g_assert_cmpuint (pks_rng_next (&r[perm[k]]), ==, alone[perm[k]][j]);
      n_perm++;

      /* next permutation (lexicographic) */
      int i = (int) n - 2;
      while (i >= 0 && perm[i] > perm[i + 1])
        i--;
      if (i < 0)
        break;
      int j = (int) n - 1;
      while (perm[j] < perm[i])
        j--;
      guint tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
      for (int a = i + 1, b = (int) n - 1; a < b; a++, b--)
        {
          tmp = perm[a];
          perm[a] = perm[b];
          perm[b] = tmp;
        }
    }
  g_assert_cmpuint (n_perm, ==, 24);
}

static guint
hash_u64 (gconstpointer p)
{
  guint64 v = *(const guint64 *) p;
  return (guint) (v ^ (v >> 32));
}

static gboolean
equal_u64 (gconstpointer a, gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

/* Different names, replications and seeds give different streams, and no
 * stream is a shifted copy of another: among the first 1000 outputs of 96
 * streams no 64-bit value repeats (for independent streams the chance of
 * any repeat is about 96000^2 / 2^65 < 3e-10). Keys that differ only by
 * swapping seed and replication, or by one character, are included. */
static void
test_streams_distinct (void)
{
  static const char *const names[] = { "a", "b", "ab", "ba", "", "acute/los" };
  const guint n_out = 1000;
  g_autoptr (GHashTable) seen = g_hash_table_new (hash_u64, equal_u64);
  g_autoptr (GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (guint64), 96 * n_out);
  guint n_streams = 0;

  for (guint64 seed = 0; seed < 4; seed++)
    for (guint64 rep = 0; rep < 4; rep++)
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        {
          PksRng r;
          pks_rng_init_keyed (&r, seed, rep, names[k]);
          for (guint i = 0; i < n_out; i++)
            {
              guint64 v = pks_rng_next (&r);
              g_array_append_val (all, v);
            }
          n_streams++;
        }
  g_assert_cmpuint (n_streams, ==, 96);
  for (guint i = 0; i < all->len; i++)
    {
      guint64 *v = &g_array_index (all, guint64, i);
      g_assert_false (g_hash_table_contains (seen, v));
      g_hash_table_add (seen, v);
    }
}

/* Pearson correlation of uniforms from two differently named streams of the
 * same (seed, replication): for independent streams r ≈ N(0, 1/n), so
 * |r| <= 4/sqrt(n) (4 sigma). Also for neighbouring replications of one name. */
static double
correlation (PksRng *a, PksRng *b, guint n)
{
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (guint i = 0; i < n; i++)
    {
      double x = pks_rng_uniform (a) - 0.5, y = pks_rng_uniform (b) - 0.5;
      sa += x;
      sb += y;
      saa += x * x;
      sbb += y * y;
      sab += x * y;
    }
  double cov = sab - sa * sb / n;
  return cov / sqrt ((saa - sa * sa / n) * (sbb - sb * sb / n));
}

static void
test_streams_correlation (void)
{
  const guint n = 200000;
  PksRng a, b;
  pks_rng_init_keyed (&a, 1, 0, "acute/arrivals");
  pks_rng_init_keyed (&b, 1, 0, "acute/los");
  double r = correlation (&a, &b, n);
  g_test_message ("corr(names) = %g", r);
  g_assert_cmpfloat (fabs (r), <=, 4.0 / sqrt (n));

  pks_rng_init_keyed (&a, 1, 0, "acute/los");
  pks_rng_init_keyed (&b, 1, 1, "acute/los");
  r = correlation (&a, &b, n);
  g_test_message ("corr(replications) = %g", r);
  g_assert_cmpfloat (fabs (r), <=, 4.0 / sqrt (n));

  /* lag-1 within a stream */
  pks_rng_init_keyed (&a, 1, 0, "acute/los");
  double sx = 0, sxy = 0, prev = pks_rng_uniform (&a) - 0.5;
  for (guint i = 0; i < n; i++)
    {
      double x = pks_rng_uniform (&a) - 0.5;
      sxy += prev * x;
      sx += x * x;
      prev = x;
    }
  r = sxy / sx;
  g_test_message ("lag-1 autocorrelation = %g", r);
  g_assert_cmpfloat (fabs (r), <=, 4.0 / sqrt (n));
}

/* State whose next output is 2^64 - 1 (s[1] = 9^-1 * 5^-1 rotated, found by
 * inverting the scrambler), and one whose next output is 0 (s[1] = 0). */
static void
test_uniform_open (void)
{
  PksRng top = { { 0, G_GUINT64_CONSTANT (0x4fc71c71c71c71c7), 0, 0 } };
  PksRng probe = top;
  g_assert_cmpuint (pks_rng_next (&probe), ==, G_MAXUINT64);
  double u = pks_rng_uniform (&top);
  g_assert_cmpfloat (u, <, 1.0);
  g_assert_cmpfloat (u, >, 0.999999);

  PksRng bottom = { { 1, 0, 0, 0 } };
  probe = bottom;
  g_assert_cmpuint (pks_rng_next (&probe), ==, 0);
  u = pks_rng_uniform (&bottom);
  g_assert_cmpfloat (u, >, 0.0);
  g_assert_cmpfloat (u, <, 1e-15);

  /* and a million ordinary draws, with a mean within 5 sigma of 1/2 */
  PksRng r;
  pks_rng_init_keyed (&r, 3, 0, "uniform");
  const guint n = 1000000;
  double sum = 0.0;
  for (guint i = 0; i < n; i++)
    {
      u = pks_rng_uniform (&r);
      if (!(u > 0.0 && u < 1.0))
        g_error ("uniform draw %u = %.17g outside (0, 1)", i, u);
      sum += u;
    }
  g_assert_cmpfloat (fabs (sum / n - 0.5), <=, 5.0 * sqrt (1.0 / 12.0 / n));
}

/* Chi-square over 7 equally likely values, 700 000 draws: 6 degrees of
 * freedom, critical value 27.856 at level 1e-4 (chi-square 0.9999 quantile,
 * computed with mpmath). Then n = 3·2^62, where the two classic biases are
 * gross: x mod n gives values below 2^62 with probability 1/2 instead of
 * 1/3, and a multiply-shift without Lemire's rejection step gives values
 * divisible by 3 with probability 1/2 (two of every four 64-bit inputs). */
static void
test_below_unbiased (void)
{
  PksRng r;
  pks_rng_init_keyed (&r, 11, 0, "below");
  const guint n = 700000;
  guint64 count[7] = { 0 };
  for (guint i = 0; i < n; i++)
    {
      guint64 v = pks_rng_below (&r, 7);
      g_assert_cmpuint (v, <, 7);
      count[v]++;
    }
  double chi2 = 0.0, e = n / 7.0;
  for (guint k = 0; k < 7; k++)
    chi2 += (count[k] - e) * (count[k] - e) / e;
  g_test_message ("chi2(6) = %g", chi2);
  g_assert_cmpfloat (chi2, <, 27.856);

  const guint64 big = G_GUINT64_CONSTANT (3) << 62;
  const guint m = 60000;
  guint low = 0, div3 = 0;
  for (guint i = 0; i < m; i++)
    {
      guint64 v = pks_rng_below (&r, big);
      g_assert_cmpuint (v, <, big);
      low += v < (G_GUINT64_CONSTANT (1) << 62);
      div3 += v % 3 == 0;
    }
  double p = (double) low / m, p3 = (double) div3 / m;
  g_test_message ("P(v < 2^62) = %g, P(3 | v) = %g (1/3 expected)", p, p3);
  g_assert_cmpfloat (fabs (p - 1.0 / 3.0), <=, 5.0 * sqrt (2.0 / 9.0 / m));
  g_assert_cmpfloat (fabs (p3 - 1.0 / 3.0), <=, 5.0 * sqrt (2.0 / 9.0 / m));

  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (pks_rng_below (&r, 1), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/reference", test_reference);
  g_test_add_func ("/rng/regression", test_regression);
  g_test_add_func ("/rng/streams/creation-order", test_streams_order);
  g_test_add_func ("/rng/streams/distinct", test_streams_distinct);
  g_test_add_func ("/rng/streams/independent", test_streams_correlation);
  g_test_add_func ("/rng/uniform/open-interval", test_uniform_open);
  g_test_add_func ("/rng/below/unbiased", test_below_unbiased);
  return g_test_run ();
}
