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
  struct _CorridorStoreSearch *search;  /* messages: search and conversations */
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

/* Version 7: the analyst reshapes the findings. A hand-made shipment's actors
 * may have no known role ('unknown', so shipment_actors is rebuilt: SQLite
 * cannot change a CHECK in place). Rows a merge copied into a shipment say
 * from which shipment (merged_from), so an unmerge or a re-application takes
 * exactly them out. review_structure keeps merges and splits by public id in
 * the order they were made, to apply them again after inference; actor_merges
 * keeps which handle counts as which (root_id: the end of the chain the
 * analyst built, what every query uses); port_aliases.analyst marks aliases
 * the analyst added, which re-seeding a port never drops. */
static const char schema_v7[] =
  "CREATE TABLE shipment_actors_v7 ("
  "  shipment_rowid INTEGER NOT NULL REFERENCES shipments(rowid) ON DELETE CASCADE,"
  "  actor_id       INTEGER NOT NULL REFERENCES actors(id),"
  "  role           TEXT NOT NULL"
  "                 CHECK (role IN ('sender','intermediary','distributor','unknown')),"
  "  merged_from    TEXT,"
  "  UNIQUE (shipment_rowid, actor_id, role));"
  "INSERT INTO shipment_actors_v7 (rowid, shipment_rowid, actor_id, role)"
  "  SELECT rowid, shipment_rowid, actor_id, role FROM shipment_actors;"
  "DROP TABLE shipment_actors;"
  "ALTER TABLE shipment_actors_v7 RENAME TO shipment_actors;"
  "CREATE INDEX shipment_actors_actor ON shipment_actors(actor_id);"
  "ALTER TABLE evidence ADD COLUMN merged_from TEXT;"
  "ALTER TABLE shipment_containers ADD COLUMN merged_from TEXT;"
  "ALTER TABLE port_aliases ADD COLUMN analyst INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE review_structure ("
  "  seq        INTEGER PRIMARY KEY,"
  "  kind       TEXT NOT NULL CHECK (kind IN ('merge','split')),"
  "  target_id  TEXT NOT NULL,"
  "  other_id   TEXT NOT NULL,"
  "  messages   TEXT,"
  "  applied    TEXT,"
  "  inert      INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (kind, other_id));"
  "CREATE TABLE actor_merges ("
  "  alias_id     INTEGER PRIMARY KEY REFERENCES actors(id),"
  "  canonical_id INTEGER NOT NULL REFERENCES actors(id),"
  "  root_id      INTEGER NOT NULL REFERENCES actors(id),"
  "  created_at   TEXT NOT NULL);"
  "CREATE INDEX actor_merges_root ON actor_merges(root_id);";

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
  { 7, schema_v7 },
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
          /* Another connection judges a WAL case by the main file's header
           * (precheck_existing), which is empty until a checkpoint. */
          exec_sql (self->db, "PRAGMA wal_checkpoint(PASSIVE)", NULL);
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
  g_clear_pointer (&self->search, g_free);
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
    /* The analyst's own aliases (schema 7) outlive a re-seeded port. */
    CACHED_STMT del = get_stmt (self,
        "DELETE FROM port_aliases WHERE locode = ?1 AND analyst = 0", error);

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
      /* No known role (a hand-made shipment's actors): 'unknown', schema 7. */
      const char *role = a->role == CORRIDOR_ROLE_NONE ? "unknown"
                         : corridor_role_to_string (a->role);
      CACHED_STMT stmt = NULL;
      gint64 actor_id;

      if (role == NULL || a->handle == NULL || a->handle[0] == '\0')
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "Shipment %s: an actor without a handle or with a bad role", id);
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

/* Whether the analyst merged any handles (schema 7). Queries over actors
 * take the plain, faster form when not, and a case opened read-only before
 * version 7 has no such table. */
static gboolean
has_actor_merges (CorridorStore *self)
{
  if (self->schema_version < 7)
    return FALSE;
  return count_rows (self, "SELECT EXISTS (SELECT 1 FROM actor_merges)") > 0;
}

/* Whether some merge hides a shipment now (schema 7). */
static gboolean
has_hidden_shipments (CorridorStore *self)
{
  if (self->schema_version < 7)
    return FALSE;
  return count_rows (self, "SELECT EXISTS (SELECT 1 FROM review_structure "
                           "WHERE kind = 'merge' AND inert = 0)") > 0;
}

/* The rowids of shipments a merge hides, as a subquery. */
#define HIDDEN_SHIPMENTS \
  "(SELECT h.rowid FROM review_structure r JOIN shipments h ON h.id = r.other_id " \
  "WHERE r.kind = 'merge' AND r.inert = 0)"

/* The actor ids merged with handle ?1 (itself included), as rows of "id". */
#define ACTOR_GROUP \
  "WITH k (root) AS (SELECT COALESCE(am.root_id, a1.id) FROM actors a1 " \
  "  LEFT JOIN actor_merges am ON am.alias_id = a1.id WHERE a1.handle = ?1) " \
  "SELECT root AS id FROM k UNION SELECT m2.alias_id FROM actor_merges m2 JOIN k " \
  "  ON m2.root_id = k.root"

/* The actor id every query counts @col as: its merge root, else itself. */
#define CANONICAL_ACTOR(col) \
  "COALESCE((SELECT am.root_id FROM actor_merges am WHERE am.alias_id = " col "), " col ")"

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
      if (has_actor_merges (self))
        /* A handle stands for everyone merged with it: every actor id whose
         * root is the root of a handle asked for (a short list, so the
         * actor index still drives the lookup). */
        g_string_append (sql, " AND s.rowid IN (SELECT sa.shipment_rowid FROM shipment_actors sa "
                              "WHERE sa.actor_id IN (SELECT a3.id FROM actors a3 WHERE "
                              CANONICAL_ACTOR ("a3.id") " IN (SELECT " CANONICAL_ACTOR ("a2.id")
                              " FROM actors a2 WHERE a2.handle IN ");
      else
        g_string_append (sql, " AND s.rowid IN (SELECT sa.shipment_rowid FROM shipment_actors sa "
                              "JOIN actors a ON a.id = sa.actor_id WHERE a.handle IN ");
      append_placeholders (sql, f->actors->len, &next);
      if (has_actor_merges (self))
        g_string_append (sql, "))");
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
  if (has_hidden_shipments (self))
    g_string_append (sql, " AND s.rowid NOT IN " HIDDEN_SHIPMENTS);
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
    /* A merged handle is listed as the one it counts as, once per role. */
    CACHED_STMT stmt = get_stmt (self, has_actor_merges (self)
        ? "SELECT sa.shipment_rowid, a.handle, sa.role "
          "FROM temp.corridor_query q CROSS JOIN shipment_actors sa ON sa.shipment_rowid = q.rowid "
          "JOIN actors a ON a.id = " CANONICAL_ACTOR ("sa.actor_id") " "
          "GROUP BY sa.shipment_rowid, a.id, sa.role ORDER BY sa.shipment_rowid, MIN(sa.rowid)"
        : "SELECT sa.shipment_rowid, a.handle, sa.role "
          "FROM temp.corridor_query q CROSS JOIN shipment_actors sa ON sa.shipment_rowid = q.rowid "
          "JOIN actors a ON a.id = sa.actor_id ORDER BY sa.shipment_rowid, sa.rowid", error);

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 rowid = sqlite3_column_int64 (stmt, 0);
        CorridorShipment *s = g_hash_table_lookup (by_rowid, &rowid);
        const char *handle = (const char *) sqlite3_column_text (stmt, 1);
        CorridorRole role = CORRIDOR_ROLE_NONE;
        gboolean known = FALSE;

        corridor_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &role);
        if (s == NULL)
          continue;
        /* An actor with a role is not listed again without one ('unknown'). */
        for (guint k = 0; s->actors != NULL && k < s->actors->len; k++)
          {
            CorridorShipmentActor *a = g_ptr_array_index (s->actors, k);

            if (g_strcmp0 (a->handle, handle) != 0)
              continue;
            if (a->role == CORRIDOR_ROLE_NONE)
              a->role = role;
            known |= a->role == role || role == CORRIDOR_ROLE_NONE;
          }
        if (!known)
          corridor_shipment_add_actor (s, handle, role);
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

CorridorShipment *
corridor_store_get_shipment (CorridorStore *self, const char *id, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  gboolean own_txn;
  gboolean ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!exec_sql (self->db,
                 "CREATE TEMP TABLE IF NOT EXISTS corridor_query (rowid INTEGER PRIMARY KEY)",
                 error))
    return NULL;
  own_txn = sqlite3_get_autocommit (self->db);
  if (own_txn && !exec_sql (self->db, "BEGIN", error))
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  ok = exec_sql (self->db, "DELETE FROM temp.corridor_query", error);
  if (ok)
    {
      CACHED_STMT stmt = get_stmt (self,
          "INSERT INTO temp.corridor_query (rowid) SELECT rowid FROM shipments WHERE id = ?1",
          error);

      ok = stmt != NULL;
      if (ok)
        {
          bind_text (stmt, 1, id);
          ok = step_done (self, stmt, "Could not read the shipment", error);
        }
    }
  ok = ok && fill_query_results (self, out, error);
  exec_sql (self->db, "DELETE FROM temp.corridor_query", NULL);
  if (own_txn)
    exec_sql (self->db, ok ? "COMMIT" : "ROLLBACK", NULL);
  if (!ok)
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No shipment “%s” in this case", id);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
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
  "vessel", "imo", "concealment", "outcome", "grade", "status", NULL
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

/* A decision: @status into the row and @r, with the JSON for the audit. */
static gboolean
review_write_status (CorridorStore *self, ReviewRow *r, const char *status, char **before_json,
                     char **after_json, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "UPDATE shipments SET status = ?2 WHERE rowid = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->rowid);
  bind_text (stmt, 2, status);
  if (!step_done (self, stmt, "Could not record the decision", error))
    return FALSE;
  *before_json = review_value_json ("status", r->status);
  *after_json = review_value_json ("status", status);
  set_str (&r->status, status);
  return TRUE;
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

        if (g_strcmp0 (r->status, status) == 0)
          return TRUE;
        if (!review_write_status (self, r, status, &before_json, &after_json, error))
          return FALSE;
        action = a->kind == CORRIDOR_REVIEW_CONFIRM ? "review.confirm" : "review.reject";
        break;
      }

    case CORRIDOR_REVIEW_UNNOTE:
      {
        gint64 note_id;

        if (!review_text ("note", a->value != NULL ? a->value : "", TRUE, 65536, &before, error))
          return FALSE;
        if (before == NULL)
          {
            g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                         "note: the text is empty");
            return FALSE;
          }
        {
          CACHED_STMT find = get_stmt (self,
              "SELECT id FROM shipment_notes WHERE shipment_id = ?1 AND body = ?2 "
              "ORDER BY id DESC LIMIT 1", error);

          if (find == NULL)
            return FALSE;
          bind_text (find, 1, id);
          bind_text (find, 2, before);
          if (sqlite3_step (find) != SQLITE_ROW)
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                           "Shipment %s has no note with that text", id);
              return FALSE;
            }
          note_id = sqlite3_column_int64 (find, 0);
        }
        {
          CACHED_STMT del = get_stmt (self, "DELETE FROM shipment_notes WHERE id = ?1", error);

          if (del == NULL)
            return FALSE;
          sqlite3_bind_int64 (del, 1, note_id);
          if (!step_done (self, del, "Could not remove the note", error))
            return FALSE;
        }
        before_json = review_value_json ("note", before);
        action = "review.unnote";
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
                         "outcome, grade or status)", a->field != NULL ? a->field : "");
            return FALSE;
          }
        if (strcmp (a->field, "status") == 0)
          {
            /* A decision, not a correction: nothing to re-apply, as CONFIRM. */
            g_autofree char *v = g_ascii_strdown (a->value != NULL ? a->value : "", -1);
            CorridorStatus st;

            if (!corridor_status_from_string (g_strstrip (v), &st))
              {
                g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                             "status=%s: expected inferred, confirmed or rejected",
                             a->value != NULL ? a->value : "");
                return FALSE;
              }
            if (g_strcmp0 (r->status, corridor_status_to_string (st)) == 0)
              return TRUE;
            if (!review_write_status (self, r, corridor_status_to_string (st), &before_json,
                                      &after_json, error))
              return FALSE;
            action = "review.set";
            break;
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
   * group messages (no recipients) link nobody. Merged handles count as
   * the one they are merged into, each message once per pair. */
  stmt = get_stmt (self, has_actor_merges (self)
      ? "WITH c (id, handle) AS (SELECT a.id, k.handle FROM actors a "
        "  JOIN actors k ON k.id = " CANONICAL_ACTOR ("a.id") ") "
        "SELECT MIN(s.handle, r.handle), MAX(s.handle, r.handle), COUNT(DISTINCT m.rowid) "
        "FROM messages m JOIN message_recipients mr ON mr.message_rowid = m.rowid "
        "JOIN c s ON s.id = m.sender_actor JOIN c r ON r.id = mr.actor_id "
        "WHERE s.handle <> r.handle "
        "GROUP BY MIN(s.handle, r.handle), MAX(s.handle, r.handle) "
        "ORDER BY 1, 2"
      : "SELECT MIN(s.handle, r.handle), MAX(s.handle, r.handle), COUNT(*) "
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
   * and confirmed, not merged away); the majority wins, ties by role name
   * for determinism. A merged handle counts as the one it is merged into,
   * and no known role ('unknown') is no vote. */
  {
    gboolean merges = has_actor_merges (self);
    g_autofree char *sql = g_strdup_printf (
        "SELECT a.handle, sa.role, %s AS n FROM shipment_actors sa "
        "JOIN actors a ON a.id = %s JOIN shipments s ON s.rowid = sa.shipment_rowid "
        "WHERE s.status IN ('inferred', 'confirmed') AND sa.role <> 'unknown'%s "
        "GROUP BY a.handle, sa.role ORDER BY a.handle, n DESC, sa.role",
        merges ? "COUNT(DISTINCT sa.shipment_rowid)" : "COUNT(*)",
        merges ? CANONICAL_ACTOR ("sa.actor_id") : "sa.actor_id",
        has_hidden_shipments (self) ? " AND s.rowid NOT IN " HIDDEN_SHIPMENTS : "");

    stmt = get_stmt (self, sql, error);
  }
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
  /* The analyst's "m-" shipments (made by hand or split off) are theirs
   * whatever their status. Child rows go by ON DELETE CASCADE; evidence has no cascade on the
   * shipment side in v1, so it is removed explicitly first. Inference then
   * writes about one evidence row per message of a shipment: its indexes
   * are rebuilt once at commit, and the DELETE scans the table once. */
  return need_open_transaction (self, "Inference", error) &&
         defer_indexes_of (self, "evidence", error) &&
         exec_sql (self->db,
                   "DELETE FROM evidence WHERE shipment_rowid IN "
                   "  (SELECT rowid FROM shipments WHERE status = 'inferred' "
                   "   AND id NOT LIKE 'm-%');"
                   "DELETE FROM shipments WHERE status = 'inferred' AND id NOT LIKE 'm-%';"
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
  else if (actor != NULL && has_actor_merges (self))
    /* Everyone merged with the handle: the messages of each of its handles. */
    where = "m.sender_actor IN (SELECT g.id FROM (" ACTOR_GROUP ") g) OR m.rowid IN "
            "(SELECT r.message_rowid FROM message_recipients r WHERE r.actor_id IN "
            "(SELECT g.id FROM (" ACTOR_GROUP ") g))";
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
  gboolean merges;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  merges = has_actor_merges (self);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_actor_summary_free);
  {
    /* Sent plus received, each message once per actor. A handle merged into
     * another is not listed: its messages count for the one it is merged
     * into, and it is among that one's aliases. */
#define GROUP_OF_A "(SELECT g.alias_id FROM actor_merges g WHERE g.root_id = a.id UNION ALL SELECT a.id)"
    CACHED_STMT stmt = get_stmt (self, merges
        ? "SELECT a.id, a.handle, "
          "  (SELECT count(*) FROM messages m WHERE m.sender_actor IN " GROUP_OF_A ") + "
          "  (SELECT count(DISTINCT r.message_rowid) FROM message_recipients r "
          "     JOIN messages m ON m.rowid = r.message_rowid "
          "     WHERE r.actor_id IN " GROUP_OF_A " AND (m.sender_actor IS NULL OR "
          "     m.sender_actor NOT IN " GROUP_OF_A ")) "
          "FROM actors a WHERE a.id NOT IN (SELECT alias_id FROM actor_merges) ORDER BY a.handle"
        : "SELECT a.id, a.handle, "
          "  (SELECT count(*) FROM messages m WHERE m.sender_actor = a.id) + "
          "  (SELECT count(*) FROM message_recipients r JOIN messages m ON m.rowid = r.message_rowid "
          "     WHERE r.actor_id = a.id AND m.sender_actor IS NOT a.id) "
          "FROM actors a ORDER BY a.handle", error);
#undef GROUP_OF_A

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
    g_autofree char *sql = g_strdup_printf (
        "SELECT %s AS k, sa.role, %s FROM shipment_actors sa "
        "JOIN shipments s ON s.rowid = sa.shipment_rowid "
        "WHERE s.status IN ('inferred', 'confirmed')%s GROUP BY k, sa.role",
        merges ? CANONICAL_ACTOR ("sa.actor_id") : "sa.actor_id",
        merges ? "count(DISTINCT sa.shipment_rowid)" : "count(*)",
        has_hidden_shipments (self) ? " AND s.rowid NOT IN " HIDDEN_SHIPMENTS : "");
    CACHED_STMT stmt = get_stmt (self, sql, error);

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
    /* The imported aliases, then the handles merged in. */
    CACHED_STMT stmt = get_stmt (self, merges
        ? "SELECT x.id, x.alias FROM ("
          "  SELECT " CANONICAL_ACTOR ("aa.actor_id") " AS id, aa.alias AS alias, 0 AS k "
          "  FROM actor_aliases aa UNION ALL "
          "  SELECT am.root_id, h.handle, 1 FROM actor_merges am JOIN actors h ON h.id = am.alias_id"
          ") x ORDER BY x.id, x.k, x.alias"
        : "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        CorridorActorSummary *a = g_hash_table_lookup (by_id, &id);

        if (a != NULL &&
            !g_strv_contains ((const char *const *) a->aliases,
                              (const char *) sqlite3_column_text (stmt, 1)))
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

/* ---------------------------------------------------------------------------
 * --- messages: search and conversations ---
 *
 * The word index is derived data, like the sea-route cache: messages_fts,
 * an FTS5 table over messages.body (external content, so no body is stored
 * twice), made by the first search of a writable store, with meta
 * "messages_fts_rowid" the highest message rowid it holds. New messages
 * always get higher rowids, so each search indexes those above the mark, in
 * batches of their own transactions; imports do no indexing at all. Nothing
 * deletes or edits messages today; should anything, a trigger sets meta
 * "messages_fts_stale" and the next writable search rebuilds the index, and
 * hits are joined with messages, so a deleted message is never shown. What
 * the case's index lacks (all of it on a read-only store, the newest
 * messages while another connection holds the write lock) goes into a
 * contentless TEMP table of this connection, messages_fts_tail, kept for
 * the connection's life. corridor_fts_spans, an FTS5 auxiliary function,
 * maps the index's token positions back to byte ranges of the body.
 * ------------------------------------------------------------------------- */

#define FTS_TOKENIZE  "unicode61 remove_diacritics 2"
#define FTS_BATCH     20000   /* rowids indexed per transaction */
#define FTS_MAX_SPANS 64      /* highlighted matches per message */

struct _CorridorStoreSearch
{
  gboolean spans_function;   /* corridor_fts_spans is registered on this connection */
  gboolean tail;             /* temp.messages_fts_tail is in step with the fields below */
  gint64   tail_lo, tail_hi; /* it holds the messages with tail_lo < rowid <= tail_hi */
};

static struct _CorridorStoreSearch *
search_state (CorridorStore *self)
{
  if (self->search == NULL)
    self->search = g_new0 (struct _CorridorStoreSearch, 1);
  return self->search;
}

void
corridor_message_hit_free (CorridorMessageHit *hit)
{
  if (hit == NULL)
    return;
  g_clear_pointer (&hit->message, corridor_message_free);
  g_clear_pointer (&hit->spans, g_array_unref);
  g_free (hit->source_path);
  g_free (hit->conversation);
  g_free (hit);
}

void
corridor_conversation_free (CorridorConversation *c)
{
  if (c == NULL)
    return;
  g_free (c->key);
  g_strfreev (c->members);
  g_free (c->chat);
  g_free (c->first_ts);
  g_free (c->last_ts);
  g_free (c);
}

void
corridor_conversation_page_free (CorridorConversationPage *page)
{
  if (page == NULL)
    return;
  g_free (page->key);
  g_clear_pointer (&page->messages, g_ptr_array_unref);
  g_free (page);
}

/* One integer from a query of our own; FALSE with @error when it fails. */
static gboolean
query_int64 (CorridorStore *self, const char *sql, gint64 *out, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self->db, rc, "Could not read the case", error);
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gint64
meta_int64 (CorridorStore *self, const char *key, gint64 fallback)
{
  g_autofree char *value = corridor_store_get_meta (self, key);
  char *end = NULL;
  gint64 n;

  if (value == NULL)
    return fallback;
  n = g_ascii_strtoll (value, &end, 10);
  return end != value && *end == '\0' ? n : fallback;
}

static gboolean
set_meta_int64 (CorridorStore *self, const char *key, gint64 value, GError **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return set_meta_internal (self, key, text, error);
}

static char *
iso8601_utc (gint64 ts)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ts);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* The connection's FTS5 API (NULL when SQLite was built without FTS5). */
static fts5_api *
fts5_api_of (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

/* corridor_fts_spans(TABLE, body): the matched phrases of the row as byte
 * ranges of @body, "start end start end …". The index knows each match
 * as a token position; tokenizing the body again with the table's own
 * tokenizer finds that token's bytes. */
typedef struct {
  int n;
  int tokens[FTS_MAX_SPANS][2];  /* first and last token of each match */
  int bytes[FTS_MAX_SPANS][2];
  int last;                      /* the highest last token */
  int next;                      /* the index of the next token */
} SpansWalk;

static int
spans_token (void *data, int flags, const char *token, int n_token, int start, int end)
{
  SpansWalk *w = data;

  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  for (int i = 0; i < w->n; i++)
    {
      if (w->tokens[i][0] == w->next)
        w->bytes[i][0] = start;
      if (w->tokens[i][1] == w->next)
        w->bytes[i][1] = end;
    }
  w->next++;
  /* Past the last match: the rest of a long body needs no tokenizing. */
  return w->next > w->last ? SQLITE_DONE : SQLITE_OK;
}

static void
fts_spans_function (const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int n_args, sqlite3_value **args)
{
  SpansWalk w = { .last = -1 };
  g_autoptr(GString) out = g_string_new (NULL);
  const char *body;
  int n_inst = 0, rc;

  if (n_args != 1)
    {
      sqlite3_result_error (ctx, "corridor_fts_spans takes the body", -1);
      return;
    }
  body = (const char *) sqlite3_value_text (args[0]);
  rc = api->xInstCount (fts, &n_inst);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }
  for (int i = 0; i < n_inst && w.n < FTS_MAX_SPANS; i++)
    {
      int phrase, column, offset;

      if (api->xInst (fts, i, &phrase, &column, &offset) != SQLITE_OK || column != 0)
        continue;
      w.tokens[w.n][0] = offset;
      w.tokens[w.n][1] = offset + MAX (api->xPhraseSize (fts, phrase), 1) - 1;
      w.bytes[w.n][0] = w.bytes[w.n][1] = -1;
      w.last = MAX (w.last, w.tokens[w.n][1]);
      w.n++;
    }
  if (body != NULL && w.n > 0)
    {
      rc = api->xTokenize (fts, body, sqlite3_value_bytes (args[0]), &w, spans_token);
      if (rc != SQLITE_OK && rc != SQLITE_DONE)
        {
          sqlite3_result_error_code (ctx, rc);
          return;
        }
    }
  for (int i = 0; i < w.n; i++)
    if (w.bytes[i][0] >= 0 && w.bytes[i][1] > w.bytes[i][0])
      g_string_append_printf (out, "%d %d ", w.bytes[i][0], w.bytes[i][1]);
  sqlite3_result_text (ctx, out->str, (int) out->len, SQLITE_TRANSIENT);
}

static gboolean
search_prepare (CorridorStore *self, GError **error)
{
  struct _CorridorStoreSearch *st = search_state (self);
  fts5_api *api;
  int rc;

  if (st->spans_function)
    return TRUE;
  api = fts5_api_of (self->db);
  if (api == NULL || api->iVersion < 2)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                   "This SQLite has no full-text search (FTS5)");
      return FALSE;
    }
  rc = api->xCreateFunction (api, "corridor_fts_spans", NULL, fts_spans_function, NULL);
  if (rc != SQLITE_OK)
    return set_db_error (self->db, rc, "Could not set up the search", error);
  st->spans_function = TRUE;
  return TRUE;
}

static int
count_token (void *data, int flags, const char *token, int n_token, int start, int end)
{
  (*(int *) data)++;
  return SQLITE_OK;
}

/* The FTS5 query for the analyst's @text, never SQL: each word (split at
 * white space) that the index's tokenizer finds a token in becomes an FTS5
 * string, which holds anything but '"' (doubled), so no word can be an
 * operator, a column filter or a syntax error; strings side by side must
 * all match; a '*' after the last makes it a prefix. *@out is NULL when no
 * word has a token. */
static gboolean
fts_query_for (CorridorStore *self, const char *text, char **out, GError **error)
{
  static const char *const args[] = { "remove_diacritics", "2" };
  fts5_api *api = fts5_api_of (self->db);
  fts5_tokenizer tk;
  Fts5Tokenizer *tok = NULL;
  void *user_data = NULL;
  g_autoptr(GString) q = g_string_new (NULL);
  const char *p = text;
  gboolean last_counted = FALSE, trailing_space = FALSE;

  *out = NULL;
  if (api == NULL || api->xFindTokenizer (api, "unicode61", &user_data, &tk) != SQLITE_OK ||
      tk.xCreate (user_data, (const char **) args, G_N_ELEMENTS (args), &tok) != SQLITE_OK)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED,
                   "This SQLite has no full-text search (FTS5)");
      return FALSE;
    }
  while (*p != '\0')
    {
      const char *start;
      int n = 0;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        {
          trailing_space = TRUE;
          p = g_utf8_next_char (p);
        }
      if (*p == '\0')
        break;
      trailing_space = FALSE;
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      tk.xTokenize (tok, &n, FTS5_TOKENIZE_QUERY, start, (int) (p - start), count_token);
      last_counted = n > 0;
      if (n == 0)
        continue;
      if (q->len > 0)
        g_string_append_c (q, ' ');
      g_string_append_c (q, '"');
      for (const char *c = start; c < p; c++)
        {
          if (*c == '"')
            g_string_append_c (q, '"');
          g_string_append_c (q, *c);
        }
      g_string_append_c (q, '"');
    }
  tk.xDelete (tok);
  if (q->len == 0)
    return TRUE;
  if (last_counted && !trailing_space)
    g_string_append_c (q, '*');
  *out = g_string_free (g_steal_pointer (&q), FALSE);
  return TRUE;
}

static const char fts_create_sql[] =
  "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(body, content='messages', "
  "  content_rowid='rowid', tokenize='" FTS_TOKENIZE "');"
  "CREATE TRIGGER IF NOT EXISTS messages_fts_stale_delete AFTER DELETE ON messages BEGIN"
  "  INSERT OR REPLACE INTO meta (key, value) VALUES ('messages_fts_stale', '1'); END;"
  "CREATE TRIGGER IF NOT EXISTS messages_fts_stale_update AFTER UPDATE OF body ON messages BEGIN"
  "  INSERT OR REPLACE INTO meta (key, value) VALUES ('messages_fts_stale', '1'); END;";

typedef struct {
  gint64   max;     /* the case's highest message rowid */
  gint64   hw;      /* messages_fts holds the messages up to here; -1: not usable */
  gboolean stale;   /* messages were deleted or edited since it was built */
} FtsState;

static gboolean
fts_read_state (CorridorStore *self, FtsState *st, GError **error)
{
  gint64 exists = 0;

  if (!query_int64 (self, "SELECT coalesce(max(rowid), 0) FROM messages", &st->max, error) ||
      !query_int64 (self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name = 'messages_fts'", &exists, error))
    return FALSE;
  st->stale = meta_int64 (self, "messages_fts_stale", 0) != 0;
  st->hw = exists ? meta_int64 (self, "messages_fts_rowid", -1) : -1;
  /* A mark above the highest message: the last ones were deleted. */
  if (st->stale || st->hw > st->max)
    st->hw = -1;
  return TRUE;
}

/* Brings the case's index up to its newest message. Not being able to
 * write (a read-only store, another connection's write lock) is no error:
 * @st then tells how far the index can be used. */
static gboolean
fts_main_catch_up (CorridorStore *self, FtsState *st, GCancellable *cancellable, GError **error)
{
  if (!fts_read_state (self, st, error))
    return FALSE;
  while (st->hw != st->max && !self->read_only)
    {
      g_autoptr(GError) local = NULL;
      gboolean nested, ok, created;
      gint64 exists = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      /* A long import on another connection must not stall the search:
       * wait a moment for the lock, then index the rest in TEMP. The
       * store's usual timeout (corridor_store_open) applies again after. */
      sqlite3_busy_timeout (self->db, 100);
      ok = write_begin (self, &nested, &local);
      sqlite3_busy_timeout (self->db, 5000);
      if (!ok)
        {
          if ((sqlite3_errcode (self->db) & 0xff) == SQLITE_BUSY)
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* Another connection may have moved the mark while this one waited. */
      ok = query_int64 (self, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'messages_fts'", &exists, error) &&
           fts_read_state (self, st, error);
      created = ok && exists == 0;
      if (created)
        {
          ok = exec_sql (self->db, fts_create_sql, error);
          st->hw = 0;
        }
      else if (ok && st->hw < 0)
        {
          /* No longer in step: empty it, and index every message again in
           * batches like new ones. */
          CACHED_STMT clear = get_stmt (self,
              "INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')", error);

          ok = clear != NULL && step_done (self, clear, "Could not index the messages", error);
          st->hw = 0;
        }
      if (ok && st->hw < st->max)
        {
          CACHED_STMT add = get_stmt (self,
              "INSERT INTO messages_fts (rowid, body) SELECT rowid, body FROM messages "
              "WHERE rowid > ?1 AND rowid <= ?2", error);
          gint64 upto = MIN (st->max, st->hw + FTS_BATCH);

          ok = add != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (add, 1, st->hw);
              sqlite3_bind_int64 (add, 2, upto);
              ok = step_done (self, add, "Could not index the messages", error);
            }
          st->hw = upto;
        }
      ok = ok && set_meta_int64 (self, "messages_fts_rowid", st->hw, error) &&
           set_meta_internal (self, "messages_fts_stale", "0", error);
      if (!write_end (self, nested, ok, ok ? error : NULL))
        return FALSE;
      st->stale = FALSE;
    }
  return TRUE;
}

/* Indexes the messages above @lo in TEMP, for what the case's index lacks. */
static gboolean
fts_tail_catch_up (CorridorStore *self, gint64 lo, const FtsState *main_st,
                   GCancellable *cancellable, GError **error)
{
  struct _CorridorStoreSearch *st = search_state (self);

  /* Rows below @lo are harmless (the query skips them); rows missing
   * below the tail's start, or deleted or edited ones, are not. */
  if (st->tail && (st->tail_lo > lo || st->tail_hi > main_st->max || main_st->stale))
    st->tail = FALSE;
  if (!st->tail)
    {
      gint64 temp_objects = 0;

      if (!query_int64 (self, "SELECT count(*) FROM temp.sqlite_master", &temp_objects, error))
        return FALSE;
      /* Changing temp_store drops what TEMP holds, so only while it is
       * empty, and SQLite refuses it inside a transaction. */
      if (temp_objects == 0 && sqlite3_get_autocommit (self->db) &&
          !exec_sql (self->db, "PRAGMA temp_store = MEMORY", error))
        return FALSE;
      if (!exec_sql (self->db,
                     "DROP TABLE IF EXISTS temp.messages_fts_tail;"
                     "CREATE VIRTUAL TABLE temp.messages_fts_tail USING fts5(body, content='', "
                     "  tokenize='" FTS_TOKENIZE "');", error))
        return FALSE;
      st->tail = TRUE;
      st->tail_lo = st->tail_hi = lo;
    }
  while (st->tail_hi < main_st->max)
    {
      CACHED_STMT add = NULL;
      gint64 upto = MIN (main_st->max, st->tail_hi + FTS_BATCH);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      add = get_stmt (self,
          "INSERT INTO temp.messages_fts_tail (rowid, body) SELECT rowid, body "
          "FROM main.messages WHERE rowid > ?1 AND rowid <= ?2", error);
      if (add == NULL)
        return FALSE;
      sqlite3_bind_int64 (add, 1, st->tail_hi);
      sqlite3_bind_int64 (add, 2, upto);
      if (!step_done (self, add, "Could not index the messages", error))
        {
          st->tail = FALSE;
          return FALSE;
        }
      st->tail_hi = upto;
    }
  return TRUE;
}

typedef struct {
  gint64  rowid;
  double  rank;    /* lower is better */
  char   *spans;   /* "start end …" in bytes of the body, or NULL */
} HitRow;

static void
hit_row_clear (gpointer data)
{
  g_free (((HitRow *) data)->spans);
}

static int
compare_hit_rank (gconstpointer a, gconstpointer b)
{
  const HitRow *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static gboolean
collect_fts_hits (CorridorStore *self, const char *sql, const char *query, gint64 lo, gint64 hi,
                  guint limit, GArray *rows, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, query);
  sqlite3_bind_int64 (stmt, 2, lo);
  sqlite3_bind_int64 (stmt, 3, hi);
  sqlite3_bind_int64 (stmt, 4, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HitRow row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1),
                     column_strdup (stmt, 2) };

      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not search the messages", error);
  return TRUE;
}

static gboolean
collect_word_hits (CorridorStore *self, const char *query, guint limit,
                   GCancellable *cancellable, GArray *rows, GError **error)
{
  FtsState st;
  gint64 lo;

  if (!fts_main_catch_up (self, &st, cancellable, error))
    return FALSE;
  if (st.hw > 0 &&
      !collect_fts_hits (self,
          "SELECT messages_fts.rowid, rank, corridor_fts_spans(messages_fts, m.body) "
          "FROM messages_fts CROSS JOIN messages m ON m.rowid = messages_fts.rowid "
          "WHERE messages_fts MATCH ?1 AND messages_fts.rowid > ?2 "
          "AND messages_fts.rowid <= ?3 ORDER BY rank LIMIT ?4",
          query, 0, st.hw, limit, rows, error))
    return FALSE;
  lo = MAX (st.hw, 0);
  if (st.max > lo)
    {
      if (!fts_tail_catch_up (self, lo, &st, cancellable, error) ||
          !collect_fts_hits (self,
              "SELECT messages_fts_tail.rowid, rank, corridor_fts_spans(messages_fts_tail, m.body) "
              "FROM temp.messages_fts_tail CROSS JOIN main.messages m "
              "ON m.rowid = messages_fts_tail.rowid "
              "WHERE messages_fts_tail MATCH ?1 AND messages_fts_tail.rowid > ?2 "
              "AND messages_fts_tail.rowid <= ?3 ORDER BY rank LIMIT ?4",
              query, lo, st.max, limit, rows, error))
        return FALSE;
    }
  if (limit > 0 && rows->len > limit)
    {
      g_array_sort (rows, compare_hit_rank);
      g_array_set_size (rows, limit);
    }
  return TRUE;
}

/* No word of the text has a letter or digit: LIKE, as the search was
 * before the index, with the analyst's % and _ literal. */
static gboolean
collect_like_hits (CorridorStore *self, const char *text, guint limit, GArray *rows,
                   GError **error)
{
  g_autoptr(GString) pattern = g_string_new ("%");
  CACHED_STMT stmt = NULL;
  int rc;

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *c);
    }
  g_string_append_c (pattern, '%');
  stmt = get_stmt (self,
      "SELECT m.rowid FROM messages m WHERE m.body LIKE ?1 ESCAPE '\\' "
      "ORDER BY m.ts, m.rowid LIMIT ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, pattern->str);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HitRow row = { sqlite3_column_int64 (stmt, 0), rows->len, NULL };

      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not search the messages", error);
  return TRUE;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Actor ids from "3,7,12" (group_concat), sorted, without repeats. */
static GArray *
parse_actor_ids (const char *text)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (p, &end, 10);

      if (end == p)
        break;
      g_array_append_val (ids, id);
      p = *end == ',' ? end + 1 : end;
    }
  g_array_sort (ids, compare_gint64);
  for (guint i = 1; i < ids->len;)
    {
      if (g_array_index (ids, gint64, i) == g_array_index (ids, gint64, i - 1))
        g_array_remove_index (ids, i);
      else
        i++;
    }
  return ids;
}

/* The key of the conversation a message belongs to (CorridorConversation):
 * "p:A:B" for a direct message between actors A <= B (0: no sender),
 * "c:PREFIX" for a group chat message whose id is PREFIX (ending in ':')
 * then the message's own part, else "g:A,B,…", the actors it was from and
 * to. @recipient_ids as parse_actor_ids reads them. */
static char *
conversation_key (const char *id, gint64 sender, const char *recipient_ids)
{
  g_autoptr(GArray) ids = parse_actor_ids (recipient_ids);
  const char *colon = id != NULL ? strrchr (id, ':') : NULL;
  GString *key;

  if (ids->len == 1)
    {
      gint64 r = g_array_index (ids, gint64, 0);

      return g_strdup_printf ("p:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, MIN (sender, r),
                              MAX (sender, r));
    }
  if (colon != NULL && colon != id)
    return g_strdup_printf ("c:%.*s", (int) (colon - id + 1), id);
  key = g_string_new ("g:");
  if (sender > 0)
    {
      g_array_append_val (ids, sender);
      g_array_sort (ids, compare_gint64);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0 && g_array_index (ids, gint64, i) == g_array_index (ids, gint64, i - 1))
        continue;
      if (key->len > 2)
        g_string_append_c (key, ',');
      g_string_append_printf (key, "%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
    }
  return g_string_free (key, FALSE);
}

/* The recipients' actor ids of m, for conversation_key. */
#define RECIPIENT_IDS_SQL \
  "(SELECT group_concat(actor_id) FROM message_recipients WHERE message_rowid = m.rowid)"

/* One message by rowid, with its source's first path and its conversation. */
static CorridorMessage *
read_message_row (CorridorStore *self, gint64 rowid, char **out_source, char **out_key,
                  GError **error)
{
  CACHED_STMT stmt = get_stmt (self,
      "SELECT m.id, m.ts, m.tz_offset, s.handle, m.body, m.lat, m.lon, m.extra_json, "
      "  (SELECT json_group_array(h) FROM (SELECT a.handle AS h FROM message_recipients r "
      "     JOIN actors a ON a.id = r.actor_id WHERE r.message_rowid = m.rowid ORDER BY r.rowid)), "
      "  coalesce(m.sender_actor, 0), " RECIPIENT_IDS_SQL ", "
      "  (SELECT p.path FROM source_paths p WHERE p.source_id = m.source_id "
      "     ORDER BY p.added_at, p.rowid LIMIT 1) "
      "FROM messages m LEFT JOIN actors s ON s.id = m.sender_actor WHERE m.rowid = ?1", error);
  CorridorMessage *m;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                     "A message is no longer in the case");
      else
        set_db_error (self->db, rc, "Could not read a message", error);
      return NULL;
    }
  m = corridor_message_new ();
  m->id = column_strdup (stmt, 0);
  m->ts = sqlite3_column_int64 (stmt, 1);
  m->tz_offset = sqlite3_column_int (stmt, 2);
  m->sender = column_strdup (stmt, 3);
  m->body = column_strdup (stmt, 4);
  m->lat = column_double_or_nan (stmt, 5);
  m->lon = column_double_or_nan (stmt, 6);
  m->extra_json = column_strdup (stmt, 7);
  g_strfreev (m->recipients);
  m->recipients = recipients_from_json ((const char *) sqlite3_column_text (stmt, 8));
  if (out_key != NULL)
    *out_key = conversation_key (m->id, sqlite3_column_int64 (stmt, 9),
                                 (const char *) sqlite3_column_text (stmt, 10));
  if (out_source != NULL)
    *out_source = column_strdup (stmt, 11);
  return m;
}

/* Byte ranges "start end …" of @body as character ranges. */
static GArray *
spans_from_bytes (const char *body, const char *bytes)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (int));
  gsize len = body != NULL ? strlen (body) : 0;
  const char *p = bytes;

  if (body == NULL || bytes == NULL || !g_utf8_validate (body, -1, NULL))
    return spans;
  while (*p != '\0')
    {
      char *end = NULL;
      gint64 start = g_ascii_strtoll (p, &end, 10), stop;

      if (end == p)
        break;
      p = end;
      stop = g_ascii_strtoll (p, &end, 10);
      if (end == p)
        break;
      p = end;
      if (start < 0 || stop <= start || (gsize) stop > len)
        continue;
      int range[2] = { (int) g_utf8_pointer_to_offset (body, body + start),
                       (int) g_utf8_pointer_to_offset (body, body + stop) };
      g_array_append_vals (spans, range, 2);
    }
  return spans;
}

/* Where @text occurs in @body, ASCII case-insensitive as LIKE compares. */
static GArray *
spans_of_substring (const char *body, const char *text)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (int));
  gsize n = strlen (text), len = body != NULL ? strlen (body) : 0;

  if (n == 0 || body == NULL || !g_utf8_validate (body, -1, NULL))
    return spans;
  for (gsize i = 0; i + n <= len && spans->len < 2 * FTS_MAX_SPANS;)
    {
      if (g_ascii_strncasecmp (body + i, text, n) == 0)
        {
          int range[2] = { (int) g_utf8_pointer_to_offset (body, body + i),
                           (int) g_utf8_pointer_to_offset (body, body + i + n) };
          g_array_append_vals (spans, range, 2);
          i += n;
        }
      else
        i++;
    }
  return spans;
}

typedef struct {
  CorridorMessageHit *hit;
  gint64              rowid;
} SortedHit;

static int
compare_sorted_hit (gconstpointer a, gconstpointer b)
{
  const SortedHit *x = a, *y = b;

  if (x->hit->message->ts != y->hit->message->ts)
    return x->hit->message->ts < y->hit->message->ts ? -1 : 1;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* The hits of @rows, by time; @like_text: the LIKE text whose occurrences
 * are the spans, NULL for the index's. */
static GPtrArray *
build_hits (CorridorStore *self, GArray *rows, const char *like_text, GCancellable *cancellable,
            GError **error)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (SortedHit), rows->len);
  gboolean failed = FALSE;
  GPtrArray *hits;

  for (guint i = 0; i < rows->len && !failed; i++)
    {
      const HitRow *row = &g_array_index (rows, HitRow, i);
      g_autoptr(CorridorMessageHit) hit = g_new0 (CorridorMessageHit, 1);
      g_autoptr(GError) local = NULL;
      SortedHit s;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          failed = TRUE;
          break;
        }
      hit->message = read_message_row (self, row->rowid, &hit->source_path, &hit->conversation,
                                       &local);
      if (hit->message == NULL)
        {
          /* Deleted since the index saw it: not a hit. */
          if (g_error_matches (local, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          failed = TRUE;
          break;
        }
      hit->spans = like_text != NULL ? spans_of_substring (hit->message->body, like_text)
                                     : spans_from_bytes (hit->message->body, row->spans);
      s.hit = g_steal_pointer (&hit);
      s.rowid = row->rowid;
      g_array_append_val (sorted, s);
    }
  if (failed)
    {
      for (guint i = 0; i < sorted->len; i++)
        corridor_message_hit_free (g_array_index (sorted, SortedHit, i).hit);
      return NULL;
    }
  g_array_sort (sorted, compare_sorted_hit);
  hits = g_ptr_array_new_full (sorted->len, (GDestroyNotify) corridor_message_hit_free);
  for (guint i = 0; i < sorted->len; i++)
    g_ptr_array_add (hits, g_array_index (sorted, SortedHit, i).hit);
  return hits;
}

static int
search_progress (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

GPtrArray *
corridor_store_search_messages (CorridorStore *self, const char *text, guint limit,
                                GCancellable *cancellable, GError **error)
{
  g_autofree char *valid = NULL, *query = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) local = NULL;
  GPtrArray *hits = NULL;
  gboolean ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  rows = g_array_new (FALSE, FALSE, sizeof (HitRow));
  g_array_set_clear_func (rows, hit_row_clear);
  /* Cancelling interrupts a long statement too, not only between them. */
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 1000, search_progress, cancellable);
  ok = search_prepare (self, &local) && fts_query_for (self, valid, &query, &local);
  if (ok)
    ok = query != NULL ? collect_word_hits (self, query, limit, cancellable, rows, &local)
                       : collect_like_hits (self, valid, limit, rows, &local);
  if (ok)
    {
      hits = build_hits (self, rows, query == NULL ? valid : NULL, cancellable, &local);
      ok = hits != NULL;
    }
  sqlite3_progress_handler (self->db, 0, NULL, NULL);
  /* What TEMP gained inside the caller's transaction goes if it rolls back. */
  if (!sqlite3_get_autocommit (self->db))
    search_state (self)->tail = FALSE;
  if (!ok)
    {
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_set_error_if_cancelled (cancellable, error);
      else if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_FAILED, "Could not search the messages");
      return NULL;
    }
  return hits;
}

/* --- conversations --- */

typedef struct {
  CorridorConversation *c;
  GArray               *members;   /* actor ids, unsorted, may repeat */
  gint64                first, last;
} ConversationAcc;

static void
conversation_acc_free (gpointer data)
{
  ConversationAcc *acc = data;

  corridor_conversation_free (acc->c);
  g_array_unref (acc->members);
  g_free (acc);
}

static int
compare_conversations (gconstpointer a, gconstpointer b)
{
  const CorridorConversation *x = *(CorridorConversation *const *) a;
  const CorridorConversation *y = *(CorridorConversation *const *) b;
  int by_last = g_strcmp0 (y->last_ts, x->last_ts);

  return by_last != 0 ? by_last : strcmp (x->key, y->key);
}

static int
compare_handles (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A group chat's name: the "chat" its messages' extra JSON names (Telegram,
 * UFDR, WhatsApp), else the middle of PREFIX ("wa:NAME:"). */
static char *
chat_name (CorridorStore *self, const char *prefix)
{
  g_autofree char *upper = g_strdup (prefix);
  const char *first_colon = strchr (prefix, ':');
  CACHED_STMT stmt = get_stmt (self,
      "SELECT json_extract(extra_json, '$.chat') FROM messages "
      "WHERE id >= ?1 AND id < ?2 AND json_valid(extra_json) "
      "AND json_type(extra_json, '$.chat') = 'text' LIMIT 1", NULL);

  upper[strlen (upper) - 1] = ';';   /* just above "PREFIX…" in byte order */
  if (stmt != NULL)
    {
      bind_text (stmt, 1, prefix);
      bind_text (stmt, 2, upper);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
        return column_strdup (stmt, 0);
    }
  if (first_colon != NULL && first_colon + 1 < prefix + strlen (prefix) - 1)
    return g_strndup (first_colon + 1, strlen (first_colon + 1) - 1);
  return g_strndup (prefix, strlen (prefix) - 1);
}

static gboolean
load_actor_handles (CorridorStore *self, GHashTable *handles, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "SELECT id, handle FROM actors", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (handles, id, column_strdup (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not read actors", error);
  return TRUE;
}

GPtrArray *
corridor_store_list_conversations (CorridorStore *self, GError **error)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        conversation_acc_free);
  g_autoptr(GHashTable) handles = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                         g_free, g_free);
  g_autoptr(GPtrArray) out = NULL;
  GHashTableIter iter;
  gpointer value;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT m.id, m.ts, coalesce(m.sender_actor, 0), " RECIPIENT_IDS_SQL " "
        "FROM messages m "
        "WHERE NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_rowid = m.rowid)",
        error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *rcpts = (const char *) sqlite3_column_text (stmt, 3);
        gint64 ts = sqlite3_column_int64 (stmt, 1), sender = sqlite3_column_int64 (stmt, 2);
        g_autofree char *key = conversation_key ((const char *) sqlite3_column_text (stmt, 0),
                                                 sender, rcpts);
        ConversationAcc *acc = g_hash_table_lookup (by_key, key);

        if (acc == NULL)
          {
            acc = g_new0 (ConversationAcc, 1);
            acc->c = g_new0 (CorridorConversation, 1);
            acc->c->key = g_steal_pointer (&key);
            acc->c->group = acc->c->key[0] != 'p';
            acc->members = g_array_new (FALSE, FALSE, sizeof (gint64));
            acc->first = acc->last = ts;
            g_hash_table_insert (by_key, acc->c->key, acc);
          }
        acc->c->n_messages++;
        acc->first = MIN (acc->first, ts);
        acc->last = MAX (acc->last, ts);
        /* A chat's members are everyone seen in it; the others' are fixed
         * by the key, so the first message names them all. */
        if (acc->c->key[0] == 'c' || acc->c->n_messages == 1)
          {
            g_autoptr(GArray) ids = parse_actor_ids (rcpts);

            if (sender > 0)
              g_array_append_val (acc->members, sender);
            g_array_append_vals (acc->members, ids->data, ids->len);
          }
      }
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not list conversations", error);
        return NULL;
      }
  }
  if (!load_actor_handles (self, handles, error))
    return NULL;

  out = g_ptr_array_new_full (g_hash_table_size (by_key),
                              (GDestroyNotify) corridor_conversation_free);
  g_hash_table_iter_init (&iter, by_key);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ConversationAcc *acc = value;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      g_array_sort (acc->members, compare_gint64);
      for (guint i = 0; i < acc->members->len; i++)
        {
          gint64 id = g_array_index (acc->members, gint64, i);
          const char *handle = g_hash_table_lookup (handles, &id);

          if ((i == 0 || id != g_array_index (acc->members, gint64, i - 1)) && handle != NULL)
            g_ptr_array_add (names, g_strdup (handle));
        }
      g_ptr_array_sort (names, compare_handles);
      g_ptr_array_add (names, NULL);
      acc->c->members = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
      acc->c->first_ts = iso8601_utc (acc->first);
      acc->c->last_ts = iso8601_utc (acc->last);
      if (acc->c->key[0] == 'c')
        acc->c->chat = chat_name (self, acc->c->key + 2);
      g_ptr_array_add (out, g_steal_pointer (&acc->c));
    }
  g_ptr_array_sort (out, compare_conversations);
  return g_steal_pointer (&out);
}

typedef struct {
  gint64 rowid;
} ConvRow;

/* The rowids of conversation @key's messages, by ts then rowid. */
static gboolean
conversation_rows (CorridorStore *self, const char *key, GArray *rows, GError **error)
{
  CACHED_STMT stmt = NULL;
  g_autofree char *upper = NULL;
  g_autoptr(GArray) members = NULL;
  gint64 a = 0, b = 0;
  char kind = key[0];
  int rc;

  if (kind == 'p' && key[1] == ':')
    {
      char *end = NULL;

      a = g_ascii_strtoll (key + 2, &end, 10);
      if (end != NULL && *end == ':')
        b = g_ascii_strtoll (end + 1, &end, 10);
      if (end == NULL || *end != '\0' || b <= 0 || a < 0)
        kind = '?';
      else
        stmt = get_stmt (self,
            "SELECT m.rowid, m.id, 0, NULL FROM messages m "
            "JOIN message_recipients r ON r.message_rowid = m.rowid "
            "WHERE ((m.sender_actor IS ?1 AND r.actor_id = ?2) "
            "    OR (m.sender_actor IS ?2 AND r.actor_id = ?1)) "
            "AND (SELECT count(*) FROM message_recipients c WHERE c.message_rowid = m.rowid) = 1 "
            "AND NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_rowid = m.rowid) "
            "ORDER BY m.ts, m.rowid", error);
      if (stmt != NULL)
        {
          if (a > 0)
            sqlite3_bind_int64 (stmt, 1, a);
          sqlite3_bind_int64 (stmt, 2, b);
        }
    }
  else if (kind == 'c' && key[1] == ':' && strlen (key) > 3 && g_str_has_suffix (key, ":"))
    {
      upper = g_strdup (key + 2);
      upper[strlen (upper) - 1] = ';';   /* just above "PREFIX…" in byte order */
      stmt = get_stmt (self,
          "SELECT m.rowid, m.id, 0, NULL FROM messages m WHERE m.id >= ?1 AND m.id < ?2 "
          "AND (SELECT count(*) FROM message_recipients c WHERE c.message_rowid = m.rowid) <> 1 "
          "AND NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_rowid = m.rowid) "
          "ORDER BY m.ts, m.rowid", error);
      if (stmt != NULL)
        {
          bind_text (stmt, 1, key + 2);
          bind_text (stmt, 2, upper);
        }
    }
  else if (kind == 'g' && key[1] == ':')
    {
      g_autoptr(GString) json = g_string_new ("[");

      members = parse_actor_ids (key + 2);
      for (guint i = 0; i < members->len; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                                g_array_index (members, gint64, i));
      g_string_append_c (json, ']');
      /* Candidates by sender (indexed); the key decides. */
      stmt = get_stmt (self,
          "SELECT m.rowid, m.id, coalesce(m.sender_actor, 0), " RECIPIENT_IDS_SQL " "
          "FROM messages m "
          "WHERE (m.sender_actor IN (SELECT value FROM json_each(?1)) OR m.sender_actor IS NULL) "
          "AND (SELECT count(*) FROM message_recipients c WHERE c.message_rowid = m.rowid) <> 1 "
          "AND NOT EXISTS (SELECT 1 FROM message_links l WHERE l.message_rowid = m.rowid) "
          "ORDER BY m.ts, m.rowid", error);
      if (stmt != NULL)
        bind_text (stmt, 1, json->str);
    }
  else
    kind = '?';

  if (kind == '?')
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No conversation “%s” in the case", key);
      return FALSE;
    }
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      ConvRow row = { sqlite3_column_int64 (stmt, 0) };

      if (kind == 'c')
        {
          /* "wa:a:" must not take "wa:a:b:3", whose chat is "wa:a:b:". */
          const char *colon = id != NULL ? strrchr (id, ':') : NULL;

          if (colon == NULL || (gsize) (colon - id + 1) != strlen (key + 2))
            continue;
        }
      else if (kind == 'g')
        {
          g_autofree char *own = conversation_key (id, sqlite3_column_int64 (stmt, 2),
                                                   (const char *) sqlite3_column_text (stmt, 3));
          if (strcmp (own, key) != 0)
            continue;
        }
      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self->db, rc, "Could not read the conversation", error);
  if (rows->len == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No conversation “%s” in the case", key);
      return FALSE;
    }
  return TRUE;
}

CorridorConversationPage *
corridor_store_conversation_messages (CorridorStore *self, const char *key,
                                      const char *around_message_id, guint before, guint after,
                                      GError **error)
{
  g_autoptr(CorridorConversationPage) page = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (ConvRow));
  g_autofree char *own_key = NULL;
  gint64 around = -1;
  guint at = 0, start, stop;
  gboolean own_txn;
  gboolean ok = TRUE;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL || around_message_id != NULL, NULL);

  /* One snapshot for every read, so the page is consistent. */
  own_txn = sqlite3_get_autocommit (self->db);
  if (own_txn && !exec_sql (self->db, "BEGIN", error))
    return NULL;
  if (around_message_id != NULL)
    {
      ok = lookup_message_rowid (self, around_message_id, &around, error);
      if (ok)
        {
          /* A copy stands for its original. */
          CACHED_STMT link = get_stmt (self,
              "SELECT duplicate_of FROM message_links WHERE message_rowid = ?1", error);

          ok = link != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (link, 1, around);
              if (sqlite3_step (link) == SQLITE_ROW)
                around = sqlite3_column_int64 (link, 0);
            }
        }
      if (ok && key == NULL)
        {
          g_autoptr(CorridorMessage) m = read_message_row (self, around, NULL, &own_key, error);

          ok = m != NULL;
          key = own_key;
        }
    }
  ok = ok && conversation_rows (self, key, rows, error);
  if (ok && around >= 0)
    {
      for (at = 0; at < rows->len && g_array_index (rows, ConvRow, at).rowid != around; at++)
        ;
      if (at == rows->len)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                       "The message “%s” is not in this conversation", around_message_id);
          ok = FALSE;
        }
    }
  if (ok)
    {
      if (around < 0)
        at = 0;
      start = around >= 0 && at > before ? at - before : 0;
      stop = MIN ((guint64) rows->len, (guint64) at + after + 1);
      page = g_new0 (CorridorConversationPage, 1);
      page->key = g_strdup (key);
      page->messages = g_ptr_array_new_full (stop - start, (GDestroyNotify) corridor_message_free);
      page->offset = start;
      page->total = rows->len;
      page->around = around >= 0 ? (int) (at - start) : -1;
      for (guint i = start; i < stop && ok; i++)
        {
          CorridorMessage *m = read_message_row (self, g_array_index (rows, ConvRow, i).rowid,
                                                 NULL, NULL, error);

          ok = m != NULL;
          if (ok)
            g_ptr_array_add (page->messages, m);
        }
    }
  if (own_txn)
    exec_sql (self->db, "COMMIT", NULL);
  return ok ? g_steal_pointer (&page) : NULL;
}

/* ---------------------------------------------------------------------------
 * Review: the shape of the findings (schema 7)
 * Hand-made shipments ("m-N", confirmed, never cleared by inference), merges
 * and splits of shipments, merged handles and the case's own gazetteer.
 * Merges and splits are recorded by public id in review_structure, in the
 * order they were made; corridor_store_reapply_structure() applies them
 * again, in that order, once inference has written its shipments. A merge
 * copies rows into its target marked with merged_from, so taking it back
 * (or applying it again) removes exactly those; the fields it filled in are
 * recorded (review_structure.applied) so an unmerge empties only what it
 * filled and the analyst has not changed since. A split moves evidence rows
 * (never merged copies) to the new shipment and records what it took from
 * the source, so an unsplit puts exactly that back.
 * ------------------------------------------------------------------------- */

/* The scalar facts a merge may fill in and a split may carry off, as
 * evidence names them ("vessel" covers the vessel's name and IMO number). */
static const char *const structure_facts[] = {
  "departed", "arrived", "quantity_kg", "vessel", "concealment", "outcome", NULL
};

static void
json_member_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
json_member_strv (JsonBuilder *b, const char *name, const char *const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static char *
json_builder_text (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

/* A shipment as the audit log keeps it. */
static void
json_add_shipment (JsonBuilder *b, const CorridorShipment *s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  json_builder_begin_object (b);
  json_member_string (b, "id", s->id);
  json_member_string (b, "status", corridor_status_to_string (s->status));
  json_member_string (b, "origin", s->n_stops > 0 ? s->stops[0].locode : NULL);
  json_builder_set_member_name (b, "transit");
  json_builder_begin_array (b);
  for (guint i = 1; i + 1 < s->n_stops; i++)
    json_builder_add_string_value (b, s->stops[i].locode);
  json_builder_end_array (b);
  json_member_string (b, "destination", s->n_stops > 1 ? s->stops[s->n_stops - 1].locode : NULL);
  json_member_string (b, "departed", s->departed);
  json_member_string (b, "arrived", s->arrived);
  json_member_string (b, "quantity_kg", isnan (s->quantity_kg) ? NULL
                      : g_ascii_dtostr (buf, sizeof buf, s->quantity_kg));
  json_member_string (b, "vessel", s->vessel_name);
  json_member_string (b, "imo", s->vessel_imo);
  json_member_string (b, "concealment", s->concealment);
  json_member_string (b, "outcome", corridor_outcome_to_string (s->outcome));
  json_member_strv (b, "containers", (const char *const *) s->containers);
  json_builder_set_member_name (b, "actors");
  json_builder_begin_array (b);
  for (guint i = 0; s->actors != NULL && i < s->actors->len; i++)
    {
      const CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);

      json_builder_begin_object (b);
      json_member_string (b, "handle", a->handle);
      json_member_string (b, "role", a->role == CORRIDOR_ROLE_NONE ? "unknown"
                                     : corridor_role_to_string (a->role));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_member_strv (b, "evidence", (const char *const *) s->evidence);
  json_builder_end_object (b);
}

/* Shipment @id whatever its status and ports, as queries fill it. */
static CorridorShipment *
shipment_load (CorridorStore *self, const char *id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_shipment_free);
  gboolean ok;

  if (!exec_sql (self->db,
                 "CREATE TEMP TABLE IF NOT EXISTS corridor_query (rowid INTEGER PRIMARY KEY)",
                 error) ||
      !exec_sql (self->db, "DELETE FROM temp.corridor_query", error))
    return NULL;
  {
    CACHED_STMT stmt = get_stmt (self,
        "INSERT INTO temp.corridor_query (rowid) SELECT rowid FROM shipments WHERE id = ?1",
        error);

    ok = stmt != NULL;
    if (ok)
      {
        bind_text (stmt, 1, id);
        ok = step_done (self, stmt, "Could not read the shipment", error);
      }
  }
  ok = ok && fill_query_results (self, out, error);
  exec_sql (self->db, "DELETE FROM temp.corridor_query", NULL);
  if (!ok)
    return NULL;
  if (out->len == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No shipment “%s” in this case", id);
      return NULL;
    }
  return g_ptr_array_steal_index (out, 0);
}

/* {"NAME": shipment} for the audit, or NULL when it cannot be read. */
static char *
shipment_audit_json (CorridorStore *self, const char *id, const char *extra_name,
                     const char *extra_value)
{
  g_autoptr(CorridorShipment) s = shipment_load (self, id, NULL);
  g_autoptr(JsonBuilder) b = NULL;

  if (s == NULL)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "shipment");
  json_add_shipment (b, s);
  if (extra_name != NULL)
    json_member_string (b, extra_name, extra_value);
  json_builder_end_object (b);
  return json_builder_text (b);
}

static gboolean
structure_need_id (const char *what, const char *id, GError **error)
{
  if (id == NULL || id[0] == '\0')
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT, "%s: no id given", what);
      return FALSE;
    }
  return TRUE;
}

/* The merge that hides @id now, if any: its target in @out_into. */
static gboolean
structure_hidden (CorridorStore *self, const char *id, char **out_into)
{
  CACHED_STMT stmt = get_stmt (self,
      "SELECT target_id FROM review_structure WHERE kind = 'merge' AND other_id = ?1 "
      "AND inert = 0", NULL);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (out_into != NULL)
    *out_into = column_strdup (stmt, 0);
  return TRUE;
}

static gboolean
refuse_hidden (CorridorStore *self, const char *id, GError **error)
{
  g_autofree char *into = NULL;

  if (!structure_hidden (self, id, &into))
    return TRUE;
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
               "Shipment %s is merged into %s; unmerge it first", id, into);
  return FALSE;
}

/* Field names the analyst corrected on @id (a set). */
static GHashTable *
corrected_fields (CorridorStore *self, const char *id)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CACHED_STMT stmt = get_stmt (self,
      "SELECT field FROM shipment_corrections WHERE shipment_id = ?1", NULL);

  if (stmt == NULL)
    return set;
  bind_text (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (set, column_strdup (stmt, 0));
  return set;
}

/* A fact is one column, but "vessel" is two: the vessel's name and its IMO
 * number, which evidence supports together. In JSON a fact is one member,
 * "vessel" the members "vessel" and "imo". */
static gboolean
fact_known (const ReviewRow *r, const char *fact)
{
  g_autofree char *value = NULL;

  if (strcmp (fact, "vessel") == 0)
    return r->vessel != NULL || r->imo != NULL;
  if (strcmp (fact, "outcome") == 0)
    return g_strcmp0 (r->outcome, "unknown") != 0;
  value = review_row_get (r, fact);
  return value != NULL;
}

static void
fact_write_json (JsonBuilder *b, const ReviewRow *r, const char *fact)
{
  g_autofree char *value = NULL;

  if (strcmp (fact, "vessel") == 0)
    {
      json_member_string (b, "vessel", r->vessel);
      json_member_string (b, "imo", r->imo);
      return;
    }
  value = review_row_get (r, fact);
  json_member_string (b, fact, value);
}

static gboolean
fact_in_json (JsonObject *o, const char *fact)
{
  return json_object_has_member (o, fact) ||
         (strcmp (fact, "vessel") == 0 && json_object_has_member (o, "imo"));
}

/* Whether @r holds what @o recorded for @fact. */
static gboolean
fact_equals_json (const ReviewRow *r, JsonObject *o, const char *fact)
{
  g_autofree char *value = NULL;

  if (strcmp (fact, "vessel") == 0)
    return g_strcmp0 (r->vessel, json_object_get_string_member_with_default (o, "vessel", NULL)) == 0 &&
           g_strcmp0 (r->imo, json_object_get_string_member_with_default (o, "imo", NULL)) == 0;
  value = review_row_get (r, fact);
  return g_strcmp0 (value, json_object_get_string_member_with_default (o, fact, NULL)) == 0;
}

static gboolean
fact_set_json (CorridorStore *self, ReviewRow *r, JsonObject *o, const char *fact, GError **error)
{
  if (strcmp (fact, "vessel") == 0)
    return review_apply (self, r, "vessel",
                         json_object_get_string_member_with_default (o, "vessel", NULL), error) &&
           review_apply (self, r, "imo",
                         json_object_get_string_member_with_default (o, "imo", NULL), error);
  return review_apply (self, r, fact, json_object_get_string_member_with_default (o, fact, NULL),
                       error);
}

static gboolean
fact_clear (CorridorStore *self, ReviewRow *r, const char *fact, GError **error)
{
  if (strcmp (fact, "vessel") == 0)
    return review_apply (self, r, "vessel", NULL, error) &&
           review_apply (self, r, "imo", NULL, error);
  return review_apply (self, r, fact, NULL, error);
}

/* @fact of @from into @to. */
static gboolean
fact_copy (CorridorStore *self, ReviewRow *to, const ReviewRow *from, const char *fact,
           GError **error)
{
  g_autofree char *value = NULL;

  if (strcmp (fact, "vessel") == 0)
    return review_apply (self, to, "vessel", from->vessel, error) &&
           review_apply (self, to, "imo", from->imo, error);
  value = review_row_get (from, fact);
  return review_apply (self, to, fact, value, error);
}

/* Whether the analyst corrected fact @fact ("vessel": its name or IMO). */
static gboolean
fact_corrected (GHashTable *corrected, const char *fact)
{
  return g_hash_table_contains (corrected, fact) ||
         (strcmp (fact, "vessel") == 0 && g_hash_table_contains (corrected, "imo"));
}

/* Dates that would make the row arrive before it departs are not taken. */
static gboolean
fact_fits (const ReviewRow *r, const char *fact, const char *value)
{
  if (strcmp (fact, "departed") == 0)
    return r->arrived == NULL || strcmp (value, r->arrived) <= 0;
  if (strcmp (fact, "arrived") == 0)
    return r->departed == NULL || strcmp (r->departed, value) <= 0;
  return TRUE;
}

static gboolean
next_manual_id (CorridorStore *self, char **out_id, GError **error)
{
  g_autofree char *counter = corridor_store_get_meta (self, "next_manual_shipment");
  gint64 n = counter != NULL ? g_ascii_strtoll (counter, NULL, 10) : 1;

  if (n < 1)
    n = 1;
  for (;; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("m-%" G_GINT64_FORMAT, n);
      CACHED_STMT stmt = get_stmt (self, "SELECT 1 FROM shipments WHERE id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, candidate);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, n + 1);

          *out_id = g_steal_pointer (&candidate);
          return set_meta_internal (self, "next_manual_shipment", next, error);
        }
    }
}

/* The message ids @ids (NULL-terminated) as rowids, in order, each once. */
static GArray *
message_rowids (CorridorStore *self, const char *const *ids, GError **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      gint64 rowid;
      gboolean seen = FALSE;

      if (!lookup_message_rowid (self, ids[i], &rowid, error))
        return NULL;
      for (guint k = 0; k < rowids->len; k++)
        seen |= g_array_index (rowids, gint64, k) == rowid;
      if (!seen)
        g_array_append_val (rowids, rowid);
    }
  if (rowids->len == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT, "No messages given");
      return NULL;
    }
  return g_steal_pointer (&rowids);
}

static gboolean
lookup_actor_id (CorridorStore *self, const char *handle, gint64 *out_id, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "SELECT id FROM actors WHERE handle = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, handle);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                   "No actor “%s” in the case", handle);
      return FALSE;
    }
  *out_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
delete_shipment_row (CorridorStore *self, gint64 rowid, GError **error)
{
  static const char *const sql[] = {
    "DELETE FROM evidence WHERE shipment_rowid = ?1",
    "DELETE FROM shipments WHERE rowid = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      CACHED_STMT stmt = get_stmt (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!step_done (self, stmt, "Could not remove the shipment", error))
        return FALSE;
    }
  return TRUE;
}

/* --- hand-made shipments --- */

static const char *const role_fields[] = { "sender", "intermediary", "distributor", NULL };

static gboolean
add_note_internal (CorridorStore *self, const char *id, const char *text, GError **error)
{
  g_autofree char *ts = now_iso8601 ();
  CACHED_STMT stmt = get_stmt (self,
      "INSERT INTO shipment_notes (shipment_id, ts, os_user, body) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, ts);
  bind_text (stmt, 3, g_get_user_name ());
  bind_text (stmt, 4, text);
  return step_done (self, stmt, "Could not add the note", error);
}

static gboolean
put_correction (CorridorStore *self, const char *id, const char *field, const char *value,
                GError **error)
{
  CACHED_STMT stmt = get_stmt (self,
      "INSERT INTO shipment_corrections (shipment_id, field, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (shipment_id, field) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, field);
  bind_text (stmt, 3, value);
  return step_done (self, stmt, "Could not record the correction", error);
}

/* Adds @handle (with @role) to @s unless it is there with that role; a
 * handle listed without a role takes the role instead. */
static void
shipment_put_actor (CorridorShipment *s, const char *handle, CorridorRole role)
{
  for (guint i = 0; i < s->actors->len; i++)
    {
      CorridorShipmentActor *a = g_ptr_array_index (s->actors, i);

      if (strcmp (a->handle, handle) != 0)
        continue;
      if (a->role == role || role == CORRIDOR_ROLE_NONE)
        return;
      if (a->role == CORRIDOR_ROLE_NONE)
        {
          a->role = role;
          return;
        }
    }
  corridor_shipment_add_actor (s, handle, role);
}

static gboolean
create_internal (CorridorStore *self, const char *const *message_ids,
                 const CorridorReviewAction *actions, guint n_actions, char **out_id,
                 GError **error)
{
  g_autoptr(CorridorShipment) s = corridor_shipment_new ();
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *id = NULL, *after = NULL;
  const char *origin, *dest, *transit, *v;
  char *assigned = NULL;

  rowids = message_rowids (self, message_ids, error);
  if (rowids == NULL)
    return FALSE;

  /* The senders and recipients of the messages, no role known yet. */
  for (guint i = 0; i < rowids->len; i++)
    {
      gint64 rowid = g_array_index (rowids, gint64, i);
      CACHED_STMT stmt = get_stmt (self,
          "SELECT m.id, a.handle, 0 AS k, 0 FROM messages m "
          "  JOIN actors a ON a.id = m.sender_actor WHERE m.rowid = ?1 "
          "UNION ALL SELECT m.id, a.handle, 1, r.rowid FROM messages m "
          "  JOIN message_recipients r ON r.message_rowid = m.rowid "
          "  JOIN actors a ON a.id = r.actor_id WHERE m.rowid = ?1 ORDER BY k, 4", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        shipment_put_actor (s, (const char *) sqlite3_column_text (stmt, 1), CORRIDOR_ROLE_NONE);
      if (rc != SQLITE_DONE)
        return set_db_error (self->db, rc, "Could not read the messages", error);
    }
  for (guint i = 0; message_ids[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (evidence, message_ids[i], g_str_equal, NULL))
      g_ptr_array_add (evidence, g_strdup (message_ids[i]));

  for (guint i = 0; i < n_actions; i++)
    {
      const CorridorReviewAction *a = &actions[i];
      g_autofree char *canonical = NULL;

      if (a->kind == CORRIDOR_REVIEW_NOTE)
        {
          if (!review_text ("note", a->value != NULL ? a->value : "", TRUE, 65536, &canonical,
                            error))
            return FALSE;
          if (canonical == NULL)
            {
              g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                           "note: the text is empty");
              return FALSE;
            }
          g_ptr_array_add (notes, g_steal_pointer (&canonical));
          continue;
        }
      if (a->kind != CORRIDOR_REVIEW_SET || a->field == NULL)
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "A shipment made by hand takes its fields (set) and notes only");
          return FALSE;
        }
      if (g_strv_contains (role_fields, a->field))
        {
          g_auto(GStrv) handles = g_strsplit_set (a->value != NULL ? a->value : "", ",;", -1);
          CorridorRole role = CORRIDOR_ROLE_NONE;

          corridor_role_from_string (a->field, &role);
          for (guint k = 0; handles[k] != NULL; k++)
            {
              const char *h = g_strstrip (handles[k]);
              gint64 actor_id;

              if (h[0] == '\0')
                continue;
              if (!lookup_actor_id (self, h, &actor_id, error))
                {
                  g_prefix_error (error, "%s=%s: ", a->field, h);
                  return FALSE;
                }
              shipment_put_actor (s, h, role);
            }
          continue;
        }
      if (strcmp (a->field, "status") == 0 || !g_strv_contains (review_fields, a->field))
        {
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a field of a shipment made by hand (expected origin, "
                       "destination, transit, departed, arrived, quantity_kg, vessel, imo, "
                       "concealment, outcome, grade, sender, intermediary or distributor)",
                       a->field);
          return FALSE;
        }
      if (!review_parse (self, a->field, a->value != NULL ? a->value : "", &canonical, error))
        return FALSE;
      g_hash_table_replace (values, (gpointer) a->field, g_steal_pointer (&canonical));
    }

  origin = g_hash_table_lookup (values, "origin");
  dest = g_hash_table_lookup (values, "destination");
  if (origin == NULL || dest == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A shipment needs an origin and a destination (set origin=PORT and "
                   "destination=PORT)");
      return FALSE;
    }
  if (strcmp (origin, dest) == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A shipment cannot sail from %s to the same port", origin);
      return FALSE;
    }
  corridor_shipment_add_stop (s, origin, NULL, NAN, NAN);
  transit = g_hash_table_lookup (values, "transit");
  if (transit != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (transit, ";", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        corridor_shipment_add_stop (s, parts[i], NULL, NAN, NAN);
    }
  corridor_shipment_add_stop (s, dest, NULL, NAN, NAN);
  s->departed = g_strdup (g_hash_table_lookup (values, "departed"));
  s->arrived = g_strdup (g_hash_table_lookup (values, "arrived"));
  if (s->departed != NULL && s->arrived != NULL && strcmp (s->departed, s->arrived) > 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "The shipment would arrive (%s) before it departed (%s)", s->arrived,
                   s->departed);
      return FALSE;
    }
  if ((v = g_hash_table_lookup (values, "quantity_kg")) != NULL)
    s->quantity_kg = g_ascii_strtod (v, NULL);
  s->vessel_name = g_strdup (g_hash_table_lookup (values, "vessel"));
  s->vessel_imo = g_strdup (g_hash_table_lookup (values, "imo"));
  s->concealment = g_strdup (g_hash_table_lookup (values, "concealment"));
  if ((v = g_hash_table_lookup (values, "outcome")) != NULL)
    corridor_outcome_from_string (v, &s->outcome);
  s->status = CORRIDOR_STATUS_CONFIRMED;
  s->confidence = 1.0;
  g_strfreev (s->evidence);
  g_ptr_array_add (evidence, NULL);
  s->evidence = (char **) g_ptr_array_free (g_steal_pointer (&evidence), FALSE);

  if (!next_manual_id (self, &id, error))
    return FALSE;
  s->id = g_strdup (id);
  if (!add_shipment_internal (self, s, &assigned, error))
    return FALSE;
  g_free (assigned);
  if ((v = g_hash_table_lookup (values, "grade")) != NULL &&
      !put_correction (self, id, "grade", v, error))
    return FALSE;
  for (guint i = 0; i < notes->len; i++)
    if (!add_note_internal (self, id, g_ptr_array_index (notes, i), error))
      return FALSE;

  {
    g_autoptr(CorridorShipment) made = shipment_load (self, id, error);

    if (made == NULL)
      return FALSE;
    b = json_builder_new ();
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "shipment");
    json_add_shipment (b, made);
    json_member_string (b, "grade", g_hash_table_lookup (values, "grade"));
    g_ptr_array_add (notes, NULL);
    json_member_strv (b, "notes", (const char *const *) notes->pdata);
    json_builder_end_object (b);
    after = json_builder_text (b);
  }
  if (!audit_internal (self, "review.create", id, NULL, after, error))
    return FALSE;
  *out_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
corridor_store_create_shipment (CorridorStore *self, const char *const *message_ids,
                                const CorridorReviewAction *actions, guint n_actions,
                                char **out_id, GError **error)
{
  g_autofree char *id = NULL;
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (actions != NULL || n_actions == 0, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  if (message_ids == NULL || message_ids[0] == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A shipment made by hand needs at least one message");
      ok = FALSE;
    }
  else
    ok = create_internal (self, message_ids, actions, n_actions, &id, error);
  if (!write_end (self, nested, ok, ok ? error : NULL))
    return FALSE;
  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

/* Whether @id takes part in a recorded merge or split, as @role ("target"
 * or "other", NULL: either) of kind @kind (NULL: either): the other id in
 * @out_other. */
static gboolean
structure_involves (CorridorStore *self, const char *id, const char *kind, const char *role,
                    char **out_kind, char **out_other)
{
  CACHED_STMT stmt = get_stmt (self,
      "SELECT kind, CASE WHEN target_id = ?1 THEN other_id ELSE target_id END "
      "FROM review_structure WHERE (?2 IS NULL OR kind = ?2) AND "
      "((?3 IS NOT 'other' AND target_id = ?1) OR (?3 IS NOT 'target' AND other_id = ?1)) "
      "ORDER BY seq LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, role);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (out_kind != NULL)
    *out_kind = column_strdup (stmt, 0);
  if (out_other != NULL)
    *out_other = column_strdup (stmt, 1);
  return TRUE;
}

static gboolean
delete_manual_internal (CorridorStore *self, const char *id, GError **error)
{
  g_autofree char *kind = NULL, *other = NULL, *before = NULL;
  gint64 rowid;

  if (!lookup_shipment_rowid (self, id, &rowid, error))
    return FALSE;
  if (!g_str_has_prefix (id, "m-"))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment %s was inferred, not made by hand; reject it instead", id);
      return FALSE;
    }
  if (structure_involves (self, id, "split", "other", NULL, &other))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment %s was split off %s; unsplit it instead", id, other);
      return FALSE;
    }
  if (structure_involves (self, id, NULL, NULL, &kind, &other))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment %s takes part in a %s with %s; undo that first", id, kind, other);
      return FALSE;
    }
  before = shipment_audit_json (self, id, NULL, NULL);
  return delete_shipment_row (self, rowid, error) &&
         audit_internal (self, "review.delete", id, before, NULL, error);
}

gboolean
corridor_store_delete_manual_shipment (CorridorStore *self, const char *id, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = structure_need_id ("delete", id, error) && delete_manual_internal (self, id, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* --- merges --- */

/* Takes the rows and filled-in facts of merge (@into ← @from, record @seq)
 * back out of @into; @applied is the record's JSON of filled facts. */
static gboolean
merge_strip (CorridorStore *self, const char *into, gint64 into_rowid, const char *from,
             const char *applied, GError **error)
{
  static const char *const sql[] = {
    "DELETE FROM evidence WHERE shipment_rowid = ?1 AND merged_from = ?2",
    "DELETE FROM shipment_containers WHERE shipment_rowid = ?1 AND merged_from = ?2",
    "DELETE FROM shipment_actors WHERE shipment_rowid = ?1 AND merged_from = ?2",
  };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GHashTable) corrected = NULL;
  ReviewRow r = { 0 };
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      CACHED_STMT stmt = get_stmt (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, into_rowid);
      bind_text (stmt, 2, from);
      if (!step_done (self, stmt, "Could not take the merge back", error))
        return FALSE;
    }
  node = applied != NULL ? json_from_string (applied, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  corrected = corrected_fields (self, into);
  if (!review_row_load (self, into, &r, error))
    return FALSE;
  {
    /* The facts a merge fills in, and its transit ports. */
    static const char *const filled[] = {
      "departed", "arrived", "quantity_kg", "vessel", "concealment", "outcome", "transit", NULL
    };
    JsonObject *o = json_node_get_object (node);

    for (guint i = 0; ok && filled[i] != NULL; i++)
      {
        const char *fact = filled[i];

        /* Only what the merge put there and nobody changed since. */
        if (fact_in_json (o, fact) && !fact_corrected (corrected, fact) &&
            fact_equals_json (&r, o, fact))
          ok = fact_clear (self, &r, fact, error);
      }
  }
  review_row_clear (&r);
  return ok;
}

/* Copies @from's rows into @into marked with @from, fills in the facts
 * @into lacks; the filled facts as JSON in @out_applied. */
static gboolean
merge_apply (CorridorStore *self, const char *into, gint64 into_rowid, const char *from,
             gint64 from_rowid, char **out_applied, GError **error)
{
  static const char *const sql[] = {
    "INSERT INTO evidence (shipment_rowid, message_rowid, field, span_start, span_end, "
    "merged_from) SELECT ?1, message_rowid, field, span_start, span_end, ?3 FROM evidence "
    "WHERE shipment_rowid = ?2 ORDER BY id",
    "INSERT OR IGNORE INTO shipment_containers (shipment_rowid, container, merged_from) "
    "SELECT ?1, container, ?3 FROM shipment_containers WHERE shipment_rowid = ?2 ORDER BY rowid",
    "INSERT OR IGNORE INTO shipment_actors (shipment_rowid, actor_id, role, merged_from) "
    "SELECT ?1, actor_id, role, ?3 FROM shipment_actors WHERE shipment_rowid = ?2 ORDER BY rowid",
  };
  g_autoptr(GHashTable) corrected = corrected_fields (self, into);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  ReviewRow ri = { 0 }, rf = { 0 };
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      CACHED_STMT stmt = get_stmt (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, into_rowid);
      sqlite3_bind_int64 (stmt, 2, from_rowid);
      bind_text (stmt, 3, from);
      if (!step_done (self, stmt, "Could not merge the shipments", error))
        return FALSE;
    }

  json_builder_begin_object (b);
  ok = review_row_load (self, into, &ri, error) && review_row_load (self, from, &rf, error);
  for (guint i = 0; ok && structure_facts[i] != NULL; i++)
    {
      const char *fact = structure_facts[i];
      g_autofree char *theirs = review_row_get (&rf, fact);

      if (fact_known (&ri, fact) || !fact_known (&rf, fact) || fact_corrected (corrected, fact) ||
          (theirs != NULL && !fact_fits (&ri, fact, theirs)))
        continue;
      ok = fact_copy (self, &ri, &rf, fact, error);
      fact_write_json (b, &ri, fact);
    }
  /* Transit ports too, when @into knows none. */
  if (ok && ri.stops->len >= 2 && !g_hash_table_contains (corrected, "transit"))
    {
      g_autofree char *mine = review_row_get (&ri, "transit");
      g_autofree char *theirs = review_row_get (&rf, "transit");

      if (mine == NULL && theirs != NULL)
        {
          ok = review_apply (self, &ri, "transit", theirs, error);
          json_member_string (b, "transit", theirs);
        }
    }
  json_builder_end_object (b);
  review_row_clear (&ri);
  review_row_clear (&rf);
  if (ok)
    *out_applied = json_builder_text (b);
  return ok;
}

static gboolean
structure_set_applied (CorridorStore *self, gint64 seq, const char *applied, gboolean inert,
                       GError **error)
{
  CACHED_STMT stmt = get_stmt (self,
      "UPDATE review_structure SET applied = ?2, inert = ?3 WHERE seq = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  bind_text (stmt, 2, applied);
  sqlite3_bind_int (stmt, 3, inert ? 1 : 0);
  return step_done (self, stmt, "Could not record the merge", error);
}

static gboolean
merge_internal (CorridorStore *self, const char *into, const char *from, GError **error)
{
  g_autofree char *before_into = NULL, *before_from = NULL, *applied = NULL;
  g_autofree char *kind = NULL, *other = NULL, *after = NULL, *now = now_iso8601 ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 into_rowid, from_rowid, seq;

  if (!lookup_shipment_rowid (self, into, &into_rowid, error) ||
      !lookup_shipment_rowid (self, from, &from_rowid, error))
    return FALSE;
  if (strcmp (into, from) == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A shipment cannot be merged into itself");
      return FALSE;
    }
  if (!refuse_hidden (self, into, error) || !refuse_hidden (self, from, error))
    return FALSE;
  if (structure_involves (self, from, "merge", "other", NULL, &other))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A merge of %s into %s is recorded (inert since inference lost one of "
                   "them); unmerge it first", from, other);
      return FALSE;
    }
  before_into = shipment_audit_json (self, into, NULL, NULL);
  before_from = shipment_audit_json (self, from, NULL, NULL);
  {
    CACHED_STMT stmt = get_stmt (self,
        "INSERT INTO review_structure (kind, target_id, other_id, created_at) "
        "VALUES ('merge', ?1, ?2, ?3)", error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, into);
    bind_text (stmt, 2, from);
    bind_text (stmt, 3, now);
    if (!step_done (self, stmt, "Could not record the merge", error))
      return FALSE;
    seq = sqlite3_last_insert_rowid (self->db);
  }
  if (!merge_apply (self, into, into_rowid, from, from_rowid, &applied, error) ||
      !structure_set_applied (self, seq, applied, FALSE, error))
    return FALSE;
  {
    g_autoptr(CorridorShipment) merged = shipment_load (self, into, error);
    g_autoptr(JsonNode) filled = json_from_string (applied, NULL);

    if (merged == NULL)
      return FALSE;
    json_builder_begin_object (b);
    json_member_string (b, "into", into);
    json_member_string (b, "from", from);
    json_builder_set_member_name (b, "filled");
    json_builder_add_value (b, g_steal_pointer (&filled));
    json_builder_set_member_name (b, "shipment");
    json_add_shipment (b, merged);
    json_builder_end_object (b);
    after = json_builder_text (b);
  }
  {
    g_autoptr(JsonBuilder) bb = json_builder_new ();
    g_autoptr(JsonNode) a = json_from_string (before_into, NULL);
    g_autoptr(JsonNode) f = json_from_string (before_from, NULL);
    g_autofree char *before = NULL;

    json_builder_begin_object (bb);
    json_builder_set_member_name (bb, "into");
    json_builder_add_value (bb, g_steal_pointer (&a));
    json_builder_set_member_name (bb, "from");
    json_builder_add_value (bb, g_steal_pointer (&f));
    json_builder_end_object (bb);
    before = json_builder_text (bb);
    return audit_internal (self, "review.merge", into, before, after, error);
  }
}

gboolean
corridor_store_merge_shipments (CorridorStore *self, const char *into_id, const char *from_id,
                                GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = structure_need_id ("merge", into_id, error) && structure_need_id ("merge", from_id, error) &&
       merge_internal (self, into_id, from_id, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* The record of kind @kind with @target and @other: its seq, inert flag and
 * applied JSON; FALSE (and @error) when there is none. */
static gboolean
structure_find (CorridorStore *self, const char *kind, const char *target, const char *other,
                gint64 *out_seq, gboolean *out_inert, char **out_applied, GError **error)
{
  CACHED_STMT stmt = get_stmt (self,
      "SELECT seq, inert, applied FROM review_structure WHERE kind = ?1 AND target_id = ?2 "
      "AND other_id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, kind);
  bind_text (stmt, 2, target);
  bind_text (stmt, 3, other);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (strcmp (kind, "merge") == 0)
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "Shipment %s is not merged into %s", other, target);
      else
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "Shipment %s was not split off %s", other, target);
      return FALSE;
    }
  *out_seq = sqlite3_column_int64 (stmt, 0);
  *out_inert = sqlite3_column_int (stmt, 1) != 0;
  *out_applied = column_strdup (stmt, 2);
  return TRUE;
}

static gboolean
structure_delete (CorridorStore *self, gint64 seq, GError **error)
{
  CACHED_STMT stmt = get_stmt (self, "DELETE FROM review_structure WHERE seq = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return step_done (self, stmt, "Could not update the review", error);
}

/* Whether shipment @id exists, without an error when not. */
static gboolean
shipment_rowid_of (CorridorStore *self, const char *id, gint64 *out_rowid)
{
  return lookup_shipment_rowid (self, id, out_rowid, NULL);
}

static gboolean
unmerge_internal (CorridorStore *self, const char *into, const char *from, GError **error)
{
  g_autofree char *applied = NULL, *before = NULL, *after = NULL;
  gint64 seq, into_rowid, from_rowid;
  gboolean inert;

  /* Unknown ids are NOT_FOUND, unless the merge outlived one of them. */
  if (!structure_find (self, "merge", into, from, &seq, &inert, &applied, NULL))
    {
      if (!lookup_shipment_rowid (self, into, &into_rowid, error) ||
          !lookup_shipment_rowid (self, from, &from_rowid, error))
        return FALSE;
      return structure_find (self, "merge", into, from, &seq, &inert, &applied, error);
    }
  if (shipment_rowid_of (self, into, &into_rowid))
    {
      if (!refuse_hidden (self, into, error))
        return FALSE;
      before = shipment_audit_json (self, into, "from", from);
      if (!merge_strip (self, into, into_rowid, from, applied, error))
        return FALSE;
    }
  if (!structure_delete (self, seq, error))
    return FALSE;
  after = shipment_audit_json (self, into, "from", from);
  if (before == NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_member_string (b, "into", into);
      json_member_string (b, "from", from);
      json_builder_set_member_name (b, "inert");
      json_builder_add_boolean_value (b, inert);
      json_builder_end_object (b);
      before = json_builder_text (b);
    }
  return audit_internal (self, "review.unmerge", into, before, after, error);
}

gboolean
corridor_store_unmerge_shipments (CorridorStore *self, const char *into_id, const char *from_id,
                                  GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = structure_need_id ("unmerge", into_id, error) &&
       structure_need_id ("unmerge", from_id, error) &&
       unmerge_internal (self, into_id, from_id, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* --- splits --- */

/* One evidence row of the shipment being split. */
typedef struct {
  gint64  id;
  gint64  message_rowid;
  char   *field;
  int     span_start, span_end;
  gboolean native;   /* not a merged copy */
  gboolean split;    /* its message goes */
} SplitRow;

static void
split_row_clear (gpointer p)
{
  g_free (((SplitRow *) p)->field);
}

typedef struct {
  char      *source;
  gint64     source_rowid;
  GArray    *rows;        /* SplitRow */
  GArray    *split;       /* gint64 message rowids that go */
  GHashTable *corrected;
  ReviewRow  r;
  /* What the new shipment gets and the source gives up. */
  CorridorShipment *made;
  GPtrArray *moved_facts;       /* char* fact names the source gives up */
  GPtrArray *moved_containers;  /* char* */
  GArray    *moved_actors;      /* gint64 actor ids the source gives up … */
  GPtrArray *actor_roles;       /* … and the role (char*) each had there */
} SplitPlan;

static void
split_plan_clear (SplitPlan *p)
{
  g_free (p->source);
  g_clear_pointer (&p->rows, g_array_unref);
  g_clear_pointer (&p->split, g_array_unref);
  g_clear_pointer (&p->corrected, g_hash_table_unref);
  if (p->r.stops != NULL)
    review_row_clear (&p->r);
  g_clear_pointer (&p->made, corridor_shipment_free);
  g_clear_pointer (&p->moved_facts, g_ptr_array_unref);
  g_clear_pointer (&p->moved_containers, g_ptr_array_unref);
  g_clear_pointer (&p->moved_actors, g_array_unref);
  g_clear_pointer (&p->actor_roles, g_ptr_array_unref);
}

static gboolean
split_is_split_message (const SplitPlan *p, gint64 message_rowid)
{
  for (guint i = 0; i < p->split->len; i++)
    if (g_array_index (p->split, gint64, i) == message_rowid)
      return TRUE;
  return FALSE;
}

/* Which sides' rows support @field: bit 1 the split messages, bit 2 the rest. */
static guint
split_support (const SplitPlan *p, const char *field)
{
  guint sides = 0;

  for (guint i = 0; i < p->rows->len; i++)
    {
      const SplitRow *row = &g_array_index (p->rows, SplitRow, i);

      if (g_strcmp0 (row->field, field) == 0)
        sides |= row->split ? 1 : 2;
    }
  return sides;
}

/* The container a "containers" evidence row points at, or NULL. */
static char *
split_row_container (CorridorStore *self, const SplitRow *row)
{
  CACHED_STMT stmt = NULL;
  const char *body;
  char code[12];

  if (row->span_start < 0 || row->span_end <= row->span_start)
    return NULL;
  stmt = get_stmt (self, "SELECT body FROM messages WHERE rowid = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row->message_rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  body = (const char *) sqlite3_column_text (stmt, 0);
  if (body == NULL || g_utf8_strlen (body, -1) < row->span_end)
    return NULL;
  {
    const char *a = g_utf8_offset_to_pointer (body, row->span_start);
    const char *z = g_utf8_offset_to_pointer (body, row->span_end);
    g_autofree char *text = g_strndup (a, z - a);

    if (!corridor_container_normalize (text, code))
      return NULL;
  }
  return g_strdup (code);
}

/* Reads @source and decides what a split of @messages takes. Refuses (with
 * @error) a split that cannot be made; writes nothing. */
static gboolean
split_plan (CorridorStore *self, const char *source, GArray *messages, SplitPlan *p,
            GError **error)
{
  /* Actor ids behind the split messages, and behind the rest. */
  g_autoptr(GHashTable) as = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) ar = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) containers = g_ptr_array_new_with_free_func (g_free);
  guint remaining = 0;
  int rc;

  memset (p, 0, sizeof *p);
  p->source = g_strdup (source);
  p->split = g_array_ref (messages);
  p->rows = g_array_new (FALSE, TRUE, sizeof (SplitRow));
  g_array_set_clear_func (p->rows, split_row_clear);
  if (!lookup_shipment_rowid (self, source, &p->source_rowid, error))
    return FALSE;
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT id, message_rowid, field, span_start, span_end, merged_from IS NULL "
        "FROM evidence WHERE shipment_rowid = ?1 ORDER BY id", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, p->source_rowid);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        SplitRow row = { 0 };

        row.id = sqlite3_column_int64 (stmt, 0);
        row.message_rowid = sqlite3_column_int64 (stmt, 1);
        row.field = column_strdup (stmt, 2);
        row.span_start = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1
                         : sqlite3_column_int (stmt, 3);
        row.span_end = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1
                       : sqlite3_column_int (stmt, 4);
        row.native = sqlite3_column_int (stmt, 5) != 0;
        row.split = row.native && split_is_split_message (p, row.message_rowid);
        g_array_append_val (p->rows, row);
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the evidence", error);
  }
  /* Every message split off is the shipment's own evidence; some stays. */
  for (guint i = 0; i < messages->len; i++)
    {
      gint64 m = g_array_index (messages, gint64, i);
      gboolean own = FALSE, copied = FALSE;

      for (guint k = 0; k < p->rows->len; k++)
        {
          const SplitRow *row = &g_array_index (p->rows, SplitRow, k);

          if (row->message_rowid == m)
            {
              own |= row->native;
              copied |= !row->native;
            }
        }
      if (!own)
        {
          CACHED_STMT name = get_stmt (self, "SELECT id FROM messages WHERE rowid = ?1", NULL);
          const char *mid = NULL;

          if (name != NULL)
            {
              sqlite3_bind_int64 (name, 1, m);
              if (sqlite3_step (name) == SQLITE_ROW)
                mid = (const char *) sqlite3_column_text (name, 0);
            }
          g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                       copied ? "Message %s came into %s with a merge; unmerge that instead"
                              : "Message %s is not evidence of shipment %s",
                       mid != NULL ? mid : "?", source);
          return FALSE;
        }
    }
  for (guint k = 0; k < p->rows->len; k++)
    {
      const SplitRow *row = &g_array_index (p->rows, SplitRow, k);

      if (row->native && !row->split)
        remaining++;
    }
  if (remaining == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Splitting off every message of %s would leave it without evidence", source);
      return FALSE;
    }

  p->corrected = corrected_fields (self, source);
  if (!review_row_load (self, source, &p->r, error))
    return FALSE;
  p->made = corridor_shipment_new ();
  p->moved_facts = g_ptr_array_new_with_free_func (g_free);
  p->moved_containers = g_ptr_array_new_with_free_func (g_free);
  p->moved_actors = g_array_new (FALSE, FALSE, sizeof (gint64));
  p->actor_roles = g_ptr_array_new_with_free_func (g_free);

  /* The route: each port a split message names; origin and destination needed. */
  {
    guint n = p->r.stops->len;
    gboolean o = n >= 2 && (split_support (p, "origin") & 1) != 0;
    gboolean d = n >= 2 && (split_support (p, "destination") & 1) != 0;

    if (!o || !d)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "The messages split off %s name no %s of it, and a shipment needs an "
                     "origin and a destination; make a shipment by hand from them instead",
                     source, !o && !d ? "origin or destination" : !o ? "origin" : "destination");
        return FALSE;
      }
    corridor_shipment_add_stop (p->made, g_ptr_array_index (p->r.stops, 0), NULL, NAN, NAN);
    if ((split_support (p, "transit") & 1) != 0)
      for (guint i = 1; i + 1 < n; i++)
        corridor_shipment_add_stop (p->made, g_ptr_array_index (p->r.stops, i), NULL, NAN, NAN);
    corridor_shipment_add_stop (p->made, g_ptr_array_index (p->r.stops, n - 1), NULL, NAN, NAN);
  }

  /* The other facts: shared when both sides support them, moved when only
   * the split messages do (the analyst's corrections stay with the source). */
  for (guint i = 0; structure_facts[i] != NULL; i++)
    {
      const char *fact = structure_facts[i];
      guint sides = split_support (p, fact);

      if ((sides & 1) == 0)
        continue;
      if (strcmp (fact, "departed") == 0)
        p->made->departed = g_strdup (p->r.departed);
      else if (strcmp (fact, "arrived") == 0)
        p->made->arrived = g_strdup (p->r.arrived);
      else if (strcmp (fact, "quantity_kg") == 0)
        p->made->quantity_kg = p->r.quantity_kg;
      else if (strcmp (fact, "vessel") == 0)
        {
          p->made->vessel_name = g_strdup (p->r.vessel);
          p->made->vessel_imo = g_strdup (p->r.imo);
        }
      else if (strcmp (fact, "concealment") == 0)
        p->made->concealment = g_strdup (p->r.concealment);
      else
        corridor_outcome_from_string (p->r.outcome, &p->made->outcome);
      if ((sides & 2) == 0 && !fact_corrected (p->corrected, fact) && fact_known (&p->r, fact))
        g_ptr_array_add (p->moved_facts, g_strdup (fact));
    }
  if (p->made->departed != NULL && p->made->arrived != NULL &&
      strcmp (p->made->departed, p->made->arrived) > 0)
    g_clear_pointer (&p->made->arrived, g_free);

  /* Containers, each by the messages that name it. */
  {
    g_autoptr(GHashTable) sides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint k = 0; k < p->rows->len; k++)
      {
        const SplitRow *row = &g_array_index (p->rows, SplitRow, k);
        g_autofree char *code = NULL;

        if (g_strcmp0 (row->field, "containers") != 0 ||
            (code = split_row_container (self, row)) == NULL)
          continue;
        g_hash_table_insert (sides, g_strdup (code),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (sides, code)) |
                                               (row->split ? 1u : 2u)));
      }
    {
      CACHED_STMT stmt = get_stmt (self,
          "SELECT container FROM shipment_containers WHERE shipment_rowid = ?1 "
          "AND merged_from IS NULL ORDER BY rowid", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, p->source_rowid);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (containers, column_strdup (stmt, 0));
      if (rc != SQLITE_DONE)
        return set_db_error (self->db, rc, "Could not read the containers", error);
    }
    {
      g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < containers->len; i++)
        {
          const char *c = g_ptr_array_index (containers, i);
          guint side = GPOINTER_TO_UINT (g_hash_table_lookup (sides, c));

          if ((side & 1) == 0)
            continue;
          g_ptr_array_add (made, g_strdup (c));
          if ((side & 2) == 0)
            g_ptr_array_add (p->moved_containers, g_strdup (c));
        }
      g_ptr_array_add (made, NULL);
      g_strfreev (p->made->containers);
      p->made->containers = (char **) g_ptr_array_free (g_steal_pointer (&made), FALSE);
    }
  }

  /* Actors go with the messages they wrote or received. */
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT e.message_rowid, m.sender_actor FROM evidence e "
        "  JOIN messages m ON m.rowid = e.message_rowid WHERE e.shipment_rowid = ?1 "
        "  AND m.sender_actor IS NOT NULL "
        "UNION SELECT e.message_rowid, r.actor_id FROM evidence e "
        "  JOIN message_recipients r ON r.message_rowid = e.message_rowid "
        "  WHERE e.shipment_rowid = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, p->source_rowid);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        GHashTable *side = split_is_split_message (p, sqlite3_column_int64 (stmt, 0)) ? as : ar;
        gint64 actor = sqlite3_column_int64 (stmt, 1);

        if (!g_hash_table_contains (side, &actor))
          g_hash_table_add (side, g_memdup2 (&actor, sizeof actor));
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the actors", error);
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT sa.actor_id, a.handle, sa.role FROM shipment_actors sa "
        "JOIN actors a ON a.id = sa.actor_id WHERE sa.shipment_rowid = ?1 "
        "AND sa.merged_from IS NULL ORDER BY sa.rowid", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, p->source_rowid);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 actor = sqlite3_column_int64 (stmt, 0);
        const char *role_text = (const char *) sqlite3_column_text (stmt, 2);
        CorridorRole role = CORRIDOR_ROLE_NONE;

        if (!g_hash_table_contains (as, &actor))
          continue;
        corridor_role_from_string (role_text, &role);
        shipment_put_actor (p->made, (const char *) sqlite3_column_text (stmt, 1), role);
        if (!g_hash_table_contains (ar, &actor))
          {
            g_array_append_val (p->moved_actors, actor);
            g_ptr_array_add (p->actor_roles, g_strdup (role_text));
          }
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the actors", error);
  }
  {
    CorridorStatus st = CORRIDOR_STATUS_INFERRED;

    corridor_status_from_string (p->r.status, &st);
    p->made->status = st;
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT confidence, label FROM shipments WHERE rowid = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, p->source_rowid);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        p->made->confidence = sqlite3_column_double (stmt, 0);
        p->made->label = column_strdup (stmt, 1);
      }
  }
  return TRUE;
}

/* Writes the plan: the new shipment @new_id (@status NULL: the source's),
 * its evidence moved, the source's moved facts, containers and actors
 * removed; what was taken as JSON in @out_applied. */
static gboolean
split_write (CorridorStore *self, SplitPlan *p, const char *new_id, const char *status,
             char **out_applied, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  char *assigned = NULL;
  gint64 new_rowid;

  g_free (p->made->id);
  p->made->id = g_strdup (new_id);
  if (status != NULL)
    corridor_status_from_string (status, &p->made->status);
  if (!add_shipment_internal (self, p->made, &assigned, error))
    return FALSE;
  g_free (assigned);
  if (!lookup_shipment_rowid (self, new_id, &new_rowid, error))
    return FALSE;
  for (guint k = 0; k < p->rows->len; k++)
    {
      const SplitRow *row = &g_array_index (p->rows, SplitRow, k);
      CACHED_STMT stmt = NULL;

      if (!row->split)
        continue;
      stmt = get_stmt (self, "UPDATE evidence SET shipment_rowid = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row->id);
      sqlite3_bind_int64 (stmt, 2, new_rowid);
      if (!step_done (self, stmt, "Could not split the evidence", error))
        return FALSE;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "facts");
  json_builder_begin_object (b);
  for (guint i = 0; i < p->moved_facts->len; i++)
    {
      const char *fact = g_ptr_array_index (p->moved_facts, i);

      fact_write_json (b, &p->r, fact);
      if (!fact_clear (self, &p->r, fact, error))
        return FALSE;
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "containers");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->moved_containers->len; i++)
    {
      const char *c = g_ptr_array_index (p->moved_containers, i);
      CACHED_STMT stmt = get_stmt (self,
          "DELETE FROM shipment_containers WHERE shipment_rowid = ?1 AND container = ?2 "
          "AND merged_from IS NULL", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, p->source_rowid);
      bind_text (stmt, 2, c);
      if (!step_done (self, stmt, "Could not split the containers", error))
        return FALSE;
      json_builder_add_string_value (b, c);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "actors");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->moved_actors->len; i++)
    {
      gint64 actor = g_array_index (p->moved_actors, gint64, i);
      const char *role = g_ptr_array_index (p->actor_roles, i);
      CACHED_STMT stmt = get_stmt (self,
          "DELETE FROM shipment_actors WHERE shipment_rowid = ?1 AND actor_id = ?2 "
          "AND role = ?3 AND merged_from IS NULL", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, p->source_rowid);
      sqlite3_bind_int64 (stmt, 2, actor);
      bind_text (stmt, 3, role);
      if (!step_done (self, stmt, "Could not split the actors", error))
        return FALSE;
      json_builder_begin_array (b);
      json_builder_add_int_value (b, actor);
      json_builder_add_string_value (b, role);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  *out_applied = json_builder_text (b);
  return TRUE;
}

static char *
message_ids_json (CorridorStore *self, GArray *rowids)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < rowids->len; i++)
    {
      CACHED_STMT stmt = get_stmt (self, "SELECT id FROM messages WHERE rowid = ?1", NULL);

      if (stmt == NULL)
        continue;
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 0));
    }
  json_builder_end_array (b);
  return json_builder_text (b);
}

static gboolean
split_internal (CorridorStore *self, const char *id, const char *const *message_ids,
                char **out_new_id, GError **error)
{
  g_autoptr(GArray) rowids = NULL;
  g_autofree char *new_id = NULL, *applied = NULL, *messages = NULL, *now = now_iso8601 ();
  g_autofree char *before = NULL, *after = NULL;
  SplitPlan plan = { 0 };
  gint64 rowid;
  gboolean ok;

  if (!lookup_shipment_rowid (self, id, &rowid, error))
    return FALSE;
  rowids = message_rowids (self, message_ids, error);
  if (rowids == NULL || !refuse_hidden (self, id, error))
    return FALSE;
  before = shipment_audit_json (self, id, NULL, NULL);
  ok = split_plan (self, id, rowids, &plan, error) &&
       next_manual_id (self, &new_id, error) &&
       split_write (self, &plan, new_id, NULL, &applied, error);
  split_plan_clear (&plan);
  if (!ok)
    return FALSE;
  messages = message_ids_json (self, rowids);
  {
    CACHED_STMT stmt = get_stmt (self,
        "INSERT INTO review_structure (kind, target_id, other_id, messages, applied, created_at) "
        "VALUES ('split', ?1, ?2, ?3, ?4, ?5)", error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, id);
    bind_text (stmt, 2, new_id);
    bind_text (stmt, 3, messages);
    bind_text (stmt, 4, applied);
    bind_text (stmt, 5, now);
    if (!step_done (self, stmt, "Could not record the split", error))
      return FALSE;
  }
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(CorridorShipment) src = shipment_load (self, id, error);
    g_autoptr(CorridorShipment) made = src != NULL ? shipment_load (self, new_id, error) : NULL;
    g_autoptr(JsonNode) msgs = json_from_string (messages, NULL);

    if (made == NULL)
      return FALSE;
    json_builder_begin_object (b);
    json_member_string (b, "new_id", new_id);
    json_builder_set_member_name (b, "messages");
    json_builder_add_value (b, g_steal_pointer (&msgs));
    json_builder_set_member_name (b, "shipment");
    json_add_shipment (b, src);
    json_builder_set_member_name (b, "new");
    json_add_shipment (b, made);
    json_builder_end_object (b);
    after = json_builder_text (b);
  }
  if (!audit_internal (self, "review.split", id, before, after, error))
    return FALSE;
  *out_new_id = g_steal_pointer (&new_id);
  return TRUE;
}

gboolean
corridor_store_split_shipment (CorridorStore *self, const char *id,
                               const char *const *message_ids, char **out_new_id,
                               GError **error)
{
  g_autofree char *new_id = NULL;
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  if (message_ids == NULL || message_ids[0] == NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A split needs the messages to split off");
      ok = FALSE;
    }
  else
    ok = structure_need_id ("split", id, error) &&
         split_internal (self, id, message_ids, &new_id, error);
  if (!write_end (self, nested, ok, ok ? error : NULL))
    return FALSE;
  if (out_new_id != NULL)
    *out_new_id = g_steal_pointer (&new_id);
  return TRUE;
}

/* Puts back into @source (row @source_rowid) what split record @applied
 * took: the facts it still lacks (uncorrected), containers and actors. */
static gboolean
split_restore (CorridorStore *self, const char *source, gint64 source_rowid,
               const char *applied, GError **error)
{
  g_autoptr(JsonNode) node = applied != NULL ? json_from_string (applied, NULL) : NULL;
  g_autoptr(GHashTable) corrected = corrected_fields (self, source);
  JsonObject *o;
  ReviewRow r = { 0 };
  gboolean ok = TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  o = json_node_get_object (node);
  if (json_object_has_member (o, "facts") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "facts")))
    {
      JsonObject *facts = json_object_get_object_member (o, "facts");

      if (!review_row_load (self, source, &r, error))
        return FALSE;
      /* Each fact the split took, where the source still lacks it. */
      for (guint i = 0; ok && structure_facts[i] != NULL; i++)
        {
          const char *fact = structure_facts[i];
          const char *value = json_object_get_string_member_with_default (facts, fact, NULL);

          if (!fact_in_json (facts, fact) || fact_corrected (corrected, fact) ||
              fact_known (&r, fact) || (value != NULL && !fact_fits (&r, fact, value)))
            continue;
          ok = fact_set_json (self, &r, facts, fact, error);
        }
      review_row_clear (&r);
    }
  if (ok && json_object_has_member (o, "containers") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "containers")))
    {
      JsonArray *a = json_object_get_array_member (o, "containers");

      for (guint i = 0; ok && i < json_array_get_length (a); i++)
        {
          CACHED_STMT stmt = get_stmt (self,
              "INSERT OR IGNORE INTO shipment_containers (shipment_rowid, container) "
              "VALUES (?1, ?2)", error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, source_rowid);
          bind_text (stmt, 2, json_array_get_string_element (a, i));
          ok = step_done (self, stmt, "Could not put the containers back", error);
        }
    }
  if (ok && json_object_has_member (o, "actors") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "actors")))
    {
      JsonArray *a = json_object_get_array_member (o, "actors");

      for (guint i = 0; ok && i < json_array_get_length (a); i++)
        {
          JsonArray *pair = json_array_get_array_element (a, i);
          CACHED_STMT stmt = NULL;

          if (pair == NULL || json_array_get_length (pair) != 2)
            continue;
          stmt = get_stmt (self,
              "INSERT OR IGNORE INTO shipment_actors (shipment_rowid, actor_id, role) "
              "VALUES (?1, ?2, ?3)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, source_rowid);
          sqlite3_bind_int64 (stmt, 2, json_array_get_int_element (pair, 0));
          bind_text (stmt, 3, json_array_get_string_element (pair, 1));
          ok = step_done (self, stmt, "Could not put the actors back", error);
        }
    }
  return ok;
}

static gboolean
unsplit_internal (CorridorStore *self, const char *id, const char *new_id, GError **error)
{
  g_autofree char *applied = NULL, *before = NULL, *after = NULL, *kind = NULL, *other = NULL;
  gint64 seq, rowid = 0, new_rowid = 0;
  gboolean inert, have_source, have_new;

  if (!structure_find (self, "split", id, new_id, &seq, &inert, &applied, NULL))
    {
      if (!lookup_shipment_rowid (self, id, &rowid, error) ||
          !lookup_shipment_rowid (self, new_id, &new_rowid, error))
        return FALSE;
      return structure_find (self, "split", id, new_id, &seq, &inert, &applied, error);
    }
  have_source = shipment_rowid_of (self, id, &rowid);
  have_new = shipment_rowid_of (self, new_id, &new_rowid);
  /* Merges made since take part in what would move: undo them first. */
  if (have_new && !refuse_hidden (self, new_id, error))
    return FALSE;
  if (have_new && structure_involves (self, new_id, "merge", "target", NULL, &other))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "Shipment %s was merged into %s; unmerge it first", other, new_id);
      return FALSE;
    }
  if (have_source && !refuse_hidden (self, id, error))
    return FALSE;
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(CorridorShipment) src = have_source ? shipment_load (self, id, NULL) : NULL;
    g_autoptr(CorridorShipment) made = have_new ? shipment_load (self, new_id, NULL) : NULL;

    json_builder_begin_object (b);
    json_member_string (b, "new_id", new_id);
    json_builder_set_member_name (b, "inert");
    json_builder_add_boolean_value (b, inert);
    if (src != NULL)
      {
        json_builder_set_member_name (b, "shipment");
        json_add_shipment (b, src);
      }
    if (made != NULL)
      {
        json_builder_set_member_name (b, "new");
        json_add_shipment (b, made);
      }
    json_builder_end_object (b);
    before = json_builder_text (b);
  }
  if (have_source && have_new && !inert)
    {
      CACHED_STMT stmt = get_stmt (self,
          "UPDATE evidence SET shipment_rowid = ?2 WHERE shipment_rowid = ?1 "
          "AND merged_from IS NULL", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, new_rowid);
      sqlite3_bind_int64 (stmt, 2, rowid);
      if (!step_done (self, stmt, "Could not put the evidence back", error) ||
          !split_restore (self, id, rowid, applied, error))
        return FALSE;
    }
  if (have_new && !delete_shipment_row (self, new_rowid, error))
    return FALSE;
  if (!structure_delete (self, seq, error))
    return FALSE;
  after = have_source ? shipment_audit_json (self, id, NULL, NULL) : NULL;
  return audit_internal (self, "review.unsplit", id, before, after, error);
}

gboolean
corridor_store_unsplit_shipment (CorridorStore *self, const char *id, const char *new_id,
                                 GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = structure_need_id ("unsplit", id, error) && structure_need_id ("unsplit", new_id, error) &&
       unsplit_internal (self, id, new_id, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* --- applying them again after inference --- */

typedef struct {
  gint64  seq;
  char   *kind, *target, *other, *messages, *applied;
  gboolean inert;
} StructureRec;

static void
structure_rec_clear (gpointer p)
{
  StructureRec *r = p;

  g_free (r->kind);
  g_free (r->target);
  g_free (r->other);
  g_free (r->messages);
  g_free (r->applied);
}

static GArray *
structure_load (CorridorStore *self, GError **error)
{
  g_autoptr(GArray) recs = g_array_new (FALSE, TRUE, sizeof (StructureRec));
  CACHED_STMT stmt = NULL;
  int rc;

  g_array_set_clear_func (recs, structure_rec_clear);
  if (self->schema_version < 7)
    return g_steal_pointer (&recs);
  stmt = get_stmt (self,
      "SELECT seq, kind, target_id, other_id, messages, applied, inert FROM review_structure "
      "ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StructureRec r = { 0 };

      r.seq = sqlite3_column_int64 (stmt, 0);
      r.kind = column_strdup (stmt, 1);
      r.target = column_strdup (stmt, 2);
      r.other = column_strdup (stmt, 3);
      r.messages = column_strdup (stmt, 4);
      r.applied = column_strdup (stmt, 5);
      r.inert = sqlite3_column_int (stmt, 6) != 0;
      g_array_append_val (recs, r);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not read the review", error);
      return NULL;
    }
  return g_steal_pointer (&recs);
}

/* The message rowids of a split record's JSON list, those still in the case. */
static GArray *
structure_messages (CorridorStore *self, const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return rowids;
  {
    JsonArray *a = json_node_get_array (node);

    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        gint64 rowid;
        const char *id = json_array_get_string_element (a, i);

        if (id != NULL && lookup_message_rowid (self, id, &rowid, NULL))
          g_array_append_val (rowids, rowid);
      }
  }
  return rowids;
}

static gboolean
reapply_merge (CorridorStore *self, StructureRec *rec, GHashTable *fresh, GError **error)
{
  g_autofree char *applied = NULL;
  gint64 into_rowid, from_rowid;
  gboolean has_into = shipment_rowid_of (self, rec->target, &into_rowid);
  gboolean has_from = shipment_rowid_of (self, rec->other, &from_rowid);

  /* A shipment inference did not rewrite still holds this merge's rows. */
  if (has_into && !g_hash_table_contains (fresh, rec->target) &&
      !merge_strip (self, rec->target, into_rowid, rec->other, rec->applied, error))
    return FALSE;
  if (!has_into || !has_from)
    return structure_set_applied (self, rec->seq, NULL, TRUE, error);
  return merge_apply (self, rec->target, into_rowid, rec->other, from_rowid, &applied, error) &&
         structure_set_applied (self, rec->seq, applied, FALSE, error);
}

static gboolean
reapply_split (CorridorStore *self, StructureRec *rec, GHashTable *fresh, GError **error)
{
  g_autoptr(GArray) rowids = NULL;
  g_autofree char *applied = NULL, *status = NULL;
  SplitPlan plan = { 0 };
  gint64 new_rowid;
  gboolean planned, ok;

  /* A source inference did not rewrite is still split as it was. */
  if (!g_hash_table_contains (fresh, rec->target))
    {
      gint64 rowid;

      if (!shipment_rowid_of (self, rec->target, &rowid) && !rec->inert)
        return structure_set_applied (self, rec->seq, rec->applied, TRUE, error);
      return TRUE;
    }
  rowids = structure_messages (self, rec->messages);
  planned = rowids->len > 0 && split_plan (self, rec->target, rowids, &plan, NULL);
  if (!planned)
    {
      split_plan_clear (&plan);
      return structure_set_applied (self, rec->seq, rec->applied, TRUE, error);
    }
  /* The new shipment is made again from the source inference gave back,
   * under its id, keeping the analyst's decision on it. */
  if (shipment_rowid_of (self, rec->other, &new_rowid))
    {
      CACHED_STMT stmt = get_stmt (self, "SELECT status FROM shipments WHERE rowid = ?1", error);

      if (stmt == NULL)
        {
          split_plan_clear (&plan);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, new_rowid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        status = column_strdup (stmt, 0);
      sqlite3_reset (stmt);
      if (!delete_shipment_row (self, new_rowid, error))
        {
          split_plan_clear (&plan);
          return FALSE;
        }
    }
  ok = split_write (self, &plan, rec->other, status, &applied, error) &&
       structure_set_applied (self, rec->seq, applied, FALSE, error);
  split_plan_clear (&plan);
  if (ok)
    g_hash_table_add (fresh, g_strdup (rec->other));
  return ok;
}

gboolean
corridor_store_reapply_structure (CorridorStore *self, GError **error)
{
  g_autoptr(GArray) recs = NULL;
  g_autoptr(GHashTable) fresh = NULL;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!need_open_transaction (self, "Inference", error))
    return FALSE;
  recs = structure_load (self, error);
  if (recs == NULL)
    return FALSE;
  if (recs->len == 0)
    return TRUE;
  /* Inference dropped the evidence indexes for its writes; the lookups
   * below want them back (the commit has nothing left to rebuild then). */
  if (!import_restore_indexes (self, error))
    return FALSE;
  /* Every inferred shipment now was written by this inference run. */
  fresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT id FROM shipments WHERE status = 'inferred' AND id NOT LIKE 'm-%'", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_hash_table_add (fresh, column_strdup (stmt, 0));
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the shipments", error);
  }
  for (guint i = 0; i < recs->len; i++)
    {
      StructureRec *rec = &g_array_index (recs, StructureRec, i);
      gboolean ok = strcmp (rec->kind, "merge") == 0 ? reapply_merge (self, rec, fresh, error)
                                                      : reapply_split (self, rec, fresh, error);

      if (!ok)
        return FALSE;
    }
  return TRUE;
}

void
corridor_structure_edit_free (CorridorStructureEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->target_id);
  g_free (edit->other_id);
  g_strfreev (edit->messages);
  g_free (edit->created_at);
  g_free (edit);
}

GPtrArray *
corridor_store_list_structure_edits (CorridorStore *self, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_structure_edit_free);
  if (self->schema_version < 7)
    return g_steal_pointer (&out);
  stmt = get_stmt (self,
      "SELECT kind, target_id, other_id, messages, inert, created_at FROM review_structure "
      "ORDER BY seq", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorStructureEdit *e = g_new0 (CorridorStructureEdit, 1);

      e->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "split") == 0
                ? CORRIDOR_STRUCTURE_SPLIT : CORRIDOR_STRUCTURE_MERGE;
      e->target_id = column_strdup (stmt, 1);
      e->other_id = column_strdup (stmt, 2);
      if (e->kind == CORRIDOR_STRUCTURE_SPLIT)
        e->messages = recipients_from_json ((const char *) sqlite3_column_text (stmt, 3));
      e->inert = sqlite3_column_int (stmt, 4) != 0;
      e->created_at = column_strdup (stmt, 5);
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not read the review", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* --- merged handles --- */

/* Follows every alias's canonical chain to its end into root_id. */
static gboolean
recompute_actor_roots (CorridorStore *self, GError **error)
{
  g_autoptr(GHashTable) canon = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) aliases = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  {
    CACHED_STMT stmt = get_stmt (self, "SELECT alias_id, canonical_id FROM actor_merges", error);

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 a = sqlite3_column_int64 (stmt, 0), c = sqlite3_column_int64 (stmt, 1);

        g_hash_table_insert (canon, g_memdup2 (&a, sizeof a), g_memdup2 (&c, sizeof c));
        g_array_append_val (aliases, a);
      }
    if (rc != SQLITE_DONE)
      return set_db_error (self->db, rc, "Could not read the merged handles", error);
  }
  for (guint i = 0; i < aliases->len; i++)
    {
      gint64 alias = g_array_index (aliases, gint64, i), root = alias;
      CACHED_STMT stmt = NULL;
      const gint64 *next;

      /* Merges never make a cycle, so the chain ends within the table's size. */
      for (guint n = 0; n <= aliases->len && (next = g_hash_table_lookup (canon, &root)) != NULL; n++)
        root = *next;
      stmt = get_stmt (self, "UPDATE actor_merges SET root_id = ?2 WHERE alias_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, alias);
      sqlite3_bind_int64 (stmt, 2, root);
      if (!step_done (self, stmt, "Could not record the merged handles", error))
        return FALSE;
    }
  return TRUE;
}

/* The handle @id counts as now. */
static char *
actor_root_handle (CorridorStore *self, gint64 id)
{
  CACHED_STMT stmt = get_stmt (self,
      "SELECT h.handle FROM actors h WHERE h.id = " CANONICAL_ACTOR ("?1"), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW ? column_strdup (stmt, 0) : NULL;
}

static char *
actor_merge_json (const char *alias, const char *canonical, const char *root)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_member_string (b, "alias", alias);
  json_member_string (b, "canonical", canonical);
  json_member_string (b, "counts_as", root);
  json_builder_end_object (b);
  return json_builder_text (b);
}

static gboolean
merge_actors_internal (CorridorStore *self, const char *alias, const char *canonical,
                       GError **error)
{
  g_autofree char *now = now_iso8601 (), *root = NULL, *was = NULL, *before = NULL;
  g_autofree char *after = NULL;
  gint64 alias_id, canonical_id;

  if (!lookup_actor_id (self, alias, &alias_id, error) ||
      !lookup_actor_id (self, canonical, &canonical_id, error))
    return FALSE;
  if (alias_id == canonical_id)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "A handle cannot be merged into itself");
      return FALSE;
    }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT c.handle FROM actor_merges m JOIN actors c ON c.id = m.canonical_id "
        "WHERE m.alias_id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, alias_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "“%s” is already merged into “%s”; unmerge it first", alias,
                     (const char *) sqlite3_column_text (stmt, 0));
        return FALSE;
      }
  }
  root = actor_root_handle (self, canonical_id);
  if (g_strcmp0 (root, alias) == 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” already counts as “%s”: merging would go round in a circle",
                   canonical, alias);
      return FALSE;
    }
  before = actor_merge_json (alias, NULL, alias);
  {
    CACHED_STMT stmt = get_stmt (self,
        "INSERT INTO actor_merges (alias_id, canonical_id, root_id, created_at) "
        "VALUES (?1, ?2, ?2, ?3)", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, alias_id);
    sqlite3_bind_int64 (stmt, 2, canonical_id);
    bind_text (stmt, 3, now);
    if (!step_done (self, stmt, "Could not merge the handles", error))
      return FALSE;
  }
  if (!recompute_actor_roots (self, error))
    return FALSE;
  after = actor_merge_json (alias, canonical, root);
  return audit_internal (self, "review.merge-actors", alias, before, after, error);
}

gboolean
corridor_store_merge_actors (CorridorStore *self, const char *alias_handle,
                             const char *canonical_handle, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (alias_handle != NULL && canonical_handle != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = merge_actors_internal (self, alias_handle, canonical_handle, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

static gboolean
unmerge_actor_internal (CorridorStore *self, const char *alias, GError **error)
{
  g_autofree char *canonical = NULL, *root = NULL, *before = NULL, *after = NULL;
  gint64 alias_id;

  if (!lookup_actor_id (self, alias, &alias_id, error))
    return FALSE;
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT c.handle FROM actor_merges m JOIN actors c ON c.id = m.canonical_id "
        "WHERE m.alias_id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, alias_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                     "“%s” is not merged into another handle", alias);
        return FALSE;
      }
    canonical = column_strdup (stmt, 0);
  }
  root = actor_root_handle (self, alias_id);
  before = actor_merge_json (alias, canonical, root);
  {
    CACHED_STMT stmt = get_stmt (self, "DELETE FROM actor_merges WHERE alias_id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, alias_id);
    if (!step_done (self, stmt, "Could not unmerge the handle", error))
      return FALSE;
  }
  if (!recompute_actor_roots (self, error))
    return FALSE;
  after = actor_merge_json (alias, NULL, alias);
  return audit_internal (self, "review.unmerge-actor", alias, before, after, error);
}

gboolean
corridor_store_unmerge_actor (CorridorStore *self, const char *alias_handle, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (alias_handle != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = unmerge_actor_internal (self, alias_handle, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

void
corridor_actor_merge_free (CorridorActorMerge *merge)
{
  if (merge == NULL)
    return;
  g_free (merge->alias);
  g_free (merge->canonical);
  g_free (merge->root);
  g_free (merge);
}

GPtrArray *
corridor_store_list_actor_merges (CorridorStore *self, GError **error)
{
  g_autoptr(GPtrArray) out = NULL;
  CACHED_STMT stmt = NULL;
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) corridor_actor_merge_free);
  if (self->schema_version < 7)
    return g_steal_pointer (&out);
  stmt = get_stmt (self,
      "SELECT a.handle, c.handle, r.handle FROM actor_merges m JOIN actors a ON a.id = m.alias_id "
      "JOIN actors c ON c.id = m.canonical_id JOIN actors r ON r.id = m.root_id "
      "ORDER BY a.handle", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CorridorActorMerge *m = g_new0 (CorridorActorMerge, 1);

      m->alias = column_strdup (stmt, 0);
      m->canonical = column_strdup (stmt, 1);
      m->root = column_strdup (stmt, 2);
      g_ptr_array_add (out, m);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, rc, "Could not read the merged handles", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* --- the case gazetteer --- */

CorridorGazetteer *
corridor_store_load_gazetteer (CorridorStore *self, GError **error)
{
  CorridorGazetteer *bundled;
  g_autoptr(CorridorGazetteer) gaz = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int rc;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), NULL);

  bundled = corridor_gazetteer_get_default (error);
  if (bundled == NULL)
    return NULL;
  gaz = corridor_gazetteer_copy (bundled);
  {
    CACHED_STMT stmt = get_stmt (self, "SELECT locode FROM ports WHERE origin = 'case'", error);

    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_hash_table_add (own, column_strdup (stmt, 0));
    if (rc != SQLITE_DONE)
      {
        set_db_error (self->db, rc, "Could not read the case's ports", error);
        return NULL;
      }
  }
  /* The case's own ports, whole (a case may also move a bundled one), and
   * any port an older gazetteer seeded the case with that this one lacks. */
  ports = corridor_store_list_ports (self, error);
  if (ports == NULL)
    return NULL;
  for (guint i = 0; i < ports->len; i++)
    {
      const CorridorPort *p = g_ptr_array_index (ports, i);

      if (g_hash_table_contains (own, p->locode) ||
          corridor_gazetteer_lookup_locode (bundled, p->locode) == NULL)
        corridor_gazetteer_add_port (gaz, p);
    }
  if (self->schema_version >= 7)
    {
      CACHED_STMT stmt = get_stmt (self,
          "SELECT locode, alias FROM port_aliases WHERE analyst = 1 ORDER BY rowid", error);

      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        corridor_gazetteer_add_alias (gaz, (const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1));
      if (rc != SQLITE_DONE)
        {
          set_db_error (self->db, rc, "Could not read the case's port aliases", error);
          return NULL;
        }
    }
  return g_steal_pointer (&gaz);
}

/* Whether @text already names a port (LOCODE, name or alias, bundled or
 * the case's): that port's LOCODE in @out. */
static gboolean
gazetteer_names (CorridorStore *self, const char *text, char out[6])
{
  g_autoptr(CorridorGazetteer) gaz = corridor_store_load_gazetteer (self, NULL);
  const CorridorPort *p = gaz != NULL ? corridor_gazetteer_lookup (gaz, text) : NULL;
  g_autofree char *key = corridor_text_key (text);

  if (p != NULL)
    {
      g_strlcpy (out, p->locode, 6);
      return TRUE;
    }
  if (corridor_locode_normalize (text, out) && port_in_case (self, out, NULL))
    return TRUE;
  if (key[0] != '\0')
    {
      CACHED_STMT stmt = get_stmt (self,
          "SELECT locode FROM port_aliases WHERE key = ?1 ORDER BY locode LIMIT 1", NULL);

      if (stmt != NULL)
        {
          bind_text (stmt, 1, key);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            {
              g_strlcpy (out, (const char *) sqlite3_column_text (stmt, 0), 6);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* A port name or alias the analyst gives: clean text naming no port yet. */
static gboolean
gazetteer_new_name (CorridorStore *self, const char *what, const char *text, char **out,
                    GError **error)
{
  g_autofree char *clean = NULL, *key = NULL;
  char taken[6];

  if (!review_text (what, text != NULL ? text : "", FALSE, 256, &clean, error))
    return FALSE;
  key = clean != NULL ? corridor_text_key (clean) : NULL;
  if (key == NULL || key[0] == '\0')
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: give a name with letters or digits", what);
      return FALSE;
    }
  if (gazetteer_names (self, clean, taken))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s “%s” already names the port %s", what, clean, taken);
      return FALSE;
    }
  *out = g_steal_pointer (&clean);
  return TRUE;
}

static char *
port_json (const CorridorPort *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_member_string (b, "locode", p->locode);
  json_member_string (b, "name", p->name);
  json_member_string (b, "country", p->country);
  json_builder_set_member_name (b, "lat");
  json_builder_add_double_value (b, p->lat);
  json_builder_set_member_name (b, "lon");
  json_builder_add_double_value (b, p->lon);
  json_member_strv (b, "aliases", (const char *const *) p->aliases);
  json_builder_end_object (b);
  return json_builder_text (b);
}

static gboolean
insert_analyst_alias (CorridorStore *self, const char *locode, const char *alias, GError **error)
{
  g_autofree char *key = corridor_text_key (alias);
  CACHED_STMT stmt = get_stmt (self,
      "INSERT INTO port_aliases (locode, alias, key, analyst) VALUES (?1, ?2, ?3, 1)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, locode);
  bind_text (stmt, 2, alias);
  bind_text (stmt, 3, key);
  return step_done (self, stmt, "Could not add the alias", error);
}

static gboolean
add_case_port_internal (CorridorStore *self, const CorridorPort *port, GError **error)
{
  CorridorGazetteer *bundled = corridor_gazetteer_get_default (NULL);
  g_autoptr(CorridorPort) p = NULL;
  g_autoptr(GPtrArray) aliases = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = NULL, *after = NULL;
  char locode[6], cc[3];

  if (port->locode == NULL || !corridor_locode_normalize (port->locode, locode))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a UN/LOCODE (two letters of country, three of place)",
                   port->locode != NULL ? port->locode : "");
      return FALSE;
    }
  if (port_in_case (self, locode, NULL) ||
      (bundled != NULL && corridor_gazetteer_lookup_locode (bundled, locode) != NULL))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "The port %s is already known; add an alias to it instead", locode);
      return FALSE;
    }
  cc[0] = locode[0];
  cc[1] = locode[1];
  cc[2] = '\0';
  if (port->country != NULL && g_ascii_strcasecmp (port->country, cc) != 0)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "country %s does not match the LOCODE %s", port->country, locode);
      return FALSE;
    }
  if (!isfinite (port->lat) || port->lat < -90 || port->lat > 90 ||
      !isfinite (port->lon) || port->lon < -180 || port->lon > 180)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "%s: lat must be in degrees from -90 to 90 and lon from -180 to 180", locode);
      return FALSE;
    }
  if (!gazetteer_new_name (self, "name", port->name, &name, error))
    return FALSE;
  for (guint i = 0; port->aliases != NULL && port->aliases[i] != NULL; i++)
    {
      g_autofree char *alias = NULL, *key = NULL, *name_key = corridor_text_key (name);

      if (!gazetteer_new_name (self, "alias", port->aliases[i], &alias, error))
        return FALSE;
      key = corridor_text_key (alias);
      if (strcmp (key, name_key) == 0)
        continue;
      g_ptr_array_add (aliases, g_steal_pointer (&alias));
    }
  g_ptr_array_add (aliases, NULL);
  p = corridor_port_new (locode, name, cc, port->lat, port->lon,
                         (const char *const *) aliases->pdata);
  {
    /* The row first (origin 'case'), then the aliases as the analyst's. */
    CorridorPort bare = *p;

    bare.aliases = NULL;
    if (!upsert_port_internal (self, &bare, "case", error))
      return FALSE;
  }
  for (guint i = 0; p->aliases != NULL && p->aliases[i] != NULL; i++)
    if (!insert_analyst_alias (self, locode, p->aliases[i], error))
      return FALSE;
  after = port_json (p);
  return audit_internal (self, "gazetteer.add-port", locode, NULL, after, error);
}

gboolean
corridor_store_add_case_port (CorridorStore *self, const CorridorPort *port, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);
  g_return_val_if_fail (port != NULL, FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = add_case_port_internal (self, port, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

/* The case's port @locode, aliases included, or NULL with NOT_FOUND. */
static CorridorPort *
case_port_load (CorridorStore *self, const char *locode, char **out_origin, GError **error)
{
  CorridorPort *p = NULL;
  char code[6];
  int rc;

  if (locode == NULL || !corridor_locode_normalize (locode, code) || !port_in_case (self, code, NULL))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND, "No port %s in the case",
                   locode != NULL ? locode : "");
      return NULL;
    }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT locode, name, country, lat, lon, origin FROM ports WHERE locode = ?1", error);

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, 1, code);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return NULL;
    p = corridor_port_new ((const char *) sqlite3_column_text (stmt, 0),
                           (const char *) sqlite3_column_text (stmt, 1),
                           (const char *) sqlite3_column_text (stmt, 2),
                           column_double_or_nan (stmt, 3), column_double_or_nan (stmt, 4), NULL);
    if (out_origin != NULL)
      *out_origin = column_strdup (stmt, 5);
  }
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT alias FROM port_aliases WHERE locode = ?1 ORDER BY rowid", error);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    if (stmt == NULL)
      {
        corridor_port_free (p);
        return NULL;
      }
    bind_text (stmt, 1, code);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    g_strfreev (p->aliases);
    p->aliases = g_strv_builder_end (builder);
  }
  return p;
}

/* The first of the case's shipments, leads or corrections using @locode,
 * described for an error, or NULL when none does. */
static char *
port_used_by (CorridorStore *self, const char *locode)
{
  static const struct { const char *sql; const char *what; } uses[] = {
    { "SELECT s.id FROM shipment_ports l JOIN shipments s ON s.rowid = l.shipment_rowid "
      "WHERE l.locode = ?1 ORDER BY s.rowid LIMIT 1", "shipment" },
    { "SELECT id FROM leads WHERE locode = ?1 ORDER BY rowid LIMIT 1", "lead" },
    { "SELECT shipment_id FROM shipment_corrections WHERE field IN "
      "('origin', 'destination', 'transit') AND ';' || value || ';' LIKE '%;' || ?1 || ';%' "
      "LIMIT 1", "correction of shipment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (uses); i++)
    {
      CACHED_STMT stmt = get_stmt (self, uses[i].sql, NULL);

      if (stmt == NULL)
        continue;
      bind_text (stmt, 1, locode);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        return g_strdup_printf ("%s %s", uses[i].what, (const char *) sqlite3_column_text (stmt, 0));
    }
  return NULL;
}

static gboolean
remove_case_port_internal (CorridorStore *self, const char *locode, GError **error)
{
  CorridorGazetteer *bundled = corridor_gazetteer_get_default (NULL);
  g_autofree char *origin = NULL, *before = NULL, *used = NULL;
  g_autoptr(CorridorPort) p = case_port_load (self, locode, &origin, error);

  if (p == NULL)
    return FALSE;
  if (g_strcmp0 (origin, "case") != 0 ||
      (bundled != NULL && corridor_gazetteer_lookup_locode (bundled, p->locode) != NULL))
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "The port %s comes with the gazetteer; only a port added to the case can be "
                   "removed", p->locode);
      return FALSE;
    }
  used = port_used_by (self, p->locode);
  if (used != NULL)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "The port %s is in use (%s); correct that first", p->locode, used);
      return FALSE;
    }
  before = port_json (p);
  {
    static const char *const sql[] = {
      "DELETE FROM port_aliases WHERE locode = ?1",
      "DELETE FROM ports WHERE locode = ?1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
      {
        CACHED_STMT stmt = get_stmt (self, sql[i], error);

        if (stmt == NULL)
          return FALSE;
        bind_text (stmt, 1, p->locode);
        if (!step_done (self, stmt, "Could not remove the port", error))
          return FALSE;
      }
  }
  return audit_internal (self, "gazetteer.remove-port", p->locode, before, NULL, error);
}

gboolean
corridor_store_remove_case_port (CorridorStore *self, const char *locode, GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = remove_case_port_internal (self, locode, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

static char *
alias_json (const char *locode, const char *alias)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_member_string (b, "locode", locode);
  json_member_string (b, "alias", alias);
  json_builder_end_object (b);
  return json_builder_text (b);
}

static gboolean
add_port_alias_internal (CorridorStore *self, const char *locode, const char *alias,
                         GError **error)
{
  g_autoptr(CorridorPort) p = case_port_load (self, locode, NULL, error);
  g_autofree char *clean = NULL, *after = NULL;

  if (p == NULL || !gazetteer_new_name (self, "alias", alias, &clean, error))
    return FALSE;
  after = alias_json (p->locode, clean);
  return insert_analyst_alias (self, p->locode, clean, error) &&
         audit_internal (self, "gazetteer.add-alias", p->locode, NULL, after, error);
}

gboolean
corridor_store_add_port_alias (CorridorStore *self, const char *locode, const char *alias,
                               GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = add_port_alias_internal (self, locode, alias, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}

static gboolean
remove_port_alias_internal (CorridorStore *self, const char *locode, const char *alias,
                            GError **error)
{
  g_autoptr(CorridorPort) p = case_port_load (self, locode, NULL, error);
  g_autofree char *clean = NULL, *before = NULL;
  gint64 rowid = 0;
  gboolean analyst = FALSE;

  if (p == NULL)
    return FALSE;
  clean = g_strstrip (g_strdup (alias != NULL ? alias : ""));
  {
    CACHED_STMT stmt = get_stmt (self,
        "SELECT rowid, analyst FROM port_aliases WHERE locode = ?1 AND alias = ?2 "
        "ORDER BY analyst DESC LIMIT 1", error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, p->locode);
    bind_text (stmt, 2, clean);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_NOT_FOUND,
                     "The port %s has no alias “%s”", p->locode, clean);
        return FALSE;
      }
    rowid = sqlite3_column_int64 (stmt, 0);
    analyst = sqlite3_column_int (stmt, 1) != 0;
  }
  if (!analyst)
    {
      g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_ARGUMENT,
                   "“%s” comes with the gazetteer; only an alias added to the case can be "
                   "removed", clean);
      return FALSE;
    }
  before = alias_json (p->locode, clean);
  {
    CACHED_STMT stmt = get_stmt (self, "DELETE FROM port_aliases WHERE rowid = ?1", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, rowid);
    if (!step_done (self, stmt, "Could not remove the alias", error))
      return FALSE;
  }
  return audit_internal (self, "gazetteer.remove-alias", p->locode, before, NULL, error);
}

gboolean
corridor_store_remove_port_alias (CorridorStore *self, const char *locode, const char *alias,
                                  GError **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CORRIDOR_IS_STORE (self), FALSE);

  if (!write_begin (self, &nested, error))
    return FALSE;
  ok = remove_port_alias_internal (self, locode, alias, error);
  return write_end (self, nested, ok, ok ? error : NULL);
}
