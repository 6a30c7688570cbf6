/* corridor-import-telegram.c: Telegram Desktop result.json (FORMATS.md §1),
 * a single chat {name, type, id, messages[]} or a full export with
 * chats.list[]. json-glib holds the whole document, so files above
 * CORRIDOR_IMPORT_MAX_TELEGRAM (256 MiB) are refused with a clear message.
 * Ids are `tg:<chat id>:<message id>`; from_id becomes the actor's alias. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *
node_to_id (JsonNode *n)
{
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  if (json_node_get_value_type (n) == G_TYPE_STRING && *json_node_get_string (n) != '\0')
    return g_strdup (json_node_get_string (n));
  return NULL;
}

/* `text` is a string or an array of strings and {type, text} entities. */
static gboolean
join_text (JsonNode *text, GString *out)
{
  if (text == NULL || JSON_NODE_HOLDS_NULL (text))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING)
    {
      g_string_append (out, json_node_get_string (text));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (text))
    return FALSE;
  {
    JsonArray *arr = json_node_get_array (text);

    for (guint i = 0; i < json_array_get_length (arr); i++)
      {
        JsonNode *e = json_array_get_element (arr, i);

        if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
          g_string_append (out, json_node_get_string (e));
        else if (JSON_NODE_HOLDS_OBJECT (e))
          {
            JsonNode *t = json_object_get_member (json_node_get_object (e), "text");

            if (t != NULL && JSON_NODE_HOLDS_VALUE (t) &&
                json_node_get_value_type (t) == G_TYPE_STRING)
              g_string_append (out, json_node_get_string (t));
          }
        else
          return FALSE;
      }
  }
  return TRUE;
}

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
member_number (JsonObject *o, const char *name, double *out)
{
  JsonNode *n = json_object_get_member (o, name);
  GType t;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  t = json_node_get_value_type (n);
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (n);
  return isfinite (*out);
}

static gboolean
import_chat (CorridorImportCtx *ctx, JsonObject *chat, guint index, GError **error)
{
  g_autofree char *chat_id = node_to_id (json_object_get_member (chat, "id"));
  JsonNode *msgs_node = json_object_get_member (chat, "messages");
  g_autoptr(GHashTable) senders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *extra = NULL;
  const char *other[2] = { NULL, NULL };
  JsonArray *msgs;
  guint n;

  if (chat_id == NULL)
    return corridor_import_bad (ctx, 0, error, "chat %u has no id", index + 1);
  if (msgs_node == NULL || !JSON_NODE_HOLDS_ARRAY (msgs_node))
    return corridor_import_bad (ctx, 0, error, "chat %s has no messages array", chat_id);
  msgs = json_node_get_array (msgs_node);
  n = json_array_get_length (msgs);

  /* A chat with two writers is a conversation: each writes to the other. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (msgs, i);
      const char *from;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      from = member_string (json_node_get_object (e), "from");
      if (from != NULL && *from != '\0' &&
          g_strcmp0 (member_string (json_node_get_object (e), "type"), "service") != 0)
        g_hash_table_add (senders, (gpointer) from);
    }
  if (g_hash_table_size (senders) == 2)
    {
      GHashTableIter it;
      gpointer key;
      guint k = 0;

      g_hash_table_iter_init (&it, senders);
      while (g_hash_table_iter_next (&it, &key, NULL))
        other[k++] = key;
    }
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;
    const char *name = member_string (chat, "name");
    const char *type = member_string (chat, "type");

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "platform");
    json_builder_add_string_value (b, "telegram");
    if (name != NULL)
      {
        json_builder_set_member_name (b, "chat");
        json_builder_add_string_value (b, name);
      }
    if (type != NULL)
      {
        json_builder_set_member_name (b, "chat_type");
        json_builder_add_string_value (b, type);
      }
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    extra = json_generator_to_data (gen, NULL);
  }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (msgs, i);
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *msg_id = NULL, *id = NULL;
      char *to[2] = { NULL, NULL };
      CorridorMessage m = { 0 };
      JsonObject *o, *loc;
      const char *from, *from_id, *unixtime, *type;
      char *end = NULL;

      if (!corridor_import_tick (ctx, (gint64) ((double) ctx->size * i / MAX (n, 1)), error))
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (e))
        {
          if (!corridor_import_bad (ctx, 0, error, "chat %s: message %u is not an object",
                                    chat_id, i + 1))
            return FALSE;
          continue;
        }
      o = json_node_get_object (e);
      type = member_string (o, "type");
      if (g_strcmp0 (type, "service") == 0)
        {
          ctx->file->system++;
          continue;
        }
      msg_id = node_to_id (json_object_get_member (o, "id"));
      if (msg_id == NULL)
        {
          if (!corridor_import_bad (ctx, 0, error, "chat %s: message %u has no id", chat_id, i + 1))
            return FALSE;
          continue;
        }
      unixtime = member_string (o, "date_unixtime");
      if (unixtime != NULL)
        m.ts = g_ascii_strtoll (unixtime, &end, 10);
      if (unixtime == NULL || end == unixtime || *end != '\0')
        {
          JsonNode *date = json_object_get_member (o, "date");
          const char *ds = member_string (o, "date");
          g_autoptr(GDateTime) dt = NULL;

          /* Older exports have only `date`, local time without an offset. */
          if (date != NULL && ds != NULL)
            dt = g_date_time_new_from_iso8601 (ds, ctx->tz);
          if (dt == NULL)
            {
              if (!corridor_import_bad (ctx, 0, error,
                                        "message tg:%s:%s has no usable date_unixtime", chat_id,
                                        msg_id))
                return FALSE;
              continue;
            }
          m.ts = g_date_time_to_unix (dt);
          m.tz_offset = (int) (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND);
        }
      if (!join_text (json_object_get_member (o, "text"), body))
        {
          if (!corridor_import_bad (ctx, 0, error, "message tg:%s:%s: text is neither a string "
                                    "nor an array", chat_id, msg_id))
            return FALSE;
          continue;
        }
      if (body->len == 0)
        {
          const char *media = member_string (o, "media_type");

          if (media == NULL && json_object_has_member (o, "photo"))
            media = "photo";
          if (media == NULL && json_object_has_member (o, "file"))
            media = "file";
          if (media != NULL)
            g_string_printf (body, "<%s omitted>", media);
        }
      from = member_string (o, "from");
      from_id = member_string (o, "from_id");
      if (from == NULL || *from == '\0')
        from = from_id;   /* deleted accounts keep only their id */
      if (from == NULL)
        {
          if (!corridor_import_bad (ctx, 0, error, "message tg:%s:%s has no sender", chat_id,
                                    msg_id))
            return FALSE;
          continue;
        }
      m.lat = m.lon = NAN;
      loc = json_object_get_member (o, "location_information") != NULL &&
                    JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "location_information"))
                ? json_object_get_object_member (o, "location_information")
                : NULL;
      if (loc != NULL && (!member_number (loc, "latitude", &m.lat) ||
                          !member_number (loc, "longitude", &m.lon) || fabs (m.lat) > 90 ||
                          fabs (m.lon) > 180))
        m.lat = m.lon = NAN;
      id = g_strdup_printf ("tg:%s:%s", chat_id, msg_id);
      m.id = id;
      m.sender = (char *) from;
      m.body = body->str;
      if (other[0] != NULL && other[1] != NULL)
        to[0] = (char *) (strcmp (from, other[0]) == 0 ? other[1] : other[0]);
      m.recipients = to;
      m.extra_json = extra;
      if (!corridor_import_emit (ctx, &m, 0, from_id != from ? from_id : NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
corridor_import_telegram (CorridorImportCtx *ctx, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root, *chats;
  JsonObject *obj;

  if (ctx->size > CORRIDOR_IMPORT_MAX_TELEGRAM)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: Telegram export of %" G_GINT64_FORMAT " MiB is larger than the %d MiB "
                   "this version reads; export the chats one by one", ctx->path,
                   ctx->size / (1024 * 1024), CORRIDOR_IMPORT_MAX_TELEGRAM / (1024 * 1024));
      return FALSE;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_mapped_file (parser, ctx->path, &local))
    {
      /* json-glib's message starts with "<line>:<column>: ". */
      if (g_str_has_prefix (local->message, ctx->path))
        g_set_error_literal (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, local->message);
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s: %s", ctx->path,
                     local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not a Telegram export (no top-level object)", ctx->path);
      return FALSE;
    }
  obj = json_node_get_object (root);
  chats = json_object_get_member (obj, "chats");
  if (chats != NULL && JSON_NODE_HOLDS_OBJECT (chats))
    {
      JsonNode *list = json_object_get_member (json_node_get_object (chats), "list");

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s: “chats” has no “list” array", ctx->path);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          JsonNode *c = json_array_get_element (json_node_get_array (list), i);

          if (!JSON_NODE_HOLDS_OBJECT (c))
            {
              if (!corridor_import_bad (ctx, 0, error, "chat %u is not an object", i + 1))
                return FALSE;
              continue;
            }
          if (!import_chat (ctx, json_node_get_object (c), i, error))
            return FALSE;
        }
      return TRUE;
    }
  if (!json_object_has_member (obj, "messages"))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not a Telegram export (no “messages” or “chats”)", ctx->path);
      return FALSE;
    }
  return import_chat (ctx, obj, 0, error);
}

gboolean
corridor_import_sniff_telegram (const char *head, gsize len)
{
  const char *p = head, *end = head + len;

  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{')
    return FALSE;
  return g_strstr_len (p, end - p, "\"messages\"") != NULL ||
         g_strstr_len (p, end - p, "\"chats\"") != NULL;
}
