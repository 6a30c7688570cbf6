/* corridor-export.h: shipments as data for GIS tools. GeoJSON (RFC 7946)
 * for now: one LineString per shipment along its route, one Point per port
 * used, and the filters that chose them in a top-level "corridor" member. */
#pragma once

#include <glib.h>
#include "corridor-filter.h"

G_BEGIN_DECLS

/* @routes: corridor_sea_route_key() -> CorridorSeaRoute* (may be NULL, or
 * miss a key: that shipment's line is then straight between its stops).
 * @filter may be NULL. Returns the document, or NULL with @error. */
char *corridor_export_geojson (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                               const char *case_path, GError **error);

/* Great-circle length in nautical miles through the stops, in order. */
double corridor_export_straight_length_nm (const CorridorShipment *s);

G_END_DECLS
