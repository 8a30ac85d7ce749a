/* test-cli.c — the pks command as planners use it: exit statuses, messages
 * that name file and line, byte-identical outputs for any thread count,
 * outputs that are whole or absent, the contract's CSV headers. */
#include "testutil.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static char *
example (void)
{
  return g_build_filename (tu_source_root (), "scenarios", "examples", "small-region.ini", NULL);
}

static void
test_version_help (void)
{
  TuResult r = tu_pks (NULL, "--version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "pks "));
  tu_result_clear (&r);
  r = tu_pks (NULL, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "compare"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--replications"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", "--no-such-option", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no-such-option"));
  tu_result_clear (&r);
}

static void
test_run_default (void)
{
  TuResult r = tu_pks (NULL, "run", "--replications", "2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Västerbotten"));
  tu_result_clear (&r);
}

static void
test_bad_input_exit_2 (void)
{
  g_autofree char *dir = tu_tmpdir ("pks-cli");
  g_autofree char *ini = g_build_filename (dir, "s.ini", NULL);
  g_autofree char *units = g_build_filename (dir, "u.csv", NULL);
  g_autofree char *flows = g_build_filename (dir, "f.csv", NULL);
  g_file_set_contents (ini, "[scenario]\nstart = 2025-01-01\ndays = 30\n[tables]\nunits = u.csv\nflows = f.csv\n", -1, NULL);
  g_file_set_contents (units, "unit,site,beds,staffed_beds\nA,H,ten,3\nB,H,3,3\n", -1, NULL);
  g_file_set_contents (flows, "unit,flow,kind,per_year,los_days\nC,akut,acute,10,3\nB,akut,acute,-1,3\n", -1, NULL);
  TuResult r = tu_pks (NULL, "run", ini, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "u.csv:2:3: error: beds"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "validate", ini, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "u.csv:2:3"));
  g_assert_nonnull (strstr (r.err, "f.csv:3:4"));   /* every error, not only the first */
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", "/nonexistent/s.ini", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "no such file"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", ini, "--set", "policy.outlying=everywhere", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  tu_rm_rf (dir);
}

static void
test_validate_print (void)
{
  g_autofree char *ex = example ();
  TuResult r = tu_pks (NULL, "validate", ex, "--print", "--set", "policy.overcrowding=3", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "policy.overcrowding = 3\t# --set"));
  g_assert_nonnull (strstr (r.out, "ok: Small region"));
  tu_result_clear (&r);
}

static gboolean
same_files (const char *a, const char *b, const char *name)
{
  g_autofree char *x = tu_slurp (a, name), *y = tu_slurp (b, name);
  return strcmp (x, y) == 0;
}

static void
test_threads_byte_identical (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d1 = tu_tmpdir ("pks-cli"), *d4 = tu_tmpdir ("pks-cli");
  TuResult r = tu_pks (NULL, "run", ex, "-r", "6", "--threads", "1", "--out", d1, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", ex, "-r", "6", "--threads", "4", "--out", d4, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  const char *files[] = { "summary.csv", "daily.csv", "daily_sites.csv", "monthly.csv",
                          "balance.csv", "waiting_times.csv", "national.csv" };
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_true (same_files (d1, d4, files[i]));
  tu_rm_rf (d1);
  tu_rm_rf (d4);
}

static void
test_compare_self_zero (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  TuResult r = tu_pks (NULL, "compare", ex, ex, "-r", "4", "--out", d, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *csv = tu_slurp (d, "compare.csv");
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "scope,name,metric,plan,base_mean,plan_mean,diff_mean,diff_ci_low,diff_ci_high");
  guint rows = 0;
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
      guint n = g_strv_length (f);
      g_assert_cmpuint (n, >=, 9);
      /* diff columns are the last three */
      g_assert_cmpstr (f[n - 3], ==, "0");
      g_assert_cmpstr (f[n - 2], ==, "0");
      g_assert_cmpstr (f[n - 1], ==, "0");
      rows++;
    }
  g_assert_cmpuint (rows, >, 100);
  tu_rm_rf (d);
}

/* Every line of a terminal table at most 100 characters wide. */
static void
assert_fits (const char *out)
{
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_utf8_strlen (lines[i], -1) > 100)
      g_error ("%ld characters: %s", g_utf8_strlen (lines[i], -1), lines[i]);
}

/* The rank column of pks compare's table: the ranks in the order the
 * rows print, the first block only. */
static GArray *
ranks (const char *out)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean in_table = FALSE;
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "─"))
        {
          if (in_table)
            break;   /* the next block repeats the ranks */
          in_table = TRUE;
          continue;
        }
      if (in_table && g_ascii_isdigit (lines[i][0]))
        {
          int k = atoi (lines[i]);
          g_array_append_val (a, k);
        }
      else if (in_table && a->len)
        break;
    }
  return a;
}

/* pks compare in the terminal: Swedish unless --lang en, ranked on the
 * first measure that matters (--measures), at most 100 columns even with
 * the eleven plans of scenarios/plans; a bad --measures exits 2. */
static void
test_compare_terminal (void)
{
  g_autofree char *ex = example ();
  g_autofree char *p1 = g_build_filename (tu_source_root (), "scenarios/examples/small-plan-beds.ini", NULL);
  g_autofree char *p2 = g_build_filename (tu_source_root (), "scenarios/examples/small-plan-no-overcrowding.ini", NULL);
  TuResult r = tu_pks (NULL, "compare", ex, p1, p2, "-r", "3", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "Planerna mot basen"));
  assert_fits (r.out);
  g_autoptr (GArray) rk = ranks (r.out);
  g_assert_cmpuint (rk->len, ==, 2);
  g_strdelimit (r.out, "\n", ' ');   /* prose wraps at 100 columns */
  g_assert_nonnull (strstr (r.out, "rangordnade efter överbeläggningsdygn"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "compare", ex, p1, p2, "-r", "3", "--lang", "en", "--measures",
              "outlied_days,transfers_out", "--details", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "The plans against the base"));
  assert_fits (r.out);
  g_strdelimit (r.out, "\n", ' ');
  g_assert_nonnull (strstr (r.out, "ranked on outlied days"));
  g_assert_nonnull (strstr (r.out, "Difference ±95 % CI"));   /* --details */
  tu_result_clear (&r);
  r = tu_pks (NULL, "compare", ex, p1, "-r", "2", "--measures", "outlied_dayz", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "outlied_dayz"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "compare", ex, p1, "-r", "2", "--measures", "outlied_days,outlied_days", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  /* every plan of the Västerbotten reports: one ranked table, not a block per plan */
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (tu_pks_bin ()));
  g_ptr_array_add (argv, g_strdup ("compare"));
  g_ptr_array_add (argv, g_build_filename (tu_source_root (), "scenarios/vasterbotten-2024.ini", NULL));
  g_autofree char *plans = g_build_filename (tu_source_root (), "scenarios", "plans", NULL);
  GDir *dir = g_dir_open (plans, 0, NULL);
  const char *name;
  g_autoptr (GPtrArray) inis = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ini"))
      g_ptr_array_add (inis, g_build_filename (plans, name, NULL));
  g_dir_close (dir);
  g_ptr_array_sort (inis, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < inis->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (inis, i)));
  const char *tail[] = { "-r", "2", "-q", NULL };
  for (guint i = 0; tail[i]; i++)
    g_ptr_array_add (argv, g_strdup (tail[i]));
  g_ptr_array_add (argv, NULL);
  g_assert_cmpuint (inis->len, >=, 10);
  /* -q prints no table: run again without it */
  g_ptr_array_remove_index (argv, argv->len - 2);
  r = tu_spawn ((const char *const *) argv->pdata, NULL, NULL, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_fits (r.out);
  g_autoptr (GArray) all = ranks (r.out);
  g_assert_cmpuint (all->len, ==, inis->len);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (g_array_index (all, int, i), ==, (int) i + 1);
  guint n_lines = 0;
  for (const char *p = r.out; (p = strchr (p, '\n')) != NULL; p++)
    n_lines++;
  g_assert_cmpuint (n_lines, <, 6 * inis->len);   /* not a dozen lines per plan */
  tu_result_clear (&r);
}

typedef struct {
  GPtrArray *row;
  GPtrArray *rows;
} Collect;

static void
cb_field (void *s, size_t len, void *data)
{
  Collect *c = data;
  g_ptr_array_add (c->row, g_strndup (s, len));
}

static void
cb_row (int ch, void *data)
{
  (void) ch;
  Collect *c = data;
  g_ptr_array_add (c->rows, c->row);
  c->row = g_ptr_array_new_with_free_func (g_free);
}

/* Every output parses back through libcsv with the contract's header. */
static void
test_csv_round_trip (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  TuResult r = tu_pks (NULL, "run", ex, "-r", "3", "--out", d, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  struct { const char *file, *header; } f[] = {
    { "summary.csv", "scope,name,metric,mean,ci_low,ci_high" },
    { "daily.csv", "date,unit,staffed_beds,census_mean,census_p10,census_p90,overcrowded_mean,outlied_mean" },
    { "monthly.csv", "month,unit,waiting_first_visit,waiting_treatment,vg_first_visit_pct,vg_treatment_pct,operations,cancelled_operations" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    {
      g_autofree char *text = tu_slurp (d, f[i].file);
      struct csv_parser p;
      csv_init (&p, CSV_STRICT);
      Collect c = { g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref) };
      g_assert_cmpuint (csv_parse (&p, text, strlen (text), cb_field, cb_row, &c), ==, strlen (text));
      csv_fini (&p, cb_field, cb_row, &c);
      csv_free (&p);
      GPtrArray *hdr = g_ptr_array_index (c.rows, 0);
      g_auto (GStrv) want = g_strsplit (f[i].header, ",", -1);
      g_assert_cmpuint (hdr->len, ==, g_strv_length (want));
      for (guint k = 0; k < hdr->len; k++)
        g_assert_cmpstr (g_ptr_array_index (hdr, k), ==, want[k]);
      g_assert_cmpuint (c.rows->len, >, 10);
      for (guint row = 1; row < c.rows->len; row++)
        g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (c.rows, row))->len, ==, hdr->len);
      g_ptr_array_unref (c.row);
      g_ptr_array_unref (c.rows);
    }
  /* a unit name with a comma survives quoting */
  tu_rm_rf (d);
}

static void
test_json (void)
{
  g_autofree char *ex = example ();
  TuResult r = tu_pks (NULL, "run", ex, "-r", "2", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_autoptr (GError) e = NULL;
  g_assert_true (json_parser_load_from_data (p, r.out, -1, &e));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  g_assert_cmpint (json_object_get_int_member (o, "replications"), ==, 2);
  JsonArray *a = json_object_get_array_member (o, "summary");
  g_assert_cmpuint (json_array_get_length (a), >, 100);
  tu_result_clear (&r);
}

static void
test_trace (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *t = g_build_filename (d, "trace.csv", NULL);
  TuResult r = tu_pks (NULL, "run", ex, "-r", "1", "--trace", t, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *csv = tu_slurp (d, "trace.csv");
  g_assert_true (g_str_has_prefix (csv, "time,patient,unit,flow,event,bed_unit\n"));
  g_assert_nonnull (strstr (csv, ",admit,"));
  g_assert_nonnull (strstr (csv, ",operation,"));
  tu_rm_rf (d);
}

static void
test_unwritable_out (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *file = g_build_filename (d, "plain-file", NULL);
  g_file_set_contents (file, "x", -1, NULL);
  g_autofree char *bad = g_build_filename (file, "out", NULL);
  TuResult r = tu_pks (NULL, "run", ex, "-r", "2", "--out", bad, "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cannot create the output directory"));
  tu_result_clear (&r);
  tu_rm_rf (d);
}

/* A write that fails mid-run (a full disk) leaves no output at all, and
 * an earlier run's files untouched. */
static void
test_outputs_whole_or_absent (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  TuResult r = tu_pks ("PKS_TEST_FAIL_OUTPUT=monthly.csv", "run", ex, "-r", "2", "--out", d, "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "monthly.csv"));
  tu_result_clear (&r);
  GDir *dir = g_dir_open (d, 0, NULL);
  g_assert_null (g_dir_read_name (dir));   /* empty: no summary.csv, no temporaries */
  g_dir_close (dir);
  /* an earlier complete output survives a failed rerun unchanged */
  r = tu_pks (NULL, "run", ex, "-r", "2", "--out", d, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  g_autofree char *before = tu_slurp (d, "summary.csv");
  r = tu_pks ("PKS_TEST_FAIL_OUTPUT=daily.csv", "run", ex, "-r", "3", "--out", d, "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  tu_result_clear (&r);
  g_autofree char *after = tu_slurp (d, "summary.csv");
  g_assert_cmpstr (before, ==, after);
  tu_rm_rf (d);
}

/* A replication that fails (PKS_TEST_FAIL_RANK=0:work fails the first
 * task, as a failing MPI rank would) is an error the command reports,
 * exit 1 with one line and no output files, in every command that runs
 * replications: not an abort. */
static void
test_failing_work (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *design = g_build_filename (d, "design.csv", NULL);
  g_assert_true (g_file_set_contents (design, "point,units[Medicin A].staffed_beds\na,20\n", -1, NULL));
  g_autofree char *out = g_build_filename (d, "o", NULL);
  const char *bin = tu_pks_bin ();
  const char *run[] = { bin, "run", ex, "-r", "2", "-q", "--out", out, NULL };
  const char *cmp[] = { bin, "compare", ex, ex, "-r", "2", "-q", "--out", out, NULL };
  const char *swp[] = { bin, "sweep", ex, design, "-r", "2", "-q", "--out", out, NULL };
  const char *const *cmds[] = { run, cmp, swp };
  for (guint c = 0; c < G_N_ELEMENTS (cmds); c++)
    {
      const char *cmd = cmds[c][1];
      TuResult r = tu_spawn (cmds[c], "PKS_TEST_FAIL_RANK=0:work", NULL, NULL);
      g_test_message ("%s: status %d, stderr: %s", cmd, r.status, r.err);
      g_assert_cmpint (r.status, ==, 1);
      g_autofree char *want = g_strdup_printf ("pks %s: design point 0: failure injected by "
                                               "PKS_TEST_FAIL_RANK\n", cmd);
      g_assert_cmpstr (r.err, ==, want);
      tu_result_clear (&r);
      GDir *dir = g_dir_open (out, 0, NULL);
      g_assert_null (g_dir_read_name (dir));   /* no output files */
      g_dir_close (dir);
    }
  tu_rm_rf (d);
}

/* The options the commands share (options.c) are listed in each command's
 * --help with its own, the report options under --help-report, and a
 * command refuses a shared option it does not take. */
static void
test_shared_options (void)
{
  static const struct {
    const char *cmd;
    const char *in_help;       /* space-separated */
    const char *in_report;
  } cmds[] = {
    { "run", "--replications --seed --threads --set --out --json --quiet --lang --xlsx "
      "--csv-dialect --precision --trace", "--report --png --vg-target" },
    { "compare", "--replications --seed --threads --set --out --quiet --lang --xlsx --csv-dialect "
      "--measures --details", "--report --png --vg-target" },
    { "sweep", "--replications --seed --threads --set --out --quiet --lang --xlsx --csv-dialect", NULL },
    { "optimise", "--replications --seed --threads --set --out --quiet --lang --xlsx --csv-dialect "
      "--resource --write-plan", "--report --png --vg-target" },
    { "validate", "--set --print", NULL },
    { "report", "--out --png --lang --vg-target --measures", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cmds); i++)
    {
      TuResult r = tu_pks (NULL, cmds[i].cmd, "--help", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_auto (GStrv) want = g_strsplit (cmds[i].in_help, " ", -1);
      for (guint k = 0; want[k]; k++)
        {
          g_test_message ("pks %s --help: %s", cmds[i].cmd, want[k]);
          g_assert_nonnull (strstr (r.out, want[k]));
        }
      tu_result_clear (&r);
      if (cmds[i].in_report == NULL)
        continue;
      r = tu_pks (NULL, cmds[i].cmd, "--help-report", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_auto (GStrv) rep = g_strsplit (cmds[i].in_report, " ", -1);
      for (guint k = 0; rep[k]; k++)
        g_assert_nonnull (strstr (r.out, rep[k]));
      tu_result_clear (&r);
    }
  /* taken by some commands, not by these */
  TuResult r = tu_pks (NULL, "validate", "x.ini", "--seed", "3", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.err, ==, "pks validate: Unknown option --seed\nTry 'pks validate --help'.\n");
  tu_result_clear (&r);
  r = tu_pks (NULL, "sweep", "x.ini", "d.csv", "--report", "r.html", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--report"));
  tu_result_clear (&r);
  /* and checks their values in one place, for every command */
  const char *lang_cmds[] = { "run", "compare", "optimise", "report" };
  for (guint i = 0; i < G_N_ELEMENTS (lang_cmds); i++)
    {
      r = tu_pks (NULL, lang_cmds[i], "x", "--vg-target", "101", NULL);
      g_autofree char *want = g_strdup_printf ("pks %s: --vg-target must be in [0, 100]\n",
                                               lang_cmds[i]);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.err, ==, want);
      tu_result_clear (&r);
    }
}

/* --precision stops once the headline metrics are precise enough (5 %); the
 * replications run in batches of 10, so the stopping point does not depend
 * on the thread count. */
static void
test_precision (void)
{
  g_autofree char *ex = example ();
  TuResult a = tu_pks (NULL, "run", ex, "-r", "500", "--precision", "0.05", "--json", "--threads", "1", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_nonnull (strstr (a.err, "precision: "));
  TuResult b = tu_pks (NULL, "run", ex, "-r", "500", "--precision", "0.05", "--json", "--threads", "3", NULL);
  g_assert_cmpstr (a.out, ==, b.out);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, a.out, -1, NULL));
  gint64 n = json_object_get_int_member (json_node_get_object (json_parser_get_root (p)), "replications");
  g_test_message ("--precision 0.05 stopped after %" G_GINT64_FORMAT " replications", n);
  g_assert_cmpint (n, >=, 20);
  g_assert_cmpint (n, <, 500);
  g_assert_cmpint (n % 10, ==, 0);
  tu_result_clear (&a);
  tu_result_clear (&b);
  /* a target that cannot be reached says so and stops at the maximum */
  TuResult c = tu_pks (NULL, "run", ex, "-r", "20", "--precision", "0.0001", "-q", NULL);
  g_assert_cmpint (c.status, ==, 0);
  g_assert_nonnull (strstr (c.err, "not reached"));
  tu_result_clear (&c);
}

/* pks optimise: bad problems exit 2; a good one writes optimise.csv with
 * the contract's header and a plan that pks validate accepts. */
static void
test_optimise (void)
{
  g_autofree char *ex = example ();
  TuResult r = tu_pks (NULL, "optimise", ex, "--resource", "staffed_beds", "--add", "2", "--units",
                  "Medicin A,Nope", "--objective", "outlied_days", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Nope"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "optimise", ex, "--resource", "staffed_beds", "--add", "9", "--units",
           "Medicin A,Medicin B", "--max-per-unit", "4", "--objective", "outlied_days", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  r = tu_pks (NULL, "optimise", ex, "--resource", "nurses", "--add", "2", "--units", "Medicin A",
           "--objective", "outlied_days", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  r = tu_pks (NULL, "optimise", ex, "--resource", "staffed_beds", "--add", "-1", "--units", "Medicin A",
           "--objective", "outlied_days", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);
  r = tu_pks (NULL, "optimise", ex, "--resource", "staffed_beds", "--add", "1", "--units", "Medicin A",
           "--objective", "outlied_dayz", NULL);
  g_assert_cmpint (r.status, ==, 2);
  tu_result_clear (&r);

  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *plan = g_build_filename (d, "plan.ini", NULL);
  r = tu_pks (NULL, "optimise", ex, "--resource", "staffed_beds", "--add", "3", "--units",
           "Medicin A,Kirurgi A,Medicin B", "--objective", "outlied_days+transfers_out", "-r", "4",
           "--reps-max", "8", "--out", d, "--write-plan", plan, "-q", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "Lägg "));   /* Swedish by default */
  tu_result_clear (&r);
  g_autofree char *csv = tu_slurp (d, "optimise.csv");
  g_assert_true (g_str_has_prefix (csv, "rank,allocation,objective_mean,objective_ci_low,objective_ci_high,"
                                        "gap_to_best_mean,gap_to_best_ci_low,gap_to_best_ci_high\n1,"));
  r = tu_pks (NULL, "validate", plan, NULL);
  g_assert_cmpint (r.status, ==, 0);
  tu_result_clear (&r);
  tu_rm_rf (d);
}

static gboolean
dir_is_empty (const char *d)
{
  GDir *dir = g_dir_open (d, 0, NULL);
  g_assert_nonnull (dir);
  const char *n = g_dir_read_name (dir);
  if (n)
    g_test_message ("%s holds %s", d, n);
  g_dir_close (dir);
  return n == NULL;
}

/* A FIFO or a directory given as the scenario: refused at once (a plain
 * read of a FIFO with no writer would block for ever). */
static void
test_fifo_and_directory_inputs (void)
{
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *fifo = g_build_filename (d, "s.ini", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  TuResult r = tu_pks (NULL, "validate", fifo, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "s.ini: is not a regular file"));
  tu_result_clear (&r);
  r = tu_pks (NULL, "run", d, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "is a directory, expected a file"));
  tu_result_clear (&r);
  tu_rm_rf (d);
}

/* Run pks with stdout to /dev/null and stderr kept; return the exit
 * status and the child's peak resident set (KiB) from wait4. */
static int
run_measured (const char *const *args, char **err_out, long *maxrss_kb)
{
  g_autofree char *errf = g_build_filename (g_get_tmp_dir (), "pks-cli-err-XXXXXX", NULL);
  int efd = g_mkstemp (errf);
  g_assert_cmpint (efd, >=, 0);
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int dn = open ("/dev/null", O_WRONLY);
      dup2 (dn, 1);
      dup2 (efd, 2);
      execv (args[0], (char *const *) args);
      _exit (127);
    }
  int st = 0;
  struct rusage ru;
  while (wait4 (pid, &st, 0, &ru) < 0 && errno == EINTR)
    ;
  close (efd);
  g_assert_true (g_file_get_contents (errf, err_out, NULL, NULL));
  g_unlink (errf);
  *maxrss_kb = ru.ru_maxrss;
  return WIFEXITED (st) ? WEXITSTATUS (st) : 128;
}

static void
write_big (const char *path, const char *header, const char *row_fmt, gsize bytes)
{
  FILE *f = fopen (path, "w");
  g_assert_nonnull (f);
  gsize n = (gsize) fprintf (f, "%s", header);
  for (guint i = 0; n < bytes; i++)
    n += (gsize) fprintf (f, row_fmt, i);
  g_assert_cmpint (fclose (f), ==, 0);
}

/* A 100 MB table is refused from its size, before a byte is read; a 60 MB
 * one (below the limit) is read but parsed only up to the table's row
 * limit. Both end with a clear message in bounded memory; the figures go
 * to the log (docs/robustness.md). */
static void
test_huge_tables (void)
{
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *ini = g_build_filename (d, "s.ini", NULL);
  g_autofree char *units = g_build_filename (d, "units.csv", NULL);
  g_autofree char *wl = g_build_filename (d, "waitlist.csv", NULL);
  g_autofree char *flows = g_build_filename (d, "flows.csv", NULL);
  g_assert_true (g_file_set_contents (ini, "[scenario]\nstart = 2025-01-01\ndays = 30\n[tables]\n"
                                      "units = units.csv\nflows = flows.csv\nwaitlist = waitlist.csv\n", -1, NULL));
  g_assert_true (g_file_set_contents (flows, "unit,flow,kind,per_year,los_days,treat_p,surgery_minutes\n"
                                      "U0,f,elective,10,3,0.5,60\n", -1, NULL));
  write_big (units, "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n",
             "U%u,Sjukhus,20,18,5,240,40\n", 100u << 20);
  const char *args[] = { tu_pks_bin (), "validate", ini, NULL };
  g_autofree char *err = NULL;
  long rss = 0;
  gint64 t0 = g_get_monotonic_time ();
  int status = run_measured (args, &err, &rss);
  g_test_message ("100 MB units.csv: exit %d, %.2f s, maxrss %ld KiB: %s", status,
                  (g_get_monotonic_time () - t0) / 1e6, rss, err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "units.csv: the file is 100.0 MB; input files are limited to 64 MB"));
  g_assert_cmpint (rss, <, 64 * 1024);   /* never read: far below the file's size */
  g_clear_pointer (&err, g_free);

  /* 60 MB of waiting-list bins: read, parsed to 100 000 rows, refused */
  write_big (units, "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n",
             "U%u,Sjukhus,20,18,5,240,40\n", 1000);
  write_big (wl, "unit,flow,stage,wait_from_days,wait_to_days,count\n",
             "U0,f,treatment,0,30,%u\n", 60u << 20);
  t0 = g_get_monotonic_time ();
  status = run_measured (args, &err, &rss);
  g_test_message ("60 MB waitlist.csv: exit %d, %.2f s, maxrss %ld KiB: %s", status,
                  (g_get_monotonic_time () - t0) / 1e6, rss, err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "waitlist.csv:100002: error: the table has more than 100000 rows"));
  /* the file's bytes plus 100 000 parsed rows, not ten times the file */
  g_assert_cmpint (rss, <, 160 * 1024);
  g_clear_pointer (&err, g_free);
  tu_rm_rf (d);
}

static void
test_out_not_a_directory (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *file = g_build_filename (d, "plain-file", NULL);
  g_file_set_contents (file, "x", -1, NULL);
  TuResult r = tu_pks (NULL, "run", ex, "-r", "2", "--out", file, "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cannot create the output directory"));
  tu_result_clear (&r);
  /* a read-only file system: /proc takes no new directories, even from root */
  r = tu_pks (NULL, "run", ex, "-r", "2", "--out", "/proc/pks-no-such-dir", "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "/proc/pks-no-such-dir: cannot create the output directory"));
  tu_result_clear (&r);
  tu_rm_rf (d);
}

/* An output name taken by a directory: found before anything is written,
 * so no output changes (not even summary.csv, written first). */
static void
test_out_name_taken (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *sub = g_build_filename (d, "monthly.csv", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  TuResult r = tu_pks (NULL, "run", ex, "-r", "2", "--out", d, "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "monthly.csv exists and is not a regular file"));
  tu_result_clear (&r);
  g_autofree char *summary = g_build_filename (d, "summary.csv", NULL);
  g_assert_false (g_file_test (summary, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  g_rmdir (sub);
  g_assert_true (dir_is_empty (d));   /* no temporaries left */
  /* --trace onto a FIFO (or /dev/null): refused, the FIFO stays a FIFO */
  g_autofree char *fifo = g_build_filename (d, "trace.csv", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  r = tu_pks (NULL, "run", ex, "-r", "1", "--trace", fifo, "-q", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "trace.csv exists and is not a regular file"));
  tu_result_clear (&r);
  struct stat st;
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  tu_rm_rf (d);
}

/* In the child: files may grow to *limit bytes, then writes fail with
 * EFBIG as on a full disk (SIGXFSZ ignored so that write returns). */
static void
limit_file_size (gpointer data)
{
  struct rlimit rl = { *(rlim_t *) data, *(rlim_t *) data };
  setrlimit (RLIMIT_FSIZE, &rl);
  signal (SIGXFSZ, SIG_IGN);
}

/* A disk that fills while the outputs are written (a real write failure,
 * not the test hook): whatever file it hits, no output is left. */
static void
test_disk_full (void)
{
  g_autofree char *ex = example ();
  /* summary.csv is about 16 kB, daily.csv 46 kB, daily_sites.csv 49 kB */
  static rlim_t limits[] = { 1000, 30000, 47500 };
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *d = tu_tmpdir ("pks-cli");
      TuResult r = tu_pks_setup (limit_file_size, &limits[i], "run", ex, "-r", "2", "--out", d, "-q", NULL);
      g_test_message ("file size limit %lu: exit %d: %s", (unsigned long) limits[i], r.status, r.err);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "write failed"));
      tu_result_clear (&r);
      g_assert_true (dir_is_empty (d));
      tu_rm_rf (d);
    }
}

static void
stdout_to_dev_full (gpointer data)
{
  (void) data;
  int fd = open ("/dev/full", O_WRONLY);
  if (fd >= 0)
    dup2 (fd, 1);
}

/* A summary that cannot be written to standard output is a failure. */
static void
test_stdout_full (void)
{
  g_autofree char *ex = example ();
  TuResult r = tu_pks_setup (stdout_to_dev_full, NULL, "run", ex, "-r", "2", "--json", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "cannot write to standard output: No space left on device"));
  tu_result_clear (&r);
}

/* --out keeps every replication's daily census; a request that would not
 * fit is refused before anything runs or any directory is made. */
static void
test_out_too_large (void)
{
  g_autofree char *ex = example ();
  g_autofree char *d = tu_tmpdir ("pks-cli");
  g_autofree char *out = g_build_filename (d, "out", NULL);
  TuResult r = tu_pks (NULL, "run", ex, "-r", "10000", "--set", "scenario.days=36600", "--out", out, "-q", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "4 units × 36600 days × 10000 replications × 4 bytes = 5.9 GB"));
  tu_result_clear (&r);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  tu_rm_rf (d);
}

/* Every scenario the project ships (the baselines, each plan, each example)
 * passes pks validate: a plan whose base, table or unit name has drifted
 * fails here, not in front of a planner. */
static void
test_shipped_scenarios_validate (void)
{
  const char *dirs[] = { "", "plans", "examples" };
  guint n = 0;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (tu_source_root (), "scenarios", dirs[i], NULL);
      GDir *d = g_dir_open (dir, 0, NULL);
      g_assert_nonnull (d);
      const char *name;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          if (!g_str_has_suffix (name, ".ini"))
            continue;
          g_autofree char *path = g_build_filename (dir, name, NULL);
          TuResult r = tu_pks (NULL, "validate", path, NULL);
          if (r.status != 0)
            g_test_message ("%s: %s", path, r.err);
          g_assert_cmpint (r.status, ==, 0);
          tu_result_clear (&r);
          n++;
        }
      g_dir_close (d);
    }
  g_test_message ("%u shipped scenarios validate", n);
  g_assert_cmpuint (n, >=, 15);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/version-help", test_version_help);
  g_test_add_func ("/cli/run/default-scenario", test_run_default);
  g_test_add_func ("/cli/errors/exit-2-with-location", test_bad_input_exit_2);
  g_test_add_func ("/cli/validate/print", test_validate_print);
  g_test_add_func ("/cli/validate/shipped-scenarios", test_shipped_scenarios_validate);
  g_test_add_func ("/cli/run/threads-byte-identical", test_threads_byte_identical);
  g_test_add_func ("/cli/compare/self-is-zero", test_compare_self_zero);
  g_test_add_func ("/cli/compare/measures", test_compare_terminal);
  g_test_add_func ("/cli/outputs/csv-round-trip", test_csv_round_trip);
  g_test_add_func ("/cli/outputs/json", test_json);
  g_test_add_func ("/cli/outputs/trace", test_trace);
  g_test_add_func ("/cli/outputs/unwritable-dir", test_unwritable_out);
  g_test_add_func ("/cli/outputs/whole-or-absent", test_outputs_whole_or_absent);
  g_test_add_func ("/cli/run/precision", test_precision);
  g_test_add_func ("/cli/errors/failing-work-exit-1", test_failing_work);
  g_test_add_func ("/cli/options/shared", test_shared_options);
  g_test_add_func ("/cli/optimise/inputs-and-plan", test_optimise);
  g_test_add_func ("/cli/inputs/fifo-and-directory", test_fifo_and_directory_inputs);
  g_test_add_func ("/cli/inputs/huge-tables", test_huge_tables);
  g_test_add_func ("/cli/outputs/out-not-a-directory", test_out_not_a_directory);
  g_test_add_func ("/cli/outputs/name-taken", test_out_name_taken);
  g_test_add_func ("/cli/outputs/disk-full", test_disk_full);
  g_test_add_func ("/cli/outputs/stdout-full", test_stdout_full);
  g_test_add_func ("/cli/outputs/daily-arrays-too-large", test_out_too_large);
  return g_test_run ();
}
