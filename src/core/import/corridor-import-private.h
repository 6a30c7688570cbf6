/* corridor-import-private.h: what the per-format importers share with
 * corridor-import.c: the per-file context that resolves actors, inserts
 * messages, links cross-source duplicates and records bad records, and a
 * bounded line reader (no line may grow past CORRIDOR_IMPORT_MAX_LINE). */
#pragma once

#include "corridor-import.h"

G_BEGIN_DECLS

/* The longest line (JSONL record, CSV record, WhatsApp line) accepted; a
 * longer one is a bad record, never an unbounded allocation. */
#define CORRIDOR_IMPORT_MAX_LINE (16 * 1024 * 1024)
/* The longest message body stored; a longer one is a bad record. Chat
 * apps cap a message far below it (WhatsApp 64 K characters, Telegram 4096). */
#define CORRIDOR_IMPORT_MAX_BODY (1024 * 1024)
/* The deepest JSON nesting read: json-glib recurses per level, so deeper
 * input would overflow the stack; real exports nest a handful of levels. */
#define CORRIDOR_IMPORT_MAX_DEPTH 64
/* Problems kept per file for the report (all are counted). */
#define CORRIDOR_IMPORT_MAX_PROBLEMS 1000

typedef struct {
  CorridorStore               *store;
  const CorridorImportOptions *options;
  CorridorImportFile          *file;
  const char                  *path;     /* as named, for messages */
  const char                  *id_name;  /* for "wa:<file>:<line>" */
  /* A WhatsApp chat text inside a ZIP export: the ZIP, the entry's name and
   * declared size (-1 unknown); path is then "ZIP/ENTRY" for messages. */
  const char                  *archive;
  const char                  *entry;
  gint64                       entry_declared;
  gint64                       source_id;
  gint64                       size;
  GTimeZone                   *tz;       /* options->tz or UTC */
  gboolean                     check_duplicates;
  GHashTable                  *actors;   /* handle -> gint64* id */
  GArray                      *rcpt_ids; /* scratch */
  guint                        since_tick;
} CorridorImportCtx;

/* Stores one message; records it in the report. FALSE with @error set when
 * the file must be refused (an id clash, a store failure). A repeated id
 * inside the same file is a bad record. */
gboolean corridor_import_emit (CorridorImportCtx *ctx, const CorridorMessage *m, guint line,
                               const char *sender_alias, GError **error);
/* A malformed record at @line (0: no line). Without --skip-bad returns FALSE
 * with "FILE:LINE: cause" in @error; with it, counts and lists it. */
gboolean corridor_import_bad (CorridorImportCtx *ctx, guint line, GError **error,
                              const char *format, ...) G_GNUC_PRINTF (4, 5);
/* FALSE when JSON @text nests deeper than CORRIDOR_IMPORT_MAX_DEPTH (a
 * lexical scan, before json-glib's recursive parser sees it). */
gboolean corridor_import_json_nesting_ok (const char *text, gsize len);
/* Progress and cancellation, called every record with the bytes read. */
gboolean corridor_import_tick (CorridorImportCtx *ctx, gint64 offset, GError **error);

/* Local wall time in @tz to UTC seconds; @out_offset gets the zone's offset. */
gint64   corridor_import_local_to_utc (GTimeZone *tz, int year, int month, int day, int hour,
                                       int minute, int second, int *out_offset);
/* Days since 1970-01-01 of a proleptic Gregorian date (no allocation). */
gint64   corridor_import_days_from_civil (int year, int month, int day);
gboolean corridor_import_date_valid (int year, int month, int day);

/* Bounded line reader over a file descriptor. */
typedef struct CorridorLineReader CorridorLineReader;
CorridorLineReader *corridor_line_reader_new  (const char *path, GError **error);
void                corridor_line_reader_free (CorridorLineReader *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorLineReader, corridor_line_reader_free)
/* Next line without its "\n" (and "\r"), NUL-terminated, valid until the
 * next call. Returns FALSE at end of file or on a read error (@error set).
 * A line over the limit comes back with *@too_long set and an empty text. */
gboolean corridor_line_reader_next (CorridorLineReader *r, const char **out_line,
                                    gsize *out_len, gboolean *too_long, GError **error);
/* The same over any byte source: @func returns bytes read, 0 at the end,
 * -1 with @error set; @destroy frees @data with the reader. @name is for
 * messages. */
typedef gssize (*CorridorLineReaderFunc) (gpointer data, char *buf, gsize len, GError **error);
CorridorLineReader *corridor_line_reader_new_for_func (CorridorLineReaderFunc func, gpointer data,
                                                       GDestroyNotify destroy, const char *name);
guint    corridor_line_reader_line   (CorridorLineReader *r);  /* 1-based, of the last line */
gint64   corridor_line_reader_offset (CorridorLineReader *r);

gboolean corridor_import_jsonl    (CorridorImportCtx *ctx, GError **error);
gboolean corridor_import_csv      (CorridorImportCtx *ctx, GError **error);
gboolean corridor_import_whatsapp (CorridorImportCtx *ctx, GError **error);
gboolean corridor_import_telegram (CorridorImportCtx *ctx, GError **error);
/* Cellebrite UFDR (corridor-import-ufdr.c): ctx->path is the .ufdr ZIP; its
 * report.xml is streamed, never extracted. Refuses unsafe entry names, zip
 * bombs and malformed XML with FILE:LINE: cause. */
gboolean corridor_import_ufdr     (CorridorImportCtx *ctx, GError **error);

/* ZIP archives (corridor-import-zip.c), shared by the UFDR and WhatsApp ZIP
 * readers; nothing is ever extracted. */
struct archive;
struct archive_entry;
struct archive *corridor_zip_open                (const char *path);
const char     *corridor_zip_entry_name          (struct archive_entry *e);
/* An absolute name or one with a ".." component. */
gboolean        corridor_zip_entry_name_unsafe   (const char *name);
/* Valid UTF-8 without control characters, for messages. */
char           *corridor_zip_printable_name      (const char *name);
/* Refuses an entry declaring more than @max bytes, or over 100:1 against
 * the whole @file_size. */
gboolean        corridor_zip_check_declared      (const char *path, const char *entry,
                                                  gint64 declared, gint64 max,
                                                  gint64 file_size, GError **error);
/* The current entry's data with the zip-bomb checks on what really
 * inflates (a header may lie): past @declared, @max or 100:1 is an error. */
typedef struct {
  struct archive *a;
  const char     *path, *entry;   /* for messages */
  gint64          declared;       /* -1: unknown */
  gint64          max, produced;
  gint64          start;          /* raw bytes consumed when the entry began */
  GError         *error;
} CorridorZipStream;
void   corridor_zip_stream_init (CorridorZipStream *z, struct archive *a, const char *path,
                                 const char *entry, gint64 declared, gint64 max);
/* Bytes read, 0 at the entry's end, -1 with z->error set. */
gssize corridor_zip_stream_read (CorridorZipStream *z, char *buffer, gsize len);
/* A WhatsApp export ZIP: ctx->archive/entry name its one chat text, which
 * corridor_import_whatsapp reads through corridor_import_zip_open_lines.
 * Refuses unsafe names, two chat texts and zip bombs. */
gboolean            corridor_import_whatsapp_zip   (CorridorImportCtx *ctx, GError **error);
CorridorLineReader *corridor_import_zip_open_lines (CorridorImportCtx *ctx, GError **error);

/* Content sniffing on the first bytes of a file. */
gboolean corridor_import_sniff_jsonl    (const char *head, gsize len);
gboolean corridor_import_sniff_csv      (const char *head, gsize len);
gboolean corridor_import_sniff_whatsapp (const char *head, gsize len);
gboolean corridor_import_sniff_telegram (const char *head, gsize len);
/* ZIP magic in @head and a root `report.xml` entry in the archive at @path. */
gboolean corridor_import_sniff_ufdr     (const char *path, const char *head, gsize len);
/* ZIP magic, no root `report.xml` and a chat text (`_chat.txt`, or a .txt
 * entry that sniffs as WhatsApp); @out_entry gets the first one's name. */
gboolean corridor_import_sniff_whatsapp_zip (const char *path, const char *head, gsize len,
                                             char **out_entry);

G_END_DECLS
