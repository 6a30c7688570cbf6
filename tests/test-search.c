/* test-search.c: full-text search over a case's messages and the
 * conversations they form, headless. Words match case- and
 * accent-insensitively, the last one as a prefix; whatever the analyst
 * types (quotes, SQL, FTS5 operators) is plain text; the word index is
 * made on the first search and catches up with a later import, never
 * shows a deleted message, and a read-only store searches through TEMP.
 * Conversations (pairs, a chat, a group) are counted and spanned, and a
 * page around a message pages on both ways. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "corridor-store.h"
#include "corridor-error.h"
#include "corridor-import.h"
#include "corridor-test-db.h"

static char *tmpdir;
static guint case_counter;

/* Ten messages: alice and bob (5), alice and carol (1), a chat "grp:chat1"
 * of alice and bob (2), and carol writing to both at once (2). */
static const char first_file[] =
  "{\"id\":\"m-1\",\"ts\":\"2021-01-01T10:00:00Z\",\"from\":\"alice\",\"to\":\"bob\","
  "\"body\":\"La mercancía sale de Amberes mañana\"}\n"
  "{\"id\":\"m-2\",\"ts\":\"2021-01-01T10:05:00Z\",\"from\":\"bob\",\"to\":\"alice\","
  "\"body\":\"ok, ámberes confirmado\"}\n"
  "{\"id\":\"m-3\",\"ts\":\"2021-01-01T10:10:00Z\",\"from\":\"alice\",\"to\":\"bob\","
  "\"body\":\"container MSKU1234565 on the MSC Anna\"}\n"
  "{\"id\":\"m-4\",\"ts\":\"2021-01-01T10:20:00Z\",\"from\":\"bob\",\"to\":\"alice\","
  "\"body\":\"50%_off \\\"quoted\\\" text; DROP TABLE messages; -- NEAR(a b) col:x ^start\"}\n"
  "{\"id\":\"m-5\",\"ts\":\"2021-01-02T09:00:00Z\",\"from\":\"alice\",\"to\":\"carol\","
  "\"body\":\"Antwerpen terminal 1742\"}\n"
  "{\"id\":\"grp:chat1:1\",\"ts\":\"2021-01-03T11:00:00Z\",\"from\":\"alice\",\"to\":[],"
  "\"chat\":\"Smugglers\",\"body\":\"group hello everyone\"}\n"
  "{\"id\":\"grp:chat1:2\",\"ts\":\"2021-01-03T11:05:00Z\",\"from\":\"bob\",\"to\":[],"
  "\"chat\":\"Smugglers\",\"body\":\"group reply about terminals\"}\n"
  "{\"id\":\"m-6\",\"ts\":\"2021-01-04T12:00:00Z\",\"from\":\"carol\",\"to\":[\"alice\",\"bob\"],"
  "\"body\":\"broadcast to both\"}\n"
  "{\"id\":\"m-7\",\"ts\":\"2021-01-04T12:10:00Z\",\"from\":\"carol\",\"to\":[\"bob\",\"alice\"],"
  "\"body\":\"second broadcast\"}\n"
  "{\"id\":\"m-8\",\"ts\":\"2021-01-05T13:00:00Z\",\"from\":\"bob\",\"to\":\"alice\","
  "\"body\":\"last words\"}\n";

static const char second_file[] =
  "{\"id\":\"m-9\",\"ts\":\"2021-01-06T14:00:00Z\",\"from\":\"alice\",\"to\":\"bob\","
  "\"body\":\"Rotterdam then Zeebrugge\"}\n";

static char *
write_file (const char *name, const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
import_file (CorridorStore *store, const char *name, const char *text)
{
  g_autofree char *path = write_file (name, text);
  const char *paths[] = { path, NULL };
  CorridorImportOptions opts = { 0 };
  g_autoptr(CorridorImportReport) report = corridor_import_report_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (corridor_import_paths (store, paths, &opts, report, &error));
  g_assert_no_error (error);
}

/* A new case holding the first file; its path in @out_path. */
static CorridorStore *
new_case (char **out_path)
{
  g_autofree char *path = g_strdup_printf ("%s/case-%u.corridor", tmpdir, ++case_counter);
  g_autoptr(GError) error = NULL;
  CorridorStore *store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  import_file (store, "first.jsonl", first_file);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);
  return store;
}

static GPtrArray *
search (CorridorStore *store, const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = corridor_store_search_messages (store, text, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* The hits' ids joined by spaces, in the order given. */
static char *
ids_of (GPtrArray *hits)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      CorridorMessageHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", hit->message->id);
    }
  return g_string_free (out, FALSE);
}

#define ASSERT_SEARCH(store, text, expected) \
  G_STMT_START { \
    g_autoptr(GPtrArray) _hits = search (store, text); \
    g_autofree char *_ids = ids_of (_hits); \
    g_assert_cmpstr (_ids, ==, expected); \
  } G_STMT_END

/* The text of hit @hit's first span. */
static char *
first_span_text (CorridorMessageHit *hit)
{
  const char *body = hit->message->body;
  int start, end;

  g_assert_cmpuint (hit->spans->len, >=, 2);
  start = g_array_index (hit->spans, int, 0);
  end = g_array_index (hit->spans, int, 1);
  g_assert_cmpint (end, >, start);
  return g_strndup (g_utf8_offset_to_pointer (body, start),
                    g_utf8_offset_to_pointer (body, end) - g_utf8_offset_to_pointer (body, start));
}

static void
test_diacritics (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);

  ASSERT_SEARCH (store, "amberes", "m-1 m-2");
  ASSERT_SEARCH (store, "ÁMBERES", "m-1 m-2");
  ASSERT_SEARCH (store, "mercancia", "m-1");
  ASSERT_SEARCH (store, "manana", "m-1");
  {
    g_autoptr(GPtrArray) hits = search (store, "ámberes");
    g_autofree char *one = NULL, *two = NULL;

    g_assert_cmpuint (hits->len, ==, 2);
    /* The spans are characters, and mark the word as written. */
    one = first_span_text (g_ptr_array_index (hits, 0));
    two = first_span_text (g_ptr_array_index (hits, 1));
    g_assert_cmpstr (one, ==, "Amberes");
    g_assert_cmpstr (two, ==, "ámberes");
    g_assert_cmpint (g_array_index (((CorridorMessageHit *) g_ptr_array_index (hits, 0))->spans,
                                    int, 0), ==, 21);
    g_assert_cmpstr (((CorridorMessageHit *) g_ptr_array_index (hits, 0))->source_path, !=, NULL);
  }
}

static void
test_prefix (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);

  ASSERT_SEARCH (store, "ambe", "m-1 m-2");
  ASSERT_SEARCH (store, "termin", "m-5 grp:chat1:2");
  ASSERT_SEARCH (store, "terminal", "m-5 grp:chat1:2");
  /* A space after the last word: that word only. */
  ASSERT_SEARCH (store, "terminal ", "m-5");
  ASSERT_SEARCH (store, "ambe ", "");
  /* Only the last word is a prefix. */
  ASSERT_SEARCH (store, "merc amberes", "");
  ASSERT_SEARCH (store, "mercancía ambe", "m-1");
  ASSERT_SEARCH (store, "msku", "m-3");
  ASSERT_SEARCH (store, "MSKU1234565", "m-3");
}

static void
test_terms (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);

  ASSERT_SEARCH (store, "amberes confirmado", "m-2");
  ASSERT_SEARCH (store, "confirmado   amberes", "m-2");
  ASSERT_SEARCH (store, "mercancía amberes", "m-1");
  ASSERT_SEARCH (store, "amberes nowhere", "");
  ASSERT_SEARCH (store, "broadcast", "m-6 m-7");
  ASSERT_SEARCH (store, "second broadcast", "m-7");
  {
    g_autoptr(GPtrArray) hits = search (store, "msc anna");
    CorridorMessageHit *hit = g_ptr_array_index (hits, 0);

    g_assert_cmpuint (hits->len, ==, 1);
    /* Both words are marked. */
    g_assert_cmpuint (hit->spans->len, ==, 4);
  }
  /* @limit keeps that many. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) hits = corridor_store_search_messages (store, "amberes", 1, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

/* Whatever the analyst types is text: no error, no injection, the same
 * hits as the words alone. */
static void
test_syntax_is_text (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);
  static const char *const hostile[] = {
    "\"", "\"\"", "\"amberes", "amberes\"", "'", "''", "*", "amberes*", "(", ")", "()", "AND",
    "OR", "NOT", "amberes OR bob", "amberes NOT mañana", "NEAR(", "body:amberes", "{body}: x",
    "^", "-", "+", ":", "a\"b\"c", "x'); DROP TABLE messages;--", "%", "_", "\\", "\x01\x02",
    "\xff\xfe", "ámb\xcc\x81", "\xe2\x80\xae", "AND OR NOT", "*amberes", "amberes:*",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = corridor_store_search_messages (store, hostile[i], 0, NULL,
                                                                  &error);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }
  /* Quotes, SQL and operators are words like any other. */
  ASSERT_SEARCH (store, "\"quoted\"", "m-4");
  ASSERT_SEARCH (store, "\"amberes", "m-1 m-2");
  ASSERT_SEARCH (store, "DROP TABLE messages; --", "m-4");
  ASSERT_SEARCH (store, "NEAR(a b)", "m-4");
  ASSERT_SEARCH (store, "col:x", "m-4");
  ASSERT_SEARCH (store, "^start", "m-4");
  ASSERT_SEARCH (store, "amberes OR bob", "");
  ASSERT_SEARCH (store, "amberes AND mañana", "");
  ASSERT_SEARCH (store, "body:amberes", "");
  /* No letter or digit: the text itself, as LIKE always did. */
  ASSERT_SEARCH (store, "%_", "m-4");
  ASSERT_SEARCH (store, "; --", "m-4");
  ASSERT_SEARCH (store, "%", "m-4");
  ASSERT_SEARCH (store, "'", "");
  ASSERT_SEARCH (store, "", "m-1 m-2 m-3 m-4 m-5 grp:chat1:1 grp:chat1:2 m-6 m-7 m-8");
  {
    g_autoptr(GPtrArray) hits = search (store, "%_");
    g_autofree char *span = first_span_text (g_ptr_array_index (hits, 0));

    g_assert_cmpstr (span, ==, "%_");
  }
  /* After all that, the case is whole. */
  g_assert_cmpint (corridor_store_count_messages (store), ==, 10);
  g_assert_cmpint (qi (store, "SELECT count(*) FROM messages"), ==, 10);
}

static void
test_catch_up (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CorridorStore) store = new_case (&path);
  gint64 max;

  /* No index until a search needs one: imports do none. */
  g_assert_cmpint (qi (store, "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'"),
                   ==, 0);
  ASSERT_SEARCH (store, "zeebrugge", "");
  max = qi (store, "SELECT max(rowid) FROM messages");
  g_assert_cmpint (qi (store, "SELECT value FROM meta WHERE key = 'messages_fts_rowid'"), ==, max);

  import_file (store, "second.jsonl", second_file);
  /* The import left the index as it was ... */
  g_assert_cmpint (qi (store, "SELECT value FROM meta WHERE key = 'messages_fts_rowid'"), ==, max);
  /* ... and the next search brings it up to date. */
  ASSERT_SEARCH (store, "zeebrugge", "m-9");
  ASSERT_SEARCH (store, "rotterdam zeebr", "m-9");
  g_assert_cmpint (qi (store, "SELECT value FROM meta WHERE key = 'messages_fts_rowid'"), ==,
                   max + 1);
  /* The index answers through FTS5 itself. */
  g_assert_cmpint (qi (store, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH "
                              "'zeebrugge'"), ==, 1);

  /* Its own connection, read-only, sees the same. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CorridorStore) ro = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    ASSERT_SEARCH (ro, "zeebrugge", "m-9");
    ASSERT_SEARCH (ro, "amberes", "m-1 m-2");
  }
}

/* A message deleted (nothing in Corridor does, but another tool might) and
 * its rowid reused: the old words must not find the new message. */
static void
test_deleted_messages (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);
  g_autoptr(CorridorMessage) m = corridor_message_new ();
  g_autoptr(GError) error = NULL;
  gint64 max = qi (store, "SELECT max(rowid) FROM messages");
  sqlite3 *db = NULL;

  ASSERT_SEARCH (store, "words", "m-8");
  g_assert_cmpint (sqlite3_open (corridor_store_get_path (store), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON;"
                                     "DELETE FROM messages WHERE id = 'm-8'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  m->id = g_strdup ("m-new");
  m->ts = 1609459200;
  m->sender = g_strdup ("dave");
  m->body = g_strdup ("fresh text");
  g_assert_true (corridor_store_add_message (store, 0, m, &error));
  g_assert_no_error (error);
  /* The new message took the deleted one's rowid. */
  g_assert_cmpint (qi (store, "SELECT rowid FROM messages WHERE id = 'm-new'"), ==, max);

  ASSERT_SEARCH (store, "words", "");
  ASSERT_SEARCH (store, "last", "");
  ASSERT_SEARCH (store, "fresh", "m-new");
  ASSERT_Q (store, "SELECT value FROM meta WHERE key = 'messages_fts_stale'", "0");
}

static void
test_read_only (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) ro = NULL;

  g_object_unref (new_case (&path));
  {
    /* Keep the file byte for byte: the search writes nothing to it. */
    g_autofree char *before = NULL, *after = NULL;
    gsize n_before = 0, n_after = 0;

    g_assert_true (g_file_get_contents (path, &before, &n_before, NULL));
    ro = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    ASSERT_SEARCH (ro, "amberes", "m-1 m-2");
    ASSERT_SEARCH (ro, "ambe", "m-1 m-2");
    ASSERT_SEARCH (ro, "%_", "m-4");
    g_assert_true (g_file_get_contents (path, &after, &n_after, NULL));
    g_assert_cmpmem (before, n_before, after, n_after);
    g_assert_cmpint (qi (ro, "SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'"),
                     ==, 0);
  }
  /* A message added meanwhile by a writer is found too. */
  {
    g_autoptr(CorridorStore) rw = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    import_file (rw, "second.jsonl", second_file);
  }
  ASSERT_SEARCH (ro, "zeebrugge", "m-9");
  ASSERT_SEARCH (ro, "amberes", "m-1 m-2");
}

/* Another connection holds the write lock (a long import): the search
 * does not wait for it, and still finds what that connection committed
 * before, through TEMP. */
static void
test_busy_writer (void)
{
  g_autofree char *path = NULL;
  g_autoptr(CorridorStore) store = new_case (&path);
  g_autoptr(CorridorStore) writer = NULL;
  g_autoptr(CorridorMessage) m = corridor_message_new ();
  g_autoptr(CorridorMessage) pending = corridor_message_new ();
  g_autoptr(GError) error = NULL;
  gint64 mark;
  gint64 started;

  ASSERT_SEARCH (store, "amberes", "m-1 m-2");
  mark = qi (store, "SELECT value FROM meta WHERE key = 'messages_fts_rowid'");
  writer = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  m->id = g_strdup ("m-committed");
  m->ts = 1609459200;
  m->body = g_strdup ("Valparaíso committed");
  g_assert_true (corridor_store_add_message (writer, 0, m, &error));
  pending->id = g_strdup ("m-pending");
  pending->ts = 1609459300;
  pending->body = g_strdup ("valparaiso pending");
  g_assert_true (corridor_store_begin (writer, &error));
  g_assert_true (corridor_store_add_message (writer, 0, pending, &error));
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  ASSERT_SEARCH (store, "valparaiso", "m-committed");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  /* The case's index could not move. */
  g_assert_cmpint (qi (store, "SELECT value FROM meta WHERE key = 'messages_fts_rowid'"), ==, mark);

  g_assert_true (corridor_store_commit (writer, &error));
  ASSERT_SEARCH (store, "valparaiso", "m-committed m-pending");
  g_assert_cmpint (qi (store, "SELECT value FROM meta WHERE key = 'messages_fts_rowid'"), ==,
                   mark + 2);
}

static void
test_cancel (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_cancellable_cancel (cancellable);
  hits = corridor_store_search_messages (store, "amberes", 0, cancellable, &error);
  g_assert_null (hits);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ASSERT_SEARCH (store, "amberes", "m-1 m-2");
}

static CorridorConversation *
find_conversation (GPtrArray *list, const char *members)
{
  for (guint i = 0; i < list->len; i++)
    {
      CorridorConversation *c = g_ptr_array_index (list, i);
      g_autofree char *joined = g_strjoinv (" ", c->members);

      if (strcmp (joined, members) == 0)
        return c;
    }
  return NULL;
}

static void
test_conversations (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = corridor_store_list_conversations (store, &error);
  CorridorConversation *ab = NULL, *ac, *chat = NULL, *group = NULL;
  guint total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  for (guint i = 0; i < list->len; i++)
    {
      CorridorConversation *c = g_ptr_array_index (list, i);
      g_autofree char *joined = g_strjoinv (" ", c->members);

      total += c->n_messages;
      if (!c->group && strcmp (joined, "alice bob") == 0)
        ab = c;
      else if (c->group && c->chat != NULL)
        chat = c;
      else if (c->group)
        group = c;
      /* The latest first. */
      if (i > 0)
        g_assert_cmpstr (((CorridorConversation *) g_ptr_array_index (list, i - 1))->last_ts, >=,
                         c->last_ts);
    }
  g_assert_cmpuint (total, ==, 10);

  g_assert_nonnull (ab);
  g_assert_cmpuint (ab->n_messages, ==, 5);
  g_assert_cmpstr (ab->first_ts, ==, "2021-01-01T10:00:00Z");
  g_assert_cmpstr (ab->last_ts, ==, "2021-01-05T13:00:00Z");
  g_assert_null (ab->chat);
  g_assert_true (ab == g_ptr_array_index (list, 0));

  ac = find_conversation (list, "alice carol");
  g_assert_nonnull (ac);
  g_assert_false (ac->group);
  g_assert_cmpuint (ac->n_messages, ==, 1);
  g_assert_cmpstr (ac->first_ts, ==, ac->last_ts);

  g_assert_nonnull (chat);
  g_assert_cmpstr (chat->chat, ==, "Smugglers");
  g_assert_cmpuint (chat->n_messages, ==, 2);
  g_assert_cmpuint (g_strv_length (chat->members), ==, 2);
  g_assert_cmpstr (chat->first_ts, ==, "2021-01-03T11:00:00Z");
  g_assert_cmpstr (chat->last_ts, ==, "2021-01-03T11:05:00Z");

  g_assert_nonnull (group);
  g_assert_cmpuint (group->n_messages, ==, 2);
  g_assert_true (group == find_conversation (list, "alice bob carol"));

  /* A hit knows its conversation. */
  {
    g_autoptr(GPtrArray) hits = search (store, "broadcast");
    g_autoptr(GPtrArray) more = search (store, "terminals");

    for (guint i = 0; i < hits->len; i++)
      g_assert_cmpstr (((CorridorMessageHit *) g_ptr_array_index (hits, i))->conversation, ==,
                       group->key);
    g_assert_cmpstr (((CorridorMessageHit *) g_ptr_array_index (more, 0))->conversation, ==,
                     chat->key);
  }
}

static char *
page_ids (CorridorConversationPage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->messages->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                            ((CorridorMessage *) g_ptr_array_index (page->messages, i))->id);
  return g_string_free (out, FALSE);
}

#define ASSERT_PAGE(store_, key_, around_, before_, after_, ids_, offset_, at_) \
  G_STMT_START { \
    g_autoptr(GError) _e = NULL; \
    g_autoptr(CorridorConversationPage) _p = \
      corridor_store_conversation_messages (store_, key_, around_, before_, after_, &_e); \
    g_autofree char *_ids = NULL; \
    g_assert_no_error (_e); \
    _ids = page_ids (_p); \
    g_assert_cmpstr (_ids, ==, ids_); \
    g_assert_cmpuint (_p->offset, ==, offset_); \
    g_assert_cmpint (_p->around, ==, at_); \
  } G_STMT_END

static void
test_paging (void)
{
  g_autoptr(CorridorStore) store = new_case (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = corridor_store_list_conversations (store, &error);
  g_autoptr(CorridorConversationPage) page = NULL;
  CorridorConversation *ab = find_conversation (list, "alice bob");
  CorridorConversation *group = find_conversation (list, "alice bob carol");
  const char *chat_key = NULL;

  g_assert_nonnull (ab);
  for (guint i = 0; i < list->len; i++)
    if (((CorridorConversation *) g_ptr_array_index (list, i))->chat != NULL)
      chat_key = ((CorridorConversation *) g_ptr_array_index (list, i))->key;
  g_assert_nonnull (chat_key);

  /* Around a message, its own conversation found from the message. */
  page = corridor_store_conversation_messages (store, NULL, "m-3", 1, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->key, ==, ab->key);
  g_assert_cmpuint (page->total, ==, 5);
  ASSERT_PAGE (store, NULL, "m-3", 1, 1, "m-2 m-3 m-4", 1, 1);
  ASSERT_PAGE (store, ab->key, "m-3", 1, 1, "m-2 m-3 m-4", 1, 1);
  /* Earlier, from the first shown, then later from the last. */
  ASSERT_PAGE (store, ab->key, "m-2", 5, 0, "m-1 m-2", 0, 1);
  ASSERT_PAGE (store, ab->key, "m-4", 0, 5, "m-4 m-8", 3, 0);
  ASSERT_PAGE (store, ab->key, "m-1", 3, 0, "m-1", 0, 0);
  ASSERT_PAGE (store, ab->key, NULL, 9, 2, "m-1 m-2 m-3", 0, -1);
  ASSERT_PAGE (store, ab->key, "m-8", 2, 2, "m-3 m-4 m-8", 2, 2);
  ASSERT_PAGE (store, chat_key, "grp:chat1:2", 5, 5, "grp:chat1:1 grp:chat1:2", 0, 1);
  ASSERT_PAGE (store, NULL, "grp:chat1:1", 0, 0, "grp:chat1:1", 0, 0);
  ASSERT_PAGE (store, group->key, NULL, 0, 10, "m-6 m-7", 0, -1);
  ASSERT_PAGE (store, NULL, "m-7", 10, 0, "m-6 m-7", 0, 1);

  /* Unknown keys and messages, and a message of another conversation. */
  {
    static const char *const bad_keys[] = { "x", "", "p:", "p:1", "p:a:b", "c:", "c:nochat",
                                            "g:999", "p:998:999", "c:zz:" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autoptr(CorridorConversationPage) p =
          corridor_store_conversation_messages (store, bad_keys[i], NULL, 1, 1, &e);

        g_assert_null (p);
        g_assert_error (e, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
      }
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(CorridorConversationPage) p =
      corridor_store_conversation_messages (store, ab->key, "m-5", 1, 1, &e);

    g_assert_null (p);
    g_assert_error (e, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(CorridorConversationPage) p =
      corridor_store_conversation_messages (store, NULL, "no-such", 1, 1, &e);

    g_assert_null (p);
    g_assert_error (e, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-search-XXXXXX", NULL);
  g_test_add_func ("/search/diacritics", test_diacritics);
  g_test_add_func ("/search/prefix", test_prefix);
  g_test_add_func ("/search/terms", test_terms);
  g_test_add_func ("/search/syntax-is-text", test_syntax_is_text);
  g_test_add_func ("/search/catch-up", test_catch_up);
  g_test_add_func ("/search/deleted-messages", test_deleted_messages);
  g_test_add_func ("/search/read-only", test_read_only);
  g_test_add_func ("/search/busy-writer", test_busy_writer);
  g_test_add_func ("/search/cancel", test_cancel);
  g_test_add_func ("/conversations/list", test_conversations);
  g_test_add_func ("/conversations/paging", test_paging);
  ret = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return ret;
}
