/* corridor-import-telegram.c: Telegram Desktop result.json (FORMATS.md §1),
 * a single chat {name, type, id, messages[]} or a full export with
 * chats.list[]. The document is streamed through yajl twice: pass 1 learns
 * each chat's id, name and writers (the id may follow the messages), pass 2
 * emits the messages. Memory holds one message and a few strings per chat,
 * whatever the file size; a JSON token over CORRIDOR_IMPORT_MAX_LINE or
 * nesting over CORRIDOR_IMPORT_MAX_DEPTH refuses the file.
 * Ids are `tg:<chat id>:<message id>`; from_id becomes the actor's alias. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <yajl/yajl_parse.h>

/* yajl lexes a token that spans chunks again from its start at each chunk:
 * large chunks keep a long string from costing quadratic time. */
#define CHUNK (1024 * 1024)
/* Keys longer than this are no key we read: keep them out of memory. */
#define KEY_MAX 32

typedef enum {
  ROLE_SKIP,      /* a value we do not read, and everything inside it */
  ROLE_CHAT,      /* the root object (a single-chat export) or a chats.list[] element */
  ROLE_CHATS,     /* the root's "chats" object */
  ROLE_LIST,      /* chats.list */
  ROLE_MESSAGES,  /* a chat's "messages" array */
  ROLE_MESSAGE,   /* one element of it */
  ROLE_TEXT,      /* a message's "text" array */
  ROLE_ENTITY,    /* a {type, text} element of it */
  ROLE_LOCATION,  /* location_information */
} Role;

typedef struct {
  Role  role;
  char  key[KEY_MAX + 1];  /* the member being read, in an object */
  guint index;             /* elements seen, in an array */
} Frame;

/* What pass 1 learns about a chat and pass 2 uses. */
typedef struct {
  gboolean is_object;
  gboolean messages_array;
  gboolean has_messages;   /* a "messages" member of any type */
  char    *id;             /* NULL: none usable */
  char    *name, *type;
  guint    n_senders;      /* distinct writers, counted up to 3 */
  char    *sender[2];
} Chat;

/* The message being read (pass 2 fills every field, pass 1 type and from). */
typedef struct {
  char    *id, *type, *unixtime, *date, *from, *from_id, *media_type;
  gboolean has_photo, has_file, text_bad, in_text;
  GString *body;
  gboolean has_loc, loc_object, lat_ok, lon_ok;
  double   lat, lon;
  guint    index;          /* 1-based in the chat's messages */
  gboolean is_object;
} Msg;

typedef struct {
  CorridorImportCtx *ctx;
  int                pass;
  Frame              frames[CORRIDOR_IMPORT_MAX_DEPTH + 2];
  guint              depth;              /* frames[0] is the slot of the root value */
  /* Pass 1 results. */
  gboolean           root_object;
  gboolean           chats_object;       /* a full export */
  gboolean           list_array;
  Chat               root;
  GArray            *chats;              /* Chat, chats.list[] in order */
  /* While reading. */
  Chat              *chat;               /* the chat being read */
  gboolean           chat_live;          /* pass 2: its messages are imported */
  char              *extra;              /* pass 2: the chat's extra JSON */
  Msg                msg;
  gint64             offset;             /* bytes before the current chunk */
  gsize              since_token;        /* bytes fed since the last callback */
  guint              chats_seen;         /* chats.list[] elements so far, all lists */
  char               cause[96];          /* a structural refusal, given a line later */
  GError            *error;              /* a refusal from the store or a bad record */
} Parse;

static void
chat_clear (Chat *c)
{
  g_clear_pointer (&c->id, g_free);
  g_clear_pointer (&c->name, g_free);
  g_clear_pointer (&c->type, g_free);
  g_clear_pointer (&c->sender[0], g_free);
  g_clear_pointer (&c->sender[1], g_free);
}

static void
msg_reset (Msg *m)
{
  GString *body = m->body;

  g_free (m->id);
  g_free (m->type);
  g_free (m->unixtime);
  g_free (m->date);
  g_free (m->from);
  g_free (m->from_id);
  g_free (m->media_type);
  memset (m, 0, sizeof *m);
  m->body = body;
  if (body != NULL)
    g_string_truncate (body, 0);
}

/* A JSON string as json-glib hands it out: up to its first NUL. */
static char *
dup_string (const unsigned char *s, size_t len)
{
  return g_strndup ((const char *) s, len);
}

/* An integer id as json-glib's int64 would print it; NULL for anything else. */
static char *
number_to_id (const char *s, size_t len)
{
  char buf[32];
  char *end = NULL;
  gint64 v;

  if (len == 0 || len >= sizeof buf || memchr (s, '.', len) || memchr (s, 'e', len) ||
      memchr (s, 'E', len))
    return NULL;
  memcpy (buf, s, len);
  buf[len] = '\0';
  errno = 0;
  v = g_ascii_strtoll (buf, &end, 10);
  if (errno != 0 || *end != '\0')
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, v);
}

static gboolean
number_to_double (const char *s, size_t len, double *out)
{
  char buf[64];
  char *end = NULL;

  if (len == 0 || len >= sizeof buf)
    return FALSE;
  memcpy (buf, s, len);
  buf[len] = '\0';
  *out = g_ascii_strtod (buf, &end);
  return *end == '\0' && isfinite (*out);
}

static void
append_text (Msg *m, const unsigned char *s, size_t len)
{
  /* Past the body limit the message is refused anyway: stop growing. */
  if (m->body->len <= CORRIDOR_IMPORT_MAX_BODY)
    g_string_append_len (m->body, (const char *) s, (gssize) strnlen ((const char *) s, len));
}

/* ---------------------------------------------------------------------------
 * Per-chat and per-message decisions
 * ------------------------------------------------------------------------- */

static void
note_sender (Chat *c, const char *from)
{
  for (guint i = 0; i < MIN (c->n_senders, 2); i++)
    if (strcmp (c->sender[i], from) == 0)
      return;
  if (c->n_senders < 2)
    c->sender[c->n_senders] = g_strdup (from);
  if (c->n_senders < 3)
    c->n_senders++;
}

static char *
chat_extra (const Chat *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "platform");
  json_builder_add_string_value (b, "telegram");
  if (c->name != NULL)
    {
      json_builder_set_member_name (b, "chat");
      json_builder_add_string_value (b, c->name);
    }
  if (c->type != NULL)
    {
      json_builder_set_member_name (b, "chat_type");
      json_builder_add_string_value (b, c->type);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Pass 2, on entering a chat: the chat-level checks, in document order.
 * FALSE stops the parse (p->error set). */
static gboolean
enter_chat (Parse *p, Chat *c, guint index)
{
  CorridorImportCtx *ctx = p->ctx;

  p->chat = c;
  p->chat_live = FALSE;
  g_clear_pointer (&p->extra, g_free);
  if (!c->is_object)
    return corridor_import_bad (ctx, 0, &p->error, "chat %u is not an object", index + 1);
  if (c->id == NULL)
    return corridor_import_bad (ctx, 0, &p->error, "chat %u has no id", index + 1);
  if (!c->messages_array)
    return corridor_import_bad (ctx, 0, &p->error, "chat %s has no messages array", c->id);
  p->extra = chat_extra (c);
  p->chat_live = TRUE;
  return TRUE;
}

/* Pass 1, at the end of a message: count its writer. */
static void
scan_message (Parse *p)
{
  Msg *m = &p->msg;

  if (m->is_object && m->from != NULL && *m->from != '\0' &&
      g_strcmp0 (m->type, "service") != 0)
    note_sender (p->chat, m->from);
}

/* Pass 2, at the end of a message: the checks json-glib's importer made, in
 * the same order, then the message itself. */
static gboolean
emit_message (Parse *p)
{
  CorridorImportCtx *ctx = p->ctx;
  Chat *c = p->chat;
  Msg *m = &p->msg;
  g_autofree char *id = NULL;
  char *to[2] = { NULL, NULL };
  CorridorMessage out = { 0 };
  const char *from;
  char *end = NULL;

  if (!m->is_object)
    return corridor_import_bad (ctx, 0, &p->error, "chat %s: message %u is not an object",
                                c->id, m->index);
  if (g_strcmp0 (m->type, "service") == 0)
    {
      ctx->file->system++;
      return TRUE;
    }
  if (m->id == NULL)
    return corridor_import_bad (ctx, 0, &p->error, "chat %s: message %u has no id", c->id,
                                m->index);
  if (m->unixtime != NULL)
    out.ts = g_ascii_strtoll (m->unixtime, &end, 10);
  if (m->unixtime == NULL || end == m->unixtime || *end != '\0')
    {
      g_autoptr(GDateTime) dt = NULL;

      /* Older exports have only `date`, local time without an offset. */
      if (m->date != NULL)
        dt = g_date_time_new_from_iso8601 (m->date, ctx->tz);
      if (dt == NULL)
        return corridor_import_bad (ctx, 0, &p->error,
                                    "message tg:%s:%s has no usable date_unixtime", c->id, m->id);
      out.ts = g_date_time_to_unix (dt);
      out.tz_offset = (int) (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND);
    }
  if (m->text_bad)
    return corridor_import_bad (ctx, 0, &p->error,
                                "message tg:%s:%s: text is neither a string nor an array", c->id,
                                m->id);
  if (m->body->len == 0)
    {
      const char *media = m->media_type;

      if (media == NULL && m->has_photo)
        media = "photo";
      if (media == NULL && m->has_file)
        media = "file";
      if (media != NULL)
        g_string_printf (m->body, "<%s omitted>", media);
    }
  from = m->from;
  if (from == NULL || *from == '\0')
    from = m->from_id;   /* deleted accounts keep only their id */
  if (from == NULL)
    return corridor_import_bad (ctx, 0, &p->error, "message tg:%s:%s has no sender", c->id,
                                m->id);
  out.lat = out.lon = NAN;
  if (m->loc_object && m->lat_ok && m->lon_ok && fabs (m->lat) <= 90 && fabs (m->lon) <= 180)
    {
      out.lat = m->lat;
      out.lon = m->lon;
    }
  id = g_strdup_printf ("tg:%s:%s", c->id, m->id);
  out.id = id;
  out.sender = (char *) from;
  out.body = m->body->str;
  if (c->n_senders == 2)
    to[0] = strcmp (from, c->sender[0]) == 0 ? c->sender[1] : c->sender[0];
  out.recipients = to;
  out.extra_json = p->extra;
  return corridor_import_emit (ctx, &out, 0, from == m->from_id ? NULL : m->from_id,
                               &p->error);
}

/* ---------------------------------------------------------------------------
 * The yajl callbacks
 * ------------------------------------------------------------------------- */

/* What a value at the current position is: the role of the container it
 * opens (ROLE_SKIP for anything not read). Scalars are handled in scalar(). */
static Role
child_role (Parse *p)
{
  Frame *f = &p->frames[p->depth];

  if (p->depth == 0)
    return ROLE_CHAT;
  switch (f->role)
    {
    case ROLE_CHAT:
      if (strcmp (f->key, "chats") == 0 && p->depth == 1)
        return ROLE_CHATS;
      if (strcmp (f->key, "messages") == 0)
        return ROLE_MESSAGES;
      return ROLE_SKIP;
    case ROLE_CHATS:
      return strcmp (f->key, "list") == 0 ? ROLE_LIST : ROLE_SKIP;
    case ROLE_LIST:
      return ROLE_CHAT;
    case ROLE_MESSAGES:
      return ROLE_MESSAGE;
    case ROLE_MESSAGE:
      if (strcmp (f->key, "text") == 0)
        return ROLE_TEXT;
      if (strcmp (f->key, "location_information") == 0)
        return ROLE_LOCATION;
      return ROLE_SKIP;
    case ROLE_TEXT:
      return ROLE_ENTITY;
    case ROLE_ENTITY:
    case ROLE_LOCATION:
    case ROLE_SKIP:
    default:
      return ROLE_SKIP;
    }
}

static Chat *
next_list_chat (Parse *p)
{
  guint k = p->chats_seen++;

  if (p->pass == 1)
    {
      Chat c = { 0 };

      g_array_append_val (p->chats, c);
    }
  /* Pass 2 sees what pass 1 saw unless the file changed in between. */
  if (k >= p->chats->len)
    {
      g_strlcpy (p->cause, "the file changed while it was read", sizeof p->cause);
      return NULL;
    }
  return &g_array_index (p->chats, Chat, k);
}

/* A new element or member begins at the current position, as a container
 * (@is_map says which) or a scalar (@scalar). Returns FALSE to stop. */
static gboolean
value_begins (Parse *p, gboolean container, gboolean is_map)
{
  Frame *f = &p->frames[p->depth];
  guint index = f->index++;

  p->since_token = 0;
  if (p->depth == 0)
    {
      p->root_object = container && is_map;
      return TRUE;
    }
  switch (f->role)
    {
    case ROLE_CHAT:
      if (p->depth == 1 && strcmp (f->key, "chats") == 0 && p->pass == 1)
        p->chats_object = container && is_map;
      if (strcmp (f->key, "messages") == 0 && p->pass == 1)
        {
          p->chat->has_messages = TRUE;
          p->chat->messages_array = container && !is_map;
        }
      break;
    case ROLE_CHATS:
      if (strcmp (f->key, "list") == 0 && p->pass == 1)
        p->list_array = container && !is_map;
      break;
    case ROLE_LIST:
      {
        Chat *c = next_list_chat (p);

        if (c == NULL)
          return FALSE;
        if (p->pass == 1)
          {
            c->is_object = container && is_map;
            p->chat = c;
          }
        else if (!enter_chat (p, c, index))
          return FALSE;
      }
      break;
    case ROLE_MESSAGES:
      msg_reset (&p->msg);
      p->msg.index = index + 1;
      p->msg.is_object = container && is_map;
      if (!container || !is_map)
        {
          /* A scalar or array message ends here (an array at its end_array). */
          if (!container)
            {
              if (p->pass == 2 && p->chat_live && !emit_message (p))
                return FALSE;
              if (p->pass == 2 && p->chat_live &&
                  !corridor_import_tick (p->ctx, p->ctx->size / 2 + p->offset / 2, &p->error))
                return FALSE;
            }
        }
      break;
    case ROLE_MESSAGE:
      if (strcmp (f->key, "photo") == 0)
        p->msg.has_photo = TRUE;
      else if (strcmp (f->key, "file") == 0)
        p->msg.has_file = TRUE;
      else if (strcmp (f->key, "text") == 0)
        {
          /* A string is read in scalar(); null is no text; an array is read
           * element by element; anything else is bad. */
          if (container && is_map)
            p->msg.text_bad = TRUE;
        }
      else if (strcmp (f->key, "location_information") == 0)
        {
          p->msg.has_loc = TRUE;
          p->msg.loc_object = container && is_map;
        }
      break;
    case ROLE_TEXT:
      if (container && !is_map)
        p->msg.text_bad = TRUE;
      break;
    case ROLE_ENTITY:
    case ROLE_LOCATION:
    case ROLE_SKIP:
    default:
      break;
    }
  return TRUE;
}

static int
open_container (Parse *p, gboolean is_map)
{
  Role role = child_role (p);

  if (!value_begins (p, TRUE, is_map))
    return 0;
  if (p->depth + 1 > CORRIDOR_IMPORT_MAX_DEPTH)
    {
      g_snprintf (p->cause, sizeof p->cause, "JSON nested deeper than %d levels",
                  CORRIDOR_IMPORT_MAX_DEPTH);
      return 0;
    }
  /* A chat or message that is an array is not one: skip inside it. */
  if (!is_map && (role == ROLE_CHAT || role == ROLE_MESSAGE || role == ROLE_ENTITY ||
                  role == ROLE_LOCATION || role == ROLE_CHATS))
    role = ROLE_SKIP;
  if (is_map && (role == ROLE_LIST || role == ROLE_MESSAGES || role == ROLE_TEXT))
    role = ROLE_SKIP;
  /* The text array of a message whose text is already bad is not read. */
  p->depth++;
  p->frames[p->depth].role = role;
  p->frames[p->depth].key[0] = '\0';
  p->frames[p->depth].index = 0;
  if (role == ROLE_CHAT && p->depth == 1)
    p->chat = &p->root;
  if (role == ROLE_CHAT && p->depth == 1 && p->pass == 1)
    p->root.is_object = TRUE;
  return 1;
}

static int
close_container (Parse *p)
{
  Frame *f = &p->frames[p->depth];
  Frame *parent = &p->frames[p->depth - 1];

  p->since_token = 0;
  p->depth--;
  /* Members of the root after chats.list belong to the root again. */
  if (parent->role == ROLE_LIST)
    {
      p->chat = &p->root;
      p->chat_live = FALSE;
    }
  /* A message ends with its object (or with an array in its place). */
  if (p->depth > 0 && parent->role == ROLE_MESSAGES)
    {
      if (p->pass == 1)
        {
          if (f->role == ROLE_MESSAGE)
            scan_message (p);
        }
      else if (p->chat_live)
        {
          if (!emit_message (p))
            return 0;
          if (!corridor_import_tick (p->ctx, p->ctx->size / 2 + p->offset / 2, &p->error))
            return 0;
        }
    }
  return 1;
}

static int
on_start_map (void *data)
{
  return open_container (data, TRUE);
}

static int
on_start_array (void *data)
{
  return open_container (data, FALSE);
}

static int
on_end (void *data)
{
  return close_container (data);
}

static int
on_key (void *data, const unsigned char *key, size_t len)
{
  Parse *p = data;
  Frame *f = &p->frames[p->depth];

  p->since_token = 0;
  if (len <= KEY_MAX && memchr (key, '\0', len) == NULL)
    {
      memcpy (f->key, key, len);
      f->key[len] = '\0';
    }
  else
    f->key[0] = '\0';
  return 1;
}

/* A string, number, boolean or null at the current position. */
static int
scalar (Parse *p, const unsigned char *s, size_t len, gboolean is_string, gboolean is_number)
{
  Frame *f = &p->frames[p->depth];
  Role role = f->role;
  Chat *c = p->chat;
  Msg *m = &p->msg;

  if (!value_begins (p, FALSE, FALSE))
    return 0;
  if (p->depth == 0)
    return 1;
  if (role == ROLE_CHAT && p->pass == 1)
    {
      if (strcmp (f->key, "id") == 0)
        {
          g_clear_pointer (&c->id, g_free);
          if (is_string && len > 0 && s[0] != '\0')
            c->id = dup_string (s, len);
          else if (is_number)
            c->id = number_to_id ((const char *) s, len);
        }
      else if (strcmp (f->key, "name") == 0)
        {
          g_clear_pointer (&c->name, g_free);
          if (is_string)
            c->name = dup_string (s, len);
        }
      else if (strcmp (f->key, "type") == 0)
        {
          g_clear_pointer (&c->type, g_free);
          if (is_string)
            c->type = dup_string (s, len);
        }
    }
  else if (role == ROLE_MESSAGE)
    {
      const char *k = f->key;

      if (strcmp (k, "type") == 0)
        {
          g_clear_pointer (&m->type, g_free);
          if (is_string)
            m->type = dup_string (s, len);
        }
      else if (strcmp (k, "from") == 0)
        {
          g_clear_pointer (&m->from, g_free);
          if (is_string)
            m->from = dup_string (s, len);
        }
      else if (p->pass == 1)
        return 1;
      else if (strcmp (k, "id") == 0)
        {
          g_clear_pointer (&m->id, g_free);
          if (is_string && len > 0 && s[0] != '\0')
            m->id = dup_string (s, len);
          else if (is_number)
            m->id = number_to_id ((const char *) s, len);
        }
      else if (strcmp (k, "date_unixtime") == 0)
        {
          g_clear_pointer (&m->unixtime, g_free);
          if (is_string)
            m->unixtime = dup_string (s, len);
        }
      else if (strcmp (k, "date") == 0)
        {
          g_clear_pointer (&m->date, g_free);
          if (is_string)
            m->date = dup_string (s, len);
        }
      else if (strcmp (k, "from_id") == 0)
        {
          g_clear_pointer (&m->from_id, g_free);
          if (is_string)
            m->from_id = dup_string (s, len);
        }
      else if (strcmp (k, "media_type") == 0)
        {
          g_clear_pointer (&m->media_type, g_free);
          if (is_string)
            m->media_type = dup_string (s, len);
        }
      else if (strcmp (k, "text") == 0)
        {
          if (is_string)
            append_text (m, s, len);
          else if (s != NULL)   /* a number or boolean; null is no text */
            m->text_bad = TRUE;
        }
    }
  else if (role == ROLE_TEXT && p->pass == 2)
    {
      if (is_string)
        append_text (m, s, len);
      else
        m->text_bad = TRUE;
    }
  else if (role == ROLE_ENTITY && p->pass == 2)
    {
      if (is_string && strcmp (f->key, "text") == 0)
        append_text (m, s, len);
    }
  else if (role == ROLE_LOCATION && p->pass == 2)
    {
      if (strcmp (f->key, "latitude") == 0)
        m->lat_ok = is_number && number_to_double ((const char *) s, len, &m->lat);
      else if (strcmp (f->key, "longitude") == 0)
        m->lon_ok = is_number && number_to_double ((const char *) s, len, &m->lon);
    }
  return 1;
}

static int
on_null (void *data)
{
  return scalar (data, NULL, 0, FALSE, FALSE);
}

static int
on_boolean (void *data, int value)
{
  static const unsigned char word[] = "bool";

  (void) value;
  return scalar (data, word, 4, FALSE, FALSE);
}

static int
on_number (void *data, const char *s, size_t len)
{
  return scalar (data, (const unsigned char *) s, len, FALSE, TRUE);
}

static int
on_string (void *data, const unsigned char *s, size_t len)
{
  return scalar (data, s, len, TRUE, FALSE);
}

static const yajl_callbacks callbacks = {
  on_null, on_boolean, NULL, NULL, on_number, on_string,
  on_start_map, on_key, on_end, on_start_array, on_end,
};

/* ---------------------------------------------------------------------------
 * Driving a pass
 * ------------------------------------------------------------------------- */

static guint
count_lines (const char *buf, gsize len)
{
  guint n = 0;
  const char *p = buf, *end = buf + len;

  while ((p = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

/* "FILE:LINE: cause" for a refusal found in @buf at byte @at. */
static void
set_located_error (Parse *p, guint lines_before, const char *buf, gsize at, const char *cause,
                   GError **error)
{
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s:%u: %s", p->ctx->path,
               lines_before + count_lines (buf, at) + 1, cause);
}

static gboolean
run_pass (Parse *p, int pass, GError **error)
{
  CorridorImportCtx *ctx = p->ctx;
  g_autofree char *buf = g_malloc (CHUNK);
  yajl_handle h;
  guint lines = 0, chunks = 0;
  gboolean ok = TRUE, first = TRUE;
  int fd;

  p->pass = pass;
  p->depth = 0;
  p->frames[0].role = ROLE_SKIP;
  p->frames[0].key[0] = '\0';
  p->frames[0].index = 0;
  p->offset = 0;
  p->since_token = 0;
  p->chats_seen = 0;
  p->chat = &p->root;
  fd = g_open (ctx->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", ctx->path,
                   g_strerror (saved));
      return FALSE;
    }
  h = yajl_alloc (&callbacks, NULL, p);
  for (;;)
    {
      gssize n = read (fd, buf, CHUNK);
      const char *data = buf;
      yajl_status st;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", ctx->path,
                       g_strerror (saved));
          ok = FALSE;
          break;
        }
      if (first && n >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
        {
          data += 3;
          n -= 3;
          p->offset += 3;
        }
      first = FALSE;
      st = n > 0 ? yajl_parse (h, (const unsigned char *) data, (size_t) n)
                 : yajl_complete_parse (h);
      if (st != yajl_status_ok)
        {
          gsize at = n > 0 ? MIN (yajl_get_bytes_consumed (h), (gsize) n) : 0;

          if (p->error != NULL)
            g_propagate_error (error, g_steal_pointer (&p->error));
          else if (p->cause[0] != '\0')
            set_located_error (p, lines, data, at, p->cause, error);
          else
            {
              unsigned char *text = yajl_get_error (h, 0, NULL, 0);
              g_autofree char *cause = g_strdup_printf ("invalid JSON: %s",
                                                        g_strstrip ((char *) text));

              yajl_free_error (h, text);
              set_located_error (p, lines, data, at, cause, error);
            }
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      /* yajl buffers a token that spans chunks: bound it. */
      p->since_token += (gsize) n;
      if (p->since_token > CORRIDOR_IMPORT_MAX_LINE + CHUNK)
        {
          g_autofree char *cause = g_strdup_printf ("a JSON string or number longer than %d MiB",
                                                    CORRIDOR_IMPORT_MAX_LINE / (1024 * 1024));

          set_located_error (p, lines, data, (gsize) n, cause, error);
          ok = FALSE;
          break;
        }
      lines += count_lines (data, (gsize) n);
      p->offset += n;
      if (++chunks % 4 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (ctx->options->cancellable, error))
            {
              ok = FALSE;
              break;
            }
          if (pass == 1 && ctx->options->progress != NULL && ctx->size > 0)
            ctx->options->progress (CLAMP ((double) p->offset / (double) ctx->size / 2, 0.0, 0.5),
                                    ctx->path, ctx->options->progress_data);
        }
    }
  yajl_free (h);
  close (fd);
  return ok;
}

gboolean
corridor_import_telegram (CorridorImportCtx *ctx, GError **error)
{
  Parse p = { 0 };
  gboolean ok = FALSE;

  p.ctx = ctx;
  p.chats = g_array_new (FALSE, TRUE, sizeof (Chat));
  p.msg.body = g_string_new (NULL);

  if (!run_pass (&p, 1, error))
    goto out;
  if (!p.root_object)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not a Telegram export (no top-level object)", ctx->path);
      goto out;
    }
  if (p.chats_object)
    {
      if (!p.list_array)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s: “chats” has no “list” array", ctx->path);
          goto out;
        }
      if (p.chats->len == 0)
        {
          ok = TRUE;
          goto out;
        }
    }
  else
    {
      if (!p.root.has_messages)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "%s: not a Telegram export (no “messages” or “chats”)", ctx->path);
          goto out;
        }
      if (!enter_chat (&p, &p.root, 0))
        {
          g_propagate_error (error, g_steal_pointer (&p.error));
          goto out;
        }
      if (!p.chat_live)
        {
          ok = TRUE;
          goto out;
        }
    }
  ok = run_pass (&p, 2, error);

out:
  msg_reset (&p.msg);
  g_string_free (p.msg.body, TRUE);
  chat_clear (&p.root);
  for (guint i = 0; i < p.chats->len; i++)
    chat_clear (&g_array_index (p.chats, Chat, i));
  g_array_unref (p.chats);
  g_free (p.extra);
  g_clear_error (&p.error);
  return ok;
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
