/* test-sea-router.c: sea routes over water only. Every pair of 60 South
 * American and Caribbean origins with 30 European destinations is routed
 * and sampled every 10 km: no sample may fall inside 1:50m land, except
 * within 120 km of the pair's own ports and on modelled waterways. Route
 * lengths are compared with published sea distances, every gazetteer port
 * is routable, the case cache round-trips, and the demo's corridors share
 * an Atlantic trunk. */
#include "corridor-sea-router.h"
#include "corridor-land-index.h"
#include "corridor-gazetteer.h"
#include "corridor-routing.h"
#include "corridor-renderer.h"
#include "corridor-demo.h"
#include "corridor-store.h"
#include "corridor-projection.h"
#include "corridor-memory.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

static CorridorSeaRouter *router;
static CorridorGazetteer *gazetteer;
static CorridorLayer *check_land;       /* Natural Earth 50m land: shared copy if present */
static CorridorLandIndex *check_index;

static CorridorStop
stop_for (const char *locode)
{
  const CorridorPort *p = corridor_gazetteer_lookup_locode (gazetteer, locode);
  g_assert_nonnull (p);
  CorridorStop s = { { 0 }, p->name, p->lat, p->lon };
  g_strlcpy (s.locode, p->locode, sizeof s.locode);
  return s;
}

static gboolean
in_list (const char *cc, const char *const *list)
{
  for (; *list; list++)
    if (strcmp (cc, *list) == 0)
      return TRUE;
  return FALSE;
}

static const char *const south_america_caribbean[] = {
  "AR", "BR", "CL", "CO", "EC", "PE", "UY", "PY", "VE", "GY", "SR", "GF", "BO",
  "PA", "CR", "NI", "HN", "GT", "SV", "BZ", "MX", "CU", "JM", "HT", "DO", "PR", "BS",
  "TT", "BB", "CW", "AW", "MQ", "GP", "LC", "VC", "GD", "AG", "KN", "DM", "KY", "TC",
  "BQ", "SX", "VG", "VI", "MF", "BL", NULL
};
static const char *const europe[] = {
  "BE", "NL", "DE", "FR", "ES", "PT", "IT", "GR", "PL", "GB", "IE", "DK", "SE", "NO",
  "FI", "EE", "LV", "LT", "SI", "HR", "ME", "AL", "MT", "CY", "RO", "BG", "TR", "UA",
  "GE", "RU", NULL
};

/* The first @n ports of the gazetteer whose country is in @countries,
 * taken evenly through the list so every region is represented. */
static GPtrArray *
pick_ports (const char *const *countries, guint n)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  for (guint i = 0; i < corridor_gazetteer_get_n_ports (gazetteer); i++)
    {
      const CorridorPort *p = corridor_gazetteer_get_port (gazetteer, i);
      if (in_list (p->country, countries))
        g_ptr_array_add (all, (gpointer) p);
    }
  g_assert_cmpuint (all->len, >=, n);
  GPtrArray *out = g_ptr_array_new ();
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (out, g_ptr_array_index (all, (guint) ((guint64) k * all->len / n)));
  return out;
}

typedef struct {
  guint samples, on_land;
  char  worst[128];
} Sampling;

/* Samples a route every 10 km; counts samples on land that no exemption covers. */
static void
sample_route (const CorridorSeaRoute *route, const CorridorStop *a, const CorridorStop *b, Sampling *out)
{
  const double *pt = (const double *) route->points->data;
  guint np = route->points->len / 2;
  g_assert_cmpuint (route->kinds->len, ==, np - 1);
  for (guint k = 0; k + 1 < np; k++)
    {
      guint8 kind = g_array_index (route->kinds, guint8, k);
      double len = corridor_geo_distance_km (pt[2 * k + 1], pt[2 * k], pt[2 * k + 3], pt[2 * k + 2]);
      guint steps = MAX (1, (guint) ceil (len / 10.0));
      for (guint s = 0; s <= steps; s++)
        {
          double t = (double) s / steps;
          double lon = pt[2 * k] + t * (pt[2 * k + 2] - pt[2 * k]);
          double lat = pt[2 * k + 1] + t * (pt[2 * k + 3] - pt[2 * k + 1]);
          out->samples++;
          if (kind == CORRIDOR_SEGMENT_WATERWAY)
            continue;
          if (corridor_geo_distance_km (lat, lon, a->lat, a->lon) <= 120 ||
              corridor_geo_distance_km (lat, lon, b->lat, b->lon) <= 120)
            continue;
          if (corridor_land_index_point_on_land (check_index, lon, lat))
            {
              if (out->on_land == 0 || g_test_verbose ())
                g_test_message ("on land: %s→%s at %.3f,%.3f (segment %u of %u, kind %u)", a->locode,
                                b->locode, lon, lat, k, np - 1, kind);
              out->on_land++;
              g_snprintf (out->worst, sizeof out->worst, "%s→%s at %.3f,%.3f (segment kind %u)",
                          a->locode, b->locode, lon, lat, kind);
            }
        }
    }
}

static void
test_pairs_stay_at_sea (void)
{
  g_autoptr(GPtrArray) origins = pick_ports (south_america_caribbean, 60);
  g_autoptr(GPtrArray) dests = pick_ports (europe, 30);
  Sampling smp = { 0 };
  guint failed = 0;
  gint64 t0 = g_get_monotonic_time ();
  for (guint i = 0; i < origins->len; i++)
    for (guint j = 0; j < dests->len; j++)
      {
        const CorridorPort *po = g_ptr_array_index (origins, i), *pd = g_ptr_array_index (dests, j);
        CorridorStop stops[2] = { stop_for (po->locode), stop_for (pd->locode) };
        g_autoptr(GError) error = NULL;
        g_autoptr(CorridorSeaRoute) route = corridor_sea_router_route (router, stops, 2, &error);
        if (route == NULL)
          {
            failed++;
            g_test_message ("no route: %s", error->message);
            continue;
          }
        g_assert_cmpfloat (route->length_nm, >, 0);
        sample_route (route, &stops[0], &stops[1], &smp);
      }
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  g_test_message ("%u×%u pairs routed in %.2f s; %u samples, %u on land%s%s", origins->len,
                  dests->len, secs, smp.samples, smp.on_land, smp.on_land ? "; e.g. " : "", smp.worst);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (smp.on_land, ==, 0);
}

/* Published port-to-port sea distances in nautical miles: approximate
 * figures from NGA Pub. 151 "Distances Between Ports" (2001) and the
 * sea-distances.org calculator, rounded to 50 nm. The issue allows 12%. */
static const struct { const char *a, *b; double nm; } reference[] = {
  { "BRSSZ", "NLRTM", 5450 },   /* Santos – Rotterdam */
  { "COCTG", "NLRTM", 4600 },   /* Cartagena – Rotterdam */
  { "PAONX", "NLRTM", 4700 },   /* Colón – Rotterdam */
  { "ECGYE", "BEANR", 5500 },   /* Guayaquil – Antwerp, via Panama */
  { "PECLL", "NLRTM", 6150 },   /* Callao – Rotterdam, via Panama */
  { "ARBUE", "NLRTM", 6350 },   /* Buenos Aires – Rotterdam */
  { "ESALG", "NLRTM", 1400 },   /* Algeciras – Rotterdam */
  { "BRSSZ", "ESALG", 4300 },   /* Santos – Algeciras */
  { "JMKIN", "NLRTM", 4550 },   /* Kingston – Rotterdam */
  { "ESVLC", "GRPIR", 1200 },   /* Valencia – Piraeus */
  { "UYMVD", "DEHAM", 6600 },   /* Montevideo – Hamburg */
};

static void
test_published_distances (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (reference); i++)
    {
      CorridorStop stops[2] = { stop_for (reference[i].a), stop_for (reference[i].b) };
      g_autoptr(GError) error = NULL;
      g_autoptr(CorridorSeaRoute) route = corridor_sea_router_route (router, stops, 2, &error);
      g_assert_no_error (error);
      double ratio = route->length_nm / reference[i].nm;
      g_test_message ("%s–%s: %.0f nm, published %.0f nm (%+.1f%%)", reference[i].a, reference[i].b,
                      route->length_nm, reference[i].nm, (ratio - 1) * 100);
      g_assert_cmpfloat (fabs (ratio - 1), <=, 0.12);
    }
}

static void
test_every_port_routable (void)
{
  CorridorStop antwerp = stop_for ("BEANR");
  for (guint i = 0; i < corridor_gazetteer_get_n_ports (gazetteer); i++)
    {
      const CorridorPort *p = corridor_gazetteer_get_port (gazetteer, i);
      CorridorStop stops[2] = { stop_for (p->locode), antwerp };
      g_autoptr(GError) error = NULL;
      g_autoptr(CorridorSeaRoute) route = corridor_sea_router_route (router, stops, 2, &error);
      g_assert_no_error (error);
      g_assert_nonnull (route);
      /* Ends exactly at the stops; one kind per segment. */
      g_assert_cmpfloat (g_array_index (route->points, double, 0), ==, stops[0].lon);
      g_assert_cmpfloat (g_array_index (route->points, double, route->points->len - 1), ==, antwerp.lat);
      g_assert_cmpuint (route->kinds->len, ==, route->points->len / 2 - 1);
    }
}

static void
test_transit_and_key (void)
{
  CorridorStop stops[3] = { stop_for ("ECGYE"), stop_for ("ESALG"), stop_for ("BEANR") };
  g_autoptr(CorridorSeaRoute) via = corridor_sea_router_route (router, stops, 3, NULL);
  CorridorStop direct_stops[2] = { stops[0], stops[2] };
  g_autoptr(CorridorSeaRoute) direct = corridor_sea_router_route (router, direct_stops, 2, NULL);
  g_assert_nonnull (via);
  g_assert_nonnull (direct);
  /* Going by Algeciras is longer than going straight, and passes it. */
  g_assert_cmpfloat (via->length_nm, >=, direct->length_nm);
  gboolean passes = FALSE;
  for (guint i = 0; i < via->points->len / 2; i++)
    passes |= g_array_index (via->points, double, 2 * i) == stops[1].lon &&
              g_array_index (via->points, double, 2 * i + 1) == stops[1].lat;
  g_assert_true (passes);
  g_autofree char *key = corridor_sea_route_key (stops, 3);
  g_assert_cmpstr (key, ==, "ECGYE>ESALG>BEANR");
  /* Deterministic. */
  g_autoptr(CorridorSeaRoute) again = corridor_sea_router_route (router, stops, 3, NULL);
  g_assert_cmpuint (again->points->len, ==, via->points->len);
  g_assert_cmpint (memcmp (again->points->data, via->points->data, via->points->len * sizeof (double)), ==, 0);
}

static void
test_cache_and_trunk (void)
{
  g_autofree char *dir = g_dir_make_tmp ("corridor-sea-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.corridor", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true (corridor_demo_build (path, &error));
  g_assert_no_error (error);

  g_autoptr(CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, NULL, &error);
  g_assert_no_error (error);
  /* The demo cached every route it could make: each key reads back whole. */
  g_autoptr(GHashTable) routes = corridor_routing_resolve (store, shipments, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (routes), >, 30);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, routes);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      g_autoptr(CorridorSeaRoute) cached = corridor_store_get_sea_route (store, key, CORRIDOR_SEA_ROUTER_VERSION);
      g_assert_nonnull (cached);
      const CorridorSeaRoute *r = value;
      g_assert_cmpuint (cached->points->len, ==, r->points->len);
      g_assert_cmpfloat_with_epsilon (cached->length_nm, r->length_nm, 1e-9);
      /* Another router version's cache is a miss. */
      g_assert_null (corridor_store_get_sea_route (store, key, CORRIDOR_SEA_ROUTER_VERSION + 1));
    }

  /* The renderer bundles: some open-Atlantic lane segment carries several
   * routes' shipments, and it is drawn wider than a single route. */
  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_sea_routes (r, routes);
  corridor_renderer_set_scene (r, shipments, NULL);
  guint best = 0;
  const CorridorLaneSegment *trunk = NULL;
  for (guint i = 0; i < corridor_renderer_get_n_lane_segments (r); i++)
    {
      const CorridorLaneSegment *seg = corridor_renderer_get_lane_segment (r, i);
      double mlon = (seg->lon0 + seg->lon1) / 2, mlat = (seg->lat0 + seg->lat1) / 2;
      gboolean mid_atlantic = mlon > -45 && mlon < -15 && mlat > -20 && mlat < 45 &&
                              corridor_geo_distance_km (seg->lat0, seg->lon0, seg->lat1, seg->lon1) > 500;
      if (mid_atlantic && seg->n_shipments > best)
        best = seg->n_shipments, trunk = seg;
    }
  g_assert_nonnull (trunk);
  g_test_message ("mid-Atlantic trunk carries %u shipments, %.0f kg", trunk->n_shipments, trunk->kg);
  g_assert_cmpuint (best, >=, 5);

  /* Pixels: the trunk's midpoint is painted in a corridor colour. */
  g_autoptr(GError) berr = NULL;
  g_autoptr(CorridorBasemap) basemap = corridor_basemap_load (NULL, &berr);
  g_assert_no_error (berr);
  corridor_renderer_set_basemap (r, basemap);
  corridor_renderer_set_flags (r, CORRIDOR_RENDER_DEFAULT & ~CORRIDOR_RENDER_LABELS);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, 1600, 1000);
  corridor_viewport_fit_bbox (vp, -100, -45, 35, 65);
  cairo_surface_t *img = corridor_renderer_render_image (r, vp);
  double px, py;
  corridor_viewport_geo_to_pixel (vp, (trunk->lon0 + trunk->lon1) / 2, (trunk->lat0 + trunk->lat1) / 2, &px, &py);
  guint32 pixel = *(guint32 *) (cairo_image_surface_get_data (img) + (int) py * cairo_image_surface_get_stride (img) + 4 * (int) px);
  int pr = (pixel >> 16) & 0xff, pg = (pixel >> 8) & 0xff, pb = pixel & 0xff;
  g_test_message ("trunk pixel %d,%d,%d", pr, pg, pb);
  /* Not the sea and not white: a corridor colour. */
  g_assert_false (abs (pr - 204) < 8 && abs (pg - 224) < 8 && abs (pb - 238) < 8);
  g_assert_false (pr > 245 && pg > 245 && pb > 245);
  g_autofree char *png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "sea-routes.png", NULL);
  cairo_surface_write_to_png (img, png);
  cairo_surface_destroy (img);

  g_clear_object (&store);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
test_land_index (void)
{
  /* Points and segments against the bundled land. */
  g_assert_true (corridor_land_index_point_on_land (check_index, -50, -10));    /* Brazil */
  g_assert_false (corridor_land_index_point_on_land (check_index, -30, 20));    /* Atlantic */
  g_assert_true (corridor_land_index_segment_on_land (check_index, -40, -5, -60, -5));   /* into Brazil */
  g_assert_false (corridor_land_index_segment_on_land (check_index, -30, 0, -20, 30));   /* open sea */
  g_assert_true (corridor_land_index_segment_on_land (check_index, -10, 45, 10, 45));    /* across France */
  double d = corridor_land_index_distance_to_coast (check_index, -30, 20, 200);
  g_assert_cmpfloat (d, ==, 200);
  d = corridor_land_index_distance_to_coast (check_index, 4.0, 51.7, 200);
  g_assert_cmpfloat (d, <, 20);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  corridor_memory_tune ();
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  router = corridor_sea_router_get_default (&error);
  g_assert_no_error (error);
  g_test_message ("router prepared in %.0f ms: %u nodes, %u edges", (g_get_monotonic_time () - t0) / 1000.0,
                  corridor_sea_router_get_n_nodes (router), corridor_sea_router_get_n_edges (router));
  gazetteer = corridor_gazetteer_get_default (&error);
  g_assert_no_error (error);

  /* Check against Natural Earth's own 50m land when the reference data is
   * here (independent of our conversion); else against the bundled copy. */
  const char *shared = g_getenv ("CORRIDOR_SHARED_DATA");
  g_autofree char *ne = shared ? g_build_filename (shared, "naturalearth", "50m_physical", "ne_50m_land.shp", NULL) : NULL;
  g_autofree char *bundled = g_build_filename (g_getenv ("CORRIDOR_MAPS_DIR"), "land-50m.shp", NULL);
  check_land = corridor_layer_load (ne && g_file_test (ne, G_FILE_TEST_EXISTS) ? ne : bundled, &error);
  g_assert_no_error (error);
  g_test_message ("checking against %s", corridor_layer_get_path (check_land));
  check_index = corridor_land_index_new (check_land, 0.5);

  g_test_add_func ("/sea-router/land-index", test_land_index);
  g_test_add_func ("/sea-router/pairs-stay-at-sea", test_pairs_stay_at_sea);
  g_test_add_func ("/sea-router/published-distances", test_published_distances);
  g_test_add_func ("/sea-router/every-port-routable", test_every_port_routable);
  g_test_add_func ("/sea-router/transit-and-key", test_transit_and_key);
  g_test_add_func ("/sea-router/cache-and-trunk", test_cache_and_trunk);
  int ret = g_test_run ();
  corridor_land_index_free (check_index);
  g_object_unref (check_land);
  return ret;
}
