/* serve-client.h — a pks serve process for tests and the benchmark:
 * started on a free loopback port, asked over HTTP (libsoup's client, or
 * raw bytes on a socket where a client would tidy the request), stopped
 * with SIGTERM. */
#ifndef PKS_SERVE_CLIENT_H
#define PKS_SERVE_CLIENT_H

#include <gio/gio.h>
#include <libsoup/soup.h>

typedef struct {
  GSubprocess *proc;
  char *dir;          /* a temporary folder: the URL file, stderr */
  char *url;          /* http://127.0.0.1:PORT/ */
  guint port;
  SoupSession *session;
} ScServer;

/* Start pks serve with --port 0 and extra arguments (NULL-terminated
 * array, may be NULL); NULL when it did not print its URL within 60 s
 * (its stderr is then in *err_out if given). */
ScServer *sc_start (const char *const *args, char **err_out);
/* SIGTERM and wait; the exit status (0 expected). */
int sc_stop (ScServer *s);
/* The server's stderr so far. (transfer full) */
char *sc_stderr (ScServer *s);
/* One request: method, path (with query), body (NULL: none) sent as
 * application/json. Returns the HTTP status; *out the response body
 * (transfer full, may be NULL). */
guint sc_request (ScServer *s, const char *method, const char *path, const char *body,
                  char **out);
/* Raw bytes on a fresh connection; the whole response (transfer full). */
char *sc_raw (ScServer *s, const char *request);
/* The status of a raw response ("HTTP/1.1 404 …" → 404). */
guint sc_raw_status (const char *response);
/* The server's resident memory (VmRSS) in kB, and its open descriptors. */
guint64 sc_rss_kb (ScServer *s);
guint sc_fd_count (ScServer *s);

#endif
