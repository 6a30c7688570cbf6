/* test-store.c: the case store: opening and refusing files (left byte for
 * byte untouched), migrations, sources, messages, shipments round trip, the
 * query filters in SQL, the audit chain and read-only cases. */
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "corridor-store.h"
#include "corridor-error.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  GError *error = NULL;

  fx->dir = g_dir_make_tmp ("corridor-store-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  remove_tree (fx->dir);
  g_free (fx->dir);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
assert_no_side_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
assert_refused (const char *path, CorridorStoreOpenFlags flags, int code)
{
  g_autofree char *before = file_sha256 (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, flags, &error);

  g_assert_null (store);
  g_assert_error (error, CORRIDOR_ERROR, code);
  after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  assert_no_side_files (path);
}

static CorridorStore *
new_store (Fixture *fx, const char *name)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  GError *error = NULL;
  CorridorStore *store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
test_create_reopen (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "a.corridor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autofree char *created = NULL;
  g_autofree char *version = NULL;
  GStatBuf st;

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (corridor_store_get_schema_version (store), ==, CORRIDOR_STORE_SCHEMA_VERSION);
  g_assert_false (corridor_store_is_read_only (store));
  g_assert_cmpstr (corridor_store_get_path (store), ==, path);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Seeded from the gazetteer. */
  ports = corridor_store_list_ports (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ports->len, >, 40);
  {
    gboolean found = FALSE;
    for (guint i = 0; i < ports->len; i++)
      {
        CorridorPort *p = g_ptr_array_index (ports, i);
        if (g_str_equal (p->locode, "BEANR"))
          {
            found = TRUE;
            g_assert_cmpfloat_with_epsilon (p->lat, 51.3, 0.2);
            g_assert_nonnull (p->aliases);
          }
      }
    g_assert_true (found);
  }
  created = corridor_store_get_meta (store, "created_at");
  version = corridor_store_get_meta (store, "corridor_version");
  g_assert_nonnull (created);
  g_assert_nonnull (version);
  g_assert_true (corridor_store_set_meta (store, "title", "Operation Test", &error));
  g_clear_object (&store);

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autofree char *title = corridor_store_get_meta (store, "title");
    g_assert_cmpstr (title, ==, "Operation Test");
  }
  g_assert_null (corridor_store_get_meta (store, "no-such-key"));
  g_assert_cmpint (corridor_store_get_schema_version (store), ==, CORRIDOR_STORE_SCHEMA_VERSION);
}

static void
test_missing_not_created (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "missing.corridor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);

  g_assert_null (store);
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_no_side_files (path);
  g_clear_error (&error);

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_refuse_text_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "notes.txt", NULL);

  g_assert_true (g_file_set_contents (path, "Shopping list\nbananas\n", -1, NULL));
  assert_refused (path, CORRIDOR_STORE_OPEN_DEFAULT, CORRIDOR_ERROR_NOT_A_CASE);
  assert_refused (path, CORRIDOR_STORE_OPEN_CREATE, CORRIDOR_ERROR_NOT_A_CASE);
  assert_refused (path, CORRIDOR_STORE_OPEN_READ_ONLY, CORRIDOR_ERROR_NOT_A_CASE);

  /* Long enough to hold a header, but not SQLite's. */
  {
    g_autofree char *junk = g_strnfill (4096, 'x');
    g_assert_true (g_file_set_contents (path, junk, -1, NULL));
    assert_refused (path, CORRIDOR_STORE_OPEN_CREATE, CORRIDOR_ERROR_NOT_A_CASE);
  }
}

static void
make_sqlite_file (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_refuse_foreign_sqlite (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "contacts.db", NULL);
  g_autofree char *wal_path = g_build_filename (fx->dir, "wal.db", NULL);
  g_autofree char *other_app = g_build_filename (fx->dir, "other.db", NULL);

  make_sqlite_file (path, "CREATE TABLE contacts (name TEXT, phone TEXT);"
                          "INSERT INTO contacts VALUES ('Ana', '+593 99 123 4567');");
  assert_refused (path, CORRIDOR_STORE_OPEN_DEFAULT, CORRIDOR_ERROR_NOT_A_CASE);
  assert_refused (path, CORRIDOR_STORE_OPEN_CREATE, CORRIDOR_ERROR_NOT_A_CASE);
  assert_refused (path, CORRIDOR_STORE_OPEN_READ_ONLY, CORRIDOR_ERROR_NOT_A_CASE);

  make_sqlite_file (wal_path, "PRAGMA journal_mode=WAL; CREATE TABLE t (x);");
  assert_refused (wal_path, CORRIDOR_STORE_OPEN_CREATE, CORRIDOR_ERROR_NOT_A_CASE);

  make_sqlite_file (other_app, "PRAGMA application_id = 1234;");
  assert_refused (other_app, CORRIDOR_STORE_OPEN_CREATE, CORRIDOR_ERROR_NOT_A_CASE);
}

static void
test_refuse_newer (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "future.corridor", NULL);
  g_autoptr(CorridorStore) store = new_store (fx, "future.corridor");
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d",
                                           CORRIDOR_STORE_SCHEMA_VERSION + 1);

  g_clear_object (&store);
  make_sqlite_file (path, bump);
  assert_no_side_files (path);
  assert_refused (path, CORRIDOR_STORE_OPEN_DEFAULT, CORRIDOR_ERROR_NEWER_VERSION);
  assert_refused (path, CORRIDOR_STORE_OPEN_CREATE, CORRIDOR_ERROR_NEWER_VERSION);
  assert_refused (path, CORRIDOR_STORE_OPEN_READ_ONLY, CORRIDOR_ERROR_NEWER_VERSION);
}

static int
sqlite_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migrate_v0 (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "v0.corridor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = NULL;

  make_sqlite_file (path, "PRAGMA application_id = 1129464914;");   /* 'CRDR' */
  g_assert_cmpint (sqlite_int (path, "PRAGMA user_version"), ==, 0);

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (corridor_store_get_schema_version (store), ==, CORRIDOR_STORE_SCHEMA_VERSION);
  g_assert_cmpint (corridor_store_count_shipments (store), ==, 0);
  g_assert_true (corridor_store_audit (store, "test.migrated", NULL, NULL, NULL, &error));
  g_clear_object (&store);

  g_assert_cmpint (sqlite_int (path, "PRAGMA user_version"), ==, CORRIDOR_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sqlite_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'shipments'"),
                   ==, 1);
  /* Version 3 made mentions_kind and version 5 drops it again; the index
   * that deletes mentions with their message stays. */
  g_assert_cmpint (sqlite_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'mentions_kind'"),
                   ==, 0);
  g_assert_cmpint (sqlite_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'mentions_message'"),
                   ==, 1);
  /* Version 6: the indexes the filtered shipment query names. */
  g_assert_cmpint (sqlite_int (path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                     "('shipments_span', 'shipment_ports_legs')"), ==, 2);
}

static void
test_sources_dedupe (Fixture *fx, gconstpointer data)
{
  g_autoptr(CorridorStore) store = new_store (fx, "src.corridor");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const char *sha2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
  gint64 id1 = 0, id2 = 0, id3 = 0;
  gboolean existed = TRUE;

  g_assert_true (corridor_store_add_source (store, "/evidence/phone1.jsonl", sha, 1234, "jsonl",
                                            "1", &id1, &existed, &error));
  g_assert_no_error (error);
  g_assert_false (existed);
  g_assert_true (corridor_store_add_source (store, "/copies/phone1-copy.jsonl", sha, 1234,
                                            "jsonl", "1", &id2, &existed, &error));
  g_assert_true (existed);
  g_assert_cmpint (id1, ==, id2);
  g_assert_true (corridor_store_add_source (store, "/evidence/phone2.jsonl", sha2, 99, "csv",
                                            "1", &id3, &existed, &error));
  g_assert_false (existed);
  g_assert_cmpint (id3, !=, id1);

  sources = corridor_store_list_sources (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sources->len, ==, 2);
  {
    CorridorSource *s = g_ptr_array_index (sources, 0);
    g_assert_cmpstr (s->path, ==, "/evidence/phone1.jsonl");
    g_assert_cmpstr (s->sha256, ==, sha);
    g_assert_cmpint (s->size, ==, 1234);
    g_assert_cmpstr (s->format, ==, "jsonl");
    g_assert_nonnull (s->imported_at);
  }
  g_assert_false (corridor_store_add_source (store, "x", "nothex", 1, "jsonl", "1", NULL, NULL,
                                             &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
}

static CorridorMessage *
make_message (const char *id, gint64 ts, const char *from, const char *to, const char *body)
{
  CorridorMessage *m = corridor_message_new ();

  m->id = g_strdup (id);
  m->ts = ts;
  m->tz_offset = 3600;
  m->sender = g_strdup (from);
  if (to != NULL)
    {
      g_strfreev (m->recipients);
      m->recipients = g_strsplit (to, ";", -1);
    }
  m->body = g_strdup (body);
  return m;
}

static void
test_message_clash (Fixture *fx, gconstpointer data)
{
  g_autoptr(CorridorStore) store = new_store (fx, "msg.corridor");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorMessage) a = make_message ("m-000001", 1613291482, "ZX4F7Q", "bigboss77",
                                               "la caja es MSKU 123456-5");
  g_autoptr(CorridorMessage) b = make_message ("m-000001", 1613291999, "tiburon9", NULL, "otro");
  gint64 actor = 0, again = 0;

  g_assert_true (corridor_store_add_message (store, 0, a, &error));
  g_assert_no_error (error);
  g_assert_false (corridor_store_add_message (store, 0, b, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "m-000001"));
  g_assert_cmpint (corridor_store_count_messages (store), ==, 1);

  /* The sender and recipient became actors. */
  g_assert_true (corridor_store_ensure_actor (store, "bigboss77", &actor, NULL));
  g_assert_true (corridor_store_ensure_actor (store, "bigboss77", &again, NULL));
  g_assert_cmpint (actor, >, 0);
  g_assert_cmpint (actor, ==, again);
}

static CorridorShipment *
make_shipment (const char *id, const char *const *locodes, const char *departed,
               const char *arrived, double confidence, CorridorStatus status)
{
  CorridorShipment *s = corridor_shipment_new ();

  s->id = g_strdup (id);
  for (guint i = 0; locodes[i] != NULL; i++)
    corridor_shipment_add_stop (s, locodes[i], NULL, NAN, NAN);
  s->departed = g_strdup (departed);
  s->arrived = g_strdup (arrived);
  s->confidence = confidence;
  s->status = status;
  return s;
}

static gboolean
ids_equal (GPtrArray *shipments, const char *expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < shipments->len; i++)
    {
      CorridorShipment *s = g_ptr_array_index (shipments, i);
      if (i > 0)
        g_string_append_c (got, ',');
      g_string_append (got, s->id);
    }
  if (g_strcmp0 (got->str, expected) != 0)
    g_test_message ("got %s, expected %s", got->str, expected);
  return g_strcmp0 (got->str, expected) == 0;
}

static GPtrArray *
query (CorridorStore *store, CorridorFilter *filter)
{
  GError *error = NULL;
  GPtrArray *result = corridor_store_query_shipments (store, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
test_shipment_round_trip (Fixture *fx, gconstpointer data)
{
  g_autoptr(CorridorStore) store = new_store (fx, "ship.corridor");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorShipment) s = corridor_shipment_new ();
  g_autoptr(CorridorShipment) auto_id = NULL;
  g_autoptr(CorridorShipment) bad_port = NULL;
  g_autoptr(CorridorShipment) bad_msg = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(CorridorMessage) m1 = make_message ("m-1", 1600000000, "lobo_gye", "tiburon9", "listos");
  g_autoptr(CorridorMessage) m2 = make_message ("wa:chat.txt:42", 1600000100, "tiburon9",
                                                "scheldekat;bigboss77", "ETA");
  const char *const route[] = { "ECGYE", "DOCAU", "BEANR", NULL };
  CorridorShipment *r;

  g_assert_true (corridor_store_add_message (store, 0, m1, &error));
  g_assert_true (corridor_store_add_message (store, 0, m2, &error));

  for (guint i = 0; route[i] != NULL; i++)
    corridor_shipment_add_stop (s, route[i], NULL, NAN, NAN);
  s->departed = g_strdup ("2021-02-10");
  s->arrived = g_strdup ("2021-03-01");
  s->quantity_kg = 818;
  g_strfreev (s->containers);
  s->containers = g_strsplit ("MSKU1234565,CSQU3054383", ",", -1);
  s->vessel_name = g_strdup ("Nordic Aurora");
  s->vessel_imo = g_strdup ("9074729");
  s->concealment = g_strdup ("bananas");
  s->outcome = CORRIDOR_OUTCOME_SEIZED;
  s->confidence = 0.87;
  s->label = g_strdup ("test label");
  corridor_shipment_add_actor (s, "lobo_gye", CORRIDOR_ROLE_SENDER);
  corridor_shipment_add_actor (s, "tiburon9", CORRIDOR_ROLE_INTERMEDIARY);
  corridor_shipment_add_actor (s, "scheldekat", CORRIDOR_ROLE_DISTRIBUTOR);
  g_strfreev (s->evidence);
  s->evidence = g_strsplit ("m-1,wa:chat.txt:42", ",", -1);

  g_assert_true (corridor_store_add_shipment (store, s, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (s->id, ==, "s-1");

  /* A further shipment gets the next id. */
  {
    const char *const r2[] = { "COCTG", "NLRTM", NULL };
    auto_id = make_shipment (NULL, r2, "2021-05-01", NULL, 0.5, CORRIDOR_STATUS_INFERRED);
    g_assert_true (corridor_store_add_shipment (store, auto_id, &error));
    g_assert_cmpstr (auto_id->id, ==, "s-2");
  }

  /* Unknown port and unknown message are refused, naming them; nothing stays. */
  {
    const char *const r3[] = { "ECGYE", "XXZZZ", NULL };
    bad_port = make_shipment (NULL, r3, "2021-05-01", NULL, 0.5, CORRIDOR_STATUS_INFERRED);
    g_assert_false (corridor_store_add_shipment (store, bad_port, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "XXZZZ"));
    g_assert_null (bad_port->id);
    g_clear_error (&error);

    bad_msg = make_shipment ("s-77", route, "2021-05-01", NULL, 0.5, CORRIDOR_STATUS_INFERRED);
    g_strfreev (bad_msg->evidence);
    bad_msg->evidence = g_strsplit ("m-nope", ",", -1);
    g_assert_false (corridor_store_add_shipment (store, bad_msg, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "m-nope"));
    g_clear_error (&error);
  }
  g_assert_cmpint (corridor_store_count_shipments (store), ==, 2);

  result = query (store, NULL);
  g_assert_true (ids_equal (result, "s-1,s-2"));
  r = g_ptr_array_index (result, 0);
  g_assert_cmpuint (r->n_stops, ==, 3);
  g_assert_cmpstr (r->stops[0].locode, ==, "ECGYE");
  g_assert_cmpstr (r->stops[1].locode, ==, "DOCAU");
  g_assert_cmpstr (r->stops[2].locode, ==, "BEANR");
  g_assert_nonnull (r->stops[2].name);
  g_assert_cmpfloat_with_epsilon (r->stops[2].lat, 51.3, 0.2);
  g_assert_cmpfloat_with_epsilon (r->stops[0].lon, -79.9, 0.3);
  g_assert_cmpstr (r->departed, ==, "2021-02-10");
  g_assert_cmpstr (r->arrived, ==, "2021-03-01");
  g_assert_cmpfloat (r->quantity_kg, ==, 818);
  g_assert_cmpuint (g_strv_length (r->containers), ==, 2);
  g_assert_cmpstr (r->containers[0], ==, "MSKU1234565");
  g_assert_cmpstr (r->containers[1], ==, "CSQU3054383");
  g_assert_cmpstr (r->vessel_name, ==, "Nordic Aurora");
  g_assert_cmpstr (r->vessel_imo, ==, "9074729");
  g_assert_cmpstr (r->concealment, ==, "bananas");
  g_assert_cmpint (r->outcome, ==, CORRIDOR_OUTCOME_SEIZED);
  g_assert_cmpint (r->status, ==, CORRIDOR_STATUS_INFERRED);
  g_assert_cmpfloat_with_epsilon (r->confidence, 0.87, 1e-9);
  g_assert_cmpstr (r->label, ==, "test label");
  g_assert_cmpuint (r->actors->len, ==, 3);
  {
    CorridorShipmentActor *a = g_ptr_array_index (r->actors, 1);
    g_assert_cmpstr (a->handle, ==, "tiburon9");
    g_assert_cmpint (a->role, ==, CORRIDOR_ROLE_INTERMEDIARY);
  }
  g_assert_cmpuint (g_strv_length (r->evidence), ==, 2);
  g_assert_cmpstr (r->evidence[0], ==, "m-1");
  g_assert_cmpstr (r->evidence[1], ==, "wa:chat.txt:42");

  r = g_ptr_array_index (result, 1);
  g_assert_true (isnan (r->quantity_kg));
  g_assert_null (r->arrived);
  g_assert_null (r->vessel_name);
  g_assert_cmpuint (g_strv_length (r->containers), ==, 0);
  g_assert_cmpuint (g_strv_length (r->evidence), ==, 0);

  /* Extra evidence and mentions link by id. */
  g_assert_true (corridor_store_add_evidence (store, "s-2", "m-1", "origin", 0, 6, &error));
  g_assert_false (corridor_store_add_evidence (store, "s-99", "m-1", "origin", 0, 6, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (corridor_store_add_mention (store, "m-1", "port", "ECGYE", 0, 6, "x1", &error));
  g_assert_false (corridor_store_add_mention (store, "m-404", "port", "ECGYE", 0, 6, "x1", &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Duplicate explicit id. */
  {
    const char *const r2[] = { "COCTG", "NLRTM", NULL };
    g_autoptr(CorridorShipment) dup = make_shipment ("s-1", r2, NULL, NULL, 0.5,
                                                     CORRIDOR_STATUS_INFERRED);
    g_assert_false (corridor_store_add_shipment (store, dup, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_query_filters (Fixture *fx, gconstpointer data)
{
  g_autoptr(CorridorStore) store = new_store (fx, "query.corridor");
  g_autoptr(GError) error = NULL;
  const char *const a_route[] = { "ECGYE", "BEANR", NULL };
  const char *const b_route[] = { "COCTG", "ESALG", "NLRTM", NULL };
  const char *const c_route[] = { "BRSSZ", "DEHAM", NULL };
  const char *const lead[] = { "ECGYE", NULL };
  struct {
    const char *id;
    const char *const *route;
    const char *departed, *arrived;
    double confidence;
    CorridorStatus status;
    const char *sender, *distributor;
  } rows[] = {
    { "s-10", a_route, "2021-02-10", "2021-03-01", 0.9, CORRIDOR_STATUS_INFERRED, "lobo_gye", "scheldekat" },
    { "s-2",  b_route, "2021-02-10", "2021-02-28", 0.5, CORRIDOR_STATUS_CONFIRMED, "cartagenero", "uithaler01" },
    { "s-3",  c_route, NULL, "2021-06-15", 0.7, CORRIDOR_STATUS_INFERRED, "santista_br", "hafen_hh" },
    { "s-4",  a_route, NULL, NULL, 0.3, CORRIDOR_STATUS_INFERRED, "ZX4F7Q", "bigboss77" },
    { "s-5",  c_route, "2022-01-01", "2022-01-20", 0.99, CORRIDOR_STATUS_REJECTED, "santista_br", "hafen_hh" },
    { "s-6",  lead, "2021-02-10", NULL, 0.9, CORRIDOR_STATUS_INFERRED, "lobo_gye", "scheldekat" },
  };
  g_autoptr(CorridorFilter) f = NULL;

  g_assert_true (corridor_store_begin (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(CorridorShipment) s = make_shipment (rows[i].id, rows[i].route, rows[i].departed,
                                                     rows[i].arrived, rows[i].confidence,
                                                     rows[i].status);
      corridor_shipment_add_actor (s, rows[i].sender, CORRIDOR_ROLE_SENDER);
      corridor_shipment_add_actor (s, "sheikh_dxb", CORRIDOR_ROLE_INTERMEDIARY);
      corridor_shipment_add_actor (s, rows[i].distributor, CORRIDOR_ROLE_DISTRIBUTOR);
      g_assert_true (corridor_store_add_shipment (store, s, &error));
      g_assert_no_error (error);
    }
  g_assert_true (corridor_store_commit (store, &error));

  /* Default: no rejected, no leads; ordered by date then natural id; undated last. */
  {
    g_autoptr(GPtrArray) r = query (store, NULL);
    g_assert_true (ids_equal (r, "s-2,s-10,s-3,s-4"));
  }

  f = corridor_filter_new ();
  /* Ports: any stop, repeated means OR. */
  g_ptr_array_add (f->ports, g_strdup ("ESALG"));
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-2"));
  }
  g_ptr_array_add (f->ports, g_strdup ("DEHAM"));
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-2,s-3"));
  }
  g_ptr_array_set_size (f->ports, 0);

  /* Dates: span overlap; a single date is that day; undated excluded. */
  f->from = g_strdup ("2021-03-01");
  f->to = g_strdup ("2021-06-15");
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-10,s-3"));
  }
  g_clear_pointer (&f->from, g_free);
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-2,s-10,s-3"));
  }
  g_free (f->to);
  f->to = g_strdup ("2021-02-09");
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_cmpuint (r->len, ==, 0);
  }
  g_clear_pointer (&f->to, g_free);

  /* Roles alone, actor alone, actor with role. */
  f->roles = 1u << CORRIDOR_ROLE_INTERMEDIARY;
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_cmpuint (r->len, ==, 4);
  }
  g_ptr_array_add (f->actors, g_strdup ("lobo_gye"));
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_cmpuint (r->len, ==, 0);
  }
  f->roles = 1u << CORRIDOR_ROLE_SENDER;
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-10"));
  }
  f->roles = 0;
  g_ptr_array_add (f->actors, g_strdup ("hafen_hh"));
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-10,s-3"));
  }
  g_ptr_array_set_size (f->actors, 0);

  /* Min confidence is inclusive. */
  f->min_confidence = 0.7;
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-10,s-3"));
  }
  f->min_confidence = 0;

  /* Status. */
  f->statuses = 1u << CORRIDOR_STATUS_REJECTED;
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-5"));
  }
  f->statuses = 1u << CORRIDOR_STATUS_CONFIRMED;
  {
    g_autoptr(GPtrArray) r = query (store, f);
    g_assert_true (ids_equal (r, "s-2"));
  }
  f->statuses = 0;

  /* Every result agrees with the in-memory twin. */
  {
    g_autoptr(CorridorFilter) all = corridor_filter_new ();
    g_autoptr(GPtrArray) everything = NULL;

    all->statuses = 0x7;
    everything = query (store, all);
    g_assert_cmpuint (everything->len, ==, 5);
    f->from = g_strdup ("2021-02-28");
    f->roles = 1u << CORRIDOR_ROLE_DISTRIBUTOR;
    g_ptr_array_add (f->ports, g_strdup ("BEANR"));
    g_ptr_array_add (f->ports, g_strdup ("NLRTM"));
    {
      g_autoptr(GPtrArray) r = query (store, f);
      guint expected = 0;

      for (guint i = 0; i < everything->len; i++)
        expected += corridor_filter_match (f, g_ptr_array_index (everything, i));
      g_assert_cmpuint (r->len, ==, expected);
      g_assert_true (ids_equal (r, "s-2,s-10"));
    }
  }

  /* Invalid filter. */
  {
    g_autoptr(CorridorFilter) bad = corridor_filter_new ();
    bad->from = g_strdup ("2021-05-01");
    bad->to = g_strdup ("2021-04-01");
    g_assert_null (corridor_store_query_shipments (store, bad, &error));
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* Without the version 6 indexes (a case opened read-only is not
   * migrated) the query takes the plain plan and answers the same. */
  {
    g_autofree char *path = g_build_filename (fx->dir, "query.corridor", NULL);
    g_autoptr(CorridorStore) old = NULL;

    g_clear_object (&store);
    make_sqlite_file (path, "DROP INDEX shipments_span; DROP INDEX shipment_ports_legs;");
    old = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    {
      g_autoptr(GPtrArray) r = query (old, f);
      g_assert_true (ids_equal (r, "s-2,s-10"));
    }
    g_ptr_array_set_size (f->ports, 0);
    f->roles = 0;
    g_free (f->from);
    f->from = g_strdup ("2021-03-01");
    f->to = g_strdup ("2021-06-15");
    {
      g_autoptr(GPtrArray) r = query (old, f);
      g_assert_true (ids_equal (r, "s-10,s-3"));
    }
  }
}

static void
test_audit_chain (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "audit.corridor", NULL);
  g_autoptr(CorridorStore) store = new_store (fx, "audit.corridor");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gint64 bad = -1;

  g_assert_true (corridor_store_audit (store, "review.confirm", "s-1", "{\"status\": \"inferred\"}",
                                       "{\"status\": \"confirmed\"}", &error));
  g_assert_true (corridor_store_audit (store, "review.note", "s-1", NULL, "{\"note\": \"x\"}", &error));
  g_assert_true (corridor_store_audit (store, "review.reject", "s-2", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (corridor_store_count_audit (store), ==, 3);
  g_assert_true (corridor_store_verify_audit (store, &bad, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    char *prev = NULL;
    int n = 0;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT prev_hash, hash, os_user FROM audit_log ORDER BY id",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const char *p = (const char *) sqlite3_column_text (stmt, 0);
        const char *h = (const char *) sqlite3_column_text (stmt, 1);

        g_assert_cmpuint (strlen (h), ==, 64);
        if (prev != NULL)
          g_assert_cmpstr (p, ==, prev);
        g_assert_cmpstr (p, !=, h);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, g_get_user_name ());
        g_free (prev);
        prev = g_strdup (h);
        n++;
      }
    g_free (prev);
    sqlite3_finalize (stmt);
    g_assert_cmpint (n, ==, 3);
  }
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET action = 'x' WHERE id = 2", NULL, NULL,
                                 NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log WHERE id = 2", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  /* Even with the triggers dropped, tampering is caught by the chain. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_log_no_update;"
                                 "UPDATE audit_log SET object = 's-9' WHERE id = 2", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (corridor_store_verify_audit (store, &bad, &error));
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT);
  g_assert_cmpint (bad, ==, 2);
}

static void
test_read_only (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = g_build_filename (fx->dir, "ro.corridor", NULL);
  g_autoptr(CorridorStore) store = new_store (fx, "ro.corridor");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorMessage) m = make_message ("m-9", 1, "a", NULL, "b");
  const char *const route[] = { "ECGYE", "BEANR", NULL };
  g_autoptr(CorridorShipment) s = make_shipment ("s-1", route, "2021-01-01", NULL, 1,
                                                 CORRIDOR_STATUS_INFERRED);
  g_autoptr(CorridorPort) port = corridor_port_new ("XXABC", "Nowhere", "XX", 1, 2, NULL);

  g_assert_true (corridor_store_add_shipment (store, s, &error));
  g_clear_object (&store);
  g_free (s->id);
  s->id = NULL;

  store = corridor_store_open (path, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (corridor_store_is_read_only (store));

#define ASSERT_RO(call) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_READ_ONLY); \
    g_clear_error (&error); \
  } G_STMT_END
  ASSERT_RO (corridor_store_set_meta (store, "k", "v", &error));
  ASSERT_RO (corridor_store_add_message (store, 0, m, &error));
  ASSERT_RO (corridor_store_ensure_actor (store, "x", NULL, &error));
  ASSERT_RO (corridor_store_add_shipment (store, s, &error));
  ASSERT_RO (corridor_store_audit (store, "x", NULL, NULL, NULL, &error));
  ASSERT_RO (corridor_store_upsert_port (store, port, &error));
  ASSERT_RO (corridor_store_add_source (store, "p",
             "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1, "jsonl",
             "1", NULL, NULL, &error));
  ASSERT_RO (corridor_store_add_mention (store, "m-9", "port", "X", 0, 1, "1", &error));
  ASSERT_RO (corridor_store_add_evidence (store, "s-1", "m-9", NULL, 0, 1, &error));
  ASSERT_RO (corridor_store_begin (store, &error));
#undef ASSERT_RO

  /* Reading still works, including the filtered query. */
  {
    g_autoptr(CorridorFilter) f = corridor_filter_new ();
    g_autoptr(GPtrArray) r = NULL;

    g_ptr_array_add (f->ports, g_strdup ("BEANR"));
    r = corridor_store_query_shipments (store, f, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (r->len, ==, 1);
  }
}

static void
test_upsert_port (Fixture *fx, gconstpointer data)
{
  g_autoptr(CorridorStore) store = new_store (fx, "ports.corridor");
  g_autoptr(GError) error = NULL;
  const char *aliases[] = { "Puerto Nuevo", "PNV", NULL };
  g_autoptr(CorridorPort) port = corridor_port_new ("XXPNV", "Puerto Nuevo", "XX", 10.5, -60.25,
                                                    aliases);
  g_autoptr(GPtrArray) ports = NULL;
  gboolean found = FALSE;

  g_assert_true (corridor_store_upsert_port (store, port, &error));
  g_assert_no_error (error);
  ports = corridor_store_list_ports (store, &error);
  for (guint i = 0; i < ports->len; i++)
    {
      CorridorPort *p = g_ptr_array_index (ports, i);
      if (g_str_equal (p->locode, "XXPNV"))
        {
          found = TRUE;
          g_assert_cmpstr (p->name, ==, "Puerto Nuevo");
          g_assert_cmpfloat (p->lon, ==, -60.25);
          g_assert_cmpuint (g_strv_length (p->aliases), ==, 2);
        }
    }
  g_assert_true (found);
}

/* 100,000 shipments; a filtered query must stay interactive. */
static void
test_query_speed (Fixture *fx, gconstpointer data)
{
  g_autoptr(CorridorStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorFilter) f = corridor_filter_new ();
  g_autoptr(GPtrArray) r = NULL;
  const char *origins[] = { "ECGYE", "COCTG", "BRSSZ", "PECLL", "COBUN" };
  const char *dests[] = { "BEANR", "NLRTM", "DEHAM", "ESALG", "FRLEH", "ITGOA", "GRPIR", "PLGDN" };
  gint64 t0, t1;
  guint n = g_test_slow () ? 100000 : 20000;

  store = new_store (fx, "speed.corridor");
  g_assert_true (corridor_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      guint32 h = i * 2654435761u;
      const char *route[] = { origins[h % 5], dests[(h >> 8) % 8], NULL };
      g_autofree char *dep = g_strdup_printf ("202%u-%02u-%02u", (h >> 12) % 4, 1 + (h >> 16) % 12,
                                              1 + (h >> 20) % 28);
      g_autoptr(CorridorShipment) s = make_shipment (NULL, route, dep, NULL, 0.5,
                                                     CORRIDOR_STATUS_INFERRED);
      corridor_shipment_add_actor (s, i % 7 == 0 ? "lobo_gye" : "tiburon9", CORRIDOR_ROLE_SENDER);
      g_assert_true (corridor_store_add_shipment (store, s, &error));
    }
  g_assert_true (corridor_store_commit (store, &error));

  g_ptr_array_add (f->ports, g_strdup ("GRPIR"));
  f->from = g_strdup ("2021-03-01");
  f->to = g_strdup ("2021-05-31");
  r = query (store, f);   /* warm the cache */
  g_clear_pointer (&r, g_ptr_array_unref);
  t0 = g_get_monotonic_time ();
  r = query (store, f);
  t1 = g_get_monotonic_time ();
  g_test_message ("%u shipments: filtered query of %u rows in %.1f ms", n, r->len,
                  (t1 - t0) / 1000.0);
  g_assert_cmpuint (r->len, >, 0);
  g_assert_cmpint (t1 - t0, <, 500 * 1000);   /* generous for sanitizer builds */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("create-reopen", test_create_reopen);
  ADD ("missing-not-created", test_missing_not_created);
  ADD ("refuse-text", test_refuse_text_file);
  ADD ("refuse-foreign-sqlite", test_refuse_foreign_sqlite);
  ADD ("refuse-newer", test_refuse_newer);
  ADD ("migrate-v0", test_migrate_v0);
  ADD ("sources-dedupe", test_sources_dedupe);
  ADD ("message-clash", test_message_clash);
  ADD ("shipment-round-trip", test_shipment_round_trip);
  ADD ("query-filters", test_query_filters);
  ADD ("audit-chain", test_audit_chain);
  ADD ("read-only", test_read_only);
  ADD ("upsert-port", test_upsert_port);
  ADD ("query-speed", test_query_speed);
#undef ADD

  return g_test_run ();
}
