/* rng.c — keyed stream seeding. A stream's state comes from SplitMix64
 * applied to a key that mixes (seed, replication, name hash), so streams
 * are independent of creation order (Vigna's recommended seeding for
 * xoshiro: never seed it with raw, correlated words). */
#include "pks/core/rng.h"

static inline guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static inline guint64
mix (guint64 x)
{
  return splitmix64 (&x);
}

guint64
pks_rng_hash_name (const char *name)
{
  guint64 h = 0xcbf29ce484222325ull;   /* FNV-1a offset basis */
  for (const unsigned char *p = (const unsigned char *) name; *p; p++)
    {
      h ^= *p;
      h *= 0x100000001b3ull;
    }
  return mix (h);
}

void
pks_rng_init (PksRng *rng, guint64 key)
{
  guint64 x = key;
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
  /* all-zero state is the one forbidden state of xoshiro */
  if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
    rng->s[0] = 1;
}

void
pks_rng_init_hashed (PksRng *rng, guint64 seed, guint64 replication, guint64 name_hash)
{
  guint64 key = mix (seed ^ mix (replication + 0x632be59bd9b4e019ull)) ^ name_hash;
  pks_rng_init (rng, mix (key));
}

void
pks_rng_init_keyed (PksRng *rng, guint64 seed, guint64 replication, const char *name)
{
  pks_rng_init_hashed (rng, seed, replication, pks_rng_hash_name (name));
}

guint64
pks_rng_below (PksRng *r, guint64 n)
{
  g_return_val_if_fail (n > 0, 0);
  /* Lemire's nearly-divisionless method on 128-bit products */
  unsigned __int128 m = (unsigned __int128) pks_rng_next (r) * n;
  guint64 l = (guint64) m;
  if (l < n)
    {
      guint64 t = -n % n;
      while (l < t)
        {
          m = (unsigned __int128) pks_rng_next (r) * n;
          l = (guint64) m;
        }
    }
  return (guint64) (m >> 64);
}
