/* corridor-renderer.h: the one map renderer (Cairo only, no GTK). The
 * screen, the printer, the CLI and the tests all draw through it, so what
 * the analyst sees is what is printed. It draws sea, land, countries,
 * coastlines, an optional graticule, user layers, ports sized by volume,
 * corridors (shipments aggregated per route, so frame time does not grow
 * with the number of shipments; coloured by outcome, status or the actors'
 * roles, the selected ones highlighted) with a legend, and non-overlapping
 * labels. */
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include "corridor-basemap.h"
#include "corridor-layer.h"
#include "corridor-viewport.h"
#include "corridor-sea-router.h"
#include "corridor-style.h"
#include "corridor-types.h"

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_RENDER_GRATICULE = 1 << 0,
  CORRIDOR_RENDER_LABELS    = 1 << 1,
  CORRIDOR_RENDER_LEGEND    = 1 << 2,
  CORRIDOR_RENDER_PORTS     = 1 << 3,
  CORRIDOR_RENDER_CORRIDORS = 1 << 4,
  CORRIDOR_RENDER_COUNTRIES = 1 << 5,
  CORRIDOR_RENDER_STRAIGHT  = 1 << 6, /* arcs instead of the sea routes */
  CORRIDOR_RENDER_DEFAULT   = 0x3f,
} CorridorRenderFlags;

/* A port as drawn, with its traffic in the current scene. */
typedef struct {
  char    locode[6];
  char   *name;
  double  lat, lon;
  guint   n_out, n_in, n_transit;  /* shipments leaving, arriving, passing */
  double  kg_out, kg_in;
} CorridorPortSummary;

/* One aggregated corridor: all shipments with the same stop sequence. */
typedef struct {
  GArray  *stops;           /* CorridorStop (names borrowed from the ports) */
  guint    n_shipments;
  double   total_kg;        /* known quantities only */
  guint    outcome_counts[CORRIDOR_N_OUTCOMES];
  CorridorOutcome dominant; /* colour by outcome */
  char    *first_date, *last_date;
  char    *key;             /* corridor_sea_route_key() of the stops */
  CorridorSeaRoute *sea;    /* the path over water, or NULL (drawn as an arc) */
  guint    status_counts[CORRIDOR_N_STATUSES];
  guint    role_counts[CORRIDOR_N_ROLES]; /* the shipments' actors per role */
  CorridorStatus dominant_status;         /* colour by status */
  CorridorRole   dominant_role;           /* colour by roles; NONE when no actor has one */
} CorridorRoute;

/* One stretch of lane that routes share, with what it carries. */
typedef struct {
  double  lon0, lat0, lon1, lat1;
  double  kg;
  guint   n_shipments;
  guint   outcome_counts[CORRIDOR_N_OUTCOMES];
  CorridorOutcome dominant;
  guint   status_counts[CORRIDOR_N_STATUSES];
  guint   role_counts[CORRIDOR_N_ROLES];
  CorridorStatus dominant_status;
  CorridorRole   dominant_role;
} CorridorLaneSegment;

/* The class (a CorridorOutcome, CorridorStatus or CorridorRole, by @mode)
 * whose colour a corridor or a lane segment is drawn in: the most common
 * one among its shipments (for roles: among their actors' known roles),
 * the lower value on a tie. */
guint    corridor_route_get_colour_class        (const CorridorRoute *route,
                                                 CorridorColourMode mode);
guint    corridor_lane_segment_get_colour_class (const CorridorLaneSegment *segment,
                                                 CorridorColourMode mode);

#define CORRIDOR_TYPE_RENDERER (corridor_renderer_get_type ())
G_DECLARE_FINAL_TYPE (CorridorRenderer, corridor_renderer, CORRIDOR, RENDERER, GObject)

CorridorRenderer *corridor_renderer_new (void);

void     corridor_renderer_set_basemap  (CorridorRenderer *self, CorridorBasemap *basemap);
CorridorBasemap *corridor_renderer_get_basemap (CorridorRenderer *self);
void     corridor_renderer_add_layer    (CorridorRenderer *self, CorridorLayer *layer);
void     corridor_renderer_remove_layer (CorridorRenderer *self, CorridorLayer *layer);
guint    corridor_renderer_get_n_layers (CorridorRenderer *self);
void     corridor_renderer_set_flags    (CorridorRenderer *self, CorridorRenderFlags flags);
CorridorRenderFlags corridor_renderer_get_flags (CorridorRenderer *self);

/* What the corridors' colours say; CORRIDOR_COLOUR_OUTCOME by default. */
void     corridor_renderer_set_colour_mode (CorridorRenderer *self, CorridorColourMode mode);
CorridorColourMode corridor_renderer_get_colour_mode (CorridorRenderer *self);
/* Bit (1 << class) for each class the current scene's corridors are drawn
 * in, in the current colour mode: what a legend lists. */
guint    corridor_renderer_get_colour_classes (CorridorRenderer *self);
/* The width scale, for legends: the most kilograms one drawn corridor
 * carries (a lane segment when routes are bundled on sea lanes, else one
 * route), 0 when no quantity is known; and the stroke width in pixels of a
 * corridor carrying @kg (NAN when no quantity is known). */
double   corridor_renderer_get_max_corridor_kg (CorridorRenderer *self);
double   corridor_renderer_get_corridor_width  (CorridorRenderer *self, double kg);

/* Corridors (CorridorRoute keys) drawn highlighted: over all the others,
 * in corridor_style_highlight on a dark casing. Kept across scenes; NULL
 * or empty clears. */
void     corridor_renderer_set_highlight (CorridorRenderer *self, const char *const *keys);
/* The highlighted keys (NULL-terminated), or NULL. */
const char *const *corridor_renderer_get_highlight (CorridorRenderer *self);

/* Replaces the scene: shipments (borrowed only during the call; the
 * renderer aggregates them into routes and port summaries) and the ports to
 * show even without traffic (may be NULL). */
void     corridor_renderer_set_scene    (CorridorRenderer *self, GPtrArray *shipments,
                                         GPtrArray *ports);
/* Sea routes for the next scenes, by corridor_sea_route_key(): a route
 * found here is drawn along the water and bundled with the others on the
 * lane segments they share; one missing is drawn as an arc. The table is
 * referenced. NULL clears. */
void     corridor_renderer_set_sea_routes (CorridorRenderer *self, GHashTable *routes);
guint    corridor_renderer_get_n_lane_segments (CorridorRenderer *self);
const CorridorLaneSegment *corridor_renderer_get_lane_segment (CorridorRenderer *self, guint index);
guint    corridor_renderer_get_n_routes (CorridorRenderer *self);
const CorridorRoute *corridor_renderer_get_route (CorridorRenderer *self, guint index);
guint    corridor_renderer_get_n_ports  (CorridorRenderer *self);
const CorridorPortSummary *corridor_renderer_get_port (CorridorRenderer *self, guint index);

/* Draws the map into @cr covering the viewport's pixels (0,0)-(w,h). Works
 * on any surface (image, PDF, SVG, recording). */
void     corridor_renderer_draw         (CorridorRenderer *self, cairo_t *cr,
                                         CorridorViewport *viewport);
/* Renders into a new ARGB32 image of the viewport's size, splitting the
 * basemap into bands drawn on all cores. */
cairo_surface_t *corridor_renderer_render_image (CorridorRenderer *self,
                                                 CorridorViewport *viewport);

/* The port whose symbol is under pixel (px, py), or NULL. */
const CorridorPortSummary *corridor_renderer_port_at (CorridorRenderer *self,
                                                      CorridorViewport *viewport,
                                                      double px, double py);
/* The corridors drawn under pixel (px, py), within a few pixels of their
 * stroke, as the current flags draw them (sea lanes or arcs): several when
 * they share a lane there. Topmost (thinnest) first; the routes are
 * borrowed and stay valid until the next set_scene. Never NULL. */
GPtrArray *corridor_renderer_routes_at (CorridorRenderer *self, CorridorViewport *viewport,
                                        double px, double py); /* const CorridorRoute* */

G_END_DECLS
