/* corridor-map-legend.c: the legend card over the map. Invariant: it
 * draws with the renderer's own widths and colours (corridor_renderer_
 * get_corridor_width, corridor_style_class_color), so the key cannot drift
 * from the map; it is rebuilt as a whole on update, a dozen widgets. */
#include "corridor-map-legend.h"

#include <glib/gi18n.h>
#include <math.h>

struct _CorridorMapLegend
{
  GtkWidget         parent_instance;
  CorridorRenderer *renderer;
  GtkWidget        *box;
  GtkWidget        *grid;
  GtkLabel         *title;
};

G_DEFINE_FINAL_TYPE (CorridorMapLegend, corridor_map_legend, GTK_TYPE_WIDGET)

typedef struct {
  CorridorRGBA color;
  double       width;
} Swatch;

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const Swatch *s = data;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, s->width / 2 + 1, height / 2.0);
  cairo_line_to (cr, width - s->width / 2 - 1, height / 2.0);
  /* The map's white casing, so thin strokes read the same as there. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, s->width + 1.5);
  cairo_stroke_preserve (cr);
  corridor_style_set_source (cr, &s->color);
  cairo_set_line_width (cr, s->width);
  cairo_stroke (cr);
}

static void
add_row (CorridorMapLegend *self, int row, const CorridorRGBA *color, double width,
         const char *text)
{
  Swatch *s = g_new (Swatch, 1);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  s->color = *color;
  s->width = width;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 30);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), (int) ceil (MAX (width + 4, 12)));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, s, g_free);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_grid_attach (GTK_GRID (self->grid), area, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), label, 1, row, 1, 1);
}

static void
add_heading (CorridorMapLegend *self, int row, const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  if (row > 0)
    gtk_widget_set_margin_top (label, 4);
  gtk_grid_attach (GTK_GRID (self->grid), label, 0, row, 2, 1);
}

static const char *
mode_title (CorridorColourMode mode)
{
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS: return _("Corridors by status");
    case CORRIDOR_COLOUR_ROLES: return _("Corridors by actors’ role");
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default: return _("Corridors by outcome");
    }
}

static const char *
class_label (CorridorColourMode mode, guint cls)
{
  switch (mode)
    {
    case CORRIDOR_COLOUR_STATUS:
      switch (cls)
        {
        case CORRIDOR_STATUS_CONFIRMED: return _("Confirmed");
        case CORRIDOR_STATUS_REJECTED: return _("Rejected");
        default: return _("Inferred");
        }
    case CORRIDOR_COLOUR_ROLES:
      switch (cls)
        {
        case CORRIDOR_ROLE_SENDER: return _("Mostly senders");
        case CORRIDOR_ROLE_INTERMEDIARY: return _("Mostly intermediaries");
        case CORRIDOR_ROLE_DISTRIBUTOR: return _("Mostly distributors");
        default: return _("No role known");
        }
    case CORRIDOR_COLOUR_OUTCOME:
    case CORRIDOR_N_COLOUR_MODES:
    default:
      switch (cls)
        {
        case CORRIDOR_OUTCOME_DELIVERED: return _("Delivered");
        case CORRIDOR_OUTCOME_SEIZED: return _("Seized");
        case CORRIDOR_OUTCOME_LOST: return _("Lost");
        default: return _("Outcome unknown");
        }
    }
}

/* The largest 1, 2 or 5 × 10ⁿ not above @v. */
static double
round_down_nice (double v)
{
  double p = pow (10, floor (log10 (v)));
  double m = v / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

static char *
kg_label (double kg)
{
  if (kg >= 1000)
    /* Translators: a corridor width in the legend, in tonnes. */
    return g_strdup_printf (_("%'g t"), kg / 1000);
  /* Translators: a corridor width in the legend, in kilograms. */
  return g_strdup_printf (_("%'g kg"), kg);
}

void
corridor_map_legend_update (CorridorMapLegend *self)
{
  g_return_if_fail (CORRIDOR_IS_MAP_LEGEND (self));

  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);

  CorridorRenderer *r = self->renderer;
  gboolean drawn = r != NULL
                   && (corridor_renderer_get_flags (r) & CORRIDOR_RENDER_CORRIDORS)
                   && corridor_renderer_get_n_routes (r) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self), drawn);
  if (!drawn)
    return;

  CorridorColourMode mode = corridor_renderer_get_colour_mode (r);
  int row = 0;
  gtk_label_set_label (self->title, mode_title (mode));
  guint classes = corridor_renderer_get_colour_classes (r);
  for (guint c = 0; c < corridor_colour_mode_get_n_classes (mode); c++)
    if (classes & (1u << c))
      add_row (self, row++, corridor_style_class_color (mode, c), 4, class_label (mode, c));

  /* Up to three round weights from the heaviest corridor down, each a
   * quarter or less of the one before, so the strokes differ visibly. */
  double max = corridor_renderer_get_max_corridor_kg (r);
  if (max > 0)
    {
      static const CorridorRGBA grey = { 0.45, 0.45, 0.45, 1.0 };
      double kg = max >= 1 ? round_down_nice (max) : max;
      add_heading (self, row++, _("Width: weight carried"));
      for (int i = 0; i < 3 && (kg >= 1 || i == 0); i++, kg = round_down_nice (kg / 4))
        {
          g_autofree char *text = kg_label (kg);
          add_row (self, row++, &grey, corridor_renderer_get_corridor_width (r, kg), text);
        }
    }
}

static void
collect_text (GtkWidget *widget, GString *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

char *
corridor_map_legend_dup_text (CorridorMapLegend *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_LEGEND (self), NULL);
  GString *out = g_string_new (NULL);
  collect_text (self->box, out);
  return g_string_free (out, FALSE);
}

static void
corridor_map_legend_dispose (GObject *object)
{
  CorridorMapLegend *self = CORRIDOR_MAP_LEGEND (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->renderer);
  G_OBJECT_CLASS (corridor_map_legend_parent_class)->dispose (object);
}

static void
corridor_map_legend_class_init (CorridorMapLegendClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = corridor_map_legend_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "maplegend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
corridor_map_legend_init (CorridorMapLegend *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->box, "card");
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "caption-heading");
  gtk_widget_set_margin_start (GTK_WIDGET (self->title), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->title), 8);
  gtk_widget_set_margin_top (GTK_WIDGET (self->title), 6);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title));
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 2);
  gtk_widget_set_margin_start (self->grid, 8);
  gtk_widget_set_margin_end (self->grid, 8);
  gtk_widget_set_margin_bottom (self->grid, 6);
  gtk_box_append (GTK_BOX (self->box), self->grid);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_END);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 12);
  /* A key to read, not to click: the pointer reaches the map under it. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map legend"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
corridor_map_legend_new (CorridorRenderer *renderer)
{
  g_return_val_if_fail (CORRIDOR_IS_RENDERER (renderer), NULL);

  CorridorMapLegend *self = g_object_new (CORRIDOR_TYPE_MAP_LEGEND, NULL);
  self->renderer = g_object_ref (renderer);
  corridor_map_legend_update (self);
  return GTK_WIDGET (self);
}
