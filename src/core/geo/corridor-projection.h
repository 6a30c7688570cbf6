/* corridor-projection.h: the map projections. Both map longitude linearly to
 * x (in degrees), so panning across the antimeridian is a shift by 360 in x;
 * only y differs. Web Mercator's y is expressed in "degrees" too
 * (y = deg(ln tan(pi/4 + phi/2))) so that one scale fits both. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  CORRIDOR_PROJECTION_EQUIRECTANGULAR = 0,
  CORRIDOR_PROJECTION_MERCATOR,
} CorridorProjection;

#define CORRIDOR_MERCATOR_MAX_LAT 85.05112878

const char *corridor_projection_to_string   (CorridorProjection p);
gboolean    corridor_projection_from_string (const char *s, CorridorProjection *out);

/* Latitude (degrees) -> projected y (degrees-like units). Mercator clamps to ±85.05°. */
double corridor_projection_y_from_lat (CorridorProjection p, double lat);
/* Inverse of the above. */
double corridor_projection_lat_from_y (CorridorProjection p, double y);
/* The projected y range of the whole world: [-90,90] or Mercator's ±180. */
double corridor_projection_max_y      (CorridorProjection p);

/* Normalises a longitude into [-180, 180). */
double corridor_lon_normalize (double lon);

/* Great-circle distance in km between two WGS84 points (haversine, R = 6371.0088 km). */
double corridor_geo_distance_km (double lat1, double lon1, double lat2, double lon2);

G_END_DECLS
