/* corridor-import-csv.c: CSV (RFC 4180, UTF-8, header row) with the JSON
 * Lines columns (FORMATS.md §1). Records are assembled from bounded lines,
 * so a quoted field may span lines (CRLF or LF) but no record may exceed
 * CORRIDOR_IMPORT_MAX_LINE. Several recipients in `to` are split on ';'. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { COL_ID, COL_TS, COL_FROM, COL_TO, COL_BODY, COL_LAT, COL_LON, N_COLS };
static const char *const col_names[N_COLS] = { "id", "ts", "from", "to", "body", "lat", "lon" };

/* Splits one record into fields. Returns FALSE, with *open_quote, when the
 * record ends inside quotes (the caller appends the next line); FALSE with a
 * cause in *bad for a malformed record. */
static gboolean
split_record (const char *s, gsize len, GPtrArray *fields, gboolean *open_quote,
              const char **bad)
{
  GString *f = g_string_new (NULL);
  gsize i = 0;

  g_ptr_array_set_size (fields, 0);
  *open_quote = FALSE;
  *bad = NULL;
  for (;;)
    {
      g_string_truncate (f, 0);
      if (i < len && s[i] == '"')
        {
          i++;
          for (;;)
            {
              if (i >= len)
                {
                  *open_quote = TRUE;
                  g_string_free (f, TRUE);
                  return FALSE;
                }
              if (s[i] == '"')
                {
                  if (i + 1 < len && s[i + 1] == '"')
                    {
                      g_string_append_c (f, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (f, s[i++]);
            }
          if (i < len && s[i] != ',')
            {
              *bad = "text after a closing quote";
              g_string_free (f, TRUE);
              return FALSE;
            }
        }
      else
        {
          while (i < len && s[i] != ',')
            {
              if (s[i] == '"')
                {
                  *bad = "a quote inside an unquoted field";
                  g_string_free (f, TRUE);
                  return FALSE;
                }
              g_string_append_c (f, s[i++]);
            }
        }
      g_ptr_array_add (fields, g_strndup (f->str, f->len));
      if (i >= len)
        break;
      i++;   /* the comma */
    }
  g_string_free (f, TRUE);
  return TRUE;
}

static gboolean
parse_number (const char *s, double *out)
{
  char *end = NULL;

  if (*s == '\0')
    return FALSE;
  *out = g_ascii_strtod (s, &end);
  return end != s && *end == '\0' && isfinite (*out);
}

/* Reuses the JSONL rules for timestamps by wrapping the value. */
static const char *
parse_ts (const char *s, GTimeZone *tz, gboolean *used_tz, gint64 *out_ts, int *out_offset)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gboolean has_offset;
  gsize n = strlen (s);

  /* An offset or Z after the time part: parse as given. */
  has_offset = n > 10 && (s[n - 1] == 'Z' || s[n - 1] == 'z' ||
                          strchr (s + 10, '+') != NULL || strchr (s + 10, '-') != NULL);
  if (!has_offset && tz == NULL)
    return "\"ts\" has no zone offset; give --tz ZONE to read such times";
  dt = g_date_time_new_from_iso8601 (s, has_offset ? utc : tz);
  if (dt == NULL)
    return "\"ts\" is not an ISO 8601 date and time";
  if (!has_offset)
    *used_tz = TRUE;
  *out_ts = g_date_time_to_unix (dt);
  *out_offset = (int) (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND);
  return NULL;
}

gboolean
corridor_import_csv (CorridorImportCtx *ctx, GError **error)
{
  g_autoptr(CorridorLineReader) reader = corridor_line_reader_new (ctx->path, error);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) record = g_string_new (NULL);
  g_autoptr(GArray) extra_cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_auto(GStrv) header = NULL;
  GTimeZone *tz = ctx->options->tz != NULL ? ctx->tz : NULL;
  int cols[N_COLS];
  gboolean have_header = FALSE, used_tz = FALSE, too_long, open_quote;
  guint first_line = 0, n_header = 0;
  GError *read_error = NULL;
  const char *line, *bad;
  gsize len;

  if (reader == NULL)
    return FALSE;
  while (corridor_line_reader_next (reader, &line, &len, &too_long, &read_error))
    {
      guint lineno = corridor_line_reader_line (reader);

      if (!corridor_import_tick (ctx, corridor_line_reader_offset (reader), error))
        return FALSE;
      if (record->len == 0)
        first_line = lineno;
      if (too_long || record->len + len + 1 > CORRIDOR_IMPORT_MAX_LINE)
        {
          g_string_truncate (record, 0);
          if (!have_header)
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                           "%s:%u: header row too long", ctx->path, first_line);
              return FALSE;
            }
          if (!corridor_import_bad (ctx, first_line, error, "record longer than %d MiB",
                                    CORRIDOR_IMPORT_MAX_LINE / (1024 * 1024)))
            return FALSE;
          continue;
        }
      if (record->len > 0)
        g_string_append_c (record, '\n');
      g_string_append_len (record, line, len);
      if (record->len == 0)
        continue;   /* blank line between records */
      if (memchr (record->str, '\0', record->len) != NULL ||
          !g_utf8_validate_len (record->str, record->len, NULL))
        {
          g_string_truncate (record, 0);
          if (!have_header)
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                           "%s:%u: header row is not UTF-8 text", ctx->path, first_line);
              return FALSE;
            }
          if (!corridor_import_bad (ctx, first_line, error, "invalid UTF-8 or a NUL byte"))
            return FALSE;
          continue;
        }
      if (!split_record (record->str, record->len, fields, &open_quote, &bad))
        {
          if (open_quote)
            continue;   /* a newline inside quotes: read on */
          g_string_truncate (record, 0);
          if (!have_header)
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s:%u: header: %s",
                           ctx->path, first_line, bad);
              return FALSE;
            }
          if (!corridor_import_bad (ctx, first_line, error, "%s", bad))
            return FALSE;
          continue;
        }
      g_string_truncate (record, 0);

      if (!have_header)
        {
          const char *p;

          n_header = fields->len;
          header = g_new0 (char *, n_header + 1);
          for (int c = 0; c < N_COLS; c++)
            cols[c] = -1;
          for (guint i = 0; i < fields->len; i++)
            {
              p = g_ptr_array_index (fields, i);
              if (i == 0 && g_str_has_prefix (p, "\xef\xbb\xbf"))
                p += 3;
              header[i] = g_strstrip (g_strdup (p));
              int c;
              for (c = 0; c < N_COLS; c++)
                if (g_ascii_strcasecmp (header[i], col_names[c]) == 0)
                  break;
              if (c < N_COLS && cols[c] < 0)
                cols[c] = (int) i;
              else
                {
                  int ci = (int) i;
                  g_array_append_val (extra_cols, ci);
                }
            }
          for (int c = 0; c < N_COLS; c++)
            if (cols[c] < 0 && (c == COL_ID || c == COL_TS || c == COL_FROM || c == COL_BODY))
              {
                g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                             "%s:%u: the header has no “%s” column", ctx->path, first_line,
                             col_names[c]);
                return FALSE;
              }
          have_header = TRUE;
          continue;
        }

      {
        CorridorMessage m = { 0 };
        g_auto(GStrv) to = NULL;
        g_autofree char *extra = NULL;
        const char *v[N_COLS] = { 0 };
        const char *cause = NULL;

        if (fields->len != n_header)
          {
            if (!corridor_import_bad (ctx, first_line, error, "%u fields where the header has %u",
                                      fields->len, n_header))
              return FALSE;
            continue;
          }
        for (int c = 0; c < N_COLS; c++)
          v[c] = cols[c] >= 0 ? g_ptr_array_index (fields, cols[c]) : "";
        m.lat = m.lon = NAN;
        if (*v[COL_ID] == '\0')
          cause = "missing \"id\"";
        else if (*v[COL_FROM] == '\0')
          cause = "missing \"from\"";
        else
          cause = parse_ts (v[COL_TS], tz, &used_tz, &m.ts, &m.tz_offset);
        if (cause == NULL && (*v[COL_LAT] != '\0' || *v[COL_LON] != '\0'))
          {
            if (!parse_number (v[COL_LAT], &m.lat) || !parse_number (v[COL_LON], &m.lon) ||
                fabs (m.lat) > 90 || fabs (m.lon) > 180)
              cause = "\"lat\" and \"lon\" must both be numbers in range";
          }
        if (cause != NULL)
          {
            if (!corridor_import_bad (ctx, first_line, error, "%s", cause))
              return FALSE;
            continue;
          }
        m.id = (char *) v[COL_ID];
        m.sender = (char *) v[COL_FROM];
        m.body = (char *) v[COL_BODY];
        to = g_strsplit (v[COL_TO], ";", -1);
        for (guint i = 0; to[i] != NULL; i++)
          g_strstrip (to[i]);
        m.recipients = to;
        if (extra_cols->len > 0)
          {
            g_autoptr(JsonBuilder) b = json_builder_new ();
            g_autoptr(JsonGenerator) gen = json_generator_new ();
            g_autoptr(JsonNode) root = NULL;
            gboolean any = FALSE;

            json_builder_begin_object (b);
            for (guint i = 0; i < extra_cols->len; i++)
              {
                int c = g_array_index (extra_cols, int, i);
                const char *val = g_ptr_array_index (fields, c);

                if (*val == '\0')
                  continue;
                json_builder_set_member_name (b, header[c]);
                json_builder_add_string_value (b, val);
                any = TRUE;
              }
            json_builder_end_object (b);
            if (any)
              {
                root = json_builder_get_root (b);
                json_generator_set_root (gen, root);
                extra = json_generator_to_data (gen, NULL);
                m.extra_json = extra;
              }
          }
        if (!corridor_import_emit (ctx, &m, first_line, NULL, error))
          return FALSE;
      }
    }
  if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      return FALSE;
    }
  if (record->len > 0)
    {
      if (!corridor_import_bad (ctx, first_line, error, "unterminated quoted field at end of file"))
        return FALSE;
    }
  if (!have_header)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, "%s: no header row", ctx->path);
      return FALSE;
    }
  if (used_tz && ctx->file->tz == NULL)
    ctx->file->tz = g_strdup (ctx->options->tz);
  return TRUE;
}

gboolean
corridor_import_sniff_csv (const char *head, gsize len)
{
  const char *end = memchr (head, '\n', len);
  g_autofree char *first = g_strndup (head, end ? (gsize) (end - head) : len);
  g_auto(GStrv) cells = NULL;
  gboolean id = FALSE, ts = FALSE, from = FALSE, body = FALSE;

  if (!g_utf8_validate (first, -1, NULL))
    return FALSE;
  cells = g_strsplit (first, ",", -1);
  for (guint i = 0; cells[i] != NULL; i++)
    {
      char *c = g_strstrip (cells[i]);
      gsize n = strlen (c);

      if (g_str_has_prefix (c, "\xef\xbb\xbf"))
        c += 3, n -= 3;
      if (n >= 2 && c[0] == '"' && c[n - 1] == '"')
        c[n - 1] = '\0', c++;
      id |= g_ascii_strcasecmp (c, "id") == 0;
      ts |= g_ascii_strcasecmp (c, "ts") == 0;
      from |= g_ascii_strcasecmp (c, "from") == 0;
      body |= g_ascii_strcasecmp (c, "body") == 0;
    }
  return id && ts && from && body;
}
