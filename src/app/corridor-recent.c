/* corridor-recent.c: the recent-cases list and its menu. Invariant: what
 * is written to "recent-cases" is canonical absolute paths, most recent
 * first, unique, at most CORRIDOR_RECENT_MAX, all existing when written;
 * the menu checks again, since files can go between two writes. */
#include "corridor-recent.h"

#include <string.h>
#include <glib/gi18n.h>

#include "corridor-text.h"

static char *
canonical (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

char **
corridor_recent_push (const char *const *recent, const char *path, guint max)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;

  /* GVariant strings are UTF-8; a path that is not cannot be kept. */
  if (path != NULL && n < max && g_utf8_validate (path, -1, NULL))
    {
      char *first = canonical (path);
      g_strv_builder_add (builder, first);
      g_hash_table_add (seen, first);
      n++;
    }
  for (const char *const *r = recent; r != NULL && *r != NULL && n < max; r++)
    {
      if (!g_path_is_absolute (*r) || !g_utf8_validate (*r, -1, NULL))
        continue;
      char *p = canonical (*r);
      if (g_hash_table_contains (seen, p) || !g_file_test (p, G_FILE_TEST_IS_REGULAR))
        {
          g_free (p);
          continue;
        }
      g_strv_builder_add (builder, p);
      g_hash_table_add (seen, p);
      n++;
    }
  return g_strv_builder_end (builder);
}

static void
store (GSettings *settings, const char *path, gboolean add)
{
  g_auto (GStrv) old = g_settings_get_strv (settings, "recent-cases");
  g_auto (GStrv) pruned = NULL;

  if (add)
    pruned = corridor_recent_push ((const char *const *) old, path, CORRIDOR_RECENT_MAX);
  else
    {
      g_autofree char *gone = canonical (path);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      for (char **r = old; *r != NULL; r++)
        {
          g_autofree char *p = canonical (*r);
          if (!g_str_equal (p, gone))
            g_strv_builder_add (builder, *r);
        }
      g_auto (GStrv) kept = g_strv_builder_end (builder);
      pruned = corridor_recent_push ((const char *const *) kept, NULL, CORRIDOR_RECENT_MAX);
    }
  /* Writing the same list again would wake every window's menu for nothing. */
  if (!g_strv_equal ((const char *const *) old, (const char *const *) pruned))
    g_settings_set_strv (settings, "recent-cases", (const char *const *) pruned);
}

void
corridor_recent_add (GSettings *settings, const char *path)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (path != NULL);
  store (settings, path, TRUE);
}

void
corridor_recent_remove (GSettings *settings, const char *path)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (path != NULL);
  store (settings, path, FALSE);
}

/* Menu labels take "_" as a mnemonic mark; a file name's must show. */
static char *
escape_underlines (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '_')
        g_string_append_c (out, '_');
      g_string_append_c (out, *c);
    }
  return g_string_free (out, FALSE);
}

void
corridor_recent_fill_menu (GMenu *menu, const char *const *recent)
{
  g_return_if_fail (G_IS_MENU (menu));

  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  for (const char *const *r = recent; r != NULL && *r != NULL; r++)
    if (g_file_test (*r, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (shown, (gpointer) *r);

  g_menu_remove_all (menu);
  if (shown->len == 0)
    {
      /* No action: GTK shows the item insensitive. */
      g_menu_append (menu, _("No Recent Cases"), NULL);
      return;
    }
  for (guint i = 0; i < shown->len; i++)
    {
      const char *path = g_ptr_array_index (shown, i);
      g_autofree char *base = g_filename_display_basename (path);
      gboolean same_name = FALSE;

      for (guint j = 0; j < shown->len && !same_name; j++)
        {
          g_autofree char *other = g_filename_display_basename (g_ptr_array_index (shown, j));
          same_name = j != i && g_str_equal (base, other);
        }
      /* Two cases of one name are told apart by their folders. */
      g_autofree char *label = NULL;
      if (same_name)
        {
          g_autofree char *dir = g_path_get_dirname (path);
          g_autofree char *dir_name = g_filename_display_name (dir);
          label = g_strdup_printf ("%s (%s)", base, dir_name);
        }
      else
        label = g_strdup (base);
      g_autofree char *revealed = corridor_text_reveal_controls (label, FALSE);
      g_autofree char *escaped = escape_underlines (revealed);
      g_autoptr (GMenuItem) item = g_menu_item_new (escaped, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (path));
      g_menu_append_item (menu, item);
    }
}
