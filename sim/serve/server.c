/* server.c — the HTTP side of pks serve (libsoup 3): the page (compiled
 * in as a GResource, so it works offline and no file is served from
 * disk), the JSON interface of docs/serve.md, and the guards every
 * request passes: loopback unless --bind says otherwise, a Host header
 * naming this server (no DNS rebinding), JSON bodies only (no cross-site
 * form posts), a size limit read from the headers before the body. */
#include "serve-internal.h"
#include "pks-serve-page.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  PksServeOptions opt;
  gsize max_body;
  guint max_reps;
  SoupServer *soup;
  SvCatalog *cat;
  SvJobs *jobs;
  GMainLoop *loop;
  gboolean loopback;
  guint port;
  char *url;
  GSocketService *service;   /* accepts connections for soup */
  guint tasks;               /* requests on GIO's thread pool (validate, files) */
} Server;

/* ---------- responses ---------- */

static void
respond (SoupServerMessage *msg, guint status, const char *type, const char *body, gsize len)
{
  soup_server_message_set_status (msg, status, NULL);
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (h, "Cache-Control", "no-store");
  /* every connection ends with its answer: libsoup 3.2 leaks the socket
   * (and its descriptor) of a kept-alive connection that the client
   * closes while idle, fixed in 3.3 (gvsbuild#849); over a day's meeting
   * a browser's connections would use up the server's descriptors.
   * Loopback connections cost next to nothing. */
  soup_message_headers_replace (h, "Connection", "close");
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, len);
}

static void
respond_json (SoupServerMessage *msg, guint status, const char *json)
{
  respond (msg, status, "application/json; charset=utf-8", json, strlen (json));
}

static void G_GNUC_PRINTF (4, 5)
respond_error (SoupServerMessage *msg, guint status, const char *code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *m = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_autofree char *j = sv_json_error (code, m);
  respond_json (msg, status, j);
}

/* ---------- the page ---------- */

static const struct {
  const char *path, *resource, *type;
} assets[] = {
  { "/", "/se/pks/serve/index.html", "text/html; charset=utf-8" },
  { "/index.html", "/se/pks/serve/index.html", "text/html; charset=utf-8" },
  { "/page.js", "/se/pks/serve/page.js", "text/javascript; charset=utf-8" },
  { "/page.css", "/se/pks/serve/page.css", "text/css; charset=utf-8" },
};

/* Only the page's own files, by exact name: a request names no file. */
static gboolean
serve_asset (SoupServerMessage *msg, const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (assets); i++)
    if (strcmp (path, assets[i].path) == 0)
      {
        g_autoptr (GBytes) b = g_resource_lookup_data (pks_serve_page_get_resource (),
                                                       assets[i].resource, 0, NULL);
        gsize len = 0;
        const char *data = b ? g_bytes_get_data (b, &len) : "";
        respond (msg, b ? 200 : 500, assets[i].type, data, len);
        SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
        /* the page runs its own script and nothing else, offline */
        soup_message_headers_replace (h, "Content-Security-Policy",
                                      "default-src 'self'; img-src 'self' data: blob:; "
                                      "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
        return TRUE;
      }
  return FALSE;
}

/* ---------- scenarios ---------- */

static void
api_scenarios (Server *sv, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  pks_json_str (b, "default", sv->cat->dflt->id);
  pks_json_str (b, "version", PKS_VERSION);
  json_builder_set_member_name (b, "limits");
  json_builder_begin_object (b);
  pks_json_int (b, "max_replications", sv->max_reps);
  pks_json_int (b, "max_body_bytes", (gint64) sv->max_body);
  pks_json_int (b, "max_plans", SV_MAX_PLANS);
  pks_json_int (b, "max_rows", SV_MAX_ROWS);
  pks_json_num (b, "time_limit_s", sv->opt.time_limit_s);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "scenarios");
  json_builder_begin_array (b);
  for (guint i = 0; i < sv->cat->entries->len; i++)
    {
      SvEntry *e = g_ptr_array_index (sv->cat->entries, i);
      json_builder_begin_object (b);
      pks_json_str (b, "id", e->id);
      pks_json_str (b, "name", e->name);
      json_builder_set_member_name (b, "plan");
      json_builder_add_boolean_value (b, e->plan);
      json_builder_set_member_name (b, "embedded");
      json_builder_add_boolean_value (b, e->embedded);
      pks_json_int (b, "units", e->s->units->len);
      pks_json_int (b, "replications", e->s->replications);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autofree char *j = sv_builder_text (b);
  respond_json (msg, 200, j);
}

static const char *const resource_names[] = { "beds", "staffed_beds", "or_sessions_per_week",
                                              "visit_slots_per_week" };

/* One base in full: what a plan editor offers (units, their numbers,
 * the sites, the settings with their values). */
static void
api_scenario (Server *sv, SoupServerMessage *msg, GHashTable *query)
{
  const char *id = query ? g_hash_table_lookup (query, "id") : NULL;
  SvEntry *e = sv_catalog_get (sv->cat, id);
  if (e == NULL)
    {
      respond_error (msg, 404, "not_found", "no scenario \"%.200s\" is offered "
                     "(GET /api/scenarios lists them)", id ? id : "");
      return;
    }
  const PksScenario *s = e->s;
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  pks_json_str (b, "id", e->id);
  pks_json_str (b, "name", e->name);
  pks_json_str (b, "region", s->region);
  g_autofree char *file = pks_path_display (e->path);
  pks_json_str (b, "file", file);
  char d[16];
  pks_date_format (s->start, d);
  pks_json_str (b, "start", d);
  pks_date_format (s->start + s->days - 1, d);
  pks_json_str (b, "end", d);
  pks_json_int (b, "days", s->days);
  pks_json_int (b, "warmup_days", s->warmup_days);
  pks_json_int (b, "replications", s->replications);
  pks_json_int (b, "seed", (gint64) s->seed);
  json_builder_set_member_name (b, "sites");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->sites->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (s->sites, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "resources");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (resource_names); i++)
    json_builder_add_string_value (b, resource_names[i]);
  json_builder_end_array (b);
  /* which units have staffing rows: only there does staff bind */
  g_autofree gboolean *staffed = g_new0 (gboolean, s->units->len);
  for (guint i = 0; i < s->staffing->len; i++)
    staffed[g_array_index (s->staffing, PksStaffRow, i).unit] = TRUE;
  json_builder_set_member_name (b, "units");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->units->len; i++)
    {
      const PksUnitDef *u = &g_array_index (s->units, PksUnitDef, i);
      json_builder_begin_object (b);
      pks_json_str (b, "name", u->name);
      pks_json_str (b, "site", u->site);
      pks_json_int (b, "beds", u->beds);
      pks_json_int (b, "staffed_beds", u->staffed_beds);
      pks_json_num (b, "or_sessions_per_week", u->or_sessions_per_week);
      pks_json_num (b, "visit_slots_per_week", u->visit_slots_per_week);
      json_builder_set_member_name (b, "has_theatre");
      json_builder_add_boolean_value (b, u->or_session_minutes > 0);
      json_builder_set_member_name (b, "staffing_rows");
      json_builder_add_boolean_value (b, staffed[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  /* every key with its value and where it comes from */
  json_builder_set_member_name (b, "settings");
  json_builder_begin_array (b);
  for (guint i = 0; s->resolved && i < s->resolved->len; i++)
    {
      const char *line = g_ptr_array_index (s->resolved, i);
      const char *eq = strstr (line, " = ");
      if (eq == NULL)
        continue;
      const char *hash = strstr (eq, "\t# ");
      g_autofree char *k = g_strndup (line, eq - line);
      g_autofree char *v = hash ? g_strndup (eq + 3, hash - eq - 3) : g_strdup (eq + 3);
      json_builder_begin_object (b);
      pks_json_str (b, "key", k);
      pks_json_str (b, "value", v);
      pks_json_str (b, "from", hash ? hash + 3 : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "diagnostics");
  sv_json_diags (b, e->diags);
  json_builder_end_object (b);
  g_autofree char *j = sv_builder_text (b);
  respond_json (msg, 200, j);
}

/* ---------- validate: load the plans, run nothing ---------- */

typedef struct {
  Server *sv;
  SvRequest *req;
  guint status;
  char *body;
} Validate;

static void
validate_free (Validate *v)
{
  sv_request_free (v->req);
  g_free (v->body);
  g_free (v);
}

static void
validate_thread (GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
  (void) src;
  (void) cancel;
  Validate *v = data;
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "plans");
  json_builder_begin_array (b);
  gboolean ok = TRUE;
  for (guint p = 0; p < v->req->plans->len; p++)
    {
      g_autoptr (PksDiags) d = pks_diags_new ();
      SvPlanFiles files = { 0 };
      PksScenario *s = sv_plan_load (v->req->base, v->req->plans->pdata[p], d, &files);
      if (s)
        {
          /* a plan that does not compile (a unit without theatres given
           * sessions, a pathway that never ends) is as wrong */
          g_autoptr (GError) err = NULL;
          PksModel *m = pks_model_new (s, &err);
          if (m == NULL)
            pks_diags_add (d, PKS_DIAG_ERROR, "plan.ini", 0, 0, NULL, "%s", err->message);
          pks_model_free (m);
        }
      ok &= s != NULL && d->n_errors == 0;
      json_builder_begin_object (b);
      pks_json_str (b, "name", s ? s->name : ((SvPlan *) v->req->plans->pdata[p])->name);
      pks_json_int (b, "errors", d->n_errors);
      pks_json_int (b, "warnings", d->n_warnings);
      json_builder_set_member_name (b, "diagnostics");
      sv_json_diags (b, d);
      json_builder_set_member_name (b, "files");
      json_builder_begin_object (b);
      for (guint i = 0; files.names && i < files.names->len; i++)
        {
          json_builder_set_member_name (b, files.names->pdata[i]);
          json_builder_add_string_value (b, files.texts->pdata[i]);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      sv_plan_files_clear (&files);
      pks_scenario_free (s);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, ok);
  json_builder_end_object (b);
  v->status = ok ? 200 : 422;
  v->body = sv_builder_text (b);
  g_task_return_boolean (task, TRUE);
}

static void
validate_done (GObject *src, GAsyncResult *res, gpointer data)
{
  (void) src;
  SoupServerMessage *msg = data;
  Validate *v = g_task_get_task_data (G_TASK (res));
  v->sv->tasks--;
  respond_json (msg, v->status, v->body);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

/* ---------- comparisons ---------- */

typedef struct {
  SoupServerMessage *msg;
  gulong gone_id;
  gboolean gone;
  SvJob *job;
} Pending;

static void
pending_gone (SoupServerMessage *msg, gpointer data)
{
  (void) msg;
  Pending *p = data;
  /* the client left: nobody waits for this comparison any more */
  p->gone = TRUE;
  sv_job_cancel (p->job);
}

static void
compare_done (SvJob *job, gpointer data)
{
  Pending *p = data;
  if (!p->gone)
    {
      guint status;
      const char *body = sv_job_result (job, &status);
      respond_json (p->msg, status, body ? body : "{}");
      soup_server_message_unpause (p->msg);
    }
  g_signal_handler_disconnect (p->msg, p->gone_id);
  g_object_unref (p->msg);
  sv_job_unref (p->job);
  g_free (p);
}

static SvRequest *
parse_body (Server *sv, SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  guint status = 400;
  g_autofree char *message = NULL;
  SvRequest *r = sv_request_parse (sv->cat, data ? data : "", len, sv->max_reps, &status,
                                   &message);
  if (r == NULL)
    respond_error (msg, status, status == 404 ? "not_found" : status == 413 ? "too_large"
                   : "bad_request", "%s", message);
  return r;
}

static void
api_compare (Server *sv, SoupServerMessage *msg, gboolean wait)
{
  SvRequest *req = parse_body (sv, msg);
  if (req == NULL)
    return;
  guint status = 0;
  g_autofree char *message = NULL;
  SvJob *job = sv_jobs_submit (sv->jobs, req, &status, &message);
  if (job == NULL)
    {
      respond_error (msg, status, "busy", "%s", message);
      SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
      soup_message_headers_replace (h, "Retry-After", "5");
      return;
    }
  if (!wait)
    {
      g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
      json_builder_begin_object (b);
      pks_json_str (b, "id", sv_job_id (job));
      pks_json_str (b, "state", "queued");
      g_autofree char *url = g_strdup_printf ("/api/jobs/%s", sv_job_id (job));
      pks_json_str (b, "url", url);
      json_builder_end_object (b);
      g_autofree char *j = sv_builder_text (b);
      respond_json (msg, 202, j);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                    url);
      return;
    }
  Pending *p = g_new0 (Pending, 1);
  p->msg = g_object_ref (msg);
  p->job = sv_job_ref (job);
  p->gone_id = g_signal_connect (msg, "disconnected", G_CALLBACK (pending_gone), p);
  soup_server_message_pause (msg);
  sv_job_when_done (job, compare_done, p);
}

typedef struct {
  Server *sv;
  SvJob *job;
  char *name;
  gboolean part;             /* a part of the report, not a file */
  GBytes *bytes;
  const char *type;
  guint status;
  char *message;
} FileReq;

static void
file_req_free (FileReq *f)
{
  sv_job_unref (f->job);
  g_free (f->name);
  if (f->bytes)
    g_bytes_unref (f->bytes);
  g_free (f->message);
  g_free (f);
}

static void
file_thread (GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
  (void) src;
  (void) cancel;
  FileReq *f = data;
  if (f->part)
    {
      char *html = sv_job_part (f->job, f->name, &f->status, &f->message);
      f->type = "text/html; charset=utf-8";
      if (html)
        f->bytes = g_bytes_new_take (html, strlen (html));
    }
  else
    f->bytes = sv_job_file (f->job, f->name, &f->type, &f->status, &f->message);
  g_task_return_boolean (task, TRUE);
}

static void
file_done (GObject *src, GAsyncResult *res, gpointer data)
{
  (void) src;
  SoupServerMessage *msg = data;
  FileReq *f = g_task_get_task_data (G_TASK (res));
  f->sv->tasks--;
  if (f->bytes)
    {
      gsize len;
      const char *d = g_bytes_get_data (f->bytes, &len);
      respond (msg, 200, f->type, d ? d : "", len);
      SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
      if (f->part)
        /* shown in a frame of the page: styles and inline charts only */
        soup_message_headers_replace (h, "Content-Security-Policy",
                                      "default-src 'none'; style-src 'unsafe-inline'; "
                                      "img-src data:; frame-ancestors 'self'");
      else
        {
          /* a download under the file's own name */
          const char *base = strrchr (f->name, '/');
          g_autofree char *disp = g_strdup_printf ("attachment; filename=\"%s\"",
                                                   base ? base + 1 : f->name);
          soup_message_headers_replace (h, "Content-Disposition", disp);
        }
    }
  else
    respond_error (msg, f->status, f->status == 404 ? "not_found" : "unavailable", "%s",
                   f->message ? f->message : "no such file");
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

static void
api_job (Server *sv, SoupServerMessage *msg, const char *method, const char *rest)
{
  /* rest: ID, ID/files/NAME */
  g_autofree char *id = g_strdup (rest);
  char *slash = strchr (id, '/');
  const char *sub = NULL;
  if (slash)
    {
      *slash = '\0';
      sub = slash + 1;
    }
  SvJob *job = sv_jobs_get (sv->jobs, id);
  if (job == NULL)
    {
      respond_error (msg, 404, "not_found", "no comparison \"%.64s\" (finished ones are kept "
                     "for a while; run it again)", id);
      return;
    }
  if (sub == NULL && strcmp (method, "DELETE") == 0)
    {
      sv_job_cancel (job);
      guint st;
      g_autofree char *j = sv_job_status_json (job, &st);
      respond_json (msg, 202, j);
      return;
    }
  if (strcmp (method, "GET") != 0)
    {
      respond_error (msg, 405, "method", "use GET (or DELETE to cancel)");
      return;
    }
  if (sub == NULL)
    {
      guint st;
      g_autofree char *j = sv_job_status_json (job, &st);
      respond_json (msg, st, j);
      return;
    }
  if (strcmp (sub, "result") == 0)
    {
      if (sv_job_state (job) < SV_DONE)
        {
          respond_error (msg, 409, "not_finished", "the comparison has not finished; "
                         "GET /api/jobs/%s shows its progress", id);
          return;
        }
      guint st;
      const char *body = sv_job_result (job, &st);
      respond_json (msg, st, body);
      return;
    }
  gboolean part = g_str_has_prefix (sub, "parts/");
  if (g_str_has_prefix (sub, "files/") || part)
    {
      if (sv_job_state (job) != SV_DONE)
        {
          respond_error (msg, 409, "not_finished", "the comparison has not finished or did "
                         "not succeed: it has no files");
          return;
        }
      FileReq *f = g_new0 (FileReq, 1);
      f->sv = sv;
      sv->tasks++;
      f->job = sv_job_ref (job);
      f->part = part;
      f->name = g_strdup (sub + strlen (part ? "parts/" : "files/"));
      soup_server_message_pause (msg);
      GTask *t = g_task_new (NULL, NULL, file_done, g_object_ref (msg));
      g_task_set_task_data (t, f, (GDestroyNotify) file_req_free);
      g_task_run_in_thread (t, file_thread);
      g_object_unref (t);
      return;
    }
  respond_error (msg, 404, "not_found", "no such part of a comparison: \"%.64s\"", sub);
}

/* ---------- guards and dispatch ---------- */

/* The Host header must name this server as a browser reaches it on this
 * computer: a page of another site that makes a name of its own resolve
 * to 127.0.0.1 (DNS rebinding) cannot use the server. Only checked while
 * bound to loopback. */
static gboolean
host_ok (Server *sv, SoupServerMessage *msg)
{
  if (!sv->loopback)
    return TRUE;
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Host");
  if (host == NULL)
    return FALSE;
  const char *names[] = { "127.0.0.1", "localhost", "[::1]" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *with_port = g_strdup_printf ("%s:%u", names[i], sv->port);
      if (g_ascii_strcasecmp (host, with_port) == 0 || g_ascii_strcasecmp (host, names[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Before the body is read: its size from the headers. A body larger than
 * the limit, or one of unknown length, is refused unread. */
static void
early (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
       gpointer data)
{
  (void) soup;
  (void) path;
  (void) query;
  Server *sv = data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  SoupEncoding enc = soup_message_headers_get_encoding (h);
  if (enc == SOUP_ENCODING_CHUNKED)
    respond_error (msg, 411, "length_required", "send the body with a Content-Length");
  else if (enc == SOUP_ENCODING_CONTENT_LENGTH
           && soup_message_headers_get_content_length (h) > (goffset) sv->max_body)
    respond_error (msg, 413, "too_large", "the request body is %" G_GOFFSET_FORMAT
                   " bytes; the limit is %zu (pks serve --max-body)",
                   soup_message_headers_get_content_length (h), sv->max_body);
}

static void
handle (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
  (void) soup;
  Server *sv = data;
  const char *method = soup_server_message_get_method (msg);
  if (soup_server_message_get_status (msg) != 0)
    return;   /* refused by early */
  if (!host_ok (sv, msg))
    {
      respond_error (msg, 421, "host", "this server answers only to 127.0.0.1, localhost and "
                     "[::1] (port %u)", sv->port);
      return;
    }
  if (strcmp (method, "POST") == 0)
    {
      const char *ct = soup_message_headers_get_content_type (
        soup_server_message_get_request_headers (msg), NULL);
      if (ct == NULL || g_ascii_strcasecmp (ct, "application/json") != 0)
        {
          respond_error (msg, 415, "content_type", "send the body as application/json");
          return;
        }
    }
  gboolean get = strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0;
  if (get && serve_asset (msg, path))
    return;
  if (get && strcmp (path, "/api/scenarios") == 0)
    api_scenarios (sv, msg);
  else if (get && strcmp (path, "/api/scenario") == 0)
    api_scenario (sv, msg, query);
  else if (strcmp (path, "/api/validate") == 0 && strcmp (method, "POST") == 0)
    {
      SvRequest *req = parse_body (sv, msg);
      if (req == NULL)
        return;
      Validate *v = g_new0 (Validate, 1);
      v->sv = sv;
      v->req = req;
      sv->tasks++;
      soup_server_message_pause (msg);
      GTask *t = g_task_new (NULL, NULL, validate_done, g_object_ref (msg));
      g_task_set_task_data (t, v, (GDestroyNotify) validate_free);
      g_task_run_in_thread (t, validate_thread);
      g_object_unref (t);
    }
  else if (strcmp (path, "/api/compare") == 0 && strcmp (method, "POST") == 0)
    api_compare (sv, msg, TRUE);
  else if (strcmp (path, "/api/jobs") == 0 && strcmp (method, "POST") == 0)
    api_compare (sv, msg, FALSE);
  else if (g_str_has_prefix (path, "/api/jobs/"))
    api_job (sv, msg, method, path + strlen ("/api/jobs/"));
  else if (g_str_has_prefix (path, "/api/"))
    respond_error (msg, strcmp (method, "GET") == 0 || strcmp (method, "POST") == 0 ? 404 : 405,
                   "not_found", "no such request: %s %.100s (docs/serve.md lists them)", method,
                   path);
  else
    respond (msg, 404, "text/plain; charset=utf-8", "Sidan finns inte.\n",
             strlen ("Sidan finns inte.\n"));
}

static gboolean
on_signal (gpointer data)
{
  Server *sv = data;
  g_main_loop_quit (sv->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
incoming (GSocketService *service, GSocketConnection *conn, GObject *src, gpointer data)
{
  (void) service;
  (void) src;
  Server *sv = data;
  g_autoptr (GSocketAddress) local = g_socket_connection_get_local_address (conn, NULL);
  g_autoptr (GSocketAddress) remote = g_socket_connection_get_remote_address (conn, NULL);
  g_autoptr (GError) err = NULL;
  if (!soup_server_accept_iostream (sv->soup, G_IO_STREAM (conn), local, remote, &err))
    fprintf (stderr, "pks serve: a connection was not taken: %s\n", err->message);
  return TRUE;
}

/* Listen on opt->bind (127.0.0.1 by default) and opt->port. */
static gboolean
listen_on (Server *sv, GError **error)
{
  const char *bind = sv->opt.bind ? sv->opt.bind : "127.0.0.1";
  if (g_ascii_strcasecmp (bind, "localhost") == 0)
    bind = "127.0.0.1";
  g_autoptr (GInetAddress) addr = g_inet_address_new_from_string (bind);
  if (addr == NULL)
    {
      g_set_error (error, PKS_ERROR, PKS_ERROR_INPUT, "--bind %s: not an IP address (such as "
                   "127.0.0.1, the default, or 0.0.0.0 for every network)", bind);
      return FALSE;
    }
  sv->loopback = g_inet_address_get_is_loopback (addr);
  g_autoptr (GSocketAddress) sa = g_inet_socket_address_new (addr, (guint16) sv->opt.port);
  /* a socket of our own for its backlog: GLib's default of 10 pending
   * connections drops clients when a room's worth connect at once */
  g_autoptr (GSocket) sock = g_socket_new (g_inet_address_get_family (addr), G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, error);
  if (sock == NULL)
    return FALSE;
  g_socket_set_listen_backlog (sock, 256);
  if (!g_socket_bind (sock, sa, TRUE, error) || !g_socket_listen (sock, error))
    return FALSE;
  /* connections accepted here and handed to soup: soup's own listener
   * (libsoup 3.2) leaks each accepted socket */
  sv->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (sv->service), 256);
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (sv->service), sock, NULL, error))
    return FALSE;
  g_signal_connect (sv->service, "incoming", G_CALLBACK (incoming), sv);
  /* the port from the socket itself (soup_server_get_uris leaks an
   * address in libsoup 3.2) */
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (sock, error);
  if (local == NULL)
    return FALSE;
  sv->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  sv->url = g_inet_address_get_family (addr) == G_SOCKET_FAMILY_IPV6
            ? g_strdup_printf ("http://[%s]:%u/", bind, sv->port)
            : g_strdup_printf ("http://%s:%u/", bind, sv->port);
  return sv->url != NULL;
}

int
pks_serve_run (const PksServeOptions *opt)
{
  Server sv = { 0 };
  sv.opt = *opt;
  sv.max_body = opt->max_body ? opt->max_body : PKS_SERVE_DEFAULT_MAX_BODY;
  sv.max_reps = opt->max_reps ? opt->max_reps : PKS_SERVE_DEFAULT_MAX_REPS;
  if (sv.opt.time_limit_s <= 0)
    sv.opt.time_limit_s = PKS_SERVE_DEFAULT_TIME_LIMIT_S;
  g_autoptr (GError) err = NULL;
  sv.cat = sv_catalog_new (opt->scenarios, &err);
  if (sv.cat == NULL)
    {
      fprintf (stderr, "pks serve: %s\n", err->message);
      return pks_error_exit_status (err);
    }
  sv.soup = soup_server_new ("server-header", "pks-serve", NULL);
  int status = 0;
  if (!listen_on (&sv, &err))
    {
      fprintf (stderr, "pks serve: cannot listen: %s\n", err ? err->message : "no address");
      status = err && err->domain == PKS_ERROR ? 2 : 1;
      g_clear_object (&sv.service);
      g_object_unref (sv.soup);
      sv_catalog_free (sv.cat);
      return status;
    }
  if (!sv.loopback)
    fprintf (stderr, "pks serve: warning: listening on %s, not only on this computer: anyone "
             "who reaches this address can run comparisons and read the scenarios offered; "
             "without --bind only this computer can (127.0.0.1)\n", opt->bind);
  GMainContext *ctx = g_main_context_default ();
  sv.jobs = sv_jobs_new (&sv.opt, ctx);
  sv.loop = g_main_loop_new (ctx, FALSE);
  soup_server_add_early_handler (sv.soup, NULL, early, &sv, NULL);
  soup_server_add_handler (sv.soup, NULL, handle, &sv, NULL);
  g_socket_service_start (sv.service);
  guint s1 = g_unix_signal_add (SIGINT, on_signal, &sv);
  guint s2 = g_unix_signal_add (SIGTERM, on_signal, &sv);
  printf ("pks serve: %s (%u scenarios; Ctrl+C stops)\n", sv.url, sv.cat->entries->len);
  fflush (stdout);
  if (opt->url_file)
    {
      g_autofree char *line = g_strdup_printf ("%s\n", sv.url);
      if (!g_file_set_contents (opt->url_file, line, -1, &err))
        fprintf (stderr, "pks serve: %s\n", err->message);
    }
  g_main_loop_run (sv.loop);
  g_source_remove (s1);
  g_source_remove (s2);
  g_socket_service_stop (sv.service);
  g_socket_listener_close (G_SOCKET_LISTENER (sv.service));
  g_clear_object (&sv.service);
  soup_server_disconnect (sv.soup);
  /* open connections (a browser keeps them alive) close on the loop */
  while (g_main_context_iteration (ctx, FALSE))
    ;
  /* the requests still on GIO's thread pool end before the catalog goes */
  while (sv.tasks > 0)
    g_main_context_iteration (ctx, TRUE);
  sv_jobs_free (sv.jobs);
  g_object_unref (sv.soup);
  while (g_main_context_iteration (ctx, FALSE))
    ;
  g_main_loop_unref (sv.loop);
  sv_catalog_free (sv.cat);
  g_free (sv.url);
  fprintf (stderr, "pks serve: stopped\n");
  return status;
}
