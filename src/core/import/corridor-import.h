/* corridor-import.h: intercepted chats into a case (FORMATS.md §1).
 * Formats are detected from content: canonical JSON Lines and CSV, WhatsApp
 * text exports (Android, iOS, locale variants, bare or in the export ZIP),
 * Telegram Desktop result.json and Cellebrite UFDR. Each source is one
 * transaction and is recorded with its SHA-256; the same content imported
 * again adds nothing but its path. */
#pragma once

#include <gio/gio.h>
#include "corridor-store.h"

G_BEGIN_DECLS

#define CORRIDOR_IMPORTER_VERSION "1"

typedef enum {
  CORRIDOR_FORMAT_UNKNOWN = 0,
  CORRIDOR_FORMAT_JSONL,
  CORRIDOR_FORMAT_CSV,
  CORRIDOR_FORMAT_WHATSAPP,
  CORRIDOR_FORMAT_TELEGRAM,
  CORRIDOR_FORMAT_UFDR,
} CorridorFormat;

const char *corridor_format_to_string (CorridorFormat format);

typedef void (*CorridorImportProgress) (double fraction, const char *path, gpointer user_data);

typedef struct {
  const char            *tz;         /* IANA zone for zone-less times; NULL: UTC */
  gboolean               skip_bad;   /* import the good records, report the bad */
  CorridorImportProgress progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
} CorridorImportOptions;

/* What happened to one file. */
typedef struct {
  char          *path;
  CorridorFormat format;
  gboolean       duplicate_source;  /* same content already in the case */
  gboolean       skipped;           /* not a chat export (folders only) */
  gboolean       refused;           /* a bad record and no --skip-bad */
  guint          read, imported, duplicates, bad;
  GPtrArray     *problems;          /* char* "FILE:LINE: cause" */
  char          *date_order;        /* WhatsApp: "day first (assumed)" etc., or NULL */
  char          *tz;                /* the zone used, or NULL */
  guint          system;            /* system lines / service messages passed over */
  guint          media;             /* WhatsApp ZIP: media entries passed over, never extracted */
} CorridorImportFile;

typedef struct {
  GPtrArray *files;                 /* CorridorImportFile* */
} CorridorImportReport;

CorridorImportReport *corridor_import_report_new  (void);
void                  corridor_import_report_free (CorridorImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CorridorImportReport, corridor_import_report_free)
/* The report as text for people (stderr, the GUI's dialog). */
char *corridor_import_report_format (const CorridorImportReport *report);

/* Imports files and folders (walked recursively). A file named directly that
 * is not a chat export is refused; in a folder it is listed as skipped.
 * Returns FALSE when any file was refused (the others stay imported) or on
 * cancellation; @report says which. */
gboolean corridor_import_paths (CorridorStore *store, const char *const *paths,
                                const CorridorImportOptions *options,
                                CorridorImportReport *report, GError **error);

G_END_DECLS
