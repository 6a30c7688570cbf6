/* test-gui.c: the GUI in a real window under Xvfb: the window maps and draws
 * the world, gestures and keys move the viewport, a pan frame reuses the
 * cached image, settings actions reach the renderer, cases and layers load
 * (and fail) without taking the app down, the briefing prints (headless,
 * to PDF) and exports, the map exports as shown in PNG, SVG and PDF, each
 * logged in the case's audit log, and the window size is saved. Chats
 * import into a new case and an open one with a progress bar that can
 * cancel (leaving the case as it was), and a click on a corridor fills the
 * evidence pane with the messages behind each fact, controls revealed.
 * Leaves gui-map.png, gui-window.png, gui-evidence.png and gui-print.pdf in
 * G_TEST_BUILDDIR as artifacts. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>

#include "corridor-config.h"
#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-map-view.h"
#include "corridor-demo.h"
#include "corridor-style.h"
#include "corridor-store.h"
#include "corridor-error.h"
#include "corridor-evidence-panel.h"
#include "corridor-evidence-row.h"
#include "corridor-renderer.h"
#include "corridor-test-gui.h"
#include <stdlib.h>
#include <string.h>

static CorridorApplication *app;
static CorridorWindow *window;
/* The demo case that test_open_demo_case opens stays open (and on disk)
 * for the print and export tests; main() removes it. */
static char *demo_dir;
static char *demo_path;

#define wait_until  corridor_test_wait_until
#define spin        corridor_test_spin
#define not_busy    corridor_test_not_busy
#define is_mapped   corridor_test_is_mapped
#define never       corridor_test_never
#define save_widget_png corridor_test_save_widget_png
#define find_named  corridor_test_find_named
#define count_children corridor_test_count_children

typedef struct {
  CorridorMapView *view;
  guint            count;
} RenderWait;

static gboolean
rendered_more (gpointer data)
{
  RenderWait *w = data;
  return corridor_map_view_get_render_count (w->view) > w->count;
}

static CorridorMapView *
get_view (void)
{
  return corridor_window_get_map_view (window);
}

static CorridorViewport *
get_viewport (void)
{
  return corridor_map_view_get_viewport (get_view ());
}

/* The window every test shares, created through the application the way
 * `corridor` with no arguments creates it. */
static void
ensure_window (void)
{
  if (window != NULL)
    return;
  g_application_activate (G_APPLICATION (app));
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CORRIDOR_IS_WINDOW (active));
  window = CORRIDOR_WINDOW (active);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (wait_until (is_mapped, window, 5000));
  g_assert_true (wait_until (not_busy, window, 30000));
}

/* Calls the map view's snapshot directly, as a frame would. */
static void
snapshot_view (CorridorMapView *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;  /* the widget keeps it alive */
    }
  return NULL;
}

static gboolean
basemap_available (void)
{
  const char *dir = g_getenv ("CORRIDOR_MAPS_DIR");
  g_autofree char *land = g_build_filename (dir ? dir : CORRIDOR_SOURCE_MAPS_DIR,
                                            "land-110m.shp", NULL);
  return g_file_test (land, G_FILE_TEST_EXISTS);
}

static void
pixel_at (cairo_surface_t *image, int x, int y, double rgb[3])
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (image));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (image));
  cairo_surface_flush (image);
  const guint8 *row = cairo_image_surface_get_data (image)
                      + (gsize) y * cairo_image_surface_get_stride (image);
  guint32 argb = ((const guint32 *) row)[x];
  double a = ((argb >> 24) & 0xff) / 255.0;
  g_assert_cmpfloat (a, >, 0.0);
  rgb[0] = ((argb >> 16) & 0xff) / 255.0 / a;
  rgb[1] = ((argb >> 8) & 0xff) / 255.0 / a;
  rgb[2] = (argb & 0xff) / 255.0 / a;
}

static gboolean
is_sea (const double rgb[3])
{
  return fabs (rgb[0] - corridor_style_sea.r) < 0.03
         && fabs (rgb[1] - corridor_style_sea.g) < 0.03
         && fabs (rgb[2] - corridor_style_sea.b) < 0.03;
}

/* --- tests --- */

static void
test_window_maps (void)
{
  ensure_window ();

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Corridor"));
  g_assert_true (corridor_window_is_empty (window));

  CorridorMapView *view = get_view ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (view)));
  RenderWait w = { view, 0 };
  g_assert_true (wait_until (rendered_more, &w, 5000));

  /* The viewport follows the widget's allocation. */
  g_assert_cmpint (corridor_viewport_get_width (get_viewport ()), ==,
                   gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_cmpint (corridor_viewport_get_height (get_viewport ()), ==,
                   gtk_widget_get_height (GTK_WIDGET (view)));
}

static void
test_map_pixels (void)
{
  ensure_window ();
  if (!basemap_available ())
    {
      g_test_skip ("the basemap (maps/land-110m.shp) is not there");
      return;
    }
  g_assert_nonnull (corridor_renderer_get_basemap (corridor_window_get_renderer (window)));

  CorridorMapView *view = get_view ();
  CorridorViewport *vp = get_viewport ();
  spin (150);  /* let any pending interaction settle */
  corridor_map_view_zoom_reset (view);
  snapshot_view (view);

  cairo_surface_t *image = corridor_map_view_get_cached_image (view);
  g_assert_nonnull (image);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, corridor_viewport_get_width (vp));

  double px, py, rgb[3];
  corridor_viewport_geo_to_pixel (vp, -37.0, 27.0, &px, &py);   /* mid-Atlantic */
  pixel_at (image, (int) px, (int) py, rgb);
  g_assert_true (is_sea (rgb));
  corridor_viewport_geo_to_pixel (vp, -52.0, -12.0, &px, &py);  /* Brazil */
  pixel_at (image, (int) px, (int) py, rgb);
  g_assert_false (is_sea (rgb));

  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".",
                                            "gui-map.png", NULL);
  g_assert_cmpint (cairo_surface_write_to_png (image, path), ==, CAIRO_STATUS_SUCCESS);
}

static void
test_drag_pans_without_render (void)
{
  ensure_window ();
  CorridorMapView *view = get_view ();
  CorridorViewport *vp = get_viewport ();
  GtkEventController *drag = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_DRAG);
  g_assert_nonnull (drag);

  spin (150);
  snapshot_view (view);  /* make sure the cache fits the current view */
  g_assert_nonnull (corridor_map_view_get_cached_image (view));

  double cx = corridor_viewport_get_center_x (vp), cy = corridor_viewport_get_center_y (vp);
  double scale = corridor_viewport_get_scale (vp);
  guint renders = corridor_map_view_get_render_count (view);

  g_signal_emit_by_name (drag, "drag-begin", 200.0, 200.0);
  g_signal_emit_by_name (drag, "drag-update", 30.0, 10.0);
  g_signal_emit_by_name (drag, "drag-update", 60.0, 20.0);
  /* A frame mid-pan only moves the cached image. */
  snapshot_view (view);
  g_assert_cmpuint (corridor_map_view_get_render_count (view), ==, renders);
  g_signal_emit_by_name (drag, "drag-end", 60.0, 20.0);

  /* Content follows the pointer: dragging right shows what lies west. */
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_center_x (vp), cx - 60.0 / scale, 1e-9);
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_center_y (vp), cy + 20.0 / scale, 1e-9);
  g_assert_cmpfloat (corridor_viewport_get_scale (vp), ==, scale);

  /* Once still, the map is drawn properly again. */
  RenderWait w = { view, renders };
  g_assert_true (wait_until (rendered_more, &w, 3000));
}

static void
test_scroll_zooms (void)
{
  ensure_window ();
  CorridorMapView *view = get_view ();
  CorridorViewport *vp = get_viewport ();
  GtkEventController *scroll = find_controller (GTK_WIDGET (view),
                                                GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GtkEventController *motion = find_controller (GTK_WIDGET (view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_assert_nonnull (scroll);
  g_assert_nonnull (motion);

  corridor_map_view_zoom_reset (view);
  double scale = corridor_viewport_get_scale (vp);
  double px = 300.0, py = 200.0, lon0, lat0, lon1, lat1;
  g_signal_emit_by_name (motion, "motion", px, py);
  corridor_viewport_pixel_to_geo (vp, px, py, &lon0, &lat0);

  gboolean handled = FALSE;
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_scale (vp), scale * 1.25, 1e-9);
  /* The point under the pointer stays put. */
  corridor_viewport_pixel_to_geo (vp, px, py, &lon1, &lat1);
  g_assert_cmpfloat_with_epsilon (lon0, lon1, 1e-6);
  g_assert_cmpfloat_with_epsilon (lat0, lat1, 1e-6);

  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_scale (vp), scale, 1e-9);
}

static void
test_keys (void)
{
  ensure_window ();
  CorridorMapView *view = get_view ();
  CorridorViewport *vp = get_viewport ();
  GtkEventController *keys = find_controller (GTK_WIDGET (view), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;
  g_assert_nonnull (keys);

  corridor_map_view_zoom_reset (view);
  double scale = corridor_viewport_get_scale (vp);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_plus, 0u, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
  double zoomed = corridor_viewport_get_scale (vp);
  g_assert_cmpfloat (zoomed, >, scale);

  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_minus, 0u, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (corridor_viewport_get_scale (vp), <, zoomed);

  double cx = corridor_viewport_get_center_x (vp);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0u, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (corridor_viewport_get_center_x (vp), >, cx);

  /* Ctrl combinations are the window's accelerators, not the map's. */
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_plus, 0u, GDK_CONTROL_MASK, &handled);
  g_assert_false (handled);
}

static void
test_actions (void)
{
  ensure_window ();
  CorridorMapView *view = get_view ();
  CorridorViewport *vp = get_viewport ();
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);
  GActionGroup *group = G_ACTION_GROUP (window);

  /* The accelerators are registered. */
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "win.zoom-in");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>plus"));

  corridor_map_view_zoom_reset (view);
  double scale = corridor_viewport_get_scale (vp);
  g_action_group_activate_action (group, "zoom-in", NULL);
  g_assert_cmpfloat (corridor_viewport_get_scale (vp), >, scale);
  g_action_group_activate_action (group, "zoom-reset", NULL);
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_scale (vp), scale, 1e-9);

  /* The graticule toggle is the GSettings key. */
  g_assert_true (g_settings_get_boolean (settings, "show-graticule"));
  g_assert_true (corridor_renderer_get_flags (renderer) & CORRIDOR_RENDER_GRATICULE);
  g_action_group_activate_action (group, "show-graticule", NULL);
  g_assert_false (g_settings_get_boolean (settings, "show-graticule"));
  g_assert_false (corridor_renderer_get_flags (renderer) & CORRIDOR_RENDER_GRATICULE);
  g_action_group_activate_action (group, "show-graticule", NULL);
  g_assert_true (corridor_renderer_get_flags (renderer) & CORRIDOR_RENDER_GRATICULE);

  g_action_group_activate_action (group, "projection", g_variant_new_string ("mercator"));
  g_assert_cmpint (corridor_viewport_get_projection (vp), ==, CORRIDOR_PROJECTION_MERCATOR);
  RenderWait w = { view, corridor_map_view_get_render_count (view) };
  g_assert_true (wait_until (rendered_more, &w, 3000));
  g_settings_set_string (settings, "projection", "equirectangular");
  g_assert_cmpint (corridor_viewport_get_projection (vp), ==,
                   CORRIDOR_PROJECTION_EQUIRECTANGULAR);
}

static void
test_pointer_position (void)
{
  ensure_window ();
  CorridorMapView *view = get_view ();
  CorridorViewport *vp = get_viewport ();
  GtkEventController *motion = find_controller (GTK_WIDGET (view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);
  double px, py;

  corridor_map_view_zoom_reset (view);
  corridor_viewport_geo_to_pixel (vp, 4.31, 51.28, &px, &py);
  g_signal_emit_by_name (motion, "motion", px, py);
  g_assert_cmpfloat_with_epsilon (corridor_map_view_get_pointer_lon (view), 4.31, 1e-6);
  g_assert_cmpfloat_with_epsilon (corridor_map_view_get_pointer_lat (view), 51.28, 1e-6);

  g_signal_emit_by_name (motion, "leave");
  g_assert_true (isnan (corridor_map_view_get_pointer_lon (view)));
  g_assert_true (isnan (corridor_map_view_get_pointer_lat (view)));
}

static gboolean
has_message_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* borrowed */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          if (data != NULL)
            *(GtkWindow **) data = GTK_WINDOW (w);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_toplevel_of_type (gpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  GListModel *toplevels = gtk_window_get_toplevels ();  /* borrowed */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return TRUE;
    }
  return FALSE;
}

static void
close_toplevels_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i - 1);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        gtk_window_destroy (GTK_WINDOW (w));
    }
}

/* The shortcuts window and the about window build from their resources. */
static void
test_help_and_about (void)
{
  ensure_window ();

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  g_assert_true (wait_until (has_toplevel_of_type, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW),
                             3000));
  close_toplevels_of_type (GTK_TYPE_SHORTCUTS_WINDOW);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (wait_until (has_toplevel_of_type, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW),
                             3000));
  close_toplevels_of_type (ADW_TYPE_ABOUT_WINDOW);
}

/* Every window action a person triggers directly (no parameter) has a
 * shortcut, and every shortcut is listed in the Keyboard Shortcuts window.
 * The exceptions are the few that only make sense as buttons. */
static void
test_every_action_has_shortcut (void)
{
  static const char *const buttons_only[] = {
    "cancel-import",    /* the import bar's Cancel button */
    "clear-selection",  /* the list's Show All button */
    "show-help-overlay",
    NULL
  };
  ensure_window ();
  g_autoptr (GBytes) bytes = g_resources_lookup_data ("/org/corridor/Corridor/gtk/help-overlay.ui",
                                                      0, NULL);
  g_assert_nonnull (bytes);
  g_autofree char *overlay = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto (GStrv) names = g_action_group_list_actions (G_ACTION_GROUP (window));

  for (guint i = 0; names[i] != NULL; i++)
    {
      const GVariantType *param = g_action_group_get_action_parameter_type (G_ACTION_GROUP (window),
                                                                            names[i]);
      g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                    names[i]);
      /* Parameterised ones are driven by widgets or other actions; a boolean
       * state is a toggle and takes no parameter. */
      if (param != NULL || g_strv_contains (buttons_only, names[i])
          || (state != NULL && !g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN)))
        continue;
      g_autofree char *detailed = g_strconcat ("win.", names[i], NULL);
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     detailed);
      if (accels[0] == NULL)
        g_test_fail_printf ("%s has no shortcut", detailed);
      for (guint k = 0; accels[k] != NULL; k++)
        {
          g_autofree char *escaped = g_markup_escape_text (accels[k], -1);
          /* The overlay lists the first one of each; keypad twins may be left out. */
          if (k == 0 && strstr (overlay, escaped) == NULL)
            g_test_fail_printf ("%s (%s) is not in the Keyboard Shortcuts window", detailed,
                                accels[k]);
        }
    }
}

static void
test_open_bad_case (void)
{
  ensure_window ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("corridor-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "notes.corridor", NULL);
  g_assert_true (g_file_set_contents (path, "these are not the shipments you are looking for\n",
                                      -1, &error));
  g_assert_no_error (error);
  CorridorStore *before = corridor_window_get_store (window);

  g_autoptr (GFile) file = g_file_new_for_path (path);
  corridor_window_open_case (window, file);
  g_assert_true (wait_until (not_busy, window, 10000));

  /* The error is shown and the window carries on as it was. */
  GtkWindow *dialog = NULL;
  g_assert_true (wait_until (has_message_dialog, &dialog, 3000));
  g_assert_true (corridor_window_get_store (window) == before);
  gtk_window_destroy (dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_add_layer (void)
{
  ensure_window ();
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  guint n = corridor_renderer_get_n_layers (renderer);

  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/roads.shp");
  corridor_window_add_layer (window, missing);
  g_assert_true (corridor_window_get_busy (window));
  g_assert_true (wait_until (not_busy, window, 10000));
  g_assert_cmpuint (corridor_renderer_get_n_layers (renderer), ==, n);

  if (!basemap_available ())
    {
      g_test_skip ("no shapefile in the maps folder to add as a layer");
      return;
    }
  const char *maps = g_getenv ("CORRIDOR_MAPS_DIR");
  g_autofree char *path = g_build_filename (maps ? maps : CORRIDOR_SOURCE_MAPS_DIR,
                                            "land-110m.shp", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  RenderWait w = { get_view (), corridor_map_view_get_render_count (get_view ()) };
  corridor_window_add_layer (window, file);
  g_assert_true (wait_until (not_busy, window, 10000));
  g_assert_cmpuint (corridor_renderer_get_n_layers (renderer), ==, n + 1);
  g_assert_true (wait_until (rendered_more, &w, 3000));
}

static void
test_open_demo_case (void)
{
  ensure_window ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("corridor-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "demo.corridor", NULL);

  if (!corridor_demo_build (path, &error))
    {
      g_test_fail_printf ("could not build the demo case: %s", error->message);
      return;
    }
  CorridorMapView *view = get_view ();
  double scale = corridor_viewport_get_scale (get_viewport ());
  g_autoptr (GFile) file = g_file_new_for_path (path);
  corridor_window_open_case (window, file);
  g_assert_false (corridor_window_is_empty (window));
  g_assert_true (wait_until (not_busy, window, 30000));

  g_assert_nonnull (corridor_window_get_store (window));
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  g_assert_cmpuint (corridor_renderer_get_n_routes (renderer), >, 0);
  g_assert_cmpuint (corridor_renderer_get_n_ports (renderer), >, 0);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Corridor — "));
  /* The view fits the Atlantic, closer than the whole world. */
  g_assert_cmpfloat (corridor_viewport_get_scale (get_viewport ()), >, scale);

  RenderWait w = { view, corridor_map_view_get_render_count (view) };
  g_assert_true (wait_until (rendered_more, &w, 5000));
  spin (200);
  save_widget_png (GTK_WIDGET (window), "gui-window.png");

  /* Kept open for the print and export tests. */
  demo_dir = g_steal_pointer (&dir);
  demo_path = g_steal_pointer (&path);
}

/* --- filters --- */

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

static gboolean
touches (const CorridorShipment *s, const char *locode)
{
  for (guint i = 0; i < s->n_stops; i++)
    if (g_strcmp0 (s->stops[i].locode, locode) == 0)
      return TRUE;
  return FALSE;
}

static cairo_surface_t *
map_image_copy (void)
{
  CorridorMapView *view = get_view ();
  snapshot_view (view);
  cairo_surface_t *image = corridor_map_view_get_cached_image (view);
  g_assert_nonnull (image);
  cairo_surface_flush (image);
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  cairo_surface_t *copy = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (copy);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (copy);
  return copy;
}

static gboolean
images_differ (cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  if (h != cairo_image_surface_get_height (b)
      || cairo_image_surface_get_width (a) != cairo_image_surface_get_width (b))
    return TRUE;
  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (size_t) cairo_image_surface_get_stride (a) * h) != 0;
}

static int compare_strings (gconstpointer a, gconstpointer b);

static void
test_filters (void)
{
  ensure_window ();
  if (demo_path == NULL)
    {
      g_test_skip ("the demo case did not open");
      return;
    }
  GActionGroup *group = G_ACTION_GROUP (window);
  CorridorStore *store = corridor_window_get_store (window);
  g_autoptr (GError) error = NULL;
  g_assert_true (wait_until (not_busy, window, 30000));
  guint n_all = corridor_window_get_shipments (window)->len;
  cairo_surface_t *before = map_image_copy ();

  /* A range that holds some of BEANR's shipments: from the median departure on. */
  g_autoptr (CorridorFilter) port_only = corridor_filter_new ();
  g_ptr_array_add (port_only->ports, g_strdup ("BEANR"));
  g_autoptr (GPtrArray) beanr = corridor_store_query_shipments (store, port_only, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) dates = g_ptr_array_new ();
  for (guint i = 0; i < beanr->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (beanr, i);
      if (s->departed != NULL)
        g_ptr_array_add (dates, s->departed);
    }
  g_assert_cmpuint (dates->len, >=, 2);
  g_ptr_array_sort (dates, compare_strings);
  g_autofree char *from = g_strdup (g_ptr_array_index (dates, dates->len / 2));
  g_autofree char *to = g_strdup ("2099-12-31");

  g_action_group_activate_action (group, "filter-port", g_variant_new_string ("BEANR"));
  g_action_group_change_action_state (group, "filter-from", g_variant_new_string (from));
  g_action_group_change_action_state (group, "filter-to", g_variant_new_string (to));
  g_assert_true (wait_until (not_busy, window, 30000));

  /* (a) what the window shows is what the store gives for the same filter. */
  g_autoptr (CorridorFilter) expected_filter = corridor_filter_copy (port_only);
  expected_filter->from = g_strdup (from);
  expected_filter->to = g_strdup (to);
  g_autoptr (GPtrArray) expected = corridor_store_query_shipments (store, expected_filter, &error);
  g_assert_no_error (error);
  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 0);
  g_assert_cmpuint (shown->len, <, n_all);
  g_assert_cmpuint (shown->len, ==, expected->len);
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      const CorridorShipment *e = g_ptr_array_index (expected, i);
      g_assert_cmpstr (s->id, ==, e->id);
      g_assert_true (touches (s, "BEANR"));
      g_assert_true (corridor_filter_match (expected_filter, s));
    }
  g_assert_cmpuint (g_list_model_get_n_items (corridor_evidence_panel_get_shipments (
                      CORRIDOR_EVIDENCE_PANEL (corridor_window_get_evidence_panel (window)))), <=, shown->len);

  /* (c) the map draws fewer shipments. */
  RenderWait w = { get_view (), corridor_map_view_get_render_count (get_view ()) };
  wait_until (rendered_more, &w, 3000);
  cairo_surface_t *filtered = map_image_copy ();
  g_assert_true (images_differ (before, filtered));
  cairo_surface_destroy (before);
  cairo_surface_destroy (filtered);

  /* (d) invalid values leave the state as it was. */
  g_action_group_change_action_state (group, "filter-from", g_variant_new_string ("2021-02-30"));
  g_action_group_change_action_state (group, "filter-to", g_variant_new_string ("yesterday"));
  g_action_group_change_action_state (group, "filter-to", g_variant_new_string ("1999-01-01"));
  g_action_group_activate_action (group, "filter-port", g_variant_new_string ("Atlantis"));
  g_action_group_change_action_state (group, "filter-min-confidence", g_variant_new_double (1.5));
  g_autofree char *from_state = state_string ("filter-from");
  g_autofree char *to_state = state_string ("filter-to");
  g_auto (GStrv) ports = state_strv ("filter-port");
  g_assert_cmpstr (from_state, ==, from);
  g_assert_cmpstr (to_state, ==, to);
  g_assert_cmpuint (g_strv_length (ports), ==, 1);
  g_assert_cmpstr (ports[0], ==, "BEANR");
  g_assert_true (wait_until (not_busy, window, 30000));
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, expected->len);

  /* (b) a chip per active filter; the port chip's button removes it. */
  GtkWidget *chips = find_named (corridor_window_get_filter_bar (window), "filter-chips");
  g_assert_nonnull (chips);
  g_assert_cmpuint (count_children (chips), ==, 3);
  GtkWidget *port_chip = NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (chips); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (c), "corridor-action"), "win.filter-port") == 0)
      port_chip = c;
  g_assert_nonnull (port_chip);
  GtkWidget *remove = find_named (port_chip, "filter-chip-remove");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_auto (GStrv) ports_after = state_strv ("filter-port");
  g_assert_cmpuint (g_strv_length (ports_after), ==, 0);
  g_assert_cmpuint (count_children (chips), ==, 2);
  g_assert_true (wait_until (not_busy, window, 30000));
  for (guint i = 0; i < corridor_window_get_shipments (window)->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (corridor_window_get_shipments (window), i);
      g_assert_true (corridor_filter_match (corridor_window_get_filter (window), s));
    }

  /* Ctrl+F's action shows the bar. */
  GtkWidget *bar = corridor_window_get_filter_bar (window);
  g_action_group_activate_action (group, "show-filters", NULL);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (bar))));
  spin (300);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, bar));
  g_assert_true (GTK_IS_TEXT (focus));

  /* Cleared, the window shows everything again for the tests after. */
  g_action_group_activate_action (group, "filter-clear", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, n_all);
  g_assert_cmpuint (count_children (chips), ==, 0);
}

static void
remove_demo_case (void)
{
  if (demo_path == NULL)
    return;
  corridor_test_remove_case (demo_path);
  g_rmdir (demo_dir);
  g_clear_pointer (&demo_path, g_free);
  g_clear_pointer (&demo_dir, g_free);
}

/* --- printing and exporting --- */

/* TRUE when one of @action's accelerators is @expected (compared parsed,
 * since GTK may spell modifiers in another order). */
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

static void
test_print_actions_need_case (void)
{
  ensure_window ();
  GActionGroup *group = G_ACTION_GROUP (window);
  static const char *const names[] = { "print", "export-map", "export-brief" };

  g_assert_true (corridor_window_is_empty (window));
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (g_action_group_has_action (group, names[i]));
      g_assert_false (g_action_group_get_action_enabled (group, names[i]));
    }
  /* The settings need no case. */
  g_assert_true (g_action_group_get_action_enabled (group, "brief-settings"));
  g_assert_true (has_accel ("win.print", "<Control>p"));
  g_assert_true (has_accel ("win.export-map", "<Shift><Control>e"));

  /* Activating a disabled action does nothing, and the direct calls refuse. */
  g_action_group_activate_action (group, "print", NULL);
  g_assert_false (corridor_window_get_busy (window));
  g_autoptr (GError) error = NULL;
  g_assert_false (corridor_window_export_map_to_file (window, "/nonexistent/x.png", &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
}

static gboolean
file_starts_with (const char *path, const char *prefix)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return length >= strlen (prefix) && memcmp (contents, prefix, strlen (prefix)) == 0;
}

/* Runs a poppler tool on @path; NULL (and the test notes it) when the tool
 * is missing. */
static char *
poppler (const char *tool, const char *path)
{
  g_autofree char *program = g_find_program_in_path (tool);
  if (program == NULL)
    {
      g_test_message ("%s is not installed; skipping that check", tool);
      return NULL;
    }
  const char *argv[] = { program, path, "-", NULL };
  if (g_strcmp0 (tool, "pdfinfo") == 0)
    argv[2] = NULL;
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static int
pdf_pages (const char *info)
{
  const char *line = strstr (info, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static int
count_occurrences (const char *haystack, const char *needle)
{
  int n = 0;
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static gboolean
have_demo_case (void)
{
  ensure_window ();
  if (demo_path == NULL || corridor_window_get_store (window) == NULL)
    {
      g_test_skip ("the demo case did not open");
      return FALSE;
    }
  return TRUE;
}

static void
test_print_to_file (void)
{
  if (!have_demo_case ())
    return;
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);
  GActionGroup *group = G_ACTION_GROUP (window);
  CorridorStore *store = corridor_window_get_store (window);
  g_autoptr (GError) error = NULL;

  /* With the case open the actions are there to use. */
  g_assert_true (g_action_group_get_action_enabled (group, "print"));
  g_assert_true (g_action_group_get_action_enabled (group, "export-map"));
  g_assert_true (g_action_group_get_action_enabled (group, "export-brief"));

  g_settings_set_string (settings, "classification-marking", "GUI TEST MARKING");
  gint64 audit = corridor_store_count_audit (store);
  /* Kept as an artifact, like the PNGs. */
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "gui-print.pdf",
                                            NULL);
  g_unlink (path);
  g_assert_true (corridor_window_print_to_file (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (file_starts_with (path, "%PDF"));
  g_assert_cmpint (corridor_store_count_audit (store), ==, audit + 1);
  g_assert_true (corridor_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);

  g_autofree char *info = poppler ("pdfinfo", path);
  int pages = 0;
  if (info != NULL)
    {
      pages = pdf_pages (info);
      g_test_message ("printed %d page(s)", pages);
      g_assert_cmpint (pages, >=, 1);
      /* The default page setup: A4 landscape (841.89 x 595.28 pt). */
      g_assert_nonnull (strstr (info, "841.89 x 595.2"));
    }
  /* The marking from the settings is on every page, top and bottom. */
  g_autofree char *text = poppler ("pdftotext", path);
  if (text != NULL && pages > 0)
    g_test_message ("marking found %d times", count_occurrences (text, "GUI TEST MARKING"));
  if (text != NULL && pages > 0)
    g_assert_cmpint (count_occurrences (text, "GUI TEST MARKING"), >=, 2 * pages);

  g_settings_reset (settings, "classification-marking");
}

static void
test_export_map (void)
{
  if (!have_demo_case ())
    return;
  CorridorStore *store = corridor_window_get_store (window);
  CorridorViewport *vp = get_viewport ();
  int w = corridor_viewport_get_width (vp), h = corridor_viewport_get_height (vp);
  gint64 audit = corridor_store_count_audit (store);
  g_autoptr (GError) error = NULL;

  g_autofree char *png = g_build_filename (demo_dir, "map.png", NULL);
  g_assert_true (corridor_window_export_map_to_file (window, png, &error));
  g_assert_no_error (error);
  cairo_surface_t *image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, h);
  /* It is the map: sea in the South Atlantic (clear of the demo's lanes,
   * which cross the mid-Atlantic), when the basemap is there. */
  double px, py, rgb[3];
  corridor_viewport_geo_to_pixel (vp, -22.0, -26.0, &px, &py);
  if (basemap_available () && px >= 0 && py >= 0 && px < w && py < h)
    {
      pixel_at (image, (int) px, (int) py, rgb);
      g_assert_true (is_sea (rgb));
    }
  cairo_surface_destroy (image);

  g_autofree char *svg = g_build_filename (demo_dir, "map.svg", NULL);
  g_assert_true (corridor_window_export_map_to_file (window, svg, &error));
  g_assert_no_error (error);
  g_autofree char *contents = NULL;
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_autofree char *size = g_strdup_printf ("width=\"%d", w);
  g_assert_nonnull (strstr (contents, size));

  g_autofree char *pdf = g_build_filename (demo_dir, "map.PDF", NULL);
  g_assert_true (corridor_window_export_map_to_file (window, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (file_starts_with (pdf, "%PDF"));

  g_assert_cmpint (corridor_store_count_audit (store), ==, audit + 3);

  /* An unknown format and an unwritable folder are errors, logged nowhere. */
  g_assert_false (corridor_window_export_map_to_file (window, "/tmp/map.tiff", &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (corridor_window_export_map_to_file (window, "/nonexistent/map.png", &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpint (corridor_store_count_audit (store), ==, audit + 3);

  /* No temporary file is left behind. */
  g_autoptr (GDir) dir = g_dir_open (demo_dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (name[0] == '.');

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
}

static void
test_export_brief (void)
{
  if (!have_demo_case ())
    return;
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);
  CorridorStore *store = corridor_window_get_store (window);
  gint64 audit = corridor_store_count_audit (store);
  g_autoptr (GError) error = NULL;

  g_settings_set_string (settings, "paper", "a3");
  g_settings_set_string (settings, "orientation", "portrait");
  g_autofree char *path = g_build_filename (demo_dir, "briefing.pdf", NULL);
  g_assert_true (corridor_window_export_brief_to_file (window, path, &error));
  g_assert_no_error (error);
  g_settings_reset (settings, "paper");
  g_settings_reset (settings, "orientation");
  g_assert_true (file_starts_with (path, "%PDF"));
  g_assert_cmpint (corridor_store_count_audit (store), ==, audit + 1);

  g_autofree char *info = poppler ("pdfinfo", path);
  if (info != NULL)
    {
      g_assert_cmpint (pdf_pages (info), >=, 1);
      g_assert_nonnull (strstr (info, "841.89 x 1190.55"));  /* A3 portrait */
    }
  g_unlink (path);
}

/* The print dialog, when it is showing; its type registers on first use,
 * and gtk/gtkunixprint.h is outside the dependencies the tests link. */
static gboolean
find_print_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* borrowed */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (g_strcmp0 (G_OBJECT_TYPE_NAME (w), "GtkPrintUnixDialog") == 0
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          if (data != NULL)
            *(GtkWidget **) data = GTK_WIDGET (w);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
find_file_chooser (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* borrowed */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(GtkWidget **) data = GTK_WIDGET (w);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
chooser_in_demo_dir (gpointer chooser)
{
  g_autoptr (GFile) folder = gtk_file_chooser_get_current_folder (chooser);
  return folder != NULL && g_strcmp0 (g_file_peek_path (folder), demo_dir) == 0;
}

static gboolean
exported (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) && not_busy (window);
}

/* win.export-map as the analyst uses it: the save dialog (GTK's own under
 * Xvfb, where no portal runs), a name typed without an extension and the
 * SVG filter chosen; the file gets the extension and the audit log a row. */
static void
test_export_map_dialog (void)
{
  if (!have_demo_case ())
    return;
  CorridorStore *store = corridor_window_get_store (window);
  gint64 audit = corridor_store_count_audit (store);
  GtkWidget *dialog = NULL;
  g_autoptr (GError) error = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (window), "export-map", NULL);
  g_assert_true (wait_until (find_file_chooser, &dialog, 5000));
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);

  g_autoptr (GListModel) filters = gtk_file_chooser_get_filters (chooser);
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
  g_autoptr (GtkFileFilter) svg_filter = g_list_model_get_item (filters, 1);
  gtk_file_chooser_set_filter (chooser, svg_filter);
  g_autofree char *typed = g_build_filename (demo_dir, "typed", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (demo_dir);
  /* The chooser loads folders asynchronously; a name typed before the
   * folder has loaded is lost. */
  spin (300);
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (chooser_in_demo_dir, chooser, 5000));
  spin (300);
  gtk_file_chooser_set_current_name (chooser, "typed");
  g_autoptr (GFile) chosen = gtk_file_chooser_get_file (chooser);
  g_assert_cmpstr (g_file_peek_path (chosen), ==, typed);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  /* The chooser checks the name asynchronously before it responds. */
  g_autofree char *expected = g_build_filename (demo_dir, "typed.svg", NULL);
  g_assert_true (wait_until (exported, expected, 10000));
  g_assert_true (file_starts_with (expected, "<?xml") || file_starts_with (expected, "<svg"));
  g_assert_cmpint (corridor_store_count_audit (store), ==, audit + 1);
  g_unlink (expected);
}

/* win.print prepares the brief off the main thread, then shows the print
 * dialog; cancelling it prints and logs nothing. */
static void
test_print_dialog_cancel (void)
{
  if (!have_demo_case ())
    return;
  CorridorStore *store = corridor_window_get_store (window);
  gint64 audit = corridor_store_count_audit (store);
  GtkWidget *dialog = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (window), "print", NULL);
  g_assert_true (corridor_window_get_busy (window));
  /* Pressed again while the brief is prepared: still one dialog. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "print", NULL);
  g_assert_true (wait_until (not_busy, window, 30000));
  g_assert_true (wait_until (find_print_dialog, &dialog, 5000));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* A second Ctrl+P while the dialog is up opens no second one. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "print", NULL);
  g_assert_false (corridor_window_get_busy (window));

  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_dialogs = 0;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      n_dialogs += g_strcmp0 (G_OBJECT_TYPE_NAME (w), "GtkPrintUnixDialog") == 0;
    }
  g_assert_cmpuint (n_dialogs, ==, 1);

  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  spin (300);
  g_assert_false (find_print_dialog (NULL));
  g_assert_cmpint (corridor_store_count_audit (store), ==, audit);
}

static void
test_brief_settings_window (void)
{
  ensure_window ();
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);

  g_action_group_activate_action (G_ACTION_GROUP (window), "brief-settings", NULL);
  g_assert_true (wait_until (has_toplevel_of_type,
                             GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW), 3000));

  /* The rows are bound to the keys both ways. */
  GtkWidget *prefs = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_PREFERENCES_WINDOW (w))
        prefs = GTK_WIDGET (w);
    }
  g_assert_nonnull (prefs);
  AdwComboRow *paper = NULL;
  AdwEntryRow *marking = NULL;
  for (GtkWidget *w = gtk_widget_get_first_child (prefs); w != NULL;)
    {
      if (ADW_IS_COMBO_ROW (w) && paper == NULL)
        paper = ADW_COMBO_ROW (w);
      if (ADW_IS_ENTRY_ROW (w))
        marking = ADW_ENTRY_ROW (w);
      /* depth-first walk */
      GtkWidget *next = gtk_widget_get_first_child (w);
      while (next == NULL && w != prefs)
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      w = next;
    }
  g_assert_nonnull (paper);
  g_assert_nonnull (marking);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (marking)), ==, "RESTRICTED");
  g_assert_cmpuint (adw_combo_row_get_selected (paper), ==, 0);
  adw_combo_row_set_selected (paper, 2);
  g_autofree char *value = g_settings_get_string (settings, "paper");
  g_assert_cmpstr (value, ==, "letter");
  gtk_editable_set_text (GTK_EDITABLE (marking), "EU RESTRICTED");
  g_autofree char *m = g_settings_get_string (settings, "classification-marking");
  g_assert_cmpstr (m, ==, "EU RESTRICTED");

  close_toplevels_of_type (ADW_TYPE_PREFERENCES_WINDOW);
  g_settings_reset (settings, "paper");
  g_settings_reset (settings, "classification-marking");
}

/* --- importing and the evidence pane --- */

/* A window of their own for the import tests, with the fixture's case. */
static CorridorWindow *import_window;
static char *import_dir;
static char *import_case;

static gboolean
not_importing (gpointer data)
{
  return !corridor_window_get_importing (CORRIDOR_WINDOW (data));
}

typedef struct {
  double     max_fraction;
  double     last_fraction;
  GPtrArray *labels;   /* every text the import label showed */
} ProgressSeen;

static void
on_fraction (GtkProgressBar *bar, GParamSpec *pspec, ProgressSeen *seen)
{
  double f = gtk_progress_bar_get_fraction (bar);
  seen->max_fraction = MAX (seen->max_fraction, f);
  seen->last_fraction = f;
}

static void
on_import_label (GtkLabel *label, GParamSpec *pspec, ProgressSeen *seen)
{
  g_ptr_array_add (seen->labels, g_strdup (gtk_label_get_label (label)));
}

static GtkWidget *
template_child (CorridorWindow *w, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (w), CORRIDOR_TYPE_WINDOW, name);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gboolean
saw_label_containing (ProgressSeen *seen, const char *needle)
{
  for (guint i = 0; i < seen->labels->len; i++)
    if (strstr (g_ptr_array_index (seen->labels, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
watch_progress (CorridorWindow *w, ProgressSeen *seen)
{
  seen->max_fraction = seen->last_fraction = -1;
  seen->labels = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (template_child (w, "import_progress"), "notify::fraction",
                    G_CALLBACK (on_fraction), seen);
  g_signal_connect (template_child (w, "import_label"), "notify::label",
                    G_CALLBACK (on_import_label), seen);
}

static void
unwatch_progress (CorridorWindow *w, ProgressSeen *seen)
{
  g_signal_handlers_disconnect_by_data (template_child (w, "import_progress"), seen);
  g_signal_handlers_disconnect_by_data (template_child (w, "import_label"), seen);
}

/* Closes the import report dialog and returns its heading. */
static char *
close_report_dialog (void)
{
  GtkWindow *dialog = NULL;
  g_assert_true (wait_until (has_message_dialog, &dialog, 3000));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (dialog)), ==, "import-report");
  char *heading = g_strdup (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
  gtk_window_destroy (dialog);
  return heading;
}

static guint
count_sources (CorridorStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sources = corridor_store_list_sources (store, &error);
  g_assert_no_error (error);
  return sources->len;
}

static char *
fixture (const char *dir, const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR") ?: ".", "fixtures", dir, name, NULL);
}

/* No case open: the chats go into a new case, which the window then shows;
 * the progress bar names the file and reaches the end; the report dialog
 * follows. A second import through win.import-paths adds to the same case. */
static void
test_import_new_case (void)
{
  g_autoptr (GError) error = NULL;
  ProgressSeen seen = { 0 };

  import_window = corridor_window_new (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (import_window), (gpointer *) &import_window);
  gtk_window_set_default_size (GTK_WINDOW (import_window), 1100, 700);
  gtk_window_present (GTK_WINDOW (import_window));
  g_assert_true (wait_until (is_mapped, import_window, 5000));
  g_assert_true (wait_until (not_busy, import_window, 30000));
  GActionGroup *group = G_ACTION_GROUP (import_window);
  g_assert_true (g_action_group_get_action_enabled (group, "import"));
  g_assert_false (g_action_group_get_action_enabled (group, "cancel-import"));
  g_assert_true (has_accel ("win.import", "<Control>i"));
  g_assert_true (has_accel ("win.show-evidence", "F9"));

  import_dir = g_dir_make_tmp ("corridor-gui-import-XXXXXX", &error);
  g_assert_no_error (error);
  import_case = g_build_filename (import_dir, "chats.corridor", NULL);
  g_autofree char *chats = fixture ("gui", "shipment.jsonl");
  const char *paths[] = { chats, NULL };

  watch_progress (import_window, &seen);
  corridor_window_import (import_window, paths, import_case);
  g_assert_true (corridor_window_get_importing (import_window));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (template_child (import_window,
                                                                               "import_revealer"))));
  g_assert_true (g_action_group_get_action_enabled (group, "cancel-import"));
  g_assert_false (g_action_group_get_action_enabled (group, "import"));
  g_assert_true (wait_until (not_importing, import_window, 60000));
  unwatch_progress (import_window, &seen);

  /* A file this small may be read before the bar first draws (the cancel
   * test sees a file named); inference always shows last. */
  g_assert_true (saw_label_containing (&seen, "inferring"));
  g_clear_pointer (&seen.labels, g_ptr_array_unref);
  g_assert_cmpfloat (seen.max_fraction, ==, 1.0);
  g_assert_cmpfloat (seen.last_fraction, ==, 1.0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (template_child (import_window,
                                                                                "import_revealer"))));
  g_autofree char *heading = close_report_dialog ();
  g_assert_cmpstr (heading, ==, "Import Finished");
  const char *report = corridor_window_get_import_report (import_window);
  g_assert_nonnull (strstr (report, "4 read, 4 imported"));
  g_assert_nonnull (strstr (report, "1 shipments"));

  /* The window shows the new case: its store, its corridor on the map. */
  CorridorStore *store = corridor_window_get_store (import_window);
  g_assert_nonnull (store);
  g_assert_cmpstr (corridor_store_get_path (store), ==, import_case);
  g_assert_cmpint (corridor_store_count_messages (store), ==, 4);
  g_assert_cmpint (corridor_store_count_shipments (store), ==, 1);
  CorridorRenderer *renderer = corridor_window_get_renderer (import_window);
  g_assert_cmpuint (corridor_renderer_get_n_routes (renderer), ==, 1);
  g_assert_cmpstr (corridor_renderer_get_route (renderer, 0)->key, ==, "ECGYE>BEANR");
  g_assert_false (corridor_window_is_empty (import_window));

  /* Into the open case, through the action, with a folder-free second file. */
  g_autofree char *more = fixture ("import", "good.jsonl");
  const char *more_paths[] = { more, NULL };
  g_action_group_activate_action (group, "import-paths", g_variant_new_strv (more_paths, -1));
  g_assert_true (corridor_window_get_importing (import_window));
  g_assert_true (wait_until (not_importing, import_window, 60000));
  g_free (close_report_dialog ());
  g_assert_true (corridor_window_get_store (import_window) == store);
  g_assert_cmpint (corridor_store_count_messages (store), ==, 7);
  g_assert_cmpuint (count_sources (store), ==, 2);
}

/* A refused file is reported in the dialog; the good one beside it stays. */
static void
test_import_refused (void)
{
  g_assert_nonnull (import_window);
  CorridorStore *store = corridor_window_get_store (import_window);
  gint64 before = corridor_store_count_messages (store);
  g_autofree char *bad = fixture ("import", "bad.jsonl");
  g_autofree char *good = fixture ("import", "good.csv");
  const char *paths[] = { good, bad, NULL };

  corridor_window_import (import_window, paths, NULL);
  g_assert_true (wait_until (not_importing, import_window, 60000));
  g_autofree char *heading = close_report_dialog ();
  g_assert_cmpstr (heading, ==, "Some Files Were Refused");
  const char *report = corridor_window_get_import_report (import_window);
  g_assert_nonnull (strstr (report, "bad.jsonl:"));
  g_assert_cmpint (corridor_store_count_messages (store), >, before);
}

/* A big file, cancelled once the bar has moved: the case is as it was
 * before the import (the file in progress is one transaction), the bar
 * goes away and no dialog interrupts the analyst. */
static void
test_import_cancel (void)
{
  g_autoptr (GError) error = NULL;
  ProgressSeen seen = { 0 };

  g_assert_nonnull (import_window);
  CorridorStore *store = corridor_window_get_store (import_window);
  gint64 messages = corridor_store_count_messages (store);
  gint64 shipments = corridor_store_count_shipments (store);
  guint sources = count_sources (store);

  g_autofree char *big = g_build_filename (import_dir, "big.jsonl", NULL);
  GString *text = g_string_sized_new (32 << 20);
  for (guint i = 0; i < 250000; i++)
    g_string_append_printf (text, "{\"id\": \"big-%u\", \"ts\": \"2021-03-01T10:00:00Z\", "
                            "\"from\": \"h%u\", \"to\": \"h%u\", \"body\": \"load %u leaves "
                            "Santos for Rotterdam\"}\n", i, i % 97, (i + 1) % 97, i);
  g_assert_true (g_file_set_contents (big, text->str, text->len, &error));
  g_assert_no_error (error);
  g_string_free (text, TRUE);

  const char *paths[] = { big, NULL };
  watch_progress (import_window, &seen);
  corridor_window_import (import_window, paths, NULL);
  /* Cancel once the importer has reported part of the file. */
  while (seen.max_fraction <= 0.0 && corridor_window_get_importing (import_window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (corridor_window_get_importing (import_window));
  g_assert_cmpfloat (seen.max_fraction, <, 1.0);
  g_assert_true (saw_label_containing (&seen, "big.jsonl"));
  g_action_group_activate_action (G_ACTION_GROUP (import_window), "cancel-import", NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (import_window, "import_label"))),
                   ==, "Cancelling…");
  g_assert_true (wait_until (not_importing, import_window, 60000));
  unwatch_progress (import_window, &seen);
  g_clear_pointer (&seen.labels, g_ptr_array_unref);

  g_assert_false (has_message_dialog (NULL));
  g_assert_true (corridor_window_get_store (import_window) == store);
  g_assert_cmpint (corridor_store_count_messages (store), ==, messages);
  g_assert_cmpint (corridor_store_count_shipments (store), ==, shipments);
  g_assert_cmpuint (count_sources (store), ==, sources);
  g_assert_true (corridor_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (import_window), "import"));
  g_unlink (big);
}

static gboolean
panel_lists_shipments (gpointer data)
{
  return g_list_model_get_n_items (corridor_evidence_panel_get_shipments (data)) > 0;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The evidence rows' message ids, sorted, each once. */
static char *
row_message_ids (CorridorEvidencePanel *panel)
{
  GListModel *rows = corridor_evidence_panel_get_rows (panel);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (CorridorEvidenceRow) row = g_list_model_get_item (rows, i);
      const char *id = corridor_evidence_row_get_message_id (row);
      if (corridor_evidence_row_get_kind (row) == CORRIDOR_EVIDENCE_ROW_MESSAGE
          && g_hash_table_add (seen, (gpointer) id))
        g_ptr_array_add (ids, (gpointer) id);
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static CorridorEvidenceRow *
find_row (CorridorEvidencePanel *panel, CorridorEvidenceRowKind kind, const char *field,
          const char *message_id)
{
  GListModel *rows = corridor_evidence_panel_get_rows (panel);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (CorridorEvidenceRow) row = g_list_model_get_item (rows, i);
      if (corridor_evidence_row_get_kind (row) == kind
          && g_strcmp0 (corridor_evidence_row_get_field (row), field) == 0
          && (message_id == NULL
              || g_strcmp0 (corridor_evidence_row_get_message_id (row), message_id) == 0))
        return row;  /* the model keeps it */
    }
  return NULL;
}

/* The text of every mapped label under @widget, a line each. */
static void
collect_label_texts (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_label_texts (c, out);
}

static gboolean
panel_shows_mark (gpointer data)
{
  g_autoptr (GString) shown = g_string_new (NULL);
  collect_label_texts (GTK_WIDGET (data), shown);
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0
         && strstr (shown->str, "⟦RLO⟧RNA⟦PDF⟧") != NULL;
}

/* A pixel on the corridor's sea route, halfway along it. */
static void
corridor_pixel (CorridorWindow *w, double *x, double *y)
{
  CorridorRenderer *renderer = corridor_window_get_renderer (w);
  const CorridorRoute *route = corridor_renderer_get_route (renderer, 0);
  CorridorViewport *vp = corridor_map_view_get_viewport (corridor_window_get_map_view (w));

  g_assert_nonnull (route->sea);
  const double *pt = (const double *) route->sea->points->data;
  guint n = route->sea->points->len / 2;
  guint k = n / 2;
  g_assert_cmpuint (n, >=, 2);
  /* The middle of one segment, so the hit is on the line, not a vertex. */
  double ax, ay, bx, by;
  corridor_viewport_geo_to_pixel (vp, pt[2 * (k - 1)], pt[2 * (k - 1) + 1], &ax, &ay);
  corridor_viewport_geo_to_pixel (vp, pt[2 * k], pt[2 * k + 1], &bx, &by);
  *x = (ax + bx) / 2;
  *y = (ay + by) / 2;
}

/* A click on the corridor lists its shipment; the shipment's facts carry
 * the messages behind them with the spans highlighted; a message with a
 * right-to-left override shows it as a visible mark, never acting. A
 * click on open sea clears; win.select-shipment selects again. */
static void
test_evidence_panel (void)
{
  g_assert_nonnull (import_window);
  CorridorWindow *w = import_window;
  CorridorEvidencePanel *panel = CORRIDOR_EVIDENCE_PANEL (corridor_window_get_evidence_panel (w));
  CorridorMapView *view = corridor_window_get_map_view (w);
  RenderWait rw = { view, corridor_map_view_get_render_count (view) };

  spin (300);
  wait_until (rendered_more, &rw, 3000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  double x, y;
  corridor_pixel (w, &x, &y);
  GtkEventController *click = find_controller (GTK_WIDGET (view), GTK_TYPE_GESTURE_CLICK);
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "released", 1, x, y);

  g_assert_true (wait_until (panel_lists_shipments, panel, 2000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  GListModel *ids = corridor_evidence_panel_get_shipments (panel);
  g_assert_cmpuint (g_list_model_get_n_items (ids), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (ids), 0), ==, "s-1");
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel), ==, "s-1");

  /* The same messages as the shipment's evidence list (what `corridor
   * shipments` prints): g-1, g-2, g-3 of the fixture, j-1 of the second
   * import (the same container), and not the football chat g-4. */
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) shipments = corridor_store_query_shipments (corridor_window_get_store (w),
                                                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shipments->len, ==, 1);
  CorridorShipment *s1 = g_ptr_array_index (shipments, 0);
  g_autoptr (GPtrArray) expected = g_ptr_array_new ();
  for (guint i = 0; s1->evidence[i] != NULL; i++)
    g_ptr_array_add (expected, s1->evidence[i]);
  g_ptr_array_sort (expected, compare_strings);
  g_ptr_array_add (expected, NULL);
  g_autofree char *want = g_strjoinv (",", (char **) expected->pdata);
  g_autofree char *listed = row_message_ids (panel);
  g_assert_cmpstr (listed, ==, want);
  g_assert_cmpstr (listed, ==, "g-1,g-2,g-3,j-1");

  /* Facts with their values and the span behind them highlighted. */
  CorridorEvidenceRow *origin = find_row (panel, CORRIDOR_EVIDENCE_ROW_FACT, "origin", NULL);
  g_assert_nonnull (origin);
  g_assert_cmpstr (corridor_evidence_row_get_value (origin), ==, "Guayaquil (ECGYE)");
  CorridorEvidenceRow *why = find_row (panel, CORRIDOR_EVIDENCE_ROW_MESSAGE, "origin", "g-1");
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (corridor_evidence_row_get_markup (why), "underline=\"single\">Guayaquil</span>"));
  g_assert_nonnull (strstr (corridor_evidence_row_get_meta (why), "tiburon9 → scheldekat"));
  g_assert_nonnull (strstr (corridor_evidence_row_get_meta (why), "2021-02-08 10:00 -05:00"));
  g_assert_true (g_str_has_suffix (corridor_evidence_row_get_source (why), "shipment.jsonl"));
  g_assert_nonnull (find_row (panel, CORRIDOR_EVIDENCE_ROW_MESSAGE, "containers", "g-2"));
  g_assert_nonnull (find_row (panel, CORRIDOR_EVIDENCE_ROW_FACT, "actor", NULL));

  /* g-3 carries U+202E: shown as a mark, and nowhere as the character. */
  gboolean marked = FALSE;
  GListModel *rows = corridor_evidence_panel_get_rows (panel);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (CorridorEvidenceRow) row = g_list_model_get_item (rows, i);
      const char *markup = corridor_evidence_row_get_markup (row);
      if (markup == NULL)
        continue;
      g_autofree char *text = NULL;
      g_assert_null (strstr (markup, "\u202E"));
      g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL));
      if (g_strcmp0 (corridor_evidence_row_get_message_id (row), "g-3") == 0)
        marked |= strstr (text, "⟦RLO⟧RNA⟦PDF⟧") != NULL
                  && strstr (markup, "<span foreground=\"#c01c28\" weight=\"bold\">⟦RLO⟧</span>");
    }
  g_assert_true (marked);

  /* What the labels on screen say, once the pane has been laid out. */
  g_assert_true (wait_until (panel_shows_mark, panel, 10000));
  spin (200);
  g_autoptr (GString) shown = g_string_new (NULL);
  collect_label_texts (GTK_WIDGET (panel), shown);
  g_assert_nonnull (strstr (shown->str, "⟦RLO⟧RNA⟦PDF⟧"));
  g_assert_null (strstr (shown->str, "\u202E"));
  g_assert_nonnull (strstr (shown->str, "Guayaquil → Antwerp"));
  save_widget_png (GTK_WIDGET (w), "gui-evidence.png");

  /* Open sea in a corner: nothing selected. */
  g_signal_emit_by_name (click, "released", 1, 3.0, 3.0);
  g_assert_cmpuint (g_list_model_get_n_items (ids), ==, 0);
  g_assert_null (corridor_evidence_panel_get_shipment_id (panel));

  g_action_group_activate_action (G_ACTION_GROUP (w), "select-shipment",
                                  g_variant_new_string ("s-1"));
  g_assert_cmpuint (g_list_model_get_n_items (ids), ==, 1);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel), ==, "s-1");
  g_action_group_change_action_state (G_ACTION_GROUP (w), "show-evidence",
                                      g_variant_new_boolean (FALSE));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_action_group_change_action_state (G_ACTION_GROUP (w), "show-evidence",
                                      g_variant_new_boolean (TRUE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
}

/* Message bodies become markup that parses, with every span highlighted
 * once and everything else escaped. */
static void
test_body_markup (void)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (int));
  int pairs[] = { 0, 3, 2, 5, 40, 90, 7, 7 };

  g_autofree char *plain = corridor_evidence_body_markup ("a <b>&\a", NULL);
  g_assert_cmpstr (plain, ==, "a &lt;b&gt;&amp;<span foreground=\"#c01c28\" weight=\"bold\">⟦U+0007⟧</span>");

  g_array_append_vals (spans, pairs, G_N_ELEMENTS (pairs));
  g_autofree char *merged = corridor_evidence_body_markup ("ñandú <x> cargo", spans);
  g_assert_true (pango_parse_markup (merged, -1, 0, NULL, NULL, NULL, NULL));
  /* 0–3 and 2–5 merge into one; 40–90 is past the end; 7–7 is empty. */
  g_assert_cmpstr (merged, ==, "<span background=\"#f9f06b\" foreground=\"#241f31\" "
                               "underline=\"single\">ñandú</span> &lt;x&gt; cargo");

  /* A literal "⟦" in the text: the marks are still there, unstyled. */
  g_autofree char *literal = corridor_evidence_body_markup ("⟦RLO⟧ \u202E", NULL);
  g_assert_cmpstr (literal, ==, "⟦RLO⟧ ⟦RLO⟧");
  /* Invalid UTF-8: shown, never highlighted at a guessed offset. */
  g_autofree char *invalid = corridor_evidence_body_markup ("ab\xff", spans);
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_nonnull (strstr (invalid, "⟦0xFF⟧"));
  g_assert_null (strstr (invalid, "background"));
}

static void
remove_import_case (void)
{
  if (import_window != NULL)
    gtk_window_destroy (GTK_WINDOW (import_window));
  if (import_case == NULL)
    return;
  corridor_test_remove_case (import_case);
  g_rmdir (import_dir);
  g_clear_pointer (&import_case, g_free);
  g_clear_pointer (&import_dir, g_free);
}

static void
test_size_saved_on_close (void)
{
  ensure_window ();
  g_autoptr (GSettings) settings = g_settings_new (CORRIDOR_APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  spin (200);
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  g_assert_null (window);  /* closed and destroyed */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window comes back at the saved size. */
  CorridorWindow *again = corridor_window_new (GTK_APPLICATION (app));
  int w, h;
  gtk_window_get_default_size (GTK_WINDOW (again), &w, &h);
  g_assert_cmpint (w, ==, 900);
  g_assert_cmpint (h, ==, 640);
  gtk_window_destroy (GTK_WINDOW (again));
}

int
main (int argc, char **argv)
{
  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;

  g_test_add_func ("/gui/window/maps", test_window_maps);
  g_test_add_func ("/gui/map/pixels", test_map_pixels);
  g_test_add_func ("/gui/map/drag", test_drag_pans_without_render);
  g_test_add_func ("/gui/map/scroll", test_scroll_zooms);
  g_test_add_func ("/gui/map/keys", test_keys);
  g_test_add_func ("/gui/map/pointer", test_pointer_position);
  g_test_add_func ("/gui/window/actions", test_actions);
  g_test_add_func ("/gui/window/help-and-about", test_help_and_about);
  g_test_add_func ("/gui/window/every-action-has-shortcut", test_every_action_has_shortcut);
  g_test_add_func ("/gui/window/open-bad-case", test_open_bad_case);
  g_test_add_func ("/gui/window/add-layer", test_add_layer);
  g_test_add_func ("/gui/window/print-needs-a-case", test_print_actions_need_case);
  g_test_add_func ("/gui/window/open-demo-case", test_open_demo_case);
  g_test_add_func ("/gui/window/print-to-file", test_print_to_file);
  g_test_add_func ("/gui/window/export-map", test_export_map);
  g_test_add_func ("/gui/window/export-brief", test_export_brief);
  g_test_add_func ("/gui/window/print-dialog", test_print_dialog_cancel);
  g_test_add_func ("/gui/window/export-map-dialog", test_export_map_dialog);
  g_test_add_func ("/gui/window/brief-settings", test_brief_settings_window);
  g_test_add_func ("/gui/window/filters", test_filters);
  /* In this order, on one window and case: import, then read the evidence. */
  g_test_add_func ("/gui/import/new-case", test_import_new_case);
  g_test_add_func ("/gui/import/refused", test_import_refused);
  g_test_add_func ("/gui/import/cancel", test_import_cancel);
  g_test_add_func ("/gui/import/evidence-panel", test_evidence_panel);
  g_test_add_func ("/gui/evidence/body-markup", test_body_markup);
  g_test_add_func ("/gui/window/size-saved", test_size_saved_on_close);

  int ret = g_test_run ();
  remove_import_case ();
  remove_demo_case ();
  g_clear_object (&app);
  return ret;
}
