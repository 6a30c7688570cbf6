/* corridor-shipment-list.c: the shipment list. Models, from the bottom: a
 * GListStore of CorridorShipmentItem (rebuilt on "scene-changed"), a
 * filter to the map selection's ids, the column view's sorter, a single
 * selection. Invariants: the window's chosen shipment is the one truth
 * about selection; the list only asks the window to choose, and mirrors
 * what the window reports, so neither side can loop. A row vanishing
 * (re-sorting, refiltering) never unchooses a shipment.
 *
 * Unknown values sort last in both directions. GTK 4.8's column view
 * sorter inverts a column's sorter for a descending sort and does not say
 * which way it sorts, so the list asks it: two probe items that differ in
 * one column only, compared through the view's sorter, give that column's
 * direction, and the column's sorter flips its answer for unknowns when
 * the direction is descending. */
#include "corridor-shipment-list.h"

#include <glib/gi18n.h>
#include <string.h>

struct _CorridorShipmentList
{
  GtkWidget parent_instance;

  CorridorWindow     *window;
  GtkWidget          *header;
  GtkLabel           *title_label;
  GtkWidget          *show_all;
  GtkWidget          *scroller;
  GtkColumnView      *view;
  GtkColumnViewColumn *columns[CORRIDOR_N_SHIPMENT_COLUMNS];

  GListStore         *items;      /* CorridorShipmentItem */
  GPtrArray          *pool;       /* the items last listed, reused by the next reload */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;

  GPtrArray          *shipments;  /* the window's, whose shipments the items wrap */
  GHashTable         *scope;      /* ids of the map selection, or NULL: all */
  char               *title;
  gboolean            syncing;    /* mirroring the window: not the user choosing */

  /* Sort directions, read from the view's sorter with the probes. */
  gboolean            descending[CORRIDOR_N_SHIPMENT_COLUMNS];
  GPtrArray          *probe_shipments;
  CorridorShipmentItem *probe_low;
  CorridorShipmentItem *probe_high[CORRIDOR_N_SHIPMENT_COLUMNS];
};

G_DEFINE_FINAL_TYPE (CorridorShipmentList, corridor_shipment_list, GTK_TYPE_WIDGET)

static const char *
column_title (CorridorShipmentColumn column)
{
  switch (column)
    {
    case CORRIDOR_SHIPMENT_COLUMN_DEPARTED: return _("Departed");
    case CORRIDOR_SHIPMENT_COLUMN_ARRIVED: return _("Arrived");
    case CORRIDOR_SHIPMENT_COLUMN_ORIGIN: return _("Origin");
    case CORRIDOR_SHIPMENT_COLUMN_DESTINATION: return _("Destination");
    case CORRIDOR_SHIPMENT_COLUMN_KG: return _("kg");
    case CORRIDOR_SHIPMENT_COLUMN_CONTAINERS: return _("Containers");
    case CORRIDOR_SHIPMENT_COLUMN_VESSEL: return _("Vessel");
    case CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE: return _("Confidence");
    case CORRIDOR_SHIPMENT_COLUMN_STATUS: return _("Status");
    case CORRIDOR_N_SHIPMENT_COLUMNS:
    default: return "";
    }
}

/* What a screen reader says for a column's cells (the column headers
 * only show the short titles). */
static const char *
column_description (CorridorShipmentColumn column)
{
  switch (column)
    {
    case CORRIDOR_SHIPMENT_COLUMN_DEPARTED: return _("Departure date");
    case CORRIDOR_SHIPMENT_COLUMN_ARRIVED: return _("Arrival date");
    case CORRIDOR_SHIPMENT_COLUMN_ORIGIN: return _("Origin port");
    case CORRIDOR_SHIPMENT_COLUMN_DESTINATION: return _("Destination port");
    case CORRIDOR_SHIPMENT_COLUMN_KG: return _("Quantity in kilograms");
    case CORRIDOR_SHIPMENT_COLUMN_CONTAINERS: return _("Containers");
    case CORRIDOR_SHIPMENT_COLUMN_VESSEL: return _("Vessel");
    case CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE: return _("Confidence");
    case CORRIDOR_SHIPMENT_COLUMN_STATUS: return _("Review status");
    case CORRIDOR_N_SHIPMENT_COLUMNS:
    default: return "";
    }
}

static gboolean
column_is_numeric (CorridorShipmentColumn column)
{
  return column == CORRIDOR_SHIPMENT_COLUMN_KG || column == CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE;
}

/* --- sorting --- */

typedef struct {
  CorridorShipmentList  *list;
  CorridorShipmentColumn column;
} ColumnSort;

static int
compare_column (gconstpointer a, gconstpointer b, gpointer user_data)
{
  ColumnSort *cs = user_data;
  CorridorShipmentItem *x = (CorridorShipmentItem *) a, *y = (CorridorShipmentItem *) b;
  int r = corridor_shipment_item_compare (x, y, cs->column);
  gboolean ux = corridor_shipment_item_is_unknown (x, cs->column);
  gboolean uy = corridor_shipment_item_is_unknown (y, cs->column);

  /* The view inverts this for a descending sort; unknowns stay last. */
  if (ux != uy && cs->list->descending[cs->column])
    return -r;
  return r;
}

static CorridorShipment *
probe_shipment (CorridorShipmentColumn changed)
{
  gboolean hi;
  CorridorShipment *s = corridor_shipment_new ();

  s->id = g_strdup_printf ("probe-%d", (int) changed);
  hi = changed == CORRIDOR_SHIPMENT_COLUMN_DEPARTED;
  s->departed = g_strdup (hi ? "2000-01-02" : "2000-01-01");
  hi = changed == CORRIDOR_SHIPMENT_COLUMN_ARRIVED;
  s->arrived = g_strdup (hi ? "2000-01-03" : "2000-01-02");
  hi = changed == CORRIDOR_SHIPMENT_COLUMN_ORIGIN;
  corridor_shipment_add_stop (s, hi ? "ZZZZZ" : "AAAAA", hi ? "Z" : "A", 0, 0);
  hi = changed == CORRIDOR_SHIPMENT_COLUMN_DESTINATION;
  corridor_shipment_add_stop (s, hi ? "ZZZZZ" : "BBBBB", hi ? "Z" : "B", 1, 1);
  s->quantity_kg = changed == CORRIDOR_SHIPMENT_COLUMN_KG ? 2 : 1;
  hi = changed == CORRIDOR_SHIPMENT_COLUMN_CONTAINERS;
  s->containers = g_new0 (char *, 2);
  s->containers[0] = g_strdup (hi ? "ZZZU0000000" : "AAAU0000000");
  s->vessel_name = g_strdup (changed == CORRIDOR_SHIPMENT_COLUMN_VESSEL ? "Z" : "A");
  s->confidence = changed == CORRIDOR_SHIPMENT_COLUMN_CONFIDENCE ? 0.9 : 0.1;
  s->status = changed == CORRIDOR_SHIPMENT_COLUMN_STATUS ? CORRIDOR_STATUS_CONFIRMED
                                                         : CORRIDOR_STATUS_INFERRED;
  return s;
}

static void
make_probes (CorridorShipmentList *self)
{
  self->probe_shipments = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  CorridorShipment *low = probe_shipment (CORRIDOR_N_SHIPMENT_COLUMNS);
  g_ptr_array_add (self->probe_shipments, low);
  self->probe_low = corridor_shipment_item_new (self->probe_shipments, low);
  for (guint c = 0; c < CORRIDOR_N_SHIPMENT_COLUMNS; c++)
    {
      CorridorShipment *high = probe_shipment (c);
      g_ptr_array_add (self->probe_shipments, high);
      self->probe_high[c] = corridor_shipment_item_new (self->probe_shipments, high);
    }
}

/* Connected before the sort model's own handler, so the directions are
 * right before it sorts again. */
static void
on_view_sorter_changed (GtkSorter *sorter, GtkSorterChange change, CorridorShipmentList *self)
{
  for (guint c = 0; c < CORRIDOR_N_SHIPMENT_COLUMNS; c++)
    self->descending[c] = gtk_sorter_compare (sorter, self->probe_low, self->probe_high[c])
                          == GTK_ORDERING_LARGER;
}

/* --- cells --- */

/* Cells are GtkInscriptions, not labels: the list view keeps up to a
 * couple of hundred rows realized, and an inscription is cheaper to make
 * and to measure (it asks for no natural width of its text). */
static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  CorridorShipmentColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), column_is_numeric (column) ? 1.0 : 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), column_is_numeric (column) ? 8 : 12);
  if (column_is_numeric (column))
    gtk_widget_add_css_class (cell, "numeric");
  g_object_set_data (G_OBJECT (cell), "column", GINT_TO_POINTER (column));
  gtk_list_item_set_child (item, cell);
}

static void
show_cell (CorridorShipmentItem *row, GtkWidget *label)
{
  CorridorShipmentColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  g_autofree char *text = corridor_shipment_item_dup_text (row, column);
  gboolean unknown = corridor_shipment_item_is_unknown (row, column);

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  if (unknown)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
  /* Translators: a cell as a screen reader reads it: "Origin port: Guayaquil". */
  g_autofree char *spoken = g_strdup_printf (_("%s: %s"), column_description (column),
                                             unknown ? _("unknown") : text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  CorridorShipmentItem *row = gtk_list_item_get_item (item);

  show_cell (row, label);
  /* A reused item changes under its row: the cell follows it. */
  g_signal_connect_object (row, "changed", G_CALLBACK (show_cell), label, 0);
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  CorridorShipmentItem *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, show_cell, label);
}

/* --- following the window --- */

static GtkWidget *
inner_list_view (CorridorShipmentList *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static guint
find_row (CorridorShipmentList *self, const char *id)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr (CorridorShipmentItem) item = g_list_model_get_item (model, i);
      if (strcmp (corridor_shipment_item_get_id (item), id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Selects the window's chosen shipment's row (none when it is not listed),
 * scrolling to it when @scroll. */
static void
sync_selection (CorridorShipmentList *self, gboolean scroll)
{
  const char *id = corridor_window_get_selected_shipment (self->window);
  CorridorShipmentItem *selected = gtk_single_selection_get_selected_item (self->selection);
  /* The selection follows its item through a re-sort: no search then. */
  guint pos = selected != NULL && id != NULL
              && strcmp (corridor_shipment_item_get_id (selected), id) == 0
              ? gtk_single_selection_get_selected (self->selection)
              : find_row (self, id);

  self->syncing = TRUE;
  if (gtk_single_selection_get_selected (self->selection) != pos)
    gtk_single_selection_set_selected (self->selection, pos);
  self->syncing = FALSE;
  /* GTK 4.8 has no gtk_column_view_scroll_to; the inner list's action
   * only moves the view, not the focus. */
  GtkWidget *list = inner_list_view (self);
  if (scroll && pos != GTK_INVALID_LIST_POSITION && list != NULL)
    gtk_widget_activate_action (list, "list.scroll-to-item", "u", pos);
}

static void
update_title (CorridorShipmentList *self, const char *selection_title)
{
  g_free (self->title);
  if (selection_title != NULL)
    {
      /* Several corridors' names come one per line; the header has one. */
      g_auto (GStrv) lines = g_strsplit (selection_title, "\n", -1);
      self->title = g_strjoinv ("; ", lines);
    }
  else
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
      self->title = g_strdup_printf (ngettext ("%u shipment", "%u shipments", n), n);
    }
  gtk_label_set_label (self->title_label, self->title);
}

/* Takes the map selection's ids from the window: only they are listed. */
static void
update_scope (CorridorShipmentList *self)
{
  const char *title = NULL;
  const char *const *ids = corridor_window_get_selection (self->window, &title);
  gboolean scoped = ids != NULL;
  gboolean same = FALSE;

  if (scoped && self->scope != NULL && g_strv_length ((char **) ids) == g_hash_table_size (self->scope))
    {
      same = TRUE;
      for (guint i = 0; ids[i] != NULL && same; i++)
        same = g_hash_table_contains (self->scope, ids[i]);
    }
  else if (!scoped && self->scope == NULL)
    same = TRUE;

  if (!same)
    {
      g_clear_pointer (&self->scope, g_hash_table_unref);
      if (scoped)
        {
          self->scope = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (guint i = 0; ids[i] != NULL; i++)
            g_hash_table_add (self->scope, g_strdup (ids[i]));
        }
      self->syncing = TRUE;
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      self->syncing = FALSE;
    }
  gtk_widget_set_visible (self->show_all, scoped);
  update_title (self, scoped ? title : NULL);
}

static gboolean
in_scope (gpointer item, gpointer user_data)
{
  CorridorShipmentList *self = user_data;

  return self->scope == NULL
         || g_hash_table_contains (self->scope, corridor_shipment_item_get_id (item));
}

static void
on_scene_changed (CorridorWindow *window, CorridorShipmentList *self)
{
  GPtrArray *shipments = corridor_window_get_shipments (window);
  guint n = shipments != NULL ? shipments->len : 0;

  /* The first rows keep their item objects with new shipments in them, so
   * GTK keeps their widgets (see corridor_shipment_item_set_shipment). */
  for (guint i = 0; i < n; i++)
    {
      CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (i < self->pool->len)
        corridor_shipment_item_set_shipment (g_ptr_array_index (self->pool, i), shipments, s);
      else
        g_ptr_array_add (self->pool, corridor_shipment_item_new (shipments, s));
    }
  if (self->pool->len > n)
    g_ptr_array_set_size (self->pool, n);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  self->shipments = shipments ? g_ptr_array_ref (shipments) : NULL;

  self->syncing = TRUE;
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       self->pool->pdata, self->pool->len);
  self->syncing = FALSE;
  update_scope (self);
  sync_selection (self, TRUE);
}

static void
on_selection_changed (CorridorWindow *window, CorridorShipmentList *self)
{
  /* During a reload the window reports its new selection before its new
   * scene; "scene-changed" follows and brings both. */
  if (corridor_window_get_shipments (window) != self->shipments)
    return;
  update_scope (self);
  sync_selection (self, TRUE);
}

/* The user moved the selection (pointer or arrow keys). */
static void
on_row_selected (GtkSingleSelection *selection, GParamSpec *pspec, CorridorShipmentList *self)
{
  CorridorShipmentItem *item = gtk_single_selection_get_selected_item (selection);

  if (self->syncing || item == NULL)
    return;
  const char *id = corridor_shipment_item_get_id (item);
  if (g_strcmp0 (id, corridor_window_get_selected_shipment (self->window)) != 0)
    corridor_window_select_shipment (self->window, id, FALSE);
}

/* Rows come and go as the sort or the filter runs: keep the chosen one
 * selected, without moving the view under the user. */
static void
on_rows_changed (GListModel *model, guint position, guint removed, guint added,
                 CorridorShipmentList *self)
{
  if (!self->syncing)
    sync_selection (self, FALSE);
  if (self->scope == NULL)
    update_title (self, NULL);
}

/* Enter or a double click: the evidence for that shipment, in the pane. */
static void
on_activate (GtkColumnView *view, guint position, CorridorShipmentList *self)
{
  g_autoptr (CorridorShipmentItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                                 position);
  if (item != NULL)
    corridor_window_select_shipment (self->window, corridor_shipment_item_get_id (item), TRUE);
}

/* --- GObject --- */

static void
corridor_shipment_list_dispose (GObject *object)
{
  CorridorShipmentList *self = CORRIDOR_SHIPMENT_LIST (object);

  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->window, self);
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->view != NULL)
    {
      GtkSorter *sorter = gtk_column_view_get_sorter (self->view);
      if (sorter != NULL)
        g_signal_handlers_disconnect_by_data (sorter, self);
    }
  g_clear_pointer (&self->header, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->view = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  g_clear_pointer (&self->scope, g_hash_table_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_object (&self->probe_low);
  for (guint c = 0; c < CORRIDOR_N_SHIPMENT_COLUMNS; c++)
    {
      g_clear_object (&self->probe_high[c]);
      self->columns[c] = NULL;
    }
  g_clear_pointer (&self->probe_shipments, g_ptr_array_unref);
  G_OBJECT_CLASS (corridor_shipment_list_parent_class)->dispose (object);
}

static void
corridor_shipment_list_class_init (CorridorShipmentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = corridor_shipment_list_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "shipmentlist");
}

static void
corridor_shipment_list_init (CorridorShipmentList *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  make_probes (self);

  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->header, 12);
  gtk_widget_set_margin_end (self->header, 6);
  gtk_widget_set_margin_top (self->header, 3);
  gtk_widget_set_margin_bottom (self->header, 3);
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->title_label));
  self->show_all = gtk_button_new_with_mnemonic (_("Show _All"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_all), "win.clear-selection");
  gtk_widget_set_tooltip_text (self->show_all, _("List every shown shipment again"));
  gtk_widget_add_css_class (self->show_all, "flat");
  gtk_widget_set_visible (self->show_all, FALSE);
  gtk_box_append (GTK_BOX (self->header), self->show_all);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  self->items = g_list_store_new (CORRIDOR_TYPE_SHIPMENT_ITEM);
  self->pool = g_ptr_array_new_with_free_func (g_object_unref);
  self->filter = gtk_custom_filter_new (in_scope, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  GtkSorter *view_sorter = gtk_column_view_get_sorter (self->view);
  /* Before the sort model connects its own handler: see the top. */
  g_signal_connect (view_sorter, "changed", G_CALLBACK (on_view_sorter_changed), self);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (view_sorter));
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (on_rows_changed), self);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  g_signal_connect (self->view, "activate", G_CALLBACK (on_activate), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Shipments"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("The shown shipments; Enter shows the evidence for the selected one"),
                                  -1);

  for (guint c = 0; c < CORRIDOR_N_SHIPMENT_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GINT_TO_POINTER (c));
      GtkColumnViewColumn *column = gtk_column_view_column_new (column_title (c), factory);
      ColumnSort *cs = g_new (ColumnSort, 1);
      cs->list = self;
      cs->column = c;
      g_autoptr (GtkCustomSorter) sorter = gtk_custom_sorter_new (compare_column, cs, g_free);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == CORRIDOR_SHIPMENT_COLUMN_ORIGIN
                                                 || c == CORRIDOR_SHIPMENT_COLUMN_DESTINATION
                                                 || c == CORRIDOR_SHIPMENT_COLUMN_VESSEL);
      gtk_column_view_append_column (self->view, column);
      self->columns[c] = column;
      g_object_unref (column);  /* the view holds it */
    }

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (self->scroller), 150);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  update_title (self, NULL);
}

GtkWidget *
corridor_shipment_list_new (CorridorWindow *window)
{
  g_return_val_if_fail (CORRIDOR_IS_WINDOW (window), NULL);

  CorridorShipmentList *self = g_object_new (CORRIDOR_TYPE_SHIPMENT_LIST, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  g_signal_connect (window, "scene-changed", G_CALLBACK (on_scene_changed), self);
  g_signal_connect (window, "selection-changed", G_CALLBACK (on_selection_changed), self);
  on_scene_changed (window, self);
  return GTK_WIDGET (self);
}

GtkColumnView *
corridor_shipment_list_get_view (CorridorShipmentList *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_LIST (self), NULL);
  return self->view;
}

GtkColumnViewColumn *
corridor_shipment_list_get_column (CorridorShipmentList *self, CorridorShipmentColumn column)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_LIST (self), NULL);
  g_return_val_if_fail ((guint) column < CORRIDOR_N_SHIPMENT_COLUMNS, NULL);
  return self->columns[column];
}

GtkSingleSelection *
corridor_shipment_list_get_selection (CorridorShipmentList *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_LIST (self), NULL);
  return self->selection;
}

gboolean
corridor_shipment_list_is_sorting (CorridorShipmentList *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_LIST (self), FALSE);
  return gtk_sort_list_model_get_pending (self->sorted) > 0;
}

const char *
corridor_shipment_list_get_title (CorridorShipmentList *self)
{
  g_return_val_if_fail (CORRIDOR_IS_SHIPMENT_LIST (self), NULL);
  return self->title;
}
