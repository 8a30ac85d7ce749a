/* error.c — the pks error domain and the exit-status rule of the contract
 * (0 success, 2 bad input, 1 anything else). */
#include "pks/core/error.h"

G_DEFINE_QUARK (pks-error-quark, pks_error)

int
pks_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain == PKS_ERROR)
    return error->code == PKS_ERROR_INPUT ? 2 : 1;
  if (error->domain == G_KEY_FILE_ERROR || error->domain == G_OPTION_ERROR
      || error->domain == G_MARKUP_ERROR || error->domain == G_CONVERT_ERROR)
    return 2;
  return 1;
}
