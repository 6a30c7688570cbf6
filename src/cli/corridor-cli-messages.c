/* corridor-cli-messages.c: `corridor messages CASE (--shipment ID | --actor H
 * | --search TEXT)` as JSON: {"messages": [{id, ts, from, to, body, lat, lon,
 * extra}]}, by time. Exactly one selector is required (bad usage otherwise).
 * --search finds messages holding every word of TEXT through the case's word
 * index (corridor_store_search_messages), as the GUI's search does. */
#include "corridor-cli.h"
#include "corridor-json.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

int
corridor_cli_messages (int argc, char **argv)
{
  g_autofree char *shipment = NULL, *actor = NULL, *search = NULL;
  GOptionEntry entries[] = {
    { "shipment", 0, 0, G_OPTION_ARG_STRING, &shipment, "The messages behind a shipment", "ID" },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &actor, "Messages an actor sent or received", "HANDLE" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "Messages whose text has every word of TEXT", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE — messages, as JSON");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) msgs = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *doc = NULL;
  CorridorCliFilterArgs fargs = { 0 };
  int status;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USAGE;
    }
  if (argc != 2 || (shipment != NULL) + (actor != NULL) + (search != NULL) != 1)
    {
      corridor_cli_error ("messages: expected CASE and one of --shipment, --actor or --search");
      return CORRIDOR_EXIT_USAGE;
    }
  status = corridor_cli_open ("messages", argv[1], CORRIDOR_STORE_OPEN_READ_ONLY, &fargs, &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    return status;
  if (search != NULL)
    {
      hits = corridor_store_search_messages (store, search, 0, NULL, &error);
      if (hits != NULL)
        {
          /* The messages are borrowed from the hits. */
          msgs = g_ptr_array_sized_new (hits->len);
          for (guint i = 0; i < hits->len; i++)
            g_ptr_array_add (msgs, ((CorridorMessageHit *) g_ptr_array_index (hits, i))->message);
        }
    }
  else
    msgs = corridor_store_list_messages (store, shipment, actor, NULL, &error);
  if (msgs == NULL)
    {
      corridor_cli_error ("messages: %s", error->message);
      return CORRIDOR_EXIT_USER;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < msgs->len; i++)
    {
      const CorridorMessage *m = g_ptr_array_index (msgs, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (m->ts);
      g_autoptr(GTimeZone) tz = g_time_zone_new_offset (m->tz_offset);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
      g_autofree char *ts = local != NULL ? g_date_time_format_iso8601 (local) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, m->id);
      json_builder_set_member_name (b, "ts");
      json_builder_add_string_value (b, ts);
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, m->sender);
      json_builder_set_member_name (b, "to");
      json_builder_begin_array (b);
      for (guint k = 0; m->recipients != NULL && m->recipients[k] != NULL; k++)
        json_builder_add_string_value (b, m->recipients[k]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "body");
      json_builder_add_string_value (b, m->body);
      json_builder_set_member_name (b, "lat");
      if (isnan (m->lat))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, m->lat);
      json_builder_set_member_name (b, "lon");
      if (isnan (m->lon))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, m->lon);
      if (m->extra_json != NULL)
        {
          g_autoptr(JsonNode) extra = json_from_string (m->extra_json, NULL);
          if (extra != NULL)
            {
              json_builder_set_member_name (b, "extra");
              json_builder_add_value (b, g_steal_pointer (&extra));
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  doc = corridor_json_finish (json_generator_to_data (gen, NULL));
  puts (doc);
  return fflush (stdout) == 0 ? CORRIDOR_EXIT_OK : CORRIDOR_EXIT_USER;
}
