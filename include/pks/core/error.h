/* error.h — the pks GError domain and how errors map to exit statuses.
 * Input errors (exit 2) and other failures (exit 1) are told apart by code. */
#ifndef PKS_ERROR_H
#define PKS_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define PKS_ERROR (pks_error_quark ())
GQuark pks_error_quark (void);

typedef enum {
  PKS_ERROR_INPUT = 1,   /* bad scenario, table, option or design: exit 2 */
  PKS_ERROR_IO,          /* cannot write outputs, disk full: exit 1 */
  PKS_ERROR_FAILED,      /* anything else: exit 1 */
  PKS_ERROR_CANCELLED,   /* stopped by its caller (PksSchedOptions.stop): exit 1 */
} PksErrorCode;

/* Exit status for a failure: 2 for bad input (PKS_ERROR_INPUT, or GLib's
 * GKeyFile/GOption parse errors), 1 for everything else, 0 for NULL. */
int pks_error_exit_status (const GError *error);

G_END_DECLS

#endif
