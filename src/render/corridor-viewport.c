/* corridor-viewport.c: map state without a widget. Invariants: scale > 0,
 * the centre's y stays inside the projection's world, and x is unwrapped
 * (any real number) so panning is continuous across the antimeridian. */
#include "corridor-viewport.h"

#include <math.h>

struct _CorridorViewport
{
  GObject            parent_instance;
  CorridorProjection projection;
  int                width, height;
  double             scale;     /* pixels per degree of x */
  double             cx, cy;    /* centre, projected units */
};

G_DEFINE_FINAL_TYPE (CorridorViewport, corridor_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECTION,
  PROP_SCALE,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_WIDTH,
  PROP_HEIGHT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* ~1 m per pixel at the equator: beyond this the basemap is meaningless. */
#define MAX_SCALE (111320.0)

static double
min_scale (CorridorViewport *self)
{
  /* The whole world never shrinks below a quarter of the view. */
  return MAX (1, self->width) / (4.0 * 360.0);
}

static void
clamp_state (CorridorViewport *self)
{
  double max_y = corridor_projection_max_y (self->projection);
  self->scale = CLAMP (self->scale, min_scale (self), MAX_SCALE);
  self->cy = CLAMP (self->cy, -max_y, max_y);
  /* Keep x within one turn of zero so doubles stay precise after long pans. */
  if (self->cx > 540.0 || self->cx < -540.0)
    self->cx = corridor_lon_normalize (self->cx);
}

static void
corridor_viewport_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CorridorViewport *self = CORRIDOR_VIEWPORT (object);
  switch (prop_id)
    {
    case PROP_PROJECTION: g_value_set_int (value, self->projection); break;
    case PROP_SCALE: g_value_set_double (value, self->scale); break;
    case PROP_CENTER_X: g_value_set_double (value, self->cx); break;
    case PROP_CENTER_Y: g_value_set_double (value, self->cy); break;
    case PROP_WIDTH: g_value_set_int (value, self->width); break;
    case PROP_HEIGHT: g_value_set_int (value, self->height); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
corridor_viewport_class_init (CorridorViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->get_property = corridor_viewport_get_property;

  GParamFlags f = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  properties[PROP_PROJECTION] = g_param_spec_int ("projection", NULL, NULL, 0, 1, 0, f);
  properties[PROP_SCALE] = g_param_spec_double ("scale", NULL, NULL, 0, G_MAXDOUBLE, 1, f);
  properties[PROP_CENTER_X] = g_param_spec_double ("center-x", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, f);
  properties[PROP_CENTER_Y] = g_param_spec_double ("center-y", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, f);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, f);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
corridor_viewport_init (CorridorViewport *self)
{
  self->scale = 1.0;
}

/* Emits notifications only for what changed, after the state is consistent. */
static void
notify_changes (CorridorViewport *self, CorridorProjection p, int w, int h,
                double scale, double cx, double cy)
{
  GObject *o = G_OBJECT (self);
  g_object_freeze_notify (o);
  if (p != self->projection) g_object_notify_by_pspec (o, properties[PROP_PROJECTION]);
  if (w != self->width) g_object_notify_by_pspec (o, properties[PROP_WIDTH]);
  if (h != self->height) g_object_notify_by_pspec (o, properties[PROP_HEIGHT]);
  if (scale != self->scale) g_object_notify_by_pspec (o, properties[PROP_SCALE]);
  if (cx != self->cx) g_object_notify_by_pspec (o, properties[PROP_CENTER_X]);
  if (cy != self->cy) g_object_notify_by_pspec (o, properties[PROP_CENTER_Y]);
  g_object_thaw_notify (o);
}

#define SAVE_STATE(self) \
  CorridorProjection old_p = (self)->projection; int old_w = (self)->width, old_h = (self)->height; \
  double old_s = (self)->scale, old_cx = (self)->cx, old_cy = (self)->cy
#define NOTIFY_STATE(self) notify_changes ((self), old_p, old_w, old_h, old_s, old_cx, old_cy)

CorridorViewport *
corridor_viewport_new (CorridorProjection projection, int width, int height)
{
  CorridorViewport *self = g_object_new (CORRIDOR_TYPE_VIEWPORT, NULL);
  self->projection = projection;
  self->width = MAX (1, width);
  self->height = MAX (1, height);
  corridor_viewport_fit_world (self);
  return self;
}

CorridorViewport *
corridor_viewport_copy (CorridorViewport *self)
{
  g_return_val_if_fail (CORRIDOR_IS_VIEWPORT (self), NULL);
  CorridorViewport *copy = g_object_new (CORRIDOR_TYPE_VIEWPORT, NULL);
  copy->projection = self->projection;
  copy->width = self->width;
  copy->height = self->height;
  copy->scale = self->scale;
  copy->cx = self->cx;
  copy->cy = self->cy;
  return copy;
}

CorridorProjection corridor_viewport_get_projection (CorridorViewport *self) { return self->projection; }
int corridor_viewport_get_width (CorridorViewport *self) { return self->width; }
int corridor_viewport_get_height (CorridorViewport *self) { return self->height; }
double corridor_viewport_get_scale (CorridorViewport *self) { return self->scale; }
double corridor_viewport_get_center_x (CorridorViewport *self) { return self->cx; }
double corridor_viewport_get_center_y (CorridorViewport *self) { return self->cy; }

void
corridor_viewport_set_projection (CorridorViewport *self, CorridorProjection p)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  if (p == self->projection)
    return;
  SAVE_STATE (self);
  /* Keep the geographic centre when switching. */
  double lat = corridor_projection_lat_from_y (self->projection, self->cy);
  self->projection = p;
  self->cy = corridor_projection_y_from_lat (p, lat);
  clamp_state (self);
  NOTIFY_STATE (self);
}

void
corridor_viewport_set_size (CorridorViewport *self, int width, int height)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  SAVE_STATE (self);
  self->width = MAX (1, width);
  self->height = MAX (1, height);
  clamp_state (self);
  NOTIFY_STATE (self);
}

void
corridor_viewport_set_scale (CorridorViewport *self, double scale)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  g_return_if_fail (scale > 0 && isfinite (scale));
  SAVE_STATE (self);
  self->scale = scale;
  clamp_state (self);
  NOTIFY_STATE (self);
}

void
corridor_viewport_set_center (CorridorViewport *self, double x, double y)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (x) && isfinite (y));
  SAVE_STATE (self);
  self->cx = x;
  self->cy = y;
  clamp_state (self);
  NOTIFY_STATE (self);
}

void
corridor_viewport_fit_bbox (CorridorViewport *self, double west, double south,
                            double east, double north)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  SAVE_STATE (self);
  if (east <= west)
    east += 360.0;              /* crosses the antimeridian */
  if (south > north)
    {
      double t = south;
      south = north;
      north = t;
    }
  double y0 = corridor_projection_y_from_lat (self->projection, south);
  double y1 = corridor_projection_y_from_lat (self->projection, north);
  double dx = MAX (east - west, 1e-9), dy = MAX (y1 - y0, 1e-9);
  /* The whole box must show: take the tighter of the two scales. */
  self->scale = MIN (self->width / dx, self->height / dy);
  self->cx = (west + east) / 2.0;
  self->cy = (y0 + y1) / 2.0;
  double max_y = corridor_projection_max_y (self->projection);
  self->scale = CLAMP (self->scale, 1e-6, MAX_SCALE);
  self->cy = CLAMP (self->cy, -max_y, max_y);
  NOTIFY_STATE (self);
}

void
corridor_viewport_fit_world (CorridorViewport *self)
{
  double max_lat = self->projection == CORRIDOR_PROJECTION_MERCATOR
                   ? CORRIDOR_MERCATOR_MAX_LAT : 90.0;
  corridor_viewport_fit_bbox (self, -180.0, -max_lat, 180.0, max_lat);
}

void
corridor_viewport_geo_to_pixel (CorridorViewport *self, double lon, double lat,
                                double *px, double *py)
{
  double y = corridor_projection_y_from_lat (self->projection, lat);
  /* Pick the copy of lon nearest the centre. */
  double x = self->cx + corridor_lon_normalize (lon - self->cx);
  if (px)
    *px = (x - self->cx) * self->scale + self->width / 2.0;
  if (py)
    *py = (self->cy - y) * self->scale + self->height / 2.0;
}

void
corridor_viewport_pixel_to_geo (CorridorViewport *self, double px, double py,
                                double *lon, double *lat)
{
  double x = self->cx + (px - self->width / 2.0) / self->scale;
  double y = self->cy - (py - self->height / 2.0) / self->scale;
  if (lon)
    *lon = corridor_lon_normalize (x);
  if (lat)
    *lat = corridor_projection_lat_from_y (self->projection, y);
}

void
corridor_viewport_get_visible (CorridorViewport *self, double *x0, double *y0,
                               double *x1, double *y1)
{
  double hw = self->width / 2.0 / self->scale, hh = self->height / 2.0 / self->scale;
  if (x0) *x0 = self->cx - hw;
  if (x1) *x1 = self->cx + hw;
  if (y0) *y0 = self->cy - hh;
  if (y1) *y1 = self->cy + hh;
}

void
corridor_viewport_pan_pixels (CorridorViewport *self, double dx, double dy)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  SAVE_STATE (self);
  self->cx -= dx / self->scale;
  self->cy += dy / self->scale;
  clamp_state (self);
  NOTIFY_STATE (self);
}

void
corridor_viewport_zoom_at (CorridorViewport *self, double factor, double px, double py)
{
  g_return_if_fail (CORRIDOR_IS_VIEWPORT (self));
  if (!(factor > 0) || !isfinite (factor))
    return;
  SAVE_STATE (self);
  /* The projected point under the cursor before the zoom… */
  double x = self->cx + (px - self->width / 2.0) / self->scale;
  double y = self->cy - (py - self->height / 2.0) / self->scale;
  self->scale *= factor;
  self->scale = CLAMP (self->scale, min_scale (self), MAX_SCALE);
  /* …stays under the cursor after it. */
  self->cx = x - (px - self->width / 2.0) / self->scale;
  self->cy = y + (py - self->height / 2.0) / self->scale;
  clamp_state (self);
  NOTIFY_STATE (self);
}
