/* test-gui-list.c: the shipment list under the map and the map's
 * interactions, in a real window under Xvfb, on the demo case: the list
 * holds exactly the shown shipments once filters apply (the store's query
 * and corridor_filter_match agree), sorts by a column with unknowns last
 * both ways, and keeps selection two-way with the evidence pane and the
 * map's highlight; a corridor selected on the map narrows it until "Show
 * All"; it is reachable with Tab; a click on a port adds a port filter;
 * the corridor tooltip's text; Zoom to Selection; the colour mode and its
 * legend. Leaves gui-list.png (the map page) in G_TEST_BUILDDIR. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-map-view.h"
#include "corridor-map-legend.h"
#include "corridor-evidence-panel.h"
#include "corridor-shipment-list.h"
#include "corridor-renderer.h"
#include "corridor-store.h"
#include "corridor-style.h"
#include "corridor-sea-router.h"
#include "corridor-test-gui.h"

static CorridorApplication *app;
static CorridorWindow *window;
static char *demo_dir;
static char *demo_path;

#define wait_until corridor_test_wait_until
#define spin       corridor_test_spin
#define find_type  corridor_test_find_type

static CorridorShipmentList *
get_list (void)
{
  GtkWidget *list = find_type (GTK_WIDGET (corridor_window_get_slot (window, "list")),
                               CORRIDOR_TYPE_SHIPMENT_LIST);
  g_assert_nonnull (list);
  return CORRIDOR_SHIPMENT_LIST (list);
}

static GListModel *
rows (void)
{
  return G_LIST_MODEL (corridor_shipment_list_get_selection (get_list ()));
}

static const CorridorShipment *
row_shipment (guint i)
{
  g_autoptr (CorridorShipmentItem) item = g_list_model_get_item (rows (), i);
  g_assert_nonnull (item);
  return corridor_shipment_item_get_shipment (item);
}

static const char *
selected_row_id (void)
{
  GtkSingleSelection *sel = corridor_shipment_list_get_selection (get_list ());
  CorridorShipmentItem *item = gtk_single_selection_get_selected_item (sel);
  return item ? corridor_shipment_item_get_id (item) : NULL;
}

/* The list shows the window's scene and is done sorting it. */
static gboolean
list_settled (gpointer data)
{
  GPtrArray *shown = corridor_window_get_shipments (window);
  return !corridor_window_get_busy (window) && shown != NULL
         && !corridor_shipment_list_is_sorting (get_list ())
         && (corridor_window_get_selection (window, NULL) != NULL
             || g_list_model_get_n_items (rows ()) == shown->len);
}

static void
settle (void)
{
  g_assert_true (wait_until (list_settled, NULL, 60000));
}

/* The window answers filter changes from memory (corridor_filter_match
 * over what it last read); each answer must be what the store's own query
 * gives for that filter, id for id and in the same order. */
static void
assert_shown_is_query (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) want = corridor_store_query_shipments (corridor_window_get_store (window),
                                                               corridor_window_get_filter (window),
                                                               &error);
  g_assert_no_error (error);
  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    g_assert_cmpstr (((CorridorShipment *) g_ptr_array_index (shown, i))->id, ==,
                     ((CorridorShipment *) g_ptr_array_index (want, i))->id);
}

static void
test_filter_matches_store (void)
{
  GActionGroup *group = G_ACTION_GROUP (window);
  const char *ports[] = { "BEANR", "NLRTM", NULL };
  const char *roles[] = { "distributor", NULL };
  const char *statuses[] = { "rejected", "inferred", NULL };
  const char *none[] = { NULL };
  GPtrArray *before;

  g_action_group_activate_action (group, "filter-clear", NULL);
  settle ();
  assert_shown_is_query ();
  guint all = corridor_window_get_shipments (window)->len;

  before = corridor_window_get_shipments (window);
  g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (ports, -1));
  settle ();
  /* The shown set was replaced. */
  g_assert_true (corridor_window_get_shipments (window) != before);
  assert_shown_is_query ();
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, <, all);

  g_action_group_change_action_state (group, "filter-from", g_variant_new_string ("2021-03-01"));
  settle ();
  assert_shown_is_query ();
  g_action_group_change_action_state (group, "filter-role", g_variant_new_strv (roles, -1));
  settle ();
  assert_shown_is_query ();
  g_action_group_change_action_state (group, "filter-min-confidence", g_variant_new_double (0.85));
  settle ();
  assert_shown_is_query ();
  g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (none, -1));
  g_action_group_change_action_state (group, "filter-status", g_variant_new_strv (statuses, -1));
  settle ();
  assert_shown_is_query ();
  g_action_group_activate_action (group, "filter-clear", NULL);
  settle ();
  assert_shown_is_query ();
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, all);
}

static gboolean
not_sorting (gpointer data)
{
  return !corridor_shipment_list_is_sorting (get_list ());
}

static void
test_open_demo (void)
{
  g_autoptr (GError) error = NULL;

  corridor_test_gui_keep_window (app, &window);
  demo_dir = g_dir_make_tmp ("corridor-gui-list-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = corridor_test_gui_open_demo (window, demo_dir);
  settle ();

  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 10);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, shown->len);
  g_autofree char *count = g_strdup_printf ("%u shipments", shown->len);
  g_assert_cmpstr (corridor_shipment_list_get_title (get_list ()), ==, count);
  /* Nothing chosen yet: nothing selected, nothing to zoom to. */
  g_assert_null (selected_row_id ());
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-selection"));

  /* Labels for assistive technology on the view. */
  GtkColumnView *view = corridor_shipment_list_get_view (get_list ());
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==,
                    CORRIDOR_N_SHIPMENT_COLUMNS);
}

/* win.filter-port BEANR and a date range through the actions: the list
 * holds what the window shows, which is what corridor_filter_match passes
 * among all of the case's shipments. */
static void
test_filter_rows (void)
{
  const char *ports[] = { "BEANR", NULL };
  GActionGroup *group = G_ACTION_GROUP (window);
  g_autoptr (GError) error = NULL;

  g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (ports, -1));
  g_action_group_change_action_state (group, "filter-from", g_variant_new_string ("2021-01-01"));
  g_action_group_change_action_state (group, "filter-to", g_variant_new_string ("2022-12-31"));
  settle ();

  const CorridorFilter *filter = corridor_window_get_filter (window);
  g_assert_cmpuint (filter->ports->len, ==, 1);
  g_assert_cmpstr (filter->from, ==, "2021-01-01");
  g_autoptr (GPtrArray) all = corridor_store_query_shipments (corridor_window_get_store (window),
                                                              NULL, &error);
  g_assert_no_error (error);
  guint passing = 0;
  for (guint i = 0; i < all->len; i++)
    passing += corridor_filter_match (filter, g_ptr_array_index (all, i));
  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (passing, >, 1);
  g_assert_cmpuint (passing, <, all->len);
  g_assert_cmpuint (shown->len, ==, passing);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, passing);

  /* Each row is a shown shipment, and each passes the filter. */
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < shown->len; i++)
    g_hash_table_add (ids, ((CorridorShipment *) g_ptr_array_index (shown, i))->id);
  for (guint i = 0; i < passing; i++)
    {
      const CorridorShipment *s = row_shipment (i);
      g_assert_true (g_hash_table_remove (ids, s->id));
      g_assert_true (corridor_filter_match (filter, s));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 0);
  g_autofree char *count = g_strdup_printf ("%u shipments", passing);
  g_assert_cmpstr (corridor_shipment_list_get_title (get_list ()), ==, count);
}

static void
sort_by (CorridorShipmentColumn column, GtkSortType order)
{
  CorridorShipmentList *list = get_list ();
  gtk_column_view_sort_by_column (corridor_shipment_list_get_view (list),
                                  corridor_shipment_list_get_column (list, column), order);
  g_assert_true (wait_until (not_sorting, NULL, 10000));
}

static void
test_sort (void)
{
  guint n = g_list_model_get_n_items (rows ());

  /* kg as numbers, both ways. */
  sort_by (CORRIDOR_SHIPMENT_COLUMN_KG, GTK_SORT_ASCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, n);
  for (guint i = 1; i < n; i++)
    if (!isnan (row_shipment (i)->quantity_kg))
      g_assert_cmpfloat (row_shipment (i - 1)->quantity_kg, <=, row_shipment (i)->quantity_kg);
  double lightest = row_shipment (0)->quantity_kg;
  sort_by (CORRIDOR_SHIPMENT_COLUMN_KG, GTK_SORT_DESCENDING);
  for (guint i = 1; i < n; i++)
    if (!isnan (row_shipment (i)->quantity_kg))
      g_assert_cmpfloat (row_shipment (i - 1)->quantity_kg, >=, row_shipment (i)->quantity_kg);
  g_assert_cmpfloat (row_shipment (n - 1)->quantity_kg, ==, lightest);
  g_assert_cmpfloat (row_shipment (0)->quantity_kg, >, lightest);

  /* Unknown arrival dates (two Antwerp shipments of 2022 never arrived)
   * come last whichever way the column sorts. */
  guint unknown = 0;
  for (guint i = 0; i < n; i++)
    unknown += row_shipment (i)->arrived == NULL;
  g_assert_cmpuint (unknown, >, 0);
  g_assert_cmpuint (unknown, <, n);
  for (int way = 0; way < 2; way++)
    {
      sort_by (CORRIDOR_SHIPMENT_COLUMN_ARRIVED, way ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
      for (guint i = 0; i < n; i++)
        g_assert_true ((row_shipment (i)->arrived == NULL) == (i >= n - unknown));
      for (guint i = 1; i < n - unknown; i++)
        {
          int c = strcmp (row_shipment (i - 1)->arrived, row_shipment (i)->arrived);
          g_assert_cmpint (way ? -c : c, <=, 0);
        }
    }
  sort_by (CORRIDOR_SHIPMENT_COLUMN_KG, GTK_SORT_ASCENDING);
}

static guint
count_highlight_pixels (cairo_surface_t *image)
{
  guint n = 0;
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  cairo_surface_flush (image);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = ((const guint32 *) (cairo_image_surface_get_data (image)
                                         + (gsize) y * cairo_image_surface_get_stride (image)))[x];
        if (abs ((int) ((p >> 16) & 0xff) - 255) <= 3 && abs ((int) ((p >> 8) & 0xff) - 220) <= 3
            && (p & 0xff) <= 3)
          n++;
      }
  return n;
}

typedef struct {
  CorridorMapView *view;
  guint            count;
} RenderWait;

static gboolean
rendered_more (gpointer data)
{
  RenderWait *w = data;
  return corridor_map_view_get_render_count (w->view) > w->count
         && corridor_map_view_get_cached_image (w->view) != NULL;
}

static void
wait_render (void)
{
  RenderWait rw = { corridor_window_get_map_view (window),
                    corridor_map_view_get_render_count (corridor_window_get_map_view (window)) };
  g_assert_true (wait_until (rendered_more, &rw, 10000));
}

/* Selecting a row chooses the shipment: the evidence pane shows it and
 * the map highlights its corridor; Enter (activate) shows the pane. */
static void
test_select_row (void)
{
  CorridorEvidencePanel *panel = CORRIDOR_EVIDENCE_PANEL (corridor_window_get_evidence_panel (window));
  GtkSingleSelection *sel = corridor_shipment_list_get_selection (get_list ());
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  CorridorMapView *view = corridor_window_get_map_view (window);

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-evidence",
                                      g_variant_new_boolean (FALSE));
  spin (100);
  cairo_surface_t *before = corridor_map_view_get_cached_image (view);
  g_assert_nonnull (before);
  g_assert_cmpuint (count_highlight_pixels (before), ==, 0);
  g_assert_null (corridor_renderer_get_highlight (renderer));

  const CorridorShipment *s = row_shipment (2);
  gtk_single_selection_set_selected (sel, 2);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel), ==, s->id);
  g_assert_cmpstr (corridor_window_get_selected_shipment (window), ==, s->id);
  g_assert_cmpstr (selected_row_id (), ==, s->id);
  /* A row chosen on its own does not narrow the list. */
  g_assert_null (corridor_window_get_selection (window, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==,
                    corridor_window_get_shipments (window)->len);
  g_autofree char *key = corridor_sea_route_key (s->stops, s->n_stops);
  g_assert_true (g_strv_contains (corridor_renderer_get_highlight (renderer), key));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-selection"));
  wait_render ();
  g_assert_cmpuint (count_highlight_pixels (corridor_map_view_get_cached_image (view)), >, 20);
  /* Choosing does not open the pane; activating the row does. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_signal_emit_by_name (corridor_shipment_list_get_view (get_list ()), "activate", 2u);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel), ==, s->id);

  /* The next row, as an arrow key would select it. */
  const CorridorShipment *next = row_shipment (3);
  gtk_single_selection_set_selected (sel, 3);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel), ==, next->id);
}

/* Choosing elsewhere (win.select-shipment, the evidence pane) selects
 * the row; a corridor selected on the map narrows the list. */
static void
test_select_elsewhere (void)
{
  CorridorEvidencePanel *panel = CORRIDOR_EVIDENCE_PANEL (corridor_window_get_evidence_panel (window));
  guint n = g_list_model_get_n_items (rows ());
  const char *last = row_shipment (n - 1)->id;

  g_action_group_activate_action (G_ACTION_GROUP (window), "select-shipment",
                                  g_variant_new_string (last));
  g_assert_cmpstr (selected_row_id (), ==, last);
  g_assert_cmpstr (corridor_evidence_panel_get_shipment_id (panel), ==, last);

  /* A corridor with more than one shipment, selected as a map click does. */
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  const CorridorRoute *busiest = NULL;
  for (guint i = 0; i < corridor_renderer_get_n_routes (renderer); i++)
    {
      const CorridorRoute *r = corridor_renderer_get_route (renderer, i);
      if (busiest == NULL || r->n_shipments > busiest->n_shipments)
        busiest = r;
    }
  g_assert_nonnull (busiest);
  g_assert_cmpuint (busiest->n_shipments, >=, 2);
  g_autofree char *key = g_strdup (busiest->key);
  guint in_corridor = busiest->n_shipments;
  g_autofree char *heading = g_strdup_printf ("%s → %s: %u shipments",
                                              g_array_index (busiest->stops, CorridorStop, 0).name,
                                              g_array_index (busiest->stops, CorridorStop,
                                                             busiest->stops->len - 1).name,
                                              in_corridor);
  g_action_group_activate_action (G_ACTION_GROUP (window), "select-corridor",
                                  g_variant_new_string (key));
  settle ();
  const char *title = NULL;
  g_assert_nonnull (corridor_window_get_selection (window, &title));
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, in_corridor);
  for (guint i = 0; i < in_corridor; i++)
    {
      g_autofree char *k = corridor_sea_route_key (row_shipment (i)->stops, row_shipment (i)->n_stops);
      g_assert_cmpstr (k, ==, key);
    }
  g_assert_cmpstr (corridor_shipment_list_get_title (get_list ()), ==, title);
  if (g_array_index (busiest->stops, CorridorStop, 0).name != NULL && busiest->stops->len == 2)
    g_assert_cmpstr (title, ==, heading);
  /* The pane chose the corridor's first shipment; the list follows. */
  g_assert_nonnull (selected_row_id ());
  g_assert_cmpstr (selected_row_id (), ==, corridor_evidence_panel_get_shipment_id (panel));
  g_assert_true (g_strv_contains (corridor_renderer_get_highlight (renderer), key));

  /* Another of the corridor's shipments chosen in the pane. */
  GListModel *listed = corridor_evidence_panel_get_shipments (panel);
  const char *second = gtk_string_list_get_string (GTK_STRING_LIST (listed), 1);
  g_assert_true (corridor_evidence_panel_select_shipment (panel, second));
  g_assert_cmpstr (selected_row_id (), ==, second);

  /* "Show All" (win.clear-selection) lists every shown shipment again. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-selection", NULL);
  settle ();
  g_assert_null (corridor_window_get_selection (window, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, n);
  g_assert_null (corridor_renderer_get_highlight (renderer));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-selection"));
}

/* Tab reaches the list from the map. */
static void
test_tab_reaches_list (void)
{
  GtkWidget *view = GTK_WIDGET (corridor_shipment_list_get_view (get_list ()));
  gboolean reached = FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (corridor_window_get_map_view (window)));
  for (int i = 0; i < 300 && !reached; i++)
    {
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_window_set_focus (GTK_WINDOW (window), NULL);
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));
      reached = focus != NULL && (focus == view || gtk_widget_is_ancestor (focus, view));
    }
  g_assert_true (reached);
}

/* A click on a busy port adds it to win.filter-port (keeping BEANR). */
static void
test_port_click (void)
{
  CorridorMapView *view = corridor_window_get_map_view (window);
  CorridorViewport *vp = corridor_map_view_get_viewport (view);
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  const CorridorShipment *s = row_shipment (0);
  const CorridorStop *origin = corridor_shipment_origin (s);
  g_autofree char *locode = g_strdup (origin->locode);
  double x, y;

  g_assert_cmpstr (locode, !=, "BEANR");
  corridor_viewport_geo_to_pixel (vp, origin->lon, origin->lat, &x, &y);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (x, <, corridor_viewport_get_width (vp));
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (y, <, corridor_viewport_get_height (vp));
  const CorridorPortSummary *port = corridor_renderer_port_at (renderer, vp, x, y);
  g_assert_nonnull (port);
  g_assert_cmpstr (port->locode, ==, locode);

  GtkEventController *click = NULL;
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (c))
        click = c;
    }
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "released", 1, x, y);
  settle ();

  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                "filter-port");
  g_autofree const char **ports = g_variant_get_strv (state, NULL);
  g_assert_true (g_strv_contains (ports, "BEANR"));
  g_assert_true (g_strv_contains (ports, locode));
  g_assert_cmpuint (g_strv_length ((char **) ports), ==, 2);
  /* Not a selection: the list still shows the (now wider) scene. */
  g_assert_null (corridor_window_get_selection (window, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==,
                    corridor_window_get_shipments (window)->len);

  /* A second click keeps it (it adds, it does not toggle). */
  g_signal_emit_by_name (click, "released", 1, x, y);
  settle ();
  g_autoptr (GVariant) again = g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                "filter-port");
  g_assert_cmpuint (g_variant_n_children (again), ==, 2);
}

/* The corridor tooltip: ports, shipments, kg and dates, escaped, with
 * controls revealed. */
static void
test_tooltip (void)
{
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  g_assert_null (corridor_map_view_routes_tooltip (none));

  const CorridorRoute *r = NULL;
  for (guint i = 0; i < corridor_renderer_get_n_routes (renderer) && r == NULL; i++)
    if (corridor_renderer_get_route (renderer, i)->n_shipments >= 2
        && corridor_renderer_get_route (renderer, i)->total_kg >= 1000)
      r = corridor_renderer_get_route (renderer, i);
  g_assert_nonnull (r);
  g_autoptr (GPtrArray) one = g_ptr_array_new ();
  g_ptr_array_add (one, (gpointer) r);
  g_autofree char *markup = corridor_map_view_routes_tooltip (one);
  g_autofree char *text = NULL;
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL));
  const CorridorStop *first = &g_array_index (r->stops, CorridorStop, 0);
  const CorridorStop *end = &g_array_index (r->stops, CorridorStop, r->stops->len - 1);
  g_autofree char *route = g_strdup_printf ("%s → ", first->name);
  g_assert_true (g_str_has_prefix (text, route));
  g_assert_nonnull (strstr (text, end->name));
  g_autofree char *count = g_strdup_printf ("%u shipments", r->n_shipments);
  g_assert_nonnull (strstr (text, count));
  g_autofree char *kg = g_strdup_printf ("%'.0f kg", r->total_kg);
  g_assert_nonnull (strstr (text, kg));
  g_assert_nonnull (strstr (text, r->first_date));
  g_assert_nonnull (strstr (text, r->last_date));

  /* A hostile port name: markup escaped, the override shown as a mark. */
  CorridorRoute evil = { 0 };
  CorridorStop stops[2] = { { "XXAAA", (char *) "<b>Bad\u202Eport</b>", 0, 0 },
                            { "XXBBB", (char *) "Fine", 1, 1 } };
  evil.stops = g_array_new (FALSE, FALSE, sizeof (CorridorStop));
  g_array_append_vals (evil.stops, stops, 2);
  evil.n_shipments = 1;
  g_ptr_array_add (one, &evil);
  g_autofree char *both = corridor_map_view_routes_tooltip (one);
  g_autofree char *both_text = NULL;
  g_assert_true (pango_parse_markup (both, -1, 0, NULL, &both_text, NULL, NULL));
  g_assert_null (strstr (both, "\u202E"));
  g_assert_nonnull (strstr (both_text, "<b>Bad⟦RLO⟧port</b> → Fine"));
  g_assert_nonnull (strstr (both_text, "1 shipment · quantity unknown"));
  g_assert_nonnull (strstr (both_text, "dates unknown"));
  g_array_unref (evil.stops);
}

/* Zoom to Selection fits the chosen shipment's stops. */
static void
test_zoom_selection (void)
{
  CorridorMapView *view = corridor_window_get_map_view (window);
  CorridorViewport *vp = corridor_map_view_get_viewport (view);
  const CorridorShipment *s = row_shipment (0);
  g_autofree char *id = g_strdup (s->id);

  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-reset", NULL);
  double world = corridor_viewport_get_scale (vp);
  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-selection", NULL);
  g_assert_null (corridor_window_get_selected_shipment (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-selection"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "select-shipment",
                                  g_variant_new_string (id));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-selection"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-selection", NULL);
  g_assert_cmpfloat (corridor_viewport_get_scale (vp), >, world);
  for (guint k = 0; k < s->n_stops; k++)
    {
      double x, y;
      corridor_viewport_geo_to_pixel (vp, s->stops[k].lon, s->stops[k].lat, &x, &y);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x, <=, corridor_viewport_get_width (vp));
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (y, <=, corridor_viewport_get_height (vp));
    }
}

/* win.corridor-colour switches the renderer's mode and the legend. */
static void
test_colour_mode (void)
{
  CorridorRenderer *renderer = corridor_window_get_renderer (window);
  CorridorMapLegend *legend = CORRIDOR_MAP_LEGEND (find_type (GTK_WIDGET (window),
                                                              CORRIDOR_TYPE_MAP_LEGEND));
  g_assert_nonnull (legend);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (legend)));
  g_assert_cmpint (corridor_renderer_get_colour_mode (renderer), ==, CORRIDOR_COLOUR_STATUS);
  /* The renderer's own legend would be drawn into the map; the card
   * replaces it on screen. */
  g_assert_false (corridor_renderer_get_flags (renderer) & CORRIDOR_RENDER_LEGEND);
  g_autofree char *status = corridor_map_legend_dup_text (legend);
  g_assert_nonnull (strstr (status, "Corridors by status"));
  g_assert_nonnull (strstr (status, "Inferred"));
  g_assert_nonnull (strstr (status, "Width: weight carried"));

  g_action_group_change_action_state (G_ACTION_GROUP (window), "corridor-colour",
                                      g_variant_new_string ("roles"));
  g_assert_cmpint (corridor_renderer_get_colour_mode (renderer), ==, CORRIDOR_COLOUR_ROLES);
  g_autofree char *roles = corridor_map_legend_dup_text (legend);
  g_assert_nonnull (strstr (roles, "Corridors by actors’ role"));
  g_assert_null (strstr (roles, "Inferred"));
  wait_render ();
  g_action_group_change_action_state (G_ACTION_GROUP (window), "corridor-colour",
                                      g_variant_new_string ("status"));
  g_assert_cmpint (corridor_renderer_get_colour_mode (renderer), ==, CORRIDOR_COLOUR_STATUS);
}

static gboolean
window_idle (gpointer data)
{
  return !corridor_window_get_busy (window);
}

/* A name the analyst added to the case's gazetteer resolves in the port
 * filter, as `corridor shipments --port` resolves it; before, it is
 * refused. (Last: it changes the case.) */
static void
test_case_alias (void)
{
  GActionGroup *group = G_ACTION_GROUP (window);
  const char *alias[] = { "Scheldehaven Noord", NULL };
  g_autoptr (GError) error = NULL;

  g_action_group_activate_action (group, "filter-clear", NULL);
  settle ();
  g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (alias, -1));
  g_autoptr (GVariant) refused = g_action_group_get_action_state (group, "filter-port");
  g_assert_cmpuint (g_variant_n_children (refused), ==, 0);

  g_assert_true (corridor_store_add_port_alias (corridor_window_get_store (window), "BEANR",
                                                alias[0], &error));
  g_assert_no_error (error);
  corridor_window_reload (window);
  g_assert_true (wait_until (window_idle, NULL, 30000));
  settle ();
  g_action_group_change_action_state (group, "filter-port", g_variant_new_strv (alias, -1));
  g_autoptr (GVariant) state = g_action_group_get_action_state (group, "filter-port");
  g_autofree const char **ports = g_variant_get_strv (state, NULL);
  g_assert_cmpuint (g_strv_length ((char **) ports), ==, 1);
  g_assert_cmpstr (ports[0], ==, "BEANR");
  settle ();
  assert_shown_is_query ();
  g_action_group_activate_action (group, "filter-clear", NULL);
  settle ();
}

static void
test_artifact (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "zoom-reset", NULL);
  wait_render ();
  spin (300);
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (corridor_window_get_slot (window, "list")),
                                              ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  corridor_test_save_widget_png (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "map"),
                                 "gui-list.png");
}

static void
remove_demo (void)
{
  if (demo_path == NULL)
    return;
  corridor_test_remove_case (demo_path);
  g_rmdir (demo_dir);
  g_clear_pointer (&demo_path, g_free);
  g_clear_pointer (&demo_dir, g_free);
}

int
main (int argc, char **argv)
{
  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;

  /* In this order, on one window and the demo case. */
  g_test_add_func ("/gui-list/open-demo", test_open_demo);
  g_test_add_func ("/gui-list/filter-matches-store", test_filter_matches_store);
  /* On the whole case, where corridors carry several shipments. */
  g_test_add_func ("/gui-list/select-elsewhere", test_select_elsewhere);
  g_test_add_func ("/gui-list/tooltip", test_tooltip);
  /* Then filtered to Antwerp in 2021–2022. */
  g_test_add_func ("/gui-list/filter-rows", test_filter_rows);
  g_test_add_func ("/gui-list/sort", test_sort);
  g_test_add_func ("/gui-list/select-row", test_select_row);
  g_test_add_func ("/gui-list/tab", test_tab_reaches_list);
  g_test_add_func ("/gui-list/zoom-selection", test_zoom_selection);
  g_test_add_func ("/gui-list/colour-mode", test_colour_mode);
  g_test_add_func ("/gui-list/port-click", test_port_click);
  g_test_add_func ("/gui-list/artifact", test_artifact);
  g_test_add_func ("/gui-list/case-alias", test_case_alias);

  int ret = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  remove_demo ();
  g_clear_object (&app);
  return ret;
}
