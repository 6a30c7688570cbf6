/* fuzz-shapefile.c: the shapefile and basemap loading path. The input packs
 * a .shp/.shx/.dbf triple (see pack-shapefile.py): two little-endian 32-bit
 * lengths, then the .shp and .shx bytes, and whatever follows is the .dbf
 * (none when nothing follows). It is written as land-110m.* beside a
 * countries-110m.* that links to the same files, so the basemap loader reads
 * it too. Debian's libshp is not instrumented: the layer's own header and
 * record checks are what keeps it safe, and this proves them. Besides the
 * sanitizers it checks corridor-layer.h's promises on parts and boxes. */
#include "fuzz-common.h"
#include "corridor-basemap.h"
#include "corridor-error.h"
#include "corridor-layer.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

static const char *const exts[] = { "shp", "shx", "dbf" };
static char *land_paths[3];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_setup ();
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *land = g_strdup_printf ("land-110m.%s", exts[i]);
      g_autofree char *countries = g_strdup_printf ("countries-110m.%s", exts[i]);
      g_autofree char *link = fuzz_path (countries);

      land_paths[i] = fuzz_path (land);
      if (symlink (land, link) != 0)
        fuzz_fail ("cannot link %s: %s", link, g_strerror (errno));
    }
  return 0;
}

static gboolean
box_holds (const CorridorBBox *outer, const CorridorBBox *inner)
{
  return outer->min_x <= inner->min_x && outer->min_y <= inner->min_y &&
         outer->max_x >= inner->max_x && outer->max_y >= inner->max_y;
}

static void
check_layer (CorridorLayer *layer)
{
  guint n_parts = corridor_layer_get_n_parts (layer);
  guint n_vertices = corridor_layer_get_n_vertices (layer);
  guint n_features = corridor_layer_get_n_features (layer);
  const CorridorPart *parts = corridor_layer_get_parts (layer);
  const double *v = corridor_layer_get_vertices (layer);
  CorridorBBox all = corridor_layer_get_bbox (layer);

  for (guint p = 0; p < n_parts; p++)
    {
      const CorridorPart *part = &parts[p];

      if (part->count == 0 || part->first > n_vertices || part->count > n_vertices - part->first)
        fuzz_fail ("part %u covers vertices %u+%u of %u", p, part->first, part->count,
                   n_vertices);
      if (part->feature >= n_features || (p > 0 && part->feature < parts[p - 1].feature))
        fuzz_fail ("part %u belongs to feature %u of %u (out of order?)", p, part->feature,
                   n_features);
      if (!box_holds (&all, &part->bbox))
        fuzz_fail ("part %u's box is outside the layer's", p);
      for (guint i = part->first; i < part->first + part->count; i++)
        {
          double x = v[2 * i], y = v[2 * i + 1];

          if (!isfinite (x) || !isfinite (y) || x < part->bbox.min_x || x > part->bbox.max_x ||
              y < part->bbox.min_y || y > part->bbox.max_y)
            fuzz_fail ("vertex %u of part %u lies outside its box", i, p);
        }
    }
  for (guint f = 0; f < n_features; f++)
    {
      const char *name = corridor_layer_get_attribute (layer, f, "NAME");

      if (name != NULL && !g_utf8_validate (name, -1, NULL))
        fuzz_fail ("feature %u: attribute is not UTF-8", f);
    }
  corridor_layer_contains (layer, (all.min_x + all.max_x) / 2, (all.min_y + all.max_y) / 2);
  corridor_layer_contains (layer, 4.4, 51.2);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CorridorLayer) layer = NULL;
  g_autoptr(CorridorBasemap) basemap = NULL;
  size_t len[3], off = 8;

  if (size < 8)
    return 0;
  for (guint i = 0; i < 2; i++)
    {
      guint32 n = (guint32) data[4 * i] | (guint32) data[4 * i + 1] << 8 |
                  (guint32) data[4 * i + 2] << 16 | (guint32) data[4 * i + 3] << 24;

      len[i] = MIN ((size_t) n, size - off);
      off += len[i];
    }
  len[2] = size - off;

  off = 8;
  for (guint i = 0; i < 3; i++)
    {
      if (i == 2 && len[2] == 0)
        fuzz_remove (land_paths[2]);
      else
        fuzz_write_file (land_paths[i], data + off, len[i]);
      off += len[i];
    }

  layer = corridor_layer_load (land_paths[0], &error);
  if (layer == NULL)
    {
      if (error == NULL || error->domain != CORRIDOR_ERROR)
        fuzz_fail ("a layer failed without a Corridor error");
      return 0;
    }
  check_layer (layer);

  /* The basemap takes exactly the polygon layers. */
  g_clear_error (&error);
  basemap = corridor_basemap_load (fuzz_dir (), &error);
  if ((basemap != NULL) != (corridor_layer_get_kind (layer) == CORRIDOR_LAYER_POLYGONS))
    fuzz_fail ("the basemap %s a %s layer: %s", basemap != NULL ? "took" : "refused",
               corridor_layer_get_kind (layer) == CORRIDOR_LAYER_POLYGONS ? "polygon"
                                                                           : "non-polygon",
               error != NULL ? error->message : "");
  return 0;
}
