/* common.c — error messages, standard output's last check, and the
 * terminal tables of pks run and pks compare: in the user's language,
 * with units and thousands separators, at most 100 columns wide. */
#include "cli.h"
#include "pks/input/settings.h"

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

/* ---- the metric table's words ---------------------------------------- */


#define WIDTH 100
#define L(lang, sv, en) ((lang) == PKS_LANG_EN ? (en) : (sv))

static char *
num (double v, int decimals, PksLang lang)
{
  return pks_number_text (v, decimals, lang == PKS_LANG_SV);
}

/* "14 437 ±111": a mean and the half-width of its 95 % interval. */
static char *
cell (const PksEstimate *e, int decimals, double scale, PksLang lang)
{
  if (isnan (e->mean))
    return g_strdup ("–");
  g_autofree char *m = num (e->mean * scale, decimals, lang);
  if (isnan (e->ci_high) || e->ci_high - e->ci_low < 1e-12)
    return g_steal_pointer (&m);
  g_autofree char *h = num ((e->ci_high - e->ci_low) / 2 * scale, decimals, lang);
  return g_strdup_printf ("%s ±%s", m, h);
}

/* "−447 ±21": a paired difference with the digits its interval needs, so
 * that a sure difference never reads as one that could be 0. */
static char *
diff_cell (const PksEstimate *d, int decimals, double scale, PksLang lang)
{
  if (isnan (d->mean))
    return g_strdup ("–");
  int dec = pks_interval_decimals (d->ci_low * scale, d->ci_high * scale, decimals, decimals + 3);
  /* and a half-width of some size does not read ±0 */
  double hw0 = (d->ci_high - d->ci_low) / 2 * scale;
  while (dec < decimals + 3 && hw0 > 0 && round (hw0 * pow (10, dec)) == 0)
    dec++;
  g_autofree char *m = num (d->mean * scale, dec, lang);
  const char *sign = d->mean * scale >= 0.5 * pow (10, -dec) ? "+" : "";
  if (isnan (d->ci_high))
    return g_strdup_printf ("%s%s", sign, m);
  g_autofree char *h = num ((d->ci_high - d->ci_low) / 2 * scale, dec, lang);
  gboolean sure = d->ci_low > 0 || d->ci_high < 0;
  return g_strdup_printf ("%s%s ±%s%s", sign, m, h, sure ? "*" : "");
}

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

/* Text as paragraphs of at most WIDTH characters, broken at spaces
 * (a "\n" in text ends a paragraph). */
static void
say (FILE *f, const char *text)
{
  g_auto (GStrv) paras = g_strsplit (text, "\n", -1);
  for (guint p = 0; paras[p]; p++)
    {
      g_auto (GStrv) words = g_strsplit (paras[p], " ", -1);
      int col = 0;
      for (guint i = 0; words[i]; i++)
        {
          int w = width (words[i]);
          if (col > 0 && col + 1 + w > WIDTH)
            {
              fputc ('\n', f);
              col = 0;
            }
          else if (col > 0)
            {
              fputc (' ', f);
              col++;
            }
          fputs (words[i], f);
          col += w;
        }
      if (paras[p + 1])
        fputc ('\n', f);
    }
}

/* One line of text indented by indent spaces, broken at spaces into lines
 * of at most WIDTH characters, the next ones indented two more. */
static void
say_indented (FILE *f, int indent, const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  int col = 0;
  for (guint i = 0; words[i]; i++)
    {
      int w = width (words[i]);
      if (col == 0)
        col = fprintf (f, "%*s", indent, "");
      else if (col + 1 + w > WIDTH)
        {
          col = fprintf (f, "\n%*s", indent + 2, "") - 1;
        }
      else
        {
          fputc (' ', f);
          col++;
        }
      fputs (words[i], f);
      col += w;
    }
  fputc ('\n', f);
}

/* s cut to at most w characters, with "…" where it was cut. */
static char *
cut (const char *s, int w)
{
  if (width (s) <= w)
    return g_strdup (s);
  g_autofree char *head = g_utf8_substring (s, 0, MAX (1, w - 1));
  return g_strconcat (head, "…", NULL);
}

/* A table: rows of cells, the first n_left columns left-aligned (names),
 * the others right-aligned (numbers); headers may have two lines ("a\nb").
 * Printed in blocks of columns that fit WIDTH, the left columns repeated
 * in each block. */
typedef struct {
  guint n_cols, n_left;
  GPtrArray *head;   /* char* per column */
  GPtrArray *cells;  /* char*, row-major */
} Table;

static void
table_init (Table *t, guint n_cols, guint n_left)
{
  t->n_cols = n_cols;
  t->n_left = n_left;
  t->head = g_ptr_array_new_with_free_func (g_free);
  t->cells = g_ptr_array_new_with_free_func (g_free);
}

static void
table_clear (Table *t)
{
  g_ptr_array_unref (t->head);
  g_ptr_array_unref (t->cells);
}

static int
head_width (const char *h)
{
  g_auto (GStrv) l = g_strsplit (h, "\n", 2);
  int w = 0;
  for (guint i = 0; l[i]; i++)
    w = MAX (w, width (l[i]));
  return w;
}

static void
table_print (const Table *t, FILE *f)
{
  guint nr = t->cells->len / t->n_cols;
  g_autofree int *w = g_new0 (int, t->n_cols);
  for (guint c = 0; c < t->n_cols; c++)
    w[c] = head_width (g_ptr_array_index (t->head, c));
  for (guint i = 0; i < t->cells->len; i++)
    w[i % t->n_cols] = MAX (w[i % t->n_cols], width (g_ptr_array_index (t->cells, i)));
  int left = 0;
  for (guint c = 0; c < t->n_left; c++)
    left += w[c] + (c ? 2 : 0);
  for (guint first = t->n_left; first < t->n_cols || first == t->n_left;)
    {
      /* the columns of this block */
      guint last = first;
      int used = left;
      while (last < t->n_cols && (last == first || used + 2 + w[last] <= WIDTH))
        used += 2 + w[last++];
      if (first > t->n_left)
        fputc ('\n', f);
      for (int line = 0; line < 2; line++)
        {
          GString *s = g_string_new (NULL);
          gboolean any = FALSE;
          for (guint c = 0; c < last; c++)
            {
              if (c >= t->n_left && c < first)
                continue;
              g_auto (GStrv) l = g_strsplit (g_ptr_array_index (t->head, c), "\n", 2);
              guint nl = g_strv_length (l);
              /* one-line headers sit on the second line */
              const char *txt = nl == 2 ? l[line] : line == 1 && nl == 1 ? l[0] : "";
              any |= *txt != '\0';
              if (c)
                g_string_append (s, "  ");
              int n = w[c] - width (txt);
              if (c >= t->n_left)
                for (int i = 0; i < n; i++)
                  g_string_append_c (s, ' ');
              g_string_append (s, txt);
              if (c < t->n_left)
                for (int i = 0; i < n; i++)
                  g_string_append_c (s, ' ');
            }
          while (s->len && s->str[s->len - 1] == ' ')
            g_string_truncate (s, s->len - 1);
          if (any)
            fprintf (f, "%s\n", s->str);
          g_string_free (s, TRUE);
        }
      for (int i = 0; i < used; i++)
        fputs ("─", f);
      fputc ('\n', f);
      for (guint r = 0; r < nr; r++)
        {
          for (guint c = 0; c < last; c++)
            {
              if (c >= t->n_left && c < first)
                continue;
              if (c)
                fputs ("  ", f);
              const char *txt = g_ptr_array_index (t->cells, r * t->n_cols + c);
              if (c + 1 == last && c < t->n_left)
                fputs (txt, f);
              else
                pad (f, txt, w[c], c >= t->n_left);
            }
          fputc ('\n', f);
        }
      if (last >= t->n_cols)
        break;
      first = last;
    }
}

/* The unit of a figure as shown: MSEK for costs, "per dag" for staffed
 * beds (per day of the horizon). */
static const char *
unit_text (PksMetric k, PksLang lang)
{
  if (k == PKS_M_STAFFED_BED_DAYS)
    return L (lang, "per dag", "per day");
  return pks_metric_unit_label (k, lang);
}

/* The short label: the terminal's columns are narrow. */
static const char *
label_text (PksMetric k, PksLang lang)
{
  if (k == PKS_M_STAFFED_BED_DAYS)
    return L (lang, "Disponibla vårdplatser", "Staffed beds");
  return pks_metric_short_label (k, lang);
}

/* Shown value = value × scale: costs in MSEK, staffed bed-days per day. */
static double
scale_of (PksMetric k, guint n_days)
{
  if (k == PKS_M_STAFFED_BED_DAYS)
    return 1.0 / MAX (1u, n_days);
  return pks_metric_scale (k);
}

static int
decimals_of (PksMetric k)
{
  return k == PKS_M_STAFFED_BED_DAYS ? 1 : pks_metric_decimals (k);
}

/* A design's key in words: "units[Medicin A].staffed_beds" → "Medicin A:
 * vårdplatser", a scenario key by its label, else the key as written. */
static char *
design_key_text (const char *key, PksLang lang)
{
  static const char *const fields[][3] = {
    { "staffed_beds", "vårdplatser", "staffed beds" },
    { "physical_beds", "fysiska platser", "physical beds" },
    { "or_sessions_per_week", "operationspass/vecka", "OR sessions/week" },
    { "visit_slots_per_week", "nybesökstider/vecka", "visit slots/week" },
    { "turnaround_minutes", "städtid, minuter", "turnaround, minutes" },
  };
  const char *open = strchr (key, '['), *close = open ? strstr (open, "].") : NULL;
  if (close)
    {
      g_autofree char *name = g_strndup (open + 1, (gsize) (close - open - 1));
      const char *field = close + 2;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        if (!strcmp (field, fields[i][0]))
          return g_strdup_printf ("%s:\n%s", name, L (lang, fields[i][1], fields[i][2]));
      return g_strdup_printf ("%s:\n%s", name, field);
    }
  const char *label = pks_setting_label (key, lang);
  if (label == NULL)
    return g_strdup (key);
  /* a long label on the header's two lines, broken at the space nearest
   * its middle */
  int w = width (label);
  if (w <= 24)
    return g_strdup (label);
  const char *best = NULL;
  int best_d = w;
  for (const char *c = strchr (label, ' '); c; c = strchr (c + 1, ' '))
    {
      int d = abs (2 * (int) g_utf8_pointer_to_offset (label, c) - w);
      if (d < best_d)
        best_d = d, best = c;
    }
  if (best == NULL)
    return g_strdup (label);
  return g_strdup_printf ("%.*s\n%s", (int) (best - label), label, best + 1);
}

void
pks_print_sweep (const PksSweep *sw, const PksDesign *d, const char *base_name, guint n_reps,
                 guint n_days, const char *measures, PksLang lang, FILE *f)
{
  PksMetric want[16], ms[16];
  guint nw = pks_report_measures (measures, want, G_N_ELEMENTS (want)), n = 0;
  /* costs only where a point or the base has any, as pks compare */
  for (guint i = 0; i < nw; i++)
    {
      gboolean any = pks_metric_unit (want[i]) != PKS_MU_SEK;
      for (guint p = 0; !any && p <= d->n_points; p++)
        {
          PksSweepRow r;
          any = pks_sweep_row (sw, p, 0, want[i], &r) && fabs (r.mean.mean) > 0;
        }
      if (any)
        ms[n++] = want[i];
    }
  g_autofree char *head = g_strdup_printf (
    L (lang, "Svepet: %u punkter mot %s, %u replikeringar vardera, parvis med gemensamma "
             "slumptal. Regionens värde för basen, punkt − bas ± halva 95 %%-konfidensintervallet "
             "för punkterna; * = säker skillnad (intervallet utesluter 0).\n\n",
       "The sweep: %u points against %s, %u replications each, paired by common random numbers. "
       "The region's value for the base, point − base ± half the 95 %% confidence interval for "
       "the points; * = a sure difference (the interval excludes 0).\n\n"),
    d->n_points, base_name, n_reps);
  say (f, head);
  Table tb;
  table_init (&tb, 1 + d->n_factors + n, 1 + d->n_factors);
  g_ptr_array_add (tb.head, g_strdup (L (lang, "Punkt", "Point")));
  for (guint j = 0; j < d->n_factors; j++)
    g_ptr_array_add (tb.head, design_key_text (d->keys[j], lang));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (tb.head, g_strdup_printf ("%s\n%s", label_text (ms[i], lang),
                                               unit_text (ms[i], lang)));
  for (guint p = 0; p <= d->n_points; p++)
    {
      g_ptr_array_add (tb.cells, p == 0 ? g_strdup (L (lang, "bas", "base"))
                                        : cut (d->names[p - 1], 26));
      for (guint j = 0; j < d->n_factors; j++)
        {
          const char *v = p == 0 ? "" : d->values[p - 1][j];
          g_ptr_array_add (tb.cells, *v ? pks_setting_value_text (d->keys[j], v, lang)
                                        : g_strdup (p == 0 ? "" : L (lang, "(som basen)", "(as base)")));
        }
      for (guint i = 0; i < n; i++)
        {
          PksSweepRow r;
          int dec = decimals_of (ms[i]);
          double sc = scale_of (ms[i], n_days);
          if (!pks_sweep_row (sw, p, 0, ms[i], &r))
            g_ptr_array_add (tb.cells, g_strdup ("–"));
          else if (p == 0)
            g_ptr_array_add (tb.cells, isnan (r.mean.mean) ? g_strdup ("–")
                                                           : num (r.mean.mean * sc, dec, lang));
          else
            g_ptr_array_add (tb.cells, diff_cell (&r.diff, dec, sc, lang));
        }
    }
  table_print (&tb, f);
  table_clear (&tb);
}

static gboolean
has_costs (const PksSummary *s)
{
  const PksEstimate *e = pks_summary_get (s, 0, PKS_M_TOTAL_COST);
  return !isnan (e->mean) && fabs (e->mean) > 0;
}

void
pks_print_summary (const PksSummary *s, double limit_days, PksLang lang, FILE *f)
{
  static const PksMetric rows[] = {
    PKS_M_STAFFED_BED_DAYS, PKS_M_OCCUPANCY_PCT, PKS_M_ADMISSIONS, PKS_M_OVERCROWDED_DAYS,
    PKS_M_OUTLIED_DAYS, PKS_M_TRANSFERS_OUT, PKS_M_OPERATIONS, PKS_M_CANCELLED_OPERATIONS,
    PKS_M_WAITING_TREATMENT, PKS_M_VG_FIRST_VISIT_PCT, PKS_M_VG_TREATMENT_PCT, PKS_M_TOTAL_COST,
  };
  const PksModel *m = s->model;
  guint ns = pks_model_n_sites (m), nd = pks_model_n_days (m);
  char start[11], end[11];
  pks_date_format (pks_model_start (m), start);
  pks_date_format (pks_model_start (m) + nd - 1, end);
  g_autofree char *head = g_strdup_printf (
    L (lang, "%s: %s – %s (%u dagar), %u replikeringar.\nMedelvärde ± halva 95 %%-konfidensintervallet. "
             "Disponibla vårdplatser och beläggning räknar de somatiska vårdplatserna, som regionens "
             "statistik.\n\n",
       "%s: %s – %s (%u days), %u replications.\nMean ± half the 95 %% confidence interval. Staffed "
       "beds and occupancy count the somatic beds, as the region's statistics do.\n\n"),
    pks_model_scenario_name (m), start, end, nd, s->n_reps);
  say (f, head);
  Table t;
  table_init (&t, 3 + ns, 2);
  g_ptr_array_add (t.head, g_strdup (""));
  g_ptr_array_add (t.head, g_strdup (""));
  for (guint e = 0; e <= ns; e++)
    g_ptr_array_add (t.head, g_strdup (pks_model_entity_name (m, e)));
  gboolean costs = has_costs (s);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      PksMetric k = rows[i];
      if (pks_metric_unit (k) == PKS_MU_SEK && !costs)
        continue;
      g_ptr_array_add (t.cells, g_strdup (label_text (k, lang)));
      g_ptr_array_add (t.cells, g_strdup (unit_text (k, lang)));
      for (guint e = 0; e <= ns; e++)
        g_ptr_array_add (t.cells, cell (pks_summary_get (s, e, k), decimals_of (k), scale_of (k, nd),
                                        lang));
    }
  table_print (&t, f);
  table_clear (&t);

  /* the units furthest from the care guarantee */
  guint nu = pks_model_n_units (m);
  g_autofree guint *idx = g_new (guint, MAX (1u, nu));
  guint n = 0;
  for (guint u = 0; u < nu; u++)
    if (!isnan (pks_summary_get (s, pks_model_unit_entity (m, u), PKS_M_VG_TREATMENT_PCT)->mean))
      idx[n++] = u;
  /* selection sort on the treatment share (n is small) */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        double a = pks_summary_get (s, pks_model_unit_entity (m, idx[i]), PKS_M_VG_TREATMENT_PCT)->mean;
        double b = pks_summary_get (s, pks_model_unit_entity (m, idx[j]), PKS_M_VG_TREATMENT_PCT)->mean;
        if (b < a)
          {
            guint tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
          }
      }
  if (n == 0)
    return;
  g_autofree char *limit = num (limit_days, 0, lang);
  g_autofree char *vg = g_strdup_printf (
    L (lang, "\nEnheterna längst från vårdgarantin (andel väntande inom %s dagar, medel över "
             "månadsskiften):\n",
       "\nUnits furthest from the care guarantee (share waiting within %s days, mean of month "
       "ends):\n"), limit);
  say (f, vg);
  table_init (&t, 4, 1);
  g_ptr_array_add (t.head, g_strdup (L (lang, "Enhet", "Unit")));
  g_ptr_array_add (t.head, g_strdup (L (lang, "Behandling\n%", "Treatment\n%")));
  g_ptr_array_add (t.head, g_strdup (L (lang, "Nybesök\n%", "First visit\n%")));
  g_ptr_array_add (t.head, g_strdup (L (lang, "Väntar på\nbehandling", "Waiting for\ntreatment")));
  for (guint i = 0; i < MIN (n, 5u); i++)
    {
      guint e = pks_model_unit_entity (m, idx[i]);
      g_ptr_array_add (t.cells, cut (pks_model_unit_name (m, idx[i]), 44));
      g_ptr_array_add (t.cells, cell (pks_summary_get (s, e, PKS_M_VG_TREATMENT_PCT), 1, 1, lang));
      g_ptr_array_add (t.cells, cell (pks_summary_get (s, e, PKS_M_VG_FIRST_VISIT_PCT), 1, 1, lang));
      g_ptr_array_add (t.cells, num (pks_summary_get (s, e, PKS_M_WAITING_TREATMENT)->mean, 0, lang));
    }
  table_print (&t, f);
  table_clear (&t);
}

/* ---- pks compare ------------------------------------------------------- */

static const PksDiffRow *
region_row (GArray *rows, PksMetric k)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const PksDiffRow *r = &g_array_index (rows, PksDiffRow, i);
      if (r->scope == PKS_SCOPE_REGION && r->metric == k)
        return r;
    }
  return NULL;
}

typedef struct {
  guint plan;
  double key;       /* the first measure's difference, in its better direction */
} Rank;

static int
by_key (gconstpointer a, gconstpointer b)
{
  const Rank *x = a, *y = b;
  if (x->key != y->key)
    return isnan (x->key) ? 1 : isnan (y->key) ? -1 : x->key > y->key ? -1 : 1;
  return x->plan < y->plan ? -1 : x->plan > y->plan;
}

/* The paired difference plan a − plan b on metric k, from the pairs. */
static gboolean
pair_diff (const PksCompareTable *t, const char *a, const char *b, PksMetric k, PksEstimate *out)
{
  for (guint i = 0; i < t->n_pairs; i++)
    {
      gboolean fwd = !strcmp (t->pair_plan[i], a) && !strcmp (t->pair_other[i], b);
      gboolean back = !strcmp (t->pair_plan[i], b) && !strcmp (t->pair_other[i], a);
      if (!fwd && !back)
        continue;
      const PksDiffRow *r = region_row (t->pairs[i], k);
      if (r == NULL)
        return FALSE;
      *out = r->diff;
      if (back)
        *out = (PksEstimate) { -r->diff.mean, -r->diff.ci_high, -r->diff.ci_low, r->diff.n };
      return TRUE;
    }
  return FALSE;
}

static void print_plan_changes (const PksPlanChanges *c, PksLang lang, FILE *f);

/* One plan's region figures against the base (--details). */
static void
print_details (const PksCompareTable *t, guint p, FILE *f)
{
  static const PksMetric shown[] = {
    PKS_M_STAFFED_BED_DAYS, PKS_M_OCCUPANCY_PCT, PKS_M_ADMISSIONS, PKS_M_OVERCROWDED_DAYS,
    PKS_M_OUTLIED_DAYS, PKS_M_TRANSFERS_OUT, PKS_M_OPERATIONS, PKS_M_CANCELLED_OPERATIONS,
    PKS_M_WAITING_FIRST_VISIT, PKS_M_WAITING_TREATMENT, PKS_M_VG_FIRST_VISIT_PCT,
    PKS_M_VG_TREATMENT_PCT, PKS_M_WAIT_TREATMENT_MEDIAN_DAYS, PKS_M_TOTAL_COST,
  };
  PksLang lang = t->lang;
  fprintf (f, "\n%s\n", t->names[p]);
  if (t->changes)
    print_plan_changes (t->changes[p], lang, f);
  Table tb;
  table_init (&tb, 5, 2);
  const char *head[] = { "", "", L (lang, "Basen", "Base"), L (lang, "Planen", "Plan"),
                         L (lang, "Skillnad ±95 % KI", "Difference ±95 % CI") };
  for (guint c = 0; c < 5; c++)
    g_ptr_array_add (tb.head, g_strdup (head[c]));
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      PksMetric k = shown[i];
      const PksDiffRow *r = region_row (t->rows[p], k);
      if (r == NULL || (pks_metric_unit (k) == PKS_MU_SEK && fabs (r->base_mean) < 1e-9
                        && fabs (r->plan_mean) < 1e-9))
        continue;
      double sc = scale_of (k, t->n_days);
      int dec = decimals_of (k);
      g_ptr_array_add (tb.cells, g_strdup (label_text (k, lang)));
      g_ptr_array_add (tb.cells, g_strdup (unit_text (k, lang)));
      g_ptr_array_add (tb.cells, num (r->base_mean * sc, dec, lang));
      g_ptr_array_add (tb.cells, num (r->plan_mean * sc, dec, lang));
      g_ptr_array_add (tb.cells, diff_cell (&r->diff, dec, sc, lang));
    }
  table_print (&tb, f);
  table_clear (&tb);
}

/* Plans not on equal terms with their base or with each other. */
/* A plan's term in Swedish (the English is pks_plan_term_text's): its
 * own file against the base, or its size and first day against another
 * plan. (transfer full) */
static char *
term_sv (const PksPlanTerm *t, const char *plan, PksPlanChanges *const *all, const char *const *names,
         guint np)
{
  const char *w = t->what;
  if (!strcmp (w, "start"))
    return g_strdup_printf ("%s börjar %s, basen %s: perioderna är olika", plan, t->value, t->other);
  if (!strcmp (w, "days"))
    return g_strdup_printf ("%s simulerar %s dagar, basen %s: perioderna är olika", plan, t->value,
                            t->other);
  if (!strcmp (w, "warmup_days"))
    return g_strdup_printf ("%s har %s dagars insvängning, basen %s", plan, t->value, t->other);
  if (!strcmp (w, "seed"))
    return g_strdup_printf ("%s har slumpfrö %s i sin fil, basen %s: jämförelsen körde alla med "
                            "basens, så parningen håller", plan, t->value, t->other);
  if (!strcmp (w, "replications"))
    return g_strdup_printf ("%s anger %s replikeringar i sin fil, basen %s: jämförelsen körde "
                            "basens antal", plan, t->value, t->other);
  if (!strcmp (w, "size") || !strcmp (w, "first_day"))
    {
      /* the sizes themselves, from each plan's PksPlanSize */
      const PksPlanSize *me = NULL, *other = NULL;
      for (guint p = 0; p < np; p++)
        {
          if (!strcmp (names[p], plan))
            me = &all[p]->size;
          if (t->against && !strcmp (names[p], t->against))
            other = &all[p]->size;
        }
      if (me && other && !strcmp (w, "size"))
        {
          char a[11], b[11];
          pks_date_format (me->first, a);
          pks_date_format (other->first, b);
          g_autofree char *x = pks_number_text (me->beds, 0, TRUE), *y = pks_number_text (other->beds, 0, TRUE);
          g_autofree char *xd = pks_number_text (me->bed_days, 0, TRUE),
                          *yd = pks_number_text (other->bed_days, 0, TRUE);
          return g_strdup_printf ("%s tillför %s disponibla vårdplatser från %s (%s vårdplatsdygn), %s "
                                  "%s från %s (%s): planerna är olika stora", plan, x, a, xd, t->against,
                                  y, b, yd);
        }
      return g_strdup_printf ("%s ändrar vårdplatserna från %s, %s från %s: olika startdatum", plan,
                              t->value, t->against, t->other);
    }
  return g_strdup_printf ("%s: %s %s, basen %s", plan, w, t->value, t->other);
}

/* Plans not on equal terms, in the user's language: every term with
 * --details; else those of a plan's own file against the base, and the
 * plans' sizes and first days in one sentence (the table's column of beds
 * per day shows the sizes), so eleven plans stay a screenful. */
static void
print_terms (const PksCompareTable *t, FILE *f)
{
  guint n = 0, between = 0;
  for (guint p = 0; t->changes && p < t->n_plans; p++)
    for (guint i = 0; i < t->changes[p]->terms->len; i++)
      {
        const PksPlanTerm *term = g_ptr_array_index (t->changes[p]->terms, i);
        if (term->against && !t->details)
          {
            between++;
            continue;
          }
        if (n++ == 0)
          say (f, L (t->lang, "\nInte på lika villkor:\n", "\nNot on equal terms:\n"));
        g_autofree char *x = t->lang == PKS_LANG_EN
                             ? pks_plan_term_text (term, t->names[p])
                             : term_sv (term, t->names[p], t->changes, t->names, t->n_plans);
        g_autofree char *line = g_strdup_printf ("- %s", x);
        say_indented (f, 2, line);
      }
  if (between)
    {
      g_autofree char *line = g_strdup_printf (
        L (t->lang, "%sPlanerna är olika stora eller ändrar vårdplatserna från olika dagar (%u fall): "
                    "jämför dem per tillagd vårdplats; --details visar vilka.\n",
           "%sThe plans differ in size or change beds from different days (%u cases): compare them "
           "per added bed; --details shows which.\n"),
        n ? "" : "\n", between);
      say (f, line);
    }
}

/* What an effect row counts, in words. */
static const char *
effect_sv (const char *item)
{
  static const char *const w[][2] = {
    { "staffed_bed_days", "disponibla vårdplatsdygn" },
    { "planned_staffed_bed_days", "planerade vårdplatsdygn" },
    { "physical_bed_days", "fysiska vårdplatsdygn" },
    { "or_sessions_offered", "operationspass" },
    { "visit_slots_offered", "nybesökstider" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    if (!strcmp (item, w[i][0]))
      return w[i][1];
  return item;
}

/* One row of what a plan changes, in Swedish (the English is
 * pks_plan_row_text's): a plan's own row as written, a setting in words,
 * a table cell, an effect. (transfer full) */
static char *
row_sv (const PksPlanRow *r)
{
  switch (r->kind)
    {
    case PKS_PLAN_CHANGE:
    case PKS_PLAN_STAFFING:
      {
        g_autofree char *src = pks_setting_origin_text (r->source, PKS_LANG_SV);
        g_autofree char *d = r->kind == PKS_PLAN_STAFFING
                             ? g_strdup_printf ("%s, %s %s", r->name, r->item, r->detail)
                             : g_strdup (r->detail);
        return r->source ? g_strdup_printf ("%s: %s", src, d) : g_strdup (d);
      }
    case PKS_PLAN_KEY:
      {
        const char *label = pks_setting_label (r->name, PKS_LANG_SV);
        g_autofree char *vp = pks_setting_value_text (r->name, r->plan, PKS_LANG_SV);
        g_autofree char *vb = pks_setting_value_text (r->name, r->base, PKS_LANG_SV);
        return g_strdup_printf ("%s: %s (basen: %s)", label ? label : r->name,
                                r->plan ? vp : "(inget)", r->base ? vb : "(inget)");
      }
    case PKS_PLAN_CELL:
      if (r->item == NULL)
        return g_strdup_printf ("%s: %s", r->name, r->detail);
      return g_strdup_printf ("%s.%s = %s (basen: %s)", r->name, r->item, r->plan, r->base);
    case PKS_PLAN_EFFECT:
      {
        if (!strcmp (r->item, "staff_cost"))
          {
            g_autofree char *c = pks_number_text (r->diff / 1e6, 2, TRUE);
            return g_strdup_printf ("%s: personalkostnad %s%s MSEK", r->name, r->diff > 0 ? "+" : "", c);
          }
        g_autofree char *d = pks_number_text (r->diff, fabs (r->diff - round (r->diff)) < 1e-9 ? 0 : 1, TRUE);
        return g_strdup_printf ("%s: %s %s%s", r->name, effect_sv (r->item), r->diff > 0 ? "+" : "", d);
      }
    case PKS_PLAN_NONE:
      return g_strdup ("inget som simuleras skiljer sig från basen");
    }
  return g_strdup ("");
}

/* What a plan changes: its own rows, keys and cells, then the effective
 * change per unit on one line each, or that nothing simulated changes. */
static void
print_plan_changes (const PksPlanChanges *c, PksLang lang, FILE *f)
{
  gboolean head = FALSE, eff = FALSE, en = lang == PKS_LANG_EN;
  const char *unit = NULL;
  int col = 0;
  for (guint i = 0; i < c->rows->len; i++)
    {
      const PksPlanRow *r = g_ptr_array_index (c->rows, i);
      g_autofree char *t = en ? pks_plan_row_text (r) : row_sv (r);
      if (r->kind == PKS_PLAN_NONE)
        {
          if (unit)
            fputc ('\n', f);
          unit = NULL;
          fprintf (f, en ? "  In short: %s. Every difference below is exactly 0 because nothing "
                           "changed, not because the difference is uncertain.\n"
                         : "  Kort sagt: %s. Varje skillnad nedan är exakt 0 för att inget ändrats, "
                           "inte för att skillnaden är osäker.\n", t);
          continue;
        }
      if (r->kind != PKS_PLAN_EFFECT)
        {
          if (!head)
            fputs (en ? "  What the plan changes:\n" : "  Vad planen ändrar:\n", f);
          head = TRUE;
          say_indented (f, 4, t);
          continue;
        }
      if (!eff)
        fputs (en ? "  Effective, plan − base over the period:\n" : "  I effekt, plan − bas under perioden:\n", f);
      eff = TRUE;
      const char *rest = t + strlen (r->name) + 2;
      if (unit && !strcmp (unit, r->name) && col + 2 + width (rest) <= WIDTH)
        {
          fprintf (f, ", %s", rest);
          col += 2 + width (rest);
        }
      else if (unit && !strcmp (unit, r->name))
        {
          /* the same unit's next figure on a line of its own: 100 columns */
          fprintf (f, ",\n      %s", rest);
          col = 6 + width (rest);
        }
      else
        {
          fprintf (f, "%s    %s", unit ? "\n" : "", t);
          col = 4 + width (t);
        }
      unit = r->name;
    }
  if (unit)
    fputc ('\n', f);
  if (!head && !c->nothing)
    fputs (en ? "  What the plan changes: no rows of its own\n" : "  Vad planen ändrar: inga egna rader\n", f);
}

void
pks_print_compare (const PksCompareTable *t, FILE *f)
{
  PksLang lang = t->lang;
  PksMetric want[16];
  guint nm = pks_report_measures (t->measures, want, G_N_ELEMENTS (want));
  /* costs only where a plan or the base has any */
  PksMetric ms[16];
  guint n = 0;
  for (guint i = 0; i < nm; i++)
    {
      gboolean any = FALSE;
      for (guint p = 0; p < t->n_plans; p++)
        {
          const PksDiffRow *r = region_row (t->rows[p], want[i]);
          any |= r && (pks_metric_unit (want[i]) != PKS_MU_SEK || fabs (r->base_mean) > 0
                       || fabs (r->plan_mean) > 0);
        }
      if (any)
        ms[n++] = want[i];
    }
  if (n == 0)
    return;
  PksMetric first = ms[0];
  int better = pks_metric_better (first);
  g_autofree Rank *rank = g_new (Rank, MAX (1u, t->n_plans));
  for (guint p = 0; p < t->n_plans; p++)
    {
      const PksDiffRow *r = region_row (t->rows[p], first);
      rank[p] = (Rank) { p, r ? r->diff.mean * (better ? better : -1) : NAN };
    }
  qsort (rank, t->n_plans, sizeof (Rank), by_key);

  g_autofree char *first_label = g_utf8_strdown (label_text (first, lang), -1);
  g_autofree char *head = g_strdup_printf (
    L (lang, "Planerna mot basen, parvis över %u replikeringar med gemensamma slumptal, rangordnade "
             "efter %s (%s). Skillnad plan − bas ± halva 95 %%-konfidensintervallet; * = säker "
             "skillnad (intervallet utesluter 0).\n\n",
       "The plans against the base, paired over %u replications with common random numbers, "
       "ranked on %s (%s). Difference plan − base ± half the 95 %% confidence interval; * = a "
       "sure difference (the interval excludes 0).\n\n"),
    t->n_reps, first_label,
    better > 0 ? L (lang, "högre är bättre", "higher is better")
               : better < 0 ? L (lang, "lägre är bättre", "lower is better")
                            : L (lang, "störst ökning först", "largest increase first"));
  say (f, head);
  Table tb;
  /* rank, plan, added staffed beds per day, then the measures, the first
   * also per added bed */
  guint nc = 3 + n + 1;
  table_init (&tb, nc, 2);
  g_ptr_array_add (tb.head, g_strdup ("#"));
  g_ptr_array_add (tb.head, g_strdup ("Plan"));
  g_ptr_array_add (tb.head, g_strdup (L (lang, "Vårdplatser\nper dag", "Staffed beds\nper day")));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *u = g_strdup (unit_text (ms[i], lang));
      g_ptr_array_add (tb.head, g_strdup_printf ("%s\n%s", pks_metric_short_label (ms[i], lang), u));
      if (i == 0)
        g_ptr_array_add (tb.head, g_strdup (L (lang, "Per tillagd\nvårdplats", "Per added\nbed")));
    }
  for (guint j = 0; j < t->n_plans; j++)
    {
      guint p = rank[j].plan;
      g_ptr_array_add (tb.cells, g_strdup_printf ("%u", j + 1));
      g_ptr_array_add (tb.cells, cut (t->names[p], 26));
      const PksDiffRow *beds = region_row (t->rows[p], PKS_M_STAFFED_BED_DAYS);
      double added = beds ? beds->diff.mean / MAX (1u, t->n_days) : NAN;
      g_autofree char *ab = num (added, 1, lang);
      g_ptr_array_add (tb.cells, g_strdup_printf ("%s%s", added >= 0.05 ? "+" : "", ab));
      for (guint i = 0; i < n; i++)
        {
          const PksDiffRow *r = region_row (t->rows[p], ms[i]);
          int dec = decimals_of (ms[i]);
          double sc = scale_of (ms[i], t->n_days);
          g_ptr_array_add (tb.cells, r ? diff_cell (&r->diff, dec, sc, lang) : g_strdup ("–"));
          if (i > 0)
            continue;
          /* per added bed: the interval scaled by the (fixed) beds added */
          if (r && fabs (added) >= 0.05)
            {
              PksEstimate pb = { r->diff.mean * sc / added, r->diff.ci_low * sc / added,
                                 r->diff.ci_high * sc / added, r->diff.n };
              if (added < 0)
                pb = (PksEstimate) { pb.mean, pb.ci_high, pb.ci_low, pb.n };
              g_ptr_array_add (tb.cells, diff_cell (&pb, MAX (dec, 1), 1, lang));
            }
          else
            g_ptr_array_add (tb.cells, g_strdup ("–"));
        }
    }
  table_print (&tb, f);
  table_clear (&tb);

  /* is the first surely ahead of the second? */
  if (t->n_plans > 1)
    {
      const char *a = t->names[rank[0].plan], *b = t->names[rank[1].plan];
      PksEstimate d;
      if (pair_diff (t, a, b, first, &d))
        {
          int dec = decimals_of (first);
          double sc = scale_of (first, t->n_days);
          int dd = pks_interval_decimals (d.ci_low * sc, d.ci_high * sc, dec, dec + 3);
          g_autofree char *dm = num (d.mean * sc, dd, lang), *lo = num (d.ci_low * sc, dd, lang),
                          *hi = num (d.ci_high * sc, dd, lang);
          gboolean sure = d.ci_low > 0 || d.ci_high < 0;
          g_autofree char *line = g_strdup_printf (
            L (lang, "\n%s − %s: %s %s (95\u00a0%% KI %s till %s): %s.\n",
               "\n%s − %s: %s %s (95\u00a0%% CI %s to %s): %s.\n"),
            a, b, dm, unit_text (first, lang), lo, hi,
            sure ? L (lang, "en säker skillnad mellan planerna", "a sure difference between the plans")
                 : L (lang, "ingen säker skillnad mellan planerna",
                      "no sure difference between the plans"));
          say (f, line);
        }
    }
  print_terms (t, f);
  if (t->details)
    for (guint j = 0; j < t->n_plans; j++)
      print_details (t, rank[j].plan, f);
  else
    say (f, L (lang, "\nFler nyckeltal per plan: --details; alla med --report, --xlsx eller --out.\n",
               "\nMore figures per plan: --details; all of them with --report, --xlsx or --out.\n"));
}
