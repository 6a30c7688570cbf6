/* test-import-ufdr.c: the Cellebrite UFDR importer (FORMATS.md §1). Every
 * fixture is a real ZIP written here with libarchive's writer from small
 * report.xml strings: a good report (a two-person and a group chat, a deleted
 * message, a location, nested and system models), then hostile archives (a
 * ".." entry, zip bombs with honest and lying headers, truncation, malformed
 * XML, no report.xml), each of which must leave the case as it was. */
#include "corridor-test-cli.h"
#include "corridor-test-db.h"
#include "corridor-test-zip.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "corridor-error.h"
#include "corridor-import.h"
#include "corridor-store.h"

static char *tmpdir;
static guint counter;

#define NS "http://pa.cellebrite.com/report/2.0"

static const char good_report[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<project xmlns=\"" NS "\" id=\"p-1\" name=\"Extraction 1\">\n"
  "  <metadata section=\"Device Info\"><item name=\"IMEI\"><![CDATA[356938035643809]]></item></metadata>\n"
  "  <decodedData>\n"
  "    <modelType type=\"Contact\">\n"
  "      <model type=\"Contact\" id=\"ct-1\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "        <field name=\"Name\" type=\"String\"><value type=\"String\"><![CDATA[Not a chat]]></value></field>\n"
  "      </model>\n"
  "    </modelType>\n"
  "    <modelType type=\"Chat\">\n"
  "      <model type=\"Chat\" id=\"chat-2p\" deleted_state=\"Intact\" decoding_confidence=\"High\" isrelated=\"False\" extractionId=\"0\">\n"
  "        <field name=\"UserMapping\" type=\"Boolean\"><value type=\"Boolean\"><![CDATA[False]]></value></field>\n"
  "        <field name=\"Source\" type=\"String\"><value type=\"String\"><![CDATA[WhatsApp]]></value></field>\n"
  "        <field name=\"Name\" type=\"String\"><empty /></field>\n"
  "        <multiModelField name=\"Participants\" type=\"Party\">\n"
  "          <model type=\"Party\" id=\"pa-1\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"Identifier\" type=\"String\"><value type=\"String\"><![CDATA[34600111222@s.whatsapp.net]]></value></field>\n"
  "            <field name=\"Name\" type=\"String\"><value type=\"String\"><![CDATA[ZX4F7Q]]></value></field>\n"
  "            <field name=\"IsPhoneOwner\" type=\"Boolean\"><value type=\"Boolean\"><![CDATA[True]]></value></field>\n"
  "          </model>\n"
  "          <model type=\"Party\" id=\"pa-2\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"Identifier\" type=\"String\"><value type=\"String\"><![CDATA[bigboss77]]></value></field>\n"
  "          </model>\n"
  "        </multiModelField>\n"
  "        <multiModelField name=\"Messages\" type=\"InstantMessage\">\n"
  "          <model type=\"InstantMessage\" id=\"m-1\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"Body\" type=\"String\"><value type=\"String\"><![CDATA[Container MSKU 123456-5 leaves Guayaquil <mañana> & arrives Antwerpen]]></value></field>\n"
  "            <field name=\"TimeStamp\" type=\"TimeStamp\"><value type=\"TimeStamp\" format=\"TimeStampKnown\" formattedTimestamp=\"14/02/2021 09:31:22(UTC+1)\">2021-02-14T09:31:22.000+01:00</value></field>\n"
  "            <field name=\"Status\" type=\"MessageStatus\"><value type=\"MessageStatus\"><![CDATA[Read]]></value></field>\n"
  "            <modelField name=\"From\" type=\"Party\">\n"
  "              <model type=\"Party\" id=\"f-1\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "                <field name=\"Identifier\" type=\"String\"><value type=\"String\"><![CDATA[34600111222@s.whatsapp.net]]></value></field>\n"
  "                <field name=\"Name\" type=\"String\"><value type=\"String\"><![CDATA[ZX4F7Q]]></value></field>\n"
  "                <field name=\"IsPhoneOwner\" type=\"Boolean\"><value type=\"Boolean\"><![CDATA[True]]></value></field>\n"
  "              </model>\n"
  "            </modelField>\n"
  "            <multiModelField name=\"To\" type=\"Party\" />\n"
  "          </model>\n"
  "          <model type=\"InstantMessage\" id=\"m-2\" deleted_state=\"Deleted\" decoding_confidence=\"Medium\">\n"
  "            <field name=\"Body\" type=\"String\"><value type=\"String\">at the terminal &amp; waiting</value></field>\n"
  "            <field name=\"TimeStamp\" type=\"TimeStamp\"><value type=\"TimeStamp\">2021-02-15T10:00:00Z</value></field>\n"
  "            <modelField name=\"From\" type=\"Party\">\n"
  "              <model type=\"Party\" id=\"f-2\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">bigboss77</value></field></model>\n"
  "            </modelField>\n"
  "            <multiModelField name=\"To\" type=\"Party\">\n"
  "              <model type=\"Party\" id=\"t-2\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">34600111222@s.whatsapp.net</value></field></model>\n"
  "            </multiModelField>\n"
  "            <modelField name=\"Position\" type=\"Coordinate\">\n"
  "              <model type=\"Coordinate\" id=\"c-2\" deleted_state=\"Unknown\" decoding_confidence=\"High\">\n"
  "                <field name=\"Latitude\" type=\"Double\"><value type=\"Double\"><![CDATA[51.29]]></value></field>\n"
  "                <field name=\"Longitude\" type=\"Double\"><value type=\"Double\"><![CDATA[4.31]]></value></field>\n"
  "              </model>\n"
  "            </modelField>\n"
  /* A quoted message nests a whole InstantMessage: never a message of its own. */
  "            <multiModelField name=\"MessageExtraData\" type=\"MessageExtraData\">\n"
  "              <model type=\"ReplyMessageData\" id=\"x-2\">\n"
  "                <modelField name=\"InstantMessage\" type=\"InstantMessage\">\n"
  "                  <model type=\"InstantMessage\" id=\"nested\">\n"
  "                    <field name=\"Body\" type=\"String\"><value type=\"String\">quoted text</value></field>\n"
  "                    <modelField name=\"From\" type=\"Party\"><model type=\"Party\" id=\"f-n\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">intruder</value></field></model></modelField>\n"
  "                  </model>\n"
  "                </modelField>\n"
  "              </model>\n"
  "            </multiModelField>\n"
  "          </model>\n"
  "          <model type=\"InstantMessage\" id=\"m-3\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"Body\" type=\"String\"><value type=\"String\">Messages are end-to-end encrypted</value></field>\n"
  "            <field name=\"TimeStamp\" type=\"TimeStamp\"><value type=\"TimeStamp\">2021-02-14T09:00:00+01:00</value></field>\n"
  "            <modelField name=\"From\" type=\"Party\"><model type=\"Party\" id=\"f-3\"><field name=\"Name\" type=\"String\"><value type=\"String\">System Message</value></field></model></modelField>\n"
  "          </model>\n"
  "          <model type=\"InstantMessage\" id=\"m-4\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"TimeStamp\" type=\"TimeStamp\"><value type=\"TimeStamp\">2021-02-16T08:00:00-03:00</value></field>\n"
  "            <modelField name=\"From\" type=\"Party\"><model type=\"Party\" id=\"f-4\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">bigboss77</value></field></model></modelField>\n"
  "            <multiModelField name=\"Attachments\" type=\"Attachment\">\n"
  "              <model type=\"Attachment\" id=\"a-4\"><field name=\"Filename\" type=\"String\"><value type=\"String\">IMG-0031.jpg</value></field></model>\n"
  "            </multiModelField>\n"
  "          </model>\n"
  "        </multiModelField>\n"
  "      </model>\n"
  "      <model type=\"Chat\" id=\"chat-grp\" deleted_state=\"Deleted\" decoding_confidence=\"Low\">\n"
  "        <field name=\"Source\" type=\"String\"><value type=\"String\">Telegram</value></field>\n"
  "        <field name=\"Name\" type=\"String\"><value type=\"String\">Los Amigos</value></field>\n"
  "        <multiModelField name=\"Participants\" type=\"Party\">\n"
  "          <model type=\"Party\" id=\"g-a\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">alfa</value></field></model>\n"
  "          <model type=\"Party\" id=\"g-b\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">bravo</value></field></model>\n"
  "          <model type=\"Party\" id=\"g-c\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">charlie</value></field></model>\n"
  "        </multiModelField>\n"
  "        <multiModelField name=\"Messages\" type=\"InstantMessage\">\n"
  "          <model type=\"InstantMessage\" id=\"g-1\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"Body\" type=\"String\"><value type=\"String\">20 blocks in the bananas</value></field>\n"
  "            <field name=\"TimeStamp\" type=\"TimeStamp\"><value type=\"TimeStamp\">2021-03-01T12:00:00.500+00:00</value></field>\n"
  "            <modelField name=\"From\" type=\"Party\"><model type=\"Party\" id=\"g1f\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">alfa</value></field></model></modelField>\n"
  "            <multiModelField name=\"To\" type=\"Party\">\n"
  "              <model type=\"Party\" id=\"g1t1\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">bravo</value></field></model>\n"
  "              <model type=\"Party\" id=\"g1t2\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">charlie</value></field></model>\n"
  "            </multiModelField>\n"
  "          </model>\n"
  "          <model type=\"InstantMessage\" id=\"g-2\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
  "            <field name=\"Body\" type=\"String\"><value type=\"String\">ok</value></field>\n"
  "            <field name=\"TimeStamp\" type=\"TimeStamp\"><value type=\"TimeStamp\">2021-03-01T12:05:00+00:00</value></field>\n"
  "            <modelField name=\"From\" type=\"Party\"><model type=\"Party\" id=\"g2f\"><field name=\"Identifier\" type=\"String\"><value type=\"String\">bravo</value></field></model></modelField>\n"
  "          </model>\n"
  "        </multiModelField>\n"
  "      </model>\n"
  "    </modelType>\n"
  "  </decodedData>\n"
  "</project>\n";

/* --- fixtures -------------------------------------------------------------- */

typedef CorridorTestZipEntry Entry;

static char *
tmp_path (const char *name)
{
  return g_strdup_printf ("%s/%u-%s", tmpdir, ++counter, name);
}

/* Writes a ZIP (deflate) holding @entries; returns its path. */
static char *
write_zip (const char *name, const Entry *entries, guint n)
{
  char *path = tmp_path (name);

  corridor_test_zip_write (path, entries, n);
  return path;
}

static char *
write_ufdr (const char *name, const char *report)
{
  Entry entries[] = {
    { "files/Image/IMG-0031.jpg", "\xff\xd8\xff\xe0 not really a photo", 24 },
    { "report.xml", report, strlen (report) },
  };

  return write_zip (name, entries, G_N_ELEMENTS (entries));
}

/* A report.xml of @spaces blank bytes inside a valid document, after an
 * optional stored (incompressible) padding entry of @padding bytes. */
static char *
write_bomb (const char *name, gint64 spaces, gsize padding)
{
  static const char head[] = "<?xml version=\"1.0\"?><project xmlns=\"" NS "\">";
  static const char tail[] = "</project>";
  char *path = tmp_path (name);
  struct archive *a = corridor_test_zip_open (path);
  g_autofree char *chunk = g_malloc (1 << 20);

  if (padding > 0)
    corridor_test_zip_add_noise (a, "files/Video/clip.mp4", padding);
  corridor_test_zip_begin (a, "report.xml", (gint64) (sizeof head - 1 + spaces + sizeof tail - 1));
  archive_write_data (a, head, sizeof head - 1);
  memset (chunk, ' ', 1 << 20);
  for (gint64 left = spaces; left > 0; left -= 1 << 20)
    g_assert_cmpint (archive_write_data (a, chunk, MIN (left, 1 << 20)), >, 0);
  archive_write_data (a, tail, sizeof tail - 1);
  corridor_test_zip_close (a);
  return path;
}

/* --- the case -------------------------------------------------------------- */

static CorridorStore *
new_case (void)
{
  g_autofree char *path = tmp_path ("case.corridor");
  g_autoptr(GError) error = NULL;
  CorridorStore *store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

static gboolean
import (CorridorStore *store, CorridorImportReport *report, const char *path, gboolean skip_bad,
        const char *tz, GError **error)
{
  const char *paths[] = { path, NULL };
  CorridorImportOptions opts = { .tz = tz, .skip_bad = skip_bad };

  return corridor_import_paths (store, paths, &opts, report, error);
}

static char *
recipients_of (CorridorStore *s, const char *id)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT group_concat(handle, ',') FROM (SELECT a.handle FROM message_recipients r "
      "JOIN messages m ON m.rowid = r.message_rowid JOIN actors a ON a.id = r.actor_id "
      "WHERE m.id = '%s' ORDER BY a.handle)", id);

  return q (s, sql);
}

static CorridorImportFile *
file_of (CorridorImportReport *r, guint i)
{
  g_assert_cmpuint (i, <, r->files->len);
  return g_ptr_array_index (r->files, i);
}

/* A JSON member of a message's extra, as text. */
static char *
extra_of (CorridorStore *s, const char *id, const char *member)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT json_extract(extra_json, '$.%s') FROM messages WHERE id = '%s'", member, id);

  return q (s, sql);
}

#define ASSERT_EXTRA(s, id, member, expected) \
  G_STMT_START { g_autofree char *_v = extra_of (s, id, member); g_assert_cmpstr (_v, ==, expected); } G_STMT_END

/* --- tests ----------------------------------------------------------------- */

static void
test_good (void)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_ufdr ("good.ufdr", good_report);
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *rcpt = NULL;
  gsize len;

  g_assert_true (import (s, r, path, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_of (r, 0)->format, ==, CORRIDOR_FORMAT_UFDR);
  g_assert_cmpuint (file_of (r, 0)->read, ==, 5);
  g_assert_cmpuint (file_of (r, 0)->imported, ==, 5);
  g_assert_cmpuint (file_of (r, 0)->system, ==, 1);
  g_assert_cmpuint (file_of (r, 0)->bad, ==, 0);
  g_assert_cmpint (corridor_store_count_messages (s), ==, 5);
  text = corridor_import_report_format (r);
  g_assert_nonnull (strstr (text, "ufdr, 5 read, 5 imported, 1 system messages passed over"));

  /* Ids from the model ids; the quoted message is not one. */
  ASSERT_Q (s, "SELECT group_concat(id, ' ') FROM (SELECT id FROM messages ORDER BY id)",
            "ufdr:chat-2p:m-1 ufdr:chat-2p:m-2 ufdr:chat-2p:m-4 ufdr:chat-grp:g-1 "
            "ufdr:chat-grp:g-2");
  g_assert_cmpint (qi (s, "SELECT count(*) FROM actors WHERE handle = 'intruder'"), ==, 0);

  /* 09:31:22+01:00 is 08:31:22 UTC; the writer's offset is kept. */
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id = 'ufdr:chat-2p:m-1'"), ==, 1613291482);
  g_assert_cmpint (qi (s, "SELECT tz_offset FROM messages WHERE id = 'ufdr:chat-2p:m-1'"), ==, 3600);
  g_assert_cmpint (qi (s, "SELECT tz_offset FROM messages WHERE id = 'ufdr:chat-2p:m-4'"), ==,
                   -3 * 3600);
  g_assert_cmpint (qi (s, "SELECT ts FROM messages WHERE id = 'ufdr:chat-grp:g-1'"), ==, 1614600000);
  ASSERT_Q (s, "SELECT body FROM messages WHERE id = 'ufdr:chat-2p:m-1'",
            "Container MSKU 123456-5 leaves Guayaquil <mañana> & arrives Antwerpen");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id = 'ufdr:chat-2p:m-2'",
            "at the terminal & waiting");
  ASSERT_Q (s, "SELECT body FROM messages WHERE id = 'ufdr:chat-2p:m-4'", "<attachment omitted>");

  /* Senders by Identifier, the Name kept as the actor's alias. */
  ASSERT_Q (s, "SELECT a.handle FROM messages m JOIN actors a ON a.id = m.sender_actor "
               "WHERE m.id = 'ufdr:chat-2p:m-1'", "34600111222@s.whatsapp.net");
  ASSERT_Q (s, "SELECT al.alias FROM actor_aliases al JOIN actors a ON a.id = al.actor_id "
               "WHERE a.handle = '34600111222@s.whatsapp.net'", "ZX4F7Q");

  /* Recipients: an empty To in a two-person chat is the other participant;
   * an explicit To is used as given; an empty To in a group is nobody. */
  rcpt = recipients_of (s, "ufdr:chat-2p:m-1");
  g_assert_cmpstr (rcpt, ==, "bigboss77");
  g_clear_pointer (&rcpt, g_free);
  rcpt = recipients_of (s, "ufdr:chat-2p:m-2");
  g_assert_cmpstr (rcpt, ==, "34600111222@s.whatsapp.net");
  g_clear_pointer (&rcpt, g_free);
  rcpt = recipients_of (s, "ufdr:chat-grp:g-1");
  g_assert_cmpstr (rcpt, ==, "bravo,charlie");
  g_clear_pointer (&rcpt, g_free);
  rcpt = recipients_of (s, "ufdr:chat-grp:g-2");
  g_assert_null (rcpt);

  /* The location pin. */
  ASSERT_Q (s, "SELECT lat FROM messages WHERE id = 'ufdr:chat-2p:m-2'", "51.29");
  ASSERT_Q (s, "SELECT lon FROM messages WHERE id = 'ufdr:chat-2p:m-2'", "4.31");
  ASSERT_Q (s, "SELECT lat FROM messages WHERE id = 'ufdr:chat-2p:m-1'", NULL);

  /* Provenance, per message and per chat. */
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "platform", "ufdr");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "app", "WhatsApp");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "chat", NULL);
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "deleted_state", "Intact");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "decoding_confidence", "High");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "from_name", "ZX4F7Q");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "from_owner", "1");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-1", "fields.Status", "Read");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-2", "deleted_state", "Deleted");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-2", "decoding_confidence", "Medium");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-2", "chat_deleted_state", "Intact");
  ASSERT_EXTRA (s, "ufdr:chat-2p:m-4", "attachments", "1");
  ASSERT_EXTRA (s, "ufdr:chat-grp:g-1", "app", "Telegram");
  ASSERT_EXTRA (s, "ufdr:chat-grp:g-1", "chat", "Los Amigos");
  ASSERT_EXTRA (s, "ufdr:chat-grp:g-1", "chat_id", "chat-grp");
  ASSERT_EXTRA (s, "ufdr:chat-grp:g-1", "chat_deleted_state", "Deleted");
  ASSERT_EXTRA (s, "ufdr:chat-grp:g-1", "chat_decoding_confidence", "Low");

  /* Chain of custody: the SHA-256 of the .ufdr file itself. */
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  {
    g_autofree char *stored = q (s, "SELECT sha256 FROM sources");
    g_autofree char *format = q (s, "SELECT format FROM sources");

    g_assert_cmpstr (stored, ==, sha);
    g_assert_cmpstr (format, ==, "ufdr");
  }

  /* The same content again, under another name, adds only its path. */
  {
    g_autofree char *copy = tmp_path ("copy.ufdr");
    g_autoptr(CorridorImportReport) r2 = corridor_import_report_new ();

    g_assert_true (g_file_set_contents (copy, data, (gssize) len, NULL));
    g_assert_true (import (s, r2, copy, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (file_of (r2, 0)->duplicate_source);
    g_assert_cmpint (corridor_store_count_messages (s), ==, 5);
    g_assert_cmpint (qi (s, "SELECT count(*) FROM source_paths"), ==, 2);
  }
}

/* Imports a good UFDR, then @path, which must be refused with an error
 * containing @expect, leaving the case exactly as it was. */
static void
assert_refused (const char *path, const char *expect, gboolean skip_bad)
{
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(CorridorImportReport) r2 = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *good = write_ufdr ("before.ufdr", good_report);
  g_autofree char *before = NULL, *after = NULL;
  const char *sql = "SELECT (SELECT count(*) FROM messages) || '/' || (SELECT count(*) FROM "
                    "sources) || '/' || (SELECT count(*) FROM actors) || '/' || "
                    "(SELECT count(*) FROM source_paths)";

  g_assert_true (import (s, r, good, FALSE, NULL, &error));
  g_assert_no_error (error);
  before = q (s, sql);
  g_assert_false (import (s, r2, path, skip_bad, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, expect));
  g_assert_true (file_of (r2, 0)->refused);
  g_assert_cmpuint (file_of (r2, 0)->imported, ==, 0);
  after = q (s, sql);
  g_assert_cmpstr (after, ==, before);
}

static void
test_path_traversal (void)
{
  g_autofree char *report = g_strdup (good_report);
  Entry entries[] = {
    { "report.xml", report, strlen (report) },
    { "../evil", "#!/bin/sh\n", 10 },
  };
  Entry absolute[] = {
    { "/etc/cron.d/evil", "* * * * * root true\n", 20 },
    { "report.xml", report, strlen (report) },
  };
  g_autofree char *dots = write_zip ("dots.ufdr", entries, G_N_ELEMENTS (entries));
  g_autofree char *abs = write_zip ("abs.ufdr", absolute, G_N_ELEMENTS (absolute));

  assert_refused (dots, "ZIP entry “../evil” has an absolute path or a “..” component", FALSE);
  /* --skip-bad skips records, never a hostile archive. */
  assert_refused (dots, "“../evil”", TRUE);
  assert_refused (abs, "ZIP entry “/etc/cron.d/evil”", FALSE);
}

static void
test_zip_bomb (void)
{
  const gint64 size = G_GINT64_CONSTANT (200) * 1024 * 1024;
  g_autofree char *bomb = write_bomb ("bomb.ufdr", size, 0);
  g_autofree char *hidden = NULL;
  g_autofree char *lying = NULL;
  g_autofree char *data = NULL;
  GStatBuf st;
  gint64 t0;
  gsize len;

  g_assert_cmpint (g_stat (bomb, &st), ==, 0);
  g_test_message ("200 MiB of report.xml compress to %" G_GINT64_FORMAT " KiB",
                  (gint64) st.st_size / 1024);
  g_assert_cmpint (st.st_size, <, 1024 * 1024);

  /* The declared size gives it away before anything is inflated. */
  t0 = g_get_monotonic_time ();
  assert_refused (bomb, "report.xml declares 200 MiB from a", FALSE);
  g_test_message ("declared bomb refused in %.3f s", (g_get_monotonic_time () - t0) / 1e6);

  /* Big enough media beside it makes the declared ratio plausible: the
   * ratio of what really inflates catches it after 4 MiB, not 200. */
  hidden = write_bomb ("hidden.ufdr", size, 3 * 1024 * 1024);
  t0 = g_get_monotonic_time ();
  assert_refused (hidden, "report.xml inflated 4 MiB from", FALSE);
  g_test_message ("streamed bomb refused in %.3f s", (g_get_monotonic_time () - t0) / 1e6);

  /* Headers that lie about the size: report.xml may not inflate past it.
   * Patch the uncompressed size wherever the ZIP records it: the local
   * header (offset 22), the data descriptor (12) and the central directory
   * (24); report.xml is the only entry. */
  g_assert_true (g_file_get_contents (bomb, &data, &len, NULL));
  {
    guint32 small = GUINT32_TO_LE (4096);
    guint patched = 0;

    for (gsize i = 0; i + 56 < len; i++)
      {
        if (memcmp (data + i, "PK\003\004", 4) == 0 && memcmp (data + i + 30, "report.xml", 10) == 0)
          memcpy (data + i + 22, &small, 4), patched |= 1;
        else if (memcmp (data + i, "PK\007\010", 4) == 0)
          memcpy (data + i + 12, &small, 4), patched |= 2;
        else if (memcmp (data + i, "PK\001\002", 4) == 0 &&
                 memcmp (data + i + 46, "report.xml", 10) == 0)
          memcpy (data + i + 24, &small, 4), patched |= 4;
      }
    g_assert_cmpuint (patched, ==, 7);
  }
  lying = tmp_path ("lying.ufdr");
  g_assert_true (g_file_set_contents (lying, data, (gssize) len, NULL));
  assert_refused (lying, "inflates past the 4096 bytes its header declares", FALSE);
}

static void
test_truncated (void)
{
  g_autofree char *path = write_ufdr ("full.ufdr", good_report);
  g_autofree char *cut = tmp_path ("cut.ufdr");
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  /* Half the file: report.xml's local header survives, its data and the
   * central directory do not. */
  g_assert_true (g_file_set_contents (cut, data, (gssize) (len * 2 / 3), NULL));
  assert_refused (cut, "truncated or damaged ZIP archive", FALSE);
  assert_refused (cut, "truncated or damaged ZIP archive", TRUE);
}

static void
test_malformed_xml (void)
{
  g_autofree char *broken = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *dtd = NULL;
  g_autofree char *notreport = NULL;
  const char *needle = "<field name=\"Status\"";
  const char *at = strstr (good_report, needle);
  guint line = 1;

  /* An unclosed tag in the middle: FILE:LINE of the report. */
  g_assert_nonnull (at);
  broken = g_strdup_printf ("%.*s<field name=\"Status\"><value>x</field>%s",
                            (int) (at - good_report), good_report, at);
  for (const char *p = good_report; p < at; p++)
    line += *p == '\n';
  path = write_ufdr ("broken.ufdr", broken);
  expect = g_strdup_printf ("%s:%u: malformed XML in report.xml:", path, line);
  assert_refused (path, expect, FALSE);
  assert_refused (path, "malformed XML in report.xml", TRUE);

  /* Entities (billion laughs and friends) are refused at the DTD. */
  dtd = write_ufdr ("dtd.ufdr",
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY a \"aaaaaaaa\">"
                    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
                    "<project xmlns=\"" NS "\">&b;</project>\n");
  assert_refused (dtd, "report.xml declares a DTD or entities", FALSE);

  /* Well-formed, but not a Cellebrite report. */
  notreport = write_ufdr ("other.ufdr", "<?xml version=\"1.0\"?>\n<html><body/></html>\n");
  assert_refused (notreport, ":2: report.xml is not a Cellebrite report", FALSE);
}

static void
test_bad_models (void)
{
  /* A message without a TimeStamp, one without a sender, one with a bad
   * position, one with no id: bad records. */
  static const char report[] =
    "<?xml version=\"1.0\"?>\n"
    "<project xmlns=\"" NS "\"><decodedData><modelType type=\"Chat\">\n"
    "<model type=\"Chat\" id=\"c\" deleted_state=\"Intact\" decoding_confidence=\"High\">\n"
    "<multiModelField name=\"Messages\">\n"
    "<model type=\"InstantMessage\" id=\"ok\"><field name=\"Body\"><value>fine</value></field>"
    "<field name=\"TimeStamp\"><value>2021-02-14T09:31:22+01:00</value></field>"
    "<modelField name=\"From\"><model type=\"Party\"><field name=\"Identifier\"><value>a</value></field></model></modelField></model>\n"
    "<model type=\"InstantMessage\" id=\"nots\"><field name=\"Body\"><value>x</value></field>"
    "<modelField name=\"From\"><model type=\"Party\"><field name=\"Identifier\"><value>a</value></field></model></modelField></model>\n"
    "<model type=\"InstantMessage\" id=\"nofrom\"><field name=\"Body\"><value>x</value></field>"
    "<field name=\"TimeStamp\"><value>2021-02-14T09:31:22+01:00</value></field></model>\n"
    "<model type=\"InstantMessage\" id=\"badpos\"><field name=\"TimeStamp\"><value>2021-02-14T09:31:22+01:00</value></field>"
    "<modelField name=\"From\"><model type=\"Party\"><field name=\"Identifier\"><value>a</value></field></model></modelField>"
    "<modelField name=\"Position\"><model type=\"Coordinate\"><field name=\"Latitude\"><value>95.5</value></field>"
    "<field name=\"Longitude\"><value>4.3</value></field></model></modelField></model>\n"
    "<model type=\"InstantMessage\"><field name=\"TimeStamp\"><value>2021-02-14T09:31:22+01:00</value></field></model>\n"
    "<model type=\"InstantMessage\" id=\"local\"><field name=\"Body\"><value>zone-less</value></field>"
    "<field name=\"TimeStamp\"><value>2021-02-14T09:31:22</value></field>"
    "<modelField name=\"From\"><model type=\"Party\"><field name=\"Identifier\"><value>a</value></field></model></modelField></model>\n"
    "</multiModelField></model></modelType></decodedData></project>\n";
  g_autofree char *path = write_ufdr ("bad-models.ufdr", report);
  g_autofree char *expect = g_strdup_printf ("%s:6: message ufdr:c:nots has no TimeStamp", path);
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(CorridorImportReport) r2 = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  CorridorImportFile *f;

  /* Without --skip-bad: refused at the first bad model, with its line. */
  assert_refused (path, expect, FALSE);

  /* With it: the good one is in, the bad ones are listed. */
  g_assert_true (import (s, r, path, TRUE, NULL, &error));
  g_assert_no_error (error);
  f = file_of (r, 0);
  g_assert_cmpuint (f->imported, ==, 1);
  g_assert_cmpuint (f->bad, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (f->problems, 0), ==, expect);
  g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 1), ":7: message ufdr:c:nofrom has no sender"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 2), ":8: message ufdr:c:badpos: Position"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 3), ":9: InstantMessage model without a usable id"));
  g_assert_nonnull (strstr (g_ptr_array_index (f->problems, 4), ":10: message ufdr:c:local: TimeStamp “2021-02-14T09:31:22” has no zone offset; give --tz ZONE"));

  /* --tz reads the zone-less time. */
  {
    g_autoptr(CorridorStore) s2 = new_case ();

    g_assert_true (import (s2, r2, path, TRUE, "America/Guayaquil", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (file_of (r2, 0)->imported, ==, 2);
    g_assert_cmpstr (file_of (r2, 0)->tz, ==, "America/Guayaquil");
    g_assert_cmpint (qi (s2, "SELECT ts FROM messages WHERE id = 'ufdr:c:local'"), ==,
                     1613291482 + 3600 + 5 * 3600);
  }
}

static void
test_missing_report (void)
{
  Entry entries[] = {
    { "files/Image/IMG-0031.jpg", "\xff\xd8\xff\xe0 not really a photo", 24 },
    { "Report.xml.bak", good_report, strlen (good_report) },
  };
  g_autofree char *path = write_zip ("noreport.zip", entries, G_N_ELEMENTS (entries));
  g_autofree char *dir = tmp_path ("folder");
  g_autofree char *inside = g_build_filename (dir, "noreport.zip", NULL);
  g_autofree char *data = NULL;
  g_autoptr(CorridorStore) s = new_case ();
  g_autoptr(CorridorImportReport) r = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;
  gsize len;

  /* Named: not a chat export. In a folder: skipped, not an error. */
  assert_refused (path, "not a chat export", FALSE);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (inside, data, (gssize) len, NULL));
  g_assert_true (import (s, r, dir, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (file_of (r, 0)->skipped);
}

static void
test_cli (void)
{
  g_autofree char *path = write_ufdr ("cli.ufdr", good_report);
  g_autofree char *dots = NULL;
  g_autofree char *c = tmp_path ("cli.corridor");
  g_autofree char *err = NULL, *err2 = NULL, *out = NULL;
  g_autofree char *report = g_strdup (good_report);
  Entry entries[] = {
    { "report.xml", report, strlen (report) },
    { "a/../../evil", "x", 1 },
  };
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("CORRIDOR_BIN"), "messages", c, "--search", "terminal", NULL };
  int status = 0;

  g_assert_cmpint (corridor_test_run (&err, "import", c, path, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "ufdr, 5 read, 5 imported"));

  /* The analyst sees the provenance. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "ufdr:chat-2p:m-2"));
  g_assert_nonnull (strstr (out, "\"deleted_state\""));
  g_assert_nonnull (strstr (out, "\"Deleted\""));

  /* A hostile archive: exit 1, FILE: cause on stderr. */
  dots = write_zip ("cli-dots.ufdr", entries, G_N_ELEMENTS (entries));
  g_assert_cmpint (corridor_test_run (&err2, "import", c, dots, "--no-infer", NULL), ==, 1);
  g_assert_nonnull (strstr (err2, dots));
  g_assert_nonnull (strstr (err2, "“a/../../evil”"));
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-ufdr-XXXXXX", NULL);
  g_test_add_func ("/import-ufdr/good", test_good);
  g_test_add_func ("/import-ufdr/path-traversal", test_path_traversal);
  g_test_add_func ("/import-ufdr/zip-bomb", test_zip_bomb);
  g_test_add_func ("/import-ufdr/truncated", test_truncated);
  g_test_add_func ("/import-ufdr/malformed-xml", test_malformed_xml);
  g_test_add_func ("/import-ufdr/bad-models", test_bad_models);
  g_test_add_func ("/import-ufdr/missing-report", test_missing_report);
  g_test_add_func ("/import-ufdr/cli", test_cli);
  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);

    if (system (cmd) != 0)
      rc = rc ? rc : 1;
  }
  return rc;
}
