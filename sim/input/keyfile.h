/* keyfile.h — merged INI keys with their origins (internal to sim/input). */
#ifndef PKS_KEYFILE_H
#define PKS_KEYFILE_H

#include <glib.h>
#include "input-internal.h"

G_BEGIN_DECLS

typedef struct {
  const char *group, *key;
} PksKeySpec;

typedef struct {
  char *value;
  char *file;    /* display path of the file that set it; "--set" for overrides */
  int line;      /* 0 when unknown */
  char *dir;     /* directory that relative paths in the value are taken from */
} PksKeyVal;

typedef struct {
  GHashTable *keys;      /* "group.key" -> PksKeyVal* */
  GPtrArray *changes;    /* PksKeyVal*: every tables.changes along the chain, base first */
  GPtrArray *staffing;   /* PksKeyVal*: every tables.staffing along the chain, base first */
  GPtrArray *chain;      /* display paths, base first */
  char *top;
} PksKeyMap;

PksKeyMap *pks_keymap_new (void);
void pks_keymap_free (PksKeyMap *m);
gboolean pks_keymap_load (PksKeyMap *m, PksFiles *files, const char *path, PksDiags *diags);
gboolean pks_keymap_set (PksKeyMap *m, const char *group, const char *key,
                         const char *value, const char *origin, PksDiags *diags);
const PksKeyVal *pks_keymap_get (const PksKeyMap *m, const char *group, const char *key);
const PksKeySpec *pks_key_specs (guint *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PksKeyMap, pks_keymap_free)

G_END_DECLS

#endif
