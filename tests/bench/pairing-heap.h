/* pairing-heap.h — a pairing heap with the calendar's API and ordering,
 * (time, insertion sequence). Benchmark comparison only; not in the library. */
#ifndef PKS_BENCH_PAIRING_HEAP_H
#define PKS_BENCH_PAIRING_HEAP_H

#include "pks/core/calendar.h"

typedef struct _PairingCalendar PairingCalendar;

PairingCalendar *pairing_calendar_new (void);             /* (transfer full) */
void pairing_calendar_free (PairingCalendar *cal);
PksEventId pairing_calendar_schedule (PairingCalendar *cal, double t_min,
                                      guint32 kind, guint32 arg);
gboolean pairing_calendar_cancel (PairingCalendar *cal, PksEventId id);
gboolean pairing_calendar_pop (PairingCalendar *cal, PksEvent *ev);
guint pairing_calendar_size (const PairingCalendar *cal);

#endif
