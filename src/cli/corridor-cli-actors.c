/* corridor-cli-actors.c: `corridor actors CASE [--format json|csv]`: every
 * actor with its majority role over shipments, its role counts, messages,
 * degree (distinct contacts, undirected) and normalised betweenness. */
#include "corridor-cli.h"
#include "corridor-json.h"
#include "corridor-network.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* Majority over shipments; ties by role order (sender, intermediary,
 * distributor) like the store's, so both agree. */
static const char *
majority_role (const CorridorActorSummary *a)
{
  static const CorridorRole by_name[] = {
    CORRIDOR_ROLE_DISTRIBUTOR, CORRIDOR_ROLE_INTERMEDIARY, CORRIDOR_ROLE_SENDER,
  };
  CorridorRole best = CORRIDOR_ROLE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    if (a->roles[by_name[i]] > 0 && (best == CORRIDOR_ROLE_NONE || a->roles[by_name[i]] > a->roles[best]))
      best = by_name[i];
  return corridor_role_to_string (best);
}

static void
csv_cell (GString *out, const char *v)
{
  if (v != NULL && strpbrk (v, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *c = v; *c; c++)
        {
          if (*c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *c);
        }
      g_string_append_c (out, '"');
    }
  else if (v != NULL)
    g_string_append (out, v);
}

int
corridor_cli_actors (int argc, char **argv)
{
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "json (default) or csv", "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE — actors, roles and key figures");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorFilter) filter = NULL;
  g_autoptr(GPtrArray) actors = NULL, contacts = NULL, ranked = NULL;
  g_autoptr(GHashTable) stats = g_hash_table_new (g_str_hash, g_str_equal);
  CorridorCliFilterArgs fargs = { 0 };
  int status;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USAGE;
    }
  if (argc != 2)
    {
      corridor_cli_error ("actors: expected one CASE");
      return CORRIDOR_EXIT_USAGE;
    }
  if (format != NULL && strcmp (format, "json") != 0 && strcmp (format, "csv") != 0)
    {
      corridor_cli_error ("actors: --format %s: expected json or csv", format);
      return CORRIDOR_EXIT_USAGE;
    }
  status = corridor_cli_open ("actors", argv[1], CORRIDOR_STORE_OPEN_READ_ONLY, &fargs, &store, &filter);
  if (status != CORRIDOR_EXIT_OK)
    return status;
  actors = corridor_store_list_actor_summaries (store, &error);
  contacts = actors != NULL ? corridor_store_list_contacts (store, &error) : NULL;
  if (contacts == NULL)
    {
      corridor_cli_error ("actors: %s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  ranked = corridor_network_rank (contacts);
  for (guint i = 0; i < ranked->len; i++)
    {
      CorridorActorStats *s = g_ptr_array_index (ranked, i);
      g_hash_table_insert (stats, s->handle, s);
    }

  if (format == NULL || strcmp (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *doc = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "actors");
      json_builder_begin_array (b);
      for (guint i = 0; i < actors->len; i++)
        {
          const CorridorActorSummary *a = g_ptr_array_index (actors, i);
          const CorridorActorStats *s = g_hash_table_lookup (stats, a->handle);
          const char *role = majority_role (a);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "handle");
          json_builder_add_string_value (b, a->handle);
          json_builder_set_member_name (b, "aliases");
          json_builder_begin_array (b);
          for (guint k = 0; a->aliases[k] != NULL; k++)
            json_builder_add_string_value (b, a->aliases[k]);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "role");
          if (role != NULL)
            json_builder_add_string_value (b, role);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "roles");
          json_builder_begin_object (b);
          for (int r = CORRIDOR_ROLE_SENDER; r < CORRIDOR_N_ROLES; r++)
            {
              json_builder_set_member_name (b, corridor_role_to_string ((CorridorRole) r));
              json_builder_add_int_value (b, a->roles[r]);
            }
          json_builder_end_object (b);
          json_builder_set_member_name (b, "messages");
          json_builder_add_int_value (b, a->messages);
          json_builder_set_member_name (b, "degree");
          json_builder_add_int_value (b, s != NULL ? s->degree : 0);
          json_builder_set_member_name (b, "betweenness");
          json_builder_add_double_value (b, s != NULL ? s->betweenness : 0.0);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      doc = corridor_json_finish (json_generator_to_data (gen, NULL));
      puts (doc);
    }
  else
    {
      g_autoptr(GString) out = g_string_new ("handle,aliases,role,sender,intermediary,distributor,"
                                             "messages,degree,betweenness\r\n");
      for (guint i = 0; i < actors->len; i++)
        {
          const CorridorActorSummary *a = g_ptr_array_index (actors, i);
          const CorridorActorStats *s = g_hash_table_lookup (stats, a->handle);
          g_autofree char *aliases = g_strjoinv (";", a->aliases);
          char bt[G_ASCII_DTOSTR_BUF_SIZE];

          csv_cell (out, a->handle);
          g_string_append_c (out, ',');
          csv_cell (out, aliases);
          g_string_append_c (out, ',');
          csv_cell (out, majority_role (a));
          g_string_append_printf (out, ",%u,%u,%u,%u,%u,%s\r\n", a->roles[CORRIDOR_ROLE_SENDER],
                                  a->roles[CORRIDOR_ROLE_INTERMEDIARY],
                                  a->roles[CORRIDOR_ROLE_DISTRIBUTOR], a->messages,
                                  s != NULL ? s->degree : 0,
                                  g_ascii_formatd (bt, sizeof bt, "%.6f", s != NULL ? s->betweenness : 0.0));
        }
      fputs (out->str, stdout);
    }
  return fflush (stdout) == 0 ? CORRIDOR_EXIT_OK : CORRIDOR_EXIT_USER;
}
