/* test-gui-cases.c: opening cases and the filter controls in a real window
 * under Xvfb. The recent-cases list (pure rules and through the window and
 * its menu), a case opened read-only (store, property, disabled and
 * refused imports, header), the header's filter chips, the calendar
 * popovers, the actor entry's completion, the minimum-confidence and
 * status controls, and Shift+Ctrl+BackSpace. Leaves gui-filters.png (the
 * header and the filter bar) in G_TEST_BUILDDIR. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "corridor-config.h"
#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-filter-bar.h"
#include "corridor-recent.h"
#include "corridor-store.h"
#include "corridor-test-gui.h"

static CorridorApplication *app;
static CorridorWindow *window;
static char *dir;          /* holds the cases; removed by main() */
static char *demo_path;    /* the demo case, built once */
static GPtrArray *copies;  /* copies of it, for the recent list */

#define wait_until corridor_test_wait_until
#define spin       corridor_test_spin
#define not_busy   corridor_test_not_busy
#define find_named corridor_test_find_named
#define find_type  corridor_test_find_type
#define count_children corridor_test_count_children

/* --- helpers --- */

static void
ensure_window (void)
{
  if (window != NULL)
    return;
  corridor_test_gui_keep_window (app, &window);
}

static char *
state_string (const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), action);
  return g_variant_dup_string (state, NULL);
}

static GStrv
state_strv (const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), action);
  return g_variant_dup_strv (state, NULL);
}

static double
state_double (const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), action);
  return g_variant_get_double (state);
}

static gboolean
action_enabled (const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), action);
}

static GStrv
recent_setting (void)
{
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);
  return g_settings_get_strv (settings, "recent-cases");
}

static void
set_recent_setting (const char *const *paths)
{
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);
  g_settings_set_strv (settings, "recent-cases", paths);
}

static char *
touch (const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  return path;
}

static void
open_and_wait (const char *path, gboolean read_only)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  if (read_only)
    corridor_window_open_case_read_only (window, file);
  else
    corridor_window_open_case (window, file);
  g_assert_true (wait_until (not_busy, window, 60000));
  g_assert_nonnull (corridor_window_get_store (window));
  g_assert_cmpstr (corridor_store_get_path (corridor_window_get_store (window)), ==, path);
}

static gboolean
file_sha256 (const char *path, char **out)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  *out = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  return TRUE;
}

/* The targets of win.open-recent in the primary menu's "Open Recent"
 * submenu, in order, and its item count. */
static GPtrArray *
recent_menu_targets (guint *n_items)
{
  GtkWidget *header = find_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);
  spin (50);  /* settings changes reach the window from the main loop */
  /* The primary menu button is the one marked primary. */
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  GMenuModel *menu = NULL;
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  g_ptr_array_add (stack, header);
  while (stack->len > 0 && menu == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
      if (GTK_IS_MENU_BUTTON (w) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (w)))
        menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (w));
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_assert_nonnull (menu);

  GMenuModel *recent = NULL;
  for (int i = 0; i < g_menu_model_get_n_items (menu) && recent == NULL; i++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *label = NULL;
          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label)
              && g_str_has_suffix (label, "_Recent"))
            recent = g_menu_model_get_item_link (section, j, G_MENU_LINK_SUBMENU);
        }
    }
  g_assert_nonnull (recent);
  *n_items = (guint) g_menu_model_get_n_items (recent);
  for (guint i = 0; i < *n_items; i++)
    {
      g_autoptr (GVariant) target = g_menu_model_get_item_attribute_value (recent, (int) i,
                                                                            G_MENU_ATTRIBUTE_TARGET,
                                                                            G_VARIANT_TYPE_STRING);
      g_autofree char *action = NULL;
      if (target == NULL)
        continue;
      g_assert_true (g_menu_model_get_item_attribute (recent, (int) i, G_MENU_ATTRIBUTE_ACTION,
                                                      "s", &action));
      g_assert_cmpstr (action, ==, "win.open-recent");
      g_ptr_array_add (targets, g_variant_dup_string (target, NULL));
    }
  g_object_unref (recent);
  return targets;
}

/* TRUE when one of @action's accelerators is @expected. */
static gboolean
has_accel (const char *action, const char *expected)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);
  guint key, want_key;
  GdkModifierType mods, want_mods;

  g_assert_true (gtk_accelerator_parse (expected, &want_key, &want_mods));
  for (guint i = 0; accels[i] != NULL; i++)
    if (gtk_accelerator_parse (accels[i], &key, &mods) && key == want_key && mods == want_mods)
      return TRUE;
  return FALSE;
}

/* --- recent cases --- */

static void
test_recent_push (void)
{
  g_autofree char *a = touch ("a.corridor");
  g_autofree char *b = touch ("b.corridor");
  g_autofree char *gone = g_build_filename (dir, "gone.corridor", NULL);
  g_autofree char *dotted = g_build_filename (dir, ".", "a.corridor", NULL);

  g_auto (GStrv) one = corridor_recent_push (NULL, a, CORRIDOR_RECENT_MAX);
  g_assert_cmpuint (g_strv_length (one), ==, 1);
  g_assert_cmpstr (one[0], ==, a);
  g_auto (GStrv) two = corridor_recent_push ((const char *const *) one, b, CORRIDOR_RECENT_MAX);
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  g_assert_cmpstr (two[0], ==, b);
  g_assert_cmpstr (two[1], ==, a);
  /* The same file again (spelt differently) moves first, once. */
  g_auto (GStrv) again = corridor_recent_push ((const char *const *) two, dotted, CORRIDOR_RECENT_MAX);
  g_assert_cmpuint (g_strv_length (again), ==, 2);
  g_assert_cmpstr (again[0], ==, a);
  g_assert_cmpstr (again[1], ==, b);
  /* Gone files and relative paths are dropped. */
  const char *with_gone[] = { gone, "relative.corridor", a, NULL };
  g_auto (GStrv) pruned = corridor_recent_push (with_gone, b, CORRIDOR_RECENT_MAX);
  g_assert_cmpuint (g_strv_length (pruned), ==, 2);
  g_assert_cmpstr (pruned[0], ==, b);
  g_assert_cmpstr (pruned[1], ==, a);

  /* At most max, the newest first, the oldest out. */
  g_auto (GStrv) list = NULL;
  g_autoptr (GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < CORRIDOR_RECENT_MAX + 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("max-%02u.corridor", i);
      char *path = touch (name);
      g_ptr_array_add (made, path);
      char **next = corridor_recent_push ((const char *const *) list, path, CORRIDOR_RECENT_MAX);
      g_strfreev (list);
      list = next;
    }
  g_assert_cmpuint (g_strv_length (list), ==, CORRIDOR_RECENT_MAX);
  for (guint i = 0; i < CORRIDOR_RECENT_MAX; i++)
    g_assert_cmpstr (list[i], ==, g_ptr_array_index (made, made->len - 1 - i));
  for (guint i = 0; i < made->len; i++)
    g_unlink (g_ptr_array_index (made, i));
  g_unlink (a);
  g_unlink (b);
}

static void
test_recent_open (void)
{
  ensure_window ();
  g_autofree char *gone = g_build_filename (dir, "gone.corridor", NULL);
  const char *a = g_ptr_array_index (copies, 0);
  const char *b = g_ptr_array_index (copies, 1);
  const char *seed[] = { gone, NULL };
  guint n_items;

  set_recent_setting (seed);
  spin (50);
  /* The menu never lists a file that is gone. */
  g_autoptr (GPtrArray) none = recent_menu_targets (&n_items);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (n_items, ==, 1);  /* "No Recent Cases" */

  open_and_wait (a, FALSE);
  g_auto (GStrv) after_a = recent_setting ();
  g_assert_cmpuint (g_strv_length (after_a), ==, 1);  /* the gone one dropped */
  g_assert_cmpstr (after_a[0], ==, a);

  open_and_wait (b, FALSE);
  g_auto (GStrv) after_b = recent_setting ();
  g_assert_cmpuint (g_strv_length (after_b), ==, 2);
  g_assert_cmpstr (after_b[0], ==, b);
  g_assert_cmpstr (after_b[1], ==, a);
  g_autoptr (GPtrArray) targets = recent_menu_targets (&n_items);
  g_assert_cmpuint (targets->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (targets, 0), ==, b);
  g_assert_cmpstr (g_ptr_array_index (targets, 1), ==, a);

  /* win.open-recent opens it and moves it first, once. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-recent", g_variant_new_string (a));
  g_assert_true (wait_until (not_busy, window, 60000));
  g_assert_cmpstr (corridor_store_get_path (corridor_window_get_store (window)), ==, a);
  g_auto (GStrv) after_again = recent_setting ();
  g_assert_cmpuint (g_strv_length (after_again), ==, 2);
  g_assert_cmpstr (after_again[0], ==, a);
  g_assert_cmpstr (after_again[1], ==, b);

  /* A full list loses its oldest when another case opens. */
  g_autoptr (GPtrArray) full = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < CORRIDOR_RECENT_MAX; i++)
    {
      g_autofree char *name = g_strdup_printf ("seed-%02u.corridor", i);
      g_ptr_array_add (full, touch (name));
    }
  g_ptr_array_add (full, NULL);
  set_recent_setting ((const char *const *) full->pdata);
  open_and_wait (b, FALSE);
  g_auto (GStrv) capped = recent_setting ();
  g_assert_cmpuint (g_strv_length (capped), ==, CORRIDOR_RECENT_MAX);
  g_assert_cmpstr (capped[0], ==, b);
  g_assert_cmpstr (capped[1], ==, g_ptr_array_index (full, 0));
  g_assert_false (g_strv_contains ((const char *const *) capped,
                                   g_ptr_array_index (full, CORRIDOR_RECENT_MAX - 1)));
  g_autoptr (GPtrArray) menu_full = recent_menu_targets (&n_items);
  g_assert_cmpuint (menu_full->len, ==, CORRIDOR_RECENT_MAX);

  /* A recent case that went away fails to open and leaves the list. */
  const char *seed_gone = g_ptr_array_index (full, 2);
  g_unlink (seed_gone);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-recent",
                                  g_variant_new_string (seed_gone));
  g_assert_true (wait_until (not_busy, window, 60000));
  g_assert_cmpstr (corridor_store_get_path (corridor_window_get_store (window)), ==, b);
  g_auto (GStrv) without = recent_setting ();
  g_assert_false (g_strv_contains ((const char *const *) without, seed_gone));
  for (guint i = 0; i < CORRIDOR_RECENT_MAX; i++)
    g_unlink (g_ptr_array_index (full, i));
  /* The error dialog from the failed open. */
  GList *toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (toplevels);
}

/* --- read-only --- */

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_read_only (void)
{
  ensure_window ();
  const char *c = g_ptr_array_index (copies, 2);
  guint notified = 0;
  g_autofree char *before = NULL;

  g_assert_true (has_accel ("win.open-read-only", "<Shift><Control>o"));
  g_assert_true (file_sha256 (c, &before));
  gulong id = g_signal_connect (window, "notify::read-only", G_CALLBACK (on_notify), &notified);

  open_and_wait (c, TRUE);
  CorridorStore *store = corridor_window_get_store (window);
  g_assert_true (corridor_store_is_read_only (store));
  g_assert_true (corridor_window_get_read_only (window));
  gboolean prop = FALSE;
  g_object_get (window, "read-only", &prop, NULL);
  g_assert_true (prop);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, >, 0);
  g_assert_false (action_enabled ("import"));
  g_assert_false (action_enabled ("import-folder"));
  g_assert_false (action_enabled ("import-paths"));
  g_assert_true (action_enabled ("print"));
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (
      find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_nonnull (strstr (adw_view_switcher_title_get_subtitle (title), "Read-only"));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "read-only"));
  GtkWidget *lock = find_named (GTK_WIDGET (window), "read-only-icon");
  g_assert_nonnull (lock);
  g_assert_true (gtk_widget_get_visible (lock));

  /* An import into it is refused, with a toast, and nothing starts. */
  g_autofree char *chat = g_build_filename (dir, "chat.jsonl", NULL);
  g_assert_true (g_file_set_contents (chat, "{\"id\":\"x\",\"ts\":\"2021-01-01T00:00:00Z\","
                                            "\"sender\":\"a\",\"body\":\"hi\"}\n", -1, NULL));
  const char *paths[] = { chat, NULL };
  corridor_window_import (window, paths, NULL);
  g_assert_false (corridor_window_get_importing (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "import-paths",
                                  g_variant_new_strv (paths, -1));
  g_assert_false (corridor_window_get_importing (window));
  GtkWidget *toast_overlay = find_type (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (toast_overlay);
  spin (100);
  gboolean toast_shown = FALSE;
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  g_ptr_array_add (stack, toast_overlay);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
      if (GTK_IS_LABEL (w) && strstr (gtk_label_get_label (GTK_LABEL (w)), "Could not import") != NULL
          && strstr (gtk_label_get_label (GTK_LABEL (w)), "read-only") != NULL)
        toast_shown = TRUE;
      for (GtkWidget *ch = gtk_widget_get_first_child (w); ch != NULL; ch = gtk_widget_get_next_sibling (ch))
        g_ptr_array_add (stack, ch);
    }
  g_assert_true (toast_shown);
  g_unlink (chat);

  /* Filtering still works: it only reads. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-port", g_variant_new_string ("BEANR"));
  g_assert_true (wait_until (not_busy, window, 30000));
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));

  /* The file was not touched while it was open read-only. */
  g_autofree char *after = NULL;
  g_assert_true (file_sha256 (c, &after));
  g_assert_cmpstr (before, ==, after);

  /* Opened normally again, it may change. */
  open_and_wait (c, FALSE);
  g_assert_false (corridor_window_get_read_only (window));
  g_assert_false (corridor_store_is_read_only (corridor_window_get_store (window)));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (action_enabled ("import"));
  g_assert_null (strstr (adw_view_switcher_title_get_subtitle (title), "Read-only"));
  g_assert_false (gtk_widget_get_visible (lock));
  g_signal_handler_disconnect (window, id);
}

/* `corridor --read-only CASE`: the application opens it read-only. */
typedef struct {
  GtkApplication *app;
  const char     *path;
  gboolean        shown;
  gboolean        read_only;
  gint64          deadline;
} CommandLine;

static gboolean
command_line_poll (gpointer data)
{
  CommandLine *c = data;
  GtkWindow *active = gtk_application_get_active_window (c->app);

  if (CORRIDOR_IS_WINDOW (active) && corridor_window_get_store (CORRIDOR_WINDOW (active)) != NULL
      && !corridor_window_get_busy (CORRIDOR_WINDOW (active)))
    {
      c->shown = g_strcmp0 (corridor_store_get_path (corridor_window_get_store (CORRIDOR_WINDOW (active))),
                            c->path) == 0;
      c->read_only = corridor_window_get_read_only (CORRIDOR_WINDOW (active))
                     && corridor_store_is_read_only (corridor_window_get_store (CORRIDOR_WINDOW (active)));
      g_application_quit (G_APPLICATION (c->app));
      return G_SOURCE_REMOVE;
    }
  if (g_get_monotonic_time () > c->deadline)
    {
      g_application_quit (G_APPLICATION (c->app));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
test_read_only_command_line (void)
{
  g_autoptr (CorridorApplication) other = corridor_application_new ();
  const char *path = g_ptr_array_index (copies, 2);
  char *argv[] = { (char *) "corridor", (char *) "--read-only", (char *) path, NULL };
  CommandLine c = { GTK_APPLICATION (other), path, FALSE, FALSE,
                    g_get_monotonic_time () + 60 * G_USEC_PER_SEC };

  g_timeout_add (20, command_line_poll, &c);
  g_assert_cmpint (g_application_run (G_APPLICATION (other), 3, argv), ==, 0);
  g_assert_true (c.shown);
  g_assert_true (c.read_only);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (other)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  spin (100);
}

/* --- filter controls --- */

static GtkWidget *
header_chips (void)
{
  GtkWidget *header = find_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);
  GtkWidget *chips = find_named (header, "header-filter-chips");
  g_assert_nonnull (chips);
  return chips;
}

static GtkWidget *
chip_for (GtkWidget *chips, const char *action)
{
  for (GtkWidget *c = gtk_widget_get_first_child (chips); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (c), "corridor-action"), action) == 0)
      return c;
  return NULL;
}

static void
open_demo_case (void)
{
  ensure_window ();
  const char *path = corridor_window_get_store (window)
                     ? corridor_store_get_path (corridor_window_get_store (window)) : NULL;
  if (g_strcmp0 (path, demo_path) != 0 || corridor_window_get_read_only (window))
    open_and_wait (demo_path, FALSE);
}

/* A handle on one of the shown shipments. */
static const char *
some_handle (void)
{
  GPtrArray *shown = corridor_window_get_shipments (window);
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      if (s->actors != NULL && s->actors->len > 0)
        return ((CorridorShipmentActor *) g_ptr_array_index (s->actors, 0))->handle;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_header_chips (void)
{
  open_demo_case ();
  GActionGroup *group = G_ACTION_GROUP (window);
  GtkWidget *chips = header_chips ();
  GtkWidget *scroller = gtk_widget_get_ancestor (chips, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *bar_chips = find_named (corridor_window_get_filter_bar (window), "filter-chips");
  g_autofree char *handle = g_strdup (some_handle ());

  g_assert_nonnull (bar_chips);
  g_assert_cmpuint (count_children (chips), ==, 0);
  g_assert_false (gtk_widget_get_visible (chips));
  g_assert_false (gtk_widget_get_visible (scroller));

  g_action_group_activate_action (group, "filter-port", g_variant_new_string ("BEANR"));
  g_action_group_change_action_state (group, "filter-from", g_variant_new_string ("2019-01-01"));
  g_action_group_activate_action (group, "filter-actor", g_variant_new_string (handle));
  g_assert_true (wait_until (not_busy, window, 30000));

  g_assert_true (gtk_widget_get_visible (chips));
  g_assert_true (gtk_widget_get_visible (scroller));
  g_assert_cmpuint (count_children (chips), ==, 3);
  g_assert_cmpuint (count_children (bar_chips), ==, 3);
  g_assert_nonnull (chip_for (chips, "win.filter-port"));
  g_assert_nonnull (chip_for (chips, "win.filter-actor"));
  GtkWidget *from_chip = chip_for (chips, "win.filter-from");
  g_assert_nonnull (from_chip);
  GtkWidget *remove = find_named (from_chip, "filter-chip-remove");
  g_assert_nonnull (remove);
  g_assert_nonnull (gtk_widget_get_tooltip_text (remove));

  /* Its ✕ removes that filter and no other. */
  g_signal_emit_by_name (remove, "clicked");
  g_autofree char *from = state_string ("filter-from");
  g_auto (GStrv) ports = state_strv ("filter-port");
  g_auto (GStrv) actors = state_strv ("filter-actor");
  g_assert_cmpstr (from, ==, "");
  g_assert_cmpuint (g_strv_length (ports), ==, 1);
  g_assert_cmpstr (ports[0], ==, "BEANR");
  g_assert_cmpuint (g_strv_length (actors), ==, 1);
  g_assert_cmpstr (actors[0], ==, handle);
  g_assert_cmpuint (count_children (chips), ==, 2);
  g_assert_cmpuint (count_children (bar_chips), ==, 2);
  g_assert_null (chip_for (chips, "win.filter-from"));

  /* The actor chip's ✕ likewise. */
  remove = find_named (chip_for (chips, "win.filter-actor"), "filter-chip-remove");
  g_signal_emit_by_name (remove, "clicked");
  g_auto (GStrv) actors_after = state_strv ("filter-actor");
  g_auto (GStrv) ports_after = state_strv ("filter-port");
  g_assert_cmpuint (g_strv_length (actors_after), ==, 0);
  g_assert_cmpuint (g_strv_length (ports_after), ==, 1);
  g_assert_cmpuint (count_children (chips), ==, 1);

  /* Shift+Ctrl+BackSpace's action clears the rest; the chips go. */
  g_assert_true (has_accel ("win.filter-clear", "<Shift><Control>BackSpace"));
  g_action_group_activate_action (group, "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
  g_assert_cmpuint (count_children (chips), ==, 0);
  g_assert_false (gtk_widget_get_visible (scroller));
}

static void
test_actor_entry (void)
{
  open_demo_case ();
  GtkWidget *bar = corridor_window_get_filter_bar (window);
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) roles = corridor_store_actor_roles (corridor_window_get_store (window), &error);
  g_assert_no_error (error);

  /* The completion holds the case's handles. */
  g_assert_cmpuint (g_hash_table_size (roles), >, 0);
  g_assert_cmpuint (corridor_filter_bar_get_n_actors (bar), ==, g_hash_table_size (roles));

  GtkWidget *entry = find_named (bar, "filter-actor-entry");
  g_assert_nonnull (entry);
  g_autofree char *handle = g_strdup (some_handle ());
  g_autofree char *padded = g_strdup_printf ("  %s ", handle);
  gtk_editable_set_text (GTK_EDITABLE (entry), padded);
  g_signal_emit_by_name (entry, "activate");
  g_auto (GStrv) actors = state_strv ("filter-actor");
  g_assert_cmpuint (g_strv_length (actors), ==, 1);
  g_assert_cmpstr (actors[0], ==, handle);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (wait_until (not_busy, window, 30000));
  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 0);
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      gboolean has = FALSE;
      for (guint j = 0; j < s->actors->len; j++)
        has |= g_strcmp0 (((CorridorShipmentActor *) g_ptr_array_index (s->actors, j))->handle, handle) == 0;
      g_assert_true (has);
    }
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
}

static void
test_calendar (void)
{
  open_demo_case ();
  GtkWidget *bar = corridor_window_get_filter_bar (window);
  GtkWidget *from_cal = find_named (bar, "filter-from-calendar");
  GtkWidget *to_cal = find_named (bar, "filter-to-calendar");
  g_assert_true (GTK_IS_CALENDAR (from_cal));
  g_assert_true (GTK_IS_CALENDAR (to_cal));
  /* Each sits in a popover of a menu button beside its entry. */
  GtkWidget *popover = gtk_widget_get_ancestor (from_cal, GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (popover)));

  /* A day picked in the From popover sets win.filter-from. */
  g_autoptr (GDateTime) day = g_date_time_new_local (2020, 3, 14, 12, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (from_cal), day);
  g_autofree char *from = state_string ("filter-from");
  g_assert_cmpstr (from, ==, "2020-03-14");

  /* A To day before it is refused and leaves the state. */
  g_autoptr (GDateTime) early = g_date_time_new_local (2019, 1, 2, 12, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (to_cal), early);
  g_autofree char *to = state_string ("filter-to");
  g_assert_cmpstr (to, ==, "");
  g_autoptr (GDateTime) later = g_date_time_new_local (2021, 6, 30, 12, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (to_cal), later);
  g_autofree char *to2 = state_string ("filter-to");
  g_assert_cmpstr (to2, ==, "2021-06-30");

  /* A date set elsewhere shows in the calendar, without setting it back. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "filter-from",
                                      g_variant_new_string ("2020-11-05"));
  g_autoptr (GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (from_cal));
  g_assert_cmpint (g_date_time_get_year (shown), ==, 2020);
  g_assert_cmpint (g_date_time_get_month (shown), ==, 11);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 5);
  g_autofree char *from2 = state_string ("filter-from");
  g_assert_cmpstr (from2, ==, "2020-11-05");
  g_assert_true (wait_until (not_busy, window, 30000));
  GPtrArray *ships = corridor_window_get_shipments (window);
  for (guint i = 0; i < ships->len; i++)
    g_assert_true (corridor_filter_match (corridor_window_get_filter (window),
                                          g_ptr_array_index (ships, i)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
}

static void
test_min_confidence (void)
{
  open_demo_case ();
  GtkWidget *bar = corridor_window_get_filter_bar (window);
  GtkWidget *spin_button = find_named (bar, "filter-min-confidence");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin_button));
  guint n_all = corridor_window_get_shipments (window)->len;

  /* Midway between the case's lowest and highest confidence, on the
   * button's 0.05 grid: some shipments pass, some not. */
  GPtrArray *all = corridor_window_get_shipments (window);
  double lo = 1.0, hi = 0.0;
  for (guint i = 0; i < all->len; i++)
    {
      double c = ((CorridorShipment *) g_ptr_array_index (all, i))->confidence;
      lo = MIN (lo, c);
      hi = MAX (hi, c);
    }
  double min = ceil (((lo + hi) / 2) * 20.0) / 20.0;

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), min);
  g_assert_cmpfloat_with_epsilon (state_double ("filter-min-confidence"), min, 1e-9);
  g_assert_true (wait_until (not_busy, window, 30000));
  GPtrArray *shown = corridor_window_get_shipments (window);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpfloat (((CorridorShipment *) g_ptr_array_index (shown, i))->confidence, >=, min);
  if (hi - lo > 0.1)
    g_assert_cmpuint (shown->len, <, n_all);
  g_assert_nonnull (chip_for (header_chips (), "win.filter-min-confidence"));

  /* The state drives the button too. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "filter-min-confidence",
                                      g_variant_new_double (0.25));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (state_double ("filter-min-confidence"), 0.25, 1e-9);
  /* Its range is 0–1 in steps of 0.05. */
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin_button));
  g_assert_cmpfloat (gtk_adjustment_get_lower (adj), ==, 0.0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_step_increment (adj), 0.05, 1e-9);

  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin_button)), ==, 0.0);
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, n_all);
}

static void
test_status_toggles (void)
{
  open_demo_case ();
  GtkWidget *bar = corridor_window_get_filter_bar (window);
  GtkWidget *inferred = find_named (bar, "inferred");
  GtkWidget *confirmed = find_named (bar, "confirmed");
  GtkWidget *rejected = find_named (bar, "rejected");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (inferred));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (confirmed));
  g_assert_true (GTK_IS_TOGGLE_BUTTON (rejected));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rejected), TRUE);
  g_auto (GStrv) one = state_strv ("filter-status");
  g_assert_cmpuint (g_strv_length (one), ==, 1);
  g_assert_cmpstr (one[0], ==, "rejected");
  g_assert_true (wait_until (not_busy, window, 30000));
  GPtrArray *shown = corridor_window_get_shipments (window);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpint (((CorridorShipment *) g_ptr_array_index (shown, i))->status, ==,
                     CORRIDOR_STATUS_REJECTED);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (inferred), TRUE);
  g_auto (GStrv) two = state_strv ("filter-status");
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  g_assert_true (g_strv_contains ((const char *const *) two, "inferred"));
  g_assert_true (wait_until (not_busy, window, 30000));
  shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 0);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpint (((CorridorShipment *) g_ptr_array_index (shown, i))->status, !=,
                     CORRIDOR_STATUS_CONFIRMED);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (rejected), FALSE);
  g_auto (GStrv) back = state_strv ("filter-status");
  g_assert_cmpuint (g_strv_length (back), ==, 1);
  g_assert_cmpstr (back[0], ==, "inferred");

  /* The state drives the toggles. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-status",
                                  g_variant_new_string ("confirmed"));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (confirmed)));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (inferred)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (rejected)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-clear", NULL);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (confirmed)));
  g_assert_true (wait_until (not_busy, window, 30000));
}

/* Every icon-only control in the bar and the header chips has a tooltip
 * (their accessible labels are set alongside); text controls have text. */
static void
test_tooltips (void)
{
  open_demo_case ();
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  guint icon_only = 0, controls = 0;

  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-port", g_variant_new_string ("NLRTM"));
  g_ptr_array_add (stack, corridor_window_get_filter_bar (window));
  g_ptr_array_add (stack, header_chips ());
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
      if (GTK_IS_MENU_BUTTON (w))
        {
          /* Its inner toggle is the menu button's own. */
          g_assert_nonnull (gtk_widget_get_tooltip_text (w));
          icon_only++;
          g_ptr_array_add (stack, gtk_menu_button_get_popover (GTK_MENU_BUTTON (w)));
          continue;
        }
      if (GTK_IS_BUTTON (w))
        {
          controls++;
          if (gtk_button_get_label (GTK_BUTTON (w)) == NULL)
            {
              g_assert_nonnull (gtk_widget_get_tooltip_text (w));
              icon_only++;
            }
        }
      if (GTK_IS_ENTRY (w) && !GTK_IS_SPIN_BUTTON (w))
        {
          controls++;
          g_assert_nonnull (gtk_entry_get_placeholder_text (GTK_ENTRY (w)));
        }
      if (GTK_IS_SPIN_BUTTON (w))
        {
          controls++;
          g_assert_nonnull (gtk_widget_get_tooltip_text (w));
        }
      /* Their arrows and completion popups are GTK's own. */
      if (GTK_IS_ENTRY (w) || GTK_IS_SPIN_BUTTON (w) || GTK_IS_CALENDAR (w))
        continue;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  /* Two calendar buttons, hide, two chip buttons; entries, toggles, spin. */
  g_assert_cmpuint (icon_only, >=, 5);
  g_assert_cmpuint (controls, >=, 14);
  g_action_group_activate_action (G_ACTION_GROUP (window), "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
}

/* The header and the filter bar under it, as one image. */
static void
save_header_png (const char *name)
{
  GtkWidget *header = find_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  GtkWidget *column = gtk_widget_get_parent (header);
  GtkWidget *bar = corridor_window_get_filter_bar (window);
  graphene_rect_t bounds;
  int w = gtk_widget_get_width (column);

  g_assert_true (gtk_widget_compute_bounds (bar, column, &bounds));
  int h = (int) ceil (bounds.origin.y + bounds.size.height);
  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, gtk_widget_get_height (header));
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (column);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, gtk_widget_get_height (column));
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (column));
  g_autoptr (GdkTexture) texture = gsk_renderer_render_texture (renderer, node,
                                                                &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

static void
test_screenshot (void)
{
  open_demo_case ();
  GActionGroup *group = G_ACTION_GROUP (window);

  g_action_group_activate_action (group, "show-filters", NULL);
  g_action_group_activate_action (group, "filter-port", g_variant_new_string ("BEANR"));
  g_action_group_change_action_state (group, "filter-from", g_variant_new_string ("2020-01-01"));
  g_action_group_change_action_state (group, "filter-to", g_variant_new_string ("2021-12-31"));
  g_action_group_change_action_state (group, "filter-min-confidence", g_variant_new_double (0.5));
  g_assert_true (wait_until (not_busy, window, 30000));
  spin (600);  /* the revealer's slide */
  save_header_png ("gui-filters.png");
  g_action_group_activate_action (group, "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
}

static void
remove_dir (void)
{
  corridor_test_remove_dir (dir);
  g_clear_pointer (&dir, g_free);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;

  dir = g_dir_make_tmp ("corridor-gui-cases-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (dir, "demo.corridor", NULL);
  if (!corridor_demo_build (demo_path, &error))
    g_error ("could not build the demo case: %s", error->message);
  /* Copies made before anything opens the demo, so each is whole. */
  copies = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy-%u.corridor", i);
      char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GFile) src = g_file_new_for_path (demo_path);
      g_autoptr (GFile) dst = g_file_new_for_path (path);
      if (!g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        g_error ("could not copy the demo case: %s", error->message);
      g_ptr_array_add (copies, path);
    }

  g_test_add_func ("/cases/recent/push", test_recent_push);
  g_test_add_func ("/cases/recent/open", test_recent_open);
  g_test_add_func ("/cases/read-only", test_read_only);
  g_test_add_func ("/cases/read-only-command-line", test_read_only_command_line);
  g_test_add_func ("/filters/header-chips", test_header_chips);
  g_test_add_func ("/filters/actor-entry", test_actor_entry);
  g_test_add_func ("/filters/calendar", test_calendar);
  g_test_add_func ("/filters/min-confidence", test_min_confidence);
  g_test_add_func ("/filters/status", test_status_toggles);
  g_test_add_func ("/filters/tooltips", test_tooltips);
  g_test_add_func ("/filters/screenshot", test_screenshot);

  int ret = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  g_clear_object (&app);
  g_clear_pointer (&copies, g_ptr_array_unref);
  g_clear_pointer (&demo_path, g_free);
  remove_dir ();
  return ret;
}
