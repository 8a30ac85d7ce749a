/* extract.c — the three extract files of contract section 5.1, streamed
 * through csvread.c one row at a time: header names (English or Swedish)
 * mapped to columns, cells typed, rows checked on their own (dates in
 * order, no duplicate id) and handed on, or reported at FILE:LINE:COLUMN
 * and left out. Memory holds one row and the ids seen (for duplicates). */
#include "pks/input/extract.h"
#include "pks/input/load.h"
#include "pks/core/rng.h"
#include "input-internal.h"

#include <math.h>
#include <string.h>

/* Columns of the three files, with their Swedish names (contract section
 * 5.1) and a few spellings Swedish systems use. */
enum {
  C_ID, C_UNIT, C_FLOW, C_KIND, C_WARD, C_PRIORITY, C_WAIT_CODE, C_MINUTES, C_INPATIENT,
  C_REFERRAL, C_T0, N_COLS = C_T0 + PKS_EXTRACT_MAX_TIMES
};

typedef struct {
  int col;               /* C_*; C_T0 + i for time i */
  const char *name;
  const char *aliases;   /* '|'-separated, normalised (lower case, '_' for blanks) */
  gboolean required;      /* the column (and its cells, except empty_ok) */
  int optional_flag;     /* PksExtractColumn, or -1 */
  gboolean empty_ok;     /* a required column whose cells may be empty */
} ColDef;

static const ColDef adm_cols[] = {
  { C_ID, "episode", "vårdtillfälle|vårdtillfälle_id", TRUE, -1, FALSE },
  { C_UNIT, "unit", "basenhet|enhet", TRUE, -1, FALSE },
  { C_T0 + PKS_ADM_ADMITTED, "admitted", "inskrivning|inskrivningsdatum|inskrivningstid", TRUE, -1, FALSE },
  { C_T0 + PKS_ADM_DISCHARGED, "discharged", "utskrivning|utskrivningsdatum|utskrivningstid", TRUE,
    PKS_COL_DISCHARGED, TRUE },
  { C_KIND, "kind", "typ|vårdtyp", FALSE, -1, FALSE },
  { C_FLOW, "flow", "flöde", FALSE, PKS_COL_FLOW, FALSE },
  { C_T0 + PKS_ADM_READY, "ready_for_discharge", "utskrivningsklar", FALSE, PKS_COL_READY, FALSE },
  { C_WARD, "ward_unit", "vårdande_enhet", FALSE, PKS_COL_WARD, FALSE },
};

static const ColDef ref_cols[] = {
  { C_ID, "referral", "remiss|remiss_id", TRUE, -1, FALSE },
  { C_UNIT, "unit", "basenhet|enhet", TRUE, -1, FALSE },
  { C_FLOW, "flow", "flöde", FALSE, PKS_COL_FLOW, FALSE },
  { C_PRIORITY, "priority", "prioritet", FALSE, PKS_COL_PRIORITY, FALSE },
  { C_T0 + PKS_REF_REFERRED, "referred", "remissdatum", TRUE, -1, FALSE },
  { C_T0 + PKS_REF_FIRST_VISIT, "first_visit", "nybesök|nybesöksdatum", FALSE, PKS_COL_FIRST_VISIT, FALSE },
  { C_T0 + PKS_REF_DECIDED, "decided", "beslut|beslutsdatum", FALSE, PKS_COL_DECIDED, FALSE },
  { C_T0 + PKS_REF_TREATED, "treated", "behandling|behandlingsdatum", FALSE, PKS_COL_TREATED, FALSE },
  { C_T0 + PKS_REF_REMOVED, "removed", "avförd|avförd_datum", FALSE, PKS_COL_REMOVED, FALSE },
  { C_WAIT_CODE, "wait_code", "väntetidskod", FALSE, PKS_COL_WAIT_CODE, FALSE },
};

static const ColDef op_cols[] = {
  { C_ID, "operation", "operation_id|op", TRUE, -1, FALSE },
  { C_UNIT, "unit", "basenhet|enhet", TRUE, -1, FALSE },
  { C_T0 + PKS_OP_START, "start", "starttid|operationsstart|datum", TRUE, -1, FALSE },
  { C_MINUTES, "minutes", "minuter|operationstid", FALSE, PKS_COL_MINUTES, FALSE },
  { C_INPATIENT, "inpatient", "inneliggande|slutenvård", FALSE, PKS_COL_INPATIENT, FALSE },
  { C_REFERRAL, "referral", "remiss", FALSE, PKS_COL_REFERRAL, FALSE },
};

static const struct {
  const char *name;
  const ColDef *cols;
  guint n;
  int n_times;
} files[PKS_N_EXTRACTS] = {
  { "admissions.csv", adm_cols, G_N_ELEMENTS (adm_cols), 3 },
  { "referrals.csv", ref_cols, G_N_ELEMENTS (ref_cols), 5 },
  { "operations.csv", op_cols, G_N_ELEMENTS (op_cols), 1 },
};

const char *
pks_extract_file_name (PksExtractFile f)
{
  return f < PKS_N_EXTRACTS ? files[f].name : "?";
}

gboolean
pks_extract_parse_time (const char *text, double *t, gboolean *has_time)
{
  PksDate d;
  double minutes;
  if (!pks_datetime_parse (text, &d, &minutes, has_time))
    return FALSE;
  *t = PKS_EXTRACT_TIME (d) + minutes;
  return TRUE;
}

/* Header names compared lower-cased (å, ä, ö too), trimmed, with blanks
 * and hyphens as underscores: "Vårdande enhet" is vårdande_enhet. */
static char *
normalise (const char *h)
{
  g_autofree char *t = g_strstrip (g_strdup (h));
  char *low = g_utf8_validate (t, -1, NULL) ? g_utf8_strdown (t, -1) : g_ascii_strdown (t, -1);
  for (char *c = low; *c; c++)
    if (*c == ' ' || *c == '-')
      *c = '_';
  return low;
}

static gboolean
name_matches (const ColDef *c, const char *h)
{
  if (strcmp (h, c->name) == 0)
    return TRUE;
  g_auto (GStrv) al = g_strsplit (c->aliases, "|", -1);
  for (guint i = 0; al[i]; i++)
    if (strcmp (h, al[i]) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  PksExtractFile file;
  const char *name;
  PksExtractFunc fn;
  gpointer ctx;
  PksExtractStats *st;
  PksDiags *diags;
  gboolean header_done, header_ok;
  int col[N_COLS];         /* 0-based field of each column, -1 = absent */
  GHashTable *ids;         /* hash of id -> line of its first row */
  PksExtractRow row;
  GString *buf[6];         /* id, unit, flow, ward or referral, scratch × 2 */
} Reader;

static void
header (Reader *r, const char *const *cells, guint n, int line)
{
  r->header_done = TRUE;
  r->header_ok = TRUE;
  for (int i = 0; i < N_COLS; i++)
    r->col[i] = -1;
  const ColDef *cols = files[r->file].cols;
  guint nc = files[r->file].n;
  const char *names[16];
  for (guint k = 0; k < nc; k++)
    names[k] = cols[k].name;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *h = normalise (cells[i]);
      if (*h == '\0')
        continue;
      gboolean known = FALSE;
      for (guint k = 0; k < nc && !known; k++)
        if (name_matches (&cols[k], h))
          {
            known = TRUE;
            if (r->col[cols[k].col] >= 0)
              {
                pks_diags_error (r->diags, r->name, line, (int) i + 1,
                                 "the column %s appears twice in the header (columns %d and "
                                 "%u)", cols[k].name, r->col[cols[k].col] + 1, i + 1);
                r->header_ok = FALSE;
              }
            r->col[cols[k].col] = (int) i;
          }
      if (!known)
        {
          const char *near = pks_nearest (h, names, nc);
          pks_diags_warn (r->diags, r->name, line, (int) i + 1,
                          "unknown column \"%s\" is ignored%s%s%s", h,
                          near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
        }
    }
  for (guint k = 0; k < nc; k++)
    {
      if (r->col[cols[k].col] < 0 && cols[k].required)
        {
          pks_diags_error (r->diags, r->name, line, 0,
                           "the required column \"%s\" is missing from the header (a %s has "
                           "%s)", cols[k].name, r->name, cols[k].aliases);
          r->header_ok = FALSE;
        }
      if (cols[k].optional_flag >= 0)
        r->st->has[cols[k].optional_flag] = r->col[cols[k].col] >= 0;
    }
  if (r->file == PKS_EXTRACT_ADMISSIONS && r->col[C_KIND] < 0)
    pks_diags_warn (r->diags, r->name, line, 0, "no kind column: every admission is taken "
                    "as acute");
}

static const char *
cell (const Reader *r, const char *const *cells, guint n, int c)
{
  int i = r->col[c];
  if (i < 0 || (guint) i >= n)
    return "";
  const char *v = cells[i];
  while (*v == ' ' || *v == '\t')
    v++;
  return v;
}

/* A cell's text without trailing blanks, in buf (reused row after row). */
static const char *
trimmed (const char *v, GString *buf)
{
  gsize len = strlen (v);
  while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r'))
    len--;
  g_string_truncate (buf, 0);
  g_string_append_len (buf, v, (gssize) len);
  return buf->str;
}

#define bad(r, line, c, ...) \
  pks_diags_warn ((r)->diags, (r)->name, (line), (r)->col[(c)] + 1, __VA_ARGS__)

static gboolean
parse_kind (const char *v, PksFlowKind *k)
{
  if (!g_ascii_strcasecmp (v, "acute") || !g_ascii_strcasecmp (v, "akut"))
    *k = PKS_FLOW_ACUTE;
  else if (!g_ascii_strcasecmp (v, "elective") || !g_ascii_strcasecmp (v, "planerad"))
    *k = PKS_FLOW_ELECTIVE;
  else
    return FALSE;
  return TRUE;
}

static int
parse_yes_no (const char *v)
{
  static const char *yes[] = { "1", "ja", "yes", "true", "j", "y", "sluten" };
  static const char *no[] = { "0", "nej", "no", "false", "n", "öppen" };
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (!g_ascii_strcasecmp (v, yes[i]))
      return 1;
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (!g_ascii_strcasecmp (v, no[i]))
      return 0;
  return -2;
}

/* The time columns of the row; FALSE when one is bad (reported). */
static gboolean
parse_times (Reader *r, const char *const *cells, guint n, int line)
{
  PksExtractRow *x = &r->row;
  const ColDef *cols = files[r->file].cols;
  gboolean ok = TRUE, any_time = FALSE;
  for (guint k = 0; k < files[r->file].n; k++)
    {
      int c = cols[k].col;
      if (c < C_T0)
        continue;
      int ti = c - C_T0;
      x->col_t[ti] = r->col[c] + 1;
      const char *v = cell (r, cells, n, c);
      if (*v == '\0')
        {
          if (cols[k].required && !cols[k].empty_ok)
            {
              bad (r, line, c, "%s: a date (YYYY-MM-DD or YYYY-MM-DD HH:MM) is required here",
                   cols[k].name);
              ok = FALSE;
            }
          continue;
        }
      gboolean timed;
      if (!pks_extract_parse_time (v, &x->t[ti], &timed))
        {
          bad (r, line, c, "%s: expected a date YYYY-MM-DD or YYYY-MM-DD HH:MM, got \"%s\"",
               cols[k].name, trimmed (v, r->buf[5]));
          ok = FALSE;
        }
      any_time |= timed;
    }
  x->date_only = !any_time;
  return ok;
}

/* Dates of one row that cannot all be true: a stay that ends before it
 * starts, a referral treated before it arrived. */
static gboolean
check_order (Reader *r, int line)
{
  PksExtractRow *x = &r->row;
  const double *t = x->t;
  if (r->file == PKS_EXTRACT_ADMISSIONS)
    {
      double a = t[PKS_ADM_ADMITTED], d = t[PKS_ADM_DISCHARGED];
      if (!isnan (d))
        {
          double days = (d - a) / 1440.0;
          if (d < a || (d == a && !x->date_only))
            {
              bad (r, line, C_T0 + PKS_ADM_DISCHARGED, "a %s stay: discharged %s admitted",
                   d < a ? "negative" : "zero-length", d < a ? "before" : "at the minute");
              r->st->out_of_order++;
              return FALSE;
            }
          if (days > PKS_EXTRACT_MAX_STAY_DAYS)
            {
              bad (r, line, C_T0 + PKS_ADM_DISCHARGED, "a stay of %.0f days, longer than %.0f "
                   "years: an absurd date?", days, PKS_EXTRACT_MAX_STAY_DAYS / 365.0);
              r->st->out_of_order++;
              return FALSE;
            }
          if (days > PKS_EXTRACT_LONG_STAY_DAYS)
            {
              bad (r, line, C_T0 + PKS_ADM_DISCHARGED, "a stay of %.0f days (over a year): "
                   "kept, but check the dates", days);
              r->st->long_stays++;
            }
        }
      double rd = t[PKS_ADM_READY];
      if (!isnan (rd) && (rd < a || (!isnan (d) && rd > d)))
        {
          bad (r, line, C_T0 + PKS_ADM_READY, "ready_for_discharge lies outside the stay "
               "(%s): the cell is ignored", rd < a ? "before admitted" : "after discharged");
          x->t[PKS_ADM_READY] = NAN;
        }
      if (x->ward_unit && strcmp (x->ward_unit, x->unit) == 0)
        x->ward_unit = NULL;
      return TRUE;
    }
  if (r->file == PKS_EXTRACT_REFERRALS)
    {
      static const char *what[] = { "referred", "first_visit", "decided", "treated", "removed" };
      double ref = t[PKS_REF_REFERRED];
      for (int i = PKS_REF_FIRST_VISIT; i <= PKS_REF_REMOVED; i++)
        if (!isnan (t[i]) && pks_extract_date (t[i]) < pks_extract_date (ref))
          {
            bad (r, line, C_T0 + i, "%s before referred: the referral's dates are out of "
                 "order", what[i]);
            r->st->out_of_order++;
            return FALSE;
          }
      if (!isnan (t[PKS_REF_DECIDED]) && !isnan (t[PKS_REF_FIRST_VISIT])
          && pks_extract_date (t[PKS_REF_DECIDED]) < pks_extract_date (t[PKS_REF_FIRST_VISIT]))
        {
          bad (r, line, C_T0 + PKS_REF_DECIDED, "decided before first_visit: the referral's "
               "dates are out of order");
          r->st->out_of_order++;
          return FALSE;
        }
      if (!isnan (t[PKS_REF_TREATED]) && !isnan (t[PKS_REF_DECIDED])
          && pks_extract_date (t[PKS_REF_TREATED]) < pks_extract_date (t[PKS_REF_DECIDED]))
        {
          bad (r, line, C_T0 + PKS_REF_TREATED, "treated before decided: the referral's dates "
               "are out of order");
          r->st->out_of_order++;
          return FALSE;
        }
      if (!isnan (t[PKS_REF_TREATED]) && !isnan (t[PKS_REF_REMOVED]))
        {
          bad (r, line, C_T0 + PKS_REF_REMOVED, "both treated and removed: taken as treated");
          x->t[PKS_REF_REMOVED] = NAN;
        }
    }
  return TRUE;
}

/* One data row: typed, checked, handed on or reported. */
static void
data_row (Reader *r, const char *const *cells, guint n, int line)
{
  PksExtractRow *x = &r->row;
  memset (x, 0, sizeof *x);
  x->file = r->file;
  x->line = line;
  for (int i = 0; i < PKS_EXTRACT_MAX_TIMES; i++)
    x->t[i] = NAN;
  x->minutes = NAN;
  x->inpatient = -1;
  x->priority = 2;
  r->st->rows++;
  gboolean ok = TRUE;
  GString **b = r->buf;
  x->id = trimmed (cell (r, cells, n, C_ID), b[0]);
  x->unit = trimmed (cell (r, cells, n, C_UNIT), b[1]);
  x->col_unit = r->col[C_UNIT] + 1;
  if (*x->id == '\0')
    {
      bad (r, line, C_ID, "%s: the id is empty", files[r->file].cols[0].name);
      ok = FALSE;
    }
  if (*x->unit == '\0')
    {
      bad (r, line, C_UNIT, "unit: the name is empty");
      ok = FALSE;
    }
  ok &= parse_times (r, cells, n, line);
  const char *flow = trimmed (cell (r, cells, n, C_FLOW), b[2]);
  if (r->file == PKS_EXTRACT_ADMISSIONS)
    {
      const char *k = trimmed (cell (r, cells, n, C_KIND), b[4]);
      x->kind = PKS_FLOW_ACUTE;
      if (*k && !parse_kind (k, &x->kind))
        {
          bad (r, line, C_KIND, "kind: expected acute/akut or elective/planerad, got \"%s\"", k);
          ok = FALSE;
        }
      x->flow = *flow ? flow : x->kind == PKS_FLOW_ACUTE ? "akut" : "planerad";
      const char *w = trimmed (cell (r, cells, n, C_WARD), b[3]);
      x->ward_unit = *w ? w : NULL;
    }
  else if (r->file == PKS_EXTRACT_REFERRALS)
    {
      x->kind = PKS_FLOW_ELECTIVE;
      x->flow = *flow ? flow : "planerad";
      const char *p = trimmed (cell (r, cells, n, C_PRIORITY), b[4]);
      double v;
      if (*p && (!pks_parse_number (p, &v) || (v != 1 && v != 2 && v != 3)))
        {
          bad (r, line, C_PRIORITY, "priority: expected 1, 2 or 3, got \"%s\"", p);
          ok = FALSE;
        }
      else if (*p)
        x->priority = (int) v;
      const char *w = trimmed (cell (r, cells, n, C_WAIT_CODE), b[5]);
      if (!g_ascii_strcasecmp (w, "pvv"))
        x->wait_code = PKS_WAIT_CODE_PVV;
      else if (!g_ascii_strcasecmp (w, "mov"))
        x->wait_code = PKS_WAIT_CODE_MOV;
      else if (*w)
        bad (r, line, C_WAIT_CODE, "wait_code: expected PvV or MoV (or empty), got \"%s\": "
             "the wait is counted", w);
    }
  else
    {
      const char *m = trimmed (cell (r, cells, n, C_MINUTES), b[4]);
      if (*m && (!pks_parse_number (m, &x->minutes) || x->minutes <= 0 || x->minutes > 1440))
        {
          bad (r, line, C_MINUTES, "minutes: expected a number above 0 and at most 1440, got "
               "\"%s\"", m);
          ok = FALSE;
        }
      const char *ip = trimmed (cell (r, cells, n, C_INPATIENT), b[5]);
      if (*ip && (x->inpatient = parse_yes_no (ip)) < 0)
        {
          bad (r, line, C_INPATIENT, "inpatient: expected 1 or 0 (ja/nej), got \"%s\"", ip);
          ok = FALSE;
        }
      const char *rf = trimmed (cell (r, cells, n, C_REFERRAL), b[3]);
      x->referral = *rf ? rf : NULL;
    }
  if (ok)
    ok = check_order (r, line);
  if (ok)
    {
      /* ids by a 64-bit hash: a collision among a million ids has a
       * chance of about 3e-8 */
      gpointer key = GSIZE_TO_POINTER ((gsize) pks_rng_hash_name (x->id));
      gpointer first = g_hash_table_lookup (r->ids, key);
      if (first)
        {
          bad (r, line, C_ID, "%s \"%s\" appears twice (first on line %d): this row is left "
               "out", files[r->file].cols[0].name, x->id, GPOINTER_TO_INT (first));
          r->st->duplicates++;
          ok = FALSE;
        }
      else
        g_hash_table_insert (r->ids, key, GINT_TO_POINTER (line));
    }
  if (!ok)
    {
      r->st->broken++;
      return;
    }
  r->st->good++;
  r->fn (r->ctx, x);
}

static gboolean
on_row (gpointer ctx, const char *const *cells, guint n, int line)
{
  Reader *r = ctx;
  if (!r->header_done)
    {
      header (r, cells, n, line);
      return r->header_ok;
    }
  data_row (r, cells, n, line);
  return TRUE;
}

gboolean
pks_extract_read (PksExtractFile file, const char *name, GInputStream *in, PksExtractFunc fn,
                  gpointer ctx, PksExtractStats *stats, PksDiags *diags)
{
  g_return_val_if_fail (file < PKS_N_EXTRACTS, FALSE);
  memset (stats, 0, sizeof *stats);
  Reader r = { 0 };
  r.file = file;
  r.name = name;
  r.fn = fn;
  r.ctx = ctx;
  r.st = stats;
  r.diags = diags;
  r.ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < G_N_ELEMENTS (r.buf); i++)
    r.buf[i] = g_string_sized_new (64);
  gboolean ok = pks_csv_stream (name, in, on_row, &r, diags);
  g_hash_table_unref (r.ids);
  for (guint i = 0; i < G_N_ELEMENTS (r.buf); i++)
    g_string_free (r.buf[i], TRUE);
  if (!r.header_done && ok)
    {
      pks_diags_error (diags, name, 1, 0, "the file is empty: a header row is required");
      return FALSE;
    }
  if (!ok || !r.header_ok)
    return FALSE;
  if (stats->rows > 0 && stats->broken > PKS_EXTRACT_MAX_BROKEN_SHARE * stats->rows)
    {
      pks_diags_error (diags, name, 0, 0, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                       " rows are broken (more than half): is this the right file, with the "
                       "columns of a %s?", stats->broken, stats->rows, files[file].name);
      return FALSE;
    }
  return TRUE;
}

gboolean
pks_extract_read_data (PksExtractFile file, const char *name, const char *data, gsize len,
                       PksExtractFunc fn, gpointer ctx, PksExtractStats *stats, PksDiags *diags)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) len, NULL);
  return pks_extract_read (file, name, in, fn, ctx, stats, diags);
}

PksScenario *
pks_extract_read_units (const char *path, PksDiags *diags)
{
  /* a scenario of those units and no flows, read by the scenario loader
   * so that units.csv means here what it means in a scenario */
  g_autoptr (PksFiles) f = pks_files_new ();
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *ini = g_strdup_printf ("[scenario]\nstart = 2000-01-01\ndays = 1\n"
                                          "[tables]\nunits = %s\nflows = /pks-fit/flows.csv\n",
                                          abs);
  g_autoptr (GBytes) ib = g_bytes_new (ini, strlen (ini));
  pks_files_add (f, "/pks-fit/units.ini", ib);
  const char *flows = "unit,flow,kind,per_year\n";
  g_autoptr (GBytes) fb = g_bytes_new_static (flows, strlen (flows));
  pks_files_add (f, "/pks-fit/flows.csv", fb);
  return pks_scenario_load ("/pks-fit/units.ini", NULL, f, diags);
}
