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

/* {"corridor": {version, case, filters {description, ports, from, to, actors,
 * roles, min_confidence, statuses}, shipments}}: the same member as the
 * GeoJSON's, for the other formats (the CSV's .json sidecar, GeoPackage
 * metadata, KML description) and the audit log. @filter may be NULL. */
char *corridor_export_filters_json (const CorridorFilter *filter, const char *case_path, guint n_shipments);

/* Great-circle length in nautical miles through the stops, in order. */
double corridor_export_straight_length_nm (const CorridorShipment *s);

G_END_DECLS
