/* test-viewport.c: pixel <-> geo round trips, fitting boxes (including
 * across the antimeridian), zoom about a fixed point, pan, notifications. */
#include "corridor-viewport.h"
#include <math.h>

static void
test_world_equirect (void)
{
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 1800, 900);
  double px, py;
  corridor_viewport_geo_to_pixel (vp, -180, 90, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 0, 1e-9);
  corridor_viewport_geo_to_pixel (vp, 0, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 900, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 450, 1e-9);
  corridor_viewport_geo_to_pixel (vp, 179.9, -90, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 1800 - 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, 900, 1e-9);
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_scale (vp), 5.0, 1e-12);
}

static void
test_round_trip (void)
{
  for (int p = 0; p <= 1; p++)
    {
      g_autoptr(CorridorViewport) vp = corridor_viewport_new (p, 1000, 700);
      corridor_viewport_fit_bbox (vp, -90, -40, 30, 60);
      for (double lon = -85; lon <= 25; lon += 7.3)
        for (double lat = -35; lat <= 55; lat += 6.1)
          {
            double px, py, lon2, lat2;
            corridor_viewport_geo_to_pixel (vp, lon, lat, &px, &py);
            corridor_viewport_pixel_to_geo (vp, px, py, &lon2, &lat2);
            g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-9);
            g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-9);
          }
    }
}

static void
test_bbox_padded (void)
{
  /* A square box in a wide view: height fits exactly, width is padded. */
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 1000, 500);
  corridor_viewport_fit_bbox (vp, 0, 0, 10, 10);
  double px, py;
  corridor_viewport_geo_to_pixel (vp, 0, 10, &px, &py);
  g_assert_cmpfloat_with_epsilon (py, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (px, 250, 1e-9);
  corridor_viewport_geo_to_pixel (vp, 10, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (py, 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (px, 750, 1e-9);
}

static void
test_bbox_antimeridian (void)
{
  /* 170°E to 170°W: 20° wide, centred on the antimeridian. */
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 400, 400);
  corridor_viewport_fit_bbox (vp, 170, -10, -170, 10);
  double px, py, lon, lat;
  corridor_viewport_geo_to_pixel (vp, 170, 10, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 0, 1e-9);
  corridor_viewport_geo_to_pixel (vp, -170, -10, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, 400, 1e-9);
  corridor_viewport_geo_to_pixel (vp, 180, 0, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 200, 1e-9);
  corridor_viewport_pixel_to_geo (vp, 300, 200, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, -175, 1e-9);
}

static void
test_mercator_world (void)
{
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_MERCATOR, 512, 512);
  corridor_viewport_fit_world (vp);
  double px, py;
  corridor_viewport_geo_to_pixel (vp, -180, CORRIDOR_MERCATOR_MAX_LAT, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, 0, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, 0, 1e-6);
  /* Poles clamp to the square's edge. */
  corridor_viewport_geo_to_pixel (vp, 0, -90, &px, &py);
  g_assert_cmpfloat_with_epsilon (py, 512, 1e-6);
}

static void
test_zoom_fixed_point (void)
{
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_MERCATOR, 800, 600);
  double lon0, lat0, lon1, lat1;
  corridor_viewport_pixel_to_geo (vp, 123, 456, &lon0, &lat0);
  double s0 = corridor_viewport_get_scale (vp);
  corridor_viewport_zoom_at (vp, 2.0, 123, 456);
  g_assert_cmpfloat_with_epsilon (corridor_viewport_get_scale (vp), 2 * s0, 1e-9);
  corridor_viewport_pixel_to_geo (vp, 123, 456, &lon1, &lat1);
  g_assert_cmpfloat_with_epsilon (lon1, lon0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat1, lat0, 1e-9);
  /* Zooming out is bounded: the world never shrinks below a quarter view. */
  for (int i = 0; i < 50; i++)
    corridor_viewport_zoom_at (vp, 0.5, 400, 300);
  g_assert_cmpfloat (corridor_viewport_get_scale (vp) * 360.0, >=, 800 / 4.0 - 1e-9);
}

static void
test_pan_wraps (void)
{
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 360, 180);
  corridor_viewport_fit_bbox (vp, 160, -10, 180, 10);
  double lon, lat;
  corridor_viewport_pan_pixels (vp, -180, 0); /* drag left: move east */
  corridor_viewport_pixel_to_geo (vp, 180, 90, &lon, &lat);
  g_assert_cmpfloat (lon, <, -169);
  g_assert_cmpfloat (lon, >, -171);
  g_assert_cmpfloat_with_epsilon (lat, 0, 1e-9);
}

static void
count_notify (GObject *o, GParamSpec *pspec, gpointer data)
{
  (*(int *) data)++;
}

static void
test_notify (void)
{
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 400, 200);
  int n = 0;
  g_signal_connect (vp, "notify::scale", G_CALLBACK (count_notify), &n);
  corridor_viewport_set_scale (vp, corridor_viewport_get_scale (vp));
  g_assert_cmpint (n, ==, 0);
  corridor_viewport_zoom_at (vp, 1.5, 10, 10);
  g_assert_cmpint (n, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewport/world-equirect", test_world_equirect);
  g_test_add_func ("/viewport/round-trip", test_round_trip);
  g_test_add_func ("/viewport/bbox-padded", test_bbox_padded);
  g_test_add_func ("/viewport/bbox-antimeridian", test_bbox_antimeridian);
  g_test_add_func ("/viewport/mercator-world", test_mercator_world);
  g_test_add_func ("/viewport/zoom-fixed-point", test_zoom_fixed_point);
  g_test_add_func ("/viewport/pan-wraps", test_pan_wraps);
  g_test_add_func ("/viewport/notify", test_notify);
  return g_test_run ();
}
