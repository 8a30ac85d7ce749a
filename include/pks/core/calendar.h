/* calendar.h — the future-event list: events ordered by (time, insertion
 * sequence), so that two events at the same minute run in the order they
 * were scheduled and every run is deterministic.
 *
 * The calendar knows nothing of hospitals: an event is a time, a small kind
 * code and a 32-bit argument that the caller interprets. */
#ifndef PKS_CALENDAR_H
#define PKS_CALENDAR_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PksCalendar PksCalendar;

/* An event handle: slot index in the low 32 bits, the slot's generation in
 * the high 32 bits, so a stale handle (event already run or cancelled) is
 * recognised and never cancels someone else's event. 0 is never a handle. */
typedef guint64 PksEventId;

typedef struct {
  double t_min;      /* simulation time, minutes */
  guint32 kind;      /* caller's event kind */
  guint32 arg;       /* caller's argument (patient index, unit index, …) */
  PksEventId id;
} PksEvent;

typedef void (*PksEventFunc) (gpointer ctx, const PksEvent *ev);

PksCalendar *pks_calendar_new (void);                     /* (transfer full) */
void pks_calendar_free (PksCalendar *cal);
/* Make dst an exact copy of src: the same events, sequence numbers and
 * handles, so both go on alike (a replication forked, fork.c). */
void pks_calendar_copy (PksCalendar *dst, const PksCalendar *src);

/* Schedule an event at t_min (must not be before now; NaN is refused). */
PksEventId pks_calendar_schedule (PksCalendar *cal, double t_min,
                                  guint32 kind, guint32 arg);
/* Cancel a pending event; FALSE if it already ran, was cancelled, or the
 * handle is unknown. O(log n). */
gboolean pks_calendar_cancel (PksCalendar *cal, PksEventId id);
/* Remove the earliest event into *ev and advance the clock to it. */
gboolean pks_calendar_pop (PksCalendar *cal, PksEvent *ev);
/* Time of the earliest pending event, or +inf. */
double pks_calendar_peek_time (const PksCalendar *cal);
/* Run every event with time <= t_end through fn, then set the clock to
 * t_end (if it is later). Returns the number of events run. */
guint64 pks_calendar_run_until (PksCalendar *cal, double t_end,
                                PksEventFunc fn, gpointer ctx);
/* For callers that keep some events outside the calendar (the model keeps
 * each flow's next arrival in a small queue of its own) and merge them with
 * it by (time, sequence): reserve_seq takes the sequence number that a
 * schedule made now would get, and peek gives the earliest pending event's
 * time and sequence number (FALSE if none). */
guint64 pks_calendar_reserve_seq (PksCalendar *cal);
gboolean pks_calendar_peek (PksCalendar *cal, double *t_min, guint64 *seq);
/* Stop a run_until loop after the current event. */
void pks_calendar_stop (PksCalendar *cal);

double pks_calendar_now (const PksCalendar *cal);
guint pks_calendar_size (const PksCalendar *cal);
/* Drop every pending event and reset the clock to 0 (keeps the memory). */
void pks_calendar_clear (PksCalendar *cal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksCalendar, pks_calendar_free)

G_END_DECLS

#endif
