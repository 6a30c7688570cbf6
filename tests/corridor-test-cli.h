/* corridor-test-cli.h: runs the `corridor` binary under test ($CORRIDOR_BIN)
 * as a real process, for the suites that check the command-line contract. */
#pragma once

#include <glib.h>
#include <stdarg.h>
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
