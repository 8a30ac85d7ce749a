/* settings.h — the scenario's keys in people's words: a Swedish and an
 * English label for every known key, and its value and origin read aloud
 * ("true" → "ja", "scenarios/x.ini:12" → "x.ini, rad 12"), for the report's
 * settings appendix and the workbook's Inställningar sheet. */
#ifndef PKS_SETTINGS_H
#define PKS_SETTINGS_H

#include <glib.h>
#include "pks/model/metrics.h"

G_BEGIN_DECLS

/* The label of "group.key" (e.g. "policy.cancel_if_no_bed"), or NULL for
 * a key without one (a test checks that every known key has one). */
const char *pks_setting_label (const char *key, PksLang lang);
/* The group's heading ("Beläggningsregler" for policy), or NULL. */
const char *pks_setting_group_label (const char *key, PksLang lang);
/* The value as people read it: yes/no words, the policy's choices in
 * words, numbers with the language's decimal sign and the key's unit
 * ("6 patienter", "15 000 kr"). (transfer full) */
char *pks_setting_value_text (const char *key, const char *value, PksLang lang);
/* Where it was set: "vasterbotten-2024.ini, rad 31", "standardvärde",
 * "kommandoraden (--set)". (transfer full) */
char *pks_setting_origin_text (const char *origin, PksLang lang);

G_END_DECLS

#endif
