/* corridor-layer.h: one vector layer held in memory, read from a shapefile
 * through shapelib with hooks that turn its errors into a GError. Headers,
 * the .shx index and every record's bounds are checked before shapelib is
 * trusted with a file (Debian's libshp is not hardened). Coordinates are
 * WGS84 lon/lat; a layer with another .prj is reprojected with PROJ on load
 * or refused with CORRIDOR_ERROR_UNSUPPORTED_PROJECTION.
 *
 * Geometry is stored flat for fast drawing: all vertices in one array, parts
 * (rings or line strings) as offsets into it, each part with its own bbox
 * so renderers can cull without touching vertices. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_LAYER_POINTS,
  CORRIDOR_LAYER_LINES,
  CORRIDOR_LAYER_POLYGONS,
} CorridorLayerKind;

typedef struct {
  double min_x, min_y, max_x, max_y;
} CorridorBBox;

typedef struct {
  guint        first;   /* index of the first vertex in the vertex array */
  guint        count;   /* number of vertices */
  guint        feature; /* index of the feature (record) this part belongs to */
  CorridorBBox bbox;
} CorridorPart;

#define CORRIDOR_TYPE_LAYER (corridor_layer_get_type ())
G_DECLARE_FINAL_TYPE (CorridorLayer, corridor_layer, CORRIDOR, LAYER, GObject)

/* Loads @path (the .shp; the .shx and .dbf are found beside it; the .dbf is
 * optional). Errors: CORRIDOR_ERROR_INVALID_LAYER for missing, truncated or
 * malformed files, CORRIDOR_ERROR_UNSUPPORTED_PROJECTION for a .prj PROJ cannot
 * convert to WGS84. */
CorridorLayer     *corridor_layer_load         (const char *path, GError **error);

const char        *corridor_layer_get_path     (CorridorLayer *self);
/* Display name: the file's base name without extension. */
const char        *corridor_layer_get_name     (CorridorLayer *self);
CorridorLayerKind  corridor_layer_get_kind     (CorridorLayer *self);
guint              corridor_layer_get_n_features (CorridorLayer *self);
guint              corridor_layer_get_n_parts  (CorridorLayer *self);
const CorridorPart *corridor_layer_get_parts   (CorridorLayer *self);
guint              corridor_layer_get_n_vertices (CorridorLayer *self);
/* Interleaved lon, lat pairs: 2 * n_vertices doubles. */
const double      *corridor_layer_get_vertices (CorridorLayer *self);
CorridorBBox       corridor_layer_get_bbox     (CorridorLayer *self);
/* An attribute of feature @feature as text, or NULL (field missing or no .dbf). */
const char        *corridor_layer_get_attribute (CorridorLayer *self, guint feature,
                                                 const char *field);
/* TRUE if (lon, lat) lies inside a polygon of this layer (even-odd over rings). */
gboolean           corridor_layer_contains     (CorridorLayer *self, double lon, double lat);

G_END_DECLS
