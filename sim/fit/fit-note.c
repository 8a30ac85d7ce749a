/* fit-note.c — the notes of pks fit on the data and the fit, kept in
 * Swedish and in English (PksFit.notes[lang]), each language's numbers
 * written as that language writes them. */
#include "fit-internal.h"
#include "pks/stats/stats.h"

#include <stdlib.h>

/* printf for a note: the conversions the notes use (%s, %d, %u, %lu,
 * %llu, %.Nf and %%), every number through pks_number_text, so Swedish
 * gets its decimal comma and a space between thousands (3 000, 9,2),
 * which printf in the C locale cannot give. Any other conversion is a
 * programming error; the format attribute has already checked the
 * arguments' types against the format. */
static char *
say (gboolean sv, const char *fmt, va_list ap)
{
  GString *o = g_string_new (NULL);
  for (const char *p = fmt; *p; p++)
    {
      if (*p != '%')
        {
          g_string_append_c (o, *p);
          continue;
        }
      p++;
      int decimals = 6, longs = 0;
      if (*p == '.')
        {
          char *end;
          decimals = (int) strtol (p + 1, &end, 10);
          p = end;
        }
      while (*p == 'l')
        longs++, p++;
      double v;
      switch (*p)
        {
        case '%':
          g_string_append_c (o, '%');
          continue;
        case 's':
          g_string_append (o, va_arg (ap, const char *));
          continue;
        case 'd':
          v = longs == 0 ? va_arg (ap, int) : longs == 1 ? va_arg (ap, long) : va_arg (ap, long long);
          decimals = 0;
          break;
        case 'u':
          v = longs == 0 ? va_arg (ap, unsigned) : longs == 1 ? (double) va_arg (ap, unsigned long)
              : (double) va_arg (ap, unsigned long long);
          decimals = 0;
          break;
        case 'f':
          v = va_arg (ap, double);
          break;
        default:
          g_error ("a note's format \"%s\" has a conversion pks_fit_sv/en do not know", fmt);
        }
      g_autofree char *t = pks_number_text (v, decimals, sv);
      g_string_append (o, t);
    }
  return g_string_free (o, FALSE);
}

char *
pks_fit_sv (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = say (TRUE, fmt, ap);
  va_end (ap);
  return s;
}

char *
pks_fit_en (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = say (FALSE, fmt, ap);
  va_end (ap);
  return s;
}

void
pks_fit_note (PksFit *f, char *sv, char *en)
{
  g_ptr_array_add (f->notes[PKS_LANG_SV], sv);
  g_ptr_array_add (f->notes[PKS_LANG_EN], en);
}
