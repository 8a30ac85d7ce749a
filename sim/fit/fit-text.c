/* fit-text.c — the fit report for the terminal: what was read, every
 * flow's fitted numbers with their 95 % intervals, the units' capacity
 * and state, the notes on the data, and the back-test in one line per
 * figure. Swedish by default, English with --lang en; numbers as each
 * language writes them (decimal comma in Swedish). */
#include "fit-internal.h"
#include "pks/stats/stats.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *title, *period, *state, *rows, *used, *broken, *units_csv, *flows, *units,
    *notes, *backtest, *inside, *none, *h_flow_name, *h_flow, *h_unit_name, *h_unit, *secs;
  const char *acute, *elective, *scheduled;
  const char *metric[PKS_N_BT];
} Words;

static const Words sv = {
  "pks fit", "perioden", "läget vid slutet av", "rader", "används", "trasiga",
  "enheter med vårdplatser och salar", "Flöden (95 %-konfidensintervall)",
  "Enheter: kapacitet, beläggning och läget vid start", "Att granska",
  "Prognos mot utfall", "inom simuleringens 95 %-band", "inga",
  "enhet/flöde", "typ          fall  per år                 vårdtid dagar       cv                   "
  "beslut            slutenvård         op-minuter",
  "enhet", "vpl disp  nybesök/v  salar/v   beläggning obs  sim (95 %)         i säng  väntar",
  "sekunder", "akut", "planerad", "schemalagd",
  { "vårdtillfällen", "beläggning (medel)", "väntar på nybesök", "väntar på behandling",
    "vårdgaranti nybesök, %", "vårdgaranti behandling, %" },
};

static const Words en = {
  "pks fit", "the period", "the state at the end of", "rows", "used", "broken",
  "units with beds and sessions", "Flows (95 % confidence intervals)",
  "Units: capacity, census and the state at the start", "To review",
  "Forecast against actual", "inside the simulated 95 % band", "none",
  "unit/flow", "kind        cases  per year               stay days           cv                   "
  "decision          inpatient          OR minutes",
  "unit", "beds stf  visits/wk  sessions/wk census obs   sim (95 %)         in bed  waiting",
  "seconds", "acute", "elective", "scheduled",
  { "admissions", "census (mean)", "waiting, first visit", "waiting, treatment",
    "guarantee first visit, %", "guarantee treatment, %" },
};

/* v with dec decimals, right-aligned in width characters */
static void
num (GString *o, double v, int dec, int width, gboolean sv)
{
  g_autofree char *t = pks_number_text (v, dec, sv);
  for (int i = (int) g_utf8_strlen (t, -1); i < width; i++)
    g_string_append_c (o, ' ');
  g_string_append (o, t);
}

static void
ci (GString *o, PksFitParam p, int dec, int width, gboolean sv)
{
  GString *t = g_string_new (NULL);
  if (isnan (p.value))
    g_string_append (t, "–");
  else
    num (t, p.value, dec, 0, sv);
  if (!isnan (p.value) && !isnan (p.lo) && !isnan (p.hi))
    {
      g_string_append (t, " [");
      num (t, p.lo, dec, 0, sv);
      g_string_append (t, "–");
      num (t, p.hi, dec, 0, sv);
      g_string_append (t, "]");
    }
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
  gboolean s_v = lang != PKS_LANG_EN;
  GString *o = g_string_new (NULL);
  char a[11], b[11], s[11];
  pks_date_format (f->opt.from, a);
  pks_date_format (f->opt.to, b);
  pks_date_format (f->opt.as_of, s);
  g_string_append_printf (o, "%s %s: %s %s – %s (%.0f d), %s %s\n", w->title, f->extract_dir,
                          w->period, a, b, f->period_days, w->state, s);
  for (int i = 0; i < PKS_N_EXTRACTS; i++)
    if (f->present[i])
      {
        g_autofree char *good = pks_number_text (f->stats[i].good, 0, s_v);
        g_autofree char *broken = pks_number_text (f->stats[i].broken, 0, s_v);
        g_string_append_printf (o, "  %-15s ", pks_extract_file_name (i));
        num (o, f->stats[i].rows, 0, 8, s_v);
        g_string_append_printf (o, " %s, %s %s, %s %s\n", w->rows, good, w->used, broken, w->broken);
      }
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
      padded (o, x->scheduled ? w->scheduled : x->kind == PKS_FLOW_ACUTE ? w->acute : w->elective, 10);
      num (o, x->cases, 0, 7, s_v);
      g_string_append (o, "  ");
      ci (o, x->per_year, 0, 21, s_v);
      ci (o, x->los_days, 2, 18, s_v);
      ci (o, x->los_cv, 2, 19, s_v);
      if (x->kind == PKS_FLOW_ELECTIVE)
        {
          ci (o, x->treat_p, 2, 16, s_v);
          ci (o, x->inpatient_p, 2, 17, s_v);
          ci (o, x->surgery_minutes, 0, 0, s_v);
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
      num (o, u->beds, 0, 4, s_v);
      num (o, u->staffed_beds, 0, 4, s_v);
      num (o, u->visit_slots_per_week, 1, 11, s_v);
      num (o, u->or_sessions_per_week, 2, 11, s_v);
      num (o, u->census_mean, 1, 12, s_v);
      g_string_append (o, "   ");
      if (f->checked && !isnan (u->census_sim_mean))
        {
          PksFitParam sim = { u->census_sim_mean, u->census_sim_lo, u->census_sim_hi, NAN };
          ci (o, sim, 1, 17, s_v);
        }
      else
        padded (o, "–", 19);
      num (o, u->in_census, 0, 6, s_v);
      g_string_append (o, "  ");
      num (o, u->waiting_first + u->waiting_treatment, 0, 0, s_v);
      g_string_append_c (o, '\n');
    }

  if (f->backtest)
    {
      g_autofree char *in = pks_number_text (f->bt_inside, 0, s_v);
      g_autofree char *tot = pks_number_text (f->bt_total, 0, s_v);
      g_string_append_printf (o, "\n%s: %s / %s %s (%.0f %%)\n", w->backtest, in, tot, w->inside,
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
            {
              g_string_append (o, "  ");
              padded (o, w->metric[k], 26);
              num (o, in, 0, 5, s_v);
              g_string_append (o, " / ");
              num (o, tot, 0, 0, s_v);
              g_string_append_c (o, '\n');
            }
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
