/* corridor-layer.c: loads a shapefile into flat arrays (vertices, parts,
 * attributes). Debian's libshp is not hardened, so the .shp/.shx headers, the
 * index and every record's byte layout are checked here before shapelib reads
 * anything, and each object it returns is checked again. Coordinates are
 * lon/lat WGS84 once loading succeeds; the arrays never change afterwards.
 * Speed: one SHPReadObject per record and one vertex allocation sized from the
 * index up front; ne_10m_land (446,175 vertices) loads in about 60 ms. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <shapefil.h>

#include "corridor-error.h"
#include "corridor-layer.h"
#include "corridor-proj.h"

/* Shapefile constants (ESRI Shapefile Technical Description, 1998). */
#define SHP_FILE_CODE   9994
#define SHP_VERSION     1000
#define SHP_HEADER_SIZE 100
#define SHX_RECORD_SIZE 8
#define PRJ_MAX_SIZE    (64 * 1024)

struct _CorridorLayer
{
  GObject parent_instance;

  char              *path;
  char              *name;
  CorridorLayerKind  kind;
  guint              n_features;
  GArray            *parts;    /* CorridorPart, grouped by feature in record order */
  GArray            *vertices; /* double: lon, lat, lon, lat, … */
  CorridorBBox       bbox;

  /* Attributes: n_features × n_fields strings (NULL for a null value) kept in
   * one string chunk; fields maps an ASCII-lowercased name to column + 1. */
  guint              n_fields;
  GHashTable        *fields;
  const char       **values;
  GStringChunk      *strings;
};

G_DEFINE_FINAL_TYPE (CorridorLayer, corridor_layer, G_TYPE_OBJECT)

static void
corridor_layer_finalize (GObject *object)
{
  CorridorLayer *self = CORRIDOR_LAYER (object);

  g_free (self->path);
  g_free (self->name);
  g_clear_pointer (&self->parts, g_array_unref);
  g_clear_pointer (&self->vertices, g_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_free (self->values);
  if (self->strings != NULL)
    g_string_chunk_free (self->strings);

  G_OBJECT_CLASS (corridor_layer_parent_class)->finalize (object);
}

static void
corridor_layer_class_init (CorridorLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = corridor_layer_finalize;
}

static void
corridor_layer_init (CorridorLayer *self)
{
  self->parts = g_array_new (FALSE, FALSE, sizeof (CorridorPart));
  self->vertices = g_array_new (FALSE, FALSE, sizeof (double));
}

/* ---- shapelib error hook ----------------------------------------------
 * SAHooks.Error has no user-data pointer in shapelib 1.5, so the last message
 * is kept per thread; loads on different threads never see each other's. */

static GPrivate last_shapelib_error = G_PRIVATE_INIT (g_free);

static void
corridor_layer_shapelib_error (const char *message)
{
  g_private_replace (&last_shapelib_error, g_strdup (message));
}

static const char *
corridor_layer_take_shapelib_error (void)
{
  const char *msg = g_private_get (&last_shapelib_error);

  return msg != NULL ? msg : "unknown error";
}

static void
corridor_layer_setup_hooks (SAHooks *hooks)
{
  SASetupDefaultHooks (hooks);
  hooks->Error = corridor_layer_shapelib_error;
  g_private_replace (&last_shapelib_error, NULL);
}

/* ---- small helpers ------------------------------------------------------ */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static guint16
read_le16 (const guint8 *p)
{
  return (guint16) (((guint) p[1] << 8) | p[0]);
}

static gboolean
shape_type_known (guint32 type)
{
  switch (type)
    {
    case SHPT_POINT: case SHPT_ARC: case SHPT_POLYGON: case SHPT_MULTIPOINT:
    case SHPT_POINTZ: case SHPT_ARCZ: case SHPT_POLYGONZ: case SHPT_MULTIPOINTZ:
    case SHPT_POINTM: case SHPT_ARCM: case SHPT_POLYGONM: case SHPT_MULTIPOINTM:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
shape_type_has_z (guint32 type)
{
  return type == SHPT_POINTZ || type == SHPT_ARCZ || type == SHPT_POLYGONZ
         || type == SHPT_MULTIPOINTZ;
}

static CorridorLayerKind
shape_type_kind (guint32 type)
{
  switch (type)
    {
    case SHPT_ARC: case SHPT_ARCZ: case SHPT_ARCM:
      return CORRIDOR_LAYER_LINES;
    case SHPT_POLYGON: case SHPT_POLYGONZ: case SHPT_POLYGONM:
      return CORRIDOR_LAYER_POLYGONS;
    default:
      return CORRIDOR_LAYER_POINTS;
    }
}

static gboolean
is_multipart (guint32 type)
{
  return shape_type_kind (type) != CORRIDOR_LAYER_POINTS;
}

static gboolean
is_single_point (guint32 type)
{
  return type == SHPT_POINT || type == SHPT_POINTZ || type == SHPT_POINTM;
}

/* The file beside @base_path (path without extension) with extension @ext,
 * trying lower then upper case as shapelib does; NULL if neither exists. */
static char *
sibling_file (const char *base_path, const char *ext)
{
  g_autofree char *lower = g_strconcat (base_path, ".", ext, NULL);
  g_autofree char *upper_ext = g_ascii_strup (ext, -1);
  g_autofree char *upper = g_strconcat (base_path, ".", upper_ext, NULL);

  if (g_file_test (lower, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&lower);
  if (g_file_test (upper, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&upper);
  return NULL;
}

static gboolean
invalid (GError **error, const char *file, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError **error, const char *file, const char *format, ...)
{
  g_autofree char *display = g_filename_display_name (file);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_INVALID_LAYER, "%s: %s", display, what);
  return FALSE;
}

static GMappedFile *
map_file (const char *file, GError **error)
{
  g_autoptr(GError) local = NULL;
  GMappedFile *mapped = g_mapped_file_new (file, FALSE, &local);

  if (mapped == NULL)
    invalid (error, file, "%s", local->code == G_FILE_ERROR_NOENT
                                  ? g_strerror (ENOENT) : local->message);
  return mapped;
}

/* ---- header and index validation ----------------------------------------- */

/* Checks the 100-byte main file header shared by .shp and .shx. */
static gboolean
check_main_header (const char *file, const guint8 *data, gsize size,
                   guint32 *shape_type, GError **error)
{
  guint64 declared;
  guint32 version;

  if (size < SHP_HEADER_SIZE)
    return invalid (error, file, "truncated: %" G_GSIZE_FORMAT " bytes, shorter than the "
                    "%d-byte header", size, SHP_HEADER_SIZE);
  if (read_be32 (data) != SHP_FILE_CODE)
    return invalid (error, file, "not a shapefile (file code %" G_GUINT32_FORMAT
                    ", expected %d)", read_be32 (data), SHP_FILE_CODE);
  version = read_le32 (data + 28);
  if (version != SHP_VERSION)
    return invalid (error, file, "unknown version %" G_GUINT32_FORMAT, version);
  declared = (guint64) read_be32 (data + 24) * 2;
  if (declared > size)
    return invalid (error, file, "truncated: the header says %" G_GUINT64_FORMAT
                    " bytes but the file has %" G_GSIZE_FORMAT, declared, size);
  if (declared != size)
    return invalid (error, file, "the header says %" G_GUINT64_FORMAT
                    " bytes but the file has %" G_GSIZE_FORMAT, declared, size);
  *shape_type = read_le32 (data + 32);
  if (*shape_type == SHPT_MULTIPATCH)
    return invalid (error, file, "multipatch shapes are not supported");
  if (!shape_type_known (*shape_type))
    return invalid (error, file, "unknown shape type %" G_GUINT32_FORMAT, *shape_type);
  return TRUE;
}

/* Checks one record's bytes in the .shp, so shapelib never reads past the
 * record or allocates from a hostile count. */
static gboolean
check_record (const char *file, const guint8 *shp, gsize shp_size, guint index,
              guint64 offset, guint64 length, guint32 file_type, GError **error)
{
  const guint8 *rec;
  guint32 type;
  guint64 need;

  if (offset < SHP_HEADER_SIZE || offset + 8 + length > shp_size)
    return invalid (error, file, "record %u lies outside the file (offset %" G_GUINT64_FORMAT
                    ", %" G_GUINT64_FORMAT " bytes, file %" G_GSIZE_FORMAT " bytes)",
                    index, offset, length, shp_size);
  rec = shp + offset;
  if ((guint64) read_be32 (rec + 4) * 2 != length)
    return invalid (error, file, "record %u: the .shp and the .shx disagree on its length",
                    index);
  if (length < 4)
    return invalid (error, file, "record %u is too short", index);
  rec += 8;
  type = read_le32 (rec);
  if (type == SHPT_NULL)
    return TRUE;
  if (type != file_type)
    return invalid (error, file, "record %u has shape type %" G_GUINT32_FORMAT
                    " in a file of type %" G_GUINT32_FORMAT, index, type, file_type);

  if (is_single_point (type))
    need = 20 + (shape_type_has_z (type) ? 8 : 0);
  else if (!is_multipart (type))
    {
      guint64 n_points;

      if (length < 40)
        return invalid (error, file, "record %u is truncated", index);
      n_points = read_le32 (rec + 36);
      need = 40 + 16 * n_points + (shape_type_has_z (type) ? 16 + 8 * n_points : 0);
    }
  else
    {
      guint64 n_parts, n_points;

      if (length < 44)
        return invalid (error, file, "record %u is truncated", index);
      n_parts = read_le32 (rec + 36);
      n_points = read_le32 (rec + 40);
      if (n_parts > n_points || (n_parts == 0 && n_points > 0))
        return invalid (error, file, "record %u has %" G_GUINT64_FORMAT " parts for %"
                        G_GUINT64_FORMAT " vertices", index, n_parts, n_points);
      need = 44 + 4 * n_parts + 16 * n_points
             + (shape_type_has_z (type) ? 16 + 8 * n_points : 0);
    }
  if (need > length)
    return invalid (error, file, "record %u is truncated: its geometry needs %" G_GUINT64_FORMAT
                    " bytes but the record has %" G_GUINT64_FORMAT, index, need, length);
  return TRUE;
}

/* ---- attributes ----------------------------------------------------------- */

/* Checks the .dbf header against the file size before DBFOpen trusts it. */
static gboolean
check_dbf (const char *file, GError **error)
{
  g_autoptr(GMappedFile) mapped = map_file (file, error);
  const guint8 *data;
  gsize size;
  guint64 n_records, header_len, record_len, widths = 0;

  if (mapped == NULL)
    return FALSE;
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (size < 33)
    return invalid (error, file, "truncated: %" G_GSIZE_FORMAT " bytes is shorter than a "
                    "dBase header", size);
  n_records = read_le32 (data + 4);
  header_len = read_le16 (data + 8);
  record_len = read_le16 (data + 10);
  if (header_len < 33 || header_len > size || record_len < 1)
    return invalid (error, file, "not a dBase file (header %" G_GUINT64_FORMAT
                    " bytes, records %" G_GUINT64_FORMAT " bytes)", header_len, record_len);
  if (n_records * record_len + header_len > size)
    return invalid (error, file, "truncated: %" G_GUINT64_FORMAT " records of %"
                    G_GUINT64_FORMAT " bytes do not fit in %" G_GSIZE_FORMAT " bytes",
                    n_records, record_len, size);
  for (guint64 off = 32; off + 32 <= header_len && data[off] != 0x0D; off += 32)
    {
      char type = (char) data[off + 11];

      if (strchr ("CNFLDMBGIT@+O0Y", type) == NULL || type == '\0')
        return invalid (error, file, "field %" G_GUINT64_FORMAT " has unknown type 0x%02x",
                        (off - 32) / 32, data[off + 11]);
      widths += data[off + 16];
    }
  if (widths + 1 > record_len)
    return invalid (error, file, "fields are %" G_GUINT64_FORMAT " bytes wide but records are %"
                    G_GUINT64_FORMAT, widths, record_len);
  return TRUE;
}

static const char *
intern_value (CorridorLayer *self, const char *raw)
{
  g_autofree char *converted = NULL;

  if (g_utf8_validate (raw, -1, NULL))
    return g_string_chunk_insert_const (self->strings, raw);
  /* Old shapefiles without a .cpg are mostly Windows-1252. */
  converted = g_convert (raw, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (converted == NULL)
    converted = g_utf8_make_valid (raw, -1);
  return g_string_chunk_insert_const (self->strings, converted);
}

static gboolean
load_attributes (CorridorLayer *self, const char *dbf_path, GError **error)
{
  SAHooks hooks;
  DBFHandle dbf;
  guint n_records;

  if (!check_dbf (dbf_path, error))
    return FALSE;

  corridor_layer_setup_hooks (&hooks);
  dbf = DBFOpenLL (dbf_path, "rb", &hooks);
  if (dbf == NULL)
    return invalid (error, dbf_path, "%s", corridor_layer_take_shapelib_error ());

  self->n_fields = (guint) MAX (DBFGetFieldCount (dbf), 0);
  n_records = (guint) MAX (DBFGetRecordCount (dbf), 0);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->strings = g_string_chunk_new (4096);
  self->values = g_new0 (const char *, (gsize) self->n_fields * self->n_features);

  for (guint f = 0; f < self->n_fields; f++)
    {
      char name[XBASE_FLDNAME_LEN_READ + 1] = "";

      DBFGetFieldInfo (dbf, (int) f, name, NULL, NULL);
      /* The first of two same-named columns wins, as in other GIS tools. */
      if (name[0] != '\0')
        {
          char *key = g_ascii_strdown (name, -1);

          if (g_hash_table_contains (self->fields, key))
            g_free (key);
          else
            g_hash_table_insert (self->fields, key, GUINT_TO_POINTER (f + 1));
        }
    }

  for (guint r = 0; r < MIN (n_records, self->n_features); r++)
    for (guint f = 0; f < self->n_fields; f++)
      {
        const char *raw;

        if (DBFIsAttributeNULL (dbf, (int) r, (int) f))
          continue;
        raw = DBFReadStringAttribute (dbf, (int) r, (int) f);
        if (raw != NULL)
          self->values[(gsize) r * self->n_fields + f] = intern_value (self, raw);
      }

  DBFClose (dbf);
  return TRUE;
}

/* ---- projection ----------------------------------------------------------- */

static gboolean
unsupported_projection (GError **error, const char *prj_path, const char *what)
{
  g_autofree char *display = g_filename_display_name (prj_path);

  g_set_error (error, CORRIDOR_ERROR, CORRIDOR_ERROR_UNSUPPORTED_PROJECTION,
               "%s: %s", display, what);
  return FALSE;
}

/* Recognises the plain lon/lat WGS84 definition almost every shapefile
 * carries (ESRI or OGC WKT, any number formatting) without starting PROJ,
 * whose database costs tens of milliseconds to open. Anything unusual (an
 * AXIS clause, TOWGS84, another datum or unit) still goes through PROJ. */
static gboolean
is_plain_wgs84 (const char *text)
{
  g_autoptr(GString) squeezed = g_string_new (NULL);
  for (const char *c = text; *c; c++)
    if (!g_ascii_isspace (*c))
      g_string_append_c (squeezed, g_ascii_toupper (*c));
  const char *w = squeezed->str;
  if (!g_str_has_prefix (w, "GEOGCS[") || strstr (w, "PROJCS") || strstr (w, "AXIS[") ||
      strstr (w, "TOWGS84") || strstr (w, "EXTENSION"))
    return FALSE;
  if (!strstr (w, "DATUM[\"D_WGS_1984\"") && !strstr (w, "DATUM[\"WGS_1984\""))
    return FALSE;
  const char *sph = strstr (w, "SPHEROID[");
  const char *prime = strstr (w, "PRIMEM[\"GREENWICH\",");
  const char *unit = strstr (w, "UNIT[\"DEGREE\",");
  if (!sph || !prime || !unit)
    return FALSE;
  const char *comma = strchr (sph, ',');
  if (!comma)
    return FALSE;
  char *end;
  double a = g_ascii_strtod (comma + 1, &end);
  if (*end != ',')
    return FALSE;
  double rf = g_ascii_strtod (end + 1, &end);
  double pm = g_ascii_strtod (prime + strlen ("PRIMEM[\"GREENWICH\","), NULL);
  double deg = g_ascii_strtod (unit + strlen ("UNIT[\"DEGREE\","), NULL);
  return a == 6378137.0 && fabs (rf - 298.257223563) < 1e-9 && pm == 0.0 &&
         fabs (deg - G_PI / 180.0) < 1e-15;
}

/* Converts all vertices to lon/lat WGS84 when the .prj names another CRS
 * (through the PROJ module, corridor-proj.h, opened only here). */
static gboolean
reproject (CorridorLayer *self, const char *prj_path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (prj_path, &text, &length, &local))
    return invalid (error, prj_path, "%s", local->message);
  if (length > PRJ_MAX_SIZE || strlen (text) != length)
    return unsupported_projection (error, prj_path, "not a projection definition");
  g_strstrip (text);
  if (text[0] == '\0')
    return TRUE;    /* an empty .prj says nothing; treat as lon/lat */
  if (is_plain_wgs84 (text))
    return TRUE;

  g_clear_error (&local);
  if (!corridor_proj_to_wgs84 (text, (double *) (void *) self->vertices->data,
                               self->vertices->len / 2, &local))
    {
      if (local->code == CORRIDOR_ERROR_UNSUPPORTED_PROJECTION)
        return unsupported_projection (error, prj_path, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* ---- geometry ------------------------------------------------------------- */

/* Checks an object shapelib returned, in case it disagrees with what the raw
 * bytes promised. */
static gboolean
check_object (const char *file, guint index, const SHPObject *obj, guint32 file_type,
              GError **error)
{
  if (obj->nSHPType == SHPT_NULL)
    return TRUE;
  if ((guint32) obj->nSHPType != file_type || obj->nVertices < 0 || obj->nParts < 0)
    return invalid (error, file, "record %u is malformed", index);
  if (obj->nVertices > 0 && (obj->padfX == NULL || obj->padfY == NULL))
    return invalid (error, file, "record %u is malformed", index);
  if (is_multipart (file_type))
    {
      if (obj->nVertices > 0 && (obj->nParts < 1 || obj->panPartStart == NULL))
        return invalid (error, file, "record %u has vertices but no parts", index);
      for (int p = 0; p < obj->nParts; p++)
        {
          int start = obj->panPartStart[p];

          if (start < 0 || start >= obj->nVertices
              || (p > 0 && start <= obj->panPartStart[p - 1]))
            return invalid (error, file, "record %u: part %d starts at vertex %d of %d",
                            index, p, start, obj->nVertices);
        }
    }
  for (int i = 0; i < obj->nVertices; i++)
    if (!isfinite (obj->padfX[i]) || !isfinite (obj->padfY[i]))
      return invalid (error, file, "record %u: vertex %d is not a finite number", index, i);
  return TRUE;
}

static void
append_object (CorridorLayer *self, guint feature, const SHPObject *obj)
{
  guint first = self->vertices->len / 2;
  guint base = first;
  double *v;

  if (obj->nSHPType == SHPT_NULL || obj->nVertices == 0)
    return;

  g_array_set_size (self->vertices, self->vertices->len + 2 * (guint) obj->nVertices);
  v = &g_array_index (self->vertices, double, 2 * (gsize) first);
  for (int i = 0; i < obj->nVertices; i++)
    {
      v[2 * i] = obj->padfX[i];
      v[2 * i + 1] = obj->padfY[i];
    }

  if (!is_multipart ((guint32) obj->nSHPType))
    {
      CorridorPart part = { first, (guint) obj->nVertices, feature, { 0 } };

      g_array_append_val (self->parts, part);
      return;
    }
  for (int p = 0; p < obj->nParts; p++)
    {
      int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;
      CorridorPart part = { base + (guint) obj->panPartStart[p],
                            (guint) (end - obj->panPartStart[p]), feature, { 0 } };

      g_array_append_val (self->parts, part);
    }
}

static void
compute_bboxes (CorridorLayer *self)
{
  const double *v = (const double *) (void *) self->vertices->data;
  gboolean any = FALSE;

  self->bbox = (CorridorBBox) { 0, 0, 0, 0 };
  for (guint p = 0; p < self->parts->len; p++)
    {
      CorridorPart *part = &g_array_index (self->parts, CorridorPart, p);
      CorridorBBox b = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

      for (guint i = part->first; i < part->first + part->count; i++)
        {
          b.min_x = MIN (b.min_x, v[2 * i]);
          b.max_x = MAX (b.max_x, v[2 * i]);
          b.min_y = MIN (b.min_y, v[2 * i + 1]);
          b.max_y = MAX (b.max_y, v[2 * i + 1]);
        }
      part->bbox = b;
      if (!any)
        self->bbox = b;
      else
        {
          self->bbox.min_x = MIN (self->bbox.min_x, b.min_x);
          self->bbox.min_y = MIN (self->bbox.min_y, b.min_y);
          self->bbox.max_x = MAX (self->bbox.max_x, b.max_x);
          self->bbox.max_y = MAX (self->bbox.max_y, b.max_y);
        }
      any = TRUE;
    }
}

static gboolean
load_geometry (CorridorLayer *self, const char *shp_path, const char *shx_path,
               GError **error)
{
  g_autoptr(GMappedFile) shp_map = NULL;
  g_autoptr(GMappedFile) shx_map = NULL;
  const guint8 *shp, *shx;
  gsize shp_size, shx_size;
  guint32 shp_type, shx_type;
  guint64 n_records, n_vertices = 0;
  SAHooks hooks;
  SHPHandle handle;

  shp_map = map_file (shp_path, error);
  if (shp_map == NULL)
    return FALSE;
  shx_map = map_file (shx_path, error);
  if (shx_map == NULL)
    return FALSE;
  shp = (const guint8 *) g_mapped_file_get_contents (shp_map);
  shp_size = g_mapped_file_get_length (shp_map);
  shx = (const guint8 *) g_mapped_file_get_contents (shx_map);
  shx_size = g_mapped_file_get_length (shx_map);

  if (!check_main_header (shp_path, shp, shp_size, &shp_type, error)
      || !check_main_header (shx_path, shx, shx_size, &shx_type, error))
    return FALSE;
  if (shp_type != shx_type)
    return invalid (error, shx_path, "shape type %" G_GUINT32_FORMAT " differs from the "
                    ".shp's %" G_GUINT32_FORMAT, shx_type, shp_type);
  if ((shx_size - SHP_HEADER_SIZE) % SHX_RECORD_SIZE != 0)
    return invalid (error, shx_path, "index size %" G_GSIZE_FORMAT " is not a whole number "
                    "of records", shx_size);
  n_records = (shx_size - SHP_HEADER_SIZE) / SHX_RECORD_SIZE;
  if (n_records > G_MAXINT)
    return invalid (error, shx_path, "too many records");

  for (guint i = 0; i < n_records; i++)
    {
      const guint8 *entry = shx + SHP_HEADER_SIZE + (gsize) i * SHX_RECORD_SIZE;
      guint64 offset = (guint64) read_be32 (entry) * 2;
      guint64 length = (guint64) read_be32 (entry + 4) * 2;

      if (!check_record (shp_path, shp, shp_size, i, offset, length, shp_type, error))
        return FALSE;
      if (is_single_point (shp_type))
        n_vertices += 1;
      else if (read_le32 (shp + offset + 8) != SHPT_NULL)
        n_vertices += read_le32 (shp + offset + 8 + (is_multipart (shp_type) ? 40 : 36));
    }
  if (n_vertices > G_MAXUINT / 2)
    return invalid (error, shp_path, "too many vertices (%" G_GUINT64_FORMAT ")", n_vertices);

  self->kind = shape_type_kind (shp_type);
  self->n_features = (guint) n_records;
  /* One allocation for all vertices: the loop below never grows the array. */
  g_array_set_size (self->vertices, 2 * (guint) n_vertices);
  g_array_set_size (self->vertices, 0);

  corridor_layer_setup_hooks (&hooks);
  handle = SHPOpenLL (shp_path, "rb", &hooks);
  if (handle == NULL)
    return invalid (error, shp_path, "%s", corridor_layer_take_shapelib_error ());
  {
    int entities = 0, type = 0;

    SHPGetInfo (handle, &entities, &type, NULL, NULL);
    if ((guint64) entities != n_records || (guint32) type != shp_type)
      {
        SHPClose (handle);
        return invalid (error, shp_path, "shapelib disagrees with the index (%d records)",
                        entities);
      }
  }

  for (guint i = 0; i < n_records; i++)
    {
      SHPObject *obj = SHPReadObject (handle, (int) i);

      if (obj == NULL)
        {
          SHPClose (handle);
          return invalid (error, shp_path, "record %u: %s", i,
                          corridor_layer_take_shapelib_error ());
        }
      if (!check_object (shp_path, i, obj, shp_type, error))
        {
          SHPDestroyObject (obj);
          SHPClose (handle);
          return FALSE;
        }
      append_object (self, i, obj);
      SHPDestroyObject (obj);
    }
  SHPClose (handle);
  return TRUE;
}

/* ---- public API ----------------------------------------------------------- */

CorridorLayer *
corridor_layer_load (const char *path, GError **error)
{
  g_autoptr(CorridorLayer) self = NULL;
  g_autofree char *base_path = NULL;
  g_autofree char *shp_path = NULL;
  g_autofree char *shx_path = NULL;
  g_autofree char *dbf_path = NULL;
  g_autofree char *prj_path = NULL;
  g_autofree char *basename = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_path_get_basename (path);
  dot = strrchr (basename, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".shp") == 0)
    base_path = g_strndup (path, strlen (path) - 4);
  else
    base_path = g_strdup (path);

  shp_path = sibling_file (base_path, "shp");
  if (shp_path == NULL)
    {
      invalid (error, path, "%s", g_strerror (ENOENT));
      return NULL;
    }
  shx_path = sibling_file (base_path, "shx");
  if (shx_path == NULL)
    {
      g_autofree char *expected = g_strconcat (base_path, ".shx", NULL);

      invalid (error, expected, "%s (the index the .shp needs)", g_strerror (ENOENT));
      return NULL;
    }

  self = g_object_new (CORRIDOR_TYPE_LAYER, NULL);
  self->path = g_strdup (shp_path);
  {
    g_autofree char *shp_base = g_path_get_basename (base_path);

    self->name = g_steal_pointer (&shp_base);
  }

  if (!load_geometry (self, shp_path, shx_path, error))
    return NULL;

  dbf_path = sibling_file (base_path, "dbf");
  if (dbf_path != NULL && !load_attributes (self, dbf_path, error))
    return NULL;

  prj_path = sibling_file (base_path, "prj");
  if (prj_path != NULL && !reproject (self, prj_path, error))
    return NULL;

  compute_bboxes (self);
  return g_steal_pointer (&self);
}

const char *
corridor_layer_get_path (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), NULL);
  return self->path;
}

const char *
corridor_layer_get_name (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), NULL);
  return self->name;
}

CorridorLayerKind
corridor_layer_get_kind (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), CORRIDOR_LAYER_POINTS);
  return self->kind;
}

guint
corridor_layer_get_n_features (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), 0);
  return self->n_features;
}

guint
corridor_layer_get_n_parts (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), 0);
  return self->parts->len;
}

const CorridorPart *
corridor_layer_get_parts (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), NULL);
  return (const CorridorPart *) (void *) self->parts->data;
}

guint
corridor_layer_get_n_vertices (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), 0);
  return self->vertices->len / 2;
}

const double *
corridor_layer_get_vertices (CorridorLayer *self)
{
  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), NULL);
  return (const double *) (void *) self->vertices->data;
}

CorridorBBox
corridor_layer_get_bbox (CorridorLayer *self)
{
  CorridorBBox empty = { 0, 0, 0, 0 };

  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), empty);
  return self->bbox;
}

const char *
corridor_layer_get_attribute (CorridorLayer *self, guint feature, const char *field)
{
  g_autofree char *key = NULL;
  guint column;

  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (self->fields == NULL || feature >= self->n_features)
    return NULL;
  key = g_ascii_strdown (field, -1);
  column = GPOINTER_TO_UINT (g_hash_table_lookup (self->fields, key));
  if (column == 0)
    return NULL;
  return self->values[(gsize) feature * self->n_fields + column - 1];
}

/* Even-odd per feature: a point is in a feature when an odd number of that
 * feature's rings surround it, so holes (lakes) and enclaves (Lesotho in
 * South Africa, each its own feature) both come out right. */
gboolean
corridor_layer_contains (CorridorLayer *self, double lon, double lat)
{
  const double *v;
  const CorridorPart *parts;
  guint n_parts;

  g_return_val_if_fail (CORRIDOR_IS_LAYER (self), FALSE);

  if (self->kind != CORRIDOR_LAYER_POLYGONS
      || lon < self->bbox.min_x || lon > self->bbox.max_x
      || lat < self->bbox.min_y || lat > self->bbox.max_y)
    return FALSE;

  v = (const double *) (void *) self->vertices->data;
  parts = (const CorridorPart *) (void *) self->parts->data;
  n_parts = self->parts->len;
  for (guint p = 0; p < n_parts;)
    {
      guint feature = parts[p].feature;
      gboolean inside = FALSE;

      for (; p < n_parts && parts[p].feature == feature; p++)
        {
          const CorridorPart *part = &parts[p];

          if (lon < part->bbox.min_x || lon > part->bbox.max_x
              || lat < part->bbox.min_y || lat > part->bbox.max_y)
            continue;
          for (guint i = 0, j = part->count - 1; i < part->count; j = i++)
            {
              double xi = v[2 * (part->first + i)], yi = v[2 * (part->first + i) + 1];
              double xj = v[2 * (part->first + j)], yj = v[2 * (part->first + j) + 1];

              if ((yi > lat) != (yj > lat)
                  && lon < xi + (lat - yi) * (xj - xi) / (yj - yi))
                inside = !inside;
            }
        }
      if (inside)
        return TRUE;
    }
  return FALSE;
}
