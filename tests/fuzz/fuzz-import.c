/* fuzz-import.c: one importer target, built once per format (FUZZ_FILE_NAME
 * names the file as an analyst's export would be named). The input is
 * written to a file and imported through corridor_import_paths into a fresh
 * case copied from a template, so no iteration sees another's messages.
 * Besides the sanitizers it checks two promises of FORMATS.md §1: a refused
 * file leaves the case empty, and what is stored is valid UTF-8; and that
 * the report and any error read as UTF-8.
 * With FUZZ_UFDR an input that is not itself a ZIP is report.xml, stored in
 * a one-entry ZIP with a correct CRC: mutations then reach the XML reader
 * instead of dying on libarchive's checksum. */
#include "fuzz-common.h"
#include "corridor-import.h"
#include "corridor-store.h"

#include <stdio.h>
#include <string.h>

static char *input_path;
static char *case_path;
static char *case_side[3];     /* -wal, -shm, -journal */
static char *template_bytes;
static gsize template_len;
static const char *zone;
/* FUZZ_VERBOSE=1: print each import's report, to see what a seed reaches. */
static gboolean verbose;

#ifdef FUZZ_UFDR
static guint32 crc_table[256];

static guint32
crc32_of (const guint8 *p, size_t n)
{
  guint32 c = 0xffffffffu;

  if (crc_table[1] == 0)
    for (guint32 i = 0; i < 256; i++)
      {
        guint32 k = i;

        for (int b = 0; b < 8; b++)
          k = k & 1 ? 0xedb88320u ^ (k >> 1) : k >> 1;
        crc_table[i] = k;
      }
  while (n-- > 0)
    c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

/* Appends little-endian fields: each pair in @fields is (width in bytes, value). */
static void
put_fields (GByteArray *a, const guint32 *fields, guint n)
{
  for (guint i = 0; i + 1 < n; i += 2)
    for (guint32 b = 0; b < fields[i]; b++)
      {
        guint8 byte = (fields[i + 1] >> (8 * b)) & 0xff;

        g_byte_array_append (a, &byte, 1);
      }
}

/* A ZIP holding @data as report.xml, stored (not deflated), dated 1980-01-01. */
static GByteArray *
wrap_report (const uint8_t *data, size_t size)
{
  static const char name[] = "report.xml";
  const guint32 name_len = sizeof name - 1, len = (guint32) size;
  const guint32 crc = crc32_of (data, size);
  const guint32 local[] = { 4, 0x04034b50, 2, 20, 2, 0, 2, 0, 2, 0, 2, 0x21,
                            4, crc, 4, len, 4, len, 2, name_len, 2, 0 };
  const guint32 central[] = { 4, 0x02014b50, 2, 20, 2, 20, 2, 0, 2, 0, 2, 0, 2, 0x21,
                              4, crc, 4, len, 4, len, 2, name_len, 2, 0, 2, 0,
                              2, 0, 2, 0, 4, 0, 4, 0 };
  GByteArray *a = g_byte_array_sized_new (len + 128);
  guint32 cd_start, cd_size;

  put_fields (a, local, G_N_ELEMENTS (local));
  g_byte_array_append (a, (const guint8 *) name, name_len);
  g_byte_array_append (a, data, len);
  cd_start = a->len;
  put_fields (a, central, G_N_ELEMENTS (central));
  g_byte_array_append (a, (const guint8 *) name, name_len);
  cd_size = a->len - cd_start;
  {
    const guint32 end[] = { 4, 0x06054b50, 2, 0, 2, 0, 2, 1, 2, 1, 4, cd_size, 4, cd_start,
                            2, 0 };

    put_fields (a, end, G_N_ELEMENTS (end));
  }
  return a;
}
#endif

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *template_path = NULL;
  CorridorStore *store;

  fuzz_setup ();
  verbose = g_getenv ("FUZZ_VERBOSE") != NULL;
  input_path = fuzz_path (FUZZ_FILE_NAME);
  case_path = fuzz_path ("case.corridor");
  case_side[0] = g_strconcat (case_path, "-wal", NULL);
  case_side[1] = g_strconcat (case_path, "-shm", NULL);
  case_side[2] = g_strconcat (case_path, "-journal", NULL);

  /* Creating a case seeds its ports from the gazetteer: do it once, then
   * copy the bytes for every input. */
  template_path = fuzz_path ("template.corridor");
  store = corridor_store_open (template_path, CORRIDOR_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    fuzz_fail ("cannot create the template case: %s", error->message);
  g_object_unref (store);
  if (!g_file_get_contents (template_path, &template_bytes, &template_len, &error))
    fuzz_fail ("cannot read the template case: %s", error->message);
  fuzz_remove (template_path);

  /* A zone with daylight saving reaches the gap and overlap handling of
   * WhatsApp's local times; without tzdata fall back to UTC. */
  tz = g_time_zone_new_identifier ("Europe/Amsterdam");
  zone = tz != NULL ? "Europe/Amsterdam" : NULL;
  return 0;
}

static gboolean
check_message (gint64 rowid, const CorridorMessage *m, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
  if (m->id == NULL || !g_utf8_validate (m->id, -1, NULL))
    fuzz_fail ("message %" G_GINT64_FORMAT ": id missing or not UTF-8", rowid);
  if (m->sender != NULL && !g_utf8_validate (m->sender, -1, NULL))
    fuzz_fail ("message %s: sender is not UTF-8", m->id);
  if (m->body != NULL && !g_utf8_validate (m->body, -1, NULL))
    fuzz_fail ("message %s: body is not UTF-8", m->id);
  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    if (!g_utf8_validate (m->recipients[i], -1, NULL))
      fuzz_fail ("message %s: a recipient is not UTF-8", m->id);
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(CorridorImportReport) report = corridor_import_report_new ();
  g_autofree char *text = NULL;
  const char *paths[] = { input_path, NULL };
  CorridorImportOptions options = { .tz = zone, .skip_bad = TRUE };
  const CorridorImportFile *f;
  gboolean ok;
  guint walked = 0;
  gint64 stored;

#ifdef FUZZ_UFDR
  if (size < 4 || memcmp (data, "PK\3\4", 4) != 0)
    {
      g_autoptr(GByteArray) zip = wrap_report (data, size);

      fuzz_write_file (input_path, zip->data, zip->len);
    }
  else
#endif
  fuzz_write_file (input_path, data, size);
  for (guint i = 0; i < G_N_ELEMENTS (case_side); i++)
    fuzz_remove (case_side[i]);
  fuzz_write_file (case_path, template_bytes, template_len);
  store = corridor_store_open (case_path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    fuzz_fail ("cannot open the fresh case: %s", error->message);

  ok = corridor_import_paths (store, paths, &options, report, &error);
  if (ok != (error == NULL))
    fuzz_fail ("corridor_import_paths returned %d with error %s", ok,
               error != NULL ? error->message : "(none)");
  if (report->files->len != 1)
    fuzz_fail ("one file imported, %u in the report", report->files->len);
  f = g_ptr_array_index (report->files, 0);
  text = corridor_import_report_format (report);
  if (verbose)
    fprintf (stderr, "%s%s%s\n", text, error != NULL ? "error: " : "",
             error != NULL ? error->message : "");

  /* GLib's rule: error messages and text for people are UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    fuzz_fail ("the import report is not UTF-8");
  if (error != NULL && !g_utf8_validate (error->message, -1, NULL))
    fuzz_fail ("the import error is not UTF-8");
  stored = corridor_store_count_messages (store);
  if (!ok && stored != 0)
    fuzz_fail ("a refused file left %" G_GINT64_FORMAT " messages in the case", stored);
  if (ok && stored != (gint64) f->imported)
    fuzz_fail ("%u imported but %" G_GINT64_FORMAT " stored", f->imported, stored);
  g_clear_error (&error);
  if (!corridor_store_foreach_message (store, check_message, &walked, &error))
    fuzz_fail ("cannot read the messages back: %s", error->message);
  if ((gint64) walked != stored)
    fuzz_fail ("%" G_GINT64_FORMAT " stored but %u read back", stored, walked);
  return 0;
}
