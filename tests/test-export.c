/* test-export.c: `corridor export --format gpkg|kml|csv` run as a real
 * process on the demo case, with and without a filter, checked with GDAL's
 * own ogrinfo, xmllint, SQLite and an RFC 4180 parser: one line per
 * shipment in the filter, the filters recorded, every export audited. */
#include "corridor-test-cli.h"
#include "corridor-export-ogr.h"
#include "corridor-filter.h"
#include "corridor-store.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

static char *tmpdir;
static char *demo_case;

/* Runs a helper program (ogrinfo, xmllint); NULL stdout when it is not installed. */
static gboolean
run_tool (const char *tool, char **out_stdout, int *out_status, ...)
{
  g_autofree char *prog = g_find_program_in_path (tool);
  if (prog == NULL)
    {
      g_test_message ("%s not installed: its check is skipped", tool);
      return FALSE;
    }
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, prog);
  va_list ap;
  va_start (ap, out_status);
  for (const char *a = va_arg (ap, const char *); a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_autofree char *err = NULL;
  int wait_status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, &err, &wait_status, NULL));
  g_assert_true (WIFEXITED (wait_status));
  *out_status = WEXITSTATUS (wait_status);
  if (*out_status != 0)
    g_test_message ("%s: %s", tool, err);
  return TRUE;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gint64
audit_count (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (demo_case, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  return corridor_store_count_audit (store);
}

/* The truth, from the library: the shipments passing the same filter. */
typedef struct {
  guint  n_shipments;
  guint  n_ports;       /* distinct LOCODEs the shipments touch */
  guint  n_corridors;   /* distinct origin -> destination pairs */
  char  *description;
} Expect;

static void
expect_clear (Expect *e)
{
  g_free (e->description);
}

static void
expect_for_port (Expect *e, const char *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorStore) store = corridor_store_open (demo_case, CORRIDOR_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_autoptr(CorridorFilter) filter = corridor_filter_new ();
  if (port)
    g_ptr_array_add (filter->ports, g_strdup (port));
  g_autoptr(GPtrArray) shipments = corridor_store_query_shipments (store, filter, &error);
  g_assert_no_error (error);
  g_autoptr(GHashTable) ports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < shipments->len; i++)
    {
      const CorridorShipment *s = g_ptr_array_index (shipments, i);
      for (guint k = 0; k < s->n_stops; k++)
        g_hash_table_add (ports, g_strdup (s->stops[k].locode));
      g_hash_table_add (pairs, g_strdup_printf ("%s>%s", s->stops[0].locode, s->stops[s->n_stops - 1].locode));
    }
  e->n_shipments = shipments->len;
  e->n_ports = g_hash_table_size (ports);
  e->n_corridors = g_hash_table_size (pairs);
  e->description = corridor_filter_describe (filter);
  g_assert_cmpuint (e->n_shipments, >, 0);
}

static gint64
sql_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  gint64 v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return v;
}

static char *
sql_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  char *v = NULL;
  if (sqlite3_step (st) == SQLITE_ROW && sqlite3_column_text (st, 0))
    v = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return v;
}

/* The ports array of {"corridor": {"filters": {"ports": […]}}}. */
static void
assert_filters_json (const char *json, const char *port, guint n_shipments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (json, &error);
  g_assert_no_error (error);
  JsonObject *corridor = json_object_get_object_member (json_node_get_object (root), "corridor");
  g_assert_nonnull (corridor);
  g_assert_cmpint (json_object_get_int_member (corridor, "shipments"), ==, n_shipments);
  JsonObject *filters = json_object_get_object_member (corridor, "filters");
  g_assert_nonnull (filters);
  JsonArray *ports = json_object_get_array_member (filters, "ports");
  g_assert_cmpuint (json_array_get_length (ports), ==, port ? 1 : 0);
  if (port)
    g_assert_cmpstr (json_array_get_string_element (ports, 0), ==, port);
  g_assert_true (json_object_has_member (filters, "description"));
}

static void
check_gpkg (const char *port)
{
  Expect e = { 0 };
  expect_for_port (&e, port);
  g_autofree char *out = tmp_path (port ? "antwerp.gpkg" : "all.gpkg");
  gint64 before = audit_count ();
  /* Twice: the second run replaces the first file. */
  for (int pass = 0; pass < 2; pass++)
    {
      g_autofree char *err = NULL;
      int rc = port ? corridor_test_run (&err, "export", demo_case, "--format", "gpkg", "-o", out, "--port", port, NULL)
                    : corridor_test_run (&err, "export", demo_case, "--format", "gpkg", "-o", out, NULL);
      g_assert_cmpint (rc, ==, 0);
      /* Nothing raw from GDAL on stderr. */
      g_assert_cmpstr (err, ==, "");
    }
  g_assert_cmpint (audit_count (), ==, before + 2);

  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open_v2 (out, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* An OGC GeoPackage: application id "GPKG", the three layers, WGS84. */
  g_assert_cmpint (sql_int (db, "PRAGMA application_id"), ==, 0x47504B47);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM gpkg_contents WHERE table_name IN "
                               "('shipments', 'ports', 'corridors') AND data_type = 'features'"), ==, 3);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM gpkg_geometry_columns WHERE srs_id = 4326"), ==, 3);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM shipments"), ==, e.n_shipments);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM shipments WHERE route = 'sea'"), ==, e.n_shipments);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM ports"), ==, e.n_ports);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM corridors"), ==, e.n_corridors);
  g_assert_cmpint (sql_int (db, "SELECT sum(n_shipments) FROM corridors"), ==, e.n_shipments);
  g_assert_cmpint (sql_int (db, "SELECT sum(shipments_out) FROM ports"), ==, e.n_shipments);
  g_assert_cmpint (sql_int (db, "SELECT sum(shipments_in) FROM ports"), ==, e.n_shipments);
  if (port)
    g_assert_cmpint (sql_int (db, "SELECT count(*) FROM shipments WHERE origin_locode = 'BEANR' OR "
                                  "destination_locode = 'BEANR' OR transit LIKE '%BEANR%'"), ==, e.n_shipments);
  /* The R-tree spatial indexes, filled. */
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'rtree_shipments_geom'"), ==, 1);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM rtree_shipments_geom"), ==, e.n_shipments);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'rtree_ports_geom'"), ==, 1);
  /* The filters: a JSON row of gpkg_metadata, referenced by the whole GeoPackage. */
  g_autofree char *json = sql_text (db, "SELECT metadata FROM gpkg_metadata WHERE mime_type = 'application/json'");
  g_assert_nonnull (json);
  assert_filters_json (json, port, e.n_shipments);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM gpkg_metadata_reference r JOIN gpkg_metadata m "
                               "ON r.md_file_id = m.id WHERE r.reference_scope = 'geopackage' AND "
                               "m.mime_type = 'application/json'"), ==, 1);
  g_autofree char *all_md = sql_text (db, "SELECT group_concat(metadata, ' ') FROM gpkg_metadata");
  g_assert_nonnull (strstr (all_md, e.description));
  g_assert_nonnull (strstr (all_md, "CORRIDOR_FILTERS"));
  sqlite3_close (db);

  /* GDAL itself reads it back: the shipments count and the metadata. */
  g_autofree char *info = NULL;
  int status;
  if (run_tool ("ogrinfo", &info, &status, "-ro", "-so", out, "shipments", NULL))
    {
      g_assert_cmpint (status, ==, 0);
      g_autofree char *count = g_strdup_printf ("Feature Count: %u\n", e.n_shipments);
      g_assert_nonnull (strstr (info, count));
      g_assert_nonnull (strstr (info, "Geometry: Line String"));
      g_assert_nonnull (strstr (info, "EPSG\",4326"));
      g_assert_nonnull (strstr (info, "quantity_kg: Real"));
      g_assert_nonnull (strstr (info, "departed: Date"));
      g_assert_nonnull (strstr (info, "CORRIDOR_FILTERS="));
      g_assert_nonnull (strstr (info, "GPKG_METADATA_ITEM_1={\"corridor\":"));
      g_assert_nonnull (strstr (info, e.description));
    }
  g_autofree char *rtree = NULL;
  if (run_tool ("ogrinfo", &rtree, &status, "-ro", "-q", out, "-sql",
                "SELECT HasSpatialIndex('shipments', 'geom')", NULL))
    {
      g_assert_cmpint (status, ==, 0);
      /* GDAL's SQLite dialect names the column after the function. */
      g_assert_nonnull (strstr (rtree, " (Integer) = 1"));
    }
  expect_clear (&e);
}

static void
test_gpkg_filtered (void)
{
  check_gpkg ("BEANR");
}

static void
test_gpkg_all (void)
{
  check_gpkg (NULL);
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;
  for (const char *p = haystack; (p = strstr (p, needle)); p += strlen (needle))
    n++;
  return n;
}

static void
check_kml (const char *port)
{
  Expect e = { 0 };
  expect_for_port (&e, port);
  g_autofree char *out = tmp_path (port ? "antwerp.kml" : "all.kml");
  gint64 before = audit_count ();
  for (int pass = 0; pass < 2; pass++)
    {
      g_autofree char *err = NULL;
      int rc = port ? corridor_test_run (&err, "export", demo_case, "--format", "kml", "-o", out, "--port", port, NULL)
                    : corridor_test_run (&err, "export", demo_case, "--format", "kml", "-o", out, NULL);
      g_assert_cmpint (rc, ==, 0);
      g_assert_cmpstr (err, ==, "");
    }
  g_assert_cmpint (audit_count (), ==, before + 2);

  g_autofree char *doc = NULL;
  g_assert_true (g_file_get_contents (out, &doc, NULL, NULL));
  g_assert_true (g_utf8_validate (doc, -1, NULL));
  g_assert_nonnull (strstr (doc, "http://www.opengis.net/kml/2.2"));
  /* Folders named Shipments and Ports, one Placemark per shipment and port. */
  g_assert_cmpuint (count_occurrences (doc, "<Folder"), ==, 2);
  g_assert_nonnull (strstr (doc, "<name>Shipments</name>"));
  g_assert_nonnull (strstr (doc, "<name>Ports</name>"));
  g_assert_cmpuint (count_occurrences (doc, "<Placemark"), ==, e.n_shipments + e.n_ports);
  g_assert_cmpuint (count_occurrences (doc, "<LineString"), ==, e.n_shipments);
  g_assert_cmpuint (count_occurrences (doc, "<Point"), ==, e.n_ports);
  /* Lines coloured by outcome: a LineStyle on each shipment. */
  g_assert_cmpuint (count_occurrences (doc, "<LineStyle"), >=, e.n_shipments);
  /* The document's description holds the filters, in words and as JSON. */
  const char *desc = strstr (doc, "<description>");
  g_assert_nonnull (desc);
  g_assert_true (strstr (doc, "<Folder") == NULL || desc < strstr (doc, "<Folder"));
  g_assert_nonnull (strstr (desc, "Filters: "));
  if (*e.description)
    g_assert_nonnull (strstr (desc, e.description));
  if (port)
    /* In CDATA or escaped, either is the same text to a KML reader. */
    g_assert_true (strstr (desc, "\"ports\":[\"BEANR\"]") != NULL ||
                   strstr (desc, "&quot;ports&quot;:[&quot;BEANR&quot;]") != NULL);

  int status;
  g_autofree char *lint = NULL;
  if (run_tool ("xmllint", &lint, &status, "--noout", out, NULL))
    g_assert_cmpint (status, ==, 0);
  g_autofree char *info = NULL;
  if (run_tool ("ogrinfo", &info, &status, "-ro", "-so", out, "Shipments", NULL))
    {
      g_assert_cmpint (status, ==, 0);
      g_autofree char *count = g_strdup_printf ("Feature Count: %u\n", e.n_shipments);
      g_assert_nonnull (strstr (info, count));
    }
  expect_clear (&e);
}

static void
test_kml (void)
{
  check_kml ("BEANR");
  check_kml (NULL);
}

/* RFC 4180 records: fields split on commas outside quotes, "" inside
 * quotes is a quote, records end with CRLF outside quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;
  for (const char *p = text; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        {
          /* A quote opens a field only at its start. */
          g_assert_cmpuint (field->len, ==, 0);
          g_assert_false (was_quoted);
          quoted = was_quoted = TRUE;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        {
          /* Bare CR, LF or quote outside quotes is not RFC 4180. */
          g_assert_true (*p != '\r' && *p != '\n');
          g_assert_false (was_quoted);
          g_string_append_c (field, *p);
        }
    }
  g_assert_false (quoted);
  /* The last record ends with CRLF: nothing is left over. */
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  return rows;
}

static int
column (GPtrArray *header, const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (strcmp (g_ptr_array_index (header, i), name) == 0)
      return (int) i;
  g_assert_not_reached ();
}

static void
check_csv (const char *port)
{
  Expect e = { 0 };
  expect_for_port (&e, port);
  g_autofree char *out = tmp_path (port ? "antwerp.csv" : "all.csv");
  g_autofree char *sidecar = tmp_path (port ? "antwerp.json" : "all.json");
  gint64 before = audit_count ();
  for (int pass = 0; pass < 2; pass++)
    {
      g_autofree char *err = NULL;
      int rc = port ? corridor_test_run (&err, "export", demo_case, "--format", "csv", "-o", out, "--port", port, NULL)
                    : corridor_test_run (&err, "export", demo_case, "--format", "csv", "-o", out, NULL);
      g_assert_cmpint (rc, ==, 0);
      g_assert_cmpstr (err, ==, "");
    }
  g_assert_cmpint (audit_count (), ==, before + 2);

  g_autofree char *doc = NULL;
  g_assert_true (g_file_get_contents (out, &doc, NULL, NULL));
  g_assert_false (g_str_has_prefix (doc, "#"));
  g_autoptr(GPtrArray) rows = parse_csv (doc);
  g_assert_cmpuint (rows->len, ==, 1 + e.n_shipments);
  GPtrArray *header = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "id");
  int origin = column (header, "origin_locode"), dest = column (header, "destination_locode");
  int transit = column (header, "transit"), route = column (header, "route");
  int lat = column (header, "origin_lat"), kg = column (header, "quantity_kg");
  column (header, "origin_lon");
  column (header, "length_nm");
  column (header, "actors");
  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      g_assert_cmpuint (row->len, ==, header->len);
      g_assert_cmpstr (g_ptr_array_index (row, route), ==, "sea");
      const char *o = g_ptr_array_index (row, origin);
      g_assert_cmpuint (strlen (o), ==, 5);
      g_assert_cmpfloat (g_ascii_strtod (g_ptr_array_index (row, lat), NULL), !=, 0);
      const char *q = g_ptr_array_index (row, kg);
      /* Unknown quantities are empty, never 0 or "nan". */
      g_assert_null (strstr (q, "nan"));
      if (port)
        g_assert_true (strcmp (o, port) == 0 || strcmp (g_ptr_array_index (row, dest), port) == 0 ||
                       strstr (g_ptr_array_index (row, transit), port) != NULL);
    }

  /* The filters, beside it. */
  g_autofree char *json = NULL;
  g_assert_true (g_file_get_contents (sidecar, &json, NULL, NULL));
  assert_filters_json (json, port, e.n_shipments);
  g_assert_nonnull (strstr (json, e.description));

  int status;
  g_autofree char *info = NULL;
  g_autofree char *layer = g_strndup (strrchr (out, '/') + 1, strlen (strrchr (out, '/') + 1) - 4);
  if (run_tool ("ogrinfo", &info, &status, "-ro", "-so", out, layer, NULL))
    {
      g_assert_cmpint (status, ==, 0);
      g_autofree char *count = g_strdup_printf ("Feature Count: %u\n", e.n_shipments);
      g_assert_nonnull (strstr (info, count));
    }
  expect_clear (&e);
}

static void
test_csv (void)
{
  check_csv ("BEANR");
  check_csv (NULL);
}

static void
test_csv_quoting (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "line\nbreak", "\"line\nbreak\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { "\"", "\"\"\"\"" },
    { "Antuérpia; Amberes", "Antuérpia; Amberes" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      corridor_export_csv_append_field (s, cases[i].in);
      g_assert_cmpstr (s->str, ==, cases[i].out);
    }
  g_autoptr(GString) s = g_string_new ("x");
  corridor_export_csv_append_field (s, NULL);
  g_assert_cmpstr (s->str, ==, "x");

  /* Round trip through the parser above. */
  g_autoptr(GString) line = g_string_new (NULL);
  const char *fields[] = { "a,b", "say \"hi\"", "two\r\nlines", "" };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i)
        g_string_append_c (line, ',');
      corridor_export_csv_append_field (line, fields[i]);
    }
  g_string_append (line, "\r\n");
  g_autoptr(GPtrArray) rows = parse_csv (line->str);
  g_assert_cmpuint (rows->len, ==, 1);
  GPtrArray *row = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (row->len, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (g_ptr_array_index (row, i), ==, fields[i]);

  static const struct { const char *in, *out; } sidecars[] = {
    { "out.csv", "out.json" },
    { "/tmp/x/OUT.CSV", "/tmp/x/OUT.json" },
    { "data", "data.json" },
    { "data.json", "data.json.json" },
    { "/tmp/.csv", "/tmp/.csv.json" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *p = corridor_export_csv_sidecar_path (sidecars[i].in);
      g_assert_cmpstr (p, ==, sidecars[i].out);
    }
}

static void
test_straight (void)
{
  g_autofree char *out = tmp_path ("straight.gpkg");
  g_assert_cmpint (corridor_test_run (NULL, "export", demo_case, "--format", "gpkg", "-o", out, "--straight", NULL), ==, 0);
  sqlite3 *db = NULL;
  g_assert_cmpint (sqlite3_open_v2 (out, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM shipments WHERE route = 'straight'"), ==,
                   sql_int (db, "SELECT count(*) FROM shipments"));
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM shipments WHERE length_nm > 0"), ==,
                   sql_int (db, "SELECT count(*) FROM shipments"));
  sqlite3_close (db);
}

static void
test_errors (void)
{
  gint64 before = audit_count ();
  g_autofree char *err = NULL;
  /* An unknown format is bad usage, and writes nothing. */
  g_autofree char *bogus = tmp_path ("x.bogus");
  g_assert_cmpint (corridor_test_run (NULL, "export", demo_case, "--format", "bogus", "-o", bogus, NULL), ==, 2);
  g_assert_false (g_file_test (bogus, G_FILE_TEST_EXISTS));
  /* A missing case is a user error and is never created. */
  g_autofree char *missing = tmp_path ("none.corridor");
  g_autofree char *gpkg = tmp_path ("none.gpkg");
  const char *formats[] = { "gpkg", "kml", "csv" };
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_assert_cmpint (corridor_test_run (NULL, "export", missing, "--format", formats[i], "-o", gpkg, NULL), ==, 1);
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (gpkg, G_FILE_TEST_EXISTS));
    }
  /* An unwritable path: exit 1 with a message naming it, nothing left behind. */
  g_autofree char *nodir = tmp_path ("no-such-folder");
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("out.%s", formats[i]);
      g_autofree char *target = g_build_filename (nodir, name, NULL);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (corridor_test_run (&err, "export", demo_case, "--format", formats[i], "-o", target, NULL), ==, 1);
      g_assert_nonnull (strstr (err, target));
      g_assert_null (strstr (err, "ERROR 1:"));  /* GDAL's raw output */
      g_assert_cmpuint (count_occurrences (err, "\n"), ==, 1);
    }
  g_assert_false (g_file_test (nodir, G_FILE_TEST_EXISTS));
  /* A folder given as the output file. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (corridor_test_run (&err, "export", demo_case, "--format", "gpkg", "-o", tmpdir, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "folder"));
  /* Failed exports are not audited. */
  g_assert_cmpint (audit_count (), ==, before);
  /* No temporary files are left in the output folder. */
  g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (dir));)
    g_assert_null (strstr (name, ".tmp."));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("corridor-export-XXXXXX", NULL);
  demo_case = g_build_filename (tmpdir, "demo.corridor", NULL);
  g_autofree char *err = NULL;
  if (corridor_test_run (&err, "demo", demo_case, NULL) != 0)
    g_error ("corridor demo failed: %s", err);
  g_test_add_func ("/export/csv-quoting", test_csv_quoting);
  g_test_add_func ("/export/gpkg-filtered", test_gpkg_filtered);
  g_test_add_func ("/export/gpkg-all", test_gpkg_all);
  g_test_add_func ("/export/gpkg-straight", test_straight);
  g_test_add_func ("/export/kml", test_kml);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/errors", test_errors);
  int ret = g_test_run ();
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", tmpdir);
  g_free (demo_case);
  g_free (tmpdir);
  return ret;
}
