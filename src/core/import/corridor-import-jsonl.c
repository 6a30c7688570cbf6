/* corridor-import-jsonl.c: canonical JSON Lines (FORMATS.md §1), read one
 * bounded line at a time and parsed with json-glib per line, so memory stays
 * flat whatever the file size. Required: id, ts (ISO 8601 with an offset, or
 * --tz), from, body; `to` a handle or an array; other keys kept as raw JSON. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static gboolean
digits (const char *s, int n, int *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* Parses "YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]" without allocating.
 * Returns FALSE on a malformed value; *has_offset says whether a zone was
 * given (the time is then UTC seconds in *out_ts). */
static gboolean
parse_iso8601 (const char *s, GTimeZone *tz, gboolean *has_offset, gint64 *out_ts,
               int *out_offset)
{
  int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 1;
  const char *p = s;

  if (!digits (p, 4, &y) || p[4] != '-' || !digits (p + 5, 2, &mo) || p[7] != '-' ||
      !digits (p + 8, 2, &d) || (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
      !digits (p + 11, 2, &h) || p[13] != ':' || !digits (p + 14, 2, &mi))
    return FALSE;
  p += 16;
  if (*p == ':')
    {
      if (!digits (p + 1, 2, &sec))
        return FALSE;
      p += 3;
      if (*p == '.' || *p == ',')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (!corridor_import_date_valid (y, mo, d) || h > 23 || mi > 59 || sec > 60)
    return FALSE;
  if (*p == '\0')
    {
      *has_offset = FALSE;
      if (tz != NULL)
        *out_ts = corridor_import_local_to_utc (tz, y, mo, d, h, mi, sec, out_offset);
      return TRUE;
    }
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      sign = *p == '-' ? -1 : 1;
      if (!digits (p + 1, 2, &oh))
        return FALSE;
      p += 3;
      if (*p == ':')
        p++;
      if (*p != '\0')
        {
          if (!digits (p, 2, &om))
            return FALSE;
          p += 2;
        }
      if (oh > 18 || om > 59)
        return FALSE;
    }
  else
    return FALSE;
  if (*p != '\0')
    return FALSE;
  *has_offset = TRUE;
  *out_offset = sign * (oh * 3600 + om * 60);
  *out_ts = corridor_import_days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
            *out_offset;
  return TRUE;
}

typedef struct {
  GTimeZone *tz;          /* only for zone-less times: --tz */
  gboolean   used_tz;
} TsState;

/* Fills @m from one parsed record; returns a cause (static) when it is bad. */
static const char *
record_from_object (JsonObject *obj, TsState *st, CorridorMessage *m, char ***owned_to,
                    char **owned_extra, const char *const *known)
{
  JsonNode *id = json_object_get_member (obj, "id");
  JsonNode *ts = json_object_get_member (obj, "ts");
  JsonNode *from = json_object_get_member (obj, "from");
  JsonNode *body = json_object_get_member (obj, "body");
  JsonNode *to = json_object_get_member (obj, "to");
  JsonNode *lat = json_object_get_member (obj, "lat");
  JsonNode *lon = json_object_get_member (obj, "lon");
  gboolean has_offset = FALSE;
  guint n_members;

  if (id == NULL || JSON_NODE_HOLDS_NULL (id))
    return "missing \"id\"";
  if (json_node_get_value_type (id) != G_TYPE_STRING || *json_node_get_string (id) == '\0')
    return "\"id\" must be a non-empty string";
  if (ts == NULL || json_node_get_value_type (ts) != G_TYPE_STRING)
    return "missing or non-string \"ts\"";
  if (from == NULL || json_node_get_value_type (from) != G_TYPE_STRING ||
      *json_node_get_string (from) == '\0')
    return "missing or empty \"from\"";
  if (body == NULL || json_node_get_value_type (body) != G_TYPE_STRING)
    return "missing or non-string \"body\"";
  if (!parse_iso8601 (json_node_get_string (ts), st->tz, &has_offset, &m->ts, &m->tz_offset))
    return "\"ts\" is not an ISO 8601 date and time";
  if (!has_offset)
    {
      if (st->tz == NULL)
        return "\"ts\" has no zone offset; give --tz ZONE to read such times";
      st->used_tz = TRUE;
    }
  m->id = (char *) json_node_get_string (id);
  m->sender = (char *) json_node_get_string (from);
  m->body = (char *) json_node_get_string (body);

  if (to != NULL && !JSON_NODE_HOLDS_NULL (to))
    {
      if (JSON_NODE_HOLDS_ARRAY (to))
        {
          JsonArray *arr = json_node_get_array (to);
          guint n = json_array_get_length (arr);
          char **v = g_new0 (char *, n + 1);

          *owned_to = v;
          for (guint i = 0; i < n; i++)
            {
              JsonNode *e = json_array_get_element (arr, i);

              if (json_node_get_value_type (e) != G_TYPE_STRING)
                return "\"to\" must hold handles (strings)";
              v[i] = (char *) json_node_get_string (e);
            }
          m->recipients = v;
        }
      else if (json_node_get_value_type (to) == G_TYPE_STRING)
        {
          char **v = g_new0 (char *, 2);

          v[0] = (char *) json_node_get_string (to);
          *owned_to = v;
          m->recipients = v;
        }
      else
        return "\"to\" must be a handle or an array of handles";
    }
  if ((lat != NULL && !JSON_NODE_HOLDS_NULL (lat)) || (lon != NULL && !JSON_NODE_HOLDS_NULL (lon)))
    {
      GType lt = lat ? json_node_get_value_type (lat) : G_TYPE_INVALID;
      GType nt = lon ? json_node_get_value_type (lon) : G_TYPE_INVALID;

      if ((lt != G_TYPE_DOUBLE && lt != G_TYPE_INT64) || (nt != G_TYPE_DOUBLE && nt != G_TYPE_INT64))
        return "\"lat\" and \"lon\" must both be numbers";
      m->lat = json_node_get_double (lat);
      m->lon = json_node_get_double (lon);
      if (!isfinite (m->lat) || !isfinite (m->lon) || fabs (m->lat) > 90 || fabs (m->lon) > 180)
        return "\"lat\"/\"lon\" out of range";
    }

  /* The common case has no other keys: skip building the extra object. */
  n_members = json_object_get_size (obj);
  {
    guint n_known = 0;

    for (guint i = 0; known[i] != NULL; i++)
      if (json_object_has_member (obj, known[i]))
        n_known++;
    if (n_members > n_known)
      {
        g_autoptr(JsonObject) extra = json_object_new ();
        g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
        g_autoptr(JsonGenerator) gen = json_generator_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *node;

        json_object_iter_init_ordered (&iter, obj);
        while (json_object_iter_next_ordered (&iter, &name, &node))
          {
            gboolean is_known = FALSE;

            for (guint i = 0; known[i] != NULL && !is_known; i++)
              is_known = strcmp (known[i], name) == 0;
            if (!is_known)
              json_object_set_member (extra, name, json_node_copy (node));
          }
        json_node_set_object (root, extra);
        json_generator_set_root (gen, root);
        *owned_extra = json_generator_to_data (gen, NULL);
        m->extra_json = *owned_extra;
      }
  }
  return NULL;
}

gboolean
corridor_import_jsonl (CorridorImportCtx *ctx, GError **error)
{
  static const char *const known[] = { "id", "ts", "from", "to", "body", "lat", "lon", NULL };
  g_autoptr(CorridorLineReader) reader = corridor_line_reader_new (ctx->path, error);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  static char *no_recipients[] = { NULL };
  TsState st = { ctx->options->tz != NULL ? ctx->tz : NULL, FALSE };
  GError *read_error = NULL;
  const char *line;
  gsize len;
  gboolean too_long;

  if (reader == NULL)
    return FALSE;
  while (corridor_line_reader_next (reader, &line, &len, &too_long, &read_error))
    {
      guint lineno = corridor_line_reader_line (reader);
      g_autoptr(GError) perr = NULL;
      g_autofree char **owned_to = NULL;
      g_autofree char *owned_extra = NULL;
      CorridorMessage m = { 0 };
      const char *cause;
      JsonNode *root;
      gsize i;

      if (!corridor_import_tick (ctx, corridor_line_reader_offset (reader), error))
        return FALSE;
      if (too_long)
        {
          if (!corridor_import_bad (ctx, lineno, error, "line longer than %d MiB",
                                    CORRIDOR_IMPORT_MAX_LINE / (1024 * 1024)))
            return FALSE;
          continue;
        }
      for (i = 0; i < len && g_ascii_isspace (line[i]); i++)
        ;
      if (i == len)
        continue;   /* blank lines carry nothing */
      if (memchr (line, '\0', len) != NULL)
        {
          if (!corridor_import_bad (ctx, lineno, error, "NUL byte in the line"))
            return FALSE;
          continue;
        }
      if (!g_utf8_validate_len (line, len, NULL))
        {
          if (!corridor_import_bad (ctx, lineno, error, "invalid UTF-8"))
            return FALSE;
          continue;
        }
      if (!json_parser_load_from_data (parser, line, (gssize) len, &perr))
        {
          unsigned row = 0, col = 0;
          int skip = 0;

          /* json-glib says "<data>:1:COL: cause"; keep the column, drop the rest. */
          if (sscanf (perr->message, "<data>:%u:%u: %n", &row, &col, &skip) == 2 && skip > 0)
            {
              if (!corridor_import_bad (ctx, lineno, error, "malformed JSON at column %u: %s", col,
                                        perr->message + skip))
                return FALSE;
            }
          else if (!corridor_import_bad (ctx, lineno, error, "malformed JSON: %s", perr->message))
            return FALSE;
          continue;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          if (!corridor_import_bad (ctx, lineno, error, "not a JSON object"))
            return FALSE;
          continue;
        }
      m.lat = m.lon = NAN;
      m.recipients = no_recipients;
      cause = record_from_object (json_node_get_object (root), &st, &m, &owned_to, &owned_extra,
                                  known);
      if (cause != NULL)
        {
          if (!corridor_import_bad (ctx, lineno, error, "%s", cause))
            return FALSE;
          continue;
        }
      if (!corridor_import_emit (ctx, &m, lineno, NULL, error))
        return FALSE;
    }
  if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      return FALSE;
    }
  if (st.used_tz && ctx->file->tz == NULL)
    ctx->file->tz = g_strdup (ctx->options->tz);
  return TRUE;
}

gboolean
corridor_import_sniff_jsonl (const char *head, gsize len)
{
  const char *p = head, *end = head + len, *nl;

  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{')
    return FALSE;
  /* A record on one line: the first line is an object that names a message
   * field (a pretty-printed document opens with a lone "{"). */
  nl = memchr (p, '\n', (gsize) (end - p));
  if (nl == NULL)
    nl = end;
  if (nl - p < 2)
    return FALSE;
  return g_strstr_len (p, nl - p, "\"ts\"") != NULL || g_strstr_len (p, nl - p, "\"body\"") != NULL ||
         g_strstr_len (p, nl - p, "\"from\"") != NULL;
}
