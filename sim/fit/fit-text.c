/* fit-text.c — the fit report for the terminal: what was read, every
 * flow's fitted numbers with their 95 % intervals, the units' capacity
 * and state, the notes on the data, and the back-test in one line per
 * figure. Swedish by default, English with --lang en. */
#include "fit-internal.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *title, *period, *state, *rows, *used, *broken, *units_csv, *flows, *units,
    *notes, *backtest, *inside, *none, *h_flow_name, *h_flow, *h_unit_name, *h_unit, *secs;
  const char *acute, *elective, *scheduled;
} Words;

static const Words sv = {
  "pks fit", "perioden", "läget vid slutet av", "rader", "används", "trasiga",
  "enheter med vårdplatser och salar", "Flöden (95 %-konfidensintervall)",
  "Enheter: kapacitet, beläggning och läget vid start", "Att granska",
  "Prognos mot utfall", "inom simuleringens 95 %-band", "inga",
  "enhet/flöde", "typ      fall  per år                 vårdtid dagar       cv                   "
  "beslut            slutenvård         op-minuter",
  "enhet", "vpl disp  nybesök/v  salar/v   beläggning obs  sim (95 %)         i säng  väntar",
  "sekunder", "akut", "planerad", "schemalagd",
};

static const Words en = {
  "pks fit", "the period", "the state at the end of", "rows", "used", "broken",
  "units with beds and sessions", "Flows (95 % confidence intervals)",
  "Units: capacity, census and the state at the start", "To review",
  "Forecast against actual", "inside the simulated 95 % band", "none",
  "unit/flow", "kind     cases per year               stay days           cv                   "
  "decision          inpatient          OR minutes",
  "unit", "beds stf  visits/wk  sessions/wk census obs   sim (95 %)         in bed  waiting",
  "seconds", "acute", "elective", "scheduled",
};

static void
ci (GString *o, PksFitParam p, int dec, int width)
{
  GString *t = g_string_new (NULL);
  if (isnan (p.value))
    g_string_append (t, "–");
  else if (isnan (p.lo) || isnan (p.hi))
    g_string_append_printf (t, "%.*f", dec, p.value);
  else
    g_string_append_printf (t, "%.*f [%.*f–%.*f]", dec, p.value, dec, p.lo, dec, p.hi);
  g_string_append (o, t->str);
  for (int i = (int) g_utf8_strlen (t->str, -1); i < width; i++)
    g_string_append_c (o, ' ');
  g_string_append (o, "  ");
  g_string_free (t, TRUE);
}

static void
padded (GString *o, const char *s, int width)
{
  g_string_append (o, s);
  for (int i = (int) g_utf8_strlen (s, -1); i < width; i++)
    g_string_append_c (o, ' ');
}

char *
pks_fit_text (const PksFit *f, PksLang lang)
{
  const Words *w = lang == PKS_LANG_EN ? &en : &sv;
  GString *o = g_string_new (NULL);
  char a[11], b[11], s[11];
  pks_date_format (f->opt.from, a);
  pks_date_format (f->opt.to, b);
  pks_date_format (f->opt.as_of, s);
  g_string_append_printf (o, "%s %s: %s %s – %s (%.0f d), %s %s\n", w->title, f->extract_dir,
                          w->period, a, b, f->period_days, w->state, s);
  for (int i = 0; i < PKS_N_EXTRACTS; i++)
    if (f->present[i])
      g_string_append_printf (o, "  %-15s %8" G_GUINT64_FORMAT " %s, %" G_GUINT64_FORMAT " %s, %"
                              G_GUINT64_FORMAT " %s\n", pks_extract_file_name (i), f->stats[i].rows,
                              w->rows, f->stats[i].good, w->used, f->stats[i].broken, w->broken);
  if (f->units_csv)
    g_string_append_printf (o, "  %-15s %s\n", "units.csv", w->units_csv);

  /* the names' column as wide as the longest */
  int nw = 22;
  for (guint i = 0; i < f->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      nw = MAX (nw, (int) (g_utf8_strlen (x->unit, -1) + 1 + g_utf8_strlen (x->name, -1)));
    }
  for (guint i = 0; i < f->units->len; i++)
    nw = MAX (nw, (int) g_utf8_strlen (((PksFitUnit *) g_ptr_array_index (f->units, i))->name, -1));
  g_string_append_printf (o, "\n%s\n", w->flows);
  padded (o, w->h_flow_name, nw + 1);
  g_string_append_printf (o, "%s\n", w->h_flow);
  for (guint i = 0; i < f->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      g_autofree char *name = g_strdup_printf ("%s/%s", x->unit, x->name);
      padded (o, name, nw + 1);
      padded (o, x->scheduled ? w->scheduled : x->kind == PKS_FLOW_ACUTE ? w->acute : w->elective, 8);
      g_string_append_printf (o, "%6.0f  ", x->cases);
      ci (o, x->per_year, 0, 21);
      ci (o, x->los_days, 2, 18);
      ci (o, x->los_cv, 2, 19);
      if (x->kind == PKS_FLOW_ELECTIVE)
        {
          ci (o, x->treat_p, 2, 16);
          ci (o, x->inpatient_p, 2, 17);
          ci (o, x->surgery_minutes, 0, 0);
        }
      while (o->len && o->str[o->len - 1] == ' ')
        g_string_truncate (o, o->len - 1);
      g_string_append_c (o, '\n');
    }

  g_string_append_printf (o, "\n%s\n", w->units);
  padded (o, w->h_unit_name, nw + 1);
  g_string_append_printf (o, "%s\n", w->h_unit);
  for (guint i = 0; i < f->units->len; i++)
    {
      const PksFitUnit *u = g_ptr_array_index (f->units, i);
      padded (o, u->name, nw + 1);
      g_string_append_printf (o, "%4d %3d  %9.1f  %9.2f  %10.1f   ", u->beds, u->staffed_beds,
                              u->visit_slots_per_week, u->or_sessions_per_week, u->census_mean);
      if (f->checked && !isnan (u->census_sim_mean))
        {
          g_autofree char *sim = g_strdup_printf ("%.1f [%.1f–%.1f]", u->census_sim_mean,
                                                  u->census_sim_lo, u->census_sim_hi);
          padded (o, sim, 19);
        }
      else
        padded (o, "–", 19);
      g_string_append_printf (o, "%6.0f  %.0f\n", u->in_census, u->waiting_first + u->waiting_treatment);
    }

  if (f->backtest)
    {
      g_string_append_printf (o, "\n%s: %.0f / %.0f %s (%.0f %%)\n", w->backtest, f->bt_inside,
                              f->bt_total, w->inside,
                              f->bt_total > 0 ? 100.0 * f->bt_inside / f->bt_total : 0.0);
      for (int k = 0; k < PKS_N_BT; k++)
        {
          double in = 0, tot = 0;
          for (guint i = 0; i < f->bt_rows->len; i++)
            {
              const PksBacktestRow *r = &g_array_index (f->bt_rows, PksBacktestRow, i);
              if (r->metric != (PksBacktestMetric) k)
                continue;
              tot++;
              in += r->actual >= r->lo && r->actual <= r->hi;
            }
          if (tot > 0)
            g_string_append_printf (o, "  %-22s %4.0f / %-4.0f\n", pks_backtest_metric_name (k), in, tot);
        }
    }

  const GPtrArray *notes = f->notes[lang == PKS_LANG_EN ? PKS_LANG_EN : PKS_LANG_SV];
  g_string_append_printf (o, "\n%s (%u)\n", w->notes, notes->len);
  if (notes->len == 0)
    g_string_append_printf (o, "  %s\n", w->none);
  for (guint i = 0; i < notes->len; i++)
    g_string_append_printf (o, "  - %s\n", (char *) g_ptr_array_index (notes, i));
  return g_string_free (o, FALSE);
}
