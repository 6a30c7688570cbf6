/* test-gui-network.c: the Network page in a real window under Xvfb. With no
 * case it shows an empty state; with the demo case its key figures are
 * corridor_network_rank's order on the graph of the shown actors, nodes sit
 * in their role's column, a node is found where it is drawn, and "Show on
 * Map" (button or Enter on a key figure) filters the window to the actor
 * and switches to the map. Filters narrow the graph to the shown shipments'
 * actors; a filter that shows nothing shows the empty state again. Leaves
 * gui-network.png in G_TEST_BUILDDIR. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "corridor-application.h"
#include "corridor-window.h"
#include "corridor-network.h"
#include "corridor-network-layout.h"
#include "corridor-network-view.h"
#include "corridor-store.h"
#include "corridor-test-gui.h"

#define find_named corridor_test_find_named

static CorridorApplication *app;
static CorridorWindow *window;
static char *demo_dir;
static char *demo_path;
static guint n_actors_all;

static CorridorNetworkView *
get_view (void)
{
  GtkWidget *slot = GTK_WIDGET (corridor_window_get_slot (window, "network"));
  for (GtkWidget *c = gtk_widget_get_first_child (slot); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (CORRIDOR_IS_NETWORK_VIEW (c))
      return CORRIDOR_NETWORK_VIEW (c);
  g_assert_not_reached ();
  return NULL;
}

/* "status" (the empty state) or "graph". */
static const char *
visible_page (void)
{
  GtkWidget *stack = gtk_widget_get_first_child (GTK_WIDGET (get_view ()));
  g_assert_true (GTK_IS_STACK (stack));
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

typedef struct {
  CorridorNetworkView *view;
  guint                serial;
} SerialWait;

static gboolean
view_ready (gpointer data)
{
  SerialWait *w = data;
  return !corridor_network_view_get_loading (w->view) && corridor_network_view_get_serial (w->view) > w->serial;
}

/* Waits for the window's reload and the view's next layout after it. */
static void
wait_for_layout (guint serial)
{
  SerialWait w = { get_view (), serial };
  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  g_assert_true (corridor_test_wait_until (view_ready, &w, 30000));
  g_assert_nonnull (corridor_network_view_get_layout (w.view));
}

static gboolean
has_width (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0;
}

static char *
state_string (const char *action)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), action);
  return g_variant_dup_string (state, NULL);
}

static gboolean
showing_map (gpointer data)
{
  g_autofree char *view = state_string ("view");
  return g_strcmp0 (view, "map") == 0;
}

static void
assert_filtered_to (const char *handle)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "filter-actor");
  g_autofree const char **actors = g_variant_get_strv (state, NULL);
  g_assert_cmpuint (g_strv_length ((char **) actors), ==, 1);
  g_assert_cmpstr (actors[0], ==, handle);
  g_autofree char *view = state_string ("view");
  g_assert_cmpstr (view, ==, "map");

  g_assert_true (corridor_test_wait_until (corridor_test_not_busy, window, 30000));
  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 0);
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      gboolean has = FALSE;
      for (guint k = 0; k < s->actors->len && !has; k++)
        has = g_strcmp0 (((CorridorShipmentActor *) g_ptr_array_index (s->actors, k))->handle, handle) == 0;
      g_assert_true (has);
    }
}

/* The handles in the shown shipments. */
static GHashTable *
shown_actors (void)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *shown = corridor_window_get_shipments (window);
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      for (guint k = 0; k < s->actors->len; k++)
        g_hash_table_add (set, ((CorridorShipmentActor *) g_ptr_array_index (s->actors, k))->handle);
    }
  return set;
}

static void
assert_nodes_are_shown_actors (const CorridorNetworkLayout *layout)
{
  g_autoptr (GHashTable) actors = shown_actors ();
  g_assert_cmpuint (layout->nodes->len, ==, g_hash_table_size (actors));
  GHashTableIter it;
  gpointer handle;
  g_hash_table_iter_init (&it, actors);
  while (g_hash_table_iter_next (&it, &handle, NULL))
    g_assert_nonnull (corridor_network_layout_lookup (layout, handle));
}

static char *
list_row (guint position)
{
  GtkColumnView *list = GTK_COLUMN_VIEW (corridor_network_view_get_key_figures (get_view ()));
  g_autoptr (GtkStringObject) obj = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (list)),
                                                           position);
  g_assert_nonnull (obj);
  return g_strdup (gtk_string_object_get_string (obj));
}

static void
test_empty_without_case (void)
{
  window = corridor_test_gui_window (app);
  CorridorNetworkView *view = get_view ();
  g_assert_null (corridor_window_get_store (window));
  g_assert_null (corridor_network_view_get_layout (view));
  g_assert_cmpstr (visible_page (), ==, "status");
  g_assert_null (corridor_network_view_get_selected (view));
  corridor_network_view_select (view, "anyone");
  g_assert_null (corridor_network_view_get_selected (view));
}

static void
test_key_figures (void)
{
  CorridorNetworkView *view = get_view ();
  guint serial = corridor_network_view_get_serial (view);
  g_autoptr (GError) error = NULL;

  demo_path = corridor_test_gui_open_demo (window, demo_dir);
  wait_for_layout (serial);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "view", g_variant_new_string ("network"));
  GtkWidget *graph = corridor_network_view_get_graph (view);
  g_assert_true (corridor_test_wait_until (corridor_test_is_mapped, graph, 5000));
  g_assert_true (corridor_test_wait_until (has_width, graph, 5000));
  g_assert_cmpstr (visible_page (), ==, "graph");

  const CorridorNetworkLayout *layout = corridor_network_view_get_layout (view);
  g_assert_cmpuint (layout->nodes->len, >, 3);
  assert_nodes_are_shown_actors (layout);
  n_actors_all = layout->nodes->len;

  /* The key figures: corridor_network_rank on the contacts among the
   * actors of the shown shipments, read here from the window's store. */
  CorridorStore *store = corridor_window_get_store (window);
  g_autoptr (GPtrArray) contacts = corridor_store_list_contacts (store, &error);
  g_assert_no_error (error);
  g_autoptr (GHashTable) actors = shown_actors ();
  g_autoptr (GPtrArray) restricted = g_ptr_array_new ();
  for (guint i = 0; i < contacts->len; i++)
    {
      CorridorContact *c = g_ptr_array_index (contacts, i);
      if (g_hash_table_contains (actors, c->a) && g_hash_table_contains (actors, c->b))
        g_ptr_array_add (restricted, c);
    }
  g_autoptr (GPtrArray) ranked = corridor_network_rank (restricted);
  g_assert_cmpuint (ranked->len, >, 0);
  g_autofree char *first = list_row (0);
  g_assert_cmpstr (first, ==, ((CorridorActorStats *) g_ptr_array_index (ranked, 0))->handle);
  for (guint i = 0; i < ranked->len; i++)
    {
      const CorridorActorStats *s = g_ptr_array_index (ranked, i);
      g_autofree char *row = list_row (i);
      g_assert_cmpstr (row, ==, s->handle);
      g_assert_cmpfloat_with_epsilon (corridor_network_layout_lookup (layout, s->handle)->betweenness,
                                      s->betweenness, 1e-12);
    }

  /* Columns follow roles: the case's majority role, left to right. */
  g_autoptr (GHashTable) roles = corridor_store_actor_roles (store, &error);
  g_assert_no_error (error);
  double column_x[CORRIDOR_NETWORK_N_COLUMNS] = { -1, -1, -1, -1 };
  for (guint i = 0; i < layout->nodes->len; i++)
    {
      const CorridorNetworkNode *n = g_ptr_array_index (layout->nodes, i);
      const char *name = g_hash_table_lookup (roles, n->handle);
      CorridorRole role;
      if (name != NULL && corridor_role_from_string (name, &role))
        g_assert_cmpint (n->role, ==, role);
      g_assert_cmpint (n->column, ==, corridor_network_column_for_role (n->role));
      if (column_x[n->column] < 0)
        column_x[n->column] = n->x;
      g_assert_cmpfloat (column_x[n->column], ==, n->x);
    }
  for (guint c = 1; c < CORRIDOR_NETWORK_N_COLUMNS; c++)
    if (column_x[c] >= 0 && column_x[c - 1] >= 0)
      g_assert_cmpfloat (column_x[c - 1], <, column_x[c]);

  /* A node is found where it is drawn; choosing in the list chooses it. */
  const char *top = ((CorridorActorStats *) g_ptr_array_index (ranked, 0))->handle;
  double x, y;
  g_assert_true (corridor_network_view_get_node_position (view, top, &x, &y));
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (x, <, gtk_widget_get_width (graph));
  g_assert_cmpstr (corridor_network_view_node_at (view, x, y), ==, top);
  g_assert_null (corridor_network_view_node_at (view, -50, -50));
  GtkSelectionModel *model = gtk_column_view_get_model (GTK_COLUMN_VIEW (corridor_network_view_get_key_figures (view)));
  g_assert_true (gtk_selection_model_select_item (model, 0, TRUE));
  g_assert_cmpstr (corridor_network_view_get_selected (view), ==, top);
  /* And choosing in the graph selects the row. */
  const char *second = ((CorridorActorStats *) g_ptr_array_index (ranked, 1))->handle;
  corridor_network_view_select (view, second);
  g_assert_true (gtk_selection_model_is_selected (model, 1));
  corridor_network_view_select (view, top);
  g_assert_true (gtk_selection_model_is_selected (model, 0));

  corridor_test_spin (300);
  corridor_test_save_widget_png (GTK_WIDGET (view), "gui-network.png");

  /* Show on Map: the button filters to the actor and shows the map. */
  GtkWidget *button = find_named (GTK_WIDGET (view), "network-show-on-map");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_autofree char *handle = g_strdup (top);
  serial = corridor_network_view_get_serial (view);
  /* A button activated from the keyboard clicks a moment later. */
  gtk_widget_activate (button);
  g_assert_true (corridor_test_wait_until (showing_map, NULL, 5000));
  assert_filtered_to (handle);
  /* The view follows the filter: the actor and its shipments' partners. */
  wait_for_layout (serial);
  layout = corridor_network_view_get_layout (view);
  g_assert_nonnull (corridor_network_layout_lookup (layout, handle));
  assert_nodes_are_shown_actors (layout);
  g_assert_cmpstr (corridor_network_view_get_selected (view), ==, handle);
}

static void
test_filter_port (void)
{
  CorridorNetworkView *view = get_view ();
  GActionGroup *group = G_ACTION_GROUP (window);
  guint serial = corridor_network_view_get_serial (view);

  g_action_group_change_action_state (group, "view", g_variant_new_string ("network"));
  g_action_group_change_action_state (group, "filter-actor", g_variant_new_strv (NULL, 0));
  g_action_group_change_action_state (group, "filter-port", g_variant_new_strv ((const char *[]) { "BEANR", NULL }, -1));
  /* The window reloads once per change; its last scene is the one drawn. */
  wait_for_layout (serial);

  GPtrArray *shown = corridor_window_get_shipments (window);
  g_assert_cmpuint (shown->len, >, 0);
  for (guint i = 0; i < shown->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shown, i);
      gboolean touches = FALSE;
      for (guint k = 0; k < s->n_stops; k++)
        touches |= strcmp (s->stops[k].locode, "BEANR") == 0;
      g_assert_true (touches);
    }
  const CorridorNetworkLayout *layout = corridor_network_view_get_layout (view);
  assert_nodes_are_shown_actors (layout);
  g_assert_cmpuint (layout->nodes->len, <, n_actors_all);
  g_test_message ("BEANR: %u shipments, %u of %u actors", shown->len, layout->nodes->len, n_actors_all);

  /* Every port tie of an actor comes from the shown shipments. */
  const CorridorNetworkNode *top = g_ptr_array_index (layout->ranked, 0);
  const CorridorPortTie *beanr = NULL;
  for (guint i = 0; i < top->ports->len; i++)
    if (strcmp (((CorridorPortTie *) g_ptr_array_index (top->ports, i))->locode, "BEANR") == 0)
      beanr = g_ptr_array_index (top->ports, i);
  g_assert_nonnull (beanr);
  g_assert_cmpuint (beanr->shipments, ==, top->shipments);

  /* Enter on a key figure is Show on Map. */
  g_autofree char *row = list_row (0);
  g_signal_emit_by_name (corridor_network_view_get_key_figures (view), "activate", 0u);
  assert_filtered_to (row);
}

static void
test_empty_when_nothing_shown (void)
{
  CorridorNetworkView *view = get_view ();
  GActionGroup *group = G_ACTION_GROUP (window);
  guint serial = corridor_network_view_get_serial (view);

  g_action_group_activate_action (group, "filter-clear", NULL);
  g_action_group_change_action_state (group, "filter-actor",
                                      g_variant_new_strv ((const char *[]) { "no-such-handle", NULL }, -1));
  wait_for_layout (serial);
  g_assert_cmpuint (corridor_window_get_shipments (window)->len, ==, 0);
  g_assert_cmpuint (corridor_network_view_get_layout (view)->nodes->len, ==, 0);
  g_assert_cmpstr (visible_page (), ==, "status");
  g_assert_null (corridor_network_view_get_selected (view));
  serial = corridor_network_view_get_serial (view);
  g_action_group_activate_action (group, "filter-clear", NULL);
  wait_for_layout (serial);
  g_assert_cmpstr (visible_page (), ==, "graph");
}

static gboolean
not_importing (gpointer data)
{
  return !corridor_window_get_importing (CORRIDOR_WINDOW (data));
}

static guint
edge_messages (const CorridorNetworkLayout *layout, const char *a, const char *b)
{
  const CorridorNetworkNode *na = corridor_network_layout_lookup (layout, a);
  g_assert_nonnull (na);
  for (guint i = 0; i < na->edges->len; i++)
    {
      guint e = g_array_index (na->edges, guint, i);
      if (g_strcmp0 (corridor_network_layout_other (layout, na, e)->handle, b) == 0)
        return g_array_index (layout->edges, CorridorNetworkEdge, e).messages;
    }
  return 0;
}

/* After an import into the open case the contacts are read again: new
 * messages between two shown actors thicken their edge. */
static void
test_reload_after_import (void)
{
  CorridorNetworkView *view = get_view ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (corridor_window_get_shipments (window)->len, >, 0);
  const CorridorNetworkLayout *layout = corridor_network_view_get_layout (view);
  g_assert_cmpuint (layout->edges->len, >, 0);
  const CorridorNetworkEdge *edge = &g_array_index (layout->edges, CorridorNetworkEdge, 0);
  g_autofree char *a = g_strdup (((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, edge->a))->handle);
  g_autofree char *b = g_strdup (((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, edge->b))->handle);
  guint before = edge_messages (layout, a, b);
  g_assert_cmpuint (before, >, 0);

  g_autoptr (GString) lines = g_string_new (NULL);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (JsonBuilder) jb = json_builder_new ();
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "id");
      g_autofree char *id = g_strdup_printf ("net-test-%u", i);
      json_builder_add_string_value (jb, id);
      json_builder_set_member_name (jb, "ts");
      json_builder_add_string_value (jb, "2021-03-01T10:00:00Z");
      json_builder_set_member_name (jb, "from");
      json_builder_add_string_value (jb, i % 2 ? a : b);
      json_builder_set_member_name (jb, "to");
      json_builder_add_string_value (jb, i % 2 ? b : a);
      json_builder_set_member_name (jb, "body");
      json_builder_add_string_value (jb, "ok");
      json_builder_end_object (jb);
      g_autoptr (JsonNode) root = json_builder_get_root (jb);
      g_autofree char *line = json_to_string (root, FALSE);
      g_string_append_printf (lines, "%s\n", line);
    }
  g_autofree char *chat = g_build_filename (demo_dir, "network-chat.jsonl", NULL);
  g_assert_true (g_file_set_contents (chat, lines->str, -1, &error));
  g_assert_no_error (error);

  guint serial = corridor_network_view_get_serial (view);
  const char *paths[] = { chat, NULL };
  corridor_window_import (window, paths, NULL);
  g_assert_true (corridor_window_get_importing (window));
  g_assert_true (corridor_test_wait_until (not_importing, window, 60000));
  wait_for_layout (serial);
  layout = corridor_network_view_get_layout (view);
  if (corridor_network_layout_lookup (layout, a) != NULL && corridor_network_layout_lookup (layout, b) != NULL)
    g_assert_cmpuint (edge_messages (layout, a, b), ==, before + 5);
  else
    g_test_incomplete ("inference no longer shows both actors");
  g_unlink (chat);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  app = corridor_test_gui_init (&argc, &argv);
  if (app == NULL)
    return 77;
  demo_dir = g_dir_make_tmp ("corridor-gui-network-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/gui/network/empty-without-case", test_empty_without_case);
  g_test_add_func ("/gui/network/key-figures", test_key_figures);
  g_test_add_func ("/gui/network/filter-port", test_filter_port);
  g_test_add_func ("/gui/network/empty-when-nothing-shown", test_empty_when_nothing_shown);
  g_test_add_func ("/gui/network/reload-after-import", test_reload_after_import);

  int ret = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  corridor_test_remove_case (demo_path);
  g_rmdir (demo_dir);
  g_free (demo_path);
  g_free (demo_dir);
  g_clear_object (&app);
  return ret;
}
