/* corridor-test-db.h: reads a case file directly with SQLite, read-only and
 * on a connection of its own, so suites check what is really stored rather
 * than what the store API says. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "corridor-store.h"

/* The first column of the first row of @sql, as text (g_free), or NULL. */
G_GNUC_UNUSED static char *
q (CorridorStore *store, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open_v2 (corridor_store_get_path (store), &db, SQLITE_OPEN_READONLY,
                                    NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW && sqlite3_column_type (st, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  sqlite3_close (db);
  return out;
}

/* The same as an integer, or -1 when there is no value. */
G_GNUC_UNUSED static gint64
qi (CorridorStore *store, const char *sql)
{
  g_autofree char *v = q (store, sql);

  return v ? g_ascii_strtoll (v, NULL, 10) : -1;
}

#define ASSERT_Q(store, sql, expected) \
  G_STMT_START { g_autofree char *_v = q (store, sql); g_assert_cmpstr (_v, ==, expected); } G_STMT_END
