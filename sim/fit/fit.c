/* fit.c — pks fit from end to end: check the options, read the extract
 * (fit-read.c), estimate (fit-estimate.c), build the scenario's files
 * (fit-scenario.c), check them by loading and re-running them
 * (fit-check.c), and keep the notes a planner should read. */
#include "fit-internal.h"
#include "pks/core/error.h"

#include <math.h>
#include <string.h>

static void
file_notes (PksFit *f)
{
  for (int i = 0; i < PKS_N_EXTRACTS; i++)
    {
      const PksExtractStats *st = &f->stats[i];
      const char *name = pks_extract_file_name (i);
      if (!f->present[i] || st->broken == 0)
        continue;
      pks_fit_note (f,
        pks_fit_sv ("%s: %" G_GUINT64_FORMAT " av %" G_GUINT64_FORMAT " rader är trasiga och "
                    "har utelämnats (%" G_GUINT64_FORMAT " med ett id som redan förekommit, %"
                    G_GUINT64_FORMAT " med datum i fel ordning; varje rad listas med rad och "
                    "kolumn)", name, st->broken, st->rows, st->duplicates, st->out_of_order),
        pks_fit_en ("%s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " rows are broken and "
                    "left out (%" G_GUINT64_FORMAT " duplicate ids, %" G_GUINT64_FORMAT
                    " with dates out of order; each is listed with its line and column)",
                    name, st->broken, st->rows, st->duplicates, st->out_of_order));
    }
  guint64 long_stays = f->stats[PKS_EXTRACT_ADMISSIONS].long_stays;
  if (f->present[PKS_EXTRACT_ADMISSIONS] && long_stays)
    pks_fit_note (f,
      pks_fit_sv ("admissions.csv: %" G_GUINT64_FORMAT " vårdtider är längre än ett år: de "
                  "räknas med, men kontrollera datumen", long_stays),
      pks_fit_en ("admissions.csv: %" G_GUINT64_FORMAT " stays last more than a year: kept, "
                  "but check their dates", long_stays));
  /* the date that places a row of each file in or out of the period */
  static const char *const date_sv[] = { "inskrivningsdatum", "remissdatum", "operationsdatum" };
  static const char *const date_en[] = { "admission", "referral", "operation" };
  G_STATIC_ASSERT (G_N_ELEMENTS (date_sv) == PKS_N_EXTRACTS);
  for (int i = 0; i < PKS_N_EXTRACTS; i++)
    if (f->present[i] && f->outside_period[i] > 0)
      pks_fit_note (f,
        pks_fit_sv ("%s: %.0f rader har %s utanför perioden; de räknas bara i väntelistorna, "
                    "dagsläget och prognosen mot utfall", pks_extract_file_name (i),
                    f->outside_period[i], date_sv[i]),
        pks_fit_en ("%s: %.0f rows have their %s outside the period; they count only in "
                    "the lists, the state and the back-test", pks_extract_file_name (i),
                    f->outside_period[i], date_en[i]));
  if (f->present[PKS_EXTRACT_ADMISSIONS] && !f->stats[PKS_EXTRACT_ADMISSIONS].has[PKS_COL_READY])
    pks_fit_note (f,
      pks_fit_sv ("admissions.csv saknar kolumnen ready_for_discharge (utskrivningsklar): "
                  "ingen väntan på kommunen för utskrivningsklara patienter skattas "
                  "(discharge_delay_p = 0)"),
      pks_fit_en ("admissions.csv has no ready_for_discharge column: no waits for the "
                  "municipality are fitted (discharge_delay_p = 0)"));
}

static void
flow_notes (PksFit *f)
{
  if (f->flows->len == 0)
    pks_fit_note (f,
      pks_fit_sv ("inga flöden: uttaget har varken vårdtillfällen eller remisser under "
                  "perioden, så scenariot har bara enheternas kapacitet"),
      pks_fit_en ("no flows: the extract has no admissions and no referrals in the period, "
                  "so the scenario holds only its units' capacity"));
  for (guint i = 0; i < f->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (f->flows, i);
      gboolean elective = x->kind == PKS_FLOW_ELECTIVE;
      if (x->cases < THIN_CASES)
        pks_fit_note (f,
          pks_fit_sv ("%s/%s: bara %.0f %s under perioden: flödets parametrar är osäkra (se "
                      "deras intervall)", x->unit, x->name, x->cases,
                      elective ? "remisser" : "vårdtillfällen"),
          pks_fit_en ("%s/%s: only %.0f %s in the period: its parameters are uncertain "
                      "(see their intervals)", x->unit, x->name, x->cases,
                      elective ? "referrals" : "admissions"));
      if (x->los_source == PKS_LOS_UNIT || x->los_source == PKS_LOS_REGION)
        {
          gboolean none = x->stays < 1, unit = x->los_source == PKS_LOS_UNIT;
          pks_fit_note (f,
            pks_fit_sv ("%s/%s: %s egna avslutade vårdtillfällen; vårdtiden tas från %s "
                        "flöden av samma typ", x->unit, x->name, none ? "inga" : "för få",
                        unit ? "enhetens" : "regionens"),
            pks_fit_en ("%s/%s: %s complete stays of its own; its length of stay is that of "
                        "%s flows of the same kind", x->unit, x->name, none ? "no" : "too few",
                        unit ? "its unit's" : "the region's"));
        }
      if (x->los_source == PKS_LOS_NONE && (x->kind == PKS_FLOW_ACUTE
                                            || (x->inpatient_p.value > 0)))
        pks_fit_note (f,
          pks_fit_sv ("%s/%s: inga vårdtider i uttaget att skatta (eller för få som skiljer "
                      "sig åt): los_days = 1 skrivs i scenariot; ange vårdtiden för hand",
                      x->unit, x->name),
          pks_fit_en ("%s/%s: no stays in the extract to fit (or too few that differ): "
                      "los_days 1 is written; set it by hand", x->unit, x->name));
      if (x->better_shape >= 0)
        pks_fit_note (f,
          pks_fit_sv ("%s/%s: en %s passar vårdtiderna klart bättre än den "
                      "lognormalfördelning som pks använder (AIC lägre med %.0f; "
                      "lognormalfördelningens KS-avstånd %.3f)", x->unit, x->name,
                      pks_shape_name (x->better_shape, TRUE), x->better_delta_aic, x->ks),
          pks_fit_en ("%s/%s: the %s distribution fits the stays clearly better than the "
                      "lognormal pks uses (AIC lower by %.0f; KS distance of the lognormal "
                      "%.3f)", x->unit, x->name, pks_shape_name (x->better_shape, FALSE),
                      x->better_delta_aic, x->ks));
      if (x->dispersion > 1.5)
        pks_fit_note (f,
          pks_fit_sv ("%s/%s: ankomsterna per dag varierar %.1f gånger så mycket som i en "
                      "Poissonprocess (dagar med många och dagar med få): intervallen vidgas "
                      "därefter, men modellens ankomster förblir Poissonfördelade", x->unit,
                      x->name, x->dispersion),
          pks_fit_en ("%s/%s: daily arrivals vary %.1f times as much as a Poisson process "
                      "(days with many and days with few): the intervals are widened by it, "
                      "the model's arrivals stay Poisson", x->unit, x->name, x->dispersion));
      if (elective && isnan (x->surgery_minutes.value) && x->treat_p.value > 0)
        pks_fit_note (f,
          pks_fit_sv ("%s/%s: inga operationstider i uttaget (operations.csv): 60 minuter per "
                      "operation skrivs i scenariot", x->unit, x->name),
          pks_fit_en ("%s/%s: no operation minutes (operations.csv): 60 minutes are "
                      "written", x->unit, x->name));
    }
  for (guint i = 0; i < f->units->len; i++)
    {
      const PksFitUnit *u = g_ptr_array_index (f->units, i);
      if (!u->capacity_given && u->admissions > 0)
        pks_fit_note (f,
          pks_fit_sv ("%s: vårdplatser ur beläggningen (ingen rad i units.csv): %d vårdplatser "
                      "(flest belagda vid en midnatt), %d disponibla (95:e percentilen)",
                      u->name, u->beds, u->staffed_beds),
          pks_fit_en ("%s: beds from the census (no units.csv row): %d beds (the most in "
                      "use at a midnight), %d staffed (95th percentile)", u->name, u->beds,
                      u->staffed_beds));
      if (!u->slots_given && u->slots_obs.n > 0 && !u->slots_binding && u->visit_slots_per_week > 0)
        pks_fit_note (f,
          pks_fit_sv ("%s: väntelistan till nybesök tömdes de flesta veckor, så nybesöken visar "
                      "efterfrågan snarare än kapacitet: %.1f nybesökstider per vecka (90:e "
                      "percentilen av veckorna) skrivs i scenariot", u->name, u->visit_slots_per_week),
          pks_fit_en ("%s: the first-visit list ran short in most weeks, so the first visits "
                      "show demand rather than capacity: %.1f slots a week (the 90th "
                      "percentile of weeks) are written", u->name, u->visit_slots_per_week));
      if (!u->sessions_given && !u->sessions_from_times && u->ops_obs.n > 0 && !u->ops_binding
          && u->or_sessions_per_week > 0)
        pks_fit_note (f,
          pks_fit_sv ("%s: väntelistan till behandling tömdes de flesta veckor: %.2f "
                      "operationspass per vecka (från 90:e percentilen av operationerna per "
                      "vecka) skrivs i scenariot", u->name, u->or_sessions_per_week),
          pks_fit_en ("%s: the treatment list ran short in most weeks: %.2f OR sessions a "
                      "week (from the 90th percentile of weekly operations) are written",
                      u->name, u->or_sessions_per_week));
    }
}

static void
fit_init (PksFit *f, const PksFitOptions *opt)
{
  f->opt = *opt;
  f->extract_dir = g_strdup (opt->extract_dir);
  f->opt.extract_dir = f->extract_dir;
  f->units = g_ptr_array_new ();
  f->flows = g_ptr_array_new ();
  for (int l = 0; l < 2; l++)
    f->notes[l] = g_ptr_array_new_with_free_func (g_free);
  f->bt_months = g_ptr_array_new_with_free_func (g_free);
  f->bt_rows = g_array_new (FALSE, FALSE, sizeof (PksBacktestRow));
  f->file_names = g_ptr_array_new_with_free_func (g_free);
  f->file_texts = g_ptr_array_new_with_free_func (pks_fit_gstring_free);
}

void
pks_fit_free (PksFit *f)
{
  if (f == NULL)
    return;
  for (guint i = 0; i < f->units->len; i++)
    {
      PksFitUnit *u = g_ptr_array_index (f->units, i);
      g_free (u->name);
      g_free (u->site);
      g_free (u);
    }
  for (guint i = 0; i < f->flows->len; i++)
    {
      PksFitFlow *x = g_ptr_array_index (f->flows, i);
      g_free (x->unit);
      g_free (x->name);
      g_free (x->source_flow);
      g_free (x);
    }
  g_ptr_array_unref (f->units);
  g_ptr_array_unref (f->flows);
  g_ptr_array_unref (f->notes[PKS_LANG_SV]);
  g_ptr_array_unref (f->notes[PKS_LANG_EN]);
  g_ptr_array_unref (f->bt_months);
  g_array_unref (f->bt_rows);
  g_ptr_array_unref (f->file_names);
  g_ptr_array_unref (f->file_texts);
  g_free (f->extract_dir);
  g_free (f);
}

static gboolean
check_options (const PksFitOptions *o, GError **error)
{
  const char *why = NULL;
  if (o->from == 0 || o->to == 0)
    why = "--from and --to are required (ISO dates)";
  else if (o->to < o->from)
    why = "--to is before --from";
  else if (o->to - o->from + 1 < 28)
    why = "the period is shorter than 28 days: too short to fit rates and profiles";
  else if (o->to - o->from + 1 > 3660)
    why = "the period is longer than ten years";
  else if (o->as_of && o->as_of < o->from)
    why = "--as-of is before --from";
  else if (o->backtest_to && o->backtest_to <= o->to)
    why = "--backtest-to must be after --to";
  else if (o->backtest_to && o->backtest_to - o->to > 3660)
    why = "the back-test is longer than ten years";
  else if (o->backtest_to && o->as_of && o->as_of != o->to)
    why = "--as-of and --backtest-to go apart: the back-test starts from the state at --to";
  else if (o->days < 0 || o->days > 36600)
    why = "--days must be from 1 to 36600";
  if (why)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s", why);
      return FALSE;
    }
  return TRUE;
}

PksFit *
pks_fit_run (const PksFitOptions *opt, PksDiags *diags, GError **error)
{
  if (!check_options (opt, error))
    return NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (PksFit) fit = g_new0 (PksFit, 1);
  fit_init (fit, opt);
  if (fit->opt.as_of == 0)
    fit->opt.as_of = opt->to;
  if (fit->opt.days == 0)
    fit->opt.days = 365;
  if (fit->opt.replications == 0)
    fit->opt.replications = 20;
  FitCtx c = { 0 };
  c.fit = fit;
  c.diags = diags;
  c.from = opt->from;
  c.to = opt->to;
  c.as_of = fit->opt.as_of;
  c.last = MAX (MAX (c.to, c.as_of), opt->backtest_to);
  c.period_days = c.to - c.from + 1;
  c.span_days = c.last - c.from + 1;
  c.horizon = PKS_EXTRACT_TIME (c.to + 1);
  c.t_start = PKS_EXTRACT_TIME (c.as_of + 1);
  c.t_check = PKS_EXTRACT_TIME (c.from);
  fit->period_days = c.period_days;
  c.flows = g_ptr_array_new ();
  c.units = g_ptr_array_new ();
  c.flow_ix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.unit_ix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.ref_flow = g_hash_table_new (g_direct_hash, g_direct_equal);
  c.key = g_string_new (NULL);
  c.census = g_array_new (FALSE, FALSE, sizeof (StateRow));
  c.census_check = g_array_new (FALSE, FALSE, sizeof (StateRow));
  c.waiting = g_array_new (FALSE, FALSE, sizeof (StateRow));
  c.waiting_check = g_array_new (FALSE, FALSE, sizeof (StateRow));
  if (opt->backtest_to)
    {
      /* the back-test's months as the model reports them: the first from
       * the start, each to its last day or the horizon's */
      GArray *ends = g_array_new (FALSE, FALSE, sizeof (PksDate));
      for (PksDate d = c.to + 1; d <= opt->backtest_to; d++)
        if (d == opt->backtest_to || pks_date_is_month_end (d))
          g_array_append_val (ends, d);
      c.n_bt_months = ends->len;
      c.bt_month_end = (PksDate *) g_array_free (ends, FALSE);
    }
  gboolean ok = pks_fit_read (&c, error);
  if (ok)
    {
      pks_fit_estimate (&c);
      file_notes (fit);
      flow_notes (fit);
      fit->census_rows = c.census->len;
      fit->waitlist_rows = c.waiting->len;
      for (guint i = 0; i < c.census->len; i++)
        {
          const StateRow *r = &g_array_index (c.census, StateRow, i);
          const FlowAcc *a = g_ptr_array_index (c.flows, r->flow);
          ((PksFitUnit *) g_ptr_array_index (fit->units, a->unit_ix))->in_census++;
        }
      for (guint i = 0; i < c.waiting->len; i++)
        {
          const StateRow *r = &g_array_index (c.waiting, StateRow, i);
          const FlowAcc *a = g_ptr_array_index (c.flows, r->flow);
          PksFitUnit *u = g_ptr_array_index (fit->units, a->unit_ix);
          if (r->stage == PKS_STAGE_FIRST_VISIT)
            u->waiting_first++;
          else
            u->waiting_treatment++;
        }
      pks_fit_scenario_files (&c, c.as_of + 1, fit->opt.days, c.census, c.waiting,
                              fit->file_names, fit->file_texts);
      if (fit->present[PKS_EXTRACT_REFERRALS] && c.waiting->len > PKS_FIT_MAX_WAITING_ROWS)
        pks_fit_note (fit,
          pks_fit_sv ("%u patienter väntar: fler än waitlist.csv tar en och en (%d), så "
                      "väntelistan skrivs i veckoklasser, och väntan med koderna PvV/MoV "
                      "räknas med i vårdgarantins andelar", c.waiting->len,
                      PKS_FIT_MAX_WAITING_ROWS),
          pks_fit_en ("%u patients wait: more than waitlist.csv holds one by one (%d), so "
                      "it is written in weekly bins, and PvV/MoV waits count in the shares",
                      c.waiting->len, PKS_FIT_MAX_WAITING_ROWS));
      /* the written scenario must load: a check of pks fit itself */
      g_autoptr (PksDiags) d = pks_diags_new ();
      g_autoptr (PksScenario) s = pks_fit_load_files (fit->file_names, fit->file_texts, d, error);
      ok = s != NULL && pks_fit_check (&c, error)
           && (!opt->backtest_to || pks_fit_backtest (&c, error));
    }
  pks_fit_ctx_clear (&c);
  if (!ok)
    return NULL;
  fit->seconds = (g_get_monotonic_time () - t0) / 1e6;
  return g_steal_pointer (&fit);
}
