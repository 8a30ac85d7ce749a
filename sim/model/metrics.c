/* metrics.c — the summary metrics' names, units, labels, decimals,
 * direction and aggregation rule, read from the one list in metrics.h.
 * The names are the contract's (../shared/spec section 4) and never change. */
#include "pks/model/metrics.h"
#include "pks/core/error.h"

#include <string.h>

typedef struct {
  const char *name;
  PksMetricUnit unit;
  int decimals, better;
  PksAgg agg;
  const char *sv, *en, *short_sv, *short_en;
} Info;

/* The rule column as people read it: how a site and the region follow
 * from their units (results.c computes by the same rule). */
#define SUM(x) PKS_AGG_SUM
#define IN_DAYS(x) PKS_AGG_SUM
#define TIME_MEAN(x) PKS_AGG_SUM
#define SEK_SUM(x) PKS_AGG_SUM
#define COST(x, price) PKS_AGG_SUM
#define TOTAL PKS_AGG_SUM
#define SOMATIC_SUM(x) PKS_AGG_SUM_SOMATIC
#define RATIO(n, d) PKS_AGG_RATIO
#define PCT(n, d) PKS_AGG_RATIO
#define SOMATIC_OCCUPANCY(n, d) PKS_AGG_RATIO_SOMATIC
#define WAIT_PCTL(h, p) PKS_AGG_PERCENTILE_POOLED
#define HOURS_PCTL(h, p) PKS_AGG_PERCENTILE_POOLED
#define CENSUS_PCTL(p) PKS_AGG_PERCENTILE_SUM
#define MONTHS(stage, prio) PKS_AGG_MONTH_MEAN
#define MONTH_END(stage, prio) PKS_AGG_RATIO
#define SOMATIC_PER_100(x) PKS_AGG_RATIO_SOMATIC
#define ROW(id, name, unit, dec, better, rule, defined, sv, en, ssv, sen) \
  [PKS_M_##id] = { name, PKS_MU_##unit, dec, better, rule, sv, en, ssv, sen },

static const Info info[PKS_N_METRICS] = { PKS_METRICS (ROW) };

#undef ROW

static const struct {
  const char *name, *sv, *en;
  double scale;
} units[PKS_N_MU] = {
  [PKS_MU_PATIENTS] = { "patients", "st", "patients", 1.0 },
  [PKS_MU_OPERATIONS] = { "operations", "st", "operations", 1.0 },
  [PKS_MU_SESSIONS] = { "sessions", "pass", "sessions", 1.0 },
  [PKS_MU_BED_DAYS] = { "days", "dygn", "days", 1.0 },
  [PKS_MU_DAYS] = { "days", "dagar", "days", 1.0 },
  [PKS_MU_PCT] = { "%", "%", "%", 1.0 },
  [PKS_MU_MINUTES] = { "minutes", "min", "minutes", 1.0 },
  [PKS_MU_SEK] = { "SEK", "MSEK", "MSEK", 1e-6 },
  [PKS_MU_HOURS] = { "hours", "timmar", "hours", 1.0 },
  [PKS_MU_PER_100_BEDS] = { "per 100 beds", "per 100 vpl", "per 100 beds", 1.0 },
};

const char *
pks_metric_name (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].name : NULL;
}

int
pks_metric_from_name (const char *name)
{
  for (int m = 0; m < PKS_N_METRICS; m++)
    if (strcmp (info[m].name, name) == 0)
      return m;
  return -1;
}

PksMetricUnit
pks_metric_unit (PksMetric m)
{
  g_return_val_if_fail (m < PKS_N_METRICS, PKS_MU_PATIENTS);
  return info[m].unit;
}

const char *
pks_metric_unit_name (PksMetric m)
{
  return (m < PKS_N_METRICS) ? units[info[m].unit].name : NULL;
}

const char *
pks_metric_unit_label (PksMetric m, PksLang lang)
{
  if (m >= PKS_N_METRICS)
    return NULL;
  return lang == PKS_LANG_EN ? units[info[m].unit].en : units[info[m].unit].sv;
}

double
pks_metric_scale (PksMetric m)
{
  return (m < PKS_N_METRICS) ? units[info[m].unit].scale : 1.0;
}

const char *
pks_metric_label (PksMetric m, PksLang lang)
{
  if (m >= PKS_N_METRICS)
    return NULL;
  return lang == PKS_LANG_EN ? info[m].en : info[m].sv;
}

const char *
pks_metric_short_label (PksMetric m, PksLang lang)
{
  if (m >= PKS_N_METRICS)
    return NULL;
  const char *s = lang == PKS_LANG_EN ? info[m].short_en : info[m].short_sv;
  return s ? s : pks_metric_label (m, lang);
}

int
pks_metric_decimals (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].decimals : 0;
}

int
pks_metric_better (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].better : 0;
}

PksAgg
pks_metric_agg (PksMetric m)
{
  return (m < PKS_N_METRICS) ? info[m].agg : PKS_AGG_NONE;
}

const char *
pks_agg_name (PksAgg a)
{
  static const char *names[PKS_N_AGG] = {
    [PKS_AGG_NONE] = NULL,
    [PKS_AGG_SUM] = "sum",
    [PKS_AGG_SUM_SOMATIC] = "sum of somatic units",
    [PKS_AGG_RATIO] = "ratio of sums",
    [PKS_AGG_RATIO_SOMATIC] = "ratio of sums of somatic units",
    [PKS_AGG_PERCENTILE_POOLED] = "percentile of pooled waits",
    [PKS_AGG_PERCENTILE_SUM] = "percentile of summed census",
    [PKS_AGG_MONTH_MEAN] = "mean of pooled month ends",
  };
  return a < PKS_N_AGG ? names[a] : NULL;
}

const char *
pks_monthly_name (PksMonthlyMetric m)
{
  static const char *names[PKS_N_MONTHLY] = {
    "waiting_first_visit", "waiting_treatment", "vg_first_visit_pct",
    "vg_treatment_pct", "operations", "cancelled_operations",
  };
  return m < PKS_N_MONTHLY ? names[m] : NULL;
}

gboolean
pks_lang_parse (const char *text, PksLang *lang, GError **error)
{
  if (text == NULL || !g_ascii_strcasecmp (text, "sv"))
    *lang = PKS_LANG_SV;
  else if (!g_ascii_strcasecmp (text, "en"))
    *lang = PKS_LANG_EN;
  else
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--lang: expected sv or en, got '%s'", text);
      return FALSE;
    }
  return TRUE;
}
