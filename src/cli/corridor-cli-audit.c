/* corridor-cli-audit.c: `corridor audit CASE [--verify] [--format text|json]`
 * lists a case's audit log, one entry a line, or checks its hash chain. It
 * only reads: the case is opened read-only and never created. Every field is
 * shown with control and bidi characters made visible, so a crafted path or
 * note cannot rewrite the line an analyst reads. */
#include "corridor-cli.h"
#include "corridor-json.h"
#include "corridor-error.h"
#include "corridor-text.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* A stored JSON document as a node; text that no longer parses (an edited
 * row) is shown as the string it is. */
static JsonNode *
json_or_string (const char *text)
{
  JsonNode *node;

  if (text == NULL)
    return json_node_new (JSON_NODE_NULL);
  node = json_from_string (text, NULL);
  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
    }
  return node;
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *doc = NULL;

  json_generator_set_root (gen, root);
  doc = corridor_json_finish (json_generator_to_data (gen, NULL));
  printf ("%s\n", doc);
}

static void
list_json (GPtrArray *entries)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "audit");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      const CorridorAuditEntry *e = g_ptr_array_index (entries, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, e->id);
      add_string (b, "ts", e->ts);
      add_string (b, "user", e->os_user);
      add_string (b, "action", e->action);
      add_string (b, "object", e->object);
      json_builder_set_member_name (b, "before");
      json_builder_add_value (b, json_or_string (e->before_json));
      json_builder_set_member_name (b, "after");
      json_builder_add_value (b, json_or_string (e->after_json));
      add_string (b, "hash", e->hash);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  print_json (b);
}

/* One field of a text line: "-" when absent, invisible characters marked. */
static char *
shown (const char *text)
{
  if (text == NULL)
    return g_strdup ("-");
  return corridor_text_reveal_controls (text, FALSE);
}

static void
list_text (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const CorridorAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *ts = shown (e->ts), *user = shown (e->os_user);
      g_autofree char *action = shown (e->action), *object = shown (e->object);
      g_autofree char *before = shown (e->before_json), *after = shown (e->after_json);

      printf ("%" G_GINT64_FORMAT "  %s  %s  %s  %s  %s → %s\n", e->id, ts, user, action,
              object, before, after);
    }
}

/* " (it now reads: review.set s-12 at 2024-05-01T10:00:00Z)" when the row
 * is still there, so the analyst can find it in the listing; else "". */
static char *
describe_entry (GPtrArray *entries, gint64 id)
{
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const CorridorAuditEntry *e = g_ptr_array_index (entries, i);

      if (e->id == id)
        {
          g_autofree char *action = shown (e->action), *object = shown (e->object);
          g_autofree char *ts = shown (e->ts);

          return g_strdup_printf (" (it now reads: %s %s at %s)", action, object, ts);
        }
    }
  return g_strdup ("");
}

static int
verify (CorridorStore *store, const char *path, gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = corridor_store_list_audit (store, NULL);
  gint64 bad = 0;
  gboolean intact = corridor_store_verify_audit (store, &bad, &error);
  g_autofree char *which = NULL;

  if (!intact && !g_error_matches (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT))
    {
      corridor_cli_error ("audit: %s: %s", path, error->message);
      return CORRIDOR_EXIT_USER;
    }
  if (!intact)
    which = describe_entry (entries, bad);
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "intact");
      json_builder_add_boolean_value (b, intact);
      json_builder_set_member_name (b, "entries");
      json_builder_add_int_value (b, entries != NULL ? entries->len : 0);
      json_builder_set_member_name (b, "first_bad");
      if (intact)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, bad);
      add_string (b, "message", intact ? NULL : error->message);
      json_builder_end_object (b);
      print_json (b);
    }
  if (!intact)
    {
      corridor_cli_error ("audit: %s: %s%s", path, error->message, which);
      return CORRIDOR_EXIT_USER;
    }
  if (!json)
    printf ("The audit log is intact: %u entries, each chained to the one before.\n",
            entries != NULL ? entries->len : 0);
  return CORRIDOR_EXIT_OK;
}

int
corridor_cli_audit_main (int argc, char **argv)
{
  g_autofree char *format = NULL;
  gboolean check = FALSE;
  GOptionEntry entries[] = {
    { "verify", 0, 0, G_OPTION_ARG_NONE, &check, "Check the hash chain; exit 1 at the first altered, removed or reordered entry", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or json", "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CASE — list the audit log or check its hash chain");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean json;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USAGE;
    }
  if (argc != 2)
    {
      corridor_cli_error ("audit: expected one CASE");
      return CORRIDOR_EXIT_USAGE;
    }
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    {
      corridor_cli_error ("audit: --format %s: expected text or json", format);
      return CORRIDOR_EXIT_USAGE;
    }
  json = format != NULL && strcmp (format, "json") == 0;

  store = corridor_store_open (argv[1], CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      corridor_cli_error ("%s", error->message);
      return CORRIDOR_EXIT_USER;
    }
  if (check)
    return verify (store, argv[1], json);

  log = corridor_store_list_audit (store, &error);
  if (log == NULL)
    {
      corridor_cli_error ("audit: %s: %s", argv[1], error->message);
      return CORRIDOR_EXIT_USER;
    }
  if (json)
    list_json (log);
  else
    list_text (log);
  return CORRIDOR_EXIT_OK;
}
