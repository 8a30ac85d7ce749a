/* jobs.c — comparisons of pks serve: queued, run one at a time on the job
 * thread (each on every worker thread, so the first answer comes soonest),
 * with progress, a stop by the client or the time limit, and the results
 * kept for a while so their files (compare.csv, the plan's files) can be
 * fetched. A comparison is what `pks compare BASE PLAN…` computes for the
 * same plans, replications and seed, number for number: the base's
 * replications are kept per base and reused (common random numbers make
 * them the same for every plan). */
#include "serve-internal.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Finished comparisons whose results (for their files) are kept, whose
 * JSON is kept, and comparisons remembered at all (their state). */
#define KEEP_RESULTS 8
#define KEEP_BODIES 32
#define KEEP_JOBS 256

/* What a finished comparison keeps for its files. */
typedef struct {
  gint ref;
  SvEntry *base;
  SvRun *run;                /* the base's replications */
  guint64 seed;
  guint n_reps, n_plans;
  PksScenario **plans;
  PksModel **models;
  PksRepResult **res;        /* [plan × n_reps] */
  GArray **rows;             /* PksDiffRow per plan */
  PksPlanChanges **changes;
  char **names;              /* NULL-terminated */
  char **files;              /* each plan's file as run.json names it: plan-N/plan.ini */
} SvResult;

typedef struct {
  SvJobNotify notify;
  gpointer ctx;
} Waiter;

struct _SvJobs {
  guint threads;
  double time_limit_s;
  guint max_queue;
  GMainContext *main_ctx;
  GMutex lock;               /* jobs, order, pending */
  GHashTable *jobs;          /* id -> SvJob* (a reference) */
  GQueue order;              /* SvJob*, oldest first */
  guint pending;             /* queued or running */
  GAsyncQueue *queue;        /* SvJob* (a reference) for the job thread */
  GThread *thread;
  char *tmp;                 /* the jobs' output folders */
};

struct _SvJob {
  gint ref;
  char id[33];
  SvJobs *owner;
  SvRequest *req;
  gint stop;                 /* atomic: 1 cancelled, 2 over the time limit */
  gint done, total;          /* atomic: replications done, to do */
  guint n_plans;
  /* the main context only */
  SvState state;
  guint http_status;
  char *body;
  gint64 t_submit, t_start, t_end;
  guint timer;
  GArray *waiters;
  /* the job thread's outcome, handed to the main context */
  SvState out_state;
  guint out_status;
  char *out_body;
  /* files: the plans' own (set before the job ends, then read-only) */
  SvPlanFiles *plan_files;   /* [n_plans] */
  GMutex lock;               /* result, dir */
  SvResult *result;
  char *dir;
};

/* ---------- results ---------- */

static SvResult *
result_ref (SvResult *r)
{
  g_atomic_int_inc (&r->ref);
  return r;
}

static void
result_unref (SvResult *r)
{
  if (r == NULL || !g_atomic_int_dec_and_test (&r->ref))
    return;
  for (guint p = 0; p < r->n_plans; p++)
    {
      pks_scenario_free (r->plans[p]);
      pks_model_free (r->models[p]);
      if (r->rows && r->rows[p])
        pks_compare_free (r->rows[p]);
      if (r->changes && r->changes[p])
        pks_plan_changes_free (r->changes[p]);
    }
  pks_rep_results_free (r->res, (gsize) r->n_plans * r->n_reps);
  g_free (r->plans);
  g_free (r->models);
  g_free (r->rows);
  g_free (r->changes);
  g_strfreev (r->names);
  g_strfreev (r->files);
  sv_run_unref (r->run);
  g_free (r);
}

/* ---------- jobs ---------- */

SvJob *
sv_job_ref (SvJob *job)
{
  g_atomic_int_inc (&job->ref);
  return job;
}

void
sv_job_unref (SvJob *job)
{
  if (job == NULL || !g_atomic_int_dec_and_test (&job->ref))
    return;
  sv_request_free (job->req);
  g_free (job->body);
  g_free (job->out_body);
  if (job->waiters)
    g_array_unref (job->waiters);
  for (guint p = 0; job->plan_files && p < job->n_plans; p++)
    sv_plan_files_clear (&job->plan_files[p]);
  g_free (job->plan_files);
  result_unref (job->result);
  if (job->dir)
    pks_output_rm_tree (job->dir);
  g_free (job->dir);
  g_mutex_clear (&job->lock);
  g_free (job);
}

const char *
sv_job_id (const SvJob *job)
{
  return job->id;
}

SvState
sv_job_state (const SvJob *job)
{
  return job->state;
}

static const char *
state_name (SvState s)
{
  static const char *const names[] = { "queued", "running", "done", "failed", "cancelled" };
  return names[s];
}

/* ---------- the result as JSON ---------- */

static void
json_plan_changes (JsonBuilder *b, const PksPlanChanges *c, const char *name)
{
  json_builder_set_member_name (b, "nothing_changed");
  json_builder_add_boolean_value (b, c->nothing);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->rows->len; i++)
    {
      const PksPlanRow *r = g_ptr_array_index (c->rows, i);
      g_autofree char *raw = pks_plan_row_text (r);
      g_autofree char *text = sv_unvirtual (raw);
      g_autofree char *source = sv_unvirtual (r->source);
      json_builder_begin_object (b);
      pks_json_str (b, "kind", pks_plan_kind_name (r->kind));
      pks_json_str (b, "name", r->name);
      pks_json_str (b, "item", r->item);
      pks_json_str (b, "detail", r->detail);
      pks_json_str (b, "base", r->base);
      pks_json_str (b, "plan", r->plan);
      if (r->kind == PKS_PLAN_EFFECT)
        pks_json_num (b, "difference", r->diff);
      pks_json_str (b, "source", source);
      pks_json_str (b, "text", text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->terms->len; i++)
    {
      const PksPlanTerm *t = g_ptr_array_index (c->terms, i);
      g_autofree char *text = pks_plan_term_text (t, name);
      json_builder_begin_object (b);
      pks_json_str (b, "what", t->what);
      pks_json_str (b, "against", t->against);
      pks_json_str (b, "value", t->value);
      pks_json_str (b, "other", t->other);
      pks_json_str (b, "text", text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "size");
  json_builder_begin_object (b);
  pks_json_num (b, "bed_days", c->size.bed_days);
  pks_json_num (b, "beds", c->size.beds);
  pks_json_num (b, "sessions", c->size.sessions);
  pks_json_num (b, "slots", c->size.slots);
  if (c->size.first)
    {
      char d[16];
      pks_date_format (c->size.first, d);
      pks_json_str (b, "first_day", d);
    }
  json_builder_end_object (b);
}

static void
json_rows (JsonBuilder *b, const GArray *rows)
{
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      const PksDiffRow *r = &g_array_index (rows, PksDiffRow, i);
      json_builder_begin_object (b);
      pks_json_str (b, "scope", pks_scope_name (r->scope));
      pks_json_str (b, "name", r->name);
      pks_json_str (b, "metric", pks_metric_name (r->metric));
      pks_json_num (b, "base", r->base_mean);
      pks_json_num (b, "plan", r->plan_mean);
      pks_json_num (b, "diff", r->diff.mean);
      pks_json_num (b, "low", r->diff.ci_low);
      pks_json_num (b, "high", r->diff.ci_high);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, r->diff.n);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Every metric's name, labels, unit and direction, so a page or a script
 * shows the numbers as the report does. */
static void
json_metrics (JsonBuilder *b)
{
  json_builder_set_member_name (b, "metrics");
  json_builder_begin_object (b);
  for (int k = 0; k < PKS_N_METRICS; k++)
    {
      json_builder_set_member_name (b, pks_metric_name (k));
      json_builder_begin_object (b);
      pks_json_str (b, "sv", pks_metric_label (k, PKS_LANG_SV));
      pks_json_str (b, "en", pks_metric_label (k, PKS_LANG_EN));
      pks_json_str (b, "short_sv", pks_metric_short_label (k, PKS_LANG_SV));
      pks_json_str (b, "short_en", pks_metric_short_label (k, PKS_LANG_EN));
      pks_json_str (b, "unit", pks_metric_unit_name (k));
      pks_json_str (b, "unit_sv", pks_metric_unit_label (k, PKS_LANG_SV));
      pks_json_str (b, "unit_en", pks_metric_unit_label (k, PKS_LANG_EN));
      pks_json_num (b, "scale", pks_metric_scale (k));
      json_builder_set_member_name (b, "decimals");
      json_builder_add_int_value (b, pks_metric_decimals (k));
      json_builder_set_member_name (b, "better");
      json_builder_add_int_value (b, pks_metric_better (k));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

static void
json_files (JsonBuilder *b, const SvPlanFiles *f)
{
  json_builder_set_member_name (b, "files");
  json_builder_begin_object (b);
  for (guint i = 0; f->names && i < f->names->len; i++)
    {
      json_builder_set_member_name (b, f->names->pdata[i]);
      json_builder_add_string_value (b, f->texts->pdata[i]);
    }
  json_builder_end_object (b);
}

/* ---------- running one comparison (the job thread) ---------- */

typedef struct {
  PksRepResult **slots;
  gint *done;
} Sink;

static void
sink (gpointer ctx, guint index, const PksTask *task, PksRepResult *r)
{
  (void) task;
  Sink *k = ctx;
  k->slots[index] = r;
  g_atomic_int_inc (k->done);
}

static void
set_out (SvJob *job, SvState state, guint status, char *body)
{
  job->out_state = state;
  job->out_status = status;
  g_free (job->out_body);
  job->out_body = body;
}

/* The stop's message, or FALSE when not stopped. */
static gboolean
stopped (SvJobs *js, SvJob *job)
{
  int why = g_atomic_int_get (&job->stop);
  if (why == 0)
    return FALSE;
  if (why == 2)
    {
      g_autofree char *msg = g_strdup_printf (
        "the comparison ran longer than the time limit of %g s and was stopped "
        "(pks serve --time-limit); ask for fewer replications or plans", js->time_limit_s);
      set_out (job, SV_FAILED, 503, sv_json_error ("time_limit", msg));
    }
  else
    set_out (job, SV_CANCELLED, 409, sv_json_error ("cancelled", "the comparison was cancelled"));
  return TRUE;
}

static void
run_job (SvJobs *js, SvJob *job)
{
  SvRequest *req = job->req;
  SvEntry *base = req->base;
  guint np = req->plans->len;
  gint64 t0 = g_get_monotonic_time ();
  if (stopped (js, job))
    return;
  g_autoptr (GError) err = NULL;
  const PksModel *mbase = sv_entry_model (base, &err);
  if (mbase == NULL)
    {
      set_out (job, SV_FAILED, 500, sv_json_error ("base", err->message));
      return;
    }
  /* the plans, loaded as pks compare loads them */
  SvResult *res = g_new0 (SvResult, 1);
  res->ref = 1;
  res->base = base;
  res->n_plans = np;
  res->plans = g_new0 (PksScenario *, np);
  res->models = g_new0 (PksModel *, np);
  g_autoptr (GPtrArray) diags = g_ptr_array_new_with_free_func ((GDestroyNotify) pks_diags_free);
  gboolean bad = FALSE;
  for (guint p = 0; p < np; p++)
    {
      PksDiags *d = pks_diags_new ();
      g_ptr_array_add (diags, d);
      res->plans[p] = sv_plan_load (base, req->plans->pdata[p], d, &job->plan_files[p]);
      if (res->plans[p] == NULL)
        bad = TRUE;
      else
        {
          g_autoptr (GError) e = NULL;
          res->models[p] = pks_model_new (res->plans[p], &e);
          if (res->models[p] == NULL)
            {
              /* a plan that loads but does not compile is bad input too */
              pks_diags_add (d, PKS_DIAG_ERROR, "plan.ini", 0, 0, NULL, "%s", e->message);
              bad = TRUE;
            }
        }
    }
  guint n_reps = req->n_reps ? req->n_reps : (guint) base->s->replications;
  guint64 seed = req->seed_set ? req->seed : base->s->seed;
  res->seed = seed;
  res->n_reps = n_reps;
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  pks_json_str (b, "id", job->id);
  json_builder_set_member_name (b, "base");
  json_builder_begin_object (b);
  pks_json_str (b, "id", base->id);
  pks_json_str (b, "name", base->name);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "replications");
  json_builder_add_int_value (b, n_reps);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) seed);
  if (bad)
    {
      guint n_err = 0;
      for (guint p = 0; p < np; p++)
        n_err += ((PksDiags *) diags->pdata[p])->n_errors;
      pks_json_str (b, "error", "invalid_plan");
      g_autofree char *msg = g_strdup_printf ("%u problem%s in the plan%s; nothing was run", n_err,
                                              n_err == 1 ? "" : "s", np == 1 ? "" : "s");
      pks_json_str (b, "message", msg);
      json_builder_set_member_name (b, "plans");
      json_builder_begin_array (b);
      for (guint p = 0; p < np; p++)
        {
          json_builder_begin_object (b);
          pks_json_str (b, "name", ((SvPlan *) req->plans->pdata[p])->name);
          json_builder_set_member_name (b, "diagnostics");
          sv_json_diags (b, diags->pdata[p]);
          json_files (b, &job->plan_files[p]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      set_out (job, SV_FAILED, 422, sv_builder_text (b));
      result_unref (res);
      return;
    }
  /* the base's replications once per (seed, count); then the plans' */
  SvRun *run = sv_entry_find_run (base, seed, n_reps);
  gboolean cached = run != NULL;
  guint n_points = np + (cached ? 0 : 1);
  g_autofree const PksModel **models = g_new0 (const PksModel *, n_points);
  guint first = 0;
  if (!cached)
    models[first++] = mbase;
  for (guint p = 0; p < np; p++)
    models[first + p] = res->models[p];
  guint n_tasks = n_points * n_reps;
  g_autofree PksRepResult **slots = g_new0 (PksRepResult *, n_tasks);
  g_atomic_int_set (&job->total, (gint) n_tasks);
  g_autofree PksTask *tasks = pks_sched_grid (n_points, 0, n_reps);
  PksPoints points = { n_points, models, NULL, NULL };
  PksSchedOptions so = { 0 };
  so.threads = js->threads;
  so.keep_daily = TRUE;
  so.stop = &job->stop;
  Sink k = { slots, &job->done };
  gboolean ok = pks_sched_run (&points, tasks, n_tasks, seed, &so, sink, &k, &err);
  if (!ok)
    {
      for (guint i = 0; i < n_tasks; i++)
        pks_rep_result_free (slots[i]);
      if (!stopped (js, job))
        set_out (job, SV_FAILED, 500, sv_json_error ("failed", err->message));
      result_unref (res);
      return;
    }
  if (!cached)
    {
      run = g_new0 (SvRun, 1);
      run->ref = 1;
      run->seed = seed;
      run->n_reps = n_reps;
      run->res = g_memdup2 (slots, sizeof *slots * n_reps);
      sv_entry_keep_run (base, run);
    }
  res->run = run;   /* find_run's or the new run's reference */
  res->res = g_memdup2 (slots + (gsize) (cached ? 0 : n_reps),
                        sizeof *slots * (gsize) np * n_reps);
  /* paired differences and what each plan changes, as pks compare */
  res->rows = g_new0 (GArray *, np);
  res->changes = g_new0 (PksPlanChanges *, np);
  res->names = g_new0 (char *, np + 1);
  res->files = g_new0 (char *, np + 1);
  for (guint p = 0; p < np; p++)
    {
      res->rows[p] = pks_compare (mbase, run->res, res->models[p],
                                  res->res + (gsize) p * n_reps, n_reps);
      res->changes[p] = pks_plan_changes (base->s, mbase, res->plans[p], res->models[p]);
      /* the plan's files by their own names (changes.csv:2), as pks
       * compare shows them when run beside them */
      for (guint i = 0; i < res->changes[p]->rows->len; i++)
        {
          PksPlanRow *row = g_ptr_array_index (res->changes[p]->rows, i);
          char *src = sv_unvirtual (row->source);
          g_free (row->source);
          row->source = src;
        }
      res->names[p] = g_strdup (res->plans[p]->name);
      res->files[p] = g_strdup_printf ("plan-%u/plan.ini", p + 1);
    }
  pks_plan_terms_between (res->changes, (const char *const *) res->names, np);
  json_builder_set_member_name (b, "base_reused");
  json_builder_add_boolean_value (b, cached);
  json_builder_set_member_name (b, "plans");
  json_builder_begin_array (b);
  for (guint p = 0; p < np; p++)
    {
      json_builder_begin_object (b);
      pks_json_str (b, "name", res->names[p]);
      json_builder_set_member_name (b, "diagnostics");
      sv_json_diags (b, diags->pdata[p]);
      json_plan_changes (b, res->changes[p], res->names[p]);
      json_files (b, &job->plan_files[p]);
      json_rows (b, res->rows[p]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_metrics (b);
  /* what the answer leads with: the report's measures */
  json_builder_set_member_name (b, "measures");
  json_builder_begin_array (b);
  PksMetric measures[16];
  guint n_measures = pks_report_measures (NULL, measures, G_N_ELEMENTS (measures));
  for (guint i = 0; i < n_measures; i++)
    json_builder_add_string_value (b, pks_metric_name (measures[i]));
  /* and what the plans add */
  json_builder_add_string_value (b, pks_metric_name (PKS_M_STAFFED_BED_DAYS));
  json_builder_end_array (b);
  /* what the comparison offers: GET /api/jobs/ID/files/NAME and
   * /api/jobs/ID/parts/NAME */
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  static const char *const offered[][2] = {
    { "rapport.html", "Rapporten (HTML)" }, { "jamforelse.xlsx", "Arbetsboken (Excel)" },
    { "compare.csv", "Jämförelsen (CSV)" }, { "plan_changes.csv", "Vad planerna ändrar (CSV)" },
    { "daily_diff.csv", "Skillnaden dag för dag (CSV)" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    {
      json_builder_begin_object (b);
      pks_json_str (b, "name", offered[i][0]);
      pks_json_str (b, "label", offered[i][1]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; i < 4; i++)
    json_builder_add_string_value (b, (const char *[]) { "answer", "table", "changes", "days" }[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "compute_ms");
  json_builder_add_double_value (b, (g_get_monotonic_time () - t0) / 1000.0);
  json_builder_end_object (b);
  set_out (job, SV_DONE, 200, sv_builder_text (b));
  g_mutex_lock (&job->lock);
  job->result = res;
  g_mutex_unlock (&job->lock);
}

/* ---------- the main context's side ---------- */

static gboolean
time_limit_cb (gpointer data)
{
  SvJob *job = data;
  g_atomic_int_set (&job->stop, 2);
  job->timer = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
started_cb (gpointer data)
{
  SvJob *job = data;
  if (job->state == SV_QUEUED)
    {
      job->state = SV_RUNNING;
      job->t_start = g_get_monotonic_time ();
      job->timer = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                       (guint) (job->owner->time_limit_s * 1000),
                                       time_limit_cb, sv_job_ref (job),
                                       (GDestroyNotify) sv_job_unref);
    }
  return G_SOURCE_REMOVE;
}

/* Keep the results of the last KEEP_RESULTS comparisons and the JSON of
 * the last KEEP_JOBS: memory stays bounded however long the server runs. */
static void
evict (SvJobs *js)
{
  g_mutex_lock (&js->lock);
  guint with_result = 0, with_body = 0;
  for (GList *l = js->order.tail; l; l = l->prev)
    {
      SvJob *j = l->data;
      if (j->state < SV_DONE)
        continue;
      if (j->body && ++with_body > KEEP_BODIES)
        {
          g_clear_pointer (&j->body, g_free);
          j->http_status = 410;
        }
      g_mutex_lock (&j->lock);
      if (j->result && ++with_result > KEEP_RESULTS)
        {
          g_clear_pointer (&j->result, result_unref);
          if (j->dir)
            pks_output_rm_tree (j->dir);
          g_clear_pointer (&j->dir, g_free);
        }
      g_mutex_unlock (&j->lock);
    }
  while (js->order.length > KEEP_JOBS)
    {
      /* the oldest that has ended */
      GList *l = js->order.head;
      while (l && ((SvJob *) l->data)->state < SV_DONE)
        l = l->next;
      if (l == NULL)
        break;
      SvJob *j = l->data;
      g_queue_delete_link (&js->order, l);
      g_hash_table_remove (js->jobs, j->id);
    }
  g_mutex_unlock (&js->lock);
}

static gboolean
finished_cb (gpointer data)
{
  SvJob *job = data;
  SvJobs *js = job->owner;
  if (job->timer)
    {
      g_source_remove (job->timer);
      job->timer = 0;
    }
  job->state = job->out_state;
  job->http_status = job->out_status;
  job->body = g_steal_pointer (&job->out_body);
  job->t_end = g_get_monotonic_time ();
  g_mutex_lock (&js->lock);
  js->pending--;
  g_mutex_unlock (&js->lock);
  g_autoptr (GArray) waiters = g_steal_pointer (&job->waiters);
  for (guint i = 0; waiters && i < waiters->len; i++)
    {
      Waiter *w = &g_array_index (waiters, Waiter, i);
      w->notify (job, w->ctx);
    }
  evict (js);
  return G_SOURCE_REMOVE;
}

static gpointer
job_thread (gpointer data)
{
  SvJobs *js = data;
  for (;;)
    {
      SvJob *job = g_async_queue_pop (js->queue);
      if (job == (SvJob *) js)
        break;
      g_main_context_invoke_full (js->main_ctx, G_PRIORITY_DEFAULT, started_cb, sv_job_ref (job),
                                  (GDestroyNotify) sv_job_unref);
      run_job (js, job);
      g_main_context_invoke_full (js->main_ctx, G_PRIORITY_DEFAULT, finished_cb, job,
                                  (GDestroyNotify) sv_job_unref);
    }
  return NULL;
}

SvJobs *
sv_jobs_new (const PksServeOptions *opt, GMainContext *main_ctx)
{
  SvJobs *js = g_new0 (SvJobs, 1);
  js->threads = opt->threads;
  js->time_limit_s = opt->time_limit_s > 0 ? opt->time_limit_s : PKS_SERVE_DEFAULT_TIME_LIMIT_S;
  js->max_queue = opt->max_queue ? opt->max_queue : PKS_SERVE_DEFAULT_MAX_QUEUE;
  js->main_ctx = g_main_context_ref (main_ctx);
  g_mutex_init (&js->lock);
  js->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sv_job_unref);
  g_queue_init (&js->order);
  js->queue = g_async_queue_new ();
  js->tmp = g_dir_make_tmp ("pks-serve-XXXXXX", NULL);
  js->thread = g_thread_new ("pks-serve-jobs", job_thread, js);
  return js;
}

void
sv_jobs_free (SvJobs *js)
{
  if (js == NULL)
    return;
  /* stop what runs, let the queue drain as cancelled, end the thread */
  g_mutex_lock (&js->lock);
  for (GList *l = js->order.head; l; l = l->next)
    g_atomic_int_set (&((SvJob *) l->data)->stop, 1);
  g_mutex_unlock (&js->lock);
  g_async_queue_push (js->queue, js);
  g_thread_join (js->thread);
  /* the jobs' last words to the main context */
  while (g_main_context_iteration (js->main_ctx, FALSE))
    ;
  g_queue_clear (&js->order);
  g_hash_table_unref (js->jobs);
  g_async_queue_unref (js->queue);
  if (js->tmp)
    pks_output_rm_tree (js->tmp);
  g_free (js->tmp);
  g_main_context_unref (js->main_ctx);
  g_mutex_clear (&js->lock);
  g_free (js);
}

SvJob *
sv_jobs_submit (SvJobs *js, SvRequest *req, guint *status, char **message)
{
  g_mutex_lock (&js->lock);
  if (js->pending >= js->max_queue)
    {
      g_mutex_unlock (&js->lock);
      sv_request_free (req);
      *status = 503;
      *message = g_strdup_printf ("%u comparisons are waiting or running, the most pks serve "
                                  "takes at once; try again shortly", js->pending);
      return NULL;
    }
  SvJob *job = g_new0 (SvJob, 1);
  job->ref = 1;
  job->owner = js;
  job->req = req;
  job->n_plans = req->plans->len;
  job->plan_files = g_new0 (SvPlanFiles, job->n_plans);
  job->state = SV_QUEUED;
  job->t_submit = g_get_monotonic_time ();
  g_mutex_init (&job->lock);
  /* not guessable: one client cannot fetch or cancel another's job by
   * counting */
  g_snprintf (job->id, sizeof job->id, "%08x%08x%08x%08x", g_random_int (), g_random_int (),
              g_random_int (), g_random_int ());
  js->pending++;
  g_hash_table_insert (js->jobs, job->id, job);
  g_queue_push_tail (&js->order, job);
  g_mutex_unlock (&js->lock);
  g_async_queue_push (js->queue, sv_job_ref (job));
  return job;
}

SvJob *
sv_jobs_get (SvJobs *js, const char *id)
{
  g_mutex_lock (&js->lock);
  SvJob *j = g_hash_table_lookup (js->jobs, id);
  g_mutex_unlock (&js->lock);
  return j;
}

void
sv_job_cancel (SvJob *job)
{
  if (job->state < SV_DONE)
    g_atomic_int_set (&job->stop, 1);
}

void
sv_job_when_done (SvJob *job, SvJobNotify notify, gpointer ctx)
{
  if (job->state >= SV_DONE)
    {
      notify (job, ctx);
      return;
    }
  if (job->waiters == NULL)
    job->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  Waiter w = { notify, ctx };
  g_array_append_val (job->waiters, w);
}

const char *
sv_job_result (SvJob *job, guint *http_status)
{
  *http_status = job->http_status;
  if (job->body == NULL)
    {
      /* a static text: kept with the job would be memory again */
      *http_status = 410;
      return "{\"error\":\"expired\",\"message\":\"the result is no longer kept (the last "
             G_STRINGIFY (KEEP_BODIES) " are); run the comparison again\"}";
    }
  return job->body;
}

char *
sv_job_status_json (SvJob *job, guint *http_status)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  pks_json_str (b, "id", job->id);
  pks_json_str (b, "state", state_name (job->state));
  json_builder_set_member_name (b, "done");
  json_builder_add_int_value (b, g_atomic_int_get (&job->done));
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, g_atomic_int_get (&job->total));
  gint64 now = job->t_end ? job->t_end : g_get_monotonic_time ();
  json_builder_set_member_name (b, "elapsed_ms");
  json_builder_add_double_value (b, (now - job->t_submit) / 1000.0);
  if (job->state >= SV_DONE && job->body == NULL)
    {
      json_builder_set_member_name (b, "expired");
      json_builder_add_boolean_value (b, TRUE);
    }
  if (job->state >= SV_DONE && job->body)
    {
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, job->http_status);
      g_autoptr (JsonParser) p = json_parser_new_immutable ();
      if (json_parser_load_from_data (p, job->body, -1, NULL))
        {
          json_builder_set_member_name (b, job->state == SV_DONE ? "result" : "error");
          json_builder_add_value (b, json_node_copy (json_parser_get_root (p)));
        }
    }
  json_builder_end_object (b);
  *http_status = 200;
  return sv_builder_text (b);
}

/* ---------- a finished comparison's files ---------- */

static GBytes *
read_back (const char *dir, const char *name, guint *status, char **message)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (p, &data, &len, &err))
    {
      *status = 500;
      *message = g_strdup (err->message);
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

/* r as the output layer takes a comparison (pks_write_compare_outputs,
 * the workbook): the base first, then the plans. The arrays are
 * allocated in *keep (free them with g_free). */
static PksCompareRun
compare_run (SvResult *r, gpointer keep[4])
{
  guint n = r->n_plans + 1;
  const PksScenario **scen = g_new0 (const PksScenario *, n);
  const PksModel **models = g_new0 (const PksModel *, n);
  PksRepResult *const **reps = g_new0 (PksRepResult *const *, n);
  const char **names = g_new0 (const char *, 2 * n);
  const char **files = names + n;
  scen[0] = r->base->s;
  models[0] = r->base->m;
  reps[0] = r->run->res;
  names[0] = r->base->name;
  files[0] = r->base->path;
  for (guint p = 0; p < r->n_plans; p++)
    {
      scen[p + 1] = r->plans[p];
      models[p + 1] = r->models[p];
      reps[p + 1] = r->res + (gsize) p * r->n_reps;
      names[p + 1] = r->names[p];
      files[p + 1] = r->files[p];
    }
  keep[0] = scen;
  keep[1] = models;
  keep[2] = (gpointer) reps;
  keep[3] = names;
  PksCompareRun run = { n, scen, models, reps, r->n_reps, r->seed, names, files, r->rows,
                        r->changes, NULL, NULL, NULL, 0 };
  pks_compare_run_pairs (&run);
  return run;
}

static void
compare_run_clear (PksCompareRun *run, gpointer keep[4])
{
  pks_compare_run_clear_pairs (run);
  for (guint i = 0; i < 4; i++)
    g_free (keep[i]);
}

/* The comparison's output folder, as pks compare --out writes it,
 * written once (under job->lock); NULL with *status and a message. */
static char *
folder_locked (SvJob *job, SvResult *r, guint *status, char **message)
{
  if (job->dir)
    return g_strdup (job->dir);
  if (r == NULL)
    {
      *status = 410;
      *message = g_strdup ("the comparison's results are no longer kept (the last "
                           G_STRINGIFY (KEEP_RESULTS) " are); run it again");
      return NULL;
    }
  g_autofree char *dir = g_build_filename (job->owner->tmp, job->id, NULL);
  g_autoptr (GError) err = NULL;
  gpointer keep[4];
  PksCompareRun run = compare_run (r, keep);
  g_autoptr (PksOutput) o = pks_output_new (dir, &err);
  gboolean ok = o && pks_write_compare_outputs (o, &run, &err) && pks_output_commit (o, &err);
  compare_run_clear (&run, keep);
  if (!ok)
    {
      *status = 500;
      *message = g_strdup (err->message);
      return NULL;
    }
  job->dir = g_strdup (dir);
  return g_steal_pointer (&dir);
}

/* The files a comparison offers besides its plans' own. */
static const struct {
  const char *name, *type;
} outputs[] = {
  { "compare.csv", "text/csv; charset=utf-8" },
  { "plan_changes.csv", "text/csv; charset=utf-8" },
  { "plan_pairs.csv", "text/csv; charset=utf-8" },
  { "daily_diff.csv", "text/csv; charset=utf-8" },
  { "summary.csv", "text/csv; charset=utf-8" },
  { "rapport.html", "text/html; charset=utf-8" },
  { "jamforelse.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
};

GBytes *
sv_job_file (SvJob *job, const char *name, const char **content_type, guint *status,
             char **message)
{
  *content_type = "text/plain; charset=utf-8";
  /* the plans' own files: plan-N/FILE */
  guint p;
  char file[80];
  if (sscanf (name, "plan-%u/%79s", &p, file) == 2 && p >= 1 && p <= job->n_plans)
    {
      const SvPlanFiles *f = &job->plan_files[p - 1];
      for (guint i = 0; f->names && i < f->names->len; i++)
        if (strcmp (f->names->pdata[i], file) == 0)
          {
            const char *t = f->texts->pdata[i];
            if (g_str_has_suffix (file, ".csv"))
              *content_type = "text/csv; charset=utf-8";
            return g_bytes_new (t, strlen (t));
          }
    }
  guint which = G_N_ELEMENTS (outputs);
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    if (strcmp (outputs[i].name, name) == 0)
      which = i;
  if (which == G_N_ELEMENTS (outputs))
    {
      *status = 404;
      *message = g_strdup_printf ("a comparison has no file \"%.100s\" (docs/serve.md lists them)",
                                  name);
      return NULL;
    }
  *content_type = outputs[which].type;
  g_mutex_lock (&job->lock);
  SvResult *r = job->result ? result_ref (job->result) : NULL;
  g_autofree char *dir = folder_locked (job, r, status, message);
  g_autofree char *path = dir ? g_build_filename (dir, name, NULL) : NULL;
  g_autoptr (GError) err = NULL;
  gboolean ok = dir != NULL;
  /* the report and the workbook of the same comparison, made on the
   * first request, as pks compare --report and --xlsx make them */
  if (ok && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (strcmp (name, "rapport.html") == 0)
        ok = pks_report_write (dir, path, NULL, &err);
      else if (strcmp (name, "jamforelse.xlsx") == 0 && r)
        {
          gpointer keep[4];
          PksCompareRun run = compare_run (r, keep);
          ok = pks_xlsx_write_compare (path, PKS_LANG_SV, &run, &err);
          compare_run_clear (&run, keep);
        }
      else if (strcmp (name, "jamforelse.xlsx") == 0)
        {
          ok = FALSE;
          *status = 410;
          *message = g_strdup ("the comparison's results are no longer kept; run it again");
        }
      if (!ok && err)
        {
          *status = 500;
          *message = g_strdup (err->message);
        }
    }
  g_mutex_unlock (&job->lock);
  result_unref (r);
  if (!ok)
    return NULL;
  /* plan_pairs.csv exists with two plans or more */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *status = 404;
      *message = g_strdup_printf ("this comparison has no %s (plan_pairs.csv needs two plans)",
                                  name);
      return NULL;
    }
  return read_back (dir, name, status, message);
}

char *
sv_job_part (SvJob *job, const char *part, guint *status, char **message)
{
  g_mutex_lock (&job->lock);
  SvResult *r = job->result ? result_ref (job->result) : NULL;
  g_autofree char *dir = folder_locked (job, r, status, message);
  g_mutex_unlock (&job->lock);
  result_unref (r);
  if (dir == NULL)
    return NULL;
  g_autoptr (GError) err = NULL;
  char *html = pks_report_part (dir, part, NULL, &err);
  if (html == NULL)
    {
      *status = g_error_matches (err, PKS_ERROR, PKS_ERROR_INPUT) ? 404 : 500;
      *message = g_strdup (err->message);
    }
  return html;
}
