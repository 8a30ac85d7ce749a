/* test-lang.c — the reports and the terminal speak the user's language:
 * the Swedish pages and tables hold no English word and no raw metric or
 * scenario key name (the lists are built from the metric table and the
 * known keys, plus English words), the English ones no Swedish word; and
 * δ never appears without the sentence saying what it is. Names (of the
 * region, sites, units, scenarios and plans) and <code> (file names) are
 * the user's own and left out of the check. */
#include "testutil.h"
#include "keyfile.h"
#include "pks/input/settings.h"

#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1735689600"

/* English words a Swedish page must not hold (whole words, any case):
 * the leftovers of issue #23 and the words of the metrics and keys. */
static const char *const english[] = {
  "the", "and", "of", "with", "without", "from", "true", "false", "yes", "no", "base",
  "embedded", "days", "day", "beds", "bed", "staffed", "outlied", "overcrowded",
  "objective", "allocation", "allocations", "replications", "seed", "mean", "waiting",
  "treatment", "visit", "visits", "cost", "costs", "patients", "operations", "cancelled",
  "figure", "figures", "unit", "units", "share", "within", "guarantee", "occupancy",
  "admissions", "transfers", "percentile", "difference", "better", "worse", "sure", "clear",
  "clearly", "answer", "indifference", "zone", "run", "report", "settings", "setting", "key",
  "value", "origin", "default", "hospital", "findings", "headline", "census", "warm-up",
  "added", "change", "changes", "plans", "first", "second", "rank", "site", "sites", "region's",
};

/* Swedish words an English page must not hold. */
static const char *const swedish[] = {
  "och", "för", "med", "utan", "mot", "inte", "är", "vårdplatser", "vårdplats", "dygn",
  "dagar", "säkert", "säker", "basen", "bas", "inställningar", "replikeringar", "enhet",
  "enheter", "sjukhus", "väntande", "operationer", "kostnad", "skillnad", "svaret", "planen",
  "planerna", "beläggning", "vårdgaranti", "nybesök", "behandling", "medel", "perioden",
  "inneliggande", "disponibla", "bättre", "sämre", "ingen", "körd", "slumpfrö", "bilaga",
};

static gboolean
word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_';
}

/* Whether text holds word as a whole word (case-insensitive; word may
 * hold spaces, dots or underscores). */
static const char *
find_word (const char *text, const char *word)
{
  g_autofree char *t = g_utf8_casefold (text, -1), *w = g_utf8_casefold (word, -1);
  gsize wl = strlen (w);
  for (const char *p = strstr (t, w); p; p = strstr (p + 1, w))
    {
      gboolean left = p == t || !word_char (g_utf8_get_char (g_utf8_prev_char (p)));
      gboolean right = p[wl] == '\0' || !word_char (g_utf8_get_char (p + wl));
      if (left && right)
        return text + (p - t);   /* casefold keeps byte offsets for these texts */
    }
  return NULL;
}

/* The text a reader sees: no <style>, charts only by their titles
 * (aria-label; their text is drawn as glyphs), no <code> (file names,
 * keys without words), no tags; entities read back. */
static char *
visible_text (const char *html)
{
  g_autoptr (GRegex) style = g_regex_new ("<style>.*?</style>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) svg = g_regex_new ("<svg[^>]*aria-label=\"([^\"]*)\"[^>]*>.*?</svg>",
                                        G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) code = g_regex_new ("<code>.*?</code>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) head = g_regex_new ("<head>.*?</head>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr (GRegex) tag = g_regex_new ("<[^>]*>", 0, 0, NULL);
  g_autofree char *a = g_regex_replace (style, html, -1, 0, " ", 0, NULL);
  g_autofree char *b = g_regex_replace (head, a, -1, 0, " ", 0, NULL);
  g_autofree char *c = g_regex_replace (svg, b, -1, 0, " \\1 ", 0, NULL);
  g_autofree char *d = g_regex_replace (code, c, -1, 0, " ", 0, NULL);
  g_autofree char *e = g_regex_replace (tag, d, -1, 0, " ", 0, NULL);
  static const struct {
    const char *ent, *ch;
  } ents[] = { { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" }, { "&amp;", "&" } };
  GString *s = g_string_new (e);
  for (guint i = 0; i < G_N_ELEMENTS (ents); i++)
    g_string_replace (s, ents[i].ent, ents[i].ch, 0);
  return g_string_free (s, FALSE);
}

/* Blank the user's own names (longest first, so a plan named after a
 * unit goes whole). */
static void
blank_names (GString *text, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    for (guint j = i + 1; j < names->len; j++)
      if (strlen (g_ptr_array_index (names, j)) > strlen (g_ptr_array_index (names, i)))
        {
          gpointer t = names->pdata[i];
          names->pdata[i] = names->pdata[j];
          names->pdata[j] = t;
        }
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      if (*n == '\0')
        continue;
      g_string_replace (text, n, " ", 0);
      /* a name cut short in a terminal column: "KAVA 8 vårdplatser, Kirur…" */
      for (glong k = g_utf8_strlen (n, -1) - 1; k >= 6; k--)
        {
          g_autofree char *head = g_utf8_substring (n, 0, k);
          g_autofree char *cut = g_strconcat (head, "…", NULL);
          g_string_replace (text, cut, " ", 0);
        }
    }
}

static void
add_names_from_csv (GPtrArray *names, const char *dir, const char *file, guint col)
{
  g_autofree char *data = tu_read (dir, file);
  if (data == NULL)
    return;
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      /* names hold no comma in these scenarios; the CSV quotes them otherwise */
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
      if (g_strv_length (f) > col && *f[col])
        g_ptr_array_add (names, g_strdup (f[col]));
    }
}

static void
add_names_from_json (GPtrArray *names, const char *dir)
{
  g_autofree char *json = tu_read (dir, "run.json");
  if (json == NULL)
    return;
  g_autoptr (GRegex) re = g_regex_new ("\"(scenario|region|name)\" : \"([^\"]*)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  for (g_regex_match (re, json, 0, &mi); g_match_info_matches (mi); g_match_info_next (mi, NULL))
    g_ptr_array_add (names, g_match_info_fetch (mi, 2));
}

/* Every name of an output folder: its run.json and summary.csv, and for a
 * comparison those of each scenario's subfolder. */
static GPtrArray *
names_of (const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *subs[] = { ".", "base", "plan-1", "plan-2" };
  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    {
      g_autofree char *d = g_build_filename (dir, subs[i], NULL);
      add_names_from_json (names, d);
      add_names_from_csv (names, d, "summary.csv", 1);
    }
  add_names_from_csv (names, dir, "optimise.csv", 1);
  return names;
}

/* The words the language must not show: raw metric names, scenario keys
 * (group.key, and key names with an underscore), and the other language's
 * words. */
static GPtrArray *
forbidden (gboolean swedish_page)
{
  GPtrArray *w = g_ptr_array_new_with_free_func (g_free);
  /* a one-word name ("admissions") is also an English word: raw on a
   * Swedish page only */
  for (int k = 0; k < PKS_N_METRICS; k++)
    if (swedish_page || strchr (pks_metric_name (k), '_'))
      g_ptr_array_add (w, g_strdup (pks_metric_name (k)));
  guint n;
  const PksKeySpec *keys = pks_key_specs (&n);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (w, g_strdup_printf ("%s.%s", keys[i].group, keys[i].key));
      if (strchr (keys[i].key, '_'))
        g_ptr_array_add (w, g_strdup (keys[i].key));
    }
  const char *const *words = swedish_page ? english : swedish;
  guint nw = swedish_page ? G_N_ELEMENTS (english) : G_N_ELEMENTS (swedish);
  for (guint i = 0; i < nw; i++)
    g_ptr_array_add (w, g_strdup (words[i]));
  return w;
}

/* Fail with the word and its surroundings when text holds one. */
static void
check_text (const char *what, const char *text, gboolean swedish_page)
{
  g_autoptr (GPtrArray) bad = forbidden (swedish_page);
  for (guint i = 0; i < bad->len; i++)
    {
      const char *hit = find_word (text, g_ptr_array_index (bad, i));
      if (hit == NULL)
        continue;
      const char *from = hit, *to = hit;
      for (int k = 0; k < 50 && from > text; k++)
        from = g_utf8_prev_char (from);
      for (int k = 0; k < 80 && *to; k++)
        to = g_utf8_next_char (to);
      g_autofree char *around = g_strndup (from, to - from);
      g_error ("%s (%s): \"%s\" in: …%s…", what, swedish_page ? "svenska" : "English",
               (char *) g_ptr_array_index (bad, i), around);
    }
  /* δ only in a sentence that says what it is */
  for (const char *d = strstr (text, "δ"); d; d = strstr (d + 1, "δ"))
    {
      const char *end = strstr (d, ". ");   /* "δ = 1.5" has a point too */
      g_autofree char *sentence = end ? g_strndup (d, end - d) : g_strdup (d);
      if (strstr (sentence, swedish_page ? "lika bra" : "equally good") == NULL)
        g_error ("%s: δ without what it means: %s", what, sentence);
    }
}

static void
check_page (const char *what, const char *html_path, const char *dir, gboolean swedish_page)
{
  g_autofree char *html = NULL;
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_autofree char *vis = visible_text (html);
  GString *text = g_string_new (vis);
  g_autoptr (GPtrArray) names = names_of (dir);
  blank_names (text, names);
  check_text (what, text->str, swedish_page);
  g_test_message ("%s: %zu characters of text checked", what, text->len);
  g_string_free (text, TRUE);
}

static void
check_stdout (const char *what, const char *out, const char *dir, gboolean swedish_page)
{
  /* prose wraps at 100 columns: a name may run across a line break */
  g_autoptr (GRegex) wrap = g_regex_new ("\n +", 0, 0, NULL);
  g_autofree char *flat0 = g_regex_replace (wrap, out, -1, 0, " ", 0, NULL);
  g_autofree char *flat = g_strdelimit (g_strdup (flat0), "\n", ' ');
  GString *text = g_string_new (flat);
  g_autoptr (GPtrArray) names = names_of (dir);
  blank_names (text, names);
  check_text (what, text->str, swedish_page);
  g_string_free (text, TRUE);
}

static char *
path_of (const char *rel)
{
  return g_build_filename (tu_source_root (), rel, NULL);
}

/* A run of the baseline, a comparison of two plans of it and an
 * optimisation of the example region, in both languages, pages and
 * terminal alike. */
static void
test_languages (void)
{
  g_autofree char *vb = path_of ("scenarios/vasterbotten-2024.ini");
  g_autofree char *kava = path_of ("scenarios/plans/kava.ini");
  g_autofree char *kua = path_of ("scenarios/plans/kua.ini");
  g_autofree char *small = path_of ("scenarios/examples/small-region.ini");
  for (int en = 0; en < 2; en++)
    {
      const char *lang = en ? "en" : "sv";
      g_autofree char *d = tu_tmpdir ("pks-lang");
      g_autofree char *run = g_build_filename (d, "run", NULL), *cmp = g_build_filename (d, "cmp", NULL),
                      *opt = g_build_filename (d, "opt", NULL);
      g_autofree char *rh = g_build_filename (d, "run.html", NULL),
                      *ch = g_build_filename (d, "cmp.html", NULL),
                      *oh = g_build_filename (d, "opt.html", NULL);
      /* the embedded baseline, as `pks run` with no scenario runs it */
      TuResult r = tu_pks (EPOCH, "run", "-r", "3", "--out", run, "--report", rh, "--lang", lang, NULL);
      g_assert_cmpint (r.status, ==, 0);
      check_stdout (en ? "pks run --lang en" : "pks run", r.out, run, !en);
      tu_result_clear (&r);
      r = tu_pks (EPOCH, "compare", vb, kava, kua, "-r", "3", "--out", cmp, "--report", ch, "--lang",
                  lang, "--details", NULL);
      g_assert_cmpint (r.status, ==, 0);
      check_stdout (en ? "pks compare --lang en" : "pks compare", r.out, cmp, !en);
      tu_result_clear (&r);
      r = tu_pks (EPOCH, "optimise", small, "--resource", "staffed_beds", "--add", "3", "--units",
                  "Medicin A,Kirurgi A,Medicin B", "--objective", "outlied_days+transfers_out", "-r", "4",
                  "--reps-max", "8", "--out", opt, "--report", oh, "--lang", lang, "-q", NULL);
      g_assert_cmpint (r.status, ==, 0);
      tu_result_clear (&r);
      check_page (en ? "run report, English" : "run report", rh, run, !en);
      check_page (en ? "comparison report, English" : "comparison report", ch, cmp, !en);
      check_page (en ? "optimisation report, English" : "optimisation report", oh, opt, !en);
      tu_rm_rf (d);
    }
}

/* The check itself finds what it looks for: a raw key, an English word
 * in a Swedish sentence, a bare δ (so a passing page means something). */
static void
test_checker (void)
{
  g_assert_nonnull (find_word ("Inställning policy.cancel_if_no_bed ja", "policy.cancel_if_no_bed"));
  g_assert_nonnull (find_word ("Scenariofil (embedded) x", "embedded"));
  g_assert_nonnull (find_word ("Målfunktion outlied_days", "outlied_days"));
  g_assert_null (find_word ("basen och planerna", "base"));
  g_assert_null (find_word ("överbeläggningsdygn", "dygn"));
  g_assert_nonnull (find_word ("Ingen säker skillnad", "ingen"));
}

/* Every key a scenario may set has its words in both languages (a key
 * added without them shows as code in the report, and this fails). */
static void
test_every_key_has_words (void)
{
  guint n;
  const PksKeySpec *keys = pks_key_specs (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *k = g_strdup_printf ("%s.%s", keys[i].group, keys[i].key);
      if (pks_setting_label (k, PKS_LANG_SV) == NULL || pks_setting_label (k, PKS_LANG_EN) == NULL
          || pks_setting_group_label (k, PKS_LANG_SV) == NULL)
        g_error ("%s has no words in sim/input/settings-words.c", k);
    }
  g_autofree char *v = pks_setting_value_text ("policy.cancel_if_no_bed", "true", PKS_LANG_SV);
  g_assert_cmpstr (v, ==, "ja");
  g_autofree char *c = pks_setting_value_text ("costs.staffed_bed_day", "15000", PKS_LANG_SV);
  g_assert_cmpstr (c, ==, "15\u00a0000 kr");
  g_autofree char *o = pks_setting_origin_text ("scenarios/vasterbotten-2024.ini:31", PKS_LANG_SV);
  g_assert_cmpstr (o, ==, "vasterbotten-2024.ini, rad 31");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lang/checker-finds-leftovers", test_checker);
  g_test_add_func ("/lang/every-key-has-words", test_every_key_has_words);
  g_test_add_func ("/lang/reports-and-terminal", test_languages);
  return g_test_run ();
}
