/* test-cli.c: the command-line contract (FORMATS.md §4) for `demo` and
 * `render`, run as a real process: outputs, exit codes, cases never
 * created by read commands, and the world render compared with Natural
 * Earth 50m land rasterised by GDAL (skipped when the data is absent). */
#include "corridor-test-cli.h"
#include "corridor-store.h"

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *tmpdir;
static char *demo_case;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
test_demo (void)
{
  g_autofree char *err = NULL;
  g_assert_cmpint (corridor_test_run (&err, "demo", demo_case, NULL), ==, 0);
  g_assert_true (g_file_test (demo_case, G_FILE_TEST_IS_REGULAR));
  /* Building it again over the demo case is harmless. */
  g_assert_cmpint (corridor_test_run (NULL, "demo", demo_case, NULL), ==, 0);
  /* Usage errors exit 2. */
  g_assert_cmpint (corridor_test_run (NULL, "demo", NULL), ==, 2);
}

/* Pixels in any corridor colour (the four outcomes, opaque). */
static int count_color (cairo_surface_t *s, int r, int g, int b, int tol);

static int
count_corridor_pixels (cairo_surface_t *s)
{
  return count_color (s, 198, 70, 74, 24) + count_color (s, 56, 128, 189, 24) +
         count_color (s, 232, 145, 58, 24) + count_color (s, 122, 122, 122, 12);
}

static int
count_color (cairo_surface_t *s, int r, int g, int b, int tol)
{
  int n = 0, w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const unsigned char *d = cairo_image_surface_get_data (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(const guint32 *) (d + (gsize) y * stride + 4 * x);
        n += abs ((int) ((p >> 16) & 0xff) - r) <= tol && abs ((int) ((p >> 8) & 0xff) - g) <= tol &&
             abs ((int) (p & 0xff) - b) <= tol;
      }
  return n;
}

static void
test_render_formats (void)
{
  g_autofree char *png = tmp_path ("world.png");
  g_autofree char *pdf = tmp_path ("atlantic.pdf");
  g_autofree char *svg = tmp_path ("atlantic.svg");
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", png, NULL), ==, 0);
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 1800);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 900);
  /* The demo's corridors are drawn. */
  g_assert_cmpint (count_corridor_pixels (s), >, 300);
  cairo_surface_destroy (s);

  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", pdf, "--width", "800", "--height", "500",
                        "--bbox", "-100,-40,30,65", "--projection", "mercator", NULL), ==, 0);
  g_autofree char *pdf_data = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (pdf, &pdf_data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (pdf_data, "%PDF-"));

  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", svg, "--bbox", "170,-30,-170,0", NULL), ==, 0);
  g_autofree char *svg_data = NULL;
  g_assert_true (g_file_get_contents (svg, &svg_data, NULL, NULL));
  g_assert_nonnull (strstr (svg_data, "<svg"));
}

static void
test_render_filters (void)
{
  g_autofree char *png = tmp_path ("empty.png");
  /* A date range that holds no shipment: no corridor is drawn. */
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", png, "--from", "1990-01-01", "--to", "1990-12-31", NULL), ==, 0);
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (count_color (s, 198, 70, 74, 24) + count_color (s, 56, 128, 189, 24) +
                   count_color (s, 232, 145, 58, 24), ==, 0);
  cairo_surface_destroy (s);

  g_autofree char *antwerp = tmp_path ("antwerp.png");
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", antwerp, "--port", "Amberes", NULL), ==, 0);
  g_autofree char *err = NULL;
  g_assert_cmpint (corridor_test_run (&err, "render", demo_case, "-o", antwerp, "--port", "Nowhereville", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Nowhereville"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (corridor_test_run (&err, "render", demo_case, "-o", antwerp, "--from", "2021-03-01", "--to", "2021-01-01", NULL), ==, 1);
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", antwerp, "--from", "March", NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", antwerp, "--role", "boss", NULL), ==, 2);
}

static void
test_render_errors (void)
{
  g_autofree char *missing = tmp_path ("missing.corridor");
  g_autofree char *png = tmp_path ("x.png");
  g_autofree char *err = NULL;
  /* A read command on a missing case fails and never creates it. */
  g_assert_cmpint (corridor_test_run (&err, "render", missing, "-o", png, NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  /* A bad --layer is a user error naming the file. */
  g_autofree char *nolayer = tmp_path ("nothing.shp");
  g_assert_cmpint (corridor_test_run (&err, "render", demo_case, "-o", png, "--layer", nolayer, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nothing.shp"));
  /* Bad usage exits 2. */
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, NULL), ==, 2);
  g_autofree char *txt = tmp_path ("x.txt");
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", txt, NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", png, "--bbox", "1,2,3", NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", png, "--projection", "robinson", NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", png, "--no-such-option", NULL), ==, 2);
  /* A file that is not a case is refused. */
  g_autofree char *notcase = tmp_path ("notes.txt");
  g_assert_true (g_file_set_contents (notcase, "hello", -1, NULL));
  g_assert_cmpint (corridor_test_run (NULL, "render", notcase, "-o", png, NULL), ==, 1);
}

/* GeoJSON export: one LineString per shipment in the filter, each with its
 * sea route's length; ports as points; filters recorded; ogrinfo opens it. */
static void
test_export_geojson (void)
{
  g_autofree char *out = tmp_path ("antwerp.geojson");
  g_assert_cmpint (corridor_test_run (NULL, "export", demo_case, "--format", "geojson", "-o", out, "--port", "BEANR", NULL), ==, 0);
  g_autofree char *doc = NULL;
  g_assert_true (g_file_get_contents (out, &doc, NULL, NULL));
  g_assert_nonnull (strstr (doc, "\"FeatureCollection\""));
  g_assert_nonnull (strstr (doc, "\"corridor\""));
  g_assert_nonnull (strstr (doc, "BEANR"));
  /* Count features by kind without a JSON library: each appears once per feature. */
  guint lines = 0, points = 0, lengths = 0, sea = 0;
  for (const char *p = doc; (p = strstr (p, "\"kind\":\"shipment\"")); p++)
    lines++;
  for (const char *p = doc; (p = strstr (p, "\"kind\":\"port\"")); p++)
    points++;
  for (const char *p = doc; (p = strstr (p, "\"length_nm\"")); p++)
    lengths++;
  for (const char *p = doc; (p = strstr (p, "\"route\":\"sea\"")); p++)
    sea++;
  g_assert_cmpuint (lines, >, 0);
  g_assert_cmpuint (lengths, ==, lines);
  g_assert_cmpuint (sea, ==, lines);
  g_assert_cmpuint (points, >=, 2);
  g_autofree char *all = tmp_path ("all.geojson");
  g_assert_cmpint (corridor_test_run (NULL, "export", demo_case, "--format", "geojson", "-o", all, NULL), ==, 0);
  g_autofree char *all_doc = NULL;
  g_assert_true (g_file_get_contents (all, &all_doc, NULL, NULL));
  guint all_lines = 0;
  for (const char *p = all_doc; (p = strstr (p, "\"kind\":\"shipment\"")); p++)
    all_lines++;
  /* Exactly the case's shipments under the default filter. */
  g_autoptr(CorridorStore) store = corridor_store_open (demo_case, CORRIDOR_STORE_OPEN_READ_ONLY, NULL);
  g_assert_nonnull (store);
  g_autoptr(GPtrArray) all_shipments = corridor_store_query_shipments (store, NULL, NULL);
  g_assert_nonnull (all_shipments);
  g_assert_cmpuint (all_lines, ==, all_shipments->len);
  g_assert_cmpuint (lines, <, all_lines);

  g_autofree char *ogrinfo = g_find_program_in_path ("ogrinfo");
  if (ogrinfo)
    {
      g_autofree char *stdout_text = NULL;
      int status;
      const char *argv[] = { ogrinfo, "-ro", "-q", out, "-sql", "SELECT COUNT(*) AS n FROM antwerp WHERE kind = 'shipment'", NULL };
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &stdout_text, NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
      g_autofree char *expect = g_strdup_printf ("n (Integer) = %u", lines);
      g_assert_nonnull (strstr (stdout_text, expect));
    }
  else
    g_test_message ("ogrinfo not installed: GDAL check skipped");

  /* An unknown format is a usage error and writes nothing. */
  g_autofree char *bogus = tmp_path ("x.bogus");
  g_assert_cmpint (corridor_test_run (NULL, "export", demo_case, "--format", "shp", "-o", bogus, NULL), ==, 2);
  g_assert_false (g_file_test (bogus, G_FILE_TEST_EXISTS));
  /* A missing case is never created. */
  g_autofree char *missing = tmp_path ("none.corridor");
  g_assert_cmpint (corridor_test_run (NULL, "export", missing, "--format", "geojson", "-o", out, NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* The independent check of issue 2: land pixels of the world render against
 * Natural Earth 50m land burnt by gdal_rasterize, IoU >= 0.90. */
static void
test_land_iou (void)
{
  const char *shared = g_getenv ("CORRIDOR_SHARED_DATA");
  g_autofree char *ne = shared ? g_build_filename (shared, "naturalearth", "50m_physical", "ne_50m_land.shp", NULL) : NULL;
  g_autofree char *gdal = g_find_program_in_path ("gdal_rasterize");
  if (ne == NULL || !g_file_test (ne, G_FILE_TEST_EXISTS) || gdal == NULL)
    {
      g_test_skip ("needs ../shared/data Natural Earth 50m land and gdal_rasterize");
      return;
    }
  g_autofree char *png = tmp_path ("iou.png");
  g_assert_cmpint (corridor_test_run (NULL, "render", demo_case, "-o", png, "--width", "1800", "--height", "900",
                        "--projection", "equirectangular", "--from", "1990-01-01", "--to", "1990-01-02", NULL), ==, 0);
  g_autofree char *bil = tmp_path ("ne50.bil");
  const char *argv[] = { gdal, "-q", "-burn", "1", "-init", "0", "-ot", "Byte", "-of", "EHdr",
                         "-ts", "1800", "900", "-te", "-180", "-90", "180", "90", ne, bil, NULL };
  int status;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_autofree char *mask = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (bil, &mask, &len, NULL));
  g_assert_cmpuint (len, ==, 1800 * 900);

  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  const unsigned char *d = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  /* Land is whatever is not the flat sea colour (nor the graticule). */
  guint32 sea = *(const guint32 *) (d + (gsize) stride * 440 + 4 * 700) & 0xffffff; /* 40°W 2°N */
  /* Two readings: graticule pixels as sea (what the eye does) and, the
   * stricter one, everything not exactly sea-coloured as land. */
  gint64 inter = 0, uni = 0, inter_strict = 0, uni_strict = 0;
  for (int y = 0; y < 900; y++)
    for (int x = 0; x < 1800; x++)
      {
        guint32 p = *(const guint32 *) (d + (gsize) y * stride + 4 * x) & 0xffffff;
        int dr = (int) ((p >> 16) & 0xff) - (int) ((sea >> 16) & 0xff);
        int dg = (int) ((p >> 8) & 0xff) - (int) ((sea >> 8) & 0xff);
        int db = (int) (p & 0xff) - (int) (sea & 0xff);
        gboolean strict = abs (dr) + abs (dg) + abs (db) > 6;
        /* The graticule is a darker shade of the sea, same hue ordering. */
        gboolean graticule = dr < 0 && dg < 0 && db < 0 && abs (dr) + abs (dg) + abs (db) < 90 &&
                             ((p >> 16) & 0xff) < ((p >> 8) & 0xff) && ((p >> 8) & 0xff) < (p & 0xff);
        gboolean ours = strict && !graticule;
        gboolean theirs = mask[(gsize) y * 1800 + x] != 0;
        inter += ours && theirs;
        uni += ours || theirs;
        inter_strict += strict && theirs;
        uni_strict += strict || theirs;
      }
  cairo_surface_destroy (s);
  double iou = (double) inter / (double) uni;
  double iou_strict = (double) inter_strict / (double) uni_strict;
  g_test_message ("land IoU against Natural Earth 50m: %.4f (graticule counted as land: %.4f)",
                  iou, iou_strict);
  g_assert_cmpfloat (iou, >=, 0.90);
  g_assert_cmpfloat (iou_strict, >=, 0.90);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-cli-XXXXXX", NULL);
  demo_case = g_build_filename (tmpdir, "demo.corridor", NULL);
  g_test_add_func ("/cli/demo", test_demo);
  g_test_add_func ("/cli/render-formats", test_render_formats);
  g_test_add_func ("/cli/render-filters", test_render_filters);
  g_test_add_func ("/cli/render-errors", test_render_errors);
  g_test_add_func ("/cli/land-iou", test_land_iou);
  g_test_add_func ("/cli/export-geojson", test_export_geojson);
  int ret = g_test_run ();
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", tmpdir);
  return ret;
}
