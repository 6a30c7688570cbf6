/* corridor-map-view.c: the interactive map. Invariants: a full render happens
 * only in snapshot and only when no cached image fits the current viewport;
 * while the user drags, scrolls or pinches, frames reuse the cached image
 * (translated and scaled to where it now belongs, with sea around it) and a
 * single full render follows once the interaction has been still for
 * SETTLE_MS. Viewport changes arrive as property notifications and are
 * coalesced into one queue_draw per frame. */
#include "corridor-map-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "corridor-style.h"
#include "corridor-text.h"

/* A tooltip lists this many corridors at most; a lane shared by more
 * says how many others run there. */
#define TOOLTIP_MAX_ROUTES 3

/* After the last motion of a pan or zoom, wait this long before drawing the
 * map properly: long enough to skip renders mid-gesture, short enough not
 * to be noticed. */
#define SETTLE_MS 80
/* Button and keyboard zoom step, and the scroll step per wheel notch. */
#define ZOOM_STEP 1.5
#define SCROLL_STEP 1.25
/* Touchpads scroll in surface pixels; this many make one wheel notch. */
#define PIXELS_PER_NOTCH 40.0

struct _CorridorMapView
{
  GtkWidget         parent_instance;

  CorridorViewport *viewport;
  CorridorRenderer *renderer;

  /* The last full render, the viewport it was made for and what else it
   * depended on. The texture shares the image's pixels. */
  cairo_surface_t    *image;
  GdkTexture         *texture;
  CorridorViewport   *image_viewport;
  CorridorRenderFlags image_flags;
  guint               image_generation;

  guint   generation;      /* bumped by queue_render: scene, layers, basemap */
  guint   render_count;
  gint64  mapped_at;        /* for CORRIDOR_BENCH_FIRST_FRAME */
  gboolean first_frame_reported;
  guint   settle_id;       /* pending render after an interaction */
  gboolean draw_queued;

  double  drag_last_x, drag_last_y;
  double  zoom_last_scale;

  gboolean pointer_inside;
  double   pointer_x, pointer_y;
  double   pointer_lon, pointer_lat;

  gboolean allocated;
  gboolean have_pending_fit;
  double   pending_fit[4];
};

G_DEFINE_FINAL_TYPE (CorridorMapView, corridor_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEWPORT,
  PROP_RENDERER,
  PROP_POINTER_LON,
  PROP_POINTER_LAT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MAP_CLICKED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
queue_draw_once (CorridorMapView *self)
{
  if (self->draw_queued)
    return;
  self->draw_queued = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
same_double (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
update_pointer_geo (CorridorMapView *self)
{
  double lon = NAN, lat = NAN;

  if (self->pointer_inside)
    {
      CorridorViewport *vp = self->viewport;
      CorridorProjection p = corridor_viewport_get_projection (vp);
      double scale = corridor_viewport_get_scale (vp);
      double y = corridor_viewport_get_center_y (vp)
                 - (self->pointer_y - corridor_viewport_get_height (vp) / 2.0) / scale;
      /* Above the pole (or Mercator's edge) there is no position to show. */
      if (fabs (y) <= corridor_projection_max_y (p))
        corridor_viewport_pixel_to_geo (vp, self->pointer_x, self->pointer_y, &lon, &lat);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (!same_double (lon, self->pointer_lon))
    {
      self->pointer_lon = lon;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_LON]);
    }
  if (!same_double (lat, self->pointer_lat))
    {
      self->pointer_lat = lat;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_LAT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_viewport_notify (CorridorMapView *self)
{
  update_pointer_geo (self);
  queue_draw_once (self);
}

static gboolean
settle_cb (gpointer user_data)
{
  CorridorMapView *self = user_data;
  self->settle_id = 0;
  queue_draw_once (self);
  return G_SOURCE_REMOVE;
}

/* Marks the view as moving: frames until SETTLE_MS after the last call
 * reuse the cached image. */
static void
interacted (CorridorMapView *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
  queue_draw_once (self);
}

static CorridorRenderFlags
current_flags (CorridorMapView *self)
{
  return self->renderer ? corridor_renderer_get_flags (self->renderer) : 0;
}

/* The cached image can stand in for the current view (moved and scaled). */
static gboolean
cache_compatible (CorridorMapView *self)
{
  if (self->texture == NULL || self->image_viewport == NULL)
    return FALSE;
  if (self->image_generation != self->generation || self->image_flags != current_flags (self))
    return FALSE;
  if (corridor_viewport_get_projection (self->image_viewport)
      != corridor_viewport_get_projection (self->viewport))
    return FALSE;
  /* The viewport re-normalises x after long pans; then the offset below
   * would be a full turn off, so draw afresh instead. */
  double dx = fabs (corridor_viewport_get_center_x (self->image_viewport)
                    - corridor_viewport_get_center_x (self->viewport));
  return dx < 180.0;
}

/* The cached image is exactly right for the current view. */
static gboolean
cache_exact (CorridorMapView *self)
{
  if (!cache_compatible (self))
    return FALSE;
  CorridorViewport *a = self->image_viewport, *b = self->viewport;
  return corridor_viewport_get_width (a) == corridor_viewport_get_width (b)
         && corridor_viewport_get_height (a) == corridor_viewport_get_height (b)
         && corridor_viewport_get_scale (a) == corridor_viewport_get_scale (b)
         && corridor_viewport_get_center_x (a) == corridor_viewport_get_center_x (b)
         && corridor_viewport_get_center_y (a) == corridor_viewport_get_center_y (b);
}

static void
drop_cache (CorridorMapView *self)
{
  g_clear_object (&self->texture);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_object (&self->image_viewport);
}

static gboolean
quit_after_report (gpointer data)
{
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

/* bench/run measures "window shown to first map frame": the time from
 * this widget being mapped to its first render with the basemap loaded. */
static void
report_first_frame (CorridorMapView *self)
{
  if (self->first_frame_reported || self->mapped_at == 0 ||
      g_getenv ("CORRIDOR_BENCH_FIRST_FRAME") == NULL ||
      corridor_renderer_get_basemap (self->renderer) == NULL)
    return;
  self->first_frame_reported = TRUE;
  g_print ("first map frame: %.1f ms after the window was shown\n",
           (g_get_monotonic_time () - self->mapped_at) / 1000.0);
  g_idle_add (quit_after_report, NULL);
}

static void
render_now (CorridorMapView *self)
{
  drop_cache (self);
  if (self->renderer == NULL)
    return;

  cairo_surface_t *image = corridor_renderer_render_image (self->renderer, self->viewport);
  if (image == NULL)
    return;
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS
      || cairo_image_surface_get_format (image) != CAIRO_FORMAT_ARGB32)
    {
      cairo_surface_destroy (image);
      return;
    }
  cairo_surface_flush (image);

  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  /* The texture borrows cairo's pixels; the bytes keep the surface alive. */
  g_autoptr (GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (image),
                                                         (gsize) stride * h,
                                                         (GDestroyNotify) cairo_surface_destroy,
                                                         cairo_surface_reference (image));
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  GdkMemoryFormat format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
#else
  GdkMemoryFormat format = GDK_MEMORY_A8R8G8B8_PREMULTIPLIED;
#endif
  self->texture = gdk_memory_texture_new (w, h, format, bytes, stride);
  self->image = image;
  self->image_viewport = corridor_viewport_copy (self->viewport);
  self->image_flags = current_flags (self);
  self->image_generation = self->generation;
  self->render_count++;
  report_first_frame (self);
}

static void
append_sea (GtkSnapshot *snapshot, int width, int height)
{
  GdkRGBA sea = { corridor_style_sea.r, corridor_style_sea.g, corridor_style_sea.b, 1.0 };
  gtk_snapshot_append_color (snapshot, &sea, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Draws the cached image where its content belongs in the current view:
 * a pixel p of the old image lands at k * p + t. */
static void
append_preview (CorridorMapView *self, GtkSnapshot *snapshot, int width, int height)
{
  CorridorViewport *old = self->image_viewport, *cur = self->viewport;
  double s0 = corridor_viewport_get_scale (old), s = corridor_viewport_get_scale (cur);
  double w0 = corridor_viewport_get_width (old), h0 = corridor_viewport_get_height (old);
  double k = s / s0;
  double tx = (corridor_viewport_get_center_x (old) - corridor_viewport_get_center_x (cur)) * s
              + width / 2.0 - k * w0 / 2.0;
  double ty = (corridor_viewport_get_center_y (cur) - corridor_viewport_get_center_y (old)) * s
              + height / 2.0 - k * h0 / 2.0;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  append_sea (snapshot, width, height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (tx, ty));
  gtk_snapshot_scale (snapshot, k, k);
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, w0, h0));
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
corridor_map_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CorridorMapView *self = CORRIDOR_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  self->draw_queued = FALSE;
  if (width <= 0 || height <= 0)
    return;

  if (!cache_exact (self))
    {
      if (self->settle_id != 0 && cache_compatible (self))
        {
          append_preview (self, snapshot, width, height);
          return;
        }
      render_now (self);
    }

  if (self->texture == NULL)
    {
      append_sea (snapshot, width, height);
      return;
    }
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (0, 0,
                                                    corridor_viewport_get_width (self->image_viewport),
                                                    corridor_viewport_get_height (self->image_viewport)));
}

static void
corridor_map_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (corridor_map_view_parent_class)->map (widget);
  if (CORRIDOR_MAP_VIEW (widget)->mapped_at == 0)
    CORRIDOR_MAP_VIEW (widget)->mapped_at = g_get_monotonic_time ();
}

static void
corridor_map_view_unmap (GtkWidget *widget)
{
  /* An unmapped widget gets no snapshot; the next map redraws it anyway. */
  CORRIDOR_MAP_VIEW (widget)->draw_queued = FALSE;
  GTK_WIDGET_CLASS (corridor_map_view_parent_class)->unmap (widget);
}

static void
corridor_map_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline,
                           int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 800;
    }
  else
    {
      *minimum = 150;
      *natural = 500;
    }
}

static void
corridor_map_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CorridorMapView *self = CORRIDOR_MAP_VIEW (widget);
  gboolean changed = width != corridor_viewport_get_width (self->viewport)
                     || height != corridor_viewport_get_height (self->viewport);

  /* The viewport keeps its centre and scale when resized. */
  corridor_viewport_set_size (self->viewport, width, height);

  if (!self->allocated)
    {
      self->allocated = TRUE;
      if (self->have_pending_fit)
        corridor_viewport_fit_bbox (self->viewport, self->pending_fit[0], self->pending_fit[1],
                                    self->pending_fit[2], self->pending_fit[3]);
      else
        corridor_viewport_fit_world (self->viewport);
      self->have_pending_fit = FALSE;
    }
  else if (changed)
    {
      /* A window being resized is an interaction too. */
      interacted (self);
    }
}

/* --- gestures --- */

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, CorridorMapView *self)
{
  self->drag_last_x = 0;
  self->drag_last_y = 0;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
on_drag_update (GtkGestureDrag *gesture, double offset_x, double offset_y, CorridorMapView *self)
{
  double dx = offset_x - self->drag_last_x, dy = offset_y - self->drag_last_y;
  self->drag_last_x = offset_x;
  self->drag_last_y = offset_y;
  if (dx == 0 && dy == 0)
    return;
  corridor_viewport_pan_pixels (self->viewport, dx, dy);
  interacted (self);
}

static void
on_drag_end (GtkGestureDrag *gesture, double offset_x, double offset_y, CorridorMapView *self)
{
  on_drag_update (gesture, offset_x, offset_y, self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
}

static void
zoom_about (CorridorMapView *self, double factor, double px, double py)
{
  corridor_viewport_zoom_at (self->viewport, factor, px, py);
  interacted (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, CorridorMapView *self)
{
  if (dy == 0)
    return FALSE;
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    dy /= PIXELS_PER_NOTCH;

  double px = corridor_viewport_get_width (self->viewport) / 2.0;
  double py = corridor_viewport_get_height (self->viewport) / 2.0;
  if (self->pointer_inside)
    {
      px = self->pointer_x;
      py = self->pointer_y;
    }
  zoom_about (self, pow (SCROLL_STEP, -dy), px, py);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture *gesture, GdkEventSequence *sequence, CorridorMapView *self)
{
  self->zoom_last_scale = 1.0;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture, double scale, CorridorMapView *self)
{
  double cx, cy;

  if (!(scale > 0) || !(self->zoom_last_scale > 0))
    return;
  double factor = scale / self->zoom_last_scale;
  self->zoom_last_scale = scale;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = corridor_viewport_get_width (self->viewport) / 2.0;
      cy = corridor_viewport_get_height (self->viewport) / 2.0;
    }
  zoom_about (self, factor, cx, cy);
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CorridorMapView *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  update_pointer_geo (self);
}

static void
on_leave (GtkEventControllerMotion *controller, CorridorMapView *self)
{
  self->pointer_inside = FALSE;
  update_pointer_geo (self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, CorridorMapView *self)
{
  /* Leave Ctrl/Alt combinations to the window's accelerators. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;

  double step_x = corridor_viewport_get_width (self->viewport) / 8.0;
  double step_y = corridor_viewport_get_height (self->viewport) / 8.0;
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      corridor_map_view_zoom_in (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      corridor_map_view_zoom_out (self);
      return TRUE;
    /* Arrow keys move the view, so the map content moves the other way. */
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      corridor_viewport_pan_pixels (self->viewport, step_x, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      corridor_viewport_pan_pixels (self->viewport, -step_x, 0);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      corridor_viewport_pan_pixels (self->viewport, 0, step_y);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      corridor_viewport_pan_pixels (self->viewport, 0, -step_y);
      break;
    default:
      return FALSE;
    }
  interacted (self);
  return TRUE;
}

static char *
format_kg (double kg)
{
  if (!(kg > 0))
    return g_strdup ("0");
  if (kg >= 1000.0)
    return g_strdup_printf ("%.1f t", kg / 1000.0);
  return g_strdup_printf ("%.0f", kg);
}

static void
append_route_tooltip (GString *out, const CorridorRoute *r)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint k = 0; k < r->stops->len; k++)
    {
      const CorridorStop *stop = &g_array_index (r->stops, CorridorStop, k);
      g_autofree char *name = corridor_text_reveal_controls (stop->name ? stop->name
                                                                        : stop->locode, FALSE);
      if (k > 0)
        g_string_append (names, " → ");
      g_string_append (names, name);
    }

  /* Only known quantities add up: none known is not "0 kg". */
  g_autofree char *kg = r->total_kg > 0 ? g_strdup_printf (_("%'.0f kg"), r->total_kg)
                                        : g_strdup (_("quantity unknown"));
  g_autofree char *count = g_strdup_printf (ngettext ("%u shipment", "%u shipments",
                                                      r->n_shipments), r->n_shipments);
  g_autofree char *span = NULL;
  if (r->first_date == NULL)
    span = g_strdup (_("dates unknown"));
  else if (g_strcmp0 (r->first_date, r->last_date) == 0 || r->last_date == NULL)
    span = g_strdup (r->first_date);
  else
    span = g_strdup_printf ("%s – %s", r->first_date, r->last_date);

  /* Translators: a corridor's tooltip: its ports, then shipments · kg,
   * then the dates it spans. */
  g_autofree char *markup = g_markup_printf_escaped (_("<b>%s</b>\n%s · %s\n%s"), names->str,
                                                     count, kg, span);
  g_string_append (out, markup);
}

char *
corridor_map_view_routes_tooltip (GPtrArray *routes)
{
  g_return_val_if_fail (routes != NULL, NULL);

  if (routes->len == 0)
    return NULL;
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < routes->len && i < TOOLTIP_MAX_ROUTES; i++)
    {
      if (i > 0)
        g_string_append (out, "\n\n");
      append_route_tooltip (out, g_ptr_array_index (routes, i));
    }
  if (routes->len > TOOLTIP_MAX_ROUTES)
    {
      guint more = routes->len - TOOLTIP_MAX_ROUTES;
      g_autofree char *text = g_strdup_printf (ngettext ("and %u more corridor here",
                                                         "and %u more corridors here", more),
                                               more);
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      g_string_append_printf (out, "\n\n<i>%s</i>", escaped);
    }
  return g_string_free (out, FALSE);
}

static gboolean
on_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_mode,
                  GtkTooltip *tooltip, gpointer user_data)
{
  CorridorMapView *self = CORRIDOR_MAP_VIEW (widget);

  if (self->renderer == NULL || keyboard_mode)
    return FALSE;
  const CorridorPortSummary *port = corridor_renderer_port_at (self->renderer, self->viewport,
                                                               x, y);
  if (port == NULL)
    {
      g_autoptr (GPtrArray) routes = corridor_renderer_routes_at (self->renderer,
                                                                  self->viewport, x, y);
      g_autofree char *markup = corridor_map_view_routes_tooltip (routes);
      if (markup == NULL)
        return FALSE;
      gtk_tooltip_set_markup (tooltip, markup);
      return TRUE;
    }

  g_autofree char *kg_out = format_kg (port->kg_out);
  g_autofree char *kg_in = format_kg (port->kg_in);
  /* Translators: a port's tooltip; the numbers are shipment counts and weights. */
  g_autofree char *markup = g_markup_printf_escaped (_("<b>%s</b> (%s)\n"
                                                       "Shipments: %u out · %u in · %u transit\n"
                                                       "kg: %s out · %s in"),
                                                     port->name ? port->name : port->locode,
                                                     port->locode, port->n_out, port->n_in,
                                                     port->n_transit, kg_out, kg_in);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* A click (press and release without a drag) on a port selects the port,
 * anywhere else the corridors under it, possibly none. */
static void
on_click_released (GtkGestureClick *gesture, int n_press, double x, double y,
                   CorridorMapView *self)
{
  g_autoptr (GStrvBuilder) keys = g_strv_builder_new ();
  g_auto (GStrv) strv = NULL;
  const char *locode = NULL;

  if (n_press != 1 || self->renderer == NULL)
    return;
  const CorridorPortSummary *port = corridor_renderer_port_at (self->renderer, self->viewport,
                                                               x, y);
  if (port != NULL && port->n_in + port->n_out + port->n_transit > 0)
    locode = port->locode;
  else
    {
      g_autoptr (GPtrArray) routes = corridor_renderer_routes_at (self->renderer,
                                                                  self->viewport, x, y);
      for (guint i = 0; i < routes->len; i++)
        g_strv_builder_add (keys, ((const CorridorRoute *) g_ptr_array_index (routes, i))->key);
    }
  strv = g_strv_builder_end (keys);
  g_signal_emit (self, signals[SIGNAL_MAP_CLICKED], 0, strv, locode);
}

/* --- GObject --- */

static void
corridor_map_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CorridorMapView *self = CORRIDOR_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;
    case PROP_RENDERER:
      g_value_set_object (value, self->renderer);
      break;
    case PROP_POINTER_LON:
      g_value_set_double (value, self->pointer_lon);
      break;
    case PROP_POINTER_LAT:
      g_value_set_double (value, self->pointer_lat);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_map_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  CorridorMapView *self = CORRIDOR_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      corridor_map_view_set_renderer (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_map_view_dispose (GObject *object)
{
  CorridorMapView *self = CORRIDOR_MAP_VIEW (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  drop_cache (self);
  if (self->viewport)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_object (&self->viewport);
  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (corridor_map_view_parent_class)->dispose (object);
}

static void
corridor_map_view_class_init (CorridorMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = corridor_map_view_get_property;
  object_class->set_property = corridor_map_view_set_property;
  object_class->dispose = corridor_map_view_dispose;

  widget_class->snapshot = corridor_map_view_snapshot;
  widget_class->map = corridor_map_view_map;
  widget_class->measure = corridor_map_view_measure;
  widget_class->size_allocate = corridor_map_view_size_allocate;
  widget_class->unmap = corridor_map_view_unmap;

  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, CORRIDOR_TYPE_VIEWPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RENDERER] =
    g_param_spec_object ("renderer", NULL, NULL, CORRIDOR_TYPE_RENDERER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  /* GParamSpecDouble rejects a NAN default; the value starts as NAN all the
   * same (set in init), meaning "not over the map". */
  properties[PROP_POINTER_LON] =
    g_param_spec_double ("pointer-lon", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POINTER_LAT] =
    g_param_spec_double ("pointer-lat", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CorridorMapView::map-clicked:
   * @keys: the corridors (CorridorRoute keys) under the click, topmost first;
   *   empty when the click hit a port or nothing
   * @locode: (nullable): the busy port clicked, or NULL
   */
  signals[SIGNAL_MAP_CLICKED] =
    g_signal_new ("map-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRV, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
corridor_map_view_init (CorridorMapView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag, *zoom, *click;
  GtkEventController *controller;

  self->pointer_lon = NAN;
  self->pointer_lat = NAN;
  self->viewport = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 800, 500);
  g_signal_connect_swapped (self->viewport, "notify", G_CALLBACK (on_viewport_notify), self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (widget, "grab");
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map"), -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));
  /* Grouped so that a pinch and a one-finger pan share their touches. */
  gtk_gesture_group (zoom, drag);

  /* Not grouped with the drag: it sees the same press and gives up by
   * itself once the pointer moves past the drag threshold. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, controller);
}

/* --- public API --- */

GtkWidget *
corridor_map_view_new (CorridorRenderer *renderer)
{
  g_return_val_if_fail (renderer == NULL || CORRIDOR_IS_RENDERER (renderer), NULL);
  return g_object_new (CORRIDOR_TYPE_MAP_VIEW, "renderer", renderer, NULL);
}

CorridorViewport *
corridor_map_view_get_viewport (CorridorMapView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_VIEW (self), NULL);
  return self->viewport;
}

CorridorRenderer *
corridor_map_view_get_renderer (CorridorMapView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_VIEW (self), NULL);
  return self->renderer;
}

void
corridor_map_view_set_renderer (CorridorMapView *self, CorridorRenderer *renderer)
{
  g_return_if_fail (CORRIDOR_IS_MAP_VIEW (self));
  g_return_if_fail (renderer == NULL || CORRIDOR_IS_RENDERER (renderer));

  if (!g_set_object (&self->renderer, renderer))
    return;
  corridor_map_view_queue_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDERER]);
}

void
corridor_map_view_zoom_in (CorridorMapView *self)
{
  g_return_if_fail (CORRIDOR_IS_MAP_VIEW (self));
  zoom_about (self, ZOOM_STEP, corridor_viewport_get_width (self->viewport) / 2.0,
              corridor_viewport_get_height (self->viewport) / 2.0);
}

void
corridor_map_view_zoom_out (CorridorMapView *self)
{
  g_return_if_fail (CORRIDOR_IS_MAP_VIEW (self));
  zoom_about (self, 1.0 / ZOOM_STEP, corridor_viewport_get_width (self->viewport) / 2.0,
              corridor_viewport_get_height (self->viewport) / 2.0);
}

void
corridor_map_view_zoom_reset (CorridorMapView *self)
{
  g_return_if_fail (CORRIDOR_IS_MAP_VIEW (self));
  corridor_viewport_fit_world (self->viewport);
  queue_draw_once (self);
}

void
corridor_map_view_fit_bbox (CorridorMapView *self, double west, double south,
                            double east, double north)
{
  g_return_if_fail (CORRIDOR_IS_MAP_VIEW (self));

  if (!self->allocated)
    {
      self->have_pending_fit = TRUE;
      self->pending_fit[0] = west;
      self->pending_fit[1] = south;
      self->pending_fit[2] = east;
      self->pending_fit[3] = north;
      return;
    }
  corridor_viewport_fit_bbox (self->viewport, west, south, east, north);
  queue_draw_once (self);
}

void
corridor_map_view_queue_render (CorridorMapView *self)
{
  g_return_if_fail (CORRIDOR_IS_MAP_VIEW (self));
  self->generation++;
  queue_draw_once (self);
}

guint
corridor_map_view_get_render_count (CorridorMapView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_VIEW (self), 0);
  return self->render_count;
}

cairo_surface_t *
corridor_map_view_get_cached_image (CorridorMapView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_VIEW (self), NULL);
  return self->image;
}

double
corridor_map_view_get_pointer_lon (CorridorMapView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_VIEW (self), NAN);
  return self->pointer_lon;
}

double
corridor_map_view_get_pointer_lat (CorridorMapView *self)
{
  g_return_val_if_fail (CORRIDOR_IS_MAP_VIEW (self), NAN);
  return self->pointer_lat;
}
