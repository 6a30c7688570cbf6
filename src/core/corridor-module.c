/* corridor-module.c: finds and opens Corridor's loadable modules (see
 * corridor-module.h). Modules are opened with every symbol resolved at once,
 * so one from another build fails here with a message rather than mid-run;
 * a failure is remembered so later calls fail fast with the same message. */
#include "corridor-config.h"
#include "corridor-module.h"
#include "corridor-error.h"

#include <gmodule.h>

typedef struct {
  GModule *module;
  char    *failure;
} Loaded;

static GModule *
open_module (const char *name, GString *tried)
{
  const char *env = g_getenv ("CORRIDOR_MODULE_DIR");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *self_dir = self != NULL ? g_path_get_dirname (self) : NULL;
  /* Beside the executable comes before the installed folder: a build-tree
   * run must not pick up an older installed module. */
  const char *dirs[] = { env && *env ? env : NULL, self_dir, CORRIDOR_MODULE_DIR,
                         CORRIDOR_BUILD_MODULE_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (dirs[i] == NULL)
        continue;
      g_autofree char *path = g_build_filename (dirs[i], name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);
      if (module != NULL)
        {
          g_module_make_resident (module);
          return module;
        }
      g_string_append_printf (tried, "%s: %s; ", path, g_module_error ());
    }
  return NULL;
}

gpointer
corridor_module_symbol (const char *name, const char *symbol, GError **error)
{
  static GMutex lock;
  static GHashTable *loaded;   /* name -> Loaded*, never freed: modules stay resident */
  gpointer fn = NULL;
  Loaded *l;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (symbol != NULL, NULL);

  g_mutex_lock (&lock);
  if (loaded == NULL)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  l = g_hash_table_lookup (loaded, name);
  if (l == NULL)
    {
      g_autoptr(GString) tried = g_string_new (NULL);

      l = g_new0 (Loaded, 1);
      l->module = open_module (name, tried);
      if (tried->len >= 2)
        g_string_truncate (tried, tried->len - 2);   /* the last "; " */
      if (l->module == NULL)
        l->failure = g_strdup_printf ("%s is not installed%s%s", name, tried->len ? ": " : "",
                                      tried->str);
      g_hash_table_insert (loaded, g_strdup (name), l);
    }
  if (l->module != NULL && (!g_module_symbol (l->module, symbol, &fn) || fn == NULL))
    g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s lacks %s", name, symbol);
  else if (l->module == NULL)
    g_set_error_literal (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, l->failure);
  g_mutex_unlock (&lock);
  return fn;
}
