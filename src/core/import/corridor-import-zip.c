/* corridor-import-zip.c: ZIP archives as the UFDR and WhatsApp-export readers
 * see them (FORMATS.md §1). Nothing is ever extracted: entries are streamed
 * with libarchive. Invariants: an archive with an absolute or ".." entry name
 * is refused; an entry read past its declared size, its cap or 100:1
 * compression is refused as a zip bomb; a WhatsApp ZIP holds exactly one chat
 * text (`_chat.txt`, or a .txt that reads as WhatsApp) and no root report.xml. */
#include "corridor-import-private.h"
#include "corridor-error.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

/* XML and chat text compress 5–20:1; beyond RATIO_FLOOR bytes, more than
 * MAX_RATIO:1 is a zip bomb. */
#define CORRIDOR_ZIP_MAX_RATIO   100
#define CORRIDOR_ZIP_RATIO_FLOOR (4 * 1024 * 1024)
/* A WhatsApp chat text larger than this (some 15 million messages) is
 * refused: no export is that big, a hostile one would read for hours. */
#define CORRIDOR_ZIP_MAX_CHAT (G_GINT64_CONSTANT (1) * 1024 * 1024 * 1024)
#define CHAT_SNIFF_BYTES      65536
#define IOS_CHAT_ENTRY        "_chat.txt"

struct archive *
corridor_zip_open (const char *path)
{
  struct archive *a = archive_read_new ();

  archive_read_support_format_zip (a);
  if (archive_read_open_filename (a, path, 65536) != ARCHIVE_OK)
    {
      archive_read_free (a);
      return NULL;
    }
  return a;
}

char *
corridor_zip_printable_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0' && out->len < 200; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Absolute paths (also "C:" and "\\" forms) and ".." components: nothing is
 * extracted, but such an archive was made to escape a folder and is not
 * something a phone or a forensic tool wrote. */
gboolean
corridor_zip_entry_name_unsafe (const char *name)
{
  const char *p = name;

  if (name == NULL || *name == '\0')
    return TRUE;
  if (name[0] == '/' || name[0] == '\\' || (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return TRUE;
  while (*p != '\0')
    {
      gsize n = strcspn (p, "/\\");

      if (n == 2 && p[0] == '.' && p[1] == '.')
        return TRUE;
      p += n;
      if (*p != '\0')
        p++;
    }
  return FALSE;
}

const char *
corridor_zip_entry_name (struct archive_entry *e)
{
  const char *name = archive_entry_pathname_utf8 (e);

  return name != NULL ? name : archive_entry_pathname (e);
}

gboolean
corridor_zip_check_declared (const char *path, const char *entry, gint64 declared,
                             gint64 max, gint64 file_size, GError **error)
{
  g_autofree char *shown = corridor_zip_printable_name (entry);

  if (declared > max)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: %s declares %" G_GINT64_FORMAT " MiB, more than the %" G_GINT64_FORMAT
                   " MiB this version reads", path, shown, declared / (1024 * 1024),
                   max / (1024 * 1024));
      return FALSE;
    }
  /* The whole file bounds the entry's compressed size from above. */
  if (declared > CORRIDOR_ZIP_RATIO_FLOOR && declared / CORRIDOR_ZIP_MAX_RATIO > MAX (file_size, 1))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: %s declares %" G_GINT64_FORMAT " MiB from a %" G_GINT64_FORMAT
                   " KiB file, over %d:1 compression: refused as a zip bomb", path, shown,
                   declared / (1024 * 1024), file_size / 1024, CORRIDOR_ZIP_MAX_RATIO);
      return FALSE;
    }
  return TRUE;
}

void
corridor_zip_stream_init (CorridorZipStream *z, struct archive *a, const char *path,
                          const char *entry, gint64 declared, gint64 max)
{
  memset (z, 0, sizeof *z);
  z->a = a;
  z->path = path;
  z->entry = entry;
  z->declared = declared;
  z->max = max;
  z->start = archive_filter_bytes (a, -1);
}

gssize
corridor_zip_stream_read (CorridorZipStream *z, char *buffer, gsize len)
{
  la_ssize_t n;
  gint64 consumed;

  if (z->error != NULL)
    return -1;
  n = archive_read_data (z->a, buffer, len);
  if (n < 0)
    {
      g_set_error (&z->error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: truncated or damaged ZIP archive reading %s: %s", z->path, z->entry,
                   archive_error_string (z->a) != NULL ? archive_error_string (z->a)
                                                       : "read error");
      return -1;
    }
  z->produced += n;
  consumed = archive_filter_bytes (z->a, -1) - z->start;
  if (z->declared >= 0 && z->produced > z->declared)
    g_set_error (&z->error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                 "%s: %s inflates past the %" G_GINT64_FORMAT " bytes its header declares: "
                 "refused as a zip bomb", z->path, z->entry, z->declared);
  else if (z->produced > z->max)
    g_set_error (&z->error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                 "%s: %s inflates past %" G_GINT64_FORMAT " MiB, more than this version reads",
                 z->path, z->entry, z->max / (1024 * 1024));
  else if (z->produced > CORRIDOR_ZIP_RATIO_FLOOR &&
           z->produced / CORRIDOR_ZIP_MAX_RATIO > MAX (consumed, 1))
    g_set_error (&z->error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                 "%s: %s inflated %" G_GINT64_FORMAT " MiB from %" G_GINT64_FORMAT
                 " KiB, over %d:1 compression: refused as a zip bomb", z->path, z->entry,
                 z->produced / (1024 * 1024), consumed / 1024, CORRIDOR_ZIP_MAX_RATIO);
  return z->error != NULL ? -1 : (gssize) n;
}

/* ---------------------------------------------------------------------------
 * WhatsApp "Export chat" ZIPs
 * ------------------------------------------------------------------------- */

typedef struct {
  gboolean   report;     /* a root report.xml: a UFDR, not a chat export */
  GPtrArray *chats;      /* entry names of chat texts */
  guint      media;      /* other regular entries */
  char      *unsafe;     /* the first unsafe entry name */
  gint64     declared;   /* of the first chat; -1 unknown */
  gboolean   damaged;
} Survey;

static void
survey_clear (Survey *s)
{
  g_clear_pointer (&s->chats, g_ptr_array_unref);
  g_clear_pointer (&s->unsafe, g_free);
}

/* A .txt entry is a chat when its first bytes read as a WhatsApp export;
 * `_chat.txt` is iOS's fixed name and counts whatever it holds. The head is
 * read through the bounded stream, so a bomb cannot inflate here either. */
static gboolean
is_chat_entry (struct archive *a, struct archive_entry *e, const char *path, const char *name)
{
  const char *base = strrchr (name, '/');
  g_autofree char *head = NULL;
  CorridorZipStream z;
  gsize len = 0;

  base = base != NULL ? base + 1 : name;
  if (strcmp (base, IOS_CHAT_ENTRY) == 0)
    return TRUE;
  if (!g_str_has_suffix (base, ".txt") && !g_str_has_suffix (base, ".TXT"))
    return FALSE;
  head = g_malloc (CHAT_SNIFF_BYTES);
  corridor_zip_stream_init (&z, a, path, name,
                            archive_entry_size_is_set (e) ? archive_entry_size (e) : -1,
                            CORRIDOR_ZIP_MAX_CHAT);
  while (len < CHAT_SNIFF_BYTES)
    {
      gssize n = corridor_zip_stream_read (&z, head + len, CHAT_SNIFF_BYTES - len);

      if (n <= 0)
        break;
      len += (gsize) n;
    }
  g_clear_error (&z.error);
  return len > 0 && memchr (head, '\0', len) == NULL &&
         corridor_import_sniff_whatsapp (head, len);
}

/* FALSE when the archive cannot be opened, or (with @ctx, during an
 * import) on cancellation with @error set. */
static gboolean
survey_archive (const char *path, Survey *s, CorridorImportCtx *ctx, GError **error)
{
  struct archive *a = corridor_zip_open (path);
  struct archive_entry *e;
  int r;

  s->chats = g_ptr_array_new_with_free_func (g_free);
  s->declared = -1;
  if (a == NULL)
    return FALSE;
  while ((r = archive_read_next_header (a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *name = corridor_zip_entry_name (e);

      if (corridor_zip_entry_name_unsafe (name))
        {
          if (s->unsafe == NULL)
            s->unsafe = g_strdup (name != NULL ? name : "");
          continue;
        }
      if (strcmp (name, "report.xml") == 0)
        s->report = TRUE;
      if (archive_entry_filetype (e) != AE_IFREG)
        continue;
      if (is_chat_entry (a, e, path, name))
        {
          if (s->chats->len == 0)
            s->declared = archive_entry_size_is_set (e) ? archive_entry_size (e) : -1;
          g_ptr_array_add (s->chats, g_strdup (name));
        }
      else
        s->media++;
      /* An export may hold thousands of photos. */
      if (ctx != NULL && !corridor_import_tick (ctx, 0, error))
        {
          archive_read_free (a);
          return FALSE;
        }
    }
  s->damaged = r != ARCHIVE_EOF;
  archive_read_free (a);
  return TRUE;
}

gboolean
corridor_import_sniff_whatsapp_zip (const char *path, const char *head, gsize len,
                                    char **out_entry)
{
  Survey s = { 0 };
  gboolean found;

  g_return_val_if_fail (path != NULL && out_entry != NULL, FALSE);

  if (len < 4 || memcmp (head, "PK\003\004", 4) != 0)
    return FALSE;
  /* Unsafe names are judged by the import, which refuses them by name. */
  found = survey_archive (path, &s, NULL, NULL) && !s.report && s.chats->len > 0;
  if (found)
    *out_entry = g_strdup (g_ptr_array_index (s.chats, 0));
  survey_clear (&s);
  return found;
}

typedef struct {
  CorridorZipStream z;
} EntryReader;

static gssize
entry_reader_read (gpointer data, char *buf, gsize len, GError **error)
{
  EntryReader *er = data;
  gssize n = corridor_zip_stream_read (&er->z, buf, len);

  if (n < 0)
    g_propagate_error (error, g_steal_pointer (&er->z.error));
  return n;
}

static void
entry_reader_free (gpointer data)
{
  EntryReader *er = data;

  archive_read_free (er->z.a);
  g_clear_error (&er->z.error);
  g_free (er);
}

/* A line reader over ctx->entry of ctx->archive; each WhatsApp pass opens
 * its own, as the archive is read forward only. */
static CorridorLineReader *
open_entry (CorridorImportCtx *ctx, gint64 declared, GError **error)
{
  struct archive *a = corridor_zip_open (ctx->archive);
  struct archive_entry *e;
  EntryReader *er;
  int r;

  if (a == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: not a readable ZIP archive", ctx->archive);
      return NULL;
    }
  while ((r = archive_read_next_header (a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    if (g_strcmp0 (corridor_zip_entry_name (e), ctx->entry) == 0)
      break;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO,
                   "%s: %s vanished while reading; was the file modified?", ctx->archive,
                   ctx->entry);
      archive_read_free (a);
      return NULL;
    }
  er = g_new0 (EntryReader, 1);
  corridor_zip_stream_init (&er->z, a, ctx->archive, ctx->entry, declared, CORRIDOR_ZIP_MAX_CHAT);
  return corridor_line_reader_new_for_func (entry_reader_read, er, entry_reader_free, ctx->path);
}

CorridorLineReader *
corridor_import_zip_open_lines (CorridorImportCtx *ctx, GError **error)
{
  g_return_val_if_fail (ctx != NULL && ctx->archive != NULL && ctx->entry != NULL, NULL);

  return open_entry (ctx, ctx->entry_declared, error);
}

gboolean
corridor_import_whatsapp_zip (CorridorImportCtx *ctx, GError **error)
{
  Survey s = { 0 };
  gboolean ok = FALSE;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (ctx != NULL && ctx->archive != NULL && ctx->entry != NULL, FALSE);

  if (!survey_archive (ctx->archive, &s, ctx, &local))
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                     "%s: not a readable ZIP archive", ctx->archive);
    }
  else if (s.unsafe != NULL)
    {
      g_autofree char *shown = corridor_zip_printable_name (s.unsafe);

      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: ZIP entry “%s” has an absolute path or a “..” component; "
                   "an archive that tries to escape its folder is refused", ctx->archive, shown);
    }
  else if (s.damaged)
    g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                 "%s: truncated or damaged ZIP archive", ctx->archive);
  else if (s.chats->len == 0)
    g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO,
                 "%s: the chat text vanished while reading; was the file modified?",
                 ctx->archive);
  else if (s.chats->len > 1)
    {
      g_autofree char *a = corridor_zip_printable_name (g_ptr_array_index (s.chats, 0));
      g_autofree char *b = corridor_zip_printable_name (g_ptr_array_index (s.chats, 1));

      /* A WhatsApp export holds one chat; which one to import, or how to
       * name its messages, would be a guess. */
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "%s: the archive holds %u WhatsApp chat texts (%s, %s%s); an export holds "
                   "one: unpack it and import the texts or the folder", ctx->archive,
                   s.chats->len, a, b, s.chats->len > 2 ? ", …" : "");
    }
  else if (corridor_zip_check_declared (ctx->archive, ctx->entry, s.declared,
                                        CORRIDOR_ZIP_MAX_CHAT, ctx->size, error))
    {
      ctx->entry_declared = s.declared;
      /* Progress counts the text's bytes, not the ZIP's. */
      if (s.declared > 0)
        ctx->size = s.declared;
      ctx->file->media = s.media;
      ok = corridor_import_whatsapp (ctx, error);
      if (!ok)
        ctx->file->media = 0;
    }
  survey_clear (&s);
  return ok;
}
