/* corridor-test-gui.h: what the GUI suites share: main()'s start (a
 * display and the registered application) and the removal of the cases
 * and directories they made, running the main loop until a condition holds, a window made through the application as
 * `corridor` makes it, a demo case opened in it, and widgets saved as PNG
 * artifacts in G_TEST_BUILDDIR. Header-only, like the other test helpers;
 * each suite includes it once. */
#pragma once

#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-demo.h"

typedef gboolean (*CorridorTestCondition) (gpointer data);

/* What every GUI suite's main() does first: g_test_init, GTK on a
 * display, and the application registered as `corridor` registers it.
 * Returns NULL when there is no display (main() then returns 77, the
 * "skipped" code); otherwise the application (owned). */
static inline CorridorApplication *
corridor_test_gui_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  CorridorApplication *app;

  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("no display; run under xvfb-run\n");
      return NULL;
    }
  app = corridor_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("could not register the application: %s", error->message);
  return app;
}

/* Removes the case file @path with its SQLite -wal and -shm files; does
 * nothing when @path is NULL. */
static inline void
corridor_test_remove_case (const char *path)
{
  if (path == NULL)
    return;
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", NULL };
       *suffix != NULL; suffix++)
    {
      g_autofree char *p = g_strconcat (path, *suffix, NULL);
      g_unlink (p);
    }
}

/* Removes the files in the directory @dir, then @dir itself (not
 * recursive: the suites keep flat directories); NULL does nothing. */
static inline void
corridor_test_remove_dir (const char *dir)
{
  if (dir == NULL)
    return;
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

/* Runs the main loop until @cond holds or @timeout_ms passes. */
static inline gboolean
corridor_test_wait_until (CorridorTestCondition cond, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static inline gboolean
corridor_test_never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @ms. */
static inline void
corridor_test_spin (guint ms)
{
  corridor_test_wait_until (corridor_test_never, NULL, ms);
}

static inline gboolean
corridor_test_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static inline gboolean
corridor_test_not_busy (gpointer data)
{
  return !corridor_window_get_busy (CORRIDOR_WINDOW (data));
}

/* The application's window, as `corridor` with no arguments makes it,
 * mapped and done loading the basemap. */
static inline CorridorWindow *
corridor_test_gui_window (CorridorApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (active == NULL)
    {
      g_application_activate (G_APPLICATION (app));
      active = gtk_application_get_active_window (GTK_APPLICATION (app));
    }
  g_assert_true (CORRIDOR_IS_WINDOW (active));
  g_assert_true (corridor_test_wait_until (corridor_test_is_mapped, active, 5000));
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, active, 30000));
  return CORRIDOR_WINDOW (active);
}

/* The first widget under @widget (itself included, depth first) whose
 * name is @name, or NULL. */
static inline GtkWidget *
corridor_test_find_named (GtkWidget *widget, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = corridor_test_find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget under @widget (itself included, depth first) of @type,
 * or NULL. */
static inline GtkWidget *
corridor_test_find_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = corridor_test_find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline guint
corridor_test_count_children (GtkWidget *widget)
{
  guint n = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* corridor_test_gui_window into *@window, which is cleared when the
 * window goes (a weak pointer). */
static inline void
corridor_test_gui_keep_window (CorridorApplication *app, CorridorWindow **window)
{
  *window = corridor_test_gui_window (app);
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
}

/* Builds the demo case at @dir/demo.corridor (once) and opens it in
 * @window, waiting until it shows. Returns the case path (owned). */
static inline char *
corridor_test_gui_open_demo (CorridorWindow *window, const char *dir)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "demo.corridor", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !corridor_demo_build (path, &error))
    g_error ("could not build the demo case: %s", error->message);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  corridor_window_open_case (window, file);
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 60000));
  g_assert_nonnull (corridor_window_get_store (window));
  return path;
}

/* Renders @widget as it is on screen into @name in G_TEST_BUILDDIR, kept
 * as a test artifact (one screenshot per view). */
static inline void
corridor_test_save_widget_png (GtkWidget *widget, const char *name)
{
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  g_assert_cmpint (w, >, 0);
  g_assert_cmpint (h, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  /* gtk_snapshot_free_to_node consumes the snapshot. */
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr (GdkTexture) texture = gsk_renderer_render_texture (renderer, node,
                                                                &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}
