/* test-import-whatsapp-zip.c: WhatsApp "Export chat" ZIPs (FORMATS.md §1).
 * Every fixture is a real ZIP written here with libarchive's writer: an iOS
 * export (_chat.txt with U+200E marks and a photo), an Android one, two iOS
 * exports side by side, then archives that must be refused or skipped. */
#include "corridor-test-db.h"
#include "corridor-test-zip.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-import.h"
#include "corridor-store.h"

static char *tmpdir;
static guint counter;

#define LRM "\xe2\x80\x8e"

static const char ios_chat[] =
  LRM "[14/02/2021, 09:31:22] Los Primos: " LRM "Messages and calls are end-to-end encrypted.\n"
  "[14/02/2021, 09:31:40] Jan: Container MSKU 123456-5 leaves Guayaquil\n"
  LRM "[14/02/2021, 09:32:00] Piet: " LRM "image omitted\n"
  "[15/02/2021, 10:00:05] Jan: arrives Antwerpen\n"
  "second line\n";

static const char android_chat[] =
  "14/02/2021, 09:31 - Messages and calls are end-to-end encrypted.\n"
  "14/02/2021, 09:32 - Jan: 20 blocks in the bananas\n"
  "14/02/2021, 09:33 - Piet: IMG-20210214-WA0031.jpg (file attached)\n";

static const char jpeg[] = "\xff\xd8\xff\xe0 not really a photo";

typedef CorridorTestZipEntry Entry;

#define TEXT(n, s) { n, s, sizeof s - 1 }

/* Writes a ZIP (deflate) holding @entries into a folder of its own (so two
 * can share a base name); returns its path. */
static char *
write_zip (const char *dir, const char *name, const Entry *entries, guint n)
{
  g_autofree char *folder = g_build_filename (tmpdir, dir, NULL);
  char *path = g_build_filename (folder, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  corridor_test_zip_write (path, entries, n);
  return path;
}

static char *
write_ios (const char *dir)
{
  Entry entries[] = {
    TEXT ("_chat.txt", ios_chat),
    TEXT ("00000012-PHOTO-2021-02-14-09-32-00.jpg", jpeg),
  };

  return write_zip (dir, "WhatsApp Chat - Los Primos.zip", entries, G_N_ELEMENTS (entries));
}

static CorridorStore *
new_case (void)
{
  g_autofree char *path = g_strdup_printf ("%s/case-%u.corridor", tmpdir, ++counter);
  g_autoptr(GError) error = NULL;
  CorridorStore *store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

static gboolean
import (CorridorStore *store, CorridorImportReport *report, const char *const *paths,
        GError **error)
{
  CorridorImportOptions opts = { .tz = "Europe/Brussels" };

  return corridor_import_paths (store, paths, &opts, report, error);
}

static CorridorImportFile *
file_of (CorridorImportReport *r, guint i)
{
  g_assert_cmpuint (i, <, r->files->len);
  return g_ptr_array_index (r->files, i);
}

static void
test_ios (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *zip = write_ios ("ios");
  g_autofree char *text = NULL, *sha = NULL, *contents = NULL, *sql = NULL;
  const char *paths[] = { zip, NULL };
  CorridorImportFile *f;
  gsize len;

  g_assert_true (import (s, r, paths, &error));
  g_assert_no_error (error);
  f = file_of (r, 0);
  g_assert_cmpint (f->format, ==, CORRIDOR_FORMAT_WHATSAPP);
  g_assert_cmpstr (f->path, ==, zip);
  g_assert_cmpuint (f->imported, ==, 3);
  g_assert_cmpuint (f->system, ==, 1);
  g_assert_cmpuint (f->media, ==, 1);
  g_assert_cmpstr (f->tz, ==, "Europe/Brussels");
  g_assert_nonnull (strstr (f->date_order, "day first"));
  ASSERT_Q (s, "SELECT group_concat(id, ' ') FROM (SELECT id FROM messages ORDER BY rowid)",
            "wa:WhatsApp Chat - Los Primos.zip/_chat.txt:2 "
            "wa:WhatsApp Chat - Los Primos.zip/_chat.txt:3 "
            "wa:WhatsApp Chat - Los Primos.zip/_chat.txt:4");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id LIKE '%:4'", "arrives Antwerpen\nsecond line");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id LIKE '%:3'", "image omitted");
  /* 14/02/2021 09:31:40 in Brussels (UTC+1). */
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id LIKE '%:2'"), ==, 1613291500);
  ASSERT_Q (s, "SELECT a.handle FROM message_recipients r JOIN messages m ON m.rowid = r.message_rowid "
               "JOIN actors a ON a.id = r.actor_id WHERE m.id LIKE '%:2'", "Piet");
  /* Chain of custody is the ZIP's, not the entry's. */
  g_assert_true (g_file_get_contents (zip, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  sql = g_strdup_printf ("SELECT count(*) FROM sources WHERE sha256 = '%s' AND format = 'whatsapp'",
                         sha);
  ASSERT_Q (s, sql, "1");
  text = corridor_import_report_format (r);
  g_assert_nonnull (strstr (text, "1 media file passed over"));
}

static void
test_android (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  Entry entries[] = {
    TEXT ("WhatsApp Chat with Piet.txt", android_chat),
    TEXT ("IMG-20210214-WA0031.jpg", jpeg),
    TEXT ("PTT-20210214-WA0032.opus", "OggS not really audio"),
  };
  g_autofree char *zip = write_zip ("android", "WhatsApp Chat with Piet.zip", entries,
                                    G_N_ELEMENTS (entries));
  const char *paths[] = { zip, NULL };

  g_assert_true (import (s, r, paths, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_WHATSAPP);
  g_assert_cmpuint (file_of (r, 0)->imported, ==, 2);
  g_assert_cmpuint (file_of (r, 0)->media, ==, 2);
  ASSERT_Q (s, "SELECT group_concat(id, ' ') FROM (SELECT id FROM messages ORDER BY rowid)",
            "wa:WhatsApp Chat with Piet.zip/WhatsApp Chat with Piet.txt:2 "
            "wa:WhatsApp Chat with Piet.zip/WhatsApp Chat with Piet.txt:3");
}

/* Two iOS exports each hold a _chat.txt; their ids must not clash, even when
 * the ZIPs share a base name in two folders. */
static void
test_two_ios (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *one = write_ios ("two/phone-a");
  Entry other[] = { { "_chat.txt", ios_chat, sizeof ios_chat - 2 }, TEXT ("photo.jpg", jpeg) };
  g_autofree char *two = write_zip ("two/phone-b", "WhatsApp Chat - Los Primos.zip", other,
                                    G_N_ELEMENTS (other));
  g_autofree char *folder = g_build_filename (tmpdir, "two", NULL);
  const char *paths[] = { folder, NULL };

  g_assert_true (import (s, r, paths, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r->files->len, ==, 2);
  g_assert_cmpuint (file_of (r, 0)->imported, ==, 3);
  g_assert_cmpuint (file_of (r, 1)->imported, ==, 3);
  g_assert_cmpint (qi (s, "SELECT count(DISTINCT id) FROM messages"), ==, 6);
  ASSERT_Q (s, "SELECT count(*) FROM messages WHERE id LIKE "
               "'wa:phone-a/WhatsApp Chat - Los Primos.zip/_chat.txt:%'", "3");
  ASSERT_Q (s, "SELECT count(*) FROM messages WHERE id LIKE "
               "'wa:phone-b/WhatsApp Chat - Los Primos.zip/_chat.txt:%'", "3");
}

/* An export holds one chat: two chat texts are refused, not guessed at. */
static void
test_two_chats (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  Entry entries[] = {
    TEXT ("WhatsApp Chat with Piet.txt", android_chat),
    TEXT ("WhatsApp Chat with Jan.txt", android_chat),
  };
  g_autofree char *zip = write_zip ("twochats", "chats.zip", entries, G_N_ELEMENTS (entries));
  const char *paths[] = { zip, NULL };

  g_assert_false (import (s, r, paths, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "holds 2 WhatsApp chat texts"));
  g_assert_true (file_of (r, 0)->refused);
  ASSERT_Q (s, "SELECT count(*) FROM messages", "0");
  ASSERT_Q (s, "SELECT count(*) FROM sources", "0");
}

static void
test_traversal (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  Entry entries[] = {
    TEXT ("_chat.txt", ios_chat),
    TEXT ("../../etc/cron.d/evil", "* * * * * root true\n"),
  };
  g_autofree char *zip = write_zip ("traversal", "export.zip", entries, G_N_ELEMENTS (entries));
  const char *paths[] = { zip, NULL };

  g_assert_false (import (s, r, paths, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“../../etc/cron.d/evil”"));
  ASSERT_Q (s, "SELECT count(*) FROM messages", "0");
  ASSERT_Q (s, "SELECT count(*) FROM sources", "0");
}

/* A _chat.txt of the iOS chat then @mib MiB of one letter, after an
 * optional incompressible media entry of @padding bytes. */
static char *
write_bomb (const char *name, gint64 mib, gsize padding)
{
  g_autofree char *folder = g_build_filename (tmpdir, "bomb", NULL);
  char *path = g_build_filename (folder, name, NULL);
  g_autofree char *chunk = g_strnfill (1024 * 1024, 'x');
  struct archive *a;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  a = corridor_test_zip_open (path);
  if (padding > 0)
    corridor_test_zip_add_noise (a, "VID-20210214-WA0001.mp4", padding);
  corridor_test_zip_begin (a, "_chat.txt", (gint64) (sizeof ios_chat - 1) + mib * 1024 * 1024);
  archive_write_data (a, ios_chat, sizeof ios_chat - 1);
  for (gint64 i = 0; i < mib; i++)
    g_assert_cmpint (archive_write_data (a, chunk, 1024 * 1024), ==, 1024 * 1024);
  corridor_test_zip_close (a);
  return path;
}

static void
assert_refused (const char *zip, const char *cause)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  const char *paths[] = { zip, NULL };

  g_assert_false (import (s, r, paths, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT);
  if (strstr (error->message, cause) == NULL)
    g_error ("“%s” does not say “%s”", error->message, cause);
  g_assert_true (file_of (r, 0)->refused);
  ASSERT_Q (s, "SELECT count(*) FROM messages", "0");
  ASSERT_Q (s, "SELECT count(*) FROM sources", "0");
}

/* Zip bombs: one whose header admits it, one hidden beside big media (the
 * ratio of what really inflates catches it after 4 MiB), one whose headers
 * lie about the size. */
static void
test_bomb (void)
{
  g_autofree char *honest = write_bomb ("honest.zip", 64, 0);
  g_autofree char *hidden = write_bomb ("hidden.zip", 64, 1024 * 1024);
  g_autofree char *lying = g_build_filename (tmpdir, "bomb", "lying.zip", NULL);
  g_autofree char *data = NULL;
  gsize len;

  assert_refused (honest, "_chat.txt declares 64 MiB from a");
  assert_refused (hidden, "_chat.txt inflated ");

  /* Patch the uncompressed size wherever the ZIP records it: the local
   * header (offset 22), the data descriptor (12) and the central directory
   * (24); _chat.txt is the only entry. */
  g_assert_true (g_file_get_contents (honest, &data, &len, NULL));
  {
    guint32 small = GUINT32_TO_LE (4096);
    guint patched = 0;

    for (gsize i = 0; i + 56 < len; i++)
      {
        if (memcmp (data + i, "PK\003\004", 4) == 0 && memcmp (data + i + 30, "_chat.txt", 9) == 0)
          memcpy (data + i + 22, &small, 4), patched |= 1;
        else if (memcmp (data + i, "PK\007\010", 4) == 0)
          memcpy (data + i + 12, &small, 4), patched |= 2;
        else if (memcmp (data + i, "PK\001\002", 4) == 0 &&
                 memcmp (data + i + 46, "_chat.txt", 9) == 0)
          memcpy (data + i + 24, &small, 4), patched |= 4;
      }
    g_assert_cmpuint (patched, ==, 7);
  }
  g_assert_true (g_file_set_contents (lying, data, (gssize) len, NULL));
  assert_refused (lying, "_chat.txt inflates past the 4096 bytes its header declares");
}

/* A ZIP with no chat text: refused when named, skipped in a folder; a UFDR
 * (root report.xml) is never taken for a WhatsApp export. */
static void
test_not_chat (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(CorridorImportReport) r2 = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  Entry photos[] = { TEXT ("photo.jpg", jpeg), TEXT ("notes.txt", "buy milk\n") };
  g_autofree char *zip = write_zip ("notchat", "photos.zip", photos, G_N_ELEMENTS (photos));
  g_autofree char *folder = g_build_filename (tmpdir, "notchat", NULL);
  Entry ufdr[] = { TEXT ("_chat.txt", ios_chat), TEXT ("report.xml", "<project/>") };
  g_autofree char *ufdr_zip = write_zip ("ufdr", "x.ufdr", ufdr, G_N_ELEMENTS (ufdr));
  const char *named[] = { zip, NULL };
  const char *walked[] = { folder, NULL };
  const char *ufdr_paths[] = { ufdr_zip, NULL };

  g_assert_false (import (s, r, named, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "not a chat export"));
  g_clear_error (&error);
  g_assert_true (import (s, r2, walked, &error));
  g_assert_no_error (error);
  g_assert_true (file_of (r2, 0)->skipped);
  g_clear_pointer (&r, corridor_import_report_free);
  r = corridor_import_report_new ();
  g_assert_false (import (s, r, ufdr_paths, &error));
  g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_UFDR);
  ASSERT_Q (s, "SELECT count(*) FROM messages", "0");
}

static void
test_twice (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(CorridorImportReport) r2 = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *zip = write_ios ("twice");
  g_autofree char *copy = g_build_filename (tmpdir, "twice", "copy.zip", NULL);
  g_autofree char *contents = NULL;
  const char *paths[] = { zip, NULL };
  const char *again[] = { zip, copy, NULL };
  gsize len;

  g_assert_true (import (s, r, paths, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (zip, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
  g_assert_true (import (s, r2, again, &error));
  g_assert_no_error (error);
  g_assert_true (file_of (r2, 0)->duplicate_source);
  g_assert_true (file_of (r2, 1)->duplicate_source);
  ASSERT_Q (s, "SELECT count(*) FROM messages", "3");
  ASSERT_Q (s, "SELECT count(*) FROM sources", "1");
  ASSERT_Q (s, "SELECT count(*) FROM source_paths", "2");
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-wazip-XXXXXX", NULL);
  g_test_add_func ("/import-whatsapp-zip/ios", test_ios);
  g_test_add_func ("/import-whatsapp-zip/android", test_android);
  g_test_add_func ("/import-whatsapp-zip/two-ios", test_two_ios);
  g_test_add_func ("/import-whatsapp-zip/two-chats", test_two_chats);
  g_test_add_func ("/import-whatsapp-zip/traversal", test_traversal);
  g_test_add_func ("/import-whatsapp-zip/bomb", test_bomb);
  g_test_add_func ("/import-whatsapp-zip/not-chat", test_not_chat);
  g_test_add_func ("/import-whatsapp-zip/twice", test_twice);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (system (cmd) != 0)
      rc = rc ? rc : 1;
  }
  return rc;
}
