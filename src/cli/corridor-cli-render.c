/* corridor-cli-render.c: `corridor render`, the map alone as PNG, PDF or
 * SVG, through the same renderer as the screen. PNG goes through the
 * banded multi-core path; PDF and SVG are drawn as vectors. */
#include "corridor-cli.h"
#include "corridor-error.h"
#include "corridor-basemap.h"
#include "corridor-png.h"
#include "corridor-renderer.h"
#include "corridor-routing.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OUT_PNG, OUT_PDF, OUT_SVG } OutKind;

/* CORRIDOR_TIMING=1 prints how long each stage took, for benchmarks. */
static void
stage (const char *name)
{
  static gint64 last;
  static int enabled = -1;
  if (enabled < 0)
    enabled = g_getenv ("CORRIDOR_TIMING") != NULL;
  if (!enabled)
    return;
  gint64 now = g_get_monotonic_time ();
  if (last)
    g_printerr ("timing: %-12s %7.1f ms\n", name, (now - last) / 1000.0);
  last = now;
}

static gboolean
parse_bbox (const char *text, double bbox[4], GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 4)
    goto bad;
  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;
      bbox[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (bbox[i]))
        goto bad;
    }
  if (bbox[0] < -180 || bbox[0] > 180 || bbox[2] < -180 || bbox[2] > 180 ||
      bbox[1] < -90 || bbox[1] > 90 || bbox[3] < -90 || bbox[3] > 90 || bbox[1] >= bbox[3] ||
      bbox[0] == bbox[2])
    goto bad;
  return TRUE;
bad:
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
               "--bbox %s: expected W,S,E,N in degrees with S < N (W > E crosses the antimeridian)", text);
  return FALSE;
}

static gboolean
out_kind (const char *path, OutKind *kind)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *kind = OUT_PNG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *kind = OUT_PDF;
  else if (g_str_has_suffix (lower, ".svg"))
    *kind = OUT_SVG;
  else
    return FALSE;
  return TRUE;
}

static gboolean
write_vector (CorridorRenderer *renderer, CorridorViewport *vp, const char *path,
              OutKind kind, GError **error)
{
  int w = corridor_viewport_get_width (vp), h = corridor_viewport_get_height (vp);
  cairo_surface_t *surface = kind == OUT_PDF ? cairo_pdf_surface_create (path, w, h)
                                             : cairo_svg_surface_create (path, w, h);
  cairo_t *cr = cairo_create (surface);
  corridor_renderer_draw (renderer, cr, vp);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

int
corridor_cli_render (int argc, char **argv)
{
  g_autofree char *out = NULL, *bbox_text = NULL, *projection_text = NULL;
  g_auto(GStrv) layers = NULL;
  int width = 1800, height = 900;
  gboolean straight = FALSE, no_graticule = FALSE;
  CorridorCliFilterArgs fargs = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output file: .png, .pdf or .svg", "OUT" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (points for PDF/SVG); default 1800", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height in pixels (points for PDF/SVG); default 900", "H" },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &bbox_text, "Area to show, in degrees; default the whole world", "W,S,E,N" },
    { "projection", 0, 0, G_OPTION_ARG_STRING, &projection_text, "equirectangular (default) or mercator", "NAME" },
    { "layer", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &layers, "Extra shapefile drawn over the basemap (repeatable)", "FILE.shp" },
    { "straight", 0, 0, G_OPTION_ARG_NONE, &straight, "Draw straight arcs instead of sea routes", NULL },
    { "no-graticule", 0, 0, G_OPTION_ARG_NONE, &no_graticule, "Leave out the graticule", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE -o OUT — draw the map");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, corridor_cli_filter_group (&fargs));
  g_autoptr(GError) error = NULL;
  /* Declared up front: the error paths jump to `done`. */
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  g_autoptr(CorridorRenderer) renderer = NULL;
  g_autoptr(CorridorBasemap) basemap = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GHashTable) sea_routes = NULL;
  g_autoptr(CorridorViewport) vp = NULL;
  CorridorProjection projection = CORRIDOR_PROJECTION_EQUIRECTANGULAR;
  double bbox[4] = { 0 };
  OutKind kind = OUT_PNG;
  gboolean ok;
  int status = CORRIDOR_EXIT_USAGE;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  if (argc != 2)
    {
      corridor_cli_error ("render: expected exactly one CASE path");
      goto done;
    }
  if (out == NULL)
    {
      corridor_cli_error ("render: -o OUT is required");
      goto done;
    }
  if (!out_kind (out, &kind))
    {
      corridor_cli_error ("render: %s: the output must end in .png, .pdf or .svg", out);
      goto done;
    }
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      corridor_cli_error ("render: --width and --height must be between 16 and 20000");
      goto done;
    }
  if (projection_text && !corridor_projection_from_string (projection_text, &projection))
    {
      corridor_cli_error ("render: --projection %s: expected equirectangular or mercator", projection_text);
      goto done;
    }
  if (bbox_text && !parse_bbox (bbox_text, bbox, &error))
    {
      corridor_cli_error ("render: %s", error->message);
      goto done;
    }

  stage ("start");
  /* A read command never creates a case. */
  status = corridor_cli_open ("render", argv[1], CORRIDOR_STORE_OPEN_READ_ONLY, &fargs, &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    goto done;
  status = CORRIDOR_EXIT_USAGE;

  stage ("open+filter");
  renderer = corridor_renderer_new ();
  basemap = corridor_basemap_load (NULL, &error);
  if (basemap == NULL)
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  for (const char * const *w = corridor_basemap_get_warnings (basemap); w && *w; w++)
    corridor_cli_error ("warning: %s", *w);
  corridor_renderer_set_basemap (renderer, basemap);

  stage ("basemap");
  for (char **l = layers; l && *l; l++)
    {
      g_autoptr(CorridorLayer) layer = corridor_layer_load (*l, &error);
      if (layer == NULL)
        {
          corridor_cli_error ("%s", error->message);
          status = CORRIDOR_EXIT_USER;
          goto done;
        }
      corridor_renderer_add_layer (renderer, layer);
    }

  stage ("layers");
  shipments = corridor_store_query_shipments (store, filter, &error);
  if (shipments == NULL)
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  ports = corridor_store_list_ports (store, &error);
  if (ports == NULL)
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  stage ("query");
  if (!straight)
    {
      /* Cached in the case; a case opened read-only routes in memory. */
      sea_routes = corridor_routing_resolve (store, shipments, &error);
      if (sea_routes == NULL)
        {
          corridor_cli_error ("%s", error->message);
          status = CORRIDOR_EXIT_USER;
          goto done;
        }
      corridor_renderer_set_sea_routes (renderer, sea_routes);
      stage ("routes");
    }
  corridor_renderer_set_scene (renderer, shipments, ports);
  CorridorRenderFlags flags = CORRIDOR_RENDER_DEFAULT;
  if (no_graticule)
    flags &= ~CORRIDOR_RENDER_GRATICULE;
  if (straight)
    flags |= CORRIDOR_RENDER_STRAIGHT;
  corridor_renderer_set_flags (renderer, flags);

  vp = corridor_viewport_new (projection, width, height);
  if (bbox_text)
    corridor_viewport_fit_bbox (vp, bbox[0], bbox[1], bbox[2], bbox[3]);
  else
    corridor_viewport_fit_world (vp);

  if (kind == OUT_PNG)
    {
      cairo_surface_t *image = corridor_renderer_render_image (renderer, vp);
      stage ("render");
      ok = corridor_png_write (image, out, &error);
      cairo_surface_destroy (image);
    }
  else
    ok = write_vector (renderer, vp, out, kind, &error);
  stage ("render+write");
  if (!ok)
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  status = CORRIDOR_EXIT_OK;

done:
  corridor_cli_filter_args_clear (&fargs);
  return status;
}
