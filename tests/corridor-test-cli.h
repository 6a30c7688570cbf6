/* corridor-test-cli.h: runs the `corridor` binary under test ($CORRIDOR_BIN)
 * as a real process, for the suites that check the command-line contract. */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <sys/wait.h>

/* Runs `corridor FIRST …` (NULL-terminated); returns its exit status and,
 * when @out_stderr is set, what it wrote to stderr. */
G_GNUC_UNUSED G_GNUC_NULL_TERMINATED static int
corridor_test_run (char **out_stderr, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}
