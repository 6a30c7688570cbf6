/* corridor-cli-export.c: `corridor export`, data for GIS tools: GeoJSON,
 * GeoPackage, KML and CSV, each line along the shipment's sea route with
 * its length in nautical miles. Every export is written to the case's
 * audit log, with the format, the count and the filters. */
#include "corridor-cli.h"
#include "corridor-json.h"
#include "corridor-error.h"
#include "corridor-export.h"
#include "corridor-export-ogr.h"
#include "corridor-routing.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *const formats[] = { "geojson", "gpkg", "kml", "csv", NULL };

/* {"format", "output", "shipments", "filters": {…as in the file…}}. */
static char *
audit_after_json (const char *format, const char *out, guint n, const CorridorFilter *filter,
                  const char *case_path)
{
  g_autofree char *doc = corridor_export_filters_json (filter, case_path, n);
  g_autoptr(JsonNode) parsed = json_from_string (doc, NULL);
  JsonObject *corridor = json_object_get_object_member (json_node_get_object (parsed), "corridor");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, format);
  json_builder_set_member_name (b, "output");
  json_builder_add_string_value (b, out);
  json_builder_set_member_name (b, "shipments");
  json_builder_add_int_value (b, n);
  json_builder_set_member_name (b, "filters");
  json_builder_add_value (b, json_node_copy (json_object_get_member (corridor, "filters")));
  json_builder_end_object (b);
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  return corridor_json_finish (json_to_string (root, FALSE));
}

int
corridor_cli_export (int argc, char **argv)
{
  g_autofree char *out = NULL, *format = NULL;
  gboolean straight = FALSE;
  CorridorCliFilterArgs fargs = { 0 };
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "geojson, gpkg, kml or csv", "FORMAT" },
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
  int status = CORRIDOR_EXIT_USAGE;

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
  if (!g_strv_contains ((const char *const *) formats, format))
    {
      corridor_cli_error ("export: --format %s: expected geojson, gpkg, kml or csv", format);
      goto done;
    }
  /* Read-write, never created: the export is recorded in the audit log. */
  status = corridor_cli_open ("export", argv[1], CORRIDOR_STORE_OPEN_DEFAULT, &fargs, &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    goto done;
  status = CORRIDOR_EXIT_USAGE;
  shipments = corridor_store_query_shipments (store, filter, &error);
  if (shipments != NULL && !straight)
    routes = corridor_routing_resolve (store, shipments, &error);
  if (shipments == NULL || (!straight && routes == NULL))
    {
      corridor_cli_error ("%s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  gboolean written;
  if (strcmp (format, "geojson") == 0)
    {
      doc = corridor_export_geojson (shipments, routes, filter, argv[1], &error);
      written = doc != NULL && g_file_set_contents (out, doc, -1, &error);
    }
  else if (strcmp (format, "gpkg") == 0)
    written = corridor_export_gpkg (shipments, routes, filter, argv[1], out, &error);
  else if (strcmp (format, "kml") == 0)
    written = corridor_export_kml (shipments, routes, filter, argv[1], out, &error);
  else
    written = corridor_export_csv (shipments, routes, filter, argv[1], out, &error);
  if (!written)
    {
      corridor_cli_error ("export: %s", error->message);
      status = CORRIDOR_EXIT_USER;
      goto done;
    }
  {
    g_autofree char *after = audit_after_json (format, out, shipments->len, filter, argv[1]);
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
