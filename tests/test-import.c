/* test-import.c: the importers (FORMATS.md §1) on real-format fixtures in
 * tests/fixtures/import: every format and its variants, bad records with and
 * without --skip-bad, chain of custody and dedupe by content, cross-source
 * duplicate links, id clashes, the folder walk, hostile bytes, the report,
 * and `corridor import`'s exit codes run as a real process. */
#include "corridor-test-cli.h"
#include "corridor-test-db.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-import.h"
#include "corridor-store.h"

static char *tmpdir;
static guint case_counter;

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "import", name, NULL);
}

static CorridorStore *
new_case (void)
{
  g_autofree char *path = g_strdup_printf ("%s/case-%u.corridor", tmpdir, ++case_counter);
  g_autoptr(GError) error = NULL;
  CorridorStore *store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

/* Imports fixture names (NULL-terminated); returns the outcome. */
static gboolean
import (CorridorStore *store, CorridorImportReport *report, const char *tz, gboolean skip_bad,
        GError **error, ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  CorridorImportOptions opts = { .tz = tz, .skip_bad = skip_bad };
  va_list ap;

  va_start (ap, error);
  for (const char *n = va_arg (ap, const char *); n; n = va_arg (ap, const char *))
    g_ptr_array_add (paths, n[0] == '/' ? g_strdup (n) : fixture (n));
  va_end (ap);
  g_ptr_array_add (paths, NULL);
  return corridor_import_paths (store, (const char *const *) paths->pdata, &opts, report, error);
}

static CorridorImportFile *
file_of (CorridorImportReport *r, guint i)
{
  g_assert_cmpuint (i, <, r->files->len);
  return g_ptr_array_index (r->files, i);
}

static void
test_jsonl (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (import (s, r, NULL, FALSE, &error, "good.jsonl", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_JSONL);
  g_assert_cmpuint (file_of (r, 0)->imported, ==, 3);
  g_assert_cmpint (corridor_store_count_messages (s), ==, 3);
  /* 09:31:22+01:00 is 08:31:22 UTC; the writer's offset is kept. */
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='j-1'"), ==, 1613291482);
  g_assert_cmpint (qi (s, "SELECT tz_offset FROM messages WHERE id='j-1'"), ==, 3600);
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='j-3'"), ==, 1613307900);
  g_assert_cmpint (qi (s, "SELECT tz_offset FROM messages WHERE id='j-3'"), ==, -3 * 3600);
  ASSERT_Q (s, "SELECT lat FROM messages WHERE id='j-1'", "51.29");
  ASSERT_Q (s, "SELECT lat FROM messages WHERE id='j-2'", NULL);
  ASSERT_Q (s, "SELECT extra_json FROM messages WHERE id='j-2'", "{\"chat\":\"c1\",\"platform\":\"signal\"}");
  ASSERT_Q (s, "SELECT extra_json FROM messages WHERE id='j-1'", NULL);
  ASSERT_Q (s, "SELECT group_concat(a.handle, ',') FROM (SELECT a.handle FROM message_recipients r "
               "JOIN messages m ON m.rowid = r.message_rowid JOIN actors a ON a.id = r.actor_id "
               "WHERE m.id = 'j-2' ORDER BY a.handle) a", "ZX4F7Q,kilo");
  g_assert_cmpint (qi (s, "SELECT count(*) FROM message_recipients r JOIN messages m ON "
                          "m.rowid = r.message_rowid WHERE m.id = 'j-3'"), ==, 0);
  /* Chain of custody. */
  {
    g_autoptr(GPtrArray) src = corridor_store_list_sources (s, &error);
    CorridorSource *s0;
    g_autofree char *data = NULL;
    g_autofree char *path = fixture ("good.jsonl");
    g_autofree char *sha = NULL;
    gsize len;

    g_assert_no_error (error);
    g_assert_cmpuint (src->len, ==, 1);
    s0 = g_ptr_array_index (src, 0);
    g_assert_true (g_file_get_contents (path, &data, &len, NULL));
    sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
    g_assert_cmpstr (s0->sha256, ==, sha);
    g_assert_cmpint (s0->size, ==, (gint64) len);
    g_assert_cmpstr (s0->format, ==, "jsonl");
    g_assert_cmpstr (s0->importer_version, ==, CORRIDOR_IMPORTER_VERSION);
    g_assert_nonnull (s0->imported_at);
  }
}

static void
test_jsonl_tz (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "notz.jsonl", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path,
      "{\"id\": \"t-1\", \"ts\": \"2021-07-01T12:00:00\", \"from\": \"a\", \"body\": \"x\"}\n",
      -1, NULL));
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    g_assert_false (import (s, r, NULL, FALSE, &error, path, NULL));
    g_assert_nonnull (strstr (error->message, "notz.jsonl:1: "));
    g_assert_nonnull (strstr (error->message, "--tz"));
    g_assert_true (file_of (r, 0)->refused);
    g_assert_cmpint (corridor_store_count_messages (s), ==, 0);
    g_assert_cmpint (qi (s, "SELECT count(*) FROM sources"), ==, 0);
    g_clear_error (&error);
  }
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
    g_autofree char *text = NULL;

    g_assert_true (import (s, r, "Europe/Brussels", FALSE, &error, path, NULL));
    g_assert_no_error (error);
    /* Summer time in Brussels is UTC+2. */
    g_assert_cmpint (qi (s, "SELECT ts FROM messages"), ==, 1625140800 - 7200);
    g_assert_cmpint (qi (s, "SELECT tz_offset FROM messages"), ==, 7200);
    g_assert_cmpstr (file_of (r, 0)->tz, ==, "Europe/Brussels");
    text = corridor_import_report_format (r);
    g_assert_nonnull (strstr (text, "time zone: Europe/Brussels"));
  }
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    g_assert_false (import (s, r, "Mars/Olympus", FALSE, &error, path, NULL));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_jsonl_bad (void)
{
  g_autoptr(GError) error = NULL;
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    /* Refused whole: the first bad line is named, nothing is kept. */
    g_assert_false (import (s, r, NULL, FALSE, &error, "good.jsonl", "bad.jsonl", NULL));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT);
    g_assert_true (g_str_has_suffix (file_of (r, 1)->path, "bad.jsonl"));
    g_assert_nonnull (strstr (error->message, "bad.jsonl:2: malformed JSON"));
    g_assert_true (file_of (r, 1)->refused);
    g_assert_false (file_of (r, 0)->refused);
    /* The earlier file of the same command stays imported. */
    g_assert_cmpint (corridor_store_count_messages (s), ==, 3);
    g_assert_cmpint (qi (s, "SELECT count(*) FROM sources"), ==, 1);
    g_clear_error (&error);
  }
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
    g_autofree char *text = NULL;
    CorridorImportFile *f;

    g_assert_true (import (s, r, NULL, TRUE, &error, "bad.jsonl", NULL));
    g_assert_no_error (error);
    f = file_of (r, 0);
    g_assert_cmpuint (f->imported, ==, 2);
    g_assert_cmpuint (f->bad, ==, 5);
    g_assert_cmpuint (f->problems->len, ==, 5);
    g_assert_true (g_str_has_suffix (g_ptr_array_index (f->problems, 0), "bad.jsonl:2: malformed JSON at column 81: Parse error: invalid string constant \"truncated\", expected valid string constant") ||
                   strstr (g_ptr_array_index (f->problems, 0), "bad.jsonl:2: malformed JSON") != NULL);
    g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 1), "bad.jsonl:3: invalid UTF-8"));
    g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 2), "bad.jsonl:4: \"ts\" is not"));
    g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 3), "bad.jsonl:5: missing or empty \"from\""));
    g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 4), "bad.jsonl:6: not a JSON object"));
    ASSERT_Q (s, "SELECT group_concat(id, ',') FROM messages", "b-1,b-6");
    text = corridor_import_report_format (r);
    g_assert_nonnull (strstr (text, "5 bad skipped"));
    g_assert_nonnull (strstr (text, "skipped: "));
  }
}

static void
test_csv (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (import (s, r, NULL, FALSE, &error, "good.csv", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_CSV);
  g_assert_cmpint (corridor_store_count_messages (s), ==, 3);
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='c-1'", "plain, with comma");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='c-2'", "he said \"42 blocks\"\nand a second line");
  ASSERT_Q (s, "SELECT lon FROM messages WHERE id='c-2'", "4.31");
  ASSERT_Q (s, "SELECT extra_json FROM messages WHERE id='c-1'", "{\"chat\":\"c1\"}");
  ASSERT_Q (s, "SELECT extra_json FROM messages WHERE id='c-2'", NULL);
  g_assert_cmpint (qi (s, "SELECT count(*) FROM message_recipients r JOIN messages m ON "
                          "m.rowid = r.message_rowid WHERE m.id = 'c-1'"), ==, 2);
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='c-1'"), ==, 1613291482);
}

static void
test_csv_bad (void)
{
  g_autoptr(GError) error = NULL;
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    g_assert_false (import (s, r, NULL, FALSE, &error, "bad.csv", NULL));
    g_assert_nonnull (strstr (error->message, "bad.csv:3: 4 fields where the header has 5"));
    g_assert_cmpint (corridor_store_count_messages (s), ==, 0);
    g_clear_error (&error);
  }
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
    CorridorImportFile *f;

    g_assert_true (import (s, r, NULL, TRUE, &error, "bad.csv", NULL));
    f = file_of (r, 0);
    g_assert_cmpuint (f->imported, ==, 2);
    g_assert_cmpuint (f->bad, ==, 3);
    g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 1), "bad.csv:4: "));
    g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 2), "bad.csv:5: text after a closing quote"));
    ASSERT_Q (s, "SELECT group_concat(id, ',') FROM messages", "d-1,d-5");
  }
}

static void
test_whatsapp_android (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CorridorImportFile *f;

  g_assert_true (import (s, r, "America/Guayaquil", FALSE, &error, "wa-android.txt", NULL));
  g_assert_no_error (error);
  f = file_of (r, 0);
  g_assert_cmpint (f->format, ==, CORRIDOR_FORMAT_WHATSAPP);
  g_assert_cmpuint (f->imported, ==, 4);
  g_assert_cmpuint (f->system, ==, 2);
  g_assert_nonnull (strstr (f->date_order, "day first"));
  g_assert_null (strstr (f->date_order, "assumed"));
  g_assert_cmpstr (f->tz, ==, "America/Guayaquil");
  /* Ids count lines from 1, at the message's first line. */
  ASSERT_Q (s, "SELECT group_concat(id, ' ') FROM messages",
            "wa:wa-android.txt:2 wa:wa-android.txt:3 wa:wa-android.txt:6 wa:wa-android.txt:8");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='wa:wa-android.txt:3'",
            "ok\nsecond line of Jan\nthird line: with a colon");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='wa:wa-android.txt:6'", "<Media omitted>");
  /* 14/02/2021 09:32 in Guayaquil (UTC-5). */
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='wa:wa-android.txt:2'"), ==,
                   1613295120 + 5 * 3600);
  g_assert_cmpint (qi (s, "SELECT tz_offset FROM messages WHERE id='wa:wa-android.txt:2'"), ==, -5 * 3600);
  /* Two people: each message goes to the other. */
  ASSERT_Q (s, "SELECT a.handle FROM message_recipients r JOIN messages m ON m.rowid = r.message_rowid "
               "JOIN actors a ON a.id = r.actor_id WHERE m.id = 'wa:wa-android.txt:2'", "Jan");
  text = corridor_import_report_format (r);
  g_assert_nonnull (strstr (text, "2 system lines passed over"));
  g_assert_nonnull (strstr (text, "time zone: America/Guayaquil"));
}

static void
test_whatsapp_variants (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (import (s, r, NULL, FALSE, &error, "wa-us.txt", "wa-ios.txt", NULL));
  g_assert_no_error (error);
  /* M/D/YY with U+202F before AM/PM, month settled by 2/14. */
  g_assert_nonnull (strstr (file_of (r, 0)->date_order, "month first"));
  g_assert_cmpstr (file_of (r, 0)->tz, ==, "UTC");
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='wa:wa-us.txt:1'"), ==, 1613295060);
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='wa:wa-us.txt:2'"), ==, 1613304300); /* 12:05 PM */
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='wa:wa-us.txt:3'"), ==, 1613261400); /* 12:10 AM */
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='wa:wa-us.txt:4'"), ==, 1614643140); /* 11:59 PM, 1 March */
  /* Three writers: a group, no recipients. */
  g_assert_cmpint (qi (s, "SELECT count(*) FROM message_recipients r JOIN messages m ON "
                          "m.rowid = r.message_rowid WHERE m.id LIKE 'wa:wa-us.txt:%'"), ==, 0);
  /* iOS: nothing above 12, so day first is assumed and said. */
  g_assert_nonnull (strstr (file_of (r, 1)->date_order, "assumed"));
  g_assert_cmpuint (file_of (r, 1)->system, ==, 1);
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='wa:wa-ios.txt:2'"), ==, 1612171900);
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='wa:wa-ios.txt:3'", "image omitted");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='wa:wa-ios.txt:4'",
            "<attached: 00000012-PHOTO-2021-03-02.jpg>\nmore text");
  ASSERT_Q (s, "SELECT a.handle FROM message_recipients r JOIN messages m ON m.rowid = r.message_rowid "
               "JOIN actors a ON a.id = r.actor_id WHERE m.id = 'wa:wa-ios.txt:3'", "Alice");
  text = corridor_import_report_format (r);
  g_assert_nonnull (strstr (text, "date order: day first (assumed"));
}

static void
test_whatsapp_bad (void)
{
  g_autoptr(GError) error = NULL;
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    g_assert_false (import (s, r, NULL, FALSE, &error, "wa-bad.txt", NULL));
    g_assert_nonnull (strstr (error->message, "wa-bad.txt:2: no such date"));
    g_clear_error (&error);
  }
  {
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    g_assert_true (import (s, r, NULL, TRUE, &error, "wa-bad.txt", NULL));
    ASSERT_Q (s, "SELECT group_concat(id, ' ') FROM messages", "wa:wa-bad.txt:1 wa:wa-bad.txt:3");
  }
}

static void
test_telegram (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (import (s, r, NULL, FALSE, &error, "tg-single.json", "tg-full.json", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_TELEGRAM);
  g_assert_cmpuint (file_of (r, 0)->imported, ==, 3);
  g_assert_cmpuint (file_of (r, 0)->system, ==, 1);
  g_assert_cmpuint (file_of (r, 1)->imported, ==, 4);
  g_assert_cmpuint (file_of (r, 1)->system, ==, 1);
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id='tg:4242:2'"), ==, 1613293260);
  ASSERT_Q (s, "SELECT body FROM messages WHERE id='tg:4242:3'", "container MSKU1234565 ok");
  ASSERT_Q (s, "SELECT lat FROM messages WHERE id='tg:4242:4'", "51.2806");
  ASSERT_Q (s, "SELECT a.handle FROM messages m JOIN actors a ON a.id = m.sender_actor WHERE m.id='tg:4242:2'", "Broker");
  ASSERT_Q (s, "SELECT al.alias FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE a.handle='Broker'", "user77");
  ASSERT_Q (s, "SELECT a.handle FROM message_recipients r JOIN messages m ON m.rowid = r.message_rowid "
               "JOIN actors a ON a.id = r.actor_id WHERE m.id = 'tg:4242:2'", "Me");
  /* Same message id in two chats of the full export: ids carry the chat. */
  g_assert_cmpint (qi (s, "SELECT count(*) FROM messages WHERE id IN ('tg:99:10','tg:100:10')"), ==, 2);
  g_assert_cmpint (qi (s, "SELECT count(*) FROM message_recipients r JOIN messages m ON "
                          "m.rowid = r.message_rowid WHERE m.id LIKE 'tg:99:%'"), ==, 0);
}

static void
test_hostile (void)
{
  static const char *const named[] = { "tg-truncated.json", "photo.jpg", "random.bin", NULL };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; named[i] != NULL; i++)
    {
      g_autoptr(CorridorStore) s = new_case ();
      g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

      g_assert_false (import (s, r, NULL, TRUE, &error, named[i], NULL));
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, file_of (r, 0)->path));
      g_assert_true (file_of (r, 0)->refused);
      g_assert_cmpint (corridor_store_count_messages (s), ==, 0);
      g_clear_error (&error);
    }
  {
    /* NUL bytes and a line over the limit inside JSONL: bad records. */
    g_autofree char *path = g_build_filename (tmpdir, "hostile.jsonl", NULL);
    g_autoptr(GString) data = g_string_new (
        "{\"id\": \"h-1\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"x\"}\n");
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    g_string_append_len (data, "{\"id\": \"h-2\"\0, \"ts\"}\n", 21);
    g_string_append (data, "{\"id\": \"h-3\", \"body\": \"");
    for (guint k = 0; k < 17; k++)
      {
        g_autofree char *mib = g_strnfill (1024 * 1024, 'a');
        g_string_append (data, mib);
      }
    g_string_append (data, "\"}\n{\"id\": \"h-4\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"y\"}\n{\"id\": \"h-5\"");
    g_assert_true (g_file_set_contents (path, data->str, (gssize) data->len, NULL));
    import (s, r, NULL, TRUE, &error, path, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (file_of (r, 0)->bad, ==, 3);
    g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 0), "hostile.jsonl:2: NUL byte"));
    g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 1), "hostile.jsonl:3: line longer than 16 MiB"));
    g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 2), "hostile.jsonl:5: malformed JSON"));
    ASSERT_Q (s, "SELECT group_concat(id, ',') FROM messages", "h-1,h-4");
  }
}

static void
test_dedupe_content (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(CorridorImportReport) r2 = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *src = fixture ("good.jsonl");
  g_autofree char *copy = g_build_filename (tmpdir, "renamed-copy.txt", NULL);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_assert_true (import (s, r, NULL, FALSE, &error, "good.jsonl", NULL));
  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  g_assert_true (g_file_set_contents (copy, data, (gssize) len, NULL));
  /* Same bytes under another name (and a name that says nothing). */
  g_assert_true (import (s, r2, NULL, FALSE, &error, copy, "good.jsonl", NULL));
  g_assert_no_error (error);
  g_assert_true (file_of (r2, 0)->duplicate_source);
  g_assert_true (file_of (r2, 1)->duplicate_source);
  g_assert_cmpint (corridor_store_count_messages (s), ==, 3);
  g_assert_cmpint (qi (s, "SELECT count(*) FROM sources"), ==, 1);
  g_assert_cmpint (qi (s, "SELECT count(*) FROM source_paths"), ==, 2);
  text = corridor_import_report_format (r2);
  g_assert_nonnull (strstr (text, "same content already in the case"));
}

static void
test_cross_source_duplicates (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_build_filename (tmpdir, "phone-a.jsonl", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "phone-b.csv", NULL);

  g_assert_true (g_file_set_contents (a,
      "{\"id\": \"pa-1\", \"ts\": \"2021-02-14T09:31:00Z\", \"from\": \"Pedro\", \"to\": \"Jan\", \"body\": \"load is in\"}\n"
      "{\"id\": \"pa-2\", \"ts\": \"2021-02-14T09:40:00Z\", \"from\": \"Jan\", \"to\": \"Pedro\", \"body\": \"good\"}\n", -1, NULL));
  /* The other phone: the first message 90 s off (a copy), the second 10 min off (not). */
  g_assert_true (g_file_set_contents (b,
      "id,ts,from,to,body\n"
      "pb-1,2021-02-14T09:32:30Z,Pedro,Jan,load is in\n"
      "pb-2,2021-02-14T09:50:00Z,Jan,Pedro,good\n"
      "pb-3,2021-02-14T09:31:00Z,Jan,Pedro,load is in\n", -1, NULL));
  g_assert_true (import (s, r, NULL, FALSE, &error, a, b, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (file_of (r, 1)->imported, ==, 3);
  g_assert_cmpuint (file_of (r, 1)->duplicates, ==, 1);
  g_assert_cmpint (corridor_store_count_messages (s), ==, 5);
  ASSERT_Q (s, "SELECT d.id || '->' || f.id FROM message_links l JOIN messages d ON d.rowid = l.message_rowid "
               "JOIN messages f ON f.rowid = l.duplicate_of", "pb-1->pa-1");
  g_assert_cmpint (qi (s, "SELECT count(*) FROM message_links"), ==, 1);
}

static void
test_id_clash (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_build_filename (tmpdir, "clash.jsonl", NULL);
  g_autofree char *twice = g_build_filename (tmpdir, "twice.jsonl", NULL);

  g_assert_true (g_file_set_contents (a,
      "{\"id\": \"new-1\", \"ts\": \"2021-02-14T09:31:00Z\", \"from\": \"x\", \"body\": \"a\"}\n"
      "{\"id\": \"j-2\", \"ts\": \"2021-02-14T09:31:00Z\", \"from\": \"x\", \"body\": \"b\"}\n"
      "{\"id\": \"j-3\", \"ts\": \"2021-02-14T09:31:00Z\", \"from\": \"x\", \"body\": \"c\"}\n", -1, NULL));
  g_assert_true (import (s, r, NULL, FALSE, &error, "good.jsonl", NULL));
  /* Even with --skip-bad an id from another source refuses the file. */
  g_assert_false (import (s, r, NULL, TRUE, &error, a, NULL));
  g_assert_nonnull (strstr (error->message, "clash.jsonl:2: the message id “j-2” is already in the case"));
  g_assert_cmpint (corridor_store_count_messages (s), ==, 3);
  ASSERT_Q (s, "SELECT count(*) FROM messages WHERE id = 'new-1'", "0");
  g_clear_error (&error);
  /* Inside one file a repeated id is a bad record. */
  g_assert_true (g_file_set_contents (twice,
      "{\"id\": \"w-1\", \"ts\": \"2021-02-14T09:31:00Z\", \"from\": \"x\", \"body\": \"a\"}\n"
      "{\"id\": \"w-1\", \"ts\": \"2021-02-14T09:32:00Z\", \"from\": \"x\", \"body\": \"b\"}\n", -1, NULL));
  g_assert_false (import (s, r, NULL, FALSE, &error, twice, NULL));
  g_assert_nonnull (strstr (error->message, "twice.jsonl:2: the message id “w-1” appears twice"));
  g_clear_error (&error);
  g_assert_true (import (s, r, NULL, TRUE, &error, twice, NULL));
  ASSERT_Q (s, "SELECT body FROM messages WHERE id = 'w-1'", "a");
}

static void
test_folder (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmpdir, "folder", NULL);
  g_autofree char *p1 = g_build_filename (dir, "phone1", NULL);
  g_autofree char *p2 = g_build_filename (dir, "phone2", NULL);
  g_autofree char *text = NULL;
  const char *chat = "[14/02/2021, 09:31:22] Ana: uno\n[14/02/2021, 09:31:40] Bo: dos\n";
  const char *chat2 = "[15/02/2021, 09:31:22] Ana: tres\n";
  g_autofree char *jpg = fixture ("photo.jpg");
  g_autofree char *jpgdata = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (p1, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (p2, 0700), ==, 0);
  g_assert_true (g_file_set_contents (g_build_filename (p1, "_chat.txt", NULL), chat, -1, NULL));
  g_assert_true (g_file_set_contents (g_build_filename (p2, "_chat.txt", NULL), chat2, -1, NULL));
  g_assert_true (g_file_get_contents (jpg, &jpgdata, &len, NULL));
  g_assert_true (g_file_set_contents (g_build_filename (p1, "IMG-20210214-WA0031.jpg", NULL), jpgdata, (gssize) len, NULL));
  g_assert_true (import (s, r, NULL, FALSE, &error, dir, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (r->files->len, ==, 3);
  g_assert_true (file_of (r, 0)->skipped);   /* sorted: IMG… before _chat.txt */
  /* Two files named _chat.txt: ids use the path relative to the folder. */
  ASSERT_Q (s, "SELECT group_concat(id, ' ') FROM messages",
            "wa:phone1/_chat.txt:1 wa:phone1/_chat.txt:2 wa:phone2/_chat.txt:1");
  text = corridor_import_report_format (r);
  g_assert_nonnull (strstr (text, "IMG-20210214-WA0031.jpg: skipped, not a chat export"));
}

/* ---- the CLI, as a process ---- */

static void
test_cli (void)
{
  g_autofree char *c = g_build_filename (tmpdir, "cli.corridor", NULL);
  g_autofree char *good = fixture ("good.jsonl");
  g_autofree char *bad = fixture ("bad.jsonl");
  g_autofree char *csv = fixture ("good.csv");
  g_autofree char *jpg = fixture ("photo.jpg");
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;

  if (g_getenv ("CORRIDOR_BIN") == NULL)
    {
      g_test_skip ("CORRIDOR_BIN is not set");
      return;
    }
  g_assert_cmpint (corridor_test_run (NULL, "import", NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "import", c, NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "import", c, good, "--bogus", NULL), ==, 2);
  g_assert_cmpint (corridor_test_run (NULL, "import", c, good, "--tz", "Nowhere/Land", NULL), ==, 2);
  g_assert_false (g_file_test (c, G_FILE_TEST_EXISTS));
  /* A refused file after a good one: exit 1, the good one stays. */
  g_assert_cmpint (corridor_test_run (&e1, "import", c, good, bad, "--no-infer", NULL), ==, 1);
  g_assert_nonnull (strstr (e1, "bad.jsonl:2: malformed JSON"));
  g_assert_nonnull (strstr (e1, "good.jsonl: jsonl, 3 read, 3 imported"));
  g_assert_cmpint (corridor_test_run (&e2, "import", c, bad, csv, "--skip-bad", "--no-infer", NULL), ==, 0);
  g_assert_nonnull (strstr (e2, "skipped: "));
  g_assert_nonnull (strstr (e2, "bad.jsonl:3: invalid UTF-8"));
  /* A named photo is an error. */
  g_assert_cmpint (corridor_test_run (&e3, "import", c, jpg, "--no-infer", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "not a chat export"));
  g_assert_cmpint (corridor_test_run (&e4, "import", c, good, "--no-infer", NULL), ==, 0);
  g_assert_nonnull (strstr (e4, "same content already in the case"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CorridorStore) s = corridor_store_open (c, CORRIDOR_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_cmpint (corridor_store_count_messages (s), ==, 3 + 2 + 3);
    g_assert_true (corridor_store_check_integrity (s, &error));
  }
}

/* Found by tests/fuzz (fuzz-jsonl): a \u escape naming half of a surrogate
 * pair decoded to bytes that are not UTF-8, and reached the case; json-glib's
 * message for a lone low half quotes such bytes. Such records are bad, every
 * problem reads as UTF-8, and a proper pair still imports. */
static void
test_jsonl_lone_surrogate (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "surrogate.jsonl", NULL);
  static const char data[] =
    "{\"id\": \"s-1\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"sa\\ud800_br\", \"body\": \"x\"}\n"
    "{\"id\": \"s-2\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"to\": [\"b\\ud800c\"], \"body\": \"y\"}\n"
    "{\"id\": \"s-3\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"z\", \"chat\": \"k\\ud800x\"}\n"
    "{\"id\": \"s-4\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"to\": [\"\\udc00\"], \"body\": \"y\"}\n"
    "{\"id\": \"s-5\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"\\ud83d\\ude00 ok\"}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autofree char *text = NULL;

  g_assert_true (g_file_set_contents (path, data, sizeof data - 1, NULL));
  g_assert_true (import (s, r, NULL, TRUE, &error, path, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (file_of (r, 0)->bad, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *want = g_strdup_printf ("surrogate.jsonl:%u: a \\u escape is an unpaired "
                                               "surrogate", i + 1);
      g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, i), want));
    }
  g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 3), "surrogate.jsonl:4: "));
  text = corridor_import_report_format (r);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  ASSERT_Q (s, "SELECT group_concat(id || '=' || body, ',') FROM messages", "s-5=\xf0\x9f\x98\x80 ok");
}

/* A load large against the case drops the message indexes the import never
 * reads and rebuilds them before its commit (corridor_store_import_defer_indexes):
 * afterwards the case has the same, consistent indexes; a refused bulk file
 * leaves them and no rows behind; duplicates are still linked meanwhile. */
static void
write_bulk (const char *path, const char *prefix, guint n, const char *tail)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
        "{\"id\": \"%s-%u\", \"ts\": \"2021-02-%02uT09:%02u:%02uZ\", \"from\": \"s%u\", "
        "\"to\": [\"r%u\", \"r%u\"], \"body\": \"load %u of the bulk test\"}\n",
        prefix, i, 1 + i / 3600 % 28, i / 60 % 60, i % 60, i % 7, i % 5, (i + 1) % 5, i);
  g_string_append (text, tail);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
}

static void
test_bulk_indexes (void)
{
  static const char indexes[] =
      "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' "
      "AND sql IS NOT NULL AND name <> 'messages_sender_ts' ORDER BY name)";
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = g_build_filename (tmpdir, "bulk-1.jsonl", NULL);
  g_autofree char *refused = g_build_filename (tmpdir, "bulk-2.jsonl", NULL);
  g_autofree char *second = g_build_filename (tmpdir, "bulk-3.jsonl", NULL);
  g_autofree char *before = q (s, indexes);
  g_autofree char *after = NULL;

  g_assert_nonnull (strstr (before, "messages_sender"));
  g_assert_nonnull (strstr (before, "message_recipients_actor"));
  write_bulk (first, "b", 20000, "");
  g_assert_true (import (s, r, NULL, FALSE, &error, first, NULL));
  g_assert_no_error (error);
  after = q (s, indexes);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (corridor_store_check_integrity (s, &error));
  g_assert_cmpint (qi (s, "SELECT count(*) FROM messages INDEXED BY messages_sender WHERE "
                          "sender_actor = (SELECT id FROM actors WHERE handle = 's3')"), ==, 2857);
  g_assert_cmpint (qi (s, "SELECT count(*) FROM message_recipients INDEXED BY "
                          "message_recipients_actor WHERE actor_id = "
                          "(SELECT id FROM actors WHERE handle = 'r0')"), ==, 8000);

  /* The last line is bad: the whole file is refused, indexes included. */
  write_bulk (refused, "c", 20000, "{\"id\": \"c-last\", \"ts\": \"nope\"}\n");
  g_assert_false (import (s, r, NULL, FALSE, &error, refused, NULL));
  g_assert_nonnull (strstr (error->message, "bulk-2.jsonl:20001: "));
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = q (s, indexes);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (corridor_store_count_messages (s), ==, 20000);
  g_assert_true (corridor_store_check_integrity (s, &error));

  /* A second source as large as the case, holding one copy of "b-7". */
  write_bulk (second, "d", 20000,
              "{\"id\": \"d-copy\", \"ts\": \"2021-02-01T09:01:00Z\", \"from\": \"s0\", "
              "\"body\": \"load 7 of the bulk test\"}\n");
  g_assert_true (import (s, r, NULL, FALSE, &error, second, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (file_of (r, 2)->duplicates, ==, 20001);
  g_clear_pointer (&after, g_free);
  after = q (s, indexes);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (corridor_store_check_integrity (s, &error));
  g_assert_cmpint (corridor_store_count_messages (s), ==, 40001);
}

/* README "Limits": deep nesting and huge bodies are refused as records (or
 * whole files, for Telegram's single document), never a stack overflow or an
 * unbounded allocation. Inputs are built here, a few MiB each. */
static char *
write_temp (const char *name, const GString *data)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, data->str, (gssize) data->len, NULL));
  return path;
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  const guint deep = 1000000;
  const gsize big = 2 * 1024 * 1024;

  {
    /* JSON Lines: one record nested a million deep, one 2 MiB body, one good. */
    g_autoptr(GString) d = g_string_new (
        "{\"id\": \"ok-1\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"x\"}\n"
        "{\"id\": \"deep\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"x\", \"n\": ");
    g_autofree char *path = NULL;
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    for (guint i = 0; i < deep; i++)
      g_string_append_c (d, '[');
    for (guint i = 0; i < deep; i++)
      g_string_append_c (d, ']');
    g_string_append (d, "}\n{\"id\": \"big\", \"ts\": \"2021-02-14T09:31:22Z\", \"from\": \"a\", \"body\": \"");
    for (gsize i = 0; i < big; i++)
      g_string_append_c (d, 'a');
    g_string_append (d, "\"}\n");
    path = write_temp ("limits.jsonl", d);
    g_assert_true (import (s, r, NULL, TRUE, &error, path, NULL));
    g_assert_no_error (error);
    g_assert_cmpuint (file_of (r, 0)->bad, ==, 2);
    g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 0),
                              "limits.jsonl:2: JSON nested deeper than 64 levels"));
    g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 1),
                              "limits.jsonl:3: message “big”: body longer than the 1 MiB limit"));
    ASSERT_Q (s, "SELECT group_concat(id, ',') FROM messages", "ok-1");
  }
  {
    /* Telegram: nesting refuses the document; a 2 MiB text is a bad record. */
    g_autoptr(GString) d = g_string_new ("{\n\"name\": \"x\", \"id\": 1,\n\"messages\": [");
    g_autofree char *path = NULL;
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    for (guint i = 0; i < deep; i++)
      g_string_append_c (d, '[');
    for (guint i = 0; i < deep; i++)
      g_string_append_c (d, ']');
    g_string_append (d, "]}\n");
    path = write_temp ("deep-result.json", d);
    g_assert_false (import (s, r, NULL, TRUE, &error, path, NULL));
    g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_TELEGRAM);
    g_assert_nonnull (strstr (error->message, "deep-result.json:3: JSON nested deeper than 64 levels"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GString) d = g_string_new ("{\n\"name\": \"x\", \"id\": 1,\n\"messages\": [\n"
                                         "{\"id\": 1, \"type\": \"message\", \"date_unixtime\": "
                                         "\"1613293260\", \"from\": \"A\", \"text\": [\"");
    g_autofree char *path = NULL;
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    for (gsize i = 0; i < big; i++)
      g_string_append_c (d, 'b');
    g_string_append (d, "\", {\"type\": \"bold\", \"text\": \"c\"}]},\n"
                        "{\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1613293261\", "
                        "\"from\": \"B\", \"text\": \"fine\"}\n]}\n");
    path = write_temp ("big-result.json", d);
    g_assert_false (import (s, r, NULL, FALSE, &error, path, NULL));
    g_assert_nonnull (strstr (error->message, "message “tg:1:1”: body longer than the 1 MiB limit"));
    g_clear_error (&error);
    g_clear_object (&s);
    s = new_case ();
    g_clear_pointer (&r, corridor_import_report_free);
    r = corridor_import_report_new ();
    g_assert_true (import (s, r, NULL, TRUE, &error, path, NULL));
    g_assert_cmpuint (file_of (r, 0)->bad, ==, 1);
    ASSERT_Q (s, "SELECT group_concat(id, ',') FROM messages", "tg:1:2");
  }
  {
    /* WhatsApp: a message grown past the cap by continuation lines. */
    g_autoptr(GString) d = g_string_new ("14/02/2021, 09:31 - Rico: start\n");
    g_autofree char *path = NULL;
    g_autoptr(CorridorStore) s = new_case ();
    g_autoptr(CorridorImportReport) r = corridor_import_report_new ();

    while (d->len < big)
      g_string_append (d, "more text on a continuation line of the same message\n");
    g_string_append (d, "14/02/2021, 09:32 - Tano: ok\n");
    path = write_temp ("big-chat.txt", d);
    g_assert_true (import (s, r, NULL, TRUE, &error, path, NULL));
    g_assert_no_error (error);
    g_assert_cmpuint (file_of (r, 0)->bad, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (file_of (r, 0)->problems, 0),
                              "big-chat.txt:1: message “wa:big-chat.txt:1”: body longer"));
    ASSERT_Q (s, "SELECT count(*) FROM messages", "1");
  }
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-import-XXXXXX", NULL);
  g_test_add_func ("/import/jsonl", test_jsonl);
  g_test_add_func ("/import/jsonl-tz", test_jsonl_tz);
  g_test_add_func ("/import/jsonl-bad", test_jsonl_bad);
  g_test_add_func ("/import/jsonl-lone-surrogate", test_jsonl_lone_surrogate);
  g_test_add_func ("/import/csv", test_csv);
  g_test_add_func ("/import/csv-bad", test_csv_bad);
  g_test_add_func ("/import/whatsapp-android", test_whatsapp_android);
  g_test_add_func ("/import/whatsapp-variants", test_whatsapp_variants);
  g_test_add_func ("/import/whatsapp-bad", test_whatsapp_bad);
  g_test_add_func ("/import/telegram", test_telegram);
  g_test_add_func ("/import/hostile", test_hostile);
  g_test_add_func ("/import/dedupe-content", test_dedupe_content);
  g_test_add_func ("/import/cross-source-duplicates", test_cross_source_duplicates);
  g_test_add_func ("/import/id-clash", test_id_clash);
  g_test_add_func ("/import/folder", test_folder);
  g_test_add_func ("/import/cli", test_cli);
  g_test_add_func ("/import/bulk-indexes", test_bulk_indexes);
  g_test_add_func ("/import/limits", test_limits);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (system (cmd) != 0)
      rc = rc ? rc : 1;
  }
  return rc;
}
