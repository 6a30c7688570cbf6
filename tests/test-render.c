/* test-render.c: the renderer checked by pixels on offscreen Cairo
 * surfaces: land and sea where they belong, no streaks across the map,
 * Antwerp's port symbol, corridors drawn, views across the antimeridian,
 * banded multi-core output equal to single-pass output, aggregation and
 * hit tests. Needs the bundled basemap in maps/. */
#include "corridor-renderer.h"
#include "corridor-style.h"
#include "corridor-png.h"
#include "corridor-error.h"

#include <math.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>

static CorridorBasemap *basemap;

typedef struct { int r, g, b; } Px;

static Px
pixel_at (cairo_surface_t *s, int x, int y)
{
  cairo_surface_flush (s);
  const unsigned char *data = cairo_image_surface_get_data (s);
  guint32 p = *(const guint32 *) (data + (gsize) y * cairo_image_surface_get_stride (s) + 4 * x);
  return (Px) { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };
}

static gboolean
near_color (Px p, const CorridorRGBA *c, int tol)
{
  return abs (p.r - (int) round (c->r * 255)) <= tol &&
         abs (p.g - (int) round (c->g * 255)) <= tol &&
         abs (p.b - (int) round (c->b * 255)) <= tol;
}

static Px
geo_pixel (cairo_surface_t *s, CorridorViewport *vp, double lon, double lat)
{
  double px, py;
  corridor_viewport_geo_to_pixel (vp, lon, lat, &px, &py);
  return pixel_at (s, (int) px, (int) py);
}

static CorridorShipment *
make_shipment (const char *id, const char *o, double olat, double olon,
               const char *d, double dlat, double dlon, double kg, CorridorOutcome outcome)
{
  CorridorShipment *s = corridor_shipment_new ();
  s->id = g_strdup (id);
  corridor_shipment_add_stop (s, o, o, olat, olon);
  corridor_shipment_add_stop (s, d, d, dlat, dlon);
  s->quantity_kg = kg;
  s->outcome = outcome;
  s->departed = g_strdup ("2021-02-10");
  s->arrived = g_strdup ("2021-03-01");
  return s;
}

static GPtrArray *
demo_like_scene (void)
{
  GPtrArray *a = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  g_ptr_array_add (a, make_shipment ("s-1", "ECGYE", -2.28, -79.91, "BEANR", 51.28, 4.31, 800, CORRIDOR_OUTCOME_DELIVERED));
  g_ptr_array_add (a, make_shipment ("s-2", "ECGYE", -2.28, -79.91, "BEANR", 51.28, 4.31, 1200, CORRIDOR_OUTCOME_DELIVERED));
  g_ptr_array_add (a, make_shipment ("s-3", "BRSSZ", -23.96, -46.30, "NLRTM", 51.95, 4.05, 2000, CORRIDOR_OUTCOME_SEIZED));
  return a;
}

static void
test_world_land_sea (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 1800, 900);
  cairo_surface_t *s = corridor_renderer_render_image (r, vp);

  /* Brazil's interior is land, the mid-Atlantic is sea, in one flat colour. */
  g_assert_true (near_color (geo_pixel (s, vp, -50, -10), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, -50.3, -12.7), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, -35, 25), &corridor_style_sea, 0));
  g_assert_true (near_color (geo_pixel (s, vp, -25.5, -5.5), &corridor_style_sea, 0));
  /* Open Pacific rows: an unclosed antimeridian ring would streak across
   * them; only a few island pixels may differ from the sea. */
  const double rows[] = { 2.3, -40.7, 10.3, -55.3 };
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      int not_sea = 0, total = 0;
      for (double lon = -175; lon <= -95; lon += 0.2, total++)
        {
          Px p = geo_pixel (s, vp, lon + 0.05, rows[i]);
          not_sea += !near_color (p, &corridor_style_sea, 0) && !near_color (p, &corridor_style_graticule, 30);
        }
      g_assert_cmpint (not_sea, <, total / 50);
    }
  /* Antarctica is land across the whole width; Siberia reaches 180°. */
  g_assert_true (near_color (geo_pixel (s, vp, -100, -85), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, 100, -85), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, 179.0, 67.5), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, -178.0, 66.8), &corridor_style_land, 25));

  g_autofree char *out = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "render-world.png", NULL);
  g_assert_true (corridor_png_write (s, out, NULL));
  cairo_surface_destroy (s);
}

static void
test_mercator (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_MERCATOR, 1024, 1024);
  cairo_surface_t *s = corridor_renderer_render_image (r, vp);
  g_assert_true (near_color (geo_pixel (s, vp, -50, -10), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, -35, 25), &corridor_style_sea, 0));
  /* Greenland's interior at 72°N: Mercator places it far north. */
  g_assert_true (near_color (geo_pixel (s, vp, -40, 72), &corridor_style_land, 2));
  cairo_surface_destroy (s);
}

static void
test_antimeridian_view (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 800, 600);
  corridor_viewport_fit_bbox (vp, 165, -25, -175, -10);
  cairo_surface_t *s = corridor_renderer_render_image (r, vp);
  /* Viti Levu (Fiji) lies west of the antimeridian, Vanua Levu's east tip
   * and Taveuni near it; open sea east of Fiji. */
  g_assert_true (near_color (geo_pixel (s, vp, 177.95, -17.8), &corridor_style_land, 2));
  g_assert_true (near_color (geo_pixel (s, vp, -177.3, -21.6), &corridor_style_sea, 0));
  /* The far left and right columns are both inside the box. */
  g_assert_true (near_color (pixel_at (s, 2, 300), &corridor_style_sea, 40));
  cairo_surface_destroy (s);
}

static void
test_port_symbol_and_corridors (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  g_autoptr(GPtrArray) scene = demo_like_scene ();
  corridor_renderer_set_scene (r, scene, NULL);
  g_assert_cmpuint (corridor_renderer_get_n_routes (r), ==, 2);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 1600, 800);
  corridor_viewport_fit_bbox (vp, -100, -40, 30, 65);
  cairo_surface_t *s = corridor_renderer_render_image (r, vp);
  g_assert_true (near_color (geo_pixel (s, vp, 4.31, 51.28), &corridor_style_port, 10));
  g_assert_true (near_color (geo_pixel (s, vp, -79.91, -2.28), &corridor_style_port, 10));

  /* Corridor colours appear (delivered and seized), unknown does not. */
  int delivered = 0, seized = 0, unknown = 0;
  for (int y = 0; y < 800; y += 2)
    for (int x = 0; x < 1600; x += 2)
      {
        Px p = pixel_at (s, x, y);
        /* Composited over land/sea the alpha shifts tones; compare loosely. */
        delivered += abs (p.r - 196) < 20 && abs (p.g - 69) < 25 && abs (p.b - 71) < 25;
        seized += abs (p.r - 45) < 25 && abs (p.g - 124) < 25 && abs (p.b - 186) < 25;
        unknown += abs (p.r - 232) < 12 && abs (p.g - 145) < 15 && abs (p.b - 58) < 20;
      }
  g_assert_cmpint (delivered, >, 200);
  g_assert_cmpint (seized, >, 200);
  g_assert_cmpint (unknown, ==, 0);

  g_autofree char *out = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "render-corridors.png", NULL);
  g_assert_true (corridor_png_write (s, out, NULL));
  cairo_surface_destroy (s);
}

static void
test_aggregation_and_hit (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  g_autoptr(GPtrArray) scene = demo_like_scene ();
  corridor_renderer_set_scene (r, scene, NULL);
  const CorridorRoute *gye = NULL;
  for (guint i = 0; i < corridor_renderer_get_n_routes (r); i++)
    {
      const CorridorRoute *route = corridor_renderer_get_route (r, i);
      if (g_str_equal (g_array_index (route->stops, CorridorStop, 0).locode, "ECGYE"))
        gye = route;
    }
  g_assert_nonnull (gye);
  g_assert_cmpuint (gye->n_shipments, ==, 2);
  g_assert_cmpfloat (gye->total_kg, ==, 2000);
  g_assert_cmpint (gye->dominant, ==, CORRIDOR_OUTCOME_DELIVERED);
  g_assert_cmpstr (gye->first_date, ==, "2021-02-10");
  g_assert_cmpstr (gye->last_date, ==, "2021-03-01");
  g_assert_cmpuint (corridor_renderer_get_n_ports (r), ==, 4);

  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 1600, 800);
  double px, py;
  corridor_viewport_geo_to_pixel (vp, 4.31, 51.28, &px, &py);
  const CorridorPortSummary *hit = corridor_renderer_port_at (r, vp, px + 1, py - 1);
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->locode, ==, "BEANR");
  g_assert_cmpuint (hit->n_in, ==, 2);
  g_assert_cmpfloat (hit->kg_in, ==, 2000);
  g_assert_null (corridor_renderer_port_at (r, vp, 10, 10));

  /* A new scene replaces the old one entirely. */
  corridor_renderer_set_scene (r, NULL, NULL);
  g_assert_cmpuint (corridor_renderer_get_n_routes (r), ==, 0);
  g_assert_cmpuint (corridor_renderer_get_n_ports (r), ==, 0);
}

static void
test_bands_match_single_pass (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  g_autoptr(GPtrArray) scene = demo_like_scene ();
  corridor_renderer_set_scene (r, scene, NULL);
  corridor_renderer_set_flags (r, CORRIDOR_RENDER_DEFAULT & ~CORRIDOR_RENDER_LABELS);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_MERCATOR, 640, 480);
  corridor_viewport_fit_bbox (vp, -90, -45, 30, 65);
  cairo_surface_t *banded = corridor_renderer_render_image (r, vp);
  cairo_surface_t *single = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
  cairo_t *cr = cairo_create (single);
  corridor_renderer_draw (r, cr, vp);
  cairo_destroy (cr);
  int differing = 0;
  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 640; x++)
      {
        Px a = pixel_at (banded, x, y), b = pixel_at (single, x, y);
        if (abs (a.r - b.r) + abs (a.g - b.g) + abs (a.b - b.b) > 24)
          differing++;
      }
  /* Only antialiasing at band seams may differ. */
  g_assert_cmpint (differing, <, 640 * 4);
  cairo_surface_destroy (banded);
  cairo_surface_destroy (single);
}

static void
test_user_layer_and_pdf (void)
{
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  g_autofree char *land = g_build_filename (g_getenv ("CORRIDOR_MAPS_DIR"), "land-110m.shp", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = corridor_layer_load (land, &error);
  g_assert_no_error (error);
  corridor_renderer_add_layer (r, layer);
  g_assert_cmpuint (corridor_renderer_get_n_layers (r), ==, 1);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 720, 360);
  cairo_surface_t *s = corridor_renderer_render_image (r, vp);
  /* The layer's translucent fill tints the land. */
  Px p = geo_pixel (s, vp, -50, -10);
  g_assert_false (near_color (p, &corridor_style_land, 4));
  cairo_surface_destroy (s);

  /* Vector output works on a PDF surface. */
  g_autofree char *dir = g_dir_make_tmp ("corridor-render-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  cairo_surface_t *ps = cairo_pdf_surface_create (pdf, 720, 360);
  cairo_t *cr = cairo_create (ps);
  corridor_renderer_draw (r, cr, vp);
  cairo_destroy (cr);
  cairo_surface_finish (ps);
  g_assert_cmpint (cairo_surface_status (ps), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (ps);
  GStatBuf st;
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);
  g_unlink (pdf);
  g_rmdir (dir);

  corridor_renderer_remove_layer (r, layer);
  g_assert_cmpuint (corridor_renderer_get_n_layers (r), ==, 0);
}

static void
test_png_writer (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 33, 17);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.6, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_autofree char *dir = g_dir_make_tmp ("corridor-png-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.png", NULL);
  g_assert_true (corridor_png_write (s, path, NULL));
  cairo_surface_t *back = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (back), ==, 33);
  Px p = pixel_at (back, 5, 5);
  g_assert_cmpint (p.r, ==, 51);
  g_assert_cmpint (p.g, ==, 102);
  g_assert_cmpint (p.b, ==, 153);
  cairo_surface_destroy (back);
  g_unlink (path);

  /* An unwritable path is a clear error, not a crash. */
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = g_build_filename (dir, "missing", "a.png", NULL);
  g_assert_false (corridor_png_write (s, bad, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO);
  g_rmdir (dir);
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  basemap = corridor_basemap_load (NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/render/world-land-sea", test_world_land_sea);
  g_test_add_func ("/render/mercator", test_mercator);
  g_test_add_func ("/render/antimeridian-view", test_antimeridian_view);
  g_test_add_func ("/render/port-symbol-and-corridors", test_port_symbol_and_corridors);
  g_test_add_func ("/render/aggregation-and-hit", test_aggregation_and_hit);
  g_test_add_func ("/render/bands-match-single-pass", test_bands_match_single_pass);
  g_test_add_func ("/render/user-layer-and-pdf", test_user_layer_and_pdf);
  g_test_add_func ("/render/png-writer", test_png_writer);
  int ret = g_test_run ();
  g_object_unref (basemap);
  return ret;
}
