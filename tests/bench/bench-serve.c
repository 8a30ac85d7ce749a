/* bench-serve.c — pks serve's latency (issue #25, docs/serve.md): one
 * comparison of the Västerbotten region at 20 replications as the page
 * asks for it (POST /api/jobs, then polling every 100 ms) and as a
 * script does (POST /api/compare, the answer in the response), one after
 * another; then 50 clients at once, each a different plan, every answer
 * counted. Prints median, 90th and 95th percentiles and the server's
 * resident memory. A benchmark: it asserts only that nothing was lost. */
#include "serve-client.h"
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* the p-th percentile of n sorted values (nearest rank) */
static double
pctl (const double *v, guint n, double p)
{
  guint k = (guint) (p / 100.0 * n + 0.999999);
  return v[MIN (n, MAX (1u, k)) - 1];
}

static void
report (const char *what, double *ms, guint n)
{
  qsort (ms, n, sizeof *ms, cmp_double);
  printf ("%-44s n=%-3u median %7.0f ms  p90 %7.0f ms  p95 %7.0f ms  max %7.0f ms\n", what, n,
          pctl (ms, n, 50), pctl (ms, n, 90), pctl (ms, n, 95), ms[n - 1]);
}

static char *
plan (guint k, guint reps)
{
  return g_strdup_printf (
    "{\"replications\":%u,\"plans\":[{\"name\":\"Plan %u\",\"changes\":[{\"unit\":"
    "\"Medicincentrum Umeå\",\"resource\":\"staffed_beds\",\"from\":\"2024-03-01\","
    "\"change\":\"+%u\",\"staff\":\"own\"}]}]}", reps, k, k);
}

/* As the page: submit, poll every 100 ms until done. */
static double
page_compare (ScServer *s, const char *body)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autofree char *out = NULL;
  if (sc_request (s, "POST", "/api/jobs", body, &out) != 202)
    g_error ("submit: %s", out);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, out, -1, NULL));
  g_autofree char *path = g_strdup_printf ("/api/jobs/%s",
    json_object_get_string_member (json_node_get_object (json_parser_get_root (p)), "id"));
  for (;;)
    {
      g_autofree char *st = NULL;
      sc_request (s, "GET", path, NULL, &st);
      if (strstr (st, "\"state\":\"done\""))
        break;
      if (!strstr (st, "\"state\":\"queued\"") && !strstr (st, "\"state\":\"running\""))
        g_error ("job: %.300s", st);
      g_usleep (100000);
    }
  return (g_get_monotonic_time () - t0) / 1000.0;
}

typedef struct {
  gint64 t0;
  double ms;
  guint status;
  gint *left;
  GMainLoop *loop;
} Call;

static void
answered (GObject *src, GAsyncResult *res, gpointer data)
{
  Call *c = data;
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) b = soup_session_send_and_read_finish (SOUP_SESSION (src), res, &err);
  c->ms = (g_get_monotonic_time () - c->t0) / 1000.0;
  c->status = err ? 0 : soup_message_get_status (
    soup_session_get_async_result_message (SOUP_SESSION (src), res));
  if (--*c->left == 0)
    g_main_loop_quit (c->loop);
}

int
main (void)
{
  const guint reps = 20, seq = 12, conc = 50;
  const char *args[] = { NULL };
  g_autofree char *err = NULL;
  ScServer *s = sc_start (args, &err);
  if (s == NULL)
    g_error ("pks serve did not start: %s", err ? err : "");
  printf ("pks serve on %s, %u cores; Västerbotten 2024, %u replications, one plan "
          "(+k staffed beds at Medicincentrum Umeå with their staff)\n", s->url,
          g_get_num_processors (), reps);
  /* the first comparison also runs the base's replications */
  g_autofree char *first = plan (99, reps);
  gint64 t0 = g_get_monotonic_time ();
  g_autofree char *out = NULL;
  sc_request (s, "POST", "/api/compare", first, &out);
  printf ("%-44s %7.0f ms\n", "first comparison (base run too)",
          (g_get_monotonic_time () - t0) / 1000.0);
  double page[64], script[64];
  for (guint i = 0; i < seq; i++)
    {
      g_autofree char *body = plan (i + 1, reps);
      page[i] = page_compare (s, body);
      g_autofree char *body2 = plan (i + 40, reps);
      gint64 t1 = g_get_monotonic_time ();
      g_autofree char *o = NULL;
      if (sc_request (s, "POST", "/api/compare", body2, &o) != 200)
        g_error ("compare: %.300s", o);
      script[i] = (g_get_monotonic_time () - t1) / 1000.0;
    }
  report ("one comparison, as the page asks (poll 100 ms)", page, seq);
  report ("one comparison, POST /api/compare", script, seq);

  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Call *calls = g_new0 (Call, conc);
  gint left = (gint) conc;
  gint64 tc = g_get_monotonic_time ();
  for (guint k = 0; k < conc; k++)
    {
      g_autofree char *body = plan (k + 1, reps);
      g_autofree char *uri = g_strconcat (s->url, "api/compare", NULL);
      g_autoptr (SoupMessage) m = soup_message_new ("POST", uri);
      g_autoptr (GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (m, "application/json", b);
      calls[k] = (Call) { g_get_monotonic_time (), 0, 0, &left, loop };
      soup_session_send_and_read_async (s->session, m, G_PRIORITY_DEFAULT, NULL, answered,
                                        &calls[k]);
    }
  g_main_loop_run (loop);
  double wall = (g_get_monotonic_time () - tc) / 1e6;
  double ms[64];
  guint ok = 0;
  for (guint k = 0; k < conc; k++)
    {
      ms[k] = calls[k].ms;
      ok += calls[k].status == 200;
    }
  report ("50 clients at once, each its own plan", ms, conc);
  printf ("%-44s %u of %u answered 200 in %.1f s (%.2f comparisons/s)\n", "", ok, conc, wall,
          conc / wall);
  printf ("%-44s %" G_GUINT64_FORMAT " kB\n", "server RSS after the run", sc_rss_kb (s));
  g_free (calls);
  int st = sc_stop (s);
  return ok == conc && st == 0 ? 0 : 1;
}
