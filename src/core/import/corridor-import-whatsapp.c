/* corridor-import-whatsapp.c: WhatsApp "Export chat" text (FORMATS.md §1):
 * Android `DD/MM/YYYY, HH:MM - Sender: text` and `M/D/YY, H:MM AM - …`
 * (U+202F or a space before AM/PM), iOS `[DD/MM/YYYY, HH:MM:SS] Sender: text`
 * with optional U+200E. The file is read twice in bounded lines: first to
 * decide day/month order and the participants for the whole file, then to
 * store the messages. Ids are `wa:<file>:<line of the message's first line>`.
 * In an export ZIP the text is streamed from its entry (corridor-import-zip.c)
 * and <file> is `<zip name>/<entry>`. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#define LRM "\xe2\x80\x8e"    /* U+200E LEFT-TO-RIGHT MARK */
#define NNBSP "\xe2\x80\xaf"  /* U+202F NARROW NO-BREAK SPACE */
#define NBSP "\xc2\xa0"

typedef struct {
  int a, b, year;            /* a/b: day and month in file order */
  int hour, minute, second;
  const char *rest;          /* after " - " or "] " */
} Header;

static const char *
skip_marks (const char *p)
{
  for (;;)
    {
      if (g_str_has_prefix (p, LRM))
        p += 3;
      else if (g_str_has_prefix (p, "\xef\xbb\xbf"))
        p += 3;
      else if (g_str_has_prefix (p, "\xe2\x80\x8f"))   /* U+200F */
        p += 3;
      else
        return p;
    }
}

static const char *
number (const char *p, int min_digits, int max_digits, int *out)
{
  int v = 0, n = 0;

  while (g_ascii_isdigit (*p) && n < max_digits)
    v = v * 10 + (*p++ - '0'), n++;
  if (n < min_digits || g_ascii_isdigit (*p))
    return NULL;
  *out = v;
  return p;
}

static const char *
skip_space (const char *p)
{
  for (;;)
    {
      if (*p == ' ')
        p++;
      else if (g_str_has_prefix (p, NNBSP))
        p += 3;
      else if (g_str_has_prefix (p, NBSP))
        p += 2;
      else
        return p;
    }
}

/* Recognises a message header; returns FALSE for a continuation line. */
static gboolean
parse_header (const char *line, Header *h)
{
  const char *p = skip_marks (line);
  gboolean bracket = FALSE;
  char sep;

  if (*p == '[')
    bracket = TRUE, p++;
  if ((p = number (p, 1, 2, &h->a)) == NULL)
    return FALSE;
  sep = *p;
  if (sep != '/' && sep != '.' && sep != '-')
    return FALSE;
  if ((p = number (p + 1, 1, 2, &h->b)) == NULL || *p != sep)
    return FALSE;
  if ((p = number (p + 1, 2, 4, &h->year)) == NULL)
    return FALSE;
  if (h->year < 100)
    h->year += 2000;
  if (*p == ',')
    p++;
  p = skip_space (p);
  if ((p = number (p, 1, 2, &h->hour)) == NULL || *p != ':')
    return FALSE;
  if ((p = number (p + 1, 2, 2, &h->minute)) == NULL)
    return FALSE;
  h->second = 0;
  if (*p == ':' && (p = number (p + 1, 2, 2, &h->second)) == NULL)
    return FALSE;
  {
    const char *q = skip_space (p);
    int pm = -1;

    if (g_ascii_strncasecmp (q, "AM", 2) == 0)
      pm = 0, q += 2;
    else if (g_ascii_strncasecmp (q, "PM", 2) == 0)
      pm = 1, q += 2;
    else if (g_ascii_strncasecmp (q, "a. m.", 5) == 0 || g_ascii_strncasecmp (q, "p. m.", 5) == 0)
      pm = (*q == 'p' || *q == 'P'), q += 5;
    else if (g_ascii_strncasecmp (q, "a.m.", 4) == 0 || g_ascii_strncasecmp (q, "p.m.", 4) == 0)
      pm = (*q == 'p' || *q == 'P'), q += 4;
    if (pm >= 0)
      {
        if (h->hour < 1 || h->hour > 12)
          return FALSE;
        h->hour = h->hour % 12 + (pm ? 12 : 0);
        p = q;
      }
  }
  if (h->hour > 23 || h->minute > 59 || h->second > 59)
    return FALSE;
  if (bracket)
    {
      if (*p != ']')
        return FALSE;
      p = skip_space (p + 1);
    }
  else
    {
      p = skip_space (p);
      if (*p == '-')
        p++;
      else if (g_str_has_prefix (p, "\xe2\x80\x93"))   /* en dash */
        p += 3;
      else
        return FALSE;
      p = skip_space (p);
    }
  h->rest = skip_marks (p);
  return TRUE;
}

/* The sender, or NULL for a system line. Senders are short and never hold
 * a colon-space themselves; WhatsApp writes system lines without one. */
static const char *
split_sender (const char *rest, gsize *sender_len)
{
  const char *colon = strstr (rest, ": ");

  if (colon == NULL)
    {
      gsize n = strlen (rest);

      /* "Sender:" with an empty text (a deleted caption). */
      if (n > 1 && rest[n - 1] == ':' && n <= 81)
        {
          *sender_len = n - 1;
          return rest;
        }
      return NULL;
    }
  if (colon == rest || colon - rest > 80)
    return NULL;
  *sender_len = (gsize) (colon - rest);
  return rest;
}

/* iOS writes system events as messages from the chat itself, the text
 * opening with U+200E. Media there ("‎image omitted") also opens with it,
 * so only these known phrases are system text. */
static gboolean
is_ios_system_text (const char *sender, gsize slen)
{
  const char *text = sender[slen + 1] == ' ' ? sender + slen + 2 : sender + slen + 1;
  static const char *const phrases[] = {
    "Messages and calls are end-to-end encrypted", "created group", "created this group",
    "added you", "changed the subject", "changed this group", "changed the group",
    "left", "removed", "joined using", "changed their phone number", "security code",
    "Missed voice call", "Missed video call", "deleted this message", "This message was deleted",
    NULL,
  };

  if (!g_str_has_prefix (text, LRM))
    return FALSE;
  for (guint i = 0; phrases[i] != NULL; i++)
    if (strstr (text, phrases[i]) != NULL)
      return TRUE;
  return FALSE;
}

typedef struct {
  CorridorImportCtx *ctx;
  gboolean           day_first;
  char              *other[2];   /* two-person chat: the participants */
  /* the message being assembled */
  GString           *body;
  char              *sender;
  guint              line;
  gint64             ts;
  int                offset;
  gboolean           open, bad_date;
  char              *extra;
} Pass;

static gboolean
flush (Pass *ps, GError **error)
{
  CorridorImportCtx *ctx = ps->ctx;
  g_autofree char *id = NULL;
  char *to[2] = { NULL, NULL };
  CorridorMessage m = { 0 };

  if (!ps->open)
    return TRUE;
  ps->open = FALSE;
  if (ps->bad_date)
    return corridor_import_bad (ctx, ps->line, error, "no such date");
  id = g_strdup_printf ("wa:%s:%u", ctx->id_name, ps->line);
  m.id = id;
  m.ts = ps->ts;
  m.tz_offset = ps->offset;
  m.sender = ps->sender;
  m.body = ps->body->str;
  m.lat = m.lon = NAN;
  if (ps->other[0] != NULL && ps->other[1] != NULL)
    to[0] = strcmp (ps->sender, ps->other[0]) == 0 ? ps->other[1] : ps->other[0];
  m.recipients = to;
  m.extra_json = ps->extra;
  return corridor_import_emit (ctx, &m, ps->line, NULL, error);
}

/* The bare text file, or the chat text inside an export ZIP. */
static CorridorLineReader *
open_lines (CorridorImportCtx *ctx, GError **error)
{
  if (ctx->archive != NULL)
    return corridor_import_zip_open_lines (ctx, error);
  return corridor_line_reader_new (ctx->path, error);
}

gboolean
corridor_import_whatsapp (CorridorImportCtx *ctx, GError **error)
{
  g_autoptr(GHashTable) senders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  gboolean a_over = FALSE, b_over = FALSE, too_long, in_message = FALSE;
  GError *read_error = NULL;
  Pass ps = { 0 };
  const char *line;
  gsize len;

  /* Pass 1: day/month order and participants. */
  {
    g_autoptr(CorridorLineReader) reader = open_lines (ctx, error);

    if (reader == NULL)
      return FALSE;
    while (corridor_line_reader_next (reader, &line, &len, &too_long, &read_error))
      {
        Header h;
        const char *sender;
        gsize slen;

        if (too_long || !g_utf8_validate_len (line, len, NULL) || memchr (line, '\0', len))
          continue;
        if (!parse_header (line, &h))
          continue;
        a_over |= h.a > 12;
        b_over |= h.b > 12;
        sender = split_sender (h.rest, &slen);
        if (sender != NULL && !is_ios_system_text (sender, slen))
          g_hash_table_add (senders, g_strndup (sender, slen));
      }
    if (read_error != NULL)
      {
        g_propagate_error (error, read_error);
        return FALSE;
      }
  }
  if (a_over && b_over)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: dates have fields above 12 in both day and month places; "
                   "the day/month order cannot be decided", ctx->path);
      return FALSE;
    }
  ps.day_first = !b_over;
  ctx->file->date_order = g_strdup (a_over ? "day first (a day above 12 settles it)"
                                    : b_over ? "month first (a day above 12 settles it)"
                                             : "day first (assumed: no field above 12)");
  if (g_hash_table_size (senders) == 2)
    {
      GHashTableIter it;
      gpointer key;
      guint i = 0;

      g_hash_table_iter_init (&it, senders);
      while (g_hash_table_iter_next (&it, &key, NULL))
        ps.other[i++] = key;
      if (strcmp (ps.other[0], ps.other[1]) > 0)
        {
          char *t = ps.other[0];
          ps.other[0] = ps.other[1];
          ps.other[1] = t;
        }
    }
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "platform");
    json_builder_add_string_value (b, "whatsapp");
    json_builder_set_member_name (b, "chat");
    json_builder_add_string_value (b, ctx->id_name);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    json_generator_set_root (gen, root);
    ps.extra = json_generator_to_data (gen, NULL);
  }

  /* Pass 2: the messages. */
  ps.ctx = ctx;
  ps.body = body;
  {
    g_autoptr(CorridorLineReader) reader = open_lines (ctx, error);
    gboolean ok = TRUE;

    if (reader == NULL)
      ok = FALSE;
    while (ok && corridor_line_reader_next (reader, &line, &len, &too_long, &read_error))
      {
        guint lineno = corridor_line_reader_line (reader);
        const char *sender;
        gsize slen;
        Header h;

        if (!corridor_import_tick (ctx, corridor_line_reader_offset (reader), error))
          {
            ok = FALSE;
            break;
          }
        if (too_long || memchr (line, '\0', len) || !g_utf8_validate_len (line, len, NULL))
          {
            /* The broken line cannot be attached to anything safely. */
            if (!(ok = flush (&ps, error)))
              break;
            in_message = FALSE;
            ok = corridor_import_bad (ctx, lineno, error, "%s",
                                      too_long ? "line longer than 16 MiB"
                                               : "invalid UTF-8 or a NUL byte");
            continue;
          }
        if (!parse_header (line, &h))
          {
            /* Past the body limit the message is refused anyway: stop growing. */
            if (in_message && body->len <= CORRIDOR_IMPORT_MAX_BODY)
              {
                g_string_append_c (body, '\n');
                g_string_append_len (body, line, len);
              }
            continue;   /* text before the first header, or after a system line */
          }
        if (!(ok = flush (&ps, error)))
          break;
        in_message = FALSE;
        sender = split_sender (h.rest, &slen);
        if (sender == NULL || is_ios_system_text (sender, slen))
          {
            ctx->file->system++;
            continue;
          }
        g_free (ps.sender);
        ps.sender = g_strndup (sender, slen);
        g_string_assign (body, slen + 1 < strlen (sender) ? skip_marks (sender + slen + 2) : "");
        ps.line = lineno;
        {
          int day = ps.day_first ? h.a : h.b, month = ps.day_first ? h.b : h.a;

          ps.bad_date = !corridor_import_date_valid (h.year, month, day);
          if (!ps.bad_date)
            ps.ts = corridor_import_local_to_utc (ctx->tz, h.year, month, day, h.hour, h.minute,
                                                  h.second, &ps.offset);
        }
        ps.open = TRUE;
        in_message = TRUE;
      }
    if (ok && read_error == NULL)
      ok = flush (&ps, error);
    if (read_error != NULL)
      {
        g_propagate_error (error, read_error);
        ok = FALSE;
      }
    g_free (ps.sender);
    g_free (ps.extra);
    return ok;
  }
}

gboolean
corridor_import_sniff_whatsapp (const char *head, gsize len)
{
  const char *p = head, *end = head + len;
  guint lines = 0, headers = 0;

  /* The first few non-empty lines: an export opens with a header line
   * (often the encryption notice), possibly after a byte-order mark. */
  while (p < end && lines < 5)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      g_autofree char *line = g_strndup (p, nl ? (gsize) (nl - p) : (gsize) (end - p));
      Header h;

      p = nl ? nl + 1 : end;
      if (*line == '\0' || *line == '\r')
        continue;
      lines++;
      if (parse_header (line, &h))
        headers++;
    }
  return headers > 0;
}
