/* corridor-viewport.h: the map state, kept apart from any widget (as
 * libshumate does) so that the CLI and headless tests share it: projection,
 * the centre in projected units, the scale in pixels per degree of
 * longitude, and the size in pixels. x = lon (unwrapped: panning east past
 * 180 keeps increasing x), y = projected latitude. Pixel y grows downwards. */
#pragma once

#include <glib-object.h>
#include "corridor-projection.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_VIEWPORT (corridor_viewport_get_type ())
G_DECLARE_FINAL_TYPE (CorridorViewport, corridor_viewport, CORRIDOR, VIEWPORT, GObject)

CorridorViewport  *corridor_viewport_new (CorridorProjection projection, int width, int height);
CorridorViewport  *corridor_viewport_copy (CorridorViewport *self);

CorridorProjection corridor_viewport_get_projection (CorridorViewport *self);
void               corridor_viewport_set_projection (CorridorViewport *self, CorridorProjection p);
int                corridor_viewport_get_width      (CorridorViewport *self);
int                corridor_viewport_get_height     (CorridorViewport *self);
void               corridor_viewport_set_size       (CorridorViewport *self, int width, int height);
double             corridor_viewport_get_scale      (CorridorViewport *self); /* px per degree of x */
void               corridor_viewport_set_scale      (CorridorViewport *self, double scale);
double             corridor_viewport_get_center_x   (CorridorViewport *self);
double             corridor_viewport_get_center_y   (CorridorViewport *self);
void               corridor_viewport_set_center     (CorridorViewport *self, double x, double y);

/* Shows the whole box (degrees), centred and padded when its aspect differs
 * from the viewport's. west > east crosses the antimeridian. Latitudes are
 * clamped for Mercator. */
void corridor_viewport_fit_bbox (CorridorViewport *self, double west, double south,
                                 double east, double north);
/* The whole world for the projection. */
void corridor_viewport_fit_world (CorridorViewport *self);

void corridor_viewport_geo_to_pixel (CorridorViewport *self, double lon, double lat,
                                     double *px, double *py);
/* Returns lon normalised into [-180,180). */
void corridor_viewport_pixel_to_geo (CorridorViewport *self, double px, double py,
                                     double *lon, double *lat);
/* The visible x range (unwrapped longitudes) and y range (projected). */
void corridor_viewport_get_visible  (CorridorViewport *self, double *x0, double *y0,
                                     double *x1, double *y1);

/* Interaction. Zoom keeps the geographic point under (px, py) fixed. The
 * scale is clamped so the world is never smaller than the view's width/4
 * and never larger than ~1 m per pixel; y is clamped to the projection. */
void corridor_viewport_pan_pixels (CorridorViewport *self, double dx, double dy);
void corridor_viewport_zoom_at    (CorridorViewport *self, double factor, double px, double py);

G_END_DECLS
