/* serve-client.c — see serve-client.h. */
#include "serve-client.h"
#include "testutil.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

/* In the child: end with the test, should the test itself end early (a
 * failed assertion), so that no server is left running. */
static void
die_with_parent (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

ScServer *
sc_start (const char *const *args, char **err_out)
{
  ScServer *s = g_new0 (ScServer, 1);
  s->dir = tu_tmpdir ("pks-serve-test");
  g_autofree char *url_file = g_build_filename (s->dir, "url", NULL);
  g_autofree char *err_file = g_build_filename (s->dir, "stderr", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  /* PKS_SERVE_WRAPPER: a program and its arguments to run pks under
   * (valgrind), space-separated */
  g_auto (GStrv) wrapper = g_strsplit (g_getenv ("PKS_SERVE_WRAPPER") ? g_getenv ("PKS_SERVE_WRAPPER")
                                                                      : "", " ", -1);
  for (guint i = 0; wrapper[i]; i++)
    if (*wrapper[i])
      g_ptr_array_add (argv, wrapper[i]);
  g_ptr_array_add (argv, (char *) tu_pks_bin ());
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--url-file");
  g_ptr_array_add (argv, url_file);
  for (guint i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_autoptr (GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (l, err_file);
  g_subprocess_launcher_set_child_setup (l, die_with_parent, NULL, NULL);
  g_autoptr (GError) err = NULL;
  s->proc = g_subprocess_launcher_spawnv (l, (const char *const *) argv->pdata, &err);
  g_assert_no_error (err);
  for (int i = 0; i < 600; i++)
    {
      g_autofree char *text = NULL;
      if (g_file_get_contents (url_file, &text, NULL, NULL) && strchr (text, '\n'))
        {
          s->url = g_strstrip (g_steal_pointer (&text));
          break;
        }
      /* the child watch reaps an exit; the identifier is then gone */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_subprocess_get_identifier (s->proc) == NULL)
        break;
      g_usleep (100000);
    }
  if (s->url == NULL)
    {
      if (err_out)
        g_file_get_contents (err_file, err_out, NULL, NULL);
      g_subprocess_force_exit (s->proc);
      g_subprocess_wait (s->proc, NULL, NULL);
      g_object_unref (s->proc);
      tu_rm_rf (s->dir);
      g_free (s->dir);
      g_free (s);
      return NULL;
    }
  const char *colon = strrchr (s->url, ':');
  s->port = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
  s->session = soup_session_new_with_options ("max-conns", 200, "max-conns-per-host", 200,
                                              "timeout", 300, NULL);
  return s;
}

char *
sc_stderr (ScServer *s)
{
  g_autofree char *p = g_build_filename (s->dir, "stderr", NULL);
  char *text = NULL;
  g_file_get_contents (p, &text, NULL, NULL);
  return text ? text : g_strdup ("");
}

int
sc_stop (ScServer *s)
{
  soup_session_abort (s->session);
  g_usleep (200000);
  g_subprocess_send_signal (s->proc, SIGTERM);
  g_subprocess_wait (s->proc, NULL, NULL);
  int status = g_subprocess_get_if_exited (s->proc) ? g_subprocess_get_exit_status (s->proc) : 128;
  g_object_unref (s->proc);
  g_object_unref (s->session);
  tu_rm_rf (s->dir);
  g_free (s->dir);
  g_free (s->url);
  g_free (s);
  return status;
}

guint
sc_request (ScServer *s, const char *method, const char *path, const char *body, char **out)
{
  g_autofree char *uri = g_strconcat (s->url, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr (SoupMessage) m = soup_message_new (method, uri);
  g_assert_nonnull (m);
  if (body)
    {
      g_autoptr (GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (m, "application/json", b);
    }
  g_autoptr (GError) err = NULL;
  g_autoptr (GBytes) resp = soup_session_send_and_read (s->session, m, NULL, &err);
  g_assert_no_error (err);
  if (out)
    {
      gsize len;
      const char *d = g_bytes_get_data (resp, &len);
      *out = g_strndup (d ? d : "", len);
    }
  return soup_message_get_status (m);
}

char *
sc_raw (ScServer *s, const char *request)
{
  g_autoptr (GSocketClient) c = g_socket_client_new ();
  g_socket_client_set_timeout (c, 60);
  g_autoptr (GError) err = NULL;
  g_autoptr (GSocketConnection) conn = g_socket_client_connect_to_host (c, "127.0.0.1", s->port,
                                                                         NULL, &err);
  g_assert_no_error (err);
  GOutputStream *o = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  g_output_stream_write_all (o, request, strlen (request), NULL, NULL, &err);
  g_assert_no_error (err);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GString *r = g_string_new (NULL);
  char buf[4096];
  gssize n;
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (r, buf, n);
  return g_string_free (r, FALSE);
}

guint
sc_raw_status (const char *response)
{
  const char *sp = strchr (response, ' ');
  return sp ? (guint) g_ascii_strtoull (sp + 1, NULL, 10) : 0;
}

guint64
sc_rss_kb (ScServer *s)
{
  g_autofree char *p = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (s->proc));
  g_autofree char *text = NULL;
  if (!g_file_get_contents (p, &text, NULL, NULL))
    return 0;
  const char *v = strstr (text, "VmRSS:");
  return v ? g_ascii_strtoull (v + 6, NULL, 10) : 0;
}

guint
sc_fd_count (ScServer *s)
{
  g_autofree char *p = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (s->proc));
  GDir *d = g_dir_open (p, 0, NULL);
  guint n = 0;
  if (d == NULL)
    return 0;
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}
