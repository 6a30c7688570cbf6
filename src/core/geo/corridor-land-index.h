/* corridor-land-index.h: fast "is this over land?" questions about a polygon
 * layer, for the sea router. A uniform grid of cells over the world holds,
 * for each cell, the polygon edges that cross it; cells with no edge are
 * classified once as all-land or all-water by a scanline pass. A segment
 * test walks only the cells the segment passes through. */
#pragma once

#include <glib.h>
#include "corridor-layer.h"

G_BEGIN_DECLS

typedef struct _CorridorLandIndex CorridorLandIndex;

/* @cell_deg: cell size in degrees (0.5 suits 1:50m land). */
CorridorLandIndex *corridor_land_index_new   (CorridorLayer *land, double cell_deg);
void               corridor_land_index_free  (CorridorLandIndex *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorLandIndex, corridor_land_index_free)

/* TRUE if (lon, lat) is inside land. */
gboolean corridor_land_index_point_on_land (CorridorLandIndex *self, double lon, double lat);
/* TRUE if the straight segment (in lon/lat) touches land anywhere. Both
 * endpoints are assumed to be over water; a segment from a point on land
 * reports TRUE. */
gboolean corridor_land_index_segment_on_land (CorridorLandIndex *self, double lon0, double lat0,
                                              double lon1, double lat1);
/* Distance in km from (lon, lat) to the nearest polygon edge, searched up to
 * @max_km (returns @max_km when nothing is nearer). */
double   corridor_land_index_distance_to_coast (CorridorLandIndex *self, double lon, double lat,
                                                double max_km);

G_END_DECLS
