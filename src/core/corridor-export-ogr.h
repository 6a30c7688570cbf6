/* corridor-export-ogr.h: shipments as GeoPackage and KML, written through
 * GDAL's OGR, and as plain CSV. Same records and field meanings as the
 * GeoJSON export (corridor-export.h); each file records the filters. */
#pragma once

#include <glib.h>
#include "corridor-filter.h"

G_BEGIN_DECLS

/* All three replace @path when it exists, and only once the new file is
 * complete (a failed export leaves the old one). @routes:
 * corridor_sea_route_key() -> CorridorSeaRoute* (may be NULL, or miss a
 * key: that line is then straight between its stops). @filter may be NULL.
 * Errors (CORRIDOR_ERROR_IO) carry GDAL's message; nothing is printed. */

/* OGC GeoPackage, EPSG:4326, with R-tree indexes: layers "shipments" (one
 * line each), "ports" (points) and "corridors" (one line per origin ->
 * destination pair, with totals). The filters go to gpkg_metadata: a JSON
 * row (corridor_export_filters_json) and GDAL's own dataset metadata. */
gboolean corridor_export_gpkg (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                               const char *case_path, const char *path, GError **error);

/* KML 2.2 for Google Earth: folders "Shipments" (lines coloured by outcome,
 * as on the map) and "Ports"; the filters in the document's description. */
gboolean corridor_export_kml  (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                               const char *case_path, const char *path, GError **error);

/* RFC 4180: one header row, one shipment per row, CRLF line ends, list
 * fields joined by ';'. The filters go to corridor_export_csv_sidecar_path(). */
gboolean corridor_export_csv  (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                               const char *case_path, const char *path, GError **error);

/* OUT.csv -> OUT.json (any case of ".csv"); any other name gets ".json" appended. */
char    *corridor_export_csv_sidecar_path (const char *csv_path);

/* Appends one RFC 4180 field: quoted, with quotes doubled, when it holds
 * a comma, a quote, CR or LF; as is otherwise. NULL is an empty field. */
void     corridor_export_csv_append_field (GString *out, const char *field);

G_END_DECLS
