/* corridor-sea-router.h: routes between ports over water only.
 *
 * The method (details at the top of corridor-sea-router.c): a visibility
 * graph over water, derived from the 1:50m land polygons (offset points off
 * every headland and coast, plus an open-ocean lattice), joined to the
 * hand-modelled straits, canals and rivers of maps/waterways.tsv, searched
 * with A*. Shortest paths on such a graph run from headland to headland
 * like real shipping lanes, and routes from nearby ports converge on the
 * same lane edges, which is what lets the renderer bundle them. */
#pragma once

#include <glib-object.h>
#include "corridor-layer.h"
#include "corridor-types.h"

G_BEGIN_DECLS

/* Bumped whenever the routes this code produces change; cached routes of
 * another version are ignored. */
#define CORRIDOR_SEA_ROUTER_VERSION 1

typedef enum {
  CORRIDOR_SEGMENT_SEA = 0,      /* open water, checked against land */
  CORRIDOR_SEGMENT_CONNECTOR,    /* from a port to the lane network */
  CORRIDOR_SEGMENT_WATERWAY,     /* a modelled strait, canal or river */
} CorridorSegmentKind;

typedef struct {
  GArray *points;      /* double lon, lat pairs; n_points = points->len / 2 */
  GArray *kinds;       /* guint8 CorridorSegmentKind, one per segment (n_points - 1) */
  double  length_nm;   /* along the polyline, great-circle per segment */
} CorridorSeaRoute;

CorridorSeaRoute *corridor_sea_route_new  (void);
CorridorSeaRoute *corridor_sea_route_copy (const CorridorSeaRoute *route);
void              corridor_sea_route_free (CorridorSeaRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorSeaRoute, corridor_sea_route_free)

/* A route's stop sequence as a cache key: "BEANR>ESALG>ECGYE". */
char *corridor_sea_route_key (const CorridorStop *stops, guint n_stops);

#define CORRIDOR_TYPE_SEA_ROUTER (corridor_sea_router_get_type ())
G_DECLARE_FINAL_TYPE (CorridorSeaRouter, corridor_sea_router, CORRIDOR, SEA_ROUTER, GObject)

/* Builds the lane graph from @land (polygons, lon/lat) and the waterways
 * file (NULL: none). This is the one-time preparation. */
CorridorSeaRouter *corridor_sea_router_new (CorridorLayer *land, const char *waterways_path,
                                            GError **error);
/* The router over the bundled 1:50m land and maps/waterways.tsv, built on
 * first use and shared (thread-safe). */
CorridorSeaRouter *corridor_sea_router_get_default (GError **error);

guint corridor_sea_router_get_n_nodes (CorridorSeaRouter *self);
guint corridor_sea_router_get_n_edges (CorridorSeaRouter *self);
/* A lane node's position, for inspection and tests. */
void  corridor_sea_router_get_node    (CorridorSeaRouter *self, guint index, double *lon, double *lat);

/* Routes through the stops in order (origin, transits, destination). Port
 * stops served by a modelled waterway (by LOCODE) enter the network along
 * it. Thread-safe. Fails only when no water path exists. */
CorridorSeaRoute *corridor_sea_router_route (CorridorSeaRouter *self, const CorridorStop *stops,
                                             guint n_stops, GError **error);

/* The same, preferring the open-water legs of @lanes (CorridorSeaRoute*,
 * routes already drawn in the case): legs they share cost 10% less and are
 * kept whole, so the new route joins those corridors where it can. */
CorridorSeaRoute *corridor_sea_router_route_along (CorridorSeaRouter *self, const CorridorStop *stops,
                                                   guint n_stops, GPtrArray *lanes, GError **error);

G_END_DECLS
