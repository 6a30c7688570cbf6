/* corridor-store.c: the case store, one SQLite file per case. All SQL of the
 * program lives here, always with bound parameters, in statements prepared
 * once and cached. Invariants: a file that is not ours, or is newer than this
 * build, is refused before anything writes to it (byte-for-byte untouched, no
 * -wal/-shm); every write runs in a transaction (its own, or a savepoint inside
 * the caller's); the audit log is append-only and hash-chained.
 * The connection is FULLMUTEX but the statement cache is not shared safely:
 * one thread at a time (the app hands the store from worker to worker). */
#include "corridor-store.h"
#include "corridor-error.h"
#include "corridor-gazetteer.h"
#include "corridor-text.h"
#include "corridor-config.h"
#include "corridor-extract.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

/* 'CRDR': PRAGMA application_id of every Corridor case. */
#define CORRIDOR_APPLICATION_ID 0x43524452

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct _CorridorStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  gboolean    read_only;
  gboolean    explicit_txn;
  int         schema_version;
  GHashTable *stmts;   /* SQL text -> sqlite3_stmt*, prepared once */
  /* Import: the hot statements (borrowed from stmts, so no SQL hashing per
   * row) and the CREATE INDEX text of indexes dropped for a bulk load, put
   * back before the transaction commits (corridor_store_import_defer_indexes). */
  sqlite3_stmt *import_insert;
  sqlite3_stmt *import_rcpt;
  GPtrArray    *deferred_indexes;
  sqlite3_stmt *mention_insert;   /* Inference's hot statement, borrowed the same way */
};

G_DEFINE_FINAL_TYPE (CorridorStore, corridor_store, G_TYPE_OBJECT)

/* ---------------------------------------------------------------------------
 * Statement helpers
 * ------------------------------------------------------------------------- */

/* Resets a cached statement when it goes out of scope, so no read lock or
 * binding outlives the call that used it. */
static void
stmt_reset_cleanup (sqlite3_stmt **stmt)
{
  if (*stmt != NULL)
    {
      sqlite3_reset (*stmt);
      sqlite3_clear_bindings (*stmt);
    }
}
#define CACHED_STMT __attribute__ ((cleanup (stmt_reset_cleanup))) sqlite3_stmt *

static int
sqlite_to_corridor_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
      return CORRIDOR_ERROR_READ_ONLY;
    case SQLITE_CORRUPT:
      return CORRIDOR_ERROR_CORRUPT;
    case SQLITE_NOTADB:
      return CORRIDOR_ERROR_NOT_A_CASE;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return CORRIDOR_ERROR_IO;
    case SQLITE_CONSTRAINT:
      return CORRIDOR_ERROR_INVALID_ARGUMENT;
    default:
      return CORRIDOR_ERROR_FAILED;
    }
}

static gboolean
set_db_error (sqlite3 *db, int rc, const char *what, GError **error)
{
  g_set_error (error, CORRIDOR_ERROR, sqlite_to_corridor_code (rc), "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static sqlite3_stmt *
get_stmt (CorridorStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, "Could not prepare a query", error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static void
bind_double (sqlite3_stmt *stmt, int i, double value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_double (stmt, i, value);
}

static char *
column_strdup (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static double
column_double_or_nan (sqlite3_stmt *stmt, int i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, i);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (CorridorStore *self, sqlite3_stmt *stmt, const char *what, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, what, error);
  return TRUE;
}

static gboolean
exec_sql (sqlite3 *db, const char *sql, GError **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CORRIDOR_ERROR, sqlite_to_corridor_code (rc), "%s",
                   msg != NULL ? msg : sqlite3_errstr (rc));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static gint64
query_int (sqlite3 *db, const char *sql, gint64 fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---------------------------------------------------------------------------
 * Write transactions
 * ------------------------------------------------------------------------- */

static gboolean
check_writable (CorridorStore *self, GError **error)
{
  if (self->read_only)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_READ_ONLY,
                   "The case “%s” is open read-only", self->path);
      return FALSE;
    }
  return TRUE;
}

/* Opens a transaction for one write call: its own (BEGIN IMMEDIATE, so the
 * write lock is taken up front and busy_timeout applies) or, inside the
 * caller's transaction, a savepoint so a failed call leaves nothing half done. */
static gboolean
write_begin (CorridorStore *self, gboolean *nested, GError **error)
{
  if (!check_writable (self, error))
    return FALSE;
  *nested = !sqlite3_get_autocommit (self->db);
  return exec_sql (self->db, *nested ? "SAVEPOINT corridor_write" : "BEGIN IMMEDIATE", error);
}

static gboolean
write_end (CorridorStore *self, gboolean nested, gboolean ok, GError **error)
{
  if (ok)
    {
      if (exec_sql (self->db, nested ? "RELEASE corridor_write" : "COMMIT", error))
        return TRUE;
    }
  if (nested)
    {
      exec_sql (self->db, "ROLLBACK TO corridor_write", NULL);
      exec_sql (self->db, "RELEASE corridor_write", NULL);
    }
  else if (!sqlite3_get_autocommit (self->db))
    exec_sql (self->db, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
corridor_store_begin (CorridorStore *self, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (self->explicit_txn || !sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A transaction is already open on this case");
      return FALSE;
    }
  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->explicit_txn = TRUE;
  return TRUE;
}

static gboolean
import_restore_indexes (CorridorStore *self, GError **error);

gboolean
corridor_store_commit (CorridorStore *self, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!self->explicit_txn)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "No transaction is open on this case");
      return FALSE;
    }
  /* Indexes a bulk import dropped are rebuilt inside the same transaction:
   * no commit ever leaves the case without them. */
  if (!import_restore_indexes (self, error))
    {
      corridor_store_rollback (self);
      return FALSE;
    }
  if (!exec_sql (self->db, "COMMIT", error))
    {
      corridor_store_rollback (self);
      return FALSE;
    }
  self->explicit_txn = FALSE;
  return TRUE;
}

void
corridor_store_rollback (CorridorStore *self)
{
  g_return_if_fail (CORRIDOR_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    exec_sql (self->db, "ROLLBACK", NULL);
  self->explicit_txn = FALSE;
  /* The rollback brought back any index a bulk import dropped. */
  if (self->deferred_indexes != NULL)
    g_ptr_array_set_size (self->deferred_indexes, 0);
}

/* ---------------------------------------------------------------------------
 * Schema and migrations
 * ------------------------------------------------------------------------- */

static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT);"
  "CREATE TABLE sources ("
  "  id               INTEGER PRIMARY KEY,"
  "  sha256           TEXT NOT NULL UNIQUE,"
  "  size             INTEGER NOT NULL,"
  "  format           TEXT NOT NULL,"
  "  importer_version TEXT,"
  "  imported_at      TEXT NOT NULL);"
  "CREATE TABLE source_paths ("
  "  source_id INTEGER NOT NULL REFERENCES sources(id),"
  "  path      TEXT NOT NULL,"
  "  added_at  TEXT NOT NULL,"
  "  PRIMARY KEY (source_id, path));"
  "CREATE TABLE actors ("
  "  id           INTEGER PRIMARY KEY,"
  "  handle       TEXT NOT NULL UNIQUE,"
  "  display_name TEXT,"
  "  role         TEXT CHECK (role IS NULL OR role IN ('sender','intermediary','distributor')));"
  "CREATE TABLE actor_aliases ("
  "  actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
  "  alias    TEXT NOT NULL,"
  "  PRIMARY KEY (actor_id, alias));"
  "CREATE TABLE messages ("
  "  rowid        INTEGER PRIMARY KEY,"
  "  id           TEXT NOT NULL UNIQUE,"
  "  source_id    INTEGER REFERENCES sources(id),"
  "  ts           INTEGER NOT NULL,"
  "  tz_offset    INTEGER NOT NULL DEFAULT 0,"
  "  sender_actor INTEGER REFERENCES actors(id),"
  "  body         TEXT NOT NULL,"
  "  lat          REAL,"
  "  lon          REAL,"
  "  extra_json   TEXT);"
  "CREATE INDEX messages_sender ON messages(sender_actor);"
  "CREATE INDEX messages_ts ON messages(ts);"
  "CREATE INDEX messages_source ON messages(source_id);"
  "CREATE TABLE message_recipients ("
  "  message_rowid INTEGER NOT NULL REFERENCES messages(rowid) ON DELETE CASCADE,"
  "  actor_id      INTEGER NOT NULL REFERENCES actors(id),"
  "  PRIMARY KEY (message_rowid, actor_id));"
  "CREATE INDEX message_recipients_actor ON message_recipients(actor_id);"
  "CREATE TABLE ports ("
  "  locode  TEXT PRIMARY KEY,"
  "  name    TEXT NOT NULL,"
  "  country TEXT,"
  "  lat     REAL,"
  "  lon     REAL,"
  "  origin  TEXT NOT NULL DEFAULT 'case' CHECK (origin IN ('gazetteer','case')));"
  "CREATE TABLE port_aliases ("
  "  locode TEXT NOT NULL REFERENCES ports(locode) ON DELETE CASCADE,"
  "  alias  TEXT NOT NULL,"
  "  key    TEXT NOT NULL,"
  "  PRIMARY KEY (locode, alias));"
  "CREATE INDEX port_aliases_key ON port_aliases(key);"
  "CREATE TABLE mentions ("
  "  id                INTEGER PRIMARY KEY,"
  "  message_rowid     INTEGER NOT NULL REFERENCES messages(rowid) ON DELETE CASCADE,"
  "  kind              TEXT NOT NULL,"
  "  value             TEXT NOT NULL,"
  "  span_start        INTEGER,"
  "  span_end          INTEGER,"
  "  extractor_version TEXT);"
  "CREATE INDEX mentions_message ON mentions(message_rowid);"
  /* id_seq is N of an "s-N" id, so "s-2" sorts before "s-10". */
  "CREATE TABLE shipments ("
  "  rowid       INTEGER PRIMARY KEY,"
  "  id          TEXT NOT NULL UNIQUE,"
  "  id_seq      INTEGER,"
  "  departed    TEXT,"
  "  arrived     TEXT,"
  "  quantity_kg REAL,"
  "  vessel_name TEXT,"
  "  vessel_imo  TEXT,"
  "  concealment TEXT,"
  "  outcome     TEXT NOT NULL DEFAULT 'unknown'"
  "              CHECK (outcome IN ('delivered','seized','lost','unknown')),"
  "  status      TEXT NOT NULL DEFAULT 'inferred'"
  "              CHECK (status IN ('inferred','confirmed','rejected')),"
  "  confidence  REAL NOT NULL DEFAULT 0,"
  "  label       TEXT,"
  "  created_at  TEXT NOT NULL);"
  "CREATE INDEX shipments_departed ON shipments(departed);"
  "CREATE TABLE shipment_ports ("
  "  shipment_rowid INTEGER NOT NULL REFERENCES shipments(rowid) ON DELETE CASCADE,"
  "  leg            INTEGER NOT NULL,"
  "  locode         TEXT NOT NULL REFERENCES ports(locode),"
  "  PRIMARY KEY (shipment_rowid, leg));"
  "CREATE INDEX shipment_ports_locode ON shipment_ports(locode, shipment_rowid);"
  "CREATE TABLE shipment_containers ("
  "  shipment_rowid INTEGER NOT NULL REFERENCES shipments(rowid) ON DELETE CASCADE,"
  "  container      TEXT NOT NULL,"
  "  UNIQUE (shipment_rowid, container));"
  "CREATE TABLE shipment_actors ("
  "  shipment_rowid INTEGER NOT NULL REFERENCES shipments(rowid) ON DELETE CASCADE,"
  "  actor_id       INTEGER NOT NULL REFERENCES actors(id),"
  "  role           TEXT NOT NULL CHECK (role IN ('sender','intermediary','distributor')),"
  "  UNIQUE (shipment_rowid, actor_id, role));"
  "CREATE INDEX shipment_actors_actor ON shipment_actors(actor_id);"
  "CREATE TABLE evidence ("
  "  id             INTEGER PRIMARY KEY,"
  "  shipment_rowid INTEGER NOT NULL REFERENCES shipments(rowid) ON DELETE CASCADE,"
  "  message_rowid  INTEGER NOT NULL REFERENCES messages(rowid),"
  "  field          TEXT,"
  "  span_start     INTEGER,"
  "  span_end       INTEGER);"
  "CREATE INDEX evidence_shipment ON evidence(shipment_rowid);"
  "CREATE INDEX evidence_message ON evidence(message_rowid);"
  "CREATE TABLE audit_log ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  ts          TEXT NOT NULL,"
  "  os_user     TEXT NOT NULL,"
  "  action      TEXT NOT NULL,"
  "  object      TEXT,"
  "  before_json TEXT,"
  "  after_json  TEXT,"
  "  prev_hash   TEXT NOT NULL,"
  "  hash        TEXT NOT NULL);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/* Version 2: sea routes cached per stop sequence, so redraws never reroute.
 * A row holds the router version that made it; other versions are misses. */
static const char schema_v2[] =
  "CREATE TABLE sea_routes ("
  "  key       TEXT PRIMARY KEY,"
  "  version   INTEGER NOT NULL,"
  "  points    BLOB NOT NULL,"
  "  kinds     BLOB NOT NULL,"
  "  length_nm REAL NOT NULL);";

/* Version 3: import and inference. Copies of one message from two sources
 * are linked (counted once); mentions carry their qualifier, number and
 * confidence; leads are findings with one known port; shipment_keys keep a
 * shipment's id stable when inference runs again on the same messages. */
static const char schema_v3[] =
  "CREATE TABLE message_links ("
  "  message_rowid INTEGER PRIMARY KEY REFERENCES messages(rowid) ON DELETE CASCADE,"
  "  duplicate_of  INTEGER NOT NULL REFERENCES messages(rowid) ON DELETE CASCADE);"
  "ALTER TABLE mentions ADD COLUMN qualifier TEXT;"
  "ALTER TABLE mentions ADD COLUMN number REAL;"
  "ALTER TABLE mentions ADD COLUMN confidence REAL;"
  "CREATE INDEX mentions_kind ON mentions(kind, value);"
  "CREATE TABLE leads ("
  "  rowid       INTEGER PRIMARY KEY,"
  "  id          TEXT NOT NULL UNIQUE,"
  "  locode      TEXT REFERENCES ports(locode),"
  "  port_role   TEXT CHECK (port_role IS NULL OR port_role IN ('origin','transit','destination')),"
  "  date        TEXT,"
  "  quantity_kg REAL,"
  "  containers  TEXT,"
  "  vessel_name TEXT,"
  "  vessel_imo  TEXT,"
  "  concealment TEXT,"
  "  outcome     TEXT,"
  "  confidence  REAL NOT NULL DEFAULT 0,"
  "  evidence    TEXT);"
  "CREATE TABLE shipment_keys ("
  "  key TEXT PRIMARY KEY,"
  "  id  TEXT NOT NULL UNIQUE);";

/* Version 4: the analyst's review. Corrections, the Admiralty grade and notes
 * are keyed by the public shipment id, not the row, so they outlive the
 * inferred row that inference deletes and re-adds under the same id. */
static const char schema_v4[] =
  "CREATE TABLE shipment_corrections ("
  "  shipment_id TEXT NOT NULL,"
  "  field       TEXT NOT NULL,"
  "  value       TEXT,"
  "  PRIMARY KEY (shipment_id, field));"
  "CREATE TABLE shipment_notes ("
  "  id          INTEGER PRIMARY KEY,"
  "  shipment_id TEXT NOT NULL,"
  "  ts          TEXT NOT NULL,"
  "  os_user     TEXT NOT NULL,"
  "  body        TEXT NOT NULL);"
  "CREATE INDEX shipment_notes_shipment ON shipment_notes(shipment_id);";

/* Version 5: nothing looks mentions up by kind and value, and inference
 * rebuilt that index after every run (seconds at a million messages). */
static const char schema_v5[] =
  "DROP INDEX IF EXISTS mentions_kind;";

/* Version 6: `shipments --port P --from --to` on a large case. The narrow
 * rowid-keyed span index answers the date and status terms for each shipment
 * the port index names without reading the wide shipments rows, and the
 * covering legs index gives each shipment's stops in one index range. */
static const char schema_v6[] =
  "CREATE INDEX IF NOT EXISTS shipments_span ON shipments(rowid, departed, arrived, status);"
  "CREATE INDEX IF NOT EXISTS shipment_ports_legs ON shipment_ports(shipment_rowid, leg, locode);";

typedef struct {
  int         version;
  const char *sql;
} CorridorMigration;

/* Step N turns a version N-1 case into version N. Add a schema version by
 * appending one entry and bumping CORRIDOR_STORE_SCHEMA_VERSION. */
static const CorridorMigration migrations[] = {
  { 1, schema_v1 },
  { 2, schema_v2 },
  { 3, schema_v3 },
  { 4, schema_v4 },
  { 5, schema_v5 },
  { 6, schema_v6 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CORRIDOR_STORE_SCHEMA_VERSION);

/* Runs the pending steps, each in its own savepoint with its user_version
 * bump, so a failure leaves the case at the last complete version. */
static gboolean
run_migrations (CorridorStore *self, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const CorridorMigration *m = &migrations[i];
      g_autofree char *bump = NULL;

      if (m->version <= self->schema_version)
        continue;
      if (!exec_sql (self->db, "SAVEPOINT corridor_migrate", error))
        return FALSE;
      /* PRAGMA takes no bound parameters; the value is our own integer. */
      bump = g_strdup_printf ("PRAGMA user_version = %d", m->version);
      if (!exec_sql (self->db, m->sql, error) || !exec_sql (self->db, bump, error))
        {
          exec_sql (self->db, "ROLLBACK TO corridor_migrate", NULL);
          exec_sql (self->db, "RELEASE corridor_migrate", NULL);
          g_prefix_error (error, "Could not upgrade the case to version %d: ", m->version);
          return FALSE;
        }
      if (!exec_sql (self->db, "RELEASE corridor_migrate", error))
        return FALSE;
      self->schema_version = m->version;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

typedef enum {
  HEADER_EMPTY,     /* a zero-byte file: SQLite treats it as an empty database */
  HEADER_SQLITE,
} HeaderKind;

typedef struct {
  HeaderKind kind;
  gboolean   wal;
  guint32    application_id;
  guint32    user_version;
} CaseHeader;

/* Reads the SQLite header with plain file I/O, so refusing a foreign file
 * never involves SQLite's locking files. */
static gboolean
read_case_header (const char *path, CaseHeader *out, GError **error)
{
  guint8 buf[100];
  gssize n;
  int fd;

  memset (out, 0, sizeof *out);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CORRIDOR_ERROR,
                   saved == ENOENT ? CORRIDOR_ERROR_NOT_FOUND : CORRIDOR_ERROR_IO,
                   "Could not open “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, buf, sizeof buf);
  close (fd);
  if (n == 0)
    {
      out->kind = HEADER_EMPTY;
      return TRUE;
    }
  if (n < (gssize) sizeof buf || memcmp (buf, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_A_CASE,
                   "“%s” is not a Corridor case", path);
      return FALSE;
    }
  out->kind = HEADER_SQLITE;
  out->wal = buf[18] == 2 || buf[19] == 2;
  out->user_version = read_be32 (buf + 60);
  out->application_id = read_be32 (buf + 68);
  return TRUE;
}

static gboolean
check_identity (const char *path, guint32 application_id, guint32 user_version,
                gboolean has_tables, gboolean may_initialise, GError **error)
{
  if (application_id == CORRIDOR_APPLICATION_ID)
    {
      if (user_version > CORRIDOR_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NEWER_VERSION,
                       "“%s” was written by a newer version of Corridor (case version %u, "
                       "this version reads up to %d)", path, user_version,
                       CORRIDOR_STORE_SCHEMA_VERSION);
          return FALSE;
        }
      return TRUE;
    }
  if (application_id == 0 && !has_tables && may_initialise)
    return TRUE;
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_A_CASE,
               "“%s” is not a Corridor case", path);
  return FALSE;
}

/* The read-only look at an existing file, before anything may write to it. */
static gboolean
precheck_existing (const char *path, gboolean may_initialise, gboolean *out_empty,
                   GError **error)
{
  CaseHeader header;
  sqlite3 *db = NULL;
  guint32 app_id, user_version;
  gboolean has_tables;
  int rc;

  *out_empty = FALSE;
  if (!read_case_header (path, &header, error))
    return FALSE;
  if (header.kind == HEADER_EMPTY)
    {
      *out_empty = TRUE;
      return check_identity (path, 0, 0, FALSE, may_initialise, error);
    }

  /* A WAL file would make even a read-only SQLite connection create -shm, so
   * it is judged by its header alone: ours always set application_id before
   * switching to WAL. The read-write connection checks again afterwards. */
  if (header.wal)
    return check_identity (path, header.application_id, header.user_version, TRUE,
                           may_initialise, error);

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, rc, "Could not open the case", error);
      sqlite3_close (db);
      return FALSE;
    }
  app_id = (guint32) query_int (db, "PRAGMA application_id", -1);
  user_version = (guint32) query_int (db, "PRAGMA user_version", -1);
  has_tables = query_int (db, "SELECT count(*) FROM sqlite_master", 1) != 0;
  sqlite3_close (db);
  return check_identity (path, app_id, user_version, has_tables, may_initialise, error);
}

static gboolean
seed_new_case (CorridorStore *self, GError **error);

static gboolean
upsert_port_internal (CorridorStore *self, const CorridorPort *port, const char *origin,
                      GError **error);

static gboolean
initialise_case (CorridorStore *self, GError **error)
{
  g_autofree char *set_id = NULL;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  set_id = g_strdup_printf ("PRAGMA application_id = %d", CORRIDOR_APPLICATION_ID);
  if (!exec_sql (self->db, set_id, error) ||
      !run_migrations (self, error) ||
      !seed_new_case (self, error) ||
      !exec_sql (self->db, "COMMIT", error))
    {
      exec_sql (self->db, "ROLLBACK", NULL);
      self->schema_version = 0;
      return FALSE;
    }
  return TRUE;
}

static void
remove_case_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

CorridorStore *
corridor_store_open (const char             *path,
                     CorridorStoreOpenFlags  flags,
                     GError                **error)
{
  g_autoptr(CorridorStore) self = NULL;
  gboolean read_only = (flags & CORRIDOR_STORE_OPEN_READ_ONLY) != 0;
  gboolean create = (flags & CORRIDOR_STORE_OPEN_CREATE) != 0 && !read_only;
  gboolean created = FALSE, empty = FALSE;
  guint32 app_id;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (create)
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          close (fd);
          created = TRUE;
        }
      else if (errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_IO,
                       "Could not create the case “%s”: %s", path, g_strerror (saved));
          return NULL;
        }
    }

  if (!created)
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                       "The case “%s” does not exist", path);
          return NULL;
        }
      if (!precheck_existing (path, create, &empty, error))
        return NULL;
    }

  self = g_object_new (CORRIDOR_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;

  rc = sqlite3_open_v2 (path, &self->db,
                        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                        SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, "Could not open the case", error);
      if (created)
        remove_case_files (path);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  /* Checked again through SQLite: a WAL file's header may lag its log. */
  app_id = (guint32) query_int (self->db, "PRAGMA application_id", -1);
  self->schema_version = (int) query_int (self->db, "PRAGMA user_version", -1);
  if (!created && !empty &&
      !check_identity (path, app_id, (guint32) self->schema_version,
                       query_int (self->db, "SELECT count(*) FROM sqlite_master", 1) != 0,
                       create, error))
    return NULL;

  /* WAL with synchronous=NORMAL: no fsync per commit, yet a crash or SIGKILL
   * still leaves every transaction (one per imported source) all or nothing.
   * Only a power loss or OS crash may drop the last commits, never tear one. */
  if (!read_only)
    {
      if (!exec_sql (self->db, "PRAGMA journal_mode = WAL", error) ||
          !exec_sql (self->db, "PRAGMA synchronous = NORMAL", error))
        goto fail;
    }
  if (!exec_sql (self->db, "PRAGMA foreign_keys = ON", error))
    goto fail;

  if (!read_only)
    {
      if (app_id != CORRIDOR_APPLICATION_ID)
        {
          if (!initialise_case (self, error))
            goto fail;
        }
      else if (self->schema_version < CORRIDOR_STORE_SCHEMA_VERSION)
        {
          if (!exec_sql (self->db, "BEGIN IMMEDIATE", error))
            goto fail;
          if (!run_migrations (self, error) || !exec_sql (self->db, "COMMIT", error))
            {
              exec_sql (self->db, "ROLLBACK", NULL);
              goto fail;
            }
        }
    }

  return g_steal_pointer (&self);

fail:
  if (created)
    {
      g_clear_pointer (&self->db, sqlite3_close_v2);
      remove_case_files (path);
    }
  return NULL;
}

static void
corridor_store_finalize (GObject *object)
{
  CorridorStore *self = CORRIDOR_STORE (object);

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->deferred_indexes, g_ptr_array_unref);
  if (self->db != NULL)
    {
      if (!sqlite3_get_autocommit (self->db))
        exec_sql (self->db, "ROLLBACK", NULL);
      sqlite3_close_v2 (self->db);
    }
  g_free (self->path);

  G_OBJECT_CLASS (corridor_store_parent_class)->finalize (object);
}

static void
corridor_store_class_init (CorridorStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_store_finalize;
}

static void
stmt_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
corridor_store_init (CorridorStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_finalize);
}

const char *
corridor_store_get_path (CorridorStore *self)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  return self->path;
}

gboolean
corridor_store_is_read_only (CorridorStore *self)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), TRUE);
  return self->read_only;
}

int
corridor_store_get_schema_version (CorridorStore *self)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), -1);
  return self->schema_version;
}

/* ---------------------------------------------------------------------------
 * Meta
 * ------------------------------------------------------------------------- */

static gboolean
set_meta_internal (CorridorStore *self, const char *key, const char *value, GError **error)
{
  CACHED_STMT stmt = get_stmt (self,
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (self, stmt, "Could not write case metadata", error);
}

gboolean
corridor_store_set_meta (CorridorStore *self, const char *key, const char *value,
                         GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = set_meta_internal (self, key, value, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

char *
corridor_store_get_meta (CorridorStore *self, const char *key)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = get_stmt (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return column_strdup (stmt, 0);
  return NULL;
}

static gboolean
seed_new_case (CorridorStore *self, GError **error)
{
  CorridorGazetteer *gazetteer = corridor_gazetteer_get_default (error);
  g_autofree char *now = now_iso8601 ();
  guint n;

  if (gazetteer == NULL)
    {
      g_prefix_error (error, "Could not seed the case's ports: ");
      return FALSE;
    }
  n = corridor_gazetteer_get_n_ports (gazetteer);
  for (guint i = 0; i < n; i++)
    if (!upsert_port_internal (self, corridor_gazetteer_get_port (gazetteer, i), "gazetteer",
                               error))
      return FALSE;
  return set_meta_internal (self, "created_at", now, error) &&
         set_meta_internal (self, "corridor_version", CORRIDOR_VERSION, error) &&
         set_meta_internal (self, "next_shipment", "1", error);
}

/* ---------------------------------------------------------------------------
 * Sources
 * ------------------------------------------------------------------------- */

void
corridor_source_free (CorridorSource *src)
{
  if (src == NULL)
    return;
  g_free (src->path);
  g_free (src->sha256);
  g_free (src->format);
  g_free (src->importer_version);
  g_free (src->imported_at);
  g_free (src);
}

static gboolean
add_source_path (CorridorStore *self, gint64 source_id, const char *path, const char *now,
                 GError **error)
{
  CACHED_STMT stmt = get_stmt (self,
      "INSERT OR IGNORE INTO source_paths (source_id, path, added_at) VALUES (?1, ?2, ?3)",
      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  bind_text (stmt, 2, path);
  bind_text (stmt, 3, now);
  return step_done (self, stmt, "Could not record the source path", error);
}

static gboolean
add_source_internal (CorridorStore *self, const char *path, const char *sha256, gint64 size,
                     const char *format, const char *importer_version, gint64 *out_id,
                     gboolean *out_existed, GError **error)
{
  g_autofree char *now = now_iso8601 ();
  g_autofree char *sha = g_ascii_strdown (sha256, -1);
  gint64 id;

  {
    CACHED_STMT find = get_stmt (self, "SELECT id FROM sources WHERE sha256 = ?1", error);

    if (find == NULL)
      return FALSE;
    bind_text (find, 1, sha);
    if (sqlite3_step (find) == SQLITE_ROW)
      {
        id = sqlite3_column_int64 (find, 0);
        sqlite3_reset (find);
        if (!add_source_path (self, id, path, now, error))
          return FALSE;
        if (out_id)
          *out_id = id;
        if (out_existed)
          *out_existed = TRUE;
        return TRUE;
      }
  }
  {
    CACHED_STMT insert = get_stmt (self,
        "INSERT INTO sources (sha256, size, format, importer_version, imported_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)", error);

    if (insert == NULL)
      return FALSE;
    bind_text (insert, 1, sha);
    sqlite3_bind_int64 (insert, 2, size);
    bind_text (insert, 3, format);
    bind_text (insert, 4, importer_version);
    bind_text (insert, 5, now);
    if (!step_done (self, insert, "Could not record the source", error))
      return FALSE;
    id = sqlite3_last_insert_rowid (self->db);
  }
  if (!add_source_path (self, id, path, now, error))
    return FALSE;
  if (out_id)
    *out_id = id;
  if (out_existed)
    *out_existed = FALSE;
  return TRUE;
}

gboolean
corridor_store_add_source (CorridorStore *self, const char *path, const char *sha256,
                           gint64 size, const char *format, const char *importer_version,
                           gint64 *out_id, gboolean *out_existed, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  if (strlen (sha256) != 64)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a SHA-256 digest", sha256);
      return FALSE;
    }
  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = add_source_internal (self, path, sha256, size, format, importer_version, out_id,
                            out_existed, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* One entry per source (content), with the first path it was imported under. */
GPtrArray *
corridor_store_list_sources (CorridorStore *self, GError **error)
{
  g_autoptr(GPtrArray) sources = NULL;
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  stmt = get_stmt (self,
      "SELECT s.id, (SELECT p.path FROM source_paths p WHERE p.source_id = s.id "
      "              ORDER BY p.added_at, p.rowid LIMIT 1), "
      "       s.sha256, s.size, s.format, s.importer_version, s.imported_at "
      "FROM sources s ORDER BY s.id", error);
  if (stmt == NULL)
    return NULL;
  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_source_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorSource *src = g_new0 (CorridorSource, 1);

      src->id = sqlite3_column_int64 (stmt, 0);
      src->path = column_strdup (stmt, 1);
      src->sha256 = column_strdup (stmt, 2);
      src->size = sqlite3_column_int64 (stmt, 3);
      src->format = column_strdup (stmt, 4);
      src->importer_version = column_strdup (stmt, 5);
      src->imported_at = column_strdup (stmt, 6);
      g_ptr_array_add (sources, src);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not list sources", error);
      return NULL;
    }
  return g_steal_pointer (&sources);
}

/* ---------------------------------------------------------------------------
 * Actors and messages
 * ------------------------------------------------------------------------- */

static gboolean
ensure_actor_internal (CorridorStore *self, const char *handle, gint64 *out_id,
                       GError **error)
{
  {
    CACHED_STMT find = get_stmt (self, "SELECT id FROM actors WHERE handle = ?1", error);

    if (find == NULL)
      return FALSE;
    bind_text (find, 1, handle);
    if (sqlite3_step (find) == SQLITE_ROW)
      {
        if (out_id)
          *out_id = sqlite3_column_int64 (find, 0);
        return TRUE;
      }
  }
  {
    CACHED_STMT insert = get_stmt (self, "INSERT INTO actors (handle) VALUES (?1)", error);

    if (insert == NULL)
      return FALSE;
    bind_text (insert, 1, handle);
    if (!step_done (self, insert, "Could not add the actor", error))
      return FALSE;
    if (out_id)
      *out_id = sqlite3_last_insert_rowid (self->db);
  }
  return TRUE;
}

gboolean
corridor_store_ensure_actor (CorridorStore *self, const char *handle, gint64 *out_id,
                             GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (handle != NULL, FALSE);

  if (*handle == '\0')
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "An actor needs a handle");
      return FALSE;
    }
  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = ensure_actor_internal (self, handle, out_id, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

static gboolean
lookup_message_rowid (CorridorStore *self, const char *message_id, gint64 *out_rowid,
                      GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "SELECT rowid FROM messages WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, message_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No message “%s” in the case", message_id);
      return FALSE;
    }
  *out_rowid = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
add_message_internal (CorridorStore *self, gint64 source_id, const CorridorMessage *m,
                      GError **error)
{
  gint64 sender_id = 0, rowid;

  {
    CACHED_STMT clash = get_stmt (self, "SELECT 1 FROM messages WHERE id = ?1", error);

    if (clash == NULL)
      return FALSE;
    bind_text (clash, 1, m->id);
    if (sqlite3_step (clash) == SQLITE_ROW)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "The message id “%s” is already in the case", m->id);
        return FALSE;
      }
  }

  if (m->sender != NULL && *m->sender != '\0' &&
      !ensure_actor_internal (self, m->sender, &sender_id, error))
    return FALSE;

  {
    CACHED_STMT insert = get_stmt (self,
        "INSERT INTO messages (id, source_id, ts, tz_offset, sender_actor, body, lat, lon, "
        "extra_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

    if (insert == NULL)
      return FALSE;
    bind_text (insert, 1, m->id);
    if (source_id > 0)
      sqlite3_bind_int64 (insert, 2, source_id);
    else
      sqlite3_bind_null (insert, 2);
    sqlite3_bind_int64 (insert, 3, m->ts);
    sqlite3_bind_int (insert, 4, m->tz_offset);
    if (sender_id > 0)
      sqlite3_bind_int64 (insert, 5, sender_id);
    else
      sqlite3_bind_null (insert, 5);
    bind_text (insert, 6, m->body != NULL ? m->body : "");
    bind_double (insert, 7, m->lat);
    bind_double (insert, 8, m->lon);
    bind_text (insert, 9, m->extra_json);
    if (!step_done (self, insert, "Could not add the message", error))
      return FALSE;
    rowid = sqlite3_last_insert_rowid (self->db);
  }

  for (guint i = 0; m->recipients != NULL && m->recipients[i] != NULL; i++)
    {
      CACHED_STMT rcpt = NULL;
      gint64 actor_id;

      if (*m->recipients[i] == '\0')
        continue;
      if (!ensure_actor_internal (self, m->recipients[i], &actor_id, error))
        return FALSE;
      rcpt = get_stmt (self,
          "INSERT OR IGNORE INTO message_recipients (message_rowid, actor_id) VALUES (?1, ?2)",
          error);
      if (rcpt == NULL)
        return FALSE;
      sqlite3_bind_int64 (rcpt, 1, rowid);
      sqlite3_bind_int64 (rcpt, 2, actor_id);
      if (!step_done (self, rcpt, "Could not add a recipient", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
corridor_store_add_message (CorridorStore *self, gint64 source_id,
                            const CorridorMessage *message, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (message->id != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = add_message_internal (self, source_id, message, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

static gint64
count_rows (CorridorStore *self, const char *sql)
{
  CACHED_STMT stmt = get_stmt (self, sql, NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  return -1;
}

gint64
corridor_store_count_messages (CorridorStore *self)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), -1);
  return count_rows (self, "SELECT count(*) FROM messages");
}

/* ---------------------------------------------------------------------------
 * Ports
 * ------------------------------------------------------------------------- */

static gboolean
upsert_port_internal (CorridorStore *self, const CorridorPort *port, const char *origin,
                      GError **error)
{
  {
    CACHED_STMT stmt = get_stmt (self,
        "INSERT INTO ports (locode, name, country, lat, lon, origin) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (locode) DO UPDATE SET name = excluded.name, country = excluded.country, "
        "lat = excluded.lat, lon = excluded.lon, origin = excluded.origin", error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, port->locode);
    bind_text (stmt, 2, port->name != NULL ? port->name : port->locode);
    bind_text (stmt, 3, port->country);
    bind_double (stmt, 4, port->lat);
    bind_double (stmt, 5, port->lon);
    bind_text (stmt, 6, origin);
    if (!step_done (self, stmt, "Could not write the port", error))
      return FALSE;
  }
  {
    CACHED_STMT del = get_stmt (self, "DELETE FROM port_aliases WHERE locode = ?1", error);

    if (del == NULL)
      return FALSE;
    bind_text (del, 1, port->locode);
    if (!step_done (self, del, "Could not write the port", error))
      return FALSE;
  }
  for (guint i = 0; port->aliases != NULL && port->aliases[i] != NULL; i++)
    {
      g_autofree char *key = corridor_text_key (port->aliases[i]);
      CACHED_STMT ins = get_stmt (self,
          "INSERT OR IGNORE INTO port_aliases (locode, alias, key) VALUES (?1, ?2, ?3)",
          error);

      if (ins == NULL)
        return FALSE;
      bind_text (ins, 1, port->locode);
      bind_text (ins, 2, port->aliases[i]);
      bind_text (ins, 3, key != NULL ? key : "");
      if (!step_done (self, ins, "Could not write a port alias", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
corridor_store_upsert_port (CorridorStore *self, const CorridorPort *port, GError **error)
{
  gboolean nested, ok;
  char locode[6];

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (port != NULL && port->locode != NULL, FALSE);

  if (!corridor_locode_normalize (port->locode, locode) || strcmp (locode, port->locode) != 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a UN/LOCODE", port->locode);
      return FALSE;
    }
  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = upsert_port_internal (self, port, "case", error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

gboolean
corridor_store_has_port (CorridorStore *self, const char *locode)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (locode != NULL, FALSE);

  CACHED_STMT stmt = get_stmt (self, "SELECT 1 FROM ports WHERE locode = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, locode);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

GPtrArray *
corridor_store_list_ports (CorridorStore *self, GError **error)
{
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GHashTable) by_locode = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  ports = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_port_free);
  by_locode = g_hash_table_new (g_str_hash, g_str_equal);
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT locode, name, country, lat, lon FROM ports ORDER BY locode", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        CorridorPort *port = corridor_port_new ((const char *) sqlite3_column_text (stmt, 0),
                                                (const char *) sqlite3_column_text (stmt, 1),
                                                (const char *) sqlite3_column_text (stmt, 2),
                                                column_double_or_nan (stmt, 3),
                                                column_double_or_nan (stmt, 4), NULL);
        g_ptr_array_add (ports, port);
        g_hash_table_insert (by_locode, port->locode, port);
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not list ports", error);
        return NULL;
      }
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT locode, alias FROM port_aliases ORDER BY locode, rowid", error);
    g_autoptr(GStrvBuilder) builder = NULL;
    CorridorPort *current = NULL;

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        CorridorPort *port = g_hash_table_lookup (by_locode, sqlite3_column_text (stmt, 0));

        if (port != current)
          {
            if (current != NULL)
              {
                g_strfreev (current->aliases);
                current->aliases = g_strv_builder_end (builder);
              }
            g_clear_pointer (&builder, g_strv_builder_unref);
            builder = g_strv_builder_new ();
            current = port;
          }
        if (current != NULL)
          g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 1));
      }
    if (current != NULL)
      {
        g_strfreev (current->aliases);
        current->aliases = g_strv_builder_end (builder);
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not list port aliases", error);
        return NULL;
      }
  }
  return g_steal_pointer (&ports);
}

/* ---------------------------------------------------------------------------
 * Mentions and evidence
 * ------------------------------------------------------------------------- */

static gboolean
add_mention_internal (CorridorStore *self, const char *message_id, const char *kind,
                      const char *value, int span_start, int span_end,
                      const char *extractor_version, GError **error)
{
  CACHED_STMT stmt = NULL;
  gint64 rowid;

  if (!lookup_message_rowid (self, message_id, &rowid, error))
    return FALSE;
  stmt = get_stmt (self,
      "INSERT INTO mentions (message_rowid, kind, value, span_start, span_end, "
      "extractor_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, value);
  sqlite3_bind_int (stmt, 4, span_start);
  sqlite3_bind_int (stmt, 5, span_end);
  bind_text (stmt, 6, extractor_version);
  return step_done (self, stmt, "Could not add the mention", error);
}

gboolean
corridor_store_add_mention (CorridorStore *self, const char *message_id, const char *kind,
                            const char *value, int span_start, int span_end,
                            const char *extractor_version, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_id != NULL && kind != NULL && value != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = add_mention_internal (self, message_id, kind, value, span_start, span_end,
                             extractor_version, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* One evidence row, by row ids: the one place evidence is written. */
static gboolean
insert_evidence_rowids (CorridorStore *self, gint64 shipment_rowid, gint64 message_rowid,
                        const char *field, int span_start, int span_end, GError **error)
{
  CACHED_STMT stmt = NULL;

  stmt = get_stmt (self,
      "INSERT INTO evidence (shipment_rowid, message_rowid, field, span_start, span_end) "
      "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, shipment_rowid);
  sqlite3_bind_int64 (stmt, 2, message_rowid);
  bind_text (stmt, 3, field);
  if (span_start >= 0 && span_end >= span_start)
    {
      sqlite3_bind_int (stmt, 4, span_start);
      sqlite3_bind_int (stmt, 5, span_end);
    }
  return step_done (self, stmt, "Could not add the evidence", error);
}

static gboolean
insert_evidence (CorridorStore *self, gint64 shipment_rowid, const char *message_id,
                 const char *field, int span_start, int span_end, GError **error)
{
  gint64 message_rowid;

  if (!lookup_message_rowid (self, message_id, &message_rowid, error))
    return FALSE;
  return insert_evidence_rowids (self, shipment_rowid, message_rowid, field, span_start, span_end,
                                 error);
}

static gboolean
lookup_shipment_rowid (CorridorStore *self, const char *shipment_id, gint64 *out_rowid,
                       GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "SELECT rowid FROM shipments WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, shipment_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No shipment “%s” in the case", shipment_id);
      return FALSE;
    }
  *out_rowid = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
corridor_store_add_evidence (CorridorStore *self, const char *shipment_id,
                             const char *message_id, const char *field, int span_start,
                             int span_end, GError **error)
{
  gboolean nested, ok;
  gint64 rowid;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (shipment_id != NULL && message_id != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = lookup_shipment_rowid (self, shipment_id, &rowid, error) &&
       insert_evidence (self, rowid, message_id, field, span_start, span_end, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* ---------------------------------------------------------------------------
 * Shipments
 * ------------------------------------------------------------------------- */

/* N of "s-N", or -1: the natural sort key of public shipment ids. */
static gint64
shipment_id_seq (const char *id)
{
  guint64 n;
  char *end = NULL;

  if (id == NULL || id[0] != 's' || id[1] != '-' || !g_ascii_isdigit (id[2]))
    return -1;
  n = g_ascii_strtoull (id + 2, &end, 10);
  if (*end != '\0' || n > G_MAXINT64 / 2)
    return -1;
  return (gint64) n;
}

static gboolean
next_shipment_id (CorridorStore *self, char **out_id, GError **error)
{
  g_autofree char *counter = corridor_store_get_meta (self, "next_shipment");
  gint64 n = counter != NULL ? g_ascii_strtoll (counter, NULL, 10) : 1;

  if (n < 1)
    n = 1;
  /* Skip ids that were given explicitly; ids are never reused. */
  for (;;)
    {
      g_autofree char *candidate = g_strdup_printf ("s-%" G_GINT64_FORMAT, n);
      CACHED_STMT stmt = get_stmt (self, "SELECT 1 FROM shipments WHERE id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, candidate);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          *out_id = g_steal_pointer (&candidate);
          break;
        }
      n++;
    }
  {
    g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, n + 1);
    return set_meta_internal (self, "next_shipment", next, error);
  }
}

static gboolean review_reapply (CorridorStore *self, const char *id, gint64 rowid,
                                GError **error);

static gboolean
add_shipment_internal (CorridorStore *self, CorridorShipment *s, char **out_assigned,
                       GError **error)
{
  g_autofree char *assigned = NULL;
  g_autofree char *now = now_iso8601 ();
  const char *id = s->id;
  gint64 rowid, seq;

  if (id == NULL)
    {
      if (!next_shipment_id (self, &assigned, error))
        return FALSE;
      id = assigned;
    }
  seq = shipment_id_seq (id);

  {
    CACHED_STMT clash = get_stmt (self, "SELECT 1 FROM shipments WHERE id = ?1", error);

    if (clash == NULL)
      return FALSE;
    bind_text (clash, 1, id);
    if (sqlite3_step (clash) == SQLITE_ROW)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "The shipment id “%s” is already in the case", id);
        return FALSE;
      }
  }

  {
    CACHED_STMT insert = get_stmt (self,
        "INSERT INTO shipments (id, id_seq, departed, arrived, quantity_kg, vessel_name, "
        "vessel_imo, concealment, outcome, status, confidence, label, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);

    if (insert == NULL)
      return FALSE;
    bind_text (insert, 1, id);
    if (seq >= 0)
      sqlite3_bind_int64 (insert, 2, seq);
    bind_text (insert, 3, s->departed);
    bind_text (insert, 4, s->arrived);
    bind_double (insert, 5, s->quantity_kg);
    bind_text (insert, 6, s->vessel_name);
    bind_text (insert, 7, s->vessel_imo);
    bind_text (insert, 8, s->concealment);
    bind_text (insert, 9, corridor_outcome_to_string (s->outcome));
    bind_text (insert, 10, corridor_status_to_string (s->status));
    bind_double (insert, 11, CLAMP (s->confidence, 0.0, 1.0));
    bind_text (insert, 12, s->label);
    bind_text (insert, 13, now);
    if (!step_done (self, insert, "Could not add the shipment", error))
      return FALSE;
    rowid = sqlite3_last_insert_rowid (self->db);
  }

  for (guint i = 0; i < s->n_stops; i++)
    {
      CACHED_STMT port = get_stmt (self, "SELECT 1 FROM ports WHERE locode = ?1", error);
      CACHED_STMT leg = NULL;

      if (port == NULL)
        return FALSE;
      bind_text (port, 1, s->stops[i].locode);
      if (sqlite3_step (port) != SQLITE_ROW)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                       "Shipment %s: the port %s is not in the case", id, s->stops[i].locode);
          return FALSE;
        }
      leg = get_stmt (self,
          "INSERT INTO shipment_ports (shipment_rowid, leg, locode) VALUES (?1, ?2, ?3)", error);
      if (leg == NULL)
        return FALSE;
      sqlite3_bind_int64 (leg, 1, rowid);
      sqlite3_bind_int (leg, 2, (int) i);
      bind_text (leg, 3, s->stops[i].locode);
      if (!step_done (self, leg, "Could not add a shipment port", error))
        return FALSE;
    }

  for (guint i = 0; s->containers != NULL && s->containers[i] != NULL; i++)
    {
      CACHED_STMT stmt = get_stmt (self,
          "INSERT OR IGNORE INTO shipment_containers (shipment_rowid, container) VALUES (?1, ?2)",
          error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      bind_text (stmt, 2, s->containers[i]);
      if (!step_done (self, stmt, "Could not add a container", error))
        return FALSE;
    }

  for (guint i = 0; s->actors != NULL && i < s->actors->len; i++)
    {
      const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);
      const char *role = corridor_role_to_string (a->role);
      CACHED_STMT stmt = NULL;
      gint64 actor_id;

      if (role == NULL)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "Shipment %s: actor %s has no role", id, a->handle);
          return FALSE;
        }
      if (!ensure_actor_internal (self, a->handle, &actor_id, error))
        return FALSE;
      stmt = get_stmt (self,
          "INSERT OR IGNORE INTO shipment_actors (shipment_rowid, actor_id, role) "
          "VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int64 (stmt, 2, actor_id);
      bind_text (stmt, 3, role);
      if (!step_done (self, stmt, "Could not add a shipment actor", error))
        return FALSE;
    }

  for (guint i = 0; s->evidence != NULL && s->evidence[i] != NULL; i++)
    if (!insert_evidence (self, rowid, s->evidence[i], NULL, -1, -1, error))
      {
        g_prefix_error (error, "Shipment %s: ", id);
        return FALSE;
      }

  /* Inference re-adds a shipment under its old id: the analyst's
   * corrections of it stand (Review, below). */
  if (!review_reapply (self, id, rowid, error))
    return FALSE;

  if (seq >= 0 && assigned == NULL)
    {
      /* Keep the counter ahead of explicit "s-N" ids. */
      g_autofree char *counter = corridor_store_get_meta (self, "next_shipment");

      if (counter == NULL || g_ascii_strtoll (counter, NULL, 10) <= seq)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, seq + 1);
          if (!set_meta_internal (self, "next_shipment", next, error))
            return FALSE;
        }
    }

  *out_assigned = g_steal_pointer (&assigned);
  return TRUE;
}

gboolean
corridor_store_add_shipment (CorridorStore *self, CorridorShipment *shipment, GError **error)
{
  g_autofree char *assigned = NULL;
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (shipment != NULL, FALSE);

  if ((shipment->departed != NULL && !corridor_date_is_valid (shipment->departed)) ||
      (shipment->arrived != NULL && !corridor_date_is_valid (shipment->arrived)))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment dates must be YYYY-MM-DD");
      return FALSE;
    }
  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = add_shipment_internal (self, shipment, &assigned, error);
  if (!write_end (self, nested, ok, ok ? error : NULL))
    return FALSE;
  if (assigned != NULL)
    {
      g_free (shipment->id);
      shipment->id = g_steal_pointer (&assigned);
    }
  return TRUE;
}

gint64
corridor_store_count_shipments (CorridorStore *self)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), -1);
  return count_rows (self, "SELECT count(*) FROM shipments");
}

/* Builds "(?,?,…)" placeholders; values are always bound, never spliced. */
static void
append_placeholders (GString *sql, guint n, int *next_param)
{
  g_string_append_c (sql, '(');
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s?%d", i > 0 ? ", " : "", (*next_param)++);
  g_string_append_c (sql, ')');
}

static void
append_role_placeholders (GString *sql, guint roles, int *next_param, GPtrArray *params)
{
  guint n = 0;

  for (guint r = CORRIDOR_ROLE_SENDER; r < CORRIDOR_N_ROLES; r++)
    if (roles & (1u << r))
      {
        g_ptr_array_add (params, (gpointer) corridor_role_to_string ((CorridorRole) r));
        n++;
      }
  append_placeholders (sql, n, next_param);
}

/* Whether the case has index NAME now: a case opened read-only is not
 * migrated, and inference drops the shipment indexes while it rewrites. */
static gboolean
has_index (CorridorStore *self, const char *name)
{
  CACHED_STMT stmt = get_stmt (self,
      "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", NULL);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Selects the matching shipment rowids into temp.corridor_query. The filter's
 * rules are those of corridor_filter_match(); both must change together. */
static gboolean
select_matching (CorridorStore *self, const CorridorFilter *f, GError **error)
{
  /* Cheap, selective terms first; SQLite drives the scan from the port or
   * actor index when one is given. Without statistics the planner fetches
   * each candidate's wide row by rowid (most of the table's pages for a busy
   * port); the narrow span index answers the date and status terms instead,
   * and the legs index the origin-and-destination test. */
  g_autoptr(GString) sql = g_string_new (
      "INSERT INTO temp.corridor_query (rowid) SELECT s.rowid FROM shipments s");
  gboolean legs_index = has_index (self, "shipment_ports_legs");
  g_autoptr(GPtrArray) text_params = g_ptr_array_new ();   /* borrowed strings, in order */
  guint mask = corridor_filter_status_mask (f);
  int next = 1, n_text;
  CACHED_STMT stmt = NULL;

  if (has_index (self, "shipments_span"))
    g_string_append (sql, " INDEXED BY shipments_span");
  g_string_append (sql, " WHERE 1");
  if (f != NULL && f->ports != NULL && f->ports->len > 0)
    {
      g_string_append (sql, " AND s.rowid IN (SELECT shipment_rowid FROM shipment_ports "
                            "WHERE locode IN ");
      append_placeholders (sql, f->ports->len, &next);
      g_string_append_c (sql, ')');
      for (guint i = 0; i < f->ports->len; i++)
        g_ptr_array_add (text_params, g_ptr_array_index (f->ports, i));
    }
  if (f != NULL && f->to != NULL)
    {
      g_string_append_printf (sql, " AND COALESCE(s.departed, s.arrived) <= ?%d", next++);
      g_ptr_array_add (text_params, f->to);
    }
  if (f != NULL && f->from != NULL)
    {
      g_string_append_printf (sql, " AND COALESCE(s.arrived, s.departed) >= ?%d", next++);
      g_ptr_array_add (text_params, f->from);
    }
  if (f != NULL && f->actors != NULL && f->actors->len > 0)
    {
      g_string_append (sql, " AND s.rowid IN (SELECT sa.shipment_rowid FROM shipment_actors sa "
                            "JOIN actors a ON a.id = sa.actor_id WHERE a.handle IN ");
      append_placeholders (sql, f->actors->len, &next);
      for (guint i = 0; i < f->actors->len; i++)
        g_ptr_array_add (text_params, g_ptr_array_index (f->actors, i));
      if (f->roles != 0)
        {
          g_string_append (sql, " AND sa.role IN ");
          append_role_placeholders (sql, f->roles, &next, text_params);
        }
      g_string_append_c (sql, ')');
    }
  else if (f != NULL && f->roles != 0)
    {
      g_string_append (sql, " AND s.rowid IN (SELECT shipment_rowid FROM shipment_actors "
                            "WHERE role IN ");
      append_role_placeholders (sql, f->roles, &next, text_params);
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " AND s.status IN (");
  for (guint st = 0, n = 0; st < CORRIDOR_N_STATUSES; st++)
    if (mask & (1u << st))
      {
        g_string_append_printf (sql, "%s?%d", n++ > 0 ? ", " : "", next++);
        g_ptr_array_add (text_params, (gpointer) corridor_status_to_string ((CorridorStatus) st));
      }
  g_string_append_c (sql, ')');
  /* Shipments only: origin and destination known (legs are 0, 1, …). */
  g_string_append_printf (sql, " AND EXISTS (SELECT 1 FROM shipment_ports l%s "
                          "WHERE l.shipment_rowid = s.rowid AND l.leg = 1)",
                          legs_index ? " INDEXED BY shipment_ports_legs" : "");
  n_text = next - 1;
  if (f != NULL && f->min_confidence > 0.0)
    g_string_append_printf (sql, " AND s.confidence >= ?%d", next++);

  stmt = get_stmt (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < n_text; i++)
    bind_text (stmt, i + 1, g_ptr_array_index (text_params, i));
  if (f != NULL && f->min_confidence > 0.0)
    sqlite3_bind_double (stmt, n_text + 1, f->min_confidence);
  return step_done (self, stmt, "Could not query shipments", error);
}

static char **
strv_from_array (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}

/* Fills a list field of every selected shipment from one ordered query whose
 * first column is the shipment rowid and second the value. */
static gboolean
fill_string_lists (CorridorStore *self, const char *sql, GHashTable *by_rowid,
                   gsize field_offset, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, sql, error);
  g_autoptr(GPtrArray) current = NULL;
  CorridorShipment *owner = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      CorridorShipment *s = g_hash_table_lookup (by_rowid, &rowid);

      if (s != owner)
        {
          if (owner != NULL)
            {
              char ***field = G_STRUCT_MEMBER_P (owner, field_offset);
              g_strfreev (*field);
              *field = strv_from_array (g_steal_pointer (&current));
            }
          owner = s;
          current = g_ptr_array_new ();
        }
      if (owner != NULL)
        g_ptr_array_add (current, column_strdup (stmt, 1));
    }
  if (owner != NULL)
    {
      char ***field = G_STRUCT_MEMBER_P (owner, field_offset);
      g_strfreev (*field);
      *field = strv_from_array (g_steal_pointer (&current));
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not query shipments", error);
  return TRUE;
}

static gboolean
fill_query_results (CorridorStore *self, GPtrArray *out, GError **error)
{
  g_autoptr(GHashTable) by_rowid = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, NULL);
  int rc;

  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT s.rowid, s.id, s.departed, s.arrived, s.quantity_kg, s.vessel_name, "
        "s.vessel_imo, s.concealment, s.outcome, s.status, s.confidence, s.label "
        "FROM temp.corridor_query q CROSS JOIN shipments s ON s.rowid = q.rowid "
        "ORDER BY COALESCE(s.departed, s.arrived) IS NULL, COALESCE(s.departed, s.arrived), "
        "s.id_seq IS NULL, s.id_seq, s.id", error);

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        CorridorShipment *s = corridor_shipment_new ();

        s->id = column_strdup (stmt, 1);
        s->departed = column_strdup (stmt, 2);
        s->arrived = column_strdup (stmt, 3);
        s->quantity_kg = column_double_or_nan (stmt, 4);
        s->vessel_name = column_strdup (stmt, 5);
        s->vessel_imo = column_strdup (stmt, 6);
        s->concealment = column_strdup (stmt, 7);
        corridor_outcome_from_string ((const char *) sqlite3_column_text (stmt, 8), &s->outcome);
        corridor_status_from_string ((const char *) sqlite3_column_text (stmt, 9), &s->status);
        s->confidence = sqlite3_column_double (stmt, 10);
        s->label = column_strdup (stmt, 11);
        g_ptr_array_add (out, s);
        g_hash_table_insert (by_rowid, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) },
                                                  sizeof (gint64)), s);
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not query shipments", error);
  }

  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT l.shipment_rowid, l.locode, p.name, p.lat, p.lon "
        "FROM temp.corridor_query q CROSS JOIN shipment_ports l ON l.shipment_rowid = q.rowid "
        "JOIN ports p ON p.locode = l.locode ORDER BY l.shipment_rowid, l.leg", error);

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 rowid = sqlite3_column_int64 (stmt, 0);
        CorridorShipment *s = g_hash_table_lookup (by_rowid, &rowid);

        if (s != NULL)
          corridor_shipment_add_stop (s, (const char *) sqlite3_column_text (stmt, 1),
                                      (const char *) sqlite3_column_text (stmt, 2),
                                      column_double_or_nan (stmt, 3),
                                      column_double_or_nan (stmt, 4));
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not query shipments", error);
  }

  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT sa.shipment_rowid, a.handle, sa.role "
        "FROM temp.corridor_query q CROSS JOIN shipment_actors sa ON sa.shipment_rowid = q.rowid "
        "JOIN actors a ON a.id = sa.actor_id ORDER BY sa.shipment_rowid, sa.rowid", error);

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 rowid = sqlite3_column_int64 (stmt, 0);
        CorridorShipment *s = g_hash_table_lookup (by_rowid, &rowid);
        CorridorRole role = CORRIDOR_ROLE_NONE;

        corridor_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &role);
        if (s != NULL)
          corridor_shipment_add_actor (s, (const char *) sqlite3_column_text (stmt, 1), role);
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not query shipments", error);
  }

  if (!fill_string_lists (self,
          "SELECT c.shipment_rowid, c.container "
          "FROM temp.corridor_query q CROSS JOIN shipment_containers c ON c.shipment_rowid = q.rowid "
          "ORDER BY c.shipment_rowid, c.rowid",
          by_rowid, G_STRUCT_OFFSET (CorridorShipment, containers), error))
    return FALSE;

  /* Each message once, in the order it was first cited. */
  return fill_string_lists (self,
      "SELECT e.shipment_rowid, m.id "
      "FROM temp.corridor_query q CROSS JOIN evidence e ON e.shipment_rowid = q.rowid "
      "JOIN messages m ON m.rowid = e.message_rowid "
      "GROUP BY e.shipment_rowid, e.message_rowid ORDER BY e.shipment_rowid, MIN(e.id)",
      by_rowid, G_STRUCT_OFFSET (CorridorShipment, evidence), error);
}

GPtrArray *
corridor_store_query_shipments (CorridorStore *self, const CorridorFilter *filter,
                                GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  gboolean own_txn;
  gboolean ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  if (filter != NULL && !corridor_filter_validate (filter, error))
    return NULL;

  /* The temp table lives in the connection's own temp database, so this
   * works on read-only cases and takes no write lock on the case. */
  if (!exec_sql (self->db,
                 "CREATE TEMP TABLE IF NOT EXISTS corridor_query (rowid INTEGER PRIMARY KEY)",
                 error))
    return NULL;

  /* One read transaction, so the five queries see the same snapshot. */
  own_txn = sqlite3_get_autocommit (self->db);
  if (own_txn && !exec_sql (self->db, "BEGIN", error))
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  ok = exec_sql (self->db, "DELETE FROM temp.corridor_query", error) &&
       select_matching (self, filter, error) &&
       fill_query_results (self, out, error);
  exec_sql (self->db, "DELETE FROM temp.corridor_query", NULL);

  if (own_txn)
    exec_sql (self->db, ok ? "COMMIT" : "ROLLBACK", NULL);
  if (!ok)
    return NULL;
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------------------
 * Audit log
 * ------------------------------------------------------------------------- */

/* The hash covers the previous hash and every field, each length-prefixed
 * (NULL written as "-") so no two different rows serialise alike. */
static char *
audit_hash (const char *prev_hash, const char *ts, const char *os_user, const char *action,
            const char *object, const char *before_json, const char *after_json)
{
  const char *fields[] = { prev_hash, ts, os_user, action, object, before_json, after_json };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *len = NULL;

      if (fields[i] == NULL)
        {
          g_checksum_update (sum, (const guchar *) "-;", 2);
          continue;
        }
      len = g_strdup_printf ("%zu:", strlen (fields[i]));
      g_checksum_update (sum, (const guchar *) len, -1);
      g_checksum_update (sum, (const guchar *) fields[i], -1);
      g_checksum_update (sum, (const guchar *) ";", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
audit_internal (CorridorStore *self, const char *action, const char *object,
                const char *before_json, const char *after_json, GError **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *ts = now_iso8601 ();
  g_autofree char *hash = NULL;
  const char *user = g_get_user_name ();

  {
    CACHED_STMT last = get_stmt (self, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
                                 error);

    if (last == NULL)
      return FALSE;
    prev = sqlite3_step (last) == SQLITE_ROW ? column_strdup (last, 0) : g_strdup (ZERO_HASH);
  }
  hash = audit_hash (prev, ts, user, action, object, before_json, after_json);
  {
    CACHED_STMT insert = get_stmt (self,
        "INSERT INTO audit_log (ts, os_user, action, object, before_json, after_json, "
        "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

    if (insert == NULL)
      return FALSE;
    bind_text (insert, 1, ts);
    bind_text (insert, 2, user);
    bind_text (insert, 3, action);
    bind_text (insert, 4, object);
    bind_text (insert, 5, before_json);
    bind_text (insert, 6, after_json);
    bind_text (insert, 7, prev);
    bind_text (insert, 8, hash);
    return step_done (self, insert, "Could not write the audit log", error);
  }
}

gboolean
corridor_store_audit (CorridorStore *self, const char *action, const char *object,
                      const char *before_json, const char *after_json, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = audit_internal (self, action, object, before_json, after_json, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

gint64
corridor_store_count_audit (CorridorStore *self)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), -1);
  return count_rows (self, "SELECT count(*) FROM audit_log");
}

gboolean
corridor_store_verify_audit (CorridorStore *self, gint64 *out_bad_id, GError **error)
{
  CACHED_STMT stmt = NULL;
  g_autofree char *prev = g_strdup (ZERO_HASH);
  gint64 last_id = 0;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (out_bad_id)
    *out_bad_id = 0;
  stmt = get_stmt (self,
      "SELECT id, ts, os_user, action, object, before_json, after_json, prev_hash, hash "
      "FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *col[9];
      g_autofree char *expect = NULL;

      for (int i = 1; i < 9; i++)
        col[i] = (const char *) sqlite3_column_text (stmt, i);
      expect = audit_hash (prev, col[1], col[2], col[3], col[4], col[5], col[6]);
      if (g_strcmp0 (col[7], prev) != 0 || g_strcmp0 (col[8], expect) != 0)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (out_bad_id)
            *out_bad_id = id;
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "The audit log is broken at entry %" G_GINT64_FORMAT, id);
          return FALSE;
        }
      g_free (prev);
      prev = g_strdup (col[8]);
      last_id = sqlite3_column_int64 (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not read the audit log", error);
  /* The chain cannot see its own tail cut off; AUTOINCREMENT's high-water
   * mark can: it never goes back, and rolls back with a failed insert. */
  {
    CACHED_STMT seq = get_stmt (self,
        "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'", error);

    if (seq == NULL)
      return FALSE;
    if (sqlite3_step (seq) == SQLITE_ROW && sqlite3_column_int64 (seq, 0) > last_id)
      {
        gint64 high = sqlite3_column_int64 (seq, 0);

        if (out_bad_id)
          *out_bad_id = last_id + 1;
        if (high == last_id + 1)
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "The audit log is broken at entry %" G_GINT64_FORMAT
                       ": the last entry was removed", high);
        else
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                       "The audit log is broken at entry %" G_GINT64_FORMAT
                       ": entries %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " were removed",
                       last_id + 1, last_id + 1, high);
        return FALSE;
      }
  }
  return TRUE;
}

void
corridor_audit_entry_free (CorridorAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->ts);
  g_free (entry->os_user);
  g_free (entry->action);
  g_free (entry->object);
  g_free (entry->before_json);
  g_free (entry->after_json);
  g_free (entry->hash);
  g_free (entry);
}

GPtrArray *
corridor_store_list_audit (CorridorStore *self, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  stmt = get_stmt (self,
      "SELECT id, ts, os_user, action, object, before_json, after_json, hash "
      "FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorAuditEntry *e = g_new0 (CorridorAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->ts = column_strdup (stmt, 1);
      e->os_user = column_strdup (stmt, 2);
      e->action = column_strdup (stmt, 3);
      e->object = column_strdup (stmt, 4);
      e->before_json = column_strdup (stmt, 5);
      e->after_json = column_strdup (stmt, 6);
      e->hash = column_strdup (stmt, 7);
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not read the audit log", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------------------
 * Review
 * The analyst's decisions. A correction is written twice: into the shipment's
 * own row (so every query, filter, render and export sees it with no extra
 * join) and into shipment_corrections under the public id, from which
 * add_shipment_internal() re-applies it when inference re-adds the row.
 * Confirmed and rejected rows are never deleted by inference at all.
 * ------------------------------------------------------------------------- */

/* GLib 2.74 has no g_set_str. */
static void
set_str (char **dst, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*dst);
  *dst = copy;
}

static const char *const review_fields[] = {
  "origin", "destination", "transit", "departed", "arrived", "quantity_kg",
  "vessel", "imo", "concealment", "outcome", "grade", NULL
};

const char *const *
corridor_review_fields (void)
{
  return review_fields;
}

/* A shipment's current reviewable values. */
typedef struct {
  gint64     rowid;
  char      *status;
  GPtrArray *stops;   /* char* LOCODEs in leg order */
  char      *departed, *arrived;
  double     quantity_kg;
  char      *vessel, *imo, *concealment, *outcome, *grade;
} ReviewRow;

static void
review_row_clear (ReviewRow *r)
{
  g_free (r->status);
  g_clear_pointer (&r->stops, g_ptr_array_unref);
  g_free (r->departed);
  g_free (r->arrived);
  g_free (r->vessel);
  g_free (r->imo);
  g_free (r->concealment);
  g_free (r->outcome);
  g_free (r->grade);
  memset (r, 0, sizeof *r);
}

static gboolean
review_row_load (CorridorStore *self, const char *id, ReviewRow *r, GError **error)
{
  memset (r, 0, sizeof *r);
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT rowid, status, departed, arrived, quantity_kg, vessel_name, vessel_imo, "
        "concealment, outcome FROM shipments WHERE id = ?1", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                     "No shipment “%s” in this case", id);
        return FALSE;
      }
    if (rc != SQLITE_ROW)
      return set_db_error (self->db, rc, "Could not read the shipment", error);
    r->rowid = sqlite3_column_int64 (stmt, 0);
    r->status = column_strdup (stmt, 1);
    r->departed = column_strdup (stmt, 2);
    r->arrived = column_strdup (stmt, 3);
    r->quantity_kg = column_double_or_nan (stmt, 4);
    r->vessel = column_strdup (stmt, 5);
    r->imo = column_strdup (stmt, 6);
    r->concealment = column_strdup (stmt, 7);
    r->outcome = column_strdup (stmt, 8);
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT locode FROM shipment_ports WHERE shipment_rowid = ?1 ORDER BY leg", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, r->rowid);
    r->stops = g_ptr_array_new_with_free_func (g_free);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (r->stops, column_strdup (stmt, 0));
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the shipment", error);
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT value FROM shipment_corrections WHERE shipment_id = ?1 AND field = 'grade'",
        error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      r->grade = column_strdup (stmt, 0);
  }
  return TRUE;
}

/* The canonical text of @field in @r (what shipment_corrections stores):
 * transit as "A;B", quantity through g_ascii_dtostr; NULL when unknown. */
static char *
review_row_get (const ReviewRow *r, const char *field)
{
  guint n = r->stops->len;

  if (strcmp (field, "origin") == 0)
    return n > 0 ? g_strdup (g_ptr_array_index (r->stops, 0)) : NULL;
  if (strcmp (field, "destination") == 0)
    return n > 1 ? g_strdup (g_ptr_array_index (r->stops, n - 1)) : NULL;
  if (strcmp (field, "transit") == 0)
    {
      g_autoptr(GString) s = NULL;

      for (guint i = 1; i + 1 < n; i++)
        {
          if (s == NULL)
            s = g_string_new (NULL);
          else
            g_string_append_c (s, ';');
          g_string_append (s, g_ptr_array_index (r->stops, i));
        }
      return s != NULL ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
    }
  if (strcmp (field, "departed") == 0)
    return g_strdup (r->departed);
  if (strcmp (field, "arrived") == 0)
    return g_strdup (r->arrived);
  if (strcmp (field, "quantity_kg") == 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return isnan (r->quantity_kg) ? NULL
             : g_strdup (g_ascii_dtostr (buf, sizeof buf, r->quantity_kg));
    }
  if (strcmp (field, "vessel") == 0)
    return g_strdup (r->vessel);
  if (strcmp (field, "imo") == 0)
    return g_strdup (r->imo);
  if (strcmp (field, "concealment") == 0)
    return g_strdup (r->concealment);
  if (strcmp (field, "outcome") == 0)
    return g_strdup (r->outcome);
  if (strcmp (field, "grade") == 0)
    return g_strdup (r->grade);
  if (strcmp (field, "status") == 0)
    return g_strdup (r->status);
  g_return_val_if_reached (NULL);
}

/* {"FIELD": value} with the field's JSON type: transit an array, quantity a
 * number, anything unknown null. */
static char *
review_value_json (const char *field, const char *canonical)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, field);
  if (strcmp (field, "transit") == 0)
    {
      g_auto(GStrv) parts = canonical != NULL ? g_strsplit (canonical, ";", -1) : NULL;

      json_builder_begin_array (b);
      for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
        json_builder_add_string_value (b, parts[i]);
      json_builder_end_array (b);
    }
  else if (canonical == NULL)
    json_builder_add_null_value (b);
  else if (strcmp (field, "quantity_kg") == 0)
    {
      double v = g_ascii_strtod (canonical, NULL);

      if (v == floor (v) && fabs (v) < 1e15)
        json_builder_add_int_value (b, (gint64) v);
      else
        json_builder_add_double_value (b, v);
    }
  else
    json_builder_add_string_value (b, canonical);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
port_in_case (CorridorStore *self, const char *locode, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "SELECT 1 FROM ports WHERE locode = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, locode);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* A LOCODE, or a gazetteer or case name or alias (case- and
 * accent-insensitive, exact, as --port), into @out. */
static gboolean
review_resolve_port (CorridorStore *self, const char *field, const char *text, char out[6],
                     GError **error)
{
  CorridorGazetteer *gaz = corridor_gazetteer_get_default (NULL);
  const CorridorPort *p = gaz != NULL ? corridor_gazetteer_lookup (gaz, text) : NULL;
  g_autofree char *key = corridor_text_key (text);

  if (corridor_locode_normalize (text, out) && port_in_case (self, out, NULL))
    return TRUE;
  if (p != NULL)
    {
      /* A case made before the gazetteer learnt this port lacks its row. */
      if (!port_in_case (self, p->locode, NULL) &&
          !upsert_port_internal (self, p, "gazetteer", error))
        return FALSE;
      memcpy (out, p->locode, 6);
      return TRUE;
    }
  if (key[0] != '\0')
    {
      CACHED_STMT alias = get_stmt (self,
          "SELECT locode FROM port_aliases WHERE key = ?1 ORDER BY locode LIMIT 1", error);
      CACHED_STMT names = NULL;
      int rc;

      if (alias == NULL)
        return FALSE;
      bind_text (alias, 1, key);
      if (sqlite3_step (alias) == SQLITE_ROW)
        {
          g_strlcpy (out, (const char *) sqlite3_column_text (alias, 0), 6);
          return TRUE;
        }
      /* Names of the case's own ports are not keyed in the table. */
      names = get_stmt (self, "SELECT locode, name FROM ports ORDER BY locode", error);
      if (names == NULL)
        return FALSE;
      while ((rc = sqlite3_step (names)) == SQLITE_ROW)
        {
          g_autofree char *k = corridor_text_key ((const char *) sqlite3_column_text (names, 1));

          if (strcmp (k, key) == 0)
            {
              g_strlcpy (out, (const char *) sqlite3_column_text (names, 0), 6);
              return TRUE;
            }
        }
    }
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
               "%s=%s: no port with that LOCODE, name or alias", field, text);
  return FALSE;
}

/* Free text for a field: valid UTF-8, trimmed, no control characters (a
 * note may hold line breaks and tabs). Empty gives NULL, "unknown". */
static gboolean
review_text (const char *field, const char *value, gboolean multiline, gsize max_len,
             char **out, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));

  *out = NULL;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: the text is not valid UTF-8", field);
      return FALSE;
    }
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      if (multiline && (u == '\n' || u == '\t'))
        continue;
      if (g_unichar_type (u) == G_UNICODE_CONTROL)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s: control character U+%04X in the text", field, u);
          return FALSE;
        }
    }
  if (strlen (text) > max_len)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: longer than %zu bytes", field, max_len);
      return FALSE;
    }
  if (text[0] != '\0')
    *out = g_steal_pointer (&text);
  return TRUE;
}

/* Validates @value for @field into its canonical text (NULL: unknown). */
static gboolean
review_parse (CorridorStore *self, const char *field, const char *value, char **out,
              GError **error)
{
  g_autofree char *v = g_strstrip (g_strdup (value));
  char code[6];

  *out = NULL;
  if (strcmp (field, "origin") == 0 || strcmp (field, "destination") == 0)
    {
      if (v[0] == '\0')
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s: a shipment always has an %s; give a port", field, field);
          return FALSE;
        }
      if (!review_resolve_port (self, field, v, code, error))
        return FALSE;
      *out = g_strdup (code);
      return TRUE;
    }
  if (strcmp (field, "transit") == 0)
    {
      g_auto(GStrv) parts = g_strsplit_set (v, ";,", -1);
      g_autoptr(GString) s = NULL;

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] == '\0')
            continue;
          if (!review_resolve_port (self, field, parts[i], code, error))
            return FALSE;
          if (s == NULL)
            s = g_string_new (NULL);
          else
            g_string_append_c (s, ';');
          g_string_append (s, code);
        }
      *out = s != NULL ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
      return TRUE;
    }
  if (strcmp (field, "departed") == 0 || strcmp (field, "arrived") == 0)
    {
      if (v[0] != '\0' && !corridor_date_is_valid (v))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s=%s: expected a date YYYY-MM-DD", field, value);
          return FALSE;
        }
      *out = v[0] != '\0' ? g_steal_pointer (&v) : NULL;
      return TRUE;
    }
  if (strcmp (field, "quantity_kg") == 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      char *end = NULL;
      double kg;

      if (v[0] == '\0')
        return TRUE;
      kg = g_ascii_strtod (v, &end);
      if (end == v || *end != '\0' || !isfinite (kg) || kg <= 0 || kg > 1e9)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s=%s: expected a weight in kilograms above 0", field, value);
          return FALSE;
        }
      *out = g_strdup (g_ascii_dtostr (buf, sizeof buf, kg));
      return TRUE;
    }
  if (strcmp (field, "imo") == 0)
    {
      g_autoptr(GString) digits = g_string_new (NULL);
      const char *p = v;

      if (v[0] == '\0')
        return TRUE;
      if (g_ascii_strncasecmp (p, "IMO", 3) == 0)
        p += 3;
      for (; *p != '\0'; p++)
        if (g_ascii_isdigit (*p))
          g_string_append_c (digits, *p);
        else if (*p != ' ' && *p != ':' && *p != '-')
          break;
      if (*p != '\0' || digits->len != 7)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s=%s: expected an IMO number of 7 digits", field, value);
          return FALSE;
        }
      if (!corridor_imo_is_valid (digits->str))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s=%s: not an IMO number (the check digit is wrong)", field, value);
          return FALSE;
        }
      *out = g_string_free (g_steal_pointer (&digits), FALSE);
      return TRUE;
    }
  if (strcmp (field, "outcome") == 0)
    {
      g_autofree char *lower = g_ascii_strdown (v, -1);
      CorridorOutcome outcome;

      if (!corridor_outcome_from_string (lower, &outcome))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s=%s: expected delivered, seized, lost or unknown", field, value);
          return FALSE;
        }
      *out = g_strdup (corridor_outcome_to_string (outcome));
      return TRUE;
    }
  if (strcmp (field, "grade") == 0)
    {
      if (v[0] == '\0')
        return TRUE;
      if (strlen (v) != 2 || g_ascii_toupper (v[0]) < 'A' || g_ascii_toupper (v[0]) > 'F' ||
          v[1] < '1' || v[1] > '6')
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "%s=%s: expected an Admiralty code, source reliability A–F then "
                       "information credibility 1–6 (e.g. B2)", field, value);
          return FALSE;
        }
      *out = g_strdup_printf ("%c%c", g_ascii_toupper (v[0]), v[1]);
      return TRUE;
    }
  g_return_val_if_fail (strcmp (field, "vessel") == 0 || strcmp (field, "concealment") == 0,
                        FALSE);
  return review_text (field, value, FALSE, 256, out, error);
}

static gboolean
review_rewrite_stops (CorridorStore *self, gint64 rowid, GPtrArray *stops, GError **error)
{
  CACHED_STMT del = get_stmt (self, "DELETE FROM shipment_ports WHERE shipment_rowid = ?1",
                              error);

  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, rowid);
  if (!step_done (self, del, "Could not correct the shipment's ports", error))
    return FALSE;
  for (guint i = 0; i < stops->len; i++)
    {
      CACHED_STMT leg = get_stmt (self,
          "INSERT INTO shipment_ports (shipment_rowid, leg, locode) VALUES (?1, ?2, ?3)", error);

      if (leg == NULL)
        return FALSE;
      sqlite3_bind_int64 (leg, 1, rowid);
      sqlite3_bind_int (leg, 2, (int) i);
      bind_text (leg, 3, g_ptr_array_index (stops, i));
      if (!step_done (self, leg, "Could not correct the shipment's ports", error))
        return FALSE;
    }
  return TRUE;
}

/* Writes @canonical into the row of @r (and @r itself). Column names come
 * from this fixed table, never from the caller's text. */
static gboolean
review_apply (CorridorStore *self, ReviewRow *r, const char *field, const char *canonical,
              GError **error)
{
  static const struct { const char *field; const char *sql; } columns[] = {
    { "departed", "UPDATE shipments SET departed = ?2 WHERE rowid = ?1" },
    { "arrived", "UPDATE shipments SET arrived = ?2 WHERE rowid = ?1" },
    { "quantity_kg", "UPDATE shipments SET quantity_kg = CAST(?2 AS REAL) WHERE rowid = ?1" },
    { "vessel", "UPDATE shipments SET vessel_name = ?2 WHERE rowid = ?1" },
    { "imo", "UPDATE shipments SET vessel_imo = ?2 WHERE rowid = ?1" },
    { "concealment", "UPDATE shipments SET concealment = ?2 WHERE rowid = ?1" },
    { "outcome", "UPDATE shipments SET outcome = coalesce(?2, 'unknown') WHERE rowid = ?1" },
  };

  if (strcmp (field, "grade") == 0)
    return TRUE;   /* not a column: kept in shipment_corrections only */
  if (strcmp (field, "origin") == 0 || strcmp (field, "destination") == 0 ||
      strcmp (field, "transit") == 0)
    {
      g_autoptr(GPtrArray) stops = g_ptr_array_new_with_free_func (g_free);
      guint n = r->stops->len;
      const char *origin = n > 0 ? g_ptr_array_index (r->stops, 0) : NULL;
      const char *dest = n > 1 ? g_ptr_array_index (r->stops, n - 1) : NULL;

      if (strcmp (field, "origin") == 0)
        origin = canonical;
      else if (strcmp (field, "destination") == 0)
        dest = canonical;
      if (origin != NULL)
        g_ptr_array_add (stops, g_strdup (origin));
      if (strcmp (field, "transit") == 0)
        {
          g_auto(GStrv) parts = canonical != NULL ? g_strsplit (canonical, ";", -1) : NULL;

          for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
            g_ptr_array_add (stops, g_strdup (parts[i]));
        }
      else
        for (guint i = 1; i + 1 < n; i++)
          g_ptr_array_add (stops, g_strdup (g_ptr_array_index (r->stops, i)));
      if (dest != NULL)
        g_ptr_array_add (stops, g_strdup (dest));
      if (!review_rewrite_stops (self, r->rowid, stops, error))
        return FALSE;
      g_ptr_array_unref (r->stops);
      r->stops = g_steal_pointer (&stops);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (strcmp (field, columns[i].field) == 0)
      {
        CACHED_STMT stmt = get_stmt (self, columns[i].sql, error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, r->rowid);
        bind_text (stmt, 2, canonical);
        if (!step_done (self, stmt, "Could not correct the shipment", error))
          return FALSE;
        /* Keep @r in step for the checks and later actions of this review. */
        if (strcmp (field, "departed") == 0)
          set_str (&r->departed, canonical);
        else if (strcmp (field, "arrived") == 0)
          set_str (&r->arrived, canonical);
        else if (strcmp (field, "quantity_kg") == 0)
          r->quantity_kg = canonical != NULL ? g_ascii_strtod (canonical, NULL) : NAN;
        else if (strcmp (field, "vessel") == 0)
          set_str (&r->vessel, canonical);
        else if (strcmp (field, "imo") == 0)
          set_str (&r->imo, canonical);
        else if (strcmp (field, "concealment") == 0)
          set_str (&r->concealment, canonical);
        else
          set_str (&r->outcome, canonical != NULL ? canonical : "unknown");
        return TRUE;
      }
  g_return_val_if_reached (FALSE);
}

/* Called by add_shipment_internal(): inference has just (re-)added shipment
 * @id as row @rowid; the analyst's corrections of it win over what was
 * inferred. */
static gboolean
review_reapply (CorridorStore *self, const char *id, gint64 rowid, GError **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  ReviewRow r = { 0 };
  gboolean ok = TRUE;

  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT field, value FROM shipment_corrections WHERE shipment_id = ?1 "
        "AND field <> 'grade' ORDER BY field", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_ptr_array_add (fields, column_strdup (stmt, 0));
        g_ptr_array_add (values, column_strdup (stmt, 1));
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the shipment's corrections", error);
  }
  if (fields->len == 0)
    return TRUE;
  if (!review_row_load (self, id, &r, error))
    return FALSE;
  g_warn_if_fail (r.rowid == rowid);
  for (guint i = 0; ok && i < fields->len; i++)
    ok = review_apply (self, &r, g_ptr_array_index (fields, i), g_ptr_array_index (values, i),
                       error);
  review_row_clear (&r);
  return ok;
}

static gboolean
review_one (CorridorStore *self, const char *id, ReviewRow *r, const CorridorReviewAction *a,
            guint *changed, GError **error)
{
  g_autofree char *before = NULL, *after = NULL, *before_json = NULL, *after_json = NULL;
  const char *action;

  switch (a->kind)
    {
    case CORRIDOR_REVIEW_CONFIRM:
    case CORRIDOR_REVIEW_REJECT:
      {
        const char *status = a->kind == CORRIDOR_REVIEW_CONFIRM ? "confirmed" : "rejected";
        CACHED_STMT stmt = NULL;

        if (g_strcmp0 (r->status, status) == 0)
          return TRUE;
        stmt = get_stmt (self, "UPDATE shipments SET status = ?2 WHERE rowid = ?1", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, r->rowid);
        bind_text (stmt, 2, status);
        if (!step_done (self, stmt, "Could not record the decision", error))
          return FALSE;
        before_json = review_value_json ("status", r->status);
        after_json = review_value_json ("status", status);
        set_str (&r->status, status);
        action = a->kind == CORRIDOR_REVIEW_CONFIRM ? "review.confirm" : "review.reject";
        break;
      }

    case CORRIDOR_REVIEW_NOTE:
      {
        g_autofree char *ts = now_iso8601 ();
        CACHED_STMT stmt = NULL;

        if (!review_text ("note", a->value != NULL ? a->value : "", TRUE, 65536, &after, error))
          return FALSE;
        if (after == NULL)
          {
            g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                         "note: the text is empty");
            return FALSE;
          }
        stmt = get_stmt (self,
            "INSERT INTO shipment_notes (shipment_id, ts, os_user, body) VALUES (?1, ?2, ?3, ?4)",
            error);
        if (stmt == NULL)
          return FALSE;
        bind_text (stmt, 1, id);
        bind_text (stmt, 2, ts);
        bind_text (stmt, 3, g_get_user_name ());
        bind_text (stmt, 4, after);
        if (!step_done (self, stmt, "Could not add the note", error))
          return FALSE;
        after_json = review_value_json ("note", after);
        action = "review.note";
        break;
      }

    case CORRIDOR_REVIEW_SET:
      {
        CACHED_STMT stmt = NULL;

        if (a->field == NULL || !g_strv_contains (review_fields, a->field))
          {
            g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                         "“%s” is not a field a review can set (expected origin, destination, "
                         "transit, departed, arrived, quantity_kg, vessel, imo, concealment, "
                         "outcome or grade)", a->field != NULL ? a->field : "");
            return FALSE;
          }
        if (!review_parse (self, a->field, a->value != NULL ? a->value : "", &after, error))
          return FALSE;
        before = review_row_get (r, a->field);
        if (g_strcmp0 (before, after) == 0)
          return TRUE;
        if (!review_apply (self, r, a->field, after, error))
          return FALSE;
        if (strcmp (a->field, "grade") == 0)
          set_str (&r->grade, after);
        stmt = get_stmt (self,
            "INSERT INTO shipment_corrections (shipment_id, field, value) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (shipment_id, field) DO UPDATE SET value = excluded.value", error);
        if (stmt == NULL)
          return FALSE;
        bind_text (stmt, 1, id);
        bind_text (stmt, 2, a->field);
        bind_text (stmt, 3, after);
        if (!step_done (self, stmt, "Could not record the correction", error))
          return FALSE;
        before_json = review_value_json (a->field, before);
        after_json = review_value_json (a->field, after);
        action = "review.set";
        break;
      }

    default:
      g_return_val_if_reached (FALSE);
    }
  if (!audit_internal (self, action, id, before_json, after_json, error))
    return FALSE;
  (*changed)++;
  return TRUE;
}

gboolean
corridor_store_review (CorridorStore *self, const char *shipment_id,
                       const CorridorReviewAction *actions, guint n_actions,
                       guint *out_changed, GError **error)
{
  ReviewRow r = { 0 };
  gboolean nested, ok;
  guint changed = 0;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (shipment_id != NULL, FALSE);
  g_return_val_if_fail (actions != NULL || n_actions == 0, FALSE);

  if (out_changed != NULL)
    *out_changed = 0;
  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = review_row_load (self, shipment_id, &r, error);
  for (guint i = 0; ok && i < n_actions; i++)
    ok = review_one (self, shipment_id, &r, &actions[i], &changed, error);
  /* Checked once all actions are in, so correcting both dates in one
   * review may pass through an inconsistent middle. */
  if (ok && r.departed != NULL && r.arrived != NULL && strcmp (r.departed, r.arrived) > 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment %s would arrive (%s) before it departed (%s)", shipment_id,
                   r.arrived, r.departed);
      ok = FALSE;
    }
  if (ok && r.stops->len >= 2 &&
      strcmp (g_ptr_array_index (r.stops, 0), g_ptr_array_index (r.stops, r.stops->len - 1)) == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment %s would sail from %s to the same port", shipment_id,
                   (const char *) g_ptr_array_index (r.stops, 0));
      ok = FALSE;
    }
  review_row_clear (&r);
  if (!write_end (self, nested, ok, ok ? error : NULL))
    return FALSE;
  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;
}

void
corridor_review_free (CorridorReview *review)
{
  if (review == NULL)
    return;
  g_free (review->shipment_id);
  g_free (review->grade);
  g_strfreev (review->corrected);
  g_clear_pointer (&review->notes, g_ptr_array_unref);
  g_free (review);
}

static void
review_note_free (CorridorReviewNote *note)
{
  g_free (note->ts);
  g_free (note->os_user);
  g_free (note->text);
  g_free (note);
}

static CorridorReview *
review_for (GHashTable *table, const char *id)
{
  CorridorReview *review = g_hash_table_lookup (table, id);

  if (review == NULL)
    {
      review = g_new0 (CorridorReview, 1);
      review->shipment_id = g_strdup (id);
      review->corrected = g_new0 (char *, 1);
      review->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) review_note_free);
      g_hash_table_insert (table, review->shipment_id, review);
    }
  return review;
}

GHashTable *
corridor_store_list_reviews (CorridorStore *self, GError **error)
{
  g_autoptr(GHashTable) table = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify) corridor_review_free);
  /* A case opened read-only is not migrated: before version 4, no reviews. */
  if (self->schema_version < 4)
    return g_steal_pointer (&table);
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT c.shipment_id, c.field, c.value FROM shipment_corrections c "
        "WHERE EXISTS (SELECT 1 FROM shipments s WHERE s.id = c.shipment_id) "
        "ORDER BY c.shipment_id, c.field", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        CorridorReview *review = review_for (table, (const char *) sqlite3_column_text (stmt, 0));
        const char *field = (const char *) sqlite3_column_text (stmt, 1);

        if (strcmp (field, "grade") == 0)
          {
            set_str (&review->grade, (const char *) sqlite3_column_text (stmt, 2));
            continue;
          }
        {
          guint n = g_strv_length (review->corrected);

          review->corrected = g_renew (char *, review->corrected, n + 2);
          review->corrected[n] = g_strdup (field);
          review->corrected[n + 1] = NULL;
        }
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not read the reviews", error);
        return NULL;
      }
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT n.shipment_id, n.ts, n.os_user, n.body FROM shipment_notes n "
        "WHERE EXISTS (SELECT 1 FROM shipments s WHERE s.id = n.shipment_id) ORDER BY n.id",
        error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        CorridorReview *review = review_for (table, (const char *) sqlite3_column_text (stmt, 0));
        CorridorReviewNote *note = g_new0 (CorridorReviewNote, 1);

        note->ts = column_strdup (stmt, 1);
        note->os_user = column_strdup (stmt, 2);
        note->text = column_strdup (stmt, 3);
        g_ptr_array_add (review->notes, note);
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not read the reviews", error);
        return NULL;
      }
  }
  return g_steal_pointer (&table);
}

/* ---------------------------------------------------------------------------
 * Sea route cache
 * ------------------------------------------------------------------------- */

CorridorSeaRoute *
corridor_store_get_sea_route (CorridorStore *self, const char *key, int version)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->schema_version < 2)
    return NULL;   /* an older case opened read-only has no cache yet */
  stmt = get_stmt (self, "SELECT points, kinds, length_nm FROM sea_routes "
                         "WHERE key = ?1 AND version = ?2", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, version);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  int np = sqlite3_column_bytes (stmt, 0), nk = sqlite3_column_bytes (stmt, 1);
  const void *pts = sqlite3_column_blob (stmt, 0), *kinds = sqlite3_column_blob (stmt, 1);
  /* A damaged row is a miss, never a crash: sizes must agree. */
  if (np <= 0 || np % (2 * sizeof (double)) != 0 || pts == NULL ||
      (gsize) nk != np / (2 * sizeof (double)) - 1 || (nk > 0 && kinds == NULL))
    return NULL;
  CorridorSeaRoute *route = corridor_sea_route_new ();
  g_array_append_vals (route->points, pts, np / sizeof (double));
  if (nk > 0)
    g_array_append_vals (route->kinds, kinds, nk);
  route->length_nm = sqlite3_column_double (stmt, 2);
  return route;
}

gboolean
corridor_store_put_sea_route (CorridorStore *self, const char *key, int version,
                              const CorridorSeaRoute *route, GError **error)
{
  CACHED_STMT stmt = NULL;
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && route != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  stmt = get_stmt (self, "INSERT OR REPLACE INTO sea_routes (key, version, points, kinds, length_nm) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_text (stmt, 1, key);
      sqlite3_bind_int (stmt, 2, version);
      sqlite3_bind_blob (stmt, 3, route->points->data, (int) (route->points->len * sizeof (double)),
                         SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 4, route->kinds->len ? route->kinds->data : "", (int) route->kinds->len,
                         SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 5, route->length_nm);
      ok = step_done (self, stmt, "Could not cache a sea route", error);
    }
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* ---------------------------------------------------------------------------
 * Network metadata
 * ------------------------------------------------------------------------- */

void
corridor_contact_free (CorridorContact *c)
{
  if (c == NULL)
    return;
  g_free (c->a);
  g_free (c->b);
  g_free (c);
}

GPtrArray *
corridor_store_list_contacts (CorridorStore *self, GError **error)
{
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  /* Who wrote to whom, undirected (a < b by handle), with message counts;
   * group messages (no recipients) link nobody. */
  stmt = get_stmt (self,
      "SELECT MIN(s.handle, r.handle), MAX(s.handle, r.handle), COUNT(*) "
      "FROM messages m JOIN message_recipients mr ON mr.message_rowid = m.rowid "
      "JOIN actors s ON s.id = m.sender_actor JOIN actors r ON r.id = mr.actor_id "
      "WHERE s.id <> r.id "
      "GROUP BY MIN(s.handle, r.handle), MAX(s.handle, r.handle) "
      "ORDER BY 1, 2", error);
  if (stmt == NULL)
    return NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_contact_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorContact *c = g_new0 (CorridorContact, 1);
      c->a = column_strdup (stmt, 0);
      c->b = column_strdup (stmt, 1);
      c->n = (guint) sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (out, c);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not list contacts", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GHashTable *
corridor_store_actor_roles (CorridorStore *self, GError **error)
{
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  /* Each actor's role counts over the shipments shown by default (inferred
   * and confirmed); the majority wins, ties by role name for determinism. */
  stmt = get_stmt (self,
      "SELECT a.handle, sa.role, COUNT(*) AS n FROM shipment_actors sa "
      "JOIN actors a ON a.id = sa.actor_id JOIN shipments s ON s.rowid = sa.shipment_rowid "
      "WHERE s.status IN ('inferred', 'confirmed') "
      "GROUP BY a.handle, sa.role ORDER BY a.handle, n DESC, sa.role", error);
  if (stmt == NULL)
    return NULL;
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *handle = (const char *) sqlite3_column_text (stmt, 0);
      if (handle && !g_hash_table_contains (roles, handle))
        g_hash_table_insert (roles, g_strdup (handle), column_strdup (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not read actor roles", error);
      return NULL;
    }
  return g_steal_pointer (&roles);
}

/* ---------------------------------------------------------------------------
 * Import
 * The importers' fast path: they hold one transaction per source and call
 * these without per-call savepoints, so a failure here leaves the caller's
 * transaction to roll back. Copies of one message from two sources are
 * linked in message_links (schema 3).
 * ------------------------------------------------------------------------- */

/* Bulk writers (import, inference) run inside the caller's transaction. */
static gboolean
need_open_transaction (CorridorStore *self, const char *who, GError **error)
{
  if (!check_writable (self, error))
    return FALSE;
  if (sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s writes need an open transaction", who);
      return FALSE;
    }
  return TRUE;
}

gboolean
corridor_store_import_prepare (CorridorStore *self, gint64 source_id, gboolean *out_others,
                               GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!need_open_transaction (self, "Import", error))
    return FALSE;
  /* A million-row source touches every index page: a large page cache keeps
   * them in memory instead of spilling to the WAL mid-transaction (256 MiB,
   * well inside the 1.5 GB budget). */
  if (!exec_sql (self->db, "PRAGMA cache_size = -262144", error))
    return FALSE;
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT 1 FROM messages WHERE source_id IS NOT ?1 LIMIT 1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, source_id);
    *out_others = sqlite3_step (stmt) == SQLITE_ROW;
  }
  /* Duplicate lookups go by sender and time; the schema's indexes cover each
   * alone, so the pair index is added the first time a case needs it. */
  if (*out_others)
    return exec_sql (self->db,
                     "CREATE INDEX IF NOT EXISTS messages_sender_ts ON messages(sender_actor, ts)",
                     error);
  return TRUE;
}

gboolean
corridor_store_import_defer_indexes (CorridorStore *self, gint64 expected_rows,
                                     GError **error)
{
  CACHED_STMT list = NULL;
  gint64 existing;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!need_open_transaction (self, "Import", error))
    return FALSE;
  if (self->deferred_indexes != NULL && self->deferred_indexes->len > 0)
    return TRUE;
  /* Inserting N rows into a b-tree index costs a random descent each, while
   * CREATE INDEX sorts once and writes packed pages; that wins whenever the
   * load is large against what is there already (measured: bench-import). */
  existing = count_rows (self, "SELECT coalesce(max(rowid), 0) FROM messages");
  if (expected_rows < 10000 || existing < 0 || expected_rows < existing / 2)
    return TRUE;
  /* The importer's own lookups stay indexed: ids (UNIQUE, SQL NULL) and the
   * (sender, ts) index that duplicate detection reads. */
  list = get_stmt (self,
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
      "AND tbl_name IN ('messages', 'message_recipients') AND name <> 'messages_sender_ts' "
      "ORDER BY name", error);
  if (list == NULL)
    return FALSE;
  if (self->deferred_indexes == NULL)
    self->deferred_indexes = g_ptr_array_new_with_free_func (g_free);
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    while ((rc = sqlite3_step (list)) == SQLITE_ROW)
      {
        g_ptr_array_add (names, column_strdup (list, 0));
        g_ptr_array_add (self->deferred_indexes, column_strdup (list, 1));
      }
    sqlite3_reset (list);
    if (rc != SQLITE_DONE)
      {
        g_ptr_array_set_size (self->deferred_indexes, 0);
        return set_db_error (self->db, rc, "Could not list the case's indexes", error);
      }
    for (guint i = 0; i < names->len; i++)
      {
        /* Index names come from sqlite_master, never from input; DDL takes
         * no bound parameters, so the name is quoted as an identifier. */
        char *drop = sqlite3_mprintf ("DROP INDEX \"%w\"",
                                      (const char *) g_ptr_array_index (names, i));
        gboolean dropped = drop != NULL ? exec_sql (self->db, drop, error)
                                        : set_db_error (self->db, SQLITE_NOMEM, "Import", error);

        sqlite3_free (drop);
        if (!dropped)
          {
            /* The caller rolls back, which brings the dropped ones back. */
            g_ptr_array_set_size (self->deferred_indexes, 0);
            return FALSE;
          }
      }
  }
  return TRUE;
}

static gboolean
import_restore_indexes (CorridorStore *self, GError **error)
{
  if (self->deferred_indexes == NULL || self->deferred_indexes->len == 0)
    return TRUE;
  for (guint i = 0; i < self->deferred_indexes->len; i++)
    if (!exec_sql (self->db, g_ptr_array_index (self->deferred_indexes, i), error))
      {
        g_prefix_error (error, "Could not rebuild an index after the import: ");
        g_ptr_array_set_size (self->deferred_indexes, 0);
        return FALSE;
      }
  g_ptr_array_set_size (self->deferred_indexes, 0);
  return TRUE;
}

/* A cached statement without hashing its SQL text on every row. */
static sqlite3_stmt *
import_stmt (CorridorStore *self, sqlite3_stmt **slot, const char *sql, GError **error)
{
  if (*slot != NULL)
    return *slot;
  *slot = get_stmt (self, sql, error);
  return *slot;
}

gboolean
corridor_store_import_message (CorridorStore *self, gint64 source_id,
                               const CorridorMessage *m, gint64 sender_id,
                               const gint64 *recipient_ids, guint n_recipients,
                               gint64 *out_rowid, GError **error)
{
  CACHED_STMT insert = NULL;
  gint64 rowid;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (m != NULL && m->id != NULL, FALSE);

  insert = import_stmt (self, &self->import_insert,
      "INSERT INTO messages (id, source_id, ts, tz_offset, sender_actor, body, lat, lon, "
      "extra_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, m->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, source_id);
  sqlite3_bind_int64 (insert, 3, m->ts);
  sqlite3_bind_int (insert, 4, m->tz_offset);
  if (sender_id > 0)
    sqlite3_bind_int64 (insert, 5, sender_id);
  else
    sqlite3_bind_null (insert, 5);
  sqlite3_bind_text (insert, 6, m->body != NULL ? m->body : "", -1, SQLITE_STATIC);
  bind_double (insert, 7, m->lat);
  bind_double (insert, 8, m->lon);
  if (m->extra_json != NULL)
    sqlite3_bind_text (insert, 9, m->extra_json, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (insert, 9);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "The message id “%s” is already in the case", m->id);
          return FALSE;
        }
      return set_db_error (self->db, rc, "Could not add the message", error);
    }
  rowid = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; i < n_recipients; i++)
    {
      CACHED_STMT rcpt = import_stmt (self, &self->import_rcpt,
          "INSERT OR IGNORE INTO message_recipients (message_rowid, actor_id) VALUES (?1, ?2)",
          error);

      if (rcpt == NULL)
        return FALSE;
      sqlite3_bind_int64 (rcpt, 1, rowid);
      sqlite3_bind_int64 (rcpt, 2, recipient_ids[i]);
      if (!step_done (self, rcpt, "Could not add a recipient", error))
        return FALSE;
    }
  if (out_rowid)
    *out_rowid = rowid;
  return TRUE;
}

gboolean
corridor_store_message_source (CorridorStore *self, const char *message_id,
                               gint64 *out_source_id)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_id != NULL, FALSE);

  stmt = get_stmt (self, "SELECT source_id FROM messages WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, message_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (out_source_id)
    *out_source_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
corridor_store_find_duplicate_message (CorridorStore *self, gint64 source_id,
                                       gint64 sender_id, gint64 ts, const char *body,
                                       gint64 *out_rowid)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  /* The first copy is the one that is not itself linked to another. */
  stmt = get_stmt (self,
      "SELECT m.rowid FROM messages m "
      "WHERE m.sender_actor = ?1 AND m.ts BETWEEN ?2 - 120 AND ?2 + 120 "
      "AND m.source_id IS NOT ?3 AND m.body = ?4 "
      "AND NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_rowid = m.rowid) "
      "ORDER BY abs(m.ts - ?2), m.rowid LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sender_id);
  sqlite3_bind_int64 (stmt, 2, ts);
  sqlite3_bind_int64 (stmt, 3, source_id);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (out_rowid)
    *out_rowid = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
corridor_store_link_duplicate (CorridorStore *self, gint64 message_rowid, gint64 duplicate_of,
                               GError **error)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!need_open_transaction (self, "Import", error))
    return FALSE;
  stmt = get_stmt (self,
      "INSERT OR REPLACE INTO message_links (message_rowid, duplicate_of) VALUES (?1, ?2)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_rowid);
  sqlite3_bind_int64 (stmt, 2, duplicate_of);
  return step_done (self, stmt, "Could not link a duplicate message", error);
}

gboolean
corridor_store_add_actor_alias (CorridorStore *self, gint64 actor_id, const char *alias,
                                GError **error)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (alias != NULL, FALSE);

  if (!need_open_transaction (self, "Import", error))
    return FALSE;
  stmt = get_stmt (self,
      "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, actor_id);
  bind_text (stmt, 2, alias);
  return step_done (self, stmt, "Could not add an actor alias", error);
}

gint64
corridor_store_count_source_messages (CorridorStore *self, gint64 source_id)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), -1);

  stmt = get_stmt (self, "SELECT count(*) FROM messages WHERE source_id = ?1", NULL);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, source_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
corridor_store_check_integrity (CorridorStore *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_db_error (self->db, rc, "Could not check the case", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (line != NULL && strcmp (line, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not check the case", error);
  if (problems->len > 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_CORRUPT,
                   "The case “%s” is damaged: %s", self->path, problems->str);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------
 * Inference
 * ------------------------------------------------------------------------- */

/* One recipient row, for the in-memory recipient index of foreach_message. */
typedef struct {
  gint64      message_rowid;
  gint64      rowid;
  const char *handle;   /* owned by the actors table below */
} RecipientRow;

static gint
compare_recipient_rows (gconstpointer a, gconstpointer b)
{
  const RecipientRow *x = a, *y = b;

  if (x->message_rowid != y->message_rowid)
    return x->message_rowid < y->message_rowid ? -1 : 1;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* Every message's recipients' handles, sorted by (message, recipient rowid):
 * one pass over message_recipients, where a correlated subquery costs an
 * index seek, a join and a sort for each message. */
static gboolean
load_recipients (CorridorStore *self, GHashTable *handles, GArray *rows, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, handle FROM actors", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_db_error (self->db, rc, "Could not read actors", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (handles, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)),
                         column_strdup (stmt, 1));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not read actors", error);

  rc = sqlite3_prepare_v2 (self->db,
      "SELECT message_rowid, rowid, actor_id FROM message_recipients", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_db_error (self->db, rc, "Could not read recipients", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RecipientRow row;

      /* An inner join, as before: a recipient with no actor row is skipped. */
      row.handle = g_hash_table_lookup (handles,
                                        GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 2)));
      if (row.handle == NULL)
        continue;
      row.message_rowid = sqlite3_column_int64 (stmt, 0);
      row.rowid = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (rows, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not read recipients", error);
  g_array_sort (rows, compare_recipient_rows);
  return TRUE;
}

/* The first row of @rows for @message_rowid (or where it would be). */
static guint
find_recipients (GArray *rows, gint64 message_rowid)
{
  guint lo = 0, hi = rows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (rows, RecipientRow, mid).message_rowid < message_rowid)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
corridor_store_foreach_message (CorridorStore *self, CorridorStoreMessageFunc func,
                                gpointer user_data, GError **error)
{
  g_autoptr(GHashTable) handles = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                         NULL, g_free);
  g_autoptr(GArray) rcpt_rows = g_array_new (FALSE, FALSE, sizeof (RecipientRow));
  g_autoptr(GString) joined = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;
  gboolean ok = TRUE;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!load_recipients (self, handles, rcpt_rows, error))
    return FALSE;
  /* A private statement, not the cache: the callback may use the store (and
   * its cached statements) while this one is stepping. */
  rc = sqlite3_prepare_v2 (self->db,
      "SELECT m.rowid, m.id, m.ts, m.tz_offset, s.handle, m.body, m.lat, m.lon "
      "FROM messages m LEFT JOIN actors s ON s.id = m.sender_actor "
      "WHERE NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_rowid = m.rowid) "
      "ORDER BY m.ts, m.rowid", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_db_error (self->db, rc, "Could not read messages", error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorMessage m = { 0 };
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_auto(GStrv) split = NULL;
      char *empty[1] = { NULL };

      m.id = (char *) sqlite3_column_text (stmt, 1);
      m.ts = sqlite3_column_int64 (stmt, 2);
      m.tz_offset = sqlite3_column_int (stmt, 3);
      m.sender = (char *) sqlite3_column_text (stmt, 4);
      m.body = (char *) sqlite3_column_text (stmt, 5);
      m.lat = column_double_or_nan (stmt, 6);
      m.lon = column_double_or_nan (stmt, 7);
      /* Recipients travel as they always did, joined by the unit separator
       * and split again, so every handle reads the same as before. */
      g_string_truncate (joined, 0);
      for (guint i = find_recipients (rcpt_rows, rowid);
           i < rcpt_rows->len && g_array_index (rcpt_rows, RecipientRow, i).message_rowid == rowid;
           i++)
        {
          if (i > 0 && g_array_index (rcpt_rows, RecipientRow, i - 1).message_rowid == rowid)
            g_string_append_c (joined, '\x1f');
          g_string_append (joined, g_array_index (rcpt_rows, RecipientRow, i).handle);
        }
      if (joined->len > 0)
        split = g_strsplit (joined->str, "\x1f", -1);
      m.recipients = split != NULL ? split : empty;
      if (!func (rowid, &m, user_data))
        break;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ok = set_db_error (self->db, rc, "Could not read messages", error);
  sqlite3_finalize (stmt);
  return ok;
}

/* Drops @table's indexes and queues their SQL on the store's deferred list,
 * which corridor_store_commit replays before COMMIT (and a rollback brings
 * them back by itself): no committed case ever lacks them. */
static gboolean
defer_indexes_of (CorridorStore *self, const char *table, GError **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  int rc;

  {
    CACHED_STMT list = get_stmt (self,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name = ?1 ORDER BY name", error);

    if (list == NULL)
      return FALSE;
    bind_text (list, 1, table);
    while ((rc = sqlite3_step (list)) == SQLITE_ROW)
      {
        g_ptr_array_add (names, column_strdup (list, 0));
        g_ptr_array_add (sqls, column_strdup (list, 1));
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not list the case's indexes", error);
  }
  for (guint i = 0; i < names->len; i++)
    {
      /* Names come from sqlite_master, never from input; DDL takes no bound
       * parameters, so the name is quoted as an identifier. */
      char *drop = sqlite3_mprintf ("DROP INDEX \"%w\"", (const char *) names->pdata[i]);
      gboolean dropped = drop != NULL ? exec_sql (self->db, drop, error)
                                      : set_db_error (self->db, SQLITE_NOMEM, "Inference", error);

      sqlite3_free (drop);
      if (!dropped)
        return FALSE;   /* the caller rolls back, which restores any dropped */
      if (self->deferred_indexes == NULL)
        self->deferred_indexes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->deferred_indexes, g_steal_pointer (&sqls->pdata[i]));
    }
  return TRUE;
}

gboolean
corridor_store_clear_mentions (CorridorStore *self, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  /* Inference rewrites every mention in one transaction: a page cache large
   * enough to hold it keeps SQLite from spilling pages to the WAL mid-way
   * (bounded: 256 MB, well inside the 1.5 GB budget). */
  exec_sql (self->db, "PRAGMA cache_size = -262144", NULL);
  /* Every mention is rewritten, so the mention indexes are rebuilt once at
   * commit (one sort) rather than updated per row (a random b-tree descent
   * each; about 2 mentions per message). Nothing reads mentions meanwhile. */
  return need_open_transaction (self, "Inference", error) &&
         defer_indexes_of (self, "mentions", error) &&
         exec_sql (self->db, "DELETE FROM mentions", error);
}

gboolean
corridor_store_finish_mentions (CorridorStore *self, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!need_open_transaction (self, "Inference", error))
    return FALSE;
  /* Whatever is deferred so far (the mention indexes; an import's in the
   * same transaction too) is built now, so the caller can overlap it with
   * work of its own; commit would do it anyway. The sorter keeps as much in
   * memory as the page cache may hold, and one huge in-memory sort costs
   * more CPU than merging runs of 16 MB (measured: 2 M mentions, 4.5 s
   * against 2.8 s), so the cache is small while the indexes are built. */
  exec_sql (self->db, "PRAGMA cache_size = -16384", NULL);
  for (guint i = 0; self->deferred_indexes != NULL && i < self->deferred_indexes->len; i++)
    if (!exec_sql (self->db, g_ptr_array_index (self->deferred_indexes, i), error))
      {
        g_prefix_error (error, "Could not rebuild an index after extraction: ");
        exec_sql (self->db, "PRAGMA cache_size = -262144", NULL);
        return FALSE;   /* the caller rolls back, which restores them all */
      }
  exec_sql (self->db, "PRAGMA cache_size = -262144", NULL);
  if (self->deferred_indexes != NULL)
    g_ptr_array_set_size (self->deferred_indexes, 0);
  return TRUE;
}

gboolean
corridor_store_add_mention_full (CorridorStore *self, gint64 message_rowid, const char *kind,
                                 const char *value, double number, const char *qualifier,
                                 double confidence, int span_start, int span_end,
                                 const char *extractor_version, GError **error)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  if (!need_open_transaction (self, "Inference", error))
    return FALSE;
  /* About two mentions per message: the statement is kept by pointer (no
   * hashing of its SQL per row) and the texts, which outlive the step, are
   * bound without a copy. */
  if (self->mention_insert == NULL)
    self->mention_insert = get_stmt (self,
        "INSERT INTO mentions (message_rowid, kind, value, span_start, span_end, "
        "extractor_version, qualifier, number, confidence) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  stmt = self->mention_insert;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_rowid);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value != NULL ? value : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, span_start);
  sqlite3_bind_int (stmt, 5, span_end);
  if (extractor_version != NULL)
    sqlite3_bind_text (stmt, 6, extractor_version, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 6);
  if (qualifier != NULL)
    sqlite3_bind_text (stmt, 7, qualifier, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 7);
  bind_double (stmt, 8, number);
  bind_double (stmt, 9, confidence);
  return step_done (self, stmt, "Could not add a mention", error);
}

gboolean
corridor_store_clear_inferred (CorridorStore *self, GError **error)
{
  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  /* Child rows go by ON DELETE CASCADE; evidence has no cascade on the
   * shipment side in v1, so it is removed explicitly first. Inference then
   * writes about one evidence row per message of a shipment: its indexes
   * are rebuilt once at commit, and the DELETE scans the table once. */
  return need_open_transaction (self, "Inference", error) &&
         defer_indexes_of (self, "evidence", error) &&
         exec_sql (self->db,
                   "DELETE FROM evidence WHERE shipment_rowid IN "
                   "  (SELECT rowid FROM shipments WHERE status = 'inferred');"
                   "DELETE FROM shipments WHERE status = 'inferred';"
                   "DELETE FROM leads;", error);
}

char *
corridor_store_shipment_key_lookup (CorridorStore *self, const char *key)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  stmt = get_stmt (self, "SELECT id FROM shipment_keys WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return column_strdup (stmt, 0);
}

gboolean
corridor_store_shipment_key_put (CorridorStore *self, const char *key, const char *id,
                                 GError **error)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && id != NULL, FALSE);
  if (!need_open_transaction (self, "Inference", error))
    return FALSE;
  stmt = get_stmt (self, "INSERT OR REPLACE INTO shipment_keys (key, id) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, id);
  return step_done (self, stmt, "Could not record a shipment key", error);
}

gboolean
corridor_store_shipment_is_decided (CorridorStore *self, const char *id)
{
  CACHED_STMT stmt = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  stmt = get_stmt (self, "SELECT status <> 'inferred' FROM shipments WHERE id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

gboolean
corridor_store_add_evidence_rowid (CorridorStore *self, const char *shipment_id,
                                   gint64 message_rowid, const char *field, int span_start,
                                   int span_end, GError **error)
{
  gint64 rowid;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  if (!need_open_transaction (self, "Inference", error) ||
      !lookup_shipment_rowid (self, shipment_id, &rowid, error))
    return FALSE;
  return insert_evidence_rowids (self, rowid, message_rowid, field, span_start, span_end, error);
}

gboolean
corridor_store_add_evidence_rows (CorridorStore *self, const char *shipment_id,
                                  const CorridorStoreEvidence *rows, guint n_rows,
                                  GError **error)
{
  gint64 rowid;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (shipment_id != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);

  /* A shipment has about one row per message behind it: its row id is
   * looked up once, not per row. */
  if (!need_open_transaction (self, "Inference", error) ||
      !lookup_shipment_rowid (self, shipment_id, &rowid, error))
    return FALSE;
  for (guint i = 0; i < n_rows; i++)
    if (!insert_evidence_rowids (self, rowid, rows[i].message_rowid, rows[i].field,
                                 rows[i].span_start, rows[i].span_end, error))
      return FALSE;
  return TRUE;
}

void
corridor_lead_free (CorridorLead *lead)
{
  if (lead == NULL)
    return;
  g_free (lead->id);
  g_free (lead->locode);
  g_free (lead->name);
  g_free (lead->port_role);
  g_free (lead->date);
  g_strfreev (lead->containers);
  g_free (lead->vessel_name);
  g_free (lead->vessel_imo);
  g_free (lead->concealment);
  g_strfreev (lead->evidence);
  g_free (lead);
}

gboolean
corridor_store_add_lead (CorridorStore *self, CorridorLead *lead, GError **error)
{
  g_autofree char *containers = NULL, *evidence = NULL;
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (lead != NULL && lead->locode != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  if (lead->id == NULL)
    lead->id = g_strdup_printf ("l-%" G_GINT64_FORMAT,
                                query_int (self->db, "SELECT count(*) FROM leads", 0) + 1);
  containers = lead->containers != NULL ? g_strjoinv (";", lead->containers) : NULL;
  evidence = lead->evidence != NULL ? g_strjoinv (";", lead->evidence) : NULL;
  {
    CACHED_STMT stmt = get_stmt (self,
        "INSERT INTO leads (id, locode, port_role, date, quantity_kg, containers, vessel_name, "
        "vessel_imo, concealment, outcome, confidence, evidence) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);

    ok = stmt != NULL;
    if (ok)
      {
        bind_text (stmt, 1, lead->id);
        bind_text (stmt, 2, lead->locode);
        bind_text (stmt, 3, lead->port_role);
        bind_text (stmt, 4, lead->date);
        bind_double (stmt, 5, lead->quantity_kg);
        bind_text (stmt, 6, containers != NULL && *containers ? containers : NULL);
        bind_text (stmt, 7, lead->vessel_name);
        bind_text (stmt, 8, lead->vessel_imo);
        bind_text (stmt, 9, lead->concealment);
        bind_text (stmt, 10, corridor_outcome_to_string (lead->outcome));
        bind_double (stmt, 11, CLAMP (lead->confidence, 0.0, 1.0));
        bind_text (stmt, 12, evidence);
        ok = step_done (self, stmt, "Could not add the lead", error);
      }
  }
  return write_end (self, nested, ok, ok ? error : NULL);
}

static char **
split_list (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, ";", -1);
}

GPtrArray *
corridor_store_list_leads (CorridorStore *self, const CorridorFilter *filter, GError **error)
{
  CACHED_STMT stmt = NULL;
  g_autoptr(GPtrArray) out = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  if (filter != NULL && !corridor_filter_validate (filter, error))
    return NULL;
  stmt = get_stmt (self,
      "SELECT l.id, l.locode, p.name, p.lat, p.lon, l.port_role, l.date, l.quantity_kg, "
      "l.containers, l.vessel_name, l.vessel_imo, l.concealment, l.outcome, l.confidence, "
      "l.evidence FROM leads l LEFT JOIN ports p ON p.locode = l.locode "
      "ORDER BY l.date IS NULL, l.date, l.rowid", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_lead_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CorridorLead) l = g_new0 (CorridorLead, 1);
      gboolean keep = TRUE;

      l->id = column_strdup (stmt, 0);
      l->locode = column_strdup (stmt, 1);
      l->name = column_strdup (stmt, 2);
      l->lat = column_double_or_nan (stmt, 3);
      l->lon = column_double_or_nan (stmt, 4);
      l->port_role = column_strdup (stmt, 5);
      l->date = column_strdup (stmt, 6);
      l->quantity_kg = column_double_or_nan (stmt, 7);
      l->containers = split_list ((const char *) sqlite3_column_text (stmt, 8));
      l->vessel_name = column_strdup (stmt, 9);
      l->vessel_imo = column_strdup (stmt, 10);
      l->concealment = column_strdup (stmt, 11);
      corridor_outcome_from_string ((const char *) sqlite3_column_text (stmt, 12), &l->outcome);
      l->confidence = sqlite3_column_double (stmt, 13);
      l->evidence = split_list ((const char *) sqlite3_column_text (stmt, 14));
      if (filter != NULL)
        {
          if (filter->ports != NULL && filter->ports->len > 0)
            {
              gboolean any = FALSE;
              for (guint i = 0; i < filter->ports->len; i++)
                any |= g_strcmp0 (g_ptr_array_index (filter->ports, i), l->locode) == 0;
              keep &= any;
            }
          if (filter->from != NULL || filter->to != NULL)
            keep &= l->date != NULL &&
                    (filter->from == NULL || strcmp (l->date, filter->from) >= 0) &&
                    (filter->to == NULL || strcmp (l->date, filter->to) <= 0);
          if (filter->min_confidence > 0.0)
            keep &= l->confidence >= filter->min_confidence;
        }
      if (keep)
        g_ptr_array_add (out, g_steal_pointer (&l));
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not list leads", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Recipients travel as a JSON array: any character may be in a handle, so
 * no separator could split them back safely. */
static char **
recipients_from_json (const char *json)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  GPtrArray *out = g_ptr_array_new ();

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *arr = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);

          if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
            g_ptr_array_add (out, g_strdup (json_node_get_string (n)));
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

GPtrArray *
corridor_store_list_messages (CorridorStore *self, const char *shipment_id, const char *actor,
                              const char *search, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *pattern = NULL;
  const char *where;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail ((shipment_id != NULL) + (actor != NULL) + (search != NULL) == 1, NULL);

  if (shipment_id != NULL)
    where = "m.rowid IN (SELECT e.message_rowid FROM evidence e JOIN shipments s "
            "ON s.rowid = e.shipment_rowid WHERE s.id = ?1)";
  else if (actor != NULL)
    where = "m.sender_actor = (SELECT id FROM actors WHERE handle = ?1) OR m.rowid IN "
            "(SELECT r.message_rowid FROM message_recipients r JOIN actors a "
            "ON a.id = r.actor_id WHERE a.handle = ?1)";
  else
    {
      /* LIKE with an escape so the analyst's % and _ are literal. */
      GString *p = g_string_new ("%");
      for (const char *c = search; *c != '\0'; c++)
        {
          if (*c == '%' || *c == '_' || *c == '\\')
            g_string_append_c (p, '\\');
          g_string_append_c (p, *c);
        }
      g_string_append_c (p, '%');
      pattern = g_string_free (p, FALSE);
      where = "m.body LIKE ?1 ESCAPE '\\'";
    }
  {
    g_autofree char *sql = g_strdup_printf (
        "SELECT m.id, m.ts, m.tz_offset, s.handle, m.body, m.lat, m.lon, m.extra_json, "
        "  (SELECT json_group_array(h) FROM (SELECT a.handle AS h FROM message_recipients r "
        "     JOIN actors a ON a.id = r.actor_id WHERE r.message_rowid = m.rowid ORDER BY r.rowid)) "
        "FROM messages m LEFT JOIN actors s ON s.id = m.sender_actor WHERE %s "
        "ORDER BY m.ts, m.rowid", where);
    rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  }
  if (rc != SQLITE_OK)
    {
      set_db_error (self->db, rc, "Could not list messages", error);
      return NULL;
    }
  bind_text (stmt, 1, shipment_id != NULL ? shipment_id : actor != NULL ? actor : pattern);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_message_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorMessage *m = corridor_message_new ();
      const char *rcpts = (const char *) sqlite3_column_text (stmt, 8);

      m->id = column_strdup (stmt, 0);
      m->ts = sqlite3_column_int64 (stmt, 1);
      m->tz_offset = sqlite3_column_int (stmt, 2);
      m->sender = column_strdup (stmt, 3);
      m->body = column_strdup (stmt, 4);
      m->lat = column_double_or_nan (stmt, 5);
      m->lon = column_double_or_nan (stmt, 6);
      m->extra_json = column_strdup (stmt, 7);
      g_strfreev (m->recipients);
      m->recipients = recipients_from_json (rcpts);
      g_ptr_array_add (out, m);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not list messages", error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&out);
}

void
corridor_evidence_free (CorridorEvidence *e)
{
  if (e == NULL)
    return;
  g_free (e->field);
  g_clear_pointer (&e->message, corridor_message_free);
  g_free (e->source_path);
  g_free (e);
}

GPtrArray *
corridor_store_list_evidence (CorridorStore *self, const char *shipment_id, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (shipment_id != NULL, NULL);

  stmt = get_stmt (self,
      "SELECT e.field, e.span_start, e.span_end, m.id, m.ts, m.tz_offset, a.handle, m.body, "
      "  m.lat, m.lon, m.extra_json, "
      "  (SELECT json_group_array(h) FROM (SELECT ra.handle AS h FROM message_recipients r "
      "     JOIN actors ra ON ra.id = r.actor_id WHERE r.message_rowid = m.rowid ORDER BY r.rowid)), "
      "  (SELECT p.path FROM source_paths p WHERE p.source_id = m.source_id "
      "     ORDER BY p.added_at, p.rowid LIMIT 1) "
      "FROM evidence e JOIN shipments s ON s.rowid = e.shipment_rowid "
      "JOIN messages m ON m.rowid = e.message_rowid "
      "LEFT JOIN actors a ON a.id = m.sender_actor "
      "WHERE s.id = ?1 ORDER BY m.ts, m.rowid, e.id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, shipment_id);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_evidence_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorEvidence *e = g_new0 (CorridorEvidence, 1);
      CorridorMessage *m = corridor_message_new ();
      const char *rcpts = (const char *) sqlite3_column_text (stmt, 11);

      e->field = column_strdup (stmt, 0);
      e->span_start = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1
                      : sqlite3_column_int (stmt, 1);
      e->span_end = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1
                    : sqlite3_column_int (stmt, 2);
      m->id = column_strdup (stmt, 3);
      m->ts = sqlite3_column_int64 (stmt, 4);
      m->tz_offset = sqlite3_column_int (stmt, 5);
      m->sender = column_strdup (stmt, 6);
      m->body = column_strdup (stmt, 7);
      m->lat = column_double_or_nan (stmt, 8);
      m->lon = column_double_or_nan (stmt, 9);
      m->extra_json = column_strdup (stmt, 10);
      g_strfreev (m->recipients);
      m->recipients = recipients_from_json (rcpts);
      e->message = m;
      e->source_path = column_strdup (stmt, 12);
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not list evidence", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

void
corridor_actor_summary_free (CorridorActorSummary *a)
{
  if (a == NULL)
    return;
  g_free (a->handle);
  g_strfreev (a->aliases);
  g_free (a);
}

GPtrArray *
corridor_store_list_actor_summaries (CorridorStore *self, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_actor_summary_free);
  {
    /* Sent plus received, each message once per actor. */
    CACHED_STMT stmt = get_stmt (self,
        "SELECT a.id, a.handle, "
        "  (SELECT count(*) FROM messages m WHERE m.sender_actor = a.id) + "
        "  (SELECT count(*) FROM message_recipients r JOIN messages m ON m.rowid = r.message_rowid "
        "     WHERE r.actor_id = a.id AND m.sender_actor IS NOT a.id) "
        "FROM actors a ORDER BY a.handle", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        CorridorActorSummary *a = g_new0 (CorridorActorSummary, 1);
        gint64 id = sqlite3_column_int64 (stmt, 0);

        a->handle = column_strdup (stmt, 1);
        a->messages = (guint) sqlite3_column_int64 (stmt, 2);
        a->aliases = g_new0 (char *, 1);
        g_array_append_val (ids, id);
        g_ptr_array_add (out, a);
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not list actors", error);
        return NULL;
      }
  }
  for (guint i = 0; i < out->len; i++)
    g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), g_ptr_array_index (out, i));
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT sa.actor_id, sa.role, count(*) FROM shipment_actors sa "
        "JOIN shipments s ON s.rowid = sa.shipment_rowid "
        "WHERE s.status IN ('inferred', 'confirmed') GROUP BY sa.actor_id, sa.role", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        CorridorActorSummary *a = g_hash_table_lookup (by_id, &id);
        CorridorRole role;

        if (a != NULL && corridor_role_from_string ((const char *) sqlite3_column_text (stmt, 1), &role))
          a->roles[role] = (guint) sqlite3_column_int64 (stmt, 2);
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not list actor roles", error);
        return NULL;
      }
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        CorridorActorSummary *a = g_hash_table_lookup (by_id, &id);

        if (a != NULL)
          {
            guint n = g_strv_length (a->aliases);
            a->aliases = g_renew (char *, a->aliases, n + 2);
            a->aliases[n] = column_strdup (stmt, 1);
            a->aliases[n + 1] = NULL;
          }
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not list actor aliases", error);
        return NULL;
      }
  }
  return g_steal_pointer (&out);
}
