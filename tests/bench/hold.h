/* hold.h — the hold model (Jones, CACM 29(4), 1986) shared by the
 * benchmarks: workloads, the per-run state and a hold loop stamped out per
 * calendar implementation (bench-calendar.c says what is measured). */
#ifndef PKS_BENCH_HOLD_H
#define PKS_BENCH_HOLD_H

#include <math.h>
#include <string.h>

#include "pks/core/calendar.h"
#include "pks/core/rng.h"

typedef enum { DELAY_EXP, DELAY_UNIFORM } DelayKind;

typedef struct {
  const char *name;
  DelayKind delay;
  double p_cancel;
} Workload;

G_GNUC_UNUSED static const Workload workloads[] = {
  { "exp(1)", DELAY_EXP, 0.0 },
  { "uniform(0,2)", DELAY_UNIFORM, 0.0 },
  { "exp(1), 10% cancelled", DELAY_EXP, 0.1 },
};

G_GNUC_UNUSED static const guint sizes[] = { 10, 1000, 100000 };

/* A doomed event waiting to be cancelled at hold number `due`. */
typedef struct {
  PksEventId id;
  guint64 due;
} Doomed;

/* Everything a hold loop mutates besides the calendar itself. Two runs from
 * the same seed see the same draws, so every structure that orders by
 * (time, seq) pops the same sequence and ends with the same hash. */
typedef struct {
  PksRng rng;
  guint64 doom_below;     /* doom a push when a 64-bit draw is below this */
  guint64 lag;            /* holds between a doomed push and its cancel */
  Doomed *ring;           /* FIFO of doomed events, at most lag + 1 */
  guint64 ring_head, ring_len, ring_mask;
  guint64 hold;           /* holds done */
  guint32 next_arg;       /* numbers every push, so the hash sees order */
  guint64 hash;           /* of the popped (time, arg) sequence */
  guint64 cancelled, missed;
} State;

static inline void
state_init (State *s, const Workload *w, guint n)
{
  memset (s, 0, sizeof *s);
  pks_rng_init (&s->rng, 0x5eed0000u + n);
  s->doom_below = (guint64) (w->p_cancel * 0x1.0p64);
  s->lag = MAX (1, n / 16);
  guint64 cap = 1;
  while (cap < s->lag + 1)
    cap *= 2;
  s->ring_mask = cap - 1;
  s->ring = g_new (Doomed, cap);
  s->hash = 0xcbf29ce484222325u;
}

static inline void
state_clear (State *s)
{
  g_free (s->ring);
}

static inline double
draw_delay (PksRng *r, DelayKind k)
{
  double u = pks_rng_uniform (r);
  return k == DELAY_EXP ? -log (u) : 2.0 * u;
}

static inline void
mix (State *s, const PksEvent *ev)
{
  guint64 bits;
  memcpy (&bits, &ev->t_min, sizeof bits);
  s->hash = (s->hash ^ bits ^ ((guint64) ev->arg << 40)) * 0x100000001b3u;
}

static inline void
doom (State *s, PksEventId id)
{
  Doomed *d = &s->ring[(s->ring_head + s->ring_len++) & s->ring_mask];
  d->id = id;
  d->due = s->hold + s->lag;
}

/* The fill and hold loops, written once and stamped out per structure so
 * that each calls its own functions directly, as the simulator does. */
#define DEFINE_HOLD(pfx, Cal)                                                 \
G_GNUC_UNUSED static gpointer                                                 \
pfx##_make (void)                                                             \
{                                                                             \
  return pfx##_calendar_new ();                                               \
}                                                                             \
static void                                                                   \
pfx##_destroy (gpointer c)                                                    \
{                                                                             \
  pfx##_calendar_free (c);                                                    \
}                                                                             \
static void                                                                   \
pfx##_fill (gpointer c, const Workload *w, State *s, guint n)                 \
{                                                                             \
  for (guint i = 0; i < n; i++)                                               \
    pfx##_calendar_schedule ((Cal *) c, draw_delay (&s->rng, w->delay), 0,    \
                             s->next_arg++);                                  \
}                                                                             \
static void                                                                   \
pfx##_hold (gpointer cp, const Workload *w, State *s, guint64 holds)          \
{                                                                             \
  Cal *c = cp;                                                                \
  PksEvent ev;                                                                \
  for (guint64 h = 0; h < holds; h++, s->hold++)                              \
    {                                                                         \
      pfx##_calendar_pop (c, &ev);                                            \
      mix (s, &ev);                                                           \
      PksEventId id = pfx##_calendar_schedule (c,                             \
          ev.t_min + draw_delay (&s->rng, w->delay), 0, s->next_arg++);       \
      if (s->doom_below == 0)                                                 \
        continue;                                                             \
      if (pks_rng_next (&s->rng) < s->doom_below)                             \
        doom (s, id);                                                         \
      while (s->ring_len > 0 && s->ring[s->ring_head].due <= s->hold)         \
        {                                                                     \
          PksEventId d = s->ring[s->ring_head].id;                            \
          s->ring_head = (s->ring_head + 1) & s->ring_mask;                   \
          s->ring_len--;                                                      \
          if (!pfx##_calendar_cancel (c, d))                                  \
            {                                                                 \
              s->missed++;                                                    \
              continue;                                                       \
            }                                                                 \
          s->cancelled++;                                                     \
          pfx##_calendar_schedule (c,                                         \
              ev.t_min + draw_delay (&s->rng, w->delay), 0, s->next_arg++);   \
        }                                                                     \
    }                                                                         \
}

#endif
