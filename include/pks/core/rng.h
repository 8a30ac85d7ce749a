/* rng.h — keyed random streams. Each stream is a xoshiro256** generator
 * whose state is derived by hashing (seed, replication, stream name), so a
 * stream's numbers depend on its name only, never on how many other streams
 * exist or in what order they were made (common random numbers). */
#ifndef PKS_RNG_H
#define PKS_RNG_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} PksRng;

/* 64-bit hash of a name (FNV-1a followed by a SplitMix64 finaliser). */
guint64 pks_rng_hash_name (const char *name);
/* Key a stream by (seed, replication, name). */
void pks_rng_init_keyed (PksRng *rng, guint64 seed, guint64 replication,
                         const char *name);
/* The same with the name already hashed by pks_rng_hash_name. */
void pks_rng_init_hashed (PksRng *rng, guint64 seed, guint64 replication,
                          guint64 name_hash);
/* Key a stream directly from a 64-bit key (state filled by SplitMix64). */
void pks_rng_init (PksRng *rng, guint64 key);

static inline guint64
pks_rng_rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0 (Blackman & Vigna 2018). */
static inline guint64
pks_rng_next (PksRng *r)
{
  guint64 *s = r->s;
  guint64 result = pks_rng_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = pks_rng_rotl (s[3], 45);
  return result;
}

/* Uniform on the open interval (0, 1): never 0, never 1, 53 bits. The top
 * value 2^53 - 1 plus 0.5 rounds (ties to even) to 2^53, i.e. to 1.0, so it
 * is mapped to the largest double below 1; every other value is unchanged. */
static inline double
pks_rng_uniform (PksRng *r)
{
  double u = ((double) (pks_rng_next (r) >> 11) + 0.5) * 0x1.0p-53;
  return u < 1.0 ? u : 0x1.fffffffffffffp-1;
}

/* Uniform integer in [0, n) without modulo bias (Lemire 2019). */
guint64 pks_rng_below (PksRng *r, guint64 n);

G_END_DECLS

#endif
