/* corridor-projection.c: equirectangular and Web Mercator in "degree" units.
 * x is always the (unwrapped) longitude, so only latitude needs projecting;
 * this keeps the antimeridian a plain shift by 360 for every projection. */
#include "corridor-projection.h"

#include <math.h>
#include <string.h>

#define DEG2RAD (G_PI / 180.0)
#define RAD2DEG (180.0 / G_PI)

const char *
corridor_projection_to_string (CorridorProjection p)
{
  return p == CORRIDOR_PROJECTION_MERCATOR ? "mercator" : "equirectangular";
}

gboolean
corridor_projection_from_string (const char *s, CorridorProjection *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  if (s == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (s, "equirectangular") == 0)
    *out = CORRIDOR_PROJECTION_EQUIRECTANGULAR;
  else if (g_ascii_strcasecmp (s, "mercator") == 0)
    *out = CORRIDOR_PROJECTION_MERCATOR;
  else
    return FALSE;
  return TRUE;
}

double
corridor_projection_y_from_lat (CorridorProjection p, double lat)
{
  if (p == CORRIDOR_PROJECTION_MERCATOR)
    {
      lat = CLAMP (lat, -CORRIDOR_MERCATOR_MAX_LAT, CORRIDOR_MERCATOR_MAX_LAT);
      return RAD2DEG * log (tan (G_PI / 4.0 + lat * DEG2RAD / 2.0));
    }
  return CLAMP (lat, -90.0, 90.0);
}

double
corridor_projection_lat_from_y (CorridorProjection p, double y)
{
  if (p == CORRIDOR_PROJECTION_MERCATOR)
    {
      y = CLAMP (y, -180.0, 180.0);
      return RAD2DEG * (2.0 * atan (exp (y * DEG2RAD)) - G_PI / 2.0);
    }
  return CLAMP (y, -90.0, 90.0);
}

double
corridor_projection_max_y (CorridorProjection p)
{
  /* Web Mercator's square world: ±85.0511° maps to ±180 "degrees". */
  return p == CORRIDOR_PROJECTION_MERCATOR ? 180.0 : 90.0;
}

double
corridor_lon_normalize (double lon)
{
  if (!isfinite (lon))
    return lon;
  double r = fmod (lon + 180.0, 360.0);
  if (r < 0)
    r += 360.0;
  return r - 180.0;
}

double
corridor_geo_distance_km (double lat1, double lon1, double lat2, double lon2)
{
  const double R = 6371.0088;
  double p1 = lat1 * DEG2RAD, p2 = lat2 * DEG2RAD;
  double dp = (lat2 - lat1) * DEG2RAD, dl = (lon2 - lon1) * DEG2RAD;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);
  return 2.0 * R * atan2 (sqrt (a), sqrt (MAX (0.0, 1.0 - a)));
}
