/* settings-words.c — every known scenario key (keyfile.c) in Swedish and
 * English words with the unit of its value, and values and origins read
 * aloud, so that no report or workbook shows a raw key to a manager. */
#include "pks/input/settings.h"
#include "pks/stats/stats.h"

#include <math.h>
#include <string.h>

typedef enum { U_NONE, U_DAYS, U_PATIENTS, U_HOURS, U_WEEKS, U_PCT, U_SEK, U_CLOCK } Unit;

typedef struct {
  const char *key;
  const char *sv, *en;
  Unit unit;
} Words;

static const Words words[] = {
  { "scenario.name", "Scenariots namn", "Scenario name", U_NONE },
  { "scenario.base", "Bygger på scenariot", "Based on the scenario", U_NONE },
  { "scenario.start", "Första redovisade dag", "First reported day", U_NONE },
  { "scenario.days", "Redovisad period", "Reported period", U_DAYS },
  { "scenario.warmup_days", "Insvängning före första dagen", "Warm-up before the first day", U_DAYS },
  { "scenario.replications", "Replikeringar", "Replications", U_NONE },
  { "scenario.seed", "Slumpfrö", "Random seed", U_NONE },
  { "scenario.description", "Beskrivning", "Description", U_NONE },
  { "scenario.region", "Region", "Region", U_NONE },
  { "scenario.by_flow", "Resultat också per flöde", "Results per flow too", U_NONE },
  { "tables.units", "Tabell över enheter och vårdplatser", "Table of units and beds", U_NONE },
  { "tables.flows", "Tabell över patientflöden", "Table of patient flows", U_NONE },
  { "tables.changes", "Tabell över daterade kapacitetsförändringar",
    "Table of dated capacity changes", U_NONE },
  { "tables.staffing", "Tabell över bemanning", "Table of staffing", U_NONE },
  { "tables.waitlist", "Tabell över väntelistor vid start", "Table of waiting lists at the start",
    U_NONE },
  { "tables.profiles", "Tabell över säsongsprofiler", "Table of seasonal profiles", U_NONE },
  { "tables.census", "Tabell över inneliggande patienter vid start", "Table of patients in bed at the start",
    U_NONE },
  { "tables.transfers", "Tabell över vårdkedjor mellan enheter", "Table of pathways between units",
    U_NONE },
  { "tables.targets", "Tabell över produktionsmål per enhet och månad",
    "Table of production targets per unit and month", U_NONE },
  { "tables.changes_inherit", "Basens kapacitetsförändringar gäller också",
    "The base's capacity changes apply too", U_NONE },
  { "tables.staffing_inherit", "Basens bemanning gäller också", "The base's staffing applies too",
    U_NONE },
  { "policy.outlying", "Utlokalisering när enheten är full", "Outlying when the unit is full",
    U_NONE },
  { "policy.overcrowding", "Överbeläggning som tillåts före utlokalisering",
    "Overcrowding allowed before outlying", U_PATIENTS },
  { "policy.scheduling", "Ordning på väntelistorna", "Order of the waiting lists", U_NONE },
  { "policy.cancel_if_no_bed", "Planerad operation stryks när vårdplats saknas",
    "A planned operation is cancelled when no bed is free", U_NONE },
  { "policy.recall_outliers", "Utlokaliserade flyttas hem när plats blir ledig",
    "Outlied patients move home when a bed frees", U_NONE },
  { "policy.due_days", "Måltid per prioritet 1, 2 och 3", "Target time per priority 1, 2 and 3",
    U_DAYS },
  { "policy.census_hour", "Klockslag för beläggningsmätningen", "Hour of the daily census",
    U_CLOCK },
  { "policy.clinic_hour", "Klockslag då mottagningen börjar", "Hour the clinic starts", U_CLOCK },
  { "national.census_hour", "Klockslag för den nationella räkningen av överbeläggningar och utlokaliseringar",
    "Hour of the national count of overcrowded and outlied patients", U_CLOCK },
  { "policy.elective_overcrowding", "Planerade patienter får läggas i överbeläggning",
    "Planned patients may be overcrowded", U_NONE },
  { "policy.transfer_when_full", "När nästa enhet i vårdkedjan är full", "When the next unit of a pathway is full",
    U_NONE },
  { "policy.acute_queue_hours", "Längsta väntan på vårdplats för en akut patient",
    "Longest wait for a bed of an acute patient", U_HOURS },
  { "guarantee.first_visit_days", "Vårdgarantins gräns för nybesök",
    "Care-guarantee limit for a first visit", U_DAYS },
  { "guarantee.treatment_days", "Vårdgarantins gräns för behandling",
    "Care-guarantee limit for treatment", U_DAYS },
  { "staffing.nurse_patients", "Patienter per sjuksköterska dag, kväll och natt",
    "Patients per nurse by day, evening and night", U_PATIENTS },
  { "staffing.assistant_nurse_patients", "Patienter per undersköterska dag, kväll och natt",
    "Patients per assistant nurse by day, evening and night", U_PATIENTS },
  { "staffing.shift_hours", "Passets längd dag, kväll och natt", "Shift length by day, evening and night",
    U_HOURS },
  { "staffing.fte_hours_per_year", "Arbetstid per årsarbetare", "Working hours per full-time year",
    U_HOURS },
  { "staffing.vacation_weeks", "Semester per år", "Vacation per year", U_WEEKS },
  { "staffing.summer_weeks", "Varav semester under sommaren", "Of which in the summer", U_WEEKS },
  { "staffing.summer_from", "Sommarperioden börjar", "The summer period starts", U_NONE },
  { "staffing.summer_to", "Sommarperioden slutar", "The summer period ends", U_NONE },
  { "staffing.sick_leave_pct", "Sjukfrånvaro", "Sick leave", U_PCT },
  { "staffing.vacancy_pct", "Vakanta tjänster", "Vacant posts", U_PCT },
  { "costs.staffed_bed_day", "Kostnad per disponibelt vårdplatsdygn", "Cost per staffed bed-day",
    U_SEK },
  { "costs.operation", "Kostnad per operation", "Cost per operation", U_SEK },
  { "costs.agency_premium_pct", "Påslag för hyrpersonal", "Agency staff premium", U_PCT },
  { "costs.out_of_region", "Kostnad per patient i utomlänsvård", "Cost per patient sent out of region",
    U_SEK },
  { "costs.overtime_minute", "Kostnad per övertidsminut på operation", "Cost per operating overtime minute",
    U_SEK },
  { "costs.nurse_fte_year", "Kostnad per sjuksköterska och år", "Cost per nurse and year", U_SEK },
  { "costs.assistant_nurse_fte_year", "Kostnad per undersköterska och år",
    "Cost per assistant nurse and year", U_SEK },
  { "costs.or_team_fte_year", "Kostnad per operationsteam och år", "Cost per operating team and year",
    U_SEK },
};

static const struct {
  const char *group, *sv, *en;
} groups[] = {
  { "scenario", "Scenariot", "The scenario" },
  { "tables", "Tabeller", "Tables" },
  { "policy", "Regler för vårdplatser och väntelistor", "Rules for beds and waiting lists" },
  { "guarantee", "Vårdgarantin", "The care guarantee" },
  { "staffing", "Bemanning", "Staffing" },
  { "costs", "Kostnader", "Costs" },
  { "national", "Nationell statistik", "National statistics" },
};

/* Values that are words: the key's choices (scenario-load.c), then yes/no. */
static const struct {
  const char *key, *value, *sv, *en;
} choices[] = {
  { "policy.outlying", "none", "ingen, patienten förs till annan region",
    "none, the patient goes out of region" },
  { "policy.outlying", "site", "till en annan enhet på samma sjukhus", "to another unit at the same hospital" },
  { "policy.outlying", "region", "till en annan enhet i regionen", "to another unit in the region" },
  { "policy.scheduling", "fifo", "i tur och ordning", "first come, first served" },
  { "policy.scheduling", "priority-longest-wait", "efter prioritet, sedan längst väntan",
    "by priority, then longest wait" },
  { "policy.scheduling", "due-date", "efter måldatum", "by target date" },
  { "policy.transfer_when_full", "wait", "patienten väntar kvar i sin säng", "the patient waits in their bed" },
  { "policy.transfer_when_full", "overcrowd", "patienten läggs i överbeläggning", "the patient is overcrowded" },
  { "policy.transfer_when_full", "outlie", "patienten utlokaliseras", "the patient is outlied" },
};

static const Words *
find (const char *key)
{
  for (guint i = 0; key && i < G_N_ELEMENTS (words); i++)
    if (!strcmp (words[i].key, key))
      return &words[i];
  return NULL;
}

const char *
pks_setting_label (const char *key, PksLang lang)
{
  const Words *w = find (key);
  return w ? (lang == PKS_LANG_EN ? w->en : w->sv) : NULL;
}

const char *
pks_setting_group_label (const char *key, PksLang lang)
{
  const char *dot = key ? strchr (key, '.') : NULL;
  for (guint i = 0; dot && i < G_N_ELEMENTS (groups); i++)
    if (strlen (groups[i].group) == (gsize) (dot - key) && !strncmp (groups[i].group, key, dot - key))
      return lang == PKS_LANG_EN ? groups[i].en : groups[i].sv;
  return NULL;
}

static const char *
unit_word (Unit u, double v, PksLang lang)
{
  gboolean one = v == 1;
  gboolean sv = lang == PKS_LANG_SV;
  switch (u)
    {
    case U_DAYS:
      return sv ? (one ? "dag" : "dagar") : (one ? "day" : "days");
    case U_PATIENTS:
      return sv ? (one ? "patient" : "patienter") : (one ? "patient" : "patients");
    case U_HOURS:
      return sv ? (one ? "timme" : "timmar") : (one ? "hour" : "hours");
    case U_WEEKS:
      return sv ? (one ? "vecka" : "veckor") : (one ? "week" : "weeks");
    case U_PCT:
      return "%";
    case U_SEK:
      return "kr";
    case U_NONE:
    case U_CLOCK:
    default:
      return NULL;
    }
}

/* A number as written in a scenario ("5.6", "15000"): its value, and
 * decimals to show it with (those it was written with, at most 6). */
static gboolean
number (const char *text, double *v, int *decimals)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  char *end = NULL;
  if (*t == '\0')
    return FALSE;
  *v = g_ascii_strtod (t, &end);
  if (end == NULL || *end != '\0' || !isfinite (*v))
    return FALSE;
  const char *dot = strchr (t, '.');
  *decimals = dot ? (int) MIN (6u, strspn (dot + 1, "0123456789")) : 0;
  return TRUE;
}

char *
pks_setting_value_text (const char *key, const char *value, PksLang lang)
{
  gboolean sv = lang == PKS_LANG_SV;
  if (value == NULL)
    return g_strdup ("");
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (!g_strcmp0 (choices[i].key, key) && !g_ascii_strcasecmp (choices[i].value, value))
      return g_strdup (sv ? choices[i].sv : choices[i].en);
  static const char *const yes[] = { "true", "yes", "ja" }, *const no[] = { "false", "no", "nej" };
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (!g_ascii_strcasecmp (value, yes[i]))
        return g_strdup (sv ? "ja" : "yes");
      if (!g_ascii_strcasecmp (value, no[i]))
        return g_strdup (sv ? "nej" : "no");
    }
  const Words *w = find (key);
  if (w == NULL || w->unit == U_NONE)
    return g_strdup (value);   /* a name, a path, a date, a seed: as it is */
  /* one number or a list of them ("5,6,8" for day, evening and night) */
  g_auto (GStrv) parts = g_strsplit (value, ",", -1);
  guint n = g_strv_length (parts);
  GString *s = g_string_new (NULL);
  double last = 0;
  for (guint i = 0; i < n; i++)
    {
      double v;
      int dec;
      if (!number (parts[i], &v, &dec))
        {
          g_string_free (s, TRUE);
          return g_strdup (value);   /* a name or a path, as it is */
        }
      g_autofree char *t = pks_number_text (v, dec, sv);
      const char *sep = i == 0 ? "" : i + 1 == n ? (sv ? " och " : " and ") : ", ";
      if (w->unit == U_CLOCK)
        g_string_append_printf (s, "%s%s %s", sep, sv ? "kl." : "at", t);
      else
        g_string_append_printf (s, "%s%s", sep, t);
      last = v;
    }
  const char *u = unit_word (w->unit, last, lang);
  if (u)
    g_string_append_printf (s, "%s%s", !strcmp (u, "%") ? "\u00a0" : " ", u);
  return g_string_free (s, FALSE);
}

char *
pks_setting_origin_text (const char *origin, PksLang lang)
{
  gboolean sv = lang == PKS_LANG_SV;
  if (origin == NULL || !strcmp (origin, "default"))
    return g_strdup (sv ? "standardvärde" : "default");
  if (!strcmp (origin, "--set"))
    return g_strdup (sv ? "kommandoraden (--set)" : "the command line (--set)");
  /* "path/file.ini:12" */
  const char *colon = strrchr (origin, ':');
  if (colon && colon[1] && strspn (colon + 1, "0123456789") == strlen (colon + 1))
    {
      g_autofree char *path = g_strndup (origin, colon - origin);
      g_autofree char *base = g_path_get_basename (path);
      return g_strdup_printf (sv ? "%s, rad %s" : "%s, line %s", base, colon + 1);
    }
  return g_strdup (origin);
}
