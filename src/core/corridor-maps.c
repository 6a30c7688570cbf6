/* corridor-maps.c: finds the maps folder once per process. The choice
 * ($CORRIDOR_MAPS_DIR, else the installed folder if it exists, else the
 * source tree) is made on first use and never changes afterwards, so every
 * layer and gazetteer in one run comes from the same place. */
#include "corridor-config.h"
#include "corridor-maps.h"

#include <glib/gi18n.h>

static char *
corridor_maps_find_dir (void)
{
  const char *env = g_getenv ("CORRIDOR_MAPS_DIR");

  if (env != NULL && env[0] != '\0')
    return g_canonicalize_filename (env, NULL);
  if (g_file_test (CORRIDOR_MAPS_DIR, G_FILE_TEST_IS_DIR))
    return g_strdup (CORRIDOR_MAPS_DIR);
  return g_strdup (CORRIDOR_SOURCE_MAPS_DIR);
}

const char *
corridor_maps_dir (void)
{
  static char *dir = NULL;

  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, corridor_maps_find_dir ());
  return dir;
}

char *
corridor_maps_path (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_build_filename (corridor_maps_dir (), name, NULL);
}

const char *
corridor_locale_dir (void)
{
  const char *dir = g_getenv ("CORRIDOR_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : CORRIDOR_LOCALEDIR;
}

void
corridor_bind_text_domain (void)
{
  bindtextdomain (GETTEXT_PACKAGE, corridor_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
