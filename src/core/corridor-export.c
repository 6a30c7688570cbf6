/* corridor-export.c: GeoJSON export, built with json-glib. Invariants:
 * coordinates are [lon, lat] WGS84 (RFC 7946, no "crs"); every shipment
 * passed in becomes exactly one LineString feature; unknown values are
 * null or [], never guesses (FORMATS.md §4). */
#include "corridor-export.h"
#include "corridor-json.h"
#include "corridor-sea-router.h"
#include "corridor-projection.h"
#include "corridor-config.h"

#include <json-glib/json-glib.h>
#include <math.h>

double
corridor_export_straight_length_nm (const CorridorShipment *s)
{
  double km = 0;
  for (guint i = 0; i + 1 < s->n_stops; i++)
    km += corridor_geo_distance_km (s->stops[i].lat, s->stops[i].lon, s->stops[i + 1].lat, s->stops[i + 1].lon);
  return km / 1.852;
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_stop (JsonBuilder *b, const CorridorStop *stop)
{
  json_builder_begin_object (b);
  add_string_or_null (b, "locode", stop->locode);
  add_string_or_null (b, "name", stop->name);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, stop->lat);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, stop->lon);
  json_builder_end_object (b);
}

static void
add_position (JsonBuilder *b, double lon, double lat)
{
  json_builder_begin_array (b);
  /* ~1 cm: more digits only bloat the file (RFC 7946 §11.2). */
  json_builder_add_double_value (b, round (lon * 1e7) / 1e7);
  json_builder_add_double_value (b, round (lat * 1e7) / 1e7);
  json_builder_end_array (b);
}

static void
add_strv (JsonBuilder *b, const char *name, char **values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (char **v = values; v && *v; v++)
    json_builder_add_string_value (b, *v);
  json_builder_end_array (b);
}

static void
add_shipment_feature (JsonBuilder *b, const CorridorShipment *s, const CorridorSeaRoute *route)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "Feature");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, s->id);

  json_builder_set_member_name (b, "geometry");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "LineString");
  json_builder_set_member_name (b, "coordinates");
  json_builder_begin_array (b);
  if (route && route->points->len >= 4)
    for (guint i = 0; i < route->points->len / 2; i++)
      add_position (b, g_array_index (route->points, double, 2 * i),
                    g_array_index (route->points, double, 2 * i + 1));
  else
    for (guint i = 0; i < s->n_stops; i++)
      add_position (b, s->stops[i].lon, s->stops[i].lat);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "shipment");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, s->id);
  json_builder_set_member_name (b, "origin");
  add_stop (b, &s->stops[0]);
  json_builder_set_member_name (b, "transit");
  json_builder_begin_array (b);
  for (guint i = 1; i + 1 < s->n_stops; i++)
    add_stop (b, &s->stops[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "destination");
  add_stop (b, &s->stops[s->n_stops - 1]);
  add_string_or_null (b, "departed", s->departed);
  add_string_or_null (b, "arrived", s->arrived);
  json_builder_set_member_name (b, "quantity_kg");
  if (isnan (s->quantity_kg))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, s->quantity_kg);
  add_strv (b, "containers", s->containers);
  json_builder_set_member_name (b, "vessel");
  if (s->vessel_name || s->vessel_imo)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "name", s->vessel_name);
      add_string_or_null (b, "imo", s->vessel_imo);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "concealment", s->concealment);
  add_string_or_null (b, "outcome", corridor_outcome_to_string (s->outcome));
  json_builder_set_member_name (b, "actors");
  json_builder_begin_array (b);
  for (guint i = 0; s->actors && i < s->actors->len; i++)
    {
      const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "handle", a->handle);
      add_string_or_null (b, "role", corridor_role_to_string (a->role));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "confidence");
  json_builder_add_double_value (b, s->confidence);
  add_string_or_null (b, "status", corridor_status_to_string (s->status));
  add_strv (b, "evidence", s->evidence);
  json_builder_set_member_name (b, "route");
  json_builder_add_string_value (b, route ? "sea" : "straight");
  json_builder_set_member_name (b, "length_nm");
  json_builder_add_double_value (b, round ((route ? route->length_nm : corridor_export_straight_length_nm (s)) * 10) / 10);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* The "corridor" member: version, case, the filters (in words and as
 * values) and the count. Shared by every export format. */
static void
add_corridor_member (JsonBuilder *b, const CorridorFilter *filter, const char *case_path, guint n_shipments)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, CORRIDOR_VERSION);
  add_string_or_null (b, "case", case_path);
  g_autofree char *describe = filter ? corridor_filter_describe (filter) : g_strdup ("");
  json_builder_set_member_name (b, "filters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, describe);
  json_builder_set_member_name (b, "ports");
  json_builder_begin_array (b);
  for (guint i = 0; filter && i < filter->ports->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (filter->ports, i));
  json_builder_end_array (b);
  add_string_or_null (b, "from", filter ? filter->from : NULL);
  add_string_or_null (b, "to", filter ? filter->to : NULL);
  json_builder_set_member_name (b, "actors");
  json_builder_begin_array (b);
  for (guint i = 0; filter && i < filter->actors->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (filter->actors, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "roles");
  json_builder_begin_array (b);
  for (guint r = 1; filter && r < CORRIDOR_N_ROLES; r++)
    if (filter->roles & (1u << r))
      json_builder_add_string_value (b, corridor_role_to_string (r));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "min_confidence");
  json_builder_add_double_value (b, filter ? filter->min_confidence : 0);
  json_builder_set_member_name (b, "statuses");
  json_builder_begin_array (b);
  guint mask = filter ? corridor_filter_status_mask (filter)
                      : (1u << CORRIDOR_STATUS_INFERRED) | (1u << CORRIDOR_STATUS_CONFIRMED);
  for (guint st = 0; st < CORRIDOR_N_STATUSES; st++)
    if (mask & (1u << st))
      json_builder_add_string_value (b, corridor_status_to_string (st));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "shipments");
  json_builder_add_int_value (b, n_shipments);
  json_builder_end_object (b);
}

char *
corridor_export_filters_json (const CorridorFilter *filter, const char *case_path, guint n_shipments)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "corridor");
  add_corridor_member (b, filter, case_path, n_shipments);
  json_builder_end_object (b);
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  return corridor_json_finish (json_generator_to_data (gen, NULL));
}

typedef struct {
  CorridorStop stop;
  guint        n_out, n_in, n_transit;
} PortUse;

char *
corridor_export_geojson (GPtrArray *shipments, GHashTable *routes, const CorridorFilter *filter,
                         const char *case_path, GError **error)
{
  g_return_val_if_fail (shipments != NULL, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "FeatureCollection");

  /* What was exported, and how it was chosen (a foreign member, RFC 7946 §6.1). */
  json_builder_set_member_name (b, "corridor");
  add_corridor_member (b, filter, case_path, shipments->len);

  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  g_autoptr(GHashTable) port_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) ports = g_array_new (FALSE, TRUE, sizeof (PortUse));
  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (s->n_stops < 2)
        continue;
      g_autofree char *key = corridor_sea_route_key (s->stops, s->n_stops);
      add_shipment_feature (b, s, routes ? g_hash_table_lookup (routes, key) : NULL);
      for (guint k = 0; k < s->n_stops; k++)
        {
          gpointer idx;
          PortUse *pu;
          if (g_hash_table_lookup_extended (port_index, s->stops[k].locode, NULL, &idx))
            pu = &g_array_index (ports, PortUse, GPOINTER_TO_UINT (idx));
          else
            {
              PortUse fresh = { s->stops[k] };
              g_array_append_val (ports, fresh);
              pu = &g_array_index (ports, PortUse, ports->len - 1);
              /* Keys point into the shipments, which outlive the index. */
              g_hash_table_insert (port_index, s->stops[k].locode, GUINT_TO_POINTER (ports->len - 1));
            }
          if (k == 0)
            pu->n_out++;
          else if (k == s->n_stops - 1)
            pu->n_in++;
          else
            pu->n_transit++;
        }
    }
  for (guint i = 0; i < ports->len; i++)
    {
      const PortUse *pu = &g_array_index (ports, PortUse, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "Feature");
      json_builder_set_member_name (b, "geometry");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "Point");
      json_builder_set_member_name (b, "coordinates");
      add_position (b, pu->stop.lon, pu->stop.lat);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "port");
      add_string_or_null (b, "locode", pu->stop.locode);
      add_string_or_null (b, "name", pu->stop.name);
      json_builder_set_member_name (b, "shipments_out");
      json_builder_add_int_value (b, pu->n_out);
      json_builder_set_member_name (b, "shipments_in");
      json_builder_add_int_value (b, pu->n_in);
      json_builder_set_member_name (b, "shipments_transit");
      json_builder_add_int_value (b, pu->n_transit);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  return corridor_json_finish (json_generator_to_data (gen, NULL));
}
