/* fuzz-common.c — see fuzz-common.h. */
#include "fuzz-common.h"

#include <string.h>

static const char *const base_files[][2] = {
  { "s.ini",
    "[scenario]\nname = fuzz\nstart = 2025-01-01\ndays = 28\nwarmup_days = 7\n"
    "replications = 1\nseed = 1\n"
    "[tables]\nunits = units.csv\nflows = flows.csv\nchanges = changes.csv\n"
    "staffing = staffing.csv\nwaitlist = waitlist.csv\nprofiles = profiles.csv\n"
    "[policy]\noutlying = region\novercrowding = 1\n" },
  { "units.csv",
    "unit,site,beds,staffed_beds,or_sessions_per_week,or_session_minutes,visit_slots_per_week\n"
    "Medicin A,Sjukhus A,12,10,0,,0\nKirurgi A,Sjukhus A,10,9,4,240,30\n"
    "Ögon B,Sjukhus B,2,2,3,240,20\n" },
  { "flows.csv",
    "unit,flow,kind,per_year,los_days,los_cv,discharge_delay_p,discharge_delay_days,"
    "treat_p,surgery_minutes,inpatient_p,priority\n"
    "Medicin A,akut,acute,700,4,1,0.1,3,,,,\nKirurgi A,akut,acute,300,3,1,0,,,,,\n"
    "Kirurgi A,galla,elective,300,2,0.8,0,0,0.7,90,0.6,2\n"
    "Ögon B,katarakt,elective,900,,,,,0.9,25,0,3\n" },
  { "changes.csv",
    "unit,resource,from,to,change,note\nMedicin A,staffed_beds,2025-01-10,2025-01-20,-2,\n"
    "site:Sjukhus A,or_sessions_per_week,2025-01-15,,+10%,\n*,beds,2025-01-25,,=12,\n" },
  { "staffing.csv",
    "unit,role,fte,from,to,agency\nMedicin A,nurse,30,,,0\nMedicin A,assistant_nurse,25,,,0\n"
    "Kirurgi A,or_team,6,2025-01-01,2025-01-31,1\n" },
  { "waitlist.csv",
    "unit,flow,stage,wait_from_days,wait_to_days,count\n"
    "Kirurgi A,galla,first_visit,0,30,10\nÖgon B,katarakt,treatment,30,120,15\n" },
  { "profiles.csv",
    "unit,flow,month,weekday,factor\n*,*,jul,*,0.8\nMedicin A,akut,*,mån,1.2\n" },
};

void
fz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
}

/* libFuzzer calls this once before the first input; it lives here, in the
 * object every harness links (fz_files), so each harness gets it. */
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fz_init ();
  return 0;
}

void
fz_put (PksFiles *f, const char *name, const char *data, size_t len)
{
  g_autofree char *path = g_build_filename ("/f", name, NULL);
  g_autoptr (GBytes) b = g_bytes_new (data, len);
  pks_files_add (f, path, b);
}

PksFiles *
fz_files (void)
{
  PksFiles *f = pks_files_new ();
  for (guint i = 0; i < G_N_ELEMENTS (base_files); i++)
    fz_put (f, base_files[i][0], base_files[i][1], strlen (base_files[i][1]));
  pks_files_seal (f);
  return f;
}

/* Expected patients over the horizon: arrivals plus initial waiting lists.
 * A replication is run only below a bound, so one input stays under a
 * millisecond or so and the fuzzer keeps its pace. */
static gboolean
small_enough (const PksScenario *s)
{
  double n = 0;
  for (guint i = 0; i < s->flows->len; i++)
    n += pks_flow (s, i)->per_year * (s->days + s->warmup_days) / 365.0;
  for (guint i = 0; i < s->waitlist->len; i++)
    n += g_array_index (s->waitlist, PksWaitBin, i).count;
  n += s->census->len + s->wait_patients->len;
  return n < 3000 && s->days + s->warmup_days <= 400 && s->units->len <= 50;
}

void
fz_load_and_run (PksFiles *f, const char *const *sets, gboolean run_sim)
{
  g_autoptr (PksDiags) d = pks_diags_new ();
  g_autoptr (PksScenario) s = pks_scenario_load ("/f/s.ini", sets, f, d);
  /* formatting every diagnostic is part of what is fuzzed */
  g_autofree char *all = pks_diags_format_all (d, TRUE);
  g_assert (all != NULL);
  if (s == NULL)
    {
      g_assert (d->n_errors > 0);   /* a failed load always says why */
      return;
    }
  g_autofree char *text = pks_scenario_describe (s);
  g_assert (text != NULL);
  PksScenario *copy = pks_scenario_copy (s);
  pks_scenario_free (copy);
  g_autoptr (GError) err = NULL;
  g_autoptr (PksModel) m = pks_model_new (s, &err);
  if (m == NULL)
    {
      g_assert (err != NULL && err->domain == PKS_ERROR);
      return;
    }
  if (!run_sim || !small_enough (s))
    return;
  g_autoptr (PksSim) sim = pks_sim_new (m);
  g_autoptr (PksRepResult) r = pks_rep_result_new (m, TRUE);
  pks_sim_run (sim, 1, 0, r);
  /* the model's own invariants (tests/validation check them too) */
  g_assert_cmpuint (r->balance.patients_in_two_beds, ==, 0);
}
