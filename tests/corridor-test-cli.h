/* corridor-test-cli.h: runs the `corridor` binary under test ($CORRIDOR_BIN)
 * as a real process, for the suites that check the command-line contract,
 * and the fixture those suites share: a demo case built once in a temporary
 * directory, private copies of it, JSON output parsed. */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>

/* Runs `corridor FIRST …` (the rest in @ap, NULL-terminated); returns its exit
 * status and, where @out_stdout / @out_stderr are set, what it wrote. */
G_GNUC_UNUSED static int
corridor_test_runv (char **out_stdout, char **out_stderr, const char *first, va_list ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  if (out_stdout)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);
  return WEXITSTATUS (wait_status);
}

/* Runs `corridor FIRST …` (NULL-terminated), keeping stdout and stderr. */
G_GNUC_UNUSED G_GNUC_NULL_TERMINATED static int
corridor_test_run_full (char **out_stdout, char **out_stderr, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = corridor_test_runv (out_stdout, out_stderr, first, ap);
  va_end (ap);
  return status;
}

/* Runs `corridor FIRST …` (NULL-terminated); returns its exit status and,
 * when @out_stderr is set, what it wrote to stderr. */
G_GNUC_UNUSED G_GNUC_NULL_TERMINATED static int
corridor_test_run (char **out_stderr, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = corridor_test_runv (NULL, out_stderr, first, ap);
  va_end (ap);
  return status;
}

/* Makes a temporary directory from @tmpl (g_dir_make_tmp) and builds the
 * demo case in it with `corridor demo`; returns the directory and sets
 * *@out_case to the case's path (both owned). */
G_GNUC_UNUSED static char *
corridor_test_demo_dir (const char *tmpl, char **out_case)
{
  char *dir = g_dir_make_tmp (tmpl, NULL);
  char *path = g_build_filename (dir, "demo.corridor", NULL);

  if (corridor_test_run_full (NULL, NULL, "demo", path, NULL) != 0)
    g_error ("could not build the demo case");
  *out_case = path;
  return dir;
}

/* A private copy of @base named @name in @dir, so each test starts from
 * the same state; returns its path (owned). */
G_GNUC_UNUSED static char *
corridor_test_copy_case (const char *base, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) src = g_file_new_for_path (base);
  g_autoptr(GFile) dst = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* @text parsed as JSON, asserting it is. */
G_GNUC_UNUSED static JsonNode *
corridor_test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Removes @dir and everything under it. */
G_GNUC_UNUSED static void
corridor_test_remove_tree (const char *dir)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", dir);
}
