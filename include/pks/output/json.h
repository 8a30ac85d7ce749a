/* json.h — a member of a JSON object being built, as every JSON pks
 * writes has it (run.json, --json, pks serve's answers): a string or
 * null, an integer, a number or null where it is not finite (JSON has no
 * NaN or infinity). */
#ifndef PKS_OUTPUT_JSON_H
#define PKS_OUTPUT_JSON_H

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void pks_json_str (JsonBuilder *b, const char *name, const char *value);
void pks_json_int (JsonBuilder *b, const char *name, gint64 value);
void pks_json_num (JsonBuilder *b, const char *name, double value);

G_END_DECLS

#endif
