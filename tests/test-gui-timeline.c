/* test-gui-timeline.c: the timeline under the map in a real window under
 * Xvfb. Without a case it has no bins and cannot play; with the demo case
 * its bins hold every dated shown shipment, the measure switches to
 * kilograms, a drag across it sets win.filter-from/-to to the dates under
 * the pointer (and the window then shows only shipments in that range,
 * with the axis still spanning the whole case) while a click clears them,
 * the keyboard selects and applies whole bins, scrolling zooms into day
 * bins and back, and Play narrows the map's routes until stopped or until
 * the end of the span. Leaves gui-timeline.png in G_TEST_BUILDDIR. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-renderer.h"
#include "corridor-filter.h"
#include "app/corridor-timeline.h"
#include "corridor-test-gui.h"

static CorridorApplication *app;
static CorridorWindow *window;
static char *demo_dir;
static char *demo_path;
static GPtrArray *all_shipments;   /* the demo case's shipments, unfiltered */

static CorridorTimeline *
get_timeline (void)
{
  GtkWidget *slot = GTK_WIDGET (corridor_window_get_slot (window, "timeline"));
  for (GtkWidget *c = gtk_widget_get_first_child (slot); c; c = gtk_widget_get_next_sibling (c))
    if (CORRIDOR_IS_TIMELINE (c))
      return CORRIDOR_TIMELINE (c);
  g_assert_not_reached ();
  return NULL;
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

/* Depth-first, the @n-th descendant of @root of @type. */
static GtkWidget *
find_nth (GtkWidget *root, GType type, guint *n)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && (*n)-- == 0)
        return c;
      GtkWidget *found = find_nth (c, type, n);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_toggle (GtkWidget *root, const char *label)
{
  for (guint i = 0;; i++)
    {
      guint n = i;
      GtkWidget *w = find_nth (root, GTK_TYPE_TOGGLE_BUTTON, &n);
      if (w == NULL)
        return NULL;
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        return w;
    }
}

static char *
state_string (const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), action);
  return g_variant_dup_string (state, NULL);
}

static gboolean
state_boolean (const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), action);
  return g_variant_get_boolean (state);
}

static guint
bins_total (const CorridorTimelineBins *bins)
{
  guint total = 0;

  for (guint i = 0; i < bins->n_bins; i++)
    total += bins->counts[i];
  return total;
}

static guint
count_dated (GPtrArray *shipments)
{
  guint n = 0;

  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (corridor_date_is_valid (s->departed) || corridor_date_is_valid (s->arrived))
        n++;
    }
  return n;
}

static gboolean
has_height (gpointer data)
{
  return gtk_widget_get_height (GTK_WIDGET (data)) > 0;
}

static void
ensure_demo (void)
{
  if (window == NULL)
    {
      corridor_test_gui_keep_window (app, &window);
    }
  if (demo_path == NULL)
    {
      demo_path = corridor_test_gui_open_demo (window, demo_dir);
      all_shipments = g_ptr_array_ref (corridor_window_get_shipments (window));
    }
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  g_assert_true (corridor_test_wait_until (corridor_test_is_mapped, get_timeline (), 5000));
  g_assert_true (corridor_test_wait_until (has_height, get_timeline (), 5000));
}

static void
emit_drag (GtkWidget *chart, double x0, double x1)
{
  GtkEventController *drag = find_controller (chart, GTK_TYPE_GESTURE_DRAG);
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", x0, 40.0);
  if (x1 != x0)
    {
      g_signal_emit_by_name (drag, "drag-update", (x1 - x0) / 2, 0.0);
      g_signal_emit_by_name (drag, "drag-update", x1 - x0, 0.0);
    }
  g_signal_emit_by_name (drag, "drag-end", x1 - x0, 0.0);
}

static gboolean
press_key (GtkWidget *chart, guint keyval, GdkModifierType state)
{
  GtkEventController *keys = find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0u, state, &handled);
  return handled;
}

/* The shown shipments all lie (by corridor_filter_match) in [from, to],
 * and they are every shipment of the case that does. */
static void
assert_shown_in_range (const char *from, const char *to)
{
  g_autoptr (CorridorFilter) range = corridor_filter_new ();
  range->from = g_strdup (from);
  range->to = g_strdup (to);
  GPtrArray *shown = corridor_window_get_shipments (window);
  guint expected = 0;

  for (guint i = 0; i < shown->len; i++)
    g_assert_true (corridor_filter_match (range, g_ptr_array_index (shown, i)));
  for (guint i = 0; i < all_shipments->len; i++)
    expected += corridor_filter_match (range, g_ptr_array_index (all_shipments, i));
  g_assert_cmpuint (shown->len, ==, expected);
}

static void
test_empty_without_case (void)
{
  corridor_test_gui_keep_window (app, &window);
  CorridorTimeline *timeline = get_timeline ();

  g_assert_true (corridor_window_is_empty (window));
  g_assert_cmpuint (corridor_timeline_get_bins (timeline)->n_bins, ==, 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "timeline-play"));
  g_assert_null (corridor_timeline_date_at (timeline, 50));
  g_assert_true (isnan (corridor_timeline_x_for_date (timeline, "2021-01-01")));
  /* A fixed height under the map. */
  g_assert_true (corridor_test_wait_until (corridor_test_is_mapped, timeline, 5000));
  g_assert_true (corridor_test_wait_until (has_height, timeline, 5000));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (timeline)), >=, 100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (timeline)), <=, 130);
  /* The accelerator is the application's. */
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.timeline-play");
  g_assert_true (g_strv_contains ((const char *const *) accels, "<Control>space"));
}

static void
test_bins (void)
{
  ensure_demo ();
  CorridorTimeline *timeline = get_timeline ();
  GPtrArray *shown = corridor_window_get_shipments (window);
  guint dated = count_dated (shown);

  g_assert_cmpuint (dated, >, 10);
  g_autoptr (CorridorTimelineBins) bins =
    corridor_timeline_bins_new (shown, CORRIDOR_TIMELINE_SHIPMENTS, CORRIDOR_TIMELINE_AUTO, 0, 0);
  g_assert_cmpuint (bins_total (bins), ==, dated);
  g_assert_cmpuint (bins->n_undated, ==, shown->len - dated);
  g_assert_cmpint (bins->unit, ==, CORRIDOR_TIMELINE_WEEKS);

  /* The widget shows the same, over the whole span. */
  const CorridorTimelineBins *drawn = corridor_timeline_get_bins (timeline);
  g_assert_cmpuint (drawn->n_bins, ==, bins->n_bins);
  g_assert_cmpuint (bins_total (drawn), ==, dated);
  guint32 first, last;
  corridor_timeline_get_visible_range (timeline, &first, &last);
  g_assert_cmpuint (first, ==, bins->first_day);
  g_assert_cmpuint (last, ==, bins->last_day);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "timeline-play"));

  /* Kilograms: the toggle drives the property and the bins. */
  double kg = 0;
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      if (corridor_timeline_shipment_day (s) != 0 && isfinite (s->quantity_kg))
        kg += s->quantity_kg;
    }
  g_assert_cmpfloat (kg, >, 0);
  GtkWidget *kg_toggle = find_toggle (GTK_WIDGET (timeline), "Kilograms");
  GtkWidget *count_toggle = find_toggle (GTK_WIDGET (timeline), "Shipments");
  g_assert_nonnull (kg_toggle);
  g_assert_nonnull (count_toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (kg_toggle), TRUE);
  g_assert_true (corridor_timeline_get_kilograms (timeline));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (count_toggle)));
  drawn = corridor_timeline_get_bins (timeline);
  g_assert_cmpint (drawn->measure, ==, CORRIDOR_TIMELINE_KILOGRAMS);
  double sum = 0, max = 0;
  for (guint i = 0; i < drawn->n_bins; i++)
    {
      sum += drawn->values[i];
      max = MAX (max, drawn->values[i]);
    }
  g_assert_cmpfloat_with_epsilon (sum, kg, 1e-6);
  g_assert_cmpfloat (drawn->max, ==, max);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (count_toggle), TRUE);
  g_assert_false (corridor_timeline_get_kilograms (timeline));
  g_assert_cmpint (corridor_timeline_get_bins (timeline)->measure, ==, CORRIDOR_TIMELINE_SHIPMENTS);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
test_drag_sets_dates (void)
{
  ensure_demo ();
  CorridorTimeline *timeline = get_timeline ();
  GtkWidget *chart = corridor_timeline_get_chart (timeline);
  guint n_all = corridor_window_get_shipments (window)->len;
  guint32 first, last;
  corridor_timeline_get_visible_range (timeline, &first, &last);

  /* Two departure dates of the case, a quarter and half way through. */
  g_autoptr (GPtrArray) dates = g_ptr_array_new ();
  for (guint i = 0; i < all_shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (all_shipments, i);
      if (corridor_date_is_valid (s->departed))
        g_ptr_array_add (dates, s->departed);
    }
  g_ptr_array_sort (dates, compare_strings);
  const char *date_a = g_ptr_array_index (dates, dates->len / 4);
  const char *date_b = g_ptr_array_index (dates, dates->len / 2);
  g_assert_cmpstr (date_a, <, date_b);
  double xa = corridor_timeline_x_for_date (timeline, date_a);
  double xb = corridor_timeline_x_for_date (timeline, date_b);
  g_assert_true (isfinite (xa) && isfinite (xb));
  g_assert_cmpfloat (xa, <, xb);
  g_assert_cmpfloat (xb, <, gtk_widget_get_width (chart));
  g_autofree char *at_a = corridor_timeline_date_at (timeline, xa);
  g_autofree char *at_b = corridor_timeline_date_at (timeline, xb);
  g_assert_cmpstr (at_a, ==, date_a);
  g_assert_cmpstr (at_b, ==, date_b);

  emit_drag (chart, xa, xb);
  g_autofree char *from = state_string ("filter-from");
  g_autofree char *to = state_string ("filter-to");
  g_assert_cmpstr (from, ==, date_a);
  g_assert_cmpstr (to, ==, date_b);
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 0);
  g_assert_cmpuint (shown->len, <, n_all);
  assert_shown_in_range (date_a, date_b);

  /* The timeline bins what is shown, on the whole case's axis. */
  guint32 first_now, last_now;
  corridor_timeline_get_visible_range (timeline, &first_now, &last_now);
  g_assert_cmpuint (first_now, ==, first);
  g_assert_cmpuint (last_now, ==, last);
  g_assert_cmpuint (bins_total (corridor_timeline_get_bins (timeline)), ==, count_dated (shown));
  corridor_test_spin (300);  /* the context read, and a frame */
  corridor_test_save_widget_png (GTK_WIDGET (timeline), "gui-timeline.png");

  /* Right to left works too, and a range after the current one must get
   * past the actions' refusal of a start after the end. */
  const char *date_c = g_ptr_array_index (dates, dates->len * 3 / 4);
  const char *date_d = g_ptr_array_index (dates, dates->len * 7 / 8);
  g_assert_cmpstr (date_b, <, date_c);
  g_assert_cmpstr (date_c, <, date_d);
  emit_drag (chart, corridor_timeline_x_for_date (timeline, date_d),
             corridor_timeline_x_for_date (timeline, date_c));
  g_autofree char *from2 = state_string ("filter-from");
  g_autofree char *to2 = state_string ("filter-to");
  g_assert_cmpstr (from2, ==, date_c);
  g_assert_cmpstr (to2, ==, date_d);
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  assert_shown_in_range (date_c, date_d);

  /* A click (no movement) clears the range. */
  emit_drag (chart, xa, xa);
  g_autofree char *from3 = state_string ("filter-from");
  g_autofree char *to3 = state_string ("filter-to");
  g_assert_cmpstr (from3, ==, "");
  g_assert_cmpstr (to3, ==, "");
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, n_all);
}

static void
test_keyboard (void)
{
  ensure_demo ();
  CorridorTimeline *timeline = get_timeline ();
  GtkWidget *chart = corridor_timeline_get_chart (timeline);

  g_assert_true (gtk_widget_get_focusable (chart));
  gtk_widget_grab_focus (chart);
  const CorridorTimelineBins *bins = corridor_timeline_get_bins (timeline);
  g_assert_cmpuint (bins->n_bins, >, 3);
  g_autofree char *from = corridor_timeline_date_from_day (bins->starts[1]);
  g_autofree char *to = corridor_timeline_date_from_day (corridor_timeline_bins_last_day (bins, 3));

  /* Right: the first bin; Right: the second; Shift+Right twice: to the fourth. */
  g_assert_true (press_key (chart, GDK_KEY_Right, 0));
  g_assert_true (press_key (chart, GDK_KEY_Right, 0));
  g_assert_true (press_key (chart, GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_true (press_key (chart, GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_true (press_key (chart, GDK_KEY_Return, 0));
  g_autofree char *from_state = state_string ("filter-from");
  g_autofree char *to_state = state_string ("filter-to");
  g_assert_cmpstr (from_state, ==, from);
  g_assert_cmpstr (to_state, ==, to);
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  assert_shown_in_range (from, to);

  /* Shift+Left shrinks it back to two bins. */
  g_assert_true (press_key (chart, GDK_KEY_Left, GDK_SHIFT_MASK));
  g_assert_true (press_key (chart, GDK_KEY_Return, 0));
  bins = corridor_timeline_get_bins (timeline);
  guint32 end = corridor_timeline_bins_last_day (bins, 2);
  g_autofree char *to2 = corridor_timeline_date_from_day (end);
  g_autofree char *to_state2 = state_string ("filter-to");
  g_assert_cmpstr (to_state2, ==, to2);

  /* Escape clears the filter. */
  g_assert_true (press_key (chart, GDK_KEY_Escape, 0));
  g_autofree char *cleared = state_string ("filter-from");
  g_autofree char *cleared_to = state_string ("filter-to");
  g_assert_cmpstr (cleared, ==, "");
  g_assert_cmpstr (cleared_to, ==, "");
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, all_shipments->len);
}

static void
test_zoom (void)
{
  ensure_demo ();
  CorridorTimeline *timeline = get_timeline ();
  GtkWidget *chart = corridor_timeline_get_chart (timeline);
  GtkEventController *scroll = find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  guint32 full_first, full_last, first, last, prev;
  gboolean handled = FALSE;

  g_assert_nonnull (scroll);
  corridor_timeline_get_visible_range (timeline, &full_first, &full_last);
  prev = full_last - full_first + 1;
  g_assert_cmpint (corridor_timeline_get_bins (timeline)->unit, ==, CORRIDOR_TIMELINE_WEEKS);

  /* Scrolling up zooms in, down to day bins. */
  for (guint i = 0; i < 40; i++)
    {
      if (corridor_timeline_get_bins (timeline)->unit == CORRIDOR_TIMELINE_DAYS)
        break;
      g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
      g_assert_true (handled);
      corridor_timeline_get_visible_range (timeline, &first, &last);
      g_assert_cmpuint (last - first + 1, <, prev);
      g_assert_cmpuint (first, >=, full_first);
      g_assert_cmpuint (last, <=, full_last);
      prev = last - first + 1;
    }
  const CorridorTimelineBins *bins = corridor_timeline_get_bins (timeline);
  g_assert_cmpint (bins->unit, ==, CORRIDOR_TIMELINE_DAYS);
  corridor_timeline_get_visible_range (timeline, &first, &last);
  g_assert_cmpuint (last - first + 1, <=, CORRIDOR_TIMELINE_MAX_DAY_SPAN);
  g_assert_cmpuint (bins->n_bins, ==, last - first + 1);
  /* Dates still map to the columns they are drawn in. */
  g_autofree char *middle = corridor_timeline_date_from_day ((first + last) / 2);
  double x_middle = corridor_timeline_x_for_date (timeline, middle);
  g_autofree char *back = corridor_timeline_date_at (timeline, x_middle);
  g_assert_cmpstr (back, ==, middle);
  gtk_widget_queue_draw (chart);
  corridor_test_spin (50);

  /* Scrolling down zooms out again, to the whole span in weeks. */
  for (guint i = 0; i < 60; i++)
    {
      g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
      corridor_timeline_get_visible_range (timeline, &first, &last);
      if (first == full_first && last == full_last)
        break;
    }
  g_assert_cmpuint (first, ==, full_first);
  g_assert_cmpuint (last, ==, full_last);
  g_assert_cmpint (corridor_timeline_get_bins (timeline)->unit, ==, CORRIDOR_TIMELINE_WEEKS);
}

typedef struct {
  CorridorRenderer *renderer;
  guint             full;
} RouteWait;

static gboolean
routes_narrowed (gpointer data)
{
  RouteWait *w = data;
  return corridor_renderer_get_n_routes (w->renderer) != w->full;
}

static gboolean
stopped_playing (gpointer data)
{
  return !state_boolean ("timeline-play");
}

static void
test_play (void)
{
  ensure_demo ();
  CorridorTimeline *timeline = get_timeline ();
  GActionGroup *group = G_ACTION_GROUP (window);
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  RouteWait w = { renderer, corridor_renderer_get_n_routes (renderer) };

  g_assert_cmpuint (w.full, >, 1);
  g_assert_false (state_boolean ("timeline-play"));
  guint n = 0;
  GtkDropDown *width = GTK_DROP_DOWN (find_nth (GTK_WIDGET (timeline), GTK_TYPE_DROP_DOWN, &n));
  n = 1;
  GtkDropDown *speed = GTK_DROP_DOWN (find_nth (GTK_WIDGET (timeline), GTK_TYPE_DROP_DOWN, &n));
  g_assert_nonnull (width);
  g_assert_nonnull (speed);
  gtk_drop_down_set_selected (width, 0);  /* 1 week */
  gtk_drop_down_set_selected (speed, 3);  /* 4× */

  /* Play: the map draws only what lies in the sliding week. */
  g_action_group_activate_action (group, "timeline-play", NULL);
  g_assert_true (state_boolean ("timeline-play"));
  g_assert_true (corridor_test_wait_until (routes_narrowed, &w, 5000));
  /* The list and the filters are untouched. */
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, all_shipments->len);
  g_autofree char *from = state_string ("filter-from");
  g_assert_cmpstr (from, ==, "");

  /* Stop: everything again. */
  g_action_group_change_action_state (group, "timeline-play", g_variant_new_boolean (FALSE));
  g_assert_false (state_boolean ("timeline-play"));
  g_assert_cmpuint (corridor_renderer_get_n_routes (renderer), ==, w.full);

  /* Played to the end, it stops by itself and restores the map. */
  g_action_group_activate_action (group, "timeline-play", NULL);
  g_assert_true (state_boolean ("timeline-play"));
  g_assert_true (corridor_test_wait_until (routes_narrowed, &w, 5000));
  g_assert_true (corridor_test_wait_until (stopped_playing, NULL, 60000));
  g_assert_cmpuint (corridor_renderer_get_n_routes (renderer), ==, w.full);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;
  demo_dir = g_dir_make_tmp ("corridor-gui-timeline-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/gui/timeline/empty-without-case", test_empty_without_case);
  g_test_add_func ("/gui/timeline/bins", test_bins);
  g_test_add_func ("/gui/timeline/drag", test_drag_sets_dates);
  g_test_add_func ("/gui/timeline/keyboard", test_keyboard);
  g_test_add_func ("/gui/timeline/zoom", test_zoom);
  g_test_add_func ("/gui/timeline/play", test_play);

  int ret = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  corridor_test_spin (100);
  g_clear_pointer (&all_shipments, g_ptr_array_unref);
  corridor_test_remove_case (demo_path);
  g_rmdir (demo_dir);
  g_free (demo_path);
  g_free (demo_dir);
  g_clear_object (&app);
  return ret;
}
