/* corridor-network-view.c: the Network page. Invariants: the window's store
 * is never touched here; a worker opens the case read-only by path, reads
 * the contacts (only when the case or its message count changed since the
 * last read: an import) and the roles, and computes the layout of the shown
 * shipments (referenced, never modified); only the newest request's result
 * is shown, cancelled ones are dropped silently. Every handle drawn or
 * listed goes through corridor_text_reveal_controls; labels are plain text,
 * never markup. The list holds the handles in rank order, so a node's rank
 * is its row. */
#include "corridor-network-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "corridor-palette.h"
#include "corridor-store.h"
#include "corridor-text.h"
#include "corridor-window.h"

/* Room around the drawing: column headings above, labels to the right. */
#define HEADER_HEIGHT 34.0
#define MARGIN        18.0
#define ZOOM_MAX      24.0
/* Labels shown when rows are too tight for all of them. */
#define N_LABELS_TIGHT 12
/* Lines of ports and contacts in the detail before "and N more". */
#define N_DETAIL_LINES 12

struct _CorridorNetworkView
{
  GtkWidget parent_instance;

  CorridorWindow     *window;      /* not owned: it holds the view */

  GtkStack           *stack;
  AdwStatusPage      *status;
  GtkDrawingArea     *graph;
  GtkColumnView      *list;
  GtkStringList      *handles;     /* rank order */
  GtkSingleSelection *selection;
  GtkLabel           *detail_title;
  GtkLabel           *detail_role;
  GtkLabel           *detail_counts;
  GtkLabel           *detail_ports;
  GtkLabel           *detail_contacts;
  GtkWidget          *detail_body;
  GtkLabel           *detail_hint;

  CorridorNetworkLayout *layout;
  GPtrArray          *labels;      /* revealed handles, by node index */
  char               *selected;
  int                 hover;       /* node index, or -1 */
  gboolean            syncing;     /* the list is being refilled */
  guint               serial;

  /* What the last read found, reused until the case or its messages change. */
  char               *data_path;
  gint64              data_messages;
  GPtrArray          *contacts;
  GCancellable       *cancellable;
  gboolean            loading;

  double              zoom, pan_x, pan_y;
  double              drag_pan_x, drag_pan_y;
  double              pointer_x, pointer_y;
};

G_DEFINE_FINAL_TYPE (CorridorNetworkView, corridor_network_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void apply_layout (CorridorNetworkView *self, CorridorNetworkLayout *layout);
static void update_detail (CorridorNetworkView *self);

static const char *
role_title (CorridorRole role)
{
  switch (role)
    {
    case CORRIDOR_ROLE_SENDER:
      return _("Sender");
    case CORRIDOR_ROLE_INTERMEDIARY:
      return _("Intermediary");
    case CORRIDOR_ROLE_DISTRIBUTOR:
      return _("Distributor");
    case CORRIDOR_ROLE_NONE:
    case CORRIDOR_N_ROLES:
    default:
      return _("Unknown role");
    }
}

static const char *
column_title (CorridorNetworkColumn column)
{
  switch (column)
    {
    case CORRIDOR_NETWORK_COLUMN_SENDERS:
      return _("Senders");
    case CORRIDOR_NETWORK_COLUMN_INTERMEDIARIES:
      return _("Intermediaries");
    case CORRIDOR_NETWORK_COLUMN_DISTRIBUTORS:
      return _("Distributors");
    case CORRIDOR_NETWORK_COLUMN_UNKNOWN:
    case CORRIDOR_NETWORK_N_COLUMNS:
    default:
      return _("Unknown Role");
    }
}

static void
set_loading (CorridorNetworkView *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static const CorridorNetworkNode *
selected_node (CorridorNetworkView *self)
{
  return self->layout != NULL ? corridor_network_layout_lookup (self->layout, self->selected) : NULL;
}

/* --- loading --- */

typedef struct {
  char                  *path;
  GPtrArray             *shipments;     /* the window's, referenced */
  GPtrArray             *contacts;      /* in: the cache (or NULL); out: current */
  gint64                 messages;      /* in: the cache's count; out: current */
  CorridorNetworkLayout *layout;        /* out */
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_clear_pointer (&load->shipments, g_ptr_array_unref);
  g_clear_pointer (&load->contacts, g_ptr_array_unref);
  g_clear_pointer (&load->layout, corridor_network_layout_free);
  g_free (load);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CorridorStore) store = corridor_store_open (load->path, CORRIDOR_STORE_OPEN_READ_ONLY,
                                                         &error);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Contacts come from messages alone: the same count in the same case
   * means the same contacts. Roles follow reviews, so they are read anew. */
  gint64 messages = corridor_store_count_messages (store);
  if (load->contacts == NULL || messages < 0 || messages != load->messages)
    {
      g_clear_pointer (&load->contacts, g_ptr_array_unref);
      load->contacts = corridor_store_list_contacts (store, &error);
      if (load->contacts == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  load->messages = messages;
  g_autoptr (GHashTable) roles = corridor_store_actor_roles (store, &error);
  if (roles == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  load->layout = corridor_network_layout_new (load->contacts, roles, load->shipments);
  g_task_return_boolean (task, TRUE);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (source);
  GTask *task = G_TASK (result);
  Load *load = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_task_get_cancellable (task) != self->cancellable)
        return;
      g_clear_object (&self->cancellable);
      set_loading (self, FALSE);
      apply_layout (self, NULL);
      adw_status_page_set_icon_name (self->status, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status, _("Could Not Read the Network"));
      adw_status_page_set_description (self->status, error->message);
      return;
    }
  if (g_task_get_cancellable (task) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  g_free (self->data_path);
  self->data_path = g_strdup (load->path);
  self->data_messages = load->messages;
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  self->contacts = g_ptr_array_ref (load->contacts);
  apply_layout (self, g_steal_pointer (&load->layout));
  set_loading (self, FALSE);
}

static void
on_scene_changed (CorridorNetworkView *self)
{
  CorridorStore *store = corridor_window_get_store (self->window);
  GPtrArray *shipments = corridor_window_get_shipments (self->window);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    {
      g_clear_pointer (&self->data_path, g_free);
      g_clear_pointer (&self->contacts, g_ptr_array_unref);
      set_loading (self, FALSE);
      apply_layout (self, NULL);
      return;
    }

  Load *load = g_new0 (Load, 1);
  load->path = g_strdup (corridor_store_get_path (store));
  load->shipments = shipments != NULL ? g_ptr_array_ref (shipments) : g_ptr_array_new ();
  if (self->contacts != NULL && g_strcmp0 (self->data_path, load->path) == 0)
    {
      load->contacts = g_ptr_array_ref (self->contacts);
      load->messages = self->data_messages;
    }
  self->cancellable = g_cancellable_new ();
  if (self->layout == NULL)
    {
      adw_status_page_set_icon_name (self->status, "network-workgroup-symbolic");
      adw_status_page_set_title (self->status, _("Reading the Network…"));
      adw_status_page_set_description (self->status, NULL);
    }
  set_loading (self, TRUE);
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, on_scene_changed);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

/* --- the graph: geometry --- */

static double
node_radius (CorridorNetworkView *self, const CorridorNetworkNode *node)
{
  if (self->layout->max_betweenness <= 0)
    return 6.0;
  return 4.5 + 13.0 * sqrt (node->betweenness / self->layout->max_betweenness);
}

static void
node_point (CorridorNetworkView *self, const CorridorNetworkNode *node, double *px, double *py)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self->graph));
  double h = gtk_widget_get_height (GTK_WIDGET (self->graph));
  double bx = MARGIN + node->x * (w - 2 * MARGIN);
  double by = HEADER_HEIGHT + node->y * (h - HEADER_HEIGHT - MARGIN);

  *px = (bx - w / 2) * self->zoom + w / 2 + self->pan_x;
  *py = (by - h / 2) * self->zoom + h / 2 + self->pan_y;
}

static int
hit_node (CorridorNetworkView *self, double x, double y)
{
  if (self->layout == NULL)
    return -1;
  int best = -1;
  double best_d = G_MAXDOUBLE;

  for (guint i = 0; i < self->layout->nodes->len; i++)
    {
      const CorridorNetworkNode *node = g_ptr_array_index (self->layout->nodes, i);
      double px, py;
      node_point (self, node, &px, &py);
      double d = hypot (px - x, py - y);
      if (d > node_radius (self, node) + 3.0)
        continue;
      /* The chosen node is drawn on top, so it wins; else the nearest. */
      if (g_strcmp0 (node->handle, self->selected) == 0)
        return (int) i;
      if (d < best_d)
        best = (int) i, best_d = d;
    }
  return best;
}

/* --- the graph: drawing --- */

static void
set_source_role (cairo_t *cr, CorridorRole role, double alpha)
{
  double r, g, b;
  corridor_palette_role (role, &r, &g, &b);
  cairo_set_source_rgba (cr, r, g, b, alpha);
}

static void
edge_path (cairo_t *cr, double ax, double ay, double bx, double by, gboolean same_column)
{
  cairo_move_to (cr, ax, ay);
  if (same_column)
    {
      /* Between two actors of one role: a bow to the right of the column. */
      double bow = 24.0 + 0.3 * fabs (by - ay);
      cairo_curve_to (cr, ax + bow, ay, bx + bow, by, bx, by);
    }
  else
    {
      double dx = (bx - ax) / 2;
      cairo_curve_to (cr, ax + dx, ay, bx - dx, by, bx, by);
    }
}

static void
draw_graph (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  const CorridorNetworkLayout *layout = self->layout;
  GdkRGBA fg;

  if (layout == NULL || layout->nodes->len == 0)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  const CorridorNetworkNode *sel = selected_node (self);
  guint n = layout->nodes->len;
  g_autofree double *px = g_new (double, n);
  g_autofree double *py = g_new (double, n);
  for (guint i = 0; i < n; i++)
    node_point (self, g_ptr_array_index (layout->nodes, i), &px[i], &py[i]);

  /* Column headings, over the columns wherever the graph is panned. */
  PangoLayout *text = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  PangoAttrList *bold = pango_attr_list_new ();
  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  for (guint c = 0; c < layout->n_columns; c++)
    {
      double bx = MARGIN + (c + 0.5) / layout->n_columns * (width - 2 * MARGIN);
      double x = (bx - width / 2.0) * self->zoom + width / 2.0 + self->pan_x;
      g_autofree char *title = g_strdup_printf ("%s (%u)", column_title (c), layout->column_size[c]);
      int tw, th;
      pango_layout_set_attributes (text, bold);
      pango_layout_set_text (text, title, -1);
      pango_layout_get_pixel_size (text, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.75);
      cairo_move_to (cr, x - tw / 2.0, (HEADER_HEIGHT - th) / 2.0 - 4);
      pango_cairo_show_layout (cr, text);
    }
  pango_layout_set_attributes (text, NULL);
  pango_attr_list_unref (bold);

  /* Edges: light, the chosen actor's drawn last and strong. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    for (guint e = 0; e < layout->edges->len; e++)
      {
        const CorridorNetworkEdge *edge = &g_array_index (layout->edges, CorridorNetworkEdge, e);
        const CorridorNetworkNode *a = g_ptr_array_index (layout->nodes, edge->a);
        const CorridorNetworkNode *b = g_ptr_array_index (layout->nodes, edge->b);
        gboolean mine = sel != NULL && (a == sel || b == sel);
        if (mine != (pass == 1))
          continue;
        double width_px = 0.75 + 4.25 * sqrt ((double) edge->messages / MAX (1u, layout->max_messages));
        guint ia = edge->a, ib = edge->b;
        if (px[ia] > px[ib])
          ia = edge->b, ib = edge->a;
        edge_path (cr, px[ia], py[ia], px[ib], py[ib], a->column == b->column);
        cairo_set_line_width (cr, width_px);
        if (mine)
          cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 0.9);
        else
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, sel != NULL ? 0.10 : 0.22);
        cairo_stroke (cr);
      }

  /* Nodes, the chosen one last. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const CorridorNetworkNode *node = g_ptr_array_index (layout->nodes, i);
        if ((node == sel) != (pass == 1))
          continue;
        double r = node_radius (self, node);
        cairo_new_sub_path (cr);
        cairo_arc (cr, px[i], py[i], r, 0, 2 * G_PI);
        set_source_role (cr, node->role, 1.0);
        cairo_fill_preserve (cr);
        cairo_set_line_width (cr, 1.0);
        cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
        cairo_stroke (cr);
        if (node == sel || (int) i == self->hover)
          {
            cairo_arc (cr, px[i], py[i], r + 3.5, 0, 2 * G_PI);
            cairo_set_line_width (cr, node == sel ? 3.0 : 1.5);
            cairo_set_source_rgba (cr, 0.208, 0.518, 0.894, 1.0);
            cairo_stroke (cr);
          }
      }

  /* Labels: all of a column when its rows leave room, else the key
   * figures, the chosen actor and the one under the pointer. */
  int line_h;
  pango_layout_set_text (text, "Xg", -1);
  pango_layout_get_pixel_size (text, NULL, &line_h);
  double col_w = (width - 2 * MARGIN) / layout->n_columns * self->zoom;
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < n; i++)
    {
      const CorridorNetworkNode *node = g_ptr_array_index (layout->nodes, i);
      double row_h = (height - HEADER_HEIGHT - MARGIN) / layout->column_size[node->column] * self->zoom;
      gboolean roomy = row_h >= line_h + 1;
      if (!roomy && node->rank >= N_LABELS_TIGHT && node != sel && (int) i != self->hover)
        continue;
      double r = node_radius (self, node);
      double lx = px[i] + r + 4;
      double room = MIN (col_w * 0.62, width - lx - 2);
      if (room < 24 || py[i] < -line_h || py[i] > height + line_h)
        continue;
      pango_layout_set_width (text, (int) (room * PANGO_SCALE));
      pango_layout_set_text (text, g_ptr_array_index (self->labels, i), -1);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, node == sel ? 1.0 : 0.85);
      cairo_move_to (cr, lx, py[i] - line_h / 2.0);
      pango_cairo_show_layout (cr, text);
    }
  g_object_unref (text);
}

/* --- the graph: input --- */

static void
on_graph_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  int i = hit_node (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self->graph));
  if (i < 0)
    {
      if (n_press == 1)
        corridor_network_view_select (self, NULL);
      return;
    }
  const CorridorNetworkNode *node = g_ptr_array_index (self->layout->nodes, i);
  corridor_network_view_select (self, node->handle);
  if (n_press == 2)
    gtk_widget_activate_action (GTK_WIDGET (self), "network.show-on-map", NULL);
}

static void
on_graph_motion (GtkEventControllerMotion *motion, double x, double y, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  int i = hit_node (self, x, y);

  self->pointer_x = x;
  self->pointer_y = y;
  if (i != self->hover)
    {
      self->hover = i;
      gtk_widget_queue_draw (GTK_WIDGET (self->graph));
    }
}

static void
on_graph_leave (GtkEventControllerMotion *motion, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);

  if (self->hover >= 0)
    {
      self->hover = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self->graph));
    }
}

static gboolean
on_graph_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                  gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  const CorridorNetworkNode *node = NULL;

  if (keyboard)
    node = selected_node (self);
  else
    {
      int i = hit_node (self, x, y);
      if (i >= 0)
        node = g_ptr_array_index (self->layout->nodes, i);
    }
  if (node == NULL)
    return FALSE;
  g_autofree char *handle = corridor_text_reveal_controls (node->handle, FALSE);
  g_autofree char *text = g_strdup_printf (_("%s\nRole: %s\nMessages: %u\nContacts (degree): %u\nBetweenness: %.3f"),
                                           handle, role_title (node->role), node->messages,
                                           node->degree, node->betweenness);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Zooms by @factor keeping the graph point under (@x, @y) in place. */
static void
zoom_at (CorridorNetworkView *self, double factor, double x, double y)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self->graph));
  double h = gtk_widget_get_height (GTK_WIDGET (self->graph));
  double zoom = CLAMP (self->zoom * factor, 1.0, ZOOM_MAX);

  if (zoom == self->zoom)
    return;
  self->pan_x = x - w / 2 - (x - w / 2 - self->pan_x) * zoom / self->zoom;
  self->pan_y = y - h / 2 - (y - h / 2 - self->pan_y) * zoom / self->zoom;
  self->zoom = zoom;
  if (zoom == 1.0)
    self->pan_x = self->pan_y = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self->graph));
}

static gboolean
on_graph_scroll (GtkEventControllerScroll *scroll, double dx, double dy, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);

  if (dy == 0)
    return FALSE;
  zoom_at (self, pow (1.2, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *drag, double x, double y, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);

  self->drag_pan_x = self->pan_x;
  self->drag_pan_y = self->pan_y;
}

static void
on_drag_update (GtkGestureDrag *drag, double dx, double dy, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);

  if (self->zoom <= 1.0)
    return;
  self->pan_x = self->drag_pan_x + dx;
  self->pan_y = self->drag_pan_y + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self->graph));
}

static gboolean
on_graph_key (GtkEventControllerKey *key, guint keyval, guint keycode, GdkModifierType state,
              gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  double cx = gtk_widget_get_width (GTK_WIDGET (self->graph)) / 2.0;
  double cy = gtk_widget_get_height (GTK_WIDGET (self->graph)) / 2.0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      zoom_at (self, 1.5, cx, cy);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      zoom_at (self, 1 / 1.5, cx, cy);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      zoom_at (self, 1.0 / self->zoom, cx, cy);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->selected == NULL)
        return FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "network.show-on-map", NULL);
      return TRUE;
    default:
      return FALSE;
    }
}

/* --- the key figures --- */

enum {
  COL_RANK,
  COL_HANDLE,
  COL_ROLE,
  COL_BETWEENNESS,
  COL_MESSAGES,
};

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_HANDLE || column == COL_ROLE ? 0.0 : 1.0);
  if (column == COL_HANDLE)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column != COL_HANDLE && column != COL_ROLE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  GtkStringObject *obj = gtk_list_item_get_item (item);
  const CorridorNetworkNode *node = self->layout != NULL
      ? corridor_network_layout_lookup (self->layout, gtk_string_object_get_string (obj))
      : NULL;
  g_autofree char *text = NULL;

  if (node == NULL)
    {
      gtk_label_set_text (label, "");
      return;
    }
  switch (column)
    {
    case COL_RANK:
      text = g_strdup_printf ("%u", node->rank + 1);
      break;
    case COL_HANDLE:
      text = corridor_text_reveal_controls (node->handle, FALSE);
      break;
    case COL_ROLE:
      text = g_strdup (role_title (node->role));
      break;
    case COL_BETWEENNESS:
      text = g_strdup_printf ("%.3f", node->betweenness);
      break;
    case COL_MESSAGES:
    default:
      text = g_strdup_printf ("%u", node->messages);
      break;
    }
  gtk_label_set_text (label, text);
}

static void
add_column (CorridorNetworkView *self, int column, const char *title, gboolean expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
  g_autoptr (GtkColumnViewColumn) col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->list, col);
}

/* GTK 4.8's column view has no scroll_to; its list view child has the
 * list.scroll-to-item action. */
static void
scroll_list_to (CorridorNetworkView *self, guint position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

static void
on_list_selected (CorridorNetworkView *self)
{
  GtkStringObject *obj;

  if (self->syncing)
    return;
  obj = gtk_single_selection_get_selected_item (self->selection);
  corridor_network_view_select (self, obj != NULL ? gtk_string_object_get_string (obj) : NULL);
}

static void
on_list_activate (GtkColumnView *list, guint position, gpointer user_data)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (user_data);
  g_autoptr (GtkStringObject) obj = g_list_model_get_item (G_LIST_MODEL (self->handles), position);

  if (obj == NULL)
    return;
  corridor_network_view_select (self, gtk_string_object_get_string (obj));
  gtk_widget_activate_action (GTK_WIDGET (self), "network.show-on-map", NULL);
}

/* --- the detail --- */

static void
update_detail (CorridorNetworkView *self)
{
  const CorridorNetworkNode *node = selected_node (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "network.show-on-map", node != NULL);
  gtk_widget_set_visible (self->detail_body, node != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_hint), node == NULL);
  if (node == NULL)
    return;

  g_autofree char *handle = corridor_text_reveal_controls (node->handle, FALSE);
  gtk_label_set_text (self->detail_title, handle);

  g_autofree char *in = g_strdup_printf (ngettext ("In %u shown shipment: %u as sender, %u as intermediary, %u as distributor",
                                                   "In %u shown shipments: %u as sender, %u as intermediary, %u as distributor",
                                                   node->shipments),
                                         node->shipments, node->roles[CORRIDOR_ROLE_SENDER],
                                         node->roles[CORRIDOR_ROLE_INTERMEDIARY],
                                         node->roles[CORRIDOR_ROLE_DISTRIBUTOR]);
  g_autofree char *role = g_strdup_printf (_("Role: %s\n%s"), role_title (node->role), in);
  gtk_label_set_text (self->detail_role, role);

  g_autofree char *counts = g_strdup_printf (_("Key figure %u of %u · betweenness %.3f\n%u contacts · %u messages"),
                                             node->rank + 1, self->layout->ranked->len,
                                             node->betweenness, node->degree, node->messages);
  gtk_label_set_text (self->detail_counts, counts);

  g_autoptr (GString) ports = g_string_new (NULL);
  for (guint i = 0; i < node->ports->len && i < N_DETAIL_LINES; i++)
    {
      const CorridorPortTie *tie = g_ptr_array_index (node->ports, i);
      g_autofree char *locode = corridor_text_reveal_controls (tie->locode, FALSE);
      if (ports->len > 0)
        g_string_append_c (ports, '\n');
      g_autoptr (GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
      if (tie->origin > 0)
        g_ptr_array_add (places, g_strdup_printf (_("origin %u"), tie->origin));
      if (tie->transit > 0)
        g_ptr_array_add (places, g_strdup_printf (_("transit %u"), tie->transit));
      if (tie->destination > 0)
        g_ptr_array_add (places, g_strdup_printf (_("destination %u"), tie->destination));
      g_ptr_array_add (places, NULL);
      g_autofree char *where = g_strjoinv (", ", (char **) places->pdata);
      g_string_append_printf (ports, ngettext ("%s: %u shipment (%s)", "%s: %u shipments (%s)",
                                               tie->shipments),
                              locode, tie->shipments, where);
    }
  if (node->ports->len > N_DETAIL_LINES)
    g_string_append_printf (ports, "\n%s", _("… and more"));
  if (node->ports->len == 0)
    g_string_append (ports, _("No ports"));
  gtk_label_set_text (self->detail_ports, ports->str);

  g_autoptr (GString) contacts = g_string_new (NULL);
  for (guint i = 0; i < node->edges->len && i < N_DETAIL_LINES; i++)
    {
      guint e = g_array_index (node->edges, guint, i);
      const CorridorNetworkNode *other = corridor_network_layout_other (self->layout, node, e);
      guint messages = g_array_index (self->layout->edges, CorridorNetworkEdge, e).messages;
      g_autofree char *name = corridor_text_reveal_controls (other->handle, FALSE);
      if (contacts->len > 0)
        g_string_append_c (contacts, '\n');
      g_string_append_printf (contacts, ngettext ("%s (%s): %u message", "%s (%s): %u messages", messages),
                              name, role_title (other->role), messages);
    }
  if (node->edges->len > N_DETAIL_LINES)
    g_string_append_printf (contacts, "\n%s", _("… and more"));
  if (node->edges->len == 0)
    g_string_append (contacts, _("No contacts among the shown actors"));
  gtk_label_set_text (self->detail_contacts, contacts->str);
}

static void
show_on_map (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (widget);

  if (self->selected == NULL || self->window == NULL)
    return;
  /* The filter reload replaces the layout later; keep the handle. */
  g_autofree char *handle = g_strdup (self->selected);
  const char *actors[] = { handle, NULL };
  g_action_group_change_action_state (G_ACTION_GROUP (self->window), "filter-actor",
                                      g_variant_new_strv (actors, -1));
  g_action_group_change_action_state (G_ACTION_GROUP (self->window), "view",
                                      g_variant_new_string ("map"));
}

/* --- a new layout --- */

static void
apply_layout (CorridorNetworkView *self, CorridorNetworkLayout *layout)
{
  g_clear_pointer (&self->layout, corridor_network_layout_free);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  self->layout = layout;
  self->hover = -1;
  self->serial++;

  guint n = layout != NULL ? layout->nodes->len : 0;
  self->labels = g_ptr_array_new_full (n, g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->labels, corridor_text_reveal_controls (
        ((CorridorNetworkNode *) g_ptr_array_index (layout->nodes, i))->handle, FALSE));

  g_autofree const char **handles = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    handles[i] = ((CorridorNetworkNode *) g_ptr_array_index (layout->ranked, i))->handle;
  self->syncing = TRUE;
  gtk_string_list_splice (self->handles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->handles)),
                          handles);
  self->syncing = FALSE;
  /* The chosen actor stays chosen while it is shown. */
  const CorridorNetworkNode *sel = selected_node (self);
  if (sel == NULL && self->selected != NULL)
    {
      g_clear_pointer (&self->selected, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, sel != NULL ? sel->rank : GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;

  if (n == 0)
    {
      gboolean no_case = self->window == NULL || corridor_window_get_store (self->window) == NULL;
      adw_status_page_set_icon_name (self->status, "network-workgroup-symbolic");
      adw_status_page_set_title (self->status, no_case ? _("No Case Open") : _("No Actors"));
      adw_status_page_set_description (self->status,
                                       no_case ? _("Open a case to see who talks to whom.")
                                               : _("None of the shown shipments names an actor. "
                                                   "Change the filters to see more."));
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "graph");

  g_autofree char *description = g_strdup_printf (_("%u actors and %u contacts among the shown shipments, "
                                                    "in columns by role"), n,
                                                  layout != NULL ? layout->edges->len : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->graph),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  update_detail (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->graph));
}

/* --- building --- */

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkLabel *
detail_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return GTK_LABEL (label);
}

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  set_source_role (cr, (CorridorRole) GPOINTER_TO_INT (user_data), 1.0);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static GtkWidget *
build_legend (void)
{
  static const CorridorRole roles[] = { CORRIDOR_ROLE_SENDER, CORRIDOR_ROLE_INTERMEDIARY,
                                        CORRIDOR_ROLE_DISTRIBUTOR, CORRIDOR_ROLE_NONE };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 8);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *swatch = g_object_new (GTK_TYPE_DRAWING_AREA, "accessible-role",
                                        GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      GINT_TO_POINTER (roles[i]), NULL);
      gtk_box_append (GTK_BOX (item), swatch);
      gtk_box_append (GTK_BOX (item), gtk_label_new (role_title (roles[i])));
      gtk_box_append (GTK_BOX (box), item);
    }
  GtkWidget *scale = gtk_label_new (_("Circle size: betweenness · Line width: messages"));
  gtk_widget_add_css_class (scale, "dim-label");
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_label_set_xalign (GTK_LABEL (scale), 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (scale), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Legend"), -1);
  return box;
}

static GtkWidget *
build_graph (CorridorNetworkView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *area = gtk_drawing_area_new ();

  self->graph = GTK_DRAWING_AREA (area);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_widget_set_vexpand (area, TRUE);
  gtk_widget_set_focusable (area, TRUE);
  gtk_widget_set_size_request (area, 320, 240);
  gtk_widget_set_has_tooltip (area, TRUE);
  gtk_widget_set_name (area, "network-graph");
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Actor network"), -1);
  gtk_drawing_area_set_draw_func (self->graph, draw_graph, self, NULL);
  g_signal_connect (area, "query-tooltip", G_CALLBACK (on_graph_tooltip), self);

  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_graph_pressed), self);
  gtk_widget_add_controller (area, GTK_EVENT_CONTROLLER (click));
  GtkGesture *drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (area, GTK_EVENT_CONTROLLER (drag));
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_graph_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_graph_leave), self);
  gtk_widget_add_controller (area, motion);
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_graph_scroll), self);
  gtk_widget_add_controller (area, scroll);
  GtkEventController *key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_graph_key), self);
  gtk_widget_add_controller (area, key);

  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), build_legend ());
  return box;
}

static GtkWidget *
build_side (CorridorNetworkView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = heading (_("Key Figures"));

  gtk_widget_set_size_request (box, 400, -1);
  gtk_widget_set_margin_top (title, 8);
  gtk_widget_set_margin_start (title, 12);
  gtk_box_append (GTK_BOX (box), title);

  self->handles = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->handles)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_list_selected), self);
  self->list = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection))));
  gtk_widget_set_name (GTK_WIDGET (self->list), "network-key-figures");
  gtk_column_view_set_show_row_separators (self->list, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Key figures, ranked by betweenness"), -1);
  g_signal_connect (self->list, "activate", G_CALLBACK (on_list_activate), self);
  add_column (self, COL_RANK, C_("rank", "#"), FALSE);
  add_column (self, COL_HANDLE, _("Handle"), TRUE);
  add_column (self, COL_ROLE, _("Role"), FALSE);
  add_column (self, COL_BETWEENNESS, _("Betweenness"), FALSE);
  add_column (self, COL_MESSAGES, _("Messages"), FALSE);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  /* The list over the detail, the split movable. */
  GtkWidget *split = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_paned_set_start_child (GTK_PANED (split), scroller);
  gtk_paned_set_shrink_start_child (GTK_PANED (split), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (split), FALSE);
  gtk_widget_set_vexpand (split, TRUE);
  gtk_box_append (GTK_BOX (box), split);

  /* The chosen actor. */
  GtkWidget *detail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (detail, 12);
  gtk_widget_set_margin_end (detail, 12);
  gtk_widget_set_margin_top (detail, 6);
  gtk_widget_set_margin_bottom (detail, 12);
  self->detail_hint = detail_label ();
  gtk_label_set_text (self->detail_hint, _("Choose an actor in the graph or the list to see its "
                                           "ports and contacts."));
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_hint), "dim-label");
  gtk_box_append (GTK_BOX (detail), GTK_WIDGET (self->detail_hint));

  self->detail_body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->detail_title = detail_label ();
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_title), "title-4");
  self->detail_role = detail_label ();
  self->detail_counts = detail_label ();
  self->detail_ports = detail_label ();
  self->detail_contacts = detail_label ();
  gtk_box_append (GTK_BOX (self->detail_body), GTK_WIDGET (self->detail_title));
  gtk_box_append (GTK_BOX (self->detail_body), GTK_WIDGET (self->detail_role));
  gtk_box_append (GTK_BOX (self->detail_body), GTK_WIDGET (self->detail_counts));
  gtk_box_append (GTK_BOX (self->detail_body), heading (_("Ports")));
  gtk_box_append (GTK_BOX (self->detail_body), GTK_WIDGET (self->detail_ports));
  gtk_box_append (GTK_BOX (self->detail_body), heading (_("Contacts")));
  gtk_box_append (GTK_BOX (self->detail_body), GTK_WIDGET (self->detail_contacts));
  gtk_box_append (GTK_BOX (detail), self->detail_body);

  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show on Map"));
  gtk_widget_set_name (button, "network-show-on-map");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "network.show-on-map");
  gtk_widget_set_tooltip_text (button, _("Show only this actor's shipments on the map"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (detail), button);

  GtkWidget *detail_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (detail_scroller), detail);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (detail_scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (detail_scroller), 160);
  gtk_paned_set_end_child (GTK_PANED (split), detail_scroller);
  return box;
}

static void
corridor_network_view_dispose (GObject *object)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->window = NULL;
  if (self->stack != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->stack));
  self->stack = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->handles);
  g_clear_pointer (&self->layout, corridor_network_layout_free);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->data_path, g_free);
  g_clear_pointer (&self->selected, g_free);
  G_OBJECT_CLASS (corridor_network_view_parent_class)->dispose (object);
}

static void
corridor_network_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CorridorNetworkView *self = CORRIDOR_NETWORK_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SELECTED:
      g_value_set_string (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_network_view_class_init (CorridorNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = corridor_network_view_dispose;
  object_class->get_property = corridor_network_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_string ("selected", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "network.show-on-map", NULL, show_on_map);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "networkview");
}

static void
corridor_network_view_init (CorridorNetworkView *self)
{
  self->zoom = 1.0;
  self->hover = -1;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "network-workgroup-symbolic");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status), "status");

  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), build_graph (self));
  gtk_paned_set_end_child (GTK_PANED (paned), build_side (self));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_stack_add_named (self->stack, paned, "graph");
}

GtkWidget *
corridor_network_view_new (CorridorWindow *window)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (window), NULL);

  CorridorNetworkView *self = g_object_new (CORRIDOR_TYPE_NETWORK_VIEW, NULL);
  self->window = window;
  g_signal_connect_object (window, "scene-changed", G_CALLBACK (on_scene_changed), self,
                           G_CONNECT_SWAPPED);
  on_scene_changed (self);
  return GTK_WIDGET (self);
}

const CorridorNetworkLayout *
corridor_network_view_get_layout (CorridorNetworkView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), NULL);
  return self->layout;
}

gboolean
corridor_network_view_get_loading (CorridorNetworkView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), FALSE);
  return self->loading;
}

guint
corridor_network_view_get_serial (CorridorNetworkView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), 0);
  return self->serial;
}

const char *
corridor_network_view_get_selected (CorridorNetworkView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), NULL);
  return self->selected;
}

void
corridor_network_view_select (CorridorNetworkView *self, const char *handle)
{
  g_return_if_fail (CORRIDOR_IS_NETWORK_VIEW (self));

  const CorridorNetworkNode *node = self->layout != NULL
      ? corridor_network_layout_lookup (self->layout, handle) : NULL;
  const char *next = node != NULL ? node->handle : NULL;

  if (g_strcmp0 (next, self->selected) != 0)
    {
      g_free (self->selected);
      self->selected = g_strdup (next);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  guint position = node != NULL ? node->rank : GTK_INVALID_LIST_POSITION;
  if (gtk_single_selection_get_selected (self->selection) != position)
    {
      self->syncing = TRUE;
      gtk_single_selection_set_selected (self->selection, position);
      self->syncing = FALSE;
      if (node != NULL)
        scroll_list_to (self, position);
    }
  update_detail (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->graph));
}

GtkWidget *
corridor_network_view_get_key_figures (CorridorNetworkView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), NULL);
  return GTK_WIDGET (self->list);
}

GtkWidget *
corridor_network_view_get_graph (CorridorNetworkView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), NULL);
  return GTK_WIDGET (self->graph);
}

gboolean
corridor_network_view_get_node_position (CorridorNetworkView *self, const char *handle,
                                         double *x, double *y)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), FALSE);

  const CorridorNetworkNode *node = self->layout != NULL
      ? corridor_network_layout_lookup (self->layout, handle) : NULL;
  if (node == NULL)
    return FALSE;
  node_point (self, node, x, y);
  return TRUE;
}

const char *
corridor_network_view_node_at (CorridorNetworkView *self, double x, double y)
{
  g_return_val_if_fail (CORRIDOR_IS_NETWORK_VIEW (self), NULL);

  int i = hit_node (self, x, y);
  return i >= 0 ? ((CorridorNetworkNode *) g_ptr_array_index (self->layout->nodes, i))->handle : NULL;
}
