/* common.c — error messages, standard output's last check, and the
 * terminal tables shared by the subcommands. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int
pks_cli_finish_stdout (int status)
{
  /* a summary or JSON document that did not reach its reader (a full
   * disk, a closed pipe) is a failure, not a success */
  errno = 0;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int e = errno ? errno : EIO;
      fprintf (stderr, "pks: cannot write to standard output: %s\n", g_strerror (e));
      return status ? status : 1;
    }
  return status;
}

int
pks_cli_fail (const char *cmd, GError *error)
{
  fprintf (stderr, "pks %s: %s\n", cmd, error->message);
  return pks_error_exit_status (error);
}

/* "101.7 ±0.4": a mean and the half-width of its 95 % interval. */
static char *
cell (const PksEstimate *e, int decimals)
{
  if (isnan (e->mean))
    return g_strdup ("–");
  double hw = isnan (e->ci_high) ? NAN : (e->ci_high - e->ci_low) / 2.0;
  if (isnan (hw))
    return g_strdup_printf ("%.*f", decimals, e->mean);
  return g_strdup_printf ("%.*f ±%.*f", decimals, e->mean, decimals, hw);
}

typedef struct {
  PksMetric m;
  const char *head;
  int decimals;
} Col;

static const Col cols[] = {
  { PKS_M_STAFFED_BED_DAYS, "staffed beds", -1 },
  { PKS_M_OCCUPANCY_PCT, "occupancy %", 1 },
  { PKS_M_OVERCROWDED_DAYS, "overcrowded days", 0 },
  { PKS_M_OUTLIED_DAYS, "outlied days", 0 },
  { PKS_M_TRANSFERS_OUT, "out of region", 0 },
  { PKS_M_OPERATIONS, "operations", 0 },
  { PKS_M_CANCELLED_OPERATIONS, "cancelled", 0 },
  { PKS_M_VG_FIRST_VISIT_PCT, "vg 1st visit %", 1 },
  { PKS_M_VG_TREATMENT_PCT, "vg treatment %", 1 },
};

/* width in characters (UTF-8 aware) */
static int
width (const char *s)
{
  return (int) g_utf8_strlen (s, -1);
}

static void
pad (FILE *f, const char *s, int w, gboolean right)
{
  int n = w - width (s);
  if (right)
    for (int i = 0; i < n; i++)
      fputc (' ', f);
  fputs (s, f);
  if (!right)
    for (int i = 0; i < n; i++)
      fputc (' ', f);
}

void
pks_print_summary (const PksSummary *s, FILE *f)
{
  const PksModel *m = s->model;
  guint ns = pks_model_n_sites (m);
  guint rows = 1 + ns, nc = G_N_ELEMENTS (cols);
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  int w[16] = { 0 };
  w[0] = width ("scope");
  for (guint r = 0; r < rows; r++)
    w[0] = MAX (w[0], width (pks_model_entity_name (m, r)));
  for (guint c = 0; c < nc; c++)
    w[c + 1] = width (cols[c].head);
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < nc; c++)
      {
        char *txt;
        if (cols[c].decimals < 0)
          {
            /* staffed beds on an average day */
            const PksEstimate *e = pks_summary_get (s, r, cols[c].m);
            txt = g_strdup_printf ("%.0f", e->mean / MAX (1u, pks_model_n_days (m)));
          }
        else
          txt = cell (pks_summary_get (s, r, cols[c].m), cols[c].decimals);
        w[c + 1] = MAX (w[c + 1], width (txt));
        g_ptr_array_add (cells, txt);
      }
  char start[11];
  pks_date_format (pks_model_start (m), start);
  fprintf (f, "%s — %s + %u days, %u replications (mean ±95 %% CI half-width)\n\n",
           pks_model_scenario_name (m), start, pks_model_n_days (m), s->n_reps);
  pad (f, "", w[0], FALSE);
  for (guint c = 0; c < nc; c++)
    {
      fputs ("  ", f);
      pad (f, cols[c].head, w[c + 1], TRUE);
    }
  fputc ('\n', f);
  for (guint r = 0; r < rows; r++)
    {
      pad (f, pks_model_entity_name (m, r), w[0], FALSE);
      for (guint c = 0; c < nc; c++)
        {
          fputs ("  ", f);
          pad (f, g_ptr_array_index (cells, r * nc + c), w[c + 1], TRUE);
        }
      fputc ('\n', f);
      if (r == 0)
        {
          int total = w[0];
          for (guint c = 0; c < nc; c++)
            total += 2 + w[c + 1];
          for (int i = 0; i < total; i++)
            fputs ("─", f);
          fputc ('\n', f);
        }
    }

  /* the units furthest from the care guarantee */
  guint nu = pks_model_n_units (m);
  g_autofree guint *idx = g_new (guint, nu);
  guint n = 0;
  for (guint u = 0; u < nu; u++)
    {
      const PksEstimate *e = pks_summary_get (s, pks_model_unit_entity (m, u), PKS_M_VG_TREATMENT_PCT);
      if (!isnan (e->mean))
        idx[n++] = u;
    }
  /* selection sort on the treatment share (n is small) */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double a = pks_summary_get (s, pks_model_unit_entity (m, idx[i]), PKS_M_VG_TREATMENT_PCT)->mean;
        double b = pks_summary_get (s, pks_model_unit_entity (m, idx[j]), PKS_M_VG_TREATMENT_PCT)->mean;
        if (b < a)
          {
            guint t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
          }
      }
  if (n > 0)
    {
      fprintf (f, "\nUnits furthest from the care guarantee (share waiting ≤ 90 days, mean of month ends):\n");
      for (guint i = 0; i < MIN (n, 5u); i++)
        {
          guint e = pks_model_unit_entity (m, idx[i]);
          g_autofree char *tr = cell (pks_summary_get (s, e, PKS_M_VG_TREATMENT_PCT), 1);
          g_autofree char *fv = cell (pks_summary_get (s, e, PKS_M_VG_FIRST_VISIT_PCT), 1);
          const PksEstimate *wt = pks_summary_get (s, e, PKS_M_WAITING_TREATMENT);
          fputs ("  ", f);
          pad (f, pks_model_unit_name (m, idx[i]), 40, FALSE);
          fprintf (f, " treatment %s %%   first visit %s %%   waiting for treatment %.0f\n",
                   tr, fv, wt->mean);
        }
    }
}

/* Plans not on equal terms with their base or with each other. */
static void
print_terms (PksPlanChanges *const *changes, const char *const *names, guint np, FILE *f)
{
  guint n = 0;
  for (guint p = 0; changes && p < np; p++)
    for (guint i = 0; i < changes[p]->terms->len; i++)
      {
        if (n++ == 0)
          fputs ("\nNot on equal terms:\n", f);
        g_autofree char *t = pks_plan_term_text (g_ptr_array_index (changes[p]->terms, i), names[p]);
        fprintf (f, "  - %s\n", t);
      }
}

/* What a plan changes: its own rows, keys and cells, then the effective
 * change per unit on one line each, or that nothing simulated changes. */
static void
print_plan_changes (const PksPlanChanges *c, FILE *f)
{
  gboolean head = FALSE, eff = FALSE;
  const char *unit = NULL;
  for (guint i = 0; i < c->rows->len; i++)
    {
      const PksPlanRow *r = g_ptr_array_index (c->rows, i);
      g_autofree char *t = pks_plan_row_text (r);
      if (r->kind == PKS_PLAN_NONE)
        {
          if (unit)
            fputc ('\n', f);
          unit = NULL;
          fprintf (f, "  In short: %s. Every difference below is exactly 0 because nothing "
                      "changed, not because the difference is uncertain.\n", t);
          continue;
        }
      if (r->kind != PKS_PLAN_EFFECT)
        {
          if (!head)
            fputs ("  What the plan changes:\n", f);
          head = TRUE;
          fprintf (f, "    %s\n", t);
          continue;
        }
      if (!eff)
        fputs ("  Effective, plan − base over the period:\n", f);
      eff = TRUE;
      const char *rest = t + strlen (r->name) + 2;
      if (unit && !strcmp (unit, r->name))
        fprintf (f, ", %s", rest);
      else
        fprintf (f, "%s    %s", unit ? "\n" : "", t);
      unit = r->name;
    }
  if (unit)
    fputc ('\n', f);
  if (!head && !c->nothing)
    fputs ("  What the plan changes: no rows of its own\n", f);
}

void
pks_print_compare (GArray *const *rows, const char *const *names, guint np, guint n_reps,
                   PksPlanChanges *const *changes, FILE *f)
{
  static const PksMetric shown[] = {
    PKS_M_OCCUPANCY_PCT, PKS_M_OVERCROWDED_DAYS, PKS_M_OUTLIED_DAYS, PKS_M_TRANSFERS_OUT,
    PKS_M_OPERATIONS, PKS_M_CANCELLED_OPERATIONS, PKS_M_WAITING_FIRST_VISIT,
    PKS_M_WAITING_TREATMENT, PKS_M_VG_FIRST_VISIT_PCT, PKS_M_VG_TREATMENT_PCT,
    PKS_M_WAIT_TREATMENT_MEDIAN_DAYS, PKS_M_TOTAL_COST,
  };
  fprintf (f, "Region, plan − base, paired over %u replications with common random numbers.\n"
              "* = the 95 %% interval of the difference excludes 0.\n", n_reps);
  print_terms (changes, names, np, f);
  for (guint p = 0; p < np; p++)
    {
      fprintf (f, "\n%s\n", names[p]);
      if (changes)
        print_plan_changes (changes[p], f);
      fprintf (f, "  %-28s %14s %14s %14s   %-26s\n", "metric", "base", "plan", "difference",
               "95 % CI");
      for (guint k = 0; k < G_N_ELEMENTS (shown); k++)
        for (guint i = 0; i < rows[p]->len; i++)
          {
            const PksDiffRow *r = &g_array_index (rows[p], PksDiffRow, i);
            if (r->scope != PKS_SCOPE_REGION || r->metric != shown[k])
              continue;
            gboolean sig = !isnan (r->diff.ci_low) && (r->diff.ci_low > 0 || r->diff.ci_high < 0);
            char ci[64];
            if (isnan (r->diff.ci_low))
              g_snprintf (ci, sizeof ci, "–");
            else
              g_snprintf (ci, sizeof ci, "[%.1f, %.1f]", r->diff.ci_low, r->diff.ci_high);
            fprintf (f, "  %-28s %14.1f %14.1f %+14.1f   %-26s %s\n", pks_metric_name (r->metric),
                     r->base_mean, r->plan_mean, r->diff.mean, ci, sig ? "*" : "");
          }
    }
}
