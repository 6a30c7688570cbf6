/* corridor-cli-export.c: `corridor export`, data for GIS tools. GeoJSON
 * carries each shipment's sea route and its length in nautical miles. Every
 * export is written to the case's audit log. */
#include "corridor-cli.h"
#include "corridor-error.h"
#include "corridor-export.h"
#include "corridor-routing.h"

#include <string.h>

int
corridor_cli_export (int argc, char **argv)
{
  g_autofree char *out = NULL, *format = NULL;
  gboolean straight = FALSE;
  CorridorCliFilterArgs fargs = { 0 };
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "geojson (gpkg, kml and csv come later)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Output file", "OUT" },
    { "straight", 0, 0, G_OPTION_ARG_NONE, &straight, "Straight lines between ports instead of sea routes", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE --format FORMAT -o OUT — export data for GIS tools");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, corridor_cli_filter_group (&fargs));
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  g_autoptr(GHashTable) routes = NULL;
  g_autofree char *doc = NULL;
  int status = CORRIDOR_EXIT_USAGE, fexit = CORRIDOR_EXIT_USAGE;

  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      goto done;
    }
  if (argc != 2 || out == NULL || format == NULL)
    {
      corridor_cli_error ("export: expected CASE, --format and -o OUT");
      goto done;
    }
  if (strcmp (format, "geojson") != 0)
    {
      if (strcmp (format, "gpkg") == 0 || strcmp (format, "kml") == 0 || strcmp (format, "csv") == 0)
        corridor_cli_error ("export: --format %s is not available in this version; use geojson", format);
      else
        corridor_cli_error ("export: --format %s: expected geojson, gpkg, kml or csv", format);
      goto done;
    }
  /* Read-write, never created: the export is recorded in the audit log. */
  store = corridor_store_open (argv[1], CORRIDOR_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  filter = corridor_cli_build_filter (&fargs, store, &fexit, &error);
  if (filter == NULL)
    {
      corridor_cli_error ("export: %s", error->message);
      status = fexit;
      goto done;
    }
  shipments = corridor_store_query_shipments (store, filter, &error);
  if (shipments != NULL && !straight)
    routes = corridor_routing_resolve (store, shipments, &error);
  if (shipments == NULL || (!straight && routes == NULL))
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  doc = corridor_export_geojson (shipments, routes, filter, argv[1], &error);
  if (doc == NULL || !g_file_set_contents (out, doc, -1, &error))
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  {
    g_autofree char *describe = corridor_filter_describe (filter);
    g_autofree char *escaped = g_strescape (describe, NULL);
    g_autofree char *after = g_strdup_printf ("{\"format\": \"geojson\", \"shipments\": %u, \"filters\": \"%s\"}",
                                              shipments->len, escaped);
    if (!corridor_store_audit (store, "export", out, NULL, after, &error))
      {
        corridor_cli_error ("%s", error->message);
        status = CORRIDOR_EXIT_USER;
        goto done;
      }
  }
  status = CORRIDOR_EXIT_OK;

done:
  corridor_cli_filter_args_clear (&fargs);
  return status;
}
