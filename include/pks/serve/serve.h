/* serve.h — pks serve: a local web page, and the JSON interface it uses,
 * for trying plans against a base while a meeting watches (docs/serve.md).
 * The page and its scripts are compiled into the binary; comparisons run
 * in the server's own process, queued, each on every worker thread. */
#ifndef PKS_SERVE_H
#define PKS_SERVE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *bind;              /* address to listen on; NULL = 127.0.0.1 */
  guint port;                    /* 0 = a free port (printed) */
  const char *const *scenarios;  /* files or folders offered besides the embedded
                                  * ones (NULL-terminated; may be NULL) */
  guint threads;                 /* worker threads of a comparison; 0 = every core */
  double time_limit_s;           /* a comparison's running time; 0 = 120 s */
  guint max_queue;               /* comparisons waiting or running; 0 = 64 */
  guint max_reps;                /* replications a request may ask; 0 = 200 */
  gsize max_body;                /* bytes of a request body; 0 = 1 MiB */
  const char *url_file;          /* also write the URL here (tests), or NULL */
} PksServeOptions;

/* Defaults of the options above, for --help and the documentation. */
#define PKS_SERVE_DEFAULT_PORT 8400
#define PKS_SERVE_DEFAULT_TIME_LIMIT_S 120.0
#define PKS_SERVE_DEFAULT_MAX_QUEUE 64
#define PKS_SERVE_DEFAULT_MAX_REPS 200
#define PKS_SERVE_DEFAULT_MAX_BODY (1024 * 1024)

/* Load the scenarios offered, listen, print the URL and serve until
 * SIGINT or SIGTERM. Returns the exit status: 0 after a signal, 2 when a
 * scenario given does not load (its problems printed) or an option is
 * bad, 1 when the address cannot be bound. */
int pks_serve_run (const PksServeOptions *opt);

G_END_DECLS

#endif
