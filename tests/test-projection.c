/* test-projection.c: projection round trips, Mercator clamping, longitude
 * normalisation at the antimeridian and great-circle distances. */
#include "corridor-projection.h"
#include <math.h>

static void
test_round_trip (void)
{
  for (int p = 0; p <= 1; p++)
    for (double lat = -85.0; lat <= 85.0; lat += 0.5)
      {
        double y = corridor_projection_y_from_lat (p, lat);
        g_assert_cmpfloat_with_epsilon (corridor_projection_lat_from_y (p, y), lat, 1e-9);
      }
}

static void
test_mercator (void)
{
  CorridorProjection m = CORRIDOR_PROJECTION_MERCATOR;
  g_assert_cmpfloat_with_epsilon (corridor_projection_y_from_lat (m, 0), 0, 1e-12);
  /* The Web Mercator square: ±85.0511° is ±180 in degree units. */
  g_assert_cmpfloat_with_epsilon (corridor_projection_y_from_lat (m, CORRIDOR_MERCATOR_MAX_LAT), 180.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (corridor_projection_y_from_lat (m, 90), 180.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (corridor_projection_y_from_lat (m, -89.9), -180.0, 1e-6);
  /* 60°N: ln(tan(75°)) in degrees. */
  g_assert_cmpfloat_with_epsilon (corridor_projection_y_from_lat (m, 60), 75.456129290, 1e-6);
  g_assert_cmpfloat (corridor_projection_max_y (m), ==, 180.0);
  g_assert_cmpfloat (corridor_projection_max_y (CORRIDOR_PROJECTION_EQUIRECTANGULAR), ==, 90.0);
}

static void
test_strings (void)
{
  CorridorProjection p;
  g_assert_true (corridor_projection_from_string ("mercator", &p));
  g_assert_cmpint (p, ==, CORRIDOR_PROJECTION_MERCATOR);
  g_assert_true (corridor_projection_from_string ("equirectangular", &p));
  g_assert_cmpint (p, ==, CORRIDOR_PROJECTION_EQUIRECTANGULAR);
  g_assert_false (corridor_projection_from_string ("robinson", &p));
  g_assert_false (corridor_projection_from_string (NULL, &p));
  g_assert_cmpstr (corridor_projection_to_string (CORRIDOR_PROJECTION_MERCATOR), ==, "mercator");
}

static void
test_normalize (void)
{
  g_assert_cmpfloat_with_epsilon (corridor_lon_normalize (180.0), -180.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (corridor_lon_normalize (-180.0), -180.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (corridor_lon_normalize (190.0), -170.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (corridor_lon_normalize (-190.0), 170.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (corridor_lon_normalize (725.0), 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (corridor_lon_normalize (4.3), 4.3, 1e-12);
}

static void
test_distance (void)
{
  /* Antwerp–Rotterdam is about 75–80 km as the crow flies. */
  double d = corridor_geo_distance_km (51.2194, 4.4025, 51.9244, 4.4777);
  g_assert_cmpfloat (d, >, 75);
  g_assert_cmpfloat (d, <, 80);
  /* Across the antimeridian the short way: 179.5°E to 179.5°W on the equator ≈ 111 km. */
  d = corridor_geo_distance_km (0, 179.5, 0, -179.5);
  g_assert_cmpfloat_with_epsilon (d, 111.19, 0.5);
  g_assert_cmpfloat_with_epsilon (corridor_geo_distance_km (10, 10, 10, 10), 0, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/projection/round-trip", test_round_trip);
  g_test_add_func ("/projection/mercator", test_mercator);
  g_test_add_func ("/projection/strings", test_strings);
  g_test_add_func ("/projection/normalize", test_normalize);
  g_test_add_func ("/projection/distance", test_distance);
  return g_test_run ();
}
