/* corridor-import.c: detection, the folder walk, chain of custody and
 * transactions for every importer (FORMATS.md §1). Invariants: a file's format
 * comes from its content; each source is one store transaction, so a refused,
 * cancelled or killed import leaves the case as it was before that file; the
 * same content (SHA-256) imported again adds only its path. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define SNIFF_BYTES 65536

const char *
corridor_format_to_string (CorridorFormat format)
{
  switch (format)
    {
    case CORRIDOR_FORMAT_JSONL:
      return "jsonl";
    case CORRIDOR_FORMAT_CSV:
      return "csv";
    case CORRIDOR_FORMAT_WHATSAPP:
      return "whatsapp";
    case CORRIDOR_FORMAT_TELEGRAM:
      return "telegram";
    case CORRIDOR_FORMAT_UFDR:
      return "ufdr";
    case CORRIDOR_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

/* ---------------------------------------------------------------------------
 * Report
 * ------------------------------------------------------------------------- */

static void
import_file_free (CorridorImportFile *f)
{
  g_free (f->path);
  g_clear_pointer (&f->problems, g_ptr_array_unref);
  g_free (f->date_order);
  g_free (f->tz);
  g_free (f);
}

CorridorImportReport *
corridor_import_report_new (void)
{
  CorridorImportReport *report = g_new0 (CorridorImportReport, 1);

  report->files = g_ptr_array_new_with_free_func ((GDestroyNotify) import_file_free);
  return report;
}

void
corridor_import_report_free (CorridorImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->files);
  g_free (report);
}

char *
corridor_import_report_format (const CorridorImportReport *report)
{
  GString *out = g_string_new (NULL);
  guint read = 0, imported = 0, dups = 0, bad = 0, refused = 0, skipped = 0;

  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; i < report->files->len; i++)
    {
      const CorridorImportFile *f = g_ptr_array_index (report->files, i);

      if (f->skipped)
        {
          skipped++;
          g_string_append_printf (out, "%s: skipped, not a chat export\n", f->path);
          continue;
        }
      if (f->duplicate_source)
        {
          g_string_append_printf (out, "%s: %s, same content already in the case; "
                                  "only its path was recorded\n",
                                  f->path, corridor_format_to_string (f->format));
          continue;
        }
      if (f->refused)
        {
          refused++;
          g_string_append_printf (out, "%s: %s, refused, nothing imported\n", f->path,
                                  corridor_format_to_string (f->format));
        }
      else
        {
          read += f->read;
          imported += f->imported;
          dups += f->duplicates;
          bad += f->bad;
          g_string_append_printf (out, "%s: %s, %u read, %u imported", f->path,
                                  corridor_format_to_string (f->format), f->read, f->imported);
          if (f->duplicates > 0)
            g_string_append_printf (out, " (%u linked to copies from another source)",
                                    f->duplicates);
          if (f->bad > 0)
            g_string_append_printf (out, ", %u bad skipped", f->bad);
          if (f->system > 0)
            g_string_append_printf (out, ", %u system %s passed over", f->system,
                                    f->format == CORRIDOR_FORMAT_TELEGRAM ||
                                    f->format == CORRIDOR_FORMAT_UFDR ? "messages"
                                                                           : "lines");
          if (f->media > 0)
            g_string_append_printf (out, ", %u media %s passed over", f->media,
                                    f->media == 1 ? "file" : "files");
          g_string_append_c (out, '\n');
        }
      if (f->date_order != NULL)
        g_string_append_printf (out, "  date order: %s\n", f->date_order);
      if (f->tz != NULL)
        g_string_append_printf (out, "  time zone: %s\n", f->tz);
      for (guint j = 0; f->problems != NULL && j < f->problems->len; j++)
        g_string_append_printf (out, "  %s %s\n", f->refused ? "error:" : "skipped:",
                                (const char *) g_ptr_array_index (f->problems, j));
      if (f->problems != NULL && f->bad > f->problems->len)
        g_string_append_printf (out, "  … and %u more\n", f->bad - f->problems->len);
    }
  g_string_append_printf (out, "Total: %u files, %u messages read, %u imported",
                          report->files->len, read, imported);
  if (dups)
    g_string_append_printf (out, ", %u linked duplicates", dups);
  if (bad)
    g_string_append_printf (out, ", %u bad records skipped", bad);
  if (skipped)
    g_string_append_printf (out, ", %u files not chat exports", skipped);
  if (refused)
    g_string_append_printf (out, ", %u files refused", refused);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------------
 * Time without GDateTime on the hot path
 * ------------------------------------------------------------------------- */

gint64
corridor_import_days_from_civil (int y, int m, int d)
{
  /* Howard Hinnant's days_from_civil. */
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gboolean
corridor_import_date_valid (int year, int month, int day)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

gint64
corridor_import_local_to_utc (GTimeZone *tz, int year, int month, int day, int hour,
                              int minute, int second, int *out_offset)
{
  gint64 local = corridor_import_days_from_civil (year, month, day) * 86400 +
                 hour * 3600 + minute * 60 + second;
  gint64 t = local;
  int interval, offset;

  /* adjust_time moves a time that falls in a DST gap to a valid one. */
  interval = g_time_zone_adjust_time (tz, G_TIME_TYPE_STANDARD, &t);
  offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
  if (out_offset)
    *out_offset = offset;
  return t - offset;
}

/* ---------------------------------------------------------------------------
 * Bounded line reader
 * ------------------------------------------------------------------------- */

struct CorridorLineReader
{
  int      fd;
  char    *buf;
  gsize    cap, start, end;
  gboolean eof;
  GString *line;      /* a line spanning buffer refills */
  guint    lineno;
  gint64   offset;    /* bytes consumed */
  char    *path;
  /* Another byte source (a ZIP entry) instead of fd. */
  CorridorLineReaderFunc func;
  gpointer               func_data;
  GDestroyNotify         func_destroy;
};

CorridorLineReader *
corridor_line_reader_new (const char *path, GError **error)
{
  CorridorLineReader *r;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  r = g_new0 (CorridorLineReader, 1);
  r->fd = fd;
  r->cap = 1 << 20;
  r->buf = g_malloc (r->cap + 1);
  r->line = g_string_new (NULL);
  r->path = g_strdup (path);
  return r;
}

CorridorLineReader *
corridor_line_reader_new_for_func (CorridorLineReaderFunc func, gpointer data,
                                   GDestroyNotify destroy, const char *name)
{
  CorridorLineReader *r;

  g_return_val_if_fail (func != NULL, NULL);

  r = g_new0 (CorridorLineReader, 1);
  r->fd = -1;
  r->func = func;
  r->func_data = data;
  r->func_destroy = destroy;
  r->cap = 1 << 20;
  r->buf = g_malloc (r->cap + 1);
  r->line = g_string_new (NULL);
  r->path = g_strdup (name);
  return r;
}

void
corridor_line_reader_free (CorridorLineReader *r)
{
  if (r == NULL)
    return;
  if (r->func_destroy != NULL)
    r->func_destroy (r->func_data);
  if (r->fd >= 0)
    close (r->fd);
  g_free (r->buf);
  g_string_free (r->line, TRUE);
  g_free (r->path);
  g_free (r);
}

static gboolean
reader_fill (CorridorLineReader *r, GError **error)
{
  gssize n;

  if (r->func != NULL)
    {
      /* A short read is not the end: only 0 is. */
      n = r->func (r->func_data, r->buf, r->cap, error);
      if (n < 0)
        return FALSE;
      r->start = 0;
      r->end = (gsize) n;
      if (n == 0)
        r->eof = TRUE;
      return TRUE;
    }
  do
    n = read (r->fd, r->buf, r->cap);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;

      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", r->path,
                   g_strerror (saved));
      return FALSE;
    }
  r->start = 0;
  r->end = (gsize) n;
  if (n == 0)
    r->eof = TRUE;
  return TRUE;
}

gboolean
corridor_line_reader_next (CorridorLineReader *r, const char **out_line, gsize *out_len,
                           gboolean *too_long, GError **error)
{
  gboolean over = FALSE, any = FALSE;

  g_string_truncate (r->line, 0);
  *too_long = FALSE;
  for (;;)
    {
      char *nl;
      gsize avail;

      if (r->start >= r->end)
        {
          if (r->eof || !reader_fill (r, error))
            return FALSE;
          if (r->eof)
            break;
        }
      avail = r->end - r->start;
      nl = memchr (r->buf + r->start, '\n', avail);
      if (nl != NULL)
        {
          gsize n = (gsize) (nl - (r->buf + r->start));

          any = TRUE;
          r->offset += n + 1;
          /* The whole line is in the buffer: hand it out without copying. */
          if (r->line->len == 0 && !over)
            {
              *out_line = r->buf + r->start;
              *out_len = n;
              *nl = '\0';
              r->start += n + 1;
              r->lineno++;
              if (n > CORRIDOR_IMPORT_MAX_LINE)
                {
                  *too_long = TRUE;
                  *out_line = "";
                  *out_len = 0;
                  return TRUE;
                }
              if (n > 0 && (*out_line)[n - 1] == '\r')
                ((char *) *out_line)[--(*out_len)] = '\0';
              return TRUE;
            }
          if (!over && r->line->len + n <= CORRIDOR_IMPORT_MAX_LINE)
            g_string_append_len (r->line, r->buf + r->start, n);
          else
            over = TRUE;
          r->start += n + 1;
          goto done;
        }
      any = TRUE;
      r->offset += avail;
      if (!over && r->line->len + avail <= CORRIDOR_IMPORT_MAX_LINE)
        g_string_append_len (r->line, r->buf + r->start, avail);
      else
        {
          over = TRUE;
          g_string_truncate (r->line, 0);
        }
      r->start = r->end;
    }
  if (!any)
    return FALSE;
done:
  r->lineno++;
  if (over)
    {
      g_string_truncate (r->line, 0);
      *too_long = TRUE;
    }
  else if (r->line->len > 0 && r->line->str[r->line->len - 1] == '\r')
    g_string_truncate (r->line, r->line->len - 1);
  *out_line = r->line->str;
  *out_len = r->line->len;
  return TRUE;
}

guint
corridor_line_reader_line (CorridorLineReader *r)
{
  return r->lineno;
}

gint64
corridor_line_reader_offset (CorridorLineReader *r)
{
  return r->offset;
}

gboolean
corridor_import_json_nesting_ok (const char *text, gsize len)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > CORRIDOR_IMPORT_MAX_DEPTH)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * Per-file context
 * ------------------------------------------------------------------------- */

static void
add_problem (CorridorImportFile *f, char *text)
{
  if (f->problems->len < CORRIDOR_IMPORT_MAX_PROBLEMS)
    g_ptr_array_add (f->problems, text);
  else
    g_free (text);
}

gboolean
corridor_import_bad (CorridorImportCtx *ctx, guint line, GError **error, const char *format, ...)
{
  g_autofree char *cause = NULL;
  char *text;
  va_list ap;

  va_start (ap, format);
  cause = g_strdup_vprintf (format, ap);
  va_end (ap);
  /* Parsers quote the offending bytes (json-glib does), which need not be
   * UTF-8; messages must be (found by tests/fuzz). */
  if (!g_utf8_validate (cause, -1, NULL))
    {
      char *valid = g_utf8_make_valid (cause, -1);

      g_free (cause);
      cause = valid;
    }
  if (line > 0)
    text = g_strdup_printf ("%s:%u: %s", ctx->path, line, cause);
  else
    text = g_strdup_printf ("%s: %s", ctx->path, cause);
  if (!ctx->options->skip_bad)
    {
      g_set_error_literal (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT, text);
      g_free (text);
      return FALSE;
    }
  ctx->file->bad++;
  add_problem (ctx->file, text);
  return TRUE;
}

gboolean
corridor_import_tick (CorridorImportCtx *ctx, gint64 offset, GError **error)
{
  if (++ctx->since_tick < 4096)
    return TRUE;
  ctx->since_tick = 0;
  if (g_cancellable_set_error_if_cancelled (ctx->options->cancellable, error))
    return FALSE;
  if (ctx->options->progress != NULL && ctx->size > 0)
    ctx->options->progress (CLAMP ((double) offset / (double) ctx->size, 0.0, 1.0),
                            ctx->path, ctx->options->progress_data);
  return TRUE;
}

static gboolean
resolve_actor (CorridorImportCtx *ctx, const char *handle, gint64 *out_id, GError **error)
{
  gint64 *cached = g_hash_table_lookup (ctx->actors, handle);

  if (cached != NULL)
    {
      *out_id = *cached;
      return TRUE;
    }
  if (!corridor_store_ensure_actor (ctx->store, handle, out_id, error))
    return FALSE;
  cached = g_new (gint64, 1);
  *cached = *out_id;
  g_hash_table_insert (ctx->actors, g_strdup (handle), cached);
  return TRUE;
}

gboolean
corridor_import_emit (CorridorImportCtx *ctx, const CorridorMessage *m, guint line,
                      const char *sender_alias, GError **error)
{
  g_autoptr(GError) local = NULL;
  gint64 sender_id = 0, rowid, first;
  gsize body_len = m->body != NULL ? strlen (m->body) : 0;

  /* README "Limits": a body over the cap is a bad record, not a huge row
   * every later extraction pass would have to scan. */
  if (body_len > CORRIDOR_IMPORT_MAX_BODY)
    return corridor_import_bad (ctx, line, error, "message “%s”: body longer than the %d MiB limit",
                                m->id != NULL ? m->id : "", CORRIDOR_IMPORT_MAX_BODY / (1024 * 1024));
  ctx->file->read++;
  if (m->sender != NULL && *m->sender != '\0')
    {
      if (!resolve_actor (ctx, m->sender, &sender_id, error))
        return FALSE;
      if (sender_alias != NULL && *sender_alias != '\0' &&
          !corridor_store_add_actor_alias (ctx->store, sender_id, sender_alias, error))
        return FALSE;
    }
  g_array_set_size (ctx->rcpt_ids, 0);
  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    {
      gint64 id;

      if (*m->recipients[i] == '\0')
        continue;
      if (!resolve_actor (ctx, m->recipients[i], &id, error))
        return FALSE;
      g_array_append_val (ctx->rcpt_ids, id);
    }
  if (!corridor_store_import_message (ctx->store, ctx->source_id, m, sender_id,
                                      (const gint64 *) (gpointer) ctx->rcpt_ids->data,
                                      ctx->rcpt_ids->len, &rowid, &local))
    {
      gint64 other;

      if (!g_error_matches (local, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT) ||
          !corridor_store_message_source (ctx->store, m->id, &other))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (other == ctx->source_id)
        {
          ctx->file->read--;
          if (!corridor_import_bad (ctx, line, error, "the message id “%s” appears twice", m->id))
            return FALSE;
          ctx->file->read++;
          return TRUE;
        }
      /* FORMATS.md §1: an id from another source refuses the whole file. */
      if (line > 0)
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "%s:%u: the message id “%s” is already in the case from another source",
                     ctx->path, line, m->id);
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "%s: the message id “%s” is already in the case from another source",
                     ctx->path, m->id);
      return FALSE;
    }
  ctx->file->imported++;
  if (ctx->check_duplicates && sender_id > 0 &&
      corridor_store_find_duplicate_message (ctx->store, ctx->source_id, sender_id, m->ts,
                                             m->body != NULL ? m->body : "", &first))
    {
      if (!corridor_store_link_duplicate (ctx->store, rowid, first, error))
        return FALSE;
      ctx->file->duplicates++;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * Detection and chain of custody
 * ------------------------------------------------------------------------- */

static CorridorFormat
sniff_format (const char *head, gsize len)
{
  const char *nl = memchr (head, '\n', len);

  /* JSON Lines is judged on its first line alone, so one hostile record
   * further down is a bad record rather than an unknown file. */
  if (memchr (head, '\0', nl != NULL ? (gsize) (nl - head) : len) == NULL &&
      corridor_import_sniff_jsonl (head, len))
    return CORRIDOR_FORMAT_JSONL;
  /* Binary files (photos, archives) carry NUL bytes early. */
  if (memchr (head, '\0', len) != NULL)
    return CORRIDOR_FORMAT_UNKNOWN;
  if (corridor_import_sniff_telegram (head, len))
    return CORRIDOR_FORMAT_TELEGRAM;
  if (corridor_import_sniff_whatsapp (head, len))
    return CORRIDOR_FORMAT_WHATSAPP;
  if (corridor_import_sniff_csv (head, len))
    return CORRIDOR_FORMAT_CSV;
  return CORRIDOR_FORMAT_UNKNOWN;
}

/* Reads the head for sniffing and hashes the whole file in one pass. A
 * WhatsApp export ZIP sets @out_entry to its chat text's entry name. */
static gboolean
read_file_identity (const char *path, CorridorFormat *out_format, char **out_entry,
                    char **out_sha, gint64 *out_size, GError **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *buf = g_malloc (1 << 20);
  char head[SNIFF_BYTES];
  gsize head_len = 0;
  gint64 size = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  for (;;)
    {
      gssize n = read (fd, buf, 1 << 20);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO, "%s: %s", path,
                       g_strerror (saved));
          return FALSE;
        }
      if (n == 0)
        break;
      if (head_len < sizeof head)
        {
          gsize take = MIN ((gsize) n, sizeof head - head_len);

          memcpy (head + head_len, buf, take);
          head_len += take;
        }
      g_checksum_update (sum, (const guchar *) buf, n);
      size += n;
    }
  close (fd);
  *out_format = sniff_format (head, head_len);
  if (*out_format == CORRIDOR_FORMAT_UNKNOWN && corridor_import_sniff_ufdr (path, head, head_len))
    *out_format = CORRIDOR_FORMAT_UFDR;
  else if (*out_format == CORRIDOR_FORMAT_UNKNOWN &&
           corridor_import_sniff_whatsapp_zip (path, head, head_len, out_entry))
    *out_format = CORRIDOR_FORMAT_WHATSAPP;
  *out_sha = g_strdup (g_checksum_get_string (sum));
  *out_size = size;
  return TRUE;
}

/* Every import is in the case's audit log, inside the source's own
 * transaction so the entry and the messages stand or fall together. */
static gboolean
audit_import (CorridorStore *store, const CorridorImportFile *f, const char *sha, gint64 size,
              const CorridorImportOptions *options, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *after = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, size);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, corridor_format_to_string (f->format));
  json_builder_set_member_name (b, "duplicate_source");
  json_builder_add_boolean_value (b, f->duplicate_source);
  json_builder_set_member_name (b, "messages");
  json_builder_add_int_value (b, f->imported);
  json_builder_set_member_name (b, "duplicates");
  json_builder_add_int_value (b, f->duplicates);
  json_builder_set_member_name (b, "bad_skipped");
  json_builder_add_int_value (b, f->bad);
  json_builder_set_member_name (b, "tz");
  json_builder_add_string_value (b, options->tz != NULL ? options->tz : "UTC");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  after = json_to_string (root, FALSE);
  return corridor_store_audit (store, "import", f->path, NULL, after, error);
}

static gboolean
import_one (CorridorStore *store, const char *path, const char *id_name, gboolean named,
            const CorridorImportOptions *options, GTimeZone *tz, GHashTable *actors,
            CorridorImportReport *report, GError **error)
{
  CorridorImportFile *f = g_new0 (CorridorImportFile, 1);
  g_autofree char *sha = NULL;
  g_autofree char *entry = NULL, *entry_path = NULL, *entry_id = NULL;
  g_autoptr(GError) local = NULL;
  CorridorImportCtx ctx = { 0 };
  gboolean existed = FALSE, ok;
  CorridorFormat format;
  gint64 size;

  f->path = g_strdup (path);
  f->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (report->files, f);

  if (!read_file_identity (path, &format, &entry, &sha, &size, &local))
    {
      f->refused = TRUE;
      g_ptr_array_add (f->problems, g_strdup (local->message));
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  f->format = format;
  if (format == CORRIDOR_FORMAT_UNKNOWN)
    {
      if (!named)
        {
          f->skipped = TRUE;
          return TRUE;
        }
      f->refused = TRUE;
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: not a chat export (JSON Lines, CSV, WhatsApp text or export ZIP, "
                   "Telegram result.json or a Cellebrite UFDR holding report.xml)", path);
      g_ptr_array_add (f->problems, g_strdup ((*error)->message));
      return FALSE;
    }

  if (!corridor_store_begin (store, error))
    {
      f->refused = TRUE;
      return FALSE;
    }
  if (!corridor_store_add_source (store, path, sha, size, corridor_format_to_string (format),
                                  CORRIDOR_IMPORTER_VERSION, &ctx.source_id, &existed, &local))
    goto fail;
  if (existed)
    {
      f->duplicate_source = TRUE;
      if (!audit_import (store, f, sha, size, options, &local))
        goto fail;
      return corridor_store_commit (store, error);
    }
  if (!corridor_store_import_prepare (store, ctx.source_id, &ctx.check_duplicates, &local))
    goto fail;
  /* A chat record takes roughly 60 (WhatsApp) to 300 (Telegram) bytes. */
  if (!corridor_store_import_defer_indexes (store, size / 100, &local))
    goto fail;

  ctx.store = store;
  ctx.options = options;
  ctx.file = f;
  ctx.path = path;
  ctx.id_name = id_name;
  ctx.size = size;
  ctx.tz = tz;
  ctx.actors = actors;
  ctx.rcpt_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (entry != NULL)
    {
      g_autofree char *shown = corridor_zip_printable_name (entry);

      /* Lines are the entry's: "ZIP/ENTRY:LINE", and ids
       * "wa:<zip name>/<entry>:<line>", so two iOS exports (each a
       * _chat.txt) never share an id. */
      entry_path = g_strdup_printf ("%s/%s", path, shown);
      entry_id = g_strdup_printf ("%s/%s", id_name, entry);
      ctx.archive = path;
      ctx.entry = entry;
      ctx.entry_declared = -1;
      ctx.path = entry_path;
      ctx.id_name = entry_id;
    }
  switch (format)
    {
    case CORRIDOR_FORMAT_JSONL:
      ok = corridor_import_jsonl (&ctx, &local);
      break;
    case CORRIDOR_FORMAT_CSV:
      ok = corridor_import_csv (&ctx, &local);
      break;
    case CORRIDOR_FORMAT_WHATSAPP:
      ok = entry != NULL ? corridor_import_whatsapp_zip (&ctx, &local)
                         : corridor_import_whatsapp (&ctx, &local);
      break;
    case CORRIDOR_FORMAT_TELEGRAM:
      ok = corridor_import_telegram (&ctx, &local);
      break;
    case CORRIDOR_FORMAT_UFDR:
      ok = corridor_import_ufdr (&ctx, &local);
      break;
    case CORRIDOR_FORMAT_UNKNOWN:
    default:
      ok = FALSE;
      g_set_error (&local, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: this format is not supported yet", path);
      break;
    }
  g_array_unref (ctx.rcpt_ids);
  if (!ok)
    goto fail;
  if (!audit_import (store, f, sha, size, options, &local))
    goto fail;
  if (options->progress != NULL)
    options->progress (1.0, path, options->progress_data);
  if (!corridor_store_commit (store, &local))
    goto fail;
  return TRUE;

fail:
  corridor_store_rollback (store);
  /* Actor ids handed out inside the rolled-back transaction are gone. */
  g_hash_table_remove_all (actors);
  f->refused = TRUE;
  f->read = f->imported = f->duplicates = f->media = 0;
  g_ptr_array_set_size (f->problems, 0);
  g_ptr_array_add (f->problems, g_strdup (local->message));
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

typedef struct {
  char    *path;     /* as it will be reported */
  char    *rel;      /* relative to the folder named, or the path as named */
  gboolean named;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->path);
  g_free (e->rel);
  g_free (e);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
walk (const char *dir, const char *rel, GPtrArray *entries, int depth)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL || depth > 32)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Sorted, so ids and reports do not depend on directory order. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *full = g_build_filename (dir, n, NULL);
      g_autofree char *r = rel ? g_build_filename (rel, n, NULL) : g_strdup (n);

      if (g_file_test (full, G_FILE_TEST_IS_SYMLINK) && g_file_test (full, G_FILE_TEST_IS_DIR))
        continue;   /* no loops through links */
      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        walk (full, r, entries, depth + 1);
      else if (g_file_test (full, G_FILE_TEST_IS_REGULAR))
        {
          Entry *e = g_new0 (Entry, 1);

          e->path = g_steal_pointer (&full);
          e->rel = g_steal_pointer (&r);
          g_ptr_array_add (entries, e);
        }
    }
}

gboolean
corridor_import_paths (CorridorStore *store, const char *const *paths,
                       const CorridorImportOptions *options, CorridorImportReport *report,
                       GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GHashTable) base_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GTimeZone) tz = NULL;
  CorridorImportOptions defaults = { 0 };
  GError *first = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (store), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (options->tz != NULL)
    {
      tz = g_time_zone_new_identifier (options->tz);
      if (tz == NULL)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "Unknown time zone “%s”", options->tz);
          return FALSE;
        }
    }
  else
    tz = g_time_zone_new_utc ();

  for (guint i = 0; paths[i] != NULL; i++)
    {
      if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        walk (paths[i], NULL, entries, 0);
      else
        {
          Entry *e = g_new0 (Entry, 1);

          e->path = g_strdup (paths[i]);
          e->rel = g_strdup (paths[i]);
          e->named = TRUE;
          g_ptr_array_add (entries, e);
        }
    }
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      char *base = g_path_get_basename (e->path);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (base_counts, base));

      g_hash_table_replace (base_counts, base, GUINT_TO_POINTER (n + 1));
    }

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      g_autofree char *base = g_path_get_basename (e->path);
      g_autoptr(GError) local = NULL;
      /* FORMATS.md §1: the base name, or the path relative to the folder
       * when two imported files share a base name (iOS _chat.txt). */
      const char *id_name =
          GPOINTER_TO_UINT (g_hash_table_lookup (base_counts, base)) > 1 ? e->rel : base;

      if (g_cancellable_is_cancelled (options->cancellable))
        {
          g_clear_error (&first);
          g_cancellable_set_error_if_cancelled (options->cancellable, error);
          return FALSE;
        }
      if (!import_one (store, e->path, id_name, e->named, options, tz, actors, report, &local))
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_clear_error (&first);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (first == NULL)
            first = g_steal_pointer (&local);
        }
      else
        {
          CorridorImportFile *f = g_ptr_array_index (report->files, report->files->len - 1);

          if (f->format == CORRIDOR_FORMAT_WHATSAPP && !f->duplicate_source && f->tz == NULL)
            f->tz = g_strdup (options->tz != NULL ? options->tz : "UTC");
        }
    }
  if (first != NULL)
    {
      g_propagate_error (error, first);
      return FALSE;
    }
  return TRUE;
}
