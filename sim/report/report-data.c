/* report-data.c — reading an output directory back for the report:
 * run.json, summary.csv, daily.csv, daily_sites.csv, monthly_bands.csv;
 * for a comparison, compare.csv and the per-scenario subfolders; for an
 * optimisation, optimise.csv.
 * The report is computed from these files only, so `pks report DIR` gives
 * the same report as `--report` did when the run wrote DIR. */
#include "report-internal.h"
#include "pks/core/error.h"
#include "pks/input/load.h"
#include "pks/stats/stats.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

static void
est_free (RpEst *e)
{
  g_free (e->s_mean);
  g_free (e->s_lo);
  g_free (e->s_hi);
  g_free (e);
}

static void
entity_free (RpEntity *e)
{
  g_free (e->scope);
  g_free (e->name);
  g_hash_table_unref (e->metrics);
  g_free (e);
}

static void
daily_free (RpDaily *d)
{
  g_free (d->scope);
  g_free (d->name);
  g_free (d->staffed);
  g_free (d->mean);
  g_free (d->p10);
  g_free (d->p90);
  g_free (d->overcrowded);
  g_free (d);
}

static void
monthly_free (RpMonthly *m)
{
  g_free (m->unit);
  for (int k = 0; k < 2; k++)
    {
      g_free (m->mean[k]);
      g_free (m->p10[k]);
      g_free (m->p90[k]);
    }
  g_free (m);
}

static void
setting_free (RpSetting *s)
{
  g_free (s->key);
  g_free (s->value);
  g_free (s->origin);
  g_free (s);
}

static void
diff_free (RpDiff *d)
{
  g_free (d->scope);
  g_free (d->name);
  g_free (d->metric);
  g_free (d->s_base);
  g_free (d->s_plan);
  g_free (d->s_diff);
  g_free (d->s_lo);
  g_free (d->s_hi);
  g_free (d);
}

static void
pair_free (RpPair *p)
{
  g_free (p->plan);
  g_free (p->other);
  g_free (p->metric);
  g_free (p);
}

static void
day_diff_free (RpDayDiff *d)
{
  g_free (d->scope);
  g_free (d->name);
  g_free (d->staffed);
  for (int k = 0; k < 3; k++)
    {
      g_free (d->census[k]);
      g_free (d->over[k]);
    }
  g_free (d);
}

static void
run_free (RpRun *r)
{
  if (r == NULL)
    return;
  g_free (r->dir);
  g_strfreev (r->tables);
  g_free (r->scenario);
  g_free (r->region);
  g_free (r->file);
  g_free (r->run_date);
  g_free (r->version);
  g_ptr_array_unref (r->settings);
  g_ptr_array_unref (r->entities);
  g_hash_table_unref (r->by_name);
  g_ptr_array_unref (r->census);
  g_ptr_array_unref (r->units_daily);
  g_strfreev (r->months);
  g_ptr_array_unref (r->monthly);
  if (r->region_reps)
    g_hash_table_unref (r->region_reps);
  g_free (r);
}

static void
alloc_free (RpAlloc *a)
{
  g_free (a->allocation);
  for (guint i = 0; a->shares && i < a->shares->len; i++)
    g_free (g_array_index (a->shares, RpShare, i).unit);
  if (a->shares)
    g_array_unref (a->shares);
  g_free (a->objective.s_mean);
  g_free (a->objective.s_lo);
  g_free (a->objective.s_hi);
  g_free (a->gap.s_mean);
  g_free (a->gap.s_lo);
  g_free (a->gap.s_hi);
  g_free (a);
}

static void
optimise_free (RpOptimise *o)
{
  if (o == NULL)
    return;
  g_free (o->resource);
  g_free (o->objective);
  g_ptr_array_unref (o->units);
  g_ptr_array_unref (o->ranked);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpOptimise, optimise_free)

void
rp_data_free (RpData *d)
{
  if (d == NULL)
    return;
  optimise_free (d->optimise);
  g_free (d->dir);
  g_free (d->run_date);
  run_free (d->base);
  g_ptr_array_unref (d->plans);
  g_ptr_array_unref (d->plan_names);
  g_ptr_array_unref (d->diffs);
  if (d->plan_info)
    g_ptr_array_unref (d->plan_info);
  g_ptr_array_unref (d->pairs);
  g_ptr_array_unref (d->day_diffs);
  g_free (d);
}

static gboolean
bad (GError **error, const char *path, const char *what)
{
  g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "%s: %s", path, what);
  return FALSE;
}

/* A CSV output file: its rows (header first) with the named columns found. */
typedef struct {
  char *path;
  GPtrArray *rows;
  int col[12];
} Csv;

static void
csv_clear (Csv *c)
{
  g_free (c->path);
  if (c->rows)
    g_ptr_array_unref (c->rows);
}

static gboolean
csv_open (Csv *c, const char *dir, const char *name, const char *const *cols, GError **error)
{
  memset (c, 0, sizeof *c);
  c->path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) e = NULL;
  if (!g_file_get_contents (c->path, &data, &len, &e))
    return bad (error, c->path,
                "cannot read it; is this an output folder of pks run, pks compare or pks optimise?");
  g_autoptr (PksDiags) diags = pks_diags_new ();
  g_autoptr (GArray) lines = NULL;
  if (!pks_csv_read_rows (c->path, data, len, &c->rows, &lines, NULL, diags) || c->rows->len == 0)
    return bad (error, c->path, "not a readable CSV file");
  GPtrArray *hdr = g_ptr_array_index (c->rows, 0);
  for (guint k = 0; cols[k]; k++)
    {
      c->col[k] = -1;
      for (guint i = 0; i < hdr->len; i++)
        if (!strcmp (g_ptr_array_index (hdr, i), cols[k]))
          c->col[k] = (int) i;
      if (c->col[k] < 0)
        {
          g_autofree char *msg = g_strdup_printf ("the column '%s' is missing", cols[k]);
          return bad (error, c->path, msg);
        }
    }
  return TRUE;
}

static const char *
cell (const Csv *c, guint row, int k)
{
  GPtrArray *r = g_ptr_array_index (c->rows, row);
  int col = c->col[k];
  return (guint) col < r->len ? g_ptr_array_index (r, col) : "";
}

/* A number of an output file: as pks writes it, or with a decimal comma
 * (--csv-dialect excel-sv). */
static double
num (const char *s)
{
  if (s == NULL || *s == '\0')
    return NAN;
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);
  if (end && *end == ',' && strchr (s, '.') == NULL)
    {
      g_autofree char *dot = g_strdup (s);
      dot[end - s] = '.';
      v = g_ascii_strtod (dot, &end);
      return end && *end == '\0' ? v : NAN;
    }
  return end && *end == '\0' ? v : NAN;
}

static char *
key_of (const char *scope, const char *name)
{
  return g_strconcat (scope, "/", name, NULL);
}

static gboolean
load_summary (RpRun *r, GError **error)
{
  static const char *const cols[] = { "scope", "name", "metric", "mean", "ci_low", "ci_high", NULL };
  Csv c;
  gboolean ok = csv_open (&c, r->dir, "summary.csv", cols, error);
  for (guint i = 1; ok && i < c.rows->len; i++)
    {
      g_autofree char *key = key_of (cell (&c, i, 0), cell (&c, i, 1));
      RpEntity *e = g_hash_table_lookup (r->by_name, key);
      if (e == NULL)
        {
          e = g_new0 (RpEntity, 1);
          e->scope = g_strdup (cell (&c, i, 0));
          e->name = g_strdup (cell (&c, i, 1));
          e->metrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) est_free);
          g_ptr_array_add (r->entities, e);
          g_hash_table_insert (r->by_name, g_steal_pointer (&key), e);
        }
      RpEst *est = g_new0 (RpEst, 1);
      est->s_mean = g_strdup (cell (&c, i, 3));
      est->s_lo = g_strdup (cell (&c, i, 4));
      est->s_hi = g_strdup (cell (&c, i, 5));
      est->mean = num (est->s_mean);
      est->lo = num (est->s_lo);
      est->hi = num (est->s_hi);
      g_hash_table_replace (e->metrics, g_strdup (cell (&c, i, 2)), est);
    }
  if (ok && r->entities->len == 0)
    ok = bad (error, c.path, "no rows");
  csv_clear (&c);
  return ok;
}

/* Day index of an ISO date in the horizon, or -1. */
static int
day_index (const RpRun *r, const char *text)
{
  PksDate d;
  if (!pks_date_parse (text, &d) || d < r->start || d >= r->start + r->n_days)
    return -1;
  return (int) (d - r->start);
}

static RpDaily *
daily_new (const char *scope, const char *name, guint n, gboolean unit)
{
  RpDaily *d = g_new0 (RpDaily, 1);
  d->scope = g_strdup (scope);
  d->name = g_strdup (name);
  double **arrays[] = { &d->staffed, &d->mean, &d->p10, &d->p90, &d->overcrowded };
  for (guint k = 0; k < G_N_ELEMENTS (arrays) - (unit ? 0 : 1); k++)
    {
      *arrays[k] = g_new (double, MAX (1u, n));
      for (guint i = 0; i < n; i++)
        (*arrays[k])[i] = NAN;
    }
  return d;
}

static gboolean
load_daily_sites (RpRun *r, GError **error)
{
  static const char *const cols[] = { "date", "scope", "name", "staffed_beds", "census_mean",
                                      "census_p10", "census_p90", NULL };
  Csv c;
  if (!csv_open (&c, r->dir, "daily_sites.csv", cols, error))
    {
      csv_clear (&c);
      return FALSE;
    }
  g_autoptr (GHashTable) idx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 1; i < c.rows->len; i++)
    {
      int d = day_index (r, cell (&c, i, 0));
      /* the census charts are of the region and its sites; the rows of
       * areas and clinics (units.csv's levels) are for other readers */
      if (d < 0 || (strcmp (cell (&c, i, 1), "region") && strcmp (cell (&c, i, 1), "site")))
        continue;
      g_autofree char *key = key_of (cell (&c, i, 1), cell (&c, i, 2));
      RpDaily *s = g_hash_table_lookup (idx, key);
      if (s == NULL)
        {
          s = daily_new (cell (&c, i, 1), cell (&c, i, 2), r->n_days, FALSE);
          g_ptr_array_add (r->census, s);
          g_hash_table_insert (idx, g_steal_pointer (&key), s);
        }
      s->staffed[d] = num (cell (&c, i, 3));
      s->mean[d] = num (cell (&c, i, 4));
      s->p10[d] = num (cell (&c, i, 5));
      s->p90[d] = num (cell (&c, i, 6));
    }
  csv_clear (&c);
  return TRUE;
}

static gboolean
load_daily_units (RpRun *r, GError **error)
{
  static const char *const cols[] = { "date", "unit", "staffed_beds", "census_mean", "census_p10",
                                      "census_p90", "overcrowded_mean", NULL };
  Csv c;
  if (!csv_open (&c, r->dir, "daily.csv", cols, error))
    {
      csv_clear (&c);
      return FALSE;
    }
  g_autoptr (GHashTable) idx = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 1; i < c.rows->len; i++)
    {
      int d = day_index (r, cell (&c, i, 0));
      if (d < 0)
        continue;
      const char *name = cell (&c, i, 1);
      RpDaily *s = g_hash_table_lookup (idx, name);
      if (s == NULL)
        {
          s = daily_new ("unit", name, r->n_days, TRUE);
          g_ptr_array_add (r->units_daily, s);
          g_hash_table_insert (idx, s->name, s);
        }
      s->staffed[d] = num (cell (&c, i, 2));
      s->mean[d] = num (cell (&c, i, 3));
      s->p10[d] = num (cell (&c, i, 4));
      s->p90[d] = num (cell (&c, i, 5));
      s->overcrowded[d] = num (cell (&c, i, 6));
    }
  csv_clear (&c);
  return TRUE;
}

static gboolean
load_monthly (RpRun *r, GError **error)
{
  static const char *const cols[] = { "month", "unit", "metric", "mean", "p10", "p90", NULL };
  Csv c;
  if (!csv_open (&c, r->dir, "monthly_bands.csv", cols, error))
    {
      csv_clear (&c);
      return FALSE;
    }
  /* months in order of appearance */
  g_autoptr (GPtrArray) months = g_ptr_array_new ();
  g_autoptr (GHashTable) month_ix = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 1; i < c.rows->len; i++)
    {
      const char *m = cell (&c, i, 0);
      if (!g_hash_table_contains (month_ix, m))
        {
          g_hash_table_insert (month_ix, (char *) m, GUINT_TO_POINTER (months->len));
          g_ptr_array_add (months, g_strdup (m));
        }
    }
  r->n_months = months->len;
  g_ptr_array_add (months, NULL);
  r->months = (char **) g_ptr_array_steal (months, NULL);
  g_autoptr (GHashTable) idx = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 1; i < c.rows->len; i++)
    {
      const char *metric = cell (&c, i, 2);
      int k = !strcmp (metric, "waiting_first_visit") ? 0 : !strcmp (metric, "waiting_treatment") ? 1 : -1;
      if (k < 0)
        continue;
      const char *unit = cell (&c, i, 1);
      RpMonthly *m = g_hash_table_lookup (idx, unit);
      if (m == NULL)
        {
          m = g_new0 (RpMonthly, 1);
          m->unit = g_strdup (unit);
          for (int j = 0; j < 2; j++)
            {
              m->mean[j] = g_new (double, MAX (1u, r->n_months));
              m->p10[j] = g_new (double, MAX (1u, r->n_months));
              m->p90[j] = g_new (double, MAX (1u, r->n_months));
              for (guint q = 0; q < r->n_months; q++)
                m->mean[j][q] = m->p10[j][q] = m->p90[j][q] = NAN;
            }
          g_ptr_array_add (r->monthly, m);
          g_hash_table_insert (idx, m->unit, m);
        }
      guint mi = GPOINTER_TO_UINT (g_hash_table_lookup (month_ix, cell (&c, i, 0)));
      m->mean[k][mi] = num (cell (&c, i, 3));
      m->p10[k][mi] = num (cell (&c, i, 4));
      m->p90[k][mi] = num (cell (&c, i, 5));
    }
  csv_clear (&c);
  return TRUE;
}

static JsonObject *
read_json (const char *dir, JsonParser *parser, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autoptr (GError) e = NULL;
  if (!json_parser_load_from_file (parser, path, &e))
    {
      g_autofree char *msg = g_strdup_printf ("cannot read it (%s); outputs of an older pks lack "
                                              "it: run again to make a report", e->message);
      bad (error, path, msg);
      return NULL;
    }
  JsonNode *root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      bad (error, path, "not a JSON object");
      return NULL;
    }
  return json_node_get_object (root);
}

static char *
jstr (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
           ? g_strdup (json_node_get_string (n)) : NULL;
}

/* Members of run.json, NULL or NaN unless they have the expected type
 * (json-glib's own getters warn on a wrong type: input is not to be
 * trusted). */
static JsonArray *
jarray (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static JsonObject *
jobject (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static double
jnum (JsonObject *o, const char *name)
{
  JsonNode *n = o ? json_object_get_member (o, name) : NULL;
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NAN;
  GType t = json_node_get_value_type (n);
  return t == G_TYPE_DOUBLE || t == G_TYPE_INT64 ? json_node_get_double (n) : NAN;
}

/* A run with its identity from run.json o and nothing else yet. */
static RpRun *
run_meta (const char *dir, JsonObject *o, GError **error)
{
  RpRun *r = g_new0 (RpRun, 1);
  r->dir = g_strdup (dir);
  r->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) setting_free);
  r->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_free);
  r->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r->census = g_ptr_array_new_with_free_func ((GDestroyNotify) daily_free);
  r->units_daily = g_ptr_array_new_with_free_func ((GDestroyNotify) daily_free);
  r->monthly = g_ptr_array_new_with_free_func ((GDestroyNotify) monthly_free);
  r->scenario = jstr (o, "scenario");
  r->region = jstr (o, "region");
  r->file = jstr (o, "file");
  r->run_date = jstr (o, "run_date");
  r->version = jstr (o, "pks_version");
  r->seed = json_object_get_int_member_with_default (o, "seed", 0);
  r->reps = (guint) json_object_get_int_member_with_default (o, "replications", 0);
  r->n_days = (guint) json_object_get_int_member_with_default (o, "days", 0);
  r->warmup_days = (guint) json_object_get_int_member_with_default (o, "warmup_days", 0);
  g_autofree char *start = jstr (o, "start");
  if (!start || !pks_date_parse (start, &r->start) || r->n_days == 0 || !r->scenario)
    {
      g_autofree char *path = g_build_filename (dir, "run.json", NULL);
      bad (error, path, "needs \"scenario\", \"start\" (YYYY-MM-DD) and \"days\"");
      run_free (r);
      return NULL;
    }
  r->fv_days = r->tr_days = 90;
  JsonObject *g = jobject (o, "guarantee");
  if (g)
    {
      r->fv_days = json_object_get_double_member_with_default (g, "first_visit_days", 90);
      r->tr_days = json_object_get_double_member_with_default (g, "treatment_days", 90);
    }
  JsonArray *tabs = jarray (o, "tables");
  GPtrArray *tl = g_ptr_array_new ();
  for (guint i = 0; tabs && i < json_array_get_length (tabs); i++)
    {
      JsonNode *n = json_array_get_element (tabs, i);
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        g_ptr_array_add (tl, g_strdup (json_node_get_string (n)));
    }
  g_ptr_array_add (tl, NULL);
  r->tables = (char **) g_ptr_array_free (tl, FALSE);
  JsonArray *set = jarray (o, "settings");
  for (guint i = 0; set && i < json_array_get_length (set); i++)
    {
      JsonObject *s = json_array_get_object_element (set, i);
      if (s == NULL)
        continue;
      RpSetting *st = g_new0 (RpSetting, 1);
      st->key = jstr (s, "key");
      st->value = jstr (s, "value");
      st->origin = jstr (s, "origin");
      if (st->key == NULL)
        {
          setting_free (st);
          continue;
        }
      g_ptr_array_add (r->settings, st);
    }
  return r;
}

/* The region's rows of replications.csv (absent in folders of an older
 * pks: then no per-replication figures). */
static gboolean
load_region_reps (RpRun *r, GError **error)
{
  g_autofree char *path = g_build_filename (r->dir, "replications.csv", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  static const char *const cols[] = { "replication", "scope", "metric", "value", NULL };
  Csv c;
  gboolean ok = csv_open (&c, r->dir, "replications.csv", cols, error);
  if (ok)
    r->region_reps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_array_unref);
  for (guint i = 1; ok && i < c.rows->len; i++)
    {
      if (strcmp (cell (&c, i, 1), "region"))
        continue;
      double rep = num (cell (&c, i, 0));
      if (isnan (rep) || rep < 0 || rep > 1e6)
        {
          ok = bad (error, c.path, "a replication number that is not one");
          break;
        }
      const char *metric = cell (&c, i, 2);
      GArray *a = g_hash_table_lookup (r->region_reps, metric);
      if (a == NULL)
        {
          a = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (r->region_reps, g_strdup (metric), a);
        }
      guint k = (guint) rep;
      double nan = NAN;
      while (a->len <= k)
        g_array_append_val (a, nan);
      g_array_index (a, double, k) = num (cell (&c, i, 3));
    }
  csv_clear (&c);
  return ok;
}

gboolean
rp_ratio_ci (const RpData *d, guint p, const char *num_m, const char *den_m, double *ratio,
             double *lo, double *hi)
{
  const RpRun *b = d->base, *x = p < d->plans->len ? g_ptr_array_index (d->plans, p) : NULL;
  if (x == NULL || b->region_reps == NULL || x->region_reps == NULL)
    return FALSE;
  GArray *bn = g_hash_table_lookup (b->region_reps, num_m), *bd = g_hash_table_lookup (b->region_reps, den_m);
  GArray *xn = g_hash_table_lookup (x->region_reps, num_m), *xd = g_hash_table_lookup (x->region_reps, den_m);
  if (!bn || !bd || !xn || !xd)
    return FALSE;
  guint n = MIN (MIN (bn->len, bd->len), MIN (xn->len, xd->len));
  g_autofree double *dn = g_new (double, MAX (1u, n)), *dd = g_new (double, MAX (1u, n));
  guint m = 0;
  double sn = 0, sd = 0;
  for (guint i = 0; i < n; i++)
    {
      dn[m] = g_array_index (xn, double, i) - g_array_index (bn, double, i);
      dd[m] = g_array_index (xd, double, i) - g_array_index (bd, double, i);
      if (isnan (dn[m]) || isnan (dd[m]))
        continue;
      sn += dn[m];
      sd += dd[m];
      m++;
    }
  if (m < 2 || sd == 0)
    return FALSE;
  double r = sn / sd, mean_d = sd / m, ss = 0;
  /* the linearised residuals of the ratio estimator */
  for (guint i = 0; i < m; i++)
    ss += (dn[i] - r * dd[i]) * (dn[i] - r * dd[i]);
  double se = sqrt (ss / (m - 1) / m) / fabs (mean_d);
  double t = pks_t_quantile (0.975, m - 1);
  *ratio = r;
  *lo = r - t * se;
  *hi = r + t * se;
  return TRUE;
}

static RpRun *
run_load (const char *dir, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = read_json (dir, parser, error);
  RpRun *r = o ? run_meta (dir, o, error) : NULL;
  if (r == NULL)
    return NULL;
  if (!load_summary (r, error) || !load_daily_sites (r, error) || !load_daily_units (r, error)
      || !load_monthly (r, error) || !load_region_reps (r, error))
    {
      run_free (r);
      return NULL;
    }
  return r;
}

static gboolean
load_compare_csv (RpData *d, GError **error)
{
  static const char *const cols[] = { "scope", "name", "metric", "plan", "base_mean", "plan_mean",
                                      "diff_mean", "diff_ci_low", "diff_ci_high", NULL };
  Csv c;
  gboolean ok = csv_open (&c, d->dir, "compare.csv", cols, error);
  for (guint i = 1; ok && i < c.rows->len; i++)
    {
      const char *plan = cell (&c, i, 3);
      guint p = 0;
      while (p < d->plan_names->len && strcmp (g_ptr_array_index (d->plan_names, p), plan))
        p++;
      if (p == d->plan_names->len)
        continue;
      RpDiff *x = g_new0 (RpDiff, 1);
      x->scope = g_strdup (cell (&c, i, 0));
      x->name = g_strdup (cell (&c, i, 1));
      x->metric = g_strdup (cell (&c, i, 2));
      x->s_base = g_strdup (cell (&c, i, 4));
      x->s_plan = g_strdup (cell (&c, i, 5));
      x->s_diff = g_strdup (cell (&c, i, 6));
      x->s_lo = g_strdup (cell (&c, i, 7));
      x->s_hi = g_strdup (cell (&c, i, 8));
      x->base = num (x->s_base);
      x->plan = num (x->s_plan);
      x->diff = num (x->s_diff);
      x->lo = num (x->s_lo);
      x->hi = num (x->s_hi);
      g_ptr_array_add (g_ptr_array_index (d->diffs, p), x);
    }
  csv_clear (&c);
  return ok;
}

/* plan_pairs.csv (written with two plans or more; absent in folders of
 * an older pks, and then the report says less). */
static gboolean
load_pairs (RpData *d, GError **error)
{
  g_autofree char *path = g_build_filename (d->dir, "plan_pairs.csv", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  static const char *const cols[] = { "plan", "other", "metric", "diff_mean", "diff_ci_low",
                                      "diff_ci_high", NULL };
  Csv c;
  gboolean ok = csv_open (&c, d->dir, "plan_pairs.csv", cols, error);
  for (guint i = 1; ok && i < c.rows->len; i++)
    {
      RpPair *p = g_new0 (RpPair, 1);
      p->plan = g_strdup (cell (&c, i, 0));
      p->other = g_strdup (cell (&c, i, 1));
      p->metric = g_strdup (cell (&c, i, 2));
      p->diff = num (cell (&c, i, 3));
      p->lo = num (cell (&c, i, 4));
      p->hi = num (cell (&c, i, 5));
      g_ptr_array_add (d->pairs, p);
    }
  csv_clear (&c);
  return ok;
}

static guint
plan_index (const RpData *d, const char *name)
{
  guint p = 0;
  while (p < d->plan_names->len && strcmp (g_ptr_array_index (d->plan_names, p), name))
    p++;
  return p;
}

/* daily_diff.csv (optional, as plan_pairs.csv). */
static gboolean
load_day_diffs (RpData *d, GError **error)
{
  g_autofree char *path = g_build_filename (d->dir, "daily_diff.csv", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  static const char *const cols[] = { "date", "scope", "name", "plan", "staffed_beds_diff",
                                      "census_diff_mean", "census_diff_ci_low", "census_diff_ci_high",
                                      "overcrowded_diff_mean", "overcrowded_diff_ci_low",
                                      "overcrowded_diff_ci_high", NULL };
  Csv c;
  if (!csv_open (&c, d->dir, "daily_diff.csv", cols, error))
    {
      csv_clear (&c);
      return FALSE;
    }
  const RpRun *b = d->base;
  g_autoptr (GHashTable) idx = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 1; i < c.rows->len; i++)
    {
      int day = day_index (b, cell (&c, i, 0));
      guint p = plan_index (d, cell (&c, i, 3));
      if (day < 0 || p >= d->plan_names->len)
        continue;
      g_autofree char *key = g_strdup_printf ("%u/%s/%s", p, cell (&c, i, 1), cell (&c, i, 2));
      RpDayDiff *x = g_hash_table_lookup (idx, key);
      if (x == NULL)
        {
          x = g_new0 (RpDayDiff, 1);
          x->scope = g_strdup (cell (&c, i, 1));
          x->name = g_strdup (cell (&c, i, 2));
          x->plan = p;
          double **arrays[] = { &x->staffed, &x->census[0], &x->census[1], &x->census[2],
                                &x->over[0], &x->over[1], &x->over[2] };
          for (guint k = 0; k < G_N_ELEMENTS (arrays); k++)
            {
              *arrays[k] = g_new (double, MAX (1u, b->n_days));
              for (guint j = 0; j < b->n_days; j++)
                (*arrays[k])[j] = NAN;
            }
          g_ptr_array_add (d->day_diffs, x);
          g_hash_table_insert (idx, g_steal_pointer (&key), x);
        }
      x->staffed[day] = num (cell (&c, i, 4));
      for (int k = 0; k < 3; k++)
        {
          x->census[k][day] = num (cell (&c, i, 5 + k));
          x->over[k][day] = num (cell (&c, i, 8 + k));
        }
    }
  csv_clear (&c);
  return TRUE;
}

/* A subfolder named in run.json: a plain relative name, never a way out. */
static char *
subdir (const char *dir, JsonObject *o, GError **error)
{
  g_autofree char *sub = o ? jstr (o, "dir") : NULL;
  if (sub == NULL || *sub == '\0' || g_path_is_absolute (sub) || strstr (sub, ".."))
    {
      g_autofree char *path = g_build_filename (dir, "run.json", NULL);
      bad (error, path, "each scenario of a comparison needs a \"dir\" inside the folder");
      return NULL;
    }
  return g_build_filename (dir, sub, NULL);
}

static int
amount_in (const GArray *shares, const char *unit)
{
  for (guint i = 0; i < shares->len; i++)
    if (!strcmp (g_array_index (shares, RpShare, i).unit, unit))
      return g_array_index (shares, RpShare, i).amount;
  return 0;
}

int
rp_alloc_amount (const RpAlloc *a, const char *unit)
{
  return amount_in (a->shares, unit);
}

/* "Unit A=+3;Unit B=+2" (pks_allocation_format) into shares. A unit's
 * name may itself hold '=' or ';', so each share starts with the longest
 * candidate unit followed by '='; an amount is a signed whole number. */
static gboolean
parse_allocation (const char *text, const GPtrArray *units, GArray *shares)
{
  for (const char *p = text; *p;)
    {
      const char *unit = NULL;
      gsize len = 0;
      for (guint i = 0; i < units->len; i++)
        {
          const char *u = g_ptr_array_index (units, i);
          gsize n = strlen (u);
          if (n > len && !strncmp (p, u, n) && p[n] == '=')
            {
              unit = u;
              len = n;
            }
        }
      if (unit == NULL)
        return FALSE;
      p += len + 1;
      char *end = NULL;
      if ((*p != '+' && *p != '-') || !g_ascii_isdigit (p[1]))
        return FALSE;
      gint64 v = g_ascii_strtoll (p, &end, 10);
      if (v == 0 || v < -G_MAXINT || v > G_MAXINT || (*end != ';' && *end != '\0')
          || (*end == ';' && end[1] == '\0') || amount_in (shares, unit) != 0)
        return FALSE;   /* no amount, a trailing ';' or a unit named twice */
      RpShare sh = { g_strdup (unit), (int) v };
      g_array_append_val (shares, sh);
      p = *end ? end + 1 : end;
    }
  return TRUE;
}

/* A number of optimise.csv: empty is NaN (how pks writes one), anything
 * else must read whole. */
static gboolean
csv_num (const char *text, char **s, double *v)
{
  *s = g_strdup (text);
  *v = num (text);
  return *text == '\0' || !isnan (*v);
}

static gboolean
load_optimise_csv (RpOptimise *op, const char *dir, GError **error)
{
  static const char *const cols[] = { "rank", "allocation", "objective_mean", "objective_ci_low",
                                      "objective_ci_high", "gap_to_best_mean", "gap_to_best_ci_low",
                                      "gap_to_best_ci_high", NULL };
  Csv c;
  gboolean ok = csv_open (&c, dir, "optimise.csv", cols, error);
  for (guint i = 1; ok && i < c.rows->len; i++)
    {
      RpAlloc *a = g_new0 (RpAlloc, 1);
      g_ptr_array_add (op->ranked, a);
      a->rank = i;
      a->allocation = g_strdup (cell (&c, i, 1));
      a->shares = g_array_new (FALSE, FALSE, sizeof (RpShare));
      RpEst *e[2] = { &a->objective, &a->gap };
      const char *bad_col = NULL;
      for (int k = 0; k < 2 && !bad_col; k++)
        if (!csv_num (cell (&c, i, 2 + 3 * k), &e[k]->s_mean, &e[k]->mean) || isnan (e[k]->mean))
          bad_col = cols[2 + 3 * k];
        else if (!csv_num (cell (&c, i, 3 + 3 * k), &e[k]->s_lo, &e[k]->lo))
          bad_col = cols[3 + 3 * k];
        else if (!csv_num (cell (&c, i, 4 + 3 * k), &e[k]->s_hi, &e[k]->hi))
          bad_col = cols[4 + 3 * k];
      g_autofree char *want = g_strdup_printf ("%u", i);
      g_autofree char *msg = NULL;
      if (strcmp (cell (&c, i, 0), want))
        msg = g_strdup_printf ("line %u: the rank is '%s', expected %u (rank 1 first)", i + 1,
                               cell (&c, i, 0), i);
      else if (!parse_allocation (a->allocation, op->units, a->shares))
        msg = g_strdup_printf ("line %u: cannot read the allocation '%s' (expected Unit A=+3;Unit B=+1 "
                               "over the candidate units of run.json)", i + 1, a->allocation);
      else if (bad_col)
        msg = g_strdup_printf ("line %u: %s is not a number", i + 1, bad_col);
      if (msg)
        ok = bad (error, c.path, msg);
    }
  if (ok && op->ranked->len == 0)
    ok = bad (error, c.path, "no allocations");
  csv_clear (&c);
  return ok;
}

/* run.json and optimise.csv of pks optimise: the problem, the base and
 * how it was found from the one, the ranked allocations from the other,
 * each with its change from the base from run.json again. Both must be
 * of the same run. */
static RpOptimise *
optimise_load (const char *dir, JsonObject *o, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autoptr (RpOptimise) op = g_new0 (RpOptimise, 1);
  op->units = g_ptr_array_new_with_free_func (g_free);
  op->ranked = g_ptr_array_new_with_free_func ((GDestroyNotify) alloc_free);
  op->resource = jstr (o, "resource");
  op->objective = jstr (o, "objective");
  g_autofree char *dir_s = jstr (o, "direction");
  op->maximise = dir_s && !strcmp (dir_s, "maximise");
  double added = jnum (o, "added"), cap = jnum (o, "max_per_unit");
  JsonArray *units = jarray (o, "units");
  for (guint i = 0; units && i < json_array_get_length (units); i++)
    {
      JsonNode *n = json_array_get_element (units, i);
      if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        g_ptr_array_add (op->units, g_strdup (json_node_get_string (n)));
    }
  JsonObject *b = jobject (o, "base");
  op->base_mean = jnum (b, "mean");
  op->base_lo = jnum (b, "ci_low");
  op->base_hi = jnum (b, "ci_high");
  op->simulations = jnum (o, "simulations");
  op->evaluations = jnum (o, "allocations_evaluated");
  op->full_space = jnum (o, "full_space");
  op->greedy_steps = jnum (o, "greedy_steps");
  g_autofree char *search = jstr (o, "search");
  op->enumerated = search && !strcmp (search, "enumeration");
  op->partial = jnum (o, "partial_allocations");
  if (!(op->partial >= 0))
    op->partial = 0;
  op->delta = jnum (o, "indifference_zone");
  op->alpha = jnum (o, "alpha");
  op->keep = jnum (o, "screen_keep");
  op->reps_first = jnum (o, "replications_first");
  op->reps_max = jnum (o, "replications_max");
  op->reps_final = jnum (o, "replications");
  JsonArray *ranked = jarray (o, "ranked");
  if (op->resource == NULL || op->objective == NULL || units == NULL
      || op->units->len != json_array_get_length (units) || op->units->len == 0
      || isnan (op->base_mean) || ranked == NULL || dir_s == NULL
      || (!op->maximise && strcmp (dir_s, "minimise")))
    {
      bad (error, path, "an optimisation needs \"resource\", \"units\" (names), \"objective\", "
                        "\"direction\" (minimise or maximise), \"base\" with a \"mean\" and \"ranked\"");
      return NULL;
    }
  /* how it was found: numbers the report prints */
  static const char *const counts[] = { "added", "max_per_unit", "simulations",
                                        "allocations_evaluated", "full_space", "greedy_steps",
                                        "indifference_zone", "alpha", "screen_keep", "replications",
                                        "replications_first", "replications_max" };
  const double got[] = { added, cap, op->simulations, op->evaluations, op->full_space,
                         op->greedy_steps, op->delta, op->alpha, op->keep, op->reps_final,
                         op->reps_first, op->reps_max };
  G_STATIC_ASSERT (G_N_ELEMENTS (counts) == G_N_ELEMENTS (got));
  for (guint i = 0; i < G_N_ELEMENTS (got); i++)
    if (!(got[i] >= 0) || (i < 2 && got[i] > G_MAXINT))
      {
        g_autofree char *msg = g_strdup_printf ("\"%s\" must be a number >= 0", counts[i]);
        bad (error, path, msg);
        return NULL;
      }
  op->added = (int) added;
  op->max_per_unit = (int) cap;
  if (!load_optimise_csv (op, dir, error))
    return NULL;
  g_autofree char *msg = NULL;
  if (json_array_get_length (ranked) != op->ranked->len)
    msg = g_strdup_printf ("%u ranked allocations, but optimise.csv has %u: the folder mixes two runs",
                           json_array_get_length (ranked), op->ranked->len);
  for (guint i = 0; msg == NULL && i < op->ranked->len; i++)
    {
      RpAlloc *a = g_ptr_array_index (op->ranked, i);
      JsonNode *n = json_array_get_element (ranked, i);
      JsonObject *r = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      g_autofree char *al = r ? jstr (r, "allocation") : NULL;
      if (al == NULL || strcmp (al, a->allocation))
        msg = g_strdup_printf ("rank %u is '%s', but optimise.csv has '%s': the folder mixes two runs",
                               i + 1, al ? al : "", a->allocation);
      a->vs_mean = jnum (r, "vs_base_mean");
      a->vs_lo = jnum (r, "vs_base_ci_low");
      a->vs_hi = jnum (r, "vs_base_ci_high");
    }
  if (msg)
    {
      bad (error, path, msg);
      return NULL;
    }
  return g_steal_pointer (&op);
}

RpData *
rp_data_load (const char *dir, GError **error)
{
  g_autoptr (RpData) d = g_new0 (RpData, 1);
  d->dir = g_strdup (dir);
  d->plans = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  d->plan_names = g_ptr_array_new_with_free_func (g_free);
  d->diffs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  d->plan_info = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_plan_info_free);
  d->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  d->day_diffs = g_ptr_array_new_with_free_func ((GDestroyNotify) day_diff_free);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *o = read_json (dir, parser, error);
  if (o == NULL)
    return NULL;
  g_autofree char *kind = jstr (o, "kind");
  d->run_date = jstr (o, "run_date");
  d->seed = json_object_get_int_member_with_default (o, "seed", 0);
  d->reps = (guint) json_object_get_int_member_with_default (o, "replications", 0);
  if (kind == NULL || !strcmp (kind, "run"))
    {
      d->base = run_load (dir, error);
      return d->base ? g_steal_pointer (&d) : NULL;
    }
  if (!strcmp (kind, "optimise"))
    {
      /* the scenario's identity for the header; the rest from optimise.csv */
      d->base = run_meta (dir, o, error);
      if (d->base == NULL || (d->optimise = optimise_load (dir, o, error)) == NULL)
        return NULL;
      return g_steal_pointer (&d);
    }
  if (strcmp (kind, "compare"))
    {
      g_autofree char *path = g_build_filename (dir, "run.json", NULL);
      bad (error, path, "\"kind\" must be \"run\", \"compare\" or \"optimise\"");
      return NULL;
    }
  d->compare = TRUE;
  JsonObject *b = jobject (o, "base");
  g_autofree char *bdir = subdir (dir, b, error);
  if (bdir == NULL || (d->base = run_load (bdir, error)) == NULL)
    return NULL;
  JsonArray *plans = jarray (o, "plans");
  for (guint i = 0; plans && i < json_array_get_length (plans); i++)
    {
      JsonObject *p = json_array_get_object_element (plans, i);
      g_autofree char *pdir = subdir (dir, p, error);
      RpRun *r = pdir ? run_load (pdir, error) : NULL;
      if (r == NULL)
        return NULL;
      g_ptr_array_add (d->plans, r);
      char *name = jstr (p, "name");
      g_ptr_array_add (d->plan_names, name ? name : g_strdup (r->scenario));
      g_ptr_array_add (d->diffs, g_ptr_array_new_with_free_func ((GDestroyNotify) diff_free));
      g_ptr_array_add (d->plan_info, rp_plan_info_new (p));
    }
  if (!load_compare_csv (d, error) || !load_pairs (d, error) || !load_day_diffs (d, error))
    return NULL;
  rp_plan_rows_load (d);
  return g_steal_pointer (&d);
}

const RpEntity *
rp_entity (const RpRun *r, const char *scope, const char *name)
{
  g_autofree char *key = key_of (scope, name);
  return g_hash_table_lookup (r->by_name, key);
}

gboolean
rp_has_scope (const RpRun *r, const char *scope)
{
  for (guint i = 0; i < r->entities->len; i++)
    if (!strcmp (((const RpEntity *) g_ptr_array_index (r->entities, i))->scope, scope))
      return TRUE;
  return FALSE;
}

const char *
rp_scope_label (const char *scope, PksLang lang)
{
  static const struct { const char *scope, *sv, *en; } l[] = {
    { "region", "Region", "Region" }, { "site", "Sjukhus", "Hospital" },
    { "area", "Område", "Area" }, { "clinic", "Klinik/centrum", "Clinic" },
    { "unit", "Basenhet", "Unit" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (l); i++)
    if (!strcmp (l[i].scope, scope))
      return lang == PKS_LANG_EN ? l[i].en : l[i].sv;
  return scope;
}

const RpEst *
rp_est (const RpRun *r, const char *scope, const char *name, const char *metric)
{
  const RpEntity *e = rp_entity (r, scope, name);
  return e ? g_hash_table_lookup (e->metrics, metric) : NULL;
}

const RpDaily *
rp_census (const RpRun *r, const char *scope, const char *name)
{
  for (guint i = 0; i < r->census->len; i++)
    {
      const RpDaily *d = g_ptr_array_index (r->census, i);
      if (!strcmp (d->scope, scope) && !strcmp (d->name, name))
        return d;
    }
  return NULL;
}

const RpDaily *
rp_unit_daily (const RpRun *r, const char *name)
{
  for (guint i = 0; i < r->units_daily->len; i++)
    {
      const RpDaily *d = g_ptr_array_index (r->units_daily, i);
      if (!strcmp (d->name, name))
        return d;
    }
  return NULL;
}

const RpMonthly *
rp_monthly (const RpRun *r, const char *unit)
{
  for (guint i = 0; i < r->monthly->len; i++)
    {
      const RpMonthly *m = g_ptr_array_index (r->monthly, i);
      if (!strcmp (m->unit, unit))
        return m;
    }
  return NULL;
}

const RpDiff *
rp_diff (const RpData *d, guint plan, const char *scope, const char *name, const char *metric)
{
  GPtrArray *a = g_ptr_array_index (d->diffs, plan);
  for (guint i = 0; i < a->len; i++)
    {
      const RpDiff *x = g_ptr_array_index (a, i);
      if (!strcmp (x->metric, metric) && !strcmp (x->scope, scope)
          && (!strcmp (scope, "region") || !strcmp (x->name, name)))
        return x;
    }
  return NULL;
}

gboolean
rp_pair (const RpData *d, guint a, guint b, const char *metric, double *diff, double *lo, double *hi)
{
  const char *na = g_ptr_array_index (d->plan_names, a), *nb = g_ptr_array_index (d->plan_names, b);
  for (guint i = 0; i < d->pairs->len; i++)
    {
      const RpPair *p = g_ptr_array_index (d->pairs, i);
      if (strcmp (p->metric, metric))
        continue;
      if (!strcmp (p->plan, na) && !strcmp (p->other, nb))
        {
          *diff = p->diff;
          *lo = p->lo;
          *hi = p->hi;
          return TRUE;
        }
      if (!strcmp (p->plan, nb) && !strcmp (p->other, na))
        {
          *diff = -p->diff;
          *lo = -p->hi;
          *hi = -p->lo;
          return TRUE;
        }
    }
  return FALSE;
}

const RpDayDiff *
rp_day_diff (const RpData *d, guint plan, const char *scope, const char *name)
{
  for (guint i = 0; i < d->day_diffs->len; i++)
    {
      const RpDayDiff *x = g_ptr_array_index (d->day_diffs, i);
      if (x->plan == plan && !strcmp (x->scope, scope) && (!strcmp (scope, "region") || !strcmp (x->name, name)))
        return x;
    }
  return NULL;
}

guint
rp_month_of_day (const RpRun *r, guint d)
{
  PksDate date = r->start + d, first = r->start;
  return (guint) ((pks_date_year (date) - pks_date_year (first)) * 12
                  + pks_date_month (date) - pks_date_month (first));
}

char *
rp_esc (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

char *
rp_num (double v, int decimals, PksLang lang)
{
  return pks_chart_fmt (v, decimals, lang == PKS_LANG_SV);
}

/* Swedish compounds break in table headers where a joint lets them
 * ("Överbeläggnings-dygn"): a soft hyphen after the linking "s" of
 * -ings-, -tions-, -ions-, or else mid-word, in words of 13 characters
 * or more. Browsers have no Swedish hyphenation of their own. */
char *
rp_esc_breakable (const char *text)
{
  g_autofree char *e = rp_esc (text);
  GString *o = g_string_new (NULL);
  for (const char *p = e; *p;)
    {
      gsize n = strcspn (p, " -/");
      g_autofree char *w = g_strndup (p, n);
      glong len = g_utf8_strlen (w, -1);
      if (len >= 13 && !strchr (w, '&'))
        {
          static const char *const joints[] = { "nings", "ings", "tions", "ions" };
          const char *cut = NULL;
          for (guint k = 0; k < G_N_ELEMENTS (joints) && cut == NULL; k++)
            {
              const char *j = strstr (w + 3, joints[k]);
              if (j && g_utf8_strlen (j + strlen (joints[k]), -1) >= 3)
                cut = j + strlen (joints[k]);
            }
          if (cut == NULL)
            cut = g_utf8_offset_to_pointer (w, len / 2);
          g_string_append_len (o, w, cut - w);
          g_string_append (o, "\u00ad");
          g_string_append (o, cut);
        }
      else
        g_string_append (o, w);
      p += n;
      if (*p)
        g_string_append_c (o, *p++);
    }
  return g_string_free (o, FALSE);
}

RpVerdict
rp_verdict (int better, double lo, double hi)
{
  if (better == 0)
    return RP_NEUTRAL;
  if (isnan (lo) || isnan (hi) || (lo <= 0 && hi >= 0))
    return RP_UNSURE;
  return (lo > 0) == (better > 0) ? RP_BETTER : RP_WORSE;
}

const char *
rp_verdict_class (RpVerdict v)
{
  static const char *const cls[] = { "better", "worse", "unsure", "neutral" };
  return cls[v];
}

int
rp_verdict_forest (RpVerdict v)
{
  static const int f[] = { 1, -1, 0, 2 };
  return f[v];
}

int
rp_diff_decimals (int decimals, double lo, double hi)
{
  return pks_interval_decimals (lo, hi, decimals, decimals + 3);
}

char *
rp_signed (double v, int dec, PksLang lang)
{
  g_autofree char *s = rp_num (v, dec, lang);
  return g_strconcat (v >= 0.5 * pow (10, -dec) ? "+" : "", s, NULL);
}

char *
rp_interval (double lo, double hi, int dec, PksLang lang)
{
  if (isnan (lo) || isnan (hi))
    return g_strdup ("");
  g_autofree char *a = rp_num (lo, dec, lang), *b = rp_num (hi, dec, lang);
  if (lo < 0 || hi < 0)
    return g_strdup_printf ("%s %s %s", a, lang == PKS_LANG_EN ? "to" : "till", b);
  return g_strdup_printf ("%s–%s", a, b);
}
