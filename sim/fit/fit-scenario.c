/* fit-scenario.c — the fitted scenario as the text of its files: the
 * .ini, units.csv, flows.csv, profiles.csv, and the state on its start
 * date (census.csv, waitlist.csv per patient). The same text is loaded
 * from memory for the checks and the back-test, and written out, so the
 * scenario that was checked is the scenario on disk. */
#include "fit-internal.h"
#include "pks/core/error.h"

#include <csv.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

/* One CSV record into s, quoted by libcsv where a reader needs it (and
 * when a cell starts with '#', which would read as a comment). */
static void
row (GString *s, guint n, const char *const *cells)
{
  for (guint i = 0; i < n; i++)
    {
      const char *v = cells[i] ? cells[i] : "";
      gsize len = strlen (v);
      if (i)
        g_string_append_c (s, ',');
      if (strpbrk (v, ",;\"\n\r\t") || v[0] == '#' || (len && (v[0] == ' ' || v[len - 1] == ' ')))
        {
          g_autofree char *q = g_malloc (2 * len + 3);
          gsize w = csv_write (q, 2 * len + 2, v, len);
          g_string_append_len (s, q, (gssize) w);
        }
      else
        g_string_append (s, v);
    }
  g_string_append_c (s, '\n');
}

/* A number as the scenario shows it: six significant digits ("" = NAN). */
static const char *
num (char *buf, double x)
{
  if (!isfinite (x))
    {
      buf[0] = '\0';
      return buf;
    }
  if (x == 0.0)
    x = 0.0;
  g_ascii_formatd (buf, 32, "%.6g", x);
  return buf;
}

static void
time_text (char *buf, double t)
{
  PksDate d = pks_extract_date (t);
  pks_date_format (d, buf);
  int mins = (int) floor (t - PKS_EXTRACT_TIME (d) + 0.5);
  if (mins >= 1440)
    mins = 1439;
  g_snprintf (buf + 10, 8, " %02d:%02d", mins / 60, mins % 60);
}

/* A flow's expected arrivals over the calendar year of start, as the
 * model normalises profiles (contract 2): the same per_year for any start
 * in the year of the fit's own scenario, adjusted to the weekdays of
 * another year. */
static double
per_year (const PksFitFlow *x, PksDate start)
{
  int year = pks_date_year (start);
  double yr = 0;
  for (PksDate d = pks_date_from_ymd (year, 1, 1); d < pks_date_from_ymd (year + 1, 1, 1); d++)
    yr += x->month[pks_date_month (d) - 1] * x->weekday[pks_date_weekday (d)];
  return x->base_per_day * yr;
}

static GString *
add_file (GPtrArray *names, GPtrArray *texts, const char *name)
{
  g_ptr_array_add (names, g_strdup (name));
  GString *s = g_string_new (NULL);
  g_ptr_array_add (texts, s);
  return s;
}

/* The flow of a patient on a list: the priority's own flow where the
 * flow was split by priority, else the flow. */
static const PksFitFlow *
waiting_flow (const FitCtx *c, const StateRow *r)
{
  const FlowAcc *a = g_ptr_array_index (c->flows, r->flow);
  if (a->written < 0)
    return NULL;
  const PksFitFlow *first = g_ptr_array_index (c->fit->flows, a->written);
  for (guint i = (guint) a->written; i < c->fit->flows->len; i++)
    {
      const PksFitFlow *f = g_ptr_array_index (c->fit->flows, i);
      if (f->kind != PKS_FLOW_ELECTIVE || strcmp (f->unit, first->unit) != 0
          || strcmp (f->source_flow, first->source_flow) != 0)
        break;
      if (f->priority == r->priority)
        return f;
    }
  return first;
}

void
pks_fit_scenario_files (FitCtx *c, PksDate start, int days, GArray *census, GArray *waiting,
                        GPtrArray *names, GPtrArray *texts)
{
  PksFit *fit = c->fit;
  char b[16][32], from[11], to[11], st[11], asof[11];
  pks_date_format (c->from, from);
  pks_date_format (c->to, to);
  pks_date_format (start, st);
  pks_date_format (start - 1, asof);

  GString *u = add_file (names, texts, "units.csv");
  const char *uh[] = { "unit", "site", "beds", "staffed_beds", "or_sessions_per_week",
                       "or_session_minutes", "visit_slots_per_week", "bed_type" };
  row (u, G_N_ELEMENTS (uh), uh);
  for (guint i = 0; i < fit->units->len; i++)
    {
      const PksFitUnit *x = g_ptr_array_index (fit->units, i);
      g_autofree char *beds = g_strdup_printf ("%d", x->beds);
      g_autofree char *staffed = g_strdup_printf ("%d", MIN (x->staffed_beds, x->beds));
      const char *cells[] = { x->name, x->site, beds, staffed,
                              num (b[0], x->or_sessions_per_week), num (b[1], x->or_session_minutes),
                              num (b[2], x->visit_slots_per_week), pks_bed_type_name (x->bed_type) };
      row (u, G_N_ELEMENTS (cells), cells);
    }

  GString *f = add_file (names, texts, "flows.csv");
  const char *fh[] = { "unit", "flow", "kind", "per_year", "los_days", "los_cv",
                       "discharge_delay_p", "discharge_delay_days", "treat_p", "surgery_minutes",
                       "inpatient_p", "priority", "surgery_cv" };
  row (f, G_N_ELEMENTS (fh), fh);
  GString *p = g_string_new (NULL);
  const char *ph[] = { "unit", "flow", "month", "weekday", "factor" };
  row (p, G_N_ELEMENTS (ph), ph);
  guint n_profile = 0;
  for (guint i = 0; i < fit->flows->len; i++)
    {
      const PksFitFlow *x = g_ptr_array_index (fit->flows, i);
      gboolean el = x->kind == PKS_FLOW_ELECTIVE;
      double los = isnan (x->los_days.value) ? 1.0 : x->los_days.value;
      double cv = isnan (x->los_cv.value) ? 1.0 : x->los_cv.value;
      double dp = isnan (x->delay_p.value) ? 0.0 : x->delay_p.value;
      double dd = dp > 0 && x->delay_days.value > 0 ? x->delay_days.value : 0.0;
      if (dp > 0 && dd == 0)
        dp = 0;
      double tp = el ? (isnan (x->treat_p.value) ? 0.0 : x->treat_p.value) : NAN;
      double sm = el && tp > 0 ? (isnan (x->surgery_minutes.value) ? 60.0 : x->surgery_minutes.value) : NAN;
      double sc = el && tp > 0 && !isnan (x->surgery_cv.value) ? x->surgery_cv.value : NAN;
      double ip = el ? (isnan (x->inpatient_p.value) ? 0.0 : x->inpatient_p.value) : NAN;
      g_autofree char *prio = el ? g_strdup_printf ("%d", x->priority) : g_strdup ("");
      const char *cells[] = { x->unit, x->name, pks_flow_kind_name (x->kind),
                              num (b[0], per_year (x, start)), num (b[1], los), num (b[2], MIN (cv, 10.0)),
                              num (b[3], dp), num (b[4], dd), num (b[5], tp), num (b[6], MIN (sm, 1440.0)),
                              num (b[7], ip), prio, num (b[8], MIN (sc, 5.0)) };
      row (f, G_N_ELEMENTS (cells), cells);
      if (x->has_weekday)
        for (int w = 0; w < 7; w++)
          {
            char wd[4];
            g_snprintf (wd, sizeof wd, "%d", w + 1);
            const char *pc[] = { x->unit, x->name, "*", wd, num (b[9], x->weekday[w]) };
            row (p, 5, pc);
            n_profile++;
          }
      if (x->has_month)
        for (int m = 0; m < 12; m++)
          {
            char mo[4];
            g_snprintf (mo, sizeof mo, "%d", m + 1);
            const char *pc[] = { x->unit, x->name, mo, "*", num (b[9], x->month[m]) };
            row (p, 5, pc);
            n_profile++;
          }
    }
  if (n_profile)
    {
      g_ptr_array_add (names, g_strdup ("profiles.csv"));
      g_ptr_array_add (texts, p);
    }
  else
    g_string_free (p, TRUE);

  gboolean with_census = fit->present[PKS_EXTRACT_ADMISSIONS];
  if (with_census)
    {
      GString *s = add_file (names, texts, "census.csv");
      const char *h[] = { "unit", "flow", "admitted", "ready_for_discharge", "ward_unit" };
      row (s, 5, h);
      for (guint i = 0; i < census->len; i++)
        {
          const StateRow *r = &g_array_index (census, StateRow, i);
          const FlowAcc *a = g_ptr_array_index (c->flows, r->flow);
          if (a->census_flow < 0)
            continue;
          const PksFitFlow *x = g_ptr_array_index (fit->flows, a->census_flow);
          char at[20], rt[20] = "";
          time_text (at, r->admitted);
          if (!isnan (r->ready))
            time_text (rt, r->ready);
          const char *ward = r->ward >= 0
                             ? ((const UnitAcc *) g_ptr_array_index (c->units, r->ward))->name : "";
          const char *cells[] = { x->unit, x->name, at, rt, ward };
          row (s, 5, cells);
        }
    }
  gboolean with_waiting = fit->present[PKS_EXTRACT_REFERRALS];
  if (with_waiting && waiting->len > PKS_FIT_MAX_WAITING_ROWS)
    {
      /* more than waitlist.csv may hold one by one: the binned form, a
       * week to a bin, each wait counted (PvV and MoV lose their mark) */
      GString *s = add_file (names, texts, "waitlist.csv");
      const char *h[] = { "unit", "flow", "stage", "wait_from_days", "wait_to_days", "count" };
      row (s, 6, h);
      g_autoptr (GHashTable) bins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr (GPtrArray) order = g_ptr_array_new ();
      for (guint i = 0; i < waiting->len; i++)
        {
          const StateRow *r = &g_array_index (waiting, StateRow, i);
          const PksFitFlow *x = waiting_flow (c, r);
          if (x == NULL)
            continue;
          int week = (int) ((start - r->since) / 7);
          char *key = g_strdup_printf ("%s\x1f%s\x1f%d\x1f%d", x->unit, x->name, r->stage, week);
          gpointer n = g_hash_table_lookup (bins, key);
          if (n == NULL)
            g_ptr_array_add (order, key);
          /* an existing key stays (the one in order); the new copy is freed */
          g_hash_table_insert (bins, key, GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
        }
      for (guint i = 0; i < order->len; i++)
        {
          const char *key = g_ptr_array_index (order, i);
          g_auto (GStrv) part = g_strsplit (key, "\x1f", 4);
          int week = atoi (part[3]);
          char a[16], b2[16], n[16];
          g_snprintf (a, sizeof a, "%d", week * 7);
          g_snprintf (b2, sizeof b2, "%d", week * 7 + 6);
          g_snprintf (n, sizeof n, "%d", GPOINTER_TO_INT (g_hash_table_lookup (bins, key)));
          const char *cells[] = { part[0], part[1], atoi (part[2]) == PKS_STAGE_FIRST_VISIT
                                  ? "first_visit" : "treatment", a, b2, n };
          row (s, 6, cells);
        }
    }
  else if (with_waiting)
    {
      GString *s = add_file (names, texts, "waitlist.csv");
      const char *h[] = { "unit", "flow", "stage", "since", "priority", "wait_code" };
      row (s, 6, h);
      for (guint i = 0; i < waiting->len; i++)
        {
          const StateRow *r = &g_array_index (waiting, StateRow, i);
          const PksFitFlow *x = waiting_flow (c, r);
          if (x == NULL)
            continue;
          char since[11], prio[4];
          pks_date_format (r->since, since);
          g_snprintf (prio, sizeof prio, "%d", x->priority);
          const char *code = r->code == PKS_WAIT_CODE_PVV ? "PvV" : r->code == PKS_WAIT_CODE_MOV ? "MoV" : "";
          const char *cells[] = { x->unit, x->name,
                                  r->stage == PKS_STAGE_FIRST_VISIT ? "first_visit" : "treatment",
                                  since, prio, code };
          row (s, 6, cells);
        }
    }

  GString *ini = add_file (names, texts, "scenario.ini");
  g_autofree char *base = g_path_get_basename (c->fit->extract_dir);
  static const char *outl[] = { "none", "site", "region" };
  g_string_append_printf (ini,
    "# Fitted by pks fit from %s: the period %s to %s (%u days).\n"
    "# The state on the start date (census.csv, waitlist.csv) is that of the end of\n"
    "# %s, so the run needs no warm-up. fit.csv gives every fitted number with its\n"
    "# 95 %% confidence interval, fit.html the report (docs/fit.md).\n"
    "[scenario]\n"
    "name = %s (pks fit %s – %s)\n"
    "start = %s\n"
    "days = %d\n"
    "warmup_days = 0\n"
    "replications = 30\n"
    "seed = 1\n"
    "\n[tables]\n"
    "units = units.csv\n"
    "flows = flows.csv\n",
    base, from, to, c->period_days, asof, base, from, to, st, days);
  if (n_profile)
    g_string_append (ini, "profiles = profiles.csv\n");
  if (with_census)
    g_string_append (ini, "census = census.csv\n");
  if (with_waiting)
    g_string_append (ini, "waitlist = waitlist.csv\n");
  g_string_append_printf (ini, "\n[policy]\n"
                          "# from ward_unit: %s\n"
                          "outlying = %s\n",
                          !fit->stats[PKS_EXTRACT_ADMISSIONS].has[PKS_COL_WARD]
                          ? "not in the extract, the default kept"
                          : fit->outlying == PKS_OUTLYING_NONE ? "no patient was cared for on another unit's ward"
                          : fit->outlying == PKS_OUTLYING_REGION ? "patients were cared for at other sites"
                          : "patients were cared for on other wards of their own site",
                          outl[fit->outlying]);
}

PksScenario *
pks_fit_load_files (GPtrArray *names, GPtrArray *texts, PksDiags *diags, GError **error)
{
  g_autoptr (PksFiles) files = pks_files_new ();
  for (guint i = 0; i < names->len; i++)
    {
      GString *s = g_ptr_array_index (texts, i);
      g_autofree char *path = g_build_filename ("/pks-fit", g_ptr_array_index (names, i), NULL);
      g_autoptr (GBytes) b = g_bytes_new (s->str, s->len);
      pks_files_add (files, path, b);
    }
  pks_files_seal (files);
  PksScenario *s = pks_scenario_load ("/pks-fit/scenario.ini", NULL, files, diags);
  if (s == NULL)
    {
      g_autofree char *all = pks_diags_format_all (diags, FALSE);
      g_set_error (error, PKS_ERROR, PKS_ERROR_FAILED, "the fitted scenario does not load "
                   "(a bug in pks fit):\n%s", all);
    }
  return s;
}
