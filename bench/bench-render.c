/* bench-render.c: frame-time benchmarks for issue 2, on 1920×1080 surfaces,
 * printed as medians (and p95) over repeated runs:
 *  - a full redraw at a new zoom: 50m basemap plus the demo corridors;
 *  - a full redraw of a heavy layer (../shared/data 10m land) when present;
 *  - a pan frame: moving the cached image and filling the uncovered strip;
 *  - corridor scaling: the same frame with 48 and with 10,000 shipments.
 * Usage: bench-render [DEMO_CASE] [LAYER.shp…] */
#include "corridor-renderer.h"
#include "corridor-store.h"
#include "corridor-routing.h"
#include "corridor-style.h"

#include "corridor-memory.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define W 1920
#define H 1080

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
report (const char *what, double *ms, int n, double target)
{
  qsort (ms, n, sizeof *ms, cmp_double);
  double med = ms[n / 2], p95 = ms[(int) floor (0.95 * (n - 1))];
  printf ("%-58s median %7.2f ms  p95 %7.2f ms", what, med, p95);
  if (target > 0)
    printf ("  (target ≤ %g ms: %s)", target, med <= target ? "met" : "NOT met");
  printf ("\n");
  fflush (stdout);
}

static double
time_render (CorridorRenderer *r, CorridorViewport *vp)
{
  gint64 t0 = g_get_monotonic_time ();
  cairo_surface_t *s = corridor_renderer_render_image (r, vp);
  gint64 t1 = g_get_monotonic_time ();
  cairo_surface_destroy (s);
  return (t1 - t0) / 1000.0;
}

/* Many shipments over the demo's routes, to show frames do not grow. */
static GPtrArray *
inflate (GPtrArray *base, guint n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  for (guint i = 0; i < n && base->len > 0; i++)
    {
      const CorridorShipment *b = g_ptr_array_index (base, i % base->len);
      CorridorShipment *s = corridor_shipment_new ();
      s->id = g_strdup_printf ("x-%u", i);
      for (guint k = 0; k < b->n_stops; k++)
        corridor_shipment_add_stop (s, b->stops[k].locode, b->stops[k].name, b->stops[k].lat, b->stops[k].lon);
      s->quantity_kg = b->quantity_kg;
      s->outcome = b->outcome;
      s->departed = g_strdup (b->departed);
      s->arrived = g_strdup (b->arrived);
      g_ptr_array_add (out, s);
    }
  return out;
}

int
main (int argc, char **argv)
{
  /* The same allocator policy as the corridor binary (src/main.c). */
  corridor_memory_tune ();
  const int N = 25;
  double ms[64];
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorBasemap) basemap = corridor_basemap_load (NULL, &error);
  if (!basemap)
    {
      fprintf (stderr, "basemap: %s\n", error->message);
      return 1;
    }
  g_autoptr(GPtrArray) shipments = NULL, ports = NULL;
  g_autoptr(GHashTable) sea_routes = NULL;
  if (argc > 1)
    {
      g_autoptr(CorridorStore) store = corridor_store_open (argv[1], CORRIDOR_STORE_OPEN_READ_ONLY, &error);
      if (!store)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      shipments = corridor_store_query_shipments (store, NULL, NULL);
      ports = corridor_store_list_ports (store, NULL);
      /* The default view: corridors along the case's cached sea routes. */
      sea_routes = shipments ? corridor_routing_resolve (store, shipments, NULL) : NULL;
    }
  printf ("cores: %u, surface %dx%d\n", g_get_num_processors (), W, H);

  g_autoptr(CorridorRenderer) r = corridor_renderer_new ();
  corridor_renderer_set_basemap (r, basemap);
  corridor_renderer_set_sea_routes (r, sea_routes);
  corridor_renderer_set_scene (r, shipments, ports);
  g_autoptr(CorridorViewport) vp = corridor_viewport_new (CORRIDOR_PROJECTION_EQUIRECTANGULAR, W, H);

  /* New zoom each frame: the world and around it, all at 50m detail. */
  time_render (r, vp);
  for (int i = 0; i < N; i++)
    {
      corridor_viewport_fit_world (vp);
      corridor_viewport_zoom_at (vp, 1.0 + 0.02 * (i % 10), W / 2.0, H / 2.0);
      ms[i] = time_render (r, vp);
    }
  g_autofree char *what = g_strdup_printf ("full redraw, 50m basemap + %u demo shipments",
                                           shipments ? shipments->len : 0);
  report (what, ms, N, 20);

  corridor_viewport_fit_world (vp);
  for (int i = 0; i < N; i++)
    {
      corridor_viewport_fit_bbox (vp, -100 + i, -45, 35 + i, 65);
      ms[i] = time_render (r, vp);
    }
  report ("full redraw, Atlantic view (50m + corridors)", ms, N, 20);

  if (shipments)
    {
      g_autoptr(GPtrArray) many = inflate (shipments, 10000);
      corridor_renderer_set_scene (r, many, ports);
      corridor_viewport_fit_world (vp);
      for (int i = 0; i < N; i++)
        ms[i] = time_render (r, vp);
      report ("full redraw, 50m + 10,000 shipments (aggregated)", ms, N, 20);
      corridor_renderer_set_scene (r, shipments, ports);
    }

  /* Pan frame: what the map view does while dragging. */
  corridor_viewport_fit_world (vp);
  cairo_surface_t *cached = corridor_renderer_render_image (r, vp);
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  for (int i = 0; i < N; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      cairo_t *cr = cairo_create (frame);
      corridor_style_set_source (cr, &corridor_style_sea);
      cairo_paint (cr);
      cairo_set_source_surface (cr, cached, 13 + i, -7 - i);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (frame);
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  report ("pan frame (move cached image)", ms, N, 4);
  cairo_surface_destroy (frame);
  cairo_surface_destroy (cached);

  /* Each further argument: a shapefile drawn alone (fill and outline), as
   * the peers draw it in bench/run. */
  for (int a = 2; a < argc; a++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(CorridorLayer) heavy = corridor_layer_load (argv[a], &error);
      if (!heavy)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      g_autofree char *base = g_path_get_basename (argv[a]);
      g_autofree char *what_load = g_strdup_printf ("load %s", base);
      printf ("%-58s %7.2f ms (%u vertices)\n", what_load, (g_get_monotonic_time () - t0) / 1000.0,
              corridor_layer_get_n_vertices (heavy));
      g_autoptr(CorridorRenderer) hr = corridor_renderer_new ();
      corridor_renderer_set_flags (hr, 0);
      corridor_renderer_add_layer (hr, heavy);
      corridor_viewport_fit_world (vp);
      time_render (hr, vp);
      for (int i = 0; i < N; i++)
        ms[i] = time_render (hr, vp);
      g_autofree char *what_draw = g_strdup_printf ("full redraw, %s alone (fill + outline)", base);
      report (what_draw, ms, N, g_str_has_prefix (base, "ne_10m_land") ? 40 : 0);
    }
  return 0;
}
