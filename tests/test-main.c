/* test-main.c: the `corridor` binary's start-up (src/main.c). Headless
 * commands must not map GTK or PROJ, which live in modules opened on demand;
 * the GUI path must find its module from the build tree as installed. */
#include <glib.h>
#include <string.h>
#include <sys/wait.h>

/* Runs `corridor ARGS…` with @env_extra added to the environment; returns
 * the exit status, stdout and stderr. */
static int
run (const char *const *args, const char *const *env_extra, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CORRIDOR_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i += 2)
    env = env_extra[i + 1] != NULL ? g_environ_setenv (env, env_extra[i], env_extra[i + 1], TRUE)
                                   : g_environ_unsetenv (env, env_extra[i]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, out,
                               err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* The libraries the dynamic loader maps for `corridor help`, from its own
 * LD_DEBUG=libs trace (glibc). */
static void
test_headless_libraries (void)
{
  const char *args[] = { "help", NULL };
  const char *env[] = { "LD_DEBUG", "libs", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (args, env, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Commands:"));
  if (strstr (err, "calling init:") == NULL)
    {
      g_test_skip ("the dynamic loader prints no LD_DEBUG trace here");
      return;
    }
  g_assert_null (strstr (err, "libgtk-4.so"));
  g_assert_null (strstr (err, "libadwaita-1.so"));
  g_assert_null (strstr (err, "libproj.so"));
  g_assert_null (strstr (err, "libcorridor-gui.so"));
}

/* No subcommand: the GUI module answers (GApplication's --help lists the
 * application's own --demo), found beside the executable when no
 * CORRIDOR_MODULE_DIR says where. */
static void
test_gui_module_found (void)
{
  const char *args[] = { "--help", NULL };
  const char *unset[] = { "CORRIDOR_MODULE_DIR", NULL, NULL };
  const char *wrong[] = { "CORRIDOR_MODULE_DIR", "/nonexistent", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run (args, unset, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--demo"));
  g_assert_cmpint (run (args, wrong, &out2, &err2), ==, 0);
  g_assert_nonnull (strstr (out2, "--demo"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/main/headless-libraries", test_headless_libraries);
  g_test_add_func ("/main/gui-module-found", test_gui_module_found);
  return g_test_run ();
}
