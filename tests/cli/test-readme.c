/* test-readme.c — a newcomer copies the README's commands: every command
 * in README.md's code blocks runs as written, in a fresh `git clone` of the
 * source tree with the built pks linked at build/sim/pks (issue #19). One
 * TAP case per command; a command is skipped only for a stated reason:
 * it installs packages or builds (the clone uses the built binary), it runs
 * this test suite or the benchmark build, it starts pks serve (a server,
 * which tests/serve drives), it has an ALL-CAPS placeholder
 * (BASE, PLAN), or it needs mpirun and pks has no MPI. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char *cmd;
  char *skip;     /* why it is not run, or NULL */
} Cmd;

static char *clone_dir;   /* the fresh clone, or NULL */
static char *clone_skip;  /* why there is none */

/* Lines of the README's ``` blocks, comments dropped and continued lines
 * (ending in \) joined: the commands as a shell would read them. */
static GPtrArray *
readme_commands (const char *text)
{
  GPtrArray *out = g_ptr_array_new ();
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in = FALSE;
  GString *cur = g_string_new (NULL);
  g_autoptr (GRegex) comment = g_regex_new ("\\s+#\\s.*$", 0, 0, NULL);
  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      if (g_str_has_prefix (l, "```"))
        {
          in = !in;
          g_string_truncate (cur, 0);
          continue;
        }
      if (!in)
        continue;
      g_autofree char *x = g_regex_replace (comment, l, -1, 0, "", 0, NULL);
      g_strchomp (x);
      const char *t = x;
      while (*t == ' ')
        t++;
      if (*t == '\0' || *t == '#')
        continue;
      gboolean more = g_str_has_suffix (x, "\\");
      if (more)
        x[strlen (x) - 1] = '\0';
      g_string_append_printf (cur, "%s%s", cur->len ? " " : "", t);
      if (more)
        continue;
      /* squeeze the continuation's indentation */
      g_autoptr (GRegex) spaces = g_regex_new ("  +", 0, 0, NULL);
      char *c = g_regex_replace (spaces, g_strstrip (cur->str), -1, 0, " ", 0, NULL);
      g_ptr_array_add (out, c);
      g_string_truncate (cur, 0);
    }
  g_string_free (cur, TRUE);
  return out;
}

/* Why a command is not run here, or NULL. */
static char *
skip_reason (const char *c)
{
  if (strstr (c, ".ci/setup"))
    return g_strdup ("installs Debian packages as root and builds; the clone runs the built pks");
  if (strstr (c, "build-pgo.sh") || strstr (c, "--benchmark"))
    return g_strdup ("the benchmark build with profile-guided optimisation takes minutes");
  if (strstr (c, "meson test"))
    return g_strdup ("runs this test suite itself");
  if (strstr (c, "pks serve"))
    return g_strdup ("starts a server that runs until it is stopped; tests/serve and "
                     "tests/browser/serve.js start it and use it");
  g_autoptr (GRegex) caps = g_regex_new ("\\b[A-Z][A-Z_]{2,}\\b(?!=)", 0, 0, NULL);
  g_autoptr (GMatchInfo) mi = NULL;
  if (g_regex_match (caps, c, 0, &mi))
    do
      {
        g_autofree char *w = g_match_info_fetch (mi, 0);
        if (strcmp (w, "MPI") != 0)
          return g_strdup_printf ("has the placeholder %s", w);
      }
    while (g_match_info_next (mi, NULL));
  if (strstr (c, "mpirun") && g_getenv ("PKS_MPIRUN") == NULL)
    return g_strdup ("pks is built without MPI (or no mpirun was found)");
  return NULL;
}

static void
run_cmd (gconstpointer data)
{
  const Cmd *c = data;
  if (c->skip)
    {
      g_test_skip (c->skip);
      return;
    }
  if (clone_dir == NULL)
    {
      g_test_skip (clone_skip);
      return;
    }
  g_test_message ("%s", c->cmd);
  const char *argv[] = { "timeout", "300", "bash", "-c", c->cmd, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr (GError) e = NULL;
  /* containers run as root; Open MPI without ptrace needs no single copy */
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "OMPI_MCA_btl_vader_single_copy_mechanism", "none", TRUE);
  gboolean ok = g_spawn_sync (clone_dir, (char **) argv, env,
                              G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                              &out, &err, &status, &e);
  g_assert_no_error (e);
  g_assert_true (ok);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      gsize n = strlen (err);
      g_test_message ("stderr (end): %s", err + (n > 2000 ? n - 2000 : 0));
      g_test_fail_printf ("README command failed in a fresh clone: %s", c->cmd);
    }
}

/* A fresh clone of the source tree with the built pks at build/sim/pks. */
static void
make_clone (const char *tmp)
{
  g_autofree char *git_dir = g_build_filename (tu_source_root (), ".git", NULL);
  if (!g_file_test (git_dir, G_FILE_TEST_EXISTS))
    {
      clone_skip = g_strdup ("the source tree is not a git checkout");
      return;
    }
  g_autofree char *dir = g_build_filename (tmp, "clone", NULL);
  const char *argv[] = { "git", "clone", "-q", tu_source_root (), dir, NULL };
  int status = 0;
  g_autofree char *err = NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      clone_skip = g_strdup_printf ("git clone failed: %s", err ? err : "");
      return;
    }
  g_autofree char *sim = g_build_filename (dir, "build", "sim", NULL);
  g_autofree char *link = g_build_filename (sim, "pks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sim, 0755), ==, 0);
  g_assert_cmpint (symlink (tu_pks_bin (), link), ==, 0);
  clone_dir = g_steal_pointer (&dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autofree char *readme = tu_slurp (tu_source_root (), "README.md");
  g_autoptr (GPtrArray) cmds = readme_commands (readme);
  g_assert_cmpuint (cmds->len, >, 5);
  g_autofree char *tmp = tu_tmpdir ("pks-readme");
  make_clone (tmp);
  Cmd *all = g_new0 (Cmd, cmds->len);
  for (guint i = 0; i < cmds->len; i++)
    {
      all[i].cmd = g_ptr_array_index (cmds, i);
      all[i].skip = skip_reason (all[i].cmd);
      g_autofree char *name = g_strdup_printf ("/readme/command/%02u", i + 1);
      g_test_add_data_func (name, &all[i], run_cmd);
    }
  int rc = g_test_run ();
  tu_rm_rf (tmp);
  for (guint i = 0; i < cmds->len; i++)
    {
      g_free (all[i].cmd);
      g_free (all[i].skip);
    }
  g_free (all);
  g_free (clone_dir);
  g_free (clone_skip);
  return rc;
}
