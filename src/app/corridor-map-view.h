/* corridor-map-view.h: the interactive map widget. It owns a CorridorViewport
 * (the map state, shared with nothing else) and draws through a
 * CorridorRenderer, caching the last full render so that pan and zoom frames
 * only move or scale that image until the interaction settles. */
#pragma once

#include <gtk/gtk.h>
#include <cairo.h>
#include "corridor-renderer.h"
#include "corridor-viewport.h"

G_BEGIN_DECLS

#define CORRIDOR_TYPE_MAP_VIEW (corridor_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CorridorMapView, corridor_map_view, CORRIDOR, MAP_VIEW, GtkWidget)

GtkWidget        *corridor_map_view_new          (CorridorRenderer *renderer);

CorridorViewport *corridor_map_view_get_viewport (CorridorMapView *self);
CorridorRenderer *corridor_map_view_get_renderer (CorridorMapView *self);
void              corridor_map_view_set_renderer (CorridorMapView *self,
                                                  CorridorRenderer *renderer);

void corridor_map_view_zoom_in    (CorridorMapView *self);
void corridor_map_view_zoom_out   (CorridorMapView *self);
/* Back to the whole world. */
void corridor_map_view_zoom_reset (CorridorMapView *self);
/* Shows the box (degrees). Before the first allocation the request is kept
 * and applied once the widget knows its size. */
void corridor_map_view_fit_bbox   (CorridorMapView *self, double west, double south,
                                   double east, double north);

/* Call after the renderer's scene, layers, flags or basemap changed: the
 * cached image is dropped and the map is drawn again on the next frame. */
void corridor_map_view_queue_render (CorridorMapView *self);

/* The number of full renders so far (for tests and benchmarks). */
guint            corridor_map_view_get_render_count  (CorridorMapView *self);
/* The last full render (ARGB32, the viewport's size) or NULL; borrowed. */
cairo_surface_t *corridor_map_view_get_cached_image  (CorridorMapView *self);

/* A click on the map emits "map-clicked" (GStrv keys, const char *locode)
 * with the corridors or the busy port under it: the window selects the
 * corridors and filters by the port. Hovering shows a port's or the
 * corridors' traffic in a tooltip. */

/* The tooltip (Pango markup) a hover over corridors shows, for @routes
 * (const CorridorRoute*, topmost first, as corridor_renderer_routes_at
 * gives them): each one's ports in order, shipments, total kg and date
 * span, the first few of them. Port names have their controls revealed
 * and are escaped. NULL when @routes is empty. */
char  *corridor_map_view_routes_tooltip (GPtrArray *routes);

/* The geographic position under the pointer, NAN when it is outside. */
double corridor_map_view_get_pointer_lon (CorridorMapView *self);
double corridor_map_view_get_pointer_lat (CorridorMapView *self);

G_END_DECLS
