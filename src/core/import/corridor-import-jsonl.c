/* corridor-import-jsonl.c: canonical JSON Lines (FORMATS.md §1), read one
 * bounded line at a time, so memory stays flat whatever the file size.
 * Required: id, ts (ISO 8601 with an offset, or --tz), from, body; `to` a
 * handle or an array; other keys kept as raw JSON. A well-formed line holding
 * only those keys is read by yajl's event parser without building a tree;
 * every other line (extra keys, \u escapes, any error) goes through json-glib,
 * whose reading and error messages are the reference. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <json-glib/json-glib.h>
#include <yajl/yajl_parse.h>
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
  /* json-glib decodes an unpaired \uD800-\uDFFF escape to bytes that are not
   * UTF-8 (found by tests/fuzz): such text must never reach the case. */
  if (!g_utf8_validate (m->id, -1, NULL) || !g_utf8_validate (m->sender, -1, NULL) ||
      !g_utf8_validate (m->body, -1, NULL) ||
      (m->extra_json != NULL && !g_utf8_validate (m->extra_json, -1, NULL)))
    return "a \\u escape is an unpaired surrogate (not UTF-8)";
  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    if (!g_utf8_validate (m->recipients[i], -1, NULL))
      return "a \\u escape is an unpaired surrogate (not UTF-8)";
  return NULL;
}

/* ---------------------------------------------------------------------------
 * Fast path: one yajl handle for the whole file, fed one line at a time.
 * It accepts a line only when json-glib would read the same values from it
 * and find nothing wrong; anything else "bails" and the line is read again by
 * record_from_object, so the fast path never decides an error.
 * ------------------------------------------------------------------------- */

enum { F_ID, F_TS, F_FROM, F_BODY, F_TO, F_LAT, F_LON, N_FIELDS };

#define NO_STRING G_MAXSIZE

typedef struct {
  GString *arena;            /* decoded strings, each NUL-terminated */
  GArray  *to;               /* arena offsets of the "to" handles */
  gsize    str[N_FIELDS];    /* arena offset of a string value, or NO_STRING */
  double   num[2];           /* lat, lon */
  guint    has_num;          /* bit 0 lat, bit 1 lon */
  guint    seen;             /* bit per field: a repeated key bails */
  int      key;              /* field whose value comes next */
  int      depth;
  gboolean done;             /* the line's object is closed */
  gboolean to_array;
} FastLine;

static gsize
fast_store (FastLine *f, const unsigned char *s, size_t len)
{
  gsize at = f->arena->len;

  g_string_append_len (f->arena, (const char *) s, (gssize) len);
  g_string_append_c (f->arena, '\0');
  return at;
}

static int
fast_null (void *ctx)
{
  FastLine *f = ctx;

  /* null stands for an absent "to" or pin; anything else is json-glib's call. */
  return f->depth == 1 && (f->key == F_TO || f->key == F_LAT || f->key == F_LON);
}

static int
fast_boolean (void *ctx, int value)
{
  return 0;
}

static int
fast_number (void *ctx, const char *text, size_t len)
{
  FastLine *f = ctx;
  char buf[64];
  char *end;
  double v;

  if (f->depth != 1 || (f->key != F_LAT && f->key != F_LON) || len >= sizeof buf)
    return 0;
  memcpy (buf, text, len);
  buf[len] = '\0';
  v = g_ascii_strtod (buf, &end);
  if (*end != '\0' || !isfinite (v))
    return 0;
  f->num[f->key - F_LAT] = v;
  f->has_num |= 1u << (f->key - F_LAT);
  return 1;
}

static int
fast_string (void *ctx, const unsigned char *s, size_t len)
{
  FastLine *f = ctx;

  if (f->depth == 2 && f->to_array)
    {
      gsize at = fast_store (f, s, len);

      g_array_append_val (f->to, at);
      return 1;
    }
  if (f->depth != 1 || f->key > F_TO)
    return 0;
  f->str[f->key] = fast_store (f, s, len);
  return 1;
}

static int
fast_start_map (void *ctx)
{
  FastLine *f = ctx;

  if (f->depth != 0 || f->done)
    return 0;
  f->depth = 1;
  return 1;
}

static int
fast_map_key (void *ctx, const unsigned char *k, size_t len)
{
  static const char *const names[N_FIELDS] = { "id", "ts", "from", "body", "to", "lat", "lon" };
  FastLine *f = ctx;

  if (f->depth != 1)
    return 0;
  for (int i = 0; i < N_FIELDS; i++)
    if (strlen (names[i]) == len && memcmp (names[i], k, len) == 0)
      {
        if (f->seen & (1u << i))
          return 0;
        f->seen |= 1u << i;
        f->key = i;
        return 1;
      }
  return 0;   /* another key: its raw JSON is kept, json-glib writes that */
}

static int
fast_end_map (void *ctx)
{
  FastLine *f = ctx;

  if (f->depth != 1)
    return 0;
  f->depth = 0;
  f->done = TRUE;
  return 1;
}

static int
fast_start_array (void *ctx)
{
  FastLine *f = ctx;

  if (f->depth != 1 || f->key != F_TO)
    return 0;
  f->depth = 2;
  f->to_array = TRUE;
  return 1;
}

static int
fast_end_array (void *ctx)
{
  FastLine *f = ctx;

  if (f->depth != 2)
    return 0;
  f->depth = 1;
  return 1;
}

static const yajl_callbacks fast_callbacks = {
  fast_null, fast_boolean, NULL, NULL, fast_number, fast_string,
  fast_start_map, fast_map_key, fast_end_map, fast_start_array, fast_end_array,
};

typedef struct {
  yajl_handle handle;
  FastLine    line;
} FastParser;

static void
fast_parser_reset (FastParser *p)
{
  if (p->handle != NULL)
    yajl_free (p->handle);
  p->handle = yajl_alloc (&fast_callbacks, NULL, &p->line);
  /* The line was checked as UTF-8 already; records follow one another. */
  yajl_config (p->handle, yajl_dont_validate_strings, 1);
  yajl_config (p->handle, yajl_allow_multiple_values, 1);
}

static void
fast_parser_clear (FastParser *p)
{
  g_clear_pointer (&p->handle, yajl_free);
  if (p->line.arena != NULL)
    g_string_free (p->line.arena, TRUE);
  g_clear_pointer (&p->line.to, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FastParser, fast_parser_clear)

/* TRUE when @line is a plain record, with @m filled (pointing into the
 * parser's arena and @to_buf, valid until the next call). */
static gboolean
fast_parse (FastParser *p, const char *line, gsize len, TsState *st, CorridorMessage *m,
            GPtrArray *to_buf)
{
  FastLine *f = &p->line;
  gboolean has_offset = FALSE;

  gsize last = len;

  /* json-glib's reading of \u escapes (NUL, lone surrogates) and of \v and
   * \f (whitespace to yajl) is the one that counts; such lines are rare. */
  if (g_strstr_len (line, (gssize) len, "\\u") != NULL || memchr (line, '\v', len) != NULL ||
      memchr (line, '\f', len) != NULL)
    return FALSE;
  /* Ending in "}" means any token after the object is closed, so it reaches
   * a callback (and bails) instead of waiting in yajl for the next line. */
  while (last > 0 && g_ascii_isspace (line[last - 1]))
    last--;
  if (last == 0 || line[last - 1] != '}')
    return FALSE;
  g_string_truncate (f->arena, 0);
  g_array_set_size (f->to, 0);
  for (int i = 0; i < N_FIELDS; i++)
    f->str[i] = NO_STRING;
  f->has_num = f->seen = 0;
  f->key = -1;
  f->depth = 0;
  f->done = f->to_array = FALSE;
  if (yajl_parse (p->handle, (const unsigned char *) line, len) != yajl_status_ok || !f->done)
    {
      /* Cancelled, malformed or unfinished: start the next line afresh. */
      fast_parser_reset (p);
      return FALSE;
    }
  if (f->str[F_ID] == NO_STRING || f->arena->str[f->str[F_ID]] == '\0' ||
      f->str[F_TS] == NO_STRING || f->str[F_FROM] == NO_STRING ||
      f->arena->str[f->str[F_FROM]] == '\0' || f->str[F_BODY] == NO_STRING)
    return FALSE;
  if (f->has_num != 0)
    {
      if (f->has_num != 3 || fabs (f->num[0]) > 90 || fabs (f->num[1]) > 180)
        return FALSE;
      m->lat = f->num[0];
      m->lon = f->num[1];
    }
  if (!parse_iso8601 (f->arena->str + f->str[F_TS], st->tz, &has_offset, &m->ts,
                      &m->tz_offset))
    return FALSE;
  if (!has_offset)
    {
      if (st->tz == NULL)
        return FALSE;
      st->used_tz = TRUE;
    }
  m->id = f->arena->str + f->str[F_ID];
  m->sender = f->arena->str + f->str[F_FROM];
  m->body = f->arena->str + f->str[F_BODY];
  g_ptr_array_set_size (to_buf, 0);
  if (f->to_array)
    for (guint i = 0; i < f->to->len; i++)
      g_ptr_array_add (to_buf, f->arena->str + g_array_index (f->to, gsize, i));
  else if (f->str[F_TO] != NO_STRING)
    g_ptr_array_add (to_buf, f->arena->str + f->str[F_TO]);
  g_ptr_array_add (to_buf, NULL);
  m->recipients = (char **) to_buf->pdata;
  return TRUE;
}

gboolean
corridor_import_jsonl (CorridorImportCtx *ctx, GError **error)
{
  static const char *const known[] = { "id", "ts", "from", "to", "body", "lat", "lon", NULL };
  g_autoptr(CorridorLineReader) reader = corridor_line_reader_new (ctx->path, error);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) to_buf = g_ptr_array_new ();
  g_auto(FastParser) fast = { 0 };
  static char *no_recipients[] = { NULL };
  TsState st = { ctx->options->tz != NULL ? ctx->tz : NULL, FALSE };
  GError *read_error = NULL;
  const char *line;
  gsize len;
  gboolean too_long;

  if (reader == NULL)
    return FALSE;
  fast.line.arena = g_string_sized_new (512);
  fast.line.to = g_array_new (FALSE, FALSE, sizeof (gsize));
  fast_parser_reset (&fast);
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
      m.lat = m.lon = NAN;
      if (fast_parse (&fast, line, len, &st, &m, to_buf))
        {
          if (!corridor_import_emit (ctx, &m, lineno, NULL, error))
            return FALSE;
          continue;
        }
      memset (&m, 0, sizeof m);
      if (!corridor_import_json_nesting_ok (line, len))
        {
          if (!corridor_import_bad (ctx, lineno, error, "JSON nested deeper than %d levels",
                                    CORRIDOR_IMPORT_MAX_DEPTH))
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
