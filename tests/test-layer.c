/* test-layer.c: the shapefile loader and the bundled basemap. Bundled layers
 * must load cleanly and never streak across the antimeridian; damaged files
 * of every kind must give CORRIDOR_ERROR_INVALID_LAYER and never crash (run
 * this under ASan); foreign projections must come back as lon/lat. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <proj.h>
#include <shapefil.h>

#include "corridor-basemap.h"
#include "corridor-error.h"
#include "corridor-layer.h"
#include "corridor-maps.h"

static const char *const bundled[] = {
  "land-110m", "countries-110m", "land-50m", "countries-50m",
};

static const char *const sidecars[] = { "shp", "shx", "dbf", "prj", "cpg" };

static char *
bundled_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".shp", NULL);

  return corridor_maps_path (file);
}

/* Copies maps/@name.* into @dir (as @dir/@name.*). */
static void
copy_bundled (const char *name, const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *file = g_strconcat (name, ".", sidecars[i], NULL);
      g_autofree char *src = corridor_maps_path (file);
      g_autofree char *dst = g_build_filename (dir, file, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_test (src, G_FILE_TEST_EXISTS))
        continue;
      g_file_get_contents (src, &data, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (dst, data, (gssize) len, &error);
      g_assert_no_error (error);
    }
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("corridor-layer-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
write_file (const char *path, const void *data, gsize len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

static void
put_le32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
  p[2] = (guint8) (v >> 16);
  p[3] = (guint8) (v >> 24);
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Loading @path must fail with INVALID_LAYER and a message naming @file_hint. */
static void
assert_invalid (const char *path, const char *file_hint, const char *what_hint)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = corridor_layer_load (path, &error);

  g_assert_null (layer);
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_LAYER);
  if (file_hint != NULL)
    g_assert_nonnull (strstr (error->message, file_hint));
  if (what_hint != NULL && strstr (error->message, what_hint) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, what_hint);
}

/* Loading may succeed or fail, but a failure must be an INVALID_LAYER. */
static void
assert_load_or_invalid (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = corridor_layer_load (path, &error);

  if (layer == NULL)
    g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_LAYER);
  else
    g_assert_no_error (error);
}

/* Every part lies in the vertex array, belongs to a real feature, and no
 * segment jumps more than 180° of longitude (which would streak the map). */
static void
assert_layer_sane (CorridorLayer *layer)
{
  const CorridorPart *parts = corridor_layer_get_parts (layer);
  const double *v = corridor_layer_get_vertices (layer);
  guint n_vertices = corridor_layer_get_n_vertices (layer);
  guint n_features = corridor_layer_get_n_features (layer);
  CorridorBBox bbox = corridor_layer_get_bbox (layer);
  guint last_feature = 0;

  g_assert_cmpfloat (bbox.min_x, >=, -180.0);
  g_assert_cmpfloat (bbox.max_x, <=, 180.0);
  g_assert_cmpfloat (bbox.min_y, >=, -90.0);
  g_assert_cmpfloat (bbox.max_y, <=, 90.0);
  g_assert_cmpfloat (bbox.min_x, <, bbox.max_x);
  g_assert_cmpfloat (bbox.min_y, <, bbox.max_y);

  for (guint p = 0; p < corridor_layer_get_n_parts (layer); p++)
    {
      const CorridorPart *part = &parts[p];

      g_assert_cmpuint (part->count, >, 0);
      g_assert_cmpuint (part->first + part->count, <=, n_vertices);
      g_assert_cmpuint (part->feature, <, n_features);
      g_assert_cmpuint (part->feature, >=, last_feature);
      last_feature = part->feature;
      g_assert_cmpfloat (part->bbox.min_x, >=, bbox.min_x);
      g_assert_cmpfloat (part->bbox.max_y, <=, bbox.max_y);
      for (guint i = part->first; i + 1 < part->first + part->count; i++)
        {
          double dx = fabs (v[2 * (i + 1)] - v[2 * i]);

          if (dx > 180.0)
            g_error ("%s: part %u has a segment of %g° from (%g, %g)",
                     corridor_layer_get_name (layer), p, dx, v[2 * i], v[2 * i + 1]);
          g_assert_cmpfloat (v[2 * i], >=, part->bbox.min_x);
          g_assert_cmpfloat (v[2 * i], <=, part->bbox.max_x);
          g_assert_cmpfloat (v[2 * i + 1], >=, part->bbox.min_y);
          g_assert_cmpfloat (v[2 * i + 1], <=, part->bbox.max_y);
        }
    }
}

/* ---- bundled data ----------------------------------------------------- */

static void
test_maps_dir (void)
{
  const char *env = g_getenv ("CORRIDOR_MAPS_DIR");
  g_autofree char *path = corridor_maps_path ("land-50m.shp");

  g_assert_nonnull (corridor_maps_dir ());
  if (env != NULL && env[0] != '\0')
    {
      g_autofree char *canonical = g_canonicalize_filename (env, NULL);

      g_assert_cmpstr (corridor_maps_dir (), ==, canonical);
    }
  /* Cached: the same pointer every time. */
  g_assert_true (corridor_maps_dir () == corridor_maps_dir ());
  g_assert_true (g_str_has_prefix (path, corridor_maps_dir ()));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_bundled_layers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bundled); i++)
    {
      g_autofree char *path = bundled_path (bundled[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CorridorLayer) layer = corridor_layer_load (path, &error);

      g_assert_no_error (error);
      g_assert_nonnull (layer);
      g_assert_cmpstr (corridor_layer_get_name (layer), ==, bundled[i]);
      g_assert_cmpstr (corridor_layer_get_path (layer), ==, path);
      g_assert_cmpint (corridor_layer_get_kind (layer), ==, CORRIDOR_LAYER_POLYGONS);
      g_assert_cmpuint (corridor_layer_get_n_features (layer), >, 0);
      g_assert_cmpuint (corridor_layer_get_n_parts (layer), >=,
                        corridor_layer_get_n_features (layer));
      g_assert_cmpuint (corridor_layer_get_n_vertices (layer), >, 1000);
      assert_layer_sane (layer);
    }
}

static void
test_bundled_countries (void)
{
  const char *const names[] = { "countries-110m", "countries-50m" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = bundled_path (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CorridorLayer) layer = corridor_layer_load (path, &error);
      guint n = 0, with_iso = 0;
      gboolean brazil = FALSE, belgium = FALSE;

      g_assert_no_error (error);
      n = corridor_layer_get_n_features (layer);
      g_assert_cmpuint (n, >, 150);
      for (guint f = 0; f < n; f++)
        {
          const char *name = corridor_layer_get_attribute (layer, f, "name");
          const char *iso = corridor_layer_get_attribute (layer, f, "iso_n3");

          g_assert_nonnull (name);
          g_assert_true (g_utf8_validate (name, -1, NULL));
          if (iso != NULL)
            {
              g_assert_cmpuint (strlen (iso), ==, 3);
              with_iso++;
            }
          if (g_strcmp0 (name, "Brazil") == 0)
            {
              g_assert_cmpstr (iso, ==, "076");
              brazil = TRUE;
            }
          if (g_strcmp0 (name, "Belgium") == 0)
            {
              g_assert_cmpstr (iso, ==, "056");
              belgium = TRUE;
            }
        }
      g_assert_true (brazil);
      g_assert_true (belgium);
      /* A handful of territories (Kosovo, N. Cyprus…) have no ISO number. */
      g_assert_cmpuint (with_iso, >=, n - 6);

      /* Field names are matched without regard to case; unknown ones are NULL. */
      g_assert_cmpstr (corridor_layer_get_attribute (layer, 0, "NAME"), ==,
                       corridor_layer_get_attribute (layer, 0, "name"));
      g_assert_null (corridor_layer_get_attribute (layer, 0, "no_such_field"));
      g_assert_null (corridor_layer_get_attribute (layer, n, "name"));
    }
}

static void
test_contains (void)
{
  g_autofree char *land50_path = bundled_path ("land-50m");
  g_autofree char *land110_path = bundled_path ("land-110m");
  g_autofree char *countries_path = bundled_path ("countries-110m");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) land50 = corridor_layer_load (land50_path, &error);
  g_autoptr(CorridorLayer) land110 = NULL;
  g_autoptr(CorridorLayer) countries = NULL;

  g_assert_no_error (error);
  land110 = corridor_layer_load (land110_path, &error);
  g_assert_no_error (error);
  countries = corridor_layer_load (countries_path, &error);
  g_assert_no_error (error);

  g_assert_true (corridor_layer_contains (land50, -50.0, -10.0));   /* Brazil */
  g_assert_false (corridor_layer_contains (land50, -30.0, 20.0));   /* mid-Atlantic */
  g_assert_true (corridor_layer_contains (land50, 4.4, 51.0));      /* Belgium */
  g_assert_false (corridor_layer_contains (land50, 3.0, 53.0));     /* North Sea */
  g_assert_false (corridor_layer_contains (land50, 51.0, 42.0));    /* Caspian: a hole */
  g_assert_true (corridor_layer_contains (land50, 0.0, -85.0));     /* Antarctica */
  g_assert_true (corridor_layer_contains (land50, 120.0, -89.5));   /* … down to the pole */
  g_assert_true (corridor_layer_contains (land50, 177.8, -17.8));   /* Viti Levu, Fiji */
  g_assert_true (corridor_layer_contains (land50, -179.9, 68.5));   /* Chukotka, west of 180° */
  g_assert_true (corridor_layer_contains (land50, 179.9, 68.0));    /* … and east of it */
  g_assert_false (corridor_layer_contains (land50, -179.9, 0.0));   /* Pacific on the seam */

  g_assert_true (corridor_layer_contains (land110, -50.0, -10.0));
  g_assert_false (corridor_layer_contains (land110, -30.0, 20.0));
  g_assert_true (corridor_layer_contains (land110, 45.0, -89.9));
  g_assert_false (corridor_layer_contains (land110, 51.0, 42.0));

  /* Lesotho is a hole in South Africa's feature and a feature of its own. */
  g_assert_true (corridor_layer_contains (countries, 28.2, -29.5));
  g_assert_true (corridor_layer_contains (countries, -50.0, -10.0));
  g_assert_false (corridor_layer_contains (countries, -30.0, 20.0));
}

static void
test_geographic_prj_is_not_transformed (void)
{
  g_autofree char *path = bundled_path ("land-110m");
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = corridor_layer_load (path, &error);
  SHPHandle shp;
  const double *v;
  guint first_vertex = 0;

  g_assert_no_error (error);
  shp = SHPOpen (path, "rb");
  g_assert_nonnull (shp);
  v = corridor_layer_get_vertices (layer);
  for (int r = 0; r < 5; r++)
    {
      SHPObject *obj = SHPReadObject (shp, r);

      for (int i = 0; i < obj->nVertices; i++)
        {
          g_assert_cmpfloat (v[2 * (first_vertex + (guint) i)], ==, obj->padfX[i]);
          g_assert_cmpfloat (v[2 * (first_vertex + (guint) i) + 1], ==, obj->padfY[i]);
        }
      first_vertex += (guint) obj->nVertices;
      SHPDestroyObject (obj);
    }
  SHPClose (shp);
}

/* ---- damaged files ---------------------------------------------------- */

static void
test_truncated_shp (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "countries-110m.shp", NULL);
  g_autoptr(GBytes) original = NULL;
  const guint8 *data;
  gsize size;
  gsize cuts[8];

  copy_bundled ("countries-110m", dir);
  original = read_file (shp);
  data = g_bytes_get_data (original, &size);
  cuts[0] = 0;
  cuts[1] = 20;                 /* inside the header */
  cuts[2] = 99;
  cuts[3] = 100;                /* header only */
  cuts[4] = 104;                /* inside the first record header */
  cuts[5] = 160;                /* inside the first record */
  cuts[6] = size / 2;           /* mid-file */
  cuts[7] = size - 1;
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      write_file (shp, data, cuts[i]);
      assert_invalid (shp, "countries-110m.shp", NULL);
    }

  /* A header rewritten to match the truncated size: the index now points
   * past the end, which must be caught before shapelib reads it. */
  for (guint i = 4; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, cuts[i]);

      put_be32 (copy + 24, (guint32) (cuts[i] / 2));
      write_file (shp, copy, cuts[i] & ~(gsize) 1);
      assert_invalid (shp, "countries-110m.shp", NULL);
    }

  write_file (shp, data, size);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CorridorLayer) layer = corridor_layer_load (shp, &error);

    g_assert_no_error (error);
  }
  remove_tmp_dir (dir);
}

static void
test_corrupt_shx (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "land-110m.shp", NULL);
  g_autofree char *shx = g_build_filename (dir, "land-110m.shx", NULL);
  g_autoptr(GBytes) original = NULL;
  const guint8 *data;
  gsize size;
  const guint32 bad_offsets[] = { 0, 10, 49, 0x7fffffff, 0xffffffff };
  const guint32 bad_lengths[] = { 0x7fffffff, 0xffffffff, 1 };

  copy_bundled ("land-110m", dir);
  original = read_file (shx);
  data = g_bytes_get_data (original, &size);

  for (guint i = 0; i < G_N_ELEMENTS (bad_offsets); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);

      put_be32 (copy + 100 + 8 * 3, bad_offsets[i]);
      write_file (shx, copy, size);
      assert_invalid (shp, "land-110m.shp", NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_lengths); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);

      put_be32 (copy + 100 + 8 * 5 + 4, bad_lengths[i]);
      write_file (shx, copy, size);
      assert_invalid (shp, "land-110m.shp", NULL);
    }
  /* An offset pointing into the middle of another record. */
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_be32 (copy + 100 + 8 * 2, get_be32 (copy + 100 + 8 * 2) + 6);
    write_file (shx, copy, size);
    assert_invalid (shp, "land-110m.shp", NULL);
  }
  /* A truncated index whose header was fixed up: not whole records. */
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_be32 (copy + 24, (guint32) ((size - 4) / 2));
    write_file (shx, copy, size - 4);
    assert_invalid (shp, "land-110m.shx", "whole number");
  }
  /* Truncated without fixing the header. */
  write_file (shx, data, size - 8);
  assert_invalid (shp, "land-110m.shx", "truncated");
  remove_tmp_dir (dir);
}

static void
test_corrupt_header (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "land-110m.shp", NULL);
  g_autofree char *shx = g_build_filename (dir, "land-110m.shx", NULL);
  g_autoptr(GBytes) shp_bytes = NULL;
  g_autoptr(GBytes) shx_bytes = NULL;
  const guint8 *data;
  gsize size;

  copy_bundled ("land-110m", dir);
  shp_bytes = read_file (shp);
  shx_bytes = read_file (shx);
  data = g_bytes_get_data (shp_bytes, &size);

  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    copy[0] = 'P';
    write_file (shp, copy, size);
    assert_invalid (shp, "land-110m.shp", "not a shapefile");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + 28, 999);
    write_file (shp, copy, size);
    assert_invalid (shp, "land-110m.shp", "version");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + 32, 77);
    write_file (shp, copy, size);
    assert_invalid (shp, "land-110m.shp", "shape type");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + 32, 31);   /* multipatch */
    write_file (shp, copy, size);
    assert_invalid (shp, "land-110m.shp", "multipatch");
  }
  {
    /* .shx says points while the .shp says polygons. */
    gsize shx_size = g_bytes_get_size (shx_bytes);
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (shx_bytes, NULL), shx_size);

    write_file (shp, data, size);
    put_le32 (copy + 32, SHPT_POINT);
    write_file (shx, copy, shx_size);
    assert_invalid (shp, "land-110m.shx", "shape type");
  }
  remove_tmp_dir (dir);
}

static void
test_corrupt_records (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "countries-110m.shp", NULL);
  g_autofree char *shx = g_build_filename (dir, "countries-110m.shx", NULL);
  g_autoptr(GBytes) shp_bytes = NULL;
  g_autoptr(GBytes) shx_bytes = NULL;
  const guint8 *data, *index;
  gsize size, index_size;
  gsize rec;          /* content of record 0 (Fiji, a multipolygon) */
  guint32 n_parts;

  copy_bundled ("countries-110m", dir);
  shp_bytes = read_file (shp);
  shx_bytes = read_file (shx);
  data = g_bytes_get_data (shp_bytes, &size);
  index = g_bytes_get_data (shx_bytes, &index_size);
  rec = (gsize) get_be32 (index + 100) * 2 + 8;
  n_parts = (guint32) data[rec + 36] | (guint32) data[rec + 37] << 8;
  g_assert_cmpuint (n_parts, >=, 2);

  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + rec + 36, 0xffffffff);      /* nParts */
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "record 0");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + rec + 40, 0x10000000);      /* nPoints */
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "record 0");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + rec + 44 + 4, 0);           /* part 1 starts where part 0 does */
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "record 0");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + rec + 44 + 4, 0x7fffffff);  /* part 1 beyond the vertices */
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "record 0");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);
    double nan = NAN;

    memcpy (copy + rec + 44 + 4 * n_parts + 16 * 2, &nan, sizeof nan);
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "finite");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + rec, SHPT_ARC);             /* record type differs from file */
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "record 0");
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_be32 (copy + rec - 4, get_be32 (copy + rec - 4) + 1000);  /* record length */
    write_file (shp, copy, size);
    assert_invalid (shp, "countries-110m.shp", "record 0");
  }
  remove_tmp_dir (dir);
}

static void
test_bad_dbf (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "countries-110m.shp", NULL);
  g_autofree char *dbf = g_build_filename (dir, "countries-110m.dbf", NULL);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 garbage[4096];
  const guint8 *data;
  gsize size;

  copy_bundled ("countries-110m", dir);
  original = read_file (dbf);
  data = g_bytes_get_data (original, &size);

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (guint8) g_rand_int_range (rand, 0, 256);
  write_file (dbf, garbage, sizeof garbage);
  assert_invalid (shp, "countries-110m.dbf", NULL);

  write_file (dbf, garbage, 10);
  assert_invalid (shp, "countries-110m.dbf", "truncated");

  write_file (dbf, data, size / 2);
  assert_invalid (shp, "countries-110m.dbf", "truncated");

  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    put_le32 (copy + 4, 0x7fffffff);             /* record count */
    write_file (dbf, copy, size);
    assert_invalid (shp, "countries-110m.dbf", NULL);
  }
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);

    copy[32 + 16] = 250;                         /* first field wider than a record */
    write_file (dbf, copy, size);
    assert_invalid (shp, "countries-110m.dbf", NULL);
  }

  /* Without a .dbf the layer loads, with no attributes. */
  g_assert_cmpint (g_unlink (dbf), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CorridorLayer) layer = corridor_layer_load (shp, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (corridor_layer_get_n_features (layer), >, 0);
    g_assert_null (corridor_layer_get_attribute (layer, 0, "name"));
  }
  remove_tmp_dir (dir);
}

static void
test_missing_files (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "land-110m.shp", NULL);
  g_autofree char *shx = g_build_filename (dir, "land-110m.shx", NULL);

  assert_invalid (shp, "land-110m.shp", "No such file");
  copy_bundled ("land-110m", dir);
  g_assert_cmpint (g_unlink (shx), ==, 0);
  assert_invalid (shp, "land-110m.shx", "No such file");
  g_assert_cmpint (g_unlink (shp), ==, 0);
  assert_invalid (shp, "land-110m.shp", "No such file");
  remove_tmp_dir (dir);
}

static void
test_random_bytes (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp = g_build_filename (dir, "noise.shp", NULL);
  g_autofree char *shx = g_build_filename (dir, "noise.shx", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 20; round++)
    {
      gsize len = (gsize) g_rand_int_range (rand, 0, 3000);
      g_autofree guint8 *bytes = g_malloc (len + 1);

      for (gsize i = 0; i < len; i++)
        bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
      write_file (shp, bytes, len);
      write_file (shx, bytes, len / 3);
      assert_invalid (shp, "noise.sh", NULL);
    }
  remove_tmp_dir (dir);
}

/* Random byte flips in a real layer: each load either works or gives
 * INVALID_LAYER; under ASan this is a small fuzz run of the validation. */
static void
test_mutations (void)
{
  g_autofree char *dir = make_tmp_dir ();
  const char *const exts[] = { "shp", "shx", "dbf" };
  g_autofree char *shp = g_build_filename (dir, "countries-110m.shp", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);

  copy_bundled ("countries-110m", dir);
  for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
    {
      g_autofree char *name = g_strconcat ("countries-110m.", exts[e], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) original = read_file (path);
      gsize size;
      const guint8 *data = g_bytes_get_data (original, &size);

      for (guint round = 0; round < 60; round++)
        {
          g_autofree guint8 *copy = g_memdup2 (data, size);
          guint flips = (guint) g_rand_int_range (rand, 1, 8);

          for (guint f = 0; f < flips; f++)
            {
              /* Mostly headers, record headers and counts: where damage bites. */
              gsize at = g_rand_boolean (rand) ? (gsize) g_rand_int_range (rand, 0, 200)
                                               : (gsize) g_rand_int_range (rand, 0, (gint32) size);
              copy[MIN (at, size - 1)] = (guint8) g_rand_int_range (rand, 0, 256);
            }
          write_file (path, copy, size);
          assert_load_or_invalid (shp);
        }
      write_file (path, data, size);
    }
  remove_tmp_dir (dir);
}

/* ---- projections -------------------------------------------------------- */

static const char web_mercator_esri_wkt[] =
  "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\","
  "DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
  "PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],"
  "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0],"
  "PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],"
  "UNIT[\"Meter\",1.0]]";

static const char utm31n_esri_wkt[] =
  "PROJCS[\"WGS_1984_UTM_Zone_31N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\","
  "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],"
  "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
  "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],"
  "PARAMETER[\"Central_Meridian\",3.0],PARAMETER[\"Scale_Factor\",0.9996],"
  "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

/* Ports in lon/lat: Antwerp, Rotterdam, Le Havre, Algeciras, Hamburg. */
static const double ports[][2] = {
  { 4.30, 51.28 }, { 4.05, 51.95 }, { 0.11, 49.48 }, { -5.44, 36.13 }, { 9.97, 53.54 },
};

/* Writes @dir/@name.shp with one polygon (the ports as a ring) in the given
 * projected coordinates, and a .prj. */
static char *
write_projected_layer (const char *dir, const char *name, const double (*xy)[2], guint n,
                       const char *prj_text)
{
  g_autofree char *base = g_build_filename (dir, name, NULL);
  g_autofree char *prj = g_strconcat (base, ".prj", NULL);
  double x[G_N_ELEMENTS (ports) + 1], y[G_N_ELEMENTS (ports) + 1];
  SHPHandle shp;
  SHPObject *obj;

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (ports));
  for (guint i = 0; i < n; i++)
    {
      x[i] = xy[i][0];
      y[i] = xy[i][1];
    }
  x[n] = x[0];
  y[n] = y[0];

  shp = SHPCreate (base, SHPT_POLYGON);
  g_assert_nonnull (shp);
  obj = SHPCreateSimpleObject (SHPT_POLYGON, (int) n + 1, x, y, NULL);
  g_assert_cmpint (SHPWriteObject (shp, -1, obj), ==, 0);
  SHPDestroyObject (obj);
  SHPClose (shp);
  write_file (prj, prj_text, strlen (prj_text));
  return g_strconcat (base, ".shp", NULL);
}

static void
assert_ports_back (CorridorLayer *layer)
{
  const double *v = corridor_layer_get_vertices (layer);

  g_assert_cmpuint (corridor_layer_get_n_features (layer), ==, 1);
  g_assert_cmpuint (corridor_layer_get_n_vertices (layer), ==, G_N_ELEMENTS (ports) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      g_assert_cmpfloat_with_epsilon (v[2 * i], ports[i][0], 1e-6);
      g_assert_cmpfloat_with_epsilon (v[2 * i + 1], ports[i][1], 1e-6);
    }
  g_assert_cmpfloat_with_epsilon (corridor_layer_get_bbox (layer).min_x, -5.44, 1e-6);
  g_assert_cmpfloat_with_epsilon (corridor_layer_get_bbox (layer).max_y, 53.54, 1e-6);
  g_assert_true (corridor_layer_contains (layer, 2.0, 48.0));
}

static void
test_projected_web_mercator (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = NULL;
  double xy[G_N_ELEMENTS (ports)][2];
  const double r = 6378137.0;

  /* Spherical Mercator by its closed form, independent of PROJ. */
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      xy[i][0] = r * ports[i][0] * G_PI / 180.0;
      xy[i][1] = r * log (tan (G_PI / 4.0 + ports[i][1] * G_PI / 360.0));
    }
  path = write_projected_layer (dir, "mercator", (const double (*)[2]) xy,
                                G_N_ELEMENTS (ports), web_mercator_esri_wkt);
  layer = corridor_layer_load (path, &error);
  g_assert_no_error (error);
  assert_ports_back (layer);
  remove_tmp_dir (dir);
}

static void
test_projected_utm (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = NULL;
  double xy[G_N_ELEMENTS (ports)][2];
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *op = proj_create_crs_to_crs (ctx, "EPSG:4326", "EPSG:32631", NULL);
  PJ *norm = proj_normalize_for_visualization (ctx, op);

  g_assert_nonnull (norm);
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    {
      PJ_COORD c = proj_coord (ports[i][0], ports[i][1], 0, 0);

      c = proj_trans (norm, PJ_FWD, c);
      xy[i][0] = c.xy.x;
      xy[i][1] = c.xy.y;
    }
  proj_destroy (norm);
  proj_destroy (op);
  proj_context_destroy (ctx);
  /* Sanity: Antwerp is about 150 km east of the zone's central meridian. */
  g_assert_cmpfloat (xy[0][0], >, 500000.0 + 50000.0);
  g_assert_cmpfloat (xy[0][1], >, 5600000.0);

  path = write_projected_layer (dir, "utm31n", (const double (*)[2]) xy,
                                G_N_ELEMENTS (ports), utm31n_esri_wkt);
  layer = corridor_layer_load (path, &error);
  g_assert_no_error (error);
  assert_ports_back (layer);
  remove_tmp_dir (dir);
}

static void
test_garbage_prj (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *prj = g_build_filename (dir, "land-110m.prj", NULL);
  g_autofree char *shp = g_build_filename (dir, "land-110m.shp", NULL);
  const char *const texts[] = {
    "this is not a projection",
    "PROJCS[\"broken\",GEOGCS[",
    "GEOGCS[\"x\",DATUM[\"y\",SPHEROID[\"z\",0,0]],PRIMEM[\"G\",0],UNIT[\"Degree\",0]]",
  };

  copy_bundled ("land-110m", dir);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CorridorLayer) layer = NULL;

      write_file (prj, texts[i], strlen (texts[i]));
      layer = corridor_layer_load (shp, &error);
      g_assert_null (layer);
      g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_UNSUPPORTED_PROJECTION);
      g_assert_nonnull (strstr (error->message, "land-110m.prj"));
    }
  remove_tmp_dir (dir);
}

/* ---- basemap ------------------------------------------------------------ */

static void
test_basemap_bundled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorBasemap) basemap = corridor_basemap_load (NULL, &error);
  CorridorBasemap *def;

  g_assert_no_error (error);
  g_assert_nonnull (basemap);
  g_assert_null (corridor_basemap_get_warnings (basemap)[0]);
  for (guint level = 0; level < CORRIDOR_BASEMAP_N_LEVELS; level++)
    {
      g_assert_nonnull (corridor_basemap_get_land (basemap, level));
      g_assert_nonnull (corridor_basemap_get_countries (basemap, level));
    }
  g_assert_cmpuint (corridor_layer_get_n_vertices (corridor_basemap_get_land (basemap, CORRIDOR_BASEMAP_50M)),
                    >, corridor_layer_get_n_vertices (corridor_basemap_get_land (basemap, CORRIDOR_BASEMAP_110M)));

  /* The whole world at 1000 px is 110m; at 1440 px and beyond, 50m. */
  g_assert_cmpint (corridor_basemap_choose_level (basemap, 1000.0 / 360.0), ==, CORRIDOR_BASEMAP_110M);
  g_assert_cmpint (corridor_basemap_choose_level (basemap, 3.99), ==, CORRIDOR_BASEMAP_110M);
  g_assert_cmpint (corridor_basemap_choose_level (basemap, 4.0), ==, CORRIDOR_BASEMAP_50M);
  g_assert_cmpint (corridor_basemap_choose_level (basemap, 200.0), ==, CORRIDOR_BASEMAP_50M);

  def = corridor_basemap_get_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (def);
  g_assert_true (corridor_basemap_get_default (NULL) == def);
}

static void
test_basemap_corrupt_level (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *shp50 = g_build_filename (dir, "land-50m.shp", NULL);
  g_autofree char *shx110 = g_build_filename (dir, "countries-110m.shx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorBasemap) basemap = NULL;
  const char *const *warnings;

  for (guint i = 0; i < G_N_ELEMENTS (bundled); i++)
    copy_bundled (bundled[i], dir);
  write_file (shp50, "garbage", 7);

  basemap = corridor_basemap_load (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (basemap);
  warnings = corridor_basemap_get_warnings (basemap);
  g_assert_nonnull (warnings[0]);
  g_assert_null (warnings[1]);
  g_assert_nonnull (strstr (warnings[0], "50m"));
  g_assert_nonnull (strstr (warnings[0], "land-50m.shp"));
  g_assert_null (corridor_basemap_get_land (basemap, CORRIDOR_BASEMAP_50M));
  g_assert_nonnull (corridor_basemap_get_land (basemap, CORRIDOR_BASEMAP_110M));
  /* Zoomed in, it falls back to the level that loaded. */
  g_assert_cmpint (corridor_basemap_choose_level (basemap, 50.0), ==, CORRIDOR_BASEMAP_110M);
  g_clear_object (&basemap);

  /* With no level left, loading fails. */
  g_assert_cmpint (g_unlink (shx110), ==, 0);
  basemap = corridor_basemap_load (dir, &error);
  g_assert_null (basemap);
  g_assert_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_LAYER);
  remove_tmp_dir (dir);
}

/* ---- shared data (not bundled) ------------------------------------------ */

static void
test_shared_10m_land (void)
{
  const char *shared = g_getenv ("CORRIDOR_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = NULL;
  gint64 start;

  if (shared == NULL || shared[0] == '\0')
    {
      g_test_skip ("CORRIDOR_SHARED_DATA is not set");
      return;
    }
  path = g_build_filename (shared, "naturalearth", "10m_physical", "ne_10m_land.shp", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("ne_10m_land.shp is not in CORRIDOR_SHARED_DATA");
      return;
    }

  start = g_get_monotonic_time ();
  layer = corridor_layer_load (path, &error);
  g_assert_no_error (error);
  g_test_message ("ne_10m_land: %u vertices in %.1f ms", corridor_layer_get_n_vertices (layer),
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (corridor_layer_get_n_vertices (layer), ==, 446175);
  g_assert_cmpint (corridor_layer_get_kind (layer), ==, CORRIDOR_LAYER_POLYGONS);
  g_assert_true (corridor_layer_contains (layer, -50.0, -10.0));
  g_assert_false (corridor_layer_contains (layer, -30.0, 20.0));
  assert_layer_sane (layer);
}

/* Points and lines from the shared data: the other two layer kinds. */
static void
test_shared_points_and_lines (void)
{
  const char *shared = g_getenv ("CORRIDOR_SHARED_DATA");
  const struct { const char *file; CorridorLayerKind kind; } cases[] = {
    { "10m_cultural/ne_10m_ports.shp", CORRIDOR_LAYER_POINTS },
    { "50m_physical/ne_50m_coastline.shp", CORRIDOR_LAYER_LINES },
  };

  if (shared == NULL || shared[0] == '\0')
    {
      g_test_skip ("CORRIDOR_SHARED_DATA is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (shared, "naturalearth", cases[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CorridorLayer) layer = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_test_skip ("Natural Earth ports or coastline not in CORRIDOR_SHARED_DATA");
          return;
        }
      layer = corridor_layer_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (corridor_layer_get_kind (layer), ==, cases[i].kind);
      g_assert_cmpuint (corridor_layer_get_n_features (layer), >, 100);
      g_assert_false (corridor_layer_contains (layer, -50.0, -10.0));
      if (cases[i].kind == CORRIDOR_LAYER_POINTS)
        {
          g_assert_cmpuint (corridor_layer_get_n_vertices (layer), ==,
                            corridor_layer_get_n_features (layer));
          g_assert_nonnull (corridor_layer_get_attribute (layer, 0, "name"));
        }
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/maps/dir", test_maps_dir);
  g_test_add_func ("/layer/bundled", test_bundled_layers);
  g_test_add_func ("/layer/bundled-countries", test_bundled_countries);
  g_test_add_func ("/layer/contains", test_contains);
  g_test_add_func ("/layer/geographic-prj", test_geographic_prj_is_not_transformed);
  g_test_add_func ("/layer/truncated-shp", test_truncated_shp);
  g_test_add_func ("/layer/corrupt-shx", test_corrupt_shx);
  g_test_add_func ("/layer/corrupt-header", test_corrupt_header);
  g_test_add_func ("/layer/corrupt-records", test_corrupt_records);
  g_test_add_func ("/layer/bad-dbf", test_bad_dbf);
  g_test_add_func ("/layer/missing-files", test_missing_files);
  g_test_add_func ("/layer/random-bytes", test_random_bytes);
  g_test_add_func ("/layer/mutations", test_mutations);
  g_test_add_func ("/layer/projected-web-mercator", test_projected_web_mercator);
  g_test_add_func ("/layer/projected-utm", test_projected_utm);
  g_test_add_func ("/layer/garbage-prj", test_garbage_prj);
  g_test_add_func ("/basemap/bundled", test_basemap_bundled);
  g_test_add_func ("/basemap/corrupt-level", test_basemap_corrupt_level);
  g_test_add_func ("/layer/shared-10m-land", test_shared_10m_land);
  g_test_add_func ("/layer/shared-points-and-lines", test_shared_points_and_lines);

  return g_test_run ();
}
